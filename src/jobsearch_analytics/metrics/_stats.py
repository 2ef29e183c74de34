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
from scipy import stats

__all__ = ["RATE_COLUMNS", "SMALL_N", "proportion_ci", "proportion_table"]

#: Columns of every rate table, after the grouping columns.
RATE_COLUMNS: tuple[str, ...] = ("n", "k", "rate", "ci_low", "ci_high", "small")

#: Groups with fewer applications than this are flagged ``small``: shown, never hidden, but the
#: interval is wide and the rate should not be read on its own.
SMALL_N: int = 10

Method = Literal["wilson", "jeffreys"]


@functools.lru_cache(maxsize=64)
def _normal_quantile(q: float) -> float:
    """``scipy.stats.norm.ppf(q)``, kept per ``q``: a rate table needs one or two levels, and
    each scipy call costs more than the interval arithmetic of a whole table."""
    return float(stats.norm.ppf(q))


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
            low = stats.beta.ppf(alpha / 2, k_arr + 0.5, n_arr - k_arr + 0.5)
            high = stats.beta.ppf(1 - alpha / 2, k_arr + 0.5, n_arr - k_arr + 0.5)
            low = np.where(k_arr == 0, 0.0, low)
            high = np.where(k_arr == n_arr, 1.0, high)
        else:
            raise ValueError(f"method must be 'wilson' or 'jeffreys', not {method!r}")
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
