/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Initial sequence numbers (TcpTeardownSocket's Isn, --isn). Expected values
 * come from outside the code under test: SipHash-2-4's published vector,
 * ns-3.37's ISN 0 (TcpSocketState's m_nextTxSequence{0}), RFC 6528's
 * arithmetic (the 4-microsecond clock computed here from the times the test
 * chooses), and the segments of the same run with ns-3's ISN.
 */

#include "close-test-case.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/sip-hash.h"
#include "ns3/tcp-teardown-socket.h"

#include <set>

using namespace ns3;
using namespace ns3::teardowntest;

namespace
{
const uint64_t TWO_TO_32 = 4294967296ULL;

/** RFC 6528's M for a time given in nanoseconds, computed here. */
uint32_t
FourMicrosecondClock(int64_t ns)
{
    return static_cast<uint32_t>((ns / 4000) % static_cast<int64_t>(TWO_TO_32));
}

/** The first segment of a direction with exactly \p flags (SYN, SYN|ACK). */
const SegmentRecord*
First(const RunOutput& out, LinkDirection direction, uint8_t flags)
{
    for (const auto& s : out.segments)
    {
        if (s.direction == direction && (s.flags & ~TcpHeader::ECE & ~TcpHeader::CWR) == flags)
        {
            return &s;
        }
    }
    return nullptr;
}

/** A's SYN and B's SYN+ACK sequence numbers of a run. */
std::pair<uint32_t, uint32_t>
HandshakeIsns(TableCase& tc, const RunOutput& out)
{
    const SegmentRecord* syn = First(out, LinkDirection::A_TO_B, TcpHeader::SYN);
    const SegmentRecord* synAck =
        First(out, LinkDirection::B_TO_A, TcpHeader::SYN | TcpHeader::ACK);
    tc.Expect(syn && synAck, "the run has A's SYN and B's SYN+ACK");
    if (!syn || !synAck)
    {
        return {0, 0};
    }
    return {syn->seq, synAck->seq};
}

TeardownParams
IsnParams(const std::string& variant, const std::string& isn)
{
    TeardownParams p = CloseTestCase::BaseParams(variant);
    p.isn = isn;
    return p;
}

/** One active open from A: when, and from which local port. */
struct Opening
{
    double at;          //!< Connect time (s)
    uint16_t localPort; //!< A's port (fixed, so that a later incarnation has the same 4-tuple)
};

/**
 * One simulation, A and B on a point-to-point link, no listener on B (its
 * stack answers each SYN with RST): one TcpTeardownSocket per opening
 * connects from A to B:9 and closes 0.5 s later, which frees A's port
 * (openings must be more than 0.5 s apart).
 * \return the sequence number of each opening's first SYN
 */
std::vector<uint32_t>
SynIsns(const std::string& isn, uint64_t rngRun, const std::vector<Opening>& openings)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(rngRun);
    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    link.SetChannelAttribute("Delay", StringValue("10ms"));
    NetDeviceContainer devices = link.Install(nodes);
    InternetStackHelper internet;
    internet.Install(nodes);
    Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer interfaces = addresses.Assign(devices);
    InetSocketAddress server(interfaces.GetAddress(1), 9);

    auto seqs = std::make_shared<std::vector<int64_t>>(openings.size(), -1);
    std::vector<Ptr<TcpTeardownSocket>> sockets;
    Ptr<TcpL4Protocol> tcp = nodes.Get(0)->GetObject<TcpL4Protocol>();
    for (size_t i = 0; i < openings.size(); ++i)
    {
        Ptr<TcpTeardownSocket> s = CreateObject<TcpTeardownSocket>();
        s->SetNode(nodes.Get(0));
        s->SetTcp(tcp);
        s->SetRtt(CreateObject<RttMeanDeviation>());
        s->SetCongestionControlAlgorithm(CreateObject<TcpNewReno>());
        s->SetRecoveryAlgorithm(CreateObject<TcpClassicRecovery>());
        s->SetAttribute("Isn", StringValue(isn));
        tcp->AddSocket(s);
        s->TraceConnectWithoutContext(
            "Tx",
            CompatCallback<Ptr<const Packet>, const TcpHeader&, Ptr<const TcpSocketBase>>(
                [seqs, i](Ptr<const Packet>, const TcpHeader& h, Ptr<const TcpSocketBase>) {
                    if ((h.GetFlags() & TcpHeader::SYN) && (*seqs)[i] < 0)
                    {
                        (*seqs)[i] = h.GetSequenceNumber().GetValue();
                    }
                }));
        uint16_t port = openings[i].localPort;
        CompatSchedule(Seconds(openings[i].at), [s, port, server]() {
            s->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
            s->Connect(server);
        });
        // ns-3.37 ignores a RST|ACK in SYN_SENT ("Ignore ACK in SYN_SENT"):
        // close the attempt so that the port is free for the next one
        CompatSchedule(Seconds(openings[i].at + 0.5), [s]() { s->Close(); });
        sockets.push_back(s);
    }
    Simulator::Stop(Seconds(openings.back().at + 1.0));
    Simulator::Run();
    Simulator::Destroy();
    std::vector<uint32_t> out;
    for (int64_t seq : *seqs)
    {
        out.push_back(seq < 0 ? 0 : static_cast<uint32_t>(seq));
    }
    return out;
}

/** SipHash-2-4 against the paper's vectors (key 00 .. 0f). */
void
SipHashVectors(TableCase& tc)
{
    std::array<uint8_t, 16> key;
    uint8_t message[15];
    for (uint8_t i = 0; i < 16; ++i)
    {
        key[i] = i;
        if (i < 15)
        {
            message[i] = i;
        }
    }
    // Appendix A of the paper: message 00 .. 0e -> a129ca6149be45e5 (the
    // 64-bit word; vectors.h, entry 15, lists its bytes e5 45 be 49 61 ca 29 a1)
    tc.ExpectEq(SipHash24(key, message, 15), 0xa129ca6149be45e5ULL, "SipHash-2-4(00..0e)");
    // vectors.h, entry 0, the empty message: bytes 31 0e 0e dd 47 db 6f 72
    tc.ExpectEq(SipHash24(key, message, 0), 0x726fdb47dd0e0e31ULL, "SipHash-2-4(empty)");
}

/** ns-3.37 starts every connection at 0: its own socket, and ours with Isn=ns3. */
void
Ns3StartsAtZero(TableCase& tc)
{
    for (const char* variant : {"ns3-stock", "four-way"})
    {
        auto isns = HandshakeIsns(tc, tc.RunScenario(IsnParams(variant, "ns3")));
        tc.ExpectEq(isns.first, 0, std::string(variant) + ": A's SYN has seq 0");
        tc.ExpectEq(isns.second, 0, std::string(variant) + ": B's SYN+ACK has seq 0");
    }
}

/** RFC 6528: the same 4-tuple later gets an ISN grown by the 4-us clock; another port, another F.
 */
void
Rfc6528Clock(TableCase& tc)
{
    // t2 - t1 = 2.000012 s = 500003 ticks of 4 us; both off a tick boundary
    const double t1 = 1.000001;
    const double t2 = 3.000013;
    const double t3 = 5.000001;
    auto isns = SynIsns("rfc6528", 1, {{t1, 50000}, {t2, 50000}, {t3, 50001}});
    tc.ExpectEq(static_cast<uint32_t>(isns[1] - isns[0]),
                500003,
                "same 4-tuple: ISN2 - ISN1 = (t2 - t1) / 4 us mod 2^32");
    uint32_t f1 = isns[0] - FourMicrosecondClock(1000001000);
    uint32_t f2 = isns[1] - FourMicrosecondClock(3000013000);
    uint32_t f3 = isns[2] - FourMicrosecondClock(5000001000);
    tc.ExpectEq(f1, f2, "same 4-tuple: same F");
    tc.Expect(f3 != f1, "another local port: another F");
    tc.Expect(f1 != 0, "F is not zero (a key is used)");
    // the key depends on RngSeed/RngRun only
    auto again = SynIsns("rfc6528", 1, {{t1, 50000}});
    tc.ExpectEq(again[0], isns[0], "same RngRun: same ISN");
    auto other = SynIsns("rfc6528", 2, {{t1, 50000}});
    tc.Expect(other[0] != isns[0], "another RngRun: another key, another ISN");
}

/** random: uniform 32 bits per connection, decided by RngRun. */
void
RandomIsns(TableCase& tc)
{
    auto one = SynIsns("random", 1, {{1.0, 50000}, {2.0, 50000}});
    auto same = SynIsns("random", 1, {{1.0, 50000}});
    auto two = SynIsns("random", 2, {{1.0, 50000}});
    tc.ExpectEq(same[0], one[0], "same RngRun: same ISN");
    tc.Expect(two[0] != one[0], "another RngRun: another ISN");
    tc.Expect(one[1] != one[0], "each connection draws its own ISN");
    std::set<uint32_t> seen;
    uint32_t quarters[4] = {0, 0, 0, 0};
    for (uint64_t run = 1; run <= 200; ++run)
    {
        uint32_t isn = SynIsns("random", run, {{1.0, 50000}})[0];
        seen.insert(isn);
        ++quarters[isn >> 30];
    }
    tc.Expect(seen.size() >= 199, "200 runs: (almost) all ISNs differ");
    for (int q = 0; q < 4; ++q)
    {
        // binomial(200, 1/4): mean 50, sd 6.1; below 20 is a 5-sigma event
        tc.Expect(quarters[q] >= 20, "every quarter of the 32-bit space occurs often");
    }
}

/**
 * A whole close with \p p's Isn runs exactly as with ns-3's ISN: the same
 * segments at the same times, numbered from the ISNs; both ends close
 * orderly and every response byte is delivered (three-way: discarded).
 */
void
CheckShiftedClose(TableCase& tc, const TeardownParams& p, const std::string& what)
{
    TeardownParams base = p;
    base.isn = "ns3";
    RunOutput ref = tc.RunScenario(base);
    RunOutput out = tc.RunScenario(p);
    auto isns = HandshakeIsns(tc, out);
    // three-way: the FIN rides on A's request, B answers with one FIN+ACK
    // before any of its response is sent (as tcp-teardown-variants expects)
    bool discards = p.variant == "three-way";
    tc.CheckEnd(out,
                CloseOutcome::ORDERLY,
                CloseOutcome::ORDERLY,
                discards ? 0 : p.responseBytes,
                discards ? p.responseBytes : 0);
    for (char end : {'A', 'B'})
    {
        TcpSocket::TcpStates_t last = TcpSocket::LISTEN;
        for (const auto& t : out.transitions)
        {
            last = t.endpoint == end ? t.to : last;
        }
        tc.ExpectEq(last, TcpSocket::CLOSED, what + ": " + end + " ends CLOSED");
    }
    tc.ExpectEq(out.result.pendingAtCloseBytes,
                ref.result.pendingAtCloseBytes,
                what + ": pending bytes as with ISN 0");
    tc.ExpectEq(out.segments.size(), ref.segments.size(), what + ": as many segments as ISN 0");
    if (out.segments.size() != ref.segments.size())
    {
        return;
    }
    for (size_t i = 0; i < out.segments.size(); ++i)
    {
        const SegmentRecord& s = out.segments[i];
        const SegmentRecord& r = ref.segments[i];
        bool a2b = s.direction == LinkDirection::A_TO_B;
        uint32_t own = a2b ? isns.first : isns.second;
        uint32_t peer = a2b ? isns.second : isns.first;
        std::string at = what + ", segment " + std::to_string(i) + ": ";
        tc.Expect(s.direction == r.direction && s.flags == r.flags && s.length == r.length &&
                      s.time == r.time,
                  at + "same direction, flags, length and time as with ISN 0");
        tc.ExpectEq(static_cast<uint32_t>(s.seq - own), r.seq, at + "seq - ISS as with ISN 0");
        if (s.flags & TcpHeader::ACK)
        {
            tc.ExpectEq(static_cast<uint32_t>(s.ack - peer), r.ack, at + "ack - IRS as with ISN 0");
        }
    }
}

/** Every Isn closes orderly, numbered from its ISNs. */
void
CloseWithEveryIsn(TableCase& tc)
{
    for (const char* isn : {"ns3", "rfc6528", "random"})
    {
        for (const char* variant : {"four-way", "three-way", "simultaneous"})
        {
            TeardownParams p = IsnParams(variant, isn); // 1000 response bytes: 536 + 464
            CheckShiftedClose(tc, p, std::string(variant) + ", isn " + isn);
        }
    }
    auto isns = HandshakeIsns(tc, tc.RunScenario(IsnParams("four-way", "random")));
    tc.Expect(isns.first != 0 && isns.second != 0, "random: nonzero ISNs");
}

/**
 * rfc6528 at a start time chosen so that an ISN lies just below 2^32: the
 * data (and, for B, the FIN) are numbered across the wrap. The key depends
 * on RngSeed/RngRun only, so a first run tells the offset.
 */
void
CloseAcrossWrap(TableCase& tc)
{
    TeardownParams p = IsnParams("four-way", "rfc6528"); // 1000 response bytes
    p.startS = 1.000001;                                 // off a 4-us tick
    auto first = HandshakeIsns(tc, tc.RunScenario(p));

    struct Target
    {
        bool b;          //!< B's ISN (else A's)
        uint32_t below;  //!< ISN = 2^32 - below
        const char* why; //!< what wraps
    };

    for (const Target& t : {Target{true, 600, "B's response wraps"},
                            Target{false, 50, "A's request wraps"},
                            Target{true, 1, "B's SYN+ACK is 2^32 - 1"}})
    {
        uint32_t isn1 = t.b ? first.second : first.first;
        uint32_t wanted = static_cast<uint32_t>(TWO_TO_32 - t.below);
        uint32_t ticks = wanted - isn1; // the 4-us ticks to wait, mod 2^32
        TeardownParams later = p;
        later.startS = p.startS + ticks * 4e-6;
        auto isns = HandshakeIsns(tc, tc.RunScenario(later));
        tc.ExpectEq(t.b ? isns.second : isns.first, wanted, std::string(t.why) + ": ISN");
        tc.ExpectEq(static_cast<uint32_t>((t.b ? isns.first : isns.second) -
                                          (t.b ? first.first : first.second)),
                    ticks,
                    std::string(t.why) + ": the other end's ISN grew by as many ticks");
        CheckShiftedClose(tc, later, t.why);
    }
}

/** --isn is checked; ns-3's own socket cannot choose; the column shows what ran. */
void
ParameterAndColumn(TableCase& tc)
{
    auto error = [](const TeardownParams& p) {
        try
        {
            p.Validate();
        }
        catch (const ParamError& e)
        {
            return std::string(e.what());
        }
        return std::string();
    };
    TeardownParams bad = IsnParams("four-way", "foo");
    tc.Expect(error(bad).rfind("--isn=foo: ", 0) == 0, "--isn=foo is refused: " + error(bad));
    for (const char* isn : {"rfc6528", "random"})
    {
        TeardownParams stock = IsnParams("ns3-stock", isn);
        tc.Expect(error(stock).rfind("--isn=" + std::string(isn) + ": ", 0) == 0,
                  "ns3-stock with --isn=" + std::string(isn) + " is refused");
    }
    tc.Expect(error(IsnParams("ns3-stock", "ns3")).empty(), "ns3-stock with --isn=ns3 runs");
    tc.Expect(error(IsnParams("four-way", "random")).empty(), "four-way with --isn=random runs");

    RunResult r = tc.RunScenario(IsnParams("four-way", "rfc6528")).result;
    tc.Expect(r.effective["isn"] == "rfc6528", "the isn column holds rfc6528");
    Config::SetDefault("ns3::TcpTeardownSocket::Isn", StringValue("random"));
    RunOutput set = tc.RunScenario(IsnParams("four-way", "ns3"));
    Config::SetDefault("ns3::TcpTeardownSocket::Isn", StringValue("ns3"));
    tc.Expect(set.result.effective["isn"] == "random",
              "set through the attribute: the isn column holds random");
    tc.Expect(HandshakeIsns(tc, set).first != 0, "and the run drew a random ISN");
}

class IsnTestSuite : public TableSuite
{
  public:
    IsnTestSuite()
        : TableSuite("tcp-teardown-isn")
    {
        Add("SipHash-2-4 reference vectors", SipHashVectors);
        Add("ns-3 starts at ISN 0", Ns3StartsAtZero);
        Add("rfc6528: ISN grows with the 4-us clock per 4-tuple", Rfc6528Clock);
        Add("random: uniform per connection, decided by RngRun", RandomIsns);
        Add("every Isn closes orderly, numbered from its ISNs", CloseWithEveryIsn);
        Add("a close across sequence wrap-around", CloseAcrossWrap);
        Add("--isn is checked and read back", ParameterAndColumn);
    }
};

/// The suite's instance.
static IsnTestSuite g_isnTestSuite;

} // namespace
