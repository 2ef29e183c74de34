"""HTML rendering shared by the client and the cohort report: cell formatting, table views,
the Jinja2 templates (``report/templates/``).

The templates are rendered with autoescaping on, so every value a user typed is HTML-escaped
(quotes included) wherever it lands; the only markup passed through unescaped is the charts'
SVG, which this package draws (:mod:`jobsearch_analytics.report._svg`). The page is one file:
the CSS is inline, charts are inline SVG, nothing is fetched (no scripts, links, images or
fonts).

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"company": ["<script>x</script>"], "rate": [0.25], "n": [4]})
>>> html = table_html(t)
>>> "&lt;script&gt;" in html, "<script>" in html, "25%" in html
(True, False, True)
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
import numpy as np
import pandas as pd

from jobsearch_analytics.conventions import INTERVAL_COLUMNS, SHARE_COLUMNS

__all__ = [
    "INTERVAL_COLUMNS",
    "PERCENT_COLUMNS",
    "TableView",
    "cell",
    "embed",
    "interval_is_share",
    "pct",
    "rate_text",
    "render",
    "table_html",
    "table_view",
]

#: Columns shown as percentages wherever they appear (interval bounds: shares in a rate
#: table, but days in a table of median days; see :func:`interval_is_share`).
PERCENT_COLUMNS: frozenset[str] = SHARE_COLUMNS | INTERVAL_COLUMNS


def interval_is_share(columns: Iterable[Any]) -> bool:
    """Whether ``ci_low`` / ``ci_high`` in a table with these columns bound a share.

    They do when the table has a share beside them (a rate, a probability); in "median days"
    they bound a number of days, and showing 14 days as 1400% would be wrong.

    Examples
    --------
    >>> interval_is_share(["rate", "ci_low"]), interval_is_share(["median_days", "ci_low"])
    (True, False)
    """
    return bool({str(c) for c in columns} & (PERCENT_COLUMNS - INTERVAL_COLUMNS))


#: Columns that are day counts or percentages of a raise: shown with one decimal at most.
_ONE_DECIMAL = frozenset({"median_raise_pct", "mean_raise_pct", "percentile", "position"})


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def pct(value: Any, digits: int = 0) -> str:
    """A share as a percentage, ``–`` when missing.

    Examples
    --------
    >>> pct(0.1234), pct(None), pct(0.5, 1)
    ('12%', '–', '50.0%')
    """
    if _missing(value):
        return "–"
    return f"{float(value):.{digits}%}"


def rate_text(row: Mapping[str, Any]) -> str:
    """``"25% (9%–53%), 3 of 12"`` for a rate row; escaped text (no markup).

    Examples
    --------
    >>> rate_text({"n": 12, "k": 3, "rate": 0.25, "ci_low": 0.089, "ci_high": 0.532})
    '25% (9%–53%), 3 of 12'
    >>> rate_text({"n": 0, "k": 0, "rate": float("nan"), "ci_low": None, "ci_high": None})
    'no applications'
    """
    n = row.get("n")
    if _missing(n) or int(n) == 0:
        return "no applications"
    if _missing(row.get("k")):  # the tracker cannot say: unknown, never 0
        return "unknown (not in the tracker)"
    return (
        f"{pct(row.get('rate'))} ({pct(row.get('ci_low'))}–{pct(row.get('ci_high'))}), "
        f"{int(row.get('k', 0))} of {int(n)}"
    )


def cell(value: Any, column: str = "") -> str:
    """One value as display text: percentages, dates, thousands, yes/no (plain text: the
    template escapes it).

    Examples
    --------
    >>> cell(0.256, "rate"), cell(84000.0, "mid_median"), cell(True), cell(pd.NaT)
    ('26%', '84,000', 'yes', '–')
    >>> cell(pd.Timestamp("2024-03-01")), cell("<b>"), cell(3.25, "days")
    ('2024-03-01', '<b>', '3.2')
    """
    if _missing(value):
        return "–"
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, pd.Timestamp | dt.datetime):
        ts = pd.Timestamp(value)
        return ts.date().isoformat() if ts == ts.normalize() else ts.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        x = float(value)
        if column in PERCENT_COLUMNS:
            return pct(x, 1 if column.startswith("diff") else 0)
        if column in _ONE_DECIMAL:
            return f"{x:,.1f}"
        if abs(x) >= 1000:
            return f"{x:,.0f}"
        if x == int(x):
            return f"{int(x)}"
        return f"{x:.2g}" if abs(x) < 1 else f"{x:.1f}"
    return str(value)


@dataclass(frozen=True)
class TableView:
    """A table as the template shows it: header ``(label, class)`` pairs, one cell class per
    column (``'num'``, ``'date'`` or ``''``), the first rows as display texts, and how many rows
    the table has in all."""

    head: list[tuple[str, str]]
    classes: list[str]
    rows: list[tuple[str, ...]]
    total: int
    caption: str = ""


def table_view(
    frame: pd.DataFrame,
    *,
    columns: Iterable[str] | None = None,
    labels: Mapping[str, str] | None = None,
    max_rows: int = 200,
    caption: str = "",
) -> TableView:
    """The display texts of ``frame`` (at most ``max_rows`` rows), for the ``table`` template.

    Examples
    --------
    >>> v = table_view(pd.DataFrame({"stage": ["applied"], "rate": [0.5]}), labels={"rate": "r"})
    >>> v.head, v.classes, v.rows
    ([('stage', ''), ('r', 'num')], ['', 'num'], [('applied', '50%')])
    """
    cols = [c for c in (columns or frame.columns) if c in frame.columns]
    labels = labels or {}
    head = [(str(labels.get(c, c)), "num" if _numeric(frame[c]) else "") for c in cols]
    # Interval bounds of days are formatted as days, not as percentages.
    shown_as = (
        cols
        if interval_is_share(frame.columns)
        else [c if c not in INTERVAL_COLUMNS else "days" for c in cols]
    )
    shown = frame.iloc[:max_rows]
    # Column lists zipped into rows: the values itertuples gives, at a third of its cost.
    rows = [
        tuple(cell(v, c) for c, v in zip(shown_as, row, strict=True))
        for row in zip(*(shown[c].tolist() for c in cols), strict=True)
    ]
    classes = [_td_class(frame[c]) for c in cols]
    return TableView(head, classes, rows, len(frame), caption)


def table_html(
    frame: pd.DataFrame,
    *,
    columns: Iterable[str] | None = None,
    labels: Mapping[str, str] | None = None,
    max_rows: int = 200,
    caption: str = "",
) -> str:
    """An HTML table of ``frame`` (escaped; numbers right-aligned; at most ``max_rows`` rows).

    Examples
    --------
    >>> t = pd.DataFrame({"stage": ["applied"], "n_reached": [4]})
    >>> table_html(t, labels={"n_reached": "reached"}).count("<tr>")
    2
    """
    view = table_view(frame, columns=columns, labels=labels, max_rows=max_rows, caption=caption)
    return render("table.html", view=view)


def _td_class(series: pd.Series) -> str:
    if _numeric(series):
        return "num"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    return ""


def _numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


@functools.cache
def _environment() -> jinja2.Environment:
    # Autoescaping on for every template: a value is escaped unless a template marks it safe.
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("jobsearch_analytics.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["zip"] = zip
    return env


def render(template: str, **context: Any) -> str:
    """Render one of the templates in ``report/templates/`` (values escaped).

    Examples
    --------
    >>> doc = render("page.html", title="<x>", meta="m", toc=[("a", "A")], footer="f")
    >>> doc.startswith("<!DOCTYPE html>"), "<title>&lt;x&gt;</title>" in doc
    (True, True)
    """
    return _environment().get_template(template).render(**context)


def embed(document: str, *, height: int = 900) -> str:
    """A whole page shown inside a notebook: an ``iframe`` whose ``srcdoc`` is the page, so its
    CSS (``body``, ``main`` ...) styles the report and not the notebook around it.

    Examples
    --------
    >>> out = embed("<html><body><p>a & b</p></body></html>")
    >>> out.startswith("<iframe") and "a &amp; b" in out and "<p>" not in out
    True
    """
    return render("embed.html", document=document, height=int(height))
