/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_KEEP_DELAY_H
#define TCP_TEARDOWN_KEEP_DELAY_H

#include <stdexcept>
#include <string>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief How long the path keeps a segment it holds back: a distribution
 *        truncated at the path's true maximum lifetime L.
 *
 * The text forms (every parameter in seconds, every one required):
 *  - `fixed:D`          D, with 0 <= D <= L;
 *  - `uniform:A:B`      uniform on [A, min(B, L)], 0 <= A <= B, A <= L;
 *  - `exponential:M`    exponential of mean M > 0, conditioned on <= L;
 *  - `pareto:XM:ALPHA`  Pareto of scale XM > 0 and shape ALPHA > 0
 *                       (P(D > x) = (XM / x)^ALPHA for x >= XM), conditioned
 *                       on <= L, XM <= L.
 *
 * "Conditioned on <= L" is exact: Draw() inverts the truncated distribution
 * function, so no draw ever exceeds L and none is clipped to it.
 */
class KeepDelay
{
  public:
    /** the family */
    enum Kind
    {
        FIXED,       //!< one value
        UNIFORM,     //!< uniform on an interval
        EXPONENTIAL, //!< exponential
        PARETO,      //!< Pareto (type I)
    };

    /**
     * \param text the distribution, as above
     * \param lifetimeS L in seconds (>= 0)
     * \return "" if the pair is possible, else why not (one line)
     */
    static std::string Check(const std::string& text, double lifetimeS);
    /**
     * \param text the distribution, as above
     * \param lifetimeS L in seconds
     * \return the distribution
     * \throws std::invalid_argument with Check()'s reason
     */
    static KeepDelay Parse(const std::string& text, double lifetimeS);

    /**
     * \param u a uniform draw in [0, 1)
     * \return the delay in seconds, in [0, L]
     */
    double Draw(double u) const;
    /** \return P(D <= x) for the truncated distribution \param x seconds */
    double Cdf(double x) const;
    /** \return the family */
    Kind GetKind() const;

  private:
    Kind m_kind{FIXED};  //!< family
    double m_a{0.0};     //!< D, A, M or XM
    double m_b{0.0};     //!< B (capped at L) or ALPHA
    double m_lifetime{}; //!< L
    double m_mass{1.0};  //!< untruncated P(D <= L)
};

} // namespace ns3

#endif /* TCP_TEARDOWN_KEEP_DELAY_H */
