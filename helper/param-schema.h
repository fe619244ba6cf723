/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_PARAM_SCHEMA_H
#define TCP_TEARDOWN_PARAM_SCHEMA_H

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace ns3
{

struct TeardownParams;

/**
 * \ingroup tcp-teardown
 * \brief How a value is written, checked and read.
 */
enum class ValueType
{
    TEXT,    //!< free text, checked by the entry's own check
    CHOICE,  //!< one word of a fixed list
    NUMBER,  //!< a finite real number in [min, max]
    SECONDS, //!< a time: seconds, or a number with an ns-3 unit (10ms, 2min)
    COUNT,   //!< a whole number in [min, max]
};

/**
 * \ingroup tcp-teardown
 * \brief One run parameter: every place that names it (flag, sweep key,
 *        runs.csv column, help) reads it from here.
 *
 * The flag is `--<name>`, the sweep-grid and JSON key is `<name>`, and the
 * runs.csv column is the name in snake case with `_s` for seconds
 * (closeDelay -> close_delay_s). Values are kept as canonical text (numbers
 * in their shortest exact form, times in seconds), so that two spellings of
 * one value compare equal.
 */
struct ParamSpec
{
    std::string name;                 //!< flag and key, camelCase
    ValueType type{ValueType::TEXT};  //!< value type
    std::string unit;                 //!< "s", "B", "packets", "" (none)
    std::string defaultText;          //!< canonical default
    std::string help;                 //!< one line for --help and the schema
    double min{0.0};                  //!< NUMBER, SECONDS, COUNT: smallest value
    double max{0.0};                  //!< NUMBER, SECONDS, COUNT: largest value
    std::vector<std::string> choices; //!< CHOICE: the words ("" = not set)
    bool optional{false};             //!< an empty value means "not set"
    bool column{true};                //!< has a runs.csv column (false: a shorthand)
    bool readBack{false};             //!< the column holds the value read back after setup
    /** TEXT: "" if the value is good, else what is wrong */
    std::function<std::string(const std::string&)> check;
    /** set the field(s) of the parameters from a canonical value */
    std::function<void(TeardownParams&, const std::string&)> set;
    /** the canonical value of the parameters (column entries only) */
    std::function<std::string(const TeardownParams&)> get;
    /** a rule with other parameters: "" if it holds, else what is wrong */
    std::function<std::string(const TeardownParams&)> rule;

    /** \return "--" + name */
    std::string Flag() const;
    /** \return the runs.csv column, e.g. close_delay_s ("" for a shorthand) */
    std::string Column() const;
    /** \return the type's name in the schema: text, choice, number, seconds, count */
    std::string TypeName() const;
    /**
     * \brief Check a value and give its canonical text.
     * \param text the value as given on a command line or in a sweep file
     * \return the canonical text
     * \throws ParamError naming the flag and value
     */
    std::string Canonical(const std::string& text) const;
};

/**
 * \ingroup tcp-teardown
 * \brief The run parameters of the module, in sweep-numbering order (the
 *        first varies slowest), and the helpers every program loops with.
 */
class ParamSchema
{
  public:
    /** \return every parameter, in a fixed order */
    static const std::vector<ParamSpec>& Parameters();
    /**
     * \param name a parameter name
     * \return its entry, or nullptr
     */
    static const ParamSpec* Find(const std::string& name);
    /** \return the names joined by ", " */
    static std::string Names();
    /**
     * \param value a number
     * \return its shortest text that reads back as exactly the same number
     */
    static std::string NumberText(double value);
    /**
     * \param camel e.g. "closeDelay" or "FinWait2Timeout"
     * \return e.g. "close_delay" or "fin_wait2_timeout"
     */
    static std::string SnakeCase(const std::string& camel);
    /**
     * \param text e.g. "0.01", "10ms", "2min"
     * \param seconds set to the value in seconds
     * \return whether the text is a finite time
     */
    static bool ParseSeconds(const std::string& text, double& seconds);
    /**
     * \param text a whole text
     * \param value set to its value
     * \return whether it is a finite real number
     */
    static bool ParseNumber(const std::string& text, double& value);
};

} // namespace ns3

#endif /* TCP_TEARDOWN_PARAM_SCHEMA_H */
