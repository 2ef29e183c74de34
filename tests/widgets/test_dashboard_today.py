"""The dashboard's analysis date (the As of picker, beside the tracker's last entry) and its
column remapping in the Data quality tab, driven through the widgets as a person would."""

from __future__ import annotations

import datetime as dt
import html
import io

import openpyxl
import pandas as pd
import pytest

import jobsearch_analytics as jsa
import jobsearch_analytics.metrics as m
from jobsearch_analytics.widgets import dashboard
from jobsearch_analytics.widgets.app import DASHBOARD_HINT

from .conftest import TODAY, TRACKER


def _html(board, tab: str) -> str:
    board.select(tab)
    return "".join(o["data"].get("text/html", "") for o in board.outputs[tab].outputs)


def _last_entry(search) -> dt.date:
    """Independent: the latest application date or dated event."""
    events = search.events[search.events["date_known"]]
    return max(search.applications["date_applied"].max(), events["date"].max()).date()


def _timed(search, today) -> str:
    d = m.timing.durations(search, today=today)
    d = d[d["status"] == "timed"]  # not those applied after `today`, nor undated ones
    return f"{len(d)} applications timed, {int(d['observed'].sum())} replies"


def test_default_date_is_the_real_today_with_the_files_last_entry(tracker_search) -> None:
    board = dashboard(TRACKER)
    today = dt.date.today()
    last = _last_entry(tracker_search)
    assert board.asof.value == today and board.today == today
    assert f"<b>{last.isoformat()}</b>" in board.last.value
    days = (today - last).days
    assert days > 60  # the sample tracker is from 2024
    assert f"{days} days before {today.isoformat()}" in board.asof_note.value
    assert f"pick {last.isoformat()} under As of" in board.asof_note.value
    assert _timed(tracker_search, today) in _html(board, "Timing")


def test_changing_the_date_recomputes(tracker_search) -> None:
    board = dashboard(tracker_search, today=TODAY)
    assert board.asof.value == dt.date(2024, 6, 1)
    assert board.asof_note.value == ""  # 22 days after the last entry: no note
    june = _html(board, "Timing")
    assert _timed(tracker_search, TODAY) in june
    board.asof.value = dt.date(2024, 3, 15)  # what the picker does when a date is chosen
    march = _html(board, "Timing")
    assert _timed(tracker_search, "2024-03-15") in march and march != june
    assert "entries after 2024-03-15" in board.asof_note.value
    overview = _html(board, "Overview")
    assert "as of 2024-03-15" in overview
    board.set_today("2024-06-01")
    assert _html(board, "Timing") == june  # from the cache, the same as before


def test_remap_a_column_in_the_data_quality_tab(tracker_search) -> None:
    board = dashboard(TRACKER, today=TODAY)
    _html(board, "Data quality")
    labels = dict((v, k) for k, v in board.remap_column.options)
    assert labels["Source"] == "Source → source" and not board.reload.disabled
    before = m.response_rates(board.search, by="source")
    assert len(before) > 3
    board.remap_column.value = "Source"
    assert board.remap_field.value == "source"  # the field it feeds now
    board.remap_field.value = "(keep as it is)"
    board.reload.click()
    assert board.columns == {"Source": None}
    assert board.search.applications["source"].isna().all()
    assert "Source" in board.search.applications.columns  # kept under its own header
    want = jsa.load(TRACKER, columns={"Source": None})
    assert len(board.search) == len(want)
    assert "Read again with 'Source' as kept as it is" in html.unescape(board.remap_note.value)
    assert dict((v, k) for k, v in board.remap_column.options)["Source"] == "Source → kept"
    # and back: the column feeds `source` again, the rates by source return
    board.remap("Source", "source")
    after = m.response_rates(board.search, by="source")
    pd.testing.assert_frame_equal(after.reset_index(drop=True), before.reset_index(drop=True))


def test_remap_needs_the_file(tracker_search) -> None:
    board = dashboard(tracker_search, today=TODAY)
    assert board.reload.disabled and board.remap_column.disabled
    assert "needs the file" in board.remap_note.value
    assert not board.remap("Source", None)


def test_remap_of_an_upload_reads_the_upload_again() -> None:
    board = dashboard(today=TODAY)
    assert board.load_file("mine.xlsx", TRACKER.read_bytes())
    assert board.remap("Position", None)
    assert board.search.applications["role"].isna().all()
    with pytest.raises(ValueError, match="not a field"):
        board.remap("Position", "rolee")
    with pytest.raises(ValueError, match="not in this file"):
        board.remap("Positon", "role")


def test_load_error_advice_is_one_the_dashboard_user_can_follow(tracker_search) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["Totals", "2024"])
    wb.active.append([3, 4])
    buf = io.BytesIO()
    wb.save(buf)
    board = dashboard(tracker_search, today=TODAY)
    assert not board.load_file("totals.xlsx", buf.getvalue())
    message = board.message.value
    assert "Could not load totals.xlsx" in message
    dashboard_part = message.split("in a notebook")[0]
    assert "sheet=" not in dashboard_part and "columns=" not in dashboard_part
    assert DASHBOARD_HINT.split(":")[0] in message
    assert len(board.search) == len(tracker_search)  # the search shown is kept


def test_a_misspelt_correction_is_named_not_ignored() -> None:
    # An override naming a column the file does not have is an error (as for jsa.load), and
    # its advice, naming the nearest header, is kept: the dashboard user can follow it.
    board = dashboard(TRACKER, today=TODAY, columns={"Sorce": None})
    assert board.search is None
    message = html.unescape(board.message.value)
    assert "no column 'Sorce' in tracker.xlsx" in message
    assert "did you mean 'Source'?" in message
