"""The shared per-application helpers of ``metrics._derive`` against plain pandas references."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobsearch_analytics.metrics._derive import (
    PlainRecords,
    id_codes,
    kind_mask,
    plain_value,
    records,
    sent_positions,
)
from jobsearch_analytics.metrics.rates import application_facts
from jobsearch_analytics.model import EVENT_KINDS, JobSearch


@pytest.fixture
def mixed_frame() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 400
    when = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 90, n), unit="D")
    when = when + pd.to_timedelta(np.where(rng.random(n) < 0.1, 5, 0), unit="h")
    frame = pd.DataFrame(
        {
            "float": np.where(rng.random(n) < 0.2, np.nan, rng.normal(size=n)),
            "inf": np.where(rng.random(n) < 0.1, np.inf, 2.5),
            "int": rng.integers(-5, 5, n),
            "bool": rng.random(n) < 0.5,
            "date": pd.Series(when).where(rng.random(n) > 0.1),
            "text": pd.Series(np.where(rng.random(n) < 0.2, None, "x"), dtype="str"),
            "cat": pd.Categorical(np.where(rng.random(n) < 0.2, None, "c")),
            "Int64": pd.array(np.where(rng.random(n) < 0.2, None, 3), dtype="Int64"),
            "object": pd.Series([None, 1, "a", np.float64(2.5)] * (n // 4), dtype=object),
            7: 1.0,
        }
    )
    frame.loc[3, "date"] = pd.Timestamp("1960-03-01 12:00")
    return frame


def test_records_equal_the_row_by_row_conversion(mixed_frame):
    expected = [
        {str(k): plain_value(v) for k, v in row.items()} for row in mixed_frame.to_dict("records")
    ]
    got = records(mixed_frame)
    assert isinstance(got, PlainRecords)
    assert got == expected
    # Same types, not only equal values (True == 1 == 1.0 in Python).
    for a, b in zip(got, expected, strict=True):
        assert [type(v) for v in a.values()] == [type(v) for v in b.values()]
    assert got[3]["date"] == "1960-03-01T12:00:00"


def test_records_of_one_column_and_of_no_rows(mixed_frame):
    assert records(mixed_frame[["int"]]) == [{"int": v} for v in mixed_frame["int"].tolist()]
    assert records(mixed_frame.iloc[:0]) == []
    assert records(pd.DataFrame(index=[0, 1])) == [{}, {}]


def test_plain_value_missing_and_numpy():
    assert plain_value(pd.NA) is None and plain_value(pd.NaT) is None
    assert plain_value(float("inf")) is None
    assert plain_value({1: (np.int64(2), np.float32(0.5))}) == {"1": [2, 0.5]}


def _messy_ids(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    pool = [f"id{i}" for i in range(40)]
    apps = pd.DataFrame(
        {
            "application_id": pd.Series(rng.choice(pool, 60), dtype="str"),
            "stage": rng.choice(["saved", "applied", "interview"], 60),
        }
    )
    apps.loc[[5, 9], "application_id"] = pd.NA
    ids = rng.choice([*pool, "unknown"], 300)
    events = pd.DataFrame({"application_id": pd.Series(np.sort(ids), dtype="str")})
    events.loc[[0, 17, 200], "application_id"] = pd.NA
    return apps, events


@pytest.mark.parametrize("shuffle", [False, True])
def test_id_codes_match_an_index_lookup(shuffle):
    rng = np.random.default_rng(3)
    apps, events = _messy_ids(rng)
    if shuffle:  # no runs of one id: every event looked up on its own
        events = events.sample(frac=1, random_state=1)
    app_codes, event_codes, n = id_codes(apps, events)
    uniques = pd.Index(pd.unique(apps["application_id"]))
    assert n == len(uniques)
    assert (uniques.get_indexer(apps["application_id"]) == app_codes).all()
    assert (uniques.get_indexer(events["application_id"]) == event_codes).all()


def test_a_missing_id_gets_its_own_facts():
    # Code -1 used to index the last id's facts; a missing id is now an id like any other.
    apps = pd.DataFrame({"application_id": ["a", None, "b"], "stage": "applied"})
    events = pd.DataFrame(
        {"application_id": [None], "date": ["2024-01-05"], "date_known": True, "kind": "screen"}
    )
    facts = application_facts(JobSearch.from_frames(apps, events))
    assert facts.replied.tolist() == [False, True, False]


def test_sent_positions_match_drop_duplicates():
    rng = np.random.default_rng(11)
    apps, events = _messy_ids(rng)
    sent = (apps["stage"] != "saved").to_numpy()
    app_codes, event_codes, n = id_codes(apps, events)
    rows, app_pos, event_pos = sent_positions(app_codes, event_codes, n, sent)

    kept = apps[sent].drop_duplicates("application_id")
    assert rows.tolist() == [apps.index.get_loc(i) for i in kept.index]
    ids = pd.Index(kept["application_id"])
    assert (event_pos == ids.get_indexer(events["application_id"])).all()
    assert (app_pos == ids.get_indexer(apps["application_id"])).all()


def test_kind_mask_equals_isin():
    kinds = pd.Series(
        pd.Categorical(["screen", None, "offer", "applied"], categories=list(EVENT_KINDS))
    )
    frame = pd.DataFrame({"kind": kinds})
    wanted = {"offer", "applied"}
    assert kind_mask(frame, wanted).tolist() == kinds.isin(list(wanted)).tolist()
    as_text = frame.assign(kind=kinds.astype("str"))
    assert kind_mask(as_text, wanted).tolist() == [False, False, True, True]


@given(
    st.lists(st.one_of(st.none(), st.sampled_from(EVENT_KINDS)), max_size=60),
    st.sets(st.sampled_from(EVENT_KINDS)),
)
def test_kind_mask_equals_isin_for_any_kinds(values, wanted):
    # Both ways kind_mask answers (a few kinds compared one by one, many by a table).
    kinds = pd.Series(pd.Categorical(values, categories=list(EVENT_KINDS)), dtype="category")
    frame = pd.DataFrame({"kind": kinds})
    expected = [v is not None and v in wanted for v in values]
    assert kind_mask(frame, wanted).tolist() == expected


def test_plain_records_is_a_list():
    rows = PlainRecords([{"a": 1.0}])
    assert rows == [{"a": 1.0}] and isinstance(rows, list)
    assert math.isclose(rows[0]["a"], 1.0)


def test_shared_block_computes_each_table_once_and_changes_no_result(monkeypatch):
    import importlib

    from jobsearch_analytics import metrics
    from jobsearch_analytics.sample import generate

    ai = importlib.import_module("jobsearch_analytics.metrics.after_interview")
    rates_module = importlib.import_module("jobsearch_analytics.metrics.rates")
    timing = importlib.import_module("jobsearch_analytics.metrics.timing")
    sample = generate(3, n_applications=300)
    search, today = sample.to_jobsearch(), sample.today
    counts = {"facts": 0, "interviews": 0, "durations": 0}

    def counted(name, fn):
        def wrapper(*args, **kwargs):
            counts[name] += 1
            return fn(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(
        rates_module, "_application_facts", counted("facts", rates_module._application_facts)
    )
    monkeypatch.setattr(ai, "_make_interviews", counted("interviews", ai._make_interviews))
    monkeypatch.setattr(timing, "_make_durations", counted("durations", timing._make_durations))

    def everything():
        return (
            metrics.thank_you_effect(search, today=today),
            metrics.next_steps_effect(search, today=today),
            metrics.next_steps(search, today=today),
            metrics.median_time(search, today=today),
            metrics.ghosting_curve(search, today=today),
            metrics.response_rates(search, by="source"),
        )

    plain = everything()
    alone = dict(counts)
    assert alone["facts"] >= 4 and alone["interviews"] >= 3 and alone["durations"] >= 3
    counts.update(facts=0, interviews=0, durations=0)
    with metrics.shared():
        together = everything()
    assert counts == {"facts": 1, "interviews": 1, "durations": 1}
    for a, b in zip(plain, together, strict=True):
        pd.testing.assert_frame_equal(a, b)
    # Outside the block nothing is kept.
    counts.update(facts=0, interviews=0, durations=0)
    metrics.median_time(search, today=today)
    metrics.median_time(search, today=today)
    assert counts["durations"] == 2
