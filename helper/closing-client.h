/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_CLOSING_CLIENT_H
#define TCP_TEARDOWN_CLOSING_CLIENT_H

#include "ns3/address.h"
#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/socket.h"

#include <string>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief Endpoint A, the active closer: connects, sends a request, closes, reads the response.
 */
class ClosingClient
{
  public:
    /**
     * \param socket A's socket (not yet connected)
     * \param peer B's address
     * \param requestBytes size of the request
     */
    ClosingClient(Ptr<Socket> socket, const Address& peer, uint32_t requestBytes);

    /** \brief Connect now. */
    void Connect();
    /**
     * \param delay close this long after the request was handed to the socket;
     *        negative: do not close by itself (someone calls Close)
     */
    void SetCloseDelay(Time delay);
    /** \param callback called at A's close call, before the socket's Close/ShutdownSend */
    void SetCloseCallback(Callback<void> callback);
    /**
     * \brief How the application closes (TcpTeardownSocket only; ns-3's own
     * socket always gets its Close()).
     * \param strategy "half-close" (ShutdownSend, read to EOF), "full-close"
     *        (Close), "abortive" (TcpTeardownSocket::Abort, SO_LINGER 0) or
     *        "lingering" (ShutdownSend, read to EOF or \p lingerTimeout, then Close)
     * \param lingerTimeout lingering: the longest read after the half close
     */
    void SetStrategy(const std::string& strategy, Time lingerTimeout);
    /** \brief Call close on the socket now (once), as the strategy says. */
    void Close();

    /** \return bytes read before the close call */
    uint64_t GetBytesBeforeClose() const;
    /** \return bytes read after the close call */
    uint64_t GetBytesAfterClose() const;
    /** \return true if the socket reported an error close */
    bool GotErrorClose() const;
    /** \return true once Close was called */
    bool IsClosed() const;
    /** \param incarnation which connection on the 4-tuple this is (1: the first) */
    void SetIncarnation(uint32_t incarnation);
    /** \return bytes read that an earlier (or other) incarnation wrote */
    uint64_t GetForeignBytes() const;
    /** \param port bind to this local port (0: an ephemeral one) */
    void SetLocalPort(uint16_t port);

  private:
    void OnConnected(Ptr<Socket> socket);     //!< connection succeeded
    void OnConnectFailed(Ptr<Socket> socket); //!< connection failed
    void OnReceive(Ptr<Socket> socket);       //!< data to read
    void OnNormalClose(Ptr<Socket> socket);   //!< normal close callback
    void OnErrorClose(Ptr<Socket> socket);    //!< error close callback
    void LingerEnd();                         //!< lingering: EOF or timeout, Close now

    Ptr<Socket> m_socket;                 //!< A's socket
    Address m_peer;                       //!< B
    uint32_t m_requestBytes;              //!< request size
    Time m_closeDelay{Seconds(0)};        //!< close after the request
    Callback<void> m_closeCallback;       //!< at the close call
    bool m_closed{false};                 //!< Close was called
    bool m_errorClose{false};             //!< error close reported
    uint64_t m_before{0};                 //!< bytes read before close
    uint64_t m_after{0};                  //!< bytes read after close
    uint32_t m_incarnation{1};            //!< this connection's incarnation
    uint64_t m_foreign{0};                //!< bytes read of another incarnation
    uint16_t m_localPort{0};              //!< fixed local port (0: ephemeral)
    std::string m_strategy{"half-close"}; //!< how the application closes
    Time m_lingerTimeout{Seconds(2)};     //!< lingering: longest read after the half close
    EventId m_lingerEvent;                //!< lingering: the timeout
    bool m_lingerDone{false};             //!< lingering: Close was called
};

} // namespace ns3

#endif /* TCP_TEARDOWN_CLOSING_CLIENT_H */
