"""``load`` and ``load_many``: a tracker file (or a folder of them) into a :class:`JobSearch`.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "jobs.csv").write_text(
...     "Company,Position,Date Applied,Status\\nAcme,Analyst,2024-03-01,Rejected\\n"
...     "Globex,Data Engineer,2024-03-04,Phone screen\\n", encoding="utf-8")
>>> search = load(folder / "jobs.csv")
>>> search.applications[["company", "stage", "outcome"]].values.tolist()
[['Acme', 'applied', 'rejected'], ['Globex', 'screen', 'open']]
>>> search.report.rows_read, search.report.rows_kept
(2, 2)
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from jobsearch_analytics.io.build import LoadOptions, build_sheet
from jobsearch_analytics.io.exports import SIDE_READERS, activities_without_jobs
from jobsearch_analytics.io.exports import pair_activities as _pair_activities  # in load_many
from jobsearch_analytics.io.formats import (
    ContainerMatch,
    ExportFormat,
    FormatMatch,
    detect_container,
    detect_format,
    layout_format,
)
from jobsearch_analytics.io.layout import (
    HEADER_SEARCH_COLS,
    Layout,
    find_layout,
    find_sideways,
    header_line,
    sheet_skip_reason,
)
from jobsearch_analytics.io.merge import (
    DEFAULT_MERGE_DAYS,
    cross_client_matches,
    merge_applications,
)
from jobsearch_analytics.io.preflight import Limits
from jobsearch_analytics.io.report import LoadError, ReportBuilder, cell_ref, not_found
from jobsearch_analytics.model import (
    APPLICATION_COLUMNS,
    CONTACT_COLUMNS,
    EVENT_COLUMNS,
    EVIDENCE,
    REPLY_KINDS,
    JobSearch,
    conform,
    empty_applications,
    empty_contacts,
    empty_events,
    infer_fields,
)

__all__ = ["SUPPORTED_SUFFIXES", "load", "load_many", "load_one"]

#: File endings picked up when a folder is loaded (content decides the format, not the ending).
SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".txt", ".xml")

_TEXT_FORMATS = ("csv", "tsv")


def load(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str | None] | None = None,
    sheet: str | Sequence[str] | None = None,
    dayfirst: bool | None = None,
    default_currency: str | None = None,
    client: str | None = None,
    merge: bool = True,
    merge_days: int = DEFAULT_MERGE_DAYS,
    password: str | None = None,
    limits: Limits | None = None,
    mapping: bool | str | os.PathLike[str] = True,
    save_mapping: bool = False,
) -> JobSearch:
    """Read a tracker or export into the canonical model.

    Parameters
    ----------
    path
        An xlsx/xlsm/xls/ods workbook or a csv/tsv/txt file; the format is read from the
        content, not the name. Known exports (LinkedIn, Huntr, Simplify; see
        :data:`jobsearch_analytics.io.formats.FORMATS`) are recognised by their columns and
        named in the report. A folder is loaded with :func:`load_many`.
    columns
        Overrides for the column mapping: ``{"Made contact?": "follow_up"}``; a field name
        (see ``jobsearch_analytics.io.columns.FIELDS``) or ``None`` (or ``'none'``) to keep a
        column as it is. A header the file does not have, or a field that does not exist, is a
        LoadError naming the nearest ones.
    sheet
        Only these sheets (by name). By default every sheet that looks like a tracker is read.
    dayfirst
        How to read dates such as 03/04/2024 when a column gives no evidence either way.
        Unambiguous values are always read correctly; the report flags the ambiguous ones.
    default_currency
        ISO code for salaries written without a currency (and the code for a bare ``$``).
    client, merge, merge_days
        For a folder: see :func:`load_many`.
    password
        Opens a password-protected workbook (needs ``msoffcrypto-tool``, the ``crypto``
        extra). The decrypted copy lives only in a private temporary folder while it is read.
    limits
        Size limits checked before any parser runs (:class:`jobsearch_analytics.io.preflight.
        Limits`); the defaults are generous for any real tracker.
    mapping, save_mapping
        Saved corrections (:mod:`jobsearch_analytics.io.mapping`): by default the mapping
        saved for this tracker is used under ``columns=`` (the report names its file);
        ``mapping=False`` ignores it, a path uses that file. ``save_mapping=True`` saves
        ``columns``, ``sheet`` and ``dayfirst`` for every later load of this tracker.

    Returns
    -------
    JobSearch
        ``applications``, ``events``, ``contacts`` (from a contacts export) and ``report``
        (what was mapped, coerced, guessed or dropped, with cell references).

    Raises
    ------
    LoadError
        The file cannot be read, or holds no tracker sheet; the message says what to do.
    """
    p = Path(path)
    if p.is_dir():
        if save_mapping:
            raise LoadError("save_mapping saves one tracker's corrections", file=str(p),
                            hint="name a tracker file, not a folder")  # fmt: skip
        return load_many(
            p,
            columns=columns,
            dayfirst=dayfirst,
            default_currency=default_currency,
            client=client,
            merge=merge,
            merge_days=merge_days,
            limits=limits,
            mapping=mapping is not False,
        )
    search, _ = load_one(
        p,
        columns=columns,
        sheet=sheet,
        dayfirst=dayfirst,
        default_currency=default_currency,
        password=password,
        limits=limits,
        mapping=mapping,
        save_mapping=save_mapping,
    )
    return search


def load_one(
    p: Path,
    *,
    columns: Mapping[str, str | None] | None = None,
    sheet: str | Sequence[str] | None = None,
    mapping: bool | str | os.PathLike[str] = True,
    save_mapping: bool = False,
    **opts: Any,
) -> tuple[JobSearch, list[Path]]:
    """:func:`load` of one file, and the mapping files it saved (``save_mapping``)."""
    from jobsearch_analytics.io import mapping as saved

    explicit = saved.check_fields(dict(columns or {}))
    options = LoadOptions(
        columns=explicit,
        sheet=(sheet,) if isinstance(sheet, str) else tuple(sheet) if sheet else None,
        **opts,
    )
    report = ReportBuilder()
    res = _load_file(p, options, report, mapping)
    if res.activities is not None and res.applications.empty:
        raise activities_without_jobs(p.name)
    built = report.build()
    saved.check_headers(explicit, built.mapping, file=p.name)
    written: list[Path] = []
    if save_mapping and res.mapping_use is not None:
        written = saved.store(
            p, res.mapping_use, built.sheets, sheet=options.sheet, dayfirst=options.dayfirst
        )
        report.entry(
            file=p.name,
            sheet=None,
            row=None,
            problem="saved the corrections to " + " and ".join(map(str, written)),
            action="every later load of this tracker uses them; edit or delete the file to "
            "change that",
            kind="info",
        )
    if res.mapping_use is not None:
        saved.report_unused(res.mapping_use, built.mapping, report, p.name)
    if save_mapping or (res.mapping_use is not None and res.mapping_use.found is not None):
        built = report.build()
    held = fields_held(built.mapping, res.applications, res.events)
    return JobSearch(res.applications, res.events, built, res.contacts, held), written


#: Mapped fields (``report.mapping``'s ``field``, its ``[round n]`` left out) that are stage
#: evidence of the status family: each holds replies, outcomes, interviews and offers.
_STATUS_FIELDS = frozenset({"status", "stage_history", "timeline", "onehot"})
_REPLY_DATE_FIELDS = frozenset(EVIDENCE["reply_date"].columns)


def fields_held(
    mapping: pd.DataFrame, applications: pd.DataFrame, events: pd.DataFrame
) -> frozenset[str]:
    """The evidence (``model.EVIDENCE`` names) a loaded source holds: what its columns were
    mapped to (``mapping``, export formats included: LinkedIn's "Job Applications.csv" maps
    no status, so its replies and outcomes are unknown), plus what the tables show
    (:func:`~jobsearch_analytics.model.infer_fields`: an event kind present, a stage past
    applied). Reply dates count only when some reply is dated, or none came yet.

    Examples
    --------
    >>> m = pd.DataFrame({"field": ["company", "date_applied", "status", "status_date"]})
    >>> sorted(fields_held(m, empty_applications(), empty_events()))
    ['company', 'date_applied', 'interview', 'offer', 'outcome', 'reply', 'status_updated']
    """
    held = set(infer_fields(applications, events))
    for label in mapping["field"].astype(str).unique():
        base = label.split(" [")[0].strip()
        if base in _STATUS_FIELDS or base.startswith("events from"):
            held.update(("reply", "outcome", "interview", "offer"))
        for name, ev in EVIDENCE.items():
            if base in ev.columns and name != "reply_date":
                held.add(name)
        if base == "date":
            held.add("date_applied")
        if base in _REPLY_DATE_FIELDS:
            held.add("reply_date_column")
    if "reply_date_column" in held:
        held.discard("reply_date_column")
        replies = events["kind"].isin(REPLY_KINDS).to_numpy(dtype=bool)
        if not replies.any() or (replies & events["date_known"].to_numpy(dtype=bool)).any():
            held.add("reply_date")
    return frozenset(held)


@dataclass
class _FileResult:
    applications: pd.DataFrame
    events: pd.DataFrame
    contacts: pd.DataFrame
    activities: pd.DataFrame | None = None
    formats: list[str] = field(default_factory=list)
    mapping_use: Any = None  # io.mapping.MappingUse: the saved mapping found, if any

    def __len__(self) -> int:
        return len(self.applications)


@dataclass
class _Reading:
    """One file while its sheets are read: where to report, and what the sheets became."""

    file: str
    options: LoadOptions
    report: ReportBuilder
    text_native: bool
    container: ContainerMatch | None
    apps: list[pd.DataFrame] = field(default_factory=list)
    events: list[pd.DataFrame] = field(default_factory=list)
    sheet_names: list[str] = field(default_factory=list)
    sideways: list[tuple[Any, str, Any]] = field(default_factory=list)
    side: dict[str, list[pd.DataFrame]] = field(
        default_factory=lambda: {kind: [] for kind in SIDE_READERS}
    )
    formats: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _load_file(
    p: Path, options: LoadOptions, report: ReportBuilder, mapping: Any = True
) -> _FileResult:
    from jobsearch_analytics.io.mapping import apply_saved
    from jobsearch_analytics.io.readers import read_book

    if not p.exists():
        raise not_found(p)
    book = read_book(p, password=options.password, limits=options.limits)
    options, use = apply_saved(p, book, options, report, mapping)
    reading = _Reading(
        p.name,
        options,
        report,
        text_native=book.format in _TEXT_FORMATS,
        container=_container(p, book, report),
    )
    _check_sheet_names(book, options, p.name)
    for raw in book.sheets:
        if options.sheet is None or raw.name in options.sheet:
            _read_sheet(reading, raw)
    _read_sideways_sheets(reading)
    if not reading.apps and not any(reading.side.values()):
        raise LoadError(
            "no sheet looks like a job-application tracker",
            file=p.name,
            expected="a header row with a company or job title column",
            hint=(
                "sheets seen: " + "; ".join(reading.skipped) + ". Pass sheet= and columns= to "
                "say which sheet and columns hold the applications"
            )
            if reading.skipped
            else "check that this is the right file",
        )
    report.file(file=p.name, status="loaded", format=book.format)
    result = _file_result(reading)
    result.mapping_use = use
    _report_saved_with_date(report, p.name, result.applications)
    return result


def _report_saved_with_date(report: ReportBuilder, file: str, apps: pd.DataFrame) -> None:
    """A row whose status says Saved (or To apply) but which carries an application date is
    counted as sent, as its date says; that reading is reported, never silent."""
    from jobsearch_analytics.io.status import parse_status

    dated = apps["date_applied"].notna() & apps["status_raw"].notna()
    if not dated.any():
        return
    said = {t: parse_status(t).stage for t in apps.loc[dated, "status_raw"].unique()}
    saved = apps["status_raw"].map(said).eq("saved").fillna(False).to_numpy(dtype=bool)
    flagged = np.flatnonzero(dated.to_numpy() & saved & apps["stage"].ne("saved").to_numpy())
    for k in apps.index[flagged]:
        report.entry(
            file=file,
            sheet=apps.at[k, "sheet"] or None,
            row=None if pd.isna(apps.at[k, "row"]) else int(apps.at[k, "row"]),
            column="status",
            field="status",
            raw=apps.at[k, "status_raw"],
            problem="the status says saved, but the row has an application date",
            action="counted as sent on that date; change the status or clear the date if "
            "it was never sent",
            kind="guessed",
        )


def _container(p: Path, book: Any, report: ReportBuilder) -> ContainerMatch | None:
    """Report the reader's notes, and what the file itself says about its format (a Google
    Sheets download, Excel's Unicode text)."""
    file = p.name
    for note in book.notes:
        report.entry(file=file, sheet=None, row=None, problem=note, action="noted", kind="info")
    container = (
        detect_container(p, book.format, book.encoding, _head_and_tail(p))
        if book.format in _TEXT_FORMATS
        else None
    )
    if container is not None:
        report.entry(
            file=file,
            sheet=container.sheet_name,
            row=None,
            problem=f"detected {container.format.title}: {container.evidence}",
            action=f"read as {container.format.name!r}"
            + (f", sheet named {container.sheet_name!r}" if container.sheet_name else ""),
            kind="info",
        )
    return container


def _check_sheet_names(book: Any, options: LoadOptions, file: str) -> None:
    names = [s.name for s in book.sheets]
    if options.sheet is not None:
        missing = [s for s in options.sheet if s not in names]
        if missing:
            raise LoadError(
                f"no sheet named {', '.join(map(repr, missing))}",
                file=file,
                expected="one of " + ", ".join(map(repr, names)),
                hint="pass sheet= with one of the names listed",
            )


def _read_sheet(reading: _Reading, raw: Any) -> None:
    """One sheet: empty, an export whose rows are not applications (its own reader), skipped
    as not a tracker, or a tracker."""
    file, report, container = reading.file, reading.report, reading.container
    sheet_name = raw.name or (container.sheet_name if container else None) or ""
    for note in raw.notes:
        report.entry(
            file=file, sheet=sheet_name, row=None, problem=note, action="noted", kind="info"
        )
    if not any(any(v is not None for v in r) for r in raw.rows):
        report.sheet(file=file, sheet=sheet_name, role="empty", reason="no values")
        return
    match = detect_format(raw.rows)
    fmt = match.format if match is not None else None
    if match is not None:
        _report_match(report, file, sheet_name, raw, match)
        side_reader = SIDE_READERS.get(match.format.row_kind)
        if side_reader is not None:
            reading.side[match.format.row_kind].append(
                side_reader(file, sheet_name, raw, match, report)
            )
            reading.formats.append(match.format.name)
            return
    overrides = {**(dict(fmt.columns) if fmt else {}), **reading.options.columns}
    layout = find_layout(raw.rows, overrides=overrides, origin_col=raw.origin_col)
    reason = sheet_skip_reason(sheet_name, layout) if fmt is None else None
    if reason and (found := find_sideways(raw.rows)) is not None:
        reading.sideways.append((raw, sheet_name, found))
        return
    if reason and reading.options.sheet is None:
        report.sheet(file=file, sheet=sheet_name, role="skipped", reason=reason)
        reading.skipped.append(f"{sheet_name or file!r}: {reason}")
        return
    if layout is None:
        raise LoadError(
            "no header row found",
            file=file,
            sheet=sheet_name or None,
            expected="a row naming columns such as Company, Position, Date Applied, Status",
            hint="add such a row above the data, or pass columns= to name the columns",
        )
    _report_wide_sheet(reading, raw, sheet_name, layout)
    _read_tracker(reading, raw, sheet_name, layout, fmt)


def _read_sideways_sheets(reading: _Reading) -> None:
    """Sideways sheets (a column per date, names below), read last: each name an application
    dated by its column when no sheet of the file is a tracker the usual way round (else the
    names may repeat its applications: a calendar next to the tracker), otherwise skipped with
    the reason; a sideways sheet holding no names under its dates is refused with why."""
    from dataclasses import replace

    file, report = reading.file, reading.report
    had_tracker = bool(reading.apps)
    for raw, sheet_name, found in reading.sideways:
        reason = found.refusal or (
            "a sideways layout (a column per date) next to a tracker sheet: not read, its "
            "names may repeat the tracker's applications"
            if had_tracker
            else None
        )
        if reason is not None:
            report.sheet(file=file, sheet=sheet_name, role="skipped", reason=reason)
            reading.skipped.append(f"{sheet_name or file!r}: {reason}")
            continue
        first_line = raw.line_numbers[0] if raw.line_numbers is not None else raw.origin_row + 1
        lines = [ln - 1 + first_line for ln in found.lines]
        where = lines[0]
        report.entry(
            file=file,
            sheet=sheet_name or None,
            row=where,
            problem=f"a sideways layout: {found.dates} dates across row {where}, company "
            "names listed under each",
            action=f"each of the {len(found.rows) - 1} names read as an application dated by "
            "its column's date (cells are referred to by their row)",
            kind="info",
        )
        long = replace(raw, rows=found.rows, line_numbers=lines, origin_col=0)
        overrides = {"Company": "company", "Date Applied": "date_applied"}
        layout = find_layout(long.rows, overrides=overrides)
        if layout is not None:
            _read_tracker(reading, long, sheet_name, layout, None)


def _report_wide_sheet(reading: _Reading, raw: Any, sheet_name: str, layout: Layout) -> None:
    """Say so when a sheet has columns past :data:`HEADER_SEARCH_COLS` (kept as they are)."""
    width = max((len(r) for r in raw.rows), default=0)
    if width <= HEADER_SEARCH_COLS:
        return
    reading.report.entry(
        file=reading.file,
        sheet=sheet_name or None,
        row=raw.origin_row + layout.header_index + 1,
        col=raw.origin_col + HEADER_SEARCH_COLS,
        problem=f"the sheet is {width:,} columns wide; only the first "
        f"{HEADER_SEARCH_COLS:,} are matched to fields",
        action="the columns past them are kept as they are; move a tracker column into the "
        "first ones, or name it with columns=, to use it",
        kind="info",
    )


#: The evidence of a mapping decided without looking at the values.
_NO_EVIDENCE = {
    "format": "a column of the recognised export format",
    "override": "named by columns=",
    "none": "no known header",
    "unnamed": "no header",
}


def _read_tracker(
    reading: _Reading, raw: Any, sheet_name: str, layout: Layout, fmt: ExportFormat | None
) -> None:
    """A tracker sheet (or an export of applications or saved jobs): its column mapping
    reported, its rows built into applications and events."""
    file, report = reading.file, reading.report
    header_row = raw.origin_row + layout.header_index + 1
    data = raw.rows[layout.header_index + 1 :]
    lines = raw.line_numbers[layout.header_index + 1 :] if raw.line_numbers is not None else None
    for plan in layout.columns:
        how = plan.how if fmt is None or plan.header not in fmt.columns else "format"
        report.mapping(
            file=file,
            sheet=sheet_name,
            source_column=plan.header,
            header_row=header_line(raw, layout.header_index),
            col=plan.col,
            field=_mapping_label(plan),
            how=how,
            score=plan.score,
            evidence=plan.evidence or _NO_EVIDENCE.get(how, ""),
        )
        if plan.field is None and plan.how in ("contradicted", "outranked"):
            report.entry(
                file=file,
                sheet=sheet_name,
                row=header_line(raw, layout.header_index),
                col=plan.col,
                column=plan.header,
                raw=plan.header,
                problem=plan.evidence,
                action="kept as an extra column under its own header; "
                "columns= assigns it if this is wrong",
                kind="guessed",
            )
    result = build_sheet(
        file,
        sheet_name,
        data,
        layout,
        first_row=header_row + 1,
        origin_col=raw.origin_col,
        line_numbers=lines,
        text_native=reading.text_native,
        options=reading.options,
        report=report,
        fmt=fmt,
    )
    name = _sheet_format(reading, sheet_name, header_row, layout, fmt)
    reading.formats.append(name)
    report.sheet(
        file=file,
        sheet=sheet_name,
        role="tracker",
        format=name,
        header_row=header_row,
        rows_read=result.rows_read,
        rows_kept=result.rows_kept,
        rows_dropped=result.rows_dropped,
    )
    reading.apps.append(result.applications)
    reading.events.append(result.events)
    reading.sheet_names.append(sheet_name)


def _sheet_format(
    reading: _Reading, sheet_name: str, header_row: int, layout: Layout, fmt: ExportFormat | None
) -> str:
    """The format name of a tracker sheet (reported when the layout itself is a format)."""
    name = fmt.name if fmt is not None else layout_format(layout.fields())
    if reading.container is not None and name in ("tracker", "wide tracker"):
        # The file-level format is the most specific thing known about a plain tracker.
        return reading.container.format.name
    if fmt is None and name not in ("tracker", "wide tracker"):
        reading.report.entry(
            file=reading.file,
            sheet=sheet_name,
            row=header_row,
            problem=f"detected {name} layout",
            action=f"read as {name!r}: steps have unknown dates unless a column dates them",
            kind="info",
        )
    return name


#: Share of the smaller sheet's applications another sheet must repeat (same company, role and
#: date applied) for the two to be one list of applications written twice.
REPEAT_SHARE = 0.8


def _sheet_keys(apps: pd.DataFrame, columns: list[str]) -> list[tuple[Any, ...] | None]:
    """Each application's key: its company, role and date applied, folded (None when the row
    has neither company nor role)."""
    from jobsearch_analytics.io.values import match_key

    named = [i for i, c in enumerate(columns) if c in ("company", "role")]
    out: list[tuple[Any, ...] | None] = []
    for rec in apps[columns].itertuples(index=False):
        key = tuple(
            None
            if v is None or v is pd.NaT or (isinstance(v, float) and v != v)
            else (v.date() if hasattr(v, "date") else match_key(v))
            for v in rec
        )
        out.append(key if any(key[i] for i in named) else None)
    return out


def _drop_repeated_sheets(reading: _Reading) -> None:
    """Sheets that repeat another's applications are loaded once.

    Two sheets whose applications are mostly the same (:data:`REPEAT_SHARE` of the smaller
    one's company, role and date applied are in the other: a cleaned copy, a copy with
    recoded statuses) are one list: the sheet with more applications is loaded (on a tie the
    one with fewer unrecognised values, then the first) and the other is reported as a
    repeat. Below that share, a row whose company, role and date repeat a row of an earlier
    sheet is dropped (the same application copied between sheets) and reported.
    """
    if len(reading.apps) < 2:
        return
    held = [
        [c for c in ("company", "role", "date_applied") if c in apps and apps[c].notna().any()]
        for apps in reading.apps
    ]
    alive = list(range(len(reading.apps)))
    for b in range(len(reading.apps)):
        for a in range(b):
            # Compared on what both sheets hold (a copy may have left the role out).
            cols = [c for c in held[a] if c in held[b]]
            if a not in alive or b not in alive or not {"company", "role"} & set(cols):
                continue
            ka = Counter(k for k in _sheet_keys(reading.apps[a], cols) if k)
            kb = Counter(k for k in _sheet_keys(reading.apps[b], cols) if k)
            smaller = min(sum(ka.values()), sum(kb.values()))
            common = sum((ka & kb).values())
            if smaller >= 2 and common >= REPEAT_SHARE * smaller:
                loser = _repeat_loser(reading, a, b)
                winner = a if loser == b else b
                _report_repeat(reading, winner, loser, common, cols)
                alive.remove(loser)
    full = ["company", "role", "date_applied"]
    keys = [
        _sheet_keys(apps, full) if held[i] == full else [] for i, apps in enumerate(reading.apps)
    ]
    dated = [h == full for h in held]
    _drop_copied_rows(reading, [i for i in alive if dated[i]], keys)
    reading.apps = [reading.apps[i] for i in alive]  # rows were dropped in place above
    reading.events = [reading.events[i] for i in alive]
    reading.sheet_names = [reading.sheet_names[i] for i in alive]


def _words(cols: list[str]) -> str:
    names = [c.replace("_", " ") for c in cols]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]


def _repeat_loser(reading: _Reading, a: int, b: int) -> int:
    """Of two repeating sheets, the one not loaded: fewer applications, then more values the
    loader could not read, then the later one."""

    def unread(i: int) -> int:
        name = reading.sheet_names[i]
        return reading.report.count(file=reading.file, sheet=name, kind="unparsed")

    rank = {i: (len(reading.apps[i]), -unread(i), -i) for i in (a, b)}
    return min((a, b), key=lambda i: rank[i])


def _report_repeat(
    reading: _Reading, winner: int, loser: int, common: int, cols: list[str]
) -> None:
    kept, other = reading.sheet_names[winner], reading.sheet_names[loser]
    n_kept, n_other = len(reading.apps[winner]), len(reading.apps[loser])
    why = (
        f"{common} of its {n_other} applications are in sheet {kept!r} with the same "
        f"{_words(cols)} ({n_kept} there)"
    )
    choice = (
        "it has more applications"
        if n_kept != n_other
        else "it has fewer values the loader could not read, or comes first"
    )
    reading.report.entry(
        file=reading.file,
        sheet=other,
        row=None,
        problem=f"sheet {other!r} repeats sheet {kept!r}: {why}",
        action=f"loaded {kept!r} only ({choice}); {other!r} is not counted again",
        kind="dropped",
    )
    reading.report.sheet_not_loaded(
        file=reading.file, sheet=other, role="repeat", reason=f"repeats sheet {kept!r}: {why}"
    )


def _drop_copied_rows(
    reading: _Reading, alive: list[int], keys: list[list[tuple[Any, ...] | None]]
) -> None:
    """Rows of a later sheet whose company, role and date repeat a row of an earlier one."""
    seen: dict[tuple[Any, ...], tuple[str, int]] = {}
    for i in alive:
        apps = reading.apps[i]
        if not keys[i]:
            continue
        drop = []
        for k, key in enumerate(keys[i]):
            if key is None or key[-1] is None:
                continue
            first = seen.get(key)
            if first is not None and first[0] != reading.sheet_names[i]:
                drop.append(k)
                row = int(apps["row"].iloc[k])
                reading.report.entry(
                    file=reading.file,
                    sheet=reading.sheet_names[i],
                    row=row,
                    problem=f"row {row} repeats sheet {first[0]!r} row {first[1]} (same "
                    "company, role and date applied)",
                    action="dropped as a copy (the first sheet's row is kept)",
                    kind="dropped",
                )
            else:
                seen.setdefault(key, (reading.sheet_names[i], int(apps["row"].iloc[k])))
        if drop:
            ids = set(apps["application_id"].iloc[drop])
            reading.apps[i] = apps.drop(apps.index[drop]).reset_index(drop=True)
            ev = reading.events[i]
            if len(ev):
                reading.events[i] = ev[~ev["application_id"].isin(ids)].reset_index(drop=True)
            reading.report.rows_not_loaded(
                file=reading.file, sheet=reading.sheet_names[i], count=len(drop)
            )


def _file_result(reading: _Reading) -> _FileResult:
    _drop_repeated_sheets(reading)
    app_frames = reading.apps
    if app_frames:
        apps = pd.concat(app_frames, ignore_index=True) if len(app_frames) > 1 else app_frames[0]
    else:
        apps = empty_applications()
    evs = [e for e in reading.events if len(e)]
    events = pd.concat(evs, ignore_index=True) if evs else empty_events()
    contact_frames, activity_frames = reading.side["contact"], reading.side["activity"]
    contacts = pd.concat(contact_frames, ignore_index=True) if contact_frames else empty_contacts()
    activities = pd.concat(activity_frames, ignore_index=True) if activity_frames else None
    return _FileResult(
        conform(apps, APPLICATION_COLUMNS),
        _sorted_events(events),
        conform(contacts, CONTACT_COLUMNS, keep_extra=False),
        activities,
        reading.formats,
    )


def _head_and_tail(p: Path, size: int = 4096) -> bytes:
    with p.open("rb") as fh:
        head = fh.read(size)
        fh.seek(0, os.SEEK_END)
        end = fh.tell()
        if end <= size:
            return head
        fh.seek(max(size, end - size))
        return head + fh.read()


def _report_match(report: ReportBuilder, file: str, sheet: str, raw, match: FormatMatch) -> None:
    fmt = match.format
    header_row = header_line(raw, match.header_index)
    report.entry(
        file=file,
        sheet=sheet,
        row=header_row,
        problem=match.describe(),
        action=f"read as {fmt.name!r}" + (f": {fmt.notes}" if fmt.notes else ""),
        kind="info",
    )
    if fmt.caveat:
        report.entry(
            file=file,
            sheet=sheet,
            row=None,
            problem=fmt.caveat,
            action="nothing invented: unknown steps stay unknown",
            kind="info",
        )


def _sorted_events(events: pd.DataFrame) -> pd.DataFrame:
    ev = conform(events, EVENT_COLUMNS, keep_extra=False)
    return ev.sort_values(
        ["application_id", "date", "kind"], kind="stable", na_position="last"
    ).reset_index(drop=True)


def _mapping_label(plan) -> str:
    if plan.field == "onehot":
        return f"events from stage column ({plan.onehot})"
    if plan.field is None:
        return "(kept)"
    return plan.field + (f" [round {plan.round}]" if plan.round else "")


def _clients_of(files: list[Path], root: Path | None, client: str | None) -> list[str]:
    """Whose search each file is (see load_many)."""
    if client is not None:
        return [client] * len(files)
    out = []
    stems = [f.stem for f in files]
    for f in files:
        if root is not None:
            rel = f.relative_to(root)
            if len(rel.parts) > 1:
                out.append(rel.parts[0])
                continue
        out.append(f.stem if stems.count(f.stem) == 1 else f.name)
    return out


def load_many(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    columns: Mapping[str, str | None] | None = None,
    dayfirst: bool | None = None,
    default_currency: str | None = None,
    errors: str = "report",
    client: str | None = None,
    merge: bool = True,
    merge_days: int = DEFAULT_MERGE_DAYS,
    limits: Limits | None = None,
    mapping: bool = True,
) -> JobSearch:
    """Load several trackers or exports (a folder, or a list of files) into one JobSearch.

    Whose search is each file? By default each file directly in the folder (or each file of
    a list) is a client of its own -- a coach's folder of trackers -- named after the file
    without its ending; the files in a sub-folder are one client named after the sub-folder
    (``clients/ana/Job Applications.csv`` and ``clients/ana/tracker.xlsx`` are Ana's).
    ``client="me"`` says that all the files are one person's sources. Application ids are
    prefixed ``<client>/`` (and ``<client>/<file>/`` when a client has several files).

    Within a client, the same application seen in two files -- the same job URL, or the same
    company and role applied within ``merge_days`` days -- becomes one application whose
    events come from both (see :mod:`jobsearch_analytics.io.merge`); every decision is a
    report entry of kind ``'merged'`` (near misses: ``'info'``). ``merge=False`` keeps every
    row. Huntr activities are paired with the jobs of the same download by job id, whatever
    the client; contacts exports fill ``contacts``.

    A file that fails is listed in ``report.files`` with its error and the others still load
    (``errors="raise"`` stops at the first failure instead). In a folder, files that are not
    read are listed too, with status ``'skipped'`` and the reason: named pipes, devices,
    reports this tool wrote (see :func:`scan_folder`). Saved mappings: see :func:`load`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "ann.csv").write_text("Company,Role\\nAcme,Analyst\\n", encoding="utf-8")
    >>> _ = (d / "bob.csv").write_text("Company,Role\\nGlobex,Engineer\\n", encoding="utf-8")
    >>> _ = (d / "broken.xlsx").write_bytes(b"not a zip")
    >>> s = load_many(d)
    >>> s.applications[["client", "application_id"]].values.tolist()
    [['ann', 'ann/#2'], ['bob', 'bob/#2']]
    >>> s.report.files[["file", "status"]].values.tolist()
    [['ann.csv', 'loaded'], ['bob.csv', 'loaded'], ['broken.xlsx', 'failed']]
    >>> load_many(d, client="me").applications["application_id"].tolist()
    ['me/ann/#2', 'me/bob/#2']
    """
    files, root, skipped = _gather(paths)
    if not files:
        raise LoadError(
            "no tracker files found",
            file=str(paths),
            expected="files ending in " + ", ".join(SUPPORTED_SUFFIXES),
            hint="put the trackers in this folder, or pass a list of files",
        )
    clients = _clients_of(files, root, client)
    shared = {c for c in clients if clients.count(c) > 1}
    options = LoadOptions(
        columns=_checked(columns),
        dayfirst=dayfirst,
        default_currency=default_currency,
        limits=limits,
    )
    builder = ReportBuilder()
    for f, reason in skipped:
        builder.file(file=f.name, status="skipped", error=reason)
    apps_all: list[pd.DataFrame] = []
    events_all: list[pd.DataFrame] = []
    contacts_all: list[pd.DataFrame] = []
    activities_all: list[pd.DataFrame] = []
    per_file: dict[str, tuple[frozenset[str], int]] = {}
    for f, who in zip(files, clients, strict=True):
        one = ReportBuilder()
        try:
            res = _load_file(f, options, one, mapping)
        except Exception as exc:  # one file never takes the folder down: listed, and on
            if errors == "raise":
                raise
            error = str(exc) if isinstance(exc, LoadError) else _unexpected(f, exc)
            builder.file(file=f.name, status="failed", error=error)
            continue
        builder.extend(built := one.build())
        per_file[f.name] = (fields_held(built.mapping, res.applications, res.events), len(res))
        apps, events, contacts = _of_client(res, who, f.stem if who in shared else None)
        apps_all.append(apps)
        events_all.append(events)
        contacts_all.append(contacts)
        if res.activities is not None:
            activities_all.append(res.activities)
    held = _held_by_files(builder, per_file)
    contacts = (
        conform(pd.concat(contacts_all, ignore_index=True), CONTACT_COLUMNS, keep_extra=False)
        if contacts_all
        else empty_contacts()
    )
    if not apps_all:
        return JobSearch(empty_applications(), empty_events(), builder.build(), contacts, held)
    apps = conform(pd.concat(apps_all, ignore_index=True), APPLICATION_COLUMNS)
    events = conform(
        pd.concat([e for e in events_all if len(e)] or [empty_events()], ignore_index=True),
        EVENT_COLUMNS,
    )
    if activities_all:
        apps, events = _pair_activities(apps, events, activities_all, builder)
    if merge and len(apps):
        result = merge_applications(apps, events, days=merge_days)
        _report_decisions(builder, apps, result.decisions)
        apps, events = result.applications, result.events
        _report_cross_client(builder, apps, merge_days)
    return JobSearch(
        conform(apps, APPLICATION_COLUMNS),
        _sorted_events(events),
        builder.build(),
        contacts,
        held,
    )


def _checked(columns: Mapping[str, str | None] | None) -> dict[str, str | None]:
    from jobsearch_analytics.io.mapping import check_fields

    return check_fields(dict(columns or {}))


def _of_client(
    res: _FileResult, who: str, stem: str | None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """One file's tables with its client's name and id prefix (``<client>/``, and
    ``<client>/<stem>/`` when the client has several files)."""
    prefix = f"{who}/{stem}/" if stem is not None else f"{who}/"
    apps = res.applications.copy()
    apps["client"] = who
    apps["application_id"] = prefix + apps["application_id"]
    events = res.events.copy()
    events["application_id"] = prefix + events["application_id"]
    contacts = res.contacts.copy()
    contacts["client"] = who
    return apps, events, contacts


#: Evidence whose absence in one file of several changes the pooled headline numbers.
_POOLED_EVIDENCE = ("reply", "outcome", "interview", "offer", "date_applied")


def _held_by_files(
    builder: ReportBuilder, per_file: dict[str, tuple[frozenset[str], int]]
) -> frozenset[str]:
    """The search holds the union of its files' evidence; a file that lacks some of it (a
    status-less export beside a tracker) is named, since its rows then read as 'no reply'."""
    held = frozenset().union(*(own for own, _ in per_file.values()))
    if len(per_file) < 2:
        return held
    for file, (own, n) in per_file.items():
        lacking = [e for e in _POOLED_EVIDENCE if e in held and e not in own]
        if lacking and n:
            builder.entry(
                file=file,
                sheet=None,
                row=None,
                problem=f"this file holds no {', '.join(lacking)}, which other files hold",
                action=f"its {n} applications are counted with the others as having none; "
                "load it on its own to keep its numbers unknown",
                kind="info",
            )
    return held


#: Most cross-client pairs reported one by one (the rest are counted in one entry).
_CROSS_CLIENT_SHOWN = 50


def _report_cross_client(builder: ReportBuilder, apps: pd.DataFrame, days: int) -> None:
    """Applications of different clients that look like the same one: kept apart (two people
    may apply to one job) and reported, since files of one person loaded side by side are
    counted once per file unless loaded with ``client="me"``."""
    pairs = cross_client_matches(apps, days=days)
    if not pairs:
        return
    where = apps.set_index("application_id")
    for i, j, how in pairs[:_CROSS_CLIENT_SHOWN]:
        row = where.loc[i] if i in where.index else None
        builder.entry(
            file=str(row["source_file"]) if row is not None else "",
            sheet=(row["sheet"] or None) if row is not None else None,
            row=None if row is None or pd.isna(row["row"]) else int(row["row"]),
            column=None,
            raw=f"{i} / {j}",
            problem=f"looks like the same application as {j} of another client ({how})",
            action="kept as two applications of two clients; if these files are one person's, "
            "load them with client='me' to count it once",
            kind="info",
        )
    if len(pairs) > _CROSS_CLIENT_SHOWN:
        builder.entry(
            file="",
            sheet=None,
            row=None,
            problem=f"{len(pairs) - _CROSS_CLIENT_SHOWN} more applications look like another "
            "client's",
            action="kept apart; load one person's files with client='me' to count each once",
            kind="info",
        )


def _report_decisions(builder: ReportBuilder, apps: pd.DataFrame, decisions: pd.DataFrame) -> None:
    if decisions.empty:
        return
    by_id = apps.set_index("application_id")
    for d in decisions.itertuples():
        kept, other = by_id.loc[d.kept], by_id.loc[d.other]
        other_where = cell_ref(other["sheet"] or None, int(other["row"]))
        builder.entry(
            file=kept["source_file"],
            sheet=kept["sheet"],
            row=int(kept["row"]),
            raw=d.other,
            problem=f"the same application as {other['source_file']} row {other_where} "
            f"({d.other}): {d.how}",
            action=d.action,
            kind=d.kind,
        )


# -- folders: which files are trackers, and why the others are left out ----------------------

#: File endings picked up from a folder: :data:`SUPPORTED_SUFFIXES` and binary workbooks.
FOLDER_SUFFIXES = (*SUPPORTED_SUFFIXES, ".xlsb")

#: Outputs of this tool that must never be read back as a client's tracker.
REPORT_SUFFIX = ".report.xlsx"


@dataclass(frozen=True)
class FolderScan:
    """The tracker files of a folder (sorted) and the entries left out, with the reason."""

    files: list[Path]
    skipped: list[tuple[Path, str]]


def scan_folder(
    folder: str | os.PathLike[str], *, exclude: Iterable[str | os.PathLike[str]] = ()
) -> FolderScan:
    """The files under ``folder`` to read as trackers, judged without opening any of them
    (but a ``*.report.xlsx``, whose properties are read to recognise this tool's reports).

    Left out and listed with the reason: named pipes, devices and sockets (reading one would
    block or never end), reports this tool wrote, folders in ``exclude`` (a batch's output
    folder) and links to folders (not followed). Left out silently: Office lock files
    (``~$...``), hidden files and folders, and files whose ending is no spreadsheet's.

    Examples
    --------
    >>> import tempfile, pathlib, os
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for n in ("a.csv", "~$a.xlsx", "notes.pdf", ".hidden.csv"): _ = (d / n).write_text("x")
    >>> os.mkfifo(d / "pipe.csv")
    >>> scan = scan_folder(d)
    >>> [f.name for f in scan.files]
    ['a.csv']
    >>> [(f.name, why.split(",")[0]) for f, why in scan.skipped]
    [('pipe.csv', 'a named pipe (FIFO)')]
    """
    from jobsearch_analytics.io.sniff import special_kind

    root = Path(folder)
    excluded = {Path(e).resolve() for e in exclude}
    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        keep = []
        for name in sorted(dirnames):
            sub = here / name
            if name.startswith("."):
                continue
            if sub.resolve() in excluded:
                skipped.append((sub, "the output folder of this run: its reports are not read"))
            elif sub.is_symlink():
                skipped.append((sub, "a link to a folder: not followed"))
            else:
                keep.append(name)
        dirnames[:] = keep
        for name in sorted(filenames):
            f = here / name
            reason = _skip_reason(f, special_kind(f))
            if reason is None:
                files.append(f)
            elif reason:
                skipped.append((f, reason))
    return FolderScan(sorted(files), skipped)


def _skip_reason(f: Path, kind: str | None) -> str | None:
    """None to read the file, '' to leave it out silently, else why it is left out."""
    name = f.name
    if name.startswith(("~$", ".")) or f.suffix.lower() not in FOLDER_SUFFIXES:
        return ""  # Office lock files, hidden files, other documents
    if kind is not None:
        return f"{kind}, not a file: not read (reading it could block or never end)"
    if name.lower().endswith(REPORT_SUFFIX) and is_own_report(f):
        return "a report this tool wrote, not a tracker: not read"
    return None


def is_own_report(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a report workbook written by this tool (its document properties
    name ``jobsearch-analytics`` as author and ``Job search report`` as title).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.report.xlsx"
    >>> _ = p.write_bytes(b"not a zip")
    >>> is_own_report(p)
    False
    """
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf, zf.open("docProps/core.xml") as f:
            core = f.read(1 << 16)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, EOFError):
        return False
    return b">jobsearch-analytics</dc:creator>" in core and b">Job search report</dc:title>" in core


def _unexpected(f: Path, exc: Exception) -> str:
    if isinstance(exc, MemoryError):
        what = "reading it needed more memory than this machine has free"
    elif isinstance(exc, OSError):
        what = f"it cannot be read ({exc.strerror or exc})"
    else:
        what = f"reading it failed unexpectedly ({type(exc).__name__}: {exc})"
    return f"{f.name}: {what}. What to do: check the file, or load it on its own to see more."


def _gather(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
) -> tuple[list[Path], Path | None, list[tuple[Path, str]]]:
    """load_many's files, the folder they came from (None for a list) and what was left out."""
    if not isinstance(paths, str | os.PathLike):
        return [Path(p) for p in paths], None, []
    root = Path(paths)
    if not root.is_dir():
        return [root], None, []
    scan = scan_folder(root)
    return scan.files, root, scan.skipped
