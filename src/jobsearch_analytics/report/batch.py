"""A coach's batch: one report per client tracker in a folder, plus ``cohort.html``.

Each tracker is loaded, (optionally) anonymised, reported and written in a worker process, both
cores busy (:class:`concurrent.futures.ProcessPoolExecutor`, ``spawn`` start: a clean
interpreter, no state forked from the caller). One broken or hostile file never stops the batch:
its failure is recorded with the reason and the others go on; spreadsheet parsing itself runs
isolated (:mod:`jobsearch_analytics.io.isolate`), and if a worker dies anyway the remaining
trackers are run again one at a time so that only the culprit fails.

Workers start warm (:func:`_init_worker`): pandas, matplotlib and the report code are imported
once per worker, and the garbage collector leaves those long-lived objects alone, which it
otherwise walked again and again while the charts made their many short-lived ones (about a
tenth of a report's time). The cohort's two charts are drawn by the same workers, side by side,
once every client is done.

Exit codes (:attr:`BatchResult.exit_code`): 0 every tracker reported, 1 some failed, 2 none did.

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "ana.csv").write_text("Company,Role,Date Applied,Status\\n"
...     "Acme,Analyst,2024-03-01,Rejected\\nBeta,Analyst,2024-03-04,Interview\\n")
>>> _ = (d / "broken.xlsx").write_bytes(b"not a zip")
>>> r = run_batch(d, d / "out", today="2024-04-01", workers=1, progress=False, charts=False)
>>> [(o.client, o.status) for o in r.outcomes], r.exit_code
([('ana', 'ok'), ('broken', 'failed')], 1)
>>> sorted(p.name for p in (d / "out").iterdir())
['ana.html', 'cohort.html']
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jobsearch_analytics.conventions import resolve_today
from jobsearch_analytics.report.cohort import ClientOutcome, build_cohort

__all__ = ["BatchResult", "client_name", "discover", "run_batch"]

_PathLike = str | os.PathLike[str]
Progress = Callable[[int, int, ClientOutcome], None]


def discover(folder: _PathLike, *, exclude: Iterable[_PathLike] = ()) -> list[tuple[Path, str]]:
    """The client trackers in ``folder``: each file directly in it is a client named after the
    file (without its ending); each sub-folder holding trackers is one client named after it.

    Hidden files, office lock files (``~$...``, ``.~lock...``), special files (named pipes,
    devices), reports this tool wrote and the folders in ``exclude`` are left out (see
    :func:`jobsearch_analytics.io.load.scan_folder`; :func:`_discover` also says why).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for n in ("b.xlsx", "a.csv", "~$a.xlsx", "notes.pdf"): _ = (d / n).write_text("x")
    >>> [(p.name, c) for p, c in discover(d)]
    [('a.csv', 'a'), ('b.xlsx', 'b')]
    """
    return _discover(folder, exclude)[0]


def _discover(
    folder: _PathLike, exclude: Iterable[_PathLike] = ()
) -> tuple[list[tuple[Path, str]], list[tuple[Path, str]]]:
    from jobsearch_analytics.io.load import scan_folder

    root = Path(folder)
    scan = scan_folder(root, exclude=exclude)
    top = [f for f in scan.files if f.parent == root]
    stems = [p.stem for p in top]
    found = {p: (p.stem if stems.count(p.stem) == 1 else p.name) for p in top}
    for f in scan.files:
        if f.parent != root:
            sub = root / f.relative_to(root).parts[0]
            found[sub] = sub.name
    return sorted(found.items()), scan.skipped


@dataclass(frozen=True)
class _Job:
    path: str
    client: str
    name: str
    html: str
    xlsx: str | None
    inputs: tuple[str, ...]
    today: str
    secret: str | None
    level: float
    charts: bool
    load_options: Mapping[str, Any]
    pdf: str | None = None
    since: str | None = None


@dataclass(frozen=True)
class BatchResult:
    """What a batch did: one :class:`ClientOutcome` per tracker (in input order), the cohort
    page, and the exit code (0 all reported, 1 some failed, 2 none)."""

    outcomes: tuple[ClientOutcome, ...]
    outdir: Path
    cohort: Path | None
    seconds: float = 0.0
    inputs: tuple[str, ...] = field(default=(), repr=False)
    skipped: tuple[tuple[str, str], ...] = ()
    interrupted: bool = False
    planned: int = 0
    key: Path | None = None
    cohort_xlsx: Path | None = None

    @property
    def succeeded(self) -> int:
        return sum(o.status == "ok" for o in self.outcomes)

    @property
    def failed(self) -> int:
        return len(self.outcomes) - self.succeeded

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130  # as a shell reports a command stopped by Ctrl-C
        if not self.outcomes or self.succeeded == 0:
            return 2
        return 1 if self.failed else 0

    def to_text(self) -> str:
        """The final table for the terminal: input, status, report file or the reason.

        The input names are shown (the coach's own terminal), also when anonymised, so the
        coach can tell which pseudonym is whose; nothing here is written to a file.
        """
        names = [*self.inputs, *(n for n, _ in self.skipped)]
        width = max([len(n) for n in names] + [len("tracker")])
        lines = [f"{'tracker':<{width}}  status  report / reason"]
        for name, o in zip(self.inputs, self.outcomes, strict=False):
            what = o.html if o.status == "ok" else o.error
            lines.append(f"{name:<{width}}  {o.status:<6}  {what}")
        for name, why in self.skipped:
            lines.append(f"{name:<{width}}  {'skip':<6}  {why}")
        if self.interrupted:
            lines.append(
                f"interrupted: {self.succeeded} of {self.planned} reported (listed above), "
                "the rest stopped; no half-written file, no cohort page."
            )
            return "\n".join(lines)
        lines.append(
            f"{self.succeeded} reported, {self.failed} failed, in {self.seconds:.1f} s. "
            + (f"Cohort: {self.cohort}" if self.cohort else "")
            + (f" and {self.cohort_xlsx}" if self.cohort_xlsx else "")
        )
        if self.key is not None:
            lines.append(f"Key (pseudonym -> client, keep it private): {self.key}")
        return "\n".join(lines)


_UNSAFE = re.compile(r"[^\w.-]+")
_NAME_LIKE = re.compile(r"^[^\W\d_]+(?:[ '-][^\W\d_]+){0,3}$")


def client_name(stem: str) -> str | None:
    """A person's name read from a tracker's file or folder name, or None when it does not
    look like one (digits, more than four words): the report is then titled by its period,
    never by a file name such as ``personal_tracker_198rows``.

    Examples
    --------
    >>> client_name("alice"), client_name("margaret-hollis"), client_name("Chen_Wei")
    ('Alice', 'Margaret Hollis', 'Chen Wei')
    >>> client_name("personal_tracker_198rows_response_dates"), client_name("tracker 2024")
    (None, None)
    """
    text = re.sub(r"[_\s]+", " ", stem.replace("-", " ")).strip()
    if not _NAME_LIKE.match(text) or len(text) > 40:
        return None
    return " ".join(w[:1].upper() + w[1:] for w in text.split())


def _file_stem(name: str, taken: set[str]) -> str:
    stem = _UNSAFE.sub("_", name).strip("._") or "client"
    if stem.lower() == "cohort":
        stem = "cohort_client"
    candidate, k = stem, 2
    while candidate.lower() in taken:
        candidate = f"{stem}_{k}"
        k += 1
    taken.add(candidate.lower())
    return candidate


def _stderr_progress(done: int, total: int, outcome: ClientOutcome) -> None:
    mark = "ok" if outcome.status == "ok" else "FAILED"
    print(
        f"[{done:>{len(str(total))}}/{total}] {outcome.client}: {mark} ({outcome.seconds:.1f} s)",
        file=sys.stderr,
        flush=True,
    )


def run_batch(
    source: _PathLike | Iterable[_PathLike],
    outdir: _PathLike,
    *,
    today: Any = None,
    secret: str | None = None,
    xlsx: bool = False,
    workers: int | None = None,
    progress: bool | Progress = True,
    level: float = 0.95,
    charts: bool = True,
    load_options: Mapping[str, Any] | None = None,
    pdf: bool = False,
    since: Any = None,
) -> BatchResult:
    """Write one report per client tracker and ``cohort.html`` into ``outdir``.

    Parameters
    ----------
    source : path-like or iterable of path-like
        A folder (see :func:`discover`) or a list of tracker files.
    outdir : path-like
        Output folder, created when missing. Reports are named after the client
        (``<client>.html``, ``<client>.report.xlsx``) or, anonymised, after its pseudonym.
    today : date-like, optional
        Analysis date for every client; default today.
    secret : str, optional
        Anonymise every report with this secret (see
        :mod:`jobsearch_analytics.report.anonymize`).
    xlsx : bool
        Also write the workbook of each report's tables.
    workers : int, optional
        Worker processes; default ``os.cpu_count()``. 1 runs in this process.
    progress : bool or callable
        Print a line per finished tracker to stderr (True), nothing (False), or call
        ``progress(done, total, outcome)``.
    level : float
        Confidence level of every interval.
    charts : bool
        Draw the charts.
    load_options : mapping, optional
        Keyword arguments for :func:`jobsearch_analytics.load` (``dayfirst``,
        ``default_currency``, ``columns``).
    pdf : bool
        Also write each report, and the cohort page, as PDF (A4, by WeasyPrint).
    since : date-like, optional
        Compare this period (``since`` to ``today``) with the one before in every report and
        on the cohort page.

    Anonymised, the key (pseudonym -> tracker) is written once, beside ``outdir`` and not in
    it (:attr:`BatchResult.key`); with ``xlsx`` the cohort is also ``cohort.xlsx``.

    Returns
    -------
    BatchResult
    """

    from jobsearch_analytics.io.writers import check_output

    started = time.perf_counter()
    now = resolve_today(today)
    out = Path(outdir)
    found, skipped, inputs = _sources(source, out)
    # Before any work: the output folder can be made, written, and has room for every report.
    check_output(out / "cohort.html", inputs=inputs, size=(len(found) + 1) << 20, create=True)
    since_iso = None if since is None else resolve_today(since).date().isoformat()
    jobs = _jobs(found, inputs, now.date().isoformat(), secret, xlsx, level, charts, load_options)
    jobs = [replace(j, pdf=j.html[:-5] + ".pdf" if pdf else None, since=since_iso) for j in jobs]
    report_progress = _stderr_progress if progress is True else (progress or None)
    n_workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    results: dict[int, ClientOutcome] = {}
    interrupted = False
    with _workers(n_workers) as pool:
        try:
            _run_all(jobs, str(out), pool, report_progress, results)
            outcomes = tuple(results[i] for i in range(len(jobs)))
            cohort = build_cohort(
                outcomes,
                today=now.date().isoformat(),
                level=level,
                charts=charts,
                anonymized=bool(secret),
                map_charts=_chart_map(pool),
                since=since_iso,
            )
        except KeyboardInterrupt:
            interrupted = True
            _stop_workers(pool)
    names = tuple(str(p.name) for p, _ in found)
    shown = tuple((str(p.relative_to(out.parent) if p.is_relative_to(out.parent) else p.name),
                   why) for p, why in skipped)  # fmt: skip
    if interrupted:
        done = [i for i in range(len(jobs)) if i in results]
        return BatchResult(
            outcomes=tuple(results[i] for i in done),
            outdir=out,
            cohort=None,
            seconds=time.perf_counter() - started,
            inputs=tuple(names[i] for i in done),
            skipped=shown,
            interrupted=True,
            planned=len(jobs),
        )
    cohort_path, cohort_xlsx, key = _write_cohort(cohort, out, inputs, xlsx, pdf, secret, jobs)
    return BatchResult(
        outcomes=outcomes,
        outdir=out,
        cohort=cohort_path,
        seconds=time.perf_counter() - started,
        inputs=names,
        skipped=shown,
        planned=len(jobs),
        key=key,
        cohort_xlsx=cohort_xlsx,
    )


def _write_cohort(
    cohort: Any,
    out: Path,
    inputs: tuple[str, ...],
    xlsx: bool,
    pdf: bool,
    secret: str | None,
    jobs: list[_Job],
) -> tuple[Path, Path | None, Path | None]:
    """Write ``cohort.html`` (and its workbook and PDF when asked), and the key of an
    anonymised batch once, beside the output folder: ``(cohort, cohort.xlsx, key)``."""
    from jobsearch_analytics.io.writers import write_text

    html = cohort.to_html()
    cohort_path = write_text(html, out / "cohort.html", inputs=inputs)
    cohort_xlsx = None
    if xlsx:
        from jobsearch_analytics.report.cohort import write_cohort_xlsx

        cohort_xlsx = write_cohort_xlsx(cohort, out / "cohort.xlsx", inputs=inputs)
    if pdf:
        from jobsearch_analytics.report.export import write_report_pdf

        write_report_pdf(html, out / "cohort.pdf", inputs=inputs)
    key = None
    if secret is not None and jobs:
        from jobsearch_analytics.report.anonymize import write_key

        key = write_key([(j.name, j.path) for j in jobs], out, inputs=inputs)
    return cohort_path, cohort_xlsx, key


def _sources(
    source: _PathLike | Iterable[_PathLike], out: Path
) -> tuple[list[tuple[Path, str]], list[tuple[Path, str]], tuple[str, ...]]:
    """(tracker, client) pairs, the entries left out with the reason, and every input file.

    The output folder is never an input: its reports (and anything else in it) are left out
    with a note, so a second run reads what the first one read and replaces its reports.
    """
    from jobsearch_analytics.io.load import scan_folder

    skipped: list[tuple[Path, str]] = []
    if isinstance(source, str | os.PathLike) and Path(source).is_dir():
        found, skipped = _discover(source, exclude=[out])
    elif isinstance(source, str | os.PathLike):
        found = [(Path(source), Path(source).stem)]
    else:
        paths = [Path(p) for p in source]
        stems = [p.stem for p in paths]
        found = [(p, p.stem if stems.count(p.stem) == 1 else p.name) for p in paths]
    files: list[Path] = []
    for p, _ in found:
        files.extend([p] if not p.is_dir() else scan_folder(p, exclude=[out]).files)
    return found, skipped, tuple(str(f) for f in files)


def _jobs(
    found: list[tuple[Path, str]],
    inputs: tuple[str, ...],
    today: str,
    secret: str | None,
    xlsx: bool,
    level: float,
    charts: bool,
    load_options: Mapping[str, Any] | None,
) -> list[_Job]:
    pseudo = None
    if secret is not None:
        from jobsearch_analytics.report.anonymize import Pseudonymizer

        pseudo = Pseudonymizer(secret)
    taken: set[str] = {"cohort"}
    jobs = []
    for path, client in found:
        shown = pseudo.token(client, "client") if pseudo else client
        stem = _file_stem(shown, taken)
        jobs.append(
            _Job(
                path=str(path),
                client=client,
                name=shown,
                html=f"{stem}.html",
                xlsx=f"{stem}.report.xlsx" if xlsx else None,
                inputs=inputs,
                today=today,
                secret=secret,
                level=level,
                charts=charts,
                load_options=dict(load_options or {}),
            )
        )
    return jobs


def _stop_workers(pool: Executor | None) -> None:
    """Ctrl-C: stop every worker now. Each one's SIGTERM handler unwinds its report (a write
    in progress removes its temporary file), and its reader children die with it."""
    if pool is None:
        return
    import multiprocessing as mp

    with contextlib.suppress(Exception):
        pool.shutdown(wait=False, cancel_futures=True)
    workers = mp.active_children()
    for proc in workers:
        with contextlib.suppress(Exception):
            proc.terminate()
    for proc in workers:
        proc.join(10)
        if proc.is_alive():
            proc.kill()
            proc.join(5)


#: Garbage-collector thresholds while reporting: young collections every 20000 new objects
#: instead of 700 (a chart makes thousands of short-lived ones), older ones rarer.
_GC_THRESHOLDS = (20_000, 20, 20)


def _settle_gc(*, freeze: bool = True) -> None:
    """Leave what is loaded (modules, caches) to the garbage collector's permanent generation
    and collect less often: reporting makes many objects that die young."""
    if freeze:
        gc.collect()
        gc.freeze()
    gc.set_threshold(*_GC_THRESHOLDS)


@contextlib.contextmanager
def _settled_gc() -> Iterator[None]:
    """:func:`_settle_gc` for a batch run in the caller's process; put back afterwards (a
    caller that froze objects itself keeps them frozen)."""
    thresholds = gc.get_threshold()
    ours = gc.get_freeze_count() == 0
    _settle_gc(freeze=ours)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if ours:
            gc.unfreeze()


def _init_worker() -> None:
    """Start a worker warm: import what every report needs once, then settle the collector.

    A worker dies with the batch: Ctrl-C is the batch's to handle (the terminal sends it to
    every process), SIGTERM unwinds the report in progress (no temporary file is left), and
    the kernel sends SIGTERM when the batch process ends, however it ends (Linux).
    """
    import signal

    from jobsearch_analytics.io.isolate import die_with_parent

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_term)
    die_with_parent(signal.SIGTERM)

    import jobsearch_analytics.io.load
    import jobsearch_analytics.plots
    import jobsearch_analytics.report.client
    import jobsearch_analytics.report.export  # noqa: F401

    _settle_gc()


_STOPPING: list[int] = []


def _exit_on_term(signum: int, frame: Any) -> None:
    """Unwind the report in progress (its ``finally`` and ``except`` blocks remove temporary
    files); :func:`run_one` then ends the process, which the pool's loop would not do."""
    _STOPPING.append(signum)
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def _workers(n: int) -> Iterator[Executor | None]:
    """A pool of ``n`` warm worker processes (``spawn``), or None to work in this process."""
    if n == 1:
        with _settled_gc():
            yield None
        return
    import multiprocessing as mp

    with ProcessPoolExecutor(
        max_workers=n, mp_context=mp.get_context("spawn"), initializer=_init_worker
    ) as pool:
        yield pool


def _chart_map(pool: Executor | None) -> Callable[..., Iterator[Any]]:
    """``map`` for the cohort charts: the pool's, or the built-in one without a (working)
    pool."""
    if pool is None:
        return map

    def pooled(fn: Callable[..., Any], *iterables: Iterable[Any]) -> Iterator[Any]:
        args = [list(it) for it in iterables]
        try:
            return iter(list(pool.map(fn, *args)))
        except BrokenProcessPool:
            return map(fn, *args)

    return pooled


def _run_all(
    jobs: list[_Job],
    outdir: str,
    pool: Executor | None,
    progress: Progress | None,
    results: dict[int, ClientOutcome],
) -> dict[int, ClientOutcome]:
    """Run every job, filling ``results`` as they finish (what is there when Ctrl-C stops the
    batch is what finished)."""

    def finish(i: int, outcome: ClientOutcome) -> None:
        results[i] = outcome
        if progress is not None:
            progress(len(results), len(jobs), outcome)

    if pool is None:
        for i, job in enumerate(jobs):
            finish(i, run_one(job, outdir))
        return results
    import multiprocessing as mp

    pending = list(range(len(jobs)))
    ctx = mp.get_context("spawn")
    try:
        futures: dict[Future[ClientOutcome], int] = {
            pool.submit(run_one, jobs[i], outdir): i for i in pending
        }
        from concurrent.futures import as_completed

        for fut in as_completed(futures):
            finish(futures[fut], fut.result())
    except BrokenProcessPool:
        # A worker died (not an exception: a crash). Run what is left one by one, each in a
        # pool of its own, so that only the tracker that kills its worker fails.
        for i in [i for i in pending if i not in results]:
            try:
                with ProcessPoolExecutor(
                    max_workers=1, mp_context=ctx, initializer=_init_worker
                ) as solo:
                    finish(i, solo.submit(run_one, jobs[i], outdir).result())
            except BrokenProcessPool:
                finish(
                    i,
                    ClientOutcome(
                        jobs[i].name,
                        jobs[i].name,
                        "failed",
                        error="the worker process crashed while reporting this tracker",
                    ),
                )
    return results


def run_one(job: _Job, outdir: str) -> ClientOutcome:
    """Load, (anonymise,) report and write one client; any failure becomes a failed outcome."""
    started = time.perf_counter()
    try:
        return _report_one(job, Path(outdir), started)
    except Exception as exc:
        return ClientOutcome(
            job.name,
            job.name,
            "failed",
            error=_error_text(exc, job),
            seconds=time.perf_counter() - started,
        )
    finally:
        if _STOPPING:  # a worker told to stop: cleaned up above, now gone
            os._exit(128 + _STOPPING[0])


def _error_text(exc: BaseException, job: _Job) -> str:
    from jobsearch_analytics.io.report import LoadError

    text = str(exc) if isinstance(exc, LoadError) else f"{type(exc).__name__}: {exc}"
    if job.secret is not None:
        from jobsearch_analytics.report.anonymize import scrub_text

        path = Path(job.path)
        names = {path.name, path.stem, job.client, str(path)}
        known = {n.casefold(): job.name for n in names if n}
        pattern = re.compile(
            "|".join(re.escape(n) for n in sorted(known, key=len, reverse=True)), re.IGNORECASE
        )
        text = scrub_text(re.sub(r"'[^'\n]{1,200}'", "'…'", text), known, pattern)
    return text


def _report_one(job: _Job, outdir: Path, started: float) -> ClientOutcome:
    from jobsearch_analytics.io.load import load
    from jobsearch_analytics.io.report import LoadError
    from jobsearch_analytics.report.client import build_report
    from jobsearch_analytics.report.export import write_report_html, write_report_xlsx

    path = Path(job.path)
    options = dict(job.load_options)
    if path.is_dir():
        options["client"] = job.client
    search = load(path, **options)
    if len(search.applications) == 0:
        raise LoadError(
            "no applications found",
            file=path.name,
            hint="check that this is the client's tracker and that it has rows below the header",
        )
    anonymized = job.secret is not None
    if anonymized:
        from jobsearch_analytics.report.anonymize import anonymize

        search, _ = anonymize(
            search, job.secret, client=job.client, extra_values=(path.name, path.stem)
        )
    report = build_report(
        search,
        today=job.today,
        client=job.name if anonymized else client_name(job.client),
        since=job.since,
        level=job.level,
        charts=job.charts,
        anonymized=anonymized,
    )
    write_report_html(report, outdir / job.html, inputs=job.inputs)
    if job.xlsx:
        write_report_xlsx(report, outdir / job.xlsx, inputs=job.inputs)
    if job.pdf:
        from jobsearch_analytics.report.export import write_report_pdf

        write_report_pdf(report, outdir / job.pdf, inputs=job.inputs)
    return ClientOutcome(
        job.name,
        job.name,
        "ok",
        html=job.html,
        xlsx=job.xlsx,
        seconds=time.perf_counter() - started,
        headline=report.headline,
    )
