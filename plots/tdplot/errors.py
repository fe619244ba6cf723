# SPDX-License-Identifier: GPL-2.0-only
"""The two kinds of error a figure script reports in one line."""


class DataError(Exception):
    """A result file is missing, malformed or does not hold what a figure
    needs. The message names the file (and the line and column).
    Exit status 1."""


class UsageError(Exception):
    """A command-line value that cannot be used (unknown column, ...). The
    message names the option and the value. Exit status 2, as argparse."""
