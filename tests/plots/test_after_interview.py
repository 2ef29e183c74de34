"""plot_thank_you / plot_follow_up: rate bars per bucket, blocks per landmark, the caveat."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.container import BarContainer, ErrorbarContainer
from statsmodels.stats.proportion import proportion_confint

from jobsearch_analytics.metrics.after_interview import follow_up_effect, thank_you_effect
from jobsearch_analytics.model import JobSearch
from jobsearch_analytics.plots import plot_follow_up, plot_thank_you


def bars(ax) -> BarContainer:
    return next(c for c in ax.containers if isinstance(c, BarContainer))


def whisker_ends(ax) -> np.ndarray:
    container = next(c for c in ax.containers if isinstance(c, ErrorbarContainer))
    return np.array([[min(s[:, 0]), max(s[:, 0])] for s in container.lines[2][0].get_segments()])


def all_text(ax) -> str:
    return " ".join(t.get_text() for t in ax.texts) + " " + ax.get_title(loc="left")


@pytest.fixture
def planted_interviews() -> JobSearch:
    """Eight first-round interviews: four with a same-day note (3 reached round 2), four
    without one (1 reached round 2); every interview is decided."""
    apps, events = [], []
    for i in range(8):
        app = f"a{i}"
        noted, advanced = i < 4, (i < 3) or (i == 4)
        apps.append({"application_id": app, "stage": "interview", "outcome": "rejected"})
        events.append(
            {"application_id": app, "date": "2024-02-01", "kind": "interview", "round": 1}
        )
        if noted:
            events.append({"application_id": app, "date": "2024-02-01", "kind": "thank_you"})
        if advanced:
            events.append(
                {"application_id": app, "date": "2024-02-10", "kind": "interview", "round": 2}
            )
        events.append({"application_id": app, "date": "2024-02-20", "kind": "rejection"})
    ev = pd.DataFrame(events).assign(date_known=True)
    return JobSearch.from_frames(pd.DataFrame(apps), ev)


def test_thank_you_bars_match_planted_rates(planted_interviews):
    table = thank_you_effect(planted_interviews, by="within_24h", today="2024-04-01")
    ax = plot_thank_you(table)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    # Round-1 interviews: 3 of 4 with a note advanced, 1 of 4 without. Round-2 interviews all
    # ended in a rejection: 4 more rows, none advanced; 3 of them had no note attached.
    assert labels == ["within 24 h (n=4)", "not within 24 h (reference) (n=8)"]
    planted_k, planted_n = np.array([3, 1]), np.array([4, 8])
    assert [b.get_width() for b in bars(ax)] == pytest.approx(planted_k / planted_n)
    low, high = proportion_confint(planted_k, planted_n, method="wilson")
    ends = whisker_ends(ax)
    assert ends[:, 0] == pytest.approx(np.clip(low, 0, 1), abs=1e-9)
    assert ends[:, 1] == pytest.approx(np.clip(high, 0, 1), abs=1e-9)


def test_thank_you_on_sample_has_every_bucket_and_the_caveat(sample_search, today):
    table = thank_you_effect(sample_search, today=today)
    ax = plot_thank_you(table)
    assert len(bars(ax)) == len(table)
    finite = table["rate"].notna().to_numpy()
    widths = np.array([b.get_width() for b in bars(ax)])
    assert widths[finite] == pytest.approx(table.loc[finite, "rate"].to_numpy())
    assert (widths[~finite] == 0).all()
    assert "Association, not effect" in all_text(ax)
    for label, n in zip(ax.get_yticklabels(), table["n"], strict=True):
        assert f"(n={n})" in label.get_text()


def test_empty_bucket_says_no_data():
    table = pd.DataFrame(
        {
            "bucket": ["same day", "next day", "none"],
            "n": [4, 0, 6],
            "k": [2, 0, 1],
            "rate": [0.5, np.nan, 1 / 6],
            "ci_low": [0.15, np.nan, 0.03],
            "ci_high": [0.85, np.nan, 0.56],
            "small": [True, True, True],
        }
    )
    ax = plot_thank_you(table)
    assert [b.get_width() for b in bars(ax)] == pytest.approx([0.5, 0.0, 1 / 6])
    assert len(whisker_ends(ax)) == 2
    assert "no data" in [t.get_text() for t in ax.texts]


def test_follow_up_blocks_per_landmark(sample_search, today):
    table = follow_up_effect(sample_search, today=today, by="channel")
    ax = plot_follow_up(table)
    assert len(bars(ax)) == len(table)
    assert [b.get_width() for b in bars(ax)] == pytest.approx(table["rate"].tolist())
    ends = whisker_ends(ax)
    assert ends[:, 0] == pytest.approx(table["ci_low"].to_numpy(), abs=1e-12)
    assert ends[:, 1] == pytest.approx(table["ci_high"].to_numpy(), abs=1e-12)
    headers = {t.get_gid(): t for t in ax.texts if (t.get_gid() or "").startswith("landmark:")}
    marks = sorted(table["landmark"].unique())
    assert sorted(headers) == sorted(f"landmark:{m}" for m in marks)
    # Each block's bars lie between its header and the next one.
    ys = np.array([b.get_y() + b.get_height() / 2 for b in bars(ax)])
    bounds = [headers[f"landmark:{m}"].get_position()[1] for m in marks] + [np.inf]
    for m, lo, hi in zip(marks, bounds, bounds[1:], strict=False):
        block = ys[(table["landmark"] == m).to_numpy()]
        assert (block > lo).all()
        assert (block < hi).all()
    assert "Association, not effect" in all_text(ax)


def test_follow_up_single_landmark(sample_search, today):
    table = follow_up_effect(sample_search, today=today)
    ax = plot_follow_up(table, landmark=14)
    part = table[table["landmark"] == 14]
    assert [b.get_width() for b in bars(ax)] == pytest.approx(part["rate"].tolist())
    assert [t.get_gid() for t in ax.texts if t.get_gid()] == ["landmark:14"]
