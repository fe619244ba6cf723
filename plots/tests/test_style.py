# SPDX-License-Identifier: GPL-2.0-only
"""The house style is applied only when asked for (style.apply()), never
by importing tdplot."""

import subprocess
import sys

from conftest import PLOTS

CHECK = r"""
import matplotlib
before = dict(matplotlib.rcParams)
import tdplot, tdplot.cli, tdplot.ladder, tdplot.make_figures
changed = sorted(k for k, v in matplotlib.rcParams.items() if before[k] != v)
print("changed on import:", changed)
assert not changed
tdplot.style.apply()
assert matplotlib.rcParams["font.size"] == 8.0, matplotlib.rcParams["font.size"]
assert matplotlib.rcParams["pdf.fonttype"] == 42
print("ok")
"""


def test_import_changes_no_setting_and_apply_does():
    done = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=PLOTS, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith("ok")
