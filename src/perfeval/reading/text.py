"""Normalising printed text before it is read: full-width forms and spaces."""

from __future__ import annotations

import re
from typing import Final

from perfeval.caching import short_text_cache

# Full-width ASCII (U+FF01–U+FF5E) maps onto ASCII; the ideographic space and
# the no-break space onto a plain space.  Nothing else is folded: NFKC would
# also turn "m²" into "m2" and mathematical digits into ASCII ones.
_FULL_WIDTH: Final = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0x2212: 0x2D})


#: Cells that mean "nothing printed here".
PLACEHOLDERS: Final = frozenset({"", "-", "--", "—", "——", "–", "/", "\\", "无", "N/A", "n/a", "NA"})


#: A plainly printed number ("16.55": ASCII digits, at most 20 before and 9 after a point, 29 in all). Nearly
#: every numeric cell of a batch is one; each reader takes it the short way, with what its full steps would read.
PLAIN_NUMBER: Final = re.compile(r"[0-9]{1,20}(?:\.[0-9]{1,9})?")


def is_plain_number(text: str) -> bool:
    """Whether :data:`PLAIN_NUMBER` matches all of ``text``: a loop over its characters, compiled, is quicker
    than the pattern's method call for the few characters of a cell.

    >>> is_plain_number("16.55"), is_plain_number("1."), is_plain_number("９"), is_plain_number("1" * 21)
    (True, False, False, False)
    """
    size = len(text)
    if not 0 < size <= 30:
        return False
    dot = -1
    for i in range(size):
        code = ord(text[i])
        if code == 46:  # "."
            if dot >= 0:
                return False
            dot = i
        elif not 48 <= code <= 57:  # not an ASCII digit
            return False
    if dot < 0:
        return size <= 20
    return 0 < dot <= 20 and 0 < size - dot - 1 <= 9


def normalize(text: str) -> str:
    """Fold full-width forms to ASCII and strip surrounding white space.

    >>> normalize("　＞＝９５％ ")
    '>=95%'
    """
    return text.translate(_FULL_WIDTH).strip()


def has_full_width(text: str) -> bool:
    """Whether :func:`normalize` changed anything but outer white space."""
    return text.translate(_FULL_WIDTH) != text


@short_text_cache(4096)
def is_placeholder(text: str) -> bool:
    """Whether a cell prints nothing ("", "-", "/", "无" …).

    >>> is_placeholder(" — "), is_placeholder("0")
    (True, False)
    """
    return normalize(text) in PLACEHOLDERS
