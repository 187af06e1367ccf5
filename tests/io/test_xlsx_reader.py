"""Workbooks in the printed layout read equal to the same tables' JSON; what is missing is located."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from workbook_rows import Row, write_rows

import perfeval
from perfeval.cli import main
from perfeval.errors import InputError, InvalidTableError, LayoutError
from perfeval.read.records import read_path
from perfeval.values import Table

openpyxl = pytest.importorskip("openpyxl")

Writer = Callable[..., int]
Sample = Callable[[str], Table]


def same(table: Table) -> Table:
    """A table with what a workbook does not print (source, transcription notes) set aside."""
    return attrs.evolve(table, source=None, transcription_notes=())


@pytest.fixture
def book(xlsx_path: Path, form_writer: Writer, sample: Sample) -> Path:
    """03 and 08 stacked in one sheet (offset, floats / text), 22 alone (mixed), 25 (one-row header)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "两表"
    after = form_writer(ws, sample("03"), top=3, left=2, numbers="float")
    form_writer(ws, sample("08"), top=after + 3, left=2, numbers="text")
    form_writer(wb.create_sheet("表22"), sample("22"), numbers="mixed")
    form_writer(wb.create_sheet("Sheet 25"), sample("25"), top=5, left=4, two_row_header=False, inline_labels=True)
    wb.save(xlsx_path)
    return xlsx_path


def test_tables_read_from_a_workbook_equal_their_json(book: Path, sample: Sample) -> None:
    records = list(read_path(book))
    assert [(r.source, r.index, r.error) for r in records] == [(str(book), i, None) for i in range(4)]
    tables = [r.table for r in records]
    assert all(t is not None for t in tables)
    assert [same(t) for t in tables if t] == [same(sample(n)) for n in ("03", "08", "22", "25")]


def test_each_table_says_where_it_is(book: Path) -> None:
    sources = [t.source for t in perfeval.load(book)]
    assert sources == [f"{book}#两表!B3", f"{book}#两表!B30", f"{book}#表22!A1", f"{book}#'Sheet 25'!D5"]


def test_numbers_stored_as_numbers_read_exactly(book: Path) -> None:
    cell = openpyxl.load_workbook(book)["两表"]["D8"]
    assert (cell.value, cell.number_format) == (1052.96, "#,##0.00")
    [grain, energy, travel, guarantee] = perfeval.load(book)
    assert (travel.funds.total.executed, travel.execution.rate) == ("1.11", "5.63")
    assert grain.funds.total.initial == "1,052.96"
    assert grain.funds.total.initial_amount == Decimal("1052.96")
    assert grain.execution.weight == "10.00"
    assert grain.indicators[0].target == "25000"
    assert energy.indicators[2].actual == "39.5"
    assert guarantee.indicators[1].actual == "0.68"
    assert guarantee.indicators[4].target == "0.8"
    assert guarantee.funds.total.annual == "9,594.00"


def test_general_format_floats_read_as_their_shortest_decimal(
    tmp_path: Path, form_writer: Writer, sample: Sample
) -> None:
    wb = openpyxl.Workbook()
    form_writer(wb.active, sample("03"), numbers="text")
    wb.active["C6"] = 1052.9600000000000364  # 年初预算数 of 年度资金总额, General format
    path = tmp_path / "general.xlsx"
    wb.save(path)
    [table] = perfeval.load(path)
    assert table.funds.total.initial == "1052.96"


def test_merged_level1_labels_fill_every_row_they_cover(book: Path) -> None:
    ws = openpyxl.load_workbook(book)["两表"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "B18:B20" in merged  # 产出指标 over the three output indicators of table 03
    grain = perfeval.load(book)[0]
    assert [i.level1 for i in grain.indicators] == ["产出指标"] * 3 + ["效益指标", "满意度指标"]


def test_every_bundled_table_round_trips_one_per_sheet(tmp_path: Path, form_writer: Writer) -> None:
    expected = [t for p in perfeval.example_paths() for t in perfeval.load(p)]
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for i, table in enumerate(expected):
        ws = wb.create_sheet(f"表{i + 1:02d}")
        form_writer(
            ws,
            table,
            top=1 + i % 4,
            left=1 + i % 3,
            numbers=("float", "text", "mixed")[i % 3],
            two_row_header=i % 2 == 0,
            inline_labels=i % 5 == 1,
        )
    path = tmp_path / "all.xlsx"
    wb.save(path)
    got = perfeval.load(path)
    assert [same(t) for t in got] == [same(t) for t in expected]


def test_untitled_tables_are_told_apart_by_their_project_labels(
    xlsx_path: Path, form_writer: Writer, sample: Sample
) -> None:
    wb = openpyxl.Workbook()
    after = form_writer(wb.active, sample("05"), top=4, left=3, title=False)
    form_writer(wb.active, sample("07"), top=after, left=3, title=False, numbers="text")
    wb.save(xlsx_path)
    xinglian, promotion = perfeval.load(xlsx_path)
    assert (xinglian.table_no, promotion.table_no) == ("公开19表", "公开22表")
    assert (xinglian.year, promotion.year) == (None, None)  # the year is only printed in a title
    assert same(xinglian) == attrs.evolve(same(sample("05")), year=None)
    assert same(promotion) == attrs.evolve(same(sample("07")), year=None)
    assert xinglian.source == f"{xlsx_path}#Sheet!C5"


def test_a_missing_label_is_reported_at_its_cell_and_the_batch_goes_on(
    xlsx_path: Path, form_writer: Writer, sample: Sample
) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    after = form_writer(ws, sample("08"), top=2, left=2, skip=("指标值",))
    form_writer(ws, sample("03"), top=after + 2, left=2)
    wb.save(xlsx_path)
    first, second = read_path(xlsx_path)
    assert isinstance(first.error, LayoutError)
    assert first.error.code == "workbook-layout"
    assert first.error.path == "Sheet1!B15"  # the 一级指标 cell of the header row
    assert ws["B15"].value == "一级指标"
    assert first.error.message == "no 指标值 column found"
    assert str(first.error) == f"{xlsx_path}[0]: Sheet1!B15: no 指标值 column found"
    assert second.error is None
    assert second.table is not None
    assert same(second.table) == same(sample("03"))


def test_several_missing_labels_are_all_reported(xlsx_path: Path, form_writer: Writer, sample: Sample) -> None:
    wb = openpyxl.Workbook()
    form_writer(wb.active, sample("03"), skip=("年度资金总额", "度量单位", "得分"))
    wb.save(xlsx_path)
    [record] = read_path(xlsx_path)
    assert isinstance(record.error, LayoutError)
    assert [str(p) for p in record.error.problems] == [
        "Sheet!C5: no 年度资金总额 row found",  # the first header cell of the funds block
        "Sheet!A14: no 度量单位 column found",  # the 一级指标 cell
        "Sheet!A14: no 得分 column found",
    ]


def test_a_cell_that_is_not_a_number_is_reported_at_its_address(
    xlsx_path: Path, form_writer: Writer, sample: Sample
) -> None:
    wb = openpyxl.Workbook()
    form_writer(wb.active, sample("03"))
    wb.active["D6"] = "-5"  # 全年预算数 of 年度资金总额
    wb.save(xlsx_path)
    [record] = read_path(xlsx_path)
    assert isinstance(record.error, InvalidTableError)
    assert record.error.path == "Sheet!D6"
    assert "$.funds.total.annual" in record.error.message
    assert "must not be negative" in record.error.message


def test_a_workbook_without_tables_and_a_file_that_is_no_workbook(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "nothing here"
    wb.save(empty)
    [record] = read_path(empty)
    assert isinstance(record.error, LayoutError)
    assert record.error.path == "Sheet!A1"
    assert "no 项目支出绩效自评表 found" in record.error.message
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip", encoding="utf-8")
    [record] = read_path(fake)
    assert isinstance(record.error, InputError)
    assert "not an .xlsx workbook" in record.error.message


def test_sheets_without_tables_are_skipped(xlsx_path: Path, form_writer: Writer, sample: Sample) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "封面"
    form_writer(wb.create_sheet("表"), sample("22"))
    wb.save(xlsx_path)
    [table] = perfeval.load(xlsx_path)
    assert same(table) == same(sample("22"))


def test_the_cli_reads_workbooks(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(book), "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4
    assert main(["audit", str(book), "--format", "json", "--fail-on", "never"]) == 0
    import json

    elements = json.loads(capsys.readouterr().out)
    assert [(e["source"], e["index"], e["project"]) for e in elements] == [
        (str(book), 0, "省级粮食储备专项资金"),
        (str(book), 1, "2023年省级财政节能降耗工业节能监察项目专项资金"),
        (str(book), 2, "因公出国（境）专项经费"),
        (str(book), 3, "小微企业融资担保降费奖补专项资金"),
    ]


def test_a_bug_in_one_table_does_not_stop_the_others(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from perfeval.errors import InternalError
    from perfeval.read import form

    original = form._TableReader.read

    def flaky(self: form._TableReader) -> dict[str, object]:
        if self.anchor == (30, 2):  # the second table of the first sheet
            raise ZeroDivisionError("boom")
        return original(self)

    monkeypatch.setattr(form._TableReader, "read", flaky)
    records = list(read_path(book))
    assert isinstance(records[1].error, InternalError)
    assert records[1].error.message == ("internal error while reading the table at 两表!B30: ZeroDivisionError: boom")
    assert [r.table is not None for r in records] == [True, False, True, True]


def test_explain_reads_workbooks(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(book), "--table", "2", "--indicator", "0"]) == 0
    out = capsys.readouterr().out
    assert f"{book}[2]" in out
    assert "单个团组出访总人数" in out


def test_a_sheet_laid_out_by_hand(xlsx_path: Path) -> None:
    """Another hand: inline labels, values right of the total labels, a 合计 row below the indicators."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    rows: list[list[object]] = [
        [None, "2023年度 项目支出绩效自评表"],
        [None, "编制单位：云南省工业和信息化厅", None, None, None, None, None, None, "公开 5 表"],
        [None, "项目名称", "无线电频率占用费转移支付专项资金"],
        [None, "主管部门：云南省工业和信息化厅", None, None, None, None, None, "实施单位", "云南省工业和信息化厅"],
        [None, "项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "备注"],
        [None, None, "年度资金总额：", 163, 163, 146.93, 10, 90.14, 9.01, "2024年继续实施"],
        [None, None, "其中： 当年财政拨款", 163, 163, "146.93"],
        [None, None, "上年结转资金"],
        [None, None, "其他资金"],
        [None, "年度总体目标", "预期目标", "做好无线电安全保障", None, None, "实际完成情况", "完成保障任务"],
        [None, "绩效指标", None, None, "年度指标值", None, None, "实际完成值", None, None, "偏差原因分析及改进措施"],
        [None, "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分"],
        [None, "产出指标", "数量指标", "维护设备系统数量", "≥", 1, "个", 1, 30, 30],
        [None, None, "质量指标", "设备完好率", "≥", 90, "%", 100, 30, 30],
        [None, "效益指标", "社会效益", "无线电干扰处理率", "≥", 90, "%", 85.5, 20, 18, "个别干扰源未查明"],
        [None, "满意度指标", "服务对象满意度", "满意度", "≥", 90, "%", 100, 10, 10],
        [None, None, None, "合 计", None, None, None, None, 90, 88],
        [None, "其他需要说明的事项：无"],
        [None, "总分", None, None, None, None, "总分值", 100, "总得分", 97.01, "自评等级", "优"],
    ]
    for row in rows:
        ws.append(row)
    for coordinate in ("D6", "E6", "G6", "H6", "I6", "D7", "E7", "J19"):
        ws[coordinate].number_format = "0.00"
    for merged in ("B5:B9", "B13:B14", "K11:K12"):
        ws.merge_cells(merged)
    wb.save(xlsx_path)
    [table] = perfeval.load(xlsx_path)
    assert (table.year, table.table_no, table.project) == (2023, "公开5表", "无线电频率占用费转移支付专项资金")
    assert (table.department, table.implementer) == ("云南省工业和信息化厅", "云南省工业和信息化厅")
    assert table.funds.total == perfeval.FundsLine(initial="163.00", annual="163.00", executed="146.93")
    assert table.funds.fiscal == perfeval.FundsLine(initial="163.00", annual="163.00", executed="146.93")
    assert table.execution == perfeval.Execution(weight="10.00", rate="90.14", score="9.01")
    assert table.goals == perfeval.Goals(expected="做好无线电安全保障", achieved="完成保障任务")
    assert [(i.level1, i.level2, i.name, i.actual, i.weight, i.score) for i in table.indicators] == [
        ("产出指标", "数量指标", "维护设备系统数量", "1", "30", "30"),
        ("产出指标", "质量指标", "设备完好率", "100", "30", "30"),
        ("效益指标", "社会效益", "无线电干扰处理率", "85.5", "20", "18"),
        ("满意度指标", "服务对象满意度", "满意度", "100", "10", "10"),
    ]
    assert table.indicators[2].explanation == "个别干扰源未查明"
    assert (table.subtotal, table.total, table.grade) == ("88", "97.01", "优")
    assert table.notes == "备注：2024年继续实施\n其他需要说明的事项：无"


# --- other provinces' and templates' layouts ------------------------------------------------------------------------

Cells = tuple[str | None, ...]
HEADER: Row = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分"]


def form_rows(title: str = "2023年度项目支出绩效自评表") -> list[Row]:
    """A small table in one header row; level-1 written on every row; 总得分 with its value beside it."""
    return [
        [title],
        ["项目名称", "职业技能培训补助"],
        ["主管部门", "某厅", None, None, "实施单位", "某中心"],
        ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [None, "年度资金总额", 100, 100, 99, 10, "99%", 9.9],
        [None, "其中：当年财政拨款", 80, 80, 79],
        [None, "上年结转资金", 15, 15, 15],
        [None, "其他资金", 5, 5, 5],
        ["年度总体目标", "预期目标", None, None, "实际完成情况"],
        [None, "培训1000人次", None, None, "培训1200人次"],
        [*HEADER, "偏差原因分析及改进措施"],
        ["产出指标", "数量指标", "培训人次", "≥", 1000, "人次", 1200, 50, 50],
        ["产出指标", "质量指标", "合格率", "≥", 95, "%", 90, 30, 25, "个别学员未通过"],
        ["满意度指标", "服务对象满意度", "满意度", "≥", 90, "%", 95, 10, 10],
        ["总得分", 94.9, "自评等级", "优"],
    ]


#: The indicators of :func:`form_rows`, every field: level1, level2, name, operator, target, unit, actual,
#: weight, score, explanation.
FORM_INDICATORS: list[Cells] = [
    ("产出指标", "数量指标", "培训人次", "≥", "1000", "人次", "1200", "50", "50", None),
    ("产出指标", "质量指标", "合格率", "≥", "95", "%", "90", "30", "25", "个别学员未通过"),
    ("满意度指标", "服务对象满意度", "满意度", "≥", "90", "%", "95", "10", "10", None),
]


def replace(rows: list[Row], old: str, new: object) -> list[Row]:
    """``rows`` with every cell holding ``old`` holding ``new``."""
    return [[new if cell == old else cell for cell in row] for row in rows]


def indicator_cells(table: Table) -> list[Cells]:
    keys = ("level1", "level2", "name", "operator", "target", "unit", "actual", "weight", "score", "explanation")
    return [tuple(getattr(i, k) for k in keys) for i in table.indicators]


def test_the_base_form_of_these_tests_reads_whole(xlsx_path: Path) -> None:
    [table] = perfeval.load(write_rows(xlsx_path, form_rows()))
    assert (table.year, table.project) == (2023, "职业技能培训补助")
    assert (table.department, table.implementer) == ("某厅", "某中心")
    assert table.funds.total == perfeval.FundsLine(initial="100", annual="100", executed="99")
    assert table.funds.fiscal == perfeval.FundsLine(initial="80", annual="80", executed="79")
    assert table.funds.carryover == perfeval.FundsLine(initial="15", annual="15", executed="15")
    assert table.funds.other == perfeval.FundsLine(initial="5", annual="5", executed="5")
    assert table.execution == perfeval.Execution(weight="10", rate="99%", score="9.9")
    assert indicator_cells(table) == FORM_INDICATORS
    assert (table.subtotal, table.total, table.grade) == (None, "94.9", "优")


@pytest.mark.parametrize(
    ("bottom", "grade"),
    [
        (["总得分", None, None, None, None, None, None, 100, 94.9], None),
        (["总分", None, None, None, None, None, None, 100, 94.9], None),
        (["总分", None, None, None, None, None, None, 100, 94.9, "自评等级", "优"], "优"),
        (["总 得 分", None, None, None, None, None, None, 100, 94.9, "自评等级", "优"], "优"),
        (["总分", None, None, None, None, None, None, None, 94.9], None),
    ],
)
def test_the_central_bottom_line_gives_the_total_under_the_score_column(
    xlsx_path: Path, bottom: Row, grade: str | None
) -> None:
    """总分 / 总得分, then the 分值 total (100) and the 得分 total (94.9) under their columns: the total is 94.9."""
    [table] = perfeval.load(write_rows(xlsx_path, [*form_rows()[:-1], bottom]))
    assert (table.subtotal, table.total, table.grade) == (None, "94.9", grade)
    assert indicator_cells(table) == FORM_INDICATORS


def test_the_yunnan_bottom_line_still_reads_below_its_headers(xlsx_path: Path) -> None:
    bottom: list[Row] = [
        ["总分", None, None, None, None, None, None, "总分值", "总得分", "自评等级"],
        [None, None, None, None, None, None, None, 100, 94.9, "优"],
    ]
    [table] = perfeval.load(write_rows(xlsx_path, [*form_rows()[:-1], *bottom], merges=("A16:G17",)))
    assert (table.total, table.grade) == ("94.9", "优")


def test_one_title_over_two_tables_gives_two_tables(xlsx_path: Path) -> None:
    """A sheet title, then two tables each opening at its own 项目名称: both are read, under the title's year."""
    second = replace(replace(form_rows()[1:], "职业技能培训补助", "就业见习补贴"), 94.9, 90)
    rows = [*form_rows(), [], *second]
    first_table, second_table = perfeval.load(write_rows(xlsx_path, rows))
    assert (first_table.project, second_table.project) == ("职业技能培训补助", "就业见习补贴")
    assert (first_table.year, second_table.year) == (2023, 2023)
    assert (first_table.total, second_table.total) == ("94.9", "90")
    assert indicator_cells(first_table) == indicator_cells(second_table) == FORM_INDICATORS
    assert second_table.funds.total == perfeval.FundsLine(initial="100", annual="100", executed="99")
    assert second_table.source == f"{xlsx_path}#Sheet!A17"


def test_a_table_without_its_own_project_label_is_reported_not_dropped(xlsx_path: Path) -> None:
    second = [row for row in form_rows()[1:] if row[:1] != ["项目名称"]]
    [record] = read_path(write_rows(xlsx_path, [*form_rows(), [], *second]))
    assert isinstance(record.error, LayoutError)
    assert record.error.path == "Sheet!A25"  # the second 一级指标 header
    assert "second 一级指标 header" in record.error.message


@pytest.mark.parametrize(
    ("label", "value"),
    [
        ("主管部门及代码", "某厅"),
        ("主管部门（盖章）", "某厅"),
        ("主管部门（盖章）：", "某厅"),
        ("主管部门：某厅", None),
        ("主管部门（盖章）：某厅", None),
        ("主管部门某厅", None),  # text after the label with nothing beside it is the value
    ],
)
def test_label_suffixes_belong_to_the_label(xlsx_path: Path, label: str, value: str | None) -> None:
    rows = form_rows()
    rows[2] = [label, value, None, None, "实施单位", "某中心"]
    [table] = perfeval.load(write_rows(xlsx_path, rows))
    assert (table.department, table.implementer) == ("某厅", "某中心")


def test_level1_group_rows_head_the_rows_below_them(xlsx_path: Path) -> None:
    """产出指标 … 80 75 on a line of its own: a group heading carried down, neither an indicator nor the subtotal."""
    rows = form_rows()
    rows[11:14] = [
        ["产出指标", None, None, None, None, None, None, 80, 75],
        [None, "数量指标", "培训人次", "≥", 1000, "人次", 1200, 50, 50],
        [None, "质量指标", "合格率", "≥", 95, "%", 90, 30, 25, "个别学员未通过"],
        ["满意度指标", None, None, None, None, None, None, 10, 10],
        [None, "服务对象满意度", "满意度", "≥", 90, "%", 95, 10, 10],
    ]
    [table] = perfeval.load(write_rows(xlsx_path, rows))
    assert indicator_cells(table) == FORM_INDICATORS
    assert (table.subtotal, table.total) == (None, "94.9")


def test_level1_and_level2_written_once_carry_down_over_blank_cells(xlsx_path: Path) -> None:
    rows = form_rows()
    rows[11:14] = [
        ["产出指标", "数量指标", "培训人次", "≥", 1000, "人次", 1200, 25, 25],
        [None, None, "培训天数", "≥", 10, "天", 12, 25, 25],
        [None, "质量指标", "合格率", "≥", 95, "%", 90, 30, 25, "个别学员未通过"],
        ["满意度指标", None, "满意度", "≥", 90, "%", 95, 10, 10],
    ]
    [table] = perfeval.load(write_rows(xlsx_path, rows))
    assert [(i.level1, i.level2, i.name) for i in table.indicators] == [
        ("产出指标", "数量指标", "培训人次"),
        ("产出指标", "数量指标", "培训天数"),
        ("产出指标", "质量指标", "合格率"),
        ("满意度指标", None, "满意度"),  # a new level-1 does not take the level-2 of the one above
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("其中：当年财政拨款", "其中：财政拨款"),
        ("其中：当年财政拨款", "（其中）当年财政拨款"),
        ("上年结转资金", "上年结转"),
        ("其他资金", "其他资金（自筹）"),
        ("执行率", "执行率（%）"),
    ],
)
def test_funds_label_spellings(xlsx_path: Path, old: str, new: str) -> None:
    [table] = perfeval.load(write_rows(xlsx_path, replace(form_rows(), old, new)))
    assert table.funds.fiscal == perfeval.FundsLine(initial="80", annual="80", executed="79")
    assert table.funds.carryover == perfeval.FundsLine(initial="15", annual="15", executed="15")
    assert table.funds.other == perfeval.FundsLine(initial="5", annual="5", executed="5")
    assert table.execution == perfeval.Execution(weight="10", rate="99%", score="9.9")


@pytest.mark.parametrize("label", ["偏差原因及改进措施", "偏差原因", "偏差原因说明"])
def test_explanation_column_spellings(xlsx_path: Path, label: str) -> None:
    [table] = perfeval.load(write_rows(xlsx_path, replace(form_rows(), "偏差原因分析及改进措施", label)))
    assert indicator_cells(table) == FORM_INDICATORS


def test_the_central_form_without_operator_and_unit_columns(xlsx_path: Path) -> None:
    """年度指标值 alone is the 指标值 column; operator and unit stay inside it; the year has a line of its own."""
    rows = form_rows(title="项目支出绩效自评表")
    rows[1:1] = [["（2023年度）"]]
    rows[11:16] = [
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["产出指标", "数量指标", "培训人次", "≥1000人次", "1200人次", 50, 50],
        ["产出指标", "时效指标", "完成时间", "2023年底前", "2023年11月", 30, 25, "个别学员未通过"],
        ["满意度指标", "服务对象满意度", "满意度", "≥90%", "95%", 10, 10],
        ["总分", None, None, None, None, 100, 94.9, "自评等级", "优"],
    ]
    [table] = perfeval.load(write_rows(xlsx_path, rows))
    assert (table.year, table.project, table.department) == (2023, "职业技能培训补助", "某厅")
    assert indicator_cells(table) == [
        ("产出指标", "数量指标", "培训人次", None, "≥1000人次", None, "1200人次", "50", "50", None),
        ("产出指标", "时效指标", "完成时间", None, "2023年底前", None, "2023年11月", "30", "25", "个别学员未通过"),
        ("满意度指标", "服务对象满意度", "满意度", None, "≥90%", None, "95%", "10", "10", None),
    ]
    assert (table.subtotal, table.total, table.grade) == (None, "94.9", "优")


def test_year_indicator_value_under_a_heading_of_the_same_name(xlsx_path: Path) -> None:
    """年度指标值 over 指标性质 / 年度指标值 / 度量单位: the lower one is the 指标值 column."""
    rows = form_rows()
    rows[10:10] = [[None, None, None, "年度指标值"]]
    rows[11] = replace([rows[11]], "指标值", "年度指标值")[0]
    [table] = perfeval.load(write_rows(xlsx_path, rows, merges=("D11:F11",)))
    assert indicator_cells(table) == FORM_INDICATORS


@pytest.mark.parametrize(
    "spellings",
    [
        {"实际完成值": "全年实际值", "得分": "自评得分", "分值": "分值（分）"},
        {"得分": "得分（分）", "分值": "权重"},
        {"年初预算数": "年初预算数（万元）", "全年预算数": "全年预算数（万元）", "全年执行数": "全年执行数（万元）"},
        {"全年预算数": "全年预算数（A）", "全年执行数": "全年执行数（B）", "执行率": "执行率（B/A）"},
    ],
)
def test_header_spellings(xlsx_path: Path, spellings: dict[str, str]) -> None:
    rows = form_rows()
    for old, new in spellings.items():
        rows = replace(rows, old, new)
    [table] = perfeval.load(write_rows(xlsx_path, rows))
    assert table.funds.total == perfeval.FundsLine(initial="100", annual="100", executed="99")
    assert table.execution == perfeval.Execution(weight="10", rate="99%", score="9.9")
    assert indicator_cells(table) == FORM_INDICATORS


def test_several_layout_problems_each_name_their_cell(xlsx_path: Path) -> None:
    rows = replace(replace(form_rows(), "指标值", "目标"), "得分", "分数")
    [record] = read_path(write_rows(xlsx_path, rows))
    assert isinstance(record.error, LayoutError)
    assert str(record.error) == f"{xlsx_path}[0]: Sheet!A11: no 指标值 column found; Sheet!A11: no 得分 column found"


def test_a_datetime_in_openpyxl_default_format_reads_as_a_date(xlsx_path: Path) -> None:
    import datetime

    from perfeval.read.cell_text import display_text

    rows = form_rows()
    rows[12][6] = datetime.datetime(2023, 11, 30)  # the 实际完成值 of 合格率, written without a number format
    path = write_rows(xlsx_path, rows)
    assert openpyxl.load_workbook(path).active["G13"].number_format == "yyyy-mm-dd h:mm:ss"
    [table] = perfeval.load(path)
    assert table.indicators[1].actual == "2023-11-30"
    assert display_text(datetime.datetime(2023, 11, 30, 9, 30), "yyyy-mm-dd h:mm:ss") == "2023-11-30 9:30:00"
