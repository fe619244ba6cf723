/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * tcp-teardown-bench: speed and memory of sweeps, measured side by side on the
 * default scenario (four-way close, no loss, 5000 bytes pending; runs differ
 * only in RngRun).
 *
 *   tcp-teardown-bench              (about a minute on two cores)
 *   tcp-teardown-bench --quick      (smaller counts, a few seconds)
 *
 * Prints, with the targets of doc/sweeps.md:
 *  - runs per second in one process vs one process per run (the SEM way:
 *    build/tcp-teardown --outputDir=<temp> for every run);
 *  - the cost of recording (state and segment logs kept and written as CSV
 *    vs. bare runs), in CPU time, rounds interleaved;
 *  - --jobs 2 vs --jobs 1 (wall time, best of two rounds);
 *  - resident memory after 1,000 and after 20,000 runs in one process.
 */

#include "ns3/core-module.h"
#include "ns3/param-command-line.h"
#include "ns3/sweep-folder.h"
#include "ns3/sweep-grid.h"
#include "ns3/sweep-process.h"
#include "ns3/sweep-runner.h"
#include "ns3/teardown-scenario.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <sys/resource.h>
#include <unistd.h>

using namespace ns3;

namespace
{
double
WallNow()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

double
CpuNow()
{
    timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/** CPU time of the children that ended and were waited for. */
double
ChildrenCpu()
{
    rusage usage;
    getrusage(RUSAGE_CHILDREN, &usage);
    return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
           1e-6 * (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

/** Resident set size of this process in MB. */
double
ResidentMb()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
    {
        if (line.rfind("VmRSS:", 0) == 0)
        {
            return std::stod(line.substr(6)) / 1024.0;
        }
    }
    return -1.0;
}

/** A grid of the default scenario with n runs. */
SweepGrid
DefaultScenario(uint64_t runs)
{
    SweepGrid grid;
    grid.SetRuns(runs);
    return grid;
}

/** A fresh sweep folder for the grid, in a temporary place. */
struct TempSweep
{
    std::string dir;
    SweepMeta meta;
    SweepFolder folder;

    TempSweep(const std::string& root, const std::string& name, const SweepGrid& grid, bool details)
        : dir(root + "/" + name),
          meta(SweepIdentity{grid, 0, 1, details, details}, "tcp-teardown-bench", 1),
          folder(dir)
    {
        std::filesystem::remove_all(dir);
        folder.Open(meta, false);
    }
};

/** Run indices [first, last) of the grid into a folder; wall seconds. */
double
Sweep(SweepFolder& folder,
      const SweepGrid& grid,
      uint64_t first,
      uint64_t last,
      uint32_t jobs,
      bool details)
{
    std::vector<uint64_t> indices;
    for (uint64_t i = first; i < last; ++i)
    {
        indices.push_back(i);
    }
    SweepRunner runner(grid);
    runner.SetJobs(jobs);
    runner.SetDetails(details, details);
    double start = WallNow();
    runner.Run(
        indices,
        [&folder](const std::vector<RunRecord>& r) { folder.Append(r); },
        nullptr);
    return WallNow() - start;
}

/** The three ways of running for the cost of recording. */
enum Mode
{
    BARE,     //!< runs only: no logs kept, result dropped, nothing written
    RUNS_CSV, //!< a sweep writing runs.csv
    RECORDING //!< a sweep keeping the logs and writing runs.csv, transitions.csv, segments.csv
};

/** Run [first, first + count) in a mode; CPU seconds. */
double
RunMode(Mode mode,
        SweepFolder& plain,
        SweepFolder& recording,
        const SweepGrid& grid,
        uint64_t first,
        uint64_t count)
{
    double t0 = CpuNow();
    if (mode == BARE)
    {
        for (uint64_t i = first; i < first + count; ++i)
        {
            TeardownScenario scenario(grid.RunParams(i));
            scenario.Run(i); // result dropped: nothing kept or written
        }
    }
    else
    {
        Sweep(mode == RUNS_CSV ? plain : recording,
              grid,
              first,
              first + count,
              1,
              mode == RECORDING);
    }
    return CpuNow() - t0;
}

void
Row(const std::string& what, const std::string& value, const std::string& target, bool ok)
{
    std::cout << std::left << std::setw(44) << what << std::setw(26) << value << std::setw(18)
              << target << (ok ? "ok" : "MISSED") << "\n";
}

std::string
Fixed(double value, int digits, const std::string& unit = "")
{
    std::ostringstream out;
    out << std::fixed << std::setprecision(digits) << value << unit;
    return out.str();
}
} // namespace

int
main(int argc, char* argv[])
{
    bool quick = false;
    std::string processRunsText = "100";
    std::string inProcessRunsText = "3000";
    std::string recordingRunsText = "300";
    std::string recordingRoundsText = "15";
    std::string jobsRunsText = "6000";
    std::string memoryRunsText = "20000";
    std::string program;
    std::string tmp = "/tmp";
    std::string only;
    std::string onlyRunsText = "300";

    CommandLine cmd(__FILE__);
    cmd.Usage("Speed and memory of tcp-teardown sweeps on the default scenario.");
    cmd.AddValue("quick", "smaller counts (a few seconds; figures are rougher)", quick);
    cmd.AddValue("program",
                 "tcp-teardown for the process-per-run figure (default: beside this)",
                 program);
    cmd.AddValue("processRuns", "runs, one process each", processRunsText);
    cmd.AddValue("inProcessRuns", "runs in this process for the rate", inProcessRunsText);
    cmd.AddValue("recordingRuns", "runs per recording round (and mode)", recordingRunsText);
    cmd.AddValue("recordingRounds",
                 "interleaved rounds of recording on / off",
                 recordingRoundsText);
    cmd.AddValue("jobsRuns", "runs for --jobs 1 vs 2", jobsRunsText);
    cmd.AddValue("memoryRuns", "runs in one process for the memory figure", memoryRunsText);
    cmd.AddValue("tmp", "folder for temporary results", tmp);
    cmd.AddValue("only",
                 "bare, runs or recording: run --onlyRuns runs that way and nothing else "
                 "(to count instructions under valgrind --tool=callgrind)",
                 only);
    cmd.AddValue("onlyRuns", "runs for --only", onlyRunsText);
    uint32_t processRuns;
    uint32_t inProcessRuns;
    uint32_t recordingRuns;
    uint32_t recordingRounds;
    uint32_t jobsRuns;
    uint32_t memoryRuns;
    uint32_t onlyRuns;
    try
    {
        ParamCommandLine ns3Arguments(argc, argv); // checks --ns3::... and globals
        ParamCommandLine::CheckFlags(cmd, argc, argv);
        cmd.Parse(argc, argv);
        auto count = [](const std::string& flag, const std::string& text) {
            return static_cast<uint32_t>(ParamCommandLine::WholeNumber(flag, text, 1, 10000000));
        };
        processRuns = count("--processRuns", processRunsText);
        inProcessRuns = count("--inProcessRuns", inProcessRunsText);
        recordingRuns = count("--recordingRuns", recordingRunsText);
        recordingRounds = count("--recordingRounds", recordingRoundsText);
        jobsRuns = count("--jobsRuns", jobsRunsText);
        memoryRuns = count("--memoryRuns", memoryRunsText);
        onlyRuns = count("--onlyRuns", onlyRunsText);
    }
    catch (const ParamError& e)
    {
        std::cerr << "tcp-teardown-bench: error: " << e.what() << std::endl;
        return 2;
    }
    if (quick)
    {
        processRuns = 20;
        inProcessRuns = 500;
        recordingRuns = 100;
        recordingRounds = 5;
        jobsRuns = 1000;
        memoryRuns = 3000;
    }
    std::error_code ec;
    if (program.empty())
    {
        program =
            (std::filesystem::read_symlink("/proc/self/exe", ec).parent_path() / "tcp-teardown")
                .string();
    }
    if (only.empty() && !std::filesystem::exists(program))
    {
        std::cerr << "tcp-teardown-bench: error: --program=" << program << ": not found"
                  << std::endl;
        return 2;
    }
    std::string root = tmp + "/tcp-teardown-bench." + std::to_string(getpid());
    std::filesystem::create_directories(root, ec);
    if (ec)
    {
        std::cerr << "tcp-teardown-bench: error: --tmp=" << tmp << ": " << ec.message()
                  << std::endl;
        return 2;
    }
    if (!only.empty())
    {
        std::map<std::string, Mode> modes = {{"bare", BARE},
                                             {"runs", RUNS_CSV},
                                             {"recording", RECORDING}};
        if (modes.count(only) == 0)
        {
            std::cerr << "tcp-teardown-bench: error: --only=" << only
                      << ": expected bare, runs or recording" << std::endl;
            return 2;
        }
        SweepGrid grid = DefaultScenario(std::max(onlyRuns, 1U));
        TempSweep plain(root, "runs-only", grid, false);
        TempSweep recording(root, "recording", grid, true);
        double seconds = RunMode(modes[only], plain.folder, recording.folder, grid, 0, onlyRuns);
        std::cout << only << ": " << onlyRuns << " runs, " << Fixed(seconds, 3) << " s CPU\n";
        std::filesystem::remove_all(root, ec);
        return 0;
    }
    std::cout << "tcp-teardown-bench on " << SweepMeta::Host() << ", "
              << SweepRunner::AvailableCores() << " cores, " << SweepMeta::Now()
              << (quick ? " (--quick)" : "") << "\n";
    std::ifstream loadavg("/proc/loadavg");
    std::string load;
    std::getline(loadavg, load);
    std::cout << "load average before: " << load << "\n\n";
    std::cout << std::left << std::setw(44) << "measure" << std::setw(26) << "figure"
              << std::setw(18) << "target"
              << "\n";
    bool allOk = true;

    // 1. in one process vs one process per run (both write runs.csv only)
    SweepGrid grid = DefaultScenario(
        std::max({inProcessRuns, jobsRuns, memoryRuns, recordingRuns * (recordingRounds + 1)}));
    double inRate;
    {
        TempSweep sweep(root, "in-process", grid, false);
        inRate = inProcessRuns / Sweep(sweep.folder, grid, 0, inProcessRuns, 1, false);
    }
    double start = WallNow();
    for (uint32_t k = 0; k < processRuns; ++k)
    {
        std::string out;
        int status = RunProgram({program,
                                 "--outputDir=" + root + "/per-process",
                                 "--transitions=0",
                                 "--segments=0",
                                 "--RngRun=" + std::to_string(k + 1)},
                                &out);
        if (status != 0)
        {
            std::cerr << "tcp-teardown-bench: error: " << program << " exited with " << status
                      << std::endl;
            return 1;
        }
    }
    double perProcessRate = processRuns / (WallNow() - start);
    Row("runs/s in one process (--jobs 1)", Fixed(inRate, 0), "", true);
    Row("runs/s one process per run (SEM way)", Fixed(perProcessRate, 1), "", true);
    bool ok = inRate >= 10 * perProcessRate;
    allOk &= ok;
    Row("  ratio in-process / per-process", Fixed(inRate / perProcessRate, 1, "x"), ">= 10x", ok);

    // 2. the cost of recording: logs kept and three CSV files vs bare runs,
    //    in interleaved rounds; the median of the rounds' ratios resists the
    //    noise of other work on the machine
    //    Three modes per round: bare runs (no logs, nothing written); a
    //    sweep writing runs.csv only; a sweep that also keeps the logs and
    //    writes transitions.csv and segments.csv.
    std::vector<double> cpu(3, 0.0);
    std::vector<std::vector<double>> ratios(2);
    {
        TempSweep plain(root, "runs-only", grid, false);
        TempSweep recording(root, "recording", grid, true);
        uint64_t next = 0;
        for (uint32_t round = 0; round <= recordingRounds; ++round) // round 0: warm-up
        {
            double round0[3]; // CPU seconds of each mode in this round
            for (int step = 0; step < 3; ++step)
            {
                Mode mode = Mode(round % 2 ? 2 - step : step); // alternate the order
                round0[mode] =
                    RunMode(mode, plain.folder, recording.folder, grid, next, recordingRuns);
            }
            next += recordingRuns;
            if (round == 0)
            {
                continue;
            }
            for (int mode = 0; mode < 3; ++mode)
            {
                cpu[mode] += round0[mode];
            }
            ratios[0].push_back(round0[RECORDING] / round0[BARE]);
            ratios[1].push_back(round0[RECORDING] / round0[RUNS_CSV]);
        }
    }
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
    };
    uint64_t recordedRuns = uint64_t(recordingRuns) * recordingRounds;
    Row("CPU ms/run, bare (no logs, no CSV)", Fixed(1000 * cpu[0] / recordedRuns, 3), "", true);
    Row("CPU ms/run, sweep writing runs.csv", Fixed(1000 * cpu[1] / recordedRuns, 3), "", true);
    Row("CPU ms/run, recording (logs + 3 CSV)", Fixed(1000 * cpu[2] / recordedRuns, 3), "", true);
    Row("  recording vs bare, all rounds", Fixed(100 * (cpu[2] / cpu[0] - 1), 1, " %"), "", true);
    ok = median(ratios[0]) - 1 < 0.10;
    allOk &= ok;
    Row("  recording vs bare, median of " + std::to_string(recordingRounds),
        Fixed(100 * (median(ratios[0]) - 1), 1, " %"),
        "< 10 %",
        ok);
    Row("  recording vs runs.csv only, median",
        Fixed(100 * (median(ratios[1]) - 1), 1, " %"),
        "",
        true);

    // 3. --jobs 2 vs --jobs 1, best of two rounds each; the CPU time of the
    //    workers shows how much of two cores the machine gave them
    double best1 = 1e30;
    double best2 = 1e30;
    double cores2 = 0.0;
    for (int round = 0; round < 2; ++round)
    {
        {
            TempSweep sweep(root, "jobs1", grid, false);
            best1 = std::min(best1, Sweep(sweep.folder, grid, 0, jobsRuns, 1, false));
        }
        {
            TempSweep sweep(root, "jobs2", grid, false);
            double before = ChildrenCpu();
            double wall = Sweep(sweep.folder, grid, 0, jobsRuns, 2, false);
            if (wall < best2)
            {
                best2 = wall;
                cores2 = (ChildrenCpu() - before) / wall;
            }
        }
    }
    Row("runs/s --jobs 1", Fixed(jobsRuns / best1, 0), "", true);
    Row("runs/s --jobs 2", Fixed(jobsRuns / best2, 0), "", true);
    Row("  cores the 2 workers got (CPU / wall)", Fixed(cores2, 2), "", true);
    ok = best1 / best2 >= 1.8;
    allOk &= ok;
    Row("  speed-up --jobs 2 / --jobs 1", Fixed(best1 / best2, 2, "x"), ">= 1.8x", ok);

    // 4. memory of a long sweep in one process
    // growth from the first 1,000 runs (fewer if --memoryRuns is small) on
    uint32_t warmRuns = std::min<uint32_t>(1000, memoryRuns / 2);
    double rss1000;
    double rssEnd;
    {
        TempSweep sweep(root, "memory", grid, false);
        Sweep(sweep.folder, grid, 0, warmRuns, 1, false);
        rss1000 = ResidentMb();
        Sweep(sweep.folder, grid, warmRuns, memoryRuns, 1, false);
        rssEnd = ResidentMb();
    }
    Row("resident MB after " + std::to_string(warmRuns) + " runs", Fixed(rss1000, 1), "", true);
    Row("resident MB after " + std::to_string(memoryRuns) + " runs", Fixed(rssEnd, 1), "", true);
    ok = rssEnd - rss1000 < 5.0;
    allOk &= ok;
    Row("  growth", Fixed(rssEnd - rss1000, 2, " MB"), "< 5 MB", ok);

    // 5. a reuse run (k = 2 incarnations on one 4-tuple, the path keeping
    //    1 % of the segments as late copies) against a single close of the
    //    default scenario, bare runs in interleaved rounds, median ratio
    std::vector<double> reuseRatios;
    double reuseCpu[2] = {0.0, 0.0};
    for (uint32_t round = 0; round <= recordingRounds; ++round) // round 0: warm-up
    {
        double cost[2];
        for (int step = 0; step < 2; ++step)
        {
            int which = round % 2 ? 1 - step : step; // alternate the order
            double t0 = CpuNow();
            for (uint64_t i = 0; i < recordingRuns; ++i)
            {
                TeardownParams p = grid.RunParams(round * recordingRuns + i);
                if (which == 1)
                {
                    p.incarnations = 2;
                    p.keepA2B = p.keepB2A = 0.01;
                    p.keepCopy = "yes";
                }
                TeardownScenario(p).Run(i);
            }
            cost[which] = CpuNow() - t0;
        }
        if (round > 0)
        {
            reuseCpu[0] += cost[0];
            reuseCpu[1] += cost[1];
            reuseRatios.push_back(cost[1] / cost[0]);
        }
    }
    Row("CPU ms/run, single close (bare)", Fixed(1000 * reuseCpu[0] / recordedRuns, 3), "", true);
    Row("CPU ms/run, reuse k = 2, keep 1 % (bare)",
        Fixed(1000 * reuseCpu[1] / recordedRuns, 3),
        "",
        true);
    ok = median(reuseRatios) <= 2.5;
    allOk &= ok;
    Row("  reuse k = 2 / single close, median", Fixed(median(reuseRatios), 2, "x"), "<= 2.5x", ok);

    std::getline(std::ifstream("/proc/loadavg") >> std::ws, load);
    std::cout << "\nload average after: " << load << "\n";
    std::cout << (allOk ? "all targets met" : "some targets missed") << "\n";
    std::filesystem::remove_all(root, ec);
    return 0;
}
