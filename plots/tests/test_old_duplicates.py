# SPDX-License-Identifier: GPL-2.0-only
"""The analytic corruption probability of the simplest reuse case, worked out
by hand from the link (10 Mbps, 10 ms) and ns-3's wire sizes, and the exact
binomial interval against printed values."""

import pytest

from tdplot.old_duplicates import analytic_share, clopper_pearson

# a point of the old-duplicates study (doc/old-duplicates.md)
POINT = dict(
    variant="four-way-no-timewait",
    isn="ns3",
    msl_s="1",
    lifetime_s="0.1",
    keep_delay="uniform:0:0.1",
    keep_b2a="0.05",
    keep_a2b="0",
    keep_copy="yes",
    incarnations="2",
    reuse_gap_s="0",
    response_bytes="500",
    request_bytes="100",
    delay_s="0.01",
    rate="10Mbps",
    close_delay_s="0",
    server_delay_s="0",
    time_wait_msl="",
)

# transmissions at 10 Mbps: 54 B 43.2 us, 58 B 46.4 us, 154 B 123.2 us, 554 B 443.2 us
W = 0.02 + 43.2e-6 + 123.2e-6 + 43.2e-6 + 443.2e-6  # 0.0206528 s
A_NO_TW = 0.02 + 43.2e-6 + 2 * 46.4e-6  # 0.020136 s


def test_no_time_wait_is_q_w_over_l():
    assert analytic_share(POINT) == pytest.approx(0.05 * W / 0.1, rel=1e-9)
    assert A_NO_TW + W < 0.1  # the whole window lies inside [0, L]


@pytest.mark.parametrize(
    "msl,share",
    [
        ("0.01", 0.05 * W / 0.1),  # a = 0.02 + 0.0200928: still inside
        ("0.03", 0.05 * (0.1 - (0.06 + 0.0200928)) / 0.1),  # cut by L
        ("0.04", 0.0),  # a = 0.1000928 > L: every copy is gone
    ],
)
def test_time_wait_moves_the_window(msl, share):
    p = dict(POINT, variant="four-way", msl_s=msl)
    assert analytic_share(p) == pytest.approx(share, rel=1e-9, abs=1e-15)


def test_outside_the_simplest_case_there_is_no_value():
    assert analytic_share(dict(POINT, isn="random")) is None
    assert analytic_share(dict(POINT, response_bytes="5000")) is None
    assert analytic_share(dict(POINT, variant="three-way-direct")) is None
    assert analytic_share(dict(POINT, close_delay_s="0.05")) is None
    assert analytic_share(dict(POINT, paws="yes")) is None


def test_clopper_pearson_against_printed_values():
    # 0 of n: upper bound 1 - 0.025^(1/n); 100000 trials -> 3.689e-5
    assert clopper_pearson(0, 100000)[1] == pytest.approx(1 - 0.025 ** (1 / 100000), rel=1e-6)
    # 5 of 20: (0.0866, 0.4910) (Clopper & Pearson's tables, e.g. Newcombe 1998)
    low, high = clopper_pearson(5, 20)
    assert low == pytest.approx(0.0866, abs=1e-4) and high == pytest.approx(0.4910, abs=1e-4)


def test_figure_draws_the_shares_and_the_analytic_value(teardown, tmp_path):
    """A small real reuse sweep: each drawn share is the share of corrupted
    runs of its point, and the dashed line is analytic_share of the point."""
    import tdplot
    from conftest import read_rows, run_teardown
    from tdplot import draw, old_duplicates

    out = str(tmp_path / "reuse")
    for v in ("four-way", "four-way-no-timewait"):
        for msl in ("0.01", "0.1"):
            for r in range(1, 13):
                run_teardown(
                    teardown, out, "--variant=" + v, "--msl=" + msl, "--responseBytes=500",
                    "--incarnations=2", "--keepB2A=0.4", "--keepCopy=yes", "--lifetime=0.1",
                    "--keepDelay=uniform:0:0.1", "--RngRun={}".format(r),
                )
    rows = read_rows(out + "/runs.csv")
    fig, drawn = old_duplicates.build_figure(tdplot.read_runs(out))
    ax = fig.axes[0]  # the ns3 panel (the legend row is added last)
    for v in ("four-way", "four-way-no-timewait"):
        line = draw.find_line(ax, "mc:no:ns3:" + v)
        for x, y in zip(line.get_xdata(), line.get_ydata()):
            cell = [r for r in rows if r["variant"] == v and float(r["msl_s"]) / 0.1 == pytest.approx(x, rel=0.2)]
            share = sum(int(r["corrupted_bytes"]) > 0 for r in cell) / len(cell)
            assert len(cell) == 12
            assert y == pytest.approx(share if share > 0 else drawn["floor"], rel=1e-12)
        dashed = draw.find_line(ax, "analytic:no:ns3:" + v)
        for x, y in zip(dashed.get_xdata(), dashed.get_ydata()):
            point = next(r for r in rows if r["variant"] == v and float(r["msl_s"]) / 0.1 == pytest.approx(x))
            assert y == pytest.approx(max(analytic_share(point), drawn["floor"]), rel=1e-12)
