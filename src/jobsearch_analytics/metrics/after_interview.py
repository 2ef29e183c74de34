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
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from jobsearch_analytics.conventions import table_records, to_plain
from jobsearch_analytics.metrics._derive import (
    first_dates_by_code,
    has_kind_by_code,
    kind_mask,
)
from jobsearch_analytics.metrics._stats import (
    RATE_COLUMNS,
    compare_rates,
    mantel_haenszel_difference,
    newcombe_difference,
    proportion_table,
)
from jobsearch_analytics.metrics.interview_table import interview_table
from jobsearch_analytics.metrics.search_facts import SearchFacts, facts_for
from jobsearch_analytics.model import JobSearch, missing_text

__all__ = [
    "after_interview_summary",
    "feedback_summary",
    "follow_up_effect",
    "interviews",
    "newcombe_difference",
    "next_steps_effect",
    "skill_gaps",
    "thank_you_by_round",
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


def with_words(table: pd.DataFrame, **attrs: Any) -> pd.DataFrame:
    """``table`` with ``attrs`` (the words that travel with it) added."""
    table.attrs.update(attrs)
    return table


def result_dict(table: pd.DataFrame) -> dict[str, Any]:
    """A result table and its words as JSON-safe data: ``{"rows": [...], **attrs}``."""
    return {"rows": table_records(table), **to_plain(table.attrs)}


# --------------------------------------------------------------------------------------------
# interviews
# --------------------------------------------------------------------------------------------


def held_or_unknown(search: JobSearch, name: str, table: pd.DataFrame) -> pd.DataFrame:
    """``table`` as it is when the source holds evidence ``name``; otherwise the same rows
    with every count of successes, rate, interval and difference unknown (<NA>/NaN) and the
    words of :func:`~jobsearch_analytics.model.missing_text` as its interpretation -- a
    tracker with no thank-you column did not "send no thank-you notes".

    Examples
    --------
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a"]}))
    >>> t = held_or_unknown(s, "thank_you", pd.DataFrame({"n": [3], "k": [0], "rate": [0.0]}))
    >>> t.loc[0, "k"] is pd.NA, t.attrs["missing"][:20]
    (True, 'not in your tracker ')
    """
    if search.holds(name):
        return table
    out = table.copy()
    for col in ("rate", "ci_low", "ci_high", "difference", "diff_low", "diff_high"):
        if col in out.columns:
            out[col] = np.nan
    if "k" in out.columns:
        out["k"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out.attrs = {**table.attrs, "missing": missing_text(name), "interpretation": missing_text(name)}
    return out


def interview_rows(
    search: JobSearch,
    *,
    today: Any = None,
    pending_days: int = 14,
    facts: SearchFacts | None = None,
) -> pd.DataFrame:
    """The interview table with each application's ``position`` among the sent ones (see
    :class:`~jobsearch_analytics.metrics.interview_table.SentApplications`): the facts' own
    table, or a new one for other ``pending_days``.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a"]}))
    >>> list(interview_rows(s, today="2024-01-01").columns[-2:])
    ['status', 'position']
    """
    f = facts_for(search, facts, today)
    if pending_days == 14:
        return f.interviews
    return interview_table(search, f.sent_applications, f.stage, f.today, pending_days)


def interviews(
    search: JobSearch,
    *,
    today: Any = None,
    pending_days: int = 14,
    facts: SearchFacts | None = None,
) -> pd.DataFrame:
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
    table = interview_rows(search, today=today, pending_days=pending_days, facts=facts)
    return table.drop(columns="position")


def _thank_you_bucket(ivs: pd.DataFrame, by: str) -> np.ndarray:
    """Each interview's thank-you bucket: by delay (``by='delay'`` or ``'within_24h'``) or
    by channel."""
    sent_note = ivs["thank_you"].to_numpy(dtype=bool)
    if by == "channel":
        channel = ivs["thank_you_channel"].to_numpy(dtype="object")
        text = channel.astype("str")
        return np.select(
            [~sent_note, pd.isna(channel), np.isin(text, _CHANNEL_BUCKETS[:3])],
            ["none", "unknown", text],
            default="other",
        )
    delay = ivs["thank_you_delay"].to_numpy(dtype="float64", na_value=np.nan)
    return np.select(
        [~sent_note, delay == 0, delay == 1, delay >= 2],
        ["none", "same day", "next day", "later"],
        default="sent, delay unknown",
    )


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
    facts: SearchFacts | None = None,
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
    facts : SearchFacts, optional
        The facts of ``search`` (:func:`~jobsearch_analytics.metrics.search_facts.facts`), when at
        hand.

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
    ivs = interview_rows(search, today=today, pending_days=pending_days, facts=facts)
    excluded = _excluded(ivs)
    counted = ivs[ivs["status"] == "counted"]
    label = _thank_you_bucket(counted, by)
    if by == "within_24h":
        unknown = label == "sent, delay unknown"
        excluded["thank_you_delay_unknown"] = int(unknown.sum())
        label = np.where(np.isin(label, ["same day", "next day"]), "within 24 h", "not within 24 h")
        label, counted = label[~unknown], counted[~unknown]
        order: tuple[str, ...] = ("within 24 h", "not within 24 h")
        always, reference = order, "not within 24 h"
    elif by == "delay":
        order = (*_DELAY_BUCKETS, "sent, delay unknown")
        always, reference = _DELAY_BUCKETS, "none"
    else:
        order = (*_CHANNEL_BUCKETS, "other", "unknown")
        always, reference = _CHANNEL_BUCKETS, "none"
    table = compare_rates(
        pd.Series(label),
        pd.Series(counted["reached_next"].to_numpy(dtype=bool)),
        order=order,
        always=always,
        reference=reference,
        level=level,
    )
    n = int(table["n"].sum())
    return held_or_unknown(
        search,
        "thank_you",
        with_words(
            table,
            unit="interview",
            reference=reference,
            excluded=excluded,
            interpretation=(
                f"Share of {n} decided interviews that led to a next round (or an offer after the "
                f"last round), by thank-you note {by.replace('_', ' ')}. " + _ASSOCIATION
            ),
        ),
    )


def thank_you_by_round(
    search: JobSearch,
    *,
    today: Any = None,
    pending_days: int = 14,
    level: float = 0.95,
    facts: SearchFacts | None = None,
) -> pd.DataFrame:
    """Next-round rate after a thank-you note within 24 h and after none (or a later one),
    compared within each interview round, and pooled over rounds by Mantel-Haenszel.

    Pooling rounds compares unlike with like: first rounds lead on more often than final ones,
    and notes may be commoner in one than the other, so a pooled difference can show an
    "effect" that no round has. Here each round is its own comparison, and the pooled
    difference weights them as the Mantel-Haenszel risk difference does (with Sato's interval;
    :func:`~jobsearch_analytics.metrics._stats.mantel_haenszel_difference`). Interviews with
    no known round are left out and counted. Still an association, not an effect.

    Returns
    -------
    DataFrame
        One row per round: ``round``, ``n_24h, k_24h, rate_24h, n_other, k_other,
        rate_other`` and ``difference, diff_low, diff_high`` (Newcombe). ``attrs`` hold
        ``adjusted_difference, adjusted_low, adjusted_high`` (Mantel-Haenszel over rounds),
        ``crude_difference`` (rounds pooled as one), ``excluded`` and ``interpretation``.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> rows = [("a", 1, True, True), ("b", 1, False, True), ("c", 2, True, False),
    ...         ("d", 2, False, False)]
    >>> ev = [(i, f"2024-01-{10 + r}", "interview", r) for i, r, _, _ in rows]
    >>> ev += [(i, f"2024-01-{10 + r}", "thank_you", r) for i, r, ty, _ in rows if ty]
    >>> ev += [(i, "2024-01-20", "interview", r + 1) for i, r, _, nxt in rows if nxt]
    >>> s = JobSearch.from_frames(
    ...     pd.DataFrame({"application_id": list("abcd"), "stage": "interview"}),
    ...     pd.DataFrame(ev, columns=["application_id", "date", "kind", "round"]).assign(
    ...         date_known=True))
    >>> t = thank_you_by_round(s, today="2024-03-01")
    >>> t[["round", "n_24h", "k_24h", "n_other", "k_other"]].values.tolist()
    [[1, 1, 1, 1, 1], [2, 1, 0, 3, 0]]
    >>> t.attrs["adjusted_difference"]
    0.0
    """
    ivs = interview_rows(search, today=today, pending_days=pending_days, facts=facts)
    excluded = _excluded(ivs)
    counted = ivs[ivs["status"] == "counted"]
    label = _thank_you_bucket(counted, "within_24h")
    known = (label != "sent, delay unknown") & counted["round"].notna().to_numpy()
    excluded["round_or_delay_unknown"] = int((~known).sum())
    within = np.isin(label, ["same day", "next day"])[known]
    frame = pd.DataFrame(
        {
            "round": counted["round"].to_numpy()[known].astype("int64"),
            "within": within,
            "next": counted["reached_next"].to_numpy(dtype=bool)[known],
        }
    )
    per = frame.groupby(["round", "within"])["next"].agg(["size", "sum"]).unstack(fill_value=0)
    rounds = per.index.to_numpy()
    col = {
        name: (per[(stat, flag)] if (stat, flag) in per.columns else pd.Series(0, per.index))
        for name, stat, flag in (
            ("n_24h", "size", True),
            ("k_24h", "sum", True),
            ("n_other", "size", False),
            ("k_other", "sum", False),
        )
    }
    n1, k1, n0, k0 = (
        col[c].to_numpy(dtype="int64") for c in ("n_24h", "k_24h", "n_other", "k_other")
    )
    d, lo, hi = newcombe_difference(k1, n1, k0, n0, level=level)
    with np.errstate(divide="ignore", invalid="ignore"):
        table = pd.DataFrame(
            {
                "round": rounds.astype("int64"),
                "n_24h": n1,
                "k_24h": k1,
                "rate_24h": np.where(n1 > 0, k1 / np.maximum(n1, 1), np.nan),
                "n_other": n0,
                "k_other": k0,
                "rate_other": np.where(n0 > 0, k0 / np.maximum(n0, 1), np.nan),
                "difference": d,
                "diff_low": lo,
                "diff_high": hi,
            }
        )
    adj, adj_low, adj_high = mantel_haenszel_difference(k1, n1, k0, n0, level=level)
    crude = newcombe_difference(k1.sum(), n1.sum(), k0.sum(), n0.sum(), level=level)[0][0]
    return held_or_unknown(
        search,
        "thank_you",
        with_words(
            table,
            unit="interview",
            adjusted_difference=adj if np.isfinite(adj) else None,
            adjusted_low=adj_low if np.isfinite(adj_low) else None,
            adjusted_high=adj_high if np.isfinite(adj_high) else None,
            crude_difference=float(crude) if np.isfinite(crude) else None,
            excluded=excluded,
            interpretation=(
                "Next-round rate after a thank-you note within 24 h minus after none or a later "
                "one, within each interview round, and pooled over rounds (Mantel-Haenszel). "
                + _ASSOCIATION
            ),
        ),
    )


def next_steps_effect(
    search: JobSearch,
    *,
    today: Any = None,
    pending_days: int = 14,
    level: float = 0.95,
    facts: SearchFacts | None = None,
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
    ivs = interview_rows(search, today=today, pending_days=pending_days, facts=facts)
    used = ivs[ivs["status"] == "counted"]
    asked = used["next_steps_asked"].to_numpy(dtype=bool)
    groups = pd.Series(np.where(asked, "asked", "not asked"), index=used.index)
    table = compare_rates(
        groups,
        used["reached_next"],
        order=("asked", "not asked"),
        always=("asked", "not asked"),
        reference="not asked",
        level=level,
    )
    return held_or_unknown(
        search,
        "next_steps_asked",
        with_words(
            table,
            unit="interview",
            reference="not asked",
            excluded=_excluded(ivs),
            interpretation=(
                f"Share of {int(table['n'].sum())} decided interviews that led to a next round (or "
                "an offer), by whether the person asked about next steps. " + _ASSOCIATION
            ),
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
    facts: SearchFacts | None = None,
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
    f = facts_for(search, facts, today)
    per_app = _follow_up_facts(f)
    tables, excluded = [], {}
    for d in landmark_days:
        table, excluded[str(int(d))] = _landmark_table(
            per_app, int(d), by=by, window_days=window_days, today=f.today, level=level
        )
        tables.append(table)
    result = (
        pd.concat(tables, ignore_index=True)
        if tables
        else pd.DataFrame(columns=["landmark", "group", *RATE_COLUMNS, *DIFF_COLUMNS])
    )
    result.attrs.clear()
    sizes = result.groupby("landmark")["n"].sum()
    return held_or_unknown(
        search,
        "follow_up",
        with_words(
            result,
            unit="application",
            reference="no follow-up",
            excluded=excluded,
            window_days=int(window_days),
            interpretation=(
                f"At each landmark day after applying, applications still open and silent then are "
                f"compared by whether a follow-up had been sent; the outcome is a reply within "
                f"{int(window_days)} days after the landmark (n = "
                + ", ".join(f"{int(n)} at day {int(lm)}" for lm, n in sizes.items())
                + "). "
                + _ASSOCIATION
            ),
        ),
    )


def _follow_up_facts(facts: SearchFacts) -> pd.DataFrame:
    """Per sent application row: date applied, first reply, withdrawal and follow-up dates,
    and the channel of the first follow-up that names one."""
    apps = facts.search.applications
    sent = facts.sent_applications
    events = sent.events
    pos, n = events["application_id"].to_numpy(), len(sent.rows)
    ids = sent.app_pos[facts.sent]  # every sent row, by the position of its id
    codes = facts.app_codes[facts.sent]
    follow_ups = events[kind_mask(events, {"follow_up"})]
    named = follow_ups[follow_ups["channel"].notna()].sort_values(
        "date", na_position="last", kind="stable"
    )
    channel = named.groupby("application_id")["channel"].first().astype("object")
    return pd.DataFrame(
        {
            "applied": apps["date_applied"].to_numpy(dtype="datetime64[ns]")[facts.sent],
            "reply": facts.first_reply_by_code[codes],
            "has_reply": facts.reply_event_by_code[codes],
            "withdrawal": first_dates_by_code(events, {"withdrawal"}, pos, n)[ids],
            "withdrew": has_kind_by_code(events, {"withdrawal"}, pos, n)[ids]
            | apps["outcome"].eq("withdrawn").fillna(False).to_numpy(dtype=bool)[facts.sent],
            "follow_up": first_dates_by_code(events, {"follow_up"}, pos, n)[ids],
            "has_follow_up": has_kind_by_code(events, {"follow_up"}, pos, n)[ids],
            "channel": channel.reindex(range(n)).to_numpy(dtype="object")[ids],
        }
    )


def _landmark_table(
    per_app: pd.DataFrame,
    d: int,
    *,
    by: str,
    window_days: int,
    today: pd.Timestamp,
    level: float,
) -> tuple[pd.DataFrame, dict[str, int]]:
    """The rate table at landmark day ``d``, and how many applications were left out and why."""
    col = {name: per_app[name].to_numpy() for name in per_app.columns}
    applied, reply = col["applied"], col["reply"]
    land = applied + np.timedelta64(d, "D")
    window_end = land + np.timedelta64(window_days, "D")
    # NaT compares False, so a missing date never passes a `<=`.
    why = {
        "date_applied_unknown": np.isnat(applied),
        "reply_date_unknown": col["has_reply"] & np.isnat(reply),
        "replied_before_landmark": reply <= land,
        "withdrew_before_landmark": col["withdrew"]
        & (np.isnat(col["withdrawal"]) | (col["withdrawal"] <= land)),
        "follow_up_date_unknown": col["has_follow_up"] & np.isnat(col["follow_up"]),
        "window_not_elapsed": window_end > today.to_datetime64(),
    }
    out = np.zeros(len(applied), dtype=bool)
    counts = {}
    for reason, mask in why.items():
        counts[reason] = int((mask & ~out).sum())
        out |= mask
    keep = ~out
    followed = col["follow_up"] <= land
    label, order, always = _follow_up_groups(per_app, followed, by)
    table = compare_rates(
        pd.Series(label[keep]),
        pd.Series((reply <= window_end)[keep]),
        order=order,
        always=always,
        reference="no follow-up",
        level=level,
        name="group",
    )
    table.insert(0, "landmark", d)
    return table, counts


def _follow_up_groups(
    per_app: pd.DataFrame, followed: np.ndarray, by: str
) -> tuple[Any, tuple[str, ...], tuple[str, ...]]:
    """Each application's group at a landmark, the order of the groups and those always shown."""
    if by == "any":
        order: tuple[str, ...] = ("followed up", "no follow-up")
        return pd.Categorical.from_codes(np.where(followed, 0, 1), order), order, order
    if by == "channel":
        ch = per_app["channel"].to_numpy(dtype="object")
        text = ch.astype("str")
        label = np.select(
            [~followed, pd.isna(ch), np.isin(text, _FOLLOW_UP_CHANNELS)],
            ["no follow-up", "unknown", text],
            default="other",
        )
        return label, (*_FOLLOW_UP_CHANNELS, "other", "unknown", "no follow-up"), ("no follow-up",)
    days = ((per_app["follow_up"] - per_app["applied"]) / pd.Timedelta(days=1)).to_numpy()
    order = ("within 3 days", "4-7 days", "8-14 days", "after 14 days", "no follow-up")
    code = np.where(followed, _delay_code(days), 4)
    return pd.Categorical.from_codes(code, order), order, ("no follow-up",)


# --------------------------------------------------------------------------------------------
# feedback and skill gaps
# --------------------------------------------------------------------------------------------


def feedback_summary(
    search: JobSearch, *, level: float = 0.95, facts: SearchFacts | None = None
) -> pd.DataFrame:
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
    facts = facts_for(search, facts, None)
    events, codes, n_ids = facts.events, facts.event_codes, facts.n_ids

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
    return held_or_unknown(
        search,
        "feedback_request",
        with_words(
            table,
            unit="application",
            excluded={},
            interpretation=(
                f"Of {n_base} rejections after an interview, the share where feedback was "
                "asked for, and how often it came back. Descriptive: it says how often "
                "feedback comes, not what asking causes."
            ),
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
    pieces = noted.assign(skill=noted["skill_gaps"].astype("str").str.split(_SPLIT))
    pieces = pieces.explode("skill")
    pieces["skill"] = (
        pieces["skill"]
        .astype("str")
        .str.lower()
        .str.replace(r"\s+", " ", regex=True)
        .str.strip()
        .str.lstrip("-*•· ")
        .str.rstrip(". ")
    )
    pieces = pieces[pieces["skill"].str.len() > 0]
    table = (
        pieces.groupby("skill", sort=False)
        .agg(mentions=("skill", "size"), applications=("application_id", "nunique"))
        .reset_index()
        .sort_values(
            ["applications", "mentions", "skill"], ascending=[False, False, True], kind="stable"
        )
        .reset_index(drop=True)
    )
    n_apps = noted["application_id"].nunique()
    table = table.astype({"skill": "str", "mentions": "int64", "applications": "int64"})
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
    search: JobSearch,
    *,
    today: Any = None,
    pending_days: int = 14,
    top_skills: int = 10,
    facts: SearchFacts | None = None,
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
    f = facts_for(search, facts, today)
    skills = skill_gaps(search)
    skills_head = skills.head(top_skills)
    skills_head.attrs = dict(skills.attrs)
    ivs = {"pending_days": pending_days, "facts": f}
    return {
        name: result_dict(table)
        for name, table in (
            ("thank_you_delay", thank_you_effect(search, by="delay", **ivs)),
            ("thank_you_within_24h", thank_you_effect(search, by="within_24h", **ivs)),
            ("thank_you_channel", thank_you_effect(search, by="channel", **ivs)),
            ("thank_you_by_round", thank_you_by_round(search, **ivs)),
            ("next_steps", next_steps_effect(search, **ivs)),
            ("follow_up", follow_up_effect(search, facts=f)),
            ("feedback", feedback_summary(search, facts=f)),
            ("skill_gaps", skills_head),
        )
    }
