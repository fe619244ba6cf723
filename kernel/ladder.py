#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Prints the flag ladders of run 0 of two segments.csv files side by side.

    kernel/ladder.py KERNEL_DIR/segments.csv MODEL_DIR/segments.csv

One line per segment: sent time, direction, flags (without PSH, which Linux
sets and ns-3 does not), payload length; X marks a dropped segment.
"""
import csv
import itertools
import sys


def ladder(path, run="0"):
    lines = []
    with open(path) as f:
        for r in csv.DictReader(f):
            if r["run_index"] != run:
                continue
            flags = "|".join(x for x in r["flags"].split("|") if x != "PSH")
            mark = " X " + r["cause"] if r["dropped"] == "1" else ""
            lines.append("%8.4f %s %-8s %5s%s" % (float(r["sent_s"]), r["direction"], flags,
                                                  r["length_bytes"], mark))
    return lines


def main(argv):
    left, right = ladder(argv[1]), ladder(argv[2])
    print("%-44s | %s" % ("kernel", "model"))
    for a, b in itertools.zip_longest(left, right, fillvalue=""):
        print("%-44s | %s" % (a, b))


if __name__ == "__main__":
    main(sys.argv)
