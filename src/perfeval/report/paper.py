"""The Excel working paper (``audit --format xlsx``, extra ``excel``): a summary, the findings, a sheet per table.

See :mod:`perfeval.report.writers` for what each sheet holds and how text
from input is kept from being a formula.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from perfeval.auditing import Audit
from perfeval.decimals import places
from perfeval.errors import MissingExtraError
from perfeval.findings import Finding, Severity
from perfeval.outcome import Outcome
from perfeval.report.output import writing
from perfeval.report.rows import CSV_COLUMNS, FILLS, OnOutcome, audit_of, csv_rows, finding_rows, ignore
from perfeval.report.spreadsheet_safety import cell_text, is_formula_like, sheet_title
from perfeval.vocab import FUNDS_COLUMNS, INDICATOR_COLUMNS, level1_name

_PLAIN_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def _number(text: str | None) -> tuple[Decimal | str | None, str | None]:
    """A printed cell as an Excel value and number format: plain numbers become numbers."""
    if text is None:
        return None, None
    stripped = text.strip()
    if not _PLAIN_NUMBER.match(stripped):
        return text, None
    value = Decimal(stripped.replace(",", ""))
    return value, _format_for(value, grouped="," in stripped)


def _format_for(value: Decimal, grouped: bool = False) -> str:
    digits = places(value)
    return ("#,##0" if grouped else "0") + ("." + "0" * digits if digits else "")


def _computed(value: Decimal | None) -> tuple[Decimal | None, str | None]:
    if value is None:
        return None, None
    return value, _format_for(value)


def _sheet_ref(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\']")


class _Paper:
    """The working paper being written."""

    def __init__(self, openpyxl: Any) -> None:
        self.xl = openpyxl
        from openpyxl.comments import Comment
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
        from openpyxl.worksheet.hyperlink import Hyperlink

        self.Comment = Comment
        self.Hyperlink = Hyperlink
        self.wb = openpyxl.Workbook()
        self.bold = Font(bold=True)
        self.title_font = Font(bold=True, size=14)
        self.head_fill = PatternFill("solid", fgColor="D9D9D9")
        self.computed_fill = PatternFill("solid", fgColor="E2EFDA")
        self.fills = {s: PatternFill("solid", fgColor=c) for s, c in FILLS.items()}
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        thin = Side(style="thin", color="A6A6A6")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.summary = self.wb.active
        self.summary.title = "Summary"
        self.findings = self.wb.create_sheet("Findings")
        self.names: set[str] = {"Summary", "Findings"}
        self.tables = 0
        #: Each table sheet's (project, source) for its page header.
        self.sources: dict[str, tuple[str, str]] = {}
        self._header(
            self.summary,
            [
                ("来源 source", 36),
                ("序号 index", 8),
                ("项目名称 project", 40),
                ("填报总分 reported total", 12),
                ("计算总分 computed total", 12),
                ("填报等级 reported grade", 10),
                ("计算等级 computed grade", 10),
                ("错误 errors", 9),
                ("警告 warnings", 9),
                ("提示 info", 9),
                ("底稿 sheet", 24),
                ("无法读取 unreadable", 60),
            ],
        )
        self._header(
            self.findings,
            [
                ("来源 source", 36),
                ("序号 index", 8),
                ("项目名称 project", 30),
                ("代码 code", 26),
                ("严重性 severity", 10),
                ("位置 path", 26),
                ("填报值 reported", 14),
                ("计算值 computed", 14),
                ("规则 rule", 8),
                ("说明 message_zh", 60),
                ("message_en", 60),
                ("另见 also", 26),
                ("单元格 cell", 18),
            ],
        )

    def _header(self, ws: Any, columns: list[tuple[str, int]]) -> None:
        for col, (title, width) in enumerate(columns, start=1):
            cell = ws.cell(1, col, title)
            cell.font = self.bold
            cell.fill = self.head_fill
            cell.alignment = self.center
            ws.column_dimensions[self.xl.utils.get_column_letter(col)].width = width
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{self.xl.utils.get_column_letter(len(columns))}1"

    def _put(self, ws: Any, row: int, col: int, value: Any, number_format: str | None = None) -> Any:
        """Write one cell; text is typed as text (never a formula) and made holdable, said in a comment."""
        cell = ws.cell(row, col)
        if isinstance(value, str) and value:  # "" is an empty cell, not an empty string
            value, note = cell_text(value)
            cell.value = value
            cell.data_type = "s"  # openpyxl makes "=…" a formula and "#N/A" an error
            if is_formula_like(value):
                cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
            if note is not None:
                cell.comment = self._comment(note, 1)
        else:
            cell.value = value if value != "" else None
        if number_format is not None:
            cell.number_format = number_format
        return cell

    def _comment(self, text: str, entries: int) -> Any:
        comment = self.Comment(cell_text(text)[0], "perfeval")
        comment.width = 360
        comment.height = min(600, 90 + 70 * entries)
        return comment

    def sheet_name(self, index: int, project: str | None) -> str:
        self.tables += 1
        base = f"{self.tables:03d} " + _BAD_SHEET_CHARS.sub("_", project or "table")
        name = sheet_title(base).rstrip()
        n = 2
        while name.lower() in {x.lower() for x in self.names}:
            suffix = f" ({n})"
            name = sheet_title(base, 31 - len(suffix)).rstrip() + suffix
            n += 1
        self.names.add(name)
        return name

    def add(self, outcome: Outcome) -> None:
        row = self.summary.max_row + 1
        ws = self.summary
        self._put(ws, row, 1, outcome.source)
        self._put(ws, row, 2, outcome.index)
        result = audit_of(outcome)
        if outcome.error is not None or result is None:
            error = outcome.error
            code = error.code if error is not None else "internal-error"
            message = str(error) if error is not None else "no result"
            self._put(ws, row, 12, f"{code}: {message}").alignment = self.wrap
            for col in range(1, 13):
                ws.cell(row, col).fill = self.fills[Severity.ERROR]
            frow = self.findings.max_row + 1
            [error_row] = csv_rows(outcome)
            for col, key in enumerate(CSV_COLUMNS, start=1):
                self._put(self.findings, frow, col, error_row[key])
            self.findings.cell(frow, 5).fill = self.fills[Severity.ERROR]
            return
        card, table = result.scorecard, result.table
        name = self.sheet_name(outcome.index, table.project)
        self.sources[name] = (table.project or "", f"{outcome.source}[{outcome.index}]")
        cells = _TableSheet(self, self.wb.create_sheet(name), outcome, result).write()
        self._put(ws, row, 3, table.project)
        self._put(ws, row, 4, *_number(table.total))
        self._put(ws, row, 5, *_computed(card.total))
        self._put(ws, row, 6, table.grade)
        self._put(ws, row, 7, card.grade.label)
        for col, severity in ((8, Severity.ERROR), (9, Severity.WARNING), (10, Severity.INFO)):
            count = result.count(severity)
            cell = self._put(ws, row, col, count)
            if count:
                cell.fill = self.fills[severity]
        link = self._put(ws, row, 11, name)
        self._link(link, f"{_sheet_ref(name)}!A1")
        rows = finding_rows(outcome.source, outcome.index, result)  # the CSV's rows: one home for their columns
        for finding, values in zip(result.findings, rows, strict=True):
            frow = self.findings.max_row + 1
            for col, key in enumerate(CSV_COLUMNS, start=1):
                value: Any = values[key]
                number_format = None
                if key in ("reported", "computed"):
                    value, number_format = _number(value)
                self._put(self.findings, frow, col, value, number_format)
            self.findings.cell(frow, 5).fill = self.fills[finding.severity]
            for col in (10, 11):
                self.findings.cell(frow, col).alignment = self.wrap
            coordinate = cells.get(finding.path)
            if coordinate is not None:
                target = self._put(self.findings, frow, len(CSV_COLUMNS) + 1, coordinate)
                self._link(target, f"{_sheet_ref(name)}!{coordinate}")

    def _link(self, cell: Any, location: str) -> None:
        """An internal link (a location in this workbook, not an external target)."""
        cell.hyperlink = self.Hyperlink(ref=cell.coordinate, location=location)
        cell.style = "Hyperlink"

    def save(self, handle: IO[bytes]) -> None:
        from perfeval.report.paper_print import finish

        finish(self, self.sources)  # page setup, sorted Summary, charts, legend
        # Zipped in memory first: openpyxl leaves its zip file half-closed when the disk is full.
        buffer = io.BytesIO()
        self.wb.save(buffer)
        handle.write(buffer.getbuffer())


_IND_COLUMNS = {
    "level1": 1,
    "level2": 2,
    "name": 3,
    "operator": 4,
    "target": 5,
    "unit": 6,
    "actual": 7,
    "weight": 8,
    "score": 9,
    "explanation": 13,
}
_WIDTHS = (12, 14, 34, 9, 14, 10, 14, 10, 11, 11, 10, 13, 40)


class _TableSheet:
    """One table's sheet: the form, reported and computed side by side, findings marked."""

    def __init__(self, paper: _Paper, ws: Any, outcome: Outcome, result: Audit) -> None:
        self.p = paper
        self.ws = ws
        self.outcome = outcome
        self.result = result
        #: JSON path of a reported cell → its coordinate on this sheet.
        self.cells: dict[str, str] = {}

    def put(self, row: int, col: int, value: Any, number_format: str | None = None, path: str | None = None) -> Any:
        cell = self.p._put(self.ws, row, col, value, number_format)
        cell.border = self.p.border
        if path is not None:
            self.cells[path] = cell.coordinate
        return cell

    def reported(self, row: int, col: int, text: str | None, path: str) -> Any:
        return self.put(row, col, *_number(text), path=path)

    def computed(self, row: int, col: int, value: Decimal | str | None) -> Any:
        value_format = _computed(value) if isinstance(value, Decimal) else (value, None)
        cell = self.put(row, col, *value_format)
        cell.fill = self.p.computed_fill
        return cell

    def head(self, row: int, col: int, text: str, to_col: int | None = None) -> None:
        cell = self.put(row, col, text)
        cell.font = self.p.bold
        cell.fill = self.p.head_fill
        cell.alignment = self.p.center
        if to_col is not None and to_col > col:
            self.ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=to_col)

    def text(self, row: int, col: int, text: str | None, to_col: int, path: str | None = None) -> None:
        cell = self.put(row, col, text, path=path)
        cell.alignment = self.p.wrap
        if to_col > col:
            self.ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=to_col)

    def write(self) -> dict[str, str]:
        ws, table, card = self.ws, self.result.table, self.result.scorecard
        for col, width in enumerate(_WIDTHS, start=1):
            ws.column_dimensions[self.p.xl.utils.get_column_letter(col)].width = width
        year = f"{table.year}年度" if table.year is not None else ""
        title = self.p._put(ws, 1, 1, f"{year}项目支出绩效自评表（审核底稿 working paper）")
        title.font = self.p.title_font
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=13)
        where = f"来源 source: {self.outcome.source}[{self.outcome.index}]    规则 rules: {card.rules.name}"
        self.p._put(ws, 2, 1, where)
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=11)
        if table.table_no:
            self.p._put(ws, 2, 13, table.table_no)
        self.cells["$"] = "A1"
        self.head(3, 1, "项目名称")
        self.text(3, 2, table.project, 6, path="$.project")
        self.head(3, 7, "主管部门")
        self.text(3, 8, table.department, 9, path="$.department")
        self.head(3, 10, "实施单位")
        self.text(3, 11, table.implementer, 13, path="$.implementer")
        remarks, other = _split_notes(table.notes)
        self._funds(5, remarks)
        self.head(11, 1, "预期目标", 6)
        self.head(11, 7, "实际完成情况", 13)
        self.text(12, 1, table.goals.expected, 6, path="$.goals.expected")
        self.text(12, 7, table.goals.achieved, 13, path="$.goals.achieved")
        ws.row_dimensions[12].height = 75
        row = self._indicators(14)
        self.head(row, 1, "其他需要说明的事项")
        self.text(row, 2, other, 13, path="$.notes")
        if other:
            ws.row_dimensions[row].height = 45
        row += 2
        for col, text in enumerate(("总分", "总分值", "总得分", "计算总得分", "自评等级", "计算等级"), start=1):
            self.head(row, col, text)
        self.put(row + 1, 2, *_computed(card.rules.total_weight))
        self.reported(row + 1, 3, table.total, "$.total")
        self.computed(row + 1, 4, card.total)
        self.reported(row + 1, 5, table.grade, "$.grade")
        self.computed(row + 1, 6, card.grade.label)
        ws.freeze_panes = "A3"
        self._mark()
        return self.cells

    def _funds(self, row: int, remarks: str | None) -> None:
        table, card = self.result.table, self.result.scorecard
        heads = ("项目资金(万元)", *FUNDS_COLUMNS.values(), "分值", "执行率", "计算执行率")
        for col, text in enumerate((*heads, "得分", "计算得分"), start=1):
            self.head(row, col, text)
        self.head(row, 10, "备注", 13)
        lines = (
            ("total", "年度资金总额"),
            ("fiscal", "其中：当年财政拨款"),
            ("carryover", "上年结转资金"),
            ("other", "其他资金"),
        )
        for i, (name, label) in enumerate(lines, start=1):
            self.head(row + i, 1, label)
            line = getattr(table.funds, name)
            for col, key in ((2, "initial"), (3, "annual"), (4, "executed")):
                self.reported(row + i, col, getattr(line, key), f"$.funds.{name}.{key}")
        r = row + 1
        ex = table.execution
        self.reported(r, 5, ex.weight, "$.execution.weight")
        self.reported(r, 6, ex.rate, "$.execution.rate")
        self.computed(r, 7, card.execution.printed_rate if card.execution.rate is not None else "—")
        self.reported(r, 8, ex.score, "$.execution.score")
        self.computed(r, 9, card.execution.points)
        self.text(r, 10, remarks, 13)

    def _indicators(self, row: int) -> int:
        table, card = self.result.table, self.result.scorecard
        *heads, score, explanation = INDICATOR_COLUMNS.values()  # the printed columns, 得分 and 偏差原因… last
        more = (score, "计算得分", "是否完成 met", "类型 kind", explanation)
        for col, text in enumerate((*heads, *more), start=1):
            self.head(row, col, text)
        row += 1
        # The subtotal line, as printed above the indicators: Σ weights | reported subtotal | Σ computed.
        weights = [s.weight for s in card.indicators if s.weight is not None]
        self.computed(row, 8, sum(weights, Decimal(0)) if weights else None)
        self.cells["$.indicators[*].weight"] = f"H{row}"
        self.reported(row, 9, table.subtotal, "$.subtotal")
        self.computed(row, 10, sum((s.points for s in card.indicators), Decimal(0)))
        self.head(row, 1, "小计", 7)  # under the names, not in the 是否完成 column; read back as the subtotal line
        row += 1
        for scored in card.indicators:
            ind, base = scored.indicator, f"$.indicators[{scored.index}]"
            for key, col in _IND_COLUMNS.items():
                text = getattr(ind, key)
                if key in ("target", "actual", "weight", "score"):
                    self.reported(row, col, text, f"{base}.{key}")
                else:
                    self.put(row, col, text, path=f"{base}.{key}").alignment = self.p.wrap
            self.cells[base] = f"C{row}"
            self.computed(row, 10, scored.points)
            self.computed(row, 11, {True: "是", False: "否", None: "?"}[scored.met])
            self.computed(row, 12, scored.kind.value)
            row += 1
        return row + 1

    def _level1_cell(self, finding: Finding) -> str | None:
        """A group finding (``finding.group``, e.g. 产出指标): the first row of that level-1 group."""
        if finding.group is None:
            return None
        for scored in self.result.scorecard.indicators:
            if level1_name(scored.indicator.level1) == level1_name(finding.group):
                return self.cells.get(f"$.indicators[{scored.index}].level1")
        return self.cells.get("$.indicators[*].weight")

    def _mark(self) -> None:
        by_cell: dict[str, list[Finding]] = {}
        for finding in self.result.findings:
            coordinate = (
                self.cells.get(finding.path)
                or self._level1_cell(finding)
                or self.cells.get(_parent(finding.path))
                or "A1"
            )
            self.cells.setdefault(finding.path, coordinate)
            by_cell.setdefault(coordinate, []).append(finding)
        for coordinate, findings in by_cell.items():
            worst = max(findings, key=lambda f: f.severity.rank).severity
            cell = self.ws[coordinate]
            cell.fill = self.p.fills[worst]
            text = "\n\n".join(
                f"[{f.severity.value}] {f.code} ({f.rule}) {f.path}\n{f.message_zh}\n{f.message_en}" for f in findings
            )
            if cell.comment is not None:  # what _put said about the cell's own text comes first
                text = cell.comment.text + "\n\n" + text
            cell.comment = self.p._comment(text, len(findings) + (cell.comment is not None))


def _split_notes(notes: str | None) -> tuple[str | None, str | None]:
    """``notes`` as the form prints them: the 备注 cell and the 其他需要说明的事项 row."""
    remarks, other = [], []
    for line in (notes or "").split("\n"):
        if line.startswith("备注："):
            remarks.append(line.removeprefix("备注："))
        elif line:
            other.append(line.removeprefix("其他需要说明的事项："))
    return "\n".join(remarks) or None, "\n".join(other) or None


def _parent(path: str) -> str:
    return path.rsplit(".", 1)[0] if "." in path else path


def write_working_paper(outcomes: Iterable[Outcome], path: str | Path, on_outcome: OnOutcome = ignore) -> None:
    """Write ``outcomes`` as an Excel working paper at ``path`` (extra ``excel``)."""
    try:
        import openpyxl
    except ImportError:
        raise MissingExtraError(
            "writing the .xlsx working paper needs openpyxl: pip install 'perfeval[excel]'"
        ) from None
    with writing(path, binary=True) as handle:  # opened first: a path that cannot be written is said at once
        paper = _Paper(openpyxl)
        for outcome in outcomes:
            on_outcome(outcome)
            paper.add(outcome)
        paper.save(handle)
