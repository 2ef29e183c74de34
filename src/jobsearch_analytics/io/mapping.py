"""Corrections that stick: a column mapping saved once, found again by every entry point.

A person who fixes how a tracker is read (``load(path, columns={...}, sheet=...)``, the
CLI's ``--column 'Header=field'``, the dashboard's *Data quality* remap) can save the fix. It
goes into a small TOML file the person can read and edit::

    # jobsearch-analytics: how to read "tracker.xlsx" ...
    tracker = "tracker.xlsx"
    sheets = ["Apps"]
    fingerprints = ["3f0c9a1e5b7d2c44"]

    [columns]
    "APPLIED PORTAL" = "source"
    "Notes" = "none"

**Where it lives, and how it is found again.** Two copies are written (never over an input):

1. beside the tracker, named after it: ``tracker.xlsx`` -> ``tracker.xlsx.jsa.toml``. Found
   by the tracker's path; it wins over the other copy, so edit this one.
2. in the per-user folder (:func:`user_folder`: ``$JSA_MAPPINGS_DIR``, else
   ``$XDG_CONFIG_HOME/jobsearch-analytics/mappings``, else
   ``~/.config/jobsearch-analytics/mappings``), named by the **fingerprint of the header
   row**: ``3f0c9a1e5b7d2c44.jsa.toml``. Found for a renamed or moved copy of the tracker,
   and for the same file uploaded to the dashboard, as long as its header row reads the same.

The fingerprint is a hash of the header row's cells, normalised as headers are matched (case,
spaces, trailing ``?:``): adding rows of applications never changes it; renaming or
adding a column does (then the per-user copy no longer matches, and the copy beside the
tracker is still used, with a note for any column it names that the file no longer has).

A mapping belongs to a layout: every tracker with the same header row finds the per-user
copy (a coach's clients on one template share the fix; the report names the tracker it was
saved for). Every load that uses a saved mapping says so in the load report (an ``info``
entry naming the mapping file). ``load(..., mapping=False)`` ignores saved mappings;
``mapping=PATH`` uses that file. Explicit ``columns=`` win over the saved ones, column by
column.

Examples
--------
>>> import os, tempfile, pathlib
>>> os.environ["JSA_MAPPINGS_DIR"] = tempfile.mkdtemp()  # keep the example's copy private
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "jobs.csv").write_text(
...     "Company,APPLIED PORTAL,Date Applied\\nAcme,LinkedIn,2024-03-01\\n", encoding="utf-8")
>>> [p.name for p in save_mapping(d / "jobs.csv", {"APPLIED PORTAL": "source"})][:1]
['jobs.csv.jsa.toml']
>>> from jobsearch_analytics.io.load import load
>>> s = load(d / "jobs.csv")  # found again: no columns= needed
>>> s.applications.loc[0, "source"]
'LinkedIn'
>>> bool(s.report.entries["problem"].str.startswith("read with the saved mapping").any())
True
>>> del os.environ["JSA_MAPPINGS_DIR"]
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import os
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jobsearch_analytics.io.columns import FIELDS, match_header, normalise_header
from jobsearch_analytics.io.report import LoadError, ReportBuilder

__all__ = [
    "MAPPING_SUFFIX",
    "SavedMapping",
    "check_fields",
    "check_headers",
    "header_fingerprint",
    "keep_value",
    "mapping_beside",
    "read_mapping",
    "save_mapping",
    "user_folder",
    "write_mapping",
]

#: The ending of a mapping file (after the tracker's full name, or the fingerprint).
MAPPING_SUFFIX = ".jsa.toml"

#: Words that mean "keep this column as it is" (not mapped to any field): ``--column 'X=none'``.
KEEP_WORDS = frozenset({"", "none", "keep", "(kept)", "kept", "-"})

#: How many rows at the top of a sheet are fingerprinted when looking for a per-user copy
#: (the header search's depth; see :data:`jobsearch_analytics.io.layout.HEADER_SEARCH_ROWS`).
_FINGERPRINT_ROWS = 40
_FINGERPRINT_COLS = 1024


def keep_value(target: str | None) -> str | None:
    """A ``columns=`` target with the words for "keep it as it is" turned into ``None``.

    Examples
    --------
    >>> keep_value("none"), keep_value("None"), keep_value(None), keep_value("source")
    (None, None, None, 'source')
    """
    if target is None or str(target).strip().lower() in KEEP_WORDS:
        return None
    return str(target).strip()


def check_fields(columns: Mapping[str, str | None], *, where: str = "columns=") -> dict:
    """``columns`` with keep-words as ``None``; a target that names no field (nor a header
    the field table knows, such as ``'Date Applied'``) is a :class:`LoadError` listing the
    nearest field names.

    Examples
    --------
    >>> try:
    ...     check_fields({"Portal": "sorce", "Notes": "none"})
    ... except LoadError as e:
    ...     print(str(e).split(" (expected")[0], "|", str(e).split("What to do: ")[1][:22])
    columns=: 'sorce' is not a field (for column 'Portal') | did you mean 'source'?
    >>> check_fields({"Portal": "source", "Notes": "none"})
    {'Portal': 'source', 'Notes': None}
    """
    out: dict[str, str | None] = {}
    for header, target in columns.items():
        name = keep_value(target)
        if name is not None and name not in FIELDS and match_header(name, fuzzy=False) is None:
            near = difflib.get_close_matches(name.lower(), list(FIELDS), n=3, cutoff=0.5)
            raise LoadError(
                f"{where}: {name!r} is not a field (for column {str(header)!r})",
                expected="one of " + ", ".join(sorted(FIELDS)),
                hint=(f"did you mean {' or '.join(map(repr, near))}? " if near else "")
                + "Use a field name, or 'none' to keep the column as it is",
            )
        out[str(header)] = name
    return out


def check_headers(
    columns: Mapping[str, str | None], mapping: Any, *, file: str, source: str = "the corrections"
) -> None:
    """Every header named in ``columns`` must be a column of the loaded file (``mapping`` is
    the load report's mapping table); one that is not is a :class:`LoadError` naming the
    file, the sheet and the nearest header names.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"file": ["t.xlsx"] * 2, "sheet": ["Apps"] * 2,
    ...                   "source_column": ["Company", "APPLIED PORTAL"]})
    >>> try:
    ...     check_headers({"APLIED PORTAL": "source"}, m, file="t.xlsx")
    ... except LoadError as e:
    ...     print(str(e).split("; the file")[0])
    no column 'APLIED PORTAL' in t.xlsx, sheet 'Apps'. What to do: did you mean 'APPLIED PORTAL'? \
Correct the header's name in the corrections
    """
    if not columns:
        return
    rows = mapping[mapping["file"] == file] if len(mapping) else mapping
    headers = [(str(s), str(h)) for s, h in zip(rows["sheet"], rows["source_column"], strict=True)]
    have = {normalise_header(h) for _, h in headers}
    for header in columns:
        if normalise_header(header) in have:
            continue
        names = list(dict.fromkeys(h for _, h in headers))
        near = difflib.get_close_matches(str(header), names, n=3, cutoff=0.5)
        if not near:  # case and spacing aside
            folded = {normalise_header(h): h for h in names}
            near = [
                folded[n]
                for n in difflib.get_close_matches(normalise_header(header), list(folded), n=3)
            ]
        sheets = list(dict.fromkeys(s for s, h in headers if not near or h == near[0]))
        where = f" in {file}" + (f", sheet {sheets[0]!r}" if len(sheets) == 1 and sheets[0] else "")
        error = LoadError(
            f"no column {str(header)!r}{where}",
            hint=(f"did you mean {' or '.join(map(repr, near))}? " if near else "")
            + f"Correct the header's name in {source}; the file's columns: "
            + ", ".join(map(repr, names[:12]))
            + (", ..." if len(names) > 12 else ""),
        )
        error.file, error.sheet = file, sheets[0] if len(sheets) == 1 else None
        raise error


# -- where mappings live ----------------------------------------------------------------------


def user_folder() -> Path:
    """The per-user folder of saved mappings (see the module docstring).

    Examples
    --------
    >>> import os
    >>> before = os.environ.get("JSA_MAPPINGS_DIR")
    >>> os.environ["JSA_MAPPINGS_DIR"] = "/tmp/jsa-maps"
    >>> str(user_folder())
    '/tmp/jsa-maps'
    >>> _ = os.environ.pop("JSA_MAPPINGS_DIR") if before is None else os.environ.update(
    ...     JSA_MAPPINGS_DIR=before)
    """
    explicit = os.environ.get("JSA_MAPPINGS_DIR")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "jobsearch-analytics" / "mappings"


def mapping_beside(tracker: str | os.PathLike[str]) -> Path:
    """The mapping file beside a tracker: its full name plus :data:`MAPPING_SUFFIX`.

    Examples
    --------
    >>> mapping_beside("clients/ana/tracker.xlsx").as_posix()
    'clients/ana/tracker.xlsx.jsa.toml'
    """
    p = Path(tracker)
    return p.with_name(p.name + MAPPING_SUFFIX)


def header_fingerprint(row: Sequence[Any]) -> str | None:
    """A short hash of a header row's non-empty cells, normalised as headers are matched;
    ``None`` for a row with fewer than two (no header).

    Examples
    --------
    >>> a = header_fingerprint(["Company", "Date Applied ", None, "Status?"])
    >>> a == header_fingerprint(["company", "date  applied", "STATUS"]), len(a)
    (True, 16)
    >>> header_fingerprint(["Applications 2024", None]) is None
    True
    """
    cells = [normalise_header(v) for v in row[:_FINGERPRINT_COLS] if v is not None]
    cells = [c for c in cells if c]
    if len(cells) < 2:
        return None
    return hashlib.sha256("\x1f".join(cells).encode("utf-8")).hexdigest()[:16]


# -- the file ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SavedMapping:
    """A saved mapping: the corrections and where they came from.

    Attributes
    ----------
    path : Path
        The mapping file.
    columns : dict
        Header as typed -> field name, or ``None`` to keep the column as it is.
    sheets : tuple of str or None
        Only these sheets (``sheet=``), when the correction named them.
    dayfirst : bool or None
        How ambiguous dates are read, when the correction said so.
    fingerprints : tuple of str
        :func:`header_fingerprint` of the header rows the mapping was saved for.
    tracker : str
        The tracker's file name when it was saved.
    """

    path: Path
    columns: dict[str, str | None] = field(default_factory=dict)
    sheets: tuple[str, ...] | None = None
    dayfirst: bool | None = None
    fingerprints: tuple[str, ...] = ()
    tracker: str = ""


def read_mapping(path: str | os.PathLike[str]) -> SavedMapping:
    """Read a mapping file; a mistake in it (TOML syntax, a field that does not exist) is a
    :class:`LoadError` naming the mapping file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv.jsa.toml"
    >>> _ = p.write_text('tracker = "t.csv"\\n[columns]\\n"Portal" = "source"\\n'
    ...                  '"Notes" = "none"\\n')
    >>> read_mapping(p).columns
    {'Portal': 'source', 'Notes': None}
    """
    import tomllib  # only when a mapping file is there: a cold load does not pay for it

    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LoadError(
            f"the saved mapping cannot be read ({exc})",
            file=str(p),
            hint='fix the file (it is TOML: "Header" = "field" lines under [columns]) or delete it',
        ) from None
    columns = data.get("columns", {})
    sheets = data.get("sheets")
    dayfirst = data.get("dayfirst")
    fingerprints = data.get("fingerprints", [])
    if (
        not isinstance(columns, dict)
        or not all(isinstance(v, str) for v in columns.values())
        or (sheets is not None and not _strings(sheets))
        or (dayfirst is not None and not isinstance(dayfirst, bool))
        or not _strings(fingerprints)
    ):
        raise LoadError(
            "the saved mapping is not in the expected form",
            file=str(p),
            expected='[columns] with "Header" = "field" lines, sheets = ["..."], '
            "dayfirst = true or false",
            hint="fix the file or delete it",
        )
    return SavedMapping(
        p,
        check_fields(columns, where=f"saved mapping {p}"),
        tuple(sheets) if sheets else None,
        dayfirst,
        tuple(fingerprints),
        str(data.get("tracker", "")),
    )


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _toml_string(text: str) -> str:
    # A JSON string is a TOML basic string, but for DEL, which TOML wants escaped.
    return json.dumps(str(text), ensure_ascii=False).replace("\x7f", "\\u007F")


def write_mapping(path: str | os.PathLike[str], saved: SavedMapping) -> Path:
    """Write ``saved`` as TOML to ``path`` (with a comment saying how to edit it).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv.jsa.toml"
    >>> m = SavedMapping(p, {'Say "hi"': "notes", "X": None}, ("Apps",), True, ("ab",), "t.csv")
    >>> read_mapping(write_mapping(p, m)) == m
    True
    """
    p = Path(path)
    lines = [
        f"# jobsearch-analytics: how to read {_toml_string(saved.tracker)}, saved "
        f"{dt.date.today().isoformat()}.",
        '# Edit freely. One line per column under [columns]: "Header as typed" = "field", or',
        '# = "none" to keep the column as it is. Delete this file to forget the corrections.',
        *textwrap.wrap(
            ", ".join(sorted(FIELDS)), 88, initial_indent="# Fields: ", subsequent_indent="#   "
        ),
        f"tracker = {_toml_string(saved.tracker)}",
    ]
    if saved.sheets:
        lines.append("sheets = [" + ", ".join(map(_toml_string, saved.sheets)) + "]")
    if saved.dayfirst is not None:
        lines.append(f"dayfirst = {'true' if saved.dayfirst else 'false'}")
    lines.append("fingerprints = [" + ", ".join(map(_toml_string, saved.fingerprints)) + "]")
    lines += ["", "[columns]"]
    lines += [f"{_toml_string(h)} = {_toml_string(f or 'none')}" for h, f in saved.columns.items()]
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + ".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(p)
    return p


# -- finding and using one while a file loads --------------------------------------------------


@dataclass
class MappingUse:
    """One file's saved mapping while it loads (made by :func:`apply_saved`)."""

    found: SavedMapping | None
    explicit: dict[str, str | None]
    heads: dict[str, tuple[int, list[Any]]] = field(default_factory=dict)

    def fingerprints(self, sheets: Any, file: str) -> tuple[str, ...]:
        """The fingerprints of the header rows the load used (``sheets``: the report's)."""
        out = []
        for s in sheets[(sheets["file"] == file) & (sheets["role"] == "tracker")].itertuples():
            only = next(iter(self.heads.values())) if len(self.heads) == 1 else (0, [])
            origin, rows = self.heads.get(str(s.sheet), only)  # a CSV may be named by its source
            i = int(s.header_row) - 1 - origin
            fp = header_fingerprint(rows[i]) if 0 <= i < len(rows) else None
            if fp:
                out.append(fp)
        return tuple(dict.fromkeys(out))


def _user_copies() -> set[str]:
    folder = user_folder()
    try:
        return {
            e.name[: -len(MAPPING_SUFFIX)]
            for e in os.scandir(folder)
            if e.name.endswith(MAPPING_SUFFIX)
        }
    except OSError:
        return set()


def _find(tracker: Path, book: Any, heads: dict) -> SavedMapping | None:
    beside = mapping_beside(tracker.absolute())  # the report says where it lives, in full
    if beside.is_file():
        return read_mapping(beside)
    stored = _user_copies()
    if not stored:
        return None
    for _, rows in heads.values():
        for row in rows:
            fp = header_fingerprint(row)
            if fp in stored:
                return read_mapping(user_folder() / f"{fp}{MAPPING_SUFFIX}")
    return None


def apply_saved(
    tracker: Path,
    book: Any,
    options: Any,
    report: ReportBuilder,
    mapping: bool | str | os.PathLike[str] = True,
) -> tuple[Any, MappingUse]:
    """The load options with a saved mapping's corrections under the explicit ones, and a
    report entry naming the mapping file (``book``: the raw sheets, read once).

    ``mapping``: True looks beside the tracker, then in :func:`user_folder`; False ignores
    saved mappings; a path uses that mapping file.
    """
    heads = {s.name: (s.origin_row, s.rows[:_FINGERPRINT_ROWS]) for s in book.sheets}
    explicit = dict(options.columns)
    if mapping is False or mapping is None:
        return options, MappingUse(None, explicit, heads)
    found = read_mapping(mapping) if not isinstance(mapping, bool) else _find(tracker, book, heads)
    use = MappingUse(found, explicit, heads)
    if found is None:
        return options, use
    names = {s.name for s in book.sheets}
    sheets = found.sheets if found.sheets and set(found.sheets) <= names else None
    new = replace(
        options,
        columns={**found.columns, **explicit},
        sheet=options.sheet if options.sheet is not None else sheets,
        dayfirst=options.dayfirst if options.dayfirst is not None else found.dayfirst,
    )
    said = ", ".join(f"{h!r} -> {f or 'kept'}" for h, f in list(found.columns.items())[:6])
    extra = [f"sheets {', '.join(map(repr, sheets))}"] if sheets else []
    if found.dayfirst is not None:
        extra.append(f"dayfirst={found.dayfirst}")
    report.entry(
        file=tracker.name,
        sheet=None,
        row=None,
        problem=f"read with the saved mapping {found.path}"
        + (f" (saved for {found.tracker!r})" if found.tracker not in ("", tracker.name) else ""),
        action=(said + ("; " if said and extra else "") + "; ".join(extra) or "no corrections")
        + ". Edit or delete that file to change this; mapping=False ignores it",
        kind="info",
    )
    return new, use


def report_unused(use: MappingUse, mapping: Any, report: ReportBuilder, file: str) -> None:
    """Saved corrections naming a column the file no longer has: said, and ignored."""
    if use.found is None:
        return
    rows = mapping[mapping["file"] == file] if len(mapping) else mapping
    have = {normalise_header(h) for h in rows["source_column"]}
    explicit = {normalise_header(h) for h in use.explicit}
    gone = [
        h
        for h in use.found.columns
        if normalise_header(h) not in have and normalise_header(h) not in explicit
    ]
    if gone:
        report.entry(
            file=file,
            sheet=None,
            row=None,
            problem=f"the saved mapping {use.found.path} names columns this file does not have: "
            + ", ".join(map(repr, gone)),
            action="ignored; edit the mapping file if a column was renamed",
            kind="info",
        )


def store(
    tracker: Path, use: MappingUse, sheets_table: Any, *, sheet: Any, dayfirst: bool | None
) -> list[Path]:
    """Write the corrections of a finished load: beside the tracker (when its folder can be
    written) and in the per-user folder under the header row's fingerprint."""
    base = dict(use.found.columns) if use.found is not None else {}
    columns = {**base, **use.explicit}
    fps = use.fingerprints(sheets_table, tracker.name)
    saved = SavedMapping(
        Path(),
        columns,
        tuple(sheet) if sheet else (use.found.sheets if use.found else None),
        dayfirst if dayfirst is not None else (use.found.dayfirst if use.found else None),
        fps,
        tracker.name,
    )
    if not columns and saved.sheets is None and saved.dayfirst is None:
        raise LoadError(
            "nothing to save: no correction was given",
            file=tracker.name,
            hint="name the corrections to keep: columns={'Header': 'field'} (--column "
            "'Header=field'), sheet= or dayfirst=",
        )
    written = []
    beside = mapping_beside(tracker.absolute())
    if os.access(tracker.parent, os.W_OK) and beside.resolve() != tracker.resolve():
        written.append(write_mapping(beside, saved))
    for fp in fps:
        written.append(write_mapping(user_folder() / f"{fp}{MAPPING_SUFFIX}", saved))
    if not written:
        raise LoadError(
            "the mapping could not be saved",
            file=tracker.name,
            hint=f"make {tracker.parent} writable, or set JSA_MAPPINGS_DIR to a folder that is",
        )
    return written


def save_mapping(
    path: str | os.PathLike[str],
    columns: Mapping[str, str | None] | None = None,
    *,
    sheet: str | Sequence[str] | None = None,
    dayfirst: bool | None = None,
) -> list[Path]:
    """Save corrections for a tracker so that every later load of it uses them.

    The tracker is loaded with the corrections first (so a header it does not have, or a
    field that does not exist, is an error before anything is written), on top of any mapping
    saved before. See the module docstring for where the files go and how they are found.

    Parameters
    ----------
    path
        The tracker file (never written to).
    columns
        Header as typed -> field name, or ``None`` / ``'none'`` to keep the column as it is.
    sheet, dayfirst
        As for :func:`jobsearch_analytics.load`, saved with the columns.

    Returns
    -------
    list of Path
        The mapping files written (beside the tracker, then the per-user copy).

    Examples
    --------
    >>> import os, tempfile, pathlib
    >>> os.environ["JSA_MAPPINGS_DIR"] = tempfile.mkdtemp()
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "t.csv").write_text("Company,Portal\\nAcme,Indeed\\n", encoding="utf-8")
    >>> [p.name for p in save_mapping(d / "t.csv", {"Portal": "source"})][0]
    't.csv.jsa.toml'
    >>> del os.environ["JSA_MAPPINGS_DIR"]
    """
    from jobsearch_analytics.io.load import load_one

    _, written = load_one(
        Path(path), columns=columns, sheet=sheet, dayfirst=dayfirst, save_mapping=True
    )
    return written
