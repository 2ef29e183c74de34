"""The loader against the quirks of real trackers, each written by a real writer.

Every test asserts canonical values and the report entries, not only that loading worked.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import xlsxwriter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table

import jobsearch_analytics as jsa
from jobsearch_analytics.io.report import LoadError


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def _entries(search: jsa.JobSearch, **where: str) -> pd.DataFrame:
    e = search.report.entries
    for k, v in where.items():
        e = e[e[k].astype(str).str.contains(v, regex=False)]
    return e


def _app(search: jsa.JobSearch, company: str) -> pd.Series:
    apps = search.applications
    hit = apps[apps["company"] == company]
    assert len(hit) == 1, f"{company}: {len(hit)} rows"
    return hit.iloc[0]


def _events(search: jsa.JobSearch, company: str) -> pd.DataFrame:
    aid = _app(search, company)["application_id"]
    return search.events[search.events["application_id"] == aid]


# --- header placement -----------------------------------------------------------------------


def test_header_under_title_and_merged_bands(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Applications"
    ws["A1"] = "JOB TRACKER"
    ws.merge_cells("A1:F1")
    ws["A2"], ws["D2"] = "APPLICATIONS", "INTERVIEW"
    ws.merge_cells("A2:C2")
    ws.merge_cells("D2:F2")
    ws.append(["Company", "Position", "Date Applied", "Interview 1", "Thank You", "Status"])
    ws.append(
        [
            "Acme",
            "Analyst",
            dt.datetime(2024, 3, 1),
            dt.datetime(2024, 3, 10),
            dt.datetime(2024, 3, 10),
            "Rejected",
        ]
    )
    wb.save(path)
    s = jsa.load(path)
    sheets = s.report.sheets
    assert sheets.loc[0, "header_row"] == 3
    assert sheets.loc[0, "rows_read"] == 1
    app = _app(s, "Acme")
    assert app["row"] == 4 and app["application_id"] == "Applications#4"
    assert app["date_applied"] == pd.Timestamp("2024-03-01")
    assert (app["stage"], app["outcome"]) == ("interview", "rejected")
    ev = _events(s, "Acme")
    iv = ev[ev["kind"] == "interview"]
    assert iv["date"].tolist() == [pd.Timestamp("2024-03-10")]
    assert iv["cell"].tolist() == ["Applications!D4"]
    ty = ev[ev["kind"] == "thank_you"]
    assert ty["date"].tolist() == [pd.Timestamp("2024-03-10")]


def test_duplicate_header_trailing_and_nbsp_spaces_all_caps(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "t.xlsx",
        {
            "Jobs": [
                ["COMPANY ", "POSITION\u00a0TITLE", "LOCATION", "LOCATION", "DATE\u00a0APPLIED "],
                ["Acme", "Analyst", "Berlin", "Hybrid", dt.datetime(2024, 1, 2)],
                ["Globex", "Engineer", "Remote", None, dt.datetime(2024, 1, 3)],
            ]
        },
    )
    s = jsa.load(path)
    assert _app(s, "Acme")["location"] == "Berlin / Hybrid"
    assert _app(s, "Globex")["location"] == "Remote"
    assert _app(s, "Acme")["role"] == "Analyst"
    mapping = s.report.mapping.set_index("cell")["field"].to_dict()
    assert mapping == {
        "Jobs!A1": "company",
        "Jobs!B1": "role",
        "Jobs!C1": "location",
        "Jobs!D1": "location",
        "Jobs!E1": "date_applied",
    }


@pytest.mark.parametrize(
    ("headers", "status", "expected_stage", "expected_outcome"),
    [
        (["公司", "职位", "申请日期", "状态"], "一面", "interview", "open"),
        (["Firma", "Stelle", "Beworben am", "Status"], "Absage", "applied", "rejected"),
        (["Entreprise", "Poste", "Date de candidature", "Statut"], "Refusé", "applied", "rejected"),
        (["Empresa", "Puesto", "Fecha de solicitud", "Estado"], "Rechazado", "applied", "rejected"),
    ],
)
def test_headers_in_other_languages(
    tmp_path: Path, headers, status, expected_stage, expected_outcome
) -> None:
    path = _xlsx(
        tmp_path / "t.xlsx",
        {"Sheet1": [headers, ["Acme", "Analyst", dt.datetime(2024, 2, 6), status]]},
    )
    s = jsa.load(path)
    app = _app(s, "Acme")
    assert app["role"] == "Analyst"
    assert app["date_applied"] == pd.Timestamp("2024-02-06")
    assert (app["stage"], app["outcome"]) == (expected_stage, expected_outcome)
    assert app["status_raw"] == status


# --- several sheets --------------------------------------------------------------------------


def test_workbook_with_tracker_summary_lookup_empty_and_networking_sheets(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    wb = openpyxl.Workbook()
    full = wb.active
    full.title = "Fulltime"
    full.append(["Company", "Role", "Date Applied", "Status"])
    full.append(["Acme", "Analyst", dt.datetime(2024, 1, 2), "Applied"])
    full.append(["Globex", "Engineer", dt.datetime(2024, 1, 5), "Offered"])
    intern = wb.create_sheet("Intern")
    intern.append(["Status", "Date Applied", "Company", "Role"])
    intern.append(["Rejected", dt.datetime(2024, 2, 1), "Initech", "Intern"])
    summary = wb.create_sheet("Summary")
    summary.append(["Metric", "Value"])
    summary.append(["Applied", '=COUNTIF(Fulltime!D:D,"Applied")'])
    summary.append(["Offers", '=COUNTIF(Fulltime!D:D,"Offered")'])
    lists = wb.create_sheet("Lists")
    lists.append(["Status", "Source"])
    for a, b in [("Applied", "LinkedIn"), ("Rejected", "Indeed"), ("Offered", "Referral")]:
        lists.append([a, b])
    wb.create_sheet("Empty")
    net = wb.create_sheet("Networking")
    net.append(["Name", "Company", "Title", "Email", "Date Contacted"])
    wb.save(path)

    s = jsa.load(path)
    assert sorted(s.applications["company"]) == ["Acme", "Globex", "Initech"]
    assert _app(s, "Initech")["sheet"] == "Intern"
    assert _app(s, "Initech")["outcome"] == "rejected"
    assert _app(s, "Globex")["stage"] == "offer"
    roles = s.report.sheets.set_index("sheet")["role"].to_dict()
    assert roles == {
        "Fulltime": "tracker",
        "Intern": "tracker",
        "Summary": "skipped",
        "Lists": "skipped",
        "Empty": "empty",
        "Networking": "skipped",
    }
    # only one sheet on request, and a clear error for a missing one
    assert len(jsa.load(path, sheet="Intern")) == 1
    with pytest.raises(LoadError, match=r"no sheet named 'Interns'.*Fulltime"):
        jsa.load(path, sheet="Interns")


def test_table_object_validation_and_filler_rows(tmp_path: Path) -> None:
    """An Excel table, a dropdown, formatted-but-empty rows, 997 FALSE checkboxes, 325 N/A rows
    and an example row copied down 16 times."""
    path = tmp_path / "t.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tracker"
    ws.append(["Company", "Role", "Date Applied", "Status", "Done?"])
    ws.append(["Acme", "Analyst", dt.datetime(2024, 1, 2), "Applied", True])
    ws.append(["Globex", "Engineer", dt.datetime(2024, 1, 5), "Rejected", False])
    ws.add_table(Table(displayName="Apps", ref="A1:E3"))
    dv = DataValidation(type="list", formula1='"Applied,Rejected,Offered"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add("D2:D2000")
    for _ in range(16):  # an example row copied down
        ws.append(["Example Co", "Example Role", dt.datetime(2024, 1, 1), "Applied", False])
    fill = openpyxl.styles.PatternFill("solid", fgColor="DDEEFF")
    start = ws.max_row + 1
    for r in range(start, start + 200):  # formatted but empty
        for c in range(1, 6):
            ws.cell(r, c).fill = fill
    for _ in range(997):
        ws.append([None, None, None, None, False])
    for _ in range(325):
        ws.append(["N/A"] * 5)
    wb.save(path)
    before = _sha(path)

    s = jsa.load(path)
    assert _sha(path) == before, "the input file must never be written"
    assert sorted(s.applications["company"]) == ["Acme", "Example Co", "Globex"]
    sheet = s.report.sheets.iloc[0]
    assert sheet["rows_read"] == sheet["rows_kept"] + sheet["rows_dropped"]
    assert sheet["rows_kept"] == 3
    dropped = _entries(s, kind="dropped")
    dupes = dropped[dropped["problem"].str.contains("repeats row 4")]
    assert len(dupes) == 15
    assert dupes["row"].tolist() == list(range(5, 20))
    assert dropped["problem"].str.contains("997 rows").any()
    assert dropped["problem"].str.contains("325 rows").any()


# --- dates -----------------------------------------------------------------------------------


def test_dates_in_every_form(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Jobs"
    ws.append(["Company", "Role", "Date Applied", "Response Date", "Interview 1"])
    rows = [
        ("A", dt.datetime(2024, 9, 2), None, None),
        ("B", 45538, "No Response", None),  # Excel serial in a General cell
        ("C", "2024-04-03", "In Progress", "N/A"),
        ("D", "3/14/2024", "TBD", "Interviewed"),
        ("E", "2024.1.30", dt.datetime(2024, 2, 2), None),
        ("F", "January 5, 2024", None, None),
        ("G", "7/6/23, 2:20 PM", None, None),
    ]
    for company, applied, response, interview in rows:
        ws.append([company, "Analyst", applied, response, interview])
    ws["C2"].number_format = "yyyy-mm-dd"
    wb.save(path)

    s = jsa.load(path)
    got = s.applications.set_index("company")["date_applied"]
    assert got["A"] == pd.Timestamp("2024-09-02")
    assert got["B"] == pd.Timestamp("2024-09-03")  # 1899-12-30 + 45538 days
    assert got["C"] == pd.Timestamp("2024-04-03")
    assert got["D"] == pd.Timestamp("2024-03-14")
    assert got["E"] == pd.Timestamp("2024-01-30")
    assert got["F"] == pd.Timestamp("2024-01-05")
    assert got["G"].normalize() == pd.Timestamp("2023-07-06")
    serial = _entries(s, cell="Jobs!C3").iloc[0]
    assert serial["kind"] == "coerced" and "2024-09-03" in serial["action"]
    for cell in ("Jobs!C4", "Jobs!C5", "Jobs!C6", "Jobs!C7"):
        assert _entries(s, cell=cell)["kind"].tolist() == ["coerced"], cell
    # "No Response" means no reply yet: no event, and the report says so
    assert not (_events(s, "B")["kind"] == "response").any()
    assert "not happened yet" in _entries(s, cell="Jobs!D3").iloc[0]["action"]
    # "Interviewed" in a date column: the interview happened, date unknown
    iv = _events(s, "D")
    iv = iv[iv["kind"] == "interview"]
    assert len(iv) == 1 and not iv["date_known"].iloc[0]
    assert _app(s, "D")["stage"] == "interview"
    # a real response date is a reply event
    resp = _events(s, "E")
    assert resp.loc[resp["kind"] == "response", "date"].tolist() == [pd.Timestamp("2024-02-02")]


def test_day_first_inferred_per_column_and_ambiguous_flagged(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "Company,Role,Date Applied\r\nA,X,13/02/2024\r\nB,X,03/04/2024\r\nC,X,25/12/2023",
        encoding="utf-8",
    )
    s = jsa.load(path)
    got = s.applications.set_index("company")["date_applied"]
    assert got["A"] == pd.Timestamp("2024-02-13")
    assert got["B"] == pd.Timestamp("2024-04-03")  # day-first, like the column
    assert got["C"] == pd.Timestamp("2023-12-25")
    # The column settled day-first, so 03/04/2024 is not in doubt: one column-level note.
    assert _entries(s, kind="guessed").empty
    info = _entries(s, kind="info").iloc[0]
    assert info["cell"] == "C" and "1 dates fit both" in info["problem"]
    assert "day-first" in info["action"]


def test_still_ambiguous_dates_are_flagged_each(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "Company,Role,Date Applied\nA,X,13/02/2024\nB,X,03/04/2024\nC,X,12/25/2023\n",
        encoding="utf-8",
    )
    s = jsa.load(path)
    # one value can only be day-first and one only month-first: the column contradicts itself,
    # so 03/04 stays in doubt and 13/02, against the month-first default, is flagged too
    amb = _entries(s, kind="guessed")
    assert amb["cell"].tolist() == ["C2", "C3"]
    assert _app(s, "A")["date_applied"] == pd.Timestamp("2024-02-13")
    assert _app(s, "C")["date_applied"] == pd.Timestamp("2023-12-25")
    s = jsa.load(path, dayfirst=True)
    assert _app(s, "B")["date_applied"] == pd.Timestamp("2024-04-03")


def test_date_without_year(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "Company,Role,Date Applied\nA,X,2024-03-01\nB,X,5-Mar\nC,X,2024-03-09\n", encoding="utf-8"
    )
    s = jsa.load(path)
    assert _app(s, "B")["date_applied"] == pd.Timestamp("2024-03-05")
    e = _entries(s, cell="C3").iloc[0]
    assert e["kind"] == "guessed" and "year" in e["problem"]


# --- statuses, flags, one-hot, timeline, history ---------------------------------------------

STATUSES = {
    "Rejected": ("applied", "rejected"),
    "rejected": ("applied", "rejected"),
    "No Reply": ("applied", "ghosted"),
    "Ghosted": ("applied", "ghosted"),
    "Offered": ("offer", "open"),
    "Pending": ("applied", "open"),
    "Resume downloaded": ("applied", "open"),
    "80% - Received Offer": ("offer", "open"),
    "Negotiating Offer": ("offer", "open"),
    "Requires Followup": ("applied", "open"),
    "已投递": ("applied", "open"),
    "一面": ("interview", "open"),
    "技术面": ("interview", "open"),
    "Absage": ("applied", "rejected"),
    "First level assessment done": ("screen", "open"),
    "笔试": ("screen", "open"),
    "In talks with service manager": ("screen", "open"),
}


def test_free_text_statuses(tmp_path: Path) -> None:
    rows = [["Company", "Role", "Status"]]
    rows += [[f"Co{i}", "Analyst", text] for i, text in enumerate(STATUSES)]
    rows += [["CoX", "Analyst", "Declined"], ["CoY", "Analyst", "Removed"]]
    s = jsa.load(_xlsx(tmp_path / "t.xlsx", {"S": rows}))
    apps = s.applications.set_index("status_raw")
    for text, (stage, outcome) in STATUSES.items():
        assert (apps.loc[text, "stage"], apps.loc[text, "outcome"]) == (stage, outcome), text
    # ambiguous words are read by a rule, and the report says it was a guess
    for text in ("Declined", "Removed", "In talks with service manager"):
        cell = apps.loc[text, "application_id"].replace("S#", "S!C")
        assert _entries(s, cell=cell)["kind"].tolist() == ["guessed"], text


def test_status_events_have_unknown_dates(tmp_path: Path) -> None:
    s = jsa.load(
        _xlsx(
            tmp_path / "t.xlsx",
            {"S": [["Company", "Role", "Status"], ["Acme", "Analyst", "Rejected"]]},
        )
    )
    ev = _events(s, "Acme")
    rej = ev[ev["kind"] == "rejection"]
    assert len(rej) == 1 and not rej["date_known"].iloc[0] and pd.isna(rej["date"].iloc[0])


def test_interviewed_yes_no_column_and_flags(tmp_path: Path) -> None:
    rows = [
        ["Company", "Role", "Referral?", "Interviewed", "Asked Next Steps?"],
        ["A", "X", "yes", "Y", "Yes"],
        ["B", "X", "Yes", "No", None],
        ["C", "X", "No", "N", "no"],
        ["D", "X", "Jane Roe", None, None],
    ]
    s = jsa.load(_xlsx(tmp_path / "t.xlsx", {"S": rows}))
    apps = s.applications.set_index("company")
    assert apps["referral"].tolist() == [True, True, False, True]
    assert apps.loc["D", "contact_name"] == "Jane Roe"
    assert apps["stage"].tolist() == ["interview", "applied", "applied", "applied"]
    ev = s.events
    assert set(ev.loc[ev["kind"] == "next_steps_asked", "application_id"]) == {"S#2"}


def test_one_hot_stage_columns(tmp_path: Path) -> None:
    path = tmp_path / "sankey.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "Company",
                "Role",
                "Date Applied",
                "Applied",
                "Ghosted",
                "1st Interview",
                "Tech Exam",
                "2nd Interview",
                "Offer Declined",
                "Job Offer",
            ]
        )
        w.writerow(["A", "X", "2024-01-02", 1, 1, "", "", "", "", ""])
        w.writerow(["B", "X", "2024-01-03", 1, "", 1, 1, 1, "", 1])
        w.writerow(["C", "X", "2024-01-04", 1, "", 1, "", "", 1, ""])
    s = jsa.load(path)
    apps = s.applications.set_index("company")
    assert apps.loc["A", "outcome"] == "ghosted"
    assert (apps.loc["B", "stage"], apps.loc["B", "outcome"]) == ("offer", "open")
    assert (apps.loc["C", "stage"], apps.loc["C", "outcome"]) == ("offer", "declined")
    rounds = s.events[(s.events["kind"] == "interview")].groupby("application_id")["round"]
    assert sorted(rounds.max().tolist()) == [1, 2]
    assert s.report.sheets.iloc[0]["format"] == "one-hot stage columns"
    assert apps.loc["B", "date_applied"] == pd.Timestamp("2024-01-03")


def test_timeline_shorthand_and_stage_history(tmp_path: Path) -> None:
    rows = [
        ["公司", "职位", "申请日期", "时间线"],
        ["Acme", "Analyst", dt.datetime(2024, 2, 1), "2.6 accept 2.15 vo 2.20 offer"],
    ]
    s = jsa.load(_xlsx(tmp_path / "t.xlsx", {"S": rows}))
    ev = _events(s, "Acme").set_index("kind")
    assert ev.loc["interview", "date"] == pd.Timestamp("2024-02-15")
    assert ev.loc["offer", "date"] == pd.Timestamp("2024-02-20")
    assert _app(s, "Acme")["stage"] == "offer"

    rows = [
        ["Company", "Role", "Stage History"],
        ["Acme", "Analyst", "['Applied', 'Phone Screen', 'Onsite', 'Rejected']"],
    ]
    s = jsa.load(_xlsx(tmp_path / "h.xlsx", {"S": rows}))
    app = _app(s, "Acme")
    assert (app["stage"], app["outcome"]) == ("interview", "rejected")
    assert set(_events(s, "Acme")["kind"]) >= {"screen", "interview", "rejection"}


# --- salaries, urls, ids, phones -------------------------------------------------------------

SALARIES = {
    "$90,000-$144,000": (90000, 144000, "USD", "year", 90000, 144000),
    "$55k-$106k": (55000, 106000, "USD", "year", 55000, 106000),
    "$65-80k": (65000, 80000, "USD", "year", 65000, 80000),
    "$30-40/hr": (30, 40, "USD", "hour", 62400, 83200),
    "$32/hr": (32, 32, "USD", "hour", 66560, 66560),
    "$3,000-$12,000 a month": (3000, 12000, "USD", "month", 36000, 144000),
    "£45k": (45000, 45000, "GBP", "year", 45000, 45000),
    "80,000-100,000 EUR": (80000, 100000, "EUR", "year", 80000, 100000),
    "Base Salary - 170,000\nBonus: 10%": (170000, 170000, None, "year", 170000, 170000),
}


def test_salary_text(tmp_path: Path) -> None:
    rows = [["Company", "Role", "Salary"]]
    rows += [[f"Co{i}", "X", text] for i, text in enumerate(SALARIES)]
    rows += [["CoNL", "X", "Not listed"], ["CoDOE", "X", "DOE"], ["CoNum", "X", 85000]]
    s = jsa.load(_xlsx(tmp_path / "t.xlsx", {"S": rows}))
    apps = s.applications.set_index("salary_text")
    for text, (lo, hi, cur, period, alo, ahi) in SALARIES.items():
        row = apps.loc[text]
        assert (row["salary_min"], row["salary_max"]) == (lo, hi), text
        assert row["salary_period"] == period, text
        assert (row["salary_annual_min"], row["salary_annual_max"]) == (alo, ahi), text
        if cur:
            assert row["salary_currency"] == cur, text
    assert np.isnan(apps.loc["DOE", "salary_annual_min"])
    doe_cell = apps.loc["DOE", "application_id"].replace("S#", "S!C")
    assert _entries(s, cell=doe_cell)["kind"].tolist() == ["unparsed"]
    hourly_cell = apps.loc["$30-40/hr", "application_id"].replace("S#", "S!C")
    assert "hour" in " ".join(_entries(s, cell=hourly_cell)["problem"]).lower()
    num = s.applications.set_index("company").loc["CoNum"]
    assert num["salary_annual_min"] == 85000


def test_company_url_job_ids_and_phone_numbers(tmp_path: Path) -> None:
    rows = [
        ["Company", "Role", "Job ID", "Phone"],
        ["https://boards.greenhouse.io/acmerobotics/jobs/42", "Analyst", 12345, 5550100123],
        ["Globex", "Engineer", "R-0042", None],
    ]
    s = jsa.load(_xlsx(tmp_path / "t.xlsx", {"S": rows}))
    apps = s.applications.set_index("role")
    assert apps.loc["Analyst", "company"] == "acmerobotics"
    assert apps.loc["Analyst", "url"] == "https://boards.greenhouse.io/acmerobotics/jobs/42"
    assert apps.loc["Analyst", "job_id"] == "12345"
    assert apps.loc["Engineer", "job_id"] == "R-0042"
    assert apps.loc["Analyst", "contact_phone"] == "5550100123"
    assert _entries(s, cell="S!A2")["kind"].tolist() == ["guessed"]
    assert _entries(s, cell="S!D2")["kind"].tolist() == ["coerced"]


def test_unmapped_columns_are_kept(tmp_path: Path) -> None:
    rows = [
        ["Company", "Role", "Favourite colour", None],
        ["Acme", "Analyst", "green", "stray value"],
    ]
    s = jsa.load(_xlsx(tmp_path / "t.xlsx", {"S": rows}))
    assert s.applications.loc[0, "Favourite colour"] == "green"
    assert s.applications.loc[0, "Column D"] == "stray value"
    kept = s.report.mapping[s.report.mapping["field"] == "(kept)"]
    assert kept["source_column"].tolist() == ["Favourite colour", "Column D"]


def test_column_override(tmp_path: Path) -> None:
    rows = [
        ["Company", "Role", "Made contact?", "Col Q"],
        ["Acme", "Analyst", dt.datetime(2024, 3, 3), "x"],
    ]
    path = _xlsx(tmp_path / "t.xlsx", {"S": rows})
    s = jsa.load(path, columns={"Made contact?": "follow_up", "Col Q": None})
    fu = s.events[s.events["kind"] == "follow_up"]
    assert fu["date"].tolist() == [pd.Timestamp("2024-03-03")]
    assert s.applications.loc[0, "Col Q"] == "x"
    with pytest.raises(LoadError, match="is not a field"):
        jsa.load(path, columns={"Made contact?": "favourite_colour"})


# --- file formats ----------------------------------------------------------------------------


def test_spreadsheetml_named_xls(tmp_path: Path) -> None:
    path = tmp_path / "tracker.xls"
    path.write_text(
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n'
        ' <Worksheet ss:Name="Jobs"><Table>\n'
        '  <Row><Cell><Data ss:Type="String">Company</Data></Cell>'
        '<Cell><Data ss:Type="String">Role</Data></Cell>'
        '<Cell><Data ss:Type="String">Date Applied</Data></Cell></Row>\n'
        '  <Row><Cell><Data ss:Type="String">Acme</Data></Cell>'
        '<Cell><Data ss:Type="String">Analyst</Data></Cell>'
        '<Cell><Data ss:Type="DateTime">2024-05-06T00:00:00.000</Data></Cell></Row>\n'
        " </Table></Worksheet>\n</Workbook>\n",
        encoding="utf-8",
    )
    s = jsa.load(path)
    assert _app(s, "Acme")["date_applied"] == pd.Timestamp("2024-05-06")
    assert s.report.files.iloc[0]["format"] == "spreadsheetml"


def test_ods(tmp_path: Path) -> None:
    path = tmp_path / "t.ods"
    frame = pd.DataFrame(
        {
            "Company": ["Acme", "Globex"],
            "Role": ["Analyst", "Engineer"],
            "Date Applied": pd.to_datetime(["2024-01-02", "2024-01-09"]),
            "Status": ["Rejected", "Offer"],
        }
    )
    with pd.ExcelWriter(path, engine="odf") as xw:
        frame.to_excel(xw, sheet_name="Fulltime", index=False)
        # A different application in the second sheet: the same company, role and date in
        # two sheets is one application copied (loaded once; see tests/io/test_typing.py).
        intern = frame.iloc[:1].assign(
            Role="Intern", **{"Date Applied": pd.Timestamp("2024-02-01")}
        )
        intern.to_excel(xw, sheet_name="Intern", index=False)
    s = jsa.load(path)
    assert len(s) == 3
    assert set(s.applications["sheet"]) == {"Fulltime", "Intern"}
    assert _app(s, "Globex")["date_applied"] == pd.Timestamp("2024-01-09")
    assert s.report.files.iloc[0]["format"] == "ods"


def test_google_sheets_csv_crlf_without_final_newline(tmp_path: Path) -> None:
    path = tmp_path / "Job search - Applications.csv"
    path.write_bytes(
        'Company,Role,Date Applied,Notes\r\nAcme,Analyst,3/1/2024,"two\r\nlines"'
        "\r\nCafé Ltd,Barista,3/2/2024,ok".encode()
    )
    s = jsa.load(path)
    assert s.applications["company"].tolist() == ["Acme", "Café Ltd"]
    assert s.applications["row"].tolist() == [2, 4]
    assert _app(s, "Acme")["notes"] == "two\r\nlines" or _app(s, "Acme")["notes"] == "two\nlines"


def test_xlsx_that_openpyxl_cannot_read(tmp_path: Path) -> None:
    src = _xlsx(tmp_path / "ok.xlsx", {"S": [["Company", "Role"], ["Acme", "Analyst"]]})
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bad, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/styles.xml":
                # a style record whose number-format id is not a number
                bogus = b"<cellXfs><xf numFmtId='x'/></cellXfs><cellXfs"
                data = data.replace(b"<cellXfs", bogus, 1)
            zout.writestr(item, data)
    with pytest.raises(Exception):  # noqa: B017 -- the premise: openpyxl fails on this file
        openpyxl.load_workbook(bad)
    s = jsa.load(bad)
    assert _app(s, "Acme")["role"] == "Analyst"


def test_xlsxwriter_shared_strings(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Apps")
    fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, ["Company", "Role", "Date Applied"])
    ws.write_row(1, 0, ["Acme", "Analyst"])
    ws.write_datetime(1, 2, dt.datetime(2024, 6, 1), fmt)
    wb.close()
    s = jsa.load(path)
    assert _app(s, "Acme")["date_applied"] == pd.Timestamp("2024-06-01")


# --- errors ----------------------------------------------------------------------------------


def test_errors_name_the_file_and_what_to_do(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(LoadError, match=r"empty\.xlsx") as info:
        jsa.load(empty)
    assert "What to do" in str(info.value)
    nothing = _xlsx(tmp_path / "n.xlsx", {"Notes": [["Shopping list"], ["milk"]]})
    with pytest.raises(LoadError, match="no sheet looks like a job-application tracker"):
        jsa.load(nothing)
    with pytest.raises(LoadError, match="file not found"):
        jsa.load(tmp_path / "missing.xlsx")


def test_load_many_reports_failures_and_keeps_going(tmp_path: Path) -> None:
    _xlsx(tmp_path / "ann.xlsx", {"S": [["Company", "Role"], ["Acme", "Analyst"]]})
    (tmp_path / "bob.csv").write_text("Company,Role\nGlobex,Engineer\n", encoding="utf-8")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 truncated")
    (tmp_path / "~$ann.xlsx").write_bytes(b"lock")
    s = jsa.load_many(tmp_path)
    assert sorted(s.applications["client"]) == ["ann", "bob"]
    files = s.report.files.set_index("file")
    assert files.loc["broken.xlsx", "status"] == "failed"
    assert "broken.xlsx" in files.loc["broken.xlsx", "error"]
    assert "~$ann.xlsx" not in files.index


def test_limits_reach_the_reader(tmp_path: Path) -> None:
    from jobsearch_analytics.io.preflight import Limits

    rows = [["Company", "Role"]] + [[f"Co{i}", "Analyst"] for i in range(20)]
    path = _xlsx(tmp_path / "t.xlsx", {"S": rows})
    assert len(jsa.load(path)) == 20
    with pytest.raises(LoadError, match="more than 10 rows"):
        jsa.load(path, limits=Limits(max_rows=10))


def test_load_report_shows_itself_in_a_notebook_escaped(tmp_path: Path) -> None:
    rows = [
        ["Company", "Role", "Date Applied"],
        ["<b>Acme</b>", "Analyst", "not a date <script>"],
        [None, None, None],
        ["Globex", "Engineer", "2024-01-02"],
    ]
    s = jsa.load(_xlsx(tmp_path / "t.xlsx", {"S": rows}))
    page = s.report._repr_html_()
    assert "3 rows read, 2 kept, 1 dropped" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "S!C2" in page  # the unparsed date, with its cell
    assert s._repr_html_().startswith("<div><b>JobSearch</b>: 2 applications")
