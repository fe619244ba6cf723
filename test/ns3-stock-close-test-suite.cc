/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The same close cases on ns-3.37's own TcpSocketBase (variant ns3-stock),
 * asserting the departures from the close rules listed in
 * shared/reference/ns3-close-defects.md, so that the suite documents them and
 * notices if a future ns-3 fixes one. Times are worked out as in the
 * conformance suite.
 */

#include "close-test-case.h"

#include "ns3/config.h"
#include "ns3/tcp-l4-protocol.h"

using namespace ns3;
using namespace ns3::teardowntest;

namespace
{
/**
 * When A's ACK of B's first data segment reaches B (no loss before it). ns-3
 * acknowledges A's data+FIN segment twice (once for the data, once in
 * DoPeerClose), so B's data waits behind two ACKs.
 */
double
AckOfFirstSegmentAtB()
{
    double finAtB = HandshakeDone() + AckTx() + Tx(Wire(100)) + DELAY;
    return finAtB + 2 * AckTx() + Tx(Wire(536)) + DELAY + AckTx() + DELAY;
}

// Defect 1: LAST_ACK ends on any ACK whose sequence number is RCV.NXT. B
// closes on the ACK of its first data segment, before its FIN is acknowledged.
void
LastAckClosesEarly(TableCase& tc)
{
    RunOutput out = tc.RunScenario(CloseTestCase::BaseParams("ns3-stock", ""));
    double finAtB = HandshakeDone() + AckTx() + Tx(Wire(100)) + DELAY;
    tc.CheckVisits(out,
                   'B',
                   {{TcpSocket::CLOSE_WAIT, 1e-9},
                    {TcpSocket::LAST_ACK, AckOfFirstSegmentAtB() - finAtB - 1e-9},
                    {TcpSocket::CLOSED, -1}});
    tc.CheckEnd(out, CloseOutcome::ORDERLY, CloseOutcome::ORDERLY, 1000);
}

// ... and so a lost last segment (carrying B's FIN) is never sent again: A
// keeps 536 of 1000 bytes and stays in FIN_WAIT_2.
void
LostFinNeverResent(TableCase& tc)
{
    RunOutput out = tc.RunScenario(CloseTestCase::BaseParams("ns3-stock", "b2a:fin:1"));
    tc.CheckEnd(out, CloseOutcome::OPEN, CloseOutcome::ORDERLY, 536, 0, 464);
    std::vector<Visit> a = CloseTestCase::Visits(out, 'A');
    tc.Expect(!a.empty() && a.back().state == TcpSocket::FIN_WAIT_2, "A is left in FIN_WAIT_2");
    tc.ExpectEq(out.result.b.finTx, 1, "B's FIN was sent once");
}

// Defect 3: TIME_WAIT ignores a retransmitted FIN. With no response (B's FIN
// alone) and A's final ACK lost, B's FINs reach A in TIME_WAIT and get no
// answer; A's TIME_WAIT is not restarted; B gives up.
void
TimeWaitIgnoresFin(TableCase& tc)
{
    TeardownParams p = CloseTestCase::BaseParams("ns3-stock", "a2b:ack-of-fin:1");
    p.responseBytes = 0;
    RunOutput out = tc.RunScenario(p);
    tc.ExpectNear(out.result.a.dwellS[TcpSocket::TIME_WAIT], 2 * MSL, "A's TIME_WAIT");
    Time finalAck;
    uint32_t finsDuringTimeWait = 0;
    uint32_t answers = 0;
    for (const auto& s : out.segments)
    {
        if (s.direction == LinkDirection::A_TO_B && s.dropped)
        {
            finalAck = s.time;
        }
    }
    for (const auto& s : out.segments)
    {
        if (s.time <= finalAck)
        {
            continue;
        }
        bool inTimeWait = s.time.GetSeconds() < out.result.closeCallS + out.result.a.holdTimeS;
        if (s.direction == LinkDirection::B_TO_A && (s.flags & TcpHeader::FIN) && inTimeWait)
        {
            ++finsDuringTimeWait;
        }
        if (s.direction == LinkDirection::A_TO_B && inTimeWait)
        {
            ++answers;
        }
    }
    tc.Expect(finsDuringTimeWait >= 2, "B's FIN came back while A was in TIME_WAIT");
    tc.ExpectEq(answers, 0, "A answered none of them");
    tc.Expect(out.result.b.outcome != CloseOutcome::ORDERLY, "B never closes orderly");
}

// Defect 4: a bare FIN is retransmitted every RTO, with no backoff and no limit.
void
BareFinNoBackoff(TableCase& tc)
{
    TeardownParams p = CloseTestCase::BaseParams("ns3-stock", "a2b:fin:all");
    p.closeDelayS = 0.005;
    p.stopS = 10.0;
    RunOutput out = tc.RunScenario(p);
    std::vector<double> sent;
    for (const auto& s : out.segments)
    {
        if (s.direction == LinkDirection::A_TO_B && (s.flags & TcpHeader::FIN))
        {
            sent.push_back(s.sentTime.GetSeconds());
        }
    }
    tc.Expect(sent.size() > 30, "A kept sending FINs until the end of the run");
    for (size_t i = 2; i < sent.size(); ++i)
    {
        tc.ExpectNear(sent[i] - sent[i - 1], RTO, "constant FIN interval (no backoff)");
    }
    tc.ExpectEq(static_cast<uint64_t>(out.result.a.outcome == CloseOutcome::OPEN), 1, "A open");
}

class Ns3StockCloseTestSuite : public TableSuite
{
  public:
    Ns3StockCloseTestSuite()
        : TableSuite("tcp-teardown-ns3-stock")
    {
        Add("defect 1: LAST_ACK closes on an ACK of data", LastAckClosesEarly);
        Add("defect 1: B's lost FIN is never resent", LostFinNeverResent);
        Add("defect 3: TIME_WAIT ignores a retransmitted FIN", TimeWaitIgnoresFin);
        Add("defect 4: bare FIN without backoff or limit", BareFinNoBackoff);
        Add("defect 10: no RST from a listener",
            [](TableCase& tc) { CheckListenerAnswer(tc, "ns3-stock", false); });
    }
};

Ns3StockCloseTestSuite g_ns3StockCloseTestSuite;
} // namespace
