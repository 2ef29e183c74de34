"""Tests for io.salary: the examples from real trackers, annualisation, round trips."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from jobsearch_analytics.io.salary import (
    ANNUAL_FACTOR,
    PERIODS,
    SALARY_STATUSES,
    Salary,
    format_salary,
    parse_money,
    parse_salary,
)

# Hours and days in a working year, written out here rather than read from the module.
HOURS, DAYS = 40 * 52, 5 * 52


def test_annual_factor_rule():
    assert ANNUAL_FACTOR == {"year": 1, "month": 12, "week": 52, "day": DAYS, "hour": HOURS}


@pytest.mark.parametrize(
    ("text", "lo", "hi", "currency", "period", "flags"),
    [
        ("$90,000-$144,000", 90_000, 144_000, "USD", "year", {"currency_assumed"}),
        ("$55k-$106k", 55_000, 106_000, "USD", "year", set()),
        ("$65-80k", 65_000, 80_000, "USD", "year", {"k_applied_to_both"}),
        ("$30-40/hr", 30, 40, "USD", "hour", {"annualised_from_hour"}),
        ("$32/hr", 32, 32, "USD", "hour", {"single_value", "annualised_from_hour"}),
        ("$50 an hour", 50, 50, "USD", "hour", {"annualised_from_hour"}),
        ("$3,000-$12,000 a month", 3_000, 12_000, "USD", "month", {"annualised_from_month"}),
        ("£45k", 45_000, 45_000, "GBP", "year", {"single_value", "period_assumed"}),
        ("€50.000", 50_000, 50_000, "EUR", "year", {"single_value"}),
        ("50.000 €", 50_000, 50_000, "EUR", "year", set()),
        ("80,000-100,000 EUR", 80_000, 100_000, "EUR", "year", set()),
        ("Base Salary - 170,000\nBonus: 10%", 170_000, 170_000, None, "year", {"bonus_ignored"}),
        ("120000EUR", 120_000, 120_000, "EUR", "year", set()),
        ("100.000", 100_000, 100_000, None, "year", {"period_assumed"}),
        ("$120K - $150K a year", 120_000, 150_000, "USD", "year", set()),
        ("USD 100k–120k", 100_000, 120_000, "USD", "year", set()),
        ("60k to 70k", 60_000, 70_000, None, "year", set()),
        ("¥300,000/month", 300_000, 300_000, "JPY", "month", {"currency_assumed"}),
        ("₹12 LPA", 1_200_000, 1_200_000, "INR", "year", set()),
        ("12-15 LPA", 1_200_000, 1_500_000, "INR", "year", set()),
        ("CA$80k", 80_000, 80_000, "CAD", "year", set()),
        ("C$80,000", 80_000, 80_000, "CAD", "year", set()),
        ("A$95k-105k", 95_000, 105_000, "AUD", "year", set()),
        ("120 000 € brut par an", 120_000, 120_000, "EUR", "year", set()),
        ("1.234.567,50 kr SEK", 1_234_567.5, 1_234_567.5, "SEK", "year", set()),
        ("85,5k €", 85_500, 85_500, "EUR", "year", set()),
        ("$80k DOE", 80_000, 80_000, "USD", "year", {"depends_on_experience"}),
        ("150k-120k", 120_000, 150_000, None, "year", {"swapped"}),
        ("£400/day", 400, 400, "GBP", "day", {"annualised_from_day"}),
        ("$1,500 per week", 1_500, 1_500, "USD", "week", {"annualised_from_week"}),
        ("between 60k and 70k", 60_000, 70_000, None, "year", set()),
        ("$120k + 401k match", 120_000, 120_000, "USD", "year", {"bonus_ignored"}),
    ],
)
def test_examples(text, lo, hi, currency, period, flags):
    s = parse_salary(text)
    assert s.status == "ok"
    assert (s.min, s.max, s.currency, s.period) == (lo, hi, currency, period)
    factor = {"year": 1, "month": 12, "week": 52, "day": DAYS, "hour": HOURS}[period]
    assert s.annual_min == pytest.approx(lo * factor)
    assert s.annual_max == pytest.approx(hi * factor)
    assert flags <= set(s.flags)
    if set(s.flags) - {"single_value"}:
        assert s.note  # something was assumed or converted: the report gets a sentence


def test_hourly_annualisation_is_40h_times_52_weeks():
    s = parse_salary("$30-40/hr")
    assert (s.annual_min, s.annual_max) == (30 * 40 * 52, 40 * 40 * 52)
    assert "40 h × 52 weeks" in s.note


@pytest.mark.parametrize(
    ("value", "lo", "period", "flags"),
    [
        (85000, 85_000, "year", {"period_assumed", "single_value"}),
        (85000.0, 85_000, "year", {"period_assumed", "single_value"}),
        ("85000", 85_000, "year", {"period_assumed"}),
        (45, 45, "hour", {"period_assumed", "annualised_from_hour"}),
        ("45", 45, "hour", {"period_assumed"}),
        (650, 650, "day", {"period_assumed"}),
        (4500, 4_500, "month", {"period_assumed", "annualised_from_month"}),
    ],
)
def test_plain_numbers_guess_the_period_and_say_so(value, lo, period, flags):
    s = parse_salary(value)
    assert (s.min, s.max, s.period, s.currency) == (lo, lo, period, None)
    assert flags <= set(s.flags)
    assert "no period written" in s.note


@pytest.mark.parametrize(
    "text", ["Not listed", "not specified", "N/A", "n/a", "unknown", "-", "None", "?", "TBD"]
)
def test_not_listed(text):
    s = parse_salary(text)
    assert s.status == "not_listed" and s.min is None and s.annual_min is None


@pytest.mark.parametrize(
    "text", ["DOE", "competitive", "Negotiable", "depends on experience", "market rate", "面议"]
)
def test_text_without_an_amount_is_unparsed(text):
    s = parse_salary(text)
    assert s.status == "unparsed" and s.min is None and s.max is None


def test_doe_is_flagged():
    assert "depends_on_experience" in parse_salary("DOE").flags


@pytest.mark.parametrize("value", [None, float("nan"), "", "  \u00a0 "])
def test_empty(value):
    assert parse_salary(value) == Salary(status="empty")


@pytest.mark.parametrize("value", [True, -5, float("inf")])
def test_non_amounts(value):
    assert parse_salary(value).status == "unparsed"


def test_percentages_are_never_amounts():
    s = parse_salary("Bonus: 10%, base 100k")
    assert (s.min, s.max) == (100_000, 100_000)


def test_default_currency():
    # "$" stays USD (and is flagged) unless the default is a dollar currency.
    assert parse_salary("$80k").currency == "USD"
    assert "currency_assumed" in parse_salary("$80k").flags
    cad = parse_salary("$80k", default_currency="CAD")
    assert cad.currency == "CAD" and "currency_assumed" not in cad.flags
    usd = parse_salary("$80k", default_currency="USD")
    assert usd.currency == "USD" and "currency_assumed" not in usd.flags
    assert parse_salary("$80k", default_currency="EUR").currency == "USD"
    # No currency at all: the default, flagged.
    plain = parse_salary("80k", default_currency="EUR")
    assert plain.currency == "EUR" and "currency_assumed" in plain.flags
    assert parse_salary("80k").currency is None
    # A written currency beats the default.
    assert parse_salary("£80k", default_currency="EUR").currency == "GBP"
    assert parse_salary("¥300,000/month", default_currency="CNY").currency == "CNY"


@pytest.mark.parametrize(
    ("value", "amount", "currency", "flags"),
    [
        ("$120k", 120_000, "USD", {"currency_assumed"}),
        ("120,000 + 10% bonus", 120_000, None, {"bonus_ignored"}),
        (95000, 95_000, None, {"period_assumed"}),
        ("€72.500", 72_500, "EUR", set()),
    ],
)
def test_parse_money(value, amount, currency, flags):
    m = parse_money(value)
    assert (m.min, m.max, m.currency, m.status) == (amount, amount, currency, "ok")
    assert flags <= set(m.flags)
    assert "single_value" not in m.flags


def test_parse_money_keeps_a_range_but_flags_it():
    m = parse_money("$100k-110k")
    assert (m.min, m.max) == (100_000, 110_000) and "range" in m.flags


def test_equality_ignores_flags_and_note():
    a = parse_salary("$65-80k")
    b = parse_salary("USD 65,000 - 80,000 per year")
    assert a == b and a.flags != b.flags


@pytest.mark.parametrize(
    "text",
    ["$90,000-$144,000", "$65-80k", "$30-40/hr", "€50.000", "₹12 LPA", "45", "1.5M", "$32.50/hr"],
)
def test_format_round_trips_examples(text):
    s = parse_salary(text)
    assert parse_salary(format_salary(s)) == s


def test_format_of_nothing_is_empty_text():
    assert format_salary(parse_salary("DOE")) == ""


# --- properties ------------------------------------------------------------------------------

amounts = st.one_of(
    st.integers(min_value=0, max_value=10**9).map(float),
    st.decimals(min_value=0, max_value=10**7, places=2).map(float),
    st.floats(min_value=0.01, max_value=1e9, allow_nan=False, allow_infinity=False),
)
currencies = st.sampled_from([None, "USD", "EUR", "GBP", "CAD", "JPY", "INR", "CHF", "SEK"])


@settings(max_examples=300)
@given(amounts, amounts, currencies, st.sampled_from(PERIODS))
def test_format_then_parse_round_trips(a, b, currency, period):
    lo, hi = min(a, b), max(a, b)
    s = Salary(
        min=lo,
        max=hi,
        currency=currency,
        period=period,
        annual_min=lo * ANNUAL_FACTOR[period],
        annual_max=hi * ANNUAL_FACTOR[period],
        status="ok",
    )
    assert parse_salary(format_salary(s)) == s


@given(st.integers(1, 999), st.integers(1, 999))
def test_k_applies_to_both_ends(a, b):
    assume(a < b)
    s = parse_salary(f"${a}-{b}k")
    assert (s.min, s.max) == (a * 1000, b * 1000)


@given(st.integers(1000, 999_999), st.integers(1000, 999_999), st.sampled_from(["-", "–", " to "]))
def test_comma_ranges_in_any_order(a, b, sep):
    s = parse_salary(f"{a:,}{sep}{b:,} USD")
    assert (s.min, s.max, s.currency) == (min(a, b), max(a, b), "USD")
    assert ("swapped" in s.flags) == (a > b)


@settings(max_examples=300)
@given(
    st.one_of(
        st.text(),
        st.from_regex(r"[$€£¥₹]?\d{1,6}([.,]\d{1,3})?[kK]?( ?[-–to]+ ?\d{1,6}[kK]?)?.{0,12}"),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(),
        st.none(),
        st.booleans(),
    )
)
def test_never_raises_and_bounds_are_ordered(value):
    s = parse_salary(value)
    m = parse_money(value)
    for r in (s, m):
        assert r.status in SALARY_STATUSES
        if r.status == "ok":
            assert r.period in PERIODS
            # A one-sided posting ("100k+", "up to 150k") has one bound, and a flag saying so.
            assert r.min is not None or "upper_bound_only" in r.flags
            assert r.max is not None or "lower_bound_only" in r.flags
            if r.min is not None and r.max is not None:
                assert r.min <= r.max and r.annual_min <= r.annual_max
            lone = r.annual_min if r.annual_min is not None else r.annual_max
            assert math.isfinite(lone) or lone == math.inf
        else:
            assert r.min is None and r.annual_min is None


@pytest.mark.parametrize(
    ("text", "low", "high", "shown"),
    [
        ("100k+", 100_000.0, None, "100,000+ a year"),
        ("$120k+ a year", 120_000.0, None, "USD 120,000+ a year"),
        ("from $80k", 80_000.0, None, "USD 80,000+ a year"),
        ("at least 90,000 EUR", 90_000.0, None, "EUR 90,000+ a year"),
        ("Starting at $70,000", 70_000.0, None, "USD 70,000+ a year"),
        ("up to $150k", None, 150_000.0, "up to USD 150,000 a year"),
        ("Up to 45/hr", None, 45.0, "up to 45 an hour"),
    ],
)
def test_open_ended_salaries_are_one_sided_bounds(text, low, high, shown):
    """Issue #13 item 8: "100k+" is a floor, "up to" a ceiling -- never 100k-100k."""
    s = parse_salary(text)
    assert (s.min, s.max) == (low, high)
    assert ("lower_bound_only" if high is None else "upper_bound_only") in s.flags
    assert format_salary(s) == shown
    assert parse_salary(format_salary(s)) == s


@pytest.mark.parametrize("text", ["$90k + bonus", "$120k plus equity", "from $80k to $100k"])
def test_bonus_and_ranges_are_not_one_sided(text):
    s = parse_salary(text)
    assert s.min is not None and s.max is not None
