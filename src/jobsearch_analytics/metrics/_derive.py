"""Per-application facts derived from the events table, shared by every metric.

Metrics ask the same questions of the events again and again (did it get a reply? when first?);
they ask them here so the answers agree everywhere.

Examples
--------
>>> import pandas as pd
>>> from jobsearch_analytics.model import JobSearch
>>> s = JobSearch.from_frames(
...     pd.DataFrame({"application_id": ["a", "b"], "stage": ["screen", "applied"],
...                   "outcome": ["open", "open"]}),
...     pd.DataFrame({"application_id": ["a", "a", "b"],
...                   "date": ["2024-01-09", "2024-01-05", None],
...                   "date_known": [True, True, False],
...                   "kind": ["screen", "response", "rejection"]}))
>>> first = first_dates(s.events, REPLY_KINDS)
>>> str(first["a"].date()), bool(pd.isna(first["b"]))
('2024-01-05', True)
>>> has_kind(s.events, {"rejection"}).to_dict()
{'a': False, 'b': True}
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from jobsearch_analytics.model import REPLY_KINDS

__all__ = ["REPLY_KINDS", "first_dates", "has_kind"]


def _of_kinds(events: pd.DataFrame, kinds: Iterable[str]) -> pd.DataFrame:
    return events[events["kind"].isin(list(kinds))]


def first_dates(events: pd.DataFrame, kinds: Iterable[str]) -> pd.Series:
    """Earliest known date of an event of ``kinds`` per application (NaT when none is dated).

    Indexed by every ``application_id`` that has at least one such event, dated or not.
    """
    sub = _of_kinds(events, kinds)
    return sub.groupby("application_id", sort=True, observed=True)["date"].min()


def has_kind(events: pd.DataFrame, kinds: Iterable[str]) -> pd.Series:
    """Whether each application in ``events`` has any event of ``kinds`` (dated or not).

    Indexed by every ``application_id`` present in ``events``; reindex on the applications
    table (``fill_value=False``) to cover applications with no events at all.
    """
    ids = events["application_id"]
    hit = events["kind"].isin(list(kinds))
    return hit.groupby(ids, sort=True).any()
