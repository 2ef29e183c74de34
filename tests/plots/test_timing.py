"""Timing plots: step lines equal the survival / incidence values, one band per group."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.path import Path
from statsmodels.duration.survfunc import SurvfuncRight

from jobsearch_analytics.metrics.timing import (
    competing_outcomes,
    durations,
    ghosting_curve,
    ghosting_day,
    time_to_response,
)
from jobsearch_analytics.plots import plot_competing, plot_ghosting, plot_survival


def by_gid(artists, gid: str):
    return next(a for a in artists if a.get_gid() == gid)


def gids(artists, prefix: str) -> list[str]:
    return [a.get_gid() for a in artists if (a.get_gid() or "").startswith(prefix)]


def test_survival_lines_are_the_km_values_per_group(sample_search, today):
    table = time_to_response(sample_search, by="referral", today=today)
    ax = plot_survival(table)
    groups = list(dict.fromkeys(table["referral"]))
    assert gids(ax.lines, "survival:") == [f"survival:{g}" for g in groups]
    for group in groups:
        part = table[table["referral"] == group]
        line = by_gid(ax.lines, f"survival:{group}")
        assert line.get_xdata().tolist() == [0.0, *part["day"].tolist()]
        assert line.get_ydata().tolist() == pytest.approx([1.0, *part["survival"].tolist()])
        assert line.get_drawstyle() == "steps-post"


def test_survival_matches_statsmodels_kaplan_meier(sample_search, today):
    ax = plot_survival(time_to_response(sample_search, today=today))
    line = by_gid(ax.lines, "survival:all")
    timed = durations(sample_search, today=today)
    timed = timed[timed["status"] == "timed"]
    km = SurvfuncRight(timed["time"].to_numpy(), timed["observed"].to_numpy().astype(int))
    # statsmodels lists the curve at event days only; read the drawn step at those days.
    x, y = line.get_xdata(), line.get_ydata()
    drawn = y[np.searchsorted(x, km.surv_times, side="right") - 1]
    assert drawn == pytest.approx(km.surv_prob)


def test_one_band_per_group_spanning_the_interval(sample_search, today):
    table = time_to_response(sample_search, by="referral", today=today)
    ax = plot_survival(table)
    groups = list(dict.fromkeys(table["referral"]))
    assert gids(ax.collections, "band:") == [f"band:{g}" for g in groups]
    for group in groups:
        part = table[table["referral"] == group]
        ys = by_gid(ax.collections, f"band:{group}").get_paths()[0].vertices[:, 1]
        finite = part[part["ci_low"].notna()]
        assert ys.min() == pytest.approx(finite["ci_low"].min())
        assert ys.max() == pytest.approx(1.0)  # the band starts at (0, [1, 1])
        drawn = set(np.round(ys, 12))
        assert set(np.round(finite["ci_low"], 12)) <= drawn
        assert set(np.round(finite["ci_high"], 12)) <= drawn


@pytest.mark.parametrize("by", [None, "source"])
def test_survival_legend_covers_no_curve(sample_search, today, by):
    """The legend sits where no step line or censoring tick is drawn (it once hid the ticks)."""
    ax = plot_survival(time_to_response(sample_search, by=by, today=today))
    ax.figure.canvas.draw()
    box = ax.get_legend().get_window_extent()
    for line in ax.lines:
        x, y = line.get_xdata(), line.get_ydata()
        if len(x) == 0:
            continue  # the legend-only entry for the ticks
        if line.get_drawstyle() == "steps-post":  # the corners a step line really passes
            x, y = np.repeat(x, 2)[1:], np.repeat(y, 2)[:-1]
        drawn = Path(ax.transData.transform(np.column_stack([x, y])))
        assert not drawn.intersects_bbox(box, filled=False), line.get_gid()


def test_censor_ticks_sit_on_censoring_days(sample_search, today):
    table = time_to_response(sample_search, today=today)
    ax = plot_survival(table)
    ticks = by_gid(ax.lines, "censored:all")
    censored = table[table["censored"] > 0]
    assert ticks.get_xdata().tolist() == censored["day"].tolist()
    assert ticks.get_ydata().tolist() == pytest.approx(censored["survival"].tolist())
    assert gids(plot_survival(table, censor_ticks=False).lines, "censored:") == []


def test_undefined_interval_leaves_the_band_open():
    table = pd.DataFrame(
        {
            "day": [2.0, 5.0],
            "at_risk": [2.0, 1.0],
            "events": [1.0, 1.0],
            "censored": [0.0, 0.0],
            "survival": [0.5, 0.0],
            "ci_low": [0.01, np.nan],
            "ci_high": [0.91, np.nan],
        }
    )
    ax = plot_survival(table)
    ys = by_gid(ax.collections, "band:all").get_paths()[0].vertices[:, 1]
    assert np.isfinite(ys).all()
    assert ys.min() == pytest.approx(0.01)
    assert by_gid(ax.lines, "survival:all").get_ydata().tolist() == [1.0, 0.5, 0.0]


def test_competing_boundaries_are_the_stacked_incidences(sample_search, today):
    table = competing_outcomes(sample_search, today=today)
    ax = plot_competing(table)
    wide = table.pivot_table(index="day", columns="outcome", values="cif")
    first = by_gid(ax.lines, "boundary:positive reply").get_ydata()
    second = by_gid(ax.lines, "boundary:rejection").get_ydata()
    assert first.tolist() == pytest.approx([0.0, *wide["positive reply"]])
    assert second.tolist() == pytest.approx([0.0, *(wide["positive reply"] + wide["rejection"])])
    # The top of the stack is 1 - silence, i.e. the three shares add to one.
    assert second[1:] == pytest.approx(1.0 - wide["silence"].to_numpy())
    assert gids(ax.collections, "area:") == [
        "area:positive reply",
        "area:rejection",
        "area:silence",
    ]
    top = by_gid(ax.collections, "area:silence").get_paths()[0].vertices[:, 1]
    assert top.max() == pytest.approx(1.0)


def test_competing_interval_bands(sample_search, today):
    table = competing_outcomes(sample_search, today=today)
    ax = plot_competing(table)
    pos = table[table["outcome"] == "positive reply"]
    silence = table[table["outcome"] == "silence"]
    ys = by_gid(ax.collections, "interval:positive reply").get_paths()[0].vertices[:, 1]
    assert ys.max() == pytest.approx(pos["ci_high"].max())
    ys = by_gid(ax.collections, "interval:rejection").get_paths()[0].vertices[:, 1]
    assert ys.max() == pytest.approx(1 - silence["ci_low"].min())


def test_competing_refuses_several_groups(sample_search, today):
    table = competing_outcomes(sample_search, today=today, by="referral")
    with pytest.raises(ValueError, match="one group"):
        plot_competing(table)
    one = table[table["referral"] == table["referral"].iloc[0]]
    assert plot_competing(one) is not None


def test_ghosting_curve_threshold_and_day(sample_search, today):
    curve = ghosting_curve(sample_search, today=today)
    marked = ghosting_day(sample_search, today=today, threshold=0.1)
    ax = plot_ghosting(curve, ghosting=marked)
    line = by_gid(ax.lines, "p_reply")
    assert line.get_xdata().tolist() == curve["day"].tolist()
    assert line.get_ydata().tolist() == pytest.approx(curve["p_reply"].tolist(), nan_ok=True)
    assert by_gid(ax.lines, "threshold").get_ydata()[0] == pytest.approx(0.1)
    assert marked.day is not None
    assert by_gid(ax.lines, "ghosting day").get_xdata()[0] == marked.day
    band = by_gid(ax.collections, "p_reply band").get_paths()[0].vertices[:, 1]
    assert np.nanmax(band) == pytest.approx(curve["ci_high"].max())


def test_ghosting_day_read_off_the_curve_agrees_with_the_metric(sample_search, today):
    curve = ghosting_curve(sample_search, today=today)
    ax = plot_ghosting(curve, threshold=0.05)
    expected = ghosting_day(sample_search, today=today, threshold=0.05).day
    marks = gids(ax.lines, "ghosting day")
    if expected is None:
        assert marks == []
    else:
        assert by_gid(ax.lines, "ghosting day").get_xdata()[0] == expected


def test_ghosting_without_a_day_and_with_a_short_plateau():
    curve = pd.DataFrame(
        {
            "day": [0.0, 1.0, 2.0],
            "waiting": [5.0, 4.0, 3.0],
            "p_reply": [0.6, 0.5, 0.4],
            "ci_low": [0.2, 0.15, 0.1],
            "ci_high": [0.9, 0.85, 0.8],
        }
    )
    curve.attrs["plateau_reliable"] = False
    ax = plot_ghosting(curve)
    assert gids(ax.lines, "ghosting day") == []
    assert any("too early" in t.get_text() for t in ax.texts)
