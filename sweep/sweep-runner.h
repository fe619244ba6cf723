/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_SWEEP_RUNNER_H
#define TCP_TEARDOWN_SWEEP_RUNNER_H

#include "sweep-grid.h"
#include "sweep-record.h"

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief Runs a list of a grid's runs, in this process or in forked workers.
 *
 * Runs execute one after another in a process (TeardownScenario::Run ends
 * with Simulator::Destroy). With several jobs, worker k of N runs the k-th,
 * (k+N)-th, ... run of the list, and streams each finished run through a
 * pipe to this process, which alone hands them to the sink (e.g.
 * SweepFolder::Append) as soon as they arrive. Workers die with this process
 * (PR_SET_PDEATHSIG), so a killed sweep leaves no orphans.
 */
class SweepRunner
{
  public:
    /** Receives finished runs; called in this process only. */
    using Sink = std::function<void(const std::vector<RunRecord>&)>;
    /** Called now and then with the number of runs finished so far. */
    using Progress = std::function<void(uint64_t finished)>;

    /** \brief A run or a worker failed; the runs finished before were delivered. */
    class Failure : public std::runtime_error
    {
      public:
        using std::runtime_error::runtime_error;
    };

    /** \param grid the grid the run indices refer to */
    explicit SweepRunner(const SweepGrid& grid);
    /** \param jobs processes (1: run in this process) */
    void SetJobs(uint32_t jobs);
    /**
     * \param transitions format state transitions
     * \param segments format segment logs
     */
    void SetDetails(bool transitions, bool segments);

    /**
     * \brief Run them.
     * \param indices run indices
     * \param sink receives every finished run exactly once
     * \param progress progress callback (may be empty)
     * \throws Failure if a run failed or the sweep was stopped (RequestStop)
     */
    void Run(const std::vector<uint64_t>& indices, const Sink& sink, const Progress& progress);

    /**
     * \brief Run one run of a grid in this process.
     * \param grid the grid
     * \param runIndex the run
     * \param transitions format its state transitions
     * \param segments format its segment log
     * \return its lines
     */
    static RunRecord RunOne(const SweepGrid& grid,
                            uint64_t runIndex,
                            bool transitions,
                            bool segments);

    /** \return the number of CPUs this process may use */
    static uint32_t AvailableCores();
    /** \brief Make Run() stop soon (async-signal-safe: call it from a signal handler). */
    static void RequestStop();
    /** \return whether RequestStop() was called */
    static bool StopRequested();

  private:
    /** Run in this process. */
    void RunHere(const std::vector<uint64_t>& indices, const Sink& sink, const Progress& progress);
    /** Run in forked workers. */
    void RunForked(const std::vector<uint64_t>& indices,
                   const Sink& sink,
                   const Progress& progress);
    /** The body of a worker process. */
    [[noreturn]] void WorkerMain(const std::vector<uint64_t>& indices, int fd, pid_t parent);
    /** \return a line naming a run and how to run it alone */
    std::string Describe(uint64_t runIndex) const;

    SweepGrid m_grid;          //!< the grid
    uint32_t m_jobs{1};        //!< processes
    bool m_transitions{false}; //!< format transitions
    bool m_segments{false};    //!< format segments
};

} // namespace ns3

#endif /* TCP_TEARDOWN_SWEEP_RUNNER_H */
