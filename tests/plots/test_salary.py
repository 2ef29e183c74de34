"""plot_salary_ranges: floating bars from min to max, offers as points, one currency."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.container import BarContainer

from jobsearch_analytics.metrics.salary import offers_vs_posted, posted_salary
from jobsearch_analytics.model import JobSearch
from jobsearch_analytics.plots import plot_salary_ranges


def bars(ax) -> BarContainer:
    return next(c for c in ax.containers if isinstance(c, BarContainer))


def spans(ax) -> list[tuple[float, float]]:
    return [(b.get_x(), b.get_x() + b.get_width()) for b in bars(ax)]


def words(ax) -> str:
    """All text on the Axes, with line wrapping undone."""
    return " ".join(" ".join(t.get_text().split()) for t in ax.texts)


def by_gid(artists, gid: str):
    return next(a for a in artists if a.get_gid() == gid)


@pytest.fixture
def postings() -> JobSearch:
    """Analyst postings in USD (planted medians) and one engineer posting in EUR."""
    return JobSearch.from_frames(
        pd.DataFrame(
            {
                "application_id": list("abcde"),
                "role": ["Analyst", "analyst", "Analyst", "Engineer", "Engineer"],
                "salary_annual_min": [50e3, 60e3, 70e3, 90e3, 80e3],
                "salary_annual_max": [70e3, 90e3, 80e3, 120e3, 100e3],
                "salary_currency": ["USD", "USD", "USD", "USD", "EUR"],
                "offer_initial": [None, 75e3, None, 95e3, None],
                "offer_final": [None, 80e3, None, 100e3, None],
                "offer_currency": [None, "USD", None, "USD", None],
            }
        )
    )


def test_group_bars_run_from_median_min_to_median_max(postings):
    table = posted_salary(postings)
    ax = plot_salary_ranges(table, currency="USD")
    # analyst (USD): mins 50, 60, 70 -> median 60k; maxes 70, 90, 80 -> median 80k;
    # engineer (USD): one posting 90-120k. Sorted by midpoint, lowest first.
    assert spans(ax) == [(60e3, 80e3), (90e3, 120e3)]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["analyst (n=3)", "engineer (n=1)"]
    spread = by_gid(ax.collections, "spread").get_segments()
    assert [(s[0, 0], s[1, 0]) for s in spread] == [(50e3, 90e3), (90e3, 120e3)]
    mids = by_gid(ax.lines, "median midpoint").get_xdata().tolist()
    # analyst midpoints 60, 75, 75 -> 75k; engineer 105k.
    assert mids == [75e3, 105e3]
    assert "USD" in ax.get_xlabel()


def test_default_currency_is_the_most_common_and_others_are_counted(postings):
    ax = plot_salary_ranges(posted_salary(postings))
    assert "USD" in ax.get_xlabel()
    assert "1 row in other currencies left out" in words(ax)
    eur = plot_salary_ranges(posted_salary(postings), currency="EUR")
    assert spans(eur) == [(80e3, 100e3)]


def test_offers_are_points_on_their_posting(postings):
    table = offers_vs_posted(postings)
    ax = plot_salary_ranges(table)
    # Offer rows: b (posted 60-90k, offers 75k -> 80k) and d (posted 90-120k, 95k -> 100k).
    assert spans(ax) == [(60e3, 90e3), (90e3, 120e3)]
    assert by_gid(ax.lines, "offer initial").get_xdata().tolist() == [75e3, 95e3]
    assert by_gid(ax.lines, "offer final").get_xdata().tolist() == [80e3, 100e3]
    centres = [b.get_y() + b.get_height() / 2 for b in bars(ax)]
    assert by_gid(ax.lines, "offer final").get_ydata().tolist() == pytest.approx(centres)


def test_sample_posted_salary_geometry(sample_search):
    table = posted_salary(sample_search)
    chosen = table["currency"].value_counts().index[0]
    ax = plot_salary_ranges(table, max_rows=1000)
    part = table[table["currency"] == chosen]
    expected = sorted(
        zip(part["annual_min_median"], part["annual_max_median"], strict=True),
        key=lambda r: (r[0] + r[1]) / 2,
    )
    assert np.array(spans(ax)) == pytest.approx(np.array(expected))


def test_max_rows_keeps_the_groups_with_most_postings(sample_search):
    table = posted_salary(sample_search)
    ax = plot_salary_ranges(table, max_rows=5)
    assert len(bars(ax)) == 5
    chosen = table["currency"].value_counts().index[0]
    part = table[table["currency"] == chosen]
    shown = [int(t.get_text().rsplit("n=", 1)[1].rstrip(")")) for t in ax.get_yticklabels()]
    assert sorted(shown, reverse=True) == sorted(part["n"], reverse=True)[:5]
    assert f"Showing the 5 of {len(part)} groups with most postings" in words(ax)


def test_single_figure_postings_get_a_visible_mark():
    rows = pd.DataFrame(
        {"company": ["Acme"], "currency": ["GBP"], "annual_min": [45e3], "annual_max": [45e3]}
    )
    ax = plot_salary_ranges(rows)
    assert spans(ax) == [(45e3, 45e3)]
    assert any(np.array_equal(line.get_xdata(), [45e3]) for line in ax.lines)


def test_unknown_table_is_refused():
    with pytest.raises(ValueError, match="posted_salary"):
        plot_salary_ranges(pd.DataFrame({"x": [1]}))
