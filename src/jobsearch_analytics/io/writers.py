"""Safe exports: every file this project writes goes through here.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and pandas
with xlsxwriter turns such strings (and URLs, including ``external:\\\\host\\share`` links)
into live formulas and hyperlinks. A client's tracker is untrusted text, so every string is
neutralised (OWASP "CSV injection", ASVS 1.2.10: a leading apostrophe) while numbers, dates
and booleans keep their types. Outputs are written to a temporary file in the same folder,
synced and moved into place, and an output path that is one of the inputs is refused.

Examples
--------
>>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise(-3), neutralise("Acme")
('\\'=HYPERLINK("http://x")', -3, 'Acme')
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import html
import io
import math
import numbers
import os
import re
import tempfile
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "EXCEL_CELL_LIMIT",
    "OutputError",
    "TruncatedCellWarning",
    "atomic_write_bytes",
    "escape_html",
    "neutralise",
    "safe_sheet_name",
    "write_csv",
    "write_text",
    "write_xlsx",
]

#: Characters one xlsx cell can hold.
EXCEL_CELL_LIMIT = 32_767

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_PathLike = str | os.PathLike[str]


class OutputError(ValueError):
    """An output cannot be written where asked (it would overwrite an input, or the place is
    not a file). The message says which path and what to do.

    Examples
    --------
    >>> isinstance(OutputError("x"), ValueError)
    True
    """


class TruncatedCellWarning(UserWarning):
    """Text longer than an xlsx cell can hold was cut; ``cells`` lists
    ``(sheet, cell, original_length)`` for each cut cell."""

    def __init__(self, message: str, cells: list[tuple[str, str, int]]) -> None:
        super().__init__(message)
        self.cells = cells


def neutralise(value: Any) -> object:
    """A value safe to put in a spreadsheet cell: text that would run as a formula gets ``'``.

    A string whose first character, or first after leading spaces, is ``=`` ``+`` ``-`` ``@``
    tab or carriage return gets a leading apostrophe (OWASP / ASVS 1.2.10); spreadsheets show
    the rest as text. Numbers (negative ones too), booleans, dates and missing values (None,
    NaN, NaT) are returned unchanged.

    Examples
    --------
    >>> [neutralise(v) for v in ["=1+1", "  @SUM(A1)", "-5", "\\tx", "a=b", "", 2.5, True]]
    ["'=1+1", "'  @SUM(A1)", "'-5", "'\\tx", 'a=b', '', 2.5, True]
    >>> neutralise(None) is None
    True
    """
    if isinstance(value, str) and value.lstrip(" ").startswith(_TRIGGERS):
        return "'" + value
    return value


def safe_sheet_name(name: str, taken: Iterable[str] = frozenset()) -> str:
    """An Excel-valid sheet name close to ``name``, unique among ``taken`` (case-insensitive).

    At most 31 characters, none of ``[ ] : * ? / \\`` (each becomes ``_``), no apostrophe at
    either end, not blank and not ``History`` (reserved by Excel). ``taken`` is not modified.

    Examples
    --------
    >>> safe_sheet_name("Rates by source: 2024/25 [draft]")
    'Rates by source_ 2024_25 _draft'
    >>> safe_sheet_name("history"), safe_sheet_name("Jobs", {"jobs"}), safe_sheet_name(" ")
    ('history_', 'Jobs (2)', 'Sheet')
    """
    text = _SHEET_FORBIDDEN.sub("_", str(name))
    text = "".join(ch for ch in text if ch >= " ").strip().strip("'").strip()
    text = text[:31].rstrip().rstrip("'") or "Sheet"
    if text.lower() == "history":
        text += "_"
    used = {t.lower() for t in taken}
    if text.lower() not in used:
        return text
    k = 2
    while True:
        suffix = f" ({k})"
        candidate = text[: 31 - len(suffix)].rstrip() + suffix
        if candidate.lower() not in used:
            return candidate
        k += 1


def escape_html(text: Any) -> str:
    """HTML-escape text for a report, quotes included.

    Examples
    --------
    >>> escape_html('<script>alert("x")</script> & \\'y\\'')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;y&#x27;'
    """
    return html.escape(str(text), quote=True)


# -- atomic writes ----------------------------------------------------------------------------


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as f:  # noqa: PTH123
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def atomic_write_bytes(data: bytes, path: _PathLike, *, inputs: Iterable[_PathLike] = ()) -> Path:
    """Write ``data`` to ``path`` all at once: a temporary file in the same folder, fsync,
    then ``os.replace``. Readers never see half a file, and a failure leaves the old one.

    Parameters
    ----------
    data : bytes
    path : str or path-like
        The output. Its folder must exist.
    inputs : iterable of str or path-like
        Files the output must never overwrite (the trackers that were read). A path that
        resolves to one of them (symbolic and hard links included) is refused.

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    OutputError
        When ``path`` is one of ``inputs`` or a folder.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write_bytes(b"ok", d / "out.txt").read_bytes()
    b'ok'
    >>> atomic_write_bytes(b"x", d / "out.txt", inputs=[d / "out.txt"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    jobsearch_analytics.io.writers.OutputError: refusing to write .../out.txt: it is an input...
    """
    target = Path(path)
    for source in inputs:
        if _same_file(target, Path(source)):
            raise OutputError(
                f"refusing to write {target}: it is an input file ({Path(source).name}), and "
                "inputs are never overwritten. Choose another output name"
            )
    if target.is_dir():
        raise OutputError(f"refusing to write {target}: it is a folder. Give a file name")
    folder = target.parent if str(target.parent) else Path()
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)  # noqa: PTH101
        Path(tmp).replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)  # noqa: PTH108
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable (POSIX)
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return target


def write_text(
    text: str, path: _PathLike, *, inputs: Iterable[_PathLike] = (), encoding: str = "utf-8"
) -> Path:
    """Write text (an HTML or JSON report) atomically; see :func:`atomic_write_bytes`.

    The caller escapes HTML (:func:`escape_html`); this only encodes and writes.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = write_text("<p>ok</p>", pathlib.Path(tempfile.mkdtemp()) / "r.html")
    >>> p.read_text(encoding="utf-8")
    '<p>ok</p>'
    """
    return atomic_write_bytes(text.encode(encoding), path, inputs=inputs)


# -- CSV --------------------------------------------------------------------------------------


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def _csv_text(value: Any) -> str:
    if _missing(value):
        return ""
    if isinstance(value, bool | np.bool_):
        return "TRUE" if value else "FALSE"
    if isinstance(value, pd.Timestamp | dt.datetime):
        ts = pd.Timestamp(value)
        return ts.date().isoformat() if ts == ts.normalize() else ts.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))
    return str(neutralise(value if isinstance(value, str) else str(value)))


def write_csv(
    frame: pd.DataFrame,
    path: _PathLike,
    *,
    inputs: Iterable[_PathLike] = (),
    encoding: str = "utf-8",
    index: bool = False,
) -> Path:
    """Write a table as CSV, neutralised, atomically.

    Fields holding a delimiter, a quote, CR or LF are quoted (lines end in CRLF), so a bare CR
    inside a value stays inside its field. Text is neutralised (:func:`neutralise`); numbers
    are written in full precision, booleans as TRUE/FALSE, dates in ISO form, missing values
    empty. Pass ``encoding="utf-8-sig"`` for Excel, which needs the BOM to read UTF-8.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "out.csv"
    >>> f = pd.DataFrame({"company": ["=cmd|' /C calc'!A0", "a\\rb"], "n": [1, None]})
    >>> write_csv(f, p).read_bytes()
    b'company,n\\r\\n\\'=cmd|\\' /C calc\\'!A0,1.0\\r\\n"a\\rb",\\r\\n'
    """
    table = frame.reset_index() if index else frame
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([_csv_text(c) for c in _column_names(table)])
    for row in table.itertuples(index=False, name=None):
        writer.writerow([_csv_text(v) for v in row])
    return atomic_write_bytes(buf.getvalue().encode(encoding), path, inputs=inputs)


def _column_names(frame: pd.DataFrame) -> list[str]:
    if isinstance(frame.columns, pd.MultiIndex):
        return [" / ".join(str(x) for x in c if str(x)) for c in frame.columns]
    return [str(c) for c in frame.columns]


# -- xlsx -------------------------------------------------------------------------------------

_TRUNCATION_MARK = "… [cut: {n:,} characters in all]"


def write_xlsx(
    tables: Mapping[str, pd.DataFrame],
    path: _PathLike,
    *,
    inputs: Iterable[_PathLike] = (),
    formats: Mapping[str, str] | None = None,
) -> Path:
    """Write tables to an xlsx workbook, one sheet each, safely and atomically.

    xlsxwriter runs with ``strings_to_formulas=False``, ``strings_to_urls=False`` and
    ``strings_to_numbers=False``, and every string is neutralised (:func:`neutralise`), so no
    cell becomes a formula or a live hyperlink. Numbers stay numbers (16 significant digits,
    as xlsxwriter stores them; Excel shows 15), booleans booleans, dates
    dates (``yyyy-mm-dd``, with the time when there is one); infinities become the text
    ``inf`` / ``'-inf``. The header row is bold and frozen, column widths fit
    the content (up to 60 characters), sheet names are made valid (:func:`safe_sheet_name`). A
    non-default index is written as leading columns.

    Text longer than an xlsx cell can hold (32,767 characters) is cut, ends with a visible
    mark, and one :class:`TruncatedCellWarning` lists every cut cell.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        Sheet name -> table, in order.
    path : str or path-like
        The output file.
    inputs : iterable of path-like
        Files that must not be overwritten (see :func:`atomic_write_bytes`).
    formats : mapping of str to str, optional
        Column name -> Excel number format (``{"rate": "0.0%"}``), in every sheet.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "out.xlsx"
    >>> t = pd.DataFrame({"company": ["=1+1", "https://x.test"], "n": [3, -2.5]})
    >>> _ = write_xlsx({"Rates: all": t}, p)
    >>> ws = openpyxl.load_workbook(p)["Rates_ all"]
    >>> [[c.value for c in r] for r in ws.iter_rows(min_row=2)], ws["A3"].hyperlink
    ([["'=1+1", 3], ['https://x.test', -2.5]], None)
    """
    import xlsxwriter

    buf = io.BytesIO()
    cut: list[tuple[str, str, int]] = []
    options = {
        "in_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "remove_timezone": True,
    }
    with xlsxwriter.Workbook(buf, options) as wb:
        bold = wb.add_format({"bold": True})
        date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
        stamp_fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        time_fmt = wb.add_format({"num_format": "hh:mm:ss"})
        number_formats = {k: wb.add_format({"num_format": v}) for k, v in (formats or {}).items()}
        taken: set[str] = set()
        for raw_name, frame in tables.items():
            name = safe_sheet_name(raw_name, taken)
            taken.add(name)
            ws = wb.add_worksheet(name)
            table = frame if isinstance(frame.index, pd.RangeIndex) else frame.reset_index()
            headers = _column_names(table)
            widths = [min(60, max(8, len(h) + 2)) for h in headers]
            for j, h in enumerate(headers):
                ws.write_string(0, j, str(neutralise(h)), bold)
            for i, row in enumerate(table.itertuples(index=False, name=None), start=1):
                for j, value in enumerate(row):
                    fmt = number_formats.get(headers[j])
                    shown = _write_cell(
                        ws, i, j, value, fmt, date_fmt, stamp_fmt, time_fmt, cut, name
                    )
                    if shown > widths[j]:
                        widths[j] = min(60, shown + 2)
            for j, w in enumerate(widths):
                ws.set_column(j, j, w)
            ws.freeze_panes(1, 0)
    if cut:
        shown = ", ".join(f"{s}!{c}" for s, c, _ in cut[:10]) + (" ..." if len(cut) > 10 else "")
        warnings.warn(
            TruncatedCellWarning(
                f"{len(cut)} cell(s) held more than {EXCEL_CELL_LIMIT:,} characters, the most an "
                f"xlsx cell can hold, and were cut ({shown}); write them to CSV or HTML to keep "
                "them whole",
                cut,
            ),
            stacklevel=2,
        )
    return atomic_write_bytes(buf.getvalue(), path, inputs=inputs)


def _write_cell(
    ws: Any,
    i: int,
    j: int,
    value: Any,
    fmt: Any,
    date_fmt: Any,
    stamp_fmt: Any,
    time_fmt: Any,
    cut: list[tuple[str, str, int]],
    sheet: str,
) -> int:
    """Write one value with its own type; return the width it needs."""
    if _missing(value):
        return 0
    if isinstance(value, bool | np.bool_):
        ws.write_boolean(i, j, bool(value), fmt)
        return 5
    if isinstance(value, pd.Timestamp | dt.datetime):
        ts = pd.Timestamp(value)
        if ts.tzinfo is not None:
            ts = ts.tz_convert("UTC").tz_localize(None)
        midnight = ts == ts.normalize()
        ws.write_datetime(i, j, ts.to_pydatetime(), fmt or (date_fmt if midnight else stamp_fmt))
        return 10 if midnight else 19
    if isinstance(value, dt.date):
        ws.write_datetime(i, j, dt.datetime.combine(value, dt.time()), fmt or date_fmt)
        return 10
    if isinstance(value, dt.time):
        ws.write_datetime(i, j, value, fmt or time_fmt)
        return 8
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        number = float(value)
        if math.isfinite(number):
            ws.write_number(i, j, number, fmt)
            return len(f"{number:g}")
        value = str(number)
    text = str(neutralise(value if isinstance(value, str) else str(value)))
    if len(text) > EXCEL_CELL_LIMIT:
        mark = _TRUNCATION_MARK.format(n=len(text))
        cut.append((sheet, f"{_col(j)}{i + 1}", len(text)))
        text = text[: EXCEL_CELL_LIMIT - len(mark)] + mark
    ws.write_string(i, j, text, fmt)
    return max((len(line) for line in text.splitlines()), default=0)


def _col(j: int) -> str:
    letters = ""
    n = j + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
