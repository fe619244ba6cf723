/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "close-recorder.h"

#include "ns3/abort.h"
#include "ns3/callback.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownCloseRecorder");

std::string
TcpStateText(TcpSocket::TcpStates_t state)
{
    return TcpSocket::TcpStateName[state];
}

void
StateTimeline::Start(TcpSocket::TcpStates_t state, Time now)
{
    m_started = true;
    m_state = state;
    m_since = now;
    ++m_entries[state];
}

void
StateTimeline::Enter(TcpSocket::TcpStates_t to, Time now)
{
    m_dwell[m_state] += now - m_since;
    if (to == TcpSocket::CLOSED)
    {
        m_closedFrom = m_state;
    }
    m_state = to;
    m_since = now;
    ++m_entries[to];
    if (to == TcpSocket::CLOSED)
    {
        m_closedAt = now;
    }
}

void
StateTimeline::Finish(Time now)
{
    if (m_started)
    {
        m_dwell[m_state] += now - m_since;
        m_since = now;
    }
}

Time
StateTimeline::GetDwell(TcpSocket::TcpStates_t state) const
{
    return m_dwell[state];
}

uint32_t
StateTimeline::GetEntries(TcpSocket::TcpStates_t state) const
{
    return m_entries[state];
}

TcpSocket::TcpStates_t
StateTimeline::GetState() const
{
    return m_state;
}

TcpSocket::TcpStates_t
StateTimeline::GetEndState() const
{
    return m_state == TcpSocket::CLOSED ? m_closedFrom : m_state;
}

bool
StateTimeline::IsStarted() const
{
    return m_started;
}

Time
StateTimeline::GetClosedAt() const
{
    return m_closedAt;
}

void
CloseRecorder::Attach(char endpoint, Ptr<Socket> socket, TcpSocket::TcpStates_t state)
{
    NS_ABORT_MSG_IF(endpoint != 'A' && endpoint != 'B', "endpoint must be A or B");
    m_timelines[endpoint == 'A' ? 0 : 1].Start(state, Simulator::Now());
    bool ok = socket->TraceConnectWithoutContext(
        "State",
        endpoint == 'A' ? MakeCallback(&CloseRecorder::OnStateA, this)
                        : MakeCallback(&CloseRecorder::OnStateB, this));
    NS_ABORT_MSG_IF(!ok, "socket has no State trace source");
}

void
CloseRecorder::OnStateA(TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to)
{
    OnState('A', from, to);
}

void
CloseRecorder::OnStateB(TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to)
{
    OnState('B', from, to);
}

void
CloseRecorder::OnState(char endpoint, TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to)
{
    Time now = Simulator::Now();
    m_timelines[endpoint == 'A' ? 0 : 1].Enter(to, now);
    if (m_keep)
    {
        m_log.push_back({now, endpoint, from, to});
    }
}

void
CloseRecorder::Finish(Time now)
{
    m_timelines[0].Finish(now);
    m_timelines[1].Finish(now);
}

const StateTimeline&
CloseRecorder::GetTimeline(char endpoint) const
{
    return m_timelines[endpoint == 'A' ? 0 : 1];
}

const std::vector<StateTransition>&
CloseRecorder::GetTransitions() const
{
    return m_log;
}

void
CloseRecorder::SetKeepTransitions(bool keep)
{
    m_keep = keep;
}

} // namespace ns3
