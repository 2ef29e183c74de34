"""The dashboard driven as a person would: set widget values, read the outputs back."""

from __future__ import annotations

import datetime as dt
import html
import re

import pandas as pd
import pytest

from jobsearch_analytics.model import JobSearch
from jobsearch_analytics.widgets import TAB_TITLES, Dashboard, dashboard

from .conftest import TODAY, TRACKER


def _shown_count(board: Dashboard) -> int:
    match = re.search(r"<b class='jsa-n'>(\d+)</b>", board.count.value)
    assert match, board.count.value
    return int(match.group(1))


def _html(board: Dashboard, tab: str) -> str:
    return "".join(o["data"].get("text/html", "") for o in board.outputs[tab].outputs)


@pytest.fixture
def board(tracker_search) -> Dashboard:
    return dashboard(tracker_search, today=TODAY)


def test_starts_on_overview_with_everything(board, tracker_search):
    assert board.search is tracker_search
    assert _shown_count(board) == len(tracker_search.applications)
    assert f"<b>{len(tracker_search)}</b> applications in this view" in _html(board, "Overview")
    assert list(board.tabs.titles) == list(TAB_TITLES)
    assert board.redraws == {"Overview": 1}
    # One client only: the client filter is hidden.
    assert board.client.layout.display == "none"


def test_widget_values_filter_the_numbers(board, tracker_search):
    apps = tracker_search.applications
    source = apps["source"].value_counts().index[1]
    board.source.value = source  # as a click in the dropdown does
    expected = int((apps["source"] == source).sum())
    assert _shown_count(board) == expected == len(board.filtered())
    assert f"<b>{expected}</b> applications in this view" in _html(board, "Overview")

    board.role.value = "engineer"
    both = int(
        (
            (apps["source"] == source)
            & apps["role"].str.lower().str.contains("engineer").fillna(False)
        ).sum()
    )
    assert _shown_count(board) == both
    assert "role contains 'engineer'" in html.unescape(board.count.value)

    board.reset.click()
    assert _shown_count(board) == len(apps)


def test_referral_and_dates_through_widgets(board, tracker_search):
    apps = tracker_search.applications
    board.referral.value = "referred"
    assert _shown_count(board) == int(apps["referral"].eq(True).sum())
    board.referral.value = "any"
    start, end = pd.Timestamp("2024-02-01"), pd.Timestamp("2024-02-29")
    board.start.value = start.date()
    board.end.value = end.date()
    assert _shown_count(board) == int(apps["date_applied"].between(start, end).sum())


def test_a_filter_change_redraws_only_the_visible_tab(board, tracker_search):
    source = tracker_search.applications["source"].value_counts().index[0]
    board.set_filter(source=source)
    assert board.redraws == {"Overview": 2} and board.computes == {"Overview": 2}
    assert board.stale == frozenset(TAB_TITLES) - {"Overview"}

    board.select("Timing")  # stale tab redraws when shown
    assert board.redraws["Timing"] == 1 and board.redraws["Overview"] == 2

    board.set_filter(source=source)  # same state: nothing to do
    assert sum(board.redraws.values()) == 3

    board.set_filter()  # back to everything: only Timing (visible) is computed
    assert board.computes["Timing"] == 2 and board.computes["Overview"] == 2
    board.select("Overview")  # this state was drawn before: from the cache, no compute
    assert board.redraws["Overview"] == 3 and board.computes["Overview"] == 2
    assert f"<b>{len(tracker_search)}</b> applications" in _html(board, "Overview")


def test_data_quality_ignores_filters(board, tracker_search):
    board.select("Data quality")
    shown = _html(board, "Data quality")
    assert f"{tracker_search.report.rows_read} rows read" in shown
    board.set_filter(role="analyst")
    board.select("Data quality")
    assert board.computes["Data quality"] == 1 and board.redraws["Data quality"] == 1
    assert "Data quality" not in board.stale


def test_every_tab_shows_without_errors(board):
    for tab in TAB_TITLES:
        board.select(tab)
        assert board.outputs[tab].outputs, tab
    assert board.errors == {}


def test_a_filter_matching_nothing_says_so(board):
    board.set_filter(role="no such role anywhere")
    assert _shown_count(board) == 0
    assert "No applications match" in _html(board, "Overview")


def test_set_filter_rejects_unknown_source(board):
    with pytest.raises(ValueError, match="not in this search"):
        board.set_filter(source="Carrier pigeon")


def test_clients_appear_when_there_are_several():
    apps = pd.DataFrame(
        {
            "application_id": ["a/1", "b/1", "b/2"],
            "client": ["a", "b", "b"],
            "stage": "applied",
            "outcome": "open",
            "date_applied": ["2024-01-02", "2024-01-03", "2024-01-04"],
        }
    )
    board = Dashboard(JobSearch.from_frames(apps), today=TODAY)
    assert board.client.layout.display is None
    board.client.value = "b"
    assert _shown_count(board) == 2


def _upload(board: Dashboard, name: str, content: bytes) -> None:
    # The shape the browser sends for one file (ipywidgets 8).
    board.upload.value = (
        {
            "name": name,
            "type": "",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": dt.datetime.now(dt.UTC),
        },
    )


def test_upload_of_a_tracker_loads_it():
    board = dashboard(today=TODAY)
    assert board.search is None and board.source.disabled
    _upload(board, "tracker.xlsx", TRACKER.read_bytes())
    assert board.search is not None and not board.source.disabled
    assert "Loaded tracker.xlsx" in board.message.value
    assert _shown_count(board) == len(board.search)
    assert board.upload.value == ()  # cleared so the same file can be sent again


def test_a_bad_upload_shows_the_load_error_and_keeps_the_search(board, tracker_search):
    _upload(board, "notes.xlsx", b"PK\x03\x04 this is not a workbook")
    assert "Could not load notes.xlsx" in board.message.value
    assert "Traceback" not in board.message.value
    assert board.search is tracker_search  # the previous search stays on screen
    _upload(board, "empty.csv", b"")
    assert "Could not load empty.csv" in board.message.value


@pytest.mark.parametrize("tab", [t for t in TAB_TITLES if t != "Data quality"])
def test_a_filter_change_computes_each_metric_once(tracker_search, monkeypatch, tab):
    # Counted calls, not time: a redraw that asks for the same metric table twice shows up
    # here. (What the metric functions compute inside is theirs to share.)
    from jobsearch_analytics.widgets import panels

    calls: dict[str, int] = {}

    def counted(name, fn):
        def wrapper(*args, **kwargs):
            calls[name] = calls.get(name, 0) + 1
            return fn(*args, **kwargs)

        return wrapper

    for name in dir(panels.m):
        fn = getattr(panels.m, name)
        if callable(fn) and not name.startswith("_") and not isinstance(fn, type):
            monkeypatch.setattr(panels.m, name, counted(name, fn))
    monkeypatch.setattr(panels, "summarize", counted("summarize", panels.summarize))
    board = dashboard(tracker_search, today=TODAY)
    board.select(tab)
    source = tracker_search.applications["source"].value_counts().index[0]
    calls.clear()
    board.set_filter(source=source)
    assert calls, "the tab computed nothing"
    assert {n: c for n, c in calls.items() if c != 1} == {}
