"""Matplotlib figures as inline SVG that carries nothing but the drawing.

A report is one self-contained HTML file that a coach mails to a client, so a chart must not
fetch anything or carry anything: no XML prolog or DOCTYPE (with its URL), no ``<metadata>``
(matplotlib writes its own URL and the date there), no comments, no namespace URLs (the HTML
parser puts inline SVG in the SVG namespace by itself). Text stays text (``svg.fonttype:
none``) so the browser draws it with its own fonts, CJK included, and a byte scan of the report
sees every word a chart shows. Ids are prefixed per chart because several charts share one
document.

Examples
--------
>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots(figsize=(2, 1))
>>> _ = ax.set_title("<b>Acme</b>")
>>> svg = figure_svg(fig, prefix="c1")
>>> plt.close(fig)
>>> svg.startswith("<svg"), "http" in svg, "&lt;b&gt;Acme" in svg, "<metadata" in svg
(True, False, True, False)
"""

from __future__ import annotations

import re

from matplotlib.figure import Figure

from jobsearch_analytics.plots import to_svg

__all__ = ["figure_svg"]

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>", re.S)
_XMLNS = re.compile(r'\s+xmlns(?::[\w-]+)?="[^"]*"')
_SIZE = re.compile(r'^<svg([^>]*?)\s+width="[^"]*"\s+height="[^"]*"')
_BETWEEN_TAGS = re.compile(r">\s+<")
_URL_REF = re.compile(r"url\(#([^)]+)\)")
_HREF_REF = re.compile(r'href="#([^"]+)"')


def figure_svg(fig: Figure, *, prefix: str, label: str = "") -> str:
    """The figure as an ``<svg>`` element for an HTML page (see the module notes).

    Parameters
    ----------
    fig : Figure
        The figure; it is not closed or changed.
    prefix : str
        Prefix for every id inside the SVG, unique within the page (letters, digits, ``-``).
    label : str
        Accessible name (``aria-label``); escaped here.

    Returns
    -------
    str
        The ``<svg ...>...</svg>`` markup, scaled to the width of its container.
    """
    from jobsearch_analytics.io.writers import escape_html

    # Drawing (the costly part) is shared with the dashboard; what follows only strips what an
    # inline, mailed document must not carry.
    text = to_svg(fig, salt=prefix)
    text = _COMMENT.sub("", text)
    text = _METADATA.sub("", text)
    # Namespaces are declared on the root element only (matplotlib writes them nowhere else).
    end = text.index(">")
    text = _XMLNS.sub("", text[:end]) + text[end:]
    # Every attribute matplotlib writes follows a space: a plain replacement is the regular
    # expression's work without its scan (which starts at every character).
    text = text.replace(' id="', f' id="{prefix}-')
    text = _URL_REF.sub(lambda m: f"url(#{prefix}-{m.group(1)})", text)
    text = _HREF_REF.sub(lambda m: f'href="#{prefix}-{m.group(1)}"', text)
    aria = f' role="img" aria-label="{escape_html(label)}"' if label else ' role="img"'
    text = _SIZE.sub(lambda m: f'<svg{m.group(1)} class="chart"{aria}', text, count=1)
    return _BETWEEN_TAGS.sub("><", text).strip()
