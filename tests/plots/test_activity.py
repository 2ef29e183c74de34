"""plot_activity: weekly bars, the open pipeline on a twin axis, pauses shaded."""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from matplotlib.container import BarContainer

from jobsearch_analytics.metrics.activity import activity_gaps, weekly_activity
from jobsearch_analytics.metrics.rates import sent_mask
from jobsearch_analytics.model import JobSearch
from jobsearch_analytics.plots import pipeline_axes, plot_activity


def bars(ax) -> BarContainer:
    return next(c for c in ax.containers if isinstance(c, BarContainer))


@pytest.fixture
def three_weeks() -> JobSearch:
    """Applications on Mon 1 Jan (2), Wed 3 Jan, Mon 22 Jan 2024; 'a' rejected on 10 Jan."""
    return JobSearch.from_frames(
        pd.DataFrame(
            {
                "application_id": list("abcd"),
                "stage": "applied",
                "outcome": ["rejected", "open", "open", "open"],
                "date_applied": ["2024-01-01", "2024-01-01", "2024-01-03", "2024-01-22"],
            }
        ),
        pd.DataFrame(
            {
                "application_id": ["a"],
                "date": ["2024-01-10"],
                "date_known": True,
                "kind": ["rejection"],
            }
        ),
    )


def test_bars_are_weekly_counts_from_mondays(three_weeks):
    ax = plot_activity(weekly_activity(three_weeks, today="2024-01-28"))
    heights = [b.get_height() for b in bars(ax)]
    assert heights == [3, 0, 0, 1]
    starts = [mdates.num2date(b.get_x()).date().isoformat() for b in bars(ax)]
    assert starts == ["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22"]
    line = pipeline_axes(ax).get_lines()[0]
    # Open at each Sunday: 3, then 2 after the rejection, 2, then 3.
    assert line.get_ydata().tolist() == [3, 2, 2, 3]
    sundays = [mdates.num2date(x).date().isoformat() for x in line.get_xdata()]
    assert sundays == ["2024-01-07", "2024-01-14", "2024-01-21", "2024-01-28"]


def test_sample_geometry_and_hand_count(sample_search, today):
    table = weekly_activity(sample_search, today=today)
    ax = plot_activity(table)
    heights = np.array([b.get_height() for b in bars(ax)])
    assert heights.tolist() == table["applications"].tolist()
    apps = sample_search.applications[sent_mask(sample_search.applications)]
    assert heights.sum() == apps["date_applied"].notna().sum()
    twin = pipeline_axes(ax)
    assert twin is not None and twin is not ax
    assert twin.get_lines()[0].get_ydata().tolist() == table["open_at_week_end"].tolist()


def test_gaps_are_shaded(sample_search, today):
    gaps = activity_gaps(sample_search, min_days=5)
    ax = plot_activity(weekly_activity(sample_search, today=today), gaps=gaps)
    shaded = [p for p in ax.patches if p.get_gid() == "pause"]
    assert len(shaded) == len(gaps) > 0
    for patch, (_, gap) in zip(shaded, gaps.iterrows(), strict=True):
        # In data coordinates along x, whatever patch class axvspan makes (a Polygon before
        # matplotlib 3.9, a Rectangle since).
        span = patch.get_path().transformed(patch.get_patch_transform()).get_extents()
        assert span.x0 == pytest.approx(mdates.date2num(gap["start"]))
        assert span.x1 == pytest.approx(mdates.date2num(gap["end"]))
