/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "run-result.h"

#include "ns3/log.h"

#include <cstdio>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownRunResult");

const std::vector<std::pair<TcpSocket::TcpStates_t, std::string>>&
RecordedStates()
{
    static const std::vector<std::pair<TcpSocket::TcpStates_t, std::string>> states = {
        {TcpSocket::ESTABLISHED, "established"},
        {TcpSocket::FIN_WAIT_1, "fin_wait_1"},
        {TcpSocket::FIN_WAIT_2, "fin_wait_2"},
        {TcpSocket::CLOSING, "closing"},
        {TcpSocket::TIME_WAIT, "time_wait"},
        {TcpSocket::CLOSE_WAIT, "close_wait"},
        {TcpSocket::LAST_ACK, "last_ack"},
    };
    return states;
}

namespace
{
std::string
Num(double value)
{
    char text[32];
    std::snprintf(text, sizeof(text), "%.12g", value); // as ostream with setprecision(12)
    return text;
}

std::string
OptionalSeconds(double value)
{
    return value < 0.0 ? "" : Num(value);
}

std::vector<std::string>
BuildColumns()
{
    std::vector<std::string> c = {
        "run_index",      "variant",       "msl_s",           "loss_a2b",
        "loss_b2a",       "loss_scope",    "drop_rules",      "rate",
        "delay_s",        "queue_pkts",    "request_bytes",   "close_delay_s",
        "server_delay_s", "fin_response",  "final_ack",       "time_wait_msl",
        "rst_on_discard", "stop_time_s",   "rng_seed",        "rng_run",
        "min_rto_s",      "pending_bytes", "delivered_bytes", "discarded_bytes",
        "lost_bytes",     "a_outcome",     "b_outcome",       "a_end_state",
        "b_end_state",    "close_time_s",  "a_hold_time_s",   "b_hold_time_s",
    };
    for (const char* side : {"a", "b"})
    {
        for (const auto& state : RecordedStates())
        {
            c.push_back(std::string(side) + "_" + state.second + "_s");
        }
        for (const auto& state : RecordedStates())
        {
            c.push_back(std::string(side) + "_" + state.second + "_n");
        }
        for (const char* counter :
             {"fin_tx", "fin_retx", "rst_tx", "rst_rx", "data_retx", "segments_tx", "dropped"})
        {
            c.push_back(std::string(side) + "_" + counter);
        }
    }
    c.push_back("random_drops_a2b");
    c.push_back("random_drops_b2a");
    c.push_back("rule_drops");
    return c;
}
} // namespace

const std::vector<std::string>&
RunResult::Columns()
{
    static const std::vector<std::string> columns = BuildColumns();
    return columns;
}

std::vector<std::string>
RunResult::Values() const
{
    const TeardownParams& p = params;
    const CloseVariant knobs = p.ResolveVariant(); // the close as it was run
    std::vector<std::string> v = {
        std::to_string(runIndex),
        p.variant,
        Num(p.mslS),
        Num(p.lossA2B),
        Num(p.lossB2A),
        p.lossScope,
        p.drop,
        p.rate,
        Num(p.delayS),
        std::to_string(p.queuePackets),
        std::to_string(p.requestBytes),
        Num(p.closeDelayS),
        Num(p.serverDelayS),
        knobs.stockSocket
            ? ""
            : (knobs.finResponse == TcpTeardownSocket::ACK_THEN_FIN ? "ack" : "fin-ack"),
        knobs.stockSocket ? "" : (knobs.finalAck ? "yes" : "no"),
        knobs.stockSocket ? "" : Num(knobs.timeWaitMsl),
        knobs.stockSocket ? "" : (knobs.rstOnDiscard ? "yes" : "no"),
        Num(p.StopTime()),
        std::to_string(p.rngSeed),
        std::to_string(p.rngRun),
        Num(minRtoS),
        std::to_string(pendingBytes),
        std::to_string(deliveredBytes),
        std::to_string(discardedBytes),
        std::to_string(lostBytes),
        CloseOutcomeName(a.outcome),
        CloseOutcomeName(b.outcome),
        TcpStateText(a.endState),
        TcpStateText(b.endState),
        OptionalSeconds(closeTimeS),
        OptionalSeconds(a.holdTimeS),
        OptionalSeconds(b.holdTimeS),
    };
    for (const EndpointResult* e : {&a, &b})
    {
        for (const auto& state : RecordedStates())
        {
            v.push_back(Num(e->dwellS[state.first]));
        }
        for (const auto& state : RecordedStates())
        {
            v.push_back(std::to_string(e->entries[state.first]));
        }
        for (uint32_t counter :
             {e->finTx, e->finRetx, e->rstTx, e->rstRx, e->dataRetx, e->segmentsTx, e->dropped})
        {
            v.push_back(std::to_string(counter));
        }
    }
    v.push_back(std::to_string(randomDropsA2B));
    v.push_back(std::to_string(randomDropsB2A));
    std::string rules;
    for (size_t i = 0; i < ruleDrops.size(); ++i)
    {
        rules += (i ? " " : "") + std::to_string(ruleDrops[i]);
    }
    v.push_back(rules);
    return v;
}

} // namespace ns3
