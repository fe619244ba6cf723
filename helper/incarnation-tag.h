/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_INCARNATION_TAG_H
#define TCP_TEARDOWN_INCARNATION_TAG_H

#include "ns3/packet.h"
#include "ns3/tag.h"

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief A byte tag on application data: which incarnation of the
 *        connection wrote these bytes.
 *
 * TCP keeps byte tags with the bytes through segmentation, retransmission
 * and reassembly, so the receiving application can tell the bytes of an
 * earlier incarnation (an old duplicate accepted into the new connection)
 * from its own, exactly, whatever the sequence numbers.
 */
class IncarnationTag : public Tag
{
  public:
    /** \return the type ID */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(TagBuffer i) const override;
    void Deserialize(TagBuffer i) override;
    void Print(std::ostream& os) const override;

    /**
     * \brief Tag every byte of a packet.
     * \param packet application data
     * \param incarnation its incarnation (1: the first)
     */
    static void Mark(Ptr<Packet> packet, uint32_t incarnation);
    /**
     * \param packet data read from a socket
     * \param incarnation the reader's incarnation
     * \return the bytes tagged with another incarnation
     */
    static uint64_t ForeignBytes(Ptr<const Packet> packet, uint32_t incarnation);

    uint32_t incarnation{1}; //!< the writer's incarnation
};

} // namespace ns3

#endif /* TCP_TEARDOWN_INCARNATION_TAG_H */
