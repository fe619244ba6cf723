# SPDX-License-Identifier: GPL-2.0-only
"""build_figure: the ladder of one run, as tall as its labels need."""

import numpy as np

from ..errors import DataError, UsageError
from .draw import draw
from .layout import Ladder
from .timeaxis import TimeAxis


def natural_plot_height(lad, gap_size, max_h):
    """A first plot height: a typical flight (one-way delay) gets ~0.45 in
    (0.35 in at one column) so that arrows slope visibly and nearby ones
    separate."""
    flights = [s["time"] - s["sent"] for s in lad.segments if s["time"] > s["sent"]]
    linear = TimeAxis(lad.start, lad.end, lad.gaps, 0.0, 1.0, gap_size).linear_time()
    per_flight = 0.35 if lad.W < 5 else 0.45
    want = per_flight * linear / float(np.median(flights)) if flights and linear > 0 else 2.0
    return min(max(1.6, want + len(lad.gaps) * gap_size), max_h - 0.6)


def grow_until_labelled(lad, plot_h, max_h):
    """Lay out with growing heights until every label has room, and a little
    further (at most 1.5 x) while labels still lie across other arrows;
    keeps the best layout."""
    tried = []
    first = plot_h
    while True:
        missing = lad.layout(plot_h)
        tried.append((missing, lad.crossings, plot_h))
        if lad.H >= max_h:
            break
        if missing == 0 and (lad.crossings == 0 or plot_h >= 1.5 * first):
            break
        plot_h = min(plot_h * 1.15, plot_h + (max_h - lad.H))
    best = min(tried, key=lambda r: (r[0], r[1], r[2]))
    if best[2] != plot_h:
        lad.layout(best[2])


def build_figure(
    trace,
    width="two",
    height=None,
    seqack=False,
    origin="close",
    tmin=None,
    tmax=None,
    from_close=False,
    axis="broken",
    gap=None,
    gap_size=0.3,
    loss_at=0.85,
    title=None,
    group=True,
    max_height=None,
):
    """Lay out and draw the ladder of a RunTrace.

    Returns (fig, drawn); drawn lists every arrow (segment index in the
    run, direction, flags, dropped, start/end points in inches), every label
    (text, segments, polygon in inches), the labels left out for lack of
    room, the state intervals, the compressed gaps and the time window."""
    if not trace.segments:
        raise DataError("run {}: no segments".format(trace.run_index))
    if not 0 < loss_at <= 1:
        raise UsageError("--loss-at must be in (0, 1], not {}".format(loss_at))
    if origin not in ("close", "zero"):
        raise UsageError("--origin must be close or zero, not '{}'".format(origin))
    lad = Ladder(trace, width, seqack, origin, (tmin, tmax, from_close), axis, gap, gap_size, loss_at, title, group)
    max_h = max_height or (7.5 if lad.W < 5 else 9.0)
    if height:
        # fixed: the plot area is what is left of the height
        plot_h = max(height - 0.6, 0.8)
        lad.layout(plot_h)
        lad.layout(max(plot_h - (lad.H - height), 0.5))
    else:
        grow_until_labelled(lad, natural_plot_height(lad, gap_size, max_h), max_h)
    drawn = draw(lad)
    return lad.fig, drawn
