# SPDX-License-Identifier: GPL-2.0-only
"""Means with 95 % Student-t confidence intervals (scipy's quantiles)."""

import math

import numpy as np
from scipy import stats as _scipy_stats

CONFIDENCE = 0.95


def t975(df):
    """t(0.975, df), the two-sided 95 % quantile of Student's t with df
    degrees of freedom; NaN for df < 1."""
    if df < 1:
        return math.nan
    return float(_scipy_stats.t.ppf(0.5 + CONFIDENCE / 2, df))


def mean_ci(values):
    """(n, mean, half width of the 95 % confidence interval) of the finite
    values; the half width is NaN for fewer than two values."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    n = len(v)
    if n == 0:
        return 0, math.nan, math.nan
    mean = float(np.mean(v))
    if n < 2:
        return n, mean, math.nan
    half = t975(n - 1) * float(np.std(v, ddof=1)) / math.sqrt(n)
    return n, mean, half
