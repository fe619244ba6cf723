/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpTeardownSocket: SEGMENT ARRIVES (RFC 9293 section 3.10.7.4) for the
 * synchronized states. ns-3 keeps the handshake (LISTEN with SYN, SYN_SENT,
 * SYN_RCVD); from ESTABLISHED on, every segment comes here and is processed
 * in the RFC's order: sequence number check, RST, SYN, ACK, segment text,
 * FIN. Acknowledged data,
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
TcpTeardownSocket::ForwardSynchronized(Ptr<Packet> packet,
                                       const Address& from,
                                       const Address& to,
                                       std::function<void(Ptr<Packet>)> handBack)
{
    TcpHeader tcpHeader;
    packet->PeekHeader(tcpHeader);
    uint8_t flags = tcpHeader.GetFlags();
    if (!IsSynchronized(m_state))
    {
        return false;
    }
    if (m_state == TIME_WAIT && (flags & TcpHeader::SYN) &&
        !(flags & (TcpHeader::ACK | TcpHeader::RST)))
    {
        // RFC 9293 3.10.7.4 (fourth, TIME-WAIT) and RFC 6191: a SYN for the
        // 4-tuple of a connection in TIME_WAIT (TimeWaitRules): a new
        // incarnation ends TIME_WAIT and the SYN goes back to the node's TCP,
        // where a listener on this port (if any) takes it, or the stack
        // answers it with RST; otherwise a challenge ACK
        m_rxTrace(packet, tcpHeader, this);
        TimeWaitView view = GetTimeWaitView();
        TimeWaitActions a = TimeWaitRules::Decide(view, GetTimeWaitSettings(), tcpHeader, 0);
        ApplyTimeWaitActions(a, view, packet->Copy(), handBack);
        return true;
    }
    if (m_tcb->m_useEcn != TcpSocketState::Off && !(flags & TcpHeader::FIN))
    {
        return false; // ns-3's ForwardUp processes ECN marks (its own range check first)
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
    Ptr<TcpTeardownSocket> keep(this); // the endpoint (and its callback) may go meanwhile
    Ptr<TcpL4Protocol> tcp = m_tcp;
    if (m_endPoint == nullptr ||
        !ForwardSynchronized(packet,
                             InetSocketAddress(header.GetSource(), port),
                             InetSocketAddress(header.GetDestination(), m_endPoint->GetLocalPort()),
                             [tcp, header, incomingInterface](Ptr<Packet> syn) {
                                 tcp->Receive(syn, header, incomingInterface);
                             }))
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
    Ptr<TcpL4Protocol> tcp = m_tcp;
    if (m_endPoint6 == nullptr ||
        !ForwardSynchronized(
            packet,
            Inet6SocketAddress(header.GetSource(), port),
            Inet6SocketAddress(header.GetDestination(), m_endPoint6->GetLocalPort()),
            [tcp, header, incomingInterface](Ptr<Packet> syn) {
                tcp->Receive(syn, header, incomingInterface);
            }))
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
    if (m_state == SYN_SENT && (flags & TcpHeader::SYN) && !(flags & TcpHeader::RST))
    {
        InitReceiveSequence(header.GetSequenceNumber()); // the peer's ISN (IRS)
    }
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
    if (m_releasePending)
    {
        ReleaseForCompactTimeWait(); // TIME_WAIT was handed to the table meanwhile
    }
}

void
TcpTeardownSocket::SegmentArrives(Ptr<Packet> packet, const TcpHeader& header)
{
    NS_LOG_FUNCTION(this << TcpStateName[m_state] << header);
    uint8_t flags = header.GetFlags();
    uint32_t payload = packet->GetSize();
    if (m_state == TIME_WAIT)
    {
        // the one statement of TIME_WAIT's rules, shared with the compact records
        TimeWaitView view = GetTimeWaitView();
        TimeWaitActions a = TimeWaitRules::Decide(view, GetTimeWaitSettings(), header, payload);
        ApplyTimeWaitActions(a, view, nullptr, nullptr);
        return;
    }
    if (flags & TcpHeader::RST)
    {
        ++m_counters.rstRx;
    }

    // A SYN in a synchronized state, whatever its sequence number, gets a
    // challenge ACK and is dropped (RFC 5961 section 4, RFC 9293 3.10.7.4
    // fourth; TIME_WAIT's new incarnations are taken in ForwardUpChecked).
    if ((flags & TcpHeader::SYN) && !(flags & TcpHeader::RST))
    {
        SendChallengeAck();
        return;
    }
    // PAWS (RFC 7323 5.3 R1, attribute Paws), before the sequence number:
    // a segment older than TS.Recent is unacceptable (ACK and drop; a RST is
    // exempt). TS.Recent is the TSval this socket echoes.
    if (m_paws && m_timestampEnabled && !(flags & TcpHeader::RST) &&
        header.HasOption(TcpOption::TS))
    {
        uint32_t tsVal =
            DynamicCast<const TcpOptionTS>(header.GetOption(TcpOption::TS))->GetTimestamp();
        if (static_cast<int32_t>(tsVal - m_timestampToEcho) < 0)
        {
            NS_LOG_INFO("PAWS: TSval " << tsVal << " older than TS.Recent " << m_timestampToEcho
                                       << ": ACK and drop");
            ++m_counters.pawsDrops;
            SendControl(TcpHeader::ACK);
            return;
        }
    }
    if ((flags & TcpHeader::RST) && m_acceptRstBeforeFin &&
        (m_state == CLOSE_WAIT || m_state == LAST_ACK || m_state == CLOSING) &&
        header.GetSequenceNumber() + 1 == m_tcb->m_rxBuffer->NextRxSequence())
    {
        // the peer numbered this RST before its FIN (Linux's tcp_reset_check)
        ++m_counters.rstAccepted;
        OnResetArrives();
        return;
    }
    // first: the sequence number (RFC 9293 3.10.7.4; zero-length segments
    // and FINs too)
    if (!IsAcceptable(header, payload))
    {
        OnUnacceptable(header, payload);
        return;
    }
    // second: RST, in the window (checked above); RFC 5961 3.2 asks for an
    // exact match with RCV.NXT, else a challenge ACK
    if (flags & TcpHeader::RST)
    {
        if (m_rfc5961 && header.GetSequenceNumber() != m_tcb->m_rxBuffer->NextRxSequence())
        {
            NS_LOG_INFO("RST in the window but not at RCV.NXT: challenge ACK (RFC 5961)");
            SendChallengeAck();
            return;
        }
        ++m_counters.rstAccepted;
        OnResetArrives();
        return;
    }
    // fifth: segments without ACK are dropped
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
    SequenceNumber32 finPosition = header.GetSequenceNumber() + payload;
    if ((flags & TcpHeader::FIN) && !m_peerFinDone &&
        finPosition >= m_tcb->m_rxBuffer->NextRxSequence())
    {
        // Remember where the FIN is before the text is queued, so that the
        // receive buffer counts it once the data before it is complete.
        m_tcb->m_rxBuffer->SetFinSequence(finPosition);
    }
    if (m_orphaned && peerMaySend && payload > 0 &&
        header.GetSequenceNumber() + payload > m_tcb->m_rxBuffer->NextRxSequence())
    {
        // New data after Close(): the application reads no more, the data is
        // lost; say so with RST (RFC 1122 4.2.2.13, RFC 2525 2.17).
        NS_LOG_INFO("data after Close(): abort with RST");
        ++m_counters.dataAfterCloseRx;
        if (flags & TcpHeader::ACK)
        {
            // answered as a segment of a connection that is gone (RFC 9293
            // 3.10.7.1; Linux's tcp_v4_send_reset): <SEQ=SEG.ACK><CTL=RST>
            SendControlSegment(TcpHeader::RST, header.GetAckNumber());
            Finish(CloseOutcome::RESET);
            return;
        }
        AbortWithReset();
        return;
    }
    if (payload > 0 && peerMaySend)
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
    if (QuickAckDue(tcpHeader))
    {
        m_delAckCount = std::max<uint32_t>(m_delAckMaxCount, 1) - 1; // this one is acknowledged now
    }
    bool finDelayed = m_delayedFinAck && m_state == ESTABLISHED && m_deferAcks &&
                      (tcpHeader.GetFlags() & TcpHeader::FIN);
    bool ackWanted = m_ackWanted;
    TcpSocketBase::ReceivedData(packet, masked);
    if (finDelayed && m_tcb->m_rxBuffer->Size() == m_tcb->m_rxBuffer->Available())
    {
        // ns-3 acknowledges at once a segment that moves RCV.NXT past its
        // payload, which the FIN does; under DelayedFinAck its ACK waits
        // (OnPeerFin), unless a hole asks for one
        m_ackWanted = ackWanted;
    }
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
            AcknowledgePeerFin();
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

uint32_t
TcpTeardownSocket::ReceiveWindow() const
{
    // as AdvertisedWindowSize: once the peer's FIN is known, the window last advertised
    if (m_tcb->m_rxBuffer->GotFin())
    {
        return m_advWnd.Get();
    }
    SequenceNumber32 next = m_tcb->m_rxBuffer->NextRxSequence();
    SequenceNumber32 max = m_tcb->m_rxBuffer->MaxRxSequence();
    return max > next ? static_cast<uint32_t>(max - next) : 0;
}

bool
TcpTeardownSocket::IsAcceptable(const TcpHeader& header, uint32_t payload) const
{
    return TimeWaitRules::IsAcceptable(m_tcb->m_rxBuffer->NextRxSequence(),
                                       ReceiveWindow(),
                                       header,
                                       payload);
}

void
TcpTeardownSocket::OnUnacceptable(const TcpHeader& header, uint32_t payload)
{
    uint8_t flags = header.GetFlags();
    ++m_counters.unacceptableRx;
    if (flags & TcpHeader::RST)
    {
        NS_LOG_INFO("RST outside the window: dropped");
        return; // RFC 9293: drop it, no answer
    }
    SequenceNumber32 next = m_tcb->m_rxBuffer->NextRxSequence();
    NS_LOG_INFO("unacceptable segment " << header.GetSequenceNumber() << "+" << payload
                                        << " (RCV.NXT " << next << ", RCV.WND " << ReceiveWindow()
                                        << "): ACK and drop");
    if (ReceiveWindow() == 0 && header.GetSequenceNumber() == next && (flags & TcpHeader::ACK) &&
        (!m_timestampEnabled || header.HasOption(TcpOption::TS)))
    {
        // RFC 9293: with a zero window, valid ACKs are still accepted (a
        // zero-window probe carries the peer's acknowledgment)
        if (m_timestampEnabled)
        {
            ProcessOptionTimestamp(header.GetOption(TcpOption::TS), header.GetSequenceNumber());
        }
        if (!ProcessAckField(header) || m_state == CLOSED)
        {
            return;
        }
    }
    SendControl(TcpHeader::ACK);
}

void
TcpTeardownSocket::SendChallengeAck()
{
    // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>; no rate limit (RFC 5961 7), the
    // model sends few
    ++m_counters.challengeAckTx;
    SendControl(TcpHeader::ACK);
}

void
TcpTeardownSocket::OnResetArrives()
{
    // (TIME_WAIT's RSTs are TimeWaitRules')
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
