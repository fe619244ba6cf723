/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_CLOSE_VARIANT_H
#define TCP_TEARDOWN_CLOSE_VARIANT_H

#include "ns3/tcp-teardown-socket.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief A named way of closing: which socket, who closes when, and the close knobs.
 *
 * | name                  | B on A's FIN                 | final ACK | A's TIME_WAIT |
 * |-----------------------|------------------------------|-----------|---------------|
 * | four-way              | ACK; send the rest; FIN      | yes       | 2 x MSL       |
 * | four-way-no-timewait  | as four-way                  | yes       | none          |
 * | three-way             | FIN+ACK at once, discard     | yes       | 2 x MSL       |
 * | three-way-no-timewait | as three-way                 | yes       | none          |
 * | three-way-direct      | FIN+ACK, discard, B closes   | no        | none          |
 * | simultaneous          | both close at the same time  | yes       | 2 x MSL both  |
 * | ns3-stock             | ns-3's TcpSocketBase         |           |               |
 */
struct CloseVariant
{
    std::string name;         //!< as on the command line
    bool stockSocket{false};  //!< use ns-3's own TcpSocketBase
    bool simultaneous{false}; //!< both ends close at the same instant
    TcpTeardownSocket::FinResponse finResponse{TcpTeardownSocket::ACK_THEN_FIN}; //!< B's answer
    bool finalAck{true};      //!< A acknowledges B's FIN
    bool lastAck{true};       //!< B waits in LAST_ACK for the ACK of its FIN
    double timeWaitMsl{2.0};  //!< TIME_WAIT length in MSL
    bool rstOnDiscard{false}; //!< RST instead of FIN when data is discarded
    std::string description;  //!< one line for help texts

    /**
     * \param name a variant name
     * \return the preset
     * \throws std::invalid_argument for an unknown name
     */
    static CloseVariant FromName(const std::string& name);
    /** \return every preset, in a fixed order */
    static const std::vector<CloseVariant>& All();
    /** \return the names joined by ", " */
    static std::string Names();
};

} // namespace ns3

#endif /* TCP_TEARDOWN_CLOSE_VARIANT_H */
