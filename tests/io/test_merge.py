"""Merging sources: a LinkedIn export and a personal tracker that overlap become one search.

Planted overlaps between LinkedIn's ``Job Applications.csv`` (tests/data/exports) and a
tracker written here with openpyxl:

* Acme Robotics: the same job URL, with LinkedIn tracking parameters in the tracker;
* Globex: "Globex Corporation" / "data engineer", applied one day after LinkedIn's date;
* Hooli: same company and role but ten days apart -- a near miss that must NOT merge;
* Pied Piper and Hooli (10 days later): only in the tracker.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import jobsearch_analytics as jsa
from jobsearch_analytics.io.merge import dedupe_events, merge_applications, normalise_role
from jobsearch_analytics.model import APPLICATION_COLUMNS, EVENT_COLUMNS, conform

ROOT = Path(__file__).resolve().parents[2]
LINKEDIN = ROOT / "tests" / "data" / "exports" / "linkedin" / "Job Applications.csv"
SAMPLE_CLIENTS = ROOT / "data" / "sample" / "clients"

TRACKER = [
    ["Company", "Position", "Date Applied", "Job Link", "Status", "Interview 1"],
    [
        "Acme Robotics",
        "Data Analyst",
        dt.datetime(2024, 11, 24),
        "https://www.linkedin.com/jobs/view/3901234567/?trk=public_jobs_topcard&refId=Zx9",
        "Interview",
        dt.datetime(2024, 12, 3),
    ],
    ["Globex Corporation", "data engineer", dt.datetime(2024, 11, 6), None, "Rejected", None],
    ["Hooli", "ML Engineer", dt.datetime(2024, 11, 20), None, "Applied", None],
    ["Pied Piper", "Data Scientist", dt.datetime(2024, 11, 12), None, "Phone screen", None],
]


def _tracker(path: Path, rows: list[list[object]] = TRACKER) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Jobs"
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


@pytest.fixture
def sources(tmp_path: Path) -> list[Path]:
    li = tmp_path / "Job Applications.csv"
    shutil.copy(LINKEDIN, li)
    return [li, _tracker(tmp_path / "my tracker.xlsx")]


def _one(search: jsa.JobSearch, company: str) -> pd.Series:
    hit = search.applications[search.applications["company"] == company]
    assert len(hit) == 1, (company, len(hit))
    return hit.iloc[0]


def test_linkedin_and_tracker_merge(sources: list[Path]) -> None:
    s = jsa.load_many(sources, client="me")
    # 5 LinkedIn rows + 4 tracker rows - 2 planted overlaps
    assert len(s) == 7
    assert set(s.applications["client"]) == {"me"}
    acme = _one(s, "Acme Robotics")
    # the tracker knows the status, so its row is kept; LinkedIn fills what it lacks
    assert acme["source_file"] == "my tracker.xlsx"
    assert acme["stage"] == "interview" and acme["outcome"] == "open"
    assert acme["asking_salary"] == 120_000.0 and acme["asking_currency"] == "EUR"
    assert acme["contact_email"] == "talent@acme-robotics.example"
    assert acme["merged_from"].split("; ") == ["me/my tracker/Jobs#2", "me/Job Applications/#2"]
    globex = _one(s, "Globex Corporation")
    assert globex["outcome"] == "rejected"
    assert globex["url"] == "https://www.linkedin.com/jobs/view/3900000001/"
    assert globex["merged_from"].split("; ")[1] == "me/Job Applications/#3"
    # the near miss stays two applications
    hooli = s.applications[s.applications["company"] == "Hooli"]
    assert sorted(hooli["date_applied"].dt.date.astype(str)) == ["2024-11-10", "2024-11-20"]
    assert hooli["merged_from"].isna().all()


def test_merged_events_come_from_both_files(sources: list[Path]) -> None:
    s = jsa.load_many(sources, client="me")
    acme = _one(s, "Acme Robotics")["application_id"]
    ev = s.events[s.events["application_id"] == acme]
    # one applied step (the kept row's date), the tracker's dated interview
    assert sorted(ev["kind"].astype(str)) == ["applied", "interview"]
    assert ev.loc[ev["kind"] == "applied", "date"].tolist() == [pd.Timestamp("2024-11-24")]
    assert ev.loc[ev["kind"] == "interview", "date"].tolist() == [pd.Timestamp("2024-12-03")]
    globex = _one(s, "Globex Corporation")["application_id"]
    gev = s.events[s.events["application_id"] == globex]
    assert set(gev["source_file"]) == {"my tracker.xlsx"}
    assert sorted(gev["kind"].astype(str)) == ["applied", "rejection"]
    # no event points at an application that no longer exists
    assert set(s.events["application_id"]) <= set(s.applications["application_id"])


def test_every_merge_decision_is_reported(sources: list[Path]) -> None:
    s = jsa.load_many(sources, client="me")
    e = s.report.entries
    merged = e[e["kind"] == "merged"].sort_values("raw")
    assert merged["raw"].tolist() == ["me/Job Applications/#2", "me/Job Applications/#3"]
    assert set(merged["file"]) == {"my tracker.xlsx"}
    assert merged["cell"].tolist() == ["Jobs!2", "Jobs!3"]
    acme, globex = merged["problem"].tolist()
    assert "Job Applications.csv row 2" in acme and "same job URL" in acme
    assert "Job Applications.csv row 3" in globex and "1 day apart" in globex
    assert "1 repeated there dropped" in merged["action"].iloc[0]
    near = e[(e["kind"] == "info") & e["problem"].str.contains("10 days apart")]
    assert len(near) == 1 and "kept as two applications" in near["action"].iloc[0]


def test_merge_can_be_turned_off_and_the_window_changed(sources: list[Path]) -> None:
    off = jsa.load_many(sources, client="me", merge=False)
    assert len(off) == 9
    assert (off.report.entries["kind"] != "merged").all()
    wide = jsa.load_many(sources, client="me", merge_days=10)
    assert len(wide) == 6  # now Hooli merges too
    assert len(wide.applications[wide.applications["company"] == "Hooli"]) == 1


def test_separate_clients_never_merge(sources: list[Path], tmp_path: Path) -> None:
    s = jsa.load_many(sources)  # default: one client per file, as for a coach's folder
    assert len(s) == 9
    assert sorted(set(s.applications["client"])) == ["Job Applications", "my tracker"]
    # a sub-folder is one client's sources
    root = tmp_path / "coach"
    (root / "ana").mkdir(parents=True)
    for p in sources:
        shutil.copy(p, root / "ana" / p.name)
    (root / "bob.csv").write_text(
        "Company,Role,Date Applied\nAcme Robotics,Data Analyst,2024-11-23\n", encoding="utf-8"
    )
    c = jsa.load(root)
    assert sorted(set(c.applications["client"])) == ["ana", "bob"]
    assert (c.applications["client"] == "ana").sum() == 7
    assert (c.applications["client"] == "bob").sum() == 1


def test_sample_coach_folder_still_one_client_per_file() -> None:
    s = jsa.load_many(SAMPLE_CLIENTS)
    stems = sorted(p.stem for p in SAMPLE_CLIENTS.iterdir())
    assert sorted(set(s.applications["client"])) == stems
    assert (s.report.entries["kind"] != "merged").all()
    per_file = sum(len(jsa.load(p)) for p in SAMPLE_CLIENTS.iterdir())
    assert len(s) == per_file


def test_rows_of_one_file_are_never_joined(tmp_path: Path) -> None:
    li = tmp_path / "Job Applications.csv"
    shutil.copy(LINKEDIN, li)
    rows = [
        TRACKER[0],
        ["Globex", "Data Engineer", dt.datetime(2024, 11, 4), None, "Applied", None],
        ["Globex", "Data Engineer", dt.datetime(2024, 11, 6), None, "Rejected", None],
    ]
    s = jsa.load_many([li, _tracker(tmp_path / "t.xlsx", rows)], client="me")
    globex = s.applications[s.applications["company"] == "Globex"]
    assert len(globex) == 2  # the LinkedIn row joins one of them, not both
    assert globex["merged_from"].notna().sum() == 1
    assert len(s.report.entries.query("kind == 'merged'")) == 1


def _frames():
    apps = conform(
        pd.DataFrame(
            {
                "application_id": ["a/1", "b/1", "b/2"],
                "company": ["Acme", "ACME Inc.", "Initech"],
                "role": ["Analyst", "analyst", "Analyst"],
                "url": [None, None, "https://x.example/j/1"],
                "date_applied": pd.to_datetime(["2024-03-01", "2024-03-03", "2024-03-05"]),
                "stage": ["interview", "applied", "applied"],
                "outcome": ["open", "open", "open"],
                "source_file": ["a.csv", "b.csv", "b.csv"],
                "client": ["me", "me", "me"],
            }
        ),
        APPLICATION_COLUMNS,
    )
    events = conform(
        pd.DataFrame(
            {
                "application_id": ["a/1", "a/1", "b/1", "b/1", "b/1"],
                "date": pd.to_datetime(
                    [
                        "2024-03-01 00:00",
                        "2024-03-10 10:00",
                        "2024-03-03 00:00",
                        "2024-03-10 18:00",
                        None,
                    ]
                ),
                "date_known": [True, True, True, True, False],
                "kind": ["applied", "interview", "applied", "interview", "follow_up"],
                "round": [None, 1, None, 1, None],
                "source_file": ["a.csv", "a.csv", "b.csv", "b.csv", "b.csv"],
            }
        ),
        EVENT_COLUMNS,
    )
    return apps, events


def test_identical_events_are_kept_once_and_inputs_not_mutated() -> None:
    apps, events = _frames()
    a0, e0 = apps.copy(), events.copy()
    out = merge_applications(apps, events, days=3)
    pd.testing.assert_frame_equal(apps, a0)
    pd.testing.assert_frame_equal(events, e0)
    assert out.applications["application_id"].tolist() == ["a/1", "b/2"]
    ev = out.events[out.events["application_id"] == "a/1"]
    # the same interview on the same day from both files: once; b's follow-up is new: kept
    assert sorted(ev["kind"].astype(str)) == ["applied", "follow_up", "interview"]
    d = out.decisions.iloc[0]
    assert (d["kept"], d["other"], d["kind"], d["dropped_events"]) == ("a/1", "b/1", "merged", 2)


def test_dedupe_never_drops_within_one_file() -> None:
    ev = pd.DataFrame(
        {
            "kind": ["follow_up", "follow_up", "follow_up"],
            "round": [None, None, None],
            "date": pd.to_datetime([None, None, None]),
            "date_known": [False, False, False],
            "source_file": ["a", "a", "b"],
        }
    )
    assert list(dedupe_events(ev, ["a", "b"])) == [2]


def test_normalise_role() -> None:
    assert normalise_role("Data Engineer") == normalise_role("data  engineer.")
    assert normalise_role("Data Engineer") != normalise_role("Data Engineer II")
    assert normalise_role(None) == ""
