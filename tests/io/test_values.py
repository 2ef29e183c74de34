"""Tests for the single-cell parsers in io.values (table-driven, plus hypothesis properties)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobsearch_analytics.io.values import (
    is_empty,
    is_placeholder,
    is_url,
    match_key,
    normalise_company,
    normalise_url,
    parse_channel,
    parse_channel_detail,
    parse_flag,
    parse_flag_detail,
    text_of,
)
from jobsearch_analytics.model import CHANNELS

# Any value a reader can hand over.
cells = st.one_of(
    st.none(),
    st.text(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(),
    st.dates(),
    st.times(),
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  Acme Corp  ", "Acme Corp"),
        ("Acme\u00a0Corp", "Acme Corp"),
        ("a\u202f b", "a b"),
        ("\u200bZero width", "Zero width"),
        ("line one \r\n  line two\n\n", "line one\nline two"),
        (5551234567.0, "5551234567"),
        (12345.0, "12345"),
        (12345, "12345"),
        (2.5, "2.5"),
        (np.float64(7.0), "7"),
        (np.int64(42), "42"),
        (True, "TRUE"),
        (False, "FALSE"),
        (dt.date(2024, 3, 5), "2024-03-05"),
        (dt.datetime(2024, 3, 5), "2024-03-05"),
        (dt.datetime(2024, 3, 5, 9, 15), "2024-03-05 09:15:00"),
        (dt.time(9, 15), "09:15:00"),
        (None, None),
        (float("nan"), None),
        (pd.NA, None),
        (pd.NaT, None),
        ("   ", None),
        ("\u00a0\n", None),
        ("", None),
    ],
)
def test_text_of(value, expected):
    assert text_of(value) == expected


@pytest.mark.parametrize(
    "value",
    ["N/A", "n/a", "NA", "-", "—", "–", "TBD", "none", "None", "null", "?", " n/a ", "#N/A"],
)
def test_is_placeholder_true(value):
    assert is_placeholder(value)


@pytest.mark.parametrize("value", ["Acme", "", None, 0, 1.5, "No", "Nathan", "x", "Applied"])
def test_is_placeholder_false(value):
    assert not is_placeholder(value)


@pytest.mark.parametrize(
    ("value", "flag", "status"),
    [
        ("yes", True, "yes"),
        ("Yes", True, "yes"),
        ("Y", True, "yes"),
        ("x", True, "yes"),
        ("X", True, "yes"),
        ("✓", True, "yes"),
        ("✔", True, "yes"),
        ("TRUE", True, "yes"),
        (True, True, "yes"),
        (1, True, "yes"),
        (1.0, True, "yes"),
        ("1", True, "yes"),
        ("sent", True, "yes"),
        ("Done", True, "yes"),
        ("是", True, "yes"),
        ("ja", True, "yes"),
        ("oui", True, "yes"),
        ("sí", True, "yes"),
        ("Yes, by email", True, "yes"),
        (dt.date(2024, 5, 1), True, "yes"),
        ("no", False, "no"),
        ("N", False, "no"),
        ("FALSE", False, "no"),
        (False, False, "no"),
        (0, False, "no"),
        ("0", False, "no"),
        ("nein", False, "no"),
        ("non", False, "no"),
        ("否", False, "no"),
        ("not yet", False, "no"),
        (None, None, "empty"),
        ("", None, "empty"),
        ("N/A", None, "empty"),
        ("n/a", None, "empty"),
        (float("nan"), None, "empty"),
        ("maybe", None, "unrecognised"),
        (7, None, "unrecognised"),
    ],
)
def test_parse_flag_detail(value, flag, status):
    assert parse_flag_detail(value) == (flag, status)
    assert parse_flag(value) is flag


@pytest.mark.parametrize(
    ("value", "channel"),
    [
        ("Email", "email"),
        ("e-mail", "email"),
        ("E-Mail", "email"),
        ("mail (electronic)", "email"),
        ("thank you email", "email"),
        ("Mail", "mail"),
        ("card", "mail"),
        ("Thank-you card", "mail"),
        ("handwritten note", "mail"),
        ("letter", "mail"),
        ("Phone", "phone"),
        ("call", "phone"),
        ("VM", "voicemail"),
        ("voicemail", "voicemail"),
        ("voice mail", "voicemail"),
        ("left message", "voicemail"),
        ("called, left a voicemail", "voicemail"),
        ("In person", "in_person"),
        ("in-person", "in_person"),
        ("at the interview", "in_person"),
        ("onsite", "in_person"),
        ("LinkedIn", "linkedin"),
        ("InMail", "linkedin"),
        ("LinkedIn message", "linkedin"),
        ("text", "text"),
        ("SMS", "text"),
        ("Zoom", "video"),
        ("Teams", "video"),
        ("video", "video"),
        ("portal", "portal"),
        ("carrier pigeon", "other"),
        (None, None),
        ("", None),
        ("N/A", None),
    ],
)
def test_parse_channel(value, channel):
    assert parse_channel(value) == channel


def test_parse_channel_detail_statuses():
    assert parse_channel_detail("Email") == ("email", "exact")
    assert parse_channel_detail("sent a note on LinkedIn") == ("linkedin", "keyword")
    assert parse_channel_detail("carrier pigeon") == ("other", "unrecognised")
    assert parse_channel_detail("  ") == (None, "empty")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://jobs.example.com/1", True),
        ("http://x.io", True),
        ("www.example.com/jobs", True),
        ("linkedin.com/jobs/view/123", True),
        ("  https://a.com/b  ", True),
        ("Acme Corp", False),
        ("acme.com", False),
        ("see https://a.com", False),
        ("", False),
        (None, False),
        (42, False),
    ],
)
def test_is_url(value, expected):
    assert is_url(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "HTTPS://WWW.LinkedIn.com/jobs/view/123/?trk=abc&refId=x#top",
            "https://www.linkedin.com/jobs/view/123",
        ),
        (
            "https://boards.greenhouse.io/acme/jobs/42?gh_src=abc&utm_source=li&utm_medium=x",
            "https://boards.greenhouse.io/acme/jobs/42?gh_src=abc",
        ),
        ("https://a.com/x?trackingId=1&id=2&TRK=3", "https://a.com/x?id=2"),
        ("https://a.com:443/path/", "https://a.com/path"),
        ("http://a.com:80/", "http://a.com"),
        ("http://a.com:8080/", "http://a.com:8080"),
        ("jobs.example.com/a?id=7&utm_source=x", "https://jobs.example.com/a?id=7"),
        ("https://a.com/Case/Sensitive?Q=Keep%20Me", "https://a.com/Case/Sensitive?Q=Keep%20Me"),
        ("not a url", "not a url"),
    ],
)
def test_normalise_url(value, expected):
    assert normalise_url(value) == expected


def test_normalise_url_dedupes_variants():
    variants = [
        "https://www.linkedin.com/jobs/view/3812/",
        "https://www.LINKEDIN.com/jobs/view/3812?trk=public_jobs&refId=abc",
        "www.linkedin.com/jobs/view/3812#apply",
        "https://www.linkedin.com/jobs/view/3812?trackingId=zz%3D%3D",
    ]
    assert len({normalise_url(v) for v in variants}) == 1


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Acme, Inc.", "ACME Inc", "acme", "Acme Corporation", "ACME LLC", "Acme Co."], "acme"),
        (["Siemens AG", "siemens"], "siemens"),
        (["Société Générale S.A.", "Societe Generale"], "societe generale"),
        (["Booking B.V.", "booking"], "booking"),
        (["Deliveroo plc", "Deliveroo Limited", "Deliveroo Ltd."], "deliveroo"),
        (["Anthropic, PBC", "anthropic"], "anthropic"),
        (["Zalando SE", "zalando"], "zalando"),
        (["The Home Depot", "Home Depot, Inc."], "home depot"),
        (["Johnson & Johnson", "Johnson and Johnson"], "johnson and johnson"),
        (["Müller GmbH", "Muller"], "muller"),
    ],
)
def test_normalise_company_merges(names, expected):
    assert {normalise_company(n) for n in names} == {expected}


def test_normalise_company_keeps_distinct_names_and_bare_suffixes():
    assert normalise_company("Acme") != normalise_company("Acme Robotics")
    assert normalise_company("Inc") == "inc"  # never reduced to nothing
    assert normalise_company(None) == ""
    assert normalise_company("   ") == ""


def test_match_key_and_is_empty():
    assert match_key("  No\u00a0 Response\n") == "no response"
    assert is_empty(np.nan) and is_empty(pd.NaT) and is_empty(pd.NA)
    assert not is_empty(0) and not is_empty(False) and not is_empty("0")


# --- properties ------------------------------------------------------------------------------


@given(cells)
def test_nothing_raises_on_any_cell(value):
    text = text_of(value)
    assert text is None or (text == text.strip() and text != "")
    flag, status = parse_flag_detail(value)
    assert status in {"yes", "no", "empty", "unrecognised"}
    assert (flag is True) == (status == "yes") and (flag is False) == (status == "no")
    channel, cstatus = parse_channel_detail(value)
    assert channel is None or channel in CHANNELS
    assert cstatus in {"exact", "keyword", "unrecognised", "empty"}
    assert isinstance(is_placeholder(value), bool)
    assert isinstance(is_url(value), bool)
    assert isinstance(normalise_url(value), str)
    assert isinstance(normalise_company(value), str)


@given(st.floats(min_value=-1e15, max_value=1e15, allow_nan=False).map(math.floor))
def test_integral_floats_have_no_decimal_point(number):
    assert text_of(float(number)) == str(int(number))


@given(st.text())
def test_normalise_company_idempotent(name):
    once = normalise_company(name)
    assert normalise_company(once) == once


@given(st.text())
def test_normalise_url_idempotent_on_text(text):
    once = normalise_url(text)
    assert normalise_url(once) == once


urls = st.builds(
    lambda scheme, host, path, params, frag: (
        f"{scheme}://{host}/{path}" + ("?" + "&".join(params) if params else "") + frag
    ),
    st.sampled_from(["http", "https", "HTTPS"]),
    st.from_regex(r"[A-Za-z][A-Za-z0-9\-]{0,10}\.(com|io|de)", fullmatch=True),
    st.from_regex(r"[A-Za-z0-9_\-/]{0,20}", fullmatch=True),
    st.lists(
        st.one_of(
            st.from_regex(r"utm_[a-z]{1,6}=[a-z0-9]{0,5}", fullmatch=True),
            st.sampled_from(["trk=x", "refId=abc", "trackingId=q%3D", "id=7", "page=2"]),
        ),
        max_size=4,
    ),
    st.sampled_from(["", "#frag", "#"]),
)


@given(urls)
def test_normalise_url_properties(url):
    once = normalise_url(url)
    assert normalise_url(once) == once
    assert "utm_" not in once and "trk=" not in once and "refId" not in once
    assert "#" not in once and not once.endswith("/")
    host = once.split("://", 1)[1].split("/", 1)[0].split("?", 1)[0]
    assert host == host.lower()
