/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_CLOSE_RECORDER_H
#define TCP_TEARDOWN_CLOSE_RECORDER_H

#include "ns3/nstime.h"
#include "ns3/tcp-socket.h"

#include <array>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief One state change of one endpoint.
 */
struct StateTransition
{
    Time time;                   //!< when
    char endpoint{'A'};          //!< 'A' or 'B'
    TcpSocket::TcpStates_t from; //!< old state
    TcpSocket::TcpStates_t to;   //!< new state
};

/**
 * \ingroup tcp-teardown
 * \brief Per-state dwell time and entry count of one endpoint, from the State trace.
 *
 * A state entered and left within one simulation event (ns-3 passes through
 * some states that way) is counted as entered, with zero dwell time.
 */
class StateTimeline
{
  public:
    /** Number of TCP states (TcpSocket::LAST_STATE). */
    static constexpr int N_STATES = TcpSocket::LAST_STATE;

    /**
     * \brief Start watching.
     * \param state the state the endpoint is in
     * \param now the time
     */
    void Start(TcpSocket::TcpStates_t state, Time now);
    /**
     * \brief The endpoint changed state.
     * \param to new state
     * \param now the time
     */
    void Enter(TcpSocket::TcpStates_t to, Time now);
    /**
     * \brief Close the books at the end of the run.
     * \param now the end time
     */
    void Finish(Time now);

    /** \param state a state \return total time spent in it */
    Time GetDwell(TcpSocket::TcpStates_t state) const;
    /** \param state a state \return how many times it was entered */
    uint32_t GetEntries(TcpSocket::TcpStates_t state) const;
    /** \return the current (or last) state */
    TcpSocket::TcpStates_t GetState() const;
    /**
     * \return the state the connection ended in: the one CLOSED was last
     * entered from, or the current state if the endpoint is not CLOSED
     */
    TcpSocket::TcpStates_t GetEndState() const;
    /** \return true once started */
    bool IsStarted() const;
    /** \return when the endpoint last entered CLOSED after Start, or a negative time */
    Time GetClosedAt() const;

  private:
    bool m_started{false};                                  //!< Start was called
    TcpSocket::TcpStates_t m_state{TcpSocket::CLOSED};      //!< current state
    Time m_since;                                           //!< entered current state at
    Time m_closedAt{Seconds(-1)};                           //!< entered CLOSED at
    TcpSocket::TcpStates_t m_closedFrom{TcpSocket::CLOSED}; //!< state before CLOSED
    std::array<Time, N_STATES> m_dwell{};                   //!< per state
    std::array<uint32_t, N_STATES> m_entries{};             //!< per state
};

/**
 * \ingroup tcp-teardown
 * \brief Records both endpoints' state timelines and the transition log.
 */
class CloseRecorder
{
  public:
    /**
     * \brief Follow a socket's "State" trace.
     * \param endpoint 'A' or 'B'
     * \param socket the socket (any TcpSocketBase)
     * \param state the state it is in now (CLOSED for a new socket,
     *        ESTABLISHED for an accepted one)
     */
    void Attach(char endpoint, Ptr<Socket> socket, TcpSocket::TcpStates_t state);
    /** \param now end of run: closes both timelines */
    void Finish(Time now);
    /** \param endpoint 'A' or 'B' \return its timeline */
    const StateTimeline& GetTimeline(char endpoint) const;
    /** \return every state change, in order */
    const std::vector<StateTransition>& GetTransitions() const;
    /** \param keep false: do not keep the transition log (faster sweeps) */
    void SetKeepTransitions(bool keep);

  private:
    /** State trace sink of A. \param from old state \param to new state */
    void OnStateA(TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to);
    /** State trace sink of B. \param from old state \param to new state */
    void OnStateB(TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to);
    /** Record a change. */
    void OnState(char endpoint, TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to);

    std::array<StateTimeline, 2> m_timelines; //!< A, B
    std::vector<StateTransition> m_log;       //!< transitions
    bool m_keep{true};                        //!< keep m_log
};

/**
 * \ingroup tcp-teardown
 * \param state a TCP state
 * \return its RFC name, e.g. FIN_WAIT_1
 */
std::string TcpStateText(TcpSocket::TcpStates_t state);

} // namespace ns3

#endif /* TCP_TEARDOWN_CLOSE_RECORDER_H */
