/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * tcp-teardown: one run of the close experiment.
 *
 *   tcp-teardown --variant=four-way --msl=5 --lossB2A=0.1 --drop='a2b:ack-of-fin:1'
 *   tcp-teardown --msl=5 --outputDir=out          (appends to out/runs.csv ...)
 *
 * Without --outputDir it prints both endpoints' state timelines and the byte
 * counts. Any ns-3 attribute can be set too, e.g. --ns3::TcpSocketBase::MinRto=200ms.
 */

#include "ns3/close-variant.h"
#include "ns3/core-module.h"
#include "ns3/csv-file.h"
#include "ns3/drop-rule.h"
#include "ns3/run-writer.h"
#include "ns3/teardown-scenario.h"

#include <iomanip>
#include <iostream>

using namespace ns3;

namespace
{
void
PrintSummary(const RunOutput& out)
{
    const RunResult& r = out.result;
    std::cout << "variant " << r.params.variant << ", MSL " << r.params.mslS << " s, loss a2b "
              << r.params.lossA2B << " b2a " << r.params.lossB2A << " (" << r.params.lossScope
              << "), drop '" << r.params.drop << "', RngRun " << r.params.rngRun << "\n";
    std::cout << "A called close at " << std::fixed << std::setprecision(6) << r.closeCallS
              << " s\n\n";
    for (char endpoint : {'A', 'B'})
    {
        std::cout << "state timeline of " << endpoint << ":\n";
        for (const auto& t : out.transitions)
        {
            if (t.endpoint == endpoint)
            {
                std::cout << "  " << std::setw(12) << t.time.GetSeconds() << " s  " << std::setw(12)
                          << std::left << TcpStateText(t.from) << std::right << " -> "
                          << TcpStateText(t.to) << "\n";
            }
        }
        const EndpointResult& e = endpoint == 'A' ? r.a : r.b;
        std::cout << "  outcome " << CloseOutcomeName(e.outcome) << ", FINs sent " << e.finTx
                  << " (" << e.finRetx << " retransmitted), RST sent " << e.rstTx
                  << ", RST received " << e.rstRx << "\n";
        for (const auto& state : RecordedStates())
        {
            if (e.entries[state.first] > 0)
            {
                std::cout << "  " << std::setw(12) << std::left << TcpStateText(state.first)
                          << std::right << std::setw(12) << e.dwellS[state.first] << " s  ("
                          << e.entries[state.first] << "x)\n";
            }
        }
        std::cout << "\n";
    }
    std::cout << "bytes: pending " << r.pendingBytes << ", delivered " << r.deliveredBytes
              << ", discarded " << r.discardedBytes << ", lost " << r.lostBytes << "\n";
    std::cout << "close time (A's close call to both CLOSED): "
              << (r.closeTimeS < 0 ? std::string("never") : std::to_string(r.closeTimeS) + " s")
              << "\n";
}
} // namespace

int
main(int argc, char* argv[])
{
    TeardownParams p;
    double loss = 0.0;
    double lossA2B = -1.0;
    double lossB2A = -1.0;
    Time delay = Seconds(p.delayS);
    Time closeDelay = Seconds(0);
    Time serverDelay = Seconds(0);
    std::string outputDir;
    bool pcap = false;
    bool transitions = true;
    bool segments = true;

    CommandLine cmd(__FILE__);
    cmd.Usage("One run of the TCP close experiment: A connects to B, sends a request and "
              "closes; B still has --pending bytes to send, then closes.\n"
              "Variants: " +
              CloseVariant::Names() + ".\nTargeted loss (--drop): " + DropRule::Syntax() + ".");
    cmd.AddValue("variant", "close variant: " + CloseVariant::Names(), p.variant);
    cmd.AddValue("msl", "maximum segment lifetime in seconds (TIME_WAIT = 2 x MSL)", p.mslS);
    cmd.AddValue("loss", "random loss probability in both directions", loss);
    cmd.AddValue("lossA2B", "random loss probability A->B (overrides --loss)", lossA2B);
    cmd.AddValue("lossB2A", "random loss probability B->A (overrides --loss)", lossB2A);
    cmd.AddValue("lossBurst",
                 "mean length of a random-loss burst in segments (1: independent loss)",
                 p.lossBurst);
    cmd.AddValue("lossScope",
                 "close: random loss from A's close call on; run: whole run",
                 p.lossScope);
    cmd.AddValue("drop", "targeted drop rules DIR:KIND:WHICH joined by ';'", p.drop);
    cmd.AddValue("pending", "bytes B still has to send when A's FIN arrives", p.pendingBytes);
    cmd.AddValue("request", "bytes of A's request", p.requestBytes);
    cmd.AddValue("rate", "link data rate", p.rate);
    cmd.AddValue("delay", "one-way link delay (e.g. 10ms)", delay);
    cmd.AddValue("queue", "device queue size in packets", p.queuePackets);
    cmd.AddValue("closeDelay", "A closes this long after sending its request", closeDelay);
    cmd.AddValue("serverDelay", "B's processing time before it responds", serverDelay);
    cmd.AddValue("stopTime", "end of the run in seconds (0: long enough for every timer)", p.stopS);
    cmd.AddValue("finResponse", "override: B's answer to A's FIN, ack or fin-ack", p.finResponse);
    cmd.AddValue("finalAck", "override: A acknowledges B's FIN, yes or no", p.finalAck);
    cmd.AddValue("timeWaitMsl",
                 "override: TIME_WAIT length in MSL (RFC: 2, 0 = none)",
                 p.timeWaitMsl);
    cmd.AddValue("rstOnDiscard",
                 "override: RST instead of FIN when data is discarded, yes or no",
                 p.rstOnDiscard);
    cmd.AddValue("outputDir", "append runs.csv, transitions.csv, segments.csv here", outputDir);
    cmd.AddValue("transitions", "write transitions.csv (with --outputDir)", transitions);
    cmd.AddValue("segments", "write segments.csv (with --outputDir)", segments);
    cmd.AddValue("pcap", "write pcap files (with --outputDir)", pcap);
    cmd.Parse(argc, argv);

    p.lossA2B = lossA2B >= 0.0 ? lossA2B : loss;
    p.lossB2A = lossB2A >= 0.0 ? lossB2A : loss;
    if (lossA2B < 0.0 && lossA2B != -1.0)
    {
        p.lossA2B = lossA2B;
    }
    if (lossB2A < 0.0 && lossB2A != -1.0)
    {
        p.lossB2A = lossB2A;
    }
    p.delayS = delay.GetSeconds();
    p.closeDelayS = closeDelay.GetSeconds();
    p.serverDelayS = serverDelay.GetSeconds();
    p.rngSeed = RngSeedManager::GetSeed();
    p.rngRun = RngSeedManager::GetRun();

    try
    {
        if (loss < 0.0 || loss > 1.0)
        {
            throw ParamError("--loss", std::to_string(loss), "a loss rate must be in [0, 1]");
        }
        p.Validate();
        if (!outputDir.empty())
        {
            try
            {
                CsvFile::PrepareDirectory(outputDir);
            }
            catch (const std::runtime_error& e)
            {
                throw ParamError("--outputDir", outputDir, e.what());
            }
        }
        TeardownScenario scenario(p);
        scenario.SetKeepTransitions(outputDir.empty() || transitions);
        scenario.SetKeepSegments(!outputDir.empty() && segments);
        if (pcap && !outputDir.empty())
        {
            scenario.SetPcapPrefix(outputDir + "/run" +
                                   std::to_string(CsvFile::CountRows(outputDir + "/runs.csv")));
        }
        RunOutput out =
            scenario.Run(outputDir.empty() ? 0 : CsvFile::CountRows(outputDir + "/runs.csv"));
        if (outputDir.empty())
        {
            PrintSummary(out);
        }
        else
        {
            RunWriter::Append(outputDir, {out}, transitions, segments);
            std::cout << "appended run " << out.result.runIndex << " to " << outputDir
                      << "/runs.csv\n";
        }
    }
    catch (const std::exception& e)
    {
        std::cerr << "tcp-teardown: error: " << e.what() << std::endl;
        return 2;
    }
    return 0;
}
