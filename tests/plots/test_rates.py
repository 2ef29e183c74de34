"""plot_rates: bar widths, whisker ends and labels against the rate table and statsmodels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.container import BarContainer, ErrorbarContainer
from statsmodels.stats.proportion import proportion_confint

from jobsearch_analytics.metrics.rates import interview_rates, response_rates
from jobsearch_analytics.model import JobSearch
from jobsearch_analytics.plots import plot_rates
from jobsearch_analytics.plots._style import SMALL_NOTE


def bars(ax, label: str = "rate") -> BarContainer:
    return next(c for c in ax.containers if isinstance(c, BarContainer) and c.get_label() == label)


def whisker_ends(ax, label: str = "rate interval") -> np.ndarray:
    """(low, high) of each whisker, as drawn (horizontal segments)."""
    container = next(
        c for c in ax.containers if isinstance(c, ErrorbarContainer) and c.get_label() == label
    )
    segments = container.lines[2][0].get_segments()
    return np.array([[min(s[:, 0]), max(s[:, 0])] for s in segments])


def whisker_rows(ax, label: str = "rate interval") -> np.ndarray:
    container = next(
        c for c in ax.containers if isinstance(c, ErrorbarContainer) and c.get_label() == label
    )
    return np.array([s[0, 1] for s in container.lines[2][0].get_segments()])


@pytest.fixture
def planted() -> JobSearch:
    """Four sources with known counts: LinkedIn 3 of 12 replied, Referral 6 of 8, Indeed 0 of
    11, Other 1 of 1 (stage screen or beyond proves a reply)."""
    sizes = {"LinkedIn": (12, 3), "Referral": (8, 6), "Indeed": (11, 0), "Other": (1, 1)}
    rows = []
    for source, (n, k) in sizes.items():
        rows += [{"source": source, "stage": "screen"}] * k
        rows += [{"source": source, "stage": "applied"}] * (n - k)
    apps = pd.DataFrame(rows)
    apps.insert(0, "application_id", [f"a{i}" for i in range(len(apps))])
    return JobSearch.from_frames(apps)


def test_bars_and_whiskers_match_planted_counts_and_statsmodels(planted):
    table = response_rates(planted, by="source")
    ax = plot_rates(table)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    expected = {"Indeed": (11, 0), "LinkedIn": (12, 3), "Other": (1, 1), "Referral": (8, 6)}
    assert labels == [f"{s} (n={n})" for s, (n, _) in sorted(expected.items())]
    widths = [bar.get_width() for bar in bars(ax)]
    assert widths == pytest.approx([k / n for _, (n, k) in sorted(expected.items())])
    low, high = proportion_confint(
        [k for _, (_, k) in sorted(expected.items())],
        [n for _, (n, _) in sorted(expected.items())],
        method="wilson",
    )
    ends = whisker_ends(ax)
    assert ends[:, 0] == pytest.approx(np.clip(low, 0, 1), abs=1e-9)
    assert ends[:, 1] == pytest.approx(np.clip(high, 0, 1), abs=1e-9)


def test_geometry_equals_table_on_sample(sample_search):
    table = interview_rates(sample_search, by="source")
    ax = plot_rates(table, outcome="interview")
    assert len(bars(ax)) == len(table)
    assert [b.get_width() for b in bars(ax)] == pytest.approx(table["rate"].tolist())
    ends = whisker_ends(ax)
    assert ends[:, 0] == pytest.approx(table["ci_low"].to_numpy(), abs=1e-12)
    assert ends[:, 1] == pytest.approx(table["ci_high"].to_numpy(), abs=1e-12)
    # Each whisker sits on its own bar.
    centres = [b.get_y() + b.get_height() / 2 for b in bars(ax)]
    assert whisker_rows(ax) == pytest.approx(centres)
    assert ax.get_title(loc="left") == "Share of applications that reached an interview"


def test_first_group_is_drawn_on_top(planted):
    ax = plot_rates(response_rates(planted, by="source"))
    ys = [b.get_y() for b in bars(ax)]
    # Inverted y axis: the first row has the smallest data y and appears highest.
    assert ax.yaxis_inverted()
    assert ys == sorted(ys)


def test_small_groups_are_hatched_lighter_and_explained(planted):
    table = response_rates(planted, by="source")
    ax = plot_rates(table)
    for bar, small in zip(bars(ax), table["small"], strict=True):
        assert (bar.get_hatch() is not None) == bool(small)
        assert (bar.get_alpha() is not None and bar.get_alpha() < 1) == bool(small)
    legend = ax.get_legend()
    assert legend is not None
    assert SMALL_NOTE in [t.get_text() for t in legend.get_texts()]


def test_no_small_note_when_no_group_is_small():
    table = pd.DataFrame(
        {"n": [40], "k": [10], "rate": [0.25], "ci_low": [0.14], "ci_high": [0.4], "small": [False]}
    )
    ax = plot_rates(table)
    assert ax.get_legend() is None
    assert [t.get_text() for t in ax.get_yticklabels()] == ["all (n=40)"]


def test_empty_group_gets_no_bar_and_says_so():
    table = pd.DataFrame(
        {
            "source": ["A", "B"],
            "n": [5, 0],
            "k": [2, 0],
            "rate": [0.4, np.nan],
            "ci_low": [0.12, np.nan],
            "ci_high": [0.77, np.nan],
            "small": [True, True],
        }
    )
    ax = plot_rates(table)
    assert [b.get_width() for b in bars(ax)] == [0.4, 0.0]
    assert len(whisker_ends(ax)) == 1
    assert "no data" in [t.get_text() for t in ax.texts]


def test_counts_are_written_next_to_each_bar(planted):
    ax = plot_rates(response_rates(planted, by="source"))
    texts = [t.get_text() for t in ax.texts]
    assert "75%  (6/8)" in texts
    assert "0%  (0/11)" in texts


def test_outcome_from_attrs_names_the_title(planted):
    table = response_rates(planted)
    table.attrs["outcome"] = "offer"
    ax = plot_rates(table)
    assert ax.get_title(loc="left") == "Share of applications that got an offer"


def test_empty_table_draws_a_message():
    table = pd.DataFrame(columns=["source", "n", "k", "rate", "ci_low", "ci_high", "small"])
    ax = plot_rates(table)
    assert "no data to show" in [t.get_text() for t in ax.texts]
