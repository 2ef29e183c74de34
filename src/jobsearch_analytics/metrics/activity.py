"""Activity over time: applications per week, the open pipeline, applying while waiting, gaps.

Weeks run Monday to Sunday (ISO weeks). Events dated after ``today`` are ignored, so every
figure is "as known on ``today``".

An application is *closed* from the day it ended: for an outcome other than ``open``, the first
dated closing event (rejection, withdrawal, ghosted, accepted, declined), else its last dated
event, else the day it was applied. An application whose outcome is ``open`` is still open.

Examples
--------
>>> import pandas as pd
>>> from jobsearch_analytics.model import JobSearch
>>> s = JobSearch.from_frames(
...     pd.DataFrame({"application_id": list("abc"), "stage": "applied",
...                   "outcome": ["rejected", "open", "open"],
...                   "date_applied": ["2024-01-01", "2024-01-03", "2024-01-22"]}),
...     pd.DataFrame({"application_id": ["a"], "date": ["2024-01-10"], "date_known": True,
...                   "kind": ["rejection"]}))
>>> w = weekly_activity(s, today="2024-01-28")
>>> w[["week", "applications", "replies", "open_at_week_end"]].values.tolist()
[['2024-W01', 2, 0, 2], ['2024-W02', 0, 1, 1], ['2024-W03', 0, 0, 1], ['2024-W04', 1, 0, 2]]
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from jobsearch_analytics.metrics._derive import REPLY_KINDS, first_dates_by_code, kind_mask
from jobsearch_analytics.metrics._stats import RATE_COLUMNS, proportion_table
from jobsearch_analytics.metrics.rates import unknown_rates
from jobsearch_analytics.metrics.search_facts import SearchFacts, facts_for, sent_mask
from jobsearch_analytics.model import JobSearch

__all__ = ["activity_gaps", "applying_while_waiting", "close_dates", "weekly_activity"]

#: Events that end an application.
CLOSING_KINDS: frozenset[str] = frozenset(
    {"rejection", "withdrawal", "ghosted", "accepted", "declined"}
)
#: Events that settle a pending interview (the employer or the candidate decided).
DECISION_KINDS: frozenset[str] = frozenset(
    {"offer", "rejection", "withdrawal", "ghosted", "accepted", "declined"}
)

_DAY = np.timedelta64(1, "D")
_EPOCH = np.datetime64("1970-01-01", "ns")


def _week_index(dates: np.ndarray) -> np.ndarray:
    """Monday-based week number (1970-01-01 was a Thursday, so shift by 3 days)."""
    days = np.floor((dates - _EPOCH) / _DAY)
    return np.floor((days + 3) / 7)


def _known(facts: SearchFacts) -> tuple[pd.DataFrame, np.ndarray]:
    """Dated events on or before ``today`` (``date`` and ``kind`` only: copying every column
    of millions of events is slow), with their application id codes."""
    events = facts.events
    dates = events["date"].to_numpy(dtype="datetime64[ns]")
    keep = ~np.isnat(dates) & (dates <= np.datetime64(facts.today.to_datetime64(), "ns"))
    return events.loc[keep, ["date", "kind"]], facts.event_codes[keep]


def _last_by_code(events: pd.DataFrame, codes: np.ndarray, n_ids: int) -> np.ndarray:
    dates = events["date"].to_numpy(dtype="datetime64[ns]").view("int64")
    out = np.full(n_ids, np.iinfo("int64").min, dtype="int64")  # NaT
    ok = codes >= 0
    np.maximum.at(out, codes[ok], dates[ok])
    return out.view("datetime64[ns]")


def close_dates(
    search: JobSearch, *, today: Any = None, facts: SearchFacts | None = None
) -> pd.Series:
    """The day each application closed (NaT while it is open), by the rule in the module notes.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(
    ...     pd.DataFrame({"application_id": ["a", "b", "c"],
    ...                   "outcome": ["ghosted", "open", "withdrawn"],
    ...                   "date_applied": ["2024-01-01", "2024-01-02", "2024-01-03"]}),
    ...     pd.DataFrame({"application_id": ["a", "a"], "date": ["2024-02-01", "2024-01-20"],
    ...                   "date_known": True, "kind": ["ghosted", "response"]}))
    >>> [str(d.date()) if pd.notna(d) else None for d in close_dates(s, today="2024-03-01")]
    ['2024-02-01', None, '2024-01-03']
    """
    facts = facts_for(search, facts, today)
    apps = search.applications
    events, codes = _known(facts)
    closing = first_dates_by_code(events, CLOSING_KINDS, codes, facts.n_ids)[facts.app_codes]
    last = _last_by_code(events, codes, facts.n_ids)[facts.app_codes]
    applied = apps["date_applied"].to_numpy(dtype="datetime64[ns]")
    when = np.where(np.isnat(closing), np.where(np.isnat(last), applied, last), closing)
    closed = (apps["outcome"].ne("open") & apps["outcome"].notna()).to_numpy(dtype=bool)
    return pd.Series(
        np.where(closed, when, np.datetime64("NaT", "ns")), index=apps.index, name="closed"
    )


def weekly_activity(
    search: JobSearch, *, today: Any = None, facts: SearchFacts | None = None
) -> pd.DataFrame:
    """Per ISO week: applications sent, replies received, interviews and the open pipeline.

    Parameters
    ----------
    search : JobSearch
        The loaded search.
    today : date-like, optional
        Analysis date; default today. Weeks run from the first application to the last dated
        activity on or before ``today``.

    Returns
    -------
    DataFrame
        One row per week, gaps included: ``week`` (``YYYY-Www``), ``week_start`` (its Monday),
        ``applications`` (sent that week), ``replies`` (applications whose *first* reply came
        that week), ``interviews`` (interview events that week), ``open_at_week_end``
        (applied on or before the Sunday and not closed by then). Applications without a date
        are not placed in any week.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a", "b"], "stage": "applied",
    ...     "outcome": "open", "date_applied": ["2024-05-06", "2024-05-12"]}))
    >>> weekly_activity(s, today="2024-05-31")[["week", "applications"]].values.tolist()
    [['2024-W19', 2]]
    """
    facts = facts_for(search, facts, today)
    now64 = np.datetime64(facts.today.to_datetime64(), "ns")
    columns = ["week", "week_start", "applications", "replies", "interviews", "open_at_week_end"]
    opened = search.applications["date_applied"].to_numpy(dtype="datetime64[ns]")
    counted = facts.sent & ~np.isnat(opened) & (opened <= now64)
    applied = opened[counted]
    if len(applied) == 0:
        return pd.DataFrame({c: pd.Series(dtype="int64") for c in columns}).astype(
            {"week": "str", "week_start": "datetime64[ns]"}
        )
    events, codes = _known(facts)
    n_ids = facts.n_ids
    sent_ids = np.zeros(n_ids, dtype=bool)
    sent_ids[facts.app_codes[facts.sent]] = True
    of_sent = (codes >= 0) & sent_ids[np.clip(codes, 0, None)]
    events, codes = events[of_sent], codes[of_sent]
    first_reply = first_dates_by_code(events, REPLY_KINDS, codes, n_ids)[
        facts.app_codes[facts.sent]
    ]
    first_reply = first_reply[~np.isnat(first_reply)]
    interviews = events.loc[kind_mask(events, {"interview"}), "date"].to_numpy(
        dtype="datetime64[ns]"
    )
    # A closing dated before its application (a typo) closes it the day it opened.
    closed = close_dates(search, facts=facts).to_numpy(dtype="datetime64[ns]")
    closed = np.maximum(closed[counted], applied)
    closed = closed[~np.isnat(closed)]

    first_week = _week_index(applied).min()
    last_seen = max(applied.max(), events["date"].max() if len(events) else applied.max())
    last_week = _week_index(np.array([np.datetime64(pd.Timestamp(last_seen), "ns")]))[0]
    n_weeks = int(last_week - first_week) + 1

    def per_week(dates: np.ndarray) -> np.ndarray:
        idx = (_week_index(dates) - first_week).astype("int64")
        # Replies to undated applications can fall outside the range: keep them at its edges.
        idx = np.clip(idx, 0, n_weeks - 1)
        return np.bincount(idx, minlength=n_weeks)[:n_weeks]

    sent = per_week(applied)
    starts = pd.to_datetime(_EPOCH + ((np.arange(n_weeks) + first_week) * 7 - 3) * _DAY)
    iso = starts.isocalendar()
    return pd.DataFrame(
        {
            "week": [f"{y}-W{w:02d}" for y, w in zip(iso["year"], iso["week"], strict=True)],
            "week_start": starts.astype("datetime64[ns]"),
            "applications": sent,
            "replies": per_week(first_reply),
            "interviews": per_week(interviews),
            "open_at_week_end": np.cumsum(sent) - np.cumsum(per_week(closed)),
        },
        columns=columns,
    )


def _pending_intervals(facts: SearchFacts) -> tuple[np.ndarray, np.ndarray]:
    """Start (first interview) and end (first decision on or after it) of every interview wait.

    Without a dated decision an open application is still waiting (end = after ``today``); a
    closed one stopped waiting at its close date (see :func:`close_dates`).
    """
    events, codes = _known(facts)
    n_ids = facts.n_ids
    start_by_code = first_dates_by_code(events, {"interview"}, codes, n_ids)
    dates = events["date"].to_numpy(dtype="datetime64[ns]")
    after = (
        kind_mask(events, DECISION_KINDS)
        & (codes >= 0)
        & (dates >= start_by_code[np.clip(codes, 0, None)])
    )
    end_by_code = first_dates_by_code(events[after], DECISION_KINDS, codes[after], n_ids)
    start = start_by_code[facts.app_codes]
    end = end_by_code[facts.app_codes]
    closed = close_dates(facts.search, facts=facts).to_numpy(dtype="datetime64[ns]")
    beyond = np.datetime64((facts.today + pd.Timedelta(days=1)).to_datetime64(), "ns")
    end = np.where(np.isnat(end), np.where(np.isnat(closed), beyond, closed), end)
    end = np.maximum(end, start)
    keep = ~np.isnat(start)
    return start[keep], end[keep]


def applying_while_waiting(
    search: JobSearch,
    *,
    today: Any = None,
    method: str = "wilson",
    level: float = 0.95,
    facts: SearchFacts | None = None,
) -> pd.DataFrame:
    """How many applications were sent while an interview outcome was pending.

    An interview is pending from the first interview of an application until the first
    decision after it (offer, rejection, withdrawal, ghosted, accepted, declined); without a
    dated decision, until the application closed, or still today when it is open. An
    application sent on day ``t`` counts when some other application had its first interview
    on or before ``t`` and no decision by ``t``.

    Parameters
    ----------
    search : JobSearch
        The loaded search.
    today : date-like, optional
        Analysis date; default today.
    method, level
        Interval method and level, as in :func:`~jobsearch_analytics.metrics.rates.rates`.

    Returns
    -------
    DataFrame
        One row: ``n`` (applications sent with a known date), ``k`` (of them, sent while
        waiting), ``rate``, ``ci_low``, ``ci_high``, ``small``, and ``waiting_days`` (days
        with at least one interview pending, between the first and last application).

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(
    ...     pd.DataFrame({"application_id": list("abcd"),
    ...                   "stage": ["interview"] + ["applied"] * 3,
    ...                   "outcome": ["rejected", "open", "open", "open"],
    ...                   "date_applied": ["2024-01-01", "2024-01-08", "2024-01-20",
    ...                                    "2024-01-25"]}),
    ...     pd.DataFrame({"application_id": ["a", "a"], "date": ["2024-01-05", "2024-01-20"],
    ...                   "date_known": True, "kind": ["interview", "rejection"]}))
    >>> applying_while_waiting(s, today="2024-02-01")[["n", "k"]].values.tolist()
    [[4, 1]]
    """
    facts = facts_for(search, facts, today)
    applied = search.applications["date_applied"].to_numpy(dtype="datetime64[ns]")
    now64 = np.datetime64(facts.today.to_datetime64(), "ns")
    t, count = np.unique(
        applied[facts.sent & ~np.isnat(applied) & (applied <= now64)], return_counts=True
    )
    start, end = _pending_intervals(facts)
    starts, ends = np.sort(start), np.sort(end)
    pending = np.searchsorted(starts, t, side="right") - np.searchsorted(ends, t, side="right")
    table = proportion_table(
        [int(count[pending > 0].sum())],
        [int(count.sum())],
        method=method,
        level=level,  # type: ignore[arg-type]
    )
    if len(t):
        days = np.arange(t.min(), t.max() + _DAY, _DAY)
        busy = np.searchsorted(starts, days, side="right") - np.searchsorted(ends, days, "right")
        table["waiting_days"] = int((busy > 0).sum())
    else:
        table["waiting_days"] = 0
    out = table[[*RATE_COLUMNS, "waiting_days"]].reset_index(drop=True)
    if not search.holds("interview"):  # no interviews kept: "while one was pending" is unknown
        out = unknown_rates(out)
    return out


def activity_gaps(search: JobSearch, *, min_days: int = 10) -> pd.DataFrame:
    """Pauses of at least ``min_days`` days between consecutive applications.

    Parameters
    ----------
    search : JobSearch
        The loaded search.
    min_days : int
        Shortest gap reported, in days between one application day and the next.

    Returns
    -------
    DataFrame
        One row per gap, in time order: ``start`` (last application before the gap), ``end``
        (the next application) and ``days`` between them. Applications without a date are
        ignored.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": list("abcd"),
    ...     "stage": "applied", "date_applied": ["2024-01-01", "2024-01-03", "2024-01-20", None]}))
    >>> g = activity_gaps(s, min_days=10)
    >>> [str(g.loc[0, "start"].date()), str(g.loc[0, "end"].date()), int(g.loc[0, "days"])]
    ['2024-01-03', '2024-01-20', 17]
    """
    applied = search.applications["date_applied"].to_numpy(dtype="datetime64[ns]")
    applied = applied[sent_mask(search.applications)]
    # Distinct calendar days (one column, not a copy of the whole table).
    dates = np.unique(applied[~np.isnat(applied)].astype("datetime64[D]")).astype("datetime64[ns]")
    gap = np.diff(dates) / _DAY
    at = np.flatnonzero(gap >= min_days)
    return pd.DataFrame(
        {
            "start": pd.to_datetime(dates[at]).astype("datetime64[ns]"),
            "end": pd.to_datetime(dates[at + 1]).astype("datetime64[ns]"),
            "days": gap[at].astype("int64"),
        }
    )
