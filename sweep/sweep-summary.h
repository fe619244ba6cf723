/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_SWEEP_SUMMARY_H
#define TCP_TEARDOWN_SWEEP_SUMMARY_H

#include "sweep-grid.h"

#include "ns3/run-result.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief summary.csv: one row per grid point, computed from runs.csv.
 *
 * Columns: point_index; the point's parameters (as in runs.csv, plus those
 * runs.csv lacks: response_bytes = --pending); runs (rows of the
 * point); for every metric M of runs.csv (a column after the parameters
 * whose values are all numbers, or empty for "no value"): M_n (runs with a
 * value), M_mean, M_sd (sample standard deviation) and M_ci95 (half width of
 * the Student t 95 % confidence interval of the mean); for every outcome
 * column (a_outcome, b_outcome) and outcome O: <column>_O_frac, the fraction
 * of the point's runs that ended so. Columns of names or lists (end states,
 * rule_drops with several rules) are left out. Undefined statistics (sd of
 * one value) are empty.
 */
class SweepSummary
{
  public:
    /**
     * \param grid the grid runs.csv was made from
     * \param runsCsv the content of a complete runs.csv, in any order
     * \return the content of summary.csv
     * \throws std::runtime_error if runs.csv does not fit the grid
     */
    static std::string Compute(const SweepGrid& grid, const std::string& runsCsv);
};

} // namespace ns3

#endif /* TCP_TEARDOWN_SWEEP_SUMMARY_H */
