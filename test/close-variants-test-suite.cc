/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The hypothetical closes (three-way, without TIME_WAIT) and the knobs behind
 * them, each against a timeline worked out from the variant's rules and the
 * link (see close-test-case.h), and the accounting of B's pending bytes.
 * When B's FIN+ACK acknowledges A's FIN, A passes through FIN_WAIT_2 in zero
 * time: RFC 9293 processes the ACK field before the FIN bit.
 */

#include "close-test-case.h"

#include "ns3/config.h"

using namespace ns3;
using namespace ns3::teardowntest;

namespace
{
/** A's request+FIN reaches B (first try, behind the handshake ACK). */
double
FinAtB()
{
    return HandshakeDone() + AckTx() + RequestTx() + DELAY;
}

// Three-way: B's response is written when the request arrives, but the FIN
// rides on the request, so B answers with one FIN+ACK before any of it is
// sent: all 1000 bytes are discarded, none lost.
void
ThreeWayNoLoss(TableCase& tc)
{
    RunOutput out = tc.RunScenario(CloseTestCase::BaseParams("three-way", ""));
    double t0 = HandshakeDone();
    double finAtB = FinAtB();
    double finAckAtA = finAtB + AckTx() + DELAY;
    tc.CheckVisits(out, 'A', ActiveCloserVisits(t0, finAckAtA, 0.0, 2 * MSL));
    tc.CheckVisits(out,
                   'B',
                   {{TcpSocket::CLOSE_WAIT, 0.0},
                    {TcpSocket::LAST_ACK, 2 * (AckTx() + DELAY)},
                    {TcpSocket::CLOSED, -1}});
    tc.CheckEnd(out, CloseOutcome::ORDERLY, CloseOutcome::ORDERLY, 0, 1000, 0);
    tc.ExpectEq(out.result.b.segmentsTx, 2, "B sent only its SYN+ACK and one FIN+ACK");
}

// Three-way with data in flight: A closes 5 ms after its request, when B has
// sent its first window (10 segments of 536 bytes) of a 20000-byte response.
// Those 5360 bytes are still delivered -- even when one of them is lost --
// and the 14640 unsent ones are discarded.
void
ThreeWayPartial(TableCase& tc, bool loseData)
{
    TeardownParams p = CloseTestCase::BaseParams("three-way", loseData ? "b2a:data:3" : "");
    p.responseBytes = 20000;
    p.closeDelayS = 0.005;
    RunOutput out = tc.RunScenario(p);
    tc.CheckEnd(out, CloseOutcome::ORDERLY, CloseOutcome::ORDERLY, 5360, 14640, 0);
    tc.ExpectEq(out.result.b.dataRetx, loseData ? 1 : 0, "B's data retransmissions");
    if (!loseData)
    {
        double t0 = HandshakeDone();
        double finAtB = t0 + 0.005 + AckTx() + DELAY; // A's bare FIN
        double finAckAtA = finAtB + AckTx() + DELAY;
        tc.CheckVisits(out, 'A', ActiveCloserVisits(t0 + 0.005, finAckAtA, 0.0, 2 * MSL));
        tc.CheckVisits(out,
                       'B',
                       {{TcpSocket::CLOSE_WAIT, 0.0},
                        {TcpSocket::LAST_ACK, 2 * (AckTx() + DELAY)},
                        {TcpSocket::CLOSED, -1}});
    }
}

// B's FIN+ACK lost: A's timer resends its request+FIN first; B (LAST_ACK)
// acknowledges it again; B's own timer resends the FIN+ACK.
void
ThreeWayFinAckLost(TableCase& tc)
{
    RunOutput out = tc.RunScenario(CloseTestCase::BaseParams("three-way", "b2a:fin:1"));
    double t0 = HandshakeDone();
    double finAtB = FinAtB();
    double aFinAcked = t0 + RTO + RequestTx() + DELAY + AckTx() + DELAY; // B's new ACK reaches A
    double bFinAtA = finAtB + RTO + AckTx() + DELAY;
    tc.CheckVisits(out, 'A', ActiveCloserVisits(t0, aFinAcked, bFinAtA - aFinAcked, 2 * MSL));
    tc.CheckVisits(out,
                   'B',
                   {{TcpSocket::CLOSE_WAIT, 0.0},
                    {TcpSocket::LAST_ACK, bFinAtA + AckTx() + DELAY - finAtB},
                    {TcpSocket::CLOSED, -1}});
    tc.CheckEnd(out, CloseOutcome::ORDERLY, CloseOutcome::ORDERLY, 0, 1000, 0);
    tc.ExpectEq(out.result.a.finTx, 2, "A's FINs");
    tc.ExpectEq(out.result.b.finTx, 2, "B's FINs");
}

// A's final ACK lost: B's FIN+ACK is the only thing outstanding; it comes
// back after one RTO (and again after two more), each time restarting A's TIME_WAIT.
void
ThreeWayFinalAckLost(TableCase& tc, int times)
{
    RunOutput out = tc.RunScenario(
        CloseTestCase::BaseParams("three-way",
                                  times == 1 ? "a2b:ack-of-fin:1" : "a2b:ack-of-fin:1-3"));
    double t0 = HandshakeDone();
    double finAtB = FinAtB();
    double finAckAtA = finAtB + AckTx() + DELAY;
    double lastRetx = finAtB + (times == 1 ? 1 : 7) * RTO;
    double lastAtA = lastRetx + AckTx() + DELAY;
    tc.CheckVisits(out, 'A', ActiveCloserVisits(t0, finAckAtA, 0.0, lastAtA - finAckAtA + 2 * MSL));
    tc.CheckVisits(out,
                   'B',
                   {{TcpSocket::CLOSE_WAIT, 0.0},
                    {TcpSocket::LAST_ACK, lastAtA + AckTx() + DELAY - finAtB},
                    {TcpSocket::CLOSED, -1}});
    tc.CheckEnd(out, CloseOutcome::ORDERLY, CloseOutcome::ORDERLY, 0, 1000, 0);
    tc.ExpectEq(out.result.b.finTx, times + 1, "B's FIN+ACKs");
}

// Without TIME_WAIT, a lost final ACK leaves B retransmitting into a closed
// port; A's stack answers with RST and B ends reset.
void
ThreeWayNoTimeWaitFinalAckLost(TableCase& tc)
{
    RunOutput out =
        tc.RunScenario(CloseTestCase::BaseParams("three-way-no-timewait", "a2b:ack-of-fin:1"));
    double t0 = HandshakeDone();
    double finAtB = FinAtB();
    double finAckAtA = finAtB + AckTx() + DELAY;
    double rstAtB = finAtB + RTO + AckTx() + DELAY + Tx(RstBytes()) + DELAY;
    tc.CheckVisits(out, 'A', ActiveCloserVisits(t0, finAckAtA, 0.0, -1));
    tc.CheckVisits(out,
                   'B',
                   {{TcpSocket::CLOSE_WAIT, 0.0},
                    {TcpSocket::LAST_ACK, rstAtB - finAtB},
                    {TcpSocket::CLOSED, -1}});
    tc.CheckEnd(out, CloseOutcome::ORDERLY, CloseOutcome::RESET, 0, 1000, 0);
    tc.ExpectEq(out.result.a.rstTx, 1, "A's stack sent one RST");
}

// The same loss on the four-way closes: with TIME_WAIT orderly, without it reset.
void
FourWayFinalAckLost(TableCase& tc, const std::string& variant, CloseOutcome b)
{
    RunOutput out = tc.RunScenario(CloseTestCase::BaseParams(variant, "a2b:ack-of-fin:1"));
    tc.CheckEnd(out, CloseOutcome::ORDERLY, b, 1000, 0, 0);
}

// A's FIN lost once, three-way: the request+FIN comes again after one RTO.
void
ThreeWayAFinLost(TableCase& tc)
{
    RunOutput out = tc.RunScenario(CloseTestCase::BaseParams("three-way", "a2b:fin:1"));
    double t0 = HandshakeDone();
    double finAtB = t0 + RTO + RequestTx() + DELAY;
    double finAckAtA = finAtB + AckTx() + DELAY;
    tc.CheckVisits(out, 'A', ActiveCloserVisits(t0, finAckAtA, 0.0, 2 * MSL));
    tc.CheckEnd(out, CloseOutcome::ORDERLY, CloseOutcome::ORDERLY, 0, 1000, 0);
}

// The explainer's three-way close (three-way-direct): B answers A's FIN with
// one FIN+ACK and closes as it leaves (LAST_ACK lasts no time); A closes on
// it, with no final ACK and no TIME_WAIT.
void
DirectNoLoss(TableCase& tc)
{
    RunOutput out = tc.RunScenario(CloseTestCase::BaseParams("three-way-direct", ""));
    double t0 = HandshakeDone();
    double finAtB = FinAtB();
    double finAckAtA = finAtB + AckTx() + DELAY;
    tc.CheckVisits(out, 'A', ActiveCloserVisits(t0, finAckAtA, 0.0, -1));
    tc.CheckVisits(
        out,
        'B',
        {{TcpSocket::CLOSE_WAIT, 0.0}, {TcpSocket::LAST_ACK, 0.0}, {TcpSocket::CLOSED, -1}});
    tc.CheckEnd(out, CloseOutcome::ORDERLY, CloseOutcome::ORDERLY, 0, 1000, 0);
    tc.ExpectEq(out.result.b.segmentsTx, 2, "B sent only its SYN+ACK and one FIN+ACK");
    // the handshake's SYN and ACK and the request+FIN: no final ACK
    tc.ExpectEq(out.result.a.segmentsTx, 3, "A's segments");
    tc.ExpectNear(out.result.closeTimeS, finAckAtA - t0, "close time: one round trip");
}

// A's request+FIN lost: its retransmission (one RTO later) meets a B that
// has not closed yet, and the close is the no-loss one shifted by the RTO.
void
DirectAFinLost(TableCase& tc)
{
    RunOutput out = tc.RunScenario(CloseTestCase::BaseParams("three-way-direct", "a2b:fin:1"));
    double t0 = HandshakeDone();
    double finAtB = t0 + RTO + RequestTx() + DELAY;
    double finAckAtA = finAtB + AckTx() + DELAY;
    tc.CheckVisits(out, 'A', ActiveCloserVisits(t0, finAckAtA, 0.0, -1));
    tc.CheckEnd(out, CloseOutcome::ORDERLY, CloseOutcome::ORDERLY, 0, 1000, 0);
    tc.ExpectEq(out.result.a.finTx, 2, "A's FINs");
}

// B's FIN+ACK lost: B has closed, so A's retransmitted request+FIN (one RTO
// after the first) reaches no connection; B's stack answers with
// <SEQ=SEG.ACK><CTL=RST>, which is at A's RCV.NXT: A ends reset. B, gone,
// counts as orderly: it did what the variant says.
void
DirectFinAckLost(TableCase& tc)
{
    RunOutput out = tc.RunScenario(CloseTestCase::BaseParams("three-way-direct", "b2a:fin:1"));
    double t0 = HandshakeDone();
    double rstAtA = t0 + RTO + RequestTx() + DELAY + Tx(RstBytes()) + DELAY;
    tc.CheckVisits(out,
                   'A',
                   {{TcpSocket::SYN_SENT, t0 - START},
                    {TcpSocket::ESTABLISHED, 0.0},
                    {TcpSocket::FIN_WAIT_1, rstAtA - t0},
                    {TcpSocket::CLOSED, -1}});
    tc.CheckVisits(
        out,
        'B',
        {{TcpSocket::CLOSE_WAIT, 0.0}, {TcpSocket::LAST_ACK, 0.0}, {TcpSocket::CLOSED, -1}});
    tc.CheckEnd(out, CloseOutcome::RESET, CloseOutcome::ORDERLY, 0, 1000, 0);
    tc.ExpectEq(out.result.a.finTx, 2, "A's FINs");
    tc.ExpectEq(out.result.b.finTx, 1, "B's FIN+ACK, never resent");
    tc.ExpectEq(out.result.b.rstTx, 1, "B's stack sent one RST");
}

// With data in flight B's FIN+ACK follows the 10 segments of its first
// window; one of them lost is never resent (B closed), so A holds B's FIN
// beyond the hole. A's duplicate ACKs reach a closed B, whose stack answers
// <SEQ=SEG.ACK><CTL=RST>: at A's RCV.NXT, so A ends reset. With those RSTs
// lost, nothing can move A on (no FIN_WAIT_2 timeout after a half close):
// stranded. Either way the bytes from the hole on are lost.
void
DirectHole(TableCase& tc, bool rstsLost)
{
    TeardownParams p =
        CloseTestCase::BaseParams("three-way-direct",
                                  rstsLost ? "b2a:data:3;b2a:rst:all" : "b2a:data:3");
    p.responseBytes = 20000;
    p.closeDelayS = 0.005;
    p.stopS = 60.0;
    RunOutput out = tc.RunScenario(p);
    // the third segment (bytes 1072-1607) is lost: A's application reads 1072
    // of the 10 x 536 sent; the 14640 never sent are discarded
    tc.CheckEnd(out,
                rstsLost ? CloseOutcome::STRANDED : CloseOutcome::RESET,
                CloseOutcome::ORDERLY,
                2 * 536,
                14640,
                8 * 536);
    tc.ExpectEq(out.result.b.dataRetx, 0, "B resends nothing");
    if (rstsLost)
    {
        tc.Expect(out.result.a.endState == TcpSocket::FIN_WAIT_2, "A in FIN_WAIT_2");
    }
    else
    {
        tc.Expect(out.result.a.rstRx >= 1 && out.result.b.rstTx >= 1,
                  "B's stack answered A's duplicate ACKs with RST");
    }
}

// RstOnDiscard: B resets the connection instead of discarding silently.
void
RstOnDiscard(TableCase& tc)
{
    TeardownParams p = CloseTestCase::BaseParams("three-way", "");
    p.rstOnDiscard = "yes";
    RunOutput out = tc.RunScenario(p);
    double finAtB = FinAtB();
    tc.CheckVisits(out, 'B', {{TcpSocket::CLOSE_WAIT, 0.0}, {TcpSocket::CLOSED, -1}});
    std::vector<Visit> a = CloseTestCase::Visits(out, 'A');
    tc.Expect(!a.empty() && a.back().state == TcpSocket::CLOSED, "A is closed");
    tc.ExpectNear(out.result.a.holdTimeS,
                  finAtB + AckTx() + DELAY - HandshakeDone(),
                  "A closes when B's RST arrives");
    tc.CheckEnd(out, CloseOutcome::RESET, CloseOutcome::RESET, 0, 1000, 0);
}

class CloseVariantsTestSuite : public TableSuite
{
  public:
    CloseVariantsTestSuite()
        : TableSuite("tcp-teardown-variants")
    {
        Add("three-way, no loss: all unsent bytes discarded", ThreeWayNoLoss);
        Add("three-way, data in flight delivered, the rest discarded",
            [](TableCase& tc) { ThreeWayPartial(tc, false); });
        Add("three-way, a data segment in flight lost and still delivered",
            [](TableCase& tc) { ThreeWayPartial(tc, true); });
        Add("three-way, A's FIN lost", ThreeWayAFinLost);
        Add("three-way, B's FIN+ACK lost", ThreeWayFinAckLost);
        Add("three-way, final ACK lost once", [](TableCase& tc) { ThreeWayFinalAckLost(tc, 1); });
        Add("three-way, final ACK lost three times",
            [](TableCase& tc) { ThreeWayFinalAckLost(tc, 3); });
        Add("three-way-no-timewait, final ACK lost: B reset", ThreeWayNoTimeWaitFinalAckLost);
        Add("four-way, final ACK lost: orderly",
            [](TableCase& tc) { FourWayFinalAckLost(tc, "four-way", CloseOutcome::ORDERLY); });
        Add("four-way-no-timewait, final ACK lost: B reset", [](TableCase& tc) {
            FourWayFinalAckLost(tc, "four-way-no-timewait", CloseOutcome::RESET);
        });
        Add("three-way with RstOnDiscard", RstOnDiscard);
        Add("three-way-direct, no loss: one round trip, no final ACK, no LAST_ACK", DirectNoLoss);
        Add("three-way-direct, A's FIN lost", DirectAFinLost);
        Add("three-way-direct, B's FIN+ACK lost: A's resent FIN gets RST", DirectFinAckLost);
        Add("three-way-direct, a data segment lost: the hole is never filled, A reset",
            [](TableCase& tc) { DirectHole(tc, false); });
        Add("three-way-direct, a data segment and the RSTs lost: A stranded",
            [](TableCase& tc) { DirectHole(tc, true); });
    }
};

CloseVariantsTestSuite g_closeVariantsTestSuite;
} // namespace
