/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup tcp-teardown
 * Scenario busy-server: TIME_WAIT at scale (doc/busy-server.md).
 *
 *   tcp-teardown-busy --strategy=server-close,client-close --lambda=500 --outputDir=results/busy
 *   tcp-teardown-busy --strategy=client-close --lambda=200,400,600 --ports=1000 --msl=1
 *
 * Every parameter takes a comma-separated list; the program runs every
 * combination (one run each) and writes, in --outputDir:
 *   busy_summary.csv     one row per run: the parameters, the effective
 *                        configuration and the steady-state summary
 *   busy_timeseries.csv  long format: run, time_s, node, metric, value
 *   busy_connections.csv one row per connection (--connectionRows=yes)
 * Files are written under a temporary name and renamed when the last run ends.
 */

#include "ns3/busy-scenario.h"
#include "ns3/core-module.h"
#include "ns3/csv-file.h"
#include "ns3/output-file.h"
#include "ns3/param-command-line.h"
#include "ns3/param-schema.h"
#include "ns3/teardown-params.h"

#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

using namespace ns3;

namespace
{
std::vector<std::string>
SplitList(const std::string& text)
{
    std::vector<std::string> items;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
    {
        items.push_back(item);
    }
    if (items.empty() || (!text.empty() && text.back() == ','))
    {
        items.push_back("");
    }
    return items;
}

/** Every combination of the lists, the first parameter varying slowest. */
std::vector<BusyParams>
Expand(const std::map<std::string, std::string>& given)
{
    std::vector<BusyParams> runs{BusyParams{}};
    for (const auto& e : BusyParams::Table())
    {
        auto it = given.find(e.name);
        if (it == given.end())
        {
            continue;
        }
        std::vector<BusyParams> next;
        for (const auto& base : runs)
        {
            for (const auto& v : SplitList(it->second))
            {
                BusyParams p = base;
                if (!e.set(p, v))
                {
                    throw ParamError("--" + e.name, v, "takes " + e.range);
                }
                next.push_back(p);
            }
        }
        runs = next;
    }
    for (const auto& p : runs)
    {
        p.Validate();
    }
    return runs;
}

std::string
Line(const std::vector<std::string>& fields)
{
    return CsvFile::Line(fields);
}
} // namespace

int
main(int argc, char* argv[])
{
    CommandLine cmd(__FILE__);
    cmd.Usage("Scenario busy-server: M clients, one server, Poisson or closed-loop connections; "
              "TIME_WAIT occupancy, port exhaustion, completed connections/s "
              "(doc/busy-server.md). Every parameter takes a comma-separated list: every "
              "combination runs once.");
    std::unique_ptr<ParamCommandLine> check;
    try
    {
        check = std::make_unique<ParamCommandLine>(argc, argv);
    }
    catch (const ParamError& e)
    {
        std::cerr << "tcp-teardown-busy: error: " << e.what() << std::endl;
        return 2;
    }
    std::map<std::string, std::string> text;
    const BusyParams defaults;
    for (const auto& e : BusyParams::Table())
    {
        text[e.name] = e.get(defaults);
    }
    for (const auto& e : BusyParams::Table())
    {
        cmd.AddValue(e.name, e.help + " [" + e.get(defaults) + "]", text[e.name]);
    }
    std::string outputDir = "results/busy";
    bool quiet = false;
    cmd.AddValue("outputDir", "output folder", outputDir);
    cmd.AddValue("quiet", "no progress output", quiet);

    std::vector<BusyParams> runs;
    try
    {
        BusyParams::RefuseEmpty(argc, argv);
        ParamCommandLine::CheckFlags(cmd, argc, argv);
        cmd.Parse(argc, argv);
        runs = Expand(text);
        if (outputDir.empty())
        {
            throw ParamError("--outputDir", outputDir, "must name a folder");
        }
        OutputFile::PrepareDirectory(outputDir);
    }
    catch (const ParamError& e)
    {
        std::cerr << "tcp-teardown-busy: error: " << e.what() << std::endl;
        return 2;
    }
    catch (const std::exception& e)
    {
        std::cerr << "tcp-teardown-busy: error: --outputDir=" << outputDir << ": " << e.what()
                  << std::endl;
        return 2;
    }

    const std::string summaryPath = outputDir + "/busy_summary.csv";
    const std::string seriesPath = outputDir + "/busy_timeseries.csv";
    const std::string connPath = outputDir + "/busy_connections.csv";
    std::ofstream series(seriesPath + ".partial");
    std::ofstream conns;
    bool rows = false;
    for (const auto& p : runs)
    {
        rows = rows || p.connectionRows == "yes";
    }
    if (rows)
    {
        conns.open(connPath + ".partial");
    }
    std::string summary;
    series << Line({"run",
                    "strategy",
                    "lambda",
                    "concurrency",
                    "msl",
                    "time_s",
                    "node",
                    "metric",
                    "value"})
           << "\n";
    bool connHeader = false;
    for (size_t r = 0; r < runs.size(); ++r)
    {
        const BusyParams& p = runs[r];
        BusyScenario scenario(p);
        const std::string run = std::to_string(r);
        if (p.connectionRows == "yes")
        {
            scenario.SetConnectionSink([&](const BusyScenario::Row& row) {
                std::vector<std::string> f{run};
                if (!connHeader)
                {
                    std::vector<std::string> h{"run"};
                    for (const auto& [k, v] : row)
                    {
                        h.push_back(k);
                    }
                    conns << Line(h) << "\n";
                    connHeader = true;
                }
                for (const auto& [k, v] : row)
                {
                    f.push_back(v);
                }
                conns << Line(f) << "\n";
            });
        }
        BusyOutput out = scenario.Run();
        if (summary.empty())
        {
            std::vector<std::string> h{"run"};
            for (const auto& [k, v] : out.summary)
            {
                h.push_back(ParamSchema::SnakeCase(k));
            }
            summary = Line(h) + "\n";
        }
        std::vector<std::string> f{run};
        for (const auto& [k, v] : out.summary)
        {
            f.push_back(v);
        }
        summary += Line(f) + "\n";
        const std::vector<std::string> key{run,
                                           p.strategy,
                                           ParamSchema::NumberText(p.lambda),
                                           std::to_string(p.concurrency),
                                           ParamSchema::NumberText(p.mslS)};
        for (const auto& s : out.series)
        {
            std::vector<std::string> row = key;
            row.push_back(ParamSchema::NumberText(s.timeS));
            row.push_back(s.node);
            row.push_back(s.metric);
            row.push_back(ParamSchema::NumberText(s.value));
            series << Line(row) << "\n";
        }
        if (!quiet)
        {
            std::map<std::string, std::string> m(out.summary.begin(), out.summary.end());
            auto brief = [&m](const char* key) { // 5 significant digits for the log line
                std::ostringstream text;
                text << std::setprecision(5) << std::atof(m[key].c_str());
                return text.str();
            };
            std::cerr << "tcp-teardown-busy: run " << r + 1 << "/" << runs.size() << " "
                      << p.strategy << " lambda=" << m["lambda"] << ": " << m["arrivals"]
                      << " arrivals, " << brief("completed_per_s") << " completed/s, "
                      << brief("failed_per_s") << " failed/s, mean TIME_WAIT server "
                      << brief("mean_time_wait_server") << " clients "
                      << brief("mean_time_wait_clients")
                      << " (Little: " << brief("littles_law_time_wait") << ")" << std::endl;
        }
    }
    series.close();
    if (rows)
    {
        conns.close();
    }
    if (!series || (rows && !conns))
    {
        std::cerr << "tcp-teardown-busy: error: --outputDir=" << outputDir
                  << ": cannot write the outputs" << std::endl;
        std::remove((seriesPath + ".partial").c_str());
        std::remove((connPath + ".partial").c_str());
        return 1;
    }
    OutputFile::Replace(summaryPath, summary);
    std::rename((seriesPath + ".partial").c_str(), seriesPath.c_str());
    if (rows)
    {
        std::rename((connPath + ".partial").c_str(), connPath.c_str());
    }
    if (!quiet)
    {
        std::cerr << "tcp-teardown-busy: outputs in " << outputDir << std::endl;
    }
    return 0;
}
