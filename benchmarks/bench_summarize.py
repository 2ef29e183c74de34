"""Time and peak memory of ``summarize`` on generated searches of several sizes.

Each size runs in fresh Python processes (``--runs`` of them), so each peak resident memory
(``ru_maxrss``) is that process's own. The generated search is built first (not timed);
``summarize`` then runs ``--repeat`` times with the core numbers only (``extras=False``) and
``--repeat`` times with every section (``extras=True``, unless ``--core-only``), alternating,
so a burst of load from other work on the machine hits both alike. The table shows medians over
all runs and repeats: wall-clock and CPU seconds, the peak memory after each mode (median over
runs), and ``full / core``, the ratio of the two medians measured in the same processes.

    python benchmarks/bench_summarize.py --sizes 10000 1000000 --repeat 3 --runs 3
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time


def _rss_mib() -> float:
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(size: int, repeat: int, core_only: bool) -> dict:
    from jobsearch_analytics.sample import generate
    from jobsearch_analytics.summary import summarize

    t0 = time.perf_counter()
    sample = generate(0, n_applications=size)
    search = sample.to_jobsearch()
    gen_s = time.perf_counter() - t0
    out: dict = {
        "size": size,
        "events": len(search.events),
        "generate_s": gen_s,
        "rss_data_mib": _rss_mib(),
    }
    modes = [("core", False)] if core_only else [("core", False), ("full", True)]
    for name, _ in modes:
        out[f"{name}_s"], out[f"{name}_cpu_s"] = [], []
    for _ in range(repeat):
        for name, extras in modes:
            t, c = time.perf_counter(), time.process_time()
            summarize(search, today=sample.today, extras=extras)
            out[f"{name}_s"].append(time.perf_counter() - t)
            out[f"{name}_cpu_s"].append(time.process_time() - c)
            # ru_maxrss only grows: read after the first call of each mode it is the peak of
            # core alone (run first), then of everything.
            out.setdefault(f"{name}_peak_mib", _rss_mib())
    return out


def _median(rows: list[dict], key: str) -> float:
    values = [v for r in rows for v in (r[key] if isinstance(r[key], list) else [r[key]])]
    return statistics.median(values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3, help="summarize calls per process")
    parser.add_argument("--runs", type=int, default=1, help="fresh processes per size")
    parser.add_argument("--core-only", action="store_true", help="skip extras=True")
    parser.add_argument("--json", action="store_true", help="also print every measurement")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(child(args.child, args.repeat, args.core_only)))
        return 0
    results = []
    for size in args.sizes:
        runs = []
        for _ in range(args.runs):
            cmd = [sys.executable, __file__, "--child", str(size), "--repeat", str(args.repeat)]
            if args.core_only:
                cmd.append("--core-only")
            done = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                print(f"size {size}: failed\n{done.stderr[-2000:]}", file=sys.stderr)
                continue
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        if runs:
            results.append(runs)
    header = (
        f"{'applications':>12} {'events':>10} {'data MiB':>9} "
        f"{'core s':>7} {'cpu s':>6} {'peak MiB':>9} "
        f"{'full s':>7} {'cpu s':>6} {'peak MiB':>9} {'full/core':>9}"
    )
    print(f"medians of {args.runs} process(es) x {args.repeat} call(s) per mode")
    print(header)
    for runs in results:
        first = runs[0]
        core = _median(runs, "core_s")
        line = (
            f"{first['size']:>12,} {first['events']:>10,} {_median(runs, 'rss_data_mib'):>9.0f} "
            f"{core:>7.2f} {_median(runs, 'core_cpu_s'):>6.2f} "
            f"{_median(runs, 'core_peak_mib'):>9.0f} "
        )
        if "full_s" in first:
            full = _median(runs, "full_s")
            line += (
                f"{full:>7.2f} {_median(runs, 'full_cpu_s'):>6.2f} "
                f"{_median(runs, 'full_peak_mib'):>9.0f} {full / core:>9.1f}"
            )
        print(line)
    if args.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
