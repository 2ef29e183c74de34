"""Proportions with intervals: the one place rates get their n, k and confidence bounds.

Every rate the package reports goes through :func:`proportion_table`, so every rate row has the
same columns: ``n, k, rate, ci_low, ci_high, small``.

Examples
--------
>>> t = proportion_table([3, 0], [40, 5])
>>> t[["n", "k"]].values.tolist()
[[40, 3], [5, 0]]
>>> round(float(t.loc[0, "ci_low"]), 4), round(float(t.loc[0, "ci_high"]), 4)
(0.0258, 0.1986)
>>> bool(t.loc[1, "small"])
True
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import special

__all__ = [
    "RATE_COLUMNS",
    "SMALL_N",
    "compare_rates",
    "mantel_haenszel_difference",
    "newcombe_difference",
    "proportion_ci",
    "proportion_table",
]

#: Columns of every rate table, after the grouping columns.
RATE_COLUMNS: tuple[str, ...] = ("n", "k", "rate", "ci_low", "ci_high", "small")

#: Groups with fewer applications than this are flagged ``small``: shown, never hidden, but the
#: interval is wide and the rate should not be read on its own.
SMALL_N: int = 10

Method = Literal["wilson", "jeffreys"]


@functools.lru_cache(maxsize=64)
def _normal_quantile(q: float) -> float:
    """The standard normal quantile (``scipy.stats.norm.ppf(q)``, which is ``special.ndtri``),
    kept per ``q``: a rate table needs one or two levels."""
    return float(special.ndtri(q))


def proportion_ci(
    k: Sequence[int] | np.ndarray | int,
    n: Sequence[int] | np.ndarray | int,
    *,
    method: Method = "wilson",
    level: float = 0.95,
) -> tuple[np.ndarray, np.ndarray]:
    """Two-sided confidence interval for ``k`` successes out of ``n`` (vectorised).

    ``wilson`` is the score interval (as ``statsmodels.stats.proportion.proportion_confint``
    with ``method="wilson"``); ``jeffreys`` the equal-tailed Beta(k + 1/2, n - k + 1/2)
    interval with the usual convention of 0 and 1 at the edges. Where ``n == 0`` both bounds
    are NaN.

    Examples
    --------
    >>> lo, hi = proportion_ci(7, 20)
    >>> round(float(lo[0]), 4), round(float(hi[0]), 4)
    (0.1812, 0.5671)
    >>> lo, hi = proportion_ci([0], [10], method="jeffreys")
    >>> float(lo[0]), round(float(hi[0]), 4)
    (0.0, 0.2172)
    """
    k_arr = np.atleast_1d(np.asarray(k, dtype="float64"))
    n_arr = np.atleast_1d(np.asarray(n, dtype="float64"))
    if np.any(k_arr < 0) or np.any(k_arr > n_arr):
        raise ValueError("need 0 <= k <= n for every group")
    alpha = 1.0 - level
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "wilson":
            z = _normal_quantile(1 - alpha / 2)
            p = k_arr / n_arr
            denom = 1 + z**2 / n_arr
            centre = (p + z**2 / (2 * n_arr)) / denom
            half = z * np.sqrt(p * (1 - p) / n_arr + z**2 / (4 * n_arr**2)) / denom
            low, high = centre - half, centre + half
        elif method == "jeffreys":
            # Beta quantiles (scipy.stats.beta.ppf is special.betaincinv).
            low = special.betaincinv(k_arr + 0.5, n_arr - k_arr + 0.5, alpha / 2)
            high = special.betaincinv(k_arr + 0.5, n_arr - k_arr + 0.5, 1 - alpha / 2)
            low = np.where(k_arr == 0, 0.0, low)
            high = np.where(k_arr == n_arr, 1.0, high)
        else:
            raise ValueError(f"method must be 'wilson' or 'jeffreys', not {method!r}")
    # exactly 0 and 1 at the edges (Wilson's 0 comes out as 2.8e-17 in floating point)
    low = np.where(k_arr == 0, 0.0, low)
    high = np.where(k_arr == n_arr, 1.0, high)
    empty = n_arr == 0
    low = np.where(empty, np.nan, np.clip(low, 0.0, 1.0))
    high = np.where(empty, np.nan, np.clip(high, 0.0, 1.0))
    return low, high


def proportion_table(
    k: Sequence[int] | np.ndarray | pd.Series,
    n: Sequence[int] | np.ndarray | pd.Series,
    *,
    method: Method = "wilson",
    level: float = 0.95,
    small_n: int = SMALL_N,
) -> pd.DataFrame:
    """A tidy rate table, one row per group: ``n, k, rate, ci_low, ci_high, small``.

    The index of ``k`` is kept when it is a Series (so group labels survive).

    Examples
    --------
    >>> import pandas as pd
    >>> t = proportion_table(pd.Series([2, 9], index=["cold", "referral"]),
    ...                      pd.Series([30, 20], index=["cold", "referral"]))
    >>> float(t.loc["referral", "rate"])
    0.45
    """
    index = k.index if isinstance(k, pd.Series) else None
    k_arr = np.asarray(k, dtype="int64")
    n_arr = np.asarray(n, dtype="int64")
    low, high = proportion_ci(k_arr, n_arr, method=method, level=level)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(n_arr > 0, k_arr / np.where(n_arr > 0, n_arr, 1), np.nan)
    return pd.DataFrame(
        {
            "n": n_arr,
            "k": k_arr,
            "rate": rate,
            "ci_low": low,
            "ci_high": high,
            "small": n_arr < small_n,
        },
        index=index,
    )


def newcombe_difference(
    k1: Sequence[int] | np.ndarray | int,
    n1: Sequence[int] | np.ndarray | int,
    k2: Sequence[int] | np.ndarray | int,
    n2: Sequence[int] | np.ndarray | int,
    *,
    level: float = 0.95,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Difference of two proportions ``k1/n1 - k2/n2`` with Newcombe's hybrid score interval.

    The interval combines the two Wilson intervals (Newcombe 1998, method 10); it stays inside
    [-1, 1] and behaves well for small n and rates near 0 or 1, where the Wald interval does not.
    Vectorised; NaN where either n is 0.

    Examples
    --------
    >>> d, lo, hi = newcombe_difference(56, 70, 48, 80)
    >>> round(float(d[0]), 4), round(float(lo[0]), 4), round(float(hi[0]), 4)
    (0.2, 0.0524, 0.3339)
    """
    k1a, n1a, k2a, n2a = (np.atleast_1d(np.asarray(x, dtype="float64")) for x in (k1, n1, k2, n2))
    l1, u1 = proportion_ci(k1a, n1a, level=level)
    l2, u2 = proportion_ci(k2a, n2a, level=level)
    with np.errstate(divide="ignore", invalid="ignore"):
        p1 = np.where(n1a > 0, k1a / np.where(n1a > 0, n1a, 1), np.nan)
        p2 = np.where(n2a > 0, k2a / np.where(n2a > 0, n2a, 1), np.nan)
    d = p1 - p2
    low = d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return d, low, high


def compare_rates(
    groups: pd.Series,
    success: pd.Series,
    *,
    order: Sequence[str],
    always: Sequence[str] = (),
    reference: str | None = None,
    level: float = 0.95,
    name: str = "bucket",
) -> pd.DataFrame:
    """A rate table over ``groups`` (labels) and ``success`` (bool), one row per label.

    Labels in ``always`` appear even when empty; others only when present. Labels are ordered
    as in ``order``, then any unexpected ones alphabetically. With a ``reference`` label, each
    other row also gets ``difference, diff_low, diff_high`` against it
    (:func:`newcombe_difference`).

    Examples
    --------
    >>> t = compare_rates(pd.Series(["a", "a", "b"]), pd.Series([True, False, True]),
    ...                   order=("a", "b"), reference="b")
    >>> t[["bucket", "n", "k", "difference"]].values.tolist()
    [['a', 2, 1, -0.5], ['b', 1, 1, nan]]
    """
    counts = pd.Series(success.to_numpy(dtype=bool)).groupby(groups.to_numpy(), observed=True)
    counts = counts.agg(["size", "sum"])
    n, k = counts["size"], counts["sum"]
    labels = [x for x in order if x in always or n.get(x, 0) > 0]
    labels += sorted(x for x in n.index if x not in labels)
    n = n.reindex(labels, fill_value=0).astype("int64")
    k = k.reindex(labels, fill_value=0).astype("int64")
    table = proportion_table(k, n, level=level)
    table.index.name = name
    table = table.reset_index()
    table[name] = table[name].astype("str")
    if reference is not None:
        kr = int(k.get(reference, 0))
        nr = int(n.get(reference, 0))
        d, lo, hi = newcombe_difference(
            k.to_numpy(), n.to_numpy(), np.full(len(k), kr), np.full(len(n), nr), level=level
        )
        is_ref = (table[name] == reference).to_numpy()
        table["difference"] = np.where(is_ref, np.nan, d)
        table["diff_low"] = np.where(is_ref, np.nan, lo)
        table["diff_high"] = np.where(is_ref, np.nan, hi)
    return table


def mantel_haenszel_difference(
    k1: Sequence[int] | np.ndarray,
    n1: Sequence[int] | np.ndarray,
    k2: Sequence[int] | np.ndarray,
    n2: Sequence[int] | np.ndarray,
    *,
    level: float = 0.95,
) -> tuple[float, float, float]:
    """The Mantel-Haenszel risk difference ``p1 - p2`` pooled over strata, with its interval.

    Each stratum (an interview round, say) compares like with like; the pooled difference
    weights stratum ``i`` by ``n1 n2 / (n1 + n2)``, and its variance is Sato's (1989; the
    Greenland-Robins estimator that stays consistent both with many sparse strata and with few
    large ones). Strata where either group is empty carry no weight. NaN when none is left.

    Examples
    --------
    No effect inside either stratum, but group 1 sits mostly in the stratum with the higher
    rate -- pooling the raw counts would show +0.24, the adjusted difference is 0:

    >>> d, lo, hi = mantel_haenszel_difference([48, 2], [60, 10], [8, 18], [10, 90])
    >>> round(d, 6), round(lo, 3), round(hi, 3)
    (0.0, -0.187, 0.187)
    """
    a, n1a, c, n0a = (np.asarray(x, dtype="float64") for x in (k1, n1, k2, n2))
    keep = (n1a > 0) & (n0a > 0)
    a, n1a, c, n0a = a[keep], n1a[keep], c[keep], n0a[keep]
    if not len(a):
        return float("nan"), float("nan"), float("nan")
    total = n1a + n0a
    weight = n1a * n0a / total
    d = float(np.sum((a * n0a - c * n1a) / total) / weight.sum())
    p_term = (n1a**2 * c - n0a**2 * a + n1a * n0a * (n0a - n1a) / 2) / total**2
    q_term = (a * (n0a - c) + c * (n1a - a)) / (2 * total)
    var = (d * p_term.sum() + q_term.sum()) / weight.sum() ** 2
    half = _normal_quantile(0.5 + level / 2) * np.sqrt(max(var, 0.0))
    return d, float(max(-1.0, d - half)), float(min(1.0, d + half))
