# SPDX-License-Identifier: GPL-2.0-only
"""The standard figure set (tdplot/standard_set.py) from real runs of
scripts/standard-study.sh --quick: every slot is drawn and captioned in
report.html, and what the two key figures draw is what the close rules
predict, computed here from the settings alone:

- why four segments, loss 0: a variant whose B finishes its response
  delivers all of it; a variant whose B answers A's FIN with FIN+ACK and
  closes delivers the whole segments it had written when A's FIN arrived,
  closeDelay / (closeDelay + workAfterFin) of its writing time;
- why TIME_WAIT, loss 0, A's final ACK lost: B's FIN comes back one RTO
  (MinRto 1 s, ns-3's default; the RTT is 20 ms) after A entered TIME_WAIT,
  so B is reset iff 2 MSL < RTO; without TIME_WAIT always; three-way-direct's
  B never waits for an ACK, so never.
"""

import math
import os
import re
import subprocess

import numpy as np
import pytest

import tdplot
from conftest import BUILD_DIR, REPO, need_program
from tdplot import report, standard_set

RESPONSE, CLOSE_DELAY, SEGMENT = 20000, 0.1, 536  # the default study's settings, ns-3's SegmentSize
VARIANTS = "four-way,four-way-no-timewait,three-way,three-way-direct"


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    for program in ("tcp-teardown", "tcp-teardown-sweep", "tcp-teardown-busy"):
        need_program(program)
    out = str(tmp_path_factory.mktemp("standard") / "results")
    cmd = [
        os.path.join(REPO, "scripts", "standard-study.sh"), out, "--quick",
        "--variant=" + VARIANTS, "--loss=0,0.1", "--runs=6",
    ]
    env = dict(os.environ, TCP_TEARDOWN_BUILD_DIR=BUILD_DIR)
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def runs(study):
    return tdplot.read_runs(study)


def test_every_slot_drawn_and_captioned(study, run_script, tmp_path):
    done = run_script("make_figures.py", "--results", study, "--out", tmp_path, "--dpi", "50")
    assert done.returncode == 0, done.stderr
    names = [name for name, _folder, _build in standard_set.SLOTS]
    assert len(names) <= 10
    for name in names:
        assert (tmp_path / (name + ".png")).exists(), (name, done.stdout)
    # auto chose the standard set (--study=default): nothing else was drawn
    pngs = sorted(p.stem for p in tmp_path.iterdir() if p.suffix == ".png")
    assert pngs == sorted(names)
    page = (tmp_path / "report.html").read_text()
    for name in names:
        title = report.CAPTIONS[name][0]
        assert report.esc(title) in page, name
        assert re.search(r'<img[^>]+src="{}\.png"'.format(re.escape(name)), page), name


def _produced(work):
    """Whole segments B has written when A's FIN arrives (closeDelay after
    B read the request), of a response written at a steady rate over
    closeDelay + work, as a share of the response."""
    if work == 0:
        return 1.0
    written = RESPONSE * CLOSE_DELAY / (CLOSE_DELAY + work)
    return SEGMENT * math.floor(written / SEGMENT) / RESPONSE


def test_why_four_segments_draws_the_rules(runs):
    fig, drawn = standard_set.build_why_four_segments(runs)
    assert sorted(drawn["panels"]) == [0.0, 0.1]
    at0 = drawn["panels"][0.0]
    works = [0.0, 0.05, 0.1, 0.2, 0.5]
    for v in ("four-way", "four-way-no-timewait"):
        assert list(at0[v]["x"]) == works
        assert (at0[v]["mean"] == 1.0).all() and (at0[v]["half"] == 0).all(), v
    for v in ("three-way", "three-way-direct"):
        want = [_produced(w) for w in works]
        assert np.allclose(at0[v]["mean"], want, atol=0.5 / RESPONSE), (v, at0[v]["mean"], want)
        assert (at0[v]["half"] < 1e-12).all(), v  # no loss: every run the same
    # the rule line drawn is the same arithmetic
    x, y = drawn["rules"]["closes_at_fin"]
    assert np.allclose(y, [_produced(w) for w in x], atol=1e-12)
    # with loss, B still finishes in the four-way close: A gets everything
    assert (drawn["panels"][0.1]["four-way"]["mean"] == 1.0).all()


def test_why_time_wait_draws_the_rule(runs):
    fig, drawn = standard_set.build_why_time_wait(runs)
    assert drawn["rto"] == 1.0  # MinRto 1 s > 3 x the 20 ms RTT
    at0 = drawn["panels"][0.0]
    msls = np.array([0.1, 0.3, 1.0, 30.0])
    assert np.allclose(at0["four-way"]["x"], 2 * msls / 1.0)
    share = at0["four-way"]["k"] / at0["four-way"]["n"]
    assert list(share) == [1.0 if 2 * m < 1.0 else 0.0 for m in msls]
    assert (at0["four-way-no-timewait"]["k"] == at0["four-way-no-timewait"]["n"]).all()
    assert (at0["three-way-direct"]["k"] == 0).all()
    # the line drawn is the rule
    x, y = drawn["rule"]
    assert ((y == 1.0) == (x < 1.0)).all()


def test_close_time_cdf_has_the_chain(study):
    from tdplot import close_time_cdf

    cdf = tdplot.read_runs(os.path.join(study, "cdf"))
    fig, drawn = close_time_cdf.build_figure(cdf, analytic=True)
    assert drawn["why"] is None
    assert sorted(drawn["analytic"]) == [0.05, 0.1, 0.2]
    for rate, (x, y) in drawn["analytic"].items():
        assert (np.diff(y) >= 0).all() and 0.99 < y[-1] <= 1.0 + 1e-12, rate


def test_missing_parts_are_skipped_not_failed(study, tmp_path, capsys):
    """Only the default study: the other slots say what is missing."""
    import make_figures
    from tdplot.cli import run_main

    only = tmp_path / "only"
    only.mkdir()
    for name in ("runs.csv", "summary.csv", "meta.json"):
        os.symlink(os.path.join(study, name), only / name)
    assert run_main(make_figures.main, ["--results", str(only), "--out", str(tmp_path / "f"), "--dpi", "40"]) == 0
    text = capsys.readouterr().out
    drawn = sorted(p.stem for p in (tmp_path / "f").iterdir() if p.suffix == ".png")
    assert drawn == ["dwell_times", "why_four_segments", "why_time_wait"]
    for name, folder, _ in standard_set.SLOTS:
        if folder:
            assert "skipped {}: no {}".format(name, os.path.join(str(only), *folder.split("/"))) in text
