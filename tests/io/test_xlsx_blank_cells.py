"""Workbooks (v2): a blank value cell is blank, and a merged 一级指标 is carried down only where it fits (R8.4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from workbook_rows import Row, write_rows

import perfeval

openpyxl = pytest.importorskip("openpyxl")

NOTE = "备注：本表金额单位为万元，等级按总得分确定。"


def form_rows(bottom: list[Row]) -> list[Row]:
    """A small form from A1 (one header row, values beside 总得分), ending in ``bottom``."""
    return [
        ["2023年度项目支出绩效自评表"],
        ["项目名称", "职业技能培训补助"],
        ["主管部门", "某厅", None, None, "实施单位", "某中心"],
        ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [None, "年度资金总额", 100, 100, 99, 10, "99%", 9.9],
        [None, "其中：当年财政拨款", 100, 100, 99],
        ["年度总体目标", "预期目标", None, None, "实际完成情况"],
        [None, "培训1000人次", None, None, "培训1200人次"],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "培训人次", "≥", 1000, "人次", 1200, 50, 50],
        ["产出指标", "质量指标", "合格率", "≥", 95, "%", 90, 30, 25],
        ["满意度指标", "服务对象满意度", "满意度", "≥", 90, "%", 95, 10, 10],
        *bottom,
    ]


def read_one(path: Path) -> perfeval.Table:
    [record] = perfeval.iter_records([path])
    assert record.error is None, record.error
    assert record.table is not None
    return record.table


@pytest.mark.parametrize(
    ("bottom", "total"),
    [
        # values beside their labels, 自评等级 blank, the 备注 line under them
        ([["总得分", 94.9, "自评等级", None], [NOTE]], "94.9"),
        # one label a row, 自评等级 blank, the 备注 line under it
        ([["总得分", 94.9], ["自评等级", None], [NOTE]], "94.9"),
        # the central bottom line (totals under 分值 / 得分), 自评等级 blank, a note under it
        ([["总分", None, None, None, None, None, None, 100, 94.9, "自评等级"], [*[None] * 9, NOTE]], "94.9"),
    ],
)
def test_a_blank_grade_cell_is_blank_not_the_note_below(xlsx_path: Path, bottom: list[Row], total: str) -> None:
    """A blank 自评等级 value reads as blank (v1 read the 备注 line below as the grade, or as the total)."""
    table = read_one(write_rows(xlsx_path, form_rows(bottom)))
    assert (table.total, table.grade) == (total, None)


def test_a_blank_total_beside_its_label_is_blank(xlsx_path: Path) -> None:
    """总得分 with its value cell blank: the total is blank, not the 备注 line below it."""
    table = read_one(write_rows(xlsx_path, form_rows([["总得分", None, "自评等级", "优"], [NOTE]])))
    assert (table.total, table.grade) == (None, "优")


def test_values_under_header_labels_are_still_read_below(xlsx_path: Path) -> None:
    """The Yunnan bottom (总分值 / 总得分 / 自评等级, values on the row below) reads as before; a blank is blank."""
    header: Row = ["总分", None, None, None, None, None, None, "总分值", "总得分", "自评等级"]
    filled = read_one(write_rows(xlsx_path, form_rows([header, [*[None] * 7, 100, 94.9, "优"], [NOTE]])))
    blank = read_one(write_rows(xlsx_path, form_rows([header, [*[None] * 7, 100, 94.9, None], [*[None] * 9, NOTE]])))
    assert (filled.total, filled.grade) == ("94.9", "优")
    assert (blank.total, blank.grade) == ("94.9", None)


def _indicator_rows(level2s: list[str], level1: str | None = "产出指标") -> list[Row]:
    """Rows with ``level1`` written on the first only, and one level 2 each."""
    return [[level1 if i == 0 else None, l2, f"指标{i}", "≥", 1, "个", 1, 10, 10] for i, l2 in enumerate(level2s)]


def _levels(path: Path, level2s: list[str], merged: bool) -> list[tuple[str | None, str | None]]:
    rows = form_rows([["总得分", 94.9, "自评等级", "优"]])
    first = 10  # the first indicator row
    rows[first - 1 : first + 2] = _indicator_rows(level2s)
    end = first + len(level2s) - 1
    table = read_one(write_rows(path, rows, merges=(f"A{first}:A{end}",) if merged else ()))
    return [(i.level1, i.level2) for i in table.indicators]


@pytest.mark.parametrize("merged", [True, False])
def test_r8_4_a_carried_level1_that_does_not_fit_the_level2_is_left_blank(xlsx_path: Path, merged: bool) -> None:
    """R8.4 产出指标 merged (or written once) over 数量 / 质量 / 社会效益: the 社会效益 row's level 1 is blank."""
    assert _levels(xlsx_path, ["数量指标", "质量", "社会效益指标", "服务对象满意度"], merged) == [
        ("产出指标", "数量指标"),
        ("产出指标", "质量"),
        (None, "社会效益指标"),
        (None, "服务对象满意度"),
    ]


def test_r8_4_a_level2_that_is_no_listed_kind_keeps_the_carried_level1(xlsx_path: Path) -> None:
    """R8.4 a level 2 outside the list (其他指标, blank) takes the merged level 1 as before."""
    assert _levels(xlsx_path, ["数量指标", "其他指标", "时效 指标"], True) == [
        ("产出指标", "数量指标"),
        ("产出指标", "其他指标"),
        ("产出指标", "时效 指标"),
    ]
