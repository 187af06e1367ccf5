"""The working paper made to print and to read at a glance (called by :mod:`perfeval.report.writers` before saving).

- every sheet landscape on A4, fitted to the page width, with a header
  (project or sheet, source) and a footer (page x of y); the Summary and
  Findings repeat their header row on every page;
- column widths fitted to their text (wide CJK characters count double), long
  text wrapped and its row made tall enough;
- the Summary sorted by severity (unreadable inputs, then errors, warnings,
  info), a grade that changes on recomputation (优→差) highlighted and shown
  in its own column, and two native Excel charts below it: reported against
  computed total for the tables to open first, and findings by code;
- a legend sheet (图例 Legend) explaining the fills and the columns.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from copy import copy
from decimal import Decimal
from typing import Any

from perfeval.vocab import Grade

__all__ = ["CHART_TABLES", "LEGEND", "finish"]

#: The Summary's chart of totals shows this many tables, the worst first (the Summary is sorted).
CHART_TABLES = 30

#: The legend sheet's name.
LEGEND = "图例 Legend"

# Summary columns (1-based), as paper._Paper lays them out.
_REPORTED_TOTAL, _COMPUTED_TOTAL, _REPORTED_GRADE, _COMPUTED_GRADE = 4, 5, 6, 7
_ERRORS, _WARNINGS, _INFOS, _SHEET, _UNREADABLE, _GRADE_CHANGE = 8, 9, 10, 11, 12, 13

_FOOTER = "第 &P 页 / 共 &N 页    page &P of &N"


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: wide (CJK) characters count two.

    >>> display_width("其中：当年财政拨款"), display_width("total 90.56")
    (18, 11)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _text_of(value: object) -> str:
    if value is None:
        return ""
    return str(value)


def _header_text(text: str, limit: int = 60, *, tail: bool = False) -> str:
    """Input text for a page header: one line, no control character, ``&`` doubled (it starts a header code), cut —
    at the end, or at the front for a file path whose name is what matters (``tail``).

    >>> _header_text("A&B\x01 项目"), _header_text("/a/long/path/t.json", 10, tail=True)
    ('A&&B 项目', '…th/t.json')
    """
    text = " ".join("".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text).split())
    if len(text) > limit:
        text = "…" + text[len(text) - limit + 1 :] if tail else text[: limit - 1] + "…"
    return text.replace("&", "&&")


def _page(ws: Any, left: str, right: str, title_rows: str | None = None) -> None:
    """Landscape A4, fitted to the page width, header and footer, and the rows repeated on every page."""
    from openpyxl.worksheet.page import PageMargins

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as it takes
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.75, bottom=0.6, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.oddHeader.left.text = _header_text(left)
    ws.oddHeader.left.size = 9
    ws.oddHeader.right.text = _header_text(right, 80, tail=True)  # the file's name, not its folders
    ws.oddHeader.right.size = 9
    ws.oddFooter.center.text = _FOOTER
    ws.oddFooter.center.size = 9
    if title_rows is not None:
        ws.print_title_rows = title_rows


def _merged_widths(ws: Any) -> dict[str, float]:
    """The width of each merged range's top-left cell: the sum of its columns."""
    from openpyxl.utils import get_column_letter

    widths = {}
    for merged in ws.merged_cells.ranges:
        total = sum(
            ws.column_dimensions[get_column_letter(c)].width or 8.43 for c in range(merged.min_col, merged.max_col + 1)
        )
        widths[f"{get_column_letter(merged.min_col)}{merged.min_row}"] = total
    return widths


def _merged_cells(ws: Any) -> set[tuple[int, int]]:
    return {
        (r, c)
        for merged in ws.merged_cells.ranges
        for r in range(merged.min_row, merged.max_row + 1)
        for c in range(merged.min_col, merged.max_col + 1)
    }


def _cells(ws: Any, first_row: int) -> list[Any]:
    """The cells the sheet holds from ``first_row`` on (iter_rows would create every empty one)."""
    return [cell for (row, _), cell in ws._cells.items() if row >= first_row]


def _realign(ws: Any, cell: Any, cache: dict[int, int], **change: Any) -> None:
    """Change a cell's alignment through the book's table of alignments (no style proxy per cell: a batch is large)."""
    if cell._style is None:  # a cell never styled
        from openpyxl.styles.cell_style import StyleArray

        cell._style = StyleArray()
    old_id = cell._style.alignmentId
    new_id = cache.get(old_id)
    if new_id is None:
        from openpyxl.styles import Alignment

        old = ws.parent._alignments[old_id]
        merged = {"horizontal": old.horizontal, "vertical": old.vertical, "wrap_text": old.wrap_text, **change}
        if merged["vertical"] is None:
            merged["vertical"] = "top"
        new_id = cache[old_id] = ws.parent._alignments.add(Alignment(**merged))
    cell._style.alignmentId = new_id


def fit_columns(
    ws: Any,
    caps: dict[int, tuple[int, int]],
    default: tuple[int, int] = (6, 16),
    first_row: int = 1,
    header_row: int | None = None,
) -> None:
    """Each column as wide as its longest text (not in a merged cell), within ``(least, most)``; longer text wraps."""
    from openpyxl.utils import get_column_letter

    merged = _merged_cells(ws)
    cells = [c for c in _cells(ws, first_row) if c._value is not None and (c.row, c.column) not in merged]
    widest: dict[int, int] = {}
    for cell in cells:
        value = cell._value
        text = _text_of(value)
        if isinstance(value, float | int | Decimal) and cell._style is not None and cell._style.numFmtId:
            text = text + "00"  # room for the decimals a number format adds
        longest = max(display_width(line) for line in text.split("\n"))
        widest[cell.column] = max(widest.get(cell.column, 0), longest)
    if header_row is not None:  # wide enough for the longest word of the head ("warnings"); the rest wraps
        for cell in ws[header_row]:
            words = _text_of(cell.value).split()
            if words:
                widest[cell.column] = max(widest.get(cell.column, 0), *(display_width(w) for w in words))
    wrapped = set()
    for col in range(1, ws.max_column + 1):
        least, most = caps.get(col, default)
        ws.column_dimensions[get_column_letter(col)].width = min(most, max(least, widest.get(col, 0) + 2))
        if widest.get(col, 0) + 2 > most:
            wrapped.add(col)
    cache: dict[int, int] = {}
    for cell in cells:
        if cell.column in wrapped and cell.hyperlink is None:  # wrap what does not fit (a link stays one line)
            _realign(ws, cell, cache, wrap_text=True)


def align_top(ws: Any, first_row: int = 1) -> None:
    """Cells without a vertical alignment start at the top, so that a row's cells line up when one wraps."""
    cache: dict[int, int] = {}
    for cell in _cells(ws, first_row):
        if cell._value is not None:
            _realign(ws, cell, cache)


def fit_rows(ws: Any, first_row: int = 1, line_height: float = 15.0) -> None:
    """Rows as tall as their wrapped text needs (Excel and LibreOffice do not measure merged cells)."""
    from openpyxl.utils import get_column_letter

    merged_width = _merged_widths(ws)
    merged = _merged_cells(ws)
    alignments = ws.parent._alignments
    needed: dict[int, int] = {}
    for cell in _cells(ws, first_row):
        if not isinstance(cell._value, str) or cell._style is None or cell.hyperlink is not None:
            continue
        if not alignments[cell._style.alignmentId].wrap_text:
            continue
        if (cell.row, cell.column) in merged and cell.coordinate not in merged_width:
            continue
        width = merged_width.get(cell.coordinate) or ws.column_dimensions[get_column_letter(cell.column)].width
        usable = max(1.0, (width or 8.43) - 1)
        lines = sum(max(1, math.ceil(display_width(line) / usable)) for line in cell._value.split("\n"))
        needed[cell.row] = max(needed.get(cell.row, 1), lines)
    for number, lines in needed.items():
        if lines > 1:
            ws.row_dimensions[number].height = min(409.0, lines * line_height + 3)


def _snapshot(ws: Any, row: int, width: int) -> list[tuple[Any, ...]]:
    """One row's cells as they are: value and its type (kept: a text stays text), style, link, comment."""
    cells = []
    for col in range(1, width + 1):
        cell = ws.cell(row, col)
        link = cell.hyperlink.location if cell.hyperlink is not None else None
        cells.append((cell._value, cell.data_type, copy(cell._style), link, cell.comment))
    return cells


def _restore(ws: Any, row: int, cells: list[tuple[Any, ...]]) -> None:
    from openpyxl.worksheet.hyperlink import Hyperlink

    for col, (value, data_type, style, link, comment) in enumerate(cells, start=1):
        cell = ws.cell(row, col)
        cell._value = value
        cell.data_type = data_type
        cell._style = style
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=link) if link is not None else None
        cell.comment = copy(comment) if comment is not None else None


def _count(value: object) -> int:
    return value if isinstance(value, int) else 0


def _grade(value: object) -> Grade | None:
    return Grade.parse(value) if isinstance(value, str) else None


def sort_summary(ws: Any) -> None:
    """The Summary's rows worst first: unreadable, then by errors, warnings, info; ties keep input order."""
    last = ws.max_row
    width = max(ws.max_column, _GRADE_CHANGE)
    rows = [_snapshot(ws, r, width) for r in range(2, last + 1)]

    def severity(cells: list[tuple[Any, ...]]) -> tuple[int, ...]:
        unreadable = cells[_UNREADABLE - 1][0] is not None
        counts = (_count(cells[c - 1][0]) for c in (_ERRORS, _WARNINGS, _INFOS))
        return (-int(unreadable), *(-n for n in counts))

    rows.sort(key=severity)  # stable: equal rows keep their input order
    for r, cells in enumerate(rows, start=2):
        _restore(ws, r, cells)


def mark_grade_changes(ws: Any, fill: Any, font: Any) -> int:
    """A table whose recomputed grade differs from the reported one: both grades highlighted, 优→差 in its column."""
    changed = 0
    for r in range(2, ws.max_row + 1):
        reported = _grade(ws.cell(r, _REPORTED_GRADE).value)
        computed = _grade(ws.cell(r, _COMPUTED_GRADE).value)
        if reported is None or computed is None or reported is computed:
            continue
        changed += 1
        for col in (_REPORTED_GRADE, _COMPUTED_GRADE):
            ws.cell(r, col).fill = fill
            ws.cell(r, col).font = font
        cell = ws.cell(r, _GRADE_CHANGE)
        cell.value = f"{reported.label}→{computed.label}"
        cell.data_type = "s"
        cell.fill = fill
        cell.font = font
    return changed


def add_charts(ws: Any, findings: Any, legend: Any, head_fill: Any, bold: Any) -> None:
    """Below the Summary: reported against computed total of the worst tables, and findings by code.

    The charts add no cell to the Summary (it keeps one row a table); the
    counts by code that the second chart draws are a block of the legend sheet.
    """
    from openpyxl.chart import BarChart, Reference

    tables = ws.max_row - 1
    start = ws.max_row + 2
    shown = min(tables, CHART_TABLES)
    if shown:
        totals = BarChart()
        totals.type = "bar"
        totals.title = f"填报与计算总分 reported vs computed total (前 first {shown})"
        totals.y_axis.title = "总分 total"
        totals.x_axis.title = None
        data = Reference(ws, min_col=_REPORTED_TOTAL, max_col=_COMPUTED_TOTAL, min_row=1, max_row=1 + shown)
        totals.add_data(data, titles_from_data=True)
        totals.set_categories(Reference(ws, min_col=_SHEET, min_row=2, max_row=1 + shown))
        totals.x_axis.scaling.orientation = "maxMin"  # the worst table on top, as in the rows above
        totals.height = max(7.5, 0.5 * shown + 2)
        totals.width = 18
        totals.x_axis.tickLblSkip = 1  # every table named, none skipped
        totals.x_axis.delete = False
        totals.y_axis.delete = False
        ws.add_chart(totals, f"A{start + 1}")
    codes = Counter(str(findings.cell(r, 4).value) for r in range(2, findings.max_row + 1) if findings.cell(r, 4).value)
    if not codes:
        return
    table_row = legend.max_row + 3
    legend.cell(
        table_row - 1, 1, "各代码发现条数 findings by code (汇总表图表的数据 the Summary chart's data)"
    ).font = bold
    for col, text in ((1, "代码 code"), (2, "条数 findings")):
        cell = legend.cell(table_row, col, text)
        cell.font = bold
        cell.fill = head_fill
    for n, (code, count) in enumerate(sorted(codes.items(), key=lambda kv: (-kv[1], kv[0])), start=1):
        legend.cell(table_row + n, 1).value = code
        legend.cell(table_row + n, 1).data_type = "s"
        legend.cell(table_row + n, 2, count)
    by_code = BarChart()
    by_code.type = "bar"
    by_code.title = "各代码发现条数 findings by code"
    by_code.legend = None
    by_code.add_data(
        Reference(legend, min_col=2, min_row=table_row, max_row=table_row + len(codes)), titles_from_data=True
    )
    by_code.set_categories(Reference(legend, min_col=1, min_row=table_row + 1, max_row=table_row + len(codes)))
    by_code.x_axis.scaling.orientation = "maxMin"
    by_code.height = max(7.5, 0.5 * len(codes) + 2)
    by_code.width = 18
    by_code.x_axis.delete = False
    by_code.y_axis.delete = False
    ws.add_chart(by_code, f"G{start + 1}")


def add_legend(paper: Any) -> Any:
    """The 图例 Legend sheet, last in the book: what each fill and each column means."""
    from openpyxl.styles import Alignment, PatternFill

    from perfeval.findings import Severity

    ws = paper.wb.create_sheet(LEGEND)  # last: the table sheets keep their places after Summary and Findings
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 90
    wrap = Alignment(wrap_text=True, vertical="top")
    ws.cell(1, 1, "图例 Legend").font = paper.title_font
    rows: list[tuple[str, str, Any]] = [
        ("填充 fill", "含义 meaning", paper.head_fill),
        ("错误 error", "填报值与规则不符，须更正 — the reported value disagrees with the rules: to be corrected", paper.fills[Severity.ERROR]),
        ("警告 warning", "需要判断或说明 — worth a look or an explanation", paper.fills[Severity.WARNING]),
        ("提示 info", "仅供参考 — for information", paper.fills[Severity.INFO]),
        ("计算值 computed", "perfeval 按规则计算的值，列在填报值旁 — computed under the rules, beside the reported value", paper.computed_fill),
        ("表头 label", "表格的标签与列名 — the form's labels and column heads", paper.head_fill),
        ("等级变化 grade change", "汇总表中重算等级与填报等级不同（如 优→差）— on the Summary, the recomputed grade differs from the reported one", PatternFill("solid", fgColor=GRADE_CHANGE_FILL)),
    ]  # fmt: skip
    for r, (key, meaning, fill) in enumerate(rows, start=3):
        ws.cell(r, 1, key).fill = fill
        ws.cell(r, 1).border = paper.border
        ws.cell(r, 2, meaning).alignment = wrap
        ws.cell(r, 2).border = paper.border
        if r == 3:
            ws.cell(r, 1).font = ws.cell(r, 2).font = paper.bold
            ws.cell(r, 2).fill = fill
    notes = [
        ("汇总 Summary", "每表一行，按严重性排序（无法读取、错误、警告、提示）；底稿列链接到该表的工作表；下方图表。 One row a table, the worst first; the sheet column links to the table's sheet; charts below."),
        ("发现 Findings", "每条发现一行（与 CSV 列相同）；单元格列链接到被标出的单元格。 One row a finding (the CSV columns); the cell column links to the marked cell."),
        ("各表 table sheets", "按原表格式排列：填报值在左，计算值（绿色）在右：计算执行率、计算得分、是否完成 met、类型 kind、计算总得分、计算等级。被标出的单元格带批注，写明每条发现。 Laid out as the form: reported values, the computed ones (green) beside them; a marked cell carries the findings as a comment."),
        ("小计 subtotal", "指标行上方：分值合计、填报得分小计、计算得分合计。 Above the indicator rows: the weights' sum, the printed subtotal, the computed sum."),
        ("打印 printing", "横向、按页宽缩放，页眉为项目与来源，页脚为页码。 Landscape, fitted to the page width; the project and source in the header, page x of y in the footer."),
    ]  # fmt: skip
    start = len(rows) + 4
    ws.cell(start, 1, "列与工作表 columns and sheets").font = paper.bold
    for r, (key, meaning) in enumerate(notes, start=start + 1):
        ws.cell(r, 1, key).font = paper.bold
        ws.cell(r, 1).alignment = wrap
        ws.cell(r, 2, meaning).alignment = wrap
    align_top(ws)
    fit_rows(ws)
    _page(ws, "perfeval 审核底稿 working paper", LEGEND)
    return ws


#: The fill of a grade that changes on recomputation (the error red, in a darker shade).
GRADE_CHANGE_FILL = "FF9999"


def finish(paper: Any, sources: dict[str, tuple[str, str]]) -> None:
    """Make the working paper print: called once, after every table was added, before saving.

    ``sources`` maps each table sheet's name to its (project, source) for the page header.
    """
    from openpyxl.styles import Font, PatternFill

    summary, findings = paper.summary, paper.findings
    cell = summary.cell(1, _GRADE_CHANGE, "等级变化 grade change")
    cell.font, cell.fill, cell.alignment = paper.bold, paper.head_fill, paper.center
    summary.auto_filter.ref = f"A1:{cell.column_letter}1"
    sort_summary(summary)
    mark_grade_changes(summary, PatternFill("solid", fgColor=GRADE_CHANGE_FILL), Font(bold=True, color="9C0006"))
    fit_columns(summary, {1: (10, 30), 3: (12, 30), _UNREADABLE: (12, 40), _SHEET: (10, 34)}, (6, 12), 2, 1)
    fit_columns(
        findings, {1: (10, 28), 3: (12, 24), 4: (10, 26), 6: (10, 24), 10: (20, 40), 11: (20, 40)}, (6, 14), 2, 1
    )
    for ws in (summary, findings):
        align_top(ws, 2)
        fit_rows(ws)
    legend = add_legend(paper)
    add_charts(summary, findings, legend, paper.head_fill, paper.bold)
    _page(summary, "perfeval 审核底稿 working paper · 汇总 Summary", "", "1:1")
    _page(findings, "perfeval 审核底稿 working paper · 发现 Findings", "", "1:1")
    for name, (project, source) in sources.items():
        ws = paper.wb[name]
        fit_columns(ws, {1: (10, 20), 3: (14, 30), 13: (16, 36)}, (7, 14), first_row=3)
        align_top(ws, 3)
        fit_rows(ws, 3)
        _page(ws, project or name, source)
