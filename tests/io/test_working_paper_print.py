"""The working paper prints and reads at a glance (issue 14), read back with openpyxl.

Every sheet landscape and fitted to the page width with a header and a
footer; the Summary sorted by severity with grade changes highlighted and two
native charts; a legend; columns wide enough for their labels; the subtotal
label under the names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import perfeval
from perfeval.batch import run
from perfeval.report.paper_print import GRADE_CHANGE_FILL, LEGEND, display_width
from perfeval.report.rows import FILLS

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(scope="module")
def paper(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("print") / "wp.xlsx"
    perfeval.write_working_paper(run(perfeval.iter_records(perfeval.example_paths())), path)
    return openpyxl.load_workbook(path)


def test_every_sheet_prints_landscape_fitted_to_the_width_with_header_and_footer(paper: Any) -> None:
    for ws in paper.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert "&P" in ws.oddFooter.center.text
        assert "&N" in ws.oddFooter.center.text
        assert ws.oddHeader.left.text
    assert paper["Summary"].print_title_rows == "$1:$1"
    assert paper["Findings"].print_title_rows == "$1:$1"
    travel = paper["022 因公出国（境）专项经费"]
    assert travel.oddHeader.left.text == "因公出国（境）专项经费"
    assert travel.oddHeader.right.text.endswith("22-official-overseas-travel.json[0]")


def test_an_ampersand_in_a_project_prints_as_itself(tmp_path: Path) -> None:
    [table] = perfeval.load(perfeval.example_paths()[0])
    import attrs

    path = tmp_path / "amp.xlsx"
    perfeval.write_working_paper(perfeval.audit(attrs.evolve(table, project="A&B 项目")), path)
    ws = openpyxl.load_workbook(path).worksheets[2]
    assert ws.oddHeader.left.text == "A&&B 项目"  # "&B" alone would turn bold on


def test_a_control_character_in_a_project_stays_out_of_the_page_header() -> None:
    from perfeval.report.paper_print import _header_text

    assert _header_text("项目\x01\x0b名称\n第二行") == "项目 名称 第二行"


def test_the_summary_is_sorted_by_severity(paper: Any) -> None:
    rows = list(paper["Summary"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 26
    keys = [(r[7], r[8], r[9]) for r in rows]
    assert keys == sorted(keys, reverse=True)
    assert rows[0][2] == "2022年拟选定选调生一次性工作生活补贴和2023年拟选定选调生租房补贴费"  # 6 errors, 11 warnings


def test_grade_changes_are_highlighted(paper: Any) -> None:
    ws = paper["Summary"]
    assert ws.cell(1, 13).value == "等级变化 grade change"
    changed = {
        ws.cell(r, 3).value: ws.cell(r, 13).value for r in range(2, ws.max_row + 1) if ws.cell(r, 13).value is not None
    }
    assert changed == {
        "因公出国（境）专项经费": "优→差",
        "2022年拟选定选调生一次性工作生活补贴和2023年拟选定选调生租房补贴费": "优→中",
    }
    for r in range(2, ws.max_row + 1):
        highlighted = ws.cell(r, 7).fill.fgColor.rgb[-6:] == GRADE_CHANGE_FILL
        assert highlighted == (ws.cell(r, 13).value is not None)


def test_the_summary_has_native_charts_of_totals_and_codes(paper: Any) -> None:
    ws = paper["Summary"]
    assert len(ws._charts) == 2
    totals, by_code = ws._charts
    assert totals.tagname == "barChart"
    titles = [s.tx.strRef.f for s in totals.series]
    assert titles == ["'Summary'!D1", "'Summary'!E1"]  # reported and computed total
    assert totals.series[0].val.numRef.f == "'Summary'!$D$2:$D$27"
    assert totals.series[0].cat.numRef.f == "'Summary'!$K$2:$K$27"  # named by their sheets
    data = by_code.series[0].val.numRef.f
    assert data.startswith(f"'{LEGEND}'!$B$")
    legend = paper[LEGEND]
    counts = {
        legend.cell(r, 1).value: legend.cell(r, 2).value
        for r in range(1, legend.max_row + 1)
        if isinstance(legend.cell(r, 2).value, int)
    }
    findings = [c.value for c in paper["Findings"]["D"][1:]]
    assert counts == {code: findings.count(code) for code in set(findings)}
    assert max(counts, key=counts.__getitem__) == "missing-explanation"


def test_the_legend_explains_each_fill(paper: Any) -> None:
    legend = paper[LEGEND]
    fills = {legend.cell(r, 1).fill.fgColor.rgb[-6:]: legend.cell(r, 1).value for r in range(1, legend.max_row + 1)}
    for colour in FILLS.values():
        assert colour in fills
    assert fills[FILLS[perfeval.Severity.ERROR]] == "错误 error"
    assert fills["E2EFDA"] == "计算值 computed"
    assert fills[GRADE_CHANGE_FILL] == "等级变化 grade change"
    texts = " ".join(str(c.value) for row in legend.iter_rows() for c in row if c.value)
    assert "是否完成 met" in texts
    assert "小计 subtotal" in texts


def test_columns_fit_their_labels(paper: Any) -> None:
    ws = paper["001 省级医药储备补助资金"]
    assert ws.column_dimensions["A"].width >= display_width("其中：当年财政拨款")  # column A does not overflow
    summary = paper["Summary"]
    for col in "DEFGHIJ":
        head = summary[f"{col}1"].value
        assert summary.column_dimensions[col].width >= max(display_width(w) for w in head.split())


def test_the_subtotal_label_is_under_the_names_not_in_the_met_column(paper: Any) -> None:
    ws = paper["001 省级医药储备补助资金"]
    [row] = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "小计"]
    assert ws.cell(row - 1, 11).value == "是否完成 met"
    assert ws.cell(row, 11).value is None
    assert any(str(m) == f"A{row}:G{row}" for m in ws.merged_cells.ranges)
