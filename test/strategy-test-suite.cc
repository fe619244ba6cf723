/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A's close strategies (--strategy): the abortive close (SO_LINGER 0), the
 * full close (Close(): RST on data that arrives after it), the lingering
 * close (half close, read to EOF or a timeout, then Close()), each against
 * a timeline and byte counts worked out from the link (close-test-case.h):
 * B's response leaves behind B's ACK of the request, in segments of 536
 * bytes back to back (an initial window of 10 segments, one more per ACK
 * in slow start), A acknowledges each at once (DelAckCount 1), and a RST
 * deletes the connection with its buffers (RFC 9293 3.10.5, 3.10.7.4).
 */

#include "close-test-case.h"

#include "ns3/closing-server.h"
#include "ns3/config.h"
#include "ns3/param-schema.h"

using namespace ns3;
using namespace ns3::teardowntest;

namespace
{
const uint32_t MSS = 536;         //!< SegmentSize of the test stack
const uint32_t INITIAL_CWND = 10; //!< ns-3's InitialCwnd, in segments

/** When A's request (sent at HandshakeDone behind the handshake ACK) has reached B. */
double
RequestAtB()
{
    return HandshakeDone() + AckTx() + RequestTx() + DELAY;
}

/**
 * \return when the k-th segment (from 1) of B's response has arrived at A:
 * B's pure ACK of the request leaves first, then the segments back to back
 * (k within the initial window); the last one may be short
 */
double
ResponseSegmentAtA(uint32_t k, uint32_t response)
{
    double t = RequestAtB() + AckTx();
    for (uint32_t i = 1; i <= k; ++i)
    {
        uint32_t bytes = std::min(MSS, response - (i - 1) * MSS);
        t += Tx(Wire(bytes));
    }
    return t + DELAY;
}

/** \return bytes of B's response that have arrived at A by \p t (initial window only) */
uint32_t
ArrivedBy(double t, uint32_t response)
{
    uint32_t bytes = 0;
    uint32_t segments = (response + MSS - 1) / MSS;
    for (uint32_t k = 1; k <= std::min(segments, INITIAL_CWND); ++k)
    {
        if (ResponseSegmentAtA(k, response) < t)
        {
            bytes = std::min(response, k * MSS);
        }
    }
    return bytes;
}

/** \return the first segment of A's with RST, or nullptr */
const SegmentRecord*
FirstRstOfA(const RunOutput& out)
{
    for (const auto& s : out.segments)
    {
        if (s.direction == LinkDirection::A_TO_B && (s.flags & TcpHeader::RST))
        {
            return &s;
        }
    }
    return nullptr;
}

TeardownParams
StrategyParams(const std::string& strategy, uint32_t response, double closeDelay)
{
    TeardownParams p = CloseTestCase::BaseParams("four-way");
    p.strategy = strategy;
    p.responseBytes = response;
    p.closeDelayS = closeDelay;
    return p;
}

/** Check the four RST columns of a run. */
void
CheckDiscard(TableCase& tc,
             const RunOutput& out,
             int64_t aFlushed,
             int64_t bFlushed,
             int64_t aUnread,
             int64_t bUnread)
{
    tc.ExpectEq(out.result.a.flushedBytes, aFlushed, "A's flushed bytes");
    tc.ExpectEq(out.result.b.flushedBytes, bFlushed, "B's flushed bytes");
    tc.ExpectEq(out.result.a.unreadDiscardedBytes, aUnread, "A's unread discarded bytes");
    tc.ExpectEq(out.result.b.unreadDiscardedBytes, bUnread, "B's unread discarded bytes");
}

// Abortive close in the middle of a 2000-byte response (536 x 3 + 392, all
// in the initial window): A's RST leaves at its close call, 21.5 ms after
// its request; the segments that arrived before it were read before the
// close (not pending); the rest arrive at a closed A. B, reset when the RST
// arrives, flushes what A had not acknowledged: the same bytes, as A
// acknowledged each arrival at once.
void
AbortiveMidResponse(TableCase& tc)
{
    const uint32_t response = 2000;
    const double closeDelay = 0.0215;
    RunOutput out = tc.RunScenario(StrategyParams("abortive", response, closeDelay));
    double t0 = HandshakeDone();
    double closeCall = t0 + closeDelay;
    uint32_t arrived = ArrivedBy(closeCall, response);
    tc.ExpectEq(arrived, 2 * MSS, "two segments arrived before the close (worked out)");
    tc.Expect(RequestAtB() + AckTx() + DELAY < closeCall, "B's ACK of the request came first");
    const SegmentRecord* rst = FirstRstOfA(out);
    tc.Expect(rst != nullptr, "A sent a RST");
    if (rst)
    {
        tc.ExpectNear(rst->sentTime.GetSeconds(), closeCall, "A's RST leaves at its close call");
    }
    tc.CheckVisits(out,
                   'A',
                   {{TcpSocket::SYN_SENT, t0 - START},
                    {TcpSocket::ESTABLISHED, closeCall - t0},
                    {TcpSocket::CLOSED, -1}});
    double rstAtB = closeCall + AckTx() + DELAY;
    tc.CheckVisits(out, 'B', {{TcpSocket::CLOSED, -1}}); // from ESTABLISHED, at rstAtB
    tc.CheckEnd(out, CloseOutcome::ABORTED, CloseOutcome::RESET, 0, 0, response - arrived);
    tc.ExpectEq(out.result.pendingAtCloseBytes, response - arrived, "pending at A's close call");
    tc.ExpectNear(out.result.a.holdTimeS, 0.0, "A is CLOSED at its close call");
    tc.ExpectNear(out.result.b.holdTimeS, rstAtB - closeCall, "B is CLOSED when the RST arrives");
    CheckDiscard(tc, out, 0, response - arrived, 0, 0);
    tc.ExpectEq(out.result.a.finTx, 0, "an abortive close sends no FIN");
}

// Abortive close 5 ms after the request: its ACK is still on the way, so A
// flushes the 100 request bytes; B reads the request at once and queues
// its response, which the RST (at B 15 ms after the request left) flushes
// unacknowledged. Every response byte is sent and none is read: lost.
void
AbortiveBeforeRequestAcked(TableCase& tc)
{
    const uint32_t response = 2000;
    const double closeDelay = 0.005;
    RunOutput out = tc.RunScenario(StrategyParams("abortive", response, closeDelay));
    double closeCall = HandshakeDone() + closeDelay;
    double rstAtB = closeCall + AckTx() + DELAY;
    tc.Expect(RequestAtB() + AckTx() + DELAY > closeCall, "the request is unacknowledged");
    tc.Expect(RequestAtB() < rstAtB, "the request reached B before the RST");
    tc.Expect(ResponseSegmentAtA(1, response) > closeCall, "no response byte before the close");
    tc.CheckEnd(out, CloseOutcome::ABORTED, CloseOutcome::RESET, 0, 0, response);
    CheckDiscard(tc, out, 100, response, 0, 0);
}

// B's application busy until 0.5 s (ClosingServer::SetReadStart): the
// request waits unread in B's receive buffer when A's RST arrives. B's
// stack discards it; the response is never written (B's connection is gone
// by then): all of it discarded, nothing flushed.
void
AbortiveUnreadAtB(TableCase& tc)
{
    const uint32_t response = 2000;
    RunOutput out =
        tc.RunScenario(StrategyParams("abortive", response, 0.005), [](const ScenarioParts& parts) {
            parts.serverB->SetReadStart(Seconds(START + 0.5));
        });
    tc.CheckEnd(out, CloseOutcome::ABORTED, CloseOutcome::RESET, 0, response, 0);
    CheckDiscard(tc, out, 100, 0, 0, 100);
}

// Full close while the response is arriving: A's Close() at 21.5 ms sends
// its FIN (A reads no more); the next response segment is new data after
// Close(): A's stack answers it with RST (RFC 1122 4.2.2.13) and closes.
// B, in LAST_ACK by then (it closed on A's FIN with its response all
// sent), is reset by that RST and flushes what A had not acknowledged.
void
FullCloseResponseArriving(TableCase& tc)
{
    const uint32_t response = 2000;
    const double closeDelay = 0.0215;
    RunOutput out = tc.RunScenario(StrategyParams("full-close", response, closeDelay));
    double t0 = HandshakeDone();
    double closeCall = t0 + closeDelay;
    uint32_t arrived = ArrivedBy(closeCall, response);
    tc.ExpectEq(arrived, 2 * MSS, "two segments arrived before the close (worked out)");
    double thirdAtA = ResponseSegmentAtA(3, response);
    const SegmentRecord* rst = FirstRstOfA(out);
    tc.Expect(rst != nullptr, "A sent a RST");
    if (rst)
    {
        tc.ExpectNear(rst->sentTime.GetSeconds(),
                      thirdAtA,
                      "A's RST leaves as the first segment after Close() arrives");
    }
    tc.CheckVisits(out,
                   'A',
                   {{TcpSocket::SYN_SENT, t0 - START},
                    {TcpSocket::ESTABLISHED, closeCall - t0},
                    {TcpSocket::FIN_WAIT_1, thirdAtA - closeCall},
                    {TcpSocket::CLOSED, -1}});
    // A's RSTs answer B's segments as a gone connection does, <SEQ=SEG.ACK>
    // (RFC 9293 3.10.7.1, Linux): B sent its response before A's FIN reached
    // it, so those RSTs carry SEQ 101, below B's RCV.NXT 102 once the FIN is
    // in, and B drops them. B's FIN (at once on EOF) reaches A's node, which
    // has no connection and answers <SEQ=102><CTL=RST>: that one ends B.
    tc.CheckVisits(out,
                   'B',
                   {{TcpSocket::CLOSE_WAIT, 0.0},
                    {TcpSocket::LAST_ACK, AckTx() + DELAY + Tx(RstBytes()) + DELAY},
                    {TcpSocket::CLOSED, -1}});
    tc.CheckEnd(out, CloseOutcome::RESET, CloseOutcome::RESET, 0, 0, response - arrived);
    CheckDiscard(tc, out, 0, response - arrived, 0, 0);
}

// Full close after the whole response was read: nothing unread, no data
// after Close(): the close is the four-way one, orderly at both ends.
void
FullCloseAfterResponse(TableCase& tc)
{
    RunOutput out = tc.RunScenario(StrategyParams("full-close", 2000, 0.05));
    tc.Expect(ResponseSegmentAtA(4, 2000) < HandshakeDone() + 0.05, "the response came first");
    tc.CheckEnd(out, CloseOutcome::ORDERLY, CloseOutcome::ORDERLY, 0, 0, 0);
    tc.ExpectEq(out.result.pendingAtCloseBytes, 0, "nothing pending");
    tc.ExpectEq(out.result.a.rstTx, 0, "no RST");
    CheckDiscard(tc, out, 0, 0, 0, 0);
}

// Lingering with a timeout (2 s) longer than the 20000-byte response takes:
// A reads to EOF and its Close() then changes nothing: the same close as
// the half close, row for row.
void
LingeringLong(TableCase& tc)
{
    TeardownParams p = StrategyParams("lingering", 20000, 0.0);
    p.lingerTimeoutS = 2.0;
    RunOutput lingering = tc.RunScenario(p);
    p.strategy = "half-close";
    RunOutput half = tc.RunScenario(p);
    tc.CheckEnd(lingering, CloseOutcome::ORDERLY, CloseOutcome::ORDERLY, 20000, 0, 0);
    tc.CheckEnd(half, CloseOutcome::ORDERLY, CloseOutcome::ORDERLY, 20000, 0, 0);
    tc.Expect(lingering.result.a.holdTimeS == half.result.a.holdTimeS &&
                  lingering.result.b.holdTimeS == half.result.b.holdTimeS,
              "the same hold times as the half close");
    tc.ExpectEq(CloseTestCase::Visits(lingering, 'A').size(),
                CloseTestCase::Visits(half, 'A').size(),
                "A's visits");
    CheckDiscard(tc, lingering, 0, 0, 0, 0);
}

// Lingering with a 22 ms timeout: A half-closes with its request (FIN on
// it) and reads the response as it comes: segments 1-3 arrive within the
// 22 ms, segment 4 after A's Close(): A's RST answers it. B's slow start
// had sent the initial window plus two segments for each of A's three ACKs
// that reached it before the RST: 16 segments; the rest is discarded, what
// was sent and not read is lost, what A had not acknowledged is flushed.
void
LingeringShort(TableCase& tc)
{
    const uint32_t response = 20000;
    const double linger = 0.022;
    TeardownParams p = StrategyParams("lingering", response, 0.0);
    p.lingerTimeoutS = linger;
    RunOutput out = tc.RunScenario(p);
    double t0 = HandshakeDone();
    double lingerEnd = t0 + linger;
    uint32_t read = ArrivedBy(lingerEnd, response);
    tc.ExpectEq(read, 3 * MSS, "three segments within the timeout (worked out)");
    double fourthAtA = ResponseSegmentAtA(4, response);
    const SegmentRecord* rst = FirstRstOfA(out);
    tc.Expect(rst != nullptr, "A sent a RST");
    if (rst)
    {
        tc.ExpectNear(rst->sentTime.GetSeconds(),
                      fourthAtA,
                      "A's RST answers the first segment after close + lingerTimeout");
    }
    double finAckAtA = RequestAtB() + AckTx() + DELAY; // B's ACK of A's request+FIN
    tc.CheckVisits(out,
                   'A',
                   {{TcpSocket::SYN_SENT, t0 - START},
                    {TcpSocket::ESTABLISHED, 0.0},
                    {TcpSocket::FIN_WAIT_1, finAckAtA - t0},
                    {TcpSocket::FIN_WAIT_2, fourthAtA - finAckAtA},
                    {TcpSocket::CLOSED, -1}});
    double rstAtB = fourthAtA + AckTx() + DELAY;
    uint32_t acksAtB = 0;
    for (uint32_t k = 1; k <= 3; ++k)
    {
        acksAtB += ResponseSegmentAtA(k, response) + AckTx() + DELAY < rstAtB;
    }
    uint32_t sent = std::min(response, (INITIAL_CWND + 2 * acksAtB) * MSS);
    tc.ExpectEq(sent, 16 * MSS, "B sent 16 segments (worked out)");
    tc.CheckEnd(out, CloseOutcome::RESET, CloseOutcome::RESET, read, response - sent, sent - read);
    CheckDiscard(tc, out, 0, response - read, 0, 0);
    tc.ExpectNear(out.result.b.holdTimeS, rstAtB - t0, "B is CLOSED when the RST arrives");
}

// The three-way close discards B's unsent response with its FIN+ACK (all
// 1000 bytes: the FIN rides on the request); when A's final ACK is lost and
// A's stack answers B's retransmitted FIN+ACK with RST, B's reset finds
// nothing left to flush: the discarded bytes are not counted twice.
void
DiscardedNotFlushedAgain(TableCase& tc)
{
    TeardownParams p = CloseTestCase::BaseParams("three-way-no-timewait", "a2b:ack-of-fin:1");
    RunOutput out = tc.RunScenario(p);
    tc.CheckEnd(out, CloseOutcome::ORDERLY, CloseOutcome::RESET, 0, 1000, 0);
    CheckDiscard(tc, out, 0, 0, 0, 0);
}

// ns-3's own socket has only its Close(): half-close and full-close both
// call it (the same run); abortive and lingering are refused by name.
void
StockSocket(TableCase& tc)
{
    TeardownParams p = CloseTestCase::BaseParams("ns3-stock");
    p.responseBytes = 20000;
    p.closeDelayS = 0.005;
    RunOutput half = tc.RunScenario(p);
    p.strategy = "full-close";
    RunOutput full = tc.RunScenario(p);
    tc.Expect(half.result.Values() != full.result.Values(), "the strategy column differs");
    tc.ExpectEq(full.result.deliveredBytes, half.result.deliveredBytes, "the same delivery");
    tc.ExpectEq(full.result.a.segmentsTx, half.result.a.segmentsTx, "the same segments");
    tc.Expect(full.result.a.flushedBytes < 0, "not measured on ns-3's socket");
    for (const char* refused : {"abortive", "lingering"})
    {
        p.strategy = refused;
        bool threw = false;
        try
        {
            p.Validate();
        }
        catch (const ParamError& e)
        {
            threw = std::string(e.what()).find(std::string("--strategy=") + refused) == 0;
        }
        tc.Expect(threw, std::string("ns3-stock refuses --strategy=") + refused);
    }
}

// The parameters: their schema entries, checks and canonical values.
void
Parameters(TableCase& tc)
{
    const ParamSpec* strategy = ParamSchema::Find("strategy");
    const ParamSpec* linger = ParamSchema::Find("lingerTimeout");
    tc.Expect(strategy && linger, "both parameters are in the schema");
    if (!strategy || !linger)
    {
        return;
    }
    tc.Expect(strategy->defaultText == "half-close", "default half-close");
    tc.Expect(strategy->Column() == "strategy", "column strategy");
    tc.Expect(linger->Column() == "linger_timeout_s", "column linger_timeout_s");
    tc.Expect(linger->Canonical("500ms") == "0.5", "a time in ns-3 units");
    TeardownParams p;
    for (double bad : {0.0, -1.0})
    {
        p.lingerTimeoutS = bad;
        bool threw = false;
        try
        {
            p.Validate();
        }
        catch (const ParamError& e)
        {
            threw = std::string(e.what()).find("--lingerTimeout=") == 0;
        }
        tc.Expect(threw, "lingerTimeout <= 0 is refused");
    }
    bool threw = false;
    try
    {
        strategy->Canonical("graceful");
    }
    catch (const ParamError& e)
    {
        threw = std::string(e.what()).find("--strategy=graceful") == 0;
    }
    tc.Expect(threw, "an unknown strategy is refused by name");
}

class StrategyTestSuite : public TableSuite
{
  public:
    StrategyTestSuite()
        : TableSuite("tcp-teardown-strategy")
    {
        Add("abortive mid-response: RST at the close call, B flushes the unacknowledged rest",
            AbortiveMidResponse);
        Add("abortive before the request is acknowledged: A flushes it",
            AbortiveBeforeRequestAcked);
        Add("abortive while B's application has not read: B discards the request",
            AbortiveUnreadAtB);
        Add("full-close with the response arriving: RST on the first segment after Close()",
            FullCloseResponseArriving);
        Add("full-close after the response: orderly", FullCloseAfterResponse);
        Add("lingering, timeout longer than the response: as the half close", LingeringLong);
        Add("lingering, timeout shorter than the response: RST after close + lingerTimeout",
            LingeringShort);
        Add("a RST after a three-way close: B's discarded bytes are not flushed again",
            DiscardedNotFlushedAgain);
        Add("ns3-stock: full-close as half-close, abortive and lingering refused", StockSocket);
        Add("parameters strategy and lingerTimeout", Parameters);
    }
};

StrategyTestSuite g_strategyTestSuite;
} // namespace
