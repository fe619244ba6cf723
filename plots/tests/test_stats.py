# SPDX-License-Identifier: GPL-2.0-only
"""The 95 % intervals: scipy's Student-t quantiles against printed tables,
and a mean with its interval worked out by hand."""

import math

import pytest

import expected
from tdplot.stats import mean_ci, t975


@pytest.mark.parametrize("df", sorted(expected.T975))
def test_t975_matches_the_printed_table(df):
    assert t975(df) == pytest.approx(expected.T975[df], abs=6e-4)


@pytest.mark.parametrize(
    "df,value",
    [(10, 2.228), (20, 2.086), (30, 2.042), (60, 2.000), (120, 1.980)],
)
def test_t975_beyond_the_short_table(df, value):
    # NIST/SEMATECH e-Handbook 1.3.6.7.2, three decimals
    assert t975(df) == pytest.approx(value, abs=6e-4)


def test_t975_tends_to_the_normal_quantile():
    # z(0.975) = 1.959964 (the normal distribution's two-sided 95 % point)
    assert t975(10**7) == pytest.approx(1.959964, abs=1e-5)
    assert 1.96 < t975(1000) < 1.963


def test_t975_without_degrees_of_freedom_is_nan():
    assert math.isnan(t975(0))


def test_mean_ci_by_hand():
    # 1, 2, 3, 4: mean 2.5, s = sqrt(5/3), half = t(0.975, 3) s / 2
    n, mean, half = mean_ci([1.0, 2.0, 3.0, 4.0, float("nan")])
    assert n == 4 and mean == 2.5
    assert half == pytest.approx(3.182446 * math.sqrt(5.0 / 3.0) / 2.0, rel=1e-6)
    assert mean_ci([7.0])[:2] == (1, 7.0) and math.isnan(mean_ci([7.0])[2])
    assert mean_ci([])[0] == 0
