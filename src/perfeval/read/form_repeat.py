"""Header rows printed again where an indicator table carries on (a new page, a second Word table).

Word repeats a table's header rows on every page (重复标题行) and a department
continuing its form in a second table after a page break often copies them; a
PDF then shows the 一级指标 … 得分 rows again among the indicators.  Rows
holding exactly the text of the header's rows, cell for cell in the same
columns and in the same order, are that repeat: neither indicators nor a
second table.
"""

from __future__ import annotations

from collections.abc import Sequence

from perfeval.read.form_grid import FormGrid
from perfeval.read.grid import Pos

__all__ = ["repeated_headers"]

#: A header repeats only when it holds at least this many cells (never one stray 得分).
_MIN_CELLS = 3


def repeated_headers(g: FormGrid, header: Pos, rows: Sequence[int]) -> frozenset[int]:
    """The rows among ``rows`` (below the indicator header at ``header``) that print the whole header again.

    Every header row must come again, in order, on consecutive rows: a part of it
    (its first row printed otherwise) is no repeat, and the second header is refused.
    """
    bottom = g.bottom(header)
    top = min([bottom, *(pos[0] for pos in g.filled((header[0] - 2, bottom)) if g.bottom(pos) >= header[0])])
    want = [_row(g, r) for r in range(top, bottom + 1)]
    if sum(len(sig) for sig in want) < _MIN_CELLS or not all(want):
        return frozenset()
    found: set[int] = set()
    rows = list(rows)
    for i in range(len(rows) - len(want) + 1):
        run = rows[i : i + len(want)]
        if run[-1] - run[0] == len(want) - 1 and [_row(g, r) for r in run] == want:
            found.update(run)
    return frozenset(found)


def _row(g: FormGrid, r: int) -> tuple[tuple[int, int, str], ...]:
    """The cells beginning on row ``r``: their columns and text (folded)."""
    return tuple((*g.columns(pos), g.keys[pos]) for pos in g.filled((r, r)))
