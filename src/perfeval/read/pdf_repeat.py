"""Header rows a word processor printed again at the top of a page (重复标题行), dropped before pages are joined.

Word and Writer repeat a table's header rows on each page it runs over.  Left
in, the repeat stands between the two halves of a row the page break cut, so
the halves were read as two indicators; and it looked like a second table.  A
page's first table opening with rows that print, cell for cell at the same
places, a header row seen earlier in the document (one holding 一级指标 or
实际完成值) loses those rows, unless a title or 项目名称 line above it opens a
new form; the row under them is then the one that may carry on.  Header rows
are remembered from the last page holding a title or 项目名称 on: a form whose
indicator table opens a page is not robbed of its header by the form before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from perfeval.read.labels import TITLE, label_key, label_of
from perfeval.read.pdf_breaks import SNAP, Cells, edge_row

__all__ = ["drop_repeated_headers"]

#: Labels of an indicator header row: a repeated row must hold one of them and 3 cells or more.
_HEADER_LABELS = frozenset({"一级指标", "二级指标", "三级指标", "实际完成值"})


def drop_repeated_headers(pages: Sequence[Any]) -> None:
    """Drop, from each page's first table, the leading rows that repeat a header row of an earlier page."""
    seen: list[list[tuple[float, float, str]]] = []
    for page in pages:
        if page.tables and seen and not _new_form_above(page):
            cells = page.tables[0][1]
            while cells and (row := edge_row(cells, last=False)) and any(_same(_sig(cells, row), s) for s in seen):
                dropped = set(row)
                cells = [cell for n, cell in enumerate(cells) if n not in dropped]
            page.tables[0] = (page.tables[0][0], cells)
            if not cells:
                del page.tables[0]
        if _opens_form(page):
            seen = []  # a new form begins here: only its own header rows repeat from now on
        for _, cells in page.tables:
            seen += [sig for row in _rows(cells) if _is_header(sig := _sig(cells, row))]


def _new_form_above(page: Any) -> bool:
    """Whether a title or 项目名称 line stands above the page's first table: a new form, not a continued one."""
    top = page.tables[0][0][1]
    return any(_opens(label_key(text)) for y, parts in page.lines if y < top for _, text in parts)


def _opens_form(page: Any) -> bool:
    """Whether a title or 项目名称 stands anywhere on the page, in a line or a table's cell."""
    keys = [label_key(text) for _, parts in page.lines for _, text in parts]
    keys += [label_key(text or "") for _, cells in page.tables for _, text in cells]
    return any(map(_opens, keys))


def _opens(key: str) -> bool:
    """Whether a folded text opens a form: the title, or the 项目名称 line."""
    return TITLE in key or key.startswith("项目名称")


def _rows(cells: Cells) -> list[list[int]]:
    tops = sorted({round(box[1], 1) for box, _ in cells})
    return [[i for i, (box, _) in enumerate(cells) if abs(box[1] - top) <= SNAP] for top in tops]


def _sig(cells: Cells, row: list[int]) -> list[tuple[float, float, str]]:
    return sorted((cells[i][0][0], cells[i][0][2], label_key(cells[i][1] or "")) for i in row)


def _is_header(sig: list[tuple[float, float, str]]) -> bool:
    return len(sig) >= 3 and any(label_of(key) in _HEADER_LABELS for *_, key in sig if key)


def _same(a: list[tuple[float, float, str]], b: list[tuple[float, float, str]]) -> bool:
    return len(a) == len(b) and all(
        abs(x[0] - y[0]) <= SNAP and abs(x[1] - y[1]) <= SNAP and x[2] == y[2] for x, y in zip(a, b, strict=True)
    )
