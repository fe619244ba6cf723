/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_SWEEP_PROGRESS_H
#define TCP_TEARDOWN_SWEEP_PROGRESS_H

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief Progress of a sweep on standard error: a bar redrawn in place on a
 *        terminal, a plain line every few seconds otherwise, or nothing.
 *
 * Shows runs done / total, runs per second (of this invocation) and the
 * estimated time left.
 */
class SweepProgress
{
  public:
    /** How progress is shown. */
    enum Style
    {
        QUIET, //!< not at all
        BAR,   //!< a bar redrawn with '\r' (for terminals)
        LINES  //!< a line every few seconds (for logs)
    };

    /**
     * \param out where to write (standard error)
     * \param style how
     * \param total runs in the sweep (its share)
     * \param done runs already done before this invocation
     */
    SweepProgress(std::ostream& out, Style style, uint64_t total, uint64_t done);
    /** \param seconds time between two LINES lines (default 5) */
    void SetLineInterval(double seconds);
    /** \param finished runs finished in this invocation so far */
    void Update(uint64_t finished);
    /** \brief Draw the last state and end the line. */
    void Finish();
    /**
     * \return BAR if standard error is a terminal, else LINES (QUIET if quiet)
     * \param quiet --quiet was given
     */
    static Style StyleForStderr(bool quiet);
    /**
     * \param seconds a duration
     * \return it as h:mm:ss or m:ss
     */
    static std::string Clock(double seconds);

  private:
    /** \return the status text */
    std::string Text() const;

    std::ostream& m_out;                           //!< output
    Style m_style;                                 //!< style
    uint64_t m_total;                              //!< runs in total
    uint64_t m_before;                             //!< done before
    uint64_t m_finished{0};                        //!< finished now
    double m_lineInterval{5.0};                    //!< seconds between lines
    std::chrono::steady_clock::time_point m_start; //!< start
    double m_lastDraw{-1e9};                       //!< seconds since start of last output
};

} // namespace ns3

#endif /* TCP_TEARDOWN_SWEEP_PROGRESS_H */
