/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_PARAMS_H
#define TCP_TEARDOWN_PARAMS_H

#include "close-variant.h"

#include <cstdint>
#include <stdexcept>
#include <string>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief Bad input: names the flag and the value.
 */
class ParamError : public std::invalid_argument
{
  public:
    /**
     * \param flag the flag, e.g. "--loss"
     * \param value the value given
     * \param why what is wrong
     */
    ParamError(const std::string& flag, const std::string& value, const std::string& why);
};

/**
 * \ingroup tcp-teardown
 * \brief Every parameter of one run. Defaults give the classic four-way close story.
 */
struct TeardownParams
{
    // Every field is described once, in ParamSchema::Parameters(): flag,
    // sweep key, runs.csv column, range and help all come from there.
    std::string variant{"four-way"};      //!< close variant name
    double mslS{1.0};                     //!< maximum segment lifetime (s); TIME_WAIT = 2 MSL
    double lossA2B{0.0};                  //!< random loss probability A->B
    double lossB2A{0.0};                  //!< random loss probability B->A
    double lossBurst{1.0};                //!< mean loss burst (segments; 1: independent; LossPlan)
    std::string lossScope{"close"};       //!< "close": random loss from A's close call on; "run"
    std::string drop;                     //!< targeted drop rules (DropRule syntax)
    std::string rate{"10Mbps"};           //!< link data rate
    double delayS{0.01};                  //!< one-way link delay (s)
    uint32_t queuePackets{100};           //!< device queue size (packets)
    uint32_t responseBytes{5000};         //!< B's response (bytes sent after A's request)
    uint32_t requestBytes{100};           //!< A's request
    double closeDelayS{0.0};              //!< A closes this long after sending its request
    double serverDelayS{0.0};             //!< B's processing time before it responds
    double workAfterFinS{0.0};            //!< B's work left at A's FIN (s; 0: response at once)
    double startS{1.0};                   //!< A connects at this time
    double stopS{0.0};                    //!< end of the run (0: long enough for every timer)
    uint32_t rngSeed{1};                  //!< ns-3 RngSeed
    uint64_t rngRun{1};                   //!< ns-3 RngRun
    std::string finResponse;              //!< override: "ack" or "fin-ack"
    std::string finalAck;                 //!< override: "yes" or "no"
    std::string lastAck;                  //!< override: "yes" or "no"
    double timeWaitMsl{-1.0};             //!< override: TIME_WAIT in MSL (< 0: variant's)
    std::string rstOnDiscard;             //!< override: "yes" or "no"
    std::string ipv6{"no"};               //!< "yes": the link runs IPv6 instead of IPv4
    uint32_t incarnations{1};             //!< k: connections on the same 4-tuple, one after another
    double reuseGapS{0.0};                //!< from A's CLOSED to its next connect (s)
    double keepA2B{0.0};                  //!< probability the path keeps a segment A->B
    double keepB2A{0.0};                  //!< probability the path keeps a segment B->A
    std::string keepDelay{"uniform:0:1"}; //!< how long a kept segment is held (KeepDelay)
    double lifetimeS{1.0};             //!< L: the path's true maximum lifetime (bounds keepDelay)
    std::string keepCopy{"no"};        //!< "yes": the segment passes and a copy is kept
    std::string paws{"no"};            //!< "yes": RFC 7323 PAWS (TcpTeardownSocket::Paws)
    std::string compactTimeWait{"no"}; //!< "yes": TcpTeardownSocket::CompactTimeWait
    std::string isn{"ns3"};            //!< ISN choice: "ns3", "rfc6528" or "random"
    std::string profile{"none"};       //!< attribute preset: "none" or "linux" (LinuxProfile)
    /** how A's application closes: "half-close", "full-close", "abortive" or "lingering" */
    std::string strategy{"half-close"};
    double lingerTimeoutS{2.0}; //!< lingering: read at most this long after the half close (s)

    /**
     * \brief Check every value against the schema (ParamSchema), then the
     *        rules between values.
     * \throws ParamError naming the first bad flag and value
     */
    void Validate() const;
    /** \return the variant preset with the overrides applied (call Validate first) */
    CloseVariant ResolveVariant() const;
    /** \return the stop time in seconds (stopS, or one long enough for every timer) */
    double StopTime() const;
};

} // namespace ns3

#endif /* TCP_TEARDOWN_PARAMS_H */
