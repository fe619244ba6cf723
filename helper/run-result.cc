/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "run-result.h"

#include "effective-config.h"
#include "param-schema.h"

#include "ns3/log.h"

#include <cstdio>
#include <tuple>

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

ColumnSpec
Column(const std::string& name,
       const std::string& role,
       const std::string& type,
       const std::string& unit,
       const std::string& help,
       std::function<std::string(const RunResult&)> value)
{
    ColumnSpec c;
    c.name = name;
    c.role = role;
    c.type = type;
    c.unit = unit;
    c.help = help;
    c.value = std::move(value);
    c.summarised = role == "metric" && (type == "number" || type == "count");
    return c;
}

/** A numeric metric. */
ColumnSpec
Metric(const std::string& name,
       const std::string& type,
       const std::string& unit,
       const std::string& help,
       std::function<std::string(const RunResult&)> value)
{
    return Column(name, "metric", type, unit, help, std::move(value));
}

std::vector<ColumnSpec>
BuildColumns()
{
    std::vector<ColumnSpec> c;
    c.push_back(Column("run_index",
                       "id",
                       "count",
                       "",
                       "index of the run in its sweep",
                       [](const RunResult& r) { return std::to_string(r.runIndex); }));
    for (const ParamSpec& spec : ParamSchema::Parameters())
    {
        if (!spec.column)
        {
            continue;
        }
        ColumnSpec col = Column(spec.Column(),
                                "parameter",
                                spec.TypeName() == "seconds" ? "number" : spec.TypeName(),
                                spec.unit,
                                spec.help,
                                nullptr);
        col.choices = spec.choices;
        col.optional = spec.optional || spec.readBack;
        if (spec.readBack)
        {
            std::string name = col.name;
            col.help += " (as run: read back after setup)";
            col.value = [name](const RunResult& r) {
                auto found = r.effective.find(name);
                return found == r.effective.end() ? std::string() : found->second;
            };
        }
        else
        {
            auto get = spec.get;
            col.value = [get](const RunResult& r) { return get(r.params); };
        }
        c.push_back(col);
    }
    c.push_back(Column("rng_seed", "id", "count", "", "ns-3 RngSeed", [](const RunResult& r) {
        return std::to_string(r.params.rngSeed);
    }));
    c.push_back(Column("rng_run", "id", "count", "", "ns-3 RngRun", [](const RunResult& r) {
        return std::to_string(r.params.rngRun);
    }));
    for (const ConfigColumn& config : EffectiveConfig::Columns())
    {
        bool isParameter = false;
        for (const ColumnSpec& done : c)
        {
            isParameter = isParameter || done.name == config.column;
        }
        if (isParameter)
        {
            continue; // a parameter's column holds it (read back)
        }
        std::string name = config.column;
        ColumnSpec col =
            Column(name,
                   "config",
                   config.type,
                   config.unit,
                   config.typeId + "::" + config.attribute + ": " + config.help,
                   [name](const RunResult& r) {
                       auto found = r.effective.find(name);
                       return found == r.effective.end() ? std::string() : found->second;
                   });
        col.optional = true; // e.g. the module's attributes on ns-3's own socket
        col.choices = config.choices;
        c.push_back(col);
    }
    c.push_back(Metric("pending_at_close_bytes",
                       "count",
                       "B",
                       "B's data not yet delivered to A at A's close call",
                       [](const RunResult& r) { return std::to_string(r.pendingAtCloseBytes); }));
    c.push_back(Metric("delivered_bytes",
                       "count",
                       "B",
                       "of those, delivered to A's application",
                       [](const RunResult& r) { return std::to_string(r.deliveredBytes); }));
    c.push_back(Metric("discarded_bytes",
                       "count",
                       "B",
                       "of those, discarded by B unsent",
                       [](const RunResult& r) { return std::to_string(r.discardedBytes); }));
    c.push_back(Metric("lost_bytes",
                       "count",
                       "B",
                       "of those, sent by B but never delivered",
                       [](const RunResult& r) { return std::to_string(r.lostBytes); }));
    // what a RST threw away: the send buffers (flushed) and the unread
    // receive buffers (unread, discarded) of both ends
    for (const char* side : {"a", "b"})
    {
        bool isA = side[0] == 'a';
        std::string end = isA ? "A" : "B";
        ColumnSpec flushed =
            Metric(std::string(side) + "_flushed_bytes",
                   "count",
                   "B",
                   "bytes " + end +
                       "'s stack dropped from its send buffer (unsent, or sent and unacknowledged) "
                       "when a RST ended the connection, sent to abort or received (empty: not "
                       "measured: ns3-stock, or B never accepted the connection)",
                   [isA](const RunResult& r) {
                       int64_t v = (isA ? r.a : r.b).flushedBytes;
                       return v < 0 ? std::string() : std::to_string(v);
                   });
        flushed.optional = true;
        c.push_back(flushed);
    }
    for (const char* side : {"a", "b"})
    {
        bool isA = side[0] == 'a';
        std::string end = isA ? "A" : "B";
        ColumnSpec unread =
            Metric(std::string(side) + "_unread_discarded_bytes",
                   "count",
                   "B",
                   "bytes " + end +
                       " received in sequence that its application never read because a RST ended "
                       "the connection (empty: not measured: ns3-stock, or B never accepted the "
                       "connection)",
                   [isA](const RunResult& r) {
                       int64_t v = (isA ? r.a : r.b).unreadDiscardedBytes;
                       return v < 0 ? std::string() : std::to_string(v);
                   });
        unread.optional = true;
        c.push_back(unread);
    }
    std::vector<std::string> outcomes;
    // plots/ takes a connection's outcome as the first of these (orderly
    // last) that either end reports: an abortive close is the connection's
    // story before the reset it causes at the peer
    for (CloseOutcome o : {CloseOutcome::ORDERLY,
                           CloseOutcome::ABORTED,
                           CloseOutcome::RESET,
                           CloseOutcome::TIMEOUT,
                           CloseOutcome::OPEN,
                           CloseOutcome::STRANDED})
    {
        outcomes.emplace_back(CloseOutcomeName(o));
    }
    for (const char* side : {"a", "b"})
    {
        bool isA = side[0] == 'a';
        auto end = [isA](const RunResult& r) -> const EndpointResult& { return isA ? r.a : r.b; };
        ColumnSpec outcome = Column(
            std::string(side) + "_outcome",
            "metric",
            "choice",
            "",
            "how the endpoint ended (stranded: open at the end, peer gone, nothing to wait for; "
            "aborted: its application's abortive close, it sent the RST)",
            [end](const RunResult& r) { return std::string(CloseOutcomeName(end(r).outcome)); });
        outcome.choices = outcomes;
        outcome.summarised = true; // summary.csv: the share of each outcome
        c.push_back(outcome);
    }
    for (const char* side : {"a", "b"})
    {
        bool isA = side[0] == 'a';
        ColumnSpec state = Column(std::string(side) + "_end_state",
                                  "metric",
                                  "choice",
                                  "",
                                  "the state the endpoint ended in (or was in at the stop time)",
                                  [isA](const RunResult& r) {
                                      return std::string(TcpStateText((isA ? r.a : r.b).endState));
                                  });
        state.choices = RunResult::StateNames();
        c.push_back(state);
    }
    ColumnSpec closeTime = Metric("close_time_s",
                                  "number",
                                  "s",
                                  "A's close call until both ends are CLOSED (empty: never)",
                                  [](const RunResult& r) { return OptionalSeconds(r.closeTimeS); });
    closeTime.optional = true;
    c.push_back(closeTime);
    for (const char* side : {"a", "b"})
    {
        bool isA = side[0] == 'a';
        ColumnSpec hold = Metric(
            std::string(side) + "_hold_time_s",
            "number",
            "s",
            "A's close call until this end is CLOSED (empty: never)",
            [isA](const RunResult& r) { return OptionalSeconds((isA ? r.a : r.b).holdTimeS); });
        hold.optional = true;
        c.push_back(hold);
    }
    using Counter = uint32_t EndpointResult::*;
    const std::vector<std::tuple<const char*, Counter, const char*>> counters = {
        {"fin_tx", &EndpointResult::finTx, "FIN segments sent"},
        {"fin_retx", &EndpointResult::finRetx, "of which retransmissions"},
        {"rst_tx", &EndpointResult::rstTx, "RST segments sent"},
        {"rst_rx",
         &EndpointResult::rstRx,
         "RST segments that reached this end's socket (acceptable or not; ns3-stock: that reached "
         "its node)"},
        {"data_retx", &EndpointResult::dataRetx, "data segments sent again"},
        {"segments_tx", &EndpointResult::segmentsTx, "segments sent"},
        {"dropped", &EndpointResult::dropped, "of its segments, lost on the link"},
    };
    for (const char* side : {"a", "b"})
    {
        bool isA = side[0] == 'a';
        for (const auto& state : RecordedStates())
        {
            int s = state.first;
            c.push_back(
                Metric(std::string(side) + "_" + state.second + "_s",
                       "number",
                       "s",
                       "total time in " + state.second,
                       [isA, s](const RunResult& r) { return Num((isA ? r.a : r.b).dwellS[s]); }));
        }
        for (const auto& state : RecordedStates())
        {
            int s = state.first;
            c.push_back(Metric(std::string(side) + "_" + state.second + "_n",
                               "count",
                               "",
                               "times " + state.second + " was entered",
                               [isA, s](const RunResult& r) {
                                   return std::to_string((isA ? r.a : r.b).entries[s]);
                               }));
        }
        ColumnSpec cut =
            Column(std::string(side) + "_time_wait_cut",
                   "metric",
                   "choice",
                   "",
                   "a RST ended this end's TIME_WAIT early, after a completed close "
                   "(the outcome stays orderly)",
                   [isA](const RunResult& r) {
                       return std::string((isA ? r.a : r.b).timeWaitCut ? "yes" : "no");
                   });
        cut.choices = {"yes", "no"};
        cut.summarised = true; // summary.csv: the share of cut TIME_WAITs
        c.push_back(cut);
        ColumnSpec left = Metric(std::string(side) + "_time_wait_remaining_s",
                                 "number",
                                 "s",
                                 "TIME_WAIT left when a RST cut it (empty: not cut)",
                                 [isA](const RunResult& r) {
                                     const EndpointResult& e = isA ? r.a : r.b;
                                     return e.timeWaitCut ? Num(e.timeWaitRemainingS) : "";
                                 });
        left.optional = true;
        c.push_back(left);
        for (const auto& counter : counters)
        {
            Counter member = std::get<1>(counter);
            c.push_back(Metric(std::string(side) + "_" + std::get<0>(counter),
                               "count",
                               "",
                               std::get<2>(counter),
                               [isA, member](const RunResult& r) {
                                   return std::to_string((isA ? r.a : r.b).*member);
                               }));
        }
    }
    c.push_back(
        Metric("random_drops_a2b", "count", "", "random losses A->B", [](const RunResult& r) {
            return std::to_string(r.randomDropsA2B);
        }));
    c.push_back(
        Metric("random_drops_b2a", "count", "", "random losses B->A", [](const RunResult& r) {
            return std::to_string(r.randomDropsB2A);
        }));
    ColumnSpec rules = Column("rule_drops",
                              "metric",
                              "text",
                              "",
                              "segments dropped per drop rule, in rule order, joined by spaces",
                              [](const RunResult& r) {
                                  std::string text;
                                  for (size_t i = 0; i < r.ruleDrops.size(); ++i)
                                  {
                                      text += (i ? " " : "") + std::to_string(r.ruleDrops[i]);
                                  }
                                  return text;
                              });
    rules.optional = true;
    c.push_back(rules);
    using Count32 = uint32_t RunResult::*;
    for (auto [name, member, help] : {
             std::make_tuple("kept_a2b",
                             Count32(&RunResult::keptA2B),
                             "segments the path kept A->B"),
             std::make_tuple("kept_b2a",
                             Count32(&RunResult::keptB2A),
                             "segments the path kept B->A"),
         })
    {
        c.push_back(Metric(name, "count", "", help, [member = member](const RunResult& r) {
            return std::to_string(r.*member);
        }));
    }
    // what old segments (kept by the path, of an earlier incarnation) did to later ones
    using Damage32 = uint32_t ReuseDamage::*;
    for (auto [name, member, help] : {
             std::make_tuple("incarnations_opened",
                             Damage32(&ReuseDamage::opened),
                             "incarnations A opened (connect called)"),
             std::make_tuple("old_segments",
                             Damage32(&ReuseDamage::oldSegments),
                             "kept segments of an earlier incarnation that reached an end of a "
                             "later one"),
             std::make_tuple("old_fin_closes",
                             Damage32(&ReuseDamage::oldFinCloses),
                             "connections an old FIN moved to a closing state"),
             std::make_tuple("old_rst_resets",
                             Damage32(&ReuseDamage::oldRstResets),
                             "connections an old RST closed"),
             std::make_tuple("old_ack_desyncs",
                             Damage32(&ReuseDamage::oldAckDesyncs),
                             "times an old ACK advanced a sender's SND.UNA"),
         })
    {
        ColumnSpec damage = Metric(name, "count", "", help, [member = member](const RunResult& r) {
            return std::to_string(r.reuse.*member);
        });
        damage.rare = std::string(name) != "incarnations_opened";
        c.push_back(damage);
    }
    ColumnSpec corrupted =
        Metric("corrupted_bytes",
               "count",
               "B",
               "bytes an application read that an earlier incarnation wrote (both ends)",
               [](const RunResult& r) { return std::to_string(r.reuse.corruptedBytes); });
    corrupted.rare = true;
    c.push_back(corrupted);
    return c;
}
} // namespace

const std::vector<ColumnSpec>&
RunResult::ColumnSpecs()
{
    static const std::vector<ColumnSpec> specs = BuildColumns();
    return specs;
}

const std::vector<std::string>&
RunResult::Columns()
{
    static const std::vector<std::string> columns = [] {
        std::vector<std::string> names;
        for (const ColumnSpec& c : ColumnSpecs())
        {
            names.push_back(c.name);
        }
        return names;
    }();
    return columns;
}

std::vector<std::string>
RunResult::Values() const
{
    std::vector<std::string> v;
    v.reserve(ColumnSpecs().size());
    for (const ColumnSpec& c : ColumnSpecs())
    {
        v.push_back(c.value(*this));
    }
    return v;
}

std::vector<std::pair<std::string, const ColumnSpec*>>
RunResult::SummaryColumns()
{
    std::vector<std::pair<std::string, const ColumnSpec*>> out = {{"point_index", nullptr}};
    for (const ColumnSpec& c : RunResult::ColumnSpecs())
    {
        if (c.role == "parameter")
        {
            out.emplace_back(c.name, &c);
        }
    }
    out.emplace_back("runs", nullptr);
    for (const ColumnSpec& c : RunResult::ColumnSpecs())
    {
        if (c.summarised && c.type != "choice")
        {
            for (const char* stat : {"_n", "_mean", "_sd", "_ci95"})
            {
                out.emplace_back(c.name + stat, &c);
            }
        }
    }
    for (const ColumnSpec& c : RunResult::ColumnSpecs())
    {
        if (c.summarised && c.type == "choice")
        {
            for (const auto& choice : c.choices)
            {
                out.emplace_back(c.name + "_" + choice + "_frac", &c);
            }
        }
    }
    for (const ColumnSpec& c : RunResult::ColumnSpecs())
    {
        if (c.rare)
        {
            for (const char* stat : {"_gt0_runs", "_gt0_low95", "_gt0_high95"})
            {
                out.emplace_back(c.name + stat, &c);
            }
        }
    }
    return out;
}

std::vector<std::string>
RunResult::StateNames()
{
    std::vector<std::string> names;
    for (int s = 0; s < TcpSocket::LAST_STATE; ++s)
    {
        names.emplace_back(TcpStateText(static_cast<TcpSocket::TcpStates_t>(s)));
    }
    return names;
}

} // namespace ns3
