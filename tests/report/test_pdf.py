"""The report printed: WeasyPrint's PDF (``--pdf``) and Chromium's print-to-PDF of the same HTML,
looked at page by page (pypdfium2 turns each page into an image and gives its text)."""

from __future__ import annotations

import html as html_lib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

import jobsearch_analytics as jsa
from jobsearch_analytics.report import build_report, run_batch
from jobsearch_analytics.report.export import write_report_pdf

from .conftest import TODAY

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
MAX_PAGES = 6
#: Share of a page's pixels that are not white, below which a page counts as blank.
MIN_INK = 0.01


@pytest.fixture(scope="module")
def sample_report():
    return build_report(jsa.load(SAMPLE / "tracker.xlsx"), today=TODAY, since="2024-04-01")


def _pages(pdf_path: Path, png_dir: Path) -> list[tuple[str, float]]:
    """Each page's text and its share of non-white pixels; the pages saved as PNG."""
    png_dir.mkdir(parents=True, exist_ok=True)
    pdf = pdfium.PdfDocument(pdf_path)
    out = []
    try:
        for i, page in enumerate(pdf):
            image = page.render(scale=1.0).to_pil().convert("L")
            image.save(png_dir / f"page-{i + 1}.png")
            ink = float((np.asarray(image) < 235).mean())
            text = page.get_textpage().get_text_range()
            out.append((text, ink))
    finally:
        pdf.close()
    return out


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]


def _headings(report) -> set[str]:
    """Every heading the report prints: section titles and table captions."""
    heads = {s.title for s in report.sections}
    heads |= {t.caption or t.name for s in report.sections for t in s.tables}
    return heads


def _check_pages(pages: list[tuple[str, float]], headings: set[str]) -> None:
    assert 1 <= len(pages) <= MAX_PAGES, len(pages)
    for number, (text, ink) in enumerate(pages, start=1):
        lines = _lines(text)
        assert lines, f"page {number} has no text"
        assert ink > MIN_INK, f"page {number} is nearly blank ({ink:.3%} ink)"
        # No page is a heading alone, and no page ends on a heading whose content is overleaf.
        assert not set(lines) <= headings, f"page {number} holds only {lines}"
        assert lines[-1] not in headings, f"page {number} ends on the heading {lines[-1]!r}"


def test_sample_report_prints_in_at_most_six_pages(sample_report, tmp_path: Path) -> None:
    pdf = write_report_pdf(sample_report, tmp_path / "tracker.pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")
    pages = _pages(pdf, tmp_path / "png")
    _check_pages(pages, _headings(sample_report))
    text = " ".join(" ".join(t for t, _ in pages).split())
    # What the page shows is the report: its title, period, a headline number, every section.
    assert sample_report.title in text
    assert "8 Jan 2024 – 26 Apr 2024" in text and "1 Jun 2024" in text
    r = sample_report.headline["rates"]["response"]
    assert f"{r['k']} of {r['n']}" in text
    for section in sample_report.sections:
        assert section.title in text, section.title


def test_a_section_without_data_is_one_line_not_an_empty_chart(tmp_path: Path) -> None:
    # chen's tracker has no salaries, no reply dates and no thank-you notes.
    search = jsa.load(SAMPLE / "clients" / "chen.xlsx")
    report = build_report(search, today=TODAY, client="Chen")
    salary = report.section("salary")
    assert salary.missing.startswith("No salaries recorded — add a 'Salary range' column")
    assert not salary.figures
    page = report.to_html()
    body = page[page.index("<section id='salary'>") :]
    body = body[: body.index("</section>")]
    assert "<svg" not in body and "<table" not in body
    assert salary.missing in html_lib.unescape(body)
    pages = _pages(write_report_pdf(report, tmp_path / "chen.pdf"), tmp_path / "png")
    _check_pages(pages, _headings(report))


def test_sample_batch_reports_have_real_titles(tmp_path: Path) -> None:
    folder = tmp_path / "clients"
    shutil.copytree(SAMPLE / "clients", folder)
    # A file named like an export, not like a person: titled by its period, not its name.
    shutil.copy(SAMPLE / "tracker.xlsx", folder / "personal_tracker_198rows_response_dates.xlsx")
    out = tmp_path / "out"
    result = run_batch(folder, out, today=TODAY, workers=1, progress=False, charts=False, pdf=True)
    assert result.exit_code == 0, result.to_text()
    titles = {}
    for page in out.glob("*.html"):
        if page.name == "cohort.html":
            continue
        found = re.search(r"<h1>(.*?)</h1>", page.read_text(encoding="utf-8"))
        assert found is not None
        titles[page.stem] = html_lib.unescape(found.group(1))
        assert (out / f"{page.stem}.pdf").read_bytes().startswith(b"%PDF-")
    assert titles["alice"] == "Job search report — Alice"
    assert titles["dana"] == "Job search report — Dana"
    odd = titles["personal_tracker_198rows_response_dates"]
    assert odd == "Job search report, 8 Jan 2024 – 26 Apr 2024"
    for stem, title in titles.items():
        assert stem not in title, (stem, title)
    assert (out / "cohort.pdf").read_bytes().startswith(b"%PDF-")


def test_cli_pdf_title_and_client_name(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    res = subprocess.run(
        [sys.executable, "-m", "jobsearch_analytics.cli", "report",
         str(SAMPLE / "clients" / "bruno.xlsx"), "-o", str(out), "--today", TODAY, "--pdf",
         "--no-charts", "--title", "Spring review", "--client-name", "Bruno Costa"],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert f"wrote {tmp_path / 'r.pdf'}" in res.stdout
    page = out.read_text(encoding="utf-8")
    assert "<h1>Spring review</h1>" in page and "For Bruno Costa." in page
    text = "\n".join(t for t, _ in _pages(tmp_path / "r.pdf", tmp_path / "png"))
    assert "Spring review" in text and "Bruno Costa" in text


@pytest.mark.browser
@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium is not installed")
def test_chromium_print_keeps_headings_and_fits(sample_report, tmp_path: Path) -> None:
    """The same print CSS in a browser's print-to-PDF: A4, at most six pages, no heading left
    alone at a page's foot."""
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "tracker.html"
    page_file.write_text(sample_report.to_html(), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=flags)
        try:
            page = browser.new_page()
            page.goto(page_file.as_uri())
            page.emulate_media(media="print")
            pdf = tmp_path / "chromium.pdf"
            page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
        finally:
            browser.close()
    _check_pages(_pages(pdf, tmp_path / "chromium-png"), _headings(sample_report))
