# SPDX-License-Identifier: GPL-2.0-only
"""Placing the labels: each is tried at several places along (above or
below) its arrow, rotated with it; a place is taken only if its box
overlaps no other label, loss mark or gap label, and the place crossing the
fewest other arrows wins."""

import math

import numpy as np

from .geometry import box, label_polygon, polygons_overlap, segment_hits_polygon

#: where along an arrow a label is tried, in order of preference
FRACTIONS = [0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78, 0.14, 0.86]
PAD = 0.012  # inches around a label's text
GAP_TO_ARROW = 0.015  # inches between an arrow and its label
SMALLEST_FONT = 6.5


def obstacles(lad):
    """Boxes no label may cover: the loss crosses and the gap labels."""
    obs = []
    for a in lad.arrows:
        if a["seg"]["dropped"]:
            r = 0.045
            e = a["end"]
            obs.append(box(e[0] - r, e[1] - r, e[0] + r, e[1] + r))
    for g0, g1 in lad.gaps:
        y = (lad.axis.y(g0) + lad.axis.y(g1)) / 2
        w, h = lad.measure(lad.gap_text(g0, g1), lad.fs - 0.5, style="italic")
        xm = (lad.xA + lad.xB) / 2
        obs.append(box(xm - w / 2 - 0.03, y - h / 2 - 0.02, xm + w / 2 + 0.03, y + h / 2 + 0.02))
    return obs


def place_labels(lad):
    """Place every label item of a Ladder (sets item['placed'], item['text'],
    item['size']); returns the number that found no room and counts in
    lad.crossings the label boxes lying across other arrows."""
    placed = []
    room = dict(placed=placed, obstacles=obstacles(lad), lines=[(a["p0"], a["end"]) for a in lad.arrows])
    unplaced = 0
    lad.crossings = 0
    for it in lad.items:
        best = _best_text(lad, it, room)
        if best is None:
            it["placed"] = None
            unplaced += 1
            continue
        score, k, anchor, angle, above, poly, size = best
        it["placed"] = dict(anchor=anchor, angle=angle, above=above, polygon=poly, arrow=k, size=size)
        lad.crossings += int(score // 100)
        placed.append(poly)
    return unplaced


def _best_text(lad, it, room):
    """The one-line text unless the compact one crosses fewer arrows; a
    point smaller only when neither finds room."""
    best = None
    for n, text in enumerate(it["texts"]):
        found = best_position(lad, it, text, lad.fs, room)
        if found is not None and (best is None or found[0] + 50 * n < best[0]):
            best = found
            it["text"], it["size"] = text, lad.fs
    if best is None and lad.fs > SMALLEST_FONT:
        small = lad.fs - 1.0
        best = best_position(lad, it, it["texts"][-1], small, room)
        if best is not None:
            it["text"], it["size"] = it["texts"][-1], small
    return best


def candidate_spots(it):
    """(arrow index, fraction along it, above) places to try, in order."""
    first, last = it["arrows"][0], it["arrows"][-1]
    candidates = []
    if not it["bundle"]:
        for f in FRACTIONS:
            for above in (True, False):
                candidates.append((first, f, above))
        return candidates
    for f in FRACTIONS:
        candidates.append((first, f, True))
        candidates.append((last, f, False))
    # last resort: on the bundle itself (crossing its own arrows)
    for k in it["arrows"][1:-1]:
        for f in FRACTIONS:
            candidates.append((k, f, True))
    return candidates


def spot(arrow, f, above, w, h):
    """(anchor, angle, polygon) of a w x h label at fraction f of an arrow,
    rotated with it and kept upright."""
    p0, p1 = arrow["p0"], arrow["end"]
    d = p1 - p0
    angle = math.degrees(math.atan2(d[1], d[0]))
    if angle > 90:
        angle -= 180
    elif angle < -90:
        angle += 180
    rad = math.radians(angle)
    n = np.array([-math.sin(rad), math.cos(rad)])
    anchor = p0 + f * d + (GAP_TO_ARROW if above else -GAP_TO_ARROW) * n
    return anchor, angle, label_polygon(anchor, angle, w, h, above)


def _fits(lad, poly, room):
    """Inside the drawing area between the axes, clear of placed labels
    and obstacles."""
    if poly[:, 0].min() < lad.xA + 0.03 or poly[:, 0].max() > lad.xB - 0.03:
        return False
    if poly[:, 1].max() > lad.top + 0.02 or poly[:, 1].min() < lad.bottom - 0.02:
        return False
    return not any(polygons_overlap(poly, q) for q in room["placed"]) and not any(
        polygons_overlap(poly, q) for q in room["obstacles"]
    )


def best_position(lad, it, text, size, room):
    """The least crossing free spot for one label text, or None:
    (score, arrow, anchor, angle, above, polygon, (w, h))."""
    w, h = lad.measure(text, size)
    w, h = w + 2 * PAD, h + 2 * PAD
    own = set(it["arrows"])
    best = None
    for order, (k, f, above) in enumerate(candidate_spots(it)):
        anchor, angle, poly = spot(lad.arrows[k], f, above, w, h)
        if not _fits(lad, poly, room):
            continue
        # lying across another arrow costs 100, across an arrow of the
        # same burst 20 (the label then visibly belongs to the bundle)
        crossings = sum(
            (20 if j in own else 100)
            for j, (q0, q1) in enumerate(room["lines"])
            if j != k and segment_hits_polygon(q0, q1, poly)
        )
        score = crossings + order
        if best is None or score < best[0]:
            best = (score, k, anchor, angle, above, poly, (w, h))
        if crossings == 0:
            break
    return best
