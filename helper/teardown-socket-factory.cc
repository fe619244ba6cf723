/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teardown-socket-factory.h"

#include "linux-profile.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/tcp-teardown-socket.h"

namespace ns3
{

Ptr<Socket>
MakeTeardownSocket(Ptr<Node> node, const CloseVariant& variant, const TeardownParams& p)
{
    const std::string& isn = p.isn;
    Ptr<Socket> socket;
    if (variant.stockSocket)
    {
        socket = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
    }
    else
    {
        // Built like TcpL4Protocol::CreateSocket builds its sockets, with the
        // congestion control, recovery and RTT estimator it is configured for.
        Ptr<TcpL4Protocol> tcp = node->GetObject<TcpL4Protocol>();
        TypeIdValue congestion;
        TypeIdValue recovery;
        TypeIdValue rtt;
        tcp->GetAttribute("SocketType", congestion);
        tcp->GetAttribute("RecoveryType", recovery);
        tcp->GetAttribute("RttEstimatorType", rtt);
        ObjectFactory factory;
        Ptr<TcpTeardownSocket> ours = CreateObject<TcpTeardownSocket>();
        ours->SetNode(node);
        ours->SetTcp(tcp);
        factory.SetTypeId(rtt.Get());
        ours->SetRtt(factory.Create<RttEstimator>());
        factory.SetTypeId(congestion.Get());
        ours->SetCongestionControlAlgorithm(factory.Create<TcpCongestionOps>());
        factory.SetTypeId(recovery.Get());
        ours->SetRecoveryAlgorithm(factory.Create<TcpRecoveryOps>());
        // Only what the variant changes from RFC 9293 is set here, so that
        // --ns3::TcpTeardownSocket::... on the command line still applies to the rest.
        const CloseVariant rfc;
        if (variant.finResponse != rfc.finResponse)
        {
            ours->SetAttribute("FinResponse", EnumValue(variant.finResponse));
        }
        if (variant.finalAck != rfc.finalAck)
        {
            ours->SetAttribute("FinalAck", BooleanValue(variant.finalAck));
        }
        if (variant.lastAck != rfc.lastAck)
        {
            ours->SetAttribute("LastAck", BooleanValue(variant.lastAck));
        }
        if (variant.timeWaitMsl != rfc.timeWaitMsl)
        {
            ours->SetAttribute("TimeWaitMsl", DoubleValue(variant.timeWaitMsl));
        }
        if (variant.rstOnDiscard != rfc.rstOnDiscard)
        {
            ours->SetAttribute("RstOnDiscard", BooleanValue(variant.rstOnDiscard));
        }
        if (isn != "ns3")
        {
            ours->SetAttribute("Isn",
                               EnumValue(isn == "rfc6528" ? TcpTeardownSocket::RFC6528
                                                          : TcpTeardownSocket::RANDOM));
        }
        if (p.paws == "yes")
        {
            ours->SetAttribute("Paws", BooleanValue(true));
        }
        if (p.compactTimeWait == "yes")
        {
            ours->SetAttribute("CompactTimeWait", BooleanValue(true));
        }
        if (p.profile == "linux")
        {
            LinuxProfile::Apply(ours, p.ipv6 == "yes");
        }
        tcp->AddSocket(ours);
        socket = ours;
    }
    socket->SetAttribute("MaxSegLifetime", DoubleValue(p.mslS));
    return socket;
}

} // namespace ns3
