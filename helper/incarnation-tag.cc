/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "incarnation-tag.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(IncarnationTag);

TypeId
IncarnationTag::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TcpTeardownIncarnationTag")
                            .SetParent<Tag>()
                            .SetGroupName("TcpTeardown")
                            .AddConstructor<IncarnationTag>();
    return tid;
}

TypeId
IncarnationTag::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
IncarnationTag::GetSerializedSize() const
{
    return 4;
}

void
IncarnationTag::Serialize(TagBuffer i) const
{
    i.WriteU32(incarnation);
}

void
IncarnationTag::Deserialize(TagBuffer i)
{
    incarnation = i.ReadU32();
}

void
IncarnationTag::Print(std::ostream& os) const
{
    os << "incarnation=" << incarnation;
}

void
IncarnationTag::Mark(Ptr<Packet> packet, uint32_t incarnation)
{
    IncarnationTag tag;
    tag.incarnation = incarnation;
    packet->AddByteTag(tag);
}

uint64_t
IncarnationTag::ForeignBytes(Ptr<const Packet> packet, uint32_t incarnation)
{
    uint64_t foreign = 0;
    ByteTagIterator it = packet->GetByteTagIterator();
    while (it.HasNext())
    {
        ByteTagIterator::Item item = it.Next();
        if (item.GetTypeId() != GetTypeId())
        {
            continue;
        }
        IncarnationTag tag;
        item.GetTag(tag);
        if (tag.incarnation != incarnation)
        {
            foreign += item.GetEnd() - item.GetStart();
        }
    }
    return foreign;
}

} // namespace ns3
