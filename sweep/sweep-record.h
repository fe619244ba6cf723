/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_SWEEP_RECORD_H
#define TCP_TEARDOWN_SWEEP_RECORD_H

#include "ns3/teardown-scenario.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief One finished run of a sweep, as the lines it adds to the output files.
 *
 * Workers format their runs; the process that owns the output folder only
 * appends these lines. Every text holds whole lines, each ending in '\n'.
 */
struct RunRecord
{
    uint64_t runIndex{0};    //!< the run's index in the grid
    std::string run;         //!< its runs.csv line
    std::string transitions; //!< its transitions.csv lines (may be empty)
    std::string segments;    //!< its segments.csv lines (may be empty)

    /**
     * \param output a run
     * \param transitions format its state transitions
     * \param segments format its segment log
     * \return the run's lines
     */
    static RunRecord FromOutput(const RunOutput& output, bool transitions, bool segments);
};

} // namespace ns3

#endif /* TCP_TEARDOWN_SWEEP_RECORD_H */
