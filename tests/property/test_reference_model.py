"""perfeval against a direct, naive transcription of the spec's formulas (R1.1–R1.2, R4.1–R4.5, R5.1–R5.3).

The reference functions below are written from scoring-rules.md alone, in the
most literal way (a wide local decimal context, no shared code with perfeval);
each law says perfeval computes the same thing on plain cells.
"""

import decimal
from decimal import ROUND_HALF_UP, Decimal

import attrs
from hypothesis import given
from hypothesis import strategies as st

from perfeval import Execution, Funds, FundsLine, Indicator, Operator, RuleSet, Table, Tier
from perfeval.scoring import score_execution, score_indicator
from perfeval.testing import strategies as pst

CENT = Decimal("0.01")


def round2(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def reference_quantitative(op: Operator, p: Decimal, b: Decimal, w: Decimal, rules: RuleSet) -> tuple[bool, Decimal]:
    """R4.1–R4.5 as the spec words them."""
    with decimal.localcontext() as ctx:
        ctx.prec = 60
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
        if op is Operator.EQ and rules.equal == "exact":
            s = Decimal(0) if p <= 0 or b <= 0 else round2(w * min(b / p, p / b))
        elif op in (Operator.GE, Operator.GT, Operator.EQ):
            s = Decimal(0) if t <= 0 or b <= 0 else round2(w * b / t)
        elif t <= 0:
            s = Decimal(0)
        elif rules.reverse == "linear":
            s = round2(w * max(Decimal(0), 2 - b / t))
        else:
            s = round2(w * t / b)
        s = max(Decimal(0), s)
        if s >= w:
            s = max(Decimal(0), w - CENT)
        return False, s


def reference_execution(annual: Decimal, executed: Decimal, w: Decimal, rules: RuleSet) -> Decimal:
    """R1.1–R1.2 as the spec words them."""
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        if annual == 0:
            return Decimal(0)
        rate = executed / annual * 100
        basis = round2(rate) if rules.execution_basis == "printed-rate" else rate
        if rules.cap:
            basis = min(basis, Decimal(100))
        return round2(w * basis / 100)


def reference_qualitative(tier: Tier, w: Decimal, reported: Decimal | None, rules: RuleSet) -> Decimal:
    """R5.1 and R5.3 as the spec words them (exclusive upper ends stepped one cent down)."""
    high, low = round2(w * Decimal("0.8")), round2(w * Decimal("0.6"))
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
