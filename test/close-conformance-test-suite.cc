/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Conformance of the close path to RFC 9293, case by case. Every expected
 * state sequence and dwell time is worked out from the link (10 Mb/s, 10 ms),
 * the segment sizes, the RTO (MinRto, doubled on each expiry, capped by
 * MaxFinRto), the delayed-ACK rule and the MSL (1 s), following
 * close-rules.md; none is read back from the model.
 *
 * Workload: A connects at 1 s; the instant the handshake completes (t0) it
 * sends a 100-byte request and closes, so its FIN rides on the request.
 * B answers with 1000 bytes (536 + 464, the FIN on the second segment) and
 * closes once it has A's FIN.
 *
 * Every case runs under two configurations (StackProfile):
 *  - tuned (the case's plain name): DelAckCount 1 (every segment
 *    acknowledged at once), MinRto 200 ms;
 *  - defaults ("[defaults]"): ns-3's defaults that the sweeps run, DelAckCount
 *    2 with DelAckTimeout 200 ms, MinRto 1 s. The computed RTO (SRTT + 4
 *    RTTVAR, about 60 ms here) is below MinRto in both, so RTO = MinRto.
 * SACK is on in both. Delayed ACK, as the derivations use it: a segment that
 * carries a FIN, fills a hole or arrives out of order, and every second
 * in-order segment, is acknowledged at once; a lone in-order segment after
 * DelAckTimeout (B's first segment when the second is lost); ns-3 answers the
 * first data segment after the handshake at once (B's ACK of A's request).
 * Where a configuration changes what happens, the case says so: under delayed
 * ACK A's final ACK is the only, cumulative ACK of B's data, and a timeout
 * then resends only the head (536 bytes, no FIN).
 * Every case is derived for both; the one exception is the state-diagram
 * check, which runs no scenario. (Under the defaults, B's FIN and A's final
 * ACK lost runs with MSL 1.5 s: with 2 RTO = 2 MSL the second retransmission
 * would reach A the instant its TIME_WAIT ends.)
 */

#include "close-test-case.h"

#include "ns3/boolean.h"
#include "ns3/closing-server.h"
#include "ns3/config.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-teardown-socket.h"

#include <set>

using namespace ns3;
using namespace ns3::teardowntest;

namespace
{
const double NS = 1e-9; // ns-3 sends queued data one time step after Send()

/** \return when \p endpoint last entered CLOSED (-1: never) */
double
ClosedAt(const RunOutput& out, char endpoint)
{
    double at = -1.0;
    for (const auto& t : out.transitions)
    {
        if (t.endpoint == endpoint && t.to == TcpSocket::CLOSED)
        {
            at = t.time.GetSeconds();
        }
    }
    return at;
}

double
AClosedAt(const RunOutput& out)
{
    return ClosedAt(out, 'A');
}

double
BClosedAt(const RunOutput& out)
{
    return ClosedAt(out, 'B');
}

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
    double tAck1;               //!< A's ACK of the first segment alone reaches B

    /**
     * \param finAtB when A's FIN reaches B
     * \param loneAckDelay how long A holds the ACK of an in-order segment
     *        that comes alone: 0 with DelAckCount 1, else DelAckTimeout (a
     *        FIN, a second segment or a filled hole is acknowledged at once)
     */
    FourWay(double finAtB, double loneAckDelay)
        : tFinB(finAtB),
          tFw2(finAtB + AckTx() + DELAY),
          tSeg1A(finAtB + AckTx() + S1() + DELAY),
          tFinA(finAtB + AckTx() + S1() + S2() + DELAY),
          tAck1(finAtB + AckTx() + S1() + DELAY + loneAckDelay + AckTx() + DELAY)
    {
    }

    /** A's FIN on the first try: it waits behind the handshake ACK. */
    static FourWay FirstTry(const TableCase& tc)
    {
        double t0 = HandshakeDone();
        return FourWay(t0 + AckTx() + RequestTx() + DELAY, LoneAckDelay(tc));
    }

    /** A's FIN after \p rtos seconds of retransmission timeouts (it no longer waits). */
    static FourWay AfterTimeouts(const TableCase& tc, double rtos)
    {
        return FourWay(HandshakeDone() + rtos + RequestTx() + DELAY, LoneAckDelay(tc));
    }

    /** \return how long the receiver holds the ACK of one in-order segment */
    static double LoneAckDelay(const TableCase& tc)
    {
        return tc.AcksAtOnce() ? 0.0 : tc.Profile().delAckTimeout;
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

/**
 * \return the time \p expiries expiries of the retransmission timer take:
 * RTO, 2 RTO, 4 RTO, ... each capped at \p cap (RFC 6298 5.5; MaxFinRto)
 */
double
Backoff(double rto, int expiries, double cap = 60.0)
{
    double total = 0.0;
    for (int i = 0; i < expiries; ++i)
    {
        total += std::min(rto * (1 << i), cap);
    }
    return total;
}

void
NoLoss(TableCase& tc)
{
    RunOutput out = tc.RunScenario(CloseTestCase::BaseParams("four-way"));
    FourWay w = FourWay::FirstTry(tc);
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
    FourWay w = FourWay::AfterTimeouts(tc, rtos * tc.Rto());
    tc.CheckVisits(out, 'A', w.A(w.tFw2, w.tFinA, 2 * MSL));
    tc.CheckVisits(out, 'B', w.B(w.tFinA + AckTx() + DELAY));
    tc.CheckEnd(out, ORDERLY, ORDERLY, 1000);
    tc.ExpectEq(out.result.a.finTx, times + 1, "A's FINs");
}

void
AckOfAFinLost(TableCase& tc)
{
    RunOutput out = tc.RunScenario(CloseTestCase::BaseParams("four-way", "b2a:ack-of-fin:1"));
    FourWay w = FourWay::FirstTry(tc);
    // B's first data segment carries the same acknowledgment: FIN_WAIT_2 then
    tc.CheckVisits(out, 'A', w.A(w.tSeg1A, w.tFinA, 2 * MSL));
    tc.CheckVisits(out, 'B', w.B(w.tFinA + AckTx() + DELAY));
    tc.CheckEnd(out, ORDERLY, ORDERLY, 1000);
}

void
BFinLost(TableCase& tc, const std::string& rule)
{
    RunOutput out = tc.RunScenario(CloseTestCase::BaseParams("four-way", rule));
    FourWay w = FourWay::FirstTry(tc);
    double retx = w.tAck1 + tc.Rto(); // the timer restarted on the ACK of the first segment
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
    FourWay w = FourWay::FirstTry(tc);
    // A holds B's FIN beyond the hole; B's timer runs from its first data segment
    double retx = w.tFinB + NS + tc.Rto();
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
    FourWay w = FourWay::FirstTry(tc);
    if (tc.AcksAtOnce())
    {
        // A acknowledged B's first segment on its own: B's timer restarted
        // there, and B resends its data+FIN, which restarts A's TIME_WAIT
        double rtos = times == 1 ? 1.0 : 7.0; // RTO, then 2 and 4 RTO more
        double lastRetx = w.tAck1 + rtos * tc.Rto();
        double lastFinAtA = lastRetx + S2() + DELAY; // TIME_WAIT restarts here
        tc.CheckVisits(out, 'A', w.A(w.tFw2, w.tFinA, lastFinAtA - w.tFinA + 2 * MSL));
        tc.CheckVisits(out, 'B', w.B(lastFinAtA + AckTx() + DELAY));
        tc.CheckEnd(out, ORDERLY, ORDERLY, 1000);
        tc.ExpectEq(out.result.b.finTx, times + 1, "B's FINs");
        tc.ExpectEq(out.result.a.dropped, times, "exactly the final ACKs were lost");
        return;
    }
    // Delayed ACK: A held the ACK of B's first segment, and the second (with
    // the FIN) made it send one cumulative ACK, the final ACK. With it lost,
    // nothing of B's was acknowledged: B's timer runs from its first segment
    // and resends only the head (536 bytes, no FIN). A, in TIME_WAIT,
    // acknowledges that old segment (RFC 9293 3.10.7.4: an unacceptable
    // segment gets an ACK) without restarting TIME_WAIT (only a FIN does).
    double retx1 = w.tFinB + NS + tc.Rto();
    if (times == 1)
    {
        tc.CheckVisits(out, 'A', w.A(w.tFw2, w.tFinA, 2 * MSL));
        tc.CheckVisits(out, 'B', w.B(retx1 + S1() + DELAY + AckTx() + DELAY));
        tc.CheckEnd(out, ORDERLY, ORDERLY, 1000);
        tc.ExpectEq(out.result.b.finTx, 1, "B's FINs: the head-only retransmission has none");
        tc.ExpectEq(out.result.a.dropped, 1, "the final ACK was lost");
        return;
    }
    // Three lost: the answer to the first resent head is lost too; the
    // second resend (RTO + 2 RTO = 3 s after the first segment) comes after
    // A's TIME_WAIT (2 MSL = 2 s) ended, and A's stack answers it with RST.
    double retx2 = retx1 + 2 * tc.Rto();
    tc.Expect(retx2 > w.tFinA + 2 * MSL, "the second resend comes after TIME_WAIT");
    double rstAtB = retx2 + S1() + DELAY + Tx(RstBytes()) + DELAY;
    tc.CheckVisits(out, 'A', w.A(w.tFw2, w.tFinA, 2 * MSL));
    tc.CheckVisits(out, 'B', w.B(rstAtB));
    tc.CheckEnd(out, ORDERLY, CloseOutcome::RESET, 1000);
    tc.ExpectEq(out.result.b.finTx, 1, "B's FINs");
    tc.ExpectEq(out.result.a.dropped, 2, "A's final ACK and its answer to the resent head");
    tc.ExpectEq(out.result.a.rstTx, 1, "A's stack answered the second resend with RST");
}

void
BFinAndFinalAckLost(TableCase& tc)
{
    // Under the defaults 2 RTO = 2 s = 2 MSL: the second retransmission would
    // reach A the instant its TIME_WAIT ends (a tie the simulator breaks by
    // event order); MSL 1.5 s keeps the case about the restart.
    double msl = tc.AcksAtOnce() ? MSL : 1.5;
    TeardownParams p = CloseTestCase::BaseParams("four-way", "b2a:fin:1;a2b:ack-of-fin:1");
    p.mslS = msl;
    RunOutput out = tc.RunScenario(p);
    FourWay w = FourWay::FirstTry(tc);
    double retx1 = w.tAck1 + tc.Rto();
    double retx2 = retx1 + 2 * tc.Rto();
    double finAtA = retx1 + S2() + DELAY;
    tc.CheckVisits(out, 'A', w.A(w.tFw2, finAtA, (retx2 - retx1) + 2 * msl));
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
    // B acknowledges the request at once with a pure ACK, also under delayed
    // ACK: ns-3 answers the first data segment after the handshake without
    // delay ("to speed up the connection", like Linux's quick ACKs)
    double ackAtA = requestAtB + AckTx() + DELAY;
    double abort = ackAtA + Backoff(tc.Rto(), 4); // restarted there; only the FIN is left
    tc.CheckVisits(out,
                   'A',
                   {{TcpSocket::SYN_SENT, t0 - START},
                    {TcpSocket::ESTABLISHED, 0.005},
                    {TcpSocket::FIN_WAIT_1, abort - t0 - 0.005},
                    {TcpSocket::CLOSED, -1}});
    // B never learns of A's close; A's give-up RST (RstOnGiveUp, 54 bytes
    // with the timestamp option) ends B's connection one link delay later
    tc.CheckVisits(out, 'B', {{TcpSocket::CLOSED, -1}});
    tc.ExpectNear(BClosedAt(out), abort + AckTx() + DELAY, "A's RST reaches B");
    tc.CheckEnd(out, CloseOutcome::TIMEOUT, CloseOutcome::RESET, 1000);
    tc.ExpectEq(out.result.a.finTx, 4, "A's FINs: the first and 3 retransmissions");
    tc.ExpectEq(out.result.a.rstTx, 1, "A's give-up RST");
}

// RstOnGiveUp off (Linux: tcp_write_err/tcp_done send nothing), or its RST
// lost: B's FINs are all lost, B gives up after FinRetries, and A, half-closed
// in FIN_WAIT_2 (no timeout in RFC 9293), waits for ever: stranded.
void
GiveUpWithoutRst(TableCase& tc, bool rstOnGiveUp)
{
    Config::SetDefault("ns3::TcpTeardownSocket::RstOnGiveUp", BooleanValue(rstOnGiveUp));
    Config::SetDefault("ns3::TcpTeardownSocket::FinRetries", UintegerValue(2));
    RunOutput out = tc.RunScenario(
        CloseTestCase::BaseParams("four-way",
                                  rstOnGiveUp ? "b2a:fin:all;b2a:rst:all" : "b2a:fin:all"));
    FourWay w = FourWay::FirstTry(tc);
    double bGivesUp = w.tAck1 + Backoff(tc.Rto(), 3); // three expiries: 2 retransmissions, abort
    tc.CheckVisits(out, 'B', w.B(bGivesUp));
    std::vector<Visit> a = ActiveCloserVisits(w.t0, w.tFw2, -1, -1);
    a.pop_back(); // no CLOSED: A is still in FIN_WAIT_2 at the end of the run
    tc.CheckVisits(out, 'A', a);
    tc.CheckEnd(out, CloseOutcome::STRANDED, CloseOutcome::TIMEOUT, 536, 0, 464);
    tc.ExpectEq(out.result.b.rstTx, rstOnGiveUp ? 1 : 0, "B's give-up RSTs");
    Config::SetDefault("ns3::TcpTeardownSocket::RstOnGiveUp", BooleanValue(true));
    Config::SetDefault("ns3::TcpTeardownSocket::FinRetries", UintegerValue(8));
}

// Every FIN, alone or on the last data segment, has one budget: FinRetries
// retransmissions with the timeout doubled up to MaxFinRto. B's FINs are all
// lost; MaxFinRto 1 s: timeouts 0.2, 0.4, 0.8, then 1 s six times.
void
FinBudget(TableCase& tc, const std::string& variant)
{
    Config::SetDefault("ns3::TcpTeardownSocket::MaxFinRto", TimeValue(Seconds(1)));
    RunOutput out = tc.RunScenario(CloseTestCase::BaseParams(variant, "b2a:fin:all"));
    FourWay w = FourWay::FirstTry(tc);
    const double budget = Backoff(tc.Rto(), 9, 1.0); // 9 timeouts: 8 retransmissions, abort
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
    // A waits in FIN_WAIT_2 (half-closed, no timeout in RFC 9293) until B's
    // give-up RST (RstOnGiveUp) arrives
    tc.Expect(out.result.a.outcome == CloseOutcome::RESET, "A reset by B's give-up RST");
    tc.ExpectNear(AClosedAt(out), BClosedAt(out) + AckTx() + DELAY, "B's RST reaches A");
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
        double retx = both + S1() + DELAY + tc.Rto();
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
    FourWay w = FourWay::FirstTry(tc);
    // DelAckCount 1: A acknowledged B's first segment, B resends its second
    // (data+FIN). Delayed ACK: A's one cumulative ACK was the final ACK, B's
    // timer runs from its first segment and resends only the head (536).
    double retx = tc.AcksAtOnce() ? w.tAck1 + tc.Rto() : w.tFinB + NS + tc.Rto();
    double resent = tc.AcksAtOnce() ? S2() : S1();
    double rstAtB = retx + resent + DELAY + Tx(RstBytes()) + DELAY;
    tc.CheckVisits(out, 'A', ActiveCloserVisits(w.t0, w.tFw2, w.tFinA - w.tFw2, -1));
    tc.CheckVisits(out, 'B', w.B(rstAtB));
    tc.CheckEnd(out, ORDERLY, CloseOutcome::RESET, 1000);
    tc.ExpectEq(out.result.a.rstTx, 1, "A's stack answered B's FIN with RST");
    tc.ExpectEq(out.result.b.rstRx, 1, "B received the RST");
}

// FinalAck=no ("A closes directly"): A closes on B's FIN without
// acknowledging it; B's retransmission finds no connection, and A's stack
// answers with RST (no option: 42 bytes). DelAckCount 1: A acknowledged B's
// first segment, B resends its data+FIN after RTO; delayed ACK: the ACK A
// held for the first segment dies with the connection, nothing of B's was
// acknowledged and B resends its first segment (the head) after RTO.
void
NoFinalAck(TableCase& tc)
{
    TeardownParams p = CloseTestCase::BaseParams("four-way");
    p.finalAck = "no";
    RunOutput out = tc.RunScenario(p);
    FourWay w = FourWay::FirstTry(tc);
    double retx = tc.AcksAtOnce() ? w.tAck1 + tc.Rto() : w.tFinB + NS + tc.Rto();
    double resent = tc.AcksAtOnce() ? S2() : S1();
    double rstAtB = retx + resent + DELAY + Tx(RstBytes()) + DELAY;
    tc.CheckVisits(out, 'A', ActiveCloserVisits(w.t0, w.tFw2, w.tFinA - w.tFw2, -1));
    tc.CheckVisits(out, 'B', w.B(rstAtB));
    tc.CheckEnd(out, ORDERLY, CloseOutcome::RESET, 1000);
    tc.ExpectEq(out.result.a.rstTx, 1, "A's stack answered B's retransmission with RST");
    tc.ExpectEq(out.result.b.finTx, tc.AcksAtOnce() ? 2 : 1, "B's FINs");
}

// Both FINs lost once: A's request+FIN goes again after RTO; B's data+FIN
// after RTO from A's ACK of B's first segment (held DelAckTimeout under
// delayed ACK: the first segment comes alone).
void
BothFinsLost(TableCase& tc)
{
    RunOutput out = tc.RunScenario(CloseTestCase::BaseParams("four-way", "a2b:fin:1;b2a:fin:1"));
    FourWay w = FourWay::AfterTimeouts(tc, tc.Rto());
    double retx = w.tAck1 + tc.Rto();
    double finAtA = retx + S2() + DELAY;
    tc.CheckVisits(out, 'A', w.A(w.tFw2, finAtA, 2 * MSL));
    tc.CheckVisits(out, 'B', w.B(finAtA + AckTx() + DELAY));
    tc.CheckEnd(out, ORDERLY, ORDERLY, 1000);
    tc.ExpectEq(out.result.a.finTx, 2, "A's FINs");
    tc.ExpectEq(out.result.b.finTx, 2, "B's FINs");
}

// Simultaneous close, B's ACK of A's FIN lost: A stays in CLOSING (B's data
// segments left before A's FIN arrived and acknowledge only the request)
// until its FIN, resent RTO after the first of them acknowledged the request,
// reaches B in TIME_WAIT: B acknowledges it again and restarts TIME_WAIT.
void
SimultaneousAckInClosingLost(TableCase& tc)
{
    RunOutput out = tc.RunScenario(CloseTestCase::BaseParams("simultaneous", "b2a:ack-of-fin:1"));
    double t0 = HandshakeDone();
    double both = t0 + AckTx() + RequestTx() + DELAY; // request at B: both close
    double finAtA = both + S1() + S2() + DELAY;       // B's data+FIN at A
    double retx = both + S1() + DELAY + tc.Rto();     // A's FIN again
    double aFinAcked = retx + 2 * (AckTx() + DELAY);
    double bTimeWait = finAtA + AckTx() + DELAY; // A's ACK of B's FIN at B
    tc.CheckVisits(out,
                   'A',
                   {{TcpSocket::SYN_SENT, t0 - START},
                    {TcpSocket::ESTABLISHED, both - t0},
                    {TcpSocket::FIN_WAIT_1, finAtA - both},
                    {TcpSocket::CLOSING, aFinAcked - finAtA},
                    {TcpSocket::TIME_WAIT, 2 * MSL},
                    {TcpSocket::CLOSED, -1}});
    tc.CheckVisits(out,
                   'B',
                   {{TcpSocket::FIN_WAIT_1, AckTx() + DELAY},
                    {TcpSocket::CLOSING, bTimeWait - (both + AckTx() + DELAY)},
                    {TcpSocket::TIME_WAIT, (retx + AckTx() + DELAY) - bTimeWait + 2 * MSL},
                    {TcpSocket::CLOSED, -1}});
    tc.CheckEnd(out, ORDERLY, ORDERLY, 1000);
    tc.ExpectEq(out.result.a.finTx, 2, "A's FINs");
    tc.ExpectEq(out.result.b.finTx, 1, "B's FINs");
}

// A closes with a 2244-byte request queued (4 x 536 + 100, the FIN on the
// fifth segment; the initial window of 10 segments lets all five go at once)
// and the first is lost: B holds the FIN beyond the hole. Its three
// duplicate ACKs (each with one SACK block: 62 bytes) for segments 2, 3, 4
// make A retransmit the first segment in FIN_WAIT_1 (RFC 6675 fast
// retransmit); when it fills the hole B has A's FIN in sequence: CLOSE_WAIT.
void
FinBeyondHoleFastRetransmit(TableCase& tc)
{
    TeardownParams p = CloseTestCase::BaseParams("four-way", "a2b:data:1");
    p.requestBytes = 4 * 536 + 100;
    RunOutput out = tc.RunScenario(p);
    const double seg = Tx(Wire(536));
    const double dupAck = Tx(HeaderBytes() + 8);
    double t0 = HandshakeDone();
    double thirdDupAck = t0 + AckTx() + 4 * seg + DELAY; // segment 4 reaches B
    double fastRetx = thirdDupAck + dupAck + DELAY;
    FourWay w(fastRetx + seg + DELAY, FourWay::LoneAckDelay(tc)); // the hole filled: A's FIN
    tc.CheckVisits(out, 'A', w.A(w.tFw2, w.tFinA, 2 * MSL));
    tc.CheckVisits(out, 'B', w.B(w.tFinA + AckTx() + DELAY));
    tc.CheckEnd(out, ORDERLY, ORDERLY, 1000);
    tc.ExpectEq(out.result.a.finTx, 1, "A's FIN went once, on the fifth segment");
    tc.ExpectEq(out.result.a.dataRetx, 1, "one fast retransmission");
}

// A closes with a 2000-byte request queued; B's receive buffer holds two
// segments (RcvBufSize 1072) and B's application reads nothing before
// readAt: A, in FIN_WAIT_1, fills B's window with two segments and probes the
// zero window (PersistTimeout 1 s, doubled after each probe; RFC 9293
// 3.8.6.1). The first probe finds the window still closed and is answered
// at once (an unacceptable segment gets an ACK); B reads at readAt, and the
// second probe's ACK opens the window: the rest (536, then 391 with the FIN)
// follows at once. Delayed ACK: B answers its first data segment at once
// (ns-3, after the handshake), holds the ACK of the second (and of the
// accepted probe) DelAckTimeout; the last segment carries the FIN.
void
ZeroWindowFinWait1(TableCase& tc)
{
    Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(1072));
    Config::SetDefault("ns3::TcpSocket::PersistTimeout", TimeValue(Seconds(1)));
    TeardownParams p = CloseTestCase::BaseParams("four-way");
    p.requestBytes = 2000;
    const double readAt = 2.5;
    RunOutput out = tc.RunScenario(p, [readAt](const ScenarioParts& parts) {
        parts.serverB->SetReadStart(Seconds(readAt));
    });
    const double seg = Tx(Wire(536));
    const double held = FourWay::LoneAckDelay(tc);
    double t0 = HandshakeDone();
    // B's ACK of the second segment advertises window 0
    double zeroWindowAtA = t0 + AckTx() + 2 * seg + DELAY + held + AckTx() + DELAY;
    double probe1 = zeroWindowAtA + 1.0;
    double probe2 = probe1 + 2.0;
    tc.Expect(probe1 < readAt && readAt < probe2, "B reads between the probes");
    double open = probe2 + Tx(Wire(1)) + DELAY + held + AckTx() + DELAY;
    FourWay w(open + seg + Tx(Wire(391)) + DELAY, held); // A's FIN at B
    tc.CheckVisits(out, 'A', w.A(w.tFw2, w.tFinA, 2 * MSL));
    tc.CheckVisits(out, 'B', w.B(w.tFinA + AckTx() + DELAY));
    tc.CheckEnd(out, ORDERLY, ORDERLY, 1000);
    std::vector<double> probes;
    for (const auto& s : out.segments)
    {
        if (s.direction == LinkDirection::A_TO_B && s.length == 1)
        {
            probes.push_back(s.sentTime.GetSeconds());
            tc.ExpectEq(s.seq, 1073, "a probe carries the first unacknowledged octet");
        }
    }
    tc.ExpectEq(probes.size(), 2, "zero-window probes in FIN_WAIT_1");
    if (probes.size() == 2)
    {
        tc.ExpectNear(probes[0], probe1, "first probe: PersistTimeout after the zero window");
        tc.ExpectNear(probes[1], probe2, "second probe: the timeout doubled");
    }
    tc.ExpectEq(out.result.a.finTx, 1, "A's FIN went once, on its last segment");
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
    double retx = requestAtB + NS + tc.Rto(); // B's first segment (dropped) again, alone
    double finAtB = retx + 0.005;             // before that segment reaches A (10.5 ms)
    // A holds B's second segment out of order: its FIN+ACK carries a SACK
    // block (2 + 8 bytes: the options grow from 12 to 20 bytes)
    double finTx = Tx(HeaderBytes() + 8);
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
    FourWay w = FourWay::FirstTry(tc);
    const double inject = w.tFinA + 0.5;
    Ptr<Socket> socketA;
    RunOutput out =
        tc.RunScenario(CloseTestCase::BaseParams("four-way"), [&](const ScenarioParts& parts) {
            socketA = parts.socketA;
            InjectToA(parts, Seconds(inject), TcpHeader::RST, 1002);
        });
    double rstAtA = inject + Tx(RstBytes()) + DELAY;
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
    FourWay w = FourWay::FirstTry(tc);
    // B's ACK of A's FIN, then two segments fill A's buffer; A's ACK of the
    // second advertises window 0
    double zeroWindowAtB = w.tFinB + AckTx() + 2 * S1() + DELAY + AckTx() + DELAY;
    double probe1 = zeroWindowAtB + 1.0; // A still not reading: window 0 again
    double probe2 = probe1 + 2.0;        // after readAt: accepted, window 1072
    double probeTx = Tx(Wire(1));
    // 5000 - 1073 = 7 x 536 + 175 left after the probe byte; the window (1072)
    // holds two segments. DelAckCount 1: every ACK releases one segment, two
    // in flight (rounds of 2, 2, 2, then 536 and 175+FIN, the last S1 after
    // the one before it). Delayed ACK: A acknowledges the accepted probe after
    // DelAckTimeout, then every second segment at once, which releases the
    // next pair: 4 pairs, the last (536, 175+FIN) sent at once, back to back.
    double held = FourWay::LoneAckDelay(tc);
    double round1 = probe2 + probeTx + DELAY + held + AckTx() + DELAY;
    double lastSent;
    double finAtA;
    if (tc.AcksAtOnce())
    {
        double round = S1() + AckTx() + 2 * DELAY;
        lastSent = round1 + 3 * round + S1();
        finAtA = lastSent + Tx(Wire(175)) + DELAY;
    }
    else
    {
        double round = 2 * S1() + AckTx() + 2 * DELAY;
        lastSent = round1 + 3 * round;
        finAtA = lastSent + S1() + Tx(Wire(175)) + DELAY;
    }
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
        Every("no loss", NoLoss);
        Every("A closes with 20000 bytes queued", CloseWithQueuedData);
        Every("A's FIN lost once", [](TableCase& tc) { AFinLost(tc, 1); });
        Every("A's FIN lost twice", [](TableCase& tc) { AFinLost(tc, 2); });
        Every("B's ACK of A's FIN lost", AckOfAFinLost);
        Every("B's FIN lost", [](TableCase& tc) { BFinLost(tc, "b2a:fin:1"); });
        Every("B's last data segment lost", [](TableCase& tc) { BFinLost(tc, "b2a:last-data:1"); });
        Every("B's first data segment lost (FIN beyond a hole)", FirstDataLost);
        Every("A's final ACK lost once", [](TableCase& tc) { FinalAckLost(tc, 1); });
        Every("A's final ACK lost three times", [](TableCase& tc) { FinalAckLost(tc, 3); });
        Every("B's FIN and A's final ACK lost", BFinAndFinalAckLost);
        Every("A's FIN lost more often than FinRetries", FinRetriesExhausted);
        Every("B gives up, its RST lost: A stranded in FIN_WAIT_2",
              [](TableCase& tc) { GiveUpWithoutRst(tc, true); });
        Every("B gives up without RST (RstOnGiveUp false): A stranded",
              [](TableCase& tc) { GiveUpWithoutRst(tc, false); });
        Every("four-way: a FIN on data has the FIN budget (MaxFinRto cap)",
              [](TableCase& tc) { FinBudget(tc, "four-way"); });
        Every("three-way: a bare FIN+ACK has the same budget (MaxFinRto cap)",
              [](TableCase& tc) { FinBudget(tc, "three-way"); });
        Every("simultaneous close", [](TableCase& tc) { Simultaneous(tc, false); });
        Every("simultaneous close, A's FIN lost", [](TableCase& tc) { Simultaneous(tc, true); });
        Every("RST for a closed connection (no TIME_WAIT, final ACK lost)",
              ResetForClosedConnection);
        Every("FinalAck no: A closes directly, B's retransmission gets RST", NoFinalAck);
        Every("both FINs lost once", BothFinsLost);
        Every("simultaneous close, the ACK of A's FIN lost (A in CLOSING)",
              SimultaneousAckInClosingLost);
        Every("A's FIN beyond a hole that fast retransmit fills in FIN_WAIT_1",
              FinBeyondHoleFastRetransmit);
        Every("zero window in FIN_WAIT_1: A probes until B reads", ZeroWindowFinWait1);
        Every("B closes after an RTO rewound SND.NXT", CloseAfterRtoRewind);
        Every("A closes with 20000 bytes queued, fast retransmit in FIN_WAIT_1",
              QueuedDataFastRetransmit);
        Every("RST in TIME_WAIT: orderly, TIME_WAIT cut",
              [](TableCase& tc) { RstInTimeWait(tc, false); });
        Every("RST in TIME_WAIT ignored (IgnoreRstInTimeWait)",
              [](TableCase& tc) { RstInTimeWait(tc, true); });
        Every("zero window in CLOSE_WAIT: B probes until A reads", ZeroWindowCloseWait);
        Every("a listener answers a stray ACK with RST",
              [](TableCase& tc) { CheckListenerAnswer(tc, "four-way", true); });
    }

  private:
    /**
     * Add \p body under every configuration: "name" (tuned), "name
     * [defaults]", "name [tuned, IPv6]" and "name [defaults, IPv6]".
     */
    void Every(const std::string& name, TableCase::Body body)
    {
        for (const StackProfile* profile : {&TUNED, &DEFAULTS, &TUNED_IPV6, &DEFAULTS_IPV6})
        {
            Under(*profile, name, body);
        }
    }

    /** Add \p body under \p profile only. */
    void Under(const StackProfile& profile, const std::string& name, TableCase::Body body)
    {
        std::string suffix = &profile == &TUNED ? "" : std::string(" [") + profile.name + "]";
        Add(name + suffix, [profile, body](TableCase& tc) {
            tc.SetProfile(profile);
            body(tc);
        });
    }
};

CloseConformanceTestSuite g_closeConformanceTestSuite;
} // namespace
