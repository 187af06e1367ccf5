"""Whether a table row a page break cut carries on at the top of the next page: the signals pdfplumber leaves.

A word processor (Word, Writer) lets a row break across pages: every cell whose
text did not fit carries on in the first row of the next page, and the cells
that did fit are empty there.  A row that merely ends at the foot of a page and
a new row (a subtotal under a header, the next label of 项目资金) that opens the
next page look alike in the ruling lines, so each cell is asked how it was laid
out: a cell carries on only when its text on the first page runs down to the
bottom of the row (no room was left for another line), its continuation starts at
the top of the next page's row, and the continuation's first word would not have
fitted on the cell's last line (else the word processor would have put it there).
A spreadsheet (Excel, Calc, WPS) never breaks a row, so nothing is joined in a
PDF it printed.  A cell holding a whole label of the form (分值, 其中：当年财政拨款)
does not carry on unless the two pieces together are a label too.  A merged cell
reaching over the break carries on while the row beside it begins anew.  When
the cells disagree otherwise, or several texts without digits would each take a
bare number as their end (headers over a row of numbers), the reader cannot
tell and says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple, Protocol

__all__ = ["SNAP", "Cells", "Shape", "continues", "edge_row", "shape", "spreadsheet"]

#: Positions closer than this (in points) are one ruling line.
SNAP = 1.5
#: A page's table as pdfplumber's cells: each cell's box (x0, top, x1, bottom) and its text.
Cells = list[tuple[tuple[float, ...], str]]

#: Creators (PDF metadata) that print spreadsheets: their rows never break across pages.
_SPREADSHEETS = re.compile(r"calc|excel|\bet\b|spreadsheet|表格|numbers", re.IGNORECASE)
_NUMBER = re.compile(r"[-+]?[\d,.]*\d[\d,.]*%?")
#: Characters no line may start with (Chinese line breaking): they go with the word before them.
_NO_LINE_START = frozenset("，。、；：？！）」』》〉】〕”’,.;:?!)]}%…·")
#: Characters no line may end with: they go with the character after them.
_NO_LINE_END = frozenset("（「『《〈【〔([{")
#: Quotation marks: a line breaks neither before nor after one (Unicode line breaking, rule LB19).
_QUOTES = frozenset("“”‘’\"'")


class Piece(Protocol):
    """A run of characters on one line of a cell (pdf_reader's ``_Run``)."""

    @property
    def x0(self) -> float: ...
    @property
    def x1(self) -> float: ...
    @property
    def top(self) -> float: ...
    @property
    def bottom(self) -> float: ...
    @property
    def size(self) -> float: ...
    @property
    def text(self) -> str: ...
    @property
    def widths(self) -> tuple[float, ...]: ...


class Shape(NamedTuple):
    """Where a cell's text starts and ends inside its box: what tells a row cut by a page break."""

    first_top: float
    #: The width of the first word (a run of Latin letters and digits, or one Chinese character),
    #: with the punctuation no line may start with after it (格，), and what an opening bracket (（地)
    #: or a quotation mark (门“一) holds to.
    first_word: float
    last_bottom: float
    last_x1: float
    #: The cell's padding, measured at its widest line.
    pad: float
    size: float
    ends_latin: bool
    starts_latin: bool


def _latin(char: str) -> bool:
    return char.isascii() and not char.isspace()


def shape(box: Sequence[float], lines: Sequence[Sequence[Piece]]) -> Shape | None:
    """The shape of a cell's text, given its lines top to bottom (each left to right); None for an empty cell."""
    if not lines:
        return None
    last = max(lines[-1], key=lambda p: p.x1)
    # the first line's characters left to right (a line may be drawn in several runs, out of order)
    text = "".join(p.text for p in lines[0])
    widths: list[float] = []
    for p in lines[0]:
        even = [(p.x1 - p.x0) / max(len(p.text), 1)] * len(p.text)
        widths += p.widths if len(p.widths) == len(p.text) else even
    n = 1
    if _latin(text[0]):
        while n < len(text) and _latin(text[n]):
            n += 1
    while n < len(text) and (
        text[n] in _NO_LINE_START or text[n] in _QUOTES or text[n - 1] in _QUOTES or text[n - 1] in _NO_LINE_END
    ):
        n += 1
    word = sum(widths[:n])
    pad = max(min(line[0].x0 for line in lines) - box[0], 0.0)
    size = max(p.size for line in lines for p in line)
    return Shape(
        first_top=min(p.top for p in lines[0]),
        first_word=word,
        last_bottom=max(p.bottom for p in lines[-1]),
        last_x1=last.x1,
        pad=pad,
        size=size,
        ends_latin=last.text[-1:].isascii() and last.text[-1:].isalnum(),
        starts_latin=text[:1].isascii() and text[:1].isalnum(),
    )


def spreadsheet(metadata: dict[str, object]) -> bool:
    """Whether the PDF was printed by a spreadsheet, whose rows never break across pages."""
    return bool(_SPREADSHEETS.search(str(metadata.get("Creator", ""))))


Cell = tuple[Sequence[float], str, "Shape | None"]


def _full(upper: Cell) -> bool:
    """Whether a cell's text at the foot of a page runs down to it: no room was left for another line."""
    box, text, u = upper
    return bool(text) and u is not None and box[3] - u.last_bottom < 1.2 * u.size


def _carries_on(upper: Cell, lower: Cell, label: Callable[[str], bool]) -> bool:
    """Whether a cell's text filled to the page's foot (``upper``) carries on at the top of the next (``lower``)."""
    (ubox, utext, u), (lbox, ltext, low) = upper, lower
    if u is None or low is None:
        return False
    if label(utext) and not label(utext + ltext):
        return False
    starts_top = low.first_top - lbox[1] < 1.2 * low.size
    space = 0.25 * u.size if u.ends_latin and low.starts_latin else 0.0
    # the padding is measured at the text's left; the ruling line and the right padding take a little more
    fits = u.last_x1 + space + low.first_word <= ubox[2] - u.pad - 0.1 * u.size
    return starts_top and not fits


def continues(upper: Sequence[Cell], lower: Sequence[Cell], label: Callable[[str], bool]) -> tuple[bool, ...] | str:
    """Which cells of the row ``lower`` (opening a page) carry on those of ``upper`` (closing the page before).

    Both rows have the same cells, left to right; ``label`` says whether a text is
    a whole label of the form.  A word processor fills a broken row's cells down
    to the page's foot, so text under a cell that left room there (or is empty)
    begins a new row: a subtotal row's 90.00 over the next indicator's 30.00, a
    header's 分值 over the subtotal.  When every cell with text carries on, the row was
    broken across the page.  When only some do and every other one stands under a
    whole label (年度 / 总体目标 beside 预期目标 / its goal text), the row itself is a
    new one, and those of them not an amount are merged cells reaching over the
    break (年度资金总额's 19.73 at a page's foot is not joined with 其中：当年财政拨款's
    19.73 on the next).  Otherwise the
    reader cannot tell: the reason why.
    """
    if any(low[1] and not _full(u) for u, low in zip(upper, lower, strict=True)):
        return (False,) * len(upper)  # text under a cell with room left (or empty) begins a row: none was cut
    flags = tuple(bool(low[1]) and _carries_on(u, low, label) for u, low in zip(upper, lower, strict=True))
    if not any(flags):
        return flags
    anew = [u[1] for u, low, flag in zip(upper, lower, flags, strict=True) if low[1] and not flag]
    if anew and not all(label(text) for text in anew):
        return "some of its cells carry on from the row above and some begin anew"
    if anew:  # a new row beside merged cells: those hold labels and names, never an amount
        return tuple(flag and not _NUMBER.fullmatch(low[1]) for low, flag in zip(lower, flags, strict=True))
    glued = [
        (utext, ltext)
        for (_, utext, _), (_, ltext, _), flag in zip(upper, lower, flags, strict=True)
        if flag and _NUMBER.fullmatch(ltext) and not any(c.isdigit() for c in utext)
    ]
    if len(glued) > 1:  # headers over the numbers of a row (小于 / 600 alone is a target broken across)
        return "it would join numbers onto texts: " + ", ".join(f"{n} onto {t[-12:]!r}" for t, n in glued)
    return flags


def edge_row(cells: Cells, last: bool) -> list[int]:
    """The indexes of a table's cells on its first (or last) row, left to right."""
    edge = max(b[3] for b, _ in cells) if last else min(b[1] for b, _ in cells)
    row = [i for i, (b, _) in enumerate(cells) if abs((b[3] if last else b[1]) - edge) <= SNAP]
    return sorted(row, key=lambda i: cells[i][0][0])
