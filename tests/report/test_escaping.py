"""Values from a client's file reach the report and cohort pages as text, never as markup."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

import jobsearch_analytics as jsa
from jobsearch_analytics.report import build_report
from jobsearch_analytics.report.cohort import ClientOutcome, build_cohort

from .conftest import TODAY

SCRIPT = "<script>alert(1)</script>"
QUOTES = "Board \"&' <i>x</i>"


class _Page(HTMLParser):
    """Tags with their attributes, and the text as a browser reads it (entities decoded)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("hostile") / "t.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Company", "Job Title", "Date Applied", "Status", "Source"])
    for i in range(6):
        company = SCRIPT if i == 2 else f"Co {i}"
        source = QUOTES if i % 2 else "LinkedIn"
        status = "Phone screen" if i < 2 else "Applied"
        ws.append([company, "Analyst", dt.datetime(2024, 3, 1 + i), status, source])
    wb.save(path)
    search = jsa.load(path)
    assert SCRIPT in set(search.applications["company"])  # read as written, not cleaned
    return build_report(search, today=TODAY, client="a<b>").to_html()


def test_markup_in_a_tracker_is_shown_as_text(hostile_html: str) -> None:
    page = _Page(hostile_html)
    tags = {tag for tag, _ in page.tags}
    assert "script" not in tags and "i" not in tags and "b" not in tags
    text = "".join(page.text)
    # The next-steps table names the company, the by-source table the source, the title the
    # client: each as the very characters typed.
    assert SCRIPT in text and QUOTES in text and "Job search report — a<b>" in text
    assert SCRIPT not in hostile_html and QUOTES not in hostile_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile_html
    assert "Board &#34;&amp;&#39; &lt;i&gt;x&lt;/i&gt;" in hostile_html


def test_only_our_svg_is_markup(hostile_html: str) -> None:
    # Every element is one the report's templates or its charts make.
    allowed = {"html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2"}
    allowed |= {"h3", "p", "nav", "a", "section", "div", "figure", "figcaption", "footer", "span"}
    allowed |= {"table", "caption", "thead", "tbody", "tr", "th", "td"}
    svg = {"svg", "defs", "g", "path", "text", "clippath", "use", "rect", "style", "pattern"}
    tags = {tag for tag, _ in _Page(hostile_html).tags}
    assert tags - allowed - svg == set()
    assert "svg" in tags  # the charts are there


def test_cohort_escapes_names_and_links(tmp_path: Path) -> None:
    rate = {"n": 4, "k": 1, "rate": 0.25, "ci_low": 0.05, "ci_high": 0.7, "small": True}
    headline = {
        "applications": 4,
        "sent": 4,
        "open": 2,
        "rates": {o: rate for o in ("response", "interview", "offer")},
        "median_days": {"days": None, "ci_low": None, "ci_high": None},
        "ghosting_day": None,
        "per_week": 1.0,
        "weeks": 4,
        "while_waiting": rate,
        "actions": 0,
        "issues": {},
    }
    link = "x' onmouseover='alert(1).html"
    outcomes = [
        ClientOutcome("a.xlsx", SCRIPT, "ok", html=link, headline=headline),
        ClientOutcome(QUOTES, "b", "failed", error=f"cannot read {SCRIPT}"),
    ]
    html = build_cohort(outcomes, today=TODAY, charts=False).to_html()
    page = _Page(html)
    assert "script" not in {tag for tag, _ in page.tags}
    links = [a for tag, a in page.tags if tag == "a" and not (a.get("href") or "#").startswith("#")]
    assert links == [{"href": link}] * 2  # one attribute, the file name as given (2 tables)
    text = "".join(page.text)
    assert SCRIPT in text and QUOTES in text and f"cannot read {SCRIPT}" in text
    assert SCRIPT not in html and QUOTES not in html
