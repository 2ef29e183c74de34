"""Messy tracker files written by real writers, with a manifest of every quirk planted."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from jobsearch_analytics.io.report import cell_ref, col_letter
from jobsearch_analytics.sample._generate import STATUS_TEXTS, SampleSearch, generate
from jobsearch_analytics.sample._wide import wide

__all__ = [
    "HEADERS",
    "Quirk",
    "TrackerFile",
    "write_large_tracker",
    "write_tracker_csv",
    "write_tracker_xlsx",
]

#: Column headers of the standard tracker layout (``write_tracker_xlsx``), in order.
HEADERS: tuple[str, ...] = (
    "Company",
    "Position",
    "Location",
    "Source",
    "Referral?",
    "Contact",
    "Date Applied",
    "Status",
    "Salary Range",
    "Job Link",
    "Response Date",
    "Phone Screen",
    "Interview 1",
    "Interview 1 Thank-You",
    "Interview 1 Thank-You Via",
    "Interview 2",
    "Interview 2 Thank-You",
    "Interview 2 Thank-You Via",
    "Interview 3",
    "Interview 3 Thank-You",
    "Interview 3 Thank-You Via",
    "Asked Next Steps?",
    "Follow-Up Date",
    "Follow-Up Via",
    "Follow-Up 2 Date",
    "Follow-Up 2 Via",
    "Offer",
    "Final Offer",
    "Rejection Date",
    "Feedback Requested?",
    "Feedback Received?",
    "Skill Gaps",
    "Notes",
)
_COL = {h: i for i, h in enumerate(HEADERS)}
_DATE_COLUMNS = (
    "Date Applied",
    "Response Date",
    "Phone Screen",
    "Interview 1",
    "Interview 1 Thank-You",
    "Interview 2",
    "Interview 2 Thank-You",
    "Interview 3",
    "Interview 3 Thank-You",
    "Follow-Up Date",
    "Follow-Up 2 Date",
    "Rejection Date",
)
#: (band text, first header, last header) over row 2 of the standard layout.
BANDS = (
    ("APPLICATION", "Company", "Job Link"),
    ("INTERVIEWS", "Response Date", "Asked Next Steps?"),
    ("AFTER", "Follow-Up Date", "Notes"),
)
#: How people spell channels in a "Via" cell: canonical channel -> spellings.
VIA_SPELLINGS: dict[str, tuple[str, ...]] = {
    "email": ("Email", "email", "E-mail"),
    "mail": ("Mail", "handwritten card", "Card (mail)"),
    "in_person": ("In person", "in person", "In-person"),
    "phone": ("Phone", "phone call"),
    "voicemail": ("Voicemail", "VM", "left voicemail"),
}
_CANONICAL_VIA = {c: s[0] for c, s in VIA_SPELLINGS.items()}
_FIXED_TIME = dt.datetime(2024, 6, 1, 9, 0, 0)
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


@dataclass(frozen=True)
class Quirk:
    """One planted oddity: where it is, what was written and what it means.

    ``cell`` follows :func:`jobsearch_analytics.io.report.cell_ref`: ``'Applications!G17'``,
    a whole row as ``'Applications!17'``, or ``'G17'`` for CSV (row = line, header = 1).
    """

    file: str
    sheet: str
    cell: str
    kind: str
    raw: Any
    truth: Any


@dataclass(frozen=True)
class TrackerFile:
    """A written tracker, the truth it was written from, and its quirk manifest.

    ``row_of`` maps each true ``application_id`` to its (1-based) spreadsheet row, or CSV line;
    ``sheet_of`` to its sheet ('' for CSV). Duplicate copies of a row are not in ``row_of``.
    """

    path: Path
    sample: SampleSearch
    quirks: tuple[Quirk, ...]
    row_of: dict[str, int]
    sheet_of: dict[str, str] = field(default_factory=dict)

    def quirks_of(self, kind: str) -> list[Quirk]:
        """The quirks of one kind."""
        return [q for q in self.quirks if q.kind == kind]


def _py_date(value: Any) -> dt.datetime | None:
    return None if pd.isna(value) else pd.Timestamp(value).to_pydatetime()


def us_date(value: dt.datetime) -> str:
    """``M/D/YYYY`` as typed in the US (and as Google Sheets exports it).

    Examples
    --------
    >>> us_date(dt.datetime(2024, 3, 4))
    '3/4/2024'
    """
    return f"{value.month}/{value.day}/{value.year}"


def excel_serial(value: dt.datetime) -> int:
    """Excel's day number of a date (1900 system).

    Examples
    --------
    >>> excel_serial(dt.datetime(2024, 9, 2))
    45537
    """
    return (value - _EXCEL_EPOCH).days


def _text(value: Any) -> str | None:
    return None if pd.isna(value) or value == "" else str(value)


def _salary_kind(text: str | None, period: Any) -> str | None:
    if text is None:
        return None
    if pd.isna(period):
        return "salary_unparsed"
    if text.isdigit():
        return "salary_plain_number"
    return {"hour": "salary_hourly", "month": "salary_monthly"}.get(str(period))


def _salary_truth(app: Any) -> dict[str, Any] | None:
    if pd.isna(app.salary_period):
        return None
    return {
        "min": float(app.salary_min),
        "max": float(app.salary_max),
        "period": str(app.salary_period),
        "currency": str(app.salary_currency),
    }


@dataclass
class _Cell:
    value: Any
    date: bool = False  # a real date cell (gets a date number format)
    quirk: tuple[str, Any] | None = None  # (kind, truth) of a planted oddity
    money: bool = False


def _standard_rows(
    sample: SampleSearch, rng: np.random.Generator, *, messy: bool
) -> list[list[_Cell]]:
    """The cells of each application in the standard layout, with their planted quirks."""
    apps = sample.applications
    w = wide(apps, sample.events)
    rows: list[list[_Cell]] = []

    def pick(options: Sequence[str]) -> str:
        return options[int(rng.integers(len(options)))] if messy else options[0]

    for app, fact in zip(apps.itertuples(index=False), w.itertuples(index=False), strict=True):
        cells = [_Cell(None) for _ in HEADERS]

        def put(header: str, value: Any, cells: list[_Cell] = cells, **kw: Any) -> None:
            cells[_COL[header]] = _Cell(value, **kw)

        put("Company", app.company)
        put("Position", app.role)
        put("Location", app.location)
        put("Source", app.source)
        if app.referral:
            put("Referral?", pick(("Yes", "yes", "Y")))
        elif messy and rng.random() < 0.3:
            put("Referral?", None, quirk=("blank_referral", False))
        else:
            put("Referral?", pick(("No", "No", "no")))
        contact = _text(app.contact_name)
        if contact and not pd.isna(app.contact_email) and rng.random() < 0.5:
            contact = f"{contact} <{app.contact_email}>"
        elif contact and not pd.isna(app.contact_phone) and rng.random() < 0.5:
            contact = f"{contact}, {app.contact_phone}"
        put("Contact", contact)
        put("Date Applied", _py_date(app.date_applied), date=True)
        put("Status", app.status_raw)
        salary = _text(app.salary_text)
        skind = _salary_kind(salary, app.salary_period)
        if skind == "salary_plain_number":
            put("Salary Range", int(salary), quirk=(skind, _salary_truth(app)))
        elif skind is not None:
            put("Salary Range", salary, quirk=(skind, _salary_truth(app)))
        else:
            put("Salary Range", salary)
        put("Job Link", _text(app.url))
        put("Response Date", _py_date(fact.response_date), date=True)
        put("Phone Screen", _py_date(fact.screen_date), date=True)
        for r in (1, 2, 3):
            put(f"Interview {r}", _py_date(getattr(fact, f"interview{r}")), date=True)
            put(f"Interview {r} Thank-You", _py_date(getattr(fact, f"thank_you{r}")), date=True)
            via = getattr(fact, f"thank_you{r}_via")
            if not pd.isna(via):
                text = pick(VIA_SPELLINGS[via])
                put(f"Interview {r} Thank-You Via", text, quirk=("channel_text", via))
        if fact.max_round:
            put("Asked Next Steps?", "Yes" if fact.asked_next_steps else "No")
        for i, header in ((1, "Follow-Up"), (2, "Follow-Up 2")):
            put(f"{header} Date", _py_date(getattr(fact, f"follow_up{i}")), date=True)
            via = getattr(fact, f"follow_up{i}_via")
            if not pd.isna(via):
                put(f"{header} Via", pick(VIA_SPELLINGS[via]), quirk=("channel_text", via))
        if not pd.isna(app.offer_initial):
            put("Offer", float(app.offer_initial), money=True)
            if fact.negotiated:
                put("Final Offer", float(app.offer_final), money=True)
        put("Rejection Date", _py_date(fact.rejection_date), date=True)
        if not pd.isna(fact.rejection_date):
            put("Feedback Requested?", "Yes" if fact.feedback_requested else "No")
            if fact.feedback_requested:
                put("Feedback Received?", "Yes" if fact.feedback_received else "No")
        put("Skill Gaps", _text(app.skill_gaps))
        put("Notes", _text(app.notes))
        rows.append(cells)
    if messy:
        _plant_messy_values(rows, apps, rng)
    return rows


def _plant_messy_values(
    rows: list[list[_Cell]], apps: pd.DataFrame, rng: np.random.Generator
) -> None:
    """Dates typed as text or left as serial numbers, placeholders, URLs, phone numbers."""
    date_cells = [
        (i, _COL[h])
        for i, r in enumerate(rows)
        for h in _DATE_COLUMNS
        if r[_COL[h]].value is not None
    ]
    order = rng.permutation(len(date_cells))
    n_text = max(3, len(date_cells) // 12)
    for k in order[:n_text]:
        i, c = date_cells[k]
        when = rows[i][c].value
        rows[i][c] = _Cell(us_date(when), quirk=("text_date_us", when))
    for k in order[n_text : n_text + 4]:
        i, c = date_cells[k]
        when = rows[i][c].value
        rows[i][c] = _Cell(excel_serial(when), quirk=("serial_date", when))
    # placeholders in date columns that have nothing to say
    spots = {
        "Response Date": "No Response",
        "Interview 2": "TBD",
        "Rejection Date": "N/A",
        "Phone Screen": "N/A",
    }
    for header, text in spots.items():
        c = _COL[header]
        empty = [i for i, r in enumerate(rows) if r[c].value is None]
        if header == "Interview 2":
            empty = [i for i in empty if rows[i][_COL["Interview 1"]].value is not None] or empty
        for i in rng.permutation(empty)[: max(1, len(empty) // 10)]:
            rows[int(i)][c] = _Cell(text, quirk=("placeholder_date", None))
    c = _COL["Company"]
    for i in rng.choice(len(rows), size=min(3, len(rows)), replace=False):
        i = int(i)
        name = rows[i][c].value
        slug = "".join(ch for ch in name.lower() if ch.isascii() and ch.isalnum())
        rows[i][c] = _Cell(f"https://www.{slug}.example.com", quirk=("company_url", name))
    c = _COL["Contact"]
    phones = [i for i, a in enumerate(apps.itertuples(index=False)) if not pd.isna(a.contact_phone)]
    for i in rng.permutation(phones)[:2]:
        phone = apps["contact_phone"].iloc[int(i)]
        rows[int(i)][c] = _Cell(int(re.sub(r"\D", "", phone)), quirk=("phone_number", phone))


def _stabilize(path: Path) -> None:
    """Rewrite a zip container (xlsx, ods) with fixed timestamps so reruns are byte-identical."""
    with zipfile.ZipFile(path) as zin:
        items = [(info, zin.read(info.filename)) for info in zin.infolist()]
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zout:
        for info, data in items:
            if info.filename in ("docProps/core.xml", "meta.xml"):
                text = data.decode("utf-8")
                text = re.sub(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rf"\g<1>{stamp}", text)
                text = re.sub(
                    r"(<(?:meta:creation-date|dc:date)>)[^<]*", rf"\g<1>{stamp[:-1]}", text
                )
                data = text.encode("utf-8")
            new = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME.timetuple()[:6])
            new.compress_type = info.compress_type
            new.external_attr = info.external_attr
            zout.writestr(new, data)
    path.write_bytes(buf.getvalue())


def _rng(sample: SampleSearch, salt: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64([sample.seed, salt]))


def write_tracker_xlsx(
    sample: SampleSearch,
    path: str | Path,
    *,
    messy: bool = True,
    title: str = "JOB SEARCH 2024",
    table: bool = False,
) -> TrackerFile:
    """Write the standard tracker layout with openpyxl and return its quirk manifest.

    Sheet "Applications": a merged title (row 1), merged group bands (row 2), the header
    (row 3, :data:`HEADERS`), data from row 4, a Status dropdown and a frozen header. Sheets
    "Summary" (COUNTIF/COUNTA formulas, no cached values), "Lists" (dropdown vocabularies) and
    "Networking" (a header only).

    With ``messy`` (the default) it also plants: a header with a trailing space and one with a
    non-breaking space; dates typed as US text and a few Excel serial numbers in General format;
    "No Response" / "N/A" / "TBD" in date columns; referral as yes/Yes/Y/No/blank; company
    cells holding a URL; contact phone numbers stored as numbers; one row copied twice right
    below itself; three blank rows inside the data; then 40 formatted-but-empty rows and 25 rows
    of "N/A". Salary cells always come as the posting said (ranges, k, hourly, monthly, plain
    numbers, "DOE"). Cell quirks of the duplicated row are listed once, for the original row.

    With ``table`` the data range is an Excel table object ("tblApplications").

    Examples
    --------
    >>> import tempfile, pathlib
    >>> s = generate(5, n_applications=15)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     t = write_tracker_xlsx(s, pathlib.Path(d) / "t.xlsx")
    ...     len(t.row_of), min(t.row_of.values())
    (15, 4)
    """
    from openpyxl import Workbook

    path = Path(path)
    rng = _rng(sample, 1)
    rows = _standard_rows(sample, rng, messy=messy)
    quirks = _Manifest(path.name, "Applications")
    wb = Workbook()
    ws = wb.active
    ws.title = quirks.sheet
    _title_bands_and_header(ws, title, messy=messy, quirks=quirks)
    layout = _data_layout(rows, rng, messy=messy)
    row_of, next_row = _data_rows(
        ws, rows, layout, list(sample.applications["application_id"]), quirks
    )
    last_data = next_row - 1
    if messy:
        next_row = _filler_rows(ws, next_row, quirks)
    _status_dropdown_and_table(ws, next_row, last_data, table=table, quirks=quirks)
    _side_sheets(wb, sample, last_data, quirks)
    wb.properties.creator = "jobsearch-analytics sample"
    wb.properties.created = _FIXED_TIME
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    _stabilize(path)
    return TrackerFile(
        path, sample, tuple(quirks.quirks), row_of, dict.fromkeys(row_of, quirks.sheet)
    )


@dataclass
class _Manifest:
    """The quirks planted in one file, in the order they were written."""

    file: str
    sheet: str
    quirks: list[Quirk] = field(default_factory=list)

    def add(
        self, row: int, col: int | None, kind: str, raw: Any, truth: Any, sh: str | None = None
    ) -> None:
        sh = sh or self.sheet
        self.quirks.append(Quirk(self.file, sh, cell_ref(sh, row, col), kind, raw, truth))


def _title_bands_and_header(ws: Any, title: str, *, messy: bool, quirks: _Manifest) -> None:
    """A merged title (row 1), merged group bands (row 2) and the header (row 3), two of its
    names spelled with a stray space when ``messy``."""
    from openpyxl.styles import Alignment, Font, PatternFill

    ncol = len(HEADERS)
    bold = Font(bold=True)
    band_fill = PatternFill("solid", start_color="FFDDEBF7")
    ws.cell(1, 1, title).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncol)
    quirks.add(1, 0, "title_row", title, None)
    for text, a, b in BANDS:
        c0, c1 = _COL[a] + 1, _COL[b] + 1
        cell = ws.cell(2, c0, text)
        cell.font, cell.fill = bold, band_fill
        cell.alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=2, start_column=c0, end_row=2, end_column=c1)
        quirks.add(2, c0 - 1, "group_band", text, None)
    for c, header in enumerate(HEADERS):
        written = header
        if messy and header == "Location":
            written = "Location "
            quirks.add(3, c, "trailing_space_header", written, header)
        elif messy and header == "Date Applied":
            written = "Date\u00a0Applied"
            quirks.add(3, c, "nbsp_header", written, header)
        ws.cell(3, c + 1, written).font = bold


def _data_layout(
    rows: list[list[_Cell]], rng: np.random.Generator, *, messy: bool
) -> list[tuple[str, int]]:
    """Where each application goes: blank rows and two copies of one row inside the data."""
    layout: list[tuple[str, int]] = [("app", i) for i in range(len(rows))]
    if messy and len(rows) >= 8:
        dup = int(rng.integers(1, len(rows) - 1))
        at = layout.index(("app", dup)) + 1
        layout[at:at] = [("dup", dup), ("dup", dup)]
        for _ in range(3):
            pos = int(rng.integers(2, len(layout) - 1))
            while layout[pos - 1][0] == "blank" or layout[pos][0] == "dup":
                pos = int(rng.integers(2, len(layout) - 1))
            layout.insert(pos, ("blank", -1))
    return layout


def _data_rows(
    ws: Any,
    rows: list[list[_Cell]],
    layout: list[tuple[str, int]],
    ids: list[str],
    quirks: _Manifest,
) -> tuple[dict[str, int], int]:
    """The data from row 4; returns each application's row and the next free row."""
    date_format = "m/d/yyyy"
    money_format = '"$"#,##0'
    row_of: dict[str, int] = {}
    r = 4
    for what, i in layout:
        if what == "blank":
            quirks.add(r, None, "blank_row", None, None)
        else:
            if what == "app":
                row_of[ids[i]] = r
            else:
                quirks.add(r, None, "duplicate_row", None, row_of[ids[i]])
            for c, cell in enumerate(rows[i]):
                if cell.value is None and cell.quirk is None:
                    continue
                xl = ws.cell(r, c + 1, cell.value)
                if cell.date:
                    xl.number_format = date_format
                elif cell.money:
                    xl.number_format = money_format
                if cell.quirk is not None and what == "app":
                    quirks.add(r, c, cell.quirk[0], cell.value, cell.quirk[1])
        r += 1
    return row_of, r


def _filler_rows(ws: Any, r: int, quirks: _Manifest) -> int:
    """40 formatted-but-empty rows, then 25 rows of "N/A"; returns the next free row."""
    from openpyxl.styles import Border, PatternFill, Side

    ncol = len(HEADERS)
    thin = Side(style="thin", color="FFBFBFBF")
    stripe = PatternFill("solid", start_color="FFF2F2F2")
    for _ in range(40):
        for c in range(1, ncol + 1):
            xl = ws.cell(r, c)
            xl.fill = stripe
            xl.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        quirks.add(r, None, "formatted_empty_row", None, None)
        r += 1
    for _ in range(25):
        for c in range(1, ncol + 1):
            ws.cell(r, c, "N/A")
        quirks.add(r, None, "placeholder_row", "N/A", None)
        r += 1
    return r


def _status_dropdown_and_table(
    ws: Any, r: int, last_data: int, *, table: bool, quirks: _Manifest
) -> None:
    """The Status dropdown (from the Lists sheet), frozen header, widths, and the table
    object when asked for."""
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.table import Table, TableStyleInfo

    ncol = len(HEADERS)
    dv = DataValidation(
        type="list", formula1=f"=Lists!$A$2:$A${len(_statuses()) + 1}", allow_blank=True
    )
    ws.add_data_validation(dv)
    status_col = col_letter(_COL["Status"])
    dv.add(f"{status_col}4:{status_col}{max(r - 1, 4)}")
    ws.freeze_panes = "A4"
    for c, header in enumerate(HEADERS):
        ws.column_dimensions[col_letter(c)].width = max(12, len(header) + 2)
    if table:
        tab = Table(
            displayName="tblApplications", ref=f"A3:{col_letter(ncol - 1)}{max(last_data, 4)}"
        )
        tab.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        ws.add_table(tab)
        quirks.add(3, 0, "table_object", "tblApplications", f"A3:{col_letter(ncol - 1)}{last_data}")


def _statuses() -> list[str]:
    return list(dict.fromkeys(t for texts in STATUS_TEXTS.values() for t in texts))


def _side_sheets(wb: Any, sample: SampleSearch, last_data: int, quirks: _Manifest) -> None:
    """ "Summary" (formulas without cached values), "Lists" (dropdown vocabularies) and
    "Networking" (a header only)."""
    from openpyxl.styles import Font

    bold = Font(bold=True)
    summary = wb.create_sheet("Summary")
    summary.cell(1, 1, "Summary").font = bold
    letter = {h: col_letter(_COL[h]) for h in ("Company", "Status", "Interview 1", "Offer")}
    rng_of = {h: f"Applications!{x}4:{x}{last_data}" for h, x in letter.items()}
    formulas = [
        ("Total applications", f"=COUNTA({rng_of['Company']})"),
        ("Rejected", f'=COUNTIF({rng_of["Status"]},"Rejected")'),
        ("Ghosted", f'=COUNTIF({rng_of["Status"]},"Ghosted")'),
        ("Interviews", f"=COUNT({rng_of['Interview 1']})"),
        ("Offers", f"=COUNT({rng_of['Offer']})"),
        ("Interview rate", "=B5/B2"),
    ]
    for k, (label, formula) in enumerate(formulas, start=2):
        summary.cell(k, 1, label)
        summary.cell(k, 2, formula)
        quirks.add(k, 1, "formula", formula, None, sh="Summary")
    lists = wb.create_sheet("Lists")
    vocab = {
        "Status": _statuses(),
        "Source": sorted(set(sample.applications["source"])),
        "Via": [s[0] for s in VIA_SPELLINGS.values()],
    }
    for c, (head, values) in enumerate(vocab.items(), start=1):
        lists.cell(1, c, head).font = bold
        for k, v in enumerate(values, start=2):
            lists.cell(k, c, v)
    networking = wb.create_sheet("Networking")
    for c, head in enumerate(
        ("Name", "Company", "Role", "Met at", "Date", "Follow-up", "Notes"), start=1
    ):
        networking.cell(1, c, head).font = bold
    quirks.add(1, None, "header_only_sheet", "Name", None, sh="Networking")


#: Header of the Google Sheets style CSV tracker.
CSV_HEADERS: tuple[str, ...] = (
    "Company Name",
    "Job Title",
    "Applied On",
    "Stage",
    "Where Found",
    "Referred",
    "Salary",
    "URL",
    "Last Update",
    "Notes",
)


def _write_csv_bytes(
    path: Path,
    records: Iterable[Sequence[Any]],
    *,
    encoding: str = "utf-8",
    final_newline: bool = False,
) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerows(records)
    text = buf.getvalue()
    if not final_newline:
        text = text.removesuffix("\r\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))


def write_tracker_csv(sample: SampleSearch, path: str | Path) -> TrackerFile:
    """Write a Google Sheets "Download as CSV" tracker (UTF-8, CRLF, no final newline).

    Columns :data:`CSV_HEADERS`; dates as ``M/D/YYYY`` text; the status only, so apart from
    the application the tracker only knows the date of the last update. Plants two empty rows
    (``,,,``), one row copied once, "N/A" in Last Update where nothing happened since applying,
    and the salary texts as posted. Quirk cells are ``'G17'`` (line 1 is the header).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> s = generate(11, n_applications=12)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     t = write_tracker_csv(s, pathlib.Path(d) / "t.csv")
    ...     raw = t.path.read_bytes()
    >>> raw.count(b"\\r\\n") >= 12, raw.endswith(b"\\r\\n")
    (True, False)
    """
    path = Path(path)
    rng = _rng(sample, 2)
    apps = sample.applications
    w = wide(apps, sample.events)
    col = {h: i for i, h in enumerate(CSV_HEADERS)}
    records: list[list[Any]] = []
    cell_quirks: list[list[tuple[int, str, Any, Any]]] = []
    for app, fact in zip(apps.itertuples(index=False), w.itertuples(index=False), strict=True):
        q: list[tuple[int, str, Any, Any]] = []
        salary = _text(app.salary_text) or ""
        skind = _salary_kind(salary or None, app.salary_period)
        if skind:
            q.append((col["Salary"], skind, salary, _salary_truth(app)))
        last = pd.Timestamp(fact.last_update)
        if last == app.date_applied and rng.random() < 0.4:
            last_text = "N/A"
            q.append((col["Last Update"], "placeholder_date", "N/A", None))
        else:
            last_text = us_date(last.to_pydatetime())
        records.append(
            [
                app.company,
                app.role,
                us_date(app.date_applied.to_pydatetime()),
                app.status_raw,
                app.source,
                "Yes" if app.referral else rng.choice(["No", ""]),
                salary,
                _text(app.url) or "",
                last_text,
                _text(app.notes) or "",
            ]
        )
        cell_quirks.append(q)
    layout: list[tuple[str, int]] = [("app", i) for i in range(len(records))]
    if len(records) >= 6:
        dup = int(rng.integers(1, len(records) - 1))
        layout.insert(layout.index(("app", dup)) + 1, ("dup", dup))
        for _ in range(2):
            layout.insert(int(rng.integers(2, len(layout) - 1)), ("blank", -1))
    name = path.name
    quirks: list[Quirk] = []
    row_of: dict[str, int] = {}
    ids = list(apps["application_id"])
    out: list[Sequence[Any]] = [CSV_HEADERS]
    for line, (what, i) in enumerate(layout, start=2):
        if what == "blank":
            out.append([""] * len(CSV_HEADERS))
            quirks.append(Quirk(name, "", cell_ref("", line), "blank_row", None, None))
            continue
        out.append(records[i])
        if what == "dup":
            quirks.append(
                Quirk(name, "", cell_ref("", line), "duplicate_row", None, row_of[ids[i]])
            )
            continue
        row_of[ids[i]] = line
        for c, kind, raw, truth in cell_quirks[i]:
            quirks.append(Quirk(name, "", cell_ref("", line, c), kind, raw, truth))
    _write_csv_bytes(path, out)
    return TrackerFile(path, sample, tuple(quirks), row_of, dict.fromkeys(row_of, ""))


def write_large_tracker(path: str | Path, n_rows: int, *, seed: int = 0) -> Path:
    """Write ``n_rows`` applications in the standard layout with xlsxwriter (constant memory).

    Same title, bands and :data:`HEADERS` as :func:`write_tracker_xlsx` (header on row 3),
    real date cells, no planted quirks. Made for load benchmarks (1k / 50k / 200k rows).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = write_large_tracker(pathlib.Path(d) / "big.xlsx", 30)
    ...     p.stat().st_size > 0
    True
    """
    import xlsxwriter

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sample = generate(seed, n_applications=n_rows, weeks=max(16, n_rows // 150))
    apps = sample.applications
    w = wide(apps, sample.events)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    wb.set_properties({"created": _FIXED_TIME, "author": "jobsearch-analytics sample"})
    ws = wb.add_worksheet("Applications")
    bold = wb.add_format({"bold": True})
    big = wb.add_format({"bold": True, "font_size": 14})
    band = wb.add_format({"bold": True, "align": "center", "bg_color": "#DDEBF7"})
    date_fmt = wb.add_format({"num_format": "m/d/yyyy"})
    money = wb.add_format({"num_format": '"$"#,##0'})
    ncol = len(HEADERS)
    ws.merge_range(0, 0, 0, ncol - 1, "JOB SEARCH 2024", big)
    for text, a, b in BANDS:
        ws.merge_range(1, _COL[a], 1, _COL[b], text, band)
    ws.write_row(2, 0, HEADERS, bold)
    ws.freeze_panes(3, 0)

    def col_dates(values: pd.Series) -> list[dt.datetime | None]:
        return [None if pd.isna(v) else v.to_pydatetime() for v in values]

    def col_text(values: pd.Series) -> list[str | None]:
        return [None if pd.isna(v) else str(v) for v in values]

    via = {c: s[0] for c, s in VIA_SPELLINGS.items()}
    columns: dict[str, list[Any]] = {
        "Company": col_text(apps["company"]),
        "Position": col_text(apps["role"]),
        "Location": col_text(apps["location"]),
        "Source": col_text(apps["source"]),
        "Referral?": ["Yes" if v else "No" for v in apps["referral"]],
        "Contact": col_text(apps["contact_name"]),
        "Date Applied": col_dates(apps["date_applied"]),
        "Status": col_text(apps["status_raw"]),
        "Salary Range": col_text(apps["salary_text"]),
        "Job Link": col_text(apps["url"]),
        "Response Date": col_dates(w["response_date"]),
        "Phone Screen": col_dates(w["screen_date"]),
        "Follow-Up Date": col_dates(w["follow_up1"]),
        "Follow-Up Via": [via.get(v) for v in w["follow_up1_via"]],
        "Follow-Up 2 Date": col_dates(w["follow_up2"]),
        "Follow-Up 2 Via": [via.get(v) for v in w["follow_up2_via"]],
        "Offer": [None if pd.isna(v) else float(v) for v in apps["offer_initial"]],
        "Final Offer": [
            None if pd.isna(v) or not n else float(v)
            for v, n in zip(apps["offer_final"], w["negotiated"], strict=True)
        ],
        "Rejection Date": col_dates(w["rejection_date"]),
        "Skill Gaps": col_text(apps["skill_gaps"]),
        "Notes": col_text(apps["notes"]),
    }
    for r in (1, 2, 3):
        columns[f"Interview {r}"] = col_dates(w[f"interview{r}"])
        columns[f"Interview {r} Thank-You"] = col_dates(w[f"thank_you{r}"])
        columns[f"Interview {r} Thank-You Via"] = [via.get(v) for v in w[f"thank_you{r}_via"]]
    formats = {h: date_fmt for h in _DATE_COLUMNS} | {"Offer": money, "Final Offer": money}
    plan = [(c, columns.get(h), formats.get(h)) for c, h in enumerate(HEADERS)]
    for i in range(len(apps)):
        row = i + 3
        for c, values, fmt in plan:
            if values is None:
                continue
            v = values[i]
            if v is None:
                continue
            if fmt is date_fmt:
                ws.write_datetime(row, c, v, fmt)
            elif fmt is not None:
                ws.write_number(row, c, v, fmt)
            else:
                ws.write_string(row, c, v)
    wb.close()
    _stabilize(path)
    return path
