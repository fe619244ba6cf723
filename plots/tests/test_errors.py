# SPDX-License-Identifier: GPL-2.0-only
"""Bad input fails clearly: a one-line message naming the file (and line and
column) with exit status 1, or naming the option and value with exit status
2; --help works for every script."""

import importlib
import os
import shutil
import subprocess

import pytest

import make_figures
from tdplot.cli import run_main

SCRIPTS = [
    "dwell_times.py",
    "delivered_fraction.py",
    "close_time_cdf.py",
    "outcomes.py",
    "heatmap.py",
    "ladder.py",
    "make_figures.py",
]


@pytest.mark.parametrize("script", SCRIPTS)
def test_help(cli, script):
    done = cli(script, "--help")
    assert done.returncode == 0
    for option in ("--results", "--out", "--filter", "--width", "--formats"):
        assert option in done.stdout, (script, option)


@pytest.fixture
def cli(capsys):
    """Run a script's main() in this process like its command line: returns
    (exit status, stdout, stderr)."""

    def run(script, *args):
        module = importlib.import_module(script[: -len(".py")])
        try:
            status = run_main(module.main, [str(a) for a in args])
        except SystemExit as e:  # argparse
            status = e.code
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(script, status, out, err)

    return run


def copy_results(src, dst):
    for name in ("runs.csv", "segments.csv", "transitions.csv"):
        if os.path.exists(os.path.join(src, name)):
            shutil.copy(os.path.join(src, name), os.path.join(dst, name))
    return str(dst)


def edit_line(path, number, edit):
    """Apply edit(fields) -> fields to line ``number`` (1 = header)."""
    with open(path) as f:
        lines = f.read().splitlines()
    fields = lines[number - 1].split(",")
    lines[number - 1] = ",".join(edit(fields))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def column_index(path, column):
    with open(path) as f:
        return f.readline().strip().split(",").index(column)


def fails(done, *words, status=1):
    assert done.returncode == status, (done.returncode, done.stdout, done.stderr)
    message = done.stderr.strip()
    assert "Traceback" not in message
    assert len(message.splitlines()) == 1, message
    for w in words:
        assert w in message, (w, message)


@pytest.mark.parametrize("script", [s for s in SCRIPTS if s != "ladder.py"])
def test_missing_results_folder(cli, tmp_path, script):
    missing = str(tmp_path / "nowhere")
    fails(cli(script, "--results", missing), missing, "no such results folder")


@pytest.mark.parametrize("script", SCRIPTS)
def test_missing_csv(run_script, tmp_path, script):
    # as a real command line: the program's exit status and stderr
    name = "segments.csv" if script == "ladder.py" else "runs.csv"
    fails(run_script(script, "--results", tmp_path), name, "no such file")


def test_missing_column(cli, sweep_dir, tmp_path):
    d = copy_results(sweep_dir, tmp_path)
    runs = os.path.join(d, "runs.csv")
    k = column_index(runs, "a_time_wait_s")
    with open(runs) as f:
        lines = [ln.split(",") for ln in f.read().splitlines()]
    with open(runs, "w") as f:
        f.write("\n".join(",".join(fl[:k] + fl[k + 1 :]) for fl in lines) + "\n")
    fails(cli("dwell_times.py", "--results", d, "--out", tmp_path), "runs.csv", "'a_time_wait_s'")


def test_not_a_number(cli, sweep_dir, tmp_path):
    d = copy_results(sweep_dir, tmp_path)
    runs = os.path.join(d, "runs.csv")
    k = column_index(runs, "msl_s")
    edit_line(runs, 3, lambda f: f[:k] + ["abc"] + f[k + 1 :])
    fails(cli("outcomes.py", "--results", d, "--out", tmp_path), "runs.csv line 3", "'msl_s'", "'abc'")


def test_short_row(cli, sweep_dir, tmp_path):
    d = copy_results(sweep_dir, tmp_path)
    edit_line(os.path.join(d, "runs.csv"), 4, lambda f: f[:-2])
    fails(cli("delivered_fraction.py", "--results", d, "--out", tmp_path), "runs.csv line 4", "fields")


def test_unknown_outcome(cli, sweep_dir, tmp_path):
    d = copy_results(sweep_dir, tmp_path)
    runs = os.path.join(d, "runs.csv")
    k = column_index(runs, "b_outcome")
    edit_line(runs, 2, lambda f: f[:k] + ["weird"] + f[k + 1 :])
    fails(cli("outcomes.py", "--results", d, "--out", tmp_path), "line 2", "'b_outcome'", "'weird'")


def test_header_only_and_empty(cli, sweep_dir, tmp_path):
    runs = tmp_path / "runs.csv"
    with open(os.path.join(sweep_dir, "runs.csv")) as f:
        runs.write_text(f.readline())
    fails(cli("heatmap.py", "--results", tmp_path, "--out", tmp_path), "runs.csv", "no data rows")
    runs.write_text("")
    fails(cli("heatmap.py", "--results", tmp_path, "--out", tmp_path), "runs.csv", "empty file")


def test_bad_filters(cli, sweep_dir, tmp_path):
    fails(
        cli("dwell_times.py", "--results", sweep_dir, "--out", tmp_path, "--filter", "nope=1"),
        "--filter nope=1",
        "no column 'nope'",
        status=2,
    )
    fails(
        cli("dwell_times.py", "--results", sweep_dir, "--out", tmp_path, "--filter", "msl_s=42"),
        "runs.csv",
        "no run matches",
        "msl_s=42",
    )
    fails(
        cli("dwell_times.py", "--results", sweep_dir, "--out", tmp_path, "--filter", "msl_s"),
        "--filter 'msl_s'",
        "COLUMN=VALUE",
        status=2,
    )


def test_unknown_width_is_a_usage_error(cli, sweep_dir, tmp_path):
    done = cli("dwell_times.py", "--results", sweep_dir, "--out", tmp_path, "--width", "three")
    assert done.returncode == 2 and "--width" in done.stderr


def test_ladder_bad_segments(cli, lost_final_ack, tmp_path):
    d = copy_results(lost_final_ack, tmp_path)
    fails(cli("ladder.py", "--results", d, "--out", tmp_path, "--run", "999"), "segments.csv", "no segments of run 999")
    segs = os.path.join(d, "segments.csv")
    k = column_index(segs, "direction")
    edit_line(segs, 5, lambda f: f[:k] + ["sideways"] + f[k + 1 :])
    fails(cli("ladder.py", "--results", d, "--out", tmp_path), "segments.csv line 5", "'direction'", "'sideways'")


def test_ladder_without_transitions_still_draws(cli, lost_final_ack, tmp_path):
    d = copy_results(lost_final_ack, tmp_path)
    os.remove(os.path.join(d, "transitions.csv"))
    done = cli("ladder.py", "--results", d, "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "ladder_run0.pdf").exists()


def test_make_figures_reports_a_bad_file(sweep_dir, tmp_path, capsys):
    d = copy_results(sweep_dir, tmp_path)
    runs = os.path.join(d, "runs.csv")
    k = column_index(runs, "close_time_s")
    edit_line(runs, 6, lambda f: f[:k] + ["soon"] + f[k + 1 :])
    argv = ["--results", d, "--out", str(tmp_path / "figs"), "--no-ladders", "--formats", "pdf"]
    assert run_main(make_figures.main, argv) == 1
    assert "runs.csv line 6, column 'close_time_s': 'soon' is not a number" in capsys.readouterr().err
    # the figures that do not need the bad column are still made
    assert (tmp_path / "figs" / "outcomes__loss-0.1.pdf").exists()


def test_bad_option_values_name_the_option_and_write_nothing(cli, sweep_dir, tmp_path):
    out = tmp_path / "figs"
    fails(
        cli("dwell_times.py", "--results", sweep_dir, "--out", out, "--formats", "pdf,eps"),
        "--formats pdf,eps",
        "'eps'",
        status=2,
    )
    fails(
        cli("dwell_times.py", "--results", sweep_dir, "--out", out, "--states", "a_time_wait,a_nap"),
        "--states",
        "'a_nap'",
        status=2,
    )
    fails(
        cli("close_time_cdf.py", "--results", sweep_dir, "--out", out, "--metric", "nope_s"),
        "--metric nope_s",
        status=2,
    )
    fails(cli("heatmap.py", "--results", sweep_dir, "--out", out, "--x", "nope"), "--x nope", status=2)
    assert not out.exists()
