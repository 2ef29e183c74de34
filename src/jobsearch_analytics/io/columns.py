"""Which source column feeds which canonical field: header names in thirteen languages, rules
for composite headers ("Interview 2 Thank-You Via"), and fuzzy matching as a last resort.

The words live in one data file, ``io/vocabulary/headers.csv`` (``field,language,text,match``;
see the README next to it): a contributor adds a language or a spelling there, without code.

A header is matched in this order, and the report says which way it was matched:

1. ``override`` -- the caller's ``columns={"Made contact?": "follow_up"}``;
2. ``synonym`` -- the normalised header (see :func:`normalise_header`) is a known name;
3. ``rule`` -- keyword rules for headers that combine a thing, a round and an attribute;
4. ``fuzzy`` -- close to a known name (``difflib`` ratio >= :data:`FUZZY_CUTOFF`), reported
   with its score so a person can check it.

A header only proposes: :func:`jobsearch_analytics.io.layout.find_layout` checks each proposal
against what the column holds (:mod:`jobsearch_analytics.io.profile`) before assigning it.

Examples
--------
>>> match_header("Date Applied").field, match_header("Beworben am").field
('date_applied', 'date_applied')
>>> m = match_header("Interview 2 Thank-You Via")
>>> m.field, m.round, m.how
('thank_you_channel', 2, 'rule')
>>> match_header("申请日期").field, match_header("Job Titel").field, match_header("Job Titel").how
('date_applied', 'role', 'fuzzy')
>>> match_header("Başvuru Tarihi").field, match_header("Дата отклика").field
('date_applied', 'date_applied')
>>> match_header("Favourite colour") is None
True
"""

from __future__ import annotations

import csv
import difflib
import functools
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = [
    "CONTEXT_NAMES",
    "FIELDS",
    "FUZZY_CUTOFF",
    "Field",
    "HeaderMatch",
    "VocabularyEntry",
    "context_name",
    "header_candidates",
    "header_vocabulary",
    "match_header",
    "normalise_header",
]

ValueKind = Literal[
    "text",
    "date",
    "flag",
    "flag_or_date",
    "count",
    "money",
    "salary",
    "status",
    "channel",
    "timeline",
    "history",
    "referral",
    "answers",
]


@dataclass(frozen=True)
class Field:
    """A canonical field a source column can feed.

    ``kind`` says how its cells are parsed; ``event`` is the event kind a dated or flagged cell
    becomes (``None`` for application attributes); ``multi`` fields may be fed by several
    columns (joined for text, one event per column for events).
    """

    name: str
    kind: ValueKind
    event: str | None = None
    multi: bool = False
    synonyms: tuple[str, ...] = ()
    description: str = ""


def normalise_header(text: object) -> str:
    """Lower case, NFKC, non-breaking and repeated spaces folded, trailing ``?:*.`` removed,
    underscores as spaces; a Turkish dotted capital İ reads as i.

    Examples
    --------
    >>> normalise_header("  Referral?\\u00a0 ") , normalise_header("DATE_APPLIED"),\\
    ...     normalise_header("Status:")
    ('referral', 'date applied', 'status')
    >>> normalise_header("BAŞVURU TARİHİ"), normalise_header("#"), normalise_header("No.")
    ('başvuru tarihi', '#', 'no')
    """
    s = unicodedata.normalize("NFKC", str(text)).replace("\u00a0", " ").replace("_", " ")
    s = re.sub(r"\s+", " ", s).strip().lower().replace("i\u0307", "i")
    core = s.rstrip("?:*. ").lstrip("*# ")
    return core or s.strip("?:*. ")


def _f(
    name: str,
    kind: ValueKind,
    *,
    event: str | None = None,
    multi: bool = False,
    description: str = "",
) -> Field:
    return Field(name, kind, event, multi, _NAMES_OF.get(name, ()), description)


@dataclass(frozen=True)
class VocabularyEntry:
    """One row of ``vocabulary/headers.csv``.

    ``field`` is a canonical field, a qualifier (``~channel``, ``~about`` ...: words that
    change what a composite header means) or a name used in context
    (:data:`CONTEXT_NAMES`); ``match`` is ``name`` (the whole header) or ``word`` (a word
    inside a composite header).
    """

    field: str
    language: str
    text: str
    match: str
    line: int


#: Names that mean something only in context: an application number (a tracker without a
#: company column numbers its rows) and a posting's name (an export whose ``Name`` column sits
#: next to the job URL). See :func:`jobsearch_analytics.io.layout.find_layout`.
CONTEXT_NAMES = ("application_number", "posting")


def header_vocabulary() -> tuple[VocabularyEntry, ...]:
    """The rows of ``vocabulary/headers.csv``, texts normalised as headers are.

    Examples
    --------
    >>> rows = header_vocabulary()
    >>> sorted({r.language for r in rows})  # doctest: +NORMALIZE_WHITESPACE
    ['de', 'en', 'es', 'fr', 'it', 'ja', 'ko', 'nl', 'pl', 'pt', 'ru', 'tr', 'zh']
    >>> next(r for r in rows if r.text == "mülakat" and r.match == "name").field
    'interview_date'
    """
    return _VOCABULARY


def _is_normal(text: str) -> bool:
    """Whether :func:`normalise_header` would leave ``text`` as it is (checked cheaply: most
    vocabulary rows are written normalised, and reading them is part of every cold start)."""
    return (
        text == text.lower()
        and unicodedata.is_normalized("NFKC", text)
        and not any(ch in text for ch in "_\t\u00a0\u0307")
        and "  " not in text
        and not text.endswith(("?", ":", "*", "."))
        and not text.startswith(("*", "#"))
    ) or text == "#"


#: The header vocabulary (see the README next to it).
VOCABULARY_FILE = Path(__file__).with_name("vocabulary") / "headers.csv"


def _read_vocabulary() -> tuple[VocabularyEntry, ...]:
    # A plain path (the file ships inside the package): importlib.resources would add ~20 ms
    # to every cold start.
    with VOCABULARY_FILE.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        head = [h.strip() for h in next(reader, [])]
        missing = {"field", "language", "text", "match"} - set(head)
        if missing:
            raise ValueError(f"vocabulary/headers.csv: missing columns {sorted(missing)}")
        at = {name: head.index(name) for name in ("field", "language", "text", "match")}
        rows = []
        for i, row in enumerate(reader, start=2):
            if not row:
                continue
            match = row[at["match"]].strip() or "name"
            if match not in ("name", "word"):
                raise ValueError(f"vocabulary/headers.csv line {i}: match must be name or word")
            raw = row[at["text"]].strip()
            text = raw if match == "word" or _is_normal(raw) else normalise_header(raw)
            field, language = row[at["field"]].strip(), row[at["language"]].strip()
            rows.append(VocabularyEntry(field, language, text, match, i))
    return tuple(rows)


_VOCABULARY = _read_vocabulary()
_NAMES_OF: dict[str, tuple[str, ...]] = {}
for _row in _VOCABULARY:
    if _row.match == "name" and _row.field not in CONTEXT_NAMES:
        _NAMES_OF[_row.field] = (*_NAMES_OF.get(_row.field, ()), _row.text)


#: Every field a source column can map to. Its synonyms are the ``name`` rows of
#: ``vocabulary/headers.csv`` (read before this table is built).
FIELDS: dict[str, Field] = {
    f.name: f
    for f in [
        _f(
            "company",
            "text",
            description="Employer",
        ),
        _f(
            "role",
            "text",
            description="Job title",
        ),
        _f(
            "location",
            "text",
            multi=True,
            description="Place; several columns are joined",
        ),
        _f(
            "source",
            "text",
            description="Where the job was found",
        ),
        _f(
            "referral",
            "referral",
            description="Referred or known contact (a name counts as yes)",
        ),
        _f(
            "contact_name",
            "text",
            description="Recruiter or contact",
        ),
        _f(
            "contact_email",
            "text",
            description="Contact e-mail",
        ),
        _f(
            "contact_phone",
            "text",
            description="Contact phone",
        ),
        _f(
            "url",
            "text",
            description="Posting URL",
        ),
        _f(
            "job_id",
            "text",
            description="Requisition id",
        ),
        _f(
            "posting",
            "text",
            description="A posting's name ('Data Analyst at Acme', 'Acme - Analyst'): company "
            "and role are read from it (assigned only in context: no company column)",
        ),
        _f(
            "date_applied",
            "date",
            event="applied",
            description="When the application was sent",
        ),
        _f(
            "date",
            "date",
            description="A bare 'Date' column: read as the application date when none other",
        ),
        _f(
            "date_saved",
            "flag_or_date",
            event="saved",
            description="When the job was saved (before applying)",
        ),
        _f(
            "status",
            "status",
            description="Free-text status",
        ),
        _f(
            "status_date",
            "date",
            description="When the status was last set",
        ),
        _f(
            "salary",
            "salary",
            description="Posted salary text",
        ),
        _f(
            "offer_initial",
            "money",
            description="First offer",
        ),
        _f(
            "offer_final",
            "money",
            description="Final offer",
        ),
        _f(
            "asking_salary",
            "money",
            description="What you asked for (annualised)",
        ),
        _f(
            "answers",
            "answers",
            description="Application questions and answers; a salary expectation in them "
            "becomes asking_salary",
        ),
        _f(
            "resume_version",
            "text",
            description="Resume version",
        ),
        _f(
            "skill_gaps",
            "text",
            multi=True,
            description="Skills noted as missing",
        ),
        _f(
            "notes",
            "text",
            multi=True,
            description="Free text; several columns are joined",
        ),
        # ---- wide-tracker event columns -------------------------------------------------
        _f(
            "response_date",
            "flag_or_date",
            event="response",
            description="First reply of any kind",
        ),
        _f(
            "screen_date",
            "flag_or_date",
            event="screen",
            multi=True,
            description="Screen call",
        ),
        _f(
            "assessment_date",
            "flag_or_date",
            event="assessment",
            multi=True,
            description="Test or take-home",
        ),
        _f(
            "interview_date",
            "flag_or_date",
            event="interview",
            multi=True,
            description="Interview (round read from the header)",
        ),
        _f(
            "interview_count",
            "count",
            event="interview",
            description="How many interviews (a count: 1 or more means interviewed)",
        ),
        _f(
            "interviewed",
            "flag_or_date",
            event="interview",
            description="Interviewed yes/no",
        ),
        _f(
            "thank_you",
            "flag_or_date",
            event="thank_you",
            multi=True,
            description="Thank-you note (date sent or yes)",
        ),
        _f(
            "thank_you_channel",
            "channel",
            multi=True,
            description="How the thank-you was sent",
        ),
        _f(
            "next_steps_asked",
            "flag_or_date",
            event="next_steps_asked",
            description="Asked about next steps",
        ),
        _f(
            "follow_up",
            "flag_or_date",
            event="follow_up",
            multi=True,
            description="Follow-up (date or yes)",
        ),
        _f(
            "follow_up_channel",
            "channel",
            multi=True,
            description="How the follow-up was made",
        ),
        _f(
            "offer_date",
            "flag_or_date",
            event="offer",
            description="Offer",
        ),
        _f(
            "rejection_date",
            "flag_or_date",
            event="rejection",
            description="Rejection",
        ),
        _f(
            "withdrawal_date",
            "flag_or_date",
            event="withdrawal",
            description="Withdrawal",
        ),
        _f(
            "feedback_requested",
            "flag_or_date",
            event="feedback_request",
            description="Asked for feedback",
        ),
        _f(
            "feedback_received",
            "flag_or_date",
            event="feedback_received",
            description="Feedback received",
        ),
        _f(
            "timeline",
            "timeline",
            description="Shorthand timeline text ('2.6 applied 2.15 vo')",
        ),
        _f(
            "stage_history",
            "history",
            description="List of stages in one cell",
        ),
    ]
}

#: Lowest difflib ratio for a fuzzy match. High on purpose: a wrong mapping is worse than a
#: column kept as it is (the report shows it and ``columns=`` fixes it).
FUZZY_CUTOFF: float = 0.86

_QUALIFIERS = ("~channel", "~asked", "~final", "~when", "~amount", "~about", "~via")


def _check_vocabulary() -> None:
    """Every row names a field, a qualifier or a context name (a typo fails loudly)."""
    known = {*FIELDS, *_QUALIFIERS, *CONTEXT_NAMES}
    for row in _VOCABULARY:
        if row.field not in known:
            raise ValueError(
                f"vocabulary/headers.csv line {row.line}: {row.field!r} is no field, "
                f"qualifier or context name (one of {', '.join(sorted(known))})"
            )


_check_vocabulary()

_SYNONYMS: dict[str, str] = {}
for _field in FIELDS.values():
    for _s in _field.synonyms:
        _SYNONYMS.setdefault(_s, _field.name)
_WORDS: dict[str, tuple[str, ...]] = defaultdict(tuple)
_CONTEXT: dict[str, str] = {}
for _row in _VOCABULARY:
    if _row.match == "word":
        _WORDS[_row.field] = (*_WORDS[_row.field], _row.text.lower())
    elif _row.field in CONTEXT_NAMES:
        _CONTEXT.setdefault(_row.text, _row.field)
#: Event fields a composite header names by one of its words, most specific first: the order
#: in which :func:`_rule` tries them after its special cases.
_WORD_FIELDS = (
    "rejection_date",
    "screen_date",
    "assessment_date",
    "interview_date",
    "date_applied",
    "response_date",
    "referral",
    "company",
    "role",
    "url",
    "notes",
    "location",
)


@dataclass(frozen=True)
class HeaderMatch:
    """How one header was matched: the field, the interview round or repeat number it names,
    how it was matched and a score in [0, 1] (``weak`` when the header names an attribute of
    the thing, as in "Rejection Reason": only dates or yes/no support it)."""

    field: str
    round: int | None
    how: str
    score: float = 1.0
    weak: bool = False


_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "final": None,
    "erste": 1,
    "zweite": 2,
    "dritte": 3,
    "premier": 1,
    "deuxième": 2,
    "primera": 1,
    "segunda": 2,
}
_CN_ROUNDS = {
    "一面": 1,
    "二面": 2,
    "三面": 3,
    "四面": 4,
    "终面": None,
    "一次": 1,
    "二次": 2,
    "三次": 3,
    "最終": None,
}
_ROUND_RE = re.compile(
    r"(?:\b(?:round|rd|r|interview|stage|#|no\.?)\s*(\d+)\b)|(?:\b(\d+)\s*(?:st|nd|rd|th)\b)|"
    r"(?:\b(\d+)\b)|(?:(\d+)\s*차)"
)


def _strip_round(h: str) -> tuple[str, int | None]:
    for cn, rnd in _CN_ROUNDS.items():
        if cn in h:
            return h.replace(cn, "面试").strip(), rnd
    for word, rnd in _ORDINALS.items():
        if re.search(rf"\b{word}\b", h):
            if rnd is None:
                return h, None
            return re.sub(rf"\b{word}\b", "", h).strip(), rnd
    m = _ROUND_RE.search(h)
    if m:
        num = next(g for g in m.groups() if g)
        rest = (h[: m.start()] + " " + h[m.end() :]).replace("#", " ")
        rest = re.sub(r"\b(round|rd)\b", " ", rest)
        if m.group(0).strip().startswith("interview"):
            rest = "interview " + rest
        rest = re.sub(r"\s+", " ", rest).strip(" -")
        return rest, int(num)
    return h, None


def _at_word_start(h: str, word: str) -> bool:
    """Whether ``word`` occurs in ``h`` not preceded by a letter a-z: what the regular
    expression ``(?<![a-z])word`` finds, without one per keyword and header."""
    i = h.find(word)
    while i != -1:
        if i == 0 or not "a" <= h[i - 1] <= "z":
            return True
        i = h.find(word, i + 1)
    return False


def _short(word: str) -> bool:
    return len(word) <= 3 and word.isascii() and word.isalpha()


def _word_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """One expression for a list of words: each at a word start (``(?<![a-z])``, as
    :func:`_at_word_start`); Latin words of up to three letters ("via", "by") whole."""
    long = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True) if not _short(w))
    short = "|".join(re.escape(w) for w in words if _short(w))
    parts = ([rf"(?<![a-z])(?:{long})"] if long else []) + (
        [rf"(?<!\w)(?:{short})(?!\w)"] if short else []
    )
    return re.compile("|".join(parts) or r"(?!x)x")


@functools.lru_cache(maxsize=64)
def _words_re(key: str) -> re.Pattern[str]:
    """The expression for one key's words, compiled when first needed (not at import)."""
    if key == "*":
        # Any field's word: most cells searched for the header hold none, and one search
        # rules them out.
        return _word_pattern(
            tuple(w for k, ws in _WORDS.items() if not k.startswith("~") for w in ws)
        )
    return _word_pattern(_WORDS.get(key, ()))


def _has(h: str, key: str) -> bool:
    """Whether the header holds one of the vocabulary's words for ``key`` (a field or a
    qualifier)."""
    return key in _WORDS and _words_re(key).search(h) is not None


def _rule(h: str) -> tuple[str, bool] | None:
    """Keyword rules for composite headers, most specific first: the field, and whether the
    header names an attribute of it (``weak``: "Rejection Reason", "Interview Notes", a
    "Next Step" that is not "asked about next steps")."""
    if _words_re("*").search(h) is None:
        return None
    about = _has(h, "~about")
    if _has(h, "thank_you"):
        return ("thank_you_channel", False) if _has(h, "~channel") else ("thank_you", about)
    if _has(h, "follow_up"):
        return ("follow_up_channel", False) if _has(h, "~channel") else ("follow_up", about)
    if _has(h, "next_steps_asked"):
        return "next_steps_asked", about or not _has(h, "~asked")
    if _has(h, "feedback_received"):
        return ("feedback_requested" if _has(h, "~asked") else "feedback_received"), about
    if _has(h, "salary"):
        return ("offer_final" if _has(h, "~final") else "salary"), False
    if _has(h, "offer_initial"):
        if _has(h, "~final"):
            return "offer_final", False
        if _has(h, "~when"):
            return "offer_date", about
        if _has(h, "~amount"):
            return "offer_initial", False
        return None
    for field in _WORD_FIELDS:
        if not _has(h, field):
            continue
        if field == "interview_date" and (h.startswith("interviewed") or h.endswith("interviewed")):
            return "interviewed", False
        if field == "date_applied" and _has(h, "~via"):
            return "source", False
        return field, about and FIELDS[field].kind in ("date", "flag_or_date")
    return None


@functools.lru_cache(maxsize=4096)
def _match_cached(text: str, fuzzy: bool) -> HeaderMatch | None:
    return _match(text, fuzzy=fuzzy)


def match_header(text: object, *, fuzzy: bool = True) -> HeaderMatch | None:
    """Match a header to a canonical field, or ``None`` when nothing fits well enough.

    Parameters
    ----------
    text : object
        The header as typed (anything else is matched as its ``str``).
    fuzzy : bool, default True
        Whether to fall back to a look-alike known name (``how == "fuzzy"``). False stops after
        the synonyms and keyword rules: what deciding which row is the header needs (a fuzzy
        match does not count there), without comparing every data cell above and below it
        with every known name.

    Examples
    --------
    >>> match_header("1st Interview").round, match_header("二面").round
    (1, 2)
    >>> match_header("Follow-Up 2 Via").field
    'follow_up_channel'
    >>> match_header("Job Titel").how, match_header("Job Titel", fuzzy=False) is None
    ('fuzzy', True)
    >>> m = match_header("Rejection Reason")
    >>> m.field, m.weak
    ('rejection_date', True)
    >>> match_header("APPLIED PORTAL").field, match_header("投递渠道").field
    ('source', 'source')
    """
    # Headers repeat across sheets, files and the rows searched for the header: match each
    # distinct text once (HeaderMatch is frozen, so sharing it is safe).
    return _match_cached(text if isinstance(text, str) else str(text), fuzzy)


#: Fields whose columns are numbered by round (an exact name may carry the round).
_ROUND_FIELDS = frozenset({"interview_date", "thank_you", "thank_you_channel"})

#: The header score of each way of matching (a fuzzy match scores its similarity, a weak
#: match half its way's score).
HOW_SCORE = {"synonym": 1.0, "rule": 0.9, "word": 0.6}


def _match(text: str, *, fuzzy: bool = True) -> HeaderMatch | None:
    h = normalise_header(text)
    if not h:
        return None
    if h in _SYNONYMS:
        field = _SYNONYMS[h]
        # A name that carries its round ("1차 면접", "二次面接") keeps it.
        rnd = _strip_round(h)[1] if FIELDS[field].multi and field in _ROUND_FIELDS else None
        return HeaderMatch(field, rnd, "synonym")
    core, rnd = _strip_round(h)
    if core in _SYNONYMS:
        return HeaderMatch(_SYNONYMS[core], rnd, "synonym")
    found = _rule(h)
    if found is not None:
        field, weak = found
        return HeaderMatch(field, rnd, "rule", HOW_SCORE["rule"] / (2 if weak else 1), weak)
    if not fuzzy:
        return None
    best = difflib.get_close_matches(h, _near_in_length(len(h)), n=1, cutoff=FUZZY_CUTOFF)
    if best:
        score = difflib.SequenceMatcher(None, h, best[0]).ratio()
        return HeaderMatch(_SYNONYMS[best[0]], rnd, "fuzzy", round(score, 3))
    return None


#: Amount fields whose header also names an event: "Offer" over 1/blank or yes/no cells is
#: the offer itself, not an amount of 1.
_EVENT_OF = {"offer_initial": "offer_date", "offer_final": "offer_date"}


@functools.lru_cache(maxsize=256)
def _near_in_length(n: int) -> list[str]:
    """The known names whose length allows a ratio of :data:`FUZZY_CUTOFF` with a header of
    ``n`` characters (2 * shorter / (sum of lengths) >= cutoff): the same matches as
    comparing with every name, without the others."""
    bound = FUZZY_CUTOFF / (2 - FUZZY_CUTOFF)
    return [s for s in _SYNONYMS if min(n, len(s)) >= bound * max(n, len(s))]


@functools.lru_cache(maxsize=4096)
def header_candidates(text: str) -> tuple[HeaderMatch, ...]:
    """Every field the header may name, best first: its match (:func:`match_header`), then
    each other field one of whose words it holds (``how == 'word'``, score 0.6), for the
    content to choose from when it contradicts the first.

    Examples
    --------
    >>> [(m.field, m.how) for m in header_candidates("Applied Company")]
    [('date_applied', 'rule'), ('company', 'word')]
    >>> [m.field for m in header_candidates("Offer")]
    ['offer_initial', 'offer_date']
    >>> header_candidates("Favourite colour")
    ()
    """
    first = match_header(text)
    out = [first] if first is not None else []
    h = normalise_header(text)
    _, rnd = _strip_round(h)
    seen = {m.field for m in out}
    for m in list(out):
        event = _EVENT_OF.get(m.field)
        if event is not None and event not in seen:
            seen.add(event)
            out.append(HeaderMatch(event, m.round, "word", HOW_SCORE["word"]))
    for field in _WORD_FIELDS:
        if field not in seen and _has(h, field):
            seen.add(field)
            out.append(HeaderMatch(field, rnd, "word", HOW_SCORE["word"]))
    return tuple(out)


@functools.lru_cache(maxsize=4096)
def context_name(text: object) -> str | None:
    """The context name (:data:`CONTEXT_NAMES`) a header is, if any.

    Examples
    --------
    >>> context_name("App #"), context_name("Numara"), context_name("Name"), context_name("X")
    ('application_number', 'application_number', 'posting', None)
    """
    return _CONTEXT.get(normalise_header(text))
