/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_SEGMENT_TALLY_H
#define TCP_TEARDOWN_SEGMENT_TALLY_H

#include "ns3/loss-plan.h"

#include <array>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief Counts of the segments one side put on the link, read off the wire.
 */
struct DirectionTally
{
    uint32_t segments{0};      //!< segments sent
    uint32_t fins{0};          //!< with FIN
    uint32_t rsts{0};          //!< with RST
    uint32_t rstsDelivered{0}; //!< with RST, not lost
    uint32_t dataRetx{0};      //!< data segments at or below data sent before
    uint32_t dropped{0};       //!< lost on the link
    bool anyData{false};       //!< some data was sent
    uint32_t dataEnd{0};       //!< one past the highest data byte sent
};

/**
 * \ingroup tcp-teardown
 * \brief Sink of LossPlan's Segment trace: per-direction counts and, on request, the log.
 */
class SegmentTally
{
  public:
    /** \param keep true: keep every segment (for segments.csv) */
    void SetKeepLog(bool keep);
    /** \param segment a segment seen on the link */
    void Add(const SegmentRecord& segment);
    /** \param direction a direction \return its counts */
    const DirectionTally& Get(LinkDirection direction) const;
    /** \return the log (empty unless kept) */
    const std::vector<SegmentRecord>& GetLog() const;

  private:
    std::array<DirectionTally, 2> m_tally; //!< a2b, b2a
    std::vector<SegmentRecord> m_log;      //!< every segment
    bool m_keep{false};                    //!< keep m_log
};

} // namespace ns3

#endif /* TCP_TEARDOWN_SEGMENT_TALLY_H */
