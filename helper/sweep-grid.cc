/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-grid.h"

#include "close-variant.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
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

std::string
SweepGrid::NumberText(double value)
{
    char buffer[64];
    for (int precision = 1; precision <= 17; ++precision)
    {
        std::snprintf(buffer, sizeof(buffer), "%.*g", precision, value);
        if (std::strtod(buffer, nullptr) == value)
        {
            break;
        }
    }
    return buffer;
}

namespace
{

/** Parse a whole text as a finite double. */
bool
ParseNumber(const std::string& text, double& value)
{
    if (text.empty())
    {
        return false;
    }
    char* end = nullptr;
    errno = 0;
    value = std::strtod(text.c_str(), &end);
    return errno == 0 && end == text.c_str() + text.size() && std::isfinite(value);
}

/** Parse "0.01", "10ms", "2min" ... as seconds. */
bool
ParseSeconds(const std::string& text, double& seconds)
{
    if (ParseNumber(text, seconds))
    {
        return true;
    }
    static const std::vector<std::pair<std::string, double>> units =
        {{"ns", 1e-9}, {"us", 1e-6}, {"ms", 1e-3}, {"min", 60.0}, {"s", 1.0}, {"h", 3600.0}};
    for (const auto& unit : units)
    {
        const std::string& u = unit.first;
        if (text.size() > u.size() && text.compare(text.size() - u.size(), u.size(), u) == 0)
        {
            double number;
            if (ParseNumber(text.substr(0, text.size() - u.size()), number))
            {
                seconds = number * unit.second;
                return true;
            }
        }
    }
    return false;
}

/** Set the parameter of key number k from its canonical value. */
void
ApplyValue(TeardownParams& p, const std::string& key, const std::string& v)
{
    auto number = [&v]() { return std::strtod(v.c_str(), nullptr); };
    auto count = [&v]() { return static_cast<uint32_t>(std::strtoull(v.c_str(), nullptr, 10)); };
    if (key == "variants")
    {
        p.variant = v;
    }
    else if (key == "loss")
    {
        p.lossA2B = p.lossB2A = number();
    }
    else if (key == "lossA2B")
    {
        p.lossA2B = v.empty() ? p.lossA2B : number();
    }
    else if (key == "lossB2A")
    {
        p.lossB2A = v.empty() ? p.lossB2A : number();
    }
    else if (key == "msl")
    {
        p.mslS = number();
    }
    else if (key == "pending")
    {
        p.pendingBytes = count();
    }
    else if (key == "drop")
    {
        p.drop = v;
    }
    else if (key == "lossScope")
    {
        p.lossScope = v;
    }
    else if (key == "rate")
    {
        p.rate = v;
    }
    else if (key == "delay")
    {
        p.delayS = number();
    }
    else if (key == "queue")
    {
        p.queuePackets = count();
    }
    else if (key == "request")
    {
        p.requestBytes = count();
    }
    else if (key == "closeDelay")
    {
        p.closeDelayS = number();
    }
    else if (key == "serverDelay")
    {
        p.serverDelayS = number();
    }
    else if (key == "stopTime")
    {
        p.stopS = number();
    }
    else if (key == "finResponse")
    {
        p.finResponse = v;
    }
    else if (key == "finalAck")
    {
        p.finalAck = v;
    }
    else if (key == "timeWaitMsl")
    {
        p.timeWaitMsl = v.empty() ? -1.0 : number();
    }
    else if (key == "rstOnDiscard")
    {
        p.rstOnDiscard = v;
    }
}
} // namespace

const std::vector<SweepGrid::Key>&
SweepGrid::Keys()
{
    static const std::vector<Key> keys = {
        {"variants", TEXT, "four-way", "close variants: " + CloseVariant::Names()},
        {"loss", NUMBER, "0", "random loss probabilities, both directions"},
        {"lossA2B", OPTIONAL, "", "random loss A->B (overrides --loss; empty: as --loss)"},
        {"lossB2A", OPTIONAL, "", "random loss B->A (overrides --loss; empty: as --loss)"},
        {"msl", NUMBER, "1", "maximum segment lifetimes in seconds (TIME_WAIT = 2 x MSL)"},
        {"pending", COUNT, "5000", "bytes B still has to send when A's FIN arrives"},
        {"drop", TEXT, "", "targeted drop rule sets DIR:KIND:WHICH[;...] ('none': no rule)"},
        {"lossScope", TEXT, "close", "close: random loss from A's close call on; run: whole run"},
        {"rate", TEXT, "10Mbps", "link data rates"},
        {"delay", SECONDS, "0.01", "one-way link delays (seconds, or e.g. 10ms)"},
        {"queue", COUNT, "100", "device queue sizes in packets"},
        {"request", COUNT, "100", "bytes of A's request"},
        {"closeDelay", SECONDS, "0", "A closes this long after sending its request"},
        {"serverDelay", SECONDS, "0", "B's processing time before it responds"},
        {"stopTime", NUMBER, "0", "end of each run in seconds (0: long enough for every timer)"},
        {"finResponse", TEXT, "", "override: B's answer to A's FIN, ack or fin-ack"},
        {"finalAck", TEXT, "", "override: A acknowledges B's FIN, yes or no"},
        {"timeWaitMsl", OPTIONAL, "", "override: TIME_WAIT length in MSL"},
        {"rstOnDiscard", TEXT, "", "override: RST instead of FIN when data is discarded"},
    };
    return keys;
}

std::string
SweepGrid::KeyNames()
{
    std::string names;
    for (const Key& k : Keys())
    {
        names += k.name + ", ";
    }
    return names + "runs, rngRunBase, rngSeed";
}

SweepGrid::SweepGrid()
{
    for (const Key& k : Keys())
    {
        m_values.push_back({k.defaultText});
    }
}

size_t
SweepGrid::IndexOf(const std::string& key)
{
    const auto& keys = Keys();
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
    const Key& key = Keys()[k];
    std::string text = value;
    double number = 0.0;
    switch (key.kind)
    {
    case TEXT:
        if (key.name == "drop" && text == "none")
        {
            text = "";
        }
        break;
    case OPTIONAL:
        if (text.empty() || text == "null")
        {
            return "";
        }
        [[fallthrough]];
    case NUMBER:
        if (!ParseNumber(text, number))
        {
            throw GridValueError(key.name, value, "not a number");
        }
        text = NumberText(number);
        break;
    case SECONDS:
        if (!ParseSeconds(text, number))
        {
            throw GridValueError(key.name, value, "not a time (seconds, or e.g. 10ms)");
        }
        text = NumberText(number);
        break;
    case COUNT: {
        bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || text.size() > 10 ||
            std::strtoull(text.c_str(), nullptr, 10) > std::numeric_limits<uint32_t>::max())
        {
            throw GridValueError(key.name, value, "not a whole number from 0 to 4294967295");
        }
        text = std::to_string(std::strtoull(text.c_str(), nullptr, 10));
        break;
    }
    }
    // let the run parameters judge the value: one run with it, defaults elsewhere
    TeardownParams p;
    ApplyValue(p, key.name, text);
    try
    {
        p.Validate();
    }
    catch (const ParamError& e)
    {
        std::string message = e.what();
        size_t colon = message.find(": ");
        throw GridValueError(key.name,
                             value,
                             colon == std::string::npos ? message : message.substr(colon + 2));
    }
    return text;
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
    uint64_t points = 1;
    for (const auto& values : m_values)
    {
        points *= values.size();
    }
    return points;
}

uint64_t
SweepGrid::GetRunCount() const
{
    return GetPointCount() * m_runs;
}

TeardownParams
SweepGrid::PointParams(uint64_t point) const
{
    // mixed radix, last key fastest
    std::vector<size_t> digit(m_values.size());
    for (size_t k = m_values.size(); k-- > 0;)
    {
        digit[k] = point % m_values[k].size();
        point /= m_values[k].size();
    }
    TeardownParams p;
    for (size_t k = 0; k < m_values.size(); ++k)
    {
        ApplyValue(p, Keys()[k].name, m_values[k][digit[k]]);
    }
    p.rngSeed = m_rngSeed;
    p.rngRun = m_rngRunBase;
    return p;
}

TeardownParams
SweepGrid::RunParams(uint64_t runIndex) const
{
    TeardownParams p = PointParams(runIndex / m_runs);
    p.rngRun = m_rngRunBase + runIndex % m_runs;
    return p;
}

nlohmann::ordered_json
SweepGrid::ToJson() const
{
    nlohmann::ordered_json json = nlohmann::ordered_json::object();
    for (size_t k = 0; k < m_values.size(); ++k)
    {
        const Key& key = Keys()[k];
        nlohmann::ordered_json values = nlohmann::ordered_json::array();
        for (const auto& v : m_values[k])
        {
            if (key.kind == TEXT)
            {
                values.push_back(v);
            }
            else if (key.kind == COUNT)
            {
                values.push_back(std::strtoull(v.c_str(), nullptr, 10));
            }
            else if (v.empty())
            {
                values.push_back(nullptr);
            }
            else
            {
                values.push_back(std::strtod(v.c_str(), nullptr));
            }
        }
        json[key.name] = values;
    }
    json["runs"] = m_runs;
    json["rngRunBase"] = m_rngRunBase;
    json["rngSeed"] = m_rngSeed;
    return json;
}

namespace
{
/** A JSON scalar as the text a flag would carry. */
std::string
ScalarText(const std::string& key, const nlohmann::ordered_json& value, SweepGrid::Kind kind)
{
    if (value.is_string() && (kind == SweepGrid::TEXT || kind == SweepGrid::SECONDS))
    {
        return value.get<std::string>();
    }
    if (value.is_null() && kind == SweepGrid::OPTIONAL)
    {
        return "";
    }
    if (value.is_number() && kind != SweepGrid::TEXT)
    {
        if (value.is_number_integer())
        {
            return value.dump();
        }
        return SweepGrid::NumberText(value.get<double>());
    }
    std::string expected = kind == SweepGrid::TEXT ? "a string" : "a number";
    throw GridValueError(key, value.dump(), "expected " + expected + " or an array of them");
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
    for (const auto& item : json.items())
    {
        const std::string& key = item.key();
        const nlohmann::ordered_json& value = item.value();
        if (key == "runs")
        {
            SetRuns(WholeNumber(key, value, std::numeric_limits<uint64_t>::max()));
            continue;
        }
        if (key == "rngRunBase")
        {
            SetRngRunBase(WholeNumber(key, value, std::numeric_limits<uint64_t>::max()));
            continue;
        }
        if (key == "rngSeed")
        {
            SetRngSeed(WholeNumber(key, value, std::numeric_limits<uint32_t>::max()));
            continue;
        }
        if (key.rfind("_", 0) == 0 || key == "description")
        {
            continue; // comments
        }
        Kind kind = Keys()[IndexOf(key)].kind;
        std::vector<std::string> texts;
        if (value.is_array())
        {
            for (const auto& element : value)
            {
                texts.push_back(ScalarText(key, element, kind));
            }
        }
        else
        {
            texts.push_back(ScalarText(key, value, kind));
        }
        Set(key, texts);
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
    grid.Set("variants", variants);
    grid.Set("loss", {"0", "0.01", "0.02", "0.05", "0.1", "0.2", "0.3"});
    grid.Set("msl", {"1", "30", "120"});
    grid.Set("pending", {"1000", "20000"});
    grid.SetRuns(100);
    return grid;
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
            diff += (diff.empty() ? "" : "; ") + Keys()[k].name + " " + list(m_values[k]) + " vs " +
                    list(other.m_values[k]);
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
