"""Shared fixtures: client trackers written by real writers from the seeded generator."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable
from pathlib import Path

import matplotlib
import openpyxl
import pandas as pd
import pytest

from jobsearch_analytics.sample import generate

matplotlib.use("Agg")

TODAY = "2024-06-01"

#: Header row of the hand-written trackers below (every header maps by synonym, plus one
#: column the loader keeps as it is).
HEADERS = [
    "Company",
    "Job Title",
    "Date Applied",
    "Status",
    "Source",
    "Contact Name",
    "Contact Email",
    "Contact Phone",
    "Job URL",
    "Notes",
    "Skill Gaps",
    "My private column",
]
STATUS = {"rejected": "Rejected", "ghosted": "Ghosted", "withdrawn": "Withdrawn"}
STAGE_STATUS = {
    "applied": "Applied",
    "screen": "Phone screen",
    "interview": "Interview",
    "offer": "Offer",
    "accepted": "Accepted",
}


def _date(value: object) -> dt.datetime | None:
    return None if pd.isna(value) else pd.Timestamp(value).to_pydatetime()


def write_client(path: Path, seed: int, *, n: int = 30, extra_rows: list[list] = ()) -> dict:
    """Write a tracker with openpyxl from ``generate(seed)``; return its personal values."""
    truth = generate(seed, n_applications=n).applications
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Applications"
    ws.append(HEADERS)
    personal: dict[str, set[str]] = {
        k: set() for k in ("company", "contact", "email", "phone", "url", "note", "extra")
    }
    for i, a in enumerate(truth.itertuples()):
        outcome = str(a.outcome)
        status = STATUS.get(outcome) or STAGE_STATUS.get(str(a.stage), "Applied")
        note = f"Spoke with {a.contact_name}" if isinstance(a.contact_name, str) else a.notes
        extra = f"private remark {seed}-{i}: ask {a.company} about relocation"
        ws.append(
            [
                a.company,
                a.role,
                _date(a.date_applied),
                status,
                a.source,
                a.contact_name if isinstance(a.contact_name, str) else None,
                a.contact_email if isinstance(a.contact_email, str) else None,
                a.contact_phone if isinstance(a.contact_phone, str) else None,
                a.url if isinstance(a.url, str) else None,
                note if isinstance(note, str) else None,
                a.skill_gaps if isinstance(a.skill_gaps, str) else None,
                extra,
            ]
        )
        personal["company"].add(a.company)
        personal["extra"].add(extra)
        for key, value in (
            ("contact", a.contact_name),
            ("email", a.contact_email),
            ("phone", a.contact_phone),
            ("url", a.url),
            ("note", note),
        ):
            if isinstance(value, str):
                personal[key].add(value)
    for row in extra_rows:
        ws.append(row)
    wb.save(path)
    return personal


@pytest.fixture(scope="session")
def client_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, set[str]]]:
    """Two clients (xlsx by openpyxl, csv by pandas in cp1252) with planted personal values."""
    folder = tmp_path_factory.mktemp("clients")
    planted = [
        "Northwind <script>alert(1)</script>",
        "Analyst",
        dt.datetime(2024, 3, 1),
        "Applied",
        "LinkedIn",
        "Margaret Hollis",
        "m.hollis@privatemail.example",
        "+44 7700 900123",
        "https://jobs.northwind.example/123",
        "Call Margaret Hollis on 07700 900123 or m.hollis@privatemail.example",
        "SQL, Kubernetes",
        "Margaret's cousin works here",
    ]
    one = write_client(folder / "margaret-hollis.xlsx", 31, extra_rows=[planted])
    one["company"].add(planted[0])
    one["contact"].add("Margaret Hollis")
    one["email"].add(planted[6])
    one["phone"].update({planted[7], "07700 900123"})
    one["url"].add(planted[8])
    one["note"].add(planted[9])
    one["extra"].add(planted[11])
    xlsx_two = folder / "_tmp.xlsx"
    two = write_client(xlsx_two, 32)
    frame = pd.read_excel(xlsx_two, engine="openpyxl")
    xlsx_two.unlink()
    frame.to_csv(folder / "tomas-reyes.csv", index=False, encoding="cp1252", date_format="%Y-%m-%d")
    personal = {k: one[k] | two[k] for k in one}
    personal["client"] = {"margaret-hollis", "tomas-reyes", "Margaret", "Hollis"}
    return folder, personal


def output_texts(paths: Iterable[Path]) -> dict[str, str]:
    """Every output file as text, keyed by its name (and each file name itself, under
    ``name:<file>``); an xlsx as every part of its zip, keyed ``<file>:<part>``."""
    texts = {}
    for path in paths:
        texts[f"name:{path.name}"] = path.name
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                for part in z.namelist():
                    texts[f"{path.name}:{part}"] = z.read(part).decode("utf-8", "replace")
        else:
            texts[path.name] = path.read_bytes().decode("utf-8", "replace")
    return texts
