"""The canonical model: two tidy tables and the report of how they were made.

Every reader produces, and every metric consumes, exactly these tables:

* ``applications`` -- one row per application (:data:`APPLICATION_COLUMNS`);
* ``events`` -- one row per thing that happened (:data:`EVENT_COLUMNS`);
* ``report`` -- a :class:`LoadReport` saying which source column
  fed which canonical column and every value that was coerced, guessed or dropped.

Columns and dtypes are a contract checked where data enters (:func:`conform`); code inside the
package trusts it.

Examples
--------
>>> from jobsearch_analytics.model import empty_applications, empty_events
>>> list(empty_applications().columns[:4])
['application_id', 'company', 'role', 'location']
>>> str(empty_events()["kind"].dtype)
'category'
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

__all__ = [
    "APPLICATION_COLUMNS",
    "CHANNELS",
    "CONTACT_COLUMNS",
    "ENTRY_KINDS",
    "EVENT_COLUMNS",
    "EVENT_KINDS",
    "EVIDENCE",
    "OUTCOMES",
    "REPLY_KINDS",
    "STAGES",
    "STAGE_OF_EVENT",
    "Evidence",
    "JobSearch",
    "LoadReport",
    "conform",
    "empty_applications",
    "empty_contacts",
    "empty_events",
    "infer_fields",
    "missing_text",
]

#: Furthest step reached, in order. ``stage`` is an ordered categorical over these.
STAGES: tuple[str, ...] = ("saved", "applied", "screen", "interview", "offer", "accepted")

#: How an application ended (or ``open`` when it has not).
OUTCOMES: tuple[str, ...] = ("open", "rejected", "withdrawn", "ghosted", "accepted", "declined")

#: What can happen to an application. ``response`` is a reply that is none of the more specific
#: kinds (for example "thanks, we will be in touch"); ``assessment`` is a test or take-home.
EVENT_KINDS: tuple[str, ...] = (
    "saved",
    "applied",
    "response",
    "screen",
    "assessment",
    "interview",
    "thank_you",
    "next_steps_asked",
    "follow_up",
    "offer",
    "negotiation",
    "rejection",
    "withdrawal",
    "ghosted",
    "feedback_request",
    "feedback_received",
    "accepted",
    "declined",
)

#: Event kinds that mean the employer answered. "Responded" is derived from these events,
#: never stored as a stage.
REPLY_KINDS: frozenset[str] = frozenset(
    {"response", "screen", "assessment", "interview", "offer", "rejection"}
)

#: The stage an event proves was reached (events not listed prove nothing about stage).
STAGE_OF_EVENT: Mapping[str, str] = {
    "saved": "saved",
    "applied": "applied",
    "response": "applied",
    "rejection": "applied",
    "follow_up": "applied",
    "withdrawal": "applied",
    "ghosted": "applied",
    "screen": "screen",
    "assessment": "screen",
    "interview": "interview",
    "thank_you": "interview",
    "next_steps_asked": "interview",
    "feedback_request": "applied",
    "feedback_received": "applied",
    "offer": "offer",
    "negotiation": "offer",
    "declined": "offer",
    "accepted": "accepted",
}

#: How a message or meeting happened.
CHANNELS: tuple[str, ...] = (
    "email",
    "phone",
    "voicemail",
    "text",
    "in_person",
    "video",
    "mail",
    "linkedin",
    "portal",
    "other",
)

_STAGE_DTYPE = pd.CategoricalDtype(list(STAGES), ordered=True)
_OUTCOME_DTYPE = pd.CategoricalDtype(list(OUTCOMES), ordered=False)
_KIND_DTYPE = pd.CategoricalDtype(list(EVENT_KINDS), ordered=False)
_CHANNEL_DTYPE = pd.CategoricalDtype(list(CHANNELS), ordered=False)

_DATE = "datetime64[ns]"
_TEXT = "str"

#: Application columns, in order: name -> (dtype, meaning).
APPLICATION_COLUMNS: Mapping[str, tuple[Any, str]] = {
    "application_id": (
        _TEXT,
        "Stable id: '<sheet>#<row>' (or '#<row>' for CSV), prefixed '<client>/' by load_many.",
    ),
    "company": (_TEXT, "Employer as written (a URL in the company cell is kept in `url`)."),
    "role": (_TEXT, "Job title as written."),
    "location": (_TEXT, "Place as written; several location columns are joined with ' / '."),
    "source": (
        _TEXT,
        "Where the job was found (LinkedIn, Indeed, referral ...); case variants "
        "unified to the most common spelling.",
    ),
    "referral": (
        "boolean",
        "True when referred or a known contact; <NA> when the tracker says nothing.",
    ),
    "contact_name": (_TEXT, "Recruiter or referrer name."),
    "contact_email": (_TEXT, "Contact e-mail."),
    "contact_phone": (_TEXT, "Contact phone, as text (numbers stored as numbers are converted)."),
    "url": (_TEXT, "Job posting URL."),
    "job_id": (_TEXT, "Requisition / job id as text."),
    "date_applied": (_DATE, "When the application was sent; NaT when unknown or only saved."),
    "stage": (_STAGE_DTYPE, "Furthest step reached (ordered: saved < applied < ... < accepted)."),
    "outcome": (_OUTCOME_DTYPE, "open, rejected, withdrawn, ghosted, accepted or declined."),
    "status_raw": (_TEXT, "The status cell exactly as typed."),
    "status_updated": (
        _DATE,
        "When the row (its status) was last edited, from a 'Last update' / 'Modified' / "
        "'Status date' column: an upper bound on the date of any reply the status shows, "
        "never the reply date itself; NaT when not kept.",
    ),
    "salary_text": (_TEXT, "The posted salary cell exactly as typed."),
    "salary_min": ("float64", "Lower bound as written, in `salary_period` units."),
    "salary_max": ("float64", "Upper bound as written (equal to min for a single figure)."),
    "salary_currency": (_TEXT, "ISO 4217 code; <NA> when not stated and not assumable."),
    "salary_period": (_TEXT, "year, month, week, day or hour."),
    "salary_annual_min": ("float64", "salary_min annualised (see io.salary.ANNUAL_FACTOR)."),
    "salary_annual_max": ("float64", "salary_max annualised."),
    "offer_initial": ("float64", "First offer, annual, in `offer_currency`."),
    "offer_final": ("float64", "Final (negotiated) offer, annual; equals initial when none."),
    "offer_currency": (_TEXT, "Currency of the offer figures."),
    "asking_salary": (
        "float64",
        "What the applicant asked for, annual, in `asking_currency` (e.g. from LinkedIn's "
        "application answers).",
    ),
    "asking_currency": (_TEXT, "Currency of `asking_salary`."),
    "resume_version": (_TEXT, "Which resume / CV was sent."),
    "skill_gaps": (_TEXT, "Skills the person noted as missing after an interview or rejection."),
    "notes": (_TEXT, "Free-text notes; several notes columns are joined with newlines."),
    "client": (_TEXT, "Client name when several trackers are loaded together (load_many)."),
    "source_file": (_TEXT, "File the row came from."),
    "sheet": (_TEXT, "Sheet the row came from ('' for CSV)."),
    "row": ("Int64", "1-based spreadsheet row (CSV: line of the record, header = 1)."),
    "merged_from": (
        _TEXT,
        "When several sources held this application: their ids ('; '-separated, this row's "
        "own first); <NA> otherwise. Events keep their own file and cell.",
    ),
}

#: Event columns, in order: name -> (dtype, meaning).
EVENT_COLUMNS: Mapping[str, tuple[Any, str]] = {
    "application_id": (_TEXT, "The application this happened to."),
    "date": (_DATE, "When it happened; NaT when the tracker does not say."),
    "date_known": ("bool", "False when only the fact is known (a status, a Y flag)."),
    "kind": (_KIND_DTYPE, "One of EVENT_KINDS."),
    "channel": (_CHANNEL_DTYPE, "One of CHANNELS, or <NA>."),
    "round": ("Int64", "Interview round (1, 2, ...), <NA> when not an interview or unknown."),
    "note": (_TEXT, "What the tracker said, for the person reading the event."),
    "source_file": (_TEXT, "File the event came from."),
    "sheet": (_TEXT, "Sheet the event came from ('' for CSV)."),
    "row": ("Int64", "Spreadsheet row of the application."),
    "cell": (_TEXT, "Cell the event was read from, e.g. 'Fulltime!H12' (or 'H12' for CSV)."),
}


#: Contact columns (people you know), in order. The first seven are LinkedIn's
#: ``Connections.csv`` headers as LinkedIn writes them, so that a frame read from that file is
#: already a contacts table (and :func:`jobsearch_analytics.metrics.network.match_connections`
#: takes either).
CONTACT_COLUMNS: Mapping[str, tuple[Any, str]] = {
    "First Name": (_TEXT, "Given name."),
    "Last Name": (_TEXT, "Family name."),
    "URL": (_TEXT, "Profile URL."),
    "Email Address": (_TEXT, "E-mail (often empty: people choose whether to share it)."),
    "Company": (_TEXT, "Where the person works."),
    "Position": (_TEXT, "Their job title."),
    "Connected On": (_DATE, "When you connected."),
    "client": (_TEXT, "Client name when several files are loaded together (load_many)."),
    "source_file": (_TEXT, "File the row came from."),
    "row": ("Int64", "1-based line of the record in its file."),
}


def _empty(columns: Mapping[str, tuple[Any, str]]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, (dtype, _) in columns.items()})


def empty_applications() -> pd.DataFrame:
    """Return an applications table with no rows and the canonical columns and dtypes.

    Examples
    --------
    >>> empty_applications().shape[0]
    0
    """
    return _empty(APPLICATION_COLUMNS)


def empty_contacts() -> pd.DataFrame:
    """Return a contacts table with no rows and the canonical columns and dtypes.

    Examples
    --------
    >>> list(empty_contacts().columns[:2])
    ['First Name', 'Last Name']
    """
    return _empty(CONTACT_COLUMNS)


def empty_events() -> pd.DataFrame:
    """Return an events table with no rows and the canonical columns and dtypes.

    Examples
    --------
    >>> empty_events().shape[0]
    0
    """
    return _empty(EVENT_COLUMNS)


def conform(
    frame: pd.DataFrame, columns: Mapping[str, tuple[Any, str]], *, keep_extra: bool = True
) -> pd.DataFrame:
    """Return ``frame`` with the canonical columns first, in order and with their dtypes.

    Missing canonical columns are added empty. Extra columns (unmapped source columns) follow
    the canonical ones when ``keep_extra`` is true. The input is not modified.

    Raises
    ------
    ValueError
        When a value cannot take its column's dtype (for example a stage that is not in
        :data:`STAGES`): that is a bug in the reader, not in the user's file.

    Examples
    --------
    >>> import pandas as pd
    >>> apps = conform(pd.DataFrame({"company": ["Acme"], "stage": ["screen"]}),
    ...                APPLICATION_COLUMNS)
    >>> apps.loc[0, "stage"], str(apps["date_applied"].dtype)
    ('screen', 'datetime64[ns]')
    """
    n = len(frame)
    if not frame.index.equals(pd.RangeIndex(n)):
        frame = frame.reset_index(drop=True)
    out: dict[str, pd.Series] = {}
    for name, (dtype, _) in columns.items():
        if name in frame.columns:
            col = frame[name]
            if isinstance(dtype, pd.CategoricalDtype):
                bad = col.notna() & ~col.isin(dtype.categories)
                if bad.any():
                    raise ValueError(
                        f"column {name!r} holds values outside its vocabulary: "
                        f"{sorted(map(str, col[bad].unique()))[:5]}"
                    )
            if dtype == _DATE:
                col = pd.to_datetime(col)
            out[name] = col if col.dtype == dtype else col.astype(dtype)
        else:
            out[name] = pd.Series([None] * n, dtype=object).astype(dtype)
    result = pd.DataFrame(out, index=pd.RangeIndex(n))
    if keep_extra:
        extra = [c for c in frame.columns if c not in columns]
        if extra:
            result = pd.concat([result, frame[extra]], axis=1)
    return result


@dataclass(frozen=True)
class Evidence:
    """One kind of evidence a tracker may or may not hold (see :data:`EVIDENCE`).

    ``columns`` names the canonical fields (``io.columns.FIELDS``) or event kinds that provide
    it; ``hint`` is what a person reads when it is missing: what to add to learn it.
    """

    name: str
    meaning: str
    columns: tuple[str, ...]
    hint: str


_STATUS_FAMILY = ("status", "stage_history", "timeline", "one-hot stage columns")

#: The evidence names of :attr:`JobSearch.fields`, each with the tracker columns that provide
#: it and the one sentence shown when it is missing. A metric whose input is not held answers
#: "unknown" (None in JSON, :func:`missing_text` in words) and gives no advice.
EVIDENCE: Mapping[str, Evidence] = {
    e.name: e
    for e in (
        Evidence(
            "date_applied",
            "when each application was sent",
            ("date_applied", "date", "applied events"),
            "add a column 'Date applied'",
        ),
        Evidence(
            "reply",
            "whether the employer answered (any reply, rejection included)",
            (*_STATUS_FAMILY, "response_date", "rejection_date", "reply events"),
            "add a column 'Status' (Applied, No reply, Rejected, Interview, Offer ...)",
        ),
        Evidence(
            "outcome",
            "how each application ended (rejected, withdrawn, ghosted, accepted ...)",
            (*_STATUS_FAMILY, "rejection_date", "withdrawal_date", "outcome events"),
            "add a column 'Status' (Applied, No reply, Rejected, Interview, Offer ...)",
        ),
        Evidence(
            "interview",
            "which applications reached a screen or an interview",
            (*_STATUS_FAMILY, "screen_date", "interview_date", "interviewed", "interview events"),
            "add a column 'Status' or 'Interview date'",
        ),
        Evidence(
            "offer",
            "which applications ended in an offer",
            (*_STATUS_FAMILY, "offer_date", "offer_initial", "offer_final", "offer events"),
            "add a column 'Status' (with Offer) or 'Offer date'",
        ),
        Evidence(
            "reply_date",
            "when replies came (dates, not only that they came)",
            (
                "response_date",
                "rejection_date",
                "screen_date",
                "assessment_date",
                "interview_date",
                "offer_date",
                "timeline",
                "dated reply events",
            ),
            "add a column 'Response date' (the day of the first answer)",
        ),
        Evidence(
            "status_updated",
            "when each row was last edited (an upper bound on its reply date)",
            ("status_date",),
            "add a column 'Last update'",
        ),
        Evidence(
            "thank_you",
            "thank-you notes after interviews",
            ("thank_you", "thank_you events"),
            "add a column 'Thank-you sent' (a date or yes/no)",
        ),
        Evidence(
            "next_steps_asked",
            "asking about next steps at the end of an interview",
            ("next_steps_asked", "next_steps_asked events"),
            "add a column 'Asked about next steps' (yes/no)",
        ),
        Evidence(
            "follow_up",
            "follow-ups sent while waiting",
            ("follow_up", "follow_up events"),
            "add a column 'Follow-up' (a date or yes/no)",
        ),
        Evidence(
            "feedback_request",
            "asking for feedback after a rejection",
            ("feedback_requested", "feedback_request events"),
            "add a column 'Asked for feedback' (yes/no)",
        ),
        Evidence(
            "feedback_received",
            "feedback received after a rejection",
            ("feedback_received", "feedback_received events"),
            "add a column 'Feedback received' (yes/no)",
        ),
        Evidence(
            "skill_gaps",
            "skills noted as missing",
            ("skill_gaps",),
            "add a column 'Skill gaps'",
        ),
        Evidence("salary", "posted salaries", ("salary",), "add a column 'Salary'"),
        Evidence(
            "offer_amount",
            "offer figures",
            ("offer_initial", "offer_final"),
            "add a column 'Offer amount'",
        ),
        Evidence(
            "asking_salary",
            "what you asked for",
            ("asking_salary", "answers"),
            "add a column 'Asking salary'",
        ),
        Evidence("source", "where each job was found", ("source",), "add a column 'Source'"),
        Evidence(
            "referral",
            "whether you were referred",
            ("referral",),
            "add a column 'Referral' (yes/no or the referrer's name)",
        ),
        Evidence("company", "the employer", ("company",), "add a column 'Company'"),
        Evidence("role", "the job title", ("role",), "add a column 'Role'"),
        Evidence("location", "where the job is", ("location",), "add a column 'Location'"),
    )
}

#: Event kinds whose presence proves a kind of evidence (a reply event proves replies are
#: tracked, a thank-you event that thank-you notes are).
_EVIDENCE_OF_KIND: Mapping[str, tuple[str, ...]] = {
    "response": ("reply",),
    "screen": ("reply", "interview"),
    "assessment": ("reply", "interview"),
    "interview": ("reply", "interview"),
    "offer": ("reply", "interview", "offer", "outcome"),
    "negotiation": ("offer", "outcome"),
    "accepted": ("offer", "outcome"),
    "declined": ("offer", "outcome"),
    "rejection": ("reply", "outcome"),
    "withdrawal": ("outcome",),
    "ghosted": ("outcome",),
    "thank_you": ("thank_you",),
    "next_steps_asked": ("next_steps_asked",),
    "follow_up": ("follow_up",),
    "feedback_request": ("feedback_request",),
    "feedback_received": ("feedback_received",),
    "applied": (),
    "saved": (),
}

#: Application columns whose values prove a kind of evidence.
_EVIDENCE_OF_COLUMN: Mapping[str, tuple[str, ...]] = {
    "date_applied": ("date_applied",),
    "status_raw": ("reply", "outcome", "interview", "offer"),
    "skill_gaps": ("skill_gaps",),
    "salary_text": ("salary",),
    "salary_min": ("salary",),
    "salary_max": ("salary",),
    "salary_annual_min": ("salary",),
    "salary_annual_max": ("salary",),
    "offer_initial": ("offer_amount", "offer"),
    "offer_final": ("offer_amount", "offer"),
    "asking_salary": ("asking_salary",),
    "source": ("source",),
    "referral": ("referral",),
    "company": ("company",),
    "role": ("role",),
    "location": ("location",),
    "status_updated": ("status_updated",),
}

#: Columns that, when a caller hands them to :meth:`JobSearch.from_frames`, say the stage
#: and outcome are known (the caller decided them).
_OUTCOME_COLUMNS = ("stage", "outcome", "status_raw")
_MOVED_OR_ENDED = ("screen", "interview", "offer", "accepted", "rejected", "withdrawn", "ghosted")


def infer_fields(
    applications: pd.DataFrame,
    events: pd.DataFrame | None = None,
    *,
    given: Sequence[str] | None = None,
) -> frozenset[str]:
    """The evidence (:data:`EVIDENCE` names) tables hold, read from the tables themselves.

    The rule, for tables made without a loader: an application column in ``given`` (the
    columns a caller handed over) or, without ``given``, a column with at least one value,
    holds its evidence (:data:`EVIDENCE`'s ``columns``); a ``stage``, ``outcome`` or
    ``status_raw`` column handed over holds replies, outcomes, interviews and offers (the
    caller decided them); an event kind present holds its evidence, and a dated reply event
    holds reply dates. A loader knows better and passes ``fields=`` itself.

    Examples
    --------
    >>> apps = pd.DataFrame({"application_id": ["a"], "company": ["Acme"],
    ...                      "date_applied": ["2024-01-02"]})
    >>> sorted(infer_fields(apps))
    ['company', 'date_applied']
    >>> sorted(infer_fields(apps.assign(stage="applied"), given=["stage"]))
    ['interview', 'offer', 'outcome', 'reply']
    """
    held: set[str] = set()
    names = list(given) if given is not None else [*_EVIDENCE_OF_COLUMN, "stage", "outcome"]
    names = [name for name in names if name in applications.columns]
    filled = {name: applications[name].count() > 0 for name in names} if given is None else None
    for name in names:
        if given is None and name in ("stage", "outcome"):
            # a conformed table always has these: only a step past 'applied' or an ending
            # says the tracker kept them
            if not applications[name].isin(_MOVED_OR_ENDED).any():
                continue
        elif filled is not None and not filled[name]:
            continue
        held.update(_EVIDENCE_OF_COLUMN.get(name, ()))
        if name in _OUTCOME_COLUMNS:
            held.update(("reply", "outcome", "interview", "offer"))
    if events is not None and len(events) and "kind" in events.columns:
        counts = events["kind"].value_counts()
        for kind in counts.index[counts.to_numpy() > 0]:
            held.update(_EVIDENCE_OF_KIND.get(str(kind), ()))
        if "date_known" in events.columns:
            dated = events["date_known"].fillna(False).to_numpy(dtype=bool)
            kinds = events["kind"]
            if (kinds.isin(REPLY_KINDS).to_numpy(dtype=bool) & dated).any():
                held.add("reply_date")
            if (kinds.eq("applied").fillna(False).to_numpy(dtype=bool) & dated).any():
                held.add("date_applied")
    return frozenset(held)


def missing_text(name: str) -> str:
    """What a person reads where a number needs evidence the tracker does not hold.

    Examples
    --------
    >>> missing_text("reply_date")
    "not in your tracker — add a column 'Response date' (the day of the first answer) to learn this"
    """
    return f"not in your tracker — {EVIDENCE[name].hint} to learn this"


@dataclass(frozen=True)
class JobSearch:
    """A loaded job search: applications, events, the report of how they were read, and the
    people you know (``contacts``, :data:`CONTACT_COLUMNS`; empty unless a contacts export such
    as LinkedIn's ``Connections.csv`` was loaded).

    Build one with :func:`jobsearch_analytics.load` (or :func:`JobSearch.from_frames` for data
    you already hold). The tables follow :data:`APPLICATION_COLUMNS` and :data:`EVENT_COLUMNS`.

    Examples
    --------
    >>> import pandas as pd
    >>> s = JobSearch.from_frames(
    ...     pd.DataFrame({"application_id": ["a"], "company": ["Acme"], "stage": ["applied"],
    ...                   "outcome": ["open"], "date_applied": ["2024-05-01"]}),
    ...     pd.DataFrame({"application_id": ["a"], "date": ["2024-05-01"], "date_known": [True],
    ...                   "kind": ["applied"]}))
    >>> len(s), s.applications.loc[0, "company"]
    (1, 'Acme')
    """

    applications: pd.DataFrame
    events: pd.DataFrame
    report: LoadReport = field(repr=False)
    contacts: pd.DataFrame = field(default=None, repr=False)  # type: ignore[assignment]
    fields: frozenset[str] = field(default=None, repr=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        # Optional so that JobSearch(applications, events, report) keeps working.
        if self.contacts is None:
            object.__setattr__(self, "contacts", empty_contacts())
        if self.fields is None:
            object.__setattr__(self, "fields", infer_fields(self.applications, self.events))
        else:
            unknown = set(self.fields) - set(EVIDENCE)
            if unknown:
                raise ValueError(
                    f"fields= names no evidence {sorted(unknown)}; known: {sorted(EVIDENCE)}"
                )
            object.__setattr__(self, "fields", frozenset(self.fields))

    def holds(self, name: str) -> bool:
        """Whether the source held evidence ``name`` (an :data:`EVIDENCE` name) at all.

        Examples
        --------
        >>> s = JobSearch.from_frames(pd.DataFrame({"application_id": ["a"],
        ...                                         "date_applied": ["2024-01-02"]}))
        >>> s.holds("date_applied"), s.holds("reply")
        (True, False)
        """
        if name not in EVIDENCE:
            raise ValueError(f"no evidence named {name!r}; known: {sorted(EVIDENCE)}")
        return name in self.fields

    @classmethod
    def from_frames(
        cls,
        applications: pd.DataFrame,
        events: pd.DataFrame | None = None,
        report: LoadReport | None = None,
        contacts: pd.DataFrame | None = None,
        *,
        fields: Iterable[str] | None = None,
    ) -> JobSearch:
        """Make a JobSearch from tables that use (a subset of) the canonical columns.

        ``fields`` says which :data:`EVIDENCE` the source held; without it the tables say:
        every application column handed over holds its evidence (a ``stage``, ``outcome`` or
        ``status_raw`` column: replies, outcomes, interviews and offers), and so does every
        event kind present (see :func:`infer_fields`).
        """
        apps = conform(applications, APPLICATION_COLUMNS)
        evs = conform(events if events is not None else empty_events(), EVENT_COLUMNS)
        cons = conform(contacts, CONTACT_COLUMNS) if contacts is not None else None
        held = (
            frozenset(fields)
            if fields is not None
            else infer_fields(apps, evs, given=list(applications.columns))
        )
        return cls(apps, evs, report if report is not None else LoadReport(), cons, held)

    def __len__(self) -> int:
        return len(self.applications)

    def __repr__(self) -> str:
        return (
            f"JobSearch({len(self.applications)} applications, {len(self.events)} events, "
            f"{len(self.report.entries)} report entries)"
        )

    def _repr_html_(self) -> str:
        stages = self.applications["stage"].value_counts().reindex(list(STAGES), fill_value=0)
        cells = "".join(f"<td>{html.escape(s)}: {int(v)}</td>" for s, v in stages.items())
        return (
            f"<div><b>JobSearch</b>: {len(self.applications)} applications, "
            f"{len(self.events)} events, {len(self.report.entries)} report entries"
            f"<table><tr>{cells}</tr></table></div>"
        )


#: What happened to a value: ``coerced`` (changed type or form, e.g. a serial number read as a
#: date), ``guessed`` (an ambiguity resolved by a rule, e.g. day-first), ``dropped`` (not used:
#: a blank or duplicate row, an unreadable sheet), ``unparsed`` (kept as text only, e.g. a
#: salary "DOE"), ``merged`` (two records joined), ``info`` (worth knowing, nothing changed).
ENTRY_KINDS: tuple[str, ...] = ("coerced", "guessed", "dropped", "unparsed", "merged", "info")

_ENTRY_COLUMNS = [
    "file",
    "sheet",
    "cell",
    "row",
    "column",
    "field",
    "raw",
    "problem",
    "action",
    "kind",
]
_MAPPING_COLUMNS = ["file", "sheet", "source_column", "cell", "field", "how", "score", "evidence"]
_SHEET_COLUMNS = [
    "file",
    "sheet",
    "role",
    "format",
    "header_row",
    "rows_read",
    "rows_kept",
    "rows_dropped",
    "reason",
]
_FILE_COLUMNS = ["file", "status", "format", "error"]


def _frame(rows: Sequence[Mapping[str, Any]], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=columns)
    for c in columns:
        if c in ("row", "header_row", "rows_read", "rows_kept", "rows_dropped"):
            frame[c] = frame[c].astype("Int64")
        elif c == "score":
            frame[c] = frame[c].astype("float64")
        else:
            frame[c] = frame[c].astype("str")
    return frame


@dataclass(frozen=True)
class LoadReport:
    """What a load did, as four tables.

    Attributes
    ----------
    entries : DataFrame
        One row per value (or row) coerced, guessed, dropped or left unparsed: ``file, sheet,
        cell, row, column, field, raw, problem, action, kind``.
    mapping : DataFrame
        Which source column fed which canonical field: ``file, sheet, source_column, cell,
        field, how, score, evidence``. ``field == '(kept)'`` marks a column kept as it is;
        ``evidence`` says what the header and the values showed ("header 'Date Applied'
        (synonym) + 97% of 41 values are dates").
    sheets : DataFrame
        One row per sheet: its role, detected format, header row and row accounting
        (``rows_read == rows_kept + rows_dropped`` for tracker sheets).
    files : DataFrame
        One row per file: ``loaded`` or ``failed`` with the error message.
    """

    entries: pd.DataFrame = field(default_factory=lambda: _frame([], _ENTRY_COLUMNS))
    mapping: pd.DataFrame = field(default_factory=lambda: _frame([], _MAPPING_COLUMNS))
    sheets: pd.DataFrame = field(default_factory=lambda: _frame([], _SHEET_COLUMNS))
    files: pd.DataFrame = field(default_factory=lambda: _frame([], _FILE_COLUMNS))

    @classmethod
    def from_records(
        cls,
        entries: Sequence[Mapping[str, Any]] = (),
        mapping: Sequence[Mapping[str, Any]] = (),
        sheets: Sequence[Mapping[str, Any]] = (),
        files: Sequence[Mapping[str, Any]] = (),
    ) -> LoadReport:
        """A report from rows of its four tables (dicts keyed by column name).

        Examples
        --------
        >>> r = LoadReport.from_records(files=[{"file": "t.csv", "status": "loaded"}])
        >>> r.files.loc[0, "status"], len(r.entries)
        ('loaded', 0)
        """
        return cls(
            entries=_frame(entries, _ENTRY_COLUMNS),
            mapping=_frame(mapping, _MAPPING_COLUMNS),
            sheets=_frame(sheets, _SHEET_COLUMNS),
            files=_frame(files, _FILE_COLUMNS),
        )

    @property
    def rows_read(self) -> int:
        return int(self.sheets["rows_read"].fillna(0).sum())

    @property
    def rows_kept(self) -> int:
        return int(self.sheets["rows_kept"].fillna(0).sum())

    @property
    def rows_dropped(self) -> int:
        return int(self.sheets["rows_dropped"].fillna(0).sum())

    def counts(self) -> dict[str, int]:
        """Number of entries by kind (every kind present, zero when none).

        Examples
        --------
        >>> LoadReport().counts()["coerced"]
        0
        """
        vc = self.entries["kind"].value_counts()
        return {k: int(vc.get(k, 0)) for k in ENTRY_KINDS}

    def to_text(self, *, max_entries: int = 200, every_cell: bool = True) -> str:
        """A plain-text rendering for the terminal (``jobsearch-analytics validate``).

        ``every_cell=False`` shows one line per column and problem with its cell ranges
        (:func:`group_entries`); ``max_entries`` then counts those lines.
        """
        lines: list[str] = []
        for f in self.files.itertuples():
            lines.append(f"{f.file}: {f.status}" + (f" ({f.format})" if f.format else ""))
            if f.error:
                lines.append(f"  error: {f.error}")
        for s in self.sheets.itertuples():
            where = f"  sheet {s.sheet!r}" if s.sheet else "  data"
            if s.role == "tracker":
                lines.append(
                    f"{where}: tracker, header on row {s.header_row}, {s.rows_read} rows read, "
                    f"{s.rows_kept} kept, {s.rows_dropped} dropped"
                    + (f" [{s.format}]" if s.format else "")
                )
            else:
                lines.append(f"{where}: {s.role}" + (f" ({s.reason})" if s.reason else ""))
        if len(self.mapping):
            lines.append("Columns:")
            for m in self.mapping.itertuples():
                how = f"{m.how}" + (f" {m.score:.2f}" if m.how == "fuzzy" else "")
                lines.append(f"  {m.cell:<14} {m.source_column!r:<30} -> {m.field} ({how})")
        counts = {k: v for k, v in self.counts().items() if v}
        lines.append(
            "Entries: " + (", ".join(f"{v} {k}" for k, v in counts.items()) if counts else "none")
        )
        lines.extend(entry_lines(self.entries, every_cell=every_cell, max_lines=max_entries))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text(max_entries=20)

    def _repr_html_(self) -> str:
        counts = ", ".join(f"{v} {k}" for k, v in self.counts().items() if v) or "no entries"
        parts = [
            "<div class='jsa-load-report'>",
            f"<p><b>Load report</b>: {self.rows_read} rows read, {self.rows_kept} kept, "
            f"{self.rows_dropped} dropped; {html.escape(counts)}.</p>",
        ]
        for title, frame in (
            ("Sheets", self.sheets),
            ("Columns", self.mapping),
            ("Entries", self.entries.head(500)),
        ):
            if len(frame):
                parts.append(f"<details><summary>{title} ({len(frame)})</summary>")
                parts.append(frame.to_html(index=False, escape=True, na_rep=""))
                parts.append("</details>")
        parts.append("</div>")
        return "".join(parts)


def show_when(value: Any) -> str:
    """A date or time as a person reads it: ``2024-10-18``, or ``2024-10-18 01:50`` with the
    time (seconds only when there are some).

    Examples
    --------
    >>> show_when(pd.Timestamp("2024-10-18 01:50")), show_when(pd.Timestamp("2024-10-18"))
    ('2024-10-18 01:50', '2024-10-18')
    >>> show_when(pd.Timestamp("2024-10-18 01:50:07")), show_when(pd.NaT)
    ('2024-10-18 01:50:07', '')
    """
    if value is None or pd.isna(value):
        return ""
    if not hasattr(value, "hour"):  # a date, or a time of day
        return value.isoformat()
    stamp = pd.Timestamp(value)
    if stamp == stamp.normalize():
        return stamp.strftime("%Y-%m-%d")
    return stamp.strftime("%Y-%m-%d %H:%M" if stamp.second == 0 else "%Y-%m-%d %H:%M:%S")


_NUMBERS = re.compile(r"\d[\d,.:/-]*")
_CELL = re.compile(r"^(?P<prefix>.*!)?(?P<col>[A-Z]*)(?P<row>\d*)$")


def _pattern(text: str) -> str:
    """A problem's wording with its figures taken out, so 'row 5 ...' groups with 'row 9 ...'."""
    return _NUMBERS.sub("…", str(text))


def _ranges(cells: pd.Series) -> str:
    """``Sheet!H6:H77`` per spreadsheet column, from the first to the last row it touches."""
    parts: dict[tuple[str, str], list[int]] = {}
    for cell in cells:
        m = _CELL.match(str(cell))
        if m is None or not m["row"]:
            continue
        parts.setdefault((m["prefix"] or "", m["col"]), []).append(int(m["row"]))
    shown = []
    for (prefix, col), rows in parts.items():
        lo, hi = min(rows), max(rows)
        shown.append(f"{prefix}{col}{lo}" + (f":{col}{hi}" if hi != lo else ""))
    return ", ".join(shown)


def group_entries(entries: pd.DataFrame) -> pd.DataFrame:
    """Report entries grouped by file, sheet, column, kind and problem (its figures aside).

    One row per group, in the order the groups first appear: ``file, sheet, column, field,
    kind, problem, action, cells, count, examples``. ``problem`` and ``action`` are the
    entries' own when they all agree; otherwise ``problem`` is the shared wording with figures
    shown as ``…`` and ``action`` is the first entry's, prefixed ``e.g.``. ``cells`` gives the
    cell ranges (``Jobs!H6:H77``: the first and last row of each spreadsheet column, not
    every cell between), ``examples`` up to three distinct raw values.

    Examples
    --------
    >>> from jobsearch_analytics.io.report import ReportBuilder
    >>> b = ReportBuilder()
    >>> for row, raw in ((6, "N/A"), (9, "n/a"), (77, "N/A")):
    ...     b.entry(file="t.xlsx", sheet="Jobs", row=row, col=7, column="Salary",
    ...             field="salary", raw=raw, problem="salary not listed",
    ...             action="no salary figures", kind="coerced")
    >>> g = group_entries(b.build().entries)
    >>> g.loc[0, "cells"], int(g.loc[0, "count"]), g.loc[0, "examples"]
    ('Jobs!H6:H77', 3, "'N/A', 'n/a'")
    """
    columns = ["file", "sheet", "column", "field", "kind", "problem", "action"]
    if entries.empty:
        return pd.DataFrame(columns=[*columns, "cells", "count", "examples"])
    keyed = entries.assign(_pattern=entries["problem"].map(_pattern))
    keys = ["file", "sheet", "column", "field", "kind", "_pattern"]
    rows = []
    for _, group in keyed.groupby(keys, sort=False, dropna=False):
        first = group.iloc[0]
        problems, actions = group["problem"].unique(), group["action"].unique()
        raws = [r for r in group["raw"].unique() if isinstance(r, str) and r != "None"]
        rows.append(
            {
                **{c: first[c] for c in columns[:5]},
                "problem": problems[0] if len(problems) == 1 else first["_pattern"],
                "action": actions[0] if len(actions) == 1 else f"e.g. {first['action']}",
                "cells": _ranges(group["cell"]) if len(group) > 1 else first["cell"],
                "count": len(group),
                "examples": ", ".join(repr(r) for r in raws[:3]),
            }
        )
    return pd.DataFrame(rows)


def entry_lines(
    entries: pd.DataFrame, *, every_cell: bool = False, max_lines: int | None = None
) -> list[str]:
    """Text lines for report entries: one per group (:func:`group_entries`), or one per cell.

    A group reads ``[kind] 'Column' Sheet!H6:H77, 27 cells: problem -> action (values: up to
    three raw values)``; a group of one cell keeps the cell's own line.

    Examples
    --------
    >>> from jobsearch_analytics.io.report import ReportBuilder
    >>> b = ReportBuilder()
    >>> for row in (6, 7, 9):
    ...     b.entry(file="t.csv", sheet=None, row=row, col=7, column="Salary", raw="DOE",
    ...             problem="no amount found", action="no salary figures", kind="unparsed")
    >>> print("\\n".join(entry_lines(b.build().entries)))
      [unparsed] 'Salary' H6:H9, 3 cells: no amount found -> no salary figures (values: 'DOE')
    >>> print("\\n".join(entry_lines(b.build().entries, every_cell=True, max_lines=2)))
      [unparsed] H6 'DOE': no amount found -> no salary figures
      [unparsed] H7 'DOE': no amount found -> no salary figures
      ... and 1 more
    """
    lines: list[str] = []
    if every_cell:
        for e in entries.itertuples():
            raw = f" {e.raw!r}" if isinstance(e.raw, str) and e.raw != "None" else ""
            lines.append(f"  [{e.kind}] {e.cell}{raw}: {e.problem} -> {e.action}")
    else:
        for g in group_entries(entries).itertuples():
            if g.count == 1:
                raw = f" {g.examples}" if g.examples else ""
                lines.append(f"  [{g.kind}] {g.cells}{raw}: {g.problem} -> {g.action}")
                continue
            column = f" {g.column!r}" if isinstance(g.column, str) and g.column != "None" else ""
            unit = "cells" if re.search(r"[A-Z]\d", g.cells) else "rows"
            seen = f" (values: {g.examples})" if g.examples else ""
            lines.append(
                f"  [{g.kind}]{column} {g.cells}, {g.count} {unit}: {g.problem} -> {g.action}{seen}"
            )
    if max_lines is not None and len(lines) > max_lines:
        more = len(lines) - max_lines
        lines = [*lines[:max_lines], f"  ... and {more} more"]
    return lines
