"""Corrections that stick (issue #12 item 9, #14 item 6): a mapping saved once is found again by
``load``, the CLI, the coach batch and the dashboard's upload (the notebooks: see
tests/notebooks/test_notebooks.py), on real xlsx files written by openpyxl."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

import jobsearch_analytics as jsa
from jobsearch_analytics.io.mapping import (
    header_fingerprint,
    mapping_beside,
    read_mapping,
    save_mapping,
    user_folder,
)
from jobsearch_analytics.io.report import LoadError

#: Headers no rule reads: without corrections the file holds no tracker the loader can see.
HEADERS = ["Who", "Gig", "APPLIED PORTAL", "Sent on", "Result", "Notes"]
ROWS = [
    ["Acme", "Analyst", "LinkedIn", dt.date(2024, 3, 1), "Rejected", "x"],
    ["Globex", "Engineer", "Indeed", dt.date(2024, 3, 4), "Interview", "y"],
    ["Initech", "Developer", "Referral", dt.date(2024, 3, 9), "Applied", "z"],
]
FIX = {"Who": "company", "Gig": "role", "APPLIED PORTAL": "source", "Sent on": "date_applied"}


def _tracker(path: Path, headers: list[str] = HEADERS) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Apps"
    ws.append(["My applications 2024"])  # a title row above the header
    ws.append(headers)
    for r in ROWS:
        ws.append(r)
    wb.save(path)
    return path


@pytest.fixture
def users(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "user-mappings"
    monkeypatch.setenv("JSA_MAPPINGS_DIR", str(folder))
    return folder


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_right(search: jsa.JobSearch) -> None:
    apps = search.applications
    assert apps["company"].tolist() == ["Acme", "Globex", "Initech"]
    assert apps["source"].tolist() == ["LinkedIn", "Indeed", "Referral"]
    assert apps["date_applied"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-03-01",
        "2024-03-04",
        "2024-03-09",
    ]
    assert apps["outcome"].tolist() == ["rejected", "open", "open"]


def _saved_entries(search: jsa.JobSearch) -> list[str]:
    problems = search.report.entries["problem"].astype(str)
    return problems[problems.str.startswith("read with the saved mapping")].tolist()


def test_unreadable_without_corrections(tmp_path: Path, users: Path) -> None:
    with pytest.raises(LoadError, match="no sheet looks like"):
        jsa.load(_tracker(tmp_path / "t.xlsx"))


def test_a_header_the_file_lacks_names_the_file_sheet_and_nearest(
    tmp_path: Path, users: Path
) -> None:
    path = _tracker(tmp_path / "tracker.xlsx")
    with pytest.raises(LoadError) as err:
        jsa.load(path, columns={**FIX, "APLIED PORTAL": "source"})
    text = str(err.value)
    assert "no column 'APLIED PORTAL' in tracker.xlsx, sheet 'Apps'" in text
    assert "did you mean 'APPLIED PORTAL'?" in text
    assert err.value.file == "tracker.xlsx" and err.value.sheet == "Apps"


def test_a_field_that_does_not_exist_lists_the_nearest_fields(tmp_path: Path, users) -> None:
    path = _tracker(tmp_path / "tracker.xlsx")
    with pytest.raises(LoadError, match="'compnay' is not a field") as err:
        jsa.load(path, columns={**FIX, "Who": "compnay"})
    assert "did you mean 'company'?" in str(err.value)


def test_none_keeps_a_column_as_it_is(tmp_path: Path, users: Path) -> None:
    path = _tracker(tmp_path / "tracker.xlsx")
    s = jsa.load(path, columns={**FIX, "Notes": "none"})
    m = s.report.mapping.set_index("source_column")
    assert m.loc["Notes", "field"] == "(kept)" and m.loc["APPLIED PORTAL", "field"] == "source"
    assert s.applications["Notes"].tolist() == ["x", "y", "z"]
    assert s.applications["notes"].isna().all()


def test_saved_once_found_again_edited_and_ignored_on_request(tmp_path: Path, users: Path) -> None:
    path = _tracker(tmp_path / "tracker.xlsx")
    before = _digest(path)
    written = save_mapping(path, {**FIX, "Notes": None})
    assert _digest(path) == before  # the input is never written
    beside = mapping_beside(path)
    assert written[0] == beside and beside.name == "tracker.xlsx.jsa.toml"
    text = beside.read_text(encoding="utf-8")
    assert '"APPLIED PORTAL" = "source"' in text and '"Notes" = "none"' in text
    fp = header_fingerprint(HEADERS)
    assert written[1] == user_folder() / f"{fp}.jsa.toml" and written[1].parent == users

    s = jsa.load(path)  # no columns= any more
    _read_right(s)
    (said,) = _saved_entries(s)
    assert str(beside) in said

    # The file is the person's: an edit by hand is what the next load does.
    beside.write_text(text.replace('"Notes" = "none"', '"Notes" = "notes"'), encoding="utf-8")
    assert jsa.load(path).applications["notes"].tolist() == ["x", "y", "z"]
    # Explicit corrections win over the saved ones, column by column.
    assert jsa.load(path, columns={"Notes": None}).applications["notes"].isna().all()
    with pytest.raises(LoadError, match="no sheet looks like"):
        jsa.load(path, mapping=False)


def test_a_renamed_copy_is_found_by_its_header_row_not_a_changed_one(
    tmp_path: Path, users: Path
) -> None:
    save_mapping(_tracker(tmp_path / "tracker.xlsx"), FIX)
    elsewhere = tmp_path / "other"
    elsewhere.mkdir()
    copy = elsewhere / "renamed and moved.xlsx"
    shutil.copy(tmp_path / "tracker.xlsx", copy)
    s = jsa.load(copy)
    _read_right(s)
    (said,) = _saved_entries(s)
    assert str(users) in said and "saved for 'tracker.xlsx'" in said
    # A header row that changed is another file as far as the per-user copy knows.
    changed = _tracker(elsewhere / "changed.xlsx", [*HEADERS[:-1], "Comments"])
    with pytest.raises(LoadError, match="no sheet looks like"):
        jsa.load(changed)


def test_a_saved_column_the_file_no_longer_has_is_said_and_ignored(
    tmp_path: Path, users: Path
) -> None:
    path = _tracker(tmp_path / "tracker.xlsx")
    save_mapping(path, {**FIX, "Notes": None})
    _tracker(path, [*HEADERS[:-1], "Comments"])  # the person renamed a column since
    s = jsa.load(path)
    assert s.applications["company"].tolist() == ["Acme", "Globex", "Initech"]
    problems = s.report.entries["problem"].astype(str)
    assert problems.str.contains("names columns this file does not have: 'Notes'").any()


def test_a_broken_mapping_file_names_itself(tmp_path: Path, users: Path) -> None:
    path = _tracker(tmp_path / "tracker.xlsx")
    mapping_beside(path).write_text('[columns]\n"Who" = company\n', encoding="utf-8")
    with pytest.raises(LoadError, match=r"xlsx\.jsa\.toml: the saved mapping cannot"):
        jsa.load(path)
    mapping_beside(path).write_text('[columns]\n"Who" = "compnay"\n', encoding="utf-8")
    with pytest.raises(LoadError, match="did you mean 'company'"):
        jsa.load(path)
    with pytest.raises(LoadError, match="did you mean 'company'"):
        save_mapping(path, FIX)  # not written over a file the person must fix first
    mapping_beside(path).unlink()
    assert read_mapping(save_mapping(path, FIX)[0]).columns["Who"] == "company"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jobsearch_analytics.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
        check=False,
    )


def test_cli_saves_with_save_mapping_and_every_command_finds_it(
    tmp_path: Path, users: Path
) -> None:
    path = _tracker(tmp_path / "tracker.xlsx")
    columns = [a for h, f in FIX.items() for a in ("--column", f"{h}={f}")]
    bad = _cli("validate", str(path), *columns, "--column", "APLIED PORTAL=source")
    assert bad.returncode == 2 and "did you mean 'APPLIED PORTAL'?" in bad.stderr
    assert not mapping_beside(path).exists()
    saved = _cli("validate", str(path), *columns, "--column", "Notes=none", "--save-mapping")
    assert saved.returncode == 0, saved.stderr
    assert "saved the corrections to" in saved.stderr
    assert read_mapping(mapping_beside(path)).columns["Notes"] is None

    summary = _cli("summary", str(path), "--json", "--today", "2024-06-01")
    assert summary.returncode == 0, summary.stderr
    assert "read with the saved mapping" in summary.stderr
    assert '"applications": 3' in summary.stdout.replace(" ", "").replace('":', '": ')
    out = tmp_path / "r.html"
    report = _cli("report", str(path), "-o", str(out), "--today", "2024-06-01", "--no-charts")
    assert report.returncode == 0, report.stderr
    assert "Indeed" in out.read_text(encoding="utf-8")  # APPLIED PORTAL as the source
    ignored = _cli("validate", str(path), "--no-saved-mapping")
    assert ignored.returncode == 2 and "no sheet looks like" in ignored.stderr


def test_the_coach_batch_uses_each_trackers_saved_mapping(tmp_path: Path, users: Path) -> None:
    from jobsearch_analytics.report.batch import run_batch

    folder = tmp_path / "clients"
    folder.mkdir()
    path = _tracker(folder / "ana.xlsx")
    save_mapping(path, FIX)  # beside ana.xlsx, and by its header row in the per-user folder
    shutil.copy(path, folder / "ben.xlsx")  # the same layout: found by its header row
    _tracker(folder / "cara.xlsx", [*HEADERS[:-1], "Comments"])  # another layout: not
    result = run_batch(folder, tmp_path / "out", today="2024-06-01", workers=1, charts=False)
    status = {o.client: o.status for o in result.outcomes}
    assert status == {"ana": "ok", "ben": "ok", "cara": "failed"}, result.to_text()
    for name in ("ana", "ben"):
        assert "Indeed" in (tmp_path / "out" / f"{name}.html").read_text(encoding="utf-8")


def test_the_dashboard_upload_finds_and_remembers(tmp_path: Path, users: Path) -> None:
    from jobsearch_analytics.widgets.app import dashboard

    content = _tracker(tmp_path / "tracker.xlsx").read_bytes()
    board = dashboard(today="2024-06-01")
    assert not board.load_file("upload.xlsx", content)  # nothing saved yet: refused
    assert "no sheet looks like" in board.message.value
    board.columns = dict(FIX)
    assert board.load_file("upload.xlsx", content)  # read with the corrections given
    written = board.save_corrections()
    assert [p.parent for p in written] == [users]  # an upload has no folder of its own
    assert "Saved" in board.remap_note.value

    again = dashboard(today="2024-06-01")
    assert again.load_file("the same file, renamed.xlsx", content)
    _read_right(again.search)
    assert "Read with the saved mapping" in again.message.value
    # ... and jsa.load finds what the dashboard saved.
    _read_right(jsa.load(tmp_path / "tracker.xlsx"))


def test_a_mapping_named_by_path_and_a_folder_that_cannot_be_saved(
    tmp_path: Path, users: Path
) -> None:
    path = _tracker(tmp_path / "tracker.xlsx")
    saved = save_mapping(path, FIX)[0]
    kept = tmp_path / "kept.toml"
    saved.rename(kept)  # not beside the tracker any more; the per-user copy also goes
    for p in users.iterdir():
        p.unlink()
    with pytest.raises(LoadError, match="no sheet looks like"):
        jsa.load(path)
    _read_right(jsa.load(path, mapping=kept))
    readable = tmp_path / "ok.csv"
    readable.write_text("Company,Date Applied\nAcme,2024-03-01\n", encoding="utf-8")
    with pytest.raises(LoadError, match="nothing to save"):
        save_mapping(readable, {})
    assert not mapping_beside(readable).exists()
    with pytest.raises(LoadError, match="one tracker's corrections"):
        jsa.load(tmp_path, columns=FIX, save_mapping=True)
    from jobsearch_analytics.widgets.app import dashboard

    board = dashboard(path, today="2024-06-01", columns=FIX)
    board.columns = {}
    assert board.save_corrections() == []
    assert "Nothing to remember" in board.remap_note.value
    assert not mapping_beside(path).exists() and not any(users.iterdir())


def test_a_google_sheets_csv_is_found_again_under_another_name(tmp_path: Path, users) -> None:
    # The loader names the sheet of a Google Sheets download after its tab ("Applications"):
    # its header row is fingerprinted all the same, so a renamed download finds the mapping.
    first = tmp_path / "Job search - Applications.csv"
    first.write_bytes(b"Who,Gig,Date Applied\r\nAcme,Analyst,2024-03-01\r\nGlobex,Dev,2024-03-02")
    assert len(save_mapping(first, {"Who": "company", "Gig": "role"})) == 2
    later = tmp_path / "later" / "Job search - Applications (1).csv"
    later.parent.mkdir()
    later.write_bytes(first.read_bytes() + b"\r\nInitech,Engineer,2024-03-05")
    s = jsa.load(later)
    assert s.applications["company"].tolist() == ["Acme", "Globex", "Initech"]
    assert _saved_entries(s)
