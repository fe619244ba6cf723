/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Scenario busy-server against queueing theory, computed here from the
 * parameters alone:
 *  - Little's law: in steady state the mean number of TIME_WAITs equals the
 *    rate at which connections enter TIME_WAIT times its length, lambda x 2 MSL
 *    (Poisson arrivals; every connection closes orderly, so each one TIME_WAIT
 *    at the end that closes first). The relative standard error of a time
 *    average of an M/D/inf count over a window T is 1/sqrt(lambda T); the
 *    windows here make 2 % at least 4 standard errors.
 *  - Port exhaustion (ns-3's port model, the client closes first): a client's
 *    P ports are P servers of a loss system whose holding time is
 *    h = 2 MSL + 6 one-way delays (connect to TIME_WAIT: SYN, SYN+ACK, request,
 *    response, FIN, FIN+ACK; transmission times are below 0.02 % of h here).
 *    Poisson arrivals that find every port held fail (no_port). Erlang's loss
 *    formula B(lambda h, P) (M/G/c/c, insensitive to the holding time's law)
 *    gives the failed share, and the completed rate lambda (1 - B) saturates
 *    at P / h: the knee is at lambda = P / h, about P / (2 MSL).
 */

#include "ns3/busy-scenario.h"
#include "ns3/config.h"
#include "ns3/param-schema.h"
#include "ns3/tcp-teardown-compat.h"
#include "ns3/teardown-params.h"
#include "ns3/test.h"

#include <cmath>
#include <map>

using namespace ns3;

namespace
{
std::map<std::string, double>
RunBusy(const BusyParams& p)
{
    Config::Reset();
    BusyScenario scenario(p);
    BusyOutput out = scenario.Run();
    std::map<std::string, double> m;
    for (const auto& [k, v] : out.summary)
    {
        m[k] = std::atof(v.c_str());
    }
    Config::Reset();
    return m;
}

/** Erlang's loss formula B(E, N), by the stable recursion. */
double
ErlangB(double offered, uint32_t servers)
{
    double b = 1.0;
    for (uint32_t k = 1; k <= servers; ++k)
    {
        b = offered * b / (k + offered * b);
    }
    return b;
}

/** One client on a 1 ms link, compact TIME_WAIT, no connection rows. */
BusyParams
OneClient(const std::string& strategy, uint32_t ports, double msl, double duration, double warmup)
{
    BusyParams p;
    p.strategy = strategy;
    p.clients = 1;
    p.ports = ports;
    p.mslS = msl;
    p.delayS = 0.001;
    p.durationS = duration;
    p.warmupS = warmup;
    p.connectionRows = "no";
    p.compactTimeWait = "yes";
    return p;
}

class LittlesLawCase : public TestCase
{
  public:
    LittlesLawCase(const std::string& strategy, uint32_t concurrency)
        : TestCase("Little's law, " + strategy + (concurrency ? " closed loop" : " Poisson") +
                   ": mean TIME_WAIT = rate x 2 MSL"),
          m_strategy(strategy),
          m_concurrency(concurrency)
    {
    }

  private:
    void DoRun() override
    {
        BusyParams p;
        p.strategy = m_strategy;
        p.lambda = 400;
        p.concurrency = m_concurrency;
        p.clients = 4;
        p.mslS = 0.5;
        p.durationS = 102;
        p.warmupS = 2;
        p.delayS = m_concurrency ? 0.01 : 0.002;
        p.connectionRows = "no";
        p.compactTimeWait = "yes";
        auto m = RunBusy(p);
        const double tw = 2 * p.mslS;
        const bool atServer = m_strategy == "server-close";
        const double mean = m[atServer ? "mean_time_wait_server" : "mean_time_wait_clients"];
        const double other = m[atServer ? "mean_time_wait_clients" : "mean_time_wait_server"];
        NS_TEST_ASSERT_MSG_EQ(other, 0, "TIME_WAIT only at the end that closes first");
        NS_TEST_ASSERT_MSG_EQ(m["no_port"] + m["connect_failed"] + m["reset"] + m["unfinished"],
                              0,
                              "every connection completes");
        // the rate into TIME_WAIT: Poisson, the parameter; closed loop, the
        // measured completions (each completed connection TIME_WAITs once)
        const double rate = m_concurrency ? m["completed_per_s"] : p.lambda;
        NS_TEST_ASSERT_MSG_EQ_TOL(mean / (rate * tw), 1.0, 0.02, "Little's law");
        if (m_concurrency)
        {
            // closed loop: C connections per client, each cycle lasts 4
            // one-way delays (SYN, SYN+ACK, request, response; the next
            // starts at the client's close), so the rate is M C / (4 d);
            // transmission times add 0.3 % at this delay
            const double cycle = 4 * p.delayS;
            NS_TEST_ASSERT_MSG_EQ_TOL(m["completed_per_s"] * cycle / (p.clients * m_concurrency),
                                      1.0,
                                      0.02,
                                      "closed-loop throughput M C / cycle");
        }
    }

    std::string m_strategy;
    uint32_t m_concurrency;
};

class KneeCase : public TestCase
{
  public:
    explicit KneeCase(double load)
        : TestCase("port exhaustion, ns-3 port model, offered load " +
                   ParamSchema::NumberText(load) + " x P over h: Erlang's loss formula"),
          m_load(load)
    {
    }

  private:
    void DoRun() override
    {
        BusyParams p = OneClient("client-close", 1000, 0.5, 22, 2);
        const double h = 2 * p.mslS + 6 * p.delayS;
        p.lambda = m_load * p.ports / h;
        auto m = RunBusy(p);
        const double offered = m["arrivals_per_s"]; // the realised Poisson rate
        const double b = ErlangB(offered * h, p.ports);
        const double failedShare = m["failed_per_s"] / offered;
        NS_TEST_ASSERT_MSG_EQ_TOL(m["completed_per_s"],
                                  offered * (1 - b),
                                  0.01 * offered,
                                  "completed/s = lambda (1 - B(lambda h, P))");
        NS_TEST_ASSERT_MSG_EQ_TOL(failedShare, b, 0.01, "failed share = B(lambda h, P)");
        NS_TEST_ASSERT_MSG_EQ(m["connect_failed"] + m["reset"] + m["unfinished"],
                              0,
                              "connects fail only for want of a port");
        if (m_load < 1)
        {
            NS_TEST_ASSERT_MSG_LT(failedShare, 0.001, "below the knee almost nothing fails");
        }
        else
        {
            NS_TEST_ASSERT_MSG_LT(m["completed_per_s"],
                                  1.0 * p.ports / h,
                                  "above the knee: at most P / h completed per second");
        }
    }

    double m_load;
};

// tw-reuse with scarce ports (P = 1000, 2 MSL 4 s, lambda 600/s: 2.4 x the
// knee P / h): once every port is held, a connect takes over the oldest
// TIME_WAIT, which entered about (P - lambda 6 d) / lambda = 1.66 s ago, more
// than the 1 s minimum age, so no connect fails; every port not in an open
// connection is in TIME_WAIT: by Little's law lambda x 6 d ports are open,
// so the mean TIME_WAIT count is P - lambda 6 d.
class TwReuseCase : public TestCase
{
  public:
    TwReuseCase()
        : TestCase("tw-reuse with scarce ports: nothing fails, P - lambda x 6 d ports in TIME_WAIT")
    {
    }

  private:
    void DoRun() override
    {
        BusyParams p = OneClient("tw-reuse", 1000, 2, 12, 4); // P ports fill in P / lambda = 1.7 s
        p.lambda = 600;
        auto m = RunBusy(p);
        const double open = p.lambda * 6 * p.delayS;
        NS_TEST_ASSERT_MSG_LT(open / p.ports, 0.01, "few ports in open connections");
        NS_TEST_ASSERT_MSG_GT(p.lambda, 2 * p.ports / (4 * p.mslS), "well above the knee");
        NS_TEST_ASSERT_MSG_EQ(m["no_port"] + m["connect_failed"] + m["reset"] + m["unfinished"],
                              0,
                              "every connect finds a port");
        NS_TEST_ASSERT_MSG_EQ_TOL(m["completed_per_s"],
                                  m["arrivals_per_s"],
                                  0.01 * m["arrivals_per_s"],
                                  "completed/s = lambda");
        NS_TEST_ASSERT_MSG_GT(m["time_wait_reused"], 0, "TIME_WAITs were taken over");
        NS_TEST_ASSERT_MSG_EQ_TOL(m["mean_time_wait_clients"],
                                  p.ports - open,
                                  0.01 * p.ports,
                                  "TIME_WAITs = P - lambda x 6 d");
    }
};

// Linux's port model: a TIME_WAIT holds its port only for its server port,
// so with K server ports (taken in turn) each destination has P ports of its
// own: offered lambda h / K = 151 per destination on 250 ports, where
// Erlang's loss formula (for Poisson arrivals; in-turn arrivals are smoother
// and lose even less) gives B below 1e-6. Under ns-3's model the same P = 250
// ports serve every destination and saturate at P / h.
class LinuxPortsCase : public TestCase
{
  public:
    LinuxPortsCase()
        : TestCase("port models: linux gives each server port its own P ports, ns-3 shares them")
    {
    }

  private:
    void DoRun() override
    {
        BusyParams p = OneClient("client-close", 250, 0.5, 12, 2);
        p.serverPorts = 4;
        p.lambda = 600;
        const double h = 2 * p.mslS + 6 * p.delayS;
        NS_TEST_ASSERT_MSG_LT(ErlangB(p.lambda * h / p.serverPorts, p.ports),
                              1e-6,
                              "Erlang: no loss per destination");
        p.portModel = "linux";
        auto perTuple = RunBusy(p);
        NS_TEST_ASSERT_MSG_EQ(perTuple["no_port"] + perTuple["connect_failed"] + perTuple["reset"] +
                                  perTuple["unfinished"],
                              0,
                              "linux: every connect finds a port");
        NS_TEST_ASSERT_MSG_EQ_TOL(perTuple["completed_per_s"],
                                  perTuple["arrivals_per_s"],
                                  0.01 * perTuple["arrivals_per_s"],
                                  "linux: completed/s = lambda");
        p.portModel = "ns3";
        auto ns3 = RunBusy(p);
        const double offered = ns3["arrivals_per_s"];
        NS_TEST_ASSERT_MSG_EQ_TOL(ns3["completed_per_s"],
                                  offered * (1 - ErlangB(offered * h, p.ports)),
                                  0.01 * offered,
                                  "ns3: completed/s = lambda (1 - B(lambda h, P))");
    }
};

class BadInputCase : public TestCase
{
  public:
    BadInputCase()
        : TestCase("bad input: lambda <= 0, M = 0, more concurrency than ports")
    {
    }

  private:
    void DoRun() override
    {
        auto refused = [](const std::string& name, const std::string& value) {
            BusyParams p;
            const BusyParams::Entry* e = BusyParams::Find(name);
            if (!e->set(p, value))
            {
                return true;
            }
            try
            {
                p.Validate();
            }
            catch (const ParamError&)
            {
                return true;
            }
            return false;
        };
        NS_TEST_ASSERT_MSG_EQ(refused("lambda", "0"), true, "lambda 0");
        NS_TEST_ASSERT_MSG_EQ(refused("lambda", "-5"), true, "lambda < 0");
        NS_TEST_ASSERT_MSG_EQ(refused("clients", "0"), true, "M = 0");
        NS_TEST_ASSERT_MSG_EQ(refused("ports", "20000"), true, "more ports than ns-3's range");
        NS_TEST_ASSERT_MSG_EQ(refused("lambda", "500"), false, "a good value is taken");
        BusyParams p;
        p.ports = 10;
        p.concurrency = 11;
        bool threw = false;
        try
        {
            p.Validate();
        }
        catch (const ParamError&)
        {
            threw = true;
        }
        NS_TEST_ASSERT_MSG_EQ(threw, true, "more open connections per client than ports");
    }
};

class BusyServerTestSuite : public TestSuite
{
  public:
    BusyServerTestSuite()
        : TestSuite("tcp-teardown-busy-server", TCP_TEARDOWN_TEST_UNIT)
    {
        AddTestCase(new BadInputCase, TCP_TEARDOWN_TEST_QUICK);
        AddTestCase(new LittlesLawCase("server-close", 0), TCP_TEARDOWN_TEST_QUICK);
        AddTestCase(new LittlesLawCase("client-close", 0), TCP_TEARDOWN_TEST_QUICK);
        AddTestCase(new LittlesLawCase("client-close", 5), TCP_TEARDOWN_TEST_QUICK);
        AddTestCase(new KneeCase(0.9), TCP_TEARDOWN_TEST_QUICK);
        AddTestCase(new KneeCase(1.1), TCP_TEARDOWN_TEST_QUICK);
        AddTestCase(new KneeCase(1.25), TCP_TEARDOWN_TEST_QUICK);
        AddTestCase(new TwReuseCase, TCP_TEARDOWN_TEST_QUICK);
        AddTestCase(new LinuxPortsCase, TCP_TEARDOWN_TEST_QUICK);
    }
};

BusyServerTestSuite g_busyServerTestSuite;
} // namespace
