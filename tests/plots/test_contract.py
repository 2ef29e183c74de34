"""What every plot function promises: Axes in, Axes out, no global state, no mutation."""

from __future__ import annotations

import copy

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.axes import Axes

import jobsearch_analytics.plots as jp
from jobsearch_analytics.metrics.activity import activity_gaps, weekly_activity
from jobsearch_analytics.metrics.after_interview import follow_up_effect, thank_you_effect
from jobsearch_analytics.metrics.rates import funnel, response_rates
from jobsearch_analytics.metrics.salary import offers_vs_posted, posted_salary
from jobsearch_analytics.metrics.timing import competing_outcomes, ghosting_curve, time_to_response


def _cases(search, today) -> dict:
    """name -> (plot function, metric result, extra keyword arguments)."""
    return {
        "rates": (jp.plot_rates, response_rates(search, by="source"), {}),
        "funnel": (jp.plot_funnel, funnel(search, by="referral"), {}),
        "stage_flow": (jp.plot_stage_flow, search.applications, {}),
        "survival": (jp.plot_survival, time_to_response(search, by="referral", today=today), {}),
        "competing": (jp.plot_competing, competing_outcomes(search, today=today), {}),
        "ghosting": (jp.plot_ghosting, ghosting_curve(search, today=today), {}),
        "thank_you": (jp.plot_thank_you, thank_you_effect(search, today=today), {}),
        "follow_up": (jp.plot_follow_up, follow_up_effect(search, today=today, by="delay"), {}),
        "salary_groups": (jp.plot_salary_ranges, posted_salary(search), {}),
        "salary_offers": (jp.plot_salary_ranges, offers_vs_posted(search), {}),
        "activity": (
            jp.plot_activity,
            weekly_activity(search, today=today),
            {"gaps": activity_gaps(search, min_days=7)},
        ),
    }


NAMES = [
    "rates",
    "funnel",
    "stage_flow",
    "survival",
    "competing",
    "ghosting",
    "thank_you",
    "follow_up",
    "salary_groups",
    "salary_offers",
    "activity",
]


@pytest.fixture(scope="module")
def cases(sample_search, today) -> dict:
    return _cases(sample_search, today)


def test_every_case_is_listed(cases):
    assert sorted(cases) == sorted(NAMES)
    drawn = {fn.__name__ for fn, _, _ in cases.values()}
    assert drawn == {n for n in jp.__all__ if n.startswith("plot_")}


@pytest.mark.parametrize("name", NAMES)
def test_draws_on_the_given_axes_without_new_figures(cases, name, ax):
    fn, result, kwargs = cases[name]
    before = plt.get_fignums()
    out = fn(result, ax=ax, **kwargs)
    assert out is ax
    assert plt.get_fignums() == before
    ax.figure.canvas.draw()  # renders (warnings are errors in this suite)


@pytest.mark.parametrize("name", NAMES)
def test_makes_exactly_one_figure_without_axes(cases, name):
    fn, result, kwargs = cases[name]
    before = set(plt.get_fignums())
    out = fn(result, **kwargs)
    assert isinstance(out, Axes)
    assert set(plt.get_fignums()) - before == {out.figure.number}
    out.figure.canvas.draw()


@pytest.mark.parametrize("name", NAMES)
def test_leaves_rcparams_and_input_alone(cases, name, monkeypatch):
    fn, result, kwargs = cases[name]
    params = copy.deepcopy(dict(mpl.rcParams))
    kept = result.copy(deep=True)
    kept_attrs = copy.deepcopy(result.attrs)
    monkeypatch.setattr(plt, "show", lambda *a, **k: pytest.fail("plt.show() was called"))
    fn(result, **kwargs)
    assert dict(mpl.rcParams) == params
    pd.testing.assert_frame_equal(result, kept)
    assert result.attrs == kept_attrs


@pytest.mark.parametrize("name", NAMES)
def test_empty_result_gives_a_message_not_an_error(cases, name):
    fn, result, kwargs = cases[name]
    empty = result.iloc[0:0]
    ax = fn(empty, **{k: v for k, v in kwargs.items() if k != "gaps"})
    assert isinstance(ax, Axes)
    ax.figure.canvas.draw()
    assert any(t.get_text().startswith("no ") for t in ax.texts)


@pytest.mark.parametrize("name", ["rates", "thank_you", "follow_up", "funnel"])
def test_n_is_shown(cases, name):
    fn, result, kwargs = cases[name]
    ax = fn(result, **kwargs)
    ticks = " ".join(t.get_text() for t in ax.get_yticklabels())
    texts = " ".join(t.get_text() for t in ax.texts)
    if name == "funnel":
        # Counts are written above the bars.
        assert all(str(n) in texts for n in result["n_reached"])
    else:
        assert all(f"n={n}" in ticks for n in result["n"])
