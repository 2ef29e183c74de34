"""The tracker template: loads with zero report entries, and a filled copy round-trips."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

import jobsearch_analytics as jsa
from jobsearch_analytics.io.columns import match_header
from jobsearch_analytics.model import STAGES
from jobsearch_analytics.report.client import EXAMPLE_COMPANY
from jobsearch_analytics.report.template import (
    CHANNELS_FOLLOW_UP,
    CHANNELS_THANK_YOU,
    EXAMPLE_ROW,
    SOURCES,
    TEMPLATE_COLUMNS,
    write_template,
)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return write_template(tmp_path_factory.mktemp("tpl") / "tracker.xlsx")


def test_every_header_maps_by_synonym() -> None:
    for header, field, *_ in TEMPLATE_COLUMNS:
        m = match_header(header)
        assert m is not None and m.field == field, header
        assert m.how in ("synonym", "rule"), header


def test_blank_template_loads_cleanly(template: Path) -> None:
    search = jsa.load(template)
    assert len(search.report.entries) == 0, search.report.entries.to_string()
    apps = search.applications
    assert apps["company"].tolist() == [EXAMPLE_COMPANY]
    assert apps.loc[0, "date_applied"] == pd.Timestamp(EXAMPLE_ROW["Date Applied"])
    assert apps.loc[0, "stage"] == "interview" and apps.loc[0, "outcome"] == "open"
    mapped = {f.split(" [")[0] for f in search.report.mapping["field"]}
    assert {f for _, f, *_ in TEMPLATE_COLUMNS} <= mapped
    roles = dict(zip(search.report.sheets["sheet"], search.report.sheets["role"], strict=True))
    assert roles["Applications"] == "tracker" and roles["Lists"] != "tracker"


def test_dropdowns_dates_and_instructions(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == ["Applications", "Instructions", "Lists"]
    ws = wb["Applications"]
    headers = [c.value for c in ws[1]]
    letters = {h: openpyxl.utils.get_column_letter(i + 1) for i, h in enumerate(headers)}
    lists = wb["Lists"]
    validated = {}
    for dv in ws.data_validations.dataValidation:
        assert dv.type == "list"
        ref = dv.formula1.split("!")[1].replace("$", "")
        values = [c.value for row in lists[ref] for c in row]
        for rng in str(dv.sqref).split():
            validated[rng.split(":")[0].rstrip("0123456789")] = values
    assert validated[letters["Status"]][:2] == ["Saved", "Applied"]
    assert validated[letters["Source"]] == list(SOURCES)
    assert validated[letters["Follow-Up Via"]] == list(CHANNELS_FOLLOW_UP)
    assert validated[letters["Thank-You Via"]] == list(CHANNELS_THANK_YOU)
    for header in ("Date Applied", "Interview 1 Date", "Follow-Up Date"):
        assert ws[f"{letters[header]}50"].number_format == "yyyy-mm-dd"
    text = " ".join(str(c.value) for row in wb["Instructions"].iter_rows() for c in row if c.value)
    assert "overwrite" in text and "dropdown" in text


def _truth(n: int, seed: int) -> list[dict]:
    """A seeded, generated truth: one dict per application (values as a person types them)."""
    rng = np.random.default_rng(seed)
    rows = []
    start = dt.datetime(2024, 2, 5)
    for i in range(n):
        applied = start + dt.timedelta(days=int(rng.integers(0, 60)))
        depth = int(rng.integers(0, 5))  # 0 applied, 1 response, 2 screen, 3 interview, 4 two
        row = {
            "Company": f"Company {i} {rng.choice(['Labs', 'GmbH', 'Inc.', 'Ltd'])}",
            "Job Title": str(rng.choice(["Data Analyst", "Engineer", "Product Manager"])),
            "Location": str(rng.choice(["Remote", "Berlin", "New York, NY"])),
            "Source": str(rng.choice(SOURCES)),
            "Referral": str(rng.choice(["Yes", "No"])),
            "Contact Name": f"Person {i}",
            "Contact Email": f"person{i}@company{i}.example.com",
            "Contact Phone": f"+1 312 555 01{i:02d}",
            "Job URL": f"https://jobs.example.com/{i}",
            "Date Applied": applied,
        }
        day = applied
        if depth >= 1:
            day += dt.timedelta(days=int(rng.integers(2, 9)))
            row["Response Date"] = day
        if depth >= 2:
            day += dt.timedelta(days=int(rng.integers(1, 6)))
            row["Phone Screen Date"] = day
        if depth >= 3:
            day += dt.timedelta(days=int(rng.integers(3, 10)))
            row["Interview 1 Date"] = day
            row["Thank-You Note"] = day + dt.timedelta(days=int(rng.integers(0, 2)))
            row["Thank-You Via"] = str(rng.choice(CHANNELS_THANK_YOU))
        if depth >= 4:
            day += dt.timedelta(days=int(rng.integers(5, 12)))
            row["Interview 2 Date"] = day
        if depth == 0 and rng.random() < 0.6:
            row["Follow-Up Date"] = applied + dt.timedelta(days=7)
            row["Follow-Up Via"] = str(rng.choice(CHANNELS_FOLLOW_UP))
        ending = str(rng.choice(["open", "Rejected", "Ghosted", "Withdrawn"]))
        if ending == "Rejected":
            row["Rejection Date"] = day + dt.timedelta(days=5)
        stage = ["Applied", "Applied", "Phone screen", "Interview", "Interview"][depth]
        row["Status"] = stage if ending == "open" else ending
        row["Offer Amount"] = None
        row["Notes"] = f"note {i}"
        rows.append(row)
    return rows


_CHANNEL = {
    "Email": "email",
    "Mail": "mail",
    "In person": "in_person",
    "LinkedIn": "linkedin",
    "Phone": "phone",
    "Voicemail": "voicemail",
}
_EVENT = {
    "Date Applied": ("applied", None),
    "Response Date": ("response", None),
    "Phone Screen Date": ("screen", None),
    "Interview 1 Date": ("interview", 1),
    "Interview 2 Date": ("interview", 2),
    "Thank-You Note": ("thank_you", None),
    "Follow-Up Date": ("follow_up", None),
    "Rejection Date": ("rejection", None),
}


def test_filled_copy_round_trips(template: Path, tmp_path: Path) -> None:
    truth = _truth(25, seed=5)
    wb = openpyxl.load_workbook(template)
    ws = wb["Applications"]
    col = {c.value: c.column for c in ws[1]}
    for i, row in enumerate(truth, start=2):  # row 2 overwrites the example
        for header in col:
            ws.cell(i, col[header]).value = row.get(header)
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)

    search = jsa.load(filled)
    assert len(search.report.entries) == 0, search.report.entries.to_string()
    apps = search.applications.set_index("row")
    assert len(apps) == len(truth)
    for i, t in enumerate(truth, start=2):
        a = apps.loc[i]
        for header, field in (
            ("Company", "company"),
            ("Job Title", "role"),
            ("Location", "location"),
            ("Source", "source"),
            ("Contact Name", "contact_name"),
            ("Contact Email", "contact_email"),
            ("Contact Phone", "contact_phone"),
            ("Job URL", "url"),
            ("Notes", "notes"),
        ):
            assert a[field] == t[header], (i, field)
        assert a["referral"] == (t["Referral"] == "Yes")
        assert a["date_applied"] == pd.Timestamp(t["Date Applied"])
        dated = {k for k in _EVENT if t.get(k) is not None}
        furthest = max(
            [1]
            + [STAGES.index("screen") for k in dated if k == "Phone Screen Date"]
            + [STAGES.index("interview") for k in dated if k.startswith("Interview")]
        )
        assert a["stage"] == STAGES[furthest], i
        expected_outcome = {
            "Rejected": "rejected",
            "Ghosted": "ghosted",
            "Withdrawn": "withdrawn",
        }.get(t["Status"], "open")
        assert a["outcome"] == expected_outcome, i
        events = search.events[search.events["row"] == i]
        got = {
            (
                str(e.kind),
                e.date,
                None if pd.isna(e.channel) else str(e.channel),
                None if pd.isna(e.round) else int(e.round),
            )
            for e in events.itertuples()
            if e.date_known
        }
        want = set()
        for header in dated:
            kind, rnd = _EVENT[header]
            via = {"Thank-You Note": "Thank-You Via", "Follow-Up Date": "Follow-Up Via"}.get(header)
            channel = _CHANNEL[t[via]] if via else None
            want.add((kind, pd.Timestamp(t[header]), channel, rnd))
        assert got == want, (i, got ^ want)
