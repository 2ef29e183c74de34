"""``jobsearch-analytics report`` and ``template``, run as a user runs them (subprocesses)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

import jobsearch_analytics as jsa

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


def _run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k != "JSA_SECRET"}
    full.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "jobsearch_analytics.cli", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env=full,
    )


def _tracker(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Company", "Role", "Date Applied", "Status", "Source", "Contact"])
    ws.append(["Acme", "Analyst", "2024-03-01", "Rejected", "Job <b> board", None])
    ws.append(["Globex", "Engineer", "2024-03-04", "Phone screen", "Indeed", "Jane Roe <jr@x.io>"])
    wb.save(path)
    return path


def test_report_one_file(tmp_path: Path) -> None:
    src = _tracker(tmp_path / "t.xlsx")
    out = tmp_path / "r.html"
    res = _run("report", str(src), "-o", str(out), "--today", "2024-06-01", "--xlsx")
    assert res.returncode == 0, res.stderr
    assert out.exists() and (tmp_path / "r.report.xlsx").exists()
    html = out.read_text(encoding="utf-8")
    assert "Job &lt;b&gt; board" in html and "<b> board" not in html


def test_report_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    src = _tracker(tmp_path / "t.xlsx")
    before = src.read_bytes()
    res = _run("report", str(src), "-o", str(src), "--no-charts")
    assert res.returncode == 1
    assert "input" in res.stderr and "Traceback" not in res.stderr
    assert src.read_bytes() == before


def test_anonymize_needs_a_secret(tmp_path: Path) -> None:
    src = _tracker(tmp_path / "t.xlsx")
    res = _run("report", str(src), "-o", str(tmp_path / "r.html"), "--anonymize")
    assert res.returncode == 2
    assert "JSA_SECRET" in res.stderr and "--secret" in res.stderr
    assert not (tmp_path / "r.html").exists()
    out = tmp_path / "out"
    out.mkdir()
    ok = _run(
        "report",
        str(src),
        "-o",
        str(out) + "/",
        "--anonymize",
        "--no-charts",
        "--xlsx",
        "--today",
        "2024-06-01",
        env={"JSA_SECRET": "environment-secret"},
    )
    assert ok.returncode == 0, ok.stderr
    written = [p.name for p in out.glob("*.html")]
    assert len(written) == 1 and written[0].startswith("Client-")
    text = (out / written[0]).read_text(encoding="utf-8")
    text += _xlsx_text(out / written[0].replace(".html", ".report.xlsx"))
    # The key is written beside the anonymised report's folder, not in it, and said where.
    key = tmp_path / "out.key.txt"
    assert f"key (pseudonym -> client, keep it private): {key}" in ok.stdout
    assert written[0].removesuffix(".html") in key.read_text(encoding="utf-8")
    assert sorted(p.suffix for p in out.iterdir()) == [".html", ".xlsx"]
    # The contact cell is split by the loader, and the data-quality sheet of a named report
    # quotes it; the anonymised one must not.
    named = _run("report", str(src), "-o", str(tmp_path / "named.html"), "--no-charts", "--xlsx")
    assert named.returncode == 0
    assert "Jane Roe" in _xlsx_text(tmp_path / "named.report.xlsx")
    for value in ("Jane", "Roe", "jr@x.io", "Globex", "Acme"):
        assert value not in text, value


def _xlsx_text(path: Path) -> str:
    wb = openpyxl.load_workbook(path)
    return " ".join(
        str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v is not None
    )


def test_report_folder_exit_codes(tmp_path: Path) -> None:
    folder = tmp_path / "clients"
    folder.mkdir()
    _tracker(folder / "ana.xlsx")
    (folder / "broken.xlsx").write_bytes(b"garbage")
    res = _run(
        "report", str(folder), "-o", str(tmp_path / "out"), "--today", "2024-06-01", "--no-charts"
    )
    assert res.returncode == 1, res.stderr
    assert "1 reported, 1 failed" in res.stdout and "broken.xlsx" in res.stdout
    assert "[2/2]" in res.stderr  # progress lines
    (folder / "broken.xlsx").unlink()
    res = _run("report", str(folder), "-o", str(tmp_path / "out2"), "--no-charts")
    assert res.returncode == 0, res.stderr
    (folder / "ana.xlsx").unlink()
    (folder / "empty.csv").write_text("")
    assert _run("report", str(folder), "-o", str(tmp_path / "out3")).returncode == 2


def test_template_command(tmp_path: Path) -> None:
    out = tmp_path / "tracker.xlsx"
    res = _run("template", str(out))
    assert res.returncode == 0, res.stderr
    assert len(jsa.load(out).report.entries) == 0
    again = _run("template", str(out))
    assert again.returncode == 1 and "--force" in again.stderr
    assert _run("template", str(out), "--force").returncode == 0


NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "01_my_search.ipynb"


@pytest.mark.slow
@pytest.mark.skipif(not NOTEBOOK.exists(), reason="notebooks/01_my_search.ipynb is not written yet")
def test_papermill_route(tmp_path: Path) -> None:
    """The README's notebook-per-client route: papermill with parameters, HTML without code."""
    pytest.importorskip("papermill")
    executed = tmp_path / "ana.ipynb"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "papermill",
            str(NOTEBOOK),
            str(executed),
            "-p",
            "TRACKER",
            str(SAMPLE / "clients" / "alice.xlsx"),
            "-p",
            "TODAY",
            "2024-06-01",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    conv = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--no-input", str(executed)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert conv.returncode == 0, conv.stderr[-2000:]
    html = executed.with_suffix(".html").read_text(encoding="utf-8")
    assert "import jobsearch_analytics" not in html  # no code cells


@pytest.mark.browser
@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium is not installed")
def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    """The report opens in a real browser and draws something (not a blank page)."""
    out = tmp_path / "r.html"
    assert (
        _run(
            "report",
            str(SAMPLE / "clients" / "alice.xlsx"),
            "-o",
            str(out),
            "--today",
            "2024-06-01",
        ).returncode
        == 0
    )
    png = tmp_path / "shot.png"
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--screenshot={png}",
            "--window-size=1280,2000",
            out.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    import numpy as np
    from PIL import Image

    image = Image.open(png).convert("L")
    assert image.size == (1280, 2000)
    dark = int((np.asarray(image) < 128).sum())
    assert dark > 5_000  # text and charts were drawn
