"""A chart as an SVG document: text kept as text, no metadata, nothing else touched.

SVG is what the report and the dashboard show, because it is the cheapest way to turn a
matplotlib figure into something a browser draws: with ``svg.fonttype: none`` every label is a
``<text>`` element instead of rasterised (PNG) or outlined (SVG paths) glyphs, which is about
half the time of a PNG and stays sharp at any zoom. The browser draws the text with its own
fonts, so characters DejaVu Sans lacks (CJK company names) still show.

Matplotlib's SVG writer measures every text to place it (alignment, legends) and starts each
file with an empty measuring cache, so the same tick labels, titles and legend entries were
measured again for every chart: about half of the writing time. Here the figure is saved
through matplotlib's own SVG canvas whose renderer takes its measurements from the
process-wide caches of :mod:`._text`; the document is byte for byte the one matplotlib writes.

Examples
--------
>>> from matplotlib.figure import Figure
>>> fig = Figure(figsize=(2, 1))
>>> _ = fig.subplots().set_title("Acme & Co")
>>> svg = to_svg(fig)
>>> svg.startswith("<svg"), "Acme &amp; Co</text>" in svg, "<dc:date" in svg
(True, True, False)
"""

from __future__ import annotations

import codecs
import contextlib
import io
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import matplotlib as mpl
from matplotlib import cbook
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from jobsearch_analytics.plots._text import font_heights, font_settings, svg_text_size

__all__ = ["FigureCanvas", "to_svg"]

#: ``savefig(backend=...)`` name of this module: matplotlib uses its ``FigureCanvas`` for the
#: one save and then gives the figure its own canvas back.
BACKEND = f"module://{__name__}"


class _RendererSVG(RendererSVG):
    """Matplotlib's SVG renderer, measuring text through the caches of :mod:`._text`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._font_settings = font_settings()

    def get_text_width_height_descent(
        self, s: str, prop: FontProperties, ismath: bool | str
    ) -> tuple[float, float, float]:
        return svg_text_size(s, prop, ismath, self._font_settings)

    def _get_font_height_metrics(
        self, prop: FontProperties
    ) -> tuple[float | None, float | None, float | None]:
        # Asked by Text._get_layout (matplotlib >= 3.10) instead of reading the font's tables
        # on every text; the figure is drawn at 72 dpi while an SVG is written.
        return font_heights(prop, 72.0, self._font_settings)


class FigureCanvas(FigureCanvasSVG):
    """Matplotlib's SVG canvas drawing with :class:`_RendererSVG`; ``print_svg`` does what
    matplotlib's does."""

    def print_svg(  # type: ignore[override]
        self,
        filename: Any,
        *,
        bbox_inches_restore: Any = None,
        metadata: dict[str, Any] | None = None,
        **_applied: Any,  # dpi, facecolor, ...: savefig has set them on the figure already
    ) -> None:
        with cbook.open_file_cm(filename, "w", encoding="utf-8") as fh:
            if not cbook.file_requires_unicode(fh):
                fh = codecs.getwriter("utf-8")(fh)
            dpi = self.figure.dpi
            self.figure.dpi = 72
            width, height = self.figure.get_size_inches()
            renderer = MixedModeRenderer(
                self.figure,
                width,
                height,
                dpi,
                _RendererSVG(width * 72, height * 72, fh, image_dpi=dpi, metadata=metadata),
                bbox_inches_restore=bbox_inches_restore,
            )
            with _ticks_updated_once(self.figure):
                self.figure.draw(renderer)
            renderer.finalize()


@contextlib.contextmanager
def _ticks_updated_once(fig: Figure) -> Iterator[None]:
    """Within this block every axis of ``fig`` updates its ticks, and measures their labels,
    once.

    Drawing an axis asks for its ticks (locator, formatter, every tick moved and relabelled)
    and their labels' boxes, and then again for each axis it aligns its label with (itself
    included) to place the label: three updates and two measurements per axis and draw,
    about a tenth of writing a chart. Within one draw nothing changes the view limits or the
    ticks after the first update, so the later ones return what the first did (the same
    ticks, positions and texts); the output is the same bytes.
    """
    patched = []
    for ax in fig.axes:
        for axis in ax._axis_map.values():
            patched.append(axis)
            axis._update_ticks = _once(axis._update_ticks)  # type: ignore[method-assign]
            axis._get_ticklabel_bboxes = _once(axis._get_ticklabel_bboxes)  # type: ignore[method-assign]
    try:
        yield
    finally:
        for axis in patched:  # back to the class' methods
            del axis._update_ticks
            del axis._get_ticklabel_bboxes


def _once(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method``, answering later calls with the same arguments (by identity) from the
    first."""
    memo: dict[tuple[int, ...], tuple[tuple[Any, ...], Any]] = {}

    def call(*args: Any) -> Any:
        key = tuple(map(id, args))
        if key not in memo:
            # The arguments are kept with the answer so their ids stay theirs.
            memo[key] = (args, method(*args))
        return memo[key][1]

    return call


def to_svg(fig: Figure, *, salt: str = "chart") -> str:
    """The figure as a standalone ``<svg>`` document (with its namespace, without a prolog).

    Parameters
    ----------
    fig : Figure
        The chart; it is drawn as it is (no layout is run here) and not changed.
    salt : str
        Seed of the ids matplotlib writes (``svg.hashsalt``): the same chart and salt give the
        same text.

    Returns
    -------
    str
        ``<svg xmlns=... width=... height=...>...</svg>``, for ``image/svg+xml`` or a file.
    """
    buf = io.StringIO()
    with (
        mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}),
        warnings.catch_warnings(),
    ):
        # Glyph warnings only say that DejaVu lacks a character (CJK); the browser draws the
        # text with its own fonts, so they do not apply to the picture.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        fig.savefig(
            buf,
            format="svg",
            backend=BACKEND,
            metadata={"Creator": None, "Date": None, "Format": None, "Type": None},
        )
    text = buf.getvalue()
    return text[text.index("<svg") :]
