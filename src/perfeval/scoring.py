"""Scores as typed values: execution, indicators, total and grade (R1, R4–R9), with their steps.

The rules themselves live once, in :mod:`perfeval.points`; every function here
takes the table (or a row of it) and a :class:`~perfeval.rules.RuleSet` or its
name, asks the core for the points *with* their steps, and returns frozen
values that carry them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, cast

import attrs

from perfeval import points
from perfeval.decimals import need_decimal, round2
from perfeval.errors import FieldTypeError
from perfeval.points import CardPoints, RowPoints, card_points, grade_of
from perfeval.reading.indicators import QualitativeReading, Reading
from perfeval.rules import CENTRAL_2020, RuleSet, resolve
from perfeval.steps import Step
from perfeval.values import Indicator, Table
from perfeval.vocab import Grade, Kind, Tier


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

    The rules core (:mod:`perfeval.points`) computes; this builds the typed values, with every step.

    >>> from perfeval.values import FundsLine, Funds
    >>> t = Table(funds=Funds(total=FundsLine(annual="4.10", executed="0.33")),
    ...           indicators=[Indicator(name="x", operator="≥", target="6", actual="1", weight="15.00")])
    >>> card = score(t)
    >>> card.execution.points, card.indicators[0].points, card.total, card.grade.label
    (Decimal('0.81'), Decimal('2.50'), Decimal('3.31'), '差')
    """
    return explained(table, rules)[1]


def explained(table: Table, rules: RuleSet | str) -> tuple[CardPoints, Scorecard]:
    """The core's points of ``table`` traced step by step, and the typed :class:`Scorecard` holding the steps."""
    rules = resolve(rules)
    need_table(table)
    steps: list[Step] = []
    execution_steps: list[Step] = []
    row_steps: list[list[Step]] = [[] for _ in table.indicators]
    card = card_points(table, rules, steps, execution_steps, row_steps)
    return card, scorecard_of(card, tuple(steps), tuple(execution_steps), [tuple(s) for s in row_steps])


def need_table(table: object) -> None:
    """Refuse anything but a :class:`Table` with a :class:`FieldTypeError` that says what to do instead."""
    if not isinstance(table, Table):
        hints: dict[type, str] = {
            list: " (perfeval.load returns a list of tables: score or audit each one)",
            dict: " (perfeval.from_dict makes a Table of a perfeval-table/1 object)",
        }
        hint = hints.get(type(table), "")
        raise FieldTypeError(f"table: expected a Table, not {type(table).__name__}{hint}")  # fmt: skip


def scorecard_of(
    card: CardPoints,
    steps: tuple[Step, ...],
    execution_steps: tuple[Step, ...],
    row_steps: list[tuple[Step, ...]],
) -> Scorecard:
    """The typed :class:`Scorecard` of the core's points and the steps traced for them.

    The typed path scores the attrs values, so the core's table and rows are :class:`Table` and :class:`Indicator`.
    """
    execution = _execution_score(card.execution, execution_steps)
    rows = tuple(_indicator_score(row, row_steps[row.index]) for row in card.indicators)
    return Scorecard(cast(Table, card.table), card.rules, execution, rows, card.total, card.grade, steps)


def _execution_score(ex: points.ExecutionPoints, steps: tuple[Step, ...]) -> ExecutionScore:
    return ExecutionScore(ex.weight, ex.rate, ex.points, steps, ex.base, ex.other_basis_points)


def _indicator_score(row: RowPoints, steps: tuple[Step, ...]) -> IndicatorScore:
    return IndicatorScore(
        row.index, cast(Indicator, row.indicator), row.reading, row.weight, row.met, row.points, row.fallback,
        row.band, steps, row.group, row.group_inferred,
    )  # fmt: skip


def grade_for(total: Decimal, rules: RuleSet | str = CENTRAL_2020) -> Grade:
    """The grade of a total (R9.2): 优 ≥ 90 > 良 ≥ 80 > 中 ≥ 60 > 差.

    >>> grade_for(Decimal("89.99")).label, grade_for(Decimal("90")).label
    ('良', '优')
    """
    return grade_of(need_decimal(total, "total"), resolve(rules))


def execution_base(table: Table) -> tuple[Decimal | None, Literal["annual", "initial"]]:
    """R1.7 the base of the rate: 全年预算数, or 年初预算数 on older forms that print no annual column.

    >>> from perfeval.values import Funds, FundsLine
    >>> execution_base(Table(funds=Funds(total=FundsLine(initial="50", executed="40"))))
    (Decimal('50'), 'initial')
    """
    return points.execution_base(table)


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
    steps: list[Step] = []
    return _execution_score(points.execution_points(table, resolve(rules), steps), tuple(steps))


def score_indicator(
    indicator: Indicator, year: int | None = None, rules: RuleSet | str = CENTRAL_2020, *, index: int = 0
) -> IndicatorScore:
    """Score one indicator row by its kind (R4 quantitative, R5 qualitative, R6 deadline).

    >>> s = score_indicator(Indicator(operator="<", target="24", unit="小时", actual="24", weight="10"))
    >>> s.met, s.points
    (False, Decimal('9.58'))
    """
    steps: list[Step] = []
    row = points.row_points(indicator, year, resolve(rules), index, steps)
    return _indicator_score(row, tuple(steps))


def tier_band(tier: Tier, w: Decimal, rules: RuleSet | str = CENTRAL_2020) -> tuple[Decimal, Decimal]:
    """R5.1 the closed range of scores a tier allows (upper ends made inclusive).

    >>> tier_band(Tier.PARTIAL, Decimal(30)), tier_band(Tier.PARTIAL, Decimal(30), "central-2016")
    ((Decimal('18.00'), Decimal('23.99')), (Decimal('15.00'), Decimal('23.99')))
    """
    return points.band_of(tier, need_decimal(w, "weight"), resolve(rules))


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
