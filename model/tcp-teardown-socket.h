/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_SOCKET_H
#define TCP_TEARDOWN_SOCKET_H

#include "close-outcome.h"
#include "tcp-teardown-compat.h"
#include "tcp-teardown-l4-protocol.h"
#include "time-wait-rules.h"

#include "ns3/ipv4-header.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-interface.h"
#include "ns3/tcp-socket-base.h"

#include <functional>
#include <vector>

namespace ns3
{

/**
 * \defgroup tcp-teardown TCP connection teardown
 *
 * Models and measures how TCP connections close: the RFC 9293 four-way close,
 * hypothetical three-way closes, closes without TIME_WAIT and the simultaneous
 * close, over lossy point-to-point links.
 */

/**
 * \ingroup tcp-teardown
 * \brief A TcpSocketBase whose connection close follows RFC 9293.
 *
 * Data transfer, RTT estimation and congestion control are ns-3's. From the
 * moment a connection is synchronized, every arriving segment is processed
 * here (RFC 9293 section 3.10.7.4 order: sequence number check, RST, SYN,
 * ACK, text, FIN), and the
 * application's CLOSE call, FIN transmission and retransmission, TIME_WAIT and
 * the optional FIN_WAIT_2 timeout are handled here too. Compared with
 * ns-3.37's TcpSocketBase:
 *  - LAST_ACK and CLOSING end only on the ACK that covers our FIN;
 *  - the ACK field of a FIN|ACK is processed in every state;
 *  - TIME_WAIT acknowledges a retransmitted FIN and restarts its timer;
 *  - LAST_ACK acknowledges a retransmitted peer FIN instead of closing;
 *  - every FIN (bare or riding on data) is retransmitted on the
 *    retransmission timer with exponential backoff, up to FinRetries, then
 *    the connection is aborted (outcome "timeout"), with a RST first under
 *    RstOnGiveUp (4.4BSD's tcp_drop; Linux sends none);
 *  - FIN_WAIT_1 is entered at the CLOSE call, LAST_ACK when our FIN is sent;
 *  - a segment reaching a listener for a connection that no longer exists is
 *    answered with RST;
 *  - a received RST is an error close (outcome "reset"), except in TIME_WAIT:
 *    the close had completed, the outcome stays "orderly" and the cut is
 *    recorded (IsTimeWaitCut, GetTimeWaitRemaining);
 *  - every segment passes the sequence number check first (RFC 9293
 *    3.10.7.4): an unacceptable one is acknowledged (unless it is a RST) and
 *    dropped; a RST counts only in the window (Rfc5961: only at RCV.NXT, a
 *    challenge ACK otherwise); a SYN gets a challenge ACK (RFC 5961 4), in
 *    TIME_WAIT a new incarnation may replace the connection (RFC 6191);
 *  - Close() is a full close (RFC 1122 4.2.2.13): RST when received data is
 *    unread or new data arrives after it, nothing is delivered after it;
 *    ShutdownSend() is a half close and reading goes on. FinWait2Timeout
 *    applies to a socket closed with Close() only;
 *  - Abort() is the abortive close (SO_LINGER 0): RST at once, outcome
 *    "aborted"; a RST (sent or received) flushes the send buffer and
 *    discards unread data, both counted.
 *
 * The attributes FinResponse, FinalAck, LastAck, TimeWaitMsl and RstOnDiscard describe
 * how a close proceeds; their defaults are the RFC's. The hypothetical close
 * variants of this module are combinations of them. Isn chooses the initial
 * sequence number (default ns3: ns-3's own, 0), for studies of old
 * duplicates in a reused connection.
 */
class TcpTeardownSocket : public TcpSocketBase
{
  public:
    /** How the passive closer answers the peer's FIN. */
    enum FinResponse
    {
        ACK_THEN_FIN,   //!< RFC: ACK now, FIN when the application closes
        FIN_ACK_DISCARD //!< hypothetical: one FIN+ACK at once, unsent data discarded
    };

    /**
     * How a connection chooses its initial send sequence number (ISS), on
     * the active open (Connect, before the SYN) and on the passive one (the
     * socket a listener forks, before its SYN+ACK). See TcpTeardownIsnSource.
     */
    enum IsnChoice
    {
        NS3,     //!< ns-3's own: ns-3.37 starts every connection at 0; nothing is drawn
        RFC6528, //!< RFC 6528: a 4-microsecond clock plus a keyed hash of the 4-tuple
        RANDOM   //!< a uniformly random 32-bit ISN per connection
    };

    /**
     * Close-path events only the socket sees. What crosses the wire (FINs,
     * RSTs and data segments sent, retransmissions, losses) is counted once,
     * on the link (SegmentTally), for every socket kind; results take it from
     * there.
     */
    struct Counters
    {
        /** RST segments that reached this socket in a synchronized state (acceptable or not) */
        uint32_t rstRx{0};
        uint32_t rstAccepted{0};      //!< of those, RSTs that passed the checks and were acted on
        uint32_t unacceptableRx{0};   //!< segments that failed the sequence number check
        uint32_t challengeAckTx{0};   //!< challenge ACKs sent (RFC 5961: RST or SYN)
        uint32_t dataAfterCloseRx{0}; //!< segments with new data after Close(): answered with RST
        uint32_t peerFinRx{0};        //!< peer FINs received (including duplicates)
        uint32_t timeWaitRestarts{0}; //!< TIME_WAIT timer restarts
        uint32_t timeWaitRsts{0};     //!< acceptable RSTs that arrived in TIME_WAIT
        uint32_t pawsDrops{0};        //!< segments PAWS dropped (TSval older than TS.Recent)
        uint32_t lossProbes{0};       //!< tail-loss probes sent (TailLossProbe)
        uint64_t discardedBytes{0};   //!< unsent bytes dropped by a FIN_ACK_DISCARD close
    };

    /**
     * TracedCallback signature for a FIN sent by this socket.
     * \param [in] seq sequence number of the FIN
     * \param [in] retransmission true when the FIN was sent before
     */
    typedef void (*FinTxTracedCallback)(SequenceNumber32 seq, bool retransmission);

    /**
     * TracedCallback signature for the end of a connection.
     * \param [in] outcome how the connection ended
     */
    typedef void (*OutcomeTracedCallback)(CloseOutcome outcome);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
#if TCP_TEARDOWN_OVERRIDE_INSTANCE_TYPE_ID
    TypeId GetInstanceTypeId() const override;
#endif

    TcpTeardownSocket();
    /**
     * \brief Copy constructor, used by Fork() for accepted connections.
     * \param sock the listening socket
     */
    TcpTeardownSocket(const TcpTeardownSocket& sock);
    /** Forgets the socket in its node's TcpTeardownL4Protocol (TIME_WAIT record, demux). */
    ~TcpTeardownSocket() override;

    /**
     * \brief Set the 64-bit tag a compact TIME_WAIT record carries (reported
     * by TcpTeardownL4Protocol's TimeWaitEndCallback once the socket is
     * gone). Set it before TIME_WAIT begins.
     * \param tag the tag
     */
    void SetTimeWaitTag(uint64_t tag);
    /** \return the tag set by SetTimeWaitTag (0 by default) */
    uint64_t GetTimeWaitTag() const;
    /**
     * \return true while this socket's TIME_WAIT is held as a compact record
     * by its node's TcpTeardownL4Protocol (CompactTimeWait); the socket has
     * no endpoint then, its state is still TIME_WAIT
     */
    bool IsTimeWaitCompact() const;

    /**
     * \brief The active open: ns-3's Connect, with the ISS chosen by Isn
     *        just before the SYN leaves.
     * \param address the peer
     * \return 0 on success, -1 on error
     */
    int Connect(const Address& address) override;
    int Bind6() override;
    int Bind() override;
    int Bind(const Address& address) override;
    int Close() override;
    int ShutdownSend() override;
    /**
     * \brief An abortive close (RFC 9293 3.10.5 ABORT; SO_LINGER with a zero
     * timeout): in ESTABLISHED, FIN_WAIT_1/2 and CLOSE_WAIT a RST leaves at
     * once and the connection ends with outcome ABORTED, its unsent and
     * unacknowledged data flushed (GetFlushedBytes) and its unread data
     * discarded (GetUnreadDiscardedBytes); CLOSING and LAST_ACK end without
     * RST, TIME_WAIT ends orderly (the close had completed).
     * \return 0, or -1 when the connection has ended already
     */
    int Abort();
    /**
     * \return the bytes of the send buffer (unsent, or sent and not
     * acknowledged) dropped when a RST ended the connection (received, or
     * sent to abort); 0 otherwise
     */
    uint64_t GetFlushedBytes() const;
    /**
     * \return the bytes received in sequence that the application had not
     * read when a RST ended the connection (received, or sent to abort); 0
     * otherwise
     */
    uint64_t GetUnreadDiscardedBytes() const;
    int Send(Ptr<Packet> p, uint32_t flags) override;
    /**
     * ns-3's, and in a compact TIME_WAIT (no endpoint) the record's local address and port.
     * \param address the local address \return 0 on success
     */
    int GetSockName(Address& address) const override;
    /**
     * ns-3's, and in a compact TIME_WAIT the record's peer address and port.
     * \param address the peer's address \return 0 on success
     */
    int GetPeerName(Address& address) const override;

    /**
     * \param from a state \param to a state
     * \return true when RFC 9293's state diagram (3.3.2) has \p from -> \p to
     * among the transitions this socket makes (SYN_RCVD and later); any state
     * may go to CLOSED (RST, ABORT, a give-up, a variant without TIME_WAIT)
     */
    static bool IsRfcTransition(TcpStates_t from, TcpStates_t to);

    /** \return how the connection ended (OPEN while it has not) */
    CloseOutcome GetOutcome() const;
    /** \return the close-path counters */
    const Counters& GetCounters() const;
    /** \return the configured length of TIME_WAIT (TimeWaitLength, else TimeWaitMsl x
     * MaxSegLifetime) */
    Time GetTimeWaitLength() const;
    /**
     * \return true when a RST ended TIME_WAIT early. The close had completed
     * (both FINs acknowledged), so the outcome is still ORDERLY.
     */
    bool IsTimeWaitCut() const;
    /** \return how much of TIME_WAIT was left when a RST cut it (negative: not cut) */
    Time GetTimeWaitRemaining() const;
    /**
     * \return the acceptable RSTs that arrived in TIME_WAIT (acted on, or
     * ignored under IgnoreRstInTimeWait)
     */
    uint32_t GetTimeWaitRstCount() const;
    /**
     * \return true when the connection is open but nothing can move it on by
     * itself: no timer runs (retransmission, persist, delayed ACK, TIME_WAIT,
     * FIN_WAIT_2) and no data waits to be sent; only an arriving segment can
     */
    bool IsWaitingIdle() const;
    /**
     * \return true when a SYN of a new incarnation of the same 4-tuple ended
     * TIME_WAIT (RFC 6191); the SYN was handed on to the node's TCP, where a
     * listener may take it
     */
    bool IsTimeWaitReopened() const;
    /**
     * \return true once the application called Close() (a full close: it
     * reads no more); false after ShutdownSend() alone (a half close)
     */
    bool IsOrphaned() const;

  protected:
    Ptr<TcpSocketBase> Fork() override;
    void CompleteFork(Ptr<Packet> p,
                      const TcpHeader& tcpHeader,
                      const Address& fromAddress,
                      const Address& toAddress) override;
    void DoForwardUp(Ptr<Packet> packet,
                     const Address& fromAddress,
                     const Address& toAddress) override;
    void SendEmptyPacket(uint8_t flags) override;
    uint32_t SendDataPacket(SequenceNumber32 seq, uint32_t maxSize, bool withAck) override;
    void ReceivedData(Ptr<Packet> packet, const TcpHeader& tcpHeader) override;
    void NewAck(const SequenceNumber32& seq, bool resetRTO) override;
    uint32_t AvailableWindow() const override;
    void ReTxTimeout() override;
    void PersistTimeout() override;
    void LastAckTimeout() override;

  private:
    friend class TcpTeardownL4Protocol;

    // --- TIME_WAIT (tcp-teardown-socket-timewait.cc) ---
    /** \return this connection's TIME_WAIT fields for TimeWaitRules */
    TimeWaitView GetTimeWaitView() const;
    /** \return the settings TimeWaitRules reads */
    TimeWaitSettings GetTimeWaitSettings() const;
    /**
     * Carry out TimeWaitRules' decision on this (full) socket.
     * \param a the decision \param view the view after it (timestamps)
     * \param syn the SYN to hand back on REOPEN \param handBack where to hand it
     */
    void ApplyTimeWaitActions(const TimeWaitActions& a,
                              const TimeWaitView& view,
                              Ptr<Packet> syn,
                              std::function<void(Ptr<Packet>)> handBack);
    /** Add the counter increments of a decision. \param a the decision */
    void AddTimeWaitCounters(const TimeWaitActions& a);
    /** \return the node's TcpTeardownL4Protocol, or nullptr */
    Ptr<TcpTeardownL4Protocol> GetTeardownL4() const;
    /** \return true when this TIME_WAIT may be handed to the table */
    bool CompactTimeWaitApplies() const;
    /** Hand the TIME_WAIT record to the table (the endpoint goes after the segment). */
    void HandOverTimeWait();
    /** Release the endpoint after the hand-over. */
    void ReleaseForCompactTimeWait();
    /** Register the connected endpoint with the hashed demultiplexer. */
    void RegisterConnection();
    /** Deregister it. */
    void DeregisterConnection();
    /** \return the IPv4 endpoint (for the hashed demultiplexer) */
    Ipv4EndPoint* GetIpv4EndPoint() const;
    /** The table saw a segment of our record: fire the Rx trace. */
    void OnCompactRx(Ptr<Packet> packet, const TcpHeader& header);
    /** The table sends our ACK: fire the Tx trace. */
    void OnCompactTx(Ptr<Packet> packet, const TcpHeader& header);
    /**
     * The table ended our record. \param reason a TimeWaitEndReason
     * \param remaining TIME_WAIT left
     */
    void OnCompactTimeWaitEnd(int reason, Time remaining);

    // --- segment arrival (tcp-teardown-socket-input.cc) ---
    /** Route the endpoint's packets through ForwardUpChecked (IPv4) or ForwardUpChecked6. */
    void HookEndPoint();
    /**
     * Receive from the IPv4 endpoint: a segment of a synchronized connection
     * goes to ForwardSynchronized, any other to ns-3's ForwardUp.
     */
    void ForwardUpChecked(Ptr<Packet> packet,
                          Ipv4Header header,
                          uint16_t port,
                          Ptr<Ipv4Interface> incomingInterface);
    /** ForwardUpChecked for the IPv6 endpoint. */
    void ForwardUpChecked6(Ptr<Packet> packet,
                           Ipv6Header header,
                           uint16_t port,
                           Ptr<Ipv6Interface> incomingInterface);
    /**
     * Take a segment of a synchronized connection (RFC 9293 3.10.7.4): a SYN
     * in TIME_WAIT follows RFC 6191 (a new incarnation ends TIME_WAIT and
     * \p handBack gives the SYN back to the node's TCP; otherwise a
     * challenge ACK); every other segment is checked by SegmentArrives.
     * ns-3's own range check would drop a retransmitted FIN that rides on
     * data below RCV.NXT, which TIME_WAIT, CLOSING and LAST_ACK must
     * acknowledge, and it checks no segment without payload.
     * \return false when ns-3's ForwardUp must receive it instead (not
     * synchronized, or an ECN segment without FIN)
     */
    bool ForwardSynchronized(Ptr<Packet> packet,
                             const Address& from,
                             const Address& to,
                             std::function<void(Ptr<Packet>)> handBack);
    /** Process a segment in a synchronized state (ESTABLISHED and later). */
    void SegmentArrives(Ptr<Packet> packet, const TcpHeader& header);
    /**
     * Process the ACK field.
     * \return false when the segment must be dropped
     */
    bool ProcessAckField(const TcpHeader& header);
    /** Process the FIN bit; \p finPosition is the sequence number of the FIN. */
    void ProcessFinBit(SequenceNumber32 finPosition);
    /** The peer's FIN is in sequence for the first time. */
    void OnPeerFin();
    /** Our FIN has been acknowledged. */
    void OnFinAcked();
    /** A RST arrived in a synchronized state. */
    void OnResetArrives();
    /**
     * RFC 9293 3.10.7.4, first check: \return true when the segment
     * (\p payload bytes, SYN and FIN counting one each) lies in the receive
     * window, or ends exactly at RCV.NXT (as Linux: a retransmitted FIN is
     * taken for its ACK field)
     */
    bool IsAcceptable(const TcpHeader& header, uint32_t payload) const;
    /** RCV.WND: the window this socket advertises (unscaled). */
    uint32_t ReceiveWindow() const;
    /**
     * An unacceptable segment: ACK it (unless it is a RST) and drop it (with
     * a zero window, its ACK field is processed first).
     */
    void OnUnacceptable(const TcpHeader& header, uint32_t payload);
    /** Send a challenge ACK (RFC 5961 3.2, 4.2): <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. */
    void SendChallengeAck();
    /** A full close (Close()) was called: the receive side is closed too. */
    void CloseReceiveSide();
    /** (Re)arm the FIN_WAIT_2 timeout of an orphaned socket, counted from entering FIN_WAIT_2. */
    void ArmFinWait2Timeout();
    /** A listener got a segment of no connection: answer with RST (RFC 9293 3.10.7.2). */
    void AnswerStraySegment(const TcpHeader& header,
                            const Address& fromAddress,
                            const Address& toAddress);

    // --- the open (tcp-teardown-socket-open.cc) ---
    /**
     * Set ISS as Isn says, for the SYN or SYN+ACK about to leave: SND.NXT,
     * SND.MAX (m_highTxMark), SND.UNA (the send buffer's head), the highest
     * ACK received, the last acknowledged sequence and the recovery point all
     * start at ISS, as they start at 0 in ns-3.
     */
    void ChooseIss();
    /**
     * The peer's ISN (IRS) is known: the highest sequence number received
     * and the highest ACK sent start at IRS, as they start at 0 in ns-3 (for
     * a peer whose ISN is 0 this changes nothing). ns-3 compares them in
     * modular arithmetic, so left at 0 they would stop window updates and
     * timestamp echoes for half of the peer's ISNs.
     * \param irs the sequence number of the peer's SYN
     */
    void InitReceiveSequence(SequenceNumber32 irs);
    /**
     * \return the 4-tuple's bytes in network order: local address, local
     * port, remote address, remote port (RFC 6528's input to F)
     */
    std::vector<uint8_t> FourTupleBytes() const;

    // --- segments sent (tcp-teardown-socket-output.cc) ---
    /** SND.NXT as the close path sees it (past our FIN once it was sent). */
    SequenceNumber32 SendNext() const;
    /** Send a segment without payload (ACK, RST) numbered SND.NXT. */
    void SendControl(uint8_t flags);
    /**
     * The one builder of the connection's segments without payload (ACK,
     * RST, RST+ACK, FIN+ACK): numbers, window, options; an ACK also settles
     * any ACK that was due (delayed or deferred) and carries SACK blocks.
     */
    void SendControlSegment(uint8_t flags, SequenceNumber32 seq);
    /** Hand a built segment to TcpL4Protocol. */
    void Transmit(Ptr<Packet> packet, const TcpHeader& header);
    /** The CLOSE call: queue our FIN behind all queued data. */
    void QueueFin();
    /** Send data still queued behind the FIN (ns-3 holds it back in FIN_WAIT_1). */
    void FlushQueuedData();
    /** Send our FIN as a segment of its own. */
    void SendBareFin();
    /** Bookkeeping once our FIN left, alone or on data. */
    void OnFinSent(SequenceNumber32 finSeq);
    /** Retransmission timer expired with our FIN unacknowledged (alone or on data). */
    void RetransmitFin();
    /** \return true while our FIN is sent and not acknowledged */
    bool FinOutstanding() const;
    /** Arm the retransmission timer if it is not running (or the tail-loss probe). */
    void ArmRetransmissionTimer();

    // --- Linux's tail-loss probe and acknowledgment timing (tcp-teardown-socket-probe.cc) ---
    /** \return true when a tail-loss probe is due for our outstanding FIN */
    bool ProbeApplies() const;
    /** \return the probe timeout: 2 SRTT (+200 ms with one segment in flight), >= 10 ms */
    Time LossProbeTimeout() const;
    /** Replace the pending retransmission timeout by the earlier probe timeout. */
    void ArmLossProbe();
    /** The probe timer expired: resend the last segment, re-arm the RTO unbacked. */
    void SendLossProbe();
    /** \return true when the next data segment is acknowledged at once (QuickAcks) */
    bool QuickAckDue(const TcpHeader& header);
    /** Acknowledge the peer's FIN now, or after DelAckTimeout under DelayedFinAck. */
    void AcknowledgePeerFin();
    /**
     * Zero-window probing (RFC 9293 3.8.6.1) after each arriving segment:
     * start it when the peer's window is zero with data unsent and nothing
     * outstanding, stop it and send when the window opens.
     */
    void UpdatePersist();

    // --- the state machine (tcp-teardown-socket-state.cc) ---
    /**
     * The one way the close path changes state: checks the transition
     * (NS_ASSERT_MSG), logs it, cancels the timers \p next does not use and
     * starts FIN_WAIT_2's timeout.
     */
    void EnterState(TcpStates_t next);
    /** Cancel the timers that \p state does not use. */
    void CancelTimersUnusedIn(TcpStates_t state);
    /** Enter TIME_WAIT (or CLOSED at once when TimeWaitMsl is 0). */
    void EnterTimeWait();
    /** (Re)start the TIME_WAIT timer. */
    void StartTimeWaitTimer();
    /** The FIN_WAIT_2 timeout expired. */
    void FinWait2Expired();
    /** Move to CLOSED with the given outcome and release the endpoint. */
    void Finish(CloseOutcome outcome);
    /** Abort: send RST, then finish as reset. */
    void AbortWithReset();
    /**
     * Retransmissions exhausted: abort with outcome timeout, sending RST
     * first under RstOnGiveUp (4.4BSD tcp_drop).
     */
    void GiveUp();

    // attributes
    uint32_t m_finRetries{8};                //!< FIN retransmissions before aborting
    Time m_finWait2Timeout{Seconds(0)};      //!< 0: no FIN_WAIT_2 timeout
    bool m_ignoreRstInTimeWait{false};       //!< RFC 1337 protection
    double m_timeWaitMsl{2.0};               //!< TIME_WAIT length in MSL units
    FinResponse m_finResponse{ACK_THEN_FIN}; //!< answer to the peer's FIN
    bool m_finalAck{true};                   //!< acknowledge the peer's FIN
    bool m_lastAck{true};                    //!< after a passive close, wait in LAST_ACK
    bool m_rstOnDiscard{false};              //!< RST instead of FIN when data is discarded
    bool m_rstOnGiveUp{true};                //!< RST when retransmissions are exhausted
    bool m_rfc5961{false};                   //!< RFC 5961 3.2: only an exact RST resets
    bool m_paws{false};                      //!< RFC 7323 5: drop segments with an old TSval
    Time m_maxRto{Seconds(60)};              //!< upper bound of the FIN backoff
    IsnChoice m_isn{NS3};                    //!< how ISS is chosen
    bool m_tailLossProbe{false};             //!< Linux's tail-loss probe for our FIN
    bool m_delayedFinAck{false};             //!< ACK the peer's FIN after DelAckTimeout
    uint32_t m_quickAcks{0};                 //!< first data segments acknowledged at once
    Time m_timeWaitLength{Seconds(0)};       //!< fixed TIME_WAIT (0: TimeWaitMsl x MSL)
    bool m_timeWaitAckRestart{false};        //!< TIME_WAIT restarts on any old ACK segment
    bool m_acceptRstBeforeFin{false};        //!< accept a RST at RCV.NXT - 1 after the peer's FIN
    bool m_compactTimeWait{false};           //!< hand TIME_WAIT to TcpTeardownL4Protocol

    // compact TIME_WAIT and the hashed demultiplexer
    uint64_t m_timeWaitTag{0};    //!< SetTimeWaitTag
    bool m_compactHeld{false};    //!< the table holds our TIME_WAIT record
    bool m_releasePending{false}; //!< release the endpoint once the segment is processed
    TcpFourTuple m_compactKey;    //!< the record's 4-tuple
    bool m_registered{false};     //!< registered with the hashed demultiplexer
    TcpFourTuple m_registeredKey; //!< under this 4-tuple

    // the open
    bool m_issPending{false}; //!< the next SYN (or SYN+ACK) opens: choose ISS first

    // close-path state
    bool m_appClosed{false};                    //!< the application called Close/ShutdownSend
    bool m_finSent{false};                      //!< our FIN has been sent at least once
    bool m_finAcked{false};                     //!< our FIN has been acknowledged
    SequenceNumber32 m_finSeq{0};               //!< sequence number of our FIN
    bool m_sendLimited{false};                  //!< data beyond m_finSeq is discarded
    bool m_peerFinDone{false};                  //!< the peer's FIN was processed
    uint32_t m_finRetxLeft{0};                  //!< FIN retransmissions still allowed
    bool m_finTimerRetransmission{false};       //!< RetransmitFin is sending (already counted)
    EventId m_finWait2Event;                    //!< FIN_WAIT_2 timeout
    bool m_deferAcks{false};                    //!< an arriving segment is being processed
    bool m_ackWanted{false};                    //!< ns-3 asked for an ACK meanwhile
    CloseOutcome m_outcome{CloseOutcome::OPEN}; //!< how the connection ended
    bool m_timeWaitCut{false};                  //!< a RST ended TIME_WAIT early
    Time m_timeWaitRemaining{Seconds(-1)};      //!< TIME_WAIT left at the cut
    bool m_timeWaitReopened{false};             //!< a new incarnation's SYN ended TIME_WAIT
    bool m_orphaned{false};                     //!< Close() was called (not only ShutdownSend)
    Time m_finWait2Entered{Seconds(-1)};        //!< when FIN_WAIT_2 was entered
    Counters m_counters;                        //!< close-path counters
    bool m_probeSent{false};                    //!< a tail-loss probe is out (until SND.UNA moves)
    EventId m_probeEvent;                       //!< the probe timer (while m_retxEvent is it)
    Time m_probeRtoAt;                          //!< when the RTO the probe replaced was due
    SequenceNumber32 m_finSegmentStart{0};      //!< first byte of the segment carrying our FIN
    uint32_t m_quickAcksLeft{0};                //!< quick ACKs still to send
    bool m_quickAcksStarted{false};             //!< m_quickAcksLeft was initialised
    uint64_t m_flushedBytes{0};                 //!< send buffer dropped by a RST
    uint64_t m_unreadDiscardedBytes{0};         //!< unread receive buffer dropped by a RST

    TracedCallback<SequenceNumber32, bool> m_finTxTrace; //!< FIN sent
    TracedCallback<CloseOutcome> m_outcomeTrace;         //!< connection ended
};

} // namespace ns3

#endif /* TCP_TEARDOWN_SOCKET_H */
