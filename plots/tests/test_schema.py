# SPDX-License-Identifier: GPL-2.0-only
"""Where the result schema comes from: the meta.json beside the CSV files,
else tcp-teardown --printSchema of the build folder, else one clear error;
and that the figures use the columns by their schema role."""

import json
import os
import shutil
import subprocess

import pytest

import tdplot
from tdplot import schema, split
from tdplot.cli import run_main
from tdplot.dwell_times import main as dwell_times_main


def printed_schema(teardown):
    """The schema as the program prints it, parsed here with json only."""
    done = subprocess.run([teardown, "--printSchema"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def runs_only(src, dst):
    """A results folder holding only src's runs.csv (no meta.json)."""
    os.makedirs(str(dst), exist_ok=True)
    shutil.copy(os.path.join(src, "runs.csv"), os.path.join(str(dst), "runs.csv"))
    return str(dst)


@pytest.fixture
def no_build(tmp_path, monkeypatch):
    """A build folder without programs: --printSchema is not available."""
    empty = tmp_path / "empty-build"
    empty.mkdir()
    monkeypatch.setenv("TCP_TEARDOWN_BUILD_DIR", str(empty))
    return str(empty)


def test_schema_from_meta_json(teardown, sweep_dir, tmp_path, no_build):
    data = printed_schema(teardown)
    # mark the MSL a measured value: the schema of meta.json must be the one
    # used (the program's would still call it a parameter)
    for column in data["files"]["runs.csv"]:
        if column["column"] == "msl_s":
            column["role"] = "metric"
    d = runs_only(sweep_dir, tmp_path / "results")
    with open(os.path.join(d, "meta.json"), "w") as f:
        json.dump({"program": "test", "schema": data}, f)
    runs = tdplot.read_runs(d)
    assert "meta.json" in runs.schema.source
    want = [c["column"] for c in data["files"]["runs.csv"] if c["role"] in ("parameter", "config")]
    assert runs.schema.settings() == want
    assert "msl_s" not in want
    # two MSLs in the sweep, yet no split by it: the role decides
    assert "msl_s" not in split.varying_settings(runs, ["variant", "loss"])


def test_schema_from_print_schema(teardown, sweep_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("TCP_TEARDOWN_BUILD_DIR", os.path.dirname(teardown))
    d = runs_only(sweep_dir, tmp_path)
    assert not os.path.exists(os.path.join(d, "meta.json"))
    data = printed_schema(teardown)
    runs = tdplot.read_runs(d)
    assert "--printSchema" in runs.schema.source
    for file, columns in data["files"].items():
        assert runs.schema.names(file) == [c["column"] for c in columns], file
    ids = [c["column"] for c in data["files"]["runs.csv"] if c["role"] == "id"]
    assert runs.schema.replication() == ids
    assert "run_index" in ids
    outcomes = [c for c in data["files"]["runs.csv"] if c["column"] == "a_outcome"][0]["choices"]
    assert runs.schema.outcomes() == outcomes
    # the sweep varies the MSL (a parameter): split by it
    assert split.varying_settings(runs, ["variant", "loss"]) == ["msl_s"]


def test_schema_from_meta_json_without_schema_falls_back(teardown, sweep_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("TCP_TEARDOWN_BUILD_DIR", os.path.dirname(teardown))
    d = runs_only(sweep_dir, tmp_path)
    with open(os.path.join(d, "meta.json"), "w") as f:
        json.dump({"program": "an older tcp-teardown"}, f)
    assert "--printSchema" in tdplot.read_runs(d).schema.source


def test_no_schema_anywhere_is_one_error_line(sweep_dir, tmp_path, no_build, capsys):
    d = runs_only(sweep_dir, tmp_path / "results")
    status = run_main(dwell_times_main, ["--results", d, "--out", str(tmp_path / "figs")])
    err = capsys.readouterr().err.strip()
    assert status == 1
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    for words in ("no result schema", "no meta.json", "tcp-teardown", no_build, "TCP_TEARDOWN_BUILD_DIR"):
        assert words in err, (words, err)
    assert not (tmp_path / "figs").exists()


def test_no_schema_from_the_command_line(run_script, sweep_dir, tmp_path, no_build):
    d = runs_only(sweep_dir, tmp_path / "results")
    done = run_script("outcomes.py", "--results", d, "--out", tmp_path / "figs")
    assert done.returncode == 1
    assert done.stderr.startswith("outcomes.py: error: ") and "no result schema" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_unknown_schema_version_is_refused(teardown, sweep_dir, tmp_path, no_build):
    data = printed_schema(teardown)
    data["schema_version"] = 99
    d = runs_only(sweep_dir, tmp_path)
    with open(os.path.join(d, "meta.json"), "w") as f:
        json.dump({"schema": data}, f)
    with pytest.raises(tdplot.DataError, match="schema_version 99"):
        tdplot.read_runs(d)


def test_build_folder_lookup(tmp_path, monkeypatch):
    monkeypatch.delenv("TCP_TEARDOWN_BUILD_DIR", raising=False)
    here = os.path.dirname(os.path.abspath(__file__))
    assert schema.build_dir() == os.path.join(os.path.dirname(os.path.dirname(here)), "build")
    monkeypatch.setenv("TCP_TEARDOWN_BUILD_DIR", str(tmp_path))
    assert schema.build_dir() == str(tmp_path)
    assert schema.find_program(str(tmp_path)) is None
    # an ns-3 tree names its programs ns3.XX-<name>-<profile>
    program = tmp_path / "contrib" / "ns3.37-tcp-teardown-default"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    (tmp_path / "ns3.37-tcp-teardown-sweep-default").write_text("")
    assert schema.find_program(str(tmp_path)) == str(program)
