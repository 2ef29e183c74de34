"""The shared helpers of ``metrics._derive`` and the facts object against plain references."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobsearch_analytics.conventions import table_records as records
from jobsearch_analytics.metrics._derive import id_codes, kind_mask
from jobsearch_analytics.metrics.interview_table import sent_applications
from jobsearch_analytics.metrics.search_facts import facts
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


def test_records_are_json_builtins_of_each_value(mixed_frame):
    got = records(mixed_frame)
    assert len(got) == len(mixed_frame)
    json.dumps(got, allow_nan=False)  # strict JSON: no NaN, no numpy, no timestamps
    for row, (_, want) in zip(got, mixed_frame.iterrows(), strict=True):
        assert list(row) == [str(k) for k in mixed_frame.columns]
        for key, value in row.items():
            original = want[7 if key == "7" else key]
            if pd.isna(original) or original in (np.inf, -np.inf):
                assert value is None, (key, original)
            elif key == "date":
                stamp = pd.Timestamp(original)
                at_midnight = stamp == stamp.normalize()
                assert value == (stamp.date().isoformat() if at_midnight else stamp.isoformat())
            else:
                assert value == original and type(value) in (int, float, bool, str), key
    assert got[3]["date"] == "1960-03-01T12:00:00"


def test_records_of_one_column_and_of_no_rows(mixed_frame):
    assert records(mixed_frame[["int"]]) == [{"int": v} for v in mixed_frame["int"].tolist()]
    assert records(mixed_frame.iloc[:0]) == []


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
    f = facts(JobSearch.from_frames(apps, events), today="2024-02-01")
    assert f.replied.tolist() == [False, True, False]


def test_sent_positions_match_drop_duplicates():
    rng = np.random.default_rng(11)
    apps, events = _messy_ids(rng)
    sent = (apps["stage"] != "saved").to_numpy()
    events = events.assign(kind="interview", date=pd.NaT, channel=None, round=None)
    app_codes, event_codes, _ = id_codes(apps, events)
    positions = sent_applications(events, sent, app_codes, event_codes)
    rows, app_pos, event_pos = positions.rows, positions.app_pos, positions.event_pos

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


def test_facts_passed_or_not_give_the_same_results():
    from jobsearch_analytics import metrics
    from jobsearch_analytics.sample import generate

    sample = generate(3, n_applications=300)
    search, today = sample.to_jobsearch(), sample.today

    def everything(**given):
        return (
            metrics.thank_you_effect(search, today=today, **given),
            metrics.next_steps_effect(search, today=today, **given),
            metrics.next_steps(search, today=today, **given),
            metrics.median_time(search, today=today, **given),
            metrics.ghosting_curve(search, today=today, **given),
            metrics.response_rates(search, by="source", **given),
        )

    shared = metrics.facts(search, today=today)
    for a, b in zip(everything(), everything(facts=shared), strict=True):
        pd.testing.assert_frame_equal(a, b)


def test_facts_of_another_search_or_date_are_refused():
    from jobsearch_analytics import metrics

    s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a"], "stage": ["applied"]}))
    other = JobSearch.from_frames(pd.DataFrame({"application_id": ["a"], "stage": ["applied"]}))
    f = metrics.facts(s, today="2024-01-01")
    with pytest.raises(ValueError, match="another search"):
        metrics.response_rates(other, facts=f)
    with pytest.raises(ValueError, match="differs from the facts"):
        metrics.median_time(s, today="2024-02-01", facts=f)
    assert metrics.median_time(s, today="2024-01-01", facts=f)["n"].tolist() == [0.0]
