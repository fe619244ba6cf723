/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_PARAM_COMMAND_LINE_H
#define TCP_TEARDOWN_PARAM_COMMAND_LINE_H

#include "teardown-params.h"

#include "ns3/command-line.h"

#include <limits>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief The flags of the run parameters, made from the schema: one string
 *        flag per ParamSchema entry, checked after CommandLine::Parse so that
 *        bad input gets one line naming the flag (never ns-3's whole help).
 */
class ParamCommandLine
{
  public:
    /**
     * \param argc the program's argc
     * \param argv the program's argv
     * \throws ParamError for a --ns3::... attribute or a global (--RngRun)
     *         whose value its checker refuses (before CommandLine sees it)
     */
    ParamCommandLine(int argc, char* argv[]);
    /**
     * \brief Give a parameter another default in this program (before AddTo).
     * \param name a parameter name
     * \param text its default here
     */
    void SetDefault(const std::string& name, const std::string& text);
    /**
     * \brief Add a flag per parameter.
     * \param cmd the command line
     * \param lists the flags take comma-separated lists (a sweep's)
     * \param except parameters this program sets itself (no flag)
     */
    void AddTo(CommandLine& cmd, bool lists, const std::vector<std::string>& except = {});
    /**
     * \brief CommandLine::Parse, except that a parameter given an empty value
     *        (--lossA2B=) is taken here: CommandLine refuses empty values
     *        with its whole help text.
     * \param cmd the command line (AddTo called)
     * \param argc the program's argc
     * \param argv the program's argv
     * \throws ParamError if the empty value is not one the parameter takes
     */
    void Parse(CommandLine& cmd, int argc, char* argv[]);
    /**
     * \brief Refuse, with one line, a flag the command line does not know
     *        and a boolean flag given something else than true or false
     *        (CommandLine would print its whole help and exit 1).
     *
     * The flags are read from cmd's help text, so every flag added with
     * AddValue and ns-3's general arguments (--PrintHelp ...) count; a
     * flag whose default shows as [true] or [false] is boolean.
     * --ns3::... attributes and globals are checked by the constructor.
     * \param cmd the command line, every flag added
     * \param argc the program's argc
     * \param argv the program's argv
     * \throws ParamError naming the first bad flag
     */
    static void CheckFlags(const CommandLine& cmd, int argc, char* argv[]);
    /**
     * \brief A whole number flag (CommandLine reads "-1" into an unsigned
     *        flag as 2^32 - 1, so programs take numbers as text).
     * \param flag the flag, e.g. "--jobs"
     * \param text its value
     * \param min the least value allowed
     * \param max the greatest value allowed
     * \return the number
     * \throws ParamError unless text is a whole number in [min, max]
     */
    static uint64_t WholeNumber(const std::string& flag,
                                const std::string& text,
                                uint64_t min,
                                uint64_t max = std::numeric_limits<uint64_t>::max());
    /**
     * \param name a parameter name
     * \return whether --name was given
     */
    bool Given(const std::string& name) const;
    /**
     * \param name a parameter name
     * \return the text given (or its default)
     */
    const std::string& Text(const std::string& name) const;
    /**
     * \brief Set the parameters from the flags (single values), in schema order.
     * \param params the parameters
     * \throws ParamError naming the first bad flag and value
     */
    void Apply(TeardownParams& params) const;
    /**
     * \param params parameters
     * \return the tcp-teardown command line that runs them (values that are
     *         the default left out), with --RngSeed and --RngRun
     */
    static std::vector<std::string> CommandFor(const TeardownParams& params);

  private:
    std::vector<std::string> m_args;           //!< argv[1..]
    std::map<std::string, std::string> m_text; //!< per parameter, its flag's text
};

} // namespace ns3

#endif /* TCP_TEARDOWN_PARAM_COMMAND_LINE_H */
