"""Time and peak memory of ``summarize`` on generated searches of several sizes.

Each size runs in a fresh Python process, so its peak resident memory (``ru_maxrss``) is its
own. The generated search is built first (not timed); ``summarize`` then runs ``--repeat``
times and the best time is reported, once with the core numbers only (``extras=False``) and
once with every section (``extras=True``) unless ``--core-only``.

    python benchmarks/bench_summarize.py --sizes 10000 1000000
"""

from __future__ import annotations

import argparse
import json
import resource
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
    rss_data = _rss_mib()
    out = {
        "size": size,
        "events": len(search.events),
        "generate_s": gen_s,
        "rss_data_mib": rss_data,
    }
    modes = [("core", False)] if core_only else [("core", False), ("full", True)]
    for name, extras in modes:
        best = float("inf")
        for _ in range(repeat):
            t = time.perf_counter()
            summarize(search, today=sample.today, extras=extras)
            best = min(best, time.perf_counter() - t)
        out[f"{name}_s"] = best
        out[f"{name}_peak_mib"] = _rss_mib()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; best is kept")
    parser.add_argument("--core-only", action="store_true", help="skip extras=True")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(child(args.child, args.repeat, args.core_only)))
        return 0
    rows = []
    for size in args.sizes:
        cmd = [sys.executable, __file__, "--child", str(size), "--repeat", str(args.repeat)]
        if args.core_only:
            cmd.append("--core-only")
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(f"size {size}: failed\n{done.stderr[-2000:]}", file=sys.stderr)
            continue
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    header = (
        f"{'applications':>12} {'events':>10} {'generate s':>10} {'data MiB':>9} "
        f"{'core s':>8} {'peak MiB':>9} {'full s':>8} {'peak MiB':>9}"
    )
    print(header)
    for r in rows:
        full = (
            f"{r['full_s']:>8.2f} {r['full_peak_mib']:>9.0f}"
            if "full_s" in r
            else f"{'-':>8} {'-':>9}"
        )
        print(
            f"{r['size']:>12,} {r['events']:>10,} {r['generate_s']:>10.1f} "
            f"{r['rss_data_mib']:>9.0f} {r['core_s']:>8.2f} {r['core_peak_mib']:>9.0f} {full}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
