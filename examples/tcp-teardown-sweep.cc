/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * tcp-teardown-sweep: a grid of runs of the close experiment, on every core,
 * resumable, and out to a cluster through Slurm.
 *
 *   tcp-teardown-sweep --study=default --plot
 *   tcp-teardown-sweep --variants=four-way,three-way --loss=0,0.01,0.05 --msl=0.5,1,30 \
 *                      --runs=100 --outputDir=results/loss
 *   tcp-teardown-sweep --sweep=study.json --outputDir=results/study   (same again: resumes)
 *   tcp-teardown-sweep --sweep=study.json --outputDir=/shared/study --slurm --shards=16 --submit
 *
 * See doc/sweeps.md.
 */

#include "ns3/close-variant.h"
#include "ns3/core-module.h"
#include "ns3/csv-file.h"
#include "ns3/drop-rule.h"
#include "ns3/output-file.h"
#include "ns3/param-command-line.h"
#include "ns3/param-schema.h"
#include "ns3/result-schema.h"
#include "ns3/slurm-job.h"
#include "ns3/sweep-driver.h"
#include "ns3/sweep-folder.h"
#include "ns3/sweep-grid.h"
#include "ns3/sweep-process.h"
#include "ns3/sweep-runner.h"

#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>

using namespace ns3;

namespace
{
/** Whether a flag is on the command line (so that it overrides a sweep file). */
bool
Given(int argc, char* argv[], const std::string& name)
{
    std::string flag = "--" + name;
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        if (arg == flag || arg.rfind(flag + "=", 0) == 0)
        {
            return true;
        }
    }
    return false;
}

/** The key whose value a JSON syntax error is in (the last key before it). */
std::string
KeyBefore(const std::string& text, size_t byte)
{
    static const std::regex key("\"([^\"\\\\]*)\"\\s*:");
    std::string prefix = text.substr(0, std::min(byte, text.size()));
    std::string last;
    for (auto it = std::sregex_iterator(prefix.begin(), prefix.end(), key);
         it != std::sregex_iterator();
         ++it)
    {
        last = (*it)[1];
    }
    return last;
}

/** Read a sweep file's keys on top of a grid. */
void
ApplySweepFile(SweepGrid& grid, const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        throw ParamError("--sweep", path, std::string("cannot read it: ") + std::strerror(errno));
    }
    std::ostringstream text;
    text << in.rdbuf();
    nlohmann::ordered_json json;
    try
    {
        json = nlohmann::ordered_json::parse(text.str());
    }
    catch (const nlohmann::ordered_json::parse_error& e)
    {
        std::string key = KeyBefore(text.str(), e.byte);
        throw ParamError("--sweep",
                         path,
                         "malformed JSON" +
                             (key.empty() ? "" : " in the value of key \"" + key + "\"") + ": " +
                             e.what());
    }
    try
    {
        grid.Apply(json);
    }
    catch (const GridValueError& e)
    {
        throw ParamError("--sweep", path, e.what());
    }
}

/** Run plots/make_figures.py on a finished sweep; false if it could not. */
bool
Plot(const std::string& dir)
{
    std::string source = SweepMeta::SourceDir();
    std::string script = source + "/plots/make_figures.py";
    if (source.empty() || !std::filesystem::exists(script))
    {
        std::cerr << "tcp-teardown-sweep: --plot: "
                  << (source.empty() ? std::string("the module's source tree was not found (set "
                                                   "TCP_TEARDOWN_SOURCE_DIR)")
                                     : script + " does not exist")
                  << "; no figures were made (the results are in " << dir << ")" << std::endl;
        return false;
    }
    std::vector<std::string> command =
        {"/usr/bin/python3", script, "--results", dir, "--out", dir + "/figures"};
    std::cerr << "tcp-teardown-sweep: " << ShellQuote(command) << std::endl;
    int status = RunProgram(command, nullptr);
    if (status != 0)
    {
        std::cerr << "tcp-teardown-sweep: --plot: make_figures.py failed (status " << status
                  << "); the results are in " << dir << std::endl;
        return false;
    }
    std::cerr << "tcp-teardown-sweep: figures in " << dir << "/figures" << std::endl;
    return true;
}

void
OnSignal(int)
{
    SweepRunner::RequestStop();
}
} // namespace

int
main(int argc, char* argv[])
{
    std::string runs = "1";
    std::string sweepFile;
    std::string study;
    std::string outputDir = "results/sweep";
    std::string jobsText = "0";
    std::string shard;
    bool extend = false;
    bool transitions = false;
    bool segments = false;
    bool quiet = false;
    bool merge = false;
    bool plot = false;
    bool printSchema = false;
    bool slurm = false;
    bool submit = false;
    std::string shardsText = "4";
    std::string slurmCpusText = "1";
    std::string slurmPartition;
    std::string slurmTime;

    CommandLine cmd(__FILE__);
    cmd.Usage(
        "A parameter sweep of the TCP close experiment: every combination of the listed values "
        "(comma-separated), --runs replications each, run on --jobs cores. Each run has a "
        "stable index and RngRun (= --RngRun + replication), so results never depend on how "
        "the sweep is split. Rerunning the same command resumes it.\n"
        "Outputs in --outputDir: runs.csv, summary.csv, meta.json (and transitions.csv, "
        "segments.csv on request).\nVariants: " +
        CloseVariant::Names() + ".\nTargeted loss (--drop): " + DropRule::Syntax() +
        "; rules of one set joined by ';', sets by ','.");
    std::unique_ptr<ParamCommandLine> params;
    try
    {
        params = std::make_unique<ParamCommandLine>(argc, argv);
    }
    catch (const ParamError& e)
    {
        std::cerr << "tcp-teardown-sweep: error: " << e.what() << std::endl;
        return 2;
    }
    params->AddTo(cmd, true);
    cmd.AddValue("printSchema", "print the schema of the outputs (JSON) and exit", printSchema);
    cmd.AddValue("runs", "replications per grid point", runs);
    cmd.AddValue("sweep",
                 "JSON sweep file (keys as the flags; flags given override it)",
                 sweepFile);
    cmd.AddValue(
        "study",
        "a built-in study: default (every variant x loss 0-20 % x 4 MSLs x B's work "
        "left at A's FIN 0-0.5 s x A's final ACK lost or not, 20,000-byte response, "
        "closeDelay 0.1 s, 40 runs each: 56,000 runs) or old-duplicates (two incarnations, "
        "old copies of B's segments, 3 variants x 9 MSLs x 3 ISN choices x PAWS off, on, "
        "3,000 runs "
        "each: 486,000 runs; doc/old-duplicates.md)",
        study);
    cmd.AddValue("outputDir", "output folder", outputDir);
    cmd.AddValue("jobs", "worker processes (0: every core)", jobsText);
    cmd.AddValue("shard", "I/N: run only the runs with run_index % N == I", shard);
    cmd.AddValue("extend", "accept a folder holding another grid; keep its runs", extend);
    cmd.AddValue("transitions", "also write transitions.csv", transitions);
    cmd.AddValue("segments", "also write segments.csv", segments);
    cmd.AddValue("quiet", "no progress output", quiet);
    cmd.AddValue("merge", "merge <outputDir>/shards/*/ into <outputDir>", merge);
    cmd.AddValue("plot", "run plots/make_figures.py on the results", plot);
    cmd.AddValue("slurm",
                 "write Slurm job scripts to <outputDir>/slurm/ instead of running",
                 slurm);
    cmd.AddValue("shards", "with --slurm: array tasks", shardsText);
    cmd.AddValue("submit", "with --slurm: submit the jobs with sbatch", submit);
    cmd.AddValue("slurmCpus", "with --slurm: CPUs (--jobs) per array task", slurmCpusText);
    cmd.AddValue("slurmPartition", "with --slurm: partition", slurmPartition);
    cmd.AddValue("slurmTime", "with --slurm: time limit per task, e.g. 1:00:00", slurmTime);
    try
    {
        params->Parse(cmd, argc, argv);
    }
    catch (const ParamError& e)
    {
        std::cerr << "tcp-teardown-sweep: error: " << e.what() << std::endl;
        return 2;
    }
    if (printSchema)
    {
        std::cout << ResultSchema::Json() << std::endl;
        return 0;
    }

    std::vector<std::string> args(argv, argv + argc);
    try
    {
        // the grid: built-in study, then the sweep file, then the flags given
        SweepGrid grid;
        if (!study.empty())
        {
            if (study != "default" && study != "old-duplicates")
            {
                throw ParamError("--study",
                                 study,
                                 "unknown study (known: default, old-duplicates)");
            }
            grid = SweepGrid::Study(study);
        }
        if (!sweepFile.empty())
        {
            ApplySweepFile(grid, sweepFile);
        }
        for (const ParamSpec& spec : ParamSchema::Parameters())
        {
            if (!params->Given(spec.name))
            {
                continue;
            }
            try
            {
                grid.Set(spec.name, SweepGrid::SplitList(params->Text(spec.name)));
            }
            catch (const GridValueError& e)
            {
                throw ParamError(spec.Flag(), e.value, e.why);
            }
        }
        try
        {
            if (Given(argc, argv, "runs"))
            {
                grid.SetRuns(ParamCommandLine::WholeNumber("--runs", runs, 1));
            }
            if (Given(argc, argv, "RngRun"))
            {
                grid.SetRngRunBase(RngSeedManager::GetRun());
            }
            if (Given(argc, argv, "RngSeed"))
            {
                grid.SetRngSeed(RngSeedManager::GetSeed());
            }
        }
        catch (const GridValueError& e)
        {
            throw ParamError("--" + e.key, e.value, e.why);
        }

        SweepOptions options;
        options.identity.grid = grid;
        options.identity.configuration = SweepMeta::Configuration(grid);
        options.identity.transitions = transitions;
        options.identity.segments = segments;
        if (!shard.empty())
        {
            size_t slash = shard.find('/');
            if (slash == std::string::npos)
            {
                throw ParamError("--shard", shard, "expected I/N, e.g. 0/4");
            }
            options.identity.shardIndex =
                ParamCommandLine::WholeNumber("--shard", shard.substr(0, slash), 0);
            options.identity.shardCount =
                ParamCommandLine::WholeNumber("--shard", shard.substr(slash + 1), 1);
            if (options.identity.shardIndex >= options.identity.shardCount)
            {
                throw ParamError("--shard", shard, "I must be below N");
            }
        }
        if ((merge || slurm) && !shard.empty())
        {
            throw ParamError("--shard", shard, "not with --merge or --slurm");
        }
        if (merge && slurm)
        {
            throw ParamError("--merge", "true", "not with --slurm");
        }
        // at most one worker, CPU or array task per run is useful; the
        // bounds keep a typing error from forking millions of processes
        uint64_t jobs = ParamCommandLine::WholeNumber("--jobs", jobsText, 0, 4096);
        uint64_t shards = ParamCommandLine::WholeNumber("--shards", shardsText, 1, 1000000);
        uint64_t slurmCpus = ParamCommandLine::WholeNumber("--slurmCpus", slurmCpusText, 1, 4096);
        if (outputDir.empty())
        {
            throw ParamError("--outputDir", "", "needs a folder");
        }
        options.dir = outputDir;
        options.jobs = jobs == 0 ? SweepRunner::AvailableCores() : static_cast<uint32_t>(jobs);
        options.extend = extend;
        options.progress = SweepProgress::StyleForStderr(quiet);
        options.commandLine = ShellQuote(args);

        std::signal(SIGPIPE, SIG_IGN);
        struct sigaction action = {};
        action.sa_handler = OnSignal;
        sigemptyset(&action.sa_mask);
        for (int sig : {SIGINT, SIGTERM, SIGHUP})
        {
            sigaction(sig, &action, nullptr);
        }

        if (slurm)
        {
            std::error_code ec;
            std::string dir = std::filesystem::absolute(outputDir, ec).lexically_normal().string();
            while (dir.size() > 1 && dir.back() == '/')
            {
                dir.pop_back();
            }
            try
            {
                OutputFile::PrepareDirectory(dir);
            }
            catch (const std::runtime_error& e)
            {
                throw ParamError("--outputDir", outputDir, e.what());
            }
            std::ifstream existing(dir + "/" + SweepFolder::META);
            if (existing)
            {
                SweepIdentity old;
                try
                {
                    old = SweepMeta::IdentityOf(nlohmann::ordered_json::parse(existing));
                }
                catch (const std::exception& e)
                {
                    throw SweepFolder::Error(dir + "/" + SweepFolder::META + ": " + e.what());
                }
                // the shards number the runs as the folder does: with its history
                if (old.grid.SameValues(grid))
                {
                    grid.AdoptHistory(old.grid);
                }
                else if (!extend)
                {
                    throw SweepFolder::Error("the folder holds another sweep (" +
                                             old.grid.Difference(grid) +
                                             "); add --extend, or use another --outputDir");
                }
                else
                {
                    try
                    {
                        grid.Extend(old.grid);
                    }
                    catch (const GridValueError& e)
                    {
                        throw SweepFolder::Error(e.what());
                    }
                }
            }
            std::string program = std::filesystem::read_symlink("/proc/self/exe", ec).string();
            std::string sweepJson = dir + "/sweep.json";
            OutputFile::Replace(sweepJson, grid.ToJson().dump(2) + "\n");
            SlurmJob job(program, dir, shards);
            std::vector<std::string> sweepArgs = {"--sweep=" + sweepJson};
            for (const auto& flag : {std::make_pair("--transitions", transitions),
                                     std::make_pair("--segments", segments),
                                     std::make_pair("--extend", extend)})
            {
                if (flag.second)
                {
                    sweepArgs.push_back(flag.first);
                }
            }
            job.SetSweepArgs(sweepArgs);
            job.SetMergeArgs(plot ? std::vector<std::string>{"--plot"}
                                  : std::vector<std::string>{});
            job.SetCpusPerTask(static_cast<uint32_t>(slurmCpus));
            job.SetPartition(slurmPartition);
            job.SetTimeLimit(slurmTime);
            job.Write();
            std::cout << "wrote " << dir << "/slurm/shards.sbatch (" << shards
                      << " array tasks), merge.sbatch and submit.sh; grid in " << sweepJson << "\n";
            if (submit)
            {
                std::cout << "submitted: " << job.Submit() << "\n";
            }
            else
            {
                std::cout << "submit with: sh " << dir << "/slurm/submit.sh\n";
            }
            return 0;
        }

        auto start = std::chrono::steady_clock::now();
        uint64_t executed = merge ? SweepDriver::Merge(options) : SweepDriver::RunLocal(options);
        double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!quiet)
        {
            std::cerr << "tcp-teardown-sweep: " << (merge ? "merged " : "ran ") << executed
                      << " runs in " << SweepProgress::Clock(seconds) << "; " << outputDir
                      << "/runs.csv" << (options.identity.shardCount == 1 ? ", summary.csv" : "")
                      << ", meta.json" << std::endl;
        }
        if (plot && options.identity.shardCount == 1 && !Plot(outputDir))
        {
            return 3;
        }
    }
    catch (const ParamError& e)
    {
        std::cerr << "tcp-teardown-sweep: error: " << e.what() << std::endl;
        return 2;
    }
    catch (const SweepFolder::Error& e)
    {
        std::cerr << "tcp-teardown-sweep: error: --outputDir=" << outputDir << ": " << e.what()
                  << std::endl;
        return 2;
    }
    catch (const SweepRunner::Failure& e)
    {
        std::cerr << "tcp-teardown-sweep: " << e.what() << "\ntcp-teardown-sweep: the finished "
                  << "runs are saved in " << outputDir << "; rerun the same command to run the rest"
                  << std::endl;
        return SweepRunner::StopRequested() ? 130 : 1;
    }
    catch (const std::runtime_error& e)
    {
        std::cerr << "tcp-teardown-sweep: error: " << e.what() << std::endl;
        return 1;
    }
    return 0;
}
