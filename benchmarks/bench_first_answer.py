"""The first answer from a cold process: ``jobsearch-analytics summary`` on a tracker against a
bare ``python -c "import pandas; pandas.read_excel(...)"`` of the same file, in the same run.

Each round starts both as fresh processes, one after the other (alternating which goes
first), so a slow moment of the machine hits both; the report is each one's median wall time
and the median of the per-round ratios. Byte code is cached in a scratch folder, as it is for
an installed package (CI sets PYTHONDONTWRITEBYTECODE, which would time compiling instead).

Budgets (issue #15): summary <= 1.5 s and <= 2.5x the bare read.

    python benchmarks/bench_first_answer.py --rounds 7
    python benchmarks/bench_first_answer.py --file my_tracker.xlsx
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "tracker.xlsx"


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=SAMPLE)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="jsa-pycache-")
    env["PYTHONPATH"] = str(ROOT / "src")
    summary = [sys.executable, "-m", "jobsearch_analytics.cli", "summary", str(args.file)]
    bare = [sys.executable, "-c", f"import pandas; pandas.read_excel({str(args.file)!r})"]
    for cmd in (summary, bare):  # warm the byte-code cache and the file system
        _wall(cmd, env)
    ours, theirs, ratios = [], [], []
    for i in range(args.rounds):
        pair = (summary, bare) if i % 2 == 0 else (bare, summary)
        times = {id(cmd): _wall(cmd, env) for cmd in pair}
        ours.append(times[id(summary)])
        theirs.append(times[id(bare)])
        ratios.append(ours[-1] / theirs[-1])
    print(f"{args.file.name}, {args.rounds} rounds, load {os.getloadavg()[0]:.1f}:")
    print(f"  jobsearch-analytics summary  median {statistics.median(ours):.3f} s")
    print(f"  bare pandas.read_excel       median {statistics.median(theirs):.3f} s")
    print(f"  ratio (median of rounds)     {statistics.median(ratios):.2f}x")


if __name__ == "__main__":
    main()
