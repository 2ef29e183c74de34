"""Planted truth: the generator's analytic effects lie inside the reported 95 % intervals.

Each check runs over 100 seeds of realistic searches (300 applications), analysed long after
the last application so every outcome is known; a 95 % interval should cover the truth in
about 95 % of seeds, and we require at least 90 %.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from jobsearch_analytics.metrics.after_interview import (
    follow_up_effect,
    next_steps_effect,
    thank_you_effect,
)
from jobsearch_analytics.metrics.network import referral_effect
from jobsearch_analytics.sample import Effects, generate

SEEDS = range(100)
N_APPLICATIONS = 300
LATE = "2025-06-01"  # the default search starts 2024-01-08 and lasts 16 weeks
LANDMARK, WINDOW = 14, 30


def follow_up_truth(e: Effects, landmark: int, window: int) -> tuple[float, float]:
    """Reply rate in (landmark, landmark + window] among applications silent at the landmark,
    for those followed up by then and those not, computed from the planted law (documented on
    Effects): a cure model with a lognormal reply time, the follow-up on day F (uniform on
    follow_up_day_min..max, sent only if still silent) multiplying the hazard afterwards."""
    mu, sigma = np.log(e.median_days_to_reply), e.sigma_days_to_reply

    def s0(day: float, p: float) -> float:
        return 1 - p * stats.norm.cdf((np.log(day) - mu) / sigma)

    end = landmark + window
    days = range(e.follow_up_day_min, e.follow_up_day_max + 1)
    assert max(days) <= landmark  # every planned follow-up is sent before the landmark
    fu_num = fu_den = no_num = no_den = 0.0
    for w, p in (
        (e.referral_share, e.p_response_referral),
        (1 - e.referral_share, e.p_response_cold),
    ):
        no_num += w * (s0(landmark, p) - s0(end, p))
        no_den += w * s0(landmark, p)
        for f in days:

            def silent(d: float, f: int = f, p: float = p) -> float:
                return s0(f, p) * (s0(d, p) / s0(f, p)) ** e.followup_multiplier

            fu_num += w * (silent(landmark) - silent(end)) / len(days)
            fu_den += w * silent(landmark) / len(days)
    return fu_num / fu_den, no_num / no_den


def covers(row: pd.Series, truth: float) -> bool:
    return bool(row["ci_low"] <= truth <= row["ci_high"])


@pytest.fixture(scope="module")
def sweep() -> pd.DataFrame:
    e = Effects()
    fu_truth, no_fu_truth = follow_up_truth(e, LANDMARK, WINDOW)
    out = []
    for seed in SEEDS:
        s = generate(seed, n_applications=N_APPLICATIONS, today=LATE)
        assert s.effects == e
        js = s.to_jobsearch()
        ty = thank_you_effect(js, by="within_24h", today=s.today).set_index("bucket")
        ns = next_steps_effect(js, today=s.today).set_index("bucket")
        ref = referral_effect(js).set_index("group")
        fu = follow_up_effect(js, landmark_days=(LANDMARK,), window_days=WINDOW, today=s.today)
        fu = fu.set_index("group")
        out.append(
            {
                "ty_24h": covers(ty.loc["within 24 h"], e.p_next_round_thank_you_24h),
                "ty_otherwise": covers(ty.loc["not within 24 h"], e.p_next_round_otherwise),
                "ty_difference": e.p_next_round_thank_you_24h - e.p_next_round_otherwise
                >= ty.loc["within 24 h", "diff_low"]
                and e.p_next_round_thank_you_24h - e.p_next_round_otherwise
                <= ty.loc["within 24 h", "diff_high"],
                "next_steps_null": ns.loc["asked", "diff_low"] <= 0 <= ns.loc["asked", "diff_high"],
                "referral": covers(ref.loc["referral"], e.p_reply_ever(referral=True)),
                "cold": covers(ref.loc["cold"], e.p_reply_ever(referral=False)),
                "followed_up": covers(fu.loc["followed up"], fu_truth),
                "not_followed_up": covers(fu.loc["no follow-up"], no_fu_truth),
                "n_interviews": int(ty["n"].sum()),
            }
        )
    return pd.DataFrame(out)


@pytest.mark.parametrize(
    "check",
    [
        "ty_24h",
        "ty_otherwise",
        "ty_difference",
        "next_steps_null",
        "referral",
        "cold",
        "followed_up",
        "not_followed_up",
    ],
)
def test_interval_covers_planted_truth(sweep, check):
    share = sweep[check].mean()
    assert share >= 0.90, f"{check}: the 95 % interval covered the truth in {share:.0%} of seeds"


def test_seeds_are_realistic(sweep):
    # Enough interviews per seed for the comparison to mean something, but not a mountain.
    assert 15 <= sweep["n_interviews"].median() <= 120


def test_follow_up_direction_on_a_large_search():
    e = Effects()
    assert e.followup_multiplier > 1  # the planted effect raises the reply hazard
    s = generate(7, n_applications=20_000, today="2026-06-01")
    t = follow_up_effect(s.to_jobsearch(), landmark_days=(LANDMARK,), today=s.today)
    row = t.set_index("group").loc["followed up"]
    assert row["difference"] > 0 and row["diff_low"] > 0
    fu_truth, no_fu_truth = follow_up_truth(e, LANDMARK, WINDOW)
    assert row["difference"] == pytest.approx(fu_truth - no_fu_truth, abs=0.01)
