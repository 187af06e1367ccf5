"""The grid every layout format comes down to: printed cell text by position, and merged ranges.

A workbook sheet, the tables of a Word document or the ruled tables of a PDF
are each turned into a :class:`Grid`; one label-driven form reader
(:mod:`perfeval.read.xlsx_reader`) reads the forms in any grid.  The caps below
bound what one hostile file can make a reader build, whatever its format.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping

import attrs

from perfeval.errors import InputError, MissingExtraError
from perfeval.read.symbol_font import symbol_text

__all__ = [
    "MAX_CELLS",
    "MAX_COLS",
    "MAX_MERGED_CELLS",
    "MAX_PAGES",
    "MAX_ROWS",
    "MAX_TABLES",
    "Grid",
    "Part",
    "Span",
    "Stack",
    "address",
    "bounded",
    "missing_extra",
    "sheet_ref",
]

#: The most rows, columns and filled cells one grid may have: a printed form is a few dozen
#: rows by a dozen columns, a disclosure of a hundred forms a few thousand rows.
MAX_ROWS = 200_000
MAX_COLS = 1_000
MAX_CELLS = 1_000_000
#: The most cells the merged ranges of one grid may cover (every covered cell is looked up).
MAX_MERGED_CELLS = 200_000
#: The most pages read from one PDF, and the most tables from one Word document.
MAX_PAGES = 2_000
MAX_TABLES = 5_000

Pos = tuple[int, int]
#: A merged range: first row, first column, last row, last column (1-based, inclusive).
Span = tuple[int, int, int, int]


@attrs.frozen(slots=True)
class Part:
    """Where a run of a stacked grid's rows comes from: ``page 3, table 2`` from its ``first`` row on."""

    first: int
    where: str
    #: Whether a cell in it is named by row and column (a table), or the part is one line of text.
    numbered: bool = True


@attrs.frozen(slots=True)
class Grid:
    """Printed cell text by (row, column), 1-based, and the merged ranges, with a name for locations.

    A sheet's cells are located as Excel names them (``Sheet1!B7``); a grid
    stacked from several parts (Word tables, PDF pages) names the part, the
    row within it and the column (``page 3, table 2, row 4, column 2``).

    >>> Grid("表1", {(7, 2): "项目名称"}).ref((7, 2))
    '表1!B7'
    >>> parts = (Part(1, "page 1, line 1", False), Part(2, "page 1, table 1"), Part(30, "page 2, table 1"))
    >>> g = Grid("", {}, parts=parts)
    >>> g.ref((1, 4)), g.ref((31, 3))
    ('page 1, line 1', 'page 2, table 1, row 2, column 3')
    """

    name: str
    cells: Mapping[Pos, str]
    merged: tuple[Span, ...] = ()
    parts: tuple[Part, ...] = ()
    #: Cells holding a formula without a saved value (read as blank): each is reported with its table.
    unsaved: frozenset[Pos] = frozenset()

    def ref(self, pos: Pos) -> str:
        """Where a cell is, as a person finds it in the file."""
        row, col = pos
        if not self.parts:
            return f"{sheet_ref(self.name)}!{address(row, col)}"
        part = self.part(row)
        return f"{part.where}, row {row - part.first + 1}, column {col}" if part.numbered else part.where

    def part(self, row: int) -> Part:
        """The part a row of a stacked grid comes from."""
        i = bisect.bisect_right([p.first for p in self.parts], row) - 1
        return self.parts[max(i, 0)]


def address(row: int, col: int) -> str:
    """A cell's A1 address.

    >>> address(7, 28)
    'AB7'
    """
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


def sheet_ref(name: str) -> str:
    """A sheet name as a cell reference spells it (quoted unless a plain word)."""
    return name if re.fullmatch(r"\w+", name) else "'" + name.replace("'", "''") + "'"


def bounded(cells: Mapping[Pos, str], merged: Iterable[Span], what: str) -> tuple[Span, ...]:
    """Check a grid against the caps; the merged ranges as a tuple, or an :class:`InputError` naming the cap.

    >>> bounded({(1, 1): "x"}, [(1, 1, 2, 3)], "Sheet1")
    ((1, 1, 2, 3),)
    >>> bounded({(1, MAX_COLS + 1): "x"}, [], "Sheet1")
    Traceback (most recent call last):
    perfeval.errors.InputError: Sheet1: more than 1,000 columns; perfeval reads at most 1,000
    """
    if len(cells) > MAX_CELLS:
        raise InputError(f"{what}: more than {MAX_CELLS:,} filled cells; perfeval reads at most {MAX_CELLS:,}")
    spans = tuple(merged)
    rows = max([r for r, _ in cells] + [s[2] for s in spans] + [0])
    cols = max([c for _, c in cells] + [s[3] for s in spans] + [0])
    if rows > MAX_ROWS:
        raise InputError(f"{what}: more than {MAX_ROWS:,} rows; perfeval reads at most {MAX_ROWS:,}")
    if cols > MAX_COLS:
        raise InputError(f"{what}: more than {MAX_COLS:,} columns; perfeval reads at most {MAX_COLS:,}")
    covered = sum((r2 - r1 + 1) * (c2 - c1 + 1) for r1, c1, r2, c2 in spans)
    if covered > MAX_MERGED_CELLS:
        raise InputError(f"{what}: merged cells cover more than {MAX_MERGED_CELLS:,} cells; perfeval does not read it")
    return spans


def missing_extra(what: str, library: str, extra: str) -> MissingExtraError:
    """The error for an absent optional library, naming the extra that installs it."""
    return MissingExtraError(f"reading {what} needs {library}: pip install 'perfeval[{extra}]'")


class Stack:
    """Builds one grid from parts stacked top to bottom: lines of text, and tables (a Word document, a PDF).

    >>> s = Stack("book.docx")
    >>> s.line("paragraph 1", [(1, "项目支出绩效自评表")])
    >>> s.table("table 1", [((1, 1, 1, 2), "项目名称"), ((1, 3, 1, 3), "甲")], height=1)
    >>> g = s.grid()
    >>> sorted(g.cells.items()), g.merged
    ([((1, 1), '项目支出绩效自评表'), ((2, 1), '项目名称'), ((2, 3), '甲')], ((2, 1, 2, 2),))
    >>> g.ref((1, 1)), g.ref((2, 3))
    ('paragraph 1', 'table 1, row 1, column 3')
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.cells: dict[Pos, str] = {}
        self.merged: list[Span] = []
        self.parts: list[Part] = []
        self.rows = 0

    def _grow(self, height: int) -> int:
        first = self.rows + 1
        self.rows += height
        if self.rows > MAX_ROWS or len(self.cells) > MAX_CELLS:
            raise InputError(f"{self.name}: more than {MAX_ROWS:,} rows or {MAX_CELLS:,} cells; perfeval reads no more")
        return first

    def line(self, where: str, cells: Iterable[tuple[int, str]]) -> None:
        """One line of text outside any table, as cells at their columns."""
        row = self._grow(1)
        self.parts.append(Part(row, where, numbered=False))
        for col, text in cells:
            self.cells[(row, max(col, 1))] = symbol_text(text)

    def table(self, where: str, cells: Iterable[tuple[Span, str | None]], height: int) -> None:
        """A table of ``height`` rows: each cell's span within it (1-based) and its text."""
        first = self._grow(height)
        self.parts.append(Part(first, where))
        for (r1, c1, r2, c2), text in cells:
            if text:
                self.cells[(first + r1 - 1, c1)] = symbol_text(text)
            if (r1, c1) != (r2, c2):
                self.merged.append((first + r1 - 1, c1, first + r2 - 1, c2))

    def grid(self) -> Grid:
        """The stacked grid, checked against the caps."""
        return Grid(self.name, self.cells, bounded(self.cells, self.merged, self.name), tuple(self.parts))
