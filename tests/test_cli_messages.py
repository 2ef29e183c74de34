"""Mistakes a person makes at the command line end in one line that says what to do (exit
code 2, no traceback); ``validate`` groups its entries by column and problem, ``--all`` shows
each cell."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
LINKEDIN = (
    Path(__file__).resolve().parent / "data" / "exports" / "linkedin" / "Job Applications.csv"
)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jobsearch_analytics.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _one_line_error(result: subprocess.CompletedProcess[str], *needles: str, code: int = 2) -> str:
    """One line on stderr holding ``needles``; exit code 2 for a mistake in the arguments, 1
    for an output that cannot be written (as for an output that would overwrite an input)."""
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in ("tracker.xlsx", "tracker.csv"):
        shutil.copy(SAMPLE / name, tmp_path / name)
    return tmp_path


@pytest.mark.parametrize("command", ["validate", "summary", "report"])
def test_a_wrong_path_names_the_nearest_files(folder: Path, command: str) -> None:
    line = _one_line_error(_run(command, str(folder / "trackr.xlsx")), "file not found")
    assert "'tracker.xlsx'" in line and "'tracker.csv'" in line


def test_a_wrong_folder_is_named(folder: Path) -> None:
    _one_line_error(
        _run("validate", str(folder / "nope" / "tracker.xlsx")),
        f"the folder {folder / 'nope'} does not exist",
    )


@pytest.mark.parametrize("bad", ["2024-13-01", "yesterday", "01/06/2024", "2024-6-1"])
@pytest.mark.parametrize("command", ["summary", "report"])
def test_a_bad_today_names_the_accepted_forms(folder: Path, command: str, bad: str) -> None:
    _one_line_error(
        _run(command, str(folder / "tracker.csv"), "--today", bad),
        f"--today {bad!r} is not a date",
        "YYYY-MM-DD",
        "'today'",
    )


def test_today_accepts_the_word_today(folder: Path) -> None:
    import datetime as dt

    result = _run("summary", str(folder / "tracker.csv"), "--today", "today")
    assert result.returncode == 0, result.stderr
    assert f"as of {dt.date.today().isoformat()}" in result.stdout.splitlines()[0]


def test_folder_report_with_output_on_an_input_file(tmp_path: Path) -> None:
    clients = tmp_path / "clients"
    shutil.copytree(SAMPLE / "clients", clients)
    before = (clients / "alice.xlsx").read_bytes()
    line = _one_line_error(
        _run("report", str(clients), "-o", str(clients / "alice.xlsx"), "--no-charts"),
        "needs an output folder",
        "one of the trackers",
    )
    assert str(clients / "reports") in line
    assert (clients / "alice.xlsx").read_bytes() == before
    assert not (clients / "reports").exists()


def test_output_in_a_missing_folder(folder: Path) -> None:
    _one_line_error(
        _run("report", str(folder / "tracker.csv"), "-o", str(folder / "no" / "r.html")),
        "does not exist",
        code=1,
    )
    _one_line_error(_run("template", str(folder / "no" / "t.xlsx")), "does not exist", code=1)


def test_column_option_mistakes(folder: Path) -> None:
    csv = str(folder / "tracker.csv")
    _one_line_error(_run("validate", csv, "--column", "Company Name"), "HEADER=FIELD")
    _one_line_error(
        _run("validate", csv, "--column", "Company Name=compny"),
        "'compny' is not a field",
        "did you mean 'company'",
    )
    # A header the file does not have would be ignored without a word: it is named instead.
    _one_line_error(
        _run("summary", csv, "--column", "Compny=company"),
        "no column 'Compny'",
        "'Company Name'",
    )


def test_bad_worker_count(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE / "clients", tmp_path / "c")
    _one_line_error(_run("report", str(tmp_path / "c"), "--workers", "0"), "--workers 0")


# -- validate: grouped by column and problem ------------------------------------------------


def _planted(path: Path) -> Path:
    """A tracker whose Salary column (D) says 'Not listed' in rows 3..29 every other row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Jobs"
    ws.append(["Company", "Role", "Date Applied", "Salary"])
    for i in range(2, 31):
        salary = "Not listed" if i % 2 else "$90,000"
        ws.append([f"Co {i}", "Analyst", f"2024-03-{i:02d}" if i < 29 else "2024-04-01", salary])
    wb.save(path)
    return path


def test_validate_groups_a_column_problem_into_one_line(tmp_path: Path) -> None:
    path = _planted(tmp_path / "t.xlsx")
    grouped = _run("validate", str(path))
    assert grouped.returncode == 0, grouped.stderr
    every = _run("validate", str(path), "--all")
    assert every.returncode == 0, every.stderr
    rows = [r for r in range(2, 31) if r % 2]  # rows 3, 5, ..., 29 hold 'Not listed'
    cells = [f"Jobs!D{r}" for r in rows]
    per_cell = [ln for ln in every.stdout.splitlines() if "'Not listed'" in ln]
    assert [re.search(r"Jobs!D\d+", ln)[0] for ln in per_cell] == cells
    group = [ln for ln in grouped.stdout.splitlines() if "'Not listed'" in ln]
    assert len(group) == 1, grouped.stdout
    assert f"'Salary' Jobs!D{rows[0]}:D{rows[-1]}, {len(rows)} cells: salary not listed" in group[0]
    assert "--all shows each cell" in grouped.stdout


def test_validate_shows_linkedin_times_as_people_write_them() -> None:
    result = _run("summary", str(LINKEDIN))
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert re.search(r"\(\d{4}-\d\d-\d\d \d\d:\d\d to \d{4}-\d\d-\d\d \d\d:\d\d\)", first), first
    assert not re.search(r"T\d\d:|\d:\d\d:\d\d", first), first


def test_next_steps_name_the_role_too() -> None:
    import jobsearch_analytics as jsa
    import jobsearch_analytics.metrics as m

    result = _run("summary", str(SAMPLE / "tracker.xlsx"), "--today", "2024-06-01")
    assert result.returncode == 0, result.stderr
    lines = [ln for ln in result.stdout.splitlines() if ln.startswith("  - ")]
    todo = m.next_steps(jsa.load(SAMPLE / "tracker.xlsx"), today="2024-06-01").head(len(lines))
    assert len(lines) == 10
    pairs = todo[["company", "role"]].itertuples(index=False)
    for line, (company, role) in zip(lines, pairs, strict=True):
        assert f": {company} ({role}) — " in line, line
