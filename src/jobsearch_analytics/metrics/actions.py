"""What to do next: overdue thank-you notes and follow-ups, applications to mark ghosted,
feedback to ask for, salary research missing before a final round.

:func:`next_steps` turns the tracker into a to-do list, one row per action, each with a due
date and a reason that names the facts it rests on, so the person can check it against their
own records.

Examples
--------
>>> import pandas as pd
>>> from jobsearch_analytics.model import JobSearch
>>> s = JobSearch.from_frames(
...     pd.DataFrame({"application_id": ["a"], "company": ["Acme"], "role": ["Analyst"],
...                   "stage": ["interview"], "outcome": ["open"],
...                   "date_applied": ["2024-03-01"]}),
...     pd.DataFrame({"application_id": ["a", "a"], "date": ["2024-03-01", "2024-03-05"],
...                   "date_known": True, "kind": ["applied", "interview"], "round": [None, 1]}),
...     fields=["date_applied", "reply", "interview", "thank_you"])
>>> todo = next_steps(s, today="2024-03-07", ghost_after_days=30)
>>> todo[["action", "reason"]].values.tolist()
[['send thank-you note', 'interviewed on 2024-03-05 (round 1), no thank-you note recorded']]

A tracker with no thank-you column gets no such advice: its silence says nothing.

>>> from dataclasses import replace
>>> len(next_steps(replace(s, fields=frozenset({"reply"})), today="2024-03-07"))
0
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from jobsearch_analytics.conventions import table_records
from jobsearch_analytics.metrics._derive import REPLY_KINDS, dates_at, day_text, kind_mask
from jobsearch_analytics.metrics.interview_table import OFFER_KINDS
from jobsearch_analytics.metrics.search_facts import SearchFacts, facts_for
from jobsearch_analytics.metrics.timing import ghosting_day
from jobsearch_analytics.model import STAGES, JobSearch

__all__ = ["ACTIONS", "actions_summary", "next_steps"]

#: The actions :func:`next_steps` can suggest, with their priority.
ACTIONS: dict[str, str] = {
    "send thank-you note": "high",
    "research salary": "high",
    "follow up": "medium",
    "ask for feedback": "medium",
    "mark as ghosted": "low",
}

_PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}
_DEFAULT_GHOST_DAYS = 30

# Replies that keep a conversation going; after an offer or a rejection, silence is not the
# employer's to break.
_STEP_KINDS = ("response", "screen", "assessment", "interview")


_FIGURES = (
    "salary_min",
    "salary_max",
    "salary_annual_min",
    "salary_annual_max",
    "offer_initial",
    "offer_final",
)


def _mask(n: int, events: pd.DataFrame, kinds: set[str] | frozenset[str]) -> np.ndarray:
    """Whether each sent application (by position) has an event of ``kinds``."""
    hit = np.zeros(n, dtype=bool)
    hit[events["application_id"].to_numpy()[kind_mask(events, kinds)]] = True
    return hit


def _latest(n: int, pos: np.ndarray, dates: np.ndarray) -> np.ndarray:
    """Latest of ``dates`` per position ``0..n-1`` (NaT where none is dated).

    Examples
    --------
    >>> d = np.array(["2024-01-02", "2024-01-05", "NaT"], dtype="datetime64[ns]")
    >>> _latest(3, np.array([0, 0, 2]), d).astype("datetime64[D]").tolist()
    [datetime.date(2024, 1, 5), None, None]
    """
    latest = pd.Series(dates).groupby(pos).max()
    return dates_at(latest, n)


class _Part(NamedTuple):
    """Actions of one kind: positions among the sent applications, due dates, reasons."""

    action: str
    at: np.ndarray
    due: np.ndarray
    reason: list[str]


class _Rules(NamedTuple):
    """What every rule of :func:`next_steps` reads."""

    facts: SearchFacts
    events: pd.DataFrame  # the events of sent applications, by position
    is_open: np.ndarray
    stage: np.ndarray
    now: np.datetime64
    until: np.datetime64


_DAY = np.timedelta64(1, "D")


def _ghost_rule(day: int | None, reliable: bool = True) -> tuple[int, str]:
    """The ghosting rule for a measured ghosting ``day`` (None: not measurable), with words.

    A day measured on a curve whose follow-up after the last reply is short (not
    ``reliable``) may be too early: the rule is then the stated default, or that day when it
    is later -- the later of the two, so nothing is called ghosted too soon.

    Examples
    --------
    >>> _ghost_rule(12, reliable=False)[0], _ghost_rule(45, reliable=False)[0]
    (30, 45)
    """
    if day is not None and reliable:
        return int(day), f"this search's own ghosting point of {int(day)} days"
    if day is not None:
        days = max(_DEFAULT_GHOST_DAYS, int(day))
        return (
            days,
            f"{days} days, the later of the default of {_DEFAULT_GHOST_DAYS} days and this "
            f"search's own ghosting point of {int(day)} days, which is not reliable "
            "(follow-up after the last reply is short)",
        )
    return (
        _DEFAULT_GHOST_DAYS,
        f"the default of {_DEFAULT_GHOST_DAYS} days (this search cannot measure its own "
        "ghosting point: too few dated replies)",
    )


def next_steps(
    search: JobSearch,
    *,
    today: Any = None,
    thank_you_within_days: int = 1,
    thank_you_max_age_days: int = 14,
    follow_up_after_days: int = 7,
    ghost_after_days: int | None = None,
    feedback_within_days: int = 30,
    salary_from_round: int = 2,
    horizon_days: int = 0,
    facts: SearchFacts | None = None,
) -> pd.DataFrame:
    """The to-do list: one row per suggested action.

    Rules (only applications that were sent; "open" means outcome ``open`` or not recorded;
    a rule whose evidence the tracker does not hold at all -- ``search.holds`` of
    ``thank_you``, ``reply``, ``feedback_request``, ``salary`` -- suggests nothing):

    * **send thank-you note** -- the latest interview of an open application has no thank-you
      note (attached as in :func:`~jobsearch_analytics.metrics.after_interview.interviews`);
      due ``thank_you_within_days`` after the interview. Interviews older than
      ``thank_you_max_age_days`` are not listed (a note that late is no longer a thank-you).
    * **follow up** -- an open application has heard nothing since its last step (the
      application, or the last dated response, screen, assessment or interview) and no
      follow-up was sent in the last ``follow_up_after_days``; due ``follow_up_after_days``
      after the later of the last step and the last follow-up. Offers are left alone.
    * **mark as ghosted** -- instead of a follow-up, when the silence since the last step has
      passed ``ghost_after_days``. When None, this search's own ghosting point
      (:func:`jobsearch_analytics.metrics.timing.ghosting_day`) is used when it is reliable;
      when it is not, the later of it and 30 days; without one, 30 days. The reason says
      which.
    * **ask for feedback** -- a rejection after an interview, dated within the last
      ``feedback_within_days``, with no feedback request; due on the rejection date.
    * **research salary** -- an open application reached interview round ``salary_from_round``
      or an offer, and neither a posted salary nor an offer figure is recorded; due on the day
      that round (or offer) happened.

    Parameters
    ----------
    search : JobSearch
    today : date-like, optional
        The day the list is for (default: today).
    horizon_days : int
        Also list actions falling due within this many days after ``today``.
    thank_you_within_days, thank_you_max_age_days, follow_up_after_days, ghost_after_days,
    feedback_within_days, salary_from_round
        The thresholds of the rules above.

    Returns
    -------
    DataFrame
        ``application_id, company, role, action, due, reason, priority`` (``'high'``,
        ``'medium'``, ``'low'``; see :data:`ACTIONS`), sorted by due date then priority.
        ``attrs["ghost_after_days"]`` and ``attrs["ghost_basis"]`` record the ghosting rule.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(
    ...     pd.DataFrame({"application_id": ["a", "b"], "company": ["Acme", "Initech"],
    ...                   "stage": ["applied", "applied"], "outcome": ["open", "open"],
    ...                   "date_applied": ["2024-03-01", "2024-01-02"]}))
    >>> todo = next_steps(s, today="2024-03-12", ghost_after_days=30)
    >>> todo[["company", "action", "due"]].astype(str).values.tolist()
    [['Initech', 'mark as ghosted', '2024-02-01'], ['Acme', 'follow up', '2024-03-08']]
    >>> todo.loc[1, "reason"]
    'applied on 2024-03-01, nothing heard in 11 days, follow-ups are not in your tracker'
    """
    f = facts_for(search, facts, today)
    if ghost_after_days is None:
        measured = ghosting_day(search, facts=f)
        ghost_days, ghost_basis = _ghost_rule(measured.day, measured.plateau_reliable)
    else:
        ghost_days, ghost_basis = int(ghost_after_days), f"the chosen {int(ghost_after_days)} days"
    sent = f.sent_applications
    now = np.datetime64(f.today.to_datetime64(), "ns")
    rules = _Rules(
        facts=f,
        events=sent.events,
        is_open=_outcome_open(search.applications["outcome"], sent.rows),
        stage=f.stage[sent.rows],
        now=now,
        until=now + horizon_days * _DAY,
    )
    ivs = f.interviews
    # Unknown is not zero: a rule whose evidence the tracker does not hold suggests nothing
    # (no "send a thank-you note" without a thank-you column, no "mark as ghosted" without
    # any record of replies).
    parts = []
    if search.holds("thank_you"):
        parts.append(_thank_you_notes(rules, ivs, thank_you_within_days, thank_you_max_age_days))
    if search.holds("reply"):
        parts.extend(_follow_ups(rules, ghost_days, ghost_basis, follow_up_after_days))
    if search.holds("feedback_request"):
        parts.append(_feedback_requests(rules, feedback_within_days))
    if search.holds("salary") or search.holds("offer_amount"):
        parts.append(_salary_research(rules, ivs, salary_from_round))
    if not parts:
        parts.append(_Part("follow up", np.zeros(0, "int64"), np.zeros(0, "datetime64[ns]"), []))
    return _todo_table(search.applications, sent.rows, parts, f.today, ghost_days, ghost_basis)


def _thank_you_notes(rules: _Rules, ivs: pd.DataFrame, within: int, max_age: int) -> _Part:
    """The latest interview (by date, then round) on or before today of each open application
    without a note, no older than ``max_age`` days."""
    held = ivs[ivs["date"].notna() & (ivs["date"] <= rules.now)]
    last = held.sort_values(["position", "date", "round"], kind="stable")
    last = last.drop_duplicates("position", keep="last")
    due = last["date"].to_numpy(dtype="datetime64[ns]") + within * _DAY
    need = (
        ~last["thank_you"].to_numpy(dtype=bool)
        & rules.is_open[last["position"].to_numpy()]
        & (last["date"].to_numpy(dtype="datetime64[ns]") >= rules.now - max_age * _DAY)
        & (due <= rules.until)
    )
    last = last[need]
    reason = [
        f"interviewed on {d} (round {r}), no thank-you note recorded"
        for d, r in zip(day_text(last["date"].to_numpy()), last["round"].tolist(), strict=True)
    ]
    return _Part("send thank-you note", last["position"].to_numpy(), due[need], reason)


def _last_steps(rules: _Rules) -> tuple[np.ndarray, np.ndarray]:
    """Per sent application, the event row of its last step (the latest dated response,
    screen, assessment or interview on or before today; the last listed on a tie; -1 when
    none) and the reference date: that step's date, or the application date when later."""
    events, n = rules.events, len(rules.is_open)
    dates = events["date"].to_numpy(dtype="datetime64[ns]")
    pos = events["application_id"].to_numpy()
    at = np.flatnonzero(kind_mask(events, _STEP_KINDS) & ~np.isnat(dates) & (dates <= rules.now))
    steps = pd.DataFrame({"pos": pos[at], "date": dates[at], "row": at})
    steps = steps.sort_values(["pos", "date", "row"], kind="stable")
    steps = steps.drop_duplicates("pos", keep="last")
    chosen = np.full(n, -1, dtype="int64")
    chosen[steps["pos"].to_numpy()] = steps["row"].to_numpy()
    ref = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    ref[steps["pos"].to_numpy()] = steps["date"].to_numpy()
    apps = rules.facts.search.applications
    rows = rules.facts.sent_applications.rows
    applied = apps["date_applied"].to_numpy(dtype="datetime64[ns]")[rows]
    # NaT compares False both ways, as in pandas.
    use_applied = np.isnat(ref) | (applied > ref)
    chosen[use_applied] = -1
    return chosen, np.where(use_applied, applied, ref)


def _follow_ups(
    rules: _Rules, ghost_days: int, ghost_basis: str, after_days: int
) -> tuple[_Part, _Part]:
    """Open applications silent since their last step: follow up, or mark as ghosted."""
    events, n = rules.events, len(rules.is_open)
    dates = events["date"].to_numpy(dtype="datetime64[ns]")
    pos = events["application_id"].to_numpy()
    undated = np.isnat(dates)
    chosen, ref = _last_steps(rules)
    offered = _mask(n, events, OFFER_KINDS) | (rules.stage >= STAGES.index("offer"))
    # Any final answer (rejection, offer) or a reply known only without a date ends the wait.
    final = ~kind_mask(events, _STEP_KINDS) | undated
    reply = kind_mask(events, REPLY_KINDS) & (final | (dates > ref[pos]))
    answered = np.zeros(n, dtype=bool)
    answered[pos[reply]] = True
    fu = kind_mask(events, {"follow_up"}) & ~undated & (dates >= ref[pos])
    last_fu = _latest(n, pos[fu], dates[fu])
    waiting = rules.is_open & ~answered & ~offered & ~np.isnat(ref) & (ref <= rules.now)
    silent = (rules.now - np.where(np.isnat(ref), rules.now, ref)) // _DAY
    ghost = waiting & (silent > ghost_days)
    fu_due = np.where(np.isnat(last_fu), ref, last_fu) + after_days * _DAY
    follow = waiting & ~ghost & (fu_due <= rules.until)
    hit = np.flatnonzero(follow | ghost)
    # a tracker with no follow-up column has not "recorded no follow-up"
    tracked = rules.facts.search.holds("follow_up")
    no_fu = "no follow-up recorded" if tracked else "follow-ups are not in your tracker"
    words = {
        i: f"{step} on {d}, nothing heard in {days} days"
        + (f", past {ghost_basis}" if gone else f", {fu}")
        for i, step, d, days, gone, fu in zip(
            hit.tolist(),
            _step_names(events, chosen[hit]),
            day_text(ref[hit]),
            silent[hit].astype("int64").tolist(),
            ghost[hit].tolist(),
            [
                (no_fu if day == "NaT" else f"last follow-up on {day}")
                for day in day_text(last_fu[hit])
            ],
            strict=True,
        )
    }
    at, gone = np.flatnonzero(follow), np.flatnonzero(ghost)
    return (
        _Part("follow up", at, fu_due[at], [words[i] for i in at.tolist()]),
        _Part(
            "mark as ghosted",
            gone,
            ref[gone] + ghost_days * _DAY,
            [words[i] for i in gone.tolist()],
        ),
    )


def _step_names(events: pd.DataFrame, chosen: np.ndarray) -> list[str]:
    """The name of each application's last step: ``applied``, a kind, or ``interview round r``."""
    kinds = events["kind"].astype("object").to_numpy()
    rounds = events["round"].to_numpy(dtype="float64", na_value=np.nan)
    names = []
    for row in chosen.tolist():
        if row < 0:
            names.append("applied")
        elif kinds[row] == "interview" and not np.isnan(rounds[row]):
            names.append(f"interview round {int(rounds[row])}")
        else:
            names.append(str(kinds[row]))
    return names


def _feedback_requests(rules: _Rules, within_days: int) -> _Part:
    """Rejections after an interview, dated within ``within_days``, with no feedback request."""
    events, n = rules.events, len(rules.is_open)
    dates = events["date"].to_numpy(dtype="datetime64[ns]")
    pos = events["application_id"].to_numpy()
    interviewed = _mask(n, events, {"interview"}) | (rules.stage >= STAGES.index("interview"))
    rejections = kind_mask(events, {"rejection"}) & ~np.isnat(dates)
    rejected = _latest(n, pos[rejections], dates[rejections])
    at = np.flatnonzero(
        ~np.isnat(rejected)
        & interviewed
        & ~_mask(n, events, {"feedback_request"})
        & (rejected >= rules.now - within_days * _DAY)
        & (rejected <= rules.until)
    )
    reason = [
        f"rejected on {d} after an interview, no feedback request recorded"
        for d in day_text(rejected[at])
    ]
    return _Part("ask for feedback", at, rejected[at], reason)


def _salary_research(rules: _Rules, ivs: pd.DataFrame, from_round: int) -> _Part:
    """Open applications at a late round or an offer with no salary figure recorded."""
    events, n = rules.events, len(rules.is_open)
    apps = rules.facts.search.applications
    rows = rules.facts.sent_applications.rows
    late = ivs[(ivs["round"] >= from_round) & ivs["date"].notna()]
    late_round = late.groupby("position")["round"].max().reindex(range(n))
    offers = events[kind_mask(events, {"offer"})]
    has_offer = _mask(n, events, {"offer"})
    first = pd.concat(
        [
            late.set_index("position")["date"],
            offers.set_index("application_id")["date"].dropna(),
        ]
    )
    first = first.groupby(level=0).min().reindex(range(n)).to_numpy(dtype="datetime64[ns]")
    when = np.where(np.isnat(first), rules.now, first)
    no_figures = apps[list(_FIGURES)].iloc[rows].isna().all(axis=1).to_numpy()
    research = rules.is_open & no_figures & (when <= rules.until)
    # Those with a late round or an offer event first, then those only at the offer stage.
    known = late_round.notna().to_numpy() | has_offer
    at = np.concatenate(
        [
            np.flatnonzero(research & known),
            np.flatnonzero(research & ~known & (rules.stage >= STAGES.index("offer"))),
        ]
    )
    tail = ", and no posted salary or offer figure is recorded"
    reason = [
        f"reached interview round {int(r)}{tail}"
        if not np.isnan(r)
        else f"received an offer{tail}"
        if o
        else f"reached the offer stage{tail}"
        for r, o in zip(late_round.to_numpy()[at].tolist(), has_offer[at].tolist(), strict=True)
    ]
    return _Part("research salary", at, when[at], reason)


def _outcome_open(outcome: pd.Series, rows: np.ndarray) -> np.ndarray:
    """Whether each of ``rows`` is open: outcome ``open`` or not recorded."""
    return (outcome.isna() | outcome.eq("open")).to_numpy(dtype=bool)[rows]


def _todo_table(
    apps: pd.DataFrame,
    rows: np.ndarray,
    parts: list[_Part],
    today: pd.Timestamp,
    ghost_days: int,
    ghost_basis: str,
) -> pd.DataFrame:
    """The to-do table of ``parts``, sorted by due date, then priority, then application id
    (ties in the order of the rules)."""
    at = rows[np.concatenate([p.at for p in parts]).astype("int64")]
    action = np.concatenate([[p.action] * len(p.at) for p in parts]).astype("object")
    out = pd.DataFrame(
        {
            "application_id": apps["application_id"].array.take(at),
            "company": apps["company"].array.take(at),
            "role": apps["role"].array.take(at),
            "action": pd.array(action, dtype="str"),
            "due": np.concatenate([p.due for p in parts]).astype("datetime64[ns]"),
            "reason": pd.array([r for p in parts for r in p.reason], dtype="str"),
            "priority": pd.array([ACTIONS[a] for a in action], dtype="str"),
        }
    ).astype({"application_id": "str", "company": "str", "role": "str"})
    rank = out["priority"].map(_PRIORITY_ORDER)
    out = out.assign(_rank=rank).sort_values(["due", "_rank", "application_id"], kind="stable")
    out = out.drop(columns="_rank").reset_index(drop=True)
    out.attrs.update(ghost_after_days=ghost_days, ghost_basis=ghost_basis, today=today.isoformat())
    return out


def actions_summary(search: JobSearch, *, today: Any = None, **options: Any) -> list[dict]:
    """:func:`next_steps` as a list of JSON-safe dicts (``due`` as ``YYYY-MM-DD``).

    Examples
    --------
    >>> import json
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a"], "stage": ["applied"],
    ...     "outcome": ["open"], "date_applied": ["2024-01-01"]}))
    >>> rows = actions_summary(s, today="2024-01-10", ghost_after_days=30)
    >>> rows[0]["action"], rows[0]["due"], bool(json.dumps(rows))
    ('follow up', '2024-01-08', True)
    """
    return table_records(next_steps(search, today=today, **options))
