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

import contextlib
import contextvars
import functools
import math
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import TypeVar

import numpy as np
import pandas as pd

from jobsearch_analytics.model import REPLY_KINDS

__all__ = ["REPLY_KINDS", "first_dates", "has_kind", "memo", "shared"]

T = TypeVar("T")


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


def factorize_text(values: pd.Series, *, sort: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(values, sort=sort)`` with the uniques as an array: the same codes (-1
    for a missing value) and uniques, about a third faster on pandas' Python-backed text
    columns, whose object array is factorized directly (skipping the text array's own passes).

    Examples
    --------
    >>> codes, uniques = factorize_text(pd.Series(["b", None, "a", "b"], dtype="str"), sort=True)
    >>> codes.tolist(), uniques.tolist()
    ([1, -1, 0, 1], ['a', 'b'])
    """
    dtype = values.dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "python":
        codes, uniques = pd.factorize(values.to_numpy(dtype="object"), sort=sort)
    else:
        codes, uniques = pd.factorize(values, sort=sort)
    return np.asarray(codes), np.asarray(uniques)


#: Label of the group of applications whose grouping value is missing.
UNKNOWN_GROUP = "(unknown)"


def combinations(
    codes: Sequence[np.ndarray], sizes: Sequence[int]
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Number the combinations of one or more keys that occur, in sorted order (first key
    slowest).

    ``codes[i]`` holds each row's code of key ``i`` (``0 <= code < sizes[i]``). Returns each
    row's group number (``0 .. groups - 1``, in the order a sorted group-by gives the groups)
    and, for each key, the code it has in each group: what a group-by over the codes gives,
    as one integer per row (mixed radix) counted or made unique, without a group-by's fixed
    cost.

    Examples
    --------
    >>> gid, parts = combinations([np.array([1, 0, 1, 1]), np.array([0, 2, 0, 1])], [2, 3])
    >>> gid.tolist(), [p.tolist() for p in parts]
    ([1, 0, 1, 2], [[0, 1, 1], [2, 0, 1]])
    """
    gid = np.zeros(len(codes[0]), dtype="int64")
    for code, size in zip(codes, sizes, strict=True):
        gid = gid * size + np.asarray(code, dtype="int64")
    space = int(np.prod(sizes))
    if space <= 4 * len(gid) + 1024:
        # Few possible combinations: count them all and number the present ones in order.
        present = np.flatnonzero(np.bincount(gid, minlength=space))
        dense = np.zeros(space, dtype="int64")
        dense[present] = np.arange(len(present))
        gid = dense[gid]
    else:
        present, gid = np.unique(gid, return_inverse=True)
        gid = gid.ravel()
    parts: list[np.ndarray] = []
    rest = present
    for size in reversed(sizes):
        rest, code = np.divmod(rest, size)
        parts.append(code)
    return gid, parts[::-1]


def group_labels(applications: pd.DataFrame, by: str | list[str] | None) -> pd.DataFrame:
    """Grouping labels for ``by=``, one categorical column per key, aligned with ``applications``.

    A key is any application column, ``'week'`` / ``'month'`` of ``date_applied`` (labelled by
    the Monday of the week, ``YYYY-MM-DD``, or ``YYYY-MM``) or ``'referral'`` (``'referral'``,
    ``'cold'``, ``'unknown'``). Missing values form their own group :data:`UNKNOWN_GROUP`.
    Columns are categoricals so metrics can group with ``observed=True`` at any scale.

    Examples
    --------
    >>> apps = pd.DataFrame({"source": ["LinkedIn", None],
    ...                      "referral": pd.array([True, pd.NA], dtype="boolean"),
    ...                      "date_applied": pd.to_datetime(["2024-01-03", "2024-01-09"])})
    >>> g = group_labels(apps, ["source", "referral", "week"])
    >>> g.astype(str).values.tolist()
    [['LinkedIn', 'referral', '2024-01-01'], ['(unknown)', 'unknown', '2024-01-08']]
    """
    keys = [] if by is None else [by] if isinstance(by, str) else list(by)
    out: dict[str, pd.Categorical] = {}
    for key in keys:
        if key in ("week", "month") and key not in applications.columns:
            periods = applications["date_applied"].dt.to_period("W" if key == "week" else "M")
            codes, uniques = pd.factorize(periods, sort=True)
            names = list(
                uniques.start_time.strftime("%Y-%m-%d")
                if key == "week"
                else uniques.strftime("%Y-%m")
            )
        elif key == "referral":
            flag = applications["referral"].astype("boolean")
            codes = np.where(flag.isna().to_numpy(), 2, np.where(flag.fillna(False), 0, 1))
            out[key] = pd.Categorical.from_codes(codes, ["referral", "cold", "unknown"])
            continue
        elif key in applications.columns:
            col = applications[key]
            if isinstance(col.dtype, pd.CategoricalDtype):
                codes = col.cat.codes.to_numpy()
                names = [str(c) for c in col.cat.categories]
            else:
                codes, uniques = factorize_text(col, sort=True)
                names = [str(u) for u in uniques]
        else:
            raise ValueError(
                f"cannot group by {key!r}: use an application column, 'week', 'month' or 'referral'"
            )
        codes = np.asarray(codes)
        if UNKNOWN_GROUP in names:  # a cell that literally says "(unknown)" joins that group
            at = names.index(UNKNOWN_GROUP)
            codes = np.where(codes == at, -1, np.where(codes > at, codes - 1, codes))
            names = names[:at] + names[at + 1 :]
        out[key] = pd.Categorical.from_codes(
            np.where(codes < 0, len(names), codes), [*names, UNKNOWN_GROUP]
        )
    return pd.DataFrame(out, index=applications.index)


def id_codes(
    applications: pd.DataFrame, events: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray, int]:
    """Integer codes of application ids, shared by both tables, for fast per-application work.

    Returns ``(app_codes, event_codes, n_ids)``: every application row's id code, every event's
    id code (-1 for an event whose application is not in the table) and the number of distinct
    ids. Per-id results of :func:`first_dates_by_code` / :func:`has_kind_by_code` are aligned
    with the applications by indexing them with ``app_codes`` (duplicate ids share them). At a
    million applications this is several times faster than a group-by on the text ids.

    Examples
    --------
    >>> apps = pd.DataFrame({"application_id": ["a", "b", "a"]})
    >>> ev = pd.DataFrame({"application_id": ["b", "z", "a"]})
    >>> app_codes, event_codes, n = id_codes(apps, ev)
    >>> app_codes.tolist(), event_codes.tolist(), n
    ([0, 1, 0], [1, -1, 0], 2)
    """
    # A missing id is an id like any other (as in a group-by with dropna=False), so that the
    # code -1 only ever means "no such application".
    app_ids = applications["application_id"]
    index = pd.Index(app_ids)
    if index.is_unique:
        # The usual case: every row is its own id. The uniqueness check builds the index's
        # hash table, which the look-ups below reuse: one pass over a million ids, not three.
        app_codes, n_ids = np.arange(len(index), dtype="int64"), len(index)
    else:
        app_codes, uniques = pd.factorize(app_ids, use_na_sentinel=False)
        index, n_ids = pd.Index(uniques), len(uniques)
    ids = events["application_id"]
    if len(ids) > 1 and isinstance(ids.dtype, pd.StringDtype) and ids.dtype.na_value is np.nan:
        # Events usually come in runs of one application (loaders and exports sort them):
        # look each run up once instead of every event. Missing ids (NaN != NaN) are runs of
        # one.
        values = ids.to_numpy()
        head = np.ones(len(values), dtype=bool)
        np.not_equal(values[1:], values[:-1], out=head[1:])
        starts = np.flatnonzero(head)
        heads = values[starts]
        if n_ids == len(app_ids) and len(starts) == n_ids and (heads == app_ids.to_numpy()).all():
            # Runs in the order of the applications, one per application (events written
            # application by application): run i is application i, no look-up needed.
            found = np.arange(n_ids)
        else:
            found = index.get_indexer(pd.Index(heads, dtype=ids.dtype))
        event_codes = np.repeat(found, np.diff(np.append(starts, len(values))))
    else:
        event_codes = index.get_indexer(ids)
    return np.asarray(app_codes, dtype="int64"), np.asarray(event_codes), n_ids


def first_dates_by_code(
    events: pd.DataFrame, kinds: Iterable[str], event_codes: np.ndarray, n_ids: int
) -> np.ndarray:
    """:func:`first_dates` per id code (see :func:`id_codes`): datetime64[ns], NaT when none.

    Examples
    --------
    >>> ev = pd.DataFrame({"application_id": ["a", "a", "b"],
    ...                    "date": pd.to_datetime(["2024-01-09", "2024-01-05", None]),
    ...                    "kind": ["screen", "response", "rejection"]})
    >>> _, codes, n = id_codes(pd.DataFrame({"application_id": ["a", "b"]}), ev)
    >>> [str(d)[:10] for d in first_dates_by_code(ev, REPLY_KINDS, codes, n)]
    ['2024-01-05', 'NaT']
    """
    dates = events["date"].to_numpy(dtype="datetime64[ns]").view("int64")
    nat = np.iinfo("int64").min
    pick = kind_mask(events, kinds) & (dates != nat) & (event_codes >= 0)
    out = np.full(n_ids, np.iinfo("int64").max, dtype="int64")
    np.minimum.at(out, event_codes[pick], dates[pick])
    out[out == np.iinfo("int64").max] = nat
    return out.view("datetime64[ns]")


def has_kind_by_code(
    events: pd.DataFrame, kinds: Iterable[str], event_codes: np.ndarray, n_ids: int
) -> np.ndarray:
    """:func:`has_kind` per id code (see :func:`id_codes`), False for ids with no such event.

    Examples
    --------
    >>> ev = pd.DataFrame({"application_id": ["b"], "kind": ["rejection"]})
    >>> _, codes, n = id_codes(pd.DataFrame({"application_id": ["a", "b"]}), ev)
    >>> has_kind_by_code(ev, {"rejection"}, codes, n).tolist()
    [False, True]
    """
    out = np.zeros(n_ids, dtype=bool)
    pick = kind_mask(events, kinds) & (event_codes >= 0)
    out[event_codes[pick]] = True
    return out


def sent_positions(
    app_codes: np.ndarray, event_codes: np.ndarray, n_ids: int, sent: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The sent applications once per id, and where each application and event is among them.

    Returns ``(rows, app_pos, event_pos)``: ``rows`` are the positions in the applications
    table of the first sent row of each id, in table order (what
    ``drop_duplicates('application_id')`` keeps of the sent rows); ``app_pos`` and
    ``event_pos`` give every application row and every event the index into ``rows`` of its
    id, or -1 when no row of that id was sent (or, for an event, the id is not in the table).
    Codes are those of :func:`id_codes`; ``sent`` is a boolean mask over the applications.

    Examples
    --------
    >>> apps = pd.DataFrame({"application_id": ["a", "b", "a", "c"]})
    >>> ev = pd.DataFrame({"application_id": ["c", "a", "b", "z"]})
    >>> app_codes, event_codes, n = id_codes(apps, ev)
    >>> sent = np.array([True, False, True, True])
    >>> rows, app_pos, event_pos = sent_positions(app_codes, event_codes, n, sent)
    >>> rows.tolist(), app_pos.tolist(), event_pos.tolist()
    ([0, 3], [0, -1, 0, 1], [1, 0, -1, -1])
    """
    candidates = np.flatnonzero(np.asarray(sent, dtype=bool))
    if n_ids == len(app_codes):
        # Every row its own id (see id_codes): each sent row is the first of its id.
        rows = candidates
    else:
        _, first = np.unique(app_codes[candidates], return_index=True)
        rows = candidates[np.sort(first)]
    position = np.full(n_ids + 1, -1, dtype="int64")  # the extra slot answers code -1
    position[app_codes[rows]] = np.arange(len(rows))
    return rows, position[app_codes], position[np.where(event_codes >= 0, event_codes, n_ids)]


class PlainRecords(list):
    """Table rows as JSON-plain dicts, made by :func:`records`.

    A plain ``list`` in every respect; the type only tells a consumer (``summarize``) that the
    rows hold nothing but ``str`` keys and ``str``/``int``/``float``/``bool``/``None`` values,
    so that a copy needs no walk through a million values.

    Examples
    --------
    >>> PlainRecords([{"a": 1}]) == [{"a": 1}]
    True
    """

    __slots__ = ()


def plain_value(value: object) -> object:
    """A JSON-safe Python value: None for every kind of missing, numpy scalars as Python ones,
    timestamps as ISO text (a date alone when at midnight), lists and dicts walked.

    Examples
    --------
    >>> [plain_value(v) for v in (np.float64("nan"), pd.Timestamp("2024-01-02"), np.int8(3))]
    [None, '2024-01-02', 3]
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): plain_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_value(v) for v in value]
    return value


_DAY_NS = 86_400 * 10**9


def day_text(values: np.ndarray) -> list[str]:
    """``YYYY-MM-DD`` of each datetime64 value ('NaT' when missing). A column of dates holds
    few distinct days, so each is formatted once.

    Examples
    --------
    >>> day_text(np.array(["2024-01-02T10:00", "NaT", "2024-01-02"], dtype="datetime64[ns]"))
    ['2024-01-02', 'NaT', '2024-01-02']
    """
    distinct, where = np.unique(values.astype("datetime64[D]"), return_inverse=True)
    return np.asarray(np.datetime_as_string(distinct), dtype=object)[where.ravel()].tolist()


def _plain_column(column: pd.Series) -> list:
    """``[plain_value(v) for v in column]``, a whole column at a time where the dtype allows."""
    dtype = column.dtype
    kind = dtype.kind if isinstance(dtype, np.dtype) else None
    if kind in ("i", "u", "b"):
        return column.to_numpy().tolist()
    if kind == "f":
        values = column.to_numpy()
        out = values.tolist()
        for i in np.flatnonzero(~np.isfinite(values)).tolist():
            out[i] = None
        return out
    if kind == "M":
        values = column.to_numpy(dtype="datetime64[ns]")
        ns = values.view("int64")
        missing = np.isnat(values)
        out = day_text(values)
        for i in np.flatnonzero(~missing & (ns % _DAY_NS != 0)).tolist():
            out[i] = pd.Timestamp(values[i]).isoformat()
        for i in np.flatnonzero(missing).tolist():
            out[i] = None
        return out
    if isinstance(dtype, pd.StringDtype):
        out = column.tolist()
        for i in np.flatnonzero(column.isna().to_numpy()).tolist():
            out[i] = None
        return out
    return [plain_value(v) for v in column.tolist()]


@functools.cache
def _row_maker(width: int):
    # A dict display is about twice as fast as dict(zip(keys, row)), which matters for the
    # hundreds of thousands of rows a pooled search produces. Only the number of columns goes
    # into the generated code; the keys are passed in as values.
    names = [f"k{i}" for i in range(width)]
    values = [f"v{i}" for i in range(width)]
    body = ", ".join(f"{k}: {v}" for k, v in zip(names, values, strict=True))
    source = (
        f"def make({', '.join([*names, 'rows'])}):\n"
        f"    return [{{{body}}} for ({', '.join(values)},) in rows]\n"
    )
    scope: dict[str, object] = {}
    exec(source, scope)
    return scope["make"]


def records(table: pd.DataFrame) -> PlainRecords:
    """Rows of ``table`` as JSON-plain dicts (keys as text, values as by :func:`plain_value`).

    The same as ``[{str(k): plain_value(v) for k, v in row.items()} for row in
    table.to_dict("records")]``, computed a column at a time.

    Examples
    --------
    >>> t = pd.DataFrame({"a": [1.5, np.nan], "b": pd.to_datetime(["2024-01-02", None]),
    ...                   "c": pd.Series(["x", None], dtype="str")})
    >>> records(t)
    [{'a': 1.5, 'b': '2024-01-02', 'c': 'x'}, {'a': None, 'b': None, 'c': None}]
    """
    keys = [str(k) for k in table.columns]
    columns = [_plain_column(table.iloc[:, i]) for i in range(table.shape[1])]
    if not keys:
        return PlainRecords({} for _ in range(len(table)))
    return PlainRecords(_row_maker(len(keys))(*keys, zip(*columns, strict=True)))


def kind_mask(events: pd.DataFrame, kinds: Iterable[str]) -> np.ndarray:
    """Whether each event's ``kind`` is one of ``kinds``, as a numpy bool array.

    On the canonical categorical column this looks the few categories up once and then indexes
    by code, several times faster than ``isin`` on millions of events.

    Examples
    --------
    >>> ev = pd.DataFrame({"kind": pd.Categorical(["screen", None, "offer"])})
    >>> kind_mask(ev, {"offer", "screen"}).tolist()
    [True, False, True]
    """
    kind = events["kind"]
    if isinstance(kind.dtype, pd.CategoricalDtype):
        wanted = np.flatnonzero(kind.cat.categories.isin(list(kinds)))
        codes = kind.cat.codes.to_numpy()
        if len(wanted) <= 8:
            # A few comparisons of the small integer codes are about four times faster than
            # a table look-up (which first widens every code to a 64-bit index).
            out = np.zeros(len(codes), dtype=bool)
            for code in wanted.tolist():
                out |= codes == code
            return out
        table = np.zeros(len(kind.cat.categories) + 1, dtype=bool)
        table[wanted] = True  # the last entry, False, answers code -1 (a missing kind)
        return table[codes]
    return kind.isin(list(kinds)).to_numpy(dtype=bool)


# -- shared intermediate tables ----------------------------------------------------------------

_SHARED: contextvars.ContextVar[dict | None] = contextvars.ContextVar("jsa_shared", default=None)


@contextlib.contextmanager
def shared() -> Iterator[None]:
    """Within the block, the per-search tables every metric starts from (the facts per
    application, the sent applications, the interview table, the durations) are computed once
    per search and reused by every metric call, instead of once per call.

    Outside a block nothing is kept, so a search changed between calls is never answered from
    an old table; inside one, do not change the searches in use. Blocks nest (the outermost
    one holds the tables). The dashboard and the reports wrap each panel or section in one.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> from jobsearch_analytics.metrics import shared
    >>> from jobsearch_analytics.metrics.rates import application_facts
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a"]}))
    >>> with shared():
    ...     application_facts(s) is application_facts(s)
    True
    >>> application_facts(s) is application_facts(s)
    False
    """
    token = _SHARED.set({}) if _SHARED.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _SHARED.reset(token)


def memo(name: str, owners: tuple[object, ...], key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or its earlier result for the same ``name``, ``owners`` (compared by
    identity: the search and the tables derived from it) and ``key`` inside a :func:`shared`
    block. The owners are kept with the result, so their ids cannot be reused meanwhile.

    Examples
    --------
    >>> calls = []
    >>> with shared():
    ...     a = memo("x", (calls,), 1, lambda: calls.append(1) or len(calls))
    ...     b = memo("x", (calls,), 1, lambda: calls.append(1) or len(calls))
    >>> a, b, len(calls)
    (1, 1, 1)
    """
    cache = _SHARED.get()
    if cache is None:
        return compute()
    k = (name, tuple(id(o) for o in owners), key)
    if k not in cache:
        cache[k] = (owners, compute())
    return cache[k][1]
