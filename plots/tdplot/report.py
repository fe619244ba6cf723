# SPDX-License-Identifier: GPL-2.0-only
"""report.html: one static page per results folder, written by the figure
step (make_figures) next to the figures it drew.

The page needs no server and no JavaScript: inline CSS, relative links to
the PNG (else SVG) files, every text HTML-escaped. It holds

- every figure drawn, with a caption (CAPTIONS: what question the figure
  answers and how to read it, one entry per figure kind);
- the summary table of summary.csv: the parameter columns (schema role
  "parameter" of summary.csv; those equal in every row are listed once above
  the table) and, for the main metrics, mean ± 95 % half width (statistic
  columns M_mean / M_ci95 of the runs.csv column M the schema names in "of");
- meta: the grid, versions (meta.json's and the plotting step's own), the
  command lines, the effective configuration (meta.json "configuration").

It is written under a temporary name and renamed: never half-written.
"""

import csv
import html
import json
import os
import platform
import sys
import urllib.parse

from . import schema as schema_mod
from .errors import DataError

NAME = "report.html"

#: One entry per figure kind (the base name of the file, before the "__"
#: suffix of a split, or "ladder" for ladder_<variant>_run<N>):
#: (title, the question it answers, how to read it).
CAPTIONS = {
    "why_four_segments": (
        "Why four segments: B may still have data when A's FIN arrives",
        "What share of B's response reaches A when B still has work left at A's FIN, if B's ACK and B's FIN "
        "are separate segments (four-way) or merged into one FIN+ACK that ends B's sending (three-way)?",
        "x: the work B still has when A's FIN arrives (B writes its response a segment at a time over "
        "closeDelay + workAfterFin); y: (responseBytes - discarded - lost) / responseBytes per run, mean and "
        "95 % Student-t band per variant, runs without a drop rule pooled over MSL. At loss 0 the black lines "
        "are what the rules predict without simulation: 1 when B finishes its response (four-way: B's ACK "
        "says 'got your FIN', its FIN later says 'done'), and the whole segments B had written when A's FIN "
        "arrived when B answers FIN+ACK and closes (three-way). The right panel adds random loss.",
    ),
    "why_time_wait": (
        "Why TIME_WAIT: a lost final ACK",
        "When A's final ACK is lost, is B's retransmitted FIN answered with an ACK (B closes orderly) or a RST "
        "(B ends reset)? How long must A wait?",
        "Share of runs in which B ends reset with --drop=a2b:ack-of-fin:1, against TIME_WAIT's length 2 MSL "
        "in units of B's RTO, per variant, with 95 % Clopper-Pearson intervals (variants side by side). "
        "The black line is RFC 9293's rule at loss 0: B's FIN comes back one RTO after A entered TIME_WAIT, "
        "so B is reset iff 2 MSL < RTO. Variants without TIME_WAIT reset B at every MSL; three-way-direct's "
        "B does not wait for an ACK, so it cannot learn that its FIN was lost. ns3-stock (ns-3.37's own "
        "socket) shows 0 for a wrong reason: its LAST_ACK ends on any pure ACK whose sequence number is "
        "RCV.NXT, an ACK of earlier data included (defect 1 in doc/tcp-teardown.rst), so its B has closed "
        "before the final ACK matters.",
    ),
    "time_wait_occupancy": (
        "TIME_WAIT's cost: sockets held at a busy server",
        "How many TIME_WAITs does each closing strategy leave, and where (server or clients)?",
        "TIME_WAIT connections over time at the server and at the clients (tcp-teardown-busy), one line per "
        "strategy and MSL; dashed: Little's law lambda x 2 MSL; shaded: the steady-state window.",
    ),
    "time_wait_knee": (
        "TIME_WAIT's cost: the ports run out",
        "At what connection rate do a client's ephemeral ports, held in TIME_WAIT, stop new connections?",
        "Completed and failed connections per second against the offered rate lambda; the line is Erlang's "
        "loss formula with P ports held for h = 2 MSL + 6 one-way delays, and the knee P / h is marked.",
    ),
    "close_time_cdf_chain": (
        "CDF of the close time, Monte Carlo and Markov chain",
        "How is the time from A's close to both ends CLOSED distributed under random loss, and does the "
        "analytic model agree?",
        "One panel per loss rate (bare FIN: responseBytes 0, closeDelay 0), one empirical CDF per variant; "
        "runs that never closed count in the denominator. The black dashed steps are the exact distribution "
        "of the four-way close from the Markov chain over retransmission attempts (doc/analytic-model.md); "
        "the runs' CDF lies within the Dvoretzky-Kiefer-Wolfowitz band of it (tested).",
    ),
    "ladder_lost_final_ack": (
        "Ladder: the final ACK is lost",
        "What does TIME_WAIT do when A's last ACK is lost?",
        "Four-way close with A's final ACK dropped: B's FIN times out and comes back while A is in TIME_WAIT, "
        "A acknowledges it again and restarts TIME_WAIT; B closes orderly.",
    ),
    "ladder_three_way_data": (
        "Ladder: three-way close while B still has data",
        "What happens to B's data when B answers A's FIN with FIN+ACK and closes?",
        "Three-way variant, B writing a 20,000-byte response over closeDelay + workAfterFin: what B had not "
        "sent when A's FIN arrived is discarded (run title: delivered / discarded bytes).",
    ),
    "ladder_simultaneous": (
        "Ladder: a simultaneous close",
        "What happens when both ends send their FIN before seeing the other's?",
        "Both FINs cross; each end goes FIN_WAIT_1 -> CLOSING -> TIME_WAIT and both wait 2 MSL.",
    ),
    "dwell_times": (
        "Dwell time per close state against loss",
        "How long does each end stay in each close state (FIN_WAIT_1, FIN_WAIT_2, CLOSING, TIME_WAIT; "
        "CLOSE_WAIT, LAST_ACK) as segments get lost?",
        "One panel per state, one line per variant through the mean dwell time at each loss rate; the "
        "shaded band is the 95 % Student-t confidence interval of the mean. Each panel has its own time unit.",
    ),
    "delivered_fraction": (
        "Delivered share of B's pending bytes",
        "How much of the data B still had to send when A's FIN arrived reaches A, per variant?",
        "delivered_bytes / pending_at_close_bytes per run, mean and 95 % band per variant against the loss "
        "rate. 1 means everything arrived; a variant that merges ACK and FIN discards what was unsent.",
    ),
    "close_time_cdf": (
        "CDF of the close completion time",
        "How is the time from A's close to the end of the close distributed, and how often does a close "
        "never complete?",
        "One panel per loss rate, one empirical CDF per variant. Runs whose close never completed count in "
        "the denominator, so a curve that ends below 1 shows the share of closes that never finished.",
    ),
    "outcomes": (
        "Outcomes against MSL",
        "How do connections end (orderly, orderly with TIME_WAIT cut, aborted, reset, timeout, open, "
        "stranded) for each MSL?",
        "Stacked bars per MSL, one panel per variant; the bar segments are the share of runs with each "
        "outcome and sum to 1. The connection is orderly only if both ends are.",
    ),
    "heatmap_close_time_s": (
        "Mean close completion time over loss x MSL",
        "Where in the loss-rate x MSL plane do closes take long?",
        "One panel per variant; each cell is the mean close_time_s of the runs at that loss rate (x) and "
        "MSL (y); the colour bar gives the scale.",
    ),
    "heatmap_reset": (
        "Share of runs ending in a reset over loss x MSL",
        "Where in the loss-rate x MSL plane do closes end in a reset instead of an orderly close?",
        "One panel per variant; each cell is the share of runs at that loss rate (x) and MSL (y) whose "
        "connection outcome is reset (0 to 1, colour bar).",
    ),
    "heatmap_time_wait_cut": (
        "Share of runs whose TIME_WAIT a RST cut short",
        "How often does a RST end A's TIME_WAIT early after a completed close?",
        "One panel per variant; each cell is the share of runs at that loss rate (x) and MSL (y) with "
        "a_time_wait_cut = yes (colour bar).",
    ),
    "old_duplicates": (
        "Old duplicates corrupting a reused connection",
        "How often does a segment of an earlier incarnation corrupt the next one, against MSL / lifetime, "
        "per initial-sequence-number choice?",
        "Share of reuse runs with corrupted bytes, per ISN choice (and PAWS), with 95 % intervals; the line "
        "without markers is the analytic value.",
    ),
    "ladder": (
        "Ladder diagram of one run",
        "What happened, segment by segment, in this run's close?",
        "A on the left, B on the right, time running down (idle gaps compressed, marked). Each arrow is a "
        "segment; a dashed arrow ending in a cross was lost. Shaded bands are the TCP states of each end.",
    ),
}

#: The formats a browser shows in an <img>, in order of preference.
IMAGE_FORMATS = ("png", "svg")

CSS = """
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; font-size: 14px; color: #222;
       max-width: 1400px; margin: 1.5em auto; padding: 0 1em; line-height: 1.4; }
h1 { font-size: 1.6em; } h2 { font-size: 1.3em; border-bottom: 1px solid #ccc; margin-top: 2em; }
h3 { font-size: 1.05em; margin-bottom: 0.2em; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(480px, 1fr)); gap: 1em; }
figure { margin: 0; padding: 0.8em; border: 1px solid #ddd; background: #fafafa; }
figure.wide { grid-column: 1 / -1; }
figure img { max-width: 100%; height: auto; background: #fff; display: block; }
figcaption { margin-top: 0.5em; font-size: 0.93em; }
figcaption .question { font-weight: bold; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.88em; }
th, td { border: 1px solid #ccc; padding: 2px 6px; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code, .mono { font-family: "DejaVu Sans Mono", monospace; font-size: 0.92em; overflow-wrap: anywhere; }
.value { display: inline-block; background: #eef; border-radius: 3px; padding: 0 4px; margin: 1px 2px; }
.note { color: #555; font-size: 0.9em; }
.error { color: #a00; }
.scroll { overflow-x: auto; }
table.summary code { white-space: nowrap; overflow-wrap: normal; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f4f4f4; padding: 0.5em; }
"""


def esc(value):
    """Any value as escaped HTML text (None as an empty string)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        value = "true" if value else "false"
    elif not isinstance(value, str):
        value = json.dumps(value) if isinstance(value, (dict, list)) else str(value)
    return html.escape(value, quote=True)


def kind_of(name):
    """The CAPTIONS key of a figure's base name, or None."""
    base = name.split("__", 1)[0]
    if base in CAPTIONS:
        return base
    if base.startswith("ladder_") or base.startswith("ladder"):
        return "ladder"
    return None


def _href(path, out_dir):
    rel = os.path.relpath(path, out_dir).replace(os.sep, "/")
    return esc(urllib.parse.quote(rel))


# ---------------------------------------------------------------------------
# The parts of the page


#: a PNG wider than this (a two-column figure at 200 dpi) spans the page
WIDE_PX = 1000


def _png_width(path):
    """Width in pixels of a PNG (from its IHDR chunk); 0 for anything else."""
    try:
        with open(path, "rb") as f:
            head = f.read(24)
    except OSError:
        return 0
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return 0
    return int.from_bytes(head[16:20], "big")


def figures_html(figures, out_dir):
    """figures: [(name, what, [paths])], in the order drawn."""
    if not figures:
        return ['<p class="note">No figure was drawn.</p>']
    parts = []
    for name, what, paths in figures:
        kind = kind_of(name)
        title, question, reading = CAPTIONS.get(kind, (name, "", ""))
        by_fmt = {os.path.splitext(p)[1].lstrip(".").lower(): p for p in paths}
        shown = next((by_fmt[f] for f in IMAGE_FORMATS if f in by_fmt), None)
        wide = shown is not None and _png_width(shown) > WIDE_PX
        parts.append('<figure id="{}"{}>'.format(esc("fig-" + name), ' class="wide"' if wide else ""))
        if shown is not None:
            parts.append(
                '<a href="{0}"><img src="{0}" alt="{1}"></a>'.format(_href(shown, out_dir), esc(title + ": " + name))
            )
        else:
            parts.append('<p class="note">No PNG or SVG of this figure (--formats png to show it here).</p>')
        parts.append("<figcaption>")
        heading = title + (" — " + what if what else "")
        parts.append("<h3>{}</h3>".format(esc(heading)))
        if question:
            parts.append('<p><span class="question">{}</span> {}</p>'.format(esc(question), esc(reading)))
        links = " ".join(
            '<a href="{}">{}</a>'.format(_href(p, out_dir), esc(os.path.basename(p))) for p in paths
        )
        parts.append('<p class="note">Files: {}</p>'.format(links))
        parts.append("</figcaption></figure>")
    return parts


def problems_html(skipped, failed):
    parts = []
    if skipped or failed:
        parts.append("<ul>")
        for name, why in skipped:
            parts.append("<li>skipped {}: {}</li>".format(esc(name), esc(why)))
        for name, why in failed:
            parts.append('<li class="error">not made: {}: {}</li>'.format(esc(name), esc(why)))
        parts.append("</ul>")
    return parts


def _read_summary(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows:
        raise DataError("{}: empty file".format(path))
    header, body = rows[0], [r for r in rows[1:] if r]
    for i, r in enumerate(body):
        if len(r) != len(header):
            raise DataError("{} line {}: {} fields, the header has {}".format(path, i + 2, len(r), len(header)))
    return header, body


def _number(cell):
    try:
        return float(cell)
    except ValueError:
        return None


def _fmt(x):
    if x is None:
        return ""
    if x == 0:
        return "0"
    return "{:.4g}".format(x)


def summary_columns(schema, header, body):
    """What the summary table shows, chosen by the schema's roles.

    Parameters: summary.csv columns of role "parameter"; those that take
    several values are table columns, the others go to the list "same in
    every row". Metrics: the statistics (role "statistic") of the runs.csv
    metrics they are "of". A metric with a unit (seconds, bytes: the
    quantities, not the event counts) shows its mean ± 95 % half width; a
    choice metric (the outcomes) its share per choice. Both only where they
    are not 0 in every row; one with the same value in every row goes to
    the "same in every row" list.

    Returns (varying parameters, [(name, value)] same in every row,
    [(metric, unit, mean column, ci column)], [(share column)])."""
    specs = schema.columns("summary.csv") if schema is not None else []
    index = {h: i for i, h in enumerate(header)}

    def column(name):
        return [r[index[name]] for r in body]

    params = [c.name for c in specs if c.role == "parameter" and c.name in index]
    varying, constant = [], []
    for p in params:
        values = column(p)
        if len(set(values)) > 1:
            varying.append(p)
        else:
            constant.append((p, values[0] if values else ""))

    of = {}
    for c in specs:
        if c.role == "statistic" and c.name in index and c.of:
            of.setdefault(c.of, []).append(c.name)
    means, shares = [], []
    for metric, cols in of.items():
        spec = schema.column("runs.csv", metric)
        if spec is None or spec.role != "metric":
            continue
        mean, ci = metric + "_mean", metric + "_ci95"
        if spec.choices:
            picked = [c for c in cols if c.endswith("_frac")]
        elif spec.unit and mean in cols:
            picked = [mean]
        else:
            continue
        for name in picked:
            values = [_number(v) for v in column(name)]
            if all(v in (None, 0.0) for v in values):
                continue
            if len(set(column(name))) == 1:
                constant.append((name, body[0][index[name]]))
            elif name == mean:
                means.append((metric, spec.unit, mean, ci if ci in cols else None))
            else:
                shares.append(name)
    return varying, constant, means, shares


#: a summary table longer than this starts closed (<details>), so the page
#: is not one long scroll; every row is still in it
COLLAPSE_ROWS = 200


def summary_html(results, out_dir, schema):
    path = os.path.join(results, "summary.csv")
    if not os.path.isfile(path):
        return ['<p class="note">No summary.csv in {} (written by tcp-teardown-sweep when a sweep completes).</p>'
                .format(esc(results))]
    try:
        header, body = _read_summary(path)
    except (OSError, DataError) as e:
        return ['<p class="error">{}</p>'.format(esc(e))]
    varying, constant, means, shares = summary_columns(schema, header, body)
    index = {h: i for i, h in enumerate(header)}
    parts = [
        '<p>One row per grid point of <a href="{}">summary.csv</a> ({} rows). Metric cells: mean ± half width '
        "of the 95 % Student-t interval over the point's runs (empty with one run); <code>_frac</code> columns: "
        "the share of runs with that outcome. Shown: the parameters that vary, the quantities (seconds, bytes) "
        "and outcome shares that are not 0 in every row; what is the same in every row is listed once above "
        "the table; every column (event counts, standard deviations, n) is in the file.</p>".format(
            _href(path, out_dir), len(body)
        )
    ]
    if constant:
        parts.append(
            "<p>Same in every row: {}</p>".format(
                ", ".join("<code>{}</code> = <code>{}</code>".format(esc(p), esc(v)) for p, v in constant)
            )
        )
    head = ["point"] if "point_index" in index else []
    head += varying + (["runs"] if "runs" in index else [])
    head += ["{} ({})".format(m, u) for m, u, _, _ in means] + list(shares)
    collapse = len(body) > COLLAPSE_ROWS
    if collapse:
        parts.append("<details><summary>The table ({} rows; click to open)</summary>".format(len(body)))
    parts.append('<div class="scroll"><table class="summary"><thead><tr>')
    parts.append("".join("<th>{}</th>".format(esc(h)) for h in head))
    parts.append("</tr></thead><tbody>")
    for r in body:
        cells = []
        if "point_index" in index:
            cells.append('<td class="num">{}</td>'.format(esc(r[index["point_index"]])))
        cells += ["<td><code>{}</code></td>".format(esc(r[index[p]])) for p in varying]
        if "runs" in index:
            cells.append('<td class="num">{}</td>'.format(esc(r[index["runs"]])))
        for _m, _u, mean, ci in means:
            m = _number(r[index[mean]])
            c = _number(r[index[ci]]) if ci else None
            text = _fmt(m) + (" ± " + _fmt(c) if m is not None and c is not None else "")
            cells.append('<td class="num">{}</td>'.format(esc(text)))
        for share in shares:
            cells.append('<td class="num">{}</td>'.format(esc(_fmt(_number(r[index[share]])))))
        parts.append("<tr>{}</tr>".format("".join(cells)))
    parts.append("</tbody></table></div>")
    if collapse:
        parts.append("</details>")
    return parts


def _kv_table(pairs, cls="kv"):
    rows = ["<tr><th>{}</th><td>{}</td></tr>".format(esc(k), v) for k, v in pairs]
    return '<div class="scroll"><table class="{}">{}</table></div>'.format(cls, "".join(rows))


def _flatten(value, prefix=""):
    """A nested JSON value as [(dotted key, scalar)]."""
    if isinstance(value, dict):
        out = []
        for k, v in value.items():
            out += _flatten(v, "{}{}{}".format(prefix, "/" if prefix else "", k))
        return out
    return [(prefix, value)]


def _values(v):
    """A grid value (one value or a list) as chips; "" is shown as "",
    null as (not set)."""
    items = v if isinstance(v, list) else [v]
    if not items:
        return '<span class="note">(no value: the default)</span>'
    return " ".join(
        '<span class="note">(not set)</span>' if x is None
        else '<code class="value">{}</code>'.format(esc(x) if x != "" else '""')
        for x in items
    )


def plotting_versions():
    """What the plotting step knows about itself."""
    import matplotlib
    import numpy

    out = [
        ("plotting host OS / kernel", "{} {} ({})".format(platform.system(), platform.release(), platform.version())),
        ("plotting host machine", platform.machine()),
        ("Python", "{} ({})".format(platform.python_version(), sys.executable)),
        ("matplotlib", matplotlib.__version__),
        ("numpy", numpy.__version__),
    ]
    try:
        import scipy

        out.append(("scipy", scipy.__version__))
    except ImportError:  # pragma: no cover - scipy is required elsewhere
        pass
    return out


META_VERSIONS = ("module", "module_version", "ns3_version", "git_revision", "host", "kernel", "os")


def meta_html(results):
    path = os.path.join(results, "meta.json")
    meta = {}
    parts = []
    if os.path.isfile(path):
        try:
            with open(path, encoding="utf-8") as f:
                meta = json.load(f)
        except (OSError, ValueError) as e:
            parts.append('<p class="error">{}: not readable JSON ({})</p>'.format(esc(path), esc(e)))
        if not isinstance(meta, dict):
            meta = {}
    else:
        parts.append('<p class="note">No meta.json in {}.</p>'.format(esc(results)))

    grid = meta.get("grid")
    parts.append("<h3>Sweep grid</h3>")
    if isinstance(grid, dict) and grid:
        parts.append(_kv_table([(k, _values(v)) for k, v in grid.items()], "grid"))
    else:
        parts.append('<p class="note">No grid in meta.json.</p>')
    facts = [(k, meta[k]) for k in ("points", "runs_total", "runs_in_share", "complete", "start_time", "end_time")
             if k in meta]
    if "shard" in meta:
        facts.append(("shard", meta["shard"]))
    if facts:
        parts.append(_kv_table([(k, "<code>{}</code>".format(esc(v))) for k, v in facts]))

    parts.append("<h3>Versions</h3>")
    versions = [(k, meta[k]) for k in META_VERSIONS if k in meta]
    versions += plotting_versions()
    parts.append(_kv_table([(k, "<code>{}</code>".format(esc(v))) for k, v in versions], "versions"))

    parts.append("<h3>Command line</h3>")
    if meta.get("command_line"):
        parts.append('<pre class="mono">{}</pre>'.format(esc(meta["command_line"])))
    invocations = meta.get("invocations")
    if isinstance(invocations, list) and invocations:
        keys = []
        for inv in invocations:
            if isinstance(inv, dict):
                keys += [k for k in inv if k not in keys]
        parts.append("<p>Every invocation that wrote to the folder:</p>")
        parts.append('<div class="scroll"><table class="invocations"><tr>')
        parts.append("".join("<th>{}</th>".format(esc(k)) for k in keys) + "</tr>")
        for inv in invocations:
            if isinstance(inv, dict):
                parts.append(
                    "<tr>{}</tr>".format(
                        "".join("<td><code>{}</code></td>".format(esc(inv.get(k))) for k in keys)
                    )
                )
        parts.append("</table></div>")

    parts.append("<h3>Effective configuration</h3>")
    config = meta.get("configuration")
    if config:
        parts.append(
            "<p>meta.json's <code>configuration</code>: the attributes of the runs' sockets and TCP stack as "
            "read back, with the <code>--ns3::...</code> overrides.</p>"
        )
        parts.append(_kv_table([(k, "<code>{}</code>".format(esc(v))) for k, v in _flatten(config)], "config"))
    else:
        parts.append('<p class="note">meta.json records no configuration.</p>')

    other = [
        (k, v)
        for k, v in meta.items()
        if k not in ("schema", "grid", "configuration", "invocations", "command_line", "shard")
        and k not in META_VERSIONS
        and not any(k == f for f, _ in facts)
    ]
    if other:
        parts.append("<h3>Other meta.json entries</h3>")
        parts.append(_kv_table([(k, "<code>{}</code>".format(esc(v))) for k, v in other]))
    return parts


def build_html(results, out_dir, figures, skipped=(), failed=()):
    """The page as a string."""
    try:
        schema = schema_mod.for_results(results)
    except DataError:
        schema = None
    title = "tcp-teardown report: {}".format(os.path.basename(os.path.abspath(results)))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>{}</title>".format(esc(title)),
        "<style>{}</style>".format(CSS),
        "</head><body>",
        "<h1>{}</h1>".format(esc(title)),
        '<p class="note">Results folder: <code>{}</code>. Written by tdplot.make_figures '
        "(plots/make_figures.py); see doc/figures.md.</p>".format(esc(os.path.abspath(results))),
        '<p><a href="#figures">Figures</a> · <a href="#summary">Summary</a> · <a href="#meta">Meta</a></p>',
        '<h2 id="figures">Figures</h2>',
    ]
    parts += problems_html(skipped, failed)
    parts.append('<div class="figures">')
    parts += figures_html(figures, out_dir)
    parts.append("</div>")
    parts.append('<h2 id="summary">Summary</h2>')
    parts += summary_html(results, out_dir, schema)
    parts.append('<h2 id="meta">Meta</h2>')
    parts += meta_html(results)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_report(results, out_dir, figures, skipped=(), failed=()):
    """Write out_dir/report.html whole (temporary file, then rename);
    returns its path."""
    os.makedirs(out_dir, exist_ok=True)
    text = build_html(results, out_dir, figures, skipped, failed)
    path = os.path.join(out_dir, NAME)
    tmp = "{}.tmp{}".format(path, os.getpid())
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return path
