"""The dashboard in a real browser: JupyterLab on loopback, Debian's headless Chromium driven by
Playwright. It runs the notebook, filters to one source, and checks the numbers on screen
against ``jsa.load`` + pandas. Screenshots go to ``artifacts/`` (kept as test artefacts).

Needs ``scripts/ensure_browser.sh`` (Debian chromium; never ``playwright install``).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import jobsearch_analytics as jsa

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(url: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:  # loopback only
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"JupyterLab not ready at {url} after {timeout:.0f} s")


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on 127.0.0.1 over a temp root holding the dashboard and the data."""
    root = tmp_path / "root"
    (root / "data" / "sample").mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / "dashboard.ipynb", root / "dashboard.ipynb")
    shutil.copy(ROOT / "data" / "sample" / "tracker.xlsx", root / "data" / "sample")
    settings = tmp_path / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    # Do not ask about Jupyter news (and do not fetch any).
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    env = {
        **os.environ,
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
    }
    env.pop("MPLBACKEND", None)
    port = _free_port()
    log = (tmp_path / "lab.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--allow-root",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--ServerApp.root_dir={root}",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=root,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(f"{base}/api/status", proc)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        log.close()


def _wait_for_idle_kernel(page, *, timeout: float) -> None:
    """Wait until the notebook's kernel is idle, answering JupyterLab's "Select Kernel" dialog
    (it appears now and then while the session starts) with its default, Python 3."""
    idle = page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")
    dialog = page.locator(".jp-Dialog").filter(has_text="Select Kernel")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if idle.count():
            return
        if dialog.count():
            dialog.locator(".jp-Dialog-button.jp-mod-accept").first.click()
        page.wait_for_timeout(250)
    raise AssertionError(f"the kernel did not become idle within {timeout:.0f} s")


def _run_all_cells(page, *, until, attempts: int = 3) -> None:
    """Run > Run All Cells, as a person would. A click that lands before the notebook panel
    has focus runs nothing (measured: 3 of 5 runs), so focus the notebook first and try again
    when no output appears."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(attempts):
        page.locator(".jp-NotebookPanel .jp-Notebook").first.click(position={"x": 8, "y": 8})
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            until.first.wait_for(timeout=30_000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"Run All Cells produced no dashboard after {attempts} tries")


def _shown_n(page) -> int:
    return int(page.locator(".jsa-count .jsa-n").inner_text())


def test_filtering_in_the_browser_changes_the_numbers(lab):
    from playwright.sync_api import expect, sync_playwright

    chromium = shutil.which("chromium")
    assert chromium, "Debian chromium is missing: run scripts/ensure_browser.sh"
    search = jsa.load(ROOT / "data" / "sample" / "tracker.xlsx")
    apps = search.applications
    source = apps["source"].value_counts().index[0]
    n_all, n_source = len(apps), int((apps["source"] == source).sum())
    assert n_source < n_all
    ARTIFACTS.mkdir(exist_ok=True)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1400})
            page.goto(f"{lab}/lab/tree/dashboard.ipynb")
            _wait_for_idle_kernel(page, timeout=90)
            no_news = page.get_by_role("button", name="No", exact=True)
            if no_news.count():
                no_news.first.click()
            count = page.locator(".jsa-count .jsa-n")
            _run_all_cells(page, until=count)
            expect(count).to_have_text(str(n_all), timeout=60_000)
            overview = page.locator(".jsa-overview-count")
            expect(overview).to_contain_text(f"{n_all} applications in this view")
            chart = page.locator(".jp-OutputArea-output img").first
            expect(chart).to_be_visible()
            before = chart.get_attribute("src")
            page.screenshot(path=ARTIFACTS / "dashboard-all.png")

            # Filter to the most common source, as a person would, in the dropdown.
            page.locator(".jsa-source select").select_option(label=f"{source} ({n_source})")
            expect(count).to_have_text(str(n_source), timeout=30_000)
            expect(overview).to_contain_text(f"{n_source} applications in this view")
            expect(page.locator(".jsa-count")).to_contain_text(f"source {source}")
            after = page.locator(".jp-OutputArea-output img").first.get_attribute("src")
            assert after != before, "the funnel chart must be redrawn for the new selection"
            page.screenshot(path=ARTIFACTS / "dashboard-source.png")

            page.get_by_role("tab", name="Timing").click()
            expect(
                page.locator(".jsa-panel").filter(has_text="applications timed")
            ).to_contain_text(f"{n_source} applications timed", timeout=30_000)
            page.screenshot(path=ARTIFACTS / "dashboard-timing.png")
            assert _shown_n(page) == n_source
        finally:
            browser.close()


def _upload_only_notebook(root: Path) -> str:
    """The stored dashboard notebook with TRACKER = "" (it starts with an upload only), saved
    beside it as upload.ipynb; returns that name."""
    nb = json.loads((root / "dashboard.ipynb").read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
    source = "".join(cell["source"])
    assert 'TRACKER = "data/sample/tracker.xlsx"' in source
    cell["source"] = source.replace('TRACKER = "data/sample/tracker.xlsx"', 'TRACKER = ""')
    (root / "upload.ipynb").write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return "upload.ipynb"


def test_upload_change_the_date_and_remap_a_column(lab, tmp_path):
    """Load a tracker through the upload button, change the analysis date, remap a column in
    the Data quality tab: the numbers on screen follow, checked against jsa + pandas."""
    from playwright.sync_api import expect, sync_playwright

    import jobsearch_analytics.metrics as m
    from jobsearch_analytics.widgets import filter_options

    chromium = shutil.which("chromium")
    assert chromium, "Debian chromium is missing: run scripts/ensure_browser.sh"
    name = _upload_only_notebook(tmp_path / "root")
    tracker = ROOT / "data" / "sample" / "tracker.xlsx"
    search = jsa.load(tracker)

    def timed(s, today) -> int:
        d = m.timing.durations(s, today=today)
        return int((d["status"] == "timed").sum())

    n_march = timed(search, "2024-03-15")
    assert n_march < timed(search, None) == len(search)
    kept = jsa.load(tracker, columns={"Source": None})
    n_sources_kept = len(filter_options(kept).sources) + 1  # + "All sources"
    n_sources = len(filter_options(search).sources) + 1
    assert n_sources_kept < n_sources
    ARTIFACTS.mkdir(exist_ok=True)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1400})
            page.goto(f"{lab}/lab/tree/{name}")
            _wait_for_idle_kernel(page, timeout=90)
            no_news = page.get_by_role("button", name="No", exact=True)
            if no_news.count():
                no_news.first.click()
            page.wait_for_timeout(1000)
            _wait_for_idle_kernel(page, timeout=60)  # a kernel dialog may come late
            picker = page.locator(".jsa-asof input")
            _run_all_cells(page, until=picker)
            with page.expect_file_chooser() as chooser:  # the upload button, as a person does
                page.locator(".jsa-dashboard .widget-upload").click()
            chooser.value.set_files(str(tracker))
            count = page.locator(".jsa-count .jsa-n")
            expect(count).to_have_text(str(len(search)), timeout=60_000)
            expect(page.locator(".jsa-last")).to_contain_text("2024-05-10")
            expect(page.locator(".jsa-asof-note")).to_contain_text("days before")

            page.get_by_role("tab", name="Timing").click()
            panel = page.locator(".jsa-panel").filter(has_text="applications timed")
            expect(panel).to_contain_text(f"{len(search)} applications timed", timeout=30_000)
            picker.fill("2024-03-15")
            picker.press("Enter")
            expect(panel).to_contain_text(f"{n_march} applications timed", timeout=30_000)
            expect(page.locator(".jsa-asof-note")).to_contain_text("entries after 2024-03-15")
            page.screenshot(path=ARTIFACTS / "dashboard-asof.png")

            page.get_by_role("tab", name="Data quality").click()
            options = page.locator(".jsa-source select option")
            expect(options).to_have_count(n_sources)
            page.locator(".jsa-remap-column select").select_option(label="Source → source")
            page.locator(".jsa-remap-field select").select_option(label="(keep as it is)")
            page.locator("button.jsa-reload").click()
            expect(options).to_have_count(n_sources_kept, timeout=60_000)
            expect(page.locator(".jsa-remap")).to_contain_text("Read again with 'Source'")
            expect(count).to_have_text(str(len(kept)))
            page.screenshot(path=ARTIFACTS / "dashboard-remap.png")
        finally:
            browser.close()
