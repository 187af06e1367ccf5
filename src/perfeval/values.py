"""The value objects of one self-evaluation table, exactly as it was reported.

Every cell keeps the text the table printed ("1,052.96", "≥", "2023年底前")
so that a table round-trips to JSON unchanged; the numbers behind the text are
read on demand (``FundsLine.annual_amount`` …) by the cached readers of
:mod:`perfeval.cells`.  Objects are frozen and validated at construction: a
numeric cell that is not a number, a negative budget or a ``float`` passed
where a decimal belongs is refused with the field's path.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from perfeval.cells import MAX_DIGITS, _read_decimal
from perfeval.errors import CellError, FieldTypeError, InvalidTableError, Problem
from perfeval.labels import Grade, Tier
from perfeval.text import normalize

FORMAT = "perfeval-table/1"


def cell_text(value: object) -> str | None:
    """Accept a printed cell: ``str``, ``Decimal``, ``int`` or ``None`` — never a float.

    >>> cell_text(Decimal("10.00")), cell_text(None)
    ('10.00', None)
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite() or abs(value.adjusted()) > MAX_DIGITS:
            raise CellError(f"not a printed number: {value!s:.40}")
        return f"{value:f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise FieldTypeError(
        f"a cell must be text or a Decimal, not {type(value).__name__} {value!r}"
        + (" (floats lose digits: pass Decimal or a string)" if isinstance(value, float) else "")
    )


def _opt_str(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise FieldTypeError(f"expected text, not {type(value).__name__} {value!r}")


def _cell() -> Any:
    return attrs.field(default=None, converter=cell_text)


def _text() -> Any:
    return attrs.field(default=None, converter=_opt_str)


def _read_numbers(obj: object, fields: dict[str, tuple[str, ...]]) -> tuple[Decimal | None, ...]:
    """Read every numeric field once, in order; raise one :class:`InvalidTableError` listing every bad one.

    The values are kept on the object (``_numbers``): validation reads each cell
    anyway, so the accessors return what it read instead of reading it again.
    """
    problems: list[Problem] = []
    values = tuple(_number(getattr(obj, name), name, units, problems) for name, units in fields.items())
    if problems:
        raise InvalidTableError(problems)
    return values


def _number(text: str | None, name: str, units: tuple[str, ...], problems: list[Problem]) -> Decimal | None:
    """One numeric cell: its value, or ``None`` with a problem added when it is not a non-negative number."""
    if text is None:
        return None
    try:
        value = _read_decimal(text, units)
    except CellError as error:
        problems.append(Problem(name, error.message))
        return None
    if value is not None and value < 0:
        problems.append(Problem(name, f"must not be negative: {text!r}"))
    return value


def _numbers_field() -> Any:
    """The numbers read from a value's cells at construction: not compared, not printed, not an argument."""
    return attrs.field(init=False, default=(), eq=False, repr=False)


def _keep(obj: object, numbers: tuple[Decimal | bool | None, ...]) -> None:
    object.__setattr__(obj, "_numbers", numbers)  # frozen: set once, in __attrs_post_init__


_MONEY = ("万元",)
_POINTS = ("分",)
_PERCENT = ("%",)


@attrs.frozen(slots=True)
class FundsLine:
    """One funds line in 万元: 年初预算数, 全年预算数, 全年执行数.

    >>> line = FundsLine(annual="9,594.00", executed="7,564.80")
    >>> line.annual, line.annual_amount, line.amounts()["executed"]
    ('9,594.00', Decimal('9594.00'), Decimal('7564.80'))
    >>> try:
    ...     FundsLine(annual="-3")
    ... except InvalidTableError as error:
    ...     print(error.problems[0])
    annual: must not be negative: '-3'
    """

    initial: str | None = _cell()
    annual: str | None = _cell()
    executed: str | None = _cell()
    _numbers: tuple[Decimal | None, ...] = _numbers_field()

    def __attrs_post_init__(self) -> None:
        _keep(self, _read_numbers(self, {"initial": _MONEY, "annual": _MONEY, "executed": _MONEY}))

    @property
    def initial_amount(self) -> Decimal | None:
        """年初预算数 as a number (万元)."""
        return self._numbers[0]

    @property
    def annual_amount(self) -> Decimal | None:
        """全年预算数 as a number (万元)."""
        return self._numbers[1]

    @property
    def executed_amount(self) -> Decimal | None:
        """全年执行数 as a number (万元)."""
        return self._numbers[2]

    def amounts(self) -> dict[str, Decimal | None]:
        """The three columns by field name."""
        return {"initial": self.initial_amount, "annual": self.annual_amount, "executed": self.executed_amount}


@attrs.frozen(slots=True)
class Funds:
    """The four funds lines; only ``total`` is scored (R1)."""

    total: FundsLine = attrs.field(factory=FundsLine)
    fiscal: FundsLine = attrs.field(factory=FundsLine)
    carryover: FundsLine = attrs.field(factory=FundsLine)
    other: FundsLine = attrs.field(factory=FundsLine)


@attrs.frozen(slots=True)
class Deduction:
    """A deduction an evaluator attached (R7): non-negative points and a reason."""

    points: str = attrs.field(converter=cell_text)
    reason: str | None = _text()
    _numbers: tuple[Decimal | None, ...] = _numbers_field()

    def __attrs_post_init__(self) -> None:
        if self.points is None:
            raise InvalidTableError([Problem("points", "a deduction needs its points")])
        _keep(self, _read_numbers(self, {"points": _POINTS}))

    @property
    def amount(self) -> Decimal:
        """The points deducted."""
        return self._numbers[0] or Decimal(0)


def _deductions(value: Iterable[Deduction]) -> tuple[Deduction, ...]:
    items = tuple(value)
    for item in items:
        if not isinstance(item, Deduction):
            raise FieldTypeError(f"deductions must be Deduction values, not {type(item).__name__}")
    return items


@attrs.frozen(slots=True)
class Execution:
    """The budget-execution line: 分值, 执行率 and 得分 as printed."""

    weight: str | None = _cell()
    rate: str | None = _cell()
    score: str | None = _cell()
    deductions: tuple[Deduction, ...] = attrs.field(default=(), converter=_deductions)
    _numbers: tuple[Decimal | None, ...] = _numbers_field()

    def __attrs_post_init__(self) -> None:
        _keep(self, _read_numbers(self, {"weight": _POINTS, "rate": _PERCENT, "score": _POINTS}))

    @property
    def weight_value(self) -> Decimal | None:
        """分值 as printed, if any."""
        return self._numbers[0]

    @property
    def rate_value(self) -> Decimal | None:
        """执行率 (percent) as printed, if any."""
        return self._numbers[1]

    @property
    def score_value(self) -> Decimal | None:
        """得分 as printed, if any."""
        return self._numbers[2]


@attrs.frozen(slots=True)
class Goals:
    """预期目标 and 实际完成情况 (text only, not scored)."""

    expected: str | None = _text()
    achieved: str | None = _text()


def _tier(value: object) -> Tier | None:
    if value is None or isinstance(value, Tier):
        return value
    if isinstance(value, str):
        tier = Tier.parse(value)
        if tier is None:
            raise InvalidTableError([Problem("tier", f"not a tier (达成 / 部分达成 / 未达成): {value!r}")])
        return tier
    raise FieldTypeError(f"a tier must be text or a Tier, not {type(value).__name__}")


@attrs.frozen(slots=True)
class Indicator:
    """One 三级指标 row, as printed; its kind is read from the target (R3.4).

    ``weight`` is not validated here: a weight that cannot be read is a
    finding (``value-unreadable``, R3.5), not a malformed table.

    >>> row = Indicator(level1="产出指标", level2="数量指标", name="培训人次",
    ...                 operator="≥", target="6", unit="人次", actual="1", weight="15.00", score="15.00")
    >>> row.weight_value, row.score_value
    (Decimal('15.00'), Decimal('15.00'))
    >>> Indicator(weight=15.0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    perfeval.errors.FieldTypeError: a cell must be text or a Decimal, not float 15.0 (floats lose digits: ...)
    """

    name: str | None = _text()
    level1: str | None = _text()
    level2: str | None = _text()
    operator: str | None = _text()
    target: str | None = _cell()
    unit: str | None = _text()
    actual: str | None = _cell()
    weight: str | None = _cell()
    score: str | None = _cell()
    explanation: str | None = _text()
    tier: Tier | None = attrs.field(default=None, converter=_tier)
    deductions: tuple[Deduction, ...] = attrs.field(default=(), converter=_deductions)
    #: (score, weight, weight readable): read once, at construction.
    _numbers: tuple[Decimal | bool | None, ...] = _numbers_field()

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        score = _number(self.score, "score", _POINTS, problems)
        readable = True
        try:
            weight = None if self.weight is None else _read_decimal(self.weight, _POINTS)
        except CellError:
            weight, readable = None, False  # R3.5: reported by the audit as value-unreadable
        if weight is not None and weight < 0:
            problems.append(Problem("weight", f"must not be negative: {self.weight!r}"))
        if problems:
            raise InvalidTableError(problems)
        _keep(self, (score, weight, readable))

    @property
    def weight_value(self) -> Decimal | None:
        """分值 as a number; ``None`` when blank or unreadable (see ``weight_readable``)."""
        return self._numbers[1]  # type: ignore[return-value]

    @property
    def weight_readable(self) -> bool:
        """False when a weight is printed but is not a number (R3.5)."""
        return self._numbers[2]  # type: ignore[return-value]

    @property
    def score_value(self) -> Decimal | None:
        """得分 as printed, if any."""
        return self._numbers[0]  # type: ignore[return-value]


def _indicators(value: Iterable[Indicator]) -> tuple[Indicator, ...]:
    items = tuple(value)
    for item in items:
        if not isinstance(item, Indicator):
            raise FieldTypeError(f"indicators must be Indicator values, not {type(item).__name__}")
    return items


def _year(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        raise FieldTypeError(f"year must be a whole number, not {type(value).__name__} {value!r}")
    # Huge numbers are refused before int() or repr() meet them (CPython caps int/str at 4,300 digits).
    if isinstance(value, int) and not 1900 <= value <= 2200:
        shown = repr(value) if -(10**40) < value < 10**40 else "a number of more than 40 digits"
        raise InvalidTableError([Problem("year", f"not a year between 1900 and 2200: {shown}")])
    text = str(value).strip()
    # A transcription may write the year as printed: "2023年", "2023年度", full-width "２０２３".
    digits = normalize(text).removesuffix("年度").removesuffix("年").strip()
    if not digits.isascii() or not digits.isdigit() or len(digits) != 4 or not 1900 <= int(digits) <= 2200:
        shown = repr(value) if len(text) <= 40 else repr(text[:40] + "…")
        raise InvalidTableError([Problem("year", f"not a year between 1900 and 2200: {shown}")])
    return int(digits)


def _grade_text(value: object) -> str | None:
    text = cell_text(value) if not isinstance(value, Grade) else value.label
    if text is not None and Grade.parse(text) is None and text.strip():
        raise InvalidTableError([Problem("grade", f"not a grade (优 / 良 / 中 / 差): {text!r}")])
    return text


@attrs.frozen(slots=True)
class Table:
    """One 项目支出绩效自评表 as reported (``perfeval-table/1``).

    Every cell keeps its printed text; the ``*_value`` properties read it:

    >>> t = Table(project="示例", total="90.56", grade="优秀")
    >>> t.total, t.total_value, t.grade_value
    ('90.56', Decimal('90.56'), <Grade.EXCELLENT: '优'>)
    """

    project: str | None = _text()
    indicators: tuple[Indicator, ...] = attrs.field(default=(), converter=_indicators)
    funds: Funds = attrs.field(factory=Funds)
    execution: Execution = attrs.field(factory=Execution)
    year: int | None = attrs.field(default=None, converter=_year)
    source: str | None = _text()
    table_no: str | None = _text()
    department: str | None = _text()
    implementer: str | None = _text()
    goals: Goals = attrs.field(factory=Goals)
    subtotal: str | None = _cell()
    total: str | None = _cell()
    grade: str | None = attrs.field(default=None, converter=_grade_text)
    notes: str | None = _text()
    transcription_notes: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    _numbers: tuple[Decimal | None, ...] = _numbers_field()

    def __attrs_post_init__(self) -> None:
        _keep(self, _read_numbers(self, {"subtotal": _POINTS, "total": _POINTS}))

    @property
    def subtotal_value(self) -> Decimal | None:
        """The printed indicator subtotal, if any."""
        return self._numbers[0]

    @property
    def total_value(self) -> Decimal | None:
        """总得分 as printed, if any."""
        return self._numbers[1]

    @property
    def grade_value(self) -> Grade | None:
        """自评等级 as printed, if any."""
        return Grade.parse(self.grade) if self.grade else None
