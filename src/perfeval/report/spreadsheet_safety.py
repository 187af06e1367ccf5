"""Text from input made safe for a spreadsheet: never a formula, never a character a workbook cannot hold.

perfeval's inputs are untrusted, and its CSV files and working papers are
opened in Excel.  Two rules, shared by every writer:

- :func:`neutralize` (CSV): a field a spreadsheet would evaluate — one that
  starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return — is
  prefixed with ``'`` (the OWASP advice), unless it is a plain number such as
  ``-5``, ``+3.2`` or ``-1,000.50``.  (In a workbook a cell's type says it is
  text, so the working paper keeps the text as it is: see
  :mod:`perfeval.report.writers`.)
- :func:`cell_text` (workbooks): characters that a workbook's XML cannot hold
  (controls other than tab, line feed and carriage return, lone surrogates,
  U+FFFE and U+FFFF) become :data:`REPLACEMENT`, and text longer than a cell
  holds is cut; both are said in a note, so nothing is lost silently.  Line
  ends become line feeds, a workbook's line break.
"""

from __future__ import annotations

import re

__all__ = [
    "MAX_CELL_CHARS",
    "REPLACEMENT",
    "cell_text",
    "is_formula_like",
    "neutralize",
    "restore",
    "sheet_title",
]

#: What a character that a workbook cannot hold is replaced by: visible, and never a formula.
REPLACEMENT = "\ufffd"

#: The most characters an Excel cell holds (openpyxl cuts longer text silently).
MAX_CELL_CHARS = 32767

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")
# XML 1.0 forbids these; openpyxl's ILLEGAL_CHARACTERS_RE is the first three ranges.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CUT = "…"


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would evaluate ``text`` typed into a cell (a plain number is not)."""
    return text.startswith(_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text)


def neutralize(value: object) -> object:
    """A CSV field as a spreadsheet should see it: formula-like text gets a leading ``'``; others are unchanged.

    >>> [neutralize(v) for v in ['=HYPERLINK("http://x")', "@SUM(A1)", "-5", "+3.2", "-1,000.50", "-x", 7, None]]
    ['\\'=HYPERLINK("http://x")', "'@SUM(A1)", '-5', '+3.2', '-1,000.50', "'-x", 7, None]
    """
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def restore(field: str) -> str:
    """A CSV field as it was before :func:`neutralize` (a text that itself began with ``'=`` reads as ``=``).

    >>> restore("'=1+1"), restore("'-x"), restore("-5"), restore("'quoted")
    ('=1+1', '-x', '-5', "'quoted")
    """
    if field.startswith("'") and is_formula_like(field[1:]):
        return field[1:]
    return field


def cell_text(text: str) -> tuple[str, str | None]:
    """``text`` as a workbook can hold it, and a note saying what was changed (``None`` if nothing).

    >>> text, note = cell_text("项目\\x01名称\\x0b")
    >>> text, note.split(": ", 2)[-1]
    ('项目�名称�', 'U+0001 at 3, U+000B at 6')
    >>> cell_text("plain")
    ('plain', None)
    """
    notes = []
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # a workbook's line break (XML reads a bare CR as LF)
    found = [(m.start(), m.group()) for m in _ILLEGAL.finditer(text)]
    if found:
        text = _ILLEGAL.sub(REPLACEMENT, text)
        where = ", ".join(f"U+{ord(c):04X} at {i + 1}" for i, c in found[:20])
        more = f" and {len(found) - 20} more" if len(found) > 20 else ""
        noun = "character" if len(found) == 1 else "characters"
        notes.append(
            f"perfeval: {len(found)} {noun} a workbook cannot hold {'was' if len(found) == 1 else 'were'} "
            f"replaced by {REPLACEMENT} (U+FFFD): {where}{more}"
        )
    if len(text) > MAX_CELL_CHARS:
        notes.append(
            f"perfeval: the text has {len(text)} characters, more than a cell holds ({MAX_CELL_CHARS}): "
            f"cut after {MAX_CELL_CHARS - len(_CUT)} and marked {_CUT}; the JSON output has it whole"
        )
        text = text[: MAX_CELL_CHARS - len(_CUT)] + _CUT
    return text, "\n".join(notes) or None


def sheet_title(text: str, limit: int = 31) -> str:
    """``text`` cut to ``limit`` UTF-16 units (how Excel counts a sheet title), illegal characters replaced.

    >>> sheet_title("a\\x00b" + "x" * 40, 5)
    'a�bxx'
    """
    text = _ILLEGAL.sub(REPLACEMENT, text)
    units = 0
    for position, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return text[:position]
    return text
