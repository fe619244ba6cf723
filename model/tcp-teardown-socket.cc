/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpTeardownSocket: attributes and the application's calls. The state
 * machine, its timers and the end of a connection are in
 * tcp-teardown-socket-state.cc, segment arrival in
 * tcp-teardown-socket-input.cc, the segments we send in
 * tcp-teardown-socket-output.cc.
 */

#include "tcp-teardown-socket.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"
#include "ns3/tcp-rx-buffer.h"
#include "ns3/tcp-tx-buffer.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownSocket");

NS_OBJECT_ENSURE_REGISTERED(TcpTeardownSocket);

std::string
CloseOutcomeName(CloseOutcome outcome)
{
    switch (outcome)
    {
    case CloseOutcome::ORDERLY:
        return "orderly";
    case CloseOutcome::RESET:
        return "reset";
    case CloseOutcome::TIMEOUT:
        return "timeout";
    case CloseOutcome::STRANDED:
        return "stranded";
    case CloseOutcome::ABORTED:
        return "aborted";
    case CloseOutcome::OPEN:
    default:
        return "open";
    }
}

TypeId
TcpTeardownSocket::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TcpTeardownSocket")
            .SetParent<TcpSocketBase>()
            .SetGroupName("TcpTeardown")
            .AddConstructor<TcpTeardownSocket>()
            .AddAttribute("FinRetries",
                          "Retransmissions of a FIN before the connection is aborted "
                          "(Linux: tcp_orphan_retries, 8)",
                          UintegerValue(8),
                          MakeUintegerAccessor(&TcpTeardownSocket::m_finRetries),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("FinWait2Timeout",
                          "Time after which FIN_WAIT_2 gives up waiting for the peer's FIN, "
                          "counted from entering FIN_WAIT_2; only for a socket the application "
                          "closed with Close() (an orphan, as in Linux), never after "
                          "ShutdownSend() alone; 0 disables it, as in RFC 9293 (Linux: "
                          "tcp_fin_timeout, 60 s)",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&TcpTeardownSocket::m_finWait2Timeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("IgnoreRstInTimeWait",
                          "Ignore a RST received in TIME_WAIT (RFC 1337)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TcpTeardownSocket::m_ignoreRstInTimeWait),
                          MakeBooleanChecker())
            .AddAttribute("TimeWaitMsl",
                          "Length of TIME_WAIT in units of MaxSegLifetime (RFC 9293: 2); "
                          "0 closes at once when the final ACK is sent",
                          DoubleValue(2.0),
                          MakeDoubleAccessor(&TcpTeardownSocket::m_timeWaitMsl),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("FinResponse",
                          "How the passive closer answers the peer's FIN: Ack (RFC: ACK now, "
                          "FIN when the application closes) or FinAckDiscard (hypothetical "
                          "three-way close: one FIN+ACK at once, unsent data discarded)",
                          EnumValue(TcpTeardownSocket::ACK_THEN_FIN),
                          TCP_TEARDOWN_ENUM_ACCESSOR(TcpTeardownSocket::FinResponse,
                                                     &TcpTeardownSocket::m_finResponse),
                          MakeEnumChecker(TcpTeardownSocket::ACK_THEN_FIN,
                                          "Ack",
                                          TcpTeardownSocket::FIN_ACK_DISCARD,
                                          "FinAckDiscard"))
            .AddAttribute("FinalAck",
                          "Acknowledge the peer's FIN (false: close without the final ACK)",
                          BooleanValue(true),
                          MakeBooleanAccessor(&TcpTeardownSocket::m_finalAck),
                          MakeBooleanChecker())
            .AddAttribute("LastAck",
                          "After the peer's FIN, wait in LAST_ACK until our FIN is "
                          "acknowledged (RFC 9293); false: close as our FIN leaves, nothing "
                          "retransmitted (the hypothetical three-way close in which B closes "
                          "at once)",
                          BooleanValue(true),
                          MakeBooleanAccessor(&TcpTeardownSocket::m_lastAck),
                          MakeBooleanChecker())
            .AddAttribute("RstOnDiscard",
                          "When a FinAckDiscard close drops unsent data, send RST instead of "
                          "FIN (dropping one's own unsent data is ABORT, RFC 9293 section "
                          "3.10.5)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TcpTeardownSocket::m_rstOnDiscard),
                          MakeBooleanChecker())
            .AddAttribute("RstOnGiveUp",
                          "Send RST when the connection is aborted because retransmissions "
                          "are exhausted (FinRetries, DataRetries), as 4.4BSD's tcp_drop does; "
                          "false: close silently, as Linux's tcp_write_err/tcp_done do",
                          BooleanValue(true),
                          MakeBooleanAccessor(&TcpTeardownSocket::m_rstOnGiveUp),
                          MakeBooleanChecker())
            .AddAttribute("Rfc5961",
                          "RST acceptance: false, RFC 9293's base rule (a RST in the receive "
                          "window resets); true, RFC 5961 section 3.2's mitigation of blind "
                          "resets (only a RST at RCV.NXT resets, one elsewhere in the window "
                          "gets a challenge ACK and is dropped). Off by default: RFC 9293 "
                          "calls the mitigation optional, this model has no off-path attacker, "
                          "and it costs a legitimate RST that is not exactly at RCV.NXT a "
                          "round trip. A SYN in a synchronized state gets a challenge ACK "
                          "either way (RFC 5961 section 4)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TcpTeardownSocket::m_rfc5961),
                          MakeBooleanChecker())
            .AddAttribute("Paws",
                          "RFC 7323 section 5 (PAWS): in a synchronized state, a segment "
                          "whose TSval is older than TS.Recent (the TSval the socket echoes) "
                          "and that is not a RST is unacceptable: answered with an ACK and "
                          "dropped. Off by default: ns-3's TcpSocketBase sends and echoes "
                          "timestamps but rejects nothing by them. Needs timestamps on both "
                          "ends (ns3::TcpSocketBase::Timestamp)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TcpTeardownSocket::m_paws),
                          MakeBooleanChecker())
            .AddAttribute("MaxFinRto",
                          "Upper bound of the FIN retransmission timeout under backoff",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&TcpTeardownSocket::m_maxRto),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute(
                "Isn",
                "How a connection chooses its initial sequence number, on the active "
                "and the passive open: ns3 (ns-3's own: 0 in ns-3.37; nothing is "
                "drawn), rfc6528 (RFC 6528: a 4-microsecond clock plus SipHash-2-4 of "
                "the 4-tuple under a secret key drawn once per node from random "
                "stream 1000 + 2 x node id) or random (uniform 32 bits per connection, "
                "from stream 1001 + 2 x node id); see TcpTeardownIsnSource",
                EnumValue(TcpTeardownSocket::NS3),
                TCP_TEARDOWN_ENUM_ACCESSOR(TcpTeardownSocket::IsnChoice, &TcpTeardownSocket::m_isn),
                MakeEnumChecker(TcpTeardownSocket::NS3,
                                "ns3",
                                TcpTeardownSocket::RFC6528,
                                "rfc6528",
                                TcpTeardownSocket::RANDOM,
                                "random"))
            .AddAttribute("TailLossProbe",
                          "Before the retransmission timeout of our FIN (alone or on the last "
                          "data segment), send one tail-loss probe as Linux does (RFC 8985 "
                          "section 7): PTO = 2 SRTT, plus 200 ms when one segment is in "
                          "flight, at least 10 ms, never later than the pending RTO; the probe "
                          "resends the segment that carries the FIN, does not count against "
                          "FinRetries, and re-arms the RTO without backoff; one probe until "
                          "SND.UNA advances. Needs SACK; not in loss recovery",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TcpTeardownSocket::m_tailLossProbe),
                          MakeBooleanChecker())
            .AddAttribute("DelayedFinAck",
                          "In ESTABLISHED, acknowledge the peer's FIN after DelAckTimeout "
                          "instead of at once, as Linux does (it enters its pingpong mode "
                          "at the FIN): data or our FIN sent meanwhile carries the ACK, so a "
                          "prompt close answers with one FIN+ACK (RFC 1122 4.2.3.2 allows "
                          "the delay)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TcpTeardownSocket::m_delayedFinAck),
                          MakeBooleanChecker())
            .AddAttribute("QuickAcks",
                          "Acknowledge each of the first N in-order data segments at once "
                          "(Linux's quick-ack mode at the start of a connection: up to 16); "
                          "later segments follow DelAckCount/DelAckTimeout; 0: from the start",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TcpTeardownSocket::m_quickAcks),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("TimeWaitLength",
                          "Fixed length of TIME_WAIT (Linux: TCP_TIMEWAIT_LEN, 60 s); 0: "
                          "TimeWaitMsl x MaxSegLifetime. TimeWaitMsl 0 still means no TIME_WAIT",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&TcpTeardownSocket::m_timeWaitLength),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("TimeWaitAckRestart",
                          "In TIME_WAIT, restart the timer on any unacceptable segment that "
                          "carries an ACK (Linux's tcp_timewait_state_process); false: only a "
                          "retransmission of the peer's FIN restarts it (RFC 9293)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TcpTeardownSocket::m_timeWaitAckRestart),
                          MakeBooleanChecker())
            .AddAttribute("CompactTimeWait",
                          "Hand TIME_WAIT to the node's TcpTeardownL4Protocol as a compact "
                          "record and release the endpoint (IPv4; elsewhere, or with the stock "
                          "TcpL4Protocol, the full socket keeps TIME_WAIT); see "
                          "doc/compact-time-wait.md",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TcpTeardownSocket::m_compactTimeWait),
                          MakeBooleanChecker())
            .AddAttribute("AcceptRstBeforeFin",
                          "In CLOSE_WAIT, LAST_ACK and CLOSING, also accept a RST whose "
                          "sequence number is RCV.NXT - 1, numbered before the peer's FIN "
                          "(a peer that answers our data with <SEQ=SEG.ACK> from a segment "
                          "sent before its FIN arrived), as Linux's tcp_reset_check does; "
                          "false: RFC 9293's window check drops it",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TcpTeardownSocket::m_acceptRstBeforeFin),
                          MakeBooleanChecker())
            .AddTraceSource("FinTx",
                            "A FIN was sent (sequence number, retransmission)",
                            MakeTraceSourceAccessor(&TcpTeardownSocket::m_finTxTrace),
                            "ns3::TcpTeardownSocket::FinTxTracedCallback")
            .AddTraceSource("Outcome",
                            "The connection ended (orderly, reset or timeout)",
                            MakeTraceSourceAccessor(&TcpTeardownSocket::m_outcomeTrace),
                            "ns3::TcpTeardownSocket::OutcomeTracedCallback");
    return tid;
}

#if TCP_TEARDOWN_OVERRIDE_INSTANCE_TYPE_ID
TypeId
TcpTeardownSocket::GetInstanceTypeId() const
{
    return TcpTeardownSocket::GetTypeId();
}
#endif

TcpTeardownSocket::TcpTeardownSocket()
    : TcpSocketBase()
{
    NS_LOG_FUNCTION(this);
}

TcpTeardownSocket::TcpTeardownSocket(const TcpTeardownSocket& sock)
    : TcpSocketBase(sock),
      m_finRetries(sock.m_finRetries),
      m_finWait2Timeout(sock.m_finWait2Timeout),
      m_ignoreRstInTimeWait(sock.m_ignoreRstInTimeWait),
      m_timeWaitMsl(sock.m_timeWaitMsl),
      m_finResponse(sock.m_finResponse),
      m_finalAck(sock.m_finalAck),
      m_lastAck(sock.m_lastAck),
      m_rstOnDiscard(sock.m_rstOnDiscard),
      m_rstOnGiveUp(sock.m_rstOnGiveUp),
      m_rfc5961(sock.m_rfc5961),
      m_paws(sock.m_paws),
      m_maxRto(sock.m_maxRto),
      m_isn(sock.m_isn),
      m_tailLossProbe(sock.m_tailLossProbe),
      m_delayedFinAck(sock.m_delayedFinAck),
      m_quickAcks(sock.m_quickAcks),
      m_timeWaitLength(sock.m_timeWaitLength),
      m_timeWaitAckRestart(sock.m_timeWaitAckRestart),
      m_acceptRstBeforeFin(sock.m_acceptRstBeforeFin),
      m_compactTimeWait(sock.m_compactTimeWait),
      m_timeWaitTag(sock.m_timeWaitTag)
{
    NS_LOG_FUNCTION(this);
}

Ptr<TcpSocketBase>
TcpTeardownSocket::Fork()
{
    return CopyObject<TcpTeardownSocket>(this);
}

CloseOutcome
TcpTeardownSocket::GetOutcome() const
{
    return m_outcome;
}

const TcpTeardownSocket::Counters&
TcpTeardownSocket::GetCounters() const
{
    return m_counters;
}

Time
TcpTeardownSocket::GetTimeWaitLength() const
{
    if (m_timeWaitLength.IsStrictlyPositive())
    {
        return m_timeWaitLength;
    }
    return Seconds(m_timeWaitMsl * m_msl);
}

bool
TcpTeardownSocket::IsTimeWaitCut() const
{
    return m_timeWaitCut;
}

Time
TcpTeardownSocket::GetTimeWaitRemaining() const
{
    return m_timeWaitRemaining;
}

uint32_t
TcpTeardownSocket::GetTimeWaitRstCount() const
{
    return m_counters.timeWaitRsts;
}

bool
TcpTeardownSocket::IsWaitingIdle() const
{
    return m_state != CLOSED && !CompatIsPending(m_retxEvent) && !CompatIsPending(m_persistEvent) &&
           !CompatIsPending(m_timewaitEvent) && !m_compactHeld &&
           !CompatIsPending(m_finWait2Event) && !CompatIsPending(m_delAckEvent) &&
           !CompatIsPending(m_sendPendingDataEvent) &&
           m_txBuffer->SizeFromSequence(m_tcb->m_highTxMark) == 0;
}

bool
TcpTeardownSocket::IsTimeWaitReopened() const
{
    return m_timeWaitReopened;
}

bool
TcpTeardownSocket::IsOrphaned() const
{
    return m_orphaned;
}

int
TcpTeardownSocket::Bind()
{
    int result = TcpSocketBase::Bind();
    HookEndPoint();
    return result;
}

int
TcpTeardownSocket::Bind6()
{
    int result = TcpSocketBase::Bind6();
    HookEndPoint();
    return result;
}

int
TcpTeardownSocket::Bind(const Address& address)
{
    int result = TcpSocketBase::Bind(address);
    HookEndPoint();
    return result;
}

void
TcpTeardownSocket::CompleteFork(Ptr<Packet> p,
                                const TcpHeader& tcpHeader,
                                const Address& fromAddress,
                                const Address& toAddress)
{
    // the passive open: ns-3 sends the SYN+ACK from CompleteFork, once the
    // endpoint (the 4-tuple) exists; SendEmptyPacket chooses ISS before it
    InitReceiveSequence(tcpHeader.GetSequenceNumber());
    m_issPending = m_isn != NS3;
    TcpSocketBase::CompleteFork(p, tcpHeader, fromAddress, toAddress);
    m_issPending = false;
    HookEndPoint();
    RegisterConnection();
}

int
TcpTeardownSocket::Close()
{
    NS_LOG_FUNCTION(this);
    switch (m_state)
    {
    case ESTABLISHED:
    case CLOSE_WAIT:
    case FIN_WAIT_1:
    case FIN_WAIT_2:
        // A full close (RFC 9293 3.10.4 CLOSE; RFC 1122 4.2.2.13): after
        // ShutdownSend the FIN is queued already, and Close only closes the
        // receive side too (FIN_WAIT_1/2: "ok", no second FIN).
        if (m_tcb->m_rxBuffer->Available() != 0)
        {
            // closing with unread (in-order) data loses it; say so with RST.
            // Out-of-order bytes are not readable yet: no RST for them.
            NS_LOG_INFO("Close with unread data: abort with RST");
            AbortWithReset();
            return 0;
        }
        CloseReceiveSide();
        QueueFin(); // nothing when the FIN is queued already
        return 0;
    case CLOSING:
    case LAST_ACK:
    case TIME_WAIT:
        // RFC 9293 3.10.4: "respond with 'error: connection closing'"
        m_errno = ERROR_SHUTDOWN;
        return -1;
    case CLOSED:
        if (m_outcome != CloseOutcome::OPEN)
        {
            // the connection ended on the close path: RFC 9293 "error:
            // connection does not exist". (ns-3's Close would send a RST
            // and report a second, error close when data is left unread.)
            m_errno = ERROR_NOTCONN;
            return -1;
        }
        return TcpSocketBase::Close();
    default:
        // LISTEN, SYN_SENT, SYN_RCVD, CLOSED before a connection: the
        // handshake is ns-3's business
        return TcpSocketBase::Close();
    }
}

int
TcpTeardownSocket::Abort()
{
    NS_LOG_FUNCTION(this);
    switch (m_state)
    {
    case ESTABLISHED:
    case FIN_WAIT_1:
    case FIN_WAIT_2:
    case CLOSE_WAIT:
        // RFC 9293 3.10.5 ABORT: <SEQ=SND.NXT><CTL=RST>; every queued SEND
        // (unsent or unacknowledged) is flushed with the connection
        NS_LOG_INFO("abort: RST, send buffer flushed");
        SendControl(TcpHeader::RST | TcpHeader::ACK);
        Finish(CloseOutcome::ABORTED);
        return 0;
    case CLOSING:
    case LAST_ACK:
        // RFC 9293 3.10.5: "respond with ok and delete the TCB", no RST
        Finish(CloseOutcome::ABORTED);
        return 0;
    case TIME_WAIT:
        // the close has completed: deleting the TCB only ends TIME_WAIT early
        Finish(CloseOutcome::ORDERLY);
        return 0;
    case CLOSED:
        if (m_outcome != CloseOutcome::OPEN)
        {
            m_errno = ERROR_NOTCONN;
            return -1;
        }
        return TcpSocketBase::Close();
    default:
        // LISTEN, SYN_SENT, SYN_RCVD: no connection to reset yet (ns-3's close)
        return TcpSocketBase::Close();
    }
}

uint64_t
TcpTeardownSocket::GetFlushedBytes() const
{
    return m_flushedBytes;
}

uint64_t
TcpTeardownSocket::GetUnreadDiscardedBytes() const
{
    return m_unreadDiscardedBytes;
}

void
TcpTeardownSocket::CloseReceiveSide()
{
    if (m_orphaned)
    {
        return;
    }
    m_orphaned = true;
    m_shutdownRecv = true; // ns-3 delivers nothing to the application any more
    if (m_state == FIN_WAIT_2)
    {
        ArmFinWait2Timeout();
    }
}

int
TcpTeardownSocket::ShutdownSend()
{
    NS_LOG_FUNCTION(this);
    if (m_state == ESTABLISHED || m_state == CLOSE_WAIT)
    {
        QueueFin();
        return 0;
    }
    return TcpSocketBase::ShutdownSend();
}

int
TcpTeardownSocket::Send(Ptr<Packet> p, uint32_t flags)
{
    if (m_appClosed)
    {
        m_errno = ERROR_SHUTDOWN;
        return -1;
    }
    return TcpSocketBase::Send(p, flags);
}

void
TcpTeardownSocket::LastAckTimeout()
{
    // ns-3's LAST_ACK timer (no backoff, no MinRto) is never armed here: our
    // FIN is on the retransmission timer like any other segment.
}

} // namespace ns3
