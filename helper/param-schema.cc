/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "param-schema.h"

#include "close-variant.h"
#include "teardown-params.h"

#include "ns3/data-rate.h"
#include "ns3/drop-rule.h"
#include "ns3/keep-delay.h"
#include "ns3/log.h"
#include "ns3/loss-plan.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownParamSchema");

namespace
{
/** Times are bounded so that every timer and the stop time fit ns-3's Time. */
const double MAX_SECONDS = 1e6;
/** Byte counts: what a uint32_t holds. */
const double MAX_BYTES = 4294967295.0;

std::string
RangeText(double value)
{
    return ParamSchema::NumberText(value);
}

double
ToDouble(const std::string& v)
{
    return std::strtod(v.c_str(), nullptr);
}

uint64_t
ToCount(const std::string& v)
{
    return std::strtoull(v.c_str(), nullptr, 10);
}

ParamSpec
Spec(const std::string& name,
     ValueType type,
     const std::string& unit,
     const std::string& defaultText,
     const std::string& help)
{
    ParamSpec s;
    s.name = name;
    s.type = type;
    s.unit = unit;
    s.defaultText = defaultText;
    s.help = help;
    return s;
}

/** A number or time in [min, max] stored in a double member. */
ParamSpec
Real(const std::string& name,
     ValueType type,
     const std::string& unit,
     double TeardownParams::*member,
     double defaultValue,
     double min,
     double max,
     const std::string& help)
{
    ParamSpec s = Spec(name, type, unit, ParamSchema::NumberText(defaultValue), help);
    s.min = min;
    s.max = max;
    s.set = [member](TeardownParams& p, const std::string& v) { p.*member = ToDouble(v); };
    s.get = [member](const TeardownParams& p) { return ParamSchema::NumberText(p.*member); };
    return s;
}

/** A whole number in [min, max] stored in an unsigned member. */
template <class T>
ParamSpec
Count(const std::string& name,
      const std::string& unit,
      T TeardownParams::*member,
      T defaultValue,
      double min,
      double max,
      const std::string& help)
{
    ParamSpec s = Spec(name, ValueType::COUNT, unit, std::to_string(defaultValue), help);
    s.min = min;
    s.max = max;
    s.set = [member](TeardownParams& p, const std::string& v) {
        p.*member = static_cast<T>(ToCount(v));
    };
    s.get = [member](const TeardownParams& p) { return std::to_string(p.*member); };
    return s;
}

/** A word of a list, or free text with a check, stored in a string member. */
ParamSpec
Word(const std::string& name,
     ValueType type,
     std::string TeardownParams::*member,
     const std::string& defaultText,
     const std::vector<std::string>& choices,
     const std::string& help)
{
    ParamSpec s = Spec(name, type, "", defaultText, help);
    s.choices = choices;
    s.set = [member](TeardownParams& p, const std::string& v) { p.*member = v; };
    s.get = [member](const TeardownParams& p) { return p.*member; };
    return s;
}

/** A loss probability of one direction that overrides --loss when given. */
ParamSpec
DirectionLoss(const std::string& name, double TeardownParams::*member, const std::string& help)
{
    ParamSpec s = Real(name, ValueType::NUMBER, "", member, 0.0, 0.0, 1.0, help);
    s.optional = true;
    s.defaultText = "";
    s.set = [member](TeardownParams& p, const std::string& v) {
        if (!v.empty())
        {
            p.*member = ToDouble(v);
        }
    };
    return s;
}

std::vector<std::string>
VariantNames()
{
    std::vector<std::string> names;
    for (const auto& v : CloseVariant::All())
    {
        names.push_back(v.name);
    }
    return names;
}

std::vector<ParamSpec>
BuildParameters()
{
    using P = TeardownParams;
    const TeardownParams d;
    std::vector<ParamSpec> s;
    // The order numbers the points of a sweep (first varies slowest): append
    // new parameters at the end, so that existing sweeps keep their numbering.
    s.push_back(Word("variant",
                     ValueType::CHOICE,
                     &P::variant,
                     d.variant,
                     VariantNames(),
                     "close variant: " + CloseVariant::Names()));

    ParamSpec loss = Spec("loss",
                          ValueType::NUMBER,
                          "",
                          "0",
                          "random loss probability in both directions (shorthand: sets "
                          "lossA2B and lossB2A)");
    loss.max = 1.0;
    loss.column = false;
    loss.set = [](P& p, const std::string& v) { p.lossA2B = p.lossB2A = ToDouble(v); };
    s.push_back(loss);
    s.push_back(DirectionLoss("lossA2B",
                              &P::lossA2B,
                              "random loss probability A->B (overrides --loss; empty: as --loss)"));
    s.push_back(DirectionLoss("lossB2A",
                              &P::lossB2A,
                              "random loss probability B->A (overrides --loss; empty: as --loss)"));
    s.push_back(Real("msl",
                     ValueType::SECONDS,
                     "s",
                     &P::mslS,
                     d.mslS,
                     0.0,
                     MAX_SECONDS,
                     "maximum segment lifetime (TIME_WAIT = 2 x MSL)"));
    s.push_back(Count("responseBytes",
                      "B",
                      &P::responseBytes,
                      d.responseBytes,
                      0.0,
                      MAX_BYTES,
                      "B's response: bytes B sends after A's request (the data B may still "
                      "have to send when A's FIN arrives)"));

    ParamSpec drop = Word("drop",
                          ValueType::TEXT,
                          &P::drop,
                          "",
                          {},
                          "targeted drop rules DIR:KIND:WHICH joined by ';' ('none': no rule)");
    drop.check = [](const std::string& v) -> std::string {
        try
        {
            DropRule::ParseList(v);
        }
        catch (const std::invalid_argument& e)
        {
            return e.what();
        }
        return "";
    };
    s.push_back(drop);
    s.push_back(Word("lossScope",
                     ValueType::CHOICE,
                     &P::lossScope,
                     d.lossScope,
                     {"close", "run"},
                     "close: random loss from A's close call on; run: the whole run"));

    ParamSpec rate = Word("rate", ValueType::TEXT, &P::rate, d.rate, {}, "link data rate");
    rate.check = [](const std::string& v) -> std::string {
        DataRateValue value;
        if (!value.DeserializeFromString(v, MakeDataRateChecker()))
        {
            return "not a data rate (e.g. 10Mbps)";
        }
        return value.Get().GetBitRate() == 0 ? "the data rate must be above zero" : "";
    };
    s.push_back(rate);
    s.push_back(Real("delay",
                     ValueType::SECONDS,
                     "s",
                     &P::delayS,
                     d.delayS,
                     0.0,
                     MAX_SECONDS,
                     "one-way link delay (seconds, or e.g. 10ms)"));
    s.push_back(Count("queuePackets",
                      "packets",
                      &P::queuePackets,
                      d.queuePackets,
                      1.0,
                      1e7,
                      "device queue size in packets"));
    s.push_back(Count("requestBytes",
                      "B",
                      &P::requestBytes,
                      d.requestBytes,
                      1.0,
                      MAX_BYTES,
                      "bytes of A's request"));
    s.push_back(Real("closeDelay",
                     ValueType::SECONDS,
                     "s",
                     &P::closeDelayS,
                     d.closeDelayS,
                     0.0,
                     MAX_SECONDS,
                     "A closes this long after sending its request"));
    s.push_back(Real("serverDelay",
                     ValueType::SECONDS,
                     "s",
                     &P::serverDelayS,
                     d.serverDelayS,
                     0.0,
                     MAX_SECONDS,
                     "B's processing time before it responds"));
    ParamSpec work =
        Real("workAfterFin",
             ValueType::SECONDS,
             "s",
             &P::workAfterFinS,
             d.workAfterFinS,
             0.0,
             MAX_SECONDS,
             "B's work left when A's FIN arrives: B writes its response one segment at "
             "a time, at a steady rate over closeDelay + this, from when it has read "
             "the request (0: all at once; simultaneous: both close after its last segment)");
    s.push_back(work);

    ParamSpec stop = Real("stopTime",
                          ValueType::SECONDS,
                          "s",
                          &P::stopS,
                          d.stopS,
                          0.0,
                          MAX_SECONDS,
                          "end of the run (0: long enough for every timer)");
    stop.readBack = true; // the column holds the stop time the run used
    stop.rule = [](const P& p) {
        return p.stopS > 0.0 && p.stopS <= p.startS ? std::string("must be after --start") : "";
    };
    s.push_back(stop);

    // The close knobs: "" keeps the variant's; the columns hold the knobs
    // as the sockets ran them (read back, so --ns3::TcpTeardownSocket::...
    // overrides show too).
    ParamSpec finResponse = Word("finResponse",
                                 ValueType::CHOICE,
                                 &P::finResponse,
                                 "",
                                 {"", "ack", "fin-ack"},
                                 "override: B's answer to A's FIN, ack or fin-ack");
    ParamSpec finalAck = Word("finalAck",
                              ValueType::CHOICE,
                              &P::finalAck,
                              "",
                              {"", "yes", "no"},
                              "override: A acknowledges B's FIN, yes or no");
    ParamSpec timeWaitMsl = Real("timeWaitMsl",
                                 ValueType::NUMBER,
                                 "",
                                 &P::timeWaitMsl,
                                 -1.0,
                                 0.0,
                                 1000.0, // TIME_WAIT <= 1000 x MSL fits ns-3's Time
                                 "override: TIME_WAIT length in MSL (RFC: 2, 0 = none)");
    timeWaitMsl.optional = true;
    timeWaitMsl.defaultText = "";
    timeWaitMsl.set = [](P& p, const std::string& v) {
        p.timeWaitMsl = v.empty() ? -1.0 : ToDouble(v);
    };
    timeWaitMsl.get = [](const P& p) {
        return p.timeWaitMsl < 0.0 ? std::string() : ParamSchema::NumberText(p.timeWaitMsl);
    };
    ParamSpec rstOnDiscard = Word("rstOnDiscard",
                                  ValueType::CHOICE,
                                  &P::rstOnDiscard,
                                  "",
                                  {"", "yes", "no"},
                                  "override: RST instead of FIN when data is discarded, yes or no");
    for (ParamSpec* knob : {&finResponse, &finalAck, &timeWaitMsl, &rstOnDiscard})
    {
        knob->readBack = true;
        s.push_back(*knob);
    }
    s.push_back(Real("start",
                     ValueType::SECONDS,
                     "s",
                     &P::startS,
                     d.startS,
                     0.0,
                     MAX_SECONDS,
                     "A connects at this time"));
    ParamSpec burst = Real("lossBurst",
                           ValueType::NUMBER,
                           "",
                           &P::lossBurst,
                           d.lossBurst,
                           1.0,
                           1e6,
                           "mean length of a random-loss burst in segments (1: independent loss; "
                           "a Gilbert-Elliott chain with the same loss rate)");
    burst.rule = [](const P& p) {
        std::string why = LossPlan::BurstLengthError(p.lossA2B, p.lossBurst);
        return why.empty() ? LossPlan::BurstLengthError(p.lossB2A, p.lossBurst) : why;
    };
    s.push_back(burst);
    s.push_back(Word("ipv6",
                     ValueType::CHOICE,
                     &P::ipv6,
                     d.ipv6,
                     {"no", "yes"},
                     "yes: A and B talk over IPv6 (2001:db8::/64) instead of IPv4"));
    ParamSpec lastAck = Word("lastAck",
                             ValueType::CHOICE,
                             &P::lastAck,
                             "",
                             {"", "yes", "no"},
                             "override: B waits in LAST_ACK for the ACK of its FIN, yes or no "
                             "(no: B closes as its FIN leaves)");
    lastAck.readBack = true; // a close knob, as finalAck
    s.push_back(lastAck);

    // Reuse of the 4-tuple and a path that keeps segments (old duplicates).
    s.push_back(Count("incarnations",
                      "",
                      &P::incarnations,
                      d.incarnations,
                      1.0,
                      1000.0,
                      "connections run one after another on the same 4-tuple (A's port "
                      "fixed); the close studied is the first one's"));
    s.push_back(
        Real("reuseGap",
             ValueType::SECONDS,
             "s",
             &P::reuseGapS,
             d.reuseGapS,
             0.0,
             MAX_SECONDS,
             "from A's socket CLOSED to A's next connect on the same 4-tuple (0: at once)"));
    ParamSpec keep = Spec("keep",
                          ValueType::NUMBER,
                          "",
                          "0",
                          "probability that the path keeps a segment back, both directions "
                          "(shorthand: sets keepA2B and keepB2A)");
    keep.max = 1.0;
    keep.column = false;
    keep.set = [](P& p, const std::string& v) { p.keepA2B = p.keepB2A = ToDouble(v); };
    s.push_back(keep);
    s.push_back(DirectionLoss("keepA2B",
                              &P::keepA2B,
                              "probability that the path keeps a segment A->B back for "
                              "--keepDelay (overrides --keep; empty: as --keep)"));
    s.push_back(DirectionLoss("keepB2A",
                              &P::keepB2A,
                              "probability that the path keeps a segment B->A back for "
                              "--keepDelay (overrides --keep; empty: as --keep)"));
    ParamSpec keepDelay = Word("keepDelay",
                               ValueType::TEXT,
                               &P::keepDelay,
                               d.keepDelay,
                               {},
                               "how long a kept segment is held, conditioned on <= --lifetime: "
                               "fixed:D, uniform:A:B, exponential:MEAN or pareto:SCALE:SHAPE (s)");
    keepDelay.check = [](const std::string& v) {
        return KeepDelay::Check(v, std::numeric_limits<double>::max());
    };
    keepDelay.rule = [](const P& p) { return KeepDelay::Check(p.keepDelay, p.lifetimeS); };
    s.push_back(keepDelay);
    s.push_back(Real("lifetime",
                     ValueType::SECONDS,
                     "s",
                     &P::lifetimeS,
                     d.lifetimeS,
                     0.0,
                     MAX_SECONDS,
                     "L: the longest the path keeps a segment beyond its normal delivery (the "
                     "true maximum segment lifetime; the RFC assumes MSL >= L)"));
    s.push_back(Word("keepCopy",
                     ValueType::CHOICE,
                     &P::keepCopy,
                     d.keepCopy,
                     {"no", "yes"},
                     "yes: a kept segment also passes at once and its copy arrives late (a "
                     "duplicate); no: the segment itself arrives late"));
    // --isn: the initial sequence number of both ends (TcpTeardownSocket's
    // Isn); the column holds what A's socket ran with (read back, so
    // --ns3::TcpTeardownSocket::Isn=... shows too).
    ParamSpec isn = Word("isn",
                         ValueType::CHOICE,
                         &P::isn,
                         d.isn,
                         {"ns3", "rfc6528", "random"},
                         "initial sequence numbers: ns3 (ns-3's, 0), rfc6528 (RFC 6528: 4-us "
                         "clock + keyed hash of the 4-tuple) or random (uniform 32 bits)");
    isn.readBack = true;
    isn.rule = [](const P& p) {
        return p.isn != "ns3" && CloseVariant::FromName(p.variant).stockSocket
                   ? std::string("ns-3's own socket (variant ns3-stock) has no ISN choice: "
                                 "only ns3")
                   : "";
    };
    s.push_back(isn);
    // --paws: RFC 7323's protection against old segments (TcpTeardownSocket's
    // Paws; read back)
    ParamSpec paws = Word("paws",
                          ValueType::CHOICE,
                          &P::paws,
                          d.paws,
                          {"no", "yes"},
                          "yes: PAWS (RFC 7323): both ends drop a segment whose timestamp is "
                          "older than the last one accepted");
    paws.readBack = true;
    paws.rule = [](const P& p) {
        return p.paws == "yes" && CloseVariant::FromName(p.variant).stockSocket
                   ? std::string("ns-3's own socket (variant ns3-stock) has no PAWS")
                   : "";
    };
    s.push_back(paws);
    // --compactTimeWait: TIME_WAIT as a compact record in the node's
    // TcpTeardownL4Protocol (TcpTeardownSocket's CompactTimeWait; read back);
    // results are byte-identical either way (test/cli/compact-time-wait.sh)
    ParamSpec compactTimeWait =
        Word("compactTimeWait",
             ValueType::CHOICE,
             &P::compactTimeWait,
             d.compactTimeWait,
             {"no", "yes"},
             "yes: both nodes run TcpTeardownL4Protocol and a socket in TIME_WAIT becomes a "
             "compact record there (IPv4; doc/compact-time-wait.md); same results, less memory");
    compactTimeWait.readBack = true;
    compactTimeWait.rule = [](const P& p) {
        return p.compactTimeWait == "yes" && CloseVariant::FromName(p.variant).stockSocket
                   ? std::string("ns-3's own socket (variant ns3-stock) has no compact TIME_WAIT")
                   : "";
    };
    s.push_back(compactTimeWait);
    // --profile: a preset of attributes (LinuxProfile); the attributes it set
    // are read back in their own columns
    ParamSpec profile = Word("profile",
                             ValueType::CHOICE,
                             &P::profile,
                             d.profile,
                             {"none", "linux"},
                             "preset of attributes: none (RFC 9293 and ns-3's defaults) or linux "
                             "(Linux's timers, delayed ACK, tail-loss probe, 60 s TIME_WAIT; "
                             "doc/linux-profile.md); --ns3:: attributes win over it");
    profile.rule = [](const P& p) {
        return p.profile != "none" && CloseVariant::FromName(p.variant).stockSocket
                   ? std::string("ns-3's own socket (variant ns3-stock) takes no profile")
                   : "";
    };
    s.push_back(profile);
    // --strategy: how A's application closes (ClosingClient); --lingerTimeout
    // bounds the read of the lingering close
    ParamSpec strategy =
        Word("strategy",
             ValueType::CHOICE,
             &P::strategy,
             d.strategy,
             {"half-close", "full-close", "abortive", "lingering"},
             "how A's application closes: half-close (ShutdownSend, read to EOF), full-close "
             "(Close: RST on unread data or data arriving after it), abortive (SO_LINGER 0: RST "
             "at once, send buffer dropped) or lingering (ShutdownSend, read to EOF or "
             "--lingerTimeout, then Close)");
    strategy.rule = [](const P& p) {
        bool stock = CloseVariant::FromName(p.variant).stockSocket;
        return stock && (p.strategy == "abortive" || p.strategy == "lingering")
                   ? std::string("ns-3's own socket (variant ns3-stock) has only its Close(): "
                                 "strategy half-close or full-close")
                   : "";
    };
    s.push_back(strategy);
    ParamSpec linger = Real("lingerTimeout",
                            ValueType::SECONDS,
                            "s",
                            &P::lingerTimeoutS,
                            d.lingerTimeoutS,
                            0.0,
                            MAX_SECONDS,
                            "lingering: A reads at most this long after its half close, then "
                            "calls Close (must be above 0)");
    linger.rule = [](const P& p) {
        return p.lingerTimeoutS > 0.0 ? std::string() : std::string("must be above 0");
    };
    s.push_back(linger);
    return s;
}
} // namespace

std::string
ParamSpec::Flag() const
{
    return "--" + name;
}

std::string
ParamSpec::Column() const
{
    if (!column)
    {
        return "";
    }
    return ParamSchema::SnakeCase(name) + (unit == "s" ? "_s" : "");
}

std::string
ParamSpec::TypeName() const
{
    switch (type)
    {
    case ValueType::TEXT:
        return "text";
    case ValueType::CHOICE:
        return "choice";
    case ValueType::NUMBER:
        return "number";
    case ValueType::SECONDS:
        return "seconds";
    case ValueType::COUNT:
        return "count";
    }
    return "text";
}

std::string
ParamSpec::Canonical(const std::string& text) const
{
    if (optional && (text.empty() || text == "null"))
    {
        return "";
    }
    auto fail = [this, &text](const std::string& why) { return ParamError(Flag(), text, why); };
    auto range = [this]() { return "[" + RangeText(min) + ", " + RangeText(max) + "]"; };
    double number = 0.0;
    switch (type)
    {
    case ValueType::CHOICE: {
        for (const auto& c : choices)
        {
            if (c == text)
            {
                return text;
            }
        }
        std::string known;
        for (const auto& c : choices)
        {
            known += (known.empty() ? "" : ", ") + (c.empty() ? std::string("(empty)") : c);
        }
        throw fail("expected one of: " + known);
    }
    case ValueType::TEXT: {
        std::string value = (name == "drop" && text == "none") ? "" : text;
        std::string why = check ? check(value) : "";
        if (!why.empty())
        {
            throw fail(why);
        }
        return value;
    }
    case ValueType::NUMBER:
        if (!ParamSchema::ParseNumber(text, number))
        {
            throw fail("not a finite number");
        }
        break;
    case ValueType::SECONDS:
        if (!ParamSchema::ParseSeconds(text, number))
        {
            throw fail("not a finite time (seconds, or e.g. 10ms)");
        }
        break;
    case ValueType::COUNT: {
        bool digits = !text.empty() && text.size() <= 20 &&
                      text.find_first_not_of("0123456789") == std::string::npos;
        errno = 0;
        unsigned long long value = digits ? std::strtoull(text.c_str(), nullptr, 10) : 0;
        if (!digits || errno != 0 || value < min || static_cast<double>(value) > max)
        {
            throw fail("expected a whole number in " + range());
        }
        return std::to_string(value);
    }
    }
    if (number < min || number > max)
    {
        throw fail("must be in " + range());
    }
    return ParamSchema::NumberText(number + 0.0); // + 0.0: no "-0"
}

const std::vector<ParamSpec>&
ParamSchema::Parameters()
{
    static const std::vector<ParamSpec> parameters = BuildParameters();
    return parameters;
}

const ParamSpec*
ParamSchema::Find(const std::string& name)
{
    for (const auto& p : Parameters())
    {
        if (p.name == name)
        {
            return &p;
        }
    }
    return nullptr;
}

std::string
ParamSchema::Names()
{
    std::string names;
    for (const auto& p : Parameters())
    {
        names += (names.empty() ? "" : ", ") + p.name;
    }
    return names;
}

std::string
ParamSchema::NumberText(double value)
{
    // the shortest text that reads back exactly, without an exponent where
    // plain digits do (60, not 6e+01)
    bool plain = std::fabs(value) >= 1e-4 && std::fabs(value) < 1e15;
    char buffer[64];
    for (int precision = 1; precision <= 17; ++precision)
    {
        std::snprintf(buffer, sizeof(buffer), "%.*g", precision, value);
        bool exponent = std::strchr(buffer, 'e') != nullptr;
        if (std::strtod(buffer, nullptr) == value && !(plain && exponent))
        {
            break;
        }
    }
    return buffer;
}

std::string
ParamSchema::SnakeCase(const std::string& camel)
{
    std::string out;
    for (size_t i = 0; i < camel.size(); ++i)
    {
        char c = camel[i];
        bool upper = c >= 'A' && c <= 'Z';
        // a new word at a capital after a small letter (closeDelay), or
        // after a digit when a small letter follows (Wait2Timeout, not A2B)
        bool lowerBefore = i > 0 && camel[i - 1] >= 'a' && camel[i - 1] <= 'z';
        bool digitBefore = i > 0 && camel[i - 1] >= '0' && camel[i - 1] <= '9';
        bool lowerAfter = i + 1 < camel.size() && camel[i + 1] >= 'a' && camel[i + 1] <= 'z';
        if (upper && (lowerBefore || (digitBefore && lowerAfter)))
        {
            out += '_';
        }
        out += upper ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

bool
ParamSchema::ParseNumber(const std::string& text, double& value)
{
    if (text.empty() || text.find_first_of(" \t\n") != std::string::npos)
    {
        return false;
    }
    char* end = nullptr;
    errno = 0;
    value = std::strtod(text.c_str(), &end);
    return errno == 0 && end == text.c_str() + text.size() && std::isfinite(value);
}

bool
ParamSchema::ParseSeconds(const std::string& text, double& seconds)
{
    if (ParseNumber(text, seconds))
    {
        return true;
    }
    // divide by the unit where it is below a second: 10 / 1000 is the double
    // nearest 0.01, while 10 * 0.001 is not
    static const std::vector<std::pair<std::string, double>> units =
        {{"ns", -1e9}, {"us", -1e6}, {"ms", -1e3}, {"min", 60.0}, {"s", 1.0}, {"h", 3600.0}};
    for (const auto& unit : units)
    {
        const std::string& u = unit.first;
        if (text.size() > u.size() && text.compare(text.size() - u.size(), u.size(), u) == 0)
        {
            double number;
            if (ParseNumber(text.substr(0, text.size() - u.size()), number))
            {
                seconds = unit.second < 0 ? number / -unit.second : number * unit.second;
                return std::isfinite(seconds);
            }
        }
    }
    return false;
}

} // namespace ns3
