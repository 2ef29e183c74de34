"""How long replies take, and when silence means "ghosted": survival methods, not averages.

An application still waiting for an answer has not "taken 0 days" or "never" replied: it is
*right-censored* at the analysis date ``today``. Every function here starts from the same
per-application durations (:func:`durations`):

* time to reply = first **dated** reply (an event in
  :data:`~jobsearch_analytics.model.REPLY_KINDS`) minus ``date_applied``, in whole days;
* no reply yet (or the first reply is dated after ``today``) -> censored at ``today``;
* left out of timing, and counted: applications with no ``date_applied``, replies known only
  without a date, a first reply dated before the application, applications dated after
  ``today``. Only saved (never sent) applications are not part of the search at all.

Curves are Kaplan-Meier estimates, computed as :func:`scipy.stats.ecdf` computes them on
:class:`scipy.stats.CensoredData` (:func:`_km_curve` says why they are written out). Their
pointwise intervals are scipy's ``method='log-log'`` ("exponential Greenwood"), which stays
inside [0, 1] and behaves better than the plain Greenwood interval in the small samples a job
search produces. The interval is undefined before the first reply and where the curve reaches 0
(NaN there); with no reply at all the curve is 1 and its interval [1, 1].

Examples
--------
>>> import pandas as pd
>>> from jobsearch_analytics.model import JobSearch, missing_text
>>> s = JobSearch.from_frames(
...     pd.DataFrame({"application_id": list("abcd"), "stage": "applied",
...                   "date_applied": ["2024-03-01"] * 4}),
...     pd.DataFrame({"application_id": ["a", "b"], "date": ["2024-03-04", "2024-03-11"],
...                   "date_known": True, "kind": ["response", "rejection"]}))
>>> km = time_to_response(s, today="2024-03-31")
>>> km[["day", "at_risk", "events", "censored", "survival"]].values.tolist()
[[3.0, 4.0, 1.0, 0.0, 0.75], [10.0, 3.0, 1.0, 0.0, 0.5], [30.0, 2.0, 0.0, 2.0, 0.5]]
>>> float(median_time(s, today="2024-03-31").loc[0, "median_days"])
10.0
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import special

from jobsearch_analytics.metrics._derive import group_labels
from jobsearch_analytics.metrics._stats import proportion_ci
from jobsearch_analytics.metrics.search_facts import (
    EXCLUSIONS,
    SearchFacts,
    durations_table,
    facts_for,
)
from jobsearch_analytics.model import JobSearch, missing_text

__all__ = [
    "GhostingDay",
    "aalen_johansen",
    "competing_outcomes",
    "durations",
    "ghosting_curve",
    "ghosting_day",
    "median_time",
    "reply_by_day",
    "time_to_response",
    "timing_missing",
]

Event = Literal["reply", "interview"]
By = str | list[str] | None

#: The plateau of a reply curve is trusted only when follow-up runs this many days past the
#: last reply and this many applications are still waiting after it.
PLATEAU_MIN_DAYS = 14
PLATEAU_MIN_AT_RISK = 10

#: :func:`ghosting_day` answers only when at least this many replies were seen.
MIN_REPLIES = 5

_KM_COLUMNS = ["day", "at_risk", "events", "censored", "survival", "ci_low", "ci_high"]


def _by_keys(by: By) -> list[str]:
    return [] if by is None else [by] if isinstance(by, str) else list(by)


def durations(
    search: JobSearch,
    *,
    today: Any = None,
    event: Event = "reply",
    causes: bool = False,
    facts: SearchFacts | None = None,
) -> pd.DataFrame:
    """Per sent application: days until the first reply (or until ``today`` when censored).

    Parameters
    ----------
    search : JobSearch
        The loaded search.
    today : date-like, optional
        Analysis date; default today. Events dated after it are treated as not yet happened.
    event : {'reply', 'interview'}
        Time to any reply, or to the first interview.
    causes : bool
        Also classify the first reply as ``'positive reply'`` or ``'rejection'`` (column
        ``cause``; a rejection is a first-reply day holding a rejection and no screen,
        assessment, interview or offer).

    Returns
    -------
    DataFrame
        Indexed like ``search.applications`` (sent applications only): ``application_id``,
        ``time`` (float days, NaN when excluded), ``observed`` (bool), ``status``
        (``'timed'`` or one of :data:`EXCLUSIONS`) and, with ``causes``, ``cause``.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(
    ...     pd.DataFrame({"application_id": ["a", "b", "c"], "stage": "applied",
    ...                   "date_applied": ["2024-03-01", "2024-03-01", None]}),
    ...     pd.DataFrame({"application_id": ["a"], "date": ["2024-03-05"], "date_known": True,
    ...                   "kind": ["rejection"]}))
    >>> d = durations(s, today="2024-03-11", causes=True)
    >>> d["time"].tolist(), d["observed"].tolist()
    ([4.0, 10.0, nan], [True, False, False])
    >>> d["status"].tolist(), d["cause"].tolist()
    (['timed', 'timed', 'no_date_applied'], ['rejection', nan, nan])
    """
    return durations_table(facts_for(search, facts, today), event=event, causes=causes)


def _exclusion_counts(frame: pd.DataFrame) -> dict[str, int]:
    counts = frame["status"].value_counts()
    return {name: int(counts.get(name, 0)) for name in EXCLUSIONS}


def _km(time: np.ndarray, observed: np.ndarray, *, level: float) -> pd.DataFrame:
    """Kaplan-Meier table at every distinct time (event or censoring)."""
    if len(time) == 0:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in _KM_COLUMNS})
    days, inverse = np.unique(time, return_inverse=True)
    total = np.bincount(inverse, minlength=len(days)).astype("float64")
    events = np.bincount(inverse, weights=observed.astype("float64"), minlength=len(days))
    at_risk = len(time) - np.concatenate([[0.0], np.cumsum(total)[:-1]])
    survival, low, high = _km_curve(at_risk, events, level=level)
    return pd.DataFrame(
        {
            "day": days,
            "at_risk": at_risk,
            "events": events,
            "censored": total - events,
            "survival": survival,
            "ci_low": low,
            "ci_high": high,
        }
    )


def _km_curve(
    at_risk: np.ndarray, events: np.ndarray, *, level: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Kaplan-Meier survival and its log-log ("exponential Greenwood") interval, at each
    distinct time given the number at risk and the replies there.

    The same estimate and interval as ``scipy.stats.ecdf(CensoredData(...)).sf`` with
    ``confidence_interval(level, method="log-log")`` (equal to 1e-15, NaN in the same places;
    ``tests/metrics/test_timing.py`` holds it), written out because importing scipy.stats
    takes 0.7 s of a cold ``jobsearch-analytics summary`` that has 1.5 s in all. Before the
    first reply and where the curve reaches 0 the log-log interval is undefined (NaN), as in
    scipy.

    Examples
    --------
    Replies on days 1 and 3, waiting on days 2 and 3 (scipy gives the same numbers:
    ``ecdf(CensoredData(uncensored=[1, 3], right=[2, 3]))``):

    >>> s, lo, hi = _km_curve(np.array([4.0, 3, 2]), np.array([1.0, 0, 1]), level=0.95)
    >>> [round(float(v), 4) for v in s], [round(float(v), 4) for v in lo]
    ([0.75, 0.75, 0.375], [0.1279, 0.1279, 0.011])
    """
    if not events.any():  # no reply at all: the curve is 1, and certain
        ones = np.ones(len(events))
        return ones, ones, ones
    with np.errstate(divide="ignore", invalid="ignore"):
        survival = np.cumprod(1.0 - events / at_risk)
        # Greenwood's sum for the variance of log S; infinite once everyone at risk replied.
        green = np.cumsum(events / (at_risk * (at_risk - events)))
        log_s = np.log(survival)
        spread = special.ndtri(0.5 + level / 2) * np.sqrt(green) / np.abs(log_s)
        low = np.exp(log_s * np.exp(spread))
        high = np.exp(log_s * np.exp(-spread))
    return survival, low, high


def _km_of(timed: pd.DataFrame, *, level: float) -> pd.DataFrame:
    """The Kaplan-Meier table of the timed rows of a durations table."""
    return _km(timed["time"].to_numpy(), timed["observed"].to_numpy(), level=level)


def _groups(search: JobSearch, frame: pd.DataFrame, keys: list[str]):
    """Yield (labels dict, timed sub-frame, full sub-frame) per group of ``keys``."""
    if not keys:
        yield {}, frame[frame["status"] == "timed"], frame
        return
    labels = group_labels(search.applications.loc[frame.index], keys)
    for values, part in frame.groupby([labels[k] for k in keys], observed=True, sort=True):
        values = values if isinstance(values, tuple) else (values,)
        yield dict(zip(keys, map(str, values), strict=True)), part[part["status"] == "timed"], part


def _with_keys(label: dict[str, str], table: pd.DataFrame) -> pd.DataFrame:
    front = pd.DataFrame({k: pd.Series([v] * len(table), dtype="str") for k, v in label.items()})
    return pd.concat([front, table.reset_index(drop=True)], axis=1)


def time_to_response(
    search: JobSearch,
    *,
    today: Any = None,
    by: By = None,
    event: Event = "reply",
    level: float = 0.95,
    facts: SearchFacts | None = None,
) -> pd.DataFrame:
    """Kaplan-Meier curve of the probability of *not yet* having heard back, by day.

    Parameters
    ----------
    search : JobSearch
        The loaded search.
    today : date-like, optional
        Analysis date (censoring date for applications still waiting); default today.
    by : str or list of str, optional
        Grouping, as in :func:`~jobsearch_analytics.metrics.rates.rates`.
    event : {'reply', 'interview'}
        Wait for any reply, or for the first interview.
    level : float
        Confidence level of the pointwise log-log interval.

    Returns
    -------
    DataFrame
        One row per group and distinct day (reply or censoring): grouping columns, ``day``,
        ``at_risk``, ``events``, ``censored``, ``survival``, ``ci_low``, ``ci_high``.
        ``attrs["excluded"]`` holds, per group label (``'all'`` without ``by``), how many
        applications were left out of timing and why (see :data:`EXCLUSIONS`).

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(
    ...     pd.DataFrame({"application_id": ["a", "b"], "stage": "applied",
    ...                   "date_applied": ["2024-03-01", None]}),
    ...     pd.DataFrame({"application_id": ["a"], "date": ["2024-03-08"], "date_known": True,
    ...                   "kind": ["screen"]}))
    >>> t = time_to_response(s, today="2024-04-01")
    >>> t[["day", "survival"]].values.tolist(), t.attrs["excluded"]["all"]["no_date_applied"]
    ([[7.0, 0.0]], 1)
    """
    keys = _by_keys(by)
    frame = durations(search, today=today, event=event, facts=facts)
    parts, excluded = [], {}
    for label, timed, whole in _groups(search, frame, keys):
        table = _km_of(timed, level=level)
        parts.append(_with_keys(label, table))
        excluded["/".join(label.values()) or "all"] = _exclusion_counts(whole)
    out = (
        pd.concat(parts, ignore_index=True)
        if parts
        else _with_keys({k: "" for k in keys}, _km(np.array([]), np.array([]), level=level))
    )
    out.attrs["excluded"] = excluded
    return out


def _step_at(table: pd.DataFrame, column: str, days: np.ndarray, start: float) -> np.ndarray:
    """Value of a right-continuous step column at ``days`` (``start`` before the first row)."""
    pos = np.searchsorted(table["day"].to_numpy(), days, side="right") - 1
    values = np.append(table[column].to_numpy(dtype="float64"), start)
    return np.where(pos >= 0, values[np.where(pos >= 0, pos, -1)], start)


def reply_by_day(
    search: JobSearch,
    *,
    days: tuple[int, ...] | list[int] = (7, 14, 30),
    today: Any = None,
    by: By = None,
    event: Event = "reply",
    level: float = 0.95,
    facts: SearchFacts | None = None,
) -> pd.DataFrame:
    """Probability of a reply within ``d`` days of applying, ``1 - S(d)``, with its interval.

    Parameters
    ----------
    search : JobSearch
        The loaded search.
    days : sequence of int
        Horizons in days.
    today, by, event, level
        As in :func:`time_to_response`.

    Returns
    -------
    DataFrame
        One row per group and horizon: grouping columns, ``day``, ``p``, ``ci_low``,
        ``ci_high``, ``n`` (applications timed) and ``at_risk`` (still waiting and followed
        longer than ``d``: when it is small the estimate leans on few applications).
        A horizon beyond the longest follow-up is NaN: the data cannot say, and so is every
        horizon when the source keeps no replies at all (unknown, not 0). Before the first
        reply the Greenwood interval has zero width; there the interval is Wilson's for 0
        replies among the applications followed at least ``d`` days instead. When some
        replies are known only to have come by the row's last update (a status tracker with
        a 'Last update' column, no reply dates), they are interval-censored: the estimate is
        Turnbull's and the interval a conservative bound (see
        :mod:`jobsearch_analytics.metrics.eventual`).

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(
    ...     pd.DataFrame({"application_id": list("abcd"), "stage": "applied",
    ...                   "date_applied": "2024-03-01"}),
    ...     pd.DataFrame({"application_id": ["a", "b"], "date": ["2024-03-04", "2024-03-20"],
    ...                   "date_known": True, "kind": "response"}))
    >>> reply_by_day(s, days=(7, 30), today="2024-04-10")[["day", "p"]].values.tolist()
    [[7.0, 0.25], [30.0, 0.5]]
    """
    keys = _by_keys(by)
    horizons = np.asarray(list(days), dtype="float64")
    frame = durations(search, today=today, event=event, facts=facts)
    if frame["upper"].notna().any():
        out = _interval_reply_by_day(search, frame, keys, horizons, level)
    else:
        out = _km_reply_by_day(search, keys, horizons, level, today, event, facts)
    if not search.holds("reply" if event == "reply" else event):
        out[["p", "ci_low", "ci_high"]] = np.nan  # unknown, not "0% within 7 days"
    return out


def _km_reply_by_day(
    search: JobSearch,
    keys: list[str],
    horizons: np.ndarray,
    level: float,
    today: Any,
    event: Event,
    facts: SearchFacts | None,
) -> pd.DataFrame:
    """:func:`reply_by_day` from the Kaplan-Meier curve of the dated replies."""
    by = keys or None
    curve = time_to_response(search, today=today, by=by, event=event, level=level, facts=facts)
    parts = []
    grouped = curve.groupby(keys, sort=False) if keys else [((), curve)]
    for values, table in grouped:
        values = values if isinstance(values, tuple) else (values,)
        survival = _step_at(table, "survival", horizons, 1.0)
        low = _step_at(table, "ci_low", horizons, 1.0)
        high = _step_at(table, "ci_high", horizons, 1.0)
        beyond = horizons > (table["day"].max() if len(table) else -1.0)
        n = float(table["at_risk"].iloc[0]) if len(table) else 0.0
        day = table["day"].to_numpy()
        risk = np.append(table["at_risk"].to_numpy(dtype="float64"), 0.0)
        left = risk[np.searchsorted(day, horizons, side="right")]
        reach = risk[np.searchsorted(day, horizons, side="left")]
        none_yet = survival >= 1.0
        wilson_low, wilson_high = proportion_ci(np.zeros(len(horizons)), reach, level=level)
        part = pd.DataFrame(
            {
                "day": horizons,
                "p": np.where(beyond, np.nan, 1.0 - survival),
                "ci_low": np.where(beyond, np.nan, np.where(none_yet, wilson_low, 1.0 - high)),
                "ci_high": np.where(beyond, np.nan, np.where(none_yet, wilson_high, 1.0 - low)),
                "n": n,
                "at_risk": left,
            }
        )
        parts.append(_with_keys(dict(zip(keys, map(str, values), strict=True)), part))
    if not parts:
        return pd.DataFrame(columns=[*keys, "day", "p", "ci_low", "ci_high", "n", "at_risk"])
    return pd.concat(parts, ignore_index=True)


def _interval_reply_by_day(
    search: JobSearch, frame: pd.DataFrame, keys: list[str], horizons: np.ndarray, level: float
) -> pd.DataFrame:
    """:func:`reply_by_day` when some replies are known only to have come by a last update
    (or today): Turnbull's estimate with the conservative bound of
    :func:`jobsearch_analytics.metrics.eventual.cumulative_incidence`."""
    from jobsearch_analytics.metrics.eventual import cumulative_incidence

    parts = []
    for label, _, whole in _groups(search, frame, keys):
        use = whole[(whole["status"] == "timed") | whole["upper"].notna()]
        time = use["time"].to_numpy(dtype="float64")
        upper = use["upper"].to_numpy(dtype="float64")
        est = cumulative_incidence(
            time, use["observed"].to_numpy(dtype=bool), upper, horizons, level=level
        )
        longest = np.nanmax(np.concatenate([time, upper, [-1.0]]))
        beyond = horizons > longest
        waiting = np.array([(time > d).sum() for d in horizons], dtype="float64")
        part = pd.DataFrame(
            {
                "day": horizons,
                "p": np.where(beyond, np.nan, est["p"]),
                "ci_low": np.where(beyond, np.nan, est["ci_low"]),
                "ci_high": np.where(beyond, np.nan, est["ci_high"]),
                "n": float(len(use)),
                "at_risk": waiting,
            }
        )
        parts.append(_with_keys(label, part))
    if not parts:
        return pd.DataFrame(columns=[*keys, "day", "p", "ci_low", "ci_high", "n", "at_risk"])
    return pd.concat(parts, ignore_index=True)


def _median_row(table: pd.DataFrame) -> dict[str, float]:
    def first_day(values: np.ndarray) -> float:
        below = np.flatnonzero(values <= 0.5)
        return float(table["day"].to_numpy()[below[0]]) if len(below) else np.nan

    survival = table["survival"].to_numpy()
    # Where the curve reaches 0 its interval is undefined; it has certainly crossed 0.5.
    low = np.where(survival == 0, 0.0, table["ci_low"].to_numpy())
    high = np.where(survival == 0, 0.0, table["ci_high"].to_numpy())
    return {
        "median_days": first_day(survival),
        "ci_low": first_day(low),
        "ci_high": first_day(high),
    }


def timing_missing(search: JobSearch) -> str | None:
    """Why the source cannot say how long replies take (None when it can): it keeps no
    replies at all, or no reply dates (a status alone dates nothing). The words are
    :func:`~jobsearch_analytics.model.missing_text`'s.

    Examples
    --------
    >>> import pandas as pd
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a"],
    ...                                         "date_applied": ["2024-01-02"]}))
    >>> timing_missing(s)[:20]
    'not in your tracker '
    """
    for name in ("reply", "reply_date"):
        if not search.holds(name):
            return missing_text(name)
    return None


def median_time(
    search: JobSearch,
    *,
    today: Any = None,
    by: By = None,
    event: Event = "reply",
    level: float = 0.95,
    facts: SearchFacts | None = None,
) -> pd.DataFrame:
    """Median days to a reply (Kaplan-Meier), with the Brookmeyer-Crowley style interval.

    The median is the first day the curve of "not heard back yet" is at or below 0.5. When
    fewer than half of the applications ever get a reply the curve never gets there: the median
    is then NaN (``null`` in JSON), and ``note`` says so -- no number is invented. The interval
    is the set of days whose pointwise interval holds 0.5: from the first day the lower band
    reaches 0.5 to the first day the upper band does (NaN when it never does).

    Parameters
    ----------
    search : JobSearch
        The loaded search.
    today, by, event, level
        As in :func:`time_to_response`.

    Returns
    -------
    DataFrame
        One row per group: grouping columns, ``median_days``, ``ci_low``, ``ci_high``, ``n``
        (applications timed), ``events``, ``censored``, the exclusion counts
        (:data:`EXCLUSIONS`) and ``note``.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(
    ...     pd.DataFrame({"application_id": list("abc"), "stage": "applied",
    ...                   "date_applied": "2024-03-01"}),
    ...     pd.DataFrame({"application_id": ["a"], "date": ["2024-03-04"], "date_known": True,
    ...                   "kind": "response"}))
    >>> m = median_time(s, today="2024-04-10")
    >>> m[["median_days", "n", "events", "censored"]].values.tolist()[0], m.loc[0, "note"]
    ([nan, 3.0, 1.0, 2.0], 'fewer than half have heard back: no median yet')
    """
    keys = _by_keys(by)
    frame = durations(search, today=today, event=event, facts=facts)
    missing = timing_missing(search)
    rows = []
    for label, timed, whole in _groups(search, frame, keys):
        table = _km_of(timed, level=level)
        row: dict[str, Any] = {**label, **_median_row(table)}
        n_events = float(timed["observed"].sum())
        row.update(n=float(len(timed)), events=n_events, censored=float(len(timed)) - n_events)
        row.update(_exclusion_counts(whole))
        if len(whole) == 0:
            row["note"] = "no application can be timed"
        elif missing is not None:
            row.update(median_days=np.nan, ci_low=np.nan, ci_high=np.nan, note=missing)
        elif len(timed) == 0:
            row["note"] = "no application can be timed"
        elif np.isnan(row["median_days"]):
            row["note"] = "fewer than half have heard back: no median yet"
        elif np.isnan(row["ci_high"]):
            row["note"] = "upper bound not reached yet"
        else:
            row["note"] = ""
        rows.append(row)
    out = pd.DataFrame(rows)
    if not rows:
        out = pd.DataFrame(
            columns=[
                *keys,
                "median_days",
                "ci_low",
                "ci_high",
                "n",
                "events",
                "censored",
                *EXCLUSIONS,
                "note",
            ]
        )
    for key in keys:
        out[key] = out[key].astype("str")
    return out


def aalen_johansen(time: np.ndarray, cause: np.ndarray, *, level: float = 0.95) -> pd.DataFrame:
    """Cumulative incidence of each cause with competing causes (Aalen-Johansen).

    Parameters
    ----------
    time : array of float
        Time of the first event or of censoring.
    cause : array of int
        0 for censored, ``1..K`` for the cause of the event.
    level : float
        Confidence level.

    Returns
    -------
    DataFrame
        One row per distinct time: ``day``, ``at_risk``, ``survival`` (no event of any cause
        yet, the Kaplan-Meier curve) and for each cause ``k``: ``events_k``, ``cif_k``,
        ``se_k``, ``ci_low_k``, ``ci_high_k``.

    Notes
    -----
    ``cif_k(t) = sum over event times t_j <= t of S(t_j-) * d_kj / n_j``. The standard error is
    the delta method applied to the cause-specific hazards ``d_kj / n_j``, treated as
    independent multinomial proportions between times (the Greenwood-type formula of
    Marubini and Valsecchi). With a single cause it equals Greenwood's standard error of
    ``1 - S``. The interval is ``cif +- z * se`` clipped to [0, 1].

    Examples
    --------
    >>> aj = aalen_johansen(np.array([1.0, 2, 2, 3, 4]), np.array([2, 1, 0, 1, 0]))
    >>> aj["cif_1"].round(3).tolist(), aj["cif_2"].round(3).tolist()
    ([0.0, 0.2, 0.5, 0.5], [0.2, 0.2, 0.2, 0.2])
    """
    time = np.asarray(time, dtype="float64")
    cause = np.asarray(cause, dtype="int64")
    n_causes = int(cause.max()) if len(cause) else 0
    days, inverse = np.unique(time, return_inverse=True)
    total = np.bincount(inverse, minlength=len(days)).astype("float64")
    at_risk = len(time) - np.concatenate([[0.0], np.cumsum(total)[:-1]])
    d_all = np.bincount(inverse, weights=(cause > 0).astype("float64"), minlength=len(days))
    survival = np.cumprod(1.0 - d_all / at_risk)
    before = np.concatenate([[1.0], survival[:-1]])  # S(t_j-)
    left = at_risk - d_all
    with np.errstate(divide="ignore", invalid="ignore"):
        # Where everyone left has the event the later increments are 0, so the term vanishes.
        a = np.where(left > 0, d_all / (at_risk * left), 0.0)
    z = special.ndtri(0.5 + level / 2)
    out: dict[str, np.ndarray] = {"day": days, "at_risk": at_risk, "survival": survival}
    for k in range(1, n_causes + 1):
        d_k = np.bincount(inverse, weights=(cause == k).astype("float64"), minlength=len(days))
        cif = np.cumsum(before * d_k / at_risk)
        b = before * d_k / at_risk**2
        # Var F(t_J) = sum_{i<=J} [S_i-^2 d_ki (n_i-d_ki)/n_i^3 + (F_J-F_i)^2 a_i
        #                          - 2 (F_J-F_i) S_i- d_ki/n_i^2], expanded into cumulative sums.
        var = (
            np.cumsum(before**2 * d_k * (at_risk - d_k) / at_risk**3)
            + cif**2 * np.cumsum(a)
            - 2 * cif * np.cumsum(a * cif)
            + np.cumsum(a * cif**2)
            - 2 * (cif * np.cumsum(b) - np.cumsum(b * cif))
        )
        se = np.sqrt(np.clip(var, 0.0, None))
        out[f"events_{k}"] = d_k
        out[f"cif_{k}"] = cif
        out[f"se_{k}"] = se
        out[f"ci_low_{k}"] = np.clip(cif - z * se, 0.0, 1.0)
        out[f"ci_high_{k}"] = np.clip(cif + z * se, 0.0, 1.0)
    return pd.DataFrame(out)


def competing_outcomes(
    search: JobSearch,
    *,
    today: Any = None,
    by: By = None,
    level: float = 0.95,
    facts: SearchFacts | None = None,
) -> pd.DataFrame:
    """Cumulative incidence of a positive first reply, of a rejection, and of silence, by day.

    The first reply of an application is either a ``'positive reply'`` (anything but a
    rejection) or a ``'rejection'``; the two compete, so each curve is an Aalen-Johansen
    estimate (see :func:`aalen_johansen`) rather than one minus a Kaplan-Meier curve that
    treats the other outcome as censored (which overstates both). ``'silence'`` is one minus
    their sum, i.e. the Kaplan-Meier curve of no reply yet, with its log-log interval.

    Parameters
    ----------
    search : JobSearch
        The loaded search.
    today, by, level
        As in :func:`time_to_response`.

    Returns
    -------
    DataFrame
        One row per group, distinct day and outcome: grouping columns, ``day``, ``outcome``,
        ``cif``, ``ci_low``, ``ci_high``. Intervals of the two replies are delta-method
        (normal, clipped to [0, 1]).

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(
    ...     pd.DataFrame({"application_id": list("abcd"), "stage": "applied",
    ...                   "date_applied": "2024-03-01"}),
    ...     pd.DataFrame({"application_id": ["a", "b"], "date": ["2024-03-04", "2024-03-09"],
    ...                   "date_known": True, "kind": ["rejection", "screen"]}))
    >>> c = competing_outcomes(s, today="2024-04-01")
    >>> c[c["day"] == 31].set_index("outcome")["cif"].to_dict()
    {'positive reply': 0.25, 'rejection': 0.25, 'silence': 0.5}
    """
    keys = _by_keys(by)
    frame = durations(search, today=today, event="reply", causes=True, facts=facts)
    parts = []
    for label, timed, _ in _groups(search, frame, keys):
        if len(timed) == 0:
            continue
        time = timed["time"].to_numpy()
        first = timed["cause"].to_numpy()
        cause = np.select([first == "positive reply", first == "rejection"], [1, 2], 0)
        aj = aalen_johansen(time, cause, level=level)
        km = _km(time, timed["observed"].to_numpy(), level=level)
        pieces = []
        for k, name in ((1, "positive reply"), (2, "rejection")):
            col = f"cif_{k}"
            has = col in aj
            pieces.append(
                pd.DataFrame(
                    {
                        "day": aj["day"],
                        "outcome": name,
                        "cif": aj[col] if has else 0.0,
                        "ci_low": aj[f"ci_low_{k}"] if has else 0.0,
                        "ci_high": aj[f"ci_high_{k}"] if has else 0.0,
                    }
                )
            )
        pieces.append(
            pd.DataFrame(
                {
                    "day": km["day"],
                    "outcome": "silence",
                    "cif": km["survival"],
                    "ci_low": km["ci_low"],
                    "ci_high": km["ci_high"],
                }
            )
        )
        table = pd.concat(pieces, ignore_index=True).sort_values(["day", "outcome"], kind="stable")
        parts.append(_with_keys(label, table))
    if not parts:
        return pd.DataFrame(columns=[*keys, "day", "outcome", "cif", "ci_low", "ci_high"])
    return pd.concat(parts, ignore_index=True)


def _plateau_facts(timed: pd.DataFrame) -> dict[str, Any]:
    time = timed["time"].to_numpy()
    observed = timed["observed"].to_numpy()
    last_reply = float(time[observed].max()) if observed.any() else np.nan
    longest = float(time.max()) if len(time) else np.nan
    after = int((time > last_reply).sum()) if observed.any() else len(time)
    reliable = bool(
        observed.any() and longest - last_reply >= PLATEAU_MIN_DAYS and after >= PLATEAU_MIN_AT_RISK
    )
    return {
        "n": len(time),
        "replies": int(observed.sum()),
        "last_reply_day": last_reply,
        "max_followup_day": longest,
        "waiting_after_last_reply": after,
        "plateau_reliable": reliable,
    }


def _ghosting_table(timed: pd.DataFrame, *, max_day: int | None, level: float) -> pd.DataFrame:
    time = timed["time"].to_numpy()
    table = _km_of(timed, level=level)
    top = (float(time.max()) if len(time) else 0.0) if max_day is None else float(max_day)
    days = np.arange(0.0, max(top, 0.0) + 1.0)
    event_rows = table[table["events"] > 0]
    t = event_rows["day"].to_numpy()
    n = event_rows["at_risk"].to_numpy()
    d = event_rows["events"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        log_f = np.log1p(-d / n)  # -inf where everyone left replied
        green = np.where(n > d, d / (n * (n - d)), np.inf)
    # R(day) = prod over reply days after `day` of (1 - d/n): the chance of no reply ever,
    # given none through `day`, i.e. S(inf) / S(day). Suffix sums over reply days.
    suffix_log = np.concatenate([np.cumsum(log_f[::-1])[::-1], [0.0]])
    suffix_var = np.concatenate([np.cumsum(green[::-1])[::-1], [0.0]])
    start = np.searchsorted(t, days, side="right")
    log_r = suffix_log[start]
    var_log = suffix_var[start]
    never = np.exp(log_r)
    z = special.ndtri(0.5 + level / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        # Log-log ("exponential Greenwood") interval for R, as scipy uses for the curve.
        spread = z * np.sqrt(var_log) / np.abs(log_r)
        r_low = np.exp(log_r * np.exp(spread))
        r_high = np.exp(log_r * np.exp(-spread))
    waiting = len(time) - np.searchsorted(np.sort(time), days, side="right")
    no_later_reply = start == len(t)
    # With no reply observed after `day` the Greenwood variance is 0; a zero-width interval
    # would claim certainty, so use the Wilson interval of 0 replies among those still waiting
    # after `day` (it ignores that some were followed only briefly, so it is if anything narrow).
    wl, wh = proportion_ci(np.zeros(len(days)), waiting, level=level)
    # Nobody followed past `day`: the data say nothing about replies after it.
    p = np.where(waiting > 0, 1.0 - never, np.nan)
    low = np.where(no_later_reply, wl, 1.0 - r_high)
    high = np.where(no_later_reply, wh, 1.0 - r_low)
    return pd.DataFrame(
        {
            "day": days,
            "waiting": waiting.astype("float64"),
            "p_reply": p,
            "ci_low": low,
            "ci_high": high,
            "interval": np.where(
                no_later_reply, "wilson (no later reply seen)", "log-log greenwood"
            ),
        }
    )


def ghosting_curve(
    search: JobSearch,
    *,
    today: Any = None,
    max_day: int | None = None,
    level: float = 0.95,
    facts: SearchFacts | None = None,
) -> pd.DataFrame:
    """Chance of still getting a reply after ``d`` days of silence, for every day ``d``.

    ``p_reply(d) = P(reply eventually | no reply through day d) = (S(d) - S(inf)) / S(d)``,
    with ``S`` the Kaplan-Meier curve of no reply yet and ``S(inf)`` its last value (the
    plateau). That assumes follow-up is long enough for late replies to have shown up:
    ``attrs["plateau_reliable"]`` is False when follow-up ends less than
    :data:`PLATEAU_MIN_DAYS` after the last reply or fewer than :data:`PLATEAU_MIN_AT_RISK`
    applications were still waiting then; read the curve's tail as a lower bound in that case.

    Parameters
    ----------
    search : JobSearch
        The loaded search.
    today : date-like, optional
        Analysis date; default today.
    max_day : int, optional
        Last day shown; default the longest follow-up.
    level : float
        Confidence level.

    Returns
    -------
    DataFrame
        One row per day from 0: ``day``, ``waiting`` (applications followed past ``day``
        without a reply), ``p_reply`` (NaN when nobody was followed past ``day``),
        ``ci_low``, ``ci_high``, ``interval`` (how the interval was made).
        ``1 - p_reply(d)`` is a conditional survival ``prod_{t_j > d} (1 - d_j/n_j)``; its
        interval is the log-log Greenwood interval over the reply days after ``d``. Where
        no reply was ever seen after ``d``, the estimate is 0 and the interval is Wilson's for
        0 replies among those still waiting. ``attrs`` holds ``n``, ``replies``,
        ``last_reply_day``, ``max_followup_day``, ``waiting_after_last_reply``,
        ``plateau_reliable`` and the exclusion counts.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(
    ...     pd.DataFrame({"application_id": list("abcd"), "stage": "applied",
    ...                   "date_applied": "2024-03-01"}),
    ...     pd.DataFrame({"application_id": ["a", "b"], "date": ["2024-03-03", "2024-03-06"],
    ...                   "date_known": True, "kind": "response"}))
    >>> g = ghosting_curve(s, today="2024-03-21", max_day=6)
    >>> g["p_reply"].round(3).tolist()
    [0.5, 0.5, 0.333, 0.333, 0.333, 0.0, 0.0]
    """
    frame = durations(search, today=today, event="reply", facts=facts)
    timed = frame[frame["status"] == "timed"]
    out = _ghosting_table(timed, max_day=max_day, level=level)
    out.attrs.update(_plateau_facts(timed))
    out.attrs["excluded"] = _exclusion_counts(frame)
    return out


@dataclass(frozen=True)
class GhostingDay:
    """When silence means "ghosted", and what that answer rests on.

    Attributes
    ----------
    day : int or None
        First day of silence after which the chance of an eventual reply is below
        ``threshold``; None when it never gets there within the data.
    threshold : float
        The chance considered negligible.
    p_reply, ci_low, ci_high : float or None
        The estimate at ``day`` and its interval.
    n, replies : int
        Applications timed and replies among them.
    last_reply_day, max_followup_day : float or None
        Longest observed wait for a reply, and longest follow-up.
    plateau_reliable : bool
        False when follow-up after the last reply is short (see :func:`ghosting_curve`).
    basis : str
        The same in words.
    """

    day: int | None
    threshold: float
    p_reply: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    replies: int
    last_reply_day: float | None
    max_followup_day: float | None
    plateau_reliable: bool
    basis: str

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-safe values (NaN becomes None).

        Examples
        --------
        >>> GhostingDay(None, 0.05, None, None, None, 0, 0, None, None, False, "").to_dict()["day"]
        """
        return asdict(self)


def _opt(x: Any) -> float | None:
    return None if x is None or not np.isfinite(x) else float(x)


def ghosting_day(
    search: JobSearch,
    *,
    threshold: float = 0.05,
    today: Any = None,
    level: float = 0.95,
    min_replies: int = MIN_REPLIES,
    facts: SearchFacts | None = None,
) -> GhostingDay:
    """First day of silence after which a reply is unlikely (below ``threshold``).

    It reads :func:`ghosting_curve` at its point estimate: the first ``d`` with
    ``p_reply(d) < threshold``. None when the curve never drops that low within the data.

    Parameters
    ----------
    search : JobSearch
        The loaded search.
    threshold : float
        Chance of an eventual reply considered negligible.
    today, level
        As in :func:`ghosting_curve`.
    min_replies : int
        Fewest replies the answer may rest on; with fewer the day is None (a curve with no
        reply at all is 0 from day 0, which says nothing about ghosting).

    Returns
    -------
    GhostingDay
        The day, the estimate and interval there, and the basis of the answer.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(
    ...     pd.DataFrame({"application_id": list("abcd"), "stage": "applied",
    ...                   "date_applied": "2024-03-01"}),
    ...     pd.DataFrame({"application_id": ["a", "b"], "date": ["2024-03-03", "2024-03-06"],
    ...                   "date_known": True, "kind": "response"}))
    >>> g = ghosting_day(s, today="2024-03-21", min_replies=1)
    >>> g.day, g.plateau_reliable
    (5, False)
    """
    curve = ghosting_curve(search, today=today, level=level, facts=facts)
    said = curve.attrs
    below = curve[curve["p_reply"] < threshold]
    missing = timing_missing(search)
    if missing is not None:
        day, values, basis = None, (None, None, None), f"reply dates are {missing}"
    elif said["replies"] < min_replies:
        day, values = None, (None, None, None)
        basis = (
            f"only {said['replies']} of {said['n']} applications got a reply: too few "
            f"(fewer than {min_replies}) to measure when silence means no"
        )
    elif len(below):
        row = below.iloc[0]
        day: int | None = int(row["day"])
        values = (_opt(row["p_reply"]), _opt(row["ci_low"]), _opt(row["ci_high"]))
        basis = (
            f"after {day} days without a reply, the estimated chance of one is "
            f"{row['p_reply']:.1%} (interval {row['ci_low']:.1%}-{row['ci_high']:.1%}), "
            f"from {said['n']} applications with {said['replies']} replies"
        )
    else:
        day, values = None, (None, None, None)
        basis = (
            f"the chance of a reply never drops below {threshold:.0%} within the "
            f"{said['n']} applications followed"
        )
    if not said["plateau_reliable"] and missing is None:
        basis += (
            "; follow-up after the last reply is short, so late replies may be missing and "
            "the day may be too early"
        )
    return GhostingDay(
        day=day,
        threshold=float(threshold),
        p_reply=values[0],
        ci_low=values[1],
        ci_high=values[2],
        n=int(said["n"]),
        replies=int(said["replies"]),
        last_reply_day=_opt(said["last_reply_day"]),
        max_followup_day=_opt(said["max_followup_day"]),
        plateau_reliable=bool(said["plateau_reliable"]),
        basis=basis,
    )
