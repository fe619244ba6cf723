/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-teardown-isn-source.h"

#include "sip-hash.h"

#include "ns3/integer.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"

#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownIsnSource");

NS_OBJECT_ENSURE_REGISTERED(TcpTeardownIsnSource);

TypeId
TcpTeardownIsnSource::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TcpTeardownIsnSource")
                            .SetParent<Object>()
                            .SetGroupName("TcpTeardown")
                            .AddConstructor<TcpTeardownIsnSource>();
    return tid;
}

Ptr<TcpTeardownIsnSource>
TcpTeardownIsnSource::Of(Ptr<Node> node)
{
    NS_ASSERT(node);
    Ptr<TcpTeardownIsnSource> source = node->GetObject<TcpTeardownIsnSource>();
    if (!source)
    {
        source = CreateObject<TcpTeardownIsnSource>();
        source->m_nodeId = node->GetId();
        node->AggregateObject(source);
    }
    return source;
}

uint32_t
TcpTeardownIsnSource::Clock(Time now)
{
    // 4 us = 4000 ns; the cast to 32 bits is the modulo 2^32
    return static_cast<uint32_t>(static_cast<uint64_t>(now.GetNanoSeconds() / 4000));
}

Ptr<UniformRandomVariable>
TcpTeardownIsnSource::MakeStream(int64_t offset) const
{
    // the stream given at construction: no automatic stream index is taken
    int64_t stream = STREAM_BASE + 2 * static_cast<int64_t>(m_nodeId) + offset;
    return CreateObjectWithAttributes<UniformRandomVariable>("Stream", IntegerValue(stream));
}

uint32_t
TcpTeardownIsnSource::Offset(const std::vector<uint8_t>& fourTuple)
{
    if (!m_haveKey)
    {
        Ptr<UniformRandomVariable> draws = MakeStream(0);
        for (size_t i = 0; i < m_key.size(); i += 4)
        {
            uint32_t word = draws->GetInteger(0, std::numeric_limits<uint32_t>::max());
            for (size_t b = 0; b < 4; ++b)
            {
                m_key[i + b] = static_cast<uint8_t>(word >> (8 * b));
            }
        }
        m_haveKey = true;
    }
    return static_cast<uint32_t>(SipHash24(m_key, fourTuple.data(), fourTuple.size()));
}

uint32_t
TcpTeardownIsnSource::Rfc6528(const std::vector<uint8_t>& fourTuple, Time now)
{
    return Clock(now) + Offset(fourTuple); // unsigned: modulo 2^32
}

uint32_t
TcpTeardownIsnSource::Random()
{
    if (!m_random)
    {
        m_random = MakeStream(1);
    }
    return m_random->GetInteger(0, std::numeric_limits<uint32_t>::max());
}

void
TcpTeardownIsnSource::DoDispose()
{
    m_random = nullptr;
    Object::DoDispose();
}

} // namespace ns3
