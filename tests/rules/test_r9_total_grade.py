"""R9 total and grade."""

from decimal import Decimal

import attrs
import pytest

import perfeval
from perfeval import CENTRAL_2020, Execution, Funds, FundsLine, Grade, Indicator, Table, Tier
from perfeval.scoring import tier_band


def test_r9_1_total_is_the_exact_sum() -> None:
    """R9.1 total = execution points + Σ indicator points: 0.81 + 2.50 + 9.09 = 12.40 (no rounding of the sum)."""
    table = Table(
        funds=Funds(total=FundsLine(annual="4.10", executed="0.33")),
        execution=Execution(weight="10.00"),
        indicators=[
            Indicator(operator="≥", target="6", unit="人", actual="1", weight="15.00"),
            Indicator(operator="≥", target="11", unit="天", actual="5", weight="20.00"),
        ],
    )
    card = perfeval.score(table)
    assert [row.points for row in card.indicators] == [Decimal("2.50"), Decimal("9.09")]
    assert card.total == Decimal("12.40")


def test_r9_1_table_22_totals_52_15() -> None:
    """R9.1 table 22 (因公出国): 0.56 + 2.50 + 0 + 9.09 + 15 + 15 + 10 = 52.15, grade 差 (reported 90.56 优)."""
    [table] = perfeval.load(perfeval.example_paths()[21])
    card = perfeval.score(table)
    assert (card.total, card.grade) == (Decimal("52.15"), Grade.POOR)
    assert (table.total, table.grade) == ("90.56", "优")


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", Grade.EXCELLENT),
        ("90", Grade.EXCELLENT),
        ("89.99", Grade.GOOD),
        ("80", Grade.GOOD),
        ("79.99", Grade.FAIR),
        ("60", Grade.FAIR),
        ("59.99", Grade.POOR),
        ("0", Grade.POOR),
    ],
)
def test_r9_2_grade_bands_lower_bound_inclusive(total: str, grade: Grade) -> None:
    """R9.2 优 90 ≤ t ≤ 100; 良 80 ≤ t < 90; 中 60 ≤ t < 80; 差 t < 60."""
    assert perfeval.grade_for(Decimal(total)) is grade


def test_r9_2_grade_labels() -> None:
    """R9.2 the grades print as 优 良 中 差 with English names."""
    assert [(g.label, g.english) for g in Grade] == [
        ("优", "excellent"),
        ("良", "good"),
        ("中", "fair"),
        ("差", "poor"),
    ]


def test_r9_2_other_bands_option() -> None:
    """R9.2 option: bands 80/70/60 — 85 is 优, 75 良, 65 中, 55 差."""
    rules = attrs.evolve(
        CENTRAL_2020,
        grade_bands=((Decimal(80), Grade.EXCELLENT), (Decimal(70), Grade.GOOD), (Decimal(60), Grade.FAIR)),
    )
    got = [perfeval.grade_for(Decimal(t), rules) for t in ("85", "75", "65", "55")]
    assert got == [Grade.EXCELLENT, Grade.GOOD, Grade.FAIR, Grade.POOR]


@pytest.mark.parametrize("total", [89.99, "89.99", True, None])
def test_r9_2_a_total_that_is_not_a_decimal_is_refused_not_graded(total: object) -> None:
    """grade_for(89.99) would grade a float's binary value; the public functions take Decimal or say so."""
    with pytest.raises(perfeval.FieldTypeError, match="total must be a Decimal"):
        perfeval.grade_for(total)  # type: ignore[arg-type]
    with pytest.raises(perfeval.FieldTypeError, match="reported must be a Decimal"):
        perfeval.matches(total, Decimal("90"))  # type: ignore[arg-type]
    with pytest.raises(perfeval.FieldTypeError, match="weight must be a Decimal"):
        tier_band(Tier.ACHIEVED, total)  # type: ignore[arg-type]


def test_r9_2_a_whole_number_is_exact_and_graded() -> None:
    assert (perfeval.grade_for(90), perfeval.grade_for(89)) == (Grade.EXCELLENT, Grade.GOOD)
