"""Dates from tracker cells: real dates, Excel serials, text in many shapes, placeholders.

:func:`parse_dates` reads a whole column at once because the column decides what single values
cannot: whether ``03/04/2024`` is day-first, and which year ``Jan 5`` belongs to.

Rules, in the order they apply:

* Real date cells are kept (time of day included). Dates before 1950 or after 2100 are not
  plausible in a job search (usually a zero formatted as a date) and are ``'unparsed'``.
* Numbers, and text that is only a number, between the Excel serials of 1990-01-01 and
  2100-12-31 are Excel serial dates (``'serial'``, with a note). The 1900 system counts from
  1899-12-30, which absorbs Excel's fictitious 1900-02-29; ``epoch_1904=True`` counts from
  1904-01-01 (old Mac workbooks). ``20240130`` (eight digits) reads as YYYYMMDD.
* ``YYYY-MM-DD``, ``YYYY/M/D`` and ``YYYY.M.D`` are year-month-day, whatever ``dayfirst`` says.
* ``D.M.YYYY`` (dots, year last) is day-first, the convention everywhere dots are used; it is
  only read month-first when that is the one valid reading.
* ``A/B/YYYY``, ``A-B-YY`` and ``A/B`` are decided per column: a value whose first number is
  over 12 can only be day-first, one whose second number is over 12 only month-first. The side
  with more such values sets the convention; otherwise ``dayfirst`` (when given), else
  month-first. Values that can be read both ways and differ are ``'ambiguous'``; values that
  can only be read against the convention are parsed the one valid way and also marked
  ``'ambiguous'`` (the column disagrees with itself, so someone should look).
* Two-digit years: 00-69 are 2000-2069, 70-99 are 1970-1999.
* Month names in English, German, French and Spanish (``5 Jan 2024``, ``January 5, 2024``,
  ``5. März 2024``, ``5 mars 2024``, ``5 de marzo de 2024``, ``5-Jan``) and CJK dates
  (``2024年1月30日``, ``1月30日``). A month and a four-digit year with no day reads as the
  1st (noted).
* A time of day after the date (``7/6/23, 2:20 PM``) is kept.
* Without a year, the year that puts the date nearest the reference is used (``'no_year'``):
  ``reference`` when given, else the median of the column's dated values, else today.
* Words are placeholders with a meaning: ``'not_yet'`` (Pending, No response, TBD ...),
  ``'not_applicable'`` (N/A, -, none), ``'happened'`` (Yes, Done, ✓, x, TRUE) or
  ``'rejected'`` (Rejected, Declined ...).

Examples
--------
>>> import datetime as dt
>>> col = parse_dates(["13/02/2024", "03/04/2024", 45537, "2024-04-03", "Pending", None])
>>> [str(d.date()) if d is not pd.NaT else None for d in col.dates]
['2024-02-13', '2024-04-03', '2024-09-02', '2024-04-03', None, None]
>>> list(col.status)
['text', 'ambiguous', 'serial', 'text', 'placeholder', 'empty']
>>> col.dayfirst, col.dayfirst_reason
(True, '1 value like 13/02/2024 can only be day-first')
>>> col.meaning[4], col.notes[2]
('not_yet', 'Excel serial 45537 read as 2024-09-02')
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from jobsearch_analytics.io.values import PLACEHOLDERS, _fold, match_key, text_of

__all__ = ["DATE_STATUSES", "PLACEHOLDER_MEANINGS", "DateColumn", "parse_dates"]

#: Values of :attr:`DateColumn.status`.
DATE_STATUSES: tuple[str, ...] = (
    "date", "serial", "text", "ambiguous", "no_year", "placeholder", "empty", "unparsed",
)  # fmt: skip

#: Values of :attr:`DateColumn.meaning` for placeholders.
PLACEHOLDER_MEANINGS: tuple[str, ...] = ("not_yet", "not_applicable", "happened", "rejected")

_NOT_YET = frozenset(
    {
        "no response", "no reply", "no answer", "pending", "in progress", "tbd", "tba", "tbc",
        "waiting", "awaiting", "awaiting response", "not yet", "soon", "upcoming", "ghosted",
        "no", "n", "false", "not sent", "open", "待定", "等待", "未回复", "没回复", "ausstehend",
        "offen", "en attente", "pendiente", "en cours", "in bearbeitung", "en proceso",
        "scheduled", "to do", "todo", "not started",
    }
)  # fmt: skip
_HAPPENED = frozenset(
    {
        "interviewed", "yes", "y", "done", "sent", "✓", "✔", "✔️", "✅", "☑", "x", "true",
        "completed", "complete", "applied", "submitted", "received", "ja", "oui", "sí", "si",
        "是", "已", "已完成", "已投递", "erledigt", "fait", "hecho", "yes - no date", "happened",
        "offered", "called", "responded", "replied",
    }
)  # fmt: skip
_REJECTED = frozenset(
    {
        "rejected", "declined", "rejection", "denied", "no offer", "not selected", "absage",
        "abgelehnt", "refusé", "refusée", "refuse", "rechazado", "rechazada", "拒绝", "挂了",
        "被拒", "turned down", "not moving forward", "no thanks",
    }
)  # fmt: skip
_NOT_APPLICABLE = PLACEHOLDERS - _NOT_YET - {"?", "??", "???"} | {"not applicable", "n.v."}

_MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    (
        "jan january januar janvier enero ene jänner janner janv",
        "feb february februar fevrier fevr febrero fev",
        "mar march marz maerz mars marzo mrz",
        "apr april avril abril avr abr",
        "may mai mayo",
        "jun june juni juin junio",
        "jul july juli juillet julio juil",
        "aug august aout agosto ago",
        "sep sept september septembre septiembre setiembre set",
        "oct october oktober octobre octubre okt",
        "nov november novembre noviembre",
        "dec december dezember decembre diciembre dez dic",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _num

_WEEKDAYS = frozenset(
    {
        "mon", "monday", "tue", "tues", "tuesday", "wed", "weds", "wednesday", "thu", "thur",
        "thurs", "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday", "montag",
        "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "lundi", "mardi",
        "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "lunes", "martes", "miercoles",
        "jueves", "viernes", "sabado", "domingo",
    }
)  # fmt: skip
_FILLERS = frozenset({"de", "del", "the", "of", "le", "den", "der", "am", "on", "el"})

_TIME = re.compile(
    r"(?:,\s*|\s+|t)(?:at\s+|um\s+|à\s+)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"\s*(?:([ap])\.?\s*m\.?)?\s*(?:z|utc|gmt|[+-]\d{2}:?\d{2})?\s*$"
)
_AMPM_ONLY = re.compile(r"(?:,\s*|\s+)(\d{1,2})\s*([ap])\.?\s*m\.?\s*$")
_ISO_FAST = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?")
_YMD = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})\.?")
_DMY = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{2}|\d{4})")
_DM = re.compile(r"(\d{1,2})/(\d{1,2})")
_DM_DOT = re.compile(r"(\d{1,2})\.(\d{1,2})\.")
_CJK = re.compile(r"(?:(\d{2,4})\s*[年/.\-]\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]?")
_NUMBER = re.compile(r"[+]?\d+(?:\.\d+)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")

# Plausible window for dates in a job search, and the same window as Excel serial numbers.
_MIN_YEAR, _MAX_YEAR = 1950, 2100
_SERIAL_MIN, _SERIAL_MAX = 32874, 73415  # 1990-01-01 .. 2100-12-31 in the 1900 system
_EPOCH_1900 = pd.Timestamp("1899-12-30")
_EPOCH_1904 = pd.Timestamp("1904-01-01")
_NS = "datetime64[ns]"


@dataclass(frozen=True)
class DateColumn:
    """The parsed column: one date, status, meaning and note per input value.

    Attributes
    ----------
    dates : Series
        ``datetime64[ns]``, NaT where there is no date; same index as the input.
    status : Series
        One of :data:`DATE_STATUSES` per value.
    meaning : Series
        For placeholders, one of :data:`PLACEHOLDER_MEANINGS`; otherwise missing.
    notes : Series
        A short sentence for the load report when a value was coerced or guessed.
    dayfirst : bool or None
        The convention used for numeric ``A/B`` text (None when the column has none).
    dayfirst_reason : str
        Why that convention was chosen.
    evidence : tuple of int
        ``(day_first_only, month_first_only)``: how many values could only be read one way.
        When exactly one side is non-zero the column has settled its convention, and values
        that fit both readings are no longer in doubt.
    """

    dates: pd.Series
    status: pd.Series
    meaning: pd.Series
    notes: pd.Series
    dayfirst: bool | None
    dayfirst_reason: str
    evidence: tuple[int, int] = (0, 0)

    @property
    def settled(self) -> bool:
        """True when unambiguous values all point one way (and at least one does)."""
        return (self.evidence[0] > 0) != (self.evidence[1] > 0)


# A parsed value before the column-level decisions. kind is one of
#   'fixed'  -> (kind, Timestamp, status, note)
#   'dm'     -> (kind, a, b, year|None, time, dotted)   numbers still to be ordered
#   'md'     -> (kind, month, day, time)                 month and day known, year missing
#   'ph'     -> (kind, meaning)
#   'bad'    -> (kind, note)
_Parsed = tuple


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _stamp(year: int, month: int, day: int, time: tuple[int, int, int] | None) -> pd.Timestamp:
    h, m, s = time or (0, 0, 0)
    return pd.Timestamp(year, month, day, h, m, s)


def _year(y: int) -> int:
    if y >= 100:
        return y
    return 2000 + y if y < 70 else 1900 + y


def _split_time(text: str) -> tuple[str, tuple[int, int, int] | None, bool]:
    """Remove a trailing time of day; return (rest, time, ok)."""
    m = _TIME.search(text)
    if m is None:
        m2 = _AMPM_ONLY.search(text)
        if m2 is None:
            return text, None, True
        h, ap = int(m2.group(1)), m2.group(2)
        if not 1 <= h <= 12:
            return text, None, False
        return text[: m2.start()], ((h % 12) + (12 if ap == "p" else 0), 0, 0), True
    h, mi, s = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    ap = m.group(4)
    if ap:
        if not 1 <= h <= 12:
            return text, None, False
        h = (h % 12) + (12 if ap == "p" else 0)
    if h > 23 or mi > 59 or s > 59:
        return text, None, False
    return text[: m.start()].rstrip(" ,"), (h, mi, s), True


def _from_serial(number: float, epoch_1904: bool, source: str) -> _Parsed:
    low, high = (
        (_SERIAL_MIN - 1462, _SERIAL_MAX - 1462) if epoch_1904 else (_SERIAL_MIN, _SERIAL_MAX)
    )
    if low <= number <= high:
        epoch = _EPOCH_1904 if epoch_1904 else _EPOCH_1900
        stamp = (epoch + pd.to_timedelta(number, unit="D")).round("s")
        shown = stamp.strftime("%Y-%m-%d") if stamp == stamp.normalize() else str(stamp)
        system = " (1904 date system)" if epoch_1904 else ""
        return ("fixed", stamp, "serial", f"Excel serial {source} read as {shown}{system}")
    if 19000101 <= number <= 21001231 and float(number).is_integer():
        m = _COMPACT.fullmatch(str(int(number)))
        if m and _valid(int(m[1]), int(m[2]), int(m[3])) and int(m[1]) >= _MIN_YEAR:
            stamp = pd.Timestamp(int(m[1]), int(m[2]), int(m[3]))
            return ("fixed", stamp, "text", f"{source} read as YYYYMMDD: {stamp.date()}")
    return ("bad", f"the number {source} is not a plausible date")


def _month_words(key: str) -> _Parsed | None:
    """Dates written with a month name; ``key`` is folded (no accents, lower case)."""
    text = re.sub(r"(\d)(?:st|nd|rd|th|er|eme|º|°|o)\b", r"\1", key)
    tokens = [t for t in re.split(r"[\s,/\-]+|(?<=[a-z])\.|(?<=\d)\.", text) if t]
    month = None
    numbers: list[str] = []
    for tok in tokens:
        tok = tok.strip(".")
        if not tok:
            continue
        if tok in _MONTHS and month is None:
            month = _MONTHS[tok]
        elif tok.isdigit() or (tok.startswith("'") and tok[1:].isdigit()):
            numbers.append(tok)
        elif tok in _WEEKDAYS or tok in _FILLERS:
            continue
        else:
            return None
    if month is None or not 1 <= len(numbers) <= 2:
        return None
    day = year = None
    for tok in numbers:
        if tok.startswith("'"):
            year = _year(int(tok[1:]))
        elif len(tok) == 4:
            year = int(tok)
        elif day is None and len(tok) <= 2:
            day = int(tok)
        elif year is None and len(tok) <= 2:
            year = _year(int(tok))
        else:
            return None
    return ("words", month, day, year)


def _parse_text(raw: str, epoch_1904: bool) -> _Parsed:
    key = match_key(raw)
    if key in _REJECTED:
        return ("ph", "rejected")
    if key in _NOT_YET:
        return ("ph", "not_yet")
    if key in _HAPPENED:
        return ("ph", "happened")
    if key in _NOT_APPLICABLE or key in PLACEHOLDERS:
        return ("ph", "not_applicable")
    if _NUMBER.fullmatch(key):
        return _from_serial(float(key), epoch_1904, key)
    folded = _fold(key)
    rest, time, ok = _split_time(folded)
    if not ok:
        return ("bad", f"could not read {raw.strip()!r} as a date")
    rest = rest.strip().rstrip(",")
    m = _YMD.fullmatch(rest)
    if m:
        y, mo, d = int(m[1]), int(m[3]), int(m[4])
        if _valid(y, mo, d):
            return ("fixed", _stamp(y, mo, d, time), "text", None)
        return ("bad", f"{raw.strip()!r} is not a valid year-month-day date")
    m = _DMY.fullmatch(rest)
    if m:
        return ("dm", int(m[1]), int(m[3]), _year(int(m[4])), time, m[2] == ".")
    m = _DM.fullmatch(rest)
    if m:
        return ("dm", int(m[1]), int(m[2]), None, time, False)
    m = _DM_DOT.fullmatch(rest)
    if m:
        return ("dm", int(m[1]), int(m[2]), None, time, True)
    m = _CJK.fullmatch(rest)
    if m:
        mo, d = int(m[2]), int(m[3])
        if m[1]:
            y = _year(int(m[1]))
            if _valid(y, mo, d):
                return ("fixed", _stamp(y, mo, d, time), "text", None)
        elif _valid(2000, mo, d):
            return ("md", mo, d, time)
        return ("bad", f"{raw.strip()!r} is not a valid date")
    words = _month_words(rest)
    if words is not None:
        _, mo, d, y = words
        if d is None:
            if y is None:
                return ("bad", f"{raw.strip()!r} names a month but no day or year")
            return ("fixed", _stamp(y, mo, 1, time), "text",
                    f"{raw.strip()!r} has no day; read as the 1st")  # fmt: skip
        if y is None:
            if _valid(2000, mo, d):
                return ("md", mo, d, time)
        elif _valid(y, mo, d):
            return ("fixed", _stamp(y, mo, d, time), "text", None)
        return ("bad", f"{raw.strip()!r} is not a valid date")
    try:
        # Last resort for full timestamps with zones and the like; ISO order only.
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}[t ][\d:.]+(?:z|[+-]\d{2}:?\d{2})?", folded):
            stamp = pd.Timestamp(folded.upper())
            if stamp.tzinfo is not None:
                stamp = stamp.tz_localize(None)
            return ("fixed", stamp, "text", None)
    except (ValueError, OverflowError):
        pass
    return ("bad", f"could not read {raw.strip()!r} as a date")


def _classify(value: Any, epoch_1904: bool) -> _Parsed:
    """Parse one non-fast-path value into a provisional result (never raises)."""
    try:
        if isinstance(value, bool | np.bool_):
            return ("ph", "happened" if value else "not_yet")
        if isinstance(value, dt.time):
            return ("bad", f"time of day {value} without a date")
        if isinstance(value, dt.date | np.datetime64):
            stamp = pd.Timestamp(value)
            if stamp is pd.NaT:
                return ("empty",)
            if stamp.tzinfo is not None:
                stamp = stamp.tz_localize(None)
            if not _MIN_YEAR <= stamp.year <= _MAX_YEAR:
                return ("bad", f"date {stamp.date()} is outside {_MIN_YEAR}-{_MAX_YEAR}; "
                               "probably an empty cell formatted as a date")  # fmt: skip
            return ("fixed", stamp, "date", None)
        if isinstance(value, int | float | np.integer | np.floating):
            number = float(value)
            if math.isnan(number):
                return ("empty",)
            if math.isinf(number):
                return ("bad", "an infinite number is not a date")
            return _from_serial(number, epoch_1904, text_of(number) or "")
        text = text_of(value)
        if text is None:
            return ("empty",)
        return _parse_text(text, epoch_1904)
    except (ValueError, OverflowError, TypeError) as exc:  # pragma: no cover - defensive
        return ("bad", f"could not read {value!r} as a date ({exc})")


def _nearest_year(month: int, day: int, anchor: pd.Timestamp) -> int:
    best = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        if _valid(year, month, day):
            gap = abs((pd.Timestamp(year, month, day) - anchor).days)
            if best is None or gap < best[0]:
                best = (gap, year)
    return best[1] if best else anchor.year


def _as_series(values: Any) -> pd.Series:
    if isinstance(values, pd.Series):
        return values
    if isinstance(values, pd.Index):
        return pd.Series(values, index=pd.RangeIndex(len(values)))
    return pd.Series(list(values), dtype=object)


def parse_dates(
    values: Any,
    *,
    dayfirst: bool | None = None,
    reference: pd.Timestamp | None = None,
    epoch_1904: bool = False,
) -> DateColumn:
    """Parse a column of date cells (see the module docstring for the rules).

    Parameters
    ----------
    values : Series or iterable
        Cells as read: dates, datetimes, numbers, text, booleans, ``None``/NaN.
    dayfirst : bool, optional
        Convention for numeric text the column cannot decide (``03/04/2024``). Values that
        can only be read one way are still read that way.
    reference : Timestamp, optional
        Anchor for dates written without a year; by default the median of the column's dates.
    epoch_1904 : bool
        The workbook uses the 1904 date system.

    Returns
    -------
    DateColumn
        Dates, status, meaning and notes with the input's index, and the convention used.

    Examples
    --------
    >>> col = parse_dates(["7/6/23, 2:20 PM", "5-Jan", "2024年1月30日", "5 de marzo de 2024"],
    ...                   reference=pd.Timestamp("2023-12-01"))
    >>> [str(d) for d in col.dates]
    ['2023-07-06 14:20:00', '2024-01-05 00:00:00', '2024-01-30 00:00:00', '2024-03-05 00:00:00']
    >>> list(col.status), col.dayfirst
    (['ambiguous', 'no_year', 'text', 'text'], False)
    """
    series = _as_series(values)
    out = _Columns.empty(series.index)
    if isinstance(series.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(
        series.dtype
    ):
        _datetime_column(series, out)
        return out.result(None, "no day/month text in this column")
    arr = series.to_numpy(dtype=object)
    slow = _fast_path(arr, out)
    pending_dm, pending_md = _write_parsed(_parse_distinct(arr, slow, epoch_1904), arr, out)
    conv = _Convention.of(pending_dm, arr, dayfirst)
    pending_md += _resolve_day_month(pending_dm, arr, conv, out)
    if pending_md:
        _resolve_no_year(pending_md, out, reference)
    return out.result(conv.dayfirst, conv.reason, (conv.votes[True], conv.votes[False]))


@dataclass
class _Columns:
    """The four result columns being filled, by position."""

    index: pd.Index
    dates: np.ndarray
    status: np.ndarray
    meaning: np.ndarray
    notes: np.ndarray

    @classmethod
    def empty(cls, index: pd.Index) -> _Columns:
        n = len(index)
        return cls(
            index,
            np.full(n, np.datetime64("NaT"), dtype=_NS),
            np.full(n, "empty", dtype=object),
            np.full(n, None, dtype=object),
            np.full(n, None, dtype=object),
        )

    def result(
        self, df: bool | None, reason: str, evidence: tuple[int, int] = (0, 0)
    ) -> DateColumn:
        return DateColumn(
            dates=pd.Series(self.dates, index=self.index, dtype=_NS),
            status=pd.Series(self.status, index=self.index, dtype="str"),
            meaning=pd.Series(self.meaning, index=self.index, dtype="str"),
            notes=pd.Series(self.notes, index=self.index, dtype="str"),
            dayfirst=df,
            dayfirst_reason=reason,
            evidence=evidence,
        )


def _datetime_column(series: pd.Series, out: _Columns) -> None:
    """A column that is already datetimes: only the year range is checked."""
    s = series
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        s = s.dt.tz_localize(None)
    years = s.dt.year
    good = s.notna() & years.between(_MIN_YEAR, _MAX_YEAR)
    bad = s.notna() & ~good
    out.dates[good.to_numpy()] = s[good].astype(_NS).to_numpy()
    out.status[good.to_numpy()] = "date"
    out.status[bad.to_numpy()] = "unparsed"
    for pos in np.flatnonzero(bad.to_numpy()):
        out.notes[pos] = f"date {s.iloc[pos].date()} is outside {_MIN_YEAR}-{_MAX_YEAR}"


def _fast_path(arr: np.ndarray, out: _Columns) -> np.ndarray:
    """ISO text and naive datetimes, nearly every cell of a machine export, read in bulk;
    returns the mask of the cells left for the slow path."""
    n = len(arr)
    is_dt = np.fromiter(
        (type(v) is dt.datetime or type(v) is pd.Timestamp for v in arr), dtype=bool, count=n
    )
    is_iso = np.fromiter(
        (type(v) is str and _ISO_FAST.fullmatch(v) is not None for v in arr),
        dtype=bool,
        count=n,
    )
    for mask in (is_dt, is_iso):
        if not mask.any():
            continue
        try:
            if mask is is_iso:
                parsed = pd.to_datetime(
                    pd.Series(arr[mask], dtype="str"), format="ISO8601", errors="coerce"
                )
            else:
                parsed = pd.to_datetime(pd.Series(arr[mask], dtype=object), errors="coerce")
        except (ValueError, TypeError, OverflowError):
            parsed = None
        if parsed is None or isinstance(parsed.dtype, pd.DatetimeTZDtype):
            # Time zones and the like: the slow path copes value by value.
            mask[:] = False
            continue
        years = parsed.dt.year.to_numpy()
        ok = parsed.notna().to_numpy() & (years >= _MIN_YEAR) & (years <= _MAX_YEAR)
        positions = np.flatnonzero(mask)[ok]
        out.dates[positions] = parsed[ok].astype(_NS).to_numpy()
        out.status[positions] = "date" if mask is is_dt else "text"
        mask[np.flatnonzero(mask)[~ok]] = False  # leave the rest to the slow path
    return ~(is_dt | is_iso)


def _parse_distinct(
    arr: np.ndarray, slow: np.ndarray, epoch_1904: bool
) -> list[tuple[np.ndarray, _Parsed]]:
    """Each distinct value left for the slow path parsed once, with all its positions:
    trackers repeat the same few hundred dates."""
    groups: dict[Any, list[int]] = {}
    unhashable: list[int] = []
    for pos in np.flatnonzero(slow):
        v = arr[pos]
        if v is None or (type(v) is float and v != v):
            continue  # already 'empty'
        try:
            groups.setdefault((type(v), v), []).append(pos)
        except TypeError:
            unhashable.append(pos)
    parsed_at: list[tuple[np.ndarray, _Parsed]] = [
        (np.asarray(where), _classify(arr[where[0]], epoch_1904)) for where in groups.values()
    ]
    parsed_at += [(np.asarray([pos]), _classify(arr[pos], epoch_1904)) for pos in unhashable]
    return parsed_at


_PendingMD = tuple[np.ndarray, int, int, Any, "str | None"]


def _write_parsed(
    parsed_at: list[tuple[np.ndarray, _Parsed]], arr: np.ndarray, out: _Columns
) -> tuple[list[tuple[np.ndarray, _Parsed]], list[_PendingMD]]:
    """Write what needs no convention; return the day/month values still to decide and the
    month/day values still missing a year."""
    pending_dm: list[tuple[np.ndarray, _Parsed]] = []
    pending_md: list[_PendingMD] = []
    for pos, p in parsed_at:
        kind = p[0]
        if kind == "fixed" and not _MIN_YEAR <= p[1].year <= _MAX_YEAR:
            out.status[pos] = "unparsed"
            out.notes[pos] = f"{text_of(arr[pos[0]])!r} is outside {_MIN_YEAR}-{_MAX_YEAR}"
        elif kind == "fixed":
            out.dates[pos] = p[1].to_datetime64()
            out.status[pos] = p[2]
            out.notes[pos] = p[3]
        elif kind == "ph":
            out.status[pos] = "placeholder"
            out.meaning[pos] = p[1]
        elif kind == "bad":
            out.status[pos] = "unparsed"
            out.notes[pos] = p[1]
        elif kind == "dm":
            pending_dm.append((pos, p))
        elif kind == "md":
            pending_md.append((pos, p[1], p[2], p[3], None))
    return pending_dm, pending_md


def _plural(k: int) -> str:
    return f"{k} value{'s' if k != 1 else ''}"


@dataclass(frozen=True)
class _Convention:
    """The column's day/month convention: ``convention`` (True: day-first) applied to values
    that fit both ways, ``how`` it was decided ('given', 'inferred', 'default'), the votes of
    the values that fit only one way, and what :class:`DateColumn` reports (``dayfirst`` is
    None when no value needed a convention)."""

    convention: bool
    how: str
    votes: Counter
    dayfirst: bool | None
    reason: str

    @classmethod
    def of(
        cls, pending_dm: list[tuple[np.ndarray, _Parsed]], arr: np.ndarray, dayfirst: bool | None
    ) -> _Convention:
        # Day-first evidence: only slash/dash values vote; dotted values follow their own rule.
        votes: Counter = Counter()
        example = {}
        for pos, (_, a, b, _y, _t, dotted) in pending_dm:
            if dotted:
                continue
            if a > 12 and 1 <= b <= 12:
                votes[True] += len(pos)
                example.setdefault(True, text_of(arr[pos[0]]))
            elif b > 12 and 1 <= a <= 12:
                votes[False] += len(pos)
                example.setdefault(False, text_of(arr[pos[0]]))
        if dayfirst is not None:
            convention, how, reason = bool(dayfirst), "given", "given"
        elif votes[True] != votes[False]:
            convention = votes[True] > votes[False]
            how = "inferred"
            reason = "; ".join(
                f"{_plural(votes[side])} like {example[side]} can only be "
                f"{'day' if side else 'month'}-first"
                for side in (convention, not convention)
                if votes[side]
            )
        else:
            convention, how = False, "default"
            if votes[True]:
                reason = (f"{_plural(votes[True])} can only be day-first and as many only "
                          "month-first; month-first by default")  # fmt: skip
            else:
                reason = "no value decides; month-first by default"
        if not any(not p[5] for _, p in pending_dm):
            reason = "no day/month text in this column" if dayfirst is None else "given"
            return cls(convention, how, votes, None, reason)
        return cls(convention, how, votes, convention, reason)

    def ambiguity_note(self) -> str:
        """The note of a value that fits both ways and was read by the convention."""
        word = "day-first" if self.convention else "month-first"
        if self.how == "given":
            return f"day and month ambiguous; read {word} as given"
        if self.how == "inferred":
            agree = self.votes[self.convention]
            return (f"day and month ambiguous; read {word} like {agree} other "
                    f"value{'s' if agree != 1 else ''} in this column")  # fmt: skip
        return f"day and month ambiguous; read {word} (nothing in the column decides)"


def _resolve_day_month(
    pending_dm: list[tuple[np.ndarray, _Parsed]],
    arr: np.ndarray,
    conv: _Convention,
    out: _Columns,
) -> list[_PendingMD]:
    """Numeric day/month values read by the convention (or the only way they fit); returns
    those without a year, for :func:`_resolve_no_year`."""
    word = "day-first" if conv.convention else "month-first"
    no_year: list[_PendingMD] = []
    for pos, (_, a, b, y, time, dotted) in pending_dm:
        rule = True if dotted else conv.convention
        ycheck = y if y is not None else 2000
        can_df = _valid(ycheck, b, a)
        can_mf = _valid(ycheck, a, b)
        raw = text_of(arr[pos[0]])
        note = None
        status = "text"
        if y is not None and not _MIN_YEAR <= y <= _MAX_YEAR:
            out.status[pos] = "unparsed"
            out.notes[pos] = f"{raw!r} is outside {_MIN_YEAR}-{_MAX_YEAR}"
            continue
        if not (can_df or can_mf):
            out.status[pos] = "unparsed"
            out.notes[pos] = f"{raw!r} is not a valid date either way round"
            continue
        if can_df and can_mf:
            use_df = rule
            if a != b and not dotted:
                status = "ambiguous"
                note = conv.ambiguity_note()
        else:
            use_df = can_df
            if use_df != rule:
                if dotted:
                    note = f"{raw!r} can only be month-first, although dots usually mean day-first"
                elif conv.how != "default" or conv.votes[not use_df]:
                    status = "ambiguous"
                    note = (f"{raw!r} can only be {'day' if use_df else 'month'}-first, unlike "
                            f"the {word} convention of this column")  # fmt: skip
        month, day = (b, a) if use_df else (a, b)
        if y is None:
            no_year.append((pos, month, day, time, note if status == "ambiguous" else None))
            continue
        out.dates[pos] = _stamp(y, month, day, time).to_datetime64()
        out.status[pos] = status
        out.notes[pos] = note
    return no_year


def _resolve_no_year(
    pending_md: list[_PendingMD], out: _Columns, reference: pd.Timestamp | None
) -> None:
    """Dates without a year take the year that puts them nearest the anchor: the reference,
    else the median of the column's dates, else today."""
    dated = out.dates[~np.isnat(out.dates)]
    if reference is not None:
        anchor, why = pd.Timestamp(reference), "the reference date"
    elif len(dated):
        anchor = pd.Timestamp(np.sort(dated)[len(dated) // 2])
        why = "neighbouring dates"
    else:
        anchor, why = pd.Timestamp.today().normalize(), "today's date"
    for pos, month, day, time, prior in pending_md:
        year = _nearest_year(month, day, anchor)
        out.dates[pos] = _stamp(year, month, day, time).to_datetime64()
        note = f"no year; assumed {year} from {why}"
        if prior:
            out.status[pos] = "ambiguous"
            out.notes[pos] = f"{prior}; {note}"
        else:
            out.status[pos] = "no_year"
            out.notes[pos] = note
