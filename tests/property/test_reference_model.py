"""perfeval against a direct, naive transcription of the spec's formulas (R1.1–R1.2, R4.1–R4.5, R5.1–R5.3).

The reference functions below are written from docs/rules.md alone, in the
most literal way (no shared code with perfeval). "All arithmetic is exact":
they compute with fractions, which never round, and round half up only where
the spec says round2; each law says perfeval computes the same thing on plain
cells.
"""

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import attrs
from hypothesis import example, given
from hypothesis import strategies as st

from perfeval import CENTRAL_2020, PLATFORM, Execution, Funds, FundsLine, Indicator, Operator, RuleSet, Table, Tier
from perfeval.scoring import score_execution, score_indicator
from perfeval.testing import strategies as pst

CENT = Decimal("0.01")


def round2(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def exact_round2(x: Fraction) -> Decimal:
    """round2 of an exact value: half up (away from zero) to two places."""
    cents = math.floor(abs(x) * 100 + Fraction(1, 2))
    return (Decimal(cents) / 100 * (1 if x >= 0 else -1)).quantize(CENT)


def reference_quantitative(op: Operator, p: Decimal, b: Decimal, w: Decimal, rules: RuleSet) -> tuple[bool, Decimal]:
    """R4.1–R4.5 as the spec words them, in exact arithmetic."""
    if not rules.strict and op in (Operator.GT, Operator.LT):
        op = Operator.GE if op is Operator.GT else Operator.LE
    if op is Operator.EQ:
        met = b == p if rules.equal == "exact" else (b == 0 if p == 0 else b >= p)
    else:
        met = {Operator.GE: b >= p, Operator.GT: b > p, Operator.LE: b <= p, Operator.LT: b < p}[op]
    if met:
        return True, w
    if w == 0:
        return False, Decimal(0)
    exponent = p.as_tuple().exponent
    step = Decimal(1).scaleb(exponent if isinstance(exponent, int) and exponent < 0 else 0)
    t = p + step if op is Operator.GT else p - step if op is Operator.LT else p
    fw, fb, fp, ft = Fraction(w), Fraction(b), Fraction(p), Fraction(t)
    if op is Operator.EQ and rules.equal == "exact":
        s = Decimal(0) if p <= 0 or b <= 0 else exact_round2(fw * min(fb / fp, fp / fb))
    elif op in (Operator.GE, Operator.GT, Operator.EQ):
        s = Decimal(0) if t <= 0 or b <= 0 else exact_round2(fw * fb / ft)
    elif t <= 0:
        s = Decimal(0)
    elif rules.reverse == "linear":
        s = exact_round2(fw * max(Fraction(0), 2 - fb / ft))
    else:
        s = exact_round2(fw * ft / fb)
    s = max(Decimal(0), s)
    if s >= w and rules.unmet_cap:  # the v1 rule; v2 lets round2 reach w (R4.1)
        s = max(Decimal(0), w - CENT)
    return False, min(s, w)


def reference_execution(annual: Decimal, executed: Decimal, w: Decimal, rules: RuleSet) -> Decimal:
    """R1.1–R1.2 as the spec words them, in exact arithmetic."""
    if annual == 0:
        return Decimal(0)
    rate = Fraction(executed) / Fraction(annual) * 100
    basis = Fraction(exact_round2(rate)) if rules.execution_basis == "printed-rate" else rate
    if rules.cap:
        basis = min(basis, Fraction(100))
    return exact_round2(Fraction(w) * basis / 100)


def reference_qualitative(tier: Tier, w: Decimal, reported: Decimal | None, rules: RuleSet) -> Decimal:
    """R5.1 and R5.3 as the spec words them (exclusive upper ends stepped one cent down)."""
    achieved, partial = rules.bands  # R5.1: 0.8/0.6, or the 2016 notice's 0.8/0.5
    high, low = round2(w * achieved), round2(w * partial)
    lower, upper = {
        Tier.ACHIEVED: (high, w),
        Tier.PARTIAL: (low, max(low, high - CENT)),
        Tier.NOT_ACHIEVED: (Decimal(0), max(Decimal(0), low - CENT)),
    }[tier]
    if reported is None:
        return upper if tier is Tier.ACHIEVED and rules.qualitative_default == "upper" else lower
    return min(max(reported, lower), upper)


NUMBERS = st.one_of(pst.amounts(0, 200, places=0), pst.amounts(0, 20, places=1), pst.amounts(0, 5))


@given(pst.operators(), NUMBERS, NUMBERS, pst.weights(40), pst.rule_sets())
def test_quantitative_rows_score_as_the_spec_formulas_say(
    op: Operator, target: Decimal, actual: Decimal, weight: Decimal, rules: RuleSet
) -> None:
    """perfeval's met and points equal R4.1–R4.5 transcribed literally, for every operator and rule set."""
    row = score_indicator(
        Indicator(operator=op.symbol, target=f"{target:f}", unit="个", actual=f"{actual:f}", weight=f"{weight:f}"),
        2023,
        rules,
    )
    assert (row.met, row.points) == reference_quantitative(op, target, actual, weight, rules)


#: An odd number of half cents, 0.01 … 11.97: the distance from a point where 3 × B / 6 or
#: 3 × (12 − B) / 6 lands exactly on a half cent.
HALF_CENTS = st.integers(0, 598).map(lambda c: Decimal(2 * c + 1) / 100)


@given(st.sampled_from([Operator.GE, Operator.EQ, Operator.LE]), HALF_CENTS, pst.rule_sets(), st.booleans())
@example(Operator.LE, Decimal("4.19"), PLATFORM, False)  # 3 × (2 − 7.81 / 6) = 2.095 → 2.10, not 2.09
@example(Operator.EQ, Decimal("4.19"), attrs.evolve(CENTRAL_2020, equal="exact"), False)  # 3 × 4.19 / 6 → 2.10
def test_half_cent_ties_round_up_as_exact_arithmetic_says(
    op: Operator, d: Decimal, rules: RuleSet, quotient_formulas: bool
) -> None:
    """On ties (3 × (12 − 7.81) / 6 = 2.095) perfeval rounds the exact value half up: no quotient is rounded first.

    Target 6, weight 3: B = d scores 3 × d / 6 (R4.2, and R4.4 exact); B = 12 − d scores 3 × (2 − B / 6)
    under the linear reverse rule (R4.3) — a half cent each time.
    """
    if quotient_formulas:  # the two formulas written with a quotient inside: linear reverse, exact EQ
        rules = attrs.evolve(rules, reverse="linear", equal="exact")
    actual = 12 - d if op is Operator.LE else d
    row = score_indicator(
        Indicator(operator=op.symbol, target="6", unit="个", actual=f"{actual:f}", weight="3.00"), 2023, rules
    )
    assert (row.met, row.points) == reference_quantitative(op, Decimal(6), actual, Decimal(3), rules)


@given(pst.amounts(0, 50_000), pst.amounts(0, 60_000), pst.weights(20), pst.rule_sets())
def test_execution_scores_as_the_spec_formula_says(
    annual: Decimal, executed: Decimal, weight: Decimal, rules: RuleSet
) -> None:
    """perfeval's execution points equal R1.1–R1.3 transcribed literally, on both bases, with and without the cap."""
    table = Table(
        funds=Funds(total=FundsLine(annual=f"{annual:f}", executed=f"{executed:f}")),
        execution=Execution(weight=f"{weight:f}"),
    )
    assert score_execution(table, rules).points == reference_execution(annual, executed, weight, rules)


@given(st.integers(0, 299))
def test_execution_ties_round_up_on_the_exact_rate(c: int) -> None:
    """On the exact-rate basis, 3 × (50 / 240 × 100) / 100 = 0.625 → 0.63: the unrounded rate is not rounded either.

    executed = (2c + 1) × 0.4 of 240 with weight 3 scores (2c + 1) / 200: always a half cent.
    """
    executed = Decimal(2 * c + 1) * Decimal("0.4")
    table = Table(
        funds=Funds(total=FundsLine(annual="240.00", executed=f"{executed:f}")),
        execution=Execution(weight="3.00"),
    )
    exact = attrs.evolve(CENTRAL_2020, execution_basis="exact-rate")
    expected = reference_execution(Decimal(240), executed, Decimal(3), exact)
    assert score_execution(table, exact).points == expected == (Decimal(c + 1) / 100).quantize(CENT)


@given(
    st.sampled_from(list(Tier)),
    pst.weights(40),
    st.one_of(st.none(), pst.amounts(0, 45)),
    pst.rule_sets(),
)
def test_qualitative_rows_score_as_the_spec_says(
    tier: Tier, weight: Decimal, reported: Decimal | None, rules: RuleSet
) -> None:
    """A qualitative row with a given tier scores its reported score clamped to the R5.1 band, or the R5.3 default."""
    indicator = Indicator(
        operator="=",
        target="有效提升",
        actual="见附件",
        weight=f"{weight:f}",
        score=None if reported is None else f"{reported:f}",
        tier=tier,
    )
    row = score_indicator(indicator, 2023, rules)
    assert row.points == reference_qualitative(tier, weight, reported, rules)
    assert row.met is (tier is Tier.ACHIEVED)


@given(pst.rule_sets())
def test_the_reference_model_agrees_on_the_spec_examples(rules: RuleSet) -> None:
    """The reference model itself reproduces the spec's worked numbers (so it is a fair judge)."""
    central = attrs.evolve(rules, strict=True, reverse="ratio", equal="at-least")
    assert reference_quantitative(Operator.LT, Decimal(24), Decimal(24), Decimal(10), central) == (
        False,
        Decimal("9.58"),
    )
    assert reference_quantitative(Operator.LT, Decimal(1), Decimal(1), Decimal(10), central) == (False, Decimal(0))
    assert reference_quantitative(Operator.LE, Decimal(10), Decimal(12), Decimal(10), central) == (
        False,
        Decimal("8.33"),
    )
    printed = attrs.evolve(rules, execution_basis="printed-rate")
    assert reference_execution(Decimal("4.10"), Decimal("0.33"), Decimal(10), printed) == Decimal("0.81")
