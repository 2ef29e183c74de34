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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from jobsearch_analytics.io.build import LoadOptions, build_sheet
from jobsearch_analytics.io.formats import (
    ExportFormat,
    FormatMatch,
    detect_container,
    detect_format,
    layout_format,
)
from jobsearch_analytics.io.layout import find_layout, sheet_skip_reason
from jobsearch_analytics.io.merge import DEFAULT_MERGE_DAYS, merge_applications, refresh_stage
from jobsearch_analytics.io.preflight import Limits
from jobsearch_analytics.io.report import LoadError, ReportBuilder, cell_ref, not_found
from jobsearch_analytics.model import (
    APPLICATION_COLUMNS,
    CONTACT_COLUMNS,
    EVENT_COLUMNS,
    JobSearch,
    conform,
    empty_applications,
    empty_contacts,
    empty_events,
)

__all__ = ["SUPPORTED_SUFFIXES", "load", "load_many"]

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
        (see ``jobsearch_analytics.io.columns.FIELDS``) or ``None`` to keep a column as it is.
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
        return load_many(
            p,
            columns=columns,
            dayfirst=dayfirst,
            default_currency=default_currency,
            client=client,
            merge=merge,
            merge_days=merge_days,
            limits=limits,
        )
    options = LoadOptions(
        columns=dict(columns or {}),
        sheet=(sheet,) if isinstance(sheet, str) else tuple(sheet) if sheet else None,
        dayfirst=dayfirst,
        default_currency=default_currency,
        password=password,
        limits=limits,
    )
    report = ReportBuilder()
    res = _load_file(p, options, report)
    if res.activities is not None and res.applications.empty:
        raise LoadError(
            "this file holds Huntr activities (moves between lists), not the jobs they belong to",
            file=p.name,
            hint="load it together with the jobs file of the same download: "
            "load_many([jobs, activities]) or load(folder)",
        )
    return JobSearch(res.applications, res.events, report.build(), res.contacts)


@dataclass
class _FileResult:
    applications: pd.DataFrame
    events: pd.DataFrame
    contacts: pd.DataFrame
    activities: pd.DataFrame | None = None
    formats: list[str] = field(default_factory=list)


def _load_file(p: Path, options: LoadOptions, report: ReportBuilder) -> _FileResult:
    from jobsearch_analytics.io.readers import read_book

    if not p.exists():
        raise not_found(p)
    book = read_book(p, password=options.password, limits=options.limits)
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
    app_frames: list[pd.DataFrame] = []
    event_frames: list[pd.DataFrame] = []
    contact_frames: list[pd.DataFrame] = []
    activity_frames: list[pd.DataFrame] = []
    formats: list[str] = []
    skipped: list[str] = []
    for raw in book.sheets:
        if options.sheet is not None and raw.name not in options.sheet:
            continue
        sheet_name = raw.name or (container.sheet_name if container else None) or ""
        for note in raw.notes:
            report.entry(
                file=file, sheet=sheet_name, row=None, problem=note, action="noted", kind="info"
            )
        if not any(any(v is not None for v in r) for r in raw.rows):
            report.sheet(file=file, sheet=sheet_name, role="empty", reason="no values")
            continue
        match = detect_format(raw.rows)
        fmt = match.format if match is not None else None
        if match is not None:
            _report_match(report, file, sheet_name, raw, match)
            if fmt.row_kind == "contact":
                contact_frames.append(_contacts(file, sheet_name, raw, match, report))
                formats.append(fmt.name)
                continue
            if fmt.row_kind == "activity":
                activity_frames.append(_activities(file, sheet_name, raw, match, report))
                formats.append(fmt.name)
                continue
        overrides = {**(dict(fmt.columns) if fmt else {}), **options.columns}
        layout = find_layout(raw.rows, overrides=overrides, origin_col=raw.origin_col)
        reason = sheet_skip_reason(sheet_name, layout) if fmt is None else None
        if reason and options.sheet is None:
            report.sheet(file=file, sheet=sheet_name, role="skipped", reason=reason)
            skipped.append(f"{sheet_name or file!r}: {reason}")
            continue
        if layout is None:
            raise LoadError(
                "no header row found",
                file=file,
                sheet=sheet_name or None,
                expected="a row naming columns such as Company, Position, Date Applied, Status",
                hint="add such a row above the data, or pass columns= to name the columns",
            )
        header_row = raw.origin_row + layout.header_index + 1
        data = raw.rows[layout.header_index + 1 :]
        lines = (
            raw.line_numbers[layout.header_index + 1 :] if raw.line_numbers is not None else None
        )
        for plan in layout.columns:
            report.mapping(
                file=file,
                sheet=sheet_name,
                source_column=plan.header,
                header_row=_header_line(raw, layout.header_index),
                col=plan.col,
                field=_mapping_label(plan),
                how=plan.how if fmt is None or plan.header not in fmt.columns else "format",
                score=plan.score,
            )
        result = build_sheet(
            file,
            sheet_name,
            data,
            layout,
            first_row=header_row + 1,
            origin_col=raw.origin_col,
            line_numbers=lines,
            text_native=book.format in _TEXT_FORMATS,
            options=options,
            report=report,
            fmt=fmt,
        )
        name = fmt.name if fmt is not None else layout_format(layout.fields())
        if container is not None and name in ("tracker", "wide tracker"):
            # The file-level format is the most specific thing known about a plain tracker.
            name = container.format.name
        elif fmt is None and name not in ("tracker", "wide tracker"):
            report.entry(
                file=file,
                sheet=sheet_name,
                row=header_row,
                problem=f"detected {name} layout",
                action=f"read as {name!r}: steps have unknown dates unless a column dates them",
                kind="info",
            )
        formats.append(name)
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
        app_frames.append(result.applications)
        event_frames.append(result.events)
    if not app_frames and not contact_frames and not activity_frames:
        raise LoadError(
            "no sheet looks like a job-application tracker",
            file=file,
            expected="a header row with a company or job title column",
            hint=(
                "sheets seen: " + "; ".join(skipped) + ". Pass sheet= and columns= to say "
                "which sheet and columns hold the applications"
            )
            if skipped
            else "check that this is the right file",
        )
    report.file(file=file, status="loaded", format=book.format)
    if app_frames:
        apps = pd.concat(app_frames, ignore_index=True) if len(app_frames) > 1 else app_frames[0]
    else:
        apps = empty_applications()
    evs = [e for e in event_frames if len(e)]
    events = pd.concat(evs, ignore_index=True) if evs else empty_events()
    contacts = pd.concat(contact_frames, ignore_index=True) if contact_frames else empty_contacts()
    activities = pd.concat(activity_frames, ignore_index=True) if activity_frames else None
    return _FileResult(
        conform(apps, APPLICATION_COLUMNS),
        _sorted_events(events),
        conform(contacts, CONTACT_COLUMNS, keep_extra=False),
        activities,
        formats,
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


def _header_line(raw, index: int) -> int:
    """The 1-based spreadsheet row (CSV: the line) of ``raw.rows[index]``."""
    if raw.line_numbers is not None:
        return raw.line_numbers[index]
    return raw.origin_row + index + 1


def _report_match(report: ReportBuilder, file: str, sheet: str, raw, match: FormatMatch) -> None:
    fmt = match.format
    header_row = _header_line(raw, match.header_index)
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


def _cells(raw, match: FormatMatch) -> tuple[dict[str, int], list[tuple[int, list[Any]]]]:
    """Column index by normalised header, and (line number, cells) of the data rows."""
    from jobsearch_analytics.io.columns import normalise_header

    header = raw.rows[match.header_index]
    index = {
        normalise_header(v): j for j, v in enumerate(header) if isinstance(v, str) and v.strip()
    }
    out = []
    for i in range(match.header_index + 1, len(raw.rows)):
        line = raw.line_numbers[i] if raw.line_numbers is not None else raw.origin_row + i + 1
        out.append((line, raw.rows[i]))
    return index, out


def _get(cells: list[Any], index: dict[str, int], name: str) -> Any:
    from jobsearch_analytics.io.columns import normalise_header

    j = index.get(normalise_header(name))
    if j is None or j >= len(cells):
        return None
    v = cells[j]
    return v.strip() if isinstance(v, str) else v


def _export_dates(
    values: list[Any], fmt: ExportFormat, report: ReportBuilder, file: str, sheet: str, rows, col
) -> pd.Series:
    """Dates of an export column: the format's convention first, the generic parser for the
    rest (reported)."""
    from jobsearch_analytics.io.dates import parse_dates

    utc = fmt.date_format == "ISO8601"
    series = pd.Series([v if isinstance(v, str) else None for v in values], dtype="object")
    out = pd.to_datetime(series, format=fmt.date_format, errors="coerce", utc=utc)
    if utc:
        out = out.dt.tz_localize(None)
    out = out.astype("datetime64[ns]")
    rest = [k for k, v in enumerate(values) if v is not None and pd.isna(out.iloc[k])]
    if rest:
        parsed = parse_dates([values[k] for k in rest])
        for k, d, st in zip(rest, parsed.dates, parsed.status, strict=True):
            out.iloc[k] = d
            report.entry(
                file=file,
                sheet=sheet,
                row=rows[k],
                col=col,
                raw=values[k],
                problem=f"not in the export's date convention ({fmt.date_format})",
                action=f"read as {d.date()}" if pd.notna(d) else "no date",
                kind="coerced" if st != "unparsed" else "dropped",
            )
    return out


def _contacts(file: str, sheet: str, raw, match: FormatMatch, report: ReportBuilder):
    from jobsearch_analytics.io.columns import normalise_header

    fmt = match.format
    index, data = _cells(raw, match)
    records: list[dict[str, Any]] = []
    lines: list[int] = []
    blank = 0
    for line, cells in data:
        rec = {name: _get(cells, index, name) for name in fmt.signature}
        if all(v is None for v in rec.values()):
            blank += 1
            continue
        records.append(rec)
        lines.append(line)
    frame = pd.DataFrame(records, columns=list(fmt.signature))
    col = index.get(normalise_header("Connected On"))
    frame["Connected On"] = _export_dates(
        frame["Connected On"].tolist(), fmt, report, file, sheet, lines, col
    ).to_numpy()
    frame["source_file"] = file
    frame["row"] = lines
    if blank:
        report.entry(
            file=file,
            sheet=sheet,
            row=None,
            problem=f"{blank} blank rows",
            action="not counted as contacts",
            kind="dropped",
        )
    report.sheet(
        file=file,
        sheet=sheet,
        role="contacts",
        format=fmt.name,
        header_row=_header_line(raw, match.header_index),
        rows_read=len(data),
        rows_kept=len(records),
        rows_dropped=blank,
        reason=f"{fmt.name}: {len(records)} people, in search.contacts (not applications)",
    )
    return frame


def _activities(file: str, sheet: str, raw, match: FormatMatch, report: ReportBuilder):
    """Stage moves as events keyed by job id (paired with the jobs file later)."""
    from jobsearch_analytics.io.columns import normalise_header
    from jobsearch_analytics.io.status import parse_status

    fmt = match.format
    index, data = _cells(raw, match)
    date_col = index.get(normalise_header("createdAt"))
    stamps = _export_dates(
        [_get(c, index, "createdAt") for _, c in data],
        fmt,
        report,
        file,
        sheet,
        [line for line, _ in data],
        date_col,
    )
    recs: list[dict[str, Any]] = []
    unused: dict[str, int] = {}
    for (line, cells), when in zip(data, stamps, strict=True):
        job = _get(cells, index, "jobId")
        kind = _get(cells, index, "type")
        if job is None and kind is None:
            continue
        to_list = _get(cells, index, "toListName")
        from_list = _get(cells, index, "fromListName")
        if kind not in ("CREATED_JOB", "MOVED_JOB") or not to_list:
            unused[str(kind)] = unused.get(str(kind), 0) + 1
            continue
        sp = parse_status(fmt.status(str(to_list)))
        if sp.confidence == "unknown" or not sp.kinds:
            report.entry(
                file=file,
                sheet=sheet,
                row=line,
                col=index.get(normalise_header("toListName")),
                raw=to_list,
                problem="list name not recognised as a stage",
                action="no event made from this activity",
                kind="unparsed",
            )
            continue
        note = f"{kind}: {from_list} -> {to_list}" if from_list else f"{kind}: into {to_list}"
        for k in sp.kinds:
            recs.append(
                {
                    "job_id": str(job),
                    "date": when,
                    "date_known": pd.notna(when),
                    "kind": k,
                    "round": sp.round,
                    "note": note,
                    "source_file": file,
                    "sheet": sheet,
                    "row": line,
                    "cell": cell_ref(sheet, line, date_col),
                }
            )
    for kind, count in unused.items():
        report.entry(
            file=file,
            sheet=sheet,
            row=None,
            problem=f"{count} activities of type {kind} name no move between lists",
            action="not turned into events",
            kind="info",
        )
    report.sheet(
        file=file,
        sheet=sheet,
        role="activities",
        format=fmt.name,
        header_row=_header_line(raw, match.header_index),
        rows_read=len(data),
        rows_kept=len(data),
        reason=f"{fmt.name}: {len(recs)} dated steps for the jobs of the same download",
    )
    return pd.DataFrame(
        recs,
        columns=[
            "job_id",
            "date",
            "date_known",
            "kind",
            "round",
            "note",
            "source_file",
            "sheet",
            "row",
            "cell",
        ],
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


def _files_in(folder: Path) -> list[Path]:
    return sorted(
        f
        for f in folder.rglob("*")
        if f.is_file()
        and f.suffix.lower() in SUPPORTED_SUFFIXES
        and not f.name.startswith(("~$", ".~lock", "."))
    )


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
    (``errors="raise"`` stops at the first failure instead).

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
    root: Path | None = None
    if isinstance(paths, str | os.PathLike):
        root = Path(paths)
        files = _files_in(root) if root.is_dir() else [root]
        if not root.is_dir():
            root = None
    else:
        files = [Path(p) for p in paths]
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
        columns=dict(columns or {}),
        dayfirst=dayfirst,
        default_currency=default_currency,
        limits=limits,
    )
    builder = ReportBuilder()
    apps_all: list[pd.DataFrame] = []
    events_all: list[pd.DataFrame] = []
    contacts_all: list[pd.DataFrame] = []
    activities_all: list[pd.DataFrame] = []
    for f, who in zip(files, clients, strict=True):
        one = ReportBuilder()
        try:
            res = _load_file(f, options, one)
        except LoadError as exc:
            if errors == "raise":
                raise
            builder.file(file=f.name, status="failed", error=str(exc))
            continue
        builder.extend(one.build())
        prefix = f"{who}/{f.stem}/" if who in shared else f"{who}/"
        apps = res.applications.copy()
        apps["client"] = who
        apps["application_id"] = prefix + apps["application_id"]
        events = res.events.copy()
        events["application_id"] = prefix + events["application_id"]
        contacts = res.contacts.copy()
        contacts["client"] = who
        apps_all.append(apps)
        events_all.append(events)
        contacts_all.append(contacts)
        if res.activities is not None:
            activities_all.append(res.activities)
    contacts = (
        conform(pd.concat(contacts_all, ignore_index=True), CONTACT_COLUMNS, keep_extra=False)
        if contacts_all
        else empty_contacts()
    )
    if not apps_all:
        return JobSearch(empty_applications(), empty_events(), builder.build(), contacts)
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
    return JobSearch(
        conform(apps, APPLICATION_COLUMNS),
        _sorted_events(events),
        builder.build(),
        contacts,
    )


def _pair_activities(
    apps: pd.DataFrame,
    events: pd.DataFrame,
    activities: list[pd.DataFrame],
    report: ReportBuilder,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    from jobsearch_analytics.io.merge import dedupe_events

    acts = pd.concat(activities, ignore_index=True)
    if acts.empty:
        return apps, events
    known = apps.dropna(subset=["job_id"])
    owner = dict(zip(known["job_id"].astype(str), known["application_id"], strict=True))
    hit = acts["job_id"].map(owner)
    for job, rows in acts[hit.isna()].groupby("job_id"):
        first = rows.iloc[0]
        report.entry(
            file=first["source_file"],
            sheet=first["sheet"],
            row=int(first["row"]),
            raw=job,
            problem=f"{len(rows)} activities for job id {job}, which no loaded jobs file holds",
            action="not used (load the jobs file of the same download too)",
            kind="dropped",
        )
    paired = acts[hit.notna()].assign(application_id=hit[hit.notna()]).drop(columns="job_id")
    if paired.empty:
        return apps, events
    for aid, rows in paired.groupby("application_id"):
        app = apps.loc[apps["application_id"] == aid].iloc[0]
        report.entry(
            file=app["source_file"],
            sheet=app["sheet"],
            row=int(app["row"]),
            raw=app["job_id"],
            problem=f"{len(rows)} dated steps for this job in {rows['source_file'].iloc[0]}",
            action="added as events (its stage history)",
            kind="info",
        )
    combined = pd.concat([events, conform(paired, EVENT_COLUMNS)], ignore_index=True)
    drop: list[object] = []
    for aid in paired["application_id"].unique():
        mine = combined[combined["application_id"] == aid]
        own = apps.loc[apps["application_id"] == aid, "source_file"].iloc[0]
        others = [f for f in mine["source_file"].unique() if f != own]
        # The activities file holds the dated history: its copy of a step wins over the jobs
        # file's undated or coarser one.
        drop.extend(dedupe_events(mine, [*others, own]))
    combined = combined.drop(index=drop).reset_index(drop=True)
    return refresh_stage(apps, combined), combined


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
