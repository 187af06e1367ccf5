"""Reading ``.xlsx`` workbooks whose sheets hold 项目支出绩效自评表 laid out like the printed form.

Needs the ``excel`` extra (openpyxl).  Nothing is found by a fixed
coordinate: every part of a table is found by the text of its label cell —
项目名称, 年初预算数, 年度资金总额, 一级指标, 指标值, 总得分, 自评等级 … —
compared after folding full-width forms, dropping white space, a leading
``其中：`` or ``（其中）``, a trailing colon, and what qualifies a label at its
end: a bracketed note (``（万元）``, ``（分）``, ``（%）``, ``（A）``, ``（B/A）``,
``（盖章）``, ``（自筹）``) or ``及代码``.  Other provinces' spellings are read
too: 财政拨款 (当年财政拨款), 上年结转 (上年结转资金), 资金总额 (年度资金总额),
全年实际值 / 实际完成量 (实际完成值), 自评得分 (得分), 权重 (分值), 计量单位
(度量单位), and any 偏差原因… / 偏离原因… header (偏差原因分析及改进措施).  So a
table may start at any row or column, labels may be merged cells (a level-1
label merged down its rows is read on every row it covers), several tables
may be stacked in one sheet and a workbook may hold one table per sheet.

A sheet's tables are told apart by their title rows (the cell holding
``项目支出绩效自评表``) and by their ``项目名称`` labels: a 项目名称 label that no
title separates from the table above starts a table of its own (one title
over two tables gives two tables).  A table is never dropped silently: a
second 一级指标 header inside one table is a :class:`LayoutError`.

How the cells map onto ``perfeval-table/1``:

- ``project`` / ``department`` / ``implementer``: the first filled cell right
  of 项目名称 / 主管部门 / 实施单位 (预算单位 when there is no 实施单位).  Text
  after the label in the same cell is the value after a colon
  (``项目名称：xxx``), or when nothing follows the cell on its row; otherwise
  it belongs to the label (``主管部门及代码``, ``主管部门（盖章）``).
- ``funds``: the rows labelled 年度资金总额, 其中：当年财政拨款, 上年结转资金 and
  其他资金 (above the goals and the indicators), read under the header cells
  年初预算数, 全年预算数, 全年执行数; ``execution`` is read on the 年度资金总额 row
  under 分值, 执行率 and 得分.
- ``goals``: the cells below 预期目标 and 实际完成情况 (or else right of them).
- ``indicators``: one per row below the header row holding 一级指标, read under
  一级指标 … 度量单位, 实际完成值, 分值, 得分 and 偏差原因分析及改进措施 (the header
  may take one row or two).  年度指标值 with a header row under it heads
  指标性质 / 指标值 / 度量单位, and all three are needed; 年度指标值 with nothing
  under it is the 指标值 column itself, and the form (the central one) may
  have no 指标性质 / 度量单位 columns: ``operator`` and ``unit`` are then null
  and stay written in the target cell ("≥95%", "≤5天").  A level-1 or level-2
  cell left blank (written once, not merged) takes the text above it; a new
  level-1 starts its level-2 afresh.  A level 1 reaching a row from above
  (merged or written once) stays only where it fits the row's level 2 (R8.4),
  else the row's level 1 is null.  A row with a level-1 text and no
  level-2, name or value cells (产出指标 … 80 75) heads the rows below it: it is
  neither an indicator nor the subtotal.  A row with nothing but 分值 and 得分
  (printed above the indicators), or a 合计 / 小计 row, is the subtotal line:
  ``subtotal`` is its 得分.
- ``total`` / ``grade``: on the central form's bottom line — 总分 or 总得分,
  then the totals under the indicators' 分值 and 得分 columns, maybe 自评等级
  and the grade — the value under 得分, and the cell right of 自评等级;
  otherwise the value of 总得分 and 自评等级: below them when they head
  columns, as in the Yunnan form (总分值 / 总得分 / 自评等级 headers, the values
  in the row below), else right of them.  A blank value cell is blank: it is
  never looked for on another row.
- ``notes``: ``备注：`` + the 备注 cell of the 年度资金总额 row and
  ``其他需要说明的事项：`` + the text of that row, one per line — the shape the
  transcriptions use.
- ``year``: a year printed in the title (``2023年度项目支出绩效自评表``) or on a
  line of its own just under it (``（2023年度）``); tables under one shared
  title take its year.  ``table_no``: a ``公开N表`` cell;
  ``transcription_notes``: none.
- ``source``: ``"<file>#<sheet>!<cell of the title>"`` (of the 项目名称 label for
  a table without its own title), so every table of a workbook can be found
  again.  A table read from a workbook therefore equals the same table read
  from its JSON once ``source`` and ``transcription_notes`` are set aside.

Numbers stored as numeric cells are shown as Excel shows them: in the cell's
number format (``0.00`` → ``"10.00"``, ``#,##0.00`` → ``"1,052.96"``, ``0.00%``
→ ``"99.89%"``), or, in the General format, as the shortest decimal that reads
back to the stored binary number, to Excel's 15 significant digits — so
``1052.96`` is ``"1052.96"``, never ``1052.9600000000000364``.  Dates show in
their format (``yyyy"年"m"月"d"日"`` → ``"2023年12月31日"``); a date at midnight in
openpyxl's default ``yyyy-mm-dd h:mm:ss`` reads as the date alone
(``"2023-11-30"``).  Text cells are kept as text (outer white space stripped).
Formulas are read by the value Excel last saved with them; a formula never
calculated reads as empty.

Every table becomes one :class:`~perfeval.record.Record`.  A table whose
labels cannot be found becomes a record carrying a :class:`LayoutError` that
names the sheet and cell of every problem (``Sheet1!B7: no 指标值 column
found``); a cell that is not what its field needs, an
:class:`~perfeval.errors.InvalidTableError` at that cell.  Sheets without any
table are skipped.  A workbook whose merged cells cover more than
:data:`MAX_MERGED_CELLS` cells (a merge of a whole sheet) is refused with an
:class:`~perfeval.errors.InputError` before it is loaded: openpyxl would make
an object of every cell covered.
"""

from __future__ import annotations

import bisect
import datetime
import re
import zipfile
from collections.abc import Iterable, Iterator
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from pathlib import Path
from typing import Any, NamedTuple

from perfeval.errors import (
    InputError,
    InternalError,
    InvalidTableError,
    LayoutError,
    MissingExtraError,
    PerfevalError,
    Problem,
)
from perfeval.read import xlsx_limits
from perfeval.read.grid import Grid, bounded
from perfeval.read.json_format import from_dict
from perfeval.reading.text import normalize
from perfeval.record import Record
from perfeval.values import FORMAT
from perfeval.vocab import EXECUTION_COLUMNS, FUNDS_COLUMNS, FUNDS_LINES, INDICATOR_COLUMNS, bare_name, level1_of

__all__ = [
    "LayoutError",
    "display_text",
    "label_key",
    "read_xlsx",
    "sheet_grid",
    "tables_from_grids",
    "tables_from_workbook",
]

#: Significant digits Excel keeps of a number.
EXCEL_DIGITS = 15


def _require_openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise MissingExtraError("reading .xlsx workbooks needs openpyxl: pip install 'perfeval[excel]'") from None
    return openpyxl


# --- cell text ----------------------------------------------------------------


def _general(value: Decimal) -> str:
    """A number in Excel's General format, without ever switching to an exponent."""
    if value.is_zero():
        return "0"
    digits = len(value.as_tuple().digits)
    if digits > EXCEL_DIGITS:
        value = value.quantize(Decimal(1).scaleb(value.adjusted() - EXCEL_DIGITS + 1), rounding=ROUND_HALF_UP)
    text = f"{value.normalize():f}"
    return text


def _exact(value: int | float | Decimal) -> Decimal:
    if isinstance(value, float):
        return Decimal(repr(value))  # the shortest decimal that reads back to this float
    return Decimal(value)


_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def _sections(number_format: str) -> list[str]:
    """Split a number format at its ``;`` outside quotes."""
    out, current, quoted = [], "", False
    for c in number_format:
        if c == '"':
            quoted = not quoted
        if c == ";" and not quoted:
            out.append(current)
            current = ""
        else:
            current += c
    out.append(current)
    return out


def _format_number(value: Decimal, number_format: str) -> str:
    """``value`` as Excel shows it in ``number_format`` (the common numeric formats)."""
    fmt = number_format or "General"
    sections = _sections(fmt)
    section = sections[0]
    negative = value < 0
    if negative and len(sections) > 1 and sections[1].strip():
        section, value = sections[1], -value
        negative = False
    elif value == 0 and len(sections) > 2 and sections[2].strip():
        section = sections[2]
    bare = _QUOTED.sub("", section)
    if bare.strip().lower() in ("general", "", "@") or re.search(r"[eE][+-]|\?|/", bare):
        text = _general(value if not negative else -value)
        return ("-" if negative else "") + text
    match = re.search(r"[0#?,.]*[0#?][0#?,.]*", bare)
    if match is None:
        return ("-" if negative else "") + _general(abs(value))
    pattern = match.group(0)
    percent = "%" in bare
    magnitude = abs(value) * 100 if percent else abs(value)
    magnitude = Decimal(_general(magnitude))  # Excel's 15 digits before its display rounding
    whole, _, frac = pattern.partition(".")
    places = sum(1 for c in frac if c in "0#?")
    with localcontext() as context:  # 1e300 in "0.00" has 303 digits: more than the default 28
        context.prec = max(context.prec, magnitude.adjusted() + places + 2)
        shown = magnitude.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if frac and "0" not in frac:  # "#.##": drop trailing zeros the format does not force
            shown = shown.normalize() if shown != shown.to_integral() else shown.quantize(Decimal(1))
    grouped = "," in whole.strip(",")
    body = f"{shown:,f}" if grouped else f"{shown:f}"
    minimum = whole.replace(",", "").count("0")
    int_part, dot, frac_part = body.partition(".")
    if int_part == "0" and minimum == 0:
        int_part = ""
    body = int_part.rjust(minimum, "0") + dot + frac_part
    if not body:
        body = "0"
    before, after = _split_literals(section)
    sign = "-" if negative and shown != 0 else ""
    return f"{sign}{_literal(before)}{body}{_literal(after)}".strip()


def _split_literals(section: str) -> tuple[str, str]:
    """The raw text before and after the digit placeholders of a format section."""
    i, n, first, last = 0, len(section), -1, -1
    while i < n:
        c = section[i]
        if c == '"':
            j = section.find('"', i + 1)
            i = n if j < 0 else j + 1
            continue
        if c in "\\_*":
            i += 2
            continue
        if c == "[":
            j = section.find("]", i)
            i = n if j < 0 else j + 1
            continue
        if c in "0#?":
            if first < 0:
                first = i
            last = i
        i += 1
    if first < 0:
        return section, ""
    return section[:first], section[last + 1 :]


def _literal(part: str) -> str:
    """Literal text of a format fragment: quoted text, escaped characters and plain symbols."""
    out, i, n = [], 0, len(part)
    while i < n:
        c = part[i]
        if c == '"':
            j = part.find('"', i + 1)
            out.append(part[i + 1 : j if j >= 0 else n])
            i = n if j < 0 else j + 1
        elif c == "\\":
            out.append(part[i + 1 : i + 2])
            i += 2
        elif c in "_*":
            i += 2
        elif c == "[":
            j = part.find("]", i)
            i = n if j < 0 else j + 1
        elif c in ",.":
            i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


#: The format openpyxl gives a ``datetime`` written without one.
_OPENPYXL_DATETIME = "yyyy-mm-dd h:mm:ss"
_MIDNIGHT = datetime.time()
_DATE_TOKENS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|yyyy|yy|mmmm|mmm|mm|m|dd|d|hh|h|ss|s|AM/PM|.', re.IGNORECASE)


def _format_date(value: datetime.datetime | datetime.date | datetime.time, number_format: str) -> str:
    """A date or time as its (common) number format shows it; ISO when the format is unknown."""
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime(value.year, value.month, value.day)
    else:
        moment = datetime.datetime(1900, 1, 1, value.hour, value.minute, value.second)
    if number_format == _OPENPYXL_DATETIME and isinstance(value, datetime.datetime) and value.time() == _MIDNIGHT:
        return value.date().isoformat()  # a date written by a program, not a time anyone printed
    fmt = _sections(number_format or "")[0]
    tokens = _DATE_TOKENS.findall(fmt)
    if not any(t.lower() in ("yyyy", "yy", "m", "mm", "d", "dd", "h", "hh") for t in tokens):
        if isinstance(value, datetime.datetime) and value.time() != datetime.time():
            return value.isoformat(sep=" ")
        return value.isoformat() if not isinstance(value, datetime.datetime) else value.date().isoformat()
    out: list[str] = []
    previous = ""
    for i, token in enumerate(tokens):
        low = token.lower()
        following = next((t.lower() for t in tokens[i + 1 :] if t.lower() not in (":", " ")), "")
        if low == "yyyy":
            out.append(f"{moment.year:04d}")
        elif low == "yy":
            out.append(f"{moment.year % 100:02d}")
        elif low in ("m", "mm"):
            minutes = previous in ("h", "hh") or following in ("s", "ss")
            number = moment.minute if minutes else moment.month
            out.append(f"{number:02d}" if low == "mm" else str(number))
        elif low in ("mmm", "mmmm"):
            out.append(moment.strftime("%b" if low == "mmm" else "%B"))
        elif low in ("d", "dd"):
            out.append(f"{moment.day:02d}" if low == "dd" else str(moment.day))
        elif low in ("h", "hh"):
            out.append(f"{moment.hour:02d}" if low == "hh" else str(moment.hour))
        elif low in ("s", "ss"):
            out.append(f"{moment.second:02d}" if low == "ss" else str(moment.second))
        elif token.startswith('"'):
            out.append(token[1:-1])
        elif token.startswith("\\"):
            out.append(token[1:])
        elif not (token.startswith("[") or low == "am/pm"):
            out.append(token)
        if low not in (":", " "):
            previous = low
    return "".join(out).strip()


def display_text(value: object, number_format: str | None = "General") -> str | None:
    """A cell's value as the printed text it stands for (``None`` when empty).

    >>> display_text(1052.96), display_text(10, "0.00"), display_text(1052.96, "#,##0.00")
    ('1052.96', '10.00', '1,052.96')
    >>> display_text(0.9989, "0.00%"), display_text(" 有效提升 "), display_text(25000.0)
    ('99.89%', '有效提升', '25000')
    """
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        return text or None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            return None
        return _format_number(_exact(value), number_format or "General")
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return _format_date(value, number_format or "")
    if isinstance(value, datetime.timedelta):
        return str(value)
    text = str(value).strip()
    return text or None


# --- labels -------------------------------------------------------------------


def label_key(text: str) -> str:
    """A cell's text as labels are compared: full-width folded, no spaces, no 其中 / trailing colon.

    >>> label_key(" 其中：当年财政拨款 "), label_key("项目资金（万元）"), label_key("项 目 名 称：")
    ('当年财政拨款', '项目资金(万元)', '项目名称')
    """
    key = re.sub(r"\s+", "", normalize(text))  # the one fold of reading.text: see docs/decisions.md
    key = key.removeprefix("其中:").removeprefix("其中")
    return key.rstrip(":")


_TITLE = "项目支出绩效自评表"

#: Canonical label → the spellings it is found by (after :func:`label_key` and :func:`_core`).
_ALIASES: dict[str, tuple[str, ...]] = {
    "项目名称": ("项目名称",),
    "主管部门": ("主管部门",),
    "实施单位": ("实施单位",),
    "预算单位": ("预算单位",),
    "年初预算数": ("年初预算数",),
    "全年预算数": ("全年预算数",),
    "全年执行数": ("全年执行数",),
    "分值": ("分值", "权重"),
    "执行率": ("执行率",),
    "得分": ("得分", "自评得分"),
    "备注": ("备注",),
    "年度资金总额": ("年度资金总额", "资金总额"),
    "当年财政拨款": ("当年财政拨款", "财政拨款"),
    "上年结转资金": ("上年结转资金", "上年结转"),
    "其他资金": ("其他资金",),
    "预期目标": ("预期目标",),
    "实际完成情况": ("实际完成情况",),
    "一级指标": ("一级指标",),
    "二级指标": ("二级指标",),
    "三级指标": ("三级指标",),
    "指标性质": ("指标性质",),
    "指标值": ("指标值",),
    "年度指标值": ("年度指标值",),
    "度量单位": ("度量单位", "计量单位"),
    "实际完成值": ("实际完成值", "实际完成量", "全年实际值"),
    "偏差原因分析及改进措施": ("偏差原因分析及改进措施", "偏离原因分析及改进措施"),  # and other 偏差原因… spellings
    "其他需要说明的事项": ("其他需要说明的事项",),
    "总分": ("总分",),
    "总分值": ("总分值",),
    "总得分": ("总得分", "总分分", "总分得分"),
    "自评等级": ("自评等级",),
}
_CANONICAL = {spelling: label for label, spellings in _ALIASES.items() for spelling in spellings}
_INLINE = ("项目名称", "主管部门", "实施单位", "预算单位", "其他需要说明的事项")
#: Headings of the form that are never a value (besides the labels).
_HEADINGS = frozenset({"绩效指标", "年度指标", "项目支出绩效指标表", "年度总体目标", "项目资金(万元)", "项目资金"})
#: The computed columns of perfeval's own working paper (io/writers.py), headings beside the labels they check.
_HEADINGS |= {"计算执行率", "计算得分", "计算总得分", "计算等级"}
_SUM_LABELS = ("合计", "小计", "总计")
#: Labels of the total line's own cells.
_TOTAL_LABELS = ("总分", "总分值", "总得分", "得分")
_TABLE_NO = re.compile(r"公开\s*\d+\s*表")
_YEAR = re.compile(r"((?:19|20|21)\d\d)\s*年")
#: A year on a line of its own under the title: ``（2023年度）``.
_YEAR_LINE = re.compile(r"\(?((?:19|20|21)\d\d)年度?\)?")
#: A bracketed qualifier closing a label (folded): ``(万元)``, ``(分)``, ``(%)``, ``(B/A)``, ``(盖章)``.
_QUALIFIER = re.compile(r"\([^()]*\)$")
#: Words that end a label without changing what it labels: 主管部门及代码.
_LABEL_SUFFIXES = ("及代码", "及编码")
#: The explanation column is found by the words it starts with (偏差原因…, 偏离原因…).
_EXPLANATION_STARTS = ("偏差原因", "偏离原因")


def _core(key: str) -> str:
    """A label key without what qualifies it: ``(其中)`` in front, ``(万元)`` / ``及代码`` / a colon at the end."""
    core = key.removeprefix("(其中)")
    while True:
        stripped = _QUALIFIER.sub("", core).rstrip(":")
        for suffix in _LABEL_SUFFIXES:
            stripped = stripped.removesuffix(suffix)
        if stripped == core:
            return core
        core = stripped


def _label_of(key: str) -> str | None:
    """The canonical label a cell's key spells, if any: exactly, or by its core words (``执行率(%)`` → 执行率)."""
    found = _CANONICAL.get(key)
    if found is not None or len(key) > 30:
        return found
    core = _core(key)
    found = _CANONICAL.get(core)
    if found is None and core.startswith(_EXPLANATION_STARTS) and len(core) <= 16 and ":" not in core:
        found = "偏差原因分析及改进措施"
    return found


def _inline_pattern(label: str) -> re.Pattern[str]:
    """A cell opening with ``label`` (and its qualifiers), then maybe a colon, then maybe a value."""
    chars = r"\s*".join(re.escape(c) for c in label)
    suffixes = "|".join(map(re.escape, _LABEL_SUFFIXES))  # the same qualifiers _core drops from a label
    qualifiers = rf"(?:\s*(?:{suffixes}|[（(][^（()）]*[）)]))*"
    return re.compile(rf"^\s*{chars}{qualifiers}\s*(?P<colon>[:：])?\s*(?P<rest>.*?)\s*$", re.DOTALL)


_INLINE_PATTERNS = {label: _inline_pattern(label) for label in _INLINE}


def _sheet_ref(name: str) -> str:
    return name if re.fullmatch(r"\w+", name) else "'" + name.replace("'", "''") + "'"


Pos = tuple[int, int]


def sheet_grid(ws: Any) -> Grid:
    """An openpyxl worksheet as a grid: each filled cell's printed text, and the merged ranges."""
    cells: dict[Pos, str] = {}
    # The cells the sheet holds (a sparse sheet with one far-away styled cell is not a
    # million empty ones): openpyxl keeps them in ``_cells``; else every row is walked.
    stored = getattr(ws, "_cells", None)
    found = stored.values() if isinstance(stored, dict) else (c for row in ws.iter_rows() for c in row)
    for cell in found:
        if cell.value is None:
            continue
        text = display_text(cell.value, cell.number_format)
        if text is not None:
            cells[(cell.row, cell.column)] = text
    merged = [(r1, c1, r2, c2) for c1, r1, c2, r2 in (rng.bounds for rng in ws.merged_cells.ranges)]
    return Grid(ws.title, cells, bounded(cells, merged, _sheet_ref(ws.title)))


class _Grid:
    """One grid's filled cells as text and label keys, merged cells known by their top-left origin."""

    def __init__(self, grid: Grid) -> None:
        self.grid = grid
        self.name: str = grid.name
        self.cells: dict[Pos, str] = dict(grid.cells)
        self.keys: dict[Pos, str] = {pos: label_key(text) for pos, text in self.cells.items()}
        self.origin: dict[Pos, Pos] = {}
        self.span: dict[Pos, tuple[int, int, int, int]] = {}
        for r1, c1, r2, c2 in grid.merged:
            self.span[(r1, c1)] = (r1, c1, r2, c2)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    self.origin[(r, c)] = (r1, c1)
        #: Filled cells in reading order, and their rows (for windows by bisection).
        self.order = sorted(self.keys)
        self._order_rows = [r for r, _ in self.order]
        #: The label each label cell spells (by :func:`_label_of`).
        self.canon = {p: found for p in self.order if (found := _label_of(self.keys[p])) is not None}
        self._labels = [(p, self.canon[p]) for p in self.order if p in self.canon]
        self._label_rows = [r for (r, _), _ in self._labels]
        self.spans_from: dict[int, list[Pos]] = {}
        for r1, c1, _, _ in sorted(self.span.values()):
            self.spans_from.setdefault(r1, []).append((r1, c1))
        self.max_row = max([r for r, _ in self.cells] + [r for r, *_ in self.span.values()] + [0])
        self.max_col = max([c for _, c in self.cells] + [c for *_, c in self.span.values()] + [0])
        #: The columns of each row where :meth:`at` finds text, in order: rows and columns are
        #: walked by what the sheet holds, never by its size (one far-away cell, a header merged
        #: across 16,384 columns).
        filled: dict[int, list[int]] = {}
        for r, c in self.cells.keys() | self.origin.keys():
            if self.at(r, c)[1] is not None:
                filled.setdefault(r, []).append(c)
        self._row_cols = {r: sorted(cols) for r, cols in filled.items()}
        #: The rows where :meth:`at` finds text, in order.
        self.text_rows = sorted(self._row_cols)

    def ref(self, pos: Pos) -> str:
        return self.grid.ref(pos)

    def at(self, r: int, c: int) -> tuple[Pos, str | None]:
        """The origin and text of the cell at ``(r, c)`` (a merged cell's own on every cell it covers)."""
        origin = self.origin.get((r, c), (r, c))
        return origin, self.cells.get(origin)

    def columns(self, pos: Pos) -> tuple[int, int]:
        _, c1, _, c2 = self.span.get(pos, (*pos, *pos))
        return c1, c2

    def bottom(self, pos: Pos) -> int:
        return self.span.get(pos, (*pos, *pos))[2]

    def labels(self, rows: tuple[int, int]) -> list[tuple[Pos, str]]:
        """Label cells (origins) in ``rows`` in reading order, with their canonical label."""
        lo, hi = bisect.bisect_left(self._label_rows, rows[0]), bisect.bisect_right(self._label_rows, rows[1])
        return self._labels[lo:hi]

    def filled(self, rows: tuple[int, int]) -> list[Pos]:
        """Filled cells (origins) in ``rows`` in reading order."""
        lo, hi = bisect.bisect_left(self._order_rows, rows[0]), bisect.bisect_right(self._order_rows, rows[1])
        return self.order[lo:hi]

    def text_columns(self, row: int, c1: int, c2: int) -> Iterator[int]:
        """The columns ``c1..c2`` of ``row`` where :meth:`at` finds text, left to right."""
        cols = self._row_cols.get(row, [])
        for i in range(bisect.bisect_left(cols, c1), bisect.bisect_right(cols, c2)):
            yield cols[i]

    def value_in(self, row: int, c1: int, c2: int, exclude: Pos | None = None) -> tuple[Pos, str | None]:
        """The first filled cell of ``row`` in columns ``c1..c2`` whose origin lies in those columns."""
        for c in self.text_columns(row, c1, c2):
            origin, text = self.at(row, c)
            if text is not None and origin != exclude and c1 <= origin[1] <= c2:
                return origin, text
        return (row, c1), None

    def right_of(self, pos: Pos) -> tuple[Pos, str | None]:
        """The first filled cell right of a label on its row; ``None`` when that is another label."""
        _, c2 = self.columns(pos)
        for c in self.text_columns(pos[0], c2 + 1, self.max_col):
            origin, text = self.at(pos[0], c)
            if text is None or origin == pos:
                continue
            if self.is_label(origin):
                return (pos[0], c2 + 1), None
            return origin, text
        return (pos[0], c2 + 1), None

    def is_label(self, pos: Pos) -> bool:
        """Whether the cell is a label or a heading of the form rather than a value."""
        key = self.keys.get(pos, "")
        return pos in self.canon or key in _HEADINGS or _core(key) in _HEADINGS

    def below(self, pos: Pos) -> tuple[Pos, str | None]:
        """The first filled cell on the row below a label, within the label's columns."""
        c1, c2 = self.columns(pos)
        return self.value_in(self.bottom(pos) + 1, c1, c2, exclude=pos)

    def heads_column(self, pos: Pos) -> bool:
        """Whether a label heads a column (its value on the row below), decided by the labels beside it.

        It does when the cell right after it is a label (总分值 | 总得分 | 自评等级), or that cell is
        blank and the nearest filled cell left of it is a label; never by whether a value is blank.
        """
        c1, c2 = self.columns(pos)
        origin, text = self.at(pos[0], c2 + 1)
        if text is not None:
            return self.is_label(origin)
        left = list(self.text_columns(pos[0], 1, c1 - 1))
        return bool(left) and self.is_label(self.at(pos[0], left[-1])[0])

    def value_of(self, pos: Pos) -> tuple[Pos, str | None]:
        """A label's value: below it when it heads a column, else right of it on its own row.

        A blank value cell is blank: the value is never looked for on another row (the 备注
        line under a blank 自评等级 is not its grade), and a label is never a value.
        """
        if not self.heads_column(pos):
            return self.right_of(pos)
        found = self.below(pos)
        return ((self.bottom(pos) + 1, pos[1]), None) if found[1] is not None and self.is_label(found[0]) else found


# --- one table ----------------------------------------------------------------


class _TableReader:
    """Reads one table: rows ``first..last`` of a grid, anchored at ``anchor``, under the title ``heading``."""

    def __init__(self, grid: _Grid, anchor: Pos, first: int, last: int, heading: Pos | None = None) -> None:
        self.g = grid
        self.anchor = anchor
        self.heading = heading
        self.rows = (first, last)
        #: Rows above the anchor that still belong to the table (编制单位 … above an untitled 项目名称).
        self.lookback = 0 if anchor == heading else 2
        self.funds_row: int | None = None
        #: The columns of the indicators' 得分 header, where the central form prints the total.
        self.score_columns: tuple[int, int] | None = None
        self.missing: list[Problem] = []
        self.where: dict[str, str] = {}

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
        on its row; else it is part of the label (主管部门及代码, 主管部门（盖章）).
        """
        g = self.g
        for pos in g.filled(self.rows):
            if not g.keys[pos].startswith(label):
                continue
            if g.canon.get(pos) == label:
                return g.right_of(pos)
            match = _INLINE_PATTERNS[label].match(g.cells[pos])
            if match is None:
                continue
            rest = match.group("rest") or None
            if match.group("colon"):
                return pos, rest
            beside = g.right_of(pos)
            return (pos, rest) if beside[1] is None else beside
        return None

    def put(self, path: str, found: tuple[Pos, str | None]) -> str | None:
        pos, text = found
        self.where[path] = self.g.ref(pos)
        return text

    def read(self) -> dict[str, Any]:
        g = self.g
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
        head_rows = (max(1, self.rows[0] - self.lookback), (self.funds_row or self.rows[1] + 1) - 1)
        for pos in g.filled(head_rows):
            found_no = _TABLE_NO.search(g.cells[pos])
            if found_no:
                doc["table_no"] = re.sub(r"\s+", "", found_no.group(0))
                break
        ind_header = self._goals_and_header(doc)
        other = self.find_inline("其他需要说明的事项")
        notes = []
        if remarks:
            notes.append(f"备注：{remarks}")
        if other is not None and other[1]:
            notes.append(f"其他需要说明的事项：{self.put('$.notes', other)}")
        doc["notes"] = "\n".join(notes) or None
        if ind_header is not None:
            self._indicators(doc, ind_header)
        self._totals(doc, ind_header)
        self._one_indicator_header()
        if self.missing:
            raise LayoutError(self.missing)
        return doc

    def _year(self) -> int | None:
        """The year printed in the title (2023年度…自评表), or on a line of its own under it (（2023年度）)."""
        if self.heading is None:
            return None
        g = self.g
        found = _YEAR.search(g.cells[self.heading])
        if found is None:
            below = g.bottom(self.heading) + 1
            keys = (g.keys[pos] for pos in g.filled((below, below + 1)))
            found = next((line for key in keys if (line := _YEAR_LINE.fullmatch(key))), None)
        return int(found.group(1)) if found else None

    def _one_indicator_header(self) -> None:
        """A second 一级指标 header is a table nothing marks off: reported at its cell, never dropped silently."""
        headers = [pos for pos, label in self.g.labels(self.rows) if label == "一级指标"]
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
        for head in ("全年预算数", "全年执行数"):
            if head not in columns:
                self.miss(first_col, f"{head} column")
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
            for key, head in cells.items():
                if head in columns:
                    c1, c2 = g.columns(columns[head])
                    doc["funds"][name][key] = self.put(f"$.funds.{name}.{key}", g.value_in(row, c1, c2, exclude=line))
            if name == "total":
                for key, head in EXECUTION_COLUMNS.items():
                    if head in columns:
                        c1, c2 = g.columns(columns[head])
                        doc["execution"][key] = self.put(f"$.execution.{key}", g.value_in(row, c1, c2, exclude=line))
                if "备注" in columns:
                    c1, c2 = g.columns(columns["备注"])
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
        for key, label in self._IND_COLUMNS:
            optional = key == "explanation" or (key in ("operator", "unit") and not grouped)
            if key not in columns and not optional:
                self.miss(header, f"{label} column")
        return columns

    def _indicators(self, doc: dict[str, Any], header: Pos) -> None:
        g = self.g
        row = g.bottom(header)
        columns = self._indicator_columns(header)
        self.score_columns = columns.get("score")
        end = self.rows[1]
        for pos, label in g.labels((row + 1, self.rows[1])):
            if label in self._AFTER_INDICATORS:
                end = pos[0] - 1
                break
        for pos in g.filled((row + 1, end)):
            if g.keys[pos].startswith("其他需要说明的事项"):
                end = pos[0] - 1
                break
        indicators: list[dict[str, Any]] = []
        doc["subtotal"] = None
        if self.missing:
            doc["indicators"] = indicators
            return
        #: The level-1 / level-2 cells carried down over blank cells below them.
        carried: dict[str, tuple[Pos, str | None]] = {}
        rows = g.text_rows[bisect.bisect_left(g.text_rows, row + 1) : bisect.bisect_right(g.text_rows, end)]
        for r in rows:  # a row with no text anywhere is neither an indicator nor a subtotal
            found = {key: g.value_in(r, *columns[key]) for key in columns}
            values = {key: text for key, (_, text) in found.items()}
            if self._is_group(r, found):
                carried = {"level1": found["level1"]}
                continue
            counts = [k for k in ("name", "operator", "target", "unit", "actual", "weight", "score") if values.get(k)]
            if not counts:
                continue
            # The subtotal line: only 分值 / 得分 (printed above the rows), or a 合计 / 小计 row.
            numbers_only = set(counts) <= {"weight", "score"} and not values.get("level2")
            first_label = next((values[k] for k in ("level1", "level2", "name") if values.get(k)), "")
            summed = label_key(first_label or "") in _SUM_LABELS and set(counts) <= {"name", "weight", "score"}
            if numbers_only or summed:
                if doc["subtotal"] is None and found["score"][1] is not None:
                    doc["subtotal"] = self.put("$.subtotal", found["score"])
                continue
            self._carry(found, carried)
            self._level1_agrees(r, found, columns["level1"][0])
            path = f"$.indicators[{len(indicators)}]"
            item: dict[str, Any] = {}
            for key, _label in self._IND_COLUMNS:
                item[key] = self.put(f"{path}.{key}", found[key]) if key in found else None
            indicators.append(item)
        doc["indicators"] = indicators

    @staticmethod
    def _is_group(row: int, found: dict[str, tuple[Pos, str | None]]) -> bool:
        """A level-1 line over its indicators (产出指标 … 80 75): its own level-1 cell and no indicator cells."""
        origin, level1 = found["level1"]
        if not level1 or origin[0] != row or label_key(level1) in _SUM_LABELS:
            return False
        return not any(found[k][1] for k in ("level2", "name", "operator", "target", "unit", "actual") if k in found)

    @staticmethod
    def _carry(found: dict[str, tuple[Pos, str | None]], carried: dict[str, tuple[Pos, str | None]]) -> None:
        """Fill blank level-1 / level-2 cells from the rows above (written once, not merged); a new level-1 resets."""
        level1 = found["level1"][1]
        if level1 is not None and level1 != carried.get("level1", ((0, 0), None))[1]:
            carried.clear()
        for key in ("level1", "level2"):
            if found[key][1] is None and key in carried:
                found[key] = carried[key]
            elif found[key][1] is not None:
                carried[key] = found[key]

    @staticmethod
    def _level1_agrees(row: int, found: dict[str, tuple[Pos, str | None]], column: int) -> None:
        """R8.4: a level 1 from a row above (merged down or written once) stays only when it fits the level 2.

        It fits when the level 2 is a listed kind of it (质量指标 under 产出指标) or no listed kind;
        otherwise the row's level 1 is left blank, for the audit to infer from its level 2.
        """
        origin, level1 = found["level1"]
        if level1 is None or origin[0] == row:
            return  # printed on this row: never changed
        kind = level1_of(found["level2"][1])
        if kind is not None and bare_name(kind) != bare_name(level1):
            found["level1"] = ((row, column), None)

    def _totals(self, doc: dict[str, Any], header: Pos | None) -> None:
        g = self.g
        rows = (header[0] if header is not None else self.rows[0], self.rows[1])
        grade = self.find("自评等级", rows)
        doc["total"] = doc["grade"] = None
        line = self._total_line(rows)
        if line is not None:  # the central form: values on the label's row, 自评等级 followed by its grade
            doc["total"] = self.put("$.total", line)
            if grade is not None:
                doc["grade"] = self.put("$.grade", g.value_of(grade))
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

    def _total_line(self, rows: tuple[int, int]) -> tuple[Pos, str | None] | None:
        """The central form's bottom line: 总分 / 总得分, then the totals under the indicators' 分值 and 得分.

        The total is the value in the 得分 column on the first 总分 / 总得分 row; ``None``
        when that cell is empty or a label, or when the row labels its own values (the Yunnan
        form: 总分值 / 总得分 headers with the values below or beside them).
        """
        g = self.g
        if self.score_columns is None:
            return None
        for pos, label in g.labels(rows):
            if label in ("总分", "总得分"):
                labelled = [p for p, other in g.labels((pos[0], pos[0])) if other in _TOTAL_LABELS and p != pos]
                origin, text = g.value_in(pos[0], *self.score_columns, exclude=pos)
                if labelled or text is None or origin[0] != pos[0] or g.is_label(origin):
                    return None
                return origin, text
        return None


class _Segment(NamedTuple):
    """Where one table of a sheet lies: its anchor cell, its rows, and the title it stands under."""

    anchor: Pos
    first: int
    last: int
    heading: Pos | None


def _segments(grid: _Grid) -> list[_Segment]:
    """The tables of a sheet, top to bottom.

    A table starts at its title (the cell holding 项目支出绩效自评表) or, when no title
    separates it from the table above, at its own 项目名称 label.
    """
    titles = [(p, True) for p, key in grid.keys.items() if _TITLE in key and len(key) <= 60]
    projects = [(p, False) for p, key in grid.keys.items() if _is_project_label(grid, p)]
    starts: list[tuple[Pos, Pos | None]] = []
    heading: Pos | None = None
    claimed = False  # whether the last title already has its table's 项目名称
    last_row = 0
    for pos, is_title in sorted(titles + projects, key=lambda e: (e[0][0], not e[1], e[0][1])):
        if pos[0] <= last_row:
            continue  # one table starts on a row
        last_row = pos[0]
        if is_title:
            heading, claimed = pos, False
            starts.append((pos, pos))
        elif starts and starts[-1][0] == heading and not claimed:
            claimed = True
        else:
            starts.append((pos, heading))
    out = []
    for i, (pos, above) in enumerate(starts):
        last = starts[i + 1][0][0] - 1 if i + 1 < len(starts) else grid.max_row
        out.append(_Segment(pos, pos[0], last, above))
    return out


def _is_project_label(grid: _Grid, pos: Pos) -> bool:
    """Whether a cell is a 项目名称 label (alone, qualified, or followed by ``：`` and the name)."""
    return grid.canon.get(pos) == "项目名称" or grid.keys[pos].startswith("项目名称:")


def _located_paths(error: InvalidTableError, where: dict[str, str], anchor: str) -> InvalidTableError:
    problems = []
    for p in error.problems:
        cell = where.get(p.path)
        if cell is None:  # a whole object, e.g. "$.funds.total": the first cell under it
            cell = next((v for k, v in where.items() if k.startswith(p.path + ".")), anchor)
        problems.append(Problem(cell, f"{p.path}: {p.message}"))
    return InvalidTableError(problems)


def tables_from_workbook(workbook: Any, source: str) -> Iterator[Record]:
    """Records of every table in an openpyxl workbook, sheet by sheet, top to bottom."""
    # A workbook of chart sheets only (or of no sheet at all) has no worksheet to name.
    first = _sheet_ref(workbook.worksheets[0].title) + "!A1" if workbook.worksheets else "A1"
    yield from tables_from_grids(_sheet_grids(workbook), source, first)


def _sheet_grids(workbook: Any) -> Iterator[Grid | PerfevalError]:
    """Each sheet's grid, or the error (a cap passed) that kept it from being one."""
    for ws in workbook.worksheets:
        try:
            yield sheet_grid(ws)
        except PerfevalError as error:
            yield error


def tables_from_grids(
    grids: Iterable[Grid | PerfevalError], source: str, first: str = "A1", within: str = "any sheet"
) -> Iterator[Record]:
    """Records of every form in some grids, grid by grid, top to bottom.

    A grid that could not be made (an error in its place) is one error record,
    and the grids after it are still read. A file without any form is reported
    at ``first``, as having none in ``within``.
    """
    index = 0
    for item in grids:
        if isinstance(item, PerfevalError):
            yield Record(source, index, error=item.located(source, index))
            index += 1
            continue
        grid = _Grid(item)
        for segment in _segments(grid):
            yield _record(grid, segment, source, index)
            index += 1
    if index == 0:
        nothing = LayoutError([Problem(first, f"no {_TITLE} found in {within}")])
        yield Record(source, 0, error=nothing.located(source, 0))


def _record(grid: _Grid, segment: _Segment, source: str, index: int) -> Record:
    anchor = segment.anchor
    reader = _TableReader(grid, anchor, segment.first, segment.last, segment.heading)
    try:
        doc = reader.read()
        doc["source"] = f"{source}#{grid.ref(anchor)}"
        doc["transcription_notes"] = []
        try:
            table = from_dict(doc)
        except InvalidTableError as error:
            raise _located_paths(error, reader.where, grid.ref(anchor)) from None
    except PerfevalError as error:
        return Record(source, index, error=error.located(source, index))
    except Exception as error:  # a bug: report it with its table, and go on with the others
        where = grid.ref(anchor)
        internal = InternalError(f"internal error while reading the table at {where}: {type(error).__name__}: {error}")
        return Record(source, index, error=internal.located(source, index))
    return Record(source, index, table=table)


#: The most cells a workbook's merged ranges may cover: openpyxl makes an object of every one
#: (a merge of a whole sheet is 17 billion), so a workbook merging more is refused before loading.
MAX_MERGED_CELLS = 200_000
_MERGE_REF = re.compile(
    rb"<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref=[\"']\$?([A-Za-z]{1,3})\$?(\d{1,7}):\$?([A-Za-z]{1,3})\$?(\d{1,7})"
)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _too_much_merged(path: Path) -> str | None:
    """Why the workbook's merged cells are too many to load, or ``None``; read from the sheets' XML.

    Unreadable zips are left for openpyxl to report.
    """
    covered = 0
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            seen: set[bytes] = set()
            tail = b""
            with archive.open(info) as stream:
                while chunk := stream.read(1 << 20):
                    data, tail = tail + chunk, (tail + chunk)[-200:]  # a reference cut by the chunk's end
                    for match in _MERGE_REF.finditer(data):
                        if match.group(0) in seen:
                            continue
                        seen.add(match.group(0))
                        c1, r1, c2, r2 = match.groups()
                        rows = abs(int(r2) - int(r1)) + 1
                        cols = abs(_column_number(c2) - _column_number(c1)) + 1
                        covered += rows * cols
                        if covered > MAX_MERGED_CELLS:
                            ref = b"%s%s:%s%s" % (c1, r1, c2, r2)
                            return (
                                f"{info.filename}: merged cells cover more than {MAX_MERGED_CELLS:,} cells "
                                f"(the last {ref.decode()}); perfeval does not read such a workbook"
                            )
    return None


def read_xlsx(path: Path, source: str) -> Iterator[Record]:
    """Records of every table in an ``.xlsx`` workbook; an unreadable workbook is one error record."""
    try:
        openpyxl = _require_openpyxl()
    except MissingExtraError as error:
        yield Record(source, 0, error=error.located(source, 0))
        return
    try:
        too_large = xlsx_limits.too_large(path)  # rows, cells and expanded sizes, before openpyxl holds any
        if too_large is not None:
            yield Record(source, 0, error=too_large.located(source, 0))
            return
        too_much = _too_much_merged(path)
        if too_much is not None:
            yield Record(source, 0, error=InputError(too_much).located(source, 0))
            return
        workbook = openpyxl.load_workbook(path, data_only=True)
    except OSError as error:
        yield Record(source, 0, error=InputError(f"cannot read the file: {error.strerror or error}").located(source, 0))
        return
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, InvalidOperation) as error:
        reason = f"{type(error).__name__}: {error}"
        yield Record(source, 0, error=InputError(f"not an .xlsx workbook: {reason}").located(source, 0))
        return
    except Exception as error:  # openpyxl raises its own classes for damaged files
        reason = f"{type(error).__name__}: {error}"
        yield Record(source, 0, error=InputError(f"not an .xlsx workbook: {reason}").located(source, 0))
        return
    try:
        yield from tables_from_workbook(workbook, source)
    finally:
        workbook.close()
