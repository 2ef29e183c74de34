"""The shared conventions: one JSON converter, one "today", one list of offer columns."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from jobsearch_analytics.conventions import (
    OFFER_COLUMNS,
    normalise_company,
    resolve_today,
    to_plain,
)
from jobsearch_analytics.metrics import offers_vs_posted
from jobsearch_analytics.model import JobSearch


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (np.nan, None),
        (float("-inf"), None),
        (pd.NA, None),
        (pd.NaT, None),
        (np.datetime64("NaT"), None),
        (np.int32(7), 7),
        (np.float32(0.5), 0.5),
        (np.bool_(False), False),
        (pd.Timestamp("2024-02-03"), "2024-02-03"),
        (pd.Timestamp("2024-02-03 08:15"), "2024-02-03T08:15:00"),
        (np.datetime64("2024-02-03T00:00", "ns"), "2024-02-03"),
        (dt.date(2024, 2, 3), "2024-02-03"),
        (dt.datetime(2024, 2, 3, 9), "2024-02-03T09:00:00"),
        ("text", "text"),
    ],
)
def test_to_plain_of_single_values(value, expected):
    got = to_plain(value)
    assert got == expected and type(got) is type(expected)


def test_to_plain_walks_containers_and_dataclasses():
    @dataclasses.dataclass(frozen=True)
    class Point:
        day: pd.Timestamp
        n: np.int64

    value = {
        1: [np.float64(1.5), (np.nan, "x")],
        "series": pd.Series([1, 2]),
        "array": np.array([True, False]),
        "point": Point(pd.Timestamp("2024-01-01"), np.int64(2)),
        "other": pd.Period("2024-01", "M"),
    }
    got = to_plain(value)
    assert got == {
        "1": [1.5, [None, "x"]],
        "series": [1, 2],
        "array": [True, False],
        "point": {"day": "2024-01-01", "n": 2},
        "other": "2024-01",
    }
    json.dumps(got, allow_nan=False)


@pytest.mark.parametrize(
    "value",
    [
        "2024-03-05",
        "2024-03-05T17:45:00",
        dt.date(2024, 3, 5),
        dt.datetime(2024, 3, 5, 17, 45),
        pd.Timestamp("2024-03-05 17:45"),
        np.datetime64("2024-03-05T17:45"),
    ],
)
def test_resolve_today_accepts_each_documented_form(value):
    assert resolve_today(value) == pd.Timestamp("2024-03-05")


def test_resolve_today_defaults_to_today_at_midnight():
    got = resolve_today(None)
    assert got == pd.Timestamp(dt.date.today()) and got == got.normalize()


@pytest.mark.parametrize("value", ["yesterday", "2024-13-01", "", "03/05/2024", 20240305, pd.NaT])
def test_resolve_today_refuses_other_values_in_one_line(value):
    with pytest.raises(ValueError) as err:
        resolve_today(value)
    message = str(err.value)
    assert "\n" not in message
    assert "YYYY-MM-DD" in message and "date/datetime/Timestamp" in message
    assert "None for today" in message and repr(value) in message


def test_offer_columns_are_columns_of_the_offer_table():
    s = JobSearch.from_frames(
        pd.DataFrame(
            {
                "application_id": ["a"],
                "company": ["Acme"],
                "salary_annual_min": [50e3],
                "salary_annual_max": [70e3],
                "offer_initial": [65e3],
            }
        )
    )
    table = offers_vs_posted(s)
    assert set(OFFER_COLUMNS) <= set(table.columns)
    assert table[list(OFFER_COLUMNS)].iloc[0]["vs_range"] == "within"


def test_normalise_company_ignores_case_accents_punctuation_and_legal_forms():
    assert normalise_company("Acme, Inc.") == normalise_company("ACME") == "acme"
    assert normalise_company("Ac\u200bme GmbH") == "acme"  # an invisible character
    assert normalise_company(12345.0) == "12345"
    assert normalise_company(None) == normalise_company(float("nan")) == ""
