/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_SWEEP_GRID_H
#define TCP_TEARDOWN_SWEEP_GRID_H

#include "ns3/teardown-params.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief A bad value for one key of a sweep grid (the caller names where it came from).
 */
class GridValueError : public std::invalid_argument
{
  public:
    /**
     * \param key the grid key, e.g. "loss"
     * \param value the bad value as text
     * \param why what is wrong
     */
    GridValueError(const std::string& key, const std::string& value, const std::string& why);
    std::string key;   //!< the grid key
    std::string value; //!< the bad value
    std::string why;   //!< what is wrong
};

/**
 * \ingroup tcp-teardown
 * \brief A parameter sweep: a list of values per parameter, their Cartesian
 *        product (the grid points), and a number of replications per point.
 *
 * The keys are the run parameters of ParamSchema::Parameters(). A run is a
 * grid point (one value of every parameter) and a replication. Every run has
 * a stable index and a stable RngRun that depend only on the grid, never on
 * how the runs are split over processes, shards or attempts:
 *
 *     run_index = point_index * runs + replication
 *     RngRun    = rngRunBase + replication
 *
 * Points are numbered with the first parameter varying slowest. Runs of the
 * same replication share their RngRun at every point (common random
 * numbers), which sharpens comparisons between points.
 *
 * A grid that extends another (Extend) keeps the other's run indices and
 * numbers only its new runs, after them, in its own order: runs of the first
 * grid, then the runs the second added, and so on. So an extended sweep
 * keeps every row it had, byte for byte.
 *
 * Values are kept in a canonical text form (ParamSpec::Canonical), so two
 * grids given differently but meaning the same compare equal.
 */
class SweepGrid
{
  public:
    /** \return the keys of a sweep file and grid: the parameters, runs, rngRunBase, rngSeed */
    static std::string KeyNames();

    /** \brief A grid with every key at its default value and one run per point. */
    SweepGrid();

    /**
     * \brief Set the values of one key.
     * \param key a parameter name
     * \param values its values (at least one, no repeats)
     * \throws GridValueError for an unknown key or a bad value
     */
    void Set(const std::string& key, const std::vector<std::string>& values);
    /**
     * \param key a parameter name
     * \return its canonical values
     */
    const std::vector<std::string>& Get(const std::string& key) const;
    /** \param runs replications per point (>= 1) \throws GridValueError if 0 */
    void SetRuns(uint64_t runs);
    /** \param base RngRun of replication 0 */
    void SetRngRunBase(uint64_t base);
    /** \param seed ns-3 RngSeed of every run (>= 1) \throws GridValueError if 0 */
    void SetRngSeed(uint32_t seed);
    /** \return replications per point */
    uint64_t GetRuns() const;
    /** \return RngRun of replication 0 */
    uint64_t GetRngRunBase() const;
    /** \return the RngSeed */
    uint32_t GetRngSeed() const;

    /** \return the number of grid points */
    uint64_t GetPointCount() const;
    /** \return the number of runs (points x runs) */
    uint64_t GetRunCount() const;
    /**
     * \param point a point index
     * \return the parameters of that point's replication 0
     */
    TeardownParams PointParams(uint64_t point) const;
    /**
     * \param runIndex a run index below GetRunCount()
     * \return the index of its grid point (point-major order of this grid)
     */
    uint64_t PointOf(uint64_t runIndex) const;
    /**
     * \param point a point index
     * \return the canonical value of every parameter at that point, in schema order
     */
    std::vector<std::string> PointValues(uint64_t point) const;

    /**
     * \brief Make this grid extend another one: keep its run indices and
     *        number the runs it lacks after them.
     * \param old the grid being extended (with its own history)
     * \throws GridValueError if this grid lacks a value, a replication or
     *         the seeds of the old one
     */
    void Extend(const SweepGrid& old);
    /**
     * \brief Take the history of a grid with the same values (a resume of an
     *        extended sweep given by its last grid).
     * \param same a grid with SameValues()
     */
    void AdoptHistory(const SweepGrid& same);
    /**
     * \param other another grid
     * \return whether both have the same values, runs and seeds (history aside)
     */
    bool SameValues(const SweepGrid& other) const;
    /**
     * \param runIndex a run index below GetRunCount()
     * \return the run's parameters, RngRun included
     */
    TeardownParams RunParams(uint64_t runIndex) const;

    /** \return the grid as a JSON object (the sweep-file format) */
    nlohmann::ordered_json ToJson() const;
    /**
     * \brief Read a grid from a sweep file's JSON object.
     *
     * Keys are the parameter names plus runs, rngRunBase, rngSeed and extends
     * (the history of an extended grid); each value
     * is one value or an array of values. Keys not given keep their defaults.
     * \param json the parsed file
     * \return the grid
     * \throws GridValueError naming the key and value of the first problem
     */
    static SweepGrid FromJson(const nlohmann::ordered_json& json);
    /**
     * \brief Apply a sweep file's keys on top of this grid.
     * \param json the parsed file
     * \throws GridValueError naming the key and value of the first problem
     */
    void Apply(const nlohmann::ordered_json& json);

    /**
     * \brief The built-in study of the README: every variant x loss 0, 1, 2, 5,
     *        10, 20 and 30 % x MSL 1, 30 and 120 s x pending 1,000 and 20,000
     *        bytes, 100 runs per point (29,400 runs with seven variants).
     * \return the grid
     */
    static SweepGrid DefaultStudy();
    /**
     * \brief The old-duplicates study (doc/old-duplicates.md): four-way,
     *        four-way-no-timewait and three-way-direct x MSL 1 ms to 0.3 s x
     *        ISN ns3, rfc6528 and random x PAWS off and on; two incarnations, a 500-byte
     *        response, the path keeps 5 % of B's segments as copies held
     *        U(0, 0.1 s), L = 0.1 s; 3,000 runs per point (486,000 runs).
     * \return the grid
     */
    static SweepGrid OldDuplicatesStudy();
    /**
     * \param name a built-in study: default or old-duplicates
     * \return its grid
     * \throws GridValueError for another name
     */
    static SweepGrid Study(const std::string& name);

    /**
     * \param other another grid
     * \return "" if both are the same grid, else which keys differ and how
     */
    std::string Difference(const SweepGrid& other) const;

    /**
     * \brief Split a comma-separated list, trimming blanks around items.
     * \param text e.g. "0, 0.01,0.05"
     * \return the items (an empty text gives one empty item)
     */
    static std::vector<std::string> SplitList(const std::string& text);

  private:
    /** The values and replications of one grid of an extension history. */
    struct Generation
    {
        std::vector<std::vector<std::string>> values; //!< per parameter
        uint64_t runs{1};                             //!< replications per point
    };

    /** \return the index of key in the schema \throws GridValueError if unknown */
    static size_t IndexOf(const std::string& key);
    /** Check and canonicalise one value of parameter number k. */
    static std::string Canonical(size_t k, const std::string& value);
    /** Rebuild m_order from m_history. */
    void Renumber();
    /** \return the JSON form of one generation's values */
    static nlohmann::ordered_json ValuesJson(const Generation& g);
    /** \return the point-major run index in this grid of a generation's local run */
    bool LocalRun(const Generation& g, uint64_t local, uint64_t& mine) const;

    std::vector<std::vector<std::string>> m_values; //!< per parameter, canonical values
    uint64_t m_runs{1};                             //!< replications per point
    uint64_t m_rngRunBase{1};                       //!< RngRun of replication 0
    uint32_t m_rngSeed{1};                          //!< RngSeed
    std::vector<Generation> m_history;              //!< the grids this one extends, oldest first
    std::vector<uint64_t> m_order; //!< with a history: run index -> point-major run index
};

} // namespace ns3

#endif /* TCP_TEARDOWN_SWEEP_GRID_H */
