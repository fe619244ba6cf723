/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TimeWaitRules: the one statement of what TIME_WAIT does with an arriving
 * segment, for the full socket and for the compact records alike.
 */

#include "time-wait-rules.h"

#include "ns3/log.h"
#include "ns3/tcp-option-ts.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownTimeWaitRules");

bool
TimeWaitRules::IsAcceptable(SequenceNumber32 next,
                            uint32_t window,
                            const TcpHeader& header,
                            uint32_t payload)
{
    // RFC 9293 3.10.7.4, the four cases of the acceptability test; SYN and
    // FIN occupy one sequence number each
    uint8_t flags = header.GetFlags();
    uint32_t length =
        payload + ((flags & TcpHeader::SYN) ? 1 : 0) + ((flags & TcpHeader::FIN) ? 1 : 0);
    SequenceNumber32 seq = header.GetSequenceNumber();
    auto inWindow = [next, window](SequenceNumber32 s) {
        return s >= next && s < next + static_cast<int32_t>(window);
    };
    if (length == 0)
    {
        return window == 0 ? seq == next : inWindow(seq);
    }
    if (seq + static_cast<int32_t>(length) == next)
    {
        // A departure, as Linux's tcp_sequence (end >= RCV.NXT): a segment
        // that ends exactly at RCV.NXT, typically a retransmission of the
        // peer's FIN, is taken for its ACK field (its text and FIN are
        // duplicates, acknowledged again). RFC 9293's test would drop it with
        // the acknowledgment it carries, which a simultaneous close in
        // CLOSING may be waiting for.
        return true;
    }
    if (window == 0)
    {
        return false;
    }
    return inWindow(seq) || inWindow(seq + static_cast<int32_t>(length - 1));
}

void
TimeWaitRules::RecordTimestamp(TimeWaitView& view,
                               uint32_t tsVal,
                               uint32_t tsEcr,
                               SequenceNumber32 seq)
{
    // as ns-3's TcpSocketBase::ProcessOptionTimestamp: a smaller TSval is not saved
    if (view.tsLastRcv > tsVal)
    {
        return;
    }
    view.tsLastRcv = tsVal;
    view.tsLastEcho = tsEcr;
    if (seq == view.rcvNxt && seq <= view.highTxAck)
    {
        view.tsRecent = tsVal;
    }
}

bool
TimeWaitRules::AcceptsNewIncarnation(const TimeWaitView& view, const TcpHeader& header)
{
    // RFC 6191 section 2 (the "last sequence number seen" is RCV.NXT, past
    // the peer's FIN)
    bool isnBeyond = header.GetSequenceNumber() > view.rcvNxt;
    bool synHasTs = header.HasOption(TcpOption::TS);
    if (view.tsEnabled && synHasTs)
    {
        uint32_t tsVal =
            DynamicCast<const TcpOptionTS>(header.GetOption(TcpOption::TS))->GetTimestamp();
        // newer in modular arithmetic (RFC 7323): TS.Recent is the last TSval echoed
        auto newer = static_cast<int32_t>(tsVal - view.tsRecent);
        return newer > 0 || (newer == 0 && isnBeyond);
    }
    if (!view.tsEnabled && synHasTs)
    {
        return true; // the old incarnation had no timestamps, the new one has
    }
    return isnBeyond;
}

TimeWaitActions
TimeWaitRules::Decide(TimeWaitView& view,
                      const TimeWaitSettings& settings,
                      const TcpHeader& header,
                      uint32_t payload)
{
    TimeWaitActions a;
    uint8_t flags = header.GetFlags();
    if ((flags & TcpHeader::SYN) && !(flags & (TcpHeader::ACK | TcpHeader::RST)))
    {
        // RFC 9293 3.10.7.4 (fourth, TIME-WAIT) and RFC 6191: a SYN for the
        // 4-tuple of a connection in TIME_WAIT; the timer is not restarted
        a.synPath = true;
        if (AcceptsNewIncarnation(view, header))
        {
            NS_LOG_INFO("SYN of a new incarnation ends TIME_WAIT (RFC 6191)");
            a.end = TimeWaitActions::REOPEN;
        }
        else
        {
            a.challengeAckTx = 1;
            a.sendAck = true;
        }
        return a;
    }
    if (flags & TcpHeader::RST)
    {
        a.rstRx = 1;
    }
    // any other SYN: challenge ACK (RFC 5961 section 4)
    if ((flags & TcpHeader::SYN) && !(flags & TcpHeader::RST))
    {
        a.challengeAckTx = 1;
        a.sendAck = true;
        return a;
    }
    bool hasTs = header.HasOption(TcpOption::TS);
    Ptr<const TcpOptionTS> ts =
        hasTs ? DynamicCast<const TcpOptionTS>(header.GetOption(TcpOption::TS)) : nullptr;
    // PAWS (RFC 7323 5.3 R1): older than TS.Recent is unacceptable; a RST is exempt
    if (settings.paws && view.tsEnabled && !(flags & TcpHeader::RST) && hasTs &&
        static_cast<int32_t>(ts->GetTimestamp() - view.tsRecent) < 0)
    {
        NS_LOG_INFO("PAWS: TSval " << ts->GetTimestamp() << " older than TS.Recent "
                                   << view.tsRecent << ": ACK and drop");
        a.pawsDrops = 1;
        a.sendAck = true;
        return a;
    }
    SequenceNumber32 seq = header.GetSequenceNumber();
    if (!IsAcceptable(view.rcvNxt, view.rcvWnd, header, payload))
    {
        a.unacceptableRx = 1;
        if (flags & TcpHeader::RST)
        {
            NS_LOG_INFO("RST outside the window: dropped");
            return a;
        }
        if (view.rcvWnd == 0 && seq == view.rcvNxt && (flags & TcpHeader::ACK) &&
            (!view.tsEnabled || hasTs))
        {
            // with a zero window, valid ACKs are still accepted (RFC 9293)
            if (view.tsEnabled)
            {
                RecordTimestamp(view, ts->GetTimestamp(), ts->GetEcho(), seq);
            }
            if (header.GetAckNumber() > view.sndNxt)
            {
                a.sendAck = true; // acknowledges something not yet sent
                return a;
            }
        }
        // Old segments restart the TIME_WAIT timer only as Linux does it.
        if (settings.ackRestart && (flags & TcpHeader::ACK))
        {
            a.timeWaitRestarts = 1;
            a.restart = true;
            a.restartFirst = true;
        }
        a.sendAck = true;
        return a;
    }
    if (flags & TcpHeader::RST)
    {
        if (settings.rfc5961 && seq != view.rcvNxt)
        {
            NS_LOG_INFO("RST in the window but not at RCV.NXT: challenge ACK (RFC 5961)");
            a.challengeAckTx = 1;
            a.sendAck = true;
            return a;
        }
        a.rstAccepted = 1;
        a.timeWaitRsts = 1;
        if (settings.ignoreRst)
        {
            NS_LOG_INFO("RST in TIME_WAIT ignored (RFC 1337)");
            return a;
        }
        a.end = TimeWaitActions::RST;
        return a;
    }
    if (!(flags & TcpHeader::ACK))
    {
        return a; // segments without ACK are dropped
    }
    if (view.tsEnabled)
    {
        if (!hasTs)
        {
            return a; // RFC 7323: silently discard
        }
        RecordTimestamp(view, ts->GetTimestamp(), ts->GetEcho(), seq);
    }
    if (header.GetAckNumber() > view.sndNxt)
    {
        a.sendAck = true; // acknowledges something not yet sent: ACK and drop
        return a;
    }
    if (flags & TcpHeader::FIN)
    {
        // a FIN we already processed: the peer did not get our ACK
        a.peerFinRx = 1;
        a.sendAck = true;
        a.timeWaitRestarts = 1;
        a.restart = true;
        a.restartFirst = false;
    }
    return a;
}

} // namespace ns3
