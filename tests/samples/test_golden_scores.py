"""Golden scores of the 26 bundled Yunnan 2023 tables, derived from docs/rules.md by hand.

Each expected value below was worked out from the spec and the table's cells,
not copied from perfeval's output; the comment on each table shows the
arithmetic.  Kinds: Q quantitative, L qualitative, D deadline.  ``None`` for
the rate means R1.3 (annual budget or executed amount not printed).
"""

from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import pytest

import perfeval
from perfeval import Grade, Kind

Q, L, D = Kind.QUANTITATIVE, Kind.QUALITATIVE, Kind.DEADLINE
EXAMPLES = {path.name[:2]: path for path in perfeval.example_paths()}


class Golden(NamedTuple):
    rate: str | None
    execution: str
    rows: list[tuple[Kind, bool | None, str]]
    total: str
    grade: Grade


GOLDEN: dict[str, Golden] = {
    # 199.50 / 199.50 = 100 % → 10; every target met ("> 2700万元" with 3000, "= 0 件" with 0 …).
    "01": Golden(
        "100.00",
        "10.00",
        [
            (Q, True, "20.00"),
            (Q, True, "10.00"),
            (Q, True, "20.00"),
            (Q, True, "15.00"),
            (Q, True, "15.00"),
            (Q, True, "10.00"),
        ],
        "100.00",
        Grade.EXCELLENT,
    ),
    # 146.93 / 163.00 = 90.1411 % → 90.14; printed 分值 16.00 × 90.14 % = 14.4224 → 14.42 (R1.2);
    # "< 24 小时" with 20 is met; 14.42 + 90 = 104.42 → 优.
    "02": Golden(
        "90.14",
        "14.42",
        [
            (Q, True, "20.00"),
            (Q, True, "15.00"),
            (Q, True, "15.00"),
            (Q, True, "15.00"),
            (Q, True, "15.00"),
            (Q, True, "10.00"),
        ],
        "104.42",
        Grade.EXCELLENT,
    ),
    # Operators "-" read as EQ (R2.3), each actual equals its target; ≥ 90 with 108 met.
    "03": Golden(
        "100.00",
        "10.00",
        [(Q, True, "20.00"), (Q, True, "20.00"), (Q, True, "10.00"), (Q, True, "30.00"), (Q, True, "10.00")],
        "100.00",
        Grade.EXCELLENT,
    ),
    # 72.92 / 73.00 = 99.8904 % → 99.89 → 9.989 → 9.99; "< 1 次" with 0 met; "≤ 3 %" with 0 met.
    "04": Golden(
        "99.89",
        "9.99",
        [(Q, True, "25.00"), (Q, True, "25.00"), (Q, True, "15.00"), (Q, True, "15.00"), (Q, True, "10.00")],
        "99.99",
        Grade.EXCELLENT,
    ),
    # "资金到位率达100%" is ≥-phrased 100 %, operator "=" (at least) with 100: met;
    # "2023年“兴滇英”" is text (R3.4), actual "108" states no tier: reported 30 kept (R5.3);
    # "满意率达95%以上" reads 95 %, "=" at least with 96: met.
    "05": Golden(
        "100.00", "10.00", [(Q, True, "50.00"), (L, None, "30.00"), (Q, True, "10.00")], "100.00", Grade.EXCELLENT
    ),
    # Executed amount not printed: rate undefined, 0 points (R1.3); "加大宣传力度" / "新华网专题报": tier unknown,
    # reported 10 kept; the rest met: 0 + 25 + 25 + 10 + 10 + 10 + 10 = 90.00.
    "06": Golden(
        None,
        "0.00",
        [
            (Q, True, "25.00"),
            (Q, True, "25.00"),
            (Q, True, "10.00"),
            (Q, True, "10.00"),
            (L, None, "10.00"),
            (Q, True, "10.00"),
        ],
        "90.00",
        Grade.EXCELLENT,
    ),
    # 6.33 / 9.00 = 70.333 % → 70.33 → 7.033 → 7.03; "= 0.8 %" against 90 repaired to 80 % (R3.3), met.
    "07": Golden(
        "70.33",
        "7.03",
        [(Q, True, "25.00"), (Q, True, "25.00"), (Q, True, "30.00"), (Q, True, "10.00")],
        "97.03",
        Grade.EXCELLENT,
    ),
    # 39.50 / 40.00 = 98.75 % → 9.875 → 9.88; ≥ 50 with 70 met (reported 18 is a cut: computed 20);
    # "2023年底前" / "及时完成" on time (R6.2); "有效提升" achieved, reported 27 inside [24, 30] kept (R5.3);
    # 9.88 + 20 + 20 + 10 + 27 + 10 = 96.88.
    "08": Golden(
        "98.75",
        "9.88",
        [(Q, True, "20.00"), (D, True, "20.00"), (Q, True, "10.00"), (L, True, "27.00"), (Q, True, "10.00")],
        "96.88",
        Grade.EXCELLENT,
    ),
    # "大于1亿元, 5" cannot be read (R3.5): the reported 50.00 is kept, met unknown.
    "09": Golden(
        "100.00",
        "10.00",
        [(Q, None, "50.00"), (Q, True, "15.00"), (Q, True, "15.00"), (Q, True, "10.00")],
        "100.00",
        Grade.EXCELLENT,
    ),
    # No funds on the total line: 0 (R1.3); ≥ 98 with 90: 90 / 98 × 10 = 9.1837 → 9.18;
    # 0 + 40 + 9.18 + 30 + 10 = 89.18 → 良.
    "10": Golden(
        None,
        "0.00",
        [(Q, True, "40.00"), (Q, False, "9.18"), (L, True, "30.00"), (Q, True, "10.00")],
        "89.18",
        Grade.GOOD,
    ),
    # Executed not printed: 0; ≥ 20 with 19: 19 / 20 × 20 = 19.00; "有效" / "是" achieved, reported 30.
    "11": Golden(
        None,
        "0.00",
        [(Q, True, "30.00"), (Q, False, "19.00"), (L, True, "30.00"), (Q, True, "10.00")],
        "89.00",
        Grade.GOOD,
    ),
    # No execution 分值 printed: w_exec = 10 (R1.2); "< 1 小时" with 0.75 met.
    "12": Golden(
        "100.00",
        "10.00",
        [(Q, True, "10.00"), (Q, True, "20.00"), (Q, True, "20.00"), (Q, True, "30.00"), (Q, True, "10.00")],
        "100.00",
        Grade.EXCELLENT,
    ),
    # 5.54 / 30.00 = 18.4667 % → 18.47 → 1.847 → 1.85.
    "13": Golden(
        "18.47", "1.85", [(Q, True, "50.00"), (Q, True, "30.00"), (Q, True, "10.00")], "91.85", Grade.EXCELLENT
    ),
    # 33.26 / 45.00 = 73.9111 % → 73.91 → 7.391 → 7.39; "= 0.8 %" against 90 repaired, met.
    "14": Golden(
        "73.91",
        "7.39",
        [
            (Q, True, "15.00"),
            (Q, True, "15.00"),
            (Q, True, "20.00"),
            (Q, True, "15.00"),
            (Q, True, "15.00"),
            (Q, True, "10.00"),
        ],
        "97.39",
        Grade.EXCELLENT,
    ),
    # 571.19 / 1,086.83 = 52.5556 % → 52.56 → 5.256 → 5.26; "满足" achieved but reported 20 of 30 is below
    # the band [24, 30]: clamped to 24 (R5.3); 5.26 + 30 + 24 + 30 + 10 = 99.26.
    "15": Golden(
        "52.56",
        "5.26",
        [(Q, True, "30.00"), (L, True, "24.00"), (Q, True, "30.00"), (Q, True, "10.00")],
        "99.26",
        Grade.EXCELLENT,
    ),
    # 0.33 / 4.10 = 8.0488 % → 8.05 → 0.805 → 0.81 (R1.2's own example); 0.81 + 30 + 20 + 30 + 10 = 90.81.
    "16": Golden(
        "8.05",
        "0.81",
        [(Q, True, "30.00"), (D, True, "20.00"), (L, True, "30.00"), (Q, True, "10.00")],
        "90.81",
        Grade.EXCELLENT,
    ),
    # Executed not printed (the rate 44.27 is printed, but R1.3 never substitutes): 0 + 90 = 90.00.
    "17": Golden(
        None,
        "0.00",
        [(Q, True, w) for w in ("10.00", "10.00", "10.00", "10.00", "5.00", "5.00", "30.00", "10.00")],
        "90.00",
        Grade.EXCELLENT,
    ),
    # "-" operators read as EQ; "≤ 600" with "小于600" met (R3.2).
    "18": Golden(
        "100.00",
        "10.00",
        [(Q, True, "30.00"), (Q, True, "10.00"), (Q, True, "10.00"), (Q, True, "30.00"), (Q, True, "10.00")],
        "100.00",
        Grade.EXCELLENT,
    ),
    # 5.96 / 6.00 = 99.333 % → 99.33 → 9.933 → 9.93.
    "19": Golden(
        "99.33",
        "9.93",
        [(Q, True, "30.00"), (Q, True, "10.00"), (Q, True, "10.00"), (Q, True, "30.00"), (Q, True, "10.00")],
        "99.93",
        Grade.EXCELLENT,
    ),
    # 1,466.17 / 1,491.88 = 98.2767 % → 98.28 → 9.828 → 9.83; ≥ 4000 with 3100: 3100 / 4000 × 5 = 3.875 → 3.88;
    # 9.83 + 15 + 3.88 + 10 + 20 + 15 + 5 + 10 + 10 = 98.71.
    "20": Golden(
        "98.28",
        "9.83",
        [
            (Q, True, "15.00"),
            (Q, False, "3.88"),
            (Q, True, "10.00"),
            (Q, True, "20.00"),
            (Q, True, "15.00"),
            (Q, True, "5.00"),
            (Q, True, "10.00"),
            (Q, True, "10.00"),
        ],
        "98.71",
        Grade.EXCELLENT,
    ),
    # 25.00 / 26.00 = 96.1538 % → 96.15 → 9.615 → 9.62; "□=" read as EQ at least (R2.3, R4.4):
    # 2 of 395 → 0.0506 → 0.05, 10 of 1036 → 0.0965 → 0.10; 9.62 + 0.05 + 0.10 + 70 = 79.77 → 中.
    "21": Golden(
        "96.15",
        "9.62",
        [
            (Q, False, "0.05"),
            (Q, False, "0.10"),
            (Q, True, "20.00"),
            (Q, True, "10.00"),
            (Q, True, "15.00"),
            (Q, True, "15.00"),
            (Q, True, "5.00"),
            (Q, True, "5.00"),
        ],
        "79.77",
        Grade.FAIR,
    ),
    # 1.11 / 19.73 = 5.626 % → 5.63 → 0.563 → 0.56; 1 of ≥ 6 → 2.50; 0 of ≥ 5 → 0; 5 of ≥ 11 × 20 → 9.09;
    # 0.56 + 2.50 + 0 + 9.09 + 15 + 15 + 10 = 52.15 → 差 (reported 90.56 优).
    "22": Golden(
        "5.63",
        "0.56",
        [
            (Q, False, "2.50"),
            (Q, False, "0.00"),
            (Q, False, "9.09"),
            (Q, True, "15.00"),
            (Q, True, "15.00"),
            (Q, True, "10.00"),
        ],
        "52.15",
        Grade.POOR,
    ),
    # 355.00 / 750.00 = 47.333 % → 47.33 → 4.733 → 4.73; "1" % and "≥ 0.9" % against 100 repaired (R3.3);
    # "≥ 0 %" with 12.06 met.
    "23": Golden(
        "47.33",
        "4.73",
        [(Q, True, "20.00"), (Q, True, "20.00"), (Q, True, "10.00"), (Q, True, "30.00"), (Q, True, "10.00")],
        "94.73",
        Grade.EXCELLENT,
    ),
    # 24.57 / 25.40 = 96.7323 % → 96.73 → 9.673 → 9.67; "= 500" with 711 met (at least, R4.4).
    "24": Golden(
        "96.73", "9.67", [(Q, True, "50.00"), (Q, True, "30.00"), (Q, True, "10.00")], "99.67", Grade.EXCELLENT
    ),
    # 7,564.80 / 9,594.00 = 78.849 % → 78.85 → 7.885 → 7.89 (R1.2's own example); the two "2022年年化担保"
    # targets are truncated text (R3.4): tier unknown, reported 25 and 24 kept; "≥ 0.8 %" against 98.21 repaired.
    "25": Golden(
        "78.85",
        "7.89",
        [(L, None, "25.00"), (L, None, "24.00"), (Q, True, "15.00"), (Q, True, "15.00"), (Q, True, "10.00")],
        "96.89",
        Grade.EXCELLENT,
    ),
    # 480.00 / 600.00 = 80 % → 8.00; "= 5" with 11 met; "= 1 %" against 100 repaired, met.
    "26": Golden(
        "80.00",
        "8.00",
        [(Q, True, "25.00"), (Q, True, "25.00"), (Q, True, "30.00"), (Q, True, "10.00")],
        "98.00",
        Grade.EXCELLENT,
    ),
}


def test_all_26_sample_tables_are_bundled_and_pinned() -> None:
    """The package ships the 26 Yunnan 2023 tables, and every one has golden values here."""
    assert sorted(EXAMPLES) == sorted(GOLDEN) == [f"{n:02d}" for n in range(1, 27)]


@pytest.mark.parametrize("number", sorted(GOLDEN))
def test_sample_loads_and_scores_as_the_spec_says(number: str) -> None:
    """Execution rate and points, each row's kind / met / points, total and grade, as worked out from the spec."""
    path: Path = EXAMPLES[number]
    [table] = perfeval.load(path)
    card = perfeval.score(table)
    golden = GOLDEN[number]
    assert card.execution.printed_rate == (None if golden.rate is None else Decimal(golden.rate))
    assert card.execution.points == Decimal(golden.execution)
    assert [(row.kind, row.met, row.points) for row in card.indicators] == [
        (kind, met, Decimal(points)) for kind, met, points in golden.rows
    ]
    assert card.total == Decimal(golden.total)
    assert card.grade is golden.grade


@pytest.mark.parametrize("number", sorted(GOLDEN))
def test_sample_audit_runs_and_its_total_is_the_score(number: str) -> None:
    """Every sample audits without crashing, on the same scorecard."""
    [table] = perfeval.load(EXAMPLES[number])
    result = perfeval.audit(table)
    assert result.scorecard.total == Decimal(GOLDEN[number].total)
