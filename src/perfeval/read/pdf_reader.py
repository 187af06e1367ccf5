"""Reading PDF files with a text layer with pdfplumber: the ruled tables of every page, stacked as one grid.

Needs the ``pdf`` extra.  A PDF printed from Word or Excel draws each table's
ruling lines and places each character; pdfplumber finds the tables from the
lines (a cell is a box the lines close), and each character goes to the cell
its centre lies in.  Cells spanning several columns or rows become merged
ranges.  Columns are placed by their x-positions across the whole document,
so a form cut by a page break joins its rest on the next page: both parts
stack into one grid with the same columns.  Text outside the tables (the
title 项目支出绩效自评表, 编制单位…) becomes lines of their own; page numbers
(``第 3 页``, ``- 3 -``, ``3/10``) are dropped.

Text wrapped inside a cell is joined again: without a space between Chinese
characters, with one between Latin words.  A PDF without any text (a scan)
is an :class:`~perfeval.errors.InputError` asking for OCR first (``ocrmypdf``
adds a text layer), never an empty result.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from perfeval.errors import InputError, PerfevalError
from perfeval.read.form import tables_from_grids
from perfeval.read.grid import MAX_COLS, MAX_PAGES, MAX_TABLES, Grid, Span, Stack, missing_extra
from perfeval.read.labels import HEADINGS, label_key, label_of
from perfeval.read.pdf_breaks import SNAP, Shape, continues, edge_row, shape, spreadsheet
from perfeval.read.pdf_repeat import drop_repeated_headers
from perfeval.record import Record

__all__ = ["NO_TEXT", "read_pdf"]

NO_TEXT = "no text layer — run OCR first (e.g. ocrmypdf), then read the OCR'd PDF"
#: Words on one text line further apart than this (in points) are separate cells.
_GAP = 12.0
_PAGE_NUMBER = re.compile(
    r"(第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|[-—–]?\s*\d+\s*[-—–]?|page\s*\d+(\s*(of|/)\s*\d+)?|\d+\s*/\s*\d+)",
    re.IGNORECASE,
)


def _require_pdfplumber() -> Any:
    try:
        import pdfplumber
    except ImportError:
        raise missing_extra("PDF files", "pdfplumber", "pdf") from None
    return pdfplumber


def read_pdf(path: Path, source: str) -> Iterator[Record]:
    """Records of every form in a PDF file; an unreadable or scanned PDF is one error record."""
    try:
        pdfplumber = _require_pdfplumber()
        try:
            pdf = pdfplumber.open(str(path))
        except OSError as error:
            raise InputError(f"cannot read the file: {error.strerror or error}") from None
        except Exception as error:  # pdfminer raises its own syntax errors for damaged files
            raise InputError(f"not a PDF file: {type(error).__name__}: {error}"[:500]) from None
    except PerfevalError as error:
        yield Record(source, 0, error=error.located(source, 0))
        return
    with pdf:
        try:
            items: list[Grid | PerfevalError] = list(_grids(pdf, path.name))
        except PerfevalError as error:
            items = [error]
        except Exception as error:  # a damaged page stream
            items = [InputError(f"the PDF cannot be read: {type(error).__name__}: {error}"[:500])]
    yield from tables_from_grids(items, source, "page 1", "the document")


class _Page:
    """What one page holds: its ruled tables (their cells' boxes and text) and the lines of text outside them."""

    def __init__(self, page: Any, number: int) -> None:
        self.number = number
        self.has_text = bool(page.chars)
        #: Characters drawn in a font without a map to Unicode: pdfminer names them ``(cid:123)``.
        self.unmapped = sum(1 for c in page.chars if c["text"].startswith("(cid:"))
        self.count = len(page.chars)
        self.has_images = bool(page.images)
        self.tables: list[tuple[tuple[float, ...], list[tuple[tuple[float, ...], str]]]] = []
        #: How each cell's text sits in its box (by the box): what tells a row a page break cut.
        self.shapes: dict[tuple[float, ...], Shape | None] = {}
        if not self.has_text:
            self.lines: list[tuple[float, list[tuple[float, str]]]] = []
            return
        found = page.find_tables(_closing_lines(page))
        chars = page.chars
        for table in found:
            boxes = [tuple(c) for c in table.cells]
            self.tables.append((tuple(table.bbox), _cell_texts(boxes, chars, self.shapes)))
        inside = [t.bbox for t in found]
        words = [w for w in page.extract_words() if not _within(w, inside)]
        self.lines = _lines(words)

    def x_edges(self) -> Iterator[float]:
        for _, cells in self.tables:
            for (x0, _, x1, _), _ in cells:
                yield x0
                yield x1


def _closing_lines(page: Any) -> dict[str, Any]:
    """Table settings closing the boxes a page break leaves open: a line across the ends of the ruled columns.

    A merged cell cut by a page break has no bottom line on its first page and no
    top line on the next; its text (often printed in the open part) would belong
    to no cell.  The highest top and lowest bottom of the vertical rules close them.
    """
    rules = [e for e in page.edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 2]
    if not rules:
        return {}
    return {"explicit_horizontal_lines": [min(e["top"] for e in rules), max(e["bottom"] for e in rules)]}


def _overlaps(item: dict[str, Any], box: Sequence[float]) -> bool:
    """Whether a character or word overlaps a box (by more than a sliver)."""
    return bool(
        item["x1"] > box[0] + 0.5
        and item["x0"] < box[2] - 0.5
        and item["bottom"] > box[1] + 0.5
        and item["top"] < box[3] - 0.5
    )


def _within(word: dict[str, Any], boxes: Sequence[tuple[float, ...]]) -> bool:
    """Whether a word lies (even partly) in a table: then its characters are the table's."""
    return any(_overlaps(word, b) for b in boxes)


def _cell_texts(
    boxes: list[tuple[float, ...]],
    chars: list[dict[str, Any]],
    shapes: dict[tuple[float, ...], Shape | None] | None = None,
) -> list[tuple[tuple[float, ...], str]]:
    """Each cell's box and the text printed in it; each cell's :class:`Shape` goes into ``shapes`` if given.

    Characters are taken in the order the page draws them and joined into runs
    (one cell's line of text); a run goes to the cell it was printed in, even
    when it overflows into its neighbours (text wider than its column, which
    the viewer clips but the PDF still holds): see :func:`_owner`.
    """
    xs = _snap([x for b in boxes for x in (b[0], b[2])])
    ys = _snap([y for b in boxes for y in (b[1], b[3])])
    slot: dict[tuple[int, int], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(boxes):
        for r in range(_index(ys, top), _index(ys, bottom)):
            for c in range(_index(xs, x0), _index(xs, x1)):
                slot[(r, c)] = i
    held: list[list[_Run]] = [[] for _ in boxes]
    for run in _runs([c for c in chars if _overlaps(c, (xs[0], ys[0], xs[-1], ys[-1]))], xs):
        # A run over the table's edge (a merged cell's text cut by the page break) joins the edge row.
        r = min(max(bisect.bisect_right(ys, (run.top + run.bottom) / 2) - 1, 0), len(ys) - 2)
        first = min(max(bisect.bisect_right(xs, run.x0 + 0.5) - 1, 0), len(xs) - 2)
        last = min(max(bisect.bisect_left(xs, run.x1 - 0.5) - 1, 0), len(xs) - 2)
        candidates = sorted({slot[(r, c)] for c in range(first, last + 1) if (r, c) in slot})
        if candidates:
            held[_owner(run, [boxes[i] for i in candidates], candidates)].append(run)
    out = []
    for box, runs in zip(boxes, held, strict=True):
        lines = _text_lines(runs)
        if shapes is not None:
            shapes[box] = shape(box, lines)
        out.append((box, _cell_text(lines)))
    return out


class _Run(NamedTuple):
    """Characters drawn one after another on one line: a piece of one cell's text."""

    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    text: str
    #: Each character's width, to measure a word of it.
    widths: tuple[float, ...] = ()


def _runs(chars: list[dict[str, Any]], rules: list[float]) -> Iterator[_Run]:
    """The characters as runs, in drawing order.

    The next character continues a run when it abuts the last one on the same
    line, or follows it by less than a quarter of its size with no ruling line
    between them; a cell's padding on both sides of a ruling line parts two cells'
    texts, while text overflowing its cell continues seamlessly over the line.
    """
    run: list[dict[str, Any]] = []

    def done() -> _Run:
        size = max(c["size"] for c in run)
        top, bottom = min(c["top"] for c in run), max(c["bottom"] for c in run)
        text = "".join(c["text"] for c in run)
        return _Run(run[0]["x0"], run[-1]["x1"], top, bottom, size, text, tuple(c["x1"] - c["x0"] for c in run))

    for char in chars:
        if run:
            last = run[-1]
            size = max(last["size"], 1.0)
            gap = char["x0"] - last["x1"]
            same_line = abs(char["top"] - last["top"]) < size * 0.3
            k = bisect.bisect_left(rules, last["x1"] - 0.1)
            ruled = k < len(rules) and rules[k] <= char["x0"] + 0.1
            if same_line and (abs(gap) < 0.05 * size + 0.02 or (0 < gap < 0.25 * size and not ruled)):
                run.append(char)
                continue
            yield done()
        run = [char]
    if run:
        yield done()


def _owner(run: _Run, boxes: list[tuple[float, ...]], indexes: list[int]) -> int:
    """The cell a run was printed in, among the cells of its row it overlaps.

    A run inside one cell is that cell's. A run wider than its cell overflowed it:
    left-aligned text starts just inside its cell's left edge, centred text is
    centred on its cell, right-aligned text ends just inside its right edge.
    """
    if len(indexes) == 1:
        return indexes[0]
    pad = max(run.size, 3.0)
    middle = (run.x0 + run.x1) / 2
    for box, i in zip(boxes, indexes, strict=True):
        if box[0] - 0.5 <= run.x0 and run.x1 <= box[2] + 0.5:
            return i
    for box, i in zip(boxes, indexes, strict=True):
        if box[0] - 0.5 <= run.x0 <= box[0] + pad:
            return i
    for box, i in zip(boxes, indexes, strict=True):
        if abs((box[0] + box[2]) / 2 - middle) <= pad:
            return i
    for box, i in zip(boxes, indexes, strict=True):
        if box[2] - pad <= run.x1 <= box[2] + 0.5:
            return i
    return max(zip(boxes, indexes, strict=True), key=lambda e: min(e[0][2], run.x1) - max(e[0][0], run.x0))[1]


def _text_lines(runs: list[_Run]) -> list[list[_Run]]:
    """A cell's runs as lines of text, top to bottom, each left to right."""
    lines: list[list[_Run]] = []
    for run in sorted(runs, key=lambda r: (r.top, r.x0)):
        if lines and abs(lines[-1][0].top - run.top) < run.size * 0.5:
            lines[-1].append(run)
        else:
            lines.append([run])
    return [sorted(line, key=lambda r: r.x0) for line in lines]


def _cell_text(lines: list[list[_Run]]) -> str:
    """A cell's lines as its text: runs on one line joined left to right, the lines joined again (:func:`_unwrap`)."""
    texts = []
    for parts in lines:
        text = parts[0].text
        for before, run in itertools.pairwise(parts):
            text += (" " if run.x0 - before.x1 > run.size * 0.25 else "") + run.text
        texts.append(text)
    return _unwrap("\n".join(texts))


def _unwrap(text: str) -> str:
    """Text wrapped over lines of a cell, joined again: no space between Chinese characters, one between words.

    >>> _unwrap("进一步巩固已建立的粮食储\\n备，确保 100%"), _unwrap("public\\nservice")
    ('进一步巩固已建立的粮食储备，确保 100%', 'public service')
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    out = lines[0] if lines else ""
    for previous, line in itertools.pairwise(lines):
        glue = " " if out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum() else ""
        if glue and _split_number(previous, line):
            glue = ""
        out += glue + line
    return out


def _split_number(before: str, after: str) -> bool:
    """Whether a line break fell inside a number too wide for its cell (``221.0`` / ``0``): it is one number.

    A word processor breaks a line between words; it cuts a word only when the
    word does not fit on a line at all, as an amount in a narrow column: then the
    line before holds that one word (no space), ending in its digits.

    >>> _split_number("221.0", "0"), _split_number("达到3,00", "0万元"), _split_number("达到 2023", "100")
    (True, True, False)
    """
    return " " not in before and before[-1] in "0123456789.," and after[0].isdigit()


def _lines(words: list[dict[str, Any]]) -> list[tuple[float, list[tuple[float, str]]]]:
    """Words outside the tables as lines (top, [(x0, text)]), near words joined into one cell."""
    rows: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if rows and abs(rows[-1][0]["top"] - word["top"]) < 3:
            rows[-1].append(word)
        else:
            rows.append([word])
    out = []
    for row in rows:
        cells: list[tuple[float, str]] = []
        end = -1e9
        for word in sorted(row, key=lambda w: w["x0"]):
            if cells and word["x0"] - end < _GAP:
                cells[-1] = (cells[-1][0], cells[-1][1] + " " + word["text"])
            else:
                cells.append((word["x0"], word["text"]))
            end = word["x1"]
        text = " ".join(t for _, t in cells)
        if not _PAGE_NUMBER.fullmatch(text.strip()):
            out.append((row[0]["top"], cells))
    return out


def _snap(values: list[float]) -> list[float]:
    """Positions sorted, those within :data:`SNAP` of the last kept one dropped."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > SNAP:
            out.append(v)
    return out


def _index(edges: list[float], value: float) -> int:
    """The index of the edge nearest to ``value``."""
    i = bisect.bisect_left(edges, value)
    if i == len(edges) or (i > 0 and value - edges[i - 1] <= edges[i] - value):
        return max(i - 1, 0)
    return i


def _grids(pdf: Any, name: str) -> Iterator[Grid | PerfevalError]:
    """The document's one grid, then an error for each page that is a scan among pages with text."""
    if len(pdf.pages) > MAX_PAGES:
        raise InputError(f"{len(pdf.pages):,} pages; perfeval reads PDFs of at most {MAX_PAGES:,} pages")
    pages = []
    for n, page in enumerate(pdf.pages, start=1):
        pages.append(_Page(page, n))
        page.close()  # what the page parsed is let go: memory stays one page's, not the document's
    if not any(p.has_text for p in pages):
        raise InputError(f"{NO_TEXT}: none of its {len(pages)} pages holds any text")
    if 2 * sum(p.unmapped for p in pages) > sum(p.count for p in pages):
        raise InputError(f"its text is in fonts without a map to Unicode, so it cannot be read as text: {NO_TEXT}")
    if sum(len(p.tables) for p in pages) > MAX_TABLES:
        raise InputError(f"more than {MAX_TABLES:,} tables; perfeval reads no more")
    xs = _snap([x for p in pages for x in p.x_edges()])
    if len(xs) > MAX_COLS:
        raise InputError(f"its tables have more than {MAX_COLS:,} columns; perfeval reads no more")
    drop_repeated_headers(pages)
    for before, after in itertools.pairwise(pages):
        _place_cut_label(before, after)
    if not spreadsheet(pdf.metadata or {}):
        for before, after in itertools.pairwise(pages):
            _join_split_row(before, after)
    stack = Stack(name)
    for page in pages:
        _stack_page(stack, page, xs)
    yield stack.grid()
    for page in pages:
        if not page.has_text and page.has_images:
            yield InputError(f"page {page.number}: {NO_TEXT}")


def _column(xs: list[float], x: float) -> int:
    """The 1-based column a text starting at ``x`` falls in."""
    return max(bisect.bisect_right(xs, x + SNAP), 1)


def _place_cut_label(before: _Page, after: _Page) -> None:
    """Put back the label of a merged cell a page break cut, which a spreadsheet prints below the table.

    Calc centres a merged cell's text in the whole cell: cut by a page break, the
    text lands below the table on the first page, under the cell's empty last row,
    and is printed again at the top of the next page.  The stray line goes into
    the empty cell and the repeat is dropped: the label stands once, at its row.
    """
    if not (before.tables and after.tables):
        return
    upper, lower = before.tables[-1][1], after.tables[0][1]
    bottom = before.tables[-1][0][3]
    above, below = edge_row(upper, last=True), edge_row(lower, last=False)
    for n, (top, parts) in enumerate(before.lines):
        if top < bottom or len(parts) != 1:
            continue
        x, text = parts[0]
        i = next((i for i in above if upper[i][0][0] - SNAP <= x <= upper[i][0][2] and not upper[i][1]), None)
        j = next((j for j in below if lower[j][0][0] - SNAP <= x <= lower[j][0][2] and lower[j][1] == text), None)
        if i is None or j is None:
            continue
        upper[i] = (upper[i][0], text)
        lower[j] = (lower[j][0], "")
        del before.lines[n]
        return


def _join_split_row(before: _Page, after: _Page) -> None:
    """Join a table row a page break split (Word lets a row break across pages) into one row.

    Only the first row of the table opening ``after`` can continue the last row of
    the table closing ``before``, when both rows have the same cells; whether it
    does is read from how each cell's text sits in its box
    (:func:`~perfeval.read.pdf_breaks.continues`). A break the reader cannot tell
    (cells that disagree, or cells that carry on with text standing between the
    tables) is an :class:`~perfeval.errors.InputError` naming both pages, never a guess.
    """
    if not (before.tables and after.tables):
        return
    last_top, first_top = before.tables[-1][0][1], after.tables[0][0][1]
    between = [t for top, t in before.lines if top > last_top] + [t for top, t in after.lines if top < first_top]
    upper, lower = before.tables[-1][1], after.tables[0][1]
    above, below = edge_row(upper, last=True), edge_row(lower, last=False)
    if len(above) != len(below) or any(
        abs(upper[i][0][0] - lower[j][0][0]) > SNAP or abs(upper[i][0][2] - lower[j][0][2]) > SNAP
        for i, j in zip(above, below, strict=True)
    ):
        return
    verdict = continues(
        [(upper[i][0], upper[i][1], before.shapes.get(upper[i][0])) for i in above],
        [(lower[j][0], lower[j][1], after.shapes.get(lower[j][0])) for j in below],
        _is_label,
    )
    if between and not isinstance(verdict, str) and any(verdict):
        text = " ".join(t for _, t in between[0])[:20]
        verdict = f"its cells carry on, but the text {text!r} stands between them"
    if between and not isinstance(verdict, str):
        return  # a title or a note between two tables: the next table is another
    if isinstance(verdict, str):
        raise InputError(
            f"page {after.number}, table 1, row 1: cannot tell whether this row carries on the last row of page "
            f"{before.number} (a row broken across the page) or begins a new one: {verdict}; "
            "print the form with rows that do not break across pages, or read the file it was printed from"
        )
    for i, j, flag in zip(above, below, verdict, strict=True):
        if flag:
            upper[i] = (upper[i][0], _unwrap(upper[i][1] + "\n" + lower[j][1]))
    if not all(flag or not lower[j][1] for j, flag in zip(below, verdict, strict=True)):
        for j, flag in zip(below, verdict, strict=True):  # merged cells carried on; the row is a new one
            if flag:
                lower[j] = (lower[j][0], "")
        return
    after.tables[0] = (after.tables[0][0], [cell for n, cell in enumerate(lower) if n not in set(below)])
    if not after.tables[0][1]:
        del after.tables[0]


def _is_label(text: str) -> bool:
    """Whether a text is a whole label of the form (a row or column label, a heading)."""
    key = label_key(text)
    return label_of(key) is not None or key in HEADINGS


def _line_cells(xs: list[float], parts: list[tuple[float, str]]) -> list[tuple[int, str]]:
    """A text line's pieces at their columns: under the tables' columns, each piece right of the last."""
    cells: list[tuple[int, str]] = []
    for x, text in parts:
        col = _column(xs, x)
        cells.append((max(col, cells[-1][0] + 1) if cells else col, text))
    return cells


def _stack_page(stack: Stack, page: _Page, xs: list[float]) -> None:
    """Stack one page's tables and lines of text in their order down the page."""
    items: list[tuple[float, int, Any]] = [(top, 1, cells) for top, cells in page.lines]
    items += [(bbox[1], 0, (k, cells)) for k, (bbox, cells) in enumerate(page.tables, start=1)]
    following = 1
    for _, kind, item in sorted(items, key=lambda e: (e[0], e[1])):
        if kind == 1:
            where = f"page {page.number}, text " + (
                f"above table {following}" if following <= len(page.tables) else "below the tables"
            )
            stack.line(where, _line_cells(xs, item))
            continue
        k, cells = item
        following = k + 1
        ys = _snap([y for (_, top, _, bottom), _ in cells for y in (top, bottom)])
        spans: list[tuple[Span, str | None]] = []
        for (x0, top, x1, bottom), text in cells:
            r1, r2 = _index(ys, top) + 1, _index(ys, bottom)
            c1, c2 = _index(xs, x0) + 1, _index(xs, x1)
            spans.append(((r1, c1, max(r1, r2), max(c1, c2)), text or None))
        stack.table(f"page {page.number}, table {k}", spans, max(len(ys) - 1, 1))
