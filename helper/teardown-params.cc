/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teardown-params.h"

#include "linux-profile.h"
#include "param-schema.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownParams");

ParamError::ParamError(const std::string& flag, const std::string& value, const std::string& why)
    : std::invalid_argument(flag + "=" + value + ": " + why)
{
}

namespace
{
bool
YesNo(const std::string& flag, const std::string& value)
{
    if (value == "yes")
    {
        return true;
    }
    if (value == "no")
    {
        return false;
    }
    throw ParamError(flag, value, "expected yes or no");
}
} // namespace

void
TeardownParams::Validate() const
{
    for (const ParamSpec& spec : ParamSchema::Parameters())
    {
        if (spec.get)
        {
            spec.Canonical(spec.get(*this)); // throws ParamError naming the flag
        }
    }
    for (const ParamSpec& spec : ParamSchema::Parameters())
    {
        std::string why = spec.rule ? spec.rule(*this) : "";
        if (!why.empty())
        {
            throw ParamError(spec.Flag(), spec.get(*this), why);
        }
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
    if (!lastAck.empty())
    {
        v.lastAck = YesNo("--lastAck", lastAck);
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
    // k incarnations one after another, and a kept segment may arrive up to
    // the lifetime after the last one.
    double timeWait = profile == "linux" ? LinuxProfile::TimeWaitSeconds() : 2.0 * mslS;
    double one = closeDelayS + serverDelayS + workAfterFinS + 600.0 + 2.0 * timeWait;
    double kept = keepA2B > 0.0 || keepB2A > 0.0 ? lifetimeS : 0.0;
    return startS + incarnations * one + (incarnations - 1) * reuseGapS + kept;
}

} // namespace ns3
