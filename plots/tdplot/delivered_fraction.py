# SPDX-License-Identifier: GPL-2.0-only
"""Figure 2: delivered fraction of B's pending bytes against the loss rate.

Per run: delivered_bytes / pending_at_close_bytes (the part of the data B
still had to send at A's FIN that reached A's application; pending_bytes in
results written before that column was renamed). One line per variant
through the mean at each loss rate, with a 95 % Student-t confidence band.
Runs with nothing pending have no fraction and are left out (counted in a
message). Reads runs.csv; if other parameters vary, one figure per
combination.

Example:
  /usr/bin/python3 plots/delivered_fraction.py --results results/ --out figs/
"""

import numpy as np

from . import cli, derived, draw, errors
from .labels import axis_label


#: B's unsent bytes at A's FIN: pending_at_close_bytes (pending_bytes in
#: results written before the rename)
PENDING_COLUMNS = ("pending_at_close_bytes", "pending_bytes")
DELIVERED = "delivered_bytes"


def pending_column(runs):
    """The column holding the bytes pending at A's FIN."""
    for column in PENDING_COLUMNS:
        if runs.has(column):
            return column
    runs.require(PENDING_COLUMNS[:1])


def delivered_fraction(runs):
    """delivered_bytes / pending_at_close_bytes per run (NaN where nothing
    was pending)."""
    pending = runs.numbers(pending_column(runs))
    delivered = runs.numbers("delivered_bytes")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(pending > 0, delivered / np.where(pending > 0, pending, 1), np.nan)


def build_figure(runs, x="loss", width="one", height=None, percent=False):
    """Returns (fig, drawn) with drawn = {'x': column, 'scale': 1 or 100,
    'skipped': runs without pending bytes, 'variants': {variant: {x, n,
    mean, half}}} (fractions in 0..1)."""
    runs.require([pending_column(runs), DELIVERED])
    frac = delivered_fraction(runs)
    keep = np.isfinite(frac)
    if not keep.any():
        raise errors.DataError(
            "{}: every run has {} = 0; nothing to draw".format(runs.path, pending_column(runs))
        )
    skipped = int((~keep).sum())
    pending = pending_column(runs)
    sub = runs.select(keep)
    xs = derived.x_values(sub, x)
    variants = sub.strings("variant")
    n_var = len(set(variants))
    leg_ncol = 2 if width == "one" else 3
    leg_h = draw.legend_height(n_var, leg_ncol)
    panel_h = 2.2 if width == "one" else 2.6
    fig = draw.new_figure(width, height or (leg_h + panel_h))
    gs = fig.add_gridspec(2, 1, height_ratios=[leg_h, panel_h])
    ax = fig.add_subplot(gs[1, 0])
    scale = 100.0 if percent else 1.0
    lines = draw.mean_lines(ax, xs, frac[keep], variants, scale=scale)
    ax.set_xlabel(axis_label(x, runs.schema))
    ax.set_ylabel("delivered share of pending bytes" + (" (%)" if percent else ""))
    ax.set_ylim(-0.02 * scale, 1.04 * scale)
    ax.grid(True, axis="y")
    handles, names = ax.get_legend_handles_labels()
    draw.legend_axes(fig, gs[0, 0], handles, names, leg_ncol)
    return fig, dict(x=x, scale=scale, skipped=skipped, pending=pending, variants=lines)


def parser():
    p = cli.base_parser(__doc__.split("\n\n")[0], "delivered_fraction")
    p.description = __doc__
    p.add_argument(
        "--x",
        default="loss",
        help="x axis: loss, loss_a2b, loss_b2a or a numeric runs.csv column [%(default)s]",
    )
    p.add_argument("--percent", action="store_true", help="y axis in percent")
    return p


def main(argv=None):
    args = cli.parse_args(parser(), argv)
    runs = cli.read_filtered(args)
    cli.save_figures(
        args,
        runs,
        ["variant", args.x],
        lambda part: build_figure(part, args.x, args.width, args.height, args.percent),
        note=lambda drawn: "left out {} run(s) with {} = 0".format(drawn["skipped"], drawn["pending"])
        if drawn["skipped"]
        else None,
    )

