/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_BUSY_PARAMS_H
#define TCP_TEARDOWN_BUSY_PARAMS_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief The parameters of one busy-server run (scenario busy-server).
 *
 * Every field is described once, in BusyParams::Table(): flag, help, range
 * and summary column all come from there; the program, the validation and
 * the output loop over it.
 */
struct BusyParams
{
    std::string strategy{"server-close"}; //!< server-close, client-close, abortive, tw-reuse
    double lambda{500.0};                 //!< Poisson arrival rate (connections/s, all clients)
    uint32_t concurrency{0};              //!< closed loop: connections per client (0: Poisson)
    uint32_t clients{10};                 //!< client nodes M
    uint32_t serverPorts{1};              //!< listening ports of the server
    std::string portModel{"ns3"};         //!< ns3 (port per node) or linux (per 4-tuple)
    uint32_t ports{0};                    //!< ephemeral ports per client (0: the model's range)
    double mslS{2.0};                     //!< MSL (s); TIME_WAIT = 2 MSL
    double durationS{30.0};               //!< arrivals end (s after the first)
    uint64_t connections{0};              //!< at most this many arrivals (0: by duration)
    double warmupS{-1.0};                 //!< steady state starts (s; < 0: 2 MSL + 1 s)
    uint32_t requestBytes{100};           //!< client's request
    uint32_t responseBytes{1000};         //!< server's response
    std::string rate{"100Mbps"};          //!< client-server link rate
    double delayS{0.005};                 //!< one-way link delay (s)
    double loss{0.0};                     //!< random loss per direction on every link
    double sampleIntervalS{0.5};          //!< time series sample period (s)
    double retryDelayS{0.1};              //!< closed loop: wait after a failed connect (s)
    std::string compactTimeWait{"no"};    //!< yes: TIME_WAIT as a compact record
    std::string connectionRows{"yes"};    //!< write one row per connection
    uint32_t rngRun{1};                   //!< ns-3 RngRun

    /** \return the TIME_WAIT length 2 MSL (s) */
    double TimeWaitS() const;
    /** \return the start of the steady-state window (s after the first arrival) */
    double WarmupS() const;
    /** \return the first ephemeral port of the port model */
    uint16_t FirstPort() const;
    /** \return the number of ephemeral ports per client */
    uint32_t PortCount() const;
    /** \return true for the closed loop (concurrency > 0) */
    bool ClosedLoop() const;
    /** \return true when the client closes first (TIME_WAIT at the client) */
    bool ClientCloses() const;
    /** \throws ParamError naming the flag and value of the first bad parameter */
    void Validate() const;

    /** One parameter: flag name, help, and how to read and write it. */
    struct Entry
    {
        std::string name;                                  //!< flag and column name
        std::string help;                                  //!< help text
        std::string (*get)(const BusyParams&);             //!< its value as text
        bool (*set)(BusyParams&, const std::string& text); //!< parse; false: not a value
        std::string range;                                 //!< what it takes (error text)
    };

    /**
     * \brief Refuse a parameter given an empty value (--msl=): CommandLine
     *        would answer with its whole help text.
     * \param argc the program's argc \param argv its argv
     * \throws ParamError naming the flag
     */
    static void RefuseEmpty(int argc, char* argv[]);
    /** \return every parameter, in flag order */
    static const std::vector<Entry>& Table();
    /** \return the entry named \p name (nullptr: none) */
    static const Entry* Find(const std::string& name);
};

} // namespace ns3

#endif
