/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "loss-plan.h"

#include "ns3/ipv4-header.h"
#include "ns3/ipv6-header.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/ppp-header.h"
#include "ns3/simulator.h"
#include "ns3/tag.h"
#include "ns3/tcp-header.h"
#include "ns3/trace-source-accessor.h"

#include <cmath>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownLossPlan");

namespace
{
/** Marks a segment the path kept: when it first arrived, and whether it is a copy. */
class KeptTag : public Tag
{
  public:
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::TcpTeardownKeptTag")
                                .SetParent<Tag>()
                                .SetGroupName("TcpTeardown")
                                .AddConstructor<KeptTag>();
        return tid;
    }

    TypeId GetInstanceTypeId() const override
    {
        return GetTypeId();
    }

    uint32_t GetSerializedSize() const override
    {
        return 9;
    }

    void Serialize(TagBuffer i) const override
    {
        i.WriteU64(static_cast<uint64_t>(firstArrival.GetTimeStep()));
        i.WriteU8(copy ? 1 : 0);
    }

    void Deserialize(TagBuffer i) override
    {
        firstArrival = TimeStep(i.ReadU64());
        copy = i.ReadU8() != 0;
    }

    void Print(std::ostream& os) const override
    {
        os << "first=" << firstArrival << " copy=" << copy;
    }

    Time firstArrival; //!< when the original reached the device
    bool copy{false};  //!< a copy (the original passed)
};
} // namespace

NS_OBJECT_ENSURE_REGISTERED(LossPlan);
NS_OBJECT_ENSURE_REGISTERED(TeardownErrorModel);

TypeId
LossPlan::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TcpTeardownLossPlan")
            .SetParent<Object>()
            .SetGroupName("TcpTeardown")
            .AddConstructor<LossPlan>()
            .AddTraceSource("Segment",
                            "A TCP segment reached the receiving device (dropped or not)",
                            MakeTraceSourceAccessor(&LossPlan::m_segmentTrace),
                            "ns3::LossPlan::SegmentTracedCallback");
    return tid;
}

LossPlan::LossPlan()
{
    m_uniform[0] = CreateObject<UniformRandomVariable>();
    m_uniform[1] = CreateObject<UniformRandomVariable>();
}

void
LossPlan::SetRandomLoss(LinkDirection direction, double probability)
{
    NS_ABORT_MSG_IF(probability < 0.0 || probability > 1.0,
                    "loss probability " << probability << " is outside [0, 1]");
    m_lossRate[static_cast<int>(direction)] = probability;
}

std::string
LossPlan::BurstLengthError(double probability, double meanBurst)
{
    std::ostringstream why;
    if (!(meanBurst >= 1.0) || std::isinf(meanBurst))
    {
        why << "a mean burst length must be a finite number >= 1 (1: independent loss)";
    }
    else if (meanBurst > 1.0 && probability < 1.0 && probability > meanBurst / (meanBurst + 1.0))
    {
        // the mean gap between bursts, b (1 - p) / p, would be below one segment
        why << "loss rate " << probability << " with mean burst length " << meanBurst
            << " would need gaps shorter than one segment (need p <= b / (b + 1))";
    }
    return why.str();
}

void
LossPlan::SetBurstLoss(LinkDirection direction, double meanBurst)
{
    int d = static_cast<int>(direction);
    std::string why = BurstLengthError(m_lossRate[d], meanBurst);
    NS_ABORT_MSG_IF(!why.empty(), why);
    m_meanBurst[d] = meanBurst;
    m_chainStarted[d] = false;
}

double
LossPlan::GetBurstLoss(LinkDirection direction) const
{
    return m_meanBurst[static_cast<int>(direction)];
}

bool
LossPlan::RandomLoss(LinkDirection direction)
{
    int d = static_cast<int>(direction);
    double p = m_lossRate[d];
    double b = m_meanBurst[d];
    if (b <= 1.0 || p >= 1.0)
    {
        return m_uniform[d]->GetValue() < p; // independent loss
    }
    if (!m_chainStarted[d])
    {
        // start in the stationary distribution: Bad with probability p
        m_chainStarted[d] = true;
        m_bad[d] = m_uniform[d]->GetValue() < p;
    }
    else if (m_bad[d])
    {
        m_bad[d] = !(m_uniform[d]->GetValue() < 1.0 / b); // Bad -> Good with 1/b
    }
    else
    {
        m_bad[d] = m_uniform[d]->GetValue() < p / (b * (1.0 - p)); // Good -> Bad with r
    }
    return m_bad[d];
}

void
LossPlan::SetClosePhaseOnly(bool closePhaseOnly)
{
    m_closePhaseOnly = closePhaseOnly;
}

void
LossPlan::SetCloseStarted()
{
    m_closeStarted = true;
}

void
LossPlan::SetRules(const std::vector<DropRule>& rules)
{
    m_rules = rules;
    m_ruleMatches.assign(rules.size(), 0);
    m_ruleDrops.assign(rules.size(), 0);
}

void
LossPlan::SetStreamEnd(LinkDirection direction, SequenceNumber32 end)
{
    m_streamEndKnown[static_cast<int>(direction)] = true;
    m_streamEnd[static_cast<int>(direction)] = end;
}

void
LossPlan::SetLinkTiming(Time delay, uint64_t bitsPerSecond)
{
    m_delay = delay;
    m_bitsPerSecond = bitsPerSecond;
}

int64_t
LossPlan::AssignStreams(int64_t stream)
{
    m_stream = stream;
    m_uniform[0]->SetStream(stream);
    m_uniform[1]->SetStream(stream + 1);
    for (int d = 0; d < 2; ++d)
    {
        if (m_keepDraw[d])
        {
            m_keepDraw[d]->SetStream(stream + 2 + d);
            m_keepTime[d]->SetStream(stream + 4 + d);
        }
    }
    return 6;
}

std::vector<uint32_t>
LossPlan::GetRuleDrops() const
{
    return m_ruleDrops;
}

const std::vector<DropRule>&
LossPlan::GetRules() const
{
    return m_rules;
}

uint32_t
LossPlan::GetRandomDrops(LinkDirection direction) const
{
    return m_randomDrops[static_cast<int>(direction)];
}

bool
LossPlan::IsKind(SegmentKind kind, LinkDirection direction, const SegmentRecord& segment) const
{
    int peer = 1 - static_cast<int>(direction);
    int self = static_cast<int>(direction);
    switch (kind)
    {
    case SegmentKind::ANY:
        return true;
    case SegmentKind::FIN:
        return segment.flags & TcpHeader::FIN;
    case SegmentKind::SYN:
        return segment.flags & TcpHeader::SYN;
    case SegmentKind::RST:
        return segment.flags & TcpHeader::RST;
    case SegmentKind::DATA:
        return segment.length > 0;
    case SegmentKind::LAST_DATA:
        return segment.length > 0 && m_streamEndKnown[self] &&
               SequenceNumber32(segment.seq) + segment.length == m_streamEnd[self];
    case SegmentKind::ACK_OF_FIN: {
        uint8_t control =
            segment.flags & (TcpHeader::FIN | TcpHeader::SYN | TcpHeader::RST | TcpHeader::ACK);
        return control == TcpHeader::ACK && segment.length == 0 && m_finSeen[peer] &&
               SequenceNumber32(segment.ack) == m_finSeq[peer] + 1;
    }
    }
    return false;
}

bool
ReadTcpSegment(Ptr<const Packet> packet, TcpHeader& tcp, uint32_t& payload)
{
    Ptr<Packet> copy = packet->Copy();
    PppHeader ppp;
    copy->RemoveHeader(ppp);
    uint8_t protocol = 0;
    if (ppp.GetProtocol() == 0x0021) // IPv4
    {
        Ipv4Header ip;
        copy->RemoveHeader(ip);
        protocol = ip.GetProtocol();
    }
    else if (ppp.GetProtocol() == 0x0057) // IPv6 (the scenario sends no extension headers)
    {
        Ipv6Header ip;
        copy->RemoveHeader(ip);
        protocol = ip.GetNextHeader();
    }
    if (protocol != 6) // not TCP
    {
        return false;
    }
    copy->RemoveHeader(tcp);
    payload = copy->GetSize();
    return true;
}

bool
LossPlan::Parse(LinkDirection direction, Ptr<const Packet> packet, SegmentRecord& segment) const
{
    TcpHeader tcp;
    uint32_t payload = 0;
    if (!ReadTcpSegment(packet, tcp, payload))
    {
        return false;
    }
    segment.time = Simulator::Now();
    segment.sentTime = segment.time - m_delay;
    if (m_bitsPerSecond > 0)
    {
        segment.sentTime -= NanoSeconds(packet->GetSize() * 8 * 1000000000ULL / m_bitsPerSecond);
    }
    segment.direction = direction;
    segment.flags = tcp.GetFlags();
    segment.seq = tcp.GetSequenceNumber().GetValue();
    segment.ack = tcp.GetAckNumber().GetValue();
    segment.length = payload;
    segment.incarnation = m_incarnationOf.IsNull() ? 1 : m_incarnationOf(packet->GetUid());
    return true;
}

bool
LossPlan::Decide(LinkDirection direction, Ptr<const Packet> packet)
{
    Time holdFor;
    return Fate(direction, packet, holdFor) == SegmentFate::DROP;
}

SegmentFate
LossPlan::Fate(LinkDirection direction, Ptr<const Packet> packet, Time& holdFor)
{
    SegmentRecord segment;
    if (!Parse(direction, packet, segment))
    {
        return SegmentFate::DELIVER;
    }

    int self = static_cast<int>(direction);
    if (segment.flags & TcpHeader::FIN)
    {
        m_finSeen[self] = true;
        m_finSeq[self] = SequenceNumber32(segment.seq) + segment.length;
    }

    for (size_t i = 0; i < m_rules.size(); ++i)
    {
        const DropRule& rule = m_rules[i];
        if (rule.direction != direction || !IsKind(rule.kind, direction, segment))
        {
            continue;
        }
        uint32_t count = ++m_ruleMatches[i];
        if (!segment.dropped && count >= rule.first && count <= rule.last)
        {
            segment.dropped = true;
            segment.cause = rule.text;
            ++m_ruleDrops[i];
        }
    }
    bool randomActive = !m_closePhaseOnly || m_closeStarted;
    if (!segment.dropped && randomActive && m_lossRate[self] > 0.0)
    {
        if (RandomLoss(direction))
        {
            segment.dropped = true;
            segment.cause = "random";
            ++m_randomDrops[self];
        }
    }
    SegmentFate fate = segment.dropped ? SegmentFate::DROP : SegmentFate::DELIVER;
    // a segment that survived may be kept (from the first segment on: old
    // duplicates come from any part of a connection)
    if (fate == SegmentFate::DELIVER && m_keep[self] > 0.0 &&
        m_keepDraw[self]->GetValue() < m_keep[self])
    {
        holdFor = Seconds(m_keepDelay.Draw(m_keepTime[self]->GetValue()));
        ++m_kept[self];
        if (m_keepCopy)
        {
            fate = SegmentFate::DELIVER_AND_COPY;
        }
        else
        {
            fate = SegmentFate::HOLD;
            segment.cause = "kept";
        }
    }
    m_segmentTrace(segment);
    return fate;
}

void
LossPlan::ReportLate(LinkDirection direction,
                     Ptr<const Packet> packet,
                     Time firstArrival,
                     bool copy)
{
    SegmentRecord segment;
    if (!Parse(direction, packet, segment))
    {
        return;
    }
    segment.sentTime -= Simulator::Now() - firstArrival;
    segment.late = true;
    segment.cause = copy ? "copy" : "late";
    m_segmentTrace(segment);
}

void
LossPlan::SetKeep(LinkDirection direction, double probability)
{
    NS_ABORT_MSG_IF(probability < 0.0 || probability > 1.0,
                    "keep probability " << probability << " is outside [0, 1]");
    int d = static_cast<int>(direction);
    m_keep[d] = probability;
    if (probability > 0.0 && !m_keepDraw[d])
    {
        // made only when needed: a random variable takes an automatic stream
        // index when it is made, which would move every later one
        m_keepDraw[d] = CreateObject<UniformRandomVariable>();
        m_keepTime[d] = CreateObject<UniformRandomVariable>();
        m_keepDraw[d]->SetStream(m_stream + 2 + d);
        m_keepTime[d]->SetStream(m_stream + 4 + d);
    }
}

void
LossPlan::SetKeepDelay(const KeepDelay& delay)
{
    m_keepDelay = delay;
}

void
LossPlan::SetKeepCopy(bool copy)
{
    m_keepCopy = copy;
}

void
LossPlan::SetIncarnationOf(Callback<uint32_t, uint64_t> incarnationOf)
{
    m_incarnationOf = incarnationOf;
}

uint32_t
LossPlan::GetKept(LinkDirection direction) const
{
    return m_kept[static_cast<int>(direction)];
}

TypeId
TeardownErrorModel::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TcpTeardownErrorModel")
                            .SetParent<ErrorModel>()
                            .SetGroupName("TcpTeardown")
                            .AddConstructor<TeardownErrorModel>()
                            .AddTraceSource("Late",
                                            "A segment the path kept reaches the device "
                                            "(before and after it is received)",
                                            MakeTraceSourceAccessor(&TeardownErrorModel::m_late),
                                            "ns3::TeardownErrorModel::LateTracedCallback");
    return tid;
}

TeardownErrorModel::TeardownErrorModel()
{
}

void
TeardownErrorModel::Configure(Ptr<LossPlan> plan,
                              LinkDirection direction,
                              PointToPointNetDevice* device)
{
    m_plan = plan;
    m_direction = direction;
    m_device = device;
}

bool
TeardownErrorModel::DoCorrupt(Ptr<Packet> p)
{
    if (!m_plan)
    {
        return false;
    }
    KeptTag kept;
    if (p->PeekPacketTag(kept))
    {
        m_plan->ReportLate(m_direction, p, kept.firstArrival, kept.copy);
        return false; // it passed the loss decision when it first arrived
    }
    Time holdFor;
    SegmentFate fate = m_plan->Fate(m_direction, p, holdFor);
    if ((fate == SegmentFate::HOLD || fate == SegmentFate::DELIVER_AND_COPY) && m_device)
    {
        Ptr<Packet> late = p->Copy();
        kept.firstArrival = Simulator::Now();
        kept.copy = fate == SegmentFate::DELIVER_AND_COPY;
        late->AddPacketTag(kept);
        Simulator::Schedule(holdFor, &TeardownErrorModel::DeliverLate, this, late);
    }
    return fate == SegmentFate::DROP || (fate == SegmentFate::HOLD && m_device);
}

void
TeardownErrorModel::DeliverLate(Ptr<Packet> p)
{
    m_late(m_direction, p, false);
    m_device->Receive(p);
    m_late(m_direction, p, true);
}

void
TeardownErrorModel::DoReset()
{
}

} // namespace ns3
