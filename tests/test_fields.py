"""The field-availability contract (issue #12 item 7): a search says which evidence its
source held, read from what the loader really mapped; metrics build on it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import jobsearch_analytics as jsa
from jobsearch_analytics.model import EVIDENCE, JobSearch, infer_fields, missing_text

ROOT = Path(__file__).resolve().parents[1]
EXPORTS = ROOT / "tests" / "data" / "exports"


def test_linkedin_export_holds_no_replies_or_outcomes():
    s = jsa.load(EXPORTS / "linkedin" / "Job Applications.csv")
    assert s.holds("date_applied") and s.holds("company")
    for name in ("reply", "outcome", "interview", "offer", "reply_date", "thank_you"):
        assert not s.holds(name), name


def test_status_tracker_holds_outcomes_and_last_update():
    s = jsa.load(ROOT / "data" / "sample" / "tracker.csv")
    for name in ("reply", "outcome", "interview", "offer", "status_updated", "source"):
        assert s.holds(name), name
    assert not s.holds("thank_you") and not s.holds("feedback_request")


def test_wide_workbook_holds_its_event_columns():
    s = jsa.load(ROOT / "data" / "sample" / "tracker.xlsx")
    for name in ("thank_you", "follow_up", "feedback_request", "reply_date", "skill_gaps"):
        assert s.holds(name), name


def test_load_many_is_the_union_of_its_files(tmp_path):
    (tmp_path / "a.csv").write_text("Company,Date applied\nAcme,2024-01-02\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("Company,Status\nGlobex,Rejected\n", encoding="utf-8")
    s = jsa.load_many(tmp_path)
    assert s.holds("date_applied") and s.holds("reply")
    assert not jsa.load(tmp_path / "a.csv").holds("reply")


def test_from_frames_infers_from_the_columns_given_and_the_events_present():
    apps = pd.DataFrame({"application_id": ["a"], "date_applied": ["2024-01-02"]})
    assert not JobSearch.from_frames(apps).holds("reply")
    assert JobSearch.from_frames(apps.assign(stage="applied")).holds("reply")
    ev = pd.DataFrame(
        {"application_id": ["a"], "date": ["2024-01-09"], "date_known": True, "kind": ["thank_you"]}
    )
    s = JobSearch.from_frames(apps, ev)
    assert s.holds("thank_you") and not s.holds("follow_up")
    assert JobSearch.from_frames(apps, fields=["reply"]).fields == frozenset({"reply"})


def test_direct_construction_infers_from_content_and_bad_names_are_refused():
    conformed = JobSearch.from_frames(
        pd.DataFrame({"application_id": ["a"], "stage": ["applied"]})
    ).applications
    # a conformed table has every column: only values that say something count
    assert infer_fields(conformed) == frozenset()
    with pytest.raises(ValueError, match="no evidence"):
        JobSearch.from_frames(conformed, fields=["replies"])
    with pytest.raises(ValueError, match="no evidence"):
        JobSearch.from_frames(conformed).holds("replies")


def test_every_evidence_has_a_hint():
    for name, ev in EVIDENCE.items():
        assert ev.hint.startswith("add a column"), name
        assert missing_text(name).startswith("not in your tracker")
