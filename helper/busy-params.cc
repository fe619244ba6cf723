/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "busy-params.h"

#include "param-schema.h"
#include "teardown-params.h"

#include "ns3/data-rate.h"

#include <cmath>
#include <limits>

namespace ns3
{

namespace
{
const uint16_t NS3_FIRST_PORT = 49152;   // Ipv4EndPointDemux's ephemeral range
const uint32_t NS3_PORTS = 16384;        // 49152 .. 65535
const uint16_t LINUX_FIRST_PORT = 32768; // net.ipv4.ip_local_port_range
const uint32_t LINUX_PORTS = 28232;      // 32768 .. 60999
const double MAX_SECONDS = 1e6;

bool
Real(const std::string& text, double lo, double hi, bool openLo, double& out)
{
    double v = 0;
    if (!ParamSchema::ParseNumber(text, v) || !std::isfinite(v) || v > hi || v < lo ||
        (openLo && v == lo))
    {
        return false;
    }
    out = v;
    return true;
}

template <typename T>
bool
Whole(const std::string& text, double lo, double hi, T& out)
{
    double v = 0;
    if (!ParamSchema::ParseNumber(text, v) || v != std::floor(v) || v < lo || v > hi)
    {
        return false;
    }
    out = static_cast<T>(v);
    return true;
}

bool
OneOf(const std::string& text, const std::vector<std::string>& words, std::string& out)
{
    for (const auto& w : words)
    {
        if (w == text)
        {
            out = text;
            return true;
        }
    }
    return false;
}

std::string
Num(double v)
{
    return ParamSchema::NumberText(v);
}

const std::vector<std::string> STRATEGIES{"server-close", "client-close", "abortive", "tw-reuse"};
const std::vector<std::string> YES_NO{"yes", "no"};

// One line per parameter: name, help, value as text, parse-and-check, range.
#define BUSY_REAL(NAME, MEMBER, LO, HI, OPEN, HELP, RANGE)                                         \
    BusyParams::Entry                                                                              \
    {                                                                                              \
        NAME, HELP, [](const BusyParams& p) { return Num(p.MEMBER); },                             \
            [](BusyParams& p, const std::string& t) { return Real(t, LO, HI, OPEN, p.MEMBER); },   \
            RANGE                                                                                  \
    }
#define BUSY_WHOLE(NAME, MEMBER, LO, HI, HELP, RANGE)                                              \
    BusyParams::Entry                                                                              \
    {                                                                                              \
        NAME, HELP, [](const BusyParams& p) { return std::to_string(p.MEMBER); },                  \
            [](BusyParams& p, const std::string& t) { return Whole(t, LO, HI, p.MEMBER); }, RANGE  \
    }
#define BUSY_WORD(NAME, MEMBER, WORDS, HELP, RANGE)                                                \
    BusyParams::Entry                                                                              \
    {                                                                                              \
        NAME, HELP, [](const BusyParams& p) { return p.MEMBER; },                                  \
            [](BusyParams& p, const std::string& t) { return OneOf(t, WORDS, p.MEMBER); }, RANGE   \
    }

std::vector<BusyParams::Entry>
BuildTable()
{
    return {
        BUSY_WORD("strategy",
                  strategy,
                  STRATEGIES,
                  "server-close (the server closes first: TIME_WAIT at the server), client-close "
                  "(Faber et al.: the client closes first), abortive (the client resets after the "
                  "response: no TIME_WAIT), tw-reuse (client-close with Linux tcp_tw_reuse: a "
                  "TIME_WAIT at least 1 s old is reused when no port is free)",
                  "server-close, client-close, abortive or tw-reuse"),
        BUSY_REAL("lambda",
                  lambda,
                  0.0,
                  1e7,
                  true,
                  "Poisson arrival rate of connections (1/s, over all clients)",
                  "a rate > 0 and <= 1e7 per second"),
        BUSY_WHOLE("concurrency",
                   concurrency,
                   0,
                   100000,
                   "closed loop: connections each client keeps open (0: Poisson arrivals)",
                   "a whole number 0..100000"),
        BUSY_WHOLE("clients", clients, 1, 10000, "client nodes M", "a whole number 1..10000"),
        BUSY_WHOLE("serverPorts",
                   serverPorts,
                   1,
                   1000,
                   "listening ports of the server (clients use them in turn)",
                   "a whole number 1..1000"),
        BUSY_WORD("portModel",
                  portModel,
                  (std::vector<std::string>{"ns3", "linux"}),
                  "ns3: an ephemeral port is unique per node (49152-65535); linux: unique per "
                  "4-tuple (32768-60999)",
                  "ns3 or linux"),
        BUSY_WHOLE("ports",
                   ports,
                   0,
                   28232,
                   "ephemeral ports per client, from the model's first port (0: its whole range)",
                   "a whole number 0..28232 within the model's range"),
        BUSY_REAL("msl",
                  mslS,
                  0.0,
                  MAX_SECONDS,
                  true,
                  "maximum segment lifetime (s); TIME_WAIT lasts 2 MSL",
                  "seconds > 0"),
        BUSY_REAL("duration",
                  durationS,
                  0.0,
                  MAX_SECONDS,
                  true,
                  "arrivals end this long after the first (s)",
                  "seconds > 0"),
        BUSY_WHOLE("connections",
                   connections,
                   0,
                   1e9,
                   "at most this many arrivals (0: as many as the duration brings)",
                   "a whole number 0..1e9"),
        BUSY_REAL("warmup",
                  warmupS,
                  -1.0,
                  MAX_SECONDS,
                  false,
                  "the steady state starts this long after the first arrival (s; -1: 2 MSL + 1 s)",
                  "seconds >= 0, or -1"),
        BUSY_WHOLE("requestBytes", requestBytes, 1, 1 << 20, "the client's request", "1..1048576"),
        BUSY_WHOLE("responseBytes",
                   responseBytes,
                   1,
                   1 << 20,
                   "the server's response",
                   "1..1048576"),
        BusyParams::Entry{"rate",
                          "client-server link data rate",
                          [](const BusyParams& p) { return p.rate; },
                          [](BusyParams& p, const std::string& t) {
                              DataRateValue r;
                              if (t.empty() || !r.DeserializeFromString(t, MakeDataRateChecker()) ||
                                  r.Get().GetBitRate() == 0)
                              {
                                  return false;
                              }
                              p.rate = t;
                              return true;
                          },
                          "a data rate such as 100Mbps"},
        BUSY_REAL("delay", delayS, 0.0, 10.0, false, "one-way link delay (s)", "seconds 0..10"),
        BUSY_REAL("loss",
                  loss,
                  0.0,
                  0.9,
                  false,
                  "random loss probability per direction on every link",
                  "a probability 0..0.9"),
        BUSY_REAL("sampleInterval",
                  sampleIntervalS,
                  0.0,
                  MAX_SECONDS,
                  true,
                  "time series sample period (s)",
                  "seconds > 0"),
        BUSY_REAL("retryDelay",
                  retryDelayS,
                  0.0,
                  MAX_SECONDS,
                  true,
                  "closed loop: wait after a failed connect before the next (s)",
                  "seconds > 0"),
        BUSY_WORD("compactTimeWait",
                  compactTimeWait,
                  YES_NO,
                  "yes: TIME_WAIT is a compact record in the node's TCP, not a full socket",
                  "yes or no"),
        BUSY_WORD("connectionRows",
                  connectionRows,
                  YES_NO,
                  "write busy_connections.csv (one row per connection)",
                  "yes or no"),
        BUSY_WHOLE("RngRun", rngRun, 1, 4294967295.0, "ns-3 RngRun", "a whole number >= 1"),
    };
}
} // namespace

double
BusyParams::TimeWaitS() const
{
    return 2 * mslS;
}

double
BusyParams::WarmupS() const
{
    return warmupS < 0 ? TimeWaitS() + 1.0 : warmupS;
}

uint16_t
BusyParams::FirstPort() const
{
    return portModel == "linux" ? LINUX_FIRST_PORT : NS3_FIRST_PORT;
}

uint32_t
BusyParams::PortCount() const
{
    if (ports != 0)
    {
        return ports;
    }
    return portModel == "linux" ? LINUX_PORTS : NS3_PORTS;
}

bool
BusyParams::ClosedLoop() const
{
    return concurrency > 0;
}

bool
BusyParams::ClientCloses() const
{
    return strategy == "client-close" || strategy == "tw-reuse" || strategy == "abortive";
}

void
BusyParams::Validate() const
{
    for (const auto& e : Table())
    {
        BusyParams copy = *this;
        if (!e.set(copy, e.get(*this)))
        {
            throw ParamError("--" + e.name, e.get(*this), "takes " + e.range);
        }
    }
    uint32_t range = portModel == "linux" ? LINUX_PORTS : NS3_PORTS;
    if (ports > range)
    {
        throw ParamError("--ports",
                         std::to_string(ports),
                         "the " + portModel + " model has " + std::to_string(range) + " ports");
    }
    if (portModel == "linux" && compactTimeWait != "yes")
    {
        throw ParamError("--portModel",
                         portModel,
                         "needs --compactTimeWait=yes (a full TIME_WAIT socket holds its port "
                         "in ns-3's demultiplexer for every destination)");
    }
    if (strategy == "tw-reuse" && compactTimeWait != "yes")
    {
        throw ParamError("--strategy", strategy, "needs --compactTimeWait=yes");
    }
    if (WarmupS() >= durationS)
    {
        throw ParamError("--warmup",
                         Num(warmupS),
                         "the steady state (from " + Num(WarmupS()) +
                             " s) must start before --duration=" + Num(durationS));
    }
    if (ClosedLoop() && uint64_t(concurrency) > PortCount())
    {
        throw ParamError("--concurrency",
                         std::to_string(concurrency),
                         "more open connections per client than its " +
                             std::to_string(PortCount()) + " ports");
    }
}

void
BusyParams::RefuseEmpty(int argc, char* argv[])
{
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        size_t eq = arg.find('=');
        if (arg.rfind("--", 0) == 0 && eq != std::string::npos && eq + 1 == arg.size())
        {
            const Entry* e = Find(arg.substr(2, eq - 2));
            if (e != nullptr)
            {
                throw ParamError(arg.substr(0, eq), "", "takes " + e->range);
            }
        }
    }
}

const std::vector<BusyParams::Entry>&
BusyParams::Table()
{
    static const std::vector<Entry> table = BuildTable();
    return table;
}

const BusyParams::Entry*
BusyParams::Find(const std::string& name)
{
    for (const auto& e : Table())
    {
        if (e.name == name)
        {
            return &e;
        }
    }
    return nullptr;
}

} // namespace ns3
