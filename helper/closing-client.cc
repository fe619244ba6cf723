/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "closing-client.h"

#include "incarnation-tag.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/tcp-teardown-socket.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownClosingClient");

ClosingClient::ClosingClient(Ptr<Socket> socket, const Address& peer, uint32_t requestBytes)
    : m_socket(socket),
      m_peer(peer),
      m_requestBytes(requestBytes)
{
}

void
ClosingClient::Connect()
{
    m_socket->SetConnectCallback(MakeCallback(&ClosingClient::OnConnected, this),
                                 MakeCallback(&ClosingClient::OnConnectFailed, this));
    m_socket->SetRecvCallback(MakeCallback(&ClosingClient::OnReceive, this));
    m_socket->SetCloseCallbacks(MakeCallback(&ClosingClient::OnNormalClose, this),
                                MakeCallback(&ClosingClient::OnErrorClose, this));
    int bound = 0;
    if (m_localPort == 0)
    {
        bound = m_socket->Bind(); // as Connect would (for IPv6 too: ns-3 rebinds)
    }
    else if (Inet6SocketAddress::IsMatchingType(m_peer))
    {
        bound = m_socket->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), m_localPort));
    }
    else
    {
        bound = m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_localPort));
    }
    if (bound != 0 || m_socket->Connect(m_peer) != 0)
    {
        NS_LOG_WARN("A could not open incarnation " << m_incarnation << " (errno "
                                                    << m_socket->GetErrno() << ")");
    }
}

void
ClosingClient::SetCloseDelay(Time delay)
{
    m_closeDelay = delay;
}

void
ClosingClient::SetCloseCallback(Callback<void> callback)
{
    m_closeCallback = callback;
}

void
ClosingClient::OnConnected(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this);
    Ptr<Packet> request = Create<Packet>(m_requestBytes);
    IncarnationTag::Mark(request, m_incarnation);
    socket->Send(request);
    if (m_closeDelay.IsZero())
    {
        Close();
    }
    else if (m_closeDelay.IsStrictlyPositive())
    {
        Simulator::Schedule(m_closeDelay, &ClosingClient::Close, this);
    }
}

void
ClosingClient::OnConnectFailed(Ptr<Socket> /* socket */)
{
    NS_LOG_WARN("A could not connect");
}

void
ClosingClient::Close()
{
    if (m_closed)
    {
        return;
    }
    m_closed = true;
    if (!m_closeCallback.IsNull())
    {
        m_closeCallback();
    }
    Ptr<TcpTeardownSocket> ours = DynamicCast<TcpTeardownSocket>(m_socket);
    if (!ours)
    {
        m_socket->Close(); // ns-3's own socket: its CLOSE call, as it always was
    }
    else if (m_strategy == "full-close")
    {
        // close both directions: A reads no more; unread data, or data that
        // arrives after this, gets a RST (RFC 1122 4.2.2.13)
        ours->Close();
    }
    else if (m_strategy == "abortive")
    {
        ours->Abort(); // SO_LINGER 0: RST now, the send buffer dropped
    }
    else
    {
        // A half close (RFC 9293 3.6 "half-duplex close"): A sends its FIN and
        // keeps reading B's response (lingering: until EOF or the timeout).
        ours->ShutdownSend();
        if (m_strategy == "lingering")
        {
            m_lingerEvent = Simulator::Schedule(m_lingerTimeout, &ClosingClient::LingerEnd, this);
        }
    }
}

void
ClosingClient::SetStrategy(const std::string& strategy, Time lingerTimeout)
{
    m_strategy = strategy;
    m_lingerTimeout = lingerTimeout;
}

void
ClosingClient::LingerEnd()
{
    if (m_lingerDone)
    {
        return;
    }
    m_lingerDone = true;
    m_lingerEvent.Cancel();
    // after EOF the close has nothing left to do (the socket answers that
    // the connection is closing); at the timeout it closes the receive side
    // too, and data still arriving gets a RST
    m_socket->Close();
}

void
ClosingClient::OnReceive(Ptr<Socket> socket)
{
    while (Ptr<Packet> p = socket->Recv())
    {
        if (p->GetSize() == 0)
        {
            break;
        }
        (m_closed ? m_after : m_before) += p->GetSize();
        m_foreign += IncarnationTag::ForeignBytes(p, m_incarnation);
    }
}

void
ClosingClient::OnNormalClose(Ptr<Socket> /* socket */)
{
    if (m_strategy == "lingering" && m_closed)
    {
        LingerEnd(); // EOF: B will send no more
    }
}

void
ClosingClient::OnErrorClose(Ptr<Socket> /* socket */)
{
    m_errorClose = true;
    m_lingerDone = true; // the connection is gone: nothing to close
    m_lingerEvent.Cancel();
}

uint64_t
ClosingClient::GetBytesBeforeClose() const
{
    return m_before;
}

uint64_t
ClosingClient::GetBytesAfterClose() const
{
    return m_after;
}

bool
ClosingClient::GotErrorClose() const
{
    return m_errorClose;
}

bool
ClosingClient::IsClosed() const
{
    return m_closed;
}

} // namespace ns3

namespace ns3
{

void
ClosingClient::SetIncarnation(uint32_t incarnation)
{
    m_incarnation = incarnation;
}

uint64_t
ClosingClient::GetForeignBytes() const
{
    return m_foreign;
}

void
ClosingClient::SetLocalPort(uint16_t port)
{
    m_localPort = port;
}

} // namespace ns3
