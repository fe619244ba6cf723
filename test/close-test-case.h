/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Shared by the tcp-teardown test suites: the link arithmetic the expected
 * values are worked out with, and a TestCase that runs a scenario and
 * compares state sequences and dwell times.
 */
#ifndef TCP_TEARDOWN_CLOSE_TEST_CASE_H
#define TCP_TEARDOWN_CLOSE_TEST_CASE_H

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-teardown-compat.h"
#include "ns3/teardown-scenario.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <cstdlib>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace ns3
{
namespace teardowntest
{

// The test link: 10 Mb/s, 10 ms one way. Every number below is derived from
// these, the segment sizes on the wire and the RFC rules, not from the model.
const double RATE_BPS = 10e6; //!< link rate
const double DELAY = 0.010;   //!< one-way delay (s)
const double RTO = 0.2;       //!< MinRto; the RTT (~20 ms) keeps the computed RTO below it
const double MSL = 1.0;       //!< TIME_WAIT = 2 s
const double START = 1.0;     //!< A connects

/** \return transmission time of a packet of \p bytes on the wire (PPP+IP+TCP+payload) */
/**
 * \brief The TCP configuration a case runs under, and what the expected
 * values take from it.
 */
struct StackProfile
{
    const char* name;     //!< "tuned" or "defaults"
    double rto;           //!< MinRto (s): the computed RTO (~60 ms on this link) is below it
    uint32_t delAckCount; //!< DelAckCount: ACK every this many in-order segments at once
    double delAckTimeout; //!< DelAckTimeout (s): else ACK this long after the first unACKed one
    bool ipv6{false};     //!< the link runs IPv6 (40-byte IP header instead of 20)
};

/** Every segment acknowledged at once, MinRto 200 ms: short, exact timelines. */
const StackProfile TUNED{"tuned", 0.2, 1, 0.2};
/**
 * ns-3's defaults, which the sweeps run unless told otherwise: delayed ACK
 * (every second segment, else after 200 ms), MinRto 1 s (SACK on in both).
 */
const StackProfile DEFAULTS{"defaults", 1.0, 2, 0.2};
/** TUNED over IPv6. */
const StackProfile TUNED_IPV6{"tuned, IPv6", 0.2, 1, 0.2, true};
/** DEFAULTS over IPv6. */
const StackProfile DEFAULTS_IPV6{"defaults, IPv6", 1.0, 2, 0.2, true};

/**
 * IP header bytes of the case that runs now: 20 (IPv4) or 40 (IPv6, no
 * extension header). CloseTestCase sets it from its profile before the case
 * computes any expected time.
 */
inline uint32_t g_ipHeaderBytes = 20;

inline double
Tx(uint32_t bytes)
{
    return bytes * 8.0 / RATE_BPS;
}

// Wire sizes: PPP 2 + IP (IPv4 20, IPv6 40) + TCP 20 + options. Segments
// after the handshake carry the timestamp option (10 bytes, padded to 12):
// 54 bytes over IPv4 without payload. SYN and SYN+ACK add window scale and
// SACK-permitted: 58. A RST from a stack with no endpoint carries no option:
// 42.

/** \return wire size of a SYN or SYN+ACK */
inline uint32_t
SynBytes()
{
    return 2 + g_ipHeaderBytes + 20 + 16;
}

/** \return wire size of any segment after the handshake, without payload */
inline uint32_t
HeaderBytes()
{
    return 2 + g_ipHeaderBytes + 20 + 12;
}

/** \return wire size of a RST sent by TcpL4Protocol for no endpoint */
inline uint32_t
RstBytes()
{
    return 2 + g_ipHeaderBytes + 20;
}

/** \return wire size of a segment carrying \p payload bytes */
inline uint32_t
Wire(uint32_t payload)
{
    return HeaderBytes() + payload;
}

/** A's connection is established (SYN+ACK received) and A closes: the close call. */
inline double
HandshakeDone()
{
    return START + 2 * (DELAY + Tx(SynBytes()));
}

/** \return transmission time of a segment without payload (ACK, bare FIN) */
inline double
AckTx()
{
    return Tx(HeaderBytes());
}

/** \return transmission time of A's 100-byte request (with or without FIN) */
inline double
RequestTx()
{
    return Tx(Wire(100));
}

/** One visit to a state: the state and how long it lasted (< 0: not checked). */
struct Visit
{
    TcpSocket::TcpStates_t state; //!< state entered
    double dwell;                 //!< seconds in it (< 0: do not check)
};

/**
 * \brief A's visits when it connects at START and the handshake completes at
 * HandshakeDone(), calls close at \p closeCall, leaves FIN_WAIT_1 at \p fw1End,
 * spends \p fw2 in FIN_WAIT_2 and \p timeWait in TIME_WAIT (< 0: no TIME_WAIT).
 */
inline std::vector<Visit>
ActiveCloserVisits(double closeCall, double fw1End, double fw2, double timeWait)
{
    double t0 = HandshakeDone();
    std::vector<Visit> visits = {{TcpSocket::SYN_SENT, t0 - START},
                                 {TcpSocket::ESTABLISHED, closeCall - t0},
                                 {TcpSocket::FIN_WAIT_1, fw1End - closeCall},
                                 {TcpSocket::FIN_WAIT_2, fw2}};
    if (timeWait >= 0.0)
    {
        visits.push_back({TcpSocket::TIME_WAIT, timeWait});
    }
    visits.push_back({TcpSocket::CLOSED, -1});
    return visits;
}

/**
 * \brief A's node sends B's port 9 an ACK of no connection
 * (source port 50000, SEQ 777, ACK \p ack).
 */
template <typename IpAddress>
void
SendStrayAck(Ptr<Node> from, IpAddress source, IpAddress destination, uint32_t ack)
{
    TcpHeader h;
    h.SetFlags(TcpHeader::ACK);
    h.SetSequenceNumber(SequenceNumber32(777));
    h.SetAckNumber(SequenceNumber32(ack));
    h.SetSourcePort(50000);
    h.SetDestinationPort(9);
    from->GetObject<TcpL4Protocol>()->SendPacket(Create<Packet>(), h, source, destination);
}

/** Schedule SendStrayAck from A to B. */
inline void
InjectStrayAck(const ScenarioParts& parts, Time at, uint32_t ack)
{
    Ptr<Node> a = parts.nodes.Get(0);
    if (parts.interfaces6.GetN() > 0)
    {
        Ipv6Address source = parts.interfaces6.GetAddress(0, 1);
        Ipv6Address destination = parts.interfaces6.GetAddress(1, 1);
        CompatSchedule(at, [=]() { SendStrayAck(a, source, destination, ack); });
        return;
    }
    Ipv4Address source = parts.interfaces.GetAddress(0);
    Ipv4Address destination = parts.interfaces.GetAddress(1);
    CompatSchedule(at, [=]() { SendStrayAck(a, source, destination, ack); });
}

/**
 * \brief B's node sends A's socket a segment with \p flags (no options):
 * SEQ \p seq, ACK \p ack, from B's port 9 to A's port.
 */
template <typename IpAddress>
void
SendToA(Ptr<Node> from,
        IpAddress source,
        IpAddress destination,
        Ptr<Socket> socketA,
        uint8_t flags,
        uint32_t seq,
        uint32_t ack)
{
    Address local;
    socketA->GetSockName(local);
    TcpHeader h;
    h.SetFlags(flags);
    h.SetSequenceNumber(SequenceNumber32(seq));
    h.SetAckNumber(SequenceNumber32(ack));
    h.SetSourcePort(9);
    h.SetDestinationPort(InetSocketAddress::IsMatchingType(local)
                             ? InetSocketAddress::ConvertFrom(local).GetPort()
                             : Inet6SocketAddress::ConvertFrom(local).GetPort());
    h.SetWindowSize(32768);
    from->GetObject<TcpL4Protocol>()->SendPacket(Create<Packet>(), h, source, destination);
}

/** Schedule SendToA from B's node at \p at. */
inline void
InjectToA(const ScenarioParts& parts, Time at, uint8_t flags, uint32_t seq, uint32_t ack = 0)
{
    Ptr<Node> b = parts.nodes.Get(1);
    Ptr<Socket> socketA = parts.socketA;
    if (parts.interfaces6.GetN() > 0)
    {
        Ipv6Address source = parts.interfaces6.GetAddress(1, 1);
        Ipv6Address destination = parts.interfaces6.GetAddress(0, 1);
        CompatSchedule(at, [=]() { SendToA(b, source, destination, socketA, flags, seq, ack); });
        return;
    }
    Ipv4Address source = parts.interfaces.GetAddress(1);
    Ipv4Address destination = parts.interfaces.GetAddress(0);
    CompatSchedule(at, [=]() { SendToA(b, source, destination, socketA, flags, seq, ack); });
}

/**
 * \brief A TestCase that runs one scenario and checks it; its helpers are
 * public so that table-driven cases can call them from a lambda.
 */
class CloseTestCase : public TestCase
{
  public:
    /** \param name the case name */
    explicit CloseTestCase(const std::string& name)
        : TestCase(name)
    {
    }

    /** \return parameters of the test link, 1000 pending bytes (536 + 464), drop rules \p drop */
    static TeardownParams BaseParams(const std::string& variant, const std::string& drop = "")
    {
        TeardownParams p;
        p.variant = variant;
        p.drop = drop;
        p.mslS = MSL;
        p.delayS = DELAY;
        p.rate = "10Mbps";
        p.responseBytes = 1000;
        p.requestBytes = 100;
        p.startS = START;
        return p;
    }

    /** Set the ns-3 defaults the expected values assume (\p profile; TUNED by default). */
    static void ConfigureStack(const StackProfile& profile = TUNED)
    {
        Config::SetDefault("ns3::TcpSocketBase::MinRto", TimeValue(Seconds(profile.rto)));
        Config::SetDefault("ns3::TcpSocket::DelAckCount", UintegerValue(profile.delAckCount));
        Config::SetDefault("ns3::TcpSocket::DelAckTimeout",
                           TimeValue(Seconds(profile.delAckTimeout)));
        Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(536));
        Config::SetDefault("ns3::TcpSocketBase::Sack", BooleanValue(true));
    }

    /** \param profile the configuration RunScenario applies from now on */
    void SetProfile(const StackProfile& profile)
    {
        m_profile = profile;
        g_ipHeaderBytes = profile.ipv6 ? 40 : 20;
    }

    /** \return the configuration this case runs under */
    const StackProfile& Profile() const
    {
        return m_profile;
    }

    /** \return the retransmission timeout before any backoff */
    double Rto() const
    {
        return m_profile.rto;
    }

    /** \return true when in-order data is acknowledged at once (DelAckCount 1) */
    bool AcksAtOnce() const
    {
        return m_profile.delAckCount == 1;
    }

    /** Run a scenario with transitions and segments kept. */
    RunOutput RunScenario(const TeardownParams& p,
                          std::function<void(const ScenarioParts&)> built = nullptr)
    {
        ConfigureStack(m_profile);
        TeardownParams run = p;
        run.ipv6 = m_profile.ipv6 ? "yes" : "no";
        TeardownScenario scenario(run);
        scenario.SetKeepTransitions(true);
        scenario.SetKeepSegments(true);
        if (built)
        {
            scenario.SetBuiltCallback(built);
        }
        return scenario.Run();
    }

    /** \return the sequence of visits of an endpoint, read off the transition log */
    static std::vector<Visit> Visits(const RunOutput& out, char endpoint)
    {
        std::vector<Visit> visits;
        std::vector<StateTransition> mine;
        for (const auto& t : out.transitions)
        {
            if (t.endpoint == endpoint)
            {
                mine.push_back(t);
            }
        }
        for (size_t i = 0; i < mine.size(); ++i)
        {
            double dwell =
                i + 1 < mine.size() ? (mine[i + 1].time - mine[i].time).GetSeconds() : -1.0;
            visits.push_back({mine[i].to, dwell});
        }
        return visits;
    }

    /** \return "A: FIN_WAIT_1 0.0202, ..." for messages */
    static std::string Describe(const std::vector<Visit>& visits)
    {
        std::ostringstream out;
        for (const auto& v : visits)
        {
            out << TcpSocket::TcpStateName[v.state] << "(" << v.dwell << ") ";
        }
        return out.str();
    }

    /**
     * \brief Compare an endpoint's states and dwell times (tolerance 1 us).
     * \param out the run
     * \param endpoint 'A' or 'B'
     * \param expected the visits, in order
     */
    void CheckVisits(const RunOutput& out, char endpoint, const std::vector<Visit>& expected)
    {
        std::vector<Visit> actual = Visits(out, endpoint);
        NS_TEST_ASSERT_MSG_EQ(actual.size(),
                              expected.size(),
                              endpoint << " visited " << Describe(actual) << "; expected "
                                       << Describe(expected));
        for (size_t i = 0; i < std::min(actual.size(), expected.size()); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(TcpSocket::TcpStateName[actual[i].state],
                                  TcpSocket::TcpStateName[expected[i].state],
                                  endpoint << " state #" << i << " in " << Describe(actual));
            if (expected[i].dwell >= 0.0)
            {
                NS_TEST_ASSERT_MSG_EQ_TOL(actual[i].dwell,
                                          expected[i].dwell,
                                          1e-6,
                                          endpoint << " dwell in "
                                                   << TcpSocket::TcpStateName[expected[i].state]
                                                   << " (visit #" << i << ")");
            }
        }
    }

    /** Assert two counts are equal. */
    void ExpectEq(uint64_t actual, uint64_t expected, const std::string& what)
    {
        NS_TEST_ASSERT_MSG_EQ(actual, expected, what);
    }

    /** Assert two times are equal within 1 us. */
    void ExpectNear(double actual, double expected, const std::string& what)
    {
        NS_TEST_ASSERT_MSG_EQ_TOL(actual, expected, 1e-6, what);
    }

    /** Assert a condition. */
    void Expect(bool condition, const std::string& what)
    {
        NS_TEST_ASSERT_MSG_EQ(condition, true, what);
    }

    /** Check outcomes and bytes (lost: sent by B, never delivered). */
    void CheckEnd(const RunOutput& out,
                  CloseOutcome a,
                  CloseOutcome b,
                  uint64_t delivered,
                  uint64_t discarded = 0,
                  uint64_t lost = 0)
    {
        const RunResult& r = out.result;
        NS_TEST_ASSERT_MSG_EQ(CloseOutcomeName(r.a.outcome), CloseOutcomeName(a), "A's outcome");
        NS_TEST_ASSERT_MSG_EQ(CloseOutcomeName(r.b.outcome), CloseOutcomeName(b), "B's outcome");
        NS_TEST_ASSERT_MSG_EQ(r.deliveredBytes, delivered, "bytes delivered to A after its close");
        NS_TEST_ASSERT_MSG_EQ(r.discardedBytes, discarded, "bytes B never sent");
        NS_TEST_ASSERT_MSG_EQ(r.lostBytes, lost, "bytes B sent that never reached A's application");
    }

  protected:
    /** The wire sizes of the expected values follow this case's profile. */
    void DoSetup() override
    {
        SetProfile(m_profile);
    }

  private:
    StackProfile m_profile{TUNED}; //!< the configuration RunScenario applies
};

/**
 * \brief A case of a table: a name and a body that runs and checks.
 */
class TableCase : public CloseTestCase
{
  public:
    /** The body of a case. */
    using Body = std::function<void(TableCase&)>;

    /**
     * \param name case name
     * \param body what it runs and checks
     */
    TableCase(const std::string& name, Body body)
        : CloseTestCase(name),
          m_body(body)
    {
    }

  private:
    void DoRun() override
    {
        m_body(*this);
        Simulator::Destroy();
    }

    Body m_body; //!< the case
};

/**
 * \brief Long after both ends closed, A's node sends an ACK to B's port;
 * check B's listener answers with <SEQ=SEG.ACK><CTL=RST> (or not at all).
 */
inline void
CheckListenerAnswer(TableCase& tc, const std::string& variant, bool expectReset)
{
    TeardownParams p = CloseTestCase::BaseParams(variant);
    p.stopS = 20.0;
    constexpr uint32_t strayAck = 4242;
    RunOutput out = tc.RunScenario(p, [](const ScenarioParts& parts) {
        InjectStrayAck(parts, Seconds(10), strayAck);
    });
    uint32_t resets = 0;
    for (const auto& s : out.segments)
    {
        if (s.time > Seconds(10) && s.direction == LinkDirection::B_TO_A)
        {
            tc.Expect((s.flags & TcpHeader::RST) && s.seq == strayAck,
                      "the only answer is <SEQ=SEG.ACK><CTL=RST>");
            ++resets;
        }
    }
    tc.ExpectEq(resets, expectReset ? 1 : 0, "RSTs from B's listener");
}

/**
 * \brief A suite of TableCases, each run with ns-3's attribute defaults reset
 * before and after it.
 */
class TableSuite : public TestSuite
{
  public:
    /** \param name suite name */
    explicit TableSuite(const std::string& name)
        : TestSuite(name, TCP_TEARDOWN_TEST_UNIT)
    {
    }

  protected:
    /**
     * Add a case. \param name its name \param body what it runs and checks
     *
     * With TCP_TEARDOWN_CASE set in the environment only the cases whose
     * name contains it are added (ns-3 stops a suite at its first failing
     * case; this runs the one of interest, e.g. for a mutation check).
     */
    void Add(const std::string& name, TableCase::Body body)
    {
        const char* only = std::getenv("TCP_TEARDOWN_CASE");
        if (only != nullptr && name.find(only) == std::string::npos)
        {
            return;
        }
        AddTestCase(new TableCase(name,
                                  [body](TableCase& tc) {
                                      Config::Reset();
                                      body(tc);
                                      Config::Reset();
                                  }),
                    TCP_TEARDOWN_TEST_QUICK);
    }
};

} // namespace teardowntest
} // namespace ns3

#endif /* TCP_TEARDOWN_CLOSE_TEST_CASE_H */
