/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "close-variant.h"

#include "ns3/log.h"

#include <stdexcept>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownCloseVariant");

namespace
{
CloseVariant
Make(const std::string& name, const std::string& description)
{
    CloseVariant v;
    v.name = name;
    v.description = description;
    return v;
}

std::vector<CloseVariant>
BuildPresets()
{
    std::vector<CloseVariant> all;
    all.push_back(Make("four-way", "RFC 9293 close: FIN, ACK, (B's data), FIN, ACK; TIME_WAIT"));

    CloseVariant v = Make("four-way-no-timewait", "four-way, A closes when it sends the final ACK");
    v.timeWaitMsl = 0.0;
    all.push_back(v);

    v = Make("three-way", "B answers A's FIN with one FIN+ACK, unsent data discarded; TIME_WAIT");
    v.finResponse = TcpTeardownSocket::FIN_ACK_DISCARD;
    all.push_back(v);

    v = Make("three-way-no-timewait", "three-way, A closes when it sends the final ACK");
    v.finResponse = TcpTeardownSocket::FIN_ACK_DISCARD;
    v.timeWaitMsl = 0.0;
    all.push_back(v);

    v = Make("three-way-direct",
             "the explainer's three-way: B answers A's FIN with one FIN+ACK (unsent data "
             "discarded) and closes at once; A closes on it, no final ACK, no TIME_WAIT");
    v.finResponse = TcpTeardownSocket::FIN_ACK_DISCARD;
    v.finalAck = false;
    v.lastAck = false;
    v.timeWaitMsl = 0.0;
    all.push_back(v);

    v = Make("simultaneous", "A and B call close at the same instant (CLOSING on both sides)");
    v.simultaneous = true;
    all.push_back(v);

    v = Make("ns3-stock", "ns-3.37's own TcpSocketBase, unchanged, for comparison");
    v.stockSocket = true;
    all.push_back(v);
    return all;
}
} // namespace

const std::vector<CloseVariant>&
CloseVariant::All()
{
    static const std::vector<CloseVariant> presets = BuildPresets();
    return presets;
}

CloseVariant
CloseVariant::FromName(const std::string& name)
{
    for (const auto& v : All())
    {
        if (v.name == name)
        {
            return v;
        }
    }
    throw std::invalid_argument("unknown variant '" + name + "' (known: " + Names() + ")");
}

std::string
CloseVariant::Names()
{
    std::string names;
    for (const auto& v : All())
    {
        names += (names.empty() ? "" : ", ") + v.name;
    }
    return names;
}

} // namespace ns3
