"""Reading Word ``.docx`` documents with python-docx: every table, and the paragraphs around them, as one grid.

Needs the ``docx`` extra.  The body is read in order: a paragraph is a line
of text (the title 项目支出绩效自评表 is often one), a table its rows, with
merged cells from ``w:gridSpan`` (across) and ``w:vMerge`` (down) and
``w:gridBefore`` (cells a row leaves out at its start).  Several tables —
one form each, or one form split over two tables — stack in one grid, so the
form reader finds every form in order.  Tables nested in a cell are not read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from perfeval.errors import InputError, PerfevalError
from perfeval.read.form import tables_from_grids
from perfeval.read.grid import MAX_COLS, MAX_TABLES, Grid, Span, Stack, missing_extra
from perfeval.record import Record

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _require_docx() -> Any:
    try:
        import docx
    except ImportError:
        raise missing_extra(".docx documents", "python-docx", "docx") from None
    return docx


def read_docx(path: Path, source: str) -> Iterator[Record]:
    """Records of every form in a ``.docx`` document; an unreadable document is one error record."""
    try:
        docx = _require_docx()
        try:
            document = docx.Document(str(path))
        except OSError as error:
            raise InputError(f"cannot read the file: {error.strerror or error}") from None
        except Exception as error:  # python-docx raises zip, XML and package errors for damaged files
            raise InputError(f"not a .docx document: {type(error).__name__}: {error}"[:500]) from None
        grid: Grid | PerfevalError = _grid(document.element.body, path.name)
    except PerfevalError as error:
        grid = error
    yield from tables_from_grids([grid], source, "paragraph 1", "the document")


def _text(element: Any) -> str:
    """The text of a paragraph or cell: its runs' text, tabs and breaks; paragraphs one a line."""
    paragraphs = element.iter(f"{_W}p") if element.tag != f"{_W}p" else [element]
    lines = []
    for p in paragraphs:
        parts = []
        for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}sym"):
            if _hidden(node):
                continue
            if node.tag == f"{_W}sym":  # a character from a symbol font (插入 → 符号): its code point
                parts.append(_symbol(node.get(f"{_W}char") or "", node.get(f"{_W}font") or ""))
                continue
            parts.append(node.text or "" if node.tag == f"{_W}t" else "\t" if node.tag == f"{_W}tab" else "\n")
        lines.append("".join(parts))
    return "\n".join(lines).strip()


def _symbol(code: str, font: str) -> str:
    """A ``w:sym`` character: the Symbol font's own code as U+F0xx (read by :mod:`~perfeval.read.symbol_font`),
    another font's code point as itself; a code of another symbol font (Wingdings) is no character read."""
    try:
        value = int(code, 16)
    except ValueError:
        return "\ufffd"
    value = 0xF000 + value if value < 0x100 else value
    own = 0xF000 <= value <= 0xF0FF
    return "\ufffd" if value >= 0x110000 or (own and font.strip().lower() != "symbol") else chr(value)


def _hidden(node: Any) -> bool:
    """Whether a run's text does not print: hidden (``w:vanish``, 隐藏文字) or moved away in tracked changes."""
    run = node.getparent()
    if run is None:
        return False
    props = run.find(f"{_W}rPr")
    vanish = props.find(f"{_W}vanish") if props is not None else None
    if vanish is not None and vanish.get(f"{_W}val") not in ("0", "false", "off"):
        return True
    parent = run.getparent()
    return parent is not None and parent.tag == f"{_W}moveFrom"


def _grid(body: Any, name: str) -> Grid:
    stack = Stack(name)
    paragraphs = tables = 0
    for child in _blocks(body):
        if child.tag == f"{_W}p":
            paragraphs += 1
            text = _text(child)
            if text:
                stack.line(f"paragraph {paragraphs}", [(1, text)])
        elif child.tag == f"{_W}tbl":
            tables += 1
            if tables > MAX_TABLES:
                raise InputError(f"more than {MAX_TABLES:,} tables; perfeval reads no more")
            cells, height = _table(child)
            stack.table(f"table {tables}", cells, height)
    return stack.grid()


def _blocks(body: Any) -> Iterator[Any]:
    """The body's paragraphs and tables in order, through content controls (``w:sdt``) that wrap some."""
    return _within(body, None)


def _within(node: Any, tag: str | None) -> Iterator[Any]:
    """``node``'s children (those with ``tag``, if given), through the content controls (``w:sdt``) and custom
    XML that wrap some: a template's repeating section wraps rows, a form field a cell; skipped, they were lost."""
    for child in node.iterchildren():
        if child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _within(content, tag)
        elif child.tag == f"{_W}customXml":
            yield from _within(child, tag)
        elif tag is None or child.tag == tag:
            yield child


def _int(node: Any, tag: str, default: int) -> int:
    found = node.find(tag) if node is not None else None
    value = found.get(f"{_W}val") if found is not None else None
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _table(tbl: Any) -> tuple[list[tuple[Span, str | None]], int]:
    """A table's cells (their spans, rows and columns from 1) and its height in rows.

    A cell marked ``vMerge`` without ``restart`` continues the cell above it in
    the same grid column: that cell's span grows down over it.
    """
    spans: dict[tuple[int, int], list[Any]] = {}  # origin → [r1, c1, r2, c2, text]
    above: dict[int, tuple[int, int]] = {}  # grid column → the origin of the cell covering it on the last row
    rows = list(_within(tbl, f"{_W}tr"))
    for r, tr in enumerate(rows, start=1):
        col = _int(tr.find(f"{_W}trPr"), f"{_W}gridBefore", 0) + 1
        for tc in _within(tr, f"{_W}tc"):
            props = tc.find(f"{_W}tcPr")
            width = max(1, _int(props, f"{_W}gridSpan", 1))
            merge = props.find(f"{_W}vMerge") if props is not None else None
            if col + width - 1 > MAX_COLS:
                raise InputError(f"a table row wider than {MAX_COLS:,} columns; perfeval reads no more")
            origin = above.get(col)
            if merge is not None and merge.get(f"{_W}val") in (None, "continue") and origin in spans:
                spans[origin][2] = r  # grows down over this cell
            else:
                origin = (r, col)
                spans[origin] = [r, col, r, col + width - 1, _text(tc) or None]
            for c in range(col, col + width):
                above[c] = origin
            col += width
    return [((r1, c1, r2, c2), text) for r1, c1, r2, c2, text in spans.values()], len(rows)
