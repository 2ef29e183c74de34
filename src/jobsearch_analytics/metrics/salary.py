"""Salary: what postings say, where offers landed, what negotiating brought, what to ask for.

All figures are the annualised ones the loader computed (``salary_annual_min/max``,
``offer_initial/final``), and currencies are never mixed: every table is per currency.
Postings count whatever their stage (a saved posting still tells you about the market).

Roles are grouped by a light normalisation (:func:`normalise_role`): case, punctuation and
spacing are unified and "Sr."/"Jr." spelled out, but seniority words are kept, so "Senior Data
Analyst" and "data analyst" stay apart.

Examples
--------
>>> import pandas as pd
>>> from jobsearch_analytics.model import JobSearch
>>> s = JobSearch.from_frames(pd.DataFrame({
...     "application_id": ["a", "b"], "role": ["Data Analyst", "data analyst "],
...     "salary_annual_min": [50_000.0, 60_000.0], "salary_annual_max": [70_000.0, 80_000.0],
...     "salary_currency": ["USD", "USD"]}))
>>> posted_salary(s)[["role", "currency", "n", "mid_median"]].values.tolist()
[['data analyst', 'USD', 2, 65000.0]]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from jobsearch_analytics.conventions import table_records, to_plain
from jobsearch_analytics.metrics._derive import group_labels, kind_mask
from jobsearch_analytics.model import JobSearch

__all__ = [
    "SalaryTarget",
    "negotiation",
    "normalise_role",
    "offers_vs_posted",
    "posted_salary",
    "salary_summary",
    "salary_target",
]

_UNKNOWN = "(unknown)"


def normalise_role(role: pd.Series) -> pd.Series:
    """Lightly normalised job titles: lower case, "sr"/"jr" spelled out, punctuation to spaces.

    Seniority words are kept; missing titles stay missing.

    Examples
    --------
    >>> import pandas as pd
    >>> normalise_role(pd.Series(["Sr. Data  Analyst", "Front-End Dev (C++)", None])).tolist()
    ['senior data analyst', 'front end dev c++', nan]
    """
    codes, names = _role_codes(role)
    # A trailing None makes code -1 (a missing title) map to missing.
    return pd.Series(np.append(names, None)[codes], index=role.index, dtype="str")


def _role_codes(role: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """:func:`normalise_role` as integer codes: ``(codes, names)`` with ``names`` the distinct
    normalised titles in sorted order and ``codes`` (-1 for a missing title) pointing into them.
    Grouping by the codes is grouping by the sorted titles, without a million strings."""
    # Titles repeat a lot: normalise each distinct title once, then map back.
    codes, uniques = pd.factorize(role)
    s = pd.Series(uniques, dtype="str").str.lower()
    s = s.str.replace(r"\bsr\b\.?", "senior", regex=True)
    s = s.str.replace(r"\bjr\b\.?", "junior", regex=True)
    s = s.str.replace("&", " and ", regex=False)
    # '+' and '#' survive so C++ and C# stay what they are.
    s = s.str.replace(r"[^\w+#]+", " ", regex=True).str.strip()
    s = s.str.replace(r"\s+", " ", regex=True)
    norm_codes, names = pd.factorize(s.where(s.ne("")), sort=True)
    # A trailing -1 makes code -1 (a missing title) stay missing.
    table = np.append(norm_codes, -1)
    return table[codes], np.asarray(names, dtype=object)


_POSTING_COLUMNS = ("application_id", "company", "role", "location")


#: What a posting gave: both ends, or one ("100k+" is ``from``, "up to 150k" ``up to``).
_BOUNDS = ["range", "from", "up to"]


def _postings(
    apps: pd.DataFrame,
    columns: Sequence[str] = _POSTING_COLUMNS,
    roles: tuple[np.ndarray, np.ndarray] | None = None,
) -> pd.DataFrame:
    """Applications with a posted annual figure: the application ``columns``, ``annual_min,
    annual_max, midpoint, currency``, ``role_code`` (see :func:`_role_codes`; ``roles`` is its
    result for ``apps`` when already at hand) and ``currency_code`` (position of the currency
    in ``attrs["currencies"]``, which is sorted). Indexed like ``apps``."""
    lo = apps["salary_annual_min"].to_numpy(dtype="float64")
    hi = apps["salary_annual_max"].to_numpy(dtype="float64")
    rows = np.flatnonzero(~np.isnan(lo) | ~np.isnan(hi))
    lo, hi = lo[rows], hi[rows]
    # a one-sided posting ("100k+", "up to 150k") keeps its side: its known end stands in for
    # the other in the figures, and ``bound`` says which it was
    bound = pd.Categorical.from_codes(
        np.where(np.isnan(hi), 1, np.where(np.isnan(lo), 2, 0)), categories=_BOUNDS
    )
    lo, hi = np.where(np.isnan(lo), hi, lo), np.where(np.isnan(hi), lo, hi)
    codes, _ = _role_codes(apps["role"]) if roles is None else roles
    currency = apps["salary_currency"].iloc[rows].fillna(_UNKNOWN).astype("str")
    currency_code, currencies = pd.factorize(currency, sort=True)
    # Only the columns asked for: taking every column of a million-row table is slow.
    out = pd.DataFrame(
        {c: apps[c].iloc[rows] for c in dict.fromkeys(columns)}, index=apps.index[rows]
    )
    out = out.assign(
        annual_min=lo,
        annual_max=hi,
        midpoint=(lo + hi) / 2,
        bound=bound,
        currency=currency,
        role_code=codes[rows],
        currency_code=currency_code,
    )
    out.attrs["currencies"] = [str(c) for c in currencies]
    return out


def _group_columns(apps: pd.DataFrame, keys: Sequence[str]) -> list[str]:
    """Application columns :func:`group_labels` reads for ``keys`` (besides ``'role'``)."""
    out = []
    for key in keys:
        if key in ("week", "month") and key not in apps.columns:
            out.append("date_applied")
        elif key != "role" and key in apps.columns:
            out.append(key)
    return out


def posted_salary(
    search: JobSearch,
    *,
    by: str | Sequence[str] = ("role",),
    currency: str | None = None,
) -> pd.DataFrame:
    """Posted salaries per group and currency.

    Parameters
    ----------
    search : JobSearch
    by : str or sequence of str
        Application columns to group by (``'role'`` uses :func:`normalise_role`), or
        ``'week'``, ``'month'``, ``'referral'`` as in the rate tables. Missing values form a
        ``'(unknown)'`` group.
    currency : str, optional
        Keep only this currency. When omitted and several currencies occur, rows are split by
        currency (never mixed) and ``attrs["note"]`` says so.

    Returns
    -------
    DataFrame
        The ``by`` columns, ``currency, n``, then ``mid_low, mid_median, mid_high`` (lowest,
        median and highest range midpoint), ``annual_min_low, annual_min_median,
        annual_min_high`` and ``annual_max_low, annual_max_median, annual_max_high`` (the same
        for the annualised bounds). A single figure counts as a range with min = max.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({
    ...     "application_id": ["a", "b", "c"], "location": ["Leeds", "Leeds", None],
    ...     "salary_annual_min": [30e3, 40e3, 50e3], "salary_annual_max": [40e3, 60e3, 50e3],
    ...     "salary_currency": ["GBP", "GBP", "EUR"]}))
    >>> t = posted_salary(s, by="location")
    >>> t[["location", "currency", "n", "mid_high"]].values.tolist()
    [['(unknown)', 'EUR', 1, 50000.0], ['Leeds', 'GBP', 2, 50000.0]]
    >>> t.attrs["note"]
    'Several currencies (EUR, GBP): one row per currency, never mixed.'
    """
    keys = [by] if isinstance(by, str) else list(by)
    apps = search.applications
    roles = _role_codes(apps["role"])
    posts = _postings(apps, _group_columns(apps, keys), roles)
    role_names = roles[1]
    if currency is not None:
        posts = posts[(posts["currency"] == currency).to_numpy()]
    labels = group_labels(posts, [k for k in keys if k != "role"])
    cols = {
        key: (
            # Code -1 (no title) picks the last name: the unknown group.
            _sorted_labels(posts["role_code"].to_numpy(), [*role_names, _UNKNOWN])
            if key == "role"
            else labels[key].astype("object").astype("str")
        )
        for key in keys
    }
    cur_codes = posts["currency_code"].to_numpy()
    cur_names = posts.attrs["currencies"]
    frame = pd.DataFrame(cols, index=posts.index).assign(
        currency=_sorted_labels(cur_codes, list(cur_names)),
        mid=posts["midpoint"],
        amin=posts["annual_min"],
        amax=posts["annual_max"],
    )
    table = _spread_by_group(
        frame[[*keys, "currency"]],
        {"mid": frame["mid"], "annual_min": frame["amin"], "annual_max": frame["amax"]},
    )
    currencies = [cur_names[i] for i in np.unique(cur_codes)]  # sorted, as the names are
    note = (
        f"Several currencies ({', '.join(currencies)}): one row per currency, never mixed."
        if len(currencies) > 1
        else "One currency."
        if currencies
        else "No posted salaries."
    )
    one_sided = int((posts["bound"] != "range").sum())
    if one_sided:
        note += (
            f" {one_sided} posting{'s give' if one_sided > 1 else ' gives'} one end only "
            "('100k+', 'up to 150k'): that end stands in for the other."
        )
    table.attrs.update(currencies=currencies, note=note, n=len(frame), one_sided=one_sided)
    return table


def _sorted_labels(codes: np.ndarray, names: Sequence[str]) -> pd.Categorical:
    """Labels as a categorical whose category order is the text order, so that a sorted
    group-by on it orders groups as one on the text would, without comparing every row."""
    order = sorted(set(names))
    at = {name: i for i, name in enumerate(order)}
    return pd.Categorical.from_codes(np.array([at[n] for n in names], dtype="int64")[codes], order)


def _spread_by_group(groups: pd.DataFrame, values: dict[str, pd.Series]) -> pd.DataFrame:
    """Per group of ``groups`` (every combination present, sorted as the columns' text or
    category order): ``n``, then for each named column of ``values`` (no missing values)
    ``<name>_low, <name>_median, <name>_high``. The group columns come back as text.

    Examples
    --------
    >>> g = pd.DataFrame({"role": ["b", "a", "b", "b"]})
    >>> _spread_by_group(g, {"x": pd.Series([4.0, 1.0, 2.0, 9.0])}).values.tolist()
    [['a', 1, 1.0, 1.0, 1.0], ['b', 3, 2.0, 4.0, 9.0]]
    """
    keys = list(groups.columns)
    frame = groups.reset_index(drop=True).assign(
        **{label: column.to_numpy(dtype="float64") for label, column in values.items()}
    )
    grouped = frame.groupby(keys, observed=True, sort=True)
    parts = [grouped.size().rename("n")]
    for label in values:
        spread = grouped[label].agg(["min", "median", "max"])
        parts.append(spread.set_axis([f"{label}_low", f"{label}_median", f"{label}_high"], axis=1))
    out = pd.concat(parts, axis=1).reset_index()
    return out.astype({**{key: "str" for key in keys}, "n": "int64"})


def _peer_percentile(offers: pd.DataFrame, posts: pd.DataFrame) -> pd.DataFrame:
    """Percentile (0-100, ties counted half) of each offer among posted midpoints of the same
    normalised role and currency, the offer's own posting left out.

    ``offers`` has ``role_code, currency, offer, own_midpoint``; ``posts`` is :func:`_postings`.
    A title that is missing (code -1) has no peers.
    """
    pct = np.full(len(offers), np.nan)
    peers = np.zeros(len(offers), dtype="int64")
    post_cur, currencies = posts["currency_code"].to_numpy(), posts.attrs["currencies"]
    offer_cur = pd.Index(currencies).get_indexer(offers["currency"])
    width = len(currencies) + 1
    # One integer per (title, currency): postings sorted by it, then by midpoint, put each
    # group's midpoints in one sorted run.
    post_role = posts["role_code"].to_numpy()
    keep = post_role >= 0
    post_key = (post_role * width + post_cur)[keep]
    mids = posts["midpoint"].to_numpy(dtype="float64")[keep]
    order = np.lexsort((mids, post_key))
    post_key, mids = post_key[order], mids[order]
    offer_role = offers["role_code"].to_numpy()
    offer_key = np.where((offer_role >= 0) & (offer_cur >= 0), offer_role * width + offer_cur, -1)
    value_all = offers["offer"].to_numpy(dtype="float64")
    own_all = offers["own_midpoint"].to_numpy(dtype="float64")
    for key in np.unique(offer_key[offer_key >= 0]).tolist():
        start, end = np.searchsorted(post_key, [key, key + 1])
        if start == end:
            continue
        at = np.flatnonzero(offer_key == key)
        run = mids[start:end]
        value = value_all[at]
        below = np.searchsorted(run, value, side="left").astype("float64")
        ties = np.searchsorted(run, value, side="right") - below
        own = own_all[at]
        has_own = ~np.isnan(own)
        below -= has_own & (own < value)
        ties -= has_own & (own == value)
        n = len(run) - has_own.astype("int64")
        with np.errstate(divide="ignore", invalid="ignore"):
            pct[at] = np.where(n > 0, 100 * (below + ties / 2) / n, np.nan)
        peers[at] = n
    return pd.DataFrame({"percentile": pct, "peers_n": peers}, index=offers.index)


def offers_vs_posted(search: JobSearch) -> pd.DataFrame:
    """Each offer against its own posted range and against postings for the same role.

    The offer compared is the final figure (the initial one when no final is recorded).

    Returns
    -------
    DataFrame
        One row per application with an offer figure: ``application_id, company, role,
        currency, posted_min, posted_max, offer_initial, offer_final, position`` (0 at the
        posted minimum, 1 at the maximum; below 0 or above 1 outside it; NaN when there is no
        range or it is a single figure), ``vs_range`` (``'below'``, ``'within'``, ``'above'``,
        ``'no posted range'``, ``'different currency'``), ``percentile`` (0-100, among the
        range midpoints of other postings with the same normalised role and currency; ties
        count half) and ``peers_n`` (how many postings that percentile rests on). A missing
        offer or posted currency is taken to be the other one.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({
    ...     "application_id": ["a", "b"], "role": ["Analyst", "Analyst"],
    ...     "salary_annual_min": [60e3, 50e3], "salary_annual_max": [80e3, 70e3],
    ...     "salary_currency": ["USD", "USD"], "offer_initial": [70e3, None],
    ...     "offer_final": [75e3, None], "offer_currency": ["USD", None]}))
    >>> offers_vs_posted(s)[["position", "vs_range", "percentile", "peers_n"]].values.tolist()
    [[0.75, 'within', 100.0, 1]]
    """
    apps = search.applications
    roles = _role_codes(apps["role"])
    posts = _postings(apps, (), roles)
    has_offer = (apps["offer_initial"].notna() | apps["offer_final"].notna()).to_numpy()
    # Only the columns read below: taking every column of the table is most of the cost.
    offers = apps.loc[
        has_offer,
        [
            "application_id",
            "company",
            "role",
            "salary_annual_min",
            "salary_annual_max",
            "salary_currency",
            "offer_initial",
            "offer_final",
            "offer_currency",
        ],
    ]
    lo = offers["salary_annual_min"].fillna(offers["salary_annual_max"])
    hi = offers["salary_annual_max"].fillna(offers["salary_annual_min"])
    offer = offers["offer_final"].fillna(offers["offer_initial"])
    posted_cur = offers["salary_currency"]
    offer_cur = offers["offer_currency"].fillna(posted_cur)
    posted_cur = posted_cur.fillna(offer_cur)
    # Both unknown is the same currency (a text column's eq says False for two missing).
    same = (offer_cur.eq(posted_cur).fillna(False) | offer_cur.isna()).astype(bool)
    width = hi - lo
    position = ((offer - lo) / width).where((width > 0) & same)
    vs = np.select(
        [lo.isna(), ~same, offer < lo, offer > hi],
        ["no posted range", "different currency", "below", "above"],
        default="within",
    )
    out = pd.DataFrame(
        {
            "application_id": offers["application_id"],
            "company": offers["company"],
            "role": offers["role"],
            "currency": offer_cur.astype("str").where(offer_cur.notna()),
            "posted_min": lo,
            "posted_max": hi,
            "offer_initial": offers["offer_initial"],
            "offer_final": offers["offer_final"],
            "position": position.astype("float64"),
            "vs_range": pd.Series(vs, index=offers.index).astype("str"),
        }
    )
    keyed = pd.DataFrame(
        {
            "role_code": roles[0][has_offer],
            "currency": offer_cur.fillna(_UNKNOWN).astype("str"),
            "offer": offer,
            "own_midpoint": posts["midpoint"].reindex(offers.index).where(same),
        }
    )
    # The offer's own posting is only left out of its peers when it is one of them.
    keyed["own_midpoint"] = keyed["own_midpoint"].where(
        posts["currency"].reindex(offers.index).eq(keyed["currency"]).fillna(False).astype(bool)
    )
    out = out.join(_peer_percentile(keyed, posts))
    out["peers_n"] = out["peers_n"].astype("int64")
    return out.reset_index(drop=True)


def _median_ci(values: np.ndarray, level: float) -> tuple[float, float, float]:
    """Distribution-free interval for a median from order statistics (the sign-test interval).

    Returns ``(low, high, coverage)``: the achieved coverage is at least ``level`` when n
    allows it; with very few values the widest interval [min, max] is returned with its
    (lower) coverage.
    """
    x = np.sort(values)
    n = len(x)
    if n == 0:
        return np.nan, np.nan, np.nan
    cdf = special.bdtr(np.arange(n + 1), n, 0.5)  # scipy.stats.binom.cdf
    # Largest m with P(B <= m) <= alpha/2 (B ~ Binomial(n, 1/2)); the interval is
    # [x(m+1), x(n-m)] in 1-based ranks. m = -1 means even [min, max] falls short of `level`.
    m = int((cdf <= (1 - level) / 2).sum()) - 1
    j = max(m + 1, 1)
    coverage = 1 - 2 * float(cdf[j - 1])
    return float(x[j - 1]), float(x[n - j]), float(coverage)


def negotiation(search: JobSearch, *, level: float = 0.95) -> pd.DataFrame:
    """How often offers were negotiated and the median raise (final vs initial offer).

    An offer counts as negotiated when its final figure differs from the initial one or a
    ``negotiation`` event is recorded. The raise is ``100 * (final / initial - 1)`` percent.
    The interval for the median raise is the distribution-free order-statistic (sign-test)
    interval: no resampling, no assumption about the shape; its achieved coverage is given
    because with few offers it cannot reach ``level`` exactly (below 6 offers at 95 % it is the
    range of the raises, with a coverage under 95 %).

    Returns
    -------
    DataFrame
        One row: ``n_offers`` (offers with both figures), ``n_negotiated``,
        ``median_raise_pct, ci_low, ci_high, ci_coverage`` (over negotiated offers), and
        ``mean_raise_pct``.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({
    ...     "application_id": ["a", "b", "c"], "offer_initial": [100.0, 200.0, 50.0],
    ...     "offer_final": [110.0, 200.0, 52.0]}))
    >>> t = negotiation(s)
    >>> int(t.loc[0, "n_offers"]), int(t.loc[0, "n_negotiated"])
    (3, 2)
    >>> round(float(t.loc[0, "median_raise_pct"]), 6)
    7.0
    """
    apps = search.applications
    both = apps.loc[
        apps["offer_initial"].notna() & apps["offer_final"].notna() & (apps["offer_initial"] > 0),
        ["application_id", "offer_initial", "offer_final"],
    ]
    evented = both["application_id"].isin(
        search.events.loc[kind_mask(search.events, {"negotiation"}), "application_id"]
    )
    negotiated = both[(both["offer_final"] != both["offer_initial"]) | evented]
    raise_pct = (100 * (negotiated["offer_final"] / negotiated["offer_initial"] - 1)).to_numpy()
    low, high, coverage = _median_ci(raise_pct, level)
    table = pd.DataFrame(
        {
            "n_offers": [len(both)],
            "n_negotiated": [len(negotiated)],
            "median_raise_pct": [float(np.median(raise_pct)) if len(raise_pct) else np.nan],
            "ci_low": [low],
            "ci_high": [high],
            "ci_coverage": [coverage],
            "mean_raise_pct": [float(raise_pct.mean()) if len(raise_pct) else np.nan],
        }
    )
    table.attrs.update(
        method="order-statistic (sign-test) interval for the median",
        interpretation=(
            f"{len(negotiated)} of {len(both)} offers with both figures were negotiated. "
            "Offers that were negotiated may differ from the others, so the raise describes "
            "these offers; it does not promise what negotiating another offer would bring."
        ),
    )
    return table


@dataclass(frozen=True)
class SalaryTarget:
    """A suggested target and walk-away figure, with the rule and the rows behind them.

    Attributes
    ----------
    target, walk_away : float
        Annual figures in ``currency`` (NaN when there are too few postings).
    currency : str or None
    n : int
        Number of postings used.
    basis : str
        The rule, in words, with the filters applied.
    rows : DataFrame
        The postings used: ``application_id, company, role, location, currency, annual_min,
        annual_max, midpoint``.
    """

    target: float
    walk_away: float
    currency: str | None
    n: int
    basis: str
    rows: pd.DataFrame = field(repr=False)

    def to_dict(self, *, rows: bool = True) -> dict[str, Any]:
        """JSON-safe plain data; ``rows=False`` leaves out the postings the figures rest on
        (``n`` and ``basis`` still say what they were)."""
        out = {
            "target": to_plain(self.target),
            "walk_away": to_plain(self.walk_away),
            "currency": self.currency,
            "n": self.n,
            "basis": self.basis,
        }
        if rows:
            out["rows"] = table_records(self.rows)
        return out


def salary_target(
    search: JobSearch,
    *,
    role: str | None = None,
    location: str | None = None,
    currency: str | None = None,
    min_n: int = 3,
) -> SalaryTarget:
    """Suggest a target and a walk-away figure from the person's own postings and offers.

    The rule: take the postings (range midpoints, annualised) for ``role`` (same normalised
    title; when none has it exactly, titles containing it) and ``location`` (case-insensitive
    substring), in one currency (``currency``, else the most common one). Then

    * target = the 75th percentile of those midpoints, raised to the best offer already
      received for that role, in that currency, when that is higher (do not ask for less than
      you were offered; offers are only used when ``role`` is given);
    * walk-away = the 25th percentile of the midpoints.

    Percentiles are numpy's linear ones (as Excel's PERCENTILE.INC). With fewer than ``min_n``
    postings both are NaN and ``basis`` says why.

    Examples
    --------
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({
    ...     "application_id": list("abcde"), "role": ["Analyst"] * 5,
    ...     "salary_annual_min": [50e3, 60e3, 70e3, 80e3, 90e3],
    ...     "salary_annual_max": [50e3, 60e3, 70e3, 80e3, 90e3],
    ...     "salary_currency": ["USD"] * 5}))
    >>> t = salary_target(s, role="analyst")
    >>> t.target, t.walk_away, t.n
    (80000.0, 60000.0, 5)
    """
    apps = search.applications
    roles = _role_codes(apps["role"])
    posts = _postings(apps, _POSTING_COLUMNS, roles)
    filters: list[str] = []
    codes, names = roles
    if role is not None:
        want = str(normalise_role(pd.Series([role])).iloc[0])
        # Compare the distinct titles, then spread the answer over the rows by their codes.
        # A trailing False answers code -1 (no title).
        exact = np.append(names == want, False)
        if exact[posts["role_code"].to_numpy()].any():
            chosen = exact
            filters.append(f"role '{want}'")
        else:
            chosen = np.array([want in name for name in names] + [False], dtype=bool)
            filters.append(f"roles containing '{want}' (no exact title match)")
        same_role = chosen[codes]
        posts = posts[chosen[posts["role_code"].to_numpy()]]
    if location is not None:
        posts = posts[
            posts["location"].str.lower().str.contains(location.lower(), regex=False, na=False)
        ]
        filters.append(f"location containing '{location}'")
    posts, currency = _one_currency(posts, currency, filters)
    # The postings behind the figures (only the columns the postings were made with: the
    # summary, which leaves the rows out, makes them without the text columns).
    wanted = [
        "application_id",
        "company",
        "role",
        "location",
        "currency",
        "annual_min",
        "annual_max",
        "midpoint",
    ]
    rows = posts[[c for c in wanted if c in posts.columns]].reset_index(drop=True)
    where = "; ".join(filters) if filters else "all postings"
    n = len(rows)
    if n < min_n:
        return SalaryTarget(
            np.nan,
            np.nan,
            currency,
            n,
            f"Too few postings with a salary ({n}, need {min_n}) for {where}.",
            rows,
        )
    mids = rows["midpoint"].to_numpy()
    p75, p25 = (float(v) for v in np.percentile(mids, [75, 25]))
    target, basis = p75, "target = 75th percentile of posted range midpoints"
    # Offers only speak for the role they were made for: without a role, none is used.
    if role is not None:
        offers = apps["offer_final"].fillna(apps["offer_initial"])
        offer_cur = apps["offer_currency"].fillna(apps["salary_currency"])
        held = offers[offer_cur.eq(currency).fillna(False).to_numpy(dtype=bool) & same_role]
        if held.notna().any() and float(held.max()) > p75:
            target = float(held.max())
            basis = "target = the best offer received (above the 75th percentile of postings)"
    basis += (
        f"; walk-away = 25th percentile of posted range midpoints; from {n} postings in "
        f"{currency} ({where})."
    )
    return SalaryTarget(target, p25, currency, n, basis, rows)


def _one_currency(
    posts: pd.DataFrame, currency: str | None, filters: list[str]
) -> tuple[pd.DataFrame, str | None]:
    """The postings in ``currency``, else in the most common one (on a tie the one listed
    first); a note goes to ``filters`` when others are left out."""
    counts = posts["currency"].value_counts()
    if currency is None and len(counts):
        currency = str(counts.index[0])
        if len(counts) > 1:
            filters.append(
                f"currency {currency}, the most common of {len(counts)} (others left out)"
            )
    if currency is not None:
        posts = posts[(posts["currency"] == currency).to_numpy()]
    return posts, currency


def salary_summary(search: JobSearch, *, by: str | Sequence[str] = ("role",)) -> dict[str, Any]:
    """Posted salaries, offers, negotiation and a target as JSON-safe plain data.

    Examples
    --------
    >>> import json
    >>> import pandas as pd
    >>> from jobsearch_analytics.model import JobSearch
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a"]}))
    >>> d = salary_summary(s)
    >>> sorted(d), bool(json.dumps(d))
    (['negotiation', 'offers', 'posted', 'target'], True)
    """
    posted = posted_salary(search, by=by)
    neg = negotiation(search)
    return {
        "posted": {"rows": table_records(posted), "note": posted.attrs["note"]},
        "offers": {"rows": table_records(offers_vs_posted(search))},
        "negotiation": {
            "rows": table_records(neg),
            **{k: to_plain(v) for k, v in neg.attrs.items()},
        },
        # The summary names the basis (n and the rule); the postings themselves -- all of them
        # for a large search -- stay with salary_target().
        "target": salary_target(search).to_dict(rows=False),
    }
