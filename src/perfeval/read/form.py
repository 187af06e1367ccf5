"""Reading the printed form off a grid: every part of a table found by its label cell (any grid format).

The xlsx, xls, ods, docx and pdf readers each make grids; :func:`tables_from_grids`
reads the forms on them, one :class:`~perfeval.record.Record` per table.  How the
cells map onto ``perfeval-table/1`` is told in :mod:`perfeval.read.xlsx_reader`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from typing import Any

from perfeval.errors import (
    InternalError,
    InvalidTableError,
    LayoutError,
    PerfevalError,
    Problem,
)
from perfeval.read import form_repeat, form_rows
from perfeval.read.form_doc import blank_form, located_paths
from perfeval.read.form_grid import FormGrid, Segment, table_segments
from perfeval.read.form_units import money_unit
from perfeval.read.grid import Grid, Pos
from perfeval.read.json_format import from_dict
from perfeval.read.labels import (
    INLINE_PATTERNS,
    NOTE_MARKS,
    SUM_LABELS,
    TABLE_NO,
    TITLE,
    TOTAL_LABELS,
    YEAR,
    YEAR_LINE,
    label_key,
)
from perfeval.read.xlsx_formulas import UNSAVED_FORMULA
from perfeval.record import Record
from perfeval.values import FORMAT
from perfeval.vocab import EXECUTION_COLUMNS, FUNDS_COLUMNS, FUNDS_LINES, INDICATOR_COLUMNS


class _TableReader:
    """Reads one table: rows ``first..last`` of a grid, anchored at ``anchor``, under the title ``heading``."""

    def __init__(self, grid: FormGrid, anchor: Pos, first: int, last: int, heading: Pos | None = None) -> None:
        self.g = grid
        self.anchor = anchor
        self.heading = heading
        self.repeated: frozenset[int] = frozenset()  # rows printing the indicator header again
        self.rows = (first, last)
        #: Rows above the anchor that still belong to the table (编制单位 … above an untitled 项目名称).
        self.lookback = 0 if anchor == heading else 2
        self.funds_row: int | None = None
        #: The columns of the indicators' 得分 header, where the central form prints the total.
        self.score_columns: tuple[int, int] | None = None
        #: The columns of the indicators' 分值 header, where the central form prints the 分值 total.
        self.weight_columns: tuple[int, int] | None = None
        self.missing: list[Problem] = []
        self.where: dict[str, str] = {}
        #: The last row of the indicators, once read (a 合计 line below it may be the total).
        self.indicators_end: int | None = None
        #: How a cell was read other than as printed (transcription notes).
        self.notes: list[str] = []

    def miss(self, pos: Pos, what: str) -> None:
        self.missing.append(Problem(self.g.ref(pos), f"no {what} found"))

    def find(self, label: str, rows: tuple[int, int] | None = None) -> Pos | None:
        for pos, found in self.g.labels(rows or self.rows):
            if found == label:
                return pos
        return None

    def find_inline(self, label: str) -> tuple[Pos, str | None] | None:
        """A label and its value: right of it, or in the same cell after a colon (项目名称：xxx).

        Text after the label with no colon is the value only when nothing follows the cell
        on its row; else it is part of the label (主管部门及代码, 主管部门（盖章）).  A cell
        that is itself an inline label with its value (实施单位：xxx) is never the value.
        """
        g = self.g
        for pos in g.filled(self.rows):
            if not g.keys[pos].startswith(label):
                continue
            if g.canon.get(pos) == label:
                return self._beside(pos, label)
            match = INLINE_PATTERNS[label].match(g.cells[pos])
            if match is None:
                continue
            rest = match.group("rest") or None
            if match.group("colon"):
                return pos, rest
            beside = self._beside(pos, label)
            return (pos, rest) if beside[1] is None else beside
        return None

    def _beside(self, pos: Pos, label: str) -> tuple[Pos, str | None]:
        """The value right of a label; blank when that cell is another inline label (实施单位：xxx)."""
        found = self.g.right_of(pos)
        others = (pattern for other, pattern in INLINE_PATTERNS.items() if other != label)
        if found[1] is not None and any((m := p.match(found[1])) is not None and m.group("colon") for p in others):
            return (pos[0], self.g.columns(pos)[1] + 1), None
        return found

    def put(self, path: str, found: tuple[Pos, str | None]) -> str | None:
        pos, text = found
        self.where[path] = self.g.ref(pos)
        return text

    def read(self) -> dict[str, Any]:
        g = self.g
        self._formulas_saved()
        doc: dict[str, Any] = {"format": FORMAT, "table_no": None, "year": self._year()}
        for key, label in (("project", "项目名称"), ("department", "主管部门"), ("implementer", "实施单位")):
            found = self.find_inline(label)
            if found is None and label == "实施单位":
                found = self.find_inline("预算单位")
            if found is None:
                if label == "项目名称":
                    self.miss(self.anchor, "项目名称 label")
                doc[key] = None
            else:
                doc[key] = self.put(f"$.{key}", found)
        remarks = self._funds(doc)
        if self.funds_row is not None:
            rows = (max(1, self.rows[0] - self.lookback), self._funds_end(self.funds_row))
            self.notes += money_unit(g, rows, doc)
        head_rows = (max(1, self.rows[0] - self.lookback), (self.funds_row or self.rows[1] + 1) - 1)
        for pos in g.filled(head_rows):
            found_no = TABLE_NO.search(g.cells[pos])
            if found_no:
                doc["table_no"] = re.sub(r"\s+", "", found_no.group(0))
                break
        if doc["table_no"] is None and self.heading is not None:  # 公开N表 alone in a cell just above the title
            above = (max(1, self.heading[0] - 2), self.heading[0] - 1)
            doc["table_no"] = next((g.keys[p] for p in g.filled(above) if TABLE_NO.fullmatch(g.keys[p])), None)
        ind_header = self._goals_and_header(doc)
        other = self.find_inline("其他需要说明的事项")
        # notes marked with where they stand, as transcriptions write them; a printed mark is not doubled
        notes = []
        if remarks:
            notes.append(remarks if remarks.startswith(NOTE_MARKS) else f"备注：{remarks}")
        if other is not None and other[1]:
            text = self.put("$.notes", other) or ""
            notes.append(text if text.startswith(NOTE_MARKS) else f"其他需要说明的事项：{text}")
        doc["notes"] = "\n".join(notes) or None
        if ind_header is not None:
            self._indicators(doc, ind_header)
        self._totals(doc, ind_header)
        self._one_indicator_header()
        if self.missing:
            raise LayoutError(self.missing)
        return doc

    def _formulas_saved(self) -> None:
        """A formula cell of this table without a saved value would read as blank: refused at that cell."""
        unsaved = self.g.grid.unsaved
        if unsaved:
            rows = range(max(1, self.rows[0] - self.lookback), self.rows[1] + 1)
            cells = sorted(pos for pos in unsaved if pos[0] in rows)
            if cells:
                raise InvalidTableError(Problem(self.g.ref(pos), UNSAVED_FORMULA) for pos in cells)

    def _year(self) -> int | None:
        """The year printed in the title (2023年度…自评表), or on a line of its own under it (（2023年度）)."""
        if self.heading is None:
            return None
        g = self.g
        found = YEAR.search(g.cells[self.heading])
        if found is None:
            below = g.bottom(self.heading) + 1
            keys = (g.keys[pos] for pos in g.filled((below, below + 1)))
            found = next((line for key in keys if (line := YEAR_LINE.fullmatch(key))), None)
        return int(found.group(1)) if found else None

    def _one_indicator_header(self) -> None:
        """A second 一级指标 header is a table nothing marks off: reported at its cell, never dropped silently."""
        headers = [p for p, label in self.g.labels(self.rows) if label == "一级指标" and p[0] not in self.repeated]
        if len(headers) > 1:
            why = "a second 一级指标 header: a table here has no 项目名称 label or title of its own"
            self.missing.append(Problem(self.g.ref(headers[1]), why))

    def _funds(self, doc: dict[str, Any]) -> str | None:
        g = self.g
        header_row = None
        for pos, label in g.labels(self.rows):
            if label in FUNDS_COLUMNS.values():
                header_row = pos[0]
                break
        empty_line = {"initial": None, "annual": None, "executed": None}
        doc["funds"] = {name: dict(empty_line) for name in ("total", "fiscal", "carryover", "other")}
        doc["execution"] = {"weight": None, "rate": None, "score": None}
        if header_row is None:
            self.miss(self.anchor, "全年预算数 / 全年执行数 header")
            return None
        self.funds_row = header_row
        columns: dict[str, Pos] = {}
        for pos, label in g.labels((header_row, header_row)):
            columns.setdefault(label, pos)
        for r in range(max(1, header_row - 3), header_row):  # merged header cells reaching down from above
            for pos in g.spans_from.get(r, []):
                above = g.canon.get(pos) if header_row <= g.bottom(pos) else None
                if above is not None:
                    columns.setdefault(above, pos)
        first_col = (header_row, min(p[1] for p in columns.values()))
        # R1.7: an older form prints 年初预算数 and no 全年预算数 (annual cells null); one of them is needed.
        if "全年预算数" not in columns and "年初预算数" not in columns:
            self.miss(first_col, "全年预算数 (or 年初预算数) column")
        if "全年执行数" not in columns:
            self.miss(first_col, "全年执行数 column")
        self.missing += form_rows.unknown_budget_column(g, header_row, columns)
        lines, cells = FUNDS_LINES, FUNDS_COLUMNS
        remarks = None
        after = (header_row, self._funds_end(header_row))
        for name, label in lines.items():
            line = self.find(label, after)
            if line is None:
                if name == "total":
                    self.miss(first_col, "年度资金总额 row")
                continue
            row = line[0]
            spans = {f"$.funds.{name}.{key}": columns[head] for key, head in cells.items() if head in columns}
            if name == "total":
                spans |= {f"$.execution.{key}": columns[h] for key, h in EXECUTION_COLUMNS.items() if h in columns}
            places = {path: g.columns(pos) for path, pos in spans.items()}
            found = {path: g.value_in(row, *cols, exclude=line) for path, cols in places.items()}
            form_rows.straddling(g, row, places, found, taken={line})
            for path, cell in found.items():
                part, key = path.rsplit(".", 1)
                target = doc["execution"] if part == "$.execution" else doc["funds"][name]
                target[key] = self.put(path, cell)
            if name == "total" and "备注" in columns:
                c1, _ = g.columns(columns["备注"])
                remarks = g.value_in(row, c1, g.max_col, exclude=line)[1]  # 备注 may run past its header
        return remarks

    def _funds_end(self, header_row: int) -> int:
        """The last row of the funds block: the goals or the indicators begin below it."""
        for pos, label in self.g.labels((header_row + 1, self.rows[1])):
            if label in ("预期目标", "实际完成情况", "一级指标"):
                return pos[0] - 1
        return self.rows[1]

    def _goals_and_header(self, doc: dict[str, Any]) -> Pos | None:
        g = self.g
        header = self.find("一级指标")
        expected = self.find("预期目标")
        achieved = self.find("实际完成情况")
        doc["goals"] = {"expected": None, "achieved": None}
        if expected is not None:
            c1, _ = g.columns(expected)
            c2 = g.columns(achieved)[0] - 1 if achieved is not None and achieved[1] > c1 else g.max_col
            doc["goals"]["expected"] = self.put("$.goals.expected", self._goal(expected, c1, c2))
        if achieved is not None:
            c1, _ = g.columns(achieved)
            doc["goals"]["achieved"] = self.put("$.goals.achieved", self._goal(achieved, c1, g.max_col))
        if header is None:
            self.miss(self.anchor, "一级指标 header")
        return header

    def _goal(self, label: Pos, c1: int, c2: int) -> tuple[Pos, str | None]:
        """A goal under its header (in columns ``c1..c2``), or right of it on its row: a blank goal is blank."""
        g = self.g
        if not g.heads_column(label):
            return g.right_of(label)
        found = g.value_in(g.bottom(label) + 1, c1, c2)
        return ((g.bottom(label) + 1, c1), None) if found[1] is not None and g.is_label(found[0]) else found

    _IND_COLUMNS = tuple(INDICATOR_COLUMNS.items())
    #: Labels that end the indicator rows.
    _AFTER_INDICATORS = ("其他需要说明的事项", "总分", "总分值", "总得分", "自评等级", "得分")

    def _indicator_columns(self, header: Pos) -> dict[str, tuple[int, int]]:
        """The indicator fields' columns, found by the header cells on the header rows and the row above them.

        年度指标值 heads 指标性质 / 指标值 / 度量单位 when a header row lies under it (all three
        are then needed); with nothing under it, it is the 指标值 column itself and the
        form has no 指标性质 / 度量单位 columns (the central form: "≥95%" in one cell).
        """
        g = self.g
        bottom = g.bottom(header)
        cells: dict[str, list[Pos]] = {}
        for r in [*range(bottom, header[0] - 1, -1), header[0] - 1]:
            for c in g.text_columns(r, 1, g.max_col):
                origin, text = g.at(r, c)
                label = g.canon.get(origin) if text is not None and c == origin[1] else None
                if label is not None and origin not in cells.get(label, []):
                    cells.setdefault(label, []).append(origin)
        columns = {key: g.columns(cells[label][0]) for key, label in self._IND_COLUMNS if label in cells}
        annual = cells.get("年度指标值", [])
        grouped = any(g.bottom(pos) < bottom for pos in annual)
        lone = [pos for pos in annual if g.bottom(pos) >= bottom]
        if "target" not in columns and lone:
            columns["target"] = g.columns(lone[0])
        # 实际完成情况 is the goals' label, but on the indicators' own header rows it heads the actual column.
        on_header = [pos for pos in cells.get("实际完成情况", []) if g.bottom(pos) >= header[0] and pos[0] <= bottom]
        if "actual" not in columns and on_header:
            columns["actual"] = g.columns(on_header[0])
        for key, label in self._IND_COLUMNS:
            # R8.5: a form may print no 分值 column (weights null; the audit says weights-not-printed).
            optional = key in ("explanation", "weight") or (key in ("operator", "unit") and not grouped)
            if key not in columns and not optional:
                self.miss(header, f"{label} column")
        for key in ("weight", "operator"):  # a form otherwise read: is its 分值 / 指标性质 column unread?
            if key not in columns and not self.missing:
                self.missing += form_rows.unknown_header(g, key, header[0] - 1, bottom)
        self.missing += form_rows.headers_apart(g, columns, bottom, self.rows[1])
        return columns

    def _indicators(self, doc: dict[str, Any], header: Pos) -> None:
        g = self.g
        row = g.bottom(header)
        columns = self._indicator_columns(header)
        self.score_columns = columns.get("score")
        self.weight_columns = columns.get("weight")
        end = self.rows[1]
        self.repeated = form_repeat.repeated_headers(g, header, range(row + 1, end + 1))  # printed again, a new page
        for pos, label in g.labels((row + 1, self.rows[1])):
            if label in self._AFTER_INDICATORS and pos[0] not in self.repeated:
                end = pos[0] - 1
                break
        for pos in g.filled((row + 1, end)):
            if g.keys[pos].startswith("其他需要说明的事项"):
                end = pos[0] - 1
                break
        self.indicators_end = end
        indicators: list[dict[str, Any]] = []
        doc["subtotal"] = None
        if self.missing:
            doc["indicators"] = indicators
            return
        #: The level-1 / level-2 cells carried down over blank cells below them.
        carried: dict[str, tuple[Pos, str | None]] = {}
        rows = g.text_rows[bisect.bisect_left(g.text_rows, row + 1) : bisect.bisect_right(g.text_rows, end)]
        rows = [r for r in rows if r not in self.repeated]
        for r in rows:  # a row with no text anywhere is neither an indicator nor a subtotal
            found = {key: g.value_in(r, *columns[key]) for key in columns}
            form_rows.straddling(g, r, columns, found, taken=set())
            values = {key: text for key, (_, text) in found.items()}
            if form_rows.is_execution(found):  # 预算执行率 as a line of the indicator table (other provinces)
                self._execution_line(doc, found)
                continue
            if form_rows.is_group(r, found):
                carried = {"level1": found["level1"]}
                continue
            counts = [k for k in ("name", "operator", "target", "unit", "actual", "weight", "score") if values.get(k)]
            if not counts or form_rows.not_an_indicator(r, found, counts):
                continue
            shared = form_rows.shared_numbers(g, r, row, found)
            if shared:  # one 分值 merged down over several indicators: refused at it, once
                self.missing += [problem for problem in shared if problem not in self.missing]
                continue
            # The subtotal line: only 分值 / 得分 (printed above the rows), or a 合计 / 小计 row.
            numbers_only = set(counts) <= {"weight", "score"} and not values.get("level2")
            first_label = next((values[k] for k in ("level1", "level2", "name") if values.get(k)), "")
            summed = label_key(first_label or "") in SUM_LABELS and set(counts) <= {"name", "weight", "score"}
            if numbers_only or summed:
                if doc["subtotal"] is None and found["score"][1] is not None:
                    doc["subtotal"] = self.put("$.subtotal", found["score"])
                continue
            form_rows.carry(found, carried)
            form_rows.level1_agrees(r, found, columns["level1"][0])
            path = f"$.indicators[{len(indicators)}]"
            item: dict[str, Any] = {}
            for key, _label in self._IND_COLUMNS:
                item[key] = self.put(f"{path}.{key}", found[key]) if key in found else None
            indicators.append(item)
        doc["indicators"] = indicators

    def _execution_line(self, doc: dict[str, Any], found: dict[str, form_rows.Found]) -> None:
        """预算执行率 printed as an indicator line is the execution line: 分值, 实际完成值 (the rate) and 得分."""
        if any(doc["execution"].values()):
            origin = next(cell[0] for cell in found.values() if cell[1])
            why = "预算执行率 printed both in the funds block and as an indicator line: which one counts is not known"
            self.missing.append(Problem(self.g.ref(origin), why))
            return
        for key, field in (("weight", "weight"), ("rate", "actual"), ("score", "score")):
            if field in found:
                doc["execution"][key] = self.put(f"$.execution.{key}", found[field])

    def _totals(self, doc: dict[str, Any], header: Pos | None) -> None:
        g = self.g
        rows = (header[0] if header is not None else self.rows[0], self.rows[1])
        grade = self.find("自评等级", rows)
        doc["total"] = doc["grade"] = None
        line = self._total_line(rows)
        if line is not None:  # the central form: values on the label's row, 自评等级 followed by its grade
            doc["total"] = self.put("$.total", line)
            beside = g.value_of(grade) if grade is not None else form_rows.grade_beside(g, line[0])  # 总分|100|优
            doc["grade"] = self.put("$.grade", beside) if beside is not None else None
            return
        total = None
        if grade is not None:
            candidates = [
                pos
                for pos, label in g.labels((grade[0], grade[0]))
                if label in ("总得分", "得分", "总分") and pos[1] < grade[1]
            ]
            total = max(candidates, key=lambda p: p[1]) if candidates else None
        if total is None:
            total = self.find("总得分", rows)
        for key, pos in (("total", total), ("grade", grade)):
            if pos is not None:
                doc[key] = self.put(f"$.{key}", g.value_of(pos))
        for key, label in (("total", "总得分"), ("grade", "自评等级")):  # 总得分：95.50 in one cell
            if doc[key] is None and (cell := form_rows.colon_value(g, label, rows)) is not None:
                doc[key] = self.put(f"$.{key}", cell)
        if doc["total"] is None and total is None and self.indicators_end is not None and self.score_columns:
            below = (self.indicators_end + 1, self.rows[1])  # 合计 | 100 | 95.50 under the indicators, no 总分
            found = form_rows.sum_total(g, below, self.weight_columns, self.score_columns, doc)
            doc["total"] = self.put("$.total", found) if found is not None else None
            beside = form_rows.grade_beside(g, found[0]) if found is not None and doc["grade"] is None else None
            doc["grade"] = self.put("$.grade", beside) if beside is not None else doc["grade"]

    def _total_line(self, rows: tuple[int, int]) -> tuple[Pos, str | None] | None:
        """The central form's bottom line: 总分 / 总得分, then the totals under the indicators' 分值 and 得分.

        The total is the value in the 得分 column on the first 总分 / 总得分 row; ``None``
        when that cell is empty or a label, or when the row labels its own values (the Yunnan
        form: 总分值 / 总得分 headers with the values below or beside them).  When the 分值
        total is printed and the 得分 cell is blank, the total is that blank cell: never the
        分值 total beside the label.
        """
        g = self.g
        if self.score_columns is None:
            return None
        for pos, label in g.labels(rows):
            if label in ("总分", "总得分"):
                labelled = [p for p, other in g.labels((pos[0], pos[0])) if other in TOTAL_LABELS and p != pos]
                origin, text = g.value_in(pos[0], *self.score_columns, exclude=pos)
                if text is None and not labelled and self._weight_total_on(pos):
                    return (pos[0], self.score_columns[0]), None
                if labelled or text is None or origin[0] != pos[0] or g.is_label(origin):
                    return None
                return origin, text
        return None

    def _weight_total_on(self, label: Pos) -> bool:
        """Whether the 总分 line prints a value of its own under the indicators' 分值 header."""
        if self.weight_columns is None:
            return False
        origin, text = self.g.value_in(label[0], *self.weight_columns, exclude=label)
        return text is not None and origin[0] == label[0] and not self.g.is_label(origin)


def tables_from_grids(
    grids: Iterable[Grid | PerfevalError], source: str, first: str = "A1", within: str = "any sheet"
) -> Iterator[Record]:
    """Records of every form in some grids, grid by grid, top to bottom.

    A grid that could not be made (an error in its place) is one error record,
    and the grids after it are still read. A blank template (the form with
    nothing filled in) is skipped. A file without any form is reported at
    ``first``, as having none in ``within`` (or only blank ones).
    """
    index = 0
    blanks = 0
    for item in grids:
        if isinstance(item, PerfevalError):
            yield Record(source, index, error=item.located(source, index))
            index += 1
            continue
        grid = FormGrid(item)
        for segment in table_segments(grid):
            record = _record(grid, segment, source, index)
            if record is None:
                blanks += 1
                continue
            yield record
            index += 1
    if index == 0:
        why = f"only blank {TITLE} templates (nothing filled in)" if blanks else f"no {TITLE}"
        nothing = LayoutError([Problem(first, f"{why} found in {within}")])
        yield Record(source, 0, error=nothing.located(source, 0))


def _record(grid: FormGrid, segment: Segment, source: str, index: int) -> Record | None:
    """The record of one table; ``None`` for a blank template (a sheet of the form with nothing filled in)."""
    anchor = segment.anchor
    reader = _TableReader(grid, anchor, segment.first, segment.last, segment.heading)
    try:
        doc = reader.read()
        if blank_form(doc):
            return None
        doc["source"] = f"{source}#{grid.ref(anchor)}"
        doc["transcription_notes"] = reader.notes
        try:
            table = from_dict(doc)
        except InvalidTableError as error:
            raise located_paths(error, reader.where, grid.ref(anchor)) from None
    except PerfevalError as error:
        return Record(source, index, error=error.located(source, index))
    except Exception as error:  # a bug: report it with its table, and go on with the others
        where = grid.ref(anchor)
        internal = InternalError(f"internal error while reading the table at {where}: {type(error).__name__}: {error}")
        return Record(source, index, error=internal.located(source, index))
    return Record(source, index, table=table)
