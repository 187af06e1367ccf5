"""An indicator's cells read into one of its three kinds (R2.3, R3, R5.2, R6).

The target decides the kind (R3.4): a deadline form makes a
:class:`DeadlineReading`, a number a :class:`QuantitativeReading`, anything
else a :class:`QualitativeReading`.  A reading says how every cell was read;
scoring and the audit both start from it, so nothing is read twice.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Final, Literal, NamedTuple

from perfeval.decimals import HUNDRED, ONE, TWO, ZERO, div, mul
from perfeval.reading.dates import Deadline, read_actual_period, read_date, read_deadline, read_target_period
from perfeval.reading.numbers import Quantity, quantity, read_quantity
from perfeval.reading.operators import Operator, fold, names_kind
from perfeval.reading.words import read_tier, read_timeliness
from perfeval.rules import RuleSet
from perfeval.views import IndicatorView
from perfeval.vocab import Kind, Tier, level2_kind

#: How the operator cell was read: a comparison, unreadable or empty (R2.3), or naming the kind (R2.4).
OperatorStatus = Literal["read", "unreadable", "missing", "kind"]


class QuantitativeReading(NamedTuple):
    """A numeric target (R4): operator, target and actual in the target's unit.

    The readings are named tuples, not attrs classes: one is read on every row of every table, and a
    tuple is built in one C call.
    """

    operator: Operator
    operator_status: OperatorStatus
    target: Quantity
    actual: Quantity | None
    #: R3.3 a percent target written as a fraction, read ×100.
    repaired_from: Decimal | None = None
    #: Units that could not be converted into each other (R3.1).
    unit_conflict: tuple[str, str] | None = None
    how: tuple[str, ...] = ()

    @property
    def kind(self) -> Kind:
        """R3.4 quantitative."""
        return Kind.QUANTITATIVE


class QualitativeReading(NamedTuple):
    """A text target (R5): the tier, given or read from the actual."""

    tier: Tier | None
    tier_given: bool
    how: str

    @property
    def kind(self) -> Kind:
        """R3.4 qualitative."""
        return Kind.QUALITATIVE


class DeadlineReading(NamedTuple):
    """A deadline target (R6): the deadline and whether the actual kept it."""

    deadline: Deadline
    on_time: bool | None
    actual_date: datetime.date | None
    how: str
    #: The evaluator's tier (R5.2), used only when the actual tells neither on time nor late.
    tier: Tier | None = None

    @property
    def scored_tier(self) -> Tier | None:
        """The R5 tier a row that was not on time is scored in: not achieved when late (R6.2), else the given tier."""
        if self.on_time is False:
            return Tier.NOT_ACHIEVED
        return self.tier if self.on_time is None else None

    @property
    def kind(self) -> Kind:
        """R3.4 deadline."""
        return Kind.DEADLINE


Reading = QuantitativeReading | QualitativeReading | DeadlineReading

#: A named tuple's own ``__new__`` is a Python function: the readings are made with tuple's, every field given.
_new_tuple: Final = tuple.__new__


def read_indicator(indicator: IndicatorView, year: int | None, rules: RuleSet, *, explain: bool = True) -> Reading:
    """Read an indicator's target, operator and actual (R3.4 decides the kind).

    ``explain=False`` (the batch) leaves a quantitative reading's ``how`` empty: no note is formatted.

    >>> from perfeval.rules import CENTRAL_2020
    >>> from perfeval.values import Indicator
    >>> r = read_indicator(Indicator(target="0.9", unit="%", actual="96"), 2023, CENTRAL_2020)
    >>> (r.kind.value, r.operator.symbol, r.target.value, r.repaired_from)
    ('quantitative', '=', Decimal('90.0'), Decimal('0.9'))
    """
    return read_cells(
        timely=is_timeliness_row(indicator),
        op=indicator.operator,
        target=indicator.target,
        unit=indicator.unit,
        actual=indicator.actual,
        tier=indicator.tier,
        year=year,
        repair=rules.repair_percent_fraction,
        explain=explain,
    )


def read_cells(
    *,
    timely: bool,
    op: str | None,
    target: str | None,
    unit: str | None,
    actual: str | None,
    tier: Tier | None,
    year: int | None,
    repair: bool,
    explain: bool,
) -> Reading:
    """:func:`read_indicator` from the plain cells that decide the reading: a row need not be an
    :class:`~perfeval.values.Indicator` (``timely``: a 时效 row by R3.4; ``repair``: R3.3 applies).
    """
    period = read_target_period(target, unit) if timely else None
    if period is not None:
        deadline = Deadline(period.last, f"{period.how}: a deadline in a 时效 row, R3.4")
        return _read_deadline_row(actual, tier, deadline, year)
    found = read_deadline(target, year)
    # A bare period in any other row reads as in R3.1 ("2019年" is 2019 with unit 年), never as a deadline.
    if found is not None and (timely or read_target_period(target, unit) is None):
        return _read_deadline_row(actual, tier, found, year)
    quantity = read_quantity(target, unit)
    if quantity is not None:
        return _read_quantitative(op, quantity, unit, actual, repair, explain)
    if tier is not None:
        return _new_tuple(QualitativeReading, (tier, True, f"tier {tier._value_} given by the evaluator"))
    found_tier, how = read_tier(actual, target)
    return _new_tuple(QualitativeReading, (found_tier, False, how))


#: ``Operator.parse`` bound once: looking a classmethod up on an enum class costs more than the cached parse.
_parse_operator: Final = Operator.parse


def _read_operator(cell: str | None, target: Quantity, explain: bool) -> tuple[Operator, OperatorStatus, str]:
    op = _parse_operator(cell)
    if op is not None:
        return op, "read", f"operator {cell!r} read as {op.symbol}" if explain else ""
    kind = names_kind(cell)
    if kind is not None:  # R2.4: the cell names the kind, not a comparison; no finding
        shown = f"operator {cell!r} names the kind ({kind}), not a comparison, R2.4"
        if target.bound is not None:
            return target.bound, "kind", f"{shown}: {target.bound.symbol} taken from the target cell"
        return Operator.EQ, "kind", f"{shown}: read as ="
    empty = cell is None or not fold(cell)  # "（ ）" is empty after R2.2 step 1
    status: OperatorStatus = "missing" if empty else "unreadable"
    shown = "empty" if status == "missing" else f"{cell!r} unreadable"
    if target.bound is not None:
        return target.bound, status, f"operator {shown}: {target.bound.symbol} taken from the target cell"
    return Operator.EQ, status, f"operator {shown}: read as =, R2.3"


def _read_quantitative(
    op_cell: str | None, target: Quantity, unit: str | None, actual_cell: str | None, repair: bool, explain: bool
) -> QuantitativeReading:
    op, status, op_how = _read_operator(op_cell, target, explain)
    how = [op_how, *target.how] if explain else []
    actual = read_quantity(actual_cell, unit)
    conflict = None
    if actual is not None:
        if explain:
            how.extend(actual.how)
        if actual.unit and target.unit and actual.unit != target.unit:
            converted = actual.in_unit(target.unit)
            if converted is None:
                conflict = (target.unit, actual.unit)
                if explain:
                    how.append(
                        f"units {target.unit!r} and {actual.unit!r} cannot be converted; numbers compared as printed"
                    )
            else:
                actual = converted
                if explain:
                    how.append(converted.how[-1])
    repaired_from = None
    if repair and actual is not None and _is_percent_fraction(target, actual):
        repaired_from = target.value
        target = quantity(mul(target.value, HUNDRED), target.unit, mul(target.step, HUNDRED), target.bound, target.how)
        if explain:
            how.append(f"target {repaired_from:f}% read as {target.value:f}% (a fraction written for a percent, R3.3)")
    return _new_tuple(QuantitativeReading, (op, status, target, actual, repaired_from, conflict, tuple(how)))


def _is_percent_fraction(target: Quantity, actual: Quantity) -> bool:
    """R3.3: unit %, 0 < P ≤ 1, B > 1 and 0.5 ≤ B / (100·P) ≤ 2."""
    if target.unit != "%":
        return False
    p, b = target.value, actual.value
    if not (ZERO < p <= ONE) or b <= ONE:  # Decimals against Decimals: against an int, each compare converts it
        return False
    ratio = div(b, mul(HUNDRED, p))
    return HALF <= ratio <= TWO


HALF: Final = Decimal("0.5")


def is_timeliness_row(indicator: IndicatorView) -> bool:
    """R3.4 a 时效 row: level 2 is 时效 (with or without 指标), or the name speaks of 时限, 时间, 进度, 完成时.

    >>> from perfeval.values import Indicator
    >>> is_timeliness_row(Indicator(level2="时效指标")), is_timeliness_row(Indicator(name="项目完成时间"))
    (True, True)
    """
    if level2_kind(indicator.level2) == "时效":
        return True
    name = indicator.name or ""
    return ("时" in name or "进度" in name) and any(word in name for word in _TIMELINESS_WORDS)


_TIMELINESS_WORDS: Final = ("时限", "时间", "进度", "完成时")


def _read_deadline_row(actual: str | None, tier: Tier | None, deadline: Deadline, year: int | None) -> DeadlineReading:
    period = read_actual_period(actual)
    if period is not None:  # R6.3: on time, late, or unclear by the period's first and last day
        on_time = True if period.last <= deadline.date else False if period.first > deadline.date else None
        verdict = {True: "on time", False: "late", None: "unclear (the period spans the deadline)"}[on_time]
        how = f"{deadline.how}; actual {period.how}: {verdict}"
        if on_time is None:
            if tier is not None:
                how += f"; tier {tier._value_} given by the evaluator"
            return _new_tuple(DeadlineReading, (deadline, None, None, how, tier))
        return _new_tuple(DeadlineReading, (deadline, on_time, period.last if on_time else period.first, how, None))
    actual_date = read_date(actual, year)
    if actual_date is not None:
        on_time = actual_date <= deadline.date
        verdict = "on time" if on_time else "late"
        how = f"{deadline.how}; actual date {actual_date.isoformat()} is {verdict}"
        return _new_tuple(DeadlineReading, (deadline, on_time, actual_date, how, None))
    said = read_timeliness(actual)
    if said is not None:
        how = f"{deadline.how}; actual {actual!r} says {'on time' if said else 'late'}"
        return _new_tuple(DeadlineReading, (deadline, said, None, how, None))
    how = f"{deadline.how}; actual {actual!r} says neither on time nor late"
    if tier is not None:
        how += f"; tier {tier._value_} given by the evaluator"
    return _new_tuple(DeadlineReading, (deadline, None, None, how, tier))
