"""Fixed margins sized from what sticks out of the plotting area: a fast one-panel layout.

Matplotlib's constrained layout measures every artist twice per draw and makes ``savefig`` draw
the figure twice (once to lay it out, once to render); for the charts of a report that was
most of their cost. The charts of this package have one plotting area (sometimes with a twin
y axis), so their layout is simpler: measure, once, how far the tick labels, axis labels,
titles, texts and legends reach beyond that area, and set the margins to exactly that (plus a
small pad) with :meth:`~matplotlib.axes.Axes.set_position`. The figure then draws once, with
no layout engine.

Examples
--------
>>> from matplotlib.figure import Figure
>>> fig = Figure(figsize=(4, 3))
>>> ax = fig.subplots()
>>> _ = ax.set_yticks([0, 1], ["a rather long label", "b"])
>>> _ = fit_layout(fig)
>>> fig.get_layout_engine() is None
True
>>> left = ax.get_position().x0 * fig.bbox.width
>>> from matplotlib.backends.backend_agg import RendererAgg
>>> r = RendererAgg(1, 1, fig.dpi)
>>> bool(left > ax.get_yticklabels()[0].get_window_extent(r).width)
True
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterable, Iterator
from contextvars import ContextVar

import numpy as np
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from jobsearch_analytics.plots._text import Settings, font_heights, font_settings, svg_text_size

__all__ = ["fit_layout", "svg_layout"]

#: Space kept between the outermost text and the figure's edge, in points.
PAD_POINTS = 5.0
#: Smallest share of the figure's width / height left to the plotting area.
MIN_PLOT_SHARE = 0.3
ROUNDS = 3


class _MeasuringRenderer(RendererAgg):
    """A one-pixel Agg renderer that only measures; font heights come from :mod:`._text`."""

    def __init__(self, dpi: float, settings: Settings) -> None:
        super().__init__(1, 1, dpi)
        self.font_settings = settings

    def _get_font_height_metrics(
        self, prop: FontProperties
    ) -> tuple[float | None, float | None, float | None]:
        # Asked by Text._get_layout (matplotlib >= 3.10) instead of reading the font's tables
        # for every text measured.
        return font_heights(prop, self.dpi, self.font_settings)


class _SVGMeasuringRenderer(_MeasuringRenderer):
    """Measures text as the SVG writer does (unhinted, :func:`._text.svg_text_size`), scaled
    to the figure's dpi: margins fitted to what the SVG draws, and each new label shaped once
    for fitting and writing instead of once for each (shaping costs about a millisecond a
    label, and a chart of a new selection has dozens: its n's and percentages change)."""

    def get_text_width_height_descent(
        self, s: str, prop: FontProperties, ismath: bool | str
    ) -> tuple[float, float, float]:
        if ismath == "TeX":
            return super().get_text_width_height_descent(s, prop, ismath)
        scale = self.dpi / 72
        width, height, descent = svg_text_size(s, prop, ismath, self.font_settings)
        return width * scale, height * scale, descent * scale


#: Whether figures fitted now will be written as SVG (see :func:`svg_layout`).
_FOR_SVG: ContextVar[bool] = ContextVar("jsa_fit_for_svg", default=False)


@contextlib.contextmanager
def svg_layout() -> Iterator[None]:
    """Within this block, :func:`fit_layout` measures text as the SVG writer does.

    For charts that will be written with :func:`~jobsearch_analytics.plots.to_svg` (the
    dashboard, the reports): their margins fit what the SVG draws, and fitting costs less.
    Outside it, text is measured as Agg draws it (hinted), right for PNG output; the two
    differ by a fraction of a pixel per character.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(4, 2))
    >>> _ = fig.subplots().set_yticks([0, 1], ["a rather long label", "b"])
    >>> with svg_layout():
    ...     _ = fit_layout(fig)
    >>> bool(fig.axes[0].get_position().x0 > 0.2)
    True
    """
    token = _FOR_SVG.set(True)
    try:
        yield
    finally:
        _FOR_SVG.reset(token)


#: Measuring renderers per (kind, dpi, font settings), kept: matplotlib caches text sizes
#: per renderer (by text and font properties), so the same tick labels and titles in the next
#: chart are not measured again; new font settings get a new renderer, so a generic family
#: that now names another font is not measured with the old one.
_RENDERERS: dict[tuple[bool, float, Settings], _MeasuringRenderer] = {}


def _renderer(fig: Figure) -> RendererBase:
    # Text is measured with the same font engine whatever the output (SVG or PNG), so a
    # one-pixel Agg renderer at the figure's dpi measures it without allocating a canvas.
    svg, dpi, settings = _FOR_SVG.get(), float(fig.dpi), font_settings()
    key = (svg, dpi, settings)
    if key not in _RENDERERS:
        if len(_RENDERERS) >= 8:
            _RENDERERS.clear()
        kind = _SVGMeasuringRenderer if svg else _MeasuringRenderer
        _RENDERERS[key] = kind(dpi, settings)
    return _RENDERERS[key]


def _union(boxes: list[Bbox]) -> Bbox | None:
    return Bbox.union(boxes) if boxes else None


def _axis_boxes(axis: Axis, renderer: RendererBase) -> list[Bbox]:
    """Where an axis' tick labels, label and offset text will be drawn.

    Cheaper than :meth:`~matplotlib.axis.Axis.get_tightbbox` (which also re-measures every
    axis sharing this one): the tick labels are measured once, and the label and offset text
    are placed the way matplotlib places them at draw time, next to the tick labels.
    """
    near, far = [], []  # label1 (left / bottom) and label2 (right / top) boxes
    # The ticks drawing will draw (those in the view), their positions and texts brought up
    # to date: what Axis.draw asks for, with one call of the locator instead of three.
    for tick in axis._update_ticks():
        for label, side in ((tick.label1, near), (tick.label2, far)):
            if label.get_visible() and label.get_text():
                side.append(label.get_window_extent(renderer))
    boxes = near + far
    area = axis.axes.bbox
    dots = axis.get_figure(root=True).dpi / 72.0
    vertical = axis.axis_name == "y"
    label = axis.label
    if label.get_visible() and label.get_text():
        size = label.get_window_extent(renderer)
        gap = axis.labelpad * dots
        first = axis.get_label_position() in ("left", "bottom")
        ticks = _union(near if first else far)
        if vertical and first:
            edge = min(area.x0, ticks.x0) if ticks else area.x0
            boxes.append(Bbox([[edge - gap - size.width, size.y0], [edge - gap, size.y1]]))
        elif vertical:
            edge = max(area.x1, ticks.x1) if ticks else area.x1
            boxes.append(Bbox([[edge + gap, size.y0], [edge + gap + size.width, size.y1]]))
        elif first:
            edge = min(area.y0, ticks.y0) if ticks else area.y0
            boxes.append(Bbox([[size.x0, edge - gap - size.height], [size.x1, edge - gap]]))
        else:
            edge = max(area.y1, ticks.y1) if ticks else area.y1
            boxes.append(Bbox([[size.x0, edge + gap], [size.x1, edge + gap + size.height]]))
    offset = axis.offsetText
    if offset.get_visible() and offset.get_text():
        size = offset.get_window_extent(renderer)
        gap = axis.OFFSETTEXTPAD * dots
        if vertical:  # drawn above the axes
            boxes.append(Bbox([[size.x0, area.y1 + gap], [size.x1, area.y1 + gap + size.height]]))
        else:  # drawn under the tick labels
            edge = min(area.y0, _union(near).y0) if near else area.y0
            boxes.append(Bbox([[size.x0, edge - gap - size.height], [size.x1, edge - gap]]))
    return boxes


def _boxes(ax: Axes, renderer: RendererBase) -> Iterable[Bbox]:
    """Window extents of everything of ``ax`` that may sit outside its plotting area."""
    # Axes drawn without their axes (set_axis_off) show no ticks or axis labels.
    for axis in (ax.xaxis, ax.yaxis) if ax.axison else ():
        if axis.get_visible():
            yield from _axis_boxes(axis, renderer)
    for child in ax.get_children():
        if not child.get_visible():
            continue
        if isinstance(child, Legend):
            yield child.get_window_extent(renderer)
        elif isinstance(child, Text) and child.get_text():
            box = child.get_window_extent(renderer)
            # An annotation whose anchor is off the axes is not drawn and measures as an
            # empty box at the origin.
            if box.width > 1 or box.height > 1:
                yield box


def _overhang(axes: list[Axes], renderer: RendererBase) -> np.ndarray:
    """How far (pixels) anything reaches beyond the plotting area: left, bottom, right, top."""
    area = axes[0].bbox
    out = np.zeros(4)
    for ax in axes:
        for box in _boxes(ax, renderer):
            if not np.all(np.isfinite(box.extents)):
                continue
            out = np.maximum(
                out,
                [area.x0 - box.x0, area.y0 - box.y0, box.x1 - area.x1, box.y1 - area.y1],
            )
    return out


def fit_layout(fig: Figure, *, pad: float = PAD_POINTS) -> Figure:
    """Set the margins of a one-panel figure so nothing sticks out of it; no layout engine.

    The plotting area (one Axes, or an Axes and its twins sharing its position) is placed so
    that tick labels, axis labels, titles, annotations and legends just fit inside the figure,
    ``pad`` points from its edges. Two or three measuring rounds settle labels that move with
    the axes (texts placed in data coordinates, tick labels chosen by the axis length). When
    the labels would leave the plot less than ``MIN_PLOT_SHARE`` of the figure, the figure is
    enlarged rather than a label cut. A figure with several panels, or with figure-level
    legends or titles, gets matplotlib's constrained layout instead (slower, same purpose).

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
    renderer = _renderer(fig)
    room = pad * fig.dpi / 72.0
    with warnings.catch_warnings():
        # DejaVu lacking a glyph (CJK) changes nothing here: a missing glyph is measured as
        # the box drawn in its place. Whoever renders the figure hears about it, if it matters.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        for _ in range(ROUNDS):
            need = _overhang(axes, renderer) + room
            if not _place(fig, axes, need):
                break
    return fig


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
