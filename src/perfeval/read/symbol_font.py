"""Characters typed in Word's Symbol font (插入 → 符号), which reach the text as private-use code points.

Word stores such a character as ``w:sym w:font="Symbol" w:char="F0B3"`` and a
PDF printed from it often maps the glyph to the same code point U+F0B3: ≥ in
the Symbol font's encoding.  Read as they stand, a 指标性质 of ≥ was no
operator at all (an empty cell in Word, an unreadable one in the PDF), and the
comparison fell back to EQ.  The Symbol font's comparisons, signs, digits and
percent sign are read as the characters they print; any other private-use
character stays as it is, so the cell stays unreadable rather than read as a guess.
"""

from __future__ import annotations

__all__ = ["SYMBOL_FONT", "symbol_text"]

#: Symbol font encoding → Unicode, for the characters a form's numbers and comparisons use.
_SYMBOL = {0x20: " ", 0x25: "%", 0x2B: "+", 0x2C: ",", 0x2D: "\u2212", 0x2E: ".", 0x3C: "<", 0x3D: "=", 0x3E: ">"}
_SYMBOL |= {0x30 + d: str(d) for d in range(10)}
_SYMBOL |= {0xA3: "≤", 0xB0: "°", 0xB1: "±", 0xB3: "≥", 0xB4: "×", 0xB8: "÷", 0xB9: "≠"}

#: The private-use code points (U+F020–U+F0FF) Word and PDFs give Symbol font characters, read as Unicode.
SYMBOL_FONT = {0xF000 + code: text for code, text in _SYMBOL.items()}


def symbol_text(text: str) -> str:
    """``text`` with Symbol font characters (U+F0B3 …) as the characters they print (≥ …).

    >>> symbol_text("\\uf0b390%")
    '≥90%'
    """
    return text.translate(SYMBOL_FONT) if any("\uf020" <= ch <= "\uf0ff" for ch in text) else text
