"""Fixtures of the I/O tests: the bundled tables, and a writer of workbooks in the printed layout.

The writer lays a table out the way the 项目支出绩效自评表 is printed (title,
header lines, the funds block, goals, the two-row indicator header, the totals
line), at any offset, with merged label cells, numbers as numeric cells (in a
number format that shows them as printed) or as text.  It needs nothing but
the openpyxl worksheet it is handed, so this module imports without the extra.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import perfeval
from perfeval.values import Table

sys.path.insert(0, str(Path(__file__).parent))  # the builders beside these tests (--import-mode=importlib)

SAMPLES = {p.name[:2]: p for p in perfeval.example_paths()}
_NUMBER = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def load_sample(number: str) -> Table:
    [table] = perfeval.load(SAMPLES[number])
    return table


def _put(ws: Any, row: int, col: int, text: str | None, numbers: str, counter: list[int]) -> None:
    """Write one printed cell: as a number in a format that shows it as printed, or as text."""
    if text is None:
        return
    counter[0] += 1
    as_number = numbers == "float" or (numbers == "mixed" and counter[0] % 2 == 0)
    if as_number and _NUMBER.match(text):
        body = text.replace(",", "")
        places = len(body.partition(".")[2])
        cell = ws.cell(row, col)
        if places == 0 and "," not in text:
            cell.value = int(body)
        else:
            cell.value = float(body)
            cell.number_format = ("#,##0" if "," in text else "0") + ("." + "0" * places if places else "")
    else:
        ws.cell(row, col).value = text


def _merge(ws: Any, r1: int, c1: int, r2: int, c2: int) -> None:
    if (r1, c1) != (r2, c2):
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)


def write_form(
    ws: Any,
    table: Table,
    top: int = 1,
    left: int = 1,
    *,
    numbers: str = "float",
    two_row_header: bool = True,
    inline_labels: bool = False,
    title: bool = True,
    skip: tuple[str, ...] = (),
) -> int:
    """Lay ``table`` out in ``ws`` from (top, left); returns the first row after it.

    ``numbers``: "float" (numeric cells), "text" or "mixed"; ``title``: whether to print the title row
    (with the year); ``skip``: labels to leave out.
    """
    n = [0]
    L = left  # the column the form starts at

    def label(row: int, col: int, text: str, *, to_row: int | None = None, to_col: int | None = None) -> None:
        if text in skip:
            return
        ws.cell(row, col).value = text
        _merge(ws, row, col, to_row or row, to_col or col)

    def put(row: int, col: int, text: str | None, to_col: int | None = None) -> None:
        _put(ws, row, col, text, numbers, n)
        if to_col is not None and text is not None:
            _merge(ws, row, col, row, to_col)

    r = top
    year = f"（{table.year}年度）" if table.year else ""
    if title:
        label(r, L, f"项目支出绩效自评表{year}", to_col=L + 9)
        r += 1
    ws.cell(r, L).value = f"编制单位：{table.department or ''}"
    if table.table_no:
        ws.cell(r, L + 8).value = table.table_no
    ws.cell(r, L + 9).value = "金额单位：万元"
    r += 1
    if inline_labels:
        ws.cell(r, L).value = f"项目名称：{table.project or ''}"
        _merge(ws, r, L, r, L + 9)
    else:
        label(r, L, "项 目 名 称", to_col=L + 1)
        put(r, L + 2, table.project, L + 9)
    r += 1
    label(r, L, "主管部门", to_col=L + 1)
    put(r, L + 2, table.department, L + 5)
    label(r, L + 6, "实施单位：")
    put(r, L + 7, table.implementer, L + 9)
    r += 1
    # Funds: a header row, then four lines.
    label(r, L, "项目资金（万元）", to_row=r + 4)
    for offset, head in enumerate(("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")):
        label(r, L + 2 + offset, head)
    label(r, L + 8, "备注", to_col=L + 9)
    notes = (table.notes or "").split("\n")
    remarks = next((x.removeprefix("备注：") for x in notes if x.startswith("备注：")), None)
    other = next((x.removeprefix("其他需要说明的事项：") for x in notes if x.startswith("其他需要说明的事项：")), None)
    lines = (
        ("total", "年度资金总额"),
        ("fiscal", "其中：当年财政拨款"),
        ("carryover", "上年结转资金"),
        ("other", "其他资金"),
    )
    for i, (name, line_label) in enumerate(lines, start=1):
        label(r + i, L + 1, line_label)
        line = getattr(table.funds, name)
        put(r + i, L + 2, line.initial)
        put(r + i, L + 3, line.annual)
        put(r + i, L + 4, line.executed)
    put(r + 1, L + 5, table.execution.weight)
    put(r + 1, L + 6, table.execution.rate)
    put(r + 1, L + 7, table.execution.score)
    put(r + 1, L + 8, remarks, L + 9)
    r += 5
    label(r, L, "年度总体目标", to_row=r + 1)
    label(r, L + 1, "预期目标", to_col=L + 4)
    label(r, L + 5, "实际完成情况", to_col=L + 9)
    put(r + 1, L + 1, table.goals.expected, L + 4)
    put(r + 1, L + 5, table.goals.achieved, L + 9)
    r += 2
    label(r, L, "项目支出绩效指标表", to_col=L + 9)
    r += 1
    heads = ("实际完成值", "分值", "得分", "偏差原因分析及改进措施")
    if two_row_header:
        label(r, L, "绩效指标", to_col=L + 2)
        label(r, L + 3, "年度指标值", to_col=L + 5)
        for offset, head in enumerate(heads):
            label(r, L + 6 + offset, head, to_row=r + 1)
        r += 1
    else:
        for offset, head in enumerate(heads):
            label(r, L + 6 + offset, head)
    for offset, head in enumerate(("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位")):
        label(r, L + offset, head)
    r += 1
    if table.subtotal is not None:
        weights = [i.weight_value for i in table.indicators]
        total_weight = sum(w for w in weights if w is not None)
        put(r, L + 7, f"{total_weight:.2f}")
        put(r, L + 8, table.subtotal)
        r += 1
    first = r
    for ind in table.indicators:
        for offset, key in enumerate(("name", "operator", "target", "unit", "actual", "weight", "score")):
            put(r, L + 2 + offset, getattr(ind, key))
        put(r, L + 9, ind.explanation)
        r += 1
    # level-1 and level-2 labels merged down their runs of rows
    for col, key in ((L, "level1"), (L + 1, "level2")):
        run_start = first
        values = [getattr(i, key) for i in table.indicators]
        for i in range(1, len(values) + 1):
            if i == len(values) or values[i] != values[run_start - first]:
                put(run_start, col, values[run_start - first])
                if values[run_start - first] is not None:
                    _merge(ws, run_start, col, first + i - 1, col)
                run_start = first + i
    label(r, L, "其他需要说明的事项", to_col=L + 1)
    put(r, L + 2, other, L + 9)
    r += 1
    label(r, L, "总分", to_row=r + 1, to_col=L + 6)
    label(r, L + 7, "总分值")
    label(r, L + 8, "总 得 分")
    label(r, L + 9, "自评等级")
    put(r + 1, L + 7, "100.00")
    put(r + 1, L + 8, table.total)
    put(r + 1, L + 9, table.grade)
    r += 2
    ws.cell(r, L).value = "备注：1.其他资金：请在“其他需要说明的事项”栏注明资金来源。"
    return r + 1


@pytest.fixture
def form_writer() -> Callable[..., int]:
    """The printed-layout writer (see :func:`write_form`)."""
    return write_form


@pytest.fixture
def sample() -> Callable[[str], Table]:
    """A bundled Yunnan 2023 table by its two-digit number."""
    return load_sample


@pytest.fixture
def xlsx_path(tmp_path: Path) -> Path:
    return tmp_path / "book.xlsx"
