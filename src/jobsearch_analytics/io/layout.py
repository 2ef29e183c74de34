"""Finding the table in a sheet: the header row, what each column is, and whether the sheet is a
tracker at all.

Real trackers put a title and merged group bands above the header, keep lookup lists and
COUNTIF summaries in other sheets, and sometimes record stages as one column per stage holding
``1`` or blank. This module decides all of that from the cells, before any value is parsed.

Examples
--------
>>> rows = [["JOB TRACKER", None, None], [None, None, None],
...         ["Company", "Position", "Date Applied"], ["Acme", "Analyst", "2024-01-05"]]
>>> layout = find_layout(rows)
>>> layout.header_index, [c.field for c in layout.columns]
(2, ['company', 'role', 'date_applied'])
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from jobsearch_analytics.io.columns import (
    FIELDS,
    HeaderMatch,
    context_name,
    header_candidates,
    match_header,
    normalise_header,
)
from jobsearch_analytics.io.profile import (
    DATE,
    MIN_FIT,
    MIN_VALUES,
    NUMBER,
    WORDS,
    ColumnProfile,
    content_fit,
    field_support,
    profile_column,
)

__all__ = [
    "ColumnPlan",
    "Layout",
    "Sideways",
    "find_layout",
    "find_sideways",
    "header_line",
    "is_onehot_value",
    "sheet_skip_reason",
]

#: How many rows from the top are searched for the header.
HEADER_SEARCH_ROWS = 40

#: How many columns from the left are matched to fields. A tracker's columns are far fewer;
#: a sheet wider than this (a hostile file, an export gone wrong) keeps the columns past it as
#: they are, which the loader reports, instead of spending seconds per thousand header cells.
HEADER_SEARCH_COLS = 1024

#: Fields that identify an application: a row with none of them is not an application.
IDENTITY_FIELDS = frozenset({"company", "role", "url", "job_id", "date_applied"})

#: Fields without which a sheet is not a tracker (with at least one more mapped field).
ANCHOR_FIELDS = frozenset({"company", "role"})

_ONEHOT_TRUE = {"1", "1.0", "x", "yes", "y", "true", "✓", "✔", "☑"}
_ONEHOT_FALSE = {"0", "0.0", "no", "n", "false", "", "☐"}

_SKIP_SHEET = re.compile(
    r"network|contacts?\b|connections|people|lookup|lists?\b|dropdown|instruction|read ?me|"
    r"settings|config|summary|dashboard|stats|statistics|chart|overview|legend|template|"
    r"übersicht|résumé des|联系人|统计",
    re.IGNORECASE,
)
_CONTACT_HEADERS = {"first name", "last name", "connected on", "name", "full name"}


@dataclass(frozen=True)
class ColumnPlan:
    """What one source column is.

    ``col`` is the 0-based column index in the sheet's grid; ``field`` the canonical field it
    feeds (``None``: kept as an extra column under ``header``); ``round`` the interview round or
    repeat number read from the header; ``how`` and ``score`` how the header was matched (see
    :mod:`jobsearch_analytics.io.columns`; ``contradicted``: the content ruled the header's
    field out, ``outranked``: another column had better evidence for it); ``onehot`` the
    status text when the column is a one-hot stage column; ``evidence`` the header and content
    facts behind the decision, in words, for the load report.
    """

    col: int
    header: str
    field: str | None
    round: int | None = None
    how: str = "none"
    score: float = 1.0
    onehot: str | None = None
    evidence: str = ""


@dataclass(frozen=True)
class Layout:
    header_index: int
    columns: tuple[ColumnPlan, ...]

    def fields(self) -> set[str]:
        return {c.field for c in self.columns if c.field}


def is_onehot_value(value: Any) -> bool | None:
    """True/False for a one-hot cell (1 / blank / x / TRUE ...), None when it is something else.

    Examples
    --------
    >>> is_onehot_value(1), is_onehot_value(None), is_onehot_value("x"), is_onehot_value("Jan 5")
    (True, False, True, None)
    """
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value == 1:
            return True
        if value == 0:
            return False
        return None
    text = str(value).strip().lower()
    if text in _ONEHOT_TRUE:
        return True
    if text in _ONEHOT_FALSE:
        return False
    return None


def _header_text(value: Any) -> str:
    if value is None:
        return ""
    text = str(value).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def _onehot_status(header: str) -> str | None:
    """The header as a status when it names a stage or an outcome (for one-hot columns)."""
    from jobsearch_analytics.io.status import parse_status

    parsed = parse_status(header)
    if parsed.confidence in ("exact", "keyword") and (parsed.stage or parsed.outcome):
        return header
    return None


def _score_row(row: Sequence[Any]) -> int:
    """How much ``row`` looks like a header: the known fields its cells name by synonym or
    keyword rule (a look-alike name does not count), +2 when one of them is an anchor (or
    +3 for a posting's ``Name`` next to a URL column, without one)."""
    fields: set[str] = set()
    for value in row:
        # _may_be_header inline: this runs for every cell of the rows searched (a blank text
        # matches nothing, cached).
        if type(value) is str and len(value) < 80:
            m = match_header(value, fuzzy=False)
            if m is not None:
                fields.add(m.field)
    anchor = 2 if fields & ANCHOR_FIELDS else 0
    # An export naming each posting next to its URL: the name is the anchor.
    if (
        not anchor
        and "url" in fields
        and any(_may_be_header(v) and context_name(v) == "posting" for v in row)
    ):
        return len(fields) + 3
    return len(fields) + anchor


def _row_matches(row: Sequence[Any]) -> list[HeaderMatch | None]:
    """Each cell of the header row matched to a field, look-alike names included."""
    return [match_header(value) if _may_be_header(value) else None for value in row]


def _may_be_header(value: Any) -> bool:
    """Whether a cell can name a column: text, not blank, shorter than a sentence."""
    return isinstance(value, str) and bool(value.strip()) and len(value) < 80


def find_layout(
    rows: Sequence[Sequence[Any]],
    *,
    overrides: Mapping[str, str | None] | None = None,
    origin_col: int = 0,
) -> Layout | None:
    """Find the header row and plan each column, or ``None`` when no row looks like a header.

    A header row maps at least two columns to known fields, one of them the company or the
    job title (or names columns in ``overrides``). The best-scoring row in the first
    :data:`HEADER_SEARCH_ROWS` wins; ties go to the upper row. ``overrides`` maps a header (as
    typed, compared after normalising) to a field name, or to ``None`` to keep it as it is.
    """
    overrides = {normalise_header(k): v for k, v in (overrides or {}).items()}
    # Only the chosen row's cells are compared with look-alike names: on every other row of the
    # search (company names, notes, dates) that comparison is most of the time spent and counts
    # for nothing.
    best: tuple[int, int] | None = None
    for i, full_row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        row = full_row[:HEADER_SEARCH_COLS]
        score = _score_row(row)
        if overrides:
            named = (v for v in row if isinstance(v, str) and normalise_header(v) in overrides)
            score += 3 * sum(1 for _ in named)
        if score >= 4 and (best is None or score > best[0]):
            best = (score, i)
    if best is None:
        return None
    _, idx = best
    header = rows[idx]
    matches = _row_matches(header[:HEADER_SEARCH_COLS])
    data = rows[idx + 1 :]
    plans: list[ColumnPlan] = []
    width = max((len(r) for r in rows), default=0)
    for j in range(width):
        raw = header[j] if j < len(header) else None
        text = _header_text(raw)
        col = origin_col + j
        if not text:
            if any(j < len(r) and r[j] is not None for r in data):
                plans.append(ColumnPlan(col, f"Column {_letter(col)}", None, how="unnamed"))
            continue
        norm = normalise_header(text) if overrides else None
        if norm in overrides:
            target = overrides[norm]
            if target is None:
                plans.append(ColumnPlan(col, text, None, how="override"))
                continue
            m = match_header(target) if target not in FIELDS else None
            field = target if target in FIELDS else (m.field if m else None)
            if field is None:
                from jobsearch_analytics.io.report import LoadError

                raise LoadError(
                    f"columns={{{text!r}: {target!r}}} names no known field",
                    expected="one of " + ", ".join(sorted(FIELDS)),
                    hint="use a field name from that list, or None to keep the column as is",
                )
            rnd = match_header(text).round if match_header(text) else None
            plans.append(ColumnPlan(col, text, field, rnd, "override"))
            continue
        m = matches[j] if j < len(matches) else None
        plans.append(
            ColumnPlan(
                col,
                text,
                m.field if m else None,
                m.round if m else None,
                m.how if m else "none",
                m.score if m else 1.0,
            )
        )
    plans = _type_columns(plans, header, data, origin_col)
    plans = _detect_onehot(plans, data, origin_col)
    plans = _context_columns(plans)
    return Layout(idx, tuple(plans))


#: Fields of which the loader reads one column only: when several columns propose one, the
#: best evidence wins and the others are kept as they are (reported).
def _single(field: str) -> bool:
    f = FIELDS.get(field)
    return f is not None and not f.multi and f.kind not in ("flag_or_date", "channel")


#: How many of a column's filled cells are looked at to type it (evenly spread): enough to
#: tell dates from words, and the cost of a 10,000-row sheet stays that of a 100-row one.
PROFILE_SAMPLE = 100

# (header score x content fit, match, evidence, whether enough values were there to check it)
_Option = tuple[float, HeaderMatch, str, bool]


def _type_columns(
    plans: list[ColumnPlan],
    header: Sequence[Any],
    data: Sequence[Sequence[Any]],
    origin_col: int,
) -> list[ColumnPlan]:
    """Check each header's proposals against the column's content: the first proposal the
    content does not contradict is assigned, with its evidence; then competing columns for
    one field are settled by their evidence (see :func:`_settle`)."""
    out = list(plans)
    options: dict[int, list[_Option]] = {}
    columns: list[tuple[Any, ...]] | None = None
    for i, plan in enumerate(plans):
        j = plan.col - origin_col
        raw = header[j] if j < len(header) else None
        if plan.field is None or plan.how == "override" or not _may_be_header(raw):
            continue  # no header match (nothing to check), or the caller's word
        cands = header_candidates(str(raw))
        if not cands:
            continue
        if columns is None:  # one transpose, in C (ragged CSV rows padded first)
            width = max((p.col - origin_col for p in plans), default=-1) + 1
            padded = [r if len(r) >= width else [*r, *[None] * (width - len(r))] for r in data]
            columns = list(zip(*padded, strict=False)) if padded else [()] * width
        prof = profile_column(columns[j], sample=PROFILE_SAMPLE)
        viable: list[_Option] = []
        refused: list[tuple[HeaderMatch, float]] = []
        for m in cands:
            fit = content_fit(prof, m.field, weak=m.weak)
            if _contradicts(prof, m, fit):
                refused.append((m, fit))
                continue
            combined = m.score * (0.5 + 0.5 * fit if prof.n >= MIN_VALUES else 0.5)
            checked = prof.n >= MIN_VALUES
            viable.append((combined, m, _evidence(plan.header, m, prof, fit), checked))
        if viable:
            _, m, ev, _checked = viable[0]
            out[i] = replace(
                plan, field=m.field, round=m.round, how=m.how, score=m.score, evidence=ev
            )
            options[i] = viable
        else:
            m, fit = refused[0]
            out[i] = replace(
                plan,
                field=None,
                round=None,
                # A header naming an attribute ("Interview Notes") proposed weakly: kept as it
                # is without a report entry, as before.
                how="none" if m.weak else "contradicted",
                score=m.score,
                evidence=_refusal(plan.header, m, prof, fit),
            )
    return _settle(out, options)


#: Field kinds so narrow that even one or two values none of which fits rule them out (a 1
#: under "Offer" is no amount; "LinkedIn" under "Applied" is no date).
_NARROW = frozenset({"date", "money"})


def _contradicts(prof: ColumnProfile, m: HeaderMatch, fit: float) -> bool:
    if prof.n >= MIN_VALUES:
        return fit < MIN_FIT
    kind = FIELDS[m.field].kind if m.field in FIELDS else "text"
    return prof.n > 0 and fit == 0 and kind in _NARROW


def _evidence(header: str, m: HeaderMatch, prof: ColumnProfile, fit: float) -> str:
    how = f"{m.how} {m.score:.2f}" if m.how == "fuzzy" else m.how
    head = f"header {header!r} ({how})"
    if prof.n < MIN_VALUES:
        return f"{head}; {prof.n} value{'s' if prof.n != 1 else ''}: too few to check"
    kind = FIELDS[m.field].kind if m.field in FIELDS else "text"
    what = prof.describe(field_support(m.field, kind, weak=m.weak))
    return f"{head} + {fit:.0%} of {_of(prof)} are {what}"


def _of(prof: ColumnProfile) -> str:
    if prof.sampled:
        return f"{prof.n} values (sampled from {prof.cells} filled cells)"
    return f"{prof.n} values"


def _refusal(header: str, m: HeaderMatch, prof: ColumnProfile, fit: float) -> str:
    kind = FIELDS[m.field].kind if m.field in FIELDS else "text"
    what = prof.describe(field_support(m.field, kind, weak=m.weak))
    most = prof.describe(prof.dominant()) or "empty"
    return (
        f"header {header!r} suggests {m.field}, but {fit:.0%} of {_of(prof)} are {what} "
        f"(most are {most})"
    )


def _settle(out: list[ColumnPlan], options: dict[int, list[_Option]]) -> list[ColumnPlan]:
    """Several columns for a field read from one column only: the best evidence (header score
    times content fit; an override always; ties to the left) keeps it, each other column takes
    its next proposal the content supports (enough values to check, none contradicting) when
    that field is free, else is kept as it is (``how='outranked'``, reported): a header's
    weaker reading alone never takes a field."""

    def strength(i: int) -> float:
        return 2.0 if out[i].how == "override" else options[i][0][0] if i in options else 0.0

    by_field: dict[str, list[int]] = {}
    for i, p in enumerate(out):
        if p.field is not None and _single(p.field):
            by_field.setdefault(p.field, []).append(i)
    taken = set(by_field)
    for field, idx in by_field.items():
        if len(idx) < 2:
            continue
        winner = max(idx, key=lambda i: (strength(i), -i))
        for i in idx:
            if i == winner or out[i].how == "override":
                continue
            alt = next(
                (
                    o
                    for o in options.get(i, [])[1:]
                    if o[3] and (not _single(o[1].field) or o[1].field not in taken)
                ),
                None,
            )
            if alt is not None:
                _, m, ev, _checked = alt
                out[i] = replace(
                    out[i],
                    field=m.field,
                    round=m.round,
                    how=m.how,
                    score=m.score,
                    evidence=f"{ev}; {field} went to {out[winner].header!r}",
                )
                taken.add(m.field)
                continue
            out[i] = replace(
                out[i],
                field=None,
                round=None,
                how="outranked",
                evidence=f"{out[i].evidence}; {out[winner].header!r} has better evidence for "
                f"{field} ({out[winner].evidence})",
            )
    return out


def _context_columns(plans: list[ColumnPlan]) -> list[ColumnPlan]:
    """Without a company or job title column, a ``Name``/``Title`` column next to a job URL is
    the posting (company and role are read from it), and an application number (``#``,
    ``App ID``, ``Numara``) identifies anonymous applications."""
    fields = {p.field for p in plans}
    if "company" in fields:
        return plans
    out = list(plans)
    names = [(i, context_name(p.header)) for i, p in enumerate(plans) if p.how != "override"]
    posting = next(
        (i for i, c in names if c == "posting" and plans[i].field in (None, "role")), None
    )
    job_url = any(
        p.field == "url" and not _PERSON_URL.search(normalise_header(p.header)) for p in plans
    )
    if posting is not None and job_url:
        out[posting] = replace(
            plans[posting],
            field="posting",
            how="context",
            evidence=f"header {plans[posting].header!r} next to a job URL or stage column and "
            "no company column: the posting's name (company and role read from it)",
        )
        return out
    if "role" in fields:
        return out
    number = next(
        (i for i, c in names if c == "application_number" and plans[i].field is None), None
    )
    stages = sum(1 for p in plans if _is_stage_column(p))
    if number is not None and "job_id" not in fields and stages >= 2:
        out[number] = replace(
            plans[number],
            field="job_id",
            how="context",
            evidence=f"no company or job title column: {plans[number].header!r} numbers the "
            f"applications ({stages} stage columns)",
        )
    return out


#: A URL column of people, not of postings: a ``Name`` next to it is a person.
_PERSON_URL = re.compile(r"linkedin|profile|profil|github|portfolio|website of")


def _is_stage_column(p: ColumnPlan) -> bool:
    if p.field == "onehot":
        return True
    f = FIELDS.get(p.field or "")
    return f is not None and (
        f.kind in ("flag_or_date", "status", "history") or p.field == "date_applied"
    )


def _letter(col: int) -> str:
    from jobsearch_analytics.io.report import col_letter

    return col_letter(col)


def _detect_onehot(
    plans: list[ColumnPlan], data: Sequence[Sequence[Any]], origin_col: int
) -> list[ColumnPlan]:
    """Mark columns that hold only 1/blank-style values under a stage name as one-hot."""
    out: list[ColumnPlan] = []
    unmarked: list[int] = []
    for plan in plans:
        if plan.how == "override" or (
            plan.field is not None
            and FIELDS[plan.field].kind not in ("date", "flag_or_date", "status")
        ):
            out.append(plan)
            continue
        j = plan.col - origin_col
        seen_true = False
        onehot = True
        for r in data:
            v = r[j] if j < len(r) else None
            flag = is_onehot_value(v)
            if flag is None:
                onehot = False
                break
            seen_true = seen_true or flag
        status = _onehot_status(plan.header) if onehot else None
        if status is not None and plan.field not in ("status", "interviewed") and seen_true:
            out.append(
                replace(
                    plan,
                    field="onehot",
                    how="onehot",
                    onehot=status,
                    evidence=f"header {plan.header!r} names a stage; every value is 1/blank-like",
                )
            )
        else:
            if status is not None and plan.field is None:
                unmarked.append(len(out))
            out.append(plan)
    # In a one-hot layout a stage column nobody has reached yet ("Offer Declined" with no
    # marks) is still a stage column, not an unknown one.
    if any(p.field == "onehot" for p in out):
        for i in unmarked:
            out[i] = replace(out[i], field="onehot", how="onehot", onehot=out[i].header)
    return out


def sheet_skip_reason(name: str, layout: Layout | None) -> str | None:
    """Why a sheet is not a tracker, or None when it is one."""
    if layout is None:
        return "no header row with a company or job title column"
    fields = layout.fields()
    headers = {normalise_header(c.header) for c in layout.columns}
    if len(headers & _CONTACT_HEADERS) >= 2 or "connected on" in headers:
        return "a contacts list (names of people), not applications"
    if not fields & ANCHOR_FIELDS and not _anonymous_ok(layout):
        return "no company or job title column"
    posting_only = "posting" in fields and not fields & ANCHOR_FIELDS
    if (
        name
        and _SKIP_SHEET.search(name)
        and (posting_only or not fields & {"date_applied", "status"})
    ):
        word = _SKIP_SHEET.search(name).group(0).lower()
        return f"the name {name!r} says {word}, and it has no application dates or statuses"
    return None


def _anonymous_ok(layout: Layout) -> bool:
    """A tracker without a company or job title: a posting column, or an application number
    with at least two stage columns."""
    fields = layout.fields()
    if "posting" in fields:
        return True
    stages = sum(1 for p in layout.columns if _is_stage_column(p))
    return bool(fields & {"job_id", "url"}) and stages >= 2


@dataclass(frozen=True)
class Sideways:
    """A sideways layout: one column per date, the companies applied to that day listed below.

    ``rows`` is the same content the usual way round (a ``Company``/``Date Applied`` header,
    then one row per name), ``lines`` the 1-based sheet row of each of them (the header: the
    row of dates); ``refusal`` says why the sheet cannot be read so, when the cells under the
    dates are not names.
    """

    header_index: int
    rows: list[list[Any]]
    lines: list[int]
    dates: int
    refusal: str | None = None


def find_sideways(rows: Sequence[Sequence[Any]], first_line: int = 1) -> Sideways | None:
    """A row of dates (at least two, at most one other label) with names below them.

    Examples
    --------
    >>> s = find_sideways([["2024-03-01", "2024-03-02"], ["Acme", "Globex"], ["Initech", None]])
    >>> s.rows[0], s.rows[1:3], s.lines
    (['Company', 'Date Applied'], [['Acme', '2024-03-01'], ['Initech', '2024-03-01']], [1, 2, 3, 2])
    >>> find_sideways([["Company", "Date"], ["Acme", "2024-03-01"]]) is None
    True
    """
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = [(j, v) for j, v in enumerate(row) if v is not None and str(v).strip()]
        if len(cells) < 2:
            continue
        dated = [(j, v) for j, v in cells if profile_column([v]).share(DATE) == 1.0]
        if len(dated) < 2 or len(cells) - len(dated) > 1:
            continue
        below = profile_column(r[j] for r in rows[i + 1 :] for j, _ in dated if j < len(r))
        if below.n == 0:
            return None
        long: list[list[Any]] = [["Company", "Date Applied"]]
        lines = [first_line + i]
        for j, day in dated:
            for k, r in enumerate(rows[i + 1 :], start=i + 1):
                v = r[j] if j < len(r) else None
                if v is not None and str(v).strip():
                    long.append([v, day])
                    lines.append(first_line + k)
        refusal = None
        if below.share(WORDS) < MIN_FIT:
            most = below.describe(below.dominant())
            refusal = (
                f"a sideways layout (one column per date, {len(dated)} dates) holds {most} "
                "under its dates, not the names of companies applied to"
                + (
                    " (counts per day cannot be read as applications)"
                    if below.share(NUMBER) >= MIN_FIT
                    else ""
                )
            )
        return Sideways(i, long, lines, len(dated), refusal)
    return None


def header_line(raw: Any, index: int) -> int:
    """The 1-based spreadsheet row (CSV: the line) of ``raw.rows[index]`` in a sheet read by
    :func:`jobsearch_analytics.io.readers.read_book`.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> header_line(SimpleNamespace(line_numbers=None, origin_row=2), 0)
    3
    >>> header_line(SimpleNamespace(line_numbers=[1, 4], origin_row=0), 1)
    4
    """
    if raw.line_numbers is not None:
        return raw.line_numbers[index]
    return raw.origin_row + index + 1
