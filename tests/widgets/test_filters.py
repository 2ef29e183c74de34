"""Filters as plain data: each filter against a direct pandas / Python computation."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobsearch_analytics.model import JobSearch
from jobsearch_analytics.widgets import (
    FilterState,
    describe_filter,
    filter_options,
    filter_search,
)
from jobsearch_analytics.widgets.filters import NO_SOURCE


@pytest.fixture(scope="module")
def small() -> JobSearch:
    apps = pd.DataFrame(
        {
            "application_id": list("abcdef"),
            "role": ["Data Analyst", "Data Engineer", "Chef", None, "senior DATA lead", "Cook"],
            "source": ["LinkedIn", "Indeed", "LinkedIn", None, "Indeed", "LinkedIn"],
            "referral": [True, False, None, True, None, False],
            "client": ["ann", "ann", "bob", "bob", "bob", "ann"],
            "stage": ["applied", "screen", "applied", "saved", "interview", "applied"],
            "date_applied": [
                "2024-01-02",
                "2024-01-09",
                "2024-02-01",
                None,
                "2024-02-15",
                "2024-03-01",
            ],
        }
    )
    events = pd.DataFrame(
        {
            "application_id": ["a", "b", "b", "e", "e", "f"],
            "date_known": False,
            "kind": ["applied", "applied", "screen", "applied", "interview", "applied"],
        }
    )
    return JobSearch.from_frames(apps, events)


def _ids(search: JobSearch) -> list[str]:
    return search.applications["application_id"].tolist()


def test_default_state_keeps_everything_and_returns_the_input(small):
    assert filter_search(small, FilterState()) is small


def test_each_filter_matches_a_direct_computation(small):
    raw = small.applications
    cases = {
        FilterState(source="LinkedIn"): [
            i for i, s in zip(raw.application_id, raw.source, strict=True) if s == "LinkedIn"
        ],
        FilterState(source=NO_SOURCE): ["d"],
        FilterState(role="data"): ["a", "b", "e"],
        FilterState(referral="referred"): ["a", "d"],
        FilterState(referral="not referred"): ["b", "f"],
        FilterState(referral="unknown"): ["c", "e"],
        FilterState(client="bob"): ["c", "d", "e"],
        # Bounds are inclusive days; undated applications cannot be placed in a range.
        FilterState(start="2024-01-09", end="2024-02-15"): ["b", "c", "e"],
        FilterState(end=dt.date(2024, 1, 9)): ["a", "b"],
        FilterState(source="Indeed", role="DATA", referral="unknown"): ["e"],
    }
    for state, expected in cases.items():
        assert _ids(filter_search(small, state)) == expected, state


def test_events_follow_their_applications_and_input_is_not_mutated(small):
    before_apps, before_events = small.applications.copy(), small.events.copy()
    out = filter_search(small, FilterState(role="data"))
    assert sorted(out.events["application_id"].unique()) == ["a", "b", "e"]
    assert len(out.events) == 5  # a:1, b:2, e:2
    pd.testing.assert_frame_equal(small.applications, before_apps)
    pd.testing.assert_frame_equal(small.events, before_events)
    assert out.report is small.report


def test_states_normalise_so_equal_choices_share_a_cache_key():
    a = FilterState(start="2024-01-05", role=" data ")
    b = FilterState(start=dt.date(2024, 1, 5), role="data")
    assert a == b and hash(a) == hash(b)
    with pytest.raises(ValueError, match="referral"):
        FilterState(referral="maybe")  # type: ignore[arg-type]


def test_options_count_sources_and_clients(small):
    o = filter_options(small)
    assert o.sources == (("LinkedIn", 3), ("Indeed", 2), (NO_SOURCE, 1))
    assert o.clients == (("ann", 3), ("bob", 3))
    assert (o.first, o.last) == (dt.date(2024, 1, 2), dt.date(2024, 3, 1))


def test_sample_tracker_source_counts_match_pandas(tracker_search):
    counts = tracker_search.applications["source"].value_counts()
    options = dict(filter_options(tracker_search).sources)
    for source, n in counts.items():
        assert options[source] == n
        assert len(filter_search(tracker_search, FilterState(source=source))) == n


def test_describe_filter_names_every_choice():
    text = describe_filter(FilterState(client="ann", referral="unknown", start="2024-01-01"))
    assert text == "client ann, referral unknown, applied from 2024-01-01"


@settings(max_examples=40, deadline=None)
@given(
    source=st.sampled_from([None, "LinkedIn", "Indeed", NO_SOURCE]),
    role=st.sampled_from(["", "data", "co", "zzz"]),
    referral=st.sampled_from(["any", "referred", "not referred", "unknown"]),
    client=st.sampled_from([None, "ann", "bob"]),
)
def test_filters_only_ever_narrow(small, source, role, referral, client):
    state = FilterState(source=source, role=role, referral=referral, client=client)
    kept = set(_ids(filter_search(small, state)))
    assert kept <= set(_ids(small))
    # Each filter alone keeps a superset of all of them together.
    for alone in (
        FilterState(source=source),
        FilterState(role=role),
        FilterState(referral=referral),
        FilterState(client=client),
    ):
        assert kept <= set(_ids(filter_search(small, alone)))
