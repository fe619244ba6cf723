/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The close path's segment rules, case by case: the sequence number check
 * (RFC 9293 3.10.7.4), RST acceptance (RFC 9293; RFC 5961 3.2 under
 * Rfc5961), SYNs in synchronized states (RFC 5961 4, RFC 6191 in
 * TIME_WAIT), Close() as a full close and ShutdownSend() as a half close
 * (RFC 1122 4.2.2.13), the FIN_WAIT_2 timeout of an orphaned socket, and
 * CLOSE calls while closing (RFC 9293 3.10.4).
 *
 * Segments are crafted and sent through the TCP of a node (A's or B's), so
 * they cross the link like any other: a segment without options is 42 bytes
 * on the wire, 54 with a timestamp. Every expected time is worked out from
 * the link (10 Mb/s, 10 ms), the segment sizes, the RTO and the MSL (1 s);
 * none is read back from the model. Each case runs under two stacks: the
 * tuned one of the conformance suite (DelAckCount 1, MinRto 200 ms) and the
 * sweep defaults (DelAckCount 2, DelAckTimeout 200 ms, MinRto 1 s, SACK on);
 * the cases are built so that neither the delayed ACK nor the RTO changes
 * their times (a FIN is acknowledged at once, nothing is retransmitted
 * before the instants checked) unless a case says otherwise.
 */

#include "close-test-case.h"

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/object-vector.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-option-ts.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/tcp-teardown-socket.h"

#include <cstdlib>

using namespace ns3;
using namespace ns3::teardowntest;

namespace
{
const double NS = 1e-9;    // ns-3 sends queued data one time step after Send()
const double D = 1.0;      // B's processing time before it responds (serverDelay)
const uint32_t PLAIN = 42; // a crafted segment without options, on the wire
const uint32_t WITH_TS = 54;

/** A TCP stack configuration the cases run under. */
struct Stack
{
    std::string name;     //!< for case names
    uint32_t delAckCount; //!< ns3::TcpSocket::DelAckCount
    double minRto;        //!< ns3::TcpSocketBase::MinRto (s)
    bool compact{false};  //!< compactTimeWait=yes: TIME_WAIT in TcpTeardownL4Protocol's table
};

const Stack TUNED{"tuned", 1, 0.2};
const Stack SWEEP{"sweep defaults", 2, 1.0};
/** TUNED with compact TIME_WAIT records: every expectation must hold unchanged. */
const Stack COMPACT{"tuned, compact TIME_WAIT", 1, 0.2, true};

/** Run \p p under \p stack, with transitions and segments kept. */
RunOutput
Run(const Stack& stack,
    const TeardownParams& p,
    std::function<void(const ScenarioParts&)> built = nullptr)
{
    Config::SetDefault("ns3::TcpSocketBase::MinRto", TimeValue(Seconds(stack.minRto)));
    Config::SetDefault("ns3::TcpSocket::DelAckCount", UintegerValue(stack.delAckCount));
    Config::SetDefault("ns3::TcpSocket::DelAckTimeout", TimeValue(MilliSeconds(200)));
    Config::SetDefault("ns3::TcpSocketBase::Sack", BooleanValue(true));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(536));
    TeardownParams q = p;
    q.compactTimeWait = stack.compact ? "yes" : "no";
    TeardownScenario scenario(q);
    scenario.SetKeepTransitions(true);
    scenario.SetKeepSegments(true);
    if (built)
    {
        scenario.SetBuiltCallback(built);
    }
    return scenario.Run();
}

/** \return the local port of \p socket */
uint16_t
PortOf(Ptr<Socket> socket)
{
    Address local;
    socket->GetSockName(local);
    return InetSocketAddress::ConvertFrom(local).GetPort();
}

/**
 * \brief Send a crafted segment from node \p from: no options, or a
 * timestamp option when \p tsVal >= 0; window 32768.
 */
void
SendSegment(Ptr<Node> from,
            Ipv4Address source,
            Ipv4Address destination,
            uint16_t sourcePort,
            uint16_t destinationPort,
            uint8_t flags,
            uint32_t seq,
            uint32_t ack,
            int64_t tsVal = -1)
{
    TcpHeader h;
    h.SetFlags(flags);
    h.SetSequenceNumber(SequenceNumber32(seq));
    h.SetAckNumber(SequenceNumber32(ack));
    h.SetSourcePort(sourcePort);
    h.SetDestinationPort(destinationPort);
    h.SetWindowSize(32768);
    if (tsVal >= 0)
    {
        Ptr<TcpOptionTS> ts = CreateObject<TcpOptionTS>();
        ts->SetTimestamp(static_cast<uint32_t>(tsVal));
        ts->SetEcho(0);
        h.AppendOption(ts);
    }
    from->GetObject<TcpL4Protocol>()->SendPacket(Create<Packet>(), h, source, destination);
}

/** At \p at, B's node sends A's socket a segment (from B's port 9). */
void
InjectIntoA(const ScenarioParts& parts,
            double at,
            uint8_t flags,
            uint32_t seq,
            uint32_t ack = 0,
            int64_t tsVal = -1)
{
    Ptr<Node> b = parts.nodes.Get(1);
    Ipv4Address source = parts.interfaces.GetAddress(1);
    Ipv4Address destination = parts.interfaces.GetAddress(0);
    Ptr<Socket> a = parts.socketA;
    CompatSchedule(Seconds(at), [=]() {
        SendSegment(b, source, destination, 9, PortOf(a), flags, seq, ack, tsVal);
    });
}

/** At \p at, A's node sends B's connection a segment (from A's port to 9). */
void
InjectIntoB(const ScenarioParts& parts, double at, uint8_t flags, uint32_t seq, uint32_t ack = 0)
{
    Ptr<Node> a = parts.nodes.Get(0);
    Ipv4Address source = parts.interfaces.GetAddress(0);
    Ipv4Address destination = parts.interfaces.GetAddress(1);
    Ptr<Socket> socketA = parts.socketA;
    CompatSchedule(Seconds(at), [=]() {
        SendSegment(a, source, destination, PortOf(socketA), 9, flags, seq, ack);
    });
}

/** \return B's connection (the TcpTeardownSocket B's listener forked), or nullptr */
Ptr<TcpTeardownSocket>
ConnectionOfB(Ptr<Node> b, Ptr<Socket> listener)
{
    ObjectVectorValue sockets;
    b->GetObject<TcpL4Protocol>()->GetAttribute("SocketList", sockets);
    for (auto it = sockets.Begin(); it != sockets.End(); ++it)
    {
        Ptr<TcpTeardownSocket> s = DynamicCast<TcpTeardownSocket>(it->second);
        if (s && PeekPointer(s) != PeekPointer(listener))
        {
            return s;
        }
    }
    return nullptr;
}

/** \return the segments sent in direction \p dir in [from, to] */
std::vector<SegmentRecord>
SentIn(const RunOutput& out, LinkDirection dir, double from, double to)
{
    std::vector<SegmentRecord> found;
    for (const auto& s : out.segments)
    {
        double t = s.sentTime.GetSeconds();
        if (s.direction == dir && t >= from - 1e-9 && t <= to + 1e-9)
        {
            found.push_back(s);
        }
    }
    return found;
}

/**
 * When \p answer is one segment, assert it is the pure ACK
 * <SEQ=\p seq><ACK=\p ack><CTL=ACK> sent at \p at (< 0: time not checked).
 * The caller asserts the count, in its own words.
 */
void
ExpectPureAck(TableCase& tc,
              const std::vector<SegmentRecord>& answer,
              double at,
              uint32_t seq,
              uint32_t ack)
{
    if (answer.size() != 1)
    {
        return;
    }
    if (at >= 0.0)
    {
        tc.ExpectNear(answer[0].sentTime.GetSeconds(), at, "sent at once");
    }
    tc.ExpectEq(answer[0].flags, TcpHeader::ACK, "a pure ACK");
    tc.ExpectEq(answer[0].seq, seq, "SEQ = SND.NXT");
    tc.ExpectEq(answer[0].ack, ack, "ACK = RCV.NXT");
}

// --- the times of the workload, from the link ---------------------------

double
S1()
{
    return Tx(Wire(536));
}

double
S2()
{
    return Tx(Wire(464));
}

/** A's request+FIN reaches B (A closes, half, when the handshake completes). */
double
FinAtB()
{
    return HandshakeDone() + AckTx() + RequestTx() + DELAY;
}

/** B's ACK of A's FIN reaches A: FIN_WAIT_2. */
double
Fw2()
{
    return FinAtB() + AckTx() + DELAY;
}

/** B sends its response (536 + 464+FIN) when it waits \p delay first (> 0). */
double
ResponseSent(double delay)
{
    return FinAtB() + delay + NS;
}

/**
 * A's visits when it half-closes at the handshake, reaches FIN_WAIT_2 at
 * Fw2() and leaves it at \p fw2End, with \p timeWait in TIME_WAIT (< 0: none).
 */
std::vector<Visit>
VisitsOfA(double fw2End, double timeWait)
{
    return ActiveCloserVisits(HandshakeDone(), Fw2(), fw2End - Fw2(), timeWait);
}

/** B's visits when it responds after \p delay (> 0) and closes at \p closedAt. */
std::vector<Visit>
VisitsOfB(double delay, double closedAt)
{
    return {{TcpSocket::CLOSE_WAIT, ResponseSent(delay) - FinAtB()},
            {TcpSocket::LAST_ACK, closedAt - ResponseSent(delay)},
            {TcpSocket::CLOSED, -1}};
}

/** Four-way close without server delay: B's data+FIN reaches A (after B's pure ACK). */
double
FinAtANoDelay()
{
    return FinAtB() + AckTx() + S1() + S2() + DELAY;
}

TeardownParams
DelayedResponse(double delay = D)
{
    TeardownParams p = CloseTestCase::BaseParams("four-way");
    p.serverDelayS = delay;
    p.stopS = 30.0;
    return p;
}

Ptr<TcpTeardownSocket>
Ours(Ptr<Socket> s)
{
    return DynamicCast<TcpTeardownSocket>(s);
}

// --- RST -----------------------------------------------------------------

/**
 * A RST reaches A in FIN_WAIT_2 (B waits D before responding). \p offset is
 * added to A's RCV.NXT (1: nothing of B's yet): 0 is exact, 1000 in the
 * window, 10^6 beyond it, -1 below it.
 */
void
RstInFinWait2(TableCase& tc, const Stack& stack, bool rfc5961, int64_t offset)
{
    Config::SetDefault("ns3::TcpTeardownSocket::Rfc5961", BooleanValue(rfc5961));
    const double inject = Fw2() + 0.1;
    const double rstAtA = inject + Tx(PLAIN) + DELAY;
    Ptr<Socket> socketA;
    RunOutput out = Run(stack, DelayedResponse(), [&](const ScenarioParts& parts) {
        socketA = parts.socketA;
        InjectIntoA(parts, inject, TcpHeader::RST, static_cast<uint32_t>(1 + offset));
    });
    bool inWindow = offset >= 0 && offset < 100000;
    bool resets = offset == 0 || (inWindow && !rfc5961);
    bool challenge = inWindow && rfc5961 && offset != 0;
    const auto& c = Ours(socketA)->GetCounters();
    tc.ExpectEq(c.rstRx, 1, "RSTs that reached A's socket");
    tc.ExpectEq(c.rstAccepted, resets ? 1 : 0, "RSTs A accepted");
    tc.ExpectEq(c.unacceptableRx, inWindow ? 0 : 1, "unacceptable segments at A");
    tc.ExpectEq(c.challengeAckTx, challenge ? 1 : 0, "challenge ACKs from A");
    std::vector<SegmentRecord> answer =
        SentIn(out, LinkDirection::A_TO_B, rstAtA - 1e-6, rstAtA + 0.05);
    if (resets)
    {
        // A aborts; B's response later meets A's stack, which answers with RST
        double bClosed = ResponseSent(D) + S1() + DELAY + Tx(PLAIN) + DELAY;
        tc.CheckVisits(out, 'A', VisitsOfA(rstAtA, -1));
        tc.CheckVisits(out, 'B', VisitsOfB(D, bClosed));
        tc.CheckEnd(out, CloseOutcome::RESET, CloseOutcome::RESET, 0, 0, 1000);
        tc.ExpectEq(answer.size(), 0, "A answers an accepted RST with nothing");
        return;
    }
    // ignored: the close goes on as if nothing had come
    double finAtA = ResponseSent(D) + S1() + S2() + DELAY;
    tc.CheckVisits(out, 'A', VisitsOfA(finAtA, 2 * MSL));
    tc.CheckVisits(out, 'B', VisitsOfB(D, finAtA + AckTx() + DELAY));
    tc.CheckEnd(out, CloseOutcome::ORDERLY, CloseOutcome::ORDERLY, 1000);
    if (challenge)
    {
        // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>: 102 (request and FIN), 1
        tc.ExpectEq(answer.size(), 1, "A's answer: one challenge ACK, at the RST");
        ExpectPureAck(tc, answer, rstAtA, 102, 1);
    }
    else
    {
        tc.ExpectEq(answer.size(), 0, "a RST outside the window is dropped without an answer");
    }
}

/**
 * A pure ACK outside A's window reaches A in FIN_WAIT_2 (\p offset from A's
 * RCV.NXT, 1: -1 below, 10^6 beyond): A answers with an ACK
 * <SEQ=SND.NXT><ACK=RCV.NXT> and drops it; the close goes on.
 */
void
UnacceptableInFinWait2(TableCase& tc, const Stack& stack, int64_t offset)
{
    const double inject = Fw2() + 0.1;
    const double atA = inject + Tx(PLAIN) + DELAY;
    Ptr<Socket> socketA;
    RunOutput out = Run(stack, DelayedResponse(), [&](const ScenarioParts& parts) {
        socketA = parts.socketA;
        InjectIntoA(parts, inject, TcpHeader::ACK, static_cast<uint32_t>(1 + offset), 102);
    });
    std::vector<SegmentRecord> answer = SentIn(out, LinkDirection::A_TO_B, atA - 1e-6, atA + 0.05);
    tc.ExpectEq(answer.size(), 1, "A answers an unacceptable segment once");
    ExpectPureAck(tc, answer, atA, 102, 1);
    tc.ExpectEq(Ours(socketA)->GetCounters().unacceptableRx, 1, "unacceptable segments");
    double finAtA = ResponseSent(D) + S1() + S2() + DELAY;
    tc.CheckVisits(out, 'A', VisitsOfA(finAtA, 2 * MSL));
    tc.CheckEnd(out, CloseOutcome::ORDERLY, CloseOutcome::ORDERLY, 1000);
}

/** A RST reaches B in CLOSE_WAIT (B waits D before responding); \p offset as above. */
void
RstInCloseWait(TableCase& tc, const Stack& stack, int64_t offset)
{
    const double inject = Fw2() + 0.1;
    const double rstAtB = inject + Tx(PLAIN) + DELAY;
    Ptr<TcpTeardownSocket> b;
    TeardownParams p = DelayedResponse();
    p.stopS = 10.0;
    RunOutput out = Run(stack, p, [&](const ScenarioParts& parts) {
        // B's RCV.NXT: A's 100 bytes and FIN after ISN 0
        InjectIntoB(parts, inject, TcpHeader::RST, static_cast<uint32_t>(102 + offset));
        CompatSchedule(Seconds(inject),
                       [&b, parts]() { b = ConnectionOfB(parts.nodes.Get(1), parts.listenerB); });
    });
    tc.Expect(b != nullptr, "B's connection found");
    if (offset == 0)
    {
        tc.CheckVisits(out,
                       'B',
                       {{TcpSocket::CLOSE_WAIT, rstAtB - FinAtB()}, {TcpSocket::CLOSED, -1}});
        tc.Expect(out.result.b.outcome == CloseOutcome::RESET, "B reset");
        // A, half-closed, waits in FIN_WAIT_2 (no timeout without Close()),
        // no timer running and nothing to send, its peer reset: stranded
        tc.Expect(out.result.a.outcome == CloseOutcome::STRANDED, "A stranded in FIN_WAIT_2");
        tc.ExpectEq(SentIn(out, LinkDirection::B_TO_A, rstAtB - 1e-6, 10.0).size(),
                    0,
                    "B sends nothing after the RST (its application's Close fails)");
    }
    else
    {
        double finAtA = ResponseSent(D) + S1() + S2() + DELAY;
        tc.CheckVisits(out, 'B', VisitsOfB(D, finAtA + AckTx() + DELAY));
        tc.CheckEnd(out, CloseOutcome::ORDERLY, CloseOutcome::ORDERLY, 1000);
        tc.ExpectEq(SentIn(out, LinkDirection::B_TO_A, rstAtB - 1e-6, rstAtB + 0.5).size(),
                    0,
                    "B answers a RST outside the window with nothing");
    }
    if (b)
    {
        tc.ExpectEq(b->GetCounters().rstRx, 1, "RSTs that reached B's socket");
        tc.ExpectEq(b->GetCounters().rstAccepted, offset == 0 ? 1 : 0, "RSTs B accepted");
    }
}

/**
 * Simultaneous close: A is in CLOSING from B's data+FIN until B's ACK of its
 * FIN; a RST at A's RCV.NXT (1002) arrives 4 ms into CLOSING.
 */
void
RstInClosing(TableCase& tc, const Stack& stack, bool rfc5961)
{
    Config::SetDefault("ns3::TcpTeardownSocket::Rfc5961", BooleanValue(rfc5961));
    double t0 = HandshakeDone();
    double both = t0 + AckTx() + RequestTx() + DELAY; // request at B: both close
    double finAtA = both + S1() + S2() + DELAY;       // A: CLOSING
    double aFinAcked = both + 2 * (AckTx() + DELAY);  // would end CLOSING
    double rstAtA = finAtA + 0.004;
    tc.Expect(rstAtA < aFinAcked, "the RST arrives in CLOSING");
    TeardownParams p = CloseTestCase::BaseParams("simultaneous");
    RunOutput out = Run(stack, p, [&](const ScenarioParts& parts) {
        InjectIntoA(parts, rstAtA - DELAY - Tx(PLAIN), TcpHeader::RST, 1002);
    });
    tc.CheckVisits(out,
                   'A',
                   {{TcpSocket::SYN_SENT, t0 - START},
                    {TcpSocket::ESTABLISHED, both - t0},
                    {TcpSocket::FIN_WAIT_1, finAtA - both},
                    {TcpSocket::CLOSING, rstAtA - finAtA},
                    {TcpSocket::CLOSED, -1}});
    // B got A's ACK of its FIN before the RST: its close completes. B's ACK
    // of A's FIN then meets A's stack, whose RST (SEQ = its ACK = B's
    // RCV.NXT) cuts B's TIME_WAIT.
    double bFinWait1 = AckTx() + DELAY;
    double bTimeWait = finAtA + AckTx() + DELAY;
    double bCut = aFinAcked + Tx(PLAIN) + DELAY;
    tc.CheckVisits(out,
                   'B',
                   {{TcpSocket::FIN_WAIT_1, bFinWait1},
                    {TcpSocket::CLOSING, bTimeWait - (both + bFinWait1)},
                    {TcpSocket::TIME_WAIT, bCut - bTimeWait},
                    {TcpSocket::CLOSED, -1}});
    tc.Expect(out.result.a.outcome == CloseOutcome::RESET, "A reset in CLOSING");
    tc.Expect(out.result.b.outcome == CloseOutcome::ORDERLY, "B orderly (TIME_WAIT cut)");
    tc.Expect(out.result.b.timeWaitCut, "B's TIME_WAIT cut");
}

/**
 * A RST reaches A 0.5 s into TIME_WAIT (four-way, no delay). \p offset from
 * A's RCV.NXT (1002). Under Rfc5961 a RST in the window but not at RCV.NXT
 * gets a challenge ACK; B is closed, so its listener answers that ACK with
 * <SEQ=SEG.ACK><CTL=RST>, which is exact and cuts TIME_WAIT (unless
 * IgnoreRstInTimeWait).
 */
void
RstInTimeWait(TableCase& tc, const Stack& stack, bool rfc5961, bool ignore, int64_t offset)
{
    Config::SetDefault("ns3::TcpTeardownSocket::Rfc5961", BooleanValue(rfc5961));
    Config::SetDefault("ns3::TcpTeardownSocket::IgnoreRstInTimeWait", BooleanValue(ignore));
    double finAtA = FinAtANoDelay();
    double inject = finAtA + 0.5;
    double rstAtA = inject + Tx(PLAIN) + DELAY;
    Ptr<Socket> socketA;
    RunOutput out =
        Run(stack, CloseTestCase::BaseParams("four-way"), [&](const ScenarioParts& parts) {
            socketA = parts.socketA;
            InjectIntoA(parts, inject, TcpHeader::RST, static_cast<uint32_t>(1002 + offset));
        });
    bool inWindow = offset >= 0 && offset < 100000;
    bool challenge = inWindow && rfc5961 && offset != 0;
    double cutAt = -1; // A's TIME_WAIT ends early here (< 0: not)
    if (inWindow && !challenge && !ignore)
    {
        cutAt = rstAtA;
    }
    if (challenge && !ignore)
    {
        cutAt = rstAtA + AckTx() + DELAY + Tx(PLAIN) + DELAY; // the listener's RST
    }
    double timeWait = cutAt < 0 ? 2 * MSL : cutAt - finAtA;
    tc.CheckVisits(out, 'A', ActiveCloserVisits(HandshakeDone(), Fw2(), finAtA - Fw2(), timeWait));
    tc.CheckEnd(out, CloseOutcome::ORDERLY, CloseOutcome::ORDERLY, 1000);
    tc.Expect(out.result.a.timeWaitCut == (cutAt >= 0), "TIME_WAIT cut");
    const auto& c = Ours(socketA)->GetCounters();
    tc.ExpectEq(c.challengeAckTx, challenge ? 1 : 0, "challenge ACKs");
    tc.ExpectEq(c.unacceptableRx, inWindow ? 0 : 1, "unacceptable segments");
    std::vector<SegmentRecord> answer =
        SentIn(out, LinkDirection::A_TO_B, rstAtA - 1e-6, rstAtA + 0.05);
    tc.ExpectEq(answer.size(), challenge ? 1 : 0, "A's answers to the RST");
    if (challenge && answer.size() == 1)
    {
        tc.ExpectEq(answer[0].seq, 102, "challenge ACK: SEQ = SND.NXT");
        tc.ExpectEq(answer[0].ack, 1002, "challenge ACK: ACK = RCV.NXT");
    }
}

// --- SYN -----------------------------------------------------------------

/**
 * A SYN from B's port to A's reaches A 0.5 s into TIME_WAIT. A listener on
 * A's node, bound to A's port, stands by. \p tsVal < 0: no timestamp.
 * IgnoreRstInTimeWait is on, so that B's listener's answer to a challenge
 * ACK (a RST at SEG.ACK) does not end TIME_WAIT.
 */
void
SynInTimeWait(TableCase& tc, const Stack& stack, uint32_t isn, int64_t tsVal, bool accepted)
{
    Config::SetDefault("ns3::TcpTeardownSocket::IgnoreRstInTimeWait", BooleanValue(true));
    double finAtA = FinAtANoDelay();
    double inject = finAtA + 0.5;
    double synAtA = inject + Tx(tsVal < 0 ? PLAIN : WITH_TS) + DELAY;
    Ptr<Socket> socketA;
    RunOutput out =
        Run(stack, CloseTestCase::BaseParams("four-way"), [&](const ScenarioParts& parts) {
            socketA = parts.socketA;
            Ptr<Node> a = parts.nodes.Get(0);
            CompatSchedule(Seconds(inject - 0.1), [a, socketA = parts.socketA]() {
                Ptr<Socket> listener = Socket::CreateSocket(a, TcpSocketFactory::GetTypeId());
                int bound =
                    listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), PortOf(socketA)));
                NS_ABORT_MSG_IF(bound != 0, "listener on A's port");
                listener->Listen();
            });
            InjectIntoA(parts, inject, TcpHeader::SYN, isn, 0, tsVal);
        });
    std::vector<SegmentRecord> answer =
        SentIn(out, LinkDirection::A_TO_B, synAtA - 1e-6, synAtA + 0.05);
    tc.ExpectEq(answer.size(), 1, "A's node answers the SYN once");
    Ptr<TcpTeardownSocket> ours = Ours(socketA);
    if (accepted)
    {
        // TIME_WAIT ends; A's listener takes the new incarnation
        tc.CheckVisits(out,
                       'A',
                       ActiveCloserVisits(HandshakeDone(), Fw2(), finAtA - Fw2(), synAtA - finAtA));
        tc.Expect(ours->IsTimeWaitReopened(), "TIME_WAIT reopened");
        if (answer.size() == 1)
        {
            tc.ExpectEq(answer[0].flags, TcpHeader::SYN | TcpHeader::ACK, "the listener's SYN+ACK");
            tc.ExpectEq(answer[0].ack, isn + 1, "it acknowledges the new SYN");
            tc.ExpectNear(answer[0].sentTime.GetSeconds(), synAtA, "at once");
        }
    }
    else
    {
        // a challenge ACK; the TIME_WAIT timer is not restarted
        tc.CheckVisits(out,
                       'A',
                       ActiveCloserVisits(HandshakeDone(), Fw2(), finAtA - Fw2(), 2 * MSL));
        tc.Expect(!ours->IsTimeWaitReopened(), "TIME_WAIT not reopened");
        tc.ExpectEq(ours->GetCounters().challengeAckTx, 1, "challenge ACKs");
        ExpectPureAck(tc, answer, -1.0, 102, 1002);
    }
    tc.CheckEnd(out, CloseOutcome::ORDERLY, CloseOutcome::ORDERLY, 1000);
}

/**
 * A SYN for B's connection (from A's port) while B is in LAST_ACK (every
 * final ACK of A is lost): a challenge ACK, nothing else changes.
 */
void
SynInLastAck(TableCase& tc, const Stack& stack)
{
    double finAtA = FinAtANoDelay();
    double inject = finAtA + 0.05; // B's first FIN retransmission is >= 200 ms after its FIN
    double synAtB = inject + Tx(PLAIN) + DELAY;
    TeardownParams p = CloseTestCase::BaseParams("four-way", "a2b:ack-of-fin:all");
    p.stopS = 5.0;
    Ptr<TcpTeardownSocket> b;
    RunOutput out = Run(stack, p, [&](const ScenarioParts& parts) {
        InjectIntoB(parts, inject, TcpHeader::SYN, 5000);
        CompatSchedule(Seconds(inject),
                       [&b, parts]() { b = ConnectionOfB(parts.nodes.Get(1), parts.listenerB); });
    });
    std::vector<SegmentRecord> answer =
        SentIn(out, LinkDirection::B_TO_A, synAtB - 1e-6, synAtB + 0.1);
    tc.ExpectEq(answer.size(), 1, "B answers the SYN once, with a challenge ACK");
    ExpectPureAck(tc, answer, synAtB, 1002, 102); // SND.NXT past B's FIN
    std::vector<Visit> visits = CloseTestCase::Visits(out, 'B');
    tc.Expect(visits.size() >= 2 && visits[1].state == TcpSocket::LAST_ACK &&
                  (visits[1].dwell < 0 || FinAtB() + NS + visits[1].dwell > synAtB + 0.05),
              "B stays in LAST_ACK past the SYN");
    tc.Expect(b != nullptr && b->GetCounters().challengeAckTx == 1, "one challenge ACK by B");
}

// --- Close() and ShutdownSend() ------------------------------------------

/**
 * A's application never closes by itself here; the case calls Close() on
 * A's socket in ESTABLISHED while B's first segment is lost, so A holds 464
 * bytes out of order: no RST (none of it is readable), a FIN. B's
 * retransmission of the first segment then brings new data after Close():
 * RST, and none of B's bytes reaches A's application.
 */
void
CloseWithOutOfOrderData(TableCase& tc, const Stack& stack)
{
    double t0 = HandshakeDone();
    double requestAtB = t0 + AckTx() + RequestTx() + DELAY;
    double closeAt = requestAtB + 0.05; // both of B's segments have arrived (one lost)
    // A's FIN+ACK carries a SACK block (62 bytes); B's ACK of it: FIN_WAIT_2
    double fw2 = closeAt + Tx(HeaderBytes() + 8) + DELAY + AckTx() + DELAY;
    // B's timer runs from its first data segment, one time step after the request
    double retxAtA = requestAtB + NS + stack.minRto + S1() + DELAY;
    TeardownParams p = CloseTestCase::BaseParams("four-way", "b2a:data:1");
    p.closeDelayS = 100.0; // the client's own close never comes
    p.stopS = 20.0;
    Ptr<Socket> socketA;
    RunOutput out = Run(stack, p, [&](const ScenarioParts& parts) {
        socketA = parts.socketA;
        CompatSchedule(Seconds(closeAt), [s = parts.socketA]() { s->Close(); });
    });
    std::vector<SegmentRecord> atClose =
        SentIn(out, LinkDirection::A_TO_B, closeAt - 1e-6, closeAt + 1e-6);
    tc.ExpectEq(atClose.size(), 1, "A sends one segment at Close()");
    if (atClose.size() == 1)
    {
        tc.ExpectEq(atClose[0].flags, TcpHeader::FIN | TcpHeader::ACK, "a FIN, not a RST");
        tc.ExpectEq(atClose[0].seq, 101, "after the request");
    }
    tc.CheckVisits(out,
                   'A',
                   {{TcpSocket::SYN_SENT, t0 - START},
                    {TcpSocket::ESTABLISHED, closeAt - t0},
                    {TcpSocket::FIN_WAIT_1, fw2 - closeAt},
                    {TcpSocket::FIN_WAIT_2, retxAtA - fw2},
                    {TcpSocket::CLOSED, -1}});
    std::vector<SegmentRecord> atRetx =
        SentIn(out, LinkDirection::A_TO_B, retxAtA - 1e-6, retxAtA + 1e-6);
    tc.ExpectEq(atRetx.size(), 1, "A answers the retransmission once");
    if (atRetx.size() == 1)
    {
        tc.Expect((atRetx[0].flags & TcpHeader::RST) != 0, "with RST");
        tc.ExpectEq(atRetx[0].seq, 102, "at SND.NXT (past A's FIN)");
    }
    tc.Expect(out.result.a.outcome == CloseOutcome::RESET, "A reset");
    tc.ExpectEq(out.result.pendingAtCloseBytes, 1000, "A's application read none of B's bytes");
    tc.ExpectEq(Ours(socketA)->GetCounters().dataAfterCloseRx, 1, "data segments after Close()");
}

/**
 * B waits D before responding; A (half-closed at the handshake) is in
 * FIN_WAIT_2. \p fullClose: A's application calls Close() 0.1 s into
 * FIN_WAIT_2, and B's first segment then gets RST and is not delivered.
 * Otherwise (ShutdownSend only) A reads all of it.
 */
void
DataAfterClose(TableCase& tc, const Stack& stack, bool fullClose)
{
    double closeAt = Fw2() + 0.1;
    Ptr<Socket> socketA;
    RunOutput out = Run(stack, DelayedResponse(), [&](const ScenarioParts& parts) {
        socketA = parts.socketA;
        if (fullClose)
        {
            CompatSchedule(Seconds(closeAt), [s = parts.socketA, &tc]() {
                tc.ExpectEq(s->Close(), 0, "Close() in FIN_WAIT_2 after ShutdownSend(): ok");
            });
        }
    });
    double s1AtA = ResponseSent(D) + S1() + DELAY;
    if (!fullClose)
    {
        double finAtA = s1AtA + S2();
        tc.CheckVisits(out, 'A', VisitsOfA(finAtA, 2 * MSL));
        tc.CheckVisits(out, 'B', VisitsOfB(D, finAtA + AckTx() + DELAY));
        tc.CheckEnd(out, CloseOutcome::ORDERLY, CloseOutcome::ORDERLY, 1000);
        tc.Expect(!Ours(socketA)->IsOrphaned(), "ShutdownSend() alone: not orphaned");
        return;
    }
    tc.CheckVisits(out, 'A', VisitsOfA(s1AtA, -1));
    // A's RST (54 bytes: RST+ACK with a timestamp) reaches B in LAST_ACK
    tc.CheckVisits(out, 'B', VisitsOfB(D, s1AtA + AckTx() + DELAY));
    tc.CheckEnd(out, CloseOutcome::RESET, CloseOutcome::RESET, 0, 0, 1000);
    std::vector<SegmentRecord> rst = SentIn(out, LinkDirection::A_TO_B, s1AtA - 1e-6, s1AtA + 1e-6);
    tc.ExpectEq(rst.size(), 1, "A answers B's first segment once");
    if (rst.size() == 1)
    {
        tc.Expect((rst[0].flags & TcpHeader::RST) != 0, "with RST");
    }
    // B's node gets two RSTs (A's socket's, then A's stack's answer to B's
    // second segment, after B closed); only the first reaches B's socket
    tc.ExpectEq(out.result.b.rstRx, 1, "rst_rx: RSTs that reached B's socket");
    uint32_t delivered = 0;
    for (const auto& s : out.segments)
    {
        delivered +=
            s.direction == LinkDirection::A_TO_B && (s.flags & TcpHeader::RST) && !s.dropped;
    }
    tc.ExpectEq(delivered, 2, "RSTs that reached B's node");
    tc.ExpectEq(Ours(socketA)->GetCounters().dataAfterCloseRx, 1, "data segments after Close()");
}

// --- FIN_WAIT_2 timeout --------------------------------------------------

/**
 * FinWait2Timeout 1 s; B is silent for \p delay. \p closeAt < 0: A only
 * half-closes (no timeout). Else A's application calls Close() then: the
 * timeout counts from entering FIN_WAIT_2 (Fw2()), at once when that is
 * past; before FIN_WAIT_2 it starts there.
 */
void
FinWait2Orphan(TableCase& tc, const Stack& stack, double closeAt)
{
    Config::SetDefault("ns3::TcpTeardownSocket::FinWait2Timeout", TimeValue(Seconds(1)));
    const double delay = 5.0;
    TeardownParams p = DelayedResponse(delay);
    Ptr<Socket> socketA;
    RunOutput out = Run(stack, p, [&](const ScenarioParts& parts) {
        socketA = parts.socketA;
        if (closeAt >= 0)
        {
            CompatSchedule(Seconds(closeAt), [s = parts.socketA]() { s->Close(); });
        }
    });
    if (closeAt < 0)
    {
        double finAtA = ResponseSent(delay) + S1() + S2() + DELAY;
        tc.CheckVisits(out, 'A', VisitsOfA(finAtA, 2 * MSL));
        tc.CheckEnd(out, CloseOutcome::ORDERLY, CloseOutcome::ORDERLY, 1000);
        return;
    }
    double expires = std::max(Fw2() + 1.0, closeAt);
    tc.CheckVisits(out, 'A', VisitsOfA(expires, -1));
    // B's response meets A's stack: RST
    double bClosed = ResponseSent(delay) + S1() + DELAY + Tx(PLAIN) + DELAY;
    tc.CheckVisits(out, 'B', VisitsOfB(delay, bClosed));
    tc.CheckEnd(out, CloseOutcome::TIMEOUT, CloseOutcome::RESET, 0, 0, 1000);
}

/**
 * The example of issue 10: FinWait2Timeout 30 ms, a 20000-byte response. A
 * half-closed: the transfer is not cut; all 20000 bytes arrive.
 */
void
FinWait2NotMidTransfer(TableCase& tc, const Stack& stack)
{
    Config::SetDefault("ns3::TcpTeardownSocket::FinWait2Timeout", TimeValue(MilliSeconds(30)));
    TeardownParams p = CloseTestCase::BaseParams("four-way");
    p.responseBytes = 20000;
    RunOutput out = Run(stack, p);
    tc.CheckEnd(out, CloseOutcome::ORDERLY, CloseOutcome::ORDERLY, 20000);
    std::vector<Visit> a = CloseTestCase::Visits(out, 'A');
    tc.Expect(a.size() == 6 && a[3].state == TcpSocket::FIN_WAIT_2 && a[3].dwell > 0.030,
              "A stays in FIN_WAIT_2 beyond 30 ms and reaches TIME_WAIT: " +
                  CloseTestCase::Describe(a));
}

// --- CLOSE while closing -------------------------------------------------

/**
 * RFC 9293 3.10.4: CLOSE in CLOSING, LAST_ACK or TIME_WAIT is "error:
 * connection closing"; in CLOSED after the close it is an error too, and the
 * application hears of no second (error) close. A's application reads
 * nothing (B's 1000 bytes stay unread: ns-3's own Close() would answer that
 * with a RST and an error close).
 */
void
CloseWhileClosing(TableCase& tc, const Stack& stack)
{
    double finAtA = FinAtANoDelay();
    TeardownParams p = CloseTestCase::BaseParams("four-way", "a2b:ack-of-fin:1");
    p.stopS = 20.0;
    int normal = 0;
    int error = 0;
    std::vector<std::pair<std::string, int>> results;
    std::vector<Socket::SocketErrno> errnos;
    RunOutput out = Run(stack, p, [&](const ScenarioParts& parts) {
        Ptr<Socket> a = parts.socketA;
        Ptr<Node> nodeB = parts.nodes.Get(1);
        Ptr<Socket> listener = parts.listenerB;
        CompatSchedule(Seconds(START), [a, &normal, &error]() {
            a->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
            a->SetCloseCallbacks(CompatCallback<Ptr<Socket>>([&normal](Ptr<Socket>) { ++normal; }),
                                 CompatCallback<Ptr<Socket>>([&error](Ptr<Socket>) { ++error; }));
        });
        auto call = [&results, &errnos](const std::string& what, Ptr<Socket> s) {
            results.emplace_back(what, s->Close());
            errnos.push_back(s->GetErrno());
        };
        // B in LAST_ACK: its FIN's first ACK is lost
        CompatSchedule(Seconds(finAtA + 0.01),
                       [=]() { call("B in LAST_ACK", ConnectionOfB(nodeB, listener)); });
        CompatSchedule(Seconds(finAtA + 0.5), [=]() { call("A in TIME_WAIT", a); });
        CompatSchedule(Seconds(finAtA + 10.0), [=]() { call("A in CLOSED", a); });
    });
    tc.ExpectEq(results.size(), 3, "three calls");
    for (size_t i = 0; i < results.size(); ++i)
    {
        tc.ExpectEq(results[i].second, -1, "Close() " + results[i].first + " fails");
        tc.ExpectEq(errnos[i],
                    i < 2 ? Socket::ERROR_SHUTDOWN : Socket::ERROR_NOTCONN,
                    "errno of Close() " + results[i].first);
    }
    tc.ExpectEq(normal, 1, "A's normal close notifications");
    tc.ExpectEq(error, 0, "A's error close notifications");
    tc.Expect(out.result.a.outcome == CloseOutcome::ORDERLY, "A orderly");
    tc.Expect(out.result.b.outcome == CloseOutcome::ORDERLY, "B orderly");
    for (const auto& seg : SentIn(out, LinkDirection::A_TO_B, finAtA, 20.0))
    {
        tc.Expect(!(seg.flags & TcpHeader::RST),
                  "A sends no RST (the unread data is not lost to a close)");
    }
}

/** Close() in CLOSING (simultaneous close) fails with "connection closing". */
void
CloseInClosing(TableCase& tc, const Stack& stack)
{
    double both = HandshakeDone() + AckTx() + RequestTx() + DELAY;
    double inClosing = both + S1() + S2() + DELAY + 0.004;
    int result = 0;
    Socket::SocketErrno err = Socket::ERROR_NOTERROR;
    RunOutput out =
        Run(stack, CloseTestCase::BaseParams("simultaneous"), [&](const ScenarioParts& parts) {
            CompatSchedule(Seconds(inClosing), [&, a = parts.socketA]() {
                result = a->Close();
                err = a->GetErrno();
            });
        });
    TcpSocket::TcpStates_t state = TcpSocket::CLOSED;
    for (const auto& t : out.transitions)
    {
        if (t.endpoint == 'A' && t.time.GetSeconds() <= inClosing)
        {
            state = t.to;
        }
    }
    tc.Expect(state == TcpSocket::CLOSING,
              std::string("A is in CLOSING, not ") + TcpSocket::TcpStateName[state]);
    tc.ExpectEq(result, -1, "Close() in CLOSING fails");
    tc.ExpectEq(err, Socket::ERROR_SHUTDOWN, "connection closing");
    tc.CheckEnd(out, CloseOutcome::ORDERLY, CloseOutcome::ORDERLY, 1000);
}

class CloseRulesTestSuite : public TableSuite
{
  public:
    CloseRulesTestSuite()
        : TableSuite("tcp-teardown-close-rules")
    {
        // CLOSE_RULES_ONLY=<text> keeps the cases whose name contains it (ns-3
        // stops a suite at its first failing case; for mutation checks)
        const char* only = std::getenv("CLOSE_RULES_ONLY");
        m_only = only ? only : "";
        for (const Stack& s : {TUNED, SWEEP, COMPACT})
        {
            auto name = [&s](const std::string& what) { return what + " [" + s.name + "]"; };
            Add(name("FIN_WAIT_2: RST at RCV.NXT resets"),
                [s](TableCase& tc) { RstInFinWait2(tc, s, false, 0); });
            Add(name("FIN_WAIT_2: RST in the window resets"),
                [s](TableCase& tc) { RstInFinWait2(tc, s, false, 1000); });
            Add(name("FIN_WAIT_2: RST beyond the window is dropped"),
                [s](TableCase& tc) { RstInFinWait2(tc, s, false, 1000000); });
            Add(name("FIN_WAIT_2: RST below RCV.NXT is dropped"),
                [s](TableCase& tc) { RstInFinWait2(tc, s, false, -1); });
            Add(name("FIN_WAIT_2, Rfc5961: RST at RCV.NXT resets"),
                [s](TableCase& tc) { RstInFinWait2(tc, s, true, 0); });
            Add(name("FIN_WAIT_2, Rfc5961: RST in the window gets a challenge ACK"),
                [s](TableCase& tc) { RstInFinWait2(tc, s, true, 1000); });
            Add(name("FIN_WAIT_2: a segment below RCV.NXT gets an ACK"),
                [s](TableCase& tc) { UnacceptableInFinWait2(tc, s, -1); });
            Add(name("FIN_WAIT_2: a segment beyond the window gets an ACK"),
                [s](TableCase& tc) { UnacceptableInFinWait2(tc, s, 1000000); });
            Add(name("CLOSE_WAIT: RST at RCV.NXT resets"),
                [s](TableCase& tc) { RstInCloseWait(tc, s, 0); });
            Add(name("CLOSE_WAIT: RST beyond the window is dropped"),
                [s](TableCase& tc) { RstInCloseWait(tc, s, 1000000); });
            Add(name("CLOSING: RST at RCV.NXT resets"),
                [s](TableCase& tc) { RstInClosing(tc, s, false); });
            Add(name("CLOSING, Rfc5961: RST at RCV.NXT resets"),
                [s](TableCase& tc) { RstInClosing(tc, s, true); });
            Add(name("TIME_WAIT: RST at RCV.NXT cuts it"),
                [s](TableCase& tc) { RstInTimeWait(tc, s, false, false, 0); });
            Add(name("TIME_WAIT: RST at RCV.NXT ignored (IgnoreRstInTimeWait)"),
                [s](TableCase& tc) { RstInTimeWait(tc, s, false, true, 0); });
            Add(name("TIME_WAIT: RST in the window cuts it"),
                [s](TableCase& tc) { RstInTimeWait(tc, s, false, false, 1000); });
            Add(name("TIME_WAIT: RST below RCV.NXT is dropped"),
                [s](TableCase& tc) { RstInTimeWait(tc, s, false, false, -1); });
            Add(name("TIME_WAIT, Rfc5961: challenge ACK, the peer's listener RST cuts it"),
                [s](TableCase& tc) { RstInTimeWait(tc, s, true, false, 1000); });
            Add(name("TIME_WAIT, Rfc5961 and IgnoreRstInTimeWait: challenge ACK only"),
                [s](TableCase& tc) { RstInTimeWait(tc, s, true, true, 1000); });
            Add(name("TIME_WAIT: SYN with ISN beyond RCV.NXT opens a new incarnation"),
                [s](TableCase& tc) { SynInTimeWait(tc, s, 1002 + 5000, -1, true); });
            Add(name("TIME_WAIT: SYN with an old ISN gets a challenge ACK"),
                [s](TableCase& tc) { SynInTimeWait(tc, s, 500, -1, false); });
            Add(name("TIME_WAIT: SYN with a newer timestamp opens a new incarnation"),
                [s](TableCase& tc) { SynInTimeWait(tc, s, 500, 100000, true); });
            Add(name("TIME_WAIT: SYN with an older timestamp gets a challenge ACK"),
                [s](TableCase& tc) { SynInTimeWait(tc, s, 1002 + 5000, 1, false); });
            Add(name("LAST_ACK: SYN gets a challenge ACK"),
                [s](TableCase& tc) { SynInLastAck(tc, s); });
            Add(name("Close() with out-of-order data: FIN; data after it: RST"),
                [s](TableCase& tc) { CloseWithOutOfOrderData(tc, s); });
            Add(name("Close() in FIN_WAIT_2: data after it gets RST, not delivered"),
                [s](TableCase& tc) { DataAfterClose(tc, s, true); });
            Add(name("ShutdownSend() only: reading goes on"),
                [s](TableCase& tc) { DataAfterClose(tc, s, false); });
            Add(name("FinWait2Timeout: not after ShutdownSend() alone"),
                [s](TableCase& tc) { FinWait2Orphan(tc, s, -1); });
            Add(name("FinWait2Timeout: orphan, counted from entering FIN_WAIT_2"),
                [s](TableCase& tc) { FinWait2Orphan(tc, s, Fw2() + 0.5); });
            Add(name("FinWait2Timeout: orphan closed after the timeout: at once"),
                [s](TableCase& tc) { FinWait2Orphan(tc, s, Fw2() + 2.0); });
            Add(name("FinWait2Timeout: Close() in FIN_WAIT_1, timeout from FIN_WAIT_2"),
                [s](TableCase& tc) { FinWait2Orphan(tc, s, HandshakeDone() + 0.001); });
            Add(name("FinWait2Timeout 30 ms does not cut a 20000-byte transfer"),
                [s](TableCase& tc) { FinWait2NotMidTransfer(tc, s); });
            Add(name("Close() in LAST_ACK, TIME_WAIT, CLOSED: errors, one notification"),
                [s](TableCase& tc) { CloseWhileClosing(tc, s); });
            Add(name("Close() in CLOSING: error"), [s](TableCase& tc) { CloseInClosing(tc, s); });
        }
    }

  private:
    void Add(const std::string& name, TableCase::Body body)
    {
        if (name.find(m_only) != std::string::npos)
        {
            TableSuite::Add(name, body);
        }
    }

    std::string m_only; //!< keep only the cases whose name contains this
};

CloseRulesTestSuite g_closeRulesTestSuite;
} // namespace
