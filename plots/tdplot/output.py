# SPDX-License-Identifier: GPL-2.0-only
"""Writing figures: PDF, PNG (and SVG), each file complete or not at all."""

import os

#: Output formats (no eps: PostScript has no transparency, the state bands
#: of the ladder would be opaque).
FORMATS = ("pdf", "png", "svg")


def _write(fig, path, fmt, dpi):
    """Write one file through a temporary name in the same folder, so that
    a failure never leaves a half-written figure behind."""
    tmp = "{}.tmp{}".format(path, os.getpid())
    metadata = {"CreationDate": None} if fmt == "pdf" else None
    try:
        fig.savefig(tmp, format=fmt, dpi=dpi, metadata=metadata)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def save_figure(fig, outdir, name, formats=("pdf", "png"), dpi=200):
    """Write name.pdf and name.png into outdir; returns the paths."""
    os.makedirs(outdir, exist_ok=True)
    if fig.get_layout_engine() is not None:
        # lay out once (sizes are in points, the same for every format),
        # then keep the positions: saving several formats stays fast
        fig.draw_without_rendering()
        fig.set_layout_engine("none")
    paths = []
    for fmt in formats:
        path = os.path.join(outdir, "{}.{}".format(name, fmt))
        _write(fig, path, fmt, dpi)
        paths.append(path)
    return paths


def report(paths):
    for p in paths:
        print("wrote {}".format(p))
