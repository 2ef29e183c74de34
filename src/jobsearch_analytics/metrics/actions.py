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
...                   "date_known": True, "kind": ["applied", "interview"], "round": [None, 1]}))
>>> todo = next_steps(s, today="2024-03-07", ghost_after_days=30)
>>> todo[["action", "reason"]].values.tolist()
[['send thank-you note', 'interviewed on 2024-03-05 (round 1), no thank-you note recorded']]
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from jobsearch_analytics.metrics import timing as _timing
from jobsearch_analytics.metrics._derive import REPLY_KINDS, day_text, kind_mask
from jobsearch_analytics.metrics.after_interview import (
    _interviews,
    _last_dates,
    _latest,
    _records,
    _Sent,
    _sent,
    _today,
)
from jobsearch_analytics.metrics.rates import ApplicationFacts
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
_COLUMNS = ["application_id", "company", "role", "action", "due", "reason", "priority"]
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


def _mask(n: int, events: pd.DataFrame, kinds: set[str]) -> np.ndarray:
    """Whether each coded application has an event of ``kinds``."""
    hit = np.zeros(n, dtype=bool)
    hit[events["application_id"].to_numpy()[kind_mask(events, kinds)]] = True
    return hit


def _ymd(dates: pd.Series) -> pd.Series:
    """Dates as ``YYYY-MM-DD`` text (missing stays missing)."""
    values = dates.to_numpy(dtype="datetime64[ns]")
    text = pd.Series(day_text(values), index=dates.index, dtype="str")
    return text.where(~np.isnat(values))


def _codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, distinct)``: each value's position among the sorted distinct values."""
    distinct, where = np.unique(values, return_inverse=True)
    return where.ravel().astype("int64"), distinct


def _wait_reasons(
    kind: pd.Series,
    rnd: pd.Series,
    ref: pd.Series,
    silent: pd.Series,
    last_fu: pd.Series,
    ghost: np.ndarray,
    ghost_basis: str,
) -> np.ndarray:
    """The reason of each follow-up (``ghost`` False) or mark-as-ghosted (True) action.

    ``'<last step> on <date>, nothing heard in <n> days, '`` then ``'last follow-up on
    <date>'`` / ``'no follow-up recorded'`` for a follow-up, ``'past <ghost_basis>'`` for a
    ghosted one. Rows share few distinct reasons (a step, a day, a follow-up day), so each
    distinct reason is written once and the rows pick theirs by integer code: a hundred
    thousand actions of a pooled search need a few thousand strings, not a hundred thousand.

    Examples
    --------
    >>> day = pd.Series(pd.to_datetime(["2024-01-02", "2024-01-02"]))
    >>> _wait_reasons(pd.Series(["interview", "applied"]), pd.Series([2, None], dtype="Int64"),
    ...     day, pd.Series([9, 9]), pd.Series([pd.NaT, pd.NaT]), np.array([False, True]),
    ...     "the default").tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['interview round 2 on 2024-01-02, nothing heard in 9 days, no follow-up recorded',
     'applied on 2024-01-02, nothing heard in 9 days, past the default']
    """
    kinds = kind.astype("object").to_numpy()
    step = np.where(pd.isna(kinds), "", kinds).astype("object")
    numbered = (kinds == "interview") & rnd.notna().to_numpy()
    step[numbered] = [f"interview round {r}" for r in rnd[numbered].tolist()]
    step_code, steps = pd.factorize(step)
    ref_code, ref_days = _codes(ref.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]"))
    silent_code, silent_days = _codes(silent.to_numpy(dtype="int64"))
    ghost = np.asarray(ghost, dtype=bool)
    # A ghosted reason does not name follow-ups: one code for all of them.
    fu = last_fu.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    fu_code, fu_days = _codes(np.where(ghost, np.datetime64("NaT"), fu))
    # One integer per distinct reason (mixed radix over the parts' codes).
    key = step_code
    for code, size in (
        (ref_code, len(ref_days)),
        (silent_code, len(silent_days)),
        (fu_code, len(fu_days)),
        (ghost.astype("int64"), 2),
    ):
        key = key * size + code
    distinct, where = np.unique(key, return_inverse=True)
    ref_text = np.datetime_as_string(ref_days).tolist()
    fu_text = np.datetime_as_string(fu_days).tolist()
    words = []
    for k in distinct.tolist():
        k, g = divmod(k, 2)
        k, f = divmod(k, len(fu_days))
        k, n = divmod(k, len(silent_days))
        k, r = divmod(k, len(ref_days))
        base = f"{steps[k]} on {ref_text[r]}, nothing heard in {silent_days[n]} days"
        if g:
            words.append(f"{base}, past {ghost_basis}")
        elif np.isnat(fu_days[f]):
            words.append(f"{base}, no follow-up recorded")
        else:
            words.append(f"{base}, last follow-up on {fu_text[f]}")
    return np.asarray(words, dtype=object)[where.ravel()]


def _ghost_point(
    search: JobSearch, today: pd.Timestamp, facts: ApplicationFacts
) -> tuple[int, str]:
    """This search's own ghosting day (as timing.ghosting_day finds it), or the default."""
    frame = _timing._durations(search, facts, today=today, event="reply")
    curve = _timing._ghosting_curve(frame, max_day=None, level=0.95)
    return _ghost_rule(_timing._ghosting_day(curve, threshold=0.05).day)


def _ghost_rule(day: int | None) -> tuple[int, str]:
    """The ghosting rule for a measured ghosting ``day`` (None: not measurable), with words."""
    if day is not None:
        return int(day), f"this search's own ghosting point of {int(day)} days"
    return (
        _DEFAULT_GHOST_DAYS,
        f"the default of {_DEFAULT_GHOST_DAYS} days (this search has too few replies to "
        "measure its own ghosting point)",
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
) -> pd.DataFrame:
    """The to-do list: one row per suggested action.

    Rules (only applications that were sent; "open" means outcome ``open`` or not recorded):

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
      (:func:`jobsearch_analytics.metrics.timing.ghosting_day`) is used, else 30 days; the
      reason says which.
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
    'applied on 2024-03-01, nothing heard in 11 days, no follow-up recorded'
    """
    now = _today(today)
    sent = _sent(search)
    if ghost_after_days is None:
        rule = _ghost_point(search, now, sent.facts)
    else:
        rule = int(ghost_after_days), f"the chosen {int(ghost_after_days)} days"
    return _next_steps(
        search,
        sent,
        now,
        _interviews(search, sent, now, 14),
        ghost_rule=rule,
        thank_you_within_days=thank_you_within_days,
        thank_you_max_age_days=thank_you_max_age_days,
        follow_up_after_days=follow_up_after_days,
        feedback_within_days=feedback_within_days,
        salary_from_round=salary_from_round,
        horizon_days=horizon_days,
    )


def _next_steps(
    search: JobSearch,
    sent: _Sent,
    now: pd.Timestamp,
    ivs: pd.DataFrame,
    *,
    ghost_rule: tuple[int, str],
    thank_you_within_days: int = 1,
    thank_you_max_age_days: int = 14,
    follow_up_after_days: int = 7,
    feedback_within_days: int = 30,
    salary_from_round: int = 2,
    horizon_days: int = 0,
) -> pd.DataFrame:
    """:func:`next_steps` from facts at hand: ``ivs`` from ``after_interview._interviews`` for
    ``now`` (14 pending days), ``ghost_rule`` the ``(days, basis)`` of the ghosting rule."""
    until = now + pd.Timedelta(days=horizon_days)
    apps = search.applications
    rows = sent.rows
    # Everything below works on integer positions into `rows` (see after_interview._Sent):
    # matching Python strings is what is slow at a million applications.
    events = sent.events  # every use below picks its kinds
    outcome = apps["outcome"]
    is_open = (outcome.isna() | outcome.eq("open")).to_numpy(dtype=bool)[rows]
    stage_code = sent.facts.stage[rows]
    parts: list[pd.DataFrame] = []

    def frame(due: pd.Series, reason: pd.Series, action: str) -> pd.DataFrame:
        at = rows[due.index.to_numpy()]
        return pd.DataFrame(
            {
                "application_id": apps["application_id"].to_numpy()[at],
                "company": apps["company"].to_numpy()[at],
                "role": apps["role"].to_numpy()[at],
                "action": action,
                "due": due.to_numpy(),
                "reason": reason.to_numpy(),
                "priority": ACTIONS[action],
                "_p": _PRIORITY_ORDER[ACTIONS[action]],
            }
        )

    # --- thank-you notes -------------------------------------------------------------------
    ivs = ivs.assign(application_id=ivs["_pos"])
    dated = ivs[ivs["date"].notna() & (ivs["date"] <= now)]
    last = dated.sort_values(["application_id", "date", "round"]).groupby("application_id").tail(1)
    last = last.set_index("application_id")
    due = last["date"] + pd.Timedelta(days=thank_you_within_days)
    need = (
        ~last["thank_you"]
        & is_open[last.index.to_numpy()]
        & (last["date"] >= now - pd.Timedelta(days=thank_you_max_age_days))
        & (due <= until)
    )
    ty = last[need]
    reason = (
        "interviewed on "
        + _ymd(ty["date"])
        + " (round "
        + ty["round"].astype("str")
        + "), no thank-you note recorded"
    )
    parts.append(frame(due[need], reason, "send thank-you note"))

    # --- follow up / mark as ghosted --------------------------------------------------------
    ghost_days, ghost_basis = ghost_rule
    n = len(rows)
    offered = _mask(n, events, {"offer", "accepted", "negotiation", "declined"})
    offered |= stage_code >= STAGES.index("offer")
    # The last step: the latest dated step on or before today, the last listed on a tie.
    dates = events["date"].to_numpy(dtype="datetime64[ns]")
    is_step = kind_mask(events, _STEP_KINDS)
    step = is_step & ~np.isnat(dates) & (dates <= now.to_datetime64())
    at = np.flatnonzero(step)
    app = events["application_id"].to_numpy()[at]
    latest = _last_dates(n, events.iloc[at])
    at = at[dates[at] == latest[app]]
    chosen = np.full(n, -1, dtype="int64")
    np.maximum.at(chosen, events["application_id"].to_numpy()[at], at)
    has_step = chosen >= 0
    at, src = np.flatnonzero(has_step), chosen[has_step]
    positions = pd.RangeIndex(n)
    ref = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    ref[at] = dates[src]
    ref_date = pd.Series(ref)
    kind = events["kind"]
    if isinstance(kind.dtype, pd.CategoricalDtype):
        codes = np.full(n, -1, dtype=kind.cat.codes.dtype)
        codes[at] = kind.cat.codes.to_numpy()[src]
        ref_kind = pd.Series(pd.Categorical.from_codes(codes, dtype=kind.dtype))
    else:
        ref_kind = pd.Series(kind.to_numpy()[src], index=at).reindex(positions)
    rounds = np.full(n, np.nan)
    rounds[at] = events["round"].to_numpy(dtype="float64", na_value=np.nan)[src]
    ref_round = pd.Series(rounds).astype("Int64")
    applied_date = pd.Series(apps["date_applied"].to_numpy()[rows])
    use_applied = ref_date.isna() | (applied_date.notna() & (applied_date > ref_date))
    ref_date = ref_date.where(~use_applied, applied_date)
    ref_kind = ref_kind.where(~use_applied, "applied")
    # Any final answer (rejection, offer) or a reply known only without a date ends the wait.
    # (Whole-column numpy from here on: selecting rows of the event table is what costs.)
    ev_pos = events["application_id"].to_numpy()
    undated = np.isnat(dates)
    ref64 = ref_date.to_numpy(dtype="datetime64[ns]")
    ref_at_event = ref64[ev_pos]
    is_reply = kind_mask(events, REPLY_KINDS)
    # NaT compares False both ways, as in pandas.
    final = ~is_step | undated
    answered = np.zeros(n, dtype=bool)
    answered[ev_pos[is_reply & (final | (dates > ref_at_event))]] = True
    fu = np.flatnonzero(kind_mask(events, {"follow_up"}) & ~undated & (dates >= ref_at_event))
    last_fu = pd.Series(_latest(n, ev_pos[fu], dates[fu]))
    waiting = is_open & ~answered & ~offered & ~np.isnat(ref64)
    waiting &= ref64 <= now.to_datetime64()
    # Whole days of silence (rows with no reference date are never waiting).
    silent = (now.to_datetime64() - np.where(np.isnat(ref64), now.to_datetime64(), ref64)) // (
        np.timedelta64(1, "D")
    )
    silent_days = pd.Series(silent.astype("int64"))
    ghost = waiting & (silent > ghost_days)
    since = last_fu.where(last_fu.notna(), ref_date)
    fu_due = since + pd.Timedelta(days=follow_up_after_days)
    follow = waiting & ~ghost & (fu_due <= until).to_numpy()
    # Words only for the rows that become actions (building text for every row is slow).
    hit = follow | ghost
    index = ref_date.index[hit]
    follow, ghost = follow[hit], ghost[hit]
    reasons = _wait_reasons(
        ref_kind[hit],
        ref_round[hit],
        ref_date[hit],
        silent_days[hit],
        last_fu[hit],
        ghost,
        ghost_basis,
    )
    parts.append(
        frame(fu_due[hit][follow], pd.Series(reasons[follow], index=index[follow]), "follow up")
    )
    parts.append(
        frame(
            (ref_date[hit] + pd.Timedelta(days=ghost_days))[ghost],
            pd.Series(reasons[ghost], index=index[ghost]),
            "mark as ghosted",
        )
    )

    # --- ask for feedback ------------------------------------------------------------------
    interviewed = _mask(n, events, {"interview"})
    interviewed |= stage_code >= STAGES.index("interview")
    rejections = kind_mask(events, {"rejection"}) & ~undated
    latest_rejection = _latest(n, ev_pos[rejections], dates[rejections])
    at = np.flatnonzero(~np.isnat(latest_rejection))
    rejected_on = pd.Series(latest_rejection[at], index=at)
    asked = _mask(n, events, {"feedback_request"})
    at = rejected_on.index.to_numpy()
    fb = rejected_on[
        interviewed[at]
        & ~asked[at]
        & (rejected_on >= now - pd.Timedelta(days=feedback_within_days)).to_numpy()
        & (rejected_on <= until).to_numpy()
    ]
    reason = "rejected on " + _ymd(fb) + " after an interview, no feedback request recorded"
    parts.append(frame(fb, reason, "ask for feedback"))

    # --- research salary -------------------------------------------------------------------
    late = ivs[(ivs["round"] >= salary_from_round) & ivs["date"].notna()]
    late = late.groupby("application_id").agg(date=("date", "min"), round=("round", "max"))
    offer_ev = events[kind_mask(events, {"offer"})].groupby("application_id")["date"].min()
    when = pd.concat([late["date"], offer_ev], axis=1).min(axis=1)
    what = pd.Series("reached interview round " + late["round"].astype("str"), index=late.index)
    what = what.reindex(when.index).fillna("received an offer")
    no_figures = np.ones(n, dtype=bool)
    for column in _FIGURES:
        no_figures &= apps[column].isna().to_numpy()[rows]
    at_offer = pd.Index(np.flatnonzero(stage_code >= STAGES.index("offer")))
    at_offer = at_offer.difference(when.index)
    when = pd.concat([when, pd.Series(pd.NaT, index=at_offer, dtype="datetime64[ns]")])
    what = pd.concat([what, pd.Series("reached the offer stage", index=at_offer)])
    when = when.fillna(now)
    at = when.index.to_numpy()
    research = is_open[at] & no_figures[at] & (when <= until).to_numpy()
    reason = what[research] + ", and no posted salary or offer figure is recorded"
    parts.append(frame(when[research], reason, "research salary"))

    out = (
        pd.concat([p for p in parts if len(p)], ignore_index=True)
        if any(len(p) for p in parts)
        else pd.DataFrame(columns=[*_COLUMNS, "_p"])
    )
    out = out.assign(due=pd.to_datetime(out["due"]).astype("datetime64[ns]"))
    ids = out["application_id"]
    if len(out) and not ids.isna().any():
        # np.lexsort on fixed-width text orders as Python strings do, and is several times
        # faster than a sort on a column of Python strings.
        order = np.lexsort(
            (
                ids.to_numpy().astype("U"),
                out["_p"].to_numpy(dtype="int64"),
                out["due"].to_numpy(dtype="datetime64[ns]"),
            )
        )
        out = out.iloc[order]
    else:
        out = out.sort_values(["due", "_p", "application_id"], kind="stable")
    out = out.drop(columns="_p")
    for col in ("application_id", "company", "role", "action", "reason", "priority"):
        out[col] = out[col].astype("str")
    out = out.reset_index(drop=True)
    out.attrs.update(ghost_after_days=ghost_days, ghost_basis=ghost_basis, today=now.isoformat())
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
    return _records(next_steps(search, today=today, **options))
