"""Activity over time: applications sent per week and the open pipeline behind them.

Examples
--------
>>> import pandas as pd
>>> w = pd.DataFrame({"week": ["2024-W01", "2024-W02"],
...     "week_start": pd.to_datetime(["2024-01-01", "2024-01-08"]),
...     "applications": [5, 2], "replies": [0, 1], "interviews": [0, 0],
...     "open_at_week_end": [5, 6]})
>>> ax = plot_activity(w)
>>> [float(bar.get_height()) for bar in ax.containers[0]]
[5.0, 2.0]
>>> import matplotlib.pyplot as plt; plt.close(ax.figure)
"""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from jobsearch_analytics.plots._style import (
    COLORS,
    MUTED,
    finish,
    legend_below,
    new_axes,
    no_data,
    set_titles,
)

__all__ = ["pipeline_axes", "plot_activity"]

_TWIN_LABEL = "open pipeline"
_PAUSE_COLOR = "#f2c6b0"


def pipeline_axes(ax: Axes) -> Axes | None:
    """The twin Axes holding the open-pipeline line that :func:`plot_activity` drew on ``ax``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> pipeline_axes(ax) is None
    True
    >>> plt.close(fig)
    """
    for other in ax.figure.axes:
        if other is not ax and other.get_label() == _TWIN_LABEL and other.bbox == ax.bbox:
            return other
    for other in ax.figure.axes:
        if other is not ax and other.get_label() == _TWIN_LABEL:
            return other
    return None


def plot_activity(
    result: pd.DataFrame,
    *,
    ax: Axes | None = None,
    gaps: pd.DataFrame | None = None,
    title: str | None = None,
) -> Axes:
    """Applications per week as bars, the open pipeline at each week's end as a line.

    Parameters
    ----------
    result : DataFrame
        The output of :func:`~jobsearch_analytics.metrics.activity.weekly_activity`.
    ax : Axes, optional
        Where to draw; a new figure is made when omitted.
    gaps : DataFrame, optional
        :func:`~jobsearch_analytics.metrics.activity.activity_gaps`; each pause is shaded
        (a patch with gid ``'pause'`` from its ``start`` to its ``end``).
    title : str, optional
        Override the title.

    Returns
    -------
    Axes
        The bar Axes: one bar per week (container labelled ``'applications'``) at
        ``week_start`` with height ``applications``. The line (gid ``'open pipeline'``) of
        ``open_at_week_end``, plotted at each week's Sunday, lives on a twin Axes labelled
        ``'open pipeline'`` (:func:`pipeline_axes` finds it). Counts are exact, so there are no
        intervals here.

    Examples
    --------
    >>> import pandas as pd
    >>> w = pd.DataFrame({"week": ["2024-W01"], "week_start": pd.to_datetime(["2024-01-01"]),
    ...     "applications": [3], "replies": [0], "interviews": [0], "open_at_week_end": [3]})
    >>> ax = plot_activity(w)
    >>> pipeline_axes(ax).get_lines()[0].get_ydata().tolist()
    [3.0]
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    created = ax is None
    ax = new_axes(ax, figsize=(8.0, 4.0))
    set_titles(
        ax,
        "Applications sent per week, and how many were still open" if title is None else title,
        "Bars: applications sent that week (left scale). Line: applications still open at the "
        "end of the week (right scale).",
    )
    if len(result) == 0:
        return finish(created, no_data(ax))
    starts = pd.to_datetime(result["week_start"]).to_numpy(dtype="datetime64[ns]")
    x = mdates.date2num(starts)
    ax.bar(
        x,
        result["applications"].to_numpy(dtype="float64"),
        width=6.0,
        align="edge",
        color=COLORS[0],
        alpha=0.85,
        label="applications",
    )
    paused = gaps is not None and len(gaps) > 0
    if paused:
        _draw_pauses(ax, gaps)
    twin = _draw_pipeline(ax, x, result)
    ax.set_ylabel("applications sent that week")
    ax.set_ylim(0, max(float(result["applications"].max()), 1.0) * 1.15)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlim(x.min() - 1, x.max() + 8)
    for a in (ax, twin):
        a.spines[["top"]].set_visible(False)
    legend_below(ax, _legend_handles(gaps if paused else None), ncols=3)
    ax.tick_params(axis="x", colors=MUTED)
    return finish(created, ax)


def _draw_pauses(ax: Axes, gaps: pd.DataFrame) -> None:
    """Each pause without applying shaded from its start to its end."""
    for _, gap in gaps.iterrows():
        ax.axvspan(
            mdates.date2num(pd.Timestamp(gap["start"])),
            mdates.date2num(pd.Timestamp(gap["end"])),
            color=_PAUSE_COLOR,
            alpha=0.45,
            linewidth=0,
            zorder=0,
            gid="pause",
        )


def _draw_pipeline(ax: Axes, x: np.ndarray, result: pd.DataFrame) -> Axes:
    """The open pipeline at each week's end (its Sunday) as a line on a twin Axes with its
    own scale on the right; returns the twin."""
    twin = ax.twinx()
    twin.set_label(_TWIN_LABEL)
    (line,) = twin.plot(
        x + 6.0,
        result["open_at_week_end"].to_numpy(dtype="float64"),
        color=COLORS[1],
        linewidth=2.0,
        marker="o",
        markersize=3,
    )
    line.set_gid(_TWIN_LABEL)
    twin.set_ylabel("still open at week end", color=COLORS[1])
    twin.tick_params(axis="y", colors=COLORS[1])
    twin.set_ylim(0, max(float(result["open_at_week_end"].max()), 1.0) * 1.15)
    return twin


def _legend_handles(gaps: pd.DataFrame | None) -> list[Artist]:
    handles: list[Artist] = [
        Patch(color=COLORS[0], alpha=0.85, label="applications sent"),
        Line2D([], [], color=COLORS[1], linewidth=2.0, label="still open at week end"),
    ]
    if gaps is not None:
        days = np.asarray(gaps["days"], dtype="int64")
        handles.append(
            Patch(
                color=_PAUSE_COLOR,
                alpha=0.45,
                label=f"pause of {days.min()}+ days without applying",
            )
        )
    return handles
