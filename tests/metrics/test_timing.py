"""Kaplan-Meier, Aalen-Johansen and ghosting: hand-worked examples and statsmodels."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from jobsearch_analytics.metrics.timing import (
    aalen_johansen,
    competing_outcomes,
    durations,
    ghosting_curve,
    ghosting_day,
    median_time,
    reply_by_day,
    time_to_response,
)
from jobsearch_analytics.model import JobSearch

TODAY = pd.Timestamp("2024-06-30")
Z = stats.norm.ppf(0.975)


def make_search(apps: dict, events: dict | None = None) -> JobSearch:
    return JobSearch.from_frames(
        pd.DataFrame(apps), None if events is None else pd.DataFrame(events)
    )


def from_times(times, observed, *, kinds=None, referral=None) -> JobSearch:
    """Applications sent on 1 Jan 2024 with a first reply after ``times`` days (if observed);
    the unobserved ones are censored at TODAY, so their time is set by TODAY below."""
    n = len(times)
    start = pd.Timestamp("2024-01-01")
    ids = [f"x{i}" for i in range(n)]
    applied = [
        TODAY - pd.Timedelta(days=int(t)) if not o else start
        for t, o in zip(times, observed, strict=True)
    ]
    ev_ids, ev_dates, ev_kinds = [], [], []
    for i, (t, o) in enumerate(zip(times, observed, strict=True)):
        if o:
            ev_ids.append(ids[i])
            ev_dates.append(start + pd.Timedelta(days=int(t)))
            ev_kinds.append("response" if kinds is None else kinds[i])
    apps = {"application_id": ids, "stage": "applied", "date_applied": applied}
    if referral is not None:
        apps["referral"] = referral
    return make_search(
        apps, {"application_id": ev_ids, "date": ev_dates, "date_known": True, "kind": ev_kinds}
    )


def fingerprint(search: JobSearch) -> tuple:
    return tuple(
        int(pd.util.hash_pandas_object(f, index=True).sum())
        for f in (search.applications, search.events)
    )


# -- Kaplan-Meier -------------------------------------------------------------------------------

FIVE = ([2, 3, 5, 5, 8], [True, False, True, True, False])


def test_km_hand_worked_five_applications():
    km = time_to_response(from_times(*FIVE), today=TODAY)
    assert km["day"].tolist() == [2, 3, 5, 8]
    assert km["at_risk"].tolist() == [5, 4, 3, 1]
    assert km["events"].tolist() == [1, 0, 2, 0]
    assert km["censored"].tolist() == [0, 1, 0, 1]
    # S(2) = 4/5; S(5) = 4/5 * (1 - 2/3) = 4/15
    assert km["survival"].tolist() == pytest.approx([0.8, 0.8, 4 / 15, 4 / 15])
    # log-log interval at day 2 by hand: V = Greenwood / (log S)^2, S^exp(+-z sqrt V)
    s = 0.8
    v = (1 / (5 * 4)) / math.log(s) ** 2
    assert km.loc[0, "ci_low"] == pytest.approx(s ** math.exp(Z * math.sqrt(v)))
    assert km.loc[0, "ci_high"] == pytest.approx(s ** math.exp(-Z * math.sqrt(v)))
    med = median_time(from_times(*FIVE), today=TODAY)
    assert med.loc[0, "median_days"] == 5
    assert med.loc[0, ["n", "events", "censored"]].tolist() == [5, 3, 2]


def test_km_matches_statsmodels():
    rng = np.random.default_rng(7)
    times = rng.integers(0, 60, 300)
    observed = rng.random(300) < 0.45
    km = time_to_response(from_times(times, observed), today=TODAY)
    ref = sm.SurvfuncRight(times.astype(float), observed.astype(float))
    at_events = km[km["events"] > 0].reset_index(drop=True)
    np.testing.assert_allclose(at_events["day"], ref.surv_times)
    np.testing.assert_allclose(at_events["survival"], ref.surv_prob)
    np.testing.assert_allclose(at_events["at_risk"], ref.n_risk)
    np.testing.assert_allclose(at_events["events"], ref.n_events)
    # statsmodels' log-log band (its default) agrees with ours pointwise
    se_log = ref.surv_prob_se / ref.surv_prob  # Greenwood SE of log S
    v = se_log / np.abs(np.log(ref.surv_prob))
    np.testing.assert_allclose(at_events["ci_low"], ref.surv_prob ** np.exp(Z * v), rtol=1e-9)
    np.testing.assert_allclose(at_events["ci_high"], ref.surv_prob ** np.exp(-Z * v), rtol=1e-9)
    q = ref.quantile(0.5)
    assert median_time(from_times(times, observed), today=TODAY).loc[0, "median_days"] == q


def test_median_is_null_when_fewer_than_half_reply():
    search = from_times([3, 10, 40, 40, 40, 40], [True, True, False, False, False, False])
    med = median_time(search, today=TODAY)
    assert math.isnan(med.loc[0, "median_days"])
    assert "no median" in med.loc[0, "note"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.booleans()), min_size=1, max_size=40))
def test_censoring_never_shortens_the_median(pairs):
    times = np.array([t for t, _ in pairs])
    observed = np.array([o for _, o in pairs])
    km = median_time(from_times(times, observed), today=TODAY).loc[0, "median_days"]
    naive = median_time(from_times(times, np.ones_like(observed)), today=TODAY).loc[
        0, "median_days"
    ]
    # Treating the censored as replies is an ECDF that lies below KM's survival everywhere.
    assert naive <= (np.inf if math.isnan(km) else km)


def test_reply_by_day_is_one_minus_km():
    rng = np.random.default_rng(3)
    times = rng.integers(0, 50, 200)
    observed = rng.random(200) < 0.5
    ref = sm.SurvfuncRight(times.astype(float), observed.astype(float))
    out = reply_by_day(from_times(times, observed), days=(7, 14, 30), today=TODAY)
    for d, p in zip(out["day"], out["p"], strict=True):
        s = ref.surv_prob[ref.surv_times <= d]
        assert p == pytest.approx(1 - (s[-1] if len(s) else 1.0))
    assert (out["ci_low"] <= out["p"]).all() and (out["p"] <= out["ci_high"]).all()
    assert out["n"].tolist() == [200, 200, 200]
    # before the first reply: p = 0 with Wilson's interval for 0 of those followed that long
    early = reply_by_day(
        from_times([5, 9, 20, 20], [True, False, False, False]), days=(3, 12), today=TODAY
    )
    assert early["p"].tolist() == [0.0, 0.25]
    assert early.loc[0, "ci_low"] == 0.0
    assert early.loc[0, "ci_high"] == pytest.approx(Z**2 / (4 + Z**2))
    assert early["at_risk"].tolist() == [4, 2]
    # horizon past the longest follow-up: unknown, not extrapolated
    far = reply_by_day(from_times(times, observed), days=(1000,), today=TODAY)
    assert math.isnan(far.loc[0, "p"])


def test_exclusions_are_counted_and_replies_after_today_censored():
    search = make_search(
        {
            "application_id": list("abcdefg"),
            "stage": ["applied", "applied", "screen", "applied", "applied", "applied", "saved"],
            "date_applied": [
                "2024-06-01",
                None,
                "2024-06-01",
                "2024-06-10",
                "2024-07-05",
                "2024-06-01",
                None,
            ],
        },
        {
            "application_id": ["a", "c", "d", "f"],
            "date": ["2024-06-04", None, "2024-06-02", "2024-07-09"],
            "date_known": [True, False, True, True],
            "kind": ["response", "screen", "rejection", "response"],
        },
    )
    d = durations(search, today=TODAY)
    assert d["status"].astype(str).tolist() == [
        "timed",
        "no_date_applied",
        "reply_date_unknown",
        "reply_before_applied",
        "applied_after_today",
        "timed",
    ]
    # f's reply came after TODAY: censored at TODAY (29 days)
    assert d.loc[d["application_id"] == "f", ["time", "observed"]].values.tolist() == [[29, False]]
    med = median_time(search, today=TODAY)
    assert med.loc[
        0, ["no_date_applied", "reply_date_unknown", "reply_before_applied", "applied_after_today"]
    ].tolist() == [1, 1, 1, 1]
    assert med.loc[0, "n"] == 2
    assert time_to_response(search, today=TODAY).attrs["excluded"]["all"]["no_date_applied"] == 1


def test_interview_timing_and_groups():
    search = make_search(
        {
            "application_id": list("abcd"),
            "stage": ["interview", "applied", "interview", "screen"],
            "referral": [True, True, False, False],
            "date_applied": "2024-06-01",
        },
        {
            "application_id": ["a", "a", "c", "d"],
            "date": ["2024-06-03", "2024-06-10", "2024-06-21", "2024-06-05"],
            "date_known": True,
            "kind": ["response", "interview", "interview", "screen"],
        },
    )
    km = time_to_response(search, today=TODAY, event="interview", by="referral")
    ref = km[km["referral"] == "referral"]
    assert ref[["day", "events", "survival"]].values.tolist() == [[9, 1, 0.5], [29, 0, 0.5]]
    cold = km[km["referral"] == "cold"]
    assert cold[["day", "events", "survival"]].values.tolist() == [[20, 1, 0.5], [29, 0, 0.5]]
    med = median_time(search, today=TODAY, by="referral", event="interview")
    assert med.set_index("referral")["median_days"].to_dict() == {"referral": 9, "cold": 20}
    replies = median_time(search, today=TODAY, by="referral")
    # any reply: a after 2 days (b never); c after 20, d after 4 -> medians 2 and 4
    assert replies.set_index("referral")["median_days"].to_dict() == {"referral": 2, "cold": 4}


# -- Aalen-Johansen -----------------------------------------------------------------------------


def test_aalen_johansen_hand_worked():
    # t=1 rejection (n=5); t=2 positive + 1 censored (n=4); t=3 positive (n=2); t=4 censored.
    aj = aalen_johansen(np.array([1.0, 2, 2, 3, 4]), np.array([2, 1, 0, 1, 0]))
    assert aj["at_risk"].tolist() == [5, 4, 2, 1]
    assert aj["cif_2"].tolist() == pytest.approx([0.2, 0.2, 0.2, 0.2])
    # F1(2) = S(1) * 1/4 = 0.8/4; F1(3) = 0.2 + S(2) * 1/2 = 0.2 + 0.6/2
    assert aj["cif_1"].tolist() == pytest.approx([0.0, 0.2, 0.5, 0.5])
    assert aj["survival"].tolist() == pytest.approx([0.8, 0.6, 0.3, 0.3])
    total = aj["cif_1"] + aj["cif_2"] + aj["survival"]
    np.testing.assert_allclose(total, 1.0)
    # Variance of F2 at t=1 is the binomial 0.2*0.8/5
    assert aj.loc[0, "se_2"] == pytest.approx(math.sqrt(0.2 * 0.8 / 5))


def test_aalen_johansen_single_cause_is_one_minus_km_with_greenwood_se():
    rng = np.random.default_rng(11)
    times = rng.integers(1, 40, 150).astype(float)
    observed = rng.random(150) < 0.6
    aj = aalen_johansen(times, observed.astype(int))
    ref = sm.SurvfuncRight(times, observed.astype(float))
    rows = aj.set_index("day").loc[ref.surv_times]
    np.testing.assert_allclose(rows["cif_1"], 1 - ref.surv_prob)
    finite = np.isfinite(ref.surv_prob_se)
    np.testing.assert_allclose(rows["se_1"].to_numpy()[finite], ref.surv_prob_se[finite], rtol=1e-8)


def test_aalen_johansen_se_matches_numeric_delta_method():
    # Independent check: differentiate F_k(t_last) numerically with respect to the hazards and
    # combine with the multinomial covariance of the hazard estimates at each time.
    rng = np.random.default_rng(5)
    times = rng.integers(1, 12, 60).astype(float)
    cause = rng.choice([0, 1, 2], size=60, p=[0.3, 0.4, 0.3])
    aj = aalen_johansen(times, cause)
    days = np.unique(times)
    n = np.array([(times >= d).sum() for d in days], dtype=float)
    h = np.array(
        [[((times == d) & (cause == k)).sum() / n[j] for k in (1, 2)] for j, d in enumerate(days)]
    )

    def cif1(hz):
        s, f = 1.0, 0.0
        for j in range(len(days)):
            f += s * hz[j, 0]
            s *= 1 - hz[j].sum()
        return f

    var = 0.0
    for j in range(len(days)):
        grad = np.zeros(2)
        for k in range(2):
            e = np.zeros_like(h)
            e[j, k] = 1e-6
            grad[k] = (cif1(h + e) - cif1(h - e)) / 2e-6
        cov = (np.diag(h[j]) - np.outer(h[j], h[j])) / n[j]
        var += grad @ cov @ grad
    assert aj["se_1"].iloc[-1] == pytest.approx(math.sqrt(var), rel=1e-5)


def test_competing_outcomes_first_reply_rule():
    search = make_search(
        {"application_id": list("abcde"), "stage": "applied", "date_applied": "2024-06-01"},
        {
            "application_id": ["a", "b", "b", "c", "c", "d"],
            "date": [
                "2024-06-03",
                "2024-06-05",
                "2024-06-05",
                "2024-06-07",
                "2024-06-07",
                "2024-06-09",
            ],
            "date_known": True,
            # b: response + rejection the same day = rejection; c: screen + rejection = positive
            "kind": ["rejection", "response", "rejection", "screen", "rejection", "response"],
        },
    )
    out = competing_outcomes(search, today=TODAY)
    last = out[out["day"] == out["day"].max()].set_index("outcome")["cif"]
    assert last.to_dict() == pytest.approx(
        {"positive reply": 0.4, "rejection": 0.4, "silence": 0.2}
    )
    by_day = out.pivot(index="day", columns="outcome", values="cif")
    np.testing.assert_allclose(by_day.sum(axis=1), 1.0)
    km = time_to_response(search, today=TODAY).set_index("day")["survival"]
    np.testing.assert_allclose(by_day["silence"], km.loc[by_day.index])


# -- ghosting -----------------------------------------------------------------------------------


def test_ghosting_curve_hand_worked_and_interval():
    # 10 applications: replies after 2, 2, 5, 9 days; 6 silent for 60 days.
    times = [2, 2, 5, 9] + [60] * 6
    observed = [True] * 4 + [False] * 6
    search = from_times(times, observed)
    g = ghosting_curve(search, today=TODAY)
    s_inf = (8 / 10) * (7 / 8) * (6 / 7)
    assert g.loc[0, "p_reply"] == pytest.approx(1 - s_inf)
    # after day 2: S(2) = 0.8 -> P = (0.8 - s_inf)/0.8; after day 9 nothing more arrives
    assert g.loc[2, "p_reply"] == pytest.approx((0.8 - s_inf) / 0.8)
    assert g.loc[9, "p_reply"] == 0
    # before any reply the interval is the KM log-log interval of S(inf), turned over
    km = time_to_response(search, today=TODAY)
    last = km[km["events"] > 0].iloc[-1]
    assert g.loc[0, "ci_low"] == pytest.approx(1 - last["ci_high"])
    assert g.loc[0, "ci_high"] == pytest.approx(1 - last["ci_low"])
    # once no reply is seen later, Wilson for 0 of the 6 still waiting
    lo, hi = (0.0, 6 / (6 + Z**2) + 0.0)
    assert g.loc[9, "ci_low"] == pytest.approx(lo, abs=1e-12)
    assert g.loc[9, "ci_high"] == pytest.approx(Z**2 / (6 + Z**2))
    assert hi > 0
    day = ghosting_day(search, today=TODAY, min_replies=4)
    assert day.day == 9
    assert ghosting_day(search, today=TODAY).day is None  # 4 replies < the default 5
    assert day.plateau_reliable is False  # only 6 still waiting after the last reply
    assert g.attrs["last_reply_day"] == 9 and g.attrs["max_followup_day"] == 60


def test_ghosting_day_none_and_reliable_flag():
    times = list(range(1, 21)) + [80] * 20
    observed = [True] * 20 + [False] * 20
    day = ghosting_day(from_times(times, observed), threshold=0.05, today=TODAY)
    # after day 18 replies at 19 (22 waiting) and 20 (21 waiting) remain: 1 - 20/22 > 0.05;
    # after day 19 only 1/21 < 0.05
    assert day.day == 19 and day.plateau_reliable is True
    assert day.p_reply == pytest.approx(1 / 21)
    tiny = ghosting_day(from_times(times, observed), threshold=1e-9, today=TODAY)
    assert tiny.day == 20  # the estimate is exactly 0 only after the last reply
    one_left = ghosting_day(
        from_times([5, 80], [True, False]), threshold=0.01, today=TODAY, min_replies=1
    )
    assert one_left.day == 5  # before day 5 the chance is 1/2, after it 0 with 1 waiting
    # everybody replied: after the last reply nobody is left to learn from, so no answer
    everyone = ghosting_day(from_times([5, 9], [True, True]), today=TODAY, min_replies=1)
    assert everyone.day is None and "never drops" in everyone.basis


def test_timing_does_not_mutate():
    search = from_times(*FIVE)
    before = fingerprint(search)
    time_to_response(search, today=TODAY, by="week")
    competing_outcomes(search, today=TODAY)
    ghosting_day(search, today=TODAY)
    reply_by_day(search, today=TODAY)
    assert fingerprint(search) == before


def test_empty_search_gives_empty_or_null_results():
    empty = make_search({"application_id": []})
    assert len(time_to_response(empty, today=TODAY, by="source")) == 0
    assert len(reply_by_day(empty, today=TODAY, by="source")) == 0
    assert math.isnan(reply_by_day(empty, today=TODAY).loc[0, "p"])
    assert median_time(empty, today=TODAY).loc[0, "note"] == "no application can be timed"
    assert len(competing_outcomes(empty, today=TODAY)) == 0
    assert ghosting_day(empty, today=TODAY).day is None


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 40), st.booleans()),
        min_size=1,
        max_size=60,
    ),
    st.sampled_from([0.8, 0.9, 0.95, 0.99]),
)
def test_kaplan_meier_is_scipys_ecdf(cases: list[tuple[int, bool]], level: float) -> None:
    """The curve and its log-log band, written out to keep scipy.stats out of a cold start,
    are scipy's own: same values to 1e-12, NaN in the same places."""
    from jobsearch_analytics.metrics.timing import _km

    time = np.array([t for t, _ in cases], dtype="float64")
    observed = np.array([o for _, o in cases])
    got = _km(time, observed, level=level)
    if not observed.any():
        assert (got[["survival", "ci_low", "ci_high"]] == 1.0).all().all()
        return
    fit = stats.ecdf(stats.CensoredData(uncensored=time[observed], right=time[~observed]))
    with warnings.catch_warnings():
        # scipy warns where the band is undefined (NaN), which is compared too.
        warnings.simplefilter("ignore", RuntimeWarning)
        band = fit.sf.confidence_interval(level, method="log-log")
    days = np.unique(time)
    expected = {
        "survival": fit.sf.evaluate(days),
        "ci_low": band.low.evaluate(days),
        "ci_high": band.high.evaluate(days),
    }
    for column, want in expected.items():
        np.testing.assert_allclose(got[column].to_numpy(), want, rtol=0, atol=1e-12)
