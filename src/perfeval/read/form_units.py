"""The money unit a form prints its funds in: perfeval-table/1 holds 万元, so a form in 元 is converted.

The unit is read from the marks above and in the funds block: ``金额单位：元`` (alone or at the
end of the 编制单位 line), ``单位：元``, ``项目资金（元）``, ``年初预算数（元）``.  A form saying
both 元 and 万元, or another unit (千元, 亿元), is refused at the mark: an amount is never read
in the wrong unit.
"""

from __future__ import annotations

import re
from typing import Any

from perfeval.decimals import CENT, CONTEXT
from perfeval.errors import CellError, LayoutError, Problem
from perfeval.read.form_grid import FormGrid
from perfeval.read.grid import Pos
from perfeval.reading.numbers import MONEY_UNITS, read_decimal
from perfeval.vocab import FUNDS_COLUMNS, FUNDS_LINES

#: The money units (R3.1), longest first: 万元 is never read as 元.
_UNITS = "|".join(sorted(MONEY_UNITS, key=len, reverse=True))
#: A unit mark on a folded key: 金额单位:元, 单位:万元, (单位:元) — not 编制单位:元谋县….
_MARK = re.compile(rf"(?:^|金额|资金|\()单位:({_UNITS})(?:\)|$)")
#: A funds label qualified by its unit: 项目资金(元), 年初预算数(万元).
_QUALIFIED = re.compile(rf"\((?:单位:)?({_UNITS})\)$")
_FUNDS_LABELS = frozenset(FUNDS_COLUMNS.values()) | frozenset(FUNDS_LINES.values())


def _marks(grid: FormGrid, rows: tuple[int, int]) -> list[tuple[Pos, str]]:
    """The unit marks in ``rows``, in reading order: each cell and the unit it names."""
    found = []
    for pos in grid.filled(rows):
        key = grid.keys[pos]
        mark = _MARK.search(key)
        if mark is None and (grid.canon.get(pos) in _FUNDS_LABELS or key.startswith("项目资金")):
            mark = _QUALIFIED.search(key)
        if mark is not None:
            found.append((pos, mark.group(1)))
    return found


def funds_in_yuan(grid: FormGrid, rows: tuple[int, int]) -> Pos | None:
    """The cell saying the funds are in 元, or ``None`` when they are in 万元 (or no unit is printed).

    Raises :class:`LayoutError` at the mark when the form names another unit or both.
    """
    marks = _marks(grid, rows)
    units = {unit for _, unit in marks}
    for pos, unit in marks:
        if unit not in ("元", "万元"):
            raise LayoutError([Problem(grid.ref(pos), f"funds printed in {unit}: perfeval reads 万元 or 元")])
    if units == {"元", "万元"}:
        yuan = next(pos for pos, unit in marks if unit == "元")
        wan = next(pos for pos, unit in marks if unit == "万元")
        why = f"funds said to be in 元 here and in 万元 at {grid.ref(wan)}: which one is not known"
        raise LayoutError([Problem(grid.ref(yuan), why)])
    return next((pos for pos, unit in marks if unit == "元"), None)


def in_wan_yuan(text: str | None) -> str | None:
    """An amount printed in 元 as 万元 (divided by 10,000, exactly); text that is no plain number is kept.

    >>> in_wan_yuan("2,210,000.00"), in_wan_yuan("1,234.56"), in_wan_yuan("-"), in_wan_yuan("三百")
    ('221.00', '0.123456', '-', '三百')
    >>> in_wan_yuan("9" * 30)
    '99999999999999999999999999.9999'
    """
    try:
        value = read_decimal(text, units=("元",))
    except CellError:
        return text  # not a number: the table is refused at this cell when it is read
    if value is None:
        return text
    wan = value.scaleb(-4, CONTEXT)
    cents = wan.quantize(CENT, context=CONTEXT)  # the audit's context (30 printed digits; 28 by default)
    return f"{cents if cents == wan else wan.normalize(CONTEXT):f}"


def money_unit(grid: FormGrid, rows: tuple[int, int], doc: dict[str, Any]) -> list[str]:
    """Funds printed in 元 (marked in ``rows``) converted to the 万元 the table holds: the transcription note, if any.

    Raises :class:`LayoutError` at a mark naming another unit, or both.
    """
    yuan = funds_in_yuan(grid, rows)
    if yuan is None:
        return []
    for line in doc["funds"].values():
        for key, text in line.items():
            line[key] = in_wan_yuan(text)
    return [f"funds printed in 元 ({grid.ref(yuan)}: {grid.cells[yuan]}); read in 万元 (divided by 10,000)"]
