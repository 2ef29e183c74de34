"""Tests for io.dates.parse_dates: each supported shape, the column rules, speed, properties."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.utils.datetime import CALENDAR_MAC_1904, from_excel, to_excel

from jobsearch_analytics.io.dates import DATE_STATUSES, PLACEHOLDER_MEANINGS, parse_dates

T = pd.Timestamp
REF = T("2024-03-01")


def one(value, **kw):
    """Parse a single value; return (date, status, meaning, note)."""
    col = parse_dates([value], **kw)
    d = col.dates.iloc[0]
    return (None if pd.isna(d) else d), col.status.iloc[0], col.meaning.iloc[0], col.notes.iloc[0]


# --- real date cells -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2024, 1, 2), T("2024-01-02")),
        (dt.datetime(2024, 1, 2, 3, 4, 5), T("2024-01-02 03:04:05")),
        (T("2024-05-01 10:00"), T("2024-05-01 10:00")),
        (T("2024-05-01 10:00", tz="Europe/Berlin"), T("2024-05-01 10:00")),  # wall time kept
        (np.datetime64("2024-06-30"), T("2024-06-30")),
    ],
)
def test_real_date_cells(value, expected):
    d, status, meaning, _ = one(value)
    assert (d, status) == (expected, "date")
    assert pd.isna(meaning)


def test_datetime64_series_fast_path_keeps_index_and_flags_implausible():
    s = pd.Series(pd.to_datetime(["2024-01-05", None, "1900-01-01"]), index=[10, 20, 30])
    col = parse_dates(s)
    assert list(col.dates.index) == [10, 20, 30]
    assert col.dates[10] == T("2024-01-05")
    assert list(col.status) == ["date", "empty", "unparsed"]
    assert str(col.dates.dtype) == "datetime64[ns]"


def test_zero_date_cell_is_not_a_date():
    # Excel shows an empty cell formatted as a date as 1899-12-30 (serial 0).
    d, status, _, note = one(dt.datetime(1899, 12, 30))
    assert d is None and status == "unparsed" and "1950" in note


def test_xlsx_roundtrip_with_real_writers(tmp_path):
    xlsxwriter = pytest.importorskip("xlsxwriter")
    import openpyxl

    planted = [dt.datetime(2024, 9, 2), dt.datetime(2023, 12, 31, 14, 30), dt.datetime(2025, 2, 28)]
    path = tmp_path / "dates.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Jobs")
    fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for r, d in enumerate(planted):
        ws.write_datetime(r, 0, d, fmt)  # a real date cell
        ws.write_number(r, 1, to_excel(d))  # the same date as a bare serial number
        ws.write_string(r, 2, d.strftime("%d.%m.%Y"))  # typed as text, dotted day-first
    wb.close()
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    book.close()
    as_date = parse_dates([r[0] for r in rows])
    as_serial = parse_dates([r[1] for r in rows])
    as_text = parse_dates([r[2] for r in rows])
    assert list(as_date.dates) == [T(d) for d in planted]
    assert set(as_date.status) == {"date"}
    assert list(as_serial.dates) == [T(d) for d in planted]
    assert set(as_serial.status) == {"serial"}
    assert list(as_text.dates) == [T(d).normalize() for d in planted]


# --- Excel serials ---------------------------------------------------------------------------


def test_serial_matches_openpyxl_over_the_plausible_range():
    serials = [*range(32874, 73416, 97), 45537, 45538, 45537.75]
    col = parse_dates(serials)
    expected = [T(from_excel(s)) for s in serials]
    assert list(col.dates) == expected
    assert set(col.status) == {"serial"}


def test_serial_examples_and_notes():
    # 45537 is 2 Sep 2024 in Excel (=DATE(2024,9,2)); 45538 is the 3rd.
    assert one(45537)[0] == T("2024-09-02")
    d, status, _, note = one(45538)
    assert (d, status) == (T("2024-09-03"), "serial")
    assert note == "Excel serial 45538 read as 2024-09-03"
    assert one(45538.0)[0] == T("2024-09-03")
    assert one("45538")[:2] == (T("2024-09-03"), "serial")
    assert one(" 45538.5 ")[0] == T("2024-09-03 12:00")
    assert one(np.int64(45538))[0] == T("2024-09-03")


def test_serial_1904_epoch():
    serial = 45538 - 1462
    d, status, _, note = one(serial, epoch_1904=True)
    assert d == T(from_excel(serial, epoch=CALENDAR_MAC_1904)) == T("2024-09-03")
    assert status == "serial" and "1904" in note


@pytest.mark.parametrize("number", [0, 12, 60, 1989.5, 32873, 73416, 5551234567, -45538, 1e300])
def test_numbers_outside_the_serial_range_are_not_dates(number):
    d, status, _, note = one(number)
    assert d is None and status == "unparsed" and "not a plausible date" in note


def test_eight_digit_number_is_yyyymmdd():
    assert one(20240130)[:2] == (T("2024-01-30"), "text")
    assert one("20240130")[:2] == (T("2024-01-30"), "text")


# --- text shapes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "status"),
    [
        ("2024-04-03", T("2024-04-03"), "text"),
        ("2024-04-03 09:30", T("2024-04-03 09:30"), "text"),
        ("2024-04-03T09:30:15", T("2024-04-03 09:30:15"), "text"),
        ("2024-01-05T10:00:00Z", T("2024-01-05 10:00"), "text"),
        ("2024-4-3", T("2024-04-03"), "text"),
        ("2024/4/3", T("2024-04-03"), "text"),
        ("2024.1.30", T("2024-01-30"), "text"),
        ("30.01.2024", T("2024-01-30"), "text"),
        ("5.3.2024", T("2024-03-05"), "text"),  # dots: day-first without a vote
        ("13/02/2024", T("2024-02-13"), "text"),
        ("02/13/2024", T("2024-02-13"), "text"),
        ("3/3/2024", T("2024-03-03"), "text"),  # both readings agree
        ("13/02/24", T("2024-02-13"), "text"),
        ("02/13/99", T("1999-02-13"), "text"),
        ("January 5, 2024", T("2024-01-05"), "text"),
        ("5 Jan 2024", T("2024-01-05"), "text"),
        ("5-Jan-2024", T("2024-01-05"), "text"),
        ("Sept. 5th, 2024", T("2024-09-05"), "text"),
        ("Mon, Jan 8, 2024", T("2024-01-08"), "text"),
        ("2024年1月30日", T("2024-01-30"), "text"),
        ("5. März 2024", T("2024-03-05"), "text"),
        ("5 mars 2024", T("2024-03-05"), "text"),
        ("1er février 2024", T("2024-02-01"), "text"),
        ("5 de marzo de 2024", T("2024-03-05"), "text"),
        ("12 Dezember 2023", T("2023-12-12"), "text"),
        ("  January\u00a05,\u00a02024 ", T("2024-01-05"), "text"),
        ("13/02/2024 4:05 PM", T("2024-02-13 16:05"), "text"),
        ("02/13/2024, 12:05 AM", T("2024-02-13 00:05"), "text"),
    ],
)
def test_text_dates(text, expected, status):
    d, got_status, _, _ = one(text)
    assert (d, got_status) == (expected, status)


@pytest.mark.parametrize("text", ["2024-04-03", "2024-04-03 10:00", "2024-4-3", "2024/04/03"])
def test_iso_is_never_day_first(text):
    d, status, _, _ = one(text, dayfirst=True)
    assert d.month == 4 and d.day == 3 and status == "text"


def test_linkedin_style_keeps_time():
    col = parse_dates(["7/6/23, 2:20 PM", "12/25/23, 9:05 AM"])
    assert col.dates.iloc[0] == T("2023-07-06 14:20")
    assert col.dates.iloc[1] == T("2023-12-25 09:05")
    assert col.dayfirst is False


def test_month_and_year_only_reads_the_first_with_a_note():
    d, status, _, note = one("Jan 2024")
    assert (d, status) == (T("2024-01-01"), "text") and "1st" in note


@pytest.mark.parametrize(
    "text", ["13/13/2024", "31/02/2024", "2024-02-30", "hello", "Q1", "Jan", "32 Jan 2024"]
)
def test_unreadable_text_is_unparsed_with_a_note(text):
    d, status, _, note = one(text)
    assert d is None and status == "unparsed" and isinstance(note, str) and note


def test_time_without_date_is_unparsed():
    d, status, _, note = one(dt.time(10, 30))
    assert d is None and status == "unparsed" and "time" in note


# --- missing years ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("Jan 5", T("2024-03-01"), T("2024-01-05")),
        ("5-Jan", T("2024-03-01"), T("2024-01-05")),
        ("1月30日", T("2024-03-01"), T("2024-01-30")),
        ("Dec 20", T("2024-01-10"), T("2023-12-20")),  # nearest is last December
        ("Jan 3", T("2023-12-20"), T("2024-01-03")),  # nearest is next January
        ("Feb 29", T("2024-05-01"), T("2024-02-29")),  # only leap years have it
    ],
)
def test_no_year_takes_the_year_nearest_the_reference(text, reference, expected):
    d, status, _, note = one(text, reference=reference)
    assert (d, status) == (expected, "no_year")
    assert note == f"no year; assumed {expected.year} from the reference date"


def test_no_year_uses_median_of_the_column_when_no_reference():
    col = parse_dates(["2022-11-01", "2022-12-15", "2023-01-10", "Dec 30", "Jan 2"])
    assert col.dates.iloc[3] == T("2022-12-30")
    assert col.dates.iloc[4] == T("2023-01-02")
    assert col.notes.iloc[3] == "no year; assumed 2022 from neighbouring dates"


def test_no_year_without_anything_uses_this_year():
    d, status, _, note = one("Jun 15")
    today = pd.Timestamp.today()
    assert status == "no_year" and "today" in note
    assert abs((d - today).days) <= 366 // 2 + 1


# --- day-first inference ---------------------------------------------------------------------


def test_column_with_day_first_evidence():
    col = parse_dates(["13/02/2024", "25/03/2024", "03/04/2024", "05/05/2024", "14/4/2024"])
    assert col.dayfirst is True
    assert col.dayfirst_reason.startswith("3 values like 13/02/2024 can only be day-first")
    assert col.dates.iloc[2] == T("2024-04-03")
    assert col.status.iloc[2] == "ambiguous"
    assert col.notes.iloc[2] == (
        "day and month ambiguous; read day-first like 3 other values in this column"
    )
    assert col.status.iloc[3] == "text"  # 05/05 reads the same both ways


def test_column_with_month_first_evidence():
    col = parse_dates(["02/13/2024", "03/04/2024", "12/31/2023"])
    assert col.dayfirst is False
    assert list(col.dates) == [T("2024-02-13"), T("2024-03-04"), T("2023-12-31")]
    assert list(col.status) == ["text", "ambiguous", "text"]


def test_evidence_both_ways_flags_the_minority():
    values = ["02/13/2024", "02/14/2024", "02/15/2024", "16/02/2024", "03/04/2024"]
    col = parse_dates(values)
    assert col.dayfirst is False
    assert "1 value like 16/02/2024 can only be day-first" in col.dayfirst_reason
    # The contradicting value is read the only valid way but flagged.
    assert col.dates.iloc[3] == T("2024-02-16")
    assert col.status.iloc[3] == "ambiguous"
    assert "can only be day-first" in col.notes.iloc[3]
    assert col.dates.iloc[4] == T("2024-03-04") and col.status.iloc[4] == "ambiguous"
    assert list(col.status[:3]) == ["text"] * 3


def test_tie_falls_back_to_month_first():
    col = parse_dates(["13/02/2024", "02/13/2024", "03/04/2024"])
    assert col.dayfirst is False and "month-first by default" in col.dayfirst_reason
    assert col.dates.iloc[2] == T("2024-03-04")


def test_nothing_decides_uses_argument_or_month_first():
    values = ["03/04/2024", "3/3/2024", "01/02/2024"]
    default = parse_dates(values)
    assert default.dayfirst is False
    assert default.dayfirst_reason == "no value decides; month-first by default"
    assert list(default.status) == ["ambiguous", "text", "ambiguous"]
    assert default.dates.iloc[0] == T("2024-03-04")
    given_df = parse_dates(values, dayfirst=True)
    assert given_df.dayfirst is True and given_df.dayfirst_reason == "given"
    assert given_df.dates.iloc[0] == T("2024-04-03")
    assert given_df.notes.iloc[0] == "day and month ambiguous; read day-first as given"


def test_explicit_dayfirst_does_not_break_unambiguous_values():
    col = parse_dates(["02/13/2024", "2024-04-03", "03/04/2024"], dayfirst=True)
    assert col.dates.iloc[0] == T("2024-02-13")
    assert col.dates.iloc[1] == T("2024-04-03")
    assert col.dates.iloc[2] == T("2024-04-03")


def test_no_numeric_text_means_no_convention():
    col = parse_dates(["2024-01-02", dt.date(2024, 1, 3), "Jan 5, 2024"])
    assert col.dayfirst is None


def test_ambiguous_without_year():
    col = parse_dates(["1/5", "2024-01-20"])
    assert col.dates.iloc[0] == T("2024-01-05")
    assert col.status.iloc[0] == "ambiguous"
    assert "no year" in col.notes.iloc[0]


# --- placeholders ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "meaning"),
    [
        ("No Response", "not_yet"),
        ("Pending", "not_yet"),
        ("In Progress", "not_yet"),
        ("TBD", "not_yet"),
        ("Waiting", "not_yet"),
        ("待定", "not_yet"),
        ("N/A", "not_applicable"),
        ("n/a", "not_applicable"),
        ("-", "not_applicable"),
        ("—", "not_applicable"),
        ("none", "not_applicable"),
        ("Interviewed", "happened"),
        ("Yes", "happened"),
        ("Done", "happened"),
        ("Sent", "happened"),
        ("✓", "happened"),
        ("x", "happened"),
        ("TRUE", "happened"),
        (True, "happened"),
        ("Rejected", "rejected"),
        ("Declined", "rejected"),
    ],
)
def test_placeholders(value, meaning):
    d, status, got, _ = one(value)
    assert (d, status, got) == (None, "placeholder", meaning)


@pytest.mark.parametrize("value", [None, float("nan"), "", "   ", "\u00a0", pd.NaT, pd.NA])
def test_empty(value):
    d, status, meaning, note = one(value)
    assert d is None and status == "empty" and pd.isna(meaning) and pd.isna(note)


# --- shape of the result ---------------------------------------------------------------------


def test_result_has_input_index_and_input_is_untouched():
    s = pd.Series(["13/02/2024", 45538, None, "Pending"], index=list("abcd"), dtype=object)
    before = s.copy()
    col = parse_dates(s)
    pd.testing.assert_series_equal(s, before)
    for part in (col.dates, col.status, col.meaning, col.notes):
        assert list(part.index) == list("abcd")
    assert str(col.dates.dtype) == "datetime64[ns]"


def test_accepts_lists_and_empty_input():
    col = parse_dates([])
    assert len(col.dates) == 0 and col.dayfirst is None


def test_200k_iso_text_and_datetimes_parse_exactly():
    # Speed at this size is measured in benchmarks/bench_parsers.py, not asserted here.
    stamps = pd.date_range("2020-01-01", periods=200_000, freq="37min")
    iso = pd.Series(stamps.strftime("%Y-%m-%d %H:%M"), dtype=object)
    objects = pd.Series(list(stamps.to_pydatetime()), dtype=object)
    for values in (iso, objects):
        col = parse_dates(values)
        assert (col.dates.to_numpy() == stamps.to_numpy()).all()


def test_repeated_messy_values_take_the_column_convention():
    messy = pd.Series(["3/4/2024", "13/4/2024", "Jan 5", "Pending", 45000] * 40)
    col = parse_dates(messy)
    assert col.dayfirst is True and col.evidence == (40, 0) and col.settled
    assert col.dates.iloc[0] == T("2024-04-03")


# --- properties ------------------------------------------------------------------------------

cells = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(),
    st.dates(),
    st.times(),
    st.from_regex(r"\d{1,4}[/.\-]\d{1,2}([/.\-]\d{1,4})?", fullmatch=True),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(cells, max_size=12), st.sampled_from([None, True, False]))
def test_never_raises_and_is_consistent(values, dayfirst):
    col = parse_dates(values, dayfirst=dayfirst, reference=REF)
    assert len(col.dates) == len(values)
    assert set(col.status) <= set(DATE_STATUSES)
    has_date = col.dates.notna()
    dated = col.status.isin(["date", "serial", "text", "ambiguous", "no_year"])
    assert (has_date == dated).all()
    ph = col.status == "placeholder"
    assert col.meaning[ph].isin(PLACEHOLDER_MEANINGS).all()
    assert col.meaning[~ph].isna().all()
    guessed = col.status.isin(["serial", "ambiguous", "no_year", "unparsed"])
    assert col.notes[guessed].notna().all()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.dates(dt.date(1995, 1, 1), dt.date(2090, 12, 31)), min_size=1, max_size=15),
    st.sampled_from(["%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y-%m-%d", "%B %d, %Y", "%d %b %Y"]),
)
def test_planted_dates_come_back(planted, fmt):
    # One value with day > 12 makes any numeric format decidable.
    planted = [*planted, dt.date(2024, 5, 28)]
    col = parse_dates([d.strftime(fmt) for d in planted])
    assert list(col.dates) == [T(d) for d in planted]
    assert col.dayfirst in (None, fmt.startswith("%d/"))
