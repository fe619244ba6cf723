/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "result-schema.h"

#include "param-schema.h"
#include "run-result.h"
#include "run-writer.h"

#include "ns3/log.h"

#include <cstdio>

#if __has_include("ns3/version-defines.h")
#include "ns3/version-defines.h"
#endif

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownResultSchema");

namespace
{
std::string
Strings(const std::vector<std::string>& words)
{
    std::vector<std::string> items;
    for (const auto& w : words)
    {
        items.push_back(ResultSchema::Quote(w));
    }
    return ResultSchema::Array(items);
}

std::string
Bool(bool value)
{
    return value ? "true" : "false";
}

std::string
Column(const ColumnSpec& c, const std::vector<std::pair<std::string, std::string>>& more = {})
{
    std::vector<std::pair<std::string, std::string>> m = {
        {"column", ResultSchema::Quote(c.name)},
        {"role", ResultSchema::Quote(c.role)},
        {"type", ResultSchema::Quote(c.type)},
        {"unit", ResultSchema::Quote(c.unit)},
        {"help", ResultSchema::Quote(c.help)},
        {"optional", Bool(c.optional)},
        {"summarised", Bool(c.summarised)},
    };
    if (!c.choices.empty())
    {
        m.emplace_back("choices", Strings(c.choices));
    }
    m.insert(m.end(), more.begin(), more.end());
    return ResultSchema::Object(m);
}

std::string
Columns(const std::vector<ColumnSpec>& specs)
{
    std::vector<std::string> items;
    for (const auto& c : specs)
    {
        items.push_back(Column(c));
    }
    return ResultSchema::Array(items);
}

std::string
Parameter(const ParamSpec& p)
{
    std::vector<std::pair<std::string, std::string>> m = {
        {"name", ResultSchema::Quote(p.name)},
        {"flag", ResultSchema::Quote(p.Flag())},
        {"column", ResultSchema::Quote(p.Column())},
        {"type", ResultSchema::Quote(p.TypeName())},
        {"unit", ResultSchema::Quote(p.unit)},
        {"default", ResultSchema::Quote(p.defaultText)},
        {"optional", Bool(p.optional)},
        {"read_back", Bool(p.readBack)},
        {"help", ResultSchema::Quote(p.help)},
    };
    if (p.type == ValueType::NUMBER || p.type == ValueType::SECONDS || p.type == ValueType::COUNT)
    {
        m.emplace_back("min", ParamSchema::NumberText(p.min));
        m.emplace_back("max", ParamSchema::NumberText(p.max));
    }
    if (!p.choices.empty())
    {
        m.emplace_back("choices", Strings(p.choices));
    }
    return ResultSchema::Object(m);
}

/** summary.csv: statistics of the runs.csv columns they name. */
std::string
SummaryColumns()
{
    std::vector<std::string> items;
    for (const auto& c : RunResult::SummaryColumns())
    {
        ColumnSpec s;
        s.name = c.first;
        s.role = c.second ? (c.second->role == "parameter" ? "parameter" : "statistic") : "id";
        s.type = c.second && c.second->role == "parameter" ? c.second->type : "number";
        s.unit = c.second && c.second->role == "parameter" ? c.second->unit : "";
        s.help = c.second ? "of runs.csv column " + c.second->name : "";
        s.optional = s.role == "statistic";
        if (c.second && c.second->role == "parameter")
        {
            s.choices = c.second->choices;
        }
        items.push_back(Column(s, {{"of", ResultSchema::Quote(c.second ? c.second->name : "")}}));
    }
    return ResultSchema::Array(items);
}
} // namespace

std::string
ResultSchema::Quote(const std::string& text)
{
    std::string out = "\"";
    for (unsigned char c : text)
    {
        switch (c)
        {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20)
            {
                char escaped[8];
                std::snprintf(escaped, sizeof(escaped), "\\u%04x", c);
                out += escaped;
            }
            else
            {
                out += static_cast<char>(c);
            }
        }
    }
    return out + "\"";
}

std::string
ResultSchema::Object(const std::vector<std::pair<std::string, std::string>>& members)
{
    std::string out = "{";
    for (size_t i = 0; i < members.size(); ++i)
    {
        out += (i ? ", " : "") + Quote(members[i].first) + ": " + members[i].second;
    }
    return out + "}";
}

std::string
ResultSchema::Array(const std::vector<std::string>& items)
{
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i)
    {
        out += (i ? ",\n  " : "") + items[i];
    }
    return out + "]";
}

std::string
ResultSchema::Json()
{
    std::vector<std::string> parameters;
    for (const ParamSpec& p : ParamSchema::Parameters())
    {
        parameters.push_back(Parameter(p));
    }
    return Object({
        {"schema_version", "1"},
        {"parameters", Array(parameters)},
        {"files",
         Object({
             {"runs.csv", Columns(RunResult::ColumnSpecs())},
             {"transitions.csv", Columns(RunWriter::TransitionSpecs())},
             {"segments.csv", Columns(RunWriter::SegmentSpecs())},
             {"summary.csv", SummaryColumns()},
         })},
    });
}

std::string
ResultSchema::ModuleVersion()
{
#ifdef TCP_TEARDOWN_VERSION
    return TCP_TEARDOWN_VERSION;
#else
    return "0.1.0";
#endif
}

std::string
ResultSchema::Ns3Version()
{
#ifdef NS3_VERSION_MAJOR
    return std::to_string(NS3_VERSION_MAJOR) + "." + std::to_string(NS3_VERSION_MINOR) +
           (NS3_VERSION_PATCH ? "." + std::to_string(NS3_VERSION_PATCH) : std::string());
#else
    return "unknown";
#endif
}

} // namespace ns3
