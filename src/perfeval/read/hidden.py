"""Hidden rows and columns of a sheet: not printed, so not read (a stale 得分 column, an old indicator row).

A form is read as it prints.  A hidden column holding last year's 得分 under the same header
would be taken for the scores (the first 得分 column wins), and a hidden row of an old
indicator would be scored; Excel prints neither.  A merged cell whose text lies in a hidden
row or column but that reaches a shown one is printed there, and is kept.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping

from perfeval.read.grid import Pos, Span


def shown_cells(
    cells: Mapping[Pos, str], merged: Iterable[Span], rows: frozenset[int], cols: frozenset[int]
) -> dict[Pos, str]:
    """The cells of a sheet that print: those outside the hidden ``rows`` and ``cols``.

    >>> shown_cells({(1, 1): "得分", (1, 2): "得分", (2, 1): "x"}, [], frozenset({2}), frozenset({1}))
    {(1, 2): '得分'}
    >>> shown_cells({(1, 1): "项目名称"}, [(1, 1, 1, 3)], frozenset(), frozenset({1}))
    {(1, 1): '项目名称'}
    """
    if not rows and not cols:
        return dict(cells)
    reaching = {
        (r1, c1)
        for r1, c1, r2, c2 in merged
        if any(r not in rows for r in range(r1, r2 + 1)) and any(c not in cols for c in range(c1, c2 + 1))
    }
    return {pos: text for pos, text in cells.items() if (pos[0] not in rows and pos[1] not in cols) or pos in reaching}


def in_runs(numbers: Iterable[int], runs: list[tuple[int, int]]) -> frozenset[int]:
    """Those of ``numbers`` inside one of the inclusive ``runs`` (hidden rows or columns given as runs).

    >>> sorted(in_runs([1, 3, 5, 9], [(2, 3), (5, 8)]))
    [3, 5]
    """
    starts = sorted(runs)
    if not starts:
        return frozenset()
    firsts = [a for a, _ in starts]
    reach: list[int] = []  # the furthest end of the runs so far, so overlapping runs are found
    for _, b in starts:
        reach.append(max(b, reach[-1]) if reach else b)
    return frozenset(n for n in numbers if (i := bisect.bisect_right(firsts, n) - 1) >= 0 and reach[i] >= n)


def openpyxl_hidden(ws: object, max_row: int, max_col: int) -> tuple[frozenset[int], frozenset[int]]:
    """The hidden rows and columns of an openpyxl worksheet, up to the sheet's last row and column."""
    rows = frozenset(r for r, dim in getattr(ws, "row_dimensions", {}).items() if dim.hidden and r <= max_row)
    cols: set[int] = set()
    for dim in getattr(ws, "column_dimensions", {}).values():
        if dim.hidden and dim.min is not None:
            cols.update(range(dim.min, min(dim.max or dim.min, max_col) + 1))
    return rows, frozenset(cols)
