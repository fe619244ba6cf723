/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teardown-params.h"

#include "ns3/data-rate.h"
#include "ns3/drop-rule.h"
#include "ns3/log.h"
#include "ns3/loss-plan.h"

#include <cmath>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownParams");

ParamError::ParamError(const std::string& flag, const std::string& value, const std::string& why)
    : std::invalid_argument(flag + "=" + value + ": " + why)
{
}

namespace
{
std::string
Text(double value)
{
    std::ostringstream out;
    out << value;
    return out.str();
}

void
CheckProbability(const std::string& flag, double value)
{
    if (!(value >= 0.0 && value <= 1.0))
    {
        throw ParamError(flag, Text(value), "a loss rate must be in [0, 1]");
    }
}

void
CheckNonNegative(const std::string& flag, double value, const std::string& what)
{
    if (!(value >= 0.0) || std::isinf(value))
    {
        throw ParamError(flag, Text(value), what + " must be a finite number >= 0");
    }
}

bool
YesNo(const std::string& flag, const std::string& value)
{
    if (value == "yes" || value == "true" || value == "1")
    {
        return true;
    }
    if (value == "no" || value == "false" || value == "0")
    {
        return false;
    }
    throw ParamError(flag, value, "expected yes or no");
}
} // namespace

void
TeardownParams::Validate() const
{
    try
    {
        CloseVariant::FromName(variant);
    }
    catch (const std::invalid_argument&)
    {
        throw ParamError("--variant",
                         variant,
                         "unknown variant (known: " + CloseVariant::Names() + ")");
    }
    CheckNonNegative("--msl", mslS, "the MSL");
    CheckProbability("--lossA2B", lossA2B);
    CheckProbability("--lossB2A", lossB2A);
    for (double rate : {lossA2B, lossB2A})
    {
        std::string why = LossPlan::BurstLengthError(rate, lossBurst);
        if (!why.empty())
        {
            throw ParamError("--lossBurst", Text(lossBurst), why);
        }
    }
    if (lossScope != "close" && lossScope != "run")
    {
        throw ParamError("--lossScope", lossScope, "expected close or run");
    }
    try
    {
        DropRule::ParseList(drop);
    }
    catch (const std::invalid_argument& e)
    {
        throw ParamError("--drop", drop, e.what());
    }
    DataRateValue rateValue;
    if (!rateValue.DeserializeFromString(rate, MakeDataRateChecker()))
    {
        throw ParamError("--rate", rate, "not a data rate (e.g. 10Mbps)");
    }
    if (rateValue.Get().GetBitRate() == 0)
    {
        throw ParamError("--rate", rate, "the data rate must be above zero");
    }
    CheckNonNegative("--delay", delayS, "the link delay");
    if (queuePackets == 0)
    {
        throw ParamError("--queue", "0", "the queue must hold at least one packet");
    }
    if (requestBytes == 0)
    {
        throw ParamError("--request", "0", "A's request must have at least one byte");
    }
    CheckNonNegative("--closeDelay", closeDelayS, "the close delay");
    CheckNonNegative("--serverDelay", serverDelayS, "the server delay");
    CheckNonNegative("--start", startS, "the start time");
    CheckNonNegative("--stopTime", stopS, "the stop time");
    if (stopS > 0.0 && stopS <= startS)
    {
        throw ParamError("--stopTime", Text(stopS), "must be after --start");
    }
    if (!finResponse.empty() && finResponse != "ack" && finResponse != "fin-ack")
    {
        throw ParamError("--finResponse", finResponse, "expected ack or fin-ack");
    }
    if (!finalAck.empty())
    {
        YesNo("--finalAck", finalAck);
    }
    if (!rstOnDiscard.empty())
    {
        YesNo("--rstOnDiscard", rstOnDiscard);
    }
    if (timeWaitMsl >= 0.0 && std::isinf(timeWaitMsl))
    {
        throw ParamError("--timeWaitMsl", Text(timeWaitMsl), "must be finite");
    }
}

CloseVariant
TeardownParams::ResolveVariant() const
{
    CloseVariant v = CloseVariant::FromName(variant);
    if (!finResponse.empty())
    {
        v.finResponse = finResponse == "ack" ? TcpTeardownSocket::ACK_THEN_FIN
                                             : TcpTeardownSocket::FIN_ACK_DISCARD;
    }
    if (!finalAck.empty())
    {
        v.finalAck = YesNo("--finalAck", finalAck);
    }
    if (timeWaitMsl >= 0.0)
    {
        v.timeWaitMsl = timeWaitMsl;
    }
    if (!rstOnDiscard.empty())
    {
        v.rstOnDiscard = YesNo("--rstOnDiscard", rstOnDiscard);
    }
    return v;
}

double
TeardownParams::StopTime() const
{
    if (stopS > 0.0)
    {
        return stopS;
    }
    // FIN backoff capped at 60 s for up to 8 retries (< 250 s), TIME_WAIT
    // restarts on every retransmitted FIN, and room for the data before it.
    return startS + closeDelayS + serverDelayS + 600.0 + 4.0 * mslS;
}

} // namespace ns3
