/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The foundation: the default scenario's close timeline (with ns-3's default
 * delayed ACKs), the result files, determinism, and input checking.
 */

#include "close-test-case.h"

#include "ns3/config.h"
#include "ns3/csv-file.h"
#include "ns3/drop-rule.h"
#include "ns3/output-file.h"
#include "ns3/run-writer.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace ns3;
using namespace ns3::teardowntest;

namespace
{
/**
 * Default parameters (5000 pending bytes, delayed ACKs every second segment)
 * with MSL 5 s: TIME_WAIT lasts exactly 10 s, everything pending is delivered,
 * and each state lasts what the link says.
 */
void
DefaultTimeline(TableCase& tc)
{
    TeardownParams p; // the program's defaults
    p.mslS = 5.0;
    TeardownScenario scenario(p);
    scenario.SetKeepTransitions(true);
    RunOutput out = scenario.Run();
    double a = Tx(HeaderBytes());
    double t0 = HandshakeDone();
    double finAtB = t0 + a + Tx(Wire(100)) + DELAY;
    double fw2 = finAtB + a + DELAY;
    // 5000 bytes: nine segments of 536 and one of 176 carrying B's FIN
    double finAtA = finAtB + a + 9 * Tx(Wire(536)) + Tx(Wire(176)) + DELAY;
    tc.CheckVisits(out, 'A', ActiveCloserVisits(t0, fw2, finAtA - fw2, 10.0));
    tc.CheckVisits(out,
                   'B',
                   {{TcpSocket::CLOSE_WAIT, 1e-9},
                    {TcpSocket::LAST_ACK, finAtA + a + DELAY - finAtB - 1e-9},
                    {TcpSocket::CLOSED, -1}});
    tc.CheckEnd(out, CloseOutcome::ORDERLY, CloseOutcome::ORDERLY, 5000);
    tc.ExpectEq(out.result.pendingAtCloseBytes, 5000, "pending at A's FIN");
    tc.ExpectNear(out.result.closeTimeS, finAtA + 10.0 - t0, "close completion time");
    tc.ExpectNear(out.result.a.holdTimeS, finAtA + 10.0 - t0, "A's hold time");
    tc.ExpectNear(out.result.b.holdTimeS, finAtA + a + DELAY - t0, "B's hold time");
    tc.ExpectEq(out.result.a.entries[TcpSocket::TIME_WAIT], 1, "TIME_WAIT entered once");
}

/** The files: header, one row, the values of the row. */
void
ResultFiles(TableCase& tc)
{
    TeardownParams p;
    p.mslS = 5.0;
    TeardownScenario scenario(p);
    scenario.SetKeepTransitions(true);
    scenario.SetKeepSegments(true);
    RunOutput out = scenario.Run(3);
    std::string dir = std::filesystem::temp_directory_path() / "tcp-teardown-test-files";
    std::filesystem::remove_all(dir);
    OutputFile::PrepareDirectory(dir);
    RunWriter::Append(dir, {out}, true, true);
    RunWriter::Append(dir, {out}, true, true); // appends, keeps what was there

    std::ifstream runs(dir + "/runs.csv");
    std::string header;
    std::string row1;
    std::string row2;
    std::string extra;
    std::getline(runs, header);
    std::getline(runs, row1);
    std::getline(runs, row2);
    tc.Expect(!std::getline(runs, extra), "runs.csv has one header and two rows");
    tc.Expect(row1 == row2, "the appended row equals the first");
    CsvFile::Row columns = CsvFile::Split(header);
    CsvFile::Row values = CsvFile::Split(row1);
    tc.ExpectEq(values.size(), columns.size(), "as many values as columns");
    auto value = [&](const std::string& name) {
        for (size_t i = 0; i < columns.size(); ++i)
        {
            if (columns[i] == name)
            {
                return values.at(i);
            }
        }
        tc.Expect(false, "runs.csv lacks column " + name);
        return std::string();
    };
    for (const char* name : {"variant",         "msl_s",        "loss_a2b",
                             "loss_b2a",        "rng_run",      "pending_at_close_bytes",
                             "delivered_bytes", "lost_bytes",   "a_outcome",
                             "b_outcome",       "close_time_s", "a_fin_wait_1_s",
                             "a_fin_wait_2_s",  "a_closing_s",  "a_time_wait_s",
                             "b_close_wait_s",  "b_last_ack_s", "discarded_bytes",
                             "a_fin_tx",        "b_fin_tx",     "a_rst_rx",
                             "b_rst_rx"})
    {
        value(name);
    }
    tc.Expect(value("run_index") == "3", "run_index");
    tc.Expect(value("variant") == "four-way", "variant");
    tc.Expect(value("a_time_wait_s") == "10",
              "a_time_wait_s = 2 x MSL, got " + value("a_time_wait_s"));
    tc.Expect(value("delivered_bytes") == "5000", "delivered_bytes");
    tc.Expect(value("pending_at_close_bytes") == "5000", "pending_at_close_bytes");
    tc.Expect(value("response_bytes") == "5000", "response_bytes");
    tc.Expect(value("lost_bytes") == "0", "lost_bytes");
    tc.Expect(value("a_outcome") == "orderly" && value("b_outcome") == "orderly", "outcomes");
    tc.Expect(value("a_end_state") == "TIME_WAIT" && value("b_end_state") == "LAST_ACK",
              "A ended from TIME_WAIT, B from LAST_ACK");
    tc.Expect(value("min_rto_s") == "1", "ns-3's MinRto (1 s) recorded");
    tc.Expect(value("fin_response") == "ack" && value("final_ack") == "yes" &&
                  value("time_wait_msl") == "2" && value("rst_on_discard") == "no",
              "the RFC close knobs of four-way");
    tc.ExpectEq(CsvFile::CountRows(dir + "/transitions.csv"),
                2 * out.transitions.size(),
                "transitions.csv rows");
    tc.ExpectEq(CsvFile::CountRows(dir + "/segments.csv"),
                2 * out.segments.size(),
                "segments.csv rows");
    // A: 6 transitions, B: 3
    tc.ExpectEq(out.transitions.size(), 9, "state changes of A and B");
    std::filesystem::remove_all(dir);
}

/** Same parameters and RngRun: the same row and the same segments. */
void
Determinism(TableCase& tc)
{
    TeardownParams p;
    p.lossA2B = 0.2;
    p.lossB2A = 0.2;
    p.rngRun = 7;
    auto run = [&p]() {
        TeardownScenario s(p);
        s.SetKeepSegments(true);
        return s.Run();
    };
    RunOutput first = run();
    RunOutput second = run();
    tc.Expect(first.result.Values() == second.result.Values(), "same row for the same RngRun");
    tc.ExpectEq(first.segments.size(), second.segments.size(), "same number of segments");
    p.rngRun = 8;
    RunOutput other = run();
    tc.Expect(first.result.randomDropsA2B + first.result.randomDropsB2A > 0,
              "20 % loss dropped something");
    bool differs = other.segments.size() != first.segments.size();
    for (size_t i = 0; !differs && i < first.segments.size(); ++i)
    {
        differs = first.segments[i].dropped != other.segments[i].dropped;
    }
    tc.Expect(differs, "another RngRun draws other losses");
}

/** Drop rules: what they parse to and how they are refused. */
void
DropRules(TableCase& tc)
{
    std::vector<DropRule> rules = DropRule::ParseList("a2b:fin:1; b2a:ack-of-fin:2-3;b2a:data:all");
    tc.ExpectEq(rules.size(), 3, "three rules");
    tc.Expect(rules[0].direction == LinkDirection::A_TO_B && rules[0].kind == SegmentKind::FIN &&
                  rules[0].first == 1 && rules[0].last == 1,
              "a2b:fin:1");
    tc.Expect(rules[1].direction == LinkDirection::B_TO_A &&
                  rules[1].kind == SegmentKind::ACK_OF_FIN && rules[1].first == 2 &&
                  rules[1].last == 3,
              "b2a:ack-of-fin:2-3");
    tc.Expect(rules[2].kind == SegmentKind::DATA && rules[2].first == 1 &&
                  rules[2].last == 0xffffffffu,
              "b2a:data:all");
    for (const char* bad : {"a2c:fin:1",
                            "a2b:fun:1",
                            "a2b:fin:0",
                            "a2b:fin:3-2",
                            "a2b:fin",
                            "a2b:fin:x",
                            "a2b:fin:1-"})
    {
        bool refused = false;
        try
        {
            DropRule::ParseList(bad);
        }
        catch (const std::invalid_argument& e)
        {
            refused = std::string(e.what()).find(bad) != std::string::npos;
        }
        tc.Expect(refused, std::string("refused, naming the rule: ") + bad);
    }
}

/** Bad parameters: refused with the flag and the value in the message. */
void
BadParameters(TableCase& tc)
{
    struct Bad
    {
        std::function<void(TeardownParams&)> set;
        std::string flag;
    };

    std::vector<Bad> cases = {
        {[](TeardownParams& p) { p.variant = "two-way"; }, "--variant=two-way"},
        {[](TeardownParams& p) { p.lossA2B = 1.5; }, "--lossA2B=1.5"},
        {[](TeardownParams& p) { p.lossB2A = -0.1; }, "--lossB2A=-0.1"},
        {[](TeardownParams& p) { p.mslS = -1; }, "--msl=-1"},
        {[](TeardownParams& p) { p.delayS = -0.01; }, "--delay=-0.01"},
        {[](TeardownParams& p) { p.rate = "0bps"; }, "--rate=0bps"},
        {[](TeardownParams& p) { p.rate = "fast"; }, "--rate=fast"},
        {[](TeardownParams& p) { p.drop = "a2b:fin:zero"; }, "--drop=a2b:fin:zero"},
        {[](TeardownParams& p) { p.lossScope = "sometimes"; }, "--lossScope=sometimes"},
        {[](TeardownParams& p) { p.finResponse = "maybe"; }, "--finResponse=maybe"},
    };
    for (const auto& c : cases)
    {
        TeardownParams p;
        c.set(p);
        std::string message;
        try
        {
            p.Validate();
        }
        catch (const ParamError& e)
        {
            message = e.what();
        }
        tc.Expect(message.rfind(c.flag + ":", 0) == 0,
                  "error for " + c.flag + " names it (got '" + message + "')");
    }
}

class TcpTeardownTestSuite : public TableSuite
{
  public:
    TcpTeardownTestSuite()
        : TableSuite("tcp-teardown")
    {
        Add("default scenario, MSL 5 s: timeline, TIME_WAIT 10 s, all bytes", DefaultTimeline);
        Add("runs.csv, transitions.csv, segments.csv", ResultFiles);
        Add("same RngRun, same result", Determinism);
        Add("drop rule syntax", DropRules);
        Add("bad parameters name the flag", BadParameters);
    }
};

TcpTeardownTestSuite g_tcpTeardownTestSuite;
} // namespace
