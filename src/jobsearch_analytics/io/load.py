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
from pathlib import Path

import pandas as pd

from jobsearch_analytics.io.build import LoadOptions, build_sheet
from jobsearch_analytics.io.layout import find_layout, sheet_skip_reason
from jobsearch_analytics.io.report import LoadError, LoadReport, ReportBuilder
from jobsearch_analytics.model import (
    APPLICATION_COLUMNS,
    EVENT_COLUMNS,
    JobSearch,
    conform,
    empty_applications,
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
) -> JobSearch:
    """Read a tracker or export into the canonical model.

    Parameters
    ----------
    path
        An xlsx/xlsm/xls/ods workbook or a csv/tsv/txt file; the format is read from the
        content, not the name. A folder is loaded with :func:`load_many`.
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

    Returns
    -------
    JobSearch
        ``applications``, ``events`` and ``report`` (what was mapped, coerced, guessed or
        dropped, with cell references).

    Raises
    ------
    LoadError
        The file cannot be read, or holds no tracker sheet; the message says what to do.
    """
    p = Path(path)
    if p.is_dir():
        return load_many(p, columns=columns, dayfirst=dayfirst, default_currency=default_currency)
    options = LoadOptions(
        columns=dict(columns or {}),
        sheet=(sheet,) if isinstance(sheet, str) else tuple(sheet) if sheet else None,
        dayfirst=dayfirst,
        default_currency=default_currency,
    )
    report = ReportBuilder()
    apps, events = _load_file(p, options, report)
    return JobSearch(apps, events, report.build())


def _load_file(
    p: Path, options: LoadOptions, report: ReportBuilder
) -> tuple[pd.DataFrame, pd.DataFrame]:
    from jobsearch_analytics.io.readers import read_book

    if not p.exists():
        raise LoadError("file not found", file=str(p), hint="check the path and the file name")
    book = read_book(p)
    file = p.name
    for note in book.notes:
        report.entry(file=file, sheet=None, row=None, problem=note, action="noted", kind="info")
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
    skipped: list[str] = []
    for raw in book.sheets:
        if options.sheet is not None and raw.name not in options.sheet:
            continue
        for note in raw.notes:
            report.entry(
                file=file, sheet=raw.name, row=None, problem=note, action="noted", kind="info"
            )
        if not any(any(v is not None for v in r) for r in raw.rows):
            report.sheet(file=file, sheet=raw.name, role="empty", reason="no values")
            continue
        layout = find_layout(raw.rows, overrides=options.columns, origin_col=raw.origin_col)
        reason = sheet_skip_reason(raw.name, layout)
        if reason and options.sheet is None:
            report.sheet(file=file, sheet=raw.name, role="skipped", reason=reason)
            skipped.append(f"{raw.name or file!r}: {reason}")
            continue
        if layout is None:
            raise LoadError(
                "no header row found",
                file=file,
                sheet=raw.name or None,
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
                sheet=raw.name,
                source_column=plan.header,
                header_row=(
                    raw.line_numbers[layout.header_index]
                    if raw.line_numbers is not None
                    else header_row
                ),
                col=plan.col,
                field=_mapping_label(plan),
                how=plan.how,
                score=plan.score,
            )
        result = build_sheet(
            file,
            raw.name,
            data,
            layout,
            first_row=header_row + 1,
            origin_col=raw.origin_col,
            line_numbers=lines,
            text_native=book.format in _TEXT_FORMATS,
            options=options,
            report=report,
        )
        report.sheet(
            file=file,
            sheet=raw.name,
            role="tracker",
            format=_layout_name(layout),
            header_row=header_row,
            rows_read=result.rows_read,
            rows_kept=result.rows_kept,
            rows_dropped=result.rows_dropped,
        )
        app_frames.append(result.applications)
        event_frames.append(result.events)
    if not app_frames:
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
    apps = pd.concat(app_frames, ignore_index=True) if len(app_frames) > 1 else app_frames[0]
    evs = [e for e in event_frames if len(e)]
    events = pd.concat(evs, ignore_index=True) if evs else empty_events()
    return conform(apps, APPLICATION_COLUMNS), _sorted_events(events)


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


def _layout_name(layout) -> str:
    fields = layout.fields()
    if "onehot" in fields:
        return "one-hot stage columns"
    if fields & {"interview_date", "thank_you", "follow_up", "response_date"}:
        return "wide tracker"
    return "tracker"


def _files_in(folder: Path) -> list[Path]:
    return sorted(
        f
        for f in folder.rglob("*")
        if f.is_file()
        and f.suffix.lower() in SUPPORTED_SUFFIXES
        and not f.name.startswith(("~$", ".~lock", "."))
    )


def load_many(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    columns: Mapping[str, str | None] | None = None,
    dayfirst: bool | None = None,
    default_currency: str | None = None,
    errors: str = "report",
) -> JobSearch:
    """Load several trackers (a folder, or a list of files) into one :class:`JobSearch`.

    Each file is a client: the ``client`` column holds the file name without its ending, and
    application ids are prefixed ``<client>/``. A file that fails is listed in
    ``report.files`` with its error and the others still load (``errors="raise"`` stops at the
    first failure instead).

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
    """
    if isinstance(paths, str | os.PathLike):
        root = Path(paths)
        files = _files_in(root) if root.is_dir() else [root]
    else:
        files = [Path(p) for p in paths]
    if not files:
        raise LoadError(
            "no tracker files found",
            file=str(paths),
            expected="files ending in " + ", ".join(SUPPORTED_SUFFIXES),
            hint="put the trackers in this folder, or pass a list of files",
        )
    builder = ReportBuilder()
    apps_all: list[pd.DataFrame] = []
    events_all: list[pd.DataFrame] = []
    stems = [f.stem for f in files]
    for f in files:
        client = f.stem if stems.count(f.stem) == 1 else f.name
        try:
            s = load(f, columns=columns, dayfirst=dayfirst, default_currency=default_currency)
        except LoadError as exc:
            if errors == "raise":
                raise
            builder.file(file=f.name, status="failed", error=str(exc))
            continue
        builder.extend(s.report)
        apps = s.applications.copy()
        apps["client"] = client
        apps["application_id"] = client + "/" + apps["application_id"]
        events = s.events.copy()
        events["application_id"] = client + "/" + events["application_id"]
        apps_all.append(apps)
        events_all.append(events)
    report: LoadReport = builder.build()
    if not apps_all:
        return JobSearch(empty_applications(), empty_events(), report)
    apps = pd.concat(apps_all, ignore_index=True)
    events = pd.concat([e for e in events_all if len(e)] or [empty_events()], ignore_index=True)
    return JobSearch(conform(apps, APPLICATION_COLUMNS), conform(events, EVENT_COLUMNS), report)
