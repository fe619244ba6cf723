/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "busy-ports.h"

#include <cstddef>

namespace ns3
{

BusyPorts::BusyPorts(Model model, uint16_t first, uint32_t count, uint32_t destinations)
    : m_model(model),
      m_free(model == NS3 ? 1 : destinations),
      m_cursor(m_free.size(), first),
      m_open(count, false),
      m_first(first)
{
    for (auto& set : m_free)
    {
        for (uint32_t i = 0; i < count; ++i)
        {
            set.insert(set.end(), static_cast<uint16_t>(first + i));
        }
    }
}

int
BusyPorts::Take(uint32_t destination)
{
    uint32_t k = m_model == NS3 ? 0 : destination;
    std::set<uint16_t>& free = m_free[k];
    if (free.empty())
    {
        return -1;
    }
    auto it = free.lower_bound(static_cast<uint16_t>(m_cursor[k]));
    for (std::size_t tried = 0; tried < free.size(); ++tried)
    {
        if (it == free.end())
        {
            it = free.begin();
        }
        uint16_t port = *it;
        if (m_model == NS3 || !m_open[port - m_first])
        {
            free.erase(it);
            m_open[port - m_first] = true;
            m_cursor[k] = uint32_t(port) + 1;
            return port;
        }
        ++it;
    }
    return -1; // LINUX: every port free for this destination holds an open endpoint
}

void
BusyPorts::EndpointReleased(uint16_t port)
{
    m_open[port - m_first] = false;
}

void
BusyPorts::Release(uint32_t destination, uint16_t port)
{
    m_free[m_model == NS3 ? 0 : destination].insert(port);
}

uint32_t
BusyPorts::FreeFor(uint32_t destination) const
{
    return static_cast<uint32_t>(m_free[m_model == NS3 ? 0 : destination].size());
}

} // namespace ns3
