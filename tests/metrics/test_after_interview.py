"""after_interview: hand-worked frames (expected numbers reasoned out in the comments)."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from jobsearch_analytics.metrics.after_interview import (
    after_interview_summary,
    feedback_summary,
    follow_up_effect,
    interviews,
    newcombe_difference,
    next_steps_effect,
    skill_gaps,
    thank_you_effect,
)
from jobsearch_analytics.model import JobSearch

TODAY = "2024-06-01"


def make_search(apps: list[dict], events: list[tuple]) -> JobSearch:
    """events: (application_id, date or None, kind, round or None, channel or None)."""
    a = pd.DataFrame(apps)
    a = a.assign(
        stage=a.get("stage", "applied"),
        outcome=a.get("outcome", "open"),
    )
    if "date_applied" not in a:
        a["date_applied"] = "2024-01-01"
    e = pd.DataFrame(
        [
            {
                "application_id": i,
                "date": d,
                "date_known": d is not None,
                "kind": k,
                "round": r,
                "channel": c,
            }
            for i, d, k, r, c in events
        ],
        columns=["application_id", "date", "date_known", "kind", "round", "channel"],
    )
    return JobSearch.from_frames(a, e)


def fingerprint(search: JobSearch) -> tuple:
    return tuple(
        (
            int(pd.util.hash_pandas_object(f, index=True).sum()),
            tuple(f.columns),
            tuple(map(str, f.dtypes)),
        )
        for f in (search.applications, search.events)
    )


@pytest.fixture
def interview_search() -> JobSearch:
    apps = [
        {"application_id": "a", "stage": "offer"},
        {"application_id": "b", "stage": "interview", "outcome": "rejected"},
        {"application_id": "c", "stage": "interview", "outcome": "ghosted"},
        {"application_id": "d", "stage": "interview"},
        {"application_id": "e", "stage": "interview"},
        {"application_id": "f", "stage": "saved", "date_applied": None},
        {"application_id": "g", "stage": "interview", "outcome": "withdrawn"},
    ]
    events = [
        # a: round 1 note the same day (email), round 2 note 2 days later (mail), then an offer.
        ("a", "2024-01-10", "interview", 1, "video"),
        ("a", "2024-01-10", "thank_you", 1, "email"),
        ("a", "2024-01-10", "next_steps_asked", 1, None),
        ("a", "2024-01-20", "interview", 2, "video"),
        ("a", "2024-01-22", "thank_you", 2, "mail"),
        ("a", "2024-02-01", "offer", None, "email"),
        # b: a note with no round the next day -> round 1 (in person); rejected.
        ("b", "2024-01-10", "interview", 1, None),
        ("b", "2024-01-11", "thank_you", None, "in_person"),
        ("b", "2024-01-10", "next_steps_asked", None, None),
        ("b", "2024-01-25", "rejection", None, "email"),
        # c: no note after round 1; a note with no round on 01-16 -> round 2 (latest before).
        ("c", "2024-01-10", "interview", 1, None),
        ("c", "2024-01-15", "interview", 2, None),
        ("c", "2024-01-16", "thank_you", None, "email"),
        # d: interviewed 7 days before today, nothing yet -> pending.
        ("d", "2024-05-25", "interview", 1, None),
        # e: old interview, undated note for round 1, nothing since -> counted, not reached.
        ("e", "2024-01-10", "interview", 1, None),
        ("e", None, "thank_you", 1, None),
        # g: withdrew after the interview -> not the employer's decision.
        ("g", "2024-01-10", "interview", 1, None),
        ("g", "2024-01-12", "withdrawal", None, None),
    ]
    return make_search(apps, events)


def rows(table: pd.DataFrame, key: str = "bucket") -> dict[str, tuple[int, int]]:
    return {r[key]: (int(r["n"]), int(r["k"])) for _, r in table.iterrows()}


def test_interviews_table(interview_search):
    t = interviews(interview_search, today=TODAY).set_index(["application_id", "round"])
    assert t.loc[("a", 1), "thank_you_delay"] == 0
    assert t.loc[("a", 2), "thank_you_delay"] == 2
    assert t.loc[("b", 1), "thank_you_delay"] == 1
    assert not t.loc[("c", 1), "thank_you"]
    assert t.loc[("c", 2), "thank_you_delay"] == 1
    assert t.loc[("e", 1), "thank_you"] and np.isnan(t.loc[("e", 1), "thank_you_delay"])
    assert t["reached_next"].to_dict() == {
        ("a", 1): True,
        ("a", 2): True,
        ("b", 1): False,
        ("c", 1): True,
        ("c", 2): False,
        ("d", 1): False,
        ("e", 1): False,
        ("g", 1): False,
    }
    assert t["status"].to_dict() == {
        ("a", 1): "counted",
        ("a", 2): "counted",
        ("b", 1): "counted",
        ("c", 1): "counted",
        ("c", 2): "counted",
        ("d", 1): "pending",
        ("e", 1): "counted",
        ("g", 1): "withdrew",
    }


def test_unnumbered_rounds_follow_date_order():
    s = make_search(
        [{"application_id": "z", "stage": "interview"}],
        [
            ("z", "2024-01-10", "interview", None, None),
            ("z", "2024-01-05", "interview", None, None),
        ],
    )
    t = interviews(s, today=TODAY)
    assert t["round"].tolist() == [1, 2]
    assert t["date"].dt.strftime("%m-%d").tolist() == ["01-05", "01-10"]


def test_thank_you_by_delay(interview_search):
    t = thank_you_effect(interview_search, by="delay", today=TODAY)
    # same day: a1 (next round); next day: b1 (no), c2 (no); later: a2 (offer);
    # none: c1 (round 2 followed); e1's note has no date.
    assert rows(t) == {
        "same day": (1, 1),
        "next day": (2, 0),
        "later": (1, 1),
        "none": (1, 1),
        "sent, delay unknown": (1, 0),
    }
    assert t.attrs["excluded"] == {"pending": 1, "undated": 0, "withdrew": 1}
    assert t.attrs["reference"] == "none"
    assert list(t.columns) == [
        "bucket",
        "n",
        "k",
        "rate",
        "ci_low",
        "ci_high",
        "small",
        "difference",
        "diff_low",
        "diff_high",
    ]
    lo, hi = proportion_confint(0, 2, method="wilson")
    row = t.set_index("bucket").loc["next day"]
    assert row["ci_low"] == pytest.approx(lo) and row["ci_high"] == pytest.approx(hi)
    assert np.isnan(t.set_index("bucket").loc["none", "difference"])


def test_thank_you_within_24h_with_newcombe_difference(interview_search):
    t = thank_you_effect(interview_search, by="within_24h", today=TODAY)
    # within 24 h: a1 (yes), b1 (no), c2 (no); not: a2 (yes), c1 (yes).
    assert rows(t) == {"within 24 h": (3, 1), "not within 24 h": (2, 2)}
    assert t.attrs["excluded"]["thank_you_delay_unknown"] == 1
    row = t.set_index("bucket").loc["within 24 h"]
    lo, hi = confint_proportions_2indep(1, 3, 2, 2, method="newcomb", compare="diff")
    assert row["difference"] == pytest.approx(1 / 3 - 1)
    assert row["diff_low"] == pytest.approx(lo) and row["diff_high"] == pytest.approx(hi)


def test_thank_you_by_channel(interview_search):
    t = thank_you_effect(interview_search, by="channel", today=TODAY)
    # email: a1 yes, c2 no; mail: a2 yes; in person: b1 no; none: c1 yes; e1 channel unknown.
    assert rows(t) == {
        "email": (2, 1),
        "mail": (1, 1),
        "in_person": (1, 0),
        "none": (1, 1),
        "unknown": (1, 0),
    }


def test_pending_days_moves_interviews_in_and_out(interview_search):
    # With pending_days=5, d's interview (7 days old, undecided) counts as not reaching round 2.
    t = thank_you_effect(interview_search, by="delay", today=TODAY, pending_days=5)
    assert rows(t)["none"] == (2, 1)
    assert t.attrs["excluded"]["pending"] == 0


def test_a_ghosted_mark_before_an_interview_does_not_decide_it():
    s = make_search(
        [{"application_id": "a", "stage": "interview"}],
        [
            ("a", "2024-05-01", "ghosted", None, None),
            ("a", "2024-05-20", "interview", 1, None),
        ],
    )
    assert interviews(s, today=TODAY)["status"].tolist() == ["pending"]


def test_next_steps_effect(interview_search):
    t = next_steps_effect(interview_search, today=TODAY)
    # asked: a1 (yes), b1 (undated round, dated 01-10 -> round 1; no). Not asked: a2, c1 yes;
    # c2, e1 no.
    assert rows(t) == {"asked": (2, 1), "not asked": (4, 2)}
    assert t.set_index("bucket").loc["asked", "difference"] == pytest.approx(0.0)
    assert "association" in t.attrs["interpretation"]
    assert "6 decided interviews" in t.attrs["interpretation"]


@pytest.fixture
def follow_search() -> JobSearch:
    apps = [
        {
            "application_id": x,
            "date_applied": "2024-01-01",
            "outcome": "withdrawn" if x == "x" else "open",
        }
        for x in "pqrstuxy"
    ]
    apps += [
        {"application_id": "v", "date_applied": None, "outcome": "open"},
        {"application_id": "w", "date_applied": "2024-05-20", "outcome": "open"},
    ]
    events = [
        ("p", "2024-01-05", "follow_up", None, "email"),
        ("p", "2024-01-20", "response", None, "email"),
        ("q", "2024-01-06", "follow_up", None, "phone"),
        ("r", "2024-01-30", "rejection", None, "email"),
        ("s", "2024-03-01", "response", None, "email"),
        ("t", "2024-01-03", "response", None, "email"),
        ("u", "2024-01-10", "follow_up", None, "email"),
        ("u", "2024-01-15", "response", None, "email"),
        ("x", "2024-01-04", "withdrawal", None, None),
        ("y", None, "response", None, None),
    ]
    return make_search(apps, events)


def test_follow_up_landmarks(follow_search):
    t = follow_up_effect(follow_search, landmark_days=(7, 14), today=TODAY)
    at7 = rows(t[t["landmark"] == 7], "group")
    at14 = rows(t[t["landmark"] == 14], "group")
    # Day 7 (01-08): followed up p (reply 01-20, inside the 30-day window), q (never);
    # not followed up r (01-30, inside), s (03-01, outside), u (follow-up only on 01-10; 01-15).
    assert at7 == {"followed up": (2, 1), "no follow-up": (3, 2)}
    # Day 14 (01-15): u replied on the landmark day itself -> out.
    assert at14 == {"followed up": (2, 1), "no follow-up": (2, 1)}
    assert t.attrs["excluded"]["7"] == {
        "date_applied_unknown": 1,
        "reply_date_unknown": 1,
        "replied_before_landmark": 1,
        "withdrew_before_landmark": 1,
        "follow_up_date_unknown": 0,
        "window_not_elapsed": 1,
    }
    assert t.attrs["excluded"]["14"]["replied_before_landmark"] == 2
    d, lo, hi = newcombe_difference(1, 2, 2, 3)
    row = t[(t["landmark"] == 7) & (t["group"] == "followed up")].iloc[0]
    assert row["difference"] == pytest.approx(d[0])
    assert (row["diff_low"], row["diff_high"]) == pytest.approx((lo[0], hi[0]))


def test_follow_up_window_is_a_parameter(follow_search):
    # A 60-day window from 01-08 reaches 03-08: s's reply of 03-01 now counts.
    t = follow_up_effect(follow_search, landmark_days=(7,), window_days=60, today=TODAY)
    assert rows(t, "group")["no follow-up"] == (3, 3)


def test_follow_up_by_channel_and_delay(follow_search):
    t = follow_up_effect(follow_search, landmark_days=(7,), by="channel", today=TODAY)
    assert rows(t, "group") == {"email": (1, 1), "phone": (1, 0), "no follow-up": (3, 2)}
    t = follow_up_effect(follow_search, landmark_days=(7,), by="delay", today=TODAY)
    # p followed up on day 4, q on day 5.
    assert rows(t, "group") == {"4-7 days": (2, 1), "no follow-up": (3, 2)}


def test_follow_up_channel_is_the_first_that_names_one():
    """The channel of an application's follow-ups is that of the earliest dated one naming a
    channel (undated ones come last): checked against a plain pandas sort + group-by."""
    apps = [{"application_id": x, "date_applied": "2024-01-01"} for x in "abcdef"]
    events = [
        # a: the earliest follow-up names no channel; the next one (phone) counts.
        ("a", "2024-01-03", "follow_up", None, None),
        ("a", "2024-01-05", "follow_up", None, "phone"),
        ("a", "2024-01-06", "follow_up", None, "email"),
        # b: listed out of date order; the earlier date wins.
        ("b", "2024-01-06", "follow_up", None, "email"),
        ("b", "2024-01-04", "follow_up", None, "voicemail"),
        # c: an undated follow-up with a channel comes after the dated one.
        ("c", None, "follow_up", None, "in_person"),
        ("c", "2024-01-05", "follow_up", None, "email"),
        # d: only an undated one names a channel.
        ("d", "2024-01-02", "follow_up", None, None),
        ("d", None, "follow_up", None, "phone"),
        # e: no follow-up names a channel; f: none at all.
        ("e", "2024-01-02", "follow_up", None, None),
    ]
    search = make_search(apps, events)
    t = follow_up_effect(search, landmark_days=(7,), by="channel", today=TODAY)
    # The independent reading: sort by date (NaT last, stable), first non-null channel.
    ev = search.events[search.events["kind"] == "follow_up"]
    ev = ev.assign(channel=ev["channel"].astype("object"))
    first = ev.sort_values("date", kind="stable", na_position="last").groupby("application_id")
    expected = first["channel"].first().to_dict()
    assert expected == {"a": "phone", "b": "voicemail", "c": "email", "d": "phone", "e": None}
    # At day 7 every follow-up above but the undated ones was sent; undated ones are excluded
    # ("follow_up_date_unknown") only when no dated one exists.
    groups = rows(t, "group")
    assert groups == {
        "phone": (2, 0),
        "voicemail": (1, 0),
        "email": (1, 0),
        "unknown": (1, 0),
        "no follow-up": (1, 0),
    }


_SKILL_WORDS = ["SQL", "sql.", "Kubernetes", " - Python", "python", "", "Go and Rust", "rust"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.sampled_from(["a", "b", "c", "d"])),
            st.one_of(
                st.none(),
                st.lists(st.sampled_from(_SKILL_WORDS), max_size=4).map(lambda ws: "; ".join(ws)),
            ),
        ),
        max_size=25,
    )
)
def test_skill_gaps_equal_a_plain_count(rows_):
    """mentions = pieces over all rows; applications = distinct (known) ids per skill."""
    apps = pd.DataFrame(
        {"application_id": [r[0] for r in rows_], "skill_gaps": [r[1] for r in rows_]}
    )
    t = skill_gaps(JobSearch.from_frames(apps))
    mentions: dict[str, int] = {}
    owners: dict[str, set] = {}
    for app_id, text in rows_:
        if text is None:
            continue
        for piece in re.split(r"\s*(?:[,;\n\r]+|\s+and\s+)\s*", text, flags=re.IGNORECASE):
            skill = re.sub(r"\s+", " ", piece.lower()).strip().lstrip("-*•· ").rstrip(". ")
            if skill:
                mentions[skill] = mentions.get(skill, 0) + 1
                owners.setdefault(skill, set())
                if app_id is not None:
                    owners[skill].add(app_id)
    got = {r.skill: (r.mentions, r.applications) for r in t.itertuples()}
    assert got == {k: (mentions[k], len(owners[k])) for k in mentions}
    order = [(-a, -m, k) for k, (m, a) in got.items()]
    assert [(-r.applications, -r.mentions, r.skill) for r in t.itertuples()] == sorted(order)


def test_feedback_summary():
    apps = [
        {"application_id": "a", "stage": "interview", "outcome": "rejected"},
        {"application_id": "b", "stage": "interview", "outcome": "rejected"},
        {"application_id": "c", "stage": "interview", "outcome": "rejected"},
        {"application_id": "d", "stage": "applied", "outcome": "rejected"},
        {"application_id": "e", "stage": "interview", "outcome": "rejected"},
        {"application_id": "o", "stage": "interview", "outcome": "open"},
    ]
    events = [
        ("a", "2024-01-10", "interview", 1, None),
        ("a", "2024-01-20", "rejection", None, None),
        ("a", "2024-01-21", "feedback_request", None, None),
        ("a", "2024-01-25", "feedback_received", None, None),
        ("b", None, "feedback_request", None, None),
        ("c", "2024-01-10", "interview", 1, None),
        ("c", "2024-01-20", "rejection", None, None),
        ("d", "2024-01-20", "rejection", None, None),
        ("d", "2024-01-21", "feedback_request", None, None),
        ("e", "2024-01-20", "feedback_received", None, None),
        ("o", "2024-01-21", "feedback_request", None, None),
    ]
    t = feedback_summary(make_search(apps, events))
    # Rejected after an interview: a, b, c, e (d was never interviewed, o is not rejected).
    assert rows(t, "measure") == {
        "asked for feedback": (4, 2),
        "received | asked": (2, 1),
        "received | not asked": (2, 1),
    }


def test_skill_gaps_split_and_count():
    s = JobSearch.from_frames(
        pd.DataFrame(
            {
                "application_id": list("abcdef"),
                "skill_gaps": [
                    "SQL, Kubernetes;\nstakeholder   management",
                    "sql and Go",
                    " - Docker.",
                    None,
                    "kubernetes, kubernetes",
                    "Android AND iOS",
                ],
            }
        )
    )
    t = skill_gaps(s)
    assert t[["skill", "mentions", "applications"]].values.tolist() == [
        ["kubernetes", 3, 2],
        ["sql", 2, 2],
        ["android", 1, 1],
        ["docker", 1, 1],
        ["go", 1, 1],
        ["ios", 1, 1],
        ["stakeholder management", 1, 1],
    ]
    assert t.attrs["n_applications"] == 5
    assert t.loc[0, "share"] == pytest.approx(2 / 5)


@pytest.mark.parametrize(
    ("k1", "n1", "k2", "n2"), [(56, 70, 48, 80), (9, 10, 3, 10), (0, 5, 5, 5), (3, 40, 1, 7)]
)
def test_newcombe_matches_statsmodels(k1, n1, k2, n2):
    d, lo, hi = newcombe_difference(k1, n1, k2, n2)
    want = confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", compare="diff")
    assert d[0] == pytest.approx(k1 / n1 - k2 / n2)
    assert (lo[0], hi[0]) == pytest.approx(want)


def test_nothing_mutates_inputs(interview_search, follow_search):
    for s in (interview_search, follow_search):
        before = fingerprint(s)
        for by in ("delay", "within_24h", "channel"):
            thank_you_effect(s, by=by, today=TODAY)
        next_steps_effect(s, today=TODAY)
        follow_up_effect(s, today=TODAY, by="channel")
        feedback_summary(s)
        skill_gaps(s)
        after_interview_summary(s, today=TODAY)
        assert fingerprint(s) == before


def test_every_result_says_it_is_an_association(interview_search, follow_search):
    tables = [
        thank_you_effect(interview_search, today=TODAY),
        next_steps_effect(interview_search, today=TODAY),
        follow_up_effect(follow_search, today=TODAY),
    ]
    for t in tables:
        words = t.attrs["interpretation"]
        assert "association, not an effect" in words
        assert str(int(t["n"].sum())) in words or "n = " in words


def test_summary_is_json(interview_search):
    d = after_interview_summary(interview_search, today=TODAY)
    back = json.loads(json.dumps(d, allow_nan=False))
    assert back["thank_you_within_24h"]["rows"][0]["bucket"] == "within 24 h"
    assert back["thank_you_delay"]["excluded"]["pending"] == 1


def test_empty_search_gives_empty_but_well_formed_tables():
    s = make_search([{"application_id": "a"}], [])
    t = thank_you_effect(s, today=TODAY)
    assert t["n"].tolist() == [0, 0, 0, 0]
    # a: silent, no follow-up, in at both landmarks (7 and 14).
    assert follow_up_effect(s, today=TODAY)["n"].tolist() == [0, 1, 0, 1]
    assert len(skill_gaps(s)) == 0


def test_bad_by_is_refused(interview_search):
    with pytest.raises(ValueError, match="by must be"):
        thank_you_effect(interview_search, by="colour")
    with pytest.raises(ValueError, match="by must be"):
        follow_up_effect(interview_search, by="colour")
