# SPDX-License-Identifier: GPL-2.0-only
"""Drawing a laid-out Ladder: title, endpoint names, state bands and
names, the broken axes and their gap marks, ticks, arrows, labels."""

import math

from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Rectangle

from ..style import OKABE_ITO as OK
from .texts import is_control
from .timeaxis import nice_step

#: Colours of the state bands (Okabe-Ito hues, drawn light).
STATE_COLOURS = {
    "LISTEN": "#E6E6E6",
    "SYN_SENT": "#D9D9D9",
    "SYN_RCVD": "#D9D9D9",
    "ESTABLISHED": "#BDBDBD",
    "FIN_WAIT_1": OK["orange"],
    "FIN_WAIT_2": OK["sky_blue"],
    "CLOSING": OK["reddish_purple"],
    "TIME_WAIT": OK["yellow"],
    "CLOSE_WAIT": OK["bluish_green"],
    "LAST_ACK": OK["blue"],
}
STATE_ALPHA = 0.55
DIRECTION_COLOURS = {"a2b": OK["blue"], "b2a": OK["black"]}
LOSS_COLOUR = OK["vermillion"]


def draw(lad):
    """Draw everything onto one full-figure axes; returns the record of
    what was drawn (see figure.build_figure)."""
    ax = lad.fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(0, lad.W)
    ax.set_ylim(0, lad.H)
    ax.axis("off")
    lad.ax = ax
    drawn = dict(
        run_index=lad.trace.run_index,
        window=(lad.start, lad.end),
        origin=lad.origin,
        close_call=lad.close_t,
        gaps=list(lad.gaps),
        arrows=[],
        labels=[],
        unlabelled=[],
        states={},
        outside=lad.outside,
        unit=lad.unit,
        size=(lad.W, lad.H),
    )
    draw_header(lad, ax)
    drawn["states"] = draw_states(lad, ax)
    draw_axes(lad, ax)
    draw_gaps(lad, ax)
    draw_ticks(lad, ax)
    drawn["arrows"] = draw_arrows(lad, ax)
    drawn["labels"], drawn["unlabelled"] = draw_labels(lad, ax)
    if any(s["dropped"] for s in lad.segments):
        ax.text(
            lad.W - 0.04, lad.foot_y, "\u00d7  segment lost", fontsize=lad.fs - 0.5,
            color=LOSS_COLOUR, ha="right", va="bottom", gid="legend:lost",
        )
    return drawn


def draw_header(lad, ax):
    """The title and the endpoint names A and B."""
    if lad.title:
        ax.text(0.04, lad.title_y, lad.title_text, fontsize=lad.fs, ha="left", va="top", color="#333333", gid="title")
    for x, name in ((lad.xA, "A"), (lad.xB, "B")):
        ax.text(x, lad.head_y, name, fontsize=lad.fs + 1.5, fontweight="bold", ha="center", va="top", gid="endpoint:" + name)


def draw_states(lad, ax):
    """The state bands beside each axis and the state names; returns
    {endpoint: [(state, t0, t1, inferred)]}."""
    out = {}
    for e, (b0, b1), name_x, ha in (
        ("A", lad.xA_band, lad.xA_names, "right"),
        ("B", lad.xB_band, lad.xB_names, "left"),
    ):
        out[e] = []
        name_boxes = []
        for state, t0, t1, inferred, entered in lad.states[e]:
            y0, y1 = lad.axis.y(t0), lad.axis.y(t1)
            out[e].append((state, t0, t1, inferred))
            if state in STATE_COLOURS and y0 > y1:
                ax.add_patch(
                    Rectangle(
                        (b0, y1), b1 - b0, y0 - y1, facecolor=STATE_COLOURS[state], alpha=STATE_ALPHA,
                        linewidth=0, gid="state:{}:{}".format(e, state),
                    )
                )
            if not entered and state == "CLOSED":
                continue
            name_boxes.append((state, y0))
        draw_state_names(lad, ax, name_boxes, name_x, ha, (b0, b1))
    return out


def draw_state_names(lad, ax, names, x, ha, band):
    """State names where each state is entered, pushed down (with a thin
    leader) when the previous name is in the way."""
    fs = lad.fs - 0.5
    h = lad.measure("Ag", fs)[1]
    y_floor = None
    for state, y in names:
        top = y
        if y_floor is not None and top > y_floor:
            top = y_floor
        ax.text(x, top, state, fontsize=fs, ha=ha, va="top", color="#222222", gid="statename")
        if y - top > 0.01:
            # shifted down: a thin leader to the moment of entry
            bx = band[0] if ha == "left" else band[1]
            edge = x - 0.015 if ha == "left" else x + 0.015
            ax.add_line(Line2D([bx, edge], [y, top - h / 2], color="#777777", linewidth=0.4))
        y_floor = top - max(h, lad.measure(state, fs)[1]) - 0.01


def draw_axes(lad, ax):
    """A's and B's time axes, dotted across the compressed gaps."""
    for x in (lad.xA, lad.xB):
        for t0, t1, gap in lad.axis.pieces:
            y0, y1 = lad.axis.y(t0), lad.axis.y(t1)
            ax.add_line(
                Line2D([x, x], [y0, y1], color="black", linewidth=0.9, linestyle=":" if gap else "-", solid_capstyle="butt")
            )


def draw_gaps(lad, ax):
    """Break marks on every axis and the length of each compressed gap."""
    for g0, g1 in lad.gaps:
        y = (lad.axis.y(g0) + lad.axis.y(g1)) / 2
        for x in (lad.xA, lad.xB, lad.x_ticks):
            for dy in (-0.022, 0.022):
                ax.add_line(Line2D([x - 0.05, x + 0.05], [y + dy - 0.018, y + dy + 0.018], color="black", linewidth=0.7))
            ax.add_patch(Rectangle((x - 0.05, y - 0.02), 0.1, 0.04, facecolor="white", edgecolor="none", zorder=1.5))
        ax.text(
            (lad.xA + lad.xB) / 2, y, lad.gap_text(g0, g1), fontsize=lad.fs - 0.5, fontstyle="italic",
            color="#555555", ha="center", va="center", gid="gap",
        )


def tick_times(lad):
    """(time, step) of candidate ticks: round steps of at least 0.3 in
    within each linear piece of the axis."""
    ticks = []
    for t0, t1, gap in lad.axis.pieces:
        if gap or t1 <= t0:
            continue
        step = nice_step(0.3 / lad.axis.scale if lad.axis.scale > 0 else (t1 - t0))
        first = math.ceil((t0 - lad.origin) / step - 1e-9)
        last = math.floor((t1 - lad.origin) / step + 1e-9)
        for m in range(int(first), int(last) + 1):
            ticks.append((lad.origin + m * step, step))
    return sorted(ticks)


def tick_label(lad, t, step):
    value = (t - lad.origin) * lad.unit_scale
    decimals = max(0, -int(math.floor(math.log10(step * lad.unit_scale) + 1e-9)))
    label = "{:.{}f}".format(value, decimals)
    if label.startswith("-") and float(label) == 0:
        label = label[1:]
    return label.replace("-", "\u2212")


def draw_ticks(lad, ax):
    """The tick axis at the left: its line, ticks that do not crowd each
    other, and the axis label."""
    fs = lad.fs - 0.5
    h = lad.measure("0", fs)[1]
    x = lad.x_ticks
    for t0, t1, gap in lad.axis.pieces:
        if not gap:
            ax.add_line(Line2D([x, x], [lad.axis.y(t0), lad.axis.y(t1)], color="black", linewidth=0.6))
    last_y = None
    shown = []
    for t, step in tick_times(lad):
        y = lad.axis.y(t)
        if last_y is not None and last_y - y < 1.6 * h:
            continue
        ax.add_line(Line2D([x - 0.035, x], [y, y], color="black", linewidth=0.6))
        ax.text(x - 0.05, y, tick_label(lad, t, step), fontsize=fs, ha="right", va="center", gid="tick")
        shown.append(t)
        last_y = y
    what = "time since A's close ({})" if lad.origin_kind == "close" else "time ({})"
    ax.text(
        0.03, (lad.top + lad.bottom) / 2, what.format(lad.unit), fontsize=fs, rotation=90,
        ha="left", va="center", gid="ylabel",
    )
    lad.ticks_shown = shown


def draw_arrow(ax, a):
    """One segment's arrow (dashed and ending in a cross when lost)."""
    s = a["seg"]
    control = is_control(s)
    patch = FancyArrowPatch(
        tuple(a["p0"]),
        tuple(a["end"]),
        arrowstyle="-" if s["dropped"] else "-|>",
        mutation_scale=6 if not control else 7,
        linewidth=1.3 if control else 0.8,
        linestyle=(0, (3, 1.5)) if s["dropped"] else "-",
        color=LOSS_COLOUR if s["dropped"] else DIRECTION_COLOURS[s["direction"]],
        shrinkA=0,
        shrinkB=0,
        # SYN/FIN/RST and lost segments are drawn over the label boxes
        # (zorder 5), plain ones under them
        zorder=6 if (control or s["dropped"]) else 3,
        gid="segment:{}{}".format(s["index"], ":dropped" if s["dropped"] else ""),
    )
    ax.add_patch(patch)
    if s["dropped"]:
        ax.add_line(
            Line2D(
                [a["end"][0]], [a["end"][1]], marker="x", markersize=6, markeredgewidth=1.6,
                color=LOSS_COLOUR, zorder=7, gid="drop:{}".format(s["index"]),
            )
        )


def draw_arrows(lad, ax):
    """Every segment's arrow; returns their record."""
    out = []
    for a in lad.arrows:
        draw_arrow(ax, a)
        s = a["seg"]
        out.append(
            dict(
                index=s["index"], direction=s["direction"], flags="|".join(s["flags"]), sent=s["sent"],
                time=s["time"], dropped=s["dropped"], start=tuple(a["p0"]), end=tuple(a["end"]),
            )
        )
    return out


def draw_labels(lad, ax):
    """The placed labels; returns (labels drawn, labels left out)."""
    labels, unlabelled = [], []
    for n, it in enumerate(lad.items):
        segs = [lad.arrows[k]["seg"]["index"] for k in it["arrows"]]
        if it.get("placed") is None:
            unlabelled.append(dict(text=it["text"], segments=segs))
            continue
        pl = it["placed"]
        first = lad.arrows[it["arrows"][0]]["seg"]
        ax.text(
            pl["anchor"][0],
            pl["anchor"][1],
            it["text"],
            fontsize=it["size"],
            color=LOSS_COLOUR if it["dropped"] else DIRECTION_COLOURS[first["direction"]],
            rotation=pl["angle"],
            rotation_mode="anchor",
            ha="center",
            va="bottom" if pl["above"] else "top",
            linespacing=1.1,
            zorder=5,
            bbox=dict(boxstyle="square,pad=0.1", facecolor="white", edgecolor="none", alpha=0.8),
            gid="label:{}".format(n),
        )
        labels.append(dict(text=it["text"], segments=segs, polygon=pl["polygon"]))
    return labels, unlabelled
