/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "incarnations.h"

#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/tcp-socket-base.h"
#include "ns3/tcp-tx-buffer.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownIncarnations");

/** One incarnation: A's socket and application, B's application and socket. */
struct Incarnations::One
{
    Incarnations* owner{nullptr};                     //!< the driver
    uint32_t n{1};                                    //!< incarnation, from 1
    Ptr<Socket> a;                                    //!< A's socket
    Ptr<Socket> b;                                    //!< B's socket (once accepted)
    std::unique_ptr<ClosingClient> client;            //!< A
    std::unique_ptr<ClosingServer> server;            //!< B
    TcpSocket::TcpStates_t stateA{TcpSocket::CLOSED}; //!< A's state
    TcpSocket::TcpStates_t stateB{TcpSocket::LISTEN}; //!< B's state

    /** A's state changed. */
    void OnStateA(TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to)
    {
        stateA = to;
        if (to == TcpSocket::CLOSED && from != TcpSocket::CLOSED &&
            owner->m_all.back().get() == this && owner->m_all.size() < owner->m_params.incarnations)
        {
            Simulator::Schedule(Seconds(owner->m_params.reuseGapS),
                                &Incarnations::StartNext,
                                owner);
        }
    }

    /** B's state changed. */
    void OnStateB(TcpSocket::TcpStates_t /* from */, TcpSocket::TcpStates_t to)
    {
        stateB = to;
    }

    /** A sent a segment. */
    void OnTx(Ptr<const Packet> packet, const TcpHeader& /* header */, Ptr<const TcpSocketBase>)
    {
        owner->Remember(n, packet);
    }

    /** B wrote its response: a simultaneous close closes A too. */
    void OnResponse()
    {
        client->Close();
    }
};

Incarnations::Incarnations(const TeardownParams& params,
                           bool simultaneous,
                           Ptr<Socket> listener,
                           Ptr<Socket> firstA,
                           const Address& server,
                           std::function<Ptr<Socket>()> makeA)
    : m_params(params),
      m_simultaneous(simultaneous),
      m_listener(listener),
      m_server(server),
      m_makeA(std::move(makeA))
{
    Make(firstA);
}

Incarnations::~Incarnations() = default;

Incarnations::One&
Incarnations::Make(Ptr<Socket> a)
{
    const TeardownParams& p = m_params;
    auto one = std::make_unique<One>();
    one->owner = this;
    one->n = static_cast<uint32_t>(m_all.size()) + 1;
    one->a = a;
    one->server = std::make_unique<ClosingServer>(p.requestBytes, p.responseBytes);
    one->server->SetResponseDelay(Seconds(p.serverDelayS));
    if (p.workAfterFinS > 0.0)
    {
        one->server->SetProductionTime(Seconds(p.closeDelayS + p.workAfterFinS));
    }
    one->server->SetCloseWithResponse(m_simultaneous);
    one->server->SetIncarnation(one->n);
    one->client = std::make_unique<ClosingClient>(a, m_server, p.requestBytes);
    one->client->SetCloseDelay(m_simultaneous ? Seconds(-1) : Seconds(p.closeDelayS));
    one->client->SetStrategy(p.strategy, Seconds(p.lingerTimeoutS));
    one->client->SetIncarnation(one->n);
    if (p.incarnations > 1)
    {
        one->client->SetLocalPort(CLIENT_PORT);
        a->TraceConnectWithoutContext("Tx", MakeCallback(&One::OnTx, one.get()));
        if (one->n > 1 && m_simultaneous)
        {
            // incarnation 1's response hook is the scenario's, which closes A
            one->server->SetResponseCallback(MakeCallback(&One::OnResponse, one.get()));
        }
    }
    a->TraceConnectWithoutContext("State", MakeCallback(&One::OnStateA, one.get()));
    m_all.push_back(std::move(one));
    return *m_all.back();
}

ClosingClient&
Incarnations::FirstClient()
{
    return *m_all.front()->client;
}

ClosingServer&
Incarnations::FirstServer()
{
    return *m_all.front()->server;
}

void
Incarnations::Listen(const Address& local)
{
    m_listener->Bind(local);
    m_listener->Listen();
    m_listener->SetAcceptCallback(MakeCallback(&Incarnations::OnRequest, this),
                                  MakeCallback(&Incarnations::OnAccept, this));
}

void
Incarnations::Start(Time at)
{
    m_damage.opened = 1;
    Simulator::Schedule(at, &ClosingClient::Connect, m_all.front()->client.get());
}

void
Incarnations::StartNext()
{
    One& one = Make(m_makeA());
    ++m_damage.opened;
    one.client->Connect();
}

bool
Incarnations::OnRequest(Ptr<Socket> /* listener */, const Address& /* from */)
{
    return m_all.back()->b == nullptr; // one connection per incarnation
}

void
Incarnations::OnAccept(Ptr<Socket> socket, const Address& /* from */)
{
    One& one = *m_all.back();
    one.b = socket;
    one.stateB = TcpSocket::ESTABLISHED;
    m_bCurrent = static_cast<int>(m_all.size()) - 1;
    if (m_params.incarnations > 1)
    {
        socket->TraceConnectWithoutContext("Tx", MakeCallback(&One::OnTx, &one));
        socket->TraceConnectWithoutContext("State", MakeCallback(&One::OnStateB, &one));
    }
    one.server->Accept(socket);
}

void
Incarnations::WatchLate(Ptr<TeardownErrorModel> intoB, Ptr<TeardownErrorModel> intoA)
{
    intoB->TraceConnectWithoutContext("Late", MakeCallback(&Incarnations::OnLate, this));
    intoA->TraceConnectWithoutContext("Late", MakeCallback(&Incarnations::OnLate, this));
}

void
Incarnations::Remember(uint32_t incarnation, Ptr<const Packet> packet)
{
    m_uid[packet->GetUid()] = incarnation;
}

uint32_t
Incarnations::IncarnationOf(uint64_t uid) const
{
    auto it = m_uid.find(uid);
    // not sent by a connection's socket (a listener's SYN-ACK before accept,
    // a RST of the node's TCP): of the incarnation A is in
    return it != m_uid.end() ? it->second : static_cast<uint32_t>(m_all.size());
}

void
Incarnations::OnLate(LinkDirection direction, Ptr<const Packet> packet, bool done)
{
    bool atA = direction == LinkDirection::B_TO_A;
    if (!done)
    {
        m_pending = Pending();
        One* receiver =
            atA ? m_all.back().get() : (m_bCurrent >= 0 ? m_all[m_bCurrent].get() : nullptr);
        if (!receiver || IncarnationOf(packet->GetUid()) >= receiver->n)
        {
            return; // not old for its receiver
        }
        Ptr<Socket> socket = atA ? receiver->a : receiver->b;
        TcpHeader tcp;
        uint32_t payload = 0;
        if (!socket || !ReadTcpSegment(packet, tcp, payload))
        {
            return;
        }
        ++m_damage.oldSegments;
        m_pending.active = true;
        m_pending.one = receiver;
        m_pending.atA = atA;
        m_pending.flags = tcp.GetFlags();
        m_pending.state = atA ? receiver->stateA : receiver->stateB;
        m_pending.una = DynamicCast<TcpSocketBase>(socket)->GetTxBuffer()->HeadSequence();
        return;
    }
    if (!m_pending.active)
    {
        return;
    }
    Pending before = m_pending;
    m_pending = Pending();
    One& one = *before.one;
    Ptr<Socket> socket = before.atA ? one.a : one.b;
    TcpSocket::TcpStates_t after = before.atA ? one.stateA : one.stateB;
    SequenceNumber32 una = DynamicCast<TcpSocketBase>(socket)->GetTxBuffer()->HeadSequence();
    using S = TcpSocket;
    bool live = before.state != S::CLOSED && before.state != S::LISTEN;
    if ((before.flags & TcpHeader::RST) && live && after == S::CLOSED)
    {
        ++m_damage.oldRstResets;
    }
    else if ((before.flags & TcpHeader::FIN) && after != before.state &&
             (before.state == S::SYN_RCVD || before.state == S::ESTABLISHED ||
              before.state == S::FIN_WAIT_1 || before.state == S::FIN_WAIT_2) &&
             (after == S::CLOSE_WAIT || after == S::CLOSING || after == S::TIME_WAIT ||
              after == S::LAST_ACK || after == S::CLOSED))
    {
        ++m_damage.oldFinCloses;
    }
    if ((before.flags & TcpHeader::ACK) && una > before.una)
    {
        ++m_damage.oldAckDesyncs;
    }
}

ReuseDamage
Incarnations::GetDamage() const
{
    ReuseDamage d = m_damage;
    d.corruptedBytes = 0;
    for (const auto& one : m_all)
    {
        d.corruptedBytes += one->client->GetForeignBytes() + one->server->GetForeignBytes();
    }
    return d;
}

} // namespace ns3
