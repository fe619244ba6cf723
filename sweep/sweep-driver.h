/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_SWEEP_DRIVER_H
#define TCP_TEARDOWN_SWEEP_DRIVER_H

#include "sweep-meta.h"
#include "sweep-progress.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief Everything a sweep needs besides its grid.
 */
struct SweepOptions
{
    SweepIdentity identity;                              //!< grid, share, detail files
    std::string dir;                                     //!< output folder
    uint32_t jobs{1};                                    //!< worker processes
    bool extend{false};                                  //!< accept a folder with another grid
    SweepProgress::Style progress{SweepProgress::QUIET}; //!< progress display
    std::string commandLine;                             //!< for meta.json
};

/**
 * \ingroup tcp-teardown
 * \brief The two things a sweep does with its folder: run what is missing
 *        there, or merge the shard folders below it.
 *
 * Both end, once the folder holds its whole share, with runs.csv (and the
 * detail files) sorted by run_index, summary.csv (if the share is the whole
 * grid) and meta.json.
 */
class SweepDriver
{
  public:
    /**
     * \brief Run the share's missing runs in the folder (resuming a sweep).
     * \param options the sweep
     * \return runs executed
     * \throws SweepFolder::Error if the folder cannot be used
     * \throws SweepRunner::Failure if a run failed or the sweep was stopped
     */
    static uint64_t RunLocal(const SweepOptions& options);
    /**
     * \brief Merge the shard folders options.dir/shards/<I>/ into options.dir.
     * \param options the sweep (the whole grid)
     * \return runs taken from the shards
     * \throws SweepFolder::Error if a shard does not fit or runs are missing
     */
    static uint64_t Merge(const SweepOptions& options);
    /**
     * \brief Write summary.csv from the folder's sorted runs.csv.
     * \param grid the grid
     * \param dir the folder
     */
    static void WriteSummary(const SweepGrid& grid, const std::string& dir);
};

} // namespace ns3

#endif /* TCP_TEARDOWN_SWEEP_DRIVER_H */
