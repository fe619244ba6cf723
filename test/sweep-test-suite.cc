/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Parameter sweeps: run numbering, grid input and its errors, statistics,
 * the crash-safe output folder (torn lines, kill and resume), shards and
 * merge, --extend, and the tcp-teardown-sweep program itself. Every expected
 * value is worked out here by a separate, simple computation: nested loops
 * for run numbering, textbook t quantiles, a plain CSV reading of runs.csv for
 * the summary, and byte equality with an uninterrupted sweep.
 */

#include "ns3/close-variant.h"
#include "ns3/csv-file.h"
#include "ns3/param-schema.h"
#include "ns3/run-result.h"
#include "ns3/sweep-driver.h"
#include "ns3/sweep-folder.h"
#include "ns3/sweep-grid.h"
#include "ns3/sweep-process.h"
#include "ns3/sweep-runner.h"
#include "ns3/sweep-statistics.h"
#include "ns3/tcp-teardown-compat.h"
#include "ns3/teardown-scenario.h"
#include "ns3/test.h"

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace ns3;

namespace
{
namespace fs = std::filesystem;

/** The lines of a CSV text without their first field (run_index), sorted. */
std::multiset<std::string>
WithoutRunIndex(const std::string& text)
{
    std::multiset<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
    {
        lines.insert(line.substr(std::min(line.size(), line.find(','))));
    }
    return lines;
}

std::string
ReadText(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void
WriteText(const std::string& path, const std::string& text)
{
    std::ofstream(path, std::ios::binary) << text;
}

/** A new empty folder under /tmp, removed with the object. */
struct TempDir
{
    std::string path;

    TempDir()
    {
        char name[] = "/tmp/tcp-teardown-sweep-test.XXXXXX";
        path = mkdtemp(name);
    }

    ~TempDir()
    {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

/** Lines of a text that end in '\n'. */
std::vector<std::string>
Lines(const std::string& text)
{
    std::vector<std::string> lines;
    size_t begin = 0;
    size_t end;
    while ((end = text.find('\n', begin)) != std::string::npos)
    {
        lines.push_back(text.substr(begin, end - begin));
        begin = end + 1;
    }
    return lines;
}

/** Plain comma split (the values in these tests hold no quotes). */
std::vector<std::string>
Fields(const std::string& line)
{
    std::vector<std::string> fields;
    std::stringstream in(line);
    std::string field;
    while (std::getline(in, field, ','))
    {
        fields.push_back(field);
    }
    if (!line.empty() && line.back() == ',')
    {
        fields.emplace_back();
    }
    return fields;
}

/** A small grid with loss, so that runs differ. */
SweepGrid
SmallGrid(uint64_t runs)
{
    SweepGrid grid;
    grid.Set("variant", {"four-way", "three-way"});
    grid.Set("loss", {"0.1", "0.3"});
    grid.Set("responseBytes", {"3000"});
    grid.SetRuns(runs);
    return grid;
}

SweepOptions
Options(const SweepGrid& grid, const std::string& dir, uint32_t jobs, bool details = false)
{
    SweepOptions o;
    o.identity.grid = grid;
    o.identity.transitions = details;
    o.identity.segments = details;
    o.dir = dir;
    o.jobs = jobs;
    o.commandLine = "sweep-test";
    return o;
}

/** The output files two sweeps must have equal. */
const std::vector<std::string>&
ResultFiles()
{
    static const std::vector<std::string> files = {SweepFolder::RUNS,
                                                   SweepFolder::TRANSITIONS,
                                                   SweepFolder::SEGMENTS,
                                                   SweepFolder::SUMMARY};
    return files;
}

/** The directory of the running test-runner. */
std::string
RunnerDir()
{
    std::error_code ec;
    return fs::read_symlink("/proc/self/exe", ec).parent_path().string();
}

/**
 * A program of the module: beside the test-runner (standalone build), or in
 * an ns-3 tree's build/contrib/tcp-teardown/examples/ as ns3.<v>-<name>-<profile>.
 */
std::string
FindProgram(const std::string& name)
{
    fs::path dir = RunnerDir();
    std::error_code ec;
    if (fs::exists(dir / name, ec))
    {
        return (dir / name).string();
    }
    for (const auto& entry :
         fs::directory_iterator(dir.parent_path() / "contrib" / "tcp-teardown" / "examples", ec))
    {
        std::string file = entry.path().filename().string();
        size_t at = file.find("-" + name + "-");
        if (file.rfind("ns3", 0) == 0 && at != std::string::npos &&
            file.find('-', at + name.size() + 2) == std::string::npos)
        {
            return entry.path().string();
        }
    }
    return "";
}

/** Processes of a process group that are not zombies. */
int
LiveProcessesInGroup(pid_t group)
{
    int live = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec))
    {
        std::string stat = ReadText(entry.path().string() + "/stat");
        size_t paren = stat.rfind(')');
        if (paren == std::string::npos)
        {
            continue;
        }
        std::istringstream fields(stat.substr(paren + 2));
        char state;
        long parent;
        long pgrp;
        fields >> state >> parent >> pgrp;
        live += (pgrp == group && state != 'Z') ? 1 : 0;
    }
    return live;
}
} // namespace

/**
 * \ingroup tcp-teardown
 * Run numbering: index = point * runs + replication, RngRun = base + replication,
 * points in key order, the first key slowest; canonical values.
 */
class SweepGridNumberingTestCase : public TestCase
{
  public:
    SweepGridNumberingTestCase()
        : TestCase("run index and RngRun of every run of a grid, canonical values, JSON round trip")
    {
    }

  private:
    void DoRun() override
    {
        SweepGrid grid;
        grid.Set("variant", {"three-way", "four-way"});
        grid.Set("loss", {"0", "0.10"});
        grid.Set("msl", {"1", "30", "0.5"});
        grid.Set("delay", {"10ms"});
        grid.SetRuns(4);
        grid.SetRngRunBase(7);
        NS_TEST_ASSERT_MSG_EQ(grid.GetPointCount(), 12, "2 x 2 x 3 points");
        NS_TEST_ASSERT_MSG_EQ(grid.GetRunCount(), 48, "12 points x 4 runs");
        NS_TEST_ASSERT_MSG_EQ(grid.Get("loss")[1], "0.1", "0.10 is written 0.1");
        NS_TEST_ASSERT_MSG_EQ(grid.Get("delay")[0], "0.01", "10ms is 0.01 s");
        uint64_t index = 0;
        for (const char* variant : {"three-way", "four-way"})
        {
            for (double loss : {0.0, 0.1})
            {
                for (double msl : {1.0, 30.0, 0.5})
                {
                    for (uint64_t rep = 0; rep < 4; ++rep, ++index)
                    {
                        TeardownParams p = grid.RunParams(index);
                        NS_TEST_ASSERT_MSG_EQ(p.variant, variant, "variant of run " << index);
                        NS_TEST_ASSERT_MSG_EQ(p.lossA2B, loss, "loss of run " << index);
                        NS_TEST_ASSERT_MSG_EQ(p.lossB2A, loss, "loss of run " << index);
                        NS_TEST_ASSERT_MSG_EQ(p.mslS, msl, "MSL of run " << index);
                        NS_TEST_ASSERT_MSG_EQ(p.delayS, 0.01, "delay of run " << index);
                        NS_TEST_ASSERT_MSG_EQ(p.rngRun, 7 + rep, "RngRun of run " << index);
                        NS_TEST_ASSERT_MSG_EQ(p.responseBytes, 5000, "default pending");
                    }
                }
            }
        }
        SweepGrid back = SweepGrid::FromJson(grid.ToJson());
        NS_TEST_ASSERT_MSG_EQ(back.Difference(grid), "", "JSON round trip");
        SweepGrid other = grid;
        other.Set("msl", {"1", "30"});
        NS_TEST_ASSERT_MSG_NE(other.Difference(grid), "", "a changed grid differs");

        // lossA2B overrides loss in one direction only
        SweepGrid oneWay;
        oneWay.Set("loss", {"0.2"});
        oneWay.Set("lossB2A", {"0.05"});
        NS_TEST_ASSERT_MSG_EQ(oneWay.RunParams(0).lossA2B, 0.2, "A->B from --loss");
        NS_TEST_ASSERT_MSG_EQ(oneWay.RunParams(0).lossB2A, 0.05, "B->A overridden");

        SweepGrid study = SweepGrid::DefaultStudy();
        NS_TEST_ASSERT_MSG_GT_OR_EQ(study.GetRunCount(), 10000, "default study size");
        NS_TEST_ASSERT_MSG_EQ(study.Get("variant").size(),
                              CloseVariant::All().size(),
                              "every variant");
        NS_TEST_ASSERT_MSG_EQ(study.Get("msl").size(), 4, "four MSL values");
        NS_TEST_ASSERT_MSG_EQ(study.Get("msl").front(), "0.1", "2 MSL below the 1 s RTO");
        NS_TEST_ASSERT_MSG_EQ(study.Get("loss").back(), "0.2", "loss up to 20 %");
        NS_TEST_ASSERT_MSG_EQ(study.Get("workAfterFin").size(), 5, "B's work left at A's FIN");
        NS_TEST_ASSERT_MSG_EQ(study.Get("workAfterFin").front(), "0", "from none");
        NS_TEST_ASSERT_MSG_EQ(study.Get("drop").back(), "a2b:ack-of-fin:1", "final ACK lost");
        NS_TEST_ASSERT_MSG_EQ(study.Get("closeDelay").front(), "0.1", "A closes 0.1 s late");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(study.GetRuns(), 40, "40+ runs per point");
    }
};

/**
 * \ingroup tcp-teardown
 * Bad grid values, from flags or a sweep file, name the key and the value.
 */
class SweepGridErrorsTestCase : public TestCase
{
  public:
    SweepGridErrorsTestCase()
        : TestCase("bad grid values and sweep files name the key and the value")
    {
    }

  private:
    void Expect(const std::string& key,
                const std::vector<std::string>& values,
                const std::string& badValue)
    {
        SweepGrid grid;
        try
        {
            grid.Set(key, values);
            NS_TEST_ASSERT_MSG_EQ(true, false, "no error for " << key << "=" << badValue);
        }
        catch (const GridValueError& e)
        {
            NS_TEST_EXPECT_MSG_EQ(e.key, key, "key named");
            NS_TEST_EXPECT_MSG_EQ(e.value, badValue, "value named");
        }
    }

    void ExpectJson(const std::string& text, const std::string& key, const std::string& value)
    {
        try
        {
            SweepGrid::FromJson(nlohmann::ordered_json::parse(text));
            NS_TEST_ASSERT_MSG_EQ(true, false, "no error for " << text);
        }
        catch (const GridValueError& e)
        {
            NS_TEST_EXPECT_MSG_EQ(e.key, key, "key named for " << text);
            NS_TEST_EXPECT_MSG_EQ(e.value, value, "value named for " << text);
            NS_TEST_EXPECT_MSG_NE(std::string(e.what()).find("\"" + key + "\""),
                                  std::string::npos,
                                  "message names the key: " << e.what());
        }
    }

    void DoRun() override
    {
        Expect("variant", {"four-way", "five-way"}, "five-way");
        Expect("loss", {"0", "1.5"}, "1.5");
        Expect("loss", {"-0.1"}, "-0.1");
        Expect("loss", {"0.1x"}, "0.1x");
        Expect("drop", {"a2b:fin:1", "a2b:nonsense:1"}, "a2b:nonsense:1");
        Expect("responseBytes", {"12x"}, "12x");
        Expect("msl", {"1", "1.0"}, "1.0");
        Expect("delay", {"10 parsecs"}, "10 parsecs");
        Expect("nonsense", {"1"}, "");
        ExpectJson(R"({"loss": [0, 2]})", "loss", "2");
        ExpectJson(R"({"msl": [1, "x"]})", "msl", "x"); // a time: "2min" would do
        ExpectJson(R"({"loss": [0, "x"]})", "loss", "\"x\"");
        ExpectJson(R"({"variant": "four-way", "bogus": 1})", "bogus", "");
        ExpectJson(R"({"runs": 0})", "runs", "0");
        ExpectJson(R"({"runs": -3})", "runs", "-3");
        ExpectJson(R"({"responseBytes": [1.5]})", "responseBytes", "1.5");
        NS_TEST_ASSERT_MSG_EQ(SweepGrid::SplitList(" 0, 0.01 ,0.05").size(), 3, "three items");
        NS_TEST_ASSERT_MSG_EQ(SweepGrid::SplitList(" 0, 0.01 ,0.05")[1], "0.01", "trimmed");
    }
};

/**
 * \ingroup tcp-teardown
 * Student t quantiles against printed tables; mean, sd, interval of a sample.
 */
class SweepStatisticsTestCase : public TestCase
{
  public:
    SweepStatisticsTestCase()
        : TestCase("Student t quantiles and sample statistics against textbook values")
    {
    }

  private:
    void DoRun() override
    {
        // t(0.975, df), e.g. NIST/SEMATECH e-Handbook table 1.3.6.7.2
        const std::vector<std::pair<uint64_t, double>> table = {{1, 12.7062047362},
                                                                {2, 4.30265272975},
                                                                {5, 2.57058183661},
                                                                {7, 2.36462425101},
                                                                {10, 2.22813885196},
                                                                {30, 2.04227245630},
                                                                {99, 1.98421695151},
                                                                {1000, 1.96233908082}};
        for (const auto& row : table)
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(SampleStatistics::StudentTQuantile(0.975, row.first),
                                      row.second,
                                      1e-8,
                                      "t quantile, df " << row.first);
        }
        SampleStatistics s = SampleStatistics::Of({2, 4, 4, 4, 5, 5, 7, 9});
        NS_TEST_ASSERT_MSG_EQ(s.n, 8, "n");
        NS_TEST_ASSERT_MSG_EQ_TOL(s.mean, 5.0, 1e-12, "mean");
        NS_TEST_ASSERT_MSG_EQ_TOL(s.sd, std::sqrt(32.0 / 7.0), 1e-12, "sd");
        NS_TEST_ASSERT_MSG_EQ_TOL(s.ci95,
                                  2.36462425101 * std::sqrt(32.0 / 7.0) / std::sqrt(8.0),
                                  1e-9,
                                  "ci95");
        NS_TEST_ASSERT_MSG_EQ(SampleStatistics::Of({3.0}).n, 1, "one value");
        // Clopper-Pearson: 0 of n has upper bound 1 - 0.025^(1/n); 5 of 20 is
        // (0.0866, 0.4910) in the printed tables (e.g. Newcombe 1998)
        auto [low0, high0] = SampleStatistics::ClopperPearson(0, 100000);
        NS_TEST_EXPECT_MSG_EQ(low0, 0.0, "0 of n: from 0");
        NS_TEST_EXPECT_MSG_EQ_TOL(high0, 1 - std::pow(0.025, 1.0 / 100000), 1e-10, "0 of n");
        auto [low5, high5] = SampleStatistics::ClopperPearson(5, 20);
        NS_TEST_EXPECT_MSG_EQ_TOL(low5, 0.0866, 1e-4, "5 of 20, low");
        NS_TEST_EXPECT_MSG_EQ_TOL(high5, 0.4910, 1e-4, "5 of 20, high");
        NS_TEST_EXPECT_MSG_EQ(SampleStatistics::ClopperPearson(7, 7).second, 1.0, "n of n: to 1");
    }
};

/**
 * \ingroup tcp-teardown
 * summary.csv against the mean, sd, interval and outcome fractions worked out
 * from runs.csv by a plain separate computation.
 */
class SweepSummaryTestCase : public TestCase
{
  public:
    SweepSummaryTestCase()
        : TestCase("summary.csv equals statistics recomputed from runs.csv")
    {
    }

  private:
    void DoRun() override
    {
        TempDir tmp;
        SweepGrid grid = SmallGrid(8);
        SweepDriver::RunLocal(Options(grid, tmp.path, 1));
        std::vector<std::string> runs = Lines(ReadText(tmp.path + "/runs.csv"));
        std::vector<std::string> summary = Lines(ReadText(tmp.path + "/summary.csv"));
        NS_TEST_ASSERT_MSG_EQ(runs.size(), 1 + 32, "header + 4 points x 8 runs");
        NS_TEST_ASSERT_MSG_EQ(summary.size(), 1 + 4, "header + 4 points");
        std::vector<std::string> runColumns = Fields(runs[0]);
        std::vector<std::string> sumColumns = Fields(summary[0]);
        NS_TEST_ASSERT_MSG_EQ(std::set<std::string>(sumColumns.begin(), sumColumns.end()).size(),
                              sumColumns.size(),
                              "a column of summary.csv appears twice");
        auto col = [](const std::vector<std::string>& columns, const std::string& name) {
            return size_t(std::find(columns.begin(), columns.end(), name) - columns.begin());
        };
        const double t7 = 2.36462425101; // 8 runs: 7 degrees of freedom
        for (size_t point = 0; point < 4; ++point)
        {
            std::vector<std::string> sum = Fields(summary[1 + point]);
            NS_TEST_ASSERT_MSG_EQ(sum.size(), sumColumns.size(), "summary row width");
            NS_TEST_ASSERT_MSG_EQ(sum.at(col(sumColumns, "runs")), "8", "runs of point " << point);
            NS_TEST_ASSERT_MSG_EQ(sum.at(col(sumColumns, "variant")),
                                  Fields(runs[1 + 8 * point]).at(col(runColumns, "variant")),
                                  "variant of point " << point);
            for (const std::string metric : {"close_time_s", "a_fin_tx", "b_segments_tx"})
            {
                std::vector<double> values;
                for (size_t r = 0; r < 8; ++r)
                {
                    std::string v = Fields(runs[1 + 8 * point + r]).at(col(runColumns, metric));
                    if (!v.empty())
                    {
                        values.push_back(std::stod(v));
                    }
                }
                double n = values.size();
                double mean = 0;
                for (double v : values)
                {
                    mean += v / n;
                }
                double ss = 0;
                for (double v : values)
                {
                    ss += (v - mean) * (v - mean);
                }
                NS_TEST_ASSERT_MSG_EQ(std::stod(sum.at(col(sumColumns, metric + "_n"))),
                                      n,
                                      metric << " n, point " << point);
                if (n != 8)
                {
                    continue; // t of another df; n itself was checked
                }
                double sd = std::sqrt(ss / 7);
                NS_TEST_EXPECT_MSG_EQ_TOL(std::stod(sum.at(col(sumColumns, metric + "_mean"))),
                                          mean,
                                          1e-9 * (1 + std::fabs(mean)),
                                          metric << " mean, point " << point);
                NS_TEST_EXPECT_MSG_EQ_TOL(std::stod(sum.at(col(sumColumns, metric + "_sd"))),
                                          sd,
                                          1e-9 * (1 + sd),
                                          metric << " sd, point " << point);
                NS_TEST_EXPECT_MSG_EQ_TOL(std::stod(sum.at(col(sumColumns, metric + "_ci95"))),
                                          t7 * sd / std::sqrt(8.0),
                                          1e-9 * (1 + sd),
                                          metric << " ci95, point " << point);
            }
            for (const char* side : {"a", "b"})
            {
                std::map<std::string, int> count;
                for (size_t r = 0; r < 8; ++r)
                {
                    ++count[Fields(runs[1 + 8 * point + r])
                                .at(col(runColumns, std::string(side) + "_outcome"))];
                }
                double total = 0;
                for (const char* outcome : {"orderly", "reset", "timeout", "open", "stranded"})
                {
                    std::string name = std::string(side) + "_outcome_" + outcome + "_frac";
                    double frac = std::stod(sum.at(col(sumColumns, name)));
                    NS_TEST_EXPECT_MSG_EQ_TOL(frac, count[outcome] / 8.0, 1e-12, name);
                    total += frac;
                }
                NS_TEST_EXPECT_MSG_EQ_TOL(total, 1.0, 1e-12, "fractions add up");
            }
        }
    }
};

/**
 * \ingroup tcp-teardown
 * What a kill leaves (a torn runs.csv line, detail lines of unfinished runs)
 * is repaired on the next start, which runs only the missing runs.
 */
class SweepFolderRecoveryTestCase : public TestCase
{
  public:
    SweepFolderRecoveryTestCase()
        : TestCase("torn lines and orphaned detail lines are dropped; only missing runs rerun")
    {
    }

  private:
    void DoRun() override
    {
        TempDir tmp;
        SweepGrid grid = SmallGrid(5); // 20 runs
        std::string whole = tmp.path + "/whole";
        SweepDriver::RunLocal(Options(grid, whole, 1, true));

        std::string dir = tmp.path + "/crashed";
        std::set<uint64_t> done = {0, 3, 4, 9, 17};
        {
            SweepMeta meta(Options(grid, dir, 1, true).identity, "sweep-test", 1);
            SweepFolder folder(dir);
            folder.Open(meta, false);
            std::vector<RunRecord> records;
            for (uint64_t i : done)
            {
                records.push_back(SweepRunner::RunOne(grid, i, true, true));
            }
            folder.Append(records);
        }
        // a kill in the middle of a batch: details of run 6 written, a torn
        // runs.csv line, a torn details line
        RunRecord six = SweepRunner::RunOne(grid, 6, true, true);
        std::ofstream(dir + "/transitions.csv", std::ios::app) << six.transitions << "6,1.0";
        std::ofstream(dir + "/segments.csv", std::ios::app) << six.segments;
        std::ofstream(dir + "/runs.csv", std::ios::app) << six.run.substr(0, 40);

        SweepMeta meta(Options(grid, dir, 1, true).identity, "sweep-test", 1);
        SweepFolder folder(dir);
        folder.Open(meta, false);
        std::vector<uint64_t> missing = folder.Missing();
        std::vector<uint64_t> expected;
        for (uint64_t i = 0; i < 20; ++i)
        {
            if (done.count(i) == 0)
            {
                expected.push_back(i);
            }
        }
        NS_TEST_ASSERT_MSG_EQ(missing.size(), expected.size(), "missing runs");
        NS_TEST_ASSERT_MSG_EQ((missing == expected), true, "exactly the runs not done");
        std::string runs = ReadText(dir + "/runs.csv");
        NS_TEST_ASSERT_MSG_EQ(runs.back(), '\n', "torn line dropped");
        NS_TEST_ASSERT_MSG_EQ(Lines(runs).size(), 1 + done.size(), "rows of done runs");
        for (const auto& name : {SweepFolder::TRANSITIONS, SweepFolder::SEGMENTS})
        {
            for (const auto& line : Lines(ReadText(dir + "/" + name)))
            {
                NS_TEST_ASSERT_MSG_EQ(line.rfind("6,", 0),
                                      std::string::npos,
                                      name << " still holds run 6's lines");
            }
        }
        std::vector<RunRecord> rest;
        for (uint64_t i : missing)
        {
            rest.push_back(SweepRunner::RunOne(grid, i, true, true));
        }
        folder.Append(rest);
        NS_TEST_ASSERT_MSG_EQ(folder.IsComplete(), true, "complete");
        folder.Finish();
        SweepDriver::WriteSummary(grid, dir);
        for (const auto& name : ResultFiles())
        {
            NS_TEST_EXPECT_MSG_EQ((ReadText(dir + "/" + name) == ReadText(whole + "/" + name)),
                                  true,
                                  name << " differs from the uninterrupted sweep's");
        }
    }
};

/**
 * \ingroup tcp-teardown
 * SIGKILL a sweep with two workers mid-way, resume it: the same files as an
 * uninterrupted sweep, only the missing runs executed, no worker left behind.
 */
class SweepKillResumeTestCase : public TestCase
{
  public:
    SweepKillResumeTestCase()
        : TestCase("SIGKILL mid-sweep, resume: same files as an uninterrupted sweep")
    {
    }

  private:
    void DoRun() override
    {
        TempDir tmp;
        SweepGrid grid = SmallGrid(300); // 1,200 runs
        std::string dir = tmp.path + "/killed";
        pid_t child = fork();
        if (child == 0)
        {
            setpgid(0, 0);
            try
            {
                SweepDriver::RunLocal(Options(grid, dir, 2, true));
            }
            catch (...)
            {
                _exit(1);
            }
            _exit(0);
        }
        setpgid(child, child);
        // kill it once a hundred runs are in, mid-sweep
        auto start = std::chrono::steady_clock::now();
        while (Lines(ReadText(dir + "/runs.csv")).size() < 100 &&
               std::chrono::steady_clock::now() - start < std::chrono::seconds(60))
        {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        kill(child, SIGKILL);
        int status;
        waitpid(child, &status, 0);
        NS_TEST_ASSERT_MSG_EQ(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
                              true,
                              "the sweep was killed, not finished");
        int orphans = 1;
        for (int i = 0; i < 200 && orphans > 0; ++i)
        {
            orphans = LiveProcessesInGroup(child); // its workers are in its process group
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        NS_TEST_ASSERT_MSG_EQ(orphans, 0, "workers outlived the killed sweep");

        std::string runs = ReadText(dir + "/runs.csv");
        uint64_t complete = Lines(runs).size() - 1;
        NS_TEST_ASSERT_MSG_LT(complete, grid.GetRunCount(), "killed before the end");
        uint64_t executed = SweepDriver::RunLocal(Options(grid, dir, 2, true));
        NS_TEST_ASSERT_MSG_EQ(executed, grid.GetRunCount() - complete, "only missing runs ran");

        std::string whole = tmp.path + "/whole";
        SweepDriver::RunLocal(Options(grid, whole, 2, true));
        for (const auto& name : ResultFiles())
        {
            NS_TEST_EXPECT_MSG_EQ((ReadText(dir + "/" + name) == ReadText(whole + "/" + name)),
                                  true,
                                  name << " differs from the uninterrupted sweep's");
        }
        std::vector<std::string> lines = Lines(ReadText(dir + "/runs.csv"));
        for (size_t i = 1; i < lines.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(Fields(lines[i])[0], std::to_string(i - 1), "sorted, no gaps");
        }
    }
};

/**
 * \ingroup tcp-teardown
 * Three shards run apart and merged equal one local sweep, row for row.
 */
class SweepShardMergeTestCase : public TestCase
{
  public:
    SweepShardMergeTestCase()
        : TestCase("shard I of 3 holds run_index % 3 == I; merged they equal a local sweep")
    {
    }

  private:
    void DoRun() override
    {
        TempDir tmp;
        SweepGrid grid = SmallGrid(10); // 40 runs
        std::string local = tmp.path + "/local";
        SweepDriver::RunLocal(Options(grid, local, 2, true));
        std::string merged = tmp.path + "/merged";
        for (uint64_t shard = 0; shard < 3; ++shard)
        {
            SweepOptions o = Options(grid, merged + "/shards/" + std::to_string(shard), 1, true);
            o.identity.shardIndex = shard;
            o.identity.shardCount = 3;
            SweepDriver::RunLocal(o);
            std::vector<std::string> lines = Lines(ReadText(o.dir + "/runs.csv"));
            std::vector<std::string> indices;
            for (size_t i = 1; i < lines.size(); ++i)
            {
                indices.push_back(Fields(lines[i])[0]);
            }
            std::vector<std::string> expected;
            for (uint64_t i = shard; i < 40; i += 3)
            {
                expected.push_back(std::to_string(i));
            }
            NS_TEST_ASSERT_MSG_EQ((indices == expected), true, "share of shard " << shard);
        }
        // a merge with a shard missing names what is missing and writes no summary
        fs::rename(merged + "/shards/2", tmp.path + "/shard2");
        bool refused = false;
        try
        {
            SweepDriver::Merge(Options(grid, merged, 1, true));
        }
        catch (const SweepFolder::Error& e)
        {
            refused = std::string(e.what()).find("shard 2/3") != std::string::npos;
        }
        NS_TEST_ASSERT_MSG_EQ(refused, true, "merge without shard 2 refused, naming it");
        NS_TEST_ASSERT_MSG_EQ(fs::exists(merged + "/summary.csv"), false, "no summary");
        fs::rename(tmp.path + "/shard2", merged + "/shards/2");
        SweepDriver::Merge(Options(grid, merged, 1, true));
        for (const auto& name : ResultFiles())
        {
            NS_TEST_EXPECT_MSG_EQ((ReadText(merged + "/" + name) == ReadText(local + "/" + name)),
                                  true,
                                  name << " of the merge differs from the local sweep's");
        }
    }
};

/**
 * \ingroup tcp-teardown
 * A changed grid is refused without touching the folder; --extend keeps the
 * rows byte for byte under their indices, runs only the new ones, and ends
 * with the rows of a fresh sweep of the new grid (numbered after the old).
 */
class SweepExtendTestCase : public TestCase
{
  public:
    SweepExtendTestCase()
        : TestCase("a changed grid is refused; --extend adds only the new runs")
    {
    }

  private:
    void DoRun() override
    {
        TempDir tmp;
        std::string dir = tmp.path + "/study";
        SweepGrid small = SmallGrid(4); // 16 runs
        SweepDriver::RunLocal(Options(small, dir, 1, true));
        std::string before = ReadText(dir + "/runs.csv") + ReadText(dir + "/meta.json");
        std::string smallRuns = ReadText(dir + "/runs.csv");

        SweepGrid bigger = small;
        bigger.Set("loss", {"0.1", "0.2", "0.3"}); // a new middle value: indices move
        bigger.SetRuns(5);
        std::string message;
        try
        {
            SweepDriver::RunLocal(Options(bigger, dir, 1, true));
        }
        catch (const SweepFolder::Error& e)
        {
            message = e.what();
        }
        NS_TEST_ASSERT_MSG_NE(message.find("--extend"), std::string::npos, "refused: " << message);
        NS_TEST_ASSERT_MSG_NE(message.find("loss"), std::string::npos, "names the key");
        NS_TEST_ASSERT_MSG_EQ((ReadText(dir + "/runs.csv") + ReadText(dir + "/meta.json")),
                              before,
                              "the refused sweep changed the folder");

        SweepOptions extend = Options(bigger, dir, 2, true);
        extend.extend = true;
        uint64_t executed = SweepDriver::RunLocal(extend);
        NS_TEST_ASSERT_MSG_EQ(executed,
                              bigger.GetRunCount() - small.GetRunCount(),
                              "only the new runs ran");
        // every row of the small sweep is still there, byte for byte, under its index
        std::string after = ReadText(dir + "/runs.csv");
        NS_TEST_EXPECT_MSG_EQ(after.compare(0, smallRuns.size(), smallRuns),
                              0,
                              "the extended runs.csv starts with the old one");
        // and the rows are those of a fresh sweep of the new grid, run_index aside
        std::string fresh = tmp.path + "/fresh";
        SweepDriver::RunLocal(Options(bigger, fresh, 1, true));
        for (const auto& name : ResultFiles())
        {
            if (name == "summary.csv")
            {
                // points are numbered by the grid alone: the same file
                NS_TEST_EXPECT_MSG_EQ((ReadText(dir + "/" + name) == ReadText(fresh + "/" + name)),
                                      true,
                                      "summary.csv of the extended sweep differs from a fresh one");
                continue;
            }
            NS_TEST_EXPECT_MSG_EQ((WithoutRunIndex(ReadText(dir + "/" + name)) ==
                                   WithoutRunIndex(ReadText(fresh + "/" + name))),
                                  true,
                                  name << " of the extended sweep has other rows than a fresh one");
        }
        // a resume of the extended sweep, given by its last grid, is complete
        NS_TEST_ASSERT_MSG_EQ(SweepDriver::RunLocal(Options(bigger, dir, 1, true)),
                              0,
                              "nothing left to run");
        // --extend cannot drop runs
        extend.identity.grid = small;
        extend.identity.grid.Set("loss", {"0.1"});
        message.clear();
        try
        {
            SweepDriver::RunLocal(extend);
        }
        catch (const SweepFolder::Error& e)
        {
            message = e.what();
        }
        NS_TEST_ASSERT_MSG_NE(message.find("only adds runs"), std::string::npos, message);
    }
};

/**
 * \ingroup tcp-teardown
 * --extend along every parameter of the schema: the run key is the grid point
 * over all parameters plus the replication, so adding a value of any
 * parameter keeps every row byte for byte, adds exactly the new points'
 * runs, and never runs one point twice.
 */
class SweepExtendEveryParameterTestCase : public TestCase
{
  public:
    SweepExtendEveryParameterTestCase()
        : TestCase("--extend along every schema parameter keeps every row and adds only the new")
    {
    }

  private:
    /** Texts that a parameter of free-text type can take instead of its default. */
    static std::vector<std::string> TextCandidates(const std::string& name)
    {
        if (name == "drop")
        {
            return {"a2b:fin:1"};
        }
        if (name == "rate")
        {
            return {"5Mbps"};
        }
        if (name == "keepDelay")
        {
            return {"fixed:0.5"};
        }
        return {};
    }

    /** The parameter columns of a run's row (as run: read back where the schema says so). */
    static std::string ParameterCells(const TeardownParams& p)
    {
        RunResult r = TeardownScenario(p).Run().result;
        std::string cells;
        for (const ColumnSpec& col : RunResult::ColumnSpecs())
        {
            cells += col.role == "parameter" ? col.value(r) + "," : "";
        }
        return cells;
    }

    /** A value of the parameter that the grid accepts and that runs differently. */
    static std::string OtherValue(const ParamSpec& spec, const SweepGrid& base)
    {
        std::vector<std::string> candidates = TextCandidates(spec.name);
        candidates.insert(candidates.end(), spec.choices.begin(), spec.choices.end());
        double d = spec.defaultText.empty() ? 0.0 : std::strtod(spec.defaultText.c_str(), nullptr);
        for (double v : {d * 2, d / 2, 1.0, 100.0, spec.min, spec.max})
        {
            candidates.push_back(ParamSchema::NumberText(v));
        }
        TeardownParams p = base.RunParams(0);
        std::string same = ParameterCells(p);
        for (const auto& c : candidates)
        {
            try
            {
                SweepGrid probe = base;
                probe.Set(spec.name, {base.Get(spec.name)[0], c});
                TeardownParams q = p;
                spec.set(q, c);
                if (ParameterCells(q) != same) // e.g. finResponse=ack is four-way's own
                {
                    return c;
                }
            }
            catch (const GridValueError&)
            {
            }
        }
        return "";
    }

    void DoRun() override
    {
        for (const ParamSpec& spec : ParamSchema::Parameters())
        {
            TempDir tmp;
            SweepGrid small;
            small.Set("msl", {"0.05"});
            small.Set("loss", {"0.1"});
            small.SetRuns(2);
            if (spec.name == "msl" || spec.name == "loss")
            {
                small.Set(spec.name, {spec.defaultText});
            }
            std::string other = OtherValue(spec, small);
            NS_TEST_ASSERT_MSG_NE(other, "", "no second value for " << spec.name);
            SweepGrid bigger = small;
            std::vector<std::string> values = small.Get(spec.name);
            values.push_back(other);
            bigger.Set(spec.name, values);
            bigger.SetRuns(3); // one more replication too

            SweepDriver::RunLocal(Options(small, tmp.path, 1));
            std::string before = ReadText(tmp.path + "/runs.csv");
            SweepOptions extend = Options(bigger, tmp.path, 1);
            extend.extend = true;
            uint64_t executed = SweepDriver::RunLocal(extend);
            std::string after = ReadText(tmp.path + "/runs.csv");
            NS_TEST_EXPECT_MSG_EQ(executed, 6 - 2, spec.name << ": 2 points x 3 runs, 2 were done");
            NS_TEST_EXPECT_MSG_EQ(after.compare(0, before.size(), before),
                                  0,
                                  spec.name << ": the old rows are not kept byte for byte");
            NS_TEST_EXPECT_MSG_EQ(Lines(after).size(), 1 + 6, spec.name << ": 6 rows");
            // every (point, replication) once: the parameter columns and rng_run differ
            std::vector<std::string> header = Fields(Lines(after)[0]);
            std::set<std::string> keys;
            for (size_t i = 1; i < Lines(after).size(); ++i)
            {
                std::vector<std::string> row = Fields(Lines(after)[i]);
                std::string key;
                for (size_t c = 1; c < header.size(); ++c)
                {
                    const ColumnSpec& col = RunResult::ColumnSpecs()[c];
                    bool requested = col.role == "parameter" || col.name == "rng_run";
                    key += requested ? row[c] + "," : "";
                }
                keys.insert(key);
            }
            NS_TEST_EXPECT_MSG_EQ(keys.size(), 6, spec.name << ": a run is there twice");
            NS_TEST_EXPECT_MSG_EQ(SweepDriver::RunLocal(Options(bigger, tmp.path, 1)),
                                  0,
                                  spec.name << ": the resume ran runs again");
        }
    }
};

/**
 * \ingroup tcp-teardown
 * The tcp-teardown-sweep program: bad input, a row equal to a fresh process's
 * run, progress lines, and SIGKILL and resume of the real binary.
 */
class SweepProgramTestCase : public TestCase
{
  public:
    /**
     * \param sweep path of tcp-teardown-sweep
     * \param single path of tcp-teardown ("" if not built)
     */
    SweepProgramTestCase(const std::string& sweep, const std::string& single)
        : TestCase("tcp-teardown-sweep: bad input, same rows as tcp-teardown, kill -9 and resume"),
          m_sweep(sweep),
          m_single(single)
    {
    }

  private:
    /** Run the program; its status, stderr in err. */
    int Sweep(const std::vector<std::string>& args, std::string& err)
    {
        TempDir tmp;
        std::vector<std::string> argv = {"sh",
                                         "-c",
                                         "exec \"$@\" 2>" + tmp.path + "/err",
                                         "sh",
                                         m_sweep};
        argv.insert(argv.end(), args.begin(), args.end());
        std::string out;
        int status = RunProgram(argv, &out);
        err = ReadText(tmp.path + "/err");
        return status;
    }

    void BadInput(const std::string& dir,
                  const std::vector<std::string>& args,
                  const std::string& named)
    {
        std::string before = ReadText(dir + "/runs.csv") + ReadText(dir + "/meta.json");
        std::string err;
        int status = Sweep(args, err);
        NS_TEST_EXPECT_MSG_EQ(status, 2, "exit status for " << named);
        NS_TEST_EXPECT_MSG_EQ(Lines(err).size(), 1, "one error line: " << err);
        NS_TEST_EXPECT_MSG_NE(err.find(named), std::string::npos, "names " << named << ": " << err);
        NS_TEST_EXPECT_MSG_EQ((ReadText(dir + "/runs.csv") + ReadText(dir + "/meta.json")),
                              before,
                              "files changed by " << named);
    }

    void DoRun() override
    {
        TempDir tmp;
        std::string dir = tmp.path + "/kept";
        std::string err;
        NS_TEST_ASSERT_MSG_EQ(Sweep({"--variant=four-way,three-way",
                                     "--loss=0,0.2",
                                     "--runs=3",
                                     "--jobs=2",
                                     "--outputDir=" + dir},
                                    err),
                              0,
                              "a good sweep: " << err);
        NS_TEST_ASSERT_MSG_NE(err.find("runs/s"), std::string::npos, "progress lines: " << err);
        NS_TEST_ASSERT_MSG_EQ(Lines(ReadText(dir + "/runs.csv")).size(), 13, "12 rows");
        const std::string grid = "--outputDir=" + dir;
        BadInput(dir, {"--variant=four-way,bogus", grid}, "--variant=bogus");
        BadInput(dir, {"--loss=0,1.5", grid}, "--loss=1.5");
        BadInput(dir, {"--drop=a2b:what:1", grid}, "--drop=a2b:what:1");
        BadInput(dir, {"--shard=3/3", grid}, "--shard=3/3");
        WriteText(tmp.path + "/bad.json", "{\"msl\": [1, 30],\n \"loss\": [0, 0.1,, ]}\n");
        BadInput(dir, {"--sweep=" + tmp.path + "/bad.json", grid}, "key \"loss\"");
        WriteText(tmp.path + "/bad2.json", "{\"msl\": [1, \"long\"]}");
        BadInput(dir, {"--sweep=" + tmp.path + "/bad2.json", grid}, "key \"msl\"");
        BadInput(dir, {"--variant=four-way", "--loss=0,0.2", "--runs=3", grid}, "--extend");
        std::string unwritable = "/proc/tcp-teardown-sweep-test";
        BadInput(dir, {"--outputDir=" + unwritable}, "--outputDir=" + unwritable);
        NS_TEST_EXPECT_MSG_EQ(fs::exists(unwritable), false, "nothing created");
        std::string quietErr;
        Sweep({"--variant=four-way,three-way", "--loss=0,0.2", "--runs=3", "--quiet", grid},
              quietErr);
        NS_TEST_EXPECT_MSG_EQ(quietErr, "", "--quiet prints nothing");

        // a sweep's row equals the same run in a fresh process
        if (!m_single.empty())
        {
            std::vector<std::string> rows = Lines(ReadText(dir + "/runs.csv"));
            std::vector<std::string> header = Fields(rows.at(0));
            auto col = [&header](const std::string& name) {
                return size_t(std::find(header.begin(), header.end(), name) - header.begin());
            };
            for (const char* index : {"7", "10", "11"})
            {
                std::vector<std::string> row = Fields(rows.at(1 + std::stoi(index)));
                std::string one = tmp.path + "/one" + index;
                std::string out;
                int status = RunProgram({m_single,
                                         "--variant=" + row.at(col("variant")),
                                         "--loss=" + row.at(col("loss_a2b")),
                                         "--RngRun=" + row.at(col("rng_run")),
                                         "--outputDir=" + one},
                                        &out);
                NS_TEST_ASSERT_MSG_EQ(status, 0, m_single << " failed");
                std::vector<std::string> lines = Lines(ReadText(one + "/runs.csv"));
                NS_TEST_ASSERT_MSG_EQ(lines.size(), 2, "header and one row from " << m_single);
                std::vector<std::string> alone = Fields(lines[1]);
                alone[0] = row[0];
                NS_TEST_EXPECT_MSG_EQ((alone == row), true, "run " << index << " differs alone");
            }
        }

        // the real binary, killed with SIGKILL mid-sweep and resumed
        std::vector<std::string> args = {m_sweep,
                                         "--variant=four-way,three-way",
                                         "--loss=0.1,0.3",
                                         "--runs=300",
                                         "--jobs=2",
                                         "--transitions",
                                         "--quiet"};
        std::string killed = tmp.path + "/killed";
        pid_t child = fork();
        if (child == 0)
        {
            std::vector<char*> argv;
            std::string out = "--outputDir=" + killed;
            for (auto& a : args)
            {
                argv.push_back(const_cast<char*>(a.c_str()));
            }
            argv.push_back(const_cast<char*>(out.c_str()));
            argv.push_back(nullptr);
            execv(argv[0], argv.data());
            _exit(127);
        }
        auto start = std::chrono::steady_clock::now();
        while (Lines(ReadText(killed + "/runs.csv")).size() < 100 &&
               std::chrono::steady_clock::now() - start < std::chrono::seconds(60))
        {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        kill(child, SIGKILL);
        int status;
        waitpid(child, &status, 0);
        NS_TEST_ASSERT_MSG_EQ(WIFSIGNALED(status), true, "killed mid-sweep");
        std::vector<std::string> resume(args.begin() + 1, args.end());
        resume.push_back("--outputDir=" + killed);
        NS_TEST_ASSERT_MSG_EQ(Sweep(resume, err), 0, "resumed: " << err);
        std::vector<std::string> fresh(args.begin() + 1, args.end());
        fresh.push_back("--outputDir=" + tmp.path + "/fresh");
        NS_TEST_ASSERT_MSG_EQ(Sweep(fresh, err), 0, "uninterrupted: " << err);
        for (const auto& name : {SweepFolder::RUNS, SweepFolder::TRANSITIONS, SweepFolder::SUMMARY})
        {
            NS_TEST_EXPECT_MSG_EQ(
                (ReadText(killed + "/" + name) == ReadText(tmp.path + "/fresh/" + name)),
                true,
                name << " after kill -9 and resume differs");
        }
    }

    std::string m_sweep;  //!< tcp-teardown-sweep
    std::string m_single; //!< tcp-teardown
};

/**
 * \ingroup tcp-teardown
 * The sweep suite.
 */
class SweepTestSuite : public TestSuite
{
  public:
    SweepTestSuite()
        : TestSuite("tcp-teardown-sweep", TCP_TEARDOWN_TEST_UNIT)
    {
        AddTestCase(new SweepGridNumberingTestCase, TCP_TEARDOWN_TEST_QUICK);
        AddTestCase(new SweepGridErrorsTestCase, TCP_TEARDOWN_TEST_QUICK);
        AddTestCase(new SweepStatisticsTestCase, TCP_TEARDOWN_TEST_QUICK);
        AddTestCase(new SweepSummaryTestCase, TCP_TEARDOWN_TEST_QUICK);
        AddTestCase(new SweepFolderRecoveryTestCase, TCP_TEARDOWN_TEST_QUICK);
        AddTestCase(new SweepShardMergeTestCase, TCP_TEARDOWN_TEST_QUICK);
        AddTestCase(new SweepExtendTestCase, TCP_TEARDOWN_TEST_QUICK);
        AddTestCase(new SweepExtendEveryParameterTestCase, TCP_TEARDOWN_TEST_QUICK);
        AddTestCase(new SweepKillResumeTestCase, TCP_TEARDOWN_TEST_QUICK);
        std::string sweep = FindProgram("tcp-teardown-sweep");
        if (!sweep.empty())
        {
            // in an ns-3 tree the program tcp-teardown is tcp-teardown-example
            std::string single = FindProgram("tcp-teardown");
            single = single.empty() ? FindProgram("tcp-teardown-example") : single;
            AddTestCase(new SweepProgramTestCase(sweep, single), TCP_TEARDOWN_TEST_QUICK);
        }
    }
};

/// The suite's instance.
static SweepTestSuite g_sweepTestSuite;
