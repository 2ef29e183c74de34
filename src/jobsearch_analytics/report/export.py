"""Write reports: the HTML file and the workbook of the same tables, atomically and safely.

Both go through :mod:`jobsearch_analytics.io.writers`: never over an input file, written to a
temporary file and moved into place. The workbook (:func:`write_report_xlsx`) has one sheet
per section of the report, named after the section and in the report's order. A sheet reads
like the section: its title, a line saying whose report it is and as of when, the section's
text and caveats, then every table of the section, whole (the HTML may show fewer columns or
rows), each under a bold title, stacked in order with a blank row between them. Headers are
words (:func:`column_header`: ``95% low``, ``Annual min (low)``), and an application is named by
its company and role (``Acme — Data Analyst``), not by its id. Values only:
no formulas, no live links; text a spreadsheet would run (``=…``, ``+…``, ``@…``) starts
with an apostrophe; shares are formatted as percentages, money with thousands separators,
dates as dates. Each paragraph of text is one cell, wrapped. A section with no table (one that
could not be computed) still gets its sheet, with the note that says why, so the workbook lists
what the HTML lists.

The document properties are written with the workbook: author ``jobsearch-analytics``, title
``Job search report`` (never the client's name), no company, and as the creation date the
report's analysis date -- so the file records neither who ran it, on which machine, nor when,
and the same tracker with the same ``--today`` gives the same bytes.

Examples
--------
>>> import tempfile, pathlib, zipfile, openpyxl, pandas as pd
>>> from jobsearch_analytics.report.client import ClientReport, ReportTable, Section
>>> r = ClientReport("Job search report", "", "2024-01-01", 0.95, {},
...     (Section("summary", "Summary", text=("One table.",), tables=(ReportTable("rates",
...         pd.DataFrame({"rate": [0.25], "company": ["=1+1"]}), caption="Rates"),)),))
>>> p = write_report_xlsx(r, pathlib.Path(tempfile.mkdtemp()) / "r.xlsx")
>>> ws = openpyxl.load_workbook(p)["Summary"]
>>> [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]
... # doctest: +NORMALIZE_WHITESPACE
[['Summary'], [], ['Job search report. As of 2024-01-01; intervals are 95%.'], [],
 ['One table.'], [], ['Rates'], ['Rate', 'Company'], [0.25, "'=1+1"]]
>>> ws["A9"].number_format
'0.0%'
>>> b"<dc:creator>jobsearch-analytics</dc:creator>" in zipfile.ZipFile(p).read(
...     "docProps/core.xml")
True
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from jobsearch_analytics.io.writers import (
    OutputError,
    XlsxSheet,
    XlsxTable,
    atomic_write_bytes,
    write_text,
    write_xlsx_sheets,
)
from jobsearch_analytics.report._render import INTERVAL_COLUMNS, PERCENT_COLUMNS, interval_is_share
from jobsearch_analytics.report.client import ClientReport, ReportTable, Section

__all__ = [
    "FORMATS",
    "HEADERS",
    "XLSX_AUTHOR",
    "XLSX_TITLE",
    "column_header",
    "html_to_pdf",
    "report_sheets",
    "workbook_table",
    "write_report_html",
    "write_report_pdf",
    "write_report_xlsx",
]

_PathLike = str | os.PathLike[str]

#: Document properties of every workbook written here.
XLSX_AUTHOR = "jobsearch-analytics"
XLSX_TITLE = "Job search report"

_SIGNED = "+0.0%;-0.0%;0.0%"
_MONEY = "#,##0"

#: Excel number formats by column name, in every table (see :func:`_table_formats` for the
#: interval bounds, which follow the estimate they bound).
FORMATS: dict[str, str] = {
    **{c: "0.0%" for c in PERCENT_COLUMNS},
    "difference": _SIGNED,
    "diff_low": _SIGNED,
    "diff_high": _SIGNED,
    **{
        c: _MONEY
        for c in (
            "mid_low",
            "mid_median",
            "mid_high",
            "annual_min_low",
            "annual_min_median",
            "annual_min_high",
            "annual_max_low",
            "annual_max_median",
            "annual_max_high",
            "posted_min",
            "posted_max",
            "offer_initial",
            "offer_final",
        )
    },
    **{
        c: "0.0"
        for c in (
            "median_raise_pct",
            "mean_raise_pct",
            "raise_ci_low_pct",
            "raise_ci_high_pct",
            "percentile",
            "position",
        )
    },
}


#: Interval bounds, named with the confidence level (``{p}``, e.g. ``95%``).
_BOUNDS: dict[str, str] = {
    "ci_low": "{p} low",
    "ci_high": "{p} high",
    "diff_low": "Difference, {p} low",
    "diff_high": "Difference, {p} high",
    "raise_ci_low_pct": "Raise %, {p} low",
    "raise_ci_high_pct": "Raise %, {p} high",
}

#: Workbook headers of metric columns whose name does not read as words once ``_`` is a space.
HEADERS: dict[str, str] = {
    "n": "n",
    "k": "k",
    "p": "Chance",
    "p_reply": "Chance of a reply",
    "small": "Small group",
    "n_reached": "Reached",
    "n_offers": "Offers",
    "n_negotiated": "Negotiated",
    "median_raise_pct": "Median raise %",
    "mean_raise_pct": "Mean raise %",
    "ci_coverage": "Interval coverage",
    "at_risk": "Still waiting (at risk)",
    "cif": "Cumulative share",
    "last_reply_day": "Last reply (day)",
    "max_followup_day": "Longest wait seen (day)",
    "peers_n": "Postings compared",
    "vs_range": "Against the range",
    "raw": "Value as written",
    "source_column": "Column in the tracker",
    "how": "Matched by",
    "rows_read": "Rows read",
    "rows_kept": "Rows kept",
    "rows_dropped": "Rows dropped",
    **{
        f"{prefix}_{stat}": f"{name} ({stat})"
        for prefix, name in (
            ("annual_min", "Annual min"),
            ("annual_max", "Annual max"),
            ("mid", "Midpoint"),
        )
        for stat in ("low", "median", "high")
    },
}

_DASH = " — "


def column_header(name: object, level: float, labels: Mapping[str, str] | None = None) -> str:
    """The workbook header of a table column: words, the interval's level in its bounds.

    ``labels`` are the table's own (those the HTML shows), used before :data:`HEADERS`;
    any other name reads with its underscores as spaces, capitalised.

    Examples
    --------
    >>> [column_header(c, 0.95) for c in ("ci_low", "annual_min_low", "median_days", "n")]
    ['95% low', 'Annual min (low)', 'Median days', 'n']
    >>> column_header("rate", 0.9, {"rate": "conversion"}), column_header("ci_high", 0.9)
    ('Conversion', '90% high')
    """
    key = str(name)
    if key in _BOUNDS:
        return _BOUNDS[key].format(p=f"{level:.0%}")
    text = (labels or {}).get(key) or HEADERS.get(key) or key.replace("_", " ")
    return text if len(text) == 1 else text[:1].upper() + text[1:]


def _application_labels(frame: pd.DataFrame) -> pd.Series:
    """``Company — Role`` per row (either alone when the other is blank; the id when both are)."""

    def text(column: str) -> pd.Series:
        if column not in frame.columns:
            return pd.Series(pd.NA, index=frame.index, dtype="string")
        return frame[column].astype("string").str.strip().replace("", pd.NA)

    company, role = text("company"), text("role")
    both = company + _DASH + role  # blank when either is
    return both.fillna(company).fillna(role).fillna(frame["application_id"].astype("string"))


def workbook_table(t: ReportTable, level: float) -> XlsxTable:
    """A report table as the workbook shows it: word headers, each column's number format,
    and an ``Application`` column (company — role) instead of the id, company and role.

    Examples
    --------
    >>> t = ReportTable("to do", pd.DataFrame({"application_id": ["Jobs#4", "Jobs#9"],
    ...     "company": ["Acme", "Beta"], "role": ["Analyst", None], "rate": [0.5, 0.25]}))
    >>> x = workbook_table(t, 0.95)
    >>> x.frame.to_dict("list"), x.formats
    ({'Application': ['Acme — Analyst', 'Beta'], 'Rate': [0.5, 0.25]}, {'Rate': '0.0%'})
    """
    frame = t.frame
    if "application_id" in frame.columns and "company" in frame.columns:
        labels = _application_labels(frame).to_numpy(dtype=object)
        named = frame.drop(columns=[c for c in ("company", "role") if c in frame.columns])
        frame = named.assign(application_id=labels)  # in the id's place
    spec = {**FORMATS, **_table_formats(t.frame)}
    labels = {"application_id": "Application", **t.labels}
    headers = {c: column_header(c, level, labels) for c in frame.columns}
    formats = {headers[c]: spec[str(c)] for c in frame.columns if str(c) in spec}
    return XlsxTable(_table_title(t), frame.rename(columns=headers), formats)


def _table_formats(frame: pd.DataFrame) -> dict[str, str]:
    """Formats for one table: an interval bounds a share only when the table has one.

    ``ci_low`` / ``ci_high`` bound a rate in most tables but a number of days in "median
    days"; formatting them by name alone would show 14 days as 1400%.

    Examples
    --------
    >>> _table_formats(pd.DataFrame(columns=["median_days", "ci_low"]))
    {'ci_low': '0.0'}
    >>> _table_formats(pd.DataFrame(columns=["rate", "ci_low"]))
    {}
    """
    if interval_is_share(frame.columns):
        return {}
    return {c: "0.0" for c in sorted({str(c) for c in frame.columns} & INTERVAL_COLUMNS)}


def _table_title(t: ReportTable) -> str:
    if t.display is not None:
        # The caption describes the HTML's view (``display``); the workbook holds the frame.
        return t.name[:1].upper() + t.name[1:]
    return (t.caption or t.name).removesuffix(" (not shown)")


def _meta(report: ClientReport) -> str:
    text = f"{report.title}. As of {report.today}; intervals are {report.level:.0%}."
    if report.anonymized:
        text += " Anonymised: names, contacts and notes are replaced by pseudonyms."
    return text


def _sheet(section: Section, report: ClientReport) -> XlsxSheet:
    text = list(section.text)
    if not section.tables:
        text.append("This section has no table.")
    return XlsxSheet(
        name=section.title,
        heading=section.title,
        lines=(_meta(report), *text),
        notes=section.notes,
        tables=tuple(workbook_table(t, report.level) for t in section.tables),
    )


def report_sheets(report: ClientReport) -> list[XlsxSheet]:
    """The workbook's sheets: one per section, in order, its tables stacked.

    Examples
    --------
    >>> from jobsearch_analytics.report.client import ReportTable, Section
    >>> t = ReportTable("stages", pd.DataFrame({"n": [1]}), caption="Stages reached")
    >>> r = ClientReport("T", "", "2024-01-01", 0.95, {},
    ...     (Section("funnel", "Funnel", tables=(t,)), Section("salary", "Salary")))
    >>> [(s.name, [x.title for x in s.tables]) for s in report_sheets(r)]
    [('Funnel', ['Stages reached']), ('Salary', [])]
    """
    return [_sheet(s, report) for s in report.sections]


def write_report_xlsx(
    report: ClientReport, path: _PathLike, *, inputs: Iterable[_PathLike] = ()
) -> Path:
    """Write the report's tables to an xlsx workbook, one sheet per section.

    Sheet names are the section titles (made valid and unique for Excel); see the module
    docstring for what a sheet holds and which document properties are written.

    Parameters
    ----------
    report : ClientReport
    path : path-like
        The workbook to write.
    inputs : iterable of path-like
        Input files it must never overwrite.

    Returns
    -------
    Path
    """
    properties = {
        "title": XLSX_TITLE,
        "author": XLSX_AUTHOR,
        "created": dt.datetime.fromisoformat(report.today),
    }
    return write_xlsx_sheets(report_sheets(report), path, inputs=inputs, properties=properties)


def write_report_html(
    report: ClientReport, path: _PathLike, *, inputs: Iterable[_PathLike] = ()
) -> Path:
    """Write the report's HTML atomically (never over an input file).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> r = ClientReport("T", "", "2024-01-01", 0.95, {}, ())
    >>> write_report_html(r, pathlib.Path(tempfile.mkdtemp()) / "r.html").suffix
    '.html'
    """
    return write_text(report.to_html(), path, inputs=inputs)


def html_to_pdf(html: str) -> bytes:
    """A report page as PDF bytes, laid out by WeasyPrint from the same HTML and its print CSS
    (A4; headings kept with what follows; charts, cards and table rows never cut in two).

    WeasyPrint draws text with Debian's pango (``scripts/ensure_pdf.sh`` installs it); the
    page fetches nothing, so no network is used.

    Raises
    ------
    OutputError
        When WeasyPrint or its system libraries are missing (the message says what to install).

    Examples
    --------
    >>> html_to_pdf("<!DOCTYPE html><p>ok</p>")[:5]
    b'%PDF-'
    """
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: pango missing under the Python package
        raise OutputError(
            f"writing a PDF needs WeasyPrint and pango ({type(exc).__name__}: {exc}); install "
            "them with 'pip install weasyprint' and 'bash scripts/ensure_pdf.sh' (Debian: "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0)"
        ) from exc
    return weasyprint.HTML(string=html).write_pdf()


def write_report_pdf(
    report: ClientReport | str, path: _PathLike, *, inputs: Iterable[_PathLike] = ()
) -> Path:
    """Write the report as a PDF, rendered from its HTML (:func:`html_to_pdf`), atomically and
    never over an input file.

    Parameters
    ----------
    report : ClientReport or str
        The report, or a page's HTML (the cohort page's, say).
    path : path-like
        The ``.pdf`` to write.
    inputs : iterable of path-like
        Input files it must never overwrite.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> r = ClientReport("T", "", "2024-01-01", 0.95, {}, ())
    >>> write_report_pdf(r, pathlib.Path(tempfile.mkdtemp()) / "r.pdf").read_bytes()[:5]
    b'%PDF-'
    """
    html = report if isinstance(report, str) else report.to_html()
    return atomic_write_bytes(html_to_pdf(html), path, inputs=inputs)
