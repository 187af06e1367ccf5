"""R5 qualitative indicators: tiers, their bands, reading the tier, the score inside a band."""

from decimal import Decimal

import attrs
import pytest

import perfeval
from perfeval import CENTRAL_2020, Indicator, Kind, RuleSet, Table, Tier
from perfeval.scoring import IndicatorScore, score_indicator, tier_band


def row(
    actual: str | None,
    score: str | None = None,
    tier: str | None = None,
    target: str = "有效提升",
    weight: str = "30.00",
    rules: RuleSet = CENTRAL_2020,
) -> IndicatorScore:
    indicator = Indicator(operator="=", target=target, actual=actual, weight=weight, score=score, tier=tier)
    result = score_indicator(indicator, 2023, rules)
    assert result.kind is Kind.QUALITATIVE
    return result


def codes(actual: str, score: str) -> set[str]:
    indicator = Indicator(operator="=", target="有效提升", actual=actual, weight="30.00", score=score)
    return {f.code for f in perfeval.audit(Table(indicators=[indicator])).findings}


# --- R5.1 bands --------------------------------------------------------------


@pytest.mark.parametrize(
    ("tier", "weight", "band"),
    [
        (Tier.ACHIEVED, "30", ("24.00", "30")),
        (Tier.PARTIAL, "30", ("18.00", "23.99")),
        (Tier.NOT_ACHIEVED, "30", ("0", "17.99")),
        (Tier.ACHIEVED, "15", ("12.00", "15")),
        (Tier.PARTIAL, "15", ("9.00", "11.99")),
        (Tier.NOT_ACHIEVED, "15", ("0", "8.99")),
    ],
)
def test_r5_1_bands(tier: Tier, weight: str, band: tuple[str, str]) -> None:
    """R5.1 achieved [0.8w, w]; partial [0.6w, 0.8w); not achieved [0, 0.6w) — "（含）" binds the lower end."""
    assert tier_band(tier, Decimal(weight)) == (Decimal(band[0]), Decimal(band[1]))


def test_r5_1_lower_end_is_inclusive() -> None:
    """R5.1 a partial row reported at exactly round2(0.6w) = 18.00 stays 18.00; at 0.8w = 24.00 it leaves the band."""
    assert row("部分完成", "18.00").points == Decimal("18.00")
    assert row("部分完成", "24.00").points == Decimal("23.99")


# --- R5.2 reading the tier --------------------------------------------------------------


def test_r5_2_explicit_tier_wins() -> None:
    """R5.2 an explicit tier field decides, whatever the actual says."""
    assert row("有效提升", tier="部分达成").reading.tier is Tier.PARTIAL  # type: ignore[union-attr]
    assert row("未完成", tier="达成").reading.tier is Tier.ACHIEVED  # type: ignore[union-attr]


def test_r5_2_the_same_text_as_the_target_is_achieved() -> None:
    """R5.2 the actual repeating the target ⇒ achieved (tables 08, 10, 16)."""
    assert row("有效提升").reading.tier is Tier.ACHIEVED  # type: ignore[union-attr]
    assert row("加大宣传力度", target="加大宣传力度").reading.tier is Tier.ACHIEVED  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "actual", ["达成", "完成", "按时", "及时", "满足", "是", "有效", "提升", "合格", "正常", "显著"]
)
def test_r5_2_plain_statements_of_success_are_achieved(actual: str) -> None:
    """R5.2 达成, 完成, 按时, 及时, 满足, 是, 有效, 提升, 合格, 正常, 显著 ⇒ achieved."""
    assert row(actual, target="规范管理").reading.tier is Tier.ACHIEVED  # type: ignore[union-attr]


@pytest.mark.parametrize("actual", ["部分完成", "部分达成"])
def test_r5_2_partial(actual: str) -> None:
    """R5.2 部分 ⇒ partial."""
    assert row(actual).reading.tier is Tier.PARTIAL  # type: ignore[union-attr]


@pytest.mark.parametrize("actual", ["未完成", "没有提升", "不合格", "否", "无明显效果", "无", "　无 "])
def test_r5_2_negation_is_not_achieved(actual: str) -> None:
    """R5.2 a negation (未, 没有, 不, 否, 无) ⇒ not achieved."""
    assert row(actual).reading.tier is Tier.NOT_ACHIEVED  # type: ignore[union-attr]


@pytest.mark.parametrize("actual", ["新华网专题报", "详见附件", "108", "—", "/", "是否", "是否达标待定", "有待提高"])
def test_r5_2_otherwise_unknown(actual: str) -> None:
    """R5.2 text that states neither ⇒ tier unknown, reported as qualitative-unassessed (tables 05, 06); "是否"
    (whether) holds no 是 (yes), and "有待提高" (still to improve) or "待定" (to be decided) state no plain success."""
    assert row(actual).reading.tier is None  # type: ignore[union-attr]
    assert "qualitative-unassessed" in codes(actual, "30.00")


# --- R5.3 the score inside a band -------------------------------------------------------


def test_r5_3_reported_score_inside_the_band_is_kept() -> None:
    """R5.3 achieved, reported 27 of 30 (inside [24, 30]) ⇒ 27 (table 08)."""
    assert (row("有效提升", "27.00").met, row("有效提升", "27.00").points) == (True, Decimal("27.00"))


def test_r5_3_reported_score_outside_the_band_is_clamped_and_reported() -> None:
    """R5.3 achieved, reported 20 of 30 ⇒ clamped to 24.00 and qualitative-out-of-band (table 15)."""
    assert row("满足", "20.00", target="满足疫情发生时").points == Decimal("24.00")
    assert "qualitative-out-of-band" in codes("有效提升", "20.00")


def test_r5_3_above_the_band_is_clamped_to_its_top() -> None:
    """R5.3 not achieved, reported 25 of 30 ⇒ clamped to the band's top 17.99."""
    assert row("未完成", "25.00").points == Decimal("17.99")


def test_r5_3_no_reported_score_achieved_scores_the_top() -> None:
    """R5.3 no reported score: achieved ⇒ w; option qualitative_default="lower" ⇒ 0.8w."""
    assert row("有效提升").points == Decimal("30.00")
    lower = attrs.evolve(CENTRAL_2020, qualitative_default="lower")
    assert row("有效提升", rules=lower).points == Decimal("24.00")


def test_r5_3_no_reported_score_partial_and_not_achieved_score_the_bottom() -> None:
    """R5.3 no reported score: partial ⇒ 0.6w, not achieved ⇒ 0."""
    assert (row("部分完成").met, row("部分完成").points) == (False, Decimal("18.00"))
    assert (row("未完成").met, row("未完成").points) == (False, Decimal(0))


def test_r5_3_unknown_tier_keeps_the_reported_score() -> None:
    """R5.3 tier unknown ⇒ the reported score (0 if none printed); met is unknown (None)."""
    assert (row("详见附件", "25.00").met, row("详见附件", "25.00").points) == (None, Decimal("25.00"))
    assert row("详见附件").points == Decimal(0)


@pytest.mark.parametrize(
    ("actual", "reported", "computed"), [("有效提升", "28.005", "28.01"), ("详见附件", "6.665", "6.67")]
)
def test_r5_3_a_kept_score_is_round2_like_every_score(actual: str, reported: str, computed: str) -> None:
    """R4.1/R9.1 every score is round2: a reported 28.005 kept inside its band (or for an unknown tier) is 28.01, and
    the audit says the printed score is below it (R11: 28.01 to three places is not 28.005)."""
    scored = row(actual, reported)
    assert scored.points == Decimal(computed)
    assert f"{reported}, round2 {computed}" in str(scored.steps[-1])  # the explanation says so
    indicator = Indicator(operator="=", target="有效提升", actual=actual, weight="30.00", score=reported)
    result = perfeval.audit(Table(indicators=[indicator]))
    assert str(result.scorecard.total) == computed
    [finding] = [f for f in result.findings if f.path == "$.indicators[0].score"]
    assert (finding.code, finding.reported, finding.computed) == ("score-below-computed", reported, computed)


def test_r5_3_unknown_tier_never_above_the_weight() -> None:
    """R5.3 with R8.2 (choice): an unknown tier reported above its weight (35 of 30) computes w, not 35."""
    assert row("详见附件", "35.00").points == Decimal("30.00")


# --- v2: R5.1 the 2016 notice's bands 80/50 -----------------------------------------------------------------------


def test_r5_1_central_2016_bands_partial_from_half_the_weight() -> None:
    """R5.1 v2 bands ("0.8", "0.5"): partial round2(0.5w) ≤ s < round2(0.8w), not achieved below round2(0.5w)."""
    old = perfeval.rules_named("central-2016")
    assert old.bands == (Decimal("0.8"), Decimal("0.5"))
    assert tier_band(Tier.PARTIAL, Decimal(30), old) == (Decimal("15.00"), Decimal("23.99"))
    assert tier_band(Tier.NOT_ACHIEVED, Decimal(30), old) == (Decimal(0), Decimal("14.99"))
    assert tier_band(Tier.ACHIEVED, Decimal(30), old) == (Decimal("24.00"), Decimal(30))


def test_r5_1_a_partial_row_without_a_score_scores_half_under_central_2016() -> None:
    """R5.1/R5.3 v2: with no printed score a partial row scores round2(0.5w) under the 2016 bands (0.6w today)."""
    row = Indicator(operator="=", target="有效提升", actual="部分提升", weight="25.00")
    assert score_indicator(row, 2023, "central-2016").points == Decimal("12.50")
    assert score_indicator(row, 2023, CENTRAL_2020).points == Decimal("15.00")


def test_r5_1_a_late_deadline_row_uses_the_rule_sets_bands() -> None:
    """R5.1 v2: a late deadline row is scored in the not-achieved band of the rule set (below 0.5w for 2016)."""
    row = Indicator(operator="=", target="2023年底前", actual="延期完成", weight="20.00", score="11.00")
    assert score_indicator(row, 2023, "central-2016").points == Decimal("9.99")
    assert score_indicator(row, 2023).points == Decimal("11.00")


def test_r5_1_the_same_table_scores_differently_only_where_the_bands_differ() -> None:
    """R5.1 v2 the 2016 set differs from central-2020 in its bands and nothing else of R1–R9."""
    old = perfeval.rules_named("central-2016")
    same = attrs.evolve(old, name="central-2020", years=CENTRAL_2020.years, sources=CENTRAL_2020.sources,
                        provenance=CENTRAL_2020.provenance, bands=CENTRAL_2020.bands)  # fmt: skip
    assert same == CENTRAL_2020
