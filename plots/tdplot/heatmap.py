# SPDX-License-Identifier: GPL-2.0-only
"""Figure 5: heatmap of a chosen metric over loss rate x MSL.

One panel per variant, one cell per (loss rate, MSL) grid point, one shared
colour scale (viridis, readable with colour blindness and in grey). The
metric is either

  COLUMN         the mean of a numeric runs.csv column over the runs of the
                 cell (runs where it is empty, e.g. close_time_s of a close
                 that never completed, are left out of the mean), or
  COLUMN=VALUE   the share of runs of the cell with that value, e.g.
                 b_outcome=reset; outcome=VALUE uses the connection outcome
                 (orderly only when both ends are; see outcomes.py).

Cells without runs (or with no value) are blank. Small grids carry the
numbers in the cells. Reads runs.csv; if other parameters vary, one figure
per combination.

Example:
  /usr/bin/python3 plots/heatmap.py --results results/ --out figs/ --metric b_outcome=reset
"""

import math

import numpy as np
from matplotlib.colors import LogNorm, Normalize

from . import cli, derived, draw, errors, style
from .labels import axis_label, format_number


def metric_values(runs, metric):
    """(per-run values, colour-bar label, kind) for a metric spec."""
    if "=" in metric:
        column, value = metric.split("=", 1)
        if column == "outcome":
            cells = derived.connection_outcome(runs, "both")
            label = "share of runs: {}".format(value)
        else:
            if not runs.has(column):
                raise errors.UsageError(
                    "--metric {}: {} has no column '{}'".format(metric, runs.path, column)
                )
            cells = runs.strings(column)
            label = "share: {} = {}".format(column, value)
        return np.array([1.0 if c == value else 0.0 for c in cells]), label, "share"
    if not runs.has(metric):
        raise errors.UsageError("--metric {}: {} has no such column".format(metric, runs.path))
    label = "mean " + axis_label(metric, runs.schema)
    return runs.numbers(metric, allow_empty=True), label, "mean"


def cell_grids(values, variants, order, xv, yv, xs, ys):
    """({variant: cell means [y index, x index], NaN = no value},
    {variant: runs per cell})."""
    grids, counts = {}, {}
    for v in order:
        g = np.full((len(ys), len(xs)), np.nan)
        c = np.zeros((len(ys), len(xs)), dtype=int)
        for j, yy in enumerate(ys):
            for i, xx in enumerate(xs):
                sel = (variants == v) & (xv == xx) & (yv == yy)
                c[j, i] = sel.sum()
                vals = values[sel]
                vals = vals[np.isfinite(vals)]
                if vals.size:
                    g[j, i] = vals.mean()
        grids[v] = g
        counts[v] = c
    return grids, counts


def colour_norm(grids, kind, log, where, metric):
    """The shared colour scale: log, 0..1 for shares, else the data range
    (from 0 when it is all positive)."""
    finite = np.concatenate([g[np.isfinite(g)] for g in grids.values()])
    if finite.size == 0:
        raise errors.DataError("{}: no run has a value for '{}'".format(where, metric))
    if log:
        positive = finite[finite > 0]
        if positive.size == 0:
            raise errors.UsageError("--log: '{}' has no positive value".format(metric))
        return LogNorm(vmin=positive.min(), vmax=positive.max())
    if kind == "share":
        return Normalize(vmin=0.0, vmax=1.0)
    lo, hi = float(finite.min()), float(finite.max())
    return Normalize(vmin=min(lo, 0.0) if lo >= 0 else lo, vmax=hi if hi > lo else lo + 1)


def draw_panel(ax, v, grid, xs, ys, cmap, norm):
    """One variant's cells (pcolormesh, not imshow: the cells stay vector
    shapes in the PDF) and its ticks."""
    image = ax.pcolormesh(
        np.arange(len(xs) + 1) - 0.5,
        np.arange(len(ys) + 1) - 0.5,
        np.ma.masked_invalid(grid),
        cmap=cmap,
        norm=norm,
        shading="flat",
        edgecolors="face",
        linewidth=0.3,
    )
    image.set_gid("heatmap:" + v)
    ax.set_xlim(-0.5, len(xs) - 0.5)
    ax.set_ylim(-0.5, len(ys) - 0.5)
    ax.set_facecolor("#F2F2F2")
    ax.set_title(v, pad=3)
    ax.set_xticks(np.arange(len(xs)))
    ax.set_xticklabels([format_number(a) for a in xs], rotation=90 if len(xs) > 5 else 0)
    ax.set_yticks(np.arange(len(ys)))
    ax.set_yticklabels([format_number(a) for a in ys])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return image


def annotate_cells(ax, v, grid, kind, cmap, norm):
    """The value in each cell, black on light cells, white on dark."""
    for j in range(grid.shape[0]):
        for i in range(grid.shape[1]):
            val = grid[j, i]
            if not np.isfinite(val):
                continue
            r, gg, b, _ = cmap(norm(val))
            light = 0.299 * r + 0.587 * gg + 0.114 * b > 0.5
            ax.text(
                i,
                j,
                cell_text(val, kind),
                ha="center",
                va="center",
                fontsize=style.BASE_FONT_PT - 2,
                color="black" if light else "white",
                gid="cell:{}:{}:{}".format(v, j, i),
            )


def build_figure(
    runs, metric="close_time_s", x="loss", y="msl_s", width="one", height=None, log=False, annotate="auto", label=None
):
    """Returns (fig, drawn) with drawn = {'metric', 'x': values, 'y': values,
    'panels': {variant: 2-D array [y index, x index] of the cell values
    (NaN = no value)}, 'n': {variant: 2-D array of runs per cell}}. label
    replaces the colour bar's label."""
    values, metric_label, kind = metric_values(runs, metric)
    label = label or metric_label
    xv = derived.x_values(runs, x)
    yv = derived.x_values(runs, y)
    xs = np.unique(xv)
    ys = np.unique(yv)
    variants = np.array(runs.strings("variant"))
    order = style.sort_variants(variants)
    grids, counts = cell_grids(values, variants, order, xv, yv, xs, ys)
    norm = colour_norm(grids, kind, log, runs.path, metric)

    n = len(order)
    ncols = min(n, 2 if width == "one" else 3)
    nrows = int(math.ceil(n / float(ncols)))
    w = style.WIDTHS[width]
    panel_w = (w - 0.7) / ncols
    panel_h = max(1.0, min(panel_w * len(ys) / max(len(xs), 1) + 0.35, 2.2))
    fig = draw.new_figure(width, height or (nrows * panel_h + 0.45))
    axes = fig.subplots(nrows, ncols, squeeze=False, sharex=True, sharey=True)
    if annotate == "auto":
        annotate = len(xs) * len(ys) <= 36 and len(xs) <= (6 if width == "one" else 8)
    cmap = matplotlib_cmap()
    image = None
    for k in range(nrows * ncols):
        ax = axes[k // ncols][k % ncols]
        if k >= n:
            ax.set_visible(False)
            continue
        image = draw_panel(ax, order[k], grids[order[k]], xs, ys, cmap, norm)
        if annotate:
            annotate_cells(ax, order[k], grids[order[k]], kind, cmap, norm)
    bar = fig.colorbar(image, ax=axes.ravel().tolist(), shrink=0.9, pad=0.02, aspect=30)
    bar.set_label(label)
    if bar.solids is not None:
        bar.solids.set_rasterized(False)  # keep the PDF all vector
    bar.outline.set_visible(False)
    fig.supxlabel(axis_label(x, runs.schema), fontsize=style.BASE_FONT_PT)
    fig.supylabel(axis_label(y, runs.schema), fontsize=style.BASE_FONT_PT)
    return fig, dict(metric=metric, kind=kind, x=xs, y=ys, panels=grids, n=counts)


def matplotlib_cmap():
    import matplotlib

    return matplotlib.colormaps["viridis"]


def cell_text(val, kind):
    if kind == "share":
        return "{:.2f}".format(val)
    if val == 0:
        return "0"
    mag = abs(val)
    if mag >= 100:
        return "{:.0f}".format(val)
    if mag >= 10:
        return "{:.1f}".format(val)
    if mag >= 0.01:
        return "{:.2f}".format(val)
    return "{:.0e}".format(val)


def parser():
    p = cli.base_parser(__doc__.split("\n\n")[0], "heatmap")
    p.description = __doc__
    p.add_argument(
        "--metric",
        default="close_time_s",
        help="COLUMN (mean) or COLUMN=VALUE / outcome=VALUE (share of runs) [%(default)s]",
    )
    p.add_argument("--x", default="loss", help="x axis column (loss = same rate both ways) [%(default)s]")
    p.add_argument("--y", default="msl_s", help="y axis column [%(default)s]")
    p.add_argument("--log", action="store_true", help="logarithmic colour scale")
    p.add_argument(
        "--annotate",
        default="auto",
        choices=["auto", "yes", "no"],
        help="write the value into each cell; auto = when the grid is small [%(default)s]",
    )
    return p


def main(argv=None):
    args = cli.parse_args(parser(), argv)
    runs = cli.read_filtered(args)
    annotate = {"auto": "auto", "yes": True, "no": False}[args.annotate]
    cli.save_figures(args, runs, ["variant", args.x, args.y], lambda part: build_figure(part, args.metric, args.x, args.y, args.width, args.height, args.log, annotate))

