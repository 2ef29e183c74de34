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
    path: str | os.PathLike[str], *, sheets: set[str] | None = None
) -> list[SheetGrid]:
    """Every worksheet of a SpreadsheetML 2003 workbook (only ``sheets`` when given).

    Cells keep their true positions (``ss:Index`` on rows and cells, ``ss:MergeAcross`` and
    ``ss:MergeDown`` skip columns); values are typed by ``ss:Type``: String -> str,
    Number -> float, DateTime -> datetime (a date at midnight, a time on 1899-12-31, as
    calamine returns them for xlsx), Boolean -> bool, Error -> its text (``'#N/A'``).

    Raises
    ------
    LoadError
        When the XML is malformed, uses entities, or places a cell absurdly far away.

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
    p = Path(path)
    grids: list[SheetGrid] = []
    cells: dict[tuple[int, int], Any] = {}
    name = ""
    hidden = False
    row_idx = -1  # index of the current row; the next row without ss:Index is row_idx + 1
    next_row = 0
    col = 0
    covered: dict[int, set[int]] = {}  # row -> columns covered by a MergeDown from above
    try:
        with p.open("rb") as f:
            for event, elem in DET.iterparse(f, events=("start", "end")):
                tag = elem.tag
                if event == "start":
                    if tag == f"{_SS}Worksheet":
                        name = elem.get(f"{_SS}Name", f"Sheet{len(grids) + 1}")
                        cells, hidden, next_row, covered = {}, False, 0, {}
                    elif tag == f"{_SS}Row":
                        index = elem.get(f"{_SS}Index")
                        row_idx = int(index) - 1 if index else next_row
                        next_row = row_idx + 1 + int(elem.get(f"{_SS}Span", "0"))
                        col = 0
                    continue
                if tag == f"{_SS}Cell":
                    index = elem.get(f"{_SS}Index")
                    if index:
                        col = int(index) - 1
                    else:
                        while col in covered.get(row_idx, ()):
                            col += 1
                    across = int(elem.get(f"{_SS}MergeAcross", "0"))
                    down = int(elem.get(f"{_SS}MergeDown", "0"))
                    data = elem.find(f"{_SS}Data")
                    if data is not None:
                        value = _value(data)
                        if value is not None:
                            cells[(row_idx, col)] = value
                    for r in range(row_idx + 1, row_idx + 1 + down):
                        covered.setdefault(r, set()).update(range(col, col + across + 1))
                    col += 1 + across
                    elem.clear()
                elif tag == f"{_SS}Row":
                    elem.clear()
                elif tag == f"{_X}Visible":
                    hidden = (elem.text or "").strip() in ("SheetHidden", "SheetVeryHidden")
                elif tag == f"{_SS}Worksheet":
                    if sheets is None or name in sheets:
                        grids.append(_grid(p, name, cells, hidden))
                    cells = {}
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
