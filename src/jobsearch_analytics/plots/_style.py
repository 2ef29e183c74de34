"""Shared helpers of the plots layer: colours, the small-group marking, titles, rate bars.

Nothing here touches global matplotlib state: every colour, hatch and font size is set on the
artist that uses it, so a plot never changes ``rcParams``.

Examples
--------
>>> label_with_n("LinkedIn", 12)
'LinkedIn (n=12)'
>>> percent(0.1234)
'12%'
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter
from matplotlib.transforms import offset_copy

from jobsearch_analytics.plots._layout import fit_layout

__all__ = [
    "COLORS",
    "OUTCOME_COLORS",
    "SMALL_NOTE",
    "add_small_legend",
    "draw_rate_bars",
    "finish",
    "group_columns",
    "group_labels",
    "label_with_n",
    "legend_below",
    "new_axes",
    "no_data",
    "percent",
    "set_titles",
]

#: Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
COLORS: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
)
#: Colour per outcome, shared by the funnel flow and the competing-outcomes chart.
OUTCOME_COLORS: dict[str, str] = {
    "positive reply": "#009E73",
    "rejection": "#D55E00",
    "silence": "#BBBBBB",
    "open": "#56B4E9",
    "rejected": "#D55E00",
    "withdrawn": "#CC79A7",
    "ghosted": "#999999",
    "accepted": "#009E73",
    "declined": "#E69F00",
}
BAR_COLOR = COLORS[0]
INTERVAL_COLOR = "#222222"
MUTED = "#555555"

#: Legend text for groups flagged ``small`` by the metrics.
SMALL_NOTE = "fewer than 10: few applications, read with care"
#: How a small group's bar is drawn: hatched and lighter, still visible.
SMALL_HATCH = "///"
SMALL_ALPHA = 0.45

#: Columns of every rate table after its grouping columns.
RATE_COLUMNS: tuple[str, ...] = ("n", "k", "rate", "ci_low", "ci_high", "small")


def new_axes(ax: Axes | None, *, figsize: tuple[float, float] = (7.0, 4.0)) -> Axes:
    """Return ``ax``, or the Axes of a new pyplot figure when it is None.

    New figures have no layout engine: the plot function fits their margins once it has
    drawn everything (:func:`finish`), so saving draws the figure once.
    """
    if ax is not None:
        return ax
    # A pyplot figure: shown inline in a notebook, closed with plt.close.
    return plt.figure(figsize=figsize).add_subplot()


def finish(created: bool, ax: Axes) -> Axes:
    """Return ``ax``, after fitting the margins of its figure when the plot function made it.

    A figure the caller passed in (``ax=...``) is the caller's to lay out and is left alone.

    Examples
    --------
    >>> ax = new_axes(None, figsize=(3, 2))
    >>> _ = ax.set_ylabel("applications")
    >>> finish(True, ax) is ax, ax.figure.get_layout_engine() is None
    (True, True)
    >>> plt.close(ax.figure)
    """
    if created:
        fit_layout(ax.figure)
    return ax


def group_columns(result: pd.DataFrame, *, before: str = "n") -> list[str]:
    """The grouping columns of a metric table: every column before ``before``.

    Examples
    --------
    >>> group_columns(pd.DataFrame(columns=["source", "n", "k"]))
    ['source']
    """
    columns = list(result.columns)
    return columns[: columns.index(before)] if before in columns else []


def group_labels(result: pd.DataFrame, keys: Sequence[str], *, empty: str = "all") -> list[str]:
    """One text label per row: the grouping values joined with ' / ' (``empty`` without keys).

    Examples
    --------
    >>> group_labels(pd.DataFrame({"a": ["x", "y"], "b": [1, 2]}), ["a", "b"])
    ['x / 1', 'y / 2']
    """
    if not keys:
        return [empty] * len(result)
    parts = [result[k].astype("object").where(result[k].notna(), "(unknown)") for k in keys]
    return [" / ".join(str(v) for v in row) for row in zip(*parts, strict=True)]


def label_with_n(label: str, n: float) -> str:
    """``'label (n=12)'``; the n is what a reader needs to weigh the number."""
    return f"{label} (n={int(n)})"


def percent(x: float, digits: int = 0) -> str:
    """A share as a percentage, e.g. ``'12%'``; an en dash for a missing value."""
    if x is None or not np.isfinite(x):
        return "–"
    return f"{100 * x:.{digits}f}%"


def no_data(ax: Axes, message: str = "no data to show") -> Axes:
    """Write ``message`` in the middle of an empty Axes and hide its ticks."""
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", color=MUTED)
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def set_titles(
    ax: Axes, title: str | None, subtitle: str | None = None, *, width: int | None = None
) -> None:
    """A left-aligned title with an optional smaller subtitle (a caveat) between it and the plot.

    The subtitle is wrapped to ``width`` characters (default: what fits the Axes' width at
    the time of the call); the title is lifted by its height.
    """
    if width is None:
        inches = ax.get_position().width * ax.figure.get_figwidth()
        # About 15 characters of 8-point text per inch; never narrower than 40 characters.
        width = max(40, int(inches * 15))
    lines = textwrap.wrap(subtitle, width) if subtitle else []
    if lines:
        ax.annotate(
            "\n".join(lines),
            xy=(0, 1),
            xycoords="axes fraction",
            xytext=(0, 5),
            textcoords="offset points",
            ha="left",
            va="bottom",
            fontsize=8,
            color=MUTED,
            annotation_clip=False,
        )
    if title:
        # y=1 fixes the title at the top of the Axes (with the pad above it) instead of letting
        # every draw search the axes for top tick labels to avoid, which these charts never have.
        ax.set_title(title, loc="left", fontsize=11, pad=8 + 10.5 * len(lines), y=1.0)


def legend_below(ax: Axes, handles: Sequence[Artist] | None = None, *, ncols: int = 1) -> None:
    """A frameless legend under the x axis label, where it cannot cover the data."""
    # Below the tick labels, and below the axis label when there is one.
    below = offset_copy(
        ax.transAxes, fig=ax.figure, y=-36 if ax.get_xlabel() else -24, units="points"
    )
    kwargs = {} if handles is None else {"handles": list(handles)}
    ax.legend(
        **kwargs,
        loc="upper left",
        bbox_to_anchor=(0.0, 0.0),
        bbox_transform=below,
        fontsize=8,
        frameon=False,
        ncols=ncols,
    )


def add_small_legend(ax: Axes, *, extra: Sequence[Artist] = ()) -> None:
    """A legend entry explaining the hatched (small-group) bars, plus ``extra`` handles."""
    small = Patch(
        facecolor=BAR_COLOR,
        alpha=SMALL_ALPHA,
        hatch=SMALL_HATCH,
        edgecolor="white",
        label=SMALL_NOTE,
    )
    legend_below(ax, [*extra, small])


def draw_rate_bars(
    ax: Axes,
    table: pd.DataFrame,
    labels: Sequence[str],
    *,
    positions: Sequence[float] | None = None,
    color: str = BAR_COLOR,
    annotate: bool = True,
    gid: str = "rate",
) -> BarContainer:
    """Horizontal bars of ``table['rate']`` with Wilson whiskers ``ci_low``..``ci_high``.

    Rows flagged ``small`` are hatched and lighter; rows with ``n == 0`` get no bar (width 0)
    and the words "no data". The bar container is labelled ``gid`` and the error bars
    ``gid + ' interval'`` so callers and tests can find them. Returns the bar container.
    """
    rate = table["rate"].to_numpy(dtype="float64")
    low = table["ci_low"].to_numpy(dtype="float64")
    high = table["ci_high"].to_numpy(dtype="float64")
    n = table["n"].to_numpy(dtype="float64")
    k = table["k"].to_numpy(dtype="float64")
    small = table["small"].to_numpy(dtype=bool) if "small" in table else np.zeros(len(table), bool)
    y = np.arange(len(table), dtype="float64") if positions is None else np.asarray(positions)
    have = np.isfinite(rate)
    bars = ax.barh(y, np.where(have, rate, 0.0), height=0.6, color=color, label=gid)
    for bar, is_small in zip(bars, small, strict=True):
        if is_small:
            bar.set_alpha(SMALL_ALPHA)
            bar.set_hatch(SMALL_HATCH)
            bar.set_edgecolor("white")
    if have.any():
        err = np.vstack([rate[have] - low[have], high[have] - rate[have]])
        ax.errorbar(
            rate[have],
            y[have],
            xerr=np.clip(err, 0.0, None),
            fmt="none",
            ecolor=INTERVAL_COLOR,
            elinewidth=1.2,
            capsize=3,
            label=f"{gid} interval",
        )
    if annotate:
        for yi, r, hi, ki, ni, ok in zip(y, rate, high, k, n, have, strict=True):
            text = f"{percent(r)}  ({int(ki)}/{int(ni)})" if ok else "no data"
            ax.annotate(
                text,
                xy=(hi if ok else 0.0, yi),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
                color=MUTED,
            )
    ax.set_yticks(y, labels)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    # Room on the right for the "12% (3/25)" labels next to an interval that reaches 100%.
    ax.set_xlim(0.0, 1.22)
    ax.set_xticks(np.linspace(0.0, 1.0, 6))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.8)
    ax.set_axisbelow(True)
    return bars
