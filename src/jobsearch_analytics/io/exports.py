"""Exports whose rows are not applications: what each one's rows become.

A format's ``row_kind`` (see :data:`jobsearch_analytics.io.formats.FORMATS`) says what one row
is. Applications and saved jobs are read like any tracker; the other kinds have a reader here,
listed in :data:`SIDE_READERS`: LinkedIn connections become ``search.contacts``, Huntr
activities become dated events of the jobs file of the same download
(:func:`pair_activities`).

Examples
--------
>>> sorted(SIDE_READERS)
['activity', 'contact']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from jobsearch_analytics.io.columns import normalise_header
from jobsearch_analytics.io.formats import ExportFormat, FormatMatch
from jobsearch_analytics.io.layout import header_line
from jobsearch_analytics.io.merge import dedupe_events, refresh_stage
from jobsearch_analytics.io.report import LoadError, ReportBuilder, cell_ref
from jobsearch_analytics.model import EVENT_COLUMNS, conform

__all__ = [
    "SIDE_READERS",
    "activities_without_jobs",
    "pair_activities",
    "read_activities",
    "read_contacts",
]


def activities_without_jobs(file: str) -> LoadError:
    """The error for a Huntr activities file loaded on its own."""
    return LoadError(
        "this file holds Huntr activities (moves between lists), not the jobs they belong to",
        file=file,
        hint="load it together with the jobs file of the same download: "
        "load_many([jobs, activities]) or load(folder)",
    )


def _cells(raw: Any, match: FormatMatch) -> tuple[dict[str, int], list[tuple[int, list[Any]]]]:
    """Column index by normalised header, and (line number, cells) of the data rows."""
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


def read_contacts(
    file: str, sheet: str, raw: Any, match: FormatMatch, report: ReportBuilder
) -> pd.DataFrame:
    """LinkedIn connections: the people, with the date connected (for ``search.contacts``)."""
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
        header_row=header_line(raw, match.header_index),
        rows_read=len(data),
        rows_kept=len(records),
        rows_dropped=blank,
        reason=f"{fmt.name}: {len(records)} people, in search.contacts (not applications)",
    )
    return frame


def read_activities(
    file: str, sheet: str, raw: Any, match: FormatMatch, report: ReportBuilder
) -> pd.DataFrame:
    """Huntr activities: stage moves as events keyed by job id (paired with the jobs of the
    same download by :func:`pair_activities`)."""
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
    recs, unused = _activity_records(file, sheet, fmt, index, data, stamps, report)
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
        header_row=header_line(raw, match.header_index),
        rows_read=len(data),
        rows_kept=len(data),
        reason=f"{fmt.name}: {len(recs)} dated steps for the jobs of the same download",
    )
    return pd.DataFrame(recs, columns=_ACTIVITY_COLUMNS)


_ACTIVITY_COLUMNS = [
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
]


def _activity_records(
    file: str,
    sheet: str,
    fmt: ExportFormat,
    index: dict[str, int],
    data: list[tuple[int, list[Any]]],
    stamps: pd.Series,
    report: ReportBuilder,
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """One event record per step a move proves, and the count of activities of other types."""
    from jobsearch_analytics.io.status import parse_status

    date_col = index.get(normalise_header("createdAt"))
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
    return recs, unused


def pair_activities(
    apps: pd.DataFrame,
    events: pd.DataFrame,
    activities: list[pd.DataFrame],
    report: ReportBuilder,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Huntr activities joined to the applications of the same download by job id: their
    dated steps become events (a step the jobs file also holds is kept once, the dated copy);
    activities whose job no loaded file holds are reported as dropped."""
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


#: Readers of the row kinds that are not applications: ``(file, sheet, raw sheet, format match,
#: report) -> DataFrame``.
SIDE_READERS: Mapping[str, Callable[..., pd.DataFrame]] = {
    "contact": read_contacts,
    "activity": read_activities,
}
