/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_SCENARIO_H
#define TCP_TEARDOWN_SCENARIO_H

#include "run-result.h"
#include "teardown-params.h"

#include "ns3/close-recorder.h"
#include "ns3/loss-plan.h"

#include <string>
#include <vector>

namespace ns3
{

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
     * \brief Run it.
     * \param runIndex the run's index in a sweep
     * \return the result row and the logs asked for
     * \throws ParamError for bad parameters
     */
    RunOutput Run(uint64_t runIndex = 0);

  private:
    TeardownParams m_params;        //!< parameters
    bool m_keepTransitions{false};  //!< keep transitions
    bool m_keepSegments{false};     //!< keep segments
    std::string m_pcapPrefix;       //!< pcap prefix
};

} // namespace ns3

#endif /* TCP_TEARDOWN_SCENARIO_H */
