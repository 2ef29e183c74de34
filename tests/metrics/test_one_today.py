"""One today for every metric (issue #13 item 2): nothing dated after it counts anywhere."""

from __future__ import annotations

import pandas as pd

from jobsearch_analytics import metrics
from jobsearch_analytics.metrics.eventual import eventual_rate
from jobsearch_analytics.metrics.timing import durations
from jobsearch_analytics.model import JobSearch
from jobsearch_analytics.summary import summarize

TODAY = "2024-03-31"


def search() -> JobSearch:
    apps = pd.DataFrame(
        {
            "application_id": ["a", "b", "c", "d"],
            "company": ["A", "B", "C", "D"],
            "stage": ["interview", "applied", "screen", "applied"],
            "outcome": "open",
            "date_applied": ["2024-03-01", "2024-03-02", "2024-03-03", "2024-04-10"],
        }
    )
    events = pd.DataFrame(
        {
            "application_id": ["a", "a", "b", "c"],
            "date": ["2024-03-10", "2024-04-05", "2024-04-02", "2024-03-20"],
            "date_known": True,
            "kind": ["response", "interview", "rejection", "screen"],
            "round": [None, 1, None, None],
        }
    )
    return JobSearch.from_frames(apps, events)


def test_rates_funnel_and_timing_see_only_what_happened_by_today():
    s = search()
    # d was sent after today: not in any denominator; b's rejection and a's interview came
    # after today: no reply for b, no interview for a yet
    assert metrics.response_rates(s, today=TODAY)[["n", "k"]].values.tolist() == [[3, 2]]
    assert metrics.interview_rates(s, today=TODAY)[["n", "k"]].values.tolist() == [[3, 0]]
    f = metrics.funnel(s, today=TODAY).set_index("stage")
    assert int(f.loc["applied", "n_reached"]) == 3 and int(f.loc["interview", "n_reached"]) == 0
    d = durations(s, today=TODAY).set_index("application_id")
    assert d.loc["b", "observed"] == False and d.loc["b", "time"] == 29  # noqa: E712
    assert eventual_rate(s, today=TODAY).loc[0, "k"] == 2
    later = metrics.response_rates(s, today="2024-04-30")[["n", "k"]].values.tolist()
    assert later == [[4, 3]]


def test_summary_counts_nothing_after_today():
    d = summarize(search(), today=TODAY).to_dict()
    assert d["rates"]["response"]["so_far"] == {
        "k": 2,
        "n": 3,
        "rate": 2 / 3,
        "ci_low": d["rates"]["response"]["so_far"]["ci_low"],
        "ci_high": d["rates"]["response"]["so_far"]["ci_high"],
    }
    assert d["last_applied"] == "2024-03-03"
    assert all(a["application_id"] != "d" for a in d["actions"])
