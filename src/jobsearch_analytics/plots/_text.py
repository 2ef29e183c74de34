"""Text measurements that outlive one drawing: the same label is measured once per process.

Every time matplotlib lays out a text it asks the renderer for the text's size and looks up
its font's vertical metrics (ascender, descender, line gap: a font lookup and two or three
font-table reads). A new renderer, as every ``savefig`` makes, starts with no cache, so the
tick labels, titles and legend entries of each chart were measured again for every chart:
about half of writing an SVG and a good part of fitting the margins. The functions here give
the same numbers as matplotlib's own code and keep them, keyed by everything they depend on:
the text, its font properties, the figure's dpi and the font settings (``rcParams`` of fonts,
mathtext and TeX, and the fonts known to the font manager).

The two renderers that use them are the SVG writer of :mod:`._export` and the measuring
renderer of :mod:`._layout`; tests check that charts come out byte for byte as matplotlib
writes them, so a matplotlib release that measures differently shows up there.

Examples
--------
>>> from matplotlib.font_manager import FontProperties
>>> w, h, d = svg_text_size("42%", FontProperties(size=10), False, font_settings())
>>> bool(w > 0 and h > d >= 0)
True
>>> ascent, descent, gap = font_heights(FontProperties(size=10), 72.0, font_settings())
>>> bool(ascent > descent > 0)
True
"""

from __future__ import annotations

import functools
from typing import Any

import matplotlib as mpl
from matplotlib import font_manager as fm
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

__all__ = ["font_heights", "font_settings", "svg_text_size"]

#: rcParams a measurement can depend on besides the font properties: which files the font
#: families resolve to, and how math and TeX are set.
_FONT_SETTINGS = ("font.", "mathtext.", "text.usetex", "text.latex.")

#: Font tables holding the vertical metrics, in the order matplotlib reads them
#: (``Text._get_layout``): table, line gap, ascender, descender.
_HEIGHT_TABLES = (
    ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
    ("hhea", "lineGap", "ascent", "descent"),
)

_TEXT_TO_PATH = TextToPath()

Settings = tuple[Any, ...]


def font_settings() -> Settings:
    """What, besides a text and its font properties, decides how large it is drawn.

    Read once per drawing (not per text): a cache key, cheap to compare.
    """
    settings = tuple((k, str(v)) for k, v in mpl.rcParams.items() if k.startswith(_FONT_SETTINGS))
    # Fonts added while running (font_manager.fontManager.addfont) change what families
    # resolve to.
    return (*settings, len(fm.fontManager.ttflist))


@functools.lru_cache(maxsize=16384)
def _svg_text_size(
    text: str, prop: FontProperties, ismath: bool | str, settings: Settings
) -> tuple[float, float, float]:
    del settings  # part of the key only
    return _TEXT_TO_PATH.get_text_width_height_descent(text, prop, ismath)


def svg_text_size(
    text: str, prop: FontProperties, ismath: bool | str, settings: Settings
) -> tuple[float, float, float]:
    """Width, height and descent (points) of ``text`` as matplotlib's SVG writer measures it
    (``RendererSVG.get_text_width_height_descent``), cached for the process."""
    # A copy: FontProperties is mutable and hashes by its current state.
    return _svg_text_size(text, prop.copy(), ismath, settings)


@functools.lru_cache(maxsize=1024)
def _font_heights(
    prop: FontProperties, dpi: float, settings: Settings
) -> tuple[float | None, float | None, float | None]:
    del settings  # part of the key only
    font = fm.get_font(fm.fontManager._find_fonts_by_props(prop))
    for table_name, gap_key, ascent_key, descent_key in _HEIGHT_TABLES:
        table = font.get_sfnt_table(table_name)
        if table is None:
            continue
        scale = prop.get_size_in_points() * dpi / 72 / font.get_sfnt_table("head")["unitsPerEm"]
        return table[ascent_key] * scale, -table[descent_key] * scale, table[gap_key] * scale
    return None, None, None  # matplotlib then measures the string "lp" instead


def font_heights(
    prop: FontProperties, dpi: float, settings: Settings
) -> tuple[float | None, float | None, float | None]:
    """Ascent, descent and line gap (pixels at ``dpi``) of the font of ``prop``, as
    ``Text._get_layout`` computes them, cached for the process; ``(None, None, None)`` when
    the font has no such tables."""
    return _font_heights(prop.copy(), float(dpi), settings)
