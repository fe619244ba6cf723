/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_RUN_RESULT_H
#define TCP_TEARDOWN_RUN_RESULT_H

#include "reuse-damage.h"
#include "teardown-params.h"

#include "ns3/close-outcome.h"
#include "ns3/close-recorder.h"
#include "ns3/loss-plan.h"

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief Metrics of one endpoint in one run.
 */
struct EndpointResult
{
    CloseOutcome outcome{CloseOutcome::OPEN};           //!< how it ended
    TcpSocket::TcpStates_t endState{TcpSocket::CLOSED}; //!< state it ended in (or is in)
    double holdTimeS{-1.0}; //!< A's close call until this end is CLOSED (< 0: never)
    std::array<double, StateTimeline::N_STATES> dwellS{};    //!< per state (s)
    std::array<uint32_t, StateTimeline::N_STATES> entries{}; //!< per state
    uint32_t finTx{0};                                       //!< FIN segments sent (on the wire)
    uint32_t finRetx{0};                                     //!< of which retransmissions
    uint32_t rstTx{0};                                       //!< RST segments sent by this node
    uint32_t rstRx{0};      //!< RST segments that reached its socket (ns3-stock: its node)
    uint32_t dataRetx{0};   //!< data segments sent again
    uint32_t segmentsTx{0}; //!< segments sent
    uint32_t dropped{0};    //!< of its segments, lost on the link
    /** a RST ended TIME_WAIT early (the close had completed: outcome orderly) */
    bool timeWaitCut{false};
    /** TIME_WAIT left when a RST cut it (s; -1: not cut) */
    double timeWaitRemainingS{-1.0};
    /** its application called Close() (not only ShutdownSend): FinWait2Timeout applies */
    bool orphaned{false};
    /**
     * bytes of its send buffer (unsent, or sent and unacknowledged) its stack
     * dropped when a RST ended the connection (-1: not measured, ns3-stock)
     */
    int64_t flushedBytes{-1};
    /**
     * bytes it received in sequence that its application never read because
     * a RST ended the connection (-1: not measured, ns3-stock)
     */
    int64_t unreadDiscardedBytes{-1};
};

struct RunResult;

/**
 * \ingroup tcp-teardown
 * \brief One column of runs.csv: its name, role and type, and how a row's
 *        value is written. RunResult::ColumnSpecs() is the only list of them.
 */
struct ColumnSpec
{
    std::string name;       //!< column name, units in the name
    std::string role;       //!< id, parameter, config or metric
    std::string type;       //!< text, choice, number, seconds, count
    std::string unit;       //!< "s", "B", ... or ""
    std::string help;       //!< what it holds
    bool optional{false};   //!< may be empty (no value)
    bool summarised{false}; //!< summary.csv has statistics of it
    /** a rare event: summary.csv also counts the runs where it is above 0, with
        the exact (Clopper-Pearson) 95 % interval of their share */
    bool rare{false};
    std::vector<std::string> choices;                   //!< for choice columns
    std::function<std::string(const RunResult&)> value; //!< the row's cell
};

/**
 * \ingroup tcp-teardown
 * \brief The result row of one run: parameters, the configuration read back
 *        from the run's objects, and metrics.
 */
struct RunResult
{
    uint64_t runIndex{0};                         //!< index in a sweep (0 for a single run)
    TeardownParams params;                        //!< what was asked for
    std::map<std::string, std::string> effective; //!< column -> value read back after setup
    double closeCallS{-1.0};                      //!< when A called close
    uint64_t pendingAtCloseBytes{0}; //!< B's data not yet delivered to A at A's close call
    uint64_t deliveredBytes{0};      //!< delivered to A's application after its close call
    uint64_t discardedBytes{0};      //!< never sent by B (discarded unsent)
    uint64_t lostBytes{0};           //!< sent by B but never delivered
    double closeTimeS{-1.0};         //!< A's close call until both ends CLOSED (< 0: never)
    EndpointResult a;                //!< active closer
    EndpointResult b;                //!< passive closer
    std::vector<uint32_t> ruleDrops; //!< per drop rule
    uint32_t randomDropsA2B{0};      //!< random losses A->B
    uint32_t randomDropsB2A{0};      //!< random losses B->A
    uint32_t keptA2B{0};             //!< segments the path kept A->B
    uint32_t keptB2A{0};             //!< segments the path kept B->A
    ReuseDamage reuse;               //!< what old segments did to later incarnations

    /** \return the columns of runs.csv, in order */
    static const std::vector<ColumnSpec>& ColumnSpecs();
    /** \return the column names of runs.csv, units in the names */
    static const std::vector<std::string>& Columns();
    /**
     * \brief The columns of summary.csv: point_index, the parameters, runs,
     *        then n, mean, sd and ci95 of every summarised number, the
     *        share of every value of every summarised choice (the outcomes),
     *        and for every rare event the runs where it is above 0 with the
     *        Clopper-Pearson 95 % interval of their share.
     * \return per column, its name and the runs.csv column it comes from
     *         (nullptr for point_index and runs)
     */
    static std::vector<std::pair<std::string, const ColumnSpec*>> SummaryColumns();
    /** \return the names of the TCP states, as in the files */
    static std::vector<std::string> StateNames();
    /** \return this row's values, in Columns() order */
    std::vector<std::string> Values() const;
};

/**
 * \ingroup tcp-teardown
 * \brief The states that get dwell-time columns, with their column stem.
 * \return pairs of state and lower-case name (fin_wait_1, ...)
 */
const std::vector<std::pair<TcpSocket::TcpStates_t, std::string>>& RecordedStates();

} // namespace ns3

#endif /* TCP_TEARDOWN_RUN_RESULT_H */
