"""Which parts of a report the tracker cannot fill, and the one line said instead.

A section (or a part of one: a table and its chart) whose metric has nothing to work with is
not drawn as an empty chart or a table of zeros: it becomes one line naming what is missing
and which column would fill it ("No thank-you notes recorded — add a 'Thank-you sent' column
to learn this"). The decision is :func:`section_missing`, made from the metric results alone;
its ``fields`` argument takes the loader's per-field availability (which fields the file holds
at all) when the model offers it, and then a field the file does not hold is said to be
missing even before any metric runs.

Examples
--------
>>> import pandas as pd
>>> posted = pd.DataFrame(columns=["role", "currency", "n"])
>>> offers = pd.DataFrame(columns=["application_id", "offer_final"])
>>> section_missing("salary", {"posted": posted, "offers": offers})
"No salaries recorded — add a 'Salary range' column (as posted) to learn this"
>>> t = pd.DataFrame({"bucket": ["same day", "none"], "n": [3, 4], "k": [1, 1]})
>>> section_missing("after/thank-you", {"thank-you": t}) is None
True
>>> section_missing("after/thank-you", {"thank-you": t}, fields=frozenset({"reply"}))
"No thank-you notes recorded — add a 'Thank-you sent' column to learn this"
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

import pandas as pd

__all__ = ["FIELDS_NEEDED", "MISSING_TEXT", "section_missing"]

#: What each section (``key``) or part (``section/part``) needs from the tracker, and the line
#: said when the tracker does not hold it.
MISSING_TEXT: dict[str, str] = {
    "summary": "No sent applications — add a 'Date applied' or 'Status' column to learn this",
    "funnel": "No sent applications — add a 'Status' column (or stage dates) to learn this",
    "timing": "No application dates — add a 'Date applied' column to learn how long replies take",
    "timing/replies": "No reply dates recorded — add a 'Reply date' column (or dated stage "
    "columns) to learn how long replies take",
    "after": "No interviews, follow-ups or feedback recorded — add interview dates (e.g. an "
    "'Interview 1' column) and a 'Follow-up date' column to learn what helps",
    "after/thank-you": "No thank-you notes recorded — add a 'Thank-you sent' column to learn this",
    "after/next-steps": "No 'asked about next steps' recorded — add an 'Asked next steps' "
    "column to learn this",
    "after/follow-up": "No follow-ups recorded — add a 'Follow-up date' column to learn this",
    "after/feedback": "No feedback requests recorded — add a 'Feedback asked' column to learn this",
    "after/skills": "No skill gaps noted — add a 'Skill gaps' column to learn this",
    "salary": "No salaries recorded — add a 'Salary range' column (as posted) to learn this",
    "salary/posted": "No posted salaries — add a 'Salary range' column to learn this",
    "salary/offers": "No offer figures — add an 'Offer' column to compare offers with the "
    "posted ranges",
    "activity": "No application dates — add a 'Date applied' column to see the weekly rhythm",
}

#: The evidence (names of the loader's per-field availability, ``JobSearch.fields``) that
#: would fill each key, any one being enough, for ``fields=``. Keys not listed are decided
#: from the results alone.
FIELDS_NEEDED: dict[str, tuple[str, ...]] = {
    "timing": ("date_applied",),
    "timing/replies": ("reply_date",),
    "after/thank-you": ("thank_you",),
    "after/next-steps": ("next_steps_asked",),
    "after/follow-up": ("follow_up",),
    "after/feedback": ("feedback_request",),
    "after/skills": ("skill_gaps",),
    "salary/offers": ("offer_amount",),
    "activity": ("date_applied",),
}


def _total(frame: pd.DataFrame | None, column: str = "n", **where: Any) -> int:
    """Sum of ``column`` over the rows matching ``where`` (0 for a missing or empty frame)."""
    if frame is None or frame.empty or column not in frame.columns:
        return 0
    rows = frame
    for key, value in where.items():
        if key in rows.columns:
            rows = rows[rows[key].astype("object").eq(value)]
    return int(pd.to_numeric(rows[column], errors="coerce").fillna(0).sum())


def _summary(r: Mapping[str, pd.DataFrame]) -> bool:
    return _total(r.get("rates"), "n", outcome="response") == 0


def _funnel(r: Mapping[str, pd.DataFrame]) -> bool:
    return _total(r.get("stages"), "n_reached", stage="applied") == 0


def _timing(r: Mapping[str, pd.DataFrame]) -> bool:
    return _total(r.get("median days"), "n") == 0


def _replies(r: Mapping[str, pd.DataFrame]) -> bool:
    # No dated reply while replies are known to exist undated: the dates are what is missing.
    m = r.get("median days")
    return _total(m, "events") == 0 and _total(m, "reply_date_unknown") > 0


def _thank_you(r: Mapping[str, pd.DataFrame]) -> bool:
    t = r.get("thank-you")
    if t is None or t.empty or "bucket" not in t.columns:
        return True
    return _total(t[t["bucket"].astype("str") != "none"]) == 0


def _next_steps(r: Mapping[str, pd.DataFrame]) -> bool:
    return _total(r.get("next steps asked"), "n", bucket="asked") == 0


def _follow_up(r: Mapping[str, pd.DataFrame]) -> bool:
    return _total(r.get("follow-up"), "n", group="followed up") == 0


def _feedback(r: Mapping[str, pd.DataFrame]) -> bool:
    return _total(r.get("feedback"), "k", measure="asked for feedback") == 0


def _skills(r: Mapping[str, pd.DataFrame]) -> bool:
    s = r.get("skill gaps")
    return s is None or s.empty


def _after(r: Mapping[str, pd.DataFrame]) -> bool:
    return all(check(r) for check in (_thank_you, _next_steps, _follow_up, _feedback, _skills))


def _posted(r: Mapping[str, pd.DataFrame]) -> bool:
    p = r.get("posted")
    return p is None or p.empty


def _offers(r: Mapping[str, pd.DataFrame]) -> bool:
    o = r.get("offers")
    if o is None or o.empty:
        return True
    figures = [c for c in ("offer_initial", "offer_final") if c in o.columns]
    return not figures or not o[figures].notna().any().any()


def _salary(r: Mapping[str, pd.DataFrame]) -> bool:
    return _posted(r) and _offers(r)


def _activity(r: Mapping[str, pd.DataFrame]) -> bool:
    w = r.get("weekly")
    return w is None or w.empty


def _holds(fields: Collection[str] | Mapping[str, Any], name: str) -> bool:
    if isinstance(fields, Mapping):
        return bool(fields.get(name))
    return name in fields


_CHECKS: dict[str, Callable[[Mapping[str, pd.DataFrame]], bool]] = {
    "summary": _summary,
    "funnel": _funnel,
    "timing": _timing,
    "timing/replies": _replies,
    "after": _after,
    "after/thank-you": _thank_you,
    "after/next-steps": _next_steps,
    "after/follow-up": _follow_up,
    "after/feedback": _feedback,
    "after/skills": _skills,
    "salary": _salary,
    "salary/posted": _posted,
    "salary/offers": _offers,
    "activity": _activity,
}


def section_missing(
    key: str,
    results: Mapping[str, pd.DataFrame],
    *,
    fields: Collection[str] | Mapping[str, Any] | None = None,
) -> str | None:
    """The one line a section (or part) shows instead of its charts and tables, or None.

    Parameters
    ----------
    key : str
        A section key (``'salary'``) or a part of one (``'after/thank-you'``); see
        :data:`MISSING_TEXT`. Keys not listed are never missing (next steps, data quality).
    results : mapping of str to DataFrame
        The section's metric tables by their report names (``'thank-you'``, ``'posted'`` ...).
    fields : collection of str or mapping, optional
        What the tracker holds at all: the evidence names it holds (``JobSearch.fields``), or
        a mapping of name to held (truthy) or not. When given and none of the names of
        :data:`FIELDS_NEEDED` for ``key`` is held, the part is missing whatever the results
        say; held evidence defers to the results.

    Returns
    -------
    str or None
        The line to show (what is missing and which column would fill it), or None when the
        section has something to show.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"bucket": ["same day", "none"], "n": [0, 4], "k": [0, 1]})
    >>> section_missing("after/thank-you", {"thank-you": t})
    "No thank-you notes recorded — add a 'Thank-you sent' column to learn this"
    >>> section_missing("next", {}) is None
    True
    """
    check = _CHECKS.get(key)
    if check is None:
        return None
    needed = FIELDS_NEEDED.get(key)
    if fields is not None and needed and not any(_holds(fields, f) for f in needed):
        return MISSING_TEXT[key]
    return MISSING_TEXT[key] if check(results) else None
