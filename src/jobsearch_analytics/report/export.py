"""Write reports: the HTML file and the workbook of the same tables, atomically and safely.

Both go through :mod:`jobsearch_analytics.io.writers`: never over an input file, written to a
temporary file and moved into place. The workbook (:func:`write_report_xlsx`) has one sheet
per section of the report, named after the section and in the report's order. A sheet reads
like the section: its title, a line saying whose report it is and as of when, the section's
text and caveats, then every table of the section, whole (the HTML may show fewer columns or
rows), each under a bold title, stacked in order with a blank row between them. Values only:
no formulas, no live links; text a spreadsheet would run (``=…``, ``+…``, ``@…``) starts
with an apostrophe; shares are formatted as percentages, money with thousands separators,
dates as dates. A section with no table (one that could not be computed) still gets its sheet,
with the note that says why, so the workbook lists what the HTML lists.

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
 ['One table.'], [], ['Rates'], ['rate', 'company'], [0.25, "'=1+1"]]
>>> ws["A9"].number_format
'0.0%'
>>> b"<dc:creator>jobsearch-analytics</dc:creator>" in zipfile.ZipFile(p).read(
...     "docProps/core.xml")
True
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from jobsearch_analytics.io.writers import XlsxSheet, XlsxTable, write_text, write_xlsx_sheets
from jobsearch_analytics.report._render import INTERVAL_COLUMNS, PERCENT_COLUMNS, interval_is_share
from jobsearch_analytics.report.client import ClientReport, ReportTable, Section

__all__ = [
    "FORMATS",
    "XLSX_AUTHOR",
    "XLSX_TITLE",
    "report_sheets",
    "write_report_html",
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
        tables=tuple(
            XlsxTable(_table_title(t), t.frame, _table_formats(t.frame)) for t in section.tables
        ),
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
    return write_xlsx_sheets(
        report_sheets(report), path, inputs=inputs, formats=FORMATS, properties=properties
    )


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
