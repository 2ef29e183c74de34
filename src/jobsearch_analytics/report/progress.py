"""Progress over time: this period against the one before (``--since DATE``).

This period runs from ``since`` to the analysis date, both included; the period before has the
same number of days and ends the day before ``since``. For each period:

- **applications sent**: sent applications whose application date falls in it;
- **first replies**, **first interviews**, **offers**: applications whose first dated reply
  (any of :data:`~jobsearch_analytics.model.REPLY_KINDS`), first dated interview, or first
  dated offer falls in it -- what happened in the period, whenever the application was sent.
  Steps the tracker knows happened but not when (a status without a date) are in neither
  period, and the note says how many; a kind of step the tracker never dates is "unknown",
  never 0;
- **median days to a reply**: the Kaplan-Meier median of the applications sent in the period,
  as it stood at the period's end (:func:`jobsearch_analytics.metrics.median_time` with
  ``today`` the period's last day: later replies count as still waiting), or unknown with the
  reason when fewer than half had heard back.

No public metric gives these counts per period, so they are computed here from the events and
the public ``median_time``.

Examples
--------
>>> import pandas as pd
>>> from jobsearch_analytics.model import JobSearch
>>> s = JobSearch.from_frames(
...     pd.DataFrame({"application_id": list("abc"), "outcome": "open",
...                   "stage": ["interview", "applied", "screen"],
...                   "date_applied": ["2024-04-20", "2024-05-10", "2024-05-20"]}),
...     pd.DataFrame({"application_id": ["a", "c"], "date": ["2024-05-12", "2024-05-25"],
...                   "date_known": True, "kind": ["interview", "screen"]}))
>>> t = period_comparison(s, since="2024-05-01", today="2024-05-31")
>>> t.set_index("measure").loc[["applications sent", "first replies"],
...     ["this_period", "period_before"]].to_dict("list")
{'this_period': [2, 2], 'period_before': [1, 0]}
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from jobsearch_analytics.conventions import resolve_today
from jobsearch_analytics.model import REPLY_KINDS, JobSearch

__all__ = ["MEASURES", "period_bounds", "period_comparison"]

#: The rows of the comparison, in order.
MEASURES: tuple[str, ...] = (
    "applications sent",
    "first replies",
    "first interviews",
    "offers",
    "median days to a reply",
)

_KINDS: dict[str, frozenset[str]] = {
    "first replies": REPLY_KINDS,
    "first interviews": frozenset({"interview"}),
    "offers": frozenset({"offer"}),
}


def period_bounds(since: Any, today: Any) -> tuple[pd.Timestamp, pd.Timestamp, pd.Timestamp]:
    """``(start_before, since, end)``: the period before is ``[start_before, since)``, this
    period ``[since, end]``; both have the same number of days.

    Examples
    --------
    >>> [d.date().isoformat() for d in period_bounds("2024-05-01", "2024-05-31")]
    ['2024-03-31', '2024-05-01', '2024-05-31']
    """
    end = resolve_today(today).normalize()
    start = pd.Timestamp(since).normalize()
    if start > end:
        raise ValueError(
            f"since {start.date()} is after the analysis date {end.date()}: give an earlier "
            "date (the start of the period to compare with the one before)"
        )
    days = (end - start).days + 1
    return start - pd.Timedelta(days=days), start, end


def _first_dates(events: pd.DataFrame, kinds: frozenset[str]) -> tuple[pd.Series, int]:
    """First dated event of ``kinds`` per application, and how many applications have such a
    step without any date."""
    of_kind = events[events["kind"].astype("object").isin(kinds)]
    dated = of_kind[of_kind["date_known"].astype(bool) & of_kind["date"].notna()]
    first = dated.groupby("application_id", observed=True)["date"].min()
    undated_ids = set(of_kind["application_id"].dropna()) - set(first.index)
    return first, len(undated_ids)


def _sub_search(search: JobSearch, mask: np.ndarray) -> JobSearch:
    apps = search.applications[mask].reset_index(drop=True)
    events = search.events[search.events["application_id"].isin(apps["application_id"])]
    return JobSearch(apps, events.reset_index(drop=True), search.report, search.contacts)


def _median(search: JobSearch, mask: np.ndarray, end: pd.Timestamp, level: float) -> Any:
    from jobsearch_analytics.metrics import median_time

    if not mask.any():
        return None, "no applications sent in this period"
    m = median_time(_sub_search(search, mask), today=end, level=level).iloc[0]
    if pd.isna(m["median_days"]):
        return None, str(m["note"] or "unknown")
    return float(m["median_days"]), ""


def period_comparison(
    search: JobSearch, *, since: Any, today: Any = None, level: float = 0.95
) -> pd.DataFrame:
    """This period (``since`` to ``today``) against the period before, of the same length.

    Parameters
    ----------
    search : JobSearch
        The loaded search.
    since : date-like
        First day of this period.
    today : date-like, optional
        Analysis date (last day of this period); default today.
    level : float
        Confidence level of the medians' intervals (not shown; the median is).

    Returns
    -------
    DataFrame
        One row per :data:`MEASURES`: ``measure``, ``this_period``, ``period_before`` (a
        count, a number of days, or None for unknown), ``change`` (this minus before, None
        when either is unknown) and ``note`` (why a value is unknown, undated steps left out).
        ``attrs['periods']`` holds the ISO bounds ``{'before': (start, end), 'this': (start,
        end)}``.
    """
    from jobsearch_analytics.metrics.rates import sent_mask

    start_before, start, end = period_bounds(since, today)
    apps, events = search.applications, search.events
    events = events[~(events["date"] > end)]  # nothing after the analysis date counts
    sent = np.asarray(sent_mask(apps), dtype=bool)
    applied = apps["date_applied"]
    spans = {"this": (start, end), "before": (start_before, start - pd.Timedelta(days=1))}

    def within(dates: pd.Series, span: str) -> np.ndarray:
        lo, hi = spans[span]
        return np.asarray((dates >= lo) & (dates <= hi), dtype=bool)

    rows = []
    undated_sent = int((sent & applied.isna().to_numpy()).sum())
    rows.append(
        {
            "measure": "applications sent",
            "this_period": int((sent & within(applied, "this")).sum()),
            "period_before": int((sent & within(applied, "before")).sum()),
            "note": f"{undated_sent} sent without a date are in neither period"
            if undated_sent
            else "",
        }
    )
    for measure, kinds in _KINDS.items():
        first, undated = _first_dates(events, kinds)
        known = len(first) > 0 or undated == 0
        rows.append(
            {
                "measure": measure,
                "this_period": int(within(first, "this").sum()) if known else None,
                "period_before": int(within(first, "before").sum()) if known else None,
                "note": (
                    f"{undated} without a date are in neither period"
                    if known and undated
                    else ("" if known else "the tracker has no dates for these: unknown")
                ),
            }
        )
    this_m, this_note = _median(search, sent & within(applied, "this"), end, level)
    before_m, before_note = _median(
        search, sent & within(applied, "before"), spans["before"][1], level
    )
    notes = [f"{name}: {n}" for name, n in (("this", this_note), ("before", before_note)) if n]
    rows.append(
        {
            "measure": "median days to a reply",
            "this_period": this_m,
            "period_before": before_m,
            "note": "; ".join(notes),
        }
    )
    for row in rows:
        a, b = row["this_period"], row["period_before"]
        row["change"] = None if a is None or b is None else a - b
    order = ["measure", "this_period", "period_before", "change", "note"]
    frame = pd.DataFrame({c: pd.Series([r[c] for r in rows], dtype="object") for c in order})
    frame = frame.astype({"measure": "str", "note": "str"})
    frame.attrs["periods"] = {
        k: (lo.date().isoformat(), hi.date().isoformat()) for k, (lo, hi) in spans.items()
    }
    return frame
