"""The stage funnel: counts per stage with conversions, and where applications ended up.

:func:`plot_funnel` draws :func:`~jobsearch_analytics.metrics.rates.funnel`. Counts are exact,
so the uncertainty shown is that of each conversion, written above its bar with its interval
(whiskers in percent on a bar of counts would need a second scale and crowd the chart).
:func:`plot_stage_flow` draws
how many applications went from each furthest stage to each outcome, as bands whose widths are
the counts.

Examples
--------
>>> import pandas as pd
>>> from jobsearch_analytics.model import JobSearch
>>> from jobsearch_analytics.metrics.rates import funnel
>>> s = JobSearch.from_frames(pd.DataFrame({"application_id": list("abcd"),
...     "stage": ["applied", "screen", "interview", "screen"],
...     "outcome": ["ghosted", "rejected", "open", "rejected"]}))
>>> ax = plot_funnel(funnel(s))
>>> [float(bar.get_height()) for bar in ax.containers[0]]
[4.0, 3.0, 1.0, 0.0, 0.0]
>>> ax2 = plot_stage_flow(s.applications)
>>> sorted(p.get_gid() for p in ax2.patches if (p.get_gid() or "").startswith("flow:"))
['flow:applied->ghosted', 'flow:interview->open', 'flow:screen->rejected']
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.path import Path

from jobsearch_analytics.model import OUTCOMES, STAGES
from jobsearch_analytics.plots._style import (
    COLORS,
    INTERVAL_COLOR,
    MUTED,
    OUTCOME_COLORS,
    SMALL_ALPHA,
    SMALL_HATCH,
    SMALL_NOTE,
    finish,
    group_columns,
    group_labels,
    legend_below,
    new_axes,
    no_data,
    percent,
    set_titles,
)

__all__ = ["plot_funnel", "plot_stage_flow"]


def plot_funnel(
    result: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    level: float = 0.95,
) -> Axes:
    """Bars of how many applications reached each stage, with the conversion from the stage before.

    Parameters
    ----------
    result : DataFrame
        The output of :func:`~jobsearch_analytics.metrics.rates.funnel` (optionally grouped:
        one bar per group within each stage).
    ax : Axes, optional
        Where to draw; a new figure is made when omitted.
    title : str, optional
        Override the title.
    level : float
        The confidence level the metric used, for the note under the title.

    Returns
    -------
    Axes
        One bar container per group (labelled with the group), bar heights = ``n_reached``.
        From the second stage on, a whisker (container labelled ``'<group> interval'``) runs
        from ``n * ci_low`` to ``n * ci_high`` (the conversion interval in counts of the stage
        before), and the label above the bar gives the count and the conversion ("70%", plus
        "[48–85%]" when there is one group). Conversions resting on a small ``n`` are hatched
        and lighter.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"stage": ["applied", "screen"], "n_reached": [10, 4], "n": [12, 10],
    ...     "k": [10, 4], "rate": [10 / 12, 0.4], "ci_low": [0.55, 0.17],
    ...     "ci_high": [0.95, 0.69], "small": [False, False]})
    >>> ax = plot_funnel(t)
    >>> [t.get_text() for t in ax.texts if t.get_text().startswith("4")]
    ['4\\n40% [17%–69%]']
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    keys = group_columns(result, before="stage")
    created = ax is None
    ax = new_axes(ax, figsize=(7.5, 4.5))
    set_titles(
        ax,
        "How far applications got" if title is None else title,
        f"Bars: applications that reached each stage. Percent: share of the stage before that "
        f"got this far; whisker: that share's {level:.0%} interval, as a count.",
    )
    if len(result) == 0:
        return finish(created, no_data(ax))
    stages = [s for s in STAGES if s in set(result["stage"].astype("str"))]
    labels = group_labels(result, keys)
    groups = list(dict.fromkeys(labels))
    frame = result.assign(_group=labels, _stage=result["stage"].astype("str"))
    top = float(result["n_reached"].max())
    any_small = False
    for g, group in enumerate(groups):
        part = frame[frame["_group"] == group].set_index("_stage").reindex(stages)
        high, small = _draw_stage_bars(ax, part, group, g, len(groups))
        top, any_small = max(top, high), any_small or small
    ax.set_xticks(np.arange(len(stages)), stages)
    ax.set_ylabel("applications")
    # Headroom for the two-line labels above the tallest bar.
    ax.set_ylim(0, max(top, 1.0) * 1.25)
    ax.spines[["top", "right"]].set_visible(False)
    _funnel_legend(ax, groups, any_small)
    return finish(created, ax)


def _draw_stage_bars(
    ax: Axes, part: pd.DataFrame, group: str, g: int, n_groups: int
) -> tuple[float, bool]:
    """One group's bars (one per stage of ``part``'s index), conversion whiskers and labels.
    Returns the highest whisker end and whether any conversion rests on a small n."""
    width = 0.8 / n_groups
    x = np.arange(len(part)) + (g - (n_groups - 1) / 2) * width
    heights = part["n_reached"].fillna(0).to_numpy(dtype="float64")
    bars = ax.bar(x, heights, width=width * 0.92, color=COLORS[g % len(COLORS)], label=group)
    # Whiskers: the conversion interval times the count at the stage before, i.e. the
    # counts this stage would have at either end of the interval. The first stage has
    # no stage before it on the chart.
    n_before = part["n"].to_numpy(dtype="float64")
    low = n_before * part["ci_low"].to_numpy(dtype="float64")
    high = n_before * part["ci_high"].to_numpy(dtype="float64")
    show = (np.arange(len(part)) > 0) & np.isfinite(low) & np.isfinite(high)
    if show.any():
        ax.errorbar(
            x[show],
            heights[show],
            yerr=np.clip(
                np.vstack([heights[show] - low[show], high[show] - heights[show]]), 0.0, None
            ),
            fmt="none",
            ecolor=INTERVAL_COLOR,
            elinewidth=1.0,
            capsize=3,
            label=f"{group} interval",
        )
    small = np.array(
        [shown and bool(flag) for flag, shown in zip(part["small"], show, strict=True)]
    )
    for i, (bar, (_, row)) in enumerate(zip(bars, part.iterrows(), strict=True)):
        if small[i]:
            bar.set_alpha(SMALL_ALPHA)
            bar.set_hatch(SMALL_HATCH)
            bar.set_edgecolor("white")
        ax.annotate(
            _stage_label(heights[i], row, show[i], n_groups == 1),
            xy=(bar.get_x() + bar.get_width() / 2, max(heights[i], high[i] if show[i] else 0)),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8 if n_groups == 1 else 7,
            color=MUTED,
        )
    return (float(np.nanmax(high[show])) if show.any() else 0.0), bool(small.any())


def _stage_label(count: float, row: pd.Series, conversion: bool, interval: bool) -> str:
    """The count above a bar, and the conversion (with its interval) on a second line."""
    text = f"{int(count)}"
    if conversion:
        text += f"\n{percent(row['rate'])}"
        if interval:
            text += f" [{percent(row['ci_low'])}–{percent(row['ci_high'])}]"
    return text


def _funnel_legend(ax: Axes, groups: list[str], any_small: bool) -> None:
    """A legend under the chart naming the groups (when several) and the hatching."""
    handles: list = []
    if len(groups) > 1:
        handles = [Patch(color=COLORS[g % len(COLORS)], label=grp) for g, grp in enumerate(groups)]
    if any_small:
        handles.append(
            Patch(
                facecolor=COLORS[0],
                alpha=SMALL_ALPHA,
                hatch=SMALL_HATCH,
                edgecolor="white",
                label="conversion from " + SMALL_NOTE,
            )
        )
    if handles:
        legend_below(ax, handles, ncols=2)


def _flow_counts(result: pd.DataFrame) -> pd.DataFrame:
    """Counts per (stage, outcome): the ``n`` column when given, else one per row."""
    frame = result[["stage", "outcome"]].astype("object")
    weights = (
        result["n"].to_numpy(dtype="float64") if "n" in result else np.ones(len(result), "float64")
    )
    frame = frame.assign(n=weights).dropna(subset=["stage", "outcome"])
    counts = frame.groupby(["stage", "outcome"], sort=False)["n"].sum()
    return counts[counts > 0].rename("n").reset_index()


def _band(x0: float, x1: float, y0: tuple[float, float], y1: tuple[float, float]) -> Path:
    """A band from the vertical segment ``y0`` at ``x0`` to ``y1`` at ``x1`` (S-shaped edges)."""
    mid = (x0 + x1) / 2
    verts = [
        (x0, y0[0]),
        (mid, y0[0]),
        (mid, y1[0]),
        (x1, y1[0]),
        (x1, y1[1]),
        (mid, y1[1]),
        (mid, y0[1]),
        (x0, y0[1]),
        (x0, y0[0]),
    ]
    codes = [
        Path.MOVETO,
        Path.CURVE4,
        Path.CURVE4,
        Path.CURVE4,
        Path.LINETO,
        Path.CURVE4,
        Path.CURVE4,
        Path.CURVE4,
        Path.CLOSEPOLY,
    ]
    return Path(verts, codes)


def plot_stage_flow(
    result: pd.DataFrame, *, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Where applications ended: bands from the furthest stage (left) to the outcome (right).

    Parameters
    ----------
    result : DataFrame
        Columns ``stage`` and ``outcome``, and optionally ``n`` (a count per row). Without
        ``n`` every row counts once, so ``search.applications`` can be passed as it is.
    ax : Axes, optional
        Where to draw; a new figure is made when omitted.
    title : str, optional
        Override the title.

    Returns
    -------
    Axes
        One band (a :class:`~matplotlib.patches.PathPatch` with gid ``'flow:stage->outcome'``)
        per non-empty pair; in data units a band is exactly ``n`` high at both ends, so its
        width is the count. Node rectangles (gids ``'stage:...'``, ``'outcome:...'``) are as
        tall as their totals and labelled with them.

    Examples
    --------
    >>> import pandas as pd
    >>> flows = pd.DataFrame({"stage": ["applied", "interview"], "outcome": ["ghosted", "open"],
    ...                       "n": [30, 2]})
    >>> ax = plot_stage_flow(flows)
    >>> band = next(p for p in ax.patches if p.get_gid() == "flow:applied->ghosted")
    >>> left_end = band.get_path().vertices[[0, 7], 1]  # the band's two corners at x = 0
    >>> float(left_end[0] - left_end[1])
    30.0
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    created = ax is None
    ax = new_axes(ax, figsize=(7.5, 5.0))
    set_titles(
        ax,
        "Where applications ended up" if title is None else title,
        "Left: furthest stage reached. Right: outcome. Band widths are numbers of applications.",
    )
    counts = _flow_counts(result)
    if len(counts) == 0:
        return finish(created, no_data(ax))
    stage_order = _order(counts["stage"], STAGES)
    outcome_order = _order(counts["outcome"], OUTCOMES)
    total = float(counts["n"].sum())
    gap = 0.04 * total
    stage_top = _draw_nodes(ax, counts, "stage", stage_order, gap)
    outcome_top = _draw_nodes(ax, counts, "outcome", outcome_order, gap)
    _draw_flows(ax, counts, stage_top, outcome_top)
    height = total + gap * (max(len(stage_order), len(outcome_order)) - 1)
    ax.set_xlim(-0.45, 1.45)
    ax.set_ylim(-0.02 * total, height + 0.02 * total)
    ax.set_axis_off()
    return finish(created, ax)


#: Where the stage nodes (their right edge) and the outcome nodes (their left edge) stand,
#: and how wide the nodes are, in data units.
_X_LEFT, _X_RIGHT, _NODE_W = 0.0, 1.0, 0.06


def _order(values: pd.Series, known: tuple[str, ...]) -> list[str]:
    """The values present, in the model's order, then any others alphabetically."""
    present = set(values)
    order = [v for v in known if v in present]
    return order + sorted(present - set(order))


def _draw_nodes(
    ax: Axes, counts: pd.DataFrame, column: str, order: list[str], gap: float
) -> dict[str, float]:
    """The stage (left) or outcome (right) nodes, top to bottom in ``order``, as tall as their
    totals and labelled with them. Returns each node's top."""
    sizes = counts.groupby(column)["n"].sum()
    y = float(counts["n"].sum()) + gap * (len(order) - 1)
    tops = {}
    for name in order:
        size = float(sizes[name])
        tops[name] = y
        if column == "stage":
            x, color, text_x, ha = _X_LEFT - _NODE_W, "#444444", _X_LEFT - _NODE_W - 0.02, "right"
        else:
            x, color, text_x, ha = (
                _X_RIGHT,
                OUTCOME_COLORS.get(name, "#777777"),
                _X_RIGHT + _NODE_W + 0.02,
                "left",
            )
        ax.add_patch(Rectangle((x, y - size), _NODE_W, size, color=color, gid=f"{column}:{name}"))
        label = f"{name} ({int(size)})"
        ax.text(text_x, y - size / 2, label, ha=ha, va="center", fontsize=9)
        y -= size + gap
    return tops


def _draw_flows(
    ax: Axes, counts: pd.DataFrame, stage_top: dict[str, float], outcome_top: dict[str, float]
) -> None:
    """One band per (stage, outcome), ``n`` high at both ends.

    Bands leave each stage in outcome order and enter each outcome in stage order, so they
    cross as little as this simple layout allows.
    """
    rank_s = {s: i for i, s in enumerate(stage_top)}
    rank_o = {o: i for i, o in enumerate(outcome_top)}
    ordered = counts.assign(
        _s=counts["stage"].map(rank_s), _o=counts["outcome"].map(rank_o)
    ).sort_values(["_s", "_o"])
    right_cursor = dict(outcome_top)
    right_start: dict[tuple[str, str], float] = {}
    for _, row in ordered.sort_values(["_o", "_s"]).iterrows():
        top = right_cursor[row["outcome"]]
        right_start[(row["stage"], row["outcome"])] = top
        right_cursor[row["outcome"]] = top - float(row["n"])
    left_cursor = dict(stage_top)
    for _, row in ordered.iterrows():
        n = float(row["n"])
        ltop = left_cursor[row["stage"]]
        left_cursor[row["stage"]] = ltop - n
        rtop = right_start[(row["stage"], row["outcome"])]
        path = _band(_X_LEFT, _X_RIGHT, (ltop, ltop - n), (rtop, rtop - n))
        ax.add_patch(
            PathPatch(
                path,
                facecolor=OUTCOME_COLORS.get(row["outcome"], "#777777"),
                edgecolor="none",
                alpha=0.45,
                gid=f"flow:{row['stage']}->{row['outcome']}",
            )
        )
