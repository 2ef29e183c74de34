"""network: referral rates by hand, connection matching through normalise_company."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from jobsearch_analytics.metrics.network import (
    match_connections,
    network_summary,
    referral_effect,
)
from jobsearch_analytics.model import JobSearch


def fingerprint(*frames: pd.DataFrame) -> tuple:
    return tuple(
        (int(pd.util.hash_pandas_object(f, index=True).sum()), tuple(map(str, f.dtypes)))
        for f in frames
    )


@pytest.fixture
def referrals() -> JobSearch:
    apps = pd.DataFrame(
        {
            "application_id": ["r1", "r2", "r3", "c1", "c2", "c3", "c4", "u1", "s1"],
            "referral": [True, True, True, False, False, False, False, None, True],
            "stage": ["applied", "screen", "applied", "interview"] + ["applied"] * 4 + ["saved"],
            "outcome": ["open"] * 9,
        }
    )
    events = pd.DataFrame(
        {
            "application_id": ["r1", "c1", "s1"],
            "date": [None, "2024-01-10", None],
            "date_known": [False, True, False],
            "kind": ["response", "rejection", "response"],
        }
    )
    return JobSearch.from_frames(apps, events)


def test_referral_reply_rates(referrals):
    t = referral_effect(referrals)
    # referral: r1 (reply event), r2 (stage screen proves a reply), r3 none -> 2 of 3.
    # cold: c1 (rejection; its stage interview would count too) -> 1 of 4. unknown: u1 -> 0/1.
    # s1 was only saved: in no denominator.
    got = {r.group: (r.n, r.k) for r in t.itertuples()}
    assert got == {"referral": (3, 2), "cold": (4, 1), "unknown": (1, 0)}
    lo, hi = proportion_confint(2, 3, method="wilson")
    ref = t.set_index("group").loc["referral"]
    assert (ref["ci_low"], ref["ci_high"]) == pytest.approx((lo, hi))
    dlo, dhi = confint_proportions_2indep(2, 3, 1, 4, method="newcomb", compare="diff")
    assert ref["difference"] == pytest.approx(2 / 3 - 1 / 4)
    assert (ref["diff_low"], ref["diff_high"]) == pytest.approx((dlo, dhi))
    assert np.isnan(t.set_index("group").loc["cold", "difference"])
    assert t.attrs["excluded"] == {"saved": 1}
    assert "association, not an effect" in t.attrs["interpretation"]
    assert "3 referred" in t.attrs["interpretation"]


def test_referral_interview_and_offer(referrals):
    t = referral_effect(referrals, outcome="interview")
    assert {r.group: (r.n, r.k) for r in t.itertuples()} == {
        "referral": (3, 0),
        "cold": (4, 1),
        "unknown": (1, 0),
    }
    with pytest.raises(ValueError, match="outcome must be"):
        referral_effect(referrals, outcome="hired")


def linkedin(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(
        rows,
        columns=[
            "First Name",
            "Last Name",
            "URL",
            "Email Address",
            "Company",
            "Position",
            "Connected On",
        ],
    )


def test_match_connections():
    s = JobSearch.from_frames(
        pd.DataFrame(
            {
                "application_id": ["a", "b", "c", "d"],
                "company": ["Acme, Inc.", "The Globex Corporation", "Initech", None],
                "role": ["Analyst", "Engineer", "Dev", "X"],
                "stage": ["applied", "saved", "applied", "applied"],
                "outcome": ["open"] * 4,
            }
        )
    )
    links = linkedin(
        [
            ("Ada", "Lovelace", "https://l/ada", "", "ACME Inc", "Engineer", "15 Mar 2023"),
            ("Bob", "Stone", "https://l/bob", "", "Globex", "Recruiter", "01 Jan 2020"),
            ("Cy", "Young", "https://l/cy", "", "globex corp", None, "2021-06-30"),
            ("Dee", "Ray", "https://l/dee", "", "Umbrella", "CEO", "02 Feb 2022"),
            ("Eve", "Adams", "https://l/eve", "", None, "Freelance", "03 Mar 2022"),
        ]
    )
    before = fingerprint(s.applications, links)
    m = match_connections(s, links)
    assert m[["application_id", "connection", "position"]].astype(object).where(
        m[["application_id", "connection", "position"]].notna(), None
    ).values.tolist() == [
        ["a", "Ada Lovelace", "Engineer"],
        ["b", "Bob Stone", "Recruiter"],
        ["b", "Cy Young", None],
    ]
    assert m["connected_on"].dt.strftime("%Y-%m-%d").tolist() == [
        "2023-03-15",
        "2020-01-01",
        "2021-06-30",
    ]
    assert fingerprint(s.applications, links) == before


def test_network_summary_is_json(referrals):
    links = linkedin([("Ada", "L", "u", "", "Acme", "Eng", "15 Mar 2023")])
    d = network_summary(referrals, links)
    back = json.loads(json.dumps(d, allow_nan=False))
    assert back["referral_response"]["rows"][0]["group"] == "referral"
    assert back["connections"]["rows"] == []


def test_referral_effect_does_not_mutate(referrals):
    before = fingerprint(referrals.applications, referrals.events)
    for o in ("response", "interview", "offer"):
        referral_effect(referrals, outcome=o)
    assert fingerprint(referrals.applications, referrals.events) == before
