"""R8 weights, scoring side: a missing weight keeps the reported score; a computed score never exceeds the weight."""

from decimal import Decimal

import attrs
import pytest

import perfeval
from perfeval import CENTRAL_2020, Indicator, Table
from perfeval.scoring import score, score_indicator


def test_r8_3_missing_weight_keeps_the_reported_score() -> None:
    """R8.3 no weight: nothing to compute from — the row keeps its reported 8.00, even though 5 of 10 is unmet."""
    result = score_indicator(Indicator(operator="≥", target="10", unit="个", actual="5", weight=None, score="8.00"))
    assert (result.weight, result.points, result.fallback) == (None, Decimal("8.00"), "weight-missing")
    assert result.met is False


def test_r8_3_missing_weight_and_no_score_scores_zero() -> None:
    """R8.3 no weight and no reported score ⇒ 0."""
    assert score_indicator(Indicator(operator="≥", target="10", unit="个", actual="12")).points == Decimal(0)


def test_r8_3_missing_weight_on_a_qualitative_row() -> None:
    """R8.3 a qualitative row without a weight keeps its reported score too (no band can be computed)."""
    result = score_indicator(Indicator(operator="=", target="有效提升", actual="有效提升", score="27.00"))
    assert (result.points, result.band) == (Decimal("27.00"), None)


def test_r8_3_the_audit_says_so() -> None:
    """R8.3 the audit reports weight-missing at the weight's path."""
    row = Indicator(operator="≥", target="10", unit="个", actual="12", score="8.00")
    weighed = Indicator(operator="≥", target="10", unit="个", actual="12", weight="90.00", score="90.00")
    findings = perfeval.audit(Table(indicators=[row, weighed])).findings
    assert [f.path for f in findings if f.code == "weight-missing"] == ["$.indicators[0].weight"]


def test_r8_2_a_fallback_score_never_exceeds_the_weight() -> None:
    """R8.2 (choice) 0 ≤ s ≤ w for every computed row: an unreadable actual reported 12 of 10 computes 10."""
    result = score_indicator(Indicator(operator="≥", target="10", unit="个", actual="若干", weight="10.00", score="12"))
    assert result.points == Decimal("10.00")


# --- v2: R8.4 level 1 inferred from level 2, R8.5 no weights printed ---------------------------------------------


def _row(level1: str | None, level2: str | None, weight: str | None = "10.00", score: str = "10.00") -> Indicator:
    return Indicator(level1=level1, level2=level2, name="n", operator="≥", target="1", unit="个", actual="1",
                     weight=weight, score=score)  # fmt: skip


def _findings(*rows: Indicator, execution_weight: str = "10.00") -> list[tuple[str, str, str | None]]:
    table = Table(indicators=rows, execution=perfeval.Execution(weight=execution_weight))
    return [(f.code, f.path, f.computed) for f in perfeval.audit(table).findings if not f.path.startswith("$.funds")]


@pytest.mark.parametrize("blank", [None, "", " ", "-", "—", "/", "无"])
def test_r8_4_a_blank_level1_is_inferred_from_a_listed_level2(blank: str | None) -> None:
    """R8.4 v2 a blank level 1 with level 2 "质量指标" is 产出指标, reported as level1-inferred (info)."""
    rows = [_row(blank, "质量指标", "50.00", "50.00"), _row("效益指标", "社会效益", "30.00", "30.00"),
            _row("满意度指标", "服务对象满意度指标", "10.00", "10.00")]  # fmt: skip
    assert _findings(*rows) == [("level1-inferred", "$.indicators[0].level1", "产出指标")]


def test_r8_4_a_row_that_cannot_be_inferred_is_in_no_group() -> None:
    """R8.4 v2 level 2 "效率指标" is not a listed kind: no group, no level1-weights naming '', weight in weight-sum."""
    rows = [_row(None, "效率指标", "50.00", "50.00"), _row("效益指标", "社会效益", "30.00", "30.00"),
            _row("满意度指标", "满意度", "10.00", "10.00")]  # fmt: skip
    found = _findings(*rows)
    assert ("level1-weights", "$.indicators[?(@.level1=='产出指标')].weight", "50.00") in found
    assert not any("=='')" in path or "=='指标'" in path for _, path, _ in found)
    assert not any(code == "weight-sum" for code, _, _ in found)  # 10 + 50 + 30 + 10 = 100
    assert score(Table(indicators=rows)).indicators[0].group is None


def test_r8_4_a_printed_level1_is_never_changed() -> None:
    """R8.4 v2 a printed level 1 stays, even when the level 2 belongs elsewhere."""
    card = score(Table(indicators=[_row("效益指标", "数量指标")]))
    assert (card.indicators[0].group, card.indicators[0].group_inferred) == ("效益指标", False)


def test_r8_5_no_weight_printed_is_one_info_and_no_weight_checks() -> None:
    """R8.5 v2 every weight blank: one weights-not-printed, no weight-missing, weight-sum, level1-weights or
    divergence; each row keeps its reported score."""
    rows = [_row("产出指标", "数量指标", weight, "40.00") for weight in (None, "", "-")]
    table = Table(
        indicators=rows,
        funds=perfeval.Funds(total=perfeval.FundsLine(annual="100", executed="10")),
        execution=perfeval.Execution(weight="10.00", rate="10.00", score="1.00"),
    )
    result = perfeval.audit(table)
    assert [(f.code, f.path) for f in result.findings if "weight" in f.code or "divergence" in f.code] == [
        ("weights-not-printed", "$.indicators[*].weight")
    ]
    assert [r.points for r in result.scorecard.indicators] == [Decimal("40.00")] * 3


def test_r8_5_an_unreadable_weight_counts_as_printed() -> None:
    """R8.5 v2 a printed but unreadable weight is printed: the other blank rows get weight-missing."""
    found = _findings(_row("产出指标", "数量指标", "三十"), _row("产出指标", "数量指标", None))
    assert ("weight-missing", "$.indicators[1].weight", "10.00") in found
    assert not any(code == "weights-not-printed" for code, _, _ in found)


def test_level1_weights_print_each_rule_sets_own_numbers() -> None:
    """R8.1 two rule sets whose level-1 weights are equal numbers printed differently each print their own."""
    table = perfeval.load(perfeval.example_paths()[0])[0]
    computed = {}
    for printed in ("51", "51.000"):  # the table's outputs weigh 50 or less: always a finding
        weights = tuple(
            (name, Decimal(printed) if name == "产出指标" else w) for name, w in CENTRAL_2020.level1_weights
        )
        rules = attrs.evolve(CENTRAL_2020, name=f"w{printed}", level1_weights=weights)
        found = [
            f for f in perfeval.audit(table, rules).findings if f.code == "level1-weights" and f.group == "产出指标"
        ]
        computed[printed] = [f.computed for f in found]
    assert computed == {"51": ["51.00"], "51.000": ["51.000"]}
