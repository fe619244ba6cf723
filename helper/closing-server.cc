/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "closing-server.h"

#include "incarnation-tag.h"

#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/tcp-socket-base.h"
#include "ns3/tcp-teardown-compat.h"
#include "ns3/tcp-tx-buffer.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownClosingServer");

ClosingServer::ClosingServer(uint32_t requestBytes, uint32_t responseBytes)
    : m_requestBytes(requestBytes),
      m_responseBytes(responseBytes)
{
}

void
ClosingServer::SetResponseDelay(Time delay)
{
    m_responseDelay = delay;
}

void
ClosingServer::SetProductionTime(Time duration)
{
    m_production = duration;
}

void
ClosingServer::SetCloseWithResponse(bool closeAtOnce)
{
    m_closeWithResponse = closeAtOnce;
}

void
ClosingServer::SetAcceptCallback(Callback<void, Ptr<Socket>> callback)
{
    m_acceptCallback = callback;
}

void
ClosingServer::SetResponseCallback(Callback<void> callback)
{
    m_responseCallback = callback;
}

void
ClosingServer::Accept(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this);
    m_socket = socket;
    UintegerValue sndBuf;
    socket->GetAttribute("SndBufSize", sndBuf);
    if (sndBuf.Get() < m_responseBytes)
    {
        socket->SetAttribute("SndBufSize", UintegerValue(m_responseBytes));
    }
    socket->SetRecvCallback(MakeCallback(&ClosingServer::OnReceive, this));
    socket->SetCloseCallbacks(MakeCallback(&ClosingServer::OnNormalClose, this),
                              MakeCallback(&ClosingServer::OnErrorClose, this));
    if (!m_acceptCallback.IsNull())
    {
        m_acceptCallback(socket);
    }
}

void
ClosingServer::SetReadStart(Time at)
{
    m_readStart = at;
}

void
ClosingServer::OnReceive(Ptr<Socket> socket)
{
    if (Simulator::Now() < m_readStart)
    {
        if (!CompatIsPending(m_readEvent))
        {
            m_readEvent = Simulator::Schedule(m_readStart - Simulator::Now(),
                                              &ClosingServer::OnReceive,
                                              this,
                                              socket);
        }
        return;
    }
    while (Ptr<Packet> p = socket->Recv())
    {
        if (p->GetSize() == 0)
        {
            break;
        }
        m_received += p->GetSize();
        m_foreign += IncarnationTag::ForeignBytes(p, m_incarnation);
    }
    if (m_received >= m_requestBytes && !m_responseScheduled)
    {
        m_responseScheduled = true;
        if (m_responseDelay.IsZero())
        {
            WriteResponse();
        }
        else
        {
            Simulator::Schedule(m_responseDelay, &ClosingServer::WriteResponse, this);
        }
    }
}

void
ClosingServer::WriteResponse()
{
    if (m_closeCalled || !m_socket)
    {
        return;
    }
    Ptr<TcpSocketBase> tcp = DynamicCast<TcpSocketBase>(m_socket);
    m_responseStart = tcp->GetTxBuffer()->TailSequence();
    m_responseStarted = true;
    if (m_production.IsStrictlyPositive() && m_responseBytes > 0)
    {
        UintegerValue segment;
        m_socket->GetAttribute("SegmentSize", segment);
        m_chunk = static_cast<uint32_t>(std::max<uint64_t>(1, segment.Get()));
        m_productionStart = Simulator::Now();
        ScheduleChunk();
        return;
    }
    Send(m_responseBytes);
    ResponseDone();
}

void
ClosingServer::ScheduleChunk()
{
    // chunk k is written when the steady rate has produced its last byte:
    // at start + production x (bytes through chunk k) / response
    uint32_t through = std::min(m_responseBytes, m_produced + m_chunk);
    Time at = m_productionStart + m_production * (double(through) / double(m_responseBytes));
    Simulator::Schedule(at - Simulator::Now(), &ClosingServer::WriteChunk, this);
}

void
ClosingServer::WriteChunk()
{
    if (m_errorClose)
    {
        return; // reset: nothing more to produce for
    }
    uint32_t bytes = std::min(m_chunk, m_responseBytes - m_produced);
    Send(bytes);
    m_produced += bytes;
    if (m_produced < m_responseBytes)
    {
        ScheduleChunk();
        return;
    }
    ResponseDone();
}

void
ClosingServer::Send(uint32_t bytes)
{
    if (bytes == 0)
    {
        return;
    }
    Ptr<Packet> response = Create<Packet>(bytes);
    IncarnationTag::Mark(response, m_incarnation);
    int sent = m_socket->Send(response);
    if (sent != static_cast<int>(bytes))
    {
        // e.g. a three-way close already shut B's sending side: these bytes
        // are never sent, which the run reports as discarded.
        NS_LOG_INFO("B could not queue " << bytes << " bytes of its response (errno "
                                         << m_socket->GetErrno() << ")");
    }
}

void
ClosingServer::ResponseDone()
{
    m_responseWritten = true;
    if (!m_responseCallback.IsNull())
    {
        m_responseCallback();
    }
    MaybeClose();
}

void
ClosingServer::MaybeClose()
{
    if (m_closeCalled || !m_responseWritten || !(m_peerClosed || m_closeWithResponse))
    {
        return;
    }
    m_closeCalled = true;
    m_socket->Close();
}

void
ClosingServer::OnNormalClose(Ptr<Socket> /* socket */)
{
    m_peerClosed = true;
    MaybeClose();
}

void
ClosingServer::OnErrorClose(Ptr<Socket> /* socket */)
{
    m_errorClose = true;
}

Ptr<Socket>
ClosingServer::GetSocket() const
{
    return m_socket;
}

SequenceNumber32
ClosingServer::GetResponseStart() const
{
    return m_responseStart;
}

bool
ClosingServer::ResponseWritten() const
{
    return m_responseWritten;
}

bool
ClosingServer::ResponseStarted() const
{
    return m_responseStarted;
}

void
ClosingServer::SetIncarnation(uint32_t incarnation)
{
    m_incarnation = incarnation;
}

uint64_t
ClosingServer::GetForeignBytes() const
{
    return m_foreign;
}

bool
ClosingServer::GotErrorClose() const
{
    return m_errorClose;
}

} // namespace ns3
