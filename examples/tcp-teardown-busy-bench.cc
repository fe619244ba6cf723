/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * tcp-teardown-busy-bench: the cost of TIME_WAIT at scale (issue "TIME_WAIT at
 * scale", doc/busy-server.md). Runs the busy-server scenario (server-close: every
 * TIME_WAIT at the one server) with N connections at lambda = 10^4/s and
 * 2 MSL = 60 s for N = 10^3 ... 10^6, each size in a process of its own, and
 * prints per size: CPU time, CPU time per connection and its ratio to the
 * smallest size, the peak number of TIME_WAITs, the peak resident memory and
 * the memory per TIME_WAIT (RSS above the smallest run's, per extra TIME_WAIT).
 *
 *   tcp-teardown-busy-bench                        (10^3 .. 10^6, compact TIME_WAIT)
 *   tcp-teardown-busy-bench --quick                (10^3 .. 10^5)
 *   tcp-teardown-busy-bench --compactTimeWait=no --sizes=1000,10000,30000
 *
 * Targets (doc/busy-server.md): 10^6 connections in at most 10 minutes of one
 * core and 4 GB resident; the cost per connection within 1.5x from 10^3 to
 * 10^6.
 */

#include "ns3/busy-scenario.h"
#include "ns3/core-module.h"
#include "ns3/param-command-line.h"
#include "ns3/teardown-params.h"

#include <cstdio>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace ns3;

namespace
{
struct Result
{
    uint64_t size{0};
    double cpuS{0};
    double maxRssMb{0};
    double peakTimeWait{0};
    double completed{0};
    bool ok{false};
};

double
CpuSeconds(const struct rusage& u)
{
    return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec +
           u.ru_stime.tv_usec / 1e6;
}

/** Run one size in a child process; its CPU time and peak RSS from wait4. */
Result
Measure(const BusyParams& base, uint64_t size)
{
    Result r;
    r.size = size;
    int fds[2];
    if (pipe(fds) != 0)
    {
        return r;
    }
    pid_t pid = fork();
    if (pid == 0)
    {
        close(fds[0]);
        BusyParams p = base;
        p.connections = size;
        p.durationS = 1.5 * double(size) / p.lambda;
        BusyScenario scenario(p);
        BusyOutput out = scenario.Run();
        std::map<std::string, std::string> m(out.summary.begin(), out.summary.end());
        std::string line = m["max_time_wait_server"] + " " + m["completed"] + "\n";
        ssize_t n = write(fds[1], line.data(), line.size());
        _exit(n == ssize_t(line.size()) ? 0 : 1);
    }
    close(fds[1]);
    char buf[256] = {0};
    ssize_t n = read(fds[0], buf, sizeof(buf) - 1);
    close(fds[0]);
    int status = 0;
    struct rusage usage;
    if (pid < 0 || wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0 || n <= 0)
    {
        return r;
    }
    std::istringstream in(buf);
    in >> r.peakTimeWait >> r.completed;
    r.cpuS = CpuSeconds(usage);
    r.maxRssMb = usage.ru_maxrss / 1024.0;
    r.ok = true;
    return r;
}
} // namespace

int
main(int argc, char* argv[])
{
    CommandLine cmd(__FILE__);
    bool quick = false;
    std::string sizes;
    BusyParams base;
    base.strategy = "server-close";
    base.lambda = 1e4;
    base.clients = 64;
    base.mslS = 30;
    base.compactTimeWait = "yes";
    // the scenario's own parameters, parsed and checked by its table
    std::map<std::string, std::string> text;
    for (const char* name : {"compactTimeWait", "clients", "lambda", "msl"})
    {
        text[name] = BusyParams::Find(name)->get(base);
    }
    cmd.AddValue("quick", "sizes 10^3 .. 10^5", quick);
    cmd.AddValue("sizes", "comma-separated connection counts (overrides --quick)", sizes);
    cmd.AddValue("compactTimeWait",
                 "yes: compact TIME_WAIT records; no: full sockets",
                 text["compactTimeWait"]);
    cmd.AddValue("clients", "client nodes", text["clients"]);
    cmd.AddValue("lambda", "arrivals per second", text["lambda"]);
    cmd.AddValue("msl", "MSL (s); TIME_WAIT = 2 MSL", text["msl"]);
    std::vector<uint64_t> list;
    try
    {
        ParamCommandLine ns3Arguments(argc, argv); // checks --ns3::... and globals
        BusyParams::RefuseEmpty(argc, argv);
        ParamCommandLine::CheckFlags(cmd, argc, argv);
        cmd.Parse(argc, argv);
        for (const auto& [name, value] : text)
        {
            const BusyParams::Entry* e = BusyParams::Find(name);
            if (!e->set(base, value))
            {
                throw ParamError("--" + name, value, "takes " + e->range);
            }
        }
        if (sizes.empty())
        {
            list = {1000, 10000, 100000};
            if (!quick)
            {
                list.push_back(1000000);
            }
        }
        else
        {
            std::stringstream in(sizes);
            std::string item;
            while (std::getline(in, item, ','))
            {
                list.push_back(ParamCommandLine::WholeNumber("--sizes", item, 1, 100000000));
            }
            if (list.empty())
            {
                throw ParamError("--sizes", sizes, "takes connection counts separated by commas");
            }
        }
        base.warmupS = 0;
        base.connectionRows = "no";
        base.sampleIntervalS = 1.0;
        base.durationS = 1.5 * double(list.front()) / base.lambda;
        base.Validate();
    }
    catch (const ParamError& e)
    {
        std::cerr << "tcp-teardown-busy-bench: error: " << e.what() << std::endl;
        return 2;
    }
    const double lambda = base.lambda;
    const double msl = base.mslS;
    const uint32_t clients = base.clients;
    const std::string compact = base.compactTimeWait;
    std::cout << "busy-server bench: server-close, lambda " << lambda << "/s, 2 MSL " << 2 * msl
              << " s, " << clients << " clients, compactTimeWait=" << compact << "\n";
    std::cout << std::setw(10) << "conns" << std::setw(10) << "cpu_s" << std::setw(12) << "us/conn"
              << std::setw(8) << "ratio" << std::setw(12) << "peak_TW" << std::setw(12)
              << "max_RSS_MB" << std::setw(12) << "B/TW" << std::endl;
    std::vector<Result> results;
    for (uint64_t n : list)
    {
        Result r = Measure(base, n);
        if (!r.ok)
        {
            std::cerr << "tcp-teardown-busy-bench: the run of " << n << " connections failed"
                      << std::endl;
            return 1;
        }
        results.push_back(r);
        const Result& first = results.front();
        double perConn = r.cpuS / double(r.size) * 1e6;
        double firstPer = first.cpuS / double(first.size) * 1e6;
        std::ostringstream perTw;
        if (r.peakTimeWait > first.peakTimeWait)
        {
            perTw << std::fixed << std::setprecision(0)
                  << (r.maxRssMb - first.maxRssMb) * 1048576.0 /
                         (r.peakTimeWait - first.peakTimeWait);
        }
        else
        {
            perTw << "-";
        }
        std::cout << std::setw(10) << r.size << std::setw(10) << std::fixed << std::setprecision(2)
                  << r.cpuS << std::setw(12) << std::setprecision(1) << perConn << std::setw(8)
                  << std::setprecision(2) << perConn / firstPer << std::setw(12)
                  << std::setprecision(0) << r.peakTimeWait << std::setw(12) << std::setprecision(1)
                  << r.maxRssMb << std::setw(12) << perTw.str() << std::endl;
    }
    const Result& last = results.back();
    double lastPer = last.cpuS / double(last.size);
    double firstPer = results.front().cpuS / double(results.front().size);
    std::cout << "cost per connection, largest / smallest size: " << std::setprecision(2)
              << lastPer / firstPer << "x (target <= 1.5x)\n";
    if (last.size >= 1000000)
    {
        std::cout << "10^6 connections: " << std::setprecision(0) << last.cpuS
                  << " s of CPU (target <= 600 s), " << std::setprecision(0) << last.maxRssMb
                  << " MB resident (target <= 4096 MB)\n";
    }
    return 0;
}
