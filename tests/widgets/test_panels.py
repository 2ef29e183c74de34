"""Tab contents as plain data: the numbers each tab states, against planted truth or pandas."""

from __future__ import annotations

import html
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from statsmodels.duration.survfunc import SurvfuncRight

from jobsearch_analytics.metrics.timing import durations
from jobsearch_analytics.model import REPLY_KINDS, STAGES, JobSearch
from jobsearch_analytics.widgets import (
    PANELS,
    TAB_TITLES,
    FilterState,
    Panel,
    filter_search,
    render_panel,
)
from jobsearch_analytics.widgets.panels import (
    DPI,
    after_interview_panel,
    data_quality_panel,
    next_steps_panel,
    overview_panel,
    salary_panel,
    timing_panel,
)

from .conftest import TODAY


def _independent_replied(search: JobSearch) -> tuple[int, int]:
    """Sent applications (n) and those with a reply (k), straight from the two tables."""
    apps, events = search.applications, search.events
    stage = apps["stage"].astype("object")
    sent = stage.ne("saved") | stage.isna()
    reply_ids = set(events.loc[events["kind"].astype("object").isin(REPLY_KINDS), "application_id"])
    beyond = stage.isin(STAGES[STAGES.index("screen") :])
    replied = apps["application_id"].isin(reply_ids) | beyond
    return int(sent.sum()), int((sent & replied).sum())


def test_overview_numbers_match_the_tables(tracker_search):
    p = overview_panel(tracker_search, today=TODAY)
    n, k = _independent_replied(tracker_search)
    assert p.numbers["applications"] == len(tracker_search.applications)
    assert (p.numbers["response"]["n"], p.numbers["response"]["k"]) == (n, k)
    stage = tracker_search.applications["stage"].astype("object")
    for i, name in enumerate(STAGES[1:], start=1):
        # The funnel counts applications that reached a stage or any later one.
        assert p.numbers["funnel"][name] == int(stage.isin(STAGES[i:]).sum())
    assert f"<b>{len(tracker_search)}</b> applications in this view" in p.parts[0]
    assert sum(isinstance(x, Figure) for x in p.parts) == 1


@pytest.fixture(scope="module")
def planted_timing() -> JobSearch:
    # Five applications on 1 March; replies after 2, 4 and 10 days; two still waiting.
    apps = pd.DataFrame(
        {
            "application_id": list("abcde"),
            "stage": "applied",
            "outcome": "open",
            "date_applied": "2024-03-01",
        }
    )
    events = pd.DataFrame(
        {
            "application_id": ["a", "b", "c"],
            "date": ["2024-03-03", "2024-03-05", "2024-03-11"],
            "date_known": True,
            "kind": ["response", "rejection", "screen"],
        }
    )
    return JobSearch.from_frames(apps, events)


def test_timing_numbers_match_planted_truth_and_statsmodels(planted_timing):
    p = timing_panel(planted_timing, today="2024-03-31")
    assert (p.numbers["n"], p.numbers["replies"]) == (5, 3)
    assert p.numbers["half_of_replies_days"] == 4.0  # median of 2, 4, 10
    # Kaplan-Meier: S = 0.8, 0.6, 0.4 after days 2, 4, 10 -> median 10 (no tie at 0.5).
    km = SurvfuncRight(np.array([2.0, 4.0, 10.0, 30.0, 30.0]), np.array([1, 1, 1, 0, 0]))
    assert p.numbers["median_days"] == pytest.approx(km.quantile(0.5)) == 10.0
    assert "within <b>4 days</b>" in p.parts[0]


def test_half_of_replies_with_an_even_count_is_the_middle_of_the_two(planted_timing):
    events = planted_timing.events[planted_timing.events["application_id"] != "c"]
    two = JobSearch.from_frames(planted_timing.applications, events)
    assert timing_panel(two, today="2024-03-31").numbers["half_of_replies_days"] == 3.0


@pytest.mark.parametrize("source", [None, "LinkedIn", "Referral", "Indeed"])
def test_half_of_replies_is_the_median_of_the_observed_durations(tracker_search, source):
    # Read from the survival curve's replies per day; checked against the durations.
    view = filter_search(tracker_search, FilterState(source=source))
    d = durations(view, today=TODAY)
    observed = d.loc[d["observed"], "time"]
    expected = float(observed.median()) if len(observed) else None
    assert timing_panel(view, today=TODAY).numbers["half_of_replies_days"] == expected


def test_after_interview_counts_planted_thank_you():
    # a: round 1 with a same-day note, then round 2 (so round 1 led on); b: no note, rejected.
    s = JobSearch.from_frames(
        pd.DataFrame(
            {
                "application_id": ["a", "b"],
                "stage": ["interview"] * 2,
                "outcome": ["open", "rejected"],
            }
        ),
        pd.DataFrame(
            {
                "application_id": ["a", "a", "a", "b", "b"],
                "date": ["2024-01-10", "2024-01-10", "2024-01-20", "2024-01-11", "2024-01-15"],
                "date_known": True,
                "kind": ["interview", "thank_you", "interview", "interview", "rejection"],
                "round": [1, 1, 2, 1, None],
            }
        ),
    )
    p = after_interview_panel(s, today="2024-01-22")
    rows = {r["bucket"]: (r["n"], r["k"]) for r in p.numbers["thank_you"]}
    assert rows["same day"] == (1, 1) and rows["none"] == (1, 0)
    assert p.numbers["interviews"] == 2
    assert "association, not an effect" in p.parts[0]


def test_salary_counts_postings_with_an_annual_figure(tracker_search):
    apps = tracker_search.applications
    has_range = (apps["salary_annual_min"].notna() | apps["salary_annual_max"].notna()) & apps[
        "salary_currency"
    ].notna()
    p = salary_panel(tracker_search)
    assert p.numbers["postings"] == int(has_range.sum())
    offered = apps["offer_initial"].notna() | apps["offer_final"].notna()
    assert p.numbers["offers"] == int(offered.sum())


def test_next_steps_planted_actions():
    s = JobSearch.from_frames(
        pd.DataFrame(
            {
                "application_id": ["a", "b"],
                "company": ["Acme", "Initech"],
                "stage": ["applied", "applied"],
                "outcome": ["open", "open"],
                "date_applied": ["2024-03-01", "2024-01-02"],
            }
        )
    )
    p = next_steps_panel(s, today="2024-03-12")
    # b: silent for 70 days, past the default 30-day ghosting rule; a: 11 days, follow up.
    assert p.numbers["by_action"] == {"mark as ghosted": 1, "follow up": 1}
    assert "Initech" in p.parts[0] and "Acme" in p.parts[0]


def test_data_quality_restates_the_report(tracker_search):
    report = tracker_search.report
    p = data_quality_panel(tracker_search)
    sheets = report.sheets
    assert p.numbers["rows_read"] == int(sheets["rows_read"].fillna(0).sum())
    assert p.numbers["entries"] == len(report.entries)
    assert f"{int(sheets['rows_dropped'].fillna(0).sum())} dropped" in p.parts[0]


def test_every_panel_renders_html_and_svg(tracker_search):
    assert tuple(PANELS) == TAB_TITLES
    for title, fn in PANELS.items():
        panel = fn(tracker_search, today=TODAY)
        outputs = render_panel(panel)
        assert len(outputs) == len(panel.parts), title
        for part, out in zip(panel.parts, outputs, strict=True):
            if isinstance(part, Figure):
                svg = out["data"]["image/svg+xml"]
                root = ElementTree.fromstring(svg)  # a well-formed, standalone document
                assert root.tag == "{http://www.w3.org/2000/svg}svg", title
                # Shown at DPI pixels per inch of figure, as large as the PNGs it replaces.
                assert root.get("width") == f"{part.get_figwidth() * DPI:.0f}px", title
                # Text stays text: the chart's title is in the document as words.
                chart_title = part.axes[0].get_title(loc="left")
                assert chart_title and html.escape(chart_title, quote=False) in svg, title
            else:
                assert out["data"]["text/html"] == part


def test_render_panel_never_touches_pyplot():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a"], "stage": ["applied"]}))
    render_panel(overview_panel(s, today=TODAY))
    assert plt.get_fignums() == before
    assert isinstance(Panel("x", ()).numbers, dict)


def test_panel_figures_draw_as_freshly_made_ones_and_are_never_shared(tracker_search):
    from jobsearch_analytics.metrics import funnel
    from jobsearch_analytics.plots import plot_funnel
    from jobsearch_analytics.widgets import panels

    table = funnel(tracker_search)
    fresh = Figure(figsize=(7.0, 3.6), dpi=DPI)
    plot_funnel(table, ax=fresh.subplots())
    copies = []
    for _ in range(2):
        fig, ax = panels._figure(7.0, 3.6)
        plot_funnel(table, ax=ax)
        copies.append(fig)
    assert copies[0] is not copies[1] and copies[0].axes[0] is not copies[1].axes[0]
    svgs = [panels._svg(f) for f in panels._fitted(fresh, *copies)]
    assert svgs[0] == svgs[1] == svgs[2]


def test_panel_figures_follow_rcparams():
    import matplotlib as mpl

    from jobsearch_analytics.widgets import panels

    default = mpl.rcParams["axes.linewidth"]
    panels._figure(5.0, 2.0)  # a blank figure is kept for this size
    with mpl.rc_context({"axes.linewidth": default + 2}):
        _, ax = panels._figure(5.0, 2.0)
        assert ax.spines["left"].get_linewidth() == default + 2
    _, ax = panels._figure(5.0, 2.0)
    assert ax.spines["left"].get_linewidth() == default
