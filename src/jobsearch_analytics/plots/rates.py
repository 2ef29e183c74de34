"""Rates with their intervals: one horizontal bar per group, Wilson whiskers, n in the labels.

Takes any rate table of :mod:`jobsearch_analytics.metrics.rates` (grouping columns, then
``n, k, rate, ci_low, ci_high, small``).

Examples
--------
>>> import pandas as pd
>>> from jobsearch_analytics.model import JobSearch
>>> from jobsearch_analytics.metrics.rates import response_rates
>>> s = JobSearch.from_frames(pd.DataFrame({"application_id": list("abcd"),
...     "source": ["LinkedIn", "LinkedIn", "Referral", "Referral"],
...     "stage": ["applied", "screen", "interview", "screen"]}))
>>> ax = plot_rates(response_rates(s, by="source"))
>>> [float(bar.get_width()) for bar in ax.containers[0]]
[0.5, 1.0]
>>> [t.get_text() for t in ax.get_yticklabels()]
['LinkedIn (n=2)', 'Referral (n=2)']
>>> import matplotlib.pyplot as plt; plt.close(ax.figure)
"""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes

from jobsearch_analytics.plots._style import (
    add_small_legend,
    draw_rate_bars,
    finish,
    group_columns,
    group_labels,
    label_with_n,
    new_axes,
    no_data,
    set_titles,
)

__all__ = ["OUTCOME_WORDS", "plot_rates"]

#: What each outcome of :func:`~jobsearch_analytics.metrics.rates.rates` means, in words.
OUTCOME_WORDS: dict[str, str] = {
    "response": "got any reply",
    "screen": "reached a screening call",
    "interview": "reached an interview",
    "offer": "got an offer",
}


def plot_rates(
    result: pd.DataFrame,
    *,
    ax: Axes | None = None,
    outcome: str | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    level: float = 0.95,
) -> Axes:
    """Horizontal bars of a rate table, one per group, with interval whiskers.

    Parameters
    ----------
    result : DataFrame
        A rate table: grouping columns, then ``n, k, rate, ci_low, ci_high, small``.
    ax : Axes, optional
        Where to draw; a new figure is made when omitted.
    outcome : {'response', 'screen', 'interview', 'offer'}, optional
        What the rate counts, for the title. Default: ``result.attrs['outcome']`` when the
        metric recorded it, else ``'response'`` (the default of
        :func:`~jobsearch_analytics.metrics.rates.rates`).
    title, subtitle : str, optional
        Override the title; add a subtitle (e.g. a caveat).
    level : float
        The confidence level the metric used, for the axis label.

    Returns
    -------
    Axes
        Bars (container labelled ``'rate'``) run from 0 to ``rate``; whiskers (labelled
        ``'rate interval'``) from ``ci_low`` to ``ci_high``. Groups flagged ``small`` are
        hatched and lighter. Each bar is labelled "rate (k/n)"; tick labels carry n.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"n": [40], "k": [3], "rate": [0.075], "ci_low": [0.026],
    ...                   "ci_high": [0.199], "small": [False]})
    >>> ax = plot_rates(t)
    >>> ax.get_title(loc="left")
    'Share of applications that got any reply'
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    keys = group_columns(result)
    rows = max(len(result), 1)
    created = ax is None
    ax = new_axes(ax, figsize=(7.0, 1.2 + 0.38 * rows))
    what = outcome or result.attrs.get("outcome") or "response"
    words = OUTCOME_WORDS.get(str(what), f"reached '{what}'")
    default_title = f"Share of applications that {words}"
    set_titles(ax, default_title if title is None else title, subtitle)
    if len(result) == 0:
        return finish(created, no_data(ax))
    labels = [
        label_with_n(lab, n) for lab, n in zip(group_labels(result, keys), result["n"], strict=True)
    ]
    draw_rate_bars(ax, result, labels)
    ax.invert_yaxis()  # first group on top, as in the table
    ax.set_xlabel(f"share of sent applications (bar) and its {level:.0%} interval (whisker)")
    if result["small"].astype(bool).any():
        add_small_legend(ax)
    return finish(created, ax)
