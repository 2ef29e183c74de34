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

import numpy as np
import pandas as pd

from jobsearch_analytics.model import REPLY_KINDS

__all__ = [
    "REPLY_KINDS",
    "UNKNOWN_GROUP",
    "first_dates",
    "group_labels",
    "has_kind",
    "id_codes",
    "kind_mask",
]


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


#: Label of the group of applications whose grouping value is missing.
UNKNOWN_GROUP = "(unknown)"


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
                codes, uniques = pd.factorize(col, sort=True)
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
    """Integer codes of application ids, shared by both tables: the join key of the facts.

    Returns ``(app_codes, event_codes, n_ids)``: every application row's id code, every event's
    id code (-1 for an event whose application is not in the table) and the number of distinct
    ids. Per-id results of :func:`first_dates_by_code` / :func:`has_kind_by_code` are aligned
    with the applications by indexing them with ``app_codes`` (duplicate ids share them).

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
    ids = pd.Index(applications["application_id"])
    if ids.is_unique:  # the usual case: the ids number themselves
        app_codes = np.arange(len(ids), dtype="int64")
    else:
        app_codes, uniques = pd.factorize(ids, use_na_sentinel=False)
        ids = pd.Index(uniques)
    event_codes = ids.get_indexer(events["application_id"])
    return np.asarray(app_codes, dtype="int64"), np.asarray(event_codes), len(ids)


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
    dates = events["date"]
    pick = kind_mask(events, kinds) & dates.notna().to_numpy() & (event_codes >= 0)
    first = dates[pick].groupby(event_codes[pick]).min()
    return dates_at(first, n_ids)


def dates_at(dates: pd.Series, n: int) -> np.ndarray:
    """A date per position ``0..n-1`` from a Series indexed by position (NaT where absent).

    Examples
    --------
    >>> [str(d)[:10] for d in dates_at(pd.Series(pd.to_datetime(["2024-01-02"]), index=[2]), 3)]
    ['NaT', 'NaT', '2024-01-02']
    """
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    out[dates.index.to_numpy(dtype="int64")] = dates.to_numpy(dtype="datetime64[ns]")
    return out


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


def day_text(values: np.ndarray) -> list[str]:
    """``YYYY-MM-DD`` of each datetime64 value ('NaT' when missing).

    Examples
    --------
    >>> day_text(np.array(["2024-01-02T10:00", "NaT"], dtype="datetime64[ns]"))
    ['2024-01-02', 'NaT']
    """
    return np.datetime_as_string(np.asarray(values).astype("datetime64[D]")).tolist()


def kind_mask(events: pd.DataFrame, kinds: Iterable[str]) -> np.ndarray:
    """Whether each event's ``kind`` is one of ``kinds``, as a numpy bool array.

    Examples
    --------
    >>> ev = pd.DataFrame({"kind": pd.Categorical(["screen", None, "offer"])})
    >>> kind_mask(ev, {"offer", "screen"}).tolist()
    [True, False, True]
    """
    kind = events["kind"]
    if isinstance(kind.dtype, pd.CategoricalDtype):
        # The canonical column is categorical: look the few categories up, compare the codes.
        wanted = np.append(kind.cat.categories.isin(list(kinds)), False)  # code -1: missing
        return wanted[kind.cat.codes.to_numpy()]
    return kind.isin(list(kinds)).to_numpy(dtype=bool)
