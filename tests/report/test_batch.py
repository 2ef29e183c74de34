"""The batch: one broken or hostile file never stops it; exit codes; the cohort page."""

from __future__ import annotations

import gc
import pickle
import shutil
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import openpyxl
import pytest

import jobsearch_analytics as jsa
from jobsearch_analytics.report import build_report, run_batch
from jobsearch_analytics.report.batch import _GC_THRESHOLDS, _chart_map, _workers
from jobsearch_analytics.report.cohort import ClientOutcome, build_cohort, cohort_chart

from .conftest import TODAY


@pytest.fixture(scope="module")
def messy_folder(client_folder, tmp_path_factory) -> Path:
    good, _ = client_folder
    folder = tmp_path_factory.mktemp("messy")
    for p in good.iterdir():
        shutil.copy(p, folder / p.name)
    (folder / "corrupt.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 200)  # a zip header, no zip
    (folder / "empty.csv").write_bytes(b"")
    wb = openpyxl.Workbook()
    wb.active.append(["Favourite colour", "Number"])
    wb.active.append(["blue", 3])
    wb.save(folder / "not-a-tracker.xlsx")
    (folder / "~$margaret-hollis.xlsx").write_bytes(b"lock file")  # office lock: ignored
    return folder


@pytest.fixture(scope="module")
def batch(messy_folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    seen: list[tuple[int, int, str]] = []
    result = run_batch(
        messy_folder,
        out,
        today=TODAY,
        workers=2,
        xlsx=True,
        progress=lambda done, total, o: seen.append((done, total, o.status)),
    )
    return result, out, seen


def test_bad_files_fail_alone(batch) -> None:
    result, out, _ = batch
    status = {o.client: o.status for o in result.outcomes}
    assert status == {
        "corrupt": "failed",
        "empty": "failed",
        "margaret-hollis": "ok",
        "not-a-tracker": "failed",
        "tomas-reyes": "ok",
    }
    assert result.exit_code == 1
    errors = {o.client: o.error for o in result.outcomes if o.status == "failed"}
    assert all(e and "Traceback" not in e for e in errors.values())
    assert "corrupt.xlsx" in errors["corrupt"]
    for name in ("margaret-hollis", "tomas-reyes"):
        assert (out / f"{name}.html").stat().st_size > 10_000
        assert (out / f"{name}.report.xlsx").exists()
    assert not list(out.glob(".*"))  # no temporary file left behind


def test_progress_reported_for_every_file(batch) -> None:
    _, _, seen = batch
    assert [d for d, _, _ in seen] == [1, 2, 3, 4, 5]
    assert {t for _, t, _ in seen} == {5}


def test_final_table_says_why(batch) -> None:
    result, _, _ = batch
    text = result.to_text()
    assert "corrupt.xlsx" in text and "failed" in text
    assert "2 reported, 3 failed" in text


def test_cohort_numbers_are_the_client_reports(batch, messy_folder) -> None:
    _, out, _ = batch
    html = (out / "cohort.html").read_text(encoding="utf-8")
    search = jsa.load(messy_folder / "tomas-reyes.csv")
    head = build_report(search, today=TODAY, charts=False).headline
    r = head["rates"]["response"]
    assert f"{r['k']}/{r['n']}</span>" in html
    assert "href='tomas-reyes.html'" in html
    for name in ("corrupt", "empty", "not-a-tracker"):
        assert name in html
    assert "<script" not in html.lower()


def test_exit_codes(tmp_path: Path, client_folder) -> None:
    good, _ = client_folder
    only_good = tmp_path / "good"
    only_good.mkdir()
    shutil.copy(good / "tomas-reyes.csv", only_good / "tomas-reyes.csv")
    assert (
        run_batch(
            only_good, tmp_path / "o1", today=TODAY, workers=1, progress=False, charts=False
        ).exit_code
        == 0
    )
    only_bad = tmp_path / "bad"
    only_bad.mkdir()
    (only_bad / "x.csv").write_bytes(b"")
    res = run_batch(only_bad, tmp_path / "o2", today=TODAY, workers=1, progress=False)
    assert res.exit_code == 2
    assert (tmp_path / "o2" / "cohort.html").exists()


def test_reports_never_overwrite_inputs(tmp_path: Path, client_folder) -> None:
    good, _ = client_folder
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(good / "tomas-reyes.csv", folder / "tomas-reyes.csv")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    # Output folder = input folder: reports go beside the trackers, inputs untouched.
    res = run_batch(folder, folder, today=TODAY, workers=1, progress=False, xlsx=True, charts=False)
    assert res.exit_code == 0
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.name in before} == before


def _rows(clients: int) -> list[ClientOutcome]:
    """Outcomes with headlines, as workers return them, for ``clients`` clients."""
    out = []
    for i in range(clients):
        rates = {
            o: {
                "n": 20 + i,
                "k": k + i % 3,
                "rate": (k + i % 3) / (20 + i),
                "ci_low": 0.05,
                "ci_high": 0.6,
                "small": False,
            }
            for o, k in (("response", 6), ("interview", 3), ("offer", 1))
        }
        headline = {
            "applications": 20 + i,
            "sent": 20 + i,
            "open": 5,
            "rates": rates,
            "median_days": {"days": 9.0, "ci_low": 6.0, "ci_high": 14.0},
            "ghosting_day": 30,
            "per_week": 3.0,
            "weeks": 7,
            "actions": 2,
            "issues": {},
            "while_waiting": {"n": 10, "k": 4, "rate": 0.4, "ci_low": 0.2, "ci_high": 0.7},
        }
        out.append(ClientOutcome(f"c{i}", f"c{i}", "ok", html=f"c{i}.html", headline=headline))
    return out


def test_cohort_charts_are_drawn_through_the_given_map() -> None:
    calls: list[int] = []

    def counting_map(fn, *iterables):
        calls.append(len(iterables[0]))
        return map(fn, *iterables)

    outcomes = _rows(4)
    pooled = build_cohort(outcomes, today=TODAY, map_charts=counting_map)
    here = build_cohort(outcomes, today=TODAY)
    assert calls == [2]  # one map over both charts (response, interview)
    assert pooled.figures == here.figures
    assert [c for c, _ in here.figures] == [
        "Response rate per client, with 95% intervals.",
        "Interview rate per client, with 95% intervals.",
    ]
    # What a worker process receives must pickle: a top-level function and plain frames.
    assert pickle.loads(pickle.dumps(cohort_chart)) is cohort_chart


def test_cohort_charts_fall_back_to_this_process_when_the_pool_broke() -> None:
    class Broken:
        def map(self, fn, *iterables):
            raise BrokenProcessPool("a worker died")

    drawn = list(_chart_map(Broken())(divmod, [7, 9], [2, 4]))
    assert drawn == [(3, 1), (2, 1)]
    assert _chart_map(None) is map


def test_in_process_batches_put_the_garbage_collector_back() -> None:
    before = gc.get_threshold()
    with _workers(1) as pool:
        assert pool is None
        assert gc.get_threshold() == _GC_THRESHOLDS
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_workers_start_warm() -> None:
    # The initializer ran in each worker: its collector is settled (long-lived objects frozen).
    with _workers(2) as pool:
        assert pool.submit(gc.get_threshold).result() == _GC_THRESHOLDS
        assert pool.submit(gc.get_freeze_count).result() > 0
