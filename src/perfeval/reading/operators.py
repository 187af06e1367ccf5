"""The five comparison operators of 指标性质 and every spelling of them (R2)."""

from __future__ import annotations

import enum
import re
from decimal import Decimal
from typing import Final, NamedTuple

from perfeval.caching import short_text_cache
from perfeval.reading.text import normalize


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
        return self._value_  # not the enum's Python-level value property

    # Identity tests, not a tuple or a dict of members: an enum member hashes through a Python-level __hash__,
    # and the rules ask these of every quantitative row.
    @property
    def direction(self) -> Direction:
        """Positive (GE, GT, EQ) or reverse (LE, LT), R2.1."""
        return Direction.REVERSE if self is Operator.LE or self is Operator.LT else Direction.POSITIVE

    @property
    def strict(self) -> bool:
        """GT and LT are strict (R4.5)."""
        return self is Operator.GT or self is Operator.LT

    @property
    def relaxed(self) -> Operator:
        """The non-strict twin: GT → GE, LT → LE, others unchanged."""
        return Operator.GE if self is Operator.GT else Operator.LE if self is Operator.LT else self

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
        return self._value_  # not the enum's Python-level value property

    @classmethod
    def parse(cls, text: str | None) -> Operator | None:
        """Read a printed operator cell by the four steps of R2.2; ``None`` if unreadable.

        A cell without a number must consist of listed spellings; in a cell with
        a number only the spelling right before it and a 以上 / 以下 / 以内 right
        after it (and its unit) count, so text before them is a label.  Two
        different operators, a negated one (不等于) or anything unlisted is
        unreadable (R2.3), never some other operator.

        >>> Operator.parse("﹥﹦"), Operator.parse(" 少于等于 "), Operator.parse("(小于)")
        (<Operator.GE: '≥'>, <Operator.LE: '≤'>, <Operator.LT: '<'>)
        >>> Operator.parse("县级以上医院投诉率≤5%"), Operator.parse("满意率达95%以上")
        (<Operator.LE: '≤'>, <Operator.GE: '≥'>)
        >>> Operator.parse("低于5%以下"), Operator.parse("不等于"), Operator.parse("□=")
        (None, None, None)
        """
        if text is None:
            return None
        return _parse(text)


def _named(op: Operator, spellings: str) -> dict[str, Operator]:
    return dict.fromkeys(spellings.split(), op)


#: R2.2 the closed list: every spelling and the operator it names.  Nothing else is read.
SPELLINGS: Final[dict[str, Operator]] = {
    **_named(
        Operator.GE,
        "≥ >= => ≧ ⩾ ≮ 大于等于 大于或等于 大与等于 大与或等于 高于等于 高于或等于 多于等于 多于或等于 "
        "超过等于 不低于 不少于 不小于 达到 达 正向 正向指标",
    ),
    **_named(Operator.GT, "> 大于 大与 高于 超过 多于"),
    **_named(
        Operator.LE,
        "≤ <= =< ≦ ⩽ ≯ 小于等于 小于或等于 小与等于 小与或等于 低于等于 低于或等于 少于等于 少于或等于 "
        "不高于 不超过 不大于 不多于 反向 反向指标",
    ),
    **_named(Operator.LT, "< 小于 小与 低于 少于"),
    **_named(Operator.EQ, "= == ═ 等于"),
}

#: Spellings that count only right after a number and its unit: "95%以上", "600以下", "3天以内".
SUFFIXES: Final[dict[str, Operator]] = {"以上": Operator.GE, "以下": Operator.LE, "以内": Operator.LE}

#: A counted spelling directly after one of these, the pair not itself listed (不等于), is unreadable.
NEGATIONS: Final = frozenset("不未非")

#: Step 1: small forms folded (full-width ones are folded by :func:`normalize`), spaces and brackets removed.
_FOLD: Final = str.maketrans({"\ufe66": "=", "\ufe64": "<", "\ufe65": ">"} | dict.fromkeys(" \t\r\n()【】"))
# Step 2: leftmost-longest, as an alternation longest first scanned left to right.
_SPELLING_RE: Final = re.compile("|".join(re.escape(s) for s in sorted([*SPELLINGS, *SUFFIXES], key=len, reverse=True)))
_NUMBER_RE: Final = re.compile(r"[+-]?[0-9][0-9,]*(?:\.[0-9]+)?")
_KIND_WORDS: Final = frozenset({"定性", "定量"})


@short_text_cache(4096)  # an operator cell is folded up to three times a row (parse, names_kind, empty)
def fold(text: str) -> str:
    """Step 1 of R2.2: full-width and small forms folded, spaces (line breaks too) and brackets removed.

    >>> fold("（ ＞＝ ）"), fold("【﹤】")
    ('>=', '<')
    """
    return normalize(text).translate(_FOLD)


def split(text: str) -> list[str]:
    """Step 2 of R2.2: a folded cell cut into listed spellings and single other characters.

    >>> split("少于等于"), split("不低于"), split("大于小于"), split("不等于")
    (['少于等于'], ['不低于'], ['大于', '小于'], ['不', '等于'])
    """
    pieces: list[str] = []
    at = 0
    for match in _SPELLING_RE.finditer(text):
        pieces.extend(text[at : match.start()])
        pieces.append(match.group(0))
        at = match.end()
    pieces.extend(text[at:])
    return pieces


class Comparison(NamedTuple):
    """Steps 3–4 of R2.2 for the text around a number: what counted and what it names."""

    #: The operator named; ``None`` when none is named or the cell is unreadable.
    operator: Operator | None
    #: The counted spellings (before the number, after it), for saying how the cell was read.
    counted: tuple[str, ...]
    #: Why the counted spellings do not name one operator (two operators, a negation), else ``None``.
    unreadable: str | None = None


def around_number(before: str, after: str) -> Comparison:
    """Steps 3–4 for a cell holding a number: ``before`` it, and ``after`` it (its unit, maybe 以上 / 以下 / 以内).

    Only the spelling right before the number and a suffix right after the number
    and its unit count; the text before the counted spelling is a label.

    >>> around_number("达标率低于", "%")
    Comparison(operator=<Operator.LT: '<'>, counted=('低于',), unreadable=None)
    >>> around_number("低于", "%以下").unreadable
    'two operators: < and ≤'
    """
    pieces = split(fold(before))
    counted: list[str] = []
    negated = None
    if pieces and pieces[-1] in SPELLINGS:
        counted.append(pieces[-1])
        if len(pieces) > 1 and pieces[-2] in NEGATIONS:
            negated = pieces[-2] + pieces[-1]
    for piece in split(fold(after)):
        if piece in SUFFIXES:
            counted.append(piece)
            break
        if piece in SPELLINGS or piece.isdigit():
            break  # past the unit: nothing after it counts
    return _decide(counted, negated)


def _decide(counted: list[str], negated: str | None) -> Comparison:
    """Step 4: one operator named ⇒ it; none, two different, or a negated one ⇒ ``None``."""
    named = list(dict.fromkeys(SPELLINGS.get(s) or SUFFIXES[s] for s in counted))  # in order, once each
    if negated is not None:
        return Comparison(None, tuple(counted), f"negated: {negated}")
    if len(named) > 1:
        return Comparison(None, tuple(counted), "two operators: " + " and ".join(op.symbol for op in named))
    return Comparison(named[0] if named else None, tuple(counted))


def names_kind(text: str | None) -> str | None:
    """R2.4: "定性" or "定量" when the operator cell names the kind, not a comparison; else ``None``.

    >>> names_kind("（定量指标）"), names_kind("定性"), names_kind("≥")
    ('定量', '定性', None)
    """
    if text is None:
        return None
    cell = fold(text).removesuffix("指标")
    return cell if cell in _KIND_WORDS else None


@short_text_cache(4096)
def _parse(text: str) -> Operator | None:
    cell = fold(text)
    number = _NUMBER_RE.search(cell)
    if number is not None:
        return around_number(cell[: number.start()], cell[number.end() :]).operator
    pieces = split(cell)
    if not pieces or any(piece not in SPELLINGS for piece in pieces):
        return None  # empty, unlisted text, or a suffix with no number before it
    return _decide(pieces, None).operator
