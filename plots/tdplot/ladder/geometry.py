# SPDX-License-Identifier: GPL-2.0-only
"""Plane geometry in inches (y up) for placing the ladder's labels."""

import math

import numpy as np


def label_polygon(anchor, angle, w, h, above):
    """The corners of a w x h label box rotated by angle degrees about its
    anchor (the middle of its lower edge when above, else of its upper)."""
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


def box(x0, y0, x1, y1):
    """An axis-aligned rectangle as a polygon."""
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
