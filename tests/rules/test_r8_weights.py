"""R8 weights, scoring side: a missing weight keeps the reported score; a computed score never exceeds the weight."""

from decimal import Decimal

import perfeval
from perfeval import Indicator, Table
from perfeval.scoring import score_indicator


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
