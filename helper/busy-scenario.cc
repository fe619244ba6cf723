/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "busy-scenario.h"

#include "busy-ports.h"
#include "close-variant.h"
#include "param-schema.h"
#include "teardown-params.h"
#include "teardown-socket-factory.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/tcp-teardown-compat.h"
#include "ns3/tcp-teardown-l4-protocol.h"
#include "ns3/tcp-teardown-socket.h"
#include "ns3/traffic-control-module.h"

#include <algorithm>
#include <deque>
#include <memory>
#include <unordered_map>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownBusyScenario");

namespace
{
using State = TcpSocket::TcpStates_t;

const uint16_t FIRST_SERVER_PORT = 80;
const double T0 = 0.1; // the first arrival (simulation time, s)

/** Time-average of a count over the window [w0, w1], integrated exactly. */
struct Occupancy
{
    double w0{0};   //!< window start (simulation time)
    double w1{0};   //!< window end
    int64_t n{0};   //!< the count now
    int64_t max{0}; //!< its maximum
    double last{0}; //!< time of the last change
    double area{0}; //!< integral of n over the window so far

    /** \param now the time \param delta the change */
    void Add(double now, int64_t delta)
    {
        double a = std::max(last, w0);
        double b = std::min(now, w1);
        if (b > a)
        {
            area += double(n) * (b - a);
        }
        last = now;
        n += delta;
        max = std::max(max, n);
    }

    /** \return the mean over the window (call after the window ended) */
    double Mean(double now)
    {
        Add(now, 0);
        return area / (w1 - w0);
    }
};

/** One connection, from its arrival until both ends are over. */
struct Conn
{
    uint64_t id{0};           //!< arrival number
    uint32_t client{0};       //!< client index
    uint32_t dest{0};         //!< server port index
    int port{-1};             //!< the client's port (-1: none was free)
    double start{-1};         //!< arrival (s)
    double established{-1};   //!< the client's ESTABLISHED
    double responded{-1};     //!< the client had the whole response
    double clientOver{-1};    //!< the client's end is gone (after its TIME_WAIT)
    double serverOver{-1};    //!< the server's end is gone
    double twStart{-1};       //!< TIME_WAIT began
    double twEnd{-1};         //!< TIME_WAIT ended
    char twAt{0};             //!< 'S' or 'C': where TIME_WAIT was
    std::string twEndReason;  //!< expired, rst, reopened, reused
    bool accepted{false};     //!< the server accepted it
    bool clientEst{false};    //!< counted in the client's established
    bool serverEst{false};    //!< counted in the server's established
    bool appDone{false};      //!< the client's application is done with it
    bool portOpen{false};     //!< its port holds an open endpoint of the client
    uint32_t rxClient{0};     //!< response bytes read
    uint32_t rxServer{0};     //!< request bytes read
    uint32_t toSendClient{0}; //!< request bytes not yet handed to the socket
    uint32_t toSendServer{0}; //!< response bytes not yet handed to the socket
    Ptr<Socket> cs;           //!< the client's socket
    Ptr<Socket> ss;           //!< the server's socket
};

/** A built busy-server run. */
class BusyRun
{
  public:
    BusyRun(const BusyParams& p, std::function<void(const BusyScenario::Row&)> sink)
        : m_p(p),
          m_sink(std::move(sink))
    {
    }

    BusyOutput Run();

  private:
    void Build();
    void Arrive();
    void Start(uint32_t client);
    void Retry(uint32_t client);
    void Sample();
    void SendSome(Conn& c, bool server);
    void OnAccept(Ptr<Socket> socket, const Address& from);
    void ClientState(uint64_t id, State from, State to);
    void ServerState(uint64_t id, State from, State to);
    void ClientRecv(uint64_t id, Ptr<Socket> socket);
    void ServerRecv(uint64_t id, Ptr<Socket> socket);
    void ServerSend(uint64_t id, Ptr<Socket> socket, uint32_t available);
    void ClientSend(uint64_t id, Ptr<Socket> socket, uint32_t available);
    void TimeWaitBegin(Conn& c, char at);
    void TimeWaitEnd(Conn& c, const std::string& reason);
    void AppDone(Conn& c);
    void RecordEnd(bool server, const TcpTeardownL4Protocol::TimeWaitEnd& end);
    void ReleaseClient(Conn& c);
    int TakePort(uint32_t client, uint32_t dest);
    void HandOff(uint64_t id, bool server);
    void TimeWaitHandOff(uint64_t id, bool server);
    void MaybeFinish(uint64_t id);
    void WriteRow(const Conn& c, const std::string& outcome);
    std::string Outcome(const Conn& c) const;
    bool InWindow() const;

    double Now() const
    {
        return Simulator::Now().GetSeconds();
    }

    Conn* Find(uint64_t id)
    {
        auto it = m_conns.find(id);
        return it == m_conns.end() ? nullptr : &it->second;
    }

    static uint64_t Key(uint32_t client, uint16_t port, uint32_t dest)
    {
        return (uint64_t(client) << 32) | (uint64_t(port) << 16) | dest;
    }

    static void RecordEndCb(BusyRun* r, bool server, const TcpTeardownL4Protocol::TimeWaitEnd& end)
    {
        r->RecordEnd(server, end);
    }

    static void ClientStateCb(BusyRun* r, uint64_t id, State from, State to)
    {
        r->ClientState(id, from, to);
    }

    static void ServerStateCb(BusyRun* r, uint64_t id, State from, State to)
    {
        r->ServerState(id, from, to);
    }

    static void ClientRecvCb(BusyRun* r, uint64_t id, Ptr<Socket> s)
    {
        r->ClientRecv(id, s);
    }

    static void ServerRecvCb(BusyRun* r, uint64_t id, Ptr<Socket> s)
    {
        r->ServerRecv(id, s);
    }

    static void ClientSendCb(BusyRun* r, uint64_t id, Ptr<Socket> s, uint32_t n)
    {
        r->ClientSend(id, s, n);
    }

    static void ServerSendCb(BusyRun* r, uint64_t id, Ptr<Socket> s, uint32_t n)
    {
        r->ServerSend(id, s, n);
    }

    const BusyParams m_p;
    std::function<void(const BusyScenario::Row&)> m_sink;
    TeardownParams m_socketParams; //!< what every socket is made from
    CloseVariant m_variant;        //!< RFC 9293 four-way
    NodeContainer m_clients;
    Ptr<Node> m_server;
    std::vector<Ipv4Address> m_clientAddr;
    std::vector<Ipv4Address> m_serverAddr;             //!< the server's address on client i's link
    std::unordered_map<uint32_t, uint32_t> m_clientOf; //!< client address -> index
    std::vector<Ptr<Socket>> m_listeners;
    std::vector<BusyPorts> m_ports;
    std::vector<uint32_t> m_nextDest;
    std::unordered_map<uint64_t, Conn> m_conns;       //!< open connections
    std::unordered_map<uint64_t, uint64_t> m_byTuple; //!< Key -> id, until accepted
    Ptr<ExponentialRandomVariable> m_gap;
    Ptr<UniformRandomVariable> m_pick;
    uint64_t m_arrivals{0};
    bool m_arrivalsOver{false};
    double m_end{0}; //!< arrivals end (simulation time)
    // counters
    std::vector<int64_t> m_tw, m_est, m_failed, m_completed; //!< per node (server last)
    Occupancy m_twServer, m_twClients;
    uint64_t m_winArrivals{0}, m_winCompleted{0}, m_winFailed{0}, m_winTwEntries{0};
    std::map<std::string, uint64_t> m_outcomes;
    uint64_t m_reused{0};
    bool m_compact{false}; //!< TIME_WAIT as compact records
    /** tw-reuse: the clients' TIME_WAITs in order of entry, per client and port set */
    std::vector<std::vector<std::deque<uint64_t>>> m_clientTw;
    BusyOutput m_out;
};

bool
BusyRun::InWindow() const
{
    double t = Now() - T0;
    return t >= m_p.WarmupS() && t < m_p.durationS;
}

void
BusyRun::Build()
{
    uint32_t m = m_p.clients;
    m_clients.Create(m);
    m_server = CreateObject<Node>();
    m_compact = m_p.compactTimeWait == "yes";
    InternetStackHelper internet;
    // compact TIME_WAIT records and a hashed demultiplexer
    std::string tcp = m_compact ? "ns3::TcpTeardownL4Protocol" : "ns3::TcpL4Protocol";
    CompatInstallInternet(internet, m_clients, tcp);
    CompatInstallInternet(internet, NodeContainer(m_server), tcp);
    if (m_compact)
    {
        for (uint32_t i = 0; i <= m; ++i)
        {
            Ptr<Node> node = i < m ? m_clients.Get(i) : m_server;
            node->GetObject<TcpTeardownL4Protocol>()->SetTimeWaitEndCallback(
                MakeBoundCallback(&BusyRun::RecordEndCb, this, i == m));
        }
    }

    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue(m_p.rate));
    link.SetChannelAttribute("Delay", TimeValue(Seconds(m_p.delayS)));
    Ipv4AddressHelper addresses("10.0.0.0", "255.255.255.252");
    for (uint32_t i = 0; i < m; ++i)
    {
        NetDeviceContainer devices = link.Install(m_clients.Get(i), m_server);
        if (m_p.loss > 0)
        {
            for (uint32_t d = 0; d < 2; ++d)
            {
                Ptr<RateErrorModel> em = CreateObject<RateErrorModel>();
                em->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
                em->SetRate(m_p.loss);
                devices.Get(d)->SetAttribute("ReceiveErrorModel", PointerValue(em));
            }
        }
        Ipv4InterfaceContainer ifs = addresses.Assign(devices);
        addresses.NewNetwork();
        // no queue disc: segments go straight to the device queue (DropTail,
        // 100 packets), as in the single-connection scenario's link
        TrafficControlHelper().Uninstall(devices);
        m_clientAddr.push_back(ifs.GetAddress(0));
        m_serverAddr.push_back(ifs.GetAddress(1));
        m_clientOf[ifs.GetAddress(0).Get()] = i;
    }

    m_socketParams.mslS = m_p.mslS;
    m_socketParams.compactTimeWait = m_p.compactTimeWait;
    m_variant = CloseVariant::FromName("four-way");
    for (uint32_t k = 0; k < m_p.serverPorts; ++k)
    {
        Ptr<Socket> l = MakeTeardownSocket(m_server, m_variant, m_socketParams);
        if (l->Bind(InetSocketAddress(Ipv4Address::GetAny(), FIRST_SERVER_PORT + k)) != 0 ||
            l->Listen() != 0)
        {
            NS_FATAL_ERROR("cannot listen on port " << FIRST_SERVER_PORT + k);
        }
        l->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                             MakeCallback(&BusyRun::OnAccept, this));
        m_listeners.push_back(l);
    }
    BusyPorts::Model model = m_p.portModel == "linux" ? BusyPorts::LINUX : BusyPorts::NS3;
    for (uint32_t i = 0; i < m; ++i)
    {
        m_ports.emplace_back(model, m_p.FirstPort(), m_p.PortCount(), m_p.serverPorts);
    }
    m_nextDest.assign(m, 0);
    m_clientTw.assign(
        m,
        std::vector<std::deque<uint64_t>>(model == BusyPorts::NS3 ? 1 : m_p.serverPorts));
    m_tw.assign(m + 1, 0);
    m_est.assign(m + 1, 0);
    m_failed.assign(m + 1, 0);
    m_completed.assign(m + 1, 0);
    for (Occupancy* o : {&m_twServer, &m_twClients})
    {
        o->w0 = T0 + m_p.WarmupS();
        o->w1 = T0 + m_p.durationS;
        o->last = 0;
    }
    m_gap = CreateObject<ExponentialRandomVariable>();
    m_gap->SetAttribute("Mean", DoubleValue(1.0 / m_p.lambda));
    m_pick = CreateObject<UniformRandomVariable>();
}

void
BusyRun::Arrive()
{
    if (m_arrivalsOver)
    {
        return;
    }
    if (Now() - T0 >= m_p.durationS || (m_p.connections > 0 && m_arrivals >= m_p.connections))
    {
        m_arrivalsOver = true;
        return;
    }
    uint32_t client = m_pick->GetInteger(0, m_p.clients - 1);
    Start(client);
    Simulator::Schedule(Seconds(m_gap->GetValue()), &BusyRun::Arrive, this);
}

void
BusyRun::Retry(uint32_t client)
{
    if (Now() - T0 >= m_p.durationS || (m_p.connections > 0 && m_arrivals >= m_p.connections))
    {
        m_arrivalsOver = true;
        return;
    }
    Start(client);
}

void
BusyRun::Start(uint32_t client)
{
    uint64_t id = m_arrivals++;
    Conn& c = m_conns[id];
    c.id = id;
    c.client = client;
    c.dest = m_nextDest[client];
    m_nextDest[client] = (m_nextDest[client] + 1) % m_p.serverPorts;
    c.start = Now();
    c.toSendClient = m_p.requestBytes;
    c.toSendServer = m_p.responseBytes;
    if (InWindow())
    {
        ++m_winArrivals;
    }
    c.port = TakePort(client, c.dest);
    c.portOpen = c.port >= 0;
    if (c.port < 0)
    {
        ++m_failed[client];
        if (InWindow())
        {
            ++m_winFailed;
        }
        c.clientOver = c.serverOver = Now();
        AppDone(c);
        MaybeFinish(id);
        return;
    }
    Ptr<Socket> s = MakeTeardownSocket(m_clients.Get(client), m_variant, m_socketParams);
    c.cs = s;
    DynamicCast<TcpTeardownSocket>(s)->SetTimeWaitTag(id);
    if (s->Bind(InetSocketAddress(m_clientAddr[client], uint16_t(c.port))) != 0)
    {
        NS_FATAL_ERROR("port " << c.port << " of client " << client
                               << " is held in ns-3's demultiplexer but free in BusyPorts");
    }
    s->TraceConnectWithoutContext("State", MakeBoundCallback(&BusyRun::ClientStateCb, this, id));
    s->SetRecvCallback(MakeBoundCallback(&BusyRun::ClientRecvCb, this, id));
    s->SetSendCallback(MakeBoundCallback(&BusyRun::ClientSendCb, this, id));
    m_byTuple[Key(client, uint16_t(c.port), c.dest)] = id;
    s->Connect(InetSocketAddress(m_serverAddr[client], FIRST_SERVER_PORT + c.dest));
}

void
BusyRun::SendSome(Conn& c, bool server)
{
    Ptr<Socket> s = server ? c.ss : c.cs;
    uint32_t& left = server ? c.toSendServer : c.toSendClient;
    while (left > 0 && s)
    {
        uint32_t n = std::min(left, s->GetTxAvailable());
        if (n == 0 || s->Send(Create<Packet>(n)) < 0)
        {
            return;
        }
        left -= n;
    }
    if (server && left == 0 && m_p.strategy == "server-close")
    {
        c.ss->Close(); // after the response: FIN follows the data
    }
}

void
BusyRun::ClientSend(uint64_t id, Ptr<Socket>, uint32_t)
{
    if (Conn* c = Find(id); c && c->toSendClient > 0 && c->clientEst)
    {
        SendSome(*c, false);
    }
}

void
BusyRun::ServerSend(uint64_t id, Ptr<Socket>, uint32_t)
{
    if (Conn* c = Find(id); c && c->toSendServer > 0 && c->rxServer >= m_p.requestBytes)
    {
        SendSome(*c, true);
    }
}

void
BusyRun::OnAccept(Ptr<Socket> socket, const Address& from)
{
    InetSocketAddress peer = InetSocketAddress::ConvertFrom(from);
    Address local;
    socket->GetSockName(local);
    uint16_t localPort = InetSocketAddress::ConvertFrom(local).GetPort();
    auto client = m_clientOf.find(peer.GetIpv4().Get());
    auto it =
        client == m_clientOf.end()
            ? m_byTuple.end()
            : m_byTuple.find(
                  Key(client->second, peer.GetPort(), uint32_t(localPort - FIRST_SERVER_PORT)));
    if (it == m_byTuple.end())
    {
        // the client's end is already over (it gave up): nobody reads this one
        DynamicCast<TcpTeardownSocket>(socket)->Abort();
        return;
    }
    uint64_t id = it->second;
    m_byTuple.erase(it);
    Conn& c = m_conns[id];
    c.ss = socket;
    c.accepted = true;
    DynamicCast<TcpTeardownSocket>(socket)->SetTimeWaitTag(id);
    c.serverEst = true;
    ++m_est[m_p.clients];
    socket->TraceConnectWithoutContext("State",
                                       MakeBoundCallback(&BusyRun::ServerStateCb, this, id));
    socket->SetRecvCallback(MakeBoundCallback(&BusyRun::ServerRecvCb, this, id));
    socket->SetSendCallback(MakeBoundCallback(&BusyRun::ServerSendCb, this, id));
    ServerRecv(id, socket); // the request may have come with the handshake's ACK
}

void
BusyRun::ServerRecv(uint64_t id, Ptr<Socket> socket)
{
    Conn* c = Find(id);
    Ptr<Packet> p;
    while ((p = socket->Recv()))
    {
        if (c)
        {
            c->rxServer += p->GetSize();
        }
    }
    if (c && c->rxServer >= m_p.requestBytes && c->toSendServer > 0)
    {
        SendSome(*c, true);
    }
}

void
BusyRun::ClientRecv(uint64_t id, Ptr<Socket> socket)
{
    Conn* c = Find(id);
    Ptr<Packet> p;
    while ((p = socket->Recv()))
    {
        if (c)
        {
            c->rxClient += p->GetSize();
        }
    }
    if (!c || c->responded >= 0 || c->rxClient < m_p.responseBytes)
    {
        return;
    }
    c->responded = Now();
    ++m_completed[c->client];
    if (InWindow())
    {
        ++m_winCompleted;
    }
    if (m_p.strategy == "client-close" || m_p.strategy == "tw-reuse")
    {
        c->cs->Close();
        AppDone(*c);
    }
    else if (m_p.strategy == "abortive")
    {
        // SO_LINGER 0 once the whole response is in: nothing is lost, no TIME_WAIT
        Simulator::ScheduleNow(&TcpTeardownSocket::Abort, DynamicCast<TcpTeardownSocket>(c->cs));
        AppDone(*c);
    }
}

void
BusyRun::AppDone(Conn& c)
{
    if (c.appDone)
    {
        return;
    }
    c.appDone = true;
    if (m_p.ClosedLoop())
    {
        bool failed = c.responded < 0;
        Simulator::Schedule(failed ? Seconds(m_p.retryDelayS) : Seconds(0),
                            &BusyRun::Retry,
                            this,
                            c.client);
    }
}

void
BusyRun::TimeWaitBegin(Conn& c, char at)
{
    c.twAt = at;
    c.twStart = Now();
    uint32_t node = at == 'S' ? m_p.clients : c.client;
    ++m_tw[node];
    (at == 'S' ? m_twServer : m_twClients).Add(Now(), +1);
    if (InWindow())
    {
        ++m_winTwEntries;
    }
}

void
BusyRun::TimeWaitEnd(Conn& c, const std::string& reason)
{
    if (c.twStart < 0 || c.twEnd >= 0)
    {
        return;
    }
    c.twEnd = Now();
    c.twEndReason = reason;
    uint32_t node = c.twAt == 'S' ? m_p.clients : c.client;
    --m_tw[node];
    (c.twAt == 'S' ? m_twServer : m_twClients).Add(Now(), -1);
}

void
BusyRun::ClientState(uint64_t id, State from, State to)
{
    Conn* c = Find(id);
    if (!c)
    {
        return;
    }
    if (from == TcpSocket::ESTABLISHED && c->clientEst)
    {
        c->clientEst = false;
        --m_est[c->client];
    }
    switch (to)
    {
    case TcpSocket::ESTABLISHED:
        c->established = Now();
        c->clientEst = true;
        ++m_est[c->client];
        SendSome(*c, false);
        break;
    case TcpSocket::CLOSE_WAIT: // the server closed first: close once the socket is done
        Simulator::ScheduleNow(&Socket::Close, c->cs);
        AppDone(*c);
        break;
    case TcpSocket::TIME_WAIT:
        TimeWaitBegin(*c, 'C');
        if (m_compact)
        {
            if (m_p.strategy == "tw-reuse")
            {
                m_clientTw[c->client][m_p.portModel == "ns3" ? 0 : c->dest].push_back(id);
            }
            TimeWaitHandOff(id, false);
        }
        break;
    case TcpSocket::CLOSED: {
        if (from == TcpSocket::TIME_WAIT)
        {
            auto t = DynamicCast<TcpTeardownSocket>(c->cs);
            TimeWaitEnd(*c, t && t->IsTimeWaitCut() ? "rst" : "expired");
        }
        ReleaseClient(*c);
        break;
    }
    default:
        break;
    }
}

void
BusyRun::ReleaseClient(Conn& c)
{
    if (c.clientOver >= 0)
    {
        return;
    }
    c.clientOver = Now();
    HandOff(c.id, false); // a closed socket is not kept for the rest of the connection
    m_byTuple.erase(Key(c.client, uint16_t(c.port), c.dest));
    if (c.portOpen)
    {
        m_ports[c.client].EndpointReleased(uint16_t(c.port));
        c.portOpen = false;
    }
    m_ports[c.client].Release(c.dest, uint16_t(c.port));
    if (c.responded < 0)
    {
        ++m_failed[c.client];
        if (InWindow())
        {
            ++m_winFailed;
        }
    }
    AppDone(c);
    Simulator::ScheduleNow(&BusyRun::MaybeFinish, this, c.id);
}

void
BusyRun::HandOff(uint64_t id, bool server)
{
    // Drop our socket once its trace callback has returned: when it closed,
    // or when it entered TIME_WAIT and handed it to the node's TCP as a
    // record (the record's end then comes back through RecordEnd).
    Simulator::ScheduleNow([this, id, server]() {
        if (Conn* c = Find(id))
        {
            (server ? c->ss : c->cs) = nullptr;
        }
    });
}

void
BusyRun::TimeWaitHandOff(uint64_t id, bool server)
{
    // Once the trace has returned, the socket has handed its TIME_WAIT to
    // the node's TCP as a record, or kept it (cases the record does not
    // carry, doc/compact-time-wait.md): then its CLOSED ends it as usual.
    Simulator::ScheduleNow([this, id, server]() {
        Conn* c = Find(id);
        if (!c)
        {
            return;
        }
        Ptr<Socket>& socket = server ? c->ss : c->cs;
        auto t = DynamicCast<TcpTeardownSocket>(socket);
        if (!t || !t->IsTimeWaitCompact())
        {
            return;
        }
        if (!server)
        {
            m_ports[c->client].EndpointReleased(uint16_t(c->port));
            c->portOpen = false;
        }
        socket = nullptr; // freed; the record's end comes through RecordEnd
    });
}

void
BusyRun::RecordEnd(bool server, const TcpTeardownL4Protocol::TimeWaitEnd& end)
{
    Conn* c = Find(end.tag);
    if (!c)
    {
        return;
    }
    static const char* reasons[] = {"expired", "rst", "reopened", "reused"};
    TimeWaitEnd(*c, reasons[end.reason]);
    if (server)
    {
        c->serverOver = Now();
        Simulator::ScheduleNow(&BusyRun::MaybeFinish, this, c->id);
    }
    else
    {
        ReleaseClient(*c);
    }
}

int
BusyRun::TakePort(uint32_t client, uint32_t dest)
{
    int port = m_ports[client].Take(dest);
    if (port >= 0 || m_p.strategy != "tw-reuse")
    {
        return port;
    }
    // Linux's tcp_tw_reuse: take over the oldest TIME_WAIT of this client
    // (for this destination under the linux model) if it began >= 1 s ago
    auto& queue = m_clientTw[client][m_p.portModel == "ns3" ? 0 : dest];
    while (!queue.empty())
    {
        Conn* old = Find(queue.front());
        if (!old || old->twEnd >= 0)
        {
            queue.pop_front(); // over already
            continue;
        }
        Ptr<TcpTeardownL4Protocol> tcp = m_clients.Get(client)->GetObject<TcpTeardownL4Protocol>();
        if (!tcp->ReuseTimeWait(m_clientAddr[client],
                                uint16_t(old->port),
                                m_serverAddr[client],
                                FIRST_SERVER_PORT + old->dest,
                                Seconds(1)))
        {
            return -1; // the oldest is younger than 1 s
        }
        queue.pop_front();
        ++m_reused; // RecordEnd released its port
        return m_ports[client].Take(dest);
    }
    return -1;
}

void
BusyRun::ServerState(uint64_t id, State from, State to)
{
    Conn* c = Find(id);
    if (!c)
    {
        return;
    }
    if (from == TcpSocket::ESTABLISHED && c->serverEst)
    {
        c->serverEst = false;
        --m_est[m_p.clients];
    }
    switch (to)
    {
    case TcpSocket::CLOSE_WAIT: // the client closed first
        if (c->toSendServer == 0)
        {
            Simulator::ScheduleNow(&Socket::Close, c->ss);
        }
        break;
    case TcpSocket::TIME_WAIT:
        TimeWaitBegin(*c, 'S');
        if (m_compact)
        {
            TimeWaitHandOff(id, true);
        }
        break;
    case TcpSocket::CLOSED:
        if (from == TcpSocket::TIME_WAIT)
        {
            auto t = DynamicCast<TcpTeardownSocket>(c->ss);
            TimeWaitEnd(*c, t && t->IsTimeWaitCut() ? "rst" : "expired");
        }
        c->serverOver = Now();
        HandOff(id, true);
        Simulator::ScheduleNow(&BusyRun::MaybeFinish, this, id);
        break;
    default:
        break;
    }
}

std::string
BusyRun::Outcome(const Conn& c) const
{
    if (c.port < 0)
    {
        return "no_port";
    }
    if (c.responded >= 0)
    {
        return "completed";
    }
    if (c.established < 0)
    {
        return c.clientOver >= 0 ? "connect_failed" : "unfinished";
    }
    return c.clientOver >= 0 ? "reset" : "unfinished";
}

void
BusyRun::MaybeFinish(uint64_t id)
{
    Conn* c = Find(id);
    if (!c || c->clientOver < 0 || (c->accepted && c->serverOver < 0))
    {
        if (!(m_arrivalsOver && m_conns.empty()))
        {
            return;
        }
    }
    else
    {
        WriteRow(*c, Outcome(*c));
        m_conns.erase(id);
    }
    if (m_arrivalsOver && m_conns.empty())
    {
        Simulator::Stop();
    }
}

void
BusyRun::WriteRow(const Conn& c, const std::string& outcome)
{
    ++m_outcomes[outcome];
    if (!m_sink)
    {
        return;
    }
    auto t = [](double v) { return v < 0 ? std::string() : ParamSchema::NumberText(v - T0); };
    BusyScenario::Row row{
        {"connection", std::to_string(c.id)},
        {"client", std::to_string(c.client)},
        {"client_port", c.port < 0 ? std::string() : std::to_string(c.port)},
        {"server_port", std::to_string(FIRST_SERVER_PORT + c.dest)},
        {"outcome", outcome},
        {"start_s", t(c.start)},
        {"established_s", t(c.established)},
        {"response_s", t(c.responded)},
        {"client_over_s", t(c.clientOver)},
        {"server_over_s", t(c.serverOver)},
        {"time_wait_at",
         c.twAt == 'S'   ? "server"
         : c.twAt == 'C' ? "client"
                         : ""},
        {"time_wait_start_s", t(c.twStart)},
        {"time_wait_end_s", t(c.twEnd)},
        {"time_wait_end", c.twEndReason},
    };
    m_sink(row);
}

void
BusyRun::Sample()
{
    double t = Now() - T0;
    for (uint32_t n = 0; n <= m_p.clients; ++n)
    {
        std::string node = n == m_p.clients ? "server" : "client" + std::to_string(n);
        m_out.series.push_back({t, node, "time_wait", double(m_tw[n])});
        m_out.series.push_back({t, node, "established", double(m_est[n])});
        if (n < m_p.clients)
        {
            m_out.series.push_back({t, node, "failed_connects", double(m_failed[n])});
            m_out.series.push_back({t, node, "completed", double(m_completed[n])});
        }
    }
    if (!(m_arrivalsOver && m_conns.empty()))
    {
        Simulator::Schedule(Seconds(m_p.sampleIntervalS), &BusyRun::Sample, this);
    }
}

BusyOutput
BusyRun::Run()
{
    RngSeedManager::SetRun(m_p.rngRun);
    Build();
    if (m_p.ClosedLoop())
    {
        for (uint32_t i = 0; i < m_p.clients; ++i)
        {
            for (uint32_t k = 0; k < m_p.concurrency; ++k)
            {
                // spread the first connections over one sample period
                Simulator::Schedule(Seconds(T0 + m_pick->GetValue(0, m_p.sampleIntervalS)),
                                    &BusyRun::Retry,
                                    this,
                                    i);
            }
        }
    }
    else
    {
        Simulator::Schedule(Seconds(T0), &BusyRun::Arrive, this);
    }
    Simulator::Schedule(Seconds(T0), &BusyRun::Sample, this);
    // Every connection is over long before this: its handshake, data and
    // close retries plus TIME_WAIT (restarts included) fit in the slack.
    double hardStop = T0 + m_p.durationS + 8 * m_p.TimeWaitS() + 600.0;
    Simulator::Stop(Seconds(hardStop));
    Simulator::Run();
    double now = Now();
    if (m_out.series.empty() || m_out.series.back().timeS < now - T0)
    {
        Sample(); // the state at the end
    }
    for (auto& [id, c] : m_conns)
    {
        WriteRow(c, Outcome(c)); // unfinished at the stop
    }

    Ptr<TcpTeardownSocket> probe = DynamicCast<TcpTeardownSocket>(m_listeners.front());
    double window = m_p.durationS - m_p.WarmupS();
    double meanServer = m_twServer.Mean(now);
    double meanClients = m_twClients.Mean(now);
    auto num = [](double v) { return ParamSchema::NumberText(v); };
    auto& s = m_out.summary;
    for (const auto& e : BusyParams::Table())
    {
        s.emplace_back(e.name, e.get(m_p));
    }
    double twLength = probe->GetTimeWaitLength().GetSeconds();
    DoubleValue msl;
    probe->GetAttribute("MaxSegLifetime", msl);
    s.emplace_back("effective_msl_s", num(msl.Get()));
    s.emplace_back("effective_time_wait_s", num(twLength));
    // memory per TIME_WAIT: a compact record (with its share of the table's
    // containers) when the server's stack really holds records; a full
    // socket otherwise (about 20 KB, measured by tcp-teardown-busy-bench)
    BooleanValue compact;
    probe->GetAttribute("CompactTimeWait", compact);
    bool records = compact.Get() && DynamicCast<TcpTeardownL4Protocol>(
                                        probe->GetNode()->GetObject<TcpL4Protocol>()) != nullptr;
    s.emplace_back("effective_compact_time_wait", records ? "yes" : "no");
    s.emplace_back("time_wait_record_bytes",
                   records ? std::to_string(TcpTeardownL4Protocol::GetTimeWaitRecordBytes()) : "");
    s.emplace_back("effective_ports", std::to_string(m_p.PortCount()));
    s.emplace_back("first_port", std::to_string(m_p.FirstPort()));
    s.emplace_back("window_s", num(window));
    s.emplace_back("arrivals", std::to_string(m_arrivals));
    for (const char* o : {"completed", "no_port", "connect_failed", "reset", "unfinished"})
    {
        s.emplace_back(o, std::to_string(m_outcomes[o]));
    }
    s.emplace_back("arrivals_per_s", num(m_winArrivals / window));
    s.emplace_back("completed_per_s", num(m_winCompleted / window));
    s.emplace_back("failed_per_s", num(m_winFailed / window));
    s.emplace_back("time_wait_entries_per_s", num(m_winTwEntries / window));
    s.emplace_back("mean_time_wait_server", num(meanServer));
    s.emplace_back("mean_time_wait_clients", num(meanClients));
    s.emplace_back("max_time_wait_server", std::to_string(m_twServer.max));
    s.emplace_back("max_time_wait_clients", std::to_string(m_twClients.max));
    // Little's law: TIME_WAITs begin at the rate of arrivals into it and each
    // lasts the TIME_WAIT length (no restarts without loss)
    s.emplace_back("littles_law_time_wait", num(m_winTwEntries / window * twLength));
    s.emplace_back("time_wait_reused", std::to_string(m_reused));
    s.emplace_back("end_s", num(now - T0));
    Simulator::Destroy();
    return std::move(m_out);
}

} // namespace

BusyScenario::BusyScenario(const BusyParams& params)
    : m_params(params)
{
}

void
BusyScenario::SetConnectionSink(std::function<void(const Row&)> sink)
{
    m_sink = std::move(sink);
}

BusyOutput
BusyScenario::Run()
{
    m_params.Validate();
    auto run = std::make_unique<BusyRun>(m_params, m_sink);
    return run->Run();
}

} // namespace ns3
