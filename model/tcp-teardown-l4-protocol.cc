/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpTeardownL4Protocol: compact TIME_WAIT records and a hashed
 * demultiplexer on top of ns-3's TcpL4Protocol.
 */

#include "tcp-teardown-l4-protocol.h"

#include "tcp-teardown-compat.h"
#include "tcp-teardown-socket.h"
#include "time-wait-rules.h"

#include "ns3/ipv4-end-point.h"
#include "ns3/ipv4-interface.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/tcp-option-ts.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownL4Protocol");

NS_OBJECT_ENSURE_REGISTERED(TcpTeardownL4Protocol);

TypeId
TcpTeardownL4Protocol::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TcpTeardownL4Protocol")
                            .SetParent<TcpL4Protocol>()
                            .SetGroupName("TcpTeardown")
                            .AddConstructor<TcpTeardownL4Protocol>();
    return tid;
}

TcpTeardownL4Protocol::TcpTeardownL4Protocol()
{
    NS_LOG_FUNCTION(this);
}

TcpTeardownL4Protocol::~TcpTeardownL4Protocol()
{
    NS_LOG_FUNCTION(this);
}

void
TcpTeardownL4Protocol::DoDispose()
{
    for (auto& [key, record] : m_timeWait)
    {
        if (record.owner != nullptr)
        {
            record.owner->m_compactHeld = false;
        }
    }
    m_timeWait.clear();
    m_expiries = {};
    m_expiryEvent.Cancel();
    m_connections.clear();
    m_timeWaitEnd = TimeWaitEndCallback();
    TcpL4Protocol::DoDispose();
}

uint32_t
TcpTeardownL4Protocol::GetTimeWaitRecordBytes()
{
    // libstdc++'s unordered_map node: next pointer, value (key + record),
    // cached hash; malloc rounds to 16 bytes; one bucket pointer per element
    // at the default maximum load factor 1; one heap entry.
    size_t node = sizeof(void*) + sizeof(TcpFourTuple) + sizeof(TcpTimeWaitRecord) + sizeof(size_t);
    node = (node + 8 + 15) / 16 * 16; // malloc's 8-byte header, 16-byte alignment
    return static_cast<uint32_t>(node + sizeof(void*) + sizeof(Expiry));
}

void
TcpTeardownL4Protocol::SetTimeWaitEndCallback(TimeWaitEndCallback cb)
{
    m_timeWaitEnd = cb;
}

uint32_t
TcpTeardownL4Protocol::GetTimeWaitCount() const
{
    return static_cast<uint32_t>(m_timeWait.size());
}

uint32_t
TcpTeardownL4Protocol::GetConnectionCount() const
{
    return static_cast<uint32_t>(m_connections.size());
}

namespace
{
TcpFourTuple
MakeKey(Ipv4Address localAddr, uint16_t localPort, Ipv4Address peerAddr, uint16_t peerPort)
{
    return TcpFourTuple{localAddr.Get(), peerAddr.Get(), localPort, peerPort};
}

/** The decision's view of a record. */
TimeWaitView
ViewOf(const TcpTimeWaitRecord& r)
{
    TimeWaitView v;
    v.sndNxt = SequenceNumber32(r.sndNxt);
    v.rcvNxt = SequenceNumber32(r.rcvNxt);
    v.highTxAck = SequenceNumber32(r.highTxAck);
    v.rcvWnd = r.rcvWnd;
    v.tsEnabled = r.settings & TcpTimeWaitRecord::TS_ENABLED;
    v.tsRecent = r.tsRecent;
    v.tsLastRcv = r.tsLastRcv;
    v.tsLastEcho = r.tsLastEcho;
    return v;
}

TimeWaitSettings
SettingsOf(const TcpTimeWaitRecord& r)
{
    TimeWaitSettings s;
    s.paws = r.settings & TcpTimeWaitRecord::PAWS;
    s.rfc5961 = r.settings & TcpTimeWaitRecord::RFC5961;
    s.ignoreRst = r.settings & TcpTimeWaitRecord::IGNORE_RST;
    s.ackRestart = r.settings & TcpTimeWaitRecord::ACK_RESTART;
    return s;
}
} // namespace

bool
TcpTeardownL4Protocol::HasTimeWait(Ipv4Address localAddr,
                                   uint16_t localPort,
                                   Ipv4Address peerAddr,
                                   uint16_t peerPort) const
{
    return m_timeWait.count(MakeKey(localAddr, localPort, peerAddr, peerPort)) > 0;
}

bool
TcpTeardownL4Protocol::ReuseTimeWait(Ipv4Address localAddr,
                                     uint16_t localPort,
                                     Ipv4Address peerAddr,
                                     uint16_t peerPort,
                                     Time minAge)
{
    auto it = m_timeWait.find(MakeKey(localAddr, localPort, peerAddr, peerPort));
    if (it == m_timeWait.end() ||
        Simulator::Now().GetTimeStep() - it->second.startNs < minAge.GetTimeStep())
    {
        return false;
    }
    EndRecord(it, REUSED);
    Rearm();
    return true;
}

void
TcpTeardownL4Protocol::AddTimeWait(const TcpFourTuple& key, const TcpTimeWaitRecord& record)
{
    NS_LOG_FUNCTION(this << record.expiryNs);
    m_timeWait.insert_or_assign(key, record);
    m_expiries.push(Expiry{record.expiryNs, m_expiryOrder++, key});
    Rearm();
}

void
TcpTeardownL4Protocol::ForgetOwner(const TcpFourTuple& key, const TcpTeardownSocket* owner)
{
    auto it = m_timeWait.find(key);
    if (it != m_timeWait.end() && it->second.owner == owner)
    {
        it->second.owner = nullptr;
    }
}

void
TcpTeardownL4Protocol::DropTimeWait(const TcpFourTuple& key, const TcpTeardownSocket* owner)
{
    auto it = m_timeWait.find(key);
    if (it != m_timeWait.end() && it->second.owner == owner)
    {
        m_timeWait.erase(it);
        Rearm();
    }
}

void
TcpTeardownL4Protocol::RegisterConnection(const TcpFourTuple& key, TcpTeardownSocket* socket)
{
    m_connections[key] = socket;
}

void
TcpTeardownL4Protocol::DeregisterConnection(const TcpFourTuple& key,
                                            const TcpTeardownSocket* socket)
{
    auto it = m_connections.find(key);
    if (it != m_connections.end() && it->second == socket)
    {
        m_connections.erase(it);
    }
}

void
TcpTeardownL4Protocol::Rearm()
{
    while (!m_expiries.empty())
    {
        const Expiry& top = m_expiries.top();
        auto it = m_timeWait.find(top.key);
        if (it != m_timeWait.end() && it->second.expiryNs == top.atNs)
        {
            break;
        }
        m_expiries.pop(); // stale: restarted or removed
    }
    if (m_expiries.empty())
    {
        m_expiryEvent.Cancel();
        m_expiryEventAtNs = -1;
        return;
    }
    int64_t at = m_expiries.top().atNs;
    if (CompatIsPending(m_expiryEvent) && m_expiryEventAtNs == at)
    {
        return;
    }
    // Rescheduled whenever the earliest expiry changes, as the socket
    // reschedules its timer on a restart: events at the same instant keep
    // the order they would have had with one timer per socket.
    m_expiryEvent.Cancel();
    m_expiryEventAtNs = at;
    m_expiryEvent = Simulator::Schedule(TimeStep(at) - Simulator::Now(),
                                        &TcpTeardownL4Protocol::ExpireDue,
                                        this);
}

void
TcpTeardownL4Protocol::ExpireDue()
{
    int64_t now = Simulator::Now().GetTimeStep();
    m_expiryEventAtNs = -1;
    while (!m_expiries.empty() && m_expiries.top().atNs <= now)
    {
        Expiry e = m_expiries.top();
        m_expiries.pop();
        auto it = m_timeWait.find(e.key);
        if (it != m_timeWait.end() && it->second.expiryNs == e.atNs)
        {
            EndRecord(it, EXPIRED);
        }
    }
    Rearm();
}

void
TcpTeardownL4Protocol::EndRecord(
    std::unordered_map<TcpFourTuple, TcpTimeWaitRecord, TcpFourTupleHash>::iterator it,
    TimeWaitEndReason reason)
{
    TcpFourTuple key = it->first;
    TcpTimeWaitRecord record = it->second;
    m_timeWait.erase(it);
    NS_LOG_INFO("TIME_WAIT record ends, reason " << reason);
    if (record.owner != nullptr)
    {
        Time remaining = TimeStep(record.expiryNs) - Simulator::Now();
        record.owner->OnCompactTimeWaitEnd(reason, remaining);
        return;
    }
    if (!m_timeWaitEnd.IsNull())
    {
        TimeWaitEnd end{Ipv4Address(key.localAddr),
                        key.localPort,
                        Ipv4Address(key.peerAddr),
                        key.peerPort,
                        record.tag,
                        TimeStep(record.startNs),
                        Simulator::Now(),
                        reason,
                        record.restarts};
        m_timeWaitEnd(end);
    }
}

void
TcpTeardownL4Protocol::SendTimeWaitAck(const TcpFourTuple& key, TcpTimeWaitRecord& record)
{
    // as TcpTeardownSocket::SendControlSegment builds <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
    Ptr<Packet> p = Create<Packet>();
    TcpHeader header;
    header.SetFlags(TcpHeader::ACK);
    header.SetSequenceNumber(SequenceNumber32(record.sndNxt));
    header.SetAckNumber(SequenceNumber32(record.rcvNxt));
    header.SetSourcePort(key.localPort);
    header.SetDestinationPort(key.peerPort);
    header.SetWindowSize(record.windowField);
    if (record.settings & TcpTimeWaitRecord::TS_ENABLED)
    {
        Ptr<TcpOptionTS> option = CreateObject<TcpOptionTS>();
        option->SetTimestamp(TcpOptionTS::NowToTsValue());
        option->SetEcho(record.tsRecent);
        header.AppendOption(option);
    }
    if (SequenceNumber32(record.highTxAck) < SequenceNumber32(record.rcvNxt))
    {
        record.highTxAck = record.rcvNxt;
    }
    if (record.owner != nullptr)
    {
        record.owner->OnCompactTx(p, header);
    }
    SendPacket(p, header, Ipv4Address(key.localAddr), Ipv4Address(key.peerAddr), nullptr);
}

void
TcpTeardownL4Protocol::RestartTimer(const TcpFourTuple& key, TcpTimeWaitRecord& record)
{
    ++record.restarts;
    record.expiryNs = Simulator::Now().GetTimeStep() + record.lengthNs;
    m_expiries.push(Expiry{record.expiryNs, m_expiryOrder++, key});
    Rearm();
}

void
TcpTeardownL4Protocol::TimeWaitSegment(
    std::unordered_map<TcpFourTuple, TcpTimeWaitRecord, TcpFourTupleHash>::iterator it,
    Ptr<Packet> packet,
    const TcpHeader& header,
    const Ipv4Header& ipHeader,
    Ptr<Ipv4Interface> incomingInterface)
{
    TcpTimeWaitRecord& record = it->second;
    const TcpFourTuple key = it->first;
    TcpTeardownSocket* owner = record.owner;
    uint8_t flags = header.GetFlags();
    bool synOnly = (flags & TcpHeader::SYN) && !(flags & (TcpHeader::ACK | TcpHeader::RST));
    uint32_t payload = packet->GetSize() - header.GetSerializedSize();
    if (owner != nullptr)
    {
        // the socket's Rx trace sees what it would see: the SYN whole, any
        // other segment without its header
        Ptr<Packet> seen = packet;
        if (!synOnly)
        {
            seen = packet->Copy();
            SocketPriorityTag priorityTag;
            seen->RemovePacketTag(priorityTag);
            TcpHeader removed;
            seen->RemoveHeader(removed);
        }
        owner->OnCompactRx(seen, header);
    }
    TimeWaitView view = ViewOf(record);
    TimeWaitActions a = TimeWaitRules::Decide(view, SettingsOf(record), header, payload);
    record.tsRecent = view.tsRecent;
    record.tsLastRcv = view.tsLastRcv;
    record.tsLastEcho = view.tsLastEcho;
    if (owner != nullptr)
    {
        owner->AddTimeWaitCounters(a);
    }
    if (a.restart && a.restartFirst)
    {
        RestartTimer(key, record);
    }
    if (a.sendAck)
    {
        SendTimeWaitAck(key, record);
    }
    if (a.restart && !a.restartFirst)
    {
        RestartTimer(key, record);
    }
    // (callbacks may have inserted records: iterators are looked up again)
    if (a.end == TimeWaitActions::RST)
    {
        EndRecord(m_timeWait.find(key), RST);
        Rearm();
    }
    else if (a.end == TimeWaitActions::REOPEN)
    {
        Ptr<Packet> syn = packet->Copy();
        EndRecord(m_timeWait.find(key), REOPENED);
        Rearm();
        // the SYN goes back to the node's TCP, where a listener may take it
        Ptr<TcpTeardownL4Protocol> self = this;
        Ipv4Header ip = ipHeader;
        CompatSchedule(Seconds(0), [self, syn, ip, incomingInterface]() {
            self->Receive(syn, ip, incomingInterface);
        });
    }
}

IpL4Protocol::RxStatus
TcpTeardownL4Protocol::Receive(Ptr<Packet> packet,
                               const Ipv4Header& incomingIpHeader,
                               Ptr<Ipv4Interface> incomingInterface)
{
    NS_LOG_FUNCTION(this << packet << incomingIpHeader << incomingInterface);
    if (m_timeWait.empty() && m_connections.empty())
    {
        return TcpL4Protocol::Receive(packet, incomingIpHeader, incomingInterface);
    }
    TcpHeader header;
    IpL4Protocol::RxStatus checksum = PacketReceived(packet,
                                                     header,
                                                     incomingIpHeader.GetSource(),
                                                     incomingIpHeader.GetDestination());
    if (checksum != IpL4Protocol::RX_OK)
    {
        return checksum;
    }
    TcpFourTuple key = MakeKey(incomingIpHeader.GetDestination(),
                               header.GetDestinationPort(),
                               incomingIpHeader.GetSource(),
                               header.GetSourcePort());
    auto tw = m_timeWait.find(key);
    if (tw != m_timeWait.end())
    {
        TimeWaitSegment(tw, packet, header, incomingIpHeader, incomingInterface);
        return IpL4Protocol::RX_OK;
    }
    auto conn = m_connections.find(key);
    if (conn != m_connections.end())
    {
        // validated on every hit: the socket still holds an endpoint of
        // exactly this 4-tuple that receives on this interface
        Ipv4EndPoint* ep = conn->second->GetIpv4EndPoint();
        if (ep != nullptr && ep->IsRxEnabled() && ep->GetLocalPort() == key.localPort &&
            ep->GetPeerPort() == key.peerPort && ep->GetLocalAddress().Get() == key.localAddr &&
            ep->GetPeerAddress().Get() == key.peerAddr &&
            (!ep->GetBoundNetDevice() || ep->GetBoundNetDevice() == incomingInterface->GetDevice()))
        {
            ep->ForwardUp(packet, incomingIpHeader, header.GetSourcePort(), incomingInterface);
            return IpL4Protocol::RX_OK;
        }
        if (ep == nullptr)
        {
            m_connections.erase(conn); // released its endpoint
        }
    }
    return TcpL4Protocol::Receive(packet, incomingIpHeader, incomingInterface);
}

} // namespace ns3
