"""Planted truth: over many seeded searches, the planted value lies inside the reported 95%
interval in at least 90% of them (nominal coverage is 95%; 90% leaves room for chance and for
the approximations of the intervals without letting a biased estimator through)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from jobsearch_analytics.metrics.rates import response_rates
from jobsearch_analytics.metrics.timing import (
    competing_outcomes,
    ghosting_curve,
    median_time,
    reply_by_day,
)
from jobsearch_analytics.sample import generate

SEEDS = range(100)
N = 300


def covered(truth: float, low: float, high: float) -> bool:
    return bool(low - 1e-12 <= truth <= high + 1e-12)


@pytest.fixture(scope="module")
def searches():
    return [generate(seed, n_applications=N) for seed in SEEDS]


@pytest.fixture(scope="module")
def long_followed():
    # The analysis a year after the last application: every reply that will come has come,
    # so a response *rate* estimates the eventual reply probability.
    out = []
    for seed in SEEDS:
        first = generate(seed, n_applications=N)
        late = first.applications["date_applied"].max() + pd.Timedelta(days=365)
        out.append(generate(seed, n_applications=N, today=late))
    return out


def test_reply_by_day_covers_planted_probability(searches):
    hits = {7: 0, 14: 0, 30: 0}
    for s in searches:
        out = reply_by_day(s.to_jobsearch(), days=(7, 14, 30), today=s.today)
        for row in out.itertuples():
            hits[int(row.day)] += covered(s.effects.p_reply_by(row.day), row.ci_low, row.ci_high)
    for day, h in hits.items():
        assert h >= 0.9 * len(searches), (day, h)


def test_median_is_null_because_most_never_reply(searches):
    # Planted: about 23% ever reply, so no median exists; the estimate must not invent one.
    assert searches[0].effects.p_reply_ever() < 0.5
    for s in searches[:10]:
        m = median_time(s.to_jobsearch(), today=s.today)
        assert math.isnan(m.loc[0, "median_days"])


def test_response_rate_by_referral_covers_planted_reply_probability(long_followed):
    hits = {"referral": 0, "cold": 0}
    for s in long_followed:
        out = response_rates(s.to_jobsearch(), by="referral").set_index("referral")
        for label, flag in (("referral", True), ("cold", False)):
            truth = s.effects.p_reply_ever(referral=flag)
            row = out.loc[label]
            hits[label] += covered(truth, row["ci_low"], row["ci_high"])
    for label, h in hits.items():
        assert h >= 0.9 * len(long_followed), (label, h)
    # and the difference is the planted one in direction: referrals reply more often
    e = long_followed[0].effects
    assert e.p_reply_ever(referral=True) > e.p_reply_ever(referral=False)


def test_rejection_incidence_covers_planted_share(searches):
    # Planted: a first reply is a rejection with probability 1/2, independent of its timing,
    # so the rejection incidence by day 30 is p_reply_by(30) / 2.
    hits = 0
    for s in searches:
        c = competing_outcomes(s.to_jobsearch(), today=s.today)
        rej = c[(c["outcome"] == "rejection") & (c["day"] <= 30)].iloc[-1]
        truth = s.effects.p_rejection_given_reply * s.effects.p_reply_by(30)
        hits += covered(truth, rej["ci_low"], rej["ci_high"])
    assert hits >= 0.9 * len(searches), hits


def test_ghosting_curve_covers_planted_chance_of_late_reply(searches):
    hits = {7: 0, 14: 0}
    for s in searches:
        g = ghosting_curve(s.to_jobsearch(), today=s.today, max_day=14).set_index("day")
        for d in hits:
            truth = s.effects.p_reply_after(d)
            hits[d] += covered(truth, g.loc[d, "ci_low"], g.loc[d, "ci_high"])
    for d, h in hits.items():
        assert h >= 0.9 * len(searches), (d, h)


def test_estimated_ghosting_day_is_near_planted(searches):
    from jobsearch_analytics.metrics.timing import ghosting_day

    planted = searches[0].effects.ghosting_day(0.05)
    days = np.array(
        [ghosting_day(s.to_jobsearch(), today=s.today).day for s in searches], dtype=float
    )
    # the median estimate is within 3 days of the planted day (sampling spread is ~ +-4 days)
    assert abs(np.nanmedian(days) - planted) <= 3
