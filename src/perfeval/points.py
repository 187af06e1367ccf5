"""The rules core for scores (R1, R4–R9): plain functions over a table's values, plain results.

Every score is computed here once — for :func:`perfeval.score`, :func:`perfeval.audit`,
``perfeval explain`` and the batch alike.  A caller who wants the steps behind a number
passes a ``trace`` list and gets :class:`~perfeval.steps.Step` values appended to it; the
batch passes ``None``, and then no step, and no text of one, is built.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final, Literal, NamedTuple

from perfeval.decimals import CENT, HUNDRED, TWO, ZERO, add, div, mul, round2, sub
from perfeval.reading.indicators import DeadlineReading, QuantitativeReading, Reading, read_indicator
from perfeval.reading.operators import Direction, Operator
from perfeval.rules import RuleSet
from perfeval.steps import Joined, Step
from perfeval.values import Deduction
from perfeval.views import IndicatorView, TableView
from perfeval.vocab import Grade, Kind, Tier, group_of

#: Where the steps of a computation go: a list to explain it, ``None`` on the batch path.
Trace = list[Step] | None


class ExecutionPoints(NamedTuple):
    """Budget execution (R1) as the core computes it: the fields of :class:`~perfeval.scoring.ExecutionScore`."""

    weight: Decimal
    rate: Decimal | None
    points: Decimal
    base: Literal["annual", "initial"]
    other_basis_points: Decimal | None

    @property
    def printed_rate(self) -> Decimal | None:
        """The rate as the table should print it: round2 (R1.1)."""
        return None if self.rate is None else round2(self.rate)


class RowPoints(NamedTuple):
    """One indicator row's points (R4–R8): the fields of :class:`~perfeval.scoring.IndicatorScore`."""

    index: int  # type: ignore[assignment]  # the row's place, shadowing tuple.index on purpose
    indicator: IndicatorView
    reading: Reading
    weight: Decimal | None
    met: bool | None
    points: Decimal
    fallback: str | None
    band: tuple[Decimal, Decimal] | None
    group: str | None
    group_inferred: bool

    @property
    def kind(self) -> Kind:
        """Quantitative, qualitative or deadline (R3.4)."""
        return self.reading.kind

    @property
    def name(self) -> str:
        """The indicator's name (三级指标)."""
        return self.indicator.name or ""


class CardPoints(NamedTuple):
    """A table's points under one rule set (R9): what the audit checks and the batch prints."""

    table: TableView
    rules: RuleSet
    execution: ExecutionPoints
    indicators: tuple[RowPoints, ...]
    total: Decimal
    grade: Grade


def card_points(
    table: TableView,
    rules: RuleSet,
    trace: Trace = None,
    execution_trace: Trace = None,
    row_traces: list[list[Step]] | None = None,
) -> CardPoints:
    """R9 the table's total and grade: execution points + every row's points, each traced where asked."""
    execution = execution_points(table, rules, execution_trace)
    year = table.year
    if row_traces is None:
        rows = tuple([row_points(row, year, rules, i) for i, row in enumerate(table.indicators)])
    else:
        rows = tuple([row_points(row, year, rules, i, row_traces[i]) for i, row in enumerate(table.indicators)])
    # One sum, as adding row by row gives it; a table without rows totals its execution points as they are.
    total = add(execution.points, *[row.points for row in rows]) if rows else execution.points
    grade = grade_of(total, rules)
    if trace is not None:
        parts = " + ".join(f"{s.points:f}" for s in rows) or "0"
        trace.append(Step("R9.1", "total = {} + ({}) = {}", (execution.points, parts, total)))
        trace.append(Step("R9.2", "grade of {} = {}", (total, grade.label)))
    return _new_tuple(CardPoints, (table, rules, execution, rows, total, grade))


def grade_of(total: Decimal, rules: RuleSet) -> Grade:
    """R9.2 the grade of a total under the rule set's bands."""
    for lower, grade in rules.grade_bands:
        if total >= lower:
            return grade
    return Grade.POOR


def deduct(points: Decimal, deductions: tuple[Deduction, ...], trace: Trace) -> Decimal:
    """R7.1: s = max(0, s − Σ deductions)."""
    if not deductions:
        return points
    cut = add(*(d.amount for d in deductions))
    left = max(ZERO, sub(points, cut))
    result = round2(left)  # a score, round2 like every score (R4.1): a cut may print three places
    if trace is not None:
        reasons = "; ".join(d.reason or "no reason given" for d in deductions)
        shown = (left,) if left == result else (f"{left:f}, round2 {result:f}",)
        trace.append(Step("R7.1", "max(0, {} − {}) = {} ({})", (points, cut, *shown, reasons)))
    return result


def execution_base(table: TableView) -> tuple[Decimal | None, Literal["annual", "initial"]]:
    """R1.7 the base of the rate: 全年预算数, or 年初预算数 on older forms that print no annual column."""
    funds = table.funds
    line = funds.total
    if line.annual_amount is None and (line.initial_amount or ZERO) > ZERO:
        lines = (funds.total, funds.fiscal, funds.carryover, funds.other)
        if all(each.annual_amount is None for each in lines):
            return line.initial_amount, "initial"
    return line.annual_amount, "annual"


def execution_points(table: TableView, rules: RuleSet, trace: Trace = None) -> ExecutionPoints:
    """Budget execution points (R1): R1.2 round2(w × min(rate, 100) / 100) on the rule set's basis."""
    base, base_name = execution_base(table)
    executed = table.funds.total.executed_amount
    execution = table.execution
    printed_weight = execution.weight_value
    weight = rules.execution_weight if printed_weight is None else printed_weight
    if printed_weight is None and trace is not None:
        trace.append(Step("R1.2", "weight not printed: w = {} (rule set {})", (weight, rules.name)))
    if base is None or base == ZERO or executed is None:
        if trace is not None:
            missing = "annual budget is 0" if base == 0 else "annual budget" if base is None else "executed amount"
            reason = missing if base == 0 else f"{missing} not printed"
            trace.append(Step("R1.3", "rate undefined ({}): points = 0", (reason,)))
        points = deduct(ZERO, execution.deductions, trace)
        return _new_tuple(ExecutionPoints, (weight, None, points, base_name, None))
    rate = div(mul(executed, HUNDRED), base)
    points, capped = _execution_points(weight, executed, base, rate, rules.execution_basis, rules.cap)
    if trace is not None:
        if base_name == "initial":
            trace.append(Step("R1.7", "no annual budget printed: the initial budget {} is the base", (base,)))
        printed = round2(rate)
        exact = "" if printed == rate else f" ({_digits(rate)}% rounded, ROUND_HALF_UP)"
        trace.append(Step("R1.1", "rate = {} / {} × 100 = {}%{}", (executed, base, printed, exact)))
        cap_note = " (capped at 100)" if capped is not None else ""
        basis_name = "printed rate" if rules.execution_basis == "printed-rate" else "exact rate"
        shown = capped if capped is not None else printed if rules.execution_basis == "printed-rate" else rate
        trace.append(
            Step("R1.2", "{} × {}% / 100 = {} ({}{}, ROUND_HALF_UP)", (weight, shown, points, basis_name, cap_note))
        )
    points = deduct(points, execution.deductions, trace)
    other_basis = "exact-rate" if rules.execution_basis == "printed-rate" else "printed-rate"
    other, _ = _execution_points(weight, executed, base, rate, other_basis, rules.cap)
    other = deduct(other, execution.deductions, None)
    return _new_tuple(ExecutionPoints, (weight, rate, points, base_name, other))


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


def row_points(
    indicator: IndicatorView, year: int | None, rules: RuleSet, index: int = 0, trace: Trace = None
) -> RowPoints:
    """Score one indicator row by its kind (R4 quantitative, R5 qualitative, R6 deadline)."""
    reading = read_indicator(indicator, year, rules, explain=trace is not None)
    weight = indicator.weight_value
    reported = indicator.score_value
    if trace is not None:
        _read_steps(indicator, reading, trace)
    band = None
    fallback = None
    points: Decimal | None = None
    met: bool | None
    if isinstance(reading, QuantitativeReading) and reading.actual is None:
        met = None
        fallback = "value-unreadable"
        if trace is not None:
            trace.append(Step("R3.5", "actual {!r} cannot be read as a number", (indicator.actual,)))
    elif weight is None:
        met = _met_only(reading, rules)
    elif isinstance(reading, QuantitativeReading):
        met, points = _score_quantitative(reading, weight, rules, trace)
    elif isinstance(reading, DeadlineReading):
        met, points, band = _score_deadline(reading, weight, reported, rules, trace)
    else:
        met, points, band = _score_qualitative(reading.tier, weight, reported, rules, trace)
    if points is None:
        points, fallback = _fallback(indicator, weight, reported, fallback, trace)
    if indicator.deductions:
        points = deduct(points, indicator.deductions, trace)
    group, inferred = group_of(indicator.level1, indicator.level2)
    if inferred and trace is not None:
        trace.append(Step("R8.4", "level 1 blank: {} inferred from the level 2 {!r}", (group, indicator.level2)))
    return _new_tuple(RowPoints, (index, indicator, reading, weight, met, points, fallback, band, group, inferred))


#: The results are made without a named tuple's Python-level ``__new__``: ``_new_tuple(RowPoints, (…every field…))``.
_new_tuple: Final = tuple.__new__


def _read_steps(indicator: IndicatorView, reading: Reading, trace: list[Step]) -> None:
    """R3.4 the kind and R3.1 how the cells were read, for an explanation."""
    trace.append(Step("R3.4", "{} indicator: {}", (reading.kind.value, _how(reading))))
    if isinstance(reading, QuantitativeReading):
        actual: object = "unreadable" if reading.actual is None else reading.actual
        trace.append(
            Step(
                "R3.1",
                "read: target {!r} → {} {}; actual {!r} → {}; w = {}",
                (indicator.target, reading.operator, reading.target, indicator.actual, actual, indicator.weight),
            )
        )


def _fallback(
    indicator: IndicatorView, weight: Decimal | None, reported: Decimal | None, fallback: str | None, trace: Trace
) -> tuple[Decimal, str | None]:
    """R3.5 / R8.3 a row the rules cannot score: the reported score (at most the weight), else 0."""
    if weight is None and fallback is None:
        readable = indicator.weight_readable
        fallback = "weight-missing" if readable else "value-unreadable"
        why, rule = ("weight missing", "R8.3") if readable else ("weight unreadable", "R3.5")
    else:
        why, rule = "actual unreadable", "R3.5"
    points = round2(reported) if reported is not None else ZERO  # kept, round2 like every score (R4.1, R9.1)
    capped = False
    if weight is not None and points > weight:
        points, capped = weight, True  # R8.2: a computed score never exceeds the weight
    if trace is not None:
        source = "0 (no score printed)" if reported is None else "the reported score" + _rounded(reported)
        trace.append(Step(rule, "{}: computed score = {} = {}{}", (why, source, points, " (at most w)" * capped)))
    return points, fallback


def _rounded(reported: Decimal, shown: bool = True) -> str:
    """How a kept reported score was rounded, for an explanation (after the score itself unless ``shown`` is
    false): "" when round2 leaves it as printed."""
    kept = round2(reported)
    if kept == reported:
        return ""
    return f" {reported:f}, round2 {kept:f}" if shown else f", round2 {kept:f}"


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


def _is_met(reading: QuantitativeReading, rules: RuleSet) -> tuple[bool, Operator, str | None]:
    """R4.1–R4.5: whether B meets P under the operator (and the rule set), and which rule decided, if not the operator.

    The rule is a name, not a :class:`Step`: the step is built only when a trace asks for it (:func:`_why`).
    """
    assert reading.actual is not None
    op = reading.operator
    if op.strict and not rules.strict:
        op = op.relaxed
    p, b = reading.target.value, reading.actual.value
    bound = reading.actual.bound
    if bound is not None and _bound_meets(op, p, bound, b, rules):
        return True, op, "bound"
    if op is Operator.EQ:
        if rules.equal == "exact":
            return b == p, op, "exact"
        met = b == ZERO if p == ZERO else b >= p
        return met, op, "at-least"
    return op.holds(b, p), op, None


def _why(decided: str, reading: QuantitativeReading, op: Operator) -> Step:
    """The step that says which rule decided :func:`_is_met` (R3.2 a bound in the actual, R4.4 EQ)."""
    if decided == "bound":
        assert reading.actual is not None
        bound, b, p = reading.actual.bound, reading.actual.value, reading.target.value
        return Step("R3.2", "actual states {} {}, which meets {} {}", (bound, b, op, p))
    return Step("R4.4", "EQ read as exact" if decided == "exact" else "EQ read as at least")


def _bound_meets(op: Operator, p: Decimal, bound: Operator, b: Decimal, rules: RuleSet) -> bool:
    """R3.2: an actual such as "小于600" reached its bound; does the bound meet the target?"""
    if op is Operator.EQ and (rules.equal == "exact" or p == ZERO):
        # Exact equality, or "= 0" read as at least (R4.4: met only when B = 0): "大于8" against 0 is not met.
        return bound is Operator.EQ and b == p
    if op in (Operator.GE, Operator.EQ):
        return bound in (Operator.GE, Operator.GT, Operator.EQ) and b >= p
    if op is Operator.GT:
        return (bound is Operator.GT and b >= p) or (bound in (Operator.GE, Operator.EQ) and b > p)
    if op is Operator.LE:
        return bound in (Operator.LE, Operator.LT, Operator.EQ) and b <= p
    return (bound is Operator.LT and b <= p) or (bound in (Operator.LE, Operator.EQ) and b < p)


def _score_quantitative(reading: QuantitativeReading, w: Decimal, rules: RuleSet, trace: Trace) -> tuple[bool, Decimal]:
    assert reading.actual is not None
    met, op, decided = _is_met(reading, rules)
    p, b = reading.target.value, reading.actual.value
    if decided is not None and trace is not None:
        trace.append(_why(decided, reading, op))
    if met:
        if trace is not None:
            shown = "≥" if op is Operator.EQ and rules.equal != "exact" and p != 0 else op.symbol
            trace.append(Step("R4.1", "met: {} {} {} ⇒ s = w = {}", (b, shown, p, w)))
        return True, w
    if w == ZERO:
        if trace is not None:
            trace.append(Step("R4.1", "unmet: {} {} {} is false; weight 0 ⇒ s = 0", (b, op, p)))
        return False, ZERO
    target = p
    if op.strict:
        step = reading.target.step
        target = add(p, step) if op is Operator.GT else sub(p, step)
        if trace is not None:
            trace.append(
                Step("R4.5", "strict {} unmet: scored against {} {} (one step of {})", (op, op.relaxed, target, step))
            )
    if op.direction is Direction.POSITIVE:
        if op is Operator.EQ and rules.equal == "exact":
            if p <= ZERO or b <= ZERO:
                raw, formula = ZERO, "P ≤ 0 or B ≤ 0 ⇒ 0"
            else:
                # w × min(B/P, P/B), multiplied before dividing so that the arithmetic stays exact.
                raw = round2(div(mul(w, b), p) if b <= p else div(mul(w, p), b))
                formula = "{w} × min({b}/{p}, {p}/{b}) = {raw}"
            rule = "R4.4"
        elif target <= ZERO or b <= ZERO:
            raw, formula, rule = ZERO, "B ≤ 0 or P ≤ 0 ⇒ 0", "R4.2"
        else:
            raw = round2(div(mul(w, b), target))
            formula, rule = "{b} / {target} × {w} = {raw}", "R4.2"
    elif target <= ZERO:
        raw, formula, rule = ZERO, "reverse target ≤ 0 and unmet ⇒ 0 (all or nothing)", "R4.3"
    elif rules.reverse == "linear":
        # w × max(0, 2 − B/P) as w × (2P − B) / P: one division, last, so ties round exactly (2.095 → 2.10).
        raw = round2(max(ZERO, div(mul(w, sub(mul(TWO, target), b)), target)))
        formula, rule = "{w} × max(0, 2 − {b}/{target}) = {raw}", "R4.3"
    else:
        raw = round2(div(mul(w, target), b))
        formula, rule = "{target} / {b} × {w} = {raw}", "R4.3"
    if trace is not None:
        shown_formula = formula.format(w=f"{w:f}", b=f"{b:f}", p=f"{p:f}", target=f"{target:f}", raw=f"{raw:f}")
        unmet = f"unmet: {b:f} {_negated(op)} {p:f}" if op is not Operator.EQ else f"unmet: {b:f} ≠ {p:f}"
        trace.append(Step(rule, "{} ({})", (shown_formula, unmet)))
    points = max(ZERO, raw)
    if points >= w:
        if rules.unmet_cap:  # the v1 rule, kept as an option
            points = max(ZERO, sub(w, CENT))
            if trace is not None:
                trace.append(Step("R4.1", "unmet rounds up to w: s = w − 0.01 = {} (unmet_cap)", (points,)))
        else:
            points = w  # R4.1 v2: only round2 of the ratio can reach w (999.9 of ≥ 1000, w 25 → 25.00)
            if trace is not None:
                trace.append(Step("R4.1", "unmet, but the ratio score rounds to w = {}; still unmet", (w,)))
    return False, points


def _negated(op: Operator) -> str:
    return {Operator.GE: "<", Operator.GT: "≤", Operator.LE: ">", Operator.LT: "≥", Operator.EQ: "≠"}[op]


# --- R5 qualitative and R6 deadlines ------------------------------------------


def band_of(tier: Tier, w: Decimal, rules: RuleSet) -> tuple[Decimal, Decimal]:
    """R5.1 the closed range of scores a tier allows (upper ends made inclusive)."""
    achieved, partial = rules.bands
    high, low = round2(mul(w, achieved)), round2(mul(w, partial))
    if tier is Tier.ACHIEVED:
        return high, w
    if tier is Tier.PARTIAL:
        return low, max(low, sub(high, CENT))
    return ZERO, max(ZERO, sub(low, CENT))


def _score_qualitative(
    tier: Tier | None, w: Decimal, reported: Decimal | None, rules: RuleSet, trace: Trace, rule: str = "R5.3"
) -> tuple[bool | None, Decimal, tuple[Decimal, Decimal] | None]:
    if tier is None:
        points = ZERO if reported is None else min(round2(reported), w)  # R8.2: never above the weight
        if trace is not None:
            shown = "" if reported is None else _rounded(reported)
            trace.append(Step("R5.2", "tier unknown: computed score = reported{} = {} (at most w)", (shown, points)))
        return None, points, None
    low, high = band_of(tier, w, rules)
    band = (low, high)
    if reported is None:
        points = low if tier is not Tier.ACHIEVED or rules.qualitative_default == "lower" else high
        if trace is not None:
            trace.append(Step(rule, "{}: band [{}, {}], no score printed ⇒ {}", (tier.value, low, high, points)))
    elif low <= reported <= high:
        points = round2(reported)  # the evaluator's score, round2 like every score (R4.1, R9.1): 8.005 → 8.01
        if trace is not None:
            held = (tier.value, low, high, reported, _rounded(reported, shown=False))
            trace.append(Step(rule, "{}: band [{}, {}] holds the reported {}{}", held))
    else:
        points = low if reported < low else high
        if trace is not None:
            trace.append(
                Step(
                    rule,
                    "{}: reported {} outside band [{}, {}] ⇒ clamped to {}",
                    (tier.value, reported, low, high, points),
                )
            )
    return tier is Tier.ACHIEVED, points, band


def _score_deadline(
    reading: DeadlineReading, w: Decimal, reported: Decimal | None, rules: RuleSet, trace: Trace
) -> tuple[bool | None, Decimal, tuple[Decimal, Decimal] | None]:
    if reading.on_time:
        if trace is not None:
            trace.append(Step("R6.2", "on time ⇒ s = w = {}", (w,)))
        return True, w, None
    if reading.on_time is None:  # neither on time nor late: the evaluator's tier if given (R5.2), else unknown
        return _score_qualitative(reading.tier, w, reported, rules, trace)
    if trace is not None:
        trace.append(Step("R6.2", "late ⇒ the not-achieved tier of R5", ()))
    _, points, band = _score_qualitative(Tier.NOT_ACHIEVED, w, reported, rules, trace, "R6.2")
    return False, points, band
