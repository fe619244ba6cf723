/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * tcp-teardown: one run of the close experiment.
 *
 *   tcp-teardown --variant=four-way --msl=5 --lossB2A=0.1 --drop='a2b:ack-of-fin:1'
 *   tcp-teardown --msl=5 --outputDir=out          (appends to out/runs.csv ...)
 *
 * Without --outputDir it prints both endpoints' state timelines and the byte
 * counts. --printSchema prints the schema of every output (JSON). Any ns-3 attribute can be set
 * too, e.g. --ns3::TcpSocketBase::MinRto=200ms.
 */

#include "ns3/close-variant.h"
#include "ns3/core-module.h"
#include "ns3/csv-file.h"
#include "ns3/drop-rule.h"
#include "ns3/linux-profile.h"
#include "ns3/output-file.h"
#include "ns3/param-command-line.h"
#include "ns3/result-schema.h"
#include "ns3/run-writer.h"
#include "ns3/teardown-scenario.h"

#include <iomanip>
#include <iostream>
#include <memory>

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
    std::cout << "bytes: pending at A's close " << r.pendingAtCloseBytes << ", delivered "
              << r.deliveredBytes << ", discarded " << r.discardedBytes << ", lost " << r.lostBytes
              << "\n";
    std::cout << "close time (A's close call to both CLOSED): "
              << (r.closeTimeS < 0 ? std::string("never") : std::to_string(r.closeTimeS) + " s")
              << "\n";
}

/** The content of a single-run folder's meta.json. */
std::string
MetaJson()
{
    return ResultSchema::Object({
               {"module", ResultSchema::Quote("tcp-teardown")},
               {"program", ResultSchema::Quote("tcp-teardown")},
               {"module_version", ResultSchema::Quote(ResultSchema::ModuleVersion())},
               {"ns3_version", ResultSchema::Quote(ResultSchema::Ns3Version())},
               {"schema", ResultSchema::Json()},
           }) +
           "\n";
}

/** Write meta.json, or check that the folder's is this program's. */
void
PrepareMeta(const std::string& dir)
{
    std::string path = dir + "/meta.json";
    std::string existing;
    if (!OutputFile::Read(path, existing))
    {
        OutputFile::Replace(path, MetaJson());
    }
    else if (existing != MetaJson())
    {
        throw ParamError("--outputDir",
                         dir,
                         "the folder holds results of another program or version (its "
                         "meta.json differs); use another folder");
    }
}
} // namespace

int
main(int argc, char* argv[])
{
    std::string outputDir;
    bool pcap = false;
    bool transitions = true;
    bool segments = true;
    bool printSchema = false;
    bool printProfile = false;
    try
    {
        ParamCommandLine params(argc, argv);
        CommandLine cmd(__FILE__);
        cmd.Usage("One run of the TCP close experiment: A connects to B, sends a request and "
                  "closes; B sends its response (--responseBytes) and closes.\n"
                  "Variants: " +
                  CloseVariant::Names() + ".\nTargeted loss (--drop): " + DropRule::Syntax() + ".");
        params.AddTo(cmd, false);
        cmd.AddValue("outputDir", "append runs.csv, transitions.csv, segments.csv here", outputDir);
        cmd.AddValue("transitions", "write transitions.csv (with --outputDir)", transitions);
        cmd.AddValue("segments", "write segments.csv (with --outputDir)", segments);
        cmd.AddValue("pcap", "write pcap files (with --outputDir)", pcap);
        cmd.AddValue("printSchema", "print the schema of the outputs (JSON) and exit", printSchema);
        cmd.AddValue("printProfile",
                     "print the attributes --profile=linux sets (Markdown) and exit",
                     printProfile);
        params.Parse(cmd, argc, argv);
        if (printSchema)
        {
            std::cout << ResultSchema::Json() << std::endl;
            return 0;
        }
        if (printProfile)
        {
            std::cout << LinuxProfile::MarkdownTable();
            return 0;
        }

        TeardownParams p;
        params.Apply(p);
        p.rngSeed = RngSeedManager::GetSeed();
        p.rngRun = RngSeedManager::GetRun();
        p.Validate();
        std::unique_ptr<FolderLock> lock;
        if (!outputDir.empty())
        {
            try
            {
                OutputFile::PrepareDirectory(outputDir);
                // another tcp-teardown on this folder waits here: run indices
                // and rows are then never shared or lost
                lock = std::make_unique<FolderLock>(outputDir, true);
            }
            catch (const OutputFile::Error& e)
            {
                throw ParamError("--outputDir", outputDir, e.what());
            }
            PrepareMeta(outputDir);
        }
        uint64_t runIndex = outputDir.empty() ? 0 : CsvFile::CountRows(outputDir + "/runs.csv");
        TeardownScenario scenario(p);
        scenario.SetKeepTransitions(outputDir.empty() || transitions);
        scenario.SetKeepSegments(!outputDir.empty() && segments);
        if (pcap && !outputDir.empty())
        {
            scenario.SetPcapPrefix(outputDir + "/run" + std::to_string(runIndex));
        }
        RunOutput out = scenario.Run(runIndex);
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
