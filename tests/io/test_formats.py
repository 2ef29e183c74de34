"""Known export formats: every registered format has a fixture written to the tool's exact
header and date conventions, is detected as itself, and maps to the planted values.

Fixtures come from ``tests/data/exports/make_exports.py`` (committed copies next to it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import io
import random
import shutil
from pathlib import Path

import pandas as pd
import pytest

import jobsearch_analytics as jsa
from jobsearch_analytics.cli import main
from jobsearch_analytics.io.formats import (
    DETECTION_THRESHOLD,
    FORMATS,
    ExportFormat,
    detect_format,
    get_format,
)
from jobsearch_analytics.io.readers import read_book
from jobsearch_analytics.io.report import LoadError

ROOT = Path(__file__).resolve().parents[2]
EXPORTS = ROOT / "tests" / "data" / "exports"
SAMPLE = ROOT / "data" / "sample"


def _fixture_module():
    spec = importlib.util.spec_from_file_location("make_exports", EXPORTS / "make_exports.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FIX = _fixture_module()
COLUMN_FORMATS = [f for f in FORMATS if f.detection == "columns"]


def _load(rel: str) -> jsa.JobSearch:
    path = EXPORTS / rel
    if FIX.EXPECTED[rel] == "huntr activities":
        return jsa.load_many([path.parent / "jobs.csv", path], client="me")
    return jsa.load(path)


def _entries(search: jsa.JobSearch, kind: str | None = None, text: str = "") -> pd.DataFrame:
    e = search.report.entries
    if kind:
        e = e[e["kind"] == kind]
    return e[(e["problem"] + " " + e["action"]).str.contains(text, regex=False)]


def _by_company(search: jsa.JobSearch) -> pd.DataFrame:
    return search.applications.set_index("company")


def _events(search: jsa.JobSearch, company: str) -> pd.DataFrame:
    aid = _by_company(search).loc[company, "application_id"]
    ev = search.events
    return ev[ev["application_id"] == aid]


# --- the registry -------------------------------------------------------------------------


def test_committed_fixtures_are_what_the_script_writes(tmp_path: Path) -> None:
    written = FIX.write_exports(tmp_path)
    assert set(written) == set(FIX.EXPECTED)
    for rel, path in written.items():
        assert path.read_bytes() == (EXPORTS / rel).read_bytes(), rel


def test_every_registered_format_has_a_fixture() -> None:
    # Adding a format to the registry without a fixture fails here.
    assert {f.name for f in FORMATS} == set(FIX.EXPECTED.values())
    assert len({f.name for f in FORMATS}) == len(FORMATS)


@pytest.mark.parametrize("fmt", COLUMN_FORMATS, ids=lambda f: f.name)
def test_signature_detected_in_any_order_and_case(fmt: ExportFormat) -> None:
    header = list(fmt.signature)
    random.Random(len(header)).shuffle(header)
    header = [h.upper() + " " if k % 2 else h for k, h in enumerate(header)]
    rows = [["exported by a tool"], [], header, ["x"] * len(header)]
    m = detect_format(rows)
    assert m is not None and m.format is fmt
    assert (m.header_index, m.matched, m.total, m.score) == (2, len(header), len(header), 1.0)


@pytest.mark.parametrize("fmt", COLUMN_FORMATS, ids=lambda f: f.name)
def test_signature_without_a_required_column_is_not_that_format(fmt: ExportFormat) -> None:
    for missing in fmt.required:
        header = [h for h in fmt.signature if h != missing]
        m = detect_format([header])
        assert m is None or m.format is not fmt


@pytest.mark.parametrize("fmt", COLUMN_FORMATS, ids=lambda f: f.name)
def test_too_few_signature_columns_is_not_that_format(fmt: ExportFormat) -> None:
    # Keep the required columns, then add others only up to just below the threshold.
    optional = [h for h in fmt.signature if h not in fmt.required]
    keep = list(fmt.required)
    while optional and (len(keep) + 1) / len(fmt.signature) < DETECTION_THRESHOLD:
        keep.append(optional.pop(0))
    if len(keep) / len(fmt.signature) >= DETECTION_THRESHOLD:
        pytest.skip("the required columns alone reach the threshold")
    m = detect_format([[*keep, "Favourite colour"]])
    assert m is None or m.format is not fmt


def test_a_new_format_is_one_entry(tmp_path: Path) -> None:
    """Adding a format is data: a new entry is detected and mapped with no other change."""
    teal = ExportFormat(
        name="teal",
        title="Teal tracker export",
        signature=("Job Position", "Company", "Date Applied", "Pipeline Stage", "Excitement"),
        required=("Pipeline Stage", "Excitement"),
        columns={"Job Position": "role", "Pipeline Stage": "status", "Excitement": None},
        status_vocabulary={"bookmarked": "saved"},
    )
    rows = [list(teal.signature), ["Analyst", "Acme", "2024-05-01", "Bookmarked", "3"]]
    assert detect_format(rows, formats=(*FORMATS, teal)).format is teal
    assert detect_format(rows) is None  # not registered: a generic tracker
    with pytest.raises(ValueError, match="unknown fields"):
        ExportFormat(name="bad", title="bad", signature=("A",), columns={"A": "nonsense"})


def test_generic_trackers_are_not_taken_for_exports() -> None:
    for header in (
        ["Company Name", "Job Title", "Job URL", "Applied Date", "Status", "Notes"],
        ["Company", "Position", "Date Applied", "Status", "Salary", "Notes"],
        ["Employer", "Job Title", "Status", "URL", "Location"],
        ["Name", "Company", "Title", "Email", "Date Contacted"],
    ):
        assert detect_format([header]) is None, header


def test_sample_data_is_not_misdetected() -> None:
    files = [
        SAMPLE / "tracker.csv",
        SAMPLE / "tracker.xlsx",
        *sorted((SAMPLE / "clients").iterdir()),
    ]
    for path in files:
        for sheet in read_book(path).sheets:
            assert detect_format(sheet.rows) is None, (path.name, sheet.name)


# --- each fixture -> its format ---------------------------------------------------------------


@pytest.mark.parametrize("rel", sorted(FIX.EXPECTED))
def test_fixture_detected_as_its_format(rel: str) -> None:
    expected = FIX.EXPECTED[rel]
    s = _load(rel)
    sheets = s.report.sheets
    assert expected in set(sheets["format"]), sheets[["file", "format"]]
    fmt = get_format(expected)
    if fmt.detection == "columns":
        n = len(fmt.signature)
        said = _entries(s, "info", f"detected {fmt.title} ({n} of {n} signature columns)")
        assert len(said) == 1


@pytest.mark.parametrize("rel", sorted(FIX.EXPECTED))
def test_validate_names_the_format(rel: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = EXPORTS / rel
    target = path.parent if FIX.EXPECTED[rel] == "huntr activities" else path
    assert main(["validate", str(target)]) == 0
    out = capsys.readouterr().out
    assert FIX.EXPECTED[rel] in out


# --- mapping: canonical values and report entries --------------------------------------------


def test_linkedin_applications() -> None:
    s = _load("linkedin/Job Applications.csv")
    raw = FIX.LINKEDIN_APPLICATIONS
    want = [dt.datetime.strptime(r[0], "%m/%d/%y, %I:%M %p") for r in raw[1:]]
    apps = s.applications
    assert apps["company"].tolist() == [r[3] for r in raw[1:]]  # file order kept
    assert apps["date_applied"].tolist() == [pd.Timestamp(d) for d in want]
    assert apps["date_applied"].tolist() != sorted(apps["date_applied"])  # planted: unsorted
    # 11/05/24 is 5 November in LinkedIn's convention, and nothing had to be guessed.
    assert _by_company(s).loc["Globex", "date_applied"] == pd.Timestamp(2024, 11, 5, 9, 15)
    guessed = s.report.entries[s.report.entries["kind"] == "guessed"]
    assert not (guessed["field"] == "date_applied").any()
    assert (apps["stage"] == "applied").all() and (apps["outcome"] == "open").all()
    assert set(s.events["kind"]) == {"applied"}
    assert len(_entries(s, "info", "no status column")) == 1
    assert _by_company(s).loc["Acme Robotics", "url"] == raw[1][5]
    assert _by_company(s).loc["Initech", "contact_phone"] == "+65 6123 4567"
    assert _by_company(s).loc["Acme Robotics", "resume_version"] == "Resume_2024_EN.pdf"


def test_linkedin_asking_salary_from_answers() -> None:
    s = _load("linkedin/Job Applications.csv")
    ask = _by_company(s)[["asking_salary", "asking_currency"]]
    assert ask.loc["Acme Robotics"].tolist() == [120_000.0, "EUR"]
    assert ask.loc["Globex", "asking_salary"] == 100_000.0  # "100.000": dot for thousands
    assert pd.isna(ask.loc["Globex", "asking_currency"])  # not written anywhere
    assert ask.loc["Initech"].tolist() == [8000.0 * 12, "SGD"]  # "monthly", SGD in question
    assert ask.loc[["Umbrella", "Hooli"], "asking_salary"].isna().all()
    parsed = s.report.entries[s.report.entries["field"] == "asking_salary"]
    kinds = dict(zip(parsed["cell"], parsed["kind"], strict=True))
    # size of the figure decided the period -> guessed; question said so -> coerced
    assert kinds == {"H2": "guessed", "H3": "guessed", "H4": "coerced", "H5": "unparsed"}
    assert parsed["problem"].iloc[0].startswith("salary expectation parsed from the text")
    assert "120000EUR" in parsed.set_index("cell").loc["H2", "raw"]


def test_linkedin_saved_jobs_are_never_applied() -> None:
    s = _load("linkedin/Saved Jobs.csv")
    apps = s.applications
    assert (apps["stage"] == "saved").all()
    assert apps["date_applied"].isna().all()
    ev = s.events
    assert set(ev["kind"]) == {"saved"}
    want = [
        pd.Timestamp(dt.datetime.strptime(r[0], "%m/%d/%y, %I:%M %p"))
        for r in FIX.LINKEDIN_SAVED[1:]
    ]
    assert sorted(ev["date"]) == sorted(want)
    from jobsearch_analytics.metrics.rates import sent_mask

    assert not sent_mask(apps).any()


def test_linkedin_connections_are_contacts(tmp_path: Path) -> None:
    s = _load("linkedin/Connections.csv")
    assert len(s.applications) == 0
    c = s.contacts
    assert c["First Name"].tolist() == ["Ada", "Grace", "Alan"]
    assert c["Connected On"].tolist() == [
        pd.Timestamp("2023-03-15"),
        pd.Timestamp("2024-11-02"),
        pd.Timestamp("2021-02-28"),
    ]
    assert c["row"].tolist() == [5, 6, 7]  # after LinkedIn's three lines of notes
    sheet = s.report.sheets.iloc[0]
    assert (sheet["role"], sheet["rows_kept"]) == ("contacts", 3)

    folder = tmp_path / "export"
    folder.mkdir()
    for name in ("Job Applications.csv", "Connections.csv"):
        shutil.copy(EXPORTS / "linkedin" / name, folder / name)
    both = jsa.load(folder)
    assert len(both.applications) == 5 and len(both.contacts) == 3
    from jobsearch_analytics.metrics.network import match_connections

    m = match_connections(both, both.contacts)
    assert sorted(zip(m["company"], m["connection"], strict=True)) == [
        ("Acme Robotics", "Ada Lovelace"),
        ("Globex", "Grace Hopper"),
    ]


def test_jobsearch_stays_backwards_compatible() -> None:
    s = _load("simplify/simplify-jobs.csv")
    old = jsa.JobSearch(s.applications, s.events, s.report)
    assert old.contacts.empty and list(old.contacts.columns)[:7] == list(FIX.CONNECTIONS[0])


def test_simplify_one_status_date() -> None:
    s = _load("simplify/simplify-jobs.csv")
    by = _by_company(s)
    truth = {r[0]: r for r in FIX.SIMPLIFY[1:]}

    def kinds_dates(company: str) -> list[tuple[str, object]]:
        ev = _events(s, company)
        return sorted(
            (str(k), d.date().isoformat() if pd.notna(d) else None)
            for k, d in zip(ev["kind"], ev["date"], strict=True)
        )

    # The status date is when the row was last changed (issue #12 item 8): the status's
    # events stay undated and the date is kept as status_updated, an upper bound on them.
    r = truth["Vandelay Industries"]
    assert kinds_dates("Vandelay Industries") == [("applied", r[3]), ("interview", None)]
    assert by.loc["Vandelay Industries", "status_updated"].date().isoformat() == r[5]
    assert by.loc["Vandelay Industries", "stage"] == "interview"
    r = truth["Kramerica"]
    assert kinds_dates("Kramerica") == [("applied", r[3]), ("rejection", None)]
    assert by.loc["Kramerica", "status_updated"].date().isoformat() == r[5]
    assert by.loc["Kramerica", "outcome"] == "rejected"
    assert by.loc["Kramerica", "Archived"] == "TRUE"  # kept, not read as an outcome
    assert kinds_dates("Pendant Publishing") == [("applied", "2024-09-10")]  # no second copy
    assert kinds_dates("Monk's Cafe") == [("applied", "2024-08-20"), ("offer", None)]
    assert by.loc["Monk's Cafe", "status_updated"].date().isoformat() == "2024-10-02"
    assert by.loc["Sterling Cooper", "stage"] == "saved"
    assert len(_entries(s, "info", "one date per status")) == 1


def test_huntr_job_board() -> None:
    s = _load("huntr/huntr-job-board.csv")
    by = _by_company(s)
    lists = {r[0]: r[2] for r in FIX.HUNTR_BOARD[1:]}
    stage = {"Wishlist": "saved", "Applied": "applied", "Interview": "interview", "Offer": "offer"}
    for company, lst in lists.items():
        if lst == "Rejected":
            assert by.loc[company, "outcome"] == "rejected"
        else:
            assert by.loc[company, "stage"] == stage[lst], company
        assert by.loc[company, "status_raw"] == lst
    saved = s.events[s.events["kind"] == "saved"]
    assert len(saved) == 5 and saved["date_known"].all()
    assert (by.loc["Oscorp", "salary_annual_min"], by.loc["Oscorp", "salary_annual_max"]) == (
        90_000.0,
        110_000.0,
    )
    assert by["date_applied"].isna().all()  # Huntr's board export does not say when


def test_huntr_full_download_rebuilds_stage_history(tmp_path: Path) -> None:
    folder = EXPORTS / "huntr_full"
    s = jsa.load_many(folder, client="me")
    ids = {r[0]: r[6] for r in FIX.HUNTR_JOBS[1:]}
    truth: dict[str, list[tuple[str, pd.Timestamp]]] = {}
    status = {"Wishlist": "saved", "Applied": "applied", "Interview": "interview",
              "Offer": "offer", "Rejected": "rejection"}  # fmt: skip
    for _, job, kind, _, to, when in FIX.HUNTR_ACTIVITIES[1:]:
        if kind in ("CREATED_JOB", "MOVED_JOB"):
            stamp = pd.Timestamp(when).tz_convert(None)
            truth.setdefault(ids[job], []).append((status[to], stamp))
    for company, steps in truth.items():
        ev = _events(s, company)
        got = sorted(
            (str(k), d) for k, d in zip(ev["kind"], ev["date"], strict=True) if k != "saved"
        )
        assert got == sorted(x for x in steps if x[0] != "saved"), company
        assert ev["date_known"].all()
    by = _by_company(s)
    assert (by.loc["Initrode", "stage"], by.loc["Initrode", "outcome"]) == ("interview", "rejected")
    assert by.loc["Initrode", "date_applied"] == pd.Timestamp("2024-10-03 14:00")
    assert by.loc["Massive Dynamic", "stage"] == "offer"
    assert by.loc["Dunder Mifflin", "stage"] == "saved"
    assert len(_entries(s, "info", "NOTE_ADDED")) == 1
    with pytest.raises(LoadError, match="load it together with the jobs file"):
        jsa.load(folder / "activities.csv")
    # an activities file whose jobs are missing: reported, not silently dropped
    shutil.copy(folder / "activities.csv", tmp_path / "activities.csv")
    (tmp_path / "other.csv").write_text("Company,Role\nAcme,Analyst\n", encoding="utf-8")
    lone = jsa.load_many(tmp_path, client="me")
    assert len(_entries(lone, "dropped", "which no loaded jobs file holds")) == 3


def test_google_sheets_csv_names_the_sheet() -> None:
    s = _load("google/Job search 2024 - Applications.csv")
    assert set(s.applications["sheet"]) == {"Applications"}
    assert s.applications["application_id"].tolist() == ["Applications#2", "Applications#3"]
    assert len(_entries(s, "info", "Google Sheets")) == 1
    # the same bytes under another name are a plain CSV with no sheet name
    data = (EXPORTS / "google/Job search 2024 - Applications.csv").read_bytes()
    assert data.count(b"\r\n") == 2 and not data.endswith(b"\n")


def test_google_sheets_rule_needs_the_name_and_crlf(tmp_path: Path) -> None:
    data = (EXPORTS / "google/Job search 2024 - Applications.csv").read_bytes()
    (tmp_path / "applications.csv").write_bytes(data)
    (tmp_path / "Search - Jobs.csv").write_bytes(data.replace(b"\r\n", b"\n") + b"\n")
    for name in ("applications.csv", "Search - Jobs.csv"):
        s = jsa.load(tmp_path / name)
        assert set(s.applications["sheet"]) == {""}, name
        assert s.report.sheets.iloc[0]["format"] == "tracker"


def test_excel_unicode_text() -> None:
    s = _load("excel/Unicode tracker.txt")
    assert s.applications["company"].tolist() == ["Société Générale", "Zürich Versicherung"]
    assert s.report.files.iloc[0]["format"] == "tsv"


def test_sankey_and_stage_history_layouts() -> None:
    s = _load("layouts/sankey.csv")
    by = _by_company(s)
    assert by["stage"].tolist() == ["interview", "applied", "offer"]
    assert by["outcome"].tolist() == ["rejected", "rejected", "open"]
    h = _by_company(_load("layouts/stage-history.csv"))
    assert h["stage"].tolist() == ["interview", "offer"]
    assert h.loc["Acme", "outcome"] == "rejected"


def test_loading_never_touches_the_files(tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in EXPORTS.rglob("*.csv")}
    with contextlib.redirect_stdout(io.StringIO()):
        jsa.load_many(EXPORTS, client="me")
    assert {p: p.read_bytes() for p in EXPORTS.rglob("*.csv")} == before
