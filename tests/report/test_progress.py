"""``--since``: this period against the one before, against planted truth."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import jobsearch_analytics as jsa
from jobsearch_analytics.model import REPLY_KINDS, JobSearch
from jobsearch_analytics.report import build_report, run_batch
from jobsearch_analytics.report.progress import period_bounds, period_comparison
from jobsearch_analytics.sample import generate

from .conftest import TODAY, write_client

SINCE, END = "2024-05-01", "2024-05-31"  # this period: 31 days; before: 31 Mar - 30 Apr


def _planted() -> tuple[JobSearch, dict[str, tuple]]:
    """A search whose answer is known by construction, edges included."""
    apps, events = [], []

    def app(i: int, applied: str | None, stage: str = "applied") -> str:
        aid = f"a{i}"
        apps.append({"application_id": aid, "company": f"Co {i}", "stage": stage,
                     "outcome": "open", "date_applied": applied})  # fmt: skip
        return aid

    def event(aid: str, kind: str, date: str | None) -> None:
        events.append({"application_id": aid, "kind": kind, "date": date,
                       "date_known": date is not None})  # fmt: skip

    # This period: 5 sent on 1 May (the first day counts), replies after 2, 4, 6, 8, 10 days
    # (median 6), and one sent on 31 May (the last day) with no reply yet.
    for i, d in enumerate((2, 4, 6, 8, 10)):
        aid = app(i, SINCE)
        event(aid, "response", str(pd.Timestamp(SINCE) + pd.Timedelta(days=d))[:10])
    app(5, END)
    # The period before: 3 sent (31 Mar is its first day, 30 Apr its last); 30 Mar is in neither.
    b1, b2, b3 = app(6, "2024-03-31", "interview"), app(7, "2024-04-30"), app(8, "2024-04-10")
    app(9, "2024-03-30")
    event(b1, "screen", "2024-04-05")  # a reply before, and the interview in this period
    event(b1, "interview", "2024-05-02")
    event(b1, "interview", "2024-05-09")  # a second round: still one first interview
    event(b3, "rejection", "2024-04-30")  # a reply on the before period's last day
    # After the analysis date: counts nowhere. Undated: counted in neither, and said.
    event(b2, "response", "2024-06-02")
    undated = app(10, None, "offer")
    event(undated, "interview", None)
    event(undated, "offer", None)
    search = JobSearch.from_frames(pd.DataFrame(apps), pd.DataFrame(events))
    truth = {
        "applications sent": (6, 3),
        "first replies": (5 + 0, 2),  # a0-a4 this period; a6 (5 Apr) and a8 (30 Apr) before
        "first interviews": (1, 0),
        "offers": (None, None),  # an offer, but the tracker dates none: unknown, not 0
        # Before: a7 (sent on the period's last day) is censored at day 0; of a6 and a8, a6
        # hears back on day 5, so half have by day 5.
        "median days to a reply": (6.0, 5.0),
    }
    return search, truth


def test_planted_search_gives_the_planted_numbers() -> None:
    search, truth = _planted()
    table = period_comparison(search, since=SINCE, today=END).set_index("measure")
    for measure, (this, before) in truth.items():
        assert table.loc[measure, "this_period"] == this, measure
        assert table.loc[measure, "period_before"] == before, measure
    assert table.loc["first interviews", "note"].startswith("1 without a date")
    assert "unknown" in table.loc["offers", "note"]
    assert table.loc["applications sent", "note"] == "1 sent without a date are in neither period"
    assert table.loc["applications sent", "change"] == 3
    assert table.attrs["periods"] == {
        "this": ("2024-05-01", "2024-05-31"),
        "before": ("2024-03-31", "2024-04-30"),
    }


def _first_in(events: pd.DataFrame, kinds, lo, hi, today) -> int:
    """Independent count: applications whose earliest dated event of ``kinds`` is in
    [lo, hi], events after ``today`` ignored."""
    e = events[events["kind"].astype(str).isin(kinds) & events["date"].notna()]
    e = e[e["date"] <= today]
    first = e.sort_values("date").drop_duplicates("application_id")["date"]
    return int(((first >= lo) & (first <= hi)).sum())


@pytest.mark.parametrize("seed", [1, 7, 12])
def test_generated_searches_against_an_independent_count(seed: int) -> None:
    sample = generate(seed, n_applications=150)
    search = sample.to_jobsearch()
    today = sample.today
    since = today - pd.Timedelta(days=34)
    start_before, start, end = period_bounds(since, today)
    assert (start - start_before) == (end - start + pd.Timedelta(days=1))  # same length
    table = period_comparison(search, since=since, today=today).set_index("measure")
    apps, events = sample.applications, sample.events
    applied = apps["date_applied"]
    spans = {
        "this_period": (start, end),
        "period_before": (start_before, start - pd.Timedelta(days=1)),
    }
    for column, (lo, hi) in spans.items():
        sent = int(
            ((applied >= lo) & (applied <= hi) & (apps["stage"].astype(str) != "saved")).sum()
        )
        assert table.loc["applications sent", column] == sent
        assert table.loc["first replies", column] == _first_in(events, REPLY_KINDS, lo, hi, end)
        assert table.loc["first interviews", column] == _first_in(
            events, {"interview"}, lo, hi, end
        )
        assert table.loc["offers", column] == _first_in(events, {"offer"}, lo, hi, end)
    assert table.loc["applications sent", "this_period"] > 0


def test_report_and_cohort_show_the_comparison(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_client(folder / "ana-silva.xlsx", 41, n=40)
    write_client(folder / "ben-okafor.xlsx", 42, n=40)
    out = tmp_path / "out"
    result = run_batch(
        folder, out, today=TODAY, since="2024-04-15", xlsx=True, workers=1, progress=False,
        charts=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.to_text()
    search = jsa.load(folder / "ana-silva.xlsx")
    table = period_comparison(search, since="2024-04-15", today=TODAY).set_index("measure")
    page = (out / "ana-silva.html").read_text(encoding="utf-8")
    assert "This period and the one before" in page
    sent_this = table.loc["applications sent", "this_period"]
    cohort = (out / "cohort.html").read_text(encoding="utf-8")
    assert "This period and the one before" in cohort
    assert f"<b>{sent_this}</b> / {table.loc['applications sent', 'period_before']}" in cohort
    # The cohort workbook: word headers, one row per client, the same numbers.
    wb = openpyxl.load_workbook(out / "cohort.xlsx")
    assert wb.sheetnames == ["Clients", "Progress", "Not read"]
    rows = [r for r in wb["Progress"].iter_rows(values_only=True) if any(r)]
    header = next(r for r in rows if r[0] == "Client")
    assert header[1].startswith("Sent, this period (15 Apr 2024 – 1 Jun 2024)")
    ana = next(r for r in rows if r[0] == "ana-silva")
    assert ana[1] == sent_this
    clients = [r for r in wb["Clients"].iter_rows(values_only=True) if any(r)]
    head = next(r for r in clients if r[0] == "Client")
    assert "Any reply: 95% low" in head and "ci_low" not in " ".join(map(str, head))


def test_cli_since_is_checked(tmp_path: Path) -> None:
    src = tmp_path / "t.xlsx"
    write_client(src, 5, n=12)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "jobsearch_analytics.cli", "report", str(src), "-o",
             str(tmp_path / "r.html"), "--no-charts", *args],
            capture_output=True, text=True, timeout=180, check=False,
        )  # fmt: skip

    bad = run("--today", TODAY, "--since", "2024-13-01")
    assert bad.returncode == 2 and "--since '2024-13-01' is not a date" in bad.stderr
    late = run("--today", TODAY, "--since", "2024-07-01")
    assert late.returncode == 2 and "after the analysis date" in late.stderr
    ok = run("--today", TODAY, "--since", "2024-05-01")
    assert ok.returncode == 0, ok.stderr
    assert "This period and the one before" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_a_report_without_since_has_no_comparison() -> None:
    search, _ = _planted()
    keys = [s.key for s in build_report(search, today=END, charts=False).sections]
    assert "progress" not in keys
    keys = [s.key for s in build_report(search, today=END, since=SINCE, charts=False).sections]
    assert keys[:2] == ["summary", "progress"]
