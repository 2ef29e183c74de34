"""Conventions every layer shares, each in one place: how a value becomes JSON, what "today"
means, which columns describe an offer, and how company names are compared.

This module imports only the standard library, numpy and pandas, so io, model, metrics,
plots, widgets, report and the command line can all use it.

Examples
--------
>>> import numpy as np
>>> import pandas as pd
>>> to_plain({"n": np.int64(3), "rate": np.nan, "day": pd.Timestamp("2024-01-02")})
{'n': 3, 'rate': None, 'day': '2024-01-02'}
>>> str(resolve_today("2024-03-01").date())
'2024-03-01'
>>> OFFER_COLUMNS[:3]
('company', 'role', 'currency')
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "INTERVAL_COLUMNS",
    "OFFER_COLUMNS",
    "SHARE_COLUMNS",
    "normalise_company",
    "resolve_today",
    "table_records",
    "to_plain",
]

#: Metric columns holding a share (0..1), shown as percentages by the report, the workbook and
#: the notebooks alike.
SHARE_COLUMNS: frozenset[str] = frozenset(
    {
        "rate",
        "p",
        "p_reply",
        "share",
        "difference",
        "diff_low",
        "diff_high",
        "survival",
        "cif",
        "benchmark",
        "ci_coverage",
    }
)
#: Interval bounds: shares beside a share, days beside a number of days.
INTERVAL_COLUMNS: frozenset[str] = frozenset({"ci_low", "ci_high"})

#: The columns that describe an offer against its posted range, in the order shown, for the
#: report and the dashboard alike (the columns of
#: :func:`jobsearch_analytics.metrics.salary.offers_vs_posted` a person reads).
OFFER_COLUMNS: tuple[str, ...] = (
    "company",
    "role",
    "currency",
    "posted_min",
    "posted_max",
    "offer_initial",
    "offer_final",
    "vs_range",
    "percentile",
)


def _date_text(value: Any) -> str | None:
    stamp = pd.Timestamp(value)
    if pd.isna(stamp):
        return None
    return stamp.date().isoformat() if stamp == stamp.normalize() else stamp.isoformat()


def to_plain(value: Any) -> Any:
    """A JSON-safe copy of ``value``: builtins only.

    Every kind of missing (None, NaN, NaT, ``pd.NA``, infinities) becomes None; numpy
    scalars become Python ones; dates and timestamps become ISO text (the date alone when at
    midnight); mappings (keys as text), sequences, arrays, Series and dataclasses are walked;
    anything else becomes its text.

    Examples
    --------
    >>> import datetime as dt
    >>> to_plain([np.float64("inf"), pd.NaT, np.bool_(True), dt.date(2024, 1, 2)])
    [None, None, True, '2024-01-02']
    >>> to_plain(pd.Timestamp("2024-01-02 10:30"))
    '2024-01-02T10:30:00'
    >>> to_plain({1: (np.int8(2), pd.NA)})
    {'1': [2, None]}
    """
    if value is None or isinstance(value, str | bool):
        return value
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, pd.Timestamp | np.datetime64 | dt.datetime | dt.date):
        return _date_text(value)
    if isinstance(value, Mapping):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | np.ndarray | pd.Series | pd.Index):
        return [to_plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_plain(dataclasses.asdict(value))
    return str(value)


def _plain_column(column: pd.Series) -> list[Any]:
    """``[to_plain(v) for v in column]``, numbers and dates converted a column at a time."""
    kind = column.dtype.kind if isinstance(column.dtype, np.dtype) else None
    if kind in ("i", "u", "b"):
        return column.to_numpy().tolist()
    if kind == "f":
        values = column.to_numpy()
        finite = np.isfinite(values).tolist()
        return [v if ok else None for v, ok in zip(values.tolist(), finite, strict=True)]
    if kind == "M":
        out = column.dt.strftime("%Y-%m-%d").astype("object").where(column.notna(), None)
        timed = np.flatnonzero((column != column.dt.normalize()).to_numpy() & column.notna())
        for i in timed.tolist():  # a time of day: ISO date and time
            out.iloc[i] = column.iloc[i].isoformat()
        return out.tolist()
    if isinstance(column.dtype, pd.StringDtype):
        return [
            None if missing else v
            for v, missing in zip(column.tolist(), column.isna().tolist(), strict=True)
        ]
    return [to_plain(v) for v in column.tolist()]


def table_records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of ``table`` as JSON-safe dicts: ``to_plain(table.to_dict("records"))``, with
    text keys, converted a column at a time (tables of a pooled search have many rows).

    Examples
    --------
    >>> t = pd.DataFrame({"a": [1.5, np.nan], "b": pd.to_datetime(["2024-01-02", None])})
    >>> table_records(t)
    [{'a': 1.5, 'b': '2024-01-02'}, {'a': None, 'b': None}]
    """
    keys = [str(k) for k in table.columns]
    columns = [_plain_column(table.iloc[:, i]) for i in range(table.shape[1])]
    if not keys:
        return [{} for _ in range(len(table))]
    return [dict(zip(keys, row, strict=True)) for row in zip(*columns, strict=True)]


_TODAY_FORMS = "YYYY-MM-DD, a date/datetime/Timestamp, or None for today"


def resolve_today(today: Any = None) -> pd.Timestamp:
    """The analysis date as a midnight :class:`pandas.Timestamp`; None means today.

    Accepted: None, text ``YYYY-MM-DD`` (an ISO date-time is read as its day), a
    ``datetime.date``/``datetime.datetime``, a :class:`pandas.Timestamp` or a numpy datetime.
    Anything else raises a ValueError whose one-line message names these forms.

    Examples
    --------
    >>> resolve_today("2024-03-01T15:00:00")
    Timestamp('2024-03-01 00:00:00')
    >>> resolve_today(None) == pd.Timestamp.today().normalize()
    True
    >>> resolve_today("yesterday")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: today must be YYYY-MM-DD, a date/datetime/Timestamp, or None ...; got 'yesterday'
    """
    if today is None:
        return pd.Timestamp.today().normalize()
    stamp: Any = None
    if isinstance(today, str):
        try:
            stamp = pd.Timestamp(dt.datetime.fromisoformat(today.strip()))
        except ValueError:
            stamp = None
    elif isinstance(today, pd.Timestamp | dt.date | np.datetime64):
        stamp = pd.Timestamp(today)
    if stamp is None or pd.isna(stamp):
        raise ValueError(f"today must be {_TODAY_FORMS}; got {today!r}")
    return stamp.tz_localize(None).normalize() if stamp.tzinfo else stamp.normalize()


_LEGAL_FORMS = frozenset(
    {
        "inc", "incorporated", "llc", "ltd", "limited", "gmbh", "ag", "sa", "sas", "sarl", "bv",
        "nv", "co", "corp", "corporation", "plc", "pbc", "lp", "llp", "pty", "pvt", "private",
        "se", "oy", "ab", "spa", "srl", "kk", "kg", "ug", "company",
    }
)  # fmt: skip


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def _name_text(name: Any) -> str | None:
    """A company cell as text (None when empty); whole numbers without ``.0``."""
    if name is None or name is pd.NA or name is pd.NaT:
        return None
    if isinstance(name, float | np.floating):
        if math.isnan(name):
            return None
        if float(name).is_integer() and abs(name) < 1e16:
            return str(int(name))
    if isinstance(name, bool | np.bool_):
        return "TRUE" if name else "FALSE"
    # Invisible characters (zero-width spaces, soft hyphens) would split a word in two.
    text = "".join(c for c in str(name) if unicodedata.category(c) != "Cf").strip()
    return text or None


def normalise_company(name: Any) -> str:
    """A company name in the form used to match records: ``'Acme, Inc.' -> 'acme'``.

    Removes accents, case, punctuation (dots vanish so ``S.A.`` is ``sa``; ``&`` reads as
    ``and``), a leading "The" and trailing legal forms (Inc, LLC, Ltd, GmbH, AG, SA, SAS, BV,
    Co, Corp, Corporation, Limited, plc, PBC ...). A name made only of a legal form is kept.
    Empty cells give ``''``.

    Examples
    --------
    >>> normalise_company("Société Générale S.A."), normalise_company("The Home Depot")
    ('societe generale', 'home depot')
    >>> normalise_company("Johnson & Johnson") == normalise_company("johnson and johnson")
    True
    """
    text = _name_text(name)
    if text is None:
        return ""
    text = _fold(_fold(text)).replace("&", " and ")
    text = re.sub(r"[.'’`]", "", text)
    tokens = [_fold(t) for t in re.findall(r"[^\W_]+", text)]
    while len(tokens) > 1 and tokens[0] == "the":
        tokens.pop(0)
    while len(tokens) > 1 and (tokens[-1] in _LEGAL_FORMS or tokens[-1] == "and"):
        tokens.pop()
    return " ".join(tokens)
