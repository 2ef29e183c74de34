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

import codecs
import os
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, NamedTuple

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
    max_sheets : int
        Sheets in one workbook (256; a tracker has a handful).
    max_line_bytes : int
        Longest line of a CSV/TSV file (4 MiB: 16,384 columns of a few hundred characters).
    memory_bytes : int
        Address space the parsing child process may add to what it starts with (256 MiB; a
        50,000-row tracker needs about a third of it).
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
    max_sheets: int = 256
    max_line_bytes: int = 4 << 20
    memory_bytes: int = 256 << 20
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
        _scan_xml_file(p, lim)
    elif fmt in ("csv", "tsv"):
        _scan_text(p, lim)
    return Preflight(fmt)


def _scan_text(p: Path, lim: Limits) -> None:
    """Count the lines of a text file and measure the longest, as a stream, before the CSV
    reader builds a row for each: more lines than a sheet has rows, or a line longer than
    ``max_line_bytes``, is refused."""
    lines = run = 0
    with p.open("rb") as f:
        while block := f.read(_CHUNK):
            start = lines + 1  # the line the current run belongs to, before this block
            lines += block.count(b"\n")
            nl = block.find(b"\n")
            longest = run + (nl if nl >= 0 else len(block))
            run = len(block) - block.rfind(b"\n") - 1 if nl >= 0 else longest
            if longest > lim.max_line_bytes:
                raise LoadError(
                    f"line {start:,} is longer than "
                    f"{lim.max_line_bytes:,} bytes: no tracker row is that long (a row of "
                    f"{EXCEL_MAX_COLS:,} full columns is not)",
                    file=p.name,
                    hint="check that this is the tracker; open it in a spreadsheet program and "
                    "save it again as CSV (a trusted file: raise Limits.max_line_bytes)",
                )
            if lines > lim.max_rows:
                raise LoadError(
                    f"the text has more than {lim.max_rows:,} lines, more rows than a sheet "
                    "can hold",
                    file=p.name,
                    hint="split the file, or keep only the applications; for a trusted file "
                    "raise Limits.max_rows",
                )


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
    _check_names(p, infos)
    total = 0
    for info in infos:
        total += info.file_size
        _check_declared(p, info, lim)
    if total > lim.max_total_bytes:
        raise LoadError(
            f"the archive declares {total:,} bytes uncompressed in all, more than the limit of "
            f"{lim.max_total_bytes:,}",
            file=p.name,
            hint=_SAVE_AGAIN + "; for a trusted file raise Limits.max_total_bytes",
        )
    budget = _Budget(lim.max_total_bytes)
    with p.open("rb") as raw:
        if fmt == "ods":
            return Preflight(fmt, _check_ods(p, zf, raw, lim, budget))
        sheet_parts = xlsx_sheet_parts(zf) if fmt in ("xlsx", "xlsm") else {}
        if len(sheet_parts) > lim.max_sheets:
            raise LoadError(
                f"the workbook has {len(sheet_parts):,} sheets, more than the limit of "
                f"{lim.max_sheets:,}",
                file=p.name,
                hint="keep the tracker in a workbook of its own; for a trusted file raise "
                "Limits.max_sheets",
            )
        names = {part: name for name, part in sheet_parts.items()}
        extents: dict[str, Extent] = {}
        for info in infos:
            if not _is_xml(info.filename):
                continue
            blocks = _xml_blocks(p, raw, info, lim, budget)
            if info.filename.lower().endswith(".rels") or info.filename == "[Content_Types].xml":
                _scan_part(p, blocks, info.filename)
                continue
            # Every other part is measured as a sheet: whichever member a reader resolves a
            # sheet to (relative targets, another case), its cells have been looked at.
            sheet = names.get(info.filename, info.filename)
            extents[sheet] = _scan_sheet(p, blocks, info.filename, sheet, lim)
    return Preflight(fmt, extents)


def _check_names(p: Path, infos: list[zipfile.ZipInfo]) -> None:
    seen: set[str] = set()
    for info in infos:
        key = info.filename.lower()
        if key in seen:
            raise LoadError(
                f"the archive holds the part {info.filename} twice (names differing at most in "
                "case); readers disagree on which copy counts, so the file is refused",
                file=p.name,
                hint="the file was edited by hand or built to mislead; " + _SAVE_AGAIN,
            )
        seen.add(key)


def _check_declared(p: Path, info: zipfile.ZipInfo, lim: Limits) -> None:
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


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


def xlsx_sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> zip member of its XML, from workbook.xml and its relationships.

    Targets are resolved as the readers resolve them: relative to ``xl/`` (``../`` steps
    normalised), absolute from the archive root, and matched to a member whatever its case.
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
    members = {name.lower(): name for name in zf.namelist()}
    targets: dict[str, str] = {}
    for rel in rels.iter("{http://schemas.openxmlformats.org/package/2006/relationships}"
                         "Relationship"):  # fmt: skip
        target = rel.get("Target", "").replace("\\", "/")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        norm = posixpath.normpath(path).lstrip("/")
        targets[rel.get("Id", "")] = members.get(norm.lower(), norm)
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


# -- streaming over one zip member, as its bytes really are -----------------------------------


@dataclass
class _Budget:
    """Bytes all members may stream together (counted as they come, not as declared)."""

    left: int


def _member_blocks(p: Path, raw: BinaryIO, info: zipfile.ZipInfo, lim: Limits, budget: _Budget):
    """Yield the member's uncompressed bytes by decompressing its stream from the local header
    on, until the compressed stream itself ends -- as a reader that ignores the declared size
    would -- and refuse it once it holds more than it declares or than the limits allow."""
    raw.seek(info.header_offset)
    header = raw.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"no local header for {info.filename}")
    method = int.from_bytes(header[8:10], "little")
    skip = int.from_bytes(header[26:28], "little") + int.from_bytes(header[28:30], "little")
    raw.seek(skip, os.SEEK_CUR)
    if info.flag_bits & 1:
        raise zipfile.BadZipFile(f"the part {info.filename} is encrypted")
    streamed = 0
    limit = min(lim.max_member_bytes, info.file_size)
    if method == zipfile.ZIP_STORED:
        pieces = _stored(raw, info.compress_size)
    elif method == zipfile.ZIP_DEFLATED:
        pieces = _inflated(raw)
    else:
        raise zipfile.BadZipFile(f"the part {info.filename} uses compression method {method}")
    for block in pieces:
        streamed += len(block)
        budget.left -= len(block)
        if streamed > limit or budget.left < 0:
            raise LoadError(
                f"the part {info.filename} holds more than "
                + (
                    f"the {info.file_size:,} bytes it declares"
                    if streamed > info.file_size
                    else f"the limit of {min(lim.max_member_bytes, lim.max_total_bytes):,} bytes"
                )
                + ": damaged, or built to get past size checks",
                file=p.name,
                hint="do not open this file; ask the sender for the tracker as .xlsx or .csv",
            )
        yield block


def _stored(raw: BinaryIO, size: int):
    while size > 0:
        block = raw.read(min(_CHUNK, size))
        if not block:
            raise EOFError("the archive ends inside a part")
        size -= len(block)
        yield block


def _inflated(raw: BinaryIO):
    d = zlib.decompressobj(-15)
    while not d.eof:
        data = d.unconsumed_tail or raw.read(_CHUNK // 4)
        if not data:
            raise EOFError("the archive ends inside a part")
        out = d.decompress(data, _CHUNK)
        if out:
            yield out


# -- XML text: by its declared encoding ------------------------------------------------------

_XML_DECL = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_WIDE = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)


def _utf8_blocks(p: Path, blocks, part: str | None):
    """The XML's bytes as UTF-8 (or another ASCII-compatible encoding, left as it is), decoded
    by the encoding its byte order mark or first bytes declare, so that a DTD or a cell
    reference in UTF-16 is seen like any other. An encoding in which ``<!DOCTYPE`` is not
    plain ASCII (UTF-7, EBCDIC ...) is refused: no spreadsheet program writes one."""
    it = iter(blocks)
    first = b""
    for block in it:
        first += block
        if len(first) >= 4:
            break
    wide = next((enc for mark, enc in _WIDE if first.startswith(mark)), None)
    if wide is None:
        m = _XML_DECL.match(first.lstrip(codecs.BOM_UTF8)[:200])
        declared = m[1].decode("ascii").lower() if m else "utf-8"
        if not _ascii_safe(declared):
            raise LoadError(
                f"the {'part ' + part if part else 'file'} declares the text encoding "
                f"{declared!r}, which spreadsheet programs never write and which could hide "
                "what is inside from the safety checks",
                file=p.name,
                hint=_SAVE_AGAIN,
            )
        yield first
        yield from it
        return
    decoder = codecs.getincrementaldecoder(wide)("replace")
    bom = next(mark for mark, enc in _WIDE[:4] if enc == wide)
    if first.startswith(bom):
        first = first[len(bom) :]
    yield decoder.decode(first).encode("utf-8")
    for block in it:
        yield decoder.decode(block).encode("utf-8")
    yield decoder.decode(b"", final=True).encode("utf-8")


def _ascii_safe(encoding: str) -> bool:
    probe = '<?xml <!DOCTYPE <!ENTITY <c r="A1"><row r="1">'
    try:
        return probe.encode(encoding) == probe.encode("ascii")
    except (LookupError, UnicodeError):
        return False


def _xml_blocks(p: Path, raw: BinaryIO, info: zipfile.ZipInfo, lim: Limits, budget: _Budget):
    return _utf8_blocks(p, _member_blocks(p, raw, info, lim, budget), info.filename)


# -- streaming over one XML part --------------------------------------------------------------

_DTD = (b"<!DOCTYPE", b"<!ENTITY")


def _chunks(p: Path, blocks, part: str | None):
    """Yield the part's bytes in pieces that never cut a tag in two.

    Each piece ends before the second-to-last ``<`` of what was read, so the tag that opens a
    cell is always seen together with what follows it. Raises on DTDs (in any case) and on
    text runs longer than a cell can hold (no ``<`` in a whole chunk).
    """
    carry = b""
    run = 0  # bytes since the last "<"
    for block in blocks:
        data = carry + block
        lt = block.rfind(b"<")
        run = len(block) - lt - 1 if lt >= 0 else run + len(block)
        if run > _CHUNK:
            raise LoadError(
                f"the {'part ' + part if part else 'file'} holds a run of text of more than "
                f"{_CHUNK:,} bytes, longer than a spreadsheet cell can hold (32,767 "
                "characters)",
                file=p.name,
                hint="do not open this file; ask the sender for the tracker as .xlsx or .csv",
            )
        _check_dtd(p, part, data)
        last = data.rfind(b"<")
        cut = data.rfind(b"<", 0, last) if last > 0 else -1
        if cut <= 0:
            carry = data[-65536:] if len(data) > 65536 else data
            continue
        yield data[:cut]
        carry = data[cut:]
    if carry:
        _check_dtd(p, part, carry)
        yield carry


def _check_dtd(p: Path, part: str | None, data: bytes) -> None:
    if b"<!" not in data:
        return
    for m in _DTD_ANY.finditer(data):
        _refuse_dtd(p, part, m[0].upper())


_DTD_ANY = re.compile(rb"<!(?:doctype|entity)", re.IGNORECASE)


def _refuse_dtd(p: Path, part: str | None, marker: bytes) -> None:
    what = "a document type declaration (DTD)" if marker == b"<!DOCTYPE" else "entity declarations"
    where = f"the part {part}" if part else "the file"
    raise LoadError(
        f"{where} holds {what}, which spreadsheets never need and which can expand to "
        "gigabytes (billion laughs) or read other files (external entities); refused for safety",
        file=p.name,
        hint="do not open this file; ask the sender to export the tracker again as .xlsx or .csv",
    )


def _scan_part(p: Path, blocks, part: str) -> None:
    for _ in _chunks(p, blocks, part):
        pass


def _file_blocks(p: Path):
    with p.open("rb") as f:
        while block := f.read(_CHUNK):
            yield block


# SpreadsheetML 2003: the declarations a reader allocates from, checked before it runs.
_SS_TAG = re.compile(rb"<(?:[\w.-]+:)?(Worksheet|Row|Cell)(?=[\s/>])([^>]*)>")
_SS_NUM = re.compile(rb"(?:[\w.-]+:)?(Index|Span|MergeAcross|MergeDown)\s*=\s*[\"']\s*([-+]?\d+)")


def _scan_xml_file(p: Path, lim: Limits) -> None:
    sheets = 0
    row = 0
    for chunk in _chunks(p, _utf8_blocks(p, _file_blocks(p), None), None):
        if b"Worksheet" not in chunk and b"Index" not in chunk and b"Merge" not in chunk:
            continue
        for m in _SS_TAG.finditer(chunk):
            if m[1] == b"Worksheet":
                sheets += 1
                row = 0
                if sheets > lim.max_sheets:
                    raise LoadError(
                        f"the workbook has more than {lim.max_sheets:,} sheets",
                        file=p.name,
                        hint="keep the tracker in a workbook of its own; for a trusted file "
                        "raise Limits.max_sheets",
                    )
                continue
            nums = {k.decode(): int(v) for k, v in _SS_NUM.findall(m[2])}
            if m[1] == b"Row":
                row = nums.get("Index", row + 1)
                last_row, last_col = row + max(nums.get("Span", 0), 0), 1
            else:
                last_row = row + nums.get("MergeDown", 0)
                last_col = nums.get("Index", 1) + nums.get("MergeAcross", 0)
            if (
                min(nums.values(), default=0) < 0
                or last_row > lim.max_rows
                or (last_col > lim.max_cols)
            ):
                attrs = m[2].decode("utf-8", "replace").strip()[:120]
                raise LoadError(
                    f"a <{m[1].decode()}> declares {attrs}, beyond the rows ({lim.max_rows:,}) "
                    f"and columns ({lim.max_cols:,}) a sheet may have, near row {row:,}: the "
                    "file was not made by a spreadsheet program, or is damaged",
                    file=p.name,
                    hint="do not trust this file; ask the sender to export the tracker again",
                )


# -- xlsx sheets ------------------------------------------------------------------------------

# The common case, as Excel, openpyxl and xlsxwriter write it (r first, double quotes, upper
# case): a literal prefix the regular expression engine finds fast. A cell that holds
# something is an opening <c r="B7" ...> not self-closed and not followed at once by its
# closing tag (formatting-only cells are <c r=".." s="3"/>).
_PLAIN_VALUE_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*(?<!/)>(?!</)')
_PLAIN_ROW = re.compile(rb'<row r="(\d+)"')
_FAR_HINT = re.compile(rb'r="(?:[A-Z]{3,}|[A-Z]*\d{7,})')
# Anything else (lower case, no r, single quotes, prefixes) is walked tag by tag.
_ODD_REF = re.compile(rb"""\sr=(?:'|"[A-Z]*[a-z])""")
_TAG = re.compile(rb"<(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*)>")
_REF_ATTR = re.compile(rb"""\sr\s*=\s*["']\s*([A-Za-z]*)(\d*)\s*["']""")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_VALUE_TAG = re.compile(rb"<(?:\w+:)?(?:v|is)>")


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n - 1


@dataclass
class _SheetScan:
    """Where the walk is (0-based row and column of the last row and cell seen) and the
    extent of the cells that hold values."""

    row: int = -1
    col: int = -1
    r_min: int = 1 << 62
    c_min: int = 1 << 62
    r_max: int = -1
    c_max: int = -1
    cells: int = 0
    rows_seen: int = 0
    values_seen: int = 0

    def add(self, rows: list[int], cols: list[int]) -> None:
        self.cells += len(rows)
        self.r_min, self.r_max = min(self.r_min, min(rows)), max(self.r_max, max(rows))
        self.c_min, self.c_max = min(self.c_min, min(cols)), max(self.c_max, max(cols))


def _scan_sheet(p: Path, blocks, part: str, sheet: str, lim: Limits) -> Extent:
    st = _SheetScan()
    for chunk in _chunks(p, blocks, part):
        prefixed = b":row" in chunk or b":v>" in chunk or b":is>" in chunk or b":c " in chunk
        plain = (
            not prefixed
            and chunk.count(b"<c ") == chunk.count(b'<c r="')
            and chunk.count(b"<row ") == chunk.count(b'<row r="')
            and b"<c>" not in chunk
            and b"<row>" not in chunk
            and not _ODD_REF.search(chunk)
        )
        if plain:
            _plain_cells(p, sheet, chunk, st)
        else:
            _walk_cells(p, sheet, chunk, st)
        _count_tags(p, sheet, chunk, prefixed, st, lim)
        if st.cells > lim.max_cells:
            raise LoadError(
                f"the sheet holds more than {lim.max_cells:,} cells with values",
                file=p.name,
                sheet=sheet,
                hint="split the file, or for a trusted file raise Limits.max_cells",
            )
    if st.cells == 0:
        return Extent(0, 0, -1, -1, 0)
    extent = Extent(st.r_min, st.c_min, st.r_max, st.c_max, st.cells)
    _check_extent(p, sheet, extent, lim)
    return extent


def _count_tags(
    p: Path, sheet: str, chunk: bytes, prefixed: bool, st: _SheetScan, lim: Limits
) -> None:
    """Count row and value tags: more rows than Excel allows is refused whatever their refs."""
    if prefixed:
        st.rows_seen += len(_ROW_TAG.findall(chunk))
        st.values_seen += len(_VALUE_TAG.findall(chunk))
    else:
        st.rows_seen += chunk.count(b"<row ") + chunk.count(b"<row>")
        st.values_seen += chunk.count(b"<v>") + chunk.count(b"<is>")
    if st.rows_seen > lim.max_rows:
        _too_many_rows(p, sheet, lim.max_rows)
    if st.values_seen > lim.max_cells:
        raise LoadError(
            f"the sheet holds more than {lim.max_cells:,} cells with values",
            file=p.name,
            sheet=sheet,
            hint="the file was not made by a spreadsheet program, or is damaged; ask the "
            "sender to export the tracker again (a trusted file: raise Limits.max_cells)",
        )


def _too_many_rows(p: Path, sheet: str, limit: int) -> None:
    raise LoadError(
        f"the sheet holds more than {limit:,} rows",
        file=p.name,
        sheet=sheet,
        hint="the file was not made by a spreadsheet program, or is damaged; ask the "
        "sender to export the tracker again (a trusted file: raise Limits.max_rows)",
    )


def _plain_cells(p: Path, sheet: str, chunk: bytes, st: _SheetScan) -> None:
    if _FAR_HINT.search(chunk):
        for m in _REF_ATTR.finditer(chunk):
            _check_bounds(p, sheet, m[1], m[2])
    found = _PLAIN_VALUE_CELL.findall(chunk)
    if found:
        st.add([int(r) - 1 for _, r in found], [_col_index(c) for c in {c for c, _ in found}])
    # Where the walk stands at the end of the chunk, for cells without r in the next one.
    last_row, last_cell = chunk.rfind(b'<row r="'), chunk.rfind(b'<c r="')
    if last_row >= 0:
        st.row = int(_PLAIN_ROW.match(chunk, last_row)[1]) - 1
    if last_cell > last_row:
        m = _REF_ATTR.match(chunk, last_cell + 2)
        st.col = _col_index(m[1]) if m else st.col
    elif last_row >= 0:
        st.col = -1


def _walk_cells(p: Path, sheet: str, chunk: bytes, st: _SheetScan) -> None:
    """Place every row and cell as a reader does: by its reference (any case) when it has one,
    else right after the previous one."""
    rows: list[int] = []
    cols: list[int] = []
    if b"r=" not in chunk and b"R=" not in chunk and b":c" not in chunk:
        _count_cells(p, sheet, chunk, st)
        return
    for m in _TAG.finditer(chunk):
        ref = _REF_ATTR.search(m[2])
        if m[1] == b"row":
            if ref and ref[2]:
                _check_bounds(p, sheet, b"", ref[2])
                st.row = int(ref[2]) - 1
            else:
                st.row += 1
                if st.row >= EXCEL_MAX_ROWS:
                    _too_many_rows(p, sheet, EXCEL_MAX_ROWS)
            st.col = -1
            continue
        if ref and (ref[1] or ref[2]):
            _check_bounds(p, sheet, ref[1], ref[2] or str(st.row + 1).encode())
            st.col = _col_index(ref[1]) if ref[1] else st.col + 1
            if ref[2]:
                st.row = int(ref[2]) - 1
        else:
            st.col += 1
            _check_bounds(p, sheet, _letters(st.col), str(max(st.row, 0) + 1).encode())
        if not m[2].endswith(b"/") and chunk[m.end() : m.end() + 2] != b"</":
            rows.append(max(st.row, 0))
            cols.append(st.col)
    if rows:
        st.add(rows, cols)


def _count_cells(p: Path, sheet: str, chunk: bytes, st: _SheetScan) -> None:
    """Rows and cells numbered only by their order: counted row by row (a cell's column is
    taken as its position, an upper bound when some cells hold nothing)."""
    segments = chunk.split(b"<row")
    if st.row + len(segments) > EXCEL_MAX_ROWS:
        _too_many_rows(p, sheet, EXCEL_MAX_ROWS)
    rows: list[int] = []
    cols: list[int] = []
    for k, seg in enumerate(segments):
        if k:
            st.row += 1
            st.col = -1
        n = seg.count(b"<c ") + seg.count(b"<c>")
        if n and (b"<v>" in seg or b"<is>" in seg):
            rows.append(max(st.row, 0))
            cols += (st.col + 1, st.col + n)
        st.col += n
    if st.col >= EXCEL_MAX_COLS:
        _check_bounds(p, sheet, b"XFE", str(st.row + 1).encode())
    if rows:
        st.add(rows, cols)


def _letters(col: int) -> bytes:
    return col_letter(col).encode("ascii") if col < EXCEL_MAX_COLS else b"XFE"


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


def _check_ods(
    p: Path, zf: zipfile.ZipFile, raw: BinaryIO, lim: Limits, budget: _Budget
) -> dict[str, Extent]:
    extents: dict[str, Extent] = {}
    for info in zf.infolist():
        if not _is_xml(info.filename):
            continue
        blocks = _xml_blocks(p, raw, info, lim, budget)
        if info.filename != "content.xml":
            _scan_part(p, blocks, info.filename)
            continue
        state = _OdsState()
        for chunk in _chunks(p, blocks, info.filename):
            for m in _ODS_TAG.finditer(chunk):
                closing, kind, attrs, empty = m[1], m[2], m[3], m[4]
                done = state.tag(closing == b"/", kind, attrs, empty == b"/")
                if done is not None:
                    name, extent = done
                    _check_extent(p, name, extent, lim)
                    extents[name] = extent
                    if len(extents) > lim.max_sheets:
                        raise LoadError(
                            f"the workbook has more than {lim.max_sheets:,} sheets",
                            file=p.name,
                            hint="keep the tracker in a workbook of its own; for a trusted "
                            "file raise Limits.max_sheets",
                        )
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
