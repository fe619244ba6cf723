/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_SLURM_JOB_H
#define TCP_TEARDOWN_SLURM_JOB_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief A sweep as Slurm jobs: a job array with one task per shard, and a
 *        merge job that runs once every shard has succeeded.
 *
 * Writes, in DIR/slurm/: shards.sbatch (task I runs
 * `tcp-teardown-sweep ... --shard=I/N --outputDir=DIR/shards/I`),
 * merge.sbatch (`tcp-teardown-sweep ... --merge --outputDir=DIR`, which
 * writes DIR/runs.csv and DIR/summary.csv as a local sweep would), and
 * submit.sh, which submits both with `--dependency=afterok`.
 */
class SlurmJob
{
  public:
    /**
     * \param program absolute path of tcp-teardown-sweep
     * \param dir absolute path of the sweep's output folder
     * \param shards number of array tasks
     */
    SlurmJob(const std::string& program, const std::string& dir, uint64_t shards);
    /** \param args flags every task and the merge get (e.g. --sweep=DIR/sweep.json) */
    void SetSweepArgs(const std::vector<std::string>& args);
    /** \param args flags only the merge gets (e.g. --plot) */
    void SetMergeArgs(const std::vector<std::string>& args);
    /** \param cpus CPUs per array task (its --jobs) */
    void SetCpusPerTask(uint32_t cpus);
    /** \param partition Slurm partition ("" for the cluster's default) */
    void SetPartition(const std::string& partition);
    /** \param limit time limit of each task, e.g. 1:00:00 ("" for the default) */
    void SetTimeLimit(const std::string& limit);

    /** \return the job array script */
    std::string ShardsScript() const;
    /** \return the merge job script */
    std::string MergeScript() const;
    /** \return a shell script that submits both */
    std::string SubmitScript() const;
    /**
     * \brief Write the three scripts to DIR/slurm/.
     * \throws std::runtime_error if they cannot be written
     */
    void Write() const;
    /**
     * \brief Submit the written scripts with sbatch.
     * \return "array job A, merge job M"
     * \throws std::runtime_error with sbatch's message if it fails
     */
    std::string Submit() const;

  private:
    /** \return the #SBATCH lines shared by both jobs */
    std::string Options(const std::string& name, const std::string& log) const;

    std::string m_program;                //!< tcp-teardown-sweep
    std::string m_dir;                    //!< output folder
    uint64_t m_shards;                    //!< array size
    std::vector<std::string> m_sweepArgs; //!< flags of all jobs
    std::vector<std::string> m_mergeArgs; //!< flags of the merge
    uint32_t m_cpus{1};                   //!< CPUs per task
    std::string m_partition;              //!< partition
    std::string m_timeLimit;              //!< time limit
};

} // namespace ns3

#endif /* TCP_TEARDOWN_SLURM_JOB_H */
