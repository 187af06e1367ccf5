"""The rules core for the audit (R11): every reported number against the computed one, as finding records.

:func:`check` walks a table's :class:`~perfeval.points.CardPoints` in a fixed
order — funds and execution, each indicator row, the weights, the subtotal,
total and grade — so findings come out in a stable order: the table's own
order of cells.  Each finding is a :class:`~perfeval.finding_records.FindingRecord`,
its messages formatted once: the batch prints it as it is, and
:func:`perfeval.audit` turns it into a typed :class:`~perfeval.findings.Finding`.

The batch runs this on every table, so each check appends to one list, reads a
value once, and builds a path or a message only for a finding it makes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, Final

from perfeval.decimals import (
    HUNDRED,
    ONE,
    ZERO,
    add,
    div,
    fmt,
    mul,
    need_decimal,
    places,
    plus,
    quantize,
    round2,
    round_to,
    sub,
)
from perfeval.finding_records import FindingRecord, family_record, record
from perfeval.findings import EXECUTION_SCORE_FAMILY, INDICATOR_SCORE_FAMILY
from perfeval.points import CardPoints, RowPoints, grade_of
from perfeval.reading.indicators import DeadlineReading, QualitativeReading, QuantitativeReading, Reading
from perfeval.reading.operators import Direction, Operator
from perfeval.reading.text import is_placeholder
from perfeval.rules import RuleSet
from perfeval.views import TableView
from perfeval.vocab import FUNDS_COLUMNS, Tier, level1_name

#: Where a check puts what it finds: the table's list of findings' ``append``.
Found = Callable[[FindingRecord], None]


def check(card: CardPoints) -> list[FindingRecord]:
    """R11 every finding of a scored table, in the table's order of cells; one per wrong score cell (v2)."""
    rules = card.rules
    findings: list[FindingRecord] = []
    found = findings.append
    weights_printed = _weights_printed(card)
    basis = _execution(card, found)
    _funds_sums(card.table, found)
    scores = [row.indicator.score_value for row in card.indicators]  # the printed scores, read once
    for row, reported in zip(card.indicators, scores, strict=True):
        _indicator(row, reported, rules, weights_printed, found)
    weights = _weights(card, rules, weights_printed, found)
    reported_sum = _totals(card, scores, basis, found)
    if weights_printed:
        _divergence(card, scores, rules, found, weights, reported_sum)
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
    if computed == reported:
        return True
    if "E" in str(reported):  # a positive exponent prints as one: round to a whole number
        return round_to(computed, places(reported)) == reported
    # Printed without an exponent, ``reported``'s own exponent is -places: quantize to it.
    return quantize(computed, reported) == reported


def _sum_all(terms: Iterable[Decimal | None]) -> Decimal | None:
    """:func:`~perfeval.decimals.add` of ``terms``, ``None`` if one is missing."""
    # Not ``None in terms``: a Decimal compared with None asks numbers.Rational, an ABC, each time.
    total = ZERO
    for term in terms:
        if term is None:
            return None
        total = plus(total, term)
    return total


def _points(value: Decimal) -> str | None:
    """A rule-set number as points are printed: at least two places ("100" → "100.00")."""
    return fmt(round2(value)) if places(value) < 2 else fmt(value)


_BASIS: Final = {
    "printed-rate": ("填报（两位小数）执行率", "printed (two-place) rate"),
    "exact-rate": ("精确执行率", "exact rate"),
}


def _execution(card: CardPoints, found: Found) -> bool:
    """R1 the funds total's execution and the execution score; whether the score follows the other basis (R1.5)."""
    table, ex, rules = card.table, card.execution, card.rules
    line = table.funds.total
    initial = ex.base == "initial"
    reported_rate = table.execution.rate_value
    reported_score = table.execution.score_value
    if initial:
        found(record("execution-base-initial", "$.funds.total.initial", line.initial, fmt(ex.printed_rate)))
    if ex.rate is None:
        base = line.initial_amount if initial else line.annual_amount
        if base is None or base == 0:
            what, what_en = (
                ("全年预算数为0", "the annual budget is 0") if base == 0 else ("全年预算数未填", "no annual budget")
            )
            path = f"$.funds.total.{ex.base}"
            base_cell = line.initial if initial else line.annual
            found(record("execution-undefined", path, base_cell, None, what=what, what_en=what_en))
        else:
            what, what_en = "全年执行数未填", "no executed amount"
            path = "$.funds.total.executed"
            found(record("execution-undefined", path, line.executed, None, what=what, what_en=what_en))
    else:
        base = line.initial_amount if initial else line.annual_amount
        executed = line.executed_amount
        assert base is not None
        assert executed is not None
        if executed > base:
            base_cell = line.initial if initial else line.annual
            found(record("over-execution", "$.funds.total.executed", line.executed, fmt(ex.printed_rate),
                         annual=base_cell or ""))  # fmt: skip
        if reported_rate is not None and not _matches(reported_rate, ex.rate):
            printed = table.execution.rate or ""
            rate = fmt(ex.printed_rate)
            if _rate_as_fraction(printed, reported_rate, ex.rate):
                percent = fmt(mul(reported_rate, HUNDRED).normalize())
                found(record("rate-as-fraction", "$.execution.rate", printed, rate, percent=percent or ""))
            else:
                shown = printed if _has_percent(printed) else f"{printed}%"  # "99.89%" is not "99.89%%"
                found(record("execution-rate-mismatch", "$.execution.rate", printed, rate, rate=shown))
    if reported_score is None:
        return False
    family: dict[str, dict[str, str]] = {}
    if reported_score > ex.weight and rules.cap:  # R1.2 cap=False lets it score above w
        family["score-exceeds-weight"] = {"weight": fmt(ex.weight) or ""}
    if not _matches(reported_score, ex.points):
        other = ex.other_basis_points
        if other is not None and _matches(reported_score, other):  # R1.5: the other basis's result
            mine = rules.execution_basis
            theirs = "exact-rate" if mine == "printed-rate" else "printed-rate"
            family["execution-basis"] = {
                "basis": _BASIS[theirs][0], "basis_en": _BASIS[theirs][1], "rules": rules.name,
                "rule_basis": _BASIS[mine][0], "rule_basis_en": _BASIS[mine][1],
            }  # fmt: skip
        else:
            family["execution-score-mismatch"] = {}
    if not family:
        return False
    score_cell = table.execution.score
    found(family_record(family, EXECUTION_SCORE_FAMILY, "$.execution.score", score_cell, fmt(ex.points)))
    return "execution-basis" in family


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


def _funds_sums(table: TableView, found: Found) -> None:
    funds = table.funds
    total_line = funds.total
    # The amounts of the lines that print a cell (a blank cell has none; most tables print one source), read once.
    amounts = [
        (line.initial_amount, line.annual_amount, line.executed_amount)
        for line in (funds.fiscal, funds.carryover, funds.other)
        if line.initial is not None or line.annual is not None or line.executed is not None
    ]
    totals = (total_line.initial_amount, total_line.annual_amount, total_line.executed_amount)
    for i, column in enumerate(FUNDS_COLUMNS):
        present = [n for line in amounts if (n := line[i]) is not None]
        if not present:
            continue
        expected = add(*present)
        total = totals[i]
        if total is None or not _matches(total, expected):
            reported = getattr(total_line, column)
            shown, shown_en = (reported, reported) if reported is not None else ("（未填）", "(blank)")
            found(record("funds-sum-mismatch", f"$.funds.total.{column}", reported, fmt(expected),
                         column=FUNDS_COLUMNS[column], column_en=column, shown=shown, shown_en=shown_en))  # fmt: skip


#: R2.1 the operators that reward more (R4.6 over-achievement is theirs); a tuple, as enum members hash in Python.
_POSITIVE: Final = tuple(op for op in Operator if op.direction is Direction.POSITIVE)


def _indicator(row: RowPoints, reported: Decimal | None, rules: RuleSet, weights_printed: bool, found: Found) -> None:
    """One row's findings (R2.3, R3, R4.6, R5.2, R8.3, its score cell), ``reported`` its printed score."""
    ind, reading, w, points, i = row.indicator, row.reading, row.weight, row.points, row.index
    over = None
    if row.group_inferred:
        found(record("level1-inferred", f"$.indicators[{i}].level1", ind.level1, row.group, row=i,
                     level2=ind.level2 or ""))  # fmt: skip
    if isinstance(reading, QuantitativeReading):
        status = reading.operator_status
        if status == "unreadable":
            symbol = reading.operator.symbol
            found(record("operator-unreadable", f"$.indicators[{i}].operator", ind.operator, symbol, row=i))
        elif status == "missing":
            symbol = reading.operator.symbol
            found(record("operator-missing", f"$.indicators[{i}].operator", ind.operator, symbol, row=i))
        if reading.repaired_from is not None:
            detail = f"指标值{reading.repaired_from:f}%按{reading.target.value:f}%计"
            detail_en = (
                f"target {reading.repaired_from:f} % read as {reading.target.value:f} % (a fraction for a percent)"
            )
            found(record("unit-mismatch", f"$.indicators[{i}].target", ind.target, fmt(reading.target.value), row=i,
                         detail=detail, detail_en=detail_en))  # fmt: skip
        if reading.unit_conflict is not None:
            tu, au = reading.unit_conflict
            detail = f"指标值单位“{tu}”与实际值单位“{au}”无法换算"
            detail_en = f"target unit {tu!r} and actual unit {au!r} cannot be converted"
            found(record("unit-mismatch", f"$.indicators[{i}].unit", au, tu, row=i,
                         detail=detail, detail_en=detail_en, rule="R3.1"))  # fmt: skip
        if reading.actual is None:
            found(_kept_record("value-unreadable", i, "actual", ind.actual, ind.score, points))
        else:
            over = _over_achievement(reading, rules)
    if w is None:  # an unreadable weight has no value either (R3.5)
        if not ind.weight_readable:
            found(_kept_record("value-unreadable", i, "weight", ind.weight, ind.score, points))
        elif weights_printed:  # R8.5: no weight printed at all is one table-level finding
            found(_kept_record("weight-missing", i, "weight", ind.weight, ind.score, points))
    if over is not None:
        found(record("over-achievement", f"$.indicators[{i}].actual", ind.actual, fmt(round2(over)), row=i))
    if reading.__class__ is not QuantitativeReading and _tier_unknown(reading):
        found(_kept_record("qualitative-unassessed", i, "actual", ind.actual, ind.score, points))
    if reported is not None and w is not None:
        family: dict[str, dict[str, str]] = {}  # R11 v2: the score cell's codes, one finding of them all
        if reported > w:
            family["score-exceeds-weight"] = {"weight": fmt(w) or ""}
        if row.met is False and reported == w and points < w:
            family["unmet-target-full-score"] = {}
        band = row.band
        if band is not None and not band[0] <= reported <= band[1]:
            tier = _tier_of(reading)
            band_text = f"[{band[0]:f}, {band[1]:f}]"
            tier_en = tier._name_.lower().replace("_", "-")
            family["qualitative-out-of-band"] = {"tier": tier._value_, "tier_en": tier_en, "band": band_text}
        if not _matches(reported, points):
            code = "score-above-computed" if reported > points else "score-below-computed"
            family[code] = {"rule": _SCORE_RULE[reading.__class__]}
        if family:
            path = f"$.indicators[{i}].score"
            found(family_record(family, INDICATOR_SCORE_FAMILY, path, ind.score, fmt(points), row=i))
    # Most rows have nothing to explain (not below the weight, met, not over-achieved): the cell is not even read.
    s = reported if reported is not None else points
    low = w is not None and s < w
    if low or over is not None or row.met is False:
        why = _unexplained(row, s, low)
        if why is not None:
            found(record("missing-explanation", f"$.indicators[{i}].explanation", None, None, row=i,
                         why=why[0], why_en=why[1]))  # fmt: skip


#: The rule that computed a row's score, by the row's kind (R3.4): its reading's class (an enum hashes in Python).
_SCORE_RULE: Final = {QuantitativeReading: "R4", QualitativeReading: "R5.3", DeadlineReading: "R6.2"}


def _kept_record(
    code: str, i: int, field: str, cell: str | None, printed: str | None, points: Decimal
) -> FindingRecord:
    """A finding on row ``i``'s ``field`` that says how its computed score fell back (R3.5, R5.3, R8.3): the
    reported score (``printed``), or 0 when none is printed. Built only for the findings that print it."""
    computed = fmt(points)
    if printed is None or is_placeholder(printed):
        kept, kept_en = f"未填报得分，按{computed}计", f"no score is printed, so {computed}"
    else:
        kept, kept_en = f"得分沿用填报值{computed}", f"the reported score {computed} is kept"
    return record(code, f"$.indicators[{i}].{field}", cell, computed, row=i, kept=kept, kept_en=kept_en)


def _tier_unknown(reading: Reading) -> bool:
    """R5.2: a qualitative row whose tier cannot be told, or a deadline row neither on time nor late nor tiered."""
    return (isinstance(reading, QualitativeReading) and reading.tier is None) or (
        isinstance(reading, DeadlineReading) and reading.on_time is None and reading.tier is None
    )


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
    if reading.actual is None or reading.operator not in _POSITIVE:
        return None
    p, b = reading.target.value, reading.actual.value
    if p <= ZERO:
        return None
    if b < mul(rules.deviation_threshold, p):  # B / P < threshold, compared without dividing
        return None
    return div(b, p)


def _unexplained(row: RowPoints, s: Decimal, low: bool) -> tuple[str, str] | None:
    """Why a row that must explain gives no 偏差原因分析: unmet, ``s`` below the weight (``low``), over-achieved."""
    text = row.indicator.explanation
    if text is not None and not is_placeholder(text):
        return None
    if row.met is False:
        return "未完成指标值", "target not met"
    if low:
        return f"得分{fmt(s)}低于分值{fmt(row.weight)}", f"score {fmt(s)} below the weight {fmt(row.weight)}"
    return "超额完成指标值", "target over-achieved"


_NOTHING: Final = Decimal(0)


def _weights_printed(card: CardPoints) -> bool:
    """R8.5: whether any indicator prints a weight (an unreadable one counts as printed)."""
    for row in card.indicators:
        text = row.indicator.weight
        if text is not None and not is_placeholder(text):
            return True
    return not card.indicators


def _weights(card: CardPoints, rules: RuleSet, weights_printed: bool, found: Found) -> Decimal | None:
    """R8.1 the weights' sum and level-1 split; the rows' weights summed (``None`` unless every row has one)."""
    rows = card.indicators
    if not weights_printed:
        found(record("weights-not-printed", "$.indicators[*].weight", None, None))
        return None
    # Sums start from 0.00, as add(…) does (exact: the order of the terms changes nothing); a group without
    # rows is 0.
    rows_total = ZERO
    groups: dict[str, Decimal] = {}
    for r in rows:
        weight = r.weight
        if weight is None:
            return None  # a missing weight is its own finding (R8.3); no table without rows is spared (R8.1)
        rows_total = plus(rows_total, weight)
        group = r.group
        if group is not None:  # R8.4: a row in no group counts in weight-sum only
            groups[group] = plus(groups.get(group, ZERO), weight or _NOTHING)
    total = plus(plus(ZERO, card.execution.weight), rows_total)
    if total != rules.total_weight:
        found(record("weight-sum", "$.indicators[*].weight", fmt(total), _points(rules.total_weight)))
    expected = _expected_groups(rules.level1_weights)
    for name, want in expected.items():
        got = groups.get(name, _NOTHING)
        if got != want:
            _level1_finding(name, got, want, found)
    for name, got in groups.items():
        if name not in expected and got != _NOTHING:
            _level1_finding(name, got, _NOTHING, found)
    return rows_total


def _level1_finding(name: str, got: Decimal, want: Decimal, found: Found) -> None:
    path = f"$.indicators[?(@.level1=='{name}')].weight"
    found(record("level1-weights", path, fmt(got), _points(want), level1=name, group=name))


#: _expected_groups by the rule set's weights *object* (held here, so that its id is not reused).
_EXPECTED: Final[dict[int, tuple[tuple[tuple[str, Decimal], ...], dict[str, Decimal]]]] = {}


def _expected_groups(level1_weights: tuple[tuple[str, Decimal], ...]) -> dict[str, Decimal]:
    """R8.1 a rule set's level-1 weights by canonical group name.

    Memoised by the weights object, not by value: "50" and "50.000" are equal keys but print differently.
    """
    hit = _EXPECTED.get(id(level1_weights))
    if hit is not None and hit[0] is level1_weights:
        return hit[1]
    groups = {level1_name(name) or name: weight for name, weight in level1_weights}
    if len(_EXPECTED) >= 64:
        _EXPECTED.clear()
    _EXPECTED[id(level1_weights)] = (level1_weights, groups)
    return groups


def _totals(card: CardPoints, scores: list[Decimal | None], basis: bool, found: Found) -> Decimal | None:
    """R11 the subtotal, total and grade against the scores; the printed scores summed (``None`` if one is not)."""
    table = card.table
    reported_sum = _sum_all(scores)
    subtotal = table.subtotal_value
    if subtotal is not None and reported_sum is not None and not _matches(subtotal, reported_sum):
        found(record("subtotal-mismatch", "$.subtotal", table.subtotal, fmt(reported_sum)))
    total = table.total_value
    if total is None:
        recomputed = False
    else:
        exec_score = table.execution.score_value
        if reported_sum is not None and exec_score is not None:
            expected = add(exec_score, reported_sum)
            if not _matches(total, expected):
                found(record("total-mismatch", "$.total", table.total, fmt(expected)))
        recomputed = not _matches(total, card.total)
    if recomputed:
        note = _BASIS_NOTE[card.rules.execution_basis] if basis else _NO_BASIS_NOTE
        found(record("total-recomputed", "$.total", table.total, fmt(card.total), **note))
    grade = table.grade_value
    if grade is not None and total is not None:
        implied = grade_of(total, card.rules)
        if implied is not grade:
            found(record("grade-mismatch", "$.grade", table.grade, implied.label))
    if grade is not None and card.grade is not grade:
        note = _BASIS_NOTE[card.rules.execution_basis] if basis else _NO_BASIS_NOTE
        found(record("grade-recomputed", "$.grade", table.grade, card.grade.label, **note))
    return reported_sum


#: R1.5: the recomputed total stays on the rule set's basis, and its message says so (when a basis differs).
_BASIS_NOTE: Final[dict[str, dict[str, Any]]] = {
    basis: {"basis": f"（预算执行得分按{zh}计）", "basis_en": f" (execution score on the {en} basis)"}
    for basis, (zh, en) in _BASIS.items()
}
_NO_BASIS_NOTE: Final[dict[str, Any]] = {"basis": "", "basis_en": ""}


def _divergence(
    card: CardPoints,
    scores: list[Decimal | None],
    rules: RuleSet,
    found: Found,
    weights: Decimal | None,
    reported_sum: Decimal | None,
) -> None:
    """R10.2 indicators claim far more than the money spent: c − r > t, or (c − r)/c > t under the platform.

    c = Σs/Σw over the rows with a weight (the reported score, else the computed one); r = the
    unrounded rate on the R1.7 base, capped at 100, over 100.  Both tests are multiplied out so
    that no rounded quotient decides them. ``weights`` and ``reported_sum``: the rows' weights and printed
    scores summed, when every row has one (the usual table: then c's two sums are these).
    """
    rate = card.execution.rate
    if rate is None:
        return
    if weights is not None and reported_sum is not None:
        total_weight, claimed = weights, reported_sum
    else:
        total_weight = claimed = ZERO
        for r, score in zip(card.indicators, scores, strict=True):
            if r.weight is not None:
                total_weight = plus(total_weight, r.weight)
                claimed = plus(claimed, score if score is not None else r.points)
    if total_weight <= ZERO or claimed <= ZERO:
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
        ratio, rate_shown = fmt(round2(div(claimed_pct, total_weight))), fmt(round2(spent))
        found(record("output-execution-divergence", "$.execution.rate", ratio, rate_shown, gap=gap, gap_en=gap_en))
