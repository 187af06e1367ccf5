"""R6 deadline indicators: reading the deadline, and on time or late."""

import calendar
import datetime
from decimal import Decimal

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import perfeval
from perfeval import Indicator, Kind, Table
from perfeval.reading.dates import _DEADLINE_PATTERNS, may_hold_date, read_deadline
from perfeval.scoring import IndicatorScore, score_indicator


def row(target: str, actual: str, score: str | None = None, year: int | None = 2023) -> IndicatorScore:
    indicator = Indicator(operator="=", target=target, actual=actual, weight="20.00", score=score)
    result = score_indicator(indicator, year)
    return result


@pytest.mark.parametrize(
    ("cell", "date"),
    [
        ("2023年底前", datetime.date(2023, 12, 31)),
        ("2023年6月底前", datetime.date(2023, 6, 30)),
        ("2024年2月底前", datetime.date(2024, 2, 29)),
        ("12月31日前", datetime.date(2023, 12, 31)),
        ("6月30日前", datetime.date(2023, 6, 30)),
        ("2023年第三季度", datetime.date(2023, 9, 30)),
        ("2023年第一季度", datetime.date(2023, 3, 31)),
        ("2023-06-30", datetime.date(2023, 6, 30)),
        ("2023/6/30", datetime.date(2023, 6, 30)),
    ],
)
def test_r6_1_deadline_forms(cell: str, date: datetime.date) -> None:
    """R6.1 each form reads as the last day of its period; "12月31日前" takes the table's year (2023)."""
    deadline = read_deadline(cell, 2023)
    assert deadline is not None
    assert deadline.date == date


@given(st.integers(1900, 2200), st.integers(1, 12))
def test_r6_1_a_month_reads_as_its_last_day(year: int, month: int) -> None:
    """ "YYYY年M月底前" is the month's last day, leap years included (as the calendar says)."""
    last = calendar.monthrange(year, month)[1]
    deadline = read_deadline(f"{year}年{month}月底前", 2023)
    assert deadline is not None
    assert deadline.date == datetime.date(year, month, last)


def test_r6_1_day_and_month_need_the_tables_year() -> None:
    """R6.1 "12月31日前" in a table without a year is no deadline (and so, by R3.4, a qualitative row)."""
    assert read_deadline("12月31日前", None) is None
    assert row("12月31日前", "按时完成", year=None).kind is Kind.QUALITATIVE
    assert row("12月31日前", "按时完成").kind is Kind.DEADLINE


@pytest.mark.parametrize("actual", ["2023年11月20日", "2023-12-31", "2023年12月31日"])
def test_r6_2_a_date_on_or_before_the_deadline_scores_the_weight(actual: str) -> None:
    """R6.2 an actual date ≤ deadline ⇒ met ⇒ s = w."""
    result = row("2023年底前", actual)
    assert (result.kind, result.met, result.points) == (Kind.DEADLINE, True, Decimal("20.00"))


@pytest.mark.parametrize("actual", ["按时完成", "及时完成", "提前完成", "已完成"])
def test_r6_2_on_time_phrases_score_the_weight(actual: str) -> None:
    """R6.2 按时完成, 及时完成, 提前完成, 已完成 ⇒ met ⇒ s = w (tables 08, 16)."""
    assert (row("2023年底前", actual).met, row("2023年底前", actual).points) == (True, Decimal("20.00"))


def test_r6_2_a_late_date_is_the_not_achieved_tier() -> None:
    """R6.2 a date after the deadline ⇒ not achieved (R5): no score printed ⇒ 0; no day-ratio is invented."""
    late = row("2023年6月底前", "2023年7月1日")
    assert (late.met, late.points, late.band) == (False, Decimal(0), (Decimal(0), Decimal("11.99")))


def test_r6_2_a_late_row_keeps_a_reported_score_inside_the_band() -> None:
    """R6.2 late, reported 10 of 20 (inside [0, 12)) ⇒ 10; reported 20 ⇒ clamped to 11.99."""
    assert row("2023年第三季度", "2023-10-15", "10.00").points == Decimal("10.00")
    assert row("2023年第三季度", "2023-10-15", "20.00").points == Decimal("11.99")


@pytest.mark.parametrize("actual", ["未按时完成", "延期完成", "逾期"])
def test_r6_2_late_phrases_are_not_achieved(actual: str) -> None:
    """R6.2 未按时/延期/逾期 ⇒ not achieved."""
    assert (row("2023年底前", actual).met, row("2023年底前", actual).points) == (False, Decimal(0))


@pytest.mark.parametrize(
    "actual", ["未按期完成", "没有按时完成", "未能按时完成", "不能按时完成", "未能及时完成", "没有及时完成"]
)
def test_r6_2_an_on_time_phrase_after_a_negation_is_late(actual: str) -> None:
    """R6.2 with R5.2: "未按期完成" negates 按期 — late (not achieved, 0 with no score printed), never on time."""
    late = row("2023年底前", actual)
    assert (late.met, late.points) == (False, Decimal(0))


@pytest.mark.parametrize("actual", ["按时完成，未延期", "未逾期", "无延期", "不存在逾期", "并未延期"])
def test_r6_2_a_late_word_after_a_negation_is_on_time(actual: str) -> None:
    """R6.2 "未延期" (not delayed) is on time: met, s = w."""
    on_time = row("2023年底前", actual)
    assert (on_time.met, on_time.points) == (True, Decimal("20.00"))


@pytest.mark.parametrize("actual", ["提前完成，部分延期", "未提前完成"])
def test_r6_2_an_actual_saying_both_or_not_early_says_neither(actual: str) -> None:
    """R6.2 "提前完成，部分延期" is on time and late at once, "未提前完成" (not early) neither: the tier is unknown
    (the reported score is kept)."""
    both = row("2023年底前", actual, "18.00")
    assert (both.met, both.points) == (None, Decimal("18.00"))


def test_r6_2_an_actual_that_says_neither_keeps_the_reported_score() -> None:
    """R6.2 (choice) an actual neither a date nor a phrase ⇒ tier unknown: reported score, qualitative-unassessed."""
    result = row("2023年底前", "详见报告", "18.00")
    assert (result.met, result.points) == (None, Decimal("18.00"))
    indicator = Indicator(operator="=", target="2023年底前", actual="详见报告", weight="20.00", score="18.00")
    codes = {f.code for f in perfeval.audit(Table(indicators=[indicator], year=2023)).findings}
    assert "qualitative-unassessed" in codes


@pytest.mark.parametrize(
    ("tier", "actual", "expected"),
    [
        ("达成", "详见报告", (True, Decimal("18.00"), set(), {"qualitative-unassessed"})),
        ("部分达成", "详见报告", (False, Decimal("15.99"), {"qualitative-out-of-band"}, {"qualitative-unassessed"})),
        ("未达成", "2023-09-15", (True, Decimal("20.00"), set(), {"qualitative-unassessed"})),
        ("达成", "延期完成", (False, Decimal("11.99"), {"qualitative-out-of-band"}, {"qualitative-unassessed"})),
    ],
)
def test_r6_2_the_evaluators_tier_is_used_when_the_actual_says_neither(
    tier: str, actual: str, expected: tuple[bool, Decimal, set[str], set[str]]
) -> None:
    """R5.2 a given tier is used when the actual is neither a date nor a phrase (reported 18 of 20).

    Achieved keeps 18 (band [16, 20]); partial clamps it to 15.99 (band [12, 15.99]). A date or a
    late phrase still decides: on time ⇒ w, late ⇒ the not-achieved band, whatever the tier says.
    """
    met, points, present, absent = expected
    indicator = Indicator(
        operator="=", target="2023年第三季度", actual=actual, weight="20.00", score="18.00", tier=tier
    )
    result = score_indicator(indicator, 2023)
    assert (result.kind, result.met, result.points) == (Kind.DEADLINE, met, points)
    found = {f.code for f in perfeval.audit(Table(indicators=[indicator], year=2023)).findings}
    assert present <= found
    assert not absent & found


@pytest.mark.parametrize(
    ("cell", "date"),
    [
        ("2023年12月底前完成", datetime.date(2023, 12, 31)),
        ("2023年6月30日前完成", datetime.date(2023, 6, 30)),
        ("2023年第三季度完成", datetime.date(2023, 9, 30)),
    ],
)
def test_r6_1_a_date_form_followed_by_what_is_done_is_still_a_deadline(cell: str, date: datetime.date) -> None:
    """R6.1/R3.4 "2023年12月底前完成" is the date form "2023年12月底前" plus 完成: a deadline, not text."""
    deadline = read_deadline(cell, 2023)
    assert deadline is not None
    assert deadline.date == date


def test_r6_2_late_against_a_deadline_phrased_with_done() -> None:
    """R6.2 "延期完成" against "2023年12月底前完成" is late (as text it would have read as success: 完成)."""
    late = row("2023年12月底前完成", "延期完成")
    assert (late.kind, late.met, late.points) == (Kind.DEADLINE, False, Decimal(0))


# --- v2: R3.4 bare years and months in a 时效 row, R6.3 period actuals ------------------------------------------


def timely(
    target: str, actual: str, *, unit: str | None = None, level2: str = "时效指标", name: str = "完成"
) -> IndicatorScore:
    indicator = Indicator(
        level2=level2, name=name, operator="=", target=target, unit=unit, actual=actual, weight="20.00"
    )
    return score_indicator(indicator, 2023)


@pytest.mark.parametrize(
    ("target", "unit", "deadline"),
    [
        ("2019年", None, datetime.date(2019, 12, 31)),
        ("2019年度", None, datetime.date(2019, 12, 31)),
        ("2019年6月", None, datetime.date(2019, 6, 30)),
        ("2019.10", None, datetime.date(2019, 10, 31)),  # the month from the printed digits: October
        ("2019.6", None, datetime.date(2019, 6, 30)),
        ("2019", "年", datetime.date(2019, 12, 31)),
        ("２０１９年", None, datetime.date(2019, 12, 31)),
    ],
)
def test_r3_4_a_bare_period_in_a_timeliness_row_is_a_deadline(
    target: str, unit: str | None, deadline: datetime.date
) -> None:
    """R3.4 v2 in a 时效 row a target that is exactly a period is a deadline at its last day."""
    row = timely(target, "按时完成", unit=unit)
    assert row.kind is Kind.DEADLINE
    assert row.reading.deadline.date == deadline  # type: ignore[union-attr]
    assert (row.met, row.points) == (True, Decimal("20.00"))


@pytest.mark.parametrize(
    ("level2", "name"), [("时效", "x"), ("时效指标", "x"), ("数量指标", "完成时限"), ("质量指标", "项目进度"),
                         ("数量指标", "完成时间"), ("数量指标", "验收完成时")]
)  # fmt: skip
def test_r3_4_what_makes_a_timeliness_row(level2: str, name: str) -> None:
    """R3.4 v2 a 时效 row: level 2 时效 (with or without 指标), or a name with 时限, 时间, 进度 or 完成时."""
    assert timely("2019年", "2020年", level2=level2, name=name).kind is Kind.DEADLINE


@pytest.mark.parametrize(("target", "unit"), [("2019年", None), ("2019.6", "万元"), ("2019", "年")])
def test_r3_4_elsewhere_a_bare_period_is_a_number(target: str, unit: str | None) -> None:
    """R3.4 v2 in any other row "2019年" is the number 2019 with unit 年, "2019.6" 万元 is 2019.6."""
    row = timely(target, "2020", unit=unit, level2="数量指标", name="培训人数")
    assert row.kind is Kind.QUANTITATIVE
    assert row.reading.target.value == Decimal(target.removesuffix("年"))  # type: ignore[union-attr]


def test_r3_4_a_month_said_with_fen_is_that_month() -> None:
    """R3.4 v2 "2023年6月份" is the period "2023年6月": a deadline (June 30) in a 时效 row, text elsewhere."""
    deadline = timely("2023年6月份", "2023年6月20日")
    assert (deadline.kind, deadline.met) == (Kind.DEADLINE, True)
    assert deadline.reading.deadline.date == datetime.date(2023, 6, 30)  # type: ignore[union-attr]
    elsewhere = timely("2023年6月份", "2023年6月", level2="数量指标", name="项目数量")
    assert (elsewhere.kind, elsewhere.met, elsewhere.points) == (Kind.QUALITATIVE, None, Decimal(0))


def test_r3_4_a_cell_with_more_text_is_not_a_period() -> None:
    """R3.4 v2 "2022年年化担保" is not a period, even in a 时效 row."""
    assert timely("2022年年化担保", "按时完成").kind is not Kind.DEADLINE


def test_r6_3_the_issue_case_2019_against_2020_is_late() -> None:
    """R6.3 a 时效 row with target "2019年" and actual "2020年": the actual's first day is after the deadline."""
    row = timely("2019年", "2020年")
    assert (row.kind, row.met) == (Kind.DEADLINE, False)
    assert row.points == Decimal("0.00")  # not achieved, no score printed: the band's bottom


@pytest.mark.parametrize(
    ("target", "actual", "met"),
    [
        ("2023年底前", "2023年", True),  # last day 2023-12-31 on the deadline
        ("2023年底前", "2023年11月", True),
        ("2023年6月底前", "2023年第二季度", True),
        ("2023年6月底前", "2023年上半年", True),
        ("2023年6月底前", "2023年7月", False),
        ("2023年6月底前", "2023年下半年", False),
        ("2023年6月底前", "2024年度", False),
        ("2023年6月底前", "2023.7", False),
        ("2023年6月底前", "2023年", None),  # spans the deadline: unclear
        ("2023年6月15日前", "2023年6月", None),  # v1 read a month as its last day: late
        ("2023年6月15日前", "2023年6月完成", None),
    ],
)
def test_r6_3_a_period_actual_is_on_time_late_or_unclear(target: str, actual: str, met: bool | None) -> None:
    """R6.3 v2 on time when the period's last day is on or before the deadline, late when its first day is after
    it, otherwise unclear (scored like an actual that says neither)."""
    assert row(target, actual).met is met


def test_r6_3_an_unclear_period_uses_the_evaluators_tier() -> None:
    """R6.3 v2 an unclear row takes the given tier; without one it is unassessed (the reported score is kept)."""
    indicator = Indicator(operator="=", target="2023年6月15日前", actual="2023年6月", weight="20.00", score="15.00")
    assert score_indicator(attrs.evolve(indicator, tier="部分达成"), 2023).band == (Decimal("12.00"), Decimal("15.99"))
    result = perfeval.audit(Table(indicators=[indicator]))
    assert "qualitative-unassessed" in [f.code for f in result.findings]
    assert result.scorecard.indicators[0].points == Decimal("15.00")


@given(st.text(alphabet="0123456789年月日号底末前内度上下半季第一二三四-/.于在截至止完成 ", max_size=14))
@example("2023-12-31")
@example("2023年底前")
def test_no_deadline_pattern_matches_a_cell_that_cannot_hold_a_date(cell: str) -> None:
    """R6.1 the cheap gate: a cell without 年, 月 or two separators matches none of the deadline forms."""
    if not may_hold_date(cell):
        assert not any(pattern.fullmatch(cell) for pattern, _ in _DEADLINE_PATTERNS)
