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

const CsvFile::Row&
RunWriter::TransitionColumns()
{
    static const CsvFile::Row columns = {"run_index", "time_s", "endpoint", "from", "to"};
    return columns;
}

const CsvFile::Row&
RunWriter::SegmentColumns()
{
    static const CsvFile::Row columns = {"run_index",
                                         "sent_s",
                                         "time_s",
                                         "direction",
                                         "flags",
                                         "seq",
                                         "ack",
                                         "length_bytes",
                                         "dropped",
                                         "cause"};
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
                        s.cause});
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
