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

from jobsearch_analytics.io.columns import FIELDS, HeaderMatch, match_header, normalise_header

__all__ = [
    "ColumnPlan",
    "Layout",
    "find_layout",
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
    repeat number read from the header; ``onehot`` the status text when the column is a one-hot
    stage column.
    """

    col: int
    header: str
    field: str | None
    round: int | None = None
    how: str = "none"
    score: float = 1.0
    onehot: str | None = None


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
    keyword rule (a look-alike name does not count), +2 when one of them is an anchor."""
    fields: set[str] = set()
    for value in row:
        if _may_be_header(value):
            m = match_header(value, fuzzy=False)
            if m is not None:
                fields.add(m.field)
    anchor = 2 if fields & ANCHOR_FIELDS else 0
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
    plans = _detect_onehot(plans, data, origin_col)
    return Layout(idx, tuple(plans))


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
            out.append(replace(plan, field="onehot", how="onehot", onehot=status))
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
    if not fields & ANCHOR_FIELDS:
        return "no company or job title column"
    if name and _SKIP_SHEET.search(name) and not fields & {"date_applied", "status"}:
        word = _SKIP_SHEET.search(name).group(0).lower()
        return f"the name {name!r} says {word}, and it has no application dates or statuses"
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
