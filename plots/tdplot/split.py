# SPDX-License-Identifier: GPL-2.0-only
"""One figure per combination of the settings a figure does not draw.

A figure averaging over, say, two MSLs would silently mix them; so the
runs are split by every runs.csv column whose schema role is a parameter
or effective configuration ("config") and that takes several values for
one point of the figure."""

import re

from .derived import LOSS, LOSS_COLUMNS


def varying_settings(table, used):
    """Setting columns (other than ``used``) that take several values among
    runs that agree on the drawn columns and on the settings chosen before
    them (schema order). A setting that follows from those (fin_response
    from the variant, say) therefore splits nothing."""
    key_columns = [c for c in used if table.has(c)]
    if LOSS in used:
        key_columns += [c for c in LOSS_COLUMNS if table.has(c)]
    out = []
    for column in table.schema.settings():
        if column in key_columns or not table.has(column):
            continue
        if _varies_within(table, key_columns, column):
            out.append(column)
            key_columns.append(column)
    return out


def _varies_within(table, key_columns, column):
    """True when two runs with the same key_columns differ in column."""
    keys = zip(*[table.strings(c) for c in key_columns]) if key_columns else ([()] * len(table))
    seen = {}
    for key, value in zip(keys, table.strings(column)):
        if seen.setdefault(key, value) != value:
            return True
    return False


def split_runs(table, used):
    """Split the runs by the settings that vary but are not drawn.

    Returns [(suffix, description, subtable)]; a single entry with an empty
    suffix when nothing else varies."""
    others = varying_settings(table, used)
    if not others:
        return [("", "", table)]
    a2b, b2a = LOSS_COLUMNS
    columns = [table.strings(c) for c in others]
    if a2b in others and table.has(b2a) and table.strings(a2b) == table.strings(b2a):
        # the usual --loss: one value for both directions
        others[others.index(a2b)] = LOSS
    keys = list(zip(*columns))
    combos = sorted(set(keys), key=lambda k: tuple(sort_key(v) for v in k))
    out = []
    for combo in combos:
        mask = [k == combo for k in keys]
        parts = ["{}={}".format(c, v) for c, v in zip(others, combo)]
        suffix = "__" + "_".join(safe_name("{}-{}".format(c, v)) for c, v in zip(others, combo))
        out.append((suffix, ", ".join(parts), table.select(mask)))
    return out


def sort_key(value):
    """Numbers first, by value; then text."""
    try:
        return (0, float(value), "")
    except ValueError:
        return (1, 0.0, value)


def safe_name(text):
    """A file-name-safe version of text."""
    return re.sub(r"[^A-Za-z0-9._=+-]+", "-", text).strip("-")
