"""What a column holds, from its values alone: the evidence a header match is checked against.

:func:`profile_column` sorts each value of a column into classes -- a date, an Excel serial
number, a yes/no, a small count, money, a URL, an e-mail, a phone number, a status word, words,
free text -- and counts them (a value may be in several: ``45000`` is a number, money and a
plausible Excel date). :data:`CONTENT` says, for each content type a field can have, which
classes support it; :func:`content_fit` is the share of a column's values that do. A header
match whose field the content contradicts (fewer than :data:`MIN_FIT` of at least
:data:`MIN_VALUES` values support it) is not assigned: words are not dates.

Examples
--------
>>> p = profile_column(["LinkedIn", "Indeed", "Company site", "LinkedIn", None])
>>> p.n, p.distinct, p.describe(WORDS)
(4, 3, 'words')
>>> content_fit(p, "date_applied"), content_fit(p, "source")
(0.0, 1.0)
>>> import datetime as dt
>>> content_fit(profile_column([dt.date(2024, 1, 5), "2024-01-09", "Jan 12", "n/a"]), "date")
1.0
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "CONTENT",
    "DATE",
    "EMAIL",
    "FLAG",
    "LONG_TEXT",
    "MIN_FIT",
    "MIN_VALUES",
    "MONEY",
    "NUMBER",
    "PHONE",
    "SERIAL",
    "SMALL_INT",
    "STATUS",
    "URL",
    "WORDS",
    "ColumnProfile",
    "content_fit",
    "field_support",
    "profile_column",
]

# Value classes, as bits (a value may be in several).
DATE = 1 << 0  #: a date cell, or text that reads as a date
SERIAL = 1 << 1  #: a whole number in Excel's date range (1990-2100)
FLAG = 1 << 2  #: yes/no, x, ✓, TRUE/FALSE, 1/0, ja/nein ...
SMALL_INT = 1 << 3  #: a whole number from 0 to 20 (a count: interviews, rounds)
NUMBER = 1 << 4  #: any number
MONEY = 1 << 5  #: an amount: >= 100, or text with a currency, "k" or a thousands group
URL = 1 << 6
EMAIL = 1 << 7
PHONE = 1 << 8
STATUS = 1 << 9  #: a status wording the status vocabulary knows exactly
WORDS = 1 << 10  #: text with letters that is no date, URL or e-mail
LONG_TEXT = 1 << 11  #: words: five or more, or over 40 characters

_NAMES = {
    DATE: "dates",
    SERIAL: "date serial numbers",
    FLAG: "yes/no",
    SMALL_INT: "small counts",
    NUMBER: "numbers",
    MONEY: "amounts",
    URL: "URLs",
    EMAIL: "e-mails",
    PHONE: "phone numbers",
    STATUS: "status words",
    WORDS: "words",
    LONG_TEXT: "free text",
}
_ANY = (1 << 12) - 1

#: Which value classes support each content type. Per field name first, then per
#: :class:`jobsearch_analytics.io.columns.Field` ``kind``; ``weak:`` entries are for a header
#: that names an attribute of the thing ("Rejection Reason"), which only dates or yes/no
#: support.
CONTENT: dict[str, int] = {
    # kinds
    "text": WORDS | STATUS | NUMBER | URL | EMAIL | PHONE | FLAG,
    "date": DATE | SERIAL,
    "flag_or_date": DATE | SERIAL | FLAG | SMALL_INT | STATUS,
    "money": MONEY,
    "salary": MONEY | NUMBER | WORDS,  # "DOE", "Competitive", "not listed" are salary text
    "status": STATUS | WORDS,
    "channel": WORDS | FLAG,
    "timeline": WORDS | DATE,
    "history": WORDS | STATUS,
    "referral": FLAG | WORDS,
    "answers": WORDS,
    "weak": DATE | SERIAL | FLAG,
    # fields whose content is narrower than their kind's
    "company": WORDS | STATUS | URL,
    "role": WORDS | STATUS,
    "location": WORDS | STATUS,
    "source": WORDS | STATUS | URL,
    "contact_name": WORDS | EMAIL | PHONE,
    "contact_email": EMAIL | WORDS,
    "contact_phone": PHONE | NUMBER,
    "url": URL | WORDS,
    "job_id": WORDS | NUMBER,
    "notes": _ANY,
    "skill_gaps": WORDS,
    "resume_version": WORDS | NUMBER | DATE,
}

#: Fewest values a column needs before its content can contradict its header.
MIN_VALUES = 3
#: Lowest share of supporting values for a field to be assigned.
MIN_FIT = 0.5

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?[\d\s().-]{7,}")
_MONEY_TEXT = re.compile(
    r"[$€£¥₹₩₽]|\b(?:usd|eur|gbp|cad|aud|chf|inr|jpy|cny|rmb|pln|try|brl|rub|krw)\b|"
    r"\d\s*[kK]\b|\d{1,3}(?:[,.\s]\d{3})+|\d{4,}|万|만|тыс"
)
_HAS_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
_LETTER_RUN = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class ColumnProfile:
    """Counts of a column's values by class.

    Attributes
    ----------
    n : int
        Values that are neither empty nor placeholders (N/A, -, TBD ...).
    placeholders : int
        Placeholder values (not counted in ``n``).
    distinct : int
        Distinct values among the ``n``.
    masks : tuple of (int, int)
        ``(class bits, count)`` pairs: how many values fell in each combination of classes.
    cells : int
        Cells that are not empty in the whole column; more than ``n + placeholders`` when
        the profile looked at a sample of them (``profile_column(..., sample=)``).
    """

    n: int
    placeholders: int
    distinct: int
    masks: tuple[tuple[int, int], ...]
    cells: int = 0

    @property
    def sampled(self) -> bool:
        """Whether the counts come from a sample of the column's cells."""
        return self.cells > self.n + self.placeholders

    def share(self, classes: int) -> float:
        """Share of the ``n`` values in any of ``classes`` (0 for an empty column)."""
        if not self.n:
            return 0.0
        return sum(c for m, c in self.masks if m & classes) / self.n

    def dominant(self) -> int:
        """The class most values fall in (0 for an empty column)."""
        counts: Counter[int] = Counter()
        for m, c in self.masks:
            for bit in _NAMES:
                if m & bit:
                    counts[bit] += c
        # Prefer the narrower class on ties (dates over numbers, status words over words).
        order = list(_NAMES)
        return max(counts, key=lambda b: (counts[b], -order.index(b)), default=0)

    def describe(self, classes: int) -> str:
        """The names of the classes in ``classes`` this column's values fall in, most
        frequent first ('dates', 'words or status words'); all of them when none occurs."""
        counts = {bit: sum(c for m, c in self.masks if m & bit) for bit in _NAMES if classes & bit}
        present = sorted((b for b in counts if counts[b]), key=lambda b: -counts[b])
        names = [_NAMES[b] for b in (present or counts)]
        return " or ".join(names) if len(names) <= 3 else ", ".join(names[:3]) + " ..."


def field_support(field: str, kind: str, *, weak: bool = False) -> int:
    """The value classes that support ``field`` (of content ``kind``).

    Examples
    --------
    >>> field_support("date_applied", "date") == DATE | SERIAL
    True
    >>> field_support("rejection_date", "flag_or_date", weak=True) == DATE | SERIAL | FLAG
    True
    """
    if weak:
        return CONTENT["weak"]
    return CONTENT.get(field, CONTENT.get(kind, _ANY))


def content_fit(profile: ColumnProfile, field: str, *, weak: bool = False) -> float:
    """Share of the column's values that support ``field``.

    Examples
    --------
    >>> content_fit(profile_column(["Yes", "No", "yes"]), "thank_you")
    1.0
    """
    from jobsearch_analytics.io.columns import FIELDS

    kind = FIELDS[field].kind if field in FIELDS else "text"
    return profile.share(field_support(field, kind, weak=weak))


def profile_column(values: Iterable[Any], *, sample: int | None = None) -> ColumnProfile:
    """Sort a column's values into classes (each distinct value looked at once).

    Examples
    --------
    >>> p = profile_column([1, 2, 0, 3, "n/a", None])
    >>> p.n, p.placeholders, p.share(SMALL_INT), p.share(FLAG)
    (4, 1, 1.0, 0.5)
    >>> profile_column(["https://x.io/jobs/1", "a@b.co"]).describe(URL | EMAIL)
    'URLs or e-mails'
    >>> p = profile_column(range(1000), sample=100)
    >>> p.n, p.cells, p.sampled
    (100, 1000, True)
    """
    filled = [v for v in values if v is not None]
    cells = len(filled)
    if sample is not None and cells > sample:
        # Evenly spread over the column: what it holds, without looking at every cell.
        filled = filled[:: -(-cells // sample)]
    # Counted in C; True and 1 count as one value (both read as yes).
    counts: Counter[Any] = Counter(filled)
    placeholders = 0
    masks: dict[int, int] = {}
    distinct = 0
    maybe_dates: list[tuple[str, int]] = []
    # The common cell types decided inline: this loop runs once per distinct value of every
    # column of every sheet loaded.
    for v, c in counts.items():
        t = type(v)
        if t is dt.datetime or t is dt.date:
            mask = DATE
        elif t is str:
            mask = _classify_text(v) if v.strip() else _EMPTY
        elif t is float and v != v:
            continue
        else:
            mask = _classify_value(v)
        if mask < 0:
            if mask == _MAYBE_DATE:
                maybe_dates.append((v, c))
            elif mask == _PLACEHOLDER:
                placeholders += c
            continue
        distinct += 1
        masks[mask] = masks.get(mask, 0) + c
    if maybe_dates:
        # One parse for the column's date-like texts (the parser's per-call cost dominates).
        dated = _dated([v for v, _ in maybe_dates])
        for (v, c), is_date in zip(maybe_dates, dated, strict=True):
            distinct += 1
            mask = DATE if is_date else _classify_text(v, dates_checked=True)
            masks[mask] = masks.get(mask, 0) + c
    n = sum(masks.values())
    return ColumnProfile(n, placeholders, distinct, tuple(masks.items()), cells)


def _classify_value(v: Any) -> int:
    """Class bits of a non-text cell."""
    if isinstance(v, bool):
        return FLAG
    if isinstance(v, dt.date):  # datetime is a date
        return DATE
    if isinstance(v, int | float):
        return _number_bits(float(v))
    return 0


def _number_bits(x: float) -> int:
    if math.isinf(x):
        return NUMBER
    bits = NUMBER
    whole = x.is_integer()
    if whole and x in (0, 1):
        bits |= FLAG
    if whole and 0 <= x <= 20:
        bits |= SMALL_INT
    if abs(x) >= 100:
        bits |= MONEY
    if whole and 32874 <= x <= 73415:
        bits |= SERIAL
    return bits


_PLACEHOLDER = -1
_MAYBE_DATE = -2
_EMPTY = -3


@functools.lru_cache(maxsize=1 << 14)
def _classify_text(text: str, dates_checked: bool = False) -> int:
    """Class bits of a text cell; -1 for a placeholder, :data:`_MAYBE_DATE` for text with
    digits that may be a date (checked for the whole column at once)."""
    # Imported here: the layout (and so this module) is imported by the isolated reader,
    # which starts without pandas; the value parsers need it.
    from jobsearch_analytics.io import values as _values

    t = text.strip()
    if _values.is_placeholder(t):
        return _PLACEHOLDER
    if _values.is_url(t):
        return URL
    if _EMAIL.fullmatch(t) or (_EMAIL.search(t) and len(t) < 60 and "<" in t):
        return EMAIL | WORDS if _LETTER.search(_EMAIL.sub("", t)) else EMAIL
    bits = 0
    if _HAS_DIGIT.search(t):
        number = _as_number(t)
        if number is not None:
            return _number_bits(number)
        if not dates_checked:
            return _MAYBE_DATE
        if _PHONE.fullmatch(t) and sum(ch.isdigit() for ch in t) >= 7:
            return PHONE
        if _MONEY_TEXT.search(t.lower()):
            bits |= MONEY
    _, state = _values.parse_flag_detail(t)
    if state in ("yes", "no") and len(t.split()) <= 3:
        bits |= FLAG
    if _LETTER.search(t):
        bits |= WORDS
        if len(t) > 40 or len(t.split()) >= 5:
            bits |= LONG_TEXT
        if len(t) <= 60 and _is_status(t):
            bits |= STATUS
    return bits


def _as_number(t: str) -> float | None:
    s = t.replace(",", "").replace(" ", "")
    try:
        x = float(s)
    except ValueError:
        return None
    return None if math.isnan(x) else x


_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T][\d:.]+)?")
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})(?:[-/.](?:\d{2}|\d{4}))?\.?")


def _numeric_date(t: str) -> bool:
    """Year-month-day or day/month(/year) in digits, with plausible numbers (the common case,
    decided without the date parser)."""
    m = _YMD.fullmatch(t)
    if m:
        return 1 <= int(m[2]) <= 12 and 1 <= int(m[3]) <= 31
    m = _DMY.fullmatch(t)
    if m:
        a, b = int(m[1]), int(m[2])
        return 1 <= a <= 31 and 1 <= b <= 31 and min(a, b) <= 12
    return False


_NEVER_IN_DATES = re.compile(r"[$€£¥₹₩₽%@()#]")


def _may_be_date(t: str) -> bool:
    """False for text no date is written as (a currency, a phone's brackets, many words)."""
    return _NEVER_IN_DATES.search(t) is None and len(_LETTER_RUN.findall(t)) <= 3


def _dated(texts: list[str]) -> list[bool]:
    """Which texts read as dates: digits-only forms by pattern, the others (month names,
    times, CJK) by the loader's date parser, in one call."""
    out = [_numeric_date(t.strip()) for t in texts]
    rest = [i for i, ok in enumerate(out) if not ok and _may_be_date(texts[i])]
    if rest:
        from jobsearch_analytics.io.dates import parse_dates

        status = parse_dates([texts[i] for i in rest]).status.tolist()
        for i, st in zip(rest, status, strict=True):
            out[i] = st in ("date", "serial", "text", "ambiguous", "no_year")
    return out


def _is_status(t: str) -> bool:
    from jobsearch_analytics.io.status import parse_status

    return parse_status(t).confidence == "exact"
