/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Conformance of the close path to RFC 9293, case by case. Every expected
 * state sequence and dwell time is worked out from the link (10 Mb/s, 10 ms),
 * the segment sizes, the RTO (MinRto 200 ms, doubled on each expiry) and the
 * MSL (1 s), following close-rules.md; none is read back from the model.
 *
 * Workload: A connects at 1 s; the instant the handshake completes (t0) it
 * sends a 100-byte request and closes, so its FIN rides on the request.
 * B answers with 1000 bytes (536 + 464, the FIN on the second segment) and
 * closes once it has A's FIN. Every segment is acknowledged at once
 * (DelAckCount 1).
 */

#include "close-test-case.h"

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-teardown-socket.h"

#include <set>

using namespace ns3;
using namespace ns3::teardowntest;

namespace
{
const double NS = 1e-9; // ns-3 sends queued data one time step after Send()

double
S1()
{
    return Tx(Wire(536)); // B's first segment
}

double
S2()
{
    return Tx(Wire(464)); // B's second segment (+FIN)
}

/** Times of the four-way close once A's FIN reaches B at tFinB. */
struct FourWay
{
    double t0{HandshakeDone()}; //!< A's close call
    double tFinB;               //!< A's FIN reaches B: B ACKs, sends its data and FIN
    double tFw2;                //!< B's ACK reaches A
    double tSeg1A;              //!< B's first data segment reaches A
    double tFinA;               //!< B's data+FIN reaches A
    double tAck1;               //!< A's ACK of the first segment reaches B

    explicit FourWay(double finAtB)
        : tFinB(finAtB),
          tFw2(finAtB + AckTx() + DELAY),
          tSeg1A(finAtB + AckTx() + S1() + DELAY),
          tFinA(finAtB + AckTx() + S1() + S2() + DELAY),
          tAck1(finAtB + AckTx() + S1() + DELAY + AckTx() + DELAY)
    {
    }

    /** A's FIN on the first try: it waits behind the handshake ACK. */
    static FourWay FirstTry()
    {
        double t0 = HandshakeDone();
        return FourWay(t0 + AckTx() + RequestTx() + DELAY);
    }

    /** A's FIN after \p rtos retransmission timeouts (it no longer waits). */
    static FourWay AfterTimeouts(double rtos)
    {
        return FourWay(HandshakeDone() + rtos + RequestTx() + DELAY);
    }

    /** A's visits when B's FIN reaches A at \p finAtA and A's TIME_WAIT lasts \p timeWait. */
    std::vector<Visit> A(double fw2Start, double finAtA, double timeWait) const
    {
        return ActiveCloserVisits(t0, fw2Start, finAtA - fw2Start, timeWait);
    }

    /** B's visits when the ACK of its FIN arrives at \p closedAt. */
    std::vector<Visit> B(double closedAt) const
    {
        return {{TcpSocket::CLOSE_WAIT, NS},
                {TcpSocket::LAST_ACK, closedAt - tFinB - NS},
                {TcpSocket::CLOSED, -1}};
    }
};

const CloseOutcome ORDERLY = CloseOutcome::ORDERLY;

void
NoLoss(TableCase& tc)
{
    RunOutput out = tc.RunScenario(CloseTestCase::BaseParams("four-way"));
    FourWay w = FourWay::FirstTry();
    tc.CheckVisits(out, 'A', w.A(w.tFw2, w.tFinA, 2 * MSL));
    tc.CheckVisits(out, 'B', w.B(w.tFinA + AckTx() + DELAY));
    tc.CheckEnd(out, ORDERLY, ORDERLY, 1000);
    tc.ExpectNear(out.result.b.dwellS[TcpSocket::ESTABLISHED], RequestTx(), "B in ESTABLISHED");
    tc.ExpectNear(out.result.closeTimeS, w.tFinA + 2 * MSL - w.t0, "close completion time");
    tc.ExpectEq(out.result.a.finTx, 1, "A's FINs");
    tc.ExpectEq(out.result.b.finTx, 1, "B's FINs");
}

void
AFinLost(TableCase& tc, int times)
{
    RunOutput out = tc.RunScenario(
        CloseTestCase::BaseParams("four-way", times == 1 ? "a2b:fin:1" : "a2b:fin:1-2"));
    double rtos = times == 1 ? 1.0 : 3.0; // 200 ms, then 400 ms more
    FourWay w = FourWay::AfterTimeouts(rtos * RTO);
    tc.CheckVisits(out, 'A', w.A(w.tFw2, w.tFinA, 2 * MSL));
    tc.CheckVisits(out, 'B', w.B(w.tFinA + AckTx() + DELAY));
    tc.CheckEnd(out, ORDERLY, ORDERLY, 1000);
    tc.ExpectEq(out.result.a.finTx, times + 1, "A's FINs");
}

void
AckOfAFinLost(TableCase& tc)
{
    RunOutput out = tc.RunScenario(CloseTestCase::BaseParams("four-way", "b2a:ack-of-fin:1"));
    FourWay w = FourWay::FirstTry();
    // B's first data segment carries the same acknowledgment: FIN_WAIT_2 then
    tc.CheckVisits(out, 'A', w.A(w.tSeg1A, w.tFinA, 2 * MSL));
    tc.CheckVisits(out, 'B', w.B(w.tFinA + AckTx() + DELAY));
    tc.CheckEnd(out, ORDERLY, ORDERLY, 1000);
}

void
BFinLost(TableCase& tc, const std::string& rule)
{
    RunOutput out = tc.RunScenario(CloseTestCase::BaseParams("four-way", rule));
    FourWay w = FourWay::FirstTry();
    double retx = w.tAck1 + RTO; // the timer restarted on the ACK of the first segment
    double finAtA = retx + S2() + DELAY;
    tc.CheckVisits(out, 'A', w.A(w.tFw2, finAtA, 2 * MSL));
    tc.CheckVisits(out, 'B', w.B(finAtA + AckTx() + DELAY));
    tc.CheckEnd(out, ORDERLY, ORDERLY, 1000);
    tc.ExpectEq(out.result.b.finTx, 2, "B's FINs");
    tc.ExpectEq(out.result.ruleDrops.at(0), 1, "segments dropped by " + rule);
}

void
FirstDataLost(TableCase& tc)
{
    RunOutput out = tc.RunScenario(CloseTestCase::BaseParams("four-way", "b2a:data:1"));
    FourWay w = FourWay::FirstTry();
    // A holds B's FIN beyond the hole; B's timer runs from its first data segment
    double retx = w.tFinB + NS + RTO;
    double holeFilled = retx + S1() + DELAY;
    tc.CheckVisits(out, 'A', w.A(w.tFw2, holeFilled, 2 * MSL));
    tc.CheckVisits(out, 'B', w.B(holeFilled + AckTx() + DELAY));
    tc.CheckEnd(out, ORDERLY, ORDERLY, 1000);
    tc.ExpectEq(out.result.b.dataRetx, 1, "B's data retransmissions");
}

void
FinalAckLost(TableCase& tc, int times)
{
    RunOutput out = tc.RunScenario(
        CloseTestCase::BaseParams("four-way",
                                  times == 1 ? "a2b:ack-of-fin:1" : "a2b:ack-of-fin:1-3"));
    FourWay w = FourWay::FirstTry();
    double rtos = times == 1 ? 1.0 : 7.0; // 200 ms, then 400 and 800 ms more
    double lastRetx = w.tAck1 + rtos * RTO;
    double lastFinAtA = lastRetx + S2() + DELAY; // TIME_WAIT restarts here
    tc.CheckVisits(out, 'A', w.A(w.tFw2, w.tFinA, lastFinAtA - w.tFinA + 2 * MSL));
    tc.CheckVisits(out, 'B', w.B(lastFinAtA + AckTx() + DELAY));
    tc.CheckEnd(out, ORDERLY, ORDERLY, 1000);
    tc.ExpectEq(out.result.b.finTx, times + 1, "B's FINs");
    tc.ExpectEq(out.result.a.segmentsTx - out.result.a.dropped,
                out.result.a.segmentsTx - times,
                "exactly the final ACKs were lost");
}

void
BFinAndFinalAckLost(TableCase& tc)
{
    RunOutput out =
        tc.RunScenario(CloseTestCase::BaseParams("four-way", "b2a:fin:1;a2b:ack-of-fin:1"));
    FourWay w = FourWay::FirstTry();
    double retx1 = w.tAck1 + RTO;
    double retx2 = retx1 + 2 * RTO;
    double finAtA = retx1 + S2() + DELAY;
    tc.CheckVisits(out, 'A', w.A(w.tFw2, finAtA, (retx2 - retx1) + 2 * MSL));
    tc.CheckVisits(out, 'B', w.B(retx2 + S2() + DELAY + AckTx() + DELAY));
    tc.CheckEnd(out, ORDERLY, ORDERLY, 1000);
    tc.ExpectEq(out.result.b.finTx, 3, "B's FINs");
}

void
FinRetriesExhausted(TableCase& tc)
{
    Config::SetDefault("ns3::TcpTeardownSocket::FinRetries", UintegerValue(3));
    TeardownParams p = CloseTestCase::BaseParams("four-way", "a2b:fin:all");
    p.closeDelayS = 0.005; // A's FIN leaves alone, after its request
    RunOutput out = tc.RunScenario(p);
    double t0 = HandshakeDone();
    double requestAtB = t0 + AckTx() + RequestTx() + DELAY;
    double ackAtA = requestAtB + AckTx() + DELAY; // restarts A's timer; only the FIN is left
    double abort = ackAtA + (1 + 2 + 4 + 8) * RTO;
    tc.CheckVisits(out,
                   'A',
                   {{TcpSocket::SYN_SENT, t0 - START},
                    {TcpSocket::ESTABLISHED, 0.005},
                    {TcpSocket::FIN_WAIT_1, abort - t0 - 0.005},
                    {TcpSocket::CLOSED, -1}});
    tc.CheckVisits(out, 'B', {}); // B never learns of A's close
    tc.CheckEnd(out, CloseOutcome::TIMEOUT, CloseOutcome::OPEN, 1000);
    tc.ExpectEq(out.result.a.finTx, 4, "A's FINs: the first and 3 retransmissions");
}

void
FinWait2Timeout(TableCase& tc)
{
    Config::SetDefault("ns3::TcpTeardownSocket::FinWait2Timeout", TimeValue(Seconds(1)));
    Config::SetDefault("ns3::TcpSocket::DataRetries", UintegerValue(6));
    RunOutput out = tc.RunScenario(CloseTestCase::BaseParams("four-way", "b2a:fin:all"));
    FourWay w = FourWay::FirstTry();
    tc.CheckVisits(out, 'A', ActiveCloserVisits(w.t0, w.tFw2, 1.0, -1));
    // B's data+FIN goes 1 + FinRetries (8) times (timeouts 0.2 .. 51.2 s, below
    // MaxFinRto), then B gives up: a FIN on data has the FIN's budget
    double bGivesUp = w.tAck1 + (1 + 2 + 4 + 8 + 16 + 32 + 64 + 128 + 256) * RTO;
    tc.CheckVisits(out, 'B', w.B(bGivesUp));
    tc.CheckEnd(out, CloseOutcome::TIMEOUT, CloseOutcome::TIMEOUT, 536, 0, 464);
    tc.ExpectEq(out.result.b.finTx, 9, "B's FINs");
}

// Every FIN, alone or on the last data segment, has one budget: FinRetries
// retransmissions with the timeout doubled up to MaxFinRto. B's FINs are all
// lost; MaxFinRto 1 s: timeouts 0.2, 0.4, 0.8, then 1 s six times.
void
FinBudget(TableCase& tc, const std::string& variant)
{
    Config::SetDefault("ns3::TcpTeardownSocket::MaxFinRto", TimeValue(Seconds(1)));
    RunOutput out = tc.RunScenario(CloseTestCase::BaseParams(variant, "b2a:fin:all"));
    FourWay w = FourWay::FirstTry();
    const double budget = 0.2 + 0.4 + 0.8 + 6 * 1.0; // 9 timeouts: 8 retransmissions, abort
    if (variant == "four-way")
    {
        // the FIN rides on B's second segment; the timer restarts on the ACK of the first
        tc.CheckVisits(out, 'B', w.B(w.tAck1 + budget));
    }
    else
    {
        // one bare FIN+ACK at A's FIN; nothing B sent is ever acknowledged
        tc.CheckVisits(
            out,
            'B',
            {{TcpSocket::CLOSE_WAIT, 0.0}, {TcpSocket::LAST_ACK, budget}, {TcpSocket::CLOSED, -1}});
    }
    tc.ExpectEq(out.result.b.finTx, 1 + 8, "B's FINs: the first and FinRetries (8) more");
    tc.Expect(out.result.b.outcome == CloseOutcome::TIMEOUT, "B gives up (timeout)");
    tc.Expect(out.result.a.outcome == CloseOutcome::OPEN,
              "A waits in FIN_WAIT_2 (half-closed, no timeout in RFC 9293)");
}

void
Simultaneous(TableCase& tc, bool loseAFin)
{
    TeardownParams p = CloseTestCase::BaseParams("simultaneous");
    p.drop = loseAFin ? "a2b:fin:1" : "";
    RunOutput out = tc.RunScenario(p);
    double t0 = HandshakeDone();
    double both = t0 + AckTx() + RequestTx() + DELAY; // request at B: both close
    double finAtA = both + S1() + S2() + DELAY;       // B's data+FIN at A
    double aFinAcked;                                 // B's ACK of A's FIN at A
    std::vector<Visit> b;
    if (!loseAFin)
    {
        aFinAcked = both + 2 * (AckTx() + DELAY);
        b = {{TcpSocket::FIN_WAIT_1, AckTx() + DELAY},
             {TcpSocket::CLOSING, finAtA + AckTx() + DELAY - (both + AckTx() + DELAY)},
             {TcpSocket::TIME_WAIT, 2 * MSL},
             {TcpSocket::CLOSED, -1}};
    }
    else
    {
        // A's timer restarts when B's first segment acknowledges its request
        double retx = both + S1() + DELAY + RTO;
        aFinAcked = retx + 2 * (AckTx() + DELAY);
        b = {{TcpSocket::FIN_WAIT_1, finAtA + AckTx() + DELAY - both},
             {TcpSocket::FIN_WAIT_2, retx - finAtA},
             {TcpSocket::TIME_WAIT, 2 * MSL},
             {TcpSocket::CLOSED, -1}};
    }
    tc.CheckVisits(out,
                   'A',
                   {{TcpSocket::SYN_SENT, t0 - START},
                    {TcpSocket::ESTABLISHED, both - t0},
                    {TcpSocket::FIN_WAIT_1, finAtA - both},
                    {TcpSocket::CLOSING, aFinAcked - finAtA},
                    {TcpSocket::TIME_WAIT, 2 * MSL},
                    {TcpSocket::CLOSED, -1}});
    tc.CheckVisits(out, 'B', b);
    tc.CheckEnd(out, ORDERLY, ORDERLY, 1000);
    tc.ExpectEq(out.result.a.finTx, loseAFin ? 2 : 1, "A's FINs");
}

void
ResetForClosedConnection(TableCase& tc)
{
    TeardownParams p = CloseTestCase::BaseParams("four-way", "a2b:ack-of-fin:1");
    p.variant = "four-way-no-timewait";
    RunOutput out = tc.RunScenario(p);
    FourWay w = FourWay::FirstTry();
    double retx = w.tAck1 + RTO;
    double rstAtB = retx + S2() + DELAY + Tx(RST_BYTES) + DELAY;
    tc.CheckVisits(out, 'A', ActiveCloserVisits(w.t0, w.tFw2, w.tFinA - w.tFw2, -1));
    tc.CheckVisits(out, 'B', w.B(rstAtB));
    tc.CheckEnd(out, ORDERLY, CloseOutcome::RESET, 1000);
    tc.ExpectEq(out.result.a.rstTx, 1, "A's stack answered B's FIN with RST");
    tc.ExpectEq(out.result.b.rstRx, 1, "B received the RST");
}

// A closes with most of a 20000-byte request still queued: RFC 9293 enters
// FIN_WAIT_1 at the CLOSE call, and the FIN follows the last queued byte.
// (ns-3 alone would stop sending new data in FIN_WAIT_1.)
void
CloseWithQueuedData(TableCase& tc)
{
    TeardownParams p = CloseTestCase::BaseParams("four-way");
    p.requestBytes = 20000;
    RunOutput out = tc.RunScenario(p);
    std::vector<Visit> a = CloseTestCase::Visits(out, 'A');
    tc.Expect(a.size() == 6 && a[2].state == TcpSocket::FIN_WAIT_1,
              "A: SYN_SENT, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT, CLOSED");
    tc.ExpectNear(a.at(1).dwell, 0.0, "FIN_WAIT_1 entered at the close call");
    uint32_t dataEnd = 0;
    uint32_t finEnd = 0;
    uint32_t fins = 0;
    for (const auto& s : out.segments)
    {
        if (s.direction != LinkDirection::A_TO_B)
        {
            continue;
        }
        if (s.length > 0)
        {
            dataEnd = std::max(dataEnd, s.seq + s.length);
        }
        if (s.flags & TcpHeader::FIN)
        {
            finEnd = s.seq + s.length;
            ++fins;
        }
    }
    tc.ExpectEq(dataEnd, 20001, "all 20000 request bytes were sent (from sequence number 1)");
    tc.ExpectEq(fins, 1, "one FIN");
    tc.ExpectEq(finEnd, 20001, "the FIN follows the last byte");
    tc.CheckEnd(out, ORDERLY, ORDERLY, 1000);
}

// B's retransmission timer rewinds SND.NXT to the first unacknowledged byte;
// B's application closes before the tail is sent again, and A's cumulative ACK
// then covers everything. The FIN's place is after the last queued byte, not
// SND.NXT: it leaves at the close call. (It used to wait for a retransmission
// of the tail that never came: B stayed in CLOSE_WAIT, A in FIN_WAIT_2.)
void
CloseAfterRtoRewind(TableCase& tc)
{
    double t0 = HandshakeDone();
    double requestAtB = t0 + AckTx() + RequestTx() + DELAY; // B answers, 1 ns later
    double retx = requestAtB + NS + RTO; // B's first segment (dropped) again, alone
    double finAtB = retx + 0.005;        // before that segment reaches A (10.5 ms)
    // A holds B's second segment out of order: its FIN+ACK carries a SACK
    // block (2 + 8 bytes: the options grow from 12 to 20 bytes)
    double finTx = Tx(HEADER_BYTES + 8);
    double closeDelay = finAtB - DELAY - finTx - t0;
    TeardownParams p = CloseTestCase::BaseParams("four-way", "b2a:data:1");
    p.closeDelayS = closeDelay;
    RunOutput out = tc.RunScenario(p);
    // B: ACK of A's FIN, then its bare FIN (seq 1001), back to back
    double ackAtA = finAtB + AckTx() + DELAY;
    double finAtA = ackAtA + AckTx();
    double closedB = finAtA + AckTx() + DELAY;
    tc.CheckVisits(out, 'A', ActiveCloserVisits(t0 + closeDelay, ackAtA, finAtA - ackAtA, 2 * MSL));
    tc.CheckVisits(out,
                   'B',
                   {{TcpSocket::CLOSE_WAIT, 0.0},
                    {TcpSocket::LAST_ACK, closedB - finAtB},
                    {TcpSocket::CLOSED, -1}});
    tc.CheckEnd(out, ORDERLY, ORDERLY, 1000);
    tc.ExpectEq(out.result.b.finTx, 1, "B's FINs");
    for (const auto& s : out.segments)
    {
        if (s.direction == LinkDirection::B_TO_A && (s.flags & TcpHeader::FIN))
        {
            tc.ExpectEq(s.seq, 1001, "B's FIN follows its 1000 bytes, not the rewound SND.NXT");
        }
    }
}

// A closes with 20000 bytes queued and its 5th data segment is lost: fast
// retransmit in FIN_WAIT_1. B's SACK blocks tell A what arrived; nothing B
// has is sent again, and every segment is full-sized except the last
// (20000 = 37 x 536 + 168), as ns-3 sends in ESTABLISHED. (Sending from
// SND.NXT into SACKed data with new boundaries corrupted ns-3's count of
// SACKed bytes and could stall the connection.)
void
QueuedDataFastRetransmit(TableCase& tc)
{
    TeardownParams p = CloseTestCase::BaseParams("four-way", "a2b:data:5");
    p.requestBytes = 20000;
    p.responseBytes = 5000;
    RunOutput out = tc.RunScenario(p);
    std::vector<std::pair<uint32_t, uint32_t>> received; // byte ranges B got
    uint32_t lostSeq = 0;
    uint32_t dataSegments = 0;
    for (const auto& s : out.segments)
    {
        if (s.direction != LinkDirection::A_TO_B || s.length == 0)
        {
            continue;
        }
        ++dataSegments;
        bool last = s.seq + s.length == 20001;
        tc.ExpectEq(s.length, last ? 168 : 536, "segment size (seq " + std::to_string(s.seq) + ")");
        for (const auto& r : received)
        {
            tc.Expect(s.seq + s.length <= r.first || s.seq >= r.second,
                      "bytes B already had are not sent again (seq " + std::to_string(s.seq) + ")");
        }
        if (s.dropped)
        {
            lostSeq = s.seq;
        }
        else
        {
            received.emplace_back(s.seq, s.seq + s.length);
        }
    }
    tc.ExpectEq(lostSeq, 1 + 4 * 536, "the 5th segment was the one lost");
    tc.ExpectEq(dataSegments, 38 + 1, "37 full segments, the 168-byte tail, one retransmission");
    tc.CheckEnd(out, ORDERLY, ORDERLY, 5000);
}

// A RST reaches A 0.5 s into TIME_WAIT, in sequence (SEQ = A's RCV.NXT =
// 1002: B's 1000 bytes and FIN). The close had completed, so A's outcome is
// orderly; the cut and what was left of TIME_WAIT are recorded. With
// IgnoreRstInTimeWait (RFC 1337) TIME_WAIT runs its full 2 MSL.
void
RstInTimeWait(TableCase& tc, bool ignore)
{
    Config::SetDefault("ns3::TcpTeardownSocket::IgnoreRstInTimeWait", BooleanValue(ignore));
    FourWay w = FourWay::FirstTry();
    const double inject = w.tFinA + 0.5;
    Ptr<Socket> socketA;
    RunOutput out =
        tc.RunScenario(CloseTestCase::BaseParams("four-way"), [&](const ScenarioParts& parts) {
            socketA = parts.socketA;
            InjectToA(parts, Seconds(inject), TcpHeader::RST, 1002);
        });
    double rstAtA = inject + Tx(RST_BYTES) + DELAY;
    double timeWait = ignore ? 2 * MSL : rstAtA - w.tFinA;
    tc.CheckVisits(out, 'A', w.A(w.tFw2, w.tFinA, timeWait));
    tc.CheckEnd(out, ORDERLY, ORDERLY, 1000);
    tc.Expect(out.result.a.timeWaitCut == !ignore, "TIME_WAIT cut by the RST");
    tc.ExpectNear(out.result.a.timeWaitRemainingS,
                  ignore ? -1.0 : 2 * MSL - timeWait,
                  "TIME_WAIT left at the cut");
    tc.ExpectEq(DynamicCast<TcpTeardownSocket>(socketA)->GetTimeWaitRstCount(),
                1,
                "RSTs accepted in TIME_WAIT");
    tc.Expect(!out.result.b.timeWaitCut, "B had no TIME_WAIT");
}

// The transitions EnterState admits, against RFC 9293's figure 5 (3.3.2)
// written out by hand: every pair of synchronized states and CLOSED.
void
StateDiagram(TableCase& tc)
{
    using S = TcpSocket;
    const std::vector<S::TcpStates_t> states = {S::ESTABLISHED,
                                                S::FIN_WAIT_1,
                                                S::FIN_WAIT_2,
                                                S::CLOSE_WAIT,
                                                S::CLOSING,
                                                S::LAST_ACK,
                                                S::TIME_WAIT,
                                                S::CLOSED};
    const std::set<std::pair<S::TcpStates_t, S::TcpStates_t>> rfc = {
        {S::ESTABLISHED, S::FIN_WAIT_1}, // CLOSE
        {S::ESTABLISHED, S::CLOSE_WAIT}, // rcv FIN
        {S::FIN_WAIT_1, S::FIN_WAIT_2},  // rcv ACK of FIN
        {S::FIN_WAIT_1, S::CLOSING},     // rcv FIN
        {S::FIN_WAIT_1, S::TIME_WAIT},   // rcv FIN that acknowledges ours
        {S::FIN_WAIT_2, S::TIME_WAIT},   // rcv FIN
        {S::CLOSING, S::TIME_WAIT},      // rcv ACK of FIN
        {S::CLOSE_WAIT, S::LAST_ACK},    // CLOSE
    };
    for (auto from : states)
    {
        for (auto to : states)
        {
            // CLOSED from any open state: RST, ABORT, give-up, end of TIME_WAIT
            bool expected = rfc.count({from, to}) > 0 || (to == S::CLOSED && from != S::CLOSED);
            tc.Expect(TcpTeardownSocket::IsRfcTransition(from, to) == expected,
                      std::string(S::TcpStateName[from]) + " -> " + S::TcpStateName[to]);
        }
    }
}

// A's receive buffer holds two segments (RcvBufSize 1072) and A's
// application reads nothing until readAt: B, in CLOSE_WAIT with 5000 bytes to
// send, fills A's window and probes the zero window (PersistTimeout 1 s,
// doubled after each probe). The close completes once A reads.
void
ZeroWindowCloseWait(TableCase& tc)
{
    Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(1072));
    Config::SetDefault("ns3::TcpSocket::PersistTimeout", TimeValue(Seconds(1)));
    TeardownParams p = CloseTestCase::BaseParams("four-way");
    p.responseBytes = 5000;
    const double readAt = 4.0;
    uint64_t read = 0;
    RunOutput out = tc.RunScenario(p, [&](const ScenarioParts& parts) {
        Ptr<Socket> a = parts.socketA;
        auto drain = [a, &read](Ptr<Socket>) {
            while (Ptr<Packet> pkt = a->Recv())
            {
                if (pkt->GetSize() == 0)
                {
                    break;
                }
                read += pkt->GetSize();
            }
        };
        // after ClosingClient::Connect (same time, scheduled before) set its callback
        CompatSchedule(Seconds(START),
                       [a]() { a->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>()); });
        CompatSchedule(Seconds(readAt), [a, drain]() {
            a->SetRecvCallback(CompatCallback<Ptr<Socket>>(drain));
            drain(a);
        });
    });
    FourWay w = FourWay::FirstTry();
    // B's ACK of A's FIN, then two segments fill A's buffer; A's ACK of the
    // second advertises window 0
    double zeroWindowAtB = w.tFinB + AckTx() + 2 * S1() + DELAY + AckTx() + DELAY;
    double probe1 = zeroWindowAtB + 1.0; // A still not reading: window 0 again
    double probe2 = probe1 + 2.0;        // after readAt: accepted, window 1072
    double probeTx = Tx(Wire(1));
    // the window (1072) lets two segments go per round trip, clocked by A's ACKs
    double round = S1() + AckTx() + 2 * DELAY;
    double round1 = probe2 + probeTx + DELAY + AckTx() + DELAY;
    // 5000 - 1073 = 7 x 536 + 175: rounds of 2, 2, 2, then 536 and 175+FIN
    double lastSent = round1 + 3 * round + S1();
    double finAtA = lastSent + Tx(Wire(175)) + DELAY;
    double closedB = finAtA + AckTx() + DELAY;
    tc.CheckVisits(out, 'A', w.A(w.tFw2, finAtA, 2 * MSL));
    tc.CheckVisits(out,
                   'B',
                   {{TcpSocket::CLOSE_WAIT, lastSent - w.tFinB},
                    {TcpSocket::LAST_ACK, closedB - lastSent},
                    {TcpSocket::CLOSED, -1}});
    std::vector<double> probes;
    for (const auto& seg : out.segments)
    {
        if (seg.direction == LinkDirection::B_TO_A && seg.length == 1)
        {
            probes.push_back(seg.sentTime.GetSeconds());
            tc.ExpectEq(seg.seq, 1073, "a probe carries the first unacknowledged octet");
        }
    }
    tc.ExpectEq(probes.size(), 2, "zero-window probes");
    if (probes.size() == 2)
    {
        tc.ExpectNear(probes[0], probe1, "first probe: PersistTimeout after the zero window");
        tc.ExpectNear(probes[1], probe2, "second probe: the timeout doubled");
    }
    tc.ExpectEq(read, 5000, "A read all of B's response");
    tc.Expect(out.result.a.outcome == CloseOutcome::ORDERLY, "A orderly");
    tc.Expect(out.result.b.outcome == CloseOutcome::ORDERLY, "B orderly");
}

class CloseConformanceTestSuite : public TableSuite
{
  public:
    CloseConformanceTestSuite()
        : TableSuite("tcp-teardown-conformance")
    {
        Add("state transitions are RFC 9293's", StateDiagram);
        Add("no loss", NoLoss);
        Add("A closes with 20000 bytes queued", CloseWithQueuedData);
        Add("A's FIN lost once", [](TableCase& tc) { AFinLost(tc, 1); });
        Add("A's FIN lost twice", [](TableCase& tc) { AFinLost(tc, 2); });
        Add("B's ACK of A's FIN lost", AckOfAFinLost);
        Add("B's FIN lost", [](TableCase& tc) { BFinLost(tc, "b2a:fin:1"); });
        Add("B's last data segment lost", [](TableCase& tc) { BFinLost(tc, "b2a:last-data:1"); });
        Add("B's first data segment lost (FIN beyond a hole)", FirstDataLost);
        Add("A's final ACK lost once", [](TableCase& tc) { FinalAckLost(tc, 1); });
        Add("A's final ACK lost three times", [](TableCase& tc) { FinalAckLost(tc, 3); });
        Add("B's FIN and A's final ACK lost", BFinAndFinalAckLost);
        Add("A's FIN lost more often than FinRetries", FinRetriesExhausted);
        Add("FIN_WAIT_2 timeout, B gives up after FinRetries", FinWait2Timeout);
        Add("four-way: a FIN on data has the FIN budget (MaxFinRto cap)",
            [](TableCase& tc) { FinBudget(tc, "four-way"); });
        Add("three-way: a bare FIN+ACK has the same budget (MaxFinRto cap)",
            [](TableCase& tc) { FinBudget(tc, "three-way"); });
        Add("simultaneous close", [](TableCase& tc) { Simultaneous(tc, false); });
        Add("simultaneous close, A's FIN lost", [](TableCase& tc) { Simultaneous(tc, true); });
        Add("RST for a closed connection (no TIME_WAIT, final ACK lost)", ResetForClosedConnection);
        Add("B closes after an RTO rewound SND.NXT", CloseAfterRtoRewind);
        Add("A closes with 20000 bytes queued, fast retransmit in FIN_WAIT_1",
            QueuedDataFastRetransmit);
        Add("RST in TIME_WAIT: orderly, TIME_WAIT cut",
            [](TableCase& tc) { RstInTimeWait(tc, false); });
        Add("RST in TIME_WAIT ignored (IgnoreRstInTimeWait)",
            [](TableCase& tc) { RstInTimeWait(tc, true); });
        Add("zero window in CLOSE_WAIT: B probes until A reads", ZeroWindowCloseWait);
        Add("a listener answers a stray ACK with RST",
            [](TableCase& tc) { CheckListenerAnswer(tc, "four-way", true); });
    }
};

CloseConformanceTestSuite g_closeConformanceTestSuite;
} // namespace
