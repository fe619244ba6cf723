/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpTeardownL4Protocol's compact TIME_WAIT table at scale: N = 10,000
 * connections closed actively on one node, all in TIME_WAIT at once. Every
 * record ends exactly 2 MSL after its socket entered TIME_WAIT (arithmetic
 * here, from the sockets' state traces), a FIN for a record is acknowledged
 * with <SEQ=SND.NXT><ACK=RCV.NXT> and restarts its timer, ReuseTimeWait
 * respects its minimum age, and GetTimeWaitCount follows the count kept
 * here. (That single connections give the same results with and without
 * the table is test/cli/compact-time-wait.sh and the close-rules suite's
 * "compact TIME_WAIT" stack.)
 */

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/tcp-teardown-compat.h"
#include "ns3/tcp-teardown-l4-protocol.h"
#include "ns3/tcp-teardown-socket.h"

#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

const uint32_t N = 10000;
const double MSL = 5.0;      // TIME_WAIT = 10 s
const double START = 1.0;    // first connect
const double SPACING = 5e-4; // between connects: all N in TIME_WAIT at once
const uint16_t SERVER_PORT = 9;

/** Resident set size of this process in kB (0 where /proc is missing). */
uint64_t
RssKb()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
    {
        if (line.rfind("VmRSS:", 0) == 0)
        {
            return std::stoull(line.substr(6));
        }
    }
    return 0;
}

/** What the test sees of connection i. */
struct Seen
{
    Time entry{Seconds(-1)};         //!< entered TIME_WAIT (state trace)
    Time end{Seconds(-1)};           //!< TIME_WAIT ended (state trace or end callback)
    int reason{-1};                  //!< end callback's reason (-1: the socket saw the end)
    Time callbackStart{Seconds(-1)}; //!< end callback's start
    uint32_t callbackRestarts{0};    //!< end callback's restarts
    TcpHeader lastTx;                //!< the last segment A sent
    Time lastTxAt{Seconds(-1)};      //!< when
};

class CompactTimeWaitTableTestCase : public TestCase
{
  public:
    CompactTimeWaitTableTestCase()
        : TestCase("10,000 compact TIME_WAIT records: expiry, FIN re-ACK, reuse, count")
    {
    }

  private:
    void DoRun() override;
};

void
CompactTimeWaitTableTestCase::DoRun()
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    link.SetChannelAttribute("Delay", StringValue("1ms"));
    link.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", StringValue("100000p"));
    NetDeviceContainer devices = link.Install(nodes);
    InternetStackHelper internet;
    CompatInstallInternet(internet, nodes, "ns3::TcpTeardownL4Protocol");
    Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer interfaces = addresses.Assign(devices);
    Ipv4Address addrA = interfaces.GetAddress(0);
    Ipv4Address addrB = interfaces.GetAddress(1);
    InetSocketAddress server(addrB, SERVER_PORT);

    Ptr<TcpTeardownL4Protocol> tcpA = nodes.Get(0)->GetObject<TcpTeardownL4Protocol>();
    Ptr<TcpL4Protocol> tcpB = nodes.Get(1)->GetObject<TcpL4Protocol>();
    NS_TEST_ASSERT_MSG_NE(tcpA, nullptr, "CompatInstallInternet installs TcpTeardownL4Protocol");
    NS_TEST_ASSERT_MSG_NE(nodes.Get(0)->GetObject<TcpL4Protocol>(),
                          nullptr,
                          "GetObject<TcpL4Protocol>() finds it");

    auto make = [](Ptr<Node> node, Ptr<TcpL4Protocol> tcp) {
        Ptr<TcpTeardownSocket> s = CreateObject<TcpTeardownSocket>();
        s->SetNode(node);
        s->SetTcp(tcp);
        s->SetRtt(CreateObject<RttMeanDeviation>());
        s->SetCongestionControlAlgorithm(CreateObject<TcpNewReno>());
        s->SetRecoveryAlgorithm(CreateObject<TcpClassicRecovery>());
        s->SetAttribute("MaxSegLifetime", DoubleValue(MSL));
        tcp->AddSocket(s);
        return s;
    };

    // B: a listener; each accepted connection closes when A's FIN arrives
    Ptr<TcpTeardownSocket> listener = make(nodes.Get(1), tcpB);
    listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), SERVER_PORT));
    listener->Listen();
    listener->SetAcceptCallback(
        MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
        CompatCallback<Ptr<Socket>, const Address&>([](Ptr<Socket> s, const Address&) {
            s->SetCloseCallbacks(CompatCallback<Ptr<Socket>>([](Ptr<Socket> b) { b->Close(); }),
                                 MakeNullCallback<void, Ptr<Socket>>());
        }));

    // A: N connections, each closed as soon as it is established; the even
    // ones are kept by the test (the table reports to the socket), the odd
    // ones dropped once in TIME_WAIT (the table reports to the callback)
    auto seen = std::make_shared<std::vector<Seen>>(N);
    auto sockets = std::make_shared<std::vector<Ptr<TcpTeardownSocket>>>(N);
    std::map<uint16_t, uint32_t> byPort;
    tcpA->SetTimeWaitEndCallback(CompatCallback<const TcpTeardownL4Protocol::TimeWaitEnd&>(
        [seen](const TcpTeardownL4Protocol::TimeWaitEnd& e) {
            Seen& s = (*seen)[e.tag];
            s.end = Simulator::Now();
            s.reason = e.reason;
            s.callbackStart = e.start;
            s.callbackRestarts = e.restarts;
        }));
    for (uint32_t i = 0; i < N; ++i)
    {
        Ptr<TcpTeardownSocket> s = make(nodes.Get(0), tcpA);
        s->SetAttribute("CompactTimeWait", BooleanValue(true));
        s->SetTimeWaitTag(i);
        if (i == 0)
        {
            // B's stack answers A's ACK of the injected FIN with RST (B's
            // connection is closed): RFC 1337 keeps connection 0 in TIME_WAIT
            s->SetAttribute("IgnoreRstInTimeWait", BooleanValue(true));
        }
        (*sockets)[i] = s;
        s->TraceConnectWithoutContext(
            "State",
            CompatCallback<TcpSocket::TcpStates_t, TcpSocket::TcpStates_t>(
                [seen, sockets, i](TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to) {
                    if (to == TcpSocket::TIME_WAIT)
                    {
                        (*seen)[i].entry = Simulator::Now();
                        if (i % 2 == 1)
                        {
                            CompatSchedule(Seconds(0), [sockets, i]() { (*sockets)[i] = nullptr; });
                        }
                    }
                    if (from == TcpSocket::TIME_WAIT && to == TcpSocket::CLOSED)
                    {
                        (*seen)[i].end = Simulator::Now();
                    }
                }));
        s->TraceConnectWithoutContext(
            "Tx",
            CompatCallback<Ptr<const Packet>, const TcpHeader&, Ptr<const TcpSocketBase>>(
                [seen, i](Ptr<const Packet>, const TcpHeader& h, Ptr<const TcpSocketBase>) {
                    (*seen)[i].lastTx = h;
                    (*seen)[i].lastTxAt = Simulator::Now();
                }));
        s->SetConnectCallback(CompatCallback<Ptr<Socket>>([](Ptr<Socket> a) { a->Close(); }),
                              MakeNullCallback<void, Ptr<Socket>>());
        CompatSchedule(Seconds(START + i * SPACING), [s, server]() {
            s->Bind();
            s->Connect(server);
        });
    }

    // The count, sampled against the one kept here from the traces
    auto samples = std::make_shared<std::vector<std::pair<Time, uint32_t>>>();
    for (double t = 0.1234567; t < 30.0; t += 0.25)
    {
        CompatSchedule(Seconds(t), [samples, tcpA]() {
            samples->emplace_back(Simulator::Now(), tcpA->GetTimeWaitCount());
        });
    }
    // peak: all N in TIME_WAIT (the last entered about START + N x SPACING)
    double peakAt = START + N * SPACING + 0.5;
    uint32_t peakCount = 0;
    CompatSchedule(Seconds(peakAt), [&]() { peakCount = tcpA->GetTimeWaitCount(); });

    // connection 0 (kept): a retransmission of B's FIN 1 s into TIME_WAIT
    const uint32_t FIN_ONE = 0;
    auto finInjected = std::make_shared<Time>(Seconds(-1));
    TcpHeader ackBefore; // A's final ACK, before the FIN
    CompatSchedule(Seconds(START + 1.0), [&, seen, finInjected]() {
        const Seen& s = (*seen)[FIN_ONE];
        ackBefore = s.lastTx;
        TcpHeader fin;
        fin.SetFlags(TcpHeader::FIN | TcpHeader::ACK);
        fin.SetSequenceNumber(s.lastTx.GetAckNumber() - 1); // B's FIN, at RCV.NXT - 1
        fin.SetAckNumber(s.lastTx.GetSequenceNumber());     // SND.NXT of A
        fin.SetSourcePort(SERVER_PORT);
        fin.SetDestinationPort(s.lastTx.GetSourcePort());
        fin.SetWindowSize(1000);
        Ptr<TcpOptionTS> ts = CreateObject<TcpOptionTS>(); // timestamps are on (ns-3's default)
        ts->SetTimestamp(TcpOptionTS::NowToTsValue());
        ts->SetEcho(0);
        fin.AppendOption(ts);
        *finInjected = Simulator::Now();
        tcpB->SendPacket(Create<Packet>(), fin, addrB, addrA);
    });

    // ReuseTimeWait: connection 2 (kept) and 3 (dropped), 3 s into TIME_WAIT
    bool tooYoung = true;
    bool reusedKept = false;
    bool reusedDropped = false;
    bool hasBefore = false;
    bool hasAfter = true;
    Time reuseAt;
    CompatSchedule(Seconds(peakAt), [&]() {
        reuseAt = Simulator::Now();
        for (uint32_t i : {2U, 3U})
        {
            const Seen& s = (*seen)[i];
            uint16_t port = s.lastTx.GetSourcePort();
            Time age = Simulator::Now() - s.entry;
            hasBefore = tcpA->HasTimeWait(addrA, port, addrB, SERVER_PORT);
            tooYoung = tooYoung &&
                       !tcpA->ReuseTimeWait(addrA, port, addrB, SERVER_PORT, age + NanoSeconds(1));
            bool reused = tcpA->ReuseTimeWait(addrA, port, addrB, SERVER_PORT, age);
            (i == 2 ? reusedKept : reusedDropped) = reused;
            hasAfter = tcpA->HasTimeWait(addrA, port, addrB, SERVER_PORT);
        }
    });

    Simulator::Stop(Seconds(40));
    Simulator::Run();

    NS_TEST_EXPECT_MSG_EQ(peakCount, N, "all N connections in TIME_WAIT at once");
    NS_TEST_EXPECT_MSG_EQ(tcpA->GetTimeWaitCount(), 0, "every record ended");
    NS_TEST_EXPECT_MSG_EQ(tooYoung, true, "ReuseTimeWait refuses a record younger than minAge");
    NS_TEST_EXPECT_MSG_EQ(reusedKept, true, "ReuseTimeWait takes a record of age minAge (kept)");
    NS_TEST_EXPECT_MSG_EQ(reusedDropped, true, "... and of a dropped socket");
    NS_TEST_EXPECT_MSG_EQ(hasBefore, true, "HasTimeWait before the reuse");
    NS_TEST_EXPECT_MSG_EQ(hasAfter, false, "HasTimeWait after it");

    // FIN re-ACK and restart
    Ptr<TcpTeardownSocket> one = (*sockets)[FIN_ONE];
    const Seen& f = (*seen)[FIN_ONE];
    NS_TEST_EXPECT_MSG_EQ(f.lastTx.GetFlags(), TcpHeader::ACK, "the FIN is answered with an ACK");
    NS_TEST_EXPECT_MSG_EQ(f.lastTx.GetSequenceNumber(),
                          ackBefore.GetSequenceNumber(),
                          "SEQ = SND.NXT");
    NS_TEST_EXPECT_MSG_EQ(f.lastTx.GetAckNumber(), ackBefore.GetAckNumber(), "ACK = RCV.NXT");
    NS_TEST_EXPECT_MSG_EQ(f.lastTx.GetWindowSize(), ackBefore.GetWindowSize(), "same window");
    NS_TEST_EXPECT_MSG_GT(f.lastTxAt, *finInjected, "after the FIN");
    NS_TEST_EXPECT_MSG_EQ(one->GetCounters().timeWaitRestarts, 1, "one restart, counted");
    NS_TEST_EXPECT_MSG_EQ(one->GetCounters().peerFinRx, 2, "B's FIN twice");
    NS_TEST_EXPECT_MSG_EQ(one->GetTimeWaitRstCount(), 1, "B's RST, ignored (RFC 1337)");
    NS_TEST_EXPECT_MSG_EQ(one->IsTimeWaitCut(), false, "not cut");
    NS_TEST_EXPECT_MSG_EQ(f.end, f.lastTxAt + Seconds(2 * MSL), "restarted at the FIN");

    // every other record: exactly 2 MSL after its socket entered TIME_WAIT
    uint32_t wrongEnd = 0;
    uint32_t wrongCallback = 0;
    uint32_t kept = 0;
    uint32_t dropped = 0;
    for (uint32_t i = 0; i < N; ++i)
    {
        const Seen& s = (*seen)[i];
        NS_TEST_ASSERT_MSG_GT(s.entry, Seconds(0), "connection " << i << " entered TIME_WAIT");
        bool reused = i == 2 || i == 3;
        Time expected = reused ? reuseAt : s.entry + Seconds(2 * MSL);
        if (i != FIN_ONE && s.end != expected)
        {
            ++wrongEnd;
        }
        if (i % 2 == 1)
        {
            ++dropped;
            int reason = reused ? TcpTeardownL4Protocol::REUSED : TcpTeardownL4Protocol::EXPIRED;
            if (s.reason != reason || s.callbackStart != s.entry || s.callbackRestarts != 0)
            {
                ++wrongCallback;
            }
        }
        else
        {
            ++kept;
            NS_TEST_EXPECT_MSG_EQ(s.reason, -1, "a kept socket hears the end itself");
            NS_TEST_EXPECT_MSG_EQ(((*sockets)[i]->GetOutcome() == CloseOutcome::ORDERLY),
                                  true,
                                  "orderly");
        }
    }
    NS_TEST_EXPECT_MSG_EQ(wrongEnd, 0, "records ending other than at entry + 2 MSL");
    NS_TEST_EXPECT_MSG_EQ(wrongCallback, 0, "end callbacks with a wrong reason, start or count");

    // the count, against the traces: entered and not yet ended
    uint32_t wrongCount = 0;
    for (const auto& [t, count] : *samples)
    {
        uint32_t expected = 0;
        for (const Seen& s : *seen)
        {
            expected += s.entry <= t && t < s.end ? 1 : 0;
        }
        if (count != expected)
        {
            ++wrongCount;
        }
    }
    NS_TEST_EXPECT_MSG_EQ(wrongCount, 0, "GetTimeWaitCount samples off the traces' count");
    std::cout << "compact TIME_WAIT: " << N << " records, sizeof(TcpTimeWaitRecord) "
              << sizeof(TcpTimeWaitRecord) << " B, estimate per record "
              << TcpTeardownL4Protocol::GetTimeWaitRecordBytes() << " B (" << kept
              << " sockets kept, " << dropped << " dropped); RSS at the end " << RssKb() << " kB"
              << std::endl;
    Simulator::Destroy();
}

class CompactTimeWaitTestSuite : public TestSuite
{
  public:
    CompactTimeWaitTestSuite()
        : TestSuite("tcp-teardown-compact-time-wait", TCP_TEARDOWN_TEST_UNIT)
    {
        AddTestCase(new CompactTimeWaitTableTestCase(), TCP_TEARDOWN_TEST_QUICK);
    }
};

CompactTimeWaitTestSuite g_compactTimeWaitTestSuite;

} // namespace
