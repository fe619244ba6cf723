/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-grid.h"

#include "ns3/close-variant.h"
#include "ns3/param-schema.h"

#include <cstdlib>
#include <limits>
#include <map>
#include <set>

namespace ns3
{

GridValueError::GridValueError(const std::string& k, const std::string& v, const std::string& w)
    : std::invalid_argument("key \"" + k + "\", value \"" + v + "\": " + w),
      key(k),
      value(v),
      why(w)
{
}

namespace
{
const std::vector<ParamSpec>&
Specs()
{
    return ParamSchema::Parameters();
}

/** The values of a point, one per parameter, from a point index (last fastest). */
std::vector<size_t>
Digits(const std::vector<std::vector<std::string>>& values, uint64_t point)
{
    std::vector<size_t> digit(values.size());
    for (size_t k = values.size(); k-- > 0;)
    {
        digit[k] = point % values[k].size();
        point /= values[k].size();
    }
    return digit;
}

uint64_t
PointCount(const std::vector<std::vector<std::string>>& values)
{
    uint64_t points = 1;
    for (const auto& v : values)
    {
        points *= v.size();
    }
    return points;
}
} // namespace

std::string
SweepGrid::KeyNames()
{
    return ParamSchema::Names() + ", runs, rngRunBase, rngSeed";
}

SweepGrid::SweepGrid()
{
    for (const ParamSpec& k : Specs())
    {
        m_values.push_back({k.defaultText});
    }
}

size_t
SweepGrid::IndexOf(const std::string& key)
{
    const auto& keys = Specs();
    for (size_t k = 0; k < keys.size(); ++k)
    {
        if (keys[k].name == key)
        {
            return k;
        }
    }
    throw GridValueError(key, "", "unknown key (known: " + KeyNames() + ")");
}

std::string
SweepGrid::Canonical(size_t k, const std::string& value)
{
    const ParamSpec& spec = Specs()[k];
    try
    {
        std::string text = spec.Canonical(value);
        // let the run parameters judge it too: one run with it, defaults elsewhere
        TeardownParams p;
        spec.set(p, text);
        p.Validate();
        return text;
    }
    catch (const ParamError& e)
    {
        std::string message = e.what();
        size_t colon = message.find(": ");
        throw GridValueError(spec.name,
                             value,
                             colon == std::string::npos ? message : message.substr(colon + 2));
    }
}

void
SweepGrid::Set(const std::string& key, const std::vector<std::string>& values)
{
    size_t k = IndexOf(key);
    if (values.empty())
    {
        throw GridValueError(key, "", "needs at least one value");
    }
    std::vector<std::string> canonical;
    std::set<std::string> seen;
    for (const auto& v : values)
    {
        std::string c = Canonical(k, v);
        if (!seen.insert(c).second)
        {
            throw GridValueError(key, v, "given twice");
        }
        canonical.push_back(c);
    }
    m_values[k] = canonical;
    Renumber();
}

const std::vector<std::string>&
SweepGrid::Get(const std::string& key) const
{
    return m_values[IndexOf(key)];
}

void
SweepGrid::SetRuns(uint64_t runs)
{
    if (runs == 0)
    {
        throw GridValueError("runs", "0", "needs at least one run per point");
    }
    m_runs = runs;
    Renumber();
}

void
SweepGrid::SetRngRunBase(uint64_t base)
{
    m_rngRunBase = base;
}

void
SweepGrid::SetRngSeed(uint32_t seed)
{
    if (seed == 0)
    {
        throw GridValueError("rngSeed", "0", "ns-3 needs a seed of at least 1");
    }
    m_rngSeed = seed;
}

uint64_t
SweepGrid::GetRuns() const
{
    return m_runs;
}

uint64_t
SweepGrid::GetRngRunBase() const
{
    return m_rngRunBase;
}

uint32_t
SweepGrid::GetRngSeed() const
{
    return m_rngSeed;
}

uint64_t
SweepGrid::GetPointCount() const
{
    return PointCount(m_values);
}

uint64_t
SweepGrid::GetRunCount() const
{
    return GetPointCount() * m_runs;
}

std::vector<std::string>
SweepGrid::PointValues(uint64_t point) const
{
    std::vector<size_t> digit = Digits(m_values, point);
    std::vector<std::string> values;
    for (size_t k = 0; k < m_values.size(); ++k)
    {
        values.push_back(m_values[k][digit[k]]);
    }
    return values;
}

TeardownParams
SweepGrid::PointParams(uint64_t point) const
{
    std::vector<std::string> values = PointValues(point);
    TeardownParams p;
    for (size_t k = 0; k < values.size(); ++k)
    {
        Specs()[k].set(p, values[k]);
    }
    p.rngSeed = m_rngSeed;
    p.rngRun = m_rngRunBase;
    return p;
}

uint64_t
SweepGrid::PointOf(uint64_t runIndex) const
{
    return (m_order.empty() ? runIndex : m_order[runIndex]) / m_runs;
}

TeardownParams
SweepGrid::RunParams(uint64_t runIndex) const
{
    uint64_t mine = m_order.empty() ? runIndex : m_order[runIndex];
    TeardownParams p = PointParams(mine / m_runs);
    p.rngRun = m_rngRunBase + mine % m_runs;
    return p;
}

bool
SweepGrid::LocalRun(const Generation& g, uint64_t local, uint64_t& mine) const
{
    uint64_t replication = local % g.runs;
    std::vector<size_t> digit = Digits(g.values, local / g.runs);
    uint64_t point = 0;
    for (size_t k = 0; k < m_values.size(); ++k)
    {
        const std::string& value = g.values[k][digit[k]];
        size_t i = 0;
        while (i < m_values[k].size() && m_values[k][i] != value)
        {
            ++i;
        }
        if (i == m_values[k].size())
        {
            return false;
        }
        point = point * m_values[k].size() + i;
    }
    mine = point * m_runs + replication;
    return replication < m_runs;
}

void
SweepGrid::Renumber()
{
    m_order.clear();
    if (m_history.empty())
    {
        return;
    }
    // the runs of each generation that the one before it lacks, in its own
    // order, after those of the generations before
    std::vector<Generation> generations = m_history;
    generations.push_back(Generation{m_values, m_runs});
    std::vector<bool> numbered(GetRunCount(), false);
    for (const Generation& g : generations)
    {
        uint64_t count = PointCount(g.values) * g.runs;
        for (uint64_t local = 0; local < count; ++local)
        {
            uint64_t mine;
            if (LocalRun(g, local, mine) && !numbered[mine])
            {
                numbered[mine] = true;
                m_order.push_back(mine);
            }
        }
    }
}

bool
SweepGrid::SameValues(const SweepGrid& other) const
{
    return m_values == other.m_values && m_runs == other.m_runs &&
           m_rngRunBase == other.m_rngRunBase && m_rngSeed == other.m_rngSeed;
}

void
SweepGrid::AdoptHistory(const SweepGrid& same)
{
    m_history = same.m_history;
    Renumber();
}

void
SweepGrid::Extend(const SweepGrid& old)
{
    if (old.m_rngSeed != m_rngSeed || old.m_rngRunBase != m_rngRunBase)
    {
        throw GridValueError("rngSeed", std::to_string(m_rngSeed), "--extend keeps the seeds");
    }
    if (old.m_runs > m_runs)
    {
        throw GridValueError("runs", std::to_string(m_runs), "--extend only adds runs");
    }
    for (size_t k = 0; k < m_values.size(); ++k)
    {
        for (const auto& v : old.m_values[k])
        {
            if (std::find(m_values[k].begin(), m_values[k].end(), v) == m_values[k].end())
            {
                throw GridValueError(Specs()[k].name,
                                     v,
                                     "--extend only adds runs, and this value is missing");
            }
        }
    }
    if (SameValues(old))
    {
        AdoptHistory(old);
        return;
    }
    m_history = old.m_history;
    m_history.push_back(Generation{old.m_values, old.m_runs});
    Renumber();
}

nlohmann::ordered_json
SweepGrid::ValuesJson(const Generation& g)
{
    nlohmann::ordered_json json = nlohmann::ordered_json::object();
    for (size_t k = 0; k < g.values.size(); ++k)
    {
        const ParamSpec& spec = Specs()[k];
        nlohmann::ordered_json values = nlohmann::ordered_json::array();
        for (const auto& v : g.values[k])
        {
            if (spec.type == ValueType::TEXT || spec.type == ValueType::CHOICE)
            {
                values.push_back(v);
            }
            else if (v.empty())
            {
                values.push_back(nullptr);
            }
            else if (spec.type == ValueType::COUNT)
            {
                values.push_back(std::strtoull(v.c_str(), nullptr, 10));
            }
            else
            {
                values.push_back(std::strtod(v.c_str(), nullptr));
            }
        }
        json[spec.name] = values;
    }
    json["runs"] = g.runs;
    return json;
}

nlohmann::ordered_json
SweepGrid::ToJson() const
{
    nlohmann::ordered_json json = ValuesJson(Generation{m_values, m_runs});
    json["rngRunBase"] = m_rngRunBase;
    json["rngSeed"] = m_rngSeed;
    if (!m_history.empty())
    {
        nlohmann::ordered_json history = nlohmann::ordered_json::array();
        for (const Generation& g : m_history)
        {
            history.push_back(ValuesJson(g));
        }
        json["extends"] = history;
    }
    return json;
}

namespace
{
/** A JSON scalar as the text a flag would carry. */
std::string
ScalarText(const ParamSpec& spec, const nlohmann::ordered_json& value)
{
    bool words = spec.type == ValueType::TEXT || spec.type == ValueType::CHOICE;
    if (value.is_string() && (words || spec.type == ValueType::SECONDS))
    {
        return value.get<std::string>();
    }
    if (value.is_null() && spec.optional)
    {
        return "";
    }
    if (value.is_number() && !words)
    {
        if (value.is_number_integer())
        {
            return value.dump();
        }
        return ParamSchema::NumberText(value.get<double>());
    }
    std::string expected = words ? "a string" : "a number";
    throw GridValueError(spec.name, value.dump(), "expected " + expected + " or an array of them");
}

/** A JSON value as an unsigned integer. */
uint64_t
WholeNumber(const std::string& key, const nlohmann::ordered_json& value, uint64_t max)
{
    if (!value.is_number_unsigned() || value.get<uint64_t>() > max)
    {
        throw GridValueError(key,
                             value.dump(),
                             "expected a whole number from 0 to " + std::to_string(max));
    }
    return value.get<uint64_t>();
}
} // namespace

void
SweepGrid::Apply(const nlohmann::ordered_json& json)
{
    if (!json.is_object())
    {
        throw GridValueError("(top level)",
                             json.dump().substr(0, 40),
                             "a sweep file holds one JSON object");
    }
    std::vector<SweepGrid> history;
    for (const auto& item : json.items())
    {
        const std::string& key = item.key();
        const nlohmann::ordered_json& value = item.value();
        if (key == "runs")
        {
            SetRuns(WholeNumber(key, value, std::numeric_limits<uint64_t>::max()));
        }
        else if (key == "rngRunBase")
        {
            SetRngRunBase(WholeNumber(key, value, std::numeric_limits<uint64_t>::max()));
        }
        else if (key == "rngSeed")
        {
            SetRngSeed(WholeNumber(key, value, std::numeric_limits<uint32_t>::max()));
        }
        else if (key == "extends")
        {
            if (!value.is_array())
            {
                throw GridValueError(key, value.dump(), "expected an array of grids");
            }
            for (const auto& g : value)
            {
                history.push_back(FromJson(g));
            }
        }
        else if (key.rfind("_", 0) == 0 || key == "description")
        {
            continue; // comments
        }
        else
        {
            const ParamSpec& spec = Specs()[IndexOf(key)];
            std::vector<std::string> texts;
            for (const auto& element :
                 value.is_array() ? value : nlohmann::ordered_json::array({value}))
            {
                texts.push_back(ScalarText(spec, element));
            }
            Set(key, texts);
        }
    }
    if (!history.empty())
    {
        // replay the extensions, oldest first, so that the numbering is the same
        m_history.clear();
        SweepGrid last = history.front();
        last.SetRngRunBase(m_rngRunBase);
        last.SetRngSeed(m_rngSeed);
        for (size_t i = 1; i < history.size(); ++i)
        {
            SweepGrid next = history[i];
            next.SetRngRunBase(m_rngRunBase);
            next.SetRngSeed(m_rngSeed);
            next.Extend(last);
            last = next;
        }
        Extend(last);
    }
}

SweepGrid
SweepGrid::FromJson(const nlohmann::ordered_json& json)
{
    SweepGrid grid;
    grid.Apply(json);
    return grid;
}

SweepGrid
SweepGrid::DefaultStudy()
{
    SweepGrid grid;
    std::vector<std::string> variants;
    for (const auto& v : CloseVariant::All())
    {
        variants.push_back(v.name);
    }
    grid.Set("variant", variants);
    // B still works when A's FIN arrives (workAfterFin, over closeDelay),
    // so CLOSE_WAIT has a length and a close that merges B's ACK and FIN
    // loses what remained; A's final ACK lost or not, MSLs from below to far
    // above the RTO (MinRto 1 s)
    grid.Set("loss", {"0", "0.02", "0.05", "0.1", "0.2"});
    grid.Set("msl", {"0.1", "0.3", "1", "30"});
    grid.Set("workAfterFin", {"0", "0.05", "0.1", "0.2", "0.5"});
    grid.Set("drop", {"none", "a2b:ack-of-fin:1"});
    grid.Set("responseBytes", {"20000"});
    grid.Set("closeDelay", {"0.1"});
    grid.SetRuns(40);
    return grid;
}

SweepGrid
SweepGrid::OldDuplicatesStudy()
{
    SweepGrid grid;
    grid.Set("variant", {"four-way", "four-way-no-timewait", "three-way-direct"});
    grid.Set("msl", {"0.001", "0.003", "0.01", "0.02", "0.03", "0.035", "0.04", "0.1", "0.3"});
    grid.Set("isn", {"ns3", "rfc6528", "random"});
    grid.Set("paws", {"no", "yes"});
    grid.Set("responseBytes", {"500"});
    grid.Set("incarnations", {"2"});
    grid.Set("keepB2A", {"0.05"});
    grid.Set("keepCopy", {"yes"});
    grid.Set("lifetime", {"0.1"});
    grid.Set("keepDelay", {"uniform:0:0.1"});
    grid.SetRuns(3000);
    return grid;
}

SweepGrid
SweepGrid::Study(const std::string& name)
{
    if (name == "default")
    {
        return DefaultStudy();
    }
    if (name == "old-duplicates")
    {
        return OldDuplicatesStudy();
    }
    throw GridValueError("study", name, "unknown study (known: default, old-duplicates)");
}

std::string
SweepGrid::Difference(const SweepGrid& other) const
{
    auto list = [](const std::vector<std::string>& values) {
        std::string text;
        for (const auto& v : values)
        {
            text += (text.empty() ? "" : ",") + v;
        }
        return "[" + text + "]";
    };
    std::string diff;
    for (size_t k = 0; k < m_values.size(); ++k)
    {
        if (m_values[k] != other.m_values[k])
        {
            diff += (diff.empty() ? "" : "; ") + Specs()[k].name + " " + list(m_values[k]) +
                    " vs " + list(other.m_values[k]);
        }
    }
    auto scalar = [&diff](const std::string& name, uint64_t a, uint64_t b) {
        if (a != b)
        {
            diff += (diff.empty() ? "" : "; ") + name + " " + std::to_string(a) + " vs " +
                    std::to_string(b);
        }
    };
    scalar("runs", m_runs, other.m_runs);
    scalar("rngRunBase", m_rngRunBase, other.m_rngRunBase);
    scalar("rngSeed", m_rngSeed, other.m_rngSeed);
    if (diff.empty() && m_history.size() != other.m_history.size())
    {
        diff = "extension history: " + std::to_string(m_history.size()) + " vs " +
               std::to_string(other.m_history.size()) + " earlier grids";
    }
    return diff;
}

std::vector<std::string>
SweepGrid::SplitList(const std::string& text)
{
    std::vector<std::string> items;
    size_t start = 0;
    while (true)
    {
        size_t comma = text.find(',', start);
        std::string item =
            text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        size_t first = item.find_first_not_of(" \t");
        size_t last = item.find_last_not_of(" \t");
        items.push_back(first == std::string::npos ? "" : item.substr(first, last - first + 1));
        if (comma == std::string::npos)
        {
            return items;
        }
        start = comma + 1;
    }
}

} // namespace ns3
