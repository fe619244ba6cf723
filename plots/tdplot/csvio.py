# SPDX-License-Identifier: GPL-2.0-only
"""Reading the result CSV files into checked Tables, and --filter.

Every file has a single header row. What a cell may hold (a number, one of
some choices, empty or not) comes from the schema (see schema.py)."""

import csv
import math
import os

import numpy as np

from . import schema as schema_mod
from .errors import DataError, UsageError


class Table:
    """The rows of one CSV file, kept as strings, with typed column access.

    ``rows`` is a list of lists of strings, ``lines`` the line number of
    each row in the file (for error messages), ``schema`` the Schema and
    ``file`` the schema's name of the file (runs.csv, segments.csv, ...)."""

    def __init__(self, path, header, rows, lines, schema=None, file=None):
        self.path = path
        self.header = list(header)
        self.rows = rows
        self.lines = lines
        self.schema = schema
        self.file = file or os.path.basename(path)
        self._index = {name: i for i, name in enumerate(self.header)}

    @property
    def name(self):
        return os.path.basename(self.path)

    def __len__(self):
        return len(self.rows)

    def has(self, column):
        return column in self._index

    def spec(self, column):
        """The schema's Column for a column of this file, or None."""
        return self.schema.column(self.file, column) if self.schema is not None else None

    def require(self, columns):
        missing = [c for c in columns if c not in self._index]
        if missing:
            raise DataError(
                "{}: missing column{} {} (the header has: {})".format(
                    self.path,
                    "s" if len(missing) > 1 else "",
                    ", ".join("'{}'".format(c) for c in missing),
                    ", ".join(self.header),
                )
            )

    def strings(self, column):
        """The column's cells; for a choice column each must be one of the
        schema's choices (an empty cell too, unless it is optional)."""
        self.require([column])
        i = self._index[column]
        values = [row[i] for row in self.rows]
        spec = self.spec(column)
        if spec is not None and spec.choices:
            allowed = set(spec.choices)
            for value, line in zip(values, self.lines):
                if value not in allowed and not (value == "" and spec.optional):
                    raise DataError(
                        "{} line {}, column '{}': '{}' is not one of {}".format(
                            self.path, line, column, value, ", ".join(sorted(allowed))
                        )
                    )
        return values

    def numbers(self, column, allow_empty=None):
        """The column as a float array; empty cells become NaN where allowed
        (by default for the columns the schema marks optional: empty when
        an event never happened)."""
        self.require([column])
        if allow_empty is None:
            spec = self.spec(column)
            allow_empty = spec is not None and spec.optional
        i = self._index[column]
        out = np.empty(len(self.rows))
        for k, (row, line) in enumerate(zip(self.rows, self.lines)):
            out[k] = self._number(row[i].strip(), line, column, allow_empty)
        return out

    def _number(self, cell, line, column, allow_empty):
        where = "{} line {}, column '{}'".format(self.path, line, column)
        if cell == "":
            if allow_empty:
                return np.nan
            raise DataError("{}: empty, a number is needed".format(where))
        try:
            value = float(cell)
        except ValueError:
            raise DataError("{}: '{}' is not a number".format(where, cell)) from None
        if not allow_empty and not math.isfinite(value):
            raise DataError("{}: '{}' is not a finite number".format(where, cell))
        return value

    def select(self, mask):
        """A new Table with the rows where mask is true."""
        keep = [k for k, m in enumerate(mask) if m]
        return Table(
            self.path,
            self.header,
            [self.rows[k] for k in keep],
            [self.lines[k] for k in keep],
            self.schema,
            self.file,
        )

    def is_numeric(self, column):
        """True when every cell of the column parses as a number (or is
        empty)."""
        i = self._index[column]
        for row in self.rows:
            cell = row[i].strip()
            if cell == "":
                continue
            try:
                float(cell)
            except ValueError:
                return False
        return True

    def distinct(self, column):
        """The distinct values of a column, sorted (numerically when the
        column is numeric)."""
        values = set(self.strings(column))
        if self.is_numeric(column):
            return sorted(values, key=lambda v: float(v) if v.strip() else math.inf)
        return sorted(values)


def _read_rows(path):
    """(header, rows, line numbers) of a CSV file; DataError on bad shape."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        try:
            header = next(reader)
        except StopIteration:
            raise DataError("{}: empty file (no header row)".format(path)) from None
        header = [h.strip() for h in header]
        if len(set(header)) != len(header):
            dup = sorted({h for h in header if header.count(h) > 1})
            raise DataError("{}: duplicate column(s) in the header: {}".format(path, ", ".join(dup)))
        rows, lines = [], []
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != len(header):
                raise DataError(
                    "{} line {}: {} fields, the header has {}".format(path, reader.line_num, len(row), len(header))
                )
            rows.append(row)
            lines.append(reader.line_num)
    return header, rows, lines


def read_csv(path, required=(), what=None, schema=None, file=None):
    """Read one result file and check its shape.

    Fails with DataError naming the file when it is missing, empty, has no
    data rows, lacks a required column or has a row with the wrong number of
    fields. ``schema`` defaults to the schema of the file's folder;
    ``file`` is the schema's name of the file (default: its base name)."""
    what = what or "result file"
    if not os.path.exists(path):
        raise DataError("{}: no such file ({} missing)".format(path, what))
    if os.path.isdir(path):
        raise DataError("{}: is a folder, a CSV file is needed".format(path))
    try:
        header, rows, lines = _read_rows(path)
    except UnicodeDecodeError as e:
        raise DataError("{}: not a text CSV file ({})".format(path, e)) from None
    except csv.Error as e:
        raise DataError("{}: malformed CSV ({})".format(path, e)) from None
    if schema is None:
        schema = schema_mod.for_results(path)
    table = Table(path, header, rows, lines, schema, file)
    table.require(required)
    if not rows:
        raise DataError("{}: no data rows (only a header)".format(path))
    return table


def read_result_file(results, name, what=None):
    """One result file of a results folder, checked for every column the
    schema declares for it."""
    path = results_file(results, name)
    if not os.path.exists(path):
        raise DataError("{}: no such file ({} missing)".format(path, what or name))
    schema = schema_mod.for_results(path)
    return read_csv(path, schema.names(name), what or name, schema, name)


def results_file(results, name):
    """Path of a result file inside a results folder (or the file itself)."""
    if os.path.isfile(results) and os.path.basename(results) == name:
        return results
    if not os.path.isdir(results):
        raise DataError("{}: no such results folder".format(results))
    return os.path.join(results, name)


def read_runs(results, required=()):
    """runs.csv of a results folder, checked for the columns every figure
    uses (run_index, variant) and for ``required``."""
    path = results_file(results, "runs.csv")
    return read_csv(path, ["run_index", "variant"] + list(required), "runs.csv", file="runs.csv")


# ---------------------------------------------------------------------------
# Filters


def parse_filters(specs):
    """['variant=four-way', 'msl_s=1'] -> [('variant', 'four-way'), ...]."""
    out = []
    for spec in specs or []:
        if "=" not in spec:
            raise UsageError("--filter '{}': expected COLUMN=VALUE".format(spec))
        column, value = spec.split("=", 1)
        column = column.strip()
        if not column:
            raise UsageError("--filter '{}': empty column name".format(spec))
        out.append((column, value.strip()))
    return out


def same_value(cell, value):
    """Equal as strings, or as numbers (1 matches 1.0)."""
    if cell == value:
        return True
    try:
        return math.isclose(float(cell), float(value), rel_tol=1e-9, abs_tol=1e-15)
    except ValueError:
        return False


def apply_filters(table, filters):
    """Keep the rows matching every filter. Several values for one column
    are alternatives (variant=a and variant=b keeps both); different
    columns must all match. Numbers compare by value (1 matches 1.0)."""
    if not filters:
        return table
    by_column = {}
    for column, value in filters:
        if not table.has(column):
            raise UsageError(
                "--filter {}={}: {} has no column '{}' (columns: {})".format(
                    column, value, table.path, column, ", ".join(table.header)
                )
            )
        by_column.setdefault(column, []).append(value)
    mask = np.ones(len(table), dtype=bool)
    for column, values in by_column.items():
        cells = table.strings(column)
        mask &= np.array([any(same_value(c, v) for v in values) for c in cells], dtype=bool)
    if not mask.any():
        raise DataError(
            "{}: no run matches the filters {}".format(
                table.path, " ".join("{}={}".format(c, v) for c, v in filters)
            )
        )
    return table.select(mask)
