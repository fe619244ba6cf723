/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "param-command-line.h"

#include "effective-config.h"
#include "param-schema.h"

#include "ns3/double.h"
#include "ns3/global-value.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/type-id.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownParamCommandLine");

namespace
{
/** Whether a text is an ns-3 time: a finite number with an optional unit. */
bool
IsTime(const std::string& text)
{
    double number;
    for (const char* unit : {"min", "ms", "us", "ns", "ps", "fs", "y", "d", "h", "s", ""})
    {
        std::string u = unit;
        if (text.size() > u.size() && text.compare(text.size() - u.size(), u.size(), u) == 0 &&
            ParamSchema::ParseNumber(text.substr(0, text.size() - u.size()), number))
        {
            return true;
        }
    }
    return false;
}

/** Check "--name=value" against an attribute checker. */
void
CheckValue(const std::string& flag,
           const std::string& value,
           Ptr<const AttributeChecker> checker,
           const std::string& what)
{
    Ptr<AttributeValue> v = checker->Create();
    if (DynamicCast<TimeValue>(v) && !IsTime(value))
    {
        // ns-3 aborts on a time it cannot read
        throw ParamError(flag, value, "not a time (e.g. 200ms, 1s) for " + what);
    }
    // ns-3 reads unsigned values with operator>>, which takes "-1" as 2^64 - 1
    bool unsignedValue = DynamicCast<UintegerValue>(v) != nullptr;
    if (unsignedValue &&
        (value.empty() || value.find_first_not_of("0123456789") != std::string::npos))
    {
        throw ParamError(flag, value, "expected a whole number >= 0 for " + what);
    }
    if (!v->DeserializeFromString(value, checker) || !checker->Check(*v))
    {
        throw ParamError(flag, value, "not a valid value of " + what);
    }
    bool real = DynamicCast<DoubleValue>(v) || DynamicCast<TimeValue>(v);
    if (real && (value.find("nan") != std::string::npos || value.find("inf") != std::string::npos))
    {
        throw ParamError(flag, value, "not a finite value of " + what);
    }
}

/** Check every --ns3::Type::Attribute=value and --Global=value argument. */
void
CheckNs3Arguments(const std::vector<std::string>& args)
{
    std::vector<std::string> overrides;
    for (const auto& arg : args)
    {
        if (arg.rfind("--", 0) != 0)
        {
            continue;
        }
        size_t eq = arg.find('=');
        std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
        std::string value = eq == std::string::npos ? "" : arg.substr(eq + 1);
        std::string flag = "--" + name;
        if (eq == std::string::npos && ParamSchema::Find(name))
        {
            throw ParamError(flag, "", "needs a value (" + flag + "=...)");
        }
        size_t sep = name.rfind("::");
        if (name.rfind("ns3::", 0) == 0 && sep != std::string::npos && sep > 3)
        {
            TypeId tid;
            TypeId::AttributeInformation info;
            if (!TypeId::LookupByNameFailSafe(name.substr(0, sep), &tid) ||
                !tid.LookupAttributeByName(name.substr(sep + 2), &info))
            {
                throw ParamError(flag, value, "no such ns-3 attribute");
            }
            CheckValue(flag, value, info.checker, "the attribute " + name);
            overrides.push_back(name);
            continue;
        }
        for (auto g = GlobalValue::Begin(); g != GlobalValue::End(); ++g)
        {
            if ((*g)->GetName() == name)
            {
                CheckValue(flag, value, (*g)->GetChecker(), "the ns-3 global " + name);
            }
        }
    }
    EffectiveConfig::SetOverrides(overrides);
}
} // namespace

ParamCommandLine::ParamCommandLine(int argc, char* argv[])
    : m_args(argv + std::min(argc, 1), argv + argc)
{
    for (const ParamSpec& spec : ParamSchema::Parameters())
    {
        m_text[spec.name] = spec.defaultText;
    }
    CheckNs3Arguments(m_args);
}

void
ParamCommandLine::SetDefault(const std::string& name, const std::string& text)
{
    m_text.at(name) = text;
}

void
ParamCommandLine::AddTo(CommandLine& cmd, bool lists, const std::vector<std::string>& except)
{
    for (const ParamSpec& spec : ParamSchema::Parameters())
    {
        if (std::find(except.begin(), except.end(), spec.name) != except.end())
        {
            continue;
        }
        std::string help = spec.help;
        if (spec.unit == "s")
        {
            help += " (seconds)";
        }
        cmd.AddValue(spec.name, lists ? help + " (list)" : help, m_text[spec.name]);
    }
}

void
ParamCommandLine::CheckFlags(const CommandLine& cmd, int argc, char* argv[])
{
    std::ostringstream help;
    cmd.PrintHelp(help);
    std::map<std::string, bool> known = {{"help", false}, {"h", false}}; // name -> boolean
    std::istringstream lines(help.str());
    for (std::string line; std::getline(lines, line);)
    {
        // "    --name:   help [default]" or "    --PrintGroup=[group]:  help"
        size_t start = line.find_first_not_of(' ');
        size_t end = line.find_first_of(":=", start);
        if (start == std::string::npos || line.compare(start, 2, "--") != 0 ||
            end == std::string::npos)
        {
            continue;
        }
        bool boolean = line.size() >= 7 && (line.compare(line.size() - 6, 6, "[true]") == 0 ||
                                            line.compare(line.size() - 7, 7, "[false]") == 0);
        known[line.substr(start + 2, end - start - 2)] = boolean;
    }
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        if (arg.size() < 2 || arg[0] != '-')
        {
            continue; // not a flag: CommandLine keeps it as a non-option
        }
        size_t dashes = arg.rfind("--", 0) == 0 ? 2 : 1;
        size_t eq = arg.find('=');
        std::string name = arg.substr(dashes, eq == std::string::npos ? eq : eq - dashes);
        std::string value = eq == std::string::npos ? "" : arg.substr(eq + 1);
        bool global = false;
        for (auto g = GlobalValue::Begin(); g != GlobalValue::End(); ++g)
        {
            global = global || (*g)->GetName() == name;
        }
        auto flag = known.find(name);
        if (flag == known.end() && !global && name.find("::") == std::string::npos)
        {
            throw ParamError("--" + name, value, "unknown flag (--PrintHelp lists them)");
        }
        if (flag != known.end() && !flag->second && eq != std::string::npos && value.empty() &&
            !ParamSchema::Find(name))
        {
            throw ParamError("--" + name, value, "needs a value"); // (Parse takes a parameter's)
        }
        std::string lower = value;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) {
            return static_cast<char>(std::tolower(c));
        });
        if (flag != known.end() && flag->second &&
            !(lower.empty() || lower == "true" || lower == "t" || lower == "1" ||
              lower == "false" || lower == "f" || lower == "0"))
        {
            throw ParamError("--" + name, value, "expected true or false");
        }
    }
}

uint64_t
ParamCommandLine::WholeNumber(const std::string& flag,
                              const std::string& text,
                              uint64_t min,
                              uint64_t max)
{
    bool digits = !text.empty() && text.size() < 20 &&
                  text.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::stoull(text) < min || std::stoull(text) > max)
    {
        throw ParamError(flag,
                         text,
                         max == std::numeric_limits<uint64_t>::max()
                             ? "expected a whole number >= " + std::to_string(min)
                             : "expected a whole number from " + std::to_string(min) + " to " +
                                   std::to_string(max));
    }
    return std::stoull(text);
}

void
ParamCommandLine::Parse(CommandLine& cmd, int argc, char* argv[])
{
    CheckFlags(cmd, argc, argv);
    std::vector<char*> kept;
    for (int i = 0; i < argc; ++i)
    {
        std::string arg = argv[i];
        const ParamSpec* spec = arg.size() > 3 && arg.back() == '=' && arg.rfind("--", 0) == 0
                                    ? ParamSchema::Find(arg.substr(2, arg.size() - 3))
                                    : nullptr;
        if (i > 0 && spec)
        {
            spec->Canonical(""); // throws unless the parameter takes "nothing"
            m_text[spec->name] = "";
            continue;
        }
        kept.push_back(argv[i]);
    }
    kept.push_back(nullptr);
    cmd.Parse(static_cast<int>(kept.size()) - 1, kept.data());
}

bool
ParamCommandLine::Given(const std::string& name) const
{
    std::string flag = "--" + name;
    for (const auto& arg : m_args)
    {
        if (arg == flag || arg.rfind(flag + "=", 0) == 0)
        {
            return true;
        }
    }
    return false;
}

const std::string&
ParamCommandLine::Text(const std::string& name) const
{
    return m_text.at(name);
}

void
ParamCommandLine::Apply(TeardownParams& params) const
{
    for (const ParamSpec& spec : ParamSchema::Parameters())
    {
        spec.set(params, spec.Canonical(m_text.at(spec.name)));
    }
}

std::vector<std::string>
ParamCommandLine::CommandFor(const TeardownParams& params)
{
    std::vector<std::string> args = {"tcp-teardown"};
    for (const ParamSpec& spec : ParamSchema::Parameters())
    {
        if (spec.get && spec.get(params) != spec.defaultText)
        {
            args.push_back(spec.Flag() + "=" + spec.get(params));
        }
    }
    args.push_back("--RngSeed=" + std::to_string(params.rngSeed));
    args.push_back("--RngRun=" + std::to_string(params.rngRun));
    return args;
}

} // namespace ns3
