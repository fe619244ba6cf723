/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_SOCKET_FACTORY_H
#define TCP_TEARDOWN_SOCKET_FACTORY_H

#include "close-variant.h"
#include "teardown-params.h"

#include "ns3/node.h"
#include "ns3/socket.h"

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief Create a socket of a close variant's kind on a node.
 *
 * A TcpTeardownSocket built as TcpL4Protocol::CreateSocket builds its sockets
 * (the node's congestion control, recovery and RTT estimator), with only what
 * the variant and the parameters change from RFC 9293 set on it, so that
 * --ns3::TcpTeardownSocket::... on the command line still applies to the
 * rest; the variant ns3-stock gets ns-3's own TcpSocketBase.
 *
 * \param node the node
 * \param variant the close variant (TeardownParams::ResolveVariant)
 * \param p the run's parameters (isn, paws, profile, ipv6, msl)
 * \return the socket, registered with the node's TCP
 */
Ptr<Socket> MakeTeardownSocket(Ptr<Node> node,
                               const CloseVariant& variant,
                               const TeardownParams& p);

} // namespace ns3

#endif
