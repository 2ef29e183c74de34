"""Tests for io/readers.py, io/sniff.py and io/spreadsheetml.py.

Every fixture is written into tmp_path by a real writer (openpyxl, xlsxwriter, pandas' odf
engine, the csv module, ``open(..., encoding=...)``), sometimes edited afterwards with zipfile
to plant one specific defect. Two exceptions, for want of an installed writer: the OLE2
compound files (.xls and password-protected xlsx) come from :func:`write_cfb`, a minimal
writer of the [MS-CFB] layout, and the SpreadsheetML file is typed out as Excel 2003 writes it.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import random
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import python_calamine as pc
import xlsxwriter

from jobsearch_analytics.io.readers import RawBook, RawSheet, read_book
from jobsearch_analytics.io.report import LoadError
from jobsearch_analytics.io.sniff import detect_encoding, ole_stream_names, sniff, sniff_delimiter

# -- helpers ----------------------------------------------------------------------------------


def edit_zip(src: Path, dst: Path, member: str, edit) -> Path:
    """Copy a zip, passing one member's bytes through ``edit``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == member:
                data = edit(data)
            zout.writestr(info, data)
    return dst


def write_cfb(path: Path, streams: dict[str, bytes]) -> Path:
    """A minimal OLE2 compound file (version 3, 512-byte sectors) holding up to 3 streams.

    Layout: sector 0 is the FAT, sector 1 the directory, then each stream padded to 4096
    bytes (the mini-stream cutoff) in consecutive sectors.
    """
    assert len(streams) <= 3
    free, end, fatsect, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [fatsect, end]
    body = b""
    entries = []
    names = list(streams)
    for k, name in enumerate(names):
        data = streams[name].ljust(4096, b"\0")
        n = len(data) // 512
        start = len(fat)
        fat.extend([*range(start + 1, start + n), end])
        body += data
        right = k + 2 if k + 1 < len(names) else nostream
        entries.append((name, 2, nostream, right, nostream, start, len(streams[name])))
    root = ("Root Entry", 5, nostream, nostream, 1 if names else nostream, end, 0)

    def entry(name, kind, left, right, child, start, size) -> bytes:
        raw = (name + "\0").encode("utf-16-le")
        return struct.pack(
            "<64sHBBIII16sIQQIQ", raw, len(raw), kind, 1, left, right, child, b"\0" * 16, 0, 0,
            0, start, size,
        )  # fmt: skip

    directory = b"".join(entry(*e) for e in [root, *entries]).ljust(512, b"\0")
    fat_sector = struct.pack(f"<{128}I", *(fat + [free] * (128 - len(fat))))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<109I", 0, *([free] * 108))
    )
    assert len(header) == 512
    path.write_bytes(header + fat_sector + directory + body)
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def no_empty_strings(book: RawBook) -> bool:
    return all(v != "" for s in book.sheets for row in s.rows for v in row)


def load_error(path: Path, **kwargs) -> LoadError:
    with pytest.raises(LoadError) as info:
        read_book(path, **kwargs)
    err = info.value
    assert path.name in str(err), "the message must name the file"
    assert "What to do:" in str(err), "the message must say what to do"
    return err


# -- fixtures ---------------------------------------------------------------------------------


@pytest.fixture
def offset_xlsx(tmp_path: Path) -> Path:
    """openpyxl: a table starting at C4 under a merged title band in C2:F2, plus hidden sheets."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Jobs"
    ws["C2"] = "My job search 2024"
    ws.merge_cells("C2:F2")
    ws.append([])
    for r, values in enumerate(
        [
            ["Company", "Applied", "Salary", "Referral", "Notes"],
            ["Acme", dt.datetime(2024, 3, 5), 85000, True, "N/A"],
            ["Initech", dt.datetime(2024, 3, 6, 14, 30), 91234.5, False, None],
            ["  Globex ", dt.date(2024, 3, 7), -3, None, "call back\nafter 5"],
        ],
        start=4,
    ):
        for c, v in enumerate(values, start=3):
            ws.cell(row=r, column=c, value=v)
    hidden = wb.create_sheet("Old")
    hidden["A1"] = "archived"
    hidden.sheet_state = "hidden"
    very = wb.create_sheet("Lists")
    very["B2"] = "Applied"
    very.sheet_state = "veryHidden"
    wb.create_sheet("Empty")
    p = tmp_path / "tracker.xlsx"
    wb.save(p)
    return p


@pytest.fixture
def spreadsheetml_xls(tmp_path: Path) -> Path:
    """Typed out as Excel 2003 "XML Spreadsheet" writes it, and named .xls as people do."""
    text = """<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:html="http://www.w3.org/TR/REC-html40">
 <DocumentProperties xmlns="urn:schemas-microsoft-com:office:office">
  <Author>me</Author><Created>2024-03-01T10:00:00Z</Created><Version>11.9999</Version>
 </DocumentProperties>
 <Styles>
  <Style ss:ID="Default" ss:Name="Normal"><Alignment ss:Vertical="Bottom"/></Style>
  <Style ss:ID="s21"><NumberFormat ss:Format="Short Date"/></Style>
 </Styles>
 <Worksheet ss:Name="Applications">
  <Table ss:ExpandedColumnCount="6" ss:ExpandedRowCount="6" x:FullColumns="1" x:FullRows="1">
   <Row>
    <Cell ss:MergeAcross="3"><Data ss:Type="String">Job search</Data></Cell>
   </Row>
   <Row ss:Index="3">
    <Cell><Data ss:Type="String">Company</Data></Cell>
    <Cell><Data ss:Type="String">Applied</Data></Cell>
    <Cell><Data ss:Type="String">Salary</Data></Cell>
    <Cell><Data ss:Type="String">Referral</Data></Cell>
    <Cell><Data ss:Type="String">Status</Data></Cell>
    <Cell><Data ss:Type="String">Time</Data></Cell>
   </Row>
   <Row>
    <Cell><Data ss:Type="String"> Acme &amp; Co </Data></Cell>
    <Cell ss:StyleID="s21"><Data ss:Type="DateTime">2024-03-05T00:00:00.000</Data></Cell>
    <Cell><Data ss:Type="Number">85000</Data></Cell>
    <Cell><Data ss:Type="Boolean">1</Data></Cell>
    <Cell ss:Formula="=NA()"><Data ss:Type="Error">#N/A</Data></Cell>
    <Cell><Data ss:Type="DateTime">1899-12-31T09:15:00.000</Data></Cell>
   </Row>
   <Row>
    <Cell><Data ss:Type="String">Initech</Data></Cell>
    <Cell ss:Index="3"><Data ss:Type="Number">91234.5</Data></Cell>
    <Cell ss:Index="5"><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>Rejected</B> by email</ss:Data></Cell>
   </Row>
   <Row ss:Index="6">
    <Cell ss:Index="2"><Data ss:Type="DateTime">2024-03-08T16:45:00.000</Data></Cell>
    <Cell ss:StyleID="s21"/>
    <Cell><Data ss:Type="Boolean">0</Data></Cell>
   </Row>
  </Table>
  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel">
   <Selected/><ProtectObjects>False</ProtectObjects>
  </WorksheetOptions>
 </Worksheet>
 <Worksheet ss:Name="Hidden one">
  <Table><Row><Cell><Data ss:Type="String">x</Data></Cell></Row></Table>
  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel">
   <Visible>SheetHidden</Visible>
  </WorksheetOptions>
 </Worksheet>
</Workbook>
"""  # noqa: E501
    p = tmp_path / "tracker.xls"
    p.write_text(text, encoding="utf-8", newline="\r\n")
    return p


# -- sniffing ---------------------------------------------------------------------------------


def test_sniff_each_format_by_content(tmp_path: Path, offset_xlsx: Path, spreadsheetml_xls) -> None:
    xw = tmp_path / "xw.xlsx"
    with xlsxwriter.Workbook(xw) as wb:
        wb.add_worksheet("S").write_row(0, 0, ["Company", "Role"])
    ods = tmp_path / "t.ods"
    pd.DataFrame({"Company": ["Acme"]}).to_excel(ods, engine="odf", index=False)
    renamed = tmp_path / "export.csv"
    renamed.write_bytes(offset_xlsx.read_bytes())
    xlsm = edit_zip(
        offset_xlsx,
        tmp_path / "macro.xlsm",
        "[Content_Types].xml",
        lambda d: d.replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        ),
    )
    xls = write_cfb(tmp_path / "old.xls", {"Workbook": b"\x09\x08" + b"\0" * 100})
    csv_path = tmp_path / "t.csv"
    csv_path.write_text("a,b\n1,2\n", encoding="utf-8")
    tsv = tmp_path / "t.txt"
    tsv.write_text("a\tb\n1\t2\n", encoding="utf-16")
    expected = {
        offset_xlsx: "xlsx",
        xw: "xlsx",
        ods: "ods",
        renamed: "xlsx",
        xlsm: "xlsm",
        xls: "xls",
        spreadsheetml_xls: "spreadsheetml",
        csv_path: "csv",
        tsv: "tsv",
    }
    assert {p: sniff(p) for p in expected} == expected


def test_renamed_files_are_read_by_content_with_a_note(tmp_path: Path, offset_xlsx: Path) -> None:
    for name in ("export.csv", "export.xls"):
        renamed = tmp_path / name
        renamed.write_bytes(offset_xlsx.read_bytes())
        book = read_book(renamed)
        assert book.format == "xlsx"
        assert book.sheets[0].rows == read_book(offset_xlsx).sheets[0].rows
        assert any("named" in n and "xlsx" in n for n in book.notes)
    assert read_book(offset_xlsx).notes == ()


def test_ole_directory_is_read(tmp_path: Path) -> None:
    p = write_cfb(tmp_path / "x.bin", {"EncryptionInfo": b"\4\0", "EncryptedPackage": b"z" * 5000})
    assert ole_stream_names(p) == ["EncryptionInfo", "EncryptedPackage"]


# -- workbooks --------------------------------------------------------------------------------


def test_true_cell_positions_when_the_table_starts_at_c4(offset_xlsx: Path) -> None:
    sheet = read_book(offset_xlsx).sheets[0]
    assert sheet.name == "Jobs"

    def at(ref_row: int, col: int):
        return sheet.rows[ref_row - 1 - sheet.origin_row][col - sheet.origin_col]

    # The title band is on row 2, the header on row 4, column C (index 2).
    assert (sheet.origin_row, sheet.origin_col) == (1, 2)
    assert at(4, 2) == "Company"
    assert at(5, 2) == "Acme"
    assert at(7, 6) == "call back\nafter 5"
    assert sheet.cell_ref(3, 0) == "Jobs!C5"
    # Same positions through openpyxl, an independent reader.
    ws = openpyxl.load_workbook(offset_xlsx)["Jobs"]
    for i, row in enumerate(sheet.rows):
        for j, v in enumerate(row):
            if isinstance(v, str):
                assert ws.cell(sheet.origin_row + i + 1, sheet.origin_col + j + 1).value == v


def test_merged_title_band_keeps_value_top_left_and_none_elsewhere(offset_xlsx: Path) -> None:
    sheet = read_book(offset_xlsx).sheets[0]
    band = sheet.rows[0]
    assert band[0] == "My job search 2024"
    assert band[1:] == [None] * (len(band) - 1)
    assert sheet.rows[1] == [None] * len(band)  # the blank row 3 survives


def test_values_keep_their_types(offset_xlsx: Path) -> None:
    rows = read_book(offset_xlsx).sheets[0].rows
    acme, initech, globex = rows[3], rows[4], rows[5]
    assert acme[1] == dt.date(2024, 3, 5) and isinstance(acme[1], dt.date)
    assert initech[1] == dt.datetime(2024, 3, 6, 14, 30)
    assert globex[1] == dt.date(2024, 3, 7)
    assert acme[2] == 85000 and isinstance(acme[2], int | float)
    assert initech[2] == 91234.5 and globex[2] == -3
    assert acme[3] is True and initech[3] is False and globex[3] is None
    assert globex[0] == "  Globex "  # text exactly as typed
    assert acme[4] == "N/A"  # no NA conversion
    assert initech[4] is None


def test_no_empty_strings_anywhere(tmp_path: Path, offset_xlsx: Path) -> None:
    # xlsxwriter stores an explicit empty string in a cell; it must come back as None.
    p = tmp_path / "blank.xlsx"
    with xlsxwriter.Workbook(p) as wb:
        ws = wb.add_worksheet()
        ws.write_row(0, 0, ["a", "", "c"])
        ws.write_string(1, 1, "")
        ws.write_row(2, 0, ["x", "y", "z"])
    book = read_book(p)
    assert no_empty_strings(book)
    assert book.sheets[0].rows[0] == ["a", None, "c"]
    assert no_empty_strings(read_book(offset_xlsx))


def test_hidden_and_very_hidden_sheets(offset_xlsx: Path) -> None:
    book = read_book(offset_xlsx)
    assert [(s.name, s.hidden) for s in book.sheets] == [
        ("Jobs", False),
        ("Old", True),
        ("Lists", True),
        ("Empty", False),
    ]
    lists = book.sheets[2]
    assert (lists.origin_row, lists.origin_col, lists.rows) == (1, 1, [["Applied"]])
    assert book.sheets[3].rows == []


def test_sheet_selection(offset_xlsx: Path) -> None:
    book = read_book(offset_xlsx, sheets=["Old"])
    assert book.sheet_names == ["Old"]
    err = load_error(offset_xlsx, sheets=["Jobs ", "Nope"])
    assert "'Nope'" in str(err) and "'Jobs'" in str(err)


def test_ods_dates_numbers_booleans_and_offsets(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "Company": ["Acme", "Initech"],
            "Applied": [dt.datetime(2024, 3, 5), dt.datetime(2024, 3, 6, 10, 30)],
            "Salary": [85000.0, 91234.5],
            "Referral": [True, False],
        }
    )
    p = tmp_path / "t.ods"
    with pd.ExcelWriter(p, engine="odf") as xw:
        frame.to_excel(xw, sheet_name="Jobs", index=False, startrow=3, startcol=2)
    book = read_book(p)
    assert book.format == "ods"
    s = book.sheets[0]
    assert (s.name, s.origin_row, s.origin_col) == ("Jobs", 3, 2)
    assert s.rows[0] == ["Company", "Applied", "Salary", "Referral"]
    for got, (_, want) in zip(s.rows[1:], frame.iterrows(), strict=True):
        assert got[0] == want["Company"]
        assert isinstance(got[1], dt.date)
        assert pd.Timestamp(got[1]) == want["Applied"]
        assert got[2] == want["Salary"] and got[3] is bool(want["Referral"])


def test_cached_error_values_read_as_their_text(tmp_path: Path) -> None:
    p = tmp_path / "errors.xlsx"
    with xlsxwriter.Workbook(p) as wb:
        ws = wb.add_worksheet("S")
        ws.write_row(0, 0, ["Company", "Lookup", "Ratio"])
        ws.write(1, 0, "Acme")
        ws.write_formula(1, 1, "=VLOOKUP(A2,Z1:Z2,1,FALSE)", None, "#N/A")
        ws.write_formula(1, 2, "=1/0", None, "#DIV/0!")
        ws.write_formula(2, 2, "=#REF!+1", None, "#REF!")
    rows = read_book(p).sheets[0].rows
    assert rows[1] == ["Acme", "#N/A", "#DIV/0!"]
    assert rows[2][2] == "#REF!"


def test_formulas_without_cached_values_get_a_note(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Summary"
    ws.append(["Status", "Count"])
    for i, status in enumerate(["Applied", "Rejected", "Interview"], start=2):
        ws.append([status, f'=COUNTIF(Jobs!B:B,"{status}")'])
        assert ws.cell(i, 2).value.startswith("=")
    p = tmp_path / "summary.xlsx"
    wb.save(p)
    sheet = read_book(p).sheets[0]
    assert [r[1] for r in sheet.rows[1:]] in ([None, None, None], [])
    (note,) = sheet.notes
    assert "3 cells" in note and "B2" in note and "B4" in note


def test_openpyxl_styles_failure_does_not_matter(tmp_path: Path, offset_xlsx: Path) -> None:
    broken = edit_zip(
        offset_xlsx,
        tmp_path / "styled.xlsx",
        "xl/styles.xml",
        lambda d: d.replace(b'<sz val="11"', b'<sz val="11pt"'),
    )
    assert broken.read_bytes() != offset_xlsx.read_bytes()
    with pytest.raises(TypeError):  # the planted defect really breaks openpyxl
        openpyxl.load_workbook(broken, read_only=True, data_only=True)
    book = read_book(broken)
    assert book.notes == ()
    assert book.sheets[0].rows == read_book(offset_xlsx).sheets[0].rows


def test_falls_back_to_openpyxl_when_calamine_fails(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Jobs"
    ws["B3"], ws["C3"], ws["B4"], ws["C4"] = "Company", "Applied", "Acme", dt.datetime(2024, 3, 5)
    ws["D4"] = 7
    src = tmp_path / "src.xlsx"
    wb.save(src)
    # An unknown cell type: calamine refuses the sheet, openpyxl reads the value as text.
    bad = edit_zip(
        src,
        tmp_path / "odd.xlsx",
        "xl/worksheets/sheet1.xml",
        lambda d: d.replace(b'<c r="D4" t="n">', b'<c r="D4" t="zz">'),
    )
    with pytest.raises(pc.CalamineError), bad.open("rb") as fh:
        pc.CalamineWorkbook.from_filelike(fh).get_sheet_by_name("Jobs")
    book = read_book(bad)
    assert any(n.startswith("read with openpyxl: calamine failed:") for n in book.notes)
    s = book.sheets[0]
    assert s.rows[s.origin_row + 2][s.origin_col + 1] == "Company"  # B3
    acme = s.rows[s.origin_row + 3][s.origin_col + 1 :]
    assert acme[0] == "Acme" and acme[1] == dt.datetime(2024, 3, 5) and acme[2] == "7"
    assert no_empty_strings(book)


def test_both_engines_failing_gives_both_reasons(tmp_path: Path, offset_xlsx: Path) -> None:
    bad = edit_zip(
        offset_xlsx,
        tmp_path / "bad.xlsx",
        "xl/worksheets/sheet1.xml",
        lambda d: d.replace(b"<v>85000</v>", b"<v>85k</v>"),
    )
    err = load_error(bad)
    assert "calamine" in str(err) and "openpyxl" in str(err)


def test_stray_far_cell_is_refused_without_crashing(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Company"
    wb.active["A2"] = "Acme"
    src = tmp_path / "src.xlsx"
    wb.save(src)
    # A value in XFD1048576 (and a <dimension> that does not say so) aborts calamine outright,
    # so the read runs in a child process: a regression fails this test, not the whole run.
    far = edit_zip(
        src,
        tmp_path / "far.xlsx",
        "xl/worksheets/sheet1.xml",
        lambda d: d.replace(
            b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
        ),
    )
    code = (
        "import sys\n"
        "from jobsearch_analytics.io.readers import read_book\n"
        "from jobsearch_analytics.io.report import LoadError\n"
        "try:\n"
        "    read_book(sys.argv[1])\n"
        "except LoadError as e:\n"
        "    print(e)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(far)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert "XFD1048576" in done.stdout and "What to do:" in done.stdout


def test_inputs_are_not_modified(tmp_path: Path, offset_xlsx: Path, spreadsheetml_xls) -> None:
    csv_path = tmp_path / "t.csv"
    csv_path.write_text("a;b\r\n1;2", encoding="cp1252")
    for p in (offset_xlsx, spreadsheetml_xls, csv_path):
        before, mtime = sha256(p), p.stat().st_mtime_ns
        read_book(p)
        assert sha256(p) == before and p.stat().st_mtime_ns == mtime
    assert sorted(x.name for x in tmp_path.iterdir()) == ["t.csv", "tracker.xls", "tracker.xlsx"]


# -- SpreadsheetML 2003 -----------------------------------------------------------------------


def test_spreadsheetml_positions_and_types(spreadsheetml_xls: Path) -> None:
    book = read_book(spreadsheetml_xls)
    assert book.format == "spreadsheetml"
    assert any("named .xls" in n for n in book.notes)
    main, hidden = book.sheets
    assert (main.name, main.hidden, hidden.name, hidden.hidden) == (
        "Applications",
        False,
        "Hidden one",
        True,
    )
    assert (main.origin_row, main.origin_col) == (0, 0)
    rows = main.rows
    assert rows[0] == ["Job search", None, None, None, None, None]  # merged across 4 columns
    assert rows[1] == [None] * 6  # row 2 skipped by ss:Index="3"
    assert rows[2] == ["Company", "Applied", "Salary", "Referral", "Status", "Time"]
    assert rows[3] == [" Acme & Co ", dt.date(2024, 3, 5), 85000.0, True, "#N/A", dt.time(9, 15)]
    assert rows[4] == ["Initech", None, 91234.5, None, "Rejected by email", None]
    assert rows[5] == [None, dt.datetime(2024, 3, 8, 16, 45), None, False, None, None]


def test_spreadsheetml_merge_down_and_far_index(tmp_path: Path) -> None:
    p = tmp_path / "m.xml"
    p.write_text(
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S"><Table>'
        '<Row ss:Index="2"><Cell ss:Index="3" ss:MergeDown="1"><Data ss:Type="String">a</Data>'
        '</Cell><Cell><Data ss:Type="String">b</Data></Cell></Row>'
        '<Row><Cell ss:Index="3"/><Cell><Data ss:Type="String">c</Data></Cell></Row>'
        "</Table></Worksheet></Workbook>",
        encoding="utf-8",
    )
    s = read_book(p).sheets[0]
    assert (s.origin_row, s.origin_col, s.rows) == (1, 2, [["a", "b"], [None, "c"]])
    # A cell in the last column of the last row would need a grid of 17 billion cells.
    far = tmp_path / "far.xml"
    far.write_text(
        p.read_text().replace(
            "</Table>",
            '<Row ss:Index="1048576"><Cell ss:Index="16384"><Data ss:Type="Number">1</Data>'
            "</Cell></Row></Table>",
        ),
        encoding="utf-8",
    )
    assert "XFD1048576" in str(load_error(far))


def test_spreadsheetml_entities_are_refused(tmp_path: Path) -> None:
    p = tmp_path / "bomb.xls"
    p.write_text(
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S">'
        '<Table><Row><Cell><Data ss:Type="String">&lol;</Data></Cell></Row></Table>'
        "</Worksheet></Workbook>",
        encoding="utf-8",
    )
    err = str(load_error(p))
    assert "the file holds a document type declaration" in err and "refused for safety" in err


# -- text -------------------------------------------------------------------------------------

ROWS = [
    ["Company", "Role", "Salary", "Notes"],
    ["Café Müller", "Barista", "€30k", "N/A"],
    ["Acme", "Data Analyst", "", "called; left voicemail"],
]


@pytest.mark.parametrize(
    ("encoding", "delimiter", "expected_encoding", "fmt"),
    [
        ("utf-8", ",", "utf-8", "csv"),
        ("utf-8-sig", ",", "utf-8-sig", "csv"),
        ("utf-16", "\t", "utf-16", "tsv"),  # Excel's "Unicode Text"
        ("utf-16-be", "\t", "utf-16-be", "tsv"),  # no BOM
        ("cp1252", ";", "cp1252", "csv"),
    ],
)
def test_csv_encodings(tmp_path: Path, encoding, delimiter, expected_encoding, fmt) -> None:
    p = tmp_path / "export.csv"
    with p.open("w", encoding=encoding, newline="") as f:
        csv.writer(f, delimiter=delimiter).writerows(ROWS)
    book = read_book(p)
    assert (book.format, book.encoding, book.delimiter) == (fmt, expected_encoding, delimiter)
    want = [[v or None for v in row] for row in ROWS]
    assert book.sheets[0].rows == want
    assert book.sheets[0].name == "" and book.sheets[0].line_numbers == [1, 2, 3]
    assert any("Windows-1252" in n for n in book.notes) == (encoding == "cp1252")


def test_semicolon_with_decimal_comma(tmp_path: Path) -> None:
    p = tmp_path / "de.csv"
    rows = [
        ["Firma", "Gehalt", "Datum"],
        ["Acme", "1234,50", "05.03.2024"],
        ["Initech", "99,9", "06.03.2024"],
        ["Globex", "12,5", ""],
    ]
    with p.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows(rows)
    book = read_book(p)
    assert book.delimiter == ";"
    assert book.sheets[0].rows[1] == ["Acme", "1234,50", "05.03.2024"]
    assert book.sheets[0].rows[3] == ["Globex", "12,5", None]


def test_crlf_without_final_newline(tmp_path: Path) -> None:
    p = tmp_path / "sheets.csv"
    p.write_bytes(b"Company,Applied\r\nAcme,2024-03-05\r\nInitech,2024-03-06")
    s = read_book(p).sheets[0]
    assert s.rows == [["Company", "Applied"], ["Acme", "2024-03-05"], ["Initech", "2024-03-06"]]
    assert s.line_numbers == [1, 2, 3]


def test_embedded_newlines_delimiters_and_bare_cr(tmp_path: Path) -> None:
    rows = [
        ["Company", "Notes", "Next"],
        ["Acme", "line one\nline two\nline three", "call"],
        ["Initech", "a, b; c", "mail"],
        ["Globex", "old mac\rbreak", "wait"],
        ["Hooli", "", "x"],
    ]
    p = tmp_path / "notes.csv"
    with p.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)
    s = read_book(p).sheets[0]
    assert s.rows == [[v or None for v in r] for r in rows]
    # Physical lines as an editor counts them (a bare CR breaks a line too).
    physical = p.read_bytes().replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    for record, line in zip(s.rows, s.line_numbers, strict=True):
        assert physical[line - 1].decode().startswith(record[0])
    assert s.line_numbers == [1, 2, 5, 6, 8]


def test_linkedin_preamble_and_ragged_rows_survive(tmp_path: Path) -> None:
    p = tmp_path / "Connections.csv"
    p.write_text(
        "Notes:\n"
        '"When exporting your connection data, you may notice that some of the email addresses'
        ' are missing."\n'
        "\n"
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ada,Lovelace,https://x/ada,,Analytical Engines,Engineer,05 Mar 2024\n"
        "Alan,Turing,https://x/alan,,Bletchley,Researcher\n"
        "Grace,Hopper,https://x/grace,g@x.com,Navy,Admiral,06 Mar 2024,extra\n",
        encoding="utf-8",
    )
    book = read_book(p)
    s = book.sheets[0]
    assert book.delimiter == ","
    assert s.rows[0] == ["Notes:"] and s.rows[2] == []
    assert s.rows[3][0] == "First Name" and len(s.rows[3]) == 7
    assert [len(r) for r in s.rows[4:]] == [7, 6, 8]
    assert s.line_numbers == [1, 2, 3, 4, 5, 6, 7]


def test_delimiter_sniffing_beats_pipes_and_quotes() -> None:
    assert sniff_delimiter("a|b|c\n1|2,5|3\n4|5|6\n") == "|"
    assert sniff_delimiter('a,b\n"x; y",1\n"p; q",2\n') == ","
    assert sniff_delimiter("a\tb\n1,5\t2\n") == "\t"


def test_encoding_never_falls_back_to_latin1() -> None:
    assert detect_encoding("naïve".encode()) == "utf-8"
    assert detect_encoding("naïve".encode("cp1252")) == "cp1252"
    # 0x81 is undefined in cp1252 and invalid alone in UTF-8: no silent latin-1.
    assert detect_encoding(b"abc\x81def") is None


# -- errors -----------------------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "tracker.xlsx"
    p.write_bytes(b"")
    assert "empty" in str(load_error(p))


def test_truncated_zip(tmp_path: Path, offset_xlsx: Path) -> None:
    p = tmp_path / "download.xlsx"
    p.write_bytes(offset_xlsx.read_bytes()[:1500])
    err = load_error(p)
    assert "damaged or incomplete" in str(err) and "again" in str(err)


def test_docx_is_not_a_spreadsheet(tmp_path: Path) -> None:
    p = tmp_path / "cover letter.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    assert "Word document" in str(load_error(p))


def test_zip_of_csvs_says_unzip(tmp_path: Path) -> None:
    p = tmp_path / "Basic_LinkedInDataExport.zip"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("Connections.csv", "a,b\n")
    assert "unzip" in str(load_error(p))


@pytest.mark.parametrize("name", ["~$tracker.xlsx", ".~lock.tracker.ods#"])
def test_lock_files(tmp_path: Path, name: str) -> None:
    p = tmp_path / name
    if name.startswith("~$"):
        user = "Jane Doe"
        p.write_bytes(bytes([len(user)]) + user.encode().ljust(53) + user.encode("utf-16-le"))
    else:
        p.write_text("Jane Doe,jane,laptop,25.11.2024 18:30,file:///home/jane/.config;\n")
    err = load_error(p)
    assert "lock file" in str(err) and "tracker." in str(err.hint)


def test_binary_junk(tmp_path: Path) -> None:
    p = tmp_path / "tracker.csv"
    p.write_bytes(random.Random(7).randbytes(4000))
    assert "binary" in str(load_error(p))


def test_password_protected(tmp_path: Path) -> None:
    p = write_cfb(
        tmp_path / "secret.xlsx",
        {"EncryptionInfo": b"\x04\x00\x04\x00" + b"\0" * 60, "EncryptedPackage": b"\1" * 5000},
    )
    assert "password-protected" in str(load_error(p))


def test_unreadable_xls_is_a_load_error(tmp_path: Path) -> None:
    # A stream below the 4096-byte cutoff belongs in the mini stream; this one is not, and
    # calamine panics (pyo3's PanicException is a BaseException) instead of raising.
    p = write_cfb(tmp_path / "old.xls", {"Workbook": b"\0" * 200})
    assert "97-2003" in str(load_error(p))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"<!DOCTYPE html><html><body><table><tr><td>a</td></tr></table>", "HTML"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>', "XML"),
    ],
)
def test_other_documents(tmp_path: Path, content: bytes, expected: str) -> None:
    p = tmp_path / "jobs.xls"
    p.write_bytes(content)
    assert expected in str(load_error(p))


def test_missing_file(tmp_path: Path) -> None:
    assert "not found" in str(load_error(tmp_path / "nope.xlsx"))


def test_rawsheet_is_frozen() -> None:
    s = RawSheet("S", [[1]])
    with pytest.raises(AttributeError):
        s.name = "T"  # type: ignore[misc]
