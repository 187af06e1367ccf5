"""Strategies of rows and tables: indicators of the three kinds, funds, whole tables (consistent or not).

Re-exported by :mod:`perfeval.testing.strategies`, the module to import.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from decimal import Decimal

import attrs

from perfeval.decimals import CONTEXT, add, fmt
from perfeval.errors import MissingExtraError
from perfeval.testing.cell_strategies import (
    KINDS,
    LEVELS,
    OPERATOR_SPELLINGS,
    SUFFIX_SPELLINGS,
    UNREADABLE_OPERATORS,
    KindName,
    amounts,
    deductions,
    numbers,
    operator_cells,
    operators,
    partitions,
    weights,
)

try:
    from hypothesis import strategies as st
    from hypothesis.strategies import SearchStrategy
except ImportError as error:  # pragma: no cover - exercised only without the extra
    raise MissingExtraError(
        "perfeval.testing.strategies needs hypothesis, which is not installed: pip install 'perfeval[testing]'"
    ) from error

from perfeval.reading.indicators import read_indicator
from perfeval.reading.operators import Operator
from perfeval.rules import CENTRAL_2020, RuleSet
from perfeval.scoring import score
from perfeval.values import Execution, Funds, FundsLine, Goals, Indicator, Table
from perfeval.vocab import Kind, Tier

_QUALITATIVE_TARGETS = ("有效提升", "明显改善", "规范管理", "服务质量提高", "达到预期效果", "按要求落实")
_SUCCESS_ACTUALS = ("已完成", "有效提升", "达到预期效果", "显著改善", "满足要求", "合格")
_PARTIAL_ACTUALS = ("部分完成", "部分达到预期")
_NEGATED_ACTUALS = ("未达到预期", "没有完成", "效果不明显")
_UNKNOWN_ACTUALS = ("详见附件", "见说明", "一般")
_ON_TIME_ACTUALS = ("按时完成", "及时完成", "提前完成", "已完成")
_LATE_ACTUALS = ("延期完成", "逾期", "未按时完成")
_CN_QUARTERS = ("一", "二", "三", "四")


# --- indicators -----------------------------------------------------------------

_UNITS: dict[str, Callable[[], SearchStrategy[Decimal]]] = {
    "%": lambda: st.one_of(amounts(0, 100, places=0), amounts(0, 100, places=1)),
    "个": lambda: amounts(0, 500, places=0),
    "次": lambda: amounts(0, 50, places=0),
    "人": lambda: amounts(0, 5000, places=0),
    "天": lambda: amounts(0, 365, places=0),
    "小时": lambda: st.one_of(amounts(0, 72, places=0), amounts(0, 24, places=1)),
    "万元": lambda: amounts(0, 100_000, places=2),
}


def _actual_near(target: Decimal, values: SearchStrategy[Decimal]) -> SearchStrategy[Decimal]:
    """Actuals that hit the interesting places: the target itself, one step off, zero, anything."""
    step = Decimal(1).scaleb(-max(0, -int(target.as_tuple().exponent)), context=CONTEXT)
    near = [target, CONTEXT.add(target, step), max(Decimal(0), CONTEXT.subtract(target, step)), Decimal(0)]
    return st.one_of(st.sampled_from(near), values, values)


def _reported(weight: Decimal | None, reported: bool) -> SearchStrategy[str | None]:
    if not reported or weight is None:
        return st.none()
    # Mostly within the weight; sometimes above it, as printed tables do (R8.2 score-exceeds-weight).
    above = CONTEXT.add(weight, Decimal(5))
    return st.one_of(st.none(), amounts(0, weight).map(fmt), st.just(fmt(weight)), amounts(weight, above).map(fmt))


def _level(level1: str | None) -> SearchStrategy[tuple[str, str]]:
    names = [level1] if level1 is not None else list(LEVELS)
    return st.sampled_from([(one, two) for one in names for two in LEVELS[one]])


@st.composite
def quantitative_indicators(
    draw: st.DrawFn,
    *,
    messy: bool = False,
    weight: Decimal | None = None,
    reported: bool = True,
    level1: str | None = None,
    units: Sequence[str] = tuple(_UNITS),
    operator: Operator | None = None,
) -> Indicator:
    """A numeric indicator (R4): operator, target, unit, actual, weight, maybe a reported score.

    Plain cells print the operator's symbol and the numbers as they are; with
    ``messy`` the operator may be any spelling of R2.2 or blank (and then the
    comparison is written in the target, "95%以上", or absent: EQ), numbers may
    be full-width or carry thousands separators, and a percent target may be
    written as a fraction ("0.9").
    """
    op = operator or draw(operators())
    unit = draw(st.sampled_from(list(units)))
    values = _UNITS.get(unit, _UNITS["个"])()
    target = draw(values)
    actual = draw(_actual_near(target, values))
    w = weight if weight is not None else draw(weights())
    one, two = draw(_level(level1))
    op_cell: str | None = op.symbol
    target_cell = fmt(target) or "0"
    if messy:
        style = draw(st.sampled_from(("spelled", "spelled", "echo", "in-target", "blank", "fraction")))
        if style == "spelled":
            op_cell = draw(operator_cells(op))[0]
            target_cell = draw(numbers(target, messy=True))
        elif style == "echo":  # the operator cell repeats the number: "≤5天", "不低于95%"
            op_cell = draw(st.sampled_from(OPERATOR_SPELLINGS[op])) + target_cell + draw(st.sampled_from(("", unit)))
        elif style == "in-target":
            op_cell = draw(st.sampled_from(UNREADABLE_OPERATORS))
            suffixes = SUFFIX_SPELLINGS.get(op, ())
            unit_text = draw(st.sampled_from(("", unit)))
            prefixed = [f"{s}{target_cell}{unit_text}" for s in OPERATOR_SPELLINGS[op]]
            suffixed = [f"{target_cell}{unit}{s}" for s in suffixes]
            target_cell = draw(st.sampled_from(prefixed + suffixed))
        elif style == "blank":
            op_cell = draw(st.sampled_from(UNREADABLE_OPERATORS))
        elif unit == "%" and 0 < target <= 100:
            op_cell = draw(operator_cells(op, messy=False))[0]
            target_cell = fmt(CONTEXT.divide(target, Decimal(100))) or "0"
    actual_cell = draw(numbers(actual, messy=messy))
    return Indicator(
        name=draw(st.sampled_from(("完成率", "覆盖人数", "响应时间", "满意度", "成本控制", "项目数量"))),
        level1=one,
        level2=two,
        operator=op_cell,
        target=target_cell,
        unit=unit,
        actual=actual_cell,
        weight=fmt(w),
        score=draw(_reported(w, reported)),
        explanation=draw(st.sampled_from((None, "偏差原因：项目延期，将加强管理"))),
    )


@st.composite
def qualitative_indicators(
    draw: st.DrawFn,
    *,
    weight: Decimal | None = None,
    reported: bool = True,
    level1: str | None = None,
    explicit_tier: bool | None = None,
) -> Indicator:
    """A text indicator (R5): a text target, an actual that states success, partial success,
    failure or nothing readable, sometimes an explicit ``tier``."""
    target = draw(st.sampled_from(_QUALITATIVE_TARGETS))
    actual = draw(
        st.one_of(
            st.just(target),
            st.sampled_from(_SUCCESS_ACTUALS + _PARTIAL_ACTUALS + _NEGATED_ACTUALS + _UNKNOWN_ACTUALS),
        )
    )
    give_tier = draw(st.booleans()) if explicit_tier is None else explicit_tier
    tier = draw(st.sampled_from(list(Tier))) if give_tier else None
    w = weight if weight is not None else draw(weights())
    one, two = draw(_level(level1))
    return Indicator(
        name=draw(st.sampled_from(("管理水平", "社会效益", "服务质量"))),
        level1=one,
        level2=two,
        operator=draw(st.sampled_from(("=", "-", None, "定性"))),
        target=target,
        unit=draw(st.sampled_from((None, "", "上升", "是/否"))),
        actual=actual,
        weight=fmt(w),
        score=draw(_reported(w, reported)),
        tier=tier,
    )


def _deadline_target(draw: st.DrawFn, year: int | None) -> tuple[str, datetime.date]:
    y = draw(st.integers(2020, 2025)) if year is None else year
    month = draw(st.integers(1, 12))
    last = (datetime.date(y + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    day = draw(st.integers(1, last))
    quarter = draw(st.integers(1, 4))
    forms: list[tuple[str, datetime.date]] = [
        (f"{y}年底前", datetime.date(y, 12, 31)),
        (f"{y}年{month}月底前", datetime.date(y, month, last)),
        (f"{y}年{month}月底前完成", datetime.date(y, month, last)),
        (f"{y}年第{_CN_QUARTERS[quarter - 1]}季度", _quarter_end(y, quarter)),
        (f"{y}-{month:02d}-{day:02d}", datetime.date(y, month, day)),
    ]
    if year is not None:
        forms.append((f"{month}月{day}日前", datetime.date(y, month, day)))
    return draw(st.sampled_from(forms))


def _quarter_end(year: int, quarter: int) -> datetime.date:
    month = 3 * quarter
    return datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)


@st.composite
def deadline_indicators(
    draw: st.DrawFn,
    *,
    year: int | None = 2023,
    weight: Decimal | None = None,
    reported: bool = True,
    level1: str | None = "产出指标",
) -> Indicator:
    """A deadline indicator (R6): "2023年底前", "2023年6月底前", "12月31日前" (needs ``year``),
    "2023年第三季度" or an ISO date, with an actual date before or after it or a phrase
    (按时完成 / 延期完成) or text that says neither."""
    target, deadline = _deadline_target(draw, year)
    shift = draw(st.integers(-60, 60))
    done = deadline + datetime.timedelta(days=shift)
    dated = draw(st.sampled_from((f"{done.year}年{done.month}月{done.day}日", done.isoformat())))
    actual = draw(st.sampled_from((dated, dated, *_ON_TIME_ACTUALS, *_LATE_ACTUALS, *_UNKNOWN_ACTUALS)))
    w = weight if weight is not None else draw(weights())
    one, two = draw(_level(level1))
    return Indicator(
        name="完成时间",
        level1=one,
        level2=two,
        operator=draw(st.sampled_from(("=", "≤", None))),
        target=target,
        unit=draw(st.sampled_from((None, "", "年", "及时"))),
        actual=actual,
        weight=fmt(w),
        score=draw(_reported(w, reported)),
    )


def indicators(
    kinds: Sequence[KindName] = KINDS,
    *,
    messy: bool = False,
    weight: Decimal | None = None,
    reported: bool = True,
    year: int | None = 2023,
    level1: str | None = None,
) -> SearchStrategy[Indicator]:
    """Indicators of the given kinds (R3.4): quantitative, qualitative, deadline.

    ``weight`` fixes the 分值; ``reported=False`` leaves 得分 blank; ``year``
    is the table's year (deadline forms such as "12月31日前" need it).

    >>> from perfeval.vocab import Kind
    >>> from perfeval.scoring import score_indicator
    >>> from hypothesis import find
    >>> row = find(indicators(["deadline"]), lambda indicator: True)
    >>> row.target, score_indicator(row, 2023).kind is Kind.DEADLINE
    ('2023年底前', True)
    """
    choices: list[SearchStrategy[Indicator]] = []
    if "quantitative" in kinds:
        choices.append(quantitative_indicators(messy=messy, weight=weight, reported=reported, level1=level1))
    if "qualitative" in kinds:
        choices.append(qualitative_indicators(weight=weight, reported=reported, level1=level1))
    if "deadline" in kinds:
        choices.append(deadline_indicators(year=year, weight=weight, reported=reported, level1=level1 or "产出指标"))
    if not choices:
        raise ValueError(f"no indicator kind among {kinds!r}; choose from {KINDS}")
    return st.one_of(choices)


# --- funds and tables ---------------------------------------------------------------


@st.composite
def funds(draw: st.DrawFn, *, messy: bool = False, allow_undefined: bool = False, over_execution: bool = True) -> Funds:
    """The four funds lines in 万元 whose total line is the sum of the others (R1, R11).

    ``allow_undefined`` sometimes leaves the annual budget 0 or blank (R1.3);
    ``over_execution`` sometimes spends more than the budget (R1.4).

    >>> from hypothesis import find
    >>> f = find(funds(), lambda f: f.carryover.annual is not None)
    >>> f.total.annual_amount == f.fiscal.annual_amount + f.carryover.annual_amount
    True
    """
    annual = draw(amounts("0.01", 50_000))
    if allow_undefined and draw(st.integers(0, 5)) == 0:
        annual = draw(st.sampled_from((Decimal("0.00"), Decimal("0"))))
    top = CONTEXT.multiply(annual, Decimal("1.2")) if over_execution else annual
    executed = draw(st.one_of(st.just(annual), amounts(0, top), st.just(Decimal("0.00"))))
    carry = draw(st.one_of(st.none(), amounts(0, annual)))

    def line(value: Decimal | None) -> SearchStrategy[str | None]:
        return st.none() if value is None else numbers(value, messy=messy)

    if carry is None:
        fiscal_annual, fiscal_exec, carry_exec = annual, executed, None
    else:
        fiscal_annual = CONTEXT.subtract(annual, carry)
        carry_exec = min(carry, executed)
        fiscal_exec = CONTEXT.subtract(executed, carry_exec)
    blank_annual = allow_undefined and draw(st.integers(0, 9)) == 0
    total = FundsLine(
        initial=draw(line(annual)),
        annual=None if blank_annual else draw(line(annual)),
        executed=draw(line(executed)),
    )
    fiscal = FundsLine(
        initial=draw(line(fiscal_annual)), annual=draw(line(fiscal_annual)), executed=draw(line(fiscal_exec))
    )
    carryover = FundsLine(initial=draw(line(carry)), annual=draw(line(carry)), executed=draw(line(carry_exec)))
    return Funds(total=total, fiscal=fiscal, carryover=carryover)


def _group_sizes(draw: st.DrawFn, low: int, high: int) -> tuple[int, int, int]:
    n = draw(st.integers(max(3, low), max(3, high)))
    outputs = draw(st.integers(1, n - 2))
    benefits = draw(st.integers(1, n - outputs - 1))
    return outputs, benefits, n - outputs - benefits


@st.composite
def tables(
    draw: st.DrawFn,
    *,
    consistent: bool = False,
    messy: bool = False,
    min_indicators: int = 1,
    max_indicators: int = 8,
    kinds: Sequence[KindName] = KINDS,
    year: int | None = 2023,
    rules: RuleSet = CENTRAL_2020,
    with_deductions: bool = False,
    allow_undefined: bool = False,
) -> Table:
    """Valid tables (``perfeval-table/1``).

    ``consistent=True`` builds a table as a careful unit would print it: the
    weights follow R8.1 (execution 10, 产出 50, 效益 30, 满意度 10 — so at least
    three indicators), the funds lines add up, and every reported cell
    (执行率, execution 得分, each row's 得分, the subtotal, 总得分 and 自评等级)
    is the value :func:`perfeval.score` computes under ``rules``, so
    ``perfeval.audit(table, rules)`` reports no error.  Otherwise weights and
    reported cells are arbitrary (but valid).

    ``with_deductions`` attaches evaluator deductions (R7) — in a consistent
    table only to the execution line and to quantitative rows, whose
    computed score does not depend on the reported one.

    >>> from hypothesis import find
    >>> import perfeval
    >>> table = find(tables(consistent=True), lambda t: len(t.indicators) >= 4)
    >>> [row.level1 for row in table.indicators][-1], table.total_value == perfeval.score(table).total
    ('满意度指标', True)
    >>> perfeval.audit(table).errors
    ()
    """
    if consistent:
        sizes = _group_sizes(draw, min_indicators, max_indicators)
        rows: list[Indicator] = []
        for level1, total, count in zip(LEVELS, (50, 30, 10), sizes, strict=True):
            for w in draw(partitions(total, count)):
                rows.append(draw(indicators(kinds, messy=messy, weight=w, reported=False, year=year, level1=level1)))
        execution_weight: Decimal | None = Decimal("10.00")
    else:
        count = draw(st.integers(min_indicators, max_indicators))
        rows = [draw(indicators(kinds, messy=messy, year=year)) for _ in range(count)]
        execution_weight = draw(st.one_of(st.just(Decimal("10.00")), st.none(), weights(20)))
    if with_deductions:
        rows = [
            attrs.evolve(row, deductions=draw(deductions()))
            if not consistent or read_indicator(row, year, rules).kind is Kind.QUANTITATIVE
            else row
            for row in rows
        ]
    execution = Execution(
        weight=fmt(execution_weight),
        deductions=draw(deductions()) if with_deductions else (),
    )
    table = Table(
        project=draw(st.sampled_from(("省级医药储备补助资金", "工业节能监察经费", "中小企业发展专项资金"))),
        indicators=rows,
        funds=draw(funds(messy=messy, allow_undefined=allow_undefined)),
        execution=execution,
        year=year,
        source="perfeval.testing.strategies",
        department="云南省工业和信息化厅",
        goals=Goals(expected="预期目标", achieved="实际完成情况"),
    )
    if consistent:
        return _fill_reported(table, rules)
    card = score(table, rules)
    rate = draw(st.one_of(st.none(), st.just(card.execution.printed_rate), amounts(0, 120)))
    reported_total = draw(st.one_of(st.none(), st.just(card.total), amounts(0, 100)))
    return attrs.evolve(
        table,
        execution=attrs.evolve(execution, rate=fmt(rate), score=draw(st.one_of(st.none(), amounts(0, 10).map(fmt)))),
        total=fmt(reported_total),
        grade=draw(st.sampled_from((None, "优", "良", "中", "差"))),
    )


def _fill_reported(table: Table, rules: RuleSet) -> Table:
    """Every reported cell set to the computed value (the audit then finds no error)."""
    card = score(table, rules)
    rows = [attrs.evolve(row.indicator, score=fmt(row.points)) for row in card.indicators]
    rate = card.execution.printed_rate
    execution = attrs.evolve(table.execution, rate=fmt(rate), score=fmt(card.execution.points))
    return attrs.evolve(
        table,
        indicators=rows,
        execution=execution,
        subtotal=fmt(add(*(row.points for row in card.indicators))),
        total=fmt(card.total),
        grade=card.grade.label,
    )
