/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_INCARNATIONS_H
#define TCP_TEARDOWN_INCARNATIONS_H

#include "closing-client.h"
#include "closing-server.h"
#include "reuse-damage.h"
#include "teardown-params.h"

#include "ns3/loss-plan.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-socket.h"

#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

namespace ns3
{

class TcpSocketBase;

/**
 * \ingroup tcp-teardown
 * \brief k connections of A to B, one after another, on the same 4-tuple.
 *
 * Incarnation n + 1 starts the reuse gap after A's socket of incarnation n
 * is CLOSED; A binds the same local port every time, so the 4-tuple is the
 * same. Each incarnation has its own request and response, its own
 * ClosingClient (A) and ClosingServer (B, on one listener), and writes its
 * data with an IncarnationTag, so that bytes of an earlier incarnation read
 * by a later one are counted exactly (ReuseDamage::corruptedBytes).
 *
 * Every segment a socket sends is remembered by packet uid with its
 * incarnation, so the path can tell, when it delivers a segment it kept,
 * whether the segment is old: of an earlier incarnation than the receiving
 * end's current one. What an old segment does is read off the receiving
 * socket just before and after it is received (its state and SND.UNA).
 */
class Incarnations
{
  public:
    /** the fixed local port of A when k > 1 (ns-3's first ephemeral port) */
    static const uint16_t CLIENT_PORT = 49153;

    /**
     * \param params the run's parameters (incarnations, reuseGap, sizes, delays)
     * \param simultaneous A closes when B writes its response
     * \param listener B's listening socket
     * \param firstA A's socket of incarnation 1
     * \param server B's address
     * \param makeA makes A's socket of a later incarnation
     */
    Incarnations(const TeardownParams& params,
                 bool simultaneous,
                 Ptr<Socket> listener,
                 Ptr<Socket> firstA,
                 const Address& server,
                 std::function<Ptr<Socket>()> makeA);
    ~Incarnations();

    /** \return A's application of incarnation 1 */
    ClosingClient& FirstClient();
    /** \return B's application of incarnation 1 */
    ClosingServer& FirstServer();
    /** \param local bind B's listener here and listen */
    void Listen(const Address& local);
    /** \param at when A first connects */
    void Start(Time at);
    /**
     * \brief Watch the segments the path delivers late.
     * \param intoB the error model of B's device
     * \param intoA the error model of A's device
     */
    void WatchLate(Ptr<TeardownErrorModel> intoB, Ptr<TeardownErrorModel> intoA);
    /** \param uid a packet's uid \return the incarnation that sent it */
    uint32_t IncarnationOf(uint64_t uid) const;
    /** \return the damage so far */
    ReuseDamage GetDamage() const;

  private:
    struct One;

    /** Open the next incarnation. */
    void StartNext();
    /** Make incarnation n's objects. \param a A's socket \return it */
    One& Make(Ptr<Socket> a);
    /** B's listener: accept if the current incarnation has no connection yet. */
    bool OnRequest(Ptr<Socket> listener, const Address& from);
    /** B accepted. */
    void OnAccept(Ptr<Socket> socket, const Address& from);
    /** A segment kept by the path arrives (done: after it was received). */
    void OnLate(LinkDirection direction, Ptr<const Packet> packet, bool done);
    /** Remember who sent a packet. */
    void Remember(uint32_t incarnation, Ptr<const Packet> packet);

    TeardownParams m_params;                      //!< parameters
    bool m_simultaneous;                          //!< A closes with B
    Ptr<Socket> m_listener;                       //!< B's listener
    Address m_server;                             //!< B's address
    std::function<Ptr<Socket>()> m_makeA;         //!< A's next socket
    std::vector<std::unique_ptr<One>> m_all;      //!< every incarnation so far
    int m_bCurrent{-1};                           //!< index of B's newest connection
    std::unordered_map<uint64_t, uint32_t> m_uid; //!< packet uid -> incarnation
    ReuseDamage m_damage;                         //!< counted so far

    /** the receiving end of a late segment, as it was before */
    struct Pending
    {
        bool active{false};                              //!< an old segment is being received
        One* one{nullptr};                               //!< the receiving incarnation
        bool atA{false};                                 //!< received by A (else B)
        uint8_t flags{0};                                //!< its TCP flags
        TcpSocket::TcpStates_t state{TcpSocket::CLOSED}; //!< receiver's state before
        SequenceNumber32 una;                            //!< receiver's SND.UNA before
    } m_pending;                                         //!< the late segment in progress
};

} // namespace ns3

#endif /* TCP_TEARDOWN_INCARNATIONS_H */
