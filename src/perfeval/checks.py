"""The rules core for the audit (R11): every reported number against the computed one, as finding records.

:func:`check` walks a table's :class:`~perfeval.points.CardPoints` in a fixed
order — funds and execution, each indicator row, the weights, the subtotal,
total and grade — so findings come out in a stable order: the table's own
order of cells.  Each finding is a :class:`~perfeval.findings.FindingRecord`,
its messages formatted once: the batch prints it as it is, and
:func:`perfeval.audit` turns it into a typed :class:`~perfeval.findings.Finding`.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import partial
from operator import attrgetter
from typing import Any

from perfeval.decimals import HUNDRED, ONE, add, div, fmt, mul, need_decimal, places, round2, round_to, sub
from perfeval.findings import EXECUTION_SCORE_FAMILY, INDICATOR_SCORE_FAMILY, FindingRecord, merged, record
from perfeval.points import CardPoints, RowPoints, grade_of
from perfeval.reading.indicators import DeadlineReading, QualitativeReading, QuantitativeReading, Reading
from perfeval.reading.operators import Direction
from perfeval.reading.text import is_placeholder
from perfeval.rules import RuleSet
from perfeval.values import Table
from perfeval.vocab import Kind, Tier, level1_name


def check(card: CardPoints) -> list[FindingRecord]:
    """R11 every finding of a scored table, in the table's order of cells; one per wrong score cell (v2)."""
    table, rules = card.table, card.rules
    weights_printed = _weights_printed(card)
    execution = list(_execution(card))
    basis = any(f.code == "execution-basis" or "execution-basis" in f.also for f in execution)
    findings = execution
    findings.extend(_funds_sums(table))
    for row in card.indicators:
        findings.extend(_indicator(row, rules, weights_printed))
    findings.extend(_weights(card, rules, weights_printed))
    findings.extend(_totals(card, basis))
    if weights_printed:
        findings.extend(_divergence(card, rules))
    return findings


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


def _s(value: Decimal | None) -> str | None:
    return fmt(value)


def _points(value: Decimal) -> str | None:
    """A rule-set number as points are printed: at least two places ("100" → "100.00")."""
    return _s(round2(value)) if places(value) < 2 else _s(value)


_BASIS = {
    "printed-rate": ("填报（两位小数）执行率", "printed (two-place) rate"),
    "exact-rate": ("精确执行率", "exact rate"),
}


def _execution(card: CardPoints) -> Iterator[FindingRecord]:
    table, ex, rules = card.table, card.execution, card.rules
    line = table.funds.total
    executed = line.executed_amount
    base = line.initial_amount if ex.base == "initial" else line.annual_amount
    base_cell = line.initial if ex.base == "initial" else line.annual
    reported_rate = table.execution.rate_value
    reported_score = table.execution.score_value
    rate = _s(ex.printed_rate)
    if ex.base == "initial":
        yield record("execution-base-initial", "$.funds.total.initial", line.initial, rate)
    if ex.rate is None:
        if base is None or base == 0:
            what, what_en = (
                ("全年预算数为0", "the annual budget is 0") if base == 0 else ("全年预算数未填", "no annual budget")
            )
            path = f"$.funds.total.{ex.base}"
            yield record("execution-undefined", path, base_cell, None, what=what, what_en=what_en)
        else:
            what, what_en = "全年执行数未填", "no executed amount"
            path = "$.funds.total.executed"
            yield record("execution-undefined", path, line.executed, None, what=what, what_en=what_en)
    else:
        assert base is not None
        assert executed is not None
        if executed > base:
            yield record("over-execution", "$.funds.total.executed", line.executed, rate, annual=base_cell or "")
        if reported_rate is not None and not _matches(reported_rate, ex.rate):
            printed = table.execution.rate or ""
            if _rate_as_fraction(printed, reported_rate, ex.rate):
                percent = _s(mul(reported_rate, HUNDRED).normalize())
                yield record("rate-as-fraction", "$.execution.rate", printed, rate, percent=percent or "")
            else:
                shown = printed if _has_percent(printed) else f"{printed}%"  # "99.89%" is not "99.89%%"
                yield record("execution-rate-mismatch", "$.execution.rate", printed, rate, rate=shown)
    if reported_score is not None:
        family: list[FindingRecord] = []
        computed = _s(ex.points)
        if reported_score > ex.weight and rules.cap:  # R1.2 cap=False lets it score above w
            family.append(record("score-exceeds-weight", "$.execution.score", table.execution.score, computed,
                               weight=_s(ex.weight) or ""))  # fmt: skip
        if not _matches(reported_score, ex.points):
            other = ex.other_basis_points
            if other is not None and _matches(reported_score, other):  # R1.5: the other basis's result
                mine = rules.execution_basis
                theirs = "exact-rate" if mine == "printed-rate" else "printed-rate"
                yield_basis = record(
                    "execution-basis", "$.execution.score", table.execution.score, computed,
                    basis=_BASIS[theirs][0], basis_en=_BASIS[theirs][1], rules=rules.name,
                    rule_basis=_BASIS[mine][0], rule_basis_en=_BASIS[mine][1],
                )  # fmt: skip
                family.append(yield_basis)
            else:
                family.append(record("execution-score-mismatch", "$.execution.score", table.execution.score, computed))
        one = merged(family, EXECUTION_SCORE_FAMILY)
        if one is not None:
            yield one


def _has_percent(printed: str) -> bool:
    return "%" in printed or "％" in printed


def _rate_as_fraction(printed: str, r: Decimal, rate: Decimal) -> bool:
    """R1.6: "1" for 100 %, "0.86" for 86 %: round(rate, max(0, d − 2)) = 100·r with d the printed places.

    >>> _rate_as_fraction("0.86", Decimal("0.86"), Decimal("86.2"))
    True
    >>> _rate_as_fraction("0.9", Decimal("0.9"), Decimal("86.2"))
    False
    """
    if _has_percent(printed) or not 0 < r <= Decimal("1.5"):
        return False
    return round_to(rate, max(0, places(r) - 2)) == mul(r, HUNDRED)


_COLUMNS = {"initial": "年初预算数", "annual": "全年预算数", "executed": "全年执行数"}


_AMOUNTS = tuple((column, attrgetter(f"{column}_amount")) for column in ("initial", "annual", "executed"))


def _funds_sums(table: Table) -> Iterator[FindingRecord]:
    funds = table.funds
    total_line = funds.total
    lines = (funds.fiscal, funds.carryover, funds.other)
    for column, amount in _AMOUNTS:
        present = [n for line in lines if (n := amount(line)) is not None]
        if not present:
            continue
        expected = add(*present)
        total = amount(total_line)
        if total is None or not _matches(total, expected):
            reported = getattr(total_line, column)
            yield record(
                "funds-sum-mismatch",
                f"$.funds.total.{column}",
                reported,
                _s(expected),
                column=_COLUMNS[column],
                column_en=column,
                shown=reported if reported is not None else "（未填）",
                shown_en=reported if reported is not None else "(blank)",
            )


def _indicator(row: RowPoints, rules: RuleSet, weights_printed: bool = True) -> Iterator[FindingRecord]:
    ind, reading, w = row.indicator, row.reading, row.weight
    made = partial(record, row=row.index)  # every finding of the row names it
    base = f"$.indicators[{row.index}]"
    reported = ind.score_value
    computed = _s(row.points)
    over = None
    if row.group_inferred:
        yield made("level1-inferred", f"{base}.level1", ind.level1, row.group, level2=ind.level2 or "")
    if isinstance(reading, QuantitativeReading):
        if reading.operator_status == "unreadable":
            yield made("operator-unreadable", f"{base}.operator", ind.operator, reading.operator.symbol)
        elif reading.operator_status == "missing":
            yield made("operator-missing", f"{base}.operator", ind.operator, reading.operator.symbol)
        if reading.repaired_from is not None:
            detail = f"指标值{reading.repaired_from:f}%按{reading.target.value:f}%计"
            detail_en = (
                f"target {reading.repaired_from:f} % read as {reading.target.value:f} % (a fraction for a percent)"
            )
            yield made(
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
            yield made("unit-mismatch", f"{base}.unit", au, tu, detail=detail, detail_en=detail_en, rule="R3.1")
        if reading.actual is None:
            yield made("value-unreadable", f"{base}.actual", ind.actual, computed, **_kept(ind.score, computed))
        over = _over_achievement(reading, rules)
    if not ind.weight_readable:
        yield made("value-unreadable", f"{base}.weight", ind.weight, computed, **_kept(ind.score, computed))
    elif w is None and weights_printed:  # R8.5: no weight printed at all is one table-level finding
        yield made("weight-missing", f"{base}.weight", ind.weight, computed, **_kept(ind.score, computed))
    if over is not None:
        yield made("over-achievement", f"{base}.actual", ind.actual, _s(round2(over)))
    tier_unknown = (isinstance(reading, QualitativeReading) and reading.tier is None) or (
        isinstance(reading, DeadlineReading) and reading.on_time is None and reading.tier is None
    )
    if tier_unknown:
        yield made("qualitative-unassessed", f"{base}.actual", ind.actual, computed, **_kept(ind.score, computed))
    if reported is not None and w is not None:
        family: list[FindingRecord] = []
        if reported > w:
            family.append(made("score-exceeds-weight", f"{base}.score", ind.score, computed, weight=_s(w) or ""))
        if row.met is False and reported == w and row.points < w:
            family.append(made("unmet-target-full-score", f"{base}.score", ind.score, computed))
        if row.band is not None and not row.band[0] <= reported <= row.band[1]:
            tier = _tier_of(reading)
            band = f"[{row.band[0]:f}, {row.band[1]:f}]"
            family.append(made(
                "qualitative-out-of-band",
                f"{base}.score",
                ind.score,
                computed,
                tier=tier.value,
                tier_en=tier.name.lower().replace("_", "-"),
                band=band,
            ))  # fmt: skip
        if not _matches(reported, row.points):
            code = "score-above-computed" if reported > row.points else "score-below-computed"
            family.append(made(code, f"{base}.score", ind.score, computed, rule=_SCORE_RULE[row.kind]))
        if family:
            yield merged(family, INDICATOR_SCORE_FAMILY)  # type: ignore[misc]
    why = _unexplained(row, reported, over)
    if why is not None:
        yield made("missing-explanation", f"{base}.explanation", None, None, why=why[0], why_en=why[1])


#: The rule that computed a row's score, by the row's kind (R3.4).
_SCORE_RULE = {Kind.QUANTITATIVE: "R4", Kind.QUALITATIVE: "R5.3", Kind.DEADLINE: "R6.2"}


def _kept(printed: str | None, computed: str | None) -> dict[str, Any]:
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


def _unexplained(row: RowPoints, reported: Decimal | None, over: Decimal | None) -> tuple[str, str] | None:
    """Why a row needs a 偏差原因分析 it does not give: a score below the weight, an unmet target, over-achievement."""
    s = reported if reported is not None else row.points
    low = row.weight is not None and s < row.weight
    if row.met is not False and not low and over is None:
        return None  # nothing to explain (most rows): the explanation cell is not even read
    text = row.indicator.explanation
    if text is not None and not is_placeholder(text):
        return None
    if row.met is False:
        return "未完成指标值", "target not met"
    if low:
        return f"得分{fmt(s)}低于分值{fmt(row.weight)}", f"score {fmt(s)} below the weight {fmt(row.weight)}"
    return "超额完成指标值", "target over-achieved"


_NOTHING = Decimal(0)


def _weights_printed(card: CardPoints) -> bool:
    """R8.5: whether any indicator prints a weight (an unreadable one counts as printed)."""
    rows = card.indicators
    return not rows or any(r.indicator.weight is not None and not is_placeholder(r.indicator.weight) for r in rows)


def _weights(card: CardPoints, rules: RuleSet, weights_printed: bool = True) -> Iterator[FindingRecord]:
    rows = card.indicators
    if not weights_printed:
        yield record("weights-not-printed", "$.indicators[*].weight", None, None)
        return
    if any(r.weight is None for r in rows):
        return  # a missing weight is its own finding (R8.3); no table without indicators is spared (R8.1)
    weights = [r.weight for r in rows if r.weight is not None]
    total = add(card.execution.weight, *weights)
    if total != rules.total_weight:
        yield record("weight-sum", "$.indicators[*].weight", _s(total), _points(rules.total_weight))
    expected = _expected_groups(rules.level1_weights)
    groups: dict[str, Decimal] = {}
    for r in rows:
        if r.group is not None:  # R8.4: a row in no group counts in weight-sum only
            groups[r.group] = add(groups.get(r.group, _NOTHING), r.weight or _NOTHING)
    for name in [*expected, *(g for g in groups if g not in expected)]:
        got, want = groups.get(name, _NOTHING), expected.get(name, _NOTHING)
        if got != want:
            path = f"$.indicators[?(@.level1=='{name}')].weight"
            yield record("level1-weights", path, _s(got), _points(want), level1=name, group=name)


def _expected_groups(level1_weights: tuple[tuple[str, Decimal], ...]) -> dict[str, Decimal]:
    """R8.1 a rule set's level-1 weights by canonical group name.

    Not memoised by the weights: "50" and "50.000" are equal keys but print differently.
    """
    return {level1_name(name) or name: weight for name, weight in level1_weights}


def _totals(card: CardPoints, basis: bool = False) -> Iterator[FindingRecord]:
    table = card.table
    scores = [row.indicator.score_value for row in card.indicators]
    known = [s for s in scores if s is not None]
    reported_sum = add(*known) if len(known) == len(scores) else None
    subtotal = table.subtotal_value
    if subtotal is not None and reported_sum is not None and not _matches(subtotal, reported_sum):
        yield record("subtotal-mismatch", "$.subtotal", table.subtotal, _s(reported_sum))
    total = table.total_value
    exec_score = table.execution.score_value
    if total is not None and reported_sum is not None and exec_score is not None:
        expected = add(exec_score, reported_sum)
        if not _matches(total, expected):
            yield record("total-mismatch", "$.total", table.total, _s(expected))
    recomputed = total is not None and not _matches(total, card.total)
    if recomputed:
        yield record("total-recomputed", "$.total", table.total, _s(card.total), **_basis_note(card, basis))
    grade = table.grade_value
    if grade is not None and total is not None:
        implied = grade_of(total, card.rules)
        if implied is not grade:
            yield record("grade-mismatch", "$.grade", table.grade, implied.label)
    if grade is not None and card.grade is not grade:
        yield record("grade-recomputed", "$.grade", table.grade, card.grade.label, **_basis_note(card, basis))


def _basis_note(card: CardPoints, basis: bool) -> dict[str, Any]:
    """R1.5: the recomputed total stays on the rule set's basis, and its message says so (when a basis differs)."""
    if not basis:
        return {"basis": "", "basis_en": ""}
    zh, en = _BASIS[card.rules.execution_basis]
    return {"basis": f"（预算执行得分按{zh}计）", "basis_en": f" (execution score on the {en} basis)"}


def _divergence(card: CardPoints, rules: RuleSet) -> Iterator[FindingRecord]:
    """R10.2 indicators claim far more than the money spent: c − r > t, or (c − r)/c > t under the platform.

    c = Σs/Σw over the rows with a weight (the reported score, else the computed one); r = the
    unrounded rate on the R1.7 base, capped at 100, over 100.  Both tests are multiplied out so
    that no rounded quotient decides them.
    """
    rate = card.execution.rate
    weighted = [r for r in card.indicators if r.weight is not None]
    total_weight = add(*(r.weight for r in weighted if r.weight is not None))
    if rate is None or total_weight <= 0:
        return
    claimed = add(*(r.indicator.score_value if r.indicator.score_value is not None else r.points for r in weighted))
    if claimed <= 0:
        return
    spent = min(rate, HUNDRED)
    threshold = rules.divergence_threshold
    claimed_pct = mul(claimed, HUNDRED)  # 100·Σs
    relative = rules.divergence_test == "relative"
    if relative:
        diverges = mul(sub(ONE, threshold), claimed_pct) > mul(spent, total_weight)  # (1 − t)·Σs·100 > rate·Σw
    else:
        diverges = sub(claimed_pct, mul(spent, total_weight)) > mul(mul(threshold, HUNDRED), total_weight)
    if diverges:
        shown = f"{mul(threshold, HUNDRED).normalize():f}"
        gap, gap_en = (
            (f"，相对偏差超过{shown}%", f"more than {shown}% of the score ratio")
            if relative
            else (f"超过{shown}个百分点", f"more than {shown} points")
        )
        yield record(
            "output-execution-divergence",
            "$.execution.rate",
            _s(round2(div(claimed_pct, total_weight))),
            _s(round2(spent)),
            gap=gap,
            gap_en=gap_en,
        )
