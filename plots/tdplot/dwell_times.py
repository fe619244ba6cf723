# SPDX-License-Identifier: GPL-2.0-only
"""Figure 1: mean dwell time per close state against the loss rate.

One panel per state (A: FIN_WAIT_1, FIN_WAIT_2, CLOSING, TIME_WAIT;
B: CLOSE_WAIT, LAST_ACK), one line per variant through the mean of the
runs at each loss rate, with a 95 % Student-t confidence band. Reads
runs.csv; if other parameters (MSL, ...) vary, one figure per combination.

Example:
  /usr/bin/python3 plots/dwell_times.py --results results/ --out figs/ --width two
"""

import math

import numpy as np

from . import cli, derived, draw, errors, style
from .labels import axis_label, time_unit

#: The close states of each side, as runs.csv column stems.
DEFAULT_STATES = [
    "a_fin_wait_1",
    "a_fin_wait_2",
    "a_closing",
    "a_time_wait",
    "b_close_wait",
    "b_last_ack",
]


def state_title(stem):
    side, state = stem.split("_", 1)
    return "{}: {}".format(side.upper(), state.upper())


def build_figure(runs, x="loss", states=None, width="one", height=None, logy=False):
    """Draw the dwell-time panels from a runs.csv Table.

    Returns (fig, drawn) where drawn = {'x': column, 'panels': {stem:
    {'unit': 's'|'ms', 'scale': factor applied to seconds, 'variants':
    {variant: {x, n, mean, half}}}}}; means and half widths in seconds."""
    states = list(states or DEFAULT_STATES)
    known = ["{}_{}".format(side, stem) for side, stem in runs.schema.dwell_columns()]
    for stem in states:
        if stem not in known:
            raise errors.UsageError("--states {}: '{}' is not one of {}".format(",".join(states), stem, ", ".join(known)))
    runs.require(["{}_s".format(s) for s in states])
    xs = derived.x_values(runs, x)
    variants = runs.strings("variant")

    ncols = 2 if width == "one" or len(states) <= 4 else 3
    nrows = int(math.ceil(len(states) / float(ncols)))
    w = style.WIDTHS[width]
    panel_h = w / ncols * (0.72 if ncols == 2 else 0.78)
    n_var = len(set(variants))
    leg_ncol = 2 if width == "one" else 6
    leg_h = draw.legend_height(n_var, leg_ncol)
    h = height or (leg_h + nrows * panel_h + 0.1)
    fig = draw.new_figure(width, h)
    gs = fig.add_gridspec(nrows + 1, ncols, height_ratios=[leg_h] + [panel_h] * nrows)

    drawn = {"x": x, "panels": {}}
    handles = None
    for k, stem in enumerate(states):
        ax = fig.add_subplot(gs[1 + k // ncols, k % ncols])
        y = runs.numbers("{}_s".format(stem))
        unit, scale = time_unit(np.nanmax(np.abs(y)) if np.isfinite(y).any() else 0.0)
        lines = draw.mean_lines(ax, xs, y, variants, scale=scale)
        drawn["panels"][stem] = dict(unit=unit, scale=scale, variants=lines)
        ax.set_title(state_title(stem), pad=3)
        ax.set_ylabel("mean dwell ({})".format(unit))
        if logy:
            ax.set_yscale("log")
        else:
            top = max((np.nanmax(v["mean"] + np.nan_to_num(v["half"])) for v in lines.values()), default=0)
            ax.set_ylim(bottom=0, top=(top * scale * 1.08) if top > 0 else 1.0)
        ax.grid(True, axis="y")
        if handles is None:
            handles, labels = ax.get_legend_handles_labels()
    draw.legend_axes(fig, gs[0, :], handles, labels, leg_ncol)
    fig.supxlabel(axis_label(x, runs.schema), fontsize=style.BASE_FONT_PT)
    return fig, drawn


def parser():
    p = cli.base_parser(__doc__.split("\n\n")[0], "dwell_times")
    p.description = __doc__
    p.add_argument(
        "--x",
        default="loss",
        help="x axis: loss (same rate both ways), loss_a2b, loss_b2a or another "
        "numeric runs.csv column such as msl_s [%(default)s]",
    )
    p.add_argument(
        "--states",
        default=",".join(DEFAULT_STATES),
        help="comma-separated panels as side_state [%(default)s]",
    )
    p.add_argument("--logy", action="store_true", help="logarithmic y axes")
    return p


def main(argv=None):
    args = cli.parse_args(parser(), argv)
    states = [s.strip() for s in args.states.split(",") if s.strip()]
    runs = cli.read_filtered(args)
    cli.save_figures(args, runs, ["variant", args.x], lambda part: build_figure(part, args.x, states, args.width, args.height, args.logy))

