"""The value objects of one self-evaluation table, exactly as it was reported.

Every cell keeps the text the table printed ("1,052.96", "≥", "2023年底前")
so that a table round-trips to JSON unchanged; the numbers behind the text are
read on demand (``FundsLine.annual_amount`` …) by the cached readers of
:mod:`perfeval.reading.numbers`.  Objects are frozen and validated at construction: a
numeric cell that is not a number, a negative budget or a ``float`` passed
where a decimal belongs is refused with the field's path.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, cast

import attrs

from perfeval.errors import CellError, FieldTypeError, InvalidTableError, Problem
from perfeval.reading.numbers import MAX_DIGITS, MONEY, PERCENT, POINTS, amount_of, weight_of
from perfeval.reading.operators import Operator
from perfeval.reading.text import normalize
from perfeval.vocab import Grade, Tier

FORMAT = "perfeval-table/1"


def cell_text(value: str | Decimal | int | None) -> str | None:
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


class _Refused:
    """A value a converter refused, kept until ``__attrs_post_init__`` can name its field.

    Converters are plain functions (so that type checkers see what ``__init__``
    accepts) and do not know which field they convert; :func:`_name_refused`
    raises the error with the field's name in front.
    """

    __slots__ = ("error",)

    #: Refused values not yet raised: while 0, no object needs its fields looked at (the common case).
    pending = 0
    lock = threading.Lock()

    def __init__(self, error: FieldTypeError | CellError) -> None:
        self.error = error
        with _Refused.lock:
            _Refused.pending += 1


def _name_refused(obj: attrs.AttrsInstance) -> None:
    """Raise the first refused value of ``obj`` as its error, prefixed with the field's name."""
    if not _Refused.pending:  # a plain attribute read on every construction; the scan only after a refusal
        return
    refused = [(f.name, v) for f in attrs.fields(type(obj)) if isinstance(v := getattr(obj, f.name, None), _Refused)]
    if refused:
        with _Refused.lock:
            _Refused.pending -= len(refused)
        name, value = refused[0]
        raise type(value.error)(f"{name.lstrip('_')}: {value.error.message}") from None


def _cell(value: str | Decimal | int | None) -> str | None:
    """A printed cell (the converter of :func:`cell_text`), its refusal named by the field."""
    if value is None or value.__class__ is str:  # nearly every cell: no further call
        return value
    try:
        return cell_text(value)
    except (FieldTypeError, CellError) as error:
        return cast(str, _Refused(error))


def _text(value: str | None) -> str | None:
    """A text field: ``str`` or ``None``."""
    if value is None or isinstance(value, str):
        return value
    return cast(str, _Refused(FieldTypeError(f"expected text, not {type(value).__name__} {_short(value)}")))


def _short(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:60] + "…"


def _operator(value: str | Operator | None) -> str | None:
    """指标性质 as printed; an :class:`Operator` is stored as its symbol (``Operator.GE`` → ``"≥"``)."""
    return value.symbol if isinstance(value, Operator) else _text(value)


def _must_be(cls: type) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """A validator: the field holds a ``cls`` value (not ``None``, not a dict)."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            raise FieldTypeError(
                f"{attribute.name} must be a {cls.__name__} value, not {type(value).__name__} {_short(value)}"
            )

    return check


def _values_of(cls: type, value: object) -> tuple[Any, ...] | _Refused:
    """``value`` as a tuple of ``cls`` values, or a refusal: ``None``, a string or a non-iterable is not a sequence."""
    if value.__class__ is tuple and all(item.__class__ is cls for item in value):
        return value  # already what it must be (from_dict, evolve)
    if isinstance(value, str | bytes | dict) or not isinstance(value, Iterable):
        what = f"expected a sequence of {cls.__name__} values (a list or tuple), not"
        return _Refused(FieldTypeError(f"{what} {type(value).__name__} {_short(value)}"))
    items = tuple(value)
    for n, item in enumerate(items):
        if not isinstance(item, cls):
            what = f"item {n} must be a {cls.__name__}, not"
            return _Refused(FieldTypeError(f"{what} {type(item).__name__} {_short(item)}"))
    return items


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
    try:
        return amount_of(text, units)
    except CellError as error:
        problems.append(Problem(name, error.message))
        return None


def _numbers_field() -> Any:
    """The numbers read from a value's cells at construction: not compared, not printed, not an argument."""
    return attrs.field(init=False, default=(), eq=False, repr=False)


def _keep(obj: object, numbers: tuple[Decimal | bool | None, ...]) -> None:
    object.__setattr__(obj, "_numbers", numbers)  # frozen: set once, in __attrs_post_init__


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

    initial: str | None = attrs.field(default=None, converter=_cell)
    annual: str | None = attrs.field(default=None, converter=_cell)
    executed: str | None = attrs.field(default=None, converter=_cell)
    _numbers: tuple[Decimal | None, ...] = _numbers_field()

    def __attrs_post_init__(self) -> None:
        _name_refused(self)
        _keep(self, _read_numbers(self, {"initial": MONEY, "annual": MONEY, "executed": MONEY}))

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

    total: FundsLine = attrs.field(factory=FundsLine, validator=_must_be(FundsLine))
    fiscal: FundsLine = attrs.field(factory=FundsLine, validator=_must_be(FundsLine))
    carryover: FundsLine = attrs.field(factory=FundsLine, validator=_must_be(FundsLine))
    other: FundsLine = attrs.field(factory=FundsLine, validator=_must_be(FundsLine))


@attrs.frozen(slots=True)
class Deduction:
    """A deduction an evaluator attached (R7): non-negative points and a reason."""

    points: str = attrs.field(converter=_cell)
    reason: str | None = attrs.field(default=None, converter=_text)
    _numbers: tuple[Decimal | None, ...] = _numbers_field()

    def __attrs_post_init__(self) -> None:
        _name_refused(self)
        if self.points is None:
            raise InvalidTableError([Problem("points", "a deduction needs its points")])
        _keep(self, _read_numbers(self, {"points": POINTS}))

    @property
    def amount(self) -> Decimal:
        """The points deducted."""
        return self._numbers[0] or Decimal(0)


def _deductions(value: Iterable[Deduction]) -> tuple[Deduction, ...]:
    return cast("tuple[Deduction, ...]", _values_of(Deduction, value))


@attrs.frozen(slots=True)
class Execution:
    """The budget-execution line: 分值, 执行率 and 得分 as printed."""

    weight: str | None = attrs.field(default=None, converter=_cell)
    rate: str | None = attrs.field(default=None, converter=_cell)
    score: str | None = attrs.field(default=None, converter=_cell)
    deductions: tuple[Deduction, ...] = attrs.field(default=(), converter=_deductions)
    _numbers: tuple[Decimal | None, ...] = _numbers_field()

    def __attrs_post_init__(self) -> None:
        _name_refused(self)
        _keep(self, _read_numbers(self, {"weight": POINTS, "rate": PERCENT, "score": POINTS}))

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

    expected: str | None = attrs.field(default=None, converter=_text)
    achieved: str | None = attrs.field(default=None, converter=_text)

    def __attrs_post_init__(self) -> None:
        _name_refused(self)


def _tier(value: str | Tier | None) -> Tier | None:
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
    perfeval.errors.FieldTypeError: weight: a cell must be text or a Decimal, not float 15.0 (floats lose digits: ...)
    """

    name: str | None = attrs.field(default=None, converter=_text)
    level1: str | None = attrs.field(default=None, converter=_text)
    level2: str | None = attrs.field(default=None, converter=_text)
    operator: str | None = attrs.field(default=None, converter=_operator)
    target: str | None = attrs.field(default=None, converter=_cell)
    unit: str | None = attrs.field(default=None, converter=_text)
    actual: str | None = attrs.field(default=None, converter=_cell)
    weight: str | None = attrs.field(default=None, converter=_cell)
    score: str | None = attrs.field(default=None, converter=_cell)
    explanation: str | None = attrs.field(default=None, converter=_text)
    tier: Tier | None = attrs.field(default=None, converter=_tier)
    deductions: tuple[Deduction, ...] = attrs.field(default=(), converter=_deductions)
    #: (score, weight, weight readable): read once, at construction.
    _numbers: tuple[Decimal | bool | None, ...] = _numbers_field()

    def __attrs_post_init__(self) -> None:
        _name_refused(self)
        problems: list[Problem] = []
        score = _number(self.score, "score", POINTS, problems)
        try:
            weight, readable = weight_of(self.weight)
        except CellError as error:
            weight, readable = None, True
            problems.append(Problem("weight", error.message))
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
    return cast("tuple[Indicator, ...]", _values_of(Indicator, value))


def _notes(value: Iterable[str]) -> tuple[str, ...]:
    """Transcription notes: a sequence of texts (a single string is refused, not split into characters)."""
    return cast("tuple[str, ...]", _values_of(str, value))


def read_year(value: int | str | Decimal | None) -> int | None:
    """The table's year: a whole number 1900–2200, also written "2023年", "2023年度" or full-width.

    >>> read_year("２０２３年度"), read_year(Decimal("2023"))
    (2023, 2023)
    """
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


def grade_text(value: str | Grade | None) -> str | None:
    """自评等级 as printed, refused unless blank or a grade (优 / 良 / 中 / 差 and their spellings)."""
    text = _cell(value) if not isinstance(value, Grade) else value.label
    if isinstance(text, _Refused):
        return text
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

    project: str | None = attrs.field(default=None, converter=_text)
    indicators: tuple[Indicator, ...] = attrs.field(default=(), converter=_indicators)
    funds: Funds = attrs.field(factory=Funds, validator=_must_be(Funds))
    execution: Execution = attrs.field(factory=Execution, validator=_must_be(Execution))
    year: int | None = attrs.field(default=None, converter=read_year)
    source: str | None = attrs.field(default=None, converter=_text)
    table_no: str | None = attrs.field(default=None, converter=_text)
    department: str | None = attrs.field(default=None, converter=_text)
    implementer: str | None = attrs.field(default=None, converter=_text)
    goals: Goals = attrs.field(factory=Goals, validator=_must_be(Goals))
    subtotal: str | None = attrs.field(default=None, converter=_cell)
    total: str | None = attrs.field(default=None, converter=_cell)
    grade: str | None = attrs.field(default=None, converter=grade_text)
    notes: str | None = attrs.field(default=None, converter=_text)
    transcription_notes: tuple[str, ...] = attrs.field(default=(), converter=_notes)
    _numbers: tuple[Decimal | None, ...] = _numbers_field()
    #: (file, position) this table was read from, set by the reader: not compared, not printed, not an argument.
    _origin: tuple[str, int] | None = attrs.field(init=False, default=None, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        _name_refused(self)
        _keep(self, _read_numbers(self, {"subtotal": POINTS, "total": POINTS}))

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

    @property
    def origin(self) -> tuple[str, int] | None:
        """The file (as named to the reader) and position this table was read from; ``None`` if built in Python.

        >>> import perfeval
        >>> [t] = perfeval.load(perfeval.example_paths()[0])
        >>> t.origin[0].endswith("01-medicine-reserve.json"), t.origin[1], Table().origin
        (True, 0, None)
        """
        return self._origin


def read_from(table: Table, source: str, index: int) -> None:
    """Record where ``table`` was read from (once: a table read again keeps its first origin)."""
    if table._origin is None:
        object.__setattr__(table, "_origin", (source, index))  # frozen: set once, by the reader
