"""Reading old ``.xls`` workbooks (Excel 97–2003) with xlrd: each sheet becomes a grid for the form reader.

Needs the ``xls`` extra.  xlrd is the one maintained reader of the BIFF
format; ``formatting_info=True`` gives the merged cells and each number's
format, so numbers read as Excel shows them (``1,052.96``), as in ``.xlsx``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from perfeval.errors import InputError, PerfevalError
from perfeval.read.cell_text import display_text
from perfeval.read.form import tables_from_grids
from perfeval.read.grid import MAX_CELLS, MAX_COLS, MAX_ROWS, Grid, bounded, missing_extra, sheet_ref
from perfeval.read.hidden import shown_cells
from perfeval.record import Record

__all__ = ["read_xls"]


def _require_xlrd() -> Any:
    try:
        import xlrd
    except ImportError:
        raise missing_extra(".xls workbooks", "xlrd", "xls") from None
    return xlrd


def read_xls(path: Path, source: str) -> Iterator[Record]:
    """Records of every form in an ``.xls`` workbook; an unreadable workbook is one error record."""
    try:
        xlrd = _require_xlrd()
        try:
            book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
        except OSError as error:
            raise InputError(f"cannot read the file: {error.strerror or error}") from None
        except Exception as error:  # xlrd raises its own XLRDError and struct errors for damaged files
            raise InputError(f"not an .xls workbook: {type(error).__name__}: {error}"[:500]) from None
    except PerfevalError as error:
        yield Record(source, 0, error=error.located(source, 0))
        return
    try:
        first = sheet_ref(book.sheet_names()[0]) + "!A1" if book.nsheets else "A1"
        yield from tables_from_grids(_grids(xlrd, book), source, first)
    finally:
        book.release_resources()


def _grids(xlrd: Any, book: Any) -> Iterator[Grid | PerfevalError]:
    for index in range(book.nsheets):
        try:
            sheet = book.sheet_by_index(index)
            if sheet.visibility:  # hidden (1) or very hidden (2): it does not print, and is not read
                continue
            yield _grid(xlrd, book, sheet)
        except PerfevalError as error:
            yield error
        except Exception as error:  # a damaged sheet: its error, and the next sheet is still read
            yield InputError(f"sheet {index + 1} of the .xls workbook cannot be read: {type(error).__name__}: {error}")
        finally:
            book.unload_sheet(index)


def _grid(xlrd: Any, book: Any, sheet: Any) -> Grid:
    """One sheet's printed cell text and merged ranges."""
    where = sheet_ref(sheet.name)
    if sheet.nrows > MAX_ROWS or sheet.ncols > MAX_COLS or sheet.nrows * sheet.ncols > 4 * MAX_CELLS:
        raise InputError(
            f"{where}: {sheet.nrows:,} rows by {sheet.ncols:,} columns; perfeval reads no more than "
            f"{MAX_ROWS:,} rows, {MAX_COLS:,} columns"
        )
    cells: dict[tuple[int, int], str] = {}
    for r in range(sheet.nrows):
        types, values = sheet.row_types(r), sheet.row_values(r)
        for c, (kind, value) in enumerate(zip(types, values, strict=False)):
            if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                continue
            text = _text(xlrd, book, sheet, r, c, kind, value)
            if text is not None:
                cells[(r + 1, c + 1)] = text
    merged = bounded(cells, [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in sheet.merged_cells], where)
    rows = frozenset(r + 1 for r, info in sheet.rowinfo_map.items() if info.hidden)
    cols = frozenset(c + 1 for c, info in sheet.colinfo_map.items() if info.hidden)
    return Grid(sheet.name, shown_cells(cells, merged, rows, cols), merged)  # hidden rows and columns do not print


def _text(xlrd: Any, book: Any, sheet: Any, r: int, c: int, kind: int, value: Any) -> str | None:
    """A cell's printed text: a number in its cell's format, a date as its format shows it."""
    if kind == xlrd.XL_CELL_TEXT:
        return display_text(value)
    if kind == xlrd.XL_CELL_BOOLEAN:
        return display_text(bool(value))
    xf = book.xf_list[sheet.cell_xf_index(r, c)]
    found = book.format_map.get(xf.format_key)
    number_format = found.format_str if found is not None else "General"
    if kind == xlrd.XL_CELL_DATE:
        try:
            return display_text(xlrd.xldate_as_datetime(value, book.datemode), number_format)
        except Exception:  # a date out of range: its serial number, as Excel shows #### otherwise
            return display_text(value)
    return display_text(value, number_format)
