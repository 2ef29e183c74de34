"""Cost of parsing in a child process: ``read_book`` isolated against in-process.

python benchmarks/bench_isolation.py --rows 1000 50000 --repeat 5
python benchmarks/bench_isolation.py --first 5   # first read of the sample in fresh processes

``--first N``: in N fresh Python processes, the first isolated read of
data/sample/tracker.xlsx (the forkserver starts, imports the readers, forks the child), and
the peak resident memory of the forkserver and its child, read from /proc. Medians.

For each size: the pre-flight alone, ``read_book(isolate=False)`` (pre-flight + calamine in
this process) and ``read_book(isolate=True)`` (pre-flight here, calamine in a forkserver
child, rows pickled back), medians of ``--repeat`` runs after one warm-up (the first isolated
read also starts the forkserver; that one-off cost is printed separately).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import median_seconds
from bench_readers import _write_xlsx

from jobsearch_analytics.io.preflight import preflight
from jobsearch_analytics.io.readers import read_book

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "tracker.xlsx"
FIRST = """
import os, sys, time
t0 = time.perf_counter()
from jobsearch_analytics.io.readers import read_book
t1 = time.perf_counter()
read_book(sys.argv[1], isolate=True)
t2 = time.perf_counter()
kids = [int(p) for p in os.listdir("/proc") if p.isdigit()
        and open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()[1] == str(os.getpid())]
rss = 0
for k in kids:
    for line in open(f"/proc/{k}/status"):
        if line.startswith("VmHWM:"):
            rss += int(line.split()[1]) * 1024
print(t1 - t0, t2 - t1, rss, "pandas" in sys.modules)
"""


def first_reads(n: int) -> None:
    """The first isolated read in ``n`` fresh processes: import, read, forkserver memory."""
    runs = []
    for _ in range(n):
        out = subprocess.run(
            [sys.executable, "-c", FIRST, str(SAMPLE)], capture_output=True, text=True, check=True
        ).stdout.split()
        runs.append((float(out[0]), float(out[1]), int(out[2]), out[3]))
    imp = statistics.median(r[0] for r in runs)
    read = statistics.median(r[1] for r in runs)
    mem = statistics.median(r[2] for r in runs) / 2**20
    print(
        f"first isolated read of {SAMPLE.name} in a fresh process ({n} runs, medians): import "
        f"of the readers {imp:.3f} s, first read {read:.3f} s, forkserver peak {mem:.0f} MiB; "
        f"pandas imported by the readers: {runs[0][3]}"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, nargs="+", default=[1_000, 50_000])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--first", type=int, default=0, help="fresh processes to time, then stop")
    args = ap.parse_args()
    if args.first:
        first_reads(args.first)
        return
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
