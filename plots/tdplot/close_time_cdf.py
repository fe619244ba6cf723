# SPDX-License-Identifier: GPL-2.0-only
"""Figure 3: CDF of the close completion time per variant at chosen loss rates.

One panel per loss rate, one empirical CDF per variant: the share of runs
whose close completed (A's close call to both ends CLOSED) within t. Runs
that never completed (close_time_s empty) count in the denominator, so such
a curve ends below 1 and the gap is the share that never closed. Reads
runs.csv; if other parameters vary, one figure per combination.

Example:
  /usr/bin/python3 plots/close_time_cdf.py --results results/ --out figs/ --at 0,0.05
"""

import numpy as np

from . import cli, derived, draw, errors, style
from .labels import axis_label, format_number


def ecdf(values, n_total):
    """Step coordinates of the empirical CDF of the finite values, as a
    fraction of n_total runs: x = (v1, v1, v2, ..., vk), y = (0, 1/n, 2/n,
    ..., k/n), drawn with drawstyle 'steps-post'."""
    v = np.sort(np.asarray(values, dtype=float)[np.isfinite(values)])
    if len(v) == 0:
        return np.array([]), np.array([])
    x = np.concatenate([[v[0]], v])
    y = np.arange(len(v) + 1, dtype=float) / float(n_total)
    return x, y


def pick_rates(values, at=None, most=3):
    """The loss rates to draw: those asked for (must exist), else all when
    there are at most ``most``, else the smallest, a middle and the
    largest."""
    distinct = sorted(set(float(v) for v in values))
    if at:
        out = []
        for a in at:
            match = [d for d in distinct if np.isclose(d, a, rtol=1e-9, atol=1e-15)]
            if not match:
                raise errors.UsageError(
                    "--at {}: no runs at that loss rate (there are: {})".format(
                        format_number(a), ", ".join(format_number(d) for d in distinct)
                    )
                )
            out.append(match[0])
        return out
    if len(distinct) <= most:
        return distinct
    return [distinct[0], distinct[len(distinct) // 2], distinct[-1]]


def build_figure(
    runs, at=None, metric="close_time_s", x="loss", width="one", height=None, xscale="auto", analytic=False
):
    """Returns (fig, drawn) with drawn = {'metric', 'rates': [...],
    'panels': {rate: {variant: {x, y, n, closed}}}, 'analytic': {rate: (x,
    y)}, 'why': reason or None}; x and y are the step coordinates drawn:
    ecdf() of the runs, carried at its last level to the largest time in
    the figure. With analytic=True, the Markov chain's exact CDF
    (tdplot.analytic.cdf_line) is drawn over the four-way runs of each
    panel where they are its scenario."""
    values = runs.numbers(metric, allow_empty=True)
    rates_all = derived.x_values(runs, x)
    rates = pick_rates(rates_all, at)
    variants = np.array(runs.strings("variant"))
    order = style.sort_variants(variants)
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        raise errors.DataError("{}: column '{}' is empty in every run".format(runs.path, metric))
    positive = finite[finite > 0]
    x_end = float(finite.max())
    if xscale == "auto":
        xscale = "log" if positive.size and positive.max() / positive.min() > 30 else "linear"

    n = len(rates)
    ncols = n if width == "two" else min(n, 2)
    nrows = int(np.ceil(n / float(ncols)))
    w = style.WIDTHS[width]
    leg_ncol = 2 if width == "one" else 6
    leg_h = draw.legend_height(len(order), leg_ncol)
    panel_h = min(2.2, w / ncols * 0.85)
    fig = draw.new_figure(width, height or (leg_h + nrows * panel_h + 0.15))
    gs = fig.add_gridspec(nrows + 1, ncols, height_ratios=[leg_h] + [panel_h] * nrows)
    drawn = dict(metric=metric, x=x, rates=rates, panels={}, analytic={}, why=None)
    if analytic:
        from . import analytic as chain  # imports the model only when asked

        # the first four-way run at each rate is the chain's scenario
        is_four = variants == "four-way"
        four = {r: np.flatnonzero(np.isclose(rates_all, r, rtol=1e-9, atol=1e-15) & is_four) for r in rates}
        firsts = [int(ix[0]) for ix in four.values() if ix.size]
        rows = dict(zip(firsts, chain._rows(runs, firsts)))
    handles, labels = [], []
    first = None
    for k, rate in enumerate(rates):
        ax = fig.add_subplot(gs[1 + k // ncols, k % ncols], sharex=first, sharey=first)
        first = first or ax
        at_rate = np.isclose(rates_all, rate, rtol=1e-9, atol=1e-15)
        panel = {}
        for v in order:
            sel = at_rate & (variants == v)
            if not sel.any():
                continue
            vals = values[sel]
            xs, ys = ecdf(vals, sel.sum())
            if xs.size and xs[-1] < x_end:
                # carry the last level to the right edge: the plateau shows
                # the share of runs that never closed
                xs, ys = np.append(xs, x_end), np.append(ys, ys[-1])
            look = style.variant_style(v, order)
            if xs.size:
                (line,) = ax.plot(
                    xs,
                    ys,
                    drawstyle="steps-post",
                    color=look["color"],
                    linestyle=look["linestyle"],
                    label=v,
                )
                line.set_gid("cdf:" + v)
                if v not in labels:
                    handles.append(line)
                    labels.append(v)
            panel[v] = dict(x=xs, y=ys, n=int(sel.sum()), closed=int(np.isfinite(vals).sum()))
        drawn["panels"][rate] = panel
        if analytic and metric == "close_time_s":
            line, why = chain.cdf_line(rows[int(four[rate][0])]) if four[rate].size else (None, "no four-way runs")
            if line is None:
                drawn["why"] = why
            else:
                ax_x = np.append(line[0], max(x_end, line[0][-1]))
                ax_y = np.append(line[1], line[1][-1])
                (a_line,) = ax.plot(
                    ax_x, ax_y, drawstyle="steps-post", color="black", linestyle=(0, (2, 1.5)), linewidth=0.9,
                    label="four-way, Markov chain (exact)",
                )
                a_line.set_gid("analytic:four-way")
                drawn["analytic"][rate] = (ax_x, ax_y)
                if a_line.get_label() not in labels:
                    handles.append(a_line)
                    labels.append(a_line.get_label())
        ax.set_title("{} = {}".format("loss" if x == "loss" else x, format_number(rate)), pad=3)
        ax.set_xscale(xscale)
        if xscale == "log":
            draw.plain_log_ticks(ax.xaxis)
        ax.set_ylim(0, 1.03)
        ax.grid(True)
        if k % ncols == 0:
            ax.set_ylabel("share of runs closed")
        else:
            ax.tick_params(labelleft=False)
    draw.legend_axes(fig, gs[0, :], handles, labels, leg_ncol)
    fig.supxlabel(axis_label(metric, runs.schema), fontsize=style.BASE_FONT_PT)
    return fig, drawn


def parser():
    p = cli.base_parser(__doc__.split("\n\n")[0], "close_time_cdf")
    p.description = __doc__
    p.add_argument(
        "--at",
        metavar="RATES",
        help="comma-separated loss rates, one panel each [all if at most 3, "
        "else the smallest, a middle one and the largest]",
    )
    p.add_argument(
        "--metric",
        default="close_time_s",
        help="close_time_s, a_hold_time_s or b_hold_time_s (any time column) [%(default)s]",
    )
    p.add_argument(
        "--x",
        default="loss",
        help="the column the panels are chosen by: loss, loss_a2b, loss_b2a, ... [%(default)s]",
    )
    p.add_argument(
        "--xscale",
        default="auto",
        choices=["auto", "linear", "log"],
        help="time axis scale; auto = log when the times span more than 30x [%(default)s]",
    )
    return p


def main(argv=None):
    args = cli.parse_args(parser(), argv)
    at = cli.parse_float_list(args.at, "--at") if args.at else None
    runs = cli.read_filtered(args)
    if not runs.has(args.metric):
        raise errors.UsageError("--metric {}: {} has no such column".format(args.metric, runs.path))
    cli.save_figures(args, runs, ["variant", args.x], lambda part: build_figure(part, at, args.metric, args.x, args.width, args.height, args.xscale))

