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


# --- v2: R1.5 the other basis, R1.6 a rate printed as a fraction, R1.7 the initial budget as base ---------------


def reported(annual: str, executed: str, rate: str | None, score: str | None, **lines: str | None) -> Table:
    """A table printing its execution line; ``lines`` sets other cells of the total line (``initial=…``)."""
    total = FundsLine(annual=annual or None, executed=executed, **lines)
    return Table(project="p", funds=Funds(total=total), execution=Execution(weight="10.00", rate=rate, score=score))


def findings_at(t: Table, path: str, rules: perfeval.RuleSet = CENTRAL_2020) -> list[tuple[str, str | None]]:
    return [(f.code, f.computed) for f in perfeval.audit(t, rules).findings if f.path == path]


def test_r1_5_a_score_on_the_other_basis_is_execution_basis_not_a_mismatch() -> None:
    """R1.5 0.33 of 4.10: 0.81 on the printed rate (central-2020), 0.80 on the exact one (platform).  Each rule set
    takes the other's score as an info ``execution-basis`` whose computed value is its own."""
    printed_style = reported("4.10", "0.33", "8.05", "0.81")
    exact_style = reported("4.10", "0.33", "8.05", "0.80")
    assert findings_at(exact_style, "$.execution.score") == [("execution-basis", "0.81")]
    assert findings_at(printed_style, "$.execution.score", PLATFORM) == [("execution-basis", "0.80")]
    assert findings_at(printed_style, "$.execution.score") == []
    wrong = reported("4.10", "0.33", "8.05", "0.70")
    assert findings_at(wrong, "$.execution.score") == [("execution-score-mismatch", "0.81")]


def test_r1_5_the_total_stays_on_the_rule_sets_basis_and_says_so() -> None:
    """R1.5 the computed total is the rule set's; total-recomputed names the execution basis in its message."""
    t = attrs.evolve(reported("4.10", "0.33", "8.05", "0.80"), total="0.80")
    result = perfeval.audit(t)
    [total] = [f for f in result.findings if f.code == "total-recomputed"]
    assert (total.reported, total.computed) == ("0.80", "0.81")
    assert "printed (two-place) rate" in total.message_en
    assert "执行得分按" in total.message_zh
    plain = perfeval.audit(attrs.evolve(reported("4.10", "0.33", "8.05", "0.70"), total="0.70"))
    assert "basis" not in next(f for f in plain.findings if f.code == "total-recomputed").message_en


@pytest.mark.parametrize(
    ("annual", "executed", "rate", "code"),
    [
        ("100.00", "100.00", "1", "rate-as-fraction"),  # "1" for 100 %
        ("100.00", "99.60", "1", "rate-as-fraction"),  # 99.5 ≤ rate < 100.5
        ("100.00", "100.49", "1", "rate-as-fraction"),
        ("100.00", "99.40", "1", "execution-rate-mismatch"),
        ("100.00", "100.50", "1", "execution-rate-mismatch"),
        ("100.00", "86.20", "0.86", "rate-as-fraction"),  # 86.20 % rounds to 86 (p = 0)
        ("100.00", "86.20", "0.9", "execution-rate-mismatch"),
        ("1000.00", "862.30", "0.8623", "rate-as-fraction"),  # d = 4, p = 2: 86.23
        ("1000.00", "862.40", "0.8623", "execution-rate-mismatch"),
        ("100.00", "120.00", "1.2", "rate-as-fraction"),
        ("100.00", "100.00", "1%", "execution-rate-mismatch"),  # a % sign: a percent, not a fraction
    ],
)
def test_r1_6_a_rate_printed_as_a_fraction(annual: str, executed: str, rate: str, code: str) -> None:
    """R1.6 a rate cell without % reading 0 < r ≤ 1.5 is a fraction when round(rate, max(0, d − 2)) = 100·r."""
    assert [c for c, _ in findings_at(reported(annual, executed, rate, None), "$.execution.rate")] == [code]


def test_r1_7_forms_without_an_annual_column_use_the_initial_budget() -> None:
    """R1.7 no 全年预算数 on any line, 年初预算数 printed > 0: it is the base of the rate and the points."""
    t = reported("", "45.00", "90.00", "9.00", initial="50.00")
    result = perfeval.audit(t)
    assert result.scorecard.execution.rate == Decimal(90)
    assert result.scorecard.execution.points == Decimal("9.00")
    assert [(f.code, f.path, f.computed) for f in result.findings if f.path.startswith(("$.funds", "$.execution"))] == [
        ("execution-base-initial", "$.funds.total.initial", "90.00")
    ]


def test_r1_7_does_not_apply_when_another_line_prints_an_annual_budget_or_the_initial_is_zero() -> None:
    """R1.7 otherwise R1.3: an initial of 0, or an annual blank on the total line while the fiscal line prints one."""
    zero = reported("", "45.00", None, None, initial="0")
    assert perfeval.score(zero).execution.points == Decimal("0.00")
    assert "execution-undefined" in codes(zero)
    fiscal = Table(
        funds=Funds(
            total=FundsLine(initial="50.00", executed="45.00"), fiscal=FundsLine(annual="50.00", executed="45.00")
        )
    )
    assert perfeval.score(fiscal).execution.rate is None
    assert "execution-base-initial" not in codes(fiscal)
