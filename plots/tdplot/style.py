# SPDX-License-Identifier: GPL-2.0-only
"""The house style: Okabe-Ito colours, one style per close variant and per
outcome, paper widths, fonts.

Nothing here changes matplotlib's settings on import: call ``apply()``
(the figure scripts do, as seaborn's set_theme is called) or use
``context()`` for a with-block."""

import matplotlib

#: Okabe & Ito (2008), "Color Universal Design": distinguishable with every
#: common form of colour blindness.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}

#: One style per close variant: hue pairs the families (four-way blue,
#: three-way orange/vermillion/purple), dashes mark "no TIME_WAIT", markers differ.
VARIANT_STYLES = {
    "four-way": dict(color=OKABE_ITO["blue"], marker="o", linestyle="-"),
    "four-way-no-timewait": dict(color=OKABE_ITO["sky_blue"], marker="s", linestyle="--"),
    "three-way": dict(color=OKABE_ITO["vermillion"], marker="^", linestyle="-"),
    "three-way-no-timewait": dict(color=OKABE_ITO["orange"], marker="v", linestyle="--"),
    "three-way-direct": dict(color=OKABE_ITO["reddish_purple"], marker="P", linestyle=":"),
    "simultaneous": dict(color=OKABE_ITO["bluish_green"], marker="D", linestyle="-."),
    "ns3-stock": dict(color=OKABE_ITO["black"], marker="x", linestyle=":"),
}
VARIANT_ORDER = list(VARIANT_STYLES)
SPARE_STYLES = [
    dict(color=OKABE_ITO["reddish_purple"], marker="P", linestyle="-"),
    dict(color=OKABE_ITO["grey"], marker="*", linestyle="--"),
    dict(color=OKABE_ITO["yellow"], marker="h", linestyle="-."),
]


def variant_style(variant, others=()):
    """Line style of a variant; unknown variants get spare styles."""
    if variant in VARIANT_STYLES:
        return dict(VARIANT_STYLES[variant])
    unknown = sorted(v for v in others if v not in VARIANT_STYLES)
    k = unknown.index(variant) if variant in unknown else 0
    return dict(SPARE_STYLES[k % len(SPARE_STYLES)])


def sort_variants(variants):
    """Variants in the canonical order of the spec, unknown ones last."""
    return sorted(
        set(variants),
        key=lambda v: (VARIANT_ORDER.index(v) if v in VARIANT_ORDER else len(VARIANT_ORDER), v),
    )


#: Outcome colours and hatches (hatches keep them apart in grey print).
OUTCOME_STYLES = {
    "orderly": dict(color=OKABE_ITO["bluish_green"], hatch=""),
    "reset": dict(color=OKABE_ITO["vermillion"], hatch="///"),
    "timeout": dict(color=OKABE_ITO["reddish_purple"], hatch="xxx"),
    "open": dict(color=OKABE_ITO["grey"], hatch="..."),
    "stranded": dict(color=OKABE_ITO["sky_blue"], hatch="---"),
    "aborted": dict(color=OKABE_ITO["orange"], hatch="|||"),
    "orderly, TIME_WAIT cut": dict(color=OKABE_ITO["yellow"], hatch="\\\\\\"),
}
SPARE_OUTCOME_STYLE = dict(color=OKABE_ITO["blue"], hatch="+++")


def outcome_style(outcome):
    """Bar colour and hatch of an outcome (a spare one if unknown)."""
    return dict(OUTCOME_STYLES.get(outcome, SPARE_OUTCOME_STYLE))


#: Figure widths in inches: one column and two columns of a paper.
WIDTHS = {"one": 3.5, "two": 7.0}

BASE_FONT_PT = 8.0

#: matplotlib settings of the house style (see apply()).
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": BASE_FONT_PT,
    "axes.titlesize": BASE_FONT_PT,
    "axes.labelsize": BASE_FONT_PT,
    "xtick.labelsize": BASE_FONT_PT - 1,
    "ytick.labelsize": BASE_FONT_PT - 1,
    "legend.fontsize": BASE_FONT_PT - 1,
    "legend.frameon": False,
    "axes.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "xtick.major.size": 2.5,
    "ytick.major.size": 2.5,
    "lines.linewidth": 1.2,
    "lines.markersize": 4.0,
    "grid.linewidth": 0.4,
    "grid.color": "#D9D9D9",
    "hatch.linewidth": 0.5,
    "pdf.fonttype": 42,  # TrueType in the PDF: selectable text, accepted by publishers
    "ps.fonttype": 42,
    "svg.fonttype": "none",
    "savefig.dpi": 200,
}


def apply():
    """Make the house style matplotlib's current settings."""
    matplotlib.rcParams.update(STYLE)


def context():
    """The house style for a with-block only."""
    return matplotlib.rc_context(STYLE)
