"""Which source column feeds which canonical field: synonyms in several languages, rules for
composite headers ("Interview 2 Thank-You Via"), and fuzzy matching as a last resort.

A header is matched in this order, and the report says which way it was matched:

1. ``override`` -- the caller's ``columns={"Made contact?": "follow_up"}``;
2. ``synonym`` -- the normalised header (see :func:`normalise_header`) is a known name;
3. ``rule`` -- keyword rules for headers that combine a thing, a round and an attribute;
4. ``fuzzy`` -- close to a known name (``difflib`` ratio >= :data:`FUZZY_CUTOFF`), reported
   with its score so a person can check it.

Examples
--------
>>> match_header("Date Applied").field, match_header("Beworben am").field
('date_applied', 'date_applied')
>>> m = match_header("Interview 2 Thank-You Via")
>>> m.field, m.round, m.how
('thank_you_channel', 2, 'rule')
>>> match_header("申请日期").field, match_header("Job Titel").field, match_header("Job Titel").how
('date_applied', 'role', 'fuzzy')
>>> match_header("Favourite colour") is None
True
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "FIELDS",
    "FUZZY_CUTOFF",
    "Field",
    "HeaderMatch",
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


def _f(
    name: str,
    kind: ValueKind,
    synonyms: str,
    *,
    event: str | None = None,
    multi: bool = False,
    description: str = "",
) -> Field:
    syn = tuple(s.strip() for s in synonyms.split("|") if s.strip())
    return Field(name, kind, event, multi, syn, description)


#: Every field a source column can map to. Synonyms are written normalised (lower case, single
#: spaces, no trailing punctuation) in English, German, French, Spanish and Chinese.
FIELDS: dict[str, Field] = {
    f.name: f
    for f in [
        _f(
            "company",
            "text",
            "company|company name|employer|organisation|organization|firm|business|"
            "company applied to|hiring company|firma|unternehmen|arbeitgeber|entreprise|"
            "société|societe|empresa|compañía|compania|公司|公司名称|企业|单位",
            description="Employer",
        ),
        _f(
            "role",
            "text",
            "position|job title|title|role|job|position title|job role|position applied for|"
            "job position|role title|stelle|stellenbezeichnung|jobtitel|berufsbezeichnung|poste|"
            "intitulé du poste|intitule du poste|titre du poste|puesto|cargo|职位|岗位|职位名称",
            description="Job title",
        ),
        _f(
            "location",
            "text",
            "location|city|place|office|office location|job location|where|remote|"
            "remote/hybrid|work mode|country|state|ort|standort|arbeitsort|lieu|ville|"
            "ubicación|ubicacion|ciudad|地点|城市|工作地点|base",
            multi=True,
            description="Place; several columns are joined",
        ),
        _f(
            "source",
            "text",
            "source|where found|found on|found via|found through|job board|platform|applied via|"
            "applied through|application source|site|website|how found|how did you find|"
            "lead source|quelle|plattform|jobbörse|jobborse|plateforme|fuente|portal|来源|渠道",
            description="Where the job was found",
        ),
        _f(
            "referral",
            "referral",
            "referral|referred|referred by|referrer|employee referral|inside contact|"
            "know someone|referral name|empfehlung|empfohlen von|recommandation|cooptation|"
            "referido|recomendación|recomendacion|内推|推荐人",
            description="Referred or known contact (a name counts as yes)",
        ),
        _f(
            "contact_name",
            "text",
            "contact|contact name|contact person|recruiter|recruiter name|hiring manager|"
            "point of contact|poc|hr contact|ansprechpartner|kontakt|contacto|联系人|hr",
            description="Recruiter or contact",
        ),
        _f(
            "contact_email",
            "text",
            "email|e-mail|contact email|recruiter email|email address|e-mail-adresse|correo|邮箱",
            description="Contact e-mail",
        ),
        _f(
            "contact_phone",
            "text",
            "phone|phone number|contact phone|telephone|tel|telefon|téléphone|telefono|电话",
            description="Contact phone",
        ),
        _f(
            "url",
            "text",
            "link|url|job link|job url|posting|job posting|posting link|posting url|"
            "application link|job ad|ad link|stellenanzeige|annonce|enlace|链接|网址",
            description="Posting URL",
        ),
        _f(
            "job_id",
            "text",
            "job id|req id|requisition|requisition id|job number|reference|ref|job ref|"
            "posting id|referenznummer|référence|referencia|职位编号",
            description="Requisition id",
        ),
        _f(
            "date_applied",
            "date",
            "date applied|applied|applied on|application date|date of application|applied date|"
            "submitted|date submitted|submission date|date sent|sent on|apply date|"
            "beworben am|bewerbungsdatum|datum der bewerbung|date de candidature|"
            "date candidature|fecha de solicitud|fecha de aplicación|fecha de aplicacion|"
            "fecha de postulación|fecha de postulacion|申请日期|投递日期|投递时间|申请时间",
            event="applied",
            description="When the application was sent",
        ),
        _f(
            "date",
            "date",
            "date|datum|fecha|日期",
            description="A bare 'Date' column: read as the application date when none other",
        ),
        _f(
            "date_saved",
            "flag_or_date",
            "date saved|saved date|saved on|saved|bookmarked|gemerkt am|date enregistrée",
            event="saved",
            description="When the job was saved (before applying)",
        ),
        _f(
            "status",
            "status",
            "status|stage|current status|application status|state|result|outcome|progress|"
            "current stage|stand|bewerbungsstatus|statut|état|etat|estado|状态|进度|结果|进展",
            description="Free-text status",
        ),
        _f(
            "status_date",
            "date",
            "status date|last update|last updated|last contact|date of last contact|updated|"
            "last activity|last status change|date archived|letzte änderung|最后更新",
            description="When the status was last set",
        ),
        _f(
            "salary",
            "salary",
            "salary|salary range|pay|pay range|compensation|posted salary|wage|salary posted|"
            "salary (posted)|comp|base salary|gehalt|gehaltsspanne|salaire|rémunération|"
            "remuneration|salario|sueldo|薪资|薪水|工资|薪酬|待遇",
            description="Posted salary text",
        ),
        _f(
            "offer_initial",
            "money",
            "offer|offer amount|initial offer|first offer|offer salary|offered salary|"
            "angebot|offre|oferta",
            description="First offer",
        ),
        _f(
            "offer_final",
            "money",
            "final offer|negotiated offer|accepted offer|offer after negotiation|final salary",
            description="Final offer",
        ),
        _f(
            "asking_salary",
            "money",
            "asking salary|expected salary|salary expectation|salary expectations|"
            "desired salary|salary asked|requested salary|gehaltsvorstellung|"
            "gehaltswunsch|prétentions salariales|pretentions salariales|"
            "pretensión salarial|pretension salarial|期望薪资",
            description="What you asked for (annualised)",
        ),
        _f(
            "answers",
            "answers",
            "question and answers|questions and answers|application questions|screening questions",
            description="Application questions and answers; a salary expectation in them "
            "becomes asking_salary",
        ),
        _f(
            "resume_version",
            "text",
            "resume|resume version|cv|cv version|resume used|cover letter version|lebenslauf",
            description="Resume version",
        ),
        _f(
            "skill_gaps",
            "text",
            "skill gaps|skills gap|skill gap|skills missing|missing skills|gaps|areas to improve|"
            "what to improve|to improve|lessons learned",
            multi=True,
            description="Skills noted as missing",
        ),
        _f(
            "notes",
            "text",
            "notes|note|comments|comment|remarks|details|misc|other|notizen|bemerkungen|"
            "kommentar|remarques|commentaires|notas|comentarios|备注|笔记",
            multi=True,
            description="Free text; several columns are joined",
        ),
        # ---- wide-tracker event columns -------------------------------------------------
        _f(
            "response_date",
            "flag_or_date",
            "response date|date of response|first response|heard back|reply date|"
            "date heard back|response|replied|response received|got response|antwort|réponse|"
            "reponse|respuesta|回复|回复日期",
            event="response",
            description="First reply of any kind",
        ),
        _f(
            "screen_date",
            "flag_or_date",
            "phone screen|screen date|recruiter call|phone interview|hr call|screening|"
            "phone screen date|screening call|recruiter screen|hr面|电话面试",
            event="screen",
            multi=True,
            description="Screen call",
        ),
        _f(
            "assessment_date",
            "flag_or_date",
            "assessment|online assessment|oa|coding test|take home|take-home|technical test|"
            "test|笔试|在线测评",
            event="assessment",
            multi=True,
            description="Test or take-home",
        ),
        _f(
            "interview_date",
            "flag_or_date",
            "interview|interview date|interviews|onsite|on-site|final interview|final round|"
            "vorstellungsgespräch|vorstellungsgesprach|entretien|entrevista|面试|面试时间|"
            "interview scheduled",
            event="interview",
            multi=True,
            description="Interview (round read from the header)",
        ),
        _f(
            "interview_count",
            "count",
            "number of interviews|no of interviews|no. of interviews|of interviews|"
            "interview count|interviews count|count of interviews|interview rounds|"
            "anzahl interviews|anzahl der interviews|nombre d'entretiens|número de entrevistas|"
            "numero de entrevistas|面试次数|面试轮数",
            event="interview",
            description="How many interviews (a count: 1 or more means interviewed)",
        ),
        _f(
            "interviewed",
            "flag_or_date",
            "interviewed|got interview|got an interview",
            event="interview",
            description="Interviewed yes/no",
        ),
        _f(
            "thank_you",
            "flag_or_date",
            "thank you|thank-you|thank you sent|thank you note|thank-you note|ty note|"
            "thank you email|thank you letter|sent thank you|thanks sent|dankesmail|"
            "remerciement|agradecimiento|感谢信",
            event="thank_you",
            multi=True,
            description="Thank-you note (date sent or yes)",
        ),
        _f(
            "thank_you_channel",
            "channel",
            "thank you via|thank-you via|thank you channel|thank you method|thank you how|"
            "thank you type",
            multi=True,
            description="How the thank-you was sent",
        ),
        _f(
            "next_steps_asked",
            "flag_or_date",
            "asked next steps|asked about next steps|next steps asked|asked for next steps|"
            "asked timeline|asked about timeline",
            event="next_steps_asked",
            description="Asked about next steps",
        ),
        _f(
            "follow_up",
            "flag_or_date",
            "follow up|follow-up|followup|follow up date|follow-up date|followed up|"
            "date followed up|follow up sent|made contact|nachgefasst|relance|seguimiento|跟进",
            event="follow_up",
            multi=True,
            description="Follow-up (date or yes)",
        ),
        _f(
            "follow_up_channel",
            "channel",
            "follow up via|follow-up via|follow up channel|follow up method|follow up how|"
            "follow up type|followed up via",
            multi=True,
            description="How the follow-up was made",
        ),
        _f(
            "offer_date",
            "flag_or_date",
            "offer date|date of offer|offer received|offered on|date offered|offer received date",
            event="offer",
            description="Offer",
        ),
        _f(
            "rejection_date",
            "flag_or_date",
            "rejection date|rejected on|date rejected|rejection|rejected|date of rejection|"
            "absage am|date de refus|fecha de rechazo|拒绝日期",
            event="rejection",
            description="Rejection",
        ),
        _f(
            "withdrawal_date",
            "flag_or_date",
            "withdrawn|withdrew|withdrawal date|date withdrawn",
            event="withdrawal",
            description="Withdrawal",
        ),
        _f(
            "feedback_requested",
            "flag_or_date",
            "feedback requested|asked for feedback|requested feedback|feedback asked",
            event="feedback_request",
            description="Asked for feedback",
        ),
        _f(
            "feedback_received",
            "flag_or_date",
            "feedback received|got feedback|feedback|received feedback",
            event="feedback_received",
            description="Feedback received",
        ),
        _f(
            "timeline",
            "timeline",
            "timeline|时间线|时间轴|history notes|chronology|verlauf",
            description="Shorthand timeline text ('2.6 applied 2.15 vo')",
        ),
        _f(
            "stage_history",
            "history",
            "stage history|stages|status history|pipeline history|history",
            description="List of stages in one cell",
        ),
    ]
}

#: Lowest difflib ratio for a fuzzy match. High on purpose: a wrong mapping is worse than a
#: column kept as it is (the report shows it and ``columns=`` fixes it).
FUZZY_CUTOFF: float = 0.86

_SYNONYMS: dict[str, str] = {}
for _field in FIELDS.values():
    for _s in _field.synonyms:
        _SYNONYMS.setdefault(_s, _field.name)


@dataclass(frozen=True)
class HeaderMatch:
    """How one header was matched: the field, the interview round or repeat number it names,
    how it was matched and a score in [0, 1]."""

    field: str
    round: int | None
    how: str
    score: float = 1.0


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
_CN_ROUNDS = {"一面": 1, "二面": 2, "三面": 3, "四面": 4, "终面": None}
_ROUND_RE = re.compile(
    r"(?:\b(?:round|rd|r|interview|stage|#|no\.?)\s*(\d+)\b)|(?:\b(\d+)\s*(?:st|nd|rd|th)\b)|"
    r"(?:\b(\d+)\b)"
)


def normalise_header(text: object) -> str:
    """Lower case, NFKC, non-breaking and repeated spaces folded, trailing ``?:*.`` removed,
    underscores as spaces.

    Examples
    --------
    >>> normalise_header("  Referral?\\u00a0 ") , normalise_header("DATE_APPLIED"),\\
    ...     normalise_header("Status:")
    ('referral', 'date applied', 'status')
    """
    s = unicodedata.normalize("NFKC", str(text)).replace("\u00a0", " ").replace("_", " ")
    s = re.sub(r"\s+", " ", s).strip().lower()
    s = s.rstrip("?:*. ").lstrip("*# ")
    return s


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


_CHANNEL_WORDS = r"\b(via|channel|method|how|medium|type|mode|by)\b"


def _at_word_start(h: str, word: str) -> bool:
    """Whether ``word`` occurs in ``h`` not preceded by a letter a-z: what the regular
    expression ``(?<![a-z])word`` finds, without one per keyword and header."""
    i = h.find(word)
    while i != -1:
        if i == 0 or not "a" <= h[i - 1] <= "z":
            return True
        i = h.find(word, i + 1)
    return False


def _rule(h: str) -> str | None:
    """Keyword rules for composite headers, most specific first."""
    has = lambda *w: any(_at_word_start(h, x) for x in w)  # noqa: E731
    if has("thank", "ty note", "dankes", "感谢"):
        return "thank_you_channel" if re.search(_CHANNEL_WORDS, h) else "thank_you"
    if has("follow"):
        return "follow_up_channel" if re.search(_CHANNEL_WORDS, h) else "follow_up"
    if has("next step"):
        return "next_steps_asked"
    if has("feedback"):
        return "feedback_requested" if has("request", "asked", "ask ") else "feedback_received"
    if has("salary", "compensation", "pay range", "gehalt", "salaire", "salario", "薪"):
        return "offer_final" if has("final", "negotiated") else "salary"
    if has("offer"):
        if has("final", "negotiated", "accepted"):
            return "offer_final"
        if has("date", "received", "when"):
            return "offer_date"
        if has("amount", "salary", "initial", "first", "$", "€", "£"):
            return "offer_initial"
        return None
    if has("reject", "absage", "拒"):
        return "rejection_date"
    if has("screen", "recruiter call", "hr call"):
        return "screen_date"
    if has("assessment", "coding test", "take home", "take-home", "笔试"):
        return "assessment_date"
    if has("interview", "onsite", "entretien", "entrevista", "面试", "vorstellungsgespr"):
        if h.startswith("interviewed") or h.endswith("interviewed"):
            return "interviewed"
        if has("type", "format", "with", "notes", "questions", "interviewer"):
            return None
        return "interview_date"
    if has("applied", "application date", "date of application", "submitted", "申请", "投递"):
        if has("via", "through", "how", "where", "source", "platform"):
            return "source"
        return "date_applied"
    if has("response", "heard back", "reply", "replied"):
        return "response_date"
    if has("referr", "empfehl", "内推"):
        return "referral"
    if has("company", "employer", "firma", "公司", "empresa", "entreprise"):
        return "company"
    if has("job title", "position", "role"):
        return "role"
    if has("url", "link"):
        return "url"
    if has("note", "comment", "remark", "备注"):
        return "notes"
    if has("location", "city", "standort", "地点"):
        return "location"
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
    """
    # Headers repeat across sheets, files and the rows searched for the header: match each
    # distinct text once (HeaderMatch is frozen, so sharing it is safe).
    return _match_cached(text if isinstance(text, str) else str(text), fuzzy)


def _match(text: str, *, fuzzy: bool = True) -> HeaderMatch | None:
    h = normalise_header(text)
    if not h:
        return None
    if h in _SYNONYMS:
        return HeaderMatch(_SYNONYMS[h], None, "synonym")
    core, rnd = _strip_round(h)
    if core in _SYNONYMS:
        return HeaderMatch(_SYNONYMS[core], rnd, "synonym")
    field = _rule(h)
    if field is not None:
        return HeaderMatch(field, rnd, "rule")
    if not fuzzy:
        return None
    best = difflib.get_close_matches(h, list(_SYNONYMS), n=1, cutoff=FUZZY_CUTOFF)
    if best:
        score = difflib.SequenceMatcher(None, h, best[0]).ratio()
        return HeaderMatch(_SYNONYMS[best[0]], rnd, "fuzzy", round(score, 3))
    return None
