/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * B still working when A's FIN arrives (--workAfterFin W): B's application
 * writes its response one 536-byte segment at a time at a steady rate over
 * closeDelay + W, from when it has read the request. Each case works the
 * timeline out from the link (close-test-case.h): the request leaves A
 * behind the handshake's ACK, A's FIN leaves at its close call (closeDelay
 * after the request) on an idle link; chunk k is written at
 * t0 + T min(536 k, R) / R. Four-way: B stays in CLOSE_WAIT until its last
 * chunk and every byte arrives. Three-way (B answers A's FIN with FIN+ACK):
 * what B had written when A's FIN arrived is sent, the rest is discarded.
 */

#include "close-test-case.h"

#include "ns3/param-schema.h"

using namespace ns3;
using namespace ns3::teardowntest;

namespace
{
const uint32_t MSS = 536;        //!< SegmentSize of the test stack
const uint32_t RESPONSE = 20000; //!< B's response: 37 segments and 168 bytes
const double CLOSE_DELAY = 0.1;  //!< A closes this long after its request
const double MARGIN = 1e-4;      //!< no chunk is written this close to A's FIN

/** When B has read A's request (sent at HandshakeDone behind the handshake's ACK). */
double
RequestAtB()
{
    return HandshakeDone() + AckTx() + RequestTx() + DELAY;
}

/** When A's FIN, sent at its close call on an idle link, reaches B. */
double
FinAtB()
{
    return HandshakeDone() + CLOSE_DELAY + AckTx() + DELAY;
}

/** \return when chunk \p k (from 1) is written, production time \p T */
double
ChunkWritten(uint32_t k, double T)
{
    return RequestAtB() + T * double(std::min(MSS * k, RESPONSE)) / double(RESPONSE);
}

/** \return when chunk \p k arrives at A: sent on an idle link as written */
double
ChunkAtA(uint32_t k, double T)
{
    uint32_t bytes = std::min(MSS, RESPONSE - (k - 1) * MSS);
    return ChunkWritten(k, T) + Tx(Wire(bytes)) + DELAY;
}

/** \return bytes of the chunks written before \p t */
uint32_t
WrittenBefore(double t, double T, TableCase& tc)
{
    uint32_t bytes = 0;
    for (uint32_t k = 1; (k - 1) * MSS < RESPONSE; ++k)
    {
        tc.Expect(std::abs(ChunkWritten(k, T) - t) > MARGIN, "no chunk written at that instant");
        if (ChunkWritten(k, T) < t)
        {
            bytes = std::min(RESPONSE, k * MSS);
        }
    }
    return bytes;
}

/** \return bytes that reached A before its close call */
uint32_t
ArrivedBeforeClose(double T, TableCase& tc)
{
    double closeCall = HandshakeDone() + CLOSE_DELAY;
    uint32_t bytes = 0;
    for (uint32_t k = 1; (k - 1) * MSS < RESPONSE; ++k)
    {
        tc.Expect(std::abs(ChunkAtA(k, T) - closeCall) > MARGIN, "no chunk arrives at the close");
        // A's ACK of each chunk (sent at its arrival) is off the link by then
        tc.Expect(ChunkAtA(k, T) + AckTx() < closeCall || ChunkAtA(k, T) > closeCall,
                  "the link is idle at A's close call");
        if (ChunkAtA(k, T) < closeCall)
        {
            bytes = std::min(RESPONSE, k * MSS);
        }
    }
    return bytes;
}

TeardownParams
WorkParams(const std::string& variant, double work)
{
    TeardownParams p = CloseTestCase::BaseParams(variant);
    p.responseBytes = RESPONSE;
    p.closeDelayS = CLOSE_DELAY;
    p.workAfterFinS = work;
    return p;
}

/** \return B's dwell in its first visit to \p state (< 0: none) */
double
DwellOf(const RunOutput& out, char endpoint, TcpSocket::TcpStates_t state)
{
    for (const auto& v : CloseTestCase::Visits(out, endpoint))
    {
        if (v.state == state)
        {
            return v.dwell;
        }
    }
    return -1.0;
}

// Four-way: B acknowledges A's FIN, keeps writing until t0 + closeDelay + W,
// then closes: CLOSE_WAIT lasts from A's FIN to B's last chunk, and every
// byte reaches A (nothing discarded, nothing lost).
void
FourWayDeliversAll(TableCase& tc, double work)
{
    const double T = CLOSE_DELAY + work;
    RunOutput out = tc.RunScenario(WorkParams("four-way", work));
    uint32_t before = ArrivedBeforeClose(T, tc);
    tc.Expect(FinAtB() < RequestAtB() + T, "B is still producing when A's FIN arrives");
    tc.ExpectEq(out.result.pendingAtCloseBytes, RESPONSE - before, "pending at A's close call");
    tc.CheckEnd(out, CloseOutcome::ORDERLY, CloseOutcome::ORDERLY, RESPONSE - before, 0, 0);
    tc.ExpectNear(DwellOf(out, 'B', TcpSocket::CLOSE_WAIT),
                  RequestAtB() + T - FinAtB(),
                  "B's CLOSE_WAIT: from A's FIN to its last chunk");
}

// Three-way (B answers A's FIN with FIN+ACK and closes its side): the
// chunks written before A's FIN are sent ahead of the FIN and delivered;
// the rest cannot be queued: discarded.
void
ThreeWayDiscardsTheRest(TableCase& tc, const std::string& variant, double work)
{
    const double T = CLOSE_DELAY + work;
    RunOutput out = tc.RunScenario(WorkParams(variant, work));
    uint32_t before = ArrivedBeforeClose(T, tc);
    uint32_t written = WrittenBefore(FinAtB(), T, tc);
    tc.Expect(written < RESPONSE, "work remains at A's FIN");
    tc.ExpectEq(out.result.pendingAtCloseBytes, RESPONSE - before, "pending at A's close call");
    tc.CheckEnd(out,
                CloseOutcome::ORDERLY,
                CloseOutcome::ORDERLY,
                written - before,
                RESPONSE - written,
                0);
}

// Simultaneous: both ends close when B has written its last chunk; what
// is still on its way to A then arrives after A's close call.
void
SimultaneousAfterLastChunk(TableCase& tc)
{
    const double work = 0.25;
    const double T = CLOSE_DELAY + work;
    RunOutput out = tc.RunScenario(WorkParams("simultaneous", work));
    double closeCall = RequestAtB() + T;
    uint32_t after = 0;
    for (uint32_t k = 1; (k - 1) * MSS < RESPONSE; ++k)
    {
        tc.Expect(std::abs(ChunkAtA(k, T) - closeCall) > MARGIN, "no chunk arrives at the close");
        if (ChunkAtA(k, T) > closeCall)
        {
            after += std::min(MSS, RESPONSE - (k - 1) * MSS);
        }
    }
    tc.Expect(after > 0, "chunks are on their way at the close");
    tc.ExpectNear(out.result.closeCallS, closeCall, "A's close call at B's last chunk");
    tc.CheckEnd(out, CloseOutcome::ORDERLY, CloseOutcome::ORDERLY, after, 0, 0);
}

void
Parameter(TableCase& tc)
{
    const ParamSpec* work = ParamSchema::Find("workAfterFin");
    tc.Expect(work != nullptr, "workAfterFin is a schema entry");
    if (!work)
    {
        return;
    }
    tc.Expect(work->Column() == "work_after_fin_s", "column work_after_fin_s");
    tc.Expect(work->defaultText == "0", "default 0: the whole response at once");
    tc.Expect(work->Canonical("200ms") == "0.2", "a time in ns-3 units");
    bool threw = false;
    try
    {
        work->Canonical("-0.1");
    }
    catch (const ParamError& e)
    {
        threw = std::string(e.what()).find("--workAfterFin=-0.1") == 0;
    }
    tc.Expect(threw, "a negative work time is refused by name");
}

class WorkAfterFinTestSuite : public TableSuite
{
  public:
    WorkAfterFinTestSuite()
        : TableSuite("tcp-teardown-work-after-fin")
    {
        for (double work : {0.05, 0.2, 0.5})
        {
            std::string w = std::to_string(work).substr(0, 4);
            Add("four-way, work " + w + " s: CLOSE_WAIT until the last chunk, all delivered",
                [work](TableCase& tc) { FourWayDeliversAll(tc, work); });
            for (const char* variant : {"three-way", "three-way-direct"})
            {
                Add(std::string(variant) + ", work " + w +
                        " s: chunks written before A's FIN delivered, the rest discarded",
                    [variant, work](TableCase& tc) { ThreeWayDiscardsTheRest(tc, variant, work); });
            }
        }
        Add("simultaneous: both close after B's last chunk", SimultaneousAfterLastChunk);
        Add("parameter workAfterFin", Parameter);
    }
};

WorkAfterFinTestSuite g_workAfterFinTestSuite;
} // namespace
