"""The client report: numbers equal the metrics (and an independent count), escaping,
self-containment, printing, the workbook."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

import jobsearch_analytics as jsa
from jobsearch_analytics.metrics import funnel, median_time, reply_by_day
from jobsearch_analytics.model import REPLY_KINDS, STAGES
from jobsearch_analytics.report import build_report, write_report_html, write_report_xlsx

from .conftest import TODAY


@pytest.fixture(scope="module")
def loaded(client_folder):
    folder, _ = client_folder
    return jsa.load(folder / "margaret-hollis.xlsx")


@pytest.fixture(scope="module")
def report(loaded):
    return build_report(loaded, today=TODAY, client="margaret-hollis")


@pytest.fixture(scope="module")
def html(report) -> str:
    return report.to_html()


def test_every_section_is_there_and_computed(report) -> None:
    keys = [s.key for s in report.sections]
    assert keys == ["summary", "funnel", "timing", "after", "salary", "activity", "next", "quality"]
    for s in report.sections:
        # A note starting like this means a metric or a chart failed.
        assert not [n for n in s.notes if "could not be" in n], (s.key, s.notes)
    # A section or part the tracker cannot fill has no chart, and says what would fill it:
    # this tracker has no reply dates, no salaries, no thank-you notes or follow-ups.
    assert sum(len(s.figures) for s in report.sections) >= 3
    drawn = {s.key for s in report.sections if s.figures}
    assert {"summary", "funnel", "activity"} <= drawn
    for key in ("timing", "salary"):
        sec = report.section(key)
        assert sec.missing and "add a" in sec.missing and not sec.figures, key
    after = {t.name: t for t in report.section("after").tables}
    assert "'Thank-you sent' column" in after["thank-you"].missing
    assert not after["skill gaps"].missing  # this tracker has a skill-gaps column


def test_headline_rates_equal_an_independent_count(loaded, report) -> None:
    apps, events = loaded.applications, loaded.events
    code = apps["stage"].astype("object").map({s: i for i, s in enumerate(STAGES)}).fillna(1)
    sent = code >= STAGES.index("applied")
    replied = apps["application_id"].isin(
        events.loc[events["kind"].astype("object").isin(REPLY_KINDS), "application_id"]
    ) | (code >= STAGES.index("screen"))
    for outcome, hit in (
        ("response", replied),
        ("interview", code >= STAGES.index("interview")),
        ("offer", code >= STAGES.index("offer")),
    ):
        n, k = int(sent.sum()), int((hit & sent).sum())
        # the raw "k of n so far" (the headline rate itself waits for the waiting ones)
        row = report.headline["rates"][outcome]["so_far"]
        assert (row["n"], row["k"]) == (n, k), outcome
        low, high = proportion_confint(k, n, alpha=0.05, method="wilson")
        assert row["ci_low"] == pytest.approx(low, abs=1e-9)
        assert row["ci_high"] == pytest.approx(high, abs=1e-9)


def test_headline_is_the_summary(loaded, report) -> None:
    # The report's numbers are `jobsearch-analytics summary`'s (computed once, by summarize).
    s = jsa.summarize(loaded, today=TODAY).to_dict()
    h = report.headline
    assert h["rates"] == {o: s["rates"][o] for o in ("response", "interview", "offer")}
    assert h["rates"]["response"]["n"] > 0
    timing = s["time_to_response"]
    assert h["median_days"] == {
        k: timing[k if k != "days" else "median_days"]
        for k in ("days", "ci_low", "ci_high", "note")
    }
    assert (h["ghosting_day"], h["ghosting_basis"]) == (s["ghosting_day"], s["ghosting"]["basis"])
    waiting = s["activity"]["applying_while_waiting"]
    assert h["while_waiting"] == {k: waiting[k] for k in h["while_waiting"]}
    assert (h["applications"], h["first_applied"], h["last_applied"], h["issues"]) == (
        s["applications"],
        s["first_applied"],
        s["last_applied"],
        s["issues"],
    )
    assert h["sent"] == s["rates"]["response"]["n"]  # rates count the sent applications
    assert h["actions"] == len(s["actions"])


def test_tables_are_the_metric_tables(loaded, report) -> None:
    pd.testing.assert_frame_equal(report.section("funnel").tables[0].frame, funnel(loaded))
    timing = {t.name: t.frame for t in report.section("timing").tables}
    pd.testing.assert_frame_equal(timing["median days"], median_time(loaded, today=TODAY))
    pd.testing.assert_frame_equal(
        timing["reply by day"], reply_by_day(loaded, today=TODAY, days=(7, 14, 30, 60))
    )
    stages = report.section("funnel").tables[0].frame.set_index("stage")["n_reached"]
    codes = loaded.applications["stage"].cat.codes
    for stage in ("applied", "interview", "offer"):
        assert stages[stage] == int((codes >= STAGES.index(stage)).sum())


def test_html_shows_the_numbers(report, html) -> None:
    r = report.headline["rates"]["response"]
    assert f"{r['k']} of {r['n']}" in html
    assert f"{r['rate']:.0%}" in html


def test_user_text_is_escaped(html) -> None:
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_self_contained(html) -> None:
    lowered = html.lower()
    for bad in ("<script", "<link", " src=", "@import", "<iframe", "<img", "<object"):
        assert bad not in lowered, bad
    assert all(u.startswith("url(#") for u in re.findall(r"url\([^)]*\)", lowered))
    assert all(h.startswith("#") for h in re.findall(r"href=['\"]([^'\"]*)", lowered))
    # Every "http" left is inside user text of the tracker (escaped), not in markup or SVG.
    assert "xmlns" not in lowered and "<metadata" not in lowered and "<!--" not in lowered
    for m in re.finditer(r"https?://", lowered):
        before = lowered[max(0, m.start() - 1)]
        assert before not in "\"'=(", lowered[m.start() - 40 : m.end() + 20]


def test_prints_with_page_breaks(html) -> None:
    assert "@media print" in html
    # Headings stay with what follows; charts, cards and table rows are never cut in two.
    assert "h1,h2,h3{break-after:avoid" in html
    assert re.search(r"figure,[^{]*\.card[^{]*tr[^{]*\{break-inside:avoid", html)


def test_input_not_mutated(loaded) -> None:
    apps, events = loaded.applications.copy(), loaded.events.copy()
    build_report(loaded, today=TODAY, charts=False)
    pd.testing.assert_frame_equal(loaded.applications, apps)
    pd.testing.assert_frame_equal(loaded.events, events)


def test_workbook_holds_values_not_formulas(report, tmp_path: Path) -> None:
    path = write_report_xlsx(report, tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [s.title for s in report.sections]  # one sheet per section
    hostile = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                assert c.hyperlink is None
                if isinstance(c.value, str) and "<script>" in c.value:
                    hostile += 1
    assert hostile >= 1  # the company is there, as text
    assert wb.properties.creator == "jobsearch-analytics"
    assert wb.properties.title == "Job search report"
    # The stages table sits under its title row on the Funnel sheet, header first.
    stages = report.section("funnel").tables[0]
    funnel_sheet = wb["Funnel"]
    title_row = next(r[0].row for r in funnel_sheet.iter_rows() if r[0].value == stages.caption)
    header = [c.value for c in funnel_sheet[title_row + 1] if c.value is not None]
    # Headers are words (the workbook's, see report.export.column_header), one per column.
    assert len(header) == len(stages.frame.columns) and "_" not in "".join(header)
    col = list(stages.frame.columns).index("n_reached")
    values = [
        r[col]
        for r in funnel_sheet.iter_rows(
            min_row=title_row + 2, max_row=title_row + 1 + len(stages.frame), values_only=True
        )
    ]
    assert values == stages.frame["n_reached"].tolist()
    rate_col = list(stages.frame.columns).index("rate") + 1
    assert funnel_sheet.cell(title_row + 2, rate_col).number_format == "0.0%"


def test_formula_text_is_neutralised(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Company", "Job Title", "Date Applied", "Status", "Source"])
    ws.append(["x", "Analyst", "2024-03-01", "Applied", "x"])
    ws.append(["Acme", "Analyst", "2024-03-02", "Rejected", "LinkedIn"])
    # Typed as text (as a person who starts a cell with an apostrophe in Excel gets), not as a
    # formula: openpyxl would otherwise store a formula with no value.
    for ref, text in (("A2", '=HYPERLINK("http://x")'), ("E2", "@SUM(A1)")):
        ws[ref].value = text
        ws[ref].data_type = "s"
    wb.save(tmp_path / "t.xlsx")
    search = jsa.load(tmp_path / "t.xlsx")
    report = build_report(search, today=TODAY, charts=False)
    html = report.to_html()
    assert "=HYPERLINK(&#34;http://x&#34;)" in html and 'HYPERLINK("' not in html
    out = write_report_xlsx(report, tmp_path / "r.xlsx")
    with zipfile.ZipFile(out) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert not any("<f>" in s for s in sheets)
    values = [
        c.value
        for ws in openpyxl.load_workbook(out).worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and ("HYPERLINK" in c.value or "SUM(" in c.value)
    ]
    assert values and all(v.startswith("'") for v in values)


def test_write_html_refuses_to_overwrite_an_input(loaded, tmp_path: Path) -> None:
    from jobsearch_analytics.io.writers import OutputError

    source = tmp_path / "t.xlsx"
    source.write_bytes(b"tracker bytes")
    report = build_report(loaded, today=TODAY, charts=False)
    with pytest.raises(OutputError):
        write_report_html(report, source, inputs=[source])
    assert source.read_bytes() == b"tracker bytes"
    write_report_html(report, tmp_path / "r.html", inputs=[source])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "t.xlsx"]  # no temp left


def test_a_failing_metric_leaves_the_other_sections(loaded) -> None:
    broken = jsa.JobSearch(
        loaded.applications.drop(columns=["salary_annual_min"]), loaded.events, loaded.report
    )
    r = build_report(broken, today=TODAY, charts=False)
    assert any("could not be computed" in n for n in r.section("salary").notes)
    assert r.section("funnel").tables and not r.section("funnel").notes
    assert "could not be computed" in r.to_html()


def test_empty_search_renders() -> None:
    r = build_report(
        jsa.JobSearch.from_frames(pd.DataFrame({"application_id": []})), today=TODAY, charts=False
    )
    assert r.headline["sent"] == 0
    assert "<html" in r.to_html()
    assert np.isnan(r.headline["rates"]["response"]["rate"] or np.nan)
