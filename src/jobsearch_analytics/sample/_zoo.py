"""A layout zoo: many small trackers, each in a layout real people keep, with its planted truth.

:func:`write_zoo` writes every layout of :data:`LAYOUTS` with real writers (openpyxl xlsx,
odfpy ods through pandas, csv in several encodings and delimiters) and, beside each file,
``<file>.truth.json``: the layout's name and failure classes, and per application what the
file says -- company and role (or its position in the file when there is no company column),
the application date, the furthest stage, the outcome and the key dates. :func:`score_zoo`
loads each file with :func:`jobsearch_analytics.load` as a new user would (no options) and
compares. ``python -m jobsearch_analytics.sample zoo OUTDIR`` writes the zoo.

The truth is what the **file** holds, not what happened: a status-only tracker whose row says
"Rejected" proves the application was sent and rejected, not that an interview came first;
a file without a status column leaves the outcome unknown (``null``); a ``Last Update`` column
dates an edit, not a reply (``"response": null``: no dated reply may be read from it).

Each application's ``dates`` lists only the kinds the file dates (or rules out):
``response`` (the first reply of any kind), ``interview`` (the first), ``offer``, ``rejection``
-- a date, or ``null`` when the file holds no such event (for ``response``: no dated reply).

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> files = write_zoo(d)
>>> len(files) >= 40, files[0].name
(True, 'basic.xlsx')
>>> score_layout(files[0]).ok
True
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["LAYOUTS", "LayoutScore", "ZooLayout", "score_layout", "score_zoo", "write_zoo"]

_START = dt.date(2024, 2, 5)

_COMPANIES = (
    "Acme Robotics", "Globex", "Initech", "Umbrella Labs", "Hooli", "Stark Industries",
    "Wayne Analytics", "Soylent Foods", "Cyberdyne", "Tyrell Corp", "Wonka Data", "Vandelay",
    "Massive Dynamic", "Aperture Science", "Oscorp", "Pied Piper", "Dunder Mifflin", "Gringotts",
    "Nakatomi Trading", "Monarch Solutions", "Black Mesa", "Prestige Worldwide", "Sirius Cyber",
    "Zorg Industries", "Virtucon", "Octan Energy", "Blue Sun", "Weyland Systems",
)  # fmt: skip
_ROLES = (
    "Data Analyst", "Data Engineer", "Product Analyst", "BI Developer", "ML Engineer",
    "Analytics Engineer", "Backend Developer", "Data Scientist",
)  # fmt: skip

#: (stage, outcome) of the applications of most layouts: every common path once.
_PLAN = (
    ("applied", "open"),
    ("applied", "rejected"),
    ("screen", "open"),
    ("interview", "rejected"),
    ("interview", "open"),
    ("offer", "open"),
    ("applied", "rejected"),
    ("applied", "open"),
)
_ORDER = ("saved", "applied", "screen", "interview", "offer", "accepted")


@dataclass(frozen=True)
class App:
    """One true application (dates ``None`` when it never got that far)."""

    company: str
    role: str
    applied: dt.date
    stage: str
    outcome: str
    response: dt.date | None
    interview: dt.date | None
    offer: dt.date | None
    rejection: dt.date | None

    def reached(self, stage: str) -> bool:
        return _ORDER.index(self.stage) >= _ORDER.index(stage)


def _apps(rng: random.Random, plan: Sequence[tuple[str, str]] = _PLAN) -> list[App]:
    companies = rng.sample(_COMPANIES, len(plan))
    out = []
    day = _START + dt.timedelta(days=rng.randint(0, 6))
    for (stage, outcome), company in zip(plan, companies, strict=True):
        day += dt.timedelta(days=rng.randint(2, 5))
        replied = stage != "applied" or outcome == "rejected"
        response = day + dt.timedelta(days=rng.randint(3, 9)) if replied else None
        interview = (
            response + dt.timedelta(days=rng.randint(4, 8))
            if response and _ORDER.index(stage) >= 3
            else None
        )
        offer = (
            interview + dt.timedelta(days=rng.randint(6, 12))
            if interview
            and stage
            in (
                "offer",
                "accepted",
            )
            else None
        )
        last = offer or interview or response
        rejection = None
        if outcome == "rejected":
            rejection = response if stage == "applied" else last + dt.timedelta(rng.randint(2, 7))
        out.append(
            App(
                company,
                rng.choice(_ROLES),
                day,
                stage,
                outcome,
                response,
                interview,
                offer,
                rejection,
            )
        )
    return out


# -- what a file says ------------------------------------------------------------------------


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _truth(
    app: App,
    *,
    stage: str | None = None,
    outcome: str | None = "same",
    dates: dict[str, dt.date | None] | None = None,
    company: bool = True,
    applied: bool = True,
) -> dict[str, Any]:
    return {
        "company": app.company if company else None,
        "role": app.role if company else None,
        "date_applied": _iso(app.applied) if applied else None,
        "stage": stage or app.stage,
        "outcome": app.outcome if outcome == "same" else outcome,
        "dates": {k: _iso(v) for k, v in (dates or {}).items()},
    }


def _status_only(app: App) -> dict[str, Any]:
    """A status column alone: a rejection proves only that the application was sent."""
    return _truth(app, stage="applied" if app.outcome == "rejected" else app.stage)


_EN = {
    ("applied", "open"): "Applied",
    ("screen", "open"): "Phone Screen",
    ("interview", "open"): "Interviewing",
    ("offer", "open"): "Offer",
    ("accepted", "accepted"): "Accepted",
}


def _en(app: App) -> str:
    return "Rejected" if app.outcome == "rejected" else _EN[(app.stage, app.outcome)]


def _us(d: dt.date | None) -> str | None:
    return f"{d.month:02d}/{d.day:02d}/{d.year}" if d else None


def _de(d: dt.date | None) -> str | None:
    return f"{d.day:02d}.{d.month:02d}.{d.year}" if d else None


# -- the layouts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Book:
    """What a layout writes: sheets of rows (``merges``: xlsx ranges), and its truth."""

    sheets: list[tuple[str, list[list[Any]]]]
    truth: list[dict[str, Any]]
    merges: tuple[str, ...] = ()
    saved: int = 0


@dataclass(frozen=True)
class ZooLayout:
    """One layout: its file name, the classes of #12 it belongs to, and how it is written
    (``fmt``: xlsx, ods or csv; ``encoding``/``delimiter`` for csv)."""

    name: str
    file: str
    classes: tuple[str, ...]
    build: Callable[[random.Random], Book]
    encoding: str = "utf-8"
    delimiter: str = ","
    writer: str = "openpyxl"  # or "xlsxwriter" (shared strings, another writer's dialect)

    @property
    def fmt(self) -> str:
        return Path(self.file).suffix.lstrip(".")


def _table(header: list[str], apps: list[App], cells: Callable[[App], list[Any]]) -> list[list]:
    return [header, *(cells(a) for a in apps)]


def _basic(rng: random.Random) -> Book:
    apps = _apps(rng)
    rows = _table(
        ["Company", "Position", "Date Applied", "Status"],
        apps,
        lambda a: [a.company, a.role, a.applied, _en(a)],
    )
    return Book([("Applications", rows)], [_status_only(a) for a in apps])


def _basic_csv(date: Callable[[dt.date | None], Any]) -> Callable[[random.Random], Book]:
    def build(rng: random.Random) -> Book:
        apps = _apps(rng)
        rows = _table(
            ["Company", "Job Title", "Date Applied", "Response Date", "Status"],
            apps,
            lambda a: [a.company, a.role, date(a.applied), date(a.response), _en(a)],
        )
        truth = [{**_status_only(a), "dates": {"response": _iso(a.response)}} for a in apps]
        return Book([("", rows)], truth)

    return build


def _title_merged(rng: random.Random) -> Book:
    apps = _apps(rng)
    rows: list[list[Any]] = [
        ["My job search 2024", None, None, None, None],
        ["Applications", None, None, "Outcome", None],
        [None] * 5,
        ["Company", "Role", "Applied On", "Status", "Notes"],
    ]
    rows += [[a.company, a.role, a.applied, _en(a), rng.choice(["", "via referral"])] for a in apps]
    return Book([("Tracker", rows)], [_status_only(a) for a in apps], ("A1:E1", "A2:C2", "D2:E2"))


def _notes_rows(rng: random.Random) -> Book:
    apps = _apps(rng)
    rows: list[list[Any]] = [["Company", "Position", "Date Applied", "Status"]]
    for i, a in enumerate(apps):
        if i % 3 == 0:
            rows.append([f"--- week of {a.applied:%d %b} ---", None, None, None])
        rows.append([a.company, a.role, a.applied, _en(a)])
    rows.append([f"Total: {len(apps)} applications", None, None, None])
    return Book([("Jobs", rows)], [_status_only(a) for a in apps])


_LANG = {
    # headers: company, role, date applied, status; words: applied, interview, offer, rejected
    "fr": (("Entreprise", "Poste", "Date de candidature", "Statut"),
           ("Candidature envoyée", "Entretien", "Offre", "Refusé")),
    "es": (("Empresa", "Puesto", "Fecha de solicitud", "Estado"),
           ("Enviada", "Entrevista", "Oferta", "Rechazado")),
    "de": (("Firma", "Stelle", "Beworben am", "Status"),
           ("Beworben", "Vorstellungsgespräch", "Angebot", "Absage")),
    "zh": (("公司", "职位", "投递时间", "状态"), ("已投递", "面试", "录用", "已拒绝")),
    "tr": (("Şirket", "Pozisyon", "Başvuru Tarihi", "Durum"),
           ("Başvuruldu", "Mülakat", "Teklif", "Reddedildi")),
    "pl": (("Firma", "Stanowisko", "Data aplikacji", "Status"),
           ("Wysłano", "Rozmowa", "Oferta", "Odrzucono")),
    "it": (("Azienda", "Ruolo", "Data candidatura", "Stato"),
           ("Inviata", "Colloquio", "Offerta", "Rifiutato")),
    "pt": (("Empresa", "Cargo", "Data da candidatura", "Situação"),
           ("Enviado", "Entrevista", "Oferta", "Rejeitado")),
    "nl": (("Bedrijf", "Functie", "Sollicitatiedatum", "Status"),
           ("Gesolliciteerd", "Gesprek", "Aanbod", "Afgewezen")),
    "ja": (("会社名", "職種", "応募日", "ステータス"), ("応募済み", "面接", "内定", "不採用")),
    "ko": (("회사", "직무", "지원일", "상태"), ("지원완료", "면접", "합격", "불합격")),
    "ru": (("Компания", "Должность", "Дата отклика", "Статус"),
           ("Отклик отправлен", "Собеседование", "Оффер", "Отказ")),
}  # fmt: skip
_LANG_PLAN = (
    ("applied", "open"),
    ("applied", "rejected"),
    ("interview", "open"),
    ("interview", "rejected"),
    ("offer", "open"),
    ("applied", "open"),
    ("applied", "rejected"),
)


def _language(lang: str, *, text_dates: bool = False) -> Callable[[random.Random], Book]:
    headers, (applied, interview, offer, rejected) = _LANG[lang]
    word = {"applied": applied, "interview": interview, "offer": offer}

    def build(rng: random.Random) -> Book:
        apps = _apps(rng, _LANG_PLAN)
        rows = _table(
            list(headers),
            apps,
            lambda a: [
                a.company,
                a.role,
                _de(a.applied) if text_dates else a.applied,
                rejected if a.outcome == "rejected" else word[a.stage],
            ],
        )
        return Book([("", rows) if text_dates else (lang, rows)], [_status_only(a) for a in apps])

    return build


def _chinese_channel(rng: random.Random) -> Book:
    """投递渠道 (channel, words) holds "投递" as 投递时间 (the date) does."""
    apps = _apps(rng, _LANG_PLAN)
    _, (applied, interview, offer, rejected) = _LANG["zh"]
    word = {"applied": applied, "interview": interview, "offer": offer}
    rows = _table(
        ["公司", "职位", "投递渠道", "投递时间", "状态"],
        apps,
        lambda a: [
            a.company,
            a.role,
            rng.choice(["官网", "BOSS直聘", "内推", "猎聘"]),
            a.applied,
            rejected if a.outcome == "rejected" else word[a.stage],
        ],
    )
    return Book([("投递记录", rows)], [_status_only(a) for a in apps])


def _word_column(header: str, values: Sequence[str]) -> Callable[[random.Random], Book]:
    """A column of words whose header a header rule reads as a date or an event."""

    def build(rng: random.Random) -> Book:
        apps = _apps(rng)
        rows = _table(
            ["Company", "Role", header, "Date Applied", "Status"],
            apps,
            lambda a: [a.company, a.role, rng.choice(values), a.applied, _en(a)],
        )
        return Book([("Applications", rows)], [_status_only(a) for a in apps])

    return build


def _rejection_reason(rng: random.Random) -> Book:
    apps = _apps(rng)
    reasons = ("Position filled", "More experience needed", "Went with internal candidate")
    rows = _table(
        ["Company", "Role", "Date Applied", "Status", "Rejection Reason"],
        apps,
        lambda a: [
            a.company,
            a.role,
            a.applied,
            _en(a),
            rng.choice(reasons) if a.outcome == "rejected" else None,
        ],
    )
    return Book([("Applications", rows)], [_status_only(a) for a in apps])


def _next_step(rng: random.Random) -> Book:
    apps = _apps(rng)
    todo = ("Prepare for call", "Send portfolio", "Follow up Friday", "Research team")
    rows = _table(
        ["Company", "Role", "Date Applied", "Status", "Next Step"],
        apps,
        lambda a: [
            a.company,
            a.role,
            a.applied,
            _en(a),
            rng.choice(todo) if a.outcome == "open" else None,
        ],
    )
    truth = [{**_status_only(a), "dates": {"next_steps_asked": None}} for a in apps]
    return Book([("Applications", rows)], truth)


def _wide_dates(fmt: str) -> Callable[[random.Random], Book]:
    def build(rng: random.Random) -> Book:
        apps = _apps(rng)
        rows = _table(
            [
                "Company",
                "Role",
                "Applied",
                "Response",
                "Interview 1",
                "Offer Date",
                "Rejection Date",
                "Status",
            ],
            apps,
            lambda a: [
                a.company,
                a.role,
                a.applied,
                a.response,
                a.interview,
                a.offer,
                a.rejection,
                _en(a),
            ],
        )
        truth = [
            _truth(
                a,
                dates={
                    "response": a.response,
                    "interview": a.interview,
                    "offer": a.offer,
                    "rejection": a.rejection,
                },
            )
            for a in apps
        ]
        return Book([("Tracker", rows)], truth)

    return build


def _serial_dates(rng: random.Random) -> Book:
    apps = _apps(rng)
    base = dt.date(1899, 12, 30)
    rows = _table(
        ["Company", "Position", "Date Applied", "Status"],
        apps,
        lambda a: [a.company, a.role, (a.applied - base).days, _en(a)],
    )
    return Book([("Applications", rows)], [_status_only(a) for a in apps])


def _onehot(rng: random.Random, *, company: bool = True) -> Book:
    apps = _apps(rng)
    stages = ("Applied", "Phone Screen", "Interview", "Offer", "Rejected")
    mark = "x" if company else 1

    def cells(a: App) -> list[Any]:
        flags = [
            True,
            a.reached("screen"),
            a.reached("interview"),
            a.reached("offer"),
            a.outcome == "rejected",
        ]
        lead = [a.company, a.role, a.applied] if company else [apps.index(a) + 101]
        return lead + [mark if f else None for f in flags]

    lead = ["Company", "Role", "Date Applied"] if company else ["App #"]
    rows = _table([*lead, *stages], apps, cells)
    truth = [_truth(a, company=company, applied=company) for a in apps]
    return Book([("Pipeline", rows)], truth)


def _stage_history(sep: str) -> Callable[[random.Random], Book]:
    names = {"screen": "Phone Screen", "interview": "Interview", "offer": "Offer"}

    def build(rng: random.Random) -> Book:
        apps = _apps(rng)

        def history(a: App) -> str:
            steps = ["Applied"] + [n for s, n in names.items() if a.reached(s)]
            return sep.join(steps + (["Rejected"] if a.outcome == "rejected" else []))

        rows = _table(
            ["Company", "Role", "Date Applied", "Stage History"],
            apps,
            lambda a: [a.company, a.role, _iso(a.applied), history(a)],
        )
        return Book([("", rows)], [_truth(a) for a in apps])

    return build


def _response_and_rejection(rng: random.Random) -> Book:
    apps = _apps(rng)
    rows = _table(
        ["Company", "Role", "Date Applied", "Response Date", "Rejection Date", "Status"],
        apps,
        lambda a: [a.company, a.role, a.applied, a.response, a.rejection, _en(a)],
    )
    truth = [
        {**_status_only(a), "dates": {"response": _iso(a.response), "rejection": _iso(a.rejection)}}
        for a in apps
    ]
    return Book([("Applications", rows)], truth)


def _interview_counts(rng: random.Random) -> Book:
    apps = _apps(rng)
    rows = _table(
        ["Company", "Role", "Date Applied", "Interviews", "Status"],
        apps,
        lambda a: [
            a.company,
            a.role,
            a.applied,
            rng.randint(1, 4) if a.reached("interview") else 0,
            "Rejected" if a.outcome == "rejected" else "Offer" if a.stage == "offer" else "Open",
        ],
    )
    # The count is the only interview evidence: the status says Open, Rejected or Offer.
    truth = [_truth(a, stage="applied" if a.stage == "screen" else None) for a in apps]
    return Book([("Applications", rows)], truth)


def _response_words(rng: random.Random) -> Book:
    """A free-text Response column whose words carry stage evidence, beside a terse Status
    (and one conflict: "No response" in a row whose status says Rejected)."""
    apps = _apps(rng)
    said = {"applied": "No response", "screen": "Phone screen done", "interview": "Interviewed",
            "offer": "Offer call"}  # fmt: skip

    def cells(a: App) -> list[Any]:
        status = (
            "Rejected" if a.outcome == "rejected" else "Offer" if a.stage == "offer" else "Open"
        )
        return [a.company, a.role, a.applied, said[a.stage], status]

    rows = _table(["Company", "Role", "Date Applied", "Response", "Status"], apps, cells)
    return Book([("Applications", rows)], [_truth(a) for a in apps])


def _flags(words: tuple[str, str, str], headers: Sequence[str]) -> Callable[[random.Random], Book]:
    """Yes/no stage flags (``words``: yes, no, ghosted): Response, Interview, Offer, Rejected."""
    yes, no, ghost = words
    plan = (*_PLAN[:6], ("applied", "ghosted"))

    def build(rng: random.Random) -> Book:
        apps = _apps(rng, plan)

        def cells(a: App) -> list[Any]:
            response = ghost if a.outcome == "ghosted" else yes if a.response else no
            return [
                a.company,
                a.role,
                a.applied,
                response,
                yes if a.reached("interview") else no,
                yes if a.reached("offer") else no,
                yes if a.outcome == "rejected" else no,
            ]

        rows = _table(list(headers), apps, cells)
        truth = [
            _truth(
                a,
                stage="applied" if a.stage == "screen" else None,
                dates={"interview": None} if not a.reached("interview") else {},
            )
            for a in apps
        ]
        return Book([("Sheet1", rows)], truth)

    return build


def _compound(rng: random.Random) -> Book:
    plan = (
        ("interview", "rejected"),
        ("interview", "rejected"),
        ("interview", "open"),
        ("applied", "rejected"),
        ("offer", "open"),
        ("applied", "open"),
        ("screen", "rejected"),
    )
    apps = _apps(rng, plan)
    words = [
        "Inter + Rejec",
        "Rejected(After interview)",
        "Phone screen + Interview",
        "Rejected",
        "Offer",
        "Applied",
        "Screen - rejected",
    ]
    rows = [["Company", "Role", "Date Applied", "Status"]] + [
        [a.company, a.role, a.applied, w] for a, w in zip(apps, words, strict=True)
    ]
    return Book([("Applications", rows)], [_truth(a) for a in apps])


def _history_one_cell(rng: random.Random) -> Book:
    plan = (
        ("interview", "open"),
        ("screen", "open"),
        ("applied", "open"),
        ("interview", "rejected"),
        ("screen", "rejected"),
        ("offer", "open"),
    )
    apps = _apps(rng, plan)

    def cells(a: App) -> list[Any]:
        steps = {
            "applied": "",
            # A step scheduled counts as reached (the invitation is the reply that matters);
            # a cancelled one does not.
            "screen": "Phone Screen -> Complete, Interview 1 -> Cancelled",
            "interview": "Phone Screen -> Complete, Interview 1 -> Complete, "
            "Tech Assessment -> Scheduled",
            "offer": "Interview 1 -> Complete, Interview 2 -> Complete, Offer -> Received",
        }[a.stage]
        status = (
            "Rejected" if a.outcome == "rejected" else "Offer" if a.stage == "offer" else "Open"
        )
        return [a.company, a.role, a.applied, steps or None, status]

    rows = _table(["Company", "Role", "Date Applied", "Stages", "Status"], apps, cells)
    return Book([("Applications", rows)], [_truth(a) for a in apps])


def _typos(rng: random.Random) -> Book:
    apps = _apps(rng)
    words = {
        ("applied", "open"): "Aplied",
        ("screen", "open"): "phone scren",
        ("interview", "open"): "Intervew",
        ("offer", "open"): "Ofer",
    }
    bad = iter(["reeejected", "Rejection :(", "Rejcted", "rejectd"])
    rows = _table(
        ["Company", "Role", "Date Applied", "Status"],
        apps,
        lambda a: [
            a.company,
            a.role,
            a.applied,
            next(bad) if a.outcome == "rejected" else words[(a.stage, "open")],
        ],
    )
    return Book([("Applications", rows)], [_status_only(a) for a in apps])


def _stage_date_columns(rng: random.Random) -> Book:
    apps = _apps(rng)
    rows = _table(
        ["Company", "Role", "Date Applied", "Phone Screen", "Interview", "Offer", "Status"],
        apps,
        lambda a: [
            a.company,
            a.role,
            a.applied,
            a.response if a.reached("screen") else None,
            a.interview,
            a.offer,
            "Rejected" if a.outcome == "rejected" else "Active",
        ],
    )
    truth = [
        _truth(
            a,
            stage="applied" if a.stage == "applied" else None,
            dates={"interview": a.interview, "offer": a.offer},
        )
        for a in apps
    ]
    return Book([("Applications", rows)], truth)


def _duplicate_sheet(rng: random.Random) -> Book:
    apps = _apps(rng)
    header = ["Company", "Role", "Date Applied", "Status"]
    raw = _table(header, apps, lambda a: [a.company, a.role, a.applied, _en(a).upper()])
    clean = _table(header, apps, lambda a: [a.company, a.role, a.applied, _en(a).lower()])
    return Book([("Raw", raw), ("Cleaned", clean)], [_status_only(a) for a in apps])


def _name_url_history(rng: random.Random) -> Book:
    apps = _apps(rng)
    names = {"screen": "Phone Screen", "interview": "Interview", "offer": "Offer"}

    def cells(a: App) -> list[Any]:
        steps = ["Applied"] + [n for s, n in names.items() if a.reached(s)]
        steps += ["Rejected"] if a.outcome == "rejected" else []
        slug = a.company.lower().replace(" ", "-")
        return [
            a.company,
            f"https://jobs.example.com/{slug}/{rng.randint(1000, 9999)}",
            _iso(a.applied),
            " > ".join(steps),
        ]

    rows = _table(["Name", "Application URL", "Applied On", "Stage History"], apps, cells)
    truth = [{**_truth(a), "role": None} for a in apps]
    return Book([("", rows)], truth)


def _sideways(rng: random.Random) -> Book:
    apps = _apps(rng, (("applied", "open"),) * 9)
    days = sorted({a.applied for a in apps})
    by_day = {d: [a.company for a in apps if a.applied == d] for d in days}
    depth = max(len(v) for v in by_day.values())
    rows: list[list[Any]] = [list(days)]
    for i in range(depth):
        rows.append([by_day[d][i] if i < len(by_day[d]) else None for d in days])
    # Names under dates say nothing of what came of them: the outcome is unknown.
    truth = [{**_truth(a, outcome=None), "role": None} for a in apps]
    return Book([("Log", rows)], truth)


def _wishlist_rows(rng: random.Random) -> Book:
    apps = _apps(rng)
    wish = rng.sample([c for c in _COMPANIES if c not in {a.company for a in apps}], 3)
    rows: list[list[Any]] = [["Company", "Role", "Date Applied", "Status"]]
    rows += [[a.company, a.role, a.applied, _en(a)] for a in apps]
    rows += [[c, None, None, None] for c in wish]
    return Book([("Applications", rows)], [_status_only(a) for a in apps], saved=3)


def _need_to_apply(rng: random.Random) -> Book:
    apps = _apps(rng)
    wish = rng.sample([c for c in _COMPANIES if c not in {a.company for a in apps}], 3)
    rows: list[list[Any]] = [["Company", "Role", "Status", "Date Applied"]]
    rows += [[a.company, a.role, _en(a), _iso(a.applied)] for a in apps]
    rows += [
        [c, "Data Analyst", s, None]
        for c, s in zip(wish, ("Need to Apply", "To apply", "Wishlist"), strict=True)
    ]
    return Book([("", rows)], [_status_only(a) for a in apps], saved=3)


def _linkedin(rng: random.Random) -> Book:
    apps = _apps(rng, (("applied", "open"),) * 8)
    rows: list[list[Any]] = [
        [
            "Application Date",
            "Contact Email",
            "Contact Phone Number",
            "Company Name",
            "Job Title",
            "Job Url",
            "Resume Name",
            "Question And Answers",
        ]
    ]
    for a in apps:
        when = f"{a.applied:%m/%d/%y}, {rng.randint(1, 12):02d}:{rng.randint(0, 59):02d} PM"
        rows.append(
            [
                when,
                None,
                None,
                a.company,
                a.role,
                f"https://www.linkedin.com/jobs/view/{rng.randint(10**9, 10**10)}/",
                "Resume.pdf",
                None,
            ]
        )
    return Book([("", rows)], [_truth(a, outcome=None) for a in apps])


def _last_update(rng: random.Random) -> Book:
    apps = _apps(rng)
    rows = _table(
        ["Company", "Position", "Status", "Date Applied", "Last Update"],
        apps,
        lambda a: [
            a.company,
            a.role,
            _en(a),
            _iso(a.applied),
            _iso(a.rejection or a.offer or a.interview or a.response or a.applied),
        ],
    )
    truth = [{**_status_only(a), "dates": {"response": None}} for a in apps]
    return Book([("", rows)], truth)


def _dated_rejection(rng: random.Random) -> Book:
    plan = (
        ("applied", "rejected"),
        ("applied", "open"),
        ("applied", "rejected"),
        ("screen", "open"),
        ("applied", "rejected"),
        ("interview", "open"),
    )
    apps = _apps(rng, plan)
    rows = _table(
        ["Company", "Role", "Date Applied", "Response Date", "Status"],
        apps,
        lambda a: [a.company, a.role, a.applied, a.response, _en(a)],
    )
    truth = [
        _truth(
            a,
            dates={
                "response": a.response,
                "rejection": a.rejection if a.outcome == "rejected" else None,
            },
        )
        for a in apps
    ]
    return Book([("Applications", rows)], truth)


def _bool_interviewed(rng: random.Random) -> Book:
    apps = _apps(rng)
    rows = _table(
        ["Company", "Role", "Date Applied", "Interviewed?", "Status"],
        apps,
        lambda a: [
            a.company,
            a.role,
            a.applied,
            a.reached("interview"),
            "Rejected" if a.outcome == "rejected" else "Open",
        ],
    )
    truth = [
        _truth(a, stage="interview" if a.reached("interview") else "applied", outcome=a.outcome)
        for a in apps
    ]
    return Book([("Applications", rows)], truth)


def _caps_nbsp_duplicates(rng: random.Random) -> Book:
    """Headers in capitals with non-breaking and trailing spaces, and a header written twice."""
    apps = _apps(rng)
    rows = _table(
        ["COMPANY\u00a0", "POSITION ", "DATE\u00a0 APPLIED", "STATUS", "NOTES", "NOTES"],
        apps,
        lambda a: [a.company, a.role, a.applied, _en(a), "first note", None],
    )
    return Book([("APPLICATIONS", rows)], [_status_only(a) for a in apps])


def _side_sheets(rng: random.Random) -> Book:
    """A tracker sheet among a summary, a lookup list, an empty sheet and a contacts sheet."""
    apps = _apps(rng)
    rows = _table(["Company", "Role", "Date Applied", "Status"], apps,
                  lambda a: [a.company, a.role, a.applied, _en(a)])  # fmt: skip
    summary = [["Status", "Count"], *([w, 1] for w in sorted({_en(a) for a in apps}))]
    lookup = [["Statuses"], *([w] for w in ("Applied", "Phone Screen", "Offer", "Rejected"))]
    contacts = [["Name", "Company", "Email", "Met on"],
                ["Ana Ruiz", apps[0].company, "ana@example.com", _START],
                ["Bo Chen", apps[1].company, "bo@example.com", _START]]  # fmt: skip
    sheets = [("Summary", summary), ("Applications", rows), ("Lists", lookup), ("Empty", []),
              ("Networking", contacts)]  # fmt: skip
    return Book(sheets, [_status_only(a) for a in apps])


def _mixed_date_forms(rng: random.Random) -> Book:
    """One date column, every form a person types: ISO text, '4 Mar 2024', 'March 12, 2024',
    2024/03/09 and a real date."""
    apps = _apps(rng)
    forms = (
        lambda d: d.isoformat(),
        lambda d: f"{d.day} {d:%b} {d.year}",
        lambda d: f"{d:%B} {d.day}, {d.year}",
        lambda d: f"{d.year}/{d.month:02d}/{d.day:02d}",
        lambda d: d,
    )
    rows = _table(["Company", "Role", "Date Applied", "Status"], apps,
                  lambda a: [a.company, a.role, forms[apps.index(a) % len(forms)](a.applied),
                             _en(a)])  # fmt: skip
    return Book([("Applications", rows)], [_status_only(a) for a in apps])


def _lay(name: str, file: str, classes: str, build: Callable, **kw: Any) -> ZooLayout:
    return ZooLayout(name, file, tuple(classes.split()), build, **kw)


#: Every layout of the zoo, in the order written.
LAYOUTS: tuple[ZooLayout, ...] = (
    _lay("basic", "basic.xlsx", "baseline", _basic),
    _lay("csv_utf8", "csv_utf8.csv", "baseline csv", _basic_csv(_iso)),
    _lay("csv_us_dates", "csv_us_dates.csv", "baseline csv dates", _basic_csv(_us)),
    _lay(
        "csv_semicolon_cp1252",
        "csv_semicolon_cp1252.csv",
        "csv language",
        _language("de", text_dates=True),
        encoding="cp1252",
        delimiter=";",
    ),
    _lay(
        "tsv_utf8_bom",
        "tsv_utf8_bom.tsv",
        "csv",
        _basic_csv(_iso),
        encoding="utf-8-sig",
        delimiter="\t",
    ),
    _lay(
        "utf16_unicode_text",
        "utf16_unicode_text.txt",
        "csv",
        _basic_csv(_us),
        encoding="utf-16",
        delimiter="\t",
    ),
    _lay("ods_wide", "ods_wide.ods", "ods dates", _wide_dates("ods")),
    _lay("title_rows_merged", "title_rows_merged.xlsx", "title-rows merged-cells", _title_merged),
    _lay("notes_rows", "notes_rows.xlsx", "notes-rows", _notes_rows),
    _lay("serial_dates", "serial_dates.xlsx", "dates", _serial_dates),
    _lay("wide_dates", "wide_dates.xlsx", "dates", _wide_dates("xlsx")),
    _lay(
        "response_and_rejection_dates",
        "response_and_rejection_dates.xlsx",
        "dates",
        _response_and_rejection,
    ),
    _lay("onehot_stages", "onehot_stages.xlsx", "one-hot", _onehot),
    _lay("stage_history_arrows", "stage_history_arrows.csv", "history", _stage_history(" -> ")),
    _lay("lang_fr", "lang_fr.xlsx", "language", _language("fr")),
    _lay("lang_es", "lang_es.xlsx", "language", _language("es")),
    _lay("lang_zh", "lang_zh.xlsx", "language", _language("zh")),
    _lay("lang_tr", "lang_tr.xlsx", "language", _language("tr")),
    _lay("lang_pl", "lang_pl.csv", "language csv", _language("pl", text_dates=True)),
    _lay("lang_it", "lang_it.xlsx", "language", _language("it")),
    _lay("lang_pt", "lang_pt.ods", "language ods", _language("pt")),
    _lay("lang_nl", "lang_nl.xlsx", "language", _language("nl")),
    _lay("lang_ja", "lang_ja.xlsx", "language", _language("ja")),
    _lay("lang_ko", "lang_ko.xlsx", "language", _language("ko")),
    _lay("lang_ru", "lang_ru.csv", "language csv", _language("ru", text_dates=True)),
    _lay(
        "applied_portal",
        "applied_portal.xlsx",
        "typing",
        _word_column("APPLIED PORTAL", ("LinkedIn", "Company site", "Indeed", "Referral")),
    ),
    _lay("zh_channel", "zh_channel.xlsx", "typing language", _chinese_channel),
    _lay("rejection_reason", "rejection_reason.xlsx", "typing", _rejection_reason),
    _lay("next_step", "next_step.xlsx", "typing", _next_step),
    _lay("interview_counts", "interview_counts.xlsx", "counts", _interview_counts),
    _lay("response_words", "response_words.xlsx", "statuses response-words", _response_words),
    _lay(
        "ygn_flags",
        "ygn_flags.xlsx",
        "flags",
        _flags(
            ("Y", "N", "G"),
            ["Company", "Role", "Date Applied", "Response", "Interview", "Offer", "Rejected"],
        ),
    ),
    _lay(
        "ja_nein",
        "ja_nein.xlsx",
        "flags language",
        _flags(
            ("ja", "nein", "geghostet"),
            [
                "Firma",
                "Stelle",
                "Beworben am",
                "Antwort",
                "Vorstellungsgespräch",
                "Angebot",
                "Absage",
            ],
        ),
    ),
    _lay("compound_status", "compound_status.xlsx", "statuses", _compound),
    _lay("history_one_cell", "history_one_cell.xlsx", "history", _history_one_cell),
    _lay("typos", "typos.xlsx", "statuses typos", _typos),
    _lay(
        "stage_date_columns", "stage_date_columns.xlsx", "dates stage-columns", _stage_date_columns
    ),
    _lay("duplicate_cleaned_sheet", "duplicate_cleaned_sheet.xlsx", "sheets", _duplicate_sheet),
    _lay(
        "id_onehot_no_company",
        "id_onehot_no_company.xlsx",
        "no-company one-hot",
        lambda r: _onehot(r, company=False),
    ),
    _lay("name_url_history", "name_url_history.csv", "no-company history", _name_url_history),
    _lay("sideways_by_date", "sideways_by_date.xlsx", "sideways", _sideways),
    _lay("wishlist_rows", "wishlist_rows.xlsx", "what-is-an-application", _wishlist_rows),
    _lay("need_to_apply", "need_to_apply.csv", "what-is-an-application", _need_to_apply),
    _lay("linkedin_statusless", "linkedin_statusless.csv", "unknown-not-zero export", _linkedin),
    _lay("status_last_update", "status_last_update.csv", "last-update", _last_update),
    _lay("dated_rejection", "dated_rejection.xlsx", "dated-rejections", _dated_rejection),
    _lay("bool_interviewed", "bool_interviewed.xlsx", "flags", _bool_interviewed),
    _lay(
        "caps_nbsp_duplicate_headers",
        "caps_nbsp_duplicate_headers.xlsx",
        "headers",
        _caps_nbsp_duplicates,
    ),
    _lay("side_sheets", "side_sheets.xlsx", "sheets", _side_sheets),
    _lay(
        "xlsxwriter_mixed_dates",
        "xlsxwriter_mixed_dates.xlsx",
        "dates xlsxwriter",
        _mixed_date_forms,
        writer="xlsxwriter",
    ),
    _lay(
        "stage_history_semicolons",
        "stage_history_semicolons.ods",
        "history ods",
        _stage_history("; "),
    ),
)


# -- writing ---------------------------------------------------------------------------------


def _write_xlsx(path: Path, book: Book) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in book.sheets:
        ws = wb.create_sheet(name or "Sheet1")
        for row in rows:
            ws.append(row)
        for rng in book.merges:
            ws.merge_cells(rng)
    wb.save(path)


def _write_xlsxwriter(path: Path, book: Book) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    dates = wb.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in book.sheets:
        ws = wb.add_worksheet(name or "Sheet1")
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                if isinstance(v, dt.date):
                    ws.write_datetime(i, j, dt.datetime(v.year, v.month, v.day), dates)
                elif v is not None:
                    ws.write(i, j, v)
    wb.close()


def _write_ods(path: Path, book: Book) -> None:
    import pandas as pd

    with pd.ExcelWriter(path, engine="odf") as writer:
        for name, rows in book.sheets:
            frame = pd.DataFrame(rows[1:], columns=rows[0])
            frame.to_excel(writer, sheet_name=name or "Sheet1", index=False)


def _write_csv(path: Path, book: Book, layout: ZooLayout) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=layout.delimiter, lineterminator="\r\n")
    for row in book.sheets[0][1]:
        writer.writerow(["" if v is None else v for v in row])
    path.write_bytes(buf.getvalue().encode(layout.encoding))


def write_layout(layout: ZooLayout, folder: Path, *, seed: int = 0) -> Path:
    """Write one layout and its ``.truth.json`` into ``folder``; returns the tracker's path."""
    from jobsearch_analytics.sample._trackers import _stabilize

    book = layout.build(random.Random(f"{seed}:{layout.name}"))
    path = folder / layout.file
    if layout.fmt == "xlsx" and layout.writer == "xlsxwriter":
        _write_xlsxwriter(path, book)
        _stabilize(path)
    elif layout.fmt == "xlsx":
        _write_xlsx(path, book)
        _stabilize(path)
    elif layout.fmt == "ods":
        _write_ods(path, book)
        _stabilize(path)
    else:
        _write_csv(path, book, layout)
    truth = {
        "layout": layout.name,
        "file": layout.file,
        "classes": list(layout.classes),
        "applications": book.truth,
        "saved": book.saved,
    }
    path.with_name(path.name + ".truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return path


def write_zoo(folder: str | Path, *, seed: int = 0) -> list[Path]:
    """Write every layout of :data:`LAYOUTS` (and its truth) into ``folder``; the files are
    the same for the same ``seed``. Returns the trackers' paths in :data:`LAYOUTS` order."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    return [write_layout(layout, out, seed=seed) for layout in LAYOUTS]


# -- scoring ---------------------------------------------------------------------------------


@dataclass
class LayoutScore:
    """How one zoo file was read: ``ok`` when every planted fact was read right."""

    layout: str
    classes: tuple[str, ...]
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def __str__(self) -> str:
        head = f"{self.layout} [{' '.join(self.classes)}]"
        return head + (": read right" if self.ok else ": " + "; ".join(self.problems[:6]))


def _norm(text: Any) -> str:
    return " ".join(str(text).split()).casefold() if text is not None and text == text else ""


def _event_dates(events: Any) -> dict[str, dict[str, Any]]:
    """Per application: kind -> the first date (NaT when only undated), and 'response'."""
    import pandas as pd

    from jobsearch_analytics.model import REPLY_KINDS

    out: dict[str, dict[str, Any]] = {}
    for e in events.itertuples(index=False):
        d = out.setdefault(str(e.application_id), {})
        date = e.date if not pd.isna(e.date) else None
        kinds = [str(e.kind)] + (["response"] if str(e.kind) in REPLY_KINDS else [])
        for k in kinds:
            if k not in d or (date is not None and (d[k] is None or date < d[k])):
                d[k] = date
    return out


def _pair(truth: list[dict[str, Any]], apps: Any) -> list[tuple[dict[str, Any], Any]]:
    """Each planted application with the loaded one: by company (and role), else by order."""
    rows = list(apps.itertuples(index=False))
    if all(t.get("company") for t in truth):
        by_key: dict[str, list[Any]] = {}
        for r in rows:
            by_key.setdefault(_norm(r.company), []).append(r)
        return [(t, (by_key.get(_norm(t["company"])) or [None]).pop(0)) for t in truth]
    return list(zip(truth, rows + [None] * (len(truth) - len(rows)), strict=False))


def _compare(
    t: dict[str, Any], r: Any, dates: dict[str, Any], *, outcome_known: bool = True
) -> list[str]:
    """What differs between a planted application and the loaded one; an outcome the file
    does not hold (``JobSearch.holds('outcome')`` false) reads as unknown."""
    import pandas as pd

    who = t.get("company") or "row"
    if r is None:
        return [f"{who}: not read"]
    problems = []
    got_applied = None if pd.isna(r.date_applied) else r.date_applied.date().isoformat()
    if got_applied != t["date_applied"]:
        problems.append(f"{who}: applied {got_applied}, planted {t['date_applied']}")
    if str(r.stage) != t["stage"]:
        problems.append(f"{who}: stage {r.stage}, planted {t['stage']}")
    outcome = None if not outcome_known or pd.isna(r.outcome) else str(r.outcome)
    if outcome != t["outcome"]:
        problems.append(f"{who}: outcome {outcome}, planted {t['outcome'] or 'unknown'}")
    for kind, want in t["dates"].items():
        seen = dates.get(kind, "absent")
        if want is None:
            wrong = (
                seen is not None and seen != "absent" if kind == "response" else seen != "absent"
            )
        else:
            wrong = seen in (None, "absent") or seen.date().isoformat() != want
        if wrong:
            shown = seen if seen in (None, "absent") else seen.date().isoformat()
            problems.append(f"{who}: {kind} {shown or 'undated'}, planted {want or 'none'}")
    return problems


def score_layout(path: str | Path) -> LayoutScore:
    """Load one zoo file as a new user would and compare it with its ``.truth.json``."""
    from jobsearch_analytics.io.load import load
    from jobsearch_analytics.io.report import LoadError

    p = Path(path)
    truth = json.loads(p.with_name(p.name + ".truth.json").read_text(encoding="utf-8"))
    score = LayoutScore(truth["layout"], tuple(truth["classes"]))
    try:
        search = load(p, mapping=False)
    except LoadError as exc:
        score.problems.append(f"refused: {exc}")
        return score
    apps = search.applications
    sent = apps[apps["stage"].astype(str) != "saved"]
    planted = truth["applications"]
    if len(sent) != len(planted):
        score.problems.append(f"{len(sent)} applications read, {len(planted)} planted")
    if len(apps) - len(sent) != truth["saved"]:
        score.problems.append(f"{len(apps) - len(sent)} saved jobs read, {truth['saved']} planted")
    events = _event_dates(search.events)
    for t, r in _pair(planted, sent):
        dates = events.get(str(r.application_id), {}) if r is not None else {}
        score.problems += _compare(t, r, dates, outcome_known=search.holds("outcome"))
    return score


def score_zoo(folder: str | Path) -> list[LayoutScore]:
    """Score every zoo file in ``folder`` (those with a ``.truth.json``), in name order."""
    truths = sorted(Path(folder).glob("*.truth.json"))
    return [score_layout(t.with_name(t.name[: -len(".truth.json")])) for t in truths]
