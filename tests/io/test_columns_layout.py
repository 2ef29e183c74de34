"""Header matching and layout detection."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobsearch_analytics.io.columns import FIELDS, header_candidates, match_header, normalise_header
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


# Texts a tracker's top rows hold: known names, look-alikes of them, composite headers and the
# data under a header (companies, dates, notes), so both kinds of row are drawn.
_HEADERISH = [
    *sorted({syn for f in FIELDS.values() for syn in f.synonyms})[::7],
    "Job Titel",
    "Compnay",
    "Date Aplied",
    "Interview 2 Thank-You Via",
    "Follow-Up 2 Via",
    "Acme GmbH",
    "2024-03-01",
    "Senior data engineer",
    "called back, next round",
    "",
]


@given(st.one_of(st.sampled_from(_HEADERISH), st.text(max_size=30)))
def test_matching_without_look_alikes_is_matching_minus_the_fuzzy_step(text: str) -> None:
    full = match_header(text)
    exact = match_header(text, fuzzy=False)
    assert exact == (None if full is None or full.how == "fuzzy" else full)


@given(st.lists(st.lists(st.sampled_from(_HEADERISH), min_size=1, max_size=6), max_size=8))
def test_layout_scores_rows_by_exact_matches_and_plans_the_header_with_fuzzy_ones(
    rows: list[list[str]],
) -> None:
    # Independent statement of the rule: a row's score counts the distinct fields its cells
    # name by synonym or rule (a look-alike does not count), +2 for an anchor field; the
    # first row with the highest score of at least 4 is the header; its cells are then
    # matched fully, look-alikes included.
    from jobsearch_analytics.io.layout import ANCHOR_FIELDS, HEADER_SEARCH_ROWS

    best = None
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = [match_header(v) for v in row if v.strip() and len(v) < 80]
        fields = {m.field for m in found if m is not None and m.how != "fuzzy"}
        score = len(fields) + (2 if fields & ANCHOR_FIELDS else 0)
        if score >= 4 and (best is None or score > best[0]):
            best = (score, i)
    layout = find_layout(rows)
    if best is None:
        assert layout is None
        return
    assert layout is not None and layout.header_index == best[1]
    header = rows[best[1]]
    below = rows[best[1] + 1 :]
    for plan in layout.columns:
        if plan.how in ("onehot", "unnamed", "context"):
            continue
        m = match_header(header[plan.col])
        values = [r[plan.col] for r in below if plan.col < len(r) and r[plan.col].strip()]
        if not values and plan.how != "outranked":
            # No values to contradict the header: the header decides, as it always did.
            assert (plan.field, plan.how) == ((m.field, m.how) if m else (None, "none"))
        else:
            # The values may rule the header's field out (or another column may have better
            # evidence for it): then the column takes another field its header names, or none.
            named = {c.field for c in header_candidates(header[plan.col])}
            assert plan.field is None or plan.field in named


def test_a_look_alike_header_is_planned_but_a_look_alike_in_the_data_does_not_score() -> None:
    rows = [
        ["Compnay", "Date Aplied", "Job Titel"],  # three look-alikes only: not a header
        ["Company", "Status", "Job Titel"],
        ["Acme", "Applied", "Engineer"],
    ]
    layout = find_layout(rows)
    assert layout is not None and layout.header_index == 1
    role = layout.columns[2]
    assert (role.field, role.how) == ("role", "fuzzy") and 0.86 <= role.score < 1


@given(
    st.text(alphabet="abz -ty#2é", max_size=12),
    st.text(alphabet="abz -ty#é", min_size=1, max_size=3),
)
def test_keyword_rules_find_a_word_where_the_regular_expression_would(h: str, word: str) -> None:
    import re

    from jobsearch_analytics.io.columns import _at_word_start

    expected = re.search(rf"(?<![a-z]){re.escape(word)}", h) is not None
    assert _at_word_start(h, word) == expected
