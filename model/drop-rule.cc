/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "drop-rule.h"

#include "ns3/log.h"

#include <limits>
#include <sstream>
#include <stdexcept>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownDropRule");

std::string
LinkDirectionName(LinkDirection direction)
{
    return direction == LinkDirection::A_TO_B ? "a2b" : "b2a";
}

namespace
{
std::vector<std::string>
Split(const std::string& text, char separator)
{
    std::vector<std::string> parts;
    std::string part;
    std::istringstream stream(text);
    while (std::getline(stream, part, separator))
    {
        parts.push_back(part);
    }
    if (!text.empty() && text.back() == separator)
    {
        parts.emplace_back();
    }
    return parts;
}

std::string
Trim(const std::string& text)
{
    auto begin = text.find_first_not_of(" \t");
    if (begin == std::string::npos)
    {
        return "";
    }
    auto end = text.find_last_not_of(" \t");
    return text.substr(begin, end - begin + 1);
}

uint32_t
ParseCount(const std::string& text, const std::string& rule)
{
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos ||
        text.size() > 9)
    {
        throw std::invalid_argument("bad drop rule '" + rule + "': '" + text +
                                    "' is not a segment number (1, 2, ...)");
    }
    uint32_t value = static_cast<uint32_t>(std::stoul(text));
    if (value == 0)
    {
        throw std::invalid_argument("bad drop rule '" + rule +
                                    "': segments are counted from 1, not 0");
    }
    return value;
}
} // namespace

DropRule
DropRule::Parse(const std::string& rawText)
{
    std::string text = Trim(rawText);
    std::vector<std::string> parts = Split(text, ':');
    if (parts.size() != 3)
    {
        throw std::invalid_argument("bad drop rule '" + text + "': expected DIR:KIND:WHICH, " +
                                    Syntax());
    }
    DropRule rule;
    rule.text = text;
    if (parts[0] == "a2b")
    {
        rule.direction = LinkDirection::A_TO_B;
    }
    else if (parts[0] == "b2a")
    {
        rule.direction = LinkDirection::B_TO_A;
    }
    else
    {
        throw std::invalid_argument("bad drop rule '" + text + "': direction '" + parts[0] +
                                    "' is not a2b or b2a");
    }
    const std::string& kind = parts[1];
    if (kind == "fin")
    {
        rule.kind = SegmentKind::FIN;
    }
    else if (kind == "ack-of-fin")
    {
        rule.kind = SegmentKind::ACK_OF_FIN;
    }
    else if (kind == "data")
    {
        rule.kind = SegmentKind::DATA;
    }
    else if (kind == "last-data")
    {
        rule.kind = SegmentKind::LAST_DATA;
    }
    else if (kind == "syn")
    {
        rule.kind = SegmentKind::SYN;
    }
    else if (kind == "rst")
    {
        rule.kind = SegmentKind::RST;
    }
    else if (kind == "any")
    {
        rule.kind = SegmentKind::ANY;
    }
    else
    {
        throw std::invalid_argument("bad drop rule '" + text + "': kind '" + kind +
                                    "' is not one of fin, ack-of-fin, data, last-data, syn, "
                                    "rst, any");
    }
    const std::string& which = parts[2];
    if (which == "all")
    {
        rule.first = 1;
        rule.last = std::numeric_limits<uint32_t>::max();
    }
    else if (which.find('-') != std::string::npos)
    {
        std::vector<std::string> range = Split(which, '-');
        if (range.size() != 2)
        {
            throw std::invalid_argument("bad drop rule '" + text + "': '" + which +
                                        "' is not a range k-m");
        }
        rule.first = ParseCount(range[0], text);
        rule.last = ParseCount(range[1], text);
        if (rule.last < rule.first)
        {
            throw std::invalid_argument("bad drop rule '" + text + "': range '" + which +
                                        "' ends before it starts");
        }
    }
    else
    {
        rule.first = ParseCount(which, text);
        rule.last = rule.first;
    }
    return rule;
}

std::vector<DropRule>
DropRule::ParseList(const std::string& text)
{
    std::vector<DropRule> rules;
    for (const auto& part : Split(text, ';'))
    {
        if (!Trim(part).empty())
        {
            rules.push_back(Parse(part));
        }
    }
    return rules;
}

std::string
DropRule::Syntax()
{
    return "rules are DIR:KIND:WHICH joined by ';' with DIR = a2b|b2a, KIND = "
           "fin|ack-of-fin|data|last-data|syn|rst|any, WHICH = k|k-m|all (from 1); "
           "e.g. 'a2b:fin:1' (A's first FIN), 'b2a:ack-of-fin:1' (B's ACK of A's FIN), "
           "'b2a:fin:1-2' (B's first two FINs), 'a2b:ack-of-fin:1' (A's final ACK)";
}

} // namespace ns3
