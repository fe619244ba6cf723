# SPDX-License-Identifier: GPL-2.0-only
"""The result schema: every column of every result file with its role,
type, unit and allowed values, as the C++ side declares it.

The schema is read from the "schema" key of the meta.json beside the CSV
files (every results folder has one); when there is none, from
``tcp-teardown --printSchema`` of the build folder ($TCP_TEARDOWN_BUILD_DIR,
else build/ of the source tree). Column lists (parameters, replication,
dwell-time columns, outcomes, enumerations, optional numbers, the columns
of transitions.csv and segments.csv) all come from here; none is kept by
hand. The format is described in doc/figures.md ("Data contract").
"""

import functools
import glob
import json
import os
import subprocess

from .errors import DataError

SCHEMA_VERSION = 1
PROGRAM = "tcp-teardown"
#: runs.csv roles whose columns say what ran (figures split by them)
SETTING_ROLES = ("parameter", "config")
SIDES = ("a", "b")

#: the source tree: plots/tdplot/schema.py -> ../..
SOURCE_TREE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Column:
    """One column of one result file, as the schema declares it."""

    def __init__(self, spec, file):
        try:
            self.name = spec["column"]
        except (KeyError, TypeError):
            raise DataError("schema of {}: an entry without 'column': {!r}".format(file, spec)) from None
        self.role = spec.get("role", "")
        self.type = spec.get("type", "text")
        self.unit = spec.get("unit", "")
        self.help = spec.get("help", "")
        self.optional = bool(spec.get("optional", False))
        self.summarised = bool(spec.get("summarised", False))
        #: summary.csv: the runs.csv column a statistic is of
        self.of = spec.get("of", "") or ""
        choices = spec.get("choices")
        self.choices = list(choices) if self.type == "choice" and choices else None

    @property
    def numeric(self):
        return self.type in ("number", "count")


class Schema:
    """The columns of each result file, by name and in file order."""

    def __init__(self, data, source):
        self.source = source
        if not isinstance(data, dict):
            raise DataError("{}: the schema is not a JSON object".format(source))
        version = data.get("schema_version")
        if version != SCHEMA_VERSION:
            raise DataError(
                "{}: schema_version {!r}, this code reads version {}".format(source, version, SCHEMA_VERSION)
            )
        files = data.get("files")
        if not isinstance(files, dict) or "runs.csv" not in files:
            raise DataError("{}: the schema has no 'files' entry for runs.csv".format(source))
        self.parameters = list(data.get("parameters", []))
        self.files = {f: [Column(spec, f) for spec in specs] for f, specs in files.items()}
        self._by_name = {f: {c.name: c for c in cols} for f, cols in self.files.items()}

    def columns(self, file):
        """Column objects of a file, in file order ([] for unknown files)."""
        return list(self.files.get(file, []))

    def names(self, file, role=None):
        """Column names of a file, optionally only those of one role (or
        of several, given as a tuple)."""
        roles = (role,) if isinstance(role, str) else role
        return [c.name for c in self.files.get(file, []) if roles is None or c.role in roles]

    def column(self, file, name):
        """The Column of that name, or None."""
        return self._by_name.get(file, {}).get(name)

    # -- runs.csv ----------------------------------------------------------

    def settings(self):
        """runs.csv columns that say what ran: the run parameters and the
        effective configuration (figures split by those that vary)."""
        return self.names("runs.csv", SETTING_ROLES)

    def replication(self):
        """runs.csv columns that tell replications apart (role id)."""
        return self.names("runs.csv", "id")

    def choices(self, file, name):
        column = self.column(file, name)
        return list(column.choices) if column is not None and column.choices else []

    def outcomes(self):
        """The outcomes an endpoint can have, in the schema's order."""
        return self.choices("runs.csv", "a_outcome")

    def states(self):
        """TCP state names (the choices of transitions.csv's 'to' column,
        else of runs.csv's a_end_state)."""
        return self.choices("transitions.csv", "to") or self.choices("runs.csv", "a_end_state")

    def dwell_columns(self):
        """{side}_{state}_s metric columns of runs.csv, as (side, state
        stem) pairs in file order: the time spent in each state."""
        stems = {s.lower() for s in self.states()}
        out = []
        for name in self.names("runs.csv", "metric"):
            side, _, rest = name.partition("_")
            if side in SIDES and rest.endswith("_s") and rest[:-2] in stems:
                out.append((side, rest[:-2]))
        return out

    def state_stems(self):
        """Distinct state stems that have a dwell-time column."""
        out = []
        for _side, stem in self.dwell_columns():
            if stem not in out:
                out.append(stem)
        return out


# ---------------------------------------------------------------------------
# Finding the schema


def build_dir():
    """$TCP_TEARDOWN_BUILD_DIR, else build/ of the source tree."""
    return os.environ.get("TCP_TEARDOWN_BUILD_DIR") or os.path.join(SOURCE_TREE, "build")


def find_program(folder, name=PROGRAM):
    """The program in a build folder: standalone (folder/name) or an ns-3
    tree (folder/.../ns3.XX-name-profile); None when it is not built."""
    path = os.path.join(folder, name)
    if os.path.isfile(path) and os.access(path, os.X_OK):
        return path
    for hit in sorted(glob.glob(os.path.join(folder, "**", "ns3*-{}-*".format(name)), recursive=True)):
        if "-sweep" not in os.path.basename(hit) and os.path.isfile(hit) and os.access(hit, os.X_OK):
            return hit
    return None


@functools.lru_cache(maxsize=8)
def _from_meta(path, mtime):
    try:
        with open(path, encoding="utf-8") as f:
            meta = json.load(f)
    except (OSError, ValueError) as e:
        raise DataError("{}: not a readable JSON file ({})".format(path, e)) from None
    if not isinstance(meta, dict) or "schema" not in meta:
        return None
    return Schema(meta["schema"], "{} (key 'schema')".format(path))


@functools.lru_cache(maxsize=4)
def _from_program(program):
    what = "{} --printSchema".format(program)
    try:
        done = subprocess.run(
            [program, "--printSchema"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60
        )
    except (OSError, subprocess.SubprocessError) as e:
        raise DataError("{}: could not run it ({})".format(what, e)) from None
    if done.returncode != 0:
        first = (done.stderr.strip().splitlines() or ["no message"])[0]
        raise DataError("{}: exit status {} ({})".format(what, done.returncode, first))
    try:
        data = json.loads(done.stdout)
    except ValueError as e:
        raise DataError("{}: the output is not JSON ({})".format(what, e)) from None
    return Schema(data, what)


def for_results(results):
    """The schema of a results folder (or of the folder of a result
    file): meta.json's, else the build's, else a DataError naming both."""
    folder = results if os.path.isdir(results) else os.path.dirname(results) or "."
    meta = os.path.join(folder, "meta.json")
    if os.path.isfile(meta):
        found = _from_meta(meta, os.path.getmtime(meta))
        if found is not None:
            return found
    where = build_dir()
    program = find_program(where)
    if program is not None:
        return _from_program(program)
    raise DataError(
        "{}: no result schema: {} and {} not built in {} (set TCP_TEARDOWN_BUILD_DIR)".format(
            folder,
            "meta.json has no 'schema'" if os.path.isfile(meta) else "no meta.json",
            PROGRAM,
            where,
        )
    )
