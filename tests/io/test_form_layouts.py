"""Unseen templates of the form: other header spellings, older forms without some columns, odd cells."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

import perfeval
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
