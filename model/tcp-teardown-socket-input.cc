/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpTeardownSocket: SEGMENT ARRIVES (RFC 9293 section 3.10.7.4) for the
 * synchronized states. ns-3 keeps the handshake (LISTEN with SYN, SYN_SENT,
 * SYN_RCVD); from ESTABLISHED on, every segment comes here and is processed
 * in the RFC's order: RST, SYN, ACK, segment text, FIN. Acknowledged data,
 * RTT samples, congestion control and the receive buffer are ns-3's
 * (ReceivedAck, EstimateRtt, ReceivedData); the close states are ours.
 */

#include "tcp-teardown-socket.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4-end-point.h"
#include "ns3/ipv6-end-point.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-option-ts.h"
#include "ns3/tcp-rx-buffer.h"
#include "ns3/tcp-tx-buffer.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownSocketInput");

namespace
{
/** \return true for the states in which the connection is synchronized */
bool
IsSynchronized(TcpSocket::TcpStates_t state)
{
    switch (state)
    {
    case TcpSocket::ESTABLISHED:
    case TcpSocket::FIN_WAIT_1:
    case TcpSocket::FIN_WAIT_2:
    case TcpSocket::CLOSE_WAIT:
    case TcpSocket::CLOSING:
    case TcpSocket::LAST_ACK:
    case TcpSocket::TIME_WAIT:
        return true;
    default:
        return false;
    }
}
} // namespace

void
TcpTeardownSocket::HookEndPoint()
{
    if (m_endPoint != nullptr)
    {
        m_endPoint->SetRxCallback(
            MakeCallback(&TcpTeardownSocket::ForwardUpChecked, Ptr<TcpTeardownSocket>(this)));
    }
    if (m_endPoint6 != nullptr)
    {
        m_endPoint6->SetRxCallback(
            MakeCallback(&TcpTeardownSocket::ForwardUpChecked6, Ptr<TcpTeardownSocket>(this)));
    }
}

bool
TcpTeardownSocket::ForwardFin(Ptr<Packet> packet, const Address& from, const Address& to)
{
    TcpHeader tcpHeader;
    packet->PeekHeader(tcpHeader);
    if (!(tcpHeader.GetFlags() & TcpHeader::FIN) || !IsSynchronized(m_state))
    {
        return false;
    }
    DoForwardUp(packet, from, to);
    return true;
}

void
TcpTeardownSocket::ForwardUpChecked(Ptr<Packet> packet,
                                    Ipv4Header header,
                                    uint16_t port,
                                    Ptr<Ipv4Interface> incomingInterface)
{
    if (m_endPoint == nullptr ||
        !ForwardFin(packet,
                    InetSocketAddress(header.GetSource(), port),
                    InetSocketAddress(header.GetDestination(), m_endPoint->GetLocalPort())))
    {
        ForwardUp(packet, header, port, incomingInterface);
    }
}

void
TcpTeardownSocket::ForwardUpChecked6(Ptr<Packet> packet,
                                     Ipv6Header header,
                                     uint16_t port,
                                     Ptr<Ipv6Interface> incomingInterface)
{
    if (m_endPoint6 == nullptr ||
        !ForwardFin(packet,
                    Inet6SocketAddress(header.GetSource(), port),
                    Inet6SocketAddress(header.GetDestination(), m_endPoint6->GetLocalPort())))
    {
        ForwardUp6(packet, header, port, incomingInterface);
    }
}

void
TcpTeardownSocket::DoForwardUp(Ptr<Packet> packet,
                               const Address& fromAddress,
                               const Address& toAddress)
{
    TcpHeader header;
    packet->PeekHeader(header);
    uint8_t flags = header.GetFlags();
    if (m_state == LISTEN && !(flags & (TcpHeader::SYN | TcpHeader::RST)))
    {
        AnswerStraySegment(header, fromAddress, toAddress);
        return;
    }
    if (m_state == SYN_RCVD && (flags & TcpHeader::ACK) &&
        !(flags & (TcpHeader::SYN | TcpHeader::RST)) &&
        header.GetAckNumber() == m_tcb->m_nextTxSequence + 1)
    {
        // RFC 9293: an acceptable ACK in SYN_RCVD enters ESTABLISHED and the
        // segment is processed further there. ns-3 does the first part for a
        // segment that is only an ACK; its FIN and text are ours.
        TcpHeader ackOnly = header;
        ackOnly.SetFlags(TcpHeader::ACK);
        ProcessSynRcvd(Create<Packet>(), ackOnly, fromAddress, toAddress);
    }
    if (!IsSynchronized(m_state))
    {
        TcpSocketBase::DoForwardUp(packet, fromAddress, toAddress);
        return;
    }
    SocketPriorityTag priorityTag;
    packet->RemovePacketTag(priorityTag);
    packet->RemoveHeader(header);
    m_rxTrace(packet, header, this);

    // One segment in, at most one pure ACK out: ns-3's receive path asks for
    // ACKs that our FIN (or FIN+ACK) may already carry.
    m_deferAcks = true;
    m_ackWanted = false;
    SegmentArrives(packet, header);
    m_deferAcks = false;
    if (m_ackWanted && m_state != CLOSED)
    {
        SendControl(TcpHeader::ACK);
    }
    m_ackWanted = false;
    UpdatePersist();
}

void
TcpTeardownSocket::SegmentArrives(Ptr<Packet> packet, const TcpHeader& header)
{
    NS_LOG_FUNCTION(this << TcpStateName[m_state] << header);
    uint8_t flags = header.GetFlags();

    // first: RST
    if (flags & TcpHeader::RST)
    {
        OnResetArrives();
        return;
    }
    // second: a SYN in a synchronized state is a duplicate of the handshake
    if (flags & TcpHeader::SYN)
    {
        SendControl(TcpHeader::ACK);
        return;
    }
    // third: segments without ACK are dropped
    if (!(flags & TcpHeader::ACK))
    {
        return;
    }
    if (m_timestampEnabled)
    {
        if (!header.HasOption(TcpOption::TS))
        {
            return; // RFC 7323: silently discard
        }
        ProcessOptionTimestamp(header.GetOption(TcpOption::TS), header.GetSequenceNumber());
    }
    if (!ProcessAckField(header))
    {
        return;
    }
    if (m_state == CLOSED)
    {
        return; // the ACK of our FIN ended the connection (LAST_ACK)
    }

    // segment text: only while the peer may still send
    bool peerMaySend = m_state == ESTABLISHED || m_state == FIN_WAIT_1 || m_state == FIN_WAIT_2;
    SequenceNumber32 finPosition = header.GetSequenceNumber() + packet->GetSize();
    if ((flags & TcpHeader::FIN) && !m_peerFinDone &&
        finPosition >= m_tcb->m_rxBuffer->NextRxSequence())
    {
        // Remember where the FIN is before the text is queued, so that the
        // receive buffer counts it once the data before it is complete.
        m_tcb->m_rxBuffer->SetFinSequence(finPosition);
    }
    if (packet->GetSize() > 0 && peerMaySend)
    {
        ReceivedData(packet, header);
        if (m_state == CLOSED)
        {
            return;
        }
    }

    // FIN bit
    if (flags & TcpHeader::FIN)
    {
        ++m_counters.peerFinRx;
        ProcessFinBit(finPosition);
    }
    if (m_state == FIN_WAIT_1)
    {
        FlushQueuedData();
    }
}

bool
TcpTeardownSocket::ProcessAckField(const TcpHeader& header)
{
    SequenceNumber32 ack = header.GetAckNumber();
    SequenceNumber32 sendMax = m_finSent ? m_finSeq + 1 : m_tcb->m_highTxMark.Get();
    if (ack > sendMax)
    {
        // acknowledges something not yet sent: ACK and drop (RFC 9293)
        SendControl(TcpHeader::ACK);
        return false;
    }
    if (m_state == TIME_WAIT)
    {
        return true;
    }
    // ns-3 handles the data part; our FIN's sequence number is ours.
    SequenceNumber32 dataAck = m_finSent ? std::min(ack, m_finSeq) : ack;
    SequenceNumber32 head = m_txBuffer->HeadSequence();
    if (dataAck >= head)
    {
        TcpHeader dataHeader = header;
        dataHeader.SetAckNumber(dataAck);
        EstimateRtt(dataHeader);
        UpdateWindowSize(header);
        if (dataAck > head || head < m_tcb->m_highTxMark)
        {
            TcpSocketBase::ReceivedAck(Create<Packet>(), dataHeader);
        }
    }
    if (m_finSent && !m_finAcked && ack == m_finSeq + 1)
    {
        OnFinAcked();
    }
    return true;
}

void
TcpTeardownSocket::ReceivedData(Ptr<Packet> packet, const TcpHeader& tcpHeader)
{
    // ns-3 runs its own peer-close procedure when the receive buffer completes
    // up to a FIN from a segment without the FIN flag. Presenting every
    // segment as a FIN segment keeps that to us; the flag is not used otherwise.
    TcpHeader masked = tcpHeader;
    masked.SetFlags(tcpHeader.GetFlags() | TcpHeader::FIN);
    TcpSocketBase::ReceivedData(packet, masked);
    if (!m_peerFinDone && m_tcb->m_rxBuffer->Finished() && !(tcpHeader.GetFlags() & TcpHeader::FIN))
    {
        // a retransmission filled the hole before an earlier FIN
        OnPeerFin();
    }
}

void
TcpTeardownSocket::ProcessFinBit(SequenceNumber32 finPosition)
{
    if (!m_peerFinDone)
    {
        if (m_tcb->m_rxBuffer->Finished())
        {
            OnPeerFin();
        }
        else if (m_highTxAck < m_tcb->m_rxBuffer->NextRxSequence() ||
                 finPosition > m_tcb->m_rxBuffer->NextRxSequence())
        {
            SendControl(TcpHeader::ACK); // FIN beyond a hole: duplicate ACK
        }
        return;
    }
    // A FIN we already processed: the peer did not get our ACK.
    switch (m_state)
    {
    case TIME_WAIT:
        SendControl(TcpHeader::ACK);
        ++m_counters.timeWaitRestarts;
        StartTimeWaitTimer();
        break;
    case CLOSE_WAIT:
    case CLOSING:
    case LAST_ACK:
        SendControl(TcpHeader::ACK);
        break;
    default:
        break;
    }
}

void
TcpTeardownSocket::OnPeerFin()
{
    NS_LOG_FUNCTION(this << TcpStateName[m_state]);
    m_peerFinDone = true;
    bool acked = m_highTxAck >= m_tcb->m_rxBuffer->NextRxSequence();
    switch (m_state)
    {
    case ESTABLISHED:
        EnterState(CLOSE_WAIT);
        if (m_finResponse == FIN_ACK_DISCARD)
        {
            // Hypothetical three-way close: answer with one FIN+ACK now.
            uint32_t unsent = m_txBuffer->SizeFromSequence(m_tcb->m_highTxMark);
            m_counters.discardedBytes += unsent;
            if (unsent > 0 && m_rstOnDiscard)
            {
                AbortWithReset();
                return;
            }
            m_sendLimited = true;
            m_closeOnEmpty = false;
            m_finSeq = m_tcb->m_highTxMark; // the unsent rest is discarded
            m_appClosed = true;
            m_shutdownSend = true;
            m_finRetxLeft = m_finRetries;
            m_sendPendingDataEvent.Cancel();
            SendBareFin();
        }
        else if (!acked)
        {
            SendControl(TcpHeader::ACK);
        }
        break;
    case FIN_WAIT_1:
    case FIN_WAIT_2:
        if (!m_finalAck)
        {
            Finish(CloseOutcome::ORDERLY); // "A closes directly"
            return;
        }
        if (!acked)
        {
            SendControl(TcpHeader::ACK);
        }
        if (m_finAcked)
        {
            EnterTimeWait();
        }
        else
        {
            EnterState(CLOSING);
        }
        break;
    default:
        break;
    }
    if (!m_closeNotified && m_state != CLOSED)
    {
        // the application learns that the peer will send no more
        m_closeNotified = true;
        NotifyNormalClose();
    }
}

void
TcpTeardownSocket::OnFinAcked()
{
    NS_LOG_FUNCTION(this << TcpStateName[m_state]);
    m_finAcked = true;
    if (m_txBuffer->HeadSequence() >= m_finSeq)
    {
        m_retxEvent.Cancel();
    }
    switch (m_state)
    {
    case FIN_WAIT_1:
        EnterState(FIN_WAIT_2);
        break;
    case CLOSING:
        EnterTimeWait();
        break;
    case LAST_ACK:
        Finish(CloseOutcome::ORDERLY);
        break;
    default:
        break;
    }
}

void
TcpTeardownSocket::OnResetArrives()
{
    ++m_counters.rstRx;
    if (m_state == TIME_WAIT)
    {
        ++m_counters.timeWaitRsts;
        if (m_ignoreRstInTimeWait)
        {
            NS_LOG_INFO("RST in TIME_WAIT ignored (RFC 1337)");
            return;
        }
        // The close had completed: both FINs were acknowledged (we are in
        // TIME_WAIT), every byte was delivered. The RST only cuts TIME_WAIT
        // short (RFC 1337's assassination); record the cut, not a reset.
        m_timeWaitCut = true;
        m_timeWaitRemaining = Simulator::GetDelayLeft(m_timewaitEvent);
        NS_LOG_INFO("RST cut TIME_WAIT " << m_timeWaitRemaining.As(Time::S) << " early");
        Finish(CloseOutcome::ORDERLY);
        return;
    }
    Finish(CloseOutcome::RESET);
}

void
TcpTeardownSocket::AnswerStraySegment(const TcpHeader& header,
                                      const Address& fromAddress,
                                      const Address& toAddress)
{
    // RFC 9293 3.10.7.2: in LISTEN, an ACK-bearing segment gets <SEQ=SEG.ACK><CTL=RST>;
    // other non-SYN segments are dropped.
    if (!(header.GetFlags() & TcpHeader::ACK))
    {
        return;
    }
    TcpHeader reset;
    reset.SetFlags(TcpHeader::RST);
    reset.SetSequenceNumber(header.GetAckNumber());
    reset.SetAckNumber(SequenceNumber32(0));
    reset.SetSourcePort(header.GetDestinationPort());
    reset.SetDestinationPort(header.GetSourcePort());
    Ptr<Packet> p = Create<Packet>();
    m_txTrace(p, reset, this);
    m_tcp->SendPacket(p, reset, toAddress, fromAddress, m_boundnetdevice);
}

} // namespace ns3
