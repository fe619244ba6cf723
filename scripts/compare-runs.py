#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Compare two runs.csv files cell by cell, by column name.

    scripts/compare-runs.py OLD/runs.csv NEW/runs.csv [--rename old=new ...]

Prints the columns only one file has and the number of differing cells in
the columns both have (after renames); exits 1 if any cell differs.
The renames of NEWS.md are applied by default."""
import argparse
import csv
import sys

RENAMES = {"pending_bytes": "pending_at_close_bytes", "drop_rules": "drop",
           "queue_pkts": "queue_packets"}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--rename", action="append", default=[], metavar="OLD=NEW")
    args = parser.parse_args(argv)
    renames = dict(RENAMES)
    for item in args.rename:
        if "=" not in item:
            parser.error(f"--rename={item}: expected OLD=NEW")
        a, b = item.split("=", 1)
        renames[a] = b
    with open(args.old, newline="") as f:
        old = list(csv.DictReader(f))
    with open(args.new, newline="") as f:
        new = list(csv.DictReader(f))
    old_cols = list(old[0]) if old else []
    new_cols = list(new[0]) if new else []
    common = [c for c in old_cols if renames.get(c, c) in new_cols]
    print("only in old:", [c for c in old_cols if c not in common])
    print("only in new:", [c for c in new_cols if c not in {renames.get(c, c) for c in common}])
    if len(old) != len(new):
        print(f"rows: {len(old)} vs {len(new)}")
        return 1
    differing = 0
    for i, (o, n) in enumerate(zip(old, new)):
        for c in common:
            if o[c] != n[renames.get(c, c)]:
                if differing < 5:
                    print(f"row {i} {c}: {o[c]!r} vs {n[renames.get(c, c)]!r}")
                differing += 1
    print(f"{len(old)} rows, {len(common)} common columns, {differing} differing cells")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
