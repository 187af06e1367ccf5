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

#: Labels no indicator row holds: past one, a header printed again heads another form's indicators.
_STOP = frozenset(
    {"总分", "总分值", "总得分", "自评等级", "其他需要说明的事项", "得分", "分值", "项目名称", "主管部门", "实施单位"}
    | {"年初预算数", "全年预算数", "全年执行数", "年度资金总额", "当年财政拨款", "上年结转资金", "预期目标"}
)

#: A header repeats only when it holds at least this many cells (never one stray 得分).
_MIN_CELLS = 3


def repeated_headers(g: FormGrid, header: Pos, rows: Sequence[int]) -> frozenset[int]:
    """The rows among ``rows`` (below the indicator header at ``header``) that print the whole header again.

    Every header row must come again, in order, on consecutive rows: a part of it
    (its first row printed otherwise) is no repeat, and the second header is refused;
    so is one past the indicators' end or another form's labels (a form glued below).
    """
    bottom = g.bottom(header)
    top = min([bottom, *(pos[0] for pos in g.filled((header[0] - 2, bottom)) if g.bottom(pos) >= header[0])])
    want = [_row(g, r) for r in range(top, bottom + 1)]
    if sum(len(sig) for sig in want) < _MIN_CELLS or not all(want):
        return frozenset()
    found: set[int] = set()
    rows = list(rows)
    i = 0
    while i < len(rows):
        run = rows[i : i + len(want)]
        if len(run) == len(want) and run[-1] - run[0] == len(want) - 1 and [_row(g, r) for r in run] == want:
            found.update(run)
            i += len(want)
        elif any(label in _STOP for _, label in g.labels((rows[i], rows[i]))):
            break  # the indicators end here (总分, 其他需要说明的事项), or another form begins (its 项目名称, funds)
        else:
            i += 1
    return frozenset(found)


def _row(g: FormGrid, r: int) -> tuple[tuple[int, int, str], ...]:
    """The cells beginning on row ``r``: their columns and text (folded)."""
    return tuple((*g.columns(pos), g.keys[pos]) for pos in g.filled((r, r)))
