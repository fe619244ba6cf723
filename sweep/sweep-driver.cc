/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-driver.h"

#include "sweep-folder.h"
#include "sweep-runner.h"
#include "sweep-summary.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace ns3
{

namespace
{
/** Sort, summarise and record the end once the share is complete. */
void
Complete(SweepFolder& folder, SweepMeta& meta, uint64_t executed)
{
    const SweepIdentity& id = meta.GetIdentity();
    folder.Finish();
    if (id.shardCount == 1)
    {
        SweepDriver::WriteSummary(id.grid, folder.GetDir());
    }
    meta.SetEnd(executed, true);
    folder.WriteMeta(meta);
}
} // namespace

void
SweepDriver::WriteSummary(const SweepGrid& grid, const std::string& dir)
{
    std::ifstream in(dir + "/" + SweepFolder::RUNS, std::ios::binary);
    std::ostringstream runs;
    runs << in.rdbuf();
    std::string summary;
    try
    {
        summary = SweepSummary::Compute(grid, runs.str());
    }
    catch (const std::runtime_error& e)
    {
        throw SweepFolder::Error(std::string("cannot summarise: ") + e.what());
    }
    OutputFile::Replace(dir + "/" + SweepFolder::SUMMARY, summary);
}

uint64_t
SweepDriver::RunLocal(const SweepOptions& options)
{
    SweepMeta meta(options.identity, options.commandLine, options.jobs);
    SweepFolder folder(options.dir);
    folder.Open(meta, options.extend);
    std::vector<uint64_t> missing = folder.Missing();
    const SweepIdentity& id = meta.GetIdentity(); // with the folder's numbering history
    if (options.progress != SweepProgress::QUIET)
    {
        std::cerr << "tcp-teardown-sweep: " << id.grid.GetRunCount() << " runs ("
                  << id.grid.GetPointCount() << " points x " << id.grid.GetRuns() << ")";
        if (id.shardCount > 1)
        {
            std::cerr << ", shard " << id.shardIndex << "/" << id.shardCount << " has "
                      << id.ShareSize();
        }
        std::cerr << "; " << folder.GetDoneCount() << " done, " << missing.size() << " to run with "
                  << std::min<uint64_t>(options.jobs, missing.size()) << " job(s) -> "
                  << options.dir << std::endl;
    }
    SweepProgress progress(std::cerr, options.progress, id.ShareSize(), folder.GetDoneCount());
    SweepRunner runner(id.grid);
    runner.SetJobs(options.jobs);
    runner.SetDetails(id.transitions, id.segments);
    uint64_t executed = 0;
    try
    {
        runner.Run(
            missing,
            [&folder, &executed](const std::vector<RunRecord>& records) {
                folder.Append(records);
                executed += records.size();
            },
            [&progress](uint64_t finished) { progress.Update(finished); });
    }
    catch (...)
    {
        progress.Finish();
        meta.SetEnd(executed, false);
        folder.WriteMeta(meta);
        throw;
    }
    progress.Finish();
    Complete(folder, meta, executed);
    return executed;
}

uint64_t
SweepDriver::Merge(const SweepOptions& options)
{
    namespace fs = std::filesystem;
    SweepIdentity whole = options.identity;
    whole.shardIndex = 0;
    whole.shardCount = 1;
    SweepMeta meta(whole, options.commandLine, 1);
    SweepFolder folder(options.dir);
    folder.Open(meta, options.extend);

    std::vector<std::string> shardDirs;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(options.dir + "/shards", ec))
    {
        if (entry.is_directory())
        {
            shardDirs.push_back(entry.path().string());
        }
    }
    std::sort(shardDirs.begin(), shardDirs.end());
    if (shardDirs.empty() && !folder.IsComplete())
    {
        throw SweepFolder::Error("--merge: no shard folders in " + options.dir + "/shards/");
    }
    uint64_t merged = 0;
    uint64_t shardCount = 0;
    for (const auto& dir : shardDirs)
    {
        SweepIdentity shard;
        std::vector<RunRecord> records = SweepFolder::ReadRecords(dir, shard);
        std::string difference = shard.grid.Difference(meta.GetIdentity().grid);
        if (!difference.empty() || shard.transitions != whole.transitions ||
            shard.segments != whole.segments)
        {
            throw SweepFolder::Error(
                "--merge: " + dir + " holds another sweep" +
                (difference.empty() ? " (other detail files)" : " (" + difference + ")"));
        }
        if (shardCount != 0 && shard.shardCount != shardCount)
        {
            throw SweepFolder::Error("--merge: " + dir + " is one of " +
                                     std::to_string(shard.shardCount) + " shards, the others of " +
                                     std::to_string(shardCount));
        }
        shardCount = shard.shardCount;
        std::vector<RunRecord> fresh;
        for (auto& r : records)
        {
            if (!folder.IsDone(r.runIndex))
            {
                fresh.push_back(std::move(r));
            }
        }
        folder.Append(fresh);
        merged += fresh.size();
    }
    if (!folder.IsComplete())
    {
        std::vector<uint64_t> missing = folder.Missing();
        uint64_t first = missing.front();
        std::string which = shardCount == 0
                                ? std::string()
                                : " (the first is run " + std::to_string(first) + " of shard " +
                                      std::to_string(first % shardCount) + "/" +
                                      std::to_string(shardCount) + ")";
        meta.SetEnd(merged, false);
        folder.WriteMeta(meta);
        throw SweepFolder::Error("--merge: " + std::to_string(missing.size()) +
                                 " runs are in no shard folder" + which +
                                 "; rerun the shards that did not finish, then merge again");
    }
    Complete(folder, meta, merged);
    return merged;
}

} // namespace ns3
