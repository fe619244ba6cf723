/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A row says what ran: every configuration column of runs.csv holds the value
 * read back from the run's objects. Each attribute behind a column is set to
 * a value other than its default (as --ns3::Type::Attribute=... does, through
 * Config::SetDefault), and the row must show that value, written the way the
 * schema says (seconds, yes/no, TypeId names).
 */

#include "close-test-case.h"

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/double.h"
#include "ns3/effective-config.h"
#include "ns3/enum.h"
#include "ns3/param-schema.h"
#include "ns3/result-schema.h"
#include "ns3/run-result.h"
#include "ns3/tcp-teardown-compat.h"
#include "ns3/type-id.h"

#include <set>
#include <sstream>

using namespace ns3;
using namespace ns3::teardowntest;

namespace
{
/** Another value of an attribute: as ns-3 text, and as the row must write it. */
struct Other
{
    std::string ns3Text; //!< for Config::SetDefault
    std::string cell;    //!< the runs.csv cell
};

/** Word of a FinResponse value in the files (the parameter's choices). */
std::string
FinResponseWord(const std::string& name)
{
    return name == "Ack" ? "ack" : "fin-ack";
}

Other
OtherValue(const ConfigColumn& c, const TypeId::AttributeInformation& info)
{
    std::string now = info.initialValue->SerializeToString(info.checker);
    Ptr<AttributeValue> value = info.checker->Create();
    if (DynamicCast<BooleanValue>(value))
    {
        bool on = now == "true";
        return {on ? "false" : "true", on ? "no" : "yes"};
    }
    if (DynamicCast<UintegerValue>(value))
    {
        std::string next = std::to_string(std::stoull(now) + 1);
        return {next, next};
    }
    if (DynamicCast<DoubleValue>(value))
    {
        double next = std::stod(now) + 1.0;
        return {ParamSchema::NumberText(next), ParamSchema::NumberText(next)};
    }
    if (DynamicCast<TimeValue>(value))
    {
        Time t = DynamicCast<const TimeValue>(info.initialValue)->Get();
        double next = t.IsZero() ? 1.0 : 2.0 * t.GetSeconds();
        return {ParamSchema::NumberText(next) + "s", ParamSchema::NumberText(next)};
    }
    if (CompatIsEnumAttribute(info.checker))
    {
        std::istringstream names(info.checker->GetUnderlyingTypeInformation());
        for (std::string name; std::getline(names, name, '|');)
        {
            if (name != now)
            {
                return {name, c.attribute == "FinResponse" ? FinResponseWord(name) : name};
            }
        }
    }
    if (DynamicCast<TypeIdValue>(value))
    {
        std::string other =
            c.attribute == "SocketType" ? "ns3::TcpNewReno" : "ns3::TcpClassicRecovery";
        return {other, other};
    }
    return {"", ""};
}

/** Each configuration column shows its attribute as it was set. */
void
EveryColumnReadBack(TableCase& tc)
{
    uint32_t checked = 0;
    for (const ConfigColumn& c : EffectiveConfig::Columns())
    {
        if (c.attribute.empty())
        {
            continue; // ns3_overrides: the command line's (tested in test/cli)
        }
        TypeId tid = TypeId::LookupByName(c.typeId);
        TypeId::AttributeInformation info;
        tc.Expect(tid.LookupAttributeByName(c.attribute, &info), c.typeId + " has " + c.attribute);
        Other other = OtherValue(c, info);
        tc.Expect(!other.ns3Text.empty(), "another value for " + c.attribute);
        if (other.ns3Text.empty())
        {
            continue;
        }
        std::string path = c.typeId + "::" + c.attribute;
        std::string before = info.initialValue->SerializeToString(info.checker);
        Config::SetDefault(path, StringValue(other.ns3Text));
        TeardownParams p = CloseTestCase::BaseParams("four-way");
        RunResult r = TeardownScenario(p).Run().result;
        Config::SetDefault(path, StringValue(before));
        auto found = r.effective.find(c.column);
        std::string cell = found == r.effective.end() ? "(none)" : found->second;
        tc.Expect(cell == other.cell,
                  path + "=" + other.ns3Text + ": column " + c.column + " holds '" + cell +
                      "', expected '" + other.cell + "'");
        ++checked;
    }
    tc.Expect(checked >= 20, "at least 20 configuration columns checked");
}

/** The close knobs the variants set are read back too, not taken from the preset. */
void
KnobsAsRun(TableCase& tc)
{
    // four-way leaves TimeWaitMsl to the attribute: an override changes what runs
    Config::SetDefault("ns3::TcpTeardownSocket::TimeWaitMsl", DoubleValue(0.0));
    RunResult r = TeardownScenario(CloseTestCase::BaseParams("four-way")).Run().result;
    Config::SetDefault("ns3::TcpTeardownSocket::TimeWaitMsl", DoubleValue(2.0));
    tc.Expect(r.effective["time_wait_msl"] == "0", "time_wait_msl read back as 0");
    tc.ExpectEq(r.a.entries[TcpSocket::TIME_WAIT], 0, "A closes without TIME_WAIT, as it ran");
    // three-way sets FinAckDiscard itself
    RunResult t = TeardownScenario(CloseTestCase::BaseParams("three-way")).Run().result;
    tc.Expect(t.effective["fin_response"] == "fin-ack", "three-way: fin_response fin-ack");
    // ns-3's own socket has none of the module's attributes: the cells are empty
    RunResult s = TeardownScenario(CloseTestCase::BaseParams("ns3-stock")).Run().result;
    tc.Expect(s.effective["fin_response"].empty() && s.effective["fin_retries"].empty(),
              "ns3-stock: the module's knobs are empty");
    tc.Expect(!s.effective["min_rto_s"].empty(), "ns3-stock: its MinRto is read back");
}

/** The schema JSON names every runs.csv column once, with its role. */
void
SchemaNamesEveryColumn(TableCase& tc)
{
    std::string all = ResultSchema::Json();
    size_t begin = all.find("\"runs.csv\": [");
    size_t end = all.find("\"transitions.csv\": [");
    tc.Expect(begin != std::string::npos && end > begin,
              "the schema has runs.csv, then transitions.csv");
    std::string json = all.substr(begin, end - begin);
    for (const ColumnSpec& c : RunResult::ColumnSpecs())
    {
        std::string entry = "{\"column\": \"" + c.name + "\", \"role\": \"" + c.role + "\"";
        size_t first = json.find(entry);
        tc.Expect(first != std::string::npos, "the schema describes " + c.name);
        tc.Expect(json.find(entry, first + 1) == std::string::npos,
                  c.name + " is described once in runs.csv");
    }
    std::set<std::string> names(RunResult::Columns().begin(), RunResult::Columns().end());
    tc.ExpectEq(names.size(), RunResult::Columns().size(), "no runs.csv column twice");
    for (const ParamSpec& p : ParamSchema::Parameters())
    {
        tc.Expect(p.Column().empty() || names.count(p.Column()) == 1,
                  "parameter " + p.name + " has its column " + p.Column());
    }
}

class EffectiveConfigTestSuite : public TableSuite
{
  public:
    EffectiveConfigTestSuite()
        : TableSuite("tcp-teardown-effective-config")
    {
        Add("every configuration column shows an override, read back", EveryColumnReadBack);
        Add("the close knobs as run, not as preset", KnobsAsRun);
        Add("the schema describes every column once", SchemaNamesEveryColumn);
    }
};

/// The suite's instance.
static EffectiveConfigTestSuite g_effectiveConfigTestSuite;

} // namespace
