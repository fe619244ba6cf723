/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_LOSS_PLAN_H
#define TCP_TEARDOWN_LOSS_PLAN_H

#include "drop-rule.h"
#include "keep-delay.h"

#include "ns3/callback.h"
#include "ns3/error-model.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/random-variable-stream.h"
#include "ns3/sequence-number.h"
#include "ns3/tcp-header.h"
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
    std::string
        cause; //!< the rule that dropped it, "random", "kept" (held), "late", "copy" or empty
    bool late{false};        //!< a held segment or a copy arriving late (not a new send)
    uint32_t incarnation{1}; //!< the sender's incarnation of the connection (1: the first)
};

/**
 * \ingroup tcp-teardown
 * \brief Read the TCP header of a packet as it reaches a point-to-point device.
 * \param packet the packet with its point-to-point and IPv4 or IPv6 header
 * \param tcp set to its TCP header
 * \param payload set to its payload length
 * \return false if it is not TCP
 */
bool ReadTcpSegment(Ptr<const Packet> packet, TcpHeader& tcp, uint32_t& payload);

/**
 * \ingroup tcp-teardown
 * \brief What the path does with a segment that reached the receiving device.
 */
enum class SegmentFate
{
    DELIVER,          //!< passes now
    DROP,             //!< lost
    HOLD,             //!< kept back, delivered later
    DELIVER_AND_COPY, //!< passes now, and a copy is delivered later
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
     * \brief Let the path keep segments (old duplicates): a segment that
     *        survives loss is held back with probability \p probability.
     * \param direction the direction
     * \param probability q in [0, 1]
     */
    void SetKeep(LinkDirection direction, double probability);
    /** \param delay how long a held segment is kept (bounded by the lifetime) */
    void SetKeepDelay(const KeepDelay& delay);
    /** \param copy true: the segment passes and a copy is held (a duplicate); false: it is held */
    void SetKeepCopy(bool copy);
    /**
     * \param incarnationOf the sender's incarnation of a packet, from its uid
     *        (null: every packet is of incarnation 1)
     */
    void SetIncarnationOf(Callback<uint32_t, uint64_t> incarnationOf);

    /**
     * \brief Decide the fate of a packet arriving at the receiver of \p direction.
     * \param direction where the packet travels
     * \param packet the packet with its point-to-point header
     * \param holdFor set to how long the path keeps it (HOLD, DELIVER_AND_COPY)
     * \return its fate
     */
    SegmentFate Fate(LinkDirection direction, Ptr<const Packet> packet, Time& holdFor);
    /**
     * \brief Fate() without holding: \return true to drop it
     * \param direction where the packet travels
     * \param packet the packet with its point-to-point header
     */
    bool Decide(LinkDirection direction, Ptr<const Packet> packet);
    /**
     * \brief A held segment or copy arrives now: report it on the Segment trace.
     * \param direction where it travels
     * \param packet the packet with its point-to-point header
     * \param firstArrival when the original reached the device
     * \param copy true for a copy, false for a held original
     */
    void ReportLate(LinkDirection direction,
                    Ptr<const Packet> packet,
                    Time firstArrival,
                    bool copy);
    /** \param direction a direction \return segments held back or copied */
    uint32_t GetKept(LinkDirection direction) const;

    /** \return how many segments each rule dropped, in rule order */
    std::vector<uint32_t> GetRuleDrops() const;
    /** \return the rules */
    const std::vector<DropRule>& GetRules() const;
    /** \param direction a direction \return segments dropped by random loss */
    uint32_t GetRandomDrops(LinkDirection direction) const;

  private:
    /** \return whether \p packet is TCP; if so fill \p segment from its headers */
    bool Parse(LinkDirection direction, Ptr<const Packet> packet, SegmentRecord& segment) const;
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
    std::array<double, 2> m_keep{{0.0, 0.0}};             //!< q per direction
    std::array<Ptr<UniformRandomVariable>, 2> m_keepDraw; //!< held or not (made when q > 0)
    std::array<Ptr<UniformRandomVariable>, 2> m_keepTime; //!< how long (made when q > 0)
    KeepDelay m_keepDelay;                                //!< the hold time
    bool m_keepCopy{false};                               //!< hold a copy, not the segment
    std::array<uint32_t, 2> m_kept{{0, 0}};               //!< per direction
    int64_t m_stream{0};                                  //!< first stream (AssignStreams)
    Callback<uint32_t, uint64_t> m_incarnationOf;         //!< packet uid -> incarnation
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
     * \param device the receiving device, for segments the path delivers
     *        late (it owns this model, so it is not held by a Ptr; null: the
     *        path holds nothing)
     */
    void Configure(Ptr<LossPlan> plan,
                   LinkDirection direction,
                   PointToPointNetDevice* device = nullptr);

    /**
     * TracedCallback signature for a late delivery.
     * \param [in] direction where the segment travels
     * \param [in] packet the segment (with its point-to-point header)
     * \param [in] done false just before the device receives it, true just after
     */
    typedef void (*LateTracedCallback)(LinkDirection direction,
                                       Ptr<const Packet> packet,
                                       bool done);

  private:
    bool DoCorrupt(Ptr<Packet> p) override;
    void DoReset() override;
    /** Hand a held segment to the device. \param p the packet */
    void DeliverLate(Ptr<Packet> p);

    PointToPointNetDevice* m_device{nullptr};                      //!< receiving device
    TracedCallback<LinkDirection, Ptr<const Packet>, bool> m_late; //!< late deliveries

    Ptr<LossPlan> m_plan;                             //!< the shared plan
    LinkDirection m_direction{LinkDirection::A_TO_B}; //!< direction received here
};

} // namespace ns3

#endif /* TCP_TEARDOWN_LOSS_PLAN_H */
