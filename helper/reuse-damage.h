/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_REUSE_DAMAGE_H
#define TCP_TEARDOWN_REUSE_DAMAGE_H

#include <cstdint>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief What old segments did to later incarnations of a connection.
 */
struct ReuseDamage
{
    uint32_t opened{0};         //!< incarnations A opened (connect called)
    uint32_t oldSegments{0};    //!< late segments that reached an end of a later incarnation
    uint64_t corruptedBytes{0}; //!< bytes of one incarnation read by another's application
    uint32_t oldFinCloses{0};   //!< connections an old FIN moved to a closing state
    uint32_t oldRstResets{0};   //!< connections an old RST closed
    uint32_t oldAckDesyncs{0};  //!< times an old ACK advanced a sender's SND.UNA
};

} // namespace ns3

#endif /* TCP_TEARDOWN_REUSE_DAMAGE_H */
