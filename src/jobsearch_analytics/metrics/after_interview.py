"""After the interview: the usual advice (thank-you notes, asking about next steps, following up,
asking for feedback), measured against what happened next.

Every table here is a rate table (``n, k, rate, ci_low, ci_high, small``, Wilson intervals from
:mod:`jobsearch_analytics.metrics._stats`) with the grouping column first. Tables that compare
groups also carry ``difference, diff_low, diff_high``: the rate of the row minus the rate of the
reference group (named in ``attrs["reference"]``), with Newcombe's hybrid score interval
(Newcombe 1998, method 10: the two Wilson intervals combined), NaN on the reference row itself.

Words travel with the numbers, the same way in every result of this module (and of
:mod:`~jobsearch_analytics.metrics.network`):

* ``result.attrs["interpretation"]`` -- one or two sentences saying what was compared, with the
  n, and that it is an association, not an effect (people who send thank-you notes may differ in
  other ways from people who do not);
* ``result.attrs["excluded"]`` -- a dict ``reason -> count`` of units left out and why.

Examples
--------
>>> import pandas as pd
>>> from jobsearch_analytics.model import JobSearch
>>> apps = pd.DataFrame({"application_id": ["a", "b"], "stage": ["offer", "interview"],
...                      "outcome": ["open", "rejected"],
...                      "date_applied": ["2024-01-02", "2024-01-02"]})
>>> events = pd.DataFrame({"application_id": ["a", "a", "a", "b", "b"],
...     "date": ["2024-01-10", "2024-01-10", "2024-01-20", "2024-01-11", "2024-01-25"],
...     "date_known": True,
...     "kind": ["interview", "thank_you", "offer", "interview", "rejection"],
...     "round": [1, None, None, 1, None]})
>>> s = JobSearch.from_frames(apps, events)
>>> t = thank_you_effect(s, by="within_24h", today="2024-03-01")
>>> t[["bucket", "n", "k"]].values.tolist()
[['within 24 h', 1, 1], ['not within 24 h', 1, 0]]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from jobsearch_analytics.metrics._derive import (
    REPLY_KINDS,
    factorize_text,
    first_dates_by_code,
    has_kind_by_code,
    kind_mask,
    memo,
    plain_value,
    records,
    sent_positions,
)
from jobsearch_analytics.metrics._stats import RATE_COLUMNS, proportion_ci, proportion_table
from jobsearch_analytics.metrics.rates import ApplicationFacts, application_facts
from jobsearch_analytics.model import STAGES, JobSearch

__all__ = [
    "after_interview_summary",
    "feedback_summary",
    "follow_up_effect",
    "interviews",
    "newcombe_difference",
    "next_steps_effect",
    "skill_gaps",
    "thank_you_effect",
]

#: Columns added to a rate table when groups are compared with a reference group.
DIFF_COLUMNS: tuple[str, ...] = ("difference", "diff_low", "diff_high")

_ASSOCIATION = (
    "This is an association, not an effect: the groups may differ in other ways "
    "(the role, the company, how the interview went), so it does not show what the action causes."
)

_DELAY_BUCKETS = ("same day", "next day", "later", "none")
_CHANNEL_BUCKETS = ("email", "mail", "in_person", "none")
_FOLLOW_UP_CHANNELS = ("email", "phone", "voicemail", "in_person")


# --------------------------------------------------------------------------------------------
# shared helpers (also used by the other modules of this family)
# --------------------------------------------------------------------------------------------


def _today(today: Any) -> pd.Timestamp:
    return pd.Timestamp.today().normalize() if today is None else pd.Timestamp(today).normalize()


@dataclass(frozen=True)
class _Sent:
    """The sent applications once per id, computed once and shared by every metric here.

    ``rows``, ``app_pos`` and ``event_pos`` are those of
    :func:`~jobsearch_analytics.metrics._derive.sent_positions`: the metrics work on integer
    positions into ``rows`` because grouping, sorting and matching a million Python strings is
    what made them slow.
    """

    facts: ApplicationFacts
    rows: np.ndarray
    app_pos: np.ndarray
    event_pos: np.ndarray
    events: pd.DataFrame


def _sent(search: JobSearch, facts: ApplicationFacts | None = None) -> _Sent:
    # Inside metrics.shared() one per search (facts are a function of the search).
    return memo("sent", (search,), None, lambda: _make_sent(search, facts))


def _make_sent(search: JobSearch, facts: ApplicationFacts | None) -> _Sent:
    facts = application_facts(search) if facts is None else facts
    n_ids = len(facts.first_reply_by_code)
    rows, app_pos, event_pos = sent_positions(facts.app_codes, facts.event_codes, n_ids, facts.sent)
    # ``events``: the coded events of sent applications (see _coded) of every kind used here
    # and in ``actions``; each metric still picks its own kinds from them.
    return _Sent(facts, rows, app_pos, event_pos, _coded(search.events, event_pos, _USED_KINDS))


def _flags(n: int, events: pd.DataFrame, kinds: Iterable[str] | None = None) -> np.ndarray:
    """Whether each coded application (see :func:`_coded`) has an event (of ``kinds``)."""
    hit = np.zeros(n, dtype=bool)
    if kinds is not None:
        events = events[kind_mask(events, kinds)]
    hit[events["application_id"].to_numpy()] = True
    return hit


def _latest(n: int, pos: np.ndarray, dates: np.ndarray) -> np.ndarray:
    """Latest of ``dates`` per position ``0..n-1`` (NaT where none is dated).

    Examples
    --------
    >>> d = np.array(["2024-01-02", "2024-01-05", "NaT"], dtype="datetime64[ns]")
    >>> _latest(3, np.array([0, 0, 2]), d).astype("datetime64[D]").tolist()
    [datetime.date(2024, 1, 5), None, None]
    """
    out = np.full(n, np.iinfo("int64").min, dtype="int64")  # int64 min is NaT
    np.maximum.at(out, pos, dates.view("int64"))
    return out.view("datetime64[ns]")


def newcombe_difference(
    k1: Sequence[int] | np.ndarray | int,
    n1: Sequence[int] | np.ndarray | int,
    k2: Sequence[int] | np.ndarray | int,
    n2: Sequence[int] | np.ndarray | int,
    *,
    level: float = 0.95,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Difference of two proportions ``k1/n1 - k2/n2`` with Newcombe's hybrid score interval.

    The interval combines the two Wilson intervals (Newcombe 1998, method 10); it stays inside
    [-1, 1] and behaves well for small n and rates near 0 or 1, where the Wald interval does not.
    Vectorised; NaN where either n is 0.

    Examples
    --------
    >>> d, lo, hi = newcombe_difference(56, 70, 48, 80)
    >>> round(float(d[0]), 4), round(float(lo[0]), 4), round(float(hi[0]), 4)
    (0.2, 0.0524, 0.3339)
    """
    k1a, n1a, k2a, n2a = (np.atleast_1d(np.asarray(x, dtype="float64")) for x in (k1, n1, k2, n2))
    l1, u1 = proportion_ci(k1a, n1a, level=level)
    l2, u2 = proportion_ci(k2a, n2a, level=level)
    with np.errstate(divide="ignore", invalid="ignore"):
        p1 = np.where(n1a > 0, k1a / np.where(n1a > 0, n1a, 1), np.nan)
        p2 = np.where(n2a > 0, k2a / np.where(n2a > 0, n2a, 1), np.nan)
    d = p1 - p2
    low = d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return d, low, high


def _rate_rows(
    groups: pd.Series,
    success: pd.Series,
    *,
    order: Sequence[str],
    always: Sequence[str] = (),
    reference: str | None = None,
    level: float = 0.95,
    name: str = "bucket",
) -> pd.DataFrame:
    """A rate table over ``groups`` (labels) and ``success`` (bool), one row per label.

    Labels in ``always`` appear even when empty; others only when present. Labels are ordered
    as in ``order``, then any unexpected ones alphabetically.
    """
    if isinstance(groups.dtype, pd.CategoricalDtype):
        # Counting codes instead of hashing a label per row: these tables can rest on a
        # million applications.
        codes = groups.cat.codes.to_numpy()
        hit = success.to_numpy(dtype=bool)[codes >= 0]
        codes = codes[codes >= 0]
        size = len(groups.cat.categories)
        names = pd.Index(groups.cat.categories.astype("object"))
        counts = np.bincount(codes, minlength=size)
        present = counts > 0
        n = pd.Series(counts[present], index=names[present])
        k = pd.Series(np.bincount(codes[hit], minlength=size)[present], index=names[present])
    else:
        g = groups.astype("object")
        n = g.value_counts()
        k = success.astype(bool).groupby(g).sum()
    labels = [x for x in order if x in always or n.get(x, 0) > 0]
    labels += sorted(x for x in n.index if x not in labels)
    n = n.reindex(labels, fill_value=0).astype("int64")
    k = k.reindex(labels, fill_value=0).astype("int64")
    table = proportion_table(k, n, level=level)
    table.index.name = name
    table = table.reset_index()
    table[name] = table[name].astype("str")
    if reference is not None:
        kr = int(k.get(reference, 0))
        nr = int(n.get(reference, 0))
        d, lo, hi = newcombe_difference(
            k.to_numpy(), n.to_numpy(), np.full(len(k), kr), np.full(len(n), nr), level=level
        )
        is_ref = (table[name] == reference).to_numpy()
        table["difference"] = np.where(is_ref, np.nan, d)
        table["diff_low"] = np.where(is_ref, np.nan, lo)
        table["diff_high"] = np.where(is_ref, np.nan, hi)
    return table


def _labels(codes: np.ndarray, names: Sequence[str], index: pd.Index) -> pd.Series:
    """Group labels as a categorical Series: ``names[code]`` for each row."""
    return pd.Series(pd.Categorical.from_codes(codes, list(names)), index=index)


#: A JSON-safe Python value (None for every kind of missing); kept under its old name.
_plain = plain_value


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of ``table`` as JSON-safe dicts (a :class:`~._derive.PlainRecords` list)."""
    return records(table)


def _with_words(table: pd.DataFrame, **attrs: Any) -> pd.DataFrame:
    table.attrs.update(attrs)
    return table


def _result_dict(table: pd.DataFrame) -> dict[str, Any]:
    return {"rows": _records(table), **{str(k): _plain(v) for k, v in table.attrs.items()}}


# --------------------------------------------------------------------------------------------
# interviews
# --------------------------------------------------------------------------------------------


#: Event kinds any metric here or in ``actions`` looks at (see :func:`_sent`). Ghosted marks
#: are left out on purpose: a pooled search has hundreds of thousands, and only the interview
#: table reads them (from the whole event table, by position).
_USED_KINDS = (
    *sorted(REPLY_KINDS),
    "thank_you",
    "next_steps_asked",
    "follow_up",
    "feedback_request",
    "withdrawal",
    "accepted",
    "negotiation",
    "declined",
)

_CODED_COLUMNS = ["application_id", "date", "kind", "channel", "round"]


def _coded(events: pd.DataFrame, event_pos: np.ndarray, kinds: Iterable[str]) -> pd.DataFrame:
    """Events of ``kinds`` of sent applications (``event_pos`` as in :class:`_Sent`), with
    ``application_id`` replaced by that position, in the order of ``events``."""
    keep = kind_mask(events, kinds) & (event_pos >= 0)
    # The text ids are replaced by positions: not copying them saves a pass over the events.
    out = events.loc[keep, _CODED_COLUMNS[1:]]
    out.insert(0, "application_id", event_pos[keep])
    return out


_NAT = np.iinfo("int64").min  # NaT as int64
_LAST = np.iinfo("int64").max  # sorts after every date: "missing last"


def _event_columns(events: pd.DataFrame, at: np.ndarray) -> tuple[np.ndarray, ...]:
    """The application positions, dates (int64 nanoseconds, NaT as :data:`_NAT`) and rounds
    (float, NaN when missing) of the coded ``events`` at rows ``at``."""
    return (
        events["application_id"].to_numpy(dtype="int64")[at],
        events["date"].to_numpy(dtype="datetime64[ns]").view("int64")[at],
        events["round"].to_numpy(dtype="float64", na_value=np.nan)[at],
    )


def _run_starts(*keys: np.ndarray) -> np.ndarray:
    """Whether each row of rows sorted by ``keys`` starts a new run of equal keys."""
    n = len(keys[0])
    head = np.zeros(n, dtype=bool)
    if n:
        head[0] = True
        for key in keys:
            head[1:] |= key[1:] != key[:-1]
    return head


def _interview_rows(events: pd.DataFrame) -> pd.DataFrame:
    """One row per (application, round) with the interview's date, sorted by both.

    When any interview of an application has no round, that application's interviews are
    numbered by date order instead (a tracker either numbers its rounds or does not); the date
    of a round is the earliest known one. Whole-column numpy: at the dashboard's few thousand
    interviews pandas' sorts and group-bys cost more in fixed overhead than in work.
    """
    app, date, rnd = _event_columns(events, np.flatnonzero(kind_mask(events, {"interview"})))
    # Ordered by application, date, then round, missing dates and rounds last, ties as listed.
    order = np.lexsort(
        (np.where(np.isnan(rnd), np.inf, rnd), np.where(date == _NAT, _LAST, date), app)
    )
    app, date, rnd = app[order], date[order], rnd[order]
    head = _run_starts(app)
    group = np.cumsum(head) - 1
    starts = np.flatnonzero(head)
    # An application with any unnumbered interview: number them 1, 2, ... in that order.
    unnumbered = np.zeros(len(starts), dtype=bool)
    np.logical_or.at(unnumbered, group, np.isnan(rnd))
    rank = np.arange(len(app)) - starts[group] + 1 if len(app) else np.zeros(0, dtype="int64")
    rnd = np.where(unnumbered[group], rank, rnd).astype("int64")
    order = np.lexsort((rnd, app))
    app, date, rnd = app[order], date[order], rnd[order]
    first = np.flatnonzero(_run_starts(app, rnd))
    if len(first):
        earliest = np.minimum.reduceat(np.where(date == _NAT, _LAST, date), first)
        earliest[earliest == _LAST] = _NAT
    else:
        earliest = np.zeros(0, dtype="int64")
    return pd.DataFrame(
        {
            "application_id": app[first],
            "round": rnd[first],
            "date": earliest.view("datetime64[ns]"),
        }
    )


def _attach(ivs: pd.DataFrame, events: pd.DataFrame, kind: str) -> tuple[np.ndarray, ...]:
    """Attach events of ``kind`` to interviews (rows of :func:`_interview_rows`): by round when
    it names an interview of the application; otherwise to its latest interview on or before
    the event's date (of several that day, the highest round); an undated event with no
    matching round goes to the application's only interview (and stays unattached when there
    are several).

    Returns ``(interview, at, order)``: for every attached event its interview's row in
    ``ivs`` and its row in ``events``, and ``order``, the order in which a note counts as
    "first" for an interview: by date (undated last), those attached by round before the
    others, events naming no round before those naming a round no interview has, then as
    listed (the order the earlier merge-based version produced).
    """
    at = np.flatnonzero(kind_mask(events, {kind}))
    app, date, rnd = _event_columns(events, at)
    iv_app = ivs["application_id"].to_numpy(dtype="int64")
    iv_round = ivs["round"].to_numpy(dtype="int64")
    iv_date = ivs["date"].to_numpy(dtype="datetime64[ns]").view("int64")
    interview = np.full(len(at), -1, dtype="int64")
    part = np.full(len(at), 1, dtype="int8")  # 0 by round, 1 by date, 2 the only interview
    if len(iv_app) and len(at):
        # By round: (application, round) as one integer; ivs are sorted by it.
        low, high = int(iv_round.min()), int(iv_round.max())
        width = high - low + 1
        known = ~np.isnan(rnd) & (rnd >= low) & (rnd <= high)
        key = app * width + np.where(known, rnd, low).astype("int64") - low
        iv_key = iv_app * width + iv_round - low
        hit = np.minimum(np.searchsorted(iv_key, key), len(iv_key) - 1)
        by_round = known & (iv_key[hit] == key)
        interview[by_round] = hit[by_round]
        part[by_round] = 0
        # By date: the latest dated interview of the application on or before the event.
        dated_iv = np.flatnonzero(iv_date != _NAT)
        rest = ~by_round & (date != _NAT)
        if len(dated_iv) and rest.any():
            days, rank = np.unique(
                np.concatenate([iv_date[dated_iv], date[rest]]), return_inverse=True
            )
            rank = rank.ravel()
            iv_rank, ev_rank = rank[: len(dated_iv)], rank[len(dated_iv) :]
            iv_pair = iv_app[dated_iv] * len(days) + iv_rank
            # ivs are sorted by application and round: a stable sort by (application, day)
            # keeps the highest round last among interviews of one day.
            sorted_iv = np.argsort(iv_pair, kind="stable")
            iv_pair = iv_pair[sorted_iv]
            ev_pair = app[rest] * len(days) + ev_rank
            found = np.searchsorted(iv_pair, ev_pair, side="right") - 1
            chosen = dated_iv[sorted_iv[np.maximum(found, 0)]]
            ok = (found >= 0) & (iv_app[chosen] == app[rest])
            rows = np.flatnonzero(rest)
            interview[rows[ok]] = chosen[ok]
        # Undated, no round matched: the application's only interview.
        lone = ~by_round & (date == _NAT)
        first = np.searchsorted(iv_app, app[lone], side="left")
        only = np.searchsorted(iv_app, app[lone], side="right") - first == 1
        rows = np.flatnonzero(lone)
        interview[rows[only]] = first[only]
        part[lone] = 2
    keep = interview >= 0
    interview, at, app_date = interview[keep], at[keep], date[keep]
    part, named = part[keep], ~np.isnan(rnd[keep])
    order = np.lexsort((at, named, part, np.where(app_date == _NAT, _LAST, app_date)))
    return interview, at, order


def interviews(search: JobSearch, *, today: Any = None, pending_days: int = 14) -> pd.DataFrame:
    """One row per interview (application × round) with what was done after it and what came next.

    Columns: ``application_id, round, date, thank_you`` (a note is recorded), ``thank_you_date,
    thank_you_delay`` (days from interview to the first note; NaN when either date is unknown),
    ``thank_you_channel, next_steps_asked, reached_next`` (an interview of a higher round
    followed, or an offer/acceptance after the last round) and ``status``: ``'counted'`` (the
    next step is known or overdue), ``'pending'`` (no decision and the interview was less than
    ``pending_days`` before ``today``, or is in the future), ``'undated'`` (no decision and no
    interview date), ``'withdrew'`` (the person withdrew without a next round: not the employer's
    decision). Only ``'counted'`` rows enter the effect tables; an undecided interview older than
    ``pending_days`` counts as not reaching the next round.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(
    ...     pd.DataFrame({"application_id": ["a"], "stage": ["interview"], "outcome": ["open"]}),
    ...     pd.DataFrame({"application_id": ["a", "a", "a"],
    ...                   "date": ["2024-01-10", "2024-01-17", "2024-01-18"],
    ...                   "date_known": True, "kind": ["interview", "interview", "thank_you"],
    ...                   "round": [1, 2, None]}))
    >>> t = interviews(s, today="2024-01-25")
    >>> t[["round", "thank_you", "reached_next", "status"]].values.tolist()
    [[1, False, True, 'counted'], [2, True, False, 'pending']]
    """
    return _interviews(search, _sent(search), _today(today), pending_days).drop(
        columns=["_status", "_pos"]
    )


def _interviews(
    search: JobSearch, sent: _Sent, now: pd.Timestamp, pending_days: int
) -> pd.DataFrame:
    """The interview table (see :func:`interviews`); inside metrics.shared() one per search,
    date and pending days. Callers must not change it."""
    return memo(
        "interviews",
        (search, sent),
        (now, pending_days),
        lambda: _make_interviews(search, sent, now, pending_days),
    )


def _make_interviews(
    search: JobSearch, sent: _Sent, now: pd.Timestamp, pending_days: int
) -> pd.DataFrame:
    apps = search.applications
    n = len(sent.rows)
    events = sent.events  # every use below picks its kinds
    ivs = _interview_rows(events)
    n_iv = len(ivs)
    app = ivs["application_id"].to_numpy(dtype="int64")
    rnd = ivs["round"].to_numpy(dtype="int64")
    iv_date = ivs["date"].to_numpy(dtype="datetime64[ns]")

    # Thank-you notes: whether any is attached, the first date, the first channel named.
    ty, at, order = _attach(ivs, events, "thank_you")
    thank_you = np.zeros(n_iv, dtype=bool)
    thank_you[ty] = True
    dates = events["date"].to_numpy(dtype="datetime64[ns]").view("int64")[at]
    first = np.full(n_iv, _LAST, dtype="int64")
    np.minimum.at(first, ty[dates != _NAT], dates[dates != _NAT])
    first[first == _LAST] = _NAT
    ty_date = first.view("datetime64[ns]")
    named = np.asarray(events["channel"].array.take(at[order]), dtype="object")
    has_name = ~pd.isna(named)
    with_name, first_named = np.unique(ty[order][has_name], return_index=True)
    # NaN: no note; None: notes, none of them naming a channel (as a group-by's first()).
    channel = np.full(n_iv, np.nan, dtype="object")
    channel[thank_you] = None
    channel[with_name] = named[has_name][first_named]
    asked = np.zeros(n_iv, dtype=bool)
    asked[_attach(ivs, events, "next_steps_asked")[0]] = True
    out = ivs.assign(
        thank_you_date=ty_date,
        thank_you_channel=pd.Series(channel, index=ivs.index, dtype="object"),
        thank_you=thank_you,
        # Whole days, as Timedelta.days counts them (NaN when either date is unknown).
        thank_you_delay=pd.Series(ty_date - iv_date, index=ivs.index).dt.days.astype("float64"),
        next_steps_asked=asked,
    )

    offered = _flags(n, events, {"offer", "accepted", "negotiation", "declined"})
    offered |= sent.facts.stage[sent.rows] >= STAGES.index("offer")
    # A rejection or ghosted mark decides an interview only when it came on or after it (a
    # "ghosted" mark set before a late reply says nothing about the interviews that followed).
    # Ghosted marks are most of a pooled search's events, so they are not among the coded
    # ones (see _USED_KINDS): they are read here from the whole table by position.
    rejected = np.flatnonzero(kind_mask(events, {"rejection"}))
    ghosted = np.flatnonzero(kind_mask(search.events, {"ghosted"}) & (sent.event_pos >= 0))
    end_pos = np.concatenate(
        [events["application_id"].to_numpy(dtype="int64")[rejected], sent.event_pos[ghosted]]
    )
    end_dates = np.concatenate(
        [
            events["date"].to_numpy(dtype="datetime64[ns]")[rejected],
            search.events["date"].to_numpy(dtype="datetime64[ns]")[ghosted],
        ]
    )
    end_last = _latest(n, end_pos, end_dates)
    ended = np.zeros(n, dtype=bool)
    ended[end_pos[np.isnat(end_dates)]] = True
    outcome = apps["outcome"]
    ended |= _outcome_in(outcome, ("rejected", "ghosted"), sent.rows)
    withdrew = _flags(n, events, {"withdrawal"})
    withdrew |= _outcome_in(outcome, ("withdrawn",), sent.rows)
    # ivs are sorted by application and round: an application's last round is on its last row.
    head = _run_starts(app)
    starts = np.flatnonzero(head)
    last_row = np.append(starts[1:], n_iv)[: len(starts)] - 1
    last_round = rnd[last_row][np.cumsum(head) - 1]
    reached = (rnd < last_round) | ((rnd == last_round) & offered[app])
    decided = reached | ended[app] | (end_last[app] >= iv_date)
    undated = np.isnat(iv_date)
    recent = undated | (iv_date > (now - pd.Timedelta(days=pending_days)).to_datetime64())
    status = np.select(
        [reached, withdrew[app], decided, undated, recent], [0, 1, 0, 2, 3], default=0
    ).astype("int8")
    out["reached_next"] = reached
    out["status"] = pd.Series(pd.Categorical.from_codes(status, _STATUSES), index=out.index).astype(
        "str"
    )
    out["_status"] = status  # the codes, for the tables here (no text comparisons)
    # The ids by position: taking from the text array skips checking every string again.
    out["application_id"] = pd.Series(
        apps["application_id"].array.take(sent.rows[app]), index=out.index
    )
    out["_pos"] = app  # for the callers here that go on working on positions
    return out[
        [
            "application_id",
            "round",
            "date",
            "thank_you",
            "thank_you_date",
            "thank_you_delay",
            "thank_you_channel",
            "next_steps_asked",
            "reached_next",
            "status",
            "_status",
            "_pos",
        ]
    ].reset_index(drop=True)


def _outcome_in(outcome: pd.Series, values: Sequence[str], rows: np.ndarray) -> np.ndarray:
    """Whether the ``outcome`` of each of ``rows`` is one of ``values`` (missing: False)."""
    if isinstance(outcome.dtype, pd.CategoricalDtype):
        wanted = np.flatnonzero(outcome.cat.categories.isin(list(values)))
        return np.isin(outcome.cat.codes.to_numpy()[rows], wanted)
    return outcome.iloc[rows].isin(list(values)).to_numpy(dtype=bool)


#: Interview statuses in the order of their codes (the ``_status`` column of _interviews).
_STATUSES = ("counted", "withdrew", "undated", "pending")


def _excluded(ivs: pd.DataFrame) -> dict[str, int]:
    if "_status" in ivs.columns:
        counts = np.bincount(ivs["_status"].to_numpy(), minlength=len(_STATUSES))
        return {s: int(counts[_STATUSES.index(s)]) for s in ("pending", "undated", "withdrew")}
    counts = ivs["status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in ("pending", "undated", "withdrew")}


def _counted(ivs: pd.DataFrame) -> pd.DataFrame:
    """The interviews whose next step is known or overdue (status ``'counted'``)."""
    if "_status" in ivs.columns:
        return ivs[ivs["_status"].to_numpy() == 0]
    return ivs[ivs["status"] == "counted"]


def thank_you_effect(
    search: JobSearch,
    *,
    by: Literal["delay", "within_24h", "channel"] = "delay",
    today: Any = None,
    pending_days: int = 14,
    level: float = 0.95,
) -> pd.DataFrame:
    """Next-round rate after interviews, by whether (and how fast, or how) a thank-you was sent.

    Parameters
    ----------
    search : JobSearch
    by : {'delay', 'within_24h', 'channel'}
        ``'delay'``: days from the interview to the first note -- ``'same day'`` (0), ``'next
        day'`` (1), ``'later'`` (2 or more), ``'none'``; plus ``'sent, delay unknown'`` when a
        date is missing. ``'within_24h'``: ``'within 24 h'`` (same or next calendar day: trackers
        hold dates, not times) against ``'not within 24 h'`` (later or none; notes of unknown
        delay are left out and counted in ``attrs["excluded"]``). ``'channel'``: ``email, mail,
        in_person, none`` (and ``other`` / ``unknown`` when present).
    today : date-like, optional
        The analysis date (default: today).
    pending_days : int
        An interview with no decision yet that is younger than this is left out (its next step
        cannot be known yet); an older one counts as not reaching the next round.
    level : float
        Confidence level of the intervals.

    Returns
    -------
    DataFrame
        ``bucket, n, k, rate, ci_low, ci_high, small, difference, diff_low, diff_high``: one
        row per bucket; ``k`` interviews reached the next round (or an offer after the last
        round). ``difference`` is the bucket's rate minus the reference bucket's
        (``attrs["reference"]``: ``'none'``, or ``'not within 24 h'``), with Newcombe's hybrid
        score interval. ``attrs``: ``interpretation, excluded, reference, unit``.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(
    ...     pd.DataFrame({"application_id": ["a", "b"], "stage": ["interview"] * 2,
    ...                   "outcome": ["open", "rejected"]}),
    ...     pd.DataFrame({"application_id": ["a", "a", "a", "b"],
    ...                   "date": ["2024-01-10", "2024-01-10", "2024-01-20", "2024-01-11"],
    ...                   "date_known": True, "kind": ["interview", "thank_you", "interview",
    ...                   "interview"], "round": [1, 1, 2, 1]}))
    >>> t = thank_you_effect(s, today="2024-01-22")
    >>> t[["bucket", "n", "k"]].values.tolist()
    [['same day', 1, 1], ['next day', 0, 0], ['later', 0, 0], ['none', 1, 0]]
    >>> t.attrs["excluded"]["pending"]
    1
    """
    if by not in ("delay", "within_24h", "channel"):
        raise ValueError(f"by must be 'delay', 'within_24h' or 'channel', not {by!r}")
    ivs = interviews(search, today=today, pending_days=pending_days)
    return _thank_you_table(ivs, by=by, level=level)


def _thank_you_table(ivs: pd.DataFrame, *, by: str, level: float) -> pd.DataFrame:
    excluded = _excluded(ivs)
    # The counted interviews' columns as numpy (a filtered copy of the table costs more).
    if "_status" in ivs.columns:
        counted = ivs["_status"].to_numpy() == 0
    else:
        counted = (ivs["status"] == "counted").to_numpy(dtype=bool)
    sent_note = ivs["thank_you"].to_numpy(dtype=bool)[counted]
    delay = ivs["thank_you_delay"].to_numpy(dtype="float64", na_value=np.nan)[counted]
    reached = ivs["reached_next"].to_numpy(dtype=bool)[counted]
    rows = pd.RangeIndex(len(reached))
    if by in ("delay", "within_24h"):
        bucket = np.select(
            [~sent_note, delay == 0, delay == 1, delay >= 2], [0, 1, 2, 3], default=4
        )
        names = ("none", "same day", "next day", "later", "sent, delay unknown")
        groups = _labels(bucket, names, rows)
        if by == "within_24h":
            unknown = bucket == 4
            excluded["thank_you_delay_unknown"] = int(unknown.sum())
            within = (bucket == 1) | (bucket == 2)
            groups = _labels(
                np.where(within, 0, 1)[~unknown],
                ("within 24 h", "not within 24 h"),
                pd.RangeIndex(int((~unknown).sum())),
            )
            reached = reached[~unknown]
            order: tuple[str, ...] = ("within 24 h", "not within 24 h")
            reference = "not within 24 h"
        else:
            order = (*_DELAY_BUCKETS, "sent, delay unknown")
            reference = "none"
        always = order[:4] if by == "delay" else order
    elif by == "channel":
        ch = ivs["thank_you_channel"].to_numpy(dtype="object")[counted]
        named = pd.Categorical(ch, categories=_CHANNEL_BUCKETS[:3]).codes
        # Codes into ("none", "unknown", "email", "mail", "in_person", "other").
        code = np.select([~sent_note, pd.isna(ch), named >= 0], [0, 1, named + 2], default=5)
        groups = _labels(code, ("none", "unknown", *_CHANNEL_BUCKETS[:3], "other"), rows)
        order = (*_CHANNEL_BUCKETS, "other", "unknown")
        always = _CHANNEL_BUCKETS
        reference = "none"
    else:
        raise ValueError(f"by must be 'delay', 'within_24h' or 'channel', not {by!r}")
    table = _rate_rows(
        groups,
        pd.Series(reached, index=groups.index),
        order=order,
        always=always,
        reference=reference,
        level=level,
    )
    n = int(table["n"].sum())
    return _with_words(
        table,
        unit="interview",
        reference=reference,
        excluded=excluded,
        interpretation=(
            f"Share of {n} decided interviews that led to a next round (or an offer after the "
            f"last round), by thank-you note {by.replace('_', ' ')}. " + _ASSOCIATION
        ),
    )


def next_steps_effect(
    search: JobSearch, *, today: Any = None, pending_days: int = 14, level: float = 0.95
) -> pd.DataFrame:
    """Next-round rate after interviews where the person asked about next steps, and where not.

    A ``next_steps_asked`` event is attached to an interview the same way as a thank-you note
    (its round, else the latest interview on or before its date). Pending interviews are left
    out as in :func:`thank_you_effect`.

    Returns
    -------
    DataFrame
        ``bucket`` (``'asked'``, ``'not asked'``), the rate columns and ``difference, diff_low,
        diff_high`` (asked minus not asked, Newcombe interval); ``attrs`` as in
        :func:`thank_you_effect`.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(
    ...     pd.DataFrame({"application_id": ["a", "b"], "stage": ["offer", "interview"],
    ...                   "outcome": ["open", "rejected"]}),
    ...     pd.DataFrame({"application_id": ["a", "a", "a", "b"],
    ...                   "date": ["2024-01-10", "2024-01-10", "2024-01-19", "2024-01-11"],
    ...                   "date_known": True,
    ...                   "kind": ["interview", "next_steps_asked", "offer", "interview"],
    ...                   "round": [1, None, None, 1]}))
    >>> next_steps_effect(s, today="2024-03-01")[["bucket", "n", "k"]].values.tolist()
    [['asked', 1, 1], ['not asked', 1, 0]]
    """
    ivs = interviews(search, today=today, pending_days=pending_days)
    return _next_steps_table(ivs, level=level)


def _next_steps_table(ivs: pd.DataFrame, *, level: float) -> pd.DataFrame:
    used = _counted(ivs)
    asked = used["next_steps_asked"].to_numpy(dtype=bool)
    groups = _labels(np.where(asked, 0, 1), ("asked", "not asked"), used.index)
    table = _rate_rows(
        groups,
        used["reached_next"],
        order=("asked", "not asked"),
        always=("asked", "not asked"),
        reference="not asked",
        level=level,
    )
    return _with_words(
        table,
        unit="interview",
        reference="not asked",
        excluded=_excluded(ivs),
        interpretation=(
            f"Share of {int(table['n'].sum())} decided interviews that led to a next round (or "
            "an offer), by whether the person asked about next steps. " + _ASSOCIATION
        ),
    )


# --------------------------------------------------------------------------------------------
# follow-ups: landmark analysis
# --------------------------------------------------------------------------------------------


def _delay_code(days: np.ndarray) -> np.ndarray:
    """0: within 3 days, 1: 4-7 days, 2: 8-14 days, 3: later (or unknown)."""
    return np.select([days <= 3, days <= 7, days <= 14], [0, 1, 2], default=3)


def follow_up_effect(
    search: JobSearch,
    *,
    landmark_days: Sequence[int] = (7, 14),
    by: Literal["any", "channel", "delay"] = "any",
    window_days: int = 30,
    today: Any = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """Reply rate after a follow-up, compared like with like (a landmark analysis).

    At each landmark day ``d`` after applying, only applications still open and silent are in:
    applied on a known date, no reply (any kind in ``REPLY_KINDS``, rejections included) and no
    withdrawal on or before day ``d``, and a full window ``(d, d + window_days]`` elapsed before
    ``today``. They are grouped by whether a follow-up was sent by day ``d``; the outcome is a
    reply inside the window. Comparing at a landmark keeps applications that got an early reply
    (and so never needed a follow-up) from flattering the "no follow-up" group.

    Parameters
    ----------
    search : JobSearch
    landmark_days : sequence of int
        Days after applying at which the comparison is made.
    by : {'any', 'channel', 'delay'}
        ``'any'``: ``'followed up'`` vs ``'no follow-up'``. ``'channel'``: the first follow-up's
        channel (``email, phone, voicemail, in_person``, ``other``, ``unknown``). ``'delay'``:
        days from applying to the first follow-up (``within 3 days``, ``4-7 days``, ``8-14
        days``, ``after 14 days``).
    window_days : int
        How long after the landmark a reply is counted.
    today : date-like, optional
        The analysis date (default: today).
    level : float
        Confidence level.

    Returns
    -------
    DataFrame
        ``landmark, group, n, k, rate, ci_low, ci_high, small, difference, diff_low,
        diff_high``; the difference is against ``'no follow-up'`` at the same landmark.
        ``attrs["excluded"]`` maps each landmark (as a string) to counts of applications left
        out and why.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(
    ...     pd.DataFrame({"application_id": ["a", "b", "c"], "stage": ["applied"] * 3,
    ...                   "outcome": ["open"] * 3, "date_applied": ["2024-01-01"] * 3}),
    ...     pd.DataFrame({"application_id": ["a", "a", "b", "c"],
    ...                   "date": ["2024-01-05", "2024-01-12", "2024-01-03", "2024-01-20"],
    ...                   "date_known": True,
    ...                   "kind": ["follow_up", "response", "response", "response"]}))
    >>> t = follow_up_effect(s, landmark_days=(7,), today="2024-03-01")
    >>> t[["landmark", "group", "n", "k"]].values.tolist()
    [[7, 'followed up', 1, 1], [7, 'no follow-up', 1, 1]]
    >>> t.attrs["excluded"]["7"]["replied_before_landmark"]
    1
    """
    if by not in ("any", "channel", "delay"):
        raise ValueError(f"by must be 'any', 'channel' or 'delay', not {by!r}")
    return _follow_up_table(
        search,
        _sent(search),
        _today(today),
        landmark_days=landmark_days,
        by=by,
        window_days=window_days,
        level=level,
    )


def _first_channel(
    channel: pd.Series, at: np.ndarray, pos: np.ndarray, dates: np.ndarray, n: int
) -> np.ndarray:
    """Per coded application, the channel of its earliest follow-up that names one (by date,
    undated ones last, then in listed order; None when no follow-up names a channel).

    ``at`` are the follow-ups' rows in ``channel``, ``pos`` their applications, ``dates``
    their dates.
    """
    values = channel.to_numpy(dtype="object")[at]
    named = np.flatnonzero(~pd.isna(values))
    when = dates[named].view("int64").copy()
    when[np.isnat(dates[named])] = np.iinfo("int64").max  # undated last
    named = named[np.argsort(when, kind="stable")]
    apps, first = np.unique(pos[named], return_index=True)
    out = np.full(n, None, dtype=object)
    out[apps] = values[named[first]]
    return out


def _follow_up_table(
    search: JobSearch,
    sent: _Sent,
    now: pd.Timestamp,
    *,
    landmark_days: Sequence[int],
    by: str,
    window_days: int,
    level: float,
) -> pd.DataFrame:
    apps = search.applications
    is_sent = sent.facts.sent
    ids = sent.app_pos[is_sent]  # every sent row, by the position of its id (see _Sent)
    n = len(sent.rows)
    # The coded events hold every event of a sent application of the kinds used here.
    events, pos = sent.events, sent.events["application_id"].to_numpy()
    applied = apps["date_applied"].to_numpy(dtype="datetime64[ns]")[is_sent]
    # A sent row's id has all its events among the coded ones: the facts per id code agree.
    codes = sent.facts.app_codes[is_sent]
    reply = sent.facts.first_reply_by_code[codes]
    has_reply = sent.facts.reply_event_by_code[codes]
    withdrawal = first_dates_by_code(events, {"withdrawal"}, pos, n)[ids]
    withdrew = (
        has_kind_by_code(events, {"withdrawal"}, pos, n)[ids]
        | apps["outcome"].eq("withdrawn").fillna(False).to_numpy(dtype=bool)[is_sent]
    )
    # The first follow-up's date per application (NaT when none is dated).
    fu_date = first_dates_by_code(events, {"follow_up"}, pos, n)[ids]
    has_fu = has_kind_by_code(events, {"follow_up"}, pos, n)[ids]

    rows = []
    excluded: dict[str, dict[str, int]] = {}
    # Missing dates once (NaT compares False, so `<=` needs no mask).
    no_applied, no_reply = np.isnat(applied), np.isnat(reply)
    no_withdrawal, no_fu = np.isnat(withdrawal), np.isnat(fu_date)
    for d in landmark_days:
        land = applied + np.timedelta64(int(d), "D")
        why = {
            "date_applied_unknown": no_applied,
            "reply_date_unknown": has_reply & no_reply,
            "replied_before_landmark": reply <= land,
            "withdrew_before_landmark": withdrew & (no_withdrawal | (withdrawal <= land)),
            "follow_up_date_unknown": has_fu & no_fu,
            "window_not_elapsed": land + np.timedelta64(int(window_days), "D")
            > now.to_datetime64(),
        }
        out = np.zeros(len(ids), dtype=bool)
        counts = {}
        for reason, mask in why.items():
            mask = np.asarray(mask, dtype=bool)
            counts[reason] = int((mask & ~out).sum())
            out |= mask
        excluded[str(int(d))] = counts
        keep = ~out
        followed = fu_date <= land
        success = reply <= land + np.timedelta64(int(window_days), "D")
        if by == "any":
            order: tuple[str, ...] = ("followed up", "no follow-up")
            label = _labels(np.where(followed, 0, 1)[keep], order, pd.RangeIndex(keep.sum()))
            always = order
        elif by == "channel":
            fu = np.flatnonzero(kind_mask(events, {"follow_up"}))
            fu_dates = events["date"].to_numpy(dtype="datetime64[ns]")[fu]
            ch = _first_channel(events["channel"], fu, pos[fu], fu_dates, n)[ids]
            label = np.select(
                [~followed, pd.isna(ch), np.isin(ch.astype("str"), _FOLLOW_UP_CHANNELS)],
                ["no follow-up", "unknown", ch.astype("str")],
                default="other",
            )
            label = pd.Series(label[keep])
            order = (*_FOLLOW_UP_CHANNELS, "other", "unknown", "no follow-up")
            always = ("no follow-up",)
        else:
            days = (fu_date - applied) / np.timedelta64(1, "D")
            order = ("within 3 days", "4-7 days", "8-14 days", "after 14 days", "no follow-up")
            code = np.where(followed, _delay_code(days), 4)
            label = _labels(code[keep], order, pd.RangeIndex(keep.sum()))
            always = ("no follow-up",)
        table = _rate_rows(
            label,
            pd.Series(success[keep]),
            order=order,
            always=always,
            reference="no follow-up",
            level=level,
            name="group",
        )
        table.insert(0, "landmark", int(d))
        rows.append(table)
    result = (
        pd.concat(rows, ignore_index=True)
        if rows
        else pd.DataFrame(columns=["landmark", "group", *RATE_COLUMNS, *DIFF_COLUMNS])
    )
    result.attrs.clear()
    return _with_words(
        result,
        unit="application",
        reference="no follow-up",
        excluded=excluded,
        window_days=int(window_days),
        interpretation=(
            f"At each landmark day after applying, applications still open and silent then are "
            f"compared by whether a follow-up had been sent; the outcome is a reply within "
            f"{int(window_days)} days after the landmark (n = "
            + ", ".join(
                f"{int(r.n)} at day {int(lm)}"
                for lm, r in result.groupby("landmark")[["n"]].sum().iterrows()
            )
            + "). "
            + _ASSOCIATION
        ),
    )


# --------------------------------------------------------------------------------------------
# feedback and skill gaps
# --------------------------------------------------------------------------------------------


def feedback_summary(search: JobSearch, *, level: float = 0.95) -> pd.DataFrame:
    """After a rejection that followed an interview: how often feedback was asked for and got.

    The rows are ``'asked for feedback'`` (among rejections after an interview), ``'received |
    asked'`` (among those asked) and ``'received | not asked'`` (feedback volunteered).

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(
    ...     pd.DataFrame({"application_id": ["a", "b", "c"], "stage": ["interview"] * 3,
    ...                   "outcome": ["rejected"] * 3}),
    ...     pd.DataFrame({"application_id": ["a", "a", "b"], "date": None, "date_known": False,
    ...                   "kind": ["feedback_request", "feedback_received", "feedback_request"]}))
    >>> feedback_summary(s)[["measure", "n", "k"]].values.tolist()
    [['asked for feedback', 3, 2], ['received | asked', 2, 1], ['received | not asked', 1, 0]]
    """
    return _feedback_table(search, application_facts(search), level=level)


def _feedback_table(search: JobSearch, facts: ApplicationFacts, *, level: float) -> pd.DataFrame:
    events, codes, n_ids = search.events, facts.event_codes, len(facts.first_reply_by_code)

    def has(kind: str) -> np.ndarray:
        # By id, as a match on the id text would: every row of an id shares its events.
        return has_kind_by_code(events, {kind}, codes, n_ids)[facts.app_codes]

    # facts.interviewed is an interview event or a stage of interview or beyond.
    outcome = search.applications["outcome"]
    rejected = has("rejection") | outcome.eq("rejected").fillna(False).to_numpy(dtype=bool)
    in_base = facts.sent & facts.interviewed & rejected
    asked = has("feedback_request")[in_base]
    got = has("feedback_received")[in_base]
    n_base = len(asked)
    k = pd.Series(
        [int(asked.sum()), int((got & asked).sum()), int((got & ~asked).sum())],
        index=["asked for feedback", "received | asked", "received | not asked"],
    )
    n = [n_base, int(asked.sum()), int((~asked).sum())]
    table = proportion_table(k, n, level=level)
    table.index.name = "measure"
    table = table.reset_index()
    table["measure"] = table["measure"].astype("str")
    return _with_words(
        table,
        unit="application",
        excluded={},
        interpretation=(
            f"Of {n_base} rejections after an interview, the share where feedback was asked "
            "for, and how often it came back. Descriptive: it says how often feedback comes, not "
            "what asking causes."
        ),
    )


_SPLIT = re.compile(r"\s*(?:[,;\n\r]+|\s+and\s+)\s*", flags=re.IGNORECASE)


def skill_gaps(search: JobSearch) -> pd.DataFrame:
    """Skills the person noted as missing, split, normalised and counted.

    ``skill_gaps`` cells are split on commas, semicolons, newlines and the word "and";
    each piece is lower-cased, stripped of bullets and trailing full stops, and its inner
    whitespace collapsed.

    Returns
    -------
    DataFrame
        ``skill, mentions, applications, share`` (``share`` = applications / applications with
        any skill gap noted), most frequent first. ``attrs["n_applications"]`` is that
        denominator.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({
    ...     "application_id": ["a", "b", "c"],
    ...     "skill_gaps": ["SQL, Kubernetes", "kubernetes and  sql; sql", None]}))
    >>> skill_gaps(s)[["skill", "mentions", "applications"]].values.tolist()
    [['sql', 3, 2], ['kubernetes', 2, 2]]
    """
    apps = search.applications
    noted = apps["skill_gaps"].notna().to_numpy()
    # Notes repeat (people copy them): split and clean each distinct text once.
    cell, texts = factorize_text(apps["skill_gaps"][noted].astype("str"))
    app, _ = factorize_text(apps["application_id"][noted])  # -1: a missing id, never counted
    pieces = pd.Series(texts, dtype="str").str.split(_SPLIT).explode()
    skill = (
        pieces.astype("str")
        .str.lower()
        .str.replace(r"\s+", " ", regex=True)
        .str.strip()
        .str.lstrip("-*•· ")
        .str.rstrip(". ")
    )
    keep = skill.str.len().to_numpy() > 0
    piece_cell = pieces.index.to_numpy()[keep]
    # Integers from here on: a skill code per piece, the pieces of each distinct text.
    piece_skill, names = pd.factorize(skill.to_numpy()[keep])
    n_skills = len(names)
    # Every noted row gets the pieces of its text: rows sorted by text, each repeated as often
    # as its text has pieces (what a merge on the text would give, without one).
    pieces_of = np.bincount(piece_cell, minlength=len(texts))
    first_piece = np.concatenate([[0], np.cumsum(pieces_of)[:-1]])
    order = np.argsort(piece_cell, kind="stable")
    by_row = np.argsort(cell, kind="stable")
    reps = pieces_of[cell[by_row]]
    row_of = np.repeat(by_row, reps)
    # Position of each repeated row's piece within its text's run of pieces.
    offset = np.arange(len(row_of)) - np.repeat(np.cumsum(reps) - reps, reps)
    skill_of = piece_skill[order[first_piece[cell[row_of]] + offset]]
    mentions = np.bincount(skill_of, minlength=n_skills)
    app_of = app[row_of]
    ok = app_of >= 0
    pairs = np.unique(app_of[ok].astype("int64") * max(n_skills, 1) + skill_of[ok])
    applications = np.bincount(pairs % max(n_skills, 1), minlength=n_skills)
    n_apps = len(np.unique(app[app >= 0]))
    table = pd.DataFrame(
        {
            "skill": np.asarray(names, dtype=object),
            "mentions": mentions,
            "applications": applications,
        }
    ).sort_values(
        ["applications", "mentions", "skill"], ascending=[False, False, True], kind="stable"
    )
    table = table.reset_index(drop=True)
    table["skill"] = table["skill"].astype("str")
    table["mentions"] = table["mentions"].astype("int64")
    table["applications"] = table["applications"].astype("int64")
    table["share"] = table["applications"] / n_apps if n_apps else np.nan
    table.attrs.update(
        n_applications=n_apps,
        interpretation=(
            f"Skill gaps noted on {n_apps} applications; 'applications' counts in how many each "
            "recurs. Descriptive, as noted by the person."
        ),
    )
    return table


def after_interview_summary(
    search: JobSearch, *, today: Any = None, pending_days: int = 14, top_skills: int = 10
) -> dict[str, Any]:
    """Everything in this module as JSON-safe plain data (for ``summarize(...).to_dict()``).

    Each entry is ``{"rows": [...], "interpretation": ..., "excluded": ..., ...}``.

    Examples
    --------
    >>> import json
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a"], "stage": ["applied"],
    ...                                         "outcome": ["open"]}))
    >>> d = after_interview_summary(s, today="2024-01-01")
    >>> sorted(d)[:3], bool(json.dumps(d))
    (['feedback', 'follow_up', 'next_steps'], True)
    """
    now = _today(today)
    sent = _sent(search)
    ivs = _interviews(search, sent, now, pending_days)
    return _after_interview_summary(search, sent, now, ivs, top_skills=top_skills)


def _after_interview_summary(
    search: JobSearch, sent: _Sent, now: pd.Timestamp, ivs: pd.DataFrame, *, top_skills: int
) -> dict[str, Any]:
    """:func:`after_interview_summary` from facts already at hand (``ivs`` from
    :func:`_interviews` for the same ``now``)."""
    skills = skill_gaps(search)
    skills_head = skills.head(top_skills)
    skills_head.attrs = dict(skills.attrs)
    follow_up = _follow_up_table(
        search, sent, now, landmark_days=(7, 14), by="any", window_days=30, level=0.95
    )
    return {
        "thank_you_delay": _result_dict(_thank_you_table(ivs, by="delay", level=0.95)),
        "thank_you_within_24h": _result_dict(_thank_you_table(ivs, by="within_24h", level=0.95)),
        "thank_you_channel": _result_dict(_thank_you_table(ivs, by="channel", level=0.95)),
        "next_steps": _result_dict(_next_steps_table(ivs, level=0.95)),
        "follow_up": _result_dict(follow_up),
        "feedback": _result_dict(_feedback_table(search, sent.facts, level=0.95)),
        "skill_gaps": _result_dict(skills_head),
    }
