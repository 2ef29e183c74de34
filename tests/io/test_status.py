"""Tests for io.status: the status vocabulary, stage histories and timeline shorthand."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobsearch_analytics.io.status import (
    StatusParse,
    parse_stage_history,
    parse_status,
    parse_timeline,
)
from jobsearch_analytics.model import EVENT_KINDS, OUTCOMES, STAGE_OF_EVENT, STAGES

T = pd.Timestamp

# The list from the issue, with what each must mean: (stage, outcome, kind implied or None).
ISSUE_LIST = [
    ("Rejected", "applied", "rejected", "rejection"),
    ("rejected", "applied", "rejected", "rejection"),
    ("Declined", "applied", "rejected", "rejection"),
    ("No Reply", "applied", "ghosted", "ghosted"),
    ("Ghosted", "applied", "ghosted", "ghosted"),
    ("Removed", "applied", "ghosted", "ghosted"),
    ("Offered", "offer", "open", "offer"),
    ("Pending", "applied", "open", None),
    ("In talks with service manager", "screen", "open", "screen"),
    ("Resume downloaded", "applied", "open", None),
    ("First level assessment done", "screen", "open", "assessment"),
    ("80% - Received Offer", "offer", "open", "offer"),
    ("Negotiating Offer", "offer", "open", "negotiation"),
    ("Requires Followup", "applied", "open", None),
    ("已投递", "applied", "open", "applied"),
    ("一面", "interview", "open", "interview"),
    ("笔试", "screen", "open", "assessment"),
    ("技术面", "interview", "open", "interview"),
    ("Absage", "applied", "rejected", "rejection"),
]

VOCABULARY = [
    ("Applied", "applied", "open", "applied"),
    ("Submitted", "applied", "open", "applied"),
    ("Sent", "applied", "open", "applied"),
    ("已申请", "applied", "open", "applied"),
    ("Beworben", "applied", "open", "applied"),
    ("Candidature envoyée", "applied", "open", "applied"),
    ("Postulado", "applied", "open", "applied"),
    ("Not selected", "applied", "rejected", "rejection"),
    ("Abgelehnt", "applied", "rejected", "rejection"),
    ("Refusé", "applied", "rejected", "rejection"),
    ("Rechazado", "applied", "rejected", "rejection"),
    ("拒绝", "applied", "rejected", "rejection"),
    ("挂了", "applied", "rejected", "rejection"),
    ("No Response", "applied", "ghosted", "ghosted"),
    ("Withdrawn", "applied", "withdrawn", "withdrawal"),
    ("Withdrew", "applied", "withdrawn", "withdrawal"),
    ("Offer", "offer", "open", "offer"),
    ("Received Offer", "offer", "open", "offer"),
    ("Accepted", "accepted", "accepted", "accepted"),
    ("Offer Declined", "offer", "declined", "declined"),
    ("In Progress", "applied", "open", None),
    ("Waiting", "applied", "open", None),
    ("Viewed", "applied", "open", None),
    ("Phone Screen", "screen", "open", "screen"),
    ("Recruiter Call", "screen", "open", "screen"),
    ("HR call", "screen", "open", "screen"),
    ("OA", "screen", "open", "assessment"),
    ("Online assessment", "screen", "open", "assessment"),
    ("Coding test", "screen", "open", "assessment"),
    ("Take-home", "screen", "open", "assessment"),
    ("1st Interview", "interview", "open", "interview"),
    ("Onsite", "interview", "open", "interview"),
    ("Final Round", "interview", "open", "interview"),
    ("VO", "interview", "open", "interview"),
    ("二面", "interview", "open", "interview"),
    ("三面", "interview", "open", "interview"),
    ("终面", "interview", "open", "interview"),
    ("HR面", "interview", "open", "interview"),
    ("Saved", "saved", "open", "saved"),
    ("Interested", "saved", "open", "saved"),
    ("Wishlist", "saved", "open", "saved"),
    ("To apply", "saved", "open", "saved"),
]


@pytest.mark.parametrize(("text", "stage", "outcome", "kind"), ISSUE_LIST + VOCABULARY)
def test_vocabulary(text, stage, outcome, kind):
    p = parse_status(text)
    assert (p.stage, p.outcome) == (stage, outcome)
    if kind is None:
        assert p.kinds == ()
    else:
        assert p.kinds[-1] == kind
    assert p.confidence in ("exact", "keyword")


@pytest.mark.parametrize("text", ["REJECTED", "  rejected ", "Rejected\u00a0", "rejected."])
def test_case_and_space_insensitive(text):
    p = parse_status(text)
    assert (p.stage, p.outcome, p.confidence) == ("applied", "rejected", "exact")


def test_notes_on_judgement_calls():
    assert parse_status("Declined").note == (
        "'Declined' may mean you declined; read as rejected by the employer"
    )
    assert "ghosted" in parse_status("Removed").note
    assert "not a reply" in parse_status("Resume downloaded").note
    assert parse_status("Rejected").note is None
    assert parse_status("In talks with service manager").confidence == "keyword"
    assert parse_status("In talks with service manager").note


def test_negotiating_implies_offer_and_negotiation():
    assert parse_status("Negotiating Offer").kinds == ("offer", "negotiation")


@pytest.mark.parametrize(
    ("text", "rnd"),
    [
        ("一面", 1),
        ("二面", 2),
        ("三面", 3),
        ("2nd interview", 2),
        ("3rd Interview", 3),
        ("Round 3", 3),
        ("Interview 2", 2),
        ("second round", 2),
        ("第二轮面试", 2),
        ("Final Round", None),
        ("Onsite", None),
        ("Rejected", None),
    ],
)
def test_interview_rounds(text, rnd):
    assert parse_status(text).round == rnd


@pytest.mark.parametrize(
    ("text", "stage", "outcome", "kinds"),
    [
        ("Rejected after 2nd interview", "interview", "rejected", ("interview", "rejection")),
        ("no offer after onsite", "interview", "rejected", ("interview", "rejection")),
        ("got the offer!!", "offer", "open", ("offer",)),
        ("declined the offer, took another job", "offer", "declined", ("offer", "declined")),
        ("they never replied, ghosted", "applied", "ghosted", ("ghosted",)),
        ("withdrew after phone screen", "screen", "withdrawn", ("screen", "withdrawal")),
        ("waiting on take-home results", "screen", "open", ("assessment",)),
        ("application accepted", "applied", "open", ("applied",)),
    ],
)
def test_keywords_in_free_text(text, stage, outcome, kinds):
    p = parse_status(text)
    assert (p.stage, p.outcome, p.kinds) == (stage, outcome, kinds)


@pytest.mark.parametrize("value", [None, "", "  ", float("nan")])
def test_empty(value):
    assert parse_status(value) == StatusParse(None, None, (), None, "empty", None)


@pytest.mark.parametrize("value", ["blue", "asdf qwerty", 3.0, "???", "80%"])
def test_unknown(value):
    p = parse_status(value)
    assert (p.stage, p.outcome, p.kinds, p.confidence) == (None, None, (), "unknown")


# --- stage histories -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "stages"),
    [
        ("['Applied', 'Phone Screen', 'Onsite']", ["applied", "screen", "interview"]),
        ('["Applied", "OA", "Offer"]', ["applied", "screen", "offer"]),
        ("Applied > Screen > Rejected", ["applied", "screen", "applied"]),
        ("Applied, OA, VO", ["applied", "screen", "interview"]),
        ("Applied → Phone Screen → Onsite", ["applied", "screen", "interview"]),
        ("Applied -> Offer", ["applied", "offer"]),
        ("Applied; Screen", ["applied", "screen"]),
        ("Applied\nScreen", ["applied", "screen"]),
        (["Applied", None, "Offer"], ["applied", "offer"]),
        ("[]", []),
        ("", []),
        (None, []),
        ("['Applied', 'Screen'", ["applied", "screen"]),  # broken list text still reads
    ],
)
def test_stage_history(value, stages):
    assert [p.stage for p in parse_stage_history(value)] == stages


def test_stage_history_keeps_outcomes():
    steps = parse_stage_history("Applied > Screen > Rejected")
    assert [p.outcome for p in steps] == ["open", "open", "rejected"]


# --- timelines -------------------------------------------------------------------------------


def test_timeline_shorthand_from_the_issue():
    items = parse_timeline("2.6 accept 2.15 vo 2.20 offer", reference=T("2024-03-01"))
    assert [(i.date, i.kind, i.text) for i in items] == [
        (T("2024-02-06"), "applied", "accept"),
        (T("2024-02-15"), "interview", "vo"),
        (T("2024-02-20"), "offer", "offer"),
    ]
    assert "application accepted" in items[0].note


def test_timeline_accept_after_an_offer_is_accepting_it():
    items = parse_timeline("2.6 accept 2.20 offer 2.25 accept", reference=T("2024-03-01"))
    assert [i.kind for i in items] == ["applied", "offer", "accepted"]


def test_timeline_slashes_and_commas():
    items = parse_timeline("1/5 applied, 1/12 phone screen", reference=T("2024-01-20"))
    assert [(i.date, i.kind) for i in items] == [(T("2024-01-05"), "applied"),
                                                 (T("2024-01-12"), "screen")]  # fmt: skip


def test_timeline_crosses_new_year():
    items = parse_timeline("12.28 投递 1.5 一面 1.12 二面 1.20 挂了", reference=T("2024-01-10"))
    assert [(i.date, i.kind, i.round) for i in items] == [
        (T("2023-12-28"), "applied", None),
        (T("2024-01-05"), "interview", 1),
        (T("2024-01-12"), "interview", 2),
        (T("2024-01-20"), "rejection", None),
    ]


def test_timeline_words_before_dates_and_day_first():
    items = parse_timeline("applied 20/12, screen 3/1, rejected 15/1", reference=T("2024-01-10"))
    assert [(i.date, i.kind) for i in items] == [
        (T("2023-12-20"), "applied"),
        (T("2024-01-03"), "screen"),
        (T("2024-01-15"), "rejection"),
    ]


def test_timeline_with_years_and_unknown_steps():
    items = parse_timeline("3/1/2024 applied 3/9/2024 coffee chat?")
    assert items[0].date == T("2024-03-01") and items[0].kind == "applied"
    assert items[1].kind == "unknown" and "not recognised" in items[1].note


@pytest.mark.parametrize("value", [None, "", "no dates here", 3.5])
def test_timeline_without_dates_is_empty(value):
    assert parse_timeline(value) == []


# --- properties ------------------------------------------------------------------------------

texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from([t for t, *_ in ISSUE_LIST + VOCABULARY]).map(lambda t: f"{t} - see notes"),
    st.lists(st.sampled_from([t for t, *_ in ISSUE_LIST + VOCABULARY]), max_size=3).map(" ".join),
    st.floats(),
    st.integers(),
    st.none(),
)


@settings(max_examples=300)
@given(texts)
def test_status_is_always_in_the_model(value):
    p = parse_status(value)
    assert p.stage is None or p.stage in STAGES
    assert p.outcome is None or p.outcome in OUTCOMES
    assert set(p.kinds) <= set(EVENT_KINDS)
    assert p.confidence in ("exact", "keyword", "fuzzy", "unknown", "empty")
    assert (p.score is not None) == (p.confidence == "fuzzy")
    assert (p.stage is None) == (p.confidence in ("unknown", "empty"))
    # The stage proves at least what each implied event proves.
    for kind in p.kinds:
        assert STAGES.index(p.stage) >= STAGES.index(STAGE_OF_EVENT[kind])
    assert p.round is None or ("interview" in p.kinds and p.round >= 1)


@settings(max_examples=200)
@given(st.one_of(st.text(max_size=60), st.none(), st.floats(), st.lists(st.text(max_size=8))))
def test_history_and_timeline_never_raise(value):
    for p in parse_stage_history(value):
        assert isinstance(p, StatusParse)
    for item in parse_timeline(value, reference=T("2024-06-01")):
        assert item.kind in EVENT_KINDS or item.kind == "unknown"


@given(
    st.lists(
        st.tuples(st.dates(T("2023-01-01").date(), T("2023-12-31").date()),
                  st.sampled_from(["applied", "phone screen", "onsite", "offer", "rejected"])),
        min_size=1,
        max_size=6,
    )
)  # fmt: skip
def test_timeline_planted_dates(steps):
    steps = sorted(steps)
    text = " ".join(f"{d.month}/{d.day} {word}" for d, word in steps)
    if any(d.month > 12 for d, _ in steps):  # pragma: no cover - months never exceed 12
        return
    items = parse_timeline(text, reference=T(steps[0][0]))
    dayfirst = any(d.month > 12 for d, _ in steps)
    assert not dayfirst
    assert [i.date for i in items] == [T(d) for d, _ in steps]
    expected = {"applied": "applied", "phone screen": "screen", "onsite": "interview",
                "offer": "offer", "rejected": "rejection"}  # fmt: skip
    assert [i.kind for i in items] == [expected[w] for _, w in steps]
