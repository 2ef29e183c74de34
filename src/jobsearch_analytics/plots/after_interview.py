"""After the interview: thank-you notes and follow-ups against what happened next.

Both charts are rate bars with intervals (as :func:`~jobsearch_analytics.plots.rates.plot_rates`)
and carry, under the title, the caveat that these are associations, not effects.

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"bucket": ["same day", "none"], "n": [12, 20], "k": [6, 5],
...     "rate": [0.5, 0.25], "ci_low": [0.25, 0.11], "ci_high": [0.75, 0.47],
...     "small": [False, False]})
>>> ax = plot_thank_you(t)
>>> [float(bar.get_width()) for bar in ax.containers[0]]
[0.5, 0.25]
>>> import matplotlib.pyplot as plt; plt.close(ax.figure)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from jobsearch_analytics.plots._style import (
    MUTED,
    add_small_legend,
    draw_rate_bars,
    finish,
    label_with_n,
    new_axes,
    no_data,
    set_titles,
)

__all__ = ["CAVEAT", "plot_follow_up", "plot_thank_you"]

#: The caveat under every chart here.
CAVEAT = "Association, not effect: the groups may differ in other ways ({ways})."
_WAYS_INTERVIEW = "the role, the company, how the interview went"
_WAYS_FOLLOW_UP = "the role, the company, how keen the person was"


def plot_thank_you(
    result: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    level: float = 0.95,
) -> Axes:
    """Next-round rate per thank-you bucket (delay, within 24 h, or channel), with intervals.

    Parameters
    ----------
    result : DataFrame
        The output of :func:`~jobsearch_analytics.metrics.after_interview.thank_you_effect`
        (or of ``next_steps_effect``: any table with ``bucket`` and the rate columns).
    ax : Axes, optional
        Where to draw; a new figure is made when omitted.
    title : str, optional
        Override the title.
    level : float
        The confidence level the metric used, for the axis label.

    Returns
    -------
    Axes
        One bar per bucket (container labelled ``'rate'``), width = ``rate``; whiskers
        (``'rate interval'``) from ``ci_low`` to ``ci_high``; empty buckets say "no data";
        small ones are hatched. The reference bucket (``attrs['reference']``) is named in the
        tick label. The subtitle is the association caveat.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"bucket": ["asked", "not asked"], "n": [3, 0], "k": [1, 0],
    ...     "rate": [1 / 3, float("nan")], "ci_low": [0.06, float("nan")],
    ...     "ci_high": [0.79, float("nan")], "small": [True, True]})
    >>> ax = plot_thank_you(t)
    >>> [t.get_text() for t in ax.texts if t.get_text() == "no data"]
    ['no data']
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    created = ax is None
    ax = new_axes(ax, figsize=(7.0, 1.6 + 0.42 * max(len(result), 1)))
    set_titles(
        ax,
        "Share of interviews that led to a next round or an offer" if title is None else title,
        CAVEAT.format(ways=_WAYS_INTERVIEW),
    )
    if len(result) == 0:
        return finish(created, no_data(ax))
    reference = result.attrs.get("reference")
    labels = [
        label_with_n(str(b) + (" (reference)" if b == reference else ""), n)
        for b, n in zip(result["bucket"], result["n"], strict=True)
    ]
    draw_rate_bars(ax, result, labels)
    ax.invert_yaxis()
    ax.set_xlabel(f"share of interviews (bar) and its {level:.0%} interval (whisker)")
    if result["small"].astype(bool).any():
        add_small_legend(ax)
    return finish(created, ax)


def plot_follow_up(
    result: pd.DataFrame,
    *,
    ax: Axes | None = None,
    landmark: int | None = None,
    title: str | None = None,
    level: float = 0.95,
) -> Axes:
    """Reply rate after a follow-up per group, one block (facet) per landmark day.

    Parameters
    ----------
    result : DataFrame
        The output of :func:`~jobsearch_analytics.metrics.after_interview.follow_up_effect`
        (``landmark, group`` and the rate columns).
    ax : Axes, optional
        Where to draw; a new figure is made when omitted.
    landmark : int, optional
        Draw only this landmark (to lay landmarks out on your own subplots); default all,
        stacked as blocks headed "At day 7 ...".
    title : str, optional
        Override the title.
    level : float
        The confidence level the metric used, for the axis label.

    Returns
    -------
    Axes
        One bar per (landmark, group) in table order (container labelled ``'rate'``), width =
        ``rate``, whiskers (``'rate interval'``) from ``ci_low`` to ``ci_high``, small groups
        hatched, a header text per landmark (gid ``'landmark:<d>'``), the caveat as subtitle.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"landmark": [7, 7, 14, 14],
    ...     "group": ["followed up", "no follow-up"] * 2, "n": [20, 40, 15, 30],
    ...     "k": [5, 6, 3, 3], "rate": [0.25, 0.15, 0.2, 0.1], "ci_low": [0.1, 0.07, 0.07, 0.03],
    ...     "ci_high": [0.47, 0.29, 0.45, 0.26], "small": [False] * 4})
    >>> ax = plot_follow_up(t)
    >>> sorted(t.get_gid() for t in ax.texts if (t.get_gid() or "").startswith("landmark"))
    ['landmark:14', 'landmark:7']
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    table = result if landmark is None else result[result["landmark"] == landmark]
    marks = list(dict.fromkeys(table["landmark"].tolist()))
    rows = len(table) + len(marks)
    created = ax is None
    ax = new_axes(ax, figsize=(7.0, 1.7 + 0.4 * max(rows, 1)))
    window = result.attrs.get("window_days")
    within = f"within {window} days" if window else "in the window"
    set_titles(
        ax,
        "Share of silent applications that got a reply after a follow-up"
        if title is None
        else title,
        f"At each landmark day, applications still open and silent are compared; outcome: a "
        f"reply {within} after it. " + CAVEAT.format(ways=_WAYS_FOLLOW_UP),
    )
    if len(table) == 0:
        return finish(created, no_data(ax))
    positions, headers, y = _blocks(table, marks)
    ordered = pd.concat([table[table["landmark"] == m] for m in marks])
    labels = [label_with_n(str(g), n) for g, n in zip(ordered["group"], ordered["n"], strict=True)]
    draw_rate_bars(ax, ordered, labels, positions=np.asarray(positions))
    for mark, yh in headers:
        ax.text(
            0.0,
            yh,
            f"At day {int(mark)} after applying",
            transform=ax.get_yaxis_transform(),
            ha="left",
            va="center",
            fontsize=9,
            fontweight="bold",
            color=MUTED,
            gid=f"landmark:{int(mark)}",
        )
    ax.set_ylim(y - 0.3 + 0.2, -0.7)
    ax.set_xlabel(f"share with a reply (bar) and its {level:.0%} interval (whisker)")
    if ordered["small"].astype(bool).any():
        add_small_legend(ax)
    return finish(created, ax)


def _blocks(table: pd.DataFrame, marks: list) -> tuple[list[float], list[tuple], float]:
    """Rows of the landmark blocks: each block a header row, then its groups. Returns the
    groups' positions, each header's (landmark, position) and the position after the last
    block; positions count down the page."""
    positions, headers = [], []
    y = 0.0
    for mark in marks:
        headers.append((mark, y))
        y += 1.0
        for _ in range(int((table["landmark"] == mark).sum())):
            positions.append(y)
            y += 1.0
        y += 0.3
    return positions, headers, y
