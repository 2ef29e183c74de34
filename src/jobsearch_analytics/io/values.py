"""Small value parsers for single cells: clean text, flags, channels, URLs, company names.

Every function here takes one cell exactly as a reader returned it (``str``, ``int``,
``float``, ``bool``, a date or time, ``None`` or NaN) and never raises on a strange value.

Examples
--------
>>> text_of("  Acme\\u00a0Corp "), text_of(5551234567.0), text_of(float("nan"))
('Acme Corp', '5551234567', None)
>>> parse_flag("✓"), parse_flag("nein"), parse_flag("N/A")
(True, False, None)
>>> parse_channel("left a voicemail"), parse_channel("Thank-you card")
('voicemail', 'mail')
>>> normalise_company("Acme, Inc.") == normalise_company("ACME Inc") == "acme"
True
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Any

import pandas as pd

from jobsearch_analytics.conventions import normalise_company

__all__ = [
    "PLACEHOLDERS",
    "is_empty",
    "is_placeholder",
    "is_url",
    "match_key",
    "normalise_company",
    "normalise_url",
    "parse_channel",
    "parse_channel_detail",
    "parse_flag",
    "parse_flag_detail",
    "text_of",
]

# Spaces that spreadsheets and web pages smuggle into cells; all read as a plain space.
_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2000-\u200a\u3000\t\f\v]")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_RUNS = re.compile(r" {2,}")

#: Text that stands for "no value" (compared after :func:`match_key`).
PLACEHOLDERS: frozenset[str] = frozenset(
    {
        "n/a", "n / a", "na", "n.a.", "n.a", "#n/a", "n/d", "nd", "n.d.", "-", "--", "---",
        "—", "–", "/", "tbd", "tba", "tbc", "none", "null", "nil", "nan", "?", "??", "???",
        "unknown", "not applicable", "not available", "...", "…", "k.a.", "k. a.", "keine",
        "aucun", "aucune", "ninguno", "待定", "无", "不适用", "未知",
    }
)  # fmt: skip


def is_empty(value: Any) -> bool:
    """True for an empty cell: ``None``, NaN, ``NaT``/``NA`` or whitespace-only text.

    Examples
    --------
    >>> is_empty(None), is_empty(" \\u00a0 "), is_empty(0), is_empty("x")
    (True, True, False, False)
    """
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str):
        return not _clean_str(value)
    if value is pd.NA or value is pd.NaT:
        return True
    try:  # numpy NaN and NaT scalars
        return bool(value != value)
    except (TypeError, ValueError):
        return False


def _clean_str(text: str) -> str:
    # Most cells are already clean: one printable line (no NBSP, tabs, newlines or invisible
    # characters, which are all non-printable), no outer or doubled spaces.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_RUNS.sub(" ", line).strip() for line in text.split("\n")]
    # Drop blank lines at the ends but keep inner structure (notes have paragraphs).
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def _format_number(value: float) -> str:
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def text_of(value: Any) -> str | None:
    """Return a cell as clean text, or ``None`` when it is empty.

    Strips the ends, turns non-breaking and other odd spaces into plain spaces, collapses runs
    of spaces (newlines are kept), and writes integral floats without ``.0`` so that phone
    numbers and job ids stored as numbers read back as typed. Booleans read as Excel shows them
    (``TRUE``/``FALSE``); datetimes as ISO text (the time only when it is not midnight).

    Examples
    --------
    >>> text_of(12345.0), text_of(2.5), text_of(True), text_of("  ")
    ('12345', '2.5', 'TRUE', None)
    >>> import datetime as dt
    >>> text_of(dt.datetime(2024, 3, 5)), text_of(dt.datetime(2024, 3, 5, 14, 30))
    ('2024-03-05', '2024-03-05 14:30:00')
    >>> text_of("line one \\r\\n  line two")
    'line one\\nline two'
    """
    if is_empty(value):
        return None
    if isinstance(value, str):
        return _clean_str(value) or None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _format_number(value)
    if isinstance(value, dt.datetime):
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date().isoformat()
        return value.replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    try:
        as_float = float(value)  # numpy scalars and the like
    except (TypeError, ValueError, OverflowError):
        return _clean_str(str(value)) or None
    return _format_number(as_float)


def match_key(value: Any) -> str:
    """The form used to compare a cell with a vocabulary: clean text, case-folded, one line.

    Examples
    --------
    >>> match_key("  No\\u00a0 Response\\n")
    'no response'
    >>> match_key(None)
    ''
    """
    text = text_of(value)
    if text is None:
        return ""
    return " ".join(text.casefold().split())


def is_placeholder(value: Any) -> bool:
    """True when a cell holds text that stands for "no value" (N/A, -, TBD, none, ? ...).

    An empty cell is *not* a placeholder (it holds nothing at all; see :func:`is_empty`).

    Examples
    --------
    >>> [is_placeholder(v) for v in ["N/A", "n/a", "NA", "-", "—", "TBD", "none", "?"]]
    [True, True, True, True, True, True, True, True]
    >>> is_placeholder("Acme"), is_placeholder(""), is_placeholder(0)
    (False, False, False)
    """
    if not isinstance(value, str):
        return False
    return match_key(value) in PLACEHOLDERS


# --- flags -------------------------------------------------------------------------------------

_YES = frozenset(
    {
        "yes", "y", "x", "✓", "✔", "✔️", "✅", "☑", "☑️", "true", "1", "sent", "done", "是",
        "对", "有", "已", "ja", "j", "oui", "sí", "si", "yep", "yeah", "yup", "completed",
        "complete", "received", "ok", "+", "checked", "1.0", "wahr", "vrai", "verdadero",
        "erledigt", "fait", "hecho", "enviado", "envoyé", "gesendet", "已发送", "已完成",
        "evet", "tak", "sì", "sim", "да", "はい", "예", "네",
    }
)  # fmt: skip
_NO = frozenset(
    {
        "no", "n", "false", "0", "0.0", "nein", "non", "否", "没有", "没", "未", "✗", "✘", "❌",
        "nope", "not sent", "not yet", "falsch", "faux", "falso", "unchecked", "nicht",
        "pas encore", "todavía no", "todavia no", "hayır", "hayir", "nie", "não", "nao", "nee",
        "нет", "いいえ", "아니오", "아니요",
    }
)  # fmt: skip
_FIRST_WORD = re.compile(r"[^\W_]+|[^\w\s]", re.UNICODE)


def parse_flag_detail(value: Any) -> tuple[bool | None, str]:
    """Read a yes/no cell; return the flag and ``'yes'``, ``'no'``, ``'empty'`` or
    ``'unrecognised'``.

    A date in a flag column (a "Thank-you sent" column holding the day it was sent) reads as
    yes. Text whose first word is a yes/no word ("Yes, by email", "no reply") reads as that word.

    Examples
    --------
    >>> parse_flag_detail("Yes, by email"), parse_flag_detail("maybe")
    ((True, 'yes'), (None, 'unrecognised'))
    >>> parse_flag_detail(0), parse_flag_detail("n/a")
    ((False, 'no'), (None, 'empty'))
    """
    if is_empty(value) or is_placeholder(value):
        return None, "empty"
    if isinstance(value, bool):
        return value, "yes" if value else "no"
    if isinstance(value, dt.date | dt.datetime):
        return True, "yes"
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value == 1:
            return True, "yes"
        if value == 0:
            return False, "no"
        return None, "unrecognised"
    key = match_key(value)
    for words, answer in ((_YES, True), (_NO, False)):
        if key in words:
            return answer, "yes" if answer else "no"
    first = _FIRST_WORD.findall(key)
    if first:
        head = first[0]
        two = " ".join(first[:2])
        for words, answer in ((_NO, False), (_YES, True)):
            if two in words or head in words:
                return answer, "yes" if answer else "no"
    return None, "unrecognised"


def parse_flag(value: Any) -> bool | None:
    """Read a yes/no cell: ``True``, ``False`` or ``None`` (empty, N/A or not recognised).

    Examples
    --------
    >>> [parse_flag(v) for v in ["Y", "x", "TRUE", 1, "sent", "是", "oui", "sí"]]
    [True, True, True, True, True, True, True, True]
    >>> [parse_flag(v) for v in ["no", "N", "FALSE", 0, "nein", "non", "否"]]
    [False, False, False, False, False, False, False]
    """
    return parse_flag_detail(value)[0]


# --- channels ----------------------------------------------------------------------------------

# Checked in this order: the first channel with a matching phrase wins, so "left a voicemail"
# is a voicemail (not mail) and "LinkedIn message" is LinkedIn (not a text).
_CHANNEL_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("voicemail", ("voicemail", "voice mail", "vm", "left message", "left a message",
                   "left msg", "left vm", "answering machine", "mailbox")),
    ("linkedin", ("linkedin", "linked in", "inmail", "li message", "li msg")),
    ("email", ("email", "e mail", "emailed", "emails", "gmail", "outlook",
               "electronic", "courriel", "mail electronic", "邮件", "邮箱")),
    ("video", ("zoom", "teams", "ms teams", "google meet", "meet", "video", "video call",
               "webex", "skype", "facetime", "hangouts", "视频")),
    ("text", ("text", "texted", "sms", "imessage", "whatsapp", "wechat", "微信", "短信",
              "text message", "signal", "telegram")),
    ("in_person", ("in person", "at the interview", "onsite", "on site", "face to face",
                   "f2f", "handed", "in office", "at interview", "after interview",
                   "persönlich", "en personne", "en persona", "当面")),
    ("portal", ("portal", "website", "ats", "workday", "greenhouse", "lever", "taleo",
                "icims", "career site", "careers site", "company site", "online",
                "application portal", "smartrecruiters", "官网")),
    ("phone", ("phone", "call", "called", "telephone", "tel", "cell", "phoned", "rang",
               "phone call", "telefon", "téléphone", "teléfono", "telefono", "电话", "anruf")),
    ("mail", ("mail", "post", "postal", "card", "thank you card", "handwritten",
              "handwritten note", "letter", "snail mail", "courrier", "carta")),
)  # fmt: skip
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _words(key: str) -> str:
    # Hyphens and punctuation separate words: "e-mail" -> "e mail", "in-person" -> "in person".
    return " " + " ".join(re.findall(r"[^\W_]+", key)) + " "


def parse_channel_detail(value: Any) -> tuple[str | None, str]:
    """Map a channel cell to :data:`~jobsearch_analytics.model.CHANNELS`.

    Returns the channel and how it was found: ``'exact'`` (the whole cell is a known word),
    ``'keyword'`` (a known word inside longer text), ``'unrecognised'`` (channel ``'other'``)
    or ``'empty'`` (channel ``None``).

    "Mail" on its own means paper mail (a card, a letter); e-mail is spelled "email",
    "e-mail" or "mail (electronic)".

    Examples
    --------
    >>> parse_channel_detail("E-mail"), parse_channel_detail("Mail")
    (('email', 'exact'), ('mail', 'exact'))
    >>> parse_channel_detail("sent a note on LinkedIn"), parse_channel_detail("pigeon")
    (('linkedin', 'keyword'), ('other', 'unrecognised'))
    """
    if is_empty(value) or is_placeholder(value):
        return None, "empty"
    key = match_key(value)
    words = _words(key)
    bare = words.strip()
    for channel, phrases in _CHANNEL_PHRASES:
        if bare in phrases or bare == channel:
            return channel, "exact"
    for channel, phrases in _CHANNEL_PHRASES:
        for phrase in phrases:
            found = phrase in key if _CJK.search(phrase) else f" {phrase} " in words
            if found:
                return channel, "keyword"
    return "other", "unrecognised"


def parse_channel(value: Any) -> str | None:
    """Map a channel cell to one of :data:`~jobsearch_analytics.model.CHANNELS` (or ``None``).

    Examples
    --------
    >>> [parse_channel(v) for v in ["Email", "Phone", "VM", "In person", "InMail", "SMS",
    ...                             "Zoom", "portal", "handwritten note"]]
    ['email', 'phone', 'voicemail', 'in_person', 'linkedin', 'text', 'video', 'portal', 'mail']
    """
    return parse_channel_detail(value)[0]


# --- URLs --------------------------------------------------------------------------------------

_URL = re.compile(r"^(?:[a-z][a-z0-9+.\-]*://|www\.)\S+$", re.IGNORECASE)
_BARE_URL = re.compile(r"^[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}/\S*$", re.IGNORECASE)
_TRACKING = frozenset({"trk", "trkinfo", "refid", "trackingid", "gclid", "fbclid", "mc_cid",
                       "mc_eid", "_hsenc", "_hsmi", "lipi", "originalsubdomain"})  # fmt: skip


def is_url(text: Any) -> bool:
    """True when a cell holds one web address.

    Accepts a scheme (``https://...``), a ``www.`` prefix, or a bare host followed by a path
    (``linkedin.com/jobs/view/1``). A bare ``acme.com`` is read as a name, not a link.

    Examples
    --------
    >>> is_url("https://jobs.example.com/1"), is_url("linkedin.com/jobs/view/1")
    (True, True)
    >>> is_url("Acme Corp"), is_url("acme.com"), is_url(42)
    (False, False, False)
    """
    if not isinstance(text, str):
        return False
    t = text_of(text)
    if t is None or "\n" in t or " " in t:
        return False
    return bool(_URL.match(t) or _BARE_URL.match(t))


def normalise_url(text: Any) -> str:
    """A web address in the form used to find duplicates.

    Lower-cases the scheme and host, drops default ports, tracking parameters (``utm_*``,
    ``trk``, ``refId``, ``trackingId``, ``gclid`` ...), the fragment and a trailing slash,
    and adds ``https://`` when the scheme is missing. Other query parameters keep their order
    and encoding. Text that is not a URL comes back cleaned but otherwise unchanged.

    Examples
    --------
    >>> normalise_url("HTTPS://WWW.LinkedIn.com/jobs/view/123/?trk=abc&refId=x#top")
    'https://www.linkedin.com/jobs/view/123'
    >>> normalise_url("jobs.example.com/a?id=7&utm_source=x")
    'https://jobs.example.com/a?id=7'
    """
    from urllib.parse import urlsplit, urlunsplit

    t = text_of(text) or ""
    if not is_url(t):
        return t
    if "://" not in t:
        t = "https://" + t
    try:
        parts = urlsplit(t)
        netloc = parts.netloc.lower()
        scheme = parts.scheme.lower()
        if (scheme, netloc.rpartition(":")[2]) in {("http", "80"), ("https", "443")}:
            netloc = netloc.rpartition(":")[0]
        kept = [
            pair
            for pair in parts.query.split("&")
            if pair
            and not pair.split("=", 1)[0].lower().startswith("utm_")
            and pair.split("=", 1)[0].lower() not in _TRACKING
        ]
        path = parts.path.rstrip("/")
        return urlunsplit((scheme, netloc, path, "&".join(kept), ""))
    except ValueError:
        return t


# --- text folding ------------------------------------------------------------------------------


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold()
