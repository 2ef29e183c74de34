"""Status cells, stage histories and timeline shorthand, read into stages, outcomes and events.

A status says two things: the furthest *stage* it proves (:data:`~jobsearch_analytics.model.
STAGES`) and how the application *ended* (:data:`~jobsearch_analytics.model.OUTCOMES`,
``'open'`` while in progress), plus the event kinds it implies.

The words live in one data file, ``io/vocabulary/statuses.csv`` (format in
``io/vocabulary/STATUSES.md``): a contributor adds a language by adding rows, without code.
Keyword rules for English free text stay here, as regular expressions.

Decisions worth knowing:

* "Declined" alone reads as rejected by the employer (noted); "Offer declined" / "I declined"
  is the candidate declining an offer (stage offer, outcome declined).
* "Removed" (the posting was taken down) reads as ghosted: the job closed without an answer.
  It is not a rejection, because a rejection counts as a reply and would inflate response
  rates.
* "Resume downloaded" / "Viewed" prove only that the application was sent: an employer looking
  is not an answer.
* Rejections, ghosting and withdrawals prove the application was sent (stage applied) unless
  the text names a later step ("Rejected after 2nd interview": stage interview).
* "Accepted" in a status column is an accepted offer; "application accepted" is applied.
* "Phone interview" is a screen (the first call), "Onsite"/"VO"/"Final round" an interview.
* Timeline steps whose words are not recognised get the kind ``'unknown'`` (not an event
  kind): callers should report and skip them.

Examples
--------
>>> p = parse_status("二面")
>>> p.stage, p.outcome, p.kinds, p.round, p.confidence
('interview', 'open', ('interview',), 2, 'exact')
>>> p = parse_status("Rejected after 2nd interview")
>>> p.stage, p.outcome, p.kinds, p.round
('interview', 'rejected', ('interview', 'rejection'), 2)
"""

from __future__ import annotations

import ast
import csv
import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

import pandas as pd

from jobsearch_analytics.io.values import is_empty, match_key, text_of
from jobsearch_analytics.model import STAGES

__all__ = [
    "STEP_STATES",
    "TYPO_CUTOFF",
    "VOCABULARY_COLUMNS",
    "StatusParse",
    "TimelineItem",
    "Vocabulary",
    "parse_stage_history",
    "parse_status",
    "parse_timeline",
    "read_vocabulary",
    "vocabulary",
]


@dataclass(frozen=True)
class StatusParse:
    """What one status cell says.

    Attributes
    ----------
    stage : str or None
        The furthest stage the status proves (one of ``STAGES``).
    outcome : str or None
        One of ``OUTCOMES`` (``'open'`` when still in progress).
    kinds : tuple of str
        Event kinds the status implies, most specific last.
    round : int or None
        Interview round when stated ("2nd interview", "二面", "Round 3").
    confidence : str
        ``'exact'`` (known wording), ``'keyword'`` (a known word inside free text),
        ``'fuzzy'`` (a typo or a cut-off word read as the vocabulary word it resembles),
        ``'unknown'`` (nothing matched) or ``'empty'``.
    note : str or None
        A sentence for the load report when the reading was a judgement call.
    score : float or None
        For ``'fuzzy'`` readings, the lowest similarity in [0, 1] of the words read that way.
    """

    stage: str | None
    outcome: str | None
    kinds: tuple[str, ...]
    round: int | None
    confidence: str
    note: str | None
    score: float | None = None


_KEYWORD_NOTE = "read from words inside the status text"
_DECLINED_NOTE = "'Declined' may mean you declined; read as rejected by the employer"
_VIEWED_NOTE = "the employer viewing the application is not a reply; read as applied"
_REMOVED_NOTE = (
    "the posting was removed without an answer; read as ghosted (no reply), not as a rejection"
)

# (stage, outcome, kinds, note) for each vocabulary entry.
_Entry = tuple[str, str, tuple[str, ...], str | None]
_APPLIED: _Entry = ("applied", "open", ("applied",), None)
_OPEN: _Entry = ("applied", "open", (), None)
_VIEWED: _Entry = ("applied", "open", (), _VIEWED_NOTE)
_REJECTED: _Entry = ("applied", "rejected", ("rejection",), None)
_GHOSTED: _Entry = ("applied", "ghosted", ("ghosted",), None)
_REMOVED: _Entry = ("applied", "ghosted", ("ghosted",), _REMOVED_NOTE)
_WITHDRAWN: _Entry = ("applied", "withdrawn", ("withdrawal",), None)
_OFFER: _Entry = ("offer", "open", ("offer",), None)
_NEGOTIATING: _Entry = ("offer", "open", ("offer", "negotiation"), None)
_ACCEPTED: _Entry = ("accepted", "accepted", ("accepted",), None)
_DECLINED_OFFER: _Entry = ("offer", "declined", ("offer", "declined"), None)
_SCREEN: _Entry = ("screen", "open", ("screen",), None)
_ASSESSMENT: _Entry = ("screen", "open", ("assessment",), None)
_INTERVIEW: _Entry = ("interview", "open", ("interview",), None)
_SAVED: _Entry = ("saved", "open", ("saved",), None)
_FOLLOW_UP: _Entry = ("applied", "open", ("follow_up",), None)
_THANKS: _Entry = ("interview", "open", ("thank_you",), None)


@dataclass(frozen=True)
class Vocabulary:
    """The status words of ``vocabulary/statuses.csv``, ready to match.

    ``exact`` maps a whole cell (as :func:`_clean_key` leaves it) to its entry; ``inside`` finds
    the words marked ``inside=y`` within longer text (longest first, whole words in alphabetic
    scripts); ``words`` are the one-word entries of five letters or more that a typo or a
    cut-off word is compared with.
    """

    exact: dict[str, _Entry]
    inside: re.Pattern[str] | None
    words: tuple[str, ...]

    def stem_entry(self, word: str) -> _Entry:
        """The entry of the longest vocabulary stem ``word`` starts with."""
        stem = max((w for w in self.exact if word.startswith(w)), key=len)
        return self.exact[stem]


VOCABULARY_COLUMNS = ("text", "language", "stage", "outcome", "events", "inside", "note")


def read_vocabulary(lines: Iterable[str], *, name: str = "statuses.csv") -> Vocabulary:
    """Read a status vocabulary in the format of ``vocabulary/statuses.csv``.

    Raises a ``ValueError`` naming the line when a row is malformed (an unknown stage, outcome
    or event kind; the same text with two meanings), so a contributor's typo fails the tests
    instead of silently reading statuses wrong.

    Examples
    --------
    >>> v = read_vocabulary(["text,language,stage,outcome,events,inside,note",
    ...                      "reddedildi,tr,applied,rejected,rejection,y,"])
    >>> v.exact["reddedildi"], bool(v.inside.search("başvuru reddedildi"))
    (('applied', 'rejected', ('rejection',), None), True)
    >>> read_vocabulary(["text,language,stage,outcome,events,inside,note", "x,en,sent,open,,,"])
    Traceback (most recent call last):
    ...
    ValueError: statuses.csv line 2: stage 'sent' is not one of saved, applied, screen, \
interview, offer, accepted
    """
    from jobsearch_analytics.model import EVENT_KINDS, OUTCOMES

    reader = csv.DictReader(lines)
    if tuple(reader.fieldnames or ()) != VOCABULARY_COLUMNS:
        raise ValueError(f"{name}: the header must be {','.join(VOCABULARY_COLUMNS)}")
    exact: dict[str, _Entry] = {}
    inside: list[str] = []
    stems: list[str] = []
    for row in reader:
        where = f"{name} line {reader.line_num}"
        text = " ".join(row["text"].casefold().split())
        stage, outcome, note = row["stage"].strip(), row["outcome"].strip(), row["note"].strip()
        kinds = tuple(row["events"].split())
        for what, value, allowed in (("stage", stage, STAGES), ("outcome", outcome, OUTCOMES)):
            if value not in allowed:
                raise ValueError(f"{where}: {what} {value!r} is not one of {', '.join(allowed)}")
        bad = [k for k in kinds if k not in EVENT_KINDS]
        if bad or not text:
            problem = f"unknown event kind {bad[0]!r}" if bad else "no text"
            raise ValueError(f"{where}: {problem}")
        entry: _Entry = (stage, outcome, kinds, note or None)
        if exact.get(text, entry) != entry:
            raise ValueError(f"{where}: {text!r} is already listed with another meaning")
        exact[text] = entry
        how = row["inside"].strip().casefold()
        if how not in ("", "y", "stem"):
            raise ValueError(f"{where}: inside is {how!r}; write y, stem or leave it empty")
        (stems if how == "stem" else inside if how == "y" else []).append(text)
    return Vocabulary(exact, _inside_pattern(inside, stems), _fuzzy_words(exact))


def _inside_pattern(words: list[str], stems: list[str]) -> re.Pattern[str] | None:
    """One pattern for the ``inside`` words and stems, longest first (so a phrase wins over
    its words): whole words where words are spaced, a stem at the start of a word with any
    ending ("собеседовани" finds "собеседования"), CJK anywhere (it has no spaces)."""
    alts = []
    for group, tail in ((words, r"(?!\w)"), (stems, r"\w*")):
        spaced = [re.escape(w) for w in sorted(group, key=len, reverse=True) if not _CJK.search(w)]
        if spaced:
            alts.append(r"(?<!\w)(?:" + "|".join(spaced) + ")" + tail)
    cjk = sorted((w for w in words + stems if _CJK.search(w)), key=len, reverse=True)
    alts.extend(re.escape(w) for w in cjk)
    return re.compile("|".join(alts)) if alts else None


def _fuzzy_words(exact: dict[str, _Entry]) -> tuple[str, ...]:
    return tuple(sorted(w for w in exact if " " not in w and len(w) >= 5 and w.isalpha()))


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@functools.cache
def vocabulary() -> Vocabulary:
    """The package's status vocabulary (``io/vocabulary/statuses.csv``), read once.

    Examples
    --------
    >>> v = vocabulary()
    >>> v.exact["rejected"][1], v.exact["reddedildi"][1], v.exact["собеседование"][0]
    ('rejected', 'rejected', 'interview')
    """
    path = resources.files("jobsearch_analytics.io").joinpath("vocabulary", "statuses.csv")
    with path.open(encoding="utf-8", newline="") as f:
        return read_vocabulary(f)


# Keyword rules for free text, checked in order; each match is consumed so "no offer" does not
# also count as an offer.
_KEYWORDS: tuple[tuple[re.Pattern[str], _Entry], ...] = tuple(
    (re.compile(rx), entry)
    for rx, entry in (
        (r"offer (?:was )?declined|declined (?:the |an |their )?offer|turned down (?:the )?offer|"
         r"i declined|拒绝offer|拒了offer", _DECLINED_OFFER),
        (r"offer accepted|accepted (?:the |an |their )?offer|signed|hired|入职", _ACCEPTED),
        (r"application (?:was )?(?:accepted|received)", _APPLIED),
        (r"no offer|not selected|not moving forward|no longer|unsuccessful|not a fit|"
         r"did ?n[o']t (?:get|pass|make|move)|reject\w*|absage|abgelehnt|refus\w*|rechaz\w*|"
         r"拒绝|被拒|挂了|未通过|position filled|turned down", _REJECTED),
        (r"no (?:reply|response|answer|news)|never heard|ghost\w*|未回复|没回复|无回复|"
         r"keine antwort|sans r[ée]ponse|sin respuesta", _GHOSTED),
        (r"withdr[ae]w\w*|retracted|zurückgezogen|撤回", _WITHDRAWN),
        (r"negotiat\w*", _NEGOTIATING),
        (r"\boffers?\b|\boffered\b|angebot|offre|oferta", _OFFER),
        (r"\baccepted\b", _ACCEPTED),
        (r"\bdeclined\b", ("applied", "rejected", ("rejection",), _DECLINED_NOTE)),
        (r"removed|expired|(?:job|posting|position) closed", _REMOVED),
        (r"interview\w*|on-?site|final round|\bvo\b|superday|panel|[一二三四五终hr技术]面|面试|"
         r"entretien|entrevista|vorstellungsgespr", _INTERVIEW),
        (r"\boa\b|assessment|coding (?:test|challenge)|take[- ]?home|hackerrank|codility|"
         r"\btests?\b|笔试|测评|case study", _ASSESSMENT),
        (r"screen\w*|recruiter|\bhr (?:call|chat)|phone call|\bcall(?:ed)?\b|in talks|"
         r"talking with|spoke (?:with|to)|chat(?:ted)? with|电话", _SCREEN),
        (r"resume (?:downloaded|viewed)|\bviewed\b", _VIEWED),
        (r"\bapplied\b|\bsubmitted\b|\bsent\b|投递|beworben|postul\w*", _APPLIED),
        (r"requires follow[- ]?up|needs? follow[- ]?up", _OPEN),
        (r"thank[- ]?you|\bty note|thanks sent", _THANKS),
        (r"follow(?:ed)?[- ]?up|nachgefasst|relanc\w*", _FOLLOW_UP),
        (r"pending|in progress|waiting|awaiting|under review", _OPEN),
        (r"\bsaved\b|wishlist|wish list|to apply|interested|bookmark\w*", _SAVED),
    )
)  # fmt: skip

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
_CJK_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_ROUND_PATTERNS = (
    re.compile(r"(\d+)\s*(?:st|nd|rd|th|\.)?\s*(?:interview|round|rd)\b"),
    re.compile(r"\b(?:interview|round|r)\s*#?\s*(\d+)\b"),
    re.compile(r"\b(first|second|third|fourth|fifth|sixth)\s+(?:interview|round)"),
    re.compile(r"([一二三四五六])次?面"),
    re.compile(r"第([一二三四五六\d])轮"),
    re.compile(r"(\d)\s*차\s*면접"),
)
_OUTCOME_RANK = {"open": 0, "ghosted": 1, "rejected": 2, "withdrawn": 3, "declined": 4,
                 "accepted": 5}  # fmt: skip
_LEADING_NOISE = re.compile(r"^(?:\d{1,3}\s*%\s*[-–:]?\s*|\d+\s*[.)-]\s+|\[[ x]\]\s*)")
# Punctuation, emoticons and symbols around a status say nothing ("Rejection :(", "Offer!!").
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
# A cell that joins statuses ("Inter + Rejec", "Rejected(After interview)").
_COMPOUND = re.compile(r"[+&/()\[\]|]|\s-\s")
_LETTERS = re.compile(r"[^\W\d_]{4,}")
#: Lowest rapidfuzz ratio (0-100) at which an unknown word reads as a vocabulary word.
TYPO_CUTOFF: float = 85.0
_BARE_ROUND = re.compile(
    r"(?:\d+\s*(?:st|nd|rd|th)?|first|second|third|fourth|fifth|sixth)\s*"
    r"(?:interview|round)|(?:interview|round)\s*#?\s*\d+|[一二三四五六]面|第.轮(?:面试)?"
)


def _round(key: str) -> int | None:
    for rx in _ROUND_PATTERNS:
        m = rx.search(key)
        if m:
            token = m.group(1)
            if token.isdigit():
                number = int(token)
                return number if 1 <= number <= 20 else None
            return _ORDINALS.get(token) or _CJK_NUM.get(token)
    return None


def _combine(entries: list[_Entry]) -> tuple[str, str, tuple[str, ...], str | None]:
    stage = max((e[0] for e in entries), key=STAGES.index)
    outcome = max((e[1] for e in entries), key=_OUTCOME_RANK.__getitem__)
    kinds: list[str] = []
    for e in sorted(entries, key=lambda e: STAGES.index(e[0])):
        for k in e[2]:
            if k not in kinds:
                kinds.append(k)
    # Outcome kinds last: they are the most specific thing the status says.
    tail = {"rejection", "ghosted", "withdrawal", "declined", "accepted"}
    kinds = [k for k in kinds if k not in tail] + [k for k in kinds if k in tail]
    notes = [e[3] for e in entries if e[3]]
    return stage, outcome, tuple(kinds), "; ".join(dict.fromkeys(notes)) or None


def _clean_key(text: Any) -> str:
    key = _LEADING_NOISE.sub("", match_key(text))
    return _EDGES.sub("", key)


def _keywords(key: str) -> tuple[list[_Entry], str]:
    """Entries of the keyword rules, then of the vocabulary's ``inside`` words, found in
    ``key``; and the text left once each match is consumed (so "no offer" is not an offer)."""
    rest = key
    found: list[_Entry] = []
    for rx, e in _KEYWORDS:
        if rx.search(rest):
            found.append(e)
            rest = rx.sub(" ", rest)
    vocab = vocabulary()
    if vocab.inside is not None:
        for m in vocab.inside.finditer(rest):
            found.append(vocab.exact.get(m.group(0)) or vocab.stem_entry(m.group(0)))
        rest = vocab.inside.sub(" ", rest)
    return found, rest


def _exact_parts(key: str) -> tuple[list[_Entry], str]:
    """The parts of a compound status that are whole vocabulary entries ("Telefoninterview"
    in "Telefoninterview + Absage" is a screen, whatever words it contains), and the text of
    the other parts."""
    exact = vocabulary().exact
    found: list[_Entry] = []
    rest: list[str] = []
    for part in _COMPOUND.split(key):
        cleaned = _EDGES.sub("", part.strip())
        if cleaned in exact:
            found.append(exact[cleaned])
        else:
            rest.append(part)
    return found, " ".join(rest)


def _near_word(token: str) -> tuple[str, float, str] | None:
    """The vocabulary word a typo or a cut-off word stands for: (word, score in [0, 1], how).

    A cut-off word ("rejec", "inter") of five letters or more is the start of the shortest
    vocabulary word it begins (at least half of it); otherwise the rapidfuzz ratio must reach
    :data:`TYPO_CUTOFF`.
    """
    words = vocabulary().words
    # A four-letter word is too short to be read as a cut-off one ("sign" is not "signed"),
    # but may be a typo ("ofer").
    starts = [
        w
        for w in words
        if len(token) >= 5 and w.startswith(token) and w != token and 2 * len(token) >= len(w)
    ]
    if starts:
        word = min(starts, key=lambda w: (len(w), w))
        return word, len(token) / len(word), "cut"
    from rapidfuzz import fuzz, process

    best = process.extractOne(token, words, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
    if best is None:
        return None
    return best[0], best[1] / 100, "typo"


def _typos(rest: str) -> tuple[list[_Entry], list[str], float | None]:
    """Entries for the words left unread that look like vocabulary words, with notes and the
    lowest score."""
    exact = vocabulary().exact
    found: list[_Entry] = []
    notes: list[str] = []
    score: float | None = None
    for token in _LETTERS.findall(rest):
        if token in exact:
            found.append(exact[token])
            continue
        near = _near_word(token)
        if near is None:
            continue
        word, sc, how = near
        found.append(exact[word])
        score = sc if score is None else min(score, sc)
        notes.append(
            f"{token!r} read as the start of {word!r}"
            if how == "cut"
            else f"{token!r} read as {word!r} ({sc:.0%} similar)"
        )
    return found, notes, score


def parse_status(text: Any) -> StatusParse:
    """Read one status cell.

    A whole cell that is a vocabulary word is ``'exact'``; known words inside longer text are
    ``'keyword'``; words that only look like vocabulary words, a typo (``reeejected``) or a
    cut-off word (``Inter + Rejec``), are ``'fuzzy'``, with the lowest similarity in ``score``
    and each reading in ``note``. Parts of a compound status (``+``, ``&``, ``/``, brackets)
    all count: the furthest stage and the strongest outcome win.

    Parameters
    ----------
    text : Any
        The cell as read (any type; never raises).

    Returns
    -------
    StatusParse
        Stage, outcome, implied event kinds, interview round, confidence, note and score.

    Examples
    --------
    >>> parse_status("80% - Received Offer").stage, parse_status("Offer Declined").outcome
    ('offer', 'declined')
    >>> p = parse_status("Declined")
    >>> p.outcome, p.note
    ('rejected', "'Declined' may mean you declined; read as rejected by the employer")
    >>> p = parse_status("In talks with service manager")
    >>> p.stage, p.outcome, p.confidence, parse_status("xyz").confidence
    ('screen', 'open', 'keyword', 'unknown')
    >>> p = parse_status("Inter + Rejec")
    >>> p.stage, p.outcome, p.confidence, p.score
    ('interview', 'rejected', 'fuzzy', 0.5555555555555556)
    >>> p = parse_status("reeejected")
    >>> p.outcome, p.confidence, p.note
    ('rejected', 'fuzzy', "'reeejected' read as 'rejected' (89% similar)")
    """
    if is_empty(text):
        return StatusParse(None, None, (), None, "empty", None)
    key = _clean_key(text)
    if not key:
        return StatusParse(None, None, (), None, "unknown", f"no status in {text_of(text)!r}")
    entry = vocabulary().exact.get(key)
    if entry is not None:
        stage, outcome, kinds, note = entry
        rnd = _round(key) if "interview" in kinds else None
        return StatusParse(stage, outcome, kinds, rnd, "exact", note)
    rnd = _round(key)
    compound = bool(_COMPOUND.search(key))
    whole, rest = _exact_parts(key) if compound else ([], key)
    found, rest = _keywords(rest)
    found = whole + found
    notes: list[str] = []
    score = None
    if not found or compound:
        more, notes, score = _typos(rest)
        found += more
    if rnd is not None and not any("interview" in e[2] for e in found):
        found.append(_INTERVIEW)
    if not found:
        return StatusParse(
            None, None, (), None, "unknown", f"status {text_of(text)!r} not recognised"
        )
    stage, outcome, kinds, note = _combine(found)
    if notes:
        confidence = "fuzzy"
        note = "; ".join([*([note] if note else []), *notes])
    elif rnd is not None and _BARE_ROUND.fullmatch(key):
        confidence = "exact"  # a status that is only a round ("2nd round") is a known wording
    else:
        confidence = "keyword"
        note = f"{note}; {_KEYWORD_NOTE}" if note else _KEYWORD_NOTE
    rnd = rnd if "interview" in kinds else None
    return StatusParse(stage, outcome, kinds, rnd, confidence, note, score)


_SPLIT = re.compile(r"\s*(?:[-=–—]+>|→|⇒|➔|>+|»|\||;|,|/|\n|、|，|\s[-–—]+\s|\s\+\s)\s*")
#: What the word after a step ("Interview 1 -> Complete") says about that step. A step that
#: is scheduled, booked or pending counts as reached: the employer has invited the applicant
#: to it, which is what the funnel counts (an "Interview scheduled" status reads the same way).
#: A cancelled step does not count; a failed one counts and ends the application (rejected).
STEP_STATES: dict[str, str] = {
    word: meaning
    for meaning, words in (
        ("reached", "complete|completed|done|passed|held|attended|finished|cleared|ok|success|"
                    "successful|scheduled|booked|planned|upcoming|invited|pending|in progress|"
                    "waiting|awaiting|erledigt|geplant|terminé|planifié|completado|programado|"
                    "已完成|已安排"),
        ("not reached", "cancelled|canceled|not scheduled|no show|skipped|not held|abgesagt|"
                        "annulé|cancelado|取消"),
        ("failed", "failed|not passed|fail|nicht bestanden|échoué|未通过"),
    )
    for word in words.split("|")
}  # fmt: skip


def _history_items(value: Any) -> list[Any]:
    if isinstance(value, list | tuple):
        return list(value)
    text = text_of(value) or ""
    if text[:1] in "[(" and text[-1:] in "])":
        for loader in (json.loads, ast.literal_eval):
            try:
                loaded = loader(text)
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                continue
            if isinstance(loaded, list | tuple):
                return list(loaded)
    return [t.strip(" '\"") for t in _SPLIT.split(text.strip("[]()"))]


def parse_stage_history(value: Any) -> list[StatusParse]:
    """Read a cell listing the steps an application went through, in order.

    Accepts Python or JSON list text (``"['Applied', 'Phone Screen', 'Onsite']"``), arrows
    (``"Applied > Screen > Rejected"``, ``→``, ``->``), commas, semicolons, pipes, spaced
    dashes and new lines, or an actual list. Empty items are skipped. A state word after a
    step (``"Interview 1 -> Complete, Tech Assessment -> Scheduled"``) is read with
    :data:`STEP_STATES`: completed and scheduled steps count, cancelled ones do not, a failed
    one ends the application as rejected.

    Examples
    --------
    >>> [p.stage for p in parse_stage_history("['Applied', 'Phone Screen', 'Onsite']")]
    ['applied', 'screen', 'interview']
    >>> [p.kinds[-1] for p in parse_stage_history("Applied > Screen > Rejected")]
    ['applied', 'screen', 'rejection']
    >>> steps = parse_stage_history("Interview 1 -> Complete, Tech Assessment -> Scheduled")
    >>> [(p.stage, p.round) for p in steps]
    [('interview', 1), ('screen', None)]
    >>> [p.stage for p in parse_stage_history("Screen -> Done, Onsite -> Cancelled")]
    ['screen']
    """
    if not isinstance(value, list | tuple) and is_empty(value):
        return []
    out: list[StatusParse] = []
    for item in _history_items(value):
        if isinstance(item, list | tuple | dict) or is_empty(item):
            continue
        state = STEP_STATES.get(_clean_key(item))
        if state is None:
            out.append(parse_status(item))
        elif state == "not reached" and out:
            out.pop()
        elif state == "failed" and out:
            last = out.pop()
            stage, outcome, kinds, _ = _combine(
                [(last.stage or "applied", last.outcome or "open", last.kinds, last.note),
                 _REJECTED]
            )  # fmt: skip
            out.append(replace(last, stage=stage, outcome=outcome, kinds=kinds))
    return out


@dataclass(frozen=True)
class TimelineItem:
    """One dated step read from timeline shorthand.

    Attributes
    ----------
    date : Timestamp or None
        The step's date (None when the step has no date).
    kind : str
        An event kind from ``EVENT_KINDS``, or ``'unknown'`` when the words were not
        recognised (the loader reports and skips those).
    round : int or None
        Interview round when stated.
    text : str
        The words of this step as written.
    note : str or None
        How the step was read when that was a judgement call.
    """

    date: pd.Timestamp | None
    kind: str
    round: int | None
    text: str
    note: str | None


_TL_DATE = re.compile(r"(?<![\d.:/])(\d{1,2})([./])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\d:]|\.\d)")
_ACCEPT = re.compile(r"^(?:accept|accepted|acc)$")


def parse_timeline(value: Any, *, reference: pd.Timestamp | None = None) -> list[TimelineItem]:
    """Read timeline shorthand such as ``"2.6 accept 2.15 vo 2.20 offer"``.

    Dates are ``M.D`` or ``M/D`` (optionally with a year); the words before the next date
    (or after the previous one, when the text starts with words) name the step. A first
    number over 12 anywhere makes the whole timeline day-first. Without a year, the first date
    takes the year nearest ``reference`` (today when not given) and later dates move into the
    next year when the month goes backwards.

    "accept" before any offer reads as *applied* (in this shorthand it means the application
    was accepted, i.e. submitted); after an offer it reads as the offer accepted.

    Examples
    --------
    >>> items = parse_timeline("2.6 accept 2.15 vo 2.20 offer",
    ...                        reference=pd.Timestamp("2024-03-01"))
    >>> [(str(i.date.date()), i.kind) for i in items]
    [('2024-02-06', 'applied'), ('2024-02-15', 'interview'), ('2024-02-20', 'offer')]
    >>> [(i.date.day, i.kind) for i in parse_timeline("1/5 applied, 1/12 phone screen",
    ...                                              reference=pd.Timestamp("2024-01-20"))]
    [(5, 'applied'), (12, 'screen')]
    """
    if is_empty(value) or not isinstance(value, str):
        return []  # a number or a date cell is not shorthand
    text = text_of(value) or ""
    matches = list(_TL_DATE.finditer(text))
    if not matches:
        return []
    dayfirst = any(int(m.group(1)) > 12 for m in matches)
    date_first = not text[: matches[0].start()].strip(" ,;:-")
    pieces: list[tuple[re.Match[str], str]] = []
    for i, m in enumerate(matches):
        if date_first:
            end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
            words = text[m.end() : end]
        else:
            start = matches[i - 1].end() if i else 0
            words = text[start : m.start()]
        pieces.append((m, words.strip(" ,;:-–—\n")))
    anchor = pd.Timestamp(reference) if reference is not None else pd.Timestamp.today()
    items: list[TimelineItem] = []
    previous: pd.Timestamp | None = None
    seen_offer = False
    for m, words in pieces:
        a, b = int(m.group(1)), int(m.group(3))
        month, day = (b, a) if dayfirst else (a, b)
        date: pd.Timestamp | None = None
        note_parts: list[str] = []
        try:
            if m.group(4):
                year = int(m.group(4))
                year = year + 2000 if year < 100 else year
                date = pd.Timestamp(year, month, day)
            elif previous is None:
                candidates = []
                for y in (anchor.year - 1, anchor.year, anchor.year + 1):
                    try:
                        candidates.append(pd.Timestamp(y, month, day))
                    except ValueError:
                        continue
                date = min(candidates, key=lambda d: abs(d - anchor)) if candidates else None
                if date is not None:
                    note_parts.append(f"no year; assumed {date.year}")
            else:
                date = pd.Timestamp(previous.year, month, day)
                if date < previous:
                    date = pd.Timestamp(previous.year + 1, month, day)
                note_parts.append(f"no year; assumed {date.year}")
        except ValueError:
            date = None
            note_parts.append(f"{m.group(0)!r} is not a valid date")
        key = match_key(words)
        if _ACCEPT.match(key):
            kind = "accepted" if seen_offer else "applied"
            rnd = None
            note_parts.append(
                "'accept' after an offer read as the offer accepted"
                if seen_offer
                else "'accept' read as the application accepted (submitted)"
            )
        else:
            parsed = parse_status(words)
            kind = parsed.kinds[-1] if parsed.kinds else "unknown"
            if parsed.kinds == () and parsed.stage == "applied":
                kind = "applied"
            rnd = parsed.round
            if kind == "unknown":
                note_parts.append(f"step {words!r} not recognised")
        if kind in ("offer", "negotiation"):
            seen_offer = True
        if date is not None:
            previous = date
        items.append(TimelineItem(date, kind, rnd, words, "; ".join(note_parts) or None))
    return items
