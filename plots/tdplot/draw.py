# SPDX-License-Identifier: GPL-2.0-only
"""Drawing shared by the figures: a Figure of paper width, mean lines with
confidence bands, a legend row, log ticks."""

import math

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .stats import mean_ci
from .style import BASE_FONT_PT, WIDTHS, sort_variants, variant_style


def new_figure(width="one", height=None, aspect=0.75, layout="constrained"):
    """A Figure (no pyplot state) of the paper width 'one' (3.5 in) or
    'two' (7 in), or a width in inches."""
    w = WIDTHS[width] if isinstance(width, str) else float(width)
    h = float(height) if height else w * aspect
    fig = Figure(figsize=(w, h), layout=layout)
    FigureCanvasAgg(fig)
    if layout == "constrained":
        fig.get_layout_engine().set(w_pad=2 / 72, h_pad=2 / 72, wspace=0.04, hspace=0.04)
    return fig


def _mean_line(ax, ux, mean, half, scale, label, style, band):
    """One drawn mean line (error bars when there is a single x)."""
    if len(ux) == 1:
        return ax.errorbar(
            ux, mean * scale, yerr=np.nan_to_num(half * scale), label=label, capsize=2, elinewidth=0.8, **style
        ).lines[0]
    (line,) = ax.plot(ux, mean * scale, label=label, **style)
    if band and np.isfinite(half).any():
        lo, hi = (mean - half) * scale, (mean + half) * scale
        poly = ax.fill_between(ux, lo, hi, color=style["color"], alpha=0.18, linewidth=0)
        poly.set_gid("band:" + label)
    return line


def mean_lines(ax, x, y, variants, scale=1.0, band=True):
    """One line per variant through the mean of y at each distinct x, with a
    95 % confidence band (error bars when there is a single x).

    Returns {variant: dict(x, n, mean, half)} in data units (before
    ``scale``), the numbers that were drawn."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    variants = np.asarray(variants)
    order = sort_variants(variants)
    drawn = {}
    for v in order:
        sel = variants == v
        xs, ys = x[sel], y[sel]
        ux = np.unique(xs[np.isfinite(xs)])
        stats = [mean_ci(ys[xs == u]) for u in ux]
        n = np.array([s[0] for s in stats], dtype=int)
        mean = np.array([s[1] for s in stats], dtype=float)
        half = np.array([s[2] for s in stats], dtype=float)
        line = _mean_line(ax, ux, mean, half, scale, v, variant_style(v, order), band)
        line.set_gid("mean:" + v)
        drawn[v] = dict(x=ux, n=n, mean=mean, half=half)
    return drawn


def legend_axes(fig, gridspec_row, handles, labels, ncol):
    """A legend in its own row of the grid (above the panels)."""
    ax = fig.add_subplot(gridspec_row)
    ax.axis("off")
    ax.legend(
        handles,
        labels,
        loc="center",
        ncol=ncol,
        handlelength=2.4,
        columnspacing=1.2,
        handletextpad=0.5,
        borderaxespad=0,
    )
    return ax


def legend_height(n_entries, ncol):
    """Inches needed by a legend of n entries in ncol columns."""
    rows = int(math.ceil(n_entries / float(ncol)))
    return 0.05 + rows * (BASE_FONT_PT * 1.45 / 72.0)


def find_line(ax, gid):
    """The Line2D with a given gid in an Axes (for tests and callers)."""
    for line in ax.get_lines():
        if line.get_gid() == gid:
            return line
    return None


def plain_log_ticks(axis):
    """Label a log axis 0.01, 0.1, 1, 10 instead of 10^-2 ... (an Axis,
    e.g. ax.xaxis)."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    axis.set_major_locator(LogLocator(base=10))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: "{:g}".format(v)))
    axis.set_minor_formatter(NullFormatter())
