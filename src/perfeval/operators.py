"""The five comparison operators of 指标性质 and every spelling of them (R2)."""

from __future__ import annotations

import enum
import re
from decimal import Decimal

from perfeval.caching import short_text_cache
from perfeval.text import normalize


class Direction(enum.Enum):
    """R2.1: positive operators reward more, reverse operators reward less."""

    POSITIVE = "positive"
    REVERSE = "reverse"


class Operator(enum.Enum):
    """A comparison of 指标性质; prints as its symbol (R2.1).

    >>> Operator.parse("不低于")
    <Operator.GE: '≥'>
    >>> str(Operator.LT), Operator.LT.direction.value, Operator.LT.strict
    ('<', 'reverse', True)
    """

    GE = "≥"
    GT = ">"
    LE = "≤"
    LT = "<"
    EQ = "="

    @property
    def symbol(self) -> str:
        """The printed symbol: ``≥ > ≤ < =``."""
        return self.value

    @property
    def direction(self) -> Direction:
        """Positive (GE, GT, EQ) or reverse (LE, LT), R2.1."""
        return Direction.REVERSE if self in (Operator.LE, Operator.LT) else Direction.POSITIVE

    @property
    def strict(self) -> bool:
        """GT and LT are strict (R4.5)."""
        return self in (Operator.GT, Operator.LT)

    @property
    def relaxed(self) -> Operator:
        """The non-strict twin: GT → GE, LT → LE, others unchanged."""
        return {Operator.GT: Operator.GE, Operator.LT: Operator.LE}.get(self, self)

    def holds(self, actual: Decimal, target: Decimal) -> bool:
        """Whether ``actual <op> target`` is true (EQ is plain equality here).

        >>> Operator.GT.holds(Decimal(5), Decimal(5)), Operator.GE.holds(Decimal(5), Decimal(5))
        (False, True)
        """
        if self is Operator.GE:
            return actual >= target
        if self is Operator.GT:
            return actual > target
        if self is Operator.LE:
            return actual <= target
        if self is Operator.LT:
            return actual < target
        return actual == target

    def __str__(self) -> str:
        return self.value

    @classmethod
    def parse(cls, text: str | None) -> Operator | None:
        """Read a printed operator in any spelling of R2.2; ``None`` if unreadable.

        Symbols stand alone ("≥", ">=", "＞＝") or open a number ("≤5天");
        words may follow a label ("满意率达95%以上" → GE).  "-", "□=" and ""
        are unreadable (R2.3).

        >>> Operator.parse("＞＝"), Operator.parse(" 不超过 "), Operator.parse("小于")
        (<Operator.GE: '≥'>, <Operator.LE: '≤'>, <Operator.LT: '<'>)
        >>> Operator.parse("满意率达95%以上"), Operator.parse("600以下")
        (<Operator.GE: '≥'>, <Operator.LE: '≤'>)
        >>> Operator.parse("-"), Operator.parse("□="), Operator.parse("")
        (None, None, None)
        """
        if text is None:
            return None
        return _parse(text)


# Symbols that must make up the whole cell (after normalisation, R2.2).
SYMBOLS: dict[str, Operator] = {
    "≥": Operator.GE,
    ">=": Operator.GE,
    "≧": Operator.GE,
    "=>": Operator.GE,
    "⩾": Operator.GE,
    ">": Operator.GT,
    "≤": Operator.LE,
    "<=": Operator.LE,
    "≦": Operator.LE,
    "=<": Operator.LE,
    "⩽": Operator.LE,
    "<": Operator.LT,
    "=": Operator.EQ,
    "==": Operator.EQ,
    "═": Operator.EQ,
}

# Words that may stand anywhere in the cell; the longest match wins so that
# 不低于 is not read as 低于 and 大于等于 not as 大于.
WORDS: dict[str, Operator] = {
    "大于等于": Operator.GE,
    "大于或等于": Operator.GE,
    "不低于": Operator.GE,
    "不少于": Operator.GE,
    "不小于": Operator.GE,
    "达到": Operator.GE,
    "达": Operator.GE,
    "大于": Operator.GT,
    "高于": Operator.GT,
    "超过": Operator.GT,
    "多于": Operator.GT,
    "小于等于": Operator.LE,
    "小于或等于": Operator.LE,
    "不高于": Operator.LE,
    "不超过": Operator.LE,
    "不大于": Operator.LE,
    "不多于": Operator.LE,
    "小于": Operator.LT,
    "低于": Operator.LT,
    "少于": Operator.LT,
    "等于": Operator.EQ,
}

# Suffixes that close a phrase: "95%以上" (GE), "600以下" / "3天以内" (LE).
SUFFIXES: dict[str, Operator] = {"以上": Operator.GE, "以下": Operator.LE, "以内": Operator.LE}

_WORD_RE = re.compile("|".join(sorted(WORDS, key=len, reverse=True)))
# A symbol that opens a comparison with its number in the operator cell: "≤5天", ">=1" (R2.2).
_SYMBOL_BEFORE_NUMBER_RE = re.compile(
    "(" + "|".join(re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True)) + r")(?=[+-]?[0-9])"
)
# A comparison written before a number inside a cell: symbol or word.
PREFIX_PATTERN = "|".join(re.escape(s) for s in sorted([*SYMBOLS, *WORDS], key=len, reverse=True))


@short_text_cache(4096)
def _parse(text: str) -> Operator | None:
    cell = normalize(text).replace(" ", "")
    if not cell:
        return None
    if cell in SYMBOLS:
        return SYMBOLS[cell]
    symbol = _SYMBOL_BEFORE_NUMBER_RE.match(cell)
    if symbol:
        return SYMBOLS[symbol.group(1)]
    match = _WORD_RE.search(cell)
    if match:
        return WORDS[match.group(0)]
    for suffix, op in SUFFIXES.items():
        if cell.endswith(suffix):
            return op
    return None


def spelling_to_operator(spelling: str) -> Operator:
    """The operator of a prefix or suffix spelling found by the cell reader."""
    return SYMBOLS.get(spelling) or WORDS.get(spelling) or SUFFIXES[spelling]
