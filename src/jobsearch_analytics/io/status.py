"""Status cells, stage histories and timeline shorthand, read into stages, outcomes and events.

A status says two things: the furthest *stage* it proves (:data:`~jobsearch_analytics.model.
STAGES`) and how the application *ended* (:data:`~jobsearch_analytics.model.OUTCOMES`,
``'open'`` while in progress), plus the event kinds it implies.

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
import json
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from jobsearch_analytics.io.values import is_empty, match_key, text_of
from jobsearch_analytics.model import STAGES

__all__ = [
    "StatusParse",
    "TimelineItem",
    "parse_stage_history",
    "parse_status",
    "parse_timeline",
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
        ``'unknown'`` (nothing matched) or ``'empty'``.
    note : str or None
        A sentence for the load report when the reading was a judgement call.
    """

    stage: str | None
    outcome: str | None
    kinds: tuple[str, ...]
    round: int | None
    confidence: str
    note: str | None


_DECLINED_NOTE = "'Declined' may mean you declined; read as rejected by the employer"
_REMOVED_NOTE = (
    "the posting was removed without an answer; read as ghosted (no reply), not as a rejection"
)
_VIEWED_NOTE = "the employer viewing the application is not a reply; read as applied"
_KEYWORD_NOTE = "read from words inside the status text"

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
_RESPONDED: _Entry = ("applied", "open", ("response",), None)

_VOCAB: dict[str, _Entry] = {}
for _entry, _words in (
    (_APPLIED, "applied|submitted|sent|application sent|application submitted|applied online|"
               "applied online|已投递|已申请|投递|已投|网申|beworben|bewerbung gesendet|"
               "bewerbung verschickt|candidature envoyée|candidature envoyee|postulé|postule|"
               "postulado|postulada|aplicado|solicitud enviada|application accepted|"
               "accepted application|application received|applied - no response yet"),
    (_OPEN, "pending|in progress|requires followup|requires follow-up|requires follow up|"
            "waiting|awaiting|awaiting response|under review|"
            "in review|in process|processing|active|open|ongoing|in bearbeitung|en cours|"
            "en proceso|待定|等待|进行中|审核中|ausstehend|en attente|pendiente"),
    (_VIEWED, "resume downloaded|viewed|application viewed|seen|resume viewed|cv downloaded|"
              "profile viewed|被查看|已查看"),
    (_REJECTED, "rejected|rejection|reject|not selected|not moving forward|no longer under "
                "consideration|position filled|filled|denied|turned down|no offer|unsuccessful|"
                "not a fit|absage|abgesagt|abgelehnt|refusé|refusée|refuse|refus|rechazado|"
                "rechazada|拒绝|被拒|挂了|挂|未通过|不合适|感谢信|declined by employer|"
                "declined by company|company declined|rejected by company"),
    (_GHOSTED, "no reply|no response|ghosted|no answer|never heard back|silence|no news|"
               "未回复|没回复|无回复|石沉大海|keine antwort|sans réponse|sans reponse|"
               "sin respuesta|ghost"),
    (_REMOVED, "removed|posting removed|job removed|job closed|posting closed|position closed|"
               "closed|expired|no longer available|job expired|listing removed"),
    (_WITHDRAWN, "withdrawn|withdrew|withdraw|withdrew application|i withdrew|retracted|"
                 "zurückgezogen|retiré|retirée|retire|retirado|retirada|撤回|放弃"),
    (_OFFER, "offer|offered|received offer|offer received|got offer|got an offer|offer extended|"
             "verbal offer|written offer|angebot|offre|oferta|拿到offer|offer get|录用|意向书"),
    (_NEGOTIATING, "negotiating offer|negotiating|negotiation|in negotiation|offer negotiation"),
    (_ACCEPTED, "accepted|offer accepted|accepted offer|signed|hired|joined|angenommen|"
                "accepté|acceptée|aceptado|aceptada|接受|已入职|入职"),
    (_DECLINED_OFFER, "offer declined|declined offer|i declined|turned down offer|declined the "
                      "offer|offer turned down|拒绝offer|拒了offer"),
    (_SCREEN, "phone screen|screen|screening|recruiter call|recruiter screen|hr call|hr screen|"
              "initial call|intro call|phone call|phone interview|recruiter chat|"
              "initial screen|电话|hr电话|telefoninterview|entretien téléphonique"),
    (_ASSESSMENT, "oa|online assessment|assessment|coding test|coding challenge|take-home|"
                  "take home|takehome|hackerrank|codility|test|tech exam|technical exam|exam|"
                  "technical test|skills test|笔试|测评|在线测试|"
                  "first level assessment done|assessment done|case study"),
    (_INTERVIEW, "interview|interviewing|interviewed|onsite|on-site|on site|final round|"
                 "final interview|vo|virtual onsite|superday|panel|technical interview|"
                 "一面|二面|三面|四面|五面|终面|hr面|技术面|面试|vorstellungsgespräch|"
                 "entretien|entrevista|終面"),
    (_FOLLOW_UP, "follow up|followup|follow-up|followed up|follow up sent|nachgefasst|relance|"
                 "relancé|seguimiento"),
    (_THANKS, "thank you|thank-you|thank you sent|thank you note|thank-you note|ty note|"
              "thanks sent|感谢信已发"),
    (_RESPONDED, "responded|response|replied|reply received|heard back|got a reply|"
                 "got a response|response received|in contact|in touch|geantwortet|"
                 "réponse reçue|respondido|已回复|有回复"),
    (_SAVED, "saved|interested|wishlist|wish list|to apply|bookmarked|want to apply|planned|"
             "draft|not applied|not yet applied|considering|收藏|待投递"),
):  # fmt: skip
    for _w in _words.split("|"):
        _VOCAB[_w] = _entry
_VOCAB["declined"] = ("applied", "rejected", ("rejection",), _DECLINED_NOTE)

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
    re.compile(r"([一二三四五六])面"),
    re.compile(r"第([一二三四五六\d])轮"),
)
_OUTCOME_RANK = {"open": 0, "ghosted": 1, "rejected": 2, "withdrawn": 3, "declined": 4,
                 "accepted": 5}  # fmt: skip
_LEADING_NOISE = re.compile(r"^(?:\d{1,3}\s*%\s*[-–:]?\s*|\d+\s*[.)-]\s+|\[[ x]\]\s*)")


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


def parse_status(text: Any) -> StatusParse:
    """Read one status cell.

    Parameters
    ----------
    text : Any
        The cell as read (any type; never raises).

    Returns
    -------
    StatusParse
        Stage, outcome, implied event kinds, interview round, confidence and a note.

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
    """
    if is_empty(text):
        return StatusParse(None, None, (), None, "empty", None)
    key = match_key(text)
    key = _LEADING_NOISE.sub("", key).strip(" .!:;-–—*")
    if not key:
        return StatusParse(None, None, (), None, "unknown", f"no status in {text_of(text)!r}")
    entry = _VOCAB.get(key)
    if entry is not None:
        stage, outcome, kinds, note = entry
        rnd = _round(key) if "interview" in kinds else None
        return StatusParse(stage, outcome, kinds, rnd, "exact", note)
    rnd = _round(key)
    rest = key
    found: list[_Entry] = []
    for rx, e in _KEYWORDS:
        if rx.search(rest):
            found.append(e)
            rest = rx.sub(" ", rest)
    if rnd is not None and not any("interview" in e[2] for e in found):
        found.append(_INTERVIEW)
    if not found:
        return StatusParse(
            None, None, (), None, "unknown", f"status {text_of(text)!r} not recognised"
        )
    stage, outcome, kinds, note = _combine(found)
    # A status that is only a round ("2nd round", "Round 3") is as exact as a vocabulary word.
    bare_round = rnd is not None and re.fullmatch(
        r"(?:\d+\s*(?:st|nd|rd|th)?|first|second|third|fourth|fifth|sixth)\s*"
        r"(?:interview|round)|(?:interview|round)\s*#?\s*\d+|[一二三四五六]面|第.轮(?:面试)?",
        key,
    )
    confidence = "exact" if bare_round else "keyword"
    if confidence == "keyword":
        note = f"{note}; {_KEYWORD_NOTE}" if note else _KEYWORD_NOTE
    return StatusParse(
        stage, outcome, kinds, rnd if "interview" in kinds else None, confidence, note
    )


_SPLIT = re.compile(r"\s*(?:->|→|=>|>|»|\||;|,|/|\n|、|，)\s*")


def parse_stage_history(value: Any) -> list[StatusParse]:
    """Read a cell listing the steps an application went through, in order.

    Accepts Python or JSON list text (``"['Applied', 'Phone Screen', 'Onsite']"``), arrows
    (``"Applied > Screen > Rejected"``, ``→``, ``->``), commas, semicolons, pipes and new lines,
    or an actual list. Empty items are skipped.

    Examples
    --------
    >>> [p.stage for p in parse_stage_history("['Applied', 'Phone Screen', 'Onsite']")]
    ['applied', 'screen', 'interview']
    >>> [p.kinds[-1] for p in parse_stage_history("Applied > Screen > Rejected")]
    ['applied', 'screen', 'rejection']
    """
    if isinstance(value, list | tuple):
        items: list[Any] = list(value)
    elif is_empty(value):
        return []
    else:
        text = text_of(value) or ""
        items = []
        if text[:1] in "[(" and text[-1:] in "])":
            for loader in (json.loads, ast.literal_eval):
                try:
                    loaded = loader(text)
                except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                    continue
                if isinstance(loaded, list | tuple):
                    items = list(loaded)
                    break
            else:
                text = text.strip("[]()")
        if not items:
            items = [t.strip(" '\"") for t in _SPLIT.split(text.strip("[]()"))]
    out: list[StatusParse] = []
    for item in items:
        if isinstance(item, list | tuple | dict):
            continue
        if not is_empty(item):
            out.append(parse_status(item))
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
