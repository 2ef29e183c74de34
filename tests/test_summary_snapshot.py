"""Regression snapshot: ``summarize(...).to_dict()`` must not change when the code gets faster.

``tests/data/summary_snapshot.json`` holds the full summary (every section, ``extras=True``) of
the searches built by :func:`cases` below, as computed by the code *before* the speed work of
issue #3. It is a regression snapshot, not a truth: the numbers in it are checked for
correctness by the other tests (planted truths, independent computations); this test only
proves that an optimisation changed nothing. Floats are compared to 1e-9 relative (summing in
another order may move the last bits); everything else exactly.

When a metric is changed *on purpose* (a new section, a fixed bug), regenerate the snapshot
deliberately, review the diff of the JSON file, and say why in the commit message::

    .venv/bin/python -c "
    import importlib.util, json, pathlib
    spec = importlib.util.spec_from_file_location('snap', 'tests/test_summary_snapshot.py')
    m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
    pathlib.Path(m.SNAPSHOT).write_text(json.dumps(m.compute_all(), indent=0))
    "
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from jobsearch_analytics.model import JobSearch
from jobsearch_analytics.sample import generate
from jobsearch_analytics.summary import summarize

SNAPSHOT = Path(__file__).parent / "data" / "summary_snapshot.json"

#: name -> (seed, applications, locale, messy)
CASES: dict[str, tuple[int, int, str, bool]] = {
    "seed0_n300_us": (0, 300, "us", False),
    "seed1_n800_de": (1, 800, "de", False),
    "seed2_n1500_cn": (2, 1500, "cn", False),
    "seed3_n3000_us": (3, 3000, "us", False),
    "seed4_n2000_us_messy": (4, 2000, "us", True),
    "seed1_n600_us_messy": (1, 600, "us", True),
}


def _messy(apps: pd.DataFrame, events: pd.DataFrame, seed: int) -> tuple[pd.DataFrame, ...]:
    """What real trackers do to the clean truth: undated events, unnumbered rounds, duplicate
    ids, events of unknown applications, unknown application dates, saved jobs, missing
    outcomes, referral and salary figures."""
    rng = np.random.default_rng(1000 + seed)
    apps = apps.copy()
    events = events.copy()
    ne, na = len(events), len(apps)
    undated = rng.random(ne) < 0.08
    events.loc[undated, "date"] = pd.NaT
    events.loc[undated, "date_known"] = False
    events.loc[rng.random(ne) < 0.3, "round"] = pd.NA
    apps.loc[rng.random(na) < 0.05, "date_applied"] = pd.NaT
    saved = rng.random(na) < 0.04
    apps.loc[saved, "stage"] = "saved"
    apps.loc[rng.random(na) < 0.03, "outcome"] = pd.NA
    apps.loc[rng.random(na) < 0.1, "referral"] = pd.NA
    apps.loc[rng.random(na) < 0.1, ["salary_annual_min", "salary_currency"]] = np.nan
    apps.loc[rng.random(na) < 0.05, "offer_currency"] = pd.NA
    # A tracker pasted twice in places: same id, possibly another company spelling.
    dup = apps.sample(frac=0.03, random_state=seed).assign(company=lambda f: f["company"] + " ")
    apps = pd.concat([apps, dup], ignore_index=True)
    # Events whose application row was deleted from the tracker.
    orphans = events.sample(n=min(40, ne), random_state=seed).assign(
        application_id=lambda f: "gone/" + f["application_id"]
    )
    # Repeated events (the same interview logged twice, once undated).
    again = events.sample(frac=0.02, random_state=seed + 1).assign(date=pd.NaT, date_known=False)
    events = pd.concat([events, orphans, again], ignore_index=True)
    return apps, events


def build(name: str) -> tuple[JobSearch, pd.Timestamp]:
    """The search and analysis date of one case."""
    seed, n, locale, messy = CASES[name]
    sample = generate(seed, n_applications=n, locale=locale)
    apps, events = sample.applications, sample.events
    if messy:
        apps, events = _messy(apps, events, seed)
    return JobSearch.from_frames(apps, events), sample.today


def compute(name: str) -> dict[str, Any]:
    search, today = build(name)
    # Round-trip through JSON so the snapshot and the live value have the same shape.
    return json.loads(summarize(search, today=today).to_json())


def compute_all() -> dict[str, Any]:
    return {name: compute(name) for name in CASES}


def _diff(old: Any, new: Any, path: str, out: list[str]) -> None:
    if len(out) >= 20:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        if list(old) != list(new):
            out.append(f"{path}: keys {sorted(set(old) ^ set(new))} differ (or their order)")
        for k in old:
            if k in new:
                _diff(old[k], new[k], f"{path}.{k}", out)
    elif isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            out.append(f"{path}: {len(old)} items then, {len(new)} now")
        for i, (a, b) in enumerate(zip(old, new, strict=False)):
            _diff(a, b, f"{path}[{i}]", out)
    elif (
        isinstance(old, float)
        and isinstance(new, float | int)
        and not isinstance(new, bool)
        and math.isclose(old, new, rel_tol=1e-9, abs_tol=1e-12)
    ):
        return
    elif type(old) is not type(new) or old != new:
        out.append(f"{path}: {old!r} then, {new!r} now")


@pytest.fixture(scope="module")
def snapshot() -> dict[str, Any]:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", list(CASES))
def test_summary_matches_snapshot(name, snapshot):
    problems: list[str] = []
    _diff(snapshot[name], compute(name), name, problems)
    assert not problems, "\n".join(problems)


def test_snapshot_covers_every_section(snapshot):
    # The comparison is only worth something if the snapshot holds real content everywhere.
    for name in CASES:
        d = snapshot[name]
        assert d["actions"], name
        assert d["after_interview"]["thank_you_delay"]["rows"], name
        assert d["salary"], name
        assert d["rates_by_source"], name
    messy = snapshot["seed4_n2000_us_messy"]
    assert messy["stages"]["saved"] > 0


def test_diff_sees_a_change():
    problems: list[str] = []
    _diff({"a": [1.0, {"b": "x"}]}, {"a": [1.0 + 1e-6, {"b": "y"}]}, "s", problems)
    assert len(problems) == 2
