# SPDX-License-Identifier: GPL-2.0-only
"""Fixtures for the plots tests: small sets of real runs made by the C++
programs of the build folder.

The build folder is $TCP_TEARDOWN_BUILD_DIR (CTest sets it), else the
build/ folder next to plots/. Tests that need a program that is not built
are skipped with a message that says where it was looked for."""

import csv
import glob
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
PLOTS = os.path.dirname(HERE)
REPO = os.path.dirname(PLOTS)
sys.path.insert(0, PLOTS)

BUILD_DIR = os.environ.get("TCP_TEARDOWN_BUILD_DIR") or os.path.join(REPO, "build")

#: The grid of the small sweep the figure tests draw: variants x loss x MSL
#: x RUNS replications. MinRto 200 ms makes 2 x MSL = 0.1 s shorter than
#: B's FIN retransmission timeout, the case where resets appear.
VARIANTS = ["four-way", "three-way", "three-way-no-timewait"]
LOSSES = ["0", "0.1"]
MSLS = ["0.05", "0.5"]
RUNS = 4
MIN_RTO = "--ns3::TcpSocketBase::MinRto=200ms"

#: What the spec (the experiment contract, doc/tcp-teardown.rst) says, for
#: checking the figures independently of the code under test.
OUTCOMES = ["orderly", "reset", "timeout", "open", "stranded", "aborted"]
WIDTHS = {"one": 3.5, "two": 7.0}


def find_program(name):
    """A program of the build folder: standalone build (build/<name>) or an
    ns-3 tree (build/.../ns3.XX-<name>-<profile>)."""
    path = os.path.join(BUILD_DIR, name)
    if os.access(path, os.X_OK):
        return path
    for pattern in ("**/ns3*-{}-*".format(name), "**/{}".format(name)):
        for hit in sorted(glob.glob(os.path.join(BUILD_DIR, pattern), recursive=True)):
            base = os.path.basename(hit)
            other_program = "-sweep" in base and "-sweep" not in name  # tcp-teardown-sweep
            if os.path.isfile(hit) and os.access(hit, os.X_OK) and not other_program:
                return hit
    return None


def need_program(name):
    path = find_program(name)
    if path is None:
        # Under CTest (which names the build folder) a missing program is a
        # broken build, not a reason to skip.
        report = pytest.fail if os.environ.get("TCP_TEARDOWN_BUILD_DIR") else pytest.skip
        report(
            "{} is not built in {} (set TCP_TEARDOWN_BUILD_DIR or build with "
            "'cmake -S . -B build && cmake --build build')".format(name, BUILD_DIR)
        )
    return path


def run_teardown(program, outdir, *args):
    """One run of tcp-teardown appending to outdir; fails the test on error."""
    cmd = [program, "--outputDir={}".format(outdir)] + list(args)
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
    if done.returncode != 0:
        pytest.fail("{} failed ({}):\n{}".format(" ".join(cmd), done.returncode, done.stderr))


def read_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="session", autouse=True)
def house_style():
    """Figures drawn as the scripts draw them: with the house style, which
    importing tdplot does not apply."""
    import tdplot.style

    with tdplot.style.context():
        yield


@pytest.fixture(scope="session")
def teardown():
    return need_program("tcp-teardown")


@pytest.fixture(scope="session")
def sweep_dir(teardown, tmp_path_factory):
    """A small real sweep (48 runs) made with tcp-teardown, segments and
    transitions included."""
    out = str(tmp_path_factory.mktemp("sweep"))
    for v in VARIANTS:
        for loss in LOSSES:
            for msl in MSLS:
                for r in range(1, RUNS + 1):
                    run_teardown(
                        teardown,
                        out,
                        "--variant=" + v,
                        "--loss=" + loss,
                        "--msl=" + msl,
                        "--RngRun={}".format(r),
                        MIN_RTO,
                    )
    return out


@pytest.fixture(scope="session")
def time_wait_cut_dir(teardown, tmp_path_factory):
    """Four-way under ns-3's defaults, 5 % loss, MSL 120 s, 20000 bytes, 20 runs: the
    setting where the default study found TIME_WAIT cut by RSTs."""
    out = str(tmp_path_factory.mktemp("time_wait_cut"))
    for r in range(1, 21):
        run_teardown(
            teardown, out, "--variant=four-way", "--loss=0.05", "--msl=120", "--responseBytes=20000", "--RngRun={}".format(r)
        )
    return out


@pytest.fixture(scope="session")
def lost_final_ack(teardown, tmp_path_factory):
    """The four-way close with A's final ACK lost."""
    out = str(tmp_path_factory.mktemp("lost_final_ack"))
    run_teardown(
        teardown,
        out,
        "--variant=four-way",
        "--msl=1",
        "--drop=a2b:ack-of-fin:1",
        "--responseBytes=1000",
        "--ns3::TcpSocket::DelAckCount=1",
        MIN_RTO,
    )
    return out


@pytest.fixture(scope="session")
def three_way_pending(teardown, tmp_path_factory):
    """The three-way close with data still pending: part delivered, the rest
    discarded."""
    out = str(tmp_path_factory.mktemp("three_way_pending"))
    run_teardown(teardown, out, "--variant=three-way", "--closeDelay=15ms", "--responseBytes=20000")
    return out


@pytest.fixture
def run_script():
    """Run one of the plots scripts as a program; returns CompletedProcess."""

    def run(script, *args):
        cmd = [sys.executable, os.path.join(PLOTS, script)] + [str(a) for a in args]
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)

    return run
