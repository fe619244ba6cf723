/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_SIP_HASH_H
#define TCP_TEARDOWN_SIP_HASH_H

#include <array>
#include <cstddef>
#include <cstdint>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief SipHash-2-4, the keyed pseudo-random function of Aumasson and
 *        Bernstein ("SipHash: a fast short-input PRF", INDOCRYPT 2012),
 *        written from the paper's description: two compression rounds per
 *        8-byte little-endian message word, four finalization rounds.
 *
 * RFC 6528's F for TcpTeardownSocket's Isn=rfc6528. The paper's test vector
 * (Appendix A: key 00 01 ... 0f, message 00 01 ... 0e) is the 64-bit word
 * 0xa129ca6149be45e5 (the reference code's vectors.h lists its bytes
 * little-endian: e5 45 be 49 61 ca 29 a1).
 *
 * \param key the 128-bit key (bytes k0 ... k15)
 * \param data the message
 * \param size its length in bytes
 * \return the 64-bit hash (the paper's output word)
 */
uint64_t SipHash24(const std::array<uint8_t, 16>& key, const uint8_t* data, std::size_t size);

} // namespace ns3

#endif /* TCP_TEARDOWN_SIP_HASH_H */
