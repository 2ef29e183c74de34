"""Tell a file's format from its content, and say plainly what it is when it is no spreadsheet.

People rename files, download "Excel" files that are really XML or HTML, double-click an Office
lock file, or pick the password-protected copy. :func:`sniff` looks at the bytes, not the name,
and raises :class:`~jobsearch_analytics.io.report.LoadError` with a message that says which file,
what it looks like and what to do.

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "jobs.txt").write_text("Company;Applied\\nAcme;2024-03-05\\n", encoding="utf-8")
>>> sniff(d / "jobs.txt")
'csv'
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import stat
import struct
import zipfile
import zlib
from collections import Counter
from pathlib import Path

from defusedxml import ElementTree as DET

from jobsearch_analytics.io.report import LoadError

__all__ = [
    "FORMATS",
    "LEGACY_ENCODINGS",
    "decode_text",
    "detect_encoding",
    "encoding_label",
    "ole_stream_names",
    "regular_file",
    "sniff",
    "sniff_delimiter",
    "special_kind",
    "text_candidates",
]

#: Every format :func:`sniff` can return.
FORMATS: tuple[str, ...] = ("xlsx", "xlsm", "xlsb", "xls", "ods", "spreadsheetml", "csv", "tsv")

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SPREADSHEETML_NS = "urn:schemas-microsoft-com:office:spreadsheet"
ODS_MIMETYPES = (
    b"application/vnd.oasis.opendocument.spreadsheet",
    b"application/vnd.oasis.opendocument.spreadsheet-template",
)
DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")

_HEAD = 64 * 1024
_SAVE_AS = "open it in Excel, LibreOffice or Google Sheets and save or download it as .xlsx or .csv"


def sniff(path: str | os.PathLike[str]) -> str:
    """The format of a spreadsheet file, judged by its content.

    Parameters
    ----------
    path : str or path-like
        The file. It is opened read-only.

    Returns
    -------
    str
        One of :data:`FORMATS`: ``'xlsx'``, ``'xlsm'``, ``'xlsb'``, ``'xls'``, ``'ods'``,
        ``'spreadsheetml'`` (Excel 2003 XML, often named ``.xls``), ``'csv'`` or ``'tsv'``.

    Raises
    ------
    LoadError
        When the file is missing, empty, an Office lock file, password-protected, a damaged
        zip, another kind of document (Word, PDF, HTML ...) or binary data.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "export.txt"
    >>> _ = p.write_bytes("Company\\tRole\\r\\nAcmé\\tAnalyst\\r\\n".encode("utf-16"))
    >>> sniff(p)
    'tsv'
    >>> _ = p.write_bytes(b"")
    >>> sniff(p)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    jobsearch_analytics.io.report.LoadError: export.txt: the file is empty (0 bytes). ...
    """
    p = Path(path)
    where = _name(p)
    _check_lock_file(p)
    size = regular_file(p)
    try:
        with p.open("rb") as f:
            head = f.read(_HEAD)
    except OSError as e:
        raise LoadError(
            f"the file cannot be opened ({e.strerror or e})",
            file=where,
            hint="check that it exists and that you may read it",
        ) from None
    if size == 0 or not head:
        raise LoadError(
            "the file is empty (0 bytes)",
            file=where,
            hint="the download or copy may have failed; export the tracker again",
        )
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _sniff_zip(p)
    if head.startswith(OLE_MAGIC):
        return _sniff_ole(p)
    if head.startswith(b"%PDF"):
        raise LoadError(
            "this is a PDF document, not a spreadsheet",
            file=where,
            hint="load the spreadsheet the PDF was made from, or " + _SAVE_AS,
        )
    complete = size <= len(head)
    text, _encoding = _decode_or_raise(head, where, complete=complete)
    stripped = text.lstrip()
    if stripped.startswith("<"):
        kind = _sniff_xml(p, stripped, where)
        if kind is not None:
            return kind
    delimiter = sniff_delimiter(text)
    return "tsv" if delimiter == "\t" else "csv"


# -- what kind of file system object -------------------------------------------------------

_SPECIAL = (
    (stat.S_ISFIFO, "a named pipe (FIFO)", "reading it would wait for a writer forever"),
    (stat.S_ISCHR, "a character device", "reading it never ends or reads hardware"),
    (stat.S_ISBLK, "a block device (a disk)", "it is a whole disk, not a file"),
    (stat.S_ISSOCK, "a socket", "it holds no data to read"),
)


def special_kind(path: str | os.PathLike[str]) -> str | None:
    """What ``path`` is when it is no regular file ("a named pipe (FIFO)", "a folder" ...);
    None for a regular file or a path that does not exist. Symbolic links are followed, without
    opening anything.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> special_kind(d), special_kind(d / "missing.csv"), special_kind("/dev/null")
    ('a folder', None, 'a character device')
    """
    try:
        mode = os.stat(path).st_mode  # noqa: PTH116 (follows symbolic links)
    except OSError:
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    for test, what, _why in _SPECIAL:
        if test(mode):
            return what
    return None if stat.S_ISREG(mode) else "not a regular file"


def regular_file(p: Path) -> int:
    """The size of ``p`` after making sure it is a regular file (a symbolic link to one is
    fine), judged from its metadata before anything opens it: a FIFO would block the reader
    forever, a device never ends. Raises :class:`LoadError` naming the path otherwise.

    Examples
    --------
    >>> regular_file(Path("/dev/zero"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    jobsearch_analytics.io.report.LoadError: /dev/zero: this is a character device, not a file...
    """
    try:
        st = os.stat(p)  # noqa: PTH116
    except FileNotFoundError:
        link = " (a symbolic link whose target is missing)" if p.is_symlink() else ""
        raise LoadError(
            "file not found" + link, file=_name(p), hint="check the path and the file name"
        ) from None
    except OSError as e:
        raise LoadError(
            f"the file cannot be examined ({e.strerror or e})",
            file=str(p),
            hint="check that it exists and that you may read it",
        ) from None
    if stat.S_ISREG(st.st_mode):
        return st.st_size
    if stat.S_ISDIR(st.st_mode):
        raise LoadError(
            "this is a folder, not a file", file=_name(p), hint="pass the tracker file inside it"
        )
    link = " (through a symbolic link)" if p.is_symlink() else ""
    what, why = next(
        ((w, y) for test, w, y in _SPECIAL if test(st.st_mode)), ("not a regular file", "")
    )
    raise LoadError(
        f"this is {what}{link}, not a file; {why}" if why else f"this is {what}{link}",
        file=str(p),
        hint="pass the tracker file itself (a regular file saved from a spreadsheet program)",
    )


# -- lock files ------------------------------------------------------------------------------


def _check_lock_file(p: Path) -> None:
    name = p.name
    if name.startswith("~$") and len(name) > 2:
        raise LoadError(
            "this is a lock file that Microsoft Office creates while a workbook is open, "
            "not the workbook itself",
            file=_name(p),
            hint=f"load the workbook without the '~$' (a file ending in '{name[2:]}' in the same "
            "folder); close it in Excel first if the lock file stays",
        )
    if name.startswith(".~lock.") and name.endswith("#"):
        raise LoadError(
            "this is a lock file that LibreOffice creates while a document is open, "
            "not the document itself",
            file=_name(p),
            hint=f"load '{name[len('.~lock.') : -1]}' from the same folder instead",
        )


# -- zip containers: xlsx, xlsm, xlsb, ods and documents that are not spreadsheets ------------


def _sniff_zip(p: Path) -> str:
    where = _name(p)
    try:
        with zipfile.ZipFile(p) as zf:
            names = zf.namelist()
            members = set(names)
            if "xl/workbook.xml" in members:
                types = _read_member(zf, "[Content_Types].xml", limit=1 << 20)
                macro = b"macroEnabled.main+xml" in types or "xl/vbaProject.bin" in members
                return "xlsm" if macro else "xlsx"
            if "xl/workbook.bin" in members:
                return "xlsb"
            if "mimetype" in members:
                mimetype = _read_member(zf, "mimetype", limit=4096).strip()
                if mimetype in ODS_MIMETYPES:
                    return "ods"
                kind = mimetype.decode("ascii", "replace").rsplit(".", 1)[-1]
                raise LoadError(
                    f"this is an OpenDocument {kind} file ({mimetype.decode('ascii', 'replace')})"
                    ", not a spreadsheet",
                    file=where,
                    hint="load the .ods spreadsheet (LibreOffice Calc) instead",
                )
    except LoadError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
        raise LoadError(
            "this looks like an Excel or OpenDocument file (a zip archive) but the archive is "
            "damaged or incomplete",
            file=where,
            hint="download or copy the file again (a download may have been cut short), or open "
            "it in Excel or LibreOffice, which may repair it, and save it again",
        ) from None
    what = _zip_kind(members)
    if what is not None:
        raise LoadError(
            f"this is {what}, not a spreadsheet",
            file=where,
            hint="load the tracker itself, or " + _SAVE_AS,
        )
    inner = [n for n in names if n.lower().endswith((".csv", ".xlsx", ".xls", ".ods", ".tsv"))]
    if inner:
        shown = ", ".join(inner[:3]) + (" ..." if len(inner) > 3 else "")
        raise LoadError(
            f"this is a zip archive that holds {len(inner)} spreadsheet file(s) ({shown})",
            file=where,
            hint="unzip it and load the file you want (LinkedIn and other data exports come "
            "zipped)",
        )
    raise LoadError(
        f"this is a zip archive of {len(names)} file(s) with no spreadsheet in it",
        file=where,
        hint="load the tracker itself (.xlsx, .ods or .csv)",
    )


def _zip_kind(members: set[str]) -> str | None:
    if "word/document.xml" in members:
        return "a Word document (.docx)"
    if "ppt/presentation.xml" in members:
        return "a PowerPoint presentation (.pptx)"
    if any(m.startswith("Index/") and m.endswith(".iwa") for m in members):
        return "an Apple Numbers or Pages document"
    return None


def _read_member(zf: zipfile.ZipFile, name: str, *, limit: int) -> bytes:
    try:
        with zf.open(name) as f:
            return f.read(limit)
    except KeyError:
        return b""


# -- OLE2 compound files: xls, encrypted xlsx, Word 97 ... ------------------------------------


def _sniff_ole(p: Path) -> str:
    where = _name(p)
    try:
        streams = set(ole_stream_names(p))
    except ValueError as e:
        raise LoadError(
            f"this looks like an Excel 97-2003 (.xls) file but its structure is damaged ({e})",
            file=where,
            hint="download or copy the file again, or open it in Excel or LibreOffice and save "
            "it as .xlsx",
        ) from None
    if {"EncryptionInfo", "EncryptedPackage"} & streams:
        raise LoadError(
            "the workbook is password-protected (encrypted), so its cells cannot be read",
            file=where,
            hint="open it in Excel, remove the password (File > Info > Protect Workbook > "
            "Encrypt with Password, clear it) and save a copy, then load the copy",
        )
    if {"Workbook", "Book"} & streams:
        return "xls"
    if "WordDocument" in streams:
        what = "a Word 97-2003 document (.doc)"
    elif "PowerPoint Document" in streams:
        what = "a PowerPoint 97-2003 presentation (.ppt)"
    else:
        what = "an old Microsoft Office file (OLE2) with no Excel workbook in it"
    raise LoadError(f"this is {what}, not a spreadsheet", file=where, hint=_SAVE_AS)


_FREESECT = 0xFFFFFFFF
_ENDOFCHAIN = 0xFFFFFFFE


def ole_stream_names(path: str | os.PathLike[str]) -> list[str]:
    """Names of every storage and stream in an OLE2 compound file (xls, doc, encrypted xlsx).

    Reads only the header, the allocation table and the directory, following the
    [MS-CFB] layout, so it is cheap even for large files.

    Raises
    ------
    ValueError
        When the file is no compound file or its directory cannot be followed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.xls"
    >>> _ = p.write_bytes(b"not ole")
    >>> ole_stream_names(p)
    Traceback (most recent call last):
    ...
    ValueError: not an OLE2 compound file
    """
    with Path(path).open("rb") as f:
        header = f.read(512)
        if len(header) < 512 or not header.startswith(OLE_MAGIC):
            raise ValueError("not an OLE2 compound file")
        f.seek(0, io.SEEK_END)
        file_size = f.tell()
        (sector_shift,) = struct.unpack_from("<H", header, 0x1E)
        if sector_shift not in (9, 12):
            raise ValueError(f"unexpected sector size 2**{sector_shift}")
        size = 1 << sector_shift
        n_sectors = max(0, (file_size - size) // size + 1)
        (first_dir,) = struct.unpack_from("<I", header, 0x30)
        first_difat, n_difat = struct.unpack_from("<II", header, 0x44)

        def sector(i: int) -> bytes:
            if i >= n_sectors:
                raise ValueError(f"sector {i} lies beyond the end of the file")
            f.seek((i + 1) * size)
            data = f.read(size)
            if len(data) < size:
                raise ValueError("file is truncated")
            return data

        fat_ids = [i for i in struct.unpack_from("<109I", header, 0x4C) if i < _ENDOFCHAIN]
        per_sector = size // 4
        nxt, seen = first_difat, 0
        while nxt < _ENDOFCHAIN and seen <= n_difat:
            ids = struct.unpack(f"<{per_sector}I", sector(nxt))
            fat_ids.extend(i for i in ids[:-1] if i < _ENDOFCHAIN)
            nxt, seen = ids[-1], seen + 1
        fat: list[int] = []
        for i in fat_ids:
            fat.extend(struct.unpack(f"<{per_sector}I", sector(i)))
        names: list[str] = []
        cur, steps = first_dir, 0
        while cur < _ENDOFCHAIN:
            steps += 1
            if steps > n_sectors or cur >= len(fat):
                raise ValueError("the directory chain is broken")
            data = sector(cur)
            for off in range(0, size, 128):
                (name_len,) = struct.unpack_from("<H", data, off + 64)
                kind = data[off + 66]
                if kind in (1, 2) and 2 <= name_len <= 64:
                    names.append(data[off : off + name_len - 2].decode("utf-16-le", "replace"))
            cur = fat[cur]
        return names


# -- XML: SpreadsheetML 2003, flat ODS, HTML tables -------------------------------------------


def _sniff_xml(p: Path, text: str, where: str) -> str | None:
    low = text[:4096].lower()
    if low.startswith(("<!doctype html", "<html")) or "<html" in low[:1024]:
        raise LoadError(
            "this is a web page (HTML), not a spreadsheet; some sites export 'Excel' files this "
            "way",
            file=where,
            hint=_SAVE_AS,
        )
    root = _xml_root_tag(p)
    if root is None:
        if SPREADSHEETML_NS in text[:4096]:
            return "spreadsheetml"  # damaged or unsafe: its reader says why
        if text.startswith("<?xml"):
            raise LoadError(
                "this is an XML file that cannot be parsed (damaged, or it uses entities, which "
                "are refused for safety)",
                file=where,
                hint=_SAVE_AS,
            )
        return None  # not XML after all: let the text sniffer judge it
    if root == f"{{{SPREADSHEETML_NS}}}Workbook":
        return "spreadsheetml"
    if root == "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}document":
        raise LoadError(
            "this is a flat OpenDocument file (.fods), which is not supported",
            file=where,
            hint="open it in LibreOffice and save it as .ods or .xlsx",
        )
    local = root.rsplit("}", 1)[-1]
    raise LoadError(
        f"this is an XML file (root element <{local}>), not a spreadsheet this tool reads",
        file=where,
        hint=_SAVE_AS,
    )


def _xml_root_tag(p: Path) -> str | None:
    try:
        with p.open("rb") as f:
            for _event, elem in DET.iterparse(f, events=("start",)):
                return str(elem.tag)
    except Exception:
        # Malformed XML, forbidden entities (defusedxml), truncation: not SpreadsheetML.
        return None
    return None


# -- text: encodings and delimiters -----------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


#: Legacy encodings tried, after UTF-8, for text that is not UTF-8: codec name -> label.
LEGACY_ENCODINGS: dict[str, str] = {
    "cp1252": "Windows-1252 (Western European)",
    "gb18030": "GB18030 (Simplified Chinese; covers GBK and GB2312)",
    "cp932": "Shift-JIS (Japanese; Windows code page 932)",
    "cp949": "EUC-KR (Korean; Windows code page 949)",
    "big5": "Big5 (Traditional Chinese)",
}


def encoding_label(encoding: str) -> str:
    """A name for the encoding a person recognises.

    Examples
    --------
    >>> encoding_label("cp932"), encoding_label("utf-8")
    ('Shift-JIS (Japanese; Windows code page 932)', 'utf-8')
    """
    return LEGACY_ENCODINGS.get(encoding, encoding)


def detect_encoding(data: bytes, *, complete: bool = True) -> str | None:
    """The encoding of text bytes: a BOM first, then UTF-32 and UTF-16 by their zero bytes,
    strict UTF-8, then the most coherent of :data:`LEGACY_ENCODINGS` (Windows-1252, GB18030,
    Shift-JIS, EUC-KR, Big5), judged by charset-normalizer among those candidates only.

    Returns None when no candidate decodes the bytes into plausible text; never falls back
    silently to Latin-1. With ``complete=False`` the bytes are the start of a longer file, so
    a character cut at the end is not held against them.

    Examples
    --------
    >>> detect_encoding("Café €".encode("utf-8")), detect_encoding("Café €".encode("cp1252"))
    ('utf-8', 'cp1252')
    >>> detect_encoding("a\\tb".encode("utf-16")), detect_encoding(b"\\xef\\xbb\\xbfa,b")
    ('utf-16', 'utf-8-sig')
    >>> rows = "公司,职位,状态\\n腾讯,数据分析师,已拒绝\\n阿里巴巴,软件工程师,面试\\n"
    >>> detect_encoding(("Company,Role\\n" + rows * 2).encode("gbk"))
    'gb18030'
    >>> detect_encoding("공고,회사\\n데이터 분석가,삼성전자\\n".encode("euc-kr"))
    'cp949'
    >>> detect_encoding("Company,Role\\n".encode("utf-32-le"))
    'utf-32-le'
    >>> detect_encoding(b"\\x81\\x8d\\x8f") is None
    True
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    sample = data[:4096]
    wide = _wide_by_zeros(sample)
    if wide is not None:
        return wide
    try:
        codecs.getincrementaldecoder("utf-8")("strict").decode(data, final=complete)
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    return _legacy_encoding(data, complete=complete)


def _wide_by_zeros(sample: bytes) -> str | None:
    """UTF-32 or UTF-16 without a BOM, told by where the zero bytes of ASCII text fall."""
    n = len(sample) - len(sample) % 4
    if n >= 8:
        lanes = [sample[k:n:4].count(0) / (n // 4) for k in range(4)]
        if lanes[0] < 0.05 and min(lanes[1:]) > 0.9:
            return "utf-32-le"
        if lanes[3] < 0.05 and min(lanes[:3]) > 0.9:
            return "utf-32-be"
    if len(sample) >= 4:
        odd_zeros = sample[1::2].count(0) / (len(sample) // 2)
        even_zeros = sample[0::2].count(0) / ((len(sample) + 1) // 2)
        if odd_zeros > 0.3 and even_zeros < 0.05:
            return "utf-16-le"
        if even_zeros > 0.3 and odd_zeros < 0.05:
            return "utf-16-be"
    return None


_LEGACY_SAMPLE = 256 * 1024


def _legacy_encoding(data: bytes, *, complete: bool) -> str | None:
    from charset_normalizer import from_bytes

    sample = data[:_LEGACY_SAMPLE]
    if not complete or len(data) > len(sample):
        # Cut at a line end: no legacy multi-byte encoding uses 0x0A inside a character.
        cut = sample.rfind(b"\n")
        sample = sample[: cut + 1] if cut > 0 else sample
    fits = text_candidates(sample, complete=complete)
    western = _isolated_high_bytes(sample)
    # The detector's ranking, kept to candidates that pass the script check: Western text for
    # Windows-1252, its own script's letters for a multi-byte encoding.
    for match in from_bytes(sample, cp_isolation=list(LEGACY_ENCODINGS)):
        name = codecs.lookup(match.encoding).name
        chosen = next((c for c in LEGACY_ENCODINGS if codecs.lookup(c).name == name), None)
        plausible = western if chosen == "cp1252" else chosen in fits
        if chosen is not None and plausible and _decodes(data, chosen, complete):
            return chosen
    return _scored_trial(sample, complete)


#: Where the letters of each multi-byte candidate's script live.
_SCRIPTS: dict[str, tuple[tuple[int, int], ...]] = {
    "gb18030": ((0x4E00, 0x9FFF), (0x3000, 0x303F), (0xFF00, 0xFFEF)),
    "cp932": ((0x4E00, 0x9FFF), (0x3040, 0x30FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)),
    "cp949": ((0xAC00, 0xD7A3), (0x4E00, 0x9FFF), (0x3000, 0x303F), (0xFF00, 0xFFEF)),
    "big5": ((0x4E00, 0x9FFF), (0x3000, 0x303F), (0xFF00, 0xFFEF)),
}
#: Korean text is mostly Hangul, Japanese text has kana: the letters only they have.
_OWN = {"cp949": ((0xAC00, 0xD7A3),), "cp932": ((0x3040, 0x30FF),)}
_OWN_SHARE = {"cp949": 0.8, "cp932": 0.1}
_HIGH_RUN = re.compile(rb"[\x80-\xff]{2,}")


def _scored_trial(sample: bytes, complete: bool) -> str | None:
    """Too little text for the detector: Western text has its accented letters one by one
    between plain ones (Windows-1252); CJK text has its bytes in runs that decode, in the
    right candidate, to letters of that candidate's script (Korean: mostly Hangul; Japanese:
    some kana). A tie between several such candidates is no answer: the caller names the
    candidates (:func:`text_candidates`) instead of guessing."""
    if _isolated_high_bytes(sample):
        return "cp1252" if _decodes(sample, "cp1252", complete) else None
    fits = text_candidates(sample, complete=complete)
    own = [enc for enc in fits if enc in _OWN]
    if len(own) == 1:
        return own[0]
    if len(fits) == 1:
        return fits[0]
    if fits:
        return None
    return "cp1252" if _decodes(sample, "cp1252", complete) else None


def _isolated_high_bytes(sample: bytes) -> bool:
    """Most bytes above 0x7F stand alone between ASCII ones, as accented letters do."""
    high = len(sample) - len(sample.translate(None, bytes(range(128))))
    in_runs = sum(len(m[0]) for m in _HIGH_RUN.finditer(sample))
    return bool(high) and in_runs <= high // 2


def text_candidates(data: bytes, *, complete: bool = True) -> list[str]:
    """The multi-byte candidates of :data:`LEGACY_ENCODINGS` that decode ``data`` into the
    letters of their own script (what a refusal names when they cannot be told apart).

    Examples
    --------
    >>> text_candidates("腾讯,阿里巴巴\\n".encode("gbk"))
    ['gb18030', 'big5']
    """
    fits = []
    for enc, ranges in _SCRIPTS.items():
        if not _decodes(data, enc, complete):
            continue
        text = codecs.getincrementaldecoder(enc)("replace").decode(data, final=complete)
        wide = [ord(ch) for ch in text if ord(ch) > 0x7F]
        native = sum(any(a <= c <= b for a, b in ranges) for c in wide)
        own = sum(any(a <= c <= b for a, b in _OWN.get(enc, ranges)) for c in wide)
        if wide and native >= 0.9 * len(wide) and own >= _OWN_SHARE.get(enc, 0) * len(wide):
            fits.append(enc)
    return fits


def _decodes(data: bytes, encoding: str, complete: bool) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)("strict").decode(data, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def decode_text(data: bytes, encoding: str) -> str:
    """Decode with an encoding from :func:`detect_encoding` (the BOM is dropped).

    Examples
    --------
    >>> decode_text("a,b".encode("utf-8-sig"), "utf-8-sig")
    'a,b'
    """
    return data.decode(encoding)


def _decode_or_raise(data: bytes, where: str, *, complete: bool) -> tuple[str, str]:
    encoding = detect_encoding(data, complete=complete)
    fits = text_candidates(data, complete=complete) if encoding is None else []
    if fits:
        raise LoadError(
            "the text is not UTF-8, and it reads equally well as "
            + " or ".join(encoding_label(f) for f in fits)
            + ", so it cannot be told which is meant",
            file=where,
            hint="open it in the program it came from and save it as 'CSV UTF-8' (or .xlsx)",
        )
    if encoding is None:
        raise LoadError(
            "this is binary data, not a spreadsheet or text (it is neither UTF-8, UTF-16, "
            "UTF-32 nor " + ", ".join(LEGACY_ENCODINGS.values()) + " text, and has no known "
            "spreadsheet signature)",
            file=where,
            hint="check that you picked the right file; " + _SAVE_AS,
        )
    text = codecs.getincrementaldecoder(encoding)("strict").decode(data, final=complete)
    # Text exports never hold NULs or many control characters; binary files always do.
    controls = sum(1 for ch in text[:8192] if ch < " " and ch not in "\t\n\r\f\v")
    if "\x00" in text or controls > max(2, len(text[:8192]) // 100):
        raise LoadError(
            "this is binary data, not a spreadsheet or text (it has control characters and no "
            "known spreadsheet signature)",
            file=where,
            hint="check that you picked the right file; " + _SAVE_AS,
        )
    return text, encoding


def sniff_delimiter(text: str, *, max_records: int = 50) -> str:
    """The field delimiter among ``,`` ``;`` tab and ``|`` that splits records most consistently.

    Each candidate parses the first records (quotes respected); the winner has the most
    records sharing one field count above 1. Ties go to the larger field count, then to the
    order above. A preamble of notes lines above the table does not fool it, and a decimal
    comma does not beat the semicolon.

    Examples
    --------
    >>> sniff_delimiter("Company;Salary\\nAcme;1234,50\\nInitech;99,9\\n")
    ';'
    >>> sniff_delimiter('Notes:\\n"Some, text"\\n\\nName,Company,Date\\na,b,c\\nd,"e, f",g\\n')
    ','
    >>> sniff_delimiter("just one column\\nno delimiter\\n")
    ','
    """
    lines = text.splitlines(keepends=True)[: max_records * 4]
    sample = "".join(lines)
    best: tuple[int, int, int] = (0, 0, 0)
    chosen = ","
    for rank, delim in enumerate(DELIMITERS):
        counts: list[int] = []
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delim, strict=False)
        try:
            for record in reader:
                if record:
                    counts.append(len(record))
                if len(counts) >= max_records:
                    break
        except csv.Error:
            continue
        if not counts:
            continue
        # When the sample was cut, its last record may be incomplete: leave it out.
        if len(lines) < len(text.splitlines()) and len(counts) > 1:
            counts = counts[:-1]
        width, agree = max(Counter(counts).items(), key=lambda kv: (kv[1], kv[0]))
        if width < 2:
            continue
        score = (agree, width, -rank)
        if score > best:
            best, chosen = score, delim
    return chosen


def _name(p: Path) -> str:
    return p.name or str(p)
