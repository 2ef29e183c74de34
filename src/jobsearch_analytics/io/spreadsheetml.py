"""Read Excel 2003 XML ("XML Spreadsheet", SpreadsheetML) workbooks into cell grids.

Excel 2003 and many web apps write this format and name it ``.xls``; neither calamine nor
openpyxl reads it. It is parsed with ``defusedxml`` (entities refused) in one streaming pass.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t.xls"
>>> _ = p.write_text('''<?xml version="1.0"?>
... <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
...  xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
...  <Worksheet ss:Name="Jobs"><Table>
...   <Row><Cell><Data ss:Type="String">Company</Data></Cell>
...        <Cell ss:Index="3"><Data ss:Type="Number">2</Data></Cell></Row>
...  </Table></Worksheet></Workbook>''', encoding="utf-8")
>>> [(g.name, g.rows) for g in read_spreadsheetml(p)]
[('Jobs', [['Company', None, 2.0]])]
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, NamedTuple

from defusedxml import ElementTree as DET

from jobsearch_analytics.io.report import LoadError, cell_ref

__all__ = ["MAX_CELLS", "SheetGrid", "read_spreadsheetml"]

_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
_X = "{urn:schemas-microsoft-com:office:excel}"

#: A dense grid larger than this is refused: it means a stray cell far from the data.
MAX_CELLS = 20_000_000


class SheetGrid(NamedTuple):
    """One worksheet as a dense grid; ``rows[0][0]`` is the cell at (origin_row, origin_col)."""

    name: str
    rows: list[list[Any]]
    origin_row: int
    origin_col: int
    hidden: bool
    notes: tuple[str, ...]


def read_spreadsheetml(
    path: str | os.PathLike[str], *, sheets: set[str] | None = None, limits: Any = None
) -> list[SheetGrid]:
    """Every worksheet of a SpreadsheetML 2003 workbook (only ``sheets`` when given).

    Cells keep their true positions (``ss:Index`` on rows and cells, ``ss:MergeAcross`` and
    ``ss:MergeDown`` skip columns); positions and merges are checked against the sheet's
    bounds (``limits``, a :class:`~jobsearch_analytics.io.preflight.Limits`) before anything is
    allocated from them, and merges are kept as rectangles, never expanded. Values are typed
    by ``ss:Type``: String -> str, Number -> float, DateTime -> datetime (a date at
    midnight, a time on 1899-12-31, as calamine returns them for xlsx), Boolean -> bool,
    Error -> its text (``'#N/A'``).

    Raises
    ------
    LoadError
        When the XML is malformed, uses entities, places a cell or a merge beyond the limits,
        or holds more sheets or cells than they allow.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.xml"
    >>> _ = p.write_text('''<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
    ...  xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S"><Table>
    ...  <Row ss:Index="3"><Cell ss:Index="2">
    ...  <Data ss:Type="DateTime">2024-03-05T00:00:00.000</Data></Cell>
    ...  <Cell><Data ss:Type="Boolean">1</Data></Cell></Row></Table></Worksheet></Workbook>''')
    >>> g = read_spreadsheetml(p)[0]
    >>> g.origin_row, g.origin_col, g.rows
    (2, 1, [[datetime.date(2024, 3, 5), True]])
    """
    from jobsearch_analytics.io.preflight import Limits

    p = Path(path)
    walk = _Walk(p, limits or Limits())
    grids: list[SheetGrid] = []
    name = ""
    try:
        with p.open("rb") as f:
            for event, elem in DET.iterparse(f, events=("start", "end")):
                tag = elem.tag
                if event == "start":
                    if tag == f"{_SS}Worksheet":
                        name = elem.get(f"{_SS}Name", f"Sheet{len(grids) + 1}")
                        walk.sheet(name, len(grids) + 1)
                    elif tag == f"{_SS}Row":
                        walk.row(elem.get(f"{_SS}Index"), elem.get(f"{_SS}Span"))
                    continue
                if tag == f"{_SS}Cell":
                    walk.cell(elem)
                    elem.clear()
                elif tag == f"{_SS}Row":
                    elem.clear()
                elif tag == f"{_X}Visible":
                    walk.hidden = (elem.text or "").strip() in ("SheetHidden", "SheetVeryHidden")
                elif tag == f"{_SS}Worksheet":
                    if sheets is None or name in sheets:
                        grids.append(_grid(p, name, walk.cells, walk.hidden))
                    walk.cells = {}
                    elem.clear()
    except LoadError:
        raise
    except (DET.ParseError, ValueError) as e:
        # defusedxml raises ValueError subclasses for entities and DTDs.
        raise LoadError(
            f"this Excel 2003 XML spreadsheet cannot be parsed ({type(e).__name__}: {e})",
            file=p.name,
            hint="open it in Excel or LibreOffice and save it as .xlsx",
        ) from None
    return grids


#: Merged areas reaching down into the rows below at once; a real sheet has a handful.
MAX_OPEN_MERGES = 10_000


class _Walk:
    """Where the parser stands: the row, the next column, the merges from rows above (as
    rectangles), the cells read so far, each position checked against the limits."""

    def __init__(self, p: Path, limits: Any) -> None:
        self.p, self.lim = p, limits
        self.name, self.sheets = "", 0
        self.cells: dict[tuple[int, int], Any] = {}
        self.hidden = False
        self.row_idx, self.next_row, self.col = -1, 0, 0
        self.merges: list[tuple[int, int, int, int]] = []  # first/last row, first/last col

    def sheet(self, name: str, number: int) -> None:
        if number > self.lim.max_sheets:
            raise LoadError(
                f"the workbook has more than {self.lim.max_sheets:,} sheets",
                file=self.p.name,
                hint="keep the tracker in a workbook of its own; for a trusted file raise "
                "Limits.max_sheets",
            )
        self.name, self.cells, self.hidden = name, {}, False
        self.next_row, self.merges = 0, []

    def row(self, index: str | None, span: str | None) -> None:
        self.row_idx = int(index) - 1 if index else self.next_row
        self.next_row = self.row_idx + 1 + int(span or "0")
        self._check(self.next_row - 1, 0, "row")
        self.col = 0
        self.merges = [m for m in self.merges if m[1] >= self.row_idx]

    def cell(self, elem: Any) -> None:
        index = elem.get(f"{_SS}Index")
        if index:
            self.col = int(index) - 1
        else:
            self.col = self._free(self.col)
        across = int(elem.get(f"{_SS}MergeAcross", "0"))
        down = int(elem.get(f"{_SS}MergeDown", "0"))
        row, col = self.row_idx, self.col
        self._check(row + max(down, 0), col + max(across, 0), "cell")
        if min(across, down) < 0:
            self._check(-1, -1, "cell")
        data = elem.find(f"{_SS}Data")
        if data is not None:
            value = _value(data)
            if value is not None:
                self.cells[(row, col)] = value
                if len(self.cells) > self.lim.max_cells:
                    raise LoadError(
                        f"the sheet holds more than {self.lim.max_cells:,} cells with values",
                        file=self.p.name,
                        sheet=self.name,
                        hint="split the file, or for a trusted file raise Limits.max_cells",
                    )
        if down:
            self.merges.append((row + 1, row + down, col, col + across))
            if len(self.merges) > MAX_OPEN_MERGES:
                raise LoadError(
                    f"more than {MAX_OPEN_MERGES:,} merged areas reach down from one row",
                    file=self.p.name,
                    sheet=self.name,
                    cell=cell_ref(None, row + 1, col),
                    hint="open it in Excel or LibreOffice, unmerge the cells and save it as .xlsx",
                )
        self.col += 1 + across

    def _free(self, col: int) -> int:
        """The first column at or after ``col`` that no merge from above covers."""
        moved = True
        while moved:
            moved = False
            for r0, r1, c0, c1 in self.merges:
                if r0 <= self.row_idx <= r1 and c0 <= col <= c1:
                    col, moved = c1 + 1, True
        return col

    def _check(self, last_row: int, last_col: int, what: str) -> None:
        if 0 <= last_row < self.lim.max_rows and 0 <= last_col < self.lim.max_cols:
            return
        raise LoadError(
            f"a {what} near row {max(self.row_idx, 0) + 1:,} reaches row {last_row + 1:,}, "
            f"column {last_col + 1:,} (with its Index, Span or Merge attributes), beyond the "
            f"{self.lim.max_rows:,} rows and {self.lim.max_cols:,} columns a sheet may have",
            file=self.p.name,
            sheet=self.name,
            hint="the file was not made by a spreadsheet program, or is damaged; ask the sender "
            "to export the tracker again",
        )


def _value(data: Any) -> Any:
    kind = data.get(f"{_SS}Type", "String")
    # Rich text puts HTML elements inside <Data>: join every text node.
    text = "".join(data.itertext())
    if kind == "String":
        return text or None
    if kind == "Number":
        try:
            return float(text)
        except ValueError:
            return text or None
    if kind == "DateTime":
        try:
            stamp = dt.datetime.fromisoformat(text.strip())
        except ValueError:
            return text or None
        if stamp.date() == dt.date(1899, 12, 31):
            return stamp.time()
        if stamp.time() == dt.time(0):
            return stamp.date()
        return stamp
    if kind == "Boolean":
        return text.strip() not in ("0", "", "false", "FALSE")
    return text or None  # Error (#N/A) and unknown types keep their text


def _grid(p: Path, name: str, cells: dict[tuple[int, int], Any], hidden: bool) -> SheetGrid:
    if not cells:
        return SheetGrid(name, [], 0, 0, hidden, ())
    rows = [r for r, _ in cells]
    cols = [c for _, c in cells]
    r0, r1, c0, c1 = min(rows), max(rows), min(cols), max(cols)
    if (r1 - r0 + 1) * (c1 - c0 + 1) > MAX_CELLS:
        far = max(cells, key=lambda rc: rc[0] * 20000 + rc[1])
        raise LoadError(
            f"the sheet spans {r1 - r0 + 1} rows by {c1 - c0 + 1} columns because of a value "
            "far away from the rest",
            file=p.name,
            sheet=name,
            cell=cell_ref(None, far[0] + 1, far[1]),
            hint="delete the stray value (Ctrl+End jumps to it) and save the file again",
        )
    width = c1 - c0 + 1
    grid: list[list[Any]] = [[None] * width for _ in range(r1 - r0 + 1)]
    for (r, c), v in cells.items():
        grid[r - r0][c - c0] = v
    return SheetGrid(name, grid, r0, c0, hidden, ())
