"""Every form of stage evidence, written as real files (openpyxl and csv) with planted truth.

Each test plants, per application, the furthest stage, the outcome and (where the file has
them) the dates, writes several variants of one form (languages, spellings, separators, both
writers), loads the file and checks every application against what was planted.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jobsearch_analytics as jsa
from jobsearch_analytics.io.status import (
    parse_stage_history,
    parse_status,
    read_vocabulary,
    vocabulary,
)
from jobsearch_analytics.metrics.timing import competing_outcomes
from jobsearch_analytics.model import STAGES

D = dt.datetime


def _write(tmp_path: Path, writer: str, header: list[str], rows: list[list[object]]) -> Path:
    """The tracker as an xlsx (openpyxl, typed cells) or a CSV (csv module, all text)."""
    if writer == "xlsx":
        path = tmp_path / "tracker.xlsx"
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Jobs"
        ws.append(header)
        for row in rows:
            ws.append(row)
        wb.save(path)
        return path
    path = tmp_path / "tracker.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for row in rows:
            w.writerow(["" if v is None else _csv_text(v) for v in row])
    return path


def _csv_text(v: object) -> str:
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d")
    if v is True or v is False:
        return str(v).upper()
    return str(v)


def _by_company(search: jsa.JobSearch) -> pd.DataFrame:
    apps = search.applications
    assert apps["company"].is_unique
    return apps.set_index("company")


def _check(search: jsa.JobSearch, planted: dict[str, tuple[str, str]]) -> None:
    """Every application's (stage, outcome) equals the planted pair; one message lists all
    the misses."""
    apps = _by_company(search)
    got = {c: (str(apps.at[c, "stage"]), str(apps.at[c, "outcome"])) for c in planted}
    wrong = {c: (got[c], want) for c, want in planted.items() if got[c] != want}
    assert not wrong, f"read wrong (got, planted): {wrong}"
    assert len(apps) == len(planted)


def _entries(search: jsa.JobSearch, text: str) -> pd.DataFrame:
    e = search.report.entries
    hay = e["problem"].astype(str) + " | " + e["action"].astype(str)
    return e[hay.str.contains(text, regex=False)]


WRITERS = ["xlsx", "csv"]

# --- status text: languages, compounds, typos ----------------------------------------------

# (status as typed, planted stage, planted outcome); written by hand, not read from the CSV.
STATUS_TRUTH = [
    ("Rejected", "applied", "rejected"),
    ("Absage", "applied", "rejected"),
    ("Refusée", "applied", "rejected"),
    ("Entrevista", "interview", "open"),
    ("二面", "interview", "open"),
    ("Reddedildi", "applied", "rejected"),
    ("Teknik mülakat", "interview", "open"),
    ("Teklif alındı", "offer", "open"),
    ("Odrzucono", "applied", "rejected"),
    ("Rozmowa kwalifikacyjna", "interview", "open"),
    ("Brak odpowiedzi", "applied", "ghosted"),
    ("Rifiutata", "applied", "rejected"),
    ("Colloquio tecnico", "interview", "open"),
    ("Offerta accettata", "accepted", "accepted"),
    ("Reprovado", "applied", "rejected"),
    ("Entrevista técnica", "interview", "open"),
    ("Proposta recebida", "offer", "open"),
    ("Afgewezen", "applied", "rejected"),
    ("Sollicitatiegesprek", "interview", "open"),
    ("Teruggetrokken", "applied", "withdrawn"),
    ("不採用", "applied", "rejected"),
    ("一次面接", "interview", "open"),
    ("内定", "offer", "open"),
    ("불합격", "applied", "rejected"),
    ("1차 면접", "interview", "open"),
    ("최종 합격", "offer", "open"),
    ("Отказ", "applied", "rejected"),
    ("Собеседование", "interview", "open"),
    ("Оффер", "offer", "open"),
    # free text with inflected words
    ("Отказ после собеседования", "interview", "rejected"),
    ("Afgewezen na tweede gesprek", "interview", "rejected"),
    ("Başvuru reddedildi", "applied", "rejected"),
    # compounds and typos
    ("Inter + Rejec", "interview", "rejected"),
    ("Rejected(After interview)", "interview", "rejected"),
    ("Rejected - after phone screen", "screen", "rejected"),
    ("reeejected", "applied", "rejected"),
    ("Rejection :(", "applied", "rejected"),
    ("Intervew scheduled", "interview", "open"),
    ("Offer!!! 🎉", "offer", "open"),
]


@pytest.mark.parametrize("writer", WRITERS)
def test_status_words_in_thirteen_languages_compounds_and_typos(tmp_path, writer):
    rows = [
        [f"Co{i}", "Analyst", D(2024, 3, 1) + dt.timedelta(days=i), text]
        for i, (text, _, _) in enumerate(STATUS_TRUTH)
    ]
    path = _write(tmp_path, writer, ["Company", "Role", "Date Applied", "Status"], rows)
    s = jsa.load(path)
    _check(s, {f"Co{i}": (stage, out) for i, (_, stage, out) in enumerate(STATUS_TRUTH)})
    # typos are read with a reported score
    typo = _entries(s, "'reeejected' read as 'rejected'")
    assert len(typo) == 1 and "similarity 0.89" in typo.iloc[0]["action"]
    assert len(_entries(s, "'rejec' read as the start of 'reject'")) == 1
    # the compound's interview is an event, and nothing reads as a channel
    ev = s.events
    aid = _by_company(s).at[f"Co{33}", "application_id"]
    assert set(ev.loc[ev["application_id"] == aid, "kind"]) >= {"interview", "rejection"}
    assert ev["channel"].isna().all()


def test_every_language_has_the_main_words():
    """The vocabulary file holds, for each of 13 languages, words for sent, rejected,
    interview, offer, no reply, withdrawn and saved."""
    v = vocabulary()
    by_language: dict[str, set[tuple[str, str]]] = {}
    path = Path(jsa.__file__).parent / "io" / "vocabulary" / "statuses.csv"
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            by_language.setdefault(row["language"], set()).add((row["stage"], row["outcome"]))
    need = {
        ("applied", "rejected"),
        ("interview", "open"),
        ("offer", "open"),
        ("applied", "ghosted"),
        ("applied", "withdrawn"),
        ("saved", "open"),
    }
    langs = {"en", "de", "fr", "es", "zh", "tr", "pl", "it", "pt", "nl", "ja", "ko", "ru"}
    assert langs <= set(by_language)
    missing = {lang: need - by_language[lang] for lang in langs if need - by_language[lang]}
    assert not missing
    assert len(v.exact) > 500


def test_a_malformed_vocabulary_row_names_its_line(tmp_path):
    head = "text,language,stage,outcome,events,inside,note"
    with pytest.raises(ValueError, match=r"line 3: unknown event kind 'rejected'"):
        read_vocabulary([head, "odrzucono,pl,applied,rejected,rejection,y,", "x,pl,applied,"
                         "rejected,rejected,,"])  # fmt: skip
    with pytest.raises(ValueError, match=r"line 3: 'nein' is already listed with another"):
        read_vocabulary([head, "nein,de,applied,rejected,rejection,,", "nein,de,saved,open,,,"])
    with pytest.raises(ValueError, match=r"inside is 'maybe'"):
        read_vocabulary([head, "abc,en,applied,open,,maybe,"])


# --- stage histories in one cell ------------------------------------------------------------

HISTORY_TRUTH = [
    ("Applied -> Phone Screen -> Onsite -> Offer", "offer", "open"),
    ("Applied → Screen → Rejected", "screen", "rejected"),
    ("Applied > OA > VO", "interview", "open"),
    ("Applied | Recruiter call | Withdrawn", "screen", "withdrawn"),
    ("Applied; Interview; Offer accepted", "accepted", "accepted"),
    ("Applied\nPhone screen\nNo response", "screen", "ghosted"),
    ("['Applied', 'Phone Screen', 'Onsite']", "interview", "open"),
    ('["Applied", "Rejected"]', "applied", "rejected"),
    ("Interview 1 -> Complete, Tech Assessment -> Scheduled", "interview", "open"),
    ("Recruiter Screen -> Done, Onsite -> Cancelled", "screen", "open"),
    ("Phone Screen -> Complete, Onsite -> Failed", "interview", "rejected"),
    ("Başvuruldu - Mülakat - Reddedildi", "interview", "rejected"),
    ("応募済み → 一次面接 → 内定", "offer", "open"),
    ("Applied --> Take-home --> Scheduled", "screen", "open"),
]


@pytest.mark.parametrize("writer", WRITERS)
def test_stage_histories_with_any_separator_and_step_states(tmp_path, writer):
    rows = [
        [f"H{i}", "Engineer", D(2024, 5, 1), cell] for i, (cell, _, _) in enumerate(HISTORY_TRUTH)
    ]
    path = _write(tmp_path, writer, ["Company", "Role", "Applied", "Stage History"], rows)
    s = jsa.load(path)
    _check(s, {f"H{i}": (stage, out) for i, (_, stage, out) in enumerate(HISTORY_TRUTH)})
    # the scheduled assessment is evidence of the screen stage, the completed interview round 1
    ev = s.events
    aid = _by_company(s).at["H8", "application_id"]
    mine = ev[ev["application_id"] == aid]
    assert set(mine["kind"]) >= {"interview", "assessment"}
    assert mine.loc[mine["kind"] == "interview", "round"].tolist() == [1]


_STEP_WORDS = {
    "Applied": "applied",
    "Phone Screen": "screen",
    "OA": "screen",
    "Onsite": "interview",
    "Mülakat": "interview",
    "面接": "interview",
    "Offer": "offer",
    "Rejected": "applied",
    "Собеседование": "interview",
    "Saved": "saved",
    "Offer accepted": "accepted",
}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(sorted(_STEP_WORDS)), min_size=1, max_size=6),
    st.sampled_from([" -> ", " → ", " > ", " | ", "; ", ", ", "\n", " / ", " - ", " --> "]),
)
def test_history_furthest_stage_is_the_max_of_its_parts(steps, sep):
    parsed = parse_stage_history(sep.join(steps))
    furthest = max((p.stage for p in parsed), key=STAGES.index)
    assert furthest == max((_STEP_WORDS[w] for w in steps), key=STAGES.index)
    assert furthest == max((parse_status(w).stage for w in steps), key=STAGES.index)


# --- counts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("header", ["Interviews", "# of Interviews", "Number of interviews"])
def test_an_interview_count_column(tmp_path, writer, header):
    counts = [0, 1, 2, 4, None, 3]
    rows = [[f"C{i}", "Analyst", D(2024, 2, 1 + i), n] for i, n in enumerate(counts)]
    s = jsa.load(_write(tmp_path, writer, ["Company", "Job Title", "Date Applied", header], rows))
    planted = {f"C{i}": ("interview" if n else "applied", "open") for i, n in enumerate(counts)}
    _check(s, planted)
    apps, ev = _by_company(s), s.events
    for i, n in enumerate(counts):
        mine = ev[(ev["application_id"] == apps.at[f"C{i}", "application_id"])]
        rounds = sorted(mine.loc[mine["kind"] == "interview", "round"].dropna().astype(int))
        assert rounds == list(range(1, (n or 0) + 1)), (i, n)
    assert len(_entries(s, "holds counts (0 to 4)")) == 1


# --- flags -----------------------------------------------------------------------------------

FLAG_PAIRS = [
    ("Y", "N"),
    ("ja", "nein"),
    ("oui", "non"),
    ("sí", "no"),
    ("是", "否"),
    (True, False),
    ("✓", "✗"),
    (1, None),
    ("evet", "hayır"),
    ("tak", "nie"),
    ("sim", "não"),
    ("да", "нет"),
]


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize(("yes", "no"), FLAG_PAIRS)
def test_yes_no_interview_flags_in_many_languages(tmp_path, writer, yes, no):
    marks = [yes, no, yes, no, no]
    rows = [[f"F{i}", "Dev", D(2024, 1, 10 + i), m] for i, m in enumerate(marks)]
    header = ["Firma", "Stelle", "Beworben am", "Vorstellungsgespräch"]
    s = jsa.load(_write(tmp_path, writer, header, rows))
    _check(
        s, {f"F{i}": ("interview" if m == yes else "applied", "open") for i, m in enumerate(marks)}
    )


@pytest.mark.parametrize("writer", WRITERS)
def test_y_n_g_flags(tmp_path, writer):
    """A Y/N/G response flag: G is ghosted (reported), Y a reply, N nothing yet."""
    marks = ["Y", "N", "G", "G", "Y"]
    rows = [[f"G{i}", "Dev", D(2024, 1, 10 + i), m] for i, m in enumerate(marks)]
    s = jsa.load(_write(tmp_path, writer, ["Company", "Role", "Date Applied", "Response"], rows))
    want = {"Y": ("applied", "open"), "N": ("applied", "open"), "G": ("applied", "ghosted")}
    _check(s, {f"G{i}": want[m] for i, m in enumerate(marks)})
    assert len(_entries(s, "'G' next to Y/N flags read as ghosted")) == 2
    replied = s.events.loc[s.events["kind"] == "response", "application_id"]
    assert sorted(replied) == sorted(_by_company(s).loc[["G0", "G4"], "application_id"])


# --- dates sitting in stage columns ---------------------------------------------------------


@pytest.mark.parametrize("writer", WRITERS)
def test_dates_in_stage_columns(tmp_path, writer):
    header = ["Company", "Role", "Date Applied", "Phone Screen", "Interview", "Offer Date",
              "Rejected"]  # fmt: skip
    rows = [
        ["A", "Dev", D(2024, 4, 1), D(2024, 4, 8), D(2024, 4, 15), D(2024, 4, 30), None],
        ["B", "Dev", D(2024, 4, 2), D(2024, 4, 9), D(2024, 4, 16), None, D(2024, 4, 20)],
        ["C", "Dev", D(2024, 4, 3), D(2024, 4, 10), None, None, D(2024, 4, 12)],
        ["D", "Dev", D(2024, 4, 4), None, None, None, D(2024, 4, 6)],
        ["E", "Dev", D(2024, 4, 5), None, None, None, None],
    ]
    s = jsa.load(_write(tmp_path, writer, header, rows))
    _check(
        s,
        {
            "A": ("offer", "open"),
            "B": ("interview", "rejected"),
            "C": ("screen", "rejected"),
            "D": ("applied", "rejected"),
            "E": ("applied", "open"),
        },
    )
    apps, ev = _by_company(s), s.events
    rej = ev[ev["kind"] == "rejection"].set_index("application_id")["date"]
    assert rej[apps.at["B", "application_id"]] == pd.Timestamp("2024-04-20")
    assert rej[apps.at["D", "application_id"]] == pd.Timestamp("2024-04-06")


@pytest.mark.parametrize("writer", WRITERS)
def test_an_offer_column_holding_dates_and_amounts(tmp_path, writer):
    rows = [
        ["O0", "Dev", D(2024, 4, 1), D(2024, 5, 2)],  # the day of the offer
        ["O1", "Dev", D(2024, 4, 2), 95000],  # an amount
        ["O2", "Dev", D(2024, 4, 3), None],
    ]
    s = jsa.load(_write(tmp_path, writer, ["Company", "Role", "Date Applied", "Offer"], rows))
    _check(s, {"O0": ("offer", "open"), "O1": ("offer", "open"), "O2": ("applied", "open")})
    apps, ev = _by_company(s), s.events
    offers = ev[ev["kind"] == "offer"].set_index("application_id")["date"]
    assert offers[apps.at["O0", "application_id"]] == pd.Timestamp("2024-05-02")
    assert pd.isna(apps.at["O0", "offer_initial"]) and apps.at["O1", "offer_initial"] == 95000
    assert len(_entries(s, "1 dates where an offer amount was expected")) == 1


ONEHOT_HEADERS = [
    ["Applied", "Phone Screen", "Interview", "Offer", "Rejected"],
    ["Başvuruldu", "Telefon görüşmesi", "Mülakat", "Teklif", "Reddedildi"],
    ["Wysłano", "Rozmowa telefoniczna", "Rozmowa kwalifikacyjna", "Propozycja", "Odrzucono"],
    ["応募済み", "カジュアル面談", "面接", "内定", "不採用"],
]


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("stages", ONEHOT_HEADERS, ids=lambda h: h[2])
def test_one_hot_stage_columns_in_several_languages(tmp_path, writer, stages):
    marks = [  # applied, screen, interview, offer, rejected
        [1, 1, 1, 1, None],
        [1, 1, None, None, 1],
        [1, None, None, None, None],
        [1, 1, 1, None, 1],
    ]
    rows = [[f"H{i}", "Dev", *m] for i, m in enumerate(marks)]
    s = jsa.load(_write(tmp_path, writer, ["Company", "Role", *stages], rows))
    _check(
        s,
        {
            "H0": ("offer", "open"),
            "H1": ("screen", "rejected"),
            "H2": ("applied", "open"),
            "H3": ("interview", "rejected"),
        },
    )


# --- reply columns with status words, and conflicts ---------------------------------------


@pytest.mark.parametrize("writer", WRITERS)
def test_reply_columns_holding_status_words_and_the_conflict_rule(tmp_path, writer):
    rows = [
        ["R0", "Rejected", "No Response"],  # explicit ending beats no reply: rejected
        ["R1", "Applied", "Rejected(After interview)"],  # not the channel 'in person'
        ["R2", "Applied", "No Response"],  # no reply yet: open
        ["R3", "Ghosted", "Not selected"],  # explicit beats absence: rejected
        ["R4", "Withdrawn", "Rejected"],  # two explicit endings: the status wins
        ["R5", "In progress", "Phone screen, then rejected"],
        ["R6", "Applied", "Email"],  # a channel stays a channel (a reply by e-mail)
    ]
    rows = [[c, "Dev", D(2024, 6, 1), st_, r] for c, st_, r in rows]
    header = ["Company", "Role", "Date Applied", "Status", "Response"]
    s = jsa.load(_write(tmp_path, writer, header, rows))
    _check(
        s,
        {
            "R0": ("applied", "rejected"),
            "R1": ("interview", "rejected"),
            "R2": ("applied", "open"),
            "R3": ("applied", "rejected"),
            "R4": ("applied", "withdrawn"),
            "R5": ("screen", "rejected"),
            "R6": ("applied", "open"),
        },
    )
    conflicts = _entries(s, "endings disagree")
    assert sorted(conflicts["row"].astype(int)) == [2, 5, 6]  # R0, R3, R4
    assert "explicit ending beats no reply" in conflicts.iloc[0]["action"]
    ev = s.events
    assert not (ev["channel"].astype(str) == "in_person").any()
    r6 = _by_company(s).at["R6", "application_id"]
    replies = ev[(ev["application_id"] == r6) & (ev["kind"] == "response")]
    assert replies["channel"].astype(str).tolist() == ["email"]


# --- what is an application -------------------------------------------------------------


@pytest.mark.parametrize("writer", WRITERS)
def test_wish_list_rows_and_statuses_are_saved_jobs(tmp_path, writer):
    rows = [
        ["A1", "Dev", D(2024, 3, 1), "Applied"],
        ["A2", "Dev", D(2024, 3, 2), "Rejected"],
        ["A3", "Dev", None, "Interviewing"],  # no date, but a status past saved
        ["A4", "Dev", D(2024, 3, 4), None],  # a date proves it was sent
        ["A5", "Dev", D(2024, 3, 5), "Offer"],
        ["W1", "Dev", None, "Need to Apply"],
        ["W2", "Dev", None, "To apply"],
        ["W3", "Dev", None, "Başvurulacak"],
        ["W4", "Dev", None, None],  # company only
        ["W5", "Dev", None, None],
    ]
    s = jsa.load(_write(tmp_path, writer, ["Company", "Role", "Date Applied", "Status"], rows))
    planted = {
        "A1": ("applied", "open"),
        "A2": ("applied", "rejected"),
        "A3": ("interview", "open"),
        "A4": ("applied", "open"),
        "A5": ("offer", "open"),
        **{f"W{i}": ("saved", "open") for i in range(1, 6)},
    }
    _check(s, planted)
    from jobsearch_analytics.metrics.search_facts import sent_mask

    assert sent_mask(s.applications).sum() == 5
    entry = _entries(s, "name a job but have no date, status or stage")
    assert len(entry) == 1 and "(10, 11)" in entry.iloc[0]["problem"]


def test_saved_with_a_date_counts_as_sent_and_is_reported(tmp_path):
    rows = [["S0", "Dev", D(2024, 3, 1), "Saved"], ["S1", "Dev", None, "Saved"]]
    header = ["Company", "Role", "Date Applied", "Status"]
    s = jsa.load(_write(tmp_path, "xlsx", header, rows))
    _check(s, {"S0": ("applied", "open"), "S1": ("saved", "open")})
    entry = _entries(s, "say saved or to apply but give a date applied")
    assert len(entry) == 1 and "1 row(s) (2)" in entry.iloc[0]["problem"]


def test_a_tracker_without_dates_or_statuses_counts_every_row(tmp_path):
    rows = [[f"N{i}", "Dev", "notes"] for i in range(4)]
    s = jsa.load(_write(tmp_path, "csv", ["Company", "Role", "Notes"], rows))
    _check(s, {f"N{i}": ("applied", "open") for i in range(4)})


# --- a dated reply whose status is a rejection (issue #13) ----------------------------------


@pytest.mark.parametrize("writer", WRITERS)
def test_dated_rejections_show_as_rejections_in_competing_outcomes(tmp_path, writer):
    """40 applications: 30 rejected (reply dated), 6 interviewed (reply dated), 4 silent.
    The competing-outcomes curve must end at 30/40 rejections and 6/40 positive replies, and
    the funnel agree with the statuses."""
    rows = []
    for i in range(40):
        applied = D(2024, 1, 1) + dt.timedelta(days=i)
        if i < 30:
            rows.append(
                [f"J{i}", "Dev", applied, applied + dt.timedelta(days=3 + i % 9), "Rejected"]
            )
        elif i < 36:
            rows.append([f"J{i}", "Dev", applied, applied + dt.timedelta(days=5), "Interview"])
        else:
            rows.append([f"J{i}", "Dev", applied, None, "Applied"])
    header = ["Company", "Role", "Date Applied", "Response Date", "Status"]
    s = jsa.load(_write(tmp_path, writer, header, rows))
    c = competing_outcomes(s, today="2024-12-31")
    last = c[c["day"] == c["day"].max()].set_index("outcome")["cif"]
    assert last["rejection"] == pytest.approx(30 / 40)
    assert last["positive reply"] == pytest.approx(6 / 40)
    # the funnel and the outcomes agree with the statuses
    apps = s.applications
    assert (apps["outcome"] == "rejected").sum() == 30
    assert (apps["stage"] == "interview").sum() == 6
    # each rejection carries the reply's date; no undated copy is left
    rej = s.events[s.events["kind"] == "rejection"]
    assert len(rej) == 30 and rej["date_known"].all()
    planted = {f"J{i}": rows[i][3] for i in range(30)}
    got = rej.set_index("application_id")["date"]
    ids = _by_company(s)["application_id"]
    assert all(got[ids[c]] == pd.Timestamp(d) for c, d in planted.items())
    assert len(_entries(s, "30 dated replies belong to applications rejected")) == 1


@pytest.mark.parametrize("writer", WRITERS)
def test_a_rejection_date_column_wins_over_the_reply_date(tmp_path, writer):
    rows = [
        ["K0", "Dev", D(2024, 1, 1), D(2024, 1, 5), D(2024, 1, 9), "Rejected"],
        ["K1", "Dev", D(2024, 1, 1), D(2024, 1, 6), None, "Rejected"],
    ]
    header = ["Company", "Role", "Date Applied", "Response Date", "Rejection Date", "Status"]
    s = jsa.load(_write(tmp_path, writer, header, rows))
    ids = _by_company(s)["application_id"]
    ev = s.events.set_index(["application_id", "kind"])["date"]
    assert ev[(ids["K0"], "rejection")] == pd.Timestamp("2024-01-09")
    assert ev[(ids["K1"], "rejection")] == pd.Timestamp("2024-01-06")
    assert (ids["K1"], "response") not in ev.index


def test_status_words_stay_out_of_thank_you_channels(tmp_path):
    """'after interview' in a thank-you column is how the note was given, not a status."""
    rows = [["T0", "Dev", D(2024, 1, 1), "Interview", "after interview"]]
    header = ["Company", "Role", "Date Applied", "Status", "Thank You Via"]
    s = jsa.load(_write(tmp_path, "xlsx", header, rows))
    _check(s, {"T0": ("interview", "open")})


def test_no_regex_in_the_vocabulary_file():
    """Contributors write words, not patterns: no row holds regex syntax."""
    path = Path(jsa.__file__).parent / "io" / "vocabulary" / "statuses.csv"
    with path.open(encoding="utf-8", newline="") as f:
        texts = [row["text"] for row in csv.DictReader(f)]
    assert not [t for t in texts if re.search(r"[\\^$*?{}\[\]|]", t)]


# --- a property over forms: any mix of forms and languages reads back the planted truth ------

# Per language: words for (applied, open), (screen, open), (interview, open), (offer, open)
# and (applied, rejected), written by hand.
_WORDS = {
    "en": ("Applied", "Phone screen", "Onsite", "Offer", "Rejected"),
    "de": ("Beworben", "Telefoninterview", "Vorstellungsgespräch", "Angebot", "Absage"),
    "tr": ("Başvuruldu", "Telefon görüşmesi", "Mülakat", "Teklif", "Reddedildi"),
    "pl": ("Wysłano", "Rozmowa telefoniczna", "Rozmowa kwalifikacyjna", "Propozycja", "Odmowa"),
    "it": ("Candidatura inviata", "Colloquio telefonico", "Colloquio", "Offerta", "Scartato"),
    "pt": ("Candidatura enviada", "Triagem", "Entrevista técnica", "Proposta", "Reprovado"),
    "nl": ("Gesolliciteerd", "Telefonisch gesprek", "Sollicitatiegesprek", "Aanbod", "Afgewezen"),
    "ja": ("応募済み", "カジュアル面談", "最終面接", "内定", "不採用"),
    "ko": ("지원완료", "서류 합격", "최종 면접", "오퍼", "불합격"),
    "ru": ("Отклик отправлен", "Скрининг", "Собеседование", "Оффер", "Отказ"),
}
_STAGE_AT = ("applied", "screen", "interview", "offer")


@pytest.mark.parametrize("lang", sorted(_WORDS))
def test_each_language_word_alone_and_joined_with_its_rejection(lang):
    words = _WORDS[lang]
    for reached, word in enumerate(words[:4]):
        p = parse_status(word)
        assert (p.stage, p.outcome) == (_STAGE_AT[reached], "open"), word
        for joiner in (" + ", " / ", " & ", "(", " - "):
            text = f"{word}{joiner}{words[4]}" + (")" if joiner == "(" else "")
            p = parse_status(text)
            assert (p.stage, p.outcome) == (_STAGE_AT[reached], "rejected"), text
    assert (parse_status(words[4]).stage, parse_status(words[4]).outcome) == (
        "applied",
        "rejected",
    )


@st.composite
def _application(draw):
    lang = draw(st.sampled_from(sorted(_WORDS)))
    words = _WORDS[lang]
    reached = draw(st.integers(0, 3))
    rejected = draw(st.booleans()) and reached < 3
    form = draw(st.sampled_from(["status", "history", "status+reply", "count"]))
    if form == "count" and reached != 2:
        form = "status"
    sep = draw(st.sampled_from([" -> ", " > ", " | ", "; ", " → ", "\n"]))
    return lang, reached, rejected, form, sep, words


def _cells(reached, rejected, form, sep, words):
    """(status, history, reply, interviews) cells expressing the planted truth in ``form``."""
    last = words[reached]
    if form == "history":
        steps = list(words[: reached + 1]) + ([words[4]] if rejected else [])
        return None, sep.join(steps), None, None
    if form == "count":  # interviews counted, the ending in the status
        return (words[4] if rejected else words[0]), None, None, 2
    status = f"{last} + {words[4]}" if rejected and reached else (words[4] if rejected else last)
    reply = "No Response" if form == "status+reply" else None
    return status, None, reply, None


@settings(max_examples=25, deadline=None)
@given(st.lists(_application(), min_size=3, max_size=12))
def test_any_mix_of_forms_and_languages_reads_the_planted_truth(apps):
    import tempfile

    rows, planted = [], {}
    for i, (_, reached, rejected, form, sep, words) in enumerate(apps):
        status, history, reply, count = _cells(reached, rejected, form, sep, words)
        rows.append([f"P{i}", "Dev", D(2024, 1, 1 + i), status, history, reply, count])
        planted[f"P{i}"] = (_STAGE_AT[reached], "rejected" if rejected else "open")
    header = ["Company", "Role", "Date Applied", "Status", "Stage History", "Response",
              "Interviews"]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        s = jsa.load(_write(Path(tmp), "csv", header, rows))
        _check(s, planted)


@pytest.mark.parametrize("writer", WRITERS)
def test_stage_columns_named_in_other_languages_holding_dates_or_yes_no(tmp_path, writer):
    header = ["Company", "Role", "Date Applied", "Mülakat", "Teklif", "Reddedildi",
              "Собеседование", "Notizen"]  # fmt: skip
    rows = [
        ["A", "Dev", D(2024, 1, 1), D(2024, 1, 9), None, None, None, "x"],
        ["B", "Dev", D(2024, 1, 2), "evet", None, "evet", None, None],
        ["C", "Dev", D(2024, 1, 3), "hayır", None, None, "да", None],
        ["D", "Dev", D(2024, 1, 4), D(2024, 1, 10), D(2024, 1, 20), None, None, None],
        ["E", "Dev", D(2024, 1, 5), None, None, None, None, None],
    ]
    s = jsa.load(_write(tmp_path, writer, header, rows))
    _check(
        s,
        {
            "A": ("interview", "open"),
            "B": ("interview", "rejected"),
            "C": ("interview", "open"),
            "D": ("offer", "open"),
            "E": ("applied", "open"),
        },
    )
    ids, ev = _by_company(s)["application_id"], s.events
    offer = ev[(ev["kind"] == "offer") & (ev["application_id"] == ids["D"])]
    assert offer["date"].tolist() == [pd.Timestamp("2024-01-20")]
    # Each stage-word column is used: mapped by the header vocabulary (Mülakat, Teklif,
    # Собеседование are interview/offer headers there) or read as a stage word (Reddedildi).
    m = s.report.mapping
    mapped = set(m.loc[~m["field"].isin(["(kept)", ""]) & m["field"].notna(), "source_column"])
    worded = set(_entries(s, "the header is the status word")["column"])
    assert {"Mülakat", "Teklif", "Reddedildi", "Собеседование"} <= mapped | worded


def test_a_stage_word_column_of_free_text_is_not_a_stage(tmp_path):
    """'Interview' notes written under a foreign stage word stay notes."""
    header = ["Company", "Role", "Date Applied", "Mülakat"]
    rows = [[c, "Dev", D(2024, 1, 1), "went well, asked about SQL"] for c in "ABC"]
    s = jsa.load(_write(tmp_path, "csv", header, rows))
    _check(s, {c: ("applied", "open") for c in "ABC"})
    assert not len(_entries(s, "the header is the status word"))
