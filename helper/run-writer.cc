/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "run-writer.h"

#include "ns3/log.h"
#include "ns3/tcp-header.h"

#include <cstdio>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownRunWriter");

namespace
{
std::string
Seconds9(Time t)
{
    char text[40];
    std::snprintf(text, sizeof(text), "%.9f", t.GetSeconds());
    return text;
}
} // namespace

namespace
{
ColumnSpec
Described(const std::string& name,
          const std::string& type,
          const std::string& unit,
          const std::string& help,
          const std::vector<std::string>& choices = {})
{
    ColumnSpec c;
    c.name = name;
    c.role = name == "run_index" ? "id" : "metric";
    c.type = type;
    c.unit = unit;
    c.help = help;
    c.choices = choices;
    return c;
}

CsvFile::Row
Names(const std::vector<ColumnSpec>& specs)
{
    CsvFile::Row names;
    for (const auto& c : specs)
    {
        names.push_back(c.name);
    }
    return names;
}
} // namespace

const std::vector<ColumnSpec>&
RunWriter::TransitionSpecs()
{
    static const std::vector<ColumnSpec> specs = {
        Described("run_index", "count", "", "the run (runs.csv)"),
        Described("time_s", "number", "s", "simulation time of the change"),
        Described("endpoint", "choice", "", "A (active closer) or B", {"A", "B"}),
        Described("from", "choice", "", "state before", RunResult::StateNames()),
        Described("to", "choice", "", "state after", RunResult::StateNames()),
    };
    return specs;
}

const std::vector<ColumnSpec>&
RunWriter::SegmentSpecs()
{
    static const std::vector<ColumnSpec> specs = {
        Described("run_index", "count", "", "the run (runs.csv)"),
        Described("sent_s", "number", "s", "when the sender's device took it"),
        Described("time_s", "number", "s", "when it reached the receiver (or was lost there)"),
        Described("direction", "choice", "", "a2b or b2a", {"a2b", "b2a"}),
        Described("flags", "text", "", "TCP flags joined by |"),
        Described("seq", "count", "", "sequence number"),
        Described("ack", "count", "", "acknowledgment number"),
        Described("length_bytes", "count", "B", "payload length"),
        Described("dropped", "choice", "", "1 if the link dropped it", {"0", "1"}),
        Described("cause",
                  "text",
                  "",
                  "what dropped it (random, or the drop rule), or kept (the path holds it), "
                  "late (a held segment arriving), copy (a kept copy arriving)"),
        Described("incarnation",
                  "count",
                  "",
                  "the sender's incarnation of the connection (1: the first)"),
    };
    return specs;
}

const CsvFile::Row&
RunWriter::TransitionColumns()
{
    static const CsvFile::Row columns = Names(TransitionSpecs());
    return columns;
}

const CsvFile::Row&
RunWriter::SegmentColumns()
{
    static const CsvFile::Row columns = Names(SegmentSpecs());
    return columns;
}

std::vector<CsvFile::Row>
RunWriter::TransitionRows(const RunOutput& output)
{
    std::vector<CsvFile::Row> rows;
    std::string index = std::to_string(output.result.runIndex);
    for (const auto& t : output.transitions)
    {
        rows.push_back({index,
                        Seconds9(t.time),
                        std::string(1, t.endpoint),
                        TcpStateText(t.from),
                        TcpStateText(t.to)});
    }
    return rows;
}

std::vector<CsvFile::Row>
RunWriter::SegmentRows(const RunOutput& output)
{
    std::vector<CsvFile::Row> rows;
    std::string index = std::to_string(output.result.runIndex);
    for (const auto& s : output.segments)
    {
        rows.push_back({index,
                        Seconds9(s.sentTime),
                        Seconds9(s.time),
                        LinkDirectionName(s.direction),
                        TcpHeader::FlagsToString(s.flags, "|"),
                        std::to_string(s.seq),
                        std::to_string(s.ack),
                        std::to_string(s.length),
                        s.dropped ? "1" : "0",
                        s.cause,
                        std::to_string(s.incarnation)});
    }
    return rows;
}

void
RunWriter::Append(const std::string& dir,
                  const std::vector<RunOutput>& outputs,
                  bool transitions,
                  bool segments)
{
    std::vector<CsvFile::Row> runRows;
    std::vector<CsvFile::Row> transitionRows;
    std::vector<CsvFile::Row> segmentRows;
    for (const auto& o : outputs)
    {
        runRows.push_back(o.result.Values());
        for (auto& row : TransitionRows(o))
        {
            transitionRows.push_back(std::move(row));
        }
        for (auto& row : SegmentRows(o))
        {
            segmentRows.push_back(std::move(row));
        }
    }
    // the detail files first: runs.csv is what marks a run as done
    if (transitions)
    {
        CsvFile::Append(dir + "/transitions.csv", TransitionColumns(), transitionRows);
    }
    if (segments)
    {
        CsvFile::Append(dir + "/segments.csv", SegmentColumns(), segmentRows);
    }
    CsvFile::Append(dir + "/runs.csv", RunResult::Columns(), runRows);
}

} // namespace ns3
