"""Response, interview and offer rates with intervals, and the stage funnel.

Every rate here is a row of :func:`~jobsearch_analytics.metrics._stats.proportion_table`:
``n`` applications, ``k`` of them reached the outcome, ``rate = k / n`` and a Wilson (or
Jeffreys) interval, with small groups flagged. Applications only saved (stage ``'saved'``) were
never sent, so they are left out of every denominator.

What "reached" means:

* ``response`` -- the employer answered in any way: an event whose kind is in
  :data:`~jobsearch_analytics.model.REPLY_KINDS` (dated or not), or a stage of ``screen`` or
  beyond (that stage proves an answer even when the tracker kept no event for it, so a response
  rate can never fall below the screen rate);
* ``screen`` / ``interview`` / ``offer`` -- ``stage >= X``, because the stage is the furthest
  step reached. An application with no stage recorded counts as ``applied``.

Examples
--------
>>> import pandas as pd
>>> from jobsearch_analytics.model import JobSearch
>>> s = JobSearch.from_frames(
...     pd.DataFrame({"application_id": list("abcd"),
...                   "source": ["LinkedIn", "LinkedIn", "Referral", None],
...                   "stage": ["applied", "interview", "screen", "saved"]}),
...     pd.DataFrame({"application_id": ["a"], "date_known": [False], "kind": ["rejection"]}))
>>> response_rates(s)[["n", "k"]].values.tolist()
[[3, 3]]
>>> interview_rates(s, by="source")[["source", "n", "k"]].values.tolist()
[['LinkedIn', 2, 1], ['Referral', 1, 0]]
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd

from jobsearch_analytics.metrics._derive import group_labels
from jobsearch_analytics.metrics._stats import RATE_COLUMNS, Method, proportion_table
from jobsearch_analytics.metrics.search_facts import SearchFacts, facts_for, sent_mask, stage_codes
from jobsearch_analytics.model import STAGES, JobSearch

__all__ = [
    "funnel",
    "interview_rates",
    "offer_rates",
    "rates",
    "reached",
    "response_rates",
    "sent_mask",
    "stage_codes",
    "unknown_rates",
]

Outcome = Literal["response", "screen", "interview", "offer"]
By = str | list[str] | None

#: Stages shown by :func:`funnel`, in order.
FUNNEL_STAGES: tuple[str, ...] = ("applied", "screen", "interview", "offer", "accepted")


def reached(search: JobSearch, outcome: Outcome, *, facts: SearchFacts | None = None) -> np.ndarray:
    """Whether each application (in table order) reached ``outcome`` (see the module notes).

    Examples
    --------
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a", "b"],
    ...                                         "stage": ["applied", "offer"]}))
    >>> reached(s, "interview").tolist(), reached(s, "response").tolist()
    ([False, True], [False, True])
    """
    if outcome == "response":
        return facts_for(search, facts, None).replied
    if outcome in ("screen", "interview", "offer"):
        codes = stage_codes(search.applications) if facts is None else facts.stage
        return codes >= STAGES.index(outcome)
    raise ValueError(
        f"outcome must be 'response', 'screen', 'interview' or 'offer', not {outcome!r}"
    )


def _by_keys(by: By) -> list[str]:
    return [] if by is None else [by] if isinstance(by, str) else list(by)


def _grouped_counts(
    labels: pd.DataFrame, flags: dict[str, np.ndarray], keys: list[str]
) -> pd.DataFrame:
    """Sum boolean ``flags`` per group of ``labels`` (the categoricals of
    :func:`~jobsearch_analytics.metrics._derive.group_labels`): one row per group present,
    in category order, keys as text columns."""
    counts = pd.DataFrame({name: np.asarray(v, dtype="int64") for name, v in flags.items()})
    if not keys:
        return counts.sum().to_frame().T.astype("int64")
    counts = pd.concat([labels[keys].reset_index(drop=True), counts], axis=1)
    out = counts.groupby(keys, observed=True, sort=True)[list(flags)].sum().reset_index()
    return out.astype({key: "str" for key in keys})


def rates(
    search: JobSearch,
    *,
    by: By = None,
    outcome: Outcome = "response",
    method: Method = "wilson",
    level: float = 0.95,
    today: Any = None,
    facts: SearchFacts | None = None,
) -> pd.DataFrame:
    """Share of sent applications that reached ``outcome`` so far, overall or per group.

    Parameters
    ----------
    search : JobSearch
        The loaded search.
    by : str or list of str, optional
        Application column(s), ``'week'``, ``'month'`` (of ``date_applied``) or ``'referral'``.
        Missing values form the group ``'(unknown)'``.
    outcome : {'response', 'screen', 'interview', 'offer'}
        What counts as a success (see the module notes).
    method : {'wilson', 'jeffreys'}
        Interval method.
    level : float
        Confidence level of the interval.
    today : date-like, optional
        The analysis date (default today): applications dated after it are not counted, nor
        replies, interviews and offers dated after it.
    facts : SearchFacts, optional
        The facts of ``search`` (:func:`~jobsearch_analytics.metrics.search_facts.facts`), when at
        hand.

    Returns
    -------
    DataFrame
        One row per group: the grouping columns, then ``n, k, rate, ci_low, ci_high, small``.
        Without ``by`` a single row. When the source does not hold the outcome at all (no
        status column, say: ``search.holds(...)`` of :data:`EVIDENCE_OF_OUTCOME`) ``k`` is
        <NA> and the rate and interval NaN: unknown, not 0. These are rates *so far*; recent
        applications may still hear back (see
        :func:`~jobsearch_analytics.metrics.eventual.eventual_rate` for the estimate that
        waits for them).

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({
    ...     "application_id": list("abcde"), "referral": [True, True, False, False, None],
    ...     "stage": ["offer", "applied", "screen", "applied", "applied"]}))
    >>> rates(s, by="referral", outcome="screen")[["referral", "n", "k"]].values.tolist()
    [['referral', 2, 1], ['cold', 2, 1], ['unknown', 1, 0]]
    """
    keys = _by_keys(by)
    apps = search.applications
    f = facts_for(search, facts, today)
    sent = f.sent
    hit = reached(search, outcome, facts=f) & sent
    counts = _grouped_counts(group_labels(apps, keys), {"n": sent, "k": hit}, keys)
    if keys:  # groups with no sent application are left out; the overall row always stays
        counts = counts[counts["n"] > 0].reset_index(drop=True)
    table = proportion_table(
        counts["k"].to_numpy(), counts["n"].to_numpy(), method=method, level=level
    )
    out = pd.concat([counts[keys], table], axis=1)[[*keys, *RATE_COLUMNS]]
    if not search.holds(EVIDENCE_OF_OUTCOME[outcome]):
        out = unknown_rates(out)
    return out


#: The evidence (``model.EVIDENCE``) each outcome needs: without it the rate is unknown.
EVIDENCE_OF_OUTCOME: dict[str, str] = {
    "response": "reply",
    "screen": "interview",
    "interview": "interview",
    "offer": "offer",
}


def unknown_rates(table: pd.DataFrame) -> pd.DataFrame:
    """A rate table whose successes the source cannot tell: ``n`` stays, ``k`` is <NA> and
    the rate and its interval NaN -- unknown, never 0 with an interval.

    Examples
    --------
    >>> t = unknown_rates(pd.DataFrame({"n": [5], "k": [0], "rate": [0.0],
    ...                                 "ci_low": [0.0], "ci_high": [0.43], "small": [True]}))
    >>> t.loc[0, "k"] is pd.NA, bool(t["rate"].isna().all())
    (True, True)
    """
    return table.assign(
        k=pd.array([pd.NA] * len(table), dtype="Int64"),
        rate=np.nan,
        ci_low=np.nan,
        ci_high=np.nan,
    )


def response_rates(
    search: JobSearch,
    *,
    by: By = None,
    method: Method = "wilson",
    level: float = 0.95,
    today: Any = None,
    facts: SearchFacts | None = None,
) -> pd.DataFrame:
    """Share of sent applications that got any reply; see :func:`rates`.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a", "b"],
    ...                                         "stage": ["screen", "applied"]}))
    >>> float(response_rates(s).loc[0, "rate"])
    0.5
    """
    return rates(
        search, by=by, outcome="response", method=method, level=level, today=today, facts=facts
    )


def interview_rates(
    search: JobSearch,
    *,
    by: By = None,
    method: Method = "wilson",
    level: float = 0.95,
    today: Any = None,
    facts: SearchFacts | None = None,
) -> pd.DataFrame:
    """Share of sent applications that reached an interview; see :func:`rates`.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a", "b"],
    ...                                         "stage": ["screen", "offer"]}))
    >>> int(interview_rates(s).loc[0, "k"])
    1
    """
    return rates(
        search, by=by, outcome="interview", method=method, level=level, today=today, facts=facts
    )


def offer_rates(
    search: JobSearch,
    *,
    by: By = None,
    method: Method = "wilson",
    level: float = 0.95,
    today: Any = None,
    facts: SearchFacts | None = None,
) -> pd.DataFrame:
    """Share of sent applications that reached an offer; see :func:`rates`.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a", "b"],
    ...                                         "stage": ["accepted", "offer"]}))
    >>> int(offer_rates(s).loc[0, "k"])
    2
    """
    return rates(
        search, by=by, outcome="offer", method=method, level=level, today=today, facts=facts
    )


def funnel(
    search: JobSearch,
    *,
    by: By = None,
    method: Method = "wilson",
    level: float = 0.95,
    today: Any = None,
    facts: SearchFacts | None = None,
) -> pd.DataFrame:
    """How many applications reached each stage, and the conversion from the stage before.

    Parameters
    ----------
    search : JobSearch
        The loaded search.
    by : str or list of str, optional
        Grouping, as in :func:`rates`.
    method, level
        Interval method and level of the conversion rates.
    today, facts
        As in :func:`rates`: applications dated after ``today`` are not counted, and a stage
        proven only by events after it is not reached yet.

    Returns
    -------
    DataFrame
        One row per group and stage (``applied, screen, interview, offer, accepted``): the
        grouping columns, ``stage``, ``n_reached`` (applications whose stage is at least that
        stage; never increases from one stage to the next), then the conversion as a rate row
        ``n, k, rate, ci_low, ci_high, small`` with ``n`` = reached the previous stage and
        ``k`` = reached this one. For ``applied`` the previous stage is "tracked at all", so
        its rate is the share of tracked jobs (saved ones included) actually applied to.
        Stages the source cannot show (no status, no interview or offer column) have
        ``n_reached`` and ``k`` <NA> and the rate NaN: unknown, not 0.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": list("abcde"),
    ...     "stage": ["saved", "applied", "screen", "interview", "offer"]}))
    >>> f = funnel(s)[["stage", "n_reached", "n", "k"]]
    >>> f.values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['applied', 4, 5, 4], ['screen', 3, 4, 3], ['interview', 2, 3, 2], ['offer', 1, 2, 1],
     ['accepted', 0, 1, 0]]
    """
    keys = _by_keys(by)
    apps = search.applications
    f = facts_for(search, facts, today)
    codes = f.stage
    # applications dated after today are not part of the search yet
    tracked = ~((codes != STAGES.index("saved")) & ~f.sent)
    flags = {"tracked": tracked}
    for stage in FUNNEL_STAGES:
        flags[stage] = (codes >= STAGES.index(stage)) & tracked
    counts = _grouped_counts(group_labels(apps, keys), flags, keys)
    rows = []
    previous = "tracked"
    for stage in FUNNEL_STAGES:
        part = counts[keys].copy()
        part["stage"] = stage
        part["n_reached"] = counts[stage].to_numpy()
        part["_n"] = counts[previous].to_numpy()
        part["_order"] = FUNNEL_STAGES.index(stage)
        part["_group"] = np.arange(len(counts))
        rows.append(part)
        previous = stage
    long = pd.concat(rows, ignore_index=True).sort_values(["_group", "_order"], kind="stable")
    long = long.reset_index(drop=True)
    table = proportion_table(
        long["n_reached"].to_numpy(), long["_n"].to_numpy(), method=method, level=level
    )
    out = pd.concat([long[[*keys, "stage", "n_reached"]], table], axis=1)
    out["n_reached"] = out["n_reached"].astype("int64")
    unknown = (
        out["stage"]
        .map(lambda st: st != "applied" and not search.holds(_FUNNEL_EVIDENCE[st]))
        .to_numpy(dtype=bool)
    )
    if unknown.any():
        out["n_reached"] = out["n_reached"].astype("Int64").mask(unknown)
        out.loc[unknown, ["rate", "ci_low", "ci_high"]] = np.nan
        out["k"] = out["k"].astype("Int64").mask(unknown)
    return out


_FUNNEL_EVIDENCE = {
    "screen": "interview",
    "interview": "interview",
    "offer": "offer",
    "accepted": "offer",
}
