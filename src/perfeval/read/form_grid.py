"""A grid as the form reader walks it: text and label keys by cell, merged cells by their origin, tables told apart."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import NamedTuple

from perfeval.read.grid import Grid, Pos
from perfeval.read.labels import HEADINGS, TITLE, core_key, label_key, label_of


class FormGrid:
    """One grid's filled cells as text and label keys, merged cells known by their top-left origin."""

    def __init__(self, grid: Grid) -> None:
        self.grid = grid
        self.name: str = grid.name
        self.cells: dict[Pos, str] = dict(grid.cells)
        self.keys: dict[Pos, str] = {pos: label_key(text) for pos, text in self.cells.items()}
        self.origin: dict[Pos, Pos] = {}
        self.span: dict[Pos, tuple[int, int, int, int]] = {}
        for r1, c1, r2, c2 in grid.merged:
            self.span[(r1, c1)] = (r1, c1, r2, c2)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    self.origin[(r, c)] = (r1, c1)
        #: Filled cells in reading order, and their rows (for windows by bisection).
        self.order = sorted(self.keys)
        self._order_rows = [r for r, _ in self.order]
        #: The label each label cell spells (by :func:`label_of`).
        self.canon = {p: found for p in self.order if (found := label_of(self.keys[p])) is not None}
        self._labels = [(p, self.canon[p]) for p in self.order if p in self.canon]
        self._label_rows = [r for (r, _), _ in self._labels]
        self.spans_from: dict[int, list[Pos]] = {}
        for r1, c1, _, _ in sorted(self.span.values()):
            self.spans_from.setdefault(r1, []).append((r1, c1))
        self.max_row = max([r for r, _ in self.cells] + [r for r, *_ in self.span.values()] + [0])
        self.max_col = max([c for _, c in self.cells] + [c for *_, c in self.span.values()] + [0])
        #: The columns of each row where :meth:`at` finds text, in order: rows and columns are
        #: walked by what the sheet holds, never by its size (one far-away cell, a header merged
        #: across 16,384 columns).
        filled: dict[int, list[int]] = {}
        for r, c in self.cells.keys() | self.origin.keys():
            if self.at(r, c)[1] is not None:
                filled.setdefault(r, []).append(c)
        self._row_cols = {r: sorted(cols) for r, cols in filled.items()}
        #: The rows where :meth:`at` finds text, in order.
        self.text_rows = sorted(self._row_cols)

    def ref(self, pos: Pos) -> str:
        return self.grid.ref(pos)

    def at(self, r: int, c: int) -> tuple[Pos, str | None]:
        """The origin and text of the cell at ``(r, c)`` (a merged cell's own on every cell it covers)."""
        origin = self.origin.get((r, c), (r, c))
        return origin, self.cells.get(origin)

    def columns(self, pos: Pos) -> tuple[int, int]:
        _, c1, _, c2 = self.span.get(pos, (*pos, *pos))
        return c1, c2

    def bottom(self, pos: Pos) -> int:
        return self.span.get(pos, (*pos, *pos))[2]

    def labels(self, rows: tuple[int, int]) -> list[tuple[Pos, str]]:
        """Label cells (origins) in ``rows`` in reading order, with their canonical label."""
        lo, hi = bisect.bisect_left(self._label_rows, rows[0]), bisect.bisect_right(self._label_rows, rows[1])
        return self._labels[lo:hi]

    def filled(self, rows: tuple[int, int]) -> list[Pos]:
        """Filled cells (origins) in ``rows`` in reading order."""
        lo, hi = bisect.bisect_left(self._order_rows, rows[0]), bisect.bisect_right(self._order_rows, rows[1])
        return self.order[lo:hi]

    def text_columns(self, row: int, c1: int, c2: int) -> Iterator[int]:
        """The columns ``c1..c2`` of ``row`` where :meth:`at` finds text, left to right."""
        cols = self._row_cols.get(row, [])
        for i in range(bisect.bisect_left(cols, c1), bisect.bisect_right(cols, c2)):
            yield cols[i]

    def value_in(self, row: int, c1: int, c2: int, exclude: Pos | None = None) -> tuple[Pos, str | None]:
        """The first filled cell of ``row`` in columns ``c1..c2`` whose origin lies in those columns."""
        for c in self.text_columns(row, c1, c2):
            origin, text = self.at(row, c)
            if text is not None and origin != exclude and c1 <= origin[1] <= c2:
                return origin, text
        return (row, c1), None

    def right_of(self, pos: Pos) -> tuple[Pos, str | None]:
        """The first filled cell right of a label on its row; ``None`` when that is another label."""
        _, c2 = self.columns(pos)
        for c in self.text_columns(pos[0], c2 + 1, self.max_col):
            origin, text = self.at(pos[0], c)
            if text is None or origin == pos:
                continue
            if self.is_label(origin):
                return (pos[0], c2 + 1), None
            return origin, text
        return (pos[0], c2 + 1), None

    def is_label(self, pos: Pos) -> bool:
        """Whether the cell is a label or a heading of the form rather than a value."""
        key = self.keys.get(pos, "")
        return pos in self.canon or key in HEADINGS or core_key(key) in HEADINGS

    def below(self, pos: Pos) -> tuple[Pos, str | None]:
        """The first filled cell on the row below a label, within the label's columns."""
        c1, c2 = self.columns(pos)
        return self.value_in(self.bottom(pos) + 1, c1, c2, exclude=pos)

    def heads_column(self, pos: Pos) -> bool:
        """Whether a label heads a column (its value on the row below), decided by the labels beside it.

        It does when the cell right after it is a label (总分值 | 总得分 | 自评等级), or that cell is
        blank and the nearest filled cell left of it is a label; never by whether a value is blank.
        """
        c1, c2 = self.columns(pos)
        origin, text = self.at(pos[0], c2 + 1)
        if text is not None:
            return self.is_label(origin)
        left = list(self.text_columns(pos[0], 1, c1 - 1))
        return bool(left) and self.is_label(self.at(pos[0], left[-1])[0])

    def value_of(self, pos: Pos) -> tuple[Pos, str | None]:
        """A label's value: below it when it heads a column, else right of it on its own row.

        A blank value cell is blank: the value is never looked for on another row (the 备注
        line under a blank 自评等级 is not its grade), and a label is never a value.
        """
        if not self.heads_column(pos):
            return self.right_of(pos)
        found = self.below(pos)
        return ((self.bottom(pos) + 1, pos[1]), None) if found[1] is not None and self.is_label(found[0]) else found


class Segment(NamedTuple):
    """Where one table of a sheet lies: its anchor cell, its rows, and the title it stands under."""

    anchor: Pos
    first: int
    last: int
    heading: Pos | None


def table_segments(grid: FormGrid) -> list[Segment]:
    """The tables of a sheet, top to bottom.

    A table starts at its title (the cell holding 项目支出绩效自评表) or, when no title
    separates it from the table above, at its own 项目名称 label.
    """
    titles = [(p, True) for p, key in grid.keys.items() if TITLE in key and len(key) <= 60]
    projects = [(p, False) for p, key in grid.keys.items() if _is_project_label(grid, p)]
    starts: list[tuple[Pos, Pos | None]] = []
    heading: Pos | None = None
    claimed = False  # whether the last title already has its table's 项目名称
    last_row = 0
    for pos, is_title in sorted(titles + projects, key=lambda e: (e[0][0], not e[1], e[0][1])):
        if pos[0] <= last_row:
            continue  # one table starts on a row
        last_row = pos[0]
        if is_title:
            heading, claimed = pos, False
            starts.append((pos, pos))
        elif starts and starts[-1][0] == heading and not claimed:
            claimed = True
        else:
            starts.append((pos, heading))
    out = []
    for i, (pos, above) in enumerate(starts):
        last = starts[i + 1][0][0] - 1 if i + 1 < len(starts) else grid.max_row
        out.append(Segment(pos, pos[0], last, above))
    return out


def _is_project_label(grid: FormGrid, pos: Pos) -> bool:
    """Whether a cell is a 项目名称 label (alone, qualified, or followed by ``：`` and the name)."""
    return grid.canon.get(pos) == "项目名称" or grid.keys[pos].startswith("项目名称:")
