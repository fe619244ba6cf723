/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The reuse scenario (k incarnations on one 4-tuple) and the path that keeps
 * segments (old duplicates): the hold-time distributions against their
 * closed forms, the path's timing against the link, the incarnations'
 * timeline against the reuse gap and TIME_WAIT, and the corruption rate of
 * the simplest case against its analytic value (doc/old-duplicates.md).
 */

#include "close-test-case.h"

#include "ns3/keep-delay.h"
#include "ns3/random-variable-stream.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/tcp-teardown-compat.h"

#include <cmath>

using namespace ns3;
using namespace ns3::teardowntest;

namespace
{
/** Wilson score interval of k successes in n trials, z standard errors wide. */
std::pair<double, double>
Wilson(uint64_t k, uint64_t n, double z)
{
    double p = static_cast<double>(k) / n;
    double z2 = z * z;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = z / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    return {centre - half, centre + half};
}

const double Z_999 = 3.2905; //!< two-sided 99.9 % normal quantile

/**
 * \ingroup tcp-teardown
 * Each hold-time family, drawn through ns-3's uniform stream, against the
 * closed form of its distribution truncated at L; bad texts are refused.
 */
class KeepDelayTestCase : public TestCase
{
  public:
    KeepDelayTestCase()
        : TestCase("hold times: truncated distributions match their closed forms, never exceed L")
    {
    }

  private:
    void DoRun() override
    {
        const double L = 0.2;

        // the truncated CDF at x, written from each family's definition
        struct Family
        {
            std::string text;
            std::function<double(double)> cdf;
        };

        std::vector<Family> families = {
            {"uniform:0.05:0.5", [](double x) { return std::clamp((x - 0.05) / 0.15, 0.0, 1.0); }},
            {"exponential:0.1",
             [L](double x) { return (1 - std::exp(-x / 0.1)) / (1 - std::exp(-L / 0.1)); }},
            {"pareto:0.01:1.5",
             [L](double x) {
                 return x < 0.01 ? 0.0
                                 : (1 - std::pow(0.01 / x, 1.5)) / (1 - std::pow(0.01 / L, 1.5));
             }},
        };
        Ptr<UniformRandomVariable> u = CreateObject<UniformRandomVariable>();
        u->SetStream(7);
        const int n = 20000;
        for (const auto& f : families)
        {
            KeepDelay d = KeepDelay::Parse(f.text, L);
            std::vector<double> draws;
            for (int i = 0; i < n; ++i)
            {
                draws.push_back(d.Draw(u->GetValue()));
            }
            double most = *std::max_element(draws.begin(), draws.end());
            NS_TEST_EXPECT_MSG_LT_OR_EQ(most, L, f.text << ": a draw beyond L");
            for (double x : {0.02, 0.06, 0.1, 0.15, 0.19})
            {
                double p = f.cdf(x);
                double share =
                    std::count_if(draws.begin(), draws.end(), [x](double v) { return v <= x; }) /
                    static_cast<double>(n);
                double sd = std::sqrt(p * (1 - p) / n);
                NS_TEST_EXPECT_MSG_LT_OR_EQ(std::fabs(share - p),
                                            4.5 * sd + 1e-12,
                                            f.text << ": P(D <= " << x << ") " << share
                                                   << ", closed form " << p);
            }
        }
        NS_TEST_EXPECT_MSG_EQ(KeepDelay::Parse("fixed:0.05", L).Draw(0.7), 0.05, "fixed");
        for (const char* bad : {"fixed",
                                "fixed:0.3",
                                "uniform:0.1",
                                "uniform:0.3:0.4",
                                "uniform:0.2:0.1",
                                "exponential:0",
                                "exponential:-1",
                                "pareto:0.1",
                                "pareto:0.3:1",
                                "pareto:0.1:0",
                                "normal:1:2",
                                "",
                                "fixed:x",
                                "fixed:0.1:0.2"})
        {
            NS_TEST_EXPECT_MSG_NE(KeepDelay::Check(bad, L), "", "accepted '" << bad << "'");
        }
    }
};

/** Parameters of the reuse cases: the test link, ns-3's defaults, one response segment. */
TeardownParams
ReuseParams(const std::string& variant, uint32_t k)
{
    CloseTestCase::ConfigureStack(DEFAULTS);
    TeardownParams p = CloseTestCase::BaseParams(variant);
    p.responseBytes = 500;
    p.incarnations = k;
    return p;
}

/**
 * \ingroup tcp-teardown
 * The path holds every segment for a fixed time, or passes it and delivers a
 * copy that much later: each late arrival comes exactly D after the original.
 */
class KeepPathTestCase : public TestCase
{
  public:
    KeepPathTestCase()
        : TestCase("the path: a kept segment or its copy arrives exactly D after the original")
    {
    }

  private:
    void DoRun() override
    {
        const double D = 0.003;
        for (const char* copy : {"no", "yes"})
        {
            TeardownParams p = ReuseParams("four-way", 1);
            p.keepB2A = 1.0;
            p.keepDelay = "fixed:0.003";
            p.lifetimeS = 0.01;
            p.keepCopy = copy;
            bool copies = p.keepCopy == "yes";
            std::string heldCause = copies ? "" : "kept";
            std::string lateCause = copies ? "copy" : "late";
            TeardownScenario scenario(p);
            scenario.SetKeepSegments(true);
            RunOutput out = scenario.Run();
            uint32_t originals = 0;
            uint32_t late = 0;
            for (const SegmentRecord& s : out.segments)
            {
                if (s.direction != LinkDirection::B_TO_A)
                {
                    NS_TEST_EXPECT_MSG_EQ(s.late, false, "nothing kept A->B");
                    continue;
                }
                if (!s.late)
                {
                    ++originals;
                    NS_TEST_EXPECT_MSG_EQ(s.cause, heldCause, "cause");
                    continue;
                }
                ++late;
                NS_TEST_EXPECT_MSG_EQ(s.cause, lateCause, "cause");
                // link delay plus transmission plus D after it was sent
                uint32_t wire = (s.flags & TcpHeader::SYN)   ? SynBytes()
                                : (s.flags & TcpHeader::RST) ? RstBytes()
                                                             : Wire(s.length);
                double flight = DELAY + Tx(wire) + D;
                NS_TEST_EXPECT_MSG_EQ_TOL((s.time - s.sentTime).GetSeconds(),
                                          flight,
                                          2e-9,
                                          "a late segment's time in the network");
            }
            NS_TEST_EXPECT_MSG_EQ(late, originals, "every B->A segment arrives late once");
            NS_TEST_EXPECT_MSG_EQ(out.result.keptB2A, originals, "kept_b2a counts them");
            NS_TEST_EXPECT_MSG_EQ(CloseOutcomeName(out.result.a.outcome),
                                  "orderly",
                                  "A still closes");
            NS_TEST_EXPECT_MSG_EQ(CloseOutcomeName(out.result.b.outcome),
                                  "orderly",
                                  "B still closes");
        }
    }
};

/**
 * \ingroup tcp-teardown
 * k incarnations: each SYN leaves the reuse gap after A's previous socket is
 * CLOSED, which is when A sent its final ACK (no TIME_WAIT) or 2 MSL later
 * (four-way); every one starts at ISN 0 (ns-3's choice) and nothing is
 * corrupted without old segments.
 */
class ReuseTimelineTestCase : public TestCase
{
  public:
    ReuseTimelineTestCase()
        : TestCase("incarnations: each SYN leaves gap (+ 2 MSL of TIME_WAIT) after the last ACK")
    {
    }

  private:
    void DoRun() override
    {
        for (const char* variant : {"four-way-no-timewait", "four-way"})
        {
            for (double gap : {0.0, 0.5})
            {
                TeardownParams p = ReuseParams(variant, 3);
                p.reuseGapS = gap;
                TeardownScenario scenario(p);
                scenario.SetKeepSegments(true);
                RunOutput out = scenario.Run();
                double wait = std::string(variant) == "four-way" ? 2 * MSL : 0.0;
                std::vector<const SegmentRecord*> syns;
                std::vector<const SegmentRecord*> lastAcks(4, nullptr);
                for (const SegmentRecord& s : out.segments)
                {
                    if (s.direction != LinkDirection::A_TO_B)
                    {
                        continue;
                    }
                    if (s.flags == TcpHeader::SYN)
                    {
                        syns.push_back(&s);
                        NS_TEST_EXPECT_MSG_EQ(s.seq, 0, "ns-3 starts every connection at ISN 0");
                        NS_TEST_EXPECT_MSG_EQ(s.incarnation, syns.size(), "incarnation numbers");
                    }
                    else if (s.flags == TcpHeader::ACK && s.length == 0 && s.ack == 502)
                    {
                        lastAcks[s.incarnation] = &s; // A's ACK of B's FIN (500 bytes + FIN)
                    }
                }
                NS_TEST_ASSERT_MSG_EQ(syns.size(), 3, variant << ": three SYNs");
                for (uint32_t n = 1; n < 3; ++n)
                {
                    NS_TEST_ASSERT_MSG_NE(lastAcks[n], nullptr, "incarnation " << n << " ended");
                    // gap 0: the SYN waits for the ACK's transmission on the device
                    double sent = lastAcks[n]->sentTime.GetSeconds() + wait +
                                  std::max(gap, wait > 0 ? 0.0 : AckTx());
                    NS_TEST_EXPECT_MSG_EQ_TOL(syns[n]->sentTime.GetSeconds(),
                                              sent,
                                              2e-9,
                                              variant << " gap " << gap << ": SYN " << n + 1);
                }
                NS_TEST_EXPECT_MSG_EQ(out.result.reuse.opened, 3, "incarnations_opened");
                NS_TEST_EXPECT_MSG_EQ(out.result.reuse.corruptedBytes, 0, "no old segments");
                NS_TEST_EXPECT_MSG_EQ(out.result.a.finTx, 1, "A's metrics are incarnation 1's");
                NS_TEST_EXPECT_MSG_EQ(out.result.deliveredBytes, 500, "incarnation 1's bytes");
            }
        }
    }
};

/**
 * \ingroup tcp-teardown
 * The simplest hazard, worked out by hand (doc/old-duplicates.md): no
 * TIME_WAIT, ISN 0 both times, a 500-byte response that is one segment
 * (data + FIN), gap 0. With probability q the path delivers a copy of a B->A
 * segment after D ~ U(0, L). The copy of B's response corrupts incarnation 2
 * iff it reaches A between A's second handshake (A sends its request and FIN
 * at once, so the copy's ACK is acceptable) and the second response:
 *   offset a = final ACK + SYN + SYN+ACK transmissions + 2 d after the
 *   original, window W = 2 d + ACK + request + ACK + response transmissions,
 *   P = q W / L when a + W <= L (to first order in q).
 */
class AnalyticCorruptionTestCase : public TestCase
{
  public:
    AnalyticCorruptionTestCase()
        : TestCase(
              "no TIME_WAIT, ISN 0: the share of corrupted runs matches q W over L (Wilson 99.9 %)")
    {
    }

  private:
    void DoRun() override
    {
        const double q = 0.05;
        const double L = 0.1;
        const uint64_t n = 8000;
        double a = 2 * DELAY + AckTx() + 2 * Tx(SynBytes());
        double w = 2 * DELAY + AckTx() + RequestTx() + AckTx() + Tx(Wire(500));
        NS_TEST_ASSERT_MSG_LT(a + w, L, "the window lies inside [0, L]");
        double expected = q * w / L;
        uint64_t corrupted = 0;
        for (uint64_t i = 0; i < n; ++i)
        {
            TeardownParams p = ReuseParams("four-way-no-timewait", 2);
            p.keepB2A = q;
            p.keepCopy = "yes";
            p.keepDelay = "uniform:0:0.1";
            p.lifetimeS = L;
            p.rngRun = 1 + i;
            RunResult r = TeardownScenario(p).Run(i).result;
            NS_TEST_EXPECT_MSG_EQ((r.reuse.corruptedBytes == 0 || r.reuse.corruptedBytes == 500),
                                  true,
                                  "run " << i << ": a corrupted run reads the whole old segment");
            corrupted += r.reuse.corruptedBytes > 0;
        }
        auto [low, high] = Wilson(corrupted, n, Z_999);
        NS_TEST_EXPECT_MSG_EQ((expected >= low && expected <= high),
                              true,
                              corrupted << " of " << n << " runs corrupted: [" << low << ", "
                                        << high
                                        << "] (99.9 %) does not hold q W / L = " << expected);
    }
};

/**
 * \ingroup tcp-teardown
 * What TIME_WAIT protects: with TIME_WAIT = 2 MSL, MSL >= L and RFC 1337's
 * rule (a RST does not end TIME_WAIT) no old segment reaches incarnation 2,
 * in either direction; without TIME_WAIT the same path corrupts runs.
 */
class TimeWaitProtectsTestCase : public TestCase
{
  public:
    TimeWaitProtectsTestCase()
        : TestCase("TIME_WAIT = 2 MSL, MSL >= L, RFC 1337: no old segment reaches the new one")
    {
    }

  private:
    void DoRun() override
    {
        const uint64_t n = 1500;
        for (const char* variant : {"four-way", "four-way-no-timewait"})
        {
            uint64_t old = 0;
            uint64_t corrupted = 0;
            for (uint64_t i = 0; i < n; ++i)
            {
                TeardownParams p = ReuseParams(variant, 2);
                p.responseBytes = 5000;
                p.keepA2B = p.keepB2A = 0.05;
                p.keepCopy = "yes";
                p.keepDelay = "uniform:0:0.5";
                p.lifetimeS = 0.5;
                p.mslS = 0.5; // MSL = L
                p.rngRun = 1 + i;
                Config::SetDefault("ns3::TcpTeardownSocket::IgnoreRstInTimeWait",
                                   BooleanValue(true));
                RunResult r = TeardownScenario(p).Run(i).result;
                Config::SetDefault("ns3::TcpTeardownSocket::IgnoreRstInTimeWait",
                                   BooleanValue(false));
                old += r.reuse.oldSegments;
                corrupted += r.reuse.corruptedBytes > 0;
            }
            if (std::string(variant) == "four-way")
            {
                NS_TEST_EXPECT_MSG_EQ(old, 0, "an old segment reached incarnation 2");
                NS_TEST_EXPECT_MSG_EQ(corrupted, 0, "corrupted runs");
            }
            else
            {
                NS_TEST_EXPECT_MSG_GT(corrupted, 0, "without TIME_WAIT old segments corrupt");
            }
        }
    }
};

/**
 * \ingroup tcp-teardown
 * PAWS (RFC 7323): ns-3's stack sends timestamps and still reads the old
 * copy (timestamps on, PAWS off: runs corrupted); with Paws every old copy
 * reaching incarnation 2 carries a TSval older than TS.Recent and is dropped.
 */
class PawsTestCase : public TestCase
{
  public:
    PawsTestCase()
        : TestCase("PAWS: timestamps alone let old copies in; Paws drops every one")
    {
    }

  private:
    void DoRun() override
    {
        const uint64_t n = 2000;
        for (const char* paws : {"no", "yes"})
        {
            uint64_t corrupted = 0;
            uint64_t old = 0;
            for (uint64_t i = 0; i < n; ++i)
            {
                TeardownParams p = ReuseParams("four-way-no-timewait", 2);
                p.keepB2A = 0.05;
                p.keepCopy = "yes";
                p.keepDelay = "uniform:0:0.1";
                p.lifetimeS = 0.1;
                p.paws = paws;
                p.rngRun = 1 + i;
                RunResult r = TeardownScenario(p).Run(i).result;
                NS_TEST_ASSERT_MSG_EQ(r.effective["timestamp"], "yes", "timestamps are on");
                NS_TEST_ASSERT_MSG_EQ(r.effective["paws"], paws, "paws read back");
                corrupted += r.reuse.corruptedBytes > 0;
                old += r.reuse.oldSegments;
            }
            NS_TEST_EXPECT_MSG_GT(old, 0, "old copies reached incarnation 2");
            if (std::string(paws) == "yes")
            {
                NS_TEST_EXPECT_MSG_EQ(corrupted, 0, "PAWS let an old copy in");
            }
            else
            {
                NS_TEST_EXPECT_MSG_GT(corrupted, 0, "timestamps alone rejected every old copy");
            }
        }
    }
};

/**
 * \ingroup tcp-teardown
 * The reuse scenario and the path that keeps segments.
 */
class ReuseTestSuite : public TestSuite
{
  public:
    ReuseTestSuite()
        : TestSuite("tcp-teardown-reuse", TCP_TEARDOWN_TEST_UNIT)
    {
        AddTestCase(new KeepDelayTestCase, TCP_TEARDOWN_TEST_QUICK);
        AddTestCase(new KeepPathTestCase, TCP_TEARDOWN_TEST_QUICK);
        AddTestCase(new ReuseTimelineTestCase, TCP_TEARDOWN_TEST_QUICK);
        AddTestCase(new AnalyticCorruptionTestCase, TCP_TEARDOWN_TEST_QUICK);
        AddTestCase(new TimeWaitProtectsTestCase, TCP_TEARDOWN_TEST_QUICK);
        AddTestCase(new PawsTestCase, TCP_TEARDOWN_TEST_QUICK);
    }
};

static ReuseTestSuite g_reuseTestSuite; //!< registers the suite
} // namespace
