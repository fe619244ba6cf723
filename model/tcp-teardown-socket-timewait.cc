/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpTeardownSocket: TIME_WAIT carried out (TimeWaitRules decides), the
 * hand-over of TIME_WAIT to TcpTeardownL4Protocol's compact records
 * (CompactTimeWait) and the registration with its hashed demultiplexer.
 */

#include "tcp-teardown-socket.h"

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-end-point.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/tcp-rx-buffer.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownSocketTimeWait");

TimeWaitView
TcpTeardownSocket::GetTimeWaitView() const
{
    TimeWaitView v;
    v.sndNxt = SendNext();
    v.rcvNxt = m_tcb->m_rxBuffer->NextRxSequence();
    v.highTxAck = m_highTxAck;
    v.rcvWnd = ReceiveWindow();
    v.tsEnabled = m_timestampEnabled;
    v.tsRecent = m_timestampToEcho;
    v.tsLastRcv = m_tcb->m_rcvTimestampValue;
    v.tsLastEcho = m_tcb->m_rcvTimestampEchoReply;
    return v;
}

TimeWaitSettings
TcpTeardownSocket::GetTimeWaitSettings() const
{
    TimeWaitSettings s;
    s.paws = m_paws;
    s.rfc5961 = m_rfc5961;
    s.ignoreRst = m_ignoreRstInTimeWait;
    s.ackRestart = m_timeWaitAckRestart;
    return s;
}

void
TcpTeardownSocket::AddTimeWaitCounters(const TimeWaitActions& a)
{
    m_counters.rstRx += a.rstRx;
    m_counters.rstAccepted += a.rstAccepted;
    m_counters.unacceptableRx += a.unacceptableRx;
    m_counters.challengeAckTx += a.challengeAckTx;
    m_counters.peerFinRx += a.peerFinRx;
    m_counters.timeWaitRestarts += a.timeWaitRestarts;
    m_counters.timeWaitRsts += a.timeWaitRsts;
    m_counters.pawsDrops += a.pawsDrops;
}

void
TcpTeardownSocket::ApplyTimeWaitActions(const TimeWaitActions& a,
                                        const TimeWaitView& view,
                                        Ptr<Packet> syn,
                                        std::function<void(Ptr<Packet>)> handBack)
{
    if (m_timestampEnabled)
    {
        m_timestampToEcho = view.tsRecent;
        m_tcb->m_rcvTimestampValue = view.tsLastRcv;
        m_tcb->m_rcvTimestampEchoReply = view.tsLastEcho;
    }
    AddTimeWaitCounters(a);
    if (a.restart && a.restartFirst)
    {
        StartTimeWaitTimer();
    }
    if (a.sendAck)
    {
        SendControl(TcpHeader::ACK);
    }
    if (a.restart && !a.restartFirst)
    {
        StartTimeWaitTimer();
    }
    switch (a.end)
    {
    case TimeWaitActions::RST:
        // The close had completed: both FINs were acknowledged (we are in
        // TIME_WAIT), every byte was delivered. The RST only cuts TIME_WAIT
        // short (RFC 1337's assassination); record the cut, not a reset.
        m_timeWaitCut = true;
        m_timeWaitRemaining = Simulator::GetDelayLeft(m_timewaitEvent);
        NS_LOG_INFO("RST cut TIME_WAIT " << m_timeWaitRemaining.As(Time::S) << " early");
        Finish(CloseOutcome::ORDERLY);
        break;
    case TimeWaitActions::REOPEN:
        m_timeWaitReopened = true;
        Finish(CloseOutcome::ORDERLY);
        CompatSchedule(Seconds(0), [handBack, syn]() { handBack(syn); });
        break;
    default:
        break;
    }
}

Ptr<TcpTeardownL4Protocol>
TcpTeardownSocket::GetTeardownL4() const
{
    return DynamicCast<TcpTeardownL4Protocol>(m_tcp);
}

bool
TcpTeardownSocket::CompactTimeWaitApplies() const
{
    // IPv4 only; segments whose IP header or tags the record does not
    // carry (TOS, TTL, priority, a bound device), ECN (ns-3's own path) and
    // SACK blocks keep the full socket
    return m_compactTimeWait && m_endPoint != nullptr && GetTeardownL4() != nullptr &&
           m_tcb->m_useEcn == TcpSocketState::Off && m_boundnetdevice == nullptr &&
           GetIpTos() == 0 && !IsManualIpTtl() && GetPriority() == 0 &&
           !(m_sackEnabled && m_tcb->m_rxBuffer->GetSackListSize() > 0);
}

void
TcpTeardownSocket::HandOverTimeWait()
{
    NS_LOG_FUNCTION(this);
    TimeWaitView v = GetTimeWaitView();
    TcpTimeWaitRecord r;
    r.sndNxt = v.sndNxt.GetValue();
    r.rcvNxt = v.rcvNxt.GetValue();
    r.highTxAck = v.highTxAck.GetValue();
    r.rcvWnd = v.rcvWnd;
    r.tsRecent = v.tsRecent;
    r.tsLastRcv = v.tsLastRcv;
    r.tsLastEcho = v.tsLastEcho;
    r.windowField = AdvertisedWindowSize();
    r.settings = (m_timestampEnabled ? TcpTimeWaitRecord::TS_ENABLED : 0) |
                 (m_paws ? TcpTimeWaitRecord::PAWS : 0) |
                 (m_rfc5961 ? TcpTimeWaitRecord::RFC5961 : 0) |
                 (m_ignoreRstInTimeWait ? TcpTimeWaitRecord::IGNORE_RST : 0) |
                 (m_timeWaitAckRestart ? TcpTimeWaitRecord::ACK_RESTART : 0);
    r.startNs = Simulator::Now().GetTimeStep();
    r.lengthNs = GetTimeWaitLength().GetTimeStep();
    r.expiryNs = r.startNs + r.lengthNs;
    r.tag = m_timeWaitTag;
    r.owner = this;
    m_compactKey = TcpFourTuple{m_endPoint->GetLocalAddress().Get(),
                                m_endPoint->GetPeerAddress().Get(),
                                m_endPoint->GetLocalPort(),
                                m_endPoint->GetPeerPort()};
    m_compactHeld = true;
    GetTeardownL4()->AddTimeWait(m_compactKey, r);
    if (m_deferAcks)
    {
        m_releasePending = true; // the arriving segment is still being processed
    }
    else
    {
        ReleaseForCompactTimeWait();
    }
}

void
TcpTeardownSocket::ReleaseForCompactTimeWait()
{
    m_releasePending = false;
    if (!m_compactHeld)
    {
        return;
    }
    Ptr<TcpTeardownSocket> keep(this); // the stack may hold the last reference
    DeregisterConnection();
    DeallocateEndPoint(); // the node's TCP forgets the socket too
}

void
TcpTeardownSocket::RegisterConnection()
{
    Ptr<TcpTeardownL4Protocol> l4 = GetTeardownL4();
    if (l4 == nullptr || m_endPoint == nullptr || m_endPoint->GetPeerPort() == 0)
    {
        return;
    }
    DeregisterConnection();
    m_registeredKey = TcpFourTuple{m_endPoint->GetLocalAddress().Get(),
                                   m_endPoint->GetPeerAddress().Get(),
                                   m_endPoint->GetLocalPort(),
                                   m_endPoint->GetPeerPort()};
    m_registered = true;
    l4->RegisterConnection(m_registeredKey, this);
}

void
TcpTeardownSocket::DeregisterConnection()
{
    if (!m_registered)
    {
        return;
    }
    m_registered = false;
    if (Ptr<TcpTeardownL4Protocol> l4 = GetTeardownL4())
    {
        l4->DeregisterConnection(m_registeredKey, this);
    }
}

Ipv4EndPoint*
TcpTeardownSocket::GetIpv4EndPoint() const
{
    return m_endPoint;
}

void
TcpTeardownSocket::OnCompactRx(Ptr<Packet> packet, const TcpHeader& header)
{
    m_rxTrace(packet, header, this);
}

void
TcpTeardownSocket::OnCompactTx(Ptr<Packet> packet, const TcpHeader& header)
{
    m_txTrace(packet, header, this);
}

void
TcpTeardownSocket::OnCompactTimeWaitEnd(int reason, Time remaining)
{
    NS_LOG_FUNCTION(this << reason << remaining);
    m_compactHeld = false;
    switch (reason)
    {
    case TcpTeardownL4Protocol::RST:
        m_timeWaitCut = true;
        m_timeWaitRemaining = remaining;
        NS_LOG_INFO("RST cut TIME_WAIT " << remaining.As(Time::S) << " early");
        break;
    case TcpTeardownL4Protocol::REOPENED:
        m_timeWaitReopened = true;
        break;
    default:
        break;
    }
    Finish(CloseOutcome::ORDERLY);
}

void
TcpTeardownSocket::SetTimeWaitTag(uint64_t tag)
{
    m_timeWaitTag = tag;
}

uint64_t
TcpTeardownSocket::GetTimeWaitTag() const
{
    return m_timeWaitTag;
}

int
TcpTeardownSocket::GetSockName(Address& address) const
{
    if (m_compactHeld)
    {
        address = InetSocketAddress(Ipv4Address(m_compactKey.localAddr), m_compactKey.localPort);
        return 0;
    }
    return TcpSocketBase::GetSockName(address);
}

int
TcpTeardownSocket::GetPeerName(Address& address) const
{
    if (m_compactHeld)
    {
        address = InetSocketAddress(Ipv4Address(m_compactKey.peerAddr), m_compactKey.peerPort);
        return 0;
    }
    return TcpSocketBase::GetPeerName(address);
}

bool
TcpTeardownSocket::IsTimeWaitCompact() const
{
    return m_compactHeld;
}

TcpTeardownSocket::~TcpTeardownSocket()
{
    NS_LOG_FUNCTION(this);
    if (Ptr<TcpTeardownL4Protocol> l4 = GetTeardownL4())
    {
        if (m_compactHeld)
        {
            l4->ForgetOwner(m_compactKey, this);
        }
        if (m_registered)
        {
            l4->DeregisterConnection(m_registeredKey, this);
        }
    }
}

} // namespace ns3
