/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_BUSY_PORTS_H
#define TCP_TEARDOWN_BUSY_PORTS_H

#include <cstdint>
#include <set>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief The ephemeral ports of one client node, under a port model.
 *
 *  - NS3: a port is unique per node, as in ns-3's Ipv4EndPointDemux: it is
 *    held from the connect until the connection's endpoint is gone (TIME_WAIT
 *    included) and then free for every destination. Ports are taken in turn
 *    from the one after the last taken, as Ipv4EndPointDemux::AllocateEphemeralPort
 *    does.
 *  - LINUX: a port is unique per 4-tuple: a connection holds its port for its
 *    destination (server port) only. A port is still given to at most one open
 *    (not TIME_WAIT) connection of the node at a time, since ns-3's
 *    demultiplexer holds one endpoint per local port; TIME_WAIT (a compact
 *    record, outside the demultiplexer) holds only its 4-tuple.
 *
 * A connect that finds no port fails: the caller counts it.
 */
class BusyPorts
{
  public:
    /** The port model. */
    enum Model
    {
        NS3,  //!< unique per node
        LINUX //!< unique per 4-tuple
    };

    /**
     * \param model the port model
     * \param first the first ephemeral port
     * \param count the number of ephemeral ports
     * \param destinations the number of destinations (server ports)
     */
    BusyPorts(Model model, uint16_t first, uint32_t count, uint32_t destinations);
    /**
     * \brief Take a port for a new connection to a destination.
     * \param destination the destination's index
     * \return the port, or -1 when none is free
     */
    int Take(uint32_t destination);
    /**
     * \brief The connection's endpoint is gone, or it entered TIME_WAIT as a
     *        compact record: the port no longer holds the node's demultiplexer.
     * \param port the port
     */
    void EndpointReleased(uint16_t port);
    /**
     * \brief The connection is over (after TIME_WAIT): its hold ends. (Call
     *        EndpointReleased first if its endpoint was still open: another
     *        connection of the node may hold the port open for another
     *        destination under LINUX.)
     * \param destination the destination's index
     * \param port the port
     */
    void Release(uint32_t destination, uint16_t port);
    /** \return the ports free for a destination now */
    uint32_t FreeFor(uint32_t destination) const;

  private:
    Model m_model;                          //!< the model
    std::vector<std::set<uint16_t>> m_free; //!< free ports, per destination (NS3: one set)
    std::vector<uint32_t> m_cursor;         //!< next port to try, per set
    std::vector<bool> m_open;               //!< LINUX: the port holds an open endpoint
    uint16_t m_first;                       //!< first port
};

} // namespace ns3

#endif
