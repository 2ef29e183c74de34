"""benchmarks: attributable published figures, and the person's rates beside them."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from jobsearch_analytics.metrics.benchmarks import (
    LABEL,
    benchmarks_summary,
    compare_to_benchmarks,
    published_benchmarks,
)
from jobsearch_analytics.model import JobSearch


def test_published_figures_are_attributed_and_approximate():
    b = published_benchmarks()
    assert list(b.columns) == [
        "metric",
        "value",
        "population",
        "source",
        "year",
        "url_or_citation",
        "note",
        "approximate",
    ]
    assert b["metric"].is_unique
    assert b["value"].between(0, 1).all()
    assert b["approximate"].all()
    for col in ("population", "source", "url_or_citation", "note"):
        assert (b[col].str.len() > 10).all()
    figures = dict(zip(b["metric"], b["value"], strict=True))
    # CareerPlug 2025 Recruiting Metrics Report, as published.
    assert figures["applicant_to_interview"] == pytest.approx(0.03)
    assert figures["referral_share_of_applicants"] == pytest.approx(0.02)
    assert figures["referral_share_of_hires"] == pytest.approx(0.11)
    assert figures["applicant_to_hire"] == pytest.approx(1 / 180)


@pytest.fixture
def search() -> JobSearch:
    # 10 sent + 1 saved. Interview or beyond: s0 (offer), s1 (accepted), s2 (interview).
    # Referral recorded for s0..s7: referred s0, s3; s8, s9 not recorded.
    return JobSearch.from_frames(
        pd.DataFrame(
            {
                "application_id": [f"s{i}" for i in range(10)] + ["saved"],
                "stage": ["offer", "accepted", "interview"] + ["applied"] * 7 + ["saved"],
                "referral": [True, False, False, True, *[False] * 4, None, None, True],
            }
        )
    )


def test_compare_to_benchmarks(search):
    before = pd.util.hash_pandas_object(search.applications).sum()
    t = compare_to_benchmarks(search).set_index("metric")
    assert pd.util.hash_pandas_object(search.applications).sum() == before
    counts = {m: (int(r["n"]), int(r["k"])) for m, r in t.iterrows()}
    assert counts == {
        "applicant_to_interview": (10, 3),
        "interview_to_hire": (3, 2),  # s0 and s1 reached an offer
        "applicant_to_hire": (10, 2),
        "referral_share_of_applicants": (8, 2),  # s0, s3 of s0..s7
        "referral_share_of_hires": (2, 1),  # of s0, s1: s0
    }
    lo, hi = proportion_confint(3, 10, method="wilson")
    assert (
        t.loc["applicant_to_interview", "ci_low"],
        t.loc["applicant_to_interview", "ci_high"],
    ) == (pytest.approx((lo, hi)))
    assert (t["label"] == LABEL).all() and LABEL == "context, not a target"
    assert t.loc["applicant_to_interview", "benchmark"] == pytest.approx(0.03)
    assert t["source"].notna().all() and t["approximate"].all()
    assert "not a target" in t.attrs["interpretation"]


def test_summary_is_json(search):
    d = json.loads(json.dumps(benchmarks_summary(search), allow_nan=False))
    assert d["label"] == LABEL
    assert d["rows"][0]["metric"] == "applicant_to_interview"
