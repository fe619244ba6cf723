/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_CLOSE_OUTCOME_H
#define TCP_TEARDOWN_CLOSE_OUTCOME_H

#include <string>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief How one endpoint's connection ended.
 */
enum class CloseOutcome
{
    OPEN,     //!< still open when the run ended, with a timer running or data to send
    ORDERLY,  //!< closed by the close handshake (or TIME_WAIT expiry)
    RESET,    //!< a RST ended it: received, or sent by the stack because data was lost
              //!< (RstOnDiscard, or Close() with unread data or data arriving after it)
    TIMEOUT,  //!< retransmissions exhausted or FIN_WAIT_2 timeout
    STRANDED, //!< still open when the run ended, with no timer and nothing to send, its
              //!< peer gone (timeout or reset): it would wait for ever (FIN_WAIT_2, no timeout)
    ABORTED,  //!< its application aborted it (an abortive close, SO_LINGER 0): it sent the
              //!< RST by its own choice; nothing failed
};

/**
 * \ingroup tcp-teardown
 * \param outcome an outcome
 * \return its name as written in results: open, orderly, reset, timeout, stranded, aborted
 */
std::string CloseOutcomeName(CloseOutcome outcome);

} // namespace ns3

#endif /* TCP_TEARDOWN_CLOSE_OUTCOME_H */
