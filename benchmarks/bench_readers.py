"""Reader overhead: ``read_book`` against a bare python-calamine read, and CSV at 200k rows.

python benchmarks/bench_readers.py --rows 50000 --repeat 5
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import tempfile
from pathlib import Path

import python_calamine as pc
import xlsxwriter
from _timing import median_seconds

from jobsearch_analytics.io.readers import read_book


def _write_xlsx(path: Path, n: int) -> None:
    rng = random.Random(3)
    with xlsxwriter.Workbook(path) as wb:
        ws = wb.add_worksheet("Jobs")
        date = wb.add_format({"num_format": "yyyy-mm-dd"})
        ws.write_row(0, 0, ["Company", "Role", "Source", "Applied", "Status", "Salary", "Notes"])
        for i in range(1, n + 1):
            ws.write_row(i, 0, [f"Co {i % 997}", rng.choice(["Analyst", "Engineer"]), "LinkedIn"])
            ws.write_datetime(i, 3, dt.datetime(2024, 1, 1) + dt.timedelta(days=i % 300), date)
            if i % 4:
                ws.write(i, 4, rng.choice(["Applied", "Rejected"]))
            if i % 3:
                ws.write_number(i, 5, rng.randint(50, 150) * 1000)


def _write_csv(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Company", "Role", "Applied", "Status", "Notes"])
        for i in range(n):
            w.writerow([f"Co {i}", "Analyst", "2024-03-05", "Applied" if i % 3 else "", "a, b"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--csv-rows", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    xlsx, text = tmp / "big.xlsx", tmp / "big.csv"
    _write_xlsx(xlsx, args.rows)
    _write_csv(text, args.csv_rows)
    bare = median_seconds(
        lambda: pc.CalamineWorkbook.from_path(xlsx).get_sheet_by_index(0).to_python(), args.repeat
    )
    ours = median_seconds(lambda: read_book(xlsx), args.repeat)
    csv_t = median_seconds(lambda: read_book(text), args.repeat)
    print(
        f"xlsx {args.rows} rows: bare calamine {bare:.3f} s, read_book {ours:.3f} s, "
        f"ratio {ours / bare:.2f}"
    )
    print(f"csv {args.csv_rows} rows: read_book {csv_t:.3f} s")


if __name__ == "__main__":
    main()
