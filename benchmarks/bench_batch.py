"""A coach's batch at scale: N generated client trackers -> one report each + cohort.html.

The trackers are written first (not timed) with the sample generator's writer (openpyxl, the
standard layout, messy values), each from its own seed, ``--apps`` applications each. Then the
batch runs with every core, and again with one worker as the in-run baseline. Target: 100
trackers in under 60 s on 2 cores. ``cpu_s`` is the CPU time the run used (all processes).

    python benchmarks/bench_batch.py --clients 100 --apps 60
    python benchmarks/bench_batch.py --clients 20 --xlsx --anonymize
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path


def _cpu_seconds() -> float:
    """CPU time (user + system) of this process and of its finished child processes (the
    batch's workers and the parsing children they waited for). On a shared machine it moves
    much less than the wall time, so two runs compare better by it."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def write_trackers(folder: Path, clients: int, apps: int) -> float:
    from jobsearch_analytics.sample import generate, write_tracker_xlsx

    t0 = time.perf_counter()
    for k in range(clients):
        sample = generate(1000 + k, n_applications=apps)
        write_tracker_xlsx(sample, folder / f"client-{k:03d}.xlsx", messy=k % 2 == 0)
    return time.perf_counter() - t0


def run(folder: Path, out: Path, workers: int, args: argparse.Namespace) -> dict:
    from jobsearch_analytics.report import run_batch

    before = _cpu_seconds()
    t0 = time.perf_counter()
    result = run_batch(
        folder,
        out,
        today="2024-06-01",
        workers=workers,
        xlsx=args.xlsx,
        secret="benchmark-secret" if args.anonymize else None,
        progress=False,
        charts=not args.no_charts,
    )
    seconds = time.perf_counter() - t0
    return {
        "workers": workers,
        "seconds": round(seconds, 2),
        "cpu_s": round(_cpu_seconds() - before, 2),
        "per_client_s": round(seconds / max(1, len(result.outcomes)), 3),
        "succeeded": result.succeeded,
        "failed": result.failed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--apps", type=int, default=60, help="applications per tracker")
    parser.add_argument("--xlsx", action="store_true")
    parser.add_argument("--anonymize", action="store_true")
    parser.add_argument("--no-charts", action="store_true")
    parser.add_argument("--no-baseline", action="store_true", help="skip the 1-worker run")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    # The machine may be shared: the load says how much of it this run had.
    load_before = [round(x, 2) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "clients"
        folder.mkdir()
        write_s = write_trackers(folder, args.clients, args.apps)
        runs = [run(folder, Path(tmp) / "out-all", cores, args)]
        if not args.no_baseline and cores > 1:
            runs.append(run(folder, Path(tmp) / "out-one", 1, args))
    print(
        json.dumps(
            {
                "clients": args.clients,
                "apps_per_client": args.apps,
                "cores": cores,
                "xlsx": args.xlsx,
                "anonymize": args.anonymize,
                "write_trackers_s": round(write_s, 1),
                "load_average_before": load_before,
                "load_average_after": [round(x, 2) for x in os.getloadavg()],
                "runs": runs,
                "target_s": 60,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
