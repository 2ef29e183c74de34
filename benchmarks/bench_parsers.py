"""Value-parser speed on 200k-value columns (medians of 3).

python benchmarks/bench_parsers.py
"""

from __future__ import annotations

import pandas as pd
from _timing import median_seconds

from jobsearch_analytics.io.dates import parse_dates
from jobsearch_analytics.io.salary import parse_salary


def main() -> None:
    stamps = pd.date_range("2020-01-01", periods=200_000, freq="37min")
    iso = pd.Series(stamps.strftime("%Y-%m-%d %H:%M"), dtype=object)
    objects = pd.Series(list(stamps.to_pydatetime()), dtype=object)
    messy = pd.Series(["3/4/2024", "13/4/2024", "Jan 5", "Pending", 45000] * 40_000)
    salaries = ["$90,000-$144,000", "$30-40/hr", "£45k", "DOE", "80,000-100,000 EUR"] * 40_000
    base = median_seconds(lambda: pd.to_datetime(iso, format="%Y-%m-%d %H:%M"))
    print(f"pd.to_datetime(ISO, format=...) baseline: {base:.3f} s")
    for name, fn in [
        ("parse_dates ISO text", lambda: parse_dates(iso)),
        ("parse_dates datetimes", lambda: parse_dates(objects)),
        ("parse_dates messy repeated", lambda: parse_dates(messy)),
        ("parse_salary x200k (uncached loop)", lambda: [parse_salary(v) for v in salaries[:20000]]),
    ]:
        t = median_seconds(fn)
        print(f"{name:<36} {t:.3f} s  ({t / base:.1f}x baseline)")


if __name__ == "__main__":
    main()
