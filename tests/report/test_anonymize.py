"""Anonymised reports: no personal value anywhere in any output byte, metadata included."""

from __future__ import annotations

import hashlib
import html
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import jobsearch_analytics as jsa
from jobsearch_analytics.report import (
    AnonymizationError,
    Pseudonymizer,
    anonymize,
    build_report,
    resolve_secret,
    run_batch,
)

from .conftest import TODAY, output_texts

SECRET = "coach-secret-for-tests"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\(\d{3}\)\s?\d{3}-\d{4}|\b\d{3}[-. ]\d{4}\b|\+\d{1,3}[\s\d]{8,}")


@pytest.fixture(scope="module")
def anon_run(client_folder, tmp_path_factory):
    folder, personal = client_folder
    out = tmp_path_factory.mktemp("anon")
    result = run_batch(
        folder, out, today=TODAY, secret=SECRET, xlsx=True, workers=2, progress=False
    )
    return result, out, personal


def _texts(out: Path) -> dict[str, str]:
    """Every output file as text (an xlsx as every part of its zip); every name is ASCII."""
    paths = list(out.rglob("*"))
    for path in paths:
        assert path.name.lower() == path.name.encode("ascii", "ignore").decode().lower()
    return output_texts(paths)


def test_all_reports_written(anon_run) -> None:
    result, out, _ = anon_run
    assert result.exit_code == 0, result.to_text()
    names = sorted(p.name for p in out.iterdir())
    assert "cohort.html" in names
    assert len([n for n in names if n.endswith(".html")]) == 3
    assert len([n for n in names if n.endswith(".report.xlsx")]) == 2
    assert all(n.startswith(("Client-", "cohort")) for n in names)
    # The key is written once, beside the anonymised folder, not in it.
    assert result.key == out.with_name(out.name + ".key.txt") and result.key.exists()
    assert "Key (pseudonym -> client" in result.to_text() and str(result.key) in result.to_text()


def test_no_personal_value_in_any_output_byte(anon_run) -> None:
    _, out, personal = anon_run
    texts = _texts(out)
    values = {v for group in personal.values() for v in group if len(v) >= 4}
    assert len(values) > 40
    for where, text in texts.items():
        lowered = text.casefold()
        # As a browser reads the page too: a note with & or quotes is escaped in the HTML.
        shown = html.unescape(text).casefold() if where.endswith(".html") else lowered
        for value in values:
            assert value.casefold() not in lowered, (where, value)
            assert value.casefold() not in shown, (where, value)
            escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            assert escaped.casefold() not in lowered, (where, value)


def test_no_email_or_phone_shape_in_any_output(anon_run) -> None:
    _, out, _ = anon_run
    for where, text in _texts(out).items():
        if where.endswith(".xml") and "docProps" not in where and "sharedStrings" not in where:
            continue  # xlsx structure parts hold numbers and styles only
        emails = [e for e in EMAIL.findall(text) if not e.endswith("example.invalid")]
        assert not emails, (where, emails[:3])
        if where.endswith(".html") or "sharedStrings" in where:
            assert not PHONE.findall(re.sub(r"<svg.*?</svg>", "", text, flags=re.S)), where


def test_workbook_metadata_is_neutral(anon_run) -> None:
    _, out, _ = anon_run
    for path in out.glob("*.xlsx"):
        with zipfile.ZipFile(path) as z:
            core = z.read("docProps/core.xml").decode()
        assert "<dc:creator>jobsearch-analytics</dc:creator>" in core
        title = "Cohort report" if path.name == "cohort.xlsx" else "Job search report"
        assert f"<dc:title>{title}</dc:title>" in core


def test_pseudonyms_are_keyed_not_plain_hashes(anon_run) -> None:
    _, out, personal = anon_run
    text = "".join(_texts(out).values())
    for company in personal["company"]:
        digest = hashlib.sha256(company.encode()).hexdigest()
        assert digest[:8] not in text and digest[:8].upper() not in text
    shown = [c for c in personal["company"] if Pseudonymizer(SECRET).token(c, "company") in text]
    assert shown  # companies appear (in next steps), as their keyed pseudonyms
    other = Pseudonymizer("another-secret-x")
    assert not [c for c in personal["company"] if other.token(c, "company") in text]


def test_same_secret_same_pseudonyms(client_folder) -> None:
    folder, _ = client_folder
    search = jsa.load(folder / "margaret-hollis.xlsx")
    a, who_a = anonymize(search, SECRET, client="margaret-hollis")
    b, who_b = anonymize(search, SECRET, client="margaret-hollis")
    c, who_c = anonymize(search, "a different secret", client="margaret-hollis")
    assert who_a == who_b != who_c
    pd.testing.assert_series_equal(a.applications["company"], b.applications["company"])
    assert not a.applications["company"].equals(c.applications["company"])
    # The same company keeps one pseudonym, so per-company counts survive.
    assert a.applications["company"].nunique() == search.applications["company"].nunique()


def test_numbers_do_not_change(client_folder) -> None:
    folder, _ = client_folder
    search = jsa.load(folder / "margaret-hollis.xlsx")
    anon, _ = anonymize(search, SECRET, client="margaret-hollis")
    plain = build_report(search, today=TODAY, charts=False).headline
    hidden = build_report(anon, today=TODAY, charts=False).headline
    for key in ("applications", "sent", "open", "rates", "median_days", "ghosting_day"):
        assert plain[key] == hidden[key], key
    skills = {s.key: s for s in build_report(anon, today=TODAY, charts=False).sections}
    gaps = next(t.frame for t in skills["after"].tables if t.name == "skill gaps")
    assert gaps["applications"].sum() >= 2 and gaps["skill"].str.startswith("skill-").all()


def test_refuses_without_a_secret(monkeypatch) -> None:
    monkeypatch.delenv("JSA_SECRET", raising=False)
    with pytest.raises(AnonymizationError, match="JSA_SECRET"):
        resolve_secret(None)
    with pytest.raises(AnonymizationError, match="too short"):
        resolve_secret("short")
    monkeypatch.setenv("JSA_SECRET", "from-the-environment")
    assert resolve_secret(None) == "from-the-environment"


def test_failed_tracker_names_are_hidden_too(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ingrid-bergstrom.xlsx").write_bytes(b"PK\x03\x04 broken zip")
    out = tmp_path / "out"
    result = run_batch(folder, out, today=TODAY, secret=SECRET, workers=1, progress=False)
    assert result.exit_code == 2
    text = (out / "cohort.html").read_text(encoding="utf-8").casefold()
    assert "ingrid" not in text and "bergstrom" not in text
    assert "client-" in text
