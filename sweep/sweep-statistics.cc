/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-statistics.h"

#include <cmath>
#include <gsl/gsl_cdf.h>

namespace ns3
{

double
SampleStatistics::StudentTQuantile(double p, uint64_t df)
{
    return gsl_cdf_tdist_Pinv(p, static_cast<double>(df));
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

std::pair<double, double>
SampleStatistics::ClopperPearson(uint64_t k, uint64_t n, double level)
{
    double a = (1.0 - level) / 2.0;
    double dk = static_cast<double>(k);
    double dn = static_cast<double>(n);
    double low = k == 0 ? 0.0 : gsl_cdf_beta_Pinv(a, dk, dn - dk + 1.0);
    double high = k >= n ? 1.0 : gsl_cdf_beta_Pinv(1.0 - a, dk + 1.0, dn - dk);
    return {low, high};
}

} // namespace ns3
