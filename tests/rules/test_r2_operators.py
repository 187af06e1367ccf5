"""R2 operators (指标性质): the five operators, their spellings, and unreadable cells."""

from decimal import Decimal

import pytest

import perfeval
from perfeval import Direction, Indicator, Operator, Table
from perfeval.reading.numbers import read_quantity
from perfeval.scoring import score_indicator


def audit_codes(indicator: Indicator) -> set[str]:
    return {f.code for f in perfeval.audit(Table(indicators=[indicator])).findings}


def test_r2_1_five_operators_with_symbols() -> None:
    """R2.1 GE ≥, GT >, LE ≤, LT <, EQ = — and nothing else."""
    assert [(op.name, op.symbol) for op in Operator] == [
        ("GE", "≥"),
        ("GT", ">"),
        ("LE", "≤"),
        ("LT", "<"),
        ("EQ", "="),
    ]


@pytest.mark.parametrize(
    ("op", "direction"),
    [
        (Operator.GE, Direction.POSITIVE),
        (Operator.GT, Direction.POSITIVE),
        (Operator.EQ, Direction.POSITIVE),
        (Operator.LE, Direction.REVERSE),
        (Operator.LT, Direction.REVERSE),
    ],
)
def test_r2_1_direction(op: Operator, direction: Direction) -> None:
    """R2.1 GE, GT, EQ are positive (more is better); LE, LT reverse (less is better)."""
    assert op.direction is direction


def test_r2_1_strict_operators() -> None:
    """R2.1/R4.5 GT and LT are the strict ones."""
    assert {op for op in Operator if op.strict} == {Operator.GT, Operator.LT}


#: R2.2 v2 the closed list, every spelling (…以上 / …以下 / …以内 after a number).
SPELLINGS = {
    Operator.GE: "≥ >= => ≧ ⩾ ≮ 大于等于 大于或等于 大与等于 大与或等于 高于等于 高于或等于 多于等于 多于或等于 "
    "超过等于 不低于 不少于 不小于 达到 达 95%以上 正向 正向指标",
    Operator.GT: "> 大于 大与 高于 超过 多于",
    Operator.LE: "≤ <= =< ≦ ⩽ ≯ 小于等于 小于或等于 小与等于 小与或等于 低于等于 低于或等于 少于等于 少于或等于 "
    "不高于 不超过 不大于 不多于 600以下 3天以内 反向 反向指标",
    Operator.LT: "< 小于 小与 低于 少于",
    Operator.EQ: "= == ═ 等于",
}


@pytest.mark.parametrize(
    ("spelling", "op"), [(s, op) for op, spellings in SPELLINGS.items() for s in spellings.split()]
)
def test_r2_2_every_spelling(spelling: str, op: Operator) -> None:
    """R2.2 every spelling of the closed list reads as its operator (少于等于 is ≤, not <; 大与等于 is ≥)."""
    assert Operator.parse(spelling) is op


@pytest.mark.parametrize(
    ("cell", "op"),
    [
        # step 1: full-width and small forms fold, spaces and brackets go
        ("＞＝", Operator.GE),
        ("＜＝", Operator.LE),
        ("＝", Operator.EQ),
        ("＞", Operator.GT),
        ("＜", Operator.LT),
        ("﹦", Operator.EQ),
        ("﹥", Operator.GT),
        ("﹤", Operator.LT),
        ("﹥﹦", Operator.GE),
        ("﹤﹦", Operator.LE),
        (" ≥ ", Operator.GE),
        ("\u3000＜＝\u3000", Operator.LE),
        ("> =", Operator.GE),
        ("（≥）", Operator.GE),
        ("(小于等于)", Operator.LE),
        ("【不低于】", Operator.GE),
        ("大于 或 等于", Operator.GE),
        ("大于\n等于", Operator.GE),
        # a number in the cell: only the spelling right before it and a suffix right after it count
        ("≤5天", Operator.LE),
        ("≥95%", Operator.GE),
        ("<24小时", Operator.LT),
        ("﹤24小时", Operator.LT),
        ("县级以上医院投诉率≤5%", Operator.LE),
        ("达标率低于5%", Operator.LT),
        ("满意率达95%以上", Operator.GE),
        ("满意率95%以上", Operator.GE),
        ("投诉率5%以下", Operator.LE),
        ("3个工作日以内", Operator.LE),
        ("≥95%以上", Operator.GE),
        ("不低于 95 %", Operator.GE),
        ("少于等于3次", Operator.LE),
        ("大与等于90%", Operator.GE),
    ],
)
def test_r2_2_forms_labels_and_suffixes(cell: str, op: Operator) -> None:
    """R2.2 steps 1–3: folded forms, brackets and spaces; a label before the counted spelling; a suffix after."""
    assert Operator.parse(cell) is op


@pytest.mark.parametrize(
    "cell",
    [
        "≠",
        "□=",
        "-",
        "/",
        "",
        "指标",
        "以上",  # a suffix counts only after a number
        "不等于",  # a negated spelling
        "未达到",
        "非正向",
        "不等于0",
        "未达95%",
        "大于小于",  # two operators
        "≥≤",
        "低于5%以下",  # LT and LE are different
        "高于5%以下",
        "≥=",
        "第3名",  # a number with no spelling around it
        "5",
        "约5天",
        "≥ x",  # text that is not listed
    ],
)
def test_r2_2_unreadable_cells(cell: str) -> None:
    """R2.2 step 4: none, two different or a negated operator, or text outside the list, is unreadable (R2.3)."""
    assert Operator.parse(cell) is None


@pytest.mark.parametrize(
    ("cell", "op"),
    [("少于等于", Operator.LE), ("低于等于", Operator.LE), ("多于等于", Operator.GE), ("高于等于", Operator.GE)],
)
def test_r2_2_the_longest_spelling_wins(cell: str, op: Operator) -> None:
    """R2.2 step 2: 少于等于 is one spelling (≤), not 少于 (<) with 等于 dropped."""
    assert Operator.parse(cell) is op


def test_r2_2_a_two_operator_cell_scores_from_the_target_and_is_reported() -> None:
    """R2.2/R2.3 "大于小于" is unreadable: ≥ from the target "≥90", and operator-unreadable (never silently > or <)."""
    row = Indicator(operator="大于小于", target="≥90", unit="%", actual="95", weight="10", score="10")
    assert score_indicator(row).reading.operator is Operator.GE  # type: ignore[union-attr]
    assert "operator-unreadable" in audit_codes(row)


def test_r2_2_a_negated_operator_is_unreadable_not_equal() -> None:
    """R2.2 不等于 is not EQ: unreadable, read as = by R2.3 and reported."""
    row = Indicator(operator="不等于", target="0", unit="件", actual="0", weight="10", score="10")
    assert "operator-unreadable" in audit_codes(row)


def test_r2_2_less_or_equal_spelt_with_shao_is_not_strict() -> None:
    """R2.2 "少于等于 3 次" with 3: met (v1 read it as < 3 and scored the row unmet, 0 points)."""
    row = score_indicator(Indicator(operator="少于等于", target="3", unit="次", actual="3", weight="10.00"))
    assert (row.met, row.points) == (True, Decimal("10.00"))


@pytest.mark.parametrize(
    ("cell", "value", "bound"),
    [
        ("少于等于3次", "3", Operator.LE),
        ("大与等于90%", "90", Operator.GE),
        ("﹥5", "5", Operator.GT),
        ("县级以上医院投诉率≤5%", "5", Operator.LE),
        ("低于5%以下", "5", None),
        ("不等于5", "5", None),
    ],
)
def test_r2_2_the_same_list_reads_comparisons_in_target_cells(cell: str, value: str, bound: Operator | None) -> None:
    """R2.2/R3.2 a comparison inside a target cell is read by the same list; two or a negated one give no bound."""
    quantity = read_quantity(cell, "")
    assert quantity is not None
    assert (quantity.value, quantity.bound) == (Decimal(value), bound)


def test_r2_2_a_word_operator_is_scored_like_its_symbol() -> None:
    """R2.2 "不低于" scores exactly like "≥": 90 against 不低于 98 of 10 → 9.18."""
    spelled = score_indicator(Indicator(operator="不低于", target="98", unit="%", actual="90", weight="10.00"))
    symbol = score_indicator(Indicator(operator="≥", target="98", unit="%", actual="90", weight="10.00"))
    assert (spelled.met, spelled.points) == (symbol.met, symbol.points) == (False, Decimal("9.18"))


@pytest.mark.parametrize("cell", ["-", "□=", "", None, "/"])
def test_r2_3_unreadable_operator_cells(cell: str | None) -> None:
    """R2.3 "-", "□=", "" and null are not operators."""
    assert Operator.parse(cell) is None


def test_r2_3_operator_taken_from_the_target_cell() -> None:
    """R2.3 an unreadable operator with target "≥266米": the operator is ≥ from the target; 250 → unmet."""
    row = score_indicator(Indicator(operator="-", target="≥266米", unit="米", actual="250", weight="10.00"))
    assert row.reading.operator is Operator.GE  # type: ignore[union-attr]
    assert row.met is False
    assert row.points == Decimal("9.40")  # 250 / 266 × 10 = 9.398…


def test_r2_3_else_read_as_equal() -> None:
    """R2.3 unreadable operator and a plain target: read as EQ (at least, R4.4); 2 of 395 → 0.05 (table 21)."""
    row = score_indicator(Indicator(operator="□=", target="395", unit="人", actual="2", weight="10.00"))
    assert row.reading.operator is Operator.EQ  # type: ignore[union-attr]
    assert row.points == Decimal("0.05")


def test_r2_3_unreadable_is_reported_as_operator_unreadable() -> None:
    """R2.3 the audit says so: operator-unreadable for "-" (a warning, not an error)."""
    row = Indicator(operator="-", target="25000", unit="吨", actual="25000", weight="20.00", score="20.00")
    assert "operator-unreadable" in audit_codes(row)


def test_r2_3_empty_is_reported_as_operator_missing() -> None:
    """R2.3 an empty operator cell gives operator-missing."""
    row = Indicator(operator="", target="100", unit="%", actual="100", weight="20.00", score="20.00")
    assert "operator-missing" in audit_codes(row)
    assert "operator-unreadable" not in audit_codes(row)


@pytest.mark.parametrize(("cell", "op"), [("≤5天", Operator.LE), ("≥95%", Operator.GE), ("<24小时", Operator.LT)])
def test_r2_2_a_symbol_followed_by_its_number_in_the_operator_cell(cell: str, op: Operator) -> None:
    """R2.2 an operator cell that repeats the number ("≤5天") still reads as its symbol, not as unreadable (EQ)."""
    assert Operator.parse(cell) is op


def test_r2_2_a_reverse_operator_with_a_number_scores_as_reverse() -> None:
    """R2.2 "≤5天" in the operator cell with 6 days: reverse, 5 / 6 × 10 = 8.33 (read as EQ it would be met)."""
    row = score_indicator(Indicator(operator="≤5天", target="5", unit="天", actual="6", weight="10.00"))
    assert (row.met, row.points) == (False, Decimal("8.33"))


@pytest.mark.parametrize("cell", ["定量", "定性", "定量指标", "（定性指标）", "【定量】", " 定 量 "])
def test_r2_4_a_kind_in_the_operator_cell_raises_no_finding(cell: str) -> None:
    """R2.4 定性 / 定量 name the kind, not a comparison: no operator-unreadable on a quantitative row."""
    row = Indicator(operator=cell, target="100", unit="%", actual="100", weight="10", score="10")
    codes = audit_codes(row)
    assert "operator-unreadable" not in codes
    assert "operator-missing" not in codes


def test_r2_4_a_quantitative_row_takes_its_comparison_from_the_target() -> None:
    """R2.4 "定量" with target "≤5天" and 6 days: ≤ from the target, reverse, 5 / 6 × 10 = 8.33; the step says R2.4."""
    row = score_indicator(Indicator(operator="定量", target="≤5天", unit="天", actual="6", weight="10.00"))
    assert row.reading.operator is Operator.LE  # type: ignore[union-attr]
    assert row.reading.operator_status == "kind"  # type: ignore[union-attr]
    assert (row.met, row.points) == (False, Decimal("8.33"))
    assert "R2.4" in str(row.steps[0])


def test_r2_4_else_equal() -> None:
    """R2.4 "定量指标" with a plain target reads as = (at least, R4.4): 2 of 395 → 0.05, without a finding."""
    row = score_indicator(Indicator(operator="定量指标", target="395", unit="人", actual="2", weight="10.00"))
    assert row.reading.operator is Operator.EQ  # type: ignore[union-attr]
    assert row.reading.operator_status == "kind"  # type: ignore[union-attr]
    assert row.points == Decimal("0.05")


def test_r2_4_the_target_still_decides_the_kind() -> None:
    """R2.4/R3.4 "定量" over a text target is still a qualitative row; "定性" over a number a quantitative one."""
    qualitative = score_indicator(Indicator(operator="定量", target="有效提升", actual="有效提升", weight="10"))
    quantitative = score_indicator(Indicator(operator="定性", target="95", unit="%", actual="96", weight="10"))
    assert (qualitative.reading.kind.value, quantitative.reading.kind.value) == ("qualitative", "quantitative")
    assert quantitative.reading.operator_status == "kind"  # type: ignore[union-attr]
