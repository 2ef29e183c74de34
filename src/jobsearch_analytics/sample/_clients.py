"""Five coach clients, each keeping a tracker in a different layout and language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from jobsearch_analytics.io.report import cell_ref
from jobsearch_analytics.sample._generate import SampleSearch, generate
from jobsearch_analytics.sample._trackers import (
    _FIXED_TIME,
    Quirk,
    TrackerFile,
    _stabilize,
    _write_csv_bytes,
    write_tracker_xlsx,
)
from jobsearch_analytics.sample._wide import wide

__all__ = ["write_clients"]

_DE_STATUS = {
    "rejected": "Absage",
    "interview": "Vorstellungsgespräch",
    "screen": "Telefoninterview",
    "offer": "Angebot",
    "applied": "Beworben",
}
_CN_ROUND = {1: "一面", 2: "二面", 3: "三面"}


def _de_status(app: Any) -> str:
    if app.outcome == "rejected":
        return _DE_STATUS["rejected"]
    if app.stage in ("offer", "accepted"):
        return _DE_STATUS["offer"]
    if app.stage == "interview":
        return _DE_STATUS["interview"]
    if app.stage == "screen":
        return _DE_STATUS["screen"]
    return _DE_STATUS["applied"]


def _cn_status(app: Any, max_round: int) -> str:
    if app.outcome == "rejected":
        return "拒绝"
    if app.stage in ("offer", "accepted"):
        return "offer"
    if max_round >= 2:
        return "二面"
    if max_round == 1:
        return "技术面" if app.role.endswith("工程师") else "一面"
    if app.stage == "screen":
        return "笔试"
    return "已投递"


def _timeline(events: pd.DataFrame) -> tuple[str, list[tuple[str, str, int | None]]]:
    """The shorthand a person types ("2.6 投递 2.15 一面 2.20 offer") and what it means."""
    words, truth = [], []
    for e in events.itertuples(index=False):
        kind = str(e.kind)
        if kind == "applied":
            word = "投递"
        elif kind == "screen":
            word = "笔试"
        elif kind == "interview":
            word = _CN_ROUND[int(e.round)]
        elif kind == "offer":
            word = "offer"
        elif kind == "rejection":
            word = "拒绝"
        else:
            continue
        words.append(f"{e.date.month}.{e.date.day} {word}")
        truth.append((e.date.date().isoformat(), kind, None if pd.isna(e.round) else int(e.round)))
    return " ".join(words), truth


def _write_bruno(path: Path, sample: SampleSearch) -> TrackerFile:
    from openpyxl import Workbook

    headers = ("Firma", "Stelle", "Ort", "Quelle", "Empfehlung", "Beworben am", "Status", "Gehalt")
    wb = Workbook()
    ws = wb.active
    ws.title = "Bewerbungen"
    ws.append(list(headers))
    quirks, row_of = [], {}
    for r, app in enumerate(sample.applications.itertuples(index=False), start=2):
        applied = app.date_applied
        text_date = f"{applied.day:02d}.{applied.month:02d}.{applied.year}"
        salary = None if pd.isna(app.salary_text) or app.salary_text == "" else app.salary_text
        ws.append(
            [
                app.company,
                app.role,
                app.location,
                app.source,
                "Ja" if app.referral else "Nein",
                text_date,
                _de_status(app),
                salary,
            ]
        )
        row_of[app.application_id] = r
        quirks.append(
            Quirk(
                path.name,
                ws.title,
                cell_ref(ws.title, r, 5),
                "text_date_de",
                text_date,
                applied.to_pydatetime(),
            )
        )
    wb.properties.created = _FIXED_TIME
    wb.save(path)
    _stabilize(path)
    return TrackerFile(path, sample, tuple(quirks), row_of, dict.fromkeys(row_of, ws.title))


def _write_chen(path: Path, sample: SampleSearch) -> TrackerFile:
    from openpyxl import Workbook

    headers = ("公司", "职位", "申请日期", "状态", "时间线")
    wb = Workbook()
    ws = wb.active
    ws.title = "求职"
    ws.cell(1, 1, "2024 求职记录")
    for c, h in enumerate(headers, start=1):
        ws.cell(2, c, h)
    quirks = [
        Quirk(path.name, ws.title, cell_ref(ws.title, 1, 0), "title_row", "2024 求职记录", None)
    ]
    row_of = {}
    w = wide(sample.applications, sample.events)
    by_app = dict(tuple(sample.events.groupby("application_id", sort=False)))
    for r, (app, fact) in enumerate(
        zip(sample.applications.itertuples(index=False), w.itertuples(index=False), strict=True),
        start=3,
    ):
        text, truth = _timeline(by_app[app.application_id])
        ws.cell(r, 1, app.company)
        ws.cell(r, 2, app.role)
        ws.cell(r, 3, app.date_applied.to_pydatetime()).number_format = "yyyy-mm-dd"
        ws.cell(r, 4, _cn_status(app, int(fact.max_round)))
        ws.cell(r, 5, text)
        row_of[app.application_id] = r
        quirks.append(
            Quirk(path.name, ws.title, cell_ref(ws.title, r, 4), "timeline_text", text, truth)
        )
    wb.properties.created = _FIXED_TIME
    wb.save(path)
    _stabilize(path)
    return TrackerFile(path, sample, tuple(quirks), row_of, dict.fromkeys(row_of, ws.title))


#: The one-hot "Sankey" columns of dana.csv and the fact each stands for.
DANA_FLAGS = (
    "Applied",
    "Ghosted",
    "1st Interview",
    "Tech Exam",
    "2nd Interview",
    "Offer Declined",
    "Job Offer",
)


def _write_dana(path: Path, sample: SampleSearch) -> TrackerFile:
    w = wide(sample.applications, sample.events)
    out: list[list[Any]] = [["Company", "Role", "Date Applied", *DANA_FLAGS]]
    row_of = {}
    for line, (app, fact) in enumerate(
        zip(sample.applications.itertuples(index=False), w.itertuples(index=False), strict=True),
        start=2,
    ):
        flags = (
            True,
            app.outcome == "ghosted",
            fact.max_round >= 1,
            not pd.isna(fact.screen_date),
            fact.max_round >= 2,
            app.outcome == "declined",
            not pd.isna(fact.offer_date),
        )
        out.append(
            [
                app.company,
                app.role,
                app.date_applied.date().isoformat(),
                *("1" if f else "" for f in flags),
            ]
        )
        row_of[app.application_id] = line
    # Excel on Windows saves "CSV" in the ANSI code page
    _write_csv_bytes(path, out, encoding="cp1252", final_newline=True)
    quirk = Quirk(path.name, "", "A1", "encoding", "cp1252", "cp1252")
    return TrackerFile(path, sample, (quirk,), row_of, dict.fromkeys(row_of, ""))


_EVE_COLUMNS = {
    "Fulltime": (
        "Company",
        "Position",
        "Date Applied",
        "Status",
        "Source",
        "Location",
        "Salary Range",
        "Notes",
    ),
    "Intern": (
        "Date Applied",
        "Company",
        "Position",
        "Status",
        "Salary Range",
        "Source",
        "Location",
        "Notes",
    ),
}


def _write_eve(path: Path, sample: SampleSearch) -> TrackerFile:
    apps = sample.applications
    intern = apps["role"].str.startswith("Junior ").to_numpy()
    row_of, sheet_of = {}, {}
    frames = {}
    for sheet, mask in (("Fulltime", ~intern), ("Intern", intern)):
        part = apps[mask]
        table = pd.DataFrame(
            {
                "Company": part["company"].to_numpy(dtype=object),
                "Position": part["role"].to_numpy(dtype=object),
                "Date Applied": part["date_applied"].dt.date.to_numpy(),
                "Status": part["status_raw"].to_numpy(dtype=object),
                "Source": part["source"].to_numpy(dtype=object),
                "Location": part["location"].to_numpy(dtype=object),
                "Salary Range": part["salary_text"].fillna("").to_numpy(dtype=object),
                "Notes": part["notes"].fillna("").to_numpy(dtype=object),
            }
        )[list(_EVE_COLUMNS[sheet])]
        frames[sheet] = table
        for k, app_id in enumerate(part["application_id"]):
            row_of[app_id] = k + 2
            sheet_of[app_id] = sheet
    with pd.ExcelWriter(path, engine="odf") as writer:
        for sheet, table in frames.items():
            table.to_excel(writer, sheet_name=sheet, index=False)
        pd.DataFrame().to_excel(writer, sheet_name="Notes", index=False)
    _stabilize(path)
    quirk = Quirk(path.name, "Notes", "Notes!A1", "empty_sheet", None, None)
    return TrackerFile(path, sample, (quirk,), row_of, sheet_of)


def write_clients(folder: str | Path, *, seed: int = 0) -> list[TrackerFile]:
    """Write five coach clients' trackers into ``folder``, each from its own seed.

    ``alice.xlsx`` (the standard layout, tidy, an Excel table object), ``bruno.xlsx`` (German
    headers, dates as "30.01.2024" text, euro salaries), ``chen.xlsx`` (Chinese headers on
    row 2 under a title, a 时间线 timeline cell), ``dana.csv`` (one-hot stage columns, ISO
    dates, cp1252) and ``eve.ods`` (sheets "Fulltime" and "Intern" with the same fields in a
    different order, plus an empty sheet "Notes"). Client ``k`` uses seed ``seed * 100 + k``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [t.path.name for t in write_clients(d)]
    ['alice.xlsx', 'bruno.xlsx', 'chen.xlsx', 'dana.csv', 'eve.ods']
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    base = seed * 100
    return [
        write_tracker_xlsx(
            generate(base + 1, n_applications=60), folder / "alice.xlsx", messy=False, table=True
        ),
        _write_bruno(
            folder / "bruno.xlsx",
            generate(base + 2, n_applications=45, locale="de", start="2024-01-15"),
        ),
        _write_chen(
            folder / "chen.xlsx",
            generate(base + 3, n_applications=40, locale="cn", start="2024-01-29", weeks=10),
        ),
        _write_dana(folder / "dana.csv", generate(base + 4, n_applications=70)),
        _write_eve(folder / "eve.ods", generate(base + 5, n_applications=55)),
    ]
