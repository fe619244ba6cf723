# SPDX-License-Identifier: GPL-2.0-only
"""Figures 1-5 from a small real sweep: what is drawn (read back from the
matplotlib artists) equals the numbers of runs.csv, worked out here
independently."""

import os

import numpy as np
import pytest
from matplotlib.collections import PolyCollection, QuadMesh

import expected
import tdplot
from tdplot import close_time_cdf, delivered_fraction, dwell_times, heatmap, ladder, outcomes
from tdplot.cli import run_main
from conftest import LOSSES, MSLS, OUTCOMES, RUNS, VARIANTS, WIDTHS


def panel(fig, title):
    hits = [ax for ax in fig.axes if ax.get_title() == title]
    assert len(hits) == 1, "one panel titled {!r}, found {}".format(title, len(hits))
    return hits[0]


def line(ax, gid):
    hits = [ln for ln in ax.get_lines() if ln.get_gid() == gid]
    assert len(hits) == 1, "one line {!r} in panel {!r}".format(gid, ax.get_title())
    return hits[0]


def band_limits(ax, gid, xs):
    """Lower and upper edge of a fill_between band at the given x."""
    polys = [c for c in ax.collections if isinstance(c, PolyCollection) and c.get_gid() == gid]
    assert len(polys) == 1, "one band {!r}".format(gid)
    verts = polys[0].get_paths()[0].vertices
    lo, hi = [], []
    for x in xs:
        ys = verts[np.isclose(verts[:, 0], x), 1]
        lo.append(ys.min())
        hi.append(ys.max())
    return np.array(lo), np.array(hi)


def selected(results, **where):
    runs = tdplot.read_runs(results)
    return tdplot.apply_filters(runs, [(k, str(v)) for k, v in where.items()])


UNITS = {"(s)": 1.0, "(ms)": 1e3, "(\u00b5s)": 1e6, "(ns)": 1e9}


def unit_of(label):
    for unit, scale in UNITS.items():
        if label.endswith(unit):
            return scale
    raise AssertionError("no unit in axis label {!r}".format(label))


# -- figure 1 ---------------------------------------------------------------


@pytest.mark.parametrize("width", ["one", "two"])
def test_dwell_times_lines_are_the_means_with_95_percent_bands(sweep_dir, width):
    fig, _ = dwell_times.build_figure(selected(sweep_dir, msl_s=0.5), width=width)
    assert fig.get_size_inches()[0] == pytest.approx(WIDTHS[width])
    rows = expected.runs(sweep_dir, msl_s=0.5)
    for stem in dwell_times.DEFAULT_STATES:
        ax = panel(fig, dwell_times.state_title(stem))
        scale = unit_of(ax.get_ylabel())
        for v in VARIANTS:
            want = expected.mean_by(
                [r for r in rows if r["variant"] == v], expected.loss, lambda r: float(r[stem + "_s"])
            )
            xs = np.array(sorted(want))
            drawn = line(ax, "mean:" + v)
            assert np.allclose(drawn.get_xdata(), xs)
            assert np.allclose(drawn.get_ydata(), [want[x][1] * scale for x in xs], rtol=1e-9, atol=1e-12)
            halves = np.array([want[x][2] for x in xs])
            if np.all(halves == 0):
                continue
            lo, hi = band_limits(ax, "band:" + v, xs)
            means = np.array([want[x][1] for x in xs])
            assert np.allclose(lo, (means - halves) * scale, rtol=2e-3, atol=1e-9 * scale)
            assert np.allclose(hi, (means + halves) * scale, rtol=2e-3, atol=1e-9 * scale)


def test_dwell_times_time_wait_is_two_msl_without_loss(sweep_dir):
    # A sanity anchor independent of any averaging code: with no loss every
    # four-way run holds TIME_WAIT for exactly 2 x MSL.
    fig, drawn = dwell_times.build_figure(selected(sweep_dir, msl_s=0.5, loss_a2b=0))
    ax = panel(fig, "A: TIME_WAIT")
    y = line(ax, "mean:four-way").get_ydata() / unit_of(ax.get_ylabel())
    assert y == pytest.approx([1.0])


def test_dwell_times_one_figure_per_msl(sweep_dir, tmp_path):
    argv = ["--results", sweep_dir, "--out", str(tmp_path), "--dpi", "40"]
    assert run_main(dwell_times.main, argv) == 0
    for msl in MSLS:
        for ext in ("pdf", "png"):
            assert (tmp_path / "dwell_times__msl_s-{}.{}".format(msl, ext)).exists()


# -- figure 2 ---------------------------------------------------------------


def test_delivered_fraction_is_the_mean_share_per_variant(sweep_dir):
    fig, drawn = delivered_fraction.build_figure(selected(sweep_dir, msl_s=0.05))
    ax = [a for a in fig.axes if a.get_lines()][0]
    rows = expected.runs(sweep_dir, msl_s=0.05)
    for v in VARIANTS:
        want = expected.mean_by(
            [r for r in rows if r["variant"] == v],
            expected.loss,
            lambda r: float(r["delivered_bytes"]) / float(r["pending_at_close_bytes"]),
        )
        got = line(ax, "mean:" + v)
        assert np.allclose(got.get_xdata(), sorted(want))
        assert np.allclose(got.get_ydata(), [want[x][1] for x in sorted(want)], rtol=1e-12)
    # the three-way close discards what B has not sent: less than all arrives
    assert line(ax, "mean:three-way").get_ydata()[0] < 1.0
    assert line(ax, "mean:four-way").get_ydata()[0] == pytest.approx(1.0)


# -- figure 3 ---------------------------------------------------------------


def test_close_time_cdf_steps_are_the_empirical_cdf(sweep_dir):
    fig, drawn = close_time_cdf.build_figure(selected(sweep_dir, msl_s=0.5), at=[0.1])
    ax = panel(fig, "loss = 0.1")
    rows = expected.runs(sweep_dir, msl_s=0.5)
    x_end = max(expected.number(r["close_time_s"]) for r in rows if r["close_time_s"] != "")
    for v in VARIANTS:
        mine = [r for r in rows if r["variant"] == v and expected.loss(r) == 0.1]
        assert len(mine) == RUNS
        xs, ys = expected.ecdf_steps([expected.number(r["close_time_s"]) for r in mine], len(mine), x_end)
        got = line(ax, "cdf:" + v)
        assert got.get_drawstyle() == "steps-post"
        assert np.allclose(got.get_xdata(), xs, rtol=1e-12)
        assert np.allclose(got.get_ydata(), ys, rtol=1e-12)


def test_close_time_cdf_default_panels_are_every_loss_rate(sweep_dir):
    fig, drawn = close_time_cdf.build_figure(selected(sweep_dir, msl_s=0.05))
    assert drawn["rates"] == [float(x) for x in LOSSES]
    for x in LOSSES:
        panel(fig, "loss = {}".format(x))


def test_close_time_cdf_unknown_rate_is_refused(sweep_dir):
    with pytest.raises(tdplot.UsageError, match="0.3"):
        close_time_cdf.build_figure(selected(sweep_dir, msl_s=0.05), at=[0.3])


# -- figure 4 ---------------------------------------------------------------


def outcome_of(row):
    both = (row["a_outcome"], row["b_outcome"])
    for o in ("reset", "timeout", "open", "stranded", "orderly"):
        if o in both:
            return o


def bar_of(row):
    """The bar a run is counted in: its outcome, an orderly run whose
    TIME_WAIT a RST cut short apart."""
    o = outcome_of(row)
    if o == "orderly" and "yes" in (row["a_time_wait_cut"], row["b_time_wait_cut"]):
        return "orderly, TIME_WAIT cut"
    return o


@pytest.mark.parametrize("counts", [True, False])
def test_outcome_bars_are_the_outcome_counts(sweep_dir, counts):
    fig, drawn = outcomes.build_figure(selected(sweep_dir, loss_a2b=0.1), counts=counts)
    rows = expected.runs(sweep_dir, loss_a2b=0.1)
    msls = sorted(float(m) for m in MSLS)
    for v in VARIANTS:
        ax = panel(fig, v)
        assert [t.get_text() for t in ax.get_xticklabels()] == ["{:g}".format(m) for m in msls]
        bottoms = np.zeros(len(msls))
        for container in ax.containers:
            o = container.get_label()
            want = np.array(
                [
                    sum(1 for r in rows if r["variant"] == v and float(r["msl_s"]) == m and bar_of(r) == o)
                    for m in msls
                ],
                dtype=float,
            )
            heights = np.array([p.get_height() for p in container.patches])
            ys = np.array([p.get_y() for p in container.patches])
            assert np.allclose(heights, want if counts else want / RUNS), (v, o)
            assert np.allclose(ys, bottoms)  # stacked
            bottoms += heights
        assert np.allclose(bottoms, RUNS if counts else 1.0)
        assert sorted(c.get_label() for c in ax.containers) == sorted(OUTCOMES + ["orderly, TIME_WAIT cut"])


def test_outcomes_tell_a_cut_time_wait_from_a_reset(time_wait_cut_dir):
    # Four-way under ns-3's defaults at 5 % loss and MSL 120 s: SACK
    # recovery resends segments A already holds, B (closed) answers A's
    # TIME_WAIT ACK with RST. The close completed: the bar is not "reset".
    rows = expected.runs(time_wait_cut_dir)
    cut = sum(1 for r in rows if r["a_time_wait_cut"] == "yes")
    assert cut > 0, "the fixture must hold a run whose TIME_WAIT was cut"
    fig, drawn = outcomes.build_figure(tdplot.read_runs(time_wait_cut_dir), counts=True)
    panel_ = drawn["panels"]["four-way"]
    assert sum(panel_["orderly, TIME_WAIT cut"]) == sum(
        1 for r in rows if outcome_of(r) == "orderly" and r["a_time_wait_cut"] == "yes"
    )
    assert sum(panel_["reset"]) == sum(1 for r in rows if outcome_of(r) == "reset")
    for r in rows:
        if r["a_time_wait_cut"] == "yes":
            # a completed close: every pending byte delivered, both FINs acknowledged
            assert r["delivered_bytes"] == r["pending_at_close_bytes"]


def test_outcomes_show_resets_when_time_wait_is_shorter_than_the_rto(sweep_dir):
    # The story of figure 4: without TIME_WAIT, a lost final ACK at 10 %
    # loss turns some closes into resets in this sweep.
    fig, drawn = outcomes.build_figure(selected(sweep_dir, loss_a2b=0.1), counts=True)
    resets = sum(drawn["panels"]["three-way-no-timewait"]["reset"])
    want = sum(
        1
        for r in expected.runs(sweep_dir, loss_a2b=0.1, variant="three-way-no-timewait")
        if "reset" in (r["a_outcome"], r["b_outcome"])
    )
    assert resets == want


def test_outcomes_against_msl_over_rto(sweep_dir):
    fig, drawn = outcomes.build_figure(selected(sweep_dir, loss_a2b=0.1), x="msl-rto", rto=0.2)
    assert np.allclose(drawn["values"], [float(m) / 0.2 for m in MSLS])
    # without --rto the MinRto the runs recorded (min_rto_s) is used
    rtos = {float(r["min_rto_s"]) for r in expected.runs(sweep_dir, loss_a2b=0.1)}
    assert rtos == {0.2}
    fig, drawn = outcomes.build_figure(selected(sweep_dir, loss_a2b=0.1), x="msl-rto")
    assert np.allclose(drawn["values"], [float(m) / 0.2 for m in MSLS])


# -- figure 5 ---------------------------------------------------------------


@pytest.mark.parametrize("metric", ["close_time_s", "b_outcome=orderly", "outcome=reset"])
def test_heatmap_cells_are_the_cell_means(sweep_dir, metric):
    fig, drawn = heatmap.build_figure(tdplot.read_runs(sweep_dir), metric)
    rows = expected.runs(sweep_dir)
    losses = sorted(float(x) for x in LOSSES)
    msls = sorted(float(m) for m in MSLS)
    for v in VARIANTS:
        meshes = [c for ax in fig.axes for c in ax.collections if isinstance(c, QuadMesh) and c.get_gid() == "heatmap:" + v]
        assert len(meshes) == 1
        data = np.ma.filled(meshes[0].get_array().astype(float), np.nan).reshape(len(msls), len(losses))
        for j, m in enumerate(msls):
            for i, p in enumerate(losses):
                cell = [r for r in rows if r["variant"] == v and float(r["msl_s"]) == m and expected.loss(r) == p]
                if metric == "close_time_s":
                    vals = [expected.number(r["close_time_s"]) for r in cell]
                    want = np.nanmean(vals)
                elif metric == "outcome=reset":
                    want = np.mean([outcome_of(r) == "reset" for r in cell])
                else:
                    want = np.mean([r["b_outcome"] == "orderly" for r in cell])
                assert data[j, i] == pytest.approx(want, rel=1e-12), (v, m, p)


def test_heatmap_unknown_metric_is_refused(sweep_dir):
    with pytest.raises(tdplot.UsageError, match="no_such_column"):
        heatmap.build_figure(tdplot.read_runs(sweep_dir), "no_such_column")


# -- every script: files, sizes, formats ------------------------------------


@pytest.mark.parametrize(
    "script,extra,width",
    [
        (dwell_times, ["--filter", "msl_s=0.5"], "one"),
        (dwell_times, ["--filter", "msl_s=0.5"], "two"),
        (delivered_fraction, ["--filter", "msl_s=0.5"], "two"),
        (close_time_cdf, ["--filter", "msl_s=0.5"], "one"),
        (outcomes, ["--filter", "loss_a2b=0.1"], "two"),
        (heatmap, ["--metric", "outcome=reset"], "one"),
        (ladder, ["--run", "3"], "one"),
    ],
    ids=["dwell_times-one", "dwell_times-two", "delivered_fraction", "close_time_cdf", "outcomes", "heatmap", "ladder"],
)
def test_script_writes_vector_pdf_and_png_of_the_paper_width(sweep_dir, tmp_path, script, extra, width):
    # main() in this process (the command line itself is tested in test_errors.py)
    argv = ["--results", sweep_dir, "--out", str(tmp_path), "--width", width, "--name", "fig"] + extra
    assert run_main(script.main, argv) == 0
    pdf = (tmp_path / "fig.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert b"/Subtype /Image" not in pdf  # vector, no embedded bitmap
    png = tmp_path / "fig.png"
    with open(png, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width_px = int.from_bytes(head[16:20], "big")
    assert width_px == pytest.approx(WIDTHS[width] * 200, abs=2)
    assert os.path.getsize(png) < 600_000


def test_filter_values_of_one_column_are_alternatives(sweep_dir):
    runs = tdplot.read_runs(sweep_dir)
    both = tdplot.apply_filters(runs, [("variant", "four-way"), ("variant", "three-way"), ("msl_s", "0.50")])
    assert set(both.strings("variant")) == {"four-way", "three-way"}
    assert len(both) == 2 * len(LOSSES) * RUNS
