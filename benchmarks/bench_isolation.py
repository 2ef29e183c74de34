"""Cost of parsing in a child process: ``read_book`` isolated against in-process.

python benchmarks/bench_isolation.py --rows 1000 50000 --repeat 5

For each size: the pre-flight alone, ``read_book(isolate=False)`` (pre-flight + calamine in
this process) and ``read_book(isolate=True)`` (pre-flight here, calamine in a forkserver
child, rows pickled back), medians of ``--repeat`` runs after one warm-up (the first isolated
read also starts the forkserver; that one-off cost is printed separately).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from _timing import median_seconds
from bench_readers import _write_xlsx

from jobsearch_analytics.io.preflight import preflight
from jobsearch_analytics.io.readers import read_book


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, nargs="+", default=[1_000, 50_000])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    first = True
    for n in args.rows:
        p = tmp / f"tracker-{n}.xlsx"
        _write_xlsx(p, n)
        if first:
            t0 = time.perf_counter()
            read_book(p, isolate=True)
            print(f"forkserver start + first isolated read: {time.perf_counter() - t0:.3f} s")
            first = False
        read_book(p, isolate=False)
        pre = median_seconds(lambda p=p: preflight(p), args.repeat)
        inline = median_seconds(lambda p=p: read_book(p, isolate=False), args.repeat)
        child = median_seconds(lambda p=p: read_book(p, isolate=True), args.repeat)
        print(
            f"{n:>7} rows: pre-flight {pre:.3f} s, in-process {inline:.3f} s, isolated "
            f"{child:.3f} s, ratio {child / inline:.2f} (+{(child - inline) * 1000:.0f} ms)"
        )


if __name__ == "__main__":
    main()
