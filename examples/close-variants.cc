/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * close-variants: the same connection, the same losses, every close variant
 * side by side -- "why four waves and not three?" in one table.
 *
 *   close-variants                                   (A's final ACK lost)
 *   close-variants --drop='b2a:fin:1' --pending=50000
 *   close-variants --loss=0.1 --RngRun=3
 */

#include "ns3/close-variant.h"
#include "ns3/core-module.h"
#include "ns3/drop-rule.h"
#include "ns3/param-command-line.h"
#include "ns3/teardown-scenario.h"

#include <iomanip>
#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    TeardownParams p;
    try
    {
        ParamCommandLine params(argc, argv);
        params.SetDefault("responseBytes", "20000");
        params.SetDefault("closeDelay", "0.005");
        params.SetDefault("drop", "a2b:ack-of-fin:1");
        CommandLine cmd(__FILE__);
        cmd.Usage("Runs every close variant with the same parameters and losses and prints, "
                  "side by side, what reached A and how each end finished. By default A closes "
                  "5 ms after its request, while B still has most of a 20000-byte response to "
                  "send, and A's final ACK is lost.\nTargeted loss (--drop): " +
                  DropRule::Syntax() + ".");
        params.AddTo(cmd, false, {"variant"});
        cmd.Parse(argc, argv);
        params.Apply(p);
        p.rngRun = RngSeedManager::GetRun();
        p.rngSeed = RngSeedManager::GetSeed();
        p.Validate();
    }
    catch (const ParamError& e)
    {
        std::cerr << "close-variants: error: " << e.what() << std::endl;
        return 2;
    }

    std::cout << "response " << p.responseBytes << " bytes, A closes " << p.closeDelayS * 1000
              << " ms after its request, MSL " << p.mslS << " s, loss a2b " << p.lossA2B << " b2a "
              << p.lossB2A << ", drop '" << p.drop << "'\n\n";
    std::cout << std::left << std::setw(23) << "variant" << std::right << std::setw(10)
              << "delivered" << std::setw(11) << "discarded" << std::setw(6) << "lost"
              << std::setw(10) << "A" << std::setw(10) << "B" << std::setw(8) << "A FINs"
              << std::setw(8) << "B FINs" << std::setw(6) << "RSTs" << std::setw(12) << "close (s)"
              << "\n";
    for (const CloseVariant& v : CloseVariant::All())
    {
        TeardownParams run = p;
        run.variant = v.name;
        try
        {
            RunResult r = TeardownScenario(run).Run().result;
            std::cout << std::left << std::setw(23) << v.name << std::right << std::setw(10)
                      << r.deliveredBytes << std::setw(11) << r.discardedBytes << std::setw(6)
                      << r.lostBytes << std::setw(10) << CloseOutcomeName(r.a.outcome)
                      << std::setw(10) << CloseOutcomeName(r.b.outcome) << std::setw(8) << r.a.finTx
                      << std::setw(8) << r.b.finTx << std::setw(6) << r.a.rstTx + r.b.rstTx
                      << std::setw(12)
                      << (r.closeTimeS < 0 ? std::string("never")
                                           : std::to_string(r.closeTimeS).substr(0, 8))
                      << "\n";
        }
        catch (const std::exception& e)
        {
            std::cerr << "close-variants: error: " << e.what() << std::endl;
            return 2;
        }
    }
    return 0;
}
