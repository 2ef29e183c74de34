"""Load speed: ``jsa.load`` against a bare ``pd.read_excel`` with calamine and with openpyxl.

Run on demand (``make bench`` or ``python benchmarks/bench_load.py``); all three readers are timed
in one process on the same generated trackers, so the ratios are comparable. Prints a table of
medians and the ratio of ``load`` to the bare calamine read (target: within 1.3x).

It first times a cold start: ``import jobsearch_analytics`` and the first ``jsa.load`` of
``data/sample/tracker.xlsx`` in fresh processes (budget: import and first load within 1 s;
the first load includes starting the isolated reader process).

    python benchmarks/bench_load.py --sizes 1000 50000 200000 --repeat 3 --cold 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from _timing import median_seconds

import jobsearch_analytics as jsa
from jobsearch_analytics.sample import write_large_tracker

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "tracker.xlsx"

_COLD = """
import json, sys, time
t0 = time.perf_counter()
import jobsearch_analytics as jsa
t1 = time.perf_counter()
jsa.load(sys.argv[1])
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "first_load_s": t2 - t1, "total_s": t2 - t0}))
"""


def cold_start(path: Path, repeat: int, pycache: Path) -> dict[str, float]:
    """Medians over ``repeat`` fresh interpreters of the import and the first load.

    Byte code is cached (in ``pycache``, after one uncounted run) as in an installed package,
    even where the environment turns caching off.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", _COLD, str(path)],
                capture_output=True,
                text=True,
                check=True,
                env=env,
            ).stdout
        )
        for _ in range(repeat + 1)
    ][1:]
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 50000, 200000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--openpyxl-max",
        type=int,
        default=50000,
        help="skip the openpyxl baseline above this many rows (it is slow)",
    )
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "jsa-bench")
    parser.add_argument(
        "--cold", type=int, default=5, help="fresh processes for the cold start (0: skip)"
    )
    args = parser.parse_args()
    if args.cold:
        cold = cold_start(SAMPLE, args.cold, args.dir / "pycache")
        print(
            f"cold start ({SAMPLE.name}, median of {args.cold}): import {cold['import_s']:.3f} s, "
            f"first load {cold['first_load_s']:.3f} s, together {cold['total_s']:.3f} s "
            f"(budget 1 s)"
        )
    args.dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in args.sizes:
        path = args.dir / f"tracker_{n}.xlsx"
        if not path.exists():
            t0 = time.perf_counter()
            write_large_tracker(path, n)
            print(f"wrote {path} in {time.perf_counter() - t0:.1f} s")
        rep = args.repeat if n <= 50000 else max(1, args.repeat - 1)
        t_cal = median_seconds(lambda p=path: pd.read_excel(p, engine="calamine"), rep)
        t_opx = (
            median_seconds(lambda p=path: pd.read_excel(p, engine="openpyxl"), 1)
            if n <= args.openpyxl_max
            else float("nan")
        )
        t_load = median_seconds(lambda p=path: jsa.load(p), rep)
        search = jsa.load(path)
        rows.append(
            {
                "rows": n,
                "kept": len(search),
                "calamine_s": t_cal,
                "openpyxl_s": t_opx,
                "load_s": t_load,
                "load/calamine": t_load / t_cal,
                "load/openpyxl": t_load / t_opx,
            }
        )
    table = pd.DataFrame(rows)
    with pd.option_context("display.float_format", "{:.3f}".format, "display.width", 120):
        print(table.to_string(index=False))


if __name__ == "__main__":
    main()
