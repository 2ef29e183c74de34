"""report._render: how table cells are shown."""

from __future__ import annotations

import re

import pandas as pd

from jobsearch_analytics.metrics import median_time, response_rates
from jobsearch_analytics.model import JobSearch
from jobsearch_analytics.report._render import table_html


def _cells(html: str) -> list[str]:
    return re.findall(r"<td[^>]*>(.*?)</td>", html)


def _search() -> JobSearch:
    # Every application replied: 9, 14 and 21 days after applying.
    apps = pd.DataFrame(
        {
            "application_id": ["a", "b", "c"],
            "stage": "screen",
            "outcome": "open",
            "date_applied": "2024-01-01",
            "source": "LinkedIn",
        }
    )
    events = pd.DataFrame(
        {
            "application_id": ["a", "b", "c"],
            "date": ["2024-01-10", "2024-01-15", "2024-01-22"],
            "date_known": True,
            "kind": "response",
        }
    )
    return JobSearch.from_frames(apps, events)


def test_interval_of_days_is_shown_in_days_not_percent():
    table = median_time(_search(), today="2024-03-01")
    row = table.iloc[0]
    assert row["median_days"] == 14  # the middle of 9, 14, 21
    html = table_html(table, columns=["median_days", "ci_low", "ci_high"])
    cells = _cells(html)
    assert "%" not in "".join(cells), cells
    low, high = row["ci_low"], row["ci_high"]
    expected = [str(int(v)) if v == int(v) else f"{v:.1f}" for v in (14, low, high)]
    assert cells == expected


def test_interval_of_a_rate_stays_a_percentage():
    table = response_rates(_search())
    cells = _cells(table_html(table, columns=["rate", "ci_low", "ci_high"]))
    assert cells[0] == "100%"
    assert all(c.endswith("%") for c in cells)
    assert cells[1] == f"{table.iloc[0]['ci_low']:.0%}"


def test_long_table_shows_its_first_rows_and_says_so():
    frame = pd.DataFrame({"day": range(205), "note": ["<i>x</i>"] * 205})
    html = table_html(frame, max_rows=200)
    assert html.count("<tr>") == 201  # header and 200 rows
    assert _cells(html)[:2] == ["0", "&lt;i&gt;x&lt;/i&gt;"]
    assert "Showing 200 of 205 rows" in html
    assert "Showing" not in table_html(frame, max_rows=205)


def test_embed_carries_the_whole_page_as_text():
    import html as html_lib

    from jobsearch_analytics.report._render import embed

    page = "<html><body><p title=\"a\">x & 'y'</p><script>z</script></body></html>"
    out = embed(page, height=500)
    frame = r'<iframe srcdoc="([^"]*)" style="[^"]*500px[^"]*" sandbox></iframe>'
    srcdoc = re.fullmatch(frame, out)
    assert srcdoc is not None
    assert html_lib.unescape(srcdoc.group(1)) == page
