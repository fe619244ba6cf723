# SPDX-License-Identifier: GPL-2.0-only
"""Per-run values that figures compute from runs.csv columns: the loss
rate of both directions, an x axis, the connection's outcome."""

import numpy as np

from .errors import DataError, UsageError

#: the pseudo-column of the usual --loss: one rate for both directions
LOSS = "loss"
LOSS_COLUMNS = ("loss_a2b", "loss_b2a")
ORDERLY = "orderly"
#: a completed close (orderly) in which a RST ended an end's TIME_WAIT early
TIME_WAIT_CUT = "orderly, TIME_WAIT cut"


def loss_rate(table):
    """The loss rate of each run when it is the same in both directions
    (the usual --loss); fails naming the first run where they differ."""
    a2b = table.numbers(LOSS_COLUMNS[0])
    b2a = table.numbers(LOSS_COLUMNS[1])
    differ = ~np.isclose(a2b, b2a, rtol=1e-9, atol=0)
    if differ.any():
        k = int(np.argmax(differ))
        raise DataError(
            "{} line {}: loss_a2b={} and loss_b2a={} differ; choose the axis "
            "with --x loss_a2b or --x loss_b2a".format(table.path, table.lines[k], a2b[k], b2a[k])
        )
    return a2b


def x_values(table, x):
    """Values of an x-axis column; 'loss' is the per-direction loss rate."""
    if x == LOSS:
        return loss_rate(table)
    if not table.has(x):
        raise UsageError("--x {}: {} has no such column".format(x, table.path))
    return table.numbers(x)


def outcome_precedence(table):
    """The outcomes in the order a connection takes them: every outcome
    other than orderly in the schema's order, then orderly."""
    outcomes = table.schema.outcomes()
    return [o for o in outcomes if o != ORDERLY] + [o for o in outcomes if o == ORDERLY]


def connection_outcome(table, endpoint="both"):
    """Outcome per run for endpoint 'a', 'b' or 'both'. For both, the run is
    orderly only when both ends are; otherwise the first of aborted, reset,
    timeout, open, stranded (the schema's order) that either end reports."""
    if endpoint in ("a", "b"):
        return table.strings("{}_outcome".format(endpoint))
    if endpoint != "both":
        raise UsageError("--endpoint must be a, b or both, not '{}'".format(endpoint))
    a = table.strings("a_outcome")
    b = table.strings("b_outcome")
    order = outcome_precedence(table)
    return [next(o for o in order if o in (oa, ob)) for oa, ob in zip(a, b)]


def cut_columns(table, endpoint="both"):
    """The *_time_wait_cut columns that endpoint 'a', 'b' or 'both' reads
    (those runs.csv has; older files have none)."""
    ends = ("a", "b") if endpoint == "both" else (endpoint,)
    return [c for c in ("{}_time_wait_cut".format(e) for e in ends) if table.has(c)]


def outcome_categories(table, endpoint="both"):
    """The categories of close_outcome: the schema's outcomes, with
    TIME_WAIT_CUT after orderly when runs.csv says whether TIME_WAIT was cut."""
    outcomes = list(table.schema.outcomes())
    if cut_columns(table, endpoint) and ORDERLY in outcomes:
        outcomes.insert(outcomes.index(ORDERLY) + 1, TIME_WAIT_CUT)
    return outcomes


def close_outcome(table, endpoint="both"):
    """connection_outcome, with an orderly run whose TIME_WAIT a RST cut
    short (a *_time_wait_cut of 'yes' at the end(s) read) told apart as
    TIME_WAIT_CUT: the close completed (every byte delivered, both FINs
    acknowledged) but TIME_WAIT did not run its course, which is not a
    failed close (a reset) and not an undisturbed one either."""
    outcome = list(connection_outcome(table, endpoint))
    cut = [table.strings(c) for c in cut_columns(table, endpoint)]
    for k, o in enumerate(outcome):
        if o == ORDERLY and any(column[k] == "yes" for column in cut):
            outcome[k] = TIME_WAIT_CUT
    return outcome
