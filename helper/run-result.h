/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_RUN_RESULT_H
#define TCP_TEARDOWN_RUN_RESULT_H

#include "teardown-params.h"

#include "ns3/close-outcome.h"
#include "ns3/close-recorder.h"
#include "ns3/loss-plan.h"

#include <array>
#include <cstdint>
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
    uint32_t rstRx{0};      //!< RST segments that reached this node
    uint32_t dataRetx{0};   //!< data segments sent again
    uint32_t segmentsTx{0}; //!< segments sent
    uint32_t dropped{0};    //!< of its segments, lost on the link
    /** a RST ended TIME_WAIT early (the close had completed: outcome orderly) */
    bool timeWaitCut{false};
    /** TIME_WAIT left when a RST cut it (s; -1: not cut) */
    double timeWaitRemainingS{-1.0};
};

/**
 * \ingroup tcp-teardown
 * \brief The result row of one run: parameters and metrics.
 */
struct RunResult
{
    uint64_t runIndex{0};            //!< index in a sweep (0 for a single run)
    TeardownParams params;           //!< what was run
    double closeCallS{-1.0};         //!< when A called close
    double minRtoS{0.0};             //!< A's MinRto (the floor of the retransmission timeout)
    uint64_t pendingBytes{0};        //!< B's data not yet delivered to A at A's close call
    uint64_t deliveredBytes{0};      //!< delivered to A's application after its close call
    uint64_t discardedBytes{0};      //!< never sent by B (discarded unsent)
    uint64_t lostBytes{0};           //!< sent by B but never delivered
    double closeTimeS{-1.0};         //!< A's close call until both ends CLOSED (< 0: never)
    EndpointResult a;                //!< active closer
    EndpointResult b;                //!< passive closer
    std::vector<uint32_t> ruleDrops; //!< per drop rule
    uint32_t randomDropsA2B{0};      //!< random losses A->B
    uint32_t randomDropsB2A{0};      //!< random losses B->A

    /** \return the column names of runs.csv, units in the names */
    static const std::vector<std::string>& Columns();
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
