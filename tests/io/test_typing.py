"""Columns typed by header and content, headers in thirteen languages, sheets that repeat each
other, and trackers without a company column -- each class written as real files (openpyxl,
csv) with a planted truth, in several variants."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import jobsearch_analytics as jsa
from jobsearch_analytics.io.columns import FIELDS, header_vocabulary, match_header
from jobsearch_analytics.io.layout import find_layout
from jobsearch_analytics.io.profile import content_fit, profile_column

COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne"]
CHANNELS = ["LinkedIn", "Indeed", "Company site", "Referral", "LinkedIn", "Glassdoor"]


def _dates(n: int, start: str = "2024-03-01", step: int = 3) -> list[dt.datetime]:
    first = dt.datetime.fromisoformat(start)
    return [first + dt.timedelta(days=step * i) for i in range(n)]


def _xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def _csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(
            [[v.date().isoformat() if isinstance(v, dt.datetime) else v for v in r] for r in rows]
        )
    return path


def _write(path: Path, rows: list[list[object]]) -> Path:
    return _csv(path, rows) if path.suffix == ".csv" else _xlsx(path, {"Jobs": rows})


def _mapping(search: jsa.JobSearch) -> dict[str, str]:
    m = search.report.mapping
    return dict(zip(m["source_column"], m["field"], strict=True))


# -- 1. a header never assigns a field the content contradicts ---------------------------------


@pytest.mark.parametrize(
    ("portal", "date_col", "suffix", "portal_first"),
    [
        ("APPLIED PORTAL", "Date", ".xlsx", True),
        ("APPLIED PORTAL", "Date", ".csv", False),
        ("投递渠道", "投递时间", ".xlsx", True),
        ("Applied via", "Application Date", ".csv", True),
        ("Başvuru Kanalı", "Başvuru Tarihi", ".xlsx", False),
    ],
)
def test_a_channel_column_named_applied_is_not_the_application_date(
    tmp_path: Path, portal: str, date_col: str, suffix: str, portal_first: bool
) -> None:
    n = 12
    days = _dates(n)
    head = ["Company", portal, date_col] if portal_first else ["Company", date_col, portal]
    rows: list[list[object]] = [head]
    for i in range(n):
        channel = CHANNELS[i % len(CHANNELS)]
        rows.append(
            [COMPANIES[i % 8] + str(i), channel, days[i]]
            if portal_first
            else [COMPANIES[i % 8] + str(i), days[i], channel]
        )
    search = jsa.load(_write(tmp_path / f"t{suffix}", rows))
    apps = search.applications
    assert len(apps) == n
    assert apps["date_applied"].tolist() == [pd.Timestamp(d) for d in days]
    mapping = _mapping(search)
    assert mapping[portal] != "date_applied"
    assert mapping[date_col] in ("date_applied", "date")  # a bare "Date" is read as applied
    if mapping[portal] == "source":  # "portal", "渠道", "via", "kanal" name a channel
        assert apps["source"].tolist() == [CHANNELS[i % len(CHANNELS)] for i in range(n)]
    else:  # kept as it is, with its values
        assert apps[portal].tolist() == [CHANNELS[i % len(CHANNELS)] for i in range(n)]
    ev = search.report.mapping.set_index("source_column").loc[date_col, "evidence"]
    assert f"100% of {n} values are dates" in ev


def test_the_content_contradicting_the_header_is_reported(tmp_path: Path) -> None:
    # "Date Applied" holds words (a channel): the header names date_applied, the content
    # says no; the real dates are in "Submitted".
    days = _dates(6)
    rows = [["Company", "Date Applied", "Submitted"]]
    rows += [[c, ch, d] for c, ch, d in zip(COMPANIES, CHANNELS, days, strict=False)]
    search = jsa.load(_write(tmp_path / "t.xlsx", rows))
    assert search.applications["date_applied"].notna().sum() == 6
    m = search.report.mapping.set_index("source_column")
    assert m.loc["Date Applied", "how"] == "contradicted"
    assert "0% of 6 values are dates" in m.loc["Date Applied", "evidence"]
    e = search.report.entries
    said = e[(e["column"] == "Date Applied") & (e["kind"] == "guessed")]
    assert len(said) == 1 and "suggests date_applied" in said["problem"].iloc[0]


@pytest.mark.parametrize(
    ("header", "values", "mapped"),
    [
        ("Rejection Reason", ["Position filled", "Not enough experience", None, "Salary"], None),
        ("Rejection reason", ["Went with another candidate", "Culture fit", "Overqualified"], None),
        ("Next Step", ["Send thank you note", "Wait for reply", "Prepare for onsite"], None),
        ("Next steps", ["Follow up on Monday", "Call recruiter", "Nothing"], None),
        ("Interview Notes", ["Went well", "Asked about SQL", "Panel of three"], "notes"),
    ],
)
def test_words_under_an_event_header_make_no_events(
    tmp_path: Path, header: str, values: list[str | None], mapped: str | None
) -> None:
    n = len(values)
    rows: list[list[object]] = [["Company", "Position", "Date Applied", "Status", header]]
    days = _dates(n)
    for i in range(n):
        rows.append([COMPANIES[i], "Analyst", days[i], "Applied", values[i]])
    search = jsa.load(_write(tmp_path / "t.xlsx", rows))
    apps, events = search.applications, search.events
    assert len(apps) == n
    # Planted truth: every application is only applied; the words are no rejection, no
    # next-steps question, no interview.
    assert set(events["kind"]) == {"applied"}
    assert (apps["stage"] == "applied").all() and (apps["outcome"] == "open").all()
    # kept as it is, or (its header also names notes) joined into the notes
    assert _mapping(search)[header] == (mapped or "(kept)")
    got = apps[mapped or header].tolist()
    assert [None if pd.isna(v) else v for v in got] == values


def test_yes_no_under_asked_next_steps_is_still_read(tmp_path: Path) -> None:
    rows = [["Company", "Date Applied", "Asked Next Steps?", "Next step asked"]]
    rows += [[c, d, "Yes", "yes"] for c, d in zip(COMPANIES[:4], _dates(4), strict=True)]
    search = jsa.load(_write(tmp_path / "t.xlsx", rows))
    kinds = search.events["kind"].value_counts()
    assert kinds["next_steps_asked"] == 8  # two columns, four rows each


@pytest.mark.parametrize("better_first", [True, False])
def test_two_columns_for_one_field_the_better_evidence_wins(
    tmp_path: Path, better_first: bool
) -> None:
    n = 8
    days = _dates(n)
    # "Application Date" is full; "Date Applied" holds two dates and placeholders.
    sparse = [days[0], "n/a", None, "-", None, days[5], None, None]
    cols = (
        ["Application Date", "Date Applied"]
        if better_first
        else ["Date Applied", "Application Date"]
    )
    rows: list[list[object]] = [["Company", *cols]]
    for i in range(n):
        pair = [days[i], sparse[i]] if better_first else [sparse[i], days[i]]
        rows.append([COMPANIES[i], *pair])
    search = jsa.load(_write(tmp_path / "t.xlsx", rows))
    assert search.applications["date_applied"].tolist() == [pd.Timestamp(d) for d in days]
    m = search.report.mapping.set_index("source_column")
    assert m.loc["Application Date", "field"] == "date_applied"
    assert m.loc["Date Applied", "how"] == "outranked"
    assert "'Application Date' has better evidence" in m.loc["Date Applied", "evidence"]
    e = search.report.entries
    assert ((e["column"] == "Date Applied") & (e["kind"] == "guessed")).sum() == 1


def test_a_one_hot_offer_column_is_no_offer_amount(tmp_path: Path) -> None:
    rows = [["Company", "Date Applied", "Interview", "Offer"]]
    marks = [(1, 1), (1, None), (None, None), (1, None), (None, None)]
    rows += [[COMPANIES[i], d, *marks[i]] for i, d in enumerate(_dates(5))]
    search = jsa.load(_write(tmp_path / "t.xlsx", rows))
    apps = search.applications
    assert apps["offer_initial"].isna().all()  # a 1 under "Offer" is no amount of 1
    assert apps["stage"].tolist() == ["offer", "interview", "applied", "interview", "applied"]


def test_profile_counts_each_class_against_a_hand_count() -> None:
    values = [
        dt.date(2024, 1, 5),
        "2024-01-09",
        "Jan 12, 2024",
        "yes",
        "No",
        3,
        "$85k",
        "https://jobs.example.com/1",
        "ana@example.com",
        "LinkedIn",
        "Rejected",
        "n/a",
        None,
    ]
    p = profile_column(values)
    assert (p.n, p.placeholders, p.distinct) == (11, 1, 11)
    from jobsearch_analytics.io import profile as pr

    assert round(p.share(pr.DATE) * 11) == 3
    assert round(p.share(pr.FLAG) * 11) == 2
    assert round(p.share(pr.SMALL_INT) * 11) == 1
    assert round(p.share(pr.MONEY) * 11) == 1
    assert round(p.share(pr.URL) * 11) == 1
    assert round(p.share(pr.EMAIL) * 11) == 1
    assert round(p.share(pr.STATUS) * 11) == 1
    # the table: words do not support a date field, dates do not support a company
    assert content_fit(profile_column(CHANNELS), "date_applied") == 0
    assert content_fit(profile_column(_dates(4)), "company") == 0


# -- 3. headers in thirteen languages, from one vocabulary file ----------------------------------

LANGUAGE_TRACKERS = {
    "tr": ["Şirket", "Pozisyon", "Başvuru Tarihi", "Durum", "Mülakat Tarihi", "Notlar"],
    "pl": ["Firma", "Stanowisko", "Data aplikacji", "Status", "Data rozmowy", "Uwagi"],
    "it": ["Azienda", "Posizione", "Data candidatura", "Stato", "Data colloquio", "Note"],
    "pt": ["Empresa", "Vaga", "Data da candidatura", "Situação", "Data da entrevista", "Notas"],
    "nl": ["Bedrijf", "Functie", "Sollicitatiedatum", "Status", "Datum gesprek", "Opmerkingen"],
    "ja": ["会社名", "職種", "応募日", "選考状況", "面接日", "備考"],
    "ko": ["회사명", "직무", "지원일", "진행 상황", "면접일", "메모"],
    "ru": ["Компания", "Должность", "Дата отклика", "Статус", "Дата собеседования", "Заметки"],
    "de": ["Unternehmen", "Stelle", "Beworben am", "Status", "Vorstellungsgespräch", "Notizen"],
    "zh": ["公司", "职位", "投递时间", "状态", "面试时间", "备注"],
}
EXPECTED = ["company", "role", "date_applied", "status", "interview_date", "notes"]


@pytest.mark.parametrize("lang", sorted(LANGUAGE_TRACKERS))
def test_a_tracker_in_each_language_maps_and_dates(tmp_path: Path, lang: str) -> None:
    header = LANGUAGE_TRACKERS[lang]
    n = 5
    days = _dates(n, "2024-05-02", 2)
    interviews = [days[0] + dt.timedelta(days=9), None, days[2] + dt.timedelta(days=5), None, None]
    rows: list[list[object]] = [header.copy() if i else header.upper() for i in (1,)]
    rows = [[h.upper() if lang == "tr" else h for h in header]]  # TR capitals: İ, Ş
    for i in range(n):
        rows.append([COMPANIES[i], "Analyst", days[i], "Applied", interviews[i], "x"])
    search = jsa.load(_write(tmp_path / f"{lang}.xlsx", rows))
    fields = [f.split(" [")[0] for f in search.report.mapping["field"]]
    assert fields == EXPECTED
    apps = search.applications
    assert len(apps) == n and apps["company"].tolist() == COMPANIES[:n]
    assert apps["date_applied"].tolist() == [pd.Timestamp(d) for d in days]
    assert (apps["stage"] == "interview").sum() == 2


def test_the_vocabulary_file_covers_every_language_and_names_only_fields() -> None:
    rows = header_vocabulary()
    langs = {r.language for r in rows}
    assert {"tr", "pl", "it", "pt", "nl", "ja", "ko", "ru", "en", "de", "fr", "es", "zh"} <= langs
    for lang in langs - {"en"}:
        named = {r.field for r in rows if r.language == lang and r.match == "name"}
        for field in ("company", "role", "date_applied", "status"):
            assert field in named or any(
                r.field == field and r.match == "name" and r.language != "en" for r in rows
            ), (lang, field)
    # every name maps back to its own field
    for r in rows:
        if r.match == "name" and r.field in FIELDS and r.field != "posting":
            m = match_header(r.text)
            assert m is not None and m.field == r.field, r


def test_the_vocabulary_ships_in_the_package() -> None:
    from jobsearch_analytics.io.columns import VOCABULARY_FILE

    # Inside the package folder (hatchling puts every file under src/jobsearch_analytics/ in
    # the wheel; `pip wheel .` lists io/vocabulary/headers.csv and README.md).
    assert VOCABULARY_FILE.parent.parent.name == "io"
    assert VOCABULARY_FILE.read_text(encoding="utf-8").startswith("field,language,text,match")
    readme = (VOCABULARY_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert "headers.csv" in readme and "statuses.csv" in readme


# -- 4. a sheet that repeats another is loaded once --------------------------------------------


def _raw_and_clean(n: int, extra: int = 0) -> tuple[list[list[object]], list[list[object]]]:
    days = _dates(n + extra)
    raw: list[list[object]] = [["Company", "Role", "Date Applied", "Status"]]
    clean: list[list[object]] = [["Company", "Position", "Applied On", "Stage"]]
    recode = {"rej": "Rejected", "int": "Interview", "app": "Applied"}
    codes = ["rej", "app", "int", "app", "rej", "app"]
    for i in range(n + extra):
        code = codes[i % len(codes)]
        if i < n:
            raw.append([COMPANIES[i % 8] + f" {i}", "Analyst", days[i], code])
        clean.append([COMPANIES[i % 8] + f" {i}", "analyst", days[i], recode[code]])
    return raw, clean


@pytest.mark.parametrize("clean_first", [False, True])
def test_a_cleaned_copy_of_a_sheet_is_not_counted_twice(tmp_path: Path, clean_first: bool) -> None:
    raw, clean = _raw_and_clean(12)
    sheets = {"Clean": clean, "Raw": raw} if clean_first else {"Raw": raw, "Clean": clean}
    search = jsa.load(_xlsx(tmp_path / "t.xlsx", sheets))
    assert len(search.applications) == 12
    # the copy whose statuses read (the recoded one) is kept: "rej"/"int" are not statuses
    assert set(search.applications["sheet"]) == {"Clean"}
    assert search.applications["outcome"].value_counts()["rejected"] == 4
    s = search.report.sheets.set_index("sheet")
    assert s.loc["Raw", "role"] == "repeat" and "repeats sheet 'Clean'" in s.loc["Raw", "reason"]
    assert search.report.rows_kept == 12
    assert (s["rows_read"] == s["rows_kept"] + s["rows_dropped"]).all()


def test_of_two_repeating_sheets_the_longer_is_loaded(tmp_path: Path) -> None:
    raw, clean = _raw_and_clean(10, extra=3)  # "Clean" also holds three later applications
    search = jsa.load(_xlsx(tmp_path / "t.xlsx", {"Raw": raw, "Clean": clean}))
    assert len(search.applications) == 13
    assert set(search.applications["sheet"]) == {"Clean"}
    e = search.report.entries
    assert e["problem"].str.contains("sheet 'Raw' repeats sheet 'Clean': 10 of its 10").any()


def test_sheets_of_different_months_are_all_loaded_and_a_copied_row_once(tmp_path: Path) -> None:
    head = ["Company", "Position", "Date Applied", "Status"]
    march = [head] + [[f"M{i}", "Dev", d, "Applied"] for i, d in enumerate(_dates(6))]
    april = [head] + [[f"A{i}", "Dev", d, "Applied"] for i, d in enumerate(_dates(7, "2024-04-01"))]
    april.append(march[3])  # one application copied into April's sheet
    search = jsa.load(_xlsx(tmp_path / "t.xlsx", {"March": march, "April": april}))
    apps = search.applications
    assert len(apps) == 13 and apps["company"].tolist().count("M2") == 1
    e = search.report.entries
    copied = e[e["problem"].str.contains("repeats sheet 'March' row 4")]
    assert len(copied) == 1 and copied["sheet"].iloc[0] == "April"
    assert search.report.rows_kept == 13


# -- 5. trackers without a company column --------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        ["#", "Applied", "Phone Screen", "Interview", "Offer", "Rejected"],
        ["App ID", "Applied", "Screen", "Onsite", "Offer", "Rejected"],
        ["Numara", "Başvuru", "Ön Görüşme", "Mülakat", "Teklif", "Ret"],
    ],
)
def test_an_id_and_one_hot_stage_columns_load_as_anonymous_applications(
    tmp_path: Path, head: list[str]
) -> None:
    marks = [
        (1, 1, 1, 1, None),  # offer
        (1, None, None, None, 1),  # rejected
        (1, 1, None, None, 1),  # screen, rejected
        (1, None, None, None, None),
        (1, 1, 1, None, None),  # interview
        (1, None, None, None, None),
    ]
    rows: list[list[object]] = [head] + [[i + 1, *m] for i, m in enumerate(marks)]
    search = jsa.load(_write(tmp_path / "tally.xlsx", rows))
    apps = search.applications
    assert len(apps) == 6 and apps["company"].isna().all()
    assert apps["stage"].tolist() == [
        "offer",
        "applied",
        "screen",
        "applied",
        "interview",
        "applied",
    ]
    assert apps["outcome"].tolist()[:3] == ["open", "rejected", "rejected"]


def test_a_name_next_to_a_job_url_is_the_posting(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Name", "Application URL", "Stage History", "Created"]]
    rows += [
        [
            "Data Analyst at Acme",
            "https://boards.greenhouse.io/acme/jobs/1",
            "Applied -> Phone Screen",
            "2024-02-01",
        ],
        ["Globex - Backend Engineer", "https://jobs.lever.co/globex/2", "Applied", "2024-02-03"],
        [
            "Staff Writer",
            "https://initech.wd5.myworkdayjobs.com/x/3",
            "Applied -> Rejected",
            "2024-02-05",
        ],
    ]
    search = jsa.load(_write(tmp_path / "export.csv", rows))
    apps = search.applications
    assert apps["company"].tolist() == ["Acme", "Globex", "initech"]
    assert apps["role"].tolist() == ["Data Analyst", "Backend Engineer", "Staff Writer"]
    assert _mapping(search)["Name"] == "posting"


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_sideways_layout_reads_each_name_as_an_application(tmp_path: Path, suffix: str) -> None:
    days = _dates(3, "2024-06-03", 1)
    rows: list[list[object]] = [
        list(days),
        ["Acme", "Hooli", "Stark"],
        ["Globex", None, "Wayne"],
        ["Initech", None, None],
    ]
    search = jsa.load(_write(tmp_path / f"side{suffix}", rows))
    apps = search.applications.sort_values(["date_applied", "company"])
    truth = [
        ("Acme", days[0]),
        ("Globex", days[0]),
        ("Initech", days[0]),
        ("Hooli", days[1]),
        ("Stark", days[2]),
        ("Wayne", days[2]),
    ]
    got = list(zip(apps["company"], apps["date_applied"], strict=True))
    assert got == [(c, pd.Timestamp(d)) for c, d in truth]
    assert search.report.entries["problem"].str.contains("a sideways layout: 3 dates").any()


def test_a_sideways_layout_of_counts_is_refused_with_the_reason(tmp_path: Path) -> None:
    rows: list[list[object]] = [list(_dates(4, "2024-06-03", 1)), [3, 1, 0, 2], [1, 0, 2, 5]]
    with pytest.raises(jsa.LoadError, match=r"sideways layout.*counts per day cannot be read"):
        jsa.load(_write(tmp_path / "counts.xlsx", rows))


def test_find_layout_keeps_each_decision_with_its_evidence() -> None:
    rows = [
        ["Company", "Date Applied"],
        *[[c, "2024-01-0" + str(i + 1)] for i, c in enumerate(COMPANIES[:5])],
    ]
    layout = find_layout(rows)
    assert layout is not None
    ev = {p.header: p.evidence for p in layout.columns}
    assert ev["Date Applied"] == "header 'Date Applied' (synonym) + 100% of 5 values are dates"
    assert ev["Company"].startswith("header 'Company' (synonym) + 100% of 5 values are words")


@pytest.mark.parametrize(
    ("header", "values", "not_field"),
    [
        ("Status", _dates(5), "status"),  # dates are no status words
        ("Company", _dates(5), "company"),  # dates are no names
        ("Salary", _dates(5), "salary"),  # dates are no salary (words may be: "DOE")
        ("Offer", ["Yes", "No", "No", "Yes", "No"], "offer_initial"),  # the event, no amount
        ("Job Link", _dates(5), "url"),
        ("Email", [3, 4, 5, 1, 2], "contact_email"),
        (
            "Response Date",
            ["Great team", "Long commute", "Nice office", "Big", "Small"],
            "response_date",
        ),
    ],
)
def test_the_content_table_rules_out_what_the_values_contradict(
    tmp_path: Path, header: str, values: list[object], not_field: str
) -> None:
    rows: list[list[object]] = [["Employer", "Position", "Date Applied", header]]
    rows += [
        [f"Firm {i}", "Analyst", d, v]
        for i, (d, v) in enumerate(zip(_dates(5), values, strict=True))
    ]
    search = jsa.load(_write(tmp_path / "t.xlsx", rows))
    assert len(search.applications) == 5
    field = search.report.mapping.set_index("source_column").loc[header, "field"]
    assert field.split(" [")[0] != not_field
    assert search.applications["company"].tolist() == [f"Firm {i}" for i in range(5)]


@pytest.mark.parametrize(
    ("head", "urls"),
    [
        (["Title", "Job URL", "Status"], True),
        (["Opportunity", "Link", "Stage"], True),
        (["Name", "Posting URL", "Stage History"], True),
    ],
)
def test_a_posting_title_next_to_a_url_names_company_and_role(
    tmp_path: Path, head: list[str], urls: bool
) -> None:
    rows: list[list[object]] = [head]
    truth = [("Acme", "Data Analyst"), ("Globex", "Backend Engineer"), ("Hooli", "Product Manager")]
    for company, role in truth:
        rows.append(
            [f"{role} @ {company}", f"https://{company.lower()}.example.com/jobs/1", "Applied"]
        )
    search = jsa.load(_write(tmp_path / "export.xlsx", rows))
    apps = search.applications
    assert list(zip(apps["company"], apps["role"], strict=True)) == truth
    e = search.report.entries
    assert (e["problem"] == "a posting's name").sum() == 3


def test_interview_counts_stay_interview_evidence(tmp_path: Path) -> None:
    # A count (0-4) under "Interviews" supports the interview field (small counts); what a
    # count means for the stage is the stage-evidence model's to read.
    rows: list[list[object]] = [["Company", "Date Applied", "Interviews"]]
    rows += [[c, d, k] for c, d, k in zip(COMPANIES[:5], _dates(5), [0, 2, 1, 0, 4], strict=True)]
    search = jsa.load(_write(tmp_path / "t.xlsx", rows))
    m = search.report.mapping.set_index("source_column")
    assert m.loc["Interviews", "field"] == "interview_date"
    assert "small counts" in m.loc["Interviews", "evidence"]


@pytest.mark.parametrize(
    ("header", "rnd"),
    [("1차 면접", 1), ("2차 면접", 2), ("二次面接", 2), ("2. Mülakat", 2), ("Rozmowa 2", 2)],
)
def test_interview_rounds_in_more_languages(header: str, rnd: int) -> None:
    m = match_header(header)
    assert m is not None and (m.field, m.round) == ("interview_date", rnd)


def test_a_sideways_calendar_next_to_a_tracker_is_not_read_again(tmp_path: Path) -> None:
    days = _dates(3, "2024-06-03", 1)
    tracker = [["Company", "Position", "Date Applied"]]
    tracker += [[c, "Dev", d] for c, d in zip(["Acme", "Hooli", "Stark"], days, strict=True)]
    calendar: list[list[object]] = [list(days), ["Acme", "Hooli", "Stark"]]
    path = _xlsx(tmp_path / "t.xlsx", {"Calendar": calendar, "Jobs": tracker})
    search = jsa.load(path)
    assert len(search.applications) == 3 and set(search.applications["sheet"]) == {"Jobs"}
    s = search.report.sheets.set_index("sheet")
    assert s.loc["Calendar", "role"] == "skipped"
    assert "sideways layout" in s.loc["Calendar", "reason"]


def test_a_copy_without_the_role_column_is_still_a_repeat(tmp_path: Path) -> None:
    raw, clean = _raw_and_clean(9)
    slim = [[r[0], r[2], r[3]] for r in clean]  # Company, Applied On, Stage: no role
    search = jsa.load(_xlsx(tmp_path / "t.xlsx", {"Raw": raw, "Slim": slim}))
    assert len(search.applications) == 9
    e = search.report.entries
    assert e["problem"].str.contains("same company and date applied").any()


def test_the_layout_and_its_typing_import_without_pandas() -> None:
    # The isolated reader imports the layout (its header search depth) and must start lean.
    import subprocess
    import sys

    code = (
        "import sys, jobsearch_analytics.io.layout, jobsearch_analytics.io.profile;"
        "print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("2. Mülakat Tarihi", "interview_date"),
        ("Şirket Adı / Ünvan", "company"),
        ("Data 2. rozmowy", "interview_date"),
        ("Wynagrodzenie brutto", "salary"),
        ("Data secondo colloquio", "interview_date"),
        ("Motivo del rifiuto", "rejection_date"),  # a reason: weak, only dates would make it one
        ("Data da 2ª entrevista", "interview_date"),
        ("Datum 2e gesprek", "interview_date"),
        ("Дата 2-го собеседования", "interview_date"),
        ("Ссылка на вакансию (hh.ru)", "url"),
        ("最終面接日", "interview_date"),
        ("2차 면접일", "interview_date"),
        ("응답 받은 날짜", "response_date"),
    ],
)
def test_composite_headers_in_more_languages(header: str, field: str) -> None:
    m = match_header(header)
    assert m is not None and m.field == field, m
    if header.startswith(("Motivo",)):
        assert m.weak


@pytest.mark.parametrize(
    ("sheet", "head"),
    [
        ("Contacts", ["Name", "Job URL", "Status"]),  # a people sheet, by its name
        ("Jobs", ["Name", "LinkedIn Profile URL", "Status"]),  # a person's profile URL
        ("Jobs", ["Name", "Status", "Notes"]),  # no URL at all
    ],
)
def test_a_name_column_of_people_is_no_posting(tmp_path: Path, sheet: str, head: list[str]) -> None:
    rows: list[list[object]] = [head]
    rows += [[n, "https://www.linkedin.com/in/x", "Messaged"] for n in ("Ana Ruiz", "Bo Chen")]
    tracker = [["Company", "Date Applied"], ["Acme", dt.datetime(2024, 3, 1)]]
    search = jsa.load(_xlsx(tmp_path / "t.xlsx", {sheet: rows, "Tracker": tracker}))
    assert search.applications["company"].tolist() == ["Acme"]
