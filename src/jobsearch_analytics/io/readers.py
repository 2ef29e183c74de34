"""Read any tracker file into raw cell grids, one per sheet, with true cell positions.

This is the first step of loading: no header detection, no column mapping, no parsing of
values beyond what the file format itself says. :func:`read_book` sniffs the format from the
content (:func:`~jobsearch_analytics.io.sniff.sniff`), reads xlsx / xlsm / xlsb / xls / ods with
python-calamine (openpyxl as a fallback for xlsx), Excel 2003 XML with defusedxml, and text
with the ``csv`` module after detecting encoding and delimiter. Every failure is a
:class:`~jobsearch_analytics.io.report.LoadError` that says what to do.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "jobs.csv"
>>> _ = p.write_text('Company,Notes\\r\\nAcme,"two\\nlines"\\r\\nInitech,N/A', encoding="utf-8")
>>> book = read_book(p)
>>> book.format, book.encoding, book.delimiter
('csv', 'utf-8', ',')
>>> book.sheets[0].rows
[['Company', 'Notes'], ['Acme', 'two\\nlines'], ['Initech', 'N/A']]
>>> book.sheets[0].line_numbers
[1, 2, 4]
"""

from __future__ import annotations

import csv
import io
import os
import re
import warnings
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from defusedxml import ElementTree as DET

from jobsearch_analytics.io.isolate import isolation_enabled, run_isolated
from jobsearch_analytics.io.preflight import Extent, Limits, preflight, xlsx_sheet_parts
from jobsearch_analytics.io.report import LoadError, cell_ref
from jobsearch_analytics.io.sniff import (
    LEGACY_ENCODINGS,
    OLE_MAGIC,
    decode_text,
    detect_encoding,
    encoding_label,
    ole_stream_names,
    regular_file,
    sniff_delimiter,
)
from jobsearch_analytics.io.spreadsheetml import MAX_CELLS, read_spreadsheetml

__all__ = [
    "MAX_CELLS",
    "XML_SCAN_LIMIT",
    "Limits",
    "RawBook",
    "RawSheet",
    "ragged_notes",
    "read_book",
]

#: Sheets whose XML is at most this many bytes (uncompressed) are scanned for error values and
#: formulas without cached values, which calamine reads as empty. Larger sheets are not: the
#: scan costs about a quarter of calamine's own time, and a note says it was skipped.
XML_SCAN_LIMIT = 2_000_000


@dataclass(frozen=True)
class RawSheet:
    """One sheet as read: a grid of cell values and where it sits in the sheet.

    Attributes
    ----------
    name : str
        Sheet name; ``''`` for CSV/TSV.
    rows : list of list
        ``rows[i][j]`` is the cell at spreadsheet row ``origin_row + i + 1`` (1-based) and
        column index ``origin_col + j`` (0-based). Empty cells are None (never ``''``), text is
        str exactly as typed, numbers int/float, booleans bool, dates ``datetime.datetime`` or
        ``datetime.date`` (calamine returns a date for a midnight value), times
        ``datetime.time``, durations ``datetime.timedelta``, Excel errors their text
        (``'#N/A'``). Rows are ragged only for CSV/TSV.
    origin_row, origin_col : int
        0-based offset of ``rows[0][0]`` (calamine skips leading empty rows and columns).
    hidden : bool
        The sheet is hidden or very hidden.
    line_numbers : list of int or None
        CSV/TSV: the 1-based physical line on which each record starts. A workbook sheet
        whose long runs of empty rows were left out (see :data:`DENSE_ROWS`): the 1-based
        sheet row of each row. None otherwise (``rows[i]`` is row ``origin_row + i + 1``).
    notes : tuple of str
        Facts for the load report (formulas without cached values, reader fallbacks ...).

    Examples
    --------
    >>> s = RawSheet("Jobs", [["Company"], ["Acme"]], origin_row=3, origin_col=2)
    >>> s.cell_ref(1, 0)
    'Jobs!C5'
    """

    name: str
    rows: list[list[Any]]
    origin_row: int = 0
    origin_col: int = 0
    hidden: bool = False
    line_numbers: list[int] | None = None
    notes: tuple[str, ...] = ()

    def cell_ref(self, i: int, j: int) -> str:
        """The spreadsheet reference (``Jobs!C5``) of ``rows[i][j]``."""
        row = self.line_numbers[i] if self.line_numbers is not None else self.origin_row + i + 1
        return cell_ref(self.name, row, self.origin_col + j)


@dataclass(frozen=True)
class RawBook:
    """A whole file as read.

    Attributes
    ----------
    path : Path
        The file.
    format : str
        What the content is: 'xlsx', 'xlsm', 'xlsb', 'xls', 'ods', 'spreadsheetml', 'csv' or
        'tsv' (never guessed from the extension).
    sheets : list of RawSheet
        In workbook order (only those asked for, when ``sheets`` was given).
    encoding, delimiter : str or None
        CSV/TSV only: what was used.
    notes : tuple of str
        Facts about the file for the load report.

    Examples
    --------
    >>> RawBook(Path("t.csv"), "csv", [], encoding="utf-8", delimiter=",").sheet_names
    []
    """

    path: Path
    format: str
    sheets: list[RawSheet]
    encoding: str | None = None
    delimiter: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]


def read_book(
    path: str | os.PathLike[str],
    *,
    sheets: Sequence[str] | None = None,
    limits: Limits | None = None,
    password: str | None = None,
    isolate: bool | None = None,
) -> RawBook:
    """Read a tracker file into raw cell grids.

    First a pre-flight (:func:`~jobsearch_analytics.io.preflight.preflight`) judges the file
    without parsing it: a regular file (no FIFO or device), format by content, zip limits and
    streamed sizes, entity declarations, references beyond Excel's bounds, the real extent of
    each sheet's values, CSV line counts and lengths, SpreadsheetML merges. Then every format
    is parsed in a child process (:func:`~jobsearch_analytics.io.isolate.run_isolated`) with a
    memory cap and a timeout, so a parser crash or hang becomes a :class:`LoadError` and the
    caller keeps running; the readers' own bounds (columns, cells, sheets) apply either way.

    Parameters
    ----------
    path : str or path-like
        The file; its format is judged by content, not by extension. It is opened read-only.
    sheets : sequence of str, optional
        Read only these sheets (workbooks). Ignored for CSV/TSV, which have one unnamed sheet.
    limits : Limits, optional
        Size, extent, memory and time limits; ``Limits()`` (generous for any real tracker) by
        default.
    password : str, optional
        Decrypt a password-protected xlsx/xlsm/xls with it (needs the ``msoffcrypto-tool``
        package: ``pip install jobsearch-analytics[crypto]``).
    isolate : bool, optional
        Parse workbooks in a child process. Default: on, unless the environment variable
        ``JSA_ISOLATE`` is ``0`` (for trusted batch runs).

    Returns
    -------
    RawBook

    Raises
    ------
    LoadError
        The only exception: unreadable, unsafe, password-protected, damaged or
        non-spreadsheet files, unknown sheet names. The message names the file and says what
        to do.

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.xlsx"
    >>> wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Jobs"
    >>> ws["C4"] = "Company"; ws["C5"] = "Acme"; ws["D5"] = 3
    >>> wb.save(p)
    >>> s = read_book(p).sheets[0]
    >>> s.origin_row, s.origin_col, s.rows
    (3, 2, [['Company', None], ['Acme', 3.0]])
    """
    p = Path(path)
    lim = limits or Limits()
    regular_file(p)  # a FIFO or a device is refused before anything opens it
    if password is not None and _is_encrypted(p):
        return _read_encrypted(p, password, sheets=sheets, limits=lim, isolate=isolate)
    check = preflight(p, lim)
    fmt = check.format
    notes = _name_notes(p, fmt)
    wanted = None if sheets is None else list(sheets)
    fn: Any
    if fmt in ("csv", "tsv"):
        fn, args = _read_text, (p, notes, lim)
    elif fmt == "spreadsheetml":
        fn, args = _read_spreadsheetml, (p, wanted, notes, lim)
    else:
        fn, args = _read_workbook, (p, fmt, wanted, notes, check.extents)
    if isolation_enabled(isolate):
        return run_isolated(fn, args, file=p.name, limits=lim)
    return fn(*args)


# -- password-protected workbooks -------------------------------------------------------------


def _is_encrypted(p: Path) -> bool:
    try:
        with p.open("rb") as f:
            if f.read(len(OLE_MAGIC)) != OLE_MAGIC:
                return False
        return bool({"EncryptionInfo", "EncryptedPackage"} & set(ole_stream_names(p)))
    except (OSError, ValueError):
        return False  # the pre-flight says what is wrong


def _read_encrypted(
    p: Path, password: str, *, sheets: Sequence[str] | None, limits: Limits, isolate: bool | None
) -> RawBook:
    import shutil
    import tempfile

    try:
        import msoffcrypto
        import msoffcrypto.exceptions
    except ImportError:
        raise LoadError(
            "the workbook is password-protected and decrypting needs the msoffcrypto-tool "
            "package, which is not installed",
            file=p.name,
            hint="pip install 'jobsearch-analytics[crypto]' (or msoffcrypto-tool), or remove "
            "the password in Excel and load the copy",
        ) from None
    out = io.BytesIO()
    try:
        with p.open("rb") as f:
            office = msoffcrypto.OfficeFile(f)
            office.load_key(password=password)
            office.decrypt(out)
    except msoffcrypto.exceptions.InvalidKeyError:
        raise LoadError(
            "the workbook is password-protected and the password given is wrong",
            file=p.name,
            hint="check the password (case counts), or remove it in Excel and load the copy",
        ) from None
    except Exception as e:
        raise LoadError(
            f"the workbook is password-protected and cannot be decrypted ({type(e).__name__}: {e})",
            file=p.name,
            hint="open it in Excel, remove the password and save a copy, then load the copy",
        ) from None
    # The plain copy lives in a private folder (mode 0700) only while it is read.
    folder = Path(tempfile.mkdtemp(prefix="jsa-decrypted-"))
    try:
        plain = folder / p.name
        plain.write_bytes(out.getvalue())
        book = read_book(plain, sheets=sheets, limits=limits, isolate=isolate)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    note = "password-protected: decrypted with the password given"
    return RawBook(p, book.format, book.sheets, book.encoding, book.delimiter,
                   (*book.notes, note))  # fmt: skip


# -- names ------------------------------------------------------------------------------------

_LABELS = {
    "xlsx": "an Excel workbook (xlsx)",
    "xlsm": "a macro-enabled Excel workbook (xlsm)",
    "xlsb": "a binary Excel workbook (xlsb)",
    "xls": "an Excel 97-2003 workbook (xls)",
    "ods": "an OpenDocument spreadsheet (ods)",
    "spreadsheetml": "SpreadsheetML 2003 XML",
    "csv": "delimited text (csv)",
    "tsv": "tab-separated text",
}
_EXTENSIONS = {
    ".xlsx": {"xlsx"},
    ".xltx": {"xlsx"},
    ".xlsm": {"xlsm"},
    ".xltm": {"xlsm"},
    ".xlsb": {"xlsb"},
    ".xls": {"xls"},
    ".ods": {"ods"},
    ".ots": {"ods"},
    ".xml": {"spreadsheetml"},
    ".csv": {"csv", "tsv"},
    ".tsv": {"csv", "tsv"},
    ".tab": {"csv", "tsv"},
    ".txt": {"csv", "tsv"},
}


def _name_notes(p: Path, fmt: str) -> tuple[str, ...]:
    ext = p.suffix.lower()
    if ext in _EXTENSIONS and fmt not in _EXTENSIONS[ext]:
        return (f"named {ext} but is {_LABELS[fmt]}; read as such",)
    return ()


def _select(available: list[str], wanted: list[str] | None, p: Path) -> set[str]:
    if wanted is None:
        return set(available)
    missing = [w for w in wanted if w not in available]
    if missing:
        raise LoadError(
            f"no sheet named {', '.join(repr(m) for m in missing)}",
            file=p.name,
            expected="one of " + ", ".join(repr(a) for a in available),
            hint="check the sheet name (spelling, spaces and case count)",
        )
    return set(wanted)


# -- workbooks: calamine, openpyxl as the fallback for xlsx -----------------------------------

# PyO3 returns CPython's cached empty string for every empty cell, so an identity test finds
# them at a third of the cost of ``== ''`` (tests check that no '' survives).
_EMPTY = ""


def _empty_to_none(rows: list[list[Any]]) -> None:
    # In place: the lists are fresh from calamine and ours alone; building new ones costs twice
    # as much (measured: 14 ms against 35 ms for 50k rows x 10 columns).
    for row in rows:
        for j, v in enumerate(row):
            if v is _EMPTY:
                row[j] = None


_STOP = (KeyboardInterrupt, SystemExit, GeneratorExit)


def _read_workbook(
    p: Path,
    fmt: str,
    wanted: list[str] | None,
    notes: tuple[str, ...],
    extents: dict[str, Extent] | None = None,
) -> RawBook:
    import python_calamine as pc

    try:
        sheets = _read_calamine(p, fmt, wanted)
    except (LoadError, MemoryError):
        raise
    except pc.PasswordError:
        raise LoadError(
            "the workbook is password-protected (encrypted), so its cells cannot be read",
            file=p.name,
            hint="open it in Excel, remove the password and save a copy, then load the copy",
        ) from None
    except _STOP:
        raise
    except BaseException as e:  # calamine panics (pyo3 PanicException) derive from BaseException
        first = f"{type(e).__name__}: {e}"
        if fmt not in ("xlsx", "xlsm"):
            raise LoadError(
                f"{_LABELS[fmt]} that cannot be read ({first})",
                file=p.name,
                hint="the file may be damaged; open it in Excel or LibreOffice and save it as "
                ".xlsx",
            ) from None
        try:
            sheets, fallback_notes = _read_openpyxl(p, wanted, extents or {})
        except (LoadError, MemoryError, *_STOP):
            raise
        except BaseException as e2:
            raise LoadError(
                f"the workbook cannot be read: calamine failed ({first}) and openpyxl failed "
                f"({type(e2).__name__}: {e2})",
                file=p.name,
                hint="the file may be damaged; open it in Excel or LibreOffice (which may repair "
                "it) and save it again",
            ) from None
        notes = (*notes, f"read with openpyxl: calamine failed: {first}", *fallback_notes)
    return RawBook(p, fmt, sheets, notes=notes)


def _read_calamine(p: Path, fmt: str, wanted: list[str] | None) -> list[RawSheet]:
    import python_calamine as pc

    parts = _xlsx_sheet_parts(p) if fmt in ("xlsx", "xlsm") else {}
    out: list[RawSheet] = []
    # from_filelike sniffs the content; from_path trusts the extension (a renamed file fails).
    with p.open("rb") as fh, pc.CalamineWorkbook.from_filelike(fh) as wb:
        metas = wb.sheets_metadata
        keep = _select([m.name for m in metas], wanted, p)
        for m in metas:
            if m.name not in keep:
                continue
            hidden = m.visible != pc.SheetVisibleEnum.Visible
            if m.typ != pc.SheetTypeEnum.WorkSheet:
                kind = str(m.typ).rsplit(".", 1)[-1]
                out.append(RawSheet(m.name, [], hidden=hidden, notes=(f"{kind}: no cells",)))
                continue
            scan = _scan_sheet_xml(p, m.name, parts.get(m.name)) if parts else _Scan()
            sheet = wb.get_sheet_by_name(m.name)
            r0, c0 = sheet.start or (0, 0)
            numbers: list[int] | None = None
            gaps: list[tuple[int, int]] = []
            if sheet.height > DENSE_ROWS:
                rows, numbers, gaps = _compact(sheet.iter_rows(), r0)
            else:
                rows = sheet.to_python()
            _empty_to_none(rows)
            if scan.errors:
                index = {n: i for i, n in enumerate(numbers)} if numbers else None
                for (r, c), text in scan.errors.items():
                    i = index.get(r + 1, -1) if index is not None else r - r0
                    j = c - c0
                    if 0 <= i < len(rows) and 0 <= j < len(rows[i]):
                        rows[i][j] = text
            notes = scan.notes(m.name) + _gap_notes(gaps)
            out.append(RawSheet(m.name, rows, r0, c0, hidden, numbers, notes))
    return out


#: Sheets taller than this are read row by row, and long runs of empty rows left out (a value
#: at row 1,048,576 below a tracker of 30 rows does not make a million empty rows).
DENSE_ROWS = 100_000
_EMPTY_RUN = 1_000


def _compact(rows: Any, r0: int) -> tuple[list[list[Any]], list[int] | None, list[tuple[int, int]]]:
    """Rows with their 1-based sheet row numbers, runs of more than 1,000 empty rows left out
    (never in the rows a header is searched in); the numbers are None when nothing was left
    out. Also the (first, last) sheet rows of each run left out."""
    from jobsearch_analytics.io.layout import HEADER_SEARCH_ROWS

    kept: list[list[Any]] = []
    numbers: list[int] = []
    gaps: list[tuple[int, int]] = []
    run_start = -1
    blank: list[Any] = []
    for i, row in enumerate(rows):
        if len(blank) != len(row):
            blank = [_EMPTY] * len(row)
        if row == blank and i >= HEADER_SEARCH_ROWS:
            if run_start < 0:
                run_start = i
            continue
        if run_start >= 0:
            if i - run_start > _EMPTY_RUN:
                gaps.append((r0 + run_start + 1, r0 + i))
            else:
                for k in range(run_start, i):
                    kept.append([_EMPTY] * len(row))
                    numbers.append(r0 + k + 1)
            run_start = -1
        kept.append(row)
        numbers.append(r0 + i + 1)
    return kept, numbers if gaps else None, gaps


def _gap_notes(gaps: list[tuple[int, int]]) -> tuple[str, ...]:
    return tuple(
        f"rows {a:,} to {b:,} are empty: left out (a value far below the rest makes the sheet "
        "that tall; Ctrl+End in Excel jumps to it)"
        for a, b in gaps
    )


def _read_openpyxl(
    p: Path, wanted: list[str] | None, extents: dict[str, Extent]
) -> tuple[list[RawSheet], tuple[str, ...]]:
    import openpyxl

    parts = _xlsx_sheet_parts(p)
    out: list[RawSheet] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
        try:
            keep = _select(list(wb.sheetnames), wanted, p)
            for ws in wb.worksheets:
                if ws.title not in keep:
                    continue
                scan = _scan_sheet_xml(p, ws.title, parts.get(ws.title))
                # The stored <dimension> may be wrong: read up to the last cell that holds a
                # value (the pre-flight measured it), so formatting at row 1,048,576 or in
                # column XFD does not make a grid of billions of empty cells.
                ws.reset_dimensions()
                extent = extents.get(ws.title)
                if extent is not None and extent.cells == 0:
                    raw = []
                elif extent is not None:
                    bounded = ws.iter_rows(
                        max_row=extent.last_row + 1, max_col=extent.last_col + 1, values_only=True
                    )
                    raw = [list(r) for r in bounded]
                else:
                    raw = [list(r) for r in ws.iter_rows(values_only=True)]
                width = max((len(r) for r in raw), default=0)
                rows = [
                    [None if v == "" else v for v in r] + [None] * (width - len(r)) for r in raw
                ]
                while rows and all(v is None for v in rows[-1]):
                    rows.pop()
                hidden = ws.sheet_state != "visible"
                # openpyxl already gives error values as text; only the formula note applies.
                scan.errors.clear()
                out.append(RawSheet(ws.title, rows, 0, 0, hidden, notes=scan.notes(ws.title)))
        finally:
            wb.close()
    seen = dict.fromkeys(f"openpyxl: {w.message}" for w in caught)
    return out, tuple(seen)


# -- xlsx sheet XML: recover error values, count formulas without cached values ---------------

_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


@dataclass
class _Scan:
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    uncached: list[str] = field(default_factory=list)
    skipped_bytes: int = 0

    def notes(self, sheet: str) -> tuple[str, ...]:
        out: list[str] = []
        if self.uncached:
            shown = ", ".join(self.uncached[:5]) + (" ..." if len(self.uncached) > 5 else "")
            out.append(
                f"formulas without cached values in {len(self.uncached)} cells ({shown}): "
                "shown as empty; the file was saved by a program that does not calculate "
                "formulas: open it in Excel or LibreOffice and save it to store the results"
            )
        if self.skipped_bytes:
            out.append(
                f"large sheet ({self.skipped_bytes / 1e6:.0f} MB of XML): not searched for error "
                "values (#N/A, #REF!) or formulas without cached values; any such cells read as "
                "empty"
            )
        return tuple(out)


def _xlsx_sheet_parts(p: Path) -> dict[str, str]:
    """Sheet name -> zip member of its XML (empty when the workbook parts cannot be read)."""
    try:
        with zipfile.ZipFile(p) as zf:
            return xlsx_sheet_parts(zf)
    except Exception:
        return {}  # best effort: without it the scans are skipped, reading still works


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _scan_sheet_xml(p: Path, sheet: str, part: str | None) -> _Scan:
    scan = _Scan()
    if part is None:
        return scan
    try:
        zf = zipfile.ZipFile(p)
    except Exception:
        return scan
    with zf:
        try:
            info = zf.getinfo(part)
        except Exception:
            return scan  # calamine will report a damaged member itself
        # Absurd extents were refused by the pre-flight, before any parser ran.
        if info.file_size > XML_SCAN_LIMIT:
            scan.skipped_bytes = info.file_size
            return scan
        try:
            data = zf.read(info)
        except Exception:
            return scan
    if b't="e"' not in data and b"t='e'" not in data and not _FORMULA.search(data):
        return scan
    for _event, elem in DET.iterparse(io.BytesIO(data), events=("end",)):
        if not elem.tag.endswith("}c"):
            continue
        ref = elem.get("r")
        formula = value = None
        for child in elem:
            local = child.tag.rsplit("}", 1)[-1]
            if local == "f":
                formula = child
            elif local == "v":
                value = child.text
        if elem.get("t") == "e" and value and ref:
            m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
            if m:
                scan.errors[(int(m[2]) - 1, _col_index(m[1].encode()))] = value
        elif formula is not None and not value:
            scan.uncached.append(ref or "?")
        elem.clear()
    return scan


# -- SpreadsheetML 2003 -----------------------------------------------------------------------


def _read_spreadsheetml(
    p: Path, wanted: list[str] | None, notes: tuple[str, ...], limits: Limits | None = None
) -> RawBook:
    grids = read_spreadsheetml(p, limits=limits)
    keep = _select([g.name for g in grids], wanted, p)
    sheets = [
        RawSheet(g.name, g.rows, g.origin_row, g.origin_col, g.hidden, notes=g.notes)
        for g in grids
        if g.name in keep
    ]
    return RawBook(p, "spreadsheetml", sheets, notes=notes)


# -- text: CSV / TSV --------------------------------------------------------------------------

_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def _read_text(p: Path, notes: tuple[str, ...], limits: Limits | None = None) -> RawBook:
    lim = limits or Limits()
    try:
        data = p.read_bytes()
    except OSError as e:
        raise LoadError(
            f"the file cannot be read ({e.strerror or e})",
            file=p.name,
            hint="check that it exists and that you may read it",
        ) from None
    encoding = detect_encoding(data)
    if encoding is None:
        raise LoadError(
            "the text is not UTF-8, and it cannot be told which of the other encodings "
            "tried it is in (" + "; ".join(LEGACY_ENCODINGS.values()) + "): none reads it as "
            "plausible text, or several do equally well",
            file=p.name,
            hint="open it in a spreadsheet program and save it as 'CSV UTF-8', or as .xlsx",
        )
    text = decode_text(data, encoding)
    if encoding in LEGACY_ENCODINGS:
        note = f"not valid UTF-8: decoded as {encoding_label(encoding)}"
        if encoding == "cp1252" and _UTF8_MULTIBYTE.search(data):
            note += (
                "; it also holds UTF-8 sequences, so the file mixes encodings and some accented "
                "letters may read as 'Ã©'-like pairs: save it again as 'CSV UTF-8'"
            )
        notes = (*notes, note)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise LoadError(
            "the text holds a NUL character, so it is probably not a text export",
            file=p.name,
            cell=f"line {line}",
            hint="check that you picked the right file; save it again as 'CSV UTF-8'",
        )
    delimiter = sniff_delimiter(text[:65536])
    rows: list[list[Any]] = []
    starts: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    previous = 0
    cells = 0
    try:
        for record in reader:
            starts.append(previous + 1)
            previous = reader.line_num
            cells += len(record)
            if len(record) > lim.max_cols or cells > lim.max_cells:
                _too_wide(p, previous, len(record), lim)
            rows.append([v or None for v in record])
    except csv.Error as e:
        raise LoadError(
            f"the text cannot be split into fields ({e})",
            file=p.name,
            cell=f"line {previous + 1}",
            hint="look for an unclosed quote or an enormous field near that line, or save the "
            "file again from a spreadsheet program",
        ) from None
    fmt = "tsv" if delimiter == "\t" else "csv"
    sheet = RawSheet("", rows, line_numbers=starts, notes=ragged_notes(rows, starts))
    return RawBook(p, fmt, [sheet], encoding=encoding, delimiter=delimiter, notes=notes)


def _too_wide(p: Path, line: int, fields: int, lim: Limits) -> None:
    if fields > lim.max_cols:
        problem = (
            f"the record ending on line {line:,} has {fields:,} fields, more than the "
            f"{lim.max_cols:,} columns a sheet can hold"
        )
    else:
        problem = f"the text holds more than {lim.max_cells:,} fields in all"
    raise LoadError(
        problem,
        file=p.name,
        cell=f"line {line}",
        hint="check that this is the tracker and that its delimiter is a comma, semicolon, tab "
        "or bar; a trusted file: raise Limits.max_cols or Limits.max_cells",
    )


#: At most this many "line N:" notes one by one; the rest are counted in one more note.
MAX_RAGGED_NOTES = 200


def ragged_notes(rows: list[list[Any]], line_numbers: list[int]) -> tuple[str, ...]:
    """Sentences "line N: ..." for records with fewer or more fields than the header.

    The header is taken to be the first record with the most common field count (of records
    with at least two fields), so a preamble of notes above it (LinkedIn exports) is not
    reported. Rows are never padded or cut: they stay as read, and these notes make the
    difference visible in the load report.

    Examples
    --------
    >>> rows = [["Notes:"], ["a", "b", "c"], ["1", "2", "3"], ["4", "5"], ["6", "7", "8", "9"]]
    >>> for n in ragged_notes(rows, [1, 3, 4, 5, 7]):
    ...     print(n)
    line 5: 2 fields where the header on line 3 has 3; the last 1 read as empty
    line 7: 4 fields where the header on line 3 has 3; the 1 extra value(s) ('9') have no column
    """
    counts = Counter(len(r) for r in rows if len(r) >= 2)
    if not counts:
        return ()
    width = max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
    header = next(i for i, r in enumerate(rows) if len(r) == width)
    head_line = line_numbers[header]
    notes: list[str] = []
    extra_lines: list[int] = []
    for record, line in zip(rows[header + 1 :], line_numbers[header + 1 :], strict=True):
        n = len(record)
        if n == width or n == 0:
            continue  # a blank line is not a record
        if len(notes) >= MAX_RAGGED_NOTES:
            extra_lines.append(line)
            continue
        if n < width:
            notes.append(
                f"line {line}: {n} field{'s' if n != 1 else ''} where the header on line "
                f"{head_line} has {width}; the last {width - n} read as empty"
            )
        else:
            extra = ", ".join(repr(v) for v in record[width:][:3])
            more = " ..." if n - width > 3 else ""
            notes.append(
                f"line {line}: {n} fields where the header on line {head_line} has {width}; "
                f"the {n - width} extra value(s) ({extra}{more}) have no column"
            )
    if extra_lines:
        shown = ", ".join(map(str, extra_lines[:20])) + (" ..." if len(extra_lines) > 20 else "")
        notes.append(
            f"line {extra_lines[0]}: and {len(extra_lines)} more lines whose number of fields "
            f"differs from the header on line {head_line} (lines {shown})"
        )
    return tuple(notes)
