"""What a notebook shows around the numbers: the analysis date against the file's last date,
and tables formatted for reading.

* :func:`as_of` -- the analysis date (the real today unless one is given), the tracker's last
  dated entry, and a note when the two are far apart (a tracker last touched months ago
  answers "as of today" with every open application long ghosted);
* :func:`styled` -- a metric table as a pandas ``Styler``: shares as percentages, money with
  thousands separators, dates as dates, blanks instead of NaN.

Examples
--------
>>> import pandas as pd
>>> from jobsearch_analytics.model import JobSearch
>>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a"], "stage": "applied",
...     "outcome": "open", "date_applied": ["2024-05-30"]}))
>>> print(as_of(s, today="2026-12-03").to_text())  # doctest: +NORMALIZE_WHITESPACE
As of 2026-12-03; the tracker's last entry is 2024-05-30.
Your tracker's last entry is 2024-05-30, 917 days before 2026-12-03; pass TODAY='2024-05-30'
to see the search as of then.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from jobsearch_analytics.conventions import INTERVAL_COLUMNS, SHARE_COLUMNS
from jobsearch_analytics.io.report import correction_problems
from jobsearch_analytics.model import JobSearch

__all__ = [
    "FAR_DAYS",
    "AsOf",
    "ParameterError",
    "analysis_date",
    "as_of",
    "check_corrections",
    "last_entry",
    "styled",
]

#: Days between the analysis date and the file's last entry beyond which a note is shown.
FAR_DAYS = 60

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$")

#: Columns holding a share (0..1), shown as percentages (a ghosting threshold is one too).
_SHARES = SHARE_COLUMNS | {"threshold"}
#: Estimates whose interval bounds are shares too.
_ESTIMATES = frozenset({"rate", "p", "p_reply", "share", "survival", "cif"})
#: Words in a column name that say it holds money.
_MONEY = ("salary", "offer", "posted", "annual", "mid_", "target", "walk_away", "asking")


class ParameterError(ValueError):
    """A notebook parameter that cannot be used; in Jupyter it shows as its message alone.

    Examples
    --------
    >>> ParameterError("TODAY='June' is not a date")._render_traceback_()
    ["ParameterError: TODAY='June' is not a date"]
    """

    def _render_traceback_(self) -> list[str]:
        # IPython's hook: the message a person can act on, not the frames that raised it.
        return [f"ParameterError: {self}"]


def check_corrections(search: JobSearch, columns: Any) -> None:
    """Raise :class:`ParameterError` when a notebook's ``COLUMNS`` names a field that does not
    exist or a column the tracker does not have (the loader would ignore it silently); print
    the saved mapping the load used or wrote, if any (see :mod:`jobsearch_analytics.io.mapping`).

    Examples
    --------
    >>> from jobsearch_analytics.io.load import load
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = p.write_text("Company,Date Applied\\nAcme,2024-03-01\\n")
    >>> check_corrections(load(p), {"Company": "company"})
    >>> check_corrections(load(p), {"Compnay": "company"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    jobsearch_analytics.widgets.notebook.ParameterError: COLUMNS: ... did you mean 'Company'?
    """
    if columns is not None and not isinstance(columns, dict):
        raise ParameterError(
            f'COLUMNS must be a dict such as {{"Made contact?": "follow_up"}}, not {columns!r}'
        )
    problems = correction_problems(columns, search.report)
    if problems:
        raise ParameterError("COLUMNS: " + "; ".join(problems))
    entries = search.report.entries
    if len(entries):  # a saved mapping used or written (io.mapping): said where it lives
        said = entries["problem"].astype(str)
        for text in said[said.str.startswith(("read with the saved mapping", "saved the corr"))]:
            print(f"{text[0].upper()}{text[1:]}.")


def last_entry(search: JobSearch) -> pd.Timestamp | None:
    """The latest date the tracker holds: an application date or a dated event.

    Examples
    --------
    >>> from jobsearch_analytics.model import JobSearch
    >>> last_entry(JobSearch.from_frames(pd.DataFrame({"application_id": ["a"],
    ...     "stage": "applied", "outcome": "open", "date_applied": ["2024-05-30"]})))
    Timestamp('2024-05-30 00:00:00')
    """
    events = search.events
    dates = pd.concat(
        [
            pd.to_datetime(search.applications["date_applied"], errors="coerce"),
            pd.to_datetime(events.loc[events["date_known"].astype(bool), "date"], errors="coerce"),
        ]
    ).dropna()
    return pd.Timestamp(dates.max()).normalize() if len(dates) else None


@dataclass(frozen=True)
class AsOf:
    """The analysis date next to the tracker's last entry; see :func:`as_of`.

    Attributes
    ----------
    today : Timestamp
        The analysis date (midnight).
    last : Timestamp or None
        The tracker's last dated entry (None when nothing is dated).
    days : int or None
        ``today - last`` in days (negative when the tracker has entries after ``today``).
    note : str
        Empty when the two are close; otherwise what to do about it.
    """

    today: pd.Timestamp
    last: pd.Timestamp | None
    days: int | None
    note: str = ""

    def to_text(self) -> str:
        """The line shown at the top of a notebook, then the note (if any)."""
        last = self.last.date().isoformat() if self.last is not None else "not dated"
        head = f"As of {self.today.date().isoformat()}; the tracker's last entry is {last}."
        return head + (f"\n{self.note}" if self.note else "")

    def _repr_html_(self) -> str:
        last = self.last.date().isoformat() if self.last is not None else "none dated"
        parts = [
            f"<p><b>As of {self.today.date().isoformat()}</b> · last entry in the tracker: "
            f"<b>{last}</b></p>"
        ]
        if self.note:
            parts.append(
                "<p style='background:#fff4ce;border-left:3px solid #c19c00;"
                f"padding:.3em .6em'>{html.escape(self.note)}</p>"
            )
        return "".join(parts)


def as_of(
    search: JobSearch,
    today: Any = None,
    *,
    far: int = FAR_DAYS,
    advice: str = "pass TODAY='{date}' to see the search as of then",
    later: str = "Pass TODAY=None for the real today.",
) -> AsOf:
    """The analysis date (``today``, or the real today when None) against the file's last date.

    A note is written when they are more than ``far`` days apart (``advice`` says how to
    change the date, ``{date}`` standing for the last entry), or when the tracker has entries
    after the analysis date, which are not counted (``later`` says what to do). The defaults
    speak to a notebook's ``TODAY`` parameter; the dashboard passes its own words.

    Raises ValueError naming the accepted forms when ``today`` is not a date.

    Examples
    --------
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a"], "stage": "applied",
    ...     "outcome": "open", "date_applied": ["2024-05-30"]}))
    >>> as_of(s, "2024-06-01").note
    ''
    >>> as_of(s, "2024-05-01").note  # doctest: +NORMALIZE_WHITESPACE
    'Your tracker has entries after 2024-05-01 (the last on 2024-05-30); they are not
    counted. Pass TODAY=None for the real today.'
    >>> as_of(s, "June")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    jobsearch_analytics.widgets.notebook.ParameterError: TODAY='June' is not a date: ...
    """
    now = analysis_date(today)
    last = last_entry(search)
    days = None if last is None else int((now - last).days)
    note = ""
    if last is not None and days is not None:
        then, when = last.date().isoformat(), now.date().isoformat()
        if days > far:
            how = advice.format(date=then)
            note = f"Your tracker's last entry is {then}, {days} days before {when}; {how}."
        elif days < 0:
            note = (
                f"Your tracker has entries after {when} (the last on {then}); they are not "
                f"counted. {later}"
            )
    return AsOf(today=now, last=last, days=days, note=note)


def analysis_date(today: Any) -> pd.Timestamp:
    """``today`` as a date (midnight): None is the real today; text must be ISO
    (``2024-06-01``), as pandas would read 'June' as the year 1.

    Raises ValueError naming the accepted forms.

    Examples
    --------
    >>> analysis_date("2024-06-01 13:05"), analysis_date(None) == pd.Timestamp(dt.date.today())
    (Timestamp('2024-06-01 00:00:00'), True)
    """
    if today is None:
        return pd.Timestamp(dt.date.today())
    stamp = pd.NaT
    if isinstance(today, dt.date | pd.Timestamp):
        stamp = pd.Timestamp(today)
    elif isinstance(today, str) and _ISO.match(today.strip()):
        with contextlib.suppress(ValueError):
            stamp = pd.Timestamp(today.strip())
    if pd.isna(stamp):
        raise ParameterError(
            f'TODAY={today!r} is not a date: write it as "YYYY-MM-DD" (e.g. "2024-06-01"), '
            "or None for the real today"
        )
    return stamp.normalize()


def _column_format(name: str, column: pd.Series, shares: bool) -> str | None:
    key = str(name).lower()
    if pd.api.types.is_bool_dtype(column) or column.dtype == object:
        return None
    if pd.api.types.is_datetime64_any_dtype(column):
        return "{:%Y-%m-%d}"
    if not pd.api.types.is_numeric_dtype(column):
        return None
    if key in _SHARES or (key in INTERVAL_COLUMNS and shares):
        return "{:.1%}" if key not in ("difference", "diff_low", "diff_high") else "{:+.1%}"
    whole = column.dropna()
    if any(word in key for word in _MONEY) or (whole == whole.round()).all():
        return "{:,.0f}"  # money, and counts (held as floats when a column has a blank)
    return "{:,.1f}"


def styled(frame: pd.DataFrame) -> Any:
    """A metric table formatted for reading (a pandas ``Styler``; the frame is not changed).

    Shares (``rate``, ``p``, ``share`` ... and interval bounds beside them) as percentages,
    money and whole numbers with thousands separators, other numbers with one decimal, dates as
    ``YYYY-MM-DD``, and blanks for missing values. ``ci_low`` / ``ci_high`` are percentages
    beside a share and plain numbers beside days (``median_days``) or a raise in %.

    Examples
    --------
    >>> t = pd.DataFrame({"n": [1200, 3], "rate": [0.075, None], "ci_low": [0.05, None],
    ...                   "salary_annual_min": [100000.0, None], "at_risk": [180.0, None]})
    >>> html_text = styled(t).to_html()
    >>> "7.5%" in html_text and "100,000" in html_text and "1,200" in html_text
    True
    >>> ">180<" in html_text, "180.0" in html_text
    (True, False)
    >>> "nan" in html_text.lower(), "100000.0" in html_text
    (False, False)
    """
    # Interval bounds are shares when they bound a share (a rate, a chance), not raise % or days.
    shares = bool({str(c) for c in frame.columns} & _ESTIMATES)
    formats = {}
    for c in frame.columns:
        spec = _column_format(str(c), frame[c], shares)
        if spec is not None:
            formats[c] = spec
    return frame.style.format(formats, na_rep="")
