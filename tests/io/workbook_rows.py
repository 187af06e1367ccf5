"""A one-sheet workbook written from rows: the builder the workbook-reading tests share."""

from __future__ import annotations

from pathlib import Path

Row = list[object]


def write_rows(path: Path, rows: list[Row], merges: tuple[str, ...] = ()) -> Path:
    """A one-sheet workbook ("Sheet") of ``rows`` from A1, with the cells ``merges`` merged."""
    import openpyxl  # the tests that call this skip without the excel extra

    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    for merged in merges:
        wb.active.merge_cells(merged)
    wb.save(path)
    return path
