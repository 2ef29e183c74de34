"""actions.next_steps: one hand-built tracker exercising every rule (today = 2024-03-20)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from jobsearch_analytics.metrics.actions import actions_summary, next_steps
from jobsearch_analytics.metrics.timing import ghosting_day
from jobsearch_analytics.model import JobSearch

TODAY = "2024-03-20"


def fingerprint(search: JobSearch) -> tuple:
    return tuple(
        (int(pd.util.hash_pandas_object(f, index=True).sum()), tuple(map(str, f.dtypes)))
        for f in (search.applications, search.events)
    )


@pytest.fixture
def tracker() -> JobSearch:
    apps = pd.DataFrame(
        [
            # id, applied, stage, outcome, posted salary
            ("A", "2024-03-01", "interview", "open", None),
            ("B", "2024-03-01", "applied", "open", None),
            ("C", "2024-03-01", "applied", "open", None),
            ("D", "2024-01-15", "applied", "open", None),
            ("E", "2024-02-01", "interview", "rejected", None),
            ("F", "2024-02-01", "interview", "open", None),
            ("G", "2024-02-01", "interview", "open", 90000.0),
            ("H", None, "saved", "open", None),
            ("I", "2024-03-01", "applied", "open", None),
            ("J", "2024-03-01", "applied", "withdrawn", None),
            ("K", "2023-12-01", "interview", "rejected", None),
        ],
        columns=["application_id", "date_applied", "stage", "outcome", "salary_annual_min"],
    ).assign(company=lambda f: "Co " + f["application_id"], role="Analyst")
    ev = [
        ("A", "2024-03-18", "interview", 1),
        ("C", "2024-03-15", "follow_up", None),
        ("E", "2024-02-10", "interview", 1),
        ("E", "2024-02-10", "thank_you", 1),
        ("E", "2024-03-10", "rejection", None),
        ("F", "2024-02-25", "interview", 1),
        ("F", "2024-02-25", "thank_you", 1),
        ("F", "2024-03-05", "interview", 2),
        ("F", "2024-03-05", "thank_you", 2),
        ("G", "2024-03-05", "interview", 2),
        ("G", "2024-03-05", "thank_you", 2),
        ("G", "2024-03-15", "follow_up", None),
        ("I", None, "response", None),
        ("K", "2023-12-10", "interview", 1),
        ("K", "2023-12-20", "rejection", None),
    ]
    events = pd.DataFrame(ev, columns=["application_id", "date", "kind", "round"]).assign(
        date_known=lambda f: f["date"].notna()
    )
    # a tracker that keeps every kind of evidence the rules read (a feedback column too, though
    # nobody asked yet)
    return JobSearch.from_frames(apps, events, fields=HELD)


HELD = ["date_applied", "reply", "outcome", "interview", "offer", "reply_date", "thank_you",
        "follow_up", "feedback_request", "salary"]  # fmt: skip


def test_rules_need_their_evidence(tracker):
    # Unknown is not zero: without a column for it, no rule reads silence as "not done".
    for missing, action in (
        ("thank_you", "send thank-you note"),
        ("feedback_request", "ask for feedback"),
        ("reply", "mark as ghosted"),
        ("reply", "follow up"),
        ("salary", "research salary"),
    ):
        assert action in set(next_steps(tracker, today=TODAY, ghost_after_days=30)["action"])
        held = [h for h in HELD if h != missing]
        s = JobSearch.from_frames(tracker.applications, tracker.events, fields=held)
        assert action not in set(next_steps(s, today=TODAY, ghost_after_days=30)["action"])


def test_every_rule(tracker):
    todo = next_steps(tracker, today=TODAY, ghost_after_days=30)
    got = todo[["application_id", "action", "due", "priority"]].astype(str).values.tolist()
    assert got == [
        # D: applied 01-15, silent 65 days > 30 -> ghosted, due 30 days after applying.
        ["D", "mark as ghosted", "2024-02-14", "low"],
        # F: reached round 2 on 03-05, no salary figure at all.
        ["F", "research salary", "2024-03-05", "high"],
        # B: applied 03-01, nothing since -> follow up on 03-08.
        ["B", "follow up", "2024-03-08", "medium"],
        # E: rejected 03-10 after an interview, no feedback request.
        ["E", "ask for feedback", "2024-03-10", "medium"],
        # F: round 2 on 03-05, nothing heard -> follow up on 03-12.
        ["F", "follow up", "2024-03-12", "medium"],
        # A: interviewed 03-18, no note -> due the next day.
        ["A", "send thank-you note", "2024-03-19", "high"],
    ]
    # C and G followed up on 03-15 (next due 03-22); I has an (undated) reply; H saved;
    # J withdrawn; K's rejection is older than 30 days; G has a posted salary.
    reasons = dict(zip(todo["application_id"] + "/" + todo["action"], todo["reason"], strict=True))
    assert reasons["B/follow up"] == (
        "applied on 2024-03-01, nothing heard in 19 days, no follow-up recorded"
    )
    assert reasons["F/follow up"] == (
        "interview round 2 on 2024-03-05, nothing heard in 15 days, no follow-up recorded"
    )
    assert reasons["A/send thank-you note"] == (
        "interviewed on 2024-03-18 (round 1), no thank-you note recorded"
    )
    assert reasons["D/mark as ghosted"] == (
        "applied on 2024-01-15, nothing heard in 65 days, past the chosen 30 days"
    )
    assert reasons["E/ask for feedback"] == (
        "rejected on 2024-03-10 after an interview, no feedback request recorded"
    )
    assert reasons["F/research salary"].startswith("reached interview round 2")
    assert list(todo.columns) == [
        "application_id",
        "company",
        "role",
        "action",
        "due",
        "reason",
        "priority",
    ]
    assert str(todo["due"].dtype) == "datetime64[ns]"
    assert todo.loc[0, "company"] == "Co D"


def test_thresholds_move_the_list(tracker):
    # A 10-day follow-up: B (due 03-11) and F (03-15) stay; C's next follow-up 03-25 does not.
    todo = next_steps(tracker, today=TODAY, ghost_after_days=30, follow_up_after_days=10)
    fu = todo[todo["action"] == "follow up"]
    assert fu["application_id"].tolist() == ["B", "F"]
    assert fu["due"].dt.strftime("%m-%d").tolist() == ["03-11", "03-15"]
    # A 3-day horizon brings C's and G's follow-ups (due 03-22) into view.
    todo = next_steps(tracker, today=TODAY, ghost_after_days=30, horizon_days=3)
    fu = todo[todo["action"] == "follow up"]
    assert set(fu["application_id"]) == {"B", "C", "F", "G"}
    assert "last follow-up on 2024-03-15" in fu.set_index("application_id").loc["C", "reason"]
    # A 100-day ghosting point turns D into a follow-up.
    todo = next_steps(tracker, today=TODAY, ghost_after_days=100)
    assert "mark as ghosted" not in set(todo["action"])
    assert "D" in set(todo.loc[todo["action"] == "follow up", "application_id"])


def test_ghost_point_comes_from_timing_when_not_given(tracker):
    todo = next_steps(tracker, today=TODAY)
    g = ghosting_day(tracker, today=TODAY)
    if g.day is None:
        assert todo.attrs["ghost_after_days"] == 30
        assert "default of 30 days" in todo.attrs["ghost_basis"]
    elif not g.plateau_reliable:
        assert todo.attrs["ghost_after_days"] == max(30, g.day)
        assert "not reliable" in todo.attrs["ghost_basis"]
    else:
        assert todo.attrs["ghost_after_days"] == g.day
        assert "own ghosting point" in todo.attrs["ghost_basis"]


def test_no_mutation_and_json(tracker):
    before = fingerprint(tracker)
    rows = actions_summary(tracker, today=TODAY, ghost_after_days=30)
    assert fingerprint(tracker) == before
    back = json.loads(json.dumps(rows, allow_nan=False))
    assert back[0]["due"] == "2024-02-14"


def test_empty_search():
    s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a"], "stage": ["saved"]}))
    todo = next_steps(s, today=TODAY, ghost_after_days=30)
    assert len(todo) == 0 and list(todo.columns)[3] == "action"
