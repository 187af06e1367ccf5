"""Reading LibreOffice ``.ods`` spreadsheets with odfpy: each sheet becomes a grid for the form reader.

Needs the ``ods`` extra.  A cell's printed text is the text LibreOffice saved
with it (its ``text:p`` paragraphs: ``1,052.96`` as shown, not the stored
number), and its spans (``number-columns-spanned`` / ``number-rows-spanned``)
are the merged ranges.  Repeated rows and cells (``number-rows-repeated``,
as LibreOffice writes the empty rest of a sheet) are counted, never expanded.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from perfeval.errors import InputError, PerfevalError
from perfeval.read.cell_text import display_text
from perfeval.read.form import tables_from_grids
from perfeval.read.grid import MAX_CELLS, MAX_COLS, MAX_ROWS, Grid, Span, bounded, missing_extra, sheet_ref
from perfeval.read.hidden import in_runs, shown_cells
from perfeval.record import Record

__all__ = ["read_ods"]

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def _require_odfpy() -> Any:
    try:
        from odf import opendocument
    except ImportError:
        raise missing_extra(".ods spreadsheets", "odfpy", "ods") from None
    return opendocument


def read_ods(path: Path, source: str) -> Iterator[Record]:
    """Records of every form in an ``.ods`` spreadsheet; an unreadable file is one error record."""
    try:
        opendocument = _require_odfpy()
        try:
            document = opendocument.load(str(path))
        except OSError as error:
            raise InputError(f"cannot read the file: {error.strerror or error}") from None
        except Exception as error:  # odfpy raises zip, XML and key errors for damaged files
            raise InputError(f"not an .ods spreadsheet: {type(error).__name__}: {error}"[:500]) from None
    except PerfevalError as error:
        yield Record(source, 0, error=error.located(source, 0))
        return
    sheets = [t for t in document.spreadsheet.childNodes if t.qname == (_TABLE, "table")]
    first = sheet_ref(_attr(sheets[0], "name") or "Sheet1") + "!A1" if sheets else "A1"
    yield from tables_from_grids(_grids(sheets), source, first)


def _grids(sheets: list[Any]) -> Iterator[Grid | PerfevalError]:
    for sheet in sheets:
        try:
            yield _grid(sheet)
        except PerfevalError as error:
            yield error


def _attr(node: Any, name: str) -> str | None:
    value = node.attributes.get((_TABLE, name))
    return None if value is None else str(value)


def _count(node: Any, name: str) -> int:
    try:
        return max(1, int(_attr(node, name) or 1))
    except ValueError:
        return 1


def _rows(node: Any) -> Iterator[Any]:
    """The table rows below a node, in order, through header rows and row groups."""
    for child in node.childNodes:
        if child.qname == (_TABLE, "table-row"):
            yield child
        elif child.qname[0] == _TABLE and child.qname[1] in ("table-header-rows", "table-row-group", "table-rows"):
            yield from _rows(child)


def _grid(sheet: Any) -> Grid:
    """One sheet's printed cell text and merged ranges."""
    name = _attr(sheet, "name") or "Sheet1"
    where = sheet_ref(name)
    cells: dict[tuple[int, int], str] = {}
    merged: list[Span] = []
    r = 0
    hidden_rows: list[tuple[int, int]] = []
    for row in _rows(sheet):
        repeat = _count(row, "number-rows-repeated")
        if _attr(row, "visibility") in _HIDDEN:
            hidden_rows.append((r + 1, r + repeat))
        c = 0
        for cell in row.childNodes:
            if cell.qname[0] != _TABLE or cell.qname[1] not in ("table-cell", "covered-table-cell"):
                continue
            columns = _count(cell, "number-columns-repeated")
            text = _text(cell)
            if text is not None:
                if r + repeat > MAX_ROWS or c + columns > MAX_COLS or len(cells) + repeat * columns > MAX_CELLS:
                    limits = f"{MAX_ROWS:,} rows, {MAX_COLS:,} columns or {MAX_CELLS:,} cells"
                    raise InputError(f"{where}: text beyond {limits}; perfeval reads no more")
                for dr in range(repeat):
                    for dc in range(columns):
                        cells[(r + dr + 1, c + dc + 1)] = text
                        spanned = (_count(cell, "number-rows-spanned"), _count(cell, "number-columns-spanned"))
                        if spanned != (1, 1):
                            merged.append((r + dr + 1, c + dc + 1, r + dr + spanned[0], c + dc + spanned[1]))
            elif cell.qname[1] == "table-cell" and (
                _attr(cell, "number-columns-spanned") or _attr(cell, "number-rows-spanned")
            ):
                spanned = (_count(cell, "number-rows-spanned"), _count(cell, "number-columns-spanned"))
                merged.append((r + 1, c + 1, r + spanned[0], c + spanned[1]))
            c += columns
        r += repeat
    spans = bounded(cells, merged, where)
    rows = in_runs({r for r, _ in cells}, hidden_rows)
    cols = in_runs({c for _, c in cells}, _hidden_columns(sheet)[0])
    return Grid(name, shown_cells(cells, spans, rows, cols), spans)  # hidden rows and columns do not print


#: The visibility of a row or column that does not print: hidden, or filtered out.
_HIDDEN = ("collapse", "filter")


def _hidden_columns(node: Any, start: int = 0) -> tuple[list[tuple[int, int]], int]:
    """The runs of hidden columns (1-based, inclusive) a table's column elements declare, and where they end."""
    runs: list[tuple[int, int]] = []
    c = start
    for child in node.childNodes:
        if child.qname == (_TABLE, "table-column"):
            repeat = _count(child, "number-columns-repeated")
            if _attr(child, "visibility") in _HIDDEN:
                runs.append((c + 1, c + repeat))
            c += repeat
        elif child.qname[0] == _TABLE and child.qname[1] in (
            "table-columns",
            "table-header-columns",
            "table-column-group",
        ):
            inner, c = _hidden_columns(child, c)
            runs += inner
    return runs, c


#: Dashes an accounting format prints for 0, and the value types that hold a number.
_DASHES = frozenset({"-", "–", "—"})
_NUMERIC = frozenset({"float", "currency", "percentage"})


def _is_zero(cell: Any) -> bool:
    """Whether a cell's ``office:value`` is the number 0."""
    try:
        return Decimal(str(cell.attributes.get((_OFFICE, "value")))) == 0
    except InvalidOperation:
        return False


def _text(cell: Any) -> str | None:
    """The cell's printed text: its paragraphs, one a line (outer white space stripped).

    A cell written by a program may hold its value without the text it shows
    (no ``text:p``): its ``office:value`` (or date, boolean, string value) is then read.
    """
    from odf import teletype

    lines = [teletype.extractText(p) for p in cell.childNodes if p.qname == (_TEXT, "p")]
    text = "\n".join(lines).strip()
    kind = cell.attributes.get((_OFFICE, "value-type"))
    if text in _DASHES and kind in _NUMERIC and _is_zero(cell):
        return "0"  # an accounting format's zero, printed as a dash: the number it holds, not a blank (as in .xlsx)
    if not text:
        attribute = {"date": "date-value", "time": "time-value", "boolean": "boolean-value", "string": "string-value"}
        value = cell.attributes.get((_OFFICE, attribute.get(str(kind), "value"))) if kind is not None else None
        text = (display_text(str(value)) or "") if value is not None else ""
        if kind in _NUMERIC and text:
            with contextlib.suppress(InvalidOperation):
                text = display_text(Decimal(text)) or ""
    return text or None
