# SPDX-License-Identifier: GPL-2.0-only
"""Axis labels and number formats."""

import math
import re

#: Labels of the columns figures usually draw (old and new names alike).
AXIS_LABELS = {
    "loss": "loss rate (each direction)",
    "loss_a2b": "loss rate A\u2192B",
    "loss_b2a": "loss rate B\u2192A",
    "msl_s": "MSL (s)",
    "delay_s": "one-way delay (s)",
    "pending_bytes": "pending bytes at A's FIN",
    "pending_at_close_bytes": "pending bytes at A's FIN",
    "response_bytes": "response (bytes)",
    "close_delay_s": "A's close delay (s)",
    "server_delay_s": "B's processing delay (s)",
    "request_bytes": "request (bytes)",
    "queue_pkts": "queue (packets)",
    "queue_packets": "queue (packets)",
    "close_time_s": "close completion time (s)",
    "a_hold_time_s": "A's socket hold time (s)",
    "b_hold_time_s": "B's socket hold time (s)",
    "delivered_bytes": "delivered bytes",
    "discarded_bytes": "discarded bytes",
    "lost_bytes": "lost bytes",
}


def axis_label(column, schema=None):
    """A readable label for a runs.csv column; with a schema, dwell-time
    columns read 'A: TIME_WAIT dwell (s)'."""
    if column in AXIS_LABELS:
        return AXIS_LABELS[column]
    m = re.match(r"^([ab])_([a-z_0-9]+?)_s$", column)
    if m and schema is not None and m.group(2) in schema.state_stems():
        return "{}: {} dwell (s)".format(m.group(1).upper(), m.group(2).upper())
    if column.endswith("_s"):
        return column[:-2].replace("_", " ") + " (s)"
    if column.endswith("_bytes"):
        return column[:-6].replace("_", " ") + " (bytes)"
    return column.replace("_", " ")


def format_number(v):
    """Short label for a parameter value: 0.05, 1, 2.5, 1e-05."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "n/a"
    v = float(v)
    if v == int(v) and abs(v) < 1e6:
        return str(int(v))
    return "{:g}".format(v)


def time_unit(largest):
    """(unit, factor from seconds) that shows durations up to ``largest``
    seconds with readable numbers: s, ms, \u00b5s or ns."""
    if largest >= 1.0 or largest == 0:
        return "s", 1.0
    if largest >= 1e-3:
        return "ms", 1e3
    if largest >= 1e-6:
        return "\u00b5s", 1e6
    return "ns", 1e9
