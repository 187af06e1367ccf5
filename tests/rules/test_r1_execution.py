"""R1 budget execution: the rate, the points, undefined and over-executed budgets."""

from decimal import Decimal

import attrs
import pytest

import perfeval
from perfeval import CENTRAL_2020, PLATFORM, Execution, Funds, FundsLine, Table


def table(annual: str | None, executed: str | None, weight: str | None = "10.00") -> Table:
    return Table(
        project="p",
        funds=Funds(total=FundsLine(annual=annual, executed=executed)),
        execution=Execution(weight=weight),
    )


def codes(t: Table) -> set[str]:
    return {f.code for f in perfeval.audit(t).findings}


@pytest.mark.parametrize(
    ("annual", "executed", "printed"),
    [
        ("4.10", "0.33", "8.05"),
        ("9,594.00", "7,564.80", "78.85"),
        ("73.00", "72.92", "99.89"),
        ("19.73", "1.11", "5.63"),
    ],
)
def test_r1_1_rate_is_executed_over_annual_printed_round_half_up(annual: str, executed: str, printed: str) -> None:
    """R1.1 rate% = executed / annual × 100, printed as round2 (0.33 / 4.10 = 8.0487…% → 8.05)."""
    execution = perfeval.score(table(annual, executed)).execution
    assert execution.printed_rate == Decimal(printed)
    exact = Decimal(executed.replace(",", "")) / Decimal(annual.replace(",", "")) * 100
    assert execution.rate is not None
    assert execution.rate.quantize(Decimal("1e-20")) == exact.quantize(Decimal("1e-20"))


def test_r1_2_points_from_the_printed_rate() -> None:
    """R1.2 0.33 of 4.10 → 8.05 % → 10 × 8.05 / 100 = 0.805 → 0.81 (the published table's value)."""
    assert perfeval.score(table("4.10", "0.33")).execution.points == Decimal("0.81")


def test_r1_2_exact_rate_basis_gives_0_80() -> None:
    """R1.2 option basis="exact-rate" (the platform): 10 × 8.0487…% = 0.8048… → 0.80."""
    rules = attrs.evolve(CENTRAL_2020, execution_basis="exact-rate")
    assert perfeval.score(table("4.10", "0.33"), rules).execution.points == Decimal("0.80")
    assert perfeval.score(table("4.10", "0.33"), PLATFORM).execution.points == Decimal("0.80")


def test_r1_2_exact_rate_basis_rounds_the_exact_product() -> None:
    """R1.2 exact-rate: 3 × (50 / 240 × 100) / 100 = 0.625 exactly → 0.63 (the printed rate 20.83 % gives 0.62)."""
    assert perfeval.score(table("240.00", "50.00", "3.00"), PLATFORM).execution.points == Decimal("0.63")
    assert perfeval.score(table("240.00", "50.00", "3.00")).execution.points == Decimal("0.62")


def test_r1_2_seven_thousand_of_nine_thousand() -> None:
    """R1.2 7,564.80 of 9,594.00 → 78.85 % → 7.885 → 7.89."""
    assert perfeval.score(table("9,594.00", "7,564.80")).execution.points == Decimal("7.89")


def test_r1_2_default_weight_is_ten_when_none_is_printed() -> None:
    """R1.2 w_exec = 10 by default: a table printing no 分值 for execution scores out of 10."""
    card = perfeval.score(table("100.00", "50.00", weight=None))
    assert card.execution.weight == Decimal(10)
    assert card.execution.points == Decimal("5.00")


def test_r1_2_printed_weight_is_used() -> None:
    """R1.2 the printed 分值 is w_exec: 16.00 × 90.14 % = 14.4224 → 14.42 (table 02 prints 16.00)."""
    card = perfeval.score(table("163.00", "146.93", weight="16.00"))
    assert card.execution.points == Decimal("14.42")


@pytest.mark.parametrize("annual", ["0", "0.00", None, "-"])
def test_r1_3_zero_or_missing_annual_budget_scores_zero(annual: str | None) -> None:
    """R1.3 annual = 0 or missing: the rate is undefined (never divided by a substitute), points 0, audit says so."""
    t = table(annual, "5.00")
    card = perfeval.score(t)
    assert card.execution.rate is None
    assert card.execution.printed_rate is None
    assert card.execution.points == 0
    assert "execution-undefined" in codes(t)


def test_r1_3_missing_executed_amount_scores_zero() -> None:
    """R1.3 (choice) a blank 全年执行数 also leaves the rate undefined: 0 points, even if a rate is printed."""
    t = attrs.evolve(table("30.90", None), execution=Execution(weight="10.00", rate="99.67", score="9.97"))
    assert perfeval.score(t).execution.points == 0
    assert "execution-undefined" in codes(t)


def test_r1_4_rate_above_100_is_capped() -> None:
    """R1.4 executed > annual is allowed (rate 120 %), capped at w_exec, and reported as over-execution."""
    t = table("10.00", "12.00")
    card = perfeval.score(t)
    assert card.execution.printed_rate == Decimal("120.00")
    assert card.execution.points == Decimal("10.00")
    assert "over-execution" in codes(t)


def test_r1_4_cap_false_scores_above_the_weight() -> None:
    """R1.2/R1.4 option cap=False: 120 % of 10 scores 12.00."""
    rules = attrs.evolve(CENTRAL_2020, cap=False)
    assert perfeval.score(table("10.00", "12.00"), rules).execution.points == Decimal("12.00")


def test_r1_4_full_execution_scores_the_weight() -> None:
    """R1.2 100 % executed scores exactly w_exec."""
    assert perfeval.score(table("1,027.81", "1,027.81")).execution.points == Decimal("10.00")
