"""Laws of a whole table: execution (R1), units (R3.1), total and grade (R9), the audit of consistent tables."""

from decimal import Decimal

import attrs
from hypothesis import given
from hypothesis import strategies as st

import perfeval
from perfeval import Funds, FundsLine, Grade, Indicator, Operator, RuleSet, Table
from perfeval.decimals import add, fmt
from perfeval.scoring import score_execution, score_indicator
from perfeval.testing import strategies as pst

RANK = {Grade.POOR: 0, Grade.FAIR: 1, Grade.GOOD: 2, Grade.EXCELLENT: 3}
TOTALS = pst.amounts(0, 100)


def execution_table(annual: Decimal, executed: Decimal, weight: Decimal | None = None) -> Table:
    return Table(
        funds=Funds(total=FundsLine(annual=fmt(annual), executed=fmt(executed))),
        execution=perfeval.Execution(weight=fmt(weight)),
    )


@given(pst.amounts("0.01", 10_000), pst.amounts(0, 12_000), pst.amounts(0, 12_000), pst.rule_sets())
def test_execution_points_do_not_decrease_with_the_amount_executed(
    annual: Decimal, e1: Decimal, e2: Decimal, rules: RuleSet
) -> None:
    """Spending more of the same budget never scores fewer execution points, on either basis (R1.1, R1.2)."""
    low, high = sorted((e1, e2))
    assert (
        score_execution(execution_table(annual, low), rules).points
        <= score_execution(execution_table(annual, high), rules).points
    )


@given(pst.amounts("0.01", 10_000), pst.amounts(0, 30_000), pst.weights(20), pst.rule_sets())
def test_execution_points_are_capped_at_the_weight(
    annual: Decimal, executed: Decimal, weight: Decimal, rules: RuleSet
) -> None:
    """With the cap (the default) execution points never exceed w_exec, and reach it once executed ≥ annual.

    (R1.2, R1.4)
    """
    rules = attrs.evolve(rules, cap=True)
    points = score_execution(execution_table(annual, executed, weight), rules).points
    assert Decimal(0) <= points <= weight
    if executed >= annual:
        assert points == weight


@given(pst.tables(messy=True, with_deductions=True, allow_undefined=True), pst.rule_sets())
def test_total_is_execution_points_plus_indicator_points(table: Table, rules: RuleSet) -> None:
    """total = execution points + Σ indicator points, each scored on its own (R9.1)."""
    card = perfeval.score(table, rules)
    alone = [score_indicator(row, table.year, rules).points for row in table.indicators]
    assert card.total == add(score_execution(table, rules).points, *alone)
    assert card.total == add(card.execution.points, *(row.points for row in card.indicators))


@given(TOTALS, TOTALS)
def test_grade_does_not_decrease_with_the_total(t1: Decimal, t2: Decimal) -> None:
    """A higher total never gets a lower grade (R9.2)."""
    low, high = sorted((t1, t2))
    assert RANK[perfeval.grade_for(low)] <= RANK[perfeval.grade_for(high)]


@given(
    st.one_of(TOTALS, st.sampled_from([Decimal(b) for b in ("0", "59.99", "60", "79.99", "80", "89.99", "90", "100")]))
)
def test_grade_bands_partition_zero_to_hundred(total: Decimal) -> None:
    """Every total in [0, 100] lies in exactly one band, lower bounds inclusive (R9.2).

    优 [90, 100], 良 [80, 90), 中 [60, 80), 差 [0, 60).
    """
    bands = {
        Grade.EXCELLENT: 90 <= total <= 100,
        Grade.GOOD: 80 <= total < 90,
        Grade.FAIR: 60 <= total < 80,
        Grade.POOR: 0 <= total < 60,
    }
    assert sum(bands.values()) == 1
    assert bands[perfeval.grade_for(total)]


@given(st.data(), pst.rule_sets())
def test_order_of_indicators_does_not_change_the_total(data: st.DataObject, rules: RuleSet) -> None:
    """Shuffling the indicator rows changes neither the total nor the grade (R9.1)."""
    table = data.draw(pst.tables(messy=True, max_indicators=10, with_deductions=True))
    shuffled = attrs.evolve(table, indicators=data.draw(st.permutations(table.indicators)))
    one, two = perfeval.score(table, rules), perfeval.score(shuffled, rules)
    assert (one.total, one.grade) == (two.total, two.grade)


@given(
    st.sampled_from([Operator.GE, Operator.LE, Operator.EQ]),
    pst.amounts("0.01", 1_000_000),
    pst.amounts(0, 2_000_000),
    pst.weights(50),
    st.sampled_from(["target", "actual", "both"]),
    pst.rule_sets().map(lambda r: attrs.evolve(r, strict=True)),
)
def test_money_in_wan_or_yi_yuan_scores_the_same(
    op: Operator, target: Decimal, actual: Decimal, weight: Decimal, converted: str, rules: RuleSet
) -> None:
    """Writing the target, the actual or both in 亿元 instead of 万元 leaves the points unchanged (R3.1).

    Non-strict operators only: a strict operator moves the target one step of
    its *printed* precision (R4.5), and "1.5亿元" prints a coarser step than
    "15000万元", so there the unit legitimately matters.
    """

    def cell(value: Decimal, in_yi: bool) -> str:
        return f"{value.scaleb(-4):f}亿元" if in_yi else f"{value:f}万元"

    def row(target_yi: bool, actual_yi: bool) -> Indicator:
        return Indicator(
            name="签约金额",
            operator=op.symbol,
            target=cell(target, target_yi),
            unit="万元",
            actual=cell(actual, actual_yi),
            weight=fmt(weight),
        )

    plain = score_indicator(row(False, False), 2023, rules)
    other = score_indicator(row(converted != "actual", converted != "target"), 2023, rules)
    assert (other.met, other.points) == (plain.met, plain.points)


@given(st.data())
def test_consistent_tables_pass_the_audit_without_errors(data: st.DataObject) -> None:
    """A table whose reported cells are the computed ones, with weights 10/50/30/10, draws no error finding (R11)."""
    rules = data.draw(pst.rule_sets())
    table = data.draw(pst.tables(consistent=True, messy=True, with_deductions=True, allow_undefined=True, rules=rules))
    assert perfeval.audit(table, rules).errors == ()
