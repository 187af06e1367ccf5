"""R4 quantitative indicators: met and unmet, positive and reverse, EQ, strict operators, over-achievement."""

from decimal import Decimal

import attrs
import pytest

import perfeval
from perfeval import CENTRAL_2020, GUANGXI, PLATFORM, RULE_SETS, Indicator, RuleSet, Table
from perfeval.scoring import score_indicator


def scored(
    op: str, target: str, actual: str, weight: str = "10.00", rules: RuleSet = CENTRAL_2020, unit: str = "个"
) -> tuple[bool | None, Decimal]:
    row = score_indicator(Indicator(operator=op, target=target, unit=unit, actual=actual, weight=weight), 2023, rules)
    return row.met, row.points


# --- R4.1 met, unmet, zero weight ---------------------------------------------


@pytest.mark.parametrize(
    ("op", "target", "actual"),
    [("≥", "90", "100"), ("≤", "40", "39.5"), ("=", "4", "4"), (">", "2700", "3000"), ("<", "24", "20")],
)
def test_r4_1_met_scores_the_weight(op: str, target: str, actual: str) -> None:
    """R4.1 a met target scores w."""
    assert scored(op, target, actual, "25.00") == (True, Decimal("25.00"))


def test_r4_1_an_unmet_ratio_rounding_up_to_the_weight_reaches_w() -> None:
    """R4.1 v2 (the platform's rule): 999.9 of ≥ 1000 with w = 25: 24.9975 → 25.00, still unmet."""
    assert scored("≥", "1000", "999.9", "25.00") == (False, Decimal("25.00"))
    assert scored("≥", "1000", "999.8", "25.00") == (False, Decimal("25.00"))  # 24.995 rounds half up
    assert scored("≥", "1000", "999.7", "25.00") == (False, Decimal("24.99"))


def test_r4_1_reverse_ratio_rounding_up_to_the_weight_reaches_w() -> None:
    """R4.1 v2 reverse: 1000 against ≤ 999.8 with w = 25: 24.995 → 25.00, still unmet."""
    assert scored("≤", "999.8", "1000", "25.00") == (False, Decimal("25.00"))


def test_r4_1_unmet_cap_option_keeps_the_v1_rule() -> None:
    """R4.1 option unmet_cap=True (v1): an unmet row scores at most w − 0.01."""
    capped = attrs.evolve(CENTRAL_2020, name="v1", unmet_cap=True)
    assert scored("≥", "1000", "999.9", "25.00", rules=capped) == (False, Decimal("24.99"))
    assert all(not r.unmet_cap for r in RULE_SETS.values())


def test_r4_1_an_unmet_row_at_w_through_rounding_is_no_full_score_error() -> None:
    """R4.1 v2: reported w = computed w (through rounding) is no unmet-target-full-score, but needs its explanation."""
    row = Indicator(operator="≥", target="1000", actual="999.9", weight="25.00", score="25.00")
    codes = [f.code for f in perfeval.audit(Table(indicators=[row])).findings if f.path.startswith("$.indicators[0]")]
    assert codes == ["missing-explanation"]


def test_r4_1_zero_weight_scores_zero() -> None:
    """R4.1 a zero weight scores 0, met or not."""
    assert scored("≥", "10", "5", "0") == (False, Decimal(0))
    assert scored("≥", "10", "15", "0") == (True, Decimal(0))


def test_r4_1_never_negative() -> None:
    """R4.1 s is never negative: a negative actual against ≥ 10 scores 0."""
    assert scored("≥", "10", "-5") == (False, Decimal(0))


# --- R4.2 positive unmet ---------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "actual", "weight", "points"),
    [
        ("6", "1", "15.00", "2.50"),  # table 22
        ("11", "5", "20.00", "9.09"),  # table 22: 9.0909…
        ("4000", "3100", "5.00", "3.88"),  # table 20: 3.875 → 3.88 (half up)
        ("98", "90", "10.00", "9.18"),  # table 10
        ("20", "19", "20.00", "19.00"),  # table 11
    ],
)
def test_r4_2_positive_unmet_scores_w_times_b_over_p(target: str, actual: str, weight: str, points: str) -> None:
    """R4.2 positive unmet: s = round2(w × B / P)."""
    assert scored("≥", target, actual, weight) == (False, Decimal(points))


def test_r4_2_zero_actual_scores_zero() -> None:
    """R4.2 B ≤ 0 ⇒ 0 (table 22: 0 of ≥ 5)."""
    assert scored("≥", "5", "0", "15.00") == (False, Decimal(0))


def test_r4_2_non_positive_target_unmet_scores_zero() -> None:
    """R4.2 P ≤ 0 ⇒ 0 when unmet: −1 against ≥ 0."""
    assert scored("≥", "0", "-1", "15.00") == (False, Decimal(0))


# --- R4.3 reverse unmet ------------------------------------------------------------


def test_r4_3_reverse_ratio() -> None:
    """R4.3 reverse 12 against ≤ 10, w = 10: 10 / 12 × 10 = 8.33."""
    assert scored("≤", "10", "12") == (False, Decimal("8.33"))


def test_r4_3_reverse_linear_option() -> None:
    """R4.3 option reverse="linear" (the platform): 10 × max(0, 2 − 12/10) = 8.00."""
    linear = attrs.evolve(CENTRAL_2020, reverse="linear")
    assert scored("≤", "10", "12", rules=linear) == (False, Decimal("8.00"))
    assert scored("≤", "10", "12", rules=PLATFORM) == (False, Decimal("8.00"))


def test_r4_3_reverse_linear_rounds_the_exact_value() -> None:
    """R4.3 linear: 3 × (2 − 7.81 / 6) = 2.095 exactly → 2.10 (2 − a rounded quotient would give 2.09)."""
    assert scored("≤", "6", "7.81", "3.00", PLATFORM) == (False, Decimal("2.10"))


def test_r4_3_reverse_linear_never_negative() -> None:
    """R4.3 linear: 25 against ≤ 10 gives max(0, 2 − 2.5) = 0."""
    assert scored("≤", "10", "25", rules=PLATFORM) == (False, Decimal(0))


def test_r4_3_reverse_zero_target_is_all_or_nothing() -> None:
    """R4.3 P ≤ 0 (投诉 ≤ 0 件): 0 complaints is met, 2 scores 0."""
    assert scored("≤", "0", "0", unit="件") == (True, Decimal("10.00"))
    assert scored("≤", "0", "2", unit="件") == (False, Decimal(0))


# --- R4.4 EQ ---------------------------------------------------------------------------


def test_r4_4_eq_means_at_least() -> None:
    """R4.4 "= 500" with 711 is met by default (table 24); 400 scores 400/500 × 10 = 8.00."""
    assert scored("=", "500", "711") == (True, Decimal("10.00"))
    assert scored("=", "500", "400") == (False, Decimal("8.00"))


def test_r4_4_eq_zero_target() -> None:
    """R4.4 "= 0" is met by 0 only: 0 → w, 1 → 0."""
    assert scored("=", "0", "0", unit="件") == (True, Decimal("10.00"))
    assert scored("=", "0", "1", unit="件") == (False, Decimal(0))


@pytest.mark.parametrize("actual", ["大于8", "≥8", "8以上", "高于8"])
def test_r4_4_eq_zero_target_is_not_met_by_an_actual_stating_more(actual: str) -> None:
    """R4.4 with R3.2: "= 0 件" against "大于8" (more than 8 complaints) is unmet and scores 0 (P ≤ 0, R4.2)."""
    assert scored("=", "0", actual, unit="件") == (False, Decimal(0))


def test_r4_4_exact_option_rounds_the_exact_ratio() -> None:
    """R4.4 exact: 3 × 4.19 / 6 = 2.095 exactly, so 2.10 (a quotient rounded first would give 2.09)."""
    exact = attrs.evolve(CENTRAL_2020, equal="exact")
    assert scored("=", "6", "4.19", "3.00", exact) == (False, Decimal("2.10"))


def test_r4_4_exact_option() -> None:
    """R4.4 option equal="exact": 711 against = 500 is unmet, 50 × 500/711 = 35.16; 500 is met."""
    exact = attrs.evolve(CENTRAL_2020, equal="exact")
    assert scored("=", "500", "711", "50.00", exact) == (False, Decimal("35.16"))
    assert scored("=", "500", "400", "50.00", exact) == (False, Decimal("40.00"))
    assert scored("=", "500", "500", "50.00", exact) == (True, Decimal("50.00"))


# --- R4.5 strict operators --------------------------------------------------------------


def test_r4_5_less_than_one_with_one_scores_zero() -> None:
    """R4.5 "< 1 次" with B = 1 scores as "≤ 0": 0 points."""
    assert scored("<", "1", "1", unit="次") == (False, Decimal(0))


def test_r4_5_less_than_24_hours_with_24() -> None:
    """R4.5 "< 24 小时" with B = 24 scores as "≤ 23": 23/24 × 10 = 9.58."""
    assert scored("<", "24", "24", unit="小时") == (False, Decimal("9.58"))


def test_r4_5_greater_than_with_the_target() -> None:
    """R4.5 "> 90" with B = 90 scores as "≥ 91": 90/91 × 10 = 9.89."""
    assert scored(">", "90", "90", unit="%") == (False, Decimal("9.89"))


@pytest.mark.parametrize(("target", "points"), [("0.5", "8.00"), ("0.68", "9.85")])
def test_r4_5_the_step_is_the_printed_precision(target: str, points: str) -> None:
    """R4.5 one step of the printed precision: "< 0.5" → ≤ 0.4 (8.00); "< 0.68" → ≤ 0.67 (0.67/0.68 × 10 = 9.85)."""
    assert scored("<", target, target, unit="%") == (False, Decimal(points))


def test_r4_5_strict_met() -> None:
    """R4.5 GT is met when B > P, LT when B < P."""
    assert scored(">", "90", "90.1", unit="%")[0] is True
    assert scored("<", "24", "23.9", unit="小时")[0] is True


def test_r4_5_strict_false_option() -> None:
    """R4.5 option strict=False treats > as ≥ and < as ≤: "< 24" with 24 is met."""
    relaxed = attrs.evolve(CENTRAL_2020, strict=False)
    assert scored("<", "24", "24", rules=relaxed) == (True, Decimal("10.00"))
    assert scored(">", "90", "90", rules=relaxed) == (True, Decimal("10.00"))


# --- R4.6 over-achievement -----------------------------------------------------------------


def over_achievement(actual: str, rules: RuleSet) -> list[str]:
    indicator = Indicator(
        operator="≥", target="100", unit="个", actual=actual, weight="10.00", score="10.00", explanation="说明"
    )
    findings = perfeval.audit(Table(indicators=[indicator]), rules).findings
    return [f.computed or "" for f in findings if f.code == "over-achievement"]


def test_r4_6_over_achievement_keeps_the_weight_and_is_reported() -> None:
    """R4.6 B / P = 1.25 ≥ 1.2: s stays w (no automatic cut), the audit reports the ratio."""
    assert scored("≥", "100", "125") == (True, Decimal("10.00"))
    assert over_achievement("125", CENTRAL_2020) == ["1.25"]


def test_r4_6_threshold_is_inclusive() -> None:
    """R4.6 B / P = 1.2 exactly is over-achievement; 1.19 is not."""
    assert over_achievement("120", CENTRAL_2020) == ["1.20"]
    assert over_achievement("119", CENTRAL_2020) == []


def test_r4_6_guangxi_threshold() -> None:
    """R4.6 option deviation_threshold = 1.3 (广西): 1.25 is not reported, 1.30 is."""
    assert over_achievement("125", GUANGXI) == []
    assert over_achievement("130", GUANGXI) == ["1.30"]


def test_r4_6_not_for_reverse_operators() -> None:
    """R4.6 applies to positive operators only: 5 against ≤ 100 is no over-achievement."""
    indicator = Indicator(operator="≤", target="100", unit="个", actual="5", weight="10.00", score="10.00")
    assert "over-achievement" not in {f.code for f in perfeval.audit(Table(indicators=[indicator])).findings}
