"""summarize(): plain, JSON-safe data whose every number is the metric function's result."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from jobsearch_analytics.io.report import ReportBuilder
from jobsearch_analytics.metrics.activity import activity_gaps, applying_while_waiting
from jobsearch_analytics.metrics.eventual import eventual_rate
from jobsearch_analytics.metrics.rates import rates
from jobsearch_analytics.metrics.timing import ghosting_day, median_time, reply_by_day
from jobsearch_analytics.model import EVENT_KINDS, OUTCOMES, STAGES, JobSearch
from jobsearch_analytics.sample import generate
from jobsearch_analytics.summary import Summary, summarize


@pytest.fixture(scope="module")
def sample():
    return generate(4, n_applications=250)


@pytest.fixture(scope="module")
def summary(sample):
    return summarize(sample.to_jobsearch(), today=sample.today)


def rate_row(frame: pd.DataFrame) -> dict:
    row = frame.iloc[0]
    return {k: row[k] for k in ("n", "k", "rate", "ci_low", "ci_high")}


def test_to_dict_is_strict_json(summary):
    d = summary.to_dict()
    text = json.dumps(d, allow_nan=False)
    assert json.loads(text) == d
    assert json.loads(summary.to_json()) == d

    def walk(x):
        if isinstance(x, dict):
            assert all(isinstance(k, str) for k in x)
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        else:
            assert x is None or type(x) in (bool, int, float, str), type(x)

    walk(d)


def test_required_keys(summary):
    d = summary.to_dict()
    for key in (
        "applications",
        "events",
        "stages",
        "outcomes",
        "first_applied",
        "last_applied",
        "issues",
        "today",
        "rates",
        "rates_by_source",
        "time_to_response",
        "ghosting_day",
        "thank_you",
        "follow_up",
        "salary",
        "actions",
        "benchmarks",
    ):
        assert key in d, key
    assert set(d["stages"]) == set(STAGES)
    assert set(d["outcomes"]) == set(OUTCOMES)
    assert set(d["events"]) == set(EVENT_KINDS)
    assert set(d["time_to_response"]["reply_by_day"]) == {"7", "14", "30"}


def test_counts_match_an_independent_count(sample, summary):
    apps, events = sample.applications, sample.events
    assert summary.applications == len(apps)
    stage_count = Counter(str(s) for s in apps["stage"])
    assert summary.stages == {s: stage_count.get(s, 0) for s in STAGES}
    kind_count = Counter(str(k) for k in events["kind"])
    assert summary.events == {k: kind_count.get(k, 0) for k in EVENT_KINDS}
    outcome_count = Counter(str(o) for o in apps["outcome"])
    assert summary.outcomes == {o: outcome_count.get(o, 0) for o in OUTCOMES}
    sent = apps[apps["stage"] != "saved"]["date_applied"].dropna()
    assert summary.first_applied == str(sent.min().date())
    assert summary.last_applied == str(sent.max().date())
    assert summary.today == str(sample.today.date())


def test_numbers_equal_metric_functions(sample, summary):
    search = sample.to_jobsearch()
    today = sample.today
    for outcome in ("response", "interview", "offer"):
        # the headline is the eventual rate by its horizon; the raw count stays beside it
        eventual = eventual_rate(search, outcome=outcome, today=today).iloc[0]
        got = summary.rates[outcome]
        for key in ("n", "k", "rate", "ci_low", "ci_high"):
            assert got[key] == pytest.approx(eventual[key])
        assert got["horizon_days"] == eventual["horizon_days"] and got["method"] == "kaplan-meier"
        expected = rate_row(rates(search, outcome=outcome, today=today))
        so_far = got["so_far"]
        assert (so_far["k"], so_far["n"]) == (expected["k"], expected["n"])
        assert so_far["rate"] == pytest.approx(expected["rate"])
        assert so_far["ci_low"] == pytest.approx(expected["ci_low"])
        by = rates(search, outcome=outcome, by="source")
        for row in by.to_dict("records"):
            cell = summary.rates_by_source[row["source"]][outcome]
            assert cell["n"] == row["n"] and cell["k"] == row["k"]
            assert cell["ci_low"] == pytest.approx(row["ci_low"])
    med = median_time(search, today=today).iloc[0]
    t = summary.time_to_response
    for key in ("median_days", "ci_low", "ci_high"):
        assert t[key] == (None if np.isnan(med[key]) else pytest.approx(med[key]))
    assert t["censored"] == med["censored"] and t["n"] == med["n"]
    for row in reply_by_day(search, today=today, days=(7, 14, 30)).itertuples():
        got = t["reply_by_day"][str(int(row.day))]
        assert got == pytest.approx({"p": row.p, "ci_low": row.ci_low, "ci_high": row.ci_high})
    assert summary.ghosting_day == ghosting_day(search, today=today).day
    waiting = applying_while_waiting(search, today=today).iloc[0]
    assert summary.activity["applying_while_waiting"]["k"] == waiting["k"]
    assert len(summary.activity["gaps"]) == len(activity_gaps(search))


def test_optional_sections_come_from_their_modules(sample, summary):
    from jobsearch_analytics.metrics.actions import actions_summary
    from jobsearch_analytics.metrics.after_interview import after_interview_summary

    search = sample.to_jobsearch()
    after = after_interview_summary(search, today=sample.today)
    assert summary.thank_you == json.loads(json.dumps(after["thank_you_delay"]["rows"]))
    assert summary.follow_up == json.loads(json.dumps(after["follow_up"]["rows"]))
    for row in summary.thank_you:
        assert {"bucket", "n", "k", "rate", "ci_low", "ci_high"} <= set(row)
    assert summary.actions == json.loads(json.dumps(actions_summary(search, today=sample.today)))
    core = summarize(search, today=sample.today, extras=False)
    assert core.salary is None and core.actions is None
    assert core.rates == summary.rates


def test_issues_are_the_load_report_counts():
    b = ReportBuilder()
    for kind in ("coerced", "coerced", "dropped"):
        b.entry(file="t.csv", sheet=None, row=3, col=1, problem="p", action="a", kind=kind)
    search = JobSearch.from_frames(
        pd.DataFrame(
            {
                "application_id": ["a"],
                "stage": ["applied"],
                "outcome": ["open"],
                "date_applied": ["2024-01-01"],
            }
        ),
        report=b.build(),
    )
    s = summarize(search, today="2024-02-01")
    assert s.issues == {
        "coerced": 2,
        "guessed": 0,
        "dropped": 1,
        "unparsed": 0,
        "merged": 0,
        "info": 0,
    }
    assert "2 coerced" in s._repr_html_()


def test_no_replies_gives_nulls_not_numbers():
    search = JobSearch.from_frames(
        pd.DataFrame(
            {
                "application_id": ["a", "b"],
                "stage": "applied",
                "outcome": "open",
                "date_applied": ["2024-01-01", None],
            }
        )
    )
    d = summarize(search, today="2024-01-20").to_dict()
    assert d["time_to_response"]["median_days"] is None
    assert d["time_to_response"]["excluded"]["no_date_applied"] == 1
    assert d["ghosting_day"] is None
    json.dumps(d, allow_nan=False)
    empty = summarize(
        JobSearch.from_frames(pd.DataFrame({"application_id": []})), today="2024-01-20"
    ).to_dict()
    assert empty["applications"] == 0 and empty["first_applied"] is None
    json.dumps(empty, allow_nan=False)


def test_html_is_compact_readable_and_escaped(summary):
    page = summary._repr_html_()
    r = summary.rates["response"]
    assert f"{r['k']} of {r['n']}" in page
    assert f"{r['rate']:.0%}" in page
    assert "Ghosting" in page and "Data issues" in page and "Next steps" in page
    hostile = dataclasses.replace(summary, rates_by_source={"<script>x</script>": summary.rates})
    assert "<script>x" not in hostile.to_html()
    assert "&lt;script&gt;" in hostile.to_html()


def test_summary_is_frozen_and_does_not_mutate(sample):
    search = sample.to_jobsearch()
    before = [pd.util.hash_pandas_object(f).sum() for f in (search.applications, search.events)]
    s = summarize(search, today=sample.today, extras=False)
    after = [pd.util.hash_pandas_object(f).sum() for f in (search.applications, search.events)]
    assert before == after
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.applications = 3  # type: ignore[misc]
    d = s.to_dict()
    d["rates"]["response"]["k"] = -1
    assert s.rates["response"]["k"] != -1
    assert isinstance(Summary().to_json(), str)


def test_to_dict_is_a_copy_of_the_table_rows(summary):
    # Rows of large tables are copied without a walk through their values (PlainRecords);
    # they must still be copies.
    first = summary.to_dict()
    assert first["actions"], "the sample should suggest actions"
    first["actions"][0]["action"] = "changed"
    first["salary"]["posted"]["rows"].clear()
    again = summary.to_dict()
    assert again["actions"][0]["action"] != "changed"
    assert again["salary"]["posted"]["rows"]
    assert "rows" not in again["salary"]["target"]  # the basis is named, not listed
    assert again["actions"][0] is not summary.actions[0]
