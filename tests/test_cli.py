"""The command line, run as a user runs it (a real subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jobsearch_analytics.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _tracker(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Jobs"
    ws.append(["Company", "Role", "Date Applied", "Status", "Source"])
    ws.append(["Acme", "Analyst", "2024-03-01", "Rejected", "LinkedIn"])
    ws.append(["Globex", "Engineer", "2024-03-04", "Phone screen", "linkedin"])
    ws.append([None, None, None, None, None])
    ws.append(["Initech", "Analyst", "2024-03-09", "Offered", "Referral"])
    wb.save(path)
    return path


def test_validate_prints_the_report(tmp_path: Path) -> None:
    result = _run("validate", str(_tracker(tmp_path / "t.xlsx")))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "t.xlsx: loaded (xlsx)" in out
    assert "header on row 1, 4 rows read, 3 kept, 1 dropped" in out
    assert "'Company'" in out and "-> company" in out
    assert "Jobs!E3 'linkedin': same source spelled differently" in out


def test_validate_exit_code_2_on_load_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"\x00\x01garbage")
    result = _run("validate", str(bad))
    assert result.returncode == 2
    assert "bad.xlsx" in result.stderr and "Traceback" not in result.stderr


def test_summary_json_keys(tmp_path: Path) -> None:
    result = _run("summary", str(_tracker(tmp_path / "t.xlsx")), "--json", "--today", "2024-06-01")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in (
        "applications",
        "events",
        "stages",
        "outcomes",
        "first_applied",
        "last_applied",
        "issues",
    ):
        assert key in data
    assert data["applications"] == 3
    assert data["first_applied"] == "2024-03-01" and data["last_applied"] == "2024-03-09"
    assert data["stages"]["offer"] == 1 and data["outcomes"]["rejected"] == 1
    assert data["events"]["applied"] == 3
