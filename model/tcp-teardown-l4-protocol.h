/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_L4_PROTOCOL_H
#define TCP_TEARDOWN_L4_PROTOCOL_H

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/tcp-l4-protocol.h"

#include <cstdint>
#include <queue>
#include <unordered_map>
#include <vector>

namespace ns3
{

class TcpTeardownSocket;

/**
 * \ingroup tcp-teardown
 * \brief An IPv4 4-tuple as seen from the local end.
 */
struct TcpFourTuple
{
    uint32_t localAddr{0}; //!< local IPv4 address (host order)
    uint32_t peerAddr{0};  //!< peer IPv4 address (host order)
    uint16_t localPort{0}; //!< local port
    uint16_t peerPort{0};  //!< peer port

    /** \param o another tuple \return true when equal */
    bool operator==(const TcpFourTuple& o) const
    {
        return localAddr == o.localAddr && peerAddr == o.peerAddr && localPort == o.localPort &&
               peerPort == o.peerPort;
    }
};

/** \ingroup tcp-teardown Hash of a TcpFourTuple (splitmix64 of its 96 bits). */
struct TcpFourTupleHash
{
    /** \param t the tuple \return its hash */
    size_t operator()(const TcpFourTuple& t) const
    {
        uint64_t x = (static_cast<uint64_t>(t.localAddr) << 32) ^ t.peerAddr;
        x ^= (static_cast<uint64_t>(t.localPort) << 16 | t.peerPort) * 0x9e3779b97f4a7c15ULL;
        x ^= x >> 30;
        x *= 0xbf58476d1ce4e5b9ULL;
        x ^= x >> 27;
        x *= 0x94d049bb133111ebULL;
        x ^= x >> 31;
        return static_cast<size_t>(x);
    }
};

/**
 * \ingroup tcp-teardown
 * \brief A connection in TIME_WAIT reduced to what TIME_WAIT needs: the
 * fields to judge an arriving segment (TimeWaitRules) and to build its ACK
 * byte for byte as the socket would, its timer and its owner.
 */
struct TcpTimeWaitRecord
{
    uint32_t sndNxt{0};                //!< SND.NXT (past our FIN)
    uint32_t rcvNxt{0};                //!< RCV.NXT (past the peer's FIN)
    uint32_t highTxAck{0};             //!< highest ACK number sent
    uint32_t rcvWnd{0};                //!< RCV.WND (unscaled), for the acceptability test
    uint32_t tsRecent{0};              //!< TS.Recent (echoed in TSecr)
    uint32_t tsLastRcv{0};             //!< largest TSval received (ns-3's m_rcvTimestampValue)
    uint32_t tsLastEcho{0};            //!< ns-3's m_rcvTimestampEchoReply
    uint32_t restarts{0};              //!< timer restarts so far
    uint16_t windowField{0};           //!< the window field of our segments (scaled, clamped)
    uint8_t settings{0};               //!< bits: TS_ENABLED, PAWS, RFC5961, IGNORE_RST, ACK_RESTART
    int64_t startNs{0};                //!< when TIME_WAIT began
    int64_t expiryNs{0};               //!< when TIME_WAIT ends (restarts move it)
    int64_t lengthNs{0};               //!< the socket's TIME_WAIT length
    uint64_t tag{0};                   //!< the user's tag (TcpTeardownSocket::SetTimeWaitTag)
    TcpTeardownSocket* owner{nullptr}; //!< the socket while it lives (it clears this)

    /** settings bits */
    enum : uint8_t
    {
        TS_ENABLED = 1,
        PAWS = 2,
        RFC5961 = 4,
        IGNORE_RST = 8,
        ACK_RESTART = 16
    };
};

/**
 * \ingroup tcp-teardown
 * \brief ns-3's TcpL4Protocol with a table of compact TIME_WAIT records and
 * a hashed demultiplexer, for runs with very many connections.
 *
 * Install it with CompatInstallInternet(internet, nodes,
 * "ns3::TcpTeardownL4Protocol") (tcp-teardown-compat.h: InternetStackHelper::SetTcp
 * before ns-3.39, aggregated ahead of the stack after);
 * GetObject<TcpL4Protocol>() finds it. Arriving IPv4 segments are looked up
 * first in the TIME_WAIT table (4-tuple hash), then in a hash of connected
 * TcpTeardownSockets, then by ns-3's demultiplexer (listeners, stock
 * sockets), so the cost per segment does not grow with the connections.
 *
 * A TcpTeardownSocket with CompactTimeWait entering TIME_WAIT over IPv4
 * hands a TcpTimeWaitRecord to the table and releases its endpoint. The
 * table answers segments with TimeWaitRules, as the socket would, and keeps
 * one scheduled event for the earliest expiry (a heap of expiries with lazy
 * deletion). While the socket lives, every event is reported back to it
 * (counters, traces, the end of TIME_WAIT); afterwards the end is reported
 * to the TimeWaitEndCallback. See doc/compact-time-wait.md.
 */
class TcpTeardownL4Protocol : public TcpL4Protocol
{
  public:
    /** Why a TIME_WAIT record ended. */
    enum TimeWaitEndReason
    {
        EXPIRED,  //!< its timer ran out
        RST,      //!< an acceptable RST cut it
        REOPENED, //!< a SYN of a new incarnation (RFC 6191)
        REUSED    //!< ReuseTimeWait removed it (Linux's tcp_tw_reuse)
    };

    /** The end of a TIME_WAIT record whose socket is gone. */
    struct TimeWaitEnd
    {
        Ipv4Address localAddress; //!< local address
        uint16_t localPort;       //!< local port
        Ipv4Address peerAddress;  //!< peer address
        uint16_t peerPort;        //!< peer port
        uint64_t tag;             //!< the socket's TIME_WAIT tag
        Time start;               //!< when TIME_WAIT began
        Time end;                 //!< when it ended
        TimeWaitEndReason reason; //!< why
        uint32_t restarts;        //!< timer restarts
    };

    /** Callback for TimeWaitEnd. */
    typedef Callback<void, const TimeWaitEnd&> TimeWaitEndCallback;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TcpTeardownL4Protocol();
    ~TcpTeardownL4Protocol() override;

    IpL4Protocol::RxStatus Receive(Ptr<Packet> p,
                                   const Ipv4Header& incomingIpHeader,
                                   Ptr<Ipv4Interface> incomingInterface) override;
    using TcpL4Protocol::Receive;

    /** \param cb called when a record whose socket is gone ends */
    void SetTimeWaitEndCallback(TimeWaitEndCallback cb);
    /** \return the TIME_WAIT records held */
    uint32_t GetTimeWaitCount() const;
    /**
     * \return true when a TIME_WAIT record for the 4-tuple is held
     * \param localAddr local address \param localPort local port
     * \param peerAddr peer address \param peerPort peer port
     */
    bool HasTimeWait(Ipv4Address localAddr,
                     uint16_t localPort,
                     Ipv4Address peerAddr,
                     uint16_t peerPort) const;
    /**
     * Linux's tcp_tw_reuse: remove the record of the 4-tuple if its TIME_WAIT
     * began at least \p minAge ago (end reason REUSED).
     * \param localAddr local address \param localPort local port
     * \param peerAddr peer address \param peerPort peer port
     * \param minAge the least age
     * \return true when a record was removed
     */
    bool ReuseTimeWait(Ipv4Address localAddr,
                       uint16_t localPort,
                       Ipv4Address peerAddr,
                       uint16_t peerPort,
                       Time minAge);
    /**
     * \return the estimated memory of one record: sizeof(TcpTimeWaitRecord)
     * + its key + a hash node (next pointer, cached hash, allocator rounding
     * to 16 bytes) + a bucket pointer at load factor 1 + one heap entry of
     * the expiry queue (stale entries from restarts are extra)
     */
    static uint32_t GetTimeWaitRecordBytes();
    /** \return the connected sockets in the hashed demultiplexer */
    uint32_t GetConnectionCount() const;

  protected:
    void DoDispose() override;

  private:
    friend class TcpTeardownSocket;

    /** An entry of the expiry queue: (expiry, order of insertion, 4-tuple). */
    struct Expiry
    {
        int64_t atNs;     //!< expiry
        uint64_t order;   //!< insertion order (ties fire in it)
        TcpFourTuple key; //!< the record

        /** \param o another \return true when this fires later (min-heap) */
        bool operator>(const Expiry& o) const
        {
            return atNs != o.atNs ? atNs > o.atNs : order > o.order;
        }
    };

    /** Take a record from \p owner (TcpTeardownSocket::EnterTimeWait). */
    void AddTimeWait(const TcpFourTuple& key, const TcpTimeWaitRecord& record);
    /** \p owner is being destroyed: forget it. */
    void ForgetOwner(const TcpFourTuple& key, const TcpTeardownSocket* owner);
    /** The socket ends TIME_WAIT itself (Abort, Close...): drop the record silently. */
    void DropTimeWait(const TcpFourTuple& key, const TcpTeardownSocket* owner);
    /** Register a connected socket with the hashed demultiplexer. */
    void RegisterConnection(const TcpFourTuple& key, TcpTeardownSocket* socket);
    /** Remove it (only if it is the one registered). */
    void DeregisterConnection(const TcpFourTuple& key, const TcpTeardownSocket* socket);
    /** A segment for a record. */
    void TimeWaitSegment(
        std::unordered_map<TcpFourTuple, TcpTimeWaitRecord, TcpFourTupleHash>::iterator it,
        Ptr<Packet> packet,
        const TcpHeader& header,
        const Ipv4Header& ipHeader,
        Ptr<Ipv4Interface> incomingInterface);
    /** Send the record's ACK. */
    void SendTimeWaitAck(const TcpFourTuple& key, TcpTimeWaitRecord& record);
    /** Restart the record's timer. */
    void RestartTimer(const TcpFourTuple& key, TcpTimeWaitRecord& record);
    /** Remove a record and report its end. */
    void EndRecord(
        std::unordered_map<TcpFourTuple, TcpTimeWaitRecord, TcpFourTupleHash>::iterator it,
        TimeWaitEndReason reason);
    /** Drop stale heap entries; schedule the one event at the earliest expiry. */
    void Rearm();
    /** The earliest expiry is due. */
    void ExpireDue();

    std::unordered_map<TcpFourTuple, TcpTimeWaitRecord, TcpFourTupleHash> m_timeWait;  //!< records
    std::priority_queue<Expiry, std::vector<Expiry>, std::greater<Expiry>> m_expiries; //!< expiries
    uint64_t m_expiryOrder{0};     //!< next insertion order
    EventId m_expiryEvent;         //!< the one scheduled event
    int64_t m_expiryEventAtNs{-1}; //!< when it fires
    std::unordered_map<TcpFourTuple, TcpTeardownSocket*, TcpFourTupleHash>
        m_connections;                 //!< hashed demux
    TimeWaitEndCallback m_timeWaitEnd; //!< records whose socket is gone
};

} // namespace ns3

#endif /* TCP_TEARDOWN_L4_PROTOCOL_H */
