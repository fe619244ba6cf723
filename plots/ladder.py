#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Figure 6: ladder (sequence) diagram of one run.

A and B are two vertical time axes, time running down. Every segment of
segments.csv is an arrow from the sender at its start of transmission to the
receiver at its arrival, labelled with its flags and length (and seq/ack
with --seqack). A dropped segment is drawn dashed in vermillion and ends in
a cross: the model drops segments on receipt, so the cross sits near the
receiver (--loss-at, a fraction of the way), short of the axis, and the
segment never reaches it. The state of each endpoint (transitions.csv) is
shaded in a band beside its axis and named where it is entered.

Time: RTT is tens of milliseconds while RTO and TIME_WAIT are seconds, so by
default (--axis broken) every idle stretch longer than --gap (default three
times the longest flight time) with no segment in flight is compressed to a
short break, marked on both axes and labelled with its length. Ticks are in
milliseconds since A's close call (--origin close; --origin zero for
simulation time). --from-close starts at the close call; --tmin/--tmax
(seconds on the same origin) cut any window. Labels never overlap: dense
bursts of the same kind of segment share one label ("10 x ACK (536 B
each)"), arrows that leave one end at (nearly) the same moment share one
label read top to bottom ("ACK + ACK (536 B)"), and the height grows until
every label has room (with --height fixed, labels without room are left out
and reported).

Run choice: --run N (run_index), else the first run of runs.csv matching
--filter (e.g. --filter variant=three-way), else the first run of
segments.csv.

Example:
  build/tcp-teardown --variant=four-way --msl=1 --drop=a2b:ack-of-fin:1 --outputDir=r
  /usr/bin/python3 plots/ladder.py --results r --out figs --width two
"""

import math
import os
import sys

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Rectangle
from matplotlib.text import Text

import tdplot

OK = tdplot.OKABE_ITO

#: Colours of the state bands (Okabe-Ito hues, drawn light).
STATE_COLOURS = {
    "LISTEN": "#E6E6E6",
    "SYN_SENT": "#D9D9D9",
    "SYN_RCVD": "#D9D9D9",
    "ESTABLISHED": "#BDBDBD",
    "FIN_WAIT_1": OK["orange"],
    "FIN_WAIT_2": OK["sky_blue"],
    "CLOSING": OK["reddish_purple"],
    "TIME_WAIT": OK["yellow"],
    "CLOSE_WAIT": OK["bluish_green"],
    "LAST_ACK": OK["blue"],
}
STATE_ALPHA = 0.55
DIRECTION_COLOURS = {"a2b": OK["blue"], "b2a": OK["black"]}
LOSS_COLOUR = OK["vermillion"]
CONTROL_FLAGS = ("SYN", "FIN", "RST")


# ---------------------------------------------------------------------------
# Input


class RunTrace:
    """Segments, transitions and (when present) the runs.csv row of one
    run."""

    def __init__(self, run_index, segments, transitions, run_row, source):
        self.run_index = run_index
        self.segments = segments  # list of dicts, in file order
        self.transitions = transitions  # list of dicts, in file order
        self.run_row = run_row  # dict or None
        self.source = source


def _int(cell, table, line, column):
    try:
        return int(float(cell))
    except ValueError:
        raise tdplot.DataError(
            "{} line {}, column '{}': '{}' is not a number".format(table.path, line, column, cell)
        ) from None


def load_run(results, run=None, filters=None):
    """Read the files of a results folder and pick one run."""
    seg_path = tdplot.results_file(results, "segments.csv")
    segs = tdplot.read_csv(seg_path, tdplot.SEGMENTS_COLUMNS, "segments.csv (run tcp-teardown with --outputDir and --segments=true)")
    run_idx = segs.numbers("run_index")
    runs_path = tdplot.results_file(results, "runs.csv")
    runs = tdplot.read_runs(results) if os.path.exists(runs_path) else None
    if run is None and filters:
        if runs is None:
            raise tdplot.DataError("{}: needed for --filter".format(runs_path))
        chosen = tdplot.apply_filters(runs, filters)
        with_segments = set(run_idx.astype(int))
        candidates = [int(v) for v in chosen.numbers("run_index") if int(v) in with_segments]
        if not candidates:
            raise tdplot.DataError(
                "{}: none of the runs matching the filters has segments".format(seg_path)
            )
        run = candidates[0]
    elif run is None:
        run = int(run_idx[0])
    mask = run_idx == run
    if not mask.any():
        raise tdplot.DataError(
            "{}: no segments of run {} (runs present: {})".format(
                seg_path, run, ", ".join(str(int(v)) for v in np.unique(run_idx)[:20])
            )
        )
    part = segs.select(mask)
    sent = part.numbers("sent_s")
    time = part.numbers("time_s")
    directions = part.strings("direction")
    dropped = part.strings("dropped")
    flags = part.strings("flags")
    causes = part.strings("cause")
    seqs, acks, lens = (part.strings(c) for c in ("seq", "ack", "length_bytes"))
    segments = []
    for k in range(len(part)):
        line = part.lines[k]
        if time[k] < sent[k]:
            raise tdplot.DataError(
                "{} line {}: time_s {} is before sent_s {}".format(seg_path, line, time[k], sent[k])
            )
        segments.append(
            dict(
                index=k,
                line=line,
                sent=float(sent[k]),
                time=float(time[k]),
                direction=directions[k],
                flags=[f for f in flags[k].split("|") if f],
                seq=_int(seqs[k], part, line, "seq"),
                ack=_int(acks[k], part, line, "ack"),
                length=_int(lens[k], part, line, "length_bytes"),
                dropped=dropped[k] == "1",
                cause=causes[k],
            )
        )
    transitions = []
    tr_path = tdplot.results_file(results, "transitions.csv")
    if os.path.exists(tr_path):
        tr = tdplot.read_csv(tr_path, tdplot.TRANSITIONS_COLUMNS, "transitions.csv")
        sel = tr.numbers("run_index") == run
        if sel.any():
            trp = tr.select(sel)
            for t, e, f, to in zip(
                trp.numbers("time_s"), trp.strings("endpoint"), trp.strings("from"), trp.strings("to")
            ):
                transitions.append(dict(time=float(t), endpoint=e, frm=f, to=to))
    run_row = None
    if runs is not None:
        ri = runs.numbers("run_index")
        hit = np.nonzero(ri == run)[0]
        if hit.size:
            run_row = dict(zip(runs.header, runs.rows[int(hit[0])]))
    return RunTrace(run, segments, transitions, run_row, results)


# ---------------------------------------------------------------------------
# States


def close_call_time(trace):
    """A's close call: A's first transition out of ESTABLISHED (else any
    endpoint's, else the first FIN's transmission, else 0)."""
    for who in ("A", None):
        for t in trace.transitions:
            if t["frm"] == "ESTABLISHED" and (who is None or t["endpoint"] == who):
                return t["time"]
    fins = [s["sent"] for s in trace.segments if "FIN" in s["flags"]]
    return min(fins) if fins else 0.0


def state_intervals(trace, endpoint, start, end):
    """[(state, t0, t1, inferred)] of one endpoint from its transitions,
    clipped to [start, end]. The recorder may begin with a passive opener
    already in SYN_RCVD or ESTABLISHED; LISTEN and SYN_RCVD are then inferred
    from the arrival of the peer's SYN and first ACK (inferred=True)."""
    trs = sorted((t for t in trace.transitions if t["endpoint"] == endpoint), key=lambda t: t["time"])
    if not trs:
        return []
    out = []
    first = trs[0]
    incoming = "a2b" if endpoint == "B" else "b2a"
    if first["frm"] in ("SYN_RCVD", "ESTABLISHED"):
        arrivals = [
            s for s in trace.segments if s["direction"] == incoming and not s["dropped"] and s["time"] <= first["time"]
        ]
        syn = next((s for s in arrivals if "SYN" in s["flags"] and "ACK" not in s["flags"]), None)
        if syn is not None:
            out.append(["LISTEN", start, syn["time"], True])
            if first["frm"] == "ESTABLISHED":
                est = next((s for s in arrivals if s["time"] > syn["time"] and "SYN" not in s["flags"]), None)
                est_time = est["time"] if est is not None else first["time"]
                out.append(["SYN_RCVD", syn["time"], est_time, True])
                out.append(["ESTABLISHED", est_time, first["time"], True])
            else:
                out.append(["SYN_RCVD", syn["time"], first["time"], True])
        else:
            out.append([first["frm"], start, first["time"], True])
    elif first["frm"] != "CLOSED":
        out.append([first["frm"], start, first["time"], True])
    for k, t in enumerate(trs):
        t_next = trs[k + 1]["time"] if k + 1 < len(trs) else max(end, t["time"])
        out.append([t["to"], t["time"], t_next, False])
    clipped = []
    for state, t0, t1, inferred in out:
        if t1 < start or t0 > end:
            continue
        clipped.append((state, max(t0, start), min(t1, end), inferred, t0 >= start))
    return clipped


# ---------------------------------------------------------------------------
# Time axis with compressed idle gaps


class TimeAxis:
    """Maps simulation time to a vertical position in inches (measured
    upward from the bottom of the figure). Idle gaps are drawn with a fixed
    height; the rest is linear."""

    def __init__(self, start, end, gaps, top, height, gap_in):
        self.start, self.end = start, end
        self.gaps = gaps
        self.top = top
        self.gap_in = gap_in if gaps else 0.0
        pieces = []
        t = start
        for g0, g1 in gaps:
            if g0 > t:
                pieces.append((t, g0, False))
            pieces.append((g0, g1, True))
            t = g1
        if end > t or not pieces:
            pieces.append((t, end, False))
        self.pieces = pieces
        linear = sum(p[1] - p[0] for p in pieces if not p[2])
        room = height - len(gaps) * self.gap_in
        self.scale = room / linear if linear > 0 else 0.0  # inches per second
        offsets, y = [], 0.0
        for t0, t1, gap in pieces:
            offsets.append(y)
            y += self.gap_in if gap else (t1 - t0) * self.scale
        self.offsets = offsets
        self.height = y

    def y(self, t):
        """Vertical position of time t (inches from the figure bottom)."""
        for (t0, t1, gap), off in zip(self.pieces, self.offsets):
            if t <= t1 or (t0, t1, gap) == self.pieces[-1]:
                if gap:
                    frac = (t - t0) / (t1 - t0) if t1 > t0 else 0.0
                    d = off + min(max(frac, 0.0), 1.0) * self.gap_in
                else:
                    d = off + (t - t0) * self.scale
                return self.top - d
        return self.top - self.height


def idle_gaps(segments, events, threshold):
    """Intervals between consecutive event times longer than threshold with
    no segment in flight."""
    times = sorted(set(events))
    flights = [(s["sent"], s["time"]) for s in segments]
    gaps = []
    for t0, t1 in zip(times, times[1:]):
        if t1 - t0 <= threshold:
            continue
        if any(s <= t0 and a >= t1 for s, a in flights):
            continue
        gaps.append((t0, t1))
    return gaps


# ---------------------------------------------------------------------------
# Geometry helpers (inches, y up)


def _polygon(anchor, angle, w, h, above):
    a = math.radians(angle)
    d = np.array([math.cos(a), math.sin(a)])
    n = np.array([-math.sin(a), math.cos(a)])
    v0, v1 = (0.0, h) if above else (-h, 0.0)
    corners = [(-w / 2, v0), (w / 2, v0), (w / 2, v1), (-w / 2, v1)]
    return np.array([anchor + u * d + v * n for u, v in corners])


def polygons_overlap(p, q):
    """Separating-axis test for two convex polygons (n x 2 arrays)."""
    for poly in (p, q):
        for i in range(len(poly)):
            edge = poly[(i + 1) % len(poly)] - poly[i]
            axis = np.array([-edge[1], edge[0]])
            norm = np.hypot(*axis)
            if norm == 0:
                continue
            axis = axis / norm
            pa, qa = p @ axis, q @ axis
            if pa.max() <= qa.min() + 1e-9 or qa.max() <= pa.min() + 1e-9:
                return False
    return True


def segment_hits_polygon(p0, p1, poly):
    """True when the line segment p0-p1 crosses or lies in the polygon."""
    seg = np.array([p0, p1])
    d = p1 - p0
    if np.hypot(*d) == 0:
        return False
    # thin quadrilateral around the segment, then SAT
    n = np.array([-d[1], d[0]]) / np.hypot(*d) * 1e-4
    quad = np.array([seg[0] + n, seg[1] + n, seg[1] - n, seg[0] - n])
    return polygons_overlap(quad, poly)


def _box(x0, y0, x1, y1):
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])


# ---------------------------------------------------------------------------
# Labels


def flags_text(flags):
    return ", ".join(flags) if flags else "(no flags)"


def segment_label(seg, seqack, compact=False):
    """Label of one segment: flags, length, and seq/ack on request. The
    compact form puts every part on its own line (for short arrows)."""
    head = flags_text(seg["flags"])
    size = "{} B".format(seg["length"]) if seg["length"] > 0 else None
    nums = ["seq={}".format(seg["seq"]), "ack={}".format(seg["ack"])] if seqack else []
    if compact:
        return "\n".join([head] + ([size] if size else []) + nums)
    text = head + (" ({})".format(size) if size else "")
    return text + ("\n" + " ".join(nums) if nums else "")


def group_label(segs, seqack, compact=False):
    """One label for a burst of like segments: '10 x ACK (536 B each)'."""
    k = len(segs)
    head = "{} \u00d7 {}".format(k, flags_text(segs[0]["flags"]))
    lengths = {s["length"] for s in segs}
    if lengths == {0}:
        size = None
    elif len(lengths) == 1:
        size = "{} B each".format(segs[0]["length"])
    else:
        size = "{} B in all".format(sum(s["length"] for s in segs))
    nums = []
    if seqack:
        if lengths == {0}:
            nums = ["ack={}\u2013{}".format(segs[0]["ack"], segs[-1]["ack"])]
        else:
            nums = ["seq={}\u2013{}".format(segs[0]["seq"], segs[-1]["seq"]), "ack={}".format(segs[-1]["ack"])]
    if compact:
        return "\n".join([head] + ([size] if size else []) + nums)
    text = head + (" ({})".format(size) if size else "")
    return text + ("\n" + " ".join(nums) if nums else "")


def groupable(a, b):
    return (
        a["direction"] == b["direction"]
        and a["flags"] == b["flags"]
        and not a["dropped"]
        and not b["dropped"]
        and not any(f in CONTROL_FLAGS for f in a["flags"])
        and (a["length"] > 0) == (b["length"] > 0)
    )


# ---------------------------------------------------------------------------
# The figure


class Ladder:
    """Lays out and draws one ladder diagram. Use build_figure()."""

    def __init__(self, trace, width, seqack, origin, window, axis, gap, gap_in, loss_at, title, group):
        self.trace = trace
        self.width_name = width
        self.W = tdplot.WIDTHS[width] if isinstance(width, str) else float(width)
        self.seqack = seqack
        self.loss_at = loss_at
        self.group = group
        self.fs = 7.0 if self.W < 5 else 8.0  # label font size (pt)
        self.close_t = close_call_time(trace)
        self.origin = self.close_t if origin == "close" else 0.0
        self.origin_kind = origin
        ws, we, from_close = window
        segs = trace.segments
        all_times = [s["sent"] for s in segs] + [s["time"] for s in segs] + [t["time"] for t in trace.transitions]
        start = min(all_times)
        end = max(all_times)
        if from_close:
            start = self.close_t
            inflight = [s["sent"] for s in segs if s["time"] > self.close_t]
            if inflight:
                start = min(start, min(inflight))
        if ws is not None:
            start = self.origin + ws
        if we is not None:
            end = self.origin + we
        if end <= start:
            raise tdplot.UsageError(
                "empty time window: start {:.6f} s, end {:.6f} s".format(start, end)
            )
        self.start, self.end = start, end
        self.segments = [s for s in segs if s["sent"] >= start - 1e-12 and s["time"] <= end + 1e-12]
        self.outside = len(segs) - len(self.segments)
        self.states = {e: state_intervals(trace, e, start, end) for e in ("A", "B")}
        flights = [s["time"] - s["sent"] for s in self.segments]
        if axis == "broken":
            threshold = gap if gap else max(3 * max(flights, default=0.0), 1e-3)
            events = [start, end] + [s["sent"] for s in self.segments] + [s["time"] for s in self.segments]
            events += [t["time"] for t in trace.transitions if start <= t["time"] <= end]
            self.gaps = idle_gaps(self.segments, events, threshold)
        elif axis == "linear":
            self.gaps = []
        else:
            raise tdplot.UsageError("--axis must be broken or linear, not '{}'".format(axis))
        self.gap_in = gap_in
        self.title = title if title is not None else self.default_title()

    # -- text -------------------------------------------------------------

    def default_title(self):
        row = self.trace.run_row
        parts = []
        if row:
            parts.append(row.get("variant", ""))
            if row.get("msl_s"):
                parts.append("MSL {} s".format(tdplot.format_number(float(row["msl_s"]))))
            la, lb = row.get("loss_a2b", "0"), row.get("loss_b2a", "0")
            try:
                if float(la) or float(lb):
                    parts.append("loss {}".format(la if la == lb else "{}/{}".format(la, lb)))
            except ValueError:
                pass
            if row.get("drop_rules"):
                parts.append("drop {}".format(row["drop_rules"]))
            if row.get("pending_bytes"):
                bytes_ = "{} B pending".format(row["pending_bytes"])
                if row.get("delivered_bytes") not in (None, "", row["pending_bytes"]):
                    bytes_ += ", {} delivered".format(row["delivered_bytes"])
                if row.get("discarded_bytes") not in (None, "", "0"):
                    bytes_ += ", {} discarded".format(row["discarded_bytes"])
                parts.append(bytes_)
        parts.append("run {}".format(self.trace.run_index))
        return "  \u00b7  ".join(p for p in parts if p)

    def measure(self, text, size, weight="normal", style="normal"):
        key = (text, size, weight, style)
        if key not in self._sizes:
            t = Text(0, 0, text, fontsize=size, fontweight=weight, fontstyle=style, linespacing=1.1)
            t.set_figure(self.fig)
            bb = t.get_window_extent(self.renderer)
            self._sizes[key] = (bb.width / self.fig.dpi, bb.height / self.fig.dpi)
        return self._sizes[key]

    def wrap(self, text, size, width):
        """Break a title at its ' \u00b7 ' separators so it fits width."""
        sep = "  \u00b7  "
        parts = text.split(sep)
        lines, current = [], ""
        for p in parts:
            trial = current + sep + p if current else p
            if current and self.measure(trial, size)[0] > width:
                lines.append(current)
                current = p
            else:
                current = trial
        lines.append(current)
        return "\n".join(lines)

    # -- layout -----------------------------------------------------------

    def layout(self, plot_h):
        """Place everything for a plot area plot_h inches tall; returns the
        number of labels that found no room."""
        from matplotlib.figure import Figure
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        fs = self.fs
        self.fig = Figure(figsize=(self.W, 1.0))
        FigureCanvasAgg(self.fig)
        self.renderer = self.fig.canvas.get_renderer()
        self._sizes = {}
        span = max(abs(self.start - self.origin), abs(self.end - self.origin))
        self.unit, self.unit_scale = ("ms", 1e3) if span < 100 else ("s", 1.0)

        # columns, left to right
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
            raise tdplot.UsageError("the figure is too narrow for a ladder; use --width two")

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

        self.arrows = self.arrow_geometry()
        self.items = self.label_items()
        return self.place_labels()

    def arrow_geometry(self):
        out = []
        for s in self.segments:
            x0, x1 = (self.xA, self.xB) if s["direction"] == "a2b" else (self.xB, self.xA)
            p0 = np.array([x0, self.axis.y(s["sent"])])
            p1 = np.array([x1, self.axis.y(s["time"])])
            end = p0 + self.loss_at * (p1 - p0) if s["dropped"] else p1
            out.append(dict(seg=s, p0=p0, p1=p1, end=end))
        return out

    def label_items(self):
        """Label items: one per segment; one per dense burst of like
        segments ('10 x ACK (536 B each)'); and one shared label, read top
        to bottom, for arrows of one direction so close that they look like
        one line ('ACK + ACK (536 B)')."""
        line_h = self.measure("Ag", self.fs)[1]
        per_dir = {"a2b": [], "b2a": []}
        for k, a in enumerate(self.arrows):
            per_dir[a["seg"]["direction"]].append(k)
        items = []
        for ks in per_dir.values():
            ks = sorted(ks, key=lambda k: self.arrows[k]["seg"]["sent"])
            # 1. bursts of like segments
            chains, current = [], []
            for k in ks:
                if current:
                    prev = self.arrows[current[-1]]
                    near = abs(prev["p0"][1] - self.arrows[k]["p0"][1]) < 2.2 * line_h
                    if self.group and near and groupable(prev["seg"], self.arrows[k]["seg"]):
                        current.append(k)
                        continue
                    chains.append(current)
                current = [k]
            if current:
                chains.append(current)
            # 2. chains that start at (nearly) the same point share a label
            merged = []
            for chain in chains:
                if merged:
                    last = merged[-1][-1]
                    prev_arrow = self.arrows[last[-1]]
                    this_arrow = self.arrows[chain[0]]
                    if (
                        abs(prev_arrow["p0"][1] - this_arrow["p0"][1]) < 0.6 * line_h
                        and not prev_arrow["seg"]["dropped"]
                        and not this_arrow["seg"]["dropped"]
                    ):
                        merged[-1].append(chain)
                        continue
                merged.append([chain])
            for parts in merged:
                items.append(self.make_item(parts))
        items.sort(key=lambda it: (it["prio"], it["t"]))
        return items

    def make_item(self, parts):
        """A label item for one or more chains of arrows."""
        one, compact = [], []
        for chain in parts:
            segs = [self.arrows[k]["seg"] for k in chain]
            if len(chain) == 1:
                one.append(segment_label(segs[0], self.seqack))
                compact.append(segment_label(segs[0], self.seqack, True))
            else:
                one.append(group_label(segs, self.seqack))
                compact.append(group_label(segs, self.seqack, True))
        if len(parts) == 1:
            texts = [one[0], compact[0]]
        elif self.seqack:
            flat = [t.replace("\n", " ") for t in one]
            texts = ["\n".join(flat), "\n".join(one)]
        else:
            texts = [" + ".join(one), "\n".join(one)]
        if texts[1] == texts[0]:
            texts = texts[:1]
        arrows = [k for chain in parts for k in chain]
        segs = [self.arrows[k]["seg"] for k in arrows]
        if any(s["dropped"] for s in segs):
            prio = 0
        elif any(f in CONTROL_FLAGS for s in segs for f in s["flags"]):
            prio = 1
        else:
            prio = 2
        return dict(
            arrows=arrows,
            text=texts[0],
            texts=texts,
            prio=prio,
            t=segs[0]["sent"],
            dropped=segs[0]["dropped"],
            bundle=len(arrows) > 1,
        )

    def obstacles(self):
        obs = []
        for a in self.arrows:
            if a["seg"]["dropped"]:
                r = 0.045
                e = a["end"]
                obs.append(_box(e[0] - r, e[1] - r, e[0] + r, e[1] + r))
        for g0, g1 in self.gaps:
            y = (self.axis.y(g0) + self.axis.y(g1)) / 2
            w, h = self.measure(self.gap_text(g0, g1), self.fs - 0.5, style="italic")
            xm = (self.xA + self.xB) / 2
            obs.append(_box(xm - w / 2 - 0.03, y - h / 2 - 0.02, xm + w / 2 + 0.03, y + h / 2 + 0.02))
        return obs

    def place_labels(self):
        fs = self.fs
        pad = 0.012
        placed = []
        obstacles = self.obstacles()
        lines = [(a["p0"], a["end"]) for a in self.arrows]
        x_lo, x_hi = self.xA + 0.03, self.xB - 0.03
        unplaced = 0
        self.crossings = 0  # label boxes lying across other arrows
        fractions = [0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78, 0.14, 0.86]
        for it in self.items:
            # the one-line text unless the compact one crosses fewer arrows;
            # a point smaller only when neither finds room
            best = None
            for n, text in enumerate(it["texts"]):
                found = self.best_position(it, text, self.fs, placed, obstacles, lines, fractions, (x_lo, x_hi), pad)
                if found is not None and (best is None or found[0] + 50 * n < best[0]):
                    best = found
                    it["text"], it["size"] = text, self.fs
            if best is None and self.fs > 6.5:
                small = self.fs - 1.0
                best = self.best_position(it, it["texts"][-1], small, placed, obstacles, lines, fractions, (x_lo, x_hi), pad)
                if best is not None:
                    it["text"], it["size"] = it["texts"][-1], small
            if best is None:
                it["placed"] = None
                unplaced += 1
                continue
            score, k, anchor, angle, above, poly, size = best
            it["placed"] = dict(anchor=anchor, angle=angle, above=above, polygon=poly, arrow=k, size=size)
            self.crossings += int(score // 100)
            placed.append(poly)
        return unplaced

    def best_position(self, it, text, size, placed, obstacles, lines, fractions, x_range, pad):
        """The least crossing free spot for one label text, or None."""
        x_lo, x_hi = x_range
        w, h = self.measure(text, size)
        w, h = w + 2 * pad, h + 2 * pad
        first, last = it["arrows"][0], it["arrows"][-1]
        candidates = []
        if not it["bundle"]:
            for f in fractions:
                for above in (True, False):
                    candidates.append((first, f, above))
        else:
            for f in fractions:
                candidates.append((first, f, True))
                candidates.append((last, f, False))
            # last resort: on the bundle itself (crossing its own arrows)
            for k in it["arrows"][1:-1]:
                for f in fractions:
                    candidates.append((k, f, True))
        best = None
        for order, (k, f, above) in enumerate(candidates):
            a = self.arrows[k]
            p0, p1 = a["p0"], a["end"]
            d = p1 - p0
            angle = math.degrees(math.atan2(d[1], d[0]))
            if angle > 90:
                angle -= 180
            elif angle < -90:
                angle += 180
            gap = 0.015
            rad = math.radians(angle)
            n = np.array([-math.sin(rad), math.cos(rad)])
            point = p0 + f * d
            anchor = point + (gap if above else -gap) * n
            poly = _polygon(anchor, angle, w, h, above)
            if poly[:, 0].min() < x_lo or poly[:, 0].max() > x_hi:
                continue
            if poly[:, 1].max() > self.top + 0.02 or poly[:, 1].min() < self.bottom - 0.02:
                continue
            if any(polygons_overlap(poly, q) for q in placed) or any(
                polygons_overlap(poly, q) for q in obstacles
            ):
                continue
            # lying across another arrow costs 100, across an arrow of the
            # same burst 20 (the label then visibly belongs to the bundle)
            own = set(it["arrows"])
            crossings = sum(
                (20 if j in own else 100)
                for j, (q0, q1) in enumerate(lines)
                if j != k and segment_hits_polygon(q0, q1, poly)
            )
            score = crossings + order
            if best is None or score < best[0]:
                best = (score, k, anchor, angle, above, poly, (w, h))
            if crossings == 0:
                break
        return best

    def gap_text(self, g0, g1):
        return format_duration(g1 - g0)

    # -- drawing ----------------------------------------------------------

    def draw(self):
        fig = self.fig
        ax = fig.add_axes([0, 0, 1, 1])
        ax.set_xlim(0, self.W)
        ax.set_ylim(0, self.H)
        ax.axis("off")
        self.ax = ax
        fs = self.fs
        drawn = dict(
            run_index=self.trace.run_index,
            window=(self.start, self.end),
            origin=self.origin,
            close_call=self.close_t,
            gaps=list(self.gaps),
            arrows=[],
            labels=[],
            unlabelled=[],
            states={},
            outside=self.outside,
            unit=self.unit,
            size=(self.W, self.H),
        )
        # title and headers
        if self.title:
            ax.text(0.04, self.title_y, self.title_text, fontsize=fs, ha="left", va="top", color="#333333", gid="title")
        for x, name in ((self.xA, "A"), (self.xB, "B")):
            ax.text(x, self.head_y, name, fontsize=fs + 1.5, fontweight="bold", ha="center", va="top", gid="endpoint:" + name)

        # state bands and names
        for e, (b0, b1), name_x, ha in (
            ("A", self.xA_band, self.xA_names, "right"),
            ("B", self.xB_band, self.xB_names, "left"),
        ):
            drawn["states"][e] = []
            name_boxes = []
            for state, t0, t1, inferred, entered in self.states[e]:
                y0, y1 = self.axis.y(t0), self.axis.y(t1)
                drawn["states"][e].append((state, t0, t1, inferred))
                if state in STATE_COLOURS and y0 > y1:
                    ax.add_patch(
                        Rectangle(
                            (b0, y1),
                            b1 - b0,
                            y0 - y1,
                            facecolor=STATE_COLOURS[state],
                            alpha=STATE_ALPHA,
                            linewidth=0,
                            gid="state:{}:{}".format(e, state),
                        )
                    )
                if not entered and state == "CLOSED":
                    continue
                name_boxes.append((state, y0))
            self.draw_state_names(ax, name_boxes, name_x, ha, (b0, b1))
        # endpoint axes, broken in the gaps
        for x in (self.xA, self.xB):
            for (t0, t1, gap), off in zip(self.axis.pieces, self.axis.offsets):
                y0, y1 = self.axis.y(t0), self.axis.y(t1)
                ax.add_line(
                    Line2D([x, x], [y0, y1], color="black", linewidth=0.9, linestyle=":" if gap else "-", solid_capstyle="butt")
                )
        for g0, g1 in self.gaps:
            y = (self.axis.y(g0) + self.axis.y(g1)) / 2
            for x in (self.xA, self.xB, self.x_ticks):
                for dy in (-0.022, 0.022):
                    ax.add_line(Line2D([x - 0.05, x + 0.05], [y + dy - 0.018, y + dy + 0.018], color="black", linewidth=0.7))
                ax.add_patch(Rectangle((x - 0.05, y - 0.02), 0.1, 0.04, facecolor="white", edgecolor="none", zorder=1.5))
            ax.text(
                (self.xA + self.xB) / 2,
                y,
                self.gap_text(g0, g1),
                fontsize=fs - 0.5,
                fontstyle="italic",
                color="#555555",
                ha="center",
                va="center",
                gid="gap",
            )
        self.draw_ticks(ax)
        # arrows
        for k, a in enumerate(self.arrows):
            s = a["seg"]
            control = any(f in CONTROL_FLAGS for f in s["flags"])
            lw = 1.3 if control else 0.8
            colour = LOSS_COLOUR if s["dropped"] else DIRECTION_COLOURS[s["direction"]]
            patch = FancyArrowPatch(
                tuple(a["p0"]),
                tuple(a["end"]),
                arrowstyle="-" if s["dropped"] else "-|>",
                mutation_scale=6 if not control else 7,
                linewidth=lw,
                linestyle=(0, (3, 1.5)) if s["dropped"] else "-",
                color=colour,
                shrinkA=0,
                shrinkB=0,
                # SYN/FIN/RST and lost segments are drawn over the label
                # boxes (zorder 5), plain ones under them
                zorder=6 if (control or s["dropped"]) else 3,
                gid="segment:{}{}".format(s["index"], ":dropped" if s["dropped"] else ""),
            )
            ax.add_patch(patch)
            if s["dropped"]:
                ax.add_line(
                    Line2D(
                        [a["end"][0]],
                        [a["end"][1]],
                        marker="x",
                        markersize=6,
                        markeredgewidth=1.6,
                        color=LOSS_COLOUR,
                        zorder=7,
                        gid="drop:{}".format(s["index"]),
                    )
                )
            drawn["arrows"].append(
                dict(
                    index=s["index"],
                    direction=s["direction"],
                    flags="|".join(s["flags"]),
                    sent=s["sent"],
                    time=s["time"],
                    dropped=s["dropped"],
                    start=tuple(a["p0"]),
                    end=tuple(a["end"]),
                )
            )
        # labels
        for n, it in enumerate(self.items):
            segs = [self.arrows[k]["seg"]["index"] for k in it["arrows"]]
            if it.get("placed") is None:
                drawn["unlabelled"].append(dict(text=it["text"], segments=segs))
                continue
            pl = it["placed"]
            colour = LOSS_COLOUR if it["dropped"] else DIRECTION_COLOURS[self.arrows[it["arrows"][0]]["seg"]["direction"]]
            ax.text(
                pl["anchor"][0],
                pl["anchor"][1],
                it["text"],
                fontsize=it["size"],
                color=colour,
                rotation=pl["angle"],
                rotation_mode="anchor",
                ha="center",
                va="bottom" if pl["above"] else "top",
                linespacing=1.1,
                zorder=5,
                bbox=dict(boxstyle="square,pad=0.1", facecolor="white", edgecolor="none", alpha=0.8),
                gid="label:{}".format(n),
            )
            drawn["labels"].append(dict(text=it["text"], segments=segs, polygon=pl["polygon"]))
        if any(s["dropped"] for s in self.segments):
            ax.text(self.W - 0.04, self.foot_y, "\u00d7  segment lost", fontsize=fs - 0.5, color=LOSS_COLOUR, ha="right", va="bottom", gid="legend:lost")
        return drawn

    def draw_state_names(self, ax, names, x, ha, band):
        fs = self.fs - 0.5
        h = self.measure("Ag", fs)[1]
        y_floor = None
        for state, y in names:
            top = y
            if y_floor is not None and top > y_floor:
                top = y_floor
            ax.text(x, top, state, fontsize=fs, ha=ha, va="top", color="#222222", gid="statename")
            if y - top > 0.01:
                # shifted down: a thin leader to the moment of entry
                bx = band[0] if ha == "left" else band[1]
                edge = x - 0.015 if ha == "left" else x + 0.015
                ax.add_line(Line2D([bx, edge], [y, top - h / 2], color="#777777", linewidth=0.4))
            y_floor = top - max(h, self.measure(state, fs)[1]) - 0.01

    def draw_ticks(self, ax):
        fs = self.fs - 0.5
        h = self.measure("0", fs)[1]
        x = self.x_ticks
        for (t0, t1, gap), off in zip(self.axis.pieces, self.axis.offsets):
            if not gap:
                ax.add_line(Line2D([x, x], [self.axis.y(t0), self.axis.y(t1)], color="black", linewidth=0.6))
        ticks = []
        for t0, t1, gap in self.axis.pieces:
            if gap or t1 <= t0:
                continue
            step = nice_step(0.3 / self.axis.scale if self.axis.scale > 0 else (t1 - t0))
            first = math.ceil((t0 - self.origin) / step - 1e-9)
            last = math.floor((t1 - self.origin) / step + 1e-9)
            for m in range(int(first), int(last) + 1):
                ticks.append((self.origin + m * step, step))
        last_y = None
        shown = []
        for t, step in sorted(ticks):
            y = self.axis.y(t)
            if last_y is not None and last_y - y < 1.6 * h:
                continue
            value = (t - self.origin) * self.unit_scale
            decimals = max(0, -int(math.floor(math.log10(step * self.unit_scale) + 1e-9)))
            label = "{:.{}f}".format(value, decimals)
            if label.startswith("-") and float(label) == 0:
                label = label[1:]
            label = label.replace("-", "\u2212")
            ax.add_line(Line2D([x - 0.035, x], [y, y], color="black", linewidth=0.6))
            ax.text(x - 0.05, y, label, fontsize=fs, ha="right", va="center", gid="tick")
            shown.append(t)
            last_y = y
        what = "time since A's close ({})" if self.origin_kind == "close" else "time ({})"
        ax.text(
            0.03,
            (self.top + self.bottom) / 2,
            what.format(self.unit),
            fontsize=fs,
            rotation=90,
            ha="left",
            va="center",
            gid="ylabel",
        )
        self.ticks_shown = shown


def nice_step(minimum):
    """Smallest 1, 2, 5 x 10^k not below minimum (seconds)."""
    if minimum <= 0:
        return 1.0
    k = math.floor(math.log10(minimum))
    for m in (1, 2, 5, 10):
        step = m * 10.0**k
        if step >= minimum * (1 - 1e-9):
            return step
    return 10.0 ** (k + 1)


def format_duration(d):
    if d >= 1:
        return "{:.3g} s".format(d)
    if d >= 1e-3:
        return "{:.3g} ms".format(d * 1e3)
    return "{:.3g} \u00b5s".format(d * 1e6)


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
        raise tdplot.DataError("run {}: no segments".format(trace.run_index))
    if not 0 < loss_at <= 1:
        raise tdplot.UsageError("--loss-at must be in (0, 1], not {}".format(loss_at))
    if origin not in ("close", "zero"):
        raise tdplot.UsageError("--origin must be close or zero, not '{}'".format(origin))
    ladder = Ladder(trace, width, seqack, origin, (tmin, tmax, from_close), axis, gap, gap_size, loss_at, title, group)
    W = ladder.W
    max_h = max_height or (7.5 if W < 5 else 9.0)
    if height:
        # fixed: the plot area is what is left of the height
        plot_h = max(height - 0.6, 0.8)
        ladder.layout(plot_h)
        plot_h = max(plot_h - (ladder.H - height), 0.5)
        ladder.layout(plot_h)
    else:
        # a typical flight (one-way delay) gets ~0.45 in (0.35 in at one
        # column) so that arrows slope visibly and nearby ones separate
        flights = [s["time"] - s["sent"] for s in ladder.segments if s["time"] > s["sent"]]
        probe = TimeAxis(ladder.start, ladder.end, ladder.gaps, 0.0, 1.0, gap_size)
        linear = sum(t1 - t0 for t0, t1, g in probe.pieces if not g)
        per_flight = 0.35 if W < 5 else 0.45
        want = per_flight * linear / float(np.median(flights)) if flights and linear > 0 else 2.0
        plot_h = min(max(1.6, want + len(ladder.gaps) * gap_size), max_h - 0.6)
        # grow until every label has room, and a little further (at most
        # 1.5 x) while labels still lie across other arrows; keep the best
        tried = []
        first = plot_h
        while True:
            missing = ladder.layout(plot_h)
            tried.append((missing, ladder.crossings, plot_h))
            if ladder.H >= max_h:
                break
            if missing == 0 and (ladder.crossings == 0 or plot_h >= 1.5 * first):
                break
            plot_h = min(plot_h * 1.15, plot_h + (max_h - ladder.H))
        best = min(tried, key=lambda r: (r[0], r[1], r[2]))
        if best[2] != plot_h:
            ladder.layout(best[2])
    drawn = ladder.draw()
    return ladder.fig, drawn


def parser():
    p = tdplot.base_parser(
        __doc__.split("\n\n")[0],
        None,
        results_help="results folder holding segments.csv (and transitions.csv, runs.csv)",
    )
    p.description = __doc__
    p.set_defaults(width="two", name=None)
    p.add_argument("--run", type=int, metavar="N", help="run_index of the run to draw")
    p.add_argument("--seqack", action="store_true", help="add seq and ack numbers to the labels")
    p.add_argument(
        "--origin",
        default="close",
        choices=["close", "zero"],
        help="tick origin: A's close call or simulation time 0 [%(default)s]",
    )
    p.add_argument("--from-close", action="store_true", help="start the diagram at A's close call")
    p.add_argument("--tmin", type=float, metavar="S", help="window start, seconds on the tick origin")
    p.add_argument("--tmax", type=float, metavar="S", help="window end, seconds on the tick origin")
    p.add_argument(
        "--axis",
        default="broken",
        choices=["broken", "linear"],
        help="broken: compress idle gaps; linear: true time scale throughout [%(default)s]",
    )
    p.add_argument(
        "--gap",
        type=float,
        metavar="S",
        help="compress idle stretches longer than this (seconds) [3 x the longest flight]",
    )
    p.add_argument("--gap-size", type=float, default=0.3, metavar="IN", help="height of a compressed gap [%(default)s]")
    p.add_argument(
        "--loss-at",
        type=float,
        default=0.85,
        metavar="F",
        help="where a dropped segment's arrow ends, as a fraction of the way [%(default)s]",
    )
    p.add_argument("--title", help="title line ('' for none) [variant, MSL, loss, drops, run]")
    p.add_argument("--no-group", action="store_true", help="label every segment, never a burst as one")
    p.add_argument(
        "--max-height", type=float, metavar="IN", help="cap for the automatic height [7.5 one, 9 two]"
    )
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    filters = tdplot.parse_filters(args.filter)
    trace = load_run(args.results, args.run, filters)
    if args.run is not None and filters and trace.run_row is not None:
        runs = tdplot.read_runs(args.results)
        match = tdplot.apply_filters(runs, filters)
        if args.run not in [int(v) for v in match.numbers("run_index")]:
            raise tdplot.DataError("run {} does not match the filters".format(args.run))
    fig, drawn = build_figure(
        trace,
        width=args.width,
        height=args.height,
        seqack=args.seqack,
        origin=args.origin,
        tmin=args.tmin,
        tmax=args.tmax,
        from_close=args.from_close,
        axis=args.axis,
        gap=args.gap,
        gap_size=args.gap_size,
        loss_at=args.loss_at,
        title=args.title,
        group=not args.no_group,
        max_height=args.max_height,
    )
    if drawn["outside"]:
        print("{} segment(s) outside the time window are not drawn".format(drawn["outside"]))
    if drawn["unlabelled"]:
        print(
            "warning: no room for {} label(s) ({}); use a larger --height, --tmin/--tmax or --width two".format(
                len(drawn["unlabelled"]), "; ".join(u["text"].replace("\n", " ") for u in drawn["unlabelled"])
            ),
            file=sys.stderr,
        )
    name = args.name or "ladder_run{}".format(trace.run_index)
    paths = tdplot.save_figure(fig, tdplot.out_dir(args), name, tdplot.formats(args), args.dpi)
    tdplot.report(paths)


if __name__ == "__main__":
    sys.exit(tdplot.run_main(main))
