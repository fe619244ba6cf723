/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpTeardownSocket: the timing of Linux that a close depends on, each
 * behind an attribute that is off by default (RFC 9293 behaviour):
 * - TailLossProbe: one probe before the retransmission timeout of our FIN
 *   (RFC 8985 section 7, Linux's tcp_schedule_loss_probe);
 * - DelayedFinAck: the peer's FIN acknowledged after the delayed-ACK time,
 *   so that a prompt close answers with one FIN+ACK;
 * - QuickAcks: the first data segments acknowledged one by one.
 */

#include "tcp-teardown-socket.h"

#include "ns3/log.h"
#include "ns3/rtt-estimator.h"
#include "ns3/simulator.h"
#include "ns3/tcp-rx-buffer.h"
#include "ns3/tcp-tx-buffer.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownSocketProbe");

namespace
{
/** RFC 8985 7.2 (Linux TCP_RTO_MIN): added to 2 SRTT when one segment is in flight. */
const Time ONE_SEGMENT_EXTRA = MilliSeconds(200);
/** The smallest probe timeout. */
const Time MIN_PROBE_TIMEOUT = MilliSeconds(10);
/** Without an RTT sample (RFC 8985 7.2: 1 s, Linux TCP_TIMEOUT_INIT). */
const Time NO_SAMPLE_TIMEOUT = Seconds(1);
} // namespace

bool
TcpTeardownSocket::ProbeApplies() const
{
    // Linux probes only SACK connections that are not in recovery (Open, no
    // SACKed bytes: a SACKed last segment must not be sent again), once per
    // tail (tlp_high_seq), and never from TIME_WAIT or CLOSED.
    return m_tailLossProbe && !m_probeSent && FinOutstanding() && m_sackEnabled &&
           m_tcb->m_congState == TcpSocketState::CA_OPEN && m_txBuffer->GetSacked() == 0;
}

Time
TcpTeardownSocket::LossProbeTimeout() const
{
    Time srtt = m_rtt->GetEstimate();
    if (srtt.IsZero())
    {
        return NO_SAMPLE_TIMEOUT;
    }
    // segments in flight: the FIN alone, or the data before it in full segments
    uint32_t bytes = m_finSeq - std::min(m_txBuffer->HeadSequence(), m_finSeq);
    uint32_t segments = bytes == 0 ? 1 : (bytes + m_tcb->m_segmentSize - 1) / m_tcb->m_segmentSize;
    Time pto = 2 * srtt + (segments == 1 ? ONE_SEGMENT_EXTRA : Time(0));
    return std::max(pto, MIN_PROBE_TIMEOUT);
}

void
TcpTeardownSocket::ArmLossProbe()
{
    if (!ProbeApplies() || (CompatIsPending(m_probeEvent) && m_probeEvent == m_retxEvent))
    {
        return;
    }
    // never later than the retransmission timeout that is pending
    Time rtoLeft =
        CompatIsPending(m_retxEvent) ? Simulator::GetDelayLeft(m_retxEvent) : m_rto.Get();
    Time pto = std::min(LossProbeTimeout(), rtoLeft);
    NS_LOG_LOGIC("tail-loss probe in " << pto.As(Time::MS) << " (RTO in " << rtoLeft.As(Time::MS)
                                       << ")");
    m_retxEvent.Cancel();
    m_retxEvent = Simulator::Schedule(pto, &TcpTeardownSocket::SendLossProbe, this);
    m_probeEvent = m_retxEvent;
    m_probeRtoAt = Simulator::Now() + rtoLeft;
}

void
TcpTeardownSocket::SendLossProbe()
{
    NS_LOG_FUNCTION(this);
    if (!FinOutstanding())
    {
        ReTxTimeout();
        return;
    }
    if (!ProbeApplies())
    {
        // SACKs arrived since the probe was armed (Linux re-arms the RTO on
        // every ACK and probes only in the Open state): no probe, the RTO it
        // replaced, when it was due.
        m_retxEvent = Simulator::Schedule(std::max(m_probeRtoAt - Simulator::Now(), Time(0)),
                                          &TcpTeardownSocket::ReTxTimeout,
                                          this);
        return;
    }
    m_probeSent = true;
    ++m_counters.lossProbes;
    // Resend the last segment, the one that carries our FIN: a probe is not
    // a retransmission timeout, so FinRetries and the backoff stay as they are.
    m_finTimerRetransmission = true;
    if (m_txBuffer->HeadSequence() >= m_finSeq || m_finSegmentStart >= m_finSeq)
    {
        SendBareFin();
    }
    else
    {
        SequenceNumber32 start = std::max(
            {m_finSegmentStart, m_txBuffer->HeadSequence(), m_finSeq - m_tcb->m_segmentSize});
        SendDataPacket(start, m_finSeq - start, m_connected);
    }
    m_finTimerRetransmission = false;
    // the retransmission timeout again, from now and without backoff
    m_retxEvent.Cancel();
    m_retxEvent = Simulator::Schedule(m_rto, &TcpTeardownSocket::ReTxTimeout, this);
}

bool
TcpTeardownSocket::QuickAckDue(const TcpHeader& header)
{
    if (!m_quickAcksStarted)
    {
        m_quickAcksStarted = true;
        m_quickAcksLeft = m_quickAcks;
    }
    if (m_quickAcksLeft == 0)
    {
        return false;
    }
    if (m_delayedFinAck && (header.GetFlags() & TcpHeader::FIN) && m_state == ESTABLISHED)
    {
        // Linux leaves quick-ack mode at the peer's FIN (pingpong): the
        // segment that carries it is acknowledged late, like the FIN
        return false;
    }
    --m_quickAcksLeft;
    return true;
}

void
TcpTeardownSocket::AcknowledgePeerFin()
{
    if (!m_delayedFinAck)
    {
        SendControl(TcpHeader::ACK);
        return;
    }
    // Any segment sent meanwhile carries the ACK and cancels the timer
    // (SendControlSegment, ns-3's SendDataPacket).
    if (!CompatIsPending(m_delAckEvent))
    {
        m_delAckEvent =
            Simulator::Schedule(m_delAckTimeout, &TcpTeardownSocket::DelAckTimeout, this);
    }
}

} // namespace ns3
