"""The audit (R11): every reported number against the computed one, as findings.

:func:`audit` scores the table, then walks it in a fixed order — funds and
execution, each indicator row, the weights, the subtotal, total and grade —
so findings come out in a stable order: the table's own order of cells.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache

import attrs

from perfeval.cells import is_placeholder
from perfeval.decimals import HUNDRED, add, div, fmt, mul, need_decimal, places, round2, round_to, sub
from perfeval.findings import Finding, Severity, make
from perfeval.labels import Kind, Tier
from perfeval.operators import Direction
from perfeval.readings import DeadlineReading, QualitativeReading, QuantitativeReading, Reading
from perfeval.rules import CENTRAL_2020, RuleSet
from perfeval.scoring import IndicatorScore, Scorecard, grade_for, score
from perfeval.text import normalize
from perfeval.values import Table


@attrs.frozen(slots=True)
class Audit:
    """A table's scorecard and the findings of the audit.

    >>> import perfeval
    >>> [t] = perfeval.load(perfeval.example_paths()[21])
    >>> result = audit(t)
    >>> result.scorecard.total, result.table.total
    (Decimal('52.15'), '90.56')
    >>> result.count(Severity.ERROR), result.count(Severity.WARNING), result.at_least(Severity.ERROR)
    (6, 6, True)
    >>> result.errors[0].code, result.errors[0].path
    ('unmet-target-full-score', '$.indicators[0].score')
    >>> len(result.warnings), len(result.infos)
    (6, 0)
    """

    scorecard: Scorecard
    findings: tuple[Finding, ...]

    @property
    def table(self) -> Table:
        """The audited table."""
        return self.scorecard.table

    def count(self, severity: Severity) -> int:
        """How many findings of one severity."""
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The error findings."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The warning findings."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def infos(self) -> tuple[Finding, ...]:
        """The info findings."""
        return tuple(f for f in self.findings if f.severity is Severity.INFO)

    def _repr_html_(self) -> str:
        """The form with reported and computed values side by side, findings beside their cells (Jupyter)."""
        from perfeval.html_view import audit_html

        return audit_html(self)

    def at_least(self, severity: Severity) -> bool:
        """Whether any finding is at or above ``severity``."""
        return any(f.severity.rank >= severity.rank for f in self.findings)


def matches(reported: Decimal, computed: Decimal) -> bool:
    """R11: equal after rounding ``computed`` to the printed precision of ``reported``.

    >>> matches(Decimal("9"), Decimal("8.62")), matches(Decimal("9.99"), Decimal("9.989"))
    (True, True)
    """
    return _matches(need_decimal(reported, "reported"), need_decimal(computed, "computed"))


def _matches(reported: Decimal, computed: Decimal) -> bool:
    """:func:`matches` for the audit's own Decimals: no type check on its ~13 comparisons a table."""
    # Equal numbers match at any precision: most rows do, and skip the rounding.
    return computed == reported or round_to(computed, places(reported)) == reported


def audit(table: Table, rules: RuleSet = CENTRAL_2020) -> Audit:
    """Score ``table`` and report every disagreement with the rules (R11).

    >>> import perfeval
    >>> [t] = perfeval.load(perfeval.example_paths()[21])
    >>> sorted({f.code for f in audit(t).findings if f.severity.value == "error"})
    ['score-above-computed', 'unmet-target-full-score']
    """
    card = score(table, rules)
    findings = [
        *_execution(card),
        *_funds_sums(table),
        *(f for row in card.indicators for f in _indicator(row, rules)),
        *_weights(card, rules),
        *_totals(card),
        *_divergence(card, rules),
    ]
    return Audit(card, tuple(findings))


def _s(value: Decimal | None) -> str | None:
    return fmt(value)


def _points(value: Decimal) -> str | None:
    """A rule-set number as points are printed: at least two places ("100" → "100.00")."""
    return _s(round2(value)) if places(value) < 2 else _s(value)


def _execution(card: Scorecard) -> Iterator[Finding]:
    table, ex = card.table, card.execution
    line = table.funds.total
    annual, executed = line.annual_amount, line.executed_amount
    reported_rate = table.execution.rate_value
    reported_score = table.execution.score_value
    if ex.rate is None:
        if annual is None or annual == 0:
            what, what_en = (
                ("全年预算数为0", "the annual budget is 0") if annual == 0 else ("全年预算数未填", "no annual budget")
            )
            path = "$.funds.total.annual"
            yield make("execution-undefined", path, line.annual, None, what=what, what_en=what_en)
        else:
            what, what_en = "全年执行数未填", "no executed amount"
            path = "$.funds.total.executed"
            yield make("execution-undefined", path, line.executed, None, what=what, what_en=what_en)
    else:
        assert annual is not None
        assert executed is not None
        if executed > annual:
            yield make(
                "over-execution", "$.funds.total.executed", line.executed, _s(round2(ex.rate)), annual=line.annual or ""
            )
        if reported_rate is not None and not _matches(reported_rate, ex.rate):
            printed = table.execution.rate or ""
            rate = printed if printed.rstrip().endswith(("%", "％")) else f"{printed}%"  # "99.89%" is not "99.89%%"
            yield make("execution-rate-mismatch", "$.execution.rate", printed, _s(round2(ex.rate)), rate=rate)
    if reported_score is not None:
        if reported_score > ex.weight and card.rules.cap:  # R1.2 cap=False lets it score above w
            yield make("score-exceeds-weight", "$.execution.score", table.execution.score, _s(ex.weight))
        if not _matches(reported_score, ex.points):
            yield make("execution-score-mismatch", "$.execution.score", table.execution.score, _s(ex.points))


_COLUMNS = {"initial": "年初预算数", "annual": "全年预算数", "executed": "全年执行数"}


def _funds_sums(table: Table) -> Iterator[Finding]:
    funds = table.funds
    for column in ("initial", "annual", "executed"):
        total = getattr(funds.total, f"{column}_amount")
        parts = [getattr(getattr(funds, name), f"{column}_amount") for name in ("fiscal", "carryover", "other")]
        present = [p for p in parts if p is not None]
        if not present:
            continue
        expected = add(*present)
        if total is None or not _matches(total, expected):
            reported = getattr(funds.total, column)
            yield make(
                "funds-sum-mismatch",
                f"$.funds.total.{column}",
                reported,
                _s(expected),
                column=_COLUMNS[column],
                column_en=column,
                shown=reported if reported is not None else "（未填）",
                shown_en=reported if reported is not None else "(blank)",
            )


def _indicator(row: IndicatorScore, rules: RuleSet) -> Iterator[Finding]:
    ind, reading, w = row.indicator, row.reading, row.weight
    base = f"$.indicators[{row.index}]"
    reported = ind.score_value
    computed = _s(row.points)
    over = None
    if isinstance(reading, QuantitativeReading):
        if reading.operator_status == "unreadable":
            yield make("operator-unreadable", f"{base}.operator", ind.operator, reading.operator.symbol)
        elif reading.operator_status == "missing":
            yield make("operator-missing", f"{base}.operator", ind.operator, reading.operator.symbol)
        if reading.repaired_from is not None:
            detail = f"指标值{reading.repaired_from:f}%按{reading.target.value:f}%计"
            detail_en = (
                f"target {reading.repaired_from:f} % read as {reading.target.value:f} % (a fraction for a percent)"
            )
            yield make(
                "unit-mismatch",
                f"{base}.target",
                ind.target,
                _s(reading.target.value),
                detail=detail,
                detail_en=detail_en,
            )
        if reading.unit_conflict is not None:
            tu, au = reading.unit_conflict
            detail = f"指标值单位“{tu}”与实际值单位“{au}”无法换算"
            detail_en = f"target unit {tu!r} and actual unit {au!r} cannot be converted"
            yield make("unit-mismatch", f"{base}.unit", au, tu, detail=detail, detail_en=detail_en)
        if reading.actual is None:
            yield make("value-unreadable", f"{base}.actual", ind.actual, computed, **_kept(ind.score, computed))
        over = _over_achievement(reading, rules)
    if not ind.weight_readable:
        yield make("value-unreadable", f"{base}.weight", ind.weight, computed, **_kept(ind.score, computed))
    elif w is None:
        yield make("weight-missing", f"{base}.weight", ind.weight, computed, **_kept(ind.score, computed))
    if over is not None:
        yield make("over-achievement", f"{base}.actual", ind.actual, _s(round2(over)))
    tier_unknown = (isinstance(reading, QualitativeReading) and reading.tier is None) or (
        isinstance(reading, DeadlineReading) and reading.on_time is None and reading.tier is None
    )
    if tier_unknown:
        yield make("qualitative-unassessed", f"{base}.actual", ind.actual, computed, **_kept(ind.score, computed))
    if reported is not None and w is not None:
        if reported > w:
            yield make("score-exceeds-weight", f"{base}.score", ind.score, _s(w))
        if row.met is False and reported == w and row.points < w:
            yield make("unmet-target-full-score", f"{base}.score", ind.score, computed)
        if row.band is not None and not row.band[0] <= reported <= row.band[1]:
            tier = _tier_of(reading)
            band = f"[{row.band[0]:f}, {row.band[1]:f}]"
            yield make(
                "qualitative-out-of-band",
                f"{base}.score",
                ind.score,
                computed,
                tier=tier.value,
                tier_en=tier.name.lower().replace("_", "-"),
                band=band,
            )
        if not _matches(reported, row.points):
            code = "score-above-computed" if reported > row.points else "score-below-computed"
            yield make(code, f"{base}.score", ind.score, computed, rule=_SCORE_RULE[row.kind])
    yield from _explanation(row, reported, over, base)


#: The rule that computed a row's score, by the row's kind (R3.4).
_SCORE_RULE = {Kind.QUANTITATIVE: "R4", Kind.QUALITATIVE: "R5.3", Kind.DEADLINE: "R6.2"}


def _kept(printed: str | None, computed: str | None) -> dict[str, str]:
    """How the computed score fell back (R3.5, R5.3, R8.3): the reported score, or 0 when none is printed.

    Built only for the findings that print it, not for every row.
    """
    if printed is None or is_placeholder(printed):
        return {"kept": f"未填报得分，按{computed}计", "kept_en": f"no score is printed, so {computed}"}
    return {"kept": f"得分沿用填报值{computed}", "kept_en": f"the reported score {computed} is kept"}


def _tier_of(reading: Reading) -> Tier:
    """The tier whose band a row was scored in (R5.3; R6.2 for a deadline row not on time)."""
    tier = None
    if isinstance(reading, DeadlineReading):
        tier = reading.scored_tier
    elif isinstance(reading, QualitativeReading):
        tier = reading.tier
    assert tier is not None  # only rows scored in a band get here
    return tier


def _over_achievement(reading: QuantitativeReading, rules: RuleSet) -> Decimal | None:
    """R4.6: B / P ≥ threshold for a positive operator with P > 0."""
    if reading.actual is None or reading.operator.direction is not Direction.POSITIVE:
        return None
    p, b = reading.target.value, reading.actual.value
    if p <= 0:
        return None
    if b < mul(rules.deviation_threshold, p):  # B / P < threshold, compared without dividing
        return None
    return div(b, p)


def _explanation(row: IndicatorScore, reported: Decimal | None, over: Decimal | None, base: str) -> Iterator[Finding]:
    """A score below the weight, an unmet target or over-achievement needs a 偏差原因分析."""
    text = row.indicator.explanation
    if text is not None and not is_placeholder(text):
        return
    s = reported if reported is not None else row.points
    if row.met is False:
        why, why_en = "未完成指标值", "target not met"
    elif row.weight is not None and s < row.weight:
        why, why_en = f"得分{fmt(s)}低于分值{fmt(row.weight)}", f"score {fmt(s)} below the weight {fmt(row.weight)}"
    elif over is not None:
        why, why_en = "超额完成指标值", "target over-achieved"
    else:
        return
    yield make("missing-explanation", f"{base}.explanation", None, None, why=why, why_en=why_en)


@lru_cache(maxsize=1024)  # a handful of spellings (产出指标, 效益 …) on every row of every table
def _level1(name: str | None) -> str:
    text = normalize(name or "")
    return text if text.endswith("指标") or not text else text + "指标"


def _weights(card: Scorecard, rules: RuleSet) -> Iterator[Finding]:
    rows = card.indicators
    if any(r.weight is None for r in rows):
        return  # a missing weight is its own finding (R8.3); no table without indicators is spared (R8.1)
    weights = [r.weight for r in rows if r.weight is not None]
    total = add(card.execution.weight, *weights)
    if total != rules.total_weight:
        yield make("weight-sum", "$.indicators[*].weight", _s(total), _points(rules.total_weight))
    expected = {_level1(name): weight for name, weight in rules.level1_weights}
    groups: dict[str, Decimal] = {}
    spelled: dict[str, str] = {}  # the group's first spelling in the table, so that the path selects its cells
    for r in rows:
        key = _level1(r.indicator.level1)
        groups[key] = add(groups.get(key, Decimal(0)), r.weight or Decimal(0))
        spelled.setdefault(key, r.indicator.level1 or "")
    for name in [*expected, *(g for g in groups if g not in expected)]:
        got, want = groups.get(name, Decimal(0)), expected.get(name, Decimal(0))
        if got != want:
            path = f"$.indicators[?(@.level1=='{spelled.get(name, name)}')].weight"
            yield make("level1-weights", path, _s(got), _points(want), level1=name or "(空)")


def _totals(card: Scorecard) -> Iterator[Finding]:
    table = card.table
    scores = [row.indicator.score_value for row in card.indicators]
    known = [s for s in scores if s is not None]
    reported_sum = add(*known) if len(known) == len(scores) else None
    subtotal = table.subtotal_value
    if subtotal is not None and reported_sum is not None and not _matches(subtotal, reported_sum):
        yield make("subtotal-mismatch", "$.subtotal", table.subtotal, _s(reported_sum))
    total = table.total_value
    exec_score = table.execution.score_value
    if total is not None and reported_sum is not None and exec_score is not None:
        expected = add(exec_score, reported_sum)
        if not _matches(total, expected):
            yield make("total-mismatch", "$.total", table.total, _s(expected))
    if total is not None and not _matches(total, card.total):
        yield make("total-recomputed", "$.total", table.total, _s(card.total))
    grade = table.grade_value
    if grade is not None and total is not None:
        implied = grade_for(total, card.rules)
        if implied is not grade:
            yield make("grade-mismatch", "$.grade", table.grade, implied.label)
    if grade is not None and card.grade is not grade:
        yield make("grade-recomputed", "$.grade", table.grade, card.grade.label)


def _divergence(card: Scorecard, rules: RuleSet) -> Iterator[Finding]:
    """Indicators claim far more than the money spent: Σs/Σw − rate > threshold."""
    rate = card.execution.rate
    weights = [r.weight for r in card.indicators if r.weight is not None]
    total_weight = add(*weights)
    if rate is None or total_weight <= 0:
        return
    claimed = add(
        *(
            r.indicator.score_value if r.indicator.score_value is not None else r.points
            for r in card.indicators
            if r.weight is not None
        )
    )
    # Σs/Σw − rate/100 > threshold, multiplied out by 100·Σw so that no rounded quotient decides it.
    claimed_pct, spent_pct = mul(claimed, HUNDRED), round2(rate)
    if sub(claimed_pct, mul(spent_pct, total_weight)) > mul(mul(rules.divergence_threshold, HUNDRED), total_weight):
        yield make(
            "output-execution-divergence",
            "$.execution.rate",
            _s(round2(div(claimed_pct, total_weight))),
            _s(round2(rate)),
            threshold=f"{mul(rules.divergence_threshold, HUNDRED).normalize():f}",
        )
