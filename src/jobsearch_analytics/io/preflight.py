"""Pre-flight: judge a file before any parser touches it.

A spreadsheet is a zip of XML, and a hostile or broken one can exhaust memory (a value in
XFD1048576 makes calamine allocate 550 GB and abort the process), expand entities, or hold
more rows than Excel allows. :func:`preflight` looks at the container and streams every XML
part once, cheaply (regular expressions over bytes, no tree), and raises
:class:`~jobsearch_analytics.io.report.LoadError` before a parser is given anything absurd:

- the format by content (:func:`~jobsearch_analytics.io.sniff.sniff`: lock files, empty,
  truncated, encrypted, other documents);
- zip metadata: number of entries, declared uncompressed sizes, compression ratio, total;
- in every XML part: DTDs and entity declarations (billion laughs, external entities), and a
  run of text longer than any cell can hold;
- in each xlsx sheet: references beyond Excel's bounds (column > XFD, row > 1,048,576), and
  the real used range from the cells that hold values, so a lying ``<dimension>`` or
  formatting at row 1,048,576 does not count;
- in ODS ``content.xml``: the used range with ``number-rows-repeated`` and
  ``number-columns-repeated`` expanded, so a repeat bomb is refused before calamine expands it.

Limits are generous for any real tracker and configurable with :class:`Limits`.

Examples
--------
>>> import tempfile, pathlib, openpyxl
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t.xlsx"
>>> wb = openpyxl.Workbook(); wb.active["B3"] = "Company"; wb.active["C9"] = 1; wb.save(p)
>>> check = preflight(p)
>>> check.format, check.extents["Sheet"]
('xlsx', Extent(first_row=2, first_col=1, last_row=8, last_col=2, cells=2))
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from defusedxml import ElementTree as DET

from jobsearch_analytics.io.report import LoadError, cell_ref, col_letter
from jobsearch_analytics.io.sniff import sniff

__all__ = [
    "EXCEL_MAX_COLS",
    "EXCEL_MAX_ROWS",
    "Extent",
    "Limits",
    "Preflight",
    "preflight",
    "xlsx_sheet_parts",
]

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLS = 16_384

_CHUNK = 1 << 20
_SAVE_AGAIN = "open it in Excel or LibreOffice and save it again as .xlsx"


@dataclass(frozen=True)
class Limits:
    """How much a file may ask of this machine. Defaults are generous for any real tracker.

    Attributes
    ----------
    max_file_bytes : int
        Size of the file on disk (1 GiB).
    max_zip_entries : int
        Members of an xlsx/ods archive (10,000; a real workbook has a few dozen).
    max_member_bytes : int
        Declared uncompressed size of one member (1 GiB; a 1M-row sheet is about 250 MB).
    max_total_bytes : int
        Declared uncompressed size of all members together (2 GiB).
    max_ratio : float
        Uncompressed / compressed size of a member larger than ``ratio_floor_bytes`` (200;
        spreadsheet XML compresses 3-30 times, zip bombs 1000 times).
    ratio_floor_bytes : int
        Members smaller than this (16 MiB) are never refused for their ratio.
    max_rows, max_cols : int
        Extent of the cells that hold values in one sheet (Excel's own 1,048,576 x 16,384).
    max_cells : int
        Area of that extent, the dense grid a reader builds (20 million).
    memory_bytes : int
        Address space the parsing child process may add to what it starts with (4 GiB).
    timeout : float
        Seconds the parsing child process may run (600).

    Examples
    --------
    >>> Limits().max_cells, Limits(max_rows=5000).max_rows
    (20000000, 5000)
    """

    max_file_bytes: int = 1 << 30
    max_zip_entries: int = 10_000
    max_member_bytes: int = 1 << 30
    max_total_bytes: int = 2 << 30
    max_ratio: float = 200.0
    ratio_floor_bytes: int = 16 << 20
    max_rows: int = EXCEL_MAX_ROWS
    max_cols: int = EXCEL_MAX_COLS
    max_cells: int = 20_000_000
    memory_bytes: int = 4 << 30
    timeout: float = 600.0


class Extent(NamedTuple):
    """The cells that hold values in one sheet: 0-based bounds (inclusive) and their number."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int
    cells: int

    @property
    def area(self) -> int:
        if self.cells == 0:
            return 0
        return (self.last_row - self.first_row + 1) * (self.last_col - self.first_col + 1)


@dataclass(frozen=True)
class Preflight:
    """What the pre-flight learned: the format, and per sheet the extent of its values.

    ``extents`` maps a sheet name to its :class:`Extent` (xlsx/xlsm and ods; empty for other
    formats, whose parsers bound themselves or run isolated).
    """

    format: str
    extents: dict[str, Extent] = field(default_factory=dict)


def preflight(path: str | os.PathLike[str], limits: Limits | None = None) -> Preflight:
    """Check a file before parsing it; raise :class:`LoadError` when it is unsafe or broken.

    Parameters
    ----------
    path : str or path-like
        The file; opened read-only.
    limits : Limits, optional
        Bounds to enforce; ``Limits()`` by default.

    Returns
    -------
    Preflight

    Raises
    ------
    LoadError
        Naming the file, the part or sheet, the problem and what to do.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = p.write_text("Company\\nAcme\\n")
    >>> preflight(p).format
    'csv'
    >>> preflight(p, Limits(max_file_bytes=5))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    jobsearch_analytics.io.report.LoadError: t.csv: the file is 13 bytes, more than the limit...
    """
    p = Path(path)
    lim = limits or Limits()
    fmt = sniff(p)
    size = p.stat().st_size
    if size > lim.max_file_bytes:
        raise LoadError(
            f"the file is {size:,} bytes, more than the limit of {lim.max_file_bytes:,}",
            file=p.name,
            hint="check that this is the tracker; for a trusted large file pass "
            "limits=Limits(max_file_bytes=...)",
        )
    if fmt in ("xlsx", "xlsm", "xlsb", "ods"):
        try:
            with zipfile.ZipFile(p) as zf:
                return _check_zip(p, zf, fmt, lim)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as e:
            raise LoadError(
                f"the archive is damaged or incomplete ({type(e).__name__}: {e})",
                file=p.name,
                hint="download or copy the file again, or " + _SAVE_AGAIN,
            ) from None
    if fmt == "spreadsheetml":
        _scan_xml_file(p)
    return Preflight(fmt)


# -- zip containers ---------------------------------------------------------------------------


def _check_zip(p: Path, zf: zipfile.ZipFile, fmt: str, lim: Limits) -> Preflight:
    infos = zf.infolist()
    if len(infos) > lim.max_zip_entries:
        raise LoadError(
            f"the archive holds {len(infos):,} parts, more than the limit of "
            f"{lim.max_zip_entries:,}; a workbook has a few dozen",
            file=p.name,
            hint=_SAVE_AGAIN,
        )
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > lim.max_member_bytes:
            raise LoadError(
                f"the part {info.filename} declares {info.file_size:,} bytes uncompressed, "
                f"more than the limit of {lim.max_member_bytes:,}",
                file=p.name,
                hint=_SAVE_AGAIN + "; for a trusted file raise Limits.max_member_bytes",
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > lim.ratio_floor_bytes and ratio > lim.max_ratio:
            raise LoadError(
                f"the part {info.filename} expands {ratio:,.0f} times ({info.compress_size:,} "
                f"bytes to {info.file_size:,}): a zip bomb, not a spreadsheet",
                file=p.name,
                hint="do not open this file; ask the sender for the tracker as .xlsx or .csv",
            )
    if total > lim.max_total_bytes:
        raise LoadError(
            f"the archive declares {total:,} bytes uncompressed in all, more than the limit of "
            f"{lim.max_total_bytes:,}",
            file=p.name,
            hint=_SAVE_AGAIN + "; for a trusted file raise Limits.max_total_bytes",
        )
    if fmt == "ods":
        return Preflight(fmt, _check_ods(p, zf, lim))
    sheet_parts = xlsx_sheet_parts(zf) if fmt in ("xlsx", "xlsm") else {}
    names = {part: name for name, part in sheet_parts.items()}
    extents: dict[str, Extent] = {}
    for info in infos:
        if not _is_xml(info.filename):
            continue
        if info.filename in names:
            extents[names[info.filename]] = _scan_sheet(p, zf, info, names[info.filename], lim)
        else:
            _scan_part(p, zf, info)
    return Preflight(fmt, extents)


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


def xlsx_sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> zip member of its XML, from workbook.xml and its relationships.

    Best effort: an empty dict when the workbook parts cannot be read (the parser then says
    what is wrong). Entities are refused (defusedxml).

    Examples
    --------
    >>> import io, zipfile, openpyxl
    >>> buf = io.BytesIO(); wb = openpyxl.Workbook(); wb.active.title = "Jobs"; wb.save(buf)
    >>> xlsx_sheet_parts(zipfile.ZipFile(buf))
    {'Jobs': 'xl/worksheets/sheet1.xml'}
    """
    try:
        book = DET.fromstring(_read_small(zf, "xl/workbook.xml"))
        rels = DET.fromstring(_read_small(zf, "xl/_rels/workbook.xml.rels"))
    except Exception:
        return {}
    targets: dict[str, str] = {}
    for rel in rels.iter("{http://schemas.openxmlformats.org/package/2006/relationships}"
                         "Relationship"):  # fmt: skip
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[rel.get("Id", "")] = str(PurePosixPath(path))
    parts: dict[str, str] = {}
    for ns in _MAIN_NS:
        for sheet in book.iter(f"{{{ns}}}sheet"):
            rid = next((sheet.get(a) for a in _REL_ATTRS if sheet.get(a)), None)
            if rid in targets:
                parts[sheet.get("name", "")] = targets[rid]
    return parts


_MAIN_NS = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_REL_ATTRS = (
    "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
    "{http://purl.oclc.org/ooxml/officeDocument/relationships}id",
)


def _read_small(zf: zipfile.ZipFile, name: str, limit: int = 16 << 20) -> bytes:
    with zf.open(name) as f:
        return f.read(limit)


# -- streaming over one XML part --------------------------------------------------------------

_DTD = (b"<!DOCTYPE", b"<!ENTITY")


def _chunks(p: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo):
    """Yield the part's bytes in pieces that never cut a tag in two.

    Each piece ends before the second-to-last ``<`` of what was read, so the tag that opens a
    cell is always seen together with what follows it. Raises on DTDs and on text runs longer
    than a cell can hold (no ``<`` in a whole chunk).
    """
    carry = b""
    with zf.open(info) as f:
        while True:
            block = f.read(_CHUNK)
            if not block:
                break
            data = carry + block
            if block.find(b"<") < 0 and len(block) == _CHUNK:
                raise LoadError(
                    f"the part {info.filename} holds a run of text of more than "
                    f"{_CHUNK:,} bytes, longer than a spreadsheet cell can hold (32,767 "
                    "characters)",
                    file=p.name,
                    hint="do not open this file; ask the sender for the tracker as .xlsx or .csv",
                )
            for marker in _DTD:
                if marker in data:
                    _refuse_dtd(p, info.filename, marker)
            last = data.rfind(b"<")
            cut = data.rfind(b"<", 0, last) if last > 0 else -1
            if cut <= 0:
                carry = data[-65536:]
                continue
            yield data[:cut]
            carry = data[cut:]
    if carry:
        for marker in _DTD:
            if marker in carry:
                _refuse_dtd(p, info.filename, marker)
        yield carry


def _refuse_dtd(p: Path, part: str | None, marker: bytes) -> None:
    what = "a document type declaration (DTD)" if marker == b"<!DOCTYPE" else "entity declarations"
    where = f"the part {part}" if part else "the file"
    raise LoadError(
        f"{where} holds {what}, which spreadsheets never need and which can expand to "
        "gigabytes (billion laughs) or read other files (external entities); refused for safety",
        file=p.name,
        hint="do not open this file; ask the sender to export the tracker again as .xlsx or .csv",
    )


def _scan_part(p: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    for _ in _chunks(p, zf, info):
        pass


def _scan_xml_file(p: Path) -> None:
    with p.open("rb") as f:
        carry = b""
        while block := f.read(_CHUNK):
            data = carry + block
            for marker in _DTD:
                if marker in data:
                    _refuse_dtd(p, None, marker)
            carry = data[-16:]


# -- xlsx sheets ------------------------------------------------------------------------------

# A cell that holds something: an opening <c ... r="B7" ...> not self-closed and not followed
# at once by its closing tag (formatting-only cells are <c r=".." s="3"/>).
_VALUE_CELL = re.compile(rb"<(?:\w+:)?c(?=\s)[^>]*?\sr=[\"']([A-Z]+)(\d+)[\"'][^>]*(?<!/)>(?!</)")
# Any reference (cell or row) that could lie beyond Excel's bounds: 3+ letters or 7+ digits.
_FAR_REF = re.compile(rb"\sr=[\"']([A-Z]*)(\d*)[\"']")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_VALUE_TAG = re.compile(rb"<(?:\w+:)?(?:v|is)>")
# The same as written by Excel, openpyxl and xlsxwriter (r first, double quotes): a literal
# prefix the regular expression engine finds fast.
_PLAIN_VALUE_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*(?<!/)>(?!</)')
_FAR_HINT = re.compile(rb'r="(?:[A-Z]{3,}|[A-Z]*\d{7,})')
_FAR_HINT_ANY = re.compile(rb"\sr=[\"'](?:[A-Z]{3,}|[A-Z]*\d{7,})")


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _scan_sheet(
    p: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str, lim: Limits
) -> Extent:
    r_min = c_min = 1 << 62
    r_max = c_max = -1
    cells = rows_seen = values_seen = 0
    for chunk in _chunks(p, zf, info):
        # Literal searches first (fast); the general patterns only where prefixes or single
        # quotes make them necessary.
        if _FAR_HINT.search(chunk) or (b"r='" in chunk and _FAR_HINT_ANY.search(chunk)):
            for m in _FAR_REF.finditer(chunk):
                _check_bounds(p, sheet, m[1], m[2])
        # Rows and cells may omit their r="..." (the reader then numbers them in order), so
        # count the tags too: more rows than Excel allows is refused either way.
        prefixed = b":row" in chunk or b":v>" in chunk or b":is>" in chunk
        if prefixed:
            rows_seen += len(_ROW_TAG.findall(chunk))
            values_seen += len(_VALUE_TAG.findall(chunk))
        else:
            rows_seen += chunk.count(b"<row ") + chunk.count(b"<row>")
            values_seen += chunk.count(b"<v>") + chunk.count(b"<is>")
        if rows_seen > lim.max_rows or values_seen > lim.max_cells:
            raise LoadError(
                f"the sheet holds more than {min(rows_seen, lim.max_rows):,} rows"
                if rows_seen > lim.max_rows
                else f"the sheet holds more than {lim.max_cells:,} cells with values",
                file=p.name,
                sheet=sheet,
                hint="the file was not made by a spreadsheet program, or is damaged; ask the "
                "sender to export the tracker again (a trusted file: raise Limits.max_rows)",
            )
        plain = not prefixed and chunk.count(b"<c ") == chunk.count(b'<c r="')
        found = (_PLAIN_VALUE_CELL if plain else _VALUE_CELL).findall(chunk)
        if not found:
            continue
        cells += len(found)
        rows = [int(r) for _, r in found]
        cols = {c for c, _ in found}
        r_min, r_max = min(r_min, min(rows) - 1), max(r_max, max(rows) - 1)
        idx = [_col_index(c) for c in cols]
        c_min, c_max = min(c_min, min(idx)), max(c_max, max(idx))
        if cells > lim.max_cells:
            raise LoadError(
                f"the sheet holds more than {lim.max_cells:,} cells with values",
                file=p.name,
                sheet=sheet,
                hint="split the file, or for a trusted file raise Limits.max_cells",
            )
    if cells == 0:
        return Extent(0, 0, -1, -1, 0)
    extent = Extent(r_min, c_min, r_max, c_max, cells)
    _check_extent(p, sheet, extent, lim)
    return extent


def _check_bounds(p: Path, sheet: str, letters: bytes, digits: bytes) -> None:
    row = int(digits) if digits else 1
    col = _col_index(letters) if letters else 0
    if row > EXCEL_MAX_ROWS or col >= EXCEL_MAX_COLS or row < 1:
        ref = (letters + digits).decode("ascii")
        raise LoadError(
            f"the sheet refers to {ref}, beyond the last cell Excel allows (XFD1048576): the "
            "file was not made by a spreadsheet program, or is damaged",
            file=p.name,
            sheet=sheet,
            hint="do not trust this file; ask the sender to export the tracker again",
        )


def _check_extent(p: Path, sheet: str, e: Extent, lim: Limits) -> None:
    rows, cols = e.last_row - e.first_row + 1, e.last_col - e.first_col + 1
    far = cell_ref(None, e.last_row + 1, e.last_col)
    if rows > lim.max_rows or cols > lim.max_cols or e.area > lim.max_cells:
        raise LoadError(
            f"the values span {rows:,} rows by {cols:,} columns (up to "
            f"{col_letter(e.last_col)}{e.last_row + 1}), {e.area:,} cells, more than the "
            f"limit of {lim.max_cells:,} cells ({lim.max_rows:,} rows, {lim.max_cols:,} "
            "columns); usually a stray value far away from the rest",
            file=p.name,
            sheet=sheet,
            cell=far,
            hint="delete the stray value (Ctrl+End jumps to the last used cell) and save the "
            "file again; for a trusted large file raise the limits (Limits)",
        )


# -- ODS content.xml --------------------------------------------------------------------------

_ODS_TAG = re.compile(
    rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>"
)
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')
_ROWS_REP = re.compile(rb'table:number-rows-repeated="(\d+)"')
_COLS_REP = re.compile(rb'table:number-columns-repeated="(\d+)"')


def _check_ods(p: Path, zf: zipfile.ZipFile, lim: Limits) -> dict[str, Extent]:
    extents: dict[str, Extent] = {}
    for info in zf.infolist():
        if not _is_xml(info.filename):
            continue
        if info.filename != "content.xml":
            _scan_part(p, zf, info)
            continue
        state = _OdsState()
        for chunk in _chunks(p, zf, info):
            for m in _ODS_TAG.finditer(chunk):
                closing, kind, attrs, empty = m[1], m[2], m[3], m[4]
                done = state.tag(closing == b"/", kind, attrs, empty == b"/")
                if done is not None:
                    name, extent = done
                    _check_extent(p, name, extent, lim)
                    extents[name] = extent
                if state.cells > lim.max_cells:
                    raise LoadError(
                        f"the sheet holds more than {lim.max_cells:,} cells with values "
                        "(counting repeated rows and columns)",
                        file=p.name,
                        sheet=state.name,
                        hint="split the file, or for a trusted file raise Limits.max_cells",
                    )
    return extents


@dataclass
class _OdsState:
    """Walks table/row/cell tags, expanding repeats arithmetically (never materialising)."""

    name: str = ""
    row: int = 0
    col: int = 0
    rep_rows: int = 1
    row_cells: int = 0
    row_first: int = -1
    row_last: int = -1
    first_row: int = 1 << 62
    first_col: int = 1 << 62
    last_row: int = -1
    last_col: int = -1
    cells: int = 0
    depth: int = 0

    def tag(
        self, closing: bool, kind: bytes, attrs: bytes, empty: bool
    ) -> tuple[str, Extent] | None:
        if kind == b"table":
            if closing:
                self.depth -= 1
                if self.depth == 0:
                    return self.name, self._extent()
                return None
            self.depth += 1
            if self.depth == 1:
                m = _ODS_NAME.search(attrs)
                self.name = m[1].decode("utf-8", "replace") if m else f"Sheet{self.depth}"
                self.row = 0
                self.first_row = self.first_col = 1 << 62
                self.last_row = self.last_col = -1
                self.cells = 0
            return None
        if self.depth != 1:
            return None  # sub-tables inside a cell: their cells belong to that cell
        if kind == b"table-row":
            if closing:
                self._end_row()
                return None
            m = _ROWS_REP.search(attrs)
            self.rep_rows = int(m[1]) if m else 1
            self.col, self.row_cells, self.row_first, self.row_last = 0, 0, -1, -1
            if empty:
                self._end_row()
            return None
        if closing:
            return None
        m = _COLS_REP.search(attrs)
        rep = int(m[1]) if m else 1
        # A cell holds a value when typed (office:value-type) or when it has content.
        if b"value-type" in attrs or (not empty and kind == b"table-cell"):
            if self.row_first < 0:
                self.row_first = self.col
            self.row_last = self.col + rep - 1
            self.row_cells += rep
        self.col += rep
        return None

    def _end_row(self) -> None:
        if self.row_cells:
            self.first_row = min(self.first_row, self.row)
            self.last_row = max(self.last_row, self.row + self.rep_rows - 1)
            self.first_col = min(self.first_col, self.row_first)
            self.last_col = max(self.last_col, self.row_last)
            self.cells += self.row_cells * self.rep_rows
        self.row += self.rep_rows
        self.row_cells = 0

    def _extent(self) -> Extent:
        if self.cells == 0:
            return Extent(0, 0, -1, -1, 0)
        return Extent(self.first_row, self.first_col, self.last_row, self.last_col, self.cells)
