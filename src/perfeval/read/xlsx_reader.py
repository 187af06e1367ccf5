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
(度量单位), any 偏差原因… / 偏离原因… header (偏差原因分析及改进措施), and the
other templates' spellings :mod:`perfeval.read.labels` lists (预算执行率,
年初预算, 指标符号, 单位, 目标值, 实际得分, 评价等级 …).  So a
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
calculated (a workbook written by a program and never opened) is an error of
its table at that cell, never read as empty (:mod:`perfeval.read.xlsx_formulas`).

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

import re
import zipfile
from collections.abc import Iterator, Mapping
from decimal import InvalidOperation
from pathlib import Path
from typing import Any

import attrs

from perfeval.errors import (
    InputError,
    MissingExtraError,
    PerfevalError,
)
from perfeval.read import xlsx_limits
from perfeval.read.cell_text import display_text
from perfeval.read.form import tables_from_grids
from perfeval.read.grid import Grid, Pos, bounded
from perfeval.read.hidden import openpyxl_hidden, shown_cells
from perfeval.read.xlsx_formulas import unsaved_formulas
from perfeval.record import Record

__all__ = [
    "read_xlsx",
    "sheet_grid",
    "tables_from_workbook",
]


def _require_openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise MissingExtraError("reading .xlsx workbooks needs openpyxl: pip install 'perfeval[excel]'") from None
    return openpyxl


def _sheet_ref(name: str) -> str:
    return name if re.fullmatch(r"\w+", name) else "'" + name.replace("'", "''") + "'"


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
    spans = bounded(cells, merged, _sheet_ref(ws.title))
    last_row, last_col = max((r for r, _ in cells), default=0), max((c for _, c in cells), default=0)
    cells = shown_cells(cells, spans, *openpyxl_hidden(ws, last_row, last_col))  # as printed
    return Grid(ws.title, cells, spans)


def tables_from_workbook(
    workbook: Any, source: str, unsaved: Mapping[str, frozenset[Pos]] | None = None
) -> Iterator[Record]:
    """Records of every table in an openpyxl workbook, sheet by sheet, top to bottom.

    ``unsaved``: by sheet name, the cells holding a formula without a saved value.
    """
    # A workbook of chart sheets only (or of no sheet at all) has no worksheet to name.
    first = _sheet_ref(workbook.worksheets[0].title) + "!A1" if workbook.worksheets else "A1"
    yield from tables_from_grids(_sheet_grids(workbook, unsaved or {}), source, first)


def _sheet_grids(workbook: Any, unsaved: Mapping[str, frozenset[Pos]]) -> Iterator[Grid | PerfevalError]:
    """Each sheet's grid, or the error (a cap passed) that kept it from being one."""
    for ws in workbook.worksheets:
        if ws.sheet_state != "visible":
            continue  # a hidden sheet does not print (last year's form, a template): not read
        try:
            grid = sheet_grid(ws)
        except PerfevalError as error:
            yield error
            continue
        cells = unsaved.get(ws.title)
        yield attrs.evolve(grid, unsaved=cells) if cells else grid


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
        unsaved = unsaved_formulas(path)
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
        yield from tables_from_workbook(workbook, source, unsaved)
    finally:
        workbook.close()
