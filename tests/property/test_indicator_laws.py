"""Laws of one indicator's points (R4–R7), one law per test, over generated rows."""

from decimal import Decimal

import attrs
from hypothesis import assume, given
from hypothesis import strategies as st

from perfeval import CENTRAL_2020, PLATFORM, Deduction, Indicator, Operator, RuleSet, Tier
from perfeval.decimals import add, fmt, round2
from perfeval.reading.operators import Direction
from perfeval.scoring import IndicatorScore, score_indicator
from perfeval.testing import strategies as pst
from perfeval.vocab import Kind

YEAR = 2023


def points_of(indicator: Indicator, rules: RuleSet = CENTRAL_2020) -> IndicatorScore:
    return score_indicator(indicator, YEAR, rules)


def quantitative(op: Operator, target: Decimal, actual: Decimal, weight: Decimal, unit: str = "个") -> Indicator:
    return Indicator(
        name="x", operator=op.symbol, target=fmt(target), unit=unit, actual=fmt(actual), weight=fmt(weight)
    )


def spec_band(tier: Tier, w: Decimal, rules: RuleSet) -> tuple[Decimal, Decimal]:
    """R5.1 from the spec's words: the closed band, exclusive ends stepped down one cent (bands 0.8/0.6 or 0.8/0.5)."""
    achieved, partial = rules.bands
    high, low = round2(w * achieved), round2(w * partial)
    if tier is Tier.ACHIEVED:
        return high, w
    if tier is Tier.PARTIAL:
        return low, max(low, high - Decimal("0.01"))
    return Decimal(0), max(Decimal(0), low - Decimal("0.01"))


# Rule sets under which "positive" means monotone: EQ read as at least (R4.4).
AT_LEAST_RULES = pst.rule_sets().filter(lambda r: r.equal == "at-least")
# Positive targets written in whole units or with one or two decimals (the step of R4.5).
TARGETS = st.one_of(pst.amounts(1, 500, places=0), pst.amounts("0.1", 50, places=1), pst.amounts("0.01", 5))
ACTUALS = st.one_of(pst.amounts(0, 1000, places=0), pst.amounts(0, 100, places=1), pst.amounts(0, 10))
POSITIVE_WEIGHTS = pst.weights(50, min_value="0.01")


@given(pst.indicators(messy=True), pst.rule_sets())
def test_points_between_zero_and_weight(indicator: Indicator, rules: RuleSet) -> None:
    """0 ≤ points ≤ weight for every row whose weight is known, of every kind, under every rule set (R4.1, R8.2)."""
    row = points_of(indicator, rules)
    assert row.weight is not None
    assert Decimal(0) <= row.points <= row.weight


@given(pst.indicators(["quantitative"], messy=True), pst.rule_sets())
def test_met_quantitative_scores_the_weight(indicator: Indicator, rules: RuleSet) -> None:
    """A quantitative row whose target is met scores its full weight (R4.1)."""
    row = points_of(indicator, rules)
    assume(row.met is True)
    assert row.points == row.weight


@given(pst.indicators(["deadline"]), pst.rule_sets())
def test_met_deadline_scores_the_weight(indicator: Indicator, rules: RuleSet) -> None:
    """A deadline kept (a date on or before it, or 按时完成-like text) scores the full weight (R6.2)."""
    row = points_of(indicator, rules)
    assert row.kind is Kind.DEADLINE
    assume(row.met is True)
    assert row.points == row.weight


@given(pst.indicators(["qualitative", "deadline"]), pst.rule_sets())
def test_qualitative_score_lies_in_its_tier_band(indicator: Indicator, rules: RuleSet) -> None:
    """A qualitative (or late deadline) row of known tier scores inside its tier's band (R5.1, R5.3, R6.2)."""
    row = points_of(indicator, rules)
    assert row.weight is not None
    assume(row.band is not None)
    tier = getattr(row.reading, "tier", None) if row.kind is Kind.QUALITATIVE else Tier.NOT_ACHIEVED
    assert tier is not None
    low, high = spec_band(tier, row.weight, rules)
    assert low <= row.points <= high


@given(pst.indicators(["qualitative"]), pst.rule_sets())
def test_a_qualitative_row_is_met_exactly_when_its_tier_is_achieved(indicator: Indicator, rules: RuleSet) -> None:
    """Qualitative met ⇔ tier achieved; unknown tier ⇔ met unknown (R5.2, R5.3)."""
    row = points_of(indicator, rules)
    tier = getattr(row.reading, "tier", None)
    assert row.met is (None if tier is None else tier is Tier.ACHIEVED)


@given(pst.indicators(["quantitative"], messy=True), pst.rule_sets())
def test_unmet_quantitative_scores_at_most_the_weight(indicator: Indicator, rules: RuleSet) -> None:
    """An unmet quantitative target scores 0 ≤ s ≤ w (R4.1 v2), and reaches w only through rounding: the same row
    under ``unmet_cap=True`` (the v1 rule, which stops at w − 0.01) then scores exactly one cent less."""
    row = points_of(indicator, rules)
    assert row.weight is not None
    assume(row.met is False and row.weight > 0)
    assert Decimal(0) <= row.points <= row.weight
    capped = points_of(indicator, attrs.evolve(rules, unmet_cap=True))
    assert capped.points < row.weight
    if row.points == row.weight:
        assert capped.points == row.weight - Decimal("0.01")
    else:
        assert capped.points == row.points


@given(pst.operators(strict=True), TARGETS, POSITIVE_WEIGHTS)
def test_strict_operator_at_its_boundary_is_unmet_and_below_the_weight(
    op: Operator, target: Decimal, weight: Decimal
) -> None:
    """ "> P" or "< P" with the actual equal to P is unmet and scores against the target moved one printed step
    (R4.5): below the weight unless round2 of that ratio is the weight (R4.1 v2)."""
    row = points_of(quantitative(op, target, target, weight))
    assert row.met is False
    assert row.points <= weight
    step = Decimal(1).scaleb(target.as_tuple().exponent)  # type: ignore[arg-type]
    moved = target + step if op is Operator.GT else target - step
    ratio = target / moved if op is Operator.GT else moved / target  # the ratio R4.2 / R4.3 apply to
    assert row.points == (round2(weight * ratio) if moved > 0 else Decimal(0))


@given(pst.operators(strict=True), TARGETS, POSITIVE_WEIGHTS)
def test_strict_false_reads_strict_operators_as_inclusive(op: Operator, target: Decimal, weight: Decimal) -> None:
    """With ``strict=False`` (the platform's reading) "> P" / "< P" are met at B = P (R4.5 option)."""
    row = points_of(quantitative(op, target, target, weight), PLATFORM)
    assert row.met is True
    assert row.points == weight


@given(
    st.sampled_from([Operator.GE, Operator.GT, Operator.EQ]),
    TARGETS,
    ACTUALS,
    ACTUALS,
    POSITIVE_WEIGHTS,
    AT_LEAST_RULES,
)
def test_points_do_not_decrease_with_the_actual_for_positive_operators(
    op: Operator, target: Decimal, b1: Decimal, b2: Decimal, weight: Decimal, rules: RuleSet
) -> None:
    """For ≥, > and = (at least) with P > 0, a larger actual never scores less (R4.2, R4.5)."""
    low, high = sorted((b1, b2))
    assert (
        points_of(quantitative(op, target, low, weight), rules).points
        <= points_of(quantitative(op, target, high, weight), rules).points
    )


@given(
    pst.operators(Direction.REVERSE),
    st.one_of(TARGETS, st.just(Decimal(0))),
    ACTUALS,
    ACTUALS,
    POSITIVE_WEIGHTS,
    pst.rule_sets(),
)
def test_points_do_not_increase_with_the_actual_for_reverse_operators(
    op: Operator, target: Decimal, b1: Decimal, b2: Decimal, weight: Decimal, rules: RuleSet
) -> None:
    """For ≤ and <, a larger actual never scores more, under the ratio and the linear rule (R4.3, R4.5)."""
    low, high = sorted((b1, b2))
    assert (
        points_of(quantitative(op, target, low, weight), rules).points
        >= points_of(quantitative(op, target, high, weight), rules).points
    )


@given(pst.indicators(messy=True), pst.deductions(), pst.rule_sets())
def test_deductions_subtract_and_never_go_below_zero(
    indicator: Indicator, deductions: tuple[Deduction, ...], rules: RuleSet
) -> None:
    """s = max(0, s − Σ deductions) on top of every other rule (R7.1)."""
    plain = points_of(indicator, rules).points
    cut = points_of(attrs.evolve(indicator, deductions=deductions), rules).points
    assert cut == max(Decimal(0), plain - add(*(d.amount for d in deductions)))


CELL_TEXT = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.text(
        alphabet="0123456789.,%-+≥≤<>=年月日底前季度第一二三四亿万元以上下内大于小不低高达按时完成未部分 ", max_size=14
    ),
)


@given(CELL_TEXT, CELL_TEXT, CELL_TEXT, CELL_TEXT, pst.weights(30), pst.rule_sets())
def test_any_printed_text_is_read_or_reported_never_a_crash(
    operator: str | None, target: str | None, unit: str | None, actual: str | None, weight: Decimal, rules: RuleSet
) -> None:
    """Whatever text the operator, target, unit and actual cells hold, the row is scored (read, or reported as
    unreadable) within [0, w] — never an exception (R3.5)."""
    row = score_indicator(
        Indicator(operator=operator, target=target, unit=unit, actual=actual, weight=fmt(weight)), YEAR, rules
    )
    assert Decimal(0) <= row.points <= weight


@given(
    pst.operators(),
    st.sampled_from(["%", "个", "小时", "万元"]),
    TARGETS,
    ACTUALS,
    POSITIVE_WEIGHTS,
    st.booleans(),
    pst.rule_sets(),
    st.data(),
)
def test_a_messy_spelling_scores_like_the_plain_one(
    op: Operator,
    unit: str,
    target: Decimal,
    actual: Decimal,
    weight: Decimal,
    in_target: bool,
    rules: RuleSet,
    data: st.DataObject,
) -> None:
    """Spelling the operator as a word or full-width symbol, or writing the comparison into the target under an
    unreadable operator cell, and printing numbers full-width or with thousands separators, scores exactly as the
    plain row does (R2.2, R2.3, R3.1, R3.2)."""
    plain = quantitative(op, target, actual, weight, unit)
    if in_target:
        spellings = [*pst.OPERATOR_SPELLINGS[op], *(f"@{s}" for s in pst.SUFFIX_SPELLINGS.get(op, ()))]
        spelling = data.draw(st.sampled_from(spellings))
        number = fmt(target)
        target_cell = f"{number}{unit}{spelling[1:]}" if spelling.startswith("@") else f"{spelling}{number}"
        op_cell = data.draw(st.sampled_from(pst.UNREADABLE_OPERATORS))
    else:
        target_cell = data.draw(pst.numbers(target, messy=True))
        op_cell = data.draw(pst.operator_cells(op, messy=True))[0]
    messy = attrs.evolve(plain, operator=op_cell, target=target_cell, actual=data.draw(pst.numbers(actual, messy=True)))
    one, two = points_of(plain, rules), points_of(messy, rules)
    assert (two.met, two.points) == (one.met, one.points)


@given(
    st.sampled_from([Operator.GE, Operator.LE, Operator.EQ]),
    pst.amounts("0.01", 1),
    pst.amounts("1.01", 200),
    POSITIVE_WEIGHTS,
    pst.rule_sets().map(lambda r: attrs.evolve(r, repair_percent_fraction=True)),
)
def test_a_percent_target_written_as_a_fraction_scores_as_the_percent(
    op: Operator, fraction: Decimal, actual: Decimal, weight: Decimal, rules: RuleSet
) -> None:
    """Target P (0 < P ≤ 1, unit %) against B > 1 with 0.5 ≤ B / (100·P) ≤ 2 scores exactly as the target 100·P (R3.3).

    Non-strict operators: a strict one steps by the printed precision, which the repair scales with it."""
    assume(Decimal("0.5") <= actual / (100 * fraction) <= 2)
    as_fraction = points_of(quantitative(op, fraction, actual, weight, "%"), rules)
    as_percent = points_of(quantitative(op, fraction * 100, actual, weight, "%"), rules)
    assert (as_fraction.met, as_fraction.points) == (as_percent.met, as_percent.points)
    assert as_fraction.reading.repaired_from == fraction  # type: ignore[union-attr]


@given(st.data(), pst.weights(50, min_value=1), pst.rule_sets())
def test_an_unmet_row_of_any_kind_scores_at_most_the_weight(
    data: st.DataObject, weight: Decimal, rules: RuleSet
) -> None:
    """Unmet ⇒ s ≤ w for every kind, and s < w for partial or not-achieved qualitative (R5.1) and late (R6.2) rows:
    only a quantitative ratio can round up to w (R4.1 v2)."""
    row = points_of(data.draw(pst.indicators(messy=True, weight=weight)), rules)
    assume(row.met is False)
    assert row.points <= weight
    if row.kind is not Kind.QUANTITATIVE:
        assert row.points < weight
