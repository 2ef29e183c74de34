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
import errno
import html
import io
import math
import numbers
import os
import re
import shutil
import tempfile
import textwrap
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "EXCEL_CELL_LIMIT",
    "PROPERTY_KEYS",
    "OutputError",
    "TruncatedCellWarning",
    "XlsxSheet",
    "XlsxTable",
    "atomic_write_bytes",
    "check_output",
    "escape_html",
    "neutralise",
    "safe_sheet_name",
    "write_csv",
    "write_text",
    "write_xlsx",
    "write_xlsx_sheets",
]

#: Characters one xlsx cell can hold.
EXCEL_CELL_LIMIT = 32_767

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_PathLike = str | os.PathLike[str]


class OutputError(ValueError):
    """An output cannot be written where asked (it would overwrite an input, the place is not
    a file, the folder is missing or read-only, the disk is full). The message says which path
    and what to do; nothing half-written is left behind.

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


#: Free space asked for beyond an output's estimated size.
SPACE_MARGIN = 1 << 20


def check_output(
    path: _PathLike,
    *,
    inputs: Iterable[_PathLike] = (),
    size: int = 0,
    create: bool = False,
) -> Path:
    """Check, before any work, that ``path`` can be written: its folder exists (or, with
    ``create``, can be made) and is writable, it is neither a folder nor one of ``inputs``,
    and the disk has room for ``size`` bytes more. Raises :class:`OutputError` otherwise.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> check_output(d / "r.html") == d / "r.html"
    True
    >>> check_output(d / "missing" / "r.html")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    jobsearch_analytics.io.writers.OutputError: cannot write .../missing/r.html: the folder ...
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
    if create and not folder.exists():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise _os_error(folder, e, "create the folder") from None
    if not folder.is_dir():
        raise OutputError(
            f"cannot write {target}: the folder {folder} does not exist"
            + (" (or is not a folder)" if folder.exists() else "")
            + ". Create it first, or choose another output path"
        )
    if not os.access(folder, os.W_OK | os.X_OK) or _read_only(folder):
        raise OutputError(
            f"cannot write {target}: the folder {folder} is read-only for you. Choose a folder "
            "you may write to (-o/--output)"
        )
    free = shutil.disk_usage(folder).free
    if free < size + SPACE_MARGIN:
        raise OutputError(
            f"cannot write {target}: the disk holding {folder} has {free / 2**20:.1f} MiB free, "
            f"and about {(size + SPACE_MARGIN) / 2**20:.1f} MiB are needed. Free some space or "
            "choose another output folder"
        )
    return target


def _read_only(folder: Path) -> bool:
    """True on a file system mounted read-only (``os.access`` says yes to root there)."""
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


_WHAT_TO_DO = {
    errno.ENOSPC: ("the disk is full", "free some space or choose another output folder"),
    errno.EDQUOT: ("your disk quota is used up", "free some space or choose another folder"),
    errno.EFBIG: ("the file is larger than this system allows", "choose another folder"),
    errno.EROFS: ("the file system is read-only", "choose a folder you may write to"),
    errno.EACCES: ("permission denied", "choose a folder you may write to"),
    errno.EPERM: ("the operation is not permitted", "choose a folder you may write to"),
    errno.ENOENT: ("the folder does not exist", "create it, or choose another output path"),
}


def _os_error(target: Path, e: OSError, doing: str = "write") -> OutputError:
    what, todo = _WHAT_TO_DO.get(
        e.errno or 0, (e.strerror or str(e), "check the output path and try again")
    )
    return OutputError(f"cannot {doing} {target}: {what}. Nothing was written; {todo}")


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
        When ``path`` is one of ``inputs`` or a folder, or writing fails (missing or read-only
        folder, full disk ...): the message names the path and says what to do, and the
        temporary file is removed.

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
    target = check_output(path, inputs=inputs, size=len(data))
    folder = target.parent if str(target.parent) else Path()
    try:
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise _os_error(target, e) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)  # noqa: PTH101
        Path(tmp).replace(target)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)  # noqa: PTH108
        if isinstance(e, OSError):
            raise _os_error(target, e) from None
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
_WIDTH_MIN, _WIDTH_MAX = 8, 60
#: Width, in characters, a sheet's paragraph is wrapped to (the columns it spans, at least).
_LINE_WIDTH = 100
#: Excel's default column width and row height (points), for columns and rows not set.
_DEFAULT_WIDTH, _ROW_POINTS = 8.43, 15
#: Keys of ``properties=`` (xlsxwriter's ``set_properties``), all but ``created`` text.
PROPERTY_KEYS: frozenset[str] = frozenset(
    {
        "title",
        "subject",
        "author",
        "manager",
        "company",
        "category",
        "keywords",
        "comments",
        "status",
        "created",
    }
)
_OPTIONS = {
    "in_memory": True,
    # Never turn a string into a formula, a hyperlink or a number: every cell is written with
    # its own type (write_string, write_number ...) and these guard the generic paths too.
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "remove_timezone": True,
}


@dataclass(frozen=True)
class XlsxTable:
    """A table for :func:`write_xlsx_sheets`: a bold title row, the header row, the rows.

    Attributes
    ----------
    title : str
        Shown above the table (a caption); an empty table's title ends in ``(no rows)``.
    frame : DataFrame
        The values, written whole. A non-default index becomes leading columns.
    formats : mapping of str to str
        Column -> Excel number format for this table, over the workbook-wide ``formats``.

    Examples
    --------
    >>> XlsxTable("Rates", pd.DataFrame({"rate": [0.5]}), {"rate": "0%"}).title
    'Rates'
    """

    title: str
    frame: pd.DataFrame
    formats: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class XlsxSheet:
    """One sheet for :func:`write_xlsx_sheets`: a heading, text, then tables stacked in order.

    Attributes
    ----------
    name : str
        The sheet's name (made valid and unique by :func:`safe_sheet_name`).
    tables : sequence of XlsxTable
        Stacked top to bottom, a blank row between two tables.
    heading : str
        A large bold first row (none when empty).
    lines : sequence of str
        Paragraphs of plain text above the tables: each one cell, wrapped (merged across the
        first columns, about 100 characters wide, the row as tall as the text), a blank row
        after each.
    notes : sequence of str
        Caveats, written like ``lines`` but in italics.

    Examples
    --------
    >>> XlsxSheet("Funnel", (XlsxTable("Stages", pd.DataFrame({"n": [3]})),)).name
    'Funnel'
    """

    name: str
    tables: Sequence[XlsxTable] = ()
    heading: str = ""
    lines: Sequence[str] = ()
    notes: Sequence[str] = ()


class _Book:
    """The cell formats of one workbook (each made once) and the cells cut on the way."""

    def __init__(self, wb: Any, formats: Mapping[str, str] | None) -> None:
        self.wb = wb
        self.formats = dict(formats or {})
        self.cut: list[tuple[str, str, int]] = []
        self._numbers: dict[str, Any] = {}
        self.bold = wb.add_format({"bold": True})
        self.header = wb.add_format({"bold": True, "bottom": 1})
        self.title = wb.add_format({"bold": True, "font_size": 12})
        self.heading = wb.add_format({"bold": True, "font_size": 14})
        self.italic = wb.add_format({"italic": True})
        self.paragraph = wb.add_format({"text_wrap": True, "valign": "top"})
        self.note = wb.add_format({"text_wrap": True, "valign": "top", "italic": True})
        self.date = self.number("yyyy-mm-dd")
        self.stamp = self.number("yyyy-mm-dd hh:mm:ss")
        self.time = self.number("hh:mm:ss")

    def number(self, spec: str | None) -> Any:
        if spec is None:
            return None
        if spec not in self._numbers:
            self._numbers[spec] = self.wb.add_format({"num_format": spec})
        return self._numbers[spec]

    def text(self, value: str, sheet: str, i: int, j: int) -> str:
        """Neutralised text that fits a cell; a cut is recorded with its cell."""
        text = str(neutralise(value))
        if len(text) > EXCEL_CELL_LIMIT:
            mark = _TRUNCATION_MARK.format(n=len(text))
            self.cut.append((sheet, f"{_col(j)}{i + 1}", len(text)))
            text = text[: EXCEL_CELL_LIMIT - len(mark)] + mark
        return text


def _properties(properties: Mapping[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in (properties or {}).items():
        if key not in PROPERTY_KEYS:
            raise ValueError(
                f"unknown workbook property {key!r}; use one of {', '.join(sorted(PROPERTY_KEYS))}"
            )
        if key == "created":
            if not isinstance(value, dt.date):
                raise ValueError(
                    f"the property 'created' must be a date or datetime, not {value!r}"
                )
            if not isinstance(value, dt.datetime):
                value = dt.datetime.combine(value, dt.time())
            elif value.tzinfo is not None:
                value = value.astimezone(dt.UTC).replace(tzinfo=None)
            out[key] = value
        else:
            out[key] = str(value)
    return out


def _save(
    draw: Any,
    path: _PathLike,
    inputs: Iterable[_PathLike],
    formats: Mapping[str, str] | None,
    properties: Mapping[str, Any] | None,
) -> Path:
    """Make a workbook in memory with ``draw(wb, book)``, warn about cut cells, write it."""
    import xlsxwriter

    props = _properties(properties)
    buf = io.BytesIO()
    with xlsxwriter.Workbook(buf, _OPTIONS) as wb:
        if props:
            wb.set_properties(props)
        book = _Book(wb, formats)
        draw(wb, book)
    cut = book.cut
    if cut:
        shown = ", ".join(f"{s}!{c}" for s, c, _ in cut[:10]) + (" ..." if len(cut) > 10 else "")
        warnings.warn(
            TruncatedCellWarning(
                f"{len(cut)} cell(s) held more than {EXCEL_CELL_LIMIT:,} characters, the most an "
                f"xlsx cell can hold, and were cut ({shown}); write them to CSV or HTML to keep "
                "them whole",
                cut,
            ),
            stacklevel=3,
        )
    return atomic_write_bytes(buf.getvalue(), path, inputs=inputs)


def _write_table(
    ws: Any,
    book: _Book,
    sheet: str,
    top: int,
    frame: pd.DataFrame,
    formats: Mapping[str, str],
    header_format: Any,
    widths: dict[int, int],
) -> int:
    """Write the header row at ``top`` and the rows below; return the row after the last."""
    table = frame if isinstance(frame.index, pd.RangeIndex) else frame.reset_index()
    headers = _column_names(table)
    for j, h in enumerate(headers):
        ws.write_string(top, j, book.text(h, sheet, top, j), header_format)
        _widen(widths, j, len(h))
    spec = {**book.formats, **formats}
    column_formats = [book.number(spec.get(h)) for h in headers]
    for i, row in enumerate(table.itertuples(index=False, name=None), start=top + 1):
        for j, value in enumerate(row):
            _widen(widths, j, _write_cell(ws, i, j, value, column_formats[j], book, sheet))
    return top + 1 + len(table)


def _widen(widths: dict[int, int], j: int, shown: int) -> None:
    widths[j] = max(widths.get(j, _WIDTH_MIN), min(_WIDTH_MAX, shown + 2) if shown else 0)


def write_xlsx(
    tables: Mapping[str, pd.DataFrame],
    path: _PathLike,
    *,
    inputs: Iterable[_PathLike] = (),
    formats: Mapping[str, str] | None = None,
    properties: Mapping[str, Any] | None = None,
) -> Path:
    """Write tables to an xlsx workbook, one sheet each, safely and atomically.

    xlsxwriter runs with ``strings_to_formulas=False``, ``strings_to_urls=False`` and
    ``strings_to_numbers=False``, and every string is neutralised (:func:`neutralise`), so no
    cell becomes a formula or a live hyperlink. Numbers stay numbers (16 significant digits,
    as xlsxwriter stores them; Excel shows 15), booleans booleans, dates
    dates (``yyyy-mm-dd``, with the time when there is one); infinities become the text
    ``inf`` / ``'-inf``. The header row is bold and frozen, column widths fit
    the content (up to 60 characters), sheet names are made valid (:func:`safe_sheet_name`). A
    non-default index is written as leading columns. Several tables on one sheet, with titles
    and text: :func:`write_xlsx_sheets`.

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
    properties : mapping of str to object, optional
        Document properties (``docProps/core.xml``, ``app.xml``): keys in
        :data:`PROPERTY_KEYS` (``title``, ``author`` ...), text, and ``created`` a date or
        datetime (UTC; default the time of writing). Author and company are empty unless
        given: nothing is taken from the machine or its user.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "out.xlsx"
    >>> t = pd.DataFrame({"company": ["=1+1", "https://x.test"], "n": [3, -2.5]})
    >>> _ = write_xlsx({"Rates: all": t}, p, properties={"author": "me"})
    >>> wb = openpyxl.load_workbook(p)
    >>> ws = wb["Rates_ all"]
    >>> [[c.value for c in r] for r in ws.iter_rows(min_row=2)], ws["A3"].hyperlink
    ([["'=1+1", 3], ['https://x.test', -2.5]], None)
    >>> wb.properties.creator
    'me'
    """

    def draw(wb: Any, book: _Book) -> None:
        taken: set[str] = set()
        for raw_name, frame in tables.items():
            name = safe_sheet_name(raw_name, taken)
            taken.add(name)
            ws = wb.add_worksheet(name)
            widths: dict[int, int] = {}
            _write_table(ws, book, name, 0, frame, {}, book.bold, widths)
            for j, w in widths.items():
                ws.set_column(j, j, w)
            ws.freeze_panes(1, 0)

    return _save(draw, path, inputs, formats, properties)


def write_xlsx_sheets(
    sheets: Iterable[XlsxSheet],
    path: _PathLike,
    *,
    inputs: Iterable[_PathLike] = (),
    formats: Mapping[str, str] | None = None,
    properties: Mapping[str, Any] | None = None,
) -> Path:
    """Write sheets of text and stacked tables to an xlsx workbook, safely and atomically.

    Each sheet (:class:`XlsxSheet`) reads top to bottom: its heading (large, bold), then its
    text lines and notes, each paragraph one wrapped cell (merged across the first columns,
    about 100 characters wide, the row as tall as the text) followed by a blank row, then
    every table (:class:`XlsxTable`): a bold title row, a bold header row, the values, a
    blank row. Values are written as :func:`write_xlsx` writes them (typed, neutralised, never
    a formula or a live link, dates with a date format, long text cut with a
    :class:`TruncatedCellWarning`); number formats come from ``formats`` and then each
    table's own. Column widths fit the tables; no pane is frozen, as the tables' headers are
    on different rows.

    Parameters
    ----------
    sheets : iterable of XlsxSheet
        In order. Sheet names are made valid and unique (:func:`safe_sheet_name`).
    path : str or path-like
        The output file.
    inputs : iterable of path-like
        Files that must not be overwritten (see :func:`atomic_write_bytes`).
    formats : mapping of str to str, optional
        Column name -> Excel number format, for every table.
    properties : mapping of str to object, optional
        Document properties, as in :func:`write_xlsx`.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "out.xlsx"
    >>> rates = XlsxTable("Rates", pd.DataFrame({"group": ["=cold", "referral"],
    ...                                          "rate": [0.1, 0.4]}), {"rate": "0%"})
    >>> counts = XlsxTable("Counts", pd.DataFrame({"n": [30]}))
    >>> sheet = XlsxSheet("Summary", (rates, counts), heading="Summary", lines=("Two tables.",))
    >>> _ = write_xlsx_sheets([sheet], p, properties={"title": "Report"})
    >>> ws = openpyxl.load_workbook(p)["Summary"]
    >>> [[c for c in r if c is not None] for r in ws.iter_rows(values_only=True)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [['Summary'], [], ['Two tables.'], [], ['Rates'], ['group', 'rate'], ["'=cold", 0.1],
     ['referral', 0.4], [], ['Counts'], ['n'], [30]]
    >>> ws["B7"].number_format, ws.freeze_panes is None
    ('0%', True)
    """

    def draw(wb: Any, book: _Book) -> None:
        taken: set[str] = set()
        for sheet in sheets:
            name = safe_sheet_name(sheet.name, taken)
            taken.add(name)
            ws = wb.add_worksheet(name)
            widths: dict[int, int] = {}
            row = 0
            if sheet.heading:
                ws.write_string(row, 0, book.text(sheet.heading, name, row, 0), book.heading)
                row += 2
            texts = []  # written once the tables have set the column widths they span
            for paragraphs, fmt in ((sheet.lines, book.paragraph), (sheet.notes, book.note)):
                for paragraph in paragraphs:
                    texts.append((row, str(paragraph), fmt))
                    row += 2
            for t in sheet.tables:
                title = t.title if len(t.frame) else f"{t.title} (no rows)".lstrip()
                ws.write_string(row, 0, book.text(title, name, row, 0), book.title)
                row = _write_table(ws, book, name, row + 1, t.frame, t.formats, book.header, widths)
                row += 1
            for j, w in widths.items():
                ws.set_column(j, j, w)
            for i, paragraph, fmt in texts:
                _write_paragraph(ws, book, name, i, paragraph, fmt, widths)

    return _save(draw, path, inputs, formats, properties)


def _write_paragraph(
    ws: Any, book: _Book, sheet: str, i: int, paragraph: str, fmt: Any, widths: dict[int, int]
) -> None:
    """One paragraph in one cell of row ``i``, merged over the first columns until they are
    about :data:`_LINE_WIDTH` characters wide, wrapped, the row as tall as its lines."""
    text = book.text(paragraph, sheet, i, 0)
    last, span = 0, widths.get(0, _DEFAULT_WIDTH)
    while span < _LINE_WIDTH:
        last += 1
        span += widths.get(last, _DEFAULT_WIDTH)
    if last:
        ws.merge_range(i, 0, i, last, "", fmt)
    ws.write_string(i, 0, text, fmt)
    # Spreadsheets do not grow a merged cell's row to fit its text: count the wrapped lines.
    lines = sum(
        len(textwrap.wrap(part, int(span), break_long_words=False)) or 1
        for part in text.splitlines() or [""]
    )
    if lines > 1:
        ws.set_row(i, _ROW_POINTS * lines)


def _write_cell(ws: Any, i: int, j: int, value: Any, fmt: Any, book: _Book, sheet: str) -> int:
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
        ws.write_datetime(i, j, ts.to_pydatetime(), fmt or (book.date if midnight else book.stamp))
        return 10 if midnight else 19
    if isinstance(value, dt.date):
        ws.write_datetime(i, j, dt.datetime.combine(value, dt.time()), fmt or book.date)
        return 10
    if isinstance(value, dt.time):
        ws.write_datetime(i, j, value, fmt or book.time)
        return 8
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        number = float(value)
        if math.isfinite(number):
            ws.write_number(i, j, number, fmt)
            return len(f"{number:g}")
        value = str(number)
    text = book.text(value if isinstance(value, str) else str(value), sheet, i, j)
    ws.write_string(i, j, text, fmt)
    return max((len(line) for line in text.splitlines()), default=0)


def _col(j: int) -> str:
    letters = ""
    n = j + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
