/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-summary.h"

#include "sweep-statistics.h"

#include "ns3/csv-file.h"
#include "ns3/run-result.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
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

/** Parse a whole text as a number. */
bool
ParseNumber(const std::string& text, double& value)
{
    char* end = nullptr;
    errno = 0;
    value = std::strtod(text.c_str(), &end);
    return !text.empty() && errno == 0 && end == text.c_str() + text.size();
}

/** The values of one grid point's runs. */
struct Point
{
    CsvFile::Row parameters;                     //!< its parameter cells (from its first run)
    uint64_t runs{0};                            //!< rows
    std::vector<std::vector<double>> metrics;    //!< per metric, its values
    std::vector<std::vector<uint64_t>> outcomes; //!< per choice column, per choice
};
} // namespace

std::string
SweepSummary::Compute(const SweepGrid& grid, const std::string& runsCsv)
{
    std::istringstream in(runsCsv);
    std::string line;
    if (!std::getline(in, line) || CsvFile::Split(line) != RunResult::Columns())
    {
        throw std::runtime_error("runs.csv does not have the columns of this program");
    }
    const auto& specs = RunResult::ColumnSpecs();
    std::vector<size_t> parameters;
    std::vector<size_t> metrics;
    std::vector<size_t> choices;
    std::vector<size_t> rare; // indices into metrics
    for (size_t i = 0; i < specs.size(); ++i)
    {
        if (specs[i].rare)
        {
            rare.push_back(metrics.size());
        }
        if (specs[i].role == "parameter")
        {
            parameters.push_back(i);
        }
        else if (specs[i].summarised)
        {
            (specs[i].type == "choice" ? choices : metrics).push_back(i);
        }
    }
    std::vector<Point> points(grid.GetPointCount());
    std::vector<bool> seen(grid.GetRunCount(), false);
    uint64_t rows = 0;
    while (std::getline(in, line))
    {
        if (line.empty())
        {
            continue;
        }
        CsvFile::Row fields = CsvFile::Split(line);
        uint64_t runIndex = std::strtoull(fields[0].c_str(), nullptr, 10);
        if (fields.size() != specs.size() || runIndex >= seen.size() || seen[runIndex])
        {
            throw std::runtime_error("runs.csv is not the sweep's (at run " + fields[0] + ")");
        }
        seen[runIndex] = true;
        ++rows;
        Point& point = points[grid.PointOf(runIndex)];
        if (point.runs++ == 0)
        {
            for (size_t c : parameters)
            {
                point.parameters.push_back(fields[c]);
            }
            point.metrics.resize(metrics.size());
            point.outcomes.resize(choices.size());
            for (size_t o = 0; o < choices.size(); ++o)
            {
                point.outcomes[o].assign(specs[choices[o]].choices.size(), 0);
            }
        }
        for (size_t m = 0; m < metrics.size(); ++m)
        {
            double value;
            if (ParseNumber(fields[metrics[m]], value)) // else no value, e.g. a close
            {                                           // that never completed
                point.metrics[m].push_back(value);
            }
        }
        for (size_t o = 0; o < choices.size(); ++o)
        {
            const auto& names = specs[choices[o]].choices;
            size_t k = std::find(names.begin(), names.end(), fields[choices[o]]) - names.begin();
            if (k == names.size())
            {
                throw std::runtime_error("runs.csv run " + fields[0] + ": unknown " +
                                         specs[choices[o]].name + " '" + fields[choices[o]] + "'");
            }
            ++point.outcomes[o][k];
        }
    }
    if (rows != grid.GetRunCount())
    {
        throw std::runtime_error("runs.csv holds " + std::to_string(rows) + " runs; the grid has " +
                                 std::to_string(grid.GetRunCount()));
    }

    CsvFile::Row header;
    for (const auto& c : RunResult::SummaryColumns())
    {
        header.push_back(c.first);
    }
    std::string out = CsvFile::Line(header) + '\n';
    for (uint64_t index = 0; index < points.size(); ++index)
    {
        const Point& p = points[index];
        CsvFile::Row row = {std::to_string(index)};
        row.insert(row.end(), p.parameters.begin(), p.parameters.end());
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
        for (size_t m : rare)
        {
            const auto& sample = p.metrics[m];
            uint64_t k =
                std::count_if(sample.begin(), sample.end(), [](double v) { return v > 0; });
            row.push_back(std::to_string(k));
            if (sample.empty())
            {
                row.insert(row.end(), {"", ""});
                continue;
            }
            auto [low, high] = SampleStatistics::ClopperPearson(k, sample.size());
            row.push_back(Num(low));
            row.push_back(Num(high));
        }
        out += CsvFile::Line(row) + '\n';
    }
    return out;
}

} // namespace ns3
