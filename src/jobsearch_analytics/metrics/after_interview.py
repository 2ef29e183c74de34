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

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from jobsearch_analytics.metrics._derive import REPLY_KINDS, first_dates
from jobsearch_analytics.metrics._stats import RATE_COLUMNS, proportion_ci, proportion_table
from jobsearch_analytics.metrics.rates import sent_mask
from jobsearch_analytics.model import JobSearch

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


def _applied(apps: pd.DataFrame) -> pd.DataFrame:
    """Applications that were actually sent ('saved' ones are in no denominator)."""
    return apps[sent_mask(apps)]


def _ids_with(events: pd.DataFrame, kinds: Iterable[str]) -> pd.Index:
    return pd.Index(events.loc[events["kind"].isin(list(kinds)), "application_id"].unique())


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


def _plain(value: Any) -> Any:
    """A JSON-safe Python value (None for every kind of missing)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of ``table`` as JSON-safe dicts."""
    return [{str(k): _plain(v) for k, v in row.items()} for row in table.to_dict("records")]


def _with_words(table: pd.DataFrame, **attrs: Any) -> pd.DataFrame:
    table.attrs.update(attrs)
    return table


def _result_dict(table: pd.DataFrame) -> dict[str, Any]:
    return {"rows": _records(table), **{str(k): _plain(v) for k, v in table.attrs.items()}}


# --------------------------------------------------------------------------------------------
# interviews
# --------------------------------------------------------------------------------------------


_INTERVIEW_KINDS = (
    "interview",
    "thank_you",
    "next_steps_asked",
    "offer",
    "accepted",
    "negotiation",
    "declined",
    "rejection",
    "ghosted",
    "withdrawal",
)


def _coded(events: pd.DataFrame, ids: pd.Index, kinds: Iterable[str]) -> pd.DataFrame:
    """Events of ``kinds`` whose application is in ``ids`` (unique), with ``application_id``
    replaced by its integer position in ``ids``."""
    sub = events[events["kind"].isin(list(kinds))]
    code = ids.get_indexer(sub["application_id"])
    keep = code >= 0
    return sub[keep].assign(application_id=code[keep])


def _interview_rows(events: pd.DataFrame) -> pd.DataFrame:
    """One row per (application, round) with the interview's date.

    When any interview of an application has no round, that application's interviews are
    numbered by date order instead (a tracker either numbers its rounds or does not).
    """
    iv = events.loc[events["kind"] == "interview", ["application_id", "date", "round"]]
    iv = iv.sort_values(["application_id", "date", "round"], na_position="last", kind="stable")
    unnumbered = iv["round"].isna().groupby(iv["application_id"]).transform("any")
    order = iv.groupby("application_id").cumcount() + 1
    rnd = iv["round"].astype("float64").where(~unnumbered.to_numpy(), order.astype("float64"))
    iv = iv.assign(round=rnd.astype("int64"))
    return iv.groupby(["application_id", "round"], as_index=False, sort=True)["date"].min()


def _attach(ivs: pd.DataFrame, events: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Attach events of ``kind`` to interviews: by round when it names an interview; otherwise
    to the latest interview on or before the event's date; an undated event with no round goes
    to the application's only interview (and stays unattached when there are several).

    Returns one row per attached event: ``application_id, round, date, channel``.
    """
    ev = events.loc[
        events["kind"] == kind, ["application_id", "date", "round", "channel"]
    ].reset_index(drop=True)
    ev = ev.assign(channel=ev["channel"].astype("object"))
    keys = ivs[["application_id", "round"]].assign(_hit=True)
    by_round = ev[ev["round"].notna()].assign(round=lambda f: f["round"].astype("int64"))
    by_round = by_round.merge(keys, on=["application_id", "round"], how="left")
    matched = by_round[by_round["_hit"].eq(True)].drop(columns="_hit")
    rest = pd.concat(
        [ev[ev["round"].isna()], by_round[by_round["_hit"].ne(True)].drop(columns="_hit")]
    )
    dated = rest[rest["date"].notna()].sort_values("date", kind="stable")
    left = ivs[ivs["date"].notna()].sort_values("date", kind="stable")
    parts = [matched]
    if len(dated) and len(left):
        asof = pd.merge_asof(
            dated.drop(columns="round"),
            left,
            on="date",
            by="application_id",
            direction="backward",
        )
        parts.append(
            asof.loc[asof["round"].notna(), ["application_id", "round", "date", "channel"]]
        )
    undated = rest[rest["date"].isna()]
    if len(undated):
        counts = ivs.groupby("application_id")["round"].agg(["size", "min"])
        only = counts.loc[counts["size"] == 1, "min"]
        u = undated.drop(columns="round").merge(
            only.rename("round"), left_on="application_id", right_index=True, how="inner"
        )
        parts.append(u[["application_id", "round", "date", "channel"]])
    out = pd.concat([p[["application_id", "round", "date", "channel"]] for p in parts])
    return out.assign(round=out["round"].astype("int64")).reset_index(drop=True)


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
    now = _today(today)
    apps = _applied(search.applications).drop_duplicates("application_id")
    ids = pd.Index(apps["application_id"])
    # Work on integer codes of the sent applications: grouping, sorting and matching Python
    # strings is what makes this slow at a million applications.
    events = _coded(search.events, ids, _INTERVIEW_KINDS)
    ivs = _interview_rows(events)

    ty = _attach(ivs, events, "thank_you").sort_values("date", na_position="last", kind="stable")
    first_ty = ty.groupby(["application_id", "round"], sort=False).agg(
        thank_you_date=("date", "min"), thank_you_channel=("channel", "first")
    )
    ns = _attach(ivs, events, "next_steps_asked")
    asked = ns.groupby(["application_id", "round"]).size().rename("_asked")
    out = ivs.join(first_ty, on=["application_id", "round"]).join(
        asked, on=["application_id", "round"]
    )
    key = pd.MultiIndex.from_frame(out[["application_id", "round"]])
    out["thank_you"] = key.isin(first_ty.index)
    out["thank_you_delay"] = (out["thank_you_date"] - out["date"]).dt.days.astype("float64")
    out["next_steps_asked"] = out["_asked"].notna()
    out = out.drop(columns="_asked")

    stage = pd.Series(apps["stage"].astype("object").to_numpy())
    outcome = pd.Series(apps["outcome"].astype("object").to_numpy())
    offered = _ids_with(events, {"offer", "accepted", "negotiation", "declined"}).union(
        stage.index[stage.isin(["offer", "accepted"])]
    )
    # A rejection or ghosted mark decides an interview only when it came on or after it (a
    # "ghosted" mark set before a late reply says nothing about the interviews that followed).
    ends = events[events["kind"].isin(["rejection", "ghosted"])]
    end_last = ends.groupby("application_id")["date"].max()
    ended = pd.Index(ends.loc[ends["date"].isna(), "application_id"]).union(
        outcome.index[outcome.isin(["rejected", "ghosted"])]
    )
    withdrew = _ids_with(events, {"withdrawal"}).union(outcome.index[outcome.eq("withdrawn")])
    last_round = out.groupby("application_id")["round"].transform("max")
    app = out["application_id"]
    reached = (out["round"] < last_round) | ((out["round"] == last_round) & app.isin(offered))
    end_at = end_last.reindex(app).to_numpy(dtype="datetime64[ns]")
    decided = reached | app.isin(ended) | (end_at >= out["date"].to_numpy())
    recent = out["date"].isna() | (out["date"] > now - pd.Timedelta(days=pending_days))
    status = np.select(
        [reached, app.isin(withdrew), decided, out["date"].isna(), recent],
        ["counted", "withdrew", "counted", "undated", "pending"],
        default="counted",
    )
    out["reached_next"] = reached.to_numpy()
    out["status"] = pd.Series(status, index=out.index).astype("str")
    out["application_id"] = pd.Series(ids[out["application_id"].to_numpy()], dtype="str")
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
        ]
    ].reset_index(drop=True)


def _excluded(ivs: pd.DataFrame) -> dict[str, int]:
    counts = ivs["status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in ("pending", "undated", "withdrew")}


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
    ivs = interviews(search, today=today, pending_days=pending_days)
    excluded = _excluded(ivs)
    used = ivs[ivs["status"] == "counted"]
    delay = used["thank_you_delay"]
    if by in ("delay", "within_24h"):
        bucket = np.select(
            [~used["thank_you"], delay.eq(0), delay.eq(1), delay.ge(2)],
            ["none", "same day", "next day", "later"],
            default="sent, delay unknown",
        )
        groups = pd.Series(bucket, index=used.index)
        if by == "within_24h":
            unknown = groups.eq("sent, delay unknown")
            excluded["thank_you_delay_unknown"] = int(unknown.sum())
            groups = groups[~unknown].map(
                lambda b: "within 24 h" if b in ("same day", "next day") else "not within 24 h"
            )
            order: tuple[str, ...] = ("within 24 h", "not within 24 h")
            reference = "not within 24 h"
        else:
            order = (*_DELAY_BUCKETS, "sent, delay unknown")
            reference = "none"
        always = order[:4] if by == "delay" else order
    elif by == "channel":
        ch = used["thank_you_channel"].astype("object")
        groups = pd.Series(
            np.select(
                [~used["thank_you"], ch.isna(), ch.isin(_CHANNEL_BUCKETS[:3])],
                ["none", "unknown", ch.astype("str")],
                default="other",
            ),
            index=used.index,
        )
        order = (*_CHANNEL_BUCKETS, "other", "unknown")
        always = _CHANNEL_BUCKETS
        reference = "none"
    else:
        raise ValueError(f"by must be 'delay', 'within_24h' or 'channel', not {by!r}")
    table = _rate_rows(
        groups,
        used.loc[groups.index, "reached_next"],
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
    used = ivs[ivs["status"] == "counted"]
    groups = used["next_steps_asked"].map({True: "asked", False: "not asked"})
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


def _delay_label(days: pd.Series) -> np.ndarray:
    return np.select(
        [days.le(3), days.le(7), days.le(14)],
        ["within 3 days", "4-7 days", "8-14 days"],
        default="after 14 days",
    )


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
    now = _today(today)
    apps = _applied(search.applications)
    uniq = pd.Index(apps["application_id"].unique())
    ids = pd.Series(uniq.get_indexer(apps["application_id"]))  # integer codes, see _coded
    events = _coded(search.events, uniq, REPLY_KINDS | {"withdrawal", "follow_up"})
    applied = apps["date_applied"].to_numpy()
    reply = first_dates(events, REPLY_KINDS).reindex(ids).to_numpy()
    has_reply = ids.isin(_ids_with(events, REPLY_KINDS)).to_numpy()
    withdrawal = first_dates(events, {"withdrawal"}).reindex(ids).to_numpy()
    withdrew = (
        ids.isin(_ids_with(events, {"withdrawal"})).to_numpy()
        | apps["outcome"].astype("object").eq("withdrawn").to_numpy()
    )
    fu = events[events["kind"] == "follow_up"].sort_values("date", kind="stable")
    fu_first = fu.groupby("application_id", sort=False).agg(
        date=("date", "min"), channel=("channel", "first")
    )
    fu_date = fu_first["date"].reindex(ids).to_numpy()
    fu_channel = fu_first["channel"].astype("object").reindex(ids)
    has_fu = ids.isin(fu["application_id"]).to_numpy()

    rows = []
    excluded: dict[str, dict[str, int]] = {}
    for d in landmark_days:
        land = applied + np.timedelta64(int(d), "D")
        why = {
            "date_applied_unknown": pd.isna(applied),
            "reply_date_unknown": has_reply & pd.isna(reply),
            "replied_before_landmark": ~pd.isna(reply) & (reply <= land),
            "withdrew_before_landmark": withdrew & (pd.isna(withdrawal) | (withdrawal <= land)),
            "follow_up_date_unknown": has_fu & pd.isna(fu_date),
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
        followed = ~pd.isna(fu_date) & (fu_date <= land)
        success = ~pd.isna(reply) & (reply <= land + np.timedelta64(int(window_days), "D"))
        if by == "any":
            label = np.where(followed, "followed up", "no follow-up")
            order: tuple[str, ...] = ("followed up", "no follow-up")
            always = order
        elif by == "channel":
            ch = fu_channel.to_numpy()
            label = np.select(
                [~followed, pd.isna(ch), np.isin(ch.astype("str"), _FOLLOW_UP_CHANNELS)],
                ["no follow-up", "unknown", ch.astype("str")],
                default="other",
            )
            order = (*_FOLLOW_UP_CHANNELS, "other", "unknown", "no follow-up")
            always = ("no follow-up",)
        else:
            days = pd.Series((fu_date - applied) / np.timedelta64(1, "D"))
            label = np.where(followed, _delay_label(days), "no follow-up")
            order = ("within 3 days", "4-7 days", "8-14 days", "after 14 days", "no follow-up")
            always = ("no follow-up",)
        table = _rate_rows(
            pd.Series(label[keep]),
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
    apps = _applied(search.applications)
    events = search.events  # everything below is keyed on sent applications
    stage = apps["stage"].astype("object")
    interviewed = apps["application_id"].isin(_ids_with(events, {"interview"})) | stage.isin(
        ["interview", "offer", "accepted"]
    )
    rejected = apps["application_id"].isin(_ids_with(events, {"rejection"})) | apps[
        "outcome"
    ].astype("object").eq("rejected")
    base = apps.loc[interviewed & rejected, "application_id"]
    asked = base.isin(_ids_with(events, {"feedback_request"}))
    got = base.isin(_ids_with(events, {"feedback_received"}))
    k = pd.Series(
        [int(asked.sum()), int((got & asked).sum()), int((got & ~asked).sum())],
        index=["asked for feedback", "received | asked", "received | not asked"],
    )
    n = [len(base), int(asked.sum()), int((~asked).sum())]
    table = proportion_table(k, n, level=level)
    table.index.name = "measure"
    table = table.reset_index()
    table["measure"] = table["measure"].astype("str")
    return _with_words(
        table,
        unit="application",
        excluded={},
        interpretation=(
            f"Of {len(base)} rejections after an interview, the share where feedback was asked "
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
    noted = apps.loc[apps["skill_gaps"].notna(), ["application_id", "skill_gaps"]]
    pieces = noted.assign(skill=noted["skill_gaps"].astype("str").str.split(_SPLIT)).explode(
        "skill"
    )
    skill = (
        pieces["skill"]
        .astype("str")
        .str.lower()
        .str.replace(r"\s+", " ", regex=True)
        .str.strip()
        .str.lstrip("-*•· ")
        .str.rstrip(". ")
    )
    pieces = pieces.assign(skill=skill)
    pieces = pieces[pieces["skill"].str.len() > 0]
    n_apps = int(noted["application_id"].nunique())
    grouped = pieces.groupby("skill", sort=True)["application_id"].agg(
        mentions="size", applications="nunique"
    )
    table = grouped.reset_index().sort_values(
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
    skills = skill_gaps(search)
    skills_head = skills.head(top_skills)
    skills_head.attrs = dict(skills.attrs)
    kw = {"today": today, "pending_days": pending_days}
    return {
        "thank_you_delay": _result_dict(thank_you_effect(search, by="delay", **kw)),
        "thank_you_within_24h": _result_dict(thank_you_effect(search, by="within_24h", **kw)),
        "thank_you_channel": _result_dict(thank_you_effect(search, by="channel", **kw)),
        "next_steps": _result_dict(next_steps_effect(search, **kw)),
        "follow_up": _result_dict(follow_up_effect(search, today=today)),
        "feedback": _result_dict(feedback_summary(search)),
        "skill_gaps": _result_dict(skills_head),
    }
