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

from jobsearch_analytics.metrics._derive import REPLY_KINDS
from jobsearch_analytics.metrics.after_interview import (
    _applied,
    _coded,
    _records,
    _today,
    interviews,
)
from jobsearch_analytics.model import JobSearch

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


_NEEDED_KINDS = (
    *REPLY_KINDS,
    "follow_up",
    "feedback_request",
    "negotiation",
    "accepted",
    "declined",
)
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
    hit[events.loc[events["kind"].isin(list(kinds)), "application_id"].to_numpy()] = True
    return hit


def _ymd(dates: pd.Series) -> pd.Series:
    return dates.dt.strftime("%Y-%m-%d")


def _ghost_point(search: JobSearch, today: pd.Timestamp) -> tuple[int, str]:
    """This search's own ghosting day (from timing.ghosting_day), or the default, with words."""
    try:
        from jobsearch_analytics.metrics.timing import ghosting_day
    except ImportError:
        ghosting_day = None
    if ghosting_day is not None:
        found = ghosting_day(search, today=today)
        if found.day is not None:
            return int(found.day), f"this search's own ghosting point of {int(found.day)} days"
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
    until = now + pd.Timedelta(days=horizon_days)
    apps = _applied(search.applications).drop_duplicates("application_id")
    apps = apps.reset_index(drop=True)
    ids = pd.Index(apps["application_id"])
    # Everything below works on integer positions in `apps` (see after_interview._coded):
    # matching Python strings is what is slow at a million applications.
    events = _coded(search.events, ids, _NEEDED_KINDS)
    outcome = apps["outcome"].astype("object")
    is_open = (outcome.isna() | outcome.eq("open")).to_numpy()
    stage = apps["stage"].astype("object")
    parts: list[pd.DataFrame] = []

    def frame(due: pd.Series, reason: pd.Series, action: str) -> pd.DataFrame:
        pos = due.index.to_numpy()
        return pd.DataFrame(
            {
                "application_id": ids[pos],
                "company": apps["company"].to_numpy()[pos],
                "role": apps["role"].to_numpy()[pos],
                "action": action,
                "due": due.to_numpy(),
                "reason": reason.to_numpy(),
                "priority": ACTIONS[action],
            }
        )

    # --- thank-you notes -------------------------------------------------------------------
    ivs = interviews(search, today=now)
    ivs = ivs.assign(application_id=ids.get_indexer(ivs["application_id"]))
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
    if ghost_after_days is None:
        ghost_days, ghost_basis = _ghost_point(search, now)
    else:
        ghost_days, ghost_basis = int(ghost_after_days), f"the chosen {int(ghost_after_days)} days"
    n = len(apps)
    offered = _mask(n, events, {"offer", "accepted", "negotiation", "declined"})
    offered |= stage.isin(["offer", "accepted"]).to_numpy()
    steps = events[events["kind"].isin(_STEP_KINDS) & events["date"].notna()]
    steps = steps[steps["date"] <= now].sort_values("date", kind="stable")
    last_step = steps.groupby("application_id").tail(1).set_index("application_id")
    positions = pd.RangeIndex(n)
    ref_date = last_step["date"].reindex(positions)
    ref_kind = last_step["kind"].astype("object").reindex(positions)
    ref_round = last_step["round"].reindex(positions)
    applied_date = apps["date_applied"]
    use_applied = ref_date.isna() | (applied_date.notna() & (applied_date > ref_date))
    ref_date = ref_date.where(~use_applied, applied_date)
    ref_kind = ref_kind.where(~use_applied, "applied")
    # Any final answer (rejection, offer) or a reply known only without a date ends the wait.
    replies = events[events["kind"].isin(REPLY_KINDS)]
    final = ~replies["kind"].isin(_STEP_KINDS) | replies["date"].isna()
    later = replies["date"] > ref_date.to_numpy()[replies["application_id"].to_numpy()]
    answered = np.zeros(n, dtype=bool)
    answered[replies.loc[final | later, "application_id"].to_numpy()] = True
    fu = events[(events["kind"] == "follow_up") & events["date"].notna()]
    fu = fu[fu["date"] >= ref_date.to_numpy()[fu["application_id"].to_numpy()]]
    last_fu = fu.groupby("application_id")["date"].max().reindex(positions)
    waiting = is_open & ~answered & ~offered & ref_date.notna().to_numpy()
    waiting &= (ref_date <= now).to_numpy()
    silent_days = (now - ref_date).dt.days
    ghost = waiting & (silent_days > ghost_days).to_numpy()
    since = last_fu.where(last_fu.notna(), ref_date)
    fu_due = since + pd.Timedelta(days=follow_up_after_days)
    follow = waiting & ~ghost & (fu_due <= until).to_numpy()
    # Words only for the rows that become actions (building text for every row is slow).
    hit = follow | ghost
    kind, rnd, ref = ref_kind[hit], ref_round[hit], ref_date[hit]
    step_words = np.select(
        [kind.eq("applied"), kind.eq("interview") & rnd.notna()],
        ["applied", "interview round " + rnd.astype("str")],
        default=kind.fillna("").astype("str"),
    )
    step_words = pd.Series(step_words, index=kind.index) + " on " + _ymd(ref)
    heard = ", nothing heard in " + silent_days[hit].astype("int64").astype("str") + " days"
    fu_words = pd.Series("no follow-up recorded", index=kind.index).where(
        last_fu[hit].isna(), "last follow-up on " + _ymd(last_fu[hit])
    )
    follow, ghost = follow[hit], ghost[hit]
    parts.append(
        frame(fu_due[hit][follow], (step_words + heard + ", " + fu_words)[follow], "follow up")
    )
    parts.append(
        frame(
            (ref + pd.Timedelta(days=ghost_days))[ghost],
            (step_words + heard + ", past " + ghost_basis)[ghost],
            "mark as ghosted",
        )
    )

    # --- ask for feedback ------------------------------------------------------------------
    interviewed = _mask(n, events, {"interview"})
    interviewed |= stage.isin(["interview", "offer", "accepted"]).to_numpy()
    rejections = events[(events["kind"] == "rejection") & events["date"].notna()]
    rejected_on = rejections.groupby("application_id")["date"].max()
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
    offer_ev = events[events["kind"] == "offer"].groupby("application_id")["date"].min()
    when = pd.concat([late["date"], offer_ev], axis=1).min(axis=1)
    what = pd.Series("reached interview round " + late["round"].astype("str"), index=late.index)
    what = what.reindex(when.index).fillna("received an offer")
    figures = apps[list(_FIGURES)]
    no_figures = figures.isna().all(axis=1).to_numpy()
    at_offer = pd.Index(np.flatnonzero(stage.isin(["offer", "accepted"]).to_numpy()))
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
        else pd.DataFrame(columns=_COLUMNS)
    )
    out = out.assign(
        _p=out["priority"].map(_PRIORITY_ORDER),
        due=pd.to_datetime(out["due"]).astype("datetime64[ns]"),
    )
    out = out.sort_values(["due", "_p", "application_id"], kind="stable").drop(columns="_p")
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
