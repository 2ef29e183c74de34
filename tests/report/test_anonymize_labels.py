"""Anonymisation replaces the client's values and nothing else: an anonymised batch holds none
of the clients' companies, contact names, e-mails or phones, and every word, date and number
of the tool reads as in the plain report once the client's values are masked on both sides."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

import jobsearch_analytics as jsa
from jobsearch_analytics.report import anonymize, build_report, run_batch
from jobsearch_analytics.report.export import report_sheets

from .conftest import TODAY, output_texts

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
SECRET = "coach-secret-for-label-tests"
PERSONAL_FIELDS = ["company", "contact_name", "contact_email", "contact_phone", "url"]
#: Every pseudonym shape the anonymiser writes, and its placeholders.
PSEUDONYM = re.compile(
    r"\b(?:Company|Contact|Phone|Email|URL|Job|Status|Salary|Resume|Note|Merged|Client|File"
    r"|Text|Application|Skill)-[A-Z2-7]{6}\b|contact-[a-z2-7]{6}@example\.invalid"
    r"|\[(?:e-mail|link|phone)\]",
    re.IGNORECASE,
)


def _personal(search: jsa.JobSearch) -> dict[str, set[str]]:
    """The client's own values, collected from the loaded search (not from the anonymiser)."""
    apps = search.applications

    def values(column: str) -> set[str]:
        return {str(v).strip() for v in apps[column].dropna() if str(v).strip()}

    contacts = values("contact_name")
    out = {
        "company": values("company"),
        "contact": contacts | {p for n in contacts for p in n.split() if len(p) >= 4},
        "email": values("contact_email"),
        "phone": values("contact_phone"),
        "url": values("url"),
        "note": values("notes"),
    }
    # Phones also as the digits a message may repeat.
    out["phone"] |= {re.sub(r"\D", "", p) for p in out["phone"] if len(re.sub(r"\D", "", p)) >= 7}
    return out


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clients") / "in"
    shutil.copytree(SAMPLE / "clients", folder)
    shutil.copy(SAMPLE / "tracker.xlsx", folder / "jordan-lee.xlsx")
    out = folder.parent / "anonymised"
    result = run_batch(
        folder, out, today=TODAY, secret=SECRET, xlsx=True, workers=2, progress=False
    )
    personal: dict[str, set[str]] = {}
    for path in sorted(folder.iterdir()):
        for key, vals in _personal(jsa.load(path)).items():
            personal.setdefault(key, set()).update(vals)
    return result, out, personal


def test_batch_holds_no_company_name_email_or_phone(batch) -> None:
    result, out, personal = batch
    assert result.exit_code == 0, result.to_text()
    assert result.key is not None and result.key.parent == out.parent  # outside the folder
    assert len(personal["company"]) > 100 and len(personal["email"]) > 20
    assert len(personal["phone"]) > 20 and len(personal["contact"]) > 20
    texts = output_texts(out.iterdir())
    for kind in ("company", "contact", "email", "phone", "url"):
        found = [v for v in personal[kind] if len(v) >= 4]
        # Whole words: a first name "Ines" is not in "lines".
        pattern = re.compile(
            r"(?<!\w)(?:" + "|".join(map(re.escape, found)) + r")(?!\w)", re.IGNORECASE
        )
        for where, text in texts.items():
            hit = pattern.search(text)
            assert hit is None, (where, kind, hit and hit.group(0))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "svg")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "svg")

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.nodes.append(" ".join(data.split()))


def _html_nodes(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.nodes


def _sheet_nodes(report) -> list[str]:
    """Every text and cell of the workbook's sheets (the raw values' column left out: it holds
    the file's values, and is empty once anonymised)."""
    nodes = []
    for sheet in report_sheets(report):
        nodes += [sheet.heading, *sheet.lines, *sheet.notes]
        for table in sheet.tables:
            frame = table.frame.drop(columns=["Value as written"], errors="ignore")
            nodes += [table.title, *map(str, frame.columns)]
            nodes += [str(v) for v in frame.to_numpy().ravel() if not pd.isna(v)]
    return [" ".join(n.split()) for n in nodes if str(n).strip()]


def _mask_plain(nodes: list[str], values: set[str], sheets: set[str]) -> Counter:
    whole = {v.casefold() for v in values}
    long = sorted((v for v in values if len(v) >= 4), key=len, reverse=True)
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(v) for v in long) + r")(?!\w)", re.IGNORECASE
    )
    out = []
    for node in nodes:
        if node in sheets:  # a sheet's name alone (a cell of a 'sheet' column): left out
            continue
        if node.casefold() in whole:
            out.append("█")
            continue
        for s in sheets:
            node = node.replace(f"{s}!", "█!").replace(f"'{s}'", "'█'")
        out.append(re.sub("█+", "█", pattern.sub("█", node)))
    return Counter(out)


#: The one sentence only an anonymised report has.
ANONYMISED = " Anonymised: names, contacts and notes are replaced by pseudonyms."


def _mask_anonymised(nodes: list[str], sheets: set[str]) -> Counter:
    out = []
    for node in nodes:
        if node in sheets or re.fullmatch(r"Sheet\d+", node):  # as on the plain side
            continue
        node = node.replace(ANONYMISED, "")
        node = re.sub(r"\bSheet\d+!", "█!", re.sub(r"'Sheet\d+'", "'█'", node))
        out.append(re.sub("█+", "█", PSEUDONYM.sub("█", node)))
    return Counter(out)


def test_every_label_of_the_tool_reads_as_in_the_plain_report() -> None:
    search = jsa.load(SAMPLE / "tracker.xlsx")
    hidden, who = anonymize(search, SECRET, client="Jordan Lee", extra_values=("tracker.xlsx",))
    plain = build_report(search, today=TODAY, client="Jordan Lee", charts=False, since="2024-04-01")
    anon = build_report(hidden, today=TODAY, client=who, charts=False, since="2024-04-01",
                        anonymized=True)  # fmt: skip
    apps = search.applications
    values = {"Jordan Lee", "tracker.xlsx"}
    # The file's personal values and free text (a status such as "Ghosted" or a salary text
    # such as "Not listed" is the analysis' input, kept, and the tool's word too).
    for column in ("company", "contact_name", "contact_email", "contact_phone", "url", "notes"):
        values |= {str(v) for v in apps[column].dropna() if str(v).strip()}
    values |= {str(v) for v in apps["application_id"]}
    for gaps in apps["skill_gaps"].dropna():
        values |= {s.strip().lower() for s in re.split(r"[,;\n]+|\s+and\s+", gaps) if s.strip()}
    values |= {p for n in apps["contact_name"].dropna() for p in str(n).split() if len(p) >= 3}
    entries = search.report.entries
    personal_raw = entries["field"].isin(PERSONAL_FIELDS) & entries["raw"].notna()
    values |= {str(r) for r in entries.loc[personal_raw, "raw"]}
    sheets = {str(s) for s in search.report.sheets["sheet"].dropna() if str(s)}
    for made_plain, made_anon in (
        (_html_nodes(plain.to_html()), _html_nodes(anon.to_html())),
        (_sheet_nodes(plain), _sheet_nodes(anon)),
    ):
        a, b = _mask_plain(made_plain, values, sheets), _mask_anonymised(made_anon, sheets)
        only_plain, only_anon = a - b, b - a
        # Line by line, the two differ in nothing but the client's values.
        assert not only_plain and not only_anon, (list(only_plain)[:8], list(only_anon)[:8])


def test_the_old_garbling_is_gone() -> None:
    """The tool's own words that regular expressions used to eat: a header containing a
    status ("Date Applied"), a date after "read as", hours a year."""
    search = jsa.load(SAMPLE / "tracker.xlsx")
    hidden, _ = anonymize(search, SECRET, client="Jordan Lee")
    entries = hidden.report.entries
    text = " ".join(entries["column"].dropna().astype(str)) + " ".join(
        entries["action"].dropna().astype(str)
    )
    assert "Date Applied" in set(entries["column"].dropna())
    assert "Status-" not in " ".join(entries["column"].dropna().astype(str))
    assert re.search(r"read as 20\d\d-\d\d-\d\d", text)
    assert "[phone]" not in text
    assert hidden.report.mapping["source_column"].tolist() == (
        search.report.mapping["source_column"].tolist()
    )


def test_cli_prints_the_key_once_outside_the_folder(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = tmp_path / "clients"
    folder.mkdir()
    shutil.copy(SAMPLE / "clients" / "bruno.xlsx", folder / "bruno.xlsx")
    out = tmp_path / "anon"
    res = subprocess.run(
        [sys.executable, "-m", "jobsearch_analytics.cli", "report", str(folder), "-o", str(out),
         "--anonymize", "--secret", SECRET, "--today", TODAY, "--no-charts", "--workers", "1"],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    key = tmp_path / "anon.key.txt"
    assert f"Key (pseudonym -> client, keep it private): {key}" in res.stdout
    lines = key.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and lines[1].endswith("bruno.xlsx")
    assert not list(out.glob("*.key*"))
    assert not [p for p in out.iterdir() if "bruno" in p.name.casefold()]
