/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "segment-tally.h"

#include "ns3/log.h"
#include "ns3/tcp-header.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownSegmentTally");

void
SegmentTally::SetKeepLog(bool keep)
{
    m_keep = keep;
}

void
SegmentTally::Add(const SegmentRecord& segment)
{
    if (m_keep)
    {
        m_log.push_back(segment);
    }
    if (segment.late || segment.incarnation != 1)
    {
        return; // the counts are of the first incarnation's sends
    }
    DirectionTally& t = m_tally[static_cast<int>(segment.direction)];
    ++t.segments;
    if (segment.flags & TcpHeader::FIN)
    {
        ++t.fins;
    }
    if (segment.flags & TcpHeader::RST)
    {
        ++t.rsts;
        if (!segment.dropped)
        {
            ++t.rstsDelivered;
        }
    }
    if (segment.dropped)
    {
        ++t.dropped;
    }
    if (segment.length > 0)
    {
        SequenceNumber32 start(segment.seq);
        SequenceNumber32 end = start + segment.length;
        if (t.anyData && start < SequenceNumber32(t.dataEnd))
        {
            ++t.dataRetx;
        }
        if (!t.anyData || end > SequenceNumber32(t.dataEnd))
        {
            t.dataEnd = end.GetValue();
        }
        t.anyData = true;
    }
}

const DirectionTally&
SegmentTally::Get(LinkDirection direction) const
{
    return m_tally[static_cast<int>(direction)];
}

const std::vector<SegmentRecord>&
SegmentTally::GetLog() const
{
    return m_log;
}

} // namespace ns3
