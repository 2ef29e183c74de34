"""A 'Last update' column is when a row was last edited, not when a reply came (issue #12
item 8, issue #13 Done-when 2): status trackers written by the package's own CSV writer, read
back, give reply-by-day-14 intervals that hold the planted value."""

from __future__ import annotations

import pandas as pd
import pytest

import jobsearch_analytics as jsa
from jobsearch_analytics.metrics.timing import reply_by_day
from jobsearch_analytics.sample import generate
from jobsearch_analytics.sample._trackers import write_tracker_csv

SEEDS = range(30)


@pytest.fixture(scope="module")
def trackers(tmp_path_factory):
    folder = tmp_path_factory.mktemp("status_trackers")
    out = []
    for seed in SEEDS:
        sample = generate(seed, n_applications=120)
        written = write_tracker_csv(sample, folder / f"tracker-{seed}.csv")
        out.append((sample, jsa.load(written.path)))
    return out


def test_last_update_is_kept_as_an_upper_bound_and_reported(trackers):
    _, search = trackers[0]
    apps = search.applications
    assert apps["status_updated"].notna().any()
    # never a reply date: the status's events stay undated
    replies = search.events[search.events["kind"].isin(["rejection", "response", "interview"])]
    assert len(replies) and not replies["date_known"].any()
    assert search.holds("status_updated") and not search.holds("reply_date")
    entries = search.report.entries
    said = entries[entries["column"] == "Last Update"]["problem"]
    assert said.str.contains("last edited").any()


def test_reply_by_day_14_covers_the_planted_value(trackers):
    hits = 0
    for sample, search in trackers:
        row = reply_by_day(search, days=(14,), today=sample.today).iloc[0]
        truth = sample.effects.p_reply_by(14)
        hits += bool(row["ci_low"] <= truth <= row["ci_high"])
    assert hits >= 0.8 * len(trackers), hits


def test_reading_last_update_as_the_reply_date_would_be_too_slow(trackers):
    # the old reading (the status's events dated by Last Update) put every reply on the day
    # of the last edit; its 14-day estimate sits far below the planted value
    sample, search = trackers[0]
    apps = search.applications
    replied = search.events["kind"].isin(["rejection", "response", "interview", "offer"])
    ids = set(search.events.loc[replied, "application_id"])
    first = apps.set_index("application_id")["status_updated"]
    days = (first - apps.set_index("application_id")["date_applied"]).dt.days
    early = sum(1 for i in ids if pd.notna(days.get(i)) and days[i] <= 14)
    assert early / len(apps) < sample.effects.p_reply_by(14) / 2
