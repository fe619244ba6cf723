# SPDX-License-Identifier: GPL-2.0-only
"""Independent computations for the tests: what the figures must show,
worked out from the CSV files with the csv module and numpy only (not with
the code under test)."""

import math

import numpy as np

from conftest import read_rows

#: t(0.975, df) from printed tables (e.g. NIST/SEMATECH e-Handbook, 1.3.6.7.2)
T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 7: 2.365, 15: 2.131}


def runs(results, **where):
    """Rows of runs.csv whose columns equal the given values (numbers
    compared as numbers)."""
    out = []
    for row in read_rows(results + "/runs.csv"):
        ok = True
        for column, value in where.items():
            cell = row[column]
            try:
                ok = ok and math.isclose(float(cell), float(value), rel_tol=1e-12)
            except ValueError:
                ok = ok and cell == str(value)
        if ok:
            out.append(row)
    return out


def loss(row):
    assert row["loss_a2b"] == row["loss_b2a"]
    return float(row["loss_a2b"])


def mean_by(rows, key, value):
    """{key value: (n, mean, 95 % half width)} with the t table above."""
    groups = {}
    for row in rows:
        groups.setdefault(key(row), []).append(value(row))
    out = {}
    for k in sorted(groups):
        v = np.array(groups[k], dtype=float)
        n = len(v)
        half = T975[n - 1] * v.std(ddof=1) / math.sqrt(n) if n > 1 else float("nan")
        out[k] = (n, v.mean(), half)
    return out


def ecdf_steps(values, n_total, x_end):
    """Step points of an empirical CDF carried to x_end."""
    v = sorted(x for x in values if not math.isnan(x))
    xs = [v[0]] + v
    ys = [i / n_total for i in range(len(v) + 1)]
    if xs[-1] < x_end:
        xs.append(x_end)
        ys.append(ys[-1])
    return np.array(xs), np.array(ys)


def number(cell):
    return float(cell) if cell != "" else float("nan")
