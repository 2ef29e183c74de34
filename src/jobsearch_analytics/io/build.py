"""From a planned sheet to canonical applications and events, reporting every value touched.

Row accounting: every row below the header is either kept as an application or dropped with a
reason (blank, only placeholders, no company/role/URL/date, exact duplicate of another row), and
``rows_read == rows_kept + rows_dropped`` for every sheet.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from jobsearch_analytics.io import values as _values
from jobsearch_analytics.io.columns import FIELDS
from jobsearch_analytics.io.layout import IDENTITY_FIELDS, ColumnPlan, Layout, is_onehot_value
from jobsearch_analytics.io.report import ReportBuilder
from jobsearch_analytics.io.values import match_key
from jobsearch_analytics.model import (
    APPLICATION_COLUMNS,
    EVENT_KINDS,
    REPLY_KINDS,
    STAGE_OF_EVENT,
    STAGES,
)

if TYPE_CHECKING:
    from jobsearch_analytics.io.formats import ExportFormat

__all__ = ["LoadOptions", "SheetResult", "build_sheet"]

# Cell parsers are pure functions of one hashable value, and trackers repeat values (sources,
# statuses, yes/no, channels): parse each distinct value once. typed=True keeps 1, 1.0 and True
# apart.
text_of = functools.lru_cache(maxsize=1 << 16, typed=True)(_values.text_of)
parse_flag_detail = functools.lru_cache(maxsize=1 << 12, typed=True)(_values.parse_flag_detail)
parse_channel_detail = functools.lru_cache(maxsize=1 << 12, typed=True)(
    _values.parse_channel_detail
)
is_placeholder = functools.lru_cache(maxsize=1 << 14, typed=True)(_values.is_placeholder)

_STAGE_RANK = {s: i for i, s in enumerate(STAGES)}
_CLOSING_OUTCOME = {
    "accepted": "accepted",
    "declined": "declined",
    "withdrawal": "withdrawn",
    "rejection": "rejected",
    "ghosted": "ghosted",
}
_OUTCOME_PRECEDENCE = ["accepted", "declined", "withdrawn", "rejected", "ghosted"]
_ORDER_OF_OUTCOME = {o: i for i, o in enumerate([*_OUTCOME_PRECEDENCE, "no reply", "open"])}
# Per event kind: the stage rank it proves, and a bit for the outcome it closes with.
_KIND_RANK = {k: _STAGE_RANK[STAGE_OF_EVENT.get(k, "saved")] for k in EVENT_KINDS}
_CLOSING_BIT = {k: 1 << _OUTCOME_PRECEDENCE.index(o) for k, o in _CLOSING_OUTCOME.items()}
_JOINERS = {"location": " / ", "notes": "\n", "skill_gaps": "; "}


@dataclass(frozen=True)
class LoadOptions:
    """Options of one load; see :func:`jobsearch_analytics.load`."""

    columns: dict[str, str | None] = field(default_factory=dict)
    sheet: tuple[str, ...] | None = None
    dayfirst: bool | None = None
    default_currency: str | None = None
    password: str | None = field(default=None, repr=False)
    limits: Any = None  # io.preflight.Limits; None means the defaults


@dataclass
class SheetResult:
    applications: pd.DataFrame
    events: pd.DataFrame
    rows_read: int
    rows_kept: int
    rows_dropped: int


@dataclass
class _Ctx:
    file: str
    sheet: str
    text_native: bool  # CSV: text is how every value arrives, so text dates are not "coerced"
    report: ReportBuilder
    options: LoadOptions
    fmt: ExportFormat | None = None

    def entry(
        self,
        row: int | None,
        plan: ColumnPlan | None,
        raw: Any,
        problem: str,
        action: str,
        kind: str,
        field_name: str | None = None,
    ) -> None:
        self.report.entry(
            file=self.file,
            sheet=self.sheet,
            row=row,
            col=plan.col if plan else None,
            column=plan.header if plan else None,
            field=field_name or (plan.field if plan else None),
            raw=raw,
            problem=problem,
            action=action,
            kind=kind,  # type: ignore[arg-type]
        )


# ---------------------------------------------------------------------------------------------
# rows


def _is_empty(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and np.isnan(v):
        return True
    return isinstance(v, str) and not v.strip()


def _is_filler(v: Any) -> bool:
    """Empty, a FALSE checkbox, or a placeholder such as N/A: not content."""
    if _is_empty(v) or v is False:
        return True
    return isinstance(v, str) and is_placeholder(v)


def _is_content(v: Any) -> bool:
    """Neither empty nor a filler (FALSE, N/A ...): the common case decided cheaply."""
    if v is None or v is False:
        return False
    if type(v) is str:
        return not is_placeholder(v) and bool(v.strip())
    return not _is_filler(v)


# A heading, separator or total written between or below the applications: decorated with a
# run of punctuation ("--- week of 5 Jan ---", "=== May ==="), or opening with a word that
# sums up ("Total: 12 applications", "Summe", "合计").
_NOTE_TEXT = re.compile(
    r"^\s*(?:[-=*#~_+.]{3,}|(?:total|totals|subtotal|sum|summe|gesamt|insgesamt|totale|toplam|"
    r"razem|suma|итого|всего|合计|总计|合計|총계|합계|totaal)\b)",
    re.IGNORECASE,
)


def _is_note_row(row: Sequence[Any], js: Sequence[int], where: Sequence[int]) -> bool:
    """One text cell (looked for in the columns ``where``) that reads as a heading, separator
    or total, and nothing else in the columns ``js``."""
    if not any(isinstance(v := row[j], str) and _NOTE_TEXT.match(v) for j in where):
        return False
    return sum(not _is_empty(row[j]) for j in js) == 1


def _classify_rows(
    ctx: _Ctx,
    data: Sequence[Sequence[Any]],
    first_row: int,
    layout: Layout,
    origin_col: int,
    line_numbers: Sequence[int] | None,
) -> list[int]:
    """Indices of rows kept; reports every dropped row (runs of the same reason in one entry)."""
    idx_of = {p.col - origin_col: p for p in layout.columns}
    ident_js = [j for j, p in idx_of.items() if p.field in IDENTITY_FIELDS]
    kept: list[int] = []
    seen: dict[tuple[Any, ...], int] = {}
    run: list[tuple[int, str]] = []

    def rownum(i: int) -> int:
        return line_numbers[i] if line_numbers is not None else first_row + i

    def flush() -> None:
        if not run:
            return
        reason = run[0][1]
        start, end = rownum(run[0][0]), rownum(run[-1][0])
        span = f"row {start}" if start == end else f"rows {start}–{end} ({len(run)} rows)"
        ctx.entry(start, None, None, f"{span}: {reason}", "not counted as applications", "dropped")
        run.clear()

    js = list(idx_of)
    width = max(js, default=-1) + 1
    for i, row in enumerate(data):
        if len(row) < width:
            row = [*row, *([None] * (width - len(row)))]  # ragged CSV rows
        # Fast path first: most rows name a company or a role and are kept.
        if any(_is_content(row[j]) for j in ident_js) and not _is_note_row(row, js, ident_js):
            key = tuple([row[j] for j in js])
            if key in seen:
                flush()
                ctx.entry(
                    rownum(i),
                    None,
                    None,
                    f"row {rownum(i)} repeats row {seen[key]} exactly",
                    "dropped as a duplicate (the first copy is kept)",
                    "dropped",
                )
                continue
            seen[key] = rownum(i)
            flush()
            kept.append(i)
            continue
        cells = [row[j] for j in js]
        if all(_is_empty(v) for v in cells):
            reason = "blank"
        elif all(_is_filler(v) for v in cells):
            shown = sorted(
                {"FALSE" if v is False else str(v).strip() for v in cells if not _is_empty(v)}
            )
            reason = "only placeholder values (" + ", ".join(shown[:4]) + ")"
        elif _is_note_row(row, js, js):
            reason = "a note, heading or total, not a job"
        else:
            reason = "no company, job title, URL or date applied"
        if run and run[-1][1] != reason:
            flush()
        run.append((i, reason))
    flush()
    return kept


# ---------------------------------------------------------------------------------------------
# columns


def _texts(values: Sequence[Any], ctx: _Ctx, plan: ColumnPlan, rows: Sequence[int]) -> list[Any]:
    out = list(map(text_of, values))
    # Only cells that are not text need a look (numbers and dates kept as text are reported).
    numeric_field = plan.field in ("contact_phone", "job_id", "company", "role")
    for k, v in enumerate(values):
        if v is None or type(v) is str:
            continue
        t = out[k]
        if isinstance(v, float | int) and not isinstance(v, bool) and t is not None:
            if numeric_field:
                ctx.entry(
                    rows[k],
                    plan,
                    v,
                    "number where text was expected",
                    f"kept as the text {t!r}",
                    "coerced",
                )
        elif isinstance(v, dt.datetime | dt.date):
            ctx.entry(
                rows[k], plan, v, "a date where text was expected", f"kept as {t!r}", "coerced"
            )
    return out


_DATED = ("date", "serial", "text", "ambiguous", "no_year")
_PLACEHOLDER_ACTION = {
    "not_yet": "read as: has not happened yet (not a missing value)",
    "not_applicable": "read as: does not apply",
    "happened": "read as: happened, date unknown",
    "rejected": "read as: rejected, date unknown",
}


def _report_dates(
    ctx: _Ctx, plan: ColumnPlan, parsed, values: Sequence[Any], rows: Sequence[int]
) -> None:
    """Report each value read as a date by coercion or by a guess.

    A day/month value is only in doubt while the column has not settled its convention: once
    unambiguous values all point one way, the others follow it and one column-level entry says
    so instead of one entry per cell.
    """
    status = parsed.status.to_numpy()
    notes = parsed.notes.to_numpy()
    followed = 0
    for k in np.flatnonzero(np.isin(status, ["serial", "text", "ambiguous", "no_year"])):
        st, raw, r = status[k], values[k], rows[k]
        read = notes[k] if isinstance(notes[k], str) else f"read as {parsed.dates.iloc[k].date()}"
        if st == "ambiguous" and parsed.settled:
            followed += 1
            st = "text"
            read = f"read as {parsed.dates.iloc[k].date()}"
        if st == "serial":
            ctx.entry(r, plan, raw, "date stored as a number (Excel serial)", read, "coerced")
        elif st == "text":
            if not ctx.text_native:
                ctx.entry(r, plan, raw, "date typed as text", read, "coerced")
        else:
            what = "day and month could be either way" if st == "ambiguous" else "no year given"
            ctx.entry(r, plan, raw, what, read, "guessed")
    if followed:
        word = "day-first" if parsed.dayfirst else "month-first"
        ctx.entry(
            None,
            plan,
            None,
            f"{followed} dates fit both day-first and month-first readings",
            f"read {word}, as the column shows: {parsed.dayfirst_reason}",
            "info",
        )


def _known_dates(values: Sequence[Any], ctx: _Ctx, plan: ColumnPlan) -> list[Any]:
    """Text dates in the export's own convention, read as dates; the rest left as they are.

    An export writes every date one way (LinkedIn: ``11/23/24, 11:39 PM``), so its format
    settles what the generic parser would have to guess (is 11/05/24 May or November?).
    Values that do not fit go on to the generic parser, which reports them.
    """
    fmt = ctx.fmt.date_format if ctx.fmt is not None else None
    if fmt is None:
        return list(values)
    out = list(values)
    texts = {k: v.strip() for k, v in enumerate(values) if isinstance(v, str) and v.strip()}
    if not texts:
        return out
    utc = fmt == "ISO8601"
    parsed = pd.to_datetime(
        pd.Series(list(texts.values()), dtype="object"), format=fmt, errors="coerce", utc=utc
    )
    if utc:
        parsed = parsed.dt.tz_localize(None)
    read = 0
    for k, d in zip(texts, parsed, strict=True):
        if pd.notna(d):
            out[k] = d.to_pydatetime()
            read += 1
    if read:
        shown = "ISO 8601, UTC" if utc else fmt
        ctx.entry(
            None,
            plan,
            None,
            f"{read} dates written in {ctx.fmt.title}'s convention ({shown})",
            "read in that convention (no day/month guess needed)"
            + ("; times are UTC" if utc else ""),
            "info",
        )
    return out


def _parse_reported(values, ctx: _Ctx, plan: ColumnPlan, rows, reference):
    """Parse a column as dates (the export's own format first) and report what was coerced."""
    from jobsearch_analytics.io.dates import parse_dates

    values = _known_dates(values, ctx, plan)
    parsed = parse_dates(values, dayfirst=ctx.options.dayfirst, reference=reference)
    _report_dates(ctx, plan, parsed, values, rows)
    return values, parsed


def _date_column(
    values: Sequence[Any],
    ctx: _Ctx,
    plan: ColumnPlan,
    rows: Sequence[int],
    *,
    reference: pd.Timestamp | None = None,
):
    values, parsed = _parse_reported(values, ctx, plan, rows, reference)
    status = parsed.status.to_numpy()
    meaning = parsed.meaning.to_numpy()
    for k in np.flatnonzero(np.isin(status, ["placeholder", "unparsed"])):
        raw, r = values[k], rows[k]
        if status[k] == "placeholder":
            m = meaning[k] if isinstance(meaning[k], str) else "not_applicable"
            action = _PLACEHOLDER_ACTION.get(m, f"read as: {m}")
            ctx.entry(r, plan, raw, "a word where a date was expected", action, "coerced")
        else:
            ctx.entry(
                r, plan, raw, "not a date", "ignored (the text is kept in this report)", "dropped"
            )
    return parsed


@dataclass
class FlagCells:
    """What a flag-or-date column says per cell: the date, whether the step happened, a note,
    the channel, a rejection, and the status its words state (a reply column holding
    "Rejected(After interview)" or "No response")."""

    dates: pd.Series
    happened: np.ndarray
    note: list[str | None]
    channel: list[str | None]
    rejected: np.ndarray
    said: list[Any]


#: A reply cell saying there was no reply: evidence of absence, no ending by itself.
_NO_REPLY = "no reply"
#: Event kinds whose columns may hold status words instead of a date or yes/no.
_STATUS_WORD_EVENTS = REPLY_KINDS | {"withdrawal"}
_GHOSTED_FLAG_NOTE = "'G' next to Y/N flags read as ghosted (no reply)"


@functools.lru_cache(maxsize=1 << 12)
def _status_words(text: str) -> Any:
    """The status a reply cell's words state, or None when they state no stage past applied
    and no ending ("Sent", "Pending" and "Yes" are not status words here)."""
    from jobsearch_analytics.io.status import parse_status

    sp = parse_status(text)
    if sp.confidence not in ("exact", "keyword", "fuzzy"):
        return None
    if sp.outcome not in (None, "open") or (sp.stage and _STAGE_RANK[sp.stage] > 1):
        return sp
    return None


def _flags(
    values: Sequence[Any],
    ctx: _Ctx,
    plan: ColumnPlan,
    rows: Sequence[int],
    *,
    reference: pd.Timestamp | None = None,
) -> FlagCells:
    """Read a flag-or-date column cell by cell (see :class:`FlagCells`)."""
    from jobsearch_analytics.io.status import StatusParse

    values, parsed = _parse_reported(values, ctx, plan, rows, reference)
    n = len(values)
    cells = FlagCells(
        parsed.dates,
        np.isin(parsed.status.to_numpy(), _DATED),
        [None] * n,
        [None] * n,
        np.zeros(n, dtype=bool),
        [None] * n,
    )
    status = parsed.status.to_numpy()
    meaning = parsed.meaning.to_numpy()
    event = FIELDS[plan.field].event if plan.field in FIELDS else None
    words = event in _STATUS_WORD_EVENTS
    keys = {match_key(v) for v in set(values) if isinstance(v, str) and len(v) < 8}
    g_ghosted = "g" in keys and bool(keys & {"y", "n", "yes", "no"})
    for k in np.flatnonzero(~np.isin(status, (*_DATED, "empty"))):
        st, v, r = status[k], values[k], rows[k]
        m = meaning[k] if isinstance(meaning[k], str) else None
        _, fstatus = parse_flag_detail(v)
        if fstatus == "no" and len(str(v).split()) == 1:
            continue  # a plain "No" in a yes/no column is a value, not a coercion
        if g_ghosted and match_key(v) == "g":
            cells.said[k] = StatusParse(
                "applied", "ghosted", ("ghosted",), None, "exact", _GHOSTED_FLAG_NOTE
            )
            ctx.entry(r, plan, v, _GHOSTED_FLAG_NOTE, "outcome ghosted", "guessed")
            continue
        sp = _status_words(text_of(v)) if words and fstatus != "yes" else None
        if sp is not None and sp.outcome == "ghosted" and "ghost" not in match_key(v):
            # "No response" in a reply column: no reply yet, which is not yet an ending
            # ("Ghosted" written out is the person's own verdict, and stays one).
            cells.said[k], sp = _NO_REPLY, None
        if sp is not None:
            cells.said[k] = sp
            ctx.entry(
                r,
                plan,
                v,
                "status words where a date or yes/no was expected",
                f"read as stage {sp.stage}, outcome {sp.outcome}"
                + (f"; {sp.note}" if sp.confidence == "fuzzy" else ""),
                "guessed" if sp.confidence == "fuzzy" else "coerced",
            )
            continue
        if st == "placeholder" and m in ("not_yet", "not_applicable", "rejected"):
            cells.rejected[k] = m == "rejected"
            ctx.entry(
                r, plan, v, "a word where a date was expected", _PLACEHOLDER_ACTION[m], "coerced"
            )
            continue
        if fstatus == "yes" or (st == "placeholder" and m == "happened"):
            cells.happened[k] = True
            continue
        if fstatus in ("no", "empty"):
            continue
        _flag_text(cells, k, v, r, ctx, plan)
    return cells


def _flag_text(cells: FlagCells, k: int, v: Any, r: int, ctx: _Ctx, plan: ColumnPlan) -> None:
    """Text in a flag column: a channel ("by email") or, failing that, a note; either way the
    step happened, date unknown."""
    ch, cstatus = parse_channel_detail(v)
    cells.happened[k] = True
    if ch is not None and cstatus not in ("unrecognised", "empty") and ch != "other":
        cells.channel[k] = ch
        ctx.entry(
            r,
            plan,
            v,
            "a channel where a date or yes/no was expected",
            f"read as: done by {ch}, date unknown",
            "coerced",
        )
        return
    cells.note[k] = str(v)
    ctx.entry(
        r,
        plan,
        v,
        "text where a date or yes/no was expected",
        "read as: happened, date unknown; the text is kept as the event note",
        "guessed",
    )


# ---------------------------------------------------------------------------------------------
# the sheet


def _events_frame(
    ids: Sequence[str],
    rows: Sequence[int],
    mask: np.ndarray,
    *,
    kind: str,
    inferred: bool = False,
    dates: pd.Series | None = None,
    channel: Sequence[str | None] | None = None,
    rnd: int | None = None,
    note: Sequence[str | None] | str | None = None,
    cell_col: int | None,
    ctx: _Ctx,
) -> pd.DataFrame:
    from jobsearch_analytics.io.report import cell_ref

    sel = np.flatnonzero(mask)
    if len(sel) == 0:
        return pd.DataFrame()
    base = cell_ref(ctx.sheet, None, cell_col)  # 'Sheet!C' (or 'Sheet!' for a whole row)
    d = (
        pd.to_datetime(dates.iloc[sel].to_numpy())
        if dates is not None
        else pd.DatetimeIndex([pd.NaT] * len(sel))
    )
    if isinstance(note, str) or note is None:
        notes = [note] * len(sel)
    else:
        notes = [note[k] for k in sel]
    return pd.DataFrame(
        {
            "application_id": [ids[k] for k in sel],
            "date": d,
            "date_known": ~pd.isna(d),
            "kind": kind,
            "channel": [channel[k] for k in sel] if channel is not None else None,
            "round": rnd,
            "note": notes,
            "row": [rows[k] for k in sel],
            "cell": [f"{base}{rows[k]}" for k in sel],
            "_inferred": inferred,
        }
    )


@dataclass
class SheetContext:
    """One sheet while it is being built: its kept rows, what has been made of them so far,
    and where to report.

    Each family of fields (text and links, dates, stage evidence, money, events) is one
    function that reads columns through :meth:`col` and adds to ``app`` (application columns,
    in the order they are made) and ``events`` (event frames). A column profiler that scores
    each column by its values (issue #12) would change how ``by_field`` is made, not the
    builders that read it.
    """

    ctx: _Ctx
    ids: list[str]
    rows: list[int]
    by_field: dict[str, list[ColumnPlan]]
    by_col: list[Sequence[Any]]
    origin_col: int
    app: dict[str, Any] = field(default_factory=dict)
    events: list[pd.DataFrame] = field(default_factory=list)

    @classmethod
    def start(
        cls,
        ctx: _Ctx,
        data: Sequence[Sequence[Any]],
        kept: Sequence[int],
        layout: Layout,
        *,
        first_row: int,
        origin_col: int,
        line_numbers: Sequence[int] | None,
    ) -> SheetContext:
        """The kept rows as columns, with their ids and provenance columns."""
        rows = [line_numbers[i] if line_numbers is not None else first_row + i for i in kept]
        prefix = f"{ctx.sheet}#" if ctx.sheet else "#"
        ids = [f"{prefix}{r}" for r in rows]
        by_field: dict[str, list[ColumnPlan]] = defaultdict(list)
        for p in layout.columns:
            by_field[p.field or ""].append(p)
        # One transpose in C instead of a Python loop per column (ragged CSV rows padded first).
        width = max((p.col - origin_col for p in layout.columns), default=-1) + 1
        kept_rows = [
            data[i] if len(data[i]) >= width else [*data[i], *[None] * width] for i in kept
        ]
        by_col = list(zip(*kept_rows, strict=False)) if kept_rows else [()] * width
        app: dict[str, Any] = {
            "application_id": ids,
            "source_file": [ctx.file] * len(ids),
            "sheet": [ctx.sheet] * len(ids),
            "row": rows,
        }
        return cls(ctx, ids, rows, by_field, by_col, origin_col, app)

    @property
    def n(self) -> int:
        return len(self.ids)

    def plans(self, field_name: str) -> list[ColumnPlan]:
        """The columns mapped to a field, in sheet order ('' for unmapped columns)."""
        return self.by_field.get(field_name, [])

    def col(self, plan: ColumnPlan) -> list[Any]:
        """The kept cells of one column, top to bottom."""
        return list(self.by_col[plan.col - self.origin_col]) if self.n else []

    def add_events(self, mask: np.ndarray, **kwargs: Any) -> None:
        """Events of one kind for the rows in ``mask`` (see :func:`_events_frame`)."""
        self.events.append(_events_frame(self.ids, self.rows, mask, ctx=self.ctx, **kwargs))


#: How much an outcome weighs when two forms of evidence disagree (see :class:`StageEvidence`).
_OUTCOME_TIER = {"open": 0, "no reply": 1, "ghosted": 1, "rejected": 2, "withdrawn": 2,
                 "declined": 2, "accepted": 2}  # fmt: skip


@dataclass
class StageEvidence:
    """Everything a sheet says about how far each application got and how it ended.

    Every form feeds this one model: the status text (any language, typos, compound
    statuses), a stage history in one cell, a count of interviews, yes/no flags (Y/N/G,
    ja/nein, 是/否 ...), dates in stage columns, one-hot stage columns and reply columns whose
    cells hold status words. Each adds the stage it proves (``stage_rank``, -1 for none) and,
    when it states one, an outcome with where it was read (``outcomes``); events are the rest
    of the evidence. :func:`_decide_stage_and_outcome` combines them by one rule:

    ============  ===============================================================
    stage         the furthest stage any piece of evidence proves (a scheduled
                  step counts as reached; a cancelled one does not)
    outcome       explicit endings (accepted, declined, withdrawn, rejected) beat
                  an absence of reply (ghosted, "No response"), which beats open;
                  between two explicit endings the status column wins (it is the
                  person's latest word), then accepted > declined > withdrawn >
                  rejected
    conflicts     two different endings for one application are reported in the
                  load report with the pieces and the ending chosen
    ============  ===============================================================

    ``status_outcome`` is the status column's own outcome (``'open'`` too), ``status_col``
    the status column when a bare 'Declined' needs its report entry once the stage is known.
    """

    stage_rank: np.ndarray
    status_outcome: list[str | None]
    outcomes: list[list[tuple[str, str]]]
    status_col: ColumnPlan | None = None

    @classmethod
    def empty(cls, n: int) -> StageEvidence:
        return cls(np.full(n, -1), [None] * n, [[] for _ in range(n)])

    def reach(self, mask: np.ndarray, stage: str) -> None:
        """The rows in ``mask`` reached ``stage``."""
        self.stage_rank[mask] = np.maximum(self.stage_rank[mask], _STAGE_RANK[stage])

    def apply_status(
        self,
        sheet: SheetContext,
        sp: Any,
        mask: np.ndarray,
        *,
        note: str | Sequence[str | None],
        cell_col: int,
        source: str,
    ) -> None:
        """What a parsed status (a marked one-hot column, a step of a stage history, status
        words in a reply column) proves for the rows in ``mask``: its events (date unknown),
        its stage, and its ending, recorded as read from ``source``."""
        for kind in sp.kinds:
            sheet.add_events(
                mask, kind=kind, rnd=sp.round, inferred=True, note=note, cell_col=cell_col
            )
        if sp.stage:
            self.reach(mask, sp.stage)
        if sp.outcome and sp.outcome != "open":
            for k in np.flatnonzero(mask):
                self.outcomes[k].append((sp.outcome, source))


def resolve_outcome(pieces: Sequence[tuple[str, str]]) -> str:
    """The outcome several pieces of evidence give, by the rule of :class:`StageEvidence`.

    ``pieces`` are (outcome, where it was read) pairs; ``'status'`` marks the status column;
    ``'no reply'`` (a reply column saying so) weighs like ghosted but ends nothing by itself.

    Examples
    --------
    >>> resolve_outcome([("ghosted", "'Response' column"), ("rejected", "status")])
    'rejected'
    >>> resolve_outcome([("rejected", "status"), ("withdrawn", "'Withdrawn' column")])
    'rejected'
    >>> resolve_outcome([("rejected", "'Rejected' column"), ("withdrawn", "history")])
    'withdrawn'
    >>> resolve_outcome([]), resolve_outcome([("no reply", "'Response' column")])
    ('open', 'open')
    """
    if not pieces:
        return "open"
    if len(pieces) == 1 or all(o == pieces[0][0] for o, _ in pieces):
        return "open" if pieces[0][0] == _NO_REPLY else pieces[0][0]
    tier = max(_OUTCOME_TIER[o] for o, _ in pieces)
    top = [(o, src) for o, src in pieces if _OUTCOME_TIER[o] == tier]
    said = [o for o, src in top if src == "status"]
    if said and tier:
        return said[0]
    best = min((o for o, _ in top), key=_ORDER_OF_OUTCOME.__getitem__)
    return "open" if best == _NO_REPLY else best


@dataclass(frozen=True)
class SheetDates:
    """The sheet's application dates, their median (the reference year for dates written
    without one) and the status-date column, when there is one."""

    applied: pd.Series
    reference: pd.Timestamp | None
    status: pd.Series | None


def build_sheet(
    ctx_file: str,
    sheet_name: str,
    data: Sequence[Sequence[Any]],
    layout: Layout,
    *,
    first_row: int,
    origin_col: int,
    line_numbers: Sequence[int] | None,
    text_native: bool,
    options: LoadOptions,
    report: ReportBuilder,
    fmt: ExportFormat | None = None,
) -> SheetResult:
    """Build applications and events from the data rows below a sheet's header.

    ``first_row`` is the 1-based spreadsheet row of ``data[0]``; ``line_numbers`` (CSV) gives
    each record's line instead. ``fmt`` is the export format the sheet was recognised as: its
    date convention and status words are used, and a ``saved`` export makes saved jobs.

    The steps run in this order because the order of report entries and events is part of
    the output (money is read between the status column and the dated step columns).
    """
    ctx = _Ctx(ctx_file, sheet_name, text_native, report, options, fmt)
    kept = _classify_rows(ctx, data, first_row, layout, origin_col, line_numbers)
    sheet = SheetContext.start(
        ctx,
        data,
        kept,
        layout,
        first_row=first_row,
        origin_col=origin_col,
        line_numbers=line_numbers,
    )
    _text_and_links(sheet)
    dates = _dates(sheet)
    evidence = StageEvidence.empty(sheet.n)
    _status_text(sheet, dates, evidence)
    _money(sheet)
    _event_columns(sheet, dates, evidence)
    _stage_columns(sheet, dates, evidence)
    ev = _decide_stage_and_outcome(sheet, _finish_events(sheet.events, ctx), evidence)
    n = sheet.n
    return SheetResult(pd.DataFrame(sheet.app), ev, len(data), n, len(data) - n)


# ---------------------------------------------------------------------------------------------
# text and links

_TEXT_FIELDS = (
    "company",
    "role",
    "location",
    "source",
    "contact_name",
    "contact_email",
    "contact_phone",
    "url",
    "job_id",
    "resume_version",
    "skill_gaps",
    "notes",
)


def _text_and_links(sheet: SheetContext) -> None:
    """Unmapped columns, the text fields, and what the text says about other fields."""
    _keep_unmapped(sheet)
    _text_fields(sheet)
    _split_contacts(sheet)
    _company_urls(sheet)
    _posting(sheet)
    _unify_sources(sheet)
    _referral(sheet)


def _keep_unmapped(sheet: SheetContext) -> None:
    """Unmapped columns are kept under their own header."""
    used_names = set(APPLICATION_COLUMNS)
    for p in sheet.plans(""):
        name = p.header
        while name in used_names:
            name = f"{name} (source)"
        used_names.add(name)
        sheet.app[name] = [None if _is_empty(v) else v for v in sheet.col(p)]


def _text_fields(sheet: SheetContext) -> None:
    """Text fields as text (numbers and dates reported); several columns of a multi field
    joined, a second column of a single field kept as an extra."""
    for fname in _TEXT_FIELDS:
        plans = sheet.plans(fname)
        if not plans:
            continue
        if not FIELDS[fname].multi and len(plans) > 1:
            for extra in plans[1:]:
                name = f"{extra.header} (2)"
                sheet.app[name] = [None if _is_empty(v) else v for v in sheet.col(extra)]
                sheet.ctx.entry(
                    None,
                    extra,
                    extra.header,
                    f"a second column for {fname}",
                    f"kept as the extra column {name!r}; the first one is used",
                    "info",
                )
            plans = plans[:1]
        columns = [_texts(sheet.col(p), sheet.ctx, p, sheet.rows) for p in plans]
        if len(columns) == 1:
            sheet.app[fname] = columns[0]
        else:
            joiner = _JOINERS.get(fname, " / ")
            sheet.app[fname] = [
                joiner.join(dict.fromkeys(v for v in vals if v)) or None
                for vals in zip(*columns, strict=True)
            ]


def _posting(sheet: SheetContext) -> None:
    """A posting's name (no company column; see ``layout._context_columns``): role and company
    read from it, the company from the job URL when the name does not give one."""
    plans = sheet.plans("posting")
    if not plans:
        return
    p, app, n = plans[0], sheet.app, sheet.n
    names = [text_of(v) for v in sheet.col(p)]
    roles = app.setdefault("role", [None] * n)
    companies = app.setdefault("company", [None] * n)
    urls = app.get("url") or [None] * n
    splits = {name: split_posting(name) for name in names if name}
    employers = _names_employers(names, splits)
    for k, name in enumerate(names):
        if not name:
            continue
        role, company = splits[name]
        how = f"read as role {role!r}, company {company!r}"
        if company is None and employers:
            role, company = None, role
            how = f"read as the company {company!r} (few names in this column read as job titles)"
        elif company is None and urls[k]:
            company = company_from_url(urls[k])
            how = f"read as role {role!r}; company {company!r} from the job URL"
        roles[k] = roles[k] or role
        companies[k] = companies[k] or company
        sheet.ctx.entry(sheet.rows[k], p, name, "a posting's name", how, "guessed")


def _names_employers(
    names: Sequence[str | None], splits: Mapping[str, tuple[str, str | None]]
) -> bool:
    """Whether a posting column names employers, not jobs: of its names that do not split into
    role and company (``splits``: name -> :func:`split_posting`), under a quarter hold a word of
    a job title ("Globex", "Stark Industries" are employers; "Staff Writer", "Data Analyst"
    are jobs)."""
    whole = [x for x in names if x and splits[x][1] is None]
    titled = sum(bool(_ROLE_WORDS.search(x)) for x in whole)
    return bool(whole) and 4 * titled < len(whole)


_POSTING_AT = re.compile(r"\s+(?:at|@|bei|chez|presso|bij|w|в|na)\s+", re.IGNORECASE)
_POSTING_SEP = re.compile(r"\s+[-–—|·]\s+|\s*[|:]\s+|,\s+")
_ROLE_WORDS = re.compile(
    r"engineer|develop|analyst|manager|designer|scientist|intern|specialist|consultant|"
    r"director|lead|architect|admin|coordinator|associate|officer|assistant|representative|"
    r"technician|head of|product|software|data|marketing|sales|support|research|writer|"
    r"accountant|nurse|teacher|recruiter|programmer|devops|qa|tester|owner|vp|senior|junior|"
    r"ingenieur|entwickler|développeur|ingénieur|desarrollador|analista|inżynier|sviluppatore|"
    r"mühendis|uzman|разработчик|инженер|аналитик|エンジニア|개발자",
    re.IGNORECASE,
)


def split_posting(name: str) -> tuple[str, str | None]:
    """A posting's name split into (role, company): "Role at Company", or two parts joined by
    a dash, bar, colon or comma of which one names a role; else the whole name is the role.

    Examples
    --------
    >>> split_posting("Senior Data Analyst at Acme Corp")
    ('Senior Data Analyst', 'Acme Corp')
    >>> split_posting("Globex - Backend Engineer"), split_posting("Staff Writer")
    (('Backend Engineer', 'Globex'), ('Staff Writer', None))
    """
    text = " ".join(name.split())
    parts = _POSTING_AT.split(text)
    if len(parts) == 2 and all(parts):
        return parts[0], parts[1]
    parts = _POSTING_SEP.split(text, maxsplit=1)
    if len(parts) == 2 and all(parts):
        first, second = (bool(_ROLE_WORDS.search(x)) for x in parts)
        if first and not second:
            return parts[0], parts[1]
        if second and not first:
            return parts[1], parts[0]
    return text, None


def _split_contacts(sheet: SheetContext) -> None:
    """Contact cells holding "Name <e-mail>" or "Name, phone": split into their fields."""
    app, n = sheet.app, sheet.n
    if "contact_name" not in app:
        return
    plan = sheet.plans("contact_name")[0]
    emails = app.setdefault("contact_email", [None] * n)
    phones = app.setdefault("contact_phone", [None] * n)
    for k, c in enumerate(app["contact_name"]):
        if not c:
            continue
        name, email, phone = split_contact(c)
        if email is None and phone is None:
            continue
        app["contact_name"][k] = name
        moved = []
        if email is not None and emails[k] is None:
            emails[k] = email
            moved.append("e-mail to contact_email")
        if phone is not None and phones[k] is None:
            phones[k] = phone
            moved.append("phone to contact_phone")
        sheet.ctx.entry(
            sheet.rows[k],
            plan,
            c,
            "name and contact details in one cell",
            f"name kept as {name!r}; " + (", ".join(moved) or "details already set"),
            "coerced",
        )


def _company_urls(sheet: SheetContext) -> None:
    """Company cells holding a URL: the URL moves to `url`, the company is read from it."""
    from jobsearch_analytics.io.values import is_url

    app = sheet.app
    if "company" not in app:
        return
    plan = sheet.plans("company")[0]
    urls = app.setdefault("url", [None] * sheet.n)
    for k, c in enumerate(app["company"]):
        if c and is_url(c):
            guess = company_from_url(c)
            if urls[k] is None:
                urls[k] = c
            app["company"][k] = guess
            sheet.ctx.entry(
                sheet.rows[k],
                plan,
                c,
                "a URL in the company column",
                f"URL moved to `url`; company read from it as {guess!r}",
                "guessed",
            )


def _unify_sources(sheet: SheetContext) -> None:
    """Source spellings: case variants unified to the most common spelling."""
    app = sheet.app
    if "source" not in app:
        return
    plan = sheet.plans("source")[0]
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for s in app["source"]:
        if s:
            spellings[s.casefold()][s] += 1
    canon = {k: c.most_common(1)[0][0] for k, c in spellings.items()}
    for k, s in enumerate(app["source"]):
        if s and canon[s.casefold()] != s:
            sheet.ctx.entry(
                sheet.rows[k],
                plan,
                s,
                "same source spelled differently",
                f"unified to {canon[s.casefold()]!r}",
                "coerced",
            )
            app["source"][k] = canon[s.casefold()]


def _referral(sheet: SheetContext) -> None:
    """The referral flag: a yes/no column (a name in it is the referrer), else a source that
    says referral."""
    app, n, rows = sheet.app, sheet.n, sheet.rows
    referral: list[bool | None] = [None] * n
    for p in sheet.plans("referral")[:1]:
        contacts = app.setdefault("contact_name", [None] * n)
        for k, v in enumerate(sheet.col(p)):
            flag, st = parse_flag_detail(v)
            if st in ("yes", "no"):
                referral[k] = flag
            elif st == "unrecognised":
                name = text_of(v)
                referral[k] = True
                if contacts[k] is None:
                    contacts[k] = name
                sheet.ctx.entry(
                    rows[k],
                    p,
                    v,
                    "a name where yes/no was expected",
                    f"read as referred by {name!r}",
                    "coerced",
                )
    if "source" in app:
        for k, s in enumerate(app["source"]):
            if referral[k] is None and s and "referr" in s.casefold():
                referral[k] = True
                sheet.ctx.entry(
                    rows[k],
                    sheet.plans("source")[0],
                    s,
                    "source says referral",
                    "referral set to yes",
                    "guessed",
                    field_name="referral",
                )
    app["referral"] = pd.array(referral, dtype="boolean")


_JOB_BOARD_HOSTS = (
    "greenhouse.io",
    "lever.co",
    "ashbyhq.com",
    "workable.com",
    "smartrecruiters.com",
    "recruitee.com",
    "bamboohr.com",
    "jobvite.com",
    "breezy.hr",
)


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w])\+?\(?\d[\d\s().-]{6,}\d")


def split_contact(text: str) -> tuple[str | None, str | None, str | None]:
    """Split "Name <e-mail>" or "Name, phone" into (name, e-mail, phone).

    Examples
    --------
    >>> split_contact("Jordan Lee <jordan.lee@example.com>")
    ('Jordan Lee', 'jordan.lee@example.com', None)
    >>> split_contact("Wren Esposito, (312) 555-0107")
    ('Wren Esposito', None, '(312) 555-0107')
    >>> split_contact("Priya (recruiter)")
    ('Priya (recruiter)', None, None)
    """
    email_m = _EMAIL.search(text)
    rest = text if email_m is None else text[: email_m.start()] + text[email_m.end() :]
    phone_m = _PHONE.search(rest)
    if phone_m is not None:
        rest = rest[: phone_m.start()] + rest[phone_m.end() :]
    name = re.sub(r"[<>]|\(\s*\)", " ", rest)
    name = re.sub(r"\s+", " ", name).strip(" ,;:-|/")
    return (
        name or None,
        email_m.group(0) if email_m else None,
        phone_m.group(0).strip() if phone_m else None,
    )


def company_from_url(url: str) -> str:
    """Best guess at the employer named by a job URL.

    Applicant-tracking hosts put the company in the path or the subdomain; elsewhere the
    registrable part of the host is used.

    Examples
    --------
    >>> company_from_url("https://boards.greenhouse.io/acmerobotics/jobs/123")
    'acmerobotics'
    >>> company_from_url("https://jobs.lever.co/northwind/abc")
    'northwind'
    >>> company_from_url("www.initech.com/careers")
    'initech'
    >>> company_from_url("https://initech.wd5.myworkdayjobs.com/en-US/External")
    'initech'
    """
    from urllib.parse import urlsplit

    text = url.strip()
    parts = urlsplit(text if "://" in text else f"https://{text}")
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = [seg for seg in parts.path.split("/") if seg]
    if any(host.endswith(h) for h in _JOB_BOARD_HOSTS) and path:
        return path[0]
    # Reserved documentation domains (RFC 2606) name nobody: look one label further left.
    labels = [lab for lab in host.split(".") if lab not in ("example", "test", "invalid")]
    if "myworkdayjobs" in labels or "workdayjobs" in host:
        return labels[0]
    if len(labels) >= 2:
        second = labels[-2]
        if second in ("co", "com", "org", "net", "ac", "gov") and len(labels) >= 3:
            return labels[-3]
        return second
    return host


# ---------------------------------------------------------------------------------------------
# dates


def _dates(sheet: SheetContext) -> SheetDates:
    """The application date (first such column; others kept as extras), its `applied`
    events, and the status date read with the application dates as reference."""
    ctx, app, n = sheet.ctx, sheet.app, sheet.n
    date_applied = pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns]")
    applied_plans = sheet.plans("date_applied") or sheet.plans("date")
    for p in applied_plans[:1]:
        parsed = _date_column(sheet.col(p), ctx, p, sheet.rows)
        date_applied = parsed.dates.reset_index(drop=True).astype("datetime64[ns]")
    for p in applied_plans[1:]:
        app[f"{p.header} (2)"] = sheet.col(p)
        ctx.entry(
            None,
            p,
            p.header,
            "a second application-date column",
            "kept as an extra column; the first one is used",
            "info",
        )
    if sheet.plans("date") and sheet.plans("date_applied"):
        for p in sheet.plans("date"):
            app[p.header] = sheet.col(p)
    app["date_applied"] = date_applied
    reference = date_applied.dropna().median() if date_applied.notna().any() else None
    status_date = None
    for p in sheet.plans("status_date")[:1]:
        status_date = _date_column(sheet.col(p), ctx, p, sheet.rows, reference=reference).dates
        status_date = status_date.reset_index(drop=True)
        _status_updated(sheet, p, status_date)
    sheet.add_events(
        date_applied.notna().to_numpy(),
        kind="applied",
        dates=date_applied,
        cell_col=applied_plans[0].col if applied_plans else None,
    )
    return SheetDates(date_applied, reference, status_date)


def _status_updated(sheet: SheetContext, plan: ColumnPlan, edited: pd.Series) -> None:
    """A 'Last update' / 'Modified' / 'Status date' column is when the row was last edited:
    kept as ``status_updated``, an upper bound on the date of any reply its status shows, and
    never taken as the reply date itself (the status's events stay undated). Reported once."""
    sheet.app["status_updated"] = edited.astype("datetime64[ns]")
    sheet.ctx.entry(
        None,
        plan,
        plan.header,
        "a last-update column says when the row was last edited, not when a reply came",
        "kept as status_updated: replies the status shows came on or before it; their own "
        "dates stay unknown",
        "info",
    )


# ---------------------------------------------------------------------------------------------
# stage evidence


def _status_text(sheet: SheetContext, dates: SheetDates, evidence: StageEvidence) -> None:
    """The status column: the raw text kept, each distinct status parsed once (in the
    export's vocabulary), its stage and outcome noted as evidence and its steps made events
    (dated by the status-date column when there is one)."""
    from jobsearch_analytics.io.status import parse_status

    ctx, n, rows, fmt = sheet.ctx, sheet.n, sheet.rows, sheet.ctx.fmt
    status_raw: list[str | None] = [None] * n
    for p in sheet.plans("status")[:1]:
        cache: dict[str, Any] = {}
        kinds_at: dict[tuple[str, int | None], list[int]] = defaultdict(list)
        for k, v in enumerate(sheet.col(p)):
            t = text_of(v)
            status_raw[k] = t
            if t is None:
                continue
            sp = cache.get(t)
            if sp is None:
                sp = cache[t] = parse_status(fmt.status(t) if fmt is not None else t)
            if sp.confidence == "unknown":
                ctx.entry(
                    rows[k],
                    p,
                    t,
                    "status not recognised",
                    "stage and outcome taken from the other columns",
                    "unparsed",
                )
                continue
            if sp.outcome == "rejected" and _says_declined(t):
                evidence.status_col = p  # reported once the stage is known
            elif sp.confidence in ("keyword", "fuzzy") or sp.note:
                ctx.entry(
                    rows[k],
                    p,
                    t,
                    sp.note or "status read from a word inside the text",
                    f"read as stage {sp.stage or '-'}, outcome {sp.outcome or '-'}"
                    + (f" (similarity {sp.score:.2f})" if sp.score is not None else ""),
                    "guessed",
                )
            if sp.stage:
                evidence.stage_rank[k] = max(evidence.stage_rank[k], _STAGE_RANK[sp.stage])
            evidence.status_outcome[k] = sp.outcome
            if sp.outcome and sp.outcome != "open":
                evidence.outcomes[k].append((sp.outcome, "status"))
            for kind in sp.kinds:
                if kind == "applied" and pd.notna(dates.applied.iloc[k]):
                    continue  # the application-date column already dates this step
                kinds_at[(kind, sp.round)].append(k)
        for (kind, rnd), ks in kinds_at.items():
            mask = np.zeros(n, dtype=bool)
            mask[ks] = True
            sheet.add_events(
                mask,
                kind=kind,
                dates=None,  # a last update is no reply date (see _status_updated)
                rnd=rnd,
                inferred=True,
                note=[f"from status {status_raw[k]!r}" if mask[k] else None for k in range(n)],
                cell_col=p.col,
            )
    sheet.app["status_raw"] = status_raw


def _stage_columns(sheet: SheetContext, dates: SheetDates, evidence: StageEvidence) -> None:
    """Columns that say which steps were reached: one-hot stage columns, a timeline cell, a
    stage-history cell; and, for a saved-jobs export, the saved step of every row."""
    _onehot_columns(sheet, evidence)
    _stage_word_columns(sheet, dates, evidence)
    _timeline(sheet, dates)
    _stage_history(sheet, evidence)
    _saved_export(sheet)


#: The event column a step's kind is read as, for columns named by a status word.
_FIELD_OF_KIND = {
    f.event: name
    for name, f in FIELDS.items()
    if f.kind == "flag_or_date" and f.event and name not in ("interviewed", "date_saved")
}


def _stage_word_columns(sheet: SheetContext, dates: SheetDates, evidence: StageEvidence) -> None:
    """Columns no header rule mapped whose header is a status word in any language of the
    vocabulary ("Mülakat", "Собеседование", "面接") and whose cells are mostly dates or
    yes/no: read as that step's event column, and reported."""
    from dataclasses import replace

    from jobsearch_analytics.io.dates import parse_dates
    from jobsearch_analytics.io.status import parse_status

    for p in sheet.plans(""):
        sp = parse_status(p.header)
        target = _FIELD_OF_KIND.get(sp.kinds[-1]) if sp.kinds else None
        if sp.confidence != "exact" or target is None:
            continue
        values = [v for v in sheet.col(p) if not _is_empty(v)]
        if not values:
            continue
        status = parse_dates(values, dayfirst=sheet.ctx.options.dayfirst).status.to_numpy()
        readable = np.isin(status, _DATED) | np.array(
            [parse_flag_detail(v)[1] in ("yes", "no") for v in values], dtype=bool
        )
        if 2 * int(readable.sum()) < len(values):
            continue  # mostly words or numbers: not this step's column
        as_event = replace(p, field=target)
        cells = _flags(sheet.col(p), sheet.ctx, as_event, sheet.rows, reference=dates.reference)
        sheet.add_events(
            cells.happened,
            kind=FIELDS[target].event,
            dates=cells.dates,
            rnd=sp.round,
            channel=cells.channel,
            note=cells.note,
            cell_col=p.col,
        )
        _said(sheet, p, cells.said, evidence)
        sheet.ctx.entry(
            None,
            p,
            p.header,
            f"the header is the status word {p.header!r} and the cells are dates or yes/no",
            f"read as the {FIELDS[target].event} step: a date or yes means it happened",
            "guessed",
            field_name=target,
        )


def _onehot_columns(sheet: SheetContext, evidence: StageEvidence) -> None:
    from jobsearch_analytics.io.status import parse_status

    for p in sheet.plans("onehot"):
        sp = parse_status(p.onehot)
        mask = np.array([bool(is_onehot_value(v)) for v in sheet.col(p)], dtype=bool)
        evidence.apply_status(
            sheet, sp, mask, note=f"'{p.header}' marked", cell_col=p.col, source=f"'{p.header}'"
        )


def _timeline(sheet: SheetContext, dates: SheetDates) -> None:
    """A timeline cell ("5/3 applied; 5/10 screen ..."): one event per step understood."""
    from jobsearch_analytics.io.status import parse_timeline

    ctx, rows = sheet.ctx, sheet.rows
    for p in sheet.plans("timeline")[:1]:
        recs = []
        for k, v in enumerate(sheet.col(p)):
            if _is_empty(v):
                continue
            applied = dates.applied.iloc[k]
            items = parse_timeline(v, reference=applied if pd.notna(applied) else dates.reference)
            if not items:
                ctx.entry(
                    rows[k], p, v, "timeline not understood", "kept in this report", "unparsed"
                )
            for it in items:
                if it.kind not in EVENT_KINDS:
                    ctx.entry(
                        rows[k],
                        p,
                        it.text,
                        it.note or "step not understood",
                        "not turned into an event (kept in this report)",
                        "unparsed",
                    )
                    continue
                recs.append((k, it))
                if it.note:
                    ctx.entry(
                        rows[k],
                        p,
                        it.text,
                        it.note,
                        f"read as {it.kind}"
                        + (f" on {it.date.date()}" if it.date is not None else ""),
                        "guessed",
                    )
        sheet.events.extend(_item_events(recs, sheet.ids, rows, p, ctx))


def _item_events(recs, ids, rows, plan, ctx) -> list[pd.DataFrame]:
    from jobsearch_analytics.io.report import cell_ref

    if not recs:
        return []
    frame = pd.DataFrame(
        {
            "application_id": [ids[k] for k, _ in recs],
            "date": pd.to_datetime([it.date for _, it in recs]),
            "kind": [it.kind for _, it in recs],
            "round": [it.round for _, it in recs],
            "note": [it.text for _, it in recs],
            "row": [rows[k] for k, _ in recs],
            "cell": [cell_ref(ctx.sheet, rows[k], plan.col) for k, _ in recs],
        }
    )
    frame["date_known"] = frame["date"].notna()
    return [frame]


def _stage_history(sheet: SheetContext, evidence: StageEvidence) -> None:
    """A stage-history cell ("Applied > Screen > Rejected"): each step is evidence."""
    from jobsearch_analytics.io.status import parse_stage_history

    for p in sheet.plans("stage_history")[:1]:
        for k, v in enumerate(sheet.col(p)):
            if _is_empty(v):
                continue
            steps = parse_stage_history(v)
            if not steps:
                sheet.ctx.entry(
                    sheet.rows[k],
                    p,
                    v,
                    "stage history not understood",
                    "kept in this report",
                    "unparsed",
                )
            mask = np.zeros(sheet.n, dtype=bool)
            mask[k] = True
            for sp in steps:
                if sp.confidence in ("fuzzy", "unknown"):
                    sheet.ctx.entry(
                        sheet.rows[k],
                        p,
                        v,
                        sp.note or "a step of the history not recognised",
                        "step skipped"
                        if sp.confidence == "unknown"
                        else f"step read as stage {sp.stage}, outcome {sp.outcome}",
                        "unparsed" if sp.confidence == "unknown" else "guessed",
                    )
                evidence.apply_status(
                    sheet,
                    sp,
                    mask,
                    note="from the stage history",
                    cell_col=p.col,
                    source=f"'{p.header}'",
                )


def _saved_export(sheet: SheetContext) -> None:
    """Every row of a saved-jobs export is a saved job, dated or not."""
    fmt = sheet.ctx.fmt
    if fmt is None or fmt.row_kind != "saved":
        return
    saved_dated = np.zeros(sheet.n, dtype=bool)
    for frame in sheet.events:
        if len(frame) and "kind" in frame:
            hit = frame.loc[frame["kind"] == "saved", "application_id"]
            saved_dated |= np.isin(sheet.ids, hit.to_numpy())
    sheet.add_events(
        ~saved_dated, kind="saved", inferred=True, note=f"listed in the {fmt.title}", cell_col=None
    )


# ---------------------------------------------------------------------------------------------
# money


def _money(sheet: SheetContext) -> None:
    """The posted salary, the offer figures (an offer amount is an offer event) and what the
    applicant asked for."""
    for p in sheet.plans("salary")[:1]:
        _salary(sheet, p)
    _offers(sheet)
    _asking(sheet)


def _salary(sheet: SheetContext, p: ColumnPlan) -> None:
    """The posted salary: the text kept, its figures as written and annualised."""
    from jobsearch_analytics.io.salary import parse_salary

    ctx, rows, n = sheet.ctx, sheet.rows, sheet.n
    out = {k: [None] * n for k in ("salary_text", "salary_currency", "salary_period")}
    nums = {
        k: np.full(n, np.nan)
        for k in ("salary_min", "salary_max", "salary_annual_min", "salary_annual_max")
    }
    cache: dict[Any, Any] = {}
    for k, v in enumerate(sheet.col(p)):
        if _is_empty(v):
            continue
        key = (type(v), v)
        s = cache.get(key)
        if s is None:
            s = cache[key] = parse_salary(v, default_currency=ctx.options.default_currency)
        out["salary_text"][k] = str(v)
        if s.status == "ok":
            nums["salary_min"][k] = s.min
            nums["salary_max"][k] = s.max
            nums["salary_annual_min"][k] = s.annual_min
            nums["salary_annual_max"][k] = s.annual_max
            out["salary_currency"][k] = s.currency
            out["salary_period"][k] = s.period
            if s.flags:
                guessed = any(f.endswith("assumed") or "guess" in f for f in s.flags)
                ctx.entry(
                    rows[k],
                    p,
                    v,
                    s.note or ", ".join(s.flags),
                    f"read as {s.annual_min:,.0f}–{s.annual_max:,.0f} "
                    f"{s.currency or '(currency unknown)'} a year",
                    "guessed" if guessed else "coerced",
                )
        elif s.status == "not_listed":
            ctx.entry(rows[k], p, v, "salary not listed", "no salary figures", "coerced")
        else:
            ctx.entry(
                rows[k],
                p,
                v,
                s.note or "salary text without figures",
                "no salary figures; the text is kept in salary_text",
                "unparsed",
            )
    _column_currency(ctx, p, out, rows)
    sheet.app.update(out)
    sheet.app.update(nums)


def _column_currency(ctx, plan, out, rows) -> None:
    """Figures written without a currency take the column's one currency, when it has one."""
    stated = {c for c in out["salary_currency"] if c}
    if len(stated) != 1:
        return
    (currency,) = stated
    for k, (text, cur, period) in enumerate(
        zip(out["salary_text"], out["salary_currency"], out["salary_period"], strict=True)
    ):
        if text is not None and cur is None and period is not None:
            out["salary_currency"][k] = currency
            ctx.entry(
                rows[k],
                plan,
                text,
                "no currency written",
                f"{currency}, the only currency in this column",
                "guessed",
                field_name="salary_currency",
            )


def _amounts(
    sheet: SheetContext,
    p: ColumnPlan,
    problem: str,
    action: str,
    skip: Sequence[int] = (),
) -> list[tuple[int, float, str | None]]:
    """(row index, annual amount, currency) of each amount in a money column, but for the rows
    in ``skip``; what is not understood is reported with ``problem`` and ``action``."""
    from jobsearch_analytics.io.salary import parse_money

    ctx, rows = sheet.ctx, sheet.rows
    out = []
    skipped = set(skip)
    for k, v in enumerate(sheet.col(p)):
        if _is_empty(v) or k in skipped:
            continue
        s = parse_money(v, default_currency=ctx.options.default_currency)
        if s.status != "ok" or s.annual_min is None:
            ctx.entry(rows[k], p, v, problem, action, "unparsed")
            continue
        out.append((k, s.annual_min, s.currency))
        if s.note or s.flags:
            ctx.entry(
                rows[k],
                p,
                v,
                s.note or ", ".join(s.flags),
                f"read as {s.annual_min:,.0f} {s.currency or ''} a year",
                "coerced",
            )
    return out


def _offers(sheet: SheetContext) -> None:
    """Offer figures, each filling the other when only one is given; an offer event for
    every row with an amount."""
    app, n = sheet.app, sheet.n
    for fname in ("offer_initial", "offer_final"):
        for p in sheet.plans(fname)[:1]:
            amounts = np.full(n, np.nan)
            currency: list[str | None] = app.get("offer_currency") or [None] * n
            dated = _offer_dates(sheet, p) + _offer_flags(sheet, p)
            for k, annual, cur in _amounts(
                sheet, p, "offer amount not understood", "ignored (kept in this report)", dated
            ):
                amounts[k] = annual
                currency[k] = cur
            app[fname] = amounts
            app["offer_currency"] = currency
    if "offer_initial" in app or "offer_final" in app:
        init = np.asarray(app.get("offer_initial", np.full(n, np.nan)))
        fin = np.asarray(app.get("offer_final", np.full(n, np.nan)))
        app["offer_initial"] = np.where(np.isnan(init), fin, init)
        app["offer_final"] = np.where(np.isnan(fin), init, fin)
        has_offer = ~np.isnan(np.asarray(app["offer_initial"]))
        sheet.add_events(
            has_offer, kind="offer", inferred=True, note="offer amount noted", cell_col=None
        )


def _offer_flags(sheet: SheetContext, p: ColumnPlan) -> list[int]:
    """Yes/no marks in an offer column ("x", "Y", "ja", "✓"; a tally of stages): a yes is an
    offer, undated; a no is nothing. Numbers other than 0 and 1 are left to the amounts.
    Returns the row indices of every mark, reported once."""
    yes, marks = [], []
    for k, v in enumerate(sheet.col(p)):
        if isinstance(v, int | float) and v not in (0, 1):
            continue
        flag = parse_flag_detail(v)[0] if isinstance(v, str | int | float | bool) else None
        if flag is not None:
            marks.append(k)
            if flag:
                yes.append(k)
    if not marks:
        return []
    mask = np.zeros(sheet.n, dtype=bool)
    mask[yes] = True
    sheet.add_events(mask, kind="offer", inferred=True, note="offer marked", cell_col=p.col)
    sheet.ctx.entry(
        None,
        p,
        None,
        f"{len(marks)} yes/no marks where an offer amount was expected ({len(yes)} yes)",
        "each yes read as an offer (undated, no amount)",
        "coerced",
    )
    return marks


def _offer_dates(sheet: SheetContext, p: ColumnPlan) -> list[int]:
    """Dates in an offer column (a date cell, or text written as a date; not a bare number):
    the day of the offer, stage evidence, reported once. Returns their row indices."""
    from jobsearch_analytics.io.dates import parse_dates

    values = sheet.col(p)
    if not any(isinstance(v, dt.date | str) for v in values):
        return []
    parsed = parse_dates(values, dayfirst=sheet.ctx.options.dayfirst)
    mask = parsed.status.isin(["date", "text", "ambiguous"]).to_numpy().copy()
    mask &= np.array([isinstance(v, dt.date | str) for v in values], dtype=bool)
    if not mask.any():
        return []
    when = parsed.dates.reset_index(drop=True).astype("datetime64[ns]")
    sheet.add_events(mask, kind="offer", dates=when, cell_col=p.col)
    sheet.ctx.entry(
        None,
        p,
        None,
        f"{int(mask.sum())} dates where an offer amount was expected",
        "read as the day of the offer (no amount)",
        "coerced",
    )
    return list(np.flatnonzero(mask))


def _asking(sheet: SheetContext) -> None:
    """What the applicant asked for: an asking-salary column, or salary expectations inside
    application answers (LinkedIn's 'Question And Answers')."""
    app, n = sheet.app, sheet.n
    asking = np.full(n, np.nan)
    asking_currency: list[str | None] = [None] * n
    for p in sheet.plans("asking_salary")[:1]:
        for k, annual, cur in _amounts(sheet, p, "amount not understood", "kept in this report"):
            asking[k], asking_currency[k] = annual, cur
    for p in sheet.plans("answers")[:1]:
        texts = sheet.col(p)
        app.setdefault(p.header if p.header not in app else f"{p.header} (source)", texts)
        _asking_from_answers(sheet.ctx, p, texts, sheet.rows, asking, asking_currency)
    if sheet.plans("asking_salary") or sheet.plans("answers"):
        app["asking_salary"] = asking
        app["asking_currency"] = asking_currency


def _asking_from_answers(ctx, plan, texts, rows, asking, currency) -> None:
    """Salary expectations inside application answers, each reported as read from text."""
    from jobsearch_analytics.io.formats import read_salary_answers

    for k, v in enumerate(texts):
        if _is_empty(v) or not isinstance(v, str):
            continue
        found, unread = read_salary_answers(v, default_currency=ctx.options.default_currency)
        for q, a in unread:
            ctx.entry(
                rows[k],
                plan,
                f"{q}:{a}",
                "a salary question whose answer holds no amount",
                "no asking salary from it",
                "unparsed",
                field_name="asking_salary",
            )
        for i, ask in enumerate(found):
            if i == 0 and np.isnan(asking[k]):
                asking[k], currency[k] = ask.annual, ask.currency
                cur = ask.currency or "(currency unknown)"
                action = f"asking salary {ask.annual:,.0f} {cur} a year: {ask.how}"
            else:
                action = f"not used: an asking salary was already read ({ask.how})"
            ctx.entry(
                rows[k],
                plan,
                f"{ask.question}:{ask.answer}",
                "salary expectation parsed from the text of an application answer",
                action,
                "guessed" if ask.assumed else "coerced",
                field_name="asking_salary",
            )


# ---------------------------------------------------------------------------------------------
# events


def _event_columns(sheet: SheetContext, dates: SheetDates, evidence: StageEvidence) -> None:
    """Columns that date a step or say it happened (flags, stage dates, counts): one event per
    row that has one, with the channel from its paired channel column, a rejection event where
    the cell says rejected, and the stage and ending of cells holding status words."""
    channel_of = _channel_columns(sheet)
    for fname, f in FIELDS.items():
        if f.kind not in ("flag_or_date", "count"):
            continue
        for p in sheet.plans(fname):
            if _count_column(sheet, p, f.event or fname, evidence, named=f.kind == "count"):
                continue
            cells = _flags(sheet.col(p), sheet.ctx, p, sheet.rows, reference=dates.reference)
            chans = cells.channel
            paired = channel_of.get((f.event or fname, p.round))
            if paired is None and fname in ("thank_you", "follow_up"):
                paired = channel_of.get((f.event or fname, None))
            if paired is not None:
                chans = [c or pc for c, pc in zip(chans, paired, strict=True)]
            rnd = p.round if fname in ("interview_date", "thank_you", "interviewed") else None
            sheet.add_events(
                cells.happened,
                kind=f.event or fname,
                dates=cells.dates,
                channel=chans,
                rnd=rnd,
                note=cells.note,
                cell_col=p.col,
            )
            if cells.rejected.any():
                sheet.add_events(
                    cells.rejected,
                    kind="rejection",
                    note=f"'{p.header}' says rejected",
                    cell_col=p.col,
                )
            _said(sheet, p, cells.said, evidence)


def _said(sheet: SheetContext, p: ColumnPlan, said: list[Any], evidence: StageEvidence) -> None:
    """Cells of an event column holding status words, as stage evidence (one call per
    distinct reading)."""
    groups: dict[Any, list[int]] = defaultdict(list)
    for k, sp in enumerate(said):
        if sp == _NO_REPLY:
            evidence.outcomes[k].append((_NO_REPLY, f"'{p.header}'"))
        elif sp is not None:
            groups[sp].append(k)
    for sp, ks in groups.items():
        mask = np.zeros(sheet.n, dtype=bool)
        mask[ks] = True
        note = [f"'{p.header}' says {text_of(v)!r}" if mask[k] else None
                for k, v in enumerate(sheet.col(p))]  # fmt: skip
        evidence.apply_status(sheet, sp, mask, note=note, cell_col=p.col, source=f"'{p.header}'")


#: Event kinds a count column can hold ("Interviews: 2"); other kinds happen once.
_COUNTED_EVENTS = ("interview", "screen", "assessment", "follow_up", "thank_you")


def _counts(values: Sequence[Any]) -> np.ndarray | None:
    """The cells as counts (0 for blank) when every filled cell is a whole number from 0 to
    20, else None."""
    out = np.zeros(len(values), dtype=np.int64)
    for k, v in enumerate(values):
        if _is_empty(v):
            continue
        if isinstance(v, bool | dt.date | dt.datetime):
            return None
        if isinstance(v, str):
            v = v.strip()
            if not v.isdigit():
                return None
            v = int(v)
        if not isinstance(v, int | float) or v != int(v) or not 0 <= v <= 20:
            return None
        out[k] = int(v)
    return out


def _count_column(
    sheet: SheetContext, p: ColumnPlan, kind: str, evidence: StageEvidence, *, named: bool
) -> bool:
    """A column counting a step ("Interviews" holding 0-4): a count of at least one proves the
    step, and each count makes that many rounds (date unknown). True when the column was read
    so; a column of 0/1 only is left to the flag reader unless its header names a count."""
    if kind not in _COUNTED_EVENTS:
        return False
    counts = _counts(sheet.col(p))
    if counts is None or not (named or counts.max(initial=0) >= 2):
        return False
    for r in range(1, int(counts.max(initial=0)) + 1):
        sheet.add_events(
            counts >= r,
            kind=kind,
            rnd=r if kind == "interview" else None,
            inferred=True,
            note=f"'{p.header}' counts {r} or more",
            cell_col=p.col,
        )
    evidence.reach(counts >= 1, STAGE_OF_EVENT[kind])
    sheet.ctx.entry(
        None,
        p,
        None,
        f"the column holds counts (0 to {counts.max()}), not dates or yes/no",
        f"read as the number of {kind.replace('_', '-')}s: 1 or more means reached; "
        "each count is a round, date unknown",
        "info",
    )
    return True


def _channel_columns(sheet: SheetContext) -> dict[tuple[str, int | None], list[str | None]]:
    """Channels of thank-you notes and follow-ups, by (event kind, round)."""
    channel_of: dict[tuple[str, int | None], list[str | None]] = {}
    for fname, target in (("thank_you_channel", "thank_you"), ("follow_up_channel", "follow_up")):
        for p in sheet.plans(fname):
            chans: list[str | None] = []
            for k, v in enumerate(sheet.col(p)):
                ch, st = parse_channel_detail(v)
                if st == "unrecognised" and not _is_empty(v):
                    sheet.ctx.entry(
                        sheet.rows[k],
                        p,
                        v,
                        "channel not recognised",
                        "recorded as 'other'",
                        "coerced",
                    )
                chans.append(ch)
            channel_of[(target, p.round)] = chans
    return channel_of


# ---------------------------------------------------------------------------------------------
# the decision


def _finish_events(events: list[pd.DataFrame], ctx: _Ctx) -> pd.DataFrame:
    frames = [e for e in events if len(e)]
    if not frames:
        from jobsearch_analytics.model import empty_events

        return empty_events()
    ev = pd.concat(frames, ignore_index=True)
    ev = _drop_redundant_undated(ev)
    ev["source_file"] = ctx.file
    ev["sheet"] = ctx.sheet
    ev["channel"] = ev["channel"].where(ev["channel"].notna(), None) if "channel" in ev else None
    return ev


def _says_declined(status: str | None) -> bool:
    return bool(status) and status.strip().casefold() in ("declined", "decline", "declined.")


def _drop_redundant_undated(ev: pd.DataFrame) -> pd.DataFrame:
    """Drop an undated event inferred from a summary (a status, a one-hot column, a stage
    history, an offer amount) when the same application has a dated event of the same kind and
    round: the summary only repeats what a date column said. Events from their own column are
    never dropped (a second follow-up without a date is a second follow-up)."""
    n = len(ev)
    rnd = (
        ev["round"].astype("Float64").fillna(-1).to_numpy(dtype=float)
        if "round" in ev
        else np.full(n, -1.0)
    )
    ids, kinds = ev["application_id"].tolist(), ev["kind"].astype(str).tolist()
    keys = list(zip(ids, kinds, rnd.tolist(), strict=True))
    known = ev["date_known"].to_numpy(dtype=bool)
    inferred = ev["_inferred"].fillna(False).to_numpy(dtype=bool)
    dated = {keys[i] for i in np.flatnonzero(known)}
    dated_any_round = {(a, k) for a, k, _ in dated}
    # An undated event with no round (a plain status) is covered by a dated one of any round.
    drop = [
        i
        for i in np.flatnonzero(~known & inferred)
        if keys[i] in dated or (keys[i][2] == -1 and keys[i][:2] in dated_any_round)
    ]
    return ev.drop(index=ev.index[drop]).reset_index(drop=True) if drop else ev


def _decide_stage_and_outcome(
    sheet: SheetContext, ev: pd.DataFrame, evidence: StageEvidence
) -> pd.DataFrame:
    """Stage and outcome of every row by the rule of :class:`StageEvidence` (a dated row is at
    least applied; an accepted one is accepted; a row with nothing in a tracker whose rows
    record dates or statuses is a saved job). A bare 'Declined' after an offer turns the
    status's rejection event into ``declined``; a dated reply whose application was rejected
    without getting further is the rejection. Returns the events, final."""
    ranks, closing_bits = _stage_ranks(sheet, ev, evidence)
    ranks = _saved_rows(sheet, ranks)
    app = sheet.app
    app["stage"] = [STAGES[r] for r in ranks]
    outcomes, turned_down = _outcomes(sheet, ranks, closing_bits, evidence)
    if sheet.n and "accepted" in outcomes:
        acc = np.array([o == "accepted" for o in outcomes])
        app["stage"] = [
            STAGES[max(_STAGE_RANK[s], _STAGE_RANK["accepted"])] if a else s
            for s, a in zip(app["stage"], acc, strict=True)
        ]
    app["outcome"] = outcomes
    if turned_down and len(ev):
        # The status event was read as the employer's rejection; it was the candidate's no.
        hit = (
            ev["application_id"].isin(turned_down)
            & (ev["kind"] == "rejection")
            & ~ev["date_known"].astype(bool)
        )
        ev.loc[hit, "kind"] = "declined"
    ev = _dated_rejections(sheet, ev, ranks, outcomes)
    return ev.drop(columns="_inferred", errors="ignore")


def _stage_ranks(
    sheet: SheetContext, ev: pd.DataFrame, evidence: StageEvidence
) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the stage rank reached (-1: no evidence at all), and the bits of the closing
    outcomes its events hold."""
    n = sheet.n
    pos = {a: k for k, a in enumerate(sheet.ids)}
    ranks = evidence.stage_rank.copy()
    closing_bits = np.zeros(n, dtype=np.int64)
    if len(ev):
        codes = ev["application_id"].map(pos).to_numpy(dtype=np.int64)
        kinds = ev["kind"].astype(object)
        ev_rank = kinds.map(_KIND_RANK).to_numpy(dtype=np.int64)
        np.maximum.at(ranks, codes, ev_rank)
        bit = kinds.map(_CLOSING_BIT).fillna(0).to_numpy(dtype=np.int64)
        np.bitwise_or.at(closing_bits, codes, bit)
    has_date = np.asarray(pd.Series(sheet.app["date_applied"]).notna())
    # A date proves the application was sent, whatever the status says.
    saved_but_sent = has_date & (evidence.stage_rank == _STAGE_RANK["saved"])
    if saved_but_sent.any():
        rows = [sheet.rows[k] for k in np.flatnonzero(saved_but_sent)]
        shown = ", ".join(map(str, rows[:12])) + (" ..." if len(rows) > 12 else "")
        sheet.ctx.entry(
            rows[0],
            None,
            None,
            f"{len(rows)} row(s) ({shown}) say saved or to apply but give a date applied",
            "counted as sent on that date (the date proves it was sent)",
            "guessed",
            field_name="stage",
        )
    ranks = np.where(has_date & (ranks < _STAGE_RANK["applied"]), _STAGE_RANK["applied"], ranks)
    return ranks, closing_bits


def _saved_rows(sheet: SheetContext, ranks: np.ndarray) -> np.ndarray:
    """Rows without any evidence (-1): applications, unless most rows of the tracker record a
    date or a status and these do not. Then they are jobs kept for later (a wish list below the
    applications), stage saved, and reported."""
    bare = ranks < 0
    if not bare.any():
        return ranks
    status = sheet.app.get("status_raw") or [None] * sheet.n
    recorded = ~bare | np.array([s is not None for s in status], dtype=bool)
    if not (sheet.plans("date_applied") or sheet.plans("date") or sheet.plans("status")) or (
        2 * recorded.sum() < sheet.n
    ):
        return np.where(bare, _STAGE_RANK["applied"], ranks)
    saved = bare & ~recorded
    rows = [sheet.rows[k] for k in np.flatnonzero(saved)]
    shown = ", ".join(map(str, rows[:12]))
    shown += f" and {len(rows) - 12} more" if len(rows) > 12 else ""
    sheet.ctx.entry(
        rows[0] if rows else None,
        None,
        None,
        f"{len(rows)} row(s) ({shown}) name a job but have no date, status or stage, while "
        f"{int(recorded.sum())} of {sheet.n} rows record one",
        "read as saved jobs (not yet applied), not counted as applications",
        "guessed",
        field_name="stage",
    )
    return np.where(saved, _STAGE_RANK["saved"], np.where(bare, _STAGE_RANK["applied"], ranks))


# The outcome pieces of each combination of closing-event bits.
_EVENT_PIECES = [
    [(o, "an event column") for i, o in enumerate(_OUTCOME_PRECEDENCE) if bits >> i & 1]
    for bits in range(1 << len(_OUTCOME_PRECEDENCE))
]


def _outcome_pieces(
    sheet: SheetContext, k: int, ranks: np.ndarray, bits: int, evidence: StageEvidence
) -> tuple[list[tuple[str, str]], bool]:
    """The outcome evidence of row ``k`` (the status's bare 'Declined' read by the stage), and
    whether that 'Declined' was the candidate turning an offer down."""
    pieces = evidence.outcomes[k] + _EVENT_PIECES[bits]
    raw = sheet.app["status_raw"][k]
    if evidence.status_outcome[k] != "rejected" or not _says_declined(raw):
        return pieces, False
    # A bare "Declined" is the candidate turning an offer down when there was an offer, and
    # the employer's rejection otherwise.
    offered = bool(ranks[k] >= _STAGE_RANK["offer"])
    sheet.ctx.entry(
        sheet.rows[k],
        evidence.status_col,
        raw,
        "'Declined' may mean you declined or they did",
        "read as: you declined their offer (the application had an offer)"
        if offered
        else "read as: rejected by the employer (no offer recorded)",
        "guessed",
        field_name="outcome",
    )
    if offered:
        pieces = [("declined", src) if src == "status" else (o, src) for o, src in pieces]
        pieces = [(o, src) for o, src in pieces if not (o == "rejected" and src != "status")]
    return pieces, offered


def _outcomes(
    sheet: SheetContext, ranks: np.ndarray, closing_bits: np.ndarray, evidence: StageEvidence
) -> tuple[list[str], list[str]]:
    """The outcome of each row by :func:`resolve_outcome`, each disagreement reported; and
    the ids whose bare 'Declined' is the candidate's no."""
    ctx = sheet.ctx
    outcomes: list[str] = []
    turned_down: list[str] = []
    for k, a in enumerate(sheet.ids):
        if not closing_bits[k] and not evidence.outcomes[k]:
            outcomes.append("open")  # nothing ends this application (the common case)
            continue
        pieces, declined = _outcome_pieces(sheet, k, ranks, int(closing_bits[k]), evidence)
        if declined:
            turned_down.append(a)
        distinct = {o for o, _ in pieces}
        if len(distinct) == 1:
            (outcome,) = distinct
            outcome = "open" if outcome == _NO_REPLY else outcome
        else:
            outcome = resolve_outcome(pieces)
        outcomes.append(outcome)
        if len(distinct - {_NO_REPLY, "ghosted"}) + bool(distinct & {_NO_REPLY, "ghosted"}) > 1:
            distinct = dict.fromkeys("ghosted" if o == _NO_REPLY else o for o, _ in pieces)
            said = (
                "; ".join(
                    f"{src} says {o}"
                    for o, src in dict.fromkeys(pieces)
                    if src != "an event column"
                )
                or "the columns disagree"
            )
            ctx.entry(
                sheet.rows[k],
                None,
                None,
                f"endings disagree ({', '.join(distinct)}): {said}",
                f"outcome {outcome}: an explicit ending beats no reply; between explicit "
                "endings the status column wins",
                "guessed",
                field_name="outcome",
            )
        elif evidence.status_outcome[k] == "open" and outcome != "open":
            ctx.entry(
                sheet.rows[k],
                None,
                None,
                f"status says in progress but the tracker records {outcome}",
                f"outcome set to {outcome}",
                "guessed",
                field_name="outcome",
            )
    return outcomes, turned_down


def _dated_rejections(
    sheet: SheetContext, ev: pd.DataFrame, ranks: np.ndarray, outcomes: list[str]
) -> pd.DataFrame:
    """A rejected application that got no further than applied had one reply: the rejection.
    Its dated reply (a response-date column) becomes a dated rejection, and the undated
    rejection its status implied is dropped. A dated rejection from a rejection-date column
    wins: the reply is then left as it is."""
    if not len(ev) or "_inferred" not in ev or not (ev["kind"] == "response").any():
        return ev
    rejected = {
        a
        for a, r, o in zip(sheet.ids, ranks, outcomes, strict=True)
        if o == "rejected" and r <= _STAGE_RANK["applied"]
    }
    ids, kinds = ev["application_id"], ev["kind"].astype(object)
    known = ev["date_known"].astype(bool)
    inferred = ev["_inferred"].fillna(False).astype(bool)
    by_column = set(ids[(kinds == "rejection") & known & ~inferred])
    replies = ev[(kinds == "response") & known & ids.isin(rejected - by_column)]
    if not len(replies):
        return ev
    first = replies.groupby("application_id", sort=False)["date"].idxmin()
    ev.loc[first.to_numpy(), "kind"] = "rejection"
    undated = (kinds == "rejection") & ~known & ids.isin(set(first.index))
    plans = sheet.plans("response_date")
    sheet.ctx.entry(
        None,
        plans[0] if plans else None,
        None,
        f"{len(first)} dated replies belong to applications rejected without getting further",
        "each read as the date of the rejection (the status says rejected)",
        "info",
        field_name="outcome",
    )
    return ev[~undated].reset_index(drop=True)


def columns_used(layout: Layout) -> list[tuple[ColumnPlan, str]]:
    """(plan, field label) for the mapping report."""
    return [(p, p.field or "(kept)") for p in layout.columns]
