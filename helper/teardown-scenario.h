/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_SCENARIO_H
#define TCP_TEARDOWN_SCENARIO_H

#include "run-result.h"
#include "teardown-params.h"

#include "ns3/close-recorder.h"
#include "ns3/ipv4-interface-container.h"
#include "ns3/ipv6-interface-container.h"
#include "ns3/loss-plan.h"
#include "ns3/node-container.h"
#include "ns3/socket.h"

#include <functional>
#include <string>
#include <vector>

namespace ns3
{

class ClosingServer;

/**
 * \ingroup tcp-teardown
 * \brief Everything one run produced.
 */
struct RunOutput
{
    RunResult result;                         //!< the runs.csv row
    std::vector<StateTransition> transitions; //!< when kept
    std::vector<SegmentRecord> segments;      //!< when kept
};

/**
 * \ingroup tcp-teardown
 * \brief The parts of a built scenario, for users who add events of their own.
 */
struct ScenarioParts
{
    NodeContainer nodes;                //!< A (0) and B (1)
    Ipv4InterfaceContainer interfaces;  //!< their addresses (IPv4 runs)
    Ipv6InterfaceContainer interfaces6; //!< their addresses (ipv6=yes)
    Ptr<Socket> socketA;                //!< A's socket
    Ptr<Socket> listenerB;              //!< B's listening socket
    ClosingServer* serverB{nullptr};    //!< B's application (valid during the run)
};

/**
 * \ingroup tcp-teardown
 * \brief One run of the close experiment: two nodes, one lossy link, A closes first.
 *
 * Builds the topology and workload from TeardownParams, runs the simulation
 * to its stop time, and collects the RunResult. Each Run() starts from a
 * clean simulator and ends with Simulator::Destroy(), so runs can follow
 * each other in one process.
 */
class TeardownScenario
{
  public:
    /** \param params the run's parameters (validated by Run) */
    explicit TeardownScenario(const TeardownParams& params);
    /** \param keep keep the state transition log */
    void SetKeepTransitions(bool keep);
    /** \param keep keep the segment log */
    void SetKeepSegments(bool keep);
    /** \param prefix write pcap files with this prefix (empty: none) */
    void SetPcapPrefix(const std::string& prefix);
    /**
     * \param callback called once the scenario is built, before the simulation
     *        runs (e.g. to schedule extra events)
     */
    void SetBuiltCallback(std::function<void(const ScenarioParts&)> callback);
    /**
     * \brief Run it.
     * \param runIndex the run's index in a sweep
     * \return the result row and the logs asked for
     * \throws ParamError for bad parameters
     */
    RunOutput Run(uint64_t runIndex = 0);

    /**
     * \brief The configuration a run of these parameters gets: every attribute
     *        of A's socket and its TCP stack, read back from objects built as
     *        Run() builds them (for meta.json).
     * \param params the parameters (validated)
     * \return "ns3::Type::Attribute" -> value
     * \throws ParamError for bad parameters
     */
    static std::vector<std::pair<std::string, std::string>> ReadConfiguration(
        const TeardownParams& params);

  private:
    TeardownParams m_params;                           //!< parameters
    bool m_keepTransitions{false};                     //!< keep transitions
    bool m_keepSegments{false};                        //!< keep segments
    std::string m_pcapPrefix;                          //!< pcap prefix
    std::function<void(const ScenarioParts&)> m_built; //!< built hook
};

} // namespace ns3

#endif /* TCP_TEARDOWN_SCENARIO_H */
