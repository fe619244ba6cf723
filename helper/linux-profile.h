/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_LINUX_PROFILE_H
#define TCP_TEARDOWN_LINUX_PROFILE_H

#include "ns3/socket.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief One attribute a profile sets, and the Linux behaviour it stands for.
 */
struct ProfileSetting
{
    std::string typeId;    //!< e.g. ns3::TcpSocketBase
    std::string attribute; //!< e.g. MinRto
    std::string value;     //!< the value, as an attribute string
    std::string linux;     //!< what in Linux it models (for doc/ and the help)
};

/**
 * \ingroup tcp-teardown
 * \brief `--profile=linux`: attributes of TcpTeardownSocket and ns-3's TCP
 *        set to what Linux (6.x, default sysctls) does on the close path.
 *
 * Applied to each socket when it is created, after the ns-3 defaults; an
 * attribute set on the command line (--ns3::Type::Attribute=...) wins over
 * the profile. What the profile only approximates is in doc/linux-profile.md.
 */
class LinuxProfile
{
  public:
    /** \return the settings, in the order they are applied */
    static const std::vector<ProfileSetting>& Settings();
    /**
     * \brief Set every setting on \p socket that the command line did not set.
     * \param socket a TcpTeardownSocket
     * \param ipv6 the link runs IPv6: the MSS is 20 bytes smaller
     */
    static void Apply(Ptr<Socket> socket, bool ipv6);
    /** \return the settings as a Markdown table (doc/linux-profile.md holds it) */
    static std::string MarkdownTable();
    /**
     * \param path e.g. "ns3::TcpTeardownSocket::FinRetries"
     * \return the value the profile sets there, or "" where it sets nothing
     */
    static std::string ValueOf(const std::string& path);
    /** \return Linux's fixed TIME_WAIT (TCP_TIMEWAIT_LEN) in seconds */
    static double TimeWaitSeconds();
};

} // namespace ns3

#endif /* TCP_TEARDOWN_LINUX_PROFILE_H */
