/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "keep-delay.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <vector>

namespace ns3
{

namespace
{
/** Split at ':'. */
std::vector<std::string>
Fields(const std::string& text)
{
    std::vector<std::string> out;
    std::string field;
    std::istringstream in(text);
    while (std::getline(in, field, ':'))
    {
        out.push_back(field);
    }
    if (!text.empty() && text.back() == ':')
    {
        out.emplace_back();
    }
    return out;
}

/** A finite number, or false. */
bool
Number(const std::string& text, double& value)
{
    if (text.empty() || text.find_first_of(" \t\n") != std::string::npos)
    {
        return false;
    }
    char* end = nullptr;
    errno = 0;
    value = std::strtod(text.c_str(), &end);
    return errno == 0 && end == text.c_str() + text.size() && std::isfinite(value);
}

/** Parse into \p d, or say why not. */
std::string
Read(const std::string& text, double lifetimeS, KeepDelay::Kind& kind, double& a, double& b)
{
    std::vector<std::string> f = Fields(text);
    const std::string forms =
        "expected fixed:D, uniform:A:B, exponential:MEAN or pareto:SCALE:SHAPE (seconds)";
    if (f.empty())
    {
        return forms;
    }
    size_t want = 0;
    if (f[0] == "fixed" || f[0] == "exponential")
    {
        want = 2;
        kind = f[0] == "fixed" ? KeepDelay::FIXED : KeepDelay::EXPONENTIAL;
    }
    else if (f[0] == "uniform" || f[0] == "pareto")
    {
        want = 3;
        kind = f[0] == "uniform" ? KeepDelay::UNIFORM : KeepDelay::PARETO;
    }
    else
    {
        return forms;
    }
    if (f.size() != want)
    {
        return f[0] + " needs " + (want == 2 ? "one parameter" : "two parameters") + ": " + forms;
    }
    b = 0.0;
    if (!Number(f[1], a) || (want == 3 && !Number(f[2], b)))
    {
        return "parameters must be finite numbers: " + forms;
    }
    std::ostringstream why;
    switch (kind)
    {
    case KeepDelay::FIXED:
        if (a < 0.0 || a > lifetimeS)
        {
            why << "fixed delay " << a << " s must be in [0, lifetime " << lifetimeS << " s]";
        }
        break;
    case KeepDelay::UNIFORM:
        if (a < 0.0 || b < a || a > lifetimeS)
        {
            why << "uniform:A:B needs 0 <= A <= B and A <= lifetime " << lifetimeS << " s";
        }
        break;
    case KeepDelay::EXPONENTIAL:
        if (a <= 0.0)
        {
            why << "the exponential mean must be above 0";
        }
        break;
    case KeepDelay::PARETO:
        if (a <= 0.0 || b <= 0.0 || a > lifetimeS)
        {
            why << "pareto:SCALE:SHAPE needs SCALE > 0, SHAPE > 0 and SCALE <= lifetime "
                << lifetimeS << " s";
        }
        break;
    }
    return why.str();
}
} // namespace

std::string
KeepDelay::Check(const std::string& text, double lifetimeS)
{
    Kind kind;
    double a;
    double b;
    return Read(text, lifetimeS, kind, a, b);
}

KeepDelay
KeepDelay::Parse(const std::string& text, double lifetimeS)
{
    KeepDelay d;
    std::string why = Read(text, lifetimeS, d.m_kind, d.m_a, d.m_b);
    if (!why.empty())
    {
        throw std::invalid_argument(why);
    }
    d.m_lifetime = lifetimeS;
    switch (d.m_kind)
    {
    case UNIFORM:
        d.m_b = std::min(d.m_b, lifetimeS);
        break;
    case EXPONENTIAL:
        d.m_mass = -std::expm1(-lifetimeS / d.m_a);
        break;
    case PARETO:
        d.m_mass = 1.0 - std::pow(d.m_a / lifetimeS, d.m_b);
        break;
    case FIXED:
        break;
    }
    return d;
}

double
KeepDelay::Draw(double u) const
{
    double x = 0.0;
    switch (m_kind)
    {
    case FIXED:
        return m_a;
    case UNIFORM:
        x = m_a + u * (m_b - m_a);
        break;
    case EXPONENTIAL:
        // F(x) = 1 - exp(-x / M); invert u * F(L)
        x = -m_a * std::log1p(-u * m_mass);
        break;
    case PARETO:
        // F(x) = 1 - (XM / x)^ALPHA; invert u * F(L)
        x = m_mass > 0.0 ? m_a * std::pow(1.0 - u * m_mass, -1.0 / m_b) : m_a;
        break;
    }
    return std::min(std::max(x, 0.0), m_lifetime); // rounding only
}

double
KeepDelay::Cdf(double x) const
{
    if (x >= m_lifetime)
    {
        return 1.0;
    }
    switch (m_kind)
    {
    case FIXED:
        return x >= m_a ? 1.0 : 0.0;
    case UNIFORM:
        if (m_b <= m_a)
        {
            return x >= m_a ? 1.0 : 0.0;
        }
        return std::min(1.0, std::max(0.0, (x - m_a) / (m_b - m_a)));
    case EXPONENTIAL:
        return x <= 0.0 ? 0.0 : -std::expm1(-x / m_a) / m_mass;
    case PARETO:
        if (x < m_a)
        {
            return 0.0;
        }
        return m_mass > 0.0 ? (1.0 - std::pow(m_a / x, m_b)) / m_mass : 1.0;
    }
    return 1.0;
}

KeepDelay::Kind
KeepDelay::GetKind() const
{
    return m_kind;
}

} // namespace ns3
