"""Salary ranges as floating bars, offers as points; one currency per chart, never mixed.

:func:`plot_salary_ranges` reads three shapes of table:

* per group -- :func:`~jobsearch_analytics.metrics.salary.posted_salary`: the bar runs from the
  median posted minimum to the median posted maximum (the typical range), a thin line from the
  lowest minimum to the highest maximum (the spread), a tick at the median midpoint;
* per offer -- :func:`~jobsearch_analytics.metrics.salary.offers_vs_posted`: the bar is the
  offer's own posted range, the points the initial (hollow) and final (filled) offers;
* per posting -- ``SalaryTarget.rows`` (``annual_min``, ``annual_max``).

Examples
--------
>>> import pandas as pd
>>> rows = pd.DataFrame({"application_id": ["a", "b"], "company": ["Acme", "Beta"],
...     "currency": ["USD", "USD"], "annual_min": [50e3, 60e3], "annual_max": [70e3, 90e3]})
>>> ax = plot_salary_ranges(rows)
>>> [(float(bar.get_x()), float(bar.get_width())) for bar in ax.containers[0]]
[(50000.0, 20000.0), (60000.0, 30000.0)]
>>> import matplotlib.pyplot as plt; plt.close(ax.figure)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from jobsearch_analytics.plots._style import (
    COLORS,
    MUTED,
    finish,
    legend_below,
    new_axes,
    no_data,
    set_titles,
)

__all__ = ["plot_salary_ranges"]


def _money(x: float, _pos: object = None) -> str:
    if abs(x) >= 1e6:
        return f"{x / 1e6:.1f}M"
    if abs(x) >= 1e3:
        return f"{x / 1e3:.0f}k"
    return f"{x:.0f}"


def _shape(result: pd.DataFrame) -> str:
    if "annual_min_median" in result:
        return "group"
    if "posted_min" in result:
        return "offer"
    if "annual_min" in result:
        return "posting"
    raise ValueError(
        "plot_salary_ranges needs the output of posted_salary, offers_vs_posted or "
        "SalaryTarget.rows (columns annual_min_median, posted_min or annual_min)"
    )


def plot_salary_ranges(
    result: pd.DataFrame,
    *,
    ax: Axes | None = None,
    currency: str | None = None,
    max_rows: int = 25,
    title: str | None = None,
) -> Axes:
    """Floating bars from the posted minimum to the maximum, one per group or application.

    Parameters
    ----------
    result : DataFrame
        ``posted_salary`` (per group), ``offers_vs_posted`` (per offer) or ``SalaryTarget.rows``
        (per posting); see the module notes.
    ax : Axes, optional
        Where to draw; a new figure is made when omitted.
    currency : str, optional
        The currency to show. Default: the most common one; rows in other currencies are left
        out and the subtitle says how many.
    max_rows : int
        Most rows drawn; per group the groups with the most postings are kept, and the
        subtitle says how many were left out.
    title : str, optional
        Override the title.

    Returns
    -------
    Axes
        Bars (one :class:`~matplotlib.container.BarContainer`, one bar per row with a range,
        labelled ``'typical posted range'`` or ``'posted range'``) with ``x`` = start
        and ``width`` = end - start, sorted by midpoint, lowest at the bottom. Per group also
        a spread line per row (gid ``'spread'``, a LineCollection) and median-midpoint ticks
        (``'median midpoint'``);
        per offer the offers as points (``'offer initial'``, ``'offer final'``). Tick labels
        carry n (per group).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"role": ["analyst", "engineer"], "currency": ["USD", "EUR"], "n": [3, 2],
    ...     "mid_low": [50e3, 70e3], "mid_median": [60e3, 80e3], "mid_high": [70e3, 90e3],
    ...     "annual_min_low": [40e3, 60e3], "annual_min_median": [50e3, 70e3],
    ...     "annual_min_high": [60e3, 80e3], "annual_max_low": [60e3, 80e3],
    ...     "annual_max_median": [70e3, 90e3], "annual_max_high": [80e3, 100e3]})
    >>> ax = plot_salary_ranges(t, currency="EUR")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['engineer (n=2)']
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    shape = _shape(result)
    frame, chosen, notes = _one_currency(result, currency)
    frame, start, end, labels, shown = _rows(result, frame, shape, max_rows)
    frame, start, end, labels = _ladder(frame, start, end, labels)
    created = ax is None
    # Long role names take room from the plot: widen the figure by their length.
    label_inches = 0.075 * max((len(lab) for lab in labels), default=0)
    ax = new_axes(ax, figsize=(5.0 + label_inches, 1.8 + 0.36 * max(len(frame), 1)))
    subtitle = " ".join([*([_GROUP_NOTE] if shape == "group" else []), *notes, *shown])
    set_titles(ax, _TITLES[shape] if title is None else title, subtitle or None, width=60)
    if len(frame) == 0:
        return finish(created, no_data(ax, "no salary figures to show"))
    y = np.arange(len(frame), dtype="float64")
    has = _draw_ranges(ax, y, start, end, shape)
    if shape == "group":
        _draw_group_marks(ax, frame, y)
    if shape == "offer":
        _draw_offers(ax, frame, y, has)
    _style_axes(ax, y, labels, chosen)
    return finish(created, ax)


_TITLES = {
    "group": "Posted salary ranges (annual)",
    "offer": "Offers against their posted ranges",
    "posting": "Posted salary ranges (annual)",
}
_GROUP_NOTE = (
    "Bar: median posted min to median posted max; line: lowest min to highest max; "
    "tick: median midpoint."
)


def _one_currency(
    result: pd.DataFrame, currency: str | None
) -> tuple[pd.DataFrame, str | None, list[str]]:
    """The rows in ``currency`` (default: the most common one), that currency, and a note
    saying how many rows in other currencies were left out."""
    if "currency" not in result or not result["currency"].notna().any():
        return result, currency, []
    codes = result["currency"].astype("object")
    counts = codes.value_counts()
    chosen = currency if currency is not None else str(counts.index[0])
    others = int(len(result) - counts.get(chosen, 0))
    notes = []
    if others:
        rows = "row" if others == 1 else "rows"
        notes.append(f"{others} {rows} in other currencies left out (never mixed).")
    return result[codes.eq(chosen).to_numpy()], chosen, notes


def _rows(
    result: pd.DataFrame, frame: pd.DataFrame, shape: str, max_rows: int
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, list[str], list[str]]:
    """The rows drawn (at most ``max_rows``), where each bar starts and ends, its tick label,
    and a note when rows were left out."""
    notes = []
    if shape == "group":
        keys = list(result.columns[: list(result.columns).index("currency")])
        if len(frame) > max_rows:
            notes.append(f"Showing the {max_rows} of {len(frame)} groups with most postings.")
            frame = frame.sort_values("n", ascending=False, kind="stable").head(max_rows)
        start = frame["annual_min_median"].to_numpy(dtype="float64")
        end = frame["annual_max_median"].to_numpy(dtype="float64")
        labels = [
            f"{' / '.join(str(row[k]) for k in keys)} (n={int(row['n'])})"
            for _, row in frame.iterrows()
        ]
        return frame, start, end, labels, notes
    lo, hi = ("posted_min", "posted_max") if shape == "offer" else ("annual_min", "annual_max")
    if shape == "offer":
        frame = frame[frame[lo].notna() | frame["offer_final"].notna()]
    if len(frame) > max_rows:
        notes.append(f"Showing {max_rows} of {len(frame)} rows.")
        frame = frame.head(max_rows)
    start = frame[lo].fillna(frame[hi]).to_numpy(dtype="float64")
    end = frame[hi].fillna(frame[lo]).to_numpy(dtype="float64")
    name_cols = [c for c in ("company", "role") if c in frame]
    labels = [
        " – ".join(str(row[c]) for c in name_cols if pd.notna(row[c]))
        or str(row.get("application_id", i))
        for i, (_, row) in enumerate(frame.iterrows())
    ]
    return frame, start, end, labels, notes


def _ladder(
    frame: pd.DataFrame, start: np.ndarray, end: np.ndarray, labels: list[str]
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, list[str]]:
    """The rows sorted by midpoint, so the eye reads a ladder; rows without a range first
    (at the bottom)."""
    mid = (start + end) / 2
    order = np.argsort(np.where(np.isfinite(mid), mid, -np.inf), kind="stable")
    return frame.iloc[order], start[order], end[order], [labels[i] for i in order]


def _draw_ranges(
    ax: Axes, y: np.ndarray, start: np.ndarray, end: np.ndarray, shape: str
) -> np.ndarray:
    """One floating bar per row with a range; returns which rows have one."""
    has = np.isfinite(start) & np.isfinite(end)
    # Rows without a range get no bar (a zero-width bar at 0 would stretch the axis to 0).
    ax.barh(
        y[has],
        (end - start)[has],
        left=start[has],
        height=0.55,
        color=COLORS[0],
        alpha=0.7,
        label="typical posted range" if shape == "group" else "posted range",
    )
    # A single figure (min = max) would be an invisible bar: give it a visible tick.
    single = has & (end == start)
    if single.any():
        ax.plot(
            start[single], y[single], linestyle="none", marker="|", markersize=10, color=COLORS[0]
        )
    return has


def _draw_group_marks(ax: Axes, frame: pd.DataFrame, y: np.ndarray) -> None:
    """Per group: the spread line (lowest min to highest max) and the median midpoint."""
    spread = ax.hlines(
        y,
        frame["annual_min_low"].to_numpy(dtype="float64"),
        frame["annual_max_high"].to_numpy(dtype="float64"),
        color=MUTED,
        linewidth=1.0,
        label="lowest min to highest max",
        zorder=1,
    )
    spread.set_gid("spread")
    (ticks,) = ax.plot(
        frame["mid_median"].to_numpy(dtype="float64"),
        y,
        linestyle="none",
        marker="|",
        markersize=12,
        markeredgewidth=2,
        color="black",
        label="median midpoint",
    )
    ticks.set_gid("median midpoint")


def _draw_offers(ax: Axes, frame: pd.DataFrame, y: np.ndarray, has: np.ndarray) -> None:
    """Per offer: the initial (hollow) and final (filled) offers as points, and "no posted
    range" next to an offer whose posting had none."""
    for column, face, label in (
        ("offer_initial", "white", "initial offer"),
        ("offer_final", COLORS[3], "final offer"),
    ):
        (pts,) = ax.plot(
            frame[column].to_numpy(dtype="float64"),
            y,
            linestyle="none",
            marker="o",
            markersize=7,
            markerfacecolor=face,
            markeredgecolor=COLORS[3],
            label=label,
        )
        pts.set_gid(column.replace("_", " "))
    # Said next to the offer itself, where the eye already is.
    furthest = frame[["offer_initial", "offer_final"]].max(axis=1).to_numpy(dtype="float64")
    for yi, ok, x_offer in zip(y, has, furthest, strict=True):
        if not ok and np.isfinite(x_offer):
            ax.annotate(
                "no posted range",
                xy=(x_offer, yi),
                xytext=(9, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
                color=MUTED,
            )


def _style_axes(ax: Axes, y: np.ndarray, labels: list[str], currency: str | None) -> None:
    ax.set_yticks(y, labels)
    ax.xaxis.set_major_formatter(FuncFormatter(_money))
    ax.set_xlabel(f"annual salary ({currency})" if currency else "annual salary")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#ececec", linewidth=0.8)
    ax.set_axisbelow(True)
    legend_below(ax, ncols=2)
