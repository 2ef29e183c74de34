"""A new chart's Figure and Axes, copied from a pickled blank instead of built.

Building a Figure with one Axes costs about 12 ms (spines, axes, titles, patches, each made
from ``rcParams``), and every tick the chart then needs another 1.5 ms or so (three lines
and two texts, each built from ``rcParams``, and a deep-copied marker): 20 to 40 ms before
anything is drawn, for each of the eight charts of a report and every chart of a dashboard
redraw. Unpickling a blank that already holds its Axes and a dozen ticks per axis takes
about a quarter of that; the ticks a chart does not use are never drawn. The copy draws
byte for byte as a freshly built figure does (the tests check it): the blank is remade
whenever ``rcParams`` differ from those it was made under, and it is never shared.

Examples
--------
>>> fig = blank_figure((3.0, 2.0))
>>> fig.get_size_inches().tolist(), len(fig.axes), fig.get_layout_engine() is None
([3.0, 2.0], 1, True)
>>> blank_figure((3.0, 2.0)).axes[0] is fig.axes[0]
False
"""

from __future__ import annotations

import io
import pickle
from typing import Any

import matplotlib as mpl
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.transforms import TransformNode

__all__ = ["blank_figure"]

#: Major ticks made in the blank on the x and y axis: as many as most charts show (a chart
#: needing more makes the rest itself, as matplotlib always does).
TICKS = (10, 10)

PROTOCOL = pickle.HIGHEST_PROTOCOL

#: Blank per (dpi, twin) (dpi None: ``rcParams['figure.dpi']``), with the rcParams it was
#: made under.
_BLANKS: dict[tuple[float | None, bool], tuple[dict[str, Any], bytes]] = {}


def _ticks(axis: Axis, count: int) -> None:
    axis.get_major_ticks(count)
    axis.get_minor_ticks(1)  # what drawing the axis makes anyway (no minor ticks shown)


class _Pickler(pickle.Pickler):
    """Pickles a figure with the parents of every transform keyed by negative numbers.

    A transform tells the transforms built on it that it changed through ``_parents``, a
    dict keyed by each parent's ``id``. Unpickled, those keys are the ids the parents had in
    the pickled figure; once that figure is gone, a new transform can get the same address,
    and when it registers with an unpickled transform under its id, it takes the place of
    the parent that had it, which then never hears of changes: a label drawn where it was at
    another dpi (the dashboard's salary chart had its tick labels 0.8 pt off that way, while
    its figures were plain pickles). No id is negative, so these keys never meet a new
    parent's.
    """

    def reducer_override(self, obj: Any) -> Any:
        if not isinstance(obj, TransformNode):
            return NotImplemented
        reduced = obj.__reduce_ex__(PROTOCOL)
        state = reduced[2] if isinstance(reduced, tuple) and len(reduced) > 2 else None
        if isinstance(state, dict) and isinstance(state.get("_parents"), dict):
            parents = state["_parents"].values()
            state = {**state, "_parents": {-1 - i: p for i, p in enumerate(parents)}}
            reduced = (*reduced[:2], state, *reduced[3:])
        return reduced


def _make(dpi: float | None, twin: bool) -> bytes:
    fig = Figure(dpi=dpi)
    ax = fig.subplots()
    _ticks(ax.xaxis, TICKS[0])
    _ticks(ax.yaxis, TICKS[1])
    if twin:
        other = ax.twinx()
        _ticks(other.xaxis, 1)  # hidden, shares the x axis
        _ticks(other.yaxis, TICKS[1])
    out = io.BytesIO()
    _Pickler(out, protocol=PROTOCOL).dump(fig)
    return out.getvalue()


def blank_figure(
    figsize: tuple[float, float], *, dpi: float | None = None, twin: bool = False
) -> Figure:
    """A new Figure of ``figsize`` inches with one empty Axes, as ``Figure(figsize=...,
    dpi=dpi).subplots()`` makes it, but cheaper (see the module notes).

    Parameters
    ----------
    figsize : (float, float)
        Width and height in inches.
    dpi : float, optional
        Dots per inch; default ``rcParams['figure.dpi']``.
    twin : bool
        Give the Axes a twin with its own y axis on the right, as ``ax.twinx()`` makes it
        (``fig.axes[1]``).

    Returns
    -------
    Figure
        A private copy with no layout engine and no canvas of its own (matplotlib's base
        canvas, as for any Figure not made by pyplot).

    Examples
    --------
    >>> fig = blank_figure((4.0, 3.0), twin=True)
    >>> main, other = fig.axes
    >>> other.get_shared_x_axes().joined(main, other), other.yaxis.get_ticks_position()
    (True, 'right')
    """
    key = (dpi, twin)
    blank = _BLANKS.get(key)
    if blank is None or not dict.__eq__(blank[0], mpl.rcParams):
        if len(_BLANKS) >= 8:
            _BLANKS.clear()
        blank = _BLANKS[key] = (dict(mpl.rcParams), _make(dpi, twin))
    fig: Figure = pickle.loads(blank[1])
    fig.set_size_inches(figsize, forward=False)
    return fig
