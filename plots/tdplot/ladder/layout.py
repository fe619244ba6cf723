# SPDX-License-Identifier: GPL-2.0-only
"""The ladder's layout in inches on one full-figure axes: the time window,
the columns (tick labels, A's state names and band, the arrows, B's band
and names), the time axis, the arrows and their labels."""

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from ..errors import UsageError
from ..labels import format_number
from ..style import WIDTHS
from . import items, placement
from .states import close_call_time, state_intervals
from .timeaxis import TimeAxis, format_duration, idle_gaps

TITLE_SEPARATOR = "  \u00b7  "
#: runs.csv columns of the title, new name first (older results: the second)
DROP_COLUMNS = ("drop", "drop_rules")
PENDING_COLUMNS = ("pending_at_close_bytes", "pending_bytes")


def _first(row, columns):
    return next((row[c] for c in columns if row.get(c)), "")


def time_window(trace, origin, window):
    """(start, end) in simulation seconds of the part to draw."""
    close_t = close_call_time(trace)
    ws, we, from_close = window
    segs = trace.segments
    all_times = [s["sent"] for s in segs] + [s["time"] for s in segs] + [t["time"] for t in trace.transitions]
    start, end = min(all_times), max(all_times)
    if from_close:
        start = close_t
        inflight = [s["sent"] for s in segs if s["time"] > close_t]
        if inflight:
            start = min(start, min(inflight))
    if ws is not None:
        start = origin + ws
    if we is not None:
        end = origin + we
    if end <= start:
        raise UsageError("--tmin/--tmax: empty time window: start {:.6f} s, end {:.6f} s".format(start, end))
    return start, end


def run_title(trace):
    """variant  ·  MSL  ·  loss  ·  drops  ·  bytes  ·  run N."""
    row = trace.run_row
    parts = []
    if row:
        parts.append(row.get("variant", ""))
        if row.get("msl_s"):
            parts.append("MSL {} s".format(format_number(float(row["msl_s"]))))
        la, lb = row.get("loss_a2b", "0"), row.get("loss_b2a", "0")
        try:
            if float(la) or float(lb):
                parts.append("loss {}".format(la if la == lb else "{}/{}".format(la, lb)))
        except ValueError:
            pass
        if _first(row, DROP_COLUMNS):
            parts.append("drop {}".format(_first(row, DROP_COLUMNS)))
        pending = _first(row, PENDING_COLUMNS)
        if pending:
            bytes_ = "{} B pending".format(pending)
            if row.get("delivered_bytes") not in (None, "", pending):
                bytes_ += ", {} delivered".format(row["delivered_bytes"])
            if row.get("discarded_bytes") not in (None, "", "0"):
                bytes_ += ", {} discarded".format(row["discarded_bytes"])
            parts.append(bytes_)
    parts.append("run {}".format(trace.run_index))
    return TITLE_SEPARATOR.join(p for p in parts if p)


class Ladder:
    """Lays out one ladder diagram (see figure.build_figure); draw.draw()
    then draws it."""

    def __init__(self, trace, width, seqack, origin, window, axis, gap, gap_in, loss_at, title, group):
        self.trace = trace
        self.width_name = width
        self.W = WIDTHS[width] if isinstance(width, str) else float(width)
        self.seqack = seqack
        self.loss_at = loss_at
        self.group = group
        self.fs = 7.0 if self.W < 5 else 8.0  # label font size (pt)
        self.close_t = close_call_time(trace)
        self.origin = self.close_t if origin == "close" else 0.0
        self.origin_kind = origin
        self.start, self.end = start, end = time_window(trace, self.origin, window)
        segs = trace.segments
        self.segments = [s for s in segs if s["sent"] >= start - 1e-12 and s["time"] <= end + 1e-12]
        self.outside = len(segs) - len(self.segments)
        self.states = {e: state_intervals(trace, e, start, end) for e in ("A", "B")}
        self.gaps = self._gaps(axis, gap)
        self.gap_in = gap_in
        self.title = title if title is not None else run_title(trace)

    def _gaps(self, axis, gap):
        """The idle stretches to compress (none on a linear axis)."""
        if axis == "linear":
            return []
        if axis != "broken":
            raise UsageError("--axis must be broken or linear, not '{}'".format(axis))
        flights = [s["time"] - s["sent"] for s in self.segments]
        threshold = gap if gap else max(3 * max(flights, default=0.0), 1e-3)
        events = [self.start, self.end] + [s["sent"] for s in self.segments] + [s["time"] for s in self.segments]
        events += [t["time"] for t in self.trace.transitions if self.start <= t["time"] <= self.end]
        return idle_gaps(self.segments, events, threshold)

    # -- text -------------------------------------------------------------

    def measure(self, text, size, weight="normal", style="normal"):
        """(width, height) in inches of a text."""
        key = (text, size, weight, style)
        if key not in self._sizes:
            t = Text(0, 0, text, fontsize=size, fontweight=weight, fontstyle=style, linespacing=1.1)
            t.set_figure(self.fig)
            bb = t.get_window_extent(self.renderer)
            self._sizes[key] = (bb.width / self.fig.dpi, bb.height / self.fig.dpi)
        return self._sizes[key]

    def wrap(self, text, size, width):
        """Break a title at its ' \u00b7 ' separators so it fits width."""
        lines, current = [], ""
        for p in text.split(TITLE_SEPARATOR):
            trial = current + TITLE_SEPARATOR + p if current else p
            if current and self.measure(trial, size)[0] > width:
                lines.append(current)
                current = p
            else:
                current = trial
        lines.append(current)
        return "\n".join(lines)

    def gap_text(self, g0, g1):
        return format_duration(g1 - g0)

    # -- layout -----------------------------------------------------------

    def layout(self, plot_h):
        """Place everything for a plot area plot_h inches tall; returns the
        number of labels that found no room."""
        self.fig = Figure(figsize=(self.W, 1.0))
        FigureCanvasAgg(self.fig)
        self.renderer = self.fig.canvas.get_renderer()
        self._sizes = {}
        span = max(abs(self.start - self.origin), abs(self.end - self.origin))
        self.unit, self.unit_scale = ("ms", 1e3) if span < 100 else ("s", 1.0)
        self._columns()
        self._rows(plot_h)
        self.arrows = self.arrow_geometry()
        self.items = items.label_items(self)
        return placement.place_labels(self)

    def _columns(self):
        """x positions, left to right: y label, ticks, A's state names and
        band, A's axis ... B's axis, band and names."""
        fs = self.fs
        names = {st for e in "AB" for st, *_ in self.states[e]} | {"CLOSED"}
        name_w = max([self.measure(n, fs - 0.5)[0] for n in names] + [0.3]) + 0.06
        self.ylabel_w = self.measure("x", fs)[1] + 0.04
        tick_w = self.measure("-00000.0", fs - 0.5)[0] + 0.08
        band_w = 0.09
        self.x_ticks = self.ylabel_w + tick_w  # the time axis line
        self.xA_names = self.x_ticks + 0.05 + name_w  # right edge of A's names
        self.xA_band = (self.xA_names + 0.03, self.xA_names + 0.03 + band_w)
        self.xA = self.xA_band[1]
        self.xB_band = (self.W - 0.05 - name_w - 0.03 - band_w, self.W - 0.05 - name_w - 0.03)
        self.xB = self.xB_band[0]
        self.xB_names = self.xB_band[1] + 0.03
        if self.xB - self.xA < 1.0:
            raise UsageError("--width {}: the figure is too narrow for a ladder; use --width two".format(self.width_name))

    def _rows(self, plot_h):
        """y positions, top to bottom: title, endpoint names, the time axis
        (plot_h tall), room for a last state name and the loss legend."""
        fs = self.fs
        self.title_text = self.wrap(self.title, fs, self.W - 0.08) if self.title else ""
        title_h = (self.measure(self.title_text, fs)[1] + 0.06) if self.title else 0.0
        head_h = self.measure("A", fs + 1.5, "bold")[1] + 0.08
        lost = any(s["dropped"] for s in self.segments)
        # room below the last moment for a state name written there
        foot_h = self.measure("Ag", fs - 0.5)[1] + (0.08 if lost else 0.04)
        self.H = title_h + head_h + plot_h + foot_h + 0.06
        self.fig.set_size_inches(self.W, self.H)
        top = self.H - title_h - head_h - 0.04
        self.title_y = self.H - 0.03
        self.head_y = self.H - title_h - 0.04
        self.foot_y = 0.03
        self.axis = TimeAxis(self.start, self.end, self.gaps, top, plot_h, self.gap_in)
        self.top, self.bottom = top, top - self.axis.height

    def arrow_geometry(self):
        """Start, arrival and drawn end (short of the receiver when lost) of
        every segment's arrow."""
        out = []
        for s in self.segments:
            x0, x1 = (self.xA, self.xB) if s["direction"] == "a2b" else (self.xB, self.xA)
            p0 = np.array([x0, self.axis.y(s["sent"])])
            p1 = np.array([x1, self.axis.y(s["time"])])
            end = p0 + self.loss_at * (p1 - p0) if s["dropped"] else p1
            out.append(dict(seg=s, p0=p0, p1=p1, end=end))
        return out
