"""R2 operators (指标性质): the five operators, their spellings, and unreadable cells."""

from decimal import Decimal

import pytest

import perfeval
from perfeval import Direction, Indicator, Operator, Table
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


SPELLINGS = {
    Operator.GE: "≥ >= ≧ ＞＝ 大于等于 不低于 不少于 95%以上 达到 达",
    Operator.GT: "> ＞ 大于 高于 超过",
    Operator.LE: "≤ <= ≦ ＜＝ 小于等于 不高于 不超过 不大于 600以下 3天以内",
    Operator.LT: "< ＜ 小于 低于 少于",
    Operator.EQ: "= ＝ ═ 等于",
}


@pytest.mark.parametrize(
    ("spelling", "op"), [(s, op) for op, spellings in SPELLINGS.items() for s in spellings.split()]
)
def test_r2_2_every_spelling(spelling: str, op: Operator) -> None:
    """R2.2 every spelling the spec lists reads as its operator."""
    assert Operator.parse(spelling) is op


@pytest.mark.parametrize(
    ("cell", "op"),
    [
        (" ≥ ", Operator.GE),
        ("\u3000＜＝\u3000", Operator.LE),
        ("满意率达95%以上", Operator.GE),
        ("不低于 ", Operator.GE),
    ],
)
def test_r2_2_spaces_full_width_and_a_label_are_tolerated(cell: str, op: Operator) -> None:
    """R2.2 leading/trailing spaces, full-width forms and a label before the number are tolerated."""
    assert Operator.parse(cell) is op


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
