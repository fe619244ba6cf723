# SPDX-License-Identifier: GPL-2.0-only
"""The ladder's time axis: linear, with idle gaps compressed to a fixed
height; tick steps and duration texts."""

import math


class TimeAxis:
    """Maps simulation time to a vertical position in inches (measured
    upward from the bottom of the figure). Idle gaps are drawn with a fixed
    height; the rest is linear."""

    def __init__(self, start, end, gaps, top, height, gap_in):
        self.start, self.end = start, end
        self.gaps = gaps
        self.top = top
        self.gap_in = gap_in if gaps else 0.0
        self.pieces = _pieces(start, end, gaps)
        linear = sum(p[1] - p[0] for p in self.pieces if not p[2])
        room = height - len(gaps) * self.gap_in
        self.scale = room / linear if linear > 0 else 0.0  # inches per second
        offsets, y = [], 0.0
        for t0, t1, gap in self.pieces:
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

    def linear_time(self):
        """Seconds drawn to scale (outside the gaps)."""
        return sum(t1 - t0 for t0, t1, gap in self.pieces if not gap)


def _pieces(start, end, gaps):
    """[(t0, t1, is_gap)] covering [start, end]."""
    pieces = []
    t = start
    for g0, g1 in gaps:
        if g0 > t:
            pieces.append((t, g0, False))
        pieces.append((g0, g1, True))
        t = g1
    if end > t or not pieces:
        pieces.append((t, end, False))
    return pieces


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
