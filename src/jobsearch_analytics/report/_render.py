"""HTML rendering shared by the client and the cohort report: cell formatting, tables, the page.

Everything a user typed reaches the page through :func:`cell` or :func:`esc` (HTML-escaped,
quotes included); markup comes only from the templates here. The page is one file: the CSS is
inline, charts are inline SVG, nothing is fetched (no scripts, links, images or fonts).

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
import math
import numbers
from collections.abc import Iterable, Mapping
from string import Template
from typing import Any

import numpy as np
import pandas as pd

from jobsearch_analytics.io.writers import escape_html

__all__ = [
    "INTERVAL_COLUMNS",
    "PERCENT_COLUMNS",
    "cell",
    "embed",
    "esc",
    "interval_is_share",
    "page",
    "pct",
    "rate_text",
    "table_html",
]

#: Columns shown as percentages wherever they appear.
PERCENT_COLUMNS: frozenset[str] = frozenset(
    {
        "rate",
        "ci_low",
        "ci_high",
        "p",
        "p_reply",
        "share",
        "difference",
        "diff_low",
        "diff_high",
        "survival",
        "cif",
        "benchmark",
        "ci_coverage",
    }
)
#: Interval bounds: shares in a rate table, but days in a table of median days.
INTERVAL_COLUMNS: frozenset[str] = frozenset({"ci_low", "ci_high"})


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


def esc(text: Any) -> str:
    """Escape any value for HTML text or a quoted attribute.

    Examples
    --------
    >>> esc('=HYPERLINK("http://x")')
    '=HYPERLINK(&quot;http://x&quot;)'
    """
    return escape_html("" if text is None else text)


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
    return (
        f"{pct(row.get('rate'))} ({pct(row.get('ci_low'))}–{pct(row.get('ci_high'))}), "
        f"{int(row.get('k', 0))} of {int(n)}"
    )


def cell(value: Any, column: str = "") -> str:
    """One value as escaped display text: percentages, dates, thousands, yes/no.

    Examples
    --------
    >>> cell(0.256, "rate"), cell(84000.0, "mid_median"), cell(True), cell(pd.NaT)
    ('26%', '84,000', 'yes', '–')
    >>> cell(pd.Timestamp("2024-03-01")), cell("<b>"), cell(3.25, "days")
    ('2024-03-01', '&lt;b&gt;', '3.2')
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
    return esc(value)


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
    cols = [c for c in (columns or frame.columns) if c in frame.columns]
    labels = labels or {}
    head = "".join(
        f"<th{' class=num' if _numeric(frame[c]) else ''}>{esc(labels.get(c, c))}</th>"
        for c in cols
    )
    # Each column's cell class once, not once per cell (a column lookup and two dtype checks
    # per cell were most of a report's HTML time).
    opens = [f"<td{_td_class(frame[c])}>" for c in cols]
    # Interval bounds of days are formatted as days, not as percentages.
    shown_as = (
        cols
        if interval_is_share(frame.columns)
        else [c if c not in INTERVAL_COLUMNS else "days" for c in cols]
    )
    body = []
    shown = frame.iloc[:max_rows]
    # Column lists zipped into rows: the values itertuples gives, at a third of its cost.
    for row in zip(*(shown[c].tolist() for c in cols), strict=True):
        tds = "".join(
            f"{td}{cell(v, c)}</td>" for td, c, v in zip(opens, shown_as, row, strict=True)
        )
        body.append(f"<tr>{tds}</tr>")
    more = (
        f"<p class=muted>Showing {max_rows} of {len(frame)} rows; the workbook has all.</p>"
        if len(frame) > max_rows
        else ""
    )
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (
        f"<div class=tablewrap><table>{cap}<thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>{more}"
    )


def _td_class(series: pd.Series) -> str:
    if _numeric(series):
        return " class=num"
    if pd.api.types.is_datetime64_any_dtype(series):
        return " class=date"
    return ""


def _numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


_CSS = """
:root{--fg:#1d2329;--muted:#5b6670;--line:#d9dee3;--accent:#0072B2;--bg:#fff;--soft:#f4f6f8}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);
 font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC",sans-serif}
main{max-width:60rem;margin:0 auto;padding:1.5rem 1.5rem 3rem}
header.top{border-bottom:3px solid var(--accent);margin-bottom:1rem;padding-bottom:.6rem}
header.top h1{margin:0;font-size:1.7rem}
.meta{color:var(--muted);margin:.2rem 0 0}
nav.toc{font-size:.9rem;margin:.6rem 0 1.2rem;color:var(--muted)}
nav.toc a{color:var(--accent);text-decoration:none;margin-right:.9rem;white-space:nowrap}
section{margin:0 0 2.2rem}
section h2{font-size:1.3rem;border-bottom:1px solid var(--line);padding-bottom:.2rem;
 margin:1.6rem 0 .6rem}
h3{font-size:1.02rem;margin:1.1rem 0 .3rem}
p{margin:.35rem 0 .6rem}
.muted{color:var(--muted);font-size:.9rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(11.5rem,1fr));gap:.7rem;
 margin:.6rem 0 1rem}
.card{background:var(--soft);border-radius:.5rem;padding:.6rem .8rem;border-left:4px solid
 var(--accent)}
.card .label{font-size:.8rem;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
.card .value{font-size:1.45rem;font-weight:650;line-height:1.25}
.card .sub{font-size:.82rem;color:var(--muted)}
.tablewrap{overflow-x:auto;margin:.3rem 0 .8rem}
table{border-collapse:collapse;font-size:.88rem;min-width:50%}
caption{text-align:left;font-weight:600;padding:.2rem 0}
th,td{padding:.28rem .6rem;border-bottom:1px solid var(--line);text-align:left;
 vertical-align:top;max-width:26rem;overflow-wrap:break-word}
td.date{white-space:nowrap}
th{background:var(--soft);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tbody tr:nth-child(even){background:#fafbfc}
figure{margin:.6rem 0 1rem}
figure svg.chart{width:100%;height:auto}
figure.tall svg.chart{width:auto;max-width:100%;height:auto}
figcaption{font-size:.85rem;color:var(--muted)}
.note{background:#fff8e6;border-left:4px solid #E69F00;padding:.4rem .7rem;font-size:.9rem}
.failed td{color:#a33}
footer{color:var(--muted);font-size:.8rem;border-top:1px solid var(--line);padding-top:.6rem}
@media print{
 body{font-size:11pt}
 main{max-width:none;padding:0}
 nav.toc{display:none}
 section{break-before:page;page-break-before:always}
 section.first{break-before:auto;page-break-before:auto}
 figure,table,.cards,tr{break-inside:avoid;page-break-inside:avoid}
 h2,h3{break-after:avoid;page-break-after:avoid}
 .tablewrap{overflow:visible}
 a{color:inherit;text-decoration:none}
}
@page{margin:16mm 14mm}
"""

_PAGE = Template(
    """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="jobsearch-analytics">
<meta name="referrer" content="no-referrer">
<title>$title</title>
<style>$css</style>
</head>
<body>
<main>
<header class="top"><h1>$title</h1><p class="meta">$meta</p></header>
$toc
$body
<footer>$footer</footer>
</main>
</body>
</html>
"""
)


def page(*, title: str, meta: str, toc: str, body: str, footer: str) -> str:
    """The whole document. ``title`` and ``meta`` are plain text (escaped here); ``toc``,
    ``body`` and ``footer`` are markup made by this package.

    Examples
    --------
    >>> doc = page(title="<x>", meta="m", toc="", body="<p>b</p>", footer="f")
    >>> doc.startswith("<!DOCTYPE html>"), "<title>&lt;x&gt;</title>" in doc
    (True, True)
    """
    return _PAGE.substitute(
        title=esc(title), meta=esc(meta), toc=toc, body=body, footer=footer, css=_CSS.strip()
    )


def embed(document: str, *, height: int = 900) -> str:
    """A whole page shown inside a notebook: an ``iframe`` whose ``srcdoc`` is the page, so its
    CSS (``body``, ``main`` ...) styles the report and not the notebook around it.

    Examples
    --------
    >>> out = embed("<html><body><p>a & b</p></body></html>")
    >>> out.startswith("<iframe") and "a &amp; b" in out and "<p>" not in out
    True
    """
    return (
        f'<iframe srcdoc="{esc(document)}" style="width:100%;height:{int(height)}px;'
        'border:1px solid #ddd" sandbox></iframe>'
    )
