# SPDX-License-Identifier: GPL-2.0-only
"""Reading one run's trace: its segments (segments.csv), state transitions
(transitions.csv) and, when present, its runs.csv row."""

import os

import numpy as np

from ..csvio import apply_filters, read_result_file, read_runs, results_file
from ..errors import DataError

SEGMENTS_WHAT = "segments.csv (run tcp-teardown with --outputDir and --segments=true)"


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
        raise DataError(
            "{} line {}, column '{}': '{}' is not a number".format(table.path, line, column, cell)
        ) from None


def choose_run(segs, runs, runs_path, run, filters):
    """The run_index to draw: ``run``, else the first run matching the
    filters that has segments, else the first run of segments.csv."""
    run_idx = segs.numbers("run_index")
    if run is None and filters:
        if runs is None:
            raise DataError("{}: needed for --filter".format(runs_path))
        chosen = apply_filters(runs, filters)
        with_segments = set(run_idx.astype(int))
        candidates = [int(v) for v in chosen.numbers("run_index") if int(v) in with_segments]
        if not candidates:
            raise DataError("{}: none of the runs matching the filters has segments".format(segs.path))
        return candidates[0]
    if run is None:
        return int(run_idx[0])
    return run


def read_segments(segs, run):
    """The segments of one run as dicts, in file order."""
    run_idx = segs.numbers("run_index")
    mask = run_idx == run
    if not mask.any():
        raise DataError(
            "{}: no segments of run {} (runs present: {})".format(
                segs.path, run, ", ".join(str(int(v)) for v in np.unique(run_idx)[:20])
            )
        )
    part = segs.select(mask)
    sent, time = part.numbers("sent_s"), part.numbers("time_s")
    directions, dropped = part.strings("direction"), part.strings("dropped")
    flags, causes = part.strings("flags"), part.strings("cause")
    seqs, acks, lens = (part.strings(c) for c in ("seq", "ack", "length_bytes"))
    segments = []
    for k in range(len(part)):
        line = part.lines[k]
        if time[k] < sent[k]:
            raise DataError("{} line {}: time_s {} is before sent_s {}".format(segs.path, line, time[k], sent[k]))
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
    return segments


def read_transitions(results, run):
    """The state transitions of one run ([] without transitions.csv)."""
    tr_path = results_file(results, "transitions.csv")
    if not os.path.exists(tr_path):
        return []
    tr = read_result_file(results, "transitions.csv")
    sel = tr.numbers("run_index") == run
    if not sel.any():
        return []
    trp = tr.select(sel)
    return [
        dict(time=float(t), endpoint=e, frm=f, to=to)
        for t, e, f, to in zip(trp.numbers("time_s"), trp.strings("endpoint"), trp.strings("from"), trp.strings("to"))
    ]


def run_row(runs, run):
    """The runs.csv row of a run as a dict, or None."""
    if runs is None:
        return None
    hit = np.nonzero(runs.numbers("run_index") == run)[0]
    return dict(zip(runs.header, runs.rows[int(hit[0])])) if hit.size else None


def load_run(results, run=None, filters=None):
    """Read the files of a results folder and pick one run."""
    segs = read_result_file(results, "segments.csv", SEGMENTS_WHAT)
    runs_path = results_file(results, "runs.csv")
    runs = read_runs(results) if os.path.exists(runs_path) else None
    run = choose_run(segs, runs, runs_path, run, filters)
    segments = read_segments(segs, run)
    return RunTrace(run, segments, read_transitions(results, run), run_row(runs, run), results)
