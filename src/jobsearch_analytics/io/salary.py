"""Salaries as people write them: ranges, symbols, codes, ``k``, periods, bonuses.

:func:`parse_salary` reads a posted range ("$55k-$106k", "€50.000", "$30-40/hr", "3,000-12,000
a month"); :func:`parse_money` reads a single amount such as an offer ("$120k", "120,000 + 10%
bonus"). Both return a :class:`Salary` holding the figures as written and annualised.

Rules
-----
* Annualising multiplies by :data:`ANNUAL_FACTOR`: a working year is 52 weeks of 5 days of
  8 hours (2,080 hours, 260 days), with no unpaid weeks taken off.
* The period comes from the text ("/hr", "an hour", "per month", "p.a.", "LPA", "/月" ...).
  When the text does not say, it is guessed from the size of the figure and flagged
  ``period_assumed``: under 300 an hour, under 1,000 a day, under 15,000 a month, else a year.
* ``k`` multiplies by 1,000 and ``m`` by 1,000,000; "$65-80k" applies the ``k`` to both ends
  (flag ``k_applied_to_both``). "12 LPA" / "12 lakh" is 12 × 100,000 a year; "crore" 10,000,000.
* Thousands separators: commas ("90,000"), dots ("50.000", "1.234.567"), spaces ("120 000").
  A single dot followed by exactly three digits is a thousands separator; with both a dot and a
  comma, the last one is the decimal mark.
* Currency from symbols and codes: ``$`` is USD unless ``default_currency`` is a dollar
  currency (flag ``currency_assumed`` when USD was assumed); ``CA$``/``C$`` CAD, ``A$`` AUD,
  ``£`` GBP, ``€`` EUR, ``¥`` JPY (assumed; CNY also writes ¥, and 元/RMB say CNY), ``₹``/Rs
  INR. With no currency at all, ``default_currency`` is used and flagged.
* Anything after "bonus", "+", "equity", "commission", "OTE" or "RSU" is ignored
  (``bonus_ignored``); percentages are never amounts.
* min > max is swapped (flag ``swapped``).

Equality of two :class:`Salary` values compares the money only (figures, currency, period,
status): ``flags`` and ``note`` describe how the text was read and do not take part, so
``parse_salary(format_salary(s)) == s`` for every parsed salary.

Examples
--------
>>> s = parse_salary("$65-80k")
>>> s.min, s.max, s.currency, s.period, s.flags
(65000.0, 80000.0, 'USD', 'year', ('currency_assumed', 'period_assumed', 'k_applied_to_both'))
>>> parse_salary("$30-40/hr").annual_max
83200.0
>>> format_salary(s)
'USD 65,000–80,000 a year'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from jobsearch_analytics.io.values import is_empty, match_key, text_of

__all__ = [
    "ANNUAL_FACTOR",
    "PERIODS",
    "SALARY_STATUSES",
    "Salary",
    "format_salary",
    "parse_money",
    "parse_salary",
]

#: Multiply an amount per period by this to get an annual amount (40 h × 52 weeks; 5 days ×
#: 52 weeks).
ANNUAL_FACTOR: dict[str, float] = {"year": 1, "month": 12, "week": 52, "day": 260, "hour": 2080}

#: Periods, longest first.
PERIODS: tuple[str, ...] = ("year", "month", "week", "day", "hour")

#: Values of :attr:`Salary.status`.
SALARY_STATUSES: tuple[str, ...] = ("ok", "empty", "not_listed", "unparsed")


@dataclass(frozen=True)
class Salary:
    """A salary or amount as written and annualised.

    Attributes
    ----------
    min, max : float or None
        The figures in ``period`` units (equal for a single figure).
    currency : str or None
        ISO 4217 code, None when neither written nor assumable.
    period : str or None
        One of :data:`PERIODS`.
    annual_min, annual_max : float or None
        ``min``/``max`` × :data:`ANNUAL_FACTOR` ``[period]``.
    status : str
        ``'ok'``, ``'empty'``, ``'not_listed'`` (Not listed, N/A, unknown) or ``'unparsed'``
        (text without an amount: DOE, competitive, negotiable).
    flags : tuple of str
        How the text was read (not compared by ``==``).
    note : str or None
        A sentence for the load report when something was assumed or converted (not compared).
    """

    min: float | None = None
    max: float | None = None
    currency: str | None = None
    period: str | None = None
    annual_min: float | None = None
    annual_max: float | None = None
    status: str = "empty"
    flags: tuple[str, ...] = field(default=(), compare=False)
    note: str | None = field(default=None, compare=False)


_NOT_LISTED = re.compile(
    r"^(?:not (?:listed|specified|stated|disclosed|given|posted|mentioned|shown|provided)|"
    r"n/?a|na|none|unknown|unlisted|undisclosed|no salary(?: (?:listed|info|posted))?|"
    r"-+|—|–|\?+|tbd|tba|nicht angegeben|k\.? ?a\.?|non (?:précisé|communiqué|indiqué)|"
    r"no especificado|未知|无)$"
)
_DOE = re.compile(
    r"\b(?:doe|d\.o\.e|depends on experience|depending on experience|commensurate|"
    r"based on experience|boe)\b"
)
_BONUS = re.compile(
    r"(?:\+|\bplus\b|\bbonus|\bequity\b|\bcommission|\bote\b|\brsus?\b|\bstock\b|"
    r"\bbenefits\b|\bprämie|\bprime\b|\bsign[- ]?on\b)",
    re.IGNORECASE,
)
# Currency markers, longest first so "CA$" wins over "$".
_CURRENCY_MARKS: tuple[tuple[str, str], ...] = (
    ("ca$", "CAD"), ("cad$", "CAD"), ("c$", "CAD"), ("au$", "AUD"), ("a$", "AUD"),
    ("nz$", "NZD"), ("us$", "USD"), ("hk$", "HKD"), ("s$", "SGD"), ("r$", "BRL"),
    ("mx$", "MXN"), ("£", "GBP"), ("€", "EUR"), ("₹", "INR"), ("₩", "KRW"), ("₽", "RUB"),
    ("₺", "TRY"), ("₪", "ILS"), ("₱", "PHP"), ("zł", "PLN"), ("元", "CNY"), ("円", "JPY"),
    ("万", "CNY"),
)  # fmt: skip
_CODE_TEXT = (
    "USD EUR GBP CAD AUD NZD CHF JPY CNY INR SGD HKD SEK NOK DKK PLN CZK HUF BRL MXN ZAR KRW "
    "ILS AED TRY RUB PHP TWD THB MYR IDR VND NGN KES EGP SAR QAR ARS CLP COP PEN RON BGN"
)
_CODES = frozenset(_CODE_TEXT.split())
_CURRENCY_WORDS: dict[str, str] = {
    "rmb": "CNY", "yuan": "CNY", "rs": "INR", "inr": "INR", "rupees": "INR", "rupee": "INR",
    "euro": "EUR", "euros": "EUR", "eur": "EUR", "pounds": "GBP", "pound": "GBP", "gbp": "GBP",
    "yen": "JPY", "dollars": "USD", "dollar": "USD", "chf": "CHF", "fr": "CHF",
}  # fmt: skip
_COMMON_CODES = frozenset(_CODE_TEXT.split()[:16])
_DOLLARS = frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN"})

_PERIOD_PATTERNS: tuple[tuple[str, str], ...] = (
    ("hour", r"/\s*h(?:ou)?r?s?\b|\bper\s+h(?:ou)?r\b|\ban?\s+hour\b|\bhourly\b|\bp/?h\b|"
             r"\bph\b|/\s*std\b|\bstunde|\bde l'heure\b|\bpor hora\b|/小时|时薪"),
    ("day", r"/\s*d(?:ay)?\b|\bper\s+day\b|\ba\s+day\b|\bdaily\b|\bday\s*rate\b|\bp/?d\b|"
            r"\bpro tag\b|\bpar jour\b|\bpor d[ií]a\b|/天|日薪"),
    ("week", r"/\s*w(?:ee)?k\b|\bper\s+week\b|\ba\s+week\b|\bweekly\b|\bp/?w\b|/周|周薪"),
    ("month", r"/\s*mo(?:nth)?s?\b|/\s*mth\b|\bper\s+month\b|\ba\s+month\b|\bmonthly\b|"
              r"\bpcm\b|\bp\.?\s?m\.?(?=$|\s)|\bmensuel|\bmonatlich|\bpro monat\b|"
              r"\bal mes\b|\bpor mes\b|\bmensual|/\s*mes\b|/月|月薪|每月|\bmois\b"),
    ("year", r"/\s*y(?:ea)?r\b|/\s*an(?:num)?\b|\bper\s+(?:year|annum)\b|\ba\s+year\b|"
             r"\bannual(?:ly)?\b|\byearly\b|\bp\.?\s?a\.?(?=$|\s)|\bpa\b|\blpa\b|\bjahr|"
             r"\bjährlich|\bpar an\b|\banual|/年|年薪|\bal año\b|\bpor año\b|"
             r"/\s*año\b|\bpro jahr\b|\bpar année\b|\bannuel"),
)  # fmt: skip
_PERIOD_RE = tuple((name, re.compile(rx)) for name, rx in _PERIOD_PATTERNS)

# One amount: digits with separators, an optional multiplier word or letter.
_AMOUNT = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[,.\u00a0 ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?!\d)"
    r"\s*(k|m|mn|mio|million|lakhs?|lacs?|lpa|l|crores?|cr|千|万)?(?![a-z])",
    re.IGNORECASE,
)
_RANGE_SEP = re.compile(
    r"^\s*(?:-|–|—|~|to|bis|à|a|hasta|and|und|et|y|至|到)\s*$", re.IGNORECASE
)  # fmt: skip
_CODE_WORDS = re.compile(r"\b(?:" + "|".join(c.lower() for c in sorted(_CODES)) + r")\b")
_MULTIPLIER = {
    "k": 1e3, "千": 1e3, "m": 1e6, "mn": 1e6, "mio": 1e6, "million": 1e6, "万": 1e4,
    "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "lacs": 1e5, "lpa": 1e5, "l": 1e5,
    "crore": 1e7, "crores": 1e7, "cr": 1e7,
}  # fmt: skip


# One-sided figures: "100k+", "from $80k", "at least 90k" (a floor); "up to $150k" (a ceiling).
_PLUS_FLOOR = re.compile(
    r"(\d[\d,.\u00a0]*\s*(?:k|m|mn|mio|million)?)\s*\+(?!\s*(?:[a-z]*\s*)?(?:bonus|equity|"
    r"commission|benefits|stock|rsus?|ote|\d|plus))",
    re.IGNORECASE,
)
_FLOOR_WORDS = re.compile(
    r"^\W*(?:from|at least|starting(?:\s+(?:at|from))?|min(?:imum)?\.?(?:\s+of)?|no less than|"
    r"ab|mindestens|à partir de|a partir de|desde|minimo|mínimo)\b",
    re.IGNORECASE,
)
_CEILING_WORDS = re.compile(
    r"^\W*(?:up\s*to|max(?:imum)?\.?(?:\s+of)?|no more than|under|bis zu|jusqu'à|jusqu'a|"
    r"hasta|máximo|maximo)\b",
    re.IGNORECASE,
)


def _one_side(text: str) -> tuple[str, str | None]:
    """``(text, side)``: ``'floor'`` for "100k+", "from", "at least"; ``'ceiling'`` for "up
    to", "max"; the '+' of a floor taken out of the text so it is not read as a bonus.

    Examples
    --------
    >>> _one_side("$100k+"), _one_side("up to $150k")[1], _one_side("$80k + bonus")[1]
    (('$100k', 'floor'), 'ceiling', None)
    """
    m = _PLUS_FLOOR.search(text)
    if m is not None:
        return text[: m.end(1)] + text[m.end() :], "floor"
    if _FLOOR_WORDS.search(text):
        return text, "floor"
    if _CEILING_WORDS.search(text):
        return text, "ceiling"
    return text, None


def _number(token: str) -> float | None:
    t = token.replace("\u00a0", " ").replace(" ", "")
    if "," in t and "." in t:
        dec = "," if t.rfind(",") > t.rfind(".") else "."
        thou = "." if dec == "," else ","
        t = t.replace(thou, "").replace(dec, ".")
    elif "," in t:
        groups = t.split(",")
        if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]):
            t = t.replace(",", "")
        elif len(groups) == 2:
            t = t.replace(",", ".")
        else:
            return None
    elif "." in t:
        groups = t.split(".")
        if len(groups) > 2:
            if not all(len(g) == 3 for g in groups[1:]):
                return None
            t = t.replace(".", "")
        elif len(groups[1]) == 3:
            t = t.replace(".", "")
    try:
        return float(t)
    except ValueError:
        return None


def _find_currency(text: str, key: str, default: str | None) -> tuple[str | None, list[str]]:
    """Return the currency and any sentences about how it was decided."""
    for mark, code in _CURRENCY_MARKS:
        if mark in key:
            return code, []
    for code in re.findall(r"(?<![A-Za-z])[A-Za-z]{3}(?![A-Za-z])", text):
        # Lower-case words such as "try" or "pen" are words; only common codes count in any case.
        if code.upper() in _CODES and (code.isupper() or code.upper() in _COMMON_CODES):
            return code.upper(), []
    for word in re.findall(r"[a-z]+", key):
        if word in _CURRENCY_WORDS:
            return _CURRENCY_WORDS[word], []
    if "¥" in key or "￥" in key:
        if default in ("JPY", "CNY"):
            return default, []
        return "JPY", ["¥ read as JPY (CNY also writes ¥)"]
    if "$" in key:
        if default in _DOLLARS:
            return default, []
        return "USD", ["$ read as USD"]
    if default:
        return default, [f"no currency written; used {default}"]
    return None, []


def _guess_period(amount: float) -> str:
    if amount < 300:
        return "hour"
    if amount < 1000:
        return "day"
    if amount < 15000:
        return "month"
    return "year"


def _annual(value: float | None, period: str | None) -> float | None:
    if value is None or period is None:
        return None
    return value * ANNUAL_FACTOR[period]


def _parse(value: Any, default_currency: str | None, single: bool) -> Salary:
    if is_empty(value):
        return Salary(status="empty")
    if isinstance(value, bool):
        return Salary(status="unparsed", note=f"{value} is not an amount")
    flags: list[str] = []
    notes: list[str] = []
    if isinstance(value, int | float):
        read = _read_number(value, default_currency, flags, notes)
    else:
        read = _read_text(value, default_currency, flags, notes)
    if isinstance(read, Salary):
        return read
    amounts, period, currency = read
    return _finish(amounts, period, currency, single, flags, notes)


_Read = tuple[list[float], "str | None", "str | None"]


def _read_number(
    value: float, default_currency: str | None, flags: list[str], notes: list[str]
) -> _Read | Salary:
    """A number cell: one amount, no period, the default currency (reported)."""
    amount = float(value)
    if not math.isfinite(amount) or amount < 0:
        return Salary(status="unparsed", note=f"{value!r} is not an amount")
    if default_currency:
        flags.append("currency_assumed")
        notes.append(f"no currency written; used {default_currency}")
    return [amount], None, default_currency


def _read_text(
    value: Any, default_currency: str | None, flags: list[str], notes: list[str]
) -> _Read | Salary:
    """A text cell: "not listed", or the amounts (a range or one figure) of its part before
    any bonus, their currency and period."""
    text = text_of(value) or ""
    key = match_key(text)
    if _NOT_LISTED.match(key.strip(" .!")):
        return Salary(status="not_listed")
    text, side = _one_side(text)
    if side is not None:
        flags.append(f"one_sided_{side}")
    doe = bool(_DOE.search(key))
    if doe:
        flags.append("depends_on_experience")
    cut = _BONUS.search(text)
    body = text
    if cut is not None and cut.start() > 0 and re.search(r"\d", text[: cut.start()]):
        body = text[: cut.start()]
        flags.append("bonus_ignored")
        notes.append(f"ignored {text[cut.start() :].strip()!r}")
    # "120000EUR" -> "120000 eur", so the amount and the code are separate words.
    body_key = re.sub(r"(\d)([^\W\d_]{2,})", r"\1 \2", match_key(body))
    currency, why = _find_currency(body, body_key, default_currency)
    if why:
        flags.append("currency_assumed")
        notes.extend(why)
    picked = _picked_amounts(body_key)
    if not picked:
        note = "no amount found" + ("; depends on experience" if doe else "")
        return Salary(status="unparsed", flags=tuple(flags), note=note)
    mults = [p[1] for p in picked]
    amounts = _scaled(picked, flags, notes)
    period = next((name for name, rx in _PERIOD_RE if rx.search(body_key)), None)
    if any(m in ("lpa", "lakh", "lakhs", "lac", "lacs", "l", "crore", "crores", "cr")
           for m in mults) and currency is None:  # fmt: skip
        currency = "INR"
        flags.append("currency_assumed")
        notes.append("lakh/crore figures read as INR")
    if any(m == "lpa" for m in mults):
        period = "year"
    return amounts, period, currency


def _picked_amounts(body_key: str) -> list[tuple[float, str | None, int, int]]:
    """(number, multiplier, start, end) of the salary's amounts: two joined by a dash or a
    word make a range; otherwise the first amount. Percentages are not amounts."""
    found: list[tuple[float, str | None, int, int]] = []
    for m in _AMOUNT.finditer(body_key):
        after = body_key[m.end() :].lstrip()
        if after.startswith("%"):
            continue
        number = _number(m.group(1))
        if number is None:
            continue
        found.append((number, (m.group(2) or "").lower() or None, m.start(), m.end()))
    if len(found) >= 2:
        between = body_key[found[0][3] : found[1][2]]
        between = re.sub(r"[^\w\s\-–—~至到]", "", between)
        between = re.sub(_CODE_WORDS, "", between)
        if _RANGE_SEP.match(between) or between.strip() == "":
            return found[:2]
    return found[:1]


def _scaled(
    picked: list[tuple[float, str | None, int, int]], flags: list[str], notes: list[str]
) -> list[float]:
    """Amounts times their multipliers; "80-100k" applies the k to both figures."""
    mults = [p[1] for p in picked]
    amounts = []
    for i, (number, mult, _, _) in enumerate(picked):
        factor = _MULTIPLIER.get(mult or "", 1.0)
        if mult is None and len(picked) == 2 and i == 0 and mults[1] is not None:
            other = picked[1][0] * _MULTIPLIER[mults[1]]
            if number * _MULTIPLIER[mults[1]] <= other * 1.0001 and number < 1000:
                factor = _MULTIPLIER[mults[1]]
                flags.append("k_applied_to_both")
                notes.append(f"'{mults[1]}' applied to both figures")
        amounts.append(number * factor)
    return amounts


_FLAG_ORDER = [
    "currency_assumed", "period_assumed", "k_applied_to_both", "single_value", "range",
    "lower_bound_only", "upper_bound_only",
    "swapped", "bonus_ignored", "depends_on_experience", "annualised_from_hour",
    "annualised_from_day", "annualised_from_week", "annualised_from_month",
]  # fmt: skip


def _finish(
    amounts: list[float],
    period: str | None,
    currency: str | None,
    single: bool,
    flags: list[str],
    notes: list[str],
) -> Salary:
    """The period guessed when not written, a single figure made a range of one, the ends in
    order, and the figures annualised."""
    if period is None:
        period = _guess_period(max(a for a in amounts if not math.isnan(a)))
        flags.append("period_assumed")
        adjective = {"hour": "an hourly", "day": "a daily", "month": "a monthly"}.get(
            period, "a yearly"
        )
        notes.append(f"no period written; {amounts[0]:,.0f} looks like {adjective} figure")
    side = next((f for f in flags if f.startswith("one_sided_")), None)
    if side is not None:
        flags.remove(side)
    if len(amounts) == 1 and side is not None and not single:
        floor = side == "one_sided_floor"
        flags.append("lower_bound_only" if floor else "upper_bound_only")
        notes.append(
            f"{'a floor' if floor else 'a ceiling'} only: "
            f"{'no upper' if floor else 'no lower'} end written"
        )
        amounts = [amounts[0], float("nan")] if floor else [float("nan"), amounts[0]]
    elif len(amounts) == 1:
        amounts = [amounts[0], amounts[0]]
        if not single:
            flags.append("single_value")
    elif single:
        flags.append("range")
        notes.append("a range where one amount was expected; both ends kept")
    low, high = amounts
    if math.isnan(low) or math.isnan(high):
        low, high = (None if math.isnan(low) else low), (None if math.isnan(high) else high)
    elif low > high:
        low, high = high, low
        flags.append("swapped")
        notes.append("the larger figure came first; swapped")
    if period != "year":
        flags.append(f"annualised_from_{period}")
        notes.append(
            f"annualised from per {period} × {ANNUAL_FACTOR[period]:g}"
            + (" (40 h × 52 weeks)" if period == "hour" else "")
            + (" (5 days × 52 weeks)" if period == "day" else "")
        )
    return Salary(
        min=low,
        max=high,
        currency=currency,
        period=period,
        annual_min=_annual(low, period),
        annual_max=_annual(high, period),
        status="ok",
        flags=tuple(sorted(set(flags), key=_FLAG_ORDER.index)),
        note="; ".join(notes) if notes else None,
    )


def parse_salary(value: Any, *, default_currency: str | None = None) -> Salary:
    """Parse a posted salary cell (a range or one figure).

    Parameters
    ----------
    value : Any
        The cell: text such as "$90,000-$144,000" or a number.
    default_currency : str, optional
        ISO code for figures without a currency, and for ``$`` when it is a dollar currency.

    Returns
    -------
    Salary
        Never raises; ``status`` says whether an amount was found.

    Examples
    --------
    >>> s = parse_salary("€50.000")
    >>> s.min, s.currency, s.period, s.flags
    (50000.0, 'EUR', 'year', ('period_assumed', 'single_value'))
    >>> parse_salary("DOE").status, parse_salary("Not listed").status
    ('unparsed', 'not_listed')
    >>> parse_salary("$3,000-$12,000 a month").annual_min
    36000.0
    """
    try:
        return _parse(value, default_currency, single=False)
    except (ValueError, TypeError, OverflowError, KeyError) as exc:  # pragma: no cover
        return Salary(status="unparsed", note=f"could not read the salary ({exc})")


def parse_money(value: Any, *, default_currency: str | None = None) -> Salary:
    """Parse a single amount, such as an offer ("$120k", "120,000 + 10% bonus", 95000).

    Like :func:`parse_salary` but a single figure is expected (no ``single_value`` flag); a
    range is kept and flagged ``range``.

    Examples
    --------
    >>> o = parse_money("120,000 + 10% bonus", default_currency="USD")
    >>> o.min, o.max, o.currency, o.flags
    (120000.0, 120000.0, 'USD', ('currency_assumed', 'period_assumed', 'bonus_ignored'))
    """
    try:
        return _parse(value, default_currency, single=True)
    except (ValueError, TypeError, OverflowError, KeyError) as exc:  # pragma: no cover
        return Salary(status="unparsed", note=f"could not read the amount ({exc})")


_PERIOD_WORDS = {"year": "a year", "month": "a month", "week": "a week", "day": "a day",
                 "hour": "an hour"}  # fmt: skip


def _fmt_amount(x: float) -> str:
    if x.is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    text = repr(x)
    if "e" in text or "E" in text:
        return f"{x:,.6f}".rstrip("0").rstrip(".")
    whole, _, frac = text.partition(".")
    # A fraction of exactly three digits would read as a thousands group: pad it.
    if len(frac) == 3:
        frac += "0"
    return f"{int(whole):,}.{frac}"


def format_salary(s: Salary) -> str:
    """Write a salary in the canonical form ``'USD 65,000–80,000 a year'``.

    Returns ``''`` for a salary without figures. For parsed salaries,
    ``parse_salary(format_salary(s)) == s``.

    Examples
    --------
    >>> format_salary(parse_salary("£45k")), format_salary(parse_salary("$32/hr"))
    ('GBP 45,000 a year', 'USD 32 an hour')
    >>> format_salary(parse_salary("$100k+")), format_salary(parse_salary("up to €150k"))
    ('USD 100,000+ a year', 'up to EUR 150,000 a year')
    """
    if s.min is None and s.max is None:
        return ""
    if s.max is None:
        amount = _fmt_amount(s.min) + "+"
    elif s.min is None:
        amount = _fmt_amount(s.max)
    else:
        amount = _fmt_amount(s.min)
        if s.max != s.min:
            amount += "–" + _fmt_amount(s.max)
    ceiling = "up to" if s.min is None else ""
    parts = [ceiling, s.currency or "", amount, _PERIOD_WORDS.get(s.period or "", "")]
    return " ".join(p for p in parts if p)
