/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpTeardownSocket: the open's initial sequence numbers. The handshake is
 * ns-3's; only ISS (attribute Isn) and the receive-side marks that depend
 * on the peer's ISN are set here.
 */

#include "tcp-teardown-isn-source.h"
#include "tcp-teardown-socket.h"

#include "ns3/ipv4-end-point.h"
#include "ns3/ipv6-end-point.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/tcp-tx-buffer.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownSocketOpen");

namespace
{
void
AppendPort(std::vector<uint8_t>& bytes, uint16_t port)
{
    bytes.push_back(static_cast<uint8_t>(port >> 8));
    bytes.push_back(static_cast<uint8_t>(port & 0xff));
}

void
AppendAddress(std::vector<uint8_t>& bytes, Ipv4Address address)
{
    uint8_t buffer[4];
    address.Serialize(buffer);
    bytes.insert(bytes.end(), buffer, buffer + 4);
}

void
AppendAddress(std::vector<uint8_t>& bytes, Ipv6Address address)
{
    uint8_t buffer[16];
    address.Serialize(buffer);
    bytes.insert(bytes.end(), buffer, buffer + 16);
}
} // namespace

int
TcpTeardownSocket::Connect(const Address& address)
{
    NS_LOG_FUNCTION(this << address);
    // ns-3 sends the SYN from Connect, once the endpoint (the 4-tuple) is
    // set up; SendEmptyPacket chooses ISS just before it. Only a new
    // connection gets one (ns-3's DoConnect also "reconnects" from other
    // states).
    m_issPending = m_isn != NS3 && (m_state == CLOSED || m_state == LISTEN);
    int result = TcpSocketBase::Connect(address);
    m_issPending = false;
    RegisterConnection();
    return result;
}

void
TcpTeardownSocket::ChooseIss()
{
    m_issPending = false;
    Ptr<TcpTeardownIsnSource> source = TcpTeardownIsnSource::Of(m_node);
    uint32_t iss =
        m_isn == RFC6528 ? source->Rfc6528(FourTupleBytes(), Simulator::Now()) : source->Random();
    NS_LOG_INFO("ISS " << iss << " (Isn " << (m_isn == RFC6528 ? "rfc6528" : "random") << ")");
    SequenceNumber32 s(iss);
    m_tcb->m_nextTxSequence = s;    // SND.NXT: the SYN's number
    m_tcb->m_highTxMark = s;        // SND.MAX
    m_tcb->m_lastAckedSeq = s;      // nothing acknowledged yet
    m_txBuffer->SetHeadSequence(s); // SND.UNA (the buffer is empty)
    m_highRxAckMark = s;            // highest ACK received: window updates compare with it
    m_recover = s;                  // recovery point ("set it to initial seq number")
}

void
TcpTeardownSocket::InitReceiveSequence(SequenceNumber32 irs)
{
    m_highRxMark = irs;
    m_highTxAck = irs;
}

std::vector<uint8_t>
TcpTeardownSocket::FourTupleBytes() const
{
    std::vector<uint8_t> bytes;
    if (m_endPoint != nullptr)
    {
        AppendAddress(bytes, m_endPoint->GetLocalAddress());
        AppendPort(bytes, m_endPoint->GetLocalPort());
        AppendAddress(bytes, m_endPoint->GetPeerAddress());
        AppendPort(bytes, m_endPoint->GetPeerPort());
    }
    else if (m_endPoint6 != nullptr)
    {
        AppendAddress(bytes, m_endPoint6->GetLocalAddress());
        AppendPort(bytes, m_endPoint6->GetLocalPort());
        AppendAddress(bytes, m_endPoint6->GetPeerAddress());
        AppendPort(bytes, m_endPoint6->GetPeerPort());
    }
    return bytes;
}

} // namespace ns3
