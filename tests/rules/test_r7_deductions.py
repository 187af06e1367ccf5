"""R7 deductions: an evaluator's cuts, on a row or on the execution line."""

from decimal import Decimal

import pytest

import perfeval
from perfeval import Deduction, Execution, Funds, FundsLine, Indicator, InvalidTableError, Table
from perfeval.scoring import score_indicator


def indicator(*points: str, actual: str = "150") -> Indicator:
    return Indicator(
        operator="≥",
        target="100",
        unit="个",
        actual=actual,
        weight="10.00",
        deductions=[Deduction(points=p, reason="目标值设定偏低，按偏离度调减") for p in points],
    )


def test_r7_1_a_deduction_is_subtracted() -> None:
    """R7.1 an over-achieved row (R4.6) cut by 2.00 scores 10.00 − 2.00 = 8.00; met stays true."""
    result = score_indicator(indicator("2.00"))
    assert (result.met, result.points) == (True, Decimal("8.00"))
    assert any(step.rule == "R7.1" for step in result.steps)


def test_r7_1_the_score_after_a_cut_is_round2() -> None:
    """R7.1 with R4.1: a cut of 0.125 leaves 9.875, a score, round2 like every score: 9.88."""
    assert score_indicator(indicator("0.125")).points == Decimal("9.88")


def test_r7_1_deductions_add_up() -> None:
    """R7.1 s − Σ deductions: 1.50 + 0.50 from 10 leaves 8.00."""
    assert score_indicator(indicator("1.50", "0.50")).points == Decimal("8.00")


def test_r7_1_never_below_zero() -> None:
    """R7.1 s = max(0, s − Σ): a 4.00 cut from an unmet row worth 2.00 (20 of 100 × 10) leaves 0."""
    assert score_indicator(indicator("4.00", actual="20")).points == Decimal(0)


def test_r7_1_on_the_execution_line() -> None:
    """R7.1 a deduction on the execution line: 10.00 − 1.00 = 9.00, and the total follows."""
    table = Table(
        funds=Funds(total=FundsLine(annual="100", executed="100")),
        execution=Execution(weight="10.00", deductions=[Deduction(points="1.00", reason="执行进度偏慢")]),
    )
    card = perfeval.score(table)
    assert card.execution.points == Decimal("9.00")
    assert card.total == Decimal("9.00")


def test_r7_1_a_deduction_is_never_negative() -> None:
    """R7.1 a negative deduction is refused when the table is built."""
    with pytest.raises(InvalidTableError):
        Deduction(points="-1.00", reason="加分")


def test_r7_1_deductions_load_from_json_with_paths() -> None:
    """R7.1 deductions in perfeval-table/1; a bad one is reported at its path."""
    with pytest.raises(InvalidTableError) as caught:
        perfeval.from_dict({"indicators": [{"name": "x", "deductions": [{"points": "-2"}]}]})
    assert [p.path for p in caught.value.problems] == ["$.indicators[0].deductions[0].points"]
