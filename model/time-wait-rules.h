/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TIME_WAIT_RULES_H
#define TIME_WAIT_RULES_H

#include "ns3/sequence-number.h"
#include "ns3/tcp-header.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief What a connection in TIME_WAIT knows about itself when a segment
 * arrives: the fields the decision reads (and may update: the timestamps).
 */
struct TimeWaitView
{
    SequenceNumber32 sndNxt{0};    //!< SND.NXT (past our FIN)
    SequenceNumber32 rcvNxt{0};    //!< RCV.NXT (past the peer's FIN)
    SequenceNumber32 highTxAck{0}; //!< highest ACK number sent
    uint32_t rcvWnd{0};            //!< RCV.WND, unscaled (the window last advertised)
    bool tsEnabled{false};         //!< timestamps negotiated (RFC 7323)
    uint32_t tsRecent{0};          //!< TS.Recent: the TSval this end echoes
    uint32_t tsLastRcv{0};         //!< ns-3's m_rcvTimestampValue (largest TSval seen)
    uint32_t tsLastEcho{0};        //!< ns-3's m_rcvTimestampEchoReply
};

/**
 * \ingroup tcp-teardown
 * \brief The settings of TcpTeardownSocket that TIME_WAIT's rules read.
 */
struct TimeWaitSettings
{
    bool paws{false};       //!< Paws attribute
    bool rfc5961{false};    //!< Rfc5961 attribute
    bool ignoreRst{false};  //!< IgnoreRstInTimeWait (RFC 1337)
    bool ackRestart{false}; //!< TimeWaitAckRestart (Linux)
};

/**
 * \ingroup tcp-teardown
 * \brief What a connection in TIME_WAIT does with an arriving segment.
 *
 * At most one ACK leaves (<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>); the timer
 * restart happens before or after it, as the socket always did (the order
 * of two events scheduled at the same instant depends on it).
 */
struct TimeWaitActions
{
    /** How TIME_WAIT ends on this segment, if it does. */
    enum End
    {
        NONE,   //!< TIME_WAIT goes on
        RST,    //!< an acceptable RST cut it (not under IgnoreRstInTimeWait)
        REOPEN, //!< an acceptable SYN of a new incarnation (RFC 6191): hand the SYN back
    };

    bool synPath{false};      //!< a SYN without ACK/RST: seen with its header (RFC 6191 path)
    bool sendAck{false};      //!< send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
    bool restart{false};      //!< restart the TIME_WAIT timer
    bool restartFirst{false}; //!< restart before sending the ACK (else after)
    End end{NONE};            //!< how TIME_WAIT ends
    // counter increments (TcpTeardownSocket::Counters)
    uint8_t rstRx{0};            //!< RSTs that reached the connection
    uint8_t rstAccepted{0};      //!< RSTs acted on
    uint8_t unacceptableRx{0};   //!< segments failing the sequence number check
    uint8_t challengeAckTx{0};   //!< challenge ACKs sent
    uint8_t peerFinRx{0};        //!< peer FINs received
    uint8_t timeWaitRestarts{0}; //!< TIME_WAIT timer restarts
    uint8_t timeWaitRsts{0};     //!< acceptable RSTs in TIME_WAIT
    uint8_t pawsDrops{0};        //!< PAWS drops
};

/**
 * \ingroup tcp-teardown
 * \brief TIME_WAIT's answer to an arriving segment, the one place the rules
 * live: TcpTeardownSocket applies them in TIME_WAIT, TcpTeardownL4Protocol
 * applies them to its compact records.
 *
 * The rules, in RFC 9293 3.10.7.4 order: a SYN without ACK may open a new
 * incarnation (RFC 6191) or gets a challenge ACK; any other SYN a challenge
 * ACK (RFC 5961 4); PAWS (RFC 7323 5, under Paws); the sequence number check
 * (an unacceptable segment is ACKed, a RST dropped; under TimeWaitAckRestart
 * an ACK-bearing one restarts the timer, as Linux); a RST in the window
 * (RFC 5961 3.2: only at RCV.NXT under Rfc5961) cuts TIME_WAIT unless
 * IgnoreRstInTimeWait (RFC 1337); a segment without ACK is dropped; the
 * timestamp is recorded (ns-3's ProcessOptionTimestamp); an ACK of
 * something never sent is ACKed; a retransmitted FIN is ACKed and restarts
 * the timer.
 */
class TimeWaitRules
{
  public:
    /**
     * \param view the connection (its timestamp fields are updated)
     * \param settings the socket's settings
     * \param header the arriving segment's header
     * \param payload its payload bytes
     * \return what to do
     */
    static TimeWaitActions Decide(TimeWaitView& view,
                                  const TimeWaitSettings& settings,
                                  const TcpHeader& header,
                                  uint32_t payload);

    /**
     * RFC 6191 section 2: \return true when a SYN (without ACK) may open a
     * new incarnation of the connection \p view: with timestamps on both, a
     * newer TSval (or the same TSval and an ISN beyond RCV.NXT); otherwise an
     * ISN beyond RCV.NXT
     */
    static bool AcceptsNewIncarnation(const TimeWaitView& view, const TcpHeader& header);

    /**
     * RFC 9293 3.10.7.4's acceptability test (with Linux's exception for a
     * segment that ends at RCV.NXT). \return true when acceptable
     * \param rcvNxt RCV.NXT \param rcvWnd RCV.WND \param header the segment
     * \param payload its payload bytes
     */
    static bool IsAcceptable(SequenceNumber32 rcvNxt,
                             uint32_t rcvWnd,
                             const TcpHeader& header,
                             uint32_t payload);

    /**
     * ns-3's ProcessOptionTimestamp on \p view (largest TSval, echo reply,
     * TS.Recent when \p seq is RCV.NXT and acknowledged).
     * \param view the connection \param tsVal the TSval \param tsEcr the
     * TSecr \param seq the segment's sequence number
     */
    static void RecordTimestamp(TimeWaitView& view,
                                uint32_t tsVal,
                                uint32_t tsEcr,
                                SequenceNumber32 seq);
};

} // namespace ns3

#endif /* TIME_WAIT_RULES_H */
