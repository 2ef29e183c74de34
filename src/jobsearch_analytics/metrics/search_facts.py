"""One search's facts at one date, computed once and passed to the metrics that share them.

Most metrics ask the events the same questions (was the application sent? did it get a reply,
and when first? which interviews did it have?). :func:`facts` answers them once into a frozen
:class:`SearchFacts`; every metric that needs them takes ``facts=`` and computes them itself
when it is not given. There is no hidden cache: a caller that wants the work shared passes the
object.

Examples
--------
>>> import pandas as pd
>>> from jobsearch_analytics.model import JobSearch
>>> s = JobSearch.from_frames(
...     pd.DataFrame({"application_id": ["a", "b"], "stage": ["applied", "offer"],
...                   "date_applied": ["2024-01-02", "2024-01-03"]}),
...     pd.DataFrame({"application_id": ["a"], "date": ["2024-02-01"], "date_known": True,
...                   "kind": ["rejection"]}))
>>> f = facts(s, today="2024-03-01")
>>> f.replied.tolist(), f.interviewed.tolist(), str(f.first_reply[0])[:10]
([True, True], [False, True], '2024-02-01')
>>> f.durations["time"].tolist(), f.durations["status"].tolist()
([30.0, nan], ['timed', 'reply_date_unknown'])
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from jobsearch_analytics.conventions import resolve_today
from jobsearch_analytics.metrics._derive import (
    REPLY_KINDS,
    first_dates_by_code,
    has_kind_by_code,
    id_codes,
    kind_mask,
)
from jobsearch_analytics.metrics.interview_table import (
    SentApplications,
    interview_table,
    sent_applications,
)
from jobsearch_analytics.model import STAGE_OF_EVENT, STAGES, JobSearch

__all__ = [
    "EXCLUSIONS",
    "SearchFacts",
    "durations_table",
    "facts",
    "sent_mask",
    "stage_codes",
    "visible_events",
]

Event = Literal["reply", "interview", "offer"]

#: Why an application was left out of timing (the ``status`` of a durations table).
EXCLUSIONS: tuple[str, ...] = (
    "no_date_applied",
    "reply_date_unknown",
    "reply_before_applied",
    "applied_after_today",
)

#: First-reply kinds that make a same-day rejection a positive reply after all (a "thanks, we
#: will be in touch" logged on the day of the rejection is part of the rejection).
POSITIVE_KINDS = frozenset({"screen", "assessment", "interview", "offer"})

#: Days an undecided interview stays "pending" in the interview table of :func:`facts`.
PENDING_DAYS = 14


def stage_codes(applications: pd.DataFrame) -> np.ndarray:
    """Position of each application's stage in :data:`STAGES`; missing stages count as applied.

    Examples
    --------
    >>> apps = pd.DataFrame({"stage": pd.Categorical(["saved", None, "offer"], categories=STAGES,
    ...                                             ordered=True)})
    >>> stage_codes(apps).tolist()
    [0, 1, 4]
    """
    codes = pd.Categorical(applications["stage"], categories=STAGES).codes.astype("int64")
    return np.where(codes < 0, STAGES.index("applied"), codes)


def sent_mask(applications: pd.DataFrame) -> np.ndarray:
    """True for applications that were sent (every stage but ``saved``).

    Examples
    --------
    >>> sent_mask(pd.DataFrame({"stage": ["saved", "applied", None]})).tolist()
    [False, True, True]
    """
    return stage_codes(applications) != STAGES.index("saved")


@dataclass(frozen=True)
class SearchFacts:
    """What several metrics share about one search at one date (see :func:`facts`).

    Arrays named per application are aligned with the rows of ``search.applications``;
    ``*_by_code`` arrays and ``event_codes`` follow
    :func:`~jobsearch_analytics.metrics._derive.id_codes` (duplicate ids share their events).

    Attributes
    ----------
    search : JobSearch
        The search these facts are about; metrics check they are given the same one.
    today : Timestamp
        The analysis date: nothing after it counts.
    stage, sent, replied, interviewed, first_reply, first_interview : ndarray
        Per application: stage code (as of ``today``), sent (not only saved, and not dated
        after ``today``), any reply (an event in
        ``REPLY_KINDS`` dated or not, or a stage of screen or beyond), an interview (event or
        stage), and the first dated reply and interview (NaT when none).
    events : DataFrame
        The search's events that had happened by ``today`` (:func:`visible_events`);
        ``event_codes`` are aligned with it.
    sent_applications : SentApplications
        The sent applications once per id, with the events the after-interview metrics and
        the to-do list read.
    durations : DataFrame
        Days to the first reply per sent application, censored at ``today``
        (see :func:`durations_table`).
    interviews : DataFrame
        The interview table with :data:`PENDING_DAYS` pending days
        (see :func:`~jobsearch_analytics.metrics.after_interview.interviews`), made at its
        first use.
    """

    search: JobSearch
    today: pd.Timestamp
    app_codes: np.ndarray
    event_codes: np.ndarray
    stage: np.ndarray
    sent: np.ndarray
    replied: np.ndarray
    interviewed: np.ndarray
    first_reply: np.ndarray
    first_interview: np.ndarray
    first_reply_by_code: np.ndarray
    reply_event_by_code: np.ndarray
    sent_applications: SentApplications
    durations: pd.DataFrame
    events: pd.DataFrame

    @functools.cached_property
    def interviews(self) -> pd.DataFrame:
        """The interview table, made at its first use and kept (core numbers need none)."""
        return interview_table(
            self.search, self.sent_applications, self.stage, self.today, PENDING_DAYS
        )

    @property
    def n_ids(self) -> int:
        """How many distinct application ids the search has."""
        return len(self.first_reply_by_code)


def facts(search: JobSearch, *, today: Any = None) -> SearchFacts:
    """Compute the facts of ``search`` at ``today`` (default: today), once.

    Pass the result as ``facts=`` to every metric call on the same search and date; each
    metric computes it itself when it is not given.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics import metrics
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a", "b"],
    ...                                         "stage": ["screen", "saved"]}))
    >>> f = metrics.facts(s, today="2024-01-01")
    >>> f.sent.tolist(), int(metrics.response_rates(s, facts=f).loc[0, "k"])
    ([True, False], 1)
    """
    now = resolve_today(today)
    apps = search.applications
    events = visible_events(search.events, now)
    app_codes, event_codes, n_ids = id_codes(apps, events)
    applied = apps["date_applied"].to_numpy(dtype="datetime64[ns]")
    stage = _stage_by(search.events, apps, app_codes, now)
    future = ~np.isnat(applied) & (applied > np.datetime64(now.to_datetime64(), "ns"))
    listed = stage != STAGES.index("saved")
    sent = listed & ~future
    reply_by_code = first_dates_by_code(events, REPLY_KINDS, event_codes, n_ids)
    interview_by_code = first_dates_by_code(events, {"interview"}, event_codes, n_ids)
    reply_event_by_code = has_kind_by_code(events, REPLY_KINDS, event_codes, n_ids)
    interviewed = has_kind_by_code(events, {"interview"}, event_codes, n_ids)[app_codes]
    replied = reply_event_by_code[app_codes] | (stage >= STAGES.index("screen"))
    first_reply = reply_by_code[app_codes]
    sent_apps = sent_applications(events, sent, app_codes, event_codes)
    durations = _durations(apps, applied, replied, first_reply, listed, now)
    return SearchFacts(
        search=search,
        today=now,
        app_codes=app_codes,
        event_codes=event_codes,
        stage=stage,
        sent=sent,
        replied=replied,
        interviewed=interviewed | (stage >= STAGES.index("interview")),
        first_reply=first_reply,
        first_interview=interview_by_code[app_codes],
        first_reply_by_code=reply_by_code,
        reply_event_by_code=reply_event_by_code,
        sent_applications=sent_apps,
        durations=_with_upper(durations, apps, applied, listed, now),
        events=events,
    )


def visible_events(events: pd.DataFrame, today: pd.Timestamp) -> pd.DataFrame:
    """The events that had happened by ``today``: those dated after it are left out (events
    known only without a date stay). One rule for every metric: nothing after today counts.

    Examples
    --------
    >>> ev = pd.DataFrame({"date": pd.to_datetime(["2024-01-02", None, "2024-03-01"])})
    >>> len(visible_events(ev, pd.Timestamp("2024-02-01")))
    2
    """
    dates = events["date"].to_numpy(dtype="datetime64[ns]")
    later = ~np.isnat(dates) & (dates > np.datetime64(today.to_datetime64(), "ns"))
    return events if not later.any() else events.loc[~later].reset_index(drop=True)


def _stage_by(
    events: pd.DataFrame, apps: pd.DataFrame, app_codes: np.ndarray, now: pd.Timestamp
) -> np.ndarray:
    """Stage codes as of ``now``: a stage proven only by events dated after today falls back
    to the furthest stage the earlier (or undated) events prove, at least applied."""
    stage = stage_codes(apps)
    dates = events["date"].to_numpy(dtype="datetime64[ns]")
    later = ~np.isnat(dates) & (dates > np.datetime64(now.to_datetime64(), "ns"))
    if not later.any():
        return stage
    _, codes, n_ids = id_codes(apps, events)
    rank = pd.Series(events["kind"].astype("object")).map(
        {k: STAGES.index(v) for k, v in STAGE_OF_EVENT.items()}
    )
    rank = rank.fillna(-1).to_numpy(dtype="int64")
    known = codes >= 0
    best_all = np.full(n_ids, -1, dtype="int64")
    best_now = np.full(n_ids, -1, dtype="int64")
    np.maximum.at(best_all, codes[known], rank[known])
    np.maximum.at(best_now, codes[known & ~later], rank[known & ~later])
    all_, now_ = best_all[app_codes], best_now[app_codes]
    only_later = (all_ > now_) & (stage > now_) & (stage <= all_)
    fallback = np.maximum(now_, STAGES.index("applied"))
    return np.where(only_later, fallback, stage)


def facts_for(search: JobSearch, facts_: SearchFacts | None, today: Any) -> SearchFacts:
    """``facts_`` when given (checked against ``search`` and ``today``), else new facts.

    Examples
    --------
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a"]}))
    >>> f = facts(s, today="2024-01-01")
    >>> facts_for(s, f, None) is f, facts_for(s, None, "2024-01-01").today == f.today
    (True, True)
    """
    if facts_ is None:
        return facts(search, today=today)
    if facts_.search is not search:
        raise ValueError("facts= were computed for another search: pass metrics.facts(search)")
    if today is not None and resolve_today(today) != facts_.today:
        raise ValueError(
            f"today={resolve_today(today).date()} differs from the facts' own date "
            f"({facts_.today.date()}): pass one of them, or facts for that date"
        )
    return facts_


def _days(later: np.ndarray, earlier: np.ndarray) -> np.ndarray:
    return np.floor((later - earlier) / np.timedelta64(1, "D"))


def _durations(
    apps: pd.DataFrame,
    applied: np.ndarray,
    hit: np.ndarray,
    first_at: np.ndarray,
    sent: np.ndarray,
    now: pd.Timestamp,
) -> pd.DataFrame:
    """Days from applying to ``first_at`` (or to ``now`` when censored) per sent application."""
    today64 = np.datetime64(now.to_datetime64(), "ns")
    has_date = ~np.isnat(first_at)
    # An event dated after `today` had not happened yet at the analysis date.
    seen = has_date & (first_at <= today64)
    # Codes into ["timed", *EXCLUSIONS]; later rules win, the most basic problem last.
    status = np.zeros(len(apps), dtype="int8")
    status[hit & ~has_date] = 2
    status[seen & ~np.isnat(applied) & (first_at < applied)] = 3
    status[~np.isnat(applied) & (applied > today64)] = 4
    status[np.isnat(applied)] = 1
    timed = status == 0
    time = np.where(seen, _days(first_at, applied), _days(np.full_like(applied, today64), applied))
    out = pd.DataFrame(
        {
            "application_id": apps["application_id"].to_numpy(),
            "time": np.where(timed, time, np.nan),
            "observed": seen & timed,
            "status": pd.Categorical.from_codes(status, categories=["timed", *EXCLUSIONS]),
        },
        index=apps.index,
    )
    return out[sent]


def _with_upper(
    out: pd.DataFrame,
    apps: pd.DataFrame,
    applied: np.ndarray,
    listed: np.ndarray,
    now: pd.Timestamp,
) -> pd.DataFrame:
    """Add ``upper``: for a reply known only without a date, the latest day it can have come
    (the row's last update, ``status_updated``, when kept and before today; else today), in
    days from applying; NaN for every other row. A status seen on the last edit proves the
    reply came by then, never when."""
    today64 = np.datetime64(now.to_datetime64(), "ns")
    edited = apps["status_updated"].to_numpy(dtype="datetime64[ns]")
    bound = np.where(~np.isnat(edited) & (edited < today64), edited, today64)
    bound = np.where(~np.isnat(applied) & (bound < applied), applied, bound)
    upper = _days(bound, applied)[listed]
    undated = (out["status"] == "reply_date_unknown").to_numpy() & ~np.isnat(applied[listed])
    return out.assign(upper=np.where(undated, upper, np.nan))


def durations_table(
    facts_: SearchFacts, *, event: Event = "reply", causes: bool = False
) -> pd.DataFrame:
    """Days to the first ``event`` per sent application (see
    :func:`~jobsearch_analytics.metrics.timing.durations`), from computed facts.

    Examples
    --------
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(
    ...     pd.DataFrame({"application_id": ["a"], "date_applied": ["2024-01-01"]}),
    ...     pd.DataFrame({"application_id": ["a"], "date": ["2024-01-04"], "date_known": True,
    ...                   "kind": ["rejection"]}))
    >>> durations_table(facts(s, today="2024-02-01"), causes=True)["cause"].tolist()
    ['rejection']
    """
    if event not in ("reply", "interview", "offer"):
        raise ValueError(f"event must be 'reply', 'interview' or 'offer', not {event!r}")
    if event == "reply":
        out = facts_.durations
    else:
        apps = facts_.search.applications
        applied = apps["date_applied"].to_numpy(dtype="datetime64[ns]")
        listed = facts_.stage != STAGES.index("saved")
        hit, first = facts_.interviewed, facts_.first_interview
        if event == "offer":
            codes, n_ids = facts_.event_codes, facts_.n_ids
            first = first_dates_by_code(facts_.events, {"offer"}, codes, n_ids)[facts_.app_codes]
            hit = facts_.stage >= STAGES.index("offer")
        out = _durations(apps, applied, hit, first, listed, facts_.today)
        out = _with_upper(out, apps, applied, listed, facts_.today)
    if causes:
        rejection = _first_reply_is_rejection(facts_)[facts_.stage != STAGES.index("saved")]
        cause = np.where(rejection, "rejection", "positive reply").astype(object)
        cause[~out["observed"].to_numpy()] = None
        out = out.assign(cause=pd.Categorical(cause, categories=["positive reply", "rejection"]))
    return out


def _first_reply_is_rejection(facts_: SearchFacts) -> np.ndarray:
    """Per application: its first reply day holds a rejection and nothing positive."""
    events = facts_.events
    codes = facts_.event_codes
    dates = events["date"].to_numpy(dtype="datetime64[ns]")
    first = facts_.first_reply_by_code[np.clip(codes, 0, None)]
    on_first = (codes >= 0) & kind_mask(events, REPLY_KINDS) & ~np.isnat(dates) & (dates == first)
    rejected = np.zeros(facts_.n_ids, dtype=bool)
    positive = np.zeros(facts_.n_ids, dtype=bool)
    rejected[codes[on_first & kind_mask(events, {"rejection"})]] = True
    positive[codes[on_first & kind_mask(events, POSITIVE_KINDS)]] = True
    return (rejected & ~positive)[facts_.app_codes]
