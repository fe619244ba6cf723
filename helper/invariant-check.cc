/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The randomized invariant checker: what must hold for every run of the
 * close experiment, derived from the close rules (RFC 9293 3.3.2, 3.6,
 * 3.10.4, 3.10.7.4; RFC 1122 4.2.2.13; RFC 1337; see close-rules.md), and the
 * random cases it is checked on.
 */

#include "invariant-check.h"

#include "close-variant.h"
#include "linux-profile.h"
#include "param-command-line.h"

#include "ns3/config.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/string.h"
#include "ns3/tcp-header.h"
#include "ns3/type-id.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownInvariantCheck");

namespace
{
const std::string ENDS_CLOSED = "ends-closed";
const std::string ABORT_CAUSE = "abort-cause";
const std::string COMPLETED_IS_ORDERLY = "completed-is-orderly";
const std::string RFC_EDGES = "rfc-edges";
const std::string BYTE_ACCOUNTING = "byte-accounting";
const std::string FOUR_WAY_NO_DISCARD = "four-way-no-discard";
const std::string COMPLETE_DELIVERY = "complete-delivery";
const std::string FIN_BUDGET = "fin-budget";
const std::string RST_CAUSE = "rst-cause";
const std::string FIN_IS_LAST = "fin-is-last";
const std::string NO_RESEND_OF_ACKED = "no-resend-of-acked";

using State = TcpSocket::TcpStates_t;

/** B's response size (the field main renames to responseBytes). */
uint64_t
ResponseBytes(const TeardownParams& p)
{
    return p.responseBytes;
}

std::string
Name(State s)
{
    return TcpStateText(s);
}

std::string
SecondsText(Time t)
{
    std::ostringstream out;
    out.precision(6);
    out << std::fixed << t.GetSeconds();
    return out.str();
}

/**
 * RFC 9293 section 3.3.2, figure 5: the edges of the state diagram, each
 * with the event the figure names.
 */
const std::set<std::pair<State, State>>&
DiagramEdges()
{
    static const std::set<std::pair<State, State>> edges = {
        {TcpSocket::CLOSED, TcpSocket::LISTEN},          // passive OPEN
        {TcpSocket::CLOSED, TcpSocket::SYN_SENT},        // active OPEN / snd SYN
        {TcpSocket::LISTEN, TcpSocket::SYN_RCVD},        // rcv SYN / snd SYN,ACK
        {TcpSocket::LISTEN, TcpSocket::SYN_SENT},        // SEND / snd SYN
        {TcpSocket::LISTEN, TcpSocket::CLOSED},          // CLOSE / delete TCB
        {TcpSocket::SYN_SENT, TcpSocket::SYN_RCVD},      // rcv SYN / snd ACK
        {TcpSocket::SYN_SENT, TcpSocket::ESTABLISHED},   // rcv SYN,ACK / snd ACK
        {TcpSocket::SYN_SENT, TcpSocket::CLOSED},        // CLOSE / delete TCB
        {TcpSocket::SYN_RCVD, TcpSocket::ESTABLISHED},   // rcv ACK of SYN
        {TcpSocket::SYN_RCVD, TcpSocket::FIN_WAIT_1},    // CLOSE / snd FIN
        {TcpSocket::ESTABLISHED, TcpSocket::FIN_WAIT_1}, // CLOSE / snd FIN
        {TcpSocket::ESTABLISHED, TcpSocket::CLOSE_WAIT}, // rcv FIN / snd ACK
        {TcpSocket::FIN_WAIT_1, TcpSocket::FIN_WAIT_2},  // rcv ACK of FIN
        {TcpSocket::FIN_WAIT_1, TcpSocket::CLOSING},     // rcv FIN / snd ACK
        {TcpSocket::FIN_WAIT_2, TcpSocket::TIME_WAIT},   // rcv FIN / snd ACK
        {TcpSocket::CLOSING, TcpSocket::TIME_WAIT},      // rcv ACK of FIN
        {TcpSocket::CLOSE_WAIT, TcpSocket::LAST_ACK},    // CLOSE / snd FIN
        {TcpSocket::LAST_ACK, TcpSocket::CLOSED},        // rcv ACK of FIN
        {TcpSocket::TIME_WAIT, TcpSocket::CLOSED},       // Timeout = 2 MSL
    };
    return edges;
}

/** Everything the checks need to know about one end, read off the logs. */
struct EndView
{
    char name{'A'};                           //!< 'A' or 'B'
    const EndpointResult* result{nullptr};    //!< its row
    LinkDirection out{LinkDirection::A_TO_B}; //!< direction of its segments
    std::vector<StateTransition> transitions; //!< its state changes
    bool closed{false};                       //!< entered CLOSED after starting
    Time closedAt{Seconds(-1)};               //!< last entry to CLOSED
    State lastState{TcpSocket::CLOSED};       //!< current state at the end of the run
    State beforeClosed{TcpSocket::CLOSED};    //!< state it entered CLOSED from
    bool reachedTimeWait{false};              //!< entered TIME_WAIT
    bool started{true};                       //!< had a connection (B: was accepted)
    bool established{false};                  //!< reached ESTABLISHED (B: from its start)
};

EndView
ViewOf(const RunOutput& out, char name)
{
    EndView v;
    v.name = name;
    v.result = name == 'A' ? &out.result.a : &out.result.b;
    v.out = name == 'A' ? LinkDirection::A_TO_B : LinkDirection::B_TO_A;
    v.lastState = name == 'A' ? TcpSocket::CLOSED : TcpSocket::ESTABLISHED;
    for (const auto& t : out.transitions)
    {
        if (t.endpoint != name)
        {
            continue;
        }
        v.transitions.push_back(t);
        v.lastState = t.to;
        if (t.to == TcpSocket::CLOSED)
        {
            v.closedAt = t.time;
            v.beforeClosed = t.from;
        }
        if (t.to == TcpSocket::TIME_WAIT)
        {
            v.reachedTimeWait = true;
        }
        if (t.to == TcpSocket::ESTABLISHED)
        {
            v.established = true;
        }
    }
    if (name == 'B')
    {
        // B is followed from its accept; a B never accepted is left in LISTEN
        v.started = !v.transitions.empty() || v.result->endState != TcpSocket::LISTEN;
        v.established = v.started;
        if (!v.started)
        {
            v.lastState = TcpSocket::LISTEN;
        }
    }
    v.closed = v.lastState == TcpSocket::CLOSED && !v.closedAt.IsNegative();
    return v;
}

bool
IsFin(const SegmentRecord& s)
{
    return s.flags & TcpHeader::FIN;
}

/**
 * A retry series of an end: its transmissions between two ACKs from the peer
 * that acknowledge new data of it (the socket's rule, as Linux's
 * retransmission counter: "the budget starts again when an ACK acknowledges
 * new data", doc/tcp-teardown.rst).
 */
struct RetrySeries
{
    uint32_t mostFins{0}; //!< FINs in the series with the most
    uint32_t lastFins{0}; //!< FINs in the last series
    uint32_t lastRetx{0}; //!< retransmissions in the last series once a FIN was sent
    bool finSent{false};  //!< the end sent a FIN at all
};

RetrySeries
SeriesOf(const RunOutput& out, LinkDirection mine, Time closedAt)
{
    // the end's transmissions (at their sending time) and the peer's
    // delivered segments (at their arrival), in time order. A peer segment
    // that arrives once the end has closed meets no connection (RFC 9293
    // 3.10.7.1: CLOSED, the segment is discarded and answered with RST): its
    // ACK acknowledges nothing and cannot start a new series after the end's
    // last one (a give-up in CLOSED is at closedAt).
    std::vector<std::pair<Time, const SegmentRecord*>> events;
    for (const auto& seg : out.segments)
    {
        if (seg.direction == mine)
        {
            events.emplace_back(seg.sentTime, &seg);
        }
        else if (!seg.dropped && (closedAt.IsNegative() || seg.time < closedAt))
        {
            events.emplace_back(seg.time, &seg);
        }
    }
    std::stable_sort(events.begin(), events.end(), [](const auto& x, const auto& y) {
        return x.first < y.first;
    });
    RetrySeries r;
    bool anyAck = false;
    uint32_t highestAck = 0;
    bool anySent = false;
    uint32_t highestSent = 0; // one past the last sequence number sent
    for (const auto& e : events)
    {
        const SegmentRecord& seg = *e.second;
        if (seg.direction != mine)
        {
            if ((seg.flags & TcpHeader::ACK) && (!anyAck || seg.ack > highestAck))
            {
                anyAck = true;
                highestAck = seg.ack;
                r.lastFins = 0; // progress: a new series
                r.lastRetx = 0;
            }
            continue;
        }
        uint32_t span = seg.length + (IsFin(seg) ? 1 : 0) + ((seg.flags & TcpHeader::SYN) ? 1 : 0);
        if (span == 0)
        {
            continue; // a pure ACK
        }
        bool retx = anySent && seg.seq < highestSent;
        if (!anySent || seg.seq + span > highestSent)
        {
            highestSent = seg.seq + span;
            anySent = true;
        }
        r.finSent = r.finSent || IsFin(seg);
        r.lastFins += IsFin(seg) ? 1 : 0;
        r.lastRetx += (retx && r.finSent) ? 1 : 0;
        r.mostFins = std::max(r.mostFins, r.lastFins);
    }
    return r;
}

bool
IsRst(const SegmentRecord& s)
{
    return s.flags & TcpHeader::RST;
}

/** Offset of \p seq from \p start, in sequence space (negative: before it). */
int64_t
Offset(uint32_t seq, uint32_t start)
{
    return static_cast<int32_t>(seq - start);
}

/** The parts of the segment log the checks use. */
struct LogView
{
    bool haveResponseStart{false}; //!< B's SYN+ACK was seen
    uint32_t responseStart{0};     //!< sequence number of B's first response byte
    uint64_t sentBytes{0};         //!< bytes of the response B sent (highest offset)
    uint64_t arrivedPrefix{0};     //!< response bytes that arrived at A without a hole
    bool bFinSeen{false};          //!< B sent a FIN
    int64_t bFinOffset{-1};        //!< offset of B's FIN in the response
};

/** \return bytes of the response that arrived at A in sequence by time \p by */
uint64_t
ArrivedPrefix(const RunOutput& out, const LogView& log, uint64_t response, Time by)
{
    std::vector<std::pair<uint64_t, uint64_t>> arrived;
    for (const auto& s : out.segments)
    {
        if (s.direction != LinkDirection::B_TO_A || (s.flags & TcpHeader::SYN) || s.dropped ||
            s.length == 0 || s.time > by)
        {
            continue;
        }
        int64_t begin = Offset(s.seq, log.responseStart);
        int64_t end = begin + s.length;
        uint64_t b = std::max<int64_t>(begin, 0);
        uint64_t e = std::min<uint64_t>(std::max<int64_t>(end, 0), response);
        if (b < e)
        {
            arrived.emplace_back(b, e);
        }
    }
    std::sort(arrived.begin(), arrived.end());
    uint64_t prefix = 0;
    for (const auto& range : arrived)
    {
        if (range.first > prefix)
        {
            break;
        }
        prefix = std::max(prefix, range.second);
    }
    return prefix;
}

LogView
ReadLog(const RunOutput& out, uint64_t response)
{
    LogView log;
    for (const auto& s : out.segments)
    {
        if (s.direction == LinkDirection::B_TO_A && (s.flags & TcpHeader::SYN))
        {
            log.haveResponseStart = true;
            log.responseStart = s.seq + 1;
        }
    }
    if (!log.haveResponseStart)
    {
        return log;
    }
    for (const auto& s : out.segments)
    {
        if (s.direction != LinkDirection::B_TO_A || (s.flags & TcpHeader::SYN))
        {
            continue;
        }
        int64_t begin = Offset(s.seq, log.responseStart);
        int64_t end = begin + s.length;
        if (IsFin(s) && !log.bFinSeen)
        {
            log.bFinSeen = true;
            log.bFinOffset = end;
        }
        if (s.length > 0 && end > 0)
        {
            log.sentBytes = std::max<uint64_t>(log.sentBytes, std::min<uint64_t>(end, response));
        }
    }
    log.arrivedPrefix = ArrivedPrefix(out, log, response, Time::Max());
    return log;
}

/** \return true if the peer acknowledged everything \p end sent (SYN, data, FIN) */
bool
AllOwnDataAcked(const RunOutput& out, const EndView& end)
{
    bool any = false;
    uint32_t high = 0;
    bool acked = false;
    uint32_t ack = 0;
    for (const auto& s : out.segments)
    {
        if (s.direction == end.out && (s.length > 0 || IsFin(s) || (s.flags & TcpHeader::SYN)))
        {
            uint32_t e = s.seq + s.length + (IsFin(s) || (s.flags & TcpHeader::SYN) ? 1 : 0);
            if (!any || static_cast<int32_t>(e - high) > 0)
            {
                high = e;
            }
            any = true;
        }
        if (s.direction != end.out && !s.dropped && (s.flags & TcpHeader::ACK) && !IsRst(s))
        {
            if (!acked || static_cast<int32_t>(s.ack - ack) > 0)
            {
                ack = s.ack;
            }
            acked = true;
        }
    }
    return !any || (acked && static_cast<int32_t>(ack - high) >= 0);
}

/** \return the sequence number of the first byte \p from sends (SYN + 1), if seen */
bool
StreamStart(const RunOutput& out, LinkDirection from, uint32_t& start)
{
    for (const auto& s : out.segments)
    {
        if (s.direction == from && (s.flags & TcpHeader::SYN))
        {
            start = s.seq + 1;
            return true;
        }
    }
    return false;
}

/**
 * The stream that \p from sends, as the receiver had it at time \p until:
 * \return the offset after the longest run of bytes that had arrived (not
 * dropped) without a hole, -1 without a SYN in the log; \p finInSequence: a
 * FIN had arrived with every byte before it (in the same or other segments)
 */
int64_t
StreamPrefix(const RunOutput& out, LinkDirection from, Time until, bool& finInSequence)
{
    finInSequence = false;
    uint32_t start = 0;
    if (!StreamStart(out, from, start))
    {
        return -1;
    }
    std::vector<std::pair<int64_t, int64_t>> arrived;
    std::vector<int64_t> fins;
    for (const auto& s : out.segments)
    {
        if (s.direction != from || s.dropped || s.time > until || (s.flags & TcpHeader::SYN))
        {
            continue;
        }
        int64_t b = Offset(s.seq, start);
        if (s.length > 0)
        {
            arrived.emplace_back(b, b + s.length);
        }
        if (IsFin(s))
        {
            fins.push_back(b + s.length);
        }
    }
    std::sort(arrived.begin(), arrived.end());
    int64_t prefix = 0;
    for (const auto& range : arrived)
    {
        if (range.first > prefix)
        {
            break;
        }
        prefix = std::max(prefix, range.second);
    }
    for (int64_t fin : fins)
    {
        finInSequence = finInSequence || fin <= prefix;
    }
    return prefix;
}

/**
 * \return true if a FIN of \p from reached the other end (not dropped) with
 * every byte before it arriving too (in the same or other segments): the
 * receiver then has the FIN in sequence and must process it
 */
bool
FinArrivedInSequence(const RunOutput& out, LinkDirection from)
{
    bool fin = false;
    StreamPrefix(out, from, Time::Max(), fin);
    return fin;
}

/**
 * \return the receiver's RCV.NXT for the stream that \p from sends, as of
 * time \p t, as an offset from the stream's start (one past the prefix once
 * the FIN is in sequence); -1 without a SYN in the log
 */
int64_t
RcvNxtAt(const RunOutput& out, LinkDirection from, Time t)
{
    bool fin = false;
    int64_t prefix = StreamPrefix(out, from, t, fin);
    return prefix < 0 ? prefix : prefix + (fin ? 1 : 0);
}

/**
 * \return the ACKs of \p from's segments that the receiver processes, in
 * arrival order: those of segments that arrived and were acceptable (RFC 9293
 * 3.10.7.4: a segment without data or FIN at or beyond RCV.NXT, one with
 * them ending at or beyond it; the window's upper edge is not checked)
 */
std::vector<std::pair<Time, uint32_t>>
AcceptableAcks(const RunOutput& out, LinkDirection from)
{
    std::vector<std::pair<Time, uint32_t>> acks;
    uint32_t start = 0;
    bool known = StreamStart(out, from, start);
    int64_t rcvNext = 0;
    std::map<int64_t, int64_t> ahead; // out-of-order ranges [begin, end)
    for (const auto& s : out.segments)
    {
        if (s.direction != from || s.dropped || (s.flags & TcpHeader::SYN))
        {
            continue;
        }
        int64_t b = known ? Offset(s.seq, start) : 0;
        int64_t e = b + s.length + (IsFin(s) ? 1 : 0);
        bool acceptable = !known || (e == b ? b >= rcvNext : e - 1 >= rcvNext);
        if (acceptable && (s.flags & TcpHeader::ACK) && !IsRst(s))
        {
            acks.emplace_back(s.time, s.ack);
        }
        if (e > b)
        {
            ahead[b] = std::max(ahead[b], e);
            while (!ahead.empty() && ahead.begin()->first <= rcvNext)
            {
                rcvNext = std::max(rcvNext, ahead.begin()->second);
                ahead.erase(ahead.begin());
            }
        }
    }
    return acks;
}

/**
 * \return false if \p from sent nothing; else \p sndMax is one past the last
 * sequence number it sent (SYN, data, FIN): RFC 9293's SND.MAX
 */
bool
SendMax(const RunOutput& out, LinkDirection from, uint32_t& sndMax)
{
    bool any = false;
    for (const auto& s : out.segments)
    {
        if (s.direction != from || IsRst(s))
        {
            continue;
        }
        uint32_t e = s.seq + s.length + ((s.flags & (TcpHeader::SYN | TcpHeader::FIN)) ? 1 : 0);
        if (!any || static_cast<int32_t>(e - sndMax) > 0)
        {
            sndMax = e;
        }
        any = true;
    }
    return any;
}

/** \return time of the last segment either end sent (negative: none) */
Time
LastActivity(const RunOutput& out)
{
    Time last = Seconds(-1);
    for (const auto& s : out.segments)
    {
        last = std::max(last, s.sentTime);
    }
    return last;
}

/** \return true for an end whose connection was aborted (timeout, reset, its own abort) */
bool
GaveUp(CloseOutcome o)
{
    return o == CloseOutcome::TIMEOUT || o == CloseOutcome::RESET || o == CloseOutcome::ABORTED;
}

/** \return the first time a RST reached \p end (not dropped), negative if never */
Time
FirstRstArrival(const RunOutput& out, const EndView& end)
{
    for (const auto& s : out.segments)
    {
        if (s.direction != end.out && IsRst(s) && !s.dropped)
        {
            return s.time;
        }
    }
    return Seconds(-1);
}

/**
 * \return the first time a RST that \p end could accept reached it: numbered
 * at or beyond its RCV.NXT then (RFC 9293 3.10.7.4; a RST below RCV.NXT
 * answers an old segment and is dropped; the window's upper edge is not
 * checked, so this errs towards "a RST ended the wait"); negative if none
 */
Time
FirstAcceptableRstArrival(const RunOutput& out, const EndView& end)
{
    LinkDirection in =
        end.out == LinkDirection::A_TO_B ? LinkDirection::B_TO_A : LinkDirection::A_TO_B;
    uint32_t start = 0;
    bool known = StreamStart(out, in, start);
    for (const auto& s : out.segments)
    {
        if (s.direction != in || !IsRst(s) || s.dropped)
        {
            continue;
        }
        if (!known || Offset(s.seq, start) >= RcvNxtAt(out, in, s.time - NanoSeconds(1)))
        {
            return s.time;
        }
    }
    return Seconds(-1);
}

/** \return true if \p end aborted with RST itself: RstOnDiscard dropped data */
bool
AbortedOnDiscard(const RunResult& r, const CloseVariant& variant, const EndView& end)
{
    return end.name == 'B' && variant.rstOnDiscard &&
           variant.finResponse == TcpTeardownSocket::FIN_ACK_DISCARD && r.discardedBytes > 0 &&
           end.result->outcome == CloseOutcome::RESET && end.beforeClosed == TcpSocket::CLOSE_WAIT;
}

class Checker
{
  public:
    Checker(const RunOutput& out, const TeardownParams& params, const InvariantSettings& settings)
        : m_out(out),
          m_r(out.result),
          m_params(params),
          m_settings(settings),
          m_variant(params.ResolveVariant()),
          m_response(ResponseBytes(params)),
          m_log(ReadLog(out, ResponseBytes(params)))
    {
        m_ends[0] = ViewOf(out, 'A');
        m_ends[1] = ViewOf(out, 'B');
    }

    std::vector<InvariantViolation> Run()
    {
        if (!m_ends[0].established)
        {
            // The handshake never completed (SYNs lost up to ns-3's retry
            // limit): there is no close to check, only that A gave up by the
            // stop time and that no byte appeared from nowhere.
            if (!m_variant.stockSocket && m_ends[0].lastState != TcpSocket::CLOSED)
            {
                Violation(ENDS_CLOSED,
                          "A never connected and is still in " + Name(m_ends[0].lastState) +
                              " at the stop time");
            }
            ByteAccounting();
            return m_violations;
        }
        if (!m_variant.stockSocket)
        {
            for (const EndView& end : m_ends)
            {
                EndsClosed(end);
            }
            for (const EndView& end : m_ends)
            {
                AbortCause(end);
            }
            for (const EndView& end : m_ends)
            {
                CompletedIsOrderly(end);
            }
            for (const EndView& end : m_ends)
            {
                Edges(end);
            }
        }
        ByteAccounting();
        if (!m_variant.stockSocket)
        {
            NoDiscard();
            CompleteDelivery();
            for (const EndView& end : m_ends)
            {
                FinBudget(end);
            }
            for (const EndView& end : m_ends)
            {
                FinIsLast(end);
            }
            for (const EndView& end : m_ends)
            {
                NoResendOfAcked(end);
            }
            RstCause();
        }
        return m_violations;
    }

  private:
    void Violation(const std::string& invariant, const std::string& why)
    {
        m_violations.push_back({invariant, why});
    }

    /*
     * RFC 1122 4.2.2.13 / RFC 9293 3.6.1: a CLOSE while received data is
     * still unread SHOULD abort with RST. Only A's close can meet data here
     * (B closes after A's FIN, with A's request read). Data "received" is
     * what the application could read: bytes in sequence. Segments beyond a
     * hole are not unread data (A's application reads after its close and
     * would get them once the hole is filled), so they do not allow the abort.
     */
    bool AbortedOnUnreadData(const EndView& end) const
    {
        double closeS = ReceiveCloseS();
        if (end.name != 'A' || !m_log.haveResponseStart || closeS < 0 || !end.closed ||
            std::abs(end.closedAt.GetSeconds() - closeS) > 1e-9 ||
            (end.beforeClosed != TcpSocket::ESTABLISHED &&
             end.beforeClosed != TcpSocket::CLOSE_WAIT))
        {
            return false;
        }
        uint64_t readBefore = m_response - std::min<uint64_t>(m_response, m_r.pendingAtCloseBytes);
        return ArrivedPrefix(m_out, m_log, m_response, end.closedAt) > readBefore;
    }

    /*
     * When A's application closed its receive side with Close() (negative:
     * never): at its close call (full-close; the half close's check as
     * before), or once the lingering close's timeout expired.
     */
    double ReceiveCloseS() const
    {
        if (m_r.closeCallS < 0 || m_params.strategy == "abortive")
        {
            return -1.0;
        }
        return m_params.strategy == "lingering" ? m_r.closeCallS + m_params.lingerTimeoutS
                                                : m_r.closeCallS;
    }

    /*
     * RFC 1122 4.2.2.13, RFC 2525 2.17: new data that arrives after Close()
     * (full-close, or lingering past its timeout) is lost to the
     * application; A's stack aborts with RST as it arrives. Allowed when A
     * ended reset from ESTABLISHED, FIN_WAIT_1 or FIN_WAIT_2 at the arrival
     * (not before its Close) of a segment of B with data beyond what had
     * arrived in sequence before.
     */
    bool AbortedOnDataAfterClose(const EndView& end) const
    {
        if (end.name != 'A' ||
            (m_params.strategy != "full-close" && m_params.strategy != "lingering") ||
            !end.closed || end.result->outcome != CloseOutcome::RESET ||
            end.closedAt.GetSeconds() < ReceiveCloseS() - 1e-9 ||
            (end.beforeClosed != TcpSocket::ESTABLISHED &&
             end.beforeClosed != TcpSocket::FIN_WAIT_1 &&
             end.beforeClosed != TcpSocket::FIN_WAIT_2))
        {
            return false;
        }
        uint32_t start = 0;
        if (!StreamStart(m_out, LinkDirection::B_TO_A, start))
        {
            return false;
        }
        int64_t before = RcvNxtAt(m_out, LinkDirection::B_TO_A, end.closedAt - NanoSeconds(1));
        for (const auto& s : m_out.segments)
        {
            if (s.direction == LinkDirection::B_TO_A && !s.dropped && s.length > 0 &&
                s.time == end.closedAt && Offset(s.seq, start) + s.length > before)
            {
                return true;
            }
        }
        return false;
    }

    /*
     * The abortive close (SO_LINGER 0, RFC 9293 3.10.5 ABORT): only A's
     * application aborts, at its close call, from a synchronized state
     * before its FIN was sent.
     */
    bool AbortedByApplication(const EndView& end) const
    {
        return end.name == 'A' && m_params.strategy == "abortive" && end.closed &&
               end.result->outcome == CloseOutcome::ABORTED && m_r.closeCallS >= 0 &&
               std::abs(end.closedAt.GetSeconds() - m_r.closeCallS) <= 1e-9;
    }

    const EndView& Peer(const EndView& end) const
    {
        return end.name == 'A' ? m_ends[1] : m_ends[0];
    }

    /*
     * ends-closed. Every retransmission (data or FIN) has a retry limit and
     * TIME_WAIT a timer, so by the stop time each end is CLOSED, except where
     * the rules leave an end with nothing to send and no timer:
     *  - FIN_WAIT_2 without a FIN_WAIT_2 timeout (RFC 9293 has none): the
     *    peer's FIN never comes once the peer gave up (timeout or reset);
     *  - ESTABLISHED when the peer gave up before any of its FINs arrived in
     *    sequence (a FIN beyond a hole that never fills is not processed) and
     *    all this end's data is acknowledged: the peer's abort on its retry
     *    limit sends nothing (RFC 9293 3.8.3, R2), and without keep-alives
     *    (not modelled) the end never learns of it.
     * CLOSE_WAIT is never allowed: CLOSE_WAIT lasts until our FIN is sent, B's
     * application has closed (it closes once its response is written and A's
     * FIN arrived), and the FIN follows the data, whose retransmissions are
     * limited; a closed peer answers them with RST. The same holds for
     * FIN_WAIT_1, CLOSING, LAST_ACK (FIN retries) and TIME_WAIT (2 MSL timer).
     */
    void EndsClosed(const EndView& end)
    {
        if (!end.started)
        {
            return; // B's half-open connection gave up before its accept: no connection at B
        }
        CloseOutcome outcome = end.result->outcome;
        if (outcome != CloseOutcome::OPEN && outcome != CloseOutcome::STRANDED)
        {
            if (!end.closed)
            {
                Violation(ENDS_CLOSED,
                          std::string(1, end.name) + " has outcome " +
                              CloseOutcomeName(end.result->outcome) + " but is in " +
                              Name(end.lastState));
            }
            return;
        }
        const EndView& peer = Peer(end);
        CloseOutcome peerOutcome = peer.result->outcome;
        bool waitsForEver =
            (end.lastState == TcpSocket::FIN_WAIT_2 && !HasFinWait2Timeout(end) &&
             GaveUp(peerOutcome)) ||
            // the peer's abort (retry limit, or its application's abortive
            // close) sent nothing that arrived
            (end.lastState == TcpSocket::ESTABLISHED &&
             (peerOutcome == CloseOutcome::TIMEOUT || peerOutcome == CloseOutcome::ABORTED) &&
             !FinArrivedInSequence(m_out, peer.out) && AllOwnDataAcked(m_out, end)) ||
            // a peer that closes without LAST_ACK (LastAck false) never resends
            // what it sent before its FIN: a FIN beyond a hole stays there
            (end.lastState == TcpSocket::FIN_WAIT_2 && !HasFinWait2Timeout(end) &&
             !m_variant.lastAck && peer.closed && peerOutcome == CloseOutcome::ORDERLY &&
             !FinArrivedInSequence(m_out, peer.out));
        // a RST of the peer that the end accepts (its give-up RST under
        // RstOnGiveUp, or its stack's answer to a segment) ends the wait
        waitsForEver = waitsForEver && FirstAcceptableRstArrival(m_out, end).IsNegative();
        if (waitsForEver && outcome == CloseOutcome::STRANDED)
        {
            return;
        }
        Time last = LastActivity(m_out);
        std::ostringstream why;
        why << end.name << " " << CloseOutcomeName(outcome) << " in " << Name(end.lastState)
            << " at the stop time (" << m_params.StopTime() << " s) with " << peer.name << " "
            << CloseOutcomeName(peerOutcome) << " in " << Name(peer.lastState)
            << "; last segment sent at " << SecondsText(last) << " s";
        if (waitsForEver)
        {
            why << "; it waits for ever: its outcome must be stranded";
        }
        Violation(ENDS_CLOSED, why.str());
    }

    /*
     * abort-cause. reset: a RST in a synchronized state ends the connection
     * (RFC 9293 3.10.7.4; a RST in TIME_WAIT too unless RFC 1337's fix is on),
     * so one must have reached the end before it closed, or the end sent its
     * own abort RST (RstOnDiscard dropping unsent data: ABORT, RFC 9293 3.10.5). timeout:
     * only when a retry limit was reached (1 + FinRetries FINs; once the FIN
     * was sent, FinRetries retransmissions since new data was last
     * acknowledged; or a segment retransmitted DataRetries times, the
     * original may be invisible when the sender's queue dropped it) or the
     * FIN_WAIT_2 timeout expired.
     */
    void AbortCause(const EndView& end)
    {
        CloseOutcome outcome = end.result->outcome;
        if (outcome == CloseOutcome::RESET)
        {
            Time rst = FirstRstArrival(m_out, end);
            bool byPeer = !rst.IsNegative() && end.closed && rst <= end.closedAt;
            if (byPeer && end.beforeClosed == TcpSocket::TIME_WAIT &&
                m_settings.ignoreRstInTimeWait)
            {
                Violation(ABORT_CAUSE,
                          std::string(1, end.name) +
                              " reset in TIME_WAIT although IgnoreRstInTimeWait is on");
            }
            if (!byPeer && !AbortedOnDiscard(m_r, m_variant, end) && !AbortedOnUnreadData(end) &&
                !AbortedOnDataAfterClose(end))
            {
                Violation(ABORT_CAUSE,
                          std::string(1, end.name) + " ended reset in " + Name(end.beforeClosed) +
                              " with no RST received and no abort of its own");
            }
        }
        else if (outcome == CloseOutcome::ABORTED)
        {
            if (!AbortedByApplication(end))
            {
                Violation(ABORT_CAUSE,
                          std::string(1, end.name) + " ended aborted in " + Name(end.beforeClosed) +
                              " (strategy " + m_params.strategy +
                              ") but only A's abortive close at its close call aborts");
            }
        }
        else if (outcome == CloseOutcome::TIMEOUT)
        {
            if (end.beforeClosed == TcpSocket::FIN_WAIT_2 && HasFinWait2Timeout(end))
            {
                return;
            }
            uint32_t fins = 0;
            std::map<uint32_t, uint32_t> copies;
            uint32_t most = 0;
            for (const auto& s : m_out.segments)
            {
                if (s.direction != end.out)
                {
                    continue;
                }
                fins += IsFin(s);
                if (s.length > 0 || IsFin(s) || (s.flags & TcpHeader::SYN))
                {
                    most = std::max(most, ++copies[s.seq]);
                }
            }
            // once its FIN is sent, every expiry of the timer counts against
            // FinRetries until new data is acknowledged: the last series then
            // holds FinRetries retransmissions (the expiry after them aborts)
            RetrySeries series = SeriesOf(m_out, end.out, end.closed ? end.closedAt : Seconds(-1));
            bool finBudget = series.finSent && (series.lastFins >= 1 + m_settings.finRetries ||
                                                series.lastRetx >= m_settings.finRetries);
            if (!finBudget && fins < 1 + m_settings.finRetries && most < m_settings.dataRetries)
            {
                std::ostringstream why;
                why << end.name << " timed out in " << Name(end.beforeClosed) << " after " << fins
                    << " FINs (FinRetries " << m_settings.finRetries << ") and at most " << most
                    << " copies of a segment (DataRetries " << m_settings.dataRetries << ")";
                Violation(ABORT_CAUSE, why.str());
            }
        }
    }

    /*
     * completed-is-orderly. TIME_WAIT is entered only once both FINs are
     * acknowledged (RFC 9293 3.10.7.4): the close is complete. A RST there
     * (RFC 1337's assassination) only shortens TIME_WAIT; the experiment
     * records such a close as orderly, with the cut apart (experiment.md:
     * "it is not a failed close").
     */
    void CompletedIsOrderly(const EndView& end)
    {
        if (end.closed && end.beforeClosed == TcpSocket::TIME_WAIT &&
            end.result->outcome != CloseOutcome::ORDERLY)
        {
            Violation(COMPLETED_IS_ORDERLY,
                      std::string(1, end.name) + " left TIME_WAIT with outcome " +
                          CloseOutcomeName(end.result->outcome) + " after a completed close");
        }
    }

    /*
     * rfc-edges. The diagram's edges; the variants' own: without TIME_WAIT
     * (TimeWaitMsl 0) the TIME_WAIT of length zero makes FIN_WAIT_2 -> CLOSED
     * and CLOSING -> CLOSED, without the final ACK ("A closes directly")
     * FIN_WAIT_1/2 -> CLOSED; and the abort edges: any state but LISTEN and
     * CLOSED -> CLOSED on RST or a retry limit, which must be the end's last
     * change with outcome reset or timeout.
     */
    void Edges(const EndView& end)
    {
        State state = end.name == 'A' ? TcpSocket::CLOSED : TcpSocket::ESTABLISHED;
        for (size_t i = 0; i < end.transitions.size(); ++i)
        {
            const StateTransition& t = end.transitions[i];
            std::ostringstream what;
            what << end.name << " " << Name(t.from) << " -> " << Name(t.to) << " at "
                 << SecondsText(t.time) << " s";
            if (t.from != state)
            {
                Violation(RFC_EDGES, what.str() + " but it was in " + Name(state));
            }
            state = t.to;
            if (DiagramEdges().count({t.from, t.to}))
            {
                continue;
            }
            if (t.to == TcpSocket::CLOSED)
            {
                bool last = i + 1 == end.transitions.size();
                bool noTimeWait = m_variant.timeWaitMsl <= 0.0 &&
                                  (t.from == TcpSocket::FIN_WAIT_2 || t.from == TcpSocket::CLOSING);
                bool noFinalAck = !m_variant.finalAck && (t.from == TcpSocket::FIN_WAIT_1 ||
                                                          t.from == TcpSocket::FIN_WAIT_2);
                bool abort = last && GaveUp(end.result->outcome) && t.from != TcpSocket::LISTEN;
                if (noTimeWait || noFinalAck || abort)
                {
                    continue;
                }
            }
            Violation(RFC_EDGES, what.str() + " is no edge of RFC 9293's diagram");
        }
    }

    /*
     * byte-accounting: the row's identity, and what the segment log allows:
     * A's application cannot have read more of the response than arrived
     * without a hole, and B cannot have discarded what it sent.
     */
    void ByteAccounting()
    {
        std::ostringstream why;
        if (m_r.pendingAtCloseBytes != m_r.deliveredBytes + m_r.discardedBytes + m_r.lostBytes)
        {
            why << "pending " << m_r.pendingAtCloseBytes << " != delivered " << m_r.deliveredBytes
                << " + discarded " << m_r.discardedBytes << " + lost " << m_r.lostBytes << "; ";
        }
        if (m_r.pendingAtCloseBytes > m_response)
        {
            why << "pending " << m_r.pendingAtCloseBytes << " > response " << m_response << "; ";
        }
        if (m_log.haveResponseStart)
        {
            uint64_t read = m_response - m_r.pendingAtCloseBytes + m_r.deliveredBytes;
            if (read > m_log.arrivedPrefix)
            {
                why << "A's application read " << read << " bytes of the response but only "
                    << m_log.arrivedPrefix << " arrived in sequence; ";
            }
            if (m_r.discardedBytes + m_log.sentBytes > m_response)
            {
                why << "discarded " << m_r.discardedBytes << " but B sent " << m_log.sentBytes
                    << " of " << m_response << "; ";
            }
        }
        // what a RST threw away: only a RST (sent or received) flushes or
        // discards; a send buffer holds only the end's own stream (A's
        // request, B's response), an unread buffer only what arrived in
        // sequence and was not read
        for (const EndView* end : {&m_ends[0], &m_ends[1]})
        {
            const EndpointResult& e = *end->result;
            if (e.flushedBytes < 0 && e.unreadDiscardedBytes < 0)
            {
                continue; // ns3-stock: not measured
            }
            bool rst = e.outcome == CloseOutcome::RESET || e.outcome == CloseOutcome::ABORTED;
            uint64_t own = end->name == 'A' ? m_params.requestBytes : m_response;
            if (!rst && (e.flushedBytes != 0 || e.unreadDiscardedBytes != 0))
            {
                why << end->name << " ended " << CloseOutcomeName(e.outcome) << " but flushed "
                    << e.flushedBytes << " and discarded " << e.unreadDiscardedBytes
                    << " unread bytes; ";
            }
            if (static_cast<uint64_t>(e.flushedBytes) > own)
            {
                why << end->name << " flushed " << e.flushedBytes << " bytes of a " << own
                    << "-byte stream; ";
            }
            if (end->name == 'B' &&
                static_cast<uint64_t>(e.unreadDiscardedBytes) > m_params.requestBytes)
            {
                why << "B discarded " << e.unreadDiscardedBytes << " unread bytes of a "
                    << m_params.requestBytes << "-byte request; ";
            }
            if (end->name == 'A' && m_log.haveResponseStart)
            {
                uint64_t read = m_response - m_r.pendingAtCloseBytes + m_r.deliveredBytes;
                if (read + e.unreadDiscardedBytes > m_log.arrivedPrefix)
                {
                    why << "A read " << read << " and discarded " << e.unreadDiscardedBytes
                        << " unread bytes but only " << m_log.arrivedPrefix
                        << " arrived in sequence; ";
                }
            }
        }
        if (!why.str().empty())
        {
            Violation(BYTE_ACCOUNTING, why.str());
        }
    }

    /*
     * four-way-no-discard. B answers A's FIN with an ACK and keeps sending
     * (half-close): a B that completes its close (orderly) has sent its whole
     * response. Only an abort of B (timeout or reset) ends its connection with
     * data unsent, and a B that never got A's request never wrote a response
     * (then it is open or aborted, which ends-closed and abort-cause judge).
     */
    void NoDiscard()
    {
        if (m_variant.finResponse != TcpTeardownSocket::ACK_THEN_FIN || m_r.discardedBytes == 0 ||
            m_r.b.outcome != CloseOutcome::ORDERLY)
        {
            return;
        }
        std::ostringstream why;
        why << "B discarded " << m_r.discardedBytes << " bytes with outcome "
            << CloseOutcomeName(m_r.b.outcome) << " in a four-way close";
        Violation(FOUR_WAY_NO_DISCARD, why.str());
    }

    /*
     * complete-delivery. A completes its close (TIME_WAIT, or CLOSED orderly
     * without TIME_WAIT) only on B's FIN in sequence, which follows every byte
     * B sent: A's application has read the response up to B's FIN, and nothing
     * is lost. In an orderly/orderly four-way close nothing is discarded either:
     * delivered = pending.
     */
    void CompleteDelivery()
    {
        const EndView& a = m_ends[0];
        bool completed = a.reachedTimeWait || m_r.a.outcome == CloseOutcome::ORDERLY;
        std::ostringstream why;
        if (completed)
        {
            if (m_r.lostBytes != 0)
            {
                why << "A completed its close (" << CloseOutcomeName(m_r.a.outcome) << " from "
                    << Name(a.beforeClosed) << ") but " << m_r.lostBytes
                    << " bytes B sent were lost; ";
            }
            if (m_log.haveResponseStart)
            {
                uint64_t read = m_response - m_r.pendingAtCloseBytes + m_r.deliveredBytes;
                if (!m_log.bFinSeen)
                {
                    why << "A completed its close but B sent no FIN; ";
                }
                else if (static_cast<int64_t>(read) !=
                         std::min<int64_t>(m_log.bFinOffset, m_response))
                {
                    why << "A completed its close having read " << read
                        << " bytes, B's FIN is at byte " << m_log.bFinOffset << "; ";
                }
            }
        }
        if (m_variant.finResponse == TcpTeardownSocket::ACK_THEN_FIN &&
            m_r.a.outcome == CloseOutcome::ORDERLY && m_r.b.outcome == CloseOutcome::ORDERLY &&
            m_r.deliveredBytes != m_r.pendingAtCloseBytes)
        {
            why << "orderly/orderly four-way close delivered " << m_r.deliveredBytes << " of "
                << m_r.pendingAtCloseBytes << " pending bytes; ";
        }
        if (!why.str().empty())
        {
            Violation(COMPLETE_DELIVERY, why.str());
        }
    }

    /*
     * fin-budget: a FIN is sent once and retransmitted at most FinRetries
     * times in one retry series (the budget starts again when an ACK
     * acknowledges new data, as the retransmission counter of RFC 9293's R2
     * and Linux's tcp_orphan_retries do).
     */
    void FinBudget(const EndView& end)
    {
        RetrySeries series = SeriesOf(m_out, end.out, end.closed ? end.closedAt : Seconds(-1));
        if (series.mostFins > 1 + m_settings.finRetries + m_settings.lossProbes)
        {
            std::ostringstream why;
            why << end.name << " sent " << series.mostFins
                << " FINs in one retry series, more than 1 + FinRetries (" << m_settings.finRetries
                << ")";
            Violation(FIN_BUDGET, why.str());
        }
    }

    /*
     * fin-is-last. The FIN occupies the last sequence number of its sender's
     * stream (RFC 9293 3.6: "no more data from sender"): once an end sent a
     * FIN, no segment of it carries data beyond that FIN, and every FIN it
     * sends (retransmissions too) sits at the same place.
     */
    void FinIsLast(const EndView& end)
    {
        bool finSent = false;
        uint32_t finSeq = 0;
        for (const auto& s : m_out.segments)
        {
            if (s.direction != end.out)
            {
                continue;
            }
            uint32_t endSeq = s.seq + s.length;
            bool dataBeyond = s.length > 0 && static_cast<int32_t>(endSeq - finSeq) > 0;
            bool finElsewhere = IsFin(s) && endSeq != finSeq;
            if (finSent && (dataBeyond || finElsewhere))
            {
                std::ostringstream why;
                why << end.name << " sent " << (IsFin(s) ? "a FIN" : "data") << " at seq " << s.seq
                    << " length " << s.length << " (" << SecondsText(s.sentTime)
                    << " s) after its FIN at seq " << finSeq;
                Violation(FIN_IS_LAST, why.str());
                return;
            }
            if (IsFin(s) && !finSent)
            {
                finSent = true;
                finSeq = endSeq;
            }
        }
    }

    /*
     * no-resend-of-acked. Segments "entirely acknowledged are removed" from
     * the retransmission queue (RFC 9293 3.10.7.4, ESTABLISHED ACK
     * processing), so no end queues data (or a FIN) for sending that a
     * cumulative ACK it had received already covered. The log has the start
     * of each transmission, not the moment TCP queued the segment (a queue
     * disc of 1000 packets sits in front of the device queue), so a segment is
     * judged against the ACKs that arrived before its sender's link last went
     * idle: a segment sent in a busy period was queued after that period
     * began (the queues were empty then). Only ACKs of acceptable segments
     * count: an unacceptable segment (entirely below RCV.NXT) is answered
     * with an ACK and dropped, its ACK field unread. SACK blocks are not in
     * the log: data only selectively acknowledged is not judged.
     */
    void NoResendOfAcked(const EndView& end)
    {
        std::vector<const SegmentRecord*> sent;
        for (const auto& s : m_out.segments)
        {
            if (s.direction == end.out)
            {
                sent.push_back(&s);
            }
        }
        std::vector<std::pair<Time, uint32_t>> acks = AcceptableAcks(
            m_out,
            end.out == LinkDirection::A_TO_B ? LinkDirection::B_TO_A : LinkDirection::A_TO_B);
        std::stable_sort(sent.begin(),
                         sent.end(),
                         [](const SegmentRecord* x, const SegmentRecord* y) {
                             return x->sentTime < y->sentTime;
                         });
        Time delay = ns3::Seconds(m_params.delayS);
        Time busyStart;
        Time busyEnd = ns3::Seconds(-1);
        for (const SegmentRecord* s : sent)
        {
            if (s->sentTime > busyEnd + NanoSeconds(1))
            {
                busyStart = s->sentTime; // the link was idle: the queues were empty
            }
            busyEnd = std::max(busyEnd, s->time - delay);
            if ((s->length == 0 && !IsFin(*s)) || (s->flags & TcpHeader::SYN))
            {
                continue;
            }
            uint32_t segEnd = s->seq + s->length + (IsFin(*s) ? 1 : 0);
            for (const auto& a : acks)
            {
                if (a.first + NanoSeconds(1) >= busyStart)
                {
                    break;
                }
                if (static_cast<int32_t>(a.second - segEnd) >= 0)
                {
                    std::ostringstream why;
                    why << end.name << " sent seq " << s->seq << " length " << s->length
                        << (IsFin(*s) ? " with FIN" : "") << " at " << SecondsText(s->sentTime)
                        << " s (queued after " << SecondsText(busyStart)
                        << " s), already covered by ACK " << a.second << " that reached it at "
                        << SecondsText(a.first) << " s";
                    Violation(NO_RESEND_OF_ACKED, why.str());
                    return;
                }
            }
        }
    }

    /*
     * rst-cause. The rules name two senders of RST here: the stack (or B's
     * listener) answering a segment for a connection that no longer exists
     * (RFC 9293 3.10.7.1/3.10.7.2: <SEQ=SEG.ACK><CTL=RST> when that segment
     * has an ACK; never in answer to a RST), and an abort (RFC 9293 3.10.5,
     * ABORT): B's RstOnDiscard close dropping unsent data, a Close() with
     * unread data; and, under RstOnGiveUp, the RST an end sends as it gives
     * up on a retry limit (4.4BSD tcp_drop), numbered SND.MAX.
     */
    void RstCause()
    {
        uint32_t aborts[2] = {0, 0}; // own abort RSTs per end
        for (const auto& rst : m_out.segments)
        {
            if (!IsRst(rst))
            {
                continue;
            }
            const EndView& sender = rst.direction == LinkDirection::A_TO_B ? m_ends[0] : m_ends[1];
            std::ostringstream what;
            what << "RST from " << sender.name << " sent at " << SecondsText(rst.sentTime)
                 << " s (seq " << rst.seq << ")";
            // B without an accepted connection answers from its listener
            Time goneSince = sender.started ? sender.closedAt : Seconds(0);
            bool gone = !sender.started || (sender.closed && sender.closedAt <= rst.sentTime);
            if (!gone)
            {
                Violation(RST_CAUSE,
                          what.str() + " while " + sender.name + " was still in a connection (" +
                              Name(sender.lastState) + ")");
                continue;
            }
            uint32_t& senderAborts = aborts[sender.name == 'A' ? 0 : 1];
            // an own abort: no RST had reached the end before it closed (one
            // arriving later, e.g. the peer's give-up RST, met no connection)
            Time rstIn = FirstRstArrival(m_out, sender);
            bool notResetBefore = rstIn.IsNegative() || rstIn > sender.closedAt;
            bool ownAbort =
                AbortedOnDiscard(m_r, m_variant, sender) || AbortedOnUnreadData(sender) ||
                AbortedOnDataAfterClose(sender) ||
                (AbortedByApplication(sender) && (sender.beforeClosed == TcpSocket::ESTABLISHED ||
                                                  sender.beforeClosed == TcpSocket::CLOSE_WAIT ||
                                                  sender.beforeClosed == TcpSocket::FIN_WAIT_1 ||
                                                  sender.beforeClosed == TcpSocket::FIN_WAIT_2));
            if (ownAbort && senderAborts == 0 && notResetBefore)
            {
                ++senderAborts; // the end's own abort RST: the first RST it sends
                continue;
            }
            if (GaveUpWithRst(sender) && senderAborts == 0)
            {
                ++senderAborts; // its give-up RST (RstOnGiveUp): the first RST it sends
                uint32_t sndMax = 0;
                if (SendMax(m_out, sender.out, sndMax) && rst.seq != sndMax)
                {
                    Violation(RST_CAUSE,
                              what.str() + ": the give-up RST of " + sender.name +
                                  " is not numbered SND.MAX (" + std::to_string(sndMax) + ")");
                }
                continue;
            }
            bool answered = false;
            for (const auto& s : m_out.segments)
            {
                if (s.direction == rst.direction || s.dropped || IsRst(s) || s.time < goneSince ||
                    s.time > rst.sentTime)
                {
                    continue;
                }
                if (!(s.flags & TcpHeader::ACK) || s.ack == rst.seq)
                {
                    answered = true;
                    break;
                }
            }
            if (!answered)
            {
                Violation(RST_CAUSE,
                          what.str() + " after " + sender.name + " closed at " +
                              SecondsText(sender.closedAt) +
                              " s answers no segment for the gone connection");
            }
        }
    }

    /**
     * FinWait2Timeout (Linux: tcp_fin_timeout) ends only an orphan's
     * FIN_WAIT_2: an end whose application called Close(), not one that only
     * shut down its sending side and still reads.
     */
    bool HasFinWait2Timeout(const EndView& end) const
    {
        return m_settings.finWait2TimeoutS > 0.0 && end.result->orphaned;
    }

    /*
     * RstOnGiveUp (4.4BSD's tcp_drop): an end that aborts on a retry limit
     * (FinRetries, DataRetries; not the FIN_WAIT_2 timeout, which sends
     * nothing) sends RST|ACK numbered SND.MAX as it closes.
     */
    bool GaveUpWithRst(const EndView& end) const
    {
        return m_settings.rstOnGiveUp && end.closed &&
               end.result->outcome == CloseOutcome::TIMEOUT &&
               !(end.beforeClosed == TcpSocket::FIN_WAIT_2 && HasFinWait2Timeout(end));
    }

    const RunOutput& m_out;
    const RunResult& m_r;
    const TeardownParams& m_params;
    InvariantSettings m_settings;
    CloseVariant m_variant;
    uint64_t m_response;
    LogView m_log;
    EndView m_ends[2];
    std::vector<InvariantViolation> m_violations;
};

/** SplitMix64: small, fast and the same on every platform. */
class SplitMix
{
  public:
    explicit SplitMix(uint64_t state)
        : m_state(state)
    {
    }

    uint64_t Next()
    {
        uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    /** \return uniform in [0, 1) */
    double Uniform()
    {
        return (Next() >> 11) * (1.0 / 9007199254740992.0);
    }

    /** \return uniform integer in [0, n) */
    uint64_t Below(uint64_t n)
    {
        return static_cast<uint64_t>(Uniform() * n);
    }

  private:
    uint64_t m_state;
};

/** \return seconds as a run with a Time flag "Nns" reads them back */
double
QuantizedSeconds(int64_t nanoseconds)
{
    return NanoSeconds(nanoseconds).GetSeconds();
}

std::string
ShellQuote(const std::string& arg)
{
    if (arg.find_first_not_of(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-=.:/,+") ==
        std::string::npos)
    {
        return arg;
    }
    std::string quoted = "'";
    for (char c : arg)
    {
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return quoted + "'";
}

/** Looks up an attribute's default: "ns3::Type::Attribute" -> value text. */
std::string
DefaultText(const std::string& name)
{
    size_t split = name.rfind("::");
    TypeId tid = TypeId::LookupByName(name.substr(0, split));
    TypeId::AttributeInformation info;
    NS_ABORT_MSG_UNLESS(tid.LookupAttributeByName(name.substr(split + 2), &info),
                        "no attribute " << name);
    return info.initialValue->SerializeToString(info.checker);
}
} // namespace

InvariantSettings
InvariantSettings::FromDefaults()
{
    return FromAttributes(DefaultText);
}

InvariantSettings
InvariantSettings::FromAttributes(const std::function<std::string(const std::string&)>& value)
{
    InvariantSettings s;
    s.finRetries = std::stoul(value("ns3::TcpTeardownSocket::FinRetries"));
    s.dataRetries = std::stoul(value("ns3::TcpSocket::DataRetries"));
    s.finWait2TimeoutS = Time(value("ns3::TcpTeardownSocket::FinWait2Timeout")).GetSeconds();
    s.ignoreRstInTimeWait = value("ns3::TcpTeardownSocket::IgnoreRstInTimeWait") == "true";
    s.rstOnGiveUp = value("ns3::TcpTeardownSocket::RstOnGiveUp") == "true";
    s.lossProbes = value("ns3::TcpTeardownSocket::TailLossProbe") == "true" ? 1 : 0;
    return s;
}

const std::vector<std::string>&
InvariantNames()
{
    static const std::vector<std::string> names = {ENDS_CLOSED,
                                                   ABORT_CAUSE,
                                                   COMPLETED_IS_ORDERLY,
                                                   RFC_EDGES,
                                                   BYTE_ACCOUNTING,
                                                   FOUR_WAY_NO_DISCARD,
                                                   COMPLETE_DELIVERY,
                                                   FIN_BUDGET,
                                                   FIN_IS_LAST,
                                                   NO_RESEND_OF_ACKED,
                                                   RST_CAUSE};
    return names;
}

std::vector<InvariantViolation>
CheckInvariants(const RunOutput& out,
                const TeardownParams& params,
                const InvariantSettings& settings)
{
    return Checker(out, params, settings).Run();
}

InvariantCase
InvariantCase::Draw(uint64_t seed, uint64_t index)
{
    SplitMix rng(seed * 0xD1B54A32D192ED03ULL ^ (index + 1) * 0x9E3779B97F4A7C15ULL);
    rng.Next();
    InvariantCase c;
    c.index = index;
    TeardownParams& p = c.params;
    const auto& variants = CloseVariant::All();
    CloseVariant variant = variants[rng.Below(variants.size())];
    p.variant = variant.name;

    // B's response: 0 to 100 KB, one in ten empty, most small (cheap), a
    // log-uniform tail up to 100 KB
    double u = rng.Uniform();
    if (u < 0.1)
    {
        p.responseBytes = 0;
    }
    else if (u < 0.55)
    {
        p.responseBytes = 1 + rng.Below(2000);
    }
    else
    {
        p.responseBytes =
            static_cast<uint32_t>(std::lround(2000.0 * std::exp(rng.Uniform() * std::log(50.0))));
    }
    p.mslS = (50 + rng.Below(1951)) / 1000.0; // 0.05 to 2 s, whole ms
    p.closeDelayS =
        rng.Below(2) ? QuantizedSeconds(static_cast<int64_t>(rng.Below(200001)) * 1000) : 0.0;
    p.serverDelayS =
        rng.Below(2) ? QuantizedSeconds(static_cast<int64_t>(rng.Below(200001)) * 1000) : 0.0;
    // B still working when A's FIN arrives (its response produced over time)
    p.workAfterFinS =
        rng.Below(3) == 0 ? QuantizedSeconds(static_cast<int64_t>(rng.Below(500001)) * 1000) : 0.0;
    const uint32_t queues[] = {3, 10, 100};
    p.queuePackets = queues[rng.Below(3)];
    p.lossScope = rng.Uniform() < 0.3 ? "run" : "close";

    c.delAckCount = 1 + rng.Below(2);
    c.minRtoS = rng.Below(2) ? 1.0 : 0.2;
    c.sack = rng.Below(2);
    const uint32_t finRetries[] = {2, 4, 8};
    c.finRetries = finRetries[rng.Below(3)];
    if (variant.finResponse == TcpTeardownSocket::FIN_ACK_DISCARD && rng.Uniform() < 0.25)
    {
        p.rstOnDiscard = "yes";
    }

    // loss pattern
    const char* patterns[] = {"none", "independent", "burst", "targeted", "mixed"};
    c.pattern = patterns[rng.Below(5)];
    bool random = c.pattern == "independent" || c.pattern == "burst" || c.pattern == "mixed";
    bool targeted = c.pattern == "targeted" || c.pattern == "mixed";
    if (random)
    {
        p.lossA2B = rng.Below(301) / 1000.0; // 0 to 30 %
        p.lossB2A = rng.Below(2) ? p.lossA2B : rng.Below(301) / 1000.0;
        bool burst = c.pattern == "burst" || (c.pattern == "mixed" && rng.Below(2));
        if (burst)
        {
            p.lossBurst = (15 + rng.Below(36)) / 10.0; // 1.5 to 5 segments
        }
    }
    if (targeted)
    {
        const char* kinds[] = {"fin", "ack-of-fin", "data", "last-data", "rst", "syn", "any"};
        uint64_t rules = 1 + rng.Below(3);
        for (uint64_t i = 0; i < rules; ++i)
        {
            std::string dir = rng.Below(2) ? "a2b" : "b2a";
            std::string kind = kinds[rng.Below(7)];
            uint64_t k = 1 + rng.Below(3);
            std::string which = std::to_string(k);
            double w = rng.Uniform();
            if (w < 0.3)
            {
                which += "-" + std::to_string(k + 1 + rng.Below(3));
            }
            else if (w < 0.4 && kind != "syn" && kind != "any")
            {
                which = "all";
            }
            p.drop += (p.drop.empty() ? "" : ";") + dir + ":" + kind + ":" + which;
        }
    }
    p.rngRun = 1 + rng.Below(1000000000);
    // one case in five over IPv6 (drawn last: the other draws of a case do
    // not depend on it)
    p.ipv6 = rng.Below(5) == 0 ? "yes" : "no";
    // one case in four of the module's socket under --profile=linux (drawn
    // after the rest, which it does not change)
    if (!variant.stockSocket && rng.Below(4) == 0)
    {
        p.profile = "linux";
    }
    // A's close strategy, drawn after the rest: four in ten cases keep the
    // half close; ns-3's own socket has only its Close() (half-close or
    // full-close, both Close() there); the linger timeout, 1 ms to 3 s,
    // falls before, inside or after the response
    if (!variant.stockSocket)
    {
        const char* strategies[] = {"full-close", "abortive", "lingering"};
        p.strategy = rng.Uniform() < 0.4 ? "half-close" : strategies[rng.Below(3)];
    }
    else
    {
        p.strategy = rng.Below(2) ? "full-close" : "half-close";
    }
    if (p.strategy == "lingering")
    {
        p.lingerTimeoutS = (1 + rng.Below(3000)) / 1000.0;
    }
    // half of the module's socket cases keep TIME_WAIT as a compact record in
    // TcpTeardownL4Protocol (drawn last: the other draws do not depend on it;
    // the invariants must hold the same)
    if (!variant.stockSocket && rng.Below(2) == 0)
    {
        p.compactTimeWait = "yes";
    }
    if (!variant.stockSocket)
    {
        // Simulated idle time costs nothing (the run is events), so the stop
        // time is far beyond the module's default (600 s + 4 MSL): under
        // heavy loss a SYN backoff of minutes can precede the close, and an
        // end still busy at the stop time would look open.
        p.stopS = std::ceil(p.startS + p.closeDelayS + p.serverDelayS + p.workAfterFinS + 3600.0 +
                            4 * p.mslS);
    }
    else
    {
        // ns-3's socket resends a bare FIN every MinRto without backoff until
        // the run ends; only byte accounting is checked, which holds at any time.
        p.stopS = std::ceil(p.startS + p.closeDelayS + p.serverDelayS + p.workAfterFinS + 60.0 +
                            4 * p.mslS);
    }
    return c;
}

std::vector<std::pair<std::string, std::string>>
InvariantCase::Attributes() const
{
    std::vector<std::pair<std::string, std::string>> drawn = {
        {"ns3::TcpSocket::DelAckCount", std::to_string(delAckCount)},
        {"ns3::TcpSocketBase::MinRto", minRtoS == 1.0 ? "1s" : "200ms"},
        {"ns3::TcpSocketBase::Sack", sack ? "true" : "false"},
        {"ns3::TcpTeardownSocket::FinRetries", std::to_string(finRetries)}};
    if (params.profile != "linux")
    {
        return drawn;
    }
    // the profile sets these itself, and an attribute on the command line
    // would win over it: the command that repeats the case leaves them out
    std::vector<std::pair<std::string, std::string>> kept;
    for (const auto& a : drawn)
    {
        if (LinuxProfile::ValueOf(a.first).empty())
        {
            kept.push_back(a);
        }
    }
    return kept;
}

InvariantSettings
InvariantCase::Settings() const
{
    // what the case's sockets run with: the profile's value where it sets
    // one, else the drawn FinRetries, else the attribute's default
    return InvariantSettings::FromAttributes([this](const std::string& path) {
        std::string profiled = params.profile == "linux" ? LinuxProfile::ValueOf(path) : "";
        if (!profiled.empty())
        {
            return profiled;
        }
        if (path == "ns3::TcpTeardownSocket::FinRetries")
        {
            return std::to_string(finRetries);
        }
        return DefaultText(path);
    });
}

RunOutput
InvariantCase::Run() const
{
    std::vector<std::pair<std::string, std::string>> saved;
    for (const auto& a : Attributes())
    {
        saved.emplace_back(a.first, DefaultText(a.first));
        Config::SetDefault(a.first, StringValue(a.second));
    }
    TeardownScenario scenario(params);
    scenario.SetKeepTransitions(true);
    scenario.SetKeepSegments(true);
    RunOutput out;
    try
    {
        out = scenario.Run(index);
    }
    catch (...)
    {
        for (const auto& a : saved)
        {
            Config::SetDefault(a.first, StringValue(a.second));
        }
        throw;
    }
    for (const auto& a : saved)
    {
        Config::SetDefault(a.first, StringValue(a.second));
    }
    return out;
}

std::string
InvariantCase::Command() const
{
    return TeardownCommand(params, Attributes());
}

std::string
TeardownCommand(const TeardownParams& p,
                const std::vector<std::pair<std::string, std::string>>& attributes)
{
    // the parameters through the schema (CommandFor), the attributes before
    // --RngSeed and --RngRun
    std::vector<std::string> args = ParamCommandLine::CommandFor(p);
    args.insert(args.end() - 2, attributes.size(), "");
    for (size_t i = 0; i < attributes.size(); ++i)
    {
        args[args.size() - 2 - attributes.size() + i] =
            "--" + attributes[i].first + "=" + attributes[i].second;
    }
    std::string command;
    for (const auto& a : args)
    {
        command += (command.empty() ? "" : " ") + ShellQuote(a);
    }
    return command;
}

} // namespace ns3
