/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-progress.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unistd.h>

namespace ns3
{

SweepProgress::SweepProgress(std::ostream& out, Style style, uint64_t total, uint64_t done)
    : m_out(out),
      m_style(style),
      m_total(total),
      m_before(done),
      m_start(std::chrono::steady_clock::now())
{
}

void
SweepProgress::SetLineInterval(double seconds)
{
    m_lineInterval = seconds;
}

SweepProgress::Style
SweepProgress::StyleForStderr(bool quiet)
{
    if (quiet)
    {
        return QUIET;
    }
    return isatty(STDERR_FILENO) ? BAR : LINES;
}

std::string
SweepProgress::Clock(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
    {
        return "?";
    }
    auto s = static_cast<uint64_t>(std::llround(seconds));
    char text[32];
    if (s >= 3600)
    {
        std::snprintf(text,
                      sizeof(text),
                      "%llu:%02llu:%02llu",
                      (unsigned long long)(s / 3600),
                      (unsigned long long)(s / 60 % 60),
                      (unsigned long long)(s % 60));
    }
    else
    {
        std::snprintf(text,
                      sizeof(text),
                      "%llu:%02llu",
                      (unsigned long long)(s / 60),
                      (unsigned long long)(s % 60));
    }
    return text;
}

std::string
SweepProgress::Text() const
{
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    uint64_t done = m_before + m_finished;
    double rate = elapsed > 0 ? m_finished / elapsed : 0.0;
    double left = rate > 0 ? (m_total - done) / rate : NAN;
    char text[160];
    std::snprintf(text,
                  sizeof(text),
                  "%llu/%llu runs (%.1f%%)  %.0f runs/s  elapsed %s  ETA %s",
                  (unsigned long long)done,
                  (unsigned long long)m_total,
                  m_total ? 100.0 * done / m_total : 100.0,
                  rate,
                  Clock(elapsed).c_str(),
                  done >= m_total ? "0:00" : Clock(left).c_str());
    if (m_style != BAR)
    {
        return text;
    }
    const int width = 30;
    int filled = m_total ? static_cast<int>(width * done / m_total) : width;
    return "[" + std::string(filled, '#') + std::string(width - filled, '.') + "] " + text;
}

void
SweepProgress::Update(uint64_t finished)
{
    m_finished = finished;
    if (m_style == QUIET)
    {
        return;
    }
    double now = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    // a bar at once and then ten times a second; a line once a rate is known
    double interval = m_style == BAR ? 0.1 : m_lineInterval;
    if (now - (m_style == LINES ? std::max(m_lastDraw, 0.0) : m_lastDraw) < interval)
    {
        return;
    }
    m_lastDraw = now;
    if (m_style == BAR)
    {
        m_out << "\r" << Text() << "\033[K" << std::flush;
    }
    else
    {
        m_out << "tcp-teardown-sweep: " << Text() << std::endl;
    }
}

void
SweepProgress::Finish()
{
    if (m_style == BAR)
    {
        m_out << "\r" << Text() << "\033[K" << std::endl;
    }
    else if (m_style == LINES)
    {
        m_out << "tcp-teardown-sweep: " << Text() << std::endl;
    }
}

} // namespace ns3
