# SPDX-License-Identifier: GPL-2.0-only
"""make_figures.py: the standard set from runs.csv (and segments.csv), and
from a real tcp-teardown-sweep (which calls it with --plot)."""

import csv
import os
import subprocess

import pytest

import make_figures
import tdplot
from tdplot.cli import run_main
from conftest import LOSSES, MSLS, VARIANTS, need_program


def test_standard_set(run_script, sweep_dir, tmp_path):
    done = run_script("make_figures.py", "--results", sweep_dir, "--out", tmp_path, "--dpi", "40")
    assert done.returncode == 0, done.stderr
    names = ["dwell_times__msl_s-{}".format(m) for m in MSLS]
    names += ["delivered_fraction__msl_s-{}".format(m) for m in MSLS]
    names += ["close_time_cdf__msl_s-{}".format(m) for m in MSLS]
    names += ["outcomes__loss-{}".format(x) for x in LOSSES]
    names += ["heatmap_close_time_s", "heatmap_reset", "heatmap_time_wait_cut"]
    with open(os.path.join(sweep_dir, "runs.csv")) as f:
        rows = list(csv.DictReader(f))
    for v in VARIANTS:
        first = min(int(r["run_index"]) for r in rows if r["variant"] == v)
        names.append("ladder_{}_run{}".format(v, first))
    for name in names:
        for ext in ("pdf", "png"):
            assert (tmp_path / "{}.{}".format(name, ext)).exists(), name
    written = sorted(p.name for p in tmp_path.iterdir())
    assert "report.html" in written
    assert len(written) == 2 * len(names) + 1, written


def test_chosen_runs_filters_and_formats(sweep_dir, tmp_path, capsys):
    argv = ["--results", sweep_dir, "--out", str(tmp_path), "--run", "5", "--run", "7"]
    argv += ["--filter", "msl_s=0.5", "--filter", "variant=four-way", "--formats", "svg"]
    assert run_main(make_figures.main, argv) == 0
    written = sorted(p.name for p in tmp_path.iterdir() if p.name != "report.html")
    assert (tmp_path / "report.html").exists()
    assert all(n.endswith(".svg") for n in written)
    assert [n for n in written if n.startswith("ladder")] == [
        "ladder_four-way_run5.svg",
        "ladder_four-way_run7.svg",
    ]
    assert "skipped heatmaps" in capsys.readouterr().out  # one MSL left: no heatmap


def test_sweep_plot_and_summary_agree(tmp_path):
    """A real tcp-teardown-sweep --plot: the figures are made, and the means
    and 95 % intervals this suite computes from runs.csv equal the sweep's
    own summary.csv (two independent implementations)."""
    sweep = need_program("tcp-teardown-sweep")
    out = tmp_path / "sweep"
    cmd = [
        sweep,
        "--variant=four-way,three-way-no-timewait",
        "--loss=0,0.1",
        "--msl=0.05",
        "--runs=4",
        "--segments=true",
        "--transitions=true",
        "--quiet",
        "--plot",
        "--outputDir={}".format(out),
        "--ns3::TcpSocketBase::MinRto=200ms",
    ]
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=100)
    assert done.returncode == 0, done.stderr
    figs = out / "figures"
    for name in ("dwell_times", "outcomes__loss-0.1", "close_time_cdf", "ladder_four-way_run0"):
        assert (figs / (name + ".pdf")).exists(), sorted(p.name for p in figs.iterdir())
        assert (figs / (name + ".png")).exists()

    runs = tdplot.read_runs(str(out))
    with open(out / "summary.csv") as f:
        summary = list(csv.DictReader(f))
    assert len(summary) == 2 * 2
    for point in summary:
        sel = tdplot.apply_filters(
            runs, [(c, point[c]) for c in ("variant", "msl_s", "loss_a2b", "loss_b2a")]
        )
        for metric in ("a_time_wait_s", "b_last_ack_s", "close_time_s", "delivered_bytes"):
            column = metric + "_mean"
            assert column in point, "summary.csv has no {} column".format(column)
            n, mean, half = tdplot.mean_ci(sel.numbers(metric, allow_empty=True))
            assert n == int(point[metric + "_n"])
            if n:
                assert mean == pytest.approx(float(point[column]), rel=1e-6, abs=1e-12)
            ci = point.get(metric + "_ci95", "")
            if n > 1 and ci not in ("", "nan"):
                assert half == pytest.approx(float(ci), rel=1e-3, abs=1e-12), (metric, point["variant"])
