"""Pure scoring functions: execution, indicators, total and grade (R1, R4–R9).

Nothing here reads a file, prints, or consults global state: every function
takes the table (or a row of it) and a :class:`~perfeval.rules.RuleSet`, and
returns frozen values that carry the steps that produced them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

import attrs

from perfeval.decimals import CENT, HUNDRED, TWO, ZERO, add, div, mul, need_decimal, round2, sub
from perfeval.errors import FieldTypeError
from perfeval.reading.indicators import (
    DeadlineReading,
    QualitativeReading,
    QuantitativeReading,
    Reading,
    read_indicator,
)
from perfeval.reading.operators import Direction, Operator
from perfeval.rules import CENTRAL_2020, RuleSet, resolve
from perfeval.steps import Joined, Step
from perfeval.values import Deduction, Indicator, Table
from perfeval.vocab import Grade, Kind, Tier, group_of


@attrs.frozen(slots=True)
class ExecutionScore:
    """Budget execution (R1): the rate and the points, with their steps."""

    weight: Decimal
    #: executed / annual × 100, unrounded; ``None`` when undefined (R1.3).
    rate: Decimal | None
    points: Decimal
    steps: tuple[Step, ...]
    #: R1.7 the rate's base: the annual budget, or the initial one on forms without an annual column.
    base: Literal["annual", "initial"] = "annual"
    #: R1.5 the points on the other basis (printed ↔ exact rate), same base and cap; ``None`` when undefined.
    other_basis_points: Decimal | None = None

    @property
    def printed_rate(self) -> Decimal | None:
        """The rate as the table should print it: round2 (R1.1)."""
        return None if self.rate is None else round2(self.rate)


@attrs.frozen(slots=True)
class IndicatorScore:
    """One indicator's computed points (R4–R8) and how they were reached."""

    index: int
    indicator: Indicator
    reading: Reading
    #: ``None`` when the weight is missing or unreadable (R3.5, R8.3).
    weight: Decimal | None
    met: bool | None
    points: Decimal
    #: Why the computed score fell back to the reported one, if it did.
    fallback: str | None
    #: R5.1 the band of the qualitative tier, when one applies.
    band: tuple[Decimal, Decimal] | None
    steps: tuple[Step, ...]
    #: R8.4 the canonical level-1 group ("产出指标" …), ``None`` when blank and not inferable.
    group: str | None = None
    #: R8.4 whether ``group`` was inferred from the level 2 (the printed level 1 is blank).
    group_inferred: bool = False

    @property
    def kind(self) -> Kind:
        """Quantitative, qualitative or deadline (R3.4)."""
        return self.reading.kind

    @property
    def name(self) -> str:
        """The indicator's name (三级指标)."""
        return self.indicator.name or ""


@attrs.frozen(slots=True)
class Scorecard:
    """A table's computed scores under one rule set (R9).

    Every number carries the steps that produced it (``steps`` here, and on
    ``execution`` and each of ``indicators``):

    >>> import perfeval
    >>> [t] = perfeval.load(perfeval.example_paths()[21])
    >>> card = score(t)
    >>> card.total, card.grade, [row.points for row in card.indicators][:3]
    (Decimal('52.15'), <Grade.POOR: '差'>, [Decimal('2.50'), Decimal('0.00'), Decimal('9.09')])
    >>> print(card.steps[-1])
    R9.2 grade of 52.15 = 差
    """

    table: Table
    rules: RuleSet
    execution: ExecutionScore
    indicators: tuple[IndicatorScore, ...]
    total: Decimal
    grade: Grade
    steps: tuple[Step, ...]

    def _repr_html_(self) -> str:
        """The form with reported and computed values side by side (Jupyter)."""
        from perfeval.report.html_view import scorecard_html

        return scorecard_html(self)


def score(table: Table, rules: RuleSet | str = CENTRAL_2020) -> Scorecard:
    """Score a table: execution points + indicator points, then the grade (R9).

    >>> from perfeval.values import FundsLine, Funds
    >>> t = Table(funds=Funds(total=FundsLine(annual="4.10", executed="0.33")),
    ...           indicators=[Indicator(name="x", operator="≥", target="6", actual="1", weight="15.00")])
    >>> card = score(t)
    >>> card.execution.points, card.indicators[0].points, card.total, card.grade.label
    (Decimal('0.81'), Decimal('2.50'), Decimal('3.31'), '差')
    """
    rules = resolve(rules)
    if not isinstance(table, Table):
        hint = {
            list: " (perfeval.load returns a list of tables: score or audit each one)",
            dict: " (perfeval.from_dict makes a Table of a perfeval-table/1 object)",
        }.get(type(table), "")
        raise FieldTypeError(f"table: expected a Table, not {type(table).__name__}{hint}")  # fmt: skip
    execution = score_execution(table, rules)
    indicators = tuple(score_indicator(row, table.year, rules, index=i) for i, row in enumerate(table.indicators))
    total = add(execution.points, *(s.points for s in indicators))
    grade = grade_for(total, rules)
    parts = " + ".join(f"{s.points:f}" for s in indicators) or "0"
    steps = (
        Step("R9.1", "total = {} + ({}) = {}", (execution.points, parts, total)),
        Step("R9.2", "grade of {} = {}", (total, grade.label)),
    )
    return Scorecard(table, rules, execution, indicators, total, grade, steps)


def grade_for(total: Decimal, rules: RuleSet | str = CENTRAL_2020) -> Grade:
    """The grade of a total (R9.2): 优 ≥ 90 > 良 ≥ 80 > 中 ≥ 60 > 差.

    >>> grade_for(Decimal("89.99")).label, grade_for(Decimal("90")).label
    ('良', '优')
    """
    total = need_decimal(total, "total")
    for lower, grade in resolve(rules).grade_bands:
        if total >= lower:
            return grade
    return Grade.POOR


def _deduct(points: Decimal, deductions: tuple[Deduction, ...], steps: list[Step]) -> Decimal:
    """R7.1: s = max(0, s − Σ deductions)."""
    if not deductions:
        return points
    cut = add(*(d.amount for d in deductions))
    result = max(ZERO, sub(points, cut))
    reasons = "; ".join(d.reason or "no reason given" for d in deductions)
    steps.append(Step("R7.1", "max(0, {} − {}) = {} ({})", (points, cut, result, reasons)))
    return result


def execution_base(table: Table) -> tuple[Decimal | None, Literal["annual", "initial"]]:
    """R1.7 the base of the rate: 全年预算数, or 年初预算数 on older forms that print no annual column.

    >>> from perfeval.values import Funds, FundsLine
    >>> execution_base(Table(funds=Funds(total=FundsLine(initial="50", executed="40"))))
    (Decimal('50'), 'initial')
    """
    funds = table.funds
    line = funds.total
    if line.annual_amount is None and (line.initial_amount or 0) > 0:
        lines = (funds.total, funds.fiscal, funds.carryover, funds.other)
        if all(each.annual_amount is None for each in lines):
            return line.initial_amount, "initial"
    return line.annual_amount, "annual"


def score_execution(table: Table, rules: RuleSet | str = CENTRAL_2020) -> ExecutionScore:
    """Budget execution points (R1).

    R1.2: points = round2(w × min(printed rate, 100) / 100), so 0.33 of 4.10
    → 8.05 % → 0.81.  R1.3: an annual budget of 0 or none scores 0.

    >>> from perfeval.values import Funds, FundsLine
    >>> t = Table(funds=Funds(total=FundsLine(annual="9,594.00", executed="7,564.80")))
    >>> ex = score_execution(t)
    >>> ex.printed_rate, ex.points
    (Decimal('78.85'), Decimal('7.89'))
    >>> score_execution(Table(funds=Funds(total=FundsLine(annual="0", executed="3")))).points
    Decimal('0.00')
    """
    rules = resolve(rules)
    base, base_name = execution_base(table)
    executed = table.funds.total.executed_amount
    printed_weight = table.execution.weight_value
    weight = rules.execution_weight if printed_weight is None else printed_weight
    steps: list[Step] = []
    if printed_weight is None:
        steps.append(Step("R1.2", "weight not printed: w = {} (rule set {})", (weight, rules.name)))
    if base is None or base == 0 or executed is None:
        missing = "annual budget is 0" if base == 0 else "annual budget" if base is None else "executed amount"
        reason = missing if base == 0 else f"{missing} not printed"
        steps.append(Step("R1.3", "rate undefined ({}): points = 0", (reason,)))
        points = _deduct(ZERO, table.execution.deductions, steps)
        return ExecutionScore(weight, None, points, tuple(steps), base_name)
    if base_name == "initial":
        steps.append(Step("R1.7", "no annual budget printed: the initial budget {} is the base", (base,)))
    rate = div(mul(executed, HUNDRED), base)
    printed = round2(rate)
    exact = "" if printed == rate else f" ({_digits(rate)}% rounded, ROUND_HALF_UP)"
    steps.append(Step("R1.1", "rate = {} / {} × 100 = {}%{}", (executed, base, printed, exact)))
    points, capped = _execution_points(weight, executed, base, rate, rules.execution_basis, rules.cap)
    cap_note = " (capped at 100)" if capped is not None else ""
    basis_name = "printed rate" if rules.execution_basis == "printed-rate" else "exact rate"
    shown = capped if capped is not None else printed if rules.execution_basis == "printed-rate" else rate
    steps.append(
        Step("R1.2", "{} × {}% / 100 = {} ({}{}, ROUND_HALF_UP)", (weight, shown, points, basis_name, cap_note))
    )
    points = _deduct(points, table.execution.deductions, steps)
    other_basis = "exact-rate" if rules.execution_basis == "printed-rate" else "printed-rate"
    other, _ = _execution_points(weight, executed, base, rate, other_basis, rules.cap)
    other = _deduct(other, table.execution.deductions, [])
    return ExecutionScore(weight, rate, points, tuple(steps), base_name, other)


def _execution_points(
    weight: Decimal, executed: Decimal, base: Decimal, rate: Decimal, basis: str, cap: bool
) -> tuple[Decimal, Decimal | None]:
    """R1.2 on one basis: the points, and the 100 the rate was capped at (``None`` when not capped)."""
    value = round2(rate) if basis == "printed-rate" else rate
    if cap and value > HUNDRED:
        return round2(weight), HUNDRED
    if basis == "printed-rate":
        return round2(div(mul(weight, value), HUNDRED)), None
    # w × (executed / base × 100) / 100 without the rounded quotient, so a tie
    # (3 × 50 / 240 = 0.625) rounds half up as exact arithmetic says (→ 0.63, not 0.62).
    return round2(div(mul(weight, executed), base)), None


def _digits(value: Decimal, shown: int = 6) -> str:
    """A long quotient shortened for an explanation: 5.625950…"""
    text = f"{value:f}"
    whole, _, frac = text.partition(".")
    return text if len(frac) <= shown else f"{whole}.{frac[:shown]}…"


def score_indicator(
    indicator: Indicator, year: int | None = None, rules: RuleSet | str = CENTRAL_2020, *, index: int = 0
) -> IndicatorScore:
    """Score one indicator row by its kind (R4 quantitative, R5 qualitative, R6 deadline).

    >>> s = score_indicator(Indicator(operator="<", target="24", unit="小时", actual="24", weight="10"))
    >>> s.met, s.points
    (False, Decimal('9.58'))
    """
    rules = resolve(rules)
    reading = read_indicator(indicator, year, rules)
    weight = indicator.weight_value
    reported = indicator.score_value
    steps: list[Step] = [Step("R3.4", "{} indicator: {}", (reading.kind.value, _how(reading)))]
    if isinstance(reading, QuantitativeReading):
        actual: object = "unreadable" if reading.actual is None else reading.actual  # formatted when read
        steps.append(
            Step(
                "R3.1",
                "read: target {!r} → {} {}; actual {!r} → {}; w = {}",
                (indicator.target, reading.operator, reading.target, indicator.actual, actual, indicator.weight),
            )
        )
    band = None
    fallback = None
    if isinstance(reading, QuantitativeReading) and reading.actual is None:
        met: bool | None = None
        fallback = "value-unreadable"
        steps.append(Step("R3.5", "actual {!r} cannot be read as a number", (indicator.actual,)))
        points = None
    elif weight is None:
        met = _met_only(reading, rules)
        points = None
    elif isinstance(reading, QuantitativeReading):
        met, points = _score_quantitative(reading, weight, rules, steps)
    elif isinstance(reading, DeadlineReading):
        met, points, band = _score_deadline(reading, weight, reported, rules, steps)
    else:
        met, points, band = _score_qualitative(reading.tier, weight, reported, rules, steps)
    if points is None:
        if weight is None and fallback is None:
            readable = indicator.weight_readable
            fallback = "weight-missing" if readable else "value-unreadable"
            why, rule = ("weight missing", "R8.3") if readable else ("weight unreadable", "R3.5")
        else:
            why, rule = "actual unreadable", "R3.5"
        points = reported if reported is not None else ZERO
        if weight is not None and points > weight:
            points = weight  # R8.2: a computed score never exceeds the weight
        source = "the reported score" if reported is not None else "0 (no score printed)"
        steps.append(Step(rule, "{}: computed score = {} = {}", (why, source, points)))
    points = _deduct(points, indicator.deductions, steps)
    group, inferred = group_of(indicator.level1, indicator.level2)
    if inferred:
        steps.append(Step("R8.4", "level 1 blank: {} inferred from the level 2 {!r}", (group, indicator.level2)))
    return IndicatorScore(index, indicator, reading, weight, met, points, fallback, band, tuple(steps), group, inferred)


def _how(reading: Reading) -> str | Joined:
    if isinstance(reading, QuantitativeReading):
        return Joined(reading.how)  # joined when the step's text is asked for
    return reading.how


def _met_only(reading: Reading, rules: RuleSet) -> bool | None:
    """Whether the target was met, for a row whose weight is missing (R8.3)."""
    if isinstance(reading, QuantitativeReading):
        return _is_met(reading, rules)[0]
    if isinstance(reading, DeadlineReading) and reading.on_time is not None:
        return reading.on_time
    # A qualitative row, or a deadline row saying neither on time nor late: its tier, given or read.
    return None if reading.tier is None else reading.tier is Tier.ACHIEVED


# --- R4 quantitative --------------------------------------------------------


def _is_met(reading: QuantitativeReading, rules: RuleSet) -> tuple[bool, Operator, Step | None]:
    """R4.1–R4.5: whether B meets P under the operator (and the rule set), and the step that says why if any."""
    assert reading.actual is not None
    op = reading.operator
    if op.strict and not rules.strict:
        op = op.relaxed
    p, b = reading.target.value, reading.actual.value
    bound = reading.actual.bound
    if _bound_meets(op, p, bound, b, rules):
        return True, op, Step("R3.2", "actual states {} {}, which meets {} {}", (bound, b, op, p))
    if op is Operator.EQ:
        if rules.equal == "exact":
            return b == p, op, Step("R4.4", "EQ read as exact")
        met = b == 0 if p == 0 else b >= p
        return met, op, Step("R4.4", "EQ read as at least")
    return op.holds(b, p), op, None


def _bound_meets(op: Operator, p: Decimal, bound: Operator | None, b: Decimal, rules: RuleSet) -> bool:
    """R3.2: an actual such as "小于600" reached its bound; does the bound meet the target?"""
    if bound is None:
        return False
    if op is Operator.EQ and (rules.equal == "exact" or p == 0):
        # Exact equality, or "= 0" read as at least (R4.4: met only when B = 0): "大于8" against 0 is not met.
        return bound is Operator.EQ and b == p
    if op in (Operator.GE, Operator.EQ):
        return bound in (Operator.GE, Operator.GT, Operator.EQ) and b >= p
    if op is Operator.GT:
        return (bound is Operator.GT and b >= p) or (bound in (Operator.GE, Operator.EQ) and b > p)
    if op is Operator.LE:
        return bound in (Operator.LE, Operator.LT, Operator.EQ) and b <= p
    return (bound is Operator.LT and b <= p) or (bound in (Operator.LE, Operator.EQ) and b < p)


def _score_quantitative(
    reading: QuantitativeReading, w: Decimal, rules: RuleSet, steps: list[Step]
) -> tuple[bool, Decimal]:
    assert reading.actual is not None
    met, op, why = _is_met(reading, rules)
    p, b = reading.target.value, reading.actual.value
    if why is not None:
        steps.append(why)
    if met:
        shown = "≥" if op is Operator.EQ and rules.equal != "exact" and p != 0 else op.symbol
        steps.append(Step("R4.1", "met: {} {} {} ⇒ s = w = {}", (b, shown, p, w)))
        return True, w
    if w == 0:
        steps.append(Step("R4.1", "unmet: {} {} {} is false; weight 0 ⇒ s = 0", (b, op, p)))
        return False, ZERO
    unmet = f"unmet: {b:f} {_negated(op)} {p:f}" if op is not Operator.EQ else f"unmet: {b:f} ≠ {p:f}"
    target = p
    if op.strict:
        step = reading.target.step
        target = add(p, step) if op is Operator.GT else sub(p, step)
        steps.append(
            Step("R4.5", "strict {} unmet: scored against {} {} (one step of {})", (op, op.relaxed, target, step))
        )
    if op.direction is Direction.POSITIVE:
        if op is Operator.EQ and rules.equal == "exact":
            if p <= 0 or b <= 0:
                raw, formula = ZERO, "P ≤ 0 or B ≤ 0 ⇒ 0"
            else:
                # w × min(B/P, P/B), multiplied before dividing so that the arithmetic stays exact.
                raw = round2(div(mul(w, b), p) if b <= p else div(mul(w, p), b))
                formula = f"{w:f} × min({b:f}/{p:f}, {p:f}/{b:f}) = {raw:f}"
            rule = "R4.4"
        elif target <= 0 or b <= 0:
            raw, formula, rule = ZERO, "B ≤ 0 or P ≤ 0 ⇒ 0", "R4.2"
        else:
            raw = round2(div(mul(w, b), target))
            formula, rule = f"{b:f} / {target:f} × {w:f} = {raw:f}", "R4.2"
    elif target <= 0:
        raw, formula, rule = ZERO, "reverse target ≤ 0 and unmet ⇒ 0 (all or nothing)", "R4.3"
    elif rules.reverse == "linear":
        # w × max(0, 2 − B/P) as w × (2P − B) / P: one division, last, so ties round exactly (2.095 → 2.10).
        raw = round2(max(ZERO, div(mul(w, sub(mul(TWO, target), b)), target)))
        formula, rule = f"{w:f} × max(0, 2 − {b:f}/{target:f}) = {raw:f}", "R4.3"
    else:
        raw = round2(div(mul(w, target), b))
        formula, rule = f"{target:f} / {b:f} × {w:f} = {raw:f}", "R4.3"
    steps.append(Step(rule, "{} ({})", (formula, unmet)))
    points = max(ZERO, raw)
    if points >= w:
        if rules.unmet_cap:  # the v1 rule, kept as an option
            points = max(ZERO, sub(w, CENT))
            steps.append(Step("R4.1", "unmet rounds up to w: s = w − 0.01 = {} (unmet_cap)", (points,)))
        else:
            points = w  # R4.1 v2: only round2 of the ratio can reach w (999.9 of ≥ 1000, w 25 → 25.00)
            steps.append(Step("R4.1", "unmet, but the ratio score rounds to w = {}; still unmet", (w,)))
    return False, points


def _negated(op: Operator) -> str:
    return {Operator.GE: "<", Operator.GT: "≤", Operator.LE: ">", Operator.LT: "≥", Operator.EQ: "≠"}[op]


# --- R5 qualitative and R6 deadlines ------------------------------------------


def tier_band(tier: Tier, w: Decimal, rules: RuleSet | str = CENTRAL_2020) -> tuple[Decimal, Decimal]:
    """R5.1 the closed range of scores a tier allows (upper ends made inclusive).

    >>> tier_band(Tier.PARTIAL, Decimal(30)), tier_band(Tier.PARTIAL, Decimal(30), "central-2016")
    ((Decimal('18.00'), Decimal('23.99')), (Decimal('15.00'), Decimal('23.99')))
    """
    w = need_decimal(w, "weight")
    achieved, partial = resolve(rules).bands
    high, low = round2(mul(w, achieved)), round2(mul(w, partial))
    if tier is Tier.ACHIEVED:
        return high, w
    if tier is Tier.PARTIAL:
        return low, max(low, sub(high, CENT))
    return ZERO, max(ZERO, sub(low, CENT))


def _score_qualitative(
    tier: Tier | None, w: Decimal, reported: Decimal | None, rules: RuleSet, steps: list[Step], rule: str = "R5.3"
) -> tuple[bool | None, Decimal, tuple[Decimal, Decimal] | None]:
    if tier is None:
        points = ZERO if reported is None else min(reported, w)  # R8.2: never above the weight
        steps.append(Step("R5.2", "tier unknown: computed score = reported = {} (at most w)", (points,)))
        return None, points, None
    low, high = tier_band(tier, w, rules)
    band = (low, high)
    if reported is None:
        points = low if tier is not Tier.ACHIEVED or rules.qualitative_default == "lower" else high
        steps.append(Step(rule, "{}: band [{}, {}], no score printed ⇒ {}", (tier.value, low, high, points)))
    elif low <= reported <= high:
        points = reported
        steps.append(Step(rule, "{}: band [{}, {}] holds the reported {}", (tier.value, low, high, reported)))
    else:
        points = low if reported < low else high
        steps.append(
            Step(
                rule, "{}: reported {} outside band [{}, {}] ⇒ clamped to {}", (tier.value, reported, low, high, points)
            )
        )
    return tier is Tier.ACHIEVED, points, band


def _score_deadline(
    reading: DeadlineReading, w: Decimal, reported: Decimal | None, rules: RuleSet, steps: list[Step]
) -> tuple[bool | None, Decimal, tuple[Decimal, Decimal] | None]:
    if reading.on_time:
        steps.append(Step("R6.2", "on time ⇒ s = w = {}", (w,)))
        return True, w, None
    if reading.on_time is None:  # neither on time nor late: the evaluator's tier if given (R5.2), else unknown
        return _score_qualitative(reading.tier, w, reported, rules, steps)
    steps.append(Step("R6.2", "late ⇒ the not-achieved tier of R5", ()))
    _, points, band = _score_qualitative(Tier.NOT_ACHIEVED, w, reported, rules, steps, "R6.2")
    return False, points, band


__all__ = [
    "ExecutionScore",
    "IndicatorScore",
    "QualitativeReading",
    "Scorecard",
    "grade_for",
    "score",
    "score_execution",
    "score_indicator",
    "tier_band",
]
