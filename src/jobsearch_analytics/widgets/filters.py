"""The dashboard's filters as plain data: what can be chosen, and the search they leave.

A :class:`FilterState` is a frozen, hashable value, so the dashboard can key its per-tab cache
on it; :func:`filter_search` applies one to a :class:`~jobsearch_analytics.model.JobSearch`
without touching the input. Nothing here knows about widgets.

Examples
--------
>>> import pandas as pd
>>> from jobsearch_analytics.model import JobSearch
>>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a", "b", "c"],
...     "role": ["Data Analyst", "Data Engineer", "Chef"],
...     "source": ["LinkedIn", "Indeed", "LinkedIn"], "stage": "applied",
...     "date_applied": ["2024-01-02", "2024-01-09", "2024-02-01"]}))
>>> len(filter_search(s, FilterState(source="LinkedIn", role="data")))
1
>>> filter_options(s).sources
(('LinkedIn', 2), ('Indeed', 1))
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from jobsearch_analytics.model import JobSearch

__all__ = [
    "NO_SOURCE",
    "REFERRAL_CHOICES",
    "FilterOptions",
    "FilterState",
    "describe_filter",
    "filter_options",
    "filter_search",
]

#: The source choice meaning "the tracker names no source".
NO_SOURCE = "(no source)"

Referral = Literal["any", "referred", "not referred", "unknown"]

#: Referral choices, in the order the dashboard offers them.
REFERRAL_CHOICES: tuple[str, ...] = ("any", "referred", "not referred", "unknown")


def _as_date(value: Any) -> _dt.date | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()


@dataclass(frozen=True)
class FilterState:
    """One choice of every filter; the defaults keep everything.

    Parameters
    ----------
    start, end : date-like, optional
        Keep applications sent on or after ``start`` / on or before ``end``. Applications
        with no application date (saved jobs, unknown dates) are left out as soon as either
        bound is set: they cannot be placed in the range.
    source : str, optional
        Keep one source exactly as written (:data:`NO_SOURCE` for those with none).
    role : str
        Keep roles containing this text (case-insensitive; blank keeps all).
    referral : {'any', 'referred', 'not referred', 'unknown'}
        ``'unknown'`` keeps applications whose tracker says nothing about a referral.
    client : str, optional
        Keep one client (searches loaded with ``load_many``).

    Examples
    --------
    >>> FilterState(start="2024-01-05").start
    datetime.date(2024, 1, 5)
    >>> FilterState().is_default, FilterState(role="  ").is_default
    (True, True)
    """

    start: _dt.date | None = None
    end: _dt.date | None = None
    source: str | None = None
    role: str = ""
    referral: Referral = "any"
    client: str | None = None

    def __post_init__(self) -> None:
        # Normalise so that equal choices hash equal (the cache key must not see "2024-01-05"
        # and date(2024, 1, 5) as different states).
        object.__setattr__(self, "start", _as_date(self.start))
        object.__setattr__(self, "end", _as_date(self.end))
        object.__setattr__(self, "role", (self.role or "").strip())
        if self.referral not in REFERRAL_CHOICES:
            raise ValueError(f"referral must be one of {REFERRAL_CHOICES}, not {self.referral!r}")

    @property
    def is_default(self) -> bool:
        """True when no filter is set."""
        return self == FilterState()


@dataclass(frozen=True)
class FilterOptions:
    """What the filters can offer for one search.

    ``sources`` and ``clients`` are ``(value, count)`` pairs, most frequent first;
    ``first`` / ``last`` the range of application dates (None when no date is known).
    """

    sources: tuple[tuple[str, int], ...]
    clients: tuple[tuple[str, int], ...]
    first: _dt.date | None
    last: _dt.date | None


def _counts(column: pd.Series, missing: str | None) -> tuple[tuple[str, int], ...]:
    values = column.astype("object")
    if missing is not None:
        values = values.where(values.notna(), missing)
    counts = values.dropna().value_counts(sort=False)
    # Most frequent first, ties alphabetical, so the list reads the same on every run.
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    return tuple((str(k), int(v)) for k, v in ordered)


def filter_options(search: JobSearch) -> FilterOptions:
    """The sources, clients and date range a search offers to filter on.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a", "b"],
    ...     "source": ["Indeed", None], "date_applied": ["2024-03-01", None]}))
    >>> o = filter_options(s)
    >>> o.sources, o.clients, o.first
    ((('(no source)', 1), ('Indeed', 1)), (), datetime.date(2024, 3, 1))
    """
    apps = search.applications
    dates = apps["date_applied"].dropna()
    return FilterOptions(
        sources=_counts(apps["source"], NO_SOURCE),
        clients=_counts(apps["client"], None),
        first=dates.min().date() if len(dates) else None,
        last=dates.max().date() if len(dates) else None,
    )


def _mask(apps: pd.DataFrame, state: FilterState) -> np.ndarray:
    keep = np.ones(len(apps), dtype=bool)
    if state.start is not None or state.end is not None:
        dates = apps["date_applied"]
        # A copy: pandas (copy-on-write) may hand out a read-only view.
        inside = dates.notna().to_numpy(copy=True)
        if state.start is not None:
            inside &= (dates >= pd.Timestamp(state.start)).to_numpy()
        if state.end is not None:
            # End is a day: everything sent on it counts, whatever time a date may carry.
            inside &= (dates < pd.Timestamp(state.end) + pd.Timedelta(days=1)).to_numpy()
        keep &= inside
    if state.source is not None:
        source = apps["source"]
        if state.source == NO_SOURCE:
            keep &= source.isna().to_numpy()
        else:
            keep &= source.eq(state.source).fillna(False).to_numpy(dtype=bool)
    if state.role:
        keep &= (
            apps["role"]
            .str.contains(state.role, case=False, regex=False)
            .fillna(False)
            .to_numpy(dtype=bool)
        )
    if state.referral != "any":
        referral = apps["referral"]
        if state.referral == "unknown":
            keep &= referral.isna().to_numpy()
        else:
            wanted = state.referral == "referred"
            keep &= referral.eq(wanted).fillna(False).to_numpy(dtype=bool)
    if state.client is not None:
        keep &= apps["client"].eq(state.client).fillna(False).to_numpy(dtype=bool)
    return keep


def filter_search(search: JobSearch, state: FilterState) -> JobSearch:
    """The applications (and their events) that pass every filter in ``state``.

    The load report and contacts are kept whole: they describe the file, not a selection.
    The input search is not modified; with the default state it is returned as is.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(
    ...     pd.DataFrame({"application_id": ["a", "b"], "referral": [True, None],
    ...                   "stage": "applied"}),
    ...     pd.DataFrame({"application_id": ["a", "b", "b"], "date_known": False,
    ...                   "kind": ["applied", "applied", "rejection"]}))
    >>> f = filter_search(s, FilterState(referral="unknown"))
    >>> f.applications["application_id"].tolist(), len(f.events), len(s.events)
    (['b'], 2, 3)
    """
    if state.is_default:
        return search
    apps = search.applications
    keep = _mask(apps, state)
    kept_apps = apps.loc[keep].reset_index(drop=True)
    events = search.events
    kept_events = events.loc[events["application_id"].isin(kept_apps["application_id"])]
    return JobSearch(
        kept_apps, kept_events.reset_index(drop=True), search.report, search.contacts, search.fields
    )


def describe_filter(state: FilterState) -> str:
    """The filters in words, for the line above the tabs.

    Examples
    --------
    >>> describe_filter(FilterState())
    'all applications'
    >>> describe_filter(FilterState(source="Indeed", role="data", end="2024-03-31"))
    "source Indeed, role contains 'data', applied up to 2024-03-31"
    """
    parts: list[str] = []
    if state.client is not None:
        parts.append(f"client {state.client}")
    if state.source is not None:
        parts.append(f"source {state.source}")
    if state.role:
        parts.append(f"role contains {state.role!r}")
    if state.referral != "any":
        parts.append(state.referral if state.referral != "unknown" else "referral unknown")
    if state.start is not None and state.end is not None:
        parts.append(f"applied {state.start.isoformat()} to {state.end.isoformat()}")
    elif state.start is not None:
        parts.append(f"applied from {state.start.isoformat()}")
    elif state.end is not None:
        parts.append(f"applied up to {state.end.isoformat()}")
    return ", ".join(parts) if parts else "all applications"
