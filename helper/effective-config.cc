/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "effective-config.h"

#include "param-schema.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/integer.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-socket-base.h"
#include "ns3/tcp-teardown-compat.h"
#include "ns3/tcp-teardown-l4-protocol.h"
#include "ns3/type-id.h"
#include "ns3/uinteger.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownEffectiveConfig");

namespace
{
/** The module's words for enum values that are also parameters. */
std::string
EnumWord(const std::string& attribute, const std::string& name)
{
    if (attribute == "FinResponse")
    {
        return name == "Ack" ? "ack" : name == "FinAckDiscard" ? "fin-ack" : name;
    }
    return name;
}

/** The column of an attribute: snake case, _s for times. */
ConfigColumn
ColumnOf(const TypeId& tid, const TypeId::AttributeInformation& info)
{
    Ptr<AttributeValue> value = info.checker->Create();
    ConfigColumn c;
    c.typeId = tid.GetName();
    c.attribute = info.name;
    c.help = info.help;
    bool time = DynamicCast<TimeValue>(value) != nullptr;
    c.column = ParamSchema::SnakeCase(info.name) + (time ? "_s" : "");
    c.unit = time ? "s" : "";
    if (time || DynamicCast<DoubleValue>(value))
    {
        c.type = "number";
    }
    else if (DynamicCast<UintegerValue>(value) || DynamicCast<IntegerValue>(value))
    {
        c.type = "count";
    }
    else if (DynamicCast<BooleanValue>(value))
    {
        c.type = "choice";
        c.choices = {"yes", "no"};
    }
    else if (CompatIsEnumAttribute(info.checker))
    {
        c.type = "choice";
        std::istringstream names(info.checker->GetUnderlyingTypeInformation());
        for (std::string name; std::getline(names, name, '|');)
        {
            c.choices.push_back(EnumWord(info.name, name));
        }
    }
    else
    {
        c.type = "text";
    }
    return c;
}

std::vector<ConfigColumn>
BuildColumns()
{
    std::vector<ConfigColumn> columns;
    auto add = [&columns](const std::string& type, const std::vector<std::string>& names) {
        TypeId tid = TypeId::LookupByName(type);
        for (size_t i = 0; i < tid.GetAttributeN(); ++i)
        {
            TypeId::AttributeInformation info = tid.GetAttribute(i);
            bool wanted = names.empty();
            for (const auto& n : names)
            {
                wanted = wanted || n == info.name;
            }
            if (wanted && (info.flags & TypeId::ATTR_GET) && info.accessor->HasGetter())
            {
                columns.push_back(ColumnOf(tid, info));
            }
        }
    };
    add("ns3::TcpSocketBase",
        {"MinRto", "ClockGranularity", "Sack", "Timestamp", "WindowScaling", "LimitedTransmit"});
    add("ns3::TcpSocket",
        {"DelAckCount",
         "DelAckTimeout",
         "SegmentSize",
         "InitialCwnd",
         "SndBufSize",
         "RcvBufSize",
         "DataRetries",
         "TcpNoDelay",
         "PersistTimeout",
         "ConnTimeout"});
    add("ns3::TcpTeardownSocket", {}); // every attribute of the module's socket
    TypeId l4 = TypeId::LookupByName("ns3::TcpL4Protocol");
    for (const auto& a : {std::make_pair("SocketType", "congestion_control"),
                          std::make_pair("RecoveryType", "recovery")})
    {
        TypeId::AttributeInformation info;
        l4.LookupAttributeByName(a.first, &info);
        ConfigColumn c = ColumnOf(l4, info);
        c.column = a.second;
        columns.push_back(c);
    }
    ConfigColumn overrides;
    overrides.column = "ns3_overrides";
    overrides.type = "text";
    overrides.help = "ns-3 attributes set on the command line, with their values read back";
    columns.push_back(overrides);
    return columns;
}

std::vector<std::string> g_overrides; //!< attribute paths set on the command line

} // namespace

const std::vector<ConfigColumn>&
EffectiveConfig::Columns()
{
    static const std::vector<ConfigColumn> columns = BuildColumns();
    return columns;
}

std::string
EffectiveConfig::Cell(Ptr<Object> object, const std::string& attribute, bool& found)
{
    TypeId::AttributeInformation info;
    found = object && object->GetInstanceTypeId().LookupAttributeByName(attribute, &info) &&
            (info.flags & TypeId::ATTR_GET) && info.accessor->HasGetter();
    if (!found)
    {
        return "";
    }
    Ptr<AttributeValue> value = info.checker->Create();
    object->GetAttribute(attribute, *value);
    if (auto time = DynamicCast<TimeValue>(value))
    {
        return ParamSchema::NumberText(time->Get().GetSeconds());
    }
    if (auto boolean = DynamicCast<BooleanValue>(value))
    {
        return boolean->Get() ? "yes" : "no";
    }
    if (auto tid = DynamicCast<TypeIdValue>(value))
    {
        return tid->Get().GetName();
    }
    return EnumWord(attribute, value->SerializeToString(info.checker));
}

std::map<std::string, std::string>
EffectiveConfig::Read(Ptr<Socket> socket, Ptr<Node> node)
{
    std::map<std::string, std::string> values;
    Ptr<TcpL4Protocol> tcp = node ? node->GetObject<TcpL4Protocol>() : nullptr;
    for (const ConfigColumn& c : Columns())
    {
        if (c.attribute.empty())
        {
            continue;
        }
        bool found;
        Ptr<Object> owner =
            c.typeId == "ns3::TcpL4Protocol" ? Ptr<Object>(tcp) : Ptr<Object>(socket);
        values[c.column] = Cell(owner, c.attribute, found);
    }
    auto compact = values.find("compact_time_wait");
    if (compact != values.end() && DynamicCast<TcpTeardownL4Protocol>(tcp) == nullptr)
    {
        compact->second = "no"; // the stock TcpL4Protocol keeps every TIME_WAIT in its socket
    }
    values["ns3_overrides"] = Overrides();
    return values;
}

void
EffectiveConfig::SetOverrides(const std::vector<std::string>& paths)
{
    g_overrides = paths;
}

std::string
EffectiveConfig::Overrides()
{
    std::string text;
    for (const auto& path : g_overrides)
    {
        size_t sep = path.rfind("::");
        TypeId tid;
        TypeId::AttributeInformation info;
        std::string value = "?";
        if (sep != std::string::npos && TypeId::LookupByNameFailSafe(path.substr(0, sep), &tid) &&
            tid.LookupAttributeByName(path.substr(sep + 2), &info))
        {
            value = info.initialValue->SerializeToString(info.checker);
        }
        text += (text.empty() ? "" : ";") + path + "=" + value;
    }
    return text;
}

std::vector<std::pair<std::string, std::string>>
EffectiveConfig::Dump(Ptr<Socket> socket, Ptr<Node> node)
{
    std::vector<std::pair<std::string, std::string>> out;
    auto dump = [&out](Ptr<Object> object) {
        if (!object)
        {
            return;
        }
        for (TypeId tid = object->GetInstanceTypeId(); tid != Object::GetTypeId();
             tid = tid.GetParent())
        {
            for (size_t i = 0; i < tid.GetAttributeN(); ++i)
            {
                TypeId::AttributeInformation info = tid.GetAttribute(i);
                std::string kind = info.checker->GetValueTypeName();
                if (!(info.flags & TypeId::ATTR_GET) || !info.accessor->HasGetter() ||
                    kind == "ns3::PointerValue" || kind == "ns3::ObjectPtrContainerValue" ||
                    kind == "ns3::CallbackValue")
                {
                    continue; // objects and callbacks: addresses, not configuration
                }
                Ptr<AttributeValue> value = info.checker->Create();
                object->GetAttribute(info.name, *value);
                out.emplace_back(tid.GetName() + "::" + info.name,
                                 value->SerializeToString(info.checker));
            }
        }
    };
    dump(socket);
    dump(node ? node->GetObject<TcpL4Protocol>() : nullptr);
    return out;
}

} // namespace ns3
