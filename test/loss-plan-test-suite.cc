/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Burst loss (LossPlan::SetBurstLoss): over many segments the realised loss
 * rate is p, a loss follows a loss with probability 1 - 1/b (p for b = 1:
 * independent loss), and bursts last b segments on average (1 / (1 - p) for
 * independent loss). Tolerances are 5 standard deviations of each estimate,
 * worked out from the model below, not from the output.
 */

#include "close-test-case.h"

#include "ns3/ipv4-header.h"
#include "ns3/loss-plan.h"
#include "ns3/ppp-header.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/tcp-header.h"

#include <cmath>
#include <sstream>

using namespace ns3;
using namespace ns3::teardowntest;

namespace
{
/** A TCP segment as the receiving point-to-point device sees it. */
Ptr<Packet>
WireSegment(uint32_t seq)
{
    Ptr<Packet> p = Create<Packet>(100);
    TcpHeader tcp;
    tcp.SetFlags(TcpHeader::ACK);
    tcp.SetSequenceNumber(SequenceNumber32(seq));
    p->AddHeader(tcp);
    Ipv4Header ip;
    ip.SetProtocol(6);
    ip.SetPayloadSize(p->GetSize());
    p->AddHeader(ip);
    PppHeader ppp;
    ppp.SetProtocol(0x0021);
    p->AddHeader(ppp);
    return p;
}

/** What a long sequence of loss decisions shows. */
struct LossStats
{
    uint64_t segments{0};      //!< decisions
    uint64_t losses{0};        //!< dropped
    uint64_t bursts{0};        //!< maximal runs of drops
    uint64_t lossAfterLoss{0}; //!< drops right after a drop
    uint64_t afterLoss{0};     //!< decisions right after a drop
};

LossStats
Decide(double p, double b, uint64_t n, uint64_t run)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(run);
    Ptr<LossPlan> plan = CreateObject<LossPlan>();
    plan->SetClosePhaseOnly(false);
    plan->SetRandomLoss(LinkDirection::B_TO_A, p);
    plan->SetBurstLoss(LinkDirection::B_TO_A, b);
    plan->AssignStreams(0);
    Ptr<Packet> segment = WireSegment(1);
    LossStats s;
    bool previous = false;
    for (uint64_t i = 0; i < n; ++i)
    {
        bool lost = plan->Decide(LinkDirection::B_TO_A, segment);
        ++s.segments;
        s.losses += lost;
        if (previous)
        {
            ++s.afterLoss;
            s.lossAfterLoss += lost;
        }
        if (lost && !previous)
        {
            ++s.bursts;
        }
        previous = lost;
    }
    return s;
}

/**
 * The chain's numbers for loss rate p and mean burst b: the probability of
 * a loss after a loss q, the mean burst length m and its variance v, and the
 * factor (1 + l) / (1 - l) by which the chain's correlation (second
 * eigenvalue l = 1 - r - 1/b) widens the variance of the realised rate.
 */
struct Model
{
    double q;      //!< P(loss | loss before)
    double m;      //!< mean burst length
    double v;      //!< variance of a burst length
    double factor; //!< variance inflation of the realised loss rate
};

Model
ModelOf(double p, double b)
{
    if (b <= 1.0)
    {
        // independent: runs of losses are geometric with continuation p
        return {p, 1.0 / (1.0 - p), p / ((1.0 - p) * (1.0 - p)), 1.0};
    }
    double s = 1.0 / b;
    double r = p / (b * (1.0 - p));
    double l = 1.0 - r - s;
    return {1.0 - s, b, (1.0 - s) / (s * s), (1.0 + l) / (1.0 - l)};
}

/** Expect |actual - expected| <= tolerance, with the numbers in the message. */
void
ExpectWithin(TableCase& tc,
             double actual,
             double expected,
             double tolerance,
             const std::string& what)
{
    std::ostringstream message;
    message << what << ": " << actual << ", expected " << expected << " +- " << tolerance;
    tc.Expect(std::abs(actual - expected) <= tolerance, message.str());
}

void
Statistics(TableCase& tc)
{
    const uint64_t n = 200000;

    struct Row
    {
        double p;
        double b;
    };

    const Row rows[] =
        {{0.1, 1.0}, {0.3, 1.0}, {0.05, 2.0}, {0.1, 3.0}, {0.2, 4.0}, {0.3, 1.5}, {0.25, 8.0}};
    uint64_t run = 1;
    for (const Row& row : rows)
    {
        LossStats s = Decide(row.p, row.b, n, run++);
        Model m = ModelOf(row.p, row.b);
        std::ostringstream name;
        name << "p " << row.p << " b " << row.b << ": ";

        double rate = double(s.losses) / s.segments;
        double rateSd = std::sqrt(row.p * (1 - row.p) / n * m.factor);
        ExpectWithin(tc, rate, row.p, 5 * rateSd, name.str() + "realised loss rate");

        double q = double(s.lossAfterLoss) / s.afterLoss;
        double qSd = std::sqrt(m.q * (1 - m.q) / s.afterLoss);
        ExpectWithin(tc, q, m.q, 5 * qSd, name.str() + "P(loss | loss before)");

        double mean = double(s.losses) / s.bursts;
        double meanSd = std::sqrt(m.v / s.bursts);
        ExpectWithin(tc, mean, m.m, 5 * meanSd, name.str() + "mean burst length");
        tc.Expect(s.bursts > 1000, name.str() + "enough bursts for the estimates");
    }
}

void
Impossible(TableCase& tc)
{
    tc.Expect(LossPlan::BurstLengthError(0.3, 1.0).empty(), "b = 1 is always possible");
    tc.Expect(LossPlan::BurstLengthError(2.0 / 3.0, 2.0).empty(), "p = b / (b + 1): gaps of 1");
    tc.Expect(!LossPlan::BurstLengthError(0.7, 2.0).empty(), "p > b / (b + 1): gaps below 1");
    tc.Expect(!LossPlan::BurstLengthError(0.1, 0.5).empty(), "b < 1");
    tc.Expect(!LossPlan::BurstLengthError(0.1, INFINITY).empty(), "b infinite");
    TeardownParams p;
    p.lossB2A = 0.8;
    p.lossBurst = 2.0;
    bool named = false;
    try
    {
        p.Validate();
    }
    catch (const ParamError& e)
    {
        named = std::string(e.what()).find("--lossBurst=2") == 0;
    }
    tc.Expect(named, "Validate names --lossBurst and its value");
}

/**
 * TeardownParams::lossBurst reaches the link: over 30 runs of a 100 KB
 * response at 20 % loss (the whole run), the runs of consecutive random
 * drops in the segment log of each direction last b segments on average.
 */
void
Scenario(TableCase& tc)
{
    CloseTestCase::ConfigureStack();
    const double b = 4.0;
    uint64_t drops = 0;
    uint64_t bursts = 0;
    for (uint64_t run = 1; run <= 30; ++run)
    {
        TeardownParams p = CloseTestCase::BaseParams("four-way");
        p.responseBytes = 100000;
        p.lossA2B = 0.2;
        p.lossB2A = 0.2;
        p.lossBurst = b;
        p.lossScope = "run";
        p.mslS = 0.1;
        p.rngRun = run;
        RunOutput out = tc.RunScenario(p);
        for (LinkDirection d : {LinkDirection::A_TO_B, LinkDirection::B_TO_A})
        {
            bool previous = false;
            for (const auto& s : out.segments)
            {
                if (s.direction != d)
                {
                    continue;
                }
                bool lost = s.dropped && s.cause == "random";
                drops += lost;
                bursts += lost && !previous;
                previous = lost;
            }
        }
    }
    Model m = ModelOf(0.2, b);
    double mean = double(drops) / bursts;
    ExpectWithin(tc,
                 mean,
                 b,
                 5 * std::sqrt(m.v / bursts),
                 "mean burst length on the link, " + std::to_string(bursts) + " bursts");
    tc.Expect(bursts > 100, "enough bursts: " + std::to_string(bursts));
}

class LossPlanTestSuite : public TableSuite
{
  public:
    LossPlanTestSuite()
        : TableSuite("tcp-teardown-loss-plan")
    {
        Add("burst loss: rate, P(loss after a loss), mean burst over 200000 segments", Statistics);
        Add("burst loss: impossible rate and burst length pairs refused", Impossible);
        Add("burst loss: --lossBurst reaches the link", Scenario);
    }
};

LossPlanTestSuite g_lossPlanTestSuite;
} // namespace
