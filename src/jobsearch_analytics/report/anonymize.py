"""Pseudonymise a search before its report leaves the coach.

Companies, contact names, e-mails, phone numbers, URLs, job ids, free text (notes, skill gaps,
status text, salary text, resume names, event notes, every extra column), file, sheet and client
names are replaced by stable pseudonyms: ``Company-K3M9QX`` is the same company in every
report made with the same secret, and nobody without the secret can tell which. The pseudonym
is a keyed hash (HMAC-SHA256 with the coach's secret), never a plain hash: a plain hash of a
company name is reversed by hashing a list of company names.

What is kept: role titles, locations, sources, dates, stages, outcomes, channels, salary
figures and currencies, because the analysis is about them. Known personal values are also
scrubbed out of those kept texts (a role "Analyst at Acme" becomes "Analyst at Company-..."),
and so are e-mail addresses, URLs and phone numbers written in them.

The load report's messages are the tool's own words around values from the file ("name kept
as 'Jordan Lee'", "read as 2024-01-11"): there, only the client's own values are replaced, by
lookup (every personal value of the search, and each entry's own cell value), never by the
shape of a phone number or a quoted word -- so the tool's labels, dates and numbers read as in
the plain report.

Skill gaps are pseudonymised skill by skill, so that recurring gaps still count together.

Examples
--------
>>> p = Pseudonymizer("coach secret")
>>> p.token("Acme Corp", "company") == p.token("  acme corp ", "company")
True
>>> p.token("Acme Corp", "company").startswith("Company-")
True
>>> Pseudonymizer("other").token("Acme Corp", "company") == p.token("Acme Corp", "company")
False
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from jobsearch_analytics.model import APPLICATION_COLUMNS, JobSearch, empty_contacts

__all__ = [
    "KEY_SUFFIX",
    "SECRET_ENV",
    "AnonymizationError",
    "Pseudonymizer",
    "anonymize",
    "key_path",
    "resolve_secret",
    "scrub_text",
    "write_key",
]

#: Environment variable read when no secret is passed.
SECRET_ENV = "JSA_SECRET"

#: Application columns replaced by pseudonyms, and the label of each pseudonym.
PSEUDONYMISED: dict[str, str] = {
    "company": "Company",
    "contact_name": "Contact",
    "contact_email": "Email",
    "contact_phone": "Phone",
    "url": "URL",
    "job_id": "Job",
    "status_raw": "Status",
    "salary_text": "Salary",
    "resume_version": "Resume",
    "notes": "Note",
    "merged_from": "Merged",
}
#: Kept for the analysis, but scrubbed of known personal values and of e-mails, phones, URLs.
SCRUBBED: tuple[str, ...] = ("role", "location", "source")

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|ftp://|www\.)\S+", re.IGNORECASE)
# Digits with the usual separators; a phone when it holds 9 or more digits (a date such as
# 2024-01-11 or a range such as 2024-2025 holds 8).
_PHONE = re.compile(r"\+?\(?\d[\d\s().-]{5,}\d")
#: Application columns whose values are looked up in other texts (the personal ones; a status
#: "Applied" or a job id "12345" is pseudonymised in its own column but not hunted elsewhere,
#: where the same word or number is the tool's own).
LOOKED_UP: tuple[str, ...] = (
    "company",
    "contact_name",
    "contact_email",
    "contact_phone",
    "url",
    "notes",
)
#: Load-report fields whose raw cell values are personal: their pieces (a first name, an
#: e-mail inside a contact cell) are looked up too.
_PERSONAL_FIELDS = frozenset({"company", "contact_name", "contact_email", "contact_phone", "url"})
#: Ending of the key file (pseudonym -> client), written beside the anonymised output.
KEY_SUFFIX = ".key.txt"
_SKILL_SPLIT = re.compile(r"\s*(?:[,;\n\r]+|\s+and\s+)\s*", re.IGNORECASE)


class AnonymizationError(ValueError):
    """Anonymisation cannot run (no secret). The message says what to do."""


def resolve_secret(secret: str | None) -> str:
    """The secret to use: ``secret``, else the environment variable :data:`SECRET_ENV`.

    Raises
    ------
    AnonymizationError
        When neither is set (or the secret is shorter than 8 characters).

    Examples
    --------
    >>> resolve_secret("a long enough secret")
    'a long enough secret'
    """
    value = secret if secret is not None else os.environ.get(SECRET_ENV)
    if not value:
        raise AnonymizationError(
            "anonymising needs a secret: pass --secret TEXT or set the environment variable "
            f"{SECRET_ENV}. Keep it private and reuse it, so that the same company gets the "
            "same pseudonym in every report"
        )
    if len(value) < 8:
        raise AnonymizationError(
            "the anonymisation secret is too short (fewer than 8 characters): a short secret "
            "can be guessed, and with it every pseudonym reversed. Use a longer one"
        )
    return value


def _normal(value: str) -> str:
    return re.sub(r"\s+", " ", str(value)).strip().casefold()


class Pseudonymizer:
    """Stable pseudonyms from HMAC-SHA256 keyed with a secret.

    Parameters
    ----------
    secret : str or bytes
        The coach's secret.

    Examples
    --------
    >>> p = Pseudonymizer("s3cret-s3cret")
    >>> p.token("ana@example.com", "contact_email").endswith("@example.invalid")
    True
    """

    def __init__(self, secret: str | bytes) -> None:
        self._key = secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)

    def code(self, value: str, kind: str, length: int = 6) -> str:
        """The keyed code of ``value`` within ``kind`` (case and spacing do not matter)."""
        digest = hmac.new(
            self._key, f"{kind}\x00{_normal(value)}".encode(), hashlib.sha256
        ).digest()
        return base64.b32encode(digest).decode("ascii")[:length]

    def token(self, value: str, kind: str) -> str:
        """The pseudonym of ``value``: ``'<Label>-<code>'`` (an e-mail keeps an e-mail's shape).

        ``kind`` is a column name of :data:`PSEUDONYMISED`, ``'client'``, ``'file'``,
        ``'sheet'``, ``'skill'``, ``'text'``, or any other label.
        """
        label = PSEUDONYMISED.get(kind, kind.capitalize())
        code = self.code(value, kind)
        if kind == "contact_email":
            return f"contact-{code.lower()}@example.invalid"
        return f"{label}-{code}"


def _phone(match: re.Match[str]) -> str:
    digits = sum(ch.isdigit() for ch in match.group(0))
    return "[phone]" if digits >= 9 else match.group(0)


def scrub_text(
    text: Any, known: dict[str, str], pattern: re.Pattern[str] | None, *, shapes: bool = True
) -> Any:
    """Replace known personal values (``known``: lower-cased value -> pseudonym, matched by
    ``pattern``) in one text; with ``shapes`` (a value from the file) also any e-mail, URL or
    phone number (9 digits or more) written in it.

    ``shapes=False`` is for the tool's own messages: only the looked-up values go.

    Examples
    --------
    >>> known = {"acme": "Company-X"}
    >>> pat = _known_pattern(known)
    >>> scrub_text("Analyst at ACME, call +1 (312) 555-0107 or a@b.com", known, pat)
    'Analyst at Company-X, call [phone] or [e-mail]'
    >>> scrub_text("Acme: read as 2024-01-11 (45 × 2080 h)", known, pat, shapes=False)
    'Company-X: read as 2024-01-11 (45 × 2080 h)'
    """
    if not isinstance(text, str) or not text:
        return text
    out = pattern.sub(lambda m: known[m.group(0).casefold()], text) if pattern else text
    if not shapes:
        return out
    out = _EMAIL.sub("[e-mail]", out)
    out = _URL.sub("[link]", out)
    return _PHONE.sub(_phone, out)


def _known_pattern(known: dict[str, str]) -> re.Pattern[str] | None:
    values = sorted((k for k in known if len(k) >= 3), key=len, reverse=True)
    if not values:
        return None
    # Whole words only: a company called "Box" must not eat the "box" of "Inbox".
    alternatives = "|".join(re.escape(v) for v in values)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _strings(series: pd.Series) -> list[str]:
    return [str(v) for v in series.dropna().unique() if str(v).strip()]


def anonymize(
    search: JobSearch,
    secret: str | bytes,
    *,
    client: str | None = None,
    extra_values: Iterable[str] = (),
) -> tuple[JobSearch, str]:
    """A copy of ``search`` with personal values replaced by pseudonyms (see the module notes).

    Parameters
    ----------
    search : JobSearch
        The loaded search; not modified.
    secret : str or bytes
        The coach's secret (see :func:`resolve_secret`).
    client : str, optional
        The client's name (or file name); its pseudonym is returned and it is scrubbed from
        every text.
    extra_values : iterable of str
        More values to scrub wherever they appear (the input file name, say).

    Returns
    -------
    (JobSearch, str)
        The anonymised search (contacts dropped; load report keeps cells and counts, with
        values and names replaced) and the client's pseudonym (``'Client-...'``).

    Examples
    --------
    >>> import pandas as pd
    >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["Ana#2"],
    ...     "company": ["Acme"], "role": ["Analyst at Acme"], "notes": ["call Bo at 555-0107-22"],
    ...     "stage": ["applied"]}))
    >>> a, who = anonymize(s, "a long secret", client="Ana")
    >>> a.applications.loc[0, "role"].startswith("Analyst at Company-"), who.startswith("Client-")
    (True, True)
    >>> "Acme" in str(a.applications.to_dict()), "Ana#2" in str(a.applications.to_dict())
    (False, False)
    """
    p = Pseudonymizer(secret)
    who = p.token(client, "client") if client else p.token("client", "client")
    sheets = sorted(
        {*_strings(search.applications["sheet"]), *_strings(search.report.sheets["sheet"])}
    )
    sheet_names = {s: f"Sheet{i + 1}" for i, s in enumerate(sheets)}
    known = _known_values(search, p, who, client, extra_values, sheet_names)
    pattern = _known_pattern(known)
    ids = {
        v: p.token(v, "application")
        for v in [
            *_strings(search.applications["application_id"]),
            *_strings(search.events["application_id"]),
        ]
    }
    apps = _anonymize_applications(search.applications, p, known, pattern, ids, who, sheet_names)
    events = _anonymize_events(search.events, p, ids, sheet_names)
    # In the tool's messages a sheet's name is looked up only where quoted, as written: the
    # word "lists" in "the name 'Lists' says lists" is the tool's.
    pseudo_sheets = set(sheet_names.values())
    in_messages = {k: v for k, v in known.items() if v not in pseudo_sheets}
    report = _anonymize_report(
        search.report, p, in_messages, _known_pattern(in_messages), sheet_names
    )
    return JobSearch(apps, events, report, empty_contacts(), search.fields), who


def _known_values(
    search: JobSearch,
    p: Pseudonymizer,
    who: str,
    client: str | None,
    extra_values: Iterable[str],
    sheet_names: dict[str, str],
) -> dict[str, str]:
    """Every personal value to scrub out of kept texts (normalised value -> its pseudonym):
    pseudonymised cells, extra columns, event notes, file and sheet names, the client, and
    contacts' first and last names."""
    apps, events = search.applications, search.events
    known: dict[str, str] = {}

    def remember(values: Iterable[str], kind: str) -> None:
        for v in values:
            key = _normal(v)
            if key and key not in known:
                known[key] = p.token(v, kind)

    for col in LOOKED_UP:
        if col in apps.columns:
            remember(_strings(apps[col]), col)
    # A contact's cell as the loader split it, and a phone as digits only: the forms a message
    # may repeat.
    for phone in _strings(apps["contact_phone"]):
        digits = re.sub(r"\D", "", phone)
        if len(digits) >= 7:
            known.setdefault(digits, p.token(phone, "contact_phone"))
    for row in search.report.entries.itertuples():
        if row.field in _PERSONAL_FIELDS and isinstance(row.raw, str) and row.raw.strip():
            remember([row.raw], str(row.field))
            for piece in _pieces(row.raw):
                known.setdefault(_normal(piece), p.token(piece, str(row.field)))
    for col in _extra_columns(apps):
        remember(_strings(apps[col].astype("object")), "text")
    remember(_strings(events["note"]), "text")
    files = sorted(
        {*_strings(apps["source_file"]), *_strings(events["source_file"])}
        | set(_strings(search.report.files["file"]))
    )
    for f in files:
        known[_normal(f)] = p.token(f, "file")
        stem = f.rsplit(".", 1)[0]
        if len(stem) >= 3:
            known.setdefault(_normal(stem), who if client else p.token(stem, "file"))
    if client:
        known[_normal(client)] = who
    for v in extra_values:
        if _normal(v):
            known[_normal(v)] = who
    # Contacts' first and last names on their own, so "Dear Jordan" in a note goes too.
    for name in _strings(apps["contact_name"]):
        for part in re.split(r"[\s,]+", name):
            if len(part) >= 3 and _normal(part) not in known:
                known[_normal(part)] = p.token(name, "contact_name")
    # A sheet named after the client must not survive inside a note either.
    for s, pseudonym in sheet_names.items():
        if _normal(s) not in known and len(s) >= 3 and s not in _GENERIC_SHEETS:
            known[_normal(s)] = pseudonym
    return known


_PIECES = re.compile(r"[^\s,;<>()\[\]\"]+")


def _pieces(raw: str) -> list[str]:
    """The parts of a personal cell worth looking up on their own: e-mails, URLs and runs of
    7 digits or more (names are looked up from the contact names the loader kept)."""
    out = []
    for piece in _PIECES.findall(raw):
        piece = piece.strip(".:'")
        if "@" in piece or _URL.match(piece) or len(re.sub(r"\D", "", piece)) >= 7:
            out.append(piece)
    return out


def _extra_columns(apps: pd.DataFrame) -> list[str]:
    return [c for c in apps.columns if c not in APPLICATION_COLUMNS]


def _anonymize_applications(
    apps: pd.DataFrame,
    p: Pseudonymizer,
    known: dict[str, str],
    pattern: re.Pattern[str] | None,
    ids: dict[str, str],
    who: str,
    sheet_names: dict[str, str],
) -> pd.DataFrame:
    """The applications with pseudonyms, scrubbed kept texts and renamed ids, files, sheets."""

    def token_col(series: pd.Series, kind: str) -> pd.Series:
        return series.map(lambda v: v if pd.isna(v) else p.token(str(v), kind)).astype(
            series.dtype if series.dtype == "str" else "object"
        )

    new_apps = apps.copy()
    for col in PSEUDONYMISED:
        if col in new_apps.columns and col != "merged_from":
            new_apps[col] = token_col(new_apps[col], col)
    if "skill_gaps" in new_apps.columns:
        new_apps["skill_gaps"] = new_apps["skill_gaps"].map(
            lambda v: v if pd.isna(v) else _skills(p, str(v))
        )
    for col in SCRUBBED:
        new_apps[col] = (
            apps[col]
            .map(lambda v: v if pd.isna(v) else scrub_text(str(v), known, pattern))
            .astype(apps[col].dtype)
        )
    for col in _extra_columns(apps):
        new_apps[col] = apps[col].map(lambda v: v if pd.isna(v) else p.token(str(v), "text"))
    new_apps["application_id"] = (
        apps["application_id"].map(ids).astype(apps["application_id"].dtype)
    )
    new_apps["merged_from"] = apps["merged_from"].map(
        lambda v: v if pd.isna(v) else "; ".join(ids.get(x, "?") for x in str(v).split("; "))
    )
    new_apps["client"] = apps["client"].map(lambda v: v if pd.isna(v) else who)
    new_apps["source_file"] = apps["source_file"].map(
        lambda v: v if pd.isna(v) else p.token(str(v), "file")
    )
    new_apps["sheet"] = apps["sheet"].map(lambda v: sheet_names.get(v, v))
    for col in ("merged_from", "client", "source_file", "sheet"):
        new_apps[col] = new_apps[col].astype(apps[col].dtype)
    return new_apps


def _anonymize_events(
    events: pd.DataFrame, p: Pseudonymizer, ids: dict[str, str], sheet_names: dict[str, str]
) -> pd.DataFrame:
    """The events with renamed ids, files and sheets, and their notes as pseudonyms."""
    new_events = events.copy()
    new_events["application_id"] = (
        events["application_id"].map(ids).astype(events["application_id"].dtype)
    )
    new_events["note"] = (
        events["note"]
        .map(lambda v: v if pd.isna(v) else p.token(str(v), "text"))
        .astype(events["note"].dtype)
    )
    new_events["source_file"] = (
        events["source_file"]
        .map(lambda v: v if pd.isna(v) else p.token(str(v), "file"))
        .astype(events["source_file"].dtype)
    )
    new_events["sheet"] = (
        events["sheet"].map(lambda v: sheet_names.get(v, v)).astype(events["sheet"].dtype)
    )
    new_events["cell"] = [
        _resheet(c, s, sheet_names) for c, s in zip(events["cell"], events["sheet"], strict=True)
    ]
    new_events["cell"] = new_events["cell"].astype(events["cell"].dtype)
    return new_events


_GENERIC_SHEETS = frozenset({"Sheet1", "Sheet2", "Sheet3", "Applications", "Jobs", "Tracker"})


def _skills(p: Pseudonymizer, text: str) -> str:
    pieces = [s.strip().lstrip("-*•· ").rstrip(". ") for s in _SKILL_SPLIT.split(text)]
    return "; ".join(p.token(s.lower(), "skill") for s in pieces if s)


def _resheet(cell: Any, sheet: Any, names: dict[str, str]) -> Any:
    if not isinstance(cell, str) or not isinstance(sheet, str) or not sheet:
        return cell
    local = cell.rsplit("!", 1)[-1]
    return f"{names.get(sheet, 'Sheet')}!{local}"


#: Load-report fields whose cell values, quoted in their entry's own message, are the
#: client's words (the personal ones, notes, and columns kept as they are).
_QUOTED_FIELDS = _PERSONAL_FIELDS | {"notes", "skill_gaps", "job_id", "resume_version"}


def _own_value(text: Any, raw: Any, field: Any, p: Pseudonymizer) -> Any:
    """An entry's message with its own cell value, where quoted, replaced by a pseudonym."""
    if not isinstance(text, str) or not isinstance(raw, str) or len(raw.strip()) < 3:
        return text
    if isinstance(field, str) and field not in _QUOTED_FIELDS:
        return text
    return text.replace(f"'{raw}'", f"'{p.token(raw, 'text')}'")


def _anonymize_report(
    report: Any,
    p: Pseudonymizer,
    known: dict[str, str],
    pattern: re.Pattern[str] | None,
    sheet_names: dict[str, str],
) -> Any:
    from jobsearch_analytics.io.report import LoadReport

    def scrub(v: Any) -> Any:
        # The tool's own words around the file's values: only looked-up values are replaced.
        if not isinstance(v, str):
            return v
        for sheet, pseudonym in sheet_names.items():
            v = v.replace(f"'{sheet}'", f"'{pseudonym}'")
        return scrub_text(v, known, pattern, shapes=False)

    def file_of(v: Any) -> Any:
        return p.token(str(v), "file") if isinstance(v, str) and v else v

    def fix(frame: pd.DataFrame, text_cols: tuple[str, ...]) -> pd.DataFrame:
        out = frame.copy()
        if "file" in out.columns:
            out["file"] = out["file"].map(file_of).astype(frame["file"].dtype)
        if "cell" in out.columns and "sheet" in out.columns:
            out["cell"] = [
                _resheet(c, s, sheet_names) for c, s in zip(out["cell"], out["sheet"], strict=True)
            ]
            out["cell"] = out["cell"].astype(frame["cell"].dtype)
        if "sheet" in out.columns:
            out["sheet"] = (
                out["sheet"].map(lambda s: sheet_names.get(s, s)).astype(frame["sheet"].dtype)
            )
        for col in text_cols:
            out[col] = out[col].map(scrub).astype(frame[col].dtype)
        return out

    entries = report.entries.copy()
    for col in ("problem", "action"):
        entries[col] = pd.Series(
            [
                _own_value(t, r, f, p)
                for t, r, f in zip(entries[col], entries["raw"], entries["field"], strict=True)
            ],
            index=entries.index,
        ).astype(report.entries[col].dtype)
    entries = fix(entries, ("column", "problem", "action"))
    entries["raw"] = pd.Series([pd.NA] * len(entries), dtype=report.entries["raw"].dtype)
    return LoadReport(
        entries=entries,
        mapping=fix(report.mapping, ("source_column",)),
        sheets=fix(report.sheets, ("reason",)),
        files=fix(report.files, ("error",)),
    )


def key_path(output: str | os.PathLike[str]) -> Path:
    """Where the key of an anonymised output goes: beside it, outside it
    (``reports/`` -> ``reports.key.txt``; ``r.html`` -> ``r.key.txt``).

    Examples
    --------
    >>> key_path("out/clients").as_posix(), key_path("out/r.html").as_posix()
    ('out/clients.key.txt', 'out/r.key.txt')
    """
    path = Path(output)
    stem = path.name if path.suffix.lower() not in (".html", ".htm") else path.stem
    return path.with_name(stem + KEY_SUFFIX)


def write_key(
    pairs: Iterable[tuple[str, str]],
    output: str | os.PathLike[str],
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
) -> Path:
    """Write the key of an anonymised output once: one line per pseudonym and the client's
    tracker, beside the output and never inside it (:func:`key_path`), so the anonymised
    folder can be sent as it is.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> print(write_key([("Client-AB12CD", "in/ana.xlsx")], d / "out").read_text())
    # Pseudonym -> client tracker. Private: do not send it with the reports.
    Client-AB12CD = in/ana.xlsx
    <BLANKLINE>
    """
    from jobsearch_analytics.io.writers import write_text

    lines = ["# Pseudonym -> client tracker. Private: do not send it with the reports."]
    lines += [f"{pseudonym} = {source}" for pseudonym, source in pairs]
    return write_text("\n".join(lines) + "\n", key_path(output), inputs=inputs)
