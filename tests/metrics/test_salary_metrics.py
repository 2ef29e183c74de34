"""salary: hand-worked frames; the median interval checked against the binomial directly."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from jobsearch_analytics.metrics.salary import (
    negotiation,
    normalise_role,
    offers_vs_posted,
    posted_salary,
    salary_summary,
    salary_target,
)
from jobsearch_analytics.model import JobSearch


def fingerprint(search: JobSearch) -> tuple:
    return tuple(
        (int(pd.util.hash_pandas_object(f, index=True).sum()), tuple(map(str, f.dtypes)))
        for f in (search.applications, search.events)
    )


@pytest.fixture
def postings() -> JobSearch:
    return JobSearch.from_frames(
        pd.DataFrame(
            {
                "application_id": list("abcdef"),
                "role": [
                    "Data Analyst",
                    "data analyst",
                    "Sr. Data Analyst",
                    "Data Analyst",
                    "Data Analyst",
                    "Data  Analyst",
                ],
                "location": ["Leeds", "York", None, "Berlin", "Leeds", "Leeds"],
                "salary_annual_min": [50e3, 60e3, 90e3, 40e3, np.nan, 30e3],
                "salary_annual_max": [70e3, 80e3, 110e3, 40e3, np.nan, np.nan],
                "salary_currency": ["USD", "USD", "USD", "EUR", None, "USD"],
            }
        )
    )


def test_normalise_role_keeps_seniority():
    got = normalise_role(pd.Series(["Sr Data Analyst", "Jr. C# Dev", "Data & ML", " x "]))
    assert got.tolist() == ["senior data analyst", "junior c# dev", "data and ml", "x"]


def test_posted_salary_by_role_splits_currencies(postings):
    t = posted_salary(postings).set_index(["role", "currency"])
    # USD data analyst: a (50-70, mid 60), b (60-80, mid 70), f (30 only: 30-30, mid 30).
    usd = t.loc[("data analyst", "USD")]
    assert usd["n"] == 3
    assert (usd["mid_low"], usd["mid_median"], usd["mid_high"]) == (30e3, 60e3, 70e3)
    assert (usd["annual_min_low"], usd["annual_min_median"], usd["annual_min_high"]) == (
        30e3,
        50e3,
        60e3,
    )
    assert (usd["annual_max_low"], usd["annual_max_median"], usd["annual_max_high"]) == (
        30e3,
        70e3,
        80e3,
    )
    assert t.loc[("data analyst", "EUR"), "n"] == 1
    assert t.loc[("senior data analyst", "USD"), "mid_median"] == 100e3
    assert "never mixed" in posted_salary(postings).attrs["note"]


def test_posted_salary_one_currency_and_other_keys(postings):
    t = posted_salary(postings, by="location", currency="USD")
    assert t[["location", "n"]].values.tolist() == [["(unknown)", 1], ["Leeds", 2], ["York", 1]]
    assert set(t["currency"]) == {"USD"}
    assert t.attrs["note"].startswith("One currency.")
    both = posted_salary(postings, by=["role", "location"], currency="USD")
    assert len(both) == 3  # (data analyst, Leeds), (data analyst, York), (senior, unknown)


@pytest.fixture
def offers() -> JobSearch:
    return JobSearch.from_frames(
        pd.DataFrame(
            {
                "application_id": list("abcdefg"),
                "company": list("ABCDEFG"),
                "role": ["Analyst"] * 7,
                "salary_annual_min": [60e3, 60e3, 60e3, 50e3, 60e3, np.nan, np.nan],
                "salary_annual_max": [80e3, 80e3, 80e3, 50e3, 80e3, np.nan, np.nan],
                "salary_currency": ["USD", "USD", "USD", "USD", "EUR", None, None],
                "offer_initial": [70e3, 85e3, 50e3, 50e3, 70e3, 65e3, np.nan],
                "offer_final": [75e3, 90e3, np.nan, 50e3, 70e3, 65e3, np.nan],
                "offer_currency": ["USD", "USD", "USD", None, "USD", "USD", None],
            }
        )
    )


def test_offers_vs_posted(offers):
    t = offers_vs_posted(offers).set_index("application_id")
    assert list(t.index) == list("abcdef")  # g has no offer
    # a: (75 - 60) / 20; b: (90 - 60) / 20; c: initial only, (50 - 60) / 20.
    assert t.loc["a", "position"] == pytest.approx(0.75)
    assert t.loc["b", "position"] == pytest.approx(1.5)
    assert t.loc["c", "position"] == pytest.approx(-0.5)
    assert np.isnan(t.loc["d", "position"])  # a single posted figure has no width
    assert t["vs_range"].to_dict() == {
        "a": "within",
        "b": "above",
        "c": "below",
        "d": "within",
        "e": "different currency",
        "f": "no posted range",
    }
    # USD analyst midpoints: a 70, b 70, c 70, d 50 (e is EUR). Each offer against the others:
    # a 75k > 70, 70, 50 -> 100; c 50k vs 70, 70, 50 -> (0 + 1/2) / 3; d 50k vs 70 x3 -> 0;
    # e 70k (USD offer) vs all four USD: 1 below, 3 ties -> (1 + 1.5) / 4; f 65k -> 1 / 4.
    assert t.loc["a", "percentile"] == pytest.approx(100.0)
    assert t.loc["c", "percentile"] == pytest.approx(100 * 0.5 / 3)
    assert t.loc["d", "percentile"] == pytest.approx(0.0)
    assert t.loc["e", "percentile"] == pytest.approx(62.5)
    assert t.loc["f", "percentile"] == pytest.approx(25.0)
    assert t["peers_n"].to_dict() == {"a": 3, "b": 3, "c": 3, "d": 3, "e": 4, "f": 4}


def binomial_median_interval(values: list[float], level: float) -> tuple[float, float, float]:
    """Independent: widest-coverage-meeting symmetric order statistics by exact binomial sums."""
    x = sorted(values)
    n = len(x)
    cdf = [sum(math.comb(n, i) for i in range(j + 1)) / 2**n for j in range(n + 1)]
    j = 1
    while j < n and cdf[j] <= (1 - level) / 2:
        j += 1
    return x[j - 1], x[n - j], 1 - 2 * cdf[j - 1]


def test_negotiation_counts_and_median():
    s = JobSearch.from_frames(
        pd.DataFrame(
            {
                "application_id": list("abcde"),
                "offer_initial": [100.0, 100.0, 200.0, 50.0, 80.0],
                "offer_final": [110.0, 100.0, 200.0, 52.0, np.nan],
            }
        ),
        pd.DataFrame(
            {
                "application_id": ["b"],
                "date": [None],
                "date_known": [False],
                "kind": ["negotiation"],
            }
        ),
    )
    t = negotiation(s).iloc[0]
    # Both figures: a, b, c, d. Negotiated: a (+10 %), b (event, +0 %), d (+4 %); c was not.
    assert (t["n_offers"], t["n_negotiated"]) == (4, 3)
    assert t["median_raise_pct"] == pytest.approx(4.0)
    # Three values: even [min, max] covers only 1 - 2/8.
    assert (t["ci_low"], t["ci_high"]) == pytest.approx((0.0, 10.0))
    assert t["ci_coverage"] == pytest.approx(0.75)


def test_negotiation_interval_with_ten_offers():
    raises = [3.0, 1.0, 4.0, 1.5, 5.0, 9.0, 2.0, 6.0, 5.5, 3.5]
    s = JobSearch.from_frames(
        pd.DataFrame(
            {
                "application_id": [str(i) for i in range(10)],
                "offer_initial": [1000.0] * 10,
                "offer_final": [1000.0 * (1 + r / 100) for r in raises],
            }
        )
    )
    t = negotiation(s).iloc[0]
    lo, hi, cov = binomial_median_interval(raises, 0.95)
    # By hand: P(B <= 1) = 11/1024 <= 0.025 < P(B <= 2) -> [x(2), x(9)] = [1.5, 6.0].
    assert (lo, hi) == (1.5, 6.0)
    assert (t["ci_low"], t["ci_high"]) == pytest.approx((lo, hi))
    assert t["ci_coverage"] == pytest.approx(cov) and cov == pytest.approx(1 - 22 / 1024)
    assert t["median_raise_pct"] == pytest.approx(np.median(raises))


def test_salary_target_rule():
    apps = pd.DataFrame(
        {
            "application_id": list("abcdefg"),
            "role": ["Analyst"] * 5 + ["Senior Analyst", "Analyst"],
            "location": ["Leeds"] * 7,
            "salary_annual_min": [50e3, 60e3, 70e3, 80e3, 90e3, 200e3, np.nan],
            "salary_annual_max": [50e3, 60e3, 70e3, 80e3, 90e3, 200e3, np.nan],
            "salary_currency": ["USD"] * 6 + [None],
        }
    )
    t = salary_target(JobSearch.from_frames(apps), role="analyst")
    # Midpoints 50..90 (the senior posting is another role): linear percentiles 80 and 60.
    assert (t.target, t.walk_away, t.n) == (80e3, 60e3, 5)
    assert set(t.rows["application_id"]) == set("abcde")
    assert "75th percentile" in t.basis and "25th percentile" in t.basis
    # An offer above the 75th percentile for the role becomes the target.
    with_offer = apps.assign(
        offer_final=[np.nan] * 6 + [95e3],
        offer_currency=[None] * 6 + ["USD"],
    )
    t = salary_target(JobSearch.from_frames(with_offer), role="Analyst")
    assert (t.target, t.walk_away) == (95e3, 60e3)
    assert "best offer" in t.basis
    # Without a role, offers are not used: the 75th percentile of all six postings.
    t = salary_target(JobSearch.from_frames(with_offer))
    assert t.target == pytest.approx(np.percentile([50, 60, 70, 80, 90, 200], 75) * 1e3)


def test_salary_target_fallbacks():
    apps = pd.DataFrame(
        {
            "application_id": list("abc"),
            "role": ["Senior Analyst", "Lead Analyst", "Analyst Intern"],
            "location": ["Leeds", "York", "Leeds"],
            "salary_annual_min": [60e3, 70e3, 20e3],
            "salary_annual_max": [60e3, 70e3, 20e3],
            "salary_currency": ["GBP"] * 3,
        }
    )
    s = JobSearch.from_frames(apps)
    t = salary_target(s, role="analyst")
    assert t.n == 3 and "containing" in t.basis
    t = salary_target(s, role="analyst", location="leeds")
    assert t.n == 2 and np.isnan(t.target) and "Too few" in t.basis
    d = json.loads(json.dumps(t.to_dict(), allow_nan=False))
    assert d["target"] is None and len(d["rows"]) == 2


@pytest.mark.parametrize(
    "currencies",
    [
        ["EUR", "USD", "USD", "EUR", "GBP", "USD"],  # USD most common
        ["GBP", "EUR", "EUR", "GBP", "USD"],  # a tie: GBP is listed first
        ["EUR", "GBP", "GBP", "EUR"],  # a tie: EUR is listed first (not the sorted first)
        ["USD"] * 4,
    ],
)
def test_salary_target_currency_is_the_most_common(currencies):
    n = len(currencies)
    apps = pd.DataFrame(
        {
            "application_id": [f"a{i}" for i in range(n)],
            "role": ["Analyst"] * n,
            "salary_annual_min": np.arange(n) * 1e3 + 40e3,
            "salary_annual_max": np.arange(n) * 1e3 + 50e3,
            "salary_currency": currencies,
        }
    )
    s = JobSearch.from_frames(apps)
    counts = pd.Series(currencies).value_counts()  # the independent reading
    t = salary_target(s, min_n=1)
    assert t.currency == counts.index[0]
    assert t.n == counts.iloc[0]
    assert ("others left out" in t.basis) == (len(counts) > 1)
    assert set(t.rows["currency"]) == {t.currency}
    # A currency asked for but never posted: no rows, and no mixing.
    t = salary_target(s, currency="JPY", min_n=1)
    assert t.n == 0 and len(t.rows) == 0 and "Too few" in t.basis


def test_salary_functions_do_not_mutate(postings, offers):
    for s in (postings, offers):
        before = fingerprint(s)
        posted_salary(s)
        offers_vs_posted(s)
        negotiation(s)
        salary_target(s, role="analyst")
        json.dumps(salary_summary(s), allow_nan=False)
        assert fingerprint(s) == before
