/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_INVARIANT_CHECK_H
#define TCP_TEARDOWN_INVARIANT_CHECK_H

#include "teardown-params.h"
#include "teardown-scenario.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief The socket attributes the invariants depend on, as they were for a run.
 */
struct InvariantSettings
{
    uint32_t finRetries{8};          //!< ns3::TcpTeardownSocket::FinRetries
    uint32_t dataRetries{6};         //!< ns3::TcpSocket::DataRetries
    double finWait2TimeoutS{0.0};    //!< ns3::TcpTeardownSocket::FinWait2Timeout (0: none)
    bool ignoreRstInTimeWait{false}; //!< ns3::TcpTeardownSocket::IgnoreRstInTimeWait
    bool rstOnGiveUp{true};          //!< ns3::TcpTeardownSocket::RstOnGiveUp
    uint32_t lossProbes{0};          //!< FINs a retry series may add (TailLossProbe: 1)

    /** \return the values of the attribute defaults now in force (Config::SetDefault) */
    static InvariantSettings FromDefaults();
    /**
     * \param value the value of an attribute path (e.g.
     *        "ns3::TcpTeardownSocket::FinRetries"), as an attribute string
     * \return the settings those values make
     */
    static InvariantSettings FromAttributes(
        const std::function<std::string(const std::string&)>& value);
};

/**
 * \ingroup tcp-teardown
 * \brief One invariant a run broke, and why.
 */
struct InvariantViolation
{
    std::string invariant;   //!< its name, one of InvariantNames()
    std::string explanation; //!< what was seen, in the words of the rules
};

/**
 * \ingroup tcp-teardown
 * \brief The names of the invariants, in the order CheckInvariants tests them.
 *
 *  - ends-closed: an RFC variant leaves no end open at the stop time, except
 *    an end in FIN_WAIT_2 (no FIN_WAIT_2 timeout) whose peer gave up, and an
 *    end in ESTABLISHED whose peer gave up before a FIN of it arrived in
 *    sequence, with all its own data acknowledged, when no RST of the peer
 *    reached it: such an end waits for ever and has outcome stranded (an
 *    end with outcome open or stranded otherwise breaks it);
 *  - abort-cause: an end ends "reset" only after a RST reached it or when it
 *    aborted with RST itself (RstOnDiscard dropping data, A's close with
 *    unread data in sequence, or new data reaching A after its Close():
 *    full-close, lingering past its timeout), "aborted" only as A's
 *    abortive close at its close call (strategy abortive), and "timeout"
 *    only after a retry budget ran out or the FIN_WAIT_2 timeout expired;
 *  - completed-is-orderly: an end that left TIME_WAIT (its close complete)
 *    ends orderly, also when a RST cut TIME_WAIT short;
 *  - rfc-edges: every state change is an edge of RFC 9293's state diagram
 *    (section 3.3.2), an edge the variant adds (no TIME_WAIT, no final ACK),
 *    or an abort edge to CLOSED of an end that ended reset or timeout;
 *  - byte-accounting: pending = delivered + discarded + lost, and A's
 *    application got no byte that never arrived (all variants, ns3-stock too);
 *    only an end ended by a RST (reset, aborted) flushed or discarded
 *    bytes, its flushed bytes fit its own stream (A's request, B's
 *    response), B's unread ones the request, A's read and unread ones what
 *    arrived in sequence;
 *  - four-way-no-discard: a close that answers FIN with ACK discards nothing
 *    when B closes orderly;
 *  - complete-delivery: an end that completed its close (A reached TIME_WAIT
 *    or closed orderly) has every byte B sent; an orderly/orderly four-way
 *    close delivers every pending byte;
 *  - fin-budget: no end sends more than 1 + FinRetries FINs;
 *  - fin-is-last: no end sends data beyond its FIN, or a FIN elsewhere;
 *  - no-resend-of-acked: no end sends data or a FIN that a cumulative ACK it
 *    had received already covered;
 *  - rst-cause: every RST answers a segment for a connection that no longer
 *    exists (with <SEQ=SEG.ACK> when that segment had an ACK), or is an end's
 *    own abort (the causes of abort-cause, and A's abortive close), or the RST an end
 *    sends numbered SND.MAX when it gives up on a retry limit (RstOnGiveUp).
 *
 * \return the names
 */
const std::vector<std::string>& InvariantNames();

/**
 * \ingroup tcp-teardown
 * \brief Check one run against the close rules.
 *
 * For ns3-stock (ns-3's own socket, which breaks the close rules on purpose)
 * only byte-accounting is checked.
 *
 * \param out the run, with its transitions and segments kept
 * \param params the run's parameters
 * \param settings the attributes in force during the run
 * \return the invariants broken (empty: the run follows the rules)
 */
std::vector<InvariantViolation> CheckInvariants(const RunOutput& out,
                                                const TeardownParams& params,
                                                const InvariantSettings& settings);

/**
 * \ingroup tcp-teardown
 * \brief One randomly drawn case of the invariant checker: parameters and the
 * ns-3 attributes set with Config::SetDefault for its run.
 */
struct InvariantCase
{
    uint64_t index{0};       //!< position in the case list
    TeardownParams params;   //!< the run's parameters
    std::string pattern;     //!< loss pattern: none, independent, burst, targeted, mixed
    uint32_t delAckCount{1}; //!< ns3::TcpSocket::DelAckCount
    double minRtoS{1.0};     //!< ns3::TcpSocketBase::MinRto (s)
    bool sack{true};         //!< ns3::TcpSocketBase::Sack
    uint32_t finRetries{8};  //!< ns3::TcpTeardownSocket::FinRetries

    /**
     * \brief Draw case \p index of the list of \p seed (the same pair gives the
     * same case on every platform: the generator is SplitMix64).
     * \param seed the list's seed
     * \param index the case's position
     * \return the case
     */
    static InvariantCase Draw(uint64_t seed, uint64_t index);

    /** \return the ns-3 attribute overrides, as name=value pairs */
    std::vector<std::pair<std::string, std::string>> Attributes() const;

    /**
     * \brief Run the case: set the attributes, run the scenario with its logs
     * kept, and restore the attribute defaults that were in force before.
     * \return the run
     */
    RunOutput Run() const;

    /** \return the attribute settings of this case, for CheckInvariants */
    InvariantSettings Settings() const;

    /** \return the one tcp-teardown command line that reproduces the run */
    std::string Command() const;
};

/**
 * \ingroup tcp-teardown
 * \brief The tcp-teardown command line of a run (flags for every parameter
 * that differs from its default, the ns-3 attribute overrides, --RngRun).
 * \param params the parameters
 * \param attributes "ns3::Type::Attribute" and value pairs
 * \return the command, quoted for a POSIX shell
 */
std::string TeardownCommand(const TeardownParams& params,
                            const std::vector<std::pair<std::string, std::string>>& attributes);

} // namespace ns3

#endif /* TCP_TEARDOWN_INVARIANT_CHECK_H */
