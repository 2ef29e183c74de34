"""Tests of the seeded generator: determinism, contract, planted truths, written files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math

import numpy as np
import openpyxl
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from jobsearch_analytics.io.report import col_letter
from jobsearch_analytics.model import (
    APPLICATION_COLUMNS,
    EVENT_COLUMNS,
    REPLY_KINDS,
    STAGE_OF_EVENT,
    STAGES,
    conform,
)
from jobsearch_analytics.sample import (
    CSV_HEADERS,
    DANA_FLAGS,
    HEADERS,
    Effects,
    build_sample_data,
    excel_serial,
    generate,
    write_clients,
    write_large_tracker,
    write_tracker_csv,
    write_tracker_xlsx,
)

FAR = "2030-01-01"  # an analysis date long after everything: nothing censored


@pytest.fixture(scope="module")
def big():
    """A large uncensored search with the default effects."""
    return generate(123, n_applications=60_000, today=FAR)


@pytest.fixture(scope="module")
def big_no_follow_up():
    return generate(321, n_applications=40_000, today=FAR, effects=Effects(p_follow_up=0.0))


def _first_reply_days(sample) -> pd.Series:
    """Days from applying to the first reply, per application (NaN when none); recomputed
    from the events independently of the generator's internals."""
    ev = sample.events
    replies = ev[ev["kind"].astype(str).isin(REPLY_KINDS)]
    first = replies.groupby("application_id")["date"].min()
    apps = sample.applications.set_index("application_id")
    return (first.reindex(apps.index) - apps["date_applied"]).dt.days


def _inside(k: int, n: int, p: float, alpha: float = 1e-3) -> bool:
    lo, hi = proportion_confint(k, n, alpha=alpha, method="wilson")
    return lo <= p <= hi


# -- determinism and contract -------------------------------------------------------------------


def test_same_seed_gives_identical_frames_and_other_seeds_differ():
    a, b = generate(5, n_applications=400), generate(5, n_applications=400)
    pd.testing.assert_frame_equal(a.applications, b.applications)
    pd.testing.assert_frame_equal(a.events, b.events)
    c = generate(6, n_applications=400)
    assert not a.applications["company"].equals(c.applications["company"])


def test_frames_follow_the_model_contract():
    s = generate(2, n_applications=500)
    pd.testing.assert_frame_equal(conform(s.applications, APPLICATION_COLUMNS), s.applications)
    pd.testing.assert_frame_equal(conform(s.events, EVENT_COLUMNS), s.events)
    assert list(s.applications.columns) == list(APPLICATION_COLUMNS)
    assert s.applications["application_id"].is_unique
    assert set(s.events["application_id"]) == set(s.applications["application_id"])
    assert s.events["date_known"].all() and s.events["date"].notna().all()
    assert s.today == s.applications["date_applied"].max() + pd.Timedelta(days=14)
    assert (s.events["date"] <= s.today).all()
    search = s.to_jobsearch()
    assert len(search) == 500
    # fictional contacts only
    emails = s.applications["contact_email"].dropna()
    assert emails.str.endswith(".example.com").all()
    assert s.applications["contact_phone"].dropna().str.contains(r"555-01\d\d$").all()


def test_stage_and_outcome_agree_with_events():
    s = generate(9, n_applications=3000)
    ev = s.events.assign(kind=s.events["kind"].astype(str))
    rank = ev["kind"].map(lambda k: STAGES.index(STAGE_OF_EVENT[k]))
    stage = rank.groupby(ev["application_id"]).max().map(lambda i: STAGES[i])
    apps = s.applications.set_index("application_id")
    assert (apps["stage"].astype(str) == stage.reindex(apps.index)).all()

    def outcome(group: pd.DataFrame) -> str:
        kinds = set(group["kind"])
        for kind, name in (
            ("accepted", "accepted"),
            ("declined", "declined"),
            ("withdrawal", "withdrawn"),
            ("rejection", "rejected"),
        ):
            if kind in kinds:
                return name
        ghost = group.loc[group["kind"] == "ghosted", "date"]
        reply = group.loc[group["kind"].isin(REPLY_KINDS), "date"]
        if len(ghost) and (not len(reply) or ghost.max() > reply.max()):
            return "ghosted"
        return "open"

    expected = ev.groupby("application_id")[["kind", "date"]].apply(outcome)
    assert (apps["outcome"].astype(str) == expected.reindex(apps.index)).all()
    assert set(apps["outcome"].astype(str)) >= {"open", "rejected", "ghosted"}


def test_today_censors_later_applications_and_events():
    full = generate(4, n_applications=300, today=FAR)
    cut = pd.Timestamp("2024-02-20")
    s = generate(4, n_applications=300, today=cut)
    assert (s.applications["date_applied"] <= cut).all()
    assert (s.events["date"] <= cut).all()
    assert len(s.applications) == (full.applications["date_applied"] <= cut).sum()
    # an application with a reply only after the cut is still open at the cut
    assert (s.applications["outcome"] == "open").sum() > (full.applications["outcome"] == "open")[
        full.applications["date_applied"] <= cut
    ].sum()


def test_inputs_are_not_mutated(tmp_path):
    s = generate(8, n_applications=40)
    before = s.applications.copy(), s.events.copy()
    write_tracker_xlsx(s, tmp_path / "t.xlsx")
    write_tracker_csv(s, tmp_path / "t.csv")
    pd.testing.assert_frame_equal(s.applications, before[0])
    pd.testing.assert_frame_equal(s.events, before[1])


def test_effects_are_validated():
    with pytest.raises(ValueError, match="probability"):
        Effects(p_response_cold=1.5)
    with pytest.raises(ValueError):
        generate(0, locale="fr")


# -- planted truths -----------------------------------------------------------------------------


def test_reply_rates_by_referral_match_the_planted_probabilities(big_no_follow_up):
    s, e = big_no_follow_up, big_no_follow_up.effects
    replied = _first_reply_days(s).notna()
    referral = s.applications.set_index("application_id")["referral"].astype(bool)
    for flag, p in ((True, e.p_response_referral), (False, e.p_response_cold)):
        group = replied[referral == flag]
        se = math.sqrt(p * (1 - p) / len(group))
        assert abs(group.mean() - p) < 3 * se


def test_reply_rates_with_follow_ups_match_the_analytic_truth(big):
    replied = _first_reply_days(big).notna()
    referral = big.applications.set_index("application_id")["referral"].astype(bool)
    for flag in (True, False):
        group = replied[referral == flag]
        assert _inside(int(group.sum()), len(group), big.effects.p_reply_ever(referral=flag))
    assert big.effects.p_reply_ever(referral=False) > big.effects.p_response_cold


def test_time_to_reply_is_the_planted_lognormal(big_no_follow_up):
    days = _first_reply_days(big_no_follow_up).dropna()
    e = big_no_follow_up.effects
    law = stats.lognorm(s=e.sigma_days_to_reply, scale=e.median_days_to_reply)
    for d in (5, 9, 15):  # replies are dated ceil(T): P(day <= d) = P(T <= d)
        assert _inside(int((days <= d).sum()), len(days), law.cdf(d))
    assert days.median() in (9.0, 10.0)


def test_p_reply_by_and_ghosting_day_agree_with_monte_carlo(big):
    days = _first_reply_days(big)
    n = len(days)
    e = big.effects
    for d in (3, 7, 10, 14, 21, 40):
        assert _inside(int((days <= d).sum()), n, e.p_reply_by(d)), d
    g = e.ghosting_day(0.05)
    for d in (g - 1, g):
        silent = ~(days <= d)
        later = int((days[silent] > d).sum())
        assert _inside(later, int(silent.sum()), e.p_reply_after(d)), d
    # independent check of one cell of the analytic follow-up law (cold, no follow-up mix)
    p, m = e.p_response_cold, e.followup_multiplier
    law = stats.lognorm(s=e.sigma_days_to_reply, scale=e.median_days_to_reply)
    s0 = [1 - p * law.cdf(f) for f in range(7, 11)]
    ever = (
        1
        - (1 - e.p_follow_up) * (1 - p)
        - e.p_follow_up * np.mean([sf * ((1 - p) / sf) ** m for sf in s0])
    )
    assert e.p_reply_ever(referral=False) == pytest.approx(ever, rel=1e-12)


def test_follow_up_raises_later_replies(big):
    ev = big.events
    kinds = ev["kind"].astype(str)
    applied = big.applications.set_index("application_id")["date_applied"]
    fu = ev[kinds == "follow_up"].groupby("application_id")["date"].min()
    fu_day = (fu - applied.reindex(fu.index)).dt.days
    days = _first_reply_days(big)
    ref = big.applications.set_index("application_id")["referral"].astype(bool)
    # cold applications silent through day 10: those followed up on day 7 vs never followed up
    silent = days.isna() | (days > 10)
    cold = ~ref
    with_fu = cold & silent & fu_day.reindex(days.index).eq(7)
    without = cold & silent & fu_day.reindex(days.index).isna()
    e = big.effects
    p = e.p_response_cold
    law = stats.lognorm(s=e.sigma_days_to_reply, scale=e.median_days_to_reply)
    s10 = 1 - p * law.cdf(10)
    # silent through 10 after a follow-up on day 7: S(d) = s7 * (S0(d) / s7) ** m
    truth_with = 1 - ((1 - p) / s10) ** e.followup_multiplier
    truth_without = 1 - (1 - p) / s10
    k1, n1 = int(days[with_fu].notna().sum()), int(with_fu.sum())
    k0, n0 = int(days[without].notna().sum()), int(without.sum())
    assert _inside(k1, n1, truth_with) and _inside(k0, n0, truth_without)
    assert truth_with > truth_without


def test_thank_you_within_24h_raises_the_next_round(big):
    ev = big.events.assign(kind=big.events["kind"].astype(str))
    iv = ev[ev["kind"] == "interview"][["application_id", "date", "round"]]
    ty = ev[ev["kind"] == "thank_you"][["application_id", "date", "round"]]
    m = iv.merge(ty, on=["application_id", "round"], how="left", suffixes=("", "_ty"))
    m["fast"] = (m["date_ty"] - m["date"]).dt.days <= 1
    nxt = iv.assign(round=iv["round"] - 1)[["application_id", "round"]].assign(next_round=True)
    m = m.merge(nxt, on=["application_id", "round"], how="left")
    offers = set(ev.loc[ev["kind"] == "offer", "application_id"])
    last = m.groupby("application_id")["round"].transform("max") == m["round"]
    m["advanced"] = m["next_round"].fillna(False).astype(bool) | (
        last & m["application_id"].isin(offers)
    )
    e = big.effects
    for fast, p in ((True, e.p_next_round_thank_you_24h), (False, e.p_next_round_otherwise)):
        g = m[m["fast"] == fast]
        assert len(g) > 300
        assert _inside(int(g["advanced"].sum()), len(g), p), fast
    share = m["fast"].mean()
    assert _inside(int(m["fast"].sum()), len(m), e.p_thank_you_24h), share


def test_generate_scales_vectorised():
    s = generate(1, n_applications=200_000)
    assert len(s.applications) == 200_000 and len(s.events) > 400_000


# -- written files ------------------------------------------------------------------------------


def _value(ws, cell: str):
    return ws[cell.split("!")[-1]].value


def test_tracker_xlsx_manifest_cells_hold_the_planted_values(tmp_path):
    s = generate(7, n_applications=120)
    t = write_tracker_xlsx(s, tmp_path / "tracker.xlsx")
    wb = openpyxl.load_workbook(t.path)
    ws = wb["Applications"]
    assert wb.sheetnames == ["Applications", "Summary", "Lists", "Networking"]
    assert [str(c.value).replace("\xa0", " ").strip() for c in ws[3]] == list(HEADERS)
    assert ws.freeze_panes == "A4"
    assert f"A1:{col_letter(len(HEADERS) - 1)}1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.data_validations.dataValidation
    kinds = {q.kind for q in t.quirks}
    assert {
        "serial_date",
        "text_date_us",
        "placeholder_date",
        "blank_row",
        "duplicate_row",
        "placeholder_row",
        "formatted_empty_row",
        "salary_hourly",
        "salary_unparsed",
        "company_url",
        "phone_number",
        "nbsp_header",
        "trailing_space_header",
    } <= kinds
    width = len(HEADERS)
    for q in t.quirks:
        sheet = wb[q.sheet]
        ref = q.cell.split("!")[-1]
        if ref.isdigit():  # a whole row
            values = [c.value for c in sheet[int(ref)]][:width]
            if q.kind in ("blank_row", "formatted_empty_row"):
                assert all(v is None for v in values), q
            elif q.kind == "placeholder_row":
                assert values == ["N/A"] * width
            elif q.kind == "duplicate_row":
                assert values == [c.value for c in sheet[q.truth]][:width]
            continue
        cell = sheet[ref]
        assert cell.value == q.raw, q
        if q.kind == "serial_date":
            assert cell.number_format == "General" and cell.value == excel_serial(q.truth)
        if q.kind == "text_date_us":
            assert dt.datetime.strptime(cell.value, "%m/%d/%Y") == q.truth
    assert len(t.quirks_of("duplicate_row")) == 2 and len(t.quirks_of("blank_row")) == 3
    assert len(t.quirks_of("formatted_empty_row")) == 40
    assert len(t.quirks_of("placeholder_row")) == 25
    # every application sits on its row with its truth
    apps = s.applications.set_index("application_id")
    url_rows = {int(q.cell.split("!A")[1]) for q in t.quirks_of("company_url")}
    date_col = HEADERS.index("Date Applied") + 1
    plain_dates = 0
    for app_id, row in t.row_of.items():
        if row not in url_rows:
            assert ws.cell(row, 1).value == apps.loc[app_id, "company"]
        assert ws.cell(row, HEADERS.index("Status") + 1).value == apps.loc[app_id, "status_raw"]
        value = ws.cell(row, date_col).value
        if isinstance(value, dt.datetime):
            plain_dates += 1
            assert value == apps.loc[app_id, "date_applied"]
    assert plain_dates > 0.7 * len(t.row_of)
    assert all(str(_value(wb["Summary"], q.cell)).startswith("=") for q in t.quirks_of("formula"))


def test_tracker_xlsx_tidy_with_table(tmp_path):
    s = generate(1, n_applications=30)
    t = write_tracker_xlsx(s, tmp_path / "alice.xlsx", messy=False, table=True)
    ws = openpyxl.load_workbook(t.path)["Applications"]
    assert "tblApplications" in ws.tables
    assert ws.tables["tblApplications"].ref == f"A3:{col_letter(len(HEADERS) - 1)}33"
    assert [c.value for c in ws[3]] == list(HEADERS)
    assert not {"blank_row", "duplicate_row", "serial_date", "text_date_us"} & {
        q.kind for q in t.quirks
    }


def test_tracker_csv_is_a_google_sheets_export(tmp_path):
    s = generate(11, n_applications=60)
    t = write_tracker_csv(s, tmp_path / "tracker.csv")
    raw = t.path.read_bytes()
    assert not raw.endswith(b"\r\n") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert tuple(rows[0]) == CSV_HEADERS
    for q in t.quirks:
        line = int("".join(ch for ch in q.cell if ch.isdigit()))
        letters = "".join(ch for ch in q.cell if ch.isalpha())
        if not letters:
            if q.kind == "blank_row":
                assert all(v == "" for v in rows[line - 1])
            else:
                assert rows[line - 1] == rows[q.truth - 1]
            continue
        col = ord(letters) - ord("A")
        assert rows[line - 1][col] == q.raw, q
    apps = s.applications.set_index("application_id")
    for app_id, line in t.row_of.items():
        rec = rows[line - 1]
        assert rec[0] == apps.loc[app_id, "company"]
        applied = apps.loc[app_id, "date_applied"]
        assert rec[2] == f"{applied.month}/{applied.day}/{applied.year}"


def test_clients_files(tmp_path):
    files = {t.path.name: t for t in write_clients(tmp_path)}
    bruno = openpyxl.load_workbook(files["bruno.xlsx"].path).active
    assert [c.value for c in bruno[1]][:6] == [
        "Firma",
        "Stelle",
        "Ort",
        "Quelle",
        "Empfehlung",
        "Beworben am",
    ]
    for q in files["bruno.xlsx"].quirks:
        assert bruno[q.cell.split("!")[1]].value == q.raw
        assert dt.datetime.strptime(q.raw, "%d.%m.%Y") == q.truth
    chen = openpyxl.load_workbook(files["chen.xlsx"].path).active
    assert [c.value for c in chen[2]] == ["公司", "职位", "申请日期", "状态", "时间线"]
    for q in files["chen.xlsx"].quirks_of("timeline_text"):
        assert chen[q.cell.split("!")[1]].value == q.raw
        first_date = dt.date.fromisoformat(q.truth[0][0])
        assert q.raw.startswith(f"{first_date.month}.{first_date.day} 投递")
    dana = files["dana.csv"]
    rows = list(csv.reader(io.StringIO(dana.path.read_bytes().decode("cp1252"), newline="")))
    assert tuple(rows[0][3:]) == DANA_FLAGS
    apps = dana.sample.applications.set_index("application_id")
    for app_id, line in dana.row_of.items():
        ghosted = rows[line - 1][3 + DANA_FLAGS.index("Ghosted")] == "1"
        assert ghosted == (apps.loc[app_id, "outcome"] == "ghosted")
    eve = pd.read_excel(files["eve.ods"].path, sheet_name=None, engine="odf")
    assert list(eve) == ["Fulltime", "Intern", "Notes"] and eve["Notes"].empty
    assert len(eve["Fulltime"]) + len(eve["Intern"]) == len(files["eve.ods"].sample.applications)
    assert list(eve["Intern"].columns[:2]) == ["Date Applied", "Company"]
    alice = openpyxl.load_workbook(files["alice.xlsx"].path)["Applications"]
    assert alice.tables


def test_large_tracker_has_the_standard_layout(tmp_path):
    path = write_large_tracker(tmp_path / "big.xlsx", 1500, seed=3)
    frame = pd.read_excel(path, header=2, engine="calamine")
    assert list(frame.columns) == list(HEADERS) and len(frame) == 1500
    assert pd.api.types.is_datetime64_any_dtype(frame["Date Applied"])


def test_build_sample_data_is_complete_and_reproducible(tmp_path):
    a = build_sample_data(tmp_path / "a")
    build_sample_data(tmp_path / "b")
    expected = {
        "tracker.xlsx",
        "tracker.csv",
        "clients/alice.xlsx",
        "clients/bruno.xlsx",
        "clients/chen.xlsx",
        "clients/dana.csv",
        "clients/eve.ods",
    }
    assert set(a) == expected
    for rel in expected:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
    assert len(a["tracker.xlsx"].row_of) == 180
