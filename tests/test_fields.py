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


def test_status_less_linkedin_export_reads_unknown_everywhere():
    """Issue #13 Done-when: outcomes unknown, no response rate, no ghosting actions -- in the
    JSON, the text, the HTML, the client report's cards and the dashboard's overview."""
    import matplotlib

    matplotlib.use("Agg")
    from jobsearch_analytics.report.client import build_report
    from jobsearch_analytics.summary import summarize
    from jobsearch_analytics.widgets.panels import overview_panel, timing_panel

    search = jsa.load(EXPORTS / "linkedin" / "Job Applications.csv")
    today = "2025-03-01"  # months after every application: silence would look like ghosting
    s = summarize(search, today=today)
    d = s.to_dict()
    for name in ("response", "interview", "offer"):
        assert d["rates"][name]["rate"] is None and d["rates"][name]["k"] is None
        assert d["rates"][name]["missing"].startswith("not in your tracker")
    assert set(d["outcomes"].values()) == {None}
    assert d["time_to_response"]["median_days"] is None
    assert all(v["p"] is None for v in d["time_to_response"]["reply_by_day"].values())
    assert d["ghosting_day"] is None
    assert not [a for a in d["actions"] if a["action"] in ("mark as ghosted", "follow up")]
    text, page = s.to_text(), s.to_html()
    assert "Response rate:  unknown: not in your tracker" in text
    assert "Outcomes: unknown" in text and "0%" not in text
    assert "add a column &#x27;Status&#x27;" in page or "add a column 'Status'" in page
    assert "0%" not in page
    report = build_report(search, today=today, charts=False).to_html()
    assert "unknown" in report
    timing = timing_panel(search, today=today)
    assert timing.numbers["replies"] is None and all(isinstance(p, str) for p in timing.parts)
    assert "Replies: unknown" in timing.parts[0]
    panel = overview_panel(search, today=today)
    assert panel.numbers["response"]["rate"] is None and panel.numbers["funnel"] == {"applied": 5}


def test_a_tracker_with_a_status_still_gets_its_numbers():
    from jobsearch_analytics.summary import summarize

    search = jsa.load(EXPORTS / "google" / "Job search 2024 - Applications.csv")
    d = summarize(search, today="2025-03-01").to_dict()
    assert d["rates"]["response"]["rate"] is not None
    assert d["rates"]["response"]["missing"] is None
