# SPDX-License-Identifier: GPL-2.0-only
"""Shared pieces of the tcp-teardown figure scripts.

Reading and checking the CSV files the C++ programs write (runs.csv,
transitions.csv, segments.csv), --filter, means with 95 % Student-t
confidence intervals, the house style (Okabe-Ito colours, one- and
two-column sizes) and saving PDF + PNG.

Only the Python standard library, numpy and matplotlib (Debian's
python3-numpy and python3-matplotlib) are used; the Agg backend is selected
here, so no display is needed.
"""

import argparse
import csv
import math
import os
import re
import sys

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

# ---------------------------------------------------------------------------
# Errors


class DataError(Exception):
    """A result file is missing, malformed or does not hold what a figure
    needs. The message names the file (and the line and column)."""


class UsageError(Exception):
    """A command-line value that cannot be used (unknown column, ...)."""


# ---------------------------------------------------------------------------
# The data contract (see doc/figures.md and /work/shared/spec/experiment.md)

#: Parameter columns of runs.csv: a run is one point of the parameter grid
#: plus a seed and a run number.
RUN_PARAMETERS = [
    "variant",
    "msl_s",
    "loss_a2b",
    "loss_b2a",
    "loss_scope",
    "drop_rules",
    "rate",
    "delay_s",
    "queue_pkts",
    "request_bytes",
    "close_delay_s",
    "server_delay_s",
    "pending_bytes",
]
#: Columns that tell replications apart.
RUN_REPLICATION = ["run_index", "rng_seed", "rng_run"]

SIDES = ("a", "b")
STATE_COLUMNS = [
    "established",
    "fin_wait_1",
    "fin_wait_2",
    "closing",
    "time_wait",
    "close_wait",
    "last_ack",
]
OUTCOMES = ["orderly", "reset", "timeout", "open"]

#: Columns of runs.csv that may be empty (the event never happened).
RUNS_OPTIONAL_NUMBERS = {"close_time_s", "a_hold_time_s", "b_hold_time_s"}

TRANSITIONS_COLUMNS = ["run_index", "time_s", "endpoint", "from", "to"]
SEGMENTS_COLUMNS = [
    "run_index",
    "sent_s",
    "time_s",
    "direction",
    "flags",
    "seq",
    "ack",
    "length_bytes",
    "dropped",
    "cause",
]

#: Allowed values of enumerated columns, for every file.
ENUMS = {
    "a_outcome": set(OUTCOMES),
    "b_outcome": set(OUTCOMES),
    "endpoint": {"A", "B"},
    "direction": {"a2b", "b2a"},
    "dropped": {"0", "1"},
}

# ---------------------------------------------------------------------------
# Tables


class Table:
    """The rows of one CSV file, kept as strings, with typed column access.

    ``rows`` is a list of lists of strings, ``lines`` the line number of
    each row in the file (for error messages)."""

    def __init__(self, path, header, rows, lines):
        self.path = path
        self.header = list(header)
        self.rows = rows
        self.lines = lines
        self._index = {name: i for i, name in enumerate(self.header)}

    @property
    def name(self):
        return os.path.basename(self.path)

    def __len__(self):
        return len(self.rows)

    def has(self, column):
        return column in self._index

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
        self.require([column])
        i = self._index[column]
        values = [row[i] for row in self.rows]
        allowed = ENUMS.get(column)
        if allowed is not None:
            for value, line in zip(values, self.lines):
                if value not in allowed:
                    raise DataError(
                        "{} line {}, column '{}': '{}' is not one of {}".format(
                            self.path, line, column, value, ", ".join(sorted(allowed))
                        )
                    )
        return values

    def numbers(self, column, allow_empty=None):
        """The column as a float array; empty cells become NaN where allowed
        (by default for the columns that are empty when an event never
        happened)."""
        self.require([column])
        if allow_empty is None:
            allow_empty = column in RUNS_OPTIONAL_NUMBERS
        i = self._index[column]
        out = np.empty(len(self.rows))
        for k, (row, line) in enumerate(zip(self.rows, self.lines)):
            cell = row[i].strip()
            if cell == "":
                if allow_empty:
                    out[k] = np.nan
                    continue
                raise DataError(
                    "{} line {}, column '{}': empty, a number is needed".format(
                        self.path, line, column
                    )
                )
            try:
                out[k] = float(cell)
            except ValueError:
                raise DataError(
                    "{} line {}, column '{}': '{}' is not a number".format(
                        self.path, line, column, cell
                    )
                ) from None
            if not allow_empty and not math.isfinite(out[k]):
                raise DataError(
                    "{} line {}, column '{}': '{}' is not a finite number".format(
                        self.path, line, column, cell
                    )
                )
        return out

    def select(self, mask):
        """A new Table with the rows where mask is true."""
        keep = [k for k, m in enumerate(mask) if m]
        return Table(
            self.path, self.header, [self.rows[k] for k in keep], [self.lines[k] for k in keep]
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


def read_csv(path, required=(), what=None):
    """Read one CSV file with a single header row and check its shape.

    Fails with DataError naming the file when it is missing, empty, has no
    data rows, lacks a required column or has a row with the wrong number of
    fields."""
    what = what or "result file"
    if not os.path.exists(path):
        raise DataError("{}: no such file ({} missing)".format(path, what))
    if os.path.isdir(path):
        raise DataError("{}: is a folder, a CSV file is needed".format(path))
    try:
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
                        "{} line {}: {} fields, the header has {}".format(
                            path, reader.line_num, len(row), len(header)
                        )
                    )
                rows.append(row)
                lines.append(reader.line_num)
    except UnicodeDecodeError as e:
        raise DataError("{}: not a text CSV file ({})".format(path, e)) from None
    except csv.Error as e:
        raise DataError("{}: malformed CSV ({})".format(path, e)) from None
    table = Table(path, header, rows, lines)
    table.require(required)
    if not rows:
        raise DataError("{}: no data rows (only a header)".format(path))
    return table


def results_file(results, name):
    """Path of a result file inside a results folder (or the file itself)."""
    if os.path.isfile(results) and os.path.basename(results) == name:
        return results
    if not os.path.isdir(results):
        raise DataError("{}: no such results folder".format(results))
    return os.path.join(results, name)


def read_runs(results, required=()):
    """runs.csv of a results folder, checked for the parameter columns and
    for ``required``."""
    path = results_file(results, "runs.csv")
    return read_csv(path, ["run_index", "variant"] + list(required), "runs.csv")


# ---------------------------------------------------------------------------
# Filters and derived columns


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


def _same(cell, value):
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
        mask &= np.array([any(_same(c, v) for v in values) for c in cells], dtype=bool)
    if not mask.any():
        raise DataError(
            "{}: no run matches the filters {}".format(
                table.path, " ".join("{}={}".format(c, v) for c, v in filters)
            )
        )
    return table.select(mask)


def loss_rate(table):
    """The loss rate of each run when it is the same in both directions
    (the usual --loss); fails naming the first run where they differ."""
    a2b = table.numbers("loss_a2b")
    b2a = table.numbers("loss_b2a")
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
    if x == "loss":
        return loss_rate(table)
    if not table.has(x):
        raise UsageError("--x {}: {} has no such column".format(x, table.path))
    return table.numbers(x)


def connection_outcome(table, endpoint="both"):
    """Outcome per run for endpoint 'a', 'b' or 'both'. For both, the run is
    orderly only when both ends are; otherwise the first of reset, timeout,
    open that either end reports."""
    if endpoint in ("a", "b"):
        return table.strings("{}_outcome".format(endpoint))
    if endpoint != "both":
        raise UsageError("--endpoint must be a, b or both, not '{}'".format(endpoint))
    a = table.strings("a_outcome")
    b = table.strings("b_outcome")
    out = []
    for oa, ob in zip(a, b):
        for o in ("reset", "timeout", "open", "orderly"):
            if o in (oa, ob):
                out.append(o)
                break
    return out


def varying_parameters(table, used):
    """Parameter columns (other than ``used``) that take several values."""
    out = []
    for column in RUN_PARAMETERS:
        if column in used or not table.has(column):
            continue
        if column in ("loss_a2b", "loss_b2a") and "loss" in used:
            continue
        if len(set(table.strings(column))) > 1:
            out.append(column)
    return out


def split_runs(table, used):
    """Split the runs by the parameters that vary but are not drawn.

    Returns [(suffix, description, subtable)]; a single entry with an empty
    suffix when nothing else varies. A figure averaging over, say, two MSLs
    would silently mix them, so each combination gets its own figure."""
    others = varying_parameters(table, used)
    if not others:
        return [("", "", table)]
    if "loss_a2b" in others and "loss_b2a" in others and table.strings("loss_a2b") == table.strings("loss_b2a"):
        # the usual --loss: one value for both directions
        others.remove("loss_b2a")
        columns = [table.strings(c) for c in others]
        others[others.index("loss_a2b")] = "loss"
    else:
        columns = [table.strings(c) for c in others]
    keys = list(zip(*columns))
    combos = sorted(set(keys), key=lambda k: tuple(_sort_key(v) for v in k))
    out = []
    for combo in combos:
        mask = [k == combo for k in keys]
        parts = ["{}={}".format(c, v) for c, v in zip(others, combo)]
        suffix = "__" + "_".join(safe_name("{}-{}".format(c, v)) for c, v in zip(others, combo))
        out.append((suffix, ", ".join(parts), table.select(mask)))
    return out


def _sort_key(value):
    try:
        return (0, float(value), "")
    except ValueError:
        return (1, 0.0, value)


def safe_name(text):
    """A file-name-safe version of text."""
    return re.sub(r"[^A-Za-z0-9._=+-]+", "-", text).strip("-")


# ---------------------------------------------------------------------------
# Statistics

#: Two-sided 95 % quantiles of Student's t distribution, t(0.975, df).
T975 = {
    1: 12.706205,
    2: 4.302653,
    3: 3.182446,
    4: 2.776445,
    5: 2.570582,
    6: 2.446912,
    7: 2.364624,
    8: 2.306004,
    9: 2.262157,
    10: 2.228139,
    11: 2.200985,
    12: 2.178813,
    13: 2.160369,
    14: 2.144787,
    15: 2.131450,
    16: 2.119905,
    17: 2.109816,
    18: 2.100922,
    19: 2.093024,
    20: 2.085963,
    21: 2.079614,
    22: 2.073873,
    23: 2.068658,
    24: 2.063899,
    25: 2.059539,
    26: 2.055529,
    27: 2.051831,
    28: 2.048407,
    29: 2.045230,
    30: 2.042272,
    40: 2.021075,
    50: 2.008559,
    60: 2.000298,
    80: 1.990063,
    100: 1.983972,
    120: 1.979930,
}
Z975 = 1.959964


def t975(df):
    """t(0.975, df): exact table up to 30, interpolated in 1/df above."""
    if df < 1:
        return math.nan
    if df in T975:
        return T975[df]
    if df > 120:
        keys = [120, math.inf]
        vals = [T975[120], Z975]
    else:
        keys = sorted(T975)
        hi = next(k for k in keys if k > df)
        lo = max(k for k in keys if k < df)
        keys, vals = [lo, hi], [T975[lo], T975[hi]]
    inv = [1.0 / k if k != math.inf else 0.0 for k in keys]
    w = (1.0 / df - inv[1]) / (inv[0] - inv[1])
    return vals[1] + w * (vals[0] - vals[1])


def mean_ci(values):
    """(n, mean, half width of the 95 % confidence interval) of the finite
    values; the half width is NaN for fewer than two values."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    n = len(v)
    if n == 0:
        return 0, math.nan, math.nan
    mean = float(np.mean(v))
    if n < 2:
        return n, mean, math.nan
    half = t975(n - 1) * float(np.std(v, ddof=1)) / math.sqrt(n)
    return n, mean, half


def group_indices(keys):
    """{key: index array} for a list of keys, keys in sorted order."""
    groups = {}
    for i, k in enumerate(keys):
        groups.setdefault(k, []).append(i)
    return {k: np.array(groups[k]) for k in sorted(groups, key=_group_sort)}


def _group_sort(k):
    if isinstance(k, tuple):
        return tuple(_group_sort(x) for x in k)
    if isinstance(k, (int, float, np.floating)):
        return (0, float(k), "")
    return _sort_key(str(k))


# ---------------------------------------------------------------------------
# Style

#: Okabe & Ito (2008), "Color Universal Design": distinguishable with every
#: common form of colour blindness.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}

#: One style per close variant: hue pairs the families (four-way blue,
#: three-way orange/vermillion), dashes mark "no TIME_WAIT", markers differ.
VARIANT_STYLES = {
    "four-way": dict(color=OKABE_ITO["blue"], marker="o", linestyle="-"),
    "four-way-no-timewait": dict(color=OKABE_ITO["sky_blue"], marker="s", linestyle="--"),
    "three-way": dict(color=OKABE_ITO["vermillion"], marker="^", linestyle="-"),
    "three-way-no-timewait": dict(color=OKABE_ITO["orange"], marker="v", linestyle="--"),
    "simultaneous": dict(color=OKABE_ITO["bluish_green"], marker="D", linestyle="-."),
    "ns3-stock": dict(color=OKABE_ITO["black"], marker="x", linestyle=":"),
}
VARIANT_ORDER = list(VARIANT_STYLES)
_SPARE_STYLES = [
    dict(color=OKABE_ITO["reddish_purple"], marker="P", linestyle="-"),
    dict(color=OKABE_ITO["grey"], marker="*", linestyle="--"),
    dict(color=OKABE_ITO["yellow"], marker="h", linestyle="-."),
]


def variant_style(variant, others=()):
    """Line style of a variant; unknown variants get spare styles."""
    if variant in VARIANT_STYLES:
        return dict(VARIANT_STYLES[variant])
    unknown = sorted(v for v in others if v not in VARIANT_STYLES)
    k = unknown.index(variant) if variant in unknown else 0
    return dict(_SPARE_STYLES[k % len(_SPARE_STYLES)])


def sort_variants(variants):
    """Variants in the canonical order of the spec, unknown ones last."""
    return sorted(
        set(variants),
        key=lambda v: (VARIANT_ORDER.index(v) if v in VARIANT_ORDER else len(VARIANT_ORDER), v),
    )


#: Outcome colours and hatches (hatches keep them apart in grey print).
OUTCOME_STYLES = {
    "orderly": dict(color=OKABE_ITO["bluish_green"], hatch=""),
    "reset": dict(color=OKABE_ITO["vermillion"], hatch="///"),
    "timeout": dict(color=OKABE_ITO["reddish_purple"], hatch="xxx"),
    "open": dict(color=OKABE_ITO["grey"], hatch="..."),
}

#: Figure widths in inches: one column and two columns of a paper.
WIDTHS = {"one": 3.5, "two": 7.0}

BASE_FONT_PT = 8.0

STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": BASE_FONT_PT,
    "axes.titlesize": BASE_FONT_PT,
    "axes.labelsize": BASE_FONT_PT,
    "xtick.labelsize": BASE_FONT_PT - 1,
    "ytick.labelsize": BASE_FONT_PT - 1,
    "legend.fontsize": BASE_FONT_PT - 1,
    "legend.frameon": False,
    "axes.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "xtick.major.size": 2.5,
    "ytick.major.size": 2.5,
    "lines.linewidth": 1.2,
    "lines.markersize": 4.0,
    "grid.linewidth": 0.4,
    "grid.color": "#D9D9D9",
    "hatch.linewidth": 0.5,
    "pdf.fonttype": 42,  # TrueType in the PDF: selectable text, accepted by publishers
    "ps.fonttype": 42,
    "svg.fonttype": "none",
    "savefig.dpi": 200,
}

matplotlib.rcParams.update(STYLE)


def new_figure(width="one", height=None, aspect=0.75, layout="constrained"):
    """A Figure (no pyplot state) of the paper width 'one' (3.5 in) or
    'two' (7 in), or a width in inches."""
    w = WIDTHS[width] if isinstance(width, str) else float(width)
    h = float(height) if height else w * aspect
    fig = Figure(figsize=(w, h), layout=layout)
    FigureCanvasAgg(fig)
    if layout == "constrained":
        fig.get_layout_engine().set(w_pad=2 / 72, h_pad=2 / 72, wspace=0.04, hspace=0.04)
    return fig


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
        metadata = {"CreationDate": None} if fmt == "pdf" else None
        fig.savefig(path, format=fmt, dpi=dpi, metadata=metadata)
        paths.append(path)
    return paths


def format_number(v):
    """Short label for a parameter value: 0.05, 1, 2.5, 1e-05."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "n/a"
    v = float(v)
    if v == int(v) and abs(v) < 1e6:
        return str(int(v))
    return "{:g}".format(v)


AXIS_LABELS = {
    "loss": "loss rate (each direction)",
    "loss_a2b": "loss rate A\u2192B",
    "loss_b2a": "loss rate B\u2192A",
    "msl_s": "MSL (s)",
    "delay_s": "one-way delay (s)",
    "pending_bytes": "pending bytes at A's FIN",
    "close_delay_s": "A's close delay (s)",
    "server_delay_s": "B's processing delay (s)",
    "request_bytes": "request (bytes)",
    "queue_pkts": "queue (packets)",
    "close_time_s": "close completion time (s)",
    "a_hold_time_s": "A's socket hold time (s)",
    "b_hold_time_s": "B's socket hold time (s)",
    "delivered_bytes": "delivered bytes",
    "discarded_bytes": "discarded bytes",
    "lost_bytes": "lost bytes",
}


def axis_label(column):
    if column in AXIS_LABELS:
        return AXIS_LABELS[column]
    m = re.match(r"^([ab])_([a-z_0-9]+?)_s$", column)
    if m and m.group(2) in STATE_COLUMNS:
        return "{}: {} dwell (s)".format(m.group(1).upper(), m.group(2).upper())
    if column.endswith("_s"):
        return column[:-2].replace("_", " ") + " (s)"
    if column.endswith("_bytes"):
        return column[:-6].replace("_", " ") + " (bytes)"
    return column.replace("_", " ")


# ---------------------------------------------------------------------------
# Command line


def base_parser(description, default_name, results_help=None, one_figure=True):
    """The options every figure script shares."""
    p = argparse.ArgumentParser(
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--results",
        required=True,
        metavar="DIR",
        help=results_help or "results folder holding runs.csv (tcp-teardown --outputDir or a sweep)",
    )
    p.add_argument(
        "--out",
        metavar="DIR",
        help="output folder for the figures (default: RESULTS/figures)",
    )
    p.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="COLUMN=VALUE",
        help="keep only runs with this value in a runs.csv column; repeatable "
        "(values of one column are alternatives, different columns must all match)",
    )
    p.add_argument(
        "--width",
        default="one",
        choices=sorted(WIDTHS),
        help="one (3.5 in, one column) or two (7 in, two columns) [%(default)s]",
    )
    if one_figure:
        p.add_argument("--height", type=float, metavar="IN", help="figure height in inches [automatic]")
        p.add_argument(
            "--name",
            default=default_name,
            help="base name of the output files [{}]".format(default_name or "ladder_run<N>"),
        )
    p.add_argument(
        "--formats",
        default="pdf,png",
        help="comma-separated output formats [%(default)s]",
    )
    p.add_argument("--dpi", type=int, default=200, help="PNG resolution [%(default)s]")
    return p


def out_dir(args):
    if args.out:
        return args.out
    base = args.results if os.path.isdir(args.results) else os.path.dirname(args.results)
    return os.path.join(base, "figures")


def formats(args):
    fmts = [f.strip().lower() for f in args.formats.split(",") if f.strip()]
    for f in fmts:
        if f not in ("pdf", "png", "svg"):
            # (no eps: PostScript has no transparency, the state bands would be opaque)
            raise UsageError("--formats: unknown format '{}' (pdf, png, svg)".format(f))
    return fmts


def parse_float_list(text, option):
    try:
        return [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise UsageError("{} '{}': expected numbers separated by commas".format(option, text)) from None


def run_main(main, argv=None):
    """Run a script's main(argv), turning DataError/UsageError into a
    one-line message on stderr and exit status 1 (argparse uses 2)."""
    try:
        return main(argv) or 0
    except (DataError, UsageError) as e:
        prog = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "plots"
        print("{}: error: {}".format(prog, e), file=sys.stderr)
        return 1


def report(paths):
    for p in paths:
        print("wrote {}".format(p))


def read_filtered(args):
    """runs.csv of --results, with the --filter options applied."""
    return apply_filters(read_runs(args.results), parse_filters(args.filter))


def save_figures(args, runs, drawn_columns, build, note=None):
    """Write one figure per combination of the parameters the figure does not
    draw (see split_runs): build(part) returns (figure, drawn); note(drawn),
    if given, returns an extra line to print (or None). Prints what it wrote."""
    paths = []
    for suffix, what, part in split_runs(runs, drawn_columns):
        fig, drawn = build(part)
        if what:
            print("figure for {}".format(what))
        message = note(drawn) if note else None
        if message:
            print(message)
        paths += save_figure(fig, out_dir(args), args.name + suffix, formats(args), args.dpi)
    report(paths)


# ---------------------------------------------------------------------------
# Shared drawing


def mean_lines(ax, x, y, variants, scale=1.0, band=True):
    """One line per variant through the mean of y at each distinct x, with a
    95 % confidence band (error bars when there is a single x).

    Returns {variant: dict(x, n, mean, half)} in data units (before
    ``scale``), the numbers that were drawn."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    variants = np.asarray(variants)
    order = sort_variants(variants)
    drawn = {}
    for v in order:
        sel = variants == v
        xs, ys = x[sel], y[sel]
        ux = np.unique(xs[np.isfinite(xs)])
        stats = [mean_ci(ys[xs == u]) for u in ux]
        n = np.array([s[0] for s in stats], dtype=int)
        mean = np.array([s[1] for s in stats], dtype=float)
        half = np.array([s[2] for s in stats], dtype=float)
        style = variant_style(v, order)
        if len(ux) == 1:
            line = ax.errorbar(
                ux,
                mean * scale,
                yerr=np.nan_to_num(half * scale),
                label=v,
                capsize=2,
                elinewidth=0.8,
                **style,
            ).lines[0]
        else:
            (line,) = ax.plot(ux, mean * scale, label=v, **style)
            if band and np.isfinite(half).any():
                poly = ax.fill_between(
                    ux,
                    (mean - half) * scale,
                    (mean + half) * scale,
                    color=style["color"],
                    alpha=0.18,
                    linewidth=0,
                )
                poly.set_gid("band:" + v)
        line.set_gid("mean:" + v)
        drawn[v] = dict(x=ux, n=n, mean=mean, half=half)
    return drawn


def legend_axes(fig, gridspec_row, handles, labels, ncol):
    """A legend in its own row of the grid (above the panels)."""
    ax = fig.add_subplot(gridspec_row)
    ax.axis("off")
    ax.legend(
        handles,
        labels,
        loc="center",
        ncol=ncol,
        handlelength=2.4,
        columnspacing=1.2,
        handletextpad=0.5,
        borderaxespad=0,
    )
    return ax


def legend_height(n_entries, ncol):
    """Inches needed by a legend of n entries in ncol columns."""
    rows = int(math.ceil(n_entries / float(ncol)))
    return 0.05 + rows * (BASE_FONT_PT * 1.45 / 72.0)


def find_line(ax, gid):
    """The Line2D with a given gid in an Axes (for tests and callers)."""
    for line in ax.get_lines():
        if line.get_gid() == gid:
            return line
    return None


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


def plain_log_ticks(axis):
    """Label a log axis 0.01, 0.1, 1, 10 instead of 10^-2 ... (an Axis,
    e.g. ax.xaxis)."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    axis.set_major_locator(LogLocator(base=10))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: "{:g}".format(v)))
    axis.set_minor_formatter(NullFormatter())
