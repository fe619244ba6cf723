/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_CLOSING_SERVER_H
#define TCP_TEARDOWN_CLOSING_SERVER_H

#include "ns3/address.h"
#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/sequence-number.h"
#include "ns3/socket.h"

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief Endpoint B, the passive closer: answers A's request with a response, then closes.
 *
 * B writes its whole response once the request is in (after an optional
 * processing delay), or produces it over a production time, one segment at a
 * time at a steady rate, and calls close once it has written all of it and A
 * has closed (or at once, when told to close together with A).
 */
class ClosingServer
{
  public:
    /**
     * \param requestBytes size of A's request
     * \param responseBytes size of B's response
     */
    ClosingServer(uint32_t requestBytes, uint32_t responseBytes);

    /** \param delay processing time between the request and the response */
    void SetResponseDelay(Time delay);
    /**
     * \param duration B produces its response over this time from when it
     *        would write it: each segment-sized chunk is written when the
     *        steady rate has produced it, the last one at the end (0: the
     *        whole response at once)
     */
    void SetProductionTime(Time duration);
    /** \param closeAtOnce true: close right after writing the response (simultaneous close) */
    void SetCloseWithResponse(bool closeAtOnce);
    /** \param callback called with the accepted socket */
    void SetAcceptCallback(Callback<void, Ptr<Socket>> callback);
    /** \param callback called right after the response was written */
    void SetResponseCallback(Callback<void> callback);
    /**
     * \param at B's application reads nothing before this time (a busy
     * server: what arrives waits in the receive buffer, whose free space is
     * the window B advertises); 0: it reads at once
     */
    void SetReadStart(Time at);

    /**
     * \brief Serve a connection B's listener accepted (Incarnations dispatches them).
     * \param socket the accepted socket
     */
    void Accept(Ptr<Socket> socket);
    /** \param incarnation which connection on the 4-tuple this is (1: the first) */
    void SetIncarnation(uint32_t incarnation);
    /** \return bytes read that an earlier (or other) incarnation wrote */
    uint64_t GetForeignBytes() const;

    /** \return the accepted socket (null before accept) */
    Ptr<Socket> GetSocket() const;
    /** \return sequence number of the response's first byte */
    SequenceNumber32 GetResponseStart() const;
    /** \return true once the response was written */
    bool ResponseWritten() const;
    /** \return true once B began writing its response (GetResponseStart holds) */
    bool ResponseStarted() const;
    /** \return true if the socket reported an error close */
    bool GotErrorClose() const;

  private:
    void OnReceive(Ptr<Socket> socket);     //!< data to read
    void OnNormalClose(Ptr<Socket> socket); //!< peer closed
    void OnErrorClose(Ptr<Socket> socket);  //!< error close
    void WriteResponse();                   //!< send the response
    void ScheduleChunk();                   //!< time the next chunk's write
    void WriteChunk();                      //!< send the next produced chunk
    void Send(uint32_t bytes);              //!< queue bytes of the response
    void ResponseDone();                    //!< the whole response was written
    void MaybeClose();                      //!< close when due

    Ptr<Socket> m_socket;                         //!< accepted socket
    uint32_t m_requestBytes;                      //!< expected request size
    uint32_t m_responseBytes;                     //!< response size
    Time m_responseDelay{Seconds(0)};             //!< processing time
    bool m_closeWithResponse{false};              //!< close right after the response
    uint64_t m_received{0};                       //!< request bytes read
    bool m_responseScheduled{false};              //!< response on its way
    bool m_responseWritten{false};                //!< response written
    bool m_responseStarted{false};                //!< first byte written
    Time m_production{Seconds(0)};                //!< production time of the response
    Time m_productionStart;                       //!< when production began
    uint32_t m_chunk{0};                          //!< bytes per chunk (segment size)
    uint32_t m_produced{0};                       //!< response bytes written so far
    bool m_peerClosed{false};                     //!< A's FIN reported
    bool m_errorClose{false};                     //!< error close reported
    bool m_closeCalled{false};                    //!< Close called
    SequenceNumber32 m_responseStart;             //!< first response byte
    Callback<void, Ptr<Socket>> m_acceptCallback; //!< accept hook
    Callback<void> m_responseCallback;            //!< response hook
    Time m_readStart{Seconds(0)};                 //!< no read before this time
    EventId m_readEvent;                          //!< the first read, when deferred
    uint32_t m_incarnation{1};                    //!< this connection's incarnation
    uint64_t m_foreign{0};                        //!< bytes read of another incarnation
};

} // namespace ns3

#endif /* TCP_TEARDOWN_CLOSING_SERVER_H */
