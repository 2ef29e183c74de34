"""CPU time of the charts alone: the 8 charts of a client report and the dashboard's panels.

Report charts: ``build_report`` for N generated clients (``--apps`` applications each, seeds
1000, 1001, ... as in ``bench_batch.py``), with every ``_Charts.draw`` call timed (plot, fit
the margins, write the SVG): the metrics around them are not counted. Dashboard charts: the
chart parts of each tab (``panels._figure``, the ``plots`` calls, ``panels._fitted``,
``panels._svg``) for distinct filter states of a generated search (``--dash-n`` applications,
seed 0, as in ``bench_dashboard.py``); again the metrics are not counted.

Each measurement runs in a fresh process that imports everything, draws one warm-up client
and one warm-up round of panels, then settles the garbage collector as a batch worker does
(``report.batch._settle_gc``: frozen, young collections every 20000 objects). Times are CPU
seconds of that process (``time.process_time``), so other jobs on a shared machine disturb
them much less than wall time; medians over clients / states, then over processes.

With ``--baseline PATH`` (a ``src`` folder of another tree, e.g. made with ``git archive HEAD
src | tar -x -C /tmp/base``), the same worker runs against that tree in interleaved fresh
processes (new, old, old, new, ...) and the ratios new / old are printed. ``--src`` measures
another tree than this repository's as "new" (e.g. only some files changed).

    python benchmarks/bench_charts.py --clients 10 --rounds 3
    python benchmarks/bench_charts.py --baseline /tmp/base/src --rounds 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

TODAY = "2024-06-01"
SRC = Path(__file__).resolve().parents[1] / "src"

#: The plot functions the dashboard panels call (timed wherever a panel calls them).
_PANEL_PLOTS = (
    "plot_funnel",
    "plot_survival",
    "plot_ghosting",
    "plot_thank_you",
    "plot_follow_up",
    "plot_salary_ranges",
    "plot_activity",
)
#: Panels with charts (Data quality has none).
_PANELS = ("Overview", "Timing", "After the interview", "Salary", "Next steps")


def _settle_gc() -> None:
    try:
        from jobsearch_analytics.report.batch import _settle_gc as settle
    except ImportError:  # an older tree: do what it does
        import gc

        gc.collect()
        gc.freeze()
        gc.set_threshold(20_000, 20, 20)
        return
    settle()


def _report_charts(clients: int, apps: int) -> dict[str, list[float]]:
    """CPU seconds per chart name, one entry per client (and the sum as 'per client')."""
    from jobsearch_analytics.report import client as report_client
    from jobsearch_analytics.sample import generate

    searches = [generate(1000 + k, n_applications=apps).to_jobsearch() for k in range(clients + 1)]
    original = report_client._Charts.draw
    current: dict[str, float] = {}

    def timed(self, name, caption, plot, notes):  # type: ignore[no-untyped-def]
        t0 = time.process_time()
        try:
            return original(self, name, caption, plot, notes)
        finally:
            current[name] = current.get(name, 0.0) + time.process_time() - t0

    report_client._Charts.draw = timed
    samples: dict[str, list[float]] = defaultdict(list)
    try:
        # The first client warms the process up (imports, fonts, caches): not counted.
        report_client.build_report(searches[0], today=TODAY, client="warm-up")
        _settle_gc()
        for k, search in enumerate(searches[1:]):
            current.clear()
            report = report_client.build_report(search, today=TODAY, client=f"client {k}")
            failed = [n for s in report.sections for n in s.notes if "could not be drawn" in n]
            if failed:
                raise RuntimeError(f"client {k}: {failed}")
            for name, seconds in current.items():
                samples[name].append(seconds)
            samples["per client"].append(sum(current.values()))
    finally:
        report_client._Charts.draw = original
    return samples


def _dashboard_charts(n: int, states: int) -> dict[str, list[float]]:
    """CPU seconds of each tab's chart parts, one entry per filter state."""
    import jobsearch_analytics.plots as jp
    from jobsearch_analytics.sample import generate
    from jobsearch_analytics.widgets import FilterState, filter_search, panels

    search = generate(0, n_applications=n).to_jobsearch()
    sources = search.applications["source"].value_counts().index.tolist()
    words = ["", "engineer", "analyst", "manager", "data", "senior"]
    choices = [{"source": s, "role": w} for w in words for s in sources][: states + 1]
    selections = [filter_search(search, FilterState(**kw)) for kw in choices]

    spent = [0.0]
    patched: list[tuple[object, str, object]] = []

    def wrap(owner: object, attr: str) -> None:
        fn = getattr(owner, attr)

        def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
            t0 = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[0] += time.process_time() - t0

        patched.append((owner, attr, fn))
        setattr(owner, attr, timed)

    for attr in ("_figure", "_fitted", "_svg"):
        wrap(panels, attr)
    for attr in _PANEL_PLOTS:
        wrap(jp, attr)
    samples: dict[str, list[float]] = defaultdict(list)
    try:
        for i, selection in enumerate(selections):
            for tab in _PANELS:
                spent[0] = 0.0
                panels.render_panel(panels.PANELS[tab](selection, today=TODAY))
                if i:  # the first state warms up: not counted
                    samples[tab].append(spent[0])
            if i == 0:
                _settle_gc()
    finally:
        for owner, attr, fn in reversed(patched):
            setattr(owner, attr, fn)
    return samples


def worker(args: argparse.Namespace) -> dict[str, dict[str, float]]:
    """Medians (CPU ms) of one process."""
    import matplotlib

    matplotlib.use("Agg")
    out: dict[str, dict[str, float]] = {}
    if args.clients:
        report = _report_charts(args.clients, args.apps)
        out["report"] = {k: 1000 * statistics.median(v) for k, v in report.items()}
    if args.states:
        dash = _dashboard_charts(args.dash_n, args.states)
        out["dashboard"] = {k: 1000 * statistics.median(v) for k, v in dash.items()}
    return out


def _run(src: Path, args: argparse.Namespace) -> dict[str, dict[str, float]]:
    env = {**os.environ, "PYTHONPATH": str(src), "MPLBACKEND": "Agg"}
    cmd = [
        sys.executable,
        __file__,
        "--worker",
        f"--clients={args.clients}",
        f"--apps={args.apps}",
        f"--states={args.states}",
        f"--dash-n={args.dash_n}",
    ]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"worker failed ({src}):\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _table(runs: dict[str, list[dict]], baseline: bool) -> None:
    def med(tree: str, part: str, key: str) -> float:
        return statistics.median(r[part][key] for r in runs[tree])

    first = runs["new"][0]
    for part in ("report", "dashboard"):
        if part not in first:
            continue
        title = "report charts (CPU ms per chart)" if part == "report" else "dashboard tabs"
        print(f"\n{title}")
        head = f"  {'':<22}{'new':>9}"
        print(head + (f"{'old':>9}{'new/old':>9}{'paired':>9}" if baseline else ""))
        keys = list(first[part])
        if "per client" in keys:  # last, under the charts it sums
            keys.remove("per client")
            keys.append("per client")
        for key in keys:
            new = med("new", part, key)
            line = f"  {key:<22}{new:9.1f}"
            if baseline:
                old = med("old", part, key)
                # Each round's two processes ran next to each other, under about the same
                # load: the median of their ratios moves less than the ratio of medians.
                paired = statistics.median(
                    n[part][key] / o[part][key]
                    for n, o in zip(runs["new"], runs["old"], strict=True)
                )
                line += f"{old:9.1f}{new / old:9.2f}{paired:9.2f}"
            print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10, help="report clients per process")
    parser.add_argument("--apps", type=int, default=60, help="applications per client")
    parser.add_argument("--states", type=int, default=6, help="dashboard filter states")
    parser.add_argument("--dash-n", type=int, default=10_000, help="dashboard applications")
    parser.add_argument("--rounds", type=int, default=3, help="fresh processes per tree")
    parser.add_argument("--baseline", type=Path, help="src folder of the tree to compare with")
    parser.add_argument("--src", type=Path, default=SRC, help="src folder of the tree to measure")
    parser.add_argument("--verbose", action="store_true", help="print every process' result")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args)))
        return
    trees = {"new": args.src.resolve()}
    if args.baseline:
        trees["old"] = args.baseline.resolve()
    print("load average before (1, 5, 15 min):", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(
        f"{args.rounds} fresh process(es) per tree, interleaved; each: {args.clients} clients "
        f"x {args.apps} applications, {args.states} dashboard filter states at {args.dash_n}"
    )
    runs: dict[str, list[dict]] = {tree: [] for tree in trees}
    for round_ in range(args.rounds):
        # Alternate which tree goes first, so a load that changes steadily favours neither.
        order = list(trees.items())
        for tree, src in order[::-1] if round_ % 2 else order:
            runs[tree].append(_run(src, args))
            if args.verbose:
                per_client = runs[tree][-1].get("report", {}).get("per client")
                print(f"  round {round_ + 1} {tree}: per client {per_client}", flush=True)
    _table(runs, baseline="old" in trees)
    print("\nload average after (1, 5, 15 min):", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
