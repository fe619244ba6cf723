/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-record.h"

#include "ns3/csv-file.h"
#include "ns3/run-writer.h"

namespace ns3
{

RunRecord
RunRecord::FromOutput(const RunOutput& output, bool transitions, bool segments)
{
    RunRecord record;
    record.runIndex = output.result.runIndex;
    record.run = CsvFile::Line(output.result.Values()) + '\n';
    if (transitions)
    {
        for (const auto& row : RunWriter::TransitionRows(output))
        {
            record.transitions += CsvFile::Line(row) + '\n';
        }
    }
    if (segments)
    {
        for (const auto& row : RunWriter::SegmentRows(output))
        {
            record.segments += CsvFile::Line(row) + '\n';
        }
    }
    return record;
}

} // namespace ns3
