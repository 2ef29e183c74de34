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

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # pandas is imported when a report is built, not with LoadError
    import pandas as pd

__all__ = ["ENTRY_KINDS", "LoadError", "LoadReport", "ReportBuilder", "cell_ref", "col_letter"]

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
    import pandas as pd

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
    text = raw if isinstance(raw, str) else repr(raw) if not hasattr(raw, "isoformat") else str(raw)
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

    def to_text(self, *, max_entries: int = 200) -> str:
        """A plain-text rendering for the terminal (``jobsearch-analytics validate``)."""
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
        for e in self.entries.head(max_entries).itertuples():
            raw = f" {e.raw!r}" if isinstance(e.raw, str) else ""
            lines.append(f"  [{e.kind}] {e.cell}{raw}: {e.problem} -> {e.action}")
        if len(self.entries) > max_entries:
            lines.append(f"  ... and {len(self.entries) - max_entries} more")
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
