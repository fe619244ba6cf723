/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_LOSS_PLAN_H
#define TCP_TEARDOWN_LOSS_PLAN_H

#include "drop-rule.h"

#include "ns3/error-model.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/sequence-number.h"
#include "ns3/traced-callback.h"

#include <array>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief One TCP segment as it reached the receiving device.
 */
struct SegmentRecord
{
    Time time;               //!< arrival at the receiver (end of reception)
    Time sentTime;           //!< start of transmission at the sender
    LinkDirection direction; //!< a2b or b2a
    uint8_t flags{0};        //!< TCP flags
    uint32_t seq{0};         //!< sequence number
    uint32_t ack{0};         //!< acknowledgment number
    uint32_t length{0};      //!< payload bytes
    bool dropped{false};     //!< lost on this link
    std::string cause;       //!< the rule that dropped it, "random", or empty
};

/**
 * \ingroup tcp-teardown
 * \brief Loss on the A-B link: random loss per direction (independent or in
 * bursts) and targeted drop rules.
 *
 * Both directions share one plan, so that "the ACK of the peer's FIN" can be
 * recognised: the plan sees every segment at the receiving device and
 * remembers where each side's FIN is. Random loss can be limited to the close
 * phase (SetCloseStarted). Every segment is reported on the "Segment" trace,
 * dropped or not.
 */
class LossPlan : public Object
{
  public:
    /**
     * TracedCallback signature for a segment seen on the link.
     * \param [in] record the segment
     */
    typedef void (*SegmentTracedCallback)(const SegmentRecord& record);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    LossPlan();

    /**
     * \brief Set the random loss probability of one direction.
     * \param direction the direction
     * \param probability in [0, 1]
     */
    void SetRandomLoss(LinkDirection direction, double probability);
    /**
     * \brief Make the random loss of one direction come in bursts.
     *
     * A two-state Gilbert-Elliott chain, advanced once per segment that random
     * loss applies to: every segment is lost in state Bad and none in state
     * Good. With loss rate p (SetRandomLoss) and mean burst length b:
     *  - Good -> Bad with probability r = p / (b (1 - p)),
     *  - Bad -> Good with probability 1 / b (so a burst lasts b segments on
     *    average, geometrically distributed),
     * and the stationary share of Bad, the long-run loss rate, is
     * r / (r + 1/b) = p. The first segment starts in Bad with probability p.
     * b = 1 keeps independent loss (each segment lost with probability p;
     * its runs of losses then last 1 / (1 - p) segments on average).
     * A mean gap between bursts of b (1 - p) / p segments must be at least 1,
     * so b >= p / (1 - p) is required (BurstLengthError).
     *
     * \param direction the direction
     * \param meanBurst mean burst length in segments, >= 1
     */
    void SetBurstLoss(LinkDirection direction, double meanBurst);
    /**
     * \brief Check a loss rate and mean burst length.
     * \param probability loss rate p in [0, 1]
     * \param meanBurst mean burst length b
     * \return "" if the pair is possible, else why not
     */
    static std::string BurstLengthError(double probability, double meanBurst);
    /** \param direction a direction \return its mean burst length (1: independent loss) */
    double GetBurstLoss(LinkDirection direction) const;
    /** \param closePhaseOnly true: random loss only once SetCloseStarted was called */
    void SetClosePhaseOnly(bool closePhaseOnly);
    /** \brief A's close call happened: random loss starts if limited to the close phase. */
    void SetCloseStarted();
    /** \param rules the targeted drop rules, applied before random loss */
    void SetRules(const std::vector<DropRule>& rules);
    /**
     * \brief Tell where a sender's data stream ends, for the kind last-data.
     * \param direction the sender's direction
     * \param end sequence number one past the last data byte
     */
    void SetStreamEnd(LinkDirection direction, SequenceNumber32 end);
    /**
     * \brief Tell the link's timing, so that segments carry their send time.
     * \param delay one-way propagation delay
     * \param bitsPerSecond data rate
     */
    void SetLinkTiming(Time delay, uint64_t bitsPerSecond);
    /**
     * \brief Assign random streams.
     * \param stream first stream number
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief Decide the fate of a packet arriving at the receiver of \p direction.
     * \param direction where the packet travels
     * \param packet the packet with its point-to-point header
     * \return true to drop it
     */
    bool Decide(LinkDirection direction, Ptr<const Packet> packet);

    /** \return how many segments each rule dropped, in rule order */
    std::vector<uint32_t> GetRuleDrops() const;
    /** \return the rules */
    const std::vector<DropRule>& GetRules() const;
    /** \param direction a direction \return segments dropped by random loss */
    uint32_t GetRandomDrops(LinkDirection direction) const;

  private:
    /** \return true if random loss drops the next segment of \p direction */
    bool RandomLoss(LinkDirection direction);
    /** \return true if the segment is of \p kind */
    bool IsKind(SegmentKind kind, LinkDirection direction, const SegmentRecord& segment) const;

    Time m_delay;                                         //!< propagation delay
    uint64_t m_bitsPerSecond{0};                          //!< data rate (0: unknown)
    std::array<double, 2> m_lossRate{{0.0, 0.0}};         //!< per direction
    std::array<Ptr<UniformRandomVariable>, 2> m_uniform;  //!< per direction
    std::array<double, 2> m_meanBurst{{1.0, 1.0}};        //!< per direction (1: independent)
    std::array<bool, 2> m_chainStarted{{false, false}};   //!< burst chain has a state
    std::array<bool, 2> m_bad{{false, false}};            //!< burst chain is in state Bad
    bool m_closePhaseOnly{true};                          //!< random loss scope
    bool m_closeStarted{false};                           //!< A called close
    std::vector<DropRule> m_rules;                        //!< targeted rules
    std::vector<uint32_t> m_ruleMatches;                  //!< segments counted per rule
    std::vector<uint32_t> m_ruleDrops;                    //!< segments dropped per rule
    std::array<uint32_t, 2> m_randomDrops{{0, 0}};        //!< per direction
    std::array<bool, 2> m_finSeen{{false, false}};        //!< sender's FIN seen
    std::array<SequenceNumber32, 2> m_finSeq;             //!< sender's FIN position
    std::array<bool, 2> m_streamEndKnown{{false, false}}; //!< last-data hint given
    std::array<SequenceNumber32, 2> m_streamEnd;          //!< end of sender's data
    TracedCallback<const SegmentRecord&> m_segmentTrace;  //!< every segment
};

/**
 * \ingroup tcp-teardown
 * \brief A receive error model that asks a LossPlan about each packet.
 */
class TeardownErrorModel : public ErrorModel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TeardownErrorModel();
    /**
     * \param plan the shared plan
     * \param direction the direction of the packets this device receives
     */
    void Configure(Ptr<LossPlan> plan, LinkDirection direction);

  private:
    bool DoCorrupt(Ptr<Packet> p) override;
    void DoReset() override;

    Ptr<LossPlan> m_plan;                             //!< the shared plan
    LinkDirection m_direction{LinkDirection::A_TO_B}; //!< direction received here
};

} // namespace ns3

#endif /* TCP_TEARDOWN_LOSS_PLAN_H */
