/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-statistics.h"

#include <cmath>
#include <map>

namespace ns3
{

namespace
{
/** Continued fraction of the incomplete beta function (modified Lentz). */
double
BetaContinuedFraction(double a, double b, double x)
{
    const double tiny = 1e-300;
    double c = 1.0;
    double d = 1.0 - (a + b) * x / (a + 1.0);
    d = 1.0 / (std::fabs(d) < tiny ? tiny : d);
    double h = d;
    for (int m = 1; m <= 300; ++m)
    {
        for (int half = 0; half < 2; ++half)
        {
            double numerator = half == 0
                                   ? m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
                                   : -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
            d = 1.0 + numerator * d;
            d = 1.0 / (std::fabs(d) < tiny ? tiny : d);
            c = 1.0 + numerator / c;
            c = std::fabs(c) < tiny ? tiny : c;
            h *= d * c;
            if (half == 1 && std::fabs(d * c - 1.0) < 1e-15)
            {
                return h;
            }
        }
    }
    return h;
}

/** Regularised incomplete beta function I_x(a, b). */
double
RegularisedBeta(double a, double b, double x)
{
    if (x <= 0.0)
    {
        return 0.0;
    }
    if (x >= 1.0)
    {
        return 1.0;
    }
    double logFront = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) +
                      b * std::log(1.0 - x);
    if (x < (a + 1.0) / (a + b + 2.0))
    {
        return std::exp(logFront) * BetaContinuedFraction(a, b, x) / a;
    }
    return 1.0 - std::exp(logFront) * BetaContinuedFraction(b, a, 1.0 - x) / b;
}

/** P(T <= t) for Student's t with df degrees of freedom. */
double
StudentTCdf(double t, double df)
{
    double tail = 0.5 * RegularisedBeta(df / 2.0, 0.5, df / (df + t * t));
    return t >= 0.0 ? 1.0 - tail : tail;
}
} // namespace

double
SampleStatistics::StudentTQuantile(double p, uint64_t df)
{
    static std::map<std::pair<double, uint64_t>, double> cache;
    auto key = std::make_pair(p, df);
    auto found = cache.find(key);
    if (found != cache.end())
    {
        return found->second;
    }
    double low = -1e6;
    double high = 1e6;
    for (int i = 0; i < 200 && high - low > 1e-13 * std::max(1.0, std::fabs(high)); ++i)
    {
        double mid = 0.5 * (low + high);
        (StudentTCdf(mid, static_cast<double>(df)) < p ? low : high) = mid;
    }
    double t = 0.5 * (low + high);
    cache[key] = t;
    return t;
}

SampleStatistics
SampleStatistics::Of(const std::vector<double>& values)
{
    SampleStatistics s;
    s.n = values.size();
    if (s.n == 0)
    {
        return s;
    }
    double sum = 0.0;
    for (double v : values)
    {
        sum += v;
    }
    s.mean = sum / s.n;
    if (s.n < 2)
    {
        return s;
    }
    double squares = 0.0;
    for (double v : values)
    {
        squares += (v - s.mean) * (v - s.mean);
    }
    s.sd = std::sqrt(squares / (s.n - 1));
    s.ci95 = StudentTQuantile(0.975, s.n - 1) * s.sd / std::sqrt(static_cast<double>(s.n));
    return s;
}

} // namespace ns3
