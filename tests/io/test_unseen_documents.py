"""Word and PDF forms laid out by code perfeval has never seen (built with python-docx, printed by Writer).

Each document is a bundled sample laid out the way a department's Word template
prints it; the right answer is the sample's numbers as printed, or a typed error
naming the cell — never a number read wrong.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import perfeval
from perfeval.errors import LayoutError
from perfeval.read.grid import Stack
from perfeval.read.records import read_path
from perfeval.values import Indicator, Table

docx = pytest.importorskip("docx")

FORMATS = Path(__file__).resolve().parent.parent / "fixtures" / "formats"
SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "=", None: ""}
HEADER = ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
HEADER.append("偏差原因分析及改进措施")


def _table(document: object, rows: list[list[str | None]]) -> Any:
    """A Word table of ``rows`` (9 columns); a level 1 equal to the row above's is merged down into it (vMerge)."""
    table = document.add_table(rows=len(rows), cols=9)  # type: ignore[attr-defined]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text is not None:
                table.cell(r, c).text = text
    for r in range(1, len(rows)):
        if rows[r][1] and rows[r][1] == rows[r - 1][1] and rows[r][0] is None:
            table.cell(r - 1, 1).merge(table.cell(r, 1)).text = rows[r][1]
    return table


TOP = [None, "绩效指标", None, None, "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
LOW = [None, "一级指标", "二级指标", "三级指标", None, None, None, None, None]


def _merge_header(table: Any, row: int) -> None:
    """A two-row header: 年度指标值 … 偏差原因分析 merged down over the 一级指标 row."""
    for c in range(4, 9):
        table.cell(row, c).merge(table.cell(row + 1, c))


def central_form(
    table: Table, path: Path, *, split_at: int, repeat_header: bool, top: list[str | None] | None = None
) -> Path:
    """The central template (年度指标值 holds ≥10户): title lines as paragraphs, the indicators
    continued in a second Word table after a page break, its header row printed again or not.
    With ``top``, the header is two rows (TOP over LOW), and ``top`` is the second table's first row."""
    document = docx.Document()
    document.add_paragraph("项目支出绩效自评表")
    document.add_paragraph(f"（{table.year}年度）")
    document.add_paragraph(f"项目名称：{table.project}")
    f, ex = table.funds, table.execution
    head: list[list[str | None]] = [
        ["主管部门", table.department, None, None, "实施单位", table.implementer, None, None, None],
        ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", None],
        [None, "年度资金总额", f.total.initial, f.total.annual, f.total.executed, ex.weight, ex.rate, ex.score, None],
        [None, "其中：当年财政拨款", f.fiscal.initial, f.fiscal.annual, f.fiscal.executed, None, None, None, None],
        [None, "上年结转资金", None, None, None, None, None, None, None],
        [None, "其他资金", None, None, None, None, None, None, None],
        *([list(TOP), list(LOW)] if top else [list(HEADER)]),
    ]
    rows = [
        [None, i.level1, i.level2, i.name, _target(i), i.actual, i.weight, i.score, i.explanation]
        for i in table.indicators
    ]
    total: list[str | None] = ["总分", None, None, None, None, None, "100", table.total, table.grade]
    first = _table(document, head + rows[:split_at])
    document.add_paragraph().add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
    again = [list(top), list(LOW)] if top else [list(HEADER)]
    second = _table(document, (again if repeat_header else []) + rows[split_at:] + [total])
    if top:
        _merge_header(first, len(head) - 2)
        if repeat_header:
            _merge_header(second, 0)
    document.save(str(path))
    return path


def _target(indicator: Indicator) -> str:
    """年度指标值 as the central template prints it: operator, value and unit in one cell (≥10户)."""
    return f"{SYMBOLS[indicator.operator]}{indicator.target or ''}{indicator.unit or ''}"


def _read(path: Path) -> Table:
    [record] = read_path(path, source=path.name)
    assert record.error is None, record.error
    assert record.table is not None
    return record.table


@pytest.mark.parametrize("repeat_header", [True, False])
def test_a_word_table_carried_on_in_a_second_table_reads_every_row(
    tmp_path: Path, sample: object, repeat_header: bool
) -> None:
    """The header row printed again atop the second table is no second form (it was refused as one)."""
    want = sample("06")  # type: ignore[operator]
    table = _read(central_form(want, tmp_path / "form.docx", split_at=3, repeat_header=repeat_header))
    assert [i.name for i in table.indicators] == [i.name for i in want.indicators]
    assert [i.target for i in table.indicators][:2] == ["≥10户", "≥90平方米"]
    assert [(i.actual, i.weight, i.score) for i in table.indicators] == [
        (i.actual, i.weight, i.score) for i in want.indicators
    ]
    assert (table.funds.total.annual, table.execution.score, table.total) == ("30.90", "9.97", want.total)
    assert perfeval.score(table).total == perfeval.score(want).total


def test_a_pdf_header_repeated_over_a_row_broken_across_pages_is_dropped(sample: object) -> None:
    """Word repeats the header row on page 2, between the halves of a row the break cut: the halves
    were read as two indicators (or the repeat as a second form); the repeat is dropped, the row joined."""
    want = sample("06")  # type: ignore[operator]
    table = _read(FORMATS / "word-repeated-header.pdf")
    assert [i.name for i in table.indicators] == [i.name for i in want.indicators]
    assert [i.level1 for i in table.indicators][:2] == ["产出指标", "产出指标"]
    assert table.indicators[0].target == "≥10户"
    assert [(i.weight, i.score) for i in table.indicators] == [(i.weight, i.score) for i in want.indicators]
    assert (table.total, table.funds.total.annual, table.execution.score) == ("99.97", "30.90", "9.97")
    assert perfeval.score(table).total == perfeval.score(want).total == Decimal("90.00")


def test_a_two_row_header_printed_again_only_in_part_is_still_refused(tmp_path: Path, sample: object) -> None:
    """Its first row printed otherwise (偏差原因分析 cut short), only the 一级指标 row repeats: that row is no
    repeat to drop, or the first row's 得分 would end the indicators there (3 of 6 read, no error)."""
    want = sample("06")  # type: ignore[operator]
    changed = [*TOP[:-1], "偏差原因分析"]
    path = central_form(want, tmp_path / "form.docx", split_at=3, repeat_header=True, top=changed)
    [record] = read_path(path, source=path.name)
    assert isinstance(record.error, LayoutError)
    assert "table 2, row 2, column 2: a second 一级指标 header" in str(record.error)


def test_a_two_row_header_printed_again_whole_is_dropped(tmp_path: Path, sample: object) -> None:
    want = sample("06")  # type: ignore[operator]
    table = _read(central_form(want, tmp_path / "form.docx", split_at=3, repeat_header=True, top=TOP))
    assert [(i.name, i.weight, i.score) for i in table.indicators] == [
        (i.name, i.weight, i.score) for i in want.indicators
    ]


def _wrap(element: Any) -> None:
    """Put ``element`` inside a content control (``w:sdt``), as a template's form fields do."""
    from docx.oxml import OxmlElement

    control, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    control.append(OxmlElement("w:sdtPr"))
    control.append(content)
    element.addprevious(control)
    content.append(element)


def _edited(tmp_path: Path, want: Table, edit: Any) -> Table:
    path = central_form(want, tmp_path / "form.docx", split_at=3, repeat_header=False)
    document = docx.Document(str(path))
    edit(document)
    document.save(str(path))
    return _read(path)


def test_rows_and_cells_inside_content_controls_are_read(tmp_path: Path, sample: object) -> None:
    """A repeating section (rows in a w:sdt) was skipped: 3 indicators of 6 read, 60 points of 90, no error."""
    want = sample("06")  # type: ignore[operator]

    def edit(document: Any) -> None:
        rows = document.tables[0]._tbl.tr_lst
        for tr in rows[-3:]:  # the first table's three indicator rows
            _wrap(tr)
            _wrap(tr.tc_lst[7])  # and its 得分 cell in a field of its own
        _wrap(document.tables[1]._tbl.tr_lst[0])

    table = _edited(tmp_path, want, edit)
    assert [(i.name, i.weight, i.score) for i in table.indicators] == [
        (i.name, i.weight, i.score) for i in want.indicators
    ]
    assert perfeval.score(table).total == Decimal("90.00")


def test_hidden_text_in_a_cell_is_not_read(tmp_path: Path, sample: object) -> None:
    """Text formatted hidden (隐藏文字) does not print: a hidden 1 before 25.00 read as a 分值 of 125.00."""
    from docx.oxml import OxmlElement

    want = sample("06")  # type: ignore[operator]

    def edit(document: Any) -> None:
        for tr in document.tables[0]._tbl.tr_lst[-3:]:
            paragraph = next(tr.tc_lst[6].iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"))
            run, props, text = OxmlElement("w:r"), OxmlElement("w:rPr"), OxmlElement("w:t")
            props.append(OxmlElement("w:vanish"))
            text.text = "1"
            run.append(props)
            run.append(text)
            paragraph.insert(len(paragraph) - 1, run)

    table = _edited(tmp_path, want, edit)
    assert [i.weight for i in table.indicators] == [i.weight for i in want.indicators]


def test_a_comparison_typed_in_the_symbol_font_is_read(tmp_path: Path, sample: object) -> None:
    """插入 → 符号 in the Symbol font stores ≥ as w:sym F0B3: it was no text at all (年度指标值 10户, the
    comparison lost); a PDF printed from it holds U+F0B3, an operator perfeval could not read."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    want = sample("06")  # type: ignore[operator]

    def edit(document: Any) -> None:
        for tr in document.tables[0]._tbl.tr_lst[-3:]:
            text = next(tr.tc_lst[4].iter(qn("w:t")))
            symbol, run = OxmlElement("w:sym"), OxmlElement("w:r")
            symbol.set(qn("w:font"), "Symbol")
            symbol.set(qn("w:char"), {"≥": "F0B3", "=": "F03D"}[text.text[0]])
            run.append(symbol)
            text.getparent().addprevious(run)
            text.text = text.text[1:]

    table = _edited(tmp_path, want, edit)
    assert [i.target for i in table.indicators[:3]] == ["≥10户", "≥90平方米", "≥1000万元"]
    stack = Stack("form.pdf")
    stack.line("page 1", [(1, "\uf0b390%"), (2, "\uf0a35\uf025"), (3, "\uf0fc")])
    assert list(stack.grid().cells.values()) == ["≥90%", "≤5%", "\uf0fc"]  # an unknown one stays unread


class _Page:
    """What :func:`drop_repeated_headers` reads of a PDF page: its tables' cells and the lines outside them."""

    def __init__(self, lines: list[str], rows: list[list[str]]) -> None:
        self.lines = [(10.0 + n, [(50.0, text)]) for n, text in enumerate(lines)]
        cells = [((50.0 + 40 * c, 100.0 + 20 * r, 90.0 + 40 * c, 120.0 + 20 * r), text)
                 for r, row in enumerate(rows) for c, text in enumerate(row)]  # fmt: skip
        self.tables = [((50.0, 100.0, 500.0, 120.0 + 20 * len(rows)), cells)] if cells else []


HEAD = ["一级指标", "二级指标", "三级指标", "分值", "得分"]
ROW = ["产出指标", "数量指标", "培训人次", "50", "50"]


@pytest.mark.parametrize(
    ("between", "kept"),
    [
        ([], False),  # the table carries on: the header Word printed again is dropped
        (["项目支出绩效自评表"], True),  # a second form's title on the page between: its own header stays
    ],
)
def test_a_pdf_header_is_dropped_only_where_the_same_form_carries_on(between: list[str], kept: bool) -> None:
    """A second form whose indicator table opened a page lost its header to the form before (refused)."""
    from perfeval.read.pdf_repeat import drop_repeated_headers

    pages = [
        _Page(["项目支出绩效自评表"], [HEAD, ROW]),
        _Page(between, [["项目名称", "乙"], ["年度资金总额", "10"]] if between else [ROW]),
        _Page([], [HEAD, ROW]),
    ]
    drop_repeated_headers(pages)
    assert [text for _, text in pages[2].tables[0][1]] == (HEAD if kept else []) + ROW
