/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "slurm-job.h"

#include "sweep-folder.h"
#include "sweep-process.h"

#include <cerrno>
#include <stdexcept>
#include <sys/stat.h>

namespace ns3
{

SlurmJob::SlurmJob(const std::string& program, const std::string& dir, uint64_t shards)
    : m_program(program),
      m_dir(dir),
      m_shards(shards)
{
}

void
SlurmJob::SetSweepArgs(const std::vector<std::string>& args)
{
    m_sweepArgs = args;
}

void
SlurmJob::SetMergeArgs(const std::vector<std::string>& args)
{
    m_mergeArgs = args;
}

void
SlurmJob::SetCpusPerTask(uint32_t cpus)
{
    m_cpus = cpus;
}

void
SlurmJob::SetPartition(const std::string& partition)
{
    m_partition = partition;
}

void
SlurmJob::SetTimeLimit(const std::string& limit)
{
    m_timeLimit = limit;
}

std::string
SlurmJob::Options(const std::string& name, const std::string& log) const
{
    std::string options = "#!/bin/bash\n"
                          "# Written by tcp-teardown-sweep --slurm; submit with submit.sh.\n"
                          "#SBATCH --job-name=" +
                          name + "\n#SBATCH --output=" + m_dir + "/slurm/" + log + "\n";
    if (!m_partition.empty())
    {
        options += "#SBATCH --partition=" + m_partition + "\n";
    }
    if (!m_timeLimit.empty())
    {
        options += "#SBATCH --time=" + m_timeLimit + "\n";
    }
    return options;
}

std::string
SlurmJob::ShardsScript() const
{
    std::vector<std::string> args = {m_program};
    args.insert(args.end(), m_sweepArgs.begin(), m_sweepArgs.end());
    return Options("tcp-teardown-shards", "shard-%a.out") + "#SBATCH --array=0-" +
           std::to_string(m_shards - 1) +
           "\n#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=" + std::to_string(m_cpus) +
           "\nset -eu\n"
           "shard=\"$SLURM_ARRAY_TASK_ID\"\n"
           "exec " +
           ShellQuote(args) + " \"--shard=$shard/" + std::to_string(m_shards) +
           "\" \"--outputDir=" + m_dir + "/shards/$shard\" \"--jobs=${SLURM_CPUS_PER_TASK:-1}\"\n";
}

std::string
SlurmJob::MergeScript() const
{
    std::vector<std::string> args = {m_program};
    args.insert(args.end(), m_sweepArgs.begin(), m_sweepArgs.end());
    args.insert(args.end(), m_mergeArgs.begin(), m_mergeArgs.end());
    args.push_back("--merge");
    args.push_back("--outputDir=" + m_dir);
    return Options("tcp-teardown-merge", "merge.out") +
           "#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\nset -eu\nexec " + ShellQuote(args) +
           "\n";
}

std::string
SlurmJob::SubmitScript() const
{
    std::string slurm = ShellQuote({m_dir + "/slurm"});
    return "#!/bin/sh\n"
           "# Submits the shards as a job array and the merge to run once all succeeded.\n"
           "set -eu\n"
           "array=$(sbatch --parsable " +
           slurm + "/shards.sbatch)\narray=${array%%;*}\n" +
           "merge=$(sbatch --parsable --dependency=afterok:$array --kill-on-invalid-dep=yes " +
           slurm + "/merge.sbatch)\nmerge=${merge%%;*}\n" +
           "echo \"array job $array, merge job $merge\"\n";
}

void
SlurmJob::Write() const
{
    std::string dir = m_dir + "/slurm";
    if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST)
    {
        throw std::runtime_error("cannot create " + dir);
    }
    OutputFile::Replace(dir + "/shards.sbatch", ShardsScript());
    OutputFile::Replace(dir + "/merge.sbatch", MergeScript());
    OutputFile::Replace(dir + "/submit.sh", SubmitScript());
    chmod((dir + "/submit.sh").c_str(), 0755);
}

std::string
SlurmJob::Submit() const
{
    std::string output;
    int status = RunProgram({"sh", m_dir + "/slurm/submit.sh"}, &output);
    while (!output.empty() && output.back() == '\n')
    {
        output.pop_back();
    }
    if (status != 0)
    {
        throw std::runtime_error("submitting with sbatch failed (status " + std::to_string(status) +
                                 ")" + (output.empty() ? std::string() : ": " + output));
    }
    return output;
}

} // namespace ns3
