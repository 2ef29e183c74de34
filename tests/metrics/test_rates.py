"""Rates and funnel: hand-worked counts, intervals checked against statsmodels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint

from jobsearch_analytics.metrics.rates import (
    funnel,
    interview_rates,
    offer_rates,
    rates,
    response_rates,
)
from jobsearch_analytics.model import STAGES, JobSearch


def make_search(apps: dict, events: dict | None = None) -> JobSearch:
    return JobSearch.from_frames(
        pd.DataFrame(apps), None if events is None else pd.DataFrame(events)
    )


def fingerprint(search: JobSearch) -> tuple:
    return tuple(
        (int(pd.util.hash_pandas_object(f, index=True).sum()), tuple(map(str, f.dtypes)))
        for f in (search.applications, search.events)
    )


@pytest.fixture
def ten_apps() -> JobSearch:
    # 12 rows: 2 saved (never sent), 10 sent. Replies: b (undated rejection), c, d (stage
    # proves it), e has a dated response event, f stage screen.
    apps = {
        "application_id": list("abcdefghijkl"),
        "source": [
            "LinkedIn",
            "LinkedIn",
            "Indeed",
            "Indeed",
            "LinkedIn",
            None,
            "Indeed",
            "LinkedIn",
            "Indeed",
            None,
            "LinkedIn",
            "LinkedIn",
        ],
        "referral": [True, False, False, True, None, False, False, True, False, False, True, None],
        "stage": [
            "applied",
            "applied",
            "interview",
            "offer",
            "applied",
            "screen",
            "applied",
            "accepted",
            "applied",
            "applied",
            "saved",
            "saved",
        ],
        "date_applied": [
            "2024-01-01",
            "2024-01-02",
            "2024-01-08",
            "2024-01-09",
            "2024-01-15",
            "2024-02-01",
            "2024-02-02",
            "2024-02-05",
            None,
            "2024-02-20",
            None,
            None,
        ],
    }
    events = {
        "application_id": ["b", "e", "k"],
        "date": [None, "2024-01-20", "2024-03-01"],
        "date_known": [False, True, True],
        "kind": ["rejection", "response", "response"],
    }
    return make_search(apps, events)


def test_overall_response_rate_hand_worked(ten_apps):
    # replied: b (event), c, d, f, h (stage >= screen), e (event) -> 6 of 10 sent; k is saved
    out = response_rates(ten_apps)
    assert out[["n", "k"]].values.tolist() == [[10, 6]]
    assert out.loc[0, "rate"] == pytest.approx(0.6)
    lo, hi = proportion_confint(6, 10, alpha=0.05, method="wilson")
    assert out.loc[0, "ci_low"] == pytest.approx(lo)
    assert out.loc[0, "ci_high"] == pytest.approx(hi)
    assert not out.loc[0, "small"]


def test_stage_outcomes_hand_worked(ten_apps):
    assert rates(ten_apps, outcome="screen")[["n", "k"]].values.tolist() == [[10, 4]]
    assert interview_rates(ten_apps)[["n", "k"]].values.tolist() == [[10, 3]]
    assert offer_rates(ten_apps)[["n", "k"]].values.tolist() == [[10, 2]]


def test_by_source_groups_missing_as_unknown(ten_apps):
    out = response_rates(ten_apps, by="source")
    assert list(out.columns) == ["source", "n", "k", "rate", "ci_low", "ci_high", "small"]
    got = {r.source: (r.n, r.k) for r in out.itertuples()}
    # Indeed: c,d,g,i -> replies c,d; LinkedIn: a,b,e,h -> b,e,h; unknown: f,j -> f
    assert got == {"Indeed": (4, 2), "LinkedIn": (4, 3), "(unknown)": (2, 1)}
    assert out["small"].all()


def test_by_referral_labels(ten_apps):
    out = interview_rates(ten_apps, by="referral")
    got = {r.referral: (r.n, r.k) for r in out.itertuples()}
    # referral: a,d,h -> d,h; cold: b,c,f,g,i,j -> c; unknown: e -> none
    assert got == {"referral": (3, 2), "cold": (6, 1), "unknown": (1, 0)}


def test_by_week_and_month(ten_apps):
    week = response_rates(ten_apps, by="week")
    got = {r.week: (r.n, r.k) for r in week.itertuples()}
    assert got == {
        "2024-01-01": (2, 1),  # a, b
        "2024-01-08": (2, 2),  # c, d
        "2024-01-15": (1, 1),  # e
        "2024-01-29": (2, 1),  # f (Thu 1 Feb), g (Fri 2 Feb)
        "2024-02-05": (1, 1),  # h
        "2024-02-19": (1, 0),  # j
        "(unknown)": (1, 0),  # i
    }
    month = response_rates(ten_apps, by="month")
    assert {r.month: (r.n, r.k) for r in month.itertuples()} == {
        "2024-01": (5, 4),
        "2024-02": (4, 2),
        "(unknown)": (1, 0),
    }


def test_by_two_keys_and_jeffreys(ten_apps):
    out = rates(ten_apps, by=["source", "referral"], method="jeffreys", level=0.9)
    assert list(out.columns[:2]) == ["source", "referral"]
    row = out[(out["source"] == "LinkedIn") & (out["referral"] == "referral")].iloc[0]
    assert (row["n"], row["k"]) == (2, 1)  # a, h
    lo, hi = proportion_confint(1, 2, alpha=0.1, method="jeffreys")
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((lo, hi))
    assert out["n"].sum() == 10


def test_bad_arguments(ten_apps):
    with pytest.raises(ValueError, match="outcome"):
        rates(ten_apps, outcome="hired")
    with pytest.raises(ValueError, match="cannot group by 'colour'"):
        rates(ten_apps, by="colour")


def test_funnel_hand_worked(ten_apps):
    out = funnel(ten_apps)
    assert out["stage"].tolist() == ["applied", "screen", "interview", "offer", "accepted"]
    assert out["n_reached"].tolist() == [10, 4, 3, 2, 1]
    assert out["n"].tolist() == [12, 10, 4, 3, 2]
    assert out["k"].tolist() == [10, 4, 3, 2, 1]
    lo, hi = proportion_confint(3, 4, method="wilson")
    assert out.loc[2, ["ci_low", "ci_high"]].tolist() == pytest.approx([lo, hi])


def test_funnel_by_group(ten_apps):
    out = funnel(ten_apps, by="source")
    indeed = out[out["source"] == "Indeed"]
    assert indeed["n_reached"].tolist() == [4, 2, 2, 1, 0]
    assert len(out) == 5 * 3


def test_metrics_do_not_mutate(ten_apps):
    before = fingerprint(ten_apps)
    rates(ten_apps, by=["week", "referral"])
    funnel(ten_apps, by="month")
    assert fingerprint(ten_apps) == before


stage_lists = st.lists(st.sampled_from([*STAGES, None]), min_size=1, max_size=60)


@settings(max_examples=60, deadline=None)
@given(stage_lists, st.lists(st.booleans(), min_size=60, max_size=60))
def test_properties_funnel_monotone_and_rates_bounded(stages, replied):
    n = len(stages)
    ids = [f"r{i}" for i in range(n)]
    search = make_search(
        {
            "application_id": ids,
            "stage": stages,
            "source": [["A", "B", None][i % 3] for i in range(n)],
        },
        {
            "application_id": [i for i, r in zip(ids, replied, strict=False) if r],
            "date_known": False,
            "kind": "response",
        },
    )
    f = funnel(search)
    assert (np.diff(f["n_reached"].to_numpy()) <= 0).all()
    assert (f["n"].to_numpy()[1:] == f["n_reached"].to_numpy()[:-1]).all()
    sent = sum(s != "saved" for s in stages)
    for outcome in ("response", "screen", "interview", "offer"):
        r = rates(search, outcome=outcome, by="source")
        assert r["n"].sum() == sent
        ok = r[r["n"] > 0]
        assert ((ok["rate"] >= 0) & (ok["rate"] <= 1)).all()
        assert ((ok["ci_low"] <= ok["rate"] + 1e-12) & (ok["rate"] <= ok["ci_high"] + 1e-12)).all()
    # screen <= response: a stage of screen or beyond proves a reply
    assert rates(search, outcome="screen")["k"].iloc[0] <= response_rates(search)["k"].iloc[0]


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", "d", "zz"]),  # "zz" has no application row
            st.sampled_from(["response", "rejection", "interview", "follow_up", "screen"]),
            st.one_of(st.none(), st.integers(0, 30)),
        ),
        max_size=25,
    )
)
def test_application_facts_agree_with_shared_derivations(rows):
    from jobsearch_analytics.metrics import facts as search_facts
    from jobsearch_analytics.metrics._derive import REPLY_KINDS, first_dates, has_kind

    base = pd.Timestamp("2024-01-01")
    search = make_search(
        {"application_id": ["a", "b", "c", "d", "a"], "stage": "applied"},
        {
            "application_id": [r[0] for r in rows],
            "kind": [r[1] for r in rows],
            "date": [None if r[2] is None else base + pd.Timedelta(days=r[2]) for r in rows],
            "date_known": [r[2] is not None for r in rows],
        },
    )
    facts = search_facts(search)
    ids = search.applications["application_id"]
    expected_first = ids.map(first_dates(search.events, REPLY_KINDS).to_dict())
    got_first = pd.Series(facts.first_reply, index=ids.index)
    assert got_first.equals(pd.to_datetime(expected_first).astype("datetime64[ns]"))
    replied = has_kind(search.events, REPLY_KINDS).to_dict()
    assert facts.replied.tolist() == [bool(replied.get(i, False)) for i in ids]
    interviewed = has_kind(search.events, {"interview"}).to_dict()
    assert facts.interviewed.tolist() == [bool(interviewed.get(i, False)) for i in ids]
