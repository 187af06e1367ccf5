"""R3 reading targets and actuals: numbers, comparisons in cells, the percent repair, kinds, unreadable cells."""

from decimal import Decimal

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import perfeval
from perfeval import CENTRAL_2020, CellError, FundsLine, Indicator, InvalidTableError, Kind, Operator, Table
from perfeval.reading import dates, numbers
from perfeval.reading.dates import read_deadline
from perfeval.reading.numbers import read_decimal, read_quantity
from perfeval.reading.text import PLAIN_NUMBER, is_plain_number
from perfeval.scoring import IndicatorScore, score_indicator


def row(**cells: str | None) -> IndicatorScore:
    cells.setdefault("weight", "10.00")
    return score_indicator(Indicator(**cells), 2023)  # type: ignore[arg-type]


def codes(indicator: Indicator) -> set[str]:
    return {f.code for f in perfeval.audit(Table(indicators=[indicator], year=2023)).findings}


# --- R3.1 numbers, units, conversions ---------------------------------------


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1,052.96", Decimal("1052.96")),
        ("１，０５２．９６", Decimal("1052.96")),
        ("-3.5", Decimal("-3.5")),
        ("+7", Decimal("7")),
        (" 99.89 ", Decimal("99.89")),
        ("12,000万元", Decimal("12000")),
    ],
)
def test_r3_1_numeric_cells(cell: str, value: Decimal) -> None:
    """R3.1 thousands separators, a sign, full-width digits and a unit are read."""
    quantity = read_quantity(cell, "万元")
    assert quantity is not None
    assert quantity.value == value


@pytest.mark.parametrize(("cell", "amount"), [("¥221.00", "221.00"), ("￥1,052.96", "1052.96"), ("¥ 9", "9")])
def test_r3_1_a_funds_cell_in_a_money_format_reads_without_its_sign(cell: str, amount: str) -> None:
    """A 货币/会计专用 format prints ¥ in front (in .ods and PDF text too): the 万元 of the column stands."""
    assert FundsLine(annual=cell).annual_amount == Decimal(amount)
    with pytest.raises(InvalidTableError):
        Indicator(weight="10", score="¥5")  # a score is no amount of money


def test_r3_1_percent_belongs_to_the_unit() -> None:
    """R3.1 "95%" is the number 95 with the unit %."""
    quantity = read_quantity("95%", "")
    assert quantity is not None
    assert (quantity.value, quantity.unit) == (Decimal(95), "%")


def test_r3_1_one_yi_yuan_against_twelve_thousand_wan_yuan() -> None:
    """R3.1 "1亿元" is 10,000 万元: an actual of 12000 万元 meets ≥ 1亿元; 9000 万元 scores 0.9 w."""
    met = row(operator="≥", target="1亿元", unit="万元", actual="12000")
    assert (met.met, met.points) == (True, Decimal("10.00"))
    unmet = row(operator="≥", target="1亿元", unit="万元", actual="9000")
    assert (unmet.met, unmet.points) == (False, Decimal("9.00"))


def test_r3_1_yuan_against_wan_yuan() -> None:
    """R3.1 元/万元 convert too: 150,000元 against ≤ 20 万元 is 15 万元, met."""
    met = row(operator="≤", target="20", unit="万元", actual="150,000元")
    assert met.met is True


def test_r3_1_unconvertible_units_are_reported() -> None:
    """R3.1/R11 units that cannot be converted (% against 个) give unit-mismatch; numbers compared as printed."""
    indicator = Indicator(operator="≥", target="90%", unit="%", actual="95个", weight="10.00", score="10.00")
    assert row(operator="≥", target="90%", unit="%", actual="95个").met is True
    assert "unit-mismatch" in codes(indicator)


@pytest.mark.parametrize("cell", ["abc", "1e9", "NaN", "Infinity", "1" * 31, "1.2.3"])
def test_r3_1_a_plain_numeric_cell_that_is_not_a_number_is_a_cell_error(cell: str) -> None:
    """R3.1 funds, weights and scores must be numbers: "abc", exponents, NaN and 31 digits raise CellError."""
    with pytest.raises(CellError):
        read_decimal(cell)


def test_r3_1_malformed_numbers_make_an_invalid_table_naming_every_path() -> None:
    """R3.1 a table with bad numeric cells is refused with every problem's JSON path, not just the first."""
    with pytest.raises(InvalidTableError) as caught:
        perfeval.from_dict(
            {
                "funds": {"total": {"annual": "abc", "executed": "1e9"}},
                "indicators": [{"name": "x", "score": "NaN"}],
            }
        )
    paths = {p.path for p in caught.value.problems}
    assert paths == {"$.funds.total.annual", "$.funds.total.executed", "$.indicators[0].score"}


# --- R3.2 comparisons inside a cell -------------------------------------------


@pytest.mark.parametrize(
    ("cell", "value", "unit", "bound"),
    [
        ("≥266米", "266", "米", Operator.GE),
        ("≧20000亩", "20000", "亩", Operator.GE),
        ("大于1亿元", "1", "亿元", Operator.GT),
        ("小于600", "600", "", Operator.LT),
        ("95%以上", "95", "%", Operator.GE),
        ("满意率达95%以上", "95", "%", Operator.GE),
        ("3天以内", "3", "天", Operator.LE),
        ("600以下", "600", "", Operator.LE),
        ("12.5万元以上", "12.5", "万元", Operator.GE),
    ],
)
def test_r3_2_a_cell_stating_a_comparison_gives_its_number(cell: str, value: str, unit: str, bound: Operator) -> None:
    """R3.2 "≥266米", "大于1亿元", "小于600", "95%以上" give their number, unit and stated bound."""
    quantity = read_quantity(cell, "")
    assert quantity is not None
    assert (quantity.value, quantity.unit, quantity.bound) == (Decimal(value), unit, bound)


def test_r3_2_an_actual_stating_its_bound_meets_the_target() -> None:
    """R3.2 actual "小于600" against ≤ 600 is met (table 18)."""
    scored = row(operator="<=", target="600", unit="元/人·天", actual="小于600")
    assert (scored.met, scored.points) == (True, Decimal("10.00"))


def test_r3_2_an_actual_greater_than_one_yi_meets_at_least_one_yi() -> None:
    """R3.2 actual "大于1亿元" against ≥ 1亿元 is met."""
    assert row(operator=">=", target="1亿元", unit="年", actual="大于1亿元").met is True


def test_r3_2_a_target_with_a_comparison_is_quantitative_with_that_operator() -> None:
    """R3.2/R2.3 target "满意率达95%以上" with a blank operator reads as ≥ 95 %; 96 meets it."""
    scored = row(operator=None, target="满意率达95%以上", unit="%", actual="96")
    assert scored.kind is Kind.QUANTITATIVE
    assert scored.reading.operator is Operator.GE  # type: ignore[union-attr]
    assert scored.met is True


# --- R3.3 percent targets written as fractions --------------------------------


def test_r3_3_zero_point_nine_percent_against_one_hundred_is_repaired() -> None:
    """R3.3 target "0.9" % against "100" reads as 90 %: met, and the audit reports unit-mismatch."""
    scored = row(operator="≥", target="0.9", unit="%", actual="100")
    assert scored.reading.target.value == Decimal(90)  # type: ignore[union-attr]
    assert scored.reading.repaired_from == Decimal("0.9")  # type: ignore[union-attr]
    assert scored.met is True
    indicator = Indicator(operator="≥", target="0.9", unit="%", actual="100", weight="10.00", score="10.00")
    assert "unit-mismatch" in codes(indicator)


def test_r3_3_target_one_against_one_hundred_is_repaired() -> None:
    """R3.3 target "1" % against "100" reads as 100 % (tables 23, 26)."""
    scored = row(operator="=", target="1", unit="%", actual="100")
    assert scored.reading.target.value == Decimal(100)  # type: ignore[union-attr]
    assert scored.met is True


def test_r3_3_the_repair_can_make_a_target_unmet() -> None:
    """R3.3 "0.9" % against 80: read as 90 %, unmet, 80 / 90 × 10 = 8.89 (without the repair 80 ≥ 0.9 would be met)."""
    scored = row(operator="≥", target="0.9", unit="%", actual="80")
    assert (scored.met, scored.points) == (False, Decimal("8.89"))


def test_r3_3_one_percent_against_two_is_left_alone() -> None:
    """R3.3 "≥ 1 %" against "2" is not a fraction (2 / 100 is far from plausible): met as printed."""
    scored = row(operator="≥", target="1", unit="%", actual="2")
    assert scored.reading.target.value == Decimal(1)  # type: ignore[union-attr]
    assert scored.reading.repaired_from is None  # type: ignore[union-attr]
    assert scored.met is True


@pytest.mark.parametrize(("actual", "repaired"), [("44", False), ("45", True), ("180", True), ("181", False)])
def test_r3_3_only_plausible_repairs(actual: str, repaired: bool) -> None:
    """R3.3 the repair needs 0.5 ≤ B / (100·P) ≤ 2: with P = 0.9, B = 45 and 180 repair, 44 and 181 do not."""
    scored = row(operator="≥", target="0.9", unit="%", actual=actual)
    assert (scored.reading.repaired_from is not None) is repaired  # type: ignore[union-attr]


def test_r3_3_the_repair_is_an_option() -> None:
    """R3.3 repair_percent_fraction=False keeps "0.9" as 0.9 %: 80 meets it."""
    rules = attrs.evolve(CENTRAL_2020, repair_percent_fraction=False)
    scored = score_indicator(Indicator(operator="≥", target="0.9", unit="%", actual="80", weight="10.00"), 2023, rules)
    assert (scored.met, scored.points) == (True, Decimal("10.00"))


# --- R3.4 the target decides the kind ------------------------------------------


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("95", Kind.QUANTITATIVE),
        ("≥266米", Kind.QUANTITATIVE),
        ("2023年底前", Kind.DEADLINE),
        ("2023年6月底前", Kind.DEADLINE),
        ("12月31日前", Kind.DEADLINE),
        ("2023-06-30", Kind.DEADLINE),
        ("有效提升", Kind.QUALITATIVE),
        ("2022年年化担保额不低于上年", Kind.QUALITATIVE),
        ("2023年“兴滇英", Kind.QUALITATIVE),
    ],
)
def test_r3_4_the_target_decides_the_kind(target: str, kind: Kind) -> None:
    """R3.4 a number ⇒ quantitative, a date form ⇒ deadline, anything else (even text with a year) ⇒ qualitative."""
    assert row(operator="≥", target=target, unit="%", actual="按时完成").kind is kind


def test_r3_4_the_operator_cell_does_not_decide_the_kind() -> None:
    """R3.4 "=" with the target "有效提升" is qualitative, whatever the operator cell says."""
    scored = row(operator="=", target="有效提升", unit="上升", actual="有效提升", weight="30.00")
    assert (scored.kind, scored.met, scored.points) == (Kind.QUALITATIVE, True, Decimal("30.00"))


# --- R3.5 unreadable actuals and weights -----------------------------------------


def test_r3_5_unreadable_actual_falls_back_to_the_reported_score() -> None:
    """R3.5 actual "大于1亿元, 5" cannot be read: value-unreadable, computed = the reported 50.00 (table 09)."""
    indicator = Indicator(
        operator=">=", target="1亿元", unit="年", actual="大于1亿元, 5", weight="50.00", score="50.00"
    )
    scored = score_indicator(indicator, 2023)
    assert (scored.met, scored.points, scored.fallback) == (None, Decimal("50.00"), "value-unreadable")
    assert any("R3.5" in str(step) for step in scored.steps)
    findings = perfeval.audit(Table(indicators=[indicator])).findings
    assert [f.path for f in findings if f.code == "value-unreadable"] == ["$.indicators[0].actual"]


def test_r3_5_the_kept_reported_score_is_round2() -> None:
    """R3.5 with R4.1/R9.1: the reported score a row falls back to is a score, round2 like every score."""
    assert row(operator="≥", target="10", actual="见附件", score="6.665").points == Decimal("6.67")


def test_r3_5_a_kept_score_above_the_weight_is_the_weight_and_says_so() -> None:
    """R3.5 with R8.2: a reported 12 of 10 falls back to 10.00, and the explanation says it is at most w."""
    kept = row(operator="≥", target="10", actual="见附件", score="12")
    assert kept.points == Decimal("10.00")
    assert str(kept.steps[-1]).endswith("the reported score = 10.00 (at most w)")


def test_r3_5_unreadable_actual_without_a_reported_score_scores_zero() -> None:
    """R3.5 with no reported score the fallback is 0."""
    scored = row(operator="≥", target="10", unit="个", actual="若干")
    assert (scored.points, scored.fallback) == (Decimal(0), "value-unreadable")


def test_r3_5_unreadable_weight_keeps_the_reported_score() -> None:
    """R3.5 a weight "十五" that cannot be read gives value-unreadable at its path; the reported 14 is kept."""
    indicator = Indicator(operator="≥", target="10", unit="个", actual="12", weight="十五", score="14")
    scored = score_indicator(indicator, 2023)
    assert (scored.weight, scored.points, scored.met) == (None, Decimal(14), True)
    findings = perfeval.audit(Table(indicators=[indicator])).findings
    assert "$.indicators[0].weight" in [f.path for f in findings if f.code == "value-unreadable"]


# --- v2: R2.2 step 1 applies to the comparison written in a target or an actual (R3.2) ---------------------------


@pytest.mark.parametrize("target", ["（≥90%）", "≥90（%）", "【≥90%】", "(≥ 90 %)"])
def test_r3_2_brackets_around_a_comparison_in_the_target_are_removed(target: str) -> None:
    """R3.2 with R2.2 step 1: "（≥90%）" is ≥ 90 %, so 85 scores 85 / 90 × 90 = 85.00."""
    row = perfeval.scoring.score_indicator(
        perfeval.Indicator(operator="-", target=target, unit="%", actual="（85%）", weight="90", score=None), 2023
    )
    assert (row.kind.value, row.met, row.points) == ("quantitative", False, Decimal("85.00"))


def test_r2_3_an_operator_cell_of_brackets_only_is_empty() -> None:
    """R2.3: "（ ）" is empty after R2.2 step 1, so operator-missing (info), not operator-unreadable."""
    row = perfeval.Indicator(operator="（ ）", target="90", unit="%", actual="95", weight="90", score="90")
    codes = [f.code for f in perfeval.audit(perfeval.Table(indicators=[row])).findings]
    assert "operator-missing" in codes
    assert "operator-unreadable" not in codes


# --- the short way for plainly printed numbers ------------------------------

_PLAIN_CELLS = st.from_regex(r"[0-9]{1,22}(\.[0-9]{0,10})?", fullmatch=True) | st.sampled_from(
    ["0", "00.50", "1.", "9" * 20 + ".123456789", "2023", "20231231", "2023.12", "12.31"]
)
_UNIT_COLUMNS = st.sampled_from([None, "", "%", "万元", " 万 元 ", "％", "年", "个", "（人次）", "x" * 70])


@given(_PLAIN_CELLS, _UNIT_COLUMNS)
@example("2019", "年")
@example("0.9", "%")
def test_r3_1_a_plainly_printed_quantity_reads_as_the_full_reader_reads_it(text: str, unit: str | None) -> None:
    """read_quantity's short way (a text PLAIN_NUMBER matches) gives what its full pattern reads, digit for digit."""
    full = numbers._read_quantity(text, unit or "")  # the cached full reader, behind the short way
    assert repr(read_quantity(text, unit)) == repr(full)


@given(_PLAIN_CELLS | st.text(alphabet="0123456789.．٣e+- ", max_size=33))
@example("1" * 20 + "." + "1" * 9)
@example("1" * 21)
@example("." + "1")
@example("1." + "1" * 10)
def test_is_plain_number_says_what_the_plain_number_pattern_says(text: str) -> None:
    """The compiled loop that picks the short way accepts exactly the texts PLAIN_NUMBER matches whole."""
    assert is_plain_number(text) is (PLAIN_NUMBER.fullmatch(text) is not None)


@given(_PLAIN_CELLS, st.sampled_from([None, 2019, 2023]))
def test_r6_1_a_plainly_printed_number_is_never_a_deadline(text: str, year: int | None) -> None:
    """read_deadline skips a plainly printed number: the full reader finds no deadline in one either."""
    assert read_deadline(text, year) is None
    assert dates._read_deadline(text, year) is None


def test_quantities_and_readings_are_immutable_named_tuples() -> None:
    """Named tuples (built in one C call): fields and repr as before, and no field can be set."""
    q = read_quantity("266.5", " 米 ")
    assert repr(q) == "Quantity(value=Decimal('266.5'), unit='米', step=Decimal('0.1'), bound=None, how=())"
    wan = read_quantity("1.5", "亿元").in_unit("万元")  # type: ignore[union-attr]
    assert repr(wan) == (
        "Quantity(value=Decimal('15000.0'), unit='万元', step=Decimal('1000.0'), bound=None, "
        "how=('1.5亿元 converted to 万元 (×10000)',))"
    )
    reading = row(operator="≥", target="90", unit="%", actual="95").reading
    assert (reading.kind, reading.target.value, reading.actual and reading.actual.value) == (
        Kind.QUANTITATIVE, Decimal("90"), Decimal("95"),
    )  # fmt: skip
    with pytest.raises(AttributeError):
        q.value = Decimal(1)  # type: ignore[misc]
    with pytest.raises(AttributeError):
        reading.operator = Operator.LE  # type: ignore[misc]
