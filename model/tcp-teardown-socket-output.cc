/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpTeardownSocket: the segments the close path sends. Our FIN has a
 * sequence number of its own (m_finSeq); it leaves either on the last data
 * segment (ns-3's SendDataPacket sets the flag when m_closeOnEmpty is set) or
 * alone, and is retransmitted on the one retransmission timer with
 * exponential backoff until acknowledged or FinRetries is exhausted.
 */

#include "tcp-teardown-socket.h"

#include "ns3/ipv4-end-point.h"
#include "ns3/ipv6-end-point.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-rx-buffer.h"
#include "ns3/tcp-tx-buffer.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownSocketOutput");

SequenceNumber32
TcpTeardownSocket::SendNext() const
{
    // ns-3 rewinds m_nextTxSequence on a retransmission timeout; SND.NXT of
    // RFC 9293 is the highest sequence number sent (m_highTxMark).
    return m_finSent ? m_finSeq + 1
                     : std::max(m_tcb->m_nextTxSequence.Get(), m_tcb->m_highTxMark.Get());
}

bool
TcpTeardownSocket::FinOutstanding() const
{
    return m_finSent && !m_finAcked && m_state != CLOSED && m_state != TIME_WAIT;
}

void
TcpTeardownSocket::Transmit(Ptr<Packet> packet, const TcpHeader& header)
{
    m_txTrace(packet, header, this);
    if (m_endPoint != nullptr)
    {
        m_tcp->SendPacket(packet,
                          header,
                          m_endPoint->GetLocalAddress(),
                          m_endPoint->GetPeerAddress(),
                          m_boundnetdevice);
    }
    else
    {
        m_tcp->SendPacket(packet,
                          header,
                          m_endPoint6->GetLocalAddress(),
                          m_endPoint6->GetPeerAddress(),
                          m_boundnetdevice);
    }
}

void
TcpTeardownSocket::SendControl(uint8_t flags)
{
    SendControlSegment(flags, SendNext());
}

void
TcpTeardownSocket::SendControlSegment(uint8_t flags, SequenceNumber32 seq)
{
    NS_LOG_FUNCTION(this << TcpHeader::FlagsToString(flags) << seq);
    if (m_endPoint == nullptr && m_endPoint6 == nullptr)
    {
        return;
    }
    Ptr<Packet> p = Create<Packet>();
    TCP_TEARDOWN_ADD_SOCKET_TAGS(p, false); // a segment without payload is not ECN-capable
    TcpHeader header;
    header.SetFlags(flags);
    header.SetSequenceNumber(seq);
    header.SetAckNumber(m_tcb->m_rxBuffer->NextRxSequence());
    header.SetSourcePort(m_endPoint ? m_endPoint->GetLocalPort() : m_endPoint6->GetLocalPort());
    header.SetDestinationPort(m_endPoint ? m_endPoint->GetPeerPort() : m_endPoint6->GetPeerPort());
    header.SetWindowSize(AdvertisedWindowSize());
    AddOptions(header);
    if (flags & TcpHeader::ACK)
    {
        // this segment acknowledges everything received: no other ACK is due
        m_ackWanted = false;
        m_delAckEvent.Cancel();
        m_delAckCount = 0;
        if (m_highTxAck < header.GetAckNumber())
        {
            m_highTxAck = header.GetAckNumber();
        }
        if (m_sackEnabled && m_tcb->m_rxBuffer->GetSackListSize() > 0)
        {
            AddOptionSack(header);
        }
    }
    Transmit(p, header);
}

void
TcpTeardownSocket::SendEmptyPacket(uint8_t flags)
{
    // The handshake (SYN, SYN+ACK) stays ns-3's. Everything else without
    // payload goes through SendControl, which numbers it past our FIN and
    // leaves the retransmission timeout (and its backoff) alone.
    if ((flags & TcpHeader::SYN) || !m_connected)
    {
        if ((flags & TcpHeader::SYN) && m_issPending)
        {
            ChooseIss(); // the opening SYN or SYN+ACK (Connect, CompleteFork)
        }
        TcpSocketBase::SendEmptyPacket(flags);
        return;
    }
    if (flags & TcpHeader::FIN)
    {
        QueueFin();
        return;
    }
    if (flags == TcpHeader::ACK && m_deferAcks)
    {
        m_ackWanted = true; // sent once the arriving segment is processed
        return;
    }
    SendControl(flags);
}

void
TcpTeardownSocket::QueueFin()
{
    NS_LOG_FUNCTION(this);
    if (m_appClosed)
    {
        return;
    }
    m_appClosed = true;
    m_shutdownSend = true;
    m_finRetxLeft = m_finRetries;
    if (m_state == ESTABLISHED)
    {
        // RFC 9293 3.10.4: "in any case, enter FIN-WAIT-1" at the CLOSE call
        EnterState(FIN_WAIT_1);
    }
    // The FIN takes the sequence number after the last queued byte, whatever
    // SND.NXT is: after a retransmission timeout ns-3 rewinds SND.NXT to the
    // first unacknowledged byte, and a FIN that waited for the retransmission
    // of the tail would never leave if the peer acknowledges everything at
    // once. Any segment that carries the last byte carries the FIN too
    // (SendDataPacket sets it while m_closeOnEmpty is set).
    m_finSeq = m_txBuffer->TailSequence();
    m_closeOnEmpty = true;
    if (m_finSeq > m_tcb->m_highTxMark)
    {
        // Data never sent is queued: the FIN rides on its last segment.
        if (m_state == FIN_WAIT_1)
        {
            m_sendPendingDataEvent.Cancel();
            FlushQueuedData();
        }
        return;
    }
    SendBareFin();
}

void
TcpTeardownSocket::FlushQueuedData()
{
    // ns-3's SendPendingData sends nothing in FIN_WAIT_1 while the congestion
    // state is OPEN (it assumes the FIN went last); in the other congestion
    // states it sends as usual. Data queued before the CLOSE call must still
    // go, so fill exactly that gap, the way SendPendingData would: the
    // scoreboard (NextSeg) picks what to send, so SACKed bytes are not sent
    // again and segment boundaries stay those of the first transmission, and
    // silly window avoidance holds back a segment smaller than the window
    // allows unless it is the last one. Nagle does not hold back data before
    // a FIN. (Sending from SND.NXT into SACKed data with new boundaries
    // corrupts ns-3.37's TcpTxBuffer bookkeeping of SACKed bytes: bytes in
    // flight never drop to zero and the retransmission timer fires without
    // sending anything until the retries are exhausted.)
    if (m_state != FIN_WAIT_1 || m_tcb->m_congState != TcpSocketState::CA_OPEN)
    {
        return;
    }
    while (true)
    {
        uint32_t window = AvailableWindow();
        SequenceNumber32 next;
        SequenceNumber32 nextHigh;
        if (window == 0 || !m_txBuffer->NextSeg(&next, &nextHigh, false))
        {
            break;
        }
        uint32_t available = m_txBuffer->SizeFromSequence(next);
        if (window < m_tcb->m_segmentSize && available > window)
        {
            break; // silly window avoidance: wait for a larger window
        }
        uint32_t size =
            std::min({window, m_tcb->m_segmentSize, static_cast<uint32_t>(nextHigh - next)});
        m_tcb->m_nextTxSequence = next;
        uint32_t sent = SendDataPacket(next, size, m_connected);
        if (sent == 0)
        {
            break;
        }
        m_tcb->m_nextTxSequence += sent;
    }
}

void
TcpTeardownSocket::SendBareFin()
{
    NS_LOG_FUNCTION(this);
    if (m_endPoint == nullptr && m_endPoint6 == nullptr)
    {
        return;
    }
    SendControlSegment(TcpHeader::FIN | TcpHeader::ACK, m_finSeq); // fixed when the FIN was queued
    m_finSegmentStart = m_finSeq;
    OnFinSent(m_finSeq);
}

uint32_t
TcpTeardownSocket::SendDataPacket(SequenceNumber32 seq, uint32_t maxSize, bool withAck)
{
    if (m_sendLimited)
    {
        // After a discarding close the bytes from m_finSeq on are discarded,
        // but they stay in ns-3's send queue (TcpTxBuffer cannot drop its
        // tail), and ns-3 takes segments from that queue in more places than
        // AvailableWindow guards: DoRetransmit (fast retransmit, partial ACK,
        // timeout) sends NextSeg's unsent data when no segment is marked
        // lost, and NextSeg sizes a lost segment SMSS long, past the last
        // byte before the FIN. Every data segment is built here, so the limit
        // is kept here: nothing beyond the FIN leaves. Asked for a segment at
        // the FIN or beyond, do what ns-3 does when NextSeg finds nothing:
        // resend the head (RFC 6675 4.3), or, with only the FIN left, the FIN.
        if (seq >= m_finSeq)
        {
            SequenceNumber32 head = m_txBuffer->HeadSequence();
            if (head >= m_finSeq)
            {
                SendBareFin();
                return 1; // the FIN's sequence number
            }
            seq = head;
        }
        maxSize = std::min<uint32_t>(maxSize, m_finSeq - seq);
    }
    if (m_closeOnEmpty && m_state == CLOSE_WAIT && m_txBuffer->SizeFromSequence(seq) <= maxSize)
    {
        // This segment carries the last byte and our FIN. ns-3 would change
        // the state itself; do it here, so every transition goes through
        // EnterState (RFC 9293: CLOSE_WAIT lasts until our FIN is sent).
        EnterState(LAST_ACK);
    }
    uint32_t sent = TcpSocketBase::SendDataPacket(seq, maxSize, withAck);
    if (withAck)
    {
        m_ackWanted = false; // the data segment carries the ACK
    }
    // ns-3 set the FIN flag on this segment if it carried the last queued byte
    if (m_closeOnEmpty && m_txBuffer->SizeFromSequence(seq + sent) == 0)
    {
        m_finSegmentStart = seq;
        OnFinSent(seq + sent);
    }
    return sent;
}

void
TcpTeardownSocket::OnFinSent(SequenceNumber32 finSeq)
{
    bool retransmission = m_finSent;
    m_finSent = true;
    m_finSeq = finSeq;
    if (retransmission && !m_finTimerRetransmission && m_finRetxLeft > 0)
    {
        // A FIN sent again without the timer (fast retransmit, NewReno's
        // partial ACK, a segment the scoreboard marked lost) is a
        // retransmission of it too: it counts against FinRetries like a
        // timeout does (RFC 1122 4.2.3.5 counts retransmissions of the same
        // segment). The expiry that sends it has been counted in RetransmitFin.
        // (With the budget spent, a FIN ns-3's recovery resends still leaves;
        // the next expiry aborts.)
        --m_finRetxLeft;
    }
    if (m_state == CLOSE_WAIT)
    {
        // RFC 9293: CLOSE_WAIT lasts until our FIN is sent
        EnterState(LAST_ACK);
    }
    if (m_state == LAST_ACK && !m_lastAck)
    {
        // Hypothetical (LastAck false): the passive closer closes as its FIN
        // leaves; LAST_ACK lasts no time and the FIN is never retransmitted,
        // so a segment that arrives later finds no connection. Closed once
        // the send in progress has returned (this may run inside ns-3's
        // SendPendingData).
        m_sendLimited = true;
        CompatSchedule(Seconds(0), [self = Ptr<TcpTeardownSocket>(this)]() {
            self->Finish(CloseOutcome::ORDERLY);
        });
        m_finTxTrace(finSeq, retransmission);
        return;
    }
    ArmRetransmissionTimer();
    ArmLossProbe();
    m_finTxTrace(finSeq, retransmission);
}

void
TcpTeardownSocket::ArmRetransmissionTimer()
{
    if (!CompatIsPending(m_retxEvent))
    {
        m_retxEvent = Simulator::Schedule(m_rto, &TcpTeardownSocket::ReTxTimeout, this);
    }
}

void
TcpTeardownSocket::NewAck(const SequenceNumber32& seq, bool resetRTO)
{
    if (seq > m_txBuffer->HeadSequence())
    {
        m_probeSent = false; // SND.UNA advances: the next tail may be probed
    }
    TcpSocketBase::NewAck(seq, resetRTO);
    if (m_appClosed)
    {
        m_finRetxLeft = m_finRetries; // the peer makes progress: a new series of retries
    }
    // ns-3 stops the timer when no data is left (except in FIN_WAIT_1 and
    // CLOSING); our FIN is outstanding in LAST_ACK too.
    if (FinOutstanding())
    {
        ArmRetransmissionTimer();
        ArmLossProbe();
    }
}

uint32_t
TcpTeardownSocket::AvailableWindow() const
{
    uint32_t window = TcpSocketBase::AvailableWindow();
    if (window == 0 || !m_sendLimited)
    {
        return window;
    }
    // After a discarding close nothing at or beyond our FIN may be sent;
    // retransmissions of data sent before it still may.
    SequenceNumber32 next;
    SequenceNumber32 nextHigh;
    if (!m_txBuffer->NextSeg(&next, &nextHigh, false) || next >= m_finSeq)
    {
        return 0;
    }
    return window;
}

void
TcpTeardownSocket::ReTxTimeout()
{
    NS_LOG_FUNCTION(this);
    if (m_state == CLOSED || m_state == TIME_WAIT)
    {
        return;
    }
    if (FinOutstanding())
    {
        RetransmitFin();
        return;
    }
    if (m_connected && m_txBuffer->Size() > 0 && m_dataRetrCount == 0)
    {
        NS_LOG_INFO("Data retries exhausted: abort");
        GiveUp();
        return;
    }
    TcpSocketBase::ReTxTimeout();
}

void
TcpTeardownSocket::RetransmitFin()
{
    // One budget for our FIN, whether it rides on the last data segment or
    // leaves alone: every expiry of the retransmission timer while it is
    // unacknowledged counts against FinRetries (and so does every FIN sent
    // again without the timer, OnFinSent), and the timeout doubles up to
    // MaxFinRto (RFC 6298 5.5).
    if (m_finRetxLeft == 0)
    {
        NS_LOG_INFO("FIN retries exhausted: abort");
        GiveUp();
        return;
    }
    --m_finRetxLeft;
    Time backedOff = std::min(Time(m_rto.Get() * 2), m_maxRto);
    m_finTimerRetransmission = true; // this expiry is counted: the FIN it may send is not
    if (m_txBuffer->HeadSequence() >= m_finSeq)
    {
        m_rto = backedOff;
        SendBareFin(); // only the FIN is unacknowledged
        m_finTimerRetransmission = false;
        return;
    }
    // Data before the FIN is unacknowledged: ns-3 resends it (the FIN rides
    // on the last segment). Its own retry count and 60 s cap do not apply.
    m_dataRetrCount = std::max<uint32_t>(m_dataRetrCount, 1);
    TcpSocketBase::ReTxTimeout();
    m_finTimerRetransmission = false;
    m_rto = backedOff;
    m_retxEvent.Cancel();
    ArmRetransmissionTimer();
}

void
TcpTeardownSocket::UpdatePersist()
{
    // ns-3 enters and leaves zero-window probing in its DoForwardUp, which
    // the synchronized states bypass: do it here, after each segment, with
    // ns-3's probe (PersistTimeout: one byte, timeout doubled up to 60 s).
    bool maySendData = m_state == ESTABLISHED || m_state == FIN_WAIT_1 || m_state == CLOSE_WAIT ||
                       m_state == CLOSING;
    if (!maySendData)
    {
        return; // EnterState cancelled the probes
    }
    bool unsent = m_txBuffer->SizeFromSequence(m_tcb->m_highTxMark) > 0;
    bool outstanding = m_txBuffer->HeadSequence() < m_tcb->m_highTxMark;
    if (m_rWnd.Get() == 0 && unsent && !outstanding)
    {
        if (!CompatIsPending(m_persistEvent))
        {
            NS_LOG_LOGIC("zero window: probe in " << m_persistTimeout.As(Time::S));
            m_retxEvent.Cancel();
            m_persistEvent =
                Simulator::Schedule(m_persistTimeout, &TcpTeardownSocket::PersistTimeout, this);
        }
        return;
    }
    if (m_rWnd.Get() != 0 && CompatIsPending(m_persistEvent))
    {
        NS_LOG_LOGIC("window open again: leave zero-window probing");
        m_persistEvent.Cancel();
        if (m_state == FIN_WAIT_1)
        {
            FlushQueuedData();
        }
        SendPendingData(m_connected);
        if (m_txBuffer->HeadSequence() < m_tcb->m_highTxMark || FinOutstanding())
        {
            ArmRetransmissionTimer();
        }
    }
}

void
TcpTeardownSocket::PersistTimeout()
{
    // RFC 9293 3.8.6.1: probe a zero window with one octet of new data. The
    // octet is the first unacknowledged one, sent as a data segment (ns-3's
    // own probe carries no ACK flag, so a conformant receiver drops it
    // without an answer). The interval doubles up to 60 s, as in ns-3.
    m_persistTimeout = std::min(Seconds(60), Time(2 * m_persistTimeout));
    SequenceNumber32 head = m_txBuffer->HeadSequence();
    if (m_txBuffer->SizeFromSequence(head) > 0)
    {
        // ns-3's SendDataPacket asserts (NS_ASSERT, so in builds with
        // asserts) that new data fits the peer's window; the probe is the
        // RFC's one exception to that, so the window is one octet for it.
        uint32_t window = m_rWnd;
        m_rWnd = std::max<uint32_t>(window, 1);
        uint32_t sent = SendDataPacket(head, 1, m_connected);
        m_rWnd = window;
        m_tcb->m_nextTxSequence = std::max(m_tcb->m_nextTxSequence.Get(), head + sent);
    }
    m_retxEvent.Cancel(); // the probes replace the retransmission timer
    m_persistEvent =
        Simulator::Schedule(m_persistTimeout, &TcpTeardownSocket::PersistTimeout, this);
}

} // namespace ns3
