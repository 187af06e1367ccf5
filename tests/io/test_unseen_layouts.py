"""Forms laid out by code perfeval has never seen: each changes one thing of a known-good sample.

Each layout is bundled table 01 as the printed-form writer lays it out (rows 13–14 the
indicator header, 15 the subtotal, 16–21 the indicators), then edited; the right answer
is the sample's JSON, or a typed error naming the cell — never a number read wrong.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

import perfeval
from perfeval.errors import LayoutError
from perfeval.read.records import read_path
from perfeval.values import Table

openpyxl = pytest.importorskip("openpyxl")

Writer = Callable[..., int]
Sample = Callable[[str], Table]
Span = tuple[int, int, int, int]
FIRST = 16  # table 01's first indicator row


def same(table: Table) -> Table:
    return attrs.evolve(table, source=None, transcription_notes=())


class Sheet:
    """A laid-out form as cells and merged ranges, so rows can be inserted (openpyxl moves no merges)."""

    def __init__(self, form_writer: Writer, table: Table) -> None:
        ws = openpyxl.Workbook().active
        form_writer(ws, table)
        self.cells = {
            (c.row, c.column): (c.value, c.number_format) for row in ws.iter_rows() for c in row if c.value is not None
        }
        self.merges: list[Span] = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]

    def insert_row(self, k: int) -> None:
        """A blank row before row ``k``: cells below move down, merged ranges across it grow."""
        self.cells = {(r + (r >= k), c): v for (r, c), v in self.cells.items()}
        self.merges = [(r1 + (r1 >= k), c1, r2 + (r2 >= k), c2) for r1, c1, r2, c2 in self.merges]

    def insert_col(self, k: int) -> None:
        """A blank column before column ``k``: cells right of it move right, merged ranges across it grow."""
        self.cells = {(r, c + (c >= k)): v for (r, c), v in self.cells.items()}
        self.merges = [(r1, c1 + (c1 >= k), r2, c2 + (c2 >= k)) for r1, c1, r2, c2 in self.merges]

    def save(self, path: Path, edit: Callable[[Any], None] | None = None) -> Path:
        wb = openpyxl.Workbook()
        ws = wb.active
        for (r, c), (value, number_format) in self.cells.items():
            ws.cell(r, c).value = value
            ws.cell(r, c).number_format = number_format
        for r1, c1, r2, c2 in self.merges:
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        if edit is not None:
            edit(ws)
        wb.save(path)
        return path


def read_one(path: Path) -> perfeval.Record:
    [record] = read_path(path, source=path.name)
    return record


def test_an_indicator_printed_over_two_merged_rows_is_one_indicator(
    xlsx_path: Path, form_writer: Writer, sample: Sample
) -> None:
    """Every cell of the first indicator merged down over two sheet rows: read once, not twice."""
    sheet = Sheet(form_writer, sample("01"))
    sheet.insert_row(FIRST + 1)
    sheet.merges += [(FIRST, c, FIRST + 1, c) for c in range(3, 10)]
    record = read_one(sheet.save(xlsx_path))
    assert record.table is not None
    assert same(record.table) == same(sample("01"))
    assert perfeval.score(record.table).total == perfeval.score(sample("01")).total


def test_a_weight_and_score_merged_over_two_indicators_is_refused_at_their_cells(
    xlsx_path: Path, form_writer: Writer, sample: Sample
) -> None:
    """One 分值 30 / 得分 30 printed for two indicators: refused, not counted for each (a total of 130)."""
    sheet = Sheet(form_writer, sample("01"))
    for col in (8, 9):
        sheet.cells[(FIRST, col)] = (30.0, "0.00")
        del sheet.cells[(FIRST + 1, col)]
        sheet.merges.append((FIRST, col, FIRST + 1, col))
    record = read_one(sheet.save(xlsx_path))
    assert isinstance(record.error, LayoutError)
    assert str(record.error) == (
        "book.xlsx[0]: Sheet!H16: one 分值 merged over 2 indicator rows: print each indicator's own; "
        "Sheet!I16: one 得分 merged over 2 indicator rows: print each indicator's own"
    )


def in_yuan(marks: dict[str, str | None]) -> Callable[[Any], None]:
    """An edit printing table 01's funds in 元 (×10,000), with the unit marks ``marks`` (old text → new)."""

    def edit(ws: Any) -> None:
        for cell in (c for row in ws.iter_rows() for c in row):
            if cell.value in marks:
                cell.value = marks[cell.value]
            elif 6 <= cell.row <= 9 and 3 <= cell.column <= 5 and isinstance(cell.value, float):
                cell.value, cell.number_format = cell.value * 10000, "#,##0.00"

    return edit


@pytest.mark.parametrize(
    "marks",
    [
        {"金额单位：万元": "金额单位：元", "项目资金（万元）": "项目资金"},
        {"项目资金（万元）": "项目资金（元）", "金额单位：万元": "单位：元"},
        {
            "项目资金（万元）": "项目资金",
            "金额单位：万元": None,
            "编制单位：云南省工业和信息化厅": "编制单位：元谋县财政局    金额单位：元",
        },
    ],
)
def test_funds_printed_in_yuan_are_read_in_wan_yuan_and_noted(
    xlsx_path: Path, form_writer: Writer, sample: Sample, marks: dict[str, str | None]
) -> None:
    """A form whose amounts are in 元 (2,210,000.00) holds them in 万元 (221.00), never 2,210,000 万元."""
    record = read_one(Sheet(form_writer, sample("01")).save(xlsx_path, in_yuan(marks)))
    assert record.table is not None
    assert same(record.table) == attrs.evolve(same(sample("01")), department=record.table.department)
    [note] = record.table.transcription_notes
    assert note.startswith("funds printed in 元 (Sheet!")
    assert note.endswith("read in 万元 (divided by 10,000)")


@pytest.mark.parametrize(
    ("marks", "message"),
    [
        (
            {"项目资金（万元）": "项目资金（元）"},
            "Sheet!A5: funds said to be in 元 here and in 万元 at Sheet!J2: which one is not known",
        ),
        ({"金额单位：万元": "金额单位：千元"}, "Sheet!J2: funds printed in 千元: perfeval reads 万元 or 元"),
    ],
)
def test_funds_in_two_units_or_an_unread_unit_are_refused_at_the_mark(
    xlsx_path: Path, form_writer: Writer, sample: Sample, marks: dict[str, str], message: str
) -> None:
    record = read_one(Sheet(form_writer, sample("01")).save(xlsx_path, in_yuan(marks)))
    assert isinstance(record.error, LayoutError)
    assert str(record.error) == f"book.xlsx[0]: {message}"


def test_a_hidden_column_and_a_hidden_row_are_not_read(xlsx_path: Path, form_writer: Writer, sample: Sample) -> None:
    """Excel prints neither: a hidden stale 得分 column before the real one, a hidden old indicator row."""
    sheet = Sheet(form_writer, sample("01"))
    stale_column, stale_row = 9, 22
    sheet.cells = {(r, c + (c >= stale_column)): v for (r, c), v in sheet.cells.items()}
    sheet.merges = [(r1, c1 + (c1 >= stale_column), r2, c2 + (c2 >= stale_column)) for r1, c1, r2, c2 in sheet.merges]
    sheet.cells[(13, stale_column)] = ("得分", "General")
    sheet.merges.append((13, stale_column, 14, stale_column))
    sheet.cells.update({(r, stale_column): (1.0, "0.00") for r in range(FIRST, 22)})
    sheet.insert_row(stale_row)
    old = ("旧指标", ">=", "1", "次", "0", "10.00", "0.00")
    sheet.cells.update({(stale_row, c): (text, "General") for c, text in zip(range(3, 9), old, strict=False)})

    def hide(ws: Any) -> None:
        ws.column_dimensions["I"].hidden = True
        ws.row_dimensions[stale_row].hidden = True

    record = read_one(sheet.save(xlsx_path, hide))
    assert record.table is not None
    assert same(record.table) == same(sample("01"))


@pytest.mark.parametrize("name", ["hidden-01.xls", "hidden-01.ods"])
def test_hidden_rows_and_columns_of_xls_and_ods_are_not_read(name: str, sample: Sample) -> None:
    """The layout above saved by LibreOffice as .xls and .ods (its hidden column and row kept hidden)."""
    pytest.importorskip("xlrd" if name.endswith(".xls") else "odf")
    record = read_one(Path(__file__).parents[1] / "fixtures" / "formats" / name)
    assert record.table is not None
    assert same(record.table) == same(sample("01"))


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (2210000, "#,##0.00,", "2,210.00"),
        (2210000, "0.00,,", "2.21"),
        (1500, "0,", "2"),
        (2210000, "#,##0", "2,210,000"),
    ],
)
def test_a_number_format_closing_with_commas_shows_thousands(value: int, number_format: str, shown: str) -> None:
    """Excel divides by 1,000 for each comma after the digits: the cell prints 2,210.00, not 2,210,000.00."""
    from perfeval.read.cell_text import display_text

    assert display_text(value, number_format) == shown


#: Excel's 会计专用 (accounting) format with the ¥ sign, as Chinese Excel offers it for money.
ACCOUNTING = '_ ¥* #,##0.00_ ;_ ¥* -#,##0.00_ ;_ ¥* "-"??_ ;_ @_ '


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (1052.96, ACCOUNTING, "1,052.96"),
        (0, ACCOUNTING, "0.00"),
        (0, '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ', "0.00"),
        (0, '0.00;-0.00;"零"', "0.00"),
        (0, "0.00;-0.00;0.0", "0.0"),
        (221, "¥#,##0.00", "221.00"),
    ],
)
def test_money_formats_print_the_number_without_the_currency_sign(value: int, number_format: str, shown: str) -> None:
    """¥1,052.96 is 1,052.96 (the header says 万元); the accounting formats' zero, printed as a dash, is read as the
    number 0 it holds (a dash reads as a blank cell: a zero budget would be "not printed"), as is any zero section
    without digits; a zero section with digits prints as it says."""
    from perfeval.read.cell_text import display_text

    assert display_text(value, number_format) == shown


def test_funds_in_the_accounting_format_are_read(xlsx_path: Path, form_writer: Writer, sample: Sample) -> None:
    """Every funds cell in the ¥ accounting format (the blank lines holding 0, read as 0.00): the table, not 12
    refusals, scored as the sample."""

    def edit(ws: Any) -> None:
        for row in ws.iter_rows(min_row=6, max_row=9, min_col=3, max_col=5):
            for cell in row:
                cell.value, cell.number_format = cell.value or 0, ACCOUNTING

    record = read_one(Sheet(form_writer, sample("01")).save(xlsx_path, edit))
    assert record.table is not None
    assert record.table.funds.total.annual == "199.50"
    assert record.table.funds.carryover.annual == "0.00"
    assert perfeval.score(record.table).total == perfeval.score(sample("01")).total
    assert perfeval.score(record.table).execution == perfeval.score(sample("01")).execution


def test_a_level2_line_with_its_subtotal_is_not_an_indicator(
    xlsx_path: Path, form_writer: Writer, sample: Sample
) -> None:
    """数量指标 on a line of its own with 分值 30 / 得分 30 above its indicators: not a seventh indicator (130)."""
    sheet = Sheet(form_writer, sample("01"))
    sheet.insert_row(FIRST)
    sheet.cells.update({(FIRST, 2): ("数量指标", "General"), (FIRST, 8): (30.0, "0.00"), (FIRST, 9): (30.0, "0.00")})
    record = read_one(sheet.save(xlsx_path))
    assert record.table is not None
    assert same(record.table) == same(sample("01"))


def test_a_filler_line_of_dashes_is_not_an_indicator(xlsx_path: Path, form_writer: Writer, sample: Sample) -> None:
    """A template line left as — in every cell under the indicators is blank, not an indicator named —."""
    sheet = Sheet(form_writer, sample("01"))
    sheet.insert_row(22)
    sheet.cells.update({(22, c): ("—", "General") for c in range(3, 10)})
    record = read_one(sheet.save(xlsx_path))
    assert record.table is not None
    assert same(record.table) == same(sample("01"))


def test_a_score_cell_starting_under_the_weight_header_is_the_score(
    xlsx_path: Path, form_writer: Writer, sample: Sample
) -> None:
    """A Word-style grid: 分值 heads H–I, 得分 J–K; each row's 得分 cell spans I–K. It is the 得分, not blank."""
    sheet = Sheet(form_writer, sample("01"))
    sheet.insert_col(10)  # a column after 得分 (K) and one after 分值 (I): 分值 then heads H–I, 得分 J–K
    sheet.insert_col(9)
    sheet.merges = [m for m in sheet.merges if m[:2] not in ((13, 8), (13, 10))] + [(13, 8, 14, 9), (13, 10, 14, 11)]
    for r in range(15, FIRST + 6):
        sheet.cells[(r, 9)] = sheet.cells.pop((r, 10))
        sheet.merges.append((r, 9, r, 11))
    record = read_one(sheet.save(xlsx_path))
    assert record.table is not None
    assert same(record.table) == same(sample("01"))


def test_a_funds_cell_starting_under_the_column_before_is_read(
    xlsx_path: Path, form_writer: Writer, sample: Sample
) -> None:
    """年初预算数 heads C–D, 全年预算数 E; each line's 全年预算数 spans D–E. Read blank, R1.7 took 年初 as the base."""
    sheet = Sheet(form_writer, sample("01"))
    sheet.insert_col(4)
    sheet.merges.append((5, 3, 5, 4))
    for r in range(6, 10):
        if (r, 5) in sheet.cells:
            sheet.cells[(r, 4)] = sheet.cells.pop((r, 5))
        sheet.merges.append((r, 4, r, 5))
    record = read_one(sheet.save(xlsx_path))
    assert record.table is not None
    assert same(record.table) == same(sample("01"))
    assert perfeval.score(record.table).execution == perfeval.score(sample("01")).execution


@pytest.mark.parametrize(
    ("old", "new"),
    [("上年结转资金", "上年结余资金"), ("上年结转资金", "上年结转结余"), ("其中：当年财政拨款", "其中：本年财政拨款")],
)
def test_other_spellings_of_the_funds_lines_are_read(
    xlsx_path: Path, form_writer: Writer, sample: Sample, old: str, new: str
) -> None:
    """A line perfeval did not know was dropped: its amounts null, and the funds sum then wrongly mismatched."""
    table = sample("09")
    assert table.funds.carryover.executed is not None  # 09 prints both lines
    sheet = Sheet(form_writer, table)
    [pos] = [p for p, (text, _) in sheet.cells.items() if text == old]
    sheet.cells[pos] = (new, "General")
    record = read_one(sheet.save(xlsx_path))
    assert record.table is not None
    assert same(record.table) == same(table)


def test_total_and_grade_after_a_colon_in_one_cell_are_read(
    xlsx_path: Path, form_writer: Writer, sample: Sample
) -> None:
    """总得分：100.00 and 自评等级：优 each in one cell, on the last line; a note on grading is not a grade."""
    sheet = Sheet(form_writer, sample("01"))
    sheet.merges = [m for m in sheet.merges if m[0] != 23]
    for pos in [p for p in sheet.cells if p[0] in (23, 24)]:
        del sheet.cells[pos]
    sheet.cells.update({(23, 1): ("总得分：100.00", "General"), (23, 6): ("自评等级：优", "General")})
    sheet.cells[(26, 1)] = ("自评等级：90（含）-100分为优，80（含）-90分为良", "General")
    record = read_one(sheet.save(xlsx_path))
    assert record.table is not None
    assert (record.table.total, record.table.grade) == ("100.00", "优")


@pytest.mark.parametrize("number_format", ["mm-dd-yy", "m/d/yy", "[$-F800]dddd, mmmm dd, yyyy"])
def test_a_date_in_the_locale_short_or_long_format_reads_as_its_day(
    xlsx_path: Path, form_writer: Writer, sample: Sample, number_format: str
) -> None:
    """2023/6/30 typed in Chinese Excel (format 14, named mm-dd-yy): 2023-06-30, on time; not '06-30-23', unassessed."""
    table = sample("08")
    [i] = [k for k, ind in enumerate(table.indicators) if ind.target == "2023年底前"]

    def edit(ws: Any) -> None:
        [cell] = [c for row in ws.iter_rows() for c in row if c.value == table.indicators[i].actual]
        cell.value, cell.number_format = datetime.datetime(2023, 6, 30), number_format

    record = read_one(Sheet(form_writer, table).save(xlsx_path, edit))
    assert record.table is not None
    assert record.table.indicators[i].actual == "2023-06-30"
    assert perfeval.score(record.table).indicators[i].met is True


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("全年预算数", "调整后预算"),
        ("全年预算数", "调整预算数"),
        ("全年执行数", "全年实际支出数"),
        ("全年执行数", "实际支出数"),
        ("三级指标", "指标内容"),
    ],
)
def test_other_spellings_of_the_budget_columns_are_read(
    xlsx_path: Path, form_writer: Writer, sample: Sample, old: str, new: str
) -> None:
    sheet = Sheet(form_writer, sample("01"))
    [pos] = [p for p, (text, _) in sheet.cells.items() if text == old]
    sheet.cells[pos] = (new, "General")
    record = read_one(sheet.save(xlsx_path))
    assert record.table is not None
    assert same(record.table) == same(sample("01"))


def test_an_unknown_header_where_the_annual_budget_stands_is_refused(
    xlsx_path: Path, form_writer: Writer, sample: Sample
) -> None:
    """年度预算数 unread left the annual budget null: R1.7 took 年初预算数 as the base (a rate of 90.27, not 100)."""
    sheet = Sheet(form_writer, sample("01"))
    sheet.cells[(5, 4)] = ("年度预算数", "General")
    record = read_one(sheet.save(xlsx_path))
    assert isinstance(record.error, LayoutError)
    assert str(record.error) == (
        "book.xlsx[0]: Sheet!D5: a budget column perfeval does not know ('年度预算数'): "
        "is it 全年预算数? Respell its header"
    )


@pytest.mark.parametrize(("new", "read"), [("指标权重", True), ("标准分值", True), ("满分", False), ("分数", False)])
def test_an_unknown_weight_header_is_read_or_refused_never_dropped(
    xlsx_path: Path, form_writer: Writer, sample: Sample, new: str, read: bool
) -> None:
    """The indicators' 分值 header respelled: read as 分值, or refused at it — not weights null (R8.5's older form)."""
    sheet = Sheet(form_writer, sample("01"))
    sheet.cells[(13, 8)] = (new, "General")
    record = read_one(sheet.save(xlsx_path))
    if read:
        assert record.table is not None
        assert same(record.table) == same(sample("01"))
    else:
        assert str(record.error) == (
            f"book.xlsx[0]: Sheet!H13: a column perfeval does not know ('{new}'): is it 分值? Respell its header"
        )


def execution_line(sheet: Sheet, *, funds_too: bool) -> None:
    """预算执行率 as a level-1 line of the indicator table (分值 10, rate 100 %, 得分 10) above the indicators."""
    if not funds_too:
        for pos in [(5, 6), (5, 7), (5, 8), (6, 6), (6, 7), (6, 8)]:
            del sheet.cells[pos]
    sheet.insert_row(FIRST)
    line = ("预算执行率", None, "预算执行率", "=", "100", "%", "100", 10.0, 10.0)
    sheet.cells.update({(FIRST, c): (v, "0.00") for c, v in enumerate(line, start=1) if v is not None})


def test_budget_execution_as_a_level1_line_of_the_indicators_is_the_execution_line(
    xlsx_path: Path, form_writer: Writer, sample: Sample
) -> None:
    """Not an eleventh-point indicator beside the execution the rules compute: a total of 100, not 110."""
    sheet = Sheet(form_writer, sample("01"))
    execution_line(sheet, funds_too=False)
    record = read_one(sheet.save(xlsx_path))
    assert record.table is not None
    assert record.table.execution == attrs.evolve(sample("01").execution, rate="100")
    assert record.table.indicators == sample("01").indicators
    assert perfeval.score(record.table).total == perfeval.score(sample("01")).total


def test_budget_execution_printed_twice_is_refused(xlsx_path: Path, form_writer: Writer, sample: Sample) -> None:
    sheet = Sheet(form_writer, sample("01"))
    execution_line(sheet, funds_too=True)
    record = read_one(sheet.save(xlsx_path))
    assert str(record.error) == (
        "book.xlsx[0]: Sheet!A16: 预算执行率 printed both in the funds block and as an indicator line: "
        "which one counts is not known"
    )


def test_a_hidden_sheet_is_not_read(xlsx_path: Path, form_writer: Writer, sample: Sample) -> None:
    """Last year's form kept on a hidden sheet does not print: the workbook holds the one visible form."""
    wb = openpyxl.Workbook()
    form_writer(wb.active, sample("01"))
    old = wb.create_sheet("2022")
    form_writer(old, sample("05"))
    old.sheet_state = "hidden"
    wb.save(xlsx_path)
    [record] = read_path(xlsx_path, source="book.xlsx")
    assert record.table is not None
    assert same(record.table) == same(sample("01"))


def test_a_column_printed_apart_below_the_form_is_refused(xlsx_path: Path, form_writer: Writer, sample: Sample) -> None:
    """A PDF printing the 分值 column on a page of its own stacks it below the form: refused at that header,
    not read as a form without 分值 (weights null). Here the workbook holds that stacked grid."""
    sheet = Sheet(form_writer, sample("01"))
    column = {r: sheet.cells.pop((r, 8)) for r in range(13, 22) if (r, 8) in sheet.cells}
    sheet.merges = [m for m in sheet.merges if m[1] != 8]
    sheet.cells.update({(r + 14, 1): value for r, value in column.items()})
    record = read_one(sheet.save(xlsx_path))
    assert str(record.error) == (
        "book.xlsx[0]: Sheet!A27: a 分值 header below the indicator rows, none on their header: "
        "are its columns printed apart?"
    )


@pytest.mark.parametrize("new", ["指标方向", "比较符"])
def test_an_unknown_operator_header_is_refused_not_dropped(
    xlsx_path: Path, form_writer: Writer, sample: Sample, new: str
) -> None:
    """One header row with 指标方向 for 指标性质: refused at it, not read with every operator null."""
    wb = openpyxl.Workbook()
    form_writer(wb.active, sample("01"), two_row_header=False)
    [cell] = [c for row in wb.active.iter_rows() for c in row if c.value == "指标性质"]
    cell.value = new
    wb.save(xlsx_path)
    record = read_one(xlsx_path)
    assert str(record.error) == (
        f"book.xlsx[0]: Sheet!D13: a column perfeval does not know ('{new}'): is it 指标性质? Respell its header"
    )


@pytest.mark.parametrize(("weight", "total"), [(100.0, "100.00"), (90.0, None)])
def test_a_sum_line_below_the_indicators_is_the_total_when_its_weight_says_so(
    xlsx_path: Path, form_writer: Writer, sample: Sample, weight: float, total: str | None
) -> None:
    """No 总分 block: the last line 合计 | 100.00 | 100.00 is the total; with 90.00 (the indicators alone) it is not."""
    sheet = Sheet(form_writer, sample("01"))
    sheet.merges = [m for m in sheet.merges if m[0] != 23]
    for pos in [p for p in sheet.cells if p[0] in (15, 23, 24)]:
        del sheet.cells[pos]
    sheet.cells.update({(23, 1): ("合计", "General"), (23, 8): (weight, "0.00"), (23, 9): (100.0, "0.00")})
    record = read_one(sheet.save(xlsx_path))
    assert record.table is not None
    assert record.table.total == total


@pytest.mark.parametrize(("label", "grade"), [("总分", "优"), ("合计", "优"), ("总分", "良"), ("总分", "见附件")])
def test_a_grade_printed_after_the_total_on_its_line_is_the_grade(
    xlsx_path: Path, form_writer: Writer, sample: Sample, label: str, grade: str
) -> None:
    """The last line 总分 | 100.00 | 100.00 | 优, with no 自评等级 label: 优 is the grade, so a wrong one (良) is
    audited (grade-mismatch); text that is no grade there is none."""
    sheet = Sheet(form_writer, sample("01"))
    sheet.merges = [m for m in sheet.merges if m[0] != 23]
    for pos in [p for p in sheet.cells if p[0] in ((15, 23, 24) if label == "合计" else (23, 24))]:
        del sheet.cells[pos]
    sheet.cells.update({(23, 1): (label, "General"), (23, 8): (100.0, "0.00"), (23, 9): (100.0, "0.00")})
    sheet.cells[(23, 10)] = (grade, "General")
    record = read_one(sheet.save(xlsx_path))
    assert record.table is not None
    read = grade if grade != "见附件" else None
    assert (record.table.total, record.table.grade) == ("100.00", read)
    codes = {f.code for f in perfeval.audit(record.table).findings}
    assert ("grade-mismatch" in codes) is (grade == "良")
