"""Headline rates that wait for the applications still waiting: the eventual response,
interview and offer rates, estimated with the recent applications censored.

Why not ``k of n``? An application sent yesterday has had no time to be answered, so "k of all
sent" reads low early in a search (four weeks in, about 9.5% where the eventual rate is 23%)
and its interval misses the eventual rate far more often than 5% of the time. Two honest
choices exist: a rate over applications old enough to have settled (which throws away the
recent ones, and early in a search has none), or the **cumulative incidence by a stated
horizon**: the chance that an application hears back (or reaches an interview, an offer)
within ``H`` days of being sent, from every application, each followed for as long as it has
been out. We take the second: it is the Kaplan-Meier machinery of
:mod:`~jobsearch_analytics.metrics.timing`, unbiased under censoring (the planted-truth sweeps
in ``tests/metrics`` hold it), and it uses all the data.

The horizon (:data:`HORIZON_DAYS`) is long enough that nearly every eventual answer has come:
first replies come within weeks (the generator's law and published surveys put well over 95%
by day 60); interviews follow a reply by one to four weeks, offers follow the last round. When
no application has been out that long yet, the horizon reached is the oldest application's
age, and the output says so (``horizon_days``): the estimate is then "by day 35", not "ever".
When some replies are known only without a date, no horizon shorter than the follow-up can
place them, so the horizon is then the oldest application's age.

Replies known only without a date (a status with no reply date) are *interval-censored*:
they came between the application and the row's last update (``status_updated``, else
today). Their estimate is Turnbull's nonparametric maximum likelihood (the NPMLE for
interval-censored data), and the interval is a stated conservative bound on ``F(d)``: from
the lower Kaplan-Meier bound with every such reply placed where it counts least (after ``d``
when it may have come later, else on the day of the application) to the upper bound with
every one placed where it counts most (on ``d``, or its last possible day before it). It is
wide when the tracker keeps no reply dates -- rightly so.

Examples
--------
>>> import pandas as pd
>>> from jobsearch_analytics.model import JobSearch
>>> s = JobSearch.from_frames(
...     pd.DataFrame({"application_id": list("abcd"), "stage": "applied",
...                   "date_applied": ["2024-01-01", "2024-01-01", "2024-03-01", "2024-03-09"]}),
...     pd.DataFrame({"application_id": ["a"], "date": ["2024-01-08"], "date_known": True,
...                   "kind": ["response"]}))
>>> r = eventual_rate(s, today="2024-03-10")
>>> int(r.loc[0, "k"]), int(r.loc[0, "n"]), int(r.loc[0, "horizon_days"])
(1, 4, 60)
>>> round(float(r.loc[0, "rate"]), 3), round(float(r.loc[0, "rate_so_far"]), 3)
(0.333, 0.25)
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd

from jobsearch_analytics.metrics._stats import SMALL_N, proportion_ci
from jobsearch_analytics.metrics.rates import EVIDENCE_OF_OUTCOME, rates
from jobsearch_analytics.metrics.search_facts import SearchFacts, durations_table, facts_for
from jobsearch_analytics.metrics.timing import _km, _step_at
from jobsearch_analytics.model import JobSearch

__all__ = ["HORIZON_DAYS", "cumulative_incidence", "eventual_rate", "turnbull"]

Outcome = Literal["response", "interview", "offer"]

#: Days after applying by which the headline rates are estimated (see the module notes).
HORIZON_DAYS: dict[str, int] = {"response": 60, "interview": 90, "offer": 120}

_EVENT = {"response": "reply", "interview": "interview", "offer": "offer"}

#: Columns of :func:`eventual_rate`.
EVENTUAL_COLUMNS: tuple[str, ...] = (
    "n",
    "k",
    "rate",
    "ci_low",
    "ci_high",
    "small",
    "horizon_days",
    "horizon_asked",
    "method",
    "rate_so_far",
    "so_far_low",
    "so_far_high",
    "timed",
    "interval_censored",
    "excluded",
)


def turnbull(
    left: np.ndarray, right: np.ndarray, *, tol: float = 1e-10, max_iter: int = 5000
) -> tuple[np.ndarray, np.ndarray]:
    """Turnbull's NPMLE of an event-time law from intervals ``[left, right]`` (days, ``right``
    may be ``inf``: right-censored at ``left - 1``; ``left == right``: an exact day).

    Returns the innermost intervals' right ends and their probability masses (summing to 1;
    an ``inf`` end is the share that never has the event).

    Examples
    --------
    Exact days 2 and 5, one censored after day 3 (as Kaplan-Meier: its mass goes to day 5),
    and one known only to lie in days 0..1:

    >>> ends, mass = turnbull(np.array([2.0, 5, 4]), np.array([2.0, 5, np.inf]))
    >>> ends.tolist(), [round(float(m), 4) for m in mass]
    ([2.0, 5.0], [0.3333, 0.6667])
    >>> ends, mass = turnbull(np.array([2.0, 4, 0]), np.array([2.0, np.inf, 1]))
    >>> ends.tolist(), [round(float(m), 4) for m in mass]
    ([1.0, 2.0, inf], [0.3333, 0.3333, 0.3333])
    """
    obs = pd.DataFrame({"l": left, "r": right}).value_counts().reset_index(name="w")
    lo, hi, w = (obs[c].to_numpy(dtype="float64") for c in ("l", "r", "w"))
    # Innermost intervals: a left end followed directly by a right end (lefts first on ties).
    ends = np.concatenate([lo, hi])
    kind = np.concatenate([np.zeros(len(lo)), np.ones(len(hi))])
    order = np.lexsort((kind, ends))
    ends, kind = ends[order], kind[order]
    pick = np.flatnonzero((kind[:-1] == 0) & (kind[1:] == 1))
    inner_l, inner_r = ends[pick], ends[pick + 1]
    alpha = (lo[:, None] <= inner_l[None, :]) & (inner_r[None, :] <= hi[:, None])
    alpha = alpha.astype("float64")
    p = np.full(len(inner_r), 1.0 / len(inner_r))
    total = w.sum()
    for _ in range(max_iter):
        denom = alpha @ p
        new = p * ((w / denom) @ alpha) / total
        if np.abs(new - p).max() < tol:
            p = new
            break
        p = new
    return inner_r, p


def _km_incidence(
    time: np.ndarray, observed: np.ndarray, days: np.ndarray, level: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``1 - S(d)`` of Kaplan-Meier with its log-log band (Wilson for 0 events among those
    followed ``d`` days before the first event, as in ``reply_by_day``)."""
    table = _km(time, observed, level=level)
    survival = _step_at(table, "survival", days, 1.0)
    low = _step_at(table, "ci_low", days, 1.0)
    high = _step_at(table, "ci_high", days, 1.0)
    risk = np.append(table["at_risk"].to_numpy(dtype="float64"), 0.0)
    reach = risk[np.searchsorted(table["day"].to_numpy(), days, side="left")]
    w_low, w_high = proportion_ci(np.zeros(len(days)), reach, level=level)
    none_yet = survival >= 1.0
    return (
        1.0 - survival,
        np.where(none_yet, w_low, 1.0 - high),
        np.where(none_yet, w_high, 1.0 - low),
    )


def cumulative_incidence(
    time: np.ndarray,
    observed: np.ndarray,
    upper: np.ndarray,
    days: np.ndarray,
    *,
    level: float = 0.95,
) -> pd.DataFrame:
    """The chance of the event within each of ``days``, from exact, right- and
    interval-censored observations.

    ``time``/``observed``: days to the event (observed) or to censoring, NaN for the rows
    whose event is known only to lie in ``[0, upper]`` (``upper`` not NaN there). Without
    such rows this is Kaplan-Meier with its log-log band; with them the estimate is
    :func:`turnbull`'s and the interval the conservative bound of the module notes.

    Examples
    --------
    >>> t = np.array([3.0, 20, 20, np.nan]); o = np.array([True, False, False, False])
    >>> u = np.array([np.nan, np.nan, np.nan, 10.0])
    >>> r = cumulative_incidence(t, o, u, np.array([14.0]))
    >>> round(float(r.loc[0, "p"]), 3), r.loc[0, "method"]
    (0.5, 'turnbull')
    """
    days = np.asarray(days, dtype="float64")
    interval = ~np.isnan(upper)
    time, observed, upper = time[~interval], observed[~interval], upper[interval]
    if not interval.any():
        p, low, high = _km_incidence(time, observed, days, level)
        return pd.DataFrame(
            {"day": days, "p": p, "ci_low": low, "ci_high": high, "method": "kaplan-meier"}
        )
    # Bounds at each horizon d. Under Kaplan-Meier an event counts more the later it comes
    # (fewer are still at risk), as long as it comes by d: the highest F(d) puts each undated
    # event at min(upper, d); the lowest puts it after d when it may come later, else on day 0.
    flags = np.concatenate([observed, np.ones(len(upper), dtype=bool)])
    lo_p, lo_low, hi_p, hi_high = (np.empty(len(days)) for _ in range(4))
    for i, d in enumerate(days):
        one = np.array([d])
        low_t = np.concatenate([time, np.where(upper > d, upper, 0.0)])
        high_t = np.concatenate([time, np.minimum(upper, d)])
        p_l, l_l, _ = _km_incidence(low_t, flags, one, level)
        p_h, _, h_h = _km_incidence(high_t, flags, one, level)
        lo_p[i], lo_low[i], hi_p[i], hi_high[i] = p_l[0], l_l[0], p_h[0], h_h[0]
    left = np.concatenate([np.where(observed, time, time + 1), np.zeros(len(upper))])
    right = np.concatenate([np.where(observed, time, np.inf), upper])
    ends, mass = turnbull(left, right)
    p = np.array([mass[ends <= d].sum() for d in days])
    p = np.clip(p, lo_p, hi_p)
    return pd.DataFrame(
        {
            "day": days,
            "p": p,
            # an undefined band end (a curve at 0) is as wide as it can be: 0 or 1
            "ci_low": np.minimum(np.nan_to_num(lo_low, nan=0.0), p),
            "ci_high": np.maximum(np.nan_to_num(hi_high, nan=1.0), p),
            "method": "turnbull",
        }
    )


def eventual_rate(
    search: JobSearch,
    *,
    outcome: Outcome = "response",
    horizon_days: int | None = None,
    level: float = 0.95,
    today: Any = None,
    facts: SearchFacts | None = None,
) -> pd.DataFrame:
    """The chance that a sent application eventually hears back (``outcome='response'``),
    reaches an interview or an offer, estimated by day ``horizon_days`` with the waiting
    applications censored (see the module notes for why and how).

    Parameters
    ----------
    search : JobSearch
        The loaded search.
    outcome : {'response', 'interview', 'offer'}
        What counts, as in :func:`~jobsearch_analytics.metrics.rates.rates`.
    horizon_days : int, optional
        Days after applying; default :data:`HORIZON_DAYS` of the outcome.
    level : float
        Confidence level.
    today, facts
        The analysis date (nothing after it counts) or the facts computed for it.

    Returns
    -------
    DataFrame
        One row: ``n`` sent applications and ``k`` that reached the outcome so far; ``rate``
        the estimate by ``horizon_days`` (the horizon asked, ``horizon_asked``, or the oldest
        application's age when younger) with ``ci_low, ci_high``; ``method``
        (``'kaplan-meier'``, ``'turnbull'``, ``'so far'`` when no application is dated, or
        ``'unknown'`` when the source does not hold the outcome: then ``k`` and every rate
        are missing); the raw ``rate_so_far`` with its Wilson interval; how many applications
        were ``timed``, ``interval_censored`` and ``excluded`` (no date applied).

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a"],
    ...     "date_applied": ["2024-01-01"]}))
    >>> eventual_rate(s, today="2024-02-01").loc[0, "method"]
    'unknown'
    """
    f = facts_for(search, facts, today)
    asked = int(HORIZON_DAYS[outcome] if horizon_days is None else horizon_days)
    so_far = rates(search, outcome=outcome, level=level, facts=f).iloc[0]
    frame = durations_table(f, event=_EVENT[outcome])
    frame = frame[(frame["status"] != "applied_after_today").to_numpy()]
    upper = frame["upper"].to_numpy(dtype="float64")
    timed = (frame["status"] == "timed").to_numpy()
    use = timed | ~np.isnan(upper)
    row: dict[str, Any] = {
        "n": int(so_far["n"]),
        "k": so_far["k"],
        "small": bool(so_far["small"]),
        "horizon_asked": asked,
        "rate_so_far": so_far["rate"],
        "so_far_low": so_far["ci_low"],
        "so_far_high": so_far["ci_high"],
        "timed": int(timed.sum()),
        "interval_censored": int((~timed & use).sum()),
        "excluded": int((~use).sum()),
    }
    if not search.holds(EVIDENCE_OF_OUTCOME[outcome]):
        row.update(rate=np.nan, ci_low=np.nan, ci_high=np.nan, horizon_days=None, method="unknown")
    elif not use.any():
        row.update(
            rate=so_far["rate"],
            ci_low=so_far["ci_low"],
            ci_high=so_far["ci_high"],
            horizon_days=None,
            method="so far",
        )
    else:
        apps = f.search.applications
        applied = apps["date_applied"].loc[frame.index[use]]
        oldest = int((f.today - applied.min()).days)
        # Replies known only by a last update (or today) cannot be placed before a horizon:
        # the estimate then runs over all the follow-up there is, and says so.
        interval = bool(row["interval_censored"])
        horizon = max(0, oldest if interval else min(asked, oldest))
        time = frame["time"].to_numpy(dtype="float64").copy()
        if interval:
            # Without reply dates the tail is not identified (every silent application might
            # still hear back just before the horizon): one the tracker itself closes as
            # silent ("Ghosted", "No reply") is followed past the horizon, never reaching it.
            closed = apps["outcome"].loc[frame.index].eq("ghosted").to_numpy(dtype=bool)
            silent = closed & ~frame["observed"].to_numpy(dtype=bool) & np.isnan(upper)
            time[silent] = horizon + 1.0
        est = cumulative_incidence(
            time[use],
            frame["observed"].to_numpy(dtype=bool)[use],
            upper[use],
            np.array([float(horizon)]),
            level=level,
        ).iloc[0]
        row.update(
            rate=float(est["p"]),
            ci_low=float(est["ci_low"]),
            ci_high=float(est["ci_high"]),
            horizon_days=horizon,
            method=est["method"],
        )
    out = pd.DataFrame([row])[list(EVENTUAL_COLUMNS)]
    out["k"] = out["k"].astype("Int64")
    out["horizon_days"] = out["horizon_days"].astype("Int64")
    out["small"] = out["n"] < SMALL_N
    return out
