"""Hostile and broken files: each gives a clear LoadError (or a correct load) quickly, and the
test process survives. Every fixture is generated here: a valid file from a real writer
(openpyxl, pandas' odf engine, the csv module), then edited with zipfile to plant the attack.
The risky reads go through ``read_book``, which pre-flights and parses in a child process.
"""

from __future__ import annotations

import csv
import ctypes
import dataclasses
import hashlib
import importlib.util
import io
import os
import resource
import time
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jobsearch_analytics as jsa
from jobsearch_analytics.io import readers
from jobsearch_analytics.io.isolate import run_isolated
from jobsearch_analytics.io.preflight import Limits, preflight
from jobsearch_analytics.io.readers import read_book
from jobsearch_analytics.io.report import LoadError

FAST = 2.0  # seconds the parsing child may take (enforced by the isolation layer)
GUARD = 5 * FAST  # seconds this process may spend before a case counts as a runaway
MiB = 1 << 20

# -- helpers ----------------------------------------------------------------------------------


def edit_zip(src: Path, dst: Path, member: str, edit) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == member:
                data = edit(data)
            zout.writestr(info, data)
    return dst


def replace_member_streaming(src: Path, dst: Path, member: str, pieces) -> Path:
    """Copy a zip, writing ``member`` from an iterable of byte pieces (never all in memory)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != member:
                zout.writestr(info, zin.read(info.filename))
                continue
            target = zipfile.ZipInfo(member)
            target.compress_type = zipfile.ZIP_DEFLATED
            with zout.open(target, "w", force_zip64=True) as f:
                for piece in pieces:
                    f.write(piece)
    return dst


def sha256(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _budget(kwargs: dict) -> dict:
    """The issue's budget, enforced on the child that parses: 300 MiB above its starting size
    and FAST seconds. A case that needed more would fail with a memory or time message instead
    of the expected one, so passing these tests shows each case fits the budget."""
    limits = kwargs.get("limits") or Limits()
    kwargs["limits"] = dataclasses.replace(
        limits,
        memory_bytes=min(limits.memory_bytes, 300 * 2**20),
        timeout=min(limits.timeout, FAST),
    )
    return kwargs


def refused(path: Path, *words: str, **kwargs) -> LoadError:
    """read_book must raise a LoadError naming the file and every word (the parsing child
    within FAST seconds, this process under GUARD), without growing this process's peak
    memory by 300 MiB (nor the parsing child's: see _budget), and leave the file unchanged."""
    kwargs = _budget(kwargs)
    before = sha256(path)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0, c0 = time.perf_counter(), time.process_time()
    with pytest.raises(LoadError) as info:
        read_book(path, **kwargs)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    msg = str(info.value)
    # A runaway guard, not a speed measurement: a scanner that expanded the bomb would take
    # minutes or hit the memory cap. The parsing child's own 2 s limit is enforced by the
    # product (see _budget); this process's pre-flight scan of 5 million rows takes about 1 s
    # of CPU on an idle machine and 2.3 s on a loaded one, so the guard leaves room for both.
    assert cpu < GUARD and elapsed < 2 * GUARD, f"took {elapsed:.2f} s ({cpu:.2f} s CPU): {msg}"
    assert path.name in msg and "What to do:" in msg, msg
    for w in words:
        assert w in msg, f"{w!r} not in {msg!r}"
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak
    assert grown < 300 * 1024, f"peak memory grew by {grown / 1024:.0f} MiB"
    assert sha256(path) == before
    return info.value


def timed_read(path: Path, **kwargs):
    kwargs = _budget(kwargs)
    t0 = time.perf_counter()
    book = read_book(path, **kwargs)
    assert time.perf_counter() - t0 < GUARD
    return book


ROWS = [
    ["Company", "Role", "Status"],
    ["Acme", "Analyst", "Applied"],
    ["Initech", "Dev", "Rejected"],
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hostile")


@pytest.fixture(scope="module")
def good_xlsx(folder: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Jobs"
    for r in ROWS:
        ws.append(r)
    p = folder / "good.xlsx"
    wb.save(p)
    return p


@pytest.fixture(scope="module")
def good_ods(folder: Path) -> Path:
    p = folder / "good.ods"
    pd.DataFrame(ROWS[1:], columns=ROWS[0]).to_excel(p, engine="odf", index=False)
    return p


SHEET = "xl/worksheets/sheet1.xml"


def plant_rows(src: Path, dst: Path, xml: bytes) -> Path:
    return edit_zip(src, dst, SHEET, lambda d: d.replace(b"</sheetData>", xml + b"</sheetData>"))


# -- extents: far values, bounds, lying dimensions, formatting --------------------------------


def test_value_in_xfd1048576_is_refused(folder: Path, good_xlsx: Path) -> None:
    p = plant_rows(
        good_xlsx, folder / "far.xlsx", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    )
    refused(p, "XFD1048576", "stray value", "Jobs")


@pytest.mark.parametrize("ref", ["XFE1", "A1048577", "AAAA5", "B99999999999"])
def test_references_beyond_excel_bounds(folder: Path, good_xlsx: Path, ref: str) -> None:
    row = "".join(ch for ch in ref if ch.isdigit())
    p = plant_rows(
        good_xlsx,
        folder / f"beyond-{ref}.xlsx",
        f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>'.encode(),
    )
    refused(p, ref, "beyond the last cell")


def test_the_child_survives_calamine_aborting(folder: Path, good_xlsx: Path) -> None:
    # Skip the pre-flight on purpose: calamine really tries to allocate 17 billion cells and
    # aborts; the caller gets a LoadError and goes on.
    p = plant_rows(
        good_xlsx, folder / "abort.xlsx", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    )
    t0 = time.perf_counter()
    with pytest.raises(LoadError) as info:
        run_isolated(readers._read_workbook, (p, "xlsx", None, ()), file=p.name)
    assert time.perf_counter() - t0 < 10
    msg = str(info.value)
    assert "abort.xlsx" in msg and ("crashed" in msg or "memory" in msg), msg


def test_lying_dimension_reads_the_real_cells(folder: Path, good_xlsx: Path) -> None:
    p = edit_zip(
        good_xlsx,
        folder / "dimension.xlsx",
        SHEET,
        lambda d: d.replace(b'<dimension ref="A1:C3" />', b'<dimension ref="A1:XFD1048576"/>'),
    )
    assert b"XFD1048576" in zipfile.ZipFile(p).read(SHEET)
    assert timed_read(p).sheets[0].rows == ROWS


def test_formatting_at_row_1048576_is_bounded_by_values(folder: Path, good_xlsx: Path) -> None:
    formatted = (
        b'<row r="1048576" s="1" customFormat="1"><c r="A1048576" s="1"/>'
        b'<c r="XFD1048576" s="1"></c></row>'
    )
    p = plant_rows(good_xlsx, folder / "formatted.xlsx", formatted)
    assert timed_read(p).sheets[0].rows == ROWS
    assert preflight(p).extents["Jobs"][:4] == (0, 0, 2, 2)
    # openpyxl (the fallback when calamine fails) would make 1,048,576 rows of 16,384 cells;
    # bounded by the values it reads just the table. An unknown cell type breaks calamine.
    plain = b'<c r="C3" t="inlineStr"><is><t>Rejected</t></is></c>'
    odd = b'<c r="C3" t="zz"><v>Rejected</v></c>'
    both = edit_zip(p, folder / "formatted-fallback.xlsx", SHEET, lambda d: d.replace(plain, odd))
    assert b't="zz"' in zipfile.ZipFile(both).read(SHEET)
    book = timed_read(both)
    assert any("openpyxl" in n for n in book.notes)
    assert book.sheets[0].rows == ROWS


def five_million_rows(with_refs: bool):
    for start in range(1, 5_000_001, 100_000):
        if with_refs:
            yield b"".join(
                b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i % 10)
                for i in range(start, start + 100_000)
            )
        else:
            yield b"<row><c><v>1</v></c></row>" * 100_000


@pytest.mark.parametrize("with_refs", [True, False], ids=["numbered", "unnumbered"])
def test_five_million_rows_in_a_small_zip(folder: Path, good_xlsx: Path, with_refs) -> None:
    head = zipfile.ZipFile(good_xlsx).read(SHEET).split(b"<sheetData>")[0] + b"<sheetData>"
    pieces = [head, *five_million_rows(with_refs), b"</sheetData></worksheet>"]
    p = replace_member_streaming(good_xlsx, folder / f"rows-{with_refs}.xlsx", SHEET, pieces)
    # Identical rows compress 400 times (the 820 KB); numbered ones about 10 times.
    assert p.stat().st_size < (32 if with_refs else 1) * MiB
    if with_refs:
        refused(p, "Jobs", "1048577", "beyond the last cell")
    else:
        refused(p, "zip bomb", "sheet1.xml")
        refused(p, "Jobs", "more than 1,048,576 rows", limits=Limits(max_ratio=1e9))


@pytest.fixture(scope="module")
def shared_xlsx(folder: Path) -> Path:
    """xlsxwriter stores text in xl/sharedStrings.xml, as Excel does (openpyxl writes inline)."""
    p = folder / "shared.xlsx"
    with xlsxwriter.Workbook(p) as wb:
        ws = wb.add_worksheet("Jobs")
        for i, r in enumerate(ROWS):
            ws.write_row(i, 0, r)
    assert b"<t>Acme</t>" in zipfile.ZipFile(p).read("xl/sharedStrings.xml")
    return p


def test_shared_string_zip_bomb(folder: Path, shared_xlsx: Path) -> None:
    def pieces():
        yield b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
        for _ in range(200):
            yield b"A" * MiB
        yield b"</t></si></sst>"

    p = replace_member_streaming(
        shared_xlsx, folder / "sst-bomb.xlsx", "xl/sharedStrings.xml", pieces()
    )
    assert p.stat().st_size < MiB
    refused(p, "xl/sharedStrings.xml", "zip bomb")


def test_shared_string_longer_than_a_cell(folder: Path, shared_xlsx: Path) -> None:
    # Below the ratio floor, but a 12 MB run of text is no cell Excel can hold.
    text = os.urandom(6 * MiB).hex().encode()
    p = edit_zip(
        shared_xlsx,
        folder / "long-string.xlsx",
        "xl/sharedStrings.xml",
        lambda d: d.replace(b"<t>Acme</t>", b"<t>" + text + b"</t>"),
    )
    refused(p, "xl/sharedStrings.xml", "longer than a spreadsheet cell")


def test_zip_with_too_many_entries(folder: Path, good_xlsx: Path) -> None:
    p = folder / "entries.xlsx"
    p.write_bytes(good_xlsx.read_bytes())
    with zipfile.ZipFile(p, "a") as z:
        for i in range(60):
            z.writestr(f"xl/media/x{i}.bin", b"")
    refused(p, "parts", limits=Limits(max_zip_entries=50))


# -- entities in every XML part ---------------------------------------------------------------

LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>'
)
EXTERNAL = b'<!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>'


def with_doctype(data: bytes, doctype: bytes) -> bytes:
    if data.startswith(b"<?xml"):
        end = data.index(b"?>") + 2
        return data[:end] + doctype + data[end:]
    return doctype + data


def xml_parts(p: Path) -> list[str]:
    return [n for n in zipfile.ZipFile(p).namelist() if n.endswith((".xml", ".rels"))]


def test_entities_refused_in_every_xlsx_part(folder: Path, good_xlsx: Path) -> None:
    parts = xml_parts(good_xlsx)
    assert {SHEET, "xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml"} <= set(parts)
    for k, part in enumerate(parts):
        for doctype, name in ((LAUGHS, "laughs"), (EXTERNAL, "external")):
            p = edit_zip(
                good_xlsx,
                folder / f"ent-{k}-{name}.xlsx",
                part,
                lambda d, t=doctype: with_doctype(d, t),
            )
            refused(p, part, "refused for safety")


def test_entities_refused_in_every_ods_part(folder: Path, good_ods: Path) -> None:
    parts = xml_parts(good_ods)
    assert "content.xml" in parts and "styles.xml" in parts
    for k, part in enumerate(parts):
        p = edit_zip(good_ods, folder / f"ent-{k}.ods", part, lambda d: with_doctype(d, LAUGHS))
        refused(p, part, "refused for safety")


@pytest.mark.parametrize("doctype", [LAUGHS, EXTERNAL], ids=["laughs", "external"])
def test_entities_refused_in_spreadsheetml(folder: Path, doctype: bytes) -> None:
    p = folder / f"ssml-{len(doctype)}.xml"
    p.write_bytes(
        b'<?xml version="1.0"?>' + doctype + b'<Workbook xmlns="urn:schemas-microsoft-com:office:'
        b'spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet '
        b'ss:Name="S"><Table><Row><Cell><Data ss:Type="String">&lol2;</Data></Cell></Row>'
        b"</Table></Worksheet></Workbook>"
    )
    refused(p, "refused for safety")


# -- ODS repeats ------------------------------------------------------------------------------


def plant_ods(src: Path, dst: Path, xml: bytes) -> Path:
    return edit_zip(
        src, dst, "content.xml", lambda d: d.replace(b"</table:table>", xml + b"</table:table>")
    )


@pytest.mark.parametrize(("rows", "cols"), [(1_000_000, 1_000), (30_000, 3_000)])
def test_ods_repeat_bombs(folder: Path, good_ods: Path, rows: int, cols: int) -> None:
    # The second one stays under calamine's own limit of 100 million cells.
    bomb = (
        f'<table:table-row table:number-rows-repeated="{rows}"><table:table-cell '
        f'table:number-columns-repeated="{cols}" office:value-type="float" office:value="1">'
        "<text:p>1</text:p></table:table-cell></table:table-row>"
    ).encode()
    p = plant_ods(good_ods, folder / f"repeat-{rows}.ods", bomb)
    refused(p, "Sheet1", "cells")


def test_ods_empty_repeats_as_libreoffice_writes_them(folder: Path, good_ods: Path) -> None:
    tail = (
        b'<table:table-row table:number-rows-repeated="1048573"><table:table-cell '
        b'table:number-columns-repeated="16384"/></table:table-row>'
    )
    p = plant_ods(good_ods, folder / "lo-tail.ods", tail)
    assert timed_read(p).sheets[0].rows == ROWS
    assert preflight(p).extents["Sheet1"] == (0, 0, 2, 2, 9)


# -- encrypted, renamed, empty, truncated -----------------------------------------------------


def test_encrypted_by_office(folder: Path, good_xlsx: Path) -> None:
    msoffcrypto = pytest.importorskip("msoffcrypto")
    from msoffcrypto.format.ooxml import OOXMLFile

    p = folder / "secret.xlsx"
    with good_xlsx.open("rb") as fin, p.open("wb") as fout:
        OOXMLFile(fin).encrypt("s3cret", fout)
    with p.open("rb") as fh:
        assert msoffcrypto.OfficeFile(fh).is_encrypted()
    refused(p, "password-protected")
    refused(p, "password", "wrong", password="nope")
    book = read_book(p, password="s3cret")
    assert book.sheets[0].rows == ROWS and book.path == p
    assert any("decrypted" in n for n in book.notes)


def test_password_without_msoffcrypto_says_what_to_install(folder: Path) -> None:
    try:
        import msoffcrypto  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("msoffcrypto-tool is installed; test_encrypted_by_office covers decryption")
    # The OLE2 writer of the reader tests builds the container Office uses for encryption.
    spec = importlib.util.spec_from_file_location(
        "_jsa_reader_tests", Path(__file__).with_name("test_readers.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    p = module.write_cfb(
        folder / "locked.xlsx",
        {"EncryptionInfo": b"\x04\x00\x04\x00" + b"\0" * 60, "EncryptedPackage": b"\1" * 5000},
    )
    refused(p, "msoffcrypto-tool", password="x")


def test_renamed_empty_truncated(folder: Path, good_xlsx: Path) -> None:
    renamed = folder / "export.csv"
    renamed.write_bytes(good_xlsx.read_bytes())
    assert timed_read(renamed).sheets[0].rows == ROWS
    empty = folder / "empty.xlsx"
    empty.write_bytes(b"")
    refused(empty, "empty")
    cut = folder / "cut.xlsx"
    cut.write_bytes(good_xlsx.read_bytes()[:-200])
    refused(cut, "damaged or incomplete")


# -- the child process ------------------------------------------------------------------------


def test_crash_memory_and_timeout_become_load_errors() -> None:
    with pytest.raises(LoadError, match=r"crashed \(SIGABRT"):
        run_isolated(os.abort, file="a.xlsx")
    with pytest.raises(LoadError, match=r"crashed \(SIGSEGV"):
        run_isolated(ctypes.string_at, (0,), file="b.xlsx")
    with pytest.raises(LoadError, match="memory limit"):
        run_isolated(bytearray, (1 << 32,), file="c.xlsx", limits=Limits(memory_bytes=256 * MiB))
    t0 = time.perf_counter()
    with pytest.raises(LoadError, match=r"longer than the limit of 0\.5 s"):
        run_isolated(time.sleep, (30,), file="d.xlsx", limits=Limits(timeout=0.5))
    assert time.perf_counter() - t0 < 3
    assert run_isolated(sum, ([1, 2, 3],), file="e.xlsx") == 6  # still working afterwards


def test_isolation_switch(monkeypatch, good_xlsx: Path) -> None:
    inline = read_book(good_xlsx, isolate=False)
    monkeypatch.setenv("JSA_ISOLATE", "0")
    assert read_book(good_xlsx).sheets == inline.sheets == read_book(good_xlsx, isolate=True).sheets


# -- CSV: decimal commas and ragged rows ------------------------------------------------------


def test_decimal_commas_are_not_split(folder: Path) -> None:
    p = folder / "de.csv"
    rows = [["Firma", "Gehalt", "Bonus"]] + [[f"F{i}", "1.234,56", "0,5"] for i in range(20)]
    with p.open("w", encoding="cp1252", newline="") as f:
        csv.writer(f, delimiter=";").writerows(rows)
    book = read_book(p)
    assert book.delimiter == ";" and book.sheets[0].rows == rows
    assert book.sheets[0].notes == ()


def test_ragged_rows_are_reported_with_line_numbers(folder: Path) -> None:
    p = folder / "ragged.csv"
    p.write_text(
        "Export of 2024\n\nCompany,Role,Status\nAcme,Analyst,Applied\nInitech,Dev\n"
        '"Globex","a\nb",Open,extra,more\nHooli,PM,Rejected\n',
        encoding="utf-8",
    )
    sheet = read_book(p).sheets[0]
    assert [len(r) for r in sheet.rows] == [1, 0, 3, 3, 2, 5, 3]  # nothing padded or cut
    assert sheet.notes == (
        "line 5: 2 fields where the header on line 3 has 3; the last 1 read as empty",
        "line 6: 5 fields where the header on line 3 has 3; the 2 extra value(s) ('extra', "
        "'more') have no column",
    )
    search = jsa.load(p)
    problems = search.report.entries["problem"].tolist()
    assert any(x.startswith("line 5:") for x in problems)
    assert any(x.startswith("line 6:") for x in problems)


# -- Hypothesis: mutated files ----------------------------------------------------------------


def _mutate(data: bytes, edits: list[tuple[int, int]], cut: int | None) -> bytes:
    out = bytearray(data)
    for pos, byte in edits:
        out[pos % len(out)] = byte
    return bytes(out[:cut] if cut else out)


def _check_load(p: Path) -> None:
    before = sha256(p)
    try:
        search = jsa.load(p)
    except LoadError as e:
        assert p.name in str(e)
    else:
        r = search.report
        assert r.rows_read == r.rows_kept + r.rows_dropped
        for s in r.sheets.itertuples():
            if s.role == "tracker":
                assert s.rows_read == s.rows_kept + s.rows_dropped
    assert sha256(p) == before


MUTATION = st.tuples(
    st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), min_size=1, max_size=6),
    st.one_of(st.none(), st.integers(1, 4000)),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mutation=MUTATION)
def test_mutated_xlsx_only_raises_load_error(tmp_path: Path, good_xlsx: Path, mutation) -> None:
    p = tmp_path / "mutated.xlsx"
    p.write_bytes(_mutate(good_xlsx.read_bytes(), *mutation))
    _check_load(p)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mutation=MUTATION)
def test_mutated_csv_only_raises_load_error(tmp_path: Path, mutation) -> None:
    buf = io.StringIO()
    csv.writer(buf).writerows(
        [["Company", "Position", "Date Applied", "Status"]]
        + [[f"Co {i}", "Analyst", f"2024-03-{i + 1:02d}", "Rejected"] for i in range(12)]
    )
    p = tmp_path / "mutated.csv"
    p.write_bytes(_mutate(buf.getvalue().encode("utf-8"), *mutation))
    _check_load(p)


def test_a_script_without_a_main_guard_can_load(tmp_path: Path) -> None:
    """The isolated reader must not re-run the caller's unguarded script in its child."""
    import subprocess
    import sys

    tracker = tmp_path / "t.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Company", "Role"])
    wb.active.append(["Acme", "Analyst"])
    wb.save(tracker)
    script = tmp_path / "analyse.py"
    script.write_text(
        f"import jobsearch_analytics as jsa\nprint('loaded', len(jsa.load({str(tracker)!r})))\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "loaded 1"
