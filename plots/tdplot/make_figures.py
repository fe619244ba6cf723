# SPDX-License-Identifier: GPL-2.0-only
"""The standard set of figures of a results folder, all at once.

From runs.csv:
  dwell_times          figure 1, mean dwell per close state vs loss rate
  delivered_fraction   figure 2, delivered share of B's pending bytes vs loss
  close_time_cdf       figure 3, CDF of the close completion time
  outcomes             figure 4, outcomes vs MSL (stacked bars)
  heatmap_close_time_s figure 5, mean close completion time over loss x MSL
  heatmap_reset        figure 5, share of runs ending in a reset
  heatmap_time_wait_cut figure 5, share of runs in which a RST cut A's
                       TIME_WAIT short after a completed close
                       (the heatmaps need at least two loss rates and two MSLs)
  old_duplicates       figure 7, share of reuse runs corrupted by an old
                       duplicate vs MSL / L (runs with incarnations > 1)
From segments.csv (when present):
  ladder_<variant>_run<N>  figure 6, for each --run N, or else for the first
                       run of each variant that has segments

When parameters other than the drawn ones vary (e.g. two pending sizes), each
figure is made once per combination, the file name suffixed with it. A figure
that cannot be made is reported and the others are still made; the exit
status is then 1. tcp-teardown-sweep --plot calls this script.

--set chooses what: "standard" draws the standard set of tdplot/standard_set.py
(at most ten figures, each answering one question: why four segments, why
TIME_WAIT, old duplicates, TIME_WAIT's cost, the close-time CDF with the
Markov chain, dwell times, three ladders) from a results folder laid out as
scripts/demo.sh writes it; "full" the per-parameter figures above; "all"
both; "auto" (the default) the standard set for the default study
(meta.json's command line has --study=default), else the full set.

Then it writes report.html into the same folder (--out): one static page
with every figure drawn and its caption, the summary table of summary.csv
and the sweep's meta (grid, versions, command line, configuration); see
tdplot/report.py. --no-report skips it.

Example:
  /usr/bin/python3 plots/make_figures.py --results results/loss --out results/loss/figures
"""

import json
import os
import sys

import numpy as np

from . import cli, close_time_cdf, csvio, delivered_fraction, derived, dwell_times, errors, heatmap, ladder
from . import old_duplicates, outcomes, output, report, split, standard_set, style


def loss_axis(runs):
    """'loss' when both directions have the same rate, else the direction
    that varies."""
    a2b, b2a = runs.numbers("loss_a2b"), runs.numbers("loss_b2a")
    if np.allclose(a2b, b2a, rtol=1e-9, atol=0):
        return "loss"
    if len(np.unique(b2a)) == 1:
        return "loss_a2b"
    if len(np.unique(a2b)) == 1:
        return "loss_b2a"
    return "loss_a2b"


def parser():
    p = cli.base_parser(__doc__.split("\n\n")[0], "", one_figure=False)
    p.description = __doc__
    p.add_argument(
        "--run",
        type=int,
        action="append",
        default=[],
        metavar="N",
        help="draw the ladder of run_index N (repeatable) [first run of each variant]",
    )
    p.add_argument(
        "--set",
        default="auto",
        choices=["auto", "standard", "full", "all"],
        help="standard: the standard set (at most 10 figures); full: every per-parameter figure; all: both; "
        "auto: standard for --study=default results, else full [%(default)s]",
    )
    p.add_argument("--no-ladders", action="store_true", help="skip the ladder diagrams")
    p.add_argument(
        "--no-report", action="store_true", help="do not write report.html (the page of figures, summary, meta)"
    )
    p.add_argument(
        "--ladder-width",
        default="two",
        choices=sorted(style.WIDTHS),
        help="width of the ladder diagrams [%(default)s]",
    )
    return p


class Maker:
    def __init__(self, args):
        self.args = args
        self.out = cli.out_dir(args)
        self.formats = cli.formats(args)
        self.paths = []
        self.failed = []
        self.skipped = []
        #: (name, what, paths) of each figure written, for report.html
        self.figures = []

    def save(self, fig, name, what=""):
        paths = output.save_figure(fig, self.out, name, self.formats, self.args.dpi)
        self.paths += paths
        self.figures.append((name, what, paths))

    def each(self, name, runs, used, build):
        """Make one figure per combination of the parameters not drawn."""
        try:
            for suffix, what, part in split.split_runs(runs, used):
                fig, _ = build(part)
                self.save(fig, name + suffix, what)
        except (errors.DataError, errors.UsageError) as e:
            self.failed.append((name, str(e)))


def main(argv=None):
    args = cli.parse_args(parser(), argv)
    filters = csvio.parse_filters(args.filter)
    runs = csvio.apply_filters(csvio.read_runs(args.results), filters)
    m = Maker(args)
    chosen = args.set if args.set != "auto" else ("standard" if is_default_study(args.results) else "full")
    if chosen in ("standard", "all"):
        standard_set.make(m, args.results, runs)
    if chosen in ("full", "all"):
        full_set(m, args, runs)
    output.report(m.paths)
    if not args.no_report:
        print("wrote {}".format(report.write_report(args.results, m.out, m.figures, m.skipped, m.failed)))
    for name, why in m.skipped:
        print("skipped {}: {}".format(name, why))
    for name, why in m.failed:
        print("error: {}: {}".format(name, why), file=sys.stderr)
    return 1 if m.failed else 0


def is_default_study(results):
    """True when meta.json says the folder holds --study=default."""
    try:
        with open(csvio.results_file(results, "meta.json")) as f:
            meta = json.load(f)
    except (OSError, ValueError):
        return False
    return "--study=default" in str(meta.get("command_line", "")).split()


def full_set(m, args, runs):
    """Every per-parameter figure (the module docstring's list)."""
    w = args.width
    x = loss_axis(runs)

    m.each("dwell_times", runs, ["variant", x], lambda r: dwell_times.build_figure(r, x, width=w))
    m.each(
        "delivered_fraction", runs, ["variant", x], lambda r: delivered_fraction.build_figure(r, x, width=w)
    )
    m.each("close_time_cdf", runs, ["variant", x], lambda r: close_time_cdf.build_figure(r, x=x, width=w))
    m.each("outcomes", runs, ["variant", "msl_s"], lambda r: outcomes.build_figure(r, width=w))
    n_loss = len(np.unique(derived.x_values(runs, x)))
    n_msl = len(np.unique(runs.numbers("msl_s")))
    if n_loss >= 2 and n_msl >= 2:
        used = ["variant", x, "msl_s"]
        m.each(
            "heatmap_close_time_s", runs, used, lambda r: heatmap.build_figure(r, "close_time_s", x, width=w)
        )
        m.each("heatmap_reset", runs, used, lambda r: heatmap.build_figure(r, "outcome=reset", x, width=w))
        if runs.has("a_time_wait_cut"):
            m.each(
                "heatmap_time_wait_cut",
                runs,
                used,
                lambda r: heatmap.build_figure(
                    r, "a_time_wait_cut=yes", x, width=w, label="share of runs: A's TIME_WAIT cut by a RST"
                ),
            )
    else:
        m.skipped.append(
            ("heatmaps", "need at least two loss rates and two MSLs ({} and {} here)".format(n_loss, n_msl))
        )

    if runs.has("corrupted_bytes") and runs.has("incarnations") and (runs.numbers("incarnations") > 1).any():
        m.each(
            "old_duplicates",
            runs,
            ["variant", "msl_s", "isn", "paws"],
            lambda r: old_duplicates.build_figure(r, width="two" if w == "one" else w),
        )

    seg_path = csvio.results_file(args.results, "segments.csv")
    if args.no_ladders:
        pass
    elif not os.path.exists(seg_path):
        m.skipped.append(("ladders", "no segments.csv"))
    else:
        try:
            make_ladders(m, args, runs, seg_path)
        except (errors.DataError, errors.UsageError) as e:
            m.failed.append(("ladders", str(e)))


def make_ladders(m, args, runs, seg_path):
    segs = csvio.read_result_file(args.results, "segments.csv")
    with_segments = set(int(v) for v in segs.numbers("run_index"))
    indices = [int(v) for v in runs.numbers("run_index")]
    variants = runs.strings("variant")
    if args.run:
        chosen = []
        for n in args.run:
            if n not in with_segments:
                m.failed.append(("ladder run {}".format(n), "{} has no segments of run {}".format(seg_path, n)))
                continue
            v = variants[indices.index(n)] if n in indices else "run"
            chosen.append((v, n))
    else:
        first = {}
        for n, v in sorted(zip(indices, variants)):
            if n in with_segments and v not in first:
                first[v] = n
        chosen = [(v, first[v]) for v in style.sort_variants(first)]
        if not chosen:
            m.skipped.append(("ladders", "segments.csv holds none of the selected runs"))
    for v, n in chosen:
        name = "ladder_{}_run{}".format(split.safe_name(v), n)
        try:
            trace = ladder.load_run(args.results, n)
            fig, drawn = ladder.build_figure(trace, width=args.ladder_width)
            m.save(fig, name, "run_index={} ({})".format(n, v))
            if drawn["unlabelled"]:
                print("{}: no room for {} label(s)".format(name, len(drawn["unlabelled"])))
        except (errors.DataError, errors.UsageError) as e:
            m.failed.append((name, str(e)))

