/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-summary.h"

#include "csv-file.h"
#include "run-result.h"
#include "sweep-statistics.h"

#include "ns3/close-outcome.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <functional>
#include <iomanip>
#include <sstream>
#include <stdexcept>

namespace ns3
{

namespace
{
std::string
Num(double value)
{
    std::ostringstream out;
    out << std::setprecision(12) << value;
    return out.str();
}

bool
EndsWith(const std::string& text, const std::string& end)
{
    return text.size() >= end.size() &&
           text.compare(text.size() - end.size(), end.size(), end) == 0;
}

const std::vector<std::string>&
OutcomeNames()
{
    static const std::vector<std::string> names = {CloseOutcomeName(CloseOutcome::ORDERLY),
                                                   CloseOutcomeName(CloseOutcome::RESET),
                                                   CloseOutcomeName(CloseOutcome::TIMEOUT),
                                                   CloseOutcomeName(CloseOutcome::OPEN)};
    return names;
}

/** Which runs.csv columns are what. */
struct Layout
{
    size_t firstParam{0};         //!< "variant"
    size_t rngRun{0};             //!< "rng_run"
    std::vector<size_t> metrics;  //!< numeric metrics
    std::vector<size_t> outcomes; //!< *_outcome columns
};

/** Parse a whole text as a number. */
bool
ParseNumber(const std::string& text, double& value)
{
    char* end = nullptr;
    errno = 0;
    value = std::strtod(text.c_str(), &end);
    return !text.empty() && errno == 0 && end == text.c_str() + text.size();
}

/**
 * Metrics are the columns after the parameters whose values are all numbers
 * (or empty: no value), outcome columns aside; columns of names or lists
 * (end states, rule_drops with several rules) are left out.
 */
Layout
LayoutOf(const CsvFile::Row& columns, const std::vector<std::string>& lines)
{
    Layout l;
    auto at = [&columns](const std::string& name) {
        size_t i = std::find(columns.begin(), columns.end(), name) - columns.begin();
        if (i == columns.size())
        {
            throw std::runtime_error("runs.csv has no column " + name);
        }
        return i;
    };
    l.firstParam = at("variant");
    l.rngRun = at("rng_run");
    std::vector<bool> numeric(columns.size(), true);
    for (size_t i = 1; i < lines.size(); ++i)
    {
        CsvFile::Row fields = CsvFile::Split(lines[i]);
        for (size_t c = l.rngRun + 1; c < columns.size() && c < fields.size(); ++c)
        {
            double value;
            if (numeric[c] && !fields[c].empty() && !ParseNumber(fields[c], value))
            {
                numeric[c] = false;
            }
        }
    }
    for (size_t c = l.rngRun + 1; c < columns.size(); ++c)
    {
        if (EndsWith(columns[c], "_outcome"))
        {
            l.outcomes.push_back(c);
        }
        else if (numeric[c])
        {
            l.metrics.push_back(c);
        }
    }
    return l;
}

/** The values of one grid point's runs. */
struct Point
{
    uint64_t index{UINT64_MAX};                  //!< point index
    uint64_t runs{0};                            //!< rows
    std::vector<std::vector<double>> metrics;    //!< per metric, its values
    std::vector<std::vector<uint64_t>> outcomes; //!< per outcome column, per outcome
};
} // namespace

std::string
SweepSummary::Compute(const SweepGrid& grid, const std::string& runsCsv)
{
    std::vector<std::string> lines;
    std::istringstream in(runsCsv);
    for (std::string line; std::getline(in, line);)
    {
        if (!line.empty())
        {
            lines.push_back(line);
        }
    }
    if (lines.empty())
    {
        throw std::runtime_error("runs.csv is empty");
    }
    CsvFile::Row columns = CsvFile::Split(lines[0]);
    Layout layout = LayoutOf(columns, lines);

    CsvFile::Row header = {"point_index"};
    for (size_t c = layout.firstParam; c < layout.rngRun; ++c)
    {
        header.push_back(columns[c]);
    }
    // parameters runs.csv does not show (as of this writing: --pending)
    using Extra = std::pair<std::string, std::function<std::string(const TeardownParams&)>>;
    std::vector<Extra> extras;
    for (const Extra& extra : std::vector<Extra>{
             {"response_bytes",
              [](const TeardownParams& p) { return std::to_string(p.pendingBytes); }},
             {"stop_time_s", [](const TeardownParams& p) { return Num(p.stopS); }},
             {"fin_response", [](const TeardownParams& p) { return p.finResponse; }},
             {"final_ack", [](const TeardownParams& p) { return p.finalAck; }},
             {"time_wait_msl",
              [](const TeardownParams& p) {
                  return p.timeWaitMsl < 0.0 ? std::string() : Num(p.timeWaitMsl);
              }},
             {"rst_on_discard", [](const TeardownParams& p) { return p.rstOnDiscard; }}})
    {
        if (std::find(header.begin(), header.end(), extra.first) == header.end())
        {
            extras.push_back(extra);
            header.push_back(extra.first);
        }
    }
    header.push_back("runs");
    for (size_t m : layout.metrics)
    {
        for (const char* stat : {"_n", "_mean", "_sd", "_ci95"})
        {
            header.push_back(columns[m] + stat);
        }
    }
    for (size_t o : layout.outcomes)
    {
        for (const auto& name : OutcomeNames())
        {
            header.push_back(columns[o] + "_" + name + "_frac");
        }
    }
    std::string out = CsvFile::Line(header) + '\n';

    auto emit = [&](const Point& p) {
        RunResult first;
        first.params = grid.PointParams(p.index);
        CsvFile::Row values = first.Values();
        const TeardownParams& params = first.params;
        CsvFile::Row row = {std::to_string(p.index)};
        row.insert(row.end(), values.begin() + layout.firstParam, values.begin() + layout.rngRun);
        for (const auto& extra : extras)
        {
            row.push_back(extra.second(params));
        }
        row.push_back(std::to_string(p.runs));
        for (const auto& sample : p.metrics)
        {
            SampleStatistics s = SampleStatistics::Of(sample);
            row.push_back(std::to_string(s.n));
            row.push_back(s.n >= 1 ? Num(s.mean) : "");
            row.push_back(s.n >= 2 ? Num(s.sd) : "");
            row.push_back(s.n >= 2 ? Num(s.ci95) : "");
        }
        for (const auto& counts : p.outcomes)
        {
            for (uint64_t count : counts)
            {
                row.push_back(Num(static_cast<double>(count) / p.runs));
            }
        }
        out += CsvFile::Line(row) + '\n';
    };

    Point point;
    uint64_t expectedIndex = 0;
    for (size_t i = 1; i < lines.size(); ++i)
    {
        CsvFile::Row fields = CsvFile::Split(lines[i]);
        uint64_t runIndex = std::strtoull(fields[0].c_str(), nullptr, 10);
        if (fields.size() != columns.size() || runIndex != expectedIndex)
        {
            throw std::runtime_error("runs.csv is not the complete sweep sorted by run_index (at "
                                     "run " +
                                     std::to_string(expectedIndex) + ")");
        }
        ++expectedIndex;
        uint64_t pointIndex = runIndex / grid.GetRuns();
        if (pointIndex != point.index)
        {
            if (point.runs > 0)
            {
                emit(point);
            }
            point = Point();
            point.index = pointIndex;
            point.metrics.resize(layout.metrics.size());
            point.outcomes.assign(layout.outcomes.size(),
                                  std::vector<uint64_t>(OutcomeNames().size(), 0));
        }
        ++point.runs;
        for (size_t m = 0; m < layout.metrics.size(); ++m)
        {
            const std::string& text = fields[layout.metrics[m]];
            double value;
            if (!ParseNumber(text, value))
            {
                continue; // no value, e.g. close_time_s of a close that never completed
            }
            point.metrics[m].push_back(value);
        }
        for (size_t o = 0; o < layout.outcomes.size(); ++o)
        {
            const auto& names = OutcomeNames();
            size_t k =
                std::find(names.begin(), names.end(), fields[layout.outcomes[o]]) - names.begin();
            if (k == names.size())
            {
                throw std::runtime_error("runs.csv run " + fields[0] + ": unknown outcome '" +
                                         fields[layout.outcomes[o]] + "'");
            }
            ++point.outcomes[o][k];
        }
    }
    if (point.runs > 0)
    {
        emit(point);
    }
    if (expectedIndex != grid.GetRunCount())
    {
        throw std::runtime_error("runs.csv holds " + std::to_string(expectedIndex) +
                                 " runs; the grid has " + std::to_string(grid.GetRunCount()));
    }
    return out;
}

} // namespace ns3
