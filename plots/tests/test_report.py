# SPDX-License-Identifier: GPL-2.0-only
"""report.html: the static page make_figures writes next to the figures of
a real tcp-teardown-sweep --plot, checked by parsing it and by rendering it
in headless Chromium (every <img> must load)."""

import csv
import html.parser
import json
import os
import shutil
import subprocess
import tempfile

import pytest

from matplotlib import image as mpimg

import tdplot
from tdplot import report
from conftest import need_program

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: a drop rule set with ';' and ':' in it: a parameter value to escape
DROP_SET = "a2b:fin:1;b2a:fin:1"

#: Test-only script (never in the real page): after load, writes each
#: image's src, complete and naturalWidth into the DOM for --dump-dom.
PROBE = """<script>
window.addEventListener('load', function () {
  var out = [];
  for (const i of document.images)
    out.push(i.getAttribute('src') + '\\t' + (i.complete ? 1 : 0) + '\\t' + i.naturalWidth);
  var p = document.createElement('pre');
  p.id = 'td-image-probe';
  p.textContent = out.join('\\n');
  document.body.appendChild(p);
});
</script>"""


class Page(html.parser.HTMLParser):
    """What a report page holds: img srcs, figure captions, table rows, text."""

    def __init__(self):
        super().__init__()
        self.images, self.links, self.figcaptions, self.tables = [], [], [], {}
        self.text = []
        self._caption = None
        self._table = None
        self._row = None
        self._cell = None
        self._pre_probe = None
        self.probe = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.images.append(a.get("src"))
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "figcaption":
            self._caption = []
        elif tag == "table":
            self._table = self.tables.setdefault(a.get("class", ""), [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "pre" and a.get("id") == "td-image-probe":
            self._pre_probe = []

    def handle_endtag(self, tag):
        if tag == "figcaption":
            self.figcaptions.append("".join(self._caption))
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None
        elif tag == "pre" and self._pre_probe is not None:
            self.probe = "".join(self._pre_probe)
            self._pre_probe = None

    def handle_data(self, data):
        self.text.append(data)
        for part in (self._caption, self._cell, self._pre_probe):
            if part is not None:
                part.append(data)


def parse(path):
    p = Page()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    p.all_text = "".join(p.text)
    return p


def chromium():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            "{} is not installed: the report test renders report.html in headless Chromium; "
            "install the test dependencies with scripts/install-deps.sh --tests".format(CHROMIUM)
        )
    return CHROMIUM


def run_chromium(page, *extra):
    profile = tempfile.mkdtemp(prefix="td-chromium-")
    try:
        cmd = [chromium()] + CHROMIUM_FLAGS + ["--user-data-dir=" + profile] + list(extra)
        cmd.append("file://" + os.path.abspath(page))
        done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
        assert done.returncode == 0, "{} failed ({}):\n{}".format(" ".join(cmd), done.returncode, done.stderr[-3000:])
        return done
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def image_load_states(page):
    """Render a copy of the page with the probe script in headless Chromium;
    returns [(src, complete, naturalWidth)] of every <img>."""
    with open(page, encoding="utf-8") as f:
        text = f.read()
    probe_copy = os.path.join(os.path.dirname(page), ".probe-" + os.path.basename(page))
    with open(probe_copy, "w", encoding="utf-8") as f:
        f.write(text.replace("</body>", PROBE + "</body>"))
    try:
        done = run_chromium(probe_copy, "--virtual-time-budget=10000", "--dump-dom")
    finally:
        os.remove(probe_copy)
    dom = Page()
    dom.feed(done.stdout)
    assert dom.probe is not None, "the probe script did not run; dumped DOM:\n" + done.stdout[-2000:]
    states = []
    for line in dom.probe.splitlines():
        if line.strip():
            src, complete, width = line.split("\t")
            states.append((src, complete == "1", int(width)))
    return states


def assert_all_images_load(page):
    states = image_load_states(page)
    srcs = parse(page).images
    assert len(states) == len(srcs), (states, srcs)
    broken = [s for s in states if not (s[1] and s[2] > 0)]
    assert not broken, "images that did not load in Chromium: {}".format(broken)
    return states


@pytest.fixture(scope="module")
def plotted(tmp_path_factory):
    """A small real sweep with --plot (figures + report.html): two variants,
    two loss rates, two MSLs, two drop rule sets, 2 runs each."""
    sweep = need_program("tcp-teardown-sweep")
    out = tmp_path_factory.mktemp("report") / "sweep"
    cmd = [
        sweep,
        "--variant=four-way,three-way",
        "--loss=0,0.1",
        "--msl=0.05,0.5",
        "--drop=none," + DROP_SET,
        "--runs=2",
        "--segments=true",
        "--transitions=true",
        "--quiet",
        "--plot",
        "--outputDir={}".format(out),
        "--ns3::TcpSocketBase::MinRto=200ms",
    ]
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return out


def test_report_written_next_to_the_figures(plotted):
    figs = plotted / "figures"
    page = parse(figs / "report.html")
    pngs = sorted(p.name for p in figs.iterdir() if p.suffix == ".png")
    assert pngs
    # every figure drawn is shown once, by a relative link to its PNG
    assert sorted(page.images) == pngs
    for src in page.images:
        assert "/" not in src and not src.startswith("file:")
        with open(figs / src, "rb") as f:
            assert f.read(8) == b"\x89PNG\r\n\x1a\n", src
    # ... with the caption of its kind: the question and how to read it
    assert len(page.figcaptions) == len(pngs)
    for src, caption in zip(page.images, page.figcaptions):
        kind = report.kind_of(src[:-4])
        assert kind is not None, src
        title, question, reading = report.CAPTIONS[kind]
        assert title in caption and question in caption and reading in caption, src
    for name in ("dwell_times", "outcomes", "ladder"):
        assert any(report.kind_of(s[:-4]) == name for s in page.images), name
    for pdf in (p.name for p in figs.iterdir() if p.suffix == ".pdf"):
        assert pdf in page.links
    assert not [p for p in figs.iterdir() if ".tmp" in p.name]


def test_summary_table(plotted):
    page = parse(plotted / "figures" / "report.html")
    with open(plotted / "summary.csv", newline="") as f:
        summary = list(csv.DictReader(f))
    table = page.tables["summary"]
    head, rows = table[0], table[1:]
    assert len(rows) == len(summary) == 16
    schema = tdplot.read_runs(str(plotted)).schema
    params = schema.names("summary.csv", "parameter")
    varying = [p for p in params if len({r[p] for r in summary}) > 1]
    # the columns that vary, chosen by role: variant, loss, msl, drop
    assert {"variant", "msl_s", "drop"} <= set(varying)
    for p in varying:
        assert p in head
    for p in params:
        if p not in varying:
            assert p not in head and p in page.all_text
    assert "close_time_s (s)" in head
    col = head.index("drop")
    assert sorted({r[col] for r in rows}) == sorted({r["drop"] for r in summary})
    assert DROP_SET in [r[col] for r in rows]
    # means and intervals as in summary.csv
    c = head.index("close_time_s (s)")
    for row, point in zip(rows, summary):
        mean = float(point["close_time_s_mean"])
        shown = row[c].split(" ± ")
        assert float(shown[0]) == pytest.approx(mean, rel=1e-3)
        if point["close_time_s_ci95"] not in ("", "nan"):
            assert float(shown[1]) == pytest.approx(float(point["close_time_s_ci95"]), rel=1e-3, abs=1e-12)


def test_meta_section(plotted):
    page = parse(plotted / "figures" / "report.html")
    with open(plotted / "meta.json") as f:
        meta = json.load(f)
    grid = {r[0]: r[1] for r in page.tables["grid"]}
    for key, value in meta["grid"].items():
        assert key in grid
        for v in value if isinstance(value, list) else [value]:
            text = "(not set)" if v is None else '""' if v == "" else str(v).lower() if isinstance(v, bool) else str(v)
            assert text in grid[key], (key, v)
    versions = {r[0]: r[1] for r in page.tables["versions"]}
    assert versions["module_version"] == meta["module_version"]
    assert versions["ns3_version"] == meta["ns3_version"]
    import matplotlib
    import platform

    assert versions["matplotlib"] == matplotlib.__version__
    assert versions["Python"].startswith(platform.python_version())
    assert platform.release() in versions["plotting host OS / kernel"]
    assert meta["command_line"] in page.all_text
    config = {r[0]: r[1] for r in page.tables["config"]}
    assert meta["configuration"]
    for key, value in report._flatten(meta["configuration"]):
        assert key in config


def test_text_is_escaped(plotted, tmp_path):
    """'<', '&', ';' ':' and quotes in meta.json and summary.csv come out
    as text, never as markup."""
    copy = tmp_path / "sweep"
    shutil.copytree(plotted, copy)
    evil = '<script>alert("x")</script> & <b>bold</b>; a:b'
    with open(copy / "meta.json") as f:
        meta = json.load(f)
    meta["command_line"] += " --note='{}'".format(evil)
    meta["grid"]["drop"] = [evil]
    first = next(iter(meta["configuration"]))
    meta["configuration"][first] = evil
    with open(copy / "meta.json", "w") as f:
        json.dump(meta, f)
    with open(copy / "summary.csv", newline="") as f:
        rows = list(csv.reader(f))
    rows[1][rows[0].index("drop")] = evil
    with open(copy / "summary.csv", "w", newline="") as f:
        csv.writer(f).writerows(rows)
    figs = [(p.stem, "", [str(p)]) for p in sorted((copy / "figures").glob("*.png"))]
    path = report.write_report(str(copy), str(copy / "figures"), figs)
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    assert "<script" not in raw and "<b>" not in raw
    assert "&lt;script&gt;" in raw
    page = parse(path)
    assert page.all_text.count(evil) >= 4  # command line, grid, configuration, summary


def test_written_atomically(plotted, tmp_path, monkeypatch):
    """A write that fails leaves the previous report as it was and no
    temporary file."""
    copy = tmp_path / "sweep"
    shutil.copytree(plotted, copy)
    before = (copy / "figures" / "report.html").read_bytes()

    def fail(_fd):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OSError):
        report.write_report(str(copy), str(copy / "figures"), [])
    assert (copy / "figures" / "report.html").read_bytes() == before
    assert sorted(p.name for p in (copy / "figures").iterdir() if "report" in p.name) == ["report.html"]


def test_chromium_loads_every_image(plotted):
    figs = plotted / "figures"
    page = str(figs / "report.html")
    states = assert_all_images_load(page)
    assert len(states) == len([p for p in figs.iterdir() if p.suffix == ".png"])
    shot = str(plotted.parent / "report-screenshot.png")
    run_chromium(page, "--window-size=1200,4000", "--hide-scrollbars", "--screenshot=" + shot)
    print("report.html: {}\nscreenshot: {}".format(page, shot))
    pixels = mpimg.imread(shot)
    assert pixels.shape[0] >= 1000 and pixels.shape[1] >= 1000
    assert pixels[..., :3].std() > 0.01, "the screenshot is blank"


def test_chromium_check_fails_on_a_missing_image(plotted, tmp_path):
    """The check above is not vacuous: a copy with one link broken fails it."""
    copy = tmp_path / "figures"
    shutil.copytree(plotted / "figures", copy)
    first = parse(copy / "report.html").images[0]
    os.remove(copy / first)
    with pytest.raises(AssertionError, match="did not load"):
        assert_all_images_load(str(copy / "report.html"))


def test_long_summary_table_starts_closed(tmp_path):
    """A real sweep with more grid points than COLLAPSE_ROWS (7 variants x
    6 loss rates x 5 MSLs, one run each): the table is inside a closed
    <details> and still has every row; the 16-row table of the other tests
    is not."""
    sweep = need_program("tcp-teardown-sweep")
    out = tmp_path / "long"
    cmd = [
        sweep, "--loss=0,0.02,0.05,0.1,0.15,0.2", "--msl=0.01,0.02,0.05,0.1,0.2", "--runs=1", "--quiet",
        "--outputDir={}".format(out), "--ns3::TcpSocketBase::MinRto=200ms",
        "--variant=four-way,four-way-no-timewait,three-way,three-way-no-timewait,three-way-direct,simultaneous,ns3-stock",
    ]
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    n = 7 * 6 * 5
    assert n > report.COLLAPSE_ROWS
    path = report.write_report(str(out), str(out / "figures"), [])
    raw = open(path, encoding="utf-8").read()
    assert "<details><summary>The table ({} rows".format(n) in raw
    assert raw.index("<details>") < raw.index('<table class="summary">') < raw.index("</details>")
    assert len(parse(path).tables["summary"]) == n + 1  # the header row and every point


def test_short_summary_table_is_open(plotted):
    raw = (plotted / "figures" / "report.html").read_text(encoding="utf-8")
    assert "<details>" not in raw
