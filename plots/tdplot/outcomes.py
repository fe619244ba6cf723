# SPDX-License-Identifier: GPL-2.0-only
"""Figure 4: close outcomes (orderly, TIME_WAIT cut, aborted, reset, timeout, open, stranded) against the MSL.

One panel per variant, one stacked bar per MSL value: the share (or, with
--counts, the number) of runs whose close ended orderly, orderly with
TIME_WAIT cut short by a RST (a completed close: every byte delivered, both
FINs acknowledged), in a reset, in a timeout (retries exhausted), was still
open at the end of the run, or was stranded (open, its peer gone, nothing
left to wait for); aborted: A's application closed abortively (--strategy
abortive). This is
where a short TIME_WAIT turns orderly closes into resets: when A's final ACK
is lost and 2 x MSL is shorter than B's retransmission timeout, B's
retransmitted FIN finds A gone and is answered with a RST.

--endpoint a or b draws that end's outcome; both (default) draws the
connection's: orderly when both ends are (TIME_WAIT cut when a RST ended
either end's TIME_WAIT), otherwise the first of aborted, reset, timeout,
open, stranded that either end reports. --x msl-rto divides the MSL by an RTO
(--rto SECONDS, or a min_rto_s / rto_s column of runs.csv when present).
Reads runs.csv; if other parameters vary, one figure per combination.

Example:
  /usr/bin/python3 plots/outcomes.py --results results/ --out figs/ --filter loss_a2b=0.05
"""

import math

import numpy as np
from matplotlib.ticker import MaxNLocator

from . import cli, derived, draw, errors, style
from .labels import format_number


def rto_seconds(runs, rto=None):
    """RTO per run: the --rto value, else a min_rto_s or rto_s column."""
    if rto is not None:
        if not rto > 0:
            raise errors.UsageError("--rto must be positive, not {}".format(rto))
        return np.full(len(runs), float(rto))
    for column in ("min_rto_s", "rto_s"):
        if runs.has(column):
            return runs.numbers(column)
    raise errors.UsageError(
        "--x msl-rto needs the RTO: {} has no min_rto_s or rto_s column; pass --rto SECONDS "
        "(ns-3's default minimum RTO is 1 s)".format(runs.path)
    )


def x_axis(runs, x, rto=None):
    """(x value per run, axis label) for --x msl or msl-rto."""
    msl = runs.numbers("msl_s")
    if x == "msl":
        return msl, "MSL (s)"
    if x == "msl-rto":
        return msl / rto_seconds(runs, rto), "MSL / RTO"
    raise errors.UsageError("--x must be msl or msl-rto, not '{}'".format(x))


def build_figure(runs, endpoint="both", x="msl", rto=None, counts=False, width="one", height=None):
    """Returns (fig, drawn) with drawn = {'endpoint', 'x', 'values': the x
    values, 'panels': {variant: {'x': values, 'n': runs per x, outcome:
    counts per x}}}; bar heights are the counts (or counts / n)."""
    xv, xlabel = x_axis(runs, x, rto)
    outcome = np.array(derived.close_outcome(runs, endpoint))
    variants = np.array(runs.strings("variant"))
    order = style.sort_variants(variants)
    values = np.unique(np.round(xv, 12))
    positions = np.arange(len(values))

    n = len(order)
    ncols = min(n, 2 if width == "one" else 3)
    nrows = int(math.ceil(n / float(ncols)))
    w = style.WIDTHS[width]
    panel_h = min(1.9, w / ncols * 0.8)
    outcomes = derived.outcome_categories(runs, endpoint)
    leg_cols = min(len(outcomes), 3 if width == "one" else 6)
    leg_h = draw.legend_height(len(outcomes), leg_cols)
    fig = draw.new_figure(width, height or (leg_h + nrows * panel_h + 0.2))
    gs = fig.add_gridspec(nrows + 1, ncols, height_ratios=[leg_h] + [panel_h] * nrows)
    drawn = dict(endpoint=endpoint, x=x, values=values, panels={})
    bar_w = 0.7 if len(values) > 1 else 0.5
    handles = []
    first = None
    for k, v in enumerate(order):
        ax = fig.add_subplot(gs[1 + k // ncols, k % ncols], sharey=first)
        first = first or ax
        sel_v = variants == v
        per_x = [sel_v & np.isclose(xv, val, rtol=1e-9, atol=1e-15) for val in values]
        total = np.array([s.sum() for s in per_x], dtype=float)
        panel = dict(x=values, n=total.astype(int))
        bottom = np.zeros(len(values))
        for o in outcomes:
            c = np.array([(outcome[s] == o).sum() for s in per_x], dtype=float)
            panel[o] = c.astype(int)
            with np.errstate(divide="ignore", invalid="ignore"):
                h = c if counts else np.where(total > 0, c / np.where(total > 0, total, 1), 0.0)
            st = style.outcome_style(o)
            bars = ax.bar(
                positions,
                h,
                bar_w,
                bottom=bottom,
                color=st["color"],
                hatch=st["hatch"],
                edgecolor="white",
                linewidth=0.4,
                label=o,
            )
            for patch in bars.patches:
                patch.set_gid("outcome:" + o)
            bottom = bottom + h
            if k == 0:
                handles.append(bars)
        drawn["panels"][v] = panel
        ax.set_title(v, pad=3)
        ax.set_xticks(positions)
        ax.set_xticklabels([format_number(val) for val in values])
        ax.tick_params(axis="x", length=0)
        if len(values) > 6:
            ax.tick_params(axis="x", labelrotation=90)
        ax.set_xlim(-0.6, len(values) - 0.4)
        if counts:
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        else:
            ax.set_ylim(0, 1.0)
        if k % ncols == 0:
            ax.set_ylabel("runs" if counts else "share of runs")
        else:
            ax.tick_params(labelleft=False)
        ax.grid(True, axis="y")
        ax.set_axisbelow(True)
    draw.legend_axes(fig, gs[0, :], handles, outcomes, leg_cols)
    side = {"a": "A's outcome", "b": "B's outcome", "both": "connection outcome"}[endpoint]
    fig.supxlabel("{}  \u2014  {}".format(xlabel, side), fontsize=style.BASE_FONT_PT)
    return fig, drawn


def parser():
    p = cli.base_parser(__doc__.split("\n\n")[0], "outcomes")
    p.description = __doc__
    p.add_argument(
        "--endpoint",
        default="both",
        choices=["a", "b", "both"],
        help="whose outcome: A's, B's or the connection's [%(default)s]",
    )
    p.add_argument(
        "--x", default="msl", choices=["msl", "msl-rto"], help="x axis [%(default)s]"
    )
    p.add_argument("--rto", type=float, metavar="SECONDS", help="RTO for --x msl-rto")
    p.add_argument("--counts", action="store_true", help="bar heights in runs, not shares")
    return p


def main(argv=None):
    args = cli.parse_args(parser(), argv)
    runs = cli.read_filtered(args)
    runs.require(["msl_s", "a_outcome", "b_outcome"])
    cli.save_figures(args, runs, ["variant", "msl_s"], lambda part: build_figure(part, args.endpoint, args.x, args.rto, args.counts, args.width, args.height))

