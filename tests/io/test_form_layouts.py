"""Unseen templates of the form: other header spellings, older forms without some columns, odd cells."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

import perfeval
from perfeval.read.records import read_path
from perfeval.values import Table

openpyxl = pytest.importorskip("openpyxl")

Writer = Callable[..., int]
Sample = Callable[[str], Table]


def same(table: Table) -> Table:
    """A table with what a workbook does not print (source, transcription notes) set aside."""
    return attrs.evolve(table, source=None, transcription_notes=())


def form_01(path: Path, form_writer: Writer, sample: Sample, edit: Callable[[Any], None] | None = None) -> Path:
    """Bundled table 01 in the printed layout, changed by ``edit`` (given the sheet) before it is saved."""
    wb = openpyxl.Workbook()
    form_writer(wb.active, sample("01"))
    if edit is not None:
        edit(wb.active)
    wb.save(path)
    return path


def cells(ws: Any, text: str) -> list[Any]:
    """The cells of ``ws`` holding ``text``, in reading order."""
    return [cell for row in ws.iter_rows() for cell in row if cell.value == text]


def respell(old: str, new: str) -> Callable[[Any], None]:
    """An edit writing ``new`` in the header cell ``old`` (the indicators' one for 分值 / 得分)."""

    def edit(ws: Any) -> None:
        found = cells(ws, old)
        (found[-1] if old in ("分值", "得分") else found[0]).value = new

    return edit


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("执行率", "预算执行率"),
        ("执行率", "资金执行率"),
        ("年初预算数", "年初预算"),
        ("全年预算数", "全年预算"),
        ("全年预算数", "调整后预算数"),
        ("全年执行数", "全年实际执行数"),
        ("全年执行数", "实际执行数"),
        ("指标性质", "指标符号"),
        ("指标性质", "符号"),
        ("度量单位", "单位"),
        ("实际完成值", "实际完成数"),
        ("实际完成值", "全年实际完成值"),
        ("实际完成值", "实际值"),
        ("指标值", "目标值"),
        ("指标值", "全年指标值"),
        ("分值", "指标分值"),
        ("得分", "实际得分"),
        ("得分", "自评分"),
        ("三级指标", "指标名称"),
        ("年度资金总额", "项目资金总额"),
        ("自评等级", "评价等级"),
        ("自评等级", "绩效等级"),
    ],
)
def test_other_template_spellings_read_every_cell(
    xlsx_path: Path, form_writer: Writer, sample: Sample, old: str, new: str
) -> None:
    """Each spelling of another template reads the whole table, not a column dropped or the form refused."""
    [table] = perfeval.load(form_01(xlsx_path, form_writer, sample, respell(old, new)))
    assert same(table) == same(sample("01"))


def test_unit_does_not_take_the_unit_lines_or_the_implementer(
    xlsx_path: Path, form_writer: Writer, sample: Sample
) -> None:
    """单位 heads the unit column; 编制单位：… / 金额单位：万元 / 实施单位 stay what they were."""
    [table] = perfeval.load(form_01(xlsx_path, form_writer, sample, respell("度量单位", "单位")))
    assert [i.unit for i in table.indicators] == [i.unit for i in sample("01").indicators]
    assert (table.department, table.implementer) == (sample("01").department, sample("01").implementer)


def clear_column(head: str, *, last: bool = False, until: str) -> Callable[[Any], None]:
    """An edit blanking the header cell ``head`` and its column down to the row labelled ``until``."""

    def edit(ws: Any) -> None:
        found = cells(ws, head)
        top = found[-1] if last else found[0]
        end = next(c.row for c in cells(ws, until) if c.row > top.row)
        for row in range(top.row, end):
            cell = ws.cell(row, top.column)
            if not isinstance(cell, openpyxl.cell.cell.MergedCell):
                cell.value = None

    return edit


def test_an_older_form_without_an_annual_budget_column_reads_with_annual_null(
    xlsx_path: Path, form_writer: Writer, sample: Sample
) -> None:
    """R1.7: 年初预算数 and 全年执行数 but no 全年预算数 column: annual null on every line, the audit's base initial."""
    [table] = perfeval.load(form_01(xlsx_path, form_writer, sample, clear_column("全年预算数", until="年度总体目标")))
    expected = sample("01")
    funds = {name: attrs.evolve(getattr(expected.funds, name), annual=None) for name in ("total", "fiscal")}
    assert same(table) == same(attrs.evolve(expected, funds=attrs.evolve(expected.funds, **funds)))
    assert table.funds.total == perfeval.FundsLine(initial="221.00", annual=None, executed="199.50")
    assert "execution-base-initial" in [f.code for f in perfeval.audit(table).findings]


def test_an_older_form_without_a_weight_column_reads_with_weights_null(
    xlsx_path: Path, form_writer: Writer, sample: Sample
) -> None:
    """R8.5: no 分值 column in the indicator table: every weight null, the audit says weights-not-printed."""
    edit = clear_column("分值", last=True, until="其他需要说明的事项")
    [table] = perfeval.load(form_01(xlsx_path, form_writer, sample, edit))
    expected = sample("01")
    indicators = tuple(attrs.evolve(i, weight=None) for i in expected.indicators)
    assert same(table) == same(attrs.evolve(expected, indicators=indicators))
    assert [(f.code, f.path) for f in perfeval.audit(table).findings] == [
        ("weights-not-printed", "$.indicators[*].weight")
    ]


@pytest.mark.parametrize(
    ("heads", "message"),
    [
        (("全年预算数", "年初预算数"), "no 全年预算数 (or 年初预算数) column found"),
        (("全年执行数",), "no 全年执行数 column found"),
    ],
)
def test_a_form_without_both_budget_columns_or_the_executed_column_is_refused(
    xlsx_path: Path, form_writer: Writer, sample: Sample, heads: tuple[str, ...], message: str
) -> None:
    def edit(ws: Any) -> None:
        for head in heads:
            clear_column(head, until="年度总体目标")(ws)

    [record] = read_path(form_01(xlsx_path, form_writer, sample, edit))
    assert record.error is not None
    assert message in str(record.error)


def test_a_goals_label_heading_the_actual_column_reads_it(xlsx_path: Path, form_writer: Writer, sample: Sample) -> None:
    """实际完成情况 on the indicators' header row (another template) heads the actual column; the goals stay."""
    [table] = perfeval.load(form_01(xlsx_path, form_writer, sample, respell("实际完成值", "实际完成情况")))
    assert same(table) == same(sample("01"))


def central_bottom(total: float | None) -> Callable[[Any], None]:
    """An edit replacing the Yunnan bottom lines with the central one: 总分 | 100.00 | total | 自评等级 | 优."""

    def edit(ws: Any) -> None:
        [label] = cells(ws, "总分")
        row = label.row
        ws.unmerge_cells(start_row=row, start_column=1, end_row=row + 1, end_column=7)
        for r in (row, row + 1):
            for c in range(1, 11):
                ws.cell(r, c).value = None
        ws.cell(row, 1).value = "总分"
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=7)
        ws.cell(row, 8).value = 100.0  # under the indicators' 分值
        ws.cell(row, 8).number_format = "0.00"
        ws.cell(row, 9).value = total  # under the indicators' 得分
        ws.cell(row, 10).value = "自评等级"
        ws.cell(row, 11).value = "优"

    return edit


def test_a_blank_total_on_the_central_bottom_line_is_blank_not_the_weight_total(
    xlsx_path: Path, form_writer: Writer, sample: Sample
) -> None:
    [table] = perfeval.load(form_01(xlsx_path, form_writer, sample, central_bottom(None)))
    assert (table.total, table.grade) == (None, "优")
    [printed] = perfeval.load(form_01(xlsx_path, form_writer, sample, central_bottom(99)))
    assert (printed.total, printed.grade) == ("99", "优")


def test_a_blank_inline_label_does_not_take_the_next_label_as_its_value(
    xlsx_path: Path, form_writer: Writer, sample: Sample
) -> None:
    """ "主管部门：" with nothing after the colon, then "实施单位：xxx": the department is blank."""
    implementer = sample("01").implementer

    def edit(ws: Any) -> None:
        [label] = cells(ws, "主管部门")
        row = label.row
        label.value = "主管部门："
        ws.cell(row, 3).value = f"实施单位：{implementer}"  # where the department was
        ws.cell(row, 7).value = ws.cell(row, 8).value = None

    [table] = perfeval.load(form_01(xlsx_path, form_writer, sample, edit))
    assert (table.department, table.implementer) == (None, implementer)
    assert same(table) == same(attrs.evolve(sample("01"), department=None))

    def own_label(ws: Any) -> None:  # a value opening with its own label is still that label's value
        [label] = cells(ws, "其他需要说明的事项")
        ws.cell(label.row, 3).value = "其他需要说明的事项：无"

    [noted] = perfeval.load(form_01(xlsx_path, form_writer, sample, own_label))
    assert noted.notes is not None
    assert noted.notes.endswith("其他需要说明的事项：无")


def test_a_formula_without_a_saved_value_is_an_error_at_its_cell_and_the_batch_goes_on(
    xlsx_path: Path, form_writer: Writer, sample: Sample
) -> None:
    """=SUM(…) written by a program and never calculated: refused at that cell, not read as a blank total.

    Saved with its value (as Excel and LibreOffice save it), the value is read.
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    after = form_writer(ws, sample("01"))
    form_writer(ws, sample("02"), top=after + 2)
    [total_head, _] = cells(ws, "总 得 分")
    total = ws.cell(total_head.row + 1, total_head.column)
    total.value = "=SUM(I14:I19)+J6"
    wb.save(xlsx_path)
    first, second = read_path(xlsx_path)
    assert first.error is not None
    assert first.error.code == "invalid-table"
    assert str(first.error) == (
        f"{xlsx_path}[0]: Sheet!{total.coordinate}: a formula without a saved value: "
        "open and save the workbook in Excel or LibreOffice first"
    )
    assert second.table is not None
    assert same(second.table) == same(sample("02"))
    # The same cell as Excel saves it, the formula with its value: the value is read.
    saved = f'<c r="{total.coordinate}" t="n"><f>SUM(I14:I19)+J6</f><v>100</v></c>'
    with zipfile.ZipFile(xlsx_path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    start = sheet.index(f'<c r="{total.coordinate}"')
    parts["xl/worksheets/sheet1.xml"] = (sheet[:start] + saved + sheet[sheet.index("</c>", start) + 4 :]).encode()
    with zipfile.ZipFile(xlsx_path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert perfeval.load(xlsx_path)[0].total == "100"


def blank_template(table: Table) -> Table:
    """``table`` as an empty template: no project, no amounts, goals or values; weights and level 1s printed."""
    doc = perfeval.to_dict(table)
    for key in ("project", "department", "implementer", "subtotal", "total", "grade", "notes", "table_no"):
        doc[key] = None
    doc["goals"] = {"expected": None, "achieved": None}
    doc["funds"] = {name: dict.fromkeys(line, None) for name, line in doc["funds"].items()}
    doc["execution"] = {"weight": "10", "rate": None, "score": None}
    doc["indicators"] = [
        {**dict.fromkeys(i, None), "level1": i["level1"], "weight": i["weight"]} for i in doc["indicators"]
    ]
    return perfeval.from_dict(doc)


def test_a_blank_template_sheet_is_skipped_not_read_as_a_table(
    xlsx_path: Path, form_writer: Writer, sample: Sample
) -> None:
    """A workbook with the filled form, a blank template sheet and an instructions sheet gives the one table."""
    wb = openpyxl.Workbook()
    wb.active["A1"] = "填报说明"
    wb.active["A2"] = "1. 项目名称：按预算批复的项目名称填写。"
    form_writer(wb.create_sheet("表1"), sample("01"))
    form_writer(wb.create_sheet("空白模板"), blank_template(sample("01")))
    wb.save(xlsx_path)
    [record] = read_path(xlsx_path)
    assert record.table is not None
    assert same(record.table) == same(sample("01"))
    del wb["表1"]
    wb.save(xlsx_path)
    [only_blank] = read_path(xlsx_path)
    assert only_blank.error is not None
    assert str(only_blank.error) == (
        f"{xlsx_path}[0]: Sheet!A1: only blank 项目支出绩效自评表 templates (nothing filled in) found in any sheet"
    )


def test_a_table_number_above_the_title_is_read(xlsx_path: Path, form_writer: Writer, sample: Sample) -> None:
    """公开19表 alone in the top-right corner above the title (not on the 编制单位 line) is the table number."""
    wb = openpyxl.Workbook()
    form_writer(wb.active, attrs.evolve(sample("05"), table_no=None), top=2)
    wb.active["J1"] = "公开19表"
    wb.save(xlsx_path)
    [table] = perfeval.load(xlsx_path)
    assert table.table_no == "公开19表"
    assert same(table) == same(sample("05"))


@pytest.mark.parametrize(
    "printed",
    ["备注：2024年继续实施项目。", "其他需要说明的事项：项目延续实施。", "项目延续实施。"],
)
def test_a_note_printed_with_its_mark_is_not_marked_twice(
    tmp_path: Path, form_writer: Writer, sample: Sample, printed: str
) -> None:
    """A form laid out from JSON prints `notes` as is in the 其他需要说明的事项 row: read back, it is the same text —
    a text without a mark gets the row's mark, as the transcriptions write it."""

    def note(ws: Any) -> None:
        [label] = cells(ws, "其他需要说明的事项")
        value = next(c for c in ws[label.row][label.column :] if type(c).__name__ != "MergedCell")  # its value cell
        value.value = printed

    [table] = perfeval.load(form_01(tmp_path / "notes.xlsx", form_writer, sample, note))
    expected = printed if printed.startswith(("备注：", "其他需要说明的事项：")) else f"其他需要说明的事项：{printed}"
    assert table.notes == expected
