"""The load report: what was read, how it was mapped, and every value touched on the way.

Readers and parsers collect entries in a :class:`ReportBuilder`; :meth:`ReportBuilder.build`
returns an immutable :class:`LoadReport` whose tables are plain DataFrames.

Examples
--------
>>> b = ReportBuilder()
>>> b.entry(file="t.xlsx", sheet="Jobs", row=5, col=2, column="Applied", field="date_applied",
...         raw="45538", problem="date stored as an Excel serial number",
...         action="read as 2024-09-03", kind="coerced")
>>> r = b.build()
>>> r.entries.loc[0, "cell"]
'Jobs!C5'
"""

from __future__ import annotations

import difflib
import html
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd

__all__ = [
    "ENTRY_KINDS",
    "LoadError",
    "LoadReport",
    "ReportBuilder",
    "cell_ref",
    "col_letter",
    "correction_problems",
    "entry_lines",
    "group_entries",
    "not_found",
    "show_when",
]

#: What happened to a value: ``coerced`` (changed type or form, e.g. a serial number read as a
#: date), ``guessed`` (an ambiguity resolved by a rule, e.g. day-first), ``dropped`` (not used:
#: a blank or duplicate row, an unreadable sheet), ``unparsed`` (kept as text only, e.g. a
#: salary "DOE"), ``merged`` (two records joined), ``info`` (worth knowing, nothing changed).
ENTRY_KINDS: tuple[str, ...] = ("coerced", "guessed", "dropped", "unparsed", "merged", "info")

EntryKind = Literal["coerced", "guessed", "dropped", "unparsed", "merged", "info"]

_ENTRY_COLUMNS = [
    "file",
    "sheet",
    "cell",
    "row",
    "column",
    "field",
    "raw",
    "problem",
    "action",
    "kind",
]
_MAPPING_COLUMNS = ["file", "sheet", "source_column", "cell", "field", "how", "score"]
_SHEET_COLUMNS = [
    "file",
    "sheet",
    "role",
    "format",
    "header_row",
    "rows_read",
    "rows_kept",
    "rows_dropped",
    "reason",
]
_FILE_COLUMNS = ["file", "status", "format", "error"]


class LoadError(ValueError):
    """A file could not be loaded. The message says which file, where, what was expected and
    what to do; the attributes hold the same facts for programs.

    Examples
    --------
    >>> e = LoadError("no header row found", file="t.xlsx", sheet="Jobs",
    ...               hint="put column names such as Company and Date Applied in one row")
    >>> print(str(e))  # doctest: +NORMALIZE_WHITESPACE
    t.xlsx, sheet 'Jobs': no header row found. What to do: put column names such as
    Company and Date Applied in one row.
    >>> isinstance(e, ValueError)
    True
    """

    def __init__(
        self,
        problem: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        cell: str | None = None,
        expected: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.problem = problem
        self.file = file
        self.sheet = sheet
        self.cell = cell
        self.expected = expected
        self.hint = hint
        where = ", ".join(
            p
            for p in (
                file,
                f"sheet {sheet!r}" if sheet else None,
                f"cell {cell}" if cell else None,
            )
            if p
        )
        msg = f"{where}: {problem}" if where else problem
        if expected:
            msg += f" (expected {expected})"
        msg += "."
        if hint:
            msg += f" What to do: {hint.rstrip('.')}."
        super().__init__(msg)

    def _render_traceback_(self) -> list[str]:
        # IPython's hook for how an exception shows in a notebook: the message a person can act
        # on, not the thirty lines of the loader's frames above it.
        return [f"LoadError: {self}"]

    def __reduce__(self) -> tuple[Any, ...]:
        # Keep keyword attributes when the error crosses a process boundary.
        return (
            _rebuild_load_error,
            (self.problem, self.file, self.sheet, self.cell, self.expected, self.hint),
        )


def _rebuild_load_error(
    problem: str,
    file: str | None,
    sheet: str | None,
    cell: str | None,
    expected: str | None,
    hint: str | None,
) -> LoadError:
    return LoadError(problem, file=file, sheet=sheet, cell=cell, expected=expected, hint=hint)


def not_found(path: str | os.PathLike[str]) -> LoadError:
    """The error for a path that does not exist, naming the nearest names in its folder.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("tracker.xlsx", "tracker.csv", "notes.txt"): _ = (d / name).write_text("x")
    >>> print(str(not_found(d / "trackr.xlsx")).replace(str(d), "D"))
    ... # doctest: +NORMALIZE_WHITESPACE
    D/trackr.xlsx: file not found. What to do: check the path and the file name; nearest in
    D: 'tracker.xlsx', 'tracker.csv'.
    """
    p = Path(path)
    folder = p.parent
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    try:
        names = sorted(e.name for e in folder.iterdir() if not e.name.startswith("."))
    except OSError:
        names = []
    wanted = p.name if folder == p.parent else p.relative_to(folder).parts[0]
    near = difflib.get_close_matches(wanted, names, n=3, cutoff=0.5)
    hint = "check the path and the file name"
    if near:
        hint += f"; nearest in {folder}: " + ", ".join(repr(n) for n in near)
    elif folder != p.parent:
        hint += f"; the folder {p.parent} does not exist"
    return LoadError("file not found", file=str(p), hint=hint)


def correction_problems(columns: Mapping[str, str | None] | None, report: LoadReport) -> list[str]:
    """What is wrong with a ``columns=`` correction, once the file is loaded: a field that
    does not exist, or a header the file does not have (the loader would ignore it without a
    word). Each problem names the nearest valid choices.

    Examples
    --------
    >>> b = ReportBuilder()
    >>> b.mapping(file="t.csv", sheet=None, source_column="Company Name", header_row=1,
    ...           col=0, field="company", how="synonym")
    >>> for problem in correction_problems({"Company Name": "compny", "Compny": None}, b.build()):
    ...     print(problem)
    'compny' is not a field; did you mean 'company'?
    the file has no column 'Compny'; did you mean 'Company Name'?
    """
    from jobsearch_analytics.io.columns import FIELDS

    headers = [str(h) for h in report.mapping["source_column"].unique()]
    problems = []
    for header, name in (columns or {}).items():
        if name is not None and name not in FIELDS:
            near = difflib.get_close_matches(str(name), list(FIELDS), n=3)
            hint = f"did you mean {' or '.join(map(repr, near))}?" if near else "see FIELDS"
            problems.append(f"{name!r} is not a field; {hint}")
        if header not in headers:
            near = difflib.get_close_matches(str(header), headers, n=3, cutoff=0.5)
            hint = (
                f"did you mean {' or '.join(map(repr, near))}?" if near else "see the load report"
            )
            problems.append(f"the file has no column {header!r}; {hint}")
    return problems


def col_letter(col: int) -> str:
    """Spreadsheet letters of a 0-based column index.

    Examples
    --------
    >>> col_letter(0), col_letter(25), col_letter(26), col_letter(16383)
    ('A', 'Z', 'AA', 'XFD')
    """
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(sheet: str | None, row: int | None, col: int | None = None) -> str:
    """A cell reference as Excel writes it: ``Sheet!C17``, quoted when the name needs it.

    ``row`` is 1-based; ``col`` is 0-based (``None`` refers to the whole row, e.g. ``Jobs!17``).
    For CSV (no sheet) the reference is just ``C17``.

    Examples
    --------
    >>> cell_ref("Jobs", 17, 2), cell_ref("My jobs", 3, 0), cell_ref("", 4, 1), cell_ref("J", 9)
    ('Jobs!C17', "'My jobs'!A3", 'B4', 'J!9')
    """
    local = f"{col_letter(col) if col is not None else ''}{row if row is not None else ''}"
    if not sheet:
        return local
    if sheet.replace("_", "").isalnum():
        return f"{sheet}!{local}"
    quoted = sheet.replace("'", "''")
    return f"'{quoted}'!{local}"


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for c in columns:
        if c in ("row", "header_row", "rows_read", "rows_kept", "rows_dropped"):
            frame[c] = frame[c].astype("Int64")
        elif c == "score":
            frame[c] = frame[c].astype("float64")
        else:
            frame[c] = frame[c].astype("str")
    return frame


@dataclass
class ReportBuilder:
    """Collects report rows while a file is read. Not thread-safe; one per load."""

    _entries: list[dict[str, Any]] = field(default_factory=list)
    _mapping: list[dict[str, Any]] = field(default_factory=list)
    _sheets: list[dict[str, Any]] = field(default_factory=list)
    _files: list[dict[str, Any]] = field(default_factory=list)

    def entry(
        self,
        *,
        file: str,
        sheet: str | None,
        row: int | None,
        col: int | None = None,
        column: str | None = None,
        field: str | None = None,
        raw: Any = None,
        problem: str,
        action: str,
        kind: EntryKind,
    ) -> None:
        """Record one value (or row, when ``col`` is None) that was coerced, guessed or dropped."""
        if kind not in ENTRY_KINDS:
            raise ValueError(f"unknown report entry kind {kind!r}")
        self._entries.append(
            {
                "file": file,
                "sheet": sheet or "",
                "cell": cell_ref(sheet, row, col),
                "row": row,
                "column": column,
                "field": field,
                "raw": None if raw is None else _show(raw),
                "problem": problem,
                "action": action,
                "kind": kind,
            }
        )

    def mapping(
        self,
        *,
        file: str,
        sheet: str | None,
        source_column: str,
        header_row: int | None,
        col: int,
        field: str,
        how: str,
        score: float = 1.0,
    ) -> None:
        """Record that a source column fed a canonical field (``field='(kept)'`` for extras)."""
        self._mapping.append(
            {
                "file": file,
                "sheet": sheet or "",
                "source_column": source_column,
                "cell": cell_ref(sheet, header_row, col),
                "field": field,
                "how": how,
                "score": score,
            }
        )

    def sheet(
        self,
        *,
        file: str,
        sheet: str | None,
        role: str,
        format: str | None = None,
        header_row: int | None = None,
        rows_read: int = 0,
        rows_kept: int = 0,
        rows_dropped: int = 0,
        reason: str = "",
    ) -> None:
        """Record what was made of one sheet (``role`` 'tracker', 'skipped', 'empty' ...)."""
        self._sheets.append(
            {
                "file": file,
                "sheet": sheet or "",
                "role": role,
                "format": format,
                "header_row": header_row,
                "rows_read": rows_read,
                "rows_kept": rows_kept,
                "rows_dropped": rows_dropped,
                "reason": reason,
            }
        )

    def file(self, *, file: str, status: str, format: str | None = None, error: str = "") -> None:
        """Record the fate of one file ('loaded' or 'failed')."""
        self._files.append({"file": file, "status": status, "format": format, "error": error})

    def extend(self, other: LoadReport) -> None:
        """Append everything from a finished report (used when merging several files)."""
        self._entries.extend(other.entries.to_dict("records"))
        self._mapping.extend(other.mapping.to_dict("records"))
        self._sheets.extend(other.sheets.to_dict("records"))
        self._files.extend(other.files.to_dict("records"))

    def build(self) -> LoadReport:
        return LoadReport(
            entries=_frame(self._entries, _ENTRY_COLUMNS),
            mapping=_frame(self._mapping, _MAPPING_COLUMNS),
            sheets=_frame(self._sheets, _SHEET_COLUMNS),
            files=_frame(self._files, _FILE_COLUMNS),
        )


def _show(raw: Any) -> str:
    if isinstance(raw, str):
        text = raw
    elif hasattr(raw, "isoformat"):
        text = show_when(raw)
    else:
        text = repr(raw)
    return text if len(text) <= 200 else text[:197] + "..."


@dataclass(frozen=True)
class LoadReport:
    """What a load did, as four tables.

    Attributes
    ----------
    entries : DataFrame
        One row per value (or row) coerced, guessed, dropped or left unparsed: ``file, sheet,
        cell, row, column, field, raw, problem, action, kind``.
    mapping : DataFrame
        Which source column fed which canonical field: ``file, sheet, source_column, cell,
        field, how, score``. ``field == '(kept)'`` marks a column kept as it is.
    sheets : DataFrame
        One row per sheet: its role, detected format, header row and row accounting
        (``rows_read == rows_kept + rows_dropped`` for tracker sheets).
    files : DataFrame
        One row per file: ``loaded`` or ``failed`` with the error message.
    """

    entries: pd.DataFrame = field(default_factory=lambda: _frame([], _ENTRY_COLUMNS))
    mapping: pd.DataFrame = field(default_factory=lambda: _frame([], _MAPPING_COLUMNS))
    sheets: pd.DataFrame = field(default_factory=lambda: _frame([], _SHEET_COLUMNS))
    files: pd.DataFrame = field(default_factory=lambda: _frame([], _FILE_COLUMNS))

    @property
    def rows_read(self) -> int:
        return int(self.sheets["rows_read"].fillna(0).sum())

    @property
    def rows_kept(self) -> int:
        return int(self.sheets["rows_kept"].fillna(0).sum())

    @property
    def rows_dropped(self) -> int:
        return int(self.sheets["rows_dropped"].fillna(0).sum())

    def counts(self) -> dict[str, int]:
        """Number of entries by kind (every kind present, zero when none).

        Examples
        --------
        >>> LoadReport().counts()["coerced"]
        0
        """
        vc = self.entries["kind"].value_counts()
        return {k: int(vc.get(k, 0)) for k in ENTRY_KINDS}

    def to_text(self, *, max_entries: int = 200, every_cell: bool = True) -> str:
        """A plain-text rendering for the terminal (``jobsearch-analytics validate``).

        ``every_cell=False`` shows one line per column and problem with its cell ranges
        (:func:`group_entries`); ``max_entries`` then counts those lines.
        """
        lines: list[str] = []
        for f in self.files.itertuples():
            lines.append(f"{f.file}: {f.status}" + (f" ({f.format})" if f.format else ""))
            if f.error:
                lines.append(f"  error: {f.error}")
        for s in self.sheets.itertuples():
            where = f"  sheet {s.sheet!r}" if s.sheet else "  data"
            if s.role == "tracker":
                lines.append(
                    f"{where}: tracker, header on row {s.header_row}, {s.rows_read} rows read, "
                    f"{s.rows_kept} kept, {s.rows_dropped} dropped"
                    + (f" [{s.format}]" if s.format else "")
                )
            else:
                lines.append(f"{where}: {s.role}" + (f" ({s.reason})" if s.reason else ""))
        if len(self.mapping):
            lines.append("Columns:")
            for m in self.mapping.itertuples():
                how = f"{m.how}" + (f" {m.score:.2f}" if m.how == "fuzzy" else "")
                lines.append(f"  {m.cell:<14} {m.source_column!r:<30} -> {m.field} ({how})")
        counts = {k: v for k, v in self.counts().items() if v}
        lines.append(
            "Entries: " + (", ".join(f"{v} {k}" for k, v in counts.items()) if counts else "none")
        )
        lines.extend(entry_lines(self.entries, every_cell=every_cell, max_lines=max_entries))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text(max_entries=20)

    def _repr_html_(self) -> str:
        counts = ", ".join(f"{v} {k}" for k, v in self.counts().items() if v) or "no entries"
        parts = [
            "<div class='jsa-load-report'>",
            f"<p><b>Load report</b>: {self.rows_read} rows read, {self.rows_kept} kept, "
            f"{self.rows_dropped} dropped; {html.escape(counts)}.</p>",
        ]
        for title, frame in (
            ("Sheets", self.sheets),
            ("Columns", self.mapping),
            ("Entries", self.entries.head(500)),
        ):
            if len(frame):
                parts.append(f"<details><summary>{title} ({len(frame)})</summary>")
                parts.append(frame.to_html(index=False, escape=True, na_rep=""))
                parts.append("</details>")
        parts.append("</div>")
        return "".join(parts)


def show_when(value: Any) -> str:
    """A date or time as a person reads it: ``2024-10-18``, or ``2024-10-18 01:50`` with the
    time (seconds only when there are some).

    Examples
    --------
    >>> show_when(pd.Timestamp("2024-10-18 01:50")), show_when(pd.Timestamp("2024-10-18"))
    ('2024-10-18 01:50', '2024-10-18')
    >>> show_when(pd.Timestamp("2024-10-18 01:50:07")), show_when(pd.NaT)
    ('2024-10-18 01:50:07', '')
    """
    if value is None or pd.isna(value):
        return ""
    if not hasattr(value, "hour"):  # a date, or a time of day
        return value.isoformat()
    stamp = pd.Timestamp(value)
    if stamp == stamp.normalize():
        return stamp.strftime("%Y-%m-%d")
    return stamp.strftime("%Y-%m-%d %H:%M" if stamp.second == 0 else "%Y-%m-%d %H:%M:%S")


_NUMBERS = re.compile(r"\d[\d,.:/-]*")
_CELL = re.compile(r"^(?P<prefix>.*!)?(?P<col>[A-Z]*)(?P<row>\d*)$")


def _pattern(text: str) -> str:
    """A problem's wording with its figures taken out, so 'row 5 ...' groups with 'row 9 ...'."""
    return _NUMBERS.sub("…", str(text))


def _ranges(cells: pd.Series) -> str:
    """``Sheet!H6:H77`` per spreadsheet column, from the first to the last row it touches."""
    parts: dict[tuple[str, str], list[int]] = {}
    for cell in cells:
        m = _CELL.match(str(cell))
        if m is None or not m["row"]:
            continue
        parts.setdefault((m["prefix"] or "", m["col"]), []).append(int(m["row"]))
    shown = []
    for (prefix, col), rows in parts.items():
        lo, hi = min(rows), max(rows)
        shown.append(f"{prefix}{col}{lo}" + (f":{col}{hi}" if hi != lo else ""))
    return ", ".join(shown)


def group_entries(entries: pd.DataFrame) -> pd.DataFrame:
    """Report entries grouped by file, sheet, column, kind and problem (its figures aside).

    One row per group, in the order the groups first appear: ``file, sheet, column, field,
    kind, problem, action, cells, count, examples``. ``problem`` and ``action`` are the
    entries' own when they all agree; otherwise ``problem`` is the shared wording with figures
    shown as ``…`` and ``action`` is the first entry's, prefixed ``e.g.``. ``cells`` gives the
    cell ranges (``Jobs!H6:H77``: the first and last row of each spreadsheet column, not
    every cell between), ``examples`` up to three distinct raw values.

    Examples
    --------
    >>> b = ReportBuilder()
    >>> for row, raw in ((6, "N/A"), (9, "n/a"), (77, "N/A")):
    ...     b.entry(file="t.xlsx", sheet="Jobs", row=row, col=7, column="Salary",
    ...             field="salary", raw=raw, problem="salary not listed",
    ...             action="no salary figures", kind="coerced")
    >>> g = group_entries(b.build().entries)
    >>> g.loc[0, "cells"], int(g.loc[0, "count"]), g.loc[0, "examples"]
    ('Jobs!H6:H77', 3, "'N/A', 'n/a'")
    """
    columns = ["file", "sheet", "column", "field", "kind", "problem", "action"]
    if entries.empty:
        return pd.DataFrame(columns=[*columns, "cells", "count", "examples"])
    keyed = entries.assign(_pattern=entries["problem"].map(_pattern))
    keys = ["file", "sheet", "column", "field", "kind", "_pattern"]
    rows = []
    for _, group in keyed.groupby(keys, sort=False, dropna=False):
        first = group.iloc[0]
        problems, actions = group["problem"].unique(), group["action"].unique()
        raws = [r for r in group["raw"].unique() if isinstance(r, str) and r != "None"]
        rows.append(
            {
                **{c: first[c] for c in columns[:5]},
                "problem": problems[0] if len(problems) == 1 else first["_pattern"],
                "action": actions[0] if len(actions) == 1 else f"e.g. {first['action']}",
                "cells": _ranges(group["cell"]) if len(group) > 1 else first["cell"],
                "count": len(group),
                "examples": ", ".join(repr(r) for r in raws[:3]),
            }
        )
    return pd.DataFrame(rows)


def entry_lines(
    entries: pd.DataFrame, *, every_cell: bool = False, max_lines: int | None = None
) -> list[str]:
    """Text lines for report entries: one per group (:func:`group_entries`), or one per cell.

    A group reads ``[kind] 'Column' Sheet!H6:H77, 27 cells: problem -> action (values: up to
    three raw values)``; a group of one cell keeps the cell's own line.

    Examples
    --------
    >>> b = ReportBuilder()
    >>> for row in (6, 7, 9):
    ...     b.entry(file="t.csv", sheet=None, row=row, col=7, column="Salary", raw="DOE",
    ...             problem="no amount found", action="no salary figures", kind="unparsed")
    >>> print("\\n".join(entry_lines(b.build().entries)))
      [unparsed] 'Salary' H6:H9, 3 cells: no amount found -> no salary figures (values: 'DOE')
    >>> print("\\n".join(entry_lines(b.build().entries, every_cell=True, max_lines=2)))
      [unparsed] H6 'DOE': no amount found -> no salary figures
      [unparsed] H7 'DOE': no amount found -> no salary figures
      ... and 1 more
    """
    lines: list[str] = []
    if every_cell:
        for e in entries.itertuples():
            raw = f" {e.raw!r}" if isinstance(e.raw, str) and e.raw != "None" else ""
            lines.append(f"  [{e.kind}] {e.cell}{raw}: {e.problem} -> {e.action}")
    else:
        for g in group_entries(entries).itertuples():
            if g.count == 1:
                raw = f" {g.examples}" if g.examples else ""
                lines.append(f"  [{g.kind}] {g.cells}{raw}: {g.problem} -> {g.action}")
                continue
            column = f" {g.column!r}" if isinstance(g.column, str) and g.column != "None" else ""
            unit = "cells" if re.search(r"[A-Z]\d", g.cells) else "rows"
            seen = f" (values: {g.examples})" if g.examples else ""
            lines.append(
                f"  [{g.kind}]{column} {g.cells}, {g.count} {unit}: {g.problem} -> {g.action}{seen}"
            )
    if max_lines is not None and len(lines) > max_lines:
        more = len(lines) - max_lines
        lines = [*lines[:max_lines], f"  ... and {more} more"]
    return lines
