"""Reading printed numbers: plain decimals and quantities with units (R3).

Every reader is a pure function of the cell text, cached because tables
repeat the same spellings ("100", "%", "≥") endlessly, and every reading
records *how* the cell was read so explanations and findings can say it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final, NamedTuple

from perfeval.caching import MAX_CACHED_TEXT, keep, short_text_cache
from perfeval.decimals import div, mul, quantum, step_of
from perfeval.errors import CellError
from perfeval.reading.operators import Operator, around_number, fold
from perfeval.reading.text import PLACEHOLDERS, has_full_width, is_plain_number, normalize

#: More digits than any printed cell has; longer strings are refused, not read.
MAX_DIGITS: Final = 30

_NUMBER: Final = r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_NUMBER_RE: Final = re.compile(_NUMBER)
_UNIT: Final = r"[A-Za-z%‰/·²³°℃()\u4e00-\u9fff]{1,12}"
# Text before the number (a label and the comparison, read by R2.2's closed list), the number,
# its unit, and a closing 以上 / 以下 / 以内.
_QUANTITY_RE: Final = re.compile(
    rf"(?P<before>[^0-9]*?)(?P<num>{_NUMBER})"
    # The unit is lazy so that "95%以上" keeps "以上" as the comparison, not the unit.
    rf"(?P<unit>{_UNIT}?)??(?P<post>以上|以下|以内)?"
)
_HOSTILE_RE: Final = re.compile(r"(?i)nan|inf|[0-9.]e[+-]?[0-9]")

#: Money units and their size in 元 (R3.1): amounts convert between them.
MONEY_UNITS: Final[dict[str, Decimal]] = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
    "百万元": Decimal(1000000),
    "亿元": Decimal(100000000),
}


#: Units a cell may carry even when the 度量单位 column says otherwise.
KNOWN_UNITS: Final = frozenset(
    {*MONEY_UNITS, "%", "‰", "个", "人", "人次", "万人", "次", "天", "日", "小时", "分钟", "年", "月", "个月", "周",
     "户", "家", "项", "件", "篇", "份", "场", "条", "吨", "万吨", "亩", "万亩", "米", "公里", "千米", "平方米",
     "立方米", "辆", "台", "套", "本", "期", "批", "所", "座", "处", "名", "位", "元/人", "公斤", "千克", "kg", "km"}
)  # fmt: skip


def _plausible_unit(unit: str, column: str) -> bool:
    """A unit written in the cell is believed if it is the column's, a known unit, or short."""
    return unit == column or unit in KNOWN_UNITS or (not column and len(unit) <= 4)


def read_decimal(text: str | None, *, units: tuple[str, ...] = ()) -> Decimal | None:
    """Read a plain numeric cell (funds, weights, scores); ``None`` if blank.

    Thousands separators, a sign, full-width digits and one of ``units`` as a
    suffix are accepted; anything else raises :class:`CellError`.

    >>> read_decimal("1,052.96")
    Decimal('1052.96')
    >>> read_decimal("９．５０分", units=("分",))
    Decimal('9.50')
    """
    if text is None:
        return None
    if is_plain_number(text):  # what parse_decimal's steps read of it, without them
        return Decimal(text)
    return parse_decimal(text, units)


#: The signs a money format prints in front of an amount (¥ and its full-width form, which normalises to ¥).
_YUAN_SIGNS: Final = ("¥", "￥")

#: The units a numeric cell may carry as a suffix: money (万元), points (分), a rate (%).
MONEY: Final = ("万元",)
POINTS: Final = ("分",)
PERCENT: Final = ("%",)


def amount_of(text: str | None, units: tuple[str, ...]) -> Decimal | None:
    """A numeric cell (funds, weights, scores, totals): a non-negative number or blank, else a :class:`CellError`.

    >>> amount_of("1,052.96", MONEY), amount_of(None, POINTS)
    (Decimal('1052.96'), None)
    """
    if text is None:
        return None
    value = read_decimal(text, units=units)
    if value is not None and value < 0:
        raise CellError(f"must not be negative: {text!r}")
    return value


def weight_of(text: str | None) -> tuple[Decimal | None, bool]:
    """An indicator's 分值 and whether it is readable: an unreadable weight is a finding (R3.5), not an error.

    >>> weight_of("15.00"), weight_of("十五")
    ((Decimal('15.00'), True), (None, False))
    """
    try:
        value = read_decimal(text, units=POINTS)
    except CellError:
        return None, False  # R3.5: reported by the audit as value-unreadable
    if value is not None and value < 0:
        raise CellError(f"must not be negative: {text!r}")
    return value, True


@short_text_cache(8192)
def parse_decimal(text: str, units: tuple[str, ...]) -> Decimal | None:
    """:func:`read_decimal` of a cell that is there, ``units`` positional: the cached reader behind it."""
    cell = normalize(text)
    if cell in PLACEHOLDERS:
        return None
    body = cell.replace(" ", "")
    for unit in units:
        if body.endswith(unit) and len(body) > len(unit):
            body = body[: -len(unit)]
            break
    if "万元" in units and body[:1] in _YUAN_SIGNS and len(body) > 1:
        body = body[1:]  # "¥221.00" in a 万元 column (a money format): the sign names no unit, the header does
    if _NUMBER_RE.fullmatch(body):
        return _to_decimal(body, text)
    if len(cell) > 60:
        cell = cell[:57] + "…"
    if _HOSTILE_RE.search(body):
        raise CellError(f"not a printed number (exponents, NaN and infinities are refused): {cell!r}")
    raise CellError(f"not a number: {cell!r}")


def _to_decimal(body: str, original: str) -> Decimal:
    digits = body.replace(",", "")
    # body matched _NUMBER: ASCII digits, at most one sign and one point (no per-character loop).
    if len(digits) - (digits[:1] in "+-") - ("." in digits) > MAX_DIGITS:
        raise CellError(f"a number of more than {MAX_DIGITS} digits: {original[:40]!r}…")
    return Decimal(digits)


class Quantity(NamedTuple):
    """A number with its unit as read from a cell (R3.1–R3.2).

    ``step`` is one unit of the last printed digit (R4.5); ``bound`` the
    comparison written inside the cell ("大于1亿元" → GT); ``how`` the
    notes on how the cell was read.  A named tuple, not an attrs class: two
    are read on most rows of every table, and a tuple is built in one C call
    (see :func:`quantity`).
    """

    value: Decimal
    unit: str = ""
    step: Decimal = Decimal(1)
    bound: Operator | None = None
    how: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.value:f}{self.unit}"

    def in_unit(self, unit: str) -> Quantity | None:
        """This amount in another money unit, or ``None`` if not convertible.

        >>> read_quantity("1亿元", "").in_unit("万元").value
        Decimal('10000')
        """
        if unit == self.unit:
            return self
        if self.unit not in MONEY_UNITS or unit not in MONEY_UNITS:
            return None
        factor = div(MONEY_UNITS[self.unit], MONEY_UNITS[unit])  # never the ambient context
        note = f"{self} converted to {unit} (×{factor:f})"
        return quantity(mul(self.value, factor), unit, mul(self.step, factor), self.bound, (*self.how, note))


def quantity(
    value: Decimal, unit: str, step: Decimal, bound: Operator | None = None, how: tuple[str, ...] = ()
) -> Quantity:
    """A :class:`Quantity` built without the named tuple's Python-level ``__new__``."""
    return _new_tuple(Quantity, (value, unit, step, bound, how))


_new_tuple: Final = tuple.__new__


def read_quantity(text: str | None, unit_column: str | None = None) -> Quantity | None:
    """Read a target or actual cell as a number with its unit; ``None`` if not one.

    The unit written in the cell wins over the 度量单位 column; a comparison
    in the cell ("≥266米", "95%以上", "满意率达95%以上") is kept as ``bound``.

    >>> q = read_quantity("≥266米", "")
    >>> (q.value, q.unit, q.bound)
    (Decimal('266'), '米', <Operator.GE: '≥'>)
    """
    if text is None:
        return None
    if is_plain_number(text):
        # What _bare_quantity reads of it (no label, comparison, unit or separator; within MAX_DIGITS), without
        # the full pattern; kept by text and unit column, since making the Decimal and the named tuple costs
        # three times a look-up (on generated tables, 80 % of these cells had been read before).
        key = (text, unit_column)
        found = _PLAIN.get(key)
        if found is not None:
            return found
        point = text.find(".")
        step = quantum(0 if point < 0 else len(text) - point - 1)
        found = quantity(Decimal(text), _column_unit(unit_column or ""), step)
        if unit_column is not None and len(unit_column) > MAX_CACHED_TEXT:
            return found
        return keep(_PLAIN, key, found, 4096)
    return _read_quantity(text, unit_column or "")


#: What :func:`read_quantity` read of a plainly printed number, by (text, 度量单位 column).
_PLAIN: Final[dict[tuple[str, str | None], Quantity]] = {}


#: The 度量单位 column as a quantity's unit, by its text: a table prints a handful of units.
_COLUMN_UNITS: Final[dict[str, str]] = {}


def _column_unit(unit_column: str) -> str:
    """The unit a bare number takes from the 度量单位 column: the column, normalised, spaces removed."""
    unit = _COLUMN_UNITS.get(unit_column)
    if unit is None:
        unit = normalize(unit_column).replace(" ", "")
        if len(unit_column) <= MAX_CACHED_TEXT:
            keep(_COLUMN_UNITS, unit_column, unit, 1024)
    return unit


@short_text_cache(16384)
def _read_quantity(text: str, unit_column: str) -> Quantity | None:
    cell = fold(text)  # R2.2 step 1 for the comparison inside the cell (R3.2): "（≥90%）" is "≥90%"
    if not cell or len(cell) > 80:
        return None
    if _NUMBER_RE.fullmatch(cell):  # the common case, a bare number: what the full pattern would read
        return _bare_quantity(cell, text, unit_column)
    match = _QUANTITY_RE.fullmatch(cell)
    if match is None:
        return None
    # R3.2 by R2.2's steps 3–4: the spelling right before the number and a suffix right after it count.
    comparison = around_number(match["before"], match["post"] or "")
    if match["before"] and not comparison.counted:
        return None  # "第3名", "前3" … a number inside text is not a quantity
    try:
        value = _to_decimal(match["num"], text)
    except CellError:
        return None
    how = []
    if has_full_width(text):
        how.append("full-width characters read as ASCII")
    if "," in match["num"]:
        how.append("thousands separators removed")
    bound = comparison.operator
    spelling = "…".join(comparison.counted)
    if bound is not None:
        how.append(f"comparison {spelling!r} in the cell read as {bound.symbol}")
    elif comparison.counted:
        how.append(f"comparison {spelling!r} in the cell unreadable ({comparison.unreadable}, R2.2)")
    column = _column_unit(unit_column)
    unit = match["unit"] or column
    if match["unit"]:
        if not _plausible_unit(unit, column):
            return None  # "2022年年化担保": a number followed by text, not a unit
        how.append(f"unit {unit!r} taken from the cell")
    return quantity(value, unit, step_of(value), bound, tuple(how))


def _bare_quantity(cell: str, text: str, unit_column: str) -> Quantity | None:
    """A cell that is only a number: no label, comparison or unit of its own."""
    try:
        value = _to_decimal(cell, text)
    except CellError:
        return None
    how = []
    if has_full_width(text):
        how.append("full-width characters read as ASCII")
    if "," in cell:
        how.append("thousands separators removed")
    return quantity(value, _column_unit(unit_column), step_of(value), None, tuple(how))
