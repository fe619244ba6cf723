/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sip-hash.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownSipHash");

namespace
{
uint64_t
RotateLeft(uint64_t x, int bits)
{
    return (x << bits) | (x >> (64 - bits));
}

/** \return the little-endian 64-bit word of \p size (<= 8) bytes at \p p */
uint64_t
LittleEndian(const uint8_t* p, std::size_t size)
{
    uint64_t word = 0;
    for (std::size_t i = 0; i < size; ++i)
    {
        word |= static_cast<uint64_t>(p[i]) << (8 * i);
    }
    return word;
}

/** The internal state v0 ... v3 and SipRound. */
struct SipState
{
    uint64_t v0; //!< state word 0
    uint64_t v1; //!< state word 1
    uint64_t v2; //!< state word 2
    uint64_t v3; //!< state word 3

    /** One SipRound (the paper's ARX network). */
    void Round()
    {
        v0 += v1;
        v1 = RotateLeft(v1, 13);
        v1 ^= v0;
        v0 = RotateLeft(v0, 32);
        v2 += v3;
        v3 = RotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = RotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = RotateLeft(v1, 17);
        v1 ^= v2;
        v2 = RotateLeft(v2, 32);
    }

    /** Compress one message word with c = 2 rounds. */
    void Compress(uint64_t m)
    {
        v3 ^= m;
        Round();
        Round();
        v0 ^= m;
    }
};
} // namespace

uint64_t
SipHash24(const std::array<uint8_t, 16>& key, const uint8_t* data, std::size_t size)
{
    uint64_t k0 = LittleEndian(key.data(), 8);
    uint64_t k1 = LittleEndian(key.data() + 8, 8);
    SipState s{k0 ^ 0x736f6d6570736575ULL,
               k1 ^ 0x646f72616e646f6dULL,
               k0 ^ 0x6c7967656e657261ULL,
               k1 ^ 0x7465646279746573ULL};
    std::size_t full = size - size % 8;
    for (std::size_t i = 0; i < full; i += 8)
    {
        s.Compress(LittleEndian(data + i, 8));
    }
    // the last word: the remaining bytes, and the length (mod 256) in its top byte
    s.Compress(LittleEndian(data + full, size - full) | (static_cast<uint64_t>(size & 0xff) << 56));
    s.v2 ^= 0xff;
    for (int i = 0; i < 4; ++i) // d = 4 finalization rounds
    {
        s.Round();
    }
    return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

} // namespace ns3
