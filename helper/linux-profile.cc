/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "linux-profile.h"

#include "effective-config.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/string.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownLinuxProfile");

namespace
{
/** IPv6's header (40 bytes) less IPv4's (20). */
const uint32_t IPV6_EXTRA_HEADER = 20;

std::vector<ProfileSetting>
BuildSettings()
{
    const std::string base = "ns3::TcpSocketBase";
    const std::string tcp = "ns3::TcpSocket";
    const std::string ours = "ns3::TcpTeardownSocket";
    return {
        {base, "MinRto", "200ms", "TCP_RTO_MIN 200 ms"},
        {base,
         "ClockGranularity",
         "200ms",
         "RTO = SRTT + max(4 RTTVAR, 200 ms), as tcp_set_rto with rttvar >= rto_min (ns-3: "
         "SRTT + max(G, 4 RTTVAR))"},
        {base, "Sack", "true", "net.ipv4.tcp_sack = 1"},
        {base, "Timestamp", "true", "net.ipv4.tcp_timestamps = 1"},
        {base, "WindowScaling", "true", "net.ipv4.tcp_window_scaling = 1"},
        {tcp,
         "SegmentSize",
         "1448",
         "MSS 1448: MTU 1500 less IPv4, TCP and timestamps (IPv6: 20 bytes less, 1428)"},
        {tcp, "InitialCwnd", "10", "TCP_INIT_CWND 10 (RFC 6928)"},
        {tcp, "DelAckTimeout", "40ms", "TCP_DELACK_MIN 40 ms"},
        {tcp, "DelAckCount", "2", "an ACK for every second full segment"},
        {tcp, "ConnTimeout", "1s", "TCP_TIMEOUT_INIT 1 s (SYN retransmission)"},
        {tcp, "DataRetries", "15", "net.ipv4.tcp_retries2 = 15"},
        {ours, "QuickAcks", "16", "quick-ack mode at the start (TCP_MAX_QUICKACKS 16)"},
        {ours,
         "DelayedFinAck",
         "true",
         "the peer's FIN enters pingpong mode: its ACK waits for the delayed-ACK timer and "
         "rides on B's FIN when B closes in time"},
        {ours,
         "TailLossProbe",
         "true",
         "tcp_schedule_loss_probe (RACK-TLP, tcp_early_retrans = 3): PTO = 2 SRTT (+200 ms "
         "with one segment in flight), capped by the RTO"},
        {ours, "MaxFinRto", "120s", "TCP_RTO_MAX 120 s"},
        {ours, "FinRetries", "8", "net.ipv4.tcp_orphan_retries = 0, which means 8"},
        {ours, "FinWait2Timeout", "60s", "net.ipv4.tcp_fin_timeout = 60 (orphans only)"},
        {ours, "TimeWaitLength", "60s", "TCP_TIMEWAIT_LEN 60 s, whatever the MSL"},
        {ours,
         "TimeWaitAckRestart",
         "true",
         "tcp_timewait_state_process: an out-of-window segment with ACK restarts TIME_WAIT"},
        {ours, "IgnoreRstInTimeWait", "false", "net.ipv4.tcp_rfc1337 = 0: a RST kills TIME_WAIT"},
        {ours,
         "AcceptRstBeforeFin",
         "true",
         "tcp_reset_check: a RST at RCV.NXT - 1 resets CLOSE_WAIT, LAST_ACK, CLOSING"},
        {ours,
         "RstOnGiveUp",
         "false",
         "tcp_write_timeout -> tcp_write_err: nothing is sent when retries run out"},
    };
}

/**
 * \param overrides ";" + EffectiveConfig::Overrides()
 * \return true when the command line set this attribute (any of the socket's TypeIds)
 */
bool
Overridden(const ProfileSetting& s, const std::string& overrides)
{
    for (const char* type : {"ns3::TcpSocket", "ns3::TcpSocketBase", "ns3::TcpTeardownSocket"})
    {
        if (overrides.find(std::string(";") + type + "::" + s.attribute + "=") != std::string::npos)
        {
            return true;
        }
    }
    return false;
}
} // namespace

const std::vector<ProfileSetting>&
LinuxProfile::Settings()
{
    static const std::vector<ProfileSetting> settings = BuildSettings();
    return settings;
}

void
LinuxProfile::Apply(Ptr<Socket> socket, bool ipv6)
{
    const std::string overrides = ";" + EffectiveConfig::Overrides();
    for (const auto& s : Settings())
    {
        if (Overridden(s, overrides))
        {
            NS_LOG_INFO("--profile=linux: " << s.attribute << " kept from the command line");
            continue;
        }
        std::string value = s.value;
        if (ipv6 && s.attribute == "SegmentSize")
        {
            // the IPv6 header is 20 bytes longer: Linux's MSS is 1428
            value = std::to_string(std::stoul(value) - IPV6_EXTRA_HEADER);
        }
        socket->SetAttribute(s.attribute, StringValue(value));
    }
}

std::string
LinuxProfile::MarkdownTable()
{
    std::string table = "| attribute | value | what it models in Linux |\n|---|---|---|\n";
    for (const auto& s : Settings())
    {
        table +=
            "| `" + s.typeId + "::" + s.attribute + "` | " + s.value + " | " + s.linux + " |\n";
    }
    return table;
}

std::string
LinuxProfile::ValueOf(const std::string& path)
{
    for (const auto& s : Settings())
    {
        if (path == s.typeId + "::" + s.attribute)
        {
            return s.value;
        }
    }
    return "";
}

double
LinuxProfile::TimeWaitSeconds()
{
    std::string value = ValueOf("ns3::TcpTeardownSocket::TimeWaitLength");
    NS_ABORT_MSG_IF(value.empty(), "the Linux profile sets no TimeWaitLength");
    return Time(value).GetSeconds();
}

} // namespace ns3
