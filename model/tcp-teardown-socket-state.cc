/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpTeardownSocket: the state machine of the synchronized states. Every
 * state change of the close path goes through EnterState, which checks it
 * against RFC 9293's state diagram (section 3.3.2), logs it and cancels the
 * timers the new state does not use; the timers of TIME_WAIT and FIN_WAIT_2
 * and the end of a connection (Finish) are here too.
 */

#include "tcp-teardown-socket.h"

#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/tcp-rx-buffer.h"
#include "ns3/tcp-tx-buffer.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownSocketState");

bool
TcpTeardownSocket::IsRfcTransition(TcpStates_t from, TcpStates_t to)
{
    if (to == CLOSED)
    {
        // RST, ABORT, a give-up or the end of TIME_WAIT: from any state (the
        // hypothetical variants without TIME_WAIT or final ACK close here too)
        return from != CLOSED;
    }
    switch (from)
    {
    case SYN_RCVD:
        return to == ESTABLISHED || to == FIN_WAIT_1;
    case ESTABLISHED:
        return to == FIN_WAIT_1 || to == CLOSE_WAIT;
    case FIN_WAIT_1:
        // ACK of our FIN; FIN; FIN that acknowledges our FIN (FIN_WAIT_2 is
        // passed in zero time then, as the ACK field is processed first)
        return to == FIN_WAIT_2 || to == CLOSING || to == TIME_WAIT;
    case FIN_WAIT_2:
    case CLOSING:
        return to == TIME_WAIT;
    case CLOSE_WAIT:
        return to == LAST_ACK;
    default:
        return false; // LAST_ACK and TIME_WAIT only go to CLOSED
    }
}

void
TcpTeardownSocket::EnterState(TcpStates_t next)
{
    NS_ASSERT_MSG(IsRfcTransition(m_state, next),
                  "TcpTeardownSocket: " << TcpStateName[m_state] << " -> " << TcpStateName[next]
                                        << " is not a transition of RFC 9293's state diagram");
    NS_LOG_DEBUG(TcpStateName[m_state] << " -> " << TcpStateName[next]);
    CancelTimersUnusedIn(next);
    m_state = next;
    if (next == FIN_WAIT_2)
    {
        m_finWait2Entered = Simulator::Now();
        ArmFinWait2Timeout();
    }
}

void
TcpTeardownSocket::ArmFinWait2Timeout()
{
    // Only an orphan (Close(), not ShutdownSend() alone) gives up on the
    // peer's FIN, as Linux's tcp_fin_timeout: a half-closed socket is still
    // reading, and RFC 9293 has no such timeout. The time counts from entering
    // FIN_WAIT_2, also when Close() comes later. It cannot cut a transfer
    // short: new data after Close() resets the connection (RFC 1122
    // 4.2.2.13) before the timer could.
    if (!m_orphaned || m_finWait2Timeout.IsZero() || m_state != FIN_WAIT_2)
    {
        return;
    }
    Time left = m_finWait2Entered + m_finWait2Timeout - Simulator::Now();
    m_finWait2Event.Cancel();
    m_finWait2Event =
        Simulator::Schedule(Max(left, Seconds(0)), &TcpTeardownSocket::FinWait2Expired, this);
}

void
TcpTeardownSocket::CancelTimersUnusedIn(TcpStates_t state)
{
    // retransmission: while something of ours may be unacknowledged
    if (state == FIN_WAIT_2 || state == TIME_WAIT || state == CLOSED)
    {
        m_retxEvent.Cancel();
    }
    // zero-window probes and sending queued data: while data may still be sent
    if (state != ESTABLISHED && state != FIN_WAIT_1 && state != CLOSE_WAIT && state != CLOSING)
    {
        m_persistEvent.Cancel();
        m_sendPendingDataEvent.Cancel();
    }
    // delayed ACK: while the peer may still send data
    if (state != ESTABLISHED && state != FIN_WAIT_1 && state != FIN_WAIT_2)
    {
        m_delAckEvent.Cancel();
    }
    if (state != FIN_WAIT_2)
    {
        m_finWait2Event.Cancel();
    }
    if (state != TIME_WAIT)
    {
        m_timewaitEvent.Cancel();
    }
    m_lastAckEvent.Cancel(); // ns-3's LAST_ACK timer is never used here
    if (state == CLOSED)
    {
        m_pacingTimer.Cancel();
    }
}

void
TcpTeardownSocket::EnterTimeWait()
{
    if (m_timeWaitMsl <= 0.0)
    {
        NS_LOG_DEBUG("no TIME_WAIT");
        Finish(CloseOutcome::ORDERLY);
        return;
    }
    EnterState(TIME_WAIT);
    if (CompactTimeWaitApplies())
    {
        HandOverTimeWait(); // the node's TCP keeps the record and its timer
        return;
    }
    StartTimeWaitTimer();
}

void
TcpTeardownSocket::StartTimeWaitTimer()
{
    m_timewaitEvent.Cancel();
    m_timewaitEvent = Simulator::Schedule(GetTimeWaitLength(),
                                          &TcpTeardownSocket::Finish,
                                          this,
                                          CloseOutcome::ORDERLY);
}

void
TcpTeardownSocket::FinWait2Expired()
{
    NS_LOG_FUNCTION(this);
    NS_ASSERT(m_state == FIN_WAIT_2);
    NS_LOG_INFO("FIN_WAIT_2 timeout: giving up on the peer's FIN");
    Finish(CloseOutcome::TIMEOUT);
}

void
TcpTeardownSocket::Finish(CloseOutcome outcome)
{
    NS_LOG_FUNCTION(this << CloseOutcomeName(outcome));
    if (m_state == CLOSED)
    {
        return;
    }
    if (m_compactHeld)
    {
        // ended by the application (Abort, ...): the record goes too
        m_compactHeld = false;
        GetTeardownL4()->DropTimeWait(m_compactKey, this);
    }
    m_releasePending = false;
    DeregisterConnection();
    m_outcome = outcome;
    NS_LOG_DEBUG("outcome " << CloseOutcomeName(outcome));
    if (outcome == CloseOutcome::RESET || outcome == CloseOutcome::ABORTED)
    {
        // A RST (received, or sent to abort) deletes the connection with its
        // buffers (RFC 9293 3.10.5, 3.10.7.4): what was queued to send and not
        // acknowledged (SND.UNA to the end of the queue) is flushed, and what
        // arrived in sequence but the application had not read is discarded.
        // (Behind a FIN_ACK_DISCARD FIN the unsent rest was discarded
        // already, by the close, and is not flushed again.)
        SequenceNumber32 head = m_txBuffer->HeadSequence();
        m_flushedBytes = !m_sendLimited
                             ? m_txBuffer->Size()
                             : (m_finSeq > head ? static_cast<uint64_t>(m_finSeq - head) : 0);
        m_unreadDiscardedBytes = m_tcb->m_rxBuffer->Available();
    }
    EnterState(CLOSED);
    DeallocateEndPoint();
    // The application hears of the end once: a normal close when the peer's
    // FIN was already reported (or this end closed orderly), else an error.
    if (!m_closeNotified)
    {
        m_closeNotified = true;
        if (outcome == CloseOutcome::ORDERLY)
        {
            NotifyNormalClose();
        }
        else
        {
            NotifyErrorClose();
        }
    }
    m_outcomeTrace(outcome);
}

void
TcpTeardownSocket::AbortWithReset()
{
    SendControl(TcpHeader::RST | TcpHeader::ACK);
    Finish(CloseOutcome::RESET);
}

void
TcpTeardownSocket::GiveUp()
{
    // 4.4BSD's tcp_timers calls tcp_drop on the retry limit, and tcp_drop
    // sends RST|ACK (tcp_output in CLOSED, numbered SND.MAX) so that the peer
    // does not wait for ever, in FIN_WAIT_2 for instance. Linux's
    // tcp_write_timeout ends with tcp_write_err/tcp_done and sends nothing.
    if (m_rstOnGiveUp)
    {
        SendControl(TcpHeader::RST | TcpHeader::ACK);
    }
    Finish(CloseOutcome::TIMEOUT);
}

} // namespace ns3
