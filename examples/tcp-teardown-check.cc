/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * tcp-teardown-check: the randomized invariant checker for long runs.
 *
 *   tcp-teardown-check --cases=1000000 --seed=1
 *
 * Draws --cases random cases (variant, response size, delays, queue, loss
 * pattern, MSL, DelAckCount, MinRto, SACK, FinRetries) from the seeded list
 * --seed, runs each and checks every invariant of the close rules
 * (helper/invariant-check.h). Prints, for every failing case, the violations
 * and the one tcp-teardown command line that reproduces it, then the counts
 * per variant and per invariant (--passing: every passing case too). Exit
 * status 0: no violation; 1: some; 2: bad input.
 */

#include "ns3/close-variant.h"
#include "ns3/core-module.h"
#include "ns3/invariant-check.h"
#include "ns3/param-command-line.h"

#include <chrono>
#include <functional>
#include <iostream>
#include <map>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("TcpTeardownCheck");

namespace
{
/**
 * Print one case: "FAIL|PASS case N (variant, pattern): outcomes, bytes",
 * its violations and the tcp-teardown command line that reproduces it.
 */
void
PrintCase(const std::string& verdict,
          uint64_t index,
          const InvariantCase& c,
          const RunResult& r,
          const std::vector<std::pair<std::string, std::string>>& global,
          const std::vector<InvariantViolation>& violations = {})
{
    std::cout << verdict << " case " << index << " (" << c.params.variant << ", " << c.pattern
              << "): A " << CloseOutcomeName(r.a.outcome) << ", B " << CloseOutcomeName(r.b.outcome)
              << ", delivered " << r.deliveredBytes << " of " << r.pendingAtCloseBytes << "\n";
    for (const auto& v : violations)
    {
        std::cout << "  " << v.invariant << ": " << v.explanation << "\n";
    }
    auto attributes = global;
    for (const auto& a : c.Attributes())
    {
        attributes.push_back(a);
    }
    std::cout << "  reproduce: " << TeardownCommand(c.params, attributes) << "\n";
}
} // namespace

int
main(int argc, char* argv[])
{
    std::string casesText = "1000";
    std::string seedText = "1";
    std::string firstText = "0";
    bool quiet = false;
    bool outcomes = false;
    bool passing = false;

    CommandLine cmd(__FILE__);
    cmd.Usage("Randomized invariant checker of the TCP close experiment: runs --cases random "
              "cases of the list --seed and checks what the close rules say must hold for "
              "every run. Every failing case is printed with the tcp-teardown command line "
              "that reproduces it.");
    cmd.AddValue("cases", "number of cases to run", casesText);
    cmd.AddValue("seed", "seed of the case list (the same seed gives the same cases)", seedText);
    cmd.AddValue("first", "index of the first case (to rerun part of a list)", firstText);
    cmd.AddValue("quiet", "print only the counts, not every failing case", quiet);
    cmd.AddValue("outcomes", "also count how the RFC variants' ends ended", outcomes);
    cmd.AddValue("passing",
                 "also print every passing case (PASS line and its reproducing command)",
                 passing);
    uint64_t cases = 0;
    uint64_t seed = 0;
    uint64_t first = 0;
    try
    {
        ParamCommandLine ns3Arguments(argc, argv); // checks --ns3::... and globals
        ParamCommandLine::CheckFlags(cmd, argc, argv);
        cmd.Parse(argc, argv);
        cases = ParamCommandLine::WholeNumber("--cases", casesText, 1);
        seed = ParamCommandLine::WholeNumber("--seed", seedText, 0);
        first = ParamCommandLine::WholeNumber("--first", firstText, 0);
    }
    catch (const ParamError& e)
    {
        std::cerr << "tcp-teardown-check: error: " << e.what() << std::endl;
        return 2;
    }

    // ns-3 attributes given to this program apply to every case: repeat them
    // in the reproducing command lines, before the case's own.
    std::vector<std::pair<std::string, std::string>> global;
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        size_t eq = arg.find('=');
        if (arg.rfind("--ns3::", 0) == 0 && eq != std::string::npos)
        {
            global.emplace_back(arg.substr(2, eq - 2), arg.substr(eq + 1));
        }
    }

    std::map<std::string, uint64_t> casesPerVariant;
    std::map<std::string, uint64_t> failedPerVariant;
    std::map<std::string, uint64_t> violationsPerInvariant;
    std::map<std::string, uint64_t> casesPerInvariant;
    // the other dimensions a case is drawn in: heading, the case's value
    using Dimension = std::pair<std::string, std::function<std::string(const InvariantCase&)>>;
    const std::vector<Dimension> dimensions = {
        {"loss pattern", [](const InvariantCase& c) { return c.pattern; }},
        {"IP version",
         [](const InvariantCase& c) { return c.params.ipv6 == "yes" ? "IPv6" : "IPv4"; }},
        {"close strategy (A's application)",
         [](const InvariantCase& c) { return c.params.strategy; }},
        {"profile", [](const InvariantCase& c) { return c.params.profile; }},
    };
    // per dimension, per value: cases and failing cases
    std::vector<std::map<std::string, std::pair<uint64_t, uint64_t>>> tallies(dimensions.size());
    std::map<std::string, uint64_t> endings; // "A outcome (end state) / B ..." of RFC variants
    uint64_t failed = 0;
    auto start = std::chrono::steady_clock::now();
    for (uint64_t i = first; i < first + cases; ++i)
    {
        InvariantCase c = InvariantCase::Draw(seed, i);
        std::vector<InvariantViolation> violations;
        RunOutput out;
        try
        {
            out = c.Run();
            violations = CheckInvariants(out, c.params, c.Settings());
        }
        catch (const std::exception& e)
        {
            std::cerr << "tcp-teardown-check: error: case " << i << ": " << e.what() << std::endl;
            return 2;
        }
        ++casesPerVariant[c.params.variant];
        if (c.params.variant != "ns3-stock")
        {
            const RunResult& r = out.result;
            ++endings[CloseOutcomeName(r.a.outcome) + " (" + TcpStateText(r.a.endState) + ") / " +
                      CloseOutcomeName(r.b.outcome) + " (" + TcpStateText(r.b.endState) + ")"];
        }
        for (size_t d = 0; d < dimensions.size(); ++d)
        {
            ++tallies[d][dimensions[d].second(c)].first;
        }
        if (violations.empty())
        {
            if (passing && !quiet)
            {
                PrintCase("PASS", i, c, out.result, global);
            }
            continue;
        }
        ++failed;
        ++failedPerVariant[c.params.variant];
        for (size_t d = 0; d < dimensions.size(); ++d)
        {
            ++tallies[d][dimensions[d].second(c)].second;
        }
        std::map<std::string, bool> seen;
        for (const auto& v : violations)
        {
            ++violationsPerInvariant[v.invariant];
            if (!seen[v.invariant])
            {
                seen[v.invariant] = true;
                ++casesPerInvariant[v.invariant];
            }
        }
        if (!quiet)
        {
            PrintCase("FAIL", i, c, out.result, global, violations);
        }
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::cout << "\ncases " << cases << " (seed " << seed << ", first " << first << "), failing "
              << failed << ", " << seconds << " s (" << cases / seconds << " cases/s)\n";
    std::cout << "\nper variant: cases failing\n";
    for (const auto& v : CloseVariant::All())
    {
        std::cout << "  " << v.name << " " << casesPerVariant[v.name] << " "
                  << failedPerVariant[v.name] << "\n";
    }
    for (size_t d = 0; d < dimensions.size(); ++d)
    {
        std::cout << "\nper " << dimensions[d].first << ": cases failing\n";
        for (const auto& t : tallies[d])
        {
            std::cout << "  " << t.first << " " << t.second.first << " " << t.second.second << "\n";
        }
    }
    if (outcomes)
    {
        std::cout << "\nendings of the RFC variants, A outcome (end state) / B: cases\n";
        for (const auto& e : endings)
        {
            std::cout << "  " << e.first << ": " << e.second << "\n";
        }
    }
    std::cout << "\nper invariant: violations cases\n";
    for (const auto& name : InvariantNames())
    {
        std::cout << "  " << name << " " << violationsPerInvariant[name] << " "
                  << casesPerInvariant[name] << "\n";
    }
    return failed == 0 ? 0 : 1;
}
