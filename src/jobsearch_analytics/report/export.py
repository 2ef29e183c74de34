"""Write reports: the HTML file and the workbook of the same tables, atomically and safely.

Both go through :mod:`jobsearch_analytics.io.writers`: never over an input file, written to a
temporary file and moved into place. The workbook is written by
:func:`~jobsearch_analytics.io.writers.write_xlsx` (values only: no formulas, no live links; text
that a spreadsheet would run is neutralised), one sheet per report table, percentages formatted;
its document properties (author, title) are then set to neutral values, so the file carries no
name of the coach's machine or of the client.

Examples
--------
>>> import tempfile, pathlib, zipfile, pandas as pd
>>> from jobsearch_analytics.report.client import ClientReport, ReportTable, Section
>>> r = ClientReport("Job search report", "", "2024-01-01", 0.95, {},
...     (Section("summary", "Summary", tables=(ReportTable("rates",
...         pd.DataFrame({"rate": [0.25], "company": ["=1+1"]})),)),))
>>> p = write_report_xlsx(r, pathlib.Path(tempfile.mkdtemp()) / "r.xlsx")
>>> b"<dc:creator>jobsearch-analytics</dc:creator>" in zipfile.ZipFile(p).read(
...     "docProps/core.xml")
True
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from jobsearch_analytics.io.writers import atomic_write_bytes, write_text, write_xlsx
from jobsearch_analytics.report._render import PERCENT_COLUMNS
from jobsearch_analytics.report.client import ClientReport

__all__ = [
    "XLSX_AUTHOR",
    "XLSX_TITLE",
    "neutral_properties",
    "write_report_html",
    "write_report_xlsx",
]

_PathLike = str | os.PathLike[str]

#: Document properties of every workbook written here.
XLSX_AUTHOR = "jobsearch-analytics"
XLSX_TITLE = "Job search report"

#: Excel number formats by column name.
FORMATS: dict[str, str] = {
    **{c: "0.0%" for c in PERCENT_COLUMNS},
    "difference": "+0.0%;-0.0%;0.0%",
    "diff_low": "+0.0%;-0.0%;0.0%",
    "diff_high": "+0.0%;-0.0%;0.0%",
}


def neutral_properties(data: bytes, *, title: str = XLSX_TITLE) -> bytes:
    """The xlsx ``data`` with author, last-modified-by and title set to neutral values.

    Only ``docProps/core.xml`` changes; every other part is copied as it is.

    Examples
    --------
    >>> import openpyxl
    >>> buf = io.BytesIO(); wb = openpyxl.Workbook(); wb.properties.creator = "Ana Smith"
    >>> wb.save(buf)
    >>> out = neutral_properties(buf.getvalue())
    >>> openpyxl.load_workbook(io.BytesIO(out)).properties.creator
    'jobsearch-analytics'
    """
    from jobsearch_analytics.io.writers import escape_html

    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape_html(title)}</dc:title>"
        f"<dc:creator>{XLSX_AUTHOR}</dc:creator>"
        f"<cp:lastModifiedBy>{XLSX_AUTHOR}</cp:lastModifiedBy>"
        "</cp:coreProperties>"
    )
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = core.encode("utf-8") if info.filename == "docProps/core.xml" else None
            dst.writestr(info, body if body is not None else src.read(info.filename))
    return out.getvalue()


_SHORT = {
    "Timing and the ghosting point": "Timing",
    "After the interview": "After",
    "Keep applying": "Activity",
    "Next steps": "Next",
    "Data quality": "Quality",
}


def _sheet_names(names: Iterable[str]) -> list[str]:
    # "After the interview - thank-you" is too long for a sheet (31 characters at most): a
    # short section prefix, then the table's own name.
    out: list[str] = []
    for name in names:
        section, _, table = name.partition(" - ")
        short = _SHORT.get(section, re.sub(r"\s+", " ", section)[:10])
        candidate = f"{short} - {table}"[:31]
        k = 2
        while candidate.lower() in {o.lower() for o in out}:
            candidate = f"{short} - {table}"[:27] + f" ({k})"
            k += 1
        out.append(candidate)
    return out


def write_report_xlsx(
    report: ClientReport, path: _PathLike, *, inputs: Iterable[_PathLike] = ()
) -> Path:
    """Write every table of ``report`` to an xlsx workbook (one sheet per table, in order).

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
    named = report.tables()
    tables = dict(zip(_sheet_names(named), named.values(), strict=True))
    with tempfile.TemporaryDirectory() as tmp:
        draft = write_xlsx(tables, Path(tmp) / "report.xlsx", formats=FORMATS)
        data = draft.read_bytes()
    return atomic_write_bytes(neutral_properties(data), path, inputs=inputs)


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
