"""The load report: what was read, how it was mapped, and every value touched on the way.

Readers and parsers collect entries in a :class:`ReportBuilder`; :meth:`ReportBuilder.build`
returns an immutable :class:`LoadReport` whose tables are plain DataFrames. ``LoadReport`` lives
with the rest of the model (:mod:`jobsearch_analytics.model`, below ``io``) and is re-exported
here.

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
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

if TYPE_CHECKING:
    from jobsearch_analytics.model import (
        ENTRY_KINDS,
        LoadReport,
        entry_lines,
        group_entries,
        show_when,
    )

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

EntryKind = Literal["coerced", "guessed", "dropped", "unparsed", "merged", "info"]
_KINDS = frozenset(get_args(EntryKind))


#: Names this module offers that live in the model (below io, so LoadReport can use them).
_FROM_MODEL = ("ENTRY_KINDS", "LoadReport", "entry_lines", "group_entries", "show_when")


def __getattr__(name: str) -> Any:
    # LoadReport and ENTRY_KINDS live in the model, which needs pandas. The readers that parse
    # workbooks in an isolated child import this module for LoadError and cell_ref only, so
    # the re-export is resolved when first used and the child starts without pandas.
    if name in _FROM_MODEL:
        from jobsearch_analytics import model

        return getattr(model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    from jobsearch_analytics.io.columns import FIELDS, match_header
    from jobsearch_analytics.io.mapping import keep_value

    headers = [str(h) for h in report.mapping["source_column"].unique()]
    problems = []
    for header, target in (columns or {}).items():
        name = keep_value(target)  # 'none' keeps a column; a known header names its field
        if name is not None and name not in FIELDS and match_header(name, fuzzy=False) is None:
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
        if kind not in _KINDS:
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
        evidence: str = "",
    ) -> None:
        """Record that a source column fed a canonical field (``field='(kept)'`` for extras),
        and the evidence for it."""
        self._mapping.append(
            {
                "file": file,
                "sheet": sheet or "",
                "source_column": source_column,
                "cell": cell_ref(sheet, header_row, col),
                "field": field,
                "how": how,
                "score": score,
                "evidence": evidence,
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

    def count(self, *, file: str, sheet: str, kind: str) -> int:
        """How many entries of ``kind`` a sheet has so far."""
        return sum(
            1
            for e in self._entries
            if e["file"] == file and e["sheet"] == (sheet or "") and e["kind"] == kind
        )

    def sheet_not_loaded(self, *, file: str, sheet: str, role: str, reason: str) -> None:
        """Mark a tracker sheet already recorded as not loaded after all (``role`` 'repeat':
        it repeats another sheet's applications): its rows count as dropped."""
        for rec in self._sheets:
            if rec["file"] == file and rec["sheet"] == (sheet or ""):
                rec.update(role=role, reason=reason, rows_kept=0, rows_dropped=rec["rows_read"])

    def rows_not_loaded(self, *, file: str, sheet: str, count: int) -> None:
        """Move ``count`` kept rows of a sheet to its dropped rows (reported one by one)."""
        for rec in self._sheets:
            if rec["file"] == file and rec["sheet"] == (sheet or ""):
                rec.update(
                    rows_kept=rec["rows_kept"] - count, rows_dropped=rec["rows_dropped"] + count
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
        from jobsearch_analytics.model import LoadReport

        return LoadReport.from_records(self._entries, self._mapping, self._sheets, self._files)


def _show(raw: Any) -> str:
    if isinstance(raw, str):
        text = raw
    elif hasattr(raw, "isoformat"):
        from jobsearch_analytics.model import show_when

        text = show_when(raw)
    else:
        text = repr(raw)
    return text if len(text) <= 200 else text[:197] + "..."
