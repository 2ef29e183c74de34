"""Known export formats, described as data, and how a sheet is recognised as one of them.

Many people do not keep their own spreadsheet: they export one from LinkedIn, Huntr or
Simplify. Each :class:`ExportFormat` says what such a file looks like (its signature columns,
exactly as the tool writes them), how its columns map to canonical fields, how it writes dates,
which status words it adds, what one row means (an application, a saved job, a contact, an
activity) and what it cannot tell (LinkedIn's applications export has no status column).

:func:`detect_format` scores every registered format against the rows at the top of a sheet
and returns the best one above :data:`DETECTION_THRESHOLD`; an unknown layout returns ``None``
and is read as a generic tracker. Adding a format is one more entry in :data:`FORMATS` (and
a fixture in the tests, which iterate over the registry).

Some entries are not recognised by their columns: ``google sheets csv`` and ``excel unicode
text`` are recognised from the file (:func:`detect_container`), ``one-hot stage columns`` and
``stage history`` from the layout the generic import finds (:func:`layout_format`).

Examples
--------
>>> m = detect_format([["Saved Date", "Job Url", "Job Title", "Company Name"]])
>>> m.format.name, m.matched, m.total, m.header_index
('linkedin saved jobs', 4, 4, 0)
>>> detect_format([["Company", "Position", "Date Applied", "Status"]]) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from jobsearch_analytics.io.columns import FIELDS, normalise_header

__all__ = [
    "DETECTION_THRESHOLD",
    "FORMATS",
    "AskingSalary",
    "ContainerMatch",
    "ExportFormat",
    "FormatMatch",
    "detect_container",
    "detect_format",
    "get_format",
    "layout_format",
    "read_salary_answers",
]

RowKind = Literal["application", "saved", "contact", "activity"]
Detection = Literal["columns", "file", "layout"]

#: Lowest share of a format's signature columns a header row must hold to be read as that
#: format (all its required columns must be there too). A personal tracker that happens to use
#: a few of the same names ("Company Name", "Job Title") stays a generic tracker.
DETECTION_THRESHOLD: float = 0.7

#: How many rows from the top are searched for an export's header (LinkedIn's Connections.csv
#: has three lines of notes above it).
SEARCH_ROWS: int = 10


@dataclass(frozen=True)
class ExportFormat:
    """One known format, as data.

    Attributes
    ----------
    name : str
        Stable name, shown in ``report.sheets.format``.
    title : str
        How the report names it in a sentence.
    signature : tuple of str
        Header names exactly as the tool writes them (compared after
        :func:`~jobsearch_analytics.io.columns.normalise_header`, in any order).
    required : tuple of str
        Signature columns that must be present (they tell look-alike formats apart).
    columns : mapping
        Header -> canonical field (``io.columns.FIELDS``), or ``None`` to keep the column as
        it is. Headers not listed are matched as in a generic tracker.
    date_format : str or None
        ``strptime`` format of the tool's date cells (``'ISO8601'`` for ISO timestamps).
        Values that do not fit are read by the generic date parser and reported.
    status_vocabulary : mapping
        The tool's status words (normalised) -> a status the status parser understands.
    row_kind : {'application', 'saved', 'contact', 'activity'}
        What one row is: an application, a job saved but not applied to, a person, or a step
        in another file's applications (paired by job id).
    caveat : str or None
        What the export cannot tell; added to the load report as an ``info`` entry.
    notes : str
        Documentation: quirks and where the format comes from.
    detection : {'columns', 'file', 'layout'}
        How it is recognised: by its signature columns, from the file (name, encoding), or
        from the layout the generic import finds.
    """

    name: str
    title: str
    signature: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    columns: Mapping[str, str | None] = field(default_factory=dict)
    date_format: str | None = None
    status_vocabulary: Mapping[str, str] = field(default_factory=dict)
    row_kind: RowKind = "application"
    caveat: str | None = None
    notes: str = ""
    detection: Detection = "columns"

    def __post_init__(self) -> None:
        unknown = {f for f in self.columns.values() if f is not None} - set(FIELDS)
        if unknown:
            raise ValueError(f"format {self.name!r} maps to unknown fields {sorted(unknown)}")
        missing = set(self.required) - set(self.signature)
        if missing:
            raise ValueError(f"format {self.name!r}: required {sorted(missing)} not in signature")

    def status(self, text: str) -> str:
        """The tool's status word in the status parser's vocabulary (unchanged when unknown).

        Examples
        --------
        >>> get_format("huntr jobs").status("Wishlist")
        'saved'
        """
        return self.status_vocabulary.get(normalise_header(text), text)


_LINKEDIN_DATE = "%m/%d/%y, %I:%M %p"

#: The registry. Order matters only for ties (the first wins).
FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat(
        name="linkedin job applications",
        title="LinkedIn 'Job Applications' export",
        signature=(
            "Application Date",
            "Contact Email",
            "Contact Phone Number",
            "Company Name",
            "Job Title",
            "Job Url",
            "Resume Name",
            "Question And Answers",
        ),
        required=("Application Date", "Job Url"),
        columns={
            "Application Date": "date_applied",
            "Contact Email": "contact_email",
            "Contact Phone Number": "contact_phone",
            "Company Name": "company",
            "Job Title": "role",
            "Job Url": "url",
            "Resume Name": "resume_version",
            "Question And Answers": "answers",
        },
        date_format=_LINKEDIN_DATE,
        caveat=(
            "LinkedIn's export has no status column, so replies, interviews and rejections are "
            "unknown: every application is counted as applied and open (none is called "
            "ghosted); load it together with your own tracker to know more"
        ),
        notes="Settings > Data privacy > Get a copy of your data > Job applications. Rows are "
        "not in date order; 'Question And Answers' holds ' | '-separated 'question:answer' "
        "pairs in the posting's language.",
    ),
    ExportFormat(
        name="linkedin saved jobs",
        title="LinkedIn 'Saved Jobs' export",
        signature=("Saved Date", "Job Url", "Job Title", "Company Name"),
        required=("Saved Date",),
        columns={
            "Saved Date": "date_saved",
            "Job Url": "url",
            "Job Title": "role",
            "Company Name": "company",
        },
        date_format=_LINKEDIN_DATE,
        row_kind="saved",
        notes="Jobs bookmarked on LinkedIn: saved, never counted as applied.",
    ),
    ExportFormat(
        name="linkedin connections",
        title="LinkedIn 'Connections' export",
        signature=(
            "First Name",
            "Last Name",
            "URL",
            "Email Address",
            "Company",
            "Position",
            "Connected On",
        ),
        required=("First Name", "Last Name", "Connected On"),
        date_format="%d %b %Y",
        row_kind="contact",
        notes="Three lines of notes above the header; 'Connected On' like '15 Mar 2023'. "
        "Read into search.contacts, not applications.",
    ),
    ExportFormat(
        name="simplify",
        title="Simplify tracker export",
        signature=(
            "Job Title",
            "Company Name",
            "Job URL",
            "Applied Date",
            "Status",
            "Status Date",
            "Archived",
            "Date Archived",
            "Notes",
        ),
        required=("Status Date", "Archived"),
        columns={
            "Job Title": "role",
            "Company Name": "company",
            "Job URL": "url",
            "Applied Date": "date_applied",
            "Status": "status",
            "Status Date": "status_date",
            "Archived": None,
            "Date Archived": None,
            "Notes": "notes",
        },
        date_format="%Y-%m-%d",
        status_vocabulary={"saved": "saved", "screening": "phone screen"},
        caveat=(
            "Simplify keeps one date per status: the current status is dated, earlier steps "
            "(a screen before an interview) have unknown dates"
        ),
        notes="Column order is not guaranteed. 'Archived' (TRUE/FALSE) hides a job in "
        "Simplify without saying why; it is kept as a column, not read as an outcome.",
    ),
    ExportFormat(
        name="huntr jobs",
        title="Huntr job board export",
        signature=(
            "Employer",
            "Job Title",
            "List",
            "URL",
            "Location",
            "Salary",
            "Date Saved",
            "Notes",
        ),
        required=("Employer", "List"),
        columns={
            "Employer": "company",
            "Job Title": "role",
            "List": "status",
            "URL": "url",
            "Location": "location",
            "Salary": "salary",
            "Date Saved": "date_saved",
            "Notes": "notes",
        },
        status_vocabulary={"wishlist": "saved"},
        caveat=(
            "Huntr's job export holds the board column each job is in now, not when it moved: "
            "steps after saving have unknown dates (the full-data download with its activities "
            "file has them)"
        ),
        notes="'List' is the board column: Wishlist, Applied, Interview, Offer, Rejected.",
    ),
    ExportFormat(
        name="huntr full jobs",
        title="Huntr full-data download (jobs)",
        signature=(
            "id",
            "title",
            "salary",
            "location",
            "url",
            "listName",
            "companyName",
            "createdAt",
            "lastMovedAt",
        ),
        required=("listName", "companyName", "createdAt"),
        columns={
            "id": "job_id",
            "title": "role",
            "salary": "salary",
            "location": "location",
            "url": "url",
            "listName": "status",
            "companyName": "company",
            "createdAt": "date_saved",
            "lastMovedAt": "status_date",
        },
        date_format="ISO8601",
        status_vocabulary={"wishlist": "saved"},
        notes="Timestamps in UTC (ISO 8601, 'Z'). Paired with the activities file of the same "
        "download by job id (load_many or load(folder)).",
    ),
    ExportFormat(
        name="huntr activities",
        title="Huntr full-data download (activities)",
        signature=("id", "jobId", "type", "fromListName", "toListName", "createdAt"),
        required=("jobId", "type", "createdAt"),
        date_format="ISO8601",
        status_vocabulary={"wishlist": "saved"},
        row_kind="activity",
        notes="One row per thing done to a job: CREATED_JOB (into toListName), MOVED_JOB "
        "(fromListName -> toListName) and others (notes, contacts) that carry no stage. The "
        "moves rebuild each job's stage history as dated events.",
    ),
    ExportFormat(
        name="google sheets csv",
        title="Google Sheets 'Download as CSV'",
        detection="file",
        notes="Named '<file> - <sheet>.csv', CRLF line ends, no final newline: the sheet name "
        "is taken from the file name.",
    ),
    ExportFormat(
        name="excel unicode text",
        title="Excel 'Unicode Text'",
        detection="file",
        notes="UTF-16 with a byte-order mark, tab-separated; saved from Excel as Unicode Text.",
    ),
    ExportFormat(
        name="one-hot stage columns",
        title="one-hot stage columns (a column per stage holding 1 or blank)",
        detection="layout",
        notes="The layout made for Sankey diagrams: each stage column marks the rows that "
        "reached it; stages have unknown dates.",
    ),
    ExportFormat(
        name="stage history",
        title="stage-history lists (all stages in one cell)",
        detection="layout",
        notes="'Applied > Screen > Interview > Rejected' in one cell; steps have unknown dates.",
    ),
)

_BY_NAME = {f.name: f for f in FORMATS}


def get_format(name: str) -> ExportFormat:
    """The registered format called ``name``.

    Examples
    --------
    >>> get_format("simplify").row_kind
    'application'
    """
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"no format named {name!r}; known: {', '.join(_BY_NAME)}") from None


@dataclass(frozen=True)
class FormatMatch:
    """A format recognised in a sheet: which, where its header is and how sure.

    ``score`` is the share of signature columns present (``matched`` of ``total``).
    """

    format: ExportFormat
    header_index: int
    matched: int
    total: int
    score: float

    def describe(self) -> str:
        """The sentence for the load report.

        Examples
        --------
        >>> detect_format([["Saved Date", "Job Url", "Job Title", "Company Name"]]).describe()
        "detected LinkedIn 'Saved Jobs' export (4 of 4 signature columns)"
        """
        return f"detected {self.format.title} ({self.matched} of {self.total} signature columns)"


def _score(fmt: ExportFormat, headers: set[str]) -> tuple[float, int]:
    sig = [normalise_header(h) for h in fmt.signature]
    if not all(normalise_header(h) in headers for h in fmt.required):
        return 0.0, 0
    hit = sum(1 for h in sig if h in headers)
    return hit / len(sig), hit


def detect_format(
    rows: Sequence[Sequence[Any]],
    *,
    formats: Sequence[ExportFormat] = FORMATS,
    threshold: float = DETECTION_THRESHOLD,
) -> FormatMatch | None:
    """The registered format whose signature best fits a header row near the top, or None.

    Every row among the first :data:`SEARCH_ROWS` is scored against every format recognised
    by its columns; the best share wins (more matched columns break ties, then the upper row,
    then registry order). Names are compared after normalising (case, spaces, punctuation at
    the end); order does not matter.

    Examples
    --------
    >>> m = detect_format([["Notes:"], ["..."], [],
    ...     ["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
    ...      "Connected On"]])
    >>> m.format.row_kind, m.header_index, m.score
    ('contact', 3, 1.0)
    """
    best: FormatMatch | None = None
    candidates = [f for f in formats if f.detection == "columns" and f.signature]
    for i, row in enumerate(rows[:SEARCH_ROWS]):
        headers = {normalise_header(v) for v in row if isinstance(v, str) and v.strip()}
        if len(headers) < 2:
            continue
        for fmt in candidates:
            share, hit = _score(fmt, headers)
            if share < threshold:
                continue
            if best is None or (share, hit) > (best.score, best.matched):
                best = FormatMatch(fmt, i, hit, len(fmt.signature), share)
    return best


@dataclass(frozen=True)
class ContainerMatch:
    """A file-level format (how the file was saved) and what it says about the sheet."""

    format: ExportFormat
    sheet_name: str | None
    evidence: str


_GOOGLE_NAME = re.compile(r"^(?P<file>.+?) - (?P<sheet>[^/\\]+)\.csv$", re.IGNORECASE)


def detect_container(
    path: Path, book_format: str, encoding: str | None, data: bytes
) -> ContainerMatch | None:
    """Recognise Google Sheets' CSV download and Excel's Unicode Text from the file itself.

    ``data`` is the start of the file (a few kilobytes are enough) and the end of it, joined;
    only its line ends and its last byte are looked at.

    Examples
    --------
    >>> from pathlib import Path
    >>> m = detect_container(Path("Job search - Applied.csv"), "csv", "utf-8",
    ...                      b"Company,Role\\r\\nAcme,Analyst")
    >>> m.format.name, m.sheet_name
    ('google sheets csv', 'Applied')
    >>> detect_container(Path("x.txt"), "tsv", "utf-16", b"").format.name
    'excel unicode text'
    """
    if book_format == "tsv" and encoding and encoding.lower().startswith("utf-16"):
        return ContainerMatch(get_format("excel unicode text"), None, "UTF-16 text, tab-separated")
    if book_format != "csv":
        return None
    m = _GOOGLE_NAME.match(path.name)
    crlf = b"\r\n" in data
    bare_lf = re.search(rb"(?<!\r)\n", data) is not None
    if m and crlf and not bare_lf and not data.endswith(b"\n"):
        sheet = m.group("sheet").strip()
        return ContainerMatch(
            get_format("google sheets csv"),
            sheet,
            f"file name '<file> - <sheet>.csv', CRLF line ends, no final newline: sheet {sheet!r}",
        )
    return None


def layout_format(fields: set[str]) -> str:
    """The format name of a sheet read by the generic import, from the fields it mapped.

    Examples
    --------
    >>> layout_format({"company", "onehot"}), layout_format({"company", "stage_history"})
    ('one-hot stage columns', 'stage history')
    >>> layout_format({"company", "interview_date"}), layout_format({"company", "status"})
    ('wide tracker', 'tracker')
    """
    if "onehot" in fields:
        return "one-hot stage columns"
    if "stage_history" in fields:
        return "stage history"
    if fields & {"interview_date", "thank_you", "follow_up", "response_date"}:
        return "wide tracker"
    return "tracker"


# --- salary expectations in application answers ----------------------------------------------

_SALARY_QUESTION = re.compile(
    r"salary|compensation|\bpay\b|\bctc\b|remunerat|wage|gehalt|verdienst|salaire|"
    r"rémunération|prétentions?|pretentions?|salario|sueldo|pretensi[oó]n|salaris|"
    r"sal[aá]rio|retribuzione|\bral\b|薪|报酬|待遇",
    re.IGNORECASE,
)
_MONTHLY = re.compile(
    r"month|monthly|per mo\b|monatlich|pro monat|mensuel|par mois|mensual|al mes|"
    r"maandelijks|per maand|mensal|mensile|月",
    re.IGNORECASE,
)
_YEARLY = re.compile(
    r"annual|yearly|per year|a year|jährlich|jahres|pro jahr|p\.a\.|annuel|par an\b|anual|"
    r"al año|jaarlijks|per jaar|annuo|年",
    re.IGNORECASE,
)
_CURRENCY_IN_QUESTION = re.compile(r"\b(EUR|USD|GBP|CHF|CAD|AUD|SGD|INR|SEK|NOK|DKK|PLN|JPY)\b")


@dataclass(frozen=True)
class AskingSalary:
    """A salary expectation read from one answer.

    ``annual`` is the figure a year in ``currency`` (None when not stated and no default);
    ``how`` says how it was read, for the load report; ``assumed`` is True when the period or
    the currency was assumed rather than written.
    """

    annual: float
    currency: str | None
    question: str
    answer: str
    how: str
    assumed: bool


def _split_pairs(text: str) -> list[tuple[str, str]]:
    pairs = []
    for part in text.split(" | "):
        part = part.strip()
        if not part:
            continue
        if "?:" in part:
            q, a = part.split("?:", 1)
            q += "?"
        elif ":" in part:
            q, a = part.rsplit(":", 1)
        else:
            continue
        pairs.append((q.strip(), a.strip()))
    return pairs


def read_salary_answers(
    text: str, *, default_currency: str | None = None
) -> tuple[list[AskingSalary], list[tuple[str, str]]]:
    """Salary expectations in a ``' | '``-separated ``question:answer`` cell.

    A question about salary (in English, German, French, Spanish, Dutch, Portuguese, Italian
    or Chinese) whose answer holds an amount gives an :class:`AskingSalary`; a question that
    says "monthly" or "annual" decides the period, otherwise the size of the figure does (and
    ``assumed`` is set). Returns the expectations and the salary questions whose answers held
    no amount.

    Examples
    --------
    >>> found, _ = read_salary_answers(
    ...     "Years of Python?:5 | What are your salary expectations?:120000EUR | "
    ...     "Expected monthly salary (SGD)?:8000")
    >>> [(a.annual, a.currency, a.assumed) for a in found]
    [(120000.0, 'EUR', True), (96000.0, 'SGD', False)]
    >>> read_salary_answers("Gehaltsvorstellung (brutto jährlich)?:100.000")[0][0].annual
    100000.0
    """
    from jobsearch_analytics.io.salary import ANNUAL_FACTOR, parse_money

    found: list[AskingSalary] = []
    unread: list[tuple[str, str]] = []
    for q, a in _split_pairs(text):
        if not _SALARY_QUESTION.search(q) or not a:
            continue
        s = parse_money(a, default_currency=None)
        if s.status != "ok" or s.min is None:
            unread.append((q, a))
            continue
        amount = (s.min + s.max) / 2 if s.max is not None else s.min
        period_written = "period_assumed" not in s.flags
        if period_written:
            period, how_period = s.period or "year", f"a {s.period} (written in the answer)"
        elif _MONTHLY.search(q):
            period, how_period = "month", "a month (the question says monthly)"
        elif _YEARLY.search(q):
            period, how_period = "year", "a year (the question says annual)"
        else:
            period = s.period or "year"
            how_period = f"a {period} (assumed from the size of the figure)"
        currency = s.currency
        how_currency = "written in the answer"
        if currency is None:
            m = _CURRENCY_IN_QUESTION.search(q)
            if m:
                currency, how_currency = m.group(1), "named in the question"
            else:
                currency = default_currency
                how_currency = "the default currency" if currency else "not stated"
        assumed = how_period.endswith("figure)") or how_currency in (
            "the default currency",
            "not stated",
        )
        annual = amount * ANNUAL_FACTOR[period]
        how = f"read {amount:,.0f} {how_period}; currency {currency or 'unknown'} ({how_currency})"
        found.append(AskingSalary(annual, currency, q, a, how, assumed))
    return found, unread
