/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "teardown-scenario.h"

#include "closing-client.h"
#include "closing-server.h"
#include "effective-config.h"
#include "incarnations.h"
#include "linux-profile.h"
#include "param-schema.h"
#include "segment-tally.h"
#include "teardown-socket-factory.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/tcp-teardown-compat.h"
#include "ns3/tcp-teardown-socket.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownScenario");

namespace
{
const uint16_t SERVER_PORT = 9;

/**
 * \return true when the sockets keep TIME_WAIT as compact records: the
 * parameter, or the attribute's default set on the command line
 * (--ns3::TcpTeardownSocket::CompactTimeWait=true); the nodes then run
 * TcpTeardownL4Protocol
 */
bool
WantsCompactTimeWait(const TeardownParams& p)
{
    if (p.compactTimeWait == "yes")
    {
        return true;
    }
    TypeId::AttributeInformation info;
    TcpTeardownSocket::GetTypeId().LookupAttributeByName("CompactTimeWait", &info);
    auto value = DynamicCast<const BooleanValue>(info.initialValue);
    return value && value->Get();
}

/** Connects the recorder, the loss plan and the two applications. */
struct Wiring
{
    CloseRecorder* recorder;     //!< records both endpoints
    Ptr<LossPlan> plan;          //!< loss on the link
    ClosingServer* server;       //!< B
    ClosingClient* client;       //!< A
    bool simultaneous;           //!< A closes when B does
    uint32_t responseBytes;      //!< B's response
    Time closeCall{Seconds(-1)}; //!< A's close call

    /** B accepted the connection. \param socket B's socket */
    void OnAccept(Ptr<Socket> socket)
    {
        recorder->Attach('B', socket, TcpSocket::ESTABLISHED);
    }

    /** A calls close: random loss limited to the close phase starts. */
    void OnCloseCall()
    {
        closeCall = Simulator::Now();
        plan->SetCloseStarted();
    }

    /** B wrote its response. */
    void OnResponse()
    {
        plan->SetStreamEnd(LinkDirection::B_TO_A, server->GetResponseStart() + responseBytes);
        if (simultaneous)
        {
            client->Close(); // A closes at the instant B does
        }
    }
};

/** Outcome of an endpoint. */
CloseOutcome
OutcomeOf(Ptr<Socket> socket,
          const StateTimeline& timeline,
          bool errorClose,
          uint32_t rstReceived,
          Time closeCall)
{
    if (!socket)
    {
        return CloseOutcome::OPEN;
    }
    if (Ptr<TcpTeardownSocket> ours = DynamicCast<TcpTeardownSocket>(socket))
    {
        return ours->GetOutcome();
    }
    // ns-3's own socket: it reports a RST as a normal close and gives up
    // without leaving its state, so read the outcome off what it did.
    if (errorClose)
    {
        return CloseOutcome::TIMEOUT;
    }
    if (timeline.GetState() == TcpSocket::CLOSED && timeline.GetClosedAt() >= closeCall)
    {
        return rstReceived > 0 ? CloseOutcome::RESET : CloseOutcome::ORDERLY;
    }
    return CloseOutcome::OPEN;
}

/** Fill the per-endpoint metrics. */
void
FillEndpoint(EndpointResult& e,
             const StateTimeline& timeline,
             const DirectionTally& sent,
             const DirectionTally& received,
             Time closeCall)
{
    for (int s = 0; s < StateTimeline::N_STATES; ++s)
    {
        auto state = static_cast<TcpSocket::TcpStates_t>(s);
        e.dwellS[s] = timeline.GetDwell(state).GetSeconds();
        e.entries[s] = timeline.GetEntries(state);
    }
    Time closedAt = timeline.GetClosedAt();
    e.holdTimeS = (!closeCall.IsNegative() && closedAt >= closeCall)
                      ? (closedAt - closeCall).GetSeconds()
                      : -1.0;
    e.finTx = sent.fins;
    e.finRetx = sent.fins > 0 ? sent.fins - 1 : 0;
    e.rstTx = sent.rsts;
    e.rstRx = received.rstsDelivered;
    e.dataRetx = sent.dataRetx;
    e.segmentsTx = sent.segments;
    e.dropped = sent.dropped;
}
} // namespace

TeardownScenario::TeardownScenario(const TeardownParams& params)
    : m_params(params)
{
}

void
TeardownScenario::SetKeepTransitions(bool keep)
{
    m_keepTransitions = keep;
}

void
TeardownScenario::SetKeepSegments(bool keep)
{
    m_keepSegments = keep;
}

void
TeardownScenario::SetPcapPrefix(const std::string& prefix)
{
    m_pcapPrefix = prefix;
}

void
TeardownScenario::SetBuiltCallback(std::function<void(const ScenarioParts&)> callback)
{
    m_built = callback;
}

RunOutput
TeardownScenario::Run(uint64_t runIndex)
{
    const TeardownParams& p = m_params;
    p.Validate();
    CloseVariant variant = p.ResolveVariant();
    RngSeedManager::SetSeed(p.rngSeed);
    RngSeedManager::SetRun(p.rngRun);

    // topology: A (node 0) -- B (node 1)
    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue(p.rate));
    link.SetChannelAttribute("Delay", TimeValue(Seconds(p.delayS)));
    link.SetQueue("ns3::DropTailQueue<Packet>",
                  "MaxSize",
                  QueueSizeValue(QueueSize(QueueSizeUnit::PACKETS, p.queuePackets)));
    NetDeviceContainer devices = link.Install(nodes);
    InternetStackHelper internet;
    // with compact TIME_WAIT records: TcpTeardownL4Protocol holds them
    CompatInstallInternet(internet,
                          nodes,
                          WantsCompactTimeWait(p) ? "ns3::TcpTeardownL4Protocol"
                                                  : "ns3::TcpL4Protocol");
    bool ipv6 = p.ipv6 == "yes";
    Ipv4InterfaceContainer interfaces;
    Ipv6InterfaceContainer interfaces6;
    Address serverAddress;
    Address anyAddress;
    if (ipv6)
    {
        // a point-to-point link needs no neighbour discovery; without DAD the
        // addresses are usable at once, as IPv4's are
        for (uint32_t i = 0; i < nodes.GetN(); ++i)
        {
            nodes.Get(i)->GetObject<Icmpv6L4Protocol>()->SetAttribute("DAD", BooleanValue(false));
        }
        Ipv6AddressHelper addresses(Ipv6Address("2001:db8::"), Ipv6Prefix(64));
        interfaces6 = addresses.Assign(devices);
        serverAddress = Inet6SocketAddress(interfaces6.GetAddress(1, 1), SERVER_PORT);
        anyAddress = Inet6SocketAddress(Ipv6Address::GetAny(), SERVER_PORT);
    }
    else
    {
        Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
        interfaces = addresses.Assign(devices);
        serverAddress = InetSocketAddress(interfaces.GetAddress(1), SERVER_PORT);
        anyAddress = InetSocketAddress(Ipv4Address::GetAny(), SERVER_PORT);
    }

    // loss on receipt, per direction
    Ptr<LossPlan> plan = CreateObject<LossPlan>();
    plan->SetRandomLoss(LinkDirection::A_TO_B, p.lossA2B);
    plan->SetRandomLoss(LinkDirection::B_TO_A, p.lossB2A);
    plan->SetBurstLoss(LinkDirection::A_TO_B, p.lossBurst);
    plan->SetBurstLoss(LinkDirection::B_TO_A, p.lossBurst);
    plan->SetClosePhaseOnly(p.lossScope == "close");
    plan->SetRules(DropRule::ParseList(p.drop));
    plan->SetKeep(LinkDirection::A_TO_B, p.keepA2B);
    plan->SetKeep(LinkDirection::B_TO_A, p.keepB2A);
    plan->SetKeepDelay(KeepDelay::Parse(p.keepDelay, p.lifetimeS));
    plan->SetKeepCopy(p.keepCopy == "yes");
    plan->AssignStreams(0);
    plan->SetLinkTiming(Seconds(p.delayS), DataRate(p.rate).GetBitRate());
    Ptr<TeardownErrorModel> intoB = CreateObject<TeardownErrorModel>();
    intoB->Configure(plan,
                     LinkDirection::A_TO_B,
                     DynamicCast<PointToPointNetDevice>(devices.Get(1)).operator->());
    devices.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(intoB));
    Ptr<TeardownErrorModel> intoA = CreateObject<TeardownErrorModel>();
    intoA->Configure(plan,
                     LinkDirection::B_TO_A,
                     DynamicCast<PointToPointNetDevice>(devices.Get(0)).operator->());
    devices.Get(0)->SetAttribute("ReceiveErrorModel", PointerValue(intoA));
    SegmentTally tally;
    tally.SetKeepLog(m_keepSegments);
    plan->TraceConnectWithoutContext("Segment", MakeCallback(&SegmentTally::Add, &tally));

    CloseRecorder recorder;
    recorder.SetKeepTransitions(m_keepTransitions);

    // B: listens, answers each request, closes; A: connects, sends its
    // request, closes (k times on the same 4-tuple when incarnations > 1)
    Ptr<Socket> listener = MakeTeardownSocket(nodes.Get(1), variant, p);
    Ptr<Socket> socketA = MakeTeardownSocket(nodes.Get(0), variant, p);
    recorder.Attach('A', socketA, TcpSocket::CLOSED);
    Ptr<Node> nodeA = nodes.Get(0);
    Incarnations incarnations(p, variant.simultaneous, listener, socketA, serverAddress, [&]() {
        return MakeTeardownSocket(nodeA, variant, p);
    });
    ClosingServer& server = incarnations.FirstServer();
    ClosingClient& client = incarnations.FirstClient();
    if (p.incarnations > 1)
    {
        plan->SetIncarnationOf(MakeCallback(&Incarnations::IncarnationOf, &incarnations));
    }
    incarnations.WatchLate(intoB, intoA);

    Wiring wiring{&recorder, plan, &server, &client, variant.simultaneous, p.responseBytes};
    server.SetAcceptCallback(MakeCallback(&Wiring::OnAccept, &wiring));
    server.SetResponseCallback(MakeCallback(&Wiring::OnResponse, &wiring));
    client.SetCloseCallback(MakeCallback(&Wiring::OnCloseCall, &wiring));
    incarnations.Listen(anyAddress);
    incarnations.Start(Seconds(p.startS));

    if (!m_pcapPrefix.empty())
    {
        link.EnablePcapAll(m_pcapPrefix, false);
    }

    if (m_built)
    {
        m_built(ScenarioParts{nodes, interfaces, interfaces6, socketA, listener, &server});
    }
    // what runs, read back from the objects (after m_built, which may change them)
    std::map<std::string, std::string> effective = EffectiveConfig::Read(socketA, nodes.Get(0));
    effective["stop_time_s"] = ParamSchema::NumberText(p.StopTime());
    if (ipv6)
    {
        effective["compact_time_wait"] = "no"; // IPv4 records only: the full socket keeps TIME_WAIT
    }
    Simulator::Stop(Seconds(p.StopTime()));
    Simulator::Run();
    recorder.Finish(Simulator::Now());

    // collect
    RunOutput out;
    RunResult& r = out.result;
    r.runIndex = runIndex;
    r.params = p;
    r.effective = std::move(effective);
    r.closeCallS = wiring.closeCall.IsNegative() ? -1.0 : wiring.closeCall.GetSeconds();
    const DirectionTally& a2b = tally.Get(LinkDirection::A_TO_B);
    const DirectionTally& b2a = tally.Get(LinkDirection::B_TO_A);
    const StateTimeline& timelineA = recorder.GetTimeline('A');
    const StateTimeline& timelineB = recorder.GetTimeline('B');
    FillEndpoint(r.a, timelineA, a2b, b2a, wiring.closeCall);
    FillEndpoint(r.b, timelineB, b2a, a2b, wiring.closeCall);
    r.a.endState = timelineA.GetEndState();
    r.b.endState = timelineB.IsStarted() ? timelineB.GetEndState() : TcpSocket::LISTEN;
    r.a.outcome =
        OutcomeOf(socketA, timelineA, client.GotErrorClose(), r.a.rstRx, wiring.closeCall);
    r.b.outcome = OutcomeOf(server.GetSocket(),
                            timelineB,
                            server.GotErrorClose(),
                            r.b.rstRx,
                            wiring.closeCall);
    // An end still open at the stop time whose peer is gone (gave up, was
    // reset, or closed without waiting in LAST_ACK) and that nothing but an
    // arriving segment could move on (no timer, nothing to send) waits for
    // ever: typically FIN_WAIT_2 after a half close, which has no timeout in
    // RFC 9293, when the peer's give-up RST was lost, or when the peer's FIN
    // came beyond a hole that a peer without LAST_ACK never fills. Say so,
    // rather than "open" (a run stopped too early).
    for (auto [e, peer, socket] :
         {std::make_tuple(&r.a, &r.b, socketA), std::make_tuple(&r.b, &r.a, server.GetSocket())})
    {
        Ptr<TcpTeardownSocket> ours = DynamicCast<TcpTeardownSocket>(socket);
        if (ours && e->outcome == CloseOutcome::OPEN && peer->outcome != CloseOutcome::OPEN &&
            peer->outcome != CloseOutcome::STRANDED && ours->IsWaitingIdle())
        {
            e->outcome = CloseOutcome::STRANDED;
        }
    }
    for (auto [e, socket] :
         {std::make_pair(&r.a, socketA), std::make_pair(&r.b, server.GetSocket())})
    {
        if (Ptr<TcpTeardownSocket> ours = DynamicCast<TcpTeardownSocket>(socket))
        {
            e->rstRx = ours->GetCounters().rstRx; // RSTs that reached the socket, not the node
            e->timeWaitCut = ours->IsTimeWaitCut();
            e->timeWaitRemainingS = ours->GetTimeWaitRemaining().GetSeconds();
            e->orphaned = ours->IsOrphaned();
            e->flushedBytes = static_cast<int64_t>(ours->GetFlushedBytes());
            e->unreadDiscardedBytes = static_cast<int64_t>(ours->GetUnreadDiscardedBytes());
        }
    }
    if (r.a.holdTimeS >= 0.0 && r.b.holdTimeS >= 0.0)
    {
        r.closeTimeS = std::max(r.a.holdTimeS, r.b.holdTimeS);
    }

    // bytes of B's response: pending at A's close call = delivered + discarded + lost
    uint64_t before = client.GetBytesBeforeClose();
    uint64_t response = p.responseBytes;
    uint64_t sentOfResponse = 0;
    if (server.ResponseStarted() && b2a.anyData)
    {
        SequenceNumber32 start = server.GetResponseStart();
        SequenceNumber32 end(b2a.dataEnd);
        if (end > start)
        {
            sentOfResponse = std::min<uint64_t>(response, end - start);
        }
    }
    r.pendingAtCloseBytes = response - std::min(response, before);
    r.deliveredBytes = client.GetBytesAfterClose();
    r.discardedBytes = response - sentOfResponse;
    uint64_t accounted = r.deliveredBytes + r.discardedBytes;
    NS_ABORT_MSG_IF(accounted > r.pendingAtCloseBytes,
                    "byte accounting: delivered " << r.deliveredBytes << " + discarded "
                                                  << r.discardedBytes << " > pending "
                                                  << r.pendingAtCloseBytes);
    r.lostBytes = r.pendingAtCloseBytes - accounted;
    r.ruleDrops = plan->GetRuleDrops();
    r.randomDropsA2B = plan->GetRandomDrops(LinkDirection::A_TO_B);
    r.randomDropsB2A = plan->GetRandomDrops(LinkDirection::B_TO_A);
    r.keptA2B = plan->GetKept(LinkDirection::A_TO_B);
    r.keptB2A = plan->GetKept(LinkDirection::B_TO_A);
    r.reuse = incarnations.GetDamage();

    out.transitions = recorder.GetTransitions();
    out.segments = tally.GetLog();
    Simulator::Destroy();
    return out;
}

std::vector<std::pair<std::string, std::string>>
TeardownScenario::ReadConfiguration(const TeardownParams& params)
{
    params.Validate();
    NodeContainer nodes;
    nodes.Create(1);
    InternetStackHelper internet;
    CompatInstallInternet(internet,
                          nodes,
                          WantsCompactTimeWait(params) ? "ns3::TcpTeardownL4Protocol"
                                                       : "ns3::TcpL4Protocol");
    Ptr<Socket> socket = MakeTeardownSocket(nodes.Get(0), params.ResolveVariant(), params);
    auto dump = EffectiveConfig::Dump(socket, nodes.Get(0));
    Simulator::Destroy();
    return dump;
}

} // namespace ns3
