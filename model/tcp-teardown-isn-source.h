/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_ISN_SOURCE_H
#define TCP_TEARDOWN_ISN_SOURCE_H

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"

#include <array>
#include <cstdint>
#include <vector>

namespace ns3
{

class Node;

/**
 * \ingroup tcp-teardown
 * \brief The initial sequence numbers of a node's TcpTeardownSockets when
 *        their attribute Isn is rfc6528 or random; aggregated to the node by
 *        the first such socket (Of), so that a node whose sockets all keep
 *        ns-3's ISN has none and draws nothing.
 *
 * - rfc6528 (RFC 6528 section 3): ISN = M + F(localip, localport, remoteip,
 *   remoteport, secretkey) mod 2^32, M the 4-microsecond clock (Clock), F the
 *   low 32 bits of SipHash-2-4 (SipHash24) over the 4-tuple's bytes in
 *   network order (local address, local port, remote address, remote port;
 *   4-byte addresses for IPv4, 16 for IPv6) under the node's secret key. The
 *   key (128 bits) is drawn once per node, from its own stream (below), when
 *   the first rfc6528 socket of the node opens: every socket of the node
 *   shares it, so that a later incarnation of a 4-tuple gets the same F and
 *   an ISN that has grown with the clock, as the RFC wants.
 * - random: each connection draws a uniform 32-bit ISN from the node's
 *   second stream.
 *
 * Random streams: the key comes from stream STREAM_BASE + 2 x (node id),
 * the random ISNs from STREAM_BASE + 2 x (node id) + 1, fixed at creation
 * (no automatic stream index is used), so that ISNs depend only on RngSeed,
 * RngRun and the node, never on which other random variables exist. The
 * module's loss plan uses streams 0 and 1 (TeardownScenario).
 */
class TcpTeardownIsnSource : public Object
{
  public:
    /** First random stream of the ISN sources (node 0: 1000 and 1001). */
    static constexpr int64_t STREAM_BASE = 1000;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \param node a node
     * \return the node's ISN source, aggregated to it on the first call
     */
    static Ptr<TcpTeardownIsnSource> Of(Ptr<Node> node);

    /**
     * \param now a time
     * \return RFC 6528's M: \p now in units of 4 microseconds, modulo 2^32
     */
    static uint32_t Clock(Time now);

    /**
     * \param fourTuple the 4-tuple's bytes (see the class description)
     * \return RFC 6528's F: the keyed hash of \p fourTuple under the node's key
     */
    uint32_t Offset(const std::vector<uint8_t>& fourTuple);

    /**
     * \param fourTuple the 4-tuple's bytes
     * \param now the time the connection opens
     * \return Clock(now) + Offset(fourTuple), modulo 2^32
     */
    uint32_t Rfc6528(const std::vector<uint8_t>& fourTuple, Time now);

    /** \return a uniformly random 32-bit ISN (the stream's next draw) */
    uint32_t Random();

  protected:
    void DoDispose() override;

  private:
    /**
     * \param offset 0 (key) or 1 (random ISNs)
     * \return a uniform random variable on stream STREAM_BASE + 2 x node + offset
     */
    Ptr<UniformRandomVariable> MakeStream(int64_t offset) const;

    uint32_t m_nodeId{0};                //!< the node's id
    bool m_haveKey{false};               //!< the key was drawn
    std::array<uint8_t, 16> m_key{};     //!< RFC 6528's secretkey
    Ptr<UniformRandomVariable> m_random; //!< random ISNs (created on first use)
};

} // namespace ns3

#endif /* TCP_TEARDOWN_ISN_SOURCE_H */
