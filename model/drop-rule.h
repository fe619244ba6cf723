/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_DROP_RULE_H
#define TCP_TEARDOWN_DROP_RULE_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief Direction of a segment on the A-B link.
 */
enum class LinkDirection
{
    A_TO_B = 0, //!< from the active closer A to B
    B_TO_A = 1  //!< from the passive closer B to A
};

/**
 * \ingroup tcp-teardown
 * \param direction a direction
 * \return "a2b" or "b2a"
 */
std::string LinkDirectionName(LinkDirection direction);

/**
 * \ingroup tcp-teardown
 * \brief What a segment is, for targeted loss. A segment can be of several kinds.
 */
enum class SegmentKind
{
    ANY,        //!< every segment
    FIN,        //!< FIN flag set
    ACK_OF_FIN, //!< pure ACK (no FIN, SYN, RST, payload) acknowledging the peer's FIN
    DATA,       //!< carries payload
    LAST_DATA,  //!< carries the last byte of the sender's data stream
    SYN,        //!< SYN flag set
    RST         //!< RST flag set
};

/**
 * \ingroup tcp-teardown
 * \brief One targeted loss rule: drop the k-th to m-th segment of a kind in a direction.
 *
 * Text form `DIR:KIND:WHICH`: DIR is a2b or b2a; KIND is fin, ack-of-fin,
 * data, last-data, syn, rst or any; WHICH is k, k-m or all (counting from 1,
 * segments of that kind in that direction, retransmissions included).
 */
struct DropRule
{
    LinkDirection direction{LinkDirection::A_TO_B}; //!< where the rule applies
    SegmentKind kind{SegmentKind::ANY};             //!< which segments it counts
    uint32_t first{1};                              //!< first matching segment dropped
    uint32_t last{1};                               //!< last matching segment dropped
    std::string text;                               //!< the rule as written

    /**
     * \brief Parse one rule.
     * \param text e.g. "b2a:fin:1-2"
     * \return the rule
     * \throws std::invalid_argument naming the bad part
     */
    static DropRule Parse(const std::string& text);

    /**
     * \brief Parse rules joined by ';' (empty parts are ignored).
     * \param text e.g. "a2b:fin:1;b2a:ack-of-fin:1"
     * \return the rules in order
     * \throws std::invalid_argument naming the bad rule
     */
    static std::vector<DropRule> ParseList(const std::string& text);

    /** \return the kinds accepted by Parse, for help texts */
    static std::string Syntax();
};

} // namespace ns3

#endif /* TCP_TEARDOWN_DROP_RULE_H */
