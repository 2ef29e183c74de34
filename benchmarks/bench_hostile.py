"""Refusing hostile files: seconds and peak memory of the whole process tree, per class.

Each class of tests/io/test_hostile_round2.py (the fixtures are built by the same functions,
loaded from that file) is loaded with ``jsa.load`` in a fresh Python process; the process,
its forkserver and every reader child are polled from /proc, and the peak of their summed
resident memory is printed with the seconds the load took (forkserver start included, as a
user's first load pays it) and the first words of the outcome. Budget: 5 s and 400 MiB each.

    python benchmarks/bench_hostile.py
    python benchmarks/bench_hostile.py --only merge_down csv_3m_rows
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from pathlib import Path

CASES = Path(__file__).resolve().parents[1] / "tests" / "io" / "test_hostile_round2.py"


def _cases():
    spec = importlib.util.spec_from_file_location("hostile_cases", CASES)
    module = importlib.util.module_from_spec(spec)
    sys.modules["hostile_cases"] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    cases = _cases()
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", nargs="*", default=None, help="class names (default: all)")
    args = ap.parse_args()
    names = args.only or [*sorted(cases.CLASSES), "far_row"]
    folder = Path(tempfile.mkdtemp(prefix="jsa-hostile-"))
    good = cases.good_xlsx(folder / "good.xlsx")
    print(f"{'class':<26} {'seconds':>7} {'tree MiB':>8}  outcome")
    worst_s = worst_m = 0.0
    for name in names:
        sub = folder / name
        sub.mkdir()
        p = cases.far_row(sub, good) if name == "far_row" else cases.build(name, sub, good)
        result, peak = cases.measured("load", p)
        outcome = result.get("error") or f"loaded, {result['rows']} applications"
        worst_s, worst_m = max(worst_s, result["seconds"]), max(worst_m, peak / 2**20)
        print(f"{name:<26} {result['seconds']:>7.2f} {peak / 2**20:>8.0f}  {outcome[:70]}")
    print(f"worst: {worst_s:.2f} s, {worst_m:.0f} MiB (budget 5 s, 400 MiB)")


if __name__ == "__main__":
    main()
