"""Weekly activity, pipeline depth, applying while waiting and gaps: hand-worked examples."""

from __future__ import annotations

import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from jobsearch_analytics.metrics.activity import (
    activity_gaps,
    applying_while_waiting,
    close_dates,
    weekly_activity,
)
from jobsearch_analytics.model import JobSearch

TODAY = "2024-02-04"  # a Sunday


def make_search(apps: dict, events: dict | None = None) -> JobSearch:
    return JobSearch.from_frames(
        pd.DataFrame(apps), None if events is None else pd.DataFrame(events)
    )


@pytest.fixture
def month() -> JobSearch:
    # Weeks (Mon-Sun): W01 1-7 Jan, W02 8-14, W03 15-21, W04 22-28, W05 29 Jan-4 Feb.
    apps = {
        "application_id": list("abcdefg"),
        "stage": ["interview", "applied", "screen", "applied", "interview", "applied", "saved"],
        "outcome": ["rejected", "ghosted", "open", "withdrawn", "open", "open", "open"],
        "date_applied": [
            "2024-01-02",
            "2024-01-03",
            "2024-01-09",
            "2024-01-10",
            "2024-01-24",
            None,
            None,
        ],
    }
    events = {
        "application_id": ["a", "a", "a", "b", "c", "c", "e", "e", "e"],
        "date": [
            "2024-01-05",
            "2024-01-12",
            "2024-01-19",
            "2024-01-31",
            "2024-01-16",
            "2024-01-18",
            "2024-01-26",
            "2024-02-01",
            "2024-02-10",
        ],
        "date_known": True,
        "kind": [
            "response",
            "interview",
            "rejection",
            "ghosted",
            "response",
            "screen",
            "response",
            "interview",
            "offer",
        ],
    }
    return make_search(apps, events)


def test_close_dates_rule(month):
    closed = close_dates(month, today=TODAY)
    got = [None if pd.isna(d) else str(d.date()) for d in closed]
    # a: rejection; b: ghosted mark; d: withdrawn with no dated event -> day applied
    assert got == ["2024-01-19", "2024-01-31", None, "2024-01-10", None, None, None]


def test_weekly_activity_hand_worked(month):
    w = weekly_activity(month, today=TODAY)
    assert w["week"].tolist() == ["2024-W01", "2024-W02", "2024-W03", "2024-W04", "2024-W05"]
    assert [str(d.date()) for d in w["week_start"]] == [
        "2024-01-01",
        "2024-01-08",
        "2024-01-15",
        "2024-01-22",
        "2024-01-29",
    ]
    assert w["applications"].tolist() == [2, 2, 0, 1, 0]
    # first replies: a W01 (5 Jan), c W03 (16 Jan), e W04 (26 Jan)
    assert w["replies"].tolist() == [1, 0, 1, 1, 0]
    # interviews: a 12 Jan (W02), e 1 Feb (W05); e's offer on 10 Feb is after TODAY
    assert w["interviews"].tolist() == [0, 1, 0, 0, 1]
    # open at week end: W01 a,b; W02 +c,d -d(closed 10 Jan) = 3; W03 -a (19 Jan) = 2;
    # W04 +e = 3; W05 -b (31 Jan) = 2
    assert w["open_at_week_end"].tolist() == [2, 3, 2, 3, 2]


def test_weekly_activity_empty():
    w = weekly_activity(make_search({"application_id": ["a"], "stage": "saved"}), today=TODAY)
    assert len(w) == 0 and "open_at_week_end" in w.columns


def test_applying_while_waiting(month):
    # a waits from its interview (12 Jan) to its rejection (19 Jan); e from 1 Feb on.
    # Sent: a 2 Jan, b 3 Jan, c 9 Jan, d 10 Jan, e 24 Jan -> none inside a wait.
    out = applying_while_waiting(month, today=TODAY)
    assert out[["n", "k"]].values.tolist() == [[5, 0]]
    more = make_search(
        {
            "application_id": list("xyz"),
            "stage": ["interview", "applied", "applied"],
            "outcome": ["open", "open", "open"],
            "date_applied": ["2024-01-01", "2024-01-05", "2024-01-10"],
        },
        {
            "application_id": ["x", "x"],
            "date": ["2024-01-05", "2024-01-08"],
            "date_known": True,
            "kind": ["interview", "rejection"],
        },
    )
    # x waits 5 Jan (interview) .. 8 Jan (rejection): y sent on 5 Jan counts, z does not
    got = applying_while_waiting(more, today=TODAY)
    assert got[["n", "k"]].values.tolist() == [[3, 1]]
    lo, hi = proportion_confint(1, 3, method="wilson")
    assert got.loc[0, ["ci_low", "ci_high"]].tolist() == pytest.approx([lo, hi])
    assert got.loc[0, "waiting_days"] == 3  # 5, 6, 7 Jan within 1..10 Jan


def test_activity_gaps():
    s = make_search(
        {
            "application_id": list("abcdef"),
            "stage": "applied",
            "date_applied": [
                "2024-01-01",
                "2024-01-01",
                "2024-01-11",
                "2024-01-12",
                "2024-02-01",
                None,
            ],
        }
    )
    g = activity_gaps(s, min_days=10)
    assert [(str(a.date()), str(b.date()), d) for a, b, d in g.itertuples(index=False)] == [
        ("2024-01-01", "2024-01-11", 10),
        ("2024-01-12", "2024-02-01", 20),
    ]
    assert len(activity_gaps(s, min_days=21)) == 0


def test_activity_does_not_mutate(month):
    before = [pd.util.hash_pandas_object(f).sum() for f in (month.applications, month.events)]
    weekly_activity(month, today=TODAY)
    applying_while_waiting(month, today=TODAY)
    activity_gaps(month)
    after = [pd.util.hash_pandas_object(f).sum() for f in (month.applications, month.events)]
    assert before == after
