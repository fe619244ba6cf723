/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * IPv6 (--ipv6=yes): the close path runs the same rules as over IPv4. The
 * only difference on the wire is the 40-byte IPv6 header instead of IPv4's
 * 20 bytes, so every segment takes 20 * 8 / 10 Mb/s = 16 us longer to send.
 *
 * - Every variant under every single targeted loss, in the tuned
 *   configuration of the conformance suite and under ns-3's defaults (delayed
 *   ACK, MinRto 1 s): the same state sequence,
 *   outcomes, FIN and RST counts and byte accounting as over IPv4, and every
 *   dwell time within the extra serialization of the segments sent in the
 *   run (a bound from the link, not from the model).
 * - The case the IPv4 receive hook exists for: B's FIN rides on its only data
 *   segment, A's final ACK is lost, and B's retransmission (data and FIN below
 *   A's RCV.NXT) must reach A's TIME_WAIT, be acknowledged and restart 2 MSL
 *   (RFC 9293 3.10.7.4, TIME-WAIT: "restart the 2 MSL timeout"). A's TIME_WAIT
 *   then lasts 2 MSL plus B's retransmission timeout (MinRto 1 s, the ns-3
 *   default, above the computed RTO of a 20 ms path).
 */

#include "close-test-case.h"

#include "ns3/inet6-socket-address.h"

using namespace ns3;
using namespace ns3::teardowntest;

namespace
{
const double EXTRA_TX = 20 * 8 / RATE_BPS; //!< a segment's extra serialization over IPv6

/** Run over IPv4 or IPv6, tuned (DelAckCount 1, MinRto 200 ms) or with ns-3's defaults. */
RunOutput
Run(TableCase& tc, TeardownParams p, bool ipv6, bool tuned)
{
    p.ipv6 = ipv6 ? "yes" : "no";
    if (tuned)
    {
        return tc.RunScenario(p, nullptr);
    }
    Config::Reset();
    TeardownScenario scenario(p);
    scenario.SetKeepTransitions(true);
    return scenario.Run();
}

/** Each variant, each kind of single targeted loss: IPv6 runs as IPv4 does. */
void
SameAsIpv4(TableCase& tc)
{
    for (const std::string& variant : {std::string("four-way"),
                                       std::string("four-way-no-timewait"),
                                       std::string("three-way"),
                                       std::string("three-way-no-timewait"),
                                       std::string("simultaneous")})
    {
        for (const std::string& drop : {std::string(""),
                                        std::string("a2b:fin:1"),
                                        std::string("b2a:fin:1"),
                                        std::string("b2a:ack-of-fin:1"),
                                        std::string("a2b:ack-of-fin:1"),
                                        std::string("b2a:last-data:1"),
                                        std::string("b2a:data:1")})
        {
            for (auto [response, tuned] : {std::pair{500u, true},
                                           std::pair{5000u, true},
                                           std::pair{500u, false},
                                           std::pair{5000u, false}})
            {
                TeardownParams p = CloseTestCase::BaseParams(variant);
                p.drop = drop;
                p.responseBytes = response;
                RunOutput v4 = Run(tc, p, false, tuned);
                RunOutput v6 = Run(tc, p, true, tuned);
                std::string what = variant + " --drop=" + drop +
                                   " --responseBytes=" + std::to_string(response) +
                                   (tuned ? " (tuned): " : " (ns-3 defaults): ");
                const RunResult& r4 = v4.result;
                const RunResult& r6 = v6.result;
                uint32_t segments = r4.a.segmentsTx + r4.b.segmentsTx;
                double bound = segments * EXTRA_TX + 1e-9;
                for (char end : {'A', 'B'})
                {
                    std::vector<Visit> s4 = CloseTestCase::Visits(v4, end);
                    std::vector<Visit> s6 = CloseTestCase::Visits(v6, end);
                    tc.ExpectEq(s6.size(), s4.size(), what + end + " visits as many states");
                    for (size_t i = 0; i < std::min(s4.size(), s6.size()); ++i)
                    {
                        tc.Expect(s6[i].state == s4[i].state,
                                  what + end + " state " + std::to_string(i) + ": " +
                                      CloseTestCase::Describe(s6) + " vs IPv4 " +
                                      CloseTestCase::Describe(s4));
                        tc.Expect(std::abs(s6[i].dwell - s4[i].dwell) <= bound,
                                  what + end + " dwell " + std::to_string(i) +
                                      " within the extra serialization");
                    }
                }
                for (auto [e4, e6] : {std::pair{&r4.a, &r6.a}, std::pair{&r4.b, &r6.b}})
                {
                    tc.Expect(e6->outcome == e4->outcome, what + "outcome");
                    tc.ExpectEq(e6->finTx, e4->finTx, what + "FINs sent");
                    tc.ExpectEq(e6->rstTx, e4->rstTx, what + "RSTs sent");
                    tc.ExpectEq(e6->segmentsTx, e4->segmentsTx, what + "segments sent");
                }
                tc.ExpectEq(r6.deliveredBytes, r4.deliveredBytes, what + "delivered");
                tc.ExpectEq(r6.discardedBytes, r4.discardedBytes, what + "discarded");
            }
        }
    }
}

/** B's FIN on its only data segment, A's final ACK lost: TIME_WAIT restarts. */
void
FinOnOldDataRestartsTimeWait(TableCase& tc)
{
    TeardownParams p; // the sweep defaults: delayed ACK, MinRto 1 s, SACK
    p.responseBytes = 500;
    p.drop = "a2b:ack-of-fin:1";
    p.ipv6 = "yes";
    TeardownScenario scenario(p);
    scenario.SetKeepTransitions(true);
    RunOutput out = scenario.Run();
    const RunResult& r = out.result;
    double minRto = 1.0;
    // A's TIME_WAIT starts when B's FIN arrives and restarts when its
    // retransmission arrives one RTO later; the timer may start up to one
    // ACK's serialization before the segment leaves B (queued behind it)
    tc.Expect(r.a.dwellS[TcpSocket::TIME_WAIT] <= 2 * p.mslS + minRto + 1e-9 &&
                  r.a.dwellS[TcpSocket::TIME_WAIT] >= 2 * p.mslS + minRto - Tx(HeaderBytes() + 20),
              "A's TIME_WAIT = 2 MSL + B's RTO, got " +
                  std::to_string(r.a.dwellS[TcpSocket::TIME_WAIT]));
    tc.ExpectEq(r.b.finTx, 2, "B sent its FIN twice");
    tc.Expect(r.a.outcome == CloseOutcome::ORDERLY && r.b.outcome == CloseOutcome::ORDERLY,
              "both ends orderly (A acknowledged the retransmitted FIN)");
    tc.ExpectEq(r.deliveredBytes, 500, "all of B's bytes delivered");
}

class Ipv6TestSuite : public TableSuite
{
  public:
    Ipv6TestSuite()
        : TableSuite("tcp-teardown-ipv6")
    {
        Add("every variant and single loss runs as over IPv4", SameAsIpv4);
        Add("a FIN on old data restarts TIME_WAIT over IPv6", FinOnOldDataRestartsTimeWait);
    }
};

Ipv6TestSuite g_ipv6TestSuite;
} // namespace
