"""The interview table and the to-do list against plain-Python references of their rules.

Each reference below follows the rules as the docstrings state them, one application at a
time, in plain Python; the metrics compute the same with whole-table pandas and numpy.
Random small searches (many ties, missing rounds, dates and channels, ids that do not sort in
table order) exercise the corners the hand-worked tests do not reach.
"""

from __future__ import annotations

import math
from datetime import timedelta

import numpy as np
import pandas as pd
import pytest

from jobsearch_analytics.metrics import interviews, next_steps
from jobsearch_analytics.model import EVIDENCE, REPLY_KINDS, STAGES, JobSearch

TODAY = pd.Timestamp("2024-06-01")
_DAYS = pd.to_datetime(
    ["2024-01-05", "2024-01-05", "2024-01-06", "2024-05-20", "2024-05-25", "2024-05-30", None]
)
_KINDS = [
    "interview",
    "interview",
    "thank_you",
    "thank_you",
    "next_steps_asked",
    "follow_up",
    "rejection",
    "offer",
    "response",
    "screen",
    "feedback_request",
    "ghosted",
]


def random_search(seed: int) -> JobSearch:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 9))
    # "#10" sorts before "#2": ids out of text order along the table.
    ids = [f"#{i * 7 % 11}" for i in range(n)]
    apps = pd.DataFrame(
        {
            "application_id": ids,
            "company": [f"C{i}" for i in range(n)],
            "role": rng.choice(["Analyst", "Data Engineer", None], n),
            "stage": rng.choice(["saved", "applied", "screen", "interview", "offer"], n),
            "outcome": rng.choice(["open", "open", "rejected", None], n),
            "date_applied": rng.choice(
                pd.to_datetime(["2024-01-02", "2024-05-10", "2024-05-28", None]), n
            ),
            "salary_annual_min": rng.choice([50e3, np.nan, np.nan], n),
            "salary_annual_max": rng.choice([70e3, np.nan], n),
            "salary_currency": rng.choice(["USD", "EUR", None], n),
        }
    )
    m = int(rng.integers(0, 30))
    events = pd.DataFrame(
        {
            "application_id": rng.choice(ids, m),
            "date": rng.choice(_DAYS, m),
            "kind": rng.choice(_KINDS, m),
            "round": pd.array(rng.choice([1, 2, 3, None], m), dtype="Int64"),
            "channel": rng.choice(["email", "phone", "in_person", None], m),
        }
    )
    events["date_known"] = events["date"].notna()
    # a tracker that keeps every kind of evidence (the rules' gating on missing evidence is
    # tested in test_actions.py)
    return JobSearch.from_frames(apps, events, fields=EVIDENCE)


def _missing(x: object) -> bool:
    return x is None or x is pd.NaT or (isinstance(x, float) and math.isnan(x)) or x is pd.NA


def _sent_apps(search: JobSearch) -> dict[str, dict]:
    """The first sent row of each id, by id, in table order."""
    out: dict[str, dict] = {}
    for row in search.applications.to_dict("records"):
        if row["stage"] != "saved" and row["application_id"] not in out:
            out[row["application_id"]] = row
    return out


def _events_of(search: JobSearch, app_id: str) -> list[dict]:
    return [
        {**e, "i": i}
        for i, e in enumerate(search.events.to_dict("records"))
        if e["application_id"] == app_id
    ]


def _attach_to(e: dict, table: list[tuple[int, object]]) -> tuple[int, int] | None:
    """(round, how) of the interview (rows ``(round, date)``) a note goes to: how 0 by its
    round, 1 by date, 2 the only interview; None when it goes nowhere."""
    if not _missing(e["round"]) and int(e["round"]) in dict(table):
        return int(e["round"]), 0
    if not _missing(e["date"]):
        before = [(d, r) for r, d in table if not _missing(d) and d <= e["date"]]
        return (max(before)[1], 1) if before else None
    return (table[0][0], 2) if len(table) == 1 else None


def reference_interviews(search: JobSearch) -> list[dict]:
    """The interview rounds and the notes attached to them, by the documented rules."""
    rows = []
    for app_id in _sent_apps(search):
        events = _events_of(search, app_id)
        ivs = [e for e in events if e["kind"] == "interview"]
        if any(_missing(e["round"]) for e in ivs):
            # Numbered by date order (undated last, then by round, then as listed).
            ivs.sort(
                key=lambda e: (
                    _missing(e["date"]),
                    e["date"] if not _missing(e["date"]) else 0,
                    _missing(e["round"]),
                    0 if _missing(e["round"]) else e["round"],
                )
            )
            numbered = [(k + 1, e["date"]) for k, e in enumerate(ivs)]
        else:
            numbered = [(int(e["round"]), e["date"]) for e in ivs]
        rounds: dict[int, object] = {}
        for r, d in numbered:
            known = [x for x in (rounds.get(r), d) if not _missing(x)]
            rounds[r] = min(known) if known else pd.NaT
        table = sorted(rounds.items())

        notes: dict[int, list] = {r: [] for r in rounds}
        asked: set[int] = set()
        for e in events:
            if e["kind"] not in ("thank_you", "next_steps_asked"):
                continue
            hit = _attach_to(e, table)
            if hit is None:
                continue
            if e["kind"] == "next_steps_asked":
                asked.add(hit[0])
            else:
                # First by date (undated last), then by how it was attached, then notes
                # without a round before those naming an unknown round, then as listed.
                key = (
                    _missing(e["date"]),
                    e["date"] if not _missing(e["date"]) else 0,
                    hit[1],
                    not _missing(e["round"]),
                    e["i"],
                )
                notes[hit[0]].append((key, e))
        for r, d in table:
            attached = [e for _, e in sorted(notes[r], key=lambda kv: kv[0])]
            dates = [e["date"] for e in attached if not _missing(e["date"])]
            channels = [e["channel"] for e in attached if not _missing(e["channel"])]
            rows.append(
                {
                    "application_id": app_id,
                    "round": r,
                    "date": d,
                    "thank_you": bool(attached),
                    "thank_you_date": min(dates) if dates else pd.NaT,
                    "thank_you_channel": channels[0] if channels else None,
                    "next_steps_asked": r in asked,
                }
            )
    return rows


@pytest.mark.parametrize("seed", range(120))
def test_interviews_follow_the_attachment_rules(seed):
    search = random_search(seed)
    got = interviews(search, today=TODAY)
    want = reference_interviews(search)
    columns = [
        "application_id",
        "round",
        "date",
        "thank_you",
        "thank_you_date",
        "thank_you_channel",
        "next_steps_asked",
    ]
    rows = got[columns].to_dict("records")
    assert len(rows) == len(want)
    for g, w in zip(rows, want, strict=True):
        for c in columns:
            if _missing(w[c]):
                assert _missing(g[c]), (c, g, w)
            else:
                assert g[c] == w[c], (c, g, w)


def reference_next_steps(search: JobSearch, *, ghost_days: int) -> list[tuple]:
    """The to-do list by the rules of next_steps' docstring (default thresholds)."""
    day = timedelta(days=1)
    todo = []
    ivs = interviews(search, today=TODAY).to_dict("records")
    for app_id, app in _sent_apps(search).items():
        events = _events_of(search, app_id)
        is_open = _missing(app["outcome"]) or app["outcome"] == "open"
        stage = STAGES.index(app["stage"]) if not _missing(app["stage"]) else 1
        kinds = {e["kind"] for e in events}
        mine = [iv for iv in ivs if iv["application_id"] == app_id]

        def add(action: str, due: pd.Timestamp, reason: str, priority: str, who=app) -> None:
            todo.append((who["application_id"], who["company"], action, due, reason, priority))

        held = [iv for iv in mine if not _missing(iv["date"]) and iv["date"] <= TODAY]
        if held:
            last = max(held, key=lambda iv: (iv["date"], iv["round"]))
            due = last["date"] + day
            if (
                not last["thank_you"]
                and is_open
                and last["date"] >= TODAY - 14 * day
                and due <= TODAY
            ):
                add(
                    "send thank-you note",
                    due,
                    f"interviewed on {last['date'].date()} (round {last['round']}), "
                    "no thank-you note recorded",
                    "high",
                )

        steps = [
            e
            for e in events
            if e["kind"] in ("response", "screen", "assessment", "interview")
            and not _missing(e["date"])
            and e["date"] <= TODAY
        ]
        ref_round = None
        if steps:
            latest = max(e["date"] for e in steps)
            step = [e for e in steps if e["date"] == latest][-1]
            ref, ref_kind, ref_round = step["date"], step["kind"], step["round"]
        else:
            ref, ref_kind = pd.NaT, None
        applied = app["date_applied"]
        if _missing(ref) or (not _missing(applied) and applied > ref):
            ref, ref_kind = applied, "applied"
        offered = bool(kinds & {"offer", "accepted", "negotiation", "declined"}) or (
            stage >= STAGES.index("offer")
        )
        answered = any(
            e["kind"] in REPLY_KINDS
            and (
                _missing(e["date"])
                or e["kind"] not in ("response", "screen", "assessment", "interview")
                or (not _missing(ref) and e["date"] > ref)
            )
            for e in events
        )
        if is_open and not answered and not offered and not _missing(ref) and ref <= TODAY:
            silent = (TODAY - ref).days
            fus = [
                e["date"]
                for e in events
                if e["kind"] == "follow_up" and not _missing(e["date"]) and e["date"] >= ref
            ]
            last_fu = max(fus) if fus else None
            name = (
                f"interview round {ref_round}"
                if ref_kind == "interview" and not _missing(ref_round)
                else ref_kind
            )
            base = f"{name} on {ref.date()}, nothing heard in {silent} days"
            if silent > ghost_days:
                add(
                    "mark as ghosted",
                    ref + ghost_days * day,
                    f"{base}, past the chosen {ghost_days} days",
                    "low",
                )
            elif (last_fu or ref) + 7 * day <= TODAY:
                words = (
                    f"last follow-up on {last_fu.date()}" if last_fu else "no follow-up recorded"
                )
                add("follow up", (last_fu or ref) + 7 * day, f"{base}, {words}", "medium")

        rejections = [
            e["date"] for e in events if e["kind"] == "rejection" and not _missing(e["date"])
        ]
        interviewed = "interview" in kinds or stage >= STAGES.index("interview")
        if rejections and interviewed and "feedback_request" not in kinds:
            rejected = max(rejections)
            if TODAY - 30 * day <= rejected <= TODAY:
                add(
                    "ask for feedback",
                    rejected,
                    f"rejected on {rejected.date()} after an interview, no feedback request "
                    "recorded",
                    "medium",
                )

        figures = ("salary_min", "salary_max", "salary_annual_min", "salary_annual_max")
        figures += ("offer_initial", "offer_final")
        if is_open and all(_missing(app[c]) for c in figures):
            late = [iv for iv in mine if iv["round"] >= 2 and not _missing(iv["date"])]
            offers = [e for e in events if e["kind"] == "offer"]
            dates = [iv["date"] for iv in late]
            dates += [e["date"] for e in offers if not _missing(e["date"])]
            when = min(dates) if dates else TODAY
            if late:
                what = f"reached interview round {max(iv['round'] for iv in late)}"
            elif offers:
                what = "received an offer"
            elif stage >= STAGES.index("offer"):
                what = "reached the offer stage"
            else:
                what = None
            if what is not None and when <= TODAY:
                add(
                    "research salary",
                    when,
                    f"{what}, and no posted salary or offer figure is recorded",
                    "high",
                )
    rank = {"high": 0, "medium": 1, "low": 2}
    return sorted(todo, key=lambda t: (t[3], rank[t[5]], t[0]))


@pytest.mark.parametrize("seed", range(120))
def test_next_steps_follow_the_rules(seed):
    search = random_search(seed)
    got = next_steps(search, today=TODAY, ghost_after_days=30)
    rows = [
        (r["application_id"], r["company"], r["action"], r["due"], r["reason"], r["priority"])
        for r in got.to_dict("records")
    ]
    want = reference_next_steps(search, ghost_days=30)
    # Rows tied on due date, priority and id keep the order of the rules (thank-you notes,
    # then salary research): compare the order of the keys and the rows as sets of each key.
    assert [(r[3], r[5], r[0]) for r in rows] == [(r[3], r[5], r[0]) for r in want]
    assert sorted(rows, key=repr) == sorted(want, key=repr)
