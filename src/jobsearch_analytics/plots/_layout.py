"""Margins fitted to what sticks out of the plotting area: a one-panel layout, measured once.

The charts of this package have one plotting area (sometimes with a twin y axis). Their
margins are set from matplotlib's own measurement of everything each Axes draws
(:meth:`~matplotlib.axes.Axes.get_tightbbox`: tick labels, axis labels, titles and legends;
each text's window extent) plus a small pad, with :meth:`~matplotlib.axes.Axes.set_position`.
The figure then has no layout engine and draws once when saved; a constrained layout would
measure every artist again on every draw. Figures with several panels get the constrained
layout.

Examples
--------
>>> from matplotlib.figure import Figure
>>> fig = Figure(figsize=(4, 3))
>>> ax = fig.subplots()
>>> _ = ax.set_yticks([0, 1], ["a rather long label", "b"])
>>> _ = fit_layout(fig)
>>> fig.get_layout_engine() is None
True
>>> from matplotlib.backends.backend_agg import RendererAgg
>>> label = ax.get_yticklabels()[0].get_window_extent(RendererAgg(1, 1, fig.dpi))
>>> bool(label.x0 > 0)
True
"""

from __future__ import annotations

import functools
import warnings

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

__all__ = ["fit_layout"]

#: Space kept between the outermost text and the figure's edge, in points.
PAD_POINTS = 5.0
#: Smallest share of the figure's width / height left to the plotting area.
MIN_PLOT_SHARE = 0.3
#: Measuring rounds at most: texts placed in data coordinates, and tick labels chosen by the
#: axis length, move with the plotting area; a second or third round settles them.
ROUNDS = 3


#: rcParams that decide how large a text is, besides its own font properties: which font
#: files the family names resolve to, and how math and TeX are set.
_FONT_PARAMS = ("font.", "mathtext.", "text.usetex", "text.latex.")


def _renderer(dpi: float) -> RendererAgg:
    """A one-pixel Agg renderer that only measures text, kept per dpi and font settings:
    matplotlib caches the size of each text per renderer, so the same labels in the next
    chart are not measured again, while a family that now names another font gets a new one.
    """
    fonts = tuple((k, str(v)) for k, v in mpl.rcParams.items() if k.startswith(_FONT_PARAMS))
    return _kept_renderer(dpi, fonts)


@functools.lru_cache(maxsize=4)
def _kept_renderer(dpi: float, fonts: tuple[tuple[str, str], ...]) -> RendererAgg:
    del fonts  # part of the key only
    return RendererAgg(1, 1, dpi)


def _overhang(axes: list[Axes], renderer: RendererAgg) -> tuple[np.ndarray, list[Text]]:
    """How far (pixels) anything of ``axes`` reaches beyond the plotting area (left, bottom,
    right, top; never negative), and the texts placed in data coordinates (which move
    relative to the area's edges when the area is resized)."""
    out, movers = np.zeros(4), []
    for ax in axes:
        # Tick labels, axis labels, titles and the legend; lines and patches are clipped to
        # the area. The texts are measured one by one, to know which of them move.
        legend = ax.get_legend()
        decorations = ax.get_tightbbox(renderer, bbox_extra_artists=[legend] if legend else [])
        if decorations is not None:
            out = np.maximum(out, _reach(axes[0], [decorations]))
        texts = [t for t in ax.texts if t.get_visible() and t.get_text()]
        movers += [t for t in texts if not _moves_with_the_area(ax, t)]
        out = np.maximum(out, _reach(axes[0], [t.get_window_extent(renderer) for t in texts]))
    return out, movers


def _reach(ax: Axes, boxes: list[Bbox]) -> np.ndarray:
    """How far (pixels) the boxes reach beyond the plotting area of ``ax``: left, bottom,
    right, top (never negative)."""
    area = ax.bbox
    out = np.zeros(4)
    for box in boxes:
        # An annotation whose anchor is off the axes is not drawn and measures as a unit
        # box at the origin.
        if (box.width > 1 or box.height > 1) and np.all(np.isfinite(box.extents)):
            reach = [area.x0 - box.x0, area.y0 - box.y0, box.x1 - area.x1, box.y1 - area.y1]
            out = np.maximum(out, reach)
    return out


#: Annotation coordinates fixed to the plotting area's edges.
_AREA_COORDS = ("axes fraction", "axes points", "axes pixels")
#: Offsets from the annotated point.
_OFFSET_COORDS = ("offset points", "offset pixels", "offset fontsize")


def _moves_with_the_area(ax: Axes, text: Text) -> bool:
    """Whether ``text`` keeps its place relative to the plotting area's edges when the area
    is moved or resized (axes coordinates); texts in data coordinates do not."""
    if isinstance(text, Annotation):
        anchored = text.xycoords in _AREA_COORDS or text.xycoords is ax.transAxes
        offset = text.anncoords in _OFFSET_COORDS or text.anncoords == text.xycoords
        return anchored and offset
    return text.get_transform() is ax.transAxes


def _tick_locations(axes: list[Axes]) -> list[list[float]]:
    """Where the locators put the ticks now: they choose by the axis' length."""
    return [
        [*axis.get_majorticklocs(), *axis.get_minorticklocs()]
        for ax in axes
        for axis in (ax.xaxis, ax.yaxis)
        if axis.get_visible()
    ]


def _place(fig: Figure, axes: list[Axes], need: np.ndarray) -> bool:
    """Put the plotting area ``need`` (pixels: left, bottom, right, top) from the figure's
    edges; grow the figure when that would leave the plot less than its minimum share.
    Returns whether anything moved by half a pixel or more."""
    width, height = fig.bbox.width, fig.bbox.height
    left, bottom, right, top = need
    grow_w = (left + right) / (1 - MIN_PLOT_SHARE)
    grow_h = (bottom + top) / (1 - MIN_PLOT_SHARE)
    if grow_w > width or grow_h > height:
        # Clipping a label would hide what it says; a larger figure only takes more room.
        width, height = max(width, grow_w), max(height, grow_h)
        fig.set_size_inches(width / fig.dpi, height / fig.dpi)
    rect = [left / width, bottom / height, 1 - (left + right) / width, 1 - (bottom + top) / height]
    before = np.asarray(axes[0].get_position().bounds)
    for ax in axes:
        ax.set_position(rect)
    return bool(np.any(np.abs(before - rect) * [width, height, width, height] >= 0.5))


def fit_layout(fig: Figure, *, pad: float = PAD_POINTS) -> Figure:
    """Set the margins of a one-panel figure so nothing sticks out of it; no layout engine.

    The plotting area (one Axes, or an Axes and its twins sharing its position) is placed so
    that tick labels, axis labels, titles, texts and legends just fit inside the figure,
    ``pad`` points from its edges. When the labels would leave the plot less than
    ``MIN_PLOT_SHARE`` of the figure, the figure is enlarged rather than a label cut. A figure
    with several panels, or with figure-level legends or titles, gets matplotlib's constrained
    layout instead.

    Parameters
    ----------
    fig : Figure
        The finished chart; its Axes are repositioned in place (and the figure enlarged when
        labels need it): nothing else changes.
    pad : float
        Space around the outermost text, in points.

    Returns
    -------
    Figure
        ``fig``, for chaining. Call again after adding labels to it.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(5, 3))
    >>> ax = fig.subplots()
    >>> _ = ax.set_title("A title")
    >>> _ = fit_layout(fig)
    >>> bool(0 < ax.get_position().y1 < 1)
    True
    """
    axes = [a for a in fig.axes if a.get_visible()]
    if not axes:
        return fig
    bounds = {tuple(np.round(a.get_position().bounds, 6)) for a in axes}
    if len(bounds) > 1 or fig.legends or fig.texts or fig.get_suptitle():
        fig.set_layout_engine("constrained")
        return fig
    if fig.get_layout_engine() is not None:
        fig.set_layout_engine(None)
    renderer = _renderer(float(fig.dpi))
    room = pad * fig.dpi / 72.0
    # Measured unhinted, as the SVG writer measures (and a third faster than hinted): the
    # charts are shown as SVG; a PNG's hinted labels differ by a fraction of a pixel.
    with mpl.rc_context({"text.hinting": "no_hinting"}), warnings.catch_warnings():
        # DejaVu lacking a glyph (CJK) changes nothing here: a missing glyph is measured as
        # the box drawn in its place. Whoever renders the figure hears about it, if it matters.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from (current )?font")
        for _ in range(ROUNDS):
            ticks = _tick_locations(axes)
            need, movers = _overhang(axes, renderer)
            if not _place(fig, axes, need + room):
                break
            # What hangs out moves with the area unless the locators chose other ticks or a
            # text placed in data coordinates now reaches further: only then measure again.
            if _tick_locations(axes) == ticks and np.all(
                _reach(axes[0], [t.get_window_extent(renderer) for t in movers]) <= need + 0.5
            ):
                break
    return fig
