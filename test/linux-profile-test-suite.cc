/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * --profile=linux (LinuxProfile) against timelines worked out from Linux's
 * rules and the test link (close-test-case.h): the delayed ACK of the peer's
 * FIN, the tail-loss probe before the first RTO (PTO = 2 SRTT + 200 ms with
 * one segment in flight, never later than the RTO), RTO = SRTT + 200 ms,
 * the fixed 60 s TIME_WAIT and its restarts.
 *
 * SRTT: ns-3's timestamps count milliseconds, so the one RTT sample of the
 * handshake is the round trip of SYN and SYN+ACK rounded down to 1 ms.
 */

#include "close-test-case.h"

#include "ns3/effective-config.h"
#include "ns3/linux-profile.h"

#include <cmath>

using namespace ns3;
using namespace ns3::teardowntest;

namespace
{
const double LINUX_TIME_WAIT = 60.0; //!< TCP_TIMEWAIT_LEN
const double RTO_MIN = 0.2;          //!< TCP_RTO_MIN
const double DELACK = 0.04;          //!< TCP_DELACK_MIN

/** \return the handshake's RTT sample: SYN out, SYN+ACK back, in whole ms */
double
Srtt()
{
    return std::floor((HandshakeDone() - START) * 1000.0 + 1e-9) / 1000.0;
}

/** \return Linux's RTO after one sample: SRTT + max(4 RTTVAR, 200 ms) */
double
LinuxRto()
{
    return Srtt() + std::max(4 * Srtt() / 2, RTO_MIN);
}

/** A's request+FIN reaches B (behind the handshake ACK). */
double
FinAtB()
{
    return HandshakeDone() + AckTx() + RequestTx() + DELAY;
}

TeardownParams
LinuxParams(const std::string& drop, uint32_t response = 0)
{
    TeardownParams p = CloseTestCase::BaseParams("four-way", drop);
    p.profile = "linux";
    p.responseBytes = response;
    return p;
}

/** \return the send times of the segments of \p dir with \p flags exactly */
std::vector<double>
SentTimes(const RunOutput& out, LinkDirection dir, uint8_t flags)
{
    std::vector<double> times;
    for (const auto& s : out.segments)
    {
        if (s.direction == dir && s.flags == flags && !s.late)
        {
            times.push_back(s.sentTime.GetSeconds());
        }
    }
    return times;
}

/** Compare a list of times (1 us). */
void
ExpectTimes(TableCase& tc,
            const std::vector<double>& actual,
            const std::vector<double>& expected,
            const std::string& what)
{
    tc.ExpectEq(actual.size(), expected.size(), what + ": how many");
    for (size_t i = 0; i < std::min(actual.size(), expected.size()); ++i)
    {
        tc.ExpectNear(actual[i], expected[i], what + " #" + std::to_string(i + 1));
    }
}

const uint8_t FIN_ACK = TcpHeader::FIN | TcpHeader::ACK;

// No loss, no response: B reads the request and EOF and closes at once, so
// its FIN carries the ACK of A's FIN: three segments close the connection.
void
NoLoss(TableCase& tc)
{
    RunOutput out = tc.RunScenario(LinuxParams(""));
    ExpectTimes(tc, SentTimes(out, LinkDirection::B_TO_A, FIN_ACK), {FinAtB()}, "B's FIN+ACK");
    ExpectTimes(tc, SentTimes(out, LinkDirection::B_TO_A, TcpHeader::ACK), {}, "B's pure ACKs");
    tc.ExpectEq(out.result.b.segmentsTx, 2, "B sent its SYN+ACK and one FIN+ACK");
    double finAckAtA = FinAtB() + AckTx() + DELAY;
    tc.CheckVisits(out, 'A', ActiveCloserVisits(HandshakeDone(), finAckAtA, 0.0, LINUX_TIME_WAIT));
    tc.CheckEnd(out, CloseOutcome::ORDERLY, CloseOutcome::ORDERLY, 0);
}

// B closes 100 ms after the FIN (serverDelay): its ACK of A's FIN waits for
// the 40 ms delayed-ACK timer, then its FIN follows on its own.
void
LateClose(TableCase& tc)
{
    TeardownParams p = LinuxParams("");
    p.serverDelayS = 0.1;
    RunOutput out = tc.RunScenario(p);
    ExpectTimes(tc,
                SentTimes(out, LinkDirection::B_TO_A, TcpHeader::ACK),
                {FinAtB() + DELACK},
                "B's ACK of A's FIN");
    ExpectTimes(tc,
                SentTimes(out, LinkDirection::B_TO_A, FIN_ACK),
                {FinAtB() + 0.1},
                "B's FIN+ACK");
}

// A's FIN lost twice: the first resend is the tail-loss probe at the RTO
// (PTO = 2 SRTT + 200 ms is later), the second the RTO re-armed without
// backoff: t + RTO, t + 2 RTO (RFC 6298 alone: t + RTO, t + 3 RTO).
void
FinLostTwice(TableCase& tc)
{
    RunOutput out = tc.RunScenario(LinuxParams("a2b:fin:1-2"));
    double armed =
        HandshakeDone(); // A's request+FIN is handed down; the device sends the ACK first
    ExpectTimes(tc,
                SentTimes(out, LinkDirection::A_TO_B, FIN_ACK),
                {armed + AckTx(), armed + LinuxRto(), armed + 2 * LinuxRto()},
                "A's FIN+ACK");
    tc.ExpectEq(out.result.a.finRetx, 2, "A's FIN retransmissions");
}

// The final ACK lost n times: B's FIN is resent by the probe after one RTO,
// then by RTOs that double: +1, +2, +4 RTO. Each resent FIN restarts A's
// TIME_WAIT, which ends 60 s after the last.
void
FinalAckLost(TableCase& tc, int n)
{
    RunOutput out = tc.RunScenario(LinuxParams("a2b:ack-of-fin:1-" + std::to_string(n)));
    std::vector<double> expected = {FinAtB()};
    double offset = 0.0;
    double rto = LinuxRto();
    for (int i = 0; i < n; ++i)
    {
        offset += i == 0 ? rto : rto * (1 << (i - 1));
        expected.push_back(FinAtB() + offset);
    }
    ExpectTimes(tc, SentTimes(out, LinkDirection::B_TO_A, FIN_ACK), expected, "B's FIN+ACK");
    double finAckAtA = FinAtB() + AckTx() + DELAY;
    tc.CheckVisits(out,
                   'A',
                   ActiveCloserVisits(HandshakeDone(), finAckAtA, 0.0, offset + LINUX_TIME_WAIT));
    tc.CheckEnd(out, CloseOutcome::ORDERLY, CloseOutcome::ORDERLY, 0);
}

// --ns3::TcpSocketBase::MinRto=1s on the command line wins over the profile:
// the RTO is 1 s, so the probe (2 SRTT + 200 ms) comes first.
void
OverrideWins(TableCase& tc)
{
    tc.SetProfile(DEFAULTS); // MinRto 1 s, as the command line would set it
    EffectiveConfig::SetOverrides({"ns3::TcpSocketBase::MinRto"});
    RunOutput out = tc.RunScenario(LinuxParams("a2b:fin:1"));
    EffectiveConfig::SetOverrides({});
    double armed = HandshakeDone();
    ExpectTimes(tc,
                SentTimes(out, LinkDirection::A_TO_B, FIN_ACK),
                {armed + AckTx(), armed + 2 * Srtt() + RTO_MIN},
                "A's FIN+ACK");
}

// An old ACK reaches A in TIME_WAIT (5 s after it entered it; 1 s in the
// RFC's 2 s TIME_WAIT): Linux restarts the 60 s (tcp_timewait_state_process);
// RFC 9293 does not.
void
OldAckInTimeWait(TableCase& tc, bool linux)
{
    // A answers the old ACK with an ACK; B, closed, answers that with a RST,
    // which would end TIME_WAIT (tcp_rfc1337 = 0): the link drops it.
    TeardownParams p = LinuxParams("b2a:rst:all");
    p.profile = linux ? "linux" : "none";
    // RFC 9293: B's ACK of A's FIN leaves at once, its FIN right behind it
    double fw2 = linux ? 0.0 : AckTx();
    double fw1End = FinAtB() + AckTx() + DELAY;
    double timeWaitAt = fw1End + fw2;
    double injected = timeWaitAt + (linux ? 5.0 : 1.0);
    double arrives = injected + Tx(RstBytes()) + DELAY; // no options
    RunOutput out = tc.RunScenario(p, [injected](const ScenarioParts& parts) {
        InjectToA(parts, Seconds(injected), TcpHeader::ACK, 0, 1);
    });
    double timeWait = linux ? arrives - timeWaitAt + LINUX_TIME_WAIT : 2 * MSL;
    tc.CheckVisits(out, 'A', ActiveCloserVisits(HandshakeDone(), fw1End, fw2, timeWait));
}

// A closes with Close() 5 ms after its request, before B's response comes:
// A answers B's first data segment with <SEQ=SEG.ACK><CTL=RST>. B sent it
// before A's FIN reached it, so the RST is numbered RCV.NXT - 1 at B. Linux
// (tcp_reset_check, AcceptRstBeforeFin) resets B as it arrives; RFC 9293's
// window check drops it, and B stays in CLOSE_WAIT.
void
RstBeforeFin(TableCase& tc, bool accept)
{
    TeardownParams p = LinuxParams("", 20000);
    p.strategy = "full-close";
    p.closeDelayS = 0.005;
    if (!accept)
    {
        // as --ns3::TcpTeardownSocket::AcceptRstBeforeFin=false would: the
        // attribute keeps its default, false
        EffectiveConfig::SetOverrides({"ns3::TcpTeardownSocket::AcceptRstBeforeFin"});
    }
    RunOutput out = tc.RunScenario(p);
    EffectiveConfig::SetOverrides({});
    double finAtB = HandshakeDone() + p.closeDelayS + AckTx() + DELAY;
    double requestAtB = HandshakeDone() + AckTx() + RequestTx() + DELAY;
    // B acknowledges the request at once (a quick ACK), its data follows
    double firstDataAtA = requestAtB + AckTx() + Tx(Wire(1448)) + DELAY;
    double rstAtB = firstDataAtA + AckTx() + DELAY; // A's RST carries timestamps
    tc.Expect(firstDataAtA > HandshakeDone() + p.closeDelayS, "the response comes after Close()");
    std::vector<Visit> b = CloseTestCase::Visits(out, 'B');
    tc.Expect(!b.empty() && b[0].state == TcpSocket::CLOSE_WAIT, "B enters CLOSE_WAIT first");
    if (!b.empty())
    {
        if (accept)
        {
            tc.ExpectNear(b[0].dwell, rstAtB - finAtB, "B's CLOSE_WAIT ends at A's first RST");
        }
        else
        {
            tc.Expect(b[0].dwell > rstAtB - finAtB + 0.001, "B drops A's first RST");
        }
    }
    // A never acknowledges B's data: B sends its initial window of 10
    // segments, never more; the rest stays unsent
    const uint32_t sent = 10 * 1448;
    tc.CheckEnd(out, CloseOutcome::RESET, CloseOutcome::RESET, 0, 20000 - sent, sent);
}

class LinuxProfileTestSuite : public TableSuite
{
  public:
    LinuxProfileTestSuite()
        : TableSuite("tcp-teardown-linux-profile")
    {
        Add("no loss: B's FIN carries the ACK of A's FIN, three segments, 60 s TIME_WAIT", NoLoss);
        Add("B closes late: the ACK of A's FIN after 40 ms, then B's FIN", LateClose);
        Add("A's FIN lost twice: probe at one RTO, then an RTO without backoff", FinLostTwice);
        Add("final ACK lost once: TIME_WAIT restarts", [](TableCase& tc) { FinalAckLost(tc, 1); });
        Add("final ACK lost three times: +1, +2, +4 RTO",
            [](TableCase& tc) { FinalAckLost(tc, 3); });
        Add("a command-line attribute wins over the profile", OverrideWins);
        Add("old ACK in TIME_WAIT: Linux restarts it",
            [](TableCase& tc) { OldAckInTimeWait(tc, true); });
        Add("old ACK in TIME_WAIT: RFC 9293 does not restart it",
            [](TableCase& tc) { OldAckInTimeWait(tc, false); });
        Add("a RST numbered before A's FIN resets B in CLOSE_WAIT (tcp_reset_check)",
            [](TableCase& tc) { RstBeforeFin(tc, true); });
        Add("without AcceptRstBeforeFin, B drops it (RFC 9293)",
            [](TableCase& tc) { RstBeforeFin(tc, false); });
    }
};

LinuxProfileTestSuite g_linuxProfileTestSuite;
} // namespace
