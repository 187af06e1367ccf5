"""PDF forms cut by page breaks: a row broken across pages is one row, a row that merely opens a page is its own.

word-portrait.pdf (Word forms 01-08 on portrait pages, printed by LibreOffice Writer)
breaks rows across pages, carries the merged 年度总体目标 cell over a break, and
wraps amounts in narrow cells; calc-breaks.pdf (form 01 printed by Calc) breaks
the page under the indicator header and under 预期目标.  Both were made by
scripts/make_format_fixtures.py.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from perfeval.errors import InputError
from perfeval.read.records import read_path
from perfeval.record import Record
from perfeval.values import Table

pytest.importorskip("pdfplumber")

from perfeval.read.pdf_breaks import Shape, continues, shape, spreadsheet
from perfeval.read.pdf_reader import _join_split_row, _Page, _Run, _unwrap

FIXTURES = Path(__file__).parent.parent / "fixtures" / "formats"
PORTRAIT = ("01", "02", "03", "04", "05", "06", "07", "08")
Sample = Callable[[str], Table]
Cell = tuple[tuple[float, float, float, float], str, Shape | None]


@functools.cache
def read_fixture(name: str) -> tuple[Record, ...]:
    return tuple(read_path(FIXTURES / name, source=name))


def same(table: Table) -> Table:
    """A table with what a form does not print (source, transcription notes) set aside."""
    return attrs.evolve(table, source=None, transcription_notes=())


def test_word_rows_broken_across_pages_read_as_their_json(sample: Sample) -> None:
    import pdfplumber

    with pdfplumber.open(FIXTURES / "word-portrait.pdf") as pdf:  # 试保障数 of 03 carries on at the top of page 4
        assert pdf.pages[3].extract_text().replace("\n", "").startswith("试保障数")
    records = read_fixture("word-portrait.pdf")
    assert [(r.index, r.error) for r in records] == [(i, None) for i in range(len(PORTRAIT))]
    tables = [r.table for r in records if r.table is not None]
    assert [same(t) for t in tables] == [same(sample(n)) for n in PORTRAIT]
    # 221.00 wraps as 221.0 / 0 in its narrow cell; 年度 / 总体目标 of 08 stand on two pages
    assert tables[0].funds.fiscal.initial == sample("01").funds.fiscal.initial
    assert str(tables[0].funds.fiscal.initial) == "221.00"


def test_calc_rows_opening_a_page_are_never_joined_onto_the_row_above(sample: Sample) -> None:
    under_header, under_goals = read_fixture("calc-breaks.pdf")
    assert (under_header.error, under_goals.error) == (None, None)
    assert under_header.table is not None
    assert under_goals.table is not None
    form = sample("01")
    for table in (under_header.table, under_goals.table):
        assert table.subtotal == form.subtotal
        assert table.indicators == form.indicators
        assert table.funds == form.funds
        # the PDF does not draw a space at a line's end: goals compare without spaces
        assert table.goals.expected is not None
        assert form.goals.expected is not None
        assert table.goals.expected.replace(" ", "") == form.goals.expected.replace(" ", "")
        assert table.goals.achieved == form.goals.achieved


def test_a_number_wrapped_in_its_cell_reads_without_a_space() -> None:
    assert _unwrap("221.0\n0") == "221.00"
    assert _unwrap("1,027.8\n1") == "1,027.81"
    assert _unwrap("达到3,00\n0万元") == "达到3,000万元"
    assert _unwrap("public\nservice") == "public service"
    assert _unwrap("达到 2023\n100") == "达到 2023 100"


def test_a_spreadsheet_is_told_by_its_creator() -> None:
    assert spreadsheet({"Creator": "Calc", "Producer": "LibreOffice 7.4"})
    assert spreadsheet({"Creator": "Microsoft® Excel® for Microsoft 365"})
    assert not spreadsheet({"Creator": "Writer"})
    assert not spreadsheet({"Creator": "Microsoft® Word for Microsoft 365"})
    assert not spreadsheet({})


def _cell(x0: float, text: str, top: float, bottom: float, lines: tuple[float, float] | None) -> Cell:
    """A 40-pt cell at ``x0`` from ``top`` to ``bottom``; ``lines``: its text's first top and last bottom."""
    box = (x0, top, x0 + 40.0, bottom)
    if lines is None or not text:
        return box, text, None
    full = len(text) * 10 >= 30  # 10-pt characters, 5-pt padding: three fill a line
    end = x0 + 5 + (30 if full else len(text) * 10)
    return box, text, Shape(lines[0], 10.0, lines[1], end, 5.0, 10.0, False, False)


def _labels(text: str) -> bool:
    return text in {"分值", "得分", "预期目标", "年度总体目标"}


def test_a_cell_carries_on_only_when_its_text_fills_it_to_the_page_foot() -> None:
    # 产出指 | 场地租 fill their cells to the page's foot; 标 | 赁成本 open the next page
    upper = [_cell(0, "产出指", 700, 717, (703, 714)), _cell(40, "场地租", 700, 717, (703, 714))]
    lower = [_cell(0, "标", 72, 85, (73, 84)), _cell(40, "赁成本", 72, 85, (73, 84))]
    assert continues(upper, lower, _labels) == (True, True)
    # a header (分值 at the top of a tall cell) over a subtotal: a new row
    header = [_cell(0, "分值", 640, 717, (643, 654)), _cell(40, "得分", 640, 717, (643, 654))]
    subtotal = [_cell(0, "90.00", 72, 85, (73, 84)), _cell(40, "90.00", 72, 85, (73, 84))]
    assert continues(header, subtotal, _labels) == (False, False)
    # a one-line header row over a subtotal: the labels are whole, nothing carries on
    header = [_cell(0, "分值", 703, 717, (703, 714)), _cell(40, "得分", 703, 717, (703, 714))]
    assert continues(header, subtotal, _labels) == (False, False)
    # 年度 | 总体目标 (a merged cell) carries on beside 预期目标, whose row is a new one
    upper = [_cell(0, "年度总", 700, 717, (703, 714)), _cell(40, "预期目标", 700, 717, (703, 714))]
    lower = [_cell(0, "体目标", 72, 85, (73, 84)), _cell(40, "确保供应", 72, 85, (73, 84))]
    assert continues(upper, lower, _labels) == (True, False)
    # a one-line funds row at the page's foot, the next one on the next page: amounts are never merged cells
    upper = [_cell(0, "年度资金总额", 700, 717, (703, 714)), _cell(40, "19.73", 700, 717, (703, 714))]
    lower = [_cell(0, "其中：当年财政拨款", 72, 85, (73, 84)), _cell(40, "19.73", 72, 85, (73, 84))]
    assert continues(upper, lower, {"年度资金总额", "其中：当年财政拨款"}.__contains__) == (False, False)
    # a subtotal row at the page's foot over the next indicator: text under empty cells begins a row
    upper = [_cell(0, "", 700, 717, None), _cell(40, "90.00", 700, 717, (703, 714))]
    lower = [_cell(0, "产出指标", 72, 85, (73, 84)), _cell(40, "30.00", 72, 85, (73, 84))]
    assert continues(upper, lower, _labels) == (False, False)
    # 10 stands at the top of its cell, room left below it: 20 under it begins a row
    upper = [_cell(0, "医药物", 680, 717, (683, 714)), _cell(40, "10", 680, 717, (683, 694))]
    lower = [_cell(0, "资储备", 72, 85, (73, 84)), _cell(40, "20", 72, 85, (73, 84))]
    assert continues(upper, lower, _labels) == (False, False)


def test_a_break_the_cells_disagree_on_is_said_not_guessed() -> None:
    # both run down to the page's foot; 资储备 would not have fitted after 医药物, but 20 after 1 would
    upper = [_cell(0, "医药物", 680, 717, (683, 714)), _cell(40, "1", 680, 717, (683, 714))]
    lower = [_cell(0, "资储备", 72, 85, (73, 84)), _cell(40, "20", 72, 85, (73, 84))]
    assert continues(upper, lower, _labels) == "some of its cells carry on from the row above and some begin anew"
    upper = [_cell(0, "实际完", 700, 717, (703, 714)), _cell(40, "指标分", 700, 717, (703, 714))]
    lower = [_cell(0, "300", 72, 85, (73, 84)), _cell(40, "20.00", 72, 85, (73, 84))]
    reason = "it would join numbers onto texts: 300 onto '实际完', 20.00 onto '指标分'"
    assert continues(upper, lower, _labels) == reason
    # one target broken after its words (小于 / 600) carries on
    upper = [_cell(0, "小于", 700, 717, (703, 714))]
    lower = [_cell(0, "600", 72, 85, (73, 84))]
    assert continues(upper, lower, _labels) == (True,)


def _page(number: int, cells: list[Cell]) -> _Page:
    page = _Page.__new__(_Page)
    page.number, page.lines = number, []
    top, bottom = min(c[0][1] for c in cells), max(c[0][3] for c in cells)
    page.tables = [((0.0, top, 80.0, bottom), [(box, text) for box, text, _ in cells])]
    page.shapes = {box: shape for box, _, shape in cells}
    return page


def test_an_undecidable_break_is_an_error_naming_both_pages() -> None:
    before = _page(3, [_cell(0, "医药物", 680, 717, (683, 714)), _cell(40, "1", 680, 717, (683, 714))])
    after = _page(4, [_cell(0, "资储备", 72, 85, (73, 84)), _cell(40, "20", 72, 85, (73, 84))])
    with pytest.raises(InputError) as caught:
        _join_split_row(before, after)
    assert caught.value.message.startswith(
        "page 4, table 1, row 1: cannot tell whether this row carries on the last row of page 3"
    )
    before = _page(3, [_cell(0, "产出指", 700, 717, (703, 714)), _cell(40, "213.7", 700, 717, (703, 714))])
    after = _page(4, [_cell(0, "标", 72, 85, (73, 84)), _cell(40, "8", 72, 85, (73, 84))])
    _join_split_row(before, after)
    assert [text for _, text in before.tables[0][1]] == ["产出指标", "213.78"]
    assert after.tables == []


def test_cells_that_carry_on_past_a_running_footer_are_said_not_split() -> None:
    before = _page(3, [_cell(0, "产出指", 700, 717, (703, 714)), _cell(40, "213.7", 700, 717, (703, 714))])
    before.lines = [(740.0, [(0.0, "云南省工业和信息化厅")])]  # a footer under the table
    after = _page(4, [_cell(0, "标", 72, 85, (73, 84)), _cell(40, "8", 72, 85, (73, 84))])
    with pytest.raises(InputError) as caught:
        _join_split_row(before, after)
    assert caught.value.message.startswith("page 4, table 1, row 1: cannot tell whether")
    assert "the text '云南省工业和信息化厅' stands between them" in caught.value.message
    # a title between a form's end and the next form's first row: the next table is another
    before = _page(3, [_cell(0, "总分", 640, 717, (643, 654)), _cell(40, "97.83", 640, 717, (643, 654))])
    before.lines = [(740.0, [(0.0, "项目支出绩效自评表")])]
    _join_split_row(before, after)
    assert [text for _, text in after.tables[0][1]] == ["标", "8"]


def _run(text: str, x0: float, widths: list[float]) -> _Run:
    return _Run(x0, x0 + sum(widths), 73.0, 84.0, 11.0, text, tuple(widths))


@pytest.mark.parametrize(
    ("runs", "word"),
    [
        ([_run("格，未录用", 5, [11, 11, 11, 11, 11])], 22.0),  # no line starts with ，
        ([_run("门", 5, [11]), _run("“一把", 16, [5.6, 11, 11])], 27.6),  # drawn in two runs; “ holds 门 and 一
        ([_run("2023年", 5, [5.5, 5.5, 5.5, 5.5, 11])], 22.0),  # Latin letters and digits are one word
        ([_run("标", 5, [11])], 11.0),
        ([_run("（地区）", 5, [11, 11, 11, 11])], 22.0),  # no line ends with （
    ],
)
def test_the_first_word_is_what_a_line_cannot_break_inside(runs: list[_Run], word: float) -> None:
    found = shape((0.0, 72.0, 48.0, 85.0), [runs])
    assert found is not None
    assert found.first_word == pytest.approx(word)
