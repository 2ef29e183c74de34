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
    day = np.timedelta64(1, "D")
    now64 = now.to_datetime64().astype("datetime64[ns]")
    until = now64 + horizon_days * day
    apps = search.applications
    rows = sent.rows
    # Everything below works on integer positions into `rows` (see after_interview._Sent) and
    # whole numpy columns: matching Python strings, and pandas' fixed cost per operation on a
    # dashboard's few thousand rows, are what is slow.
    events = sent.events  # every use below picks its kinds
    n = len(rows)
    is_open = _outcome_open(apps["outcome"], rows)
    stage_code = sent.facts.stage[rows]
    ev_pos = events["application_id"].to_numpy(dtype="int64")
    dates = events["date"].to_numpy(dtype="datetime64[ns]")
    undated = np.isnat(dates)
    # Each part: the actions' positions, due dates and reasons, in the order they are listed.
    parts: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]] = []

    # --- thank-you notes -------------------------------------------------------------------
    iv_pos = ivs["_pos"].to_numpy(dtype="int64")
    iv_date = ivs["date"].to_numpy(dtype="datetime64[ns]")
    iv_round = ivs["round"].to_numpy(dtype="int64")
    # The latest interview (by date, then round) on or before today of each application.
    at = np.flatnonzero(~np.isnat(iv_date) & (iv_date <= now64))
    at = at[np.lexsort((iv_round[at], iv_date[at], iv_pos[at]))]
    last = at[np.append(iv_pos[at][1:] != iv_pos[at][:-1], True)] if len(at) else at
    due = iv_date[last] + thank_you_within_days * day
    need = (
        ~ivs["thank_you"].to_numpy(dtype=bool)[last]
        & is_open[iv_pos[last]]
        & (iv_date[last] >= now64 - thank_you_max_age_days * day)
        & (due <= until)
    )
    last = last[need]
    reason = [
        f"interviewed on {d} (round {r}), no thank-you note recorded"
        for d, r in zip(day_text(iv_date[last]), iv_round[last].tolist(), strict=True)
    ]
    parts.append(("send thank-you note", iv_pos[last], due[need], np.asarray(reason, "object")))

    # --- follow up / mark as ghosted --------------------------------------------------------
    ghost_days, ghost_basis = ghost_rule
    offered = _mask(n, events, {"offer", "accepted", "negotiation", "declined"})
    offered |= stage_code >= STAGES.index("offer")
    # The last step: the latest dated step on or before today, the last listed on a tie.
    is_step = kind_mask(events, _STEP_KINDS)
    at = np.flatnonzero(is_step & ~undated & (dates <= now64))
    app = ev_pos[at]
    latest = _latest(n, app, dates[at])
    at = at[dates[at] == latest[app]]
    chosen = np.full(n, -1, dtype="int64")
    np.maximum.at(chosen, ev_pos[at], at)
    has_step = chosen >= 0
    ref = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    ref[has_step] = dates[chosen[has_step]]
    applied_date = apps["date_applied"].to_numpy(dtype="datetime64[ns]")[rows]
    # NaT compares False both ways, as in pandas.
    use_applied = np.isnat(ref) | (applied_date > ref)
    ref = np.where(use_applied, applied_date, ref)
    # Any final answer (rejection, offer) or a reply known only without a date ends the wait.
    ref_at_event = ref[ev_pos]
    is_reply = kind_mask(events, REPLY_KINDS)
    final = ~is_step | undated
    answered = np.zeros(n, dtype=bool)
    answered[ev_pos[is_reply & (final | (dates > ref_at_event))]] = True
    fu = np.flatnonzero(kind_mask(events, {"follow_up"}) & ~undated & (dates >= ref_at_event))
    last_fu = _latest(n, ev_pos[fu], dates[fu])
    waiting = is_open & ~answered & ~offered & ~np.isnat(ref) & (ref <= now64)
    # Whole days of silence (rows with no reference date are never waiting).
    silent = (now64 - np.where(np.isnat(ref), now64, ref)) // day
    ghost = waiting & (silent > ghost_days)
    fu_due = np.where(np.isnat(last_fu), ref, last_fu) + follow_up_after_days * day
    follow = waiting & ~ghost & (fu_due <= until)
    # Words only for the rows that become actions (building text for every row is slow).
    hit = np.flatnonzero(follow | ghost)
    src = chosen[hit]
    kind = pd.Series(events["kind"].array.take(src, allow_fill=True)).astype("object")
    kind[use_applied[hit]] = "applied"
    rounds = np.full(len(hit), np.nan)
    rounds[src >= 0] = events["round"].to_numpy(dtype="float64", na_value=np.nan)[src[src >= 0]]
    reasons = _wait_reasons(
        kind,
        pd.Series(rounds).astype("Int64"),
        pd.Series(ref[hit]),
        pd.Series(silent[hit].astype("int64")),
        pd.Series(last_fu[hit]),
        ghost[hit],
        ghost_basis,
    )
    followed = follow[hit]
    parts.append(("follow up", hit[followed], fu_due[hit][followed], reasons[followed]))
    ghosted = ghost[hit]
    parts.append(
        ("mark as ghosted", hit[ghosted], ref[hit][ghosted] + ghost_days * day, reasons[ghosted])
    )

    # --- ask for feedback ------------------------------------------------------------------
    interviewed = _mask(n, events, {"interview"})
    interviewed |= stage_code >= STAGES.index("interview")
    rejections = kind_mask(events, {"rejection"}) & ~undated
    latest_rejection = _latest(n, ev_pos[rejections], dates[rejections])
    asked = _mask(n, events, {"feedback_request"})
    at = np.flatnonzero(
        ~np.isnat(latest_rejection)
        & interviewed
        & ~asked
        & (latest_rejection >= now64 - feedback_within_days * day)
        & (latest_rejection <= until)
    )
    reason = [
        f"rejected on {d} after an interview, no feedback request recorded"
        for d in day_text(latest_rejection[at])
    ]
    parts.append(("ask for feedback", at, latest_rejection[at], np.asarray(reason, "object")))

    # --- research salary -------------------------------------------------------------------
    # The first late-round interview (and the highest such round), or the first offer.
    late = np.flatnonzero((iv_round >= salary_from_round) & ~np.isnat(iv_date))
    late_round = np.full(n, np.iinfo("int64").min, dtype="int64")
    np.maximum.at(late_round, iv_pos[late], iv_round[late])
    has_late = late_round > np.iinfo("int64").min
    offer = kind_mask(events, {"offer"})
    has_offer = np.zeros(n, dtype=bool)
    has_offer[ev_pos[offer]] = True
    offer &= ~undated
    first = np.full(n, np.iinfo("int64").max, dtype="int64")
    np.minimum.at(first, iv_pos[late], iv_date[late].view("int64"))
    np.minimum.at(first, ev_pos[offer], dates[offer].view("int64"))
    when = np.where(first == np.iinfo("int64").max, now64, first.view("datetime64[ns]"))
    no_figures = np.ones(n, dtype=bool)
    for column in _FIGURES:
        no_figures &= np.isnan(apps[column].to_numpy(dtype="float64", na_value=np.nan)[rows])
    research = is_open & no_figures & (when <= until)
    # Those with a late round or an offer event first, then those only at the offer stage.
    known = has_late | has_offer
    at = np.concatenate(
        [
            np.flatnonzero(research & known),
            np.flatnonzero(research & ~known & (stage_code >= STAGES.index("offer"))),
        ]
    )
    tail = ", and no posted salary or offer figure is recorded"
    reason = [
        f"reached interview round {r}{tail}"
        if r > np.iinfo("int64").min
        else f"received an offer{tail}"
        if o
        else f"reached the offer stage{tail}"
        for r, o in zip(late_round[at].tolist(), has_offer[at].tolist(), strict=True)
    ]
    parts.append(("research salary", at, when[at], np.asarray(reason, "object")))
    return _todo_table(apps, rows, parts, now, ghost_days, ghost_basis)


def _outcome_open(outcome: pd.Series, rows: np.ndarray) -> np.ndarray:
    """Whether each of ``rows`` is open: outcome ``open`` or not recorded."""
    if isinstance(outcome.dtype, pd.CategoricalDtype):
        codes = outcome.cat.codes.to_numpy()[rows]
        return (codes < 0) | (codes == outcome.cat.categories.get_indexer(["open"])[0])
    return (outcome.isna() | outcome.eq("open")).to_numpy(dtype=bool)[rows]


def _ascending(values: np.ndarray) -> bool:
    """Whether ``values`` never decrease (for text: in the order Python sorts strings)."""
    return bool((values[1:] >= values[:-1]).all())


def _todo_table(
    apps: pd.DataFrame,
    rows: np.ndarray,
    parts: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]],
    now: pd.Timestamp,
    ghost_days: int,
    ghost_basis: str,
) -> pd.DataFrame:
    """The to-do table of ``parts`` (action, positions into ``rows``, due dates, reasons),
    sorted by due date, then priority, then application id (ties as listed)."""
    names = [action for action, *_ in parts]
    action = np.concatenate([np.full(len(p[1]), i, dtype="int64") for i, p in enumerate(parts)])
    at = rows[np.concatenate([p[1] for p in parts]).astype("int64")]
    due = np.concatenate([p[2] for p in parts]).astype("datetime64[ns]")
    reason = np.concatenate([p[3] for p in parts]).astype("object")
    priority = np.array([_PRIORITY_ORDER[ACTIONS[a]] for a in names], dtype="int64")[action]
    ids = apps["application_id"]
    text_ids = ids.to_numpy(dtype="object")
    if pd.isna(text_ids[at]).any():
        by_id = None
    elif _ascending(text_ids[np.sort(at)]):
        # Ids already in text order along the table (a sorted export): their row order is
        # their text order, and integers sort much faster than text.
        by_id = at
    else:
        # np.lexsort on fixed-width text orders as Python strings do, and is several times
        # faster than a sort on a column of Python strings.
        by_id = text_ids[at].astype("U")
    order = (
        np.lexsort((by_id, priority, due))
        if by_id is not None
        else np.arange(len(at))  # sorted by pandas below, as that orders missing ids
    )
    at, action, due, reason = at[order], action[order], due[order], reason[order]
    text = np.asarray(names, dtype="object")
    out = pd.DataFrame(
        {
            "application_id": ids.array.take(at),
            "company": apps["company"].array.take(at),
            "role": apps["role"].array.take(at),
            "action": pd.array(text[action], dtype="str"),
            "due": due,
            "reason": pd.array(reason, dtype="str"),
            "priority": pd.array(
                np.asarray([ACTIONS[a] for a in names], dtype="object")[action], dtype="str"
            ),
        }
    )
    for col in ("application_id", "company", "role"):
        if out[col].dtype != "str":
            out[col] = out[col].astype("str")
    if by_id is None:
        out = out.assign(_p=priority[order]).sort_values(
            ["due", "_p", "application_id"], kind="stable"
        )
        out = out.drop(columns="_p").reset_index(drop=True)
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
