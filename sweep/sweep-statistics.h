/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_SWEEP_STATISTICS_H
#define TCP_TEARDOWN_SWEEP_STATISTICS_H

#include <cstdint>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief Mean, sample standard deviation and 95 % confidence interval of a sample.
 */
struct SampleStatistics
{
    uint64_t n{0};    //!< sample size
    double mean{0.0}; //!< mean (meaningful if n >= 1)
    double sd{0.0};   //!< sample standard deviation, n - 1 (meaningful if n >= 2)
    double ci95{0.0}; //!< half width of the Student t 95 % interval (if n >= 2)

    /**
     * \param values the sample
     * \return its statistics
     */
    static SampleStatistics Of(const std::vector<double>& values);

    /**
     * \brief Quantile of Student's t distribution.
     * \param p probability in (0, 1)
     * \param df degrees of freedom (>= 1)
     * \return t with P(T <= t) = p
     */
    static double StudentTQuantile(double p, uint64_t df);
    /**
     * \brief The exact (Clopper-Pearson) binomial interval, from GSL's beta
     *        quantiles: for rare events, where a t interval of a 0/1 mean fails.
     * \param k successes
     * \param n trials (>= 1)
     * \param level e.g. 0.95
     * \return the interval of the success probability, [0, x] when k = 0
     */
    static std::pair<double, double> ClopperPearson(uint64_t k, uint64_t n, double level = 0.95);
};

} // namespace ns3

#endif /* TCP_TEARDOWN_SWEEP_STATISTICS_H */
