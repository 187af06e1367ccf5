"""One test per finding code of R11: the smallest change to a consistent table that triggers it.

Each case names the change, then the finding it must produce with every field
pinned: code, severity, path, reported and computed values and rule id.  A
second set of tests shows every code silent on the consistent table, and on
tables that stay consistent at their printed precision.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import attrs
import pytest
from audit_builders import audit_of, codes, consistent, found, variant

import perfeval
from perfeval import CATALOGUE, Finding, Severity
from perfeval.auditing import matches

# code → (changes to the consistent table, path, reported, computed)
CASES: dict[str, tuple[dict[str, Any], str, str | None, str | None]] = {
    "execution-rate-mismatch": ({"execution.rate": "90.00"}, "$.execution.rate", "90.00", "100.00"),
    "execution-score-mismatch": ({"execution.score": "9.00"}, "$.execution.score", "9.00", "10.00"),
    "execution-basis": (
        {
            **{
                f"funds.{line}.{col}": v
                for line in ("total", "fiscal")
                for col, v in (("annual", "4.10"), ("executed", "0.33"))
            },
            "execution.rate": "8.05",
            "execution.score": "0.80",
        },
        "$.execution.score",
        "0.80",
        "0.81",
    ),
    "rate-as-fraction": ({"execution.rate": "1"}, "$.execution.rate", "1", "100.00"),
    "execution-base-initial": (
        {"funds.total.annual": None, "funds.fiscal.annual": None},
        "$.funds.total.initial",
        "100.00",
        "100.00",
    ),
    "level1-inferred": ({"indicators.0.level1": None}, "$.indicators[0].level1", None, "产出指标"),
    "weights-not-printed": (
        {f"indicators.{i}.weight": None for i in range(4)},
        "$.indicators[*].weight",
        None,
        None,
    ),
    "execution-undefined": (
        {"funds.total.annual": "0.00", "funds.fiscal.annual": "0.00"},
        "$.funds.total.annual",
        "0.00",
        None,
    ),
    "over-execution": (
        {"funds.total.executed": "110.00", "funds.fiscal.executed": "110.00", "execution.rate": "110.00"},
        "$.funds.total.executed",
        "110.00",
        "110.00",
    ),
    "funds-sum-mismatch": ({"funds.fiscal.annual": "90.00"}, "$.funds.total.annual", "100.00", "90.00"),
    "operator-unreadable": ({"indicators.0.operator": "□="}, "$.indicators[0].operator", "□=", "="),
    "operator-missing": ({"indicators.0.operator": None}, "$.indicators[0].operator", None, "="),
    "value-unreadable": ({"indicators.0.actual": "很多"}, "$.indicators[0].actual", "很多", "30.00"),
    "unit-mismatch": ({"indicators.3.target": "0.9"}, "$.indicators[3].target", "0.9", "90.0"),
    "unmet-target-full-score": ({"indicators.0.actual": "5"}, "$.indicators[0].score", "30.00", "15.00"),
    "score-above-computed": (
        {"indicators.0.actual": "5", "indicators.0.score": "20.00", "indicators.0.explanation": "人数不足"},
        "$.indicators[0].score",
        "20.00",
        "15.00",
    ),
    "score-below-computed": (
        {"indicators.0.score": "28.00", "indicators.0.explanation": "按偏离度扣分"},
        "$.indicators[0].score",
        "28.00",
        "30.00",
    ),
    "missing-explanation": ({"indicators.0.score": "28.00"}, "$.indicators[0].explanation", None, None),
    "over-achievement": (
        {"indicators.0.actual": "12", "indicators.0.explanation": "超额完成"},
        "$.indicators[0].actual",
        "12",
        "1.20",
    ),
    "qualitative-out-of-band": (
        {"indicators.2.score": "20.00", "indicators.2.explanation": "效果一般"},
        "$.indicators[2].score",
        "20.00",
        "24.00",
    ),
    "qualitative-unassessed": ({"indicators.2.actual": "见附件"}, "$.indicators[2].actual", "见附件", "30.00"),
    "score-exceeds-weight": ({"indicators.0.score": "31.00"}, "$.indicators[0].score", "31.00", "30.00"),
    "weight-sum": (
        {"indicators.0.weight": "35.00", "indicators.0.score": "35.00"},
        "$.indicators[*].weight",
        "105.00",
        "100.00",
    ),
    "level1-weights": (
        {
            "indicators.0.weight": "40.00",
            "indicators.0.score": "40.00",
            "indicators.2.weight": "20.00",
            "indicators.2.score": "20.00",
        },
        "$.indicators[?(@.level1=='产出指标')].weight",
        "60.00",
        "50.00",
    ),
    "weight-missing": ({"indicators.0.weight": None}, "$.indicators[0].weight", None, "30.00"),
    "subtotal-mismatch": ({"subtotal": "89.00"}, "$.subtotal", "89.00", "90.00"),
    "total-mismatch": ({"total": "99.00"}, "$.total", "99.00", "100.00"),
    "total-recomputed": ({"total": "99.00"}, "$.total", "99.00", "100.00"),
    "grade-mismatch": ({"grade": "良"}, "$.grade", "良", "优"),
    "grade-recomputed": ({"indicators.0.actual": "5"}, "$.grade", "优", "良"),
    "output-execution-divergence": (
        {
            "funds.total.executed": "79.99",
            "funds.fiscal.executed": "79.99",
            "execution.rate": "79.99",
            "execution.score": "8.00",
            "total": "98.00",
        },
        "$.execution.rate",
        "100.00",
        "79.99",
    ),
}


def test_every_catalogue_code_has_a_case() -> None:
    """The cases below cover the whole R11 catalogue, and nothing else."""
    assert set(CASES) == set(CATALOGUE)
    assert len(CATALOGUE) == 31


@pytest.mark.parametrize("code", sorted(CASES))
def test_code_is_triggered(code: str) -> None:
    changes, path, reported, computed = CASES[code]
    result = audit_of(variant(**changes))
    hits = [f for f in found(result, code) if f.path == path]
    assert len(hits) == 1, codes(result)
    finding = hits[0]
    entry = CATALOGUE[code]
    assert (finding.severity, finding.rule) == (entry.severity, entry.rule)
    assert (finding.reported, finding.computed) == (reported, computed)
    for message in (finding.message_zh, finding.message_en):
        assert message
        assert "\n" not in message
    assert "{" not in finding.message_zh + finding.message_en


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_code_is_silent_on_a_consistent_table(code: str) -> None:
    assert code not in codes(audit_of(consistent()))


def test_consistent_table_has_no_finding_at_all() -> None:
    result = audit_of(consistent())
    assert result.findings == ()
    assert (result.scorecard.total, result.scorecard.grade.label) == (Decimal("100.00"), "优")


def test_printed_precision_integers_match() -> None:
    """R11: a table printing integers is not flagged for 8.62 against "9" (nor 98.62 against "99")."""
    table = variant(
        **{
            "funds.total.executed": "86.20",
            "funds.fiscal.executed": "86.20",
            "execution.rate": "86.2",
            "execution.score": "9",
            "total": "99",
        }
    )
    result = audit_of(table)
    assert result.scorecard.execution.points == Decimal("8.62")
    assert result.findings == ()


def test_printed_precision_decides() -> None:
    assert matches(Decimal("9"), Decimal("8.62"))
    assert matches(Decimal("9.99"), Decimal("9.989"))
    assert not matches(Decimal("9.98"), Decimal("9.989"))
    assert not matches(Decimal("8"), Decimal("8.62"))
    assert matches(Decimal("8.620"), Decimal("8.62"))


def test_divergence_threshold_is_exclusive() -> None:
    """100 % claimed against exactly 80 % spent is 0.2 apart: not more than the threshold."""
    table = variant(
        **{
            "funds.total.executed": "80.00",
            "funds.fiscal.executed": "80.00",
            "execution.rate": "80.00",
            "execution.score": "8.00",
            "total": "98.00",
        }
    )
    assert audit_of(table).findings == ()
    platform_like = attrs.evolve(perfeval.CENTRAL_2020, divergence_threshold=Decimal("0.05"))
    assert codes(audit_of(table, platform_like)) == ["output-execution-divergence"]


def test_unmet_full_score_reports_every_consequence() -> None:
    """Table-22 shape: a miss scored in full is an error at the cell, then the totals and grade follow."""
    result = audit_of(variant(**{"indicators.0.actual": "5"}))
    assert codes(result) == [
        "unmet-target-full-score",
        "missing-explanation",
        "total-recomputed",
        "grade-recomputed",
    ]
    assert result.scorecard.indicators[0].points == Decimal("15.00")
    [error] = result.errors  # R11 v2: one finding for the one wrong cell, the other code in its also
    assert (error.also, error.computed) == (("score-above-computed",), "15.00")


def test_execution_undefined_when_annual_missing_or_executed_missing() -> None:
    blank = {f"funds.{line}.{col}": None for line in ("total", "fiscal") for col in ("annual", "initial")}
    none = audit_of(variant(**blank))
    [f] = found(none, "execution-undefined")
    assert (f.path, f.reported) == ("$.funds.total.annual", None)
    assert "未填" in f.message_zh
    executed = audit_of(variant(**{"funds.total.executed": None, "funds.fiscal.executed": None}))
    [g] = found(executed, "execution-undefined")
    assert g.path == "$.funds.total.executed"
    assert found(executed, "execution-score-mismatch")[0].computed == "0.00"


def test_unit_mismatch_for_units_that_cannot_be_converted() -> None:
    result = audit_of(variant(**{"indicators.0.actual": "10个"}))
    [f] = found(result, "unit-mismatch")
    assert (f.path, f.reported, f.computed) == ("$.indicators[0].unit", "个", "人")


def test_money_units_convert_without_a_finding() -> None:
    """R3.1: "1亿元" against a target of 10000 万元 is the same amount."""
    result = audit_of(
        variant(**{"indicators.0.target": "10000", "indicators.0.unit": "万元", "indicators.0.actual": "1亿元"})
    )
    assert result.findings == ()


def test_value_unreadable_without_a_score_says_zero() -> None:
    result = audit_of(variant(**{"indicators.0.actual": "很多", "indicators.0.score": None}))
    [f] = found(result, "value-unreadable")
    assert f.computed == "0.00"
    assert "no score is printed" in f.message_en
    assert "未填报得分" in f.message_zh


def test_unreadable_weight_is_value_unreadable_not_weight_missing() -> None:
    result = audit_of(variant(**{"indicators.0.weight": "三十"}))
    assert [(f.code, f.path) for f in result.findings] == [("value-unreadable", "$.indicators[0].weight")]


def test_placeholder_explanation_counts_as_missing() -> None:
    result = audit_of(variant(**{"indicators.0.score": "28.00", "indicators.0.explanation": "无"}))
    assert "missing-explanation" in codes(result)
    explained = audit_of(variant(**{"indicators.0.score": "28.00", "indicators.0.explanation": "按偏离度扣2分"}))
    assert "missing-explanation" not in codes(explained)


def test_execution_score_above_weight() -> None:
    result = audit_of(variant(**{"execution.score": "11.00", "total": "101.00"}))
    assert [(f.code, f.path, f.also) for f in result.findings] == [
        ("score-exceeds-weight", "$.execution.score", ("execution-score-mismatch",)),
        ("total-recomputed", "$.total", ()),
    ]
    assert result.findings[0].computed == "10.00"  # the computed score, never the weight


def test_guangxi_deviation_threshold() -> None:
    """R4.6 with the 广西 threshold 1.3: 1.25 is over-achievement centrally, not in 广西."""
    table = variant(**{"indicators.0.actual": "12.5", "indicators.0.explanation": "超额"})
    assert codes(audit_of(table)) == ["over-achievement"]
    assert codes(audit_of(table, perfeval.GUANGXI)) == []


def test_findings_are_values() -> None:
    """Frozen, equal by value, hashable and JSON round-tripping."""
    result = audit_of(variant(**{"indicators.0.actual": "5"}))
    for f in result.findings:
        assert Finding.from_dict(json.loads(json.dumps(f.to_dict(), ensure_ascii=False))) == f
        assert hash(f) == hash(Finding.from_dict(f.to_dict()))
        assert list(f.to_dict()) == [
            "code",
            "severity",
            "path",
            "reported",
            "computed",
            "rule",
            "message_zh",
            "message_en",
            "also",
        ]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            f.code = "x"  # type: ignore[misc]


def test_audit_counts() -> None:
    result = audit_of(variant(**{"indicators.0.actual": "5"}))
    assert result.count(Severity.ERROR) == 1
    assert result.count(Severity.WARNING) == 3
    assert result.at_least(Severity.WARNING)
    assert not audit_of(consistent()).at_least(Severity.INFO)


def test_score_comparison_cites_the_rule_of_the_row_kind() -> None:
    """A qualitative row's score is R5.3's, a deadline row's R6.2's, a numeric row's R4's."""
    band = audit_of(variant(**{"indicators.2.score": "20.00", "indicators.2.explanation": "效果一般"}))
    [f] = found(band, "qualitative-out-of-band")
    assert (f.rule, f.also) == ("R5.3", ("score-below-computed",))
    late = audit_of(variant(**{"indicators.1.actual": "延期完成", "indicators.1.explanation": "延期"}))
    [f] = found(late, "unmet-target-full-score")
    assert (f.rule, f.reported, f.computed) == ("R4.1", "20.00", "11.99")
    assert f.also == ("qualitative-out-of-band", "score-above-computed")
    partial = audit_of(variant(**{"indicators.1.actual": "延期完成", "indicators.1.score": "10.00",
                                  "indicators.1.explanation": "延期"}))  # fmt: skip
    assert [(g.code, g.rule) for g in partial.findings if g.path == "$.indicators[1].score"] == []
    inflated = audit_of(variant(**{"indicators.0.actual": "9", "indicators.0.score": "29.00",
                                   "indicators.0.explanation": "差1人"}))  # fmt: skip
    [g] = found(inflated, "score-above-computed")
    assert (g.rule, g.computed, g.also) == ("R4", "27.00", ())


def test_uncapped_execution_may_score_above_its_weight() -> None:
    """R1.2 option cap=False: 110 % execution scores 11.00 of 10.00, which is then no R8.2 error."""
    table = variant(
        **{
            "funds.total.executed": "110.00",
            "funds.fiscal.executed": "110.00",
            "execution.rate": "110.00",
            "execution.score": "11.00",
            "total": "101.00",
        }
    )
    uncapped = attrs.evolve(perfeval.CENTRAL_2020, cap=False)
    assert codes(audit_of(table, uncapped)) == ["over-execution"]
    assert "score-exceeds-weight" in codes(audit_of(table))


def test_a_table_without_indicators_still_has_its_weights_checked() -> None:
    """R8.1: no indicator rows means weights of 10 (execution only), not 100; every level-1 group weighs 0."""
    result = audit_of(variant(**{"indicators": [], "subtotal": None, "total": "10.00", "grade": "差"}))
    [total] = found(result, "weight-sum")
    assert (total.path, total.reported, total.computed) == ("$.indicators[*].weight", "10.00", "100.00")
    groups = {(f.path, f.reported, f.computed) for f in found(result, "level1-weights")}
    assert groups == {
        ("$.indicators[?(@.level1=='产出指标')].weight", "0", "50.00"),
        ("$.indicators[?(@.level1=='效益指标')].weight", "0", "30.00"),
        ("$.indicators[?(@.level1=='满意度指标')].weight", "0", "10.00"),
    }


def test_r8_4_the_level1_path_names_the_canonical_group() -> None:
    """R8.4 v2: one level1-weights finding per group, at the path of its canonical name (with 指标)."""
    table = variant(**{"indicators.0.level1": "产出", "indicators.0.weight": "40.00", "indicators.0.score": "40.00"})
    paths = [f.path for f in found(audit_of(table), "level1-weights")]
    assert paths == ["$.indicators[?(@.level1=='产出指标')].weight"]


def test_r8_4_a_level1_spelled_with_spaces_is_its_group() -> None:
    """ "产出 指标" and "产出指标" are one group: no spurious level1-weights (two groups, one of them unknown)."""
    assert audit_of(variant(**{"indicators.0.level1": "产出 指标"})).findings == ()


def test_a_rate_printed_with_its_percent_sign_is_not_given_a_second_one() -> None:
    """A workbook's 0.00% cell reads "90.00%": the message says 90.00%, never 90.00%%."""
    for printed in ("90.00", "90.00%"):
        [f] = found(audit_of(variant(**{"execution.rate": printed})), "execution-rate-mismatch")
        assert f.reported == printed
        assert f.message_zh == "填报执行率90.00%，按执行数/预算数应为100.00%"
        assert f.message_en == "reported rate 90.00% but executed / annual gives 100.00%"


def test_r11_v2_one_finding_per_wrong_cell_in_table_22() -> None:
    """R11 v2: table 22's three inflated rows are three errors, not six; counts and --fail-on see merged findings."""
    [table] = perfeval.load(perfeval.example_paths()[21])
    result = perfeval.audit(table)
    errors = [(f.code, f.path, f.also) for f in result.errors]
    assert errors == [
        ("unmet-target-full-score", f"$.indicators[{i}].score", ("score-above-computed",)) for i in range(3)
    ]
    assert result.count(Severity.ERROR) == 3


def test_r11_v2_the_execution_family_merges_under_its_first_code() -> None:
    """R11 v2 execution score: score-exceeds-weight, then execution-score-mismatch, then execution-basis."""
    result = audit_of(variant(**{"execution.score": "12.00", "total": "102.00"}))
    [f] = [f for f in result.findings if f.path == "$.execution.score"]
    assert (f.code, f.severity, f.rule, f.computed, f.also) == (
        "score-exceeds-weight",
        Severity.ERROR,
        "R8.2",
        "10.00",
        ("execution-score-mismatch",),
    )
