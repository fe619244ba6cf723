/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_BUSY_SCENARIO_H
#define TCP_TEARDOWN_BUSY_SCENARIO_H

#include "busy-params.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief What a busy-server run produced.
 */
struct BusyOutput
{
    /** The steady-state summary: (column, value), one row per run. */
    std::vector<std::pair<std::string, std::string>> summary;

    /** The time series, long format: time (s), node, metric, value. */
    struct Sample
    {
        double timeS;       //!< sample time (s after the first arrival)
        std::string node;   //!< server, or client<i>
        std::string metric; //!< time_wait, established, failed_connects, completed
        double value;       //!< the value at that time
    };

    std::vector<Sample> series; //!< every sample
};

/**
 * \ingroup tcp-teardown
 * \brief Scenario busy-server: M client nodes, one server, many connections.
 *
 * Each client node has its own point-to-point link to the server (delay,
 * rate, random loss per direction). Connections arrive as a Poisson process
 * of rate lambda over all clients (each arrival picks a client at random), or
 * as a closed loop of `concurrency` connections per client. A connection
 * sends requestBytes, the server answers responseBytes, and the strategy
 * decides who closes first (and so where TIME_WAIT lives). Every socket is a
 * TcpTeardownSocket (RFC 9293 close, TIME_WAIT = 2 MSL).
 *
 * The client binds each connection to a port of its BusyPorts; a connect that
 * finds none fails and is counted. TIME_WAIT occupancy is integrated exactly
 * over the steady-state window [warmup, duration]; the summary compares its
 * mean with Little's law (lambda x 2 MSL).
 */
class BusyScenario
{
  public:
    /** One connection's row: (column, value) in a fixed order. */
    using Row = std::vector<std::pair<std::string, std::string>>;
    /** \param params the run's parameters (validated by Run) */
    explicit BusyScenario(const BusyParams& params);
    /** \param sink called with each connection's row when it is over */
    void SetConnectionSink(std::function<void(const Row&)> sink);
    /**
     * \brief Run it (a clean simulator; Simulator::Destroy at the end).
     * \return the summary and the time series
     * \throws ParamError for bad parameters
     */
    BusyOutput Run();

  private:
    BusyParams m_params;                    //!< parameters
    std::function<void(const Row&)> m_sink; //!< connection rows
};

} // namespace ns3

#endif
