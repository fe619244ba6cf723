# SPDX-License-Identifier: GPL-2.0-only
"""The ladder diagram (figure 6) of known real runs: one arrow per row of
segments.csv, the dropped ones marked, states shaded, labels that never
overlap."""

import math

import numpy as np
import pytest
from matplotlib.patches import FancyArrowPatch, Rectangle

from tdplot import ladder
from conftest import read_rows


def segments_of(results, run=0):
    return [r for r in read_rows(results + "/segments.csv") if int(r["run_index"]) == run]


def transitions_of(results, run=0):
    return [r for r in read_rows(results + "/transitions.csv") if int(r["run_index"]) == run]


def arrows(fig):
    return [p for ax in fig.axes for p in ax.patches if isinstance(p, FancyArrowPatch) and (p.get_gid() or "").startswith("segment:")]


def drop_marks(fig):
    return [ln for ax in fig.axes for ln in ax.get_lines() if (ln.get_gid() or "").startswith("drop:")]


def texts(fig):
    return [t for ax in fig.axes for t in ax.texts]


# -- geometry for the overlap check (independent of ladder.py's own) --------


def text_polygon(t, renderer):
    """The corners of a (possibly rotated) text's box in display pixels:
    the unrotated box measured by matplotlib, rotated about the anchor as
    rotation_mode='anchor' does."""
    angle = t.get_rotation()
    if t.get_rotation_mode() != "anchor" or angle == 0:
        bb = t.get_window_extent(renderer)
        return np.array([[bb.x0, bb.y0], [bb.x1, bb.y0], [bb.x1, bb.y1], [bb.x0, bb.y1]])
    t.set_rotation(0)
    bb = t.get_window_extent(renderer)
    t.set_rotation(angle)
    ax_, ay_ = t.get_transform().transform(t.get_position())
    a = math.radians(angle)
    rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    corners = np.array([[bb.x0, bb.y0], [bb.x1, bb.y0], [bb.x1, bb.y1], [bb.x0, bb.y1]]) - [ax_, ay_]
    return corners @ rot.T + [ax_, ay_]


def overlap(p, q, tolerance=0.5):
    """Separating axis test; boxes may touch or overlap by < tolerance px."""
    for poly in (p, q):
        for i in range(4):
            e = poly[(i + 1) % 4] - poly[i]
            axis = np.array([-e[1], e[0]]) / np.hypot(*e)
            a, b = p @ axis, q @ axis
            if a.max() - tolerance <= b.min() or b.max() - tolerance <= a.min():
                return False
    return True


def assert_no_text_overlaps(fig):
    renderer = fig.canvas.get_renderer()
    items = [(t, text_polygon(t, renderer)) for t in texts(fig) if t.get_text().strip()]
    assert items
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            a, pa = items[i]
            b, pb = items[j]
            assert not overlap(pa, pb), "texts overlap: {!r} and {!r}".format(a.get_text(), b.get_text())


def assert_every_segment_labelled_once(drawn, n):
    covered = [k for label in drawn["labels"] for k in label["segments"]]
    assert sorted(covered) == list(range(n)), drawn["unlabelled"]
    assert drawn["unlabelled"] == []


# -- the four-way close with A's final ACK lost -----------------------------


def test_lost_final_ack_has_one_arrow_per_segment_and_one_dropped(lost_final_ack):
    rows = segments_of(lost_final_ack)
    fig, drawn = ladder.build_figure(ladder.load_run(lost_final_ack))
    drawn_arrows = arrows(fig)
    assert len(drawn_arrows) == len(rows)
    dropped_rows = [k for k, r in enumerate(rows) if r["dropped"] == "1"]
    assert len(dropped_rows) == 1
    assert rows[dropped_rows[0]]["direction"] == "a2b" and rows[dropped_rows[0]]["flags"] == "ACK"
    dropped_arrows = [p for p in drawn_arrows if p.get_gid().endswith(":dropped")]
    assert [p.get_gid() for p in dropped_arrows] == ["segment:{}:dropped".format(dropped_rows[0])]
    marks = drop_marks(fig)
    assert [m.get_gid() for m in marks] == ["drop:{}".format(dropped_rows[0])]
    assert marks[0].get_marker() == "x"
    # the drawn record matches the file row by row
    for row, arrow in zip(rows, drawn["arrows"]):
        assert arrow["direction"] == row["direction"]
        assert arrow["flags"] == row["flags"]
        assert arrow["sent"] == pytest.approx(float(row["sent_s"]))
        assert arrow["time"] == pytest.approx(float(row["time_s"]))
        assert arrow["dropped"] == (row["dropped"] == "1")


def test_dropped_arrow_stops_short_of_the_receiver_at_the_mark(lost_final_ack):
    fig, drawn = ladder.build_figure(ladder.load_run(lost_final_ack))
    delivered = [a for a in drawn["arrows"] if a["direction"] == "a2b" and not a["dropped"]]
    x_a, x_b = delivered[0]["start"][0], delivered[0]["end"][0]
    lost = [a for a in drawn["arrows"] if a["dropped"]][0]
    assert lost["start"][0] == pytest.approx(x_a)
    assert x_a < lost["end"][0] < x_b - 0.05  # never reaches B's axis
    mark = drop_marks(fig)[0]
    assert (mark.get_xdata()[0], mark.get_ydata()[0]) == pytest.approx(lost["end"])


def test_arrows_run_from_sender_to_receiver_and_down_in_time(lost_final_ack):
    fig, drawn = ladder.build_figure(ladder.load_run(lost_final_ack))
    x_a = min(a["start"][0] for a in drawn["arrows"])
    x_b = max(a["start"][0] for a in drawn["arrows"])
    for a in drawn["arrows"]:
        assert a["start"][0] == pytest.approx(x_a if a["direction"] == "a2b" else x_b)
        if not a["dropped"]:
            assert a["end"][0] == pytest.approx(x_b if a["direction"] == "a2b" else x_a)
        assert a["end"][1] < a["start"][1]  # time runs down
    starts = [a["start"][1] for a in sorted(drawn["arrows"], key=lambda a: a["sent"])]
    assert all(b <= a + 1e-9 for a, b in zip(starts, starts[1:]))


def test_lost_final_ack_labels_cover_every_segment_and_never_overlap(lost_final_ack):
    rows = segments_of(lost_final_ack)
    for width in ("one", "two"):
        for seqack in (False, True):
            fig, drawn = ladder.build_figure(ladder.load_run(lost_final_ack), width=width, seqack=seqack)
            assert fig.get_size_inches()[0] == pytest.approx({"one": 3.5, "two": 7.0}[width])
            assert_every_segment_labelled_once(drawn, len(rows))
            assert_no_text_overlaps(fig)
            labels = " ".join(label["text"] for label in drawn["labels"])
            assert ("seq=" in labels) == seqack
            assert "FIN" in labels


def test_lost_final_ack_idle_gaps_are_compressed_and_labelled(lost_final_ack):
    fig, drawn = ladder.build_figure(ladder.load_run(lost_final_ack))
    # B's RTO wait (~200 ms) and the rest of A's TIME_WAIT (~2 s)
    lengths = sorted(g1 - g0 for g0, g1 in drawn["gaps"])
    assert len(lengths) == 2
    assert 0.15 < lengths[0] < 0.25 and 1.9 < lengths[1] < 2.05
    gap_texts = [t.get_text() for t in texts(fig) if t.get_gid() == "gap"]
    assert len(gap_texts) == 2 and any(t.endswith(" ms") for t in gap_texts) and any(t.endswith(" s") for t in gap_texts)
    linear, linear_drawn = ladder.build_figure(ladder.load_run(lost_final_ack), axis="linear")
    assert linear_drawn["gaps"] == []


def test_state_bands_follow_transitions_csv(lost_final_ack):
    fig, drawn = ladder.build_figure(ladder.load_run(lost_final_ack))
    bands = {p.get_gid() for ax in fig.axes for p in ax.patches if isinstance(p, Rectangle) and (p.get_gid() or "").startswith("state:")}
    for gid in ("state:A:FIN_WAIT_1", "state:A:FIN_WAIT_2", "state:A:TIME_WAIT", "state:B:LAST_ACK"):
        assert gid in bands
    trs = transitions_of(lost_final_ack)
    tw_start = [float(t["time_s"]) for t in trs if t["endpoint"] == "A" and t["to"] == "TIME_WAIT"][0]
    tw_end = [float(t["time_s"]) for t in trs if t["endpoint"] == "A" and t["from"] == "TIME_WAIT"][0]
    got = [(s, t0, t1) for s, t0, t1, _inferred in drawn["states"]["A"] if s == "TIME_WAIT"]
    assert got == [("TIME_WAIT", pytest.approx(tw_start), pytest.approx(tw_end))]
    # 2 x MSL from the last FIN's arrival (the retransmitted FIN restarts it)
    last_fin = max(float(r["time_s"]) for r in segments_of(lost_final_ack) if r["direction"] == "b2a" and "FIN" in r["flags"])
    assert tw_end - last_fin == pytest.approx(2.0)
    names = {t.get_text() for t in texts(fig) if t.get_gid() == "statename"}
    assert {"FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT", "CLOSE_WAIT", "LAST_ACK", "CLOSED"} <= names


def test_from_close_and_window(lost_final_ack):
    rows = segments_of(lost_final_ack)
    trs = transitions_of(lost_final_ack)
    close = min(float(t["time_s"]) for t in trs if t["endpoint"] == "A" and t["from"] == "ESTABLISHED")
    fig, drawn = ladder.build_figure(ladder.load_run(lost_final_ack), from_close=True)
    want = [r for r in rows if float(r["time_s"]) > close]  # sent after, or in flight at, the close
    assert len(drawn["arrows"]) == len(want)
    assert not any("SYN" in a["flags"] for a in drawn["arrows"])
    assert_no_text_overlaps(fig)
    # a window in seconds since the close call: the first 60 ms only
    fig, drawn = ladder.build_figure(ladder.load_run(lost_final_ack), tmin=0.0, tmax=0.06)
    inside = [r for r in rows if float(r["sent_s"]) >= close and float(r["time_s"]) <= close + 0.06]
    assert len(drawn["arrows"]) == len(inside)
    assert drawn["outside"] == len(rows) - len(inside)


def test_ticks_count_from_the_close_call(lost_final_ack):
    fig, drawn = ladder.build_figure(ladder.load_run(lost_final_ack))
    ticks = {t.get_text(): t.get_position()[1] for t in texts(fig) if t.get_gid() == "tick"}
    assert "0" in ticks
    close = drawn["close_call"]
    first_fin = [a for a in drawn["arrows"] if a["direction"] == "a2b" and "FIN" in a["flags"]][0]
    # A's FIN leaves within a millisecond of the close call: at the 0 tick
    assert abs(first_fin["sent"] - close) < 1e-3
    assert ticks["0"] == pytest.approx(first_fin["start"][1], abs=0.05)


# -- the three-way close with data pending ----------------------------------


def test_three_way_pending_shows_every_segment_and_bursts_share_a_label(three_way_pending):
    rows = segments_of(three_way_pending)
    fig, drawn = ladder.build_figure(ladder.load_run(three_way_pending))
    assert len(arrows(fig)) == len(rows)
    assert not drop_marks(fig)
    assert_every_segment_labelled_once(drawn, len(rows))
    assert_no_text_overlaps(fig)
    data = [r for r in rows if r["direction"] == "b2a" and int(r["length_bytes"]) > 0]
    run = read_rows(three_way_pending + "/runs.csv")[0]
    assert sum(int(r["length_bytes"]) for r in data) == int(run["delivered_bytes"])
    burst = [label["text"] for label in drawn["labels"] if "\u00d7" in label["text"] and "536 B" in label["text"]]
    assert burst, [label["text"] for label in drawn["labels"]]
    title = [t.get_text() for t in texts(fig) if t.get_gid() == "title"][0]
    assert run["discarded_bytes"] + " discarded" in title


def test_no_group_labels_every_segment_alone(three_way_pending):
    rows = segments_of(three_way_pending)
    fig, drawn = ladder.build_figure(ladder.load_run(three_way_pending), group=False, width="two")
    assert not any("\u00d7" in label["text"] for label in drawn["labels"])
    covered = sorted(k for label in drawn["labels"] for k in label["segments"]) + sorted(
        k for u in drawn["unlabelled"] for k in u["segments"]
    )
    assert sorted(covered) == list(range(len(rows)))
    assert_no_text_overlaps(fig)


# -- many runs of every kind ------------------------------------------------


def test_ladders_of_the_sweep_never_overlap(sweep_dir):
    runs = read_rows(sweep_dir + "/runs.csv")
    segs = read_rows(sweep_dir + "/segments.csv")
    # the runs with the most drops and one clean run of each variant
    drops = {}
    for s in segs:
        drops[int(s["run_index"])] = drops.get(int(s["run_index"]), 0) + int(s["dropped"])
    lossy = sorted(drops, key=lambda k: -drops[k])[:4]
    first = {}
    for r in runs:
        first.setdefault(r["variant"], int(r["run_index"]))
    for n in sorted(set(lossy) | set(first.values())):
        for width in ("one", "two"):
            trace = ladder.load_run(sweep_dir, n)
            fig, drawn = ladder.build_figure(trace, width=width)
            assert len(arrows(fig)) == sum(1 for s in segs if int(s["run_index"]) == n)
            assert len(drop_marks(fig)) == drops[n]
            assert_no_text_overlaps(fig)


def test_run_choice_by_filter(sweep_dir):
    trace = ladder.load_run(sweep_dir, filters=[("variant", "three-way"), ("loss_a2b", "0.1")])
    run = [r for r in read_rows(sweep_dir + "/runs.csv") if r["variant"] == "three-way" and r["loss_a2b"] == "0.1"][0]
    assert trace.run_index == int(run["run_index"])
    assert trace.run_row["variant"] == "three-way"
