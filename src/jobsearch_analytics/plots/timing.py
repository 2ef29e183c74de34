"""Timing charts: waiting curves (Kaplan-Meier), competing outcomes, and when silence is ghosting.

They draw the tables of :mod:`jobsearch_analytics.metrics.timing` as step functions, because
the estimates only change on days something happened. Every curve carries its interval band.

Examples
--------
>>> import pandas as pd
>>> from jobsearch_analytics.model import JobSearch
>>> from jobsearch_analytics.metrics.timing import time_to_response
>>> s = JobSearch.from_frames(
...     pd.DataFrame({"application_id": list("abcd"), "stage": "applied",
...                   "date_applied": "2024-03-01"}),
...     pd.DataFrame({"application_id": ["a", "b"], "date": ["2024-03-04", "2024-03-11"],
...                   "date_known": True, "kind": ["response", "rejection"]}))
>>> ax = plot_survival(time_to_response(s, today="2024-03-31"))
>>> line = next(l for l in ax.lines if l.get_gid() == "survival:all")
>>> line.get_ydata().tolist()
[1.0, 0.75, 0.5, 0.5]
>>> import matplotlib.pyplot as plt; plt.close(ax.figure)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.ticker import PercentFormatter

from jobsearch_analytics.plots._style import (
    COLORS,
    MUTED,
    OUTCOME_COLORS,
    finish,
    group_labels,
    new_axes,
    no_data,
    percent,
    set_titles,
)

__all__ = ["plot_competing", "plot_ghosting", "plot_survival"]

_KM_COLUMNS = ("day", "at_risk", "events", "censored", "survival", "ci_low", "ci_high")
_CIF_COLUMNS = ("day", "outcome", "cif", "ci_low", "ci_high")


def _keys_before(result: pd.DataFrame, first: str) -> list[str]:
    columns = list(result.columns)
    return columns[: columns.index(first)] if first in columns else []


def _percent_axis(ax: Axes, label: str) -> None:
    ax.set_ylim(-0.02, 1.02)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylabel(label)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(color="#ececec", linewidth=0.8)
    ax.set_axisbelow(True)


def plot_survival(
    result: pd.DataFrame,
    *,
    ax: Axes | None = None,
    censor_ticks: bool = True,
    title: str | None = None,
    event: str = "reply",
    level: float = 0.95,
) -> Axes:
    """Kaplan-Meier curves of the share still waiting, one step curve and band per group.

    Parameters
    ----------
    result : DataFrame
        The output of :func:`~jobsearch_analytics.metrics.timing.time_to_response`.
    ax : Axes, optional
        Where to draw; a new figure is made when omitted.
    censor_ticks : bool
        Mark days on which applications still waiting were last seen (censored) with a tick.
    title : str, optional
        Override the title.
    event : {'reply', 'interview'}
        What was waited for (as passed to the metric), for the words on the chart.
    level : float
        The confidence level the metric used, for the note under the title.

    Returns
    -------
    Axes
        Per group: a step line (gid ``'survival:<group>'``) through ``(0, 1)`` and every
        ``(day, survival)``; a band (gid ``'band:<group>'``) between ``ci_low`` and
        ``ci_high`` (left open where the interval is undefined); and, with ``censor_ticks``,
        markers (gid ``'censored:<group>'``) at the censoring days. Legend labels carry n.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"day": [3.0, 10.0], "at_risk": [4.0, 3.0], "events": [1.0, 1.0],
    ...     "censored": [0.0, 2.0], "survival": [0.75, 0.5], "ci_low": [0.13, 0.06],
    ...     "ci_high": [0.96, 0.84]})
    >>> ax = plot_survival(t)
    >>> [c.get_gid() for c in ax.collections]
    ['band:all']
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    keys = _keys_before(result, "day")
    created = ax is None
    # A grouped chart keeps its legend beside the axes, so it gets the width for it.
    ax = new_axes(ax, figsize=(8.6, 4.5) if keys else (7.0, 4.5))
    waited = "a reply" if event == "reply" else f"an {event}" if event[0] in "aeiou" else event
    set_titles(
        ax,
        f"Share of applications still waiting for {waited}" if title is None else title,
        f"Kaplan-Meier estimate: applications still waiting are counted until today, not as "
        f"'never'. Bands: {level:.0%} intervals.",
    )
    if len(result) == 0:
        return finish(created, no_data(ax))
    frame = result.assign(_group=group_labels(result, keys))
    groups = frame.groupby("_group", sort=False)
    # Overlapping bands add up: the more groups, the lighter each band.
    alpha = 0.18 if groups.ngroups <= 2 else max(0.05, 0.36 / groups.ngroups)
    for g, (group, part) in enumerate(groups):
        n = int(part["at_risk"].iloc[0])
        label = f"{group} (n={n})" if keys else f"all applications (n={n})"
        color = COLORS[g % len(COLORS)]
        _draw_waiting_curve(ax, part, str(group), label, color, censor_ticks, alpha)
    _percent_axis(ax, f"still waiting for {waited}")
    ax.set_xlim(left=0)
    ax.set_xlabel("days since applying")
    if censor_ticks:
        # A legend-only entry explaining the tick marks.
        ax.plot(
            [],
            [],
            linestyle="none",
            marker="|",
            color=MUTED,
            label="still waiting when last seen (censored)",
        )
    _place_legend(ax, grouped=bool(keys))
    return finish(created, ax)


def _place_legend(ax: Axes, *, grouped: bool) -> None:
    """Put the legend where the curves are not: they start at 100% and stay high, so one
    curve leaves the lower left empty; several curves get the legend beside the axes."""
    if grouped:
        ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    else:
        ax.legend(fontsize=8, frameon=False, loc="lower left")


def _from_start(part: pd.DataFrame, column: str, start: float) -> np.ndarray:
    """``part[column]`` after a first value ``start`` (day 0)."""
    return np.concatenate([[start], part[column].to_numpy(dtype="float64")])


def _draw_band(
    ax: Axes, day: np.ndarray, edge: np.ndarray, low: np.ndarray, high: np.ndarray, **style: object
) -> PolyCollection:
    """A step band from ``low`` to ``high``, left open where the interval is undefined."""
    defined = np.isfinite(low) & np.isfinite(high)
    return ax.fill_between(
        day,
        np.where(defined, low, edge),
        np.where(defined, high, edge),
        where=defined,
        step="post",
        **style,
    )


def _draw_waiting_curve(
    ax: Axes,
    part: pd.DataFrame,
    group: str,
    label: str,
    color: str,
    censor_ticks: bool,
    alpha: float = 0.18,
) -> None:
    """One group's Kaplan-Meier step line, its band and its censoring ticks."""
    day = _from_start(part, "day", 0.0)
    surv = _from_start(part, "survival", 1.0)
    (line,) = ax.step(day, surv, where="post", color=color, linewidth=1.8, label=label)
    line.set_gid(f"survival:{group}")
    low, high = _from_start(part, "ci_low", 1.0), _from_start(part, "ci_high", 1.0)
    band = _draw_band(ax, day, surv, low, high, color=color, alpha=alpha, linewidth=0)
    band.set_gid(f"band:{group}")
    if censor_ticks:
        censored = part["censored"].to_numpy(dtype="float64") > 0
        (ticks,) = ax.plot(
            part["day"].to_numpy(dtype="float64")[censored],
            part["survival"].to_numpy(dtype="float64")[censored],
            linestyle="none",
            marker="|",
            markersize=7,
            color=color,
        )
        ticks.set_gid(f"censored:{group}")


def plot_competing(
    result: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    level: float = 0.95,
) -> Axes:
    """Stacked cumulative incidence: positive reply, then rejection, then still silent, by day.

    Parameters
    ----------
    result : DataFrame
        The output of :func:`~jobsearch_analytics.metrics.timing.competing_outcomes` for one
        group (filter a grouped result first).
    ax : Axes, optional
        Where to draw; a new figure is made when omitted.
    title : str, optional
        Override the title.
    level : float
        The confidence level the metric used, for the note under the title.

    Returns
    -------
    Axes
        Three stacked areas (gids ``'area:positive reply'``, ``'area:rejection'``,
        ``'area:silence'``) that add to 100% on every day. The two boundaries are drawn as
        step lines: ``'boundary:positive reply'`` at the positive-reply incidence and
        ``'boundary:rejection'`` at positive + rejection (= 1 - silence), each with its
        interval band (``'interval:...'``; the second boundary's band is the silence curve's
        interval, flipped).

    Raises
    ------
    ValueError
        When the result holds several groups.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"day": [3.0] * 3, "outcome": ["positive reply", "rejection", "silence"],
    ...     "cif": [0.25, 0.25, 0.5], "ci_low": [0.0, 0.0, 0.1], "ci_high": [0.6, 0.6, 0.8]})
    >>> ax = plot_competing(t)
    >>> edge = next(l for l in ax.lines if l.get_gid() == "boundary:rejection")
    >>> edge.get_ydata().tolist()
    [0.0, 0.5]
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    keys = _keys_before(result, "day")
    if keys and len(result[keys].drop_duplicates()) > 1:
        raise ValueError(
            f"plot_competing draws one group; this result is grouped by {keys}: select one "
            f"group first, e.g. result[result[{keys[0]!r}] == ...]"
        )
    created = ax is None
    ax = new_axes(ax, figsize=(7.0, 4.5))
    set_titles(
        ax,
        "What happened to applications, by days since applying" if title is None else title,
        "Cumulative share with a positive first reply, a rejection, or still no reply "
        f"(competing outcomes; lines: boundaries with {level:.0%} interval bands).",
    )
    if len(result) == 0:
        return finish(created, no_data(ax))
    day, series = _competing_series(result)
    pos, rej, silent = (series("cif", o) for o in ("positive reply", "rejection", "silence"))
    _draw_stack(ax, day, pos, rej, silent)
    _draw_boundaries(ax, day, series)
    _percent_axis(ax, "share of applications")
    ax.set_xlim(0, day[-1] if day[-1] > 0 else 1.0)
    ax.set_xlabel("days since applying")
    handles, names = ax.get_legend_handles_labels()
    # Top layer first in the legend, as stacked on the chart.
    ax.legend(handles[::-1], names[::-1], fontsize=8, loc="upper right", framealpha=0.9)
    return finish(created, ax)


def _competing_series(
    result: pd.DataFrame,
) -> tuple[np.ndarray, Callable[[str, str], np.ndarray]]:
    """The days (from day 0) and a function giving a column of one outcome on those days,
    starting from its day-0 value (silence 1, the others 0); an outcome the table lacks is
    that value throughout."""
    wide = {
        col: result.pivot_table(index="day", columns="outcome", values=col, aggfunc="first")
        for col in ("cif", "ci_low", "ci_high")
    }
    day = np.concatenate([[0.0], wide["cif"].index.to_numpy(dtype="float64")])

    def series(col: str, outcome: str) -> np.ndarray:
        frame = wide[col]
        start = 1.0 if outcome == "silence" else 0.0
        values = (
            frame[outcome].to_numpy(dtype="float64")
            if outcome in frame
            else np.full(len(frame), start)
        )
        return np.concatenate([[start], values])

    return day, series


def _draw_stack(
    ax: Axes, day: np.ndarray, pos: np.ndarray, rej: np.ndarray, silent: np.ndarray
) -> None:
    """The three stacked areas, each labelled with its share on the last day."""
    layers = [
        ("positive reply", np.zeros_like(pos), pos),
        ("rejection", pos, pos + rej),
        ("silence", pos + rej, pos + rej + silent),
    ]
    last = {"positive reply": pos[-1], "rejection": rej[-1], "silence": silent[-1]}
    for name, bottom, top in layers:
        area = ax.fill_between(
            day,
            bottom,
            top,
            step="post",
            color=OUTCOME_COLORS[name],
            alpha=0.55 if name != "silence" else 0.35,
            linewidth=0,
            label=f"{name} ({percent(last[name])} by day {int(day[-1])})",
        )
        area.set_gid(f"area:{name}")


def _draw_boundaries(ax: Axes, day: np.ndarray, series: Callable[[str, str], np.ndarray]) -> None:
    """The two boundaries of the stack as step lines, each with its interval band (hatched).

    The second boundary is positive + rejection = 1 - silence: its band is the silence
    curve's interval, flipped.
    """
    pos, rej = series("cif", "positive reply"), series("cif", "rejection")
    boundaries = (
        (
            "positive reply",
            pos,
            series("ci_low", "positive reply"),
            series("ci_high", "positive reply"),
        ),
        (
            "rejection",
            pos + rej,
            1.0 - series("ci_high", "silence"),
            1.0 - series("ci_low", "silence"),
        ),
    )
    for name, edge, low, high in boundaries:
        (line,) = ax.step(day, edge, where="post", color="#333333", linewidth=1.0)
        line.set_gid(f"boundary:{name}")
        band = _draw_band(
            ax,
            day,
            edge,
            low,
            high,
            facecolor="none",
            edgecolor="#333333",
            hatch="....",
            linewidth=0,
            alpha=0.5,
        )
        band.set_gid(f"interval:{name}")


def plot_ghosting(
    result: pd.DataFrame,
    *,
    ax: Axes | None = None,
    ghosting: Any = None,
    threshold: float = 0.05,
    title: str | None = None,
    level: float = 0.95,
) -> Axes:
    """Chance of still getting a reply after ``d`` days of silence, with the ghosting day.

    Parameters
    ----------
    result : DataFrame
        The output of :func:`~jobsearch_analytics.metrics.timing.ghosting_curve`.
    ax : Axes, optional
        Where to draw; a new figure is made when omitted.
    ghosting : GhostingDay or int, optional
        The ghosting day to mark (from
        :func:`~jobsearch_analytics.metrics.timing.ghosting_day`; its ``threshold`` is then
        used too). When omitted, the first day whose estimate is below ``threshold`` is read
        off the curve -- the same rule as ``ghosting_day``.
    threshold : float
        The chance considered negligible, drawn as a horizontal line.
    title : str, optional
        Override the title.
    level : float
        The confidence level the metric used, for the note under the title.

    Returns
    -------
    Axes
        A step line (gid ``'p_reply'``) through ``(day, p_reply)``, its band (``'p_reply
        band'``), the threshold line (``'threshold'``) and, when there is a ghosting day, a
        vertical line at it (``'ghosting day'``). When ``attrs['plateau_reliable']`` is
        False the subtitle says the tail may be too low.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"day": [0.0, 1.0, 2.0], "waiting": [9.0, 8.0, 7.0],
    ...     "p_reply": [0.3, 0.1, 0.02], "ci_low": [0.1, 0.02, 0.0], "ci_high": [0.5, 0.3, 0.2]})
    >>> ax = plot_ghosting(g)
    >>> float(next(l for l in ax.lines if l.get_gid() == "ghosting day").get_xdata()[0])
    2.0
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    day_mark, threshold = _ghosting_mark(result, ghosting, threshold)
    created = ax is None
    ax = new_axes(ax, figsize=(7.0, 4.5))
    set_titles(
        ax,
        "Chance of still hearing back after d days of silence" if title is None else title,
        _ghosting_subtitle(result, level),
    )
    if len(result) == 0:
        return finish(created, no_data(ax))
    day = result["day"].to_numpy(dtype="float64")
    p = result["p_reply"].to_numpy(dtype="float64")
    low = result["ci_low"].to_numpy(dtype="float64")
    high = result["ci_high"].to_numpy(dtype="float64")
    (line,) = ax.step(
        day, p, where="post", color=COLORS[0], linewidth=1.8, label="chance of an eventual reply"
    )
    line.set_gid("p_reply")
    band = _draw_band(
        ax,
        day,
        p,
        low,
        high,
        color=COLORS[0],
        alpha=0.18,
        linewidth=0,
        label=f"{level:.0%} interval",
    )
    band.set_gid("p_reply band")
    thr = ax.axhline(
        threshold,
        color=COLORS[3],
        linestyle="--",
        linewidth=1.0,
        label=f"threshold {percent(threshold, 0)}",
    )
    thr.set_gid("threshold")
    if day_mark is not None:
        _mark_ghosting_day(ax, day_mark)
    _ghosting_axes(ax, day, p, (low, high), threshold)
    return finish(created, ax)


def _ghosting_mark(
    result: pd.DataFrame, ghosting: Any, threshold: float
) -> tuple[int | None, float]:
    """The ghosting day to mark and the threshold: from a ``GhostingDay``, a day, or read off
    the curve (the first day whose estimate is below ``threshold``)."""
    if ghosting is not None and not isinstance(ghosting, int | float | np.integer):
        return ghosting.day, float(ghosting.threshold)
    if ghosting is not None:
        return int(ghosting), threshold
    below = result.loc[result["p_reply"] < threshold, "day"]
    return (int(below.iloc[0]) if len(below) else None), threshold


def _ghosting_axes(
    ax: Axes,
    day: np.ndarray,
    p: np.ndarray,
    interval: tuple[np.ndarray, np.ndarray],
    threshold: float,
) -> None:
    """Scales, labels and grid: the y axis up to the highest interval end (or the
    threshold) with some headroom, never above 100%."""
    low, high = interval
    defined = np.isfinite(low) & np.isfinite(high)
    top = float(np.nanmax(high[defined])) if defined.any() else float(np.nanmax(p))
    ax.set_ylim(0, min(1.0, max(top, threshold) * 1.15 + 0.02))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_ylabel("chance of a reply eventually")
    ax.set_xlabel("days without a reply since applying")
    ax.set_xlim(0, max(float(day.max()), 1.0))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(color="#ececec", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.legend(fontsize=8, frameon=False, loc="upper right")


def _ghosting_subtitle(result: pd.DataFrame, level: float) -> str:
    subtitle = (
        f"P(reply eventually | no reply through day d), from the waiting curve; band: "
        f"{level:.0%} interval."
    )
    if result.attrs.get("plateau_reliable") is False:
        subtitle += (
            " Follow-up after the last reply is short: late replies may be missing, so the "
            "tail may be too low and the ghosting day too early."
        )
    return subtitle


def _mark_ghosting_day(ax: Axes, day_mark: int) -> None:
    """A dotted vertical line at the ghosting day, named at the top of the chart."""
    mark = ax.axvline(
        day_mark, color=MUTED, linestyle=":", linewidth=1.2, label=f"ghosted after {day_mark} days"
    )
    mark.set_gid("ghosting day")
    ax.annotate(
        f"day {day_mark}",
        xy=(day_mark, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(4, -12),
        textcoords="offset points",
        fontsize=8,
        color=MUTED,
    )
