"""Header rows printed again where an indicator table carries on (a new page, a second Word table).

Word repeats a table's header rows on every page (重复标题行) and a department
continuing its form in a second table after a page break often copies them; a
PDF then shows the 一级指标 … 得分 rows again among the indicators.  A row
holding exactly the text of one of the header's rows, cell for cell in the same
columns, is that repeat: it is neither an indicator nor a second table.
"""

from __future__ import annotations

from collections.abc import Sequence

from perfeval.read.form_grid import FormGrid
from perfeval.read.grid import Pos

__all__ = ["repeated_headers"]

#: A row repeats the header only when it holds at least this many of its cells (never one stray 得分).
_MIN_CELLS = 3


def repeated_headers(g: FormGrid, header: Pos, rows: Sequence[int]) -> frozenset[int]:
    """The rows among ``rows`` (below the indicator header at ``header``) that print a header row again."""
    bottom = g.bottom(header)
    top = min([bottom, *(pos[0] for pos in g.filled((header[0] - 2, bottom)) if g.bottom(pos) >= header[0])])
    header_rows = {_row(g, r) for r in range(top, bottom + 1)}
    header_rows = {sig for sig in header_rows if len(sig) >= _MIN_CELLS}
    return frozenset(r for r in rows if _row(g, r) in header_rows)


def _row(g: FormGrid, r: int) -> tuple[tuple[int, int, str], ...]:
    """The cells beginning on row ``r``: their columns and text (folded)."""
    return tuple((*g.columns(pos), g.keys[pos]) for pos in g.filled((r, r)))
