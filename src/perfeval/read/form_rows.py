"""Cells of a form that other layouts print differently: what is not an indicator row, cells off their header.

The form reader (:mod:`perfeval.read.form`) asks these when a layout is not the Yunnan
form's: a row whose cells all come merged down from the one above, a level-2 line with
its subtotal, a template line of dashes, a value cell starting under the column before its
header (Word and PDF grids), a header perfeval does not know where a column it needs stands.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from perfeval.errors import CellError, Problem
from perfeval.read.form_grid import FormGrid
from perfeval.read.grid import Pos
from perfeval.read.labels import INLINE_PATTERNS, SUM_LABELS, core_key, label_key
from perfeval.reading.numbers import read_decimal
from perfeval.reading.text import PLACEHOLDERS, normalize
from perfeval.vocab import INDICATOR_COLUMNS, Grade, bare_name, level1_of

#: A cell read for a field: its origin and text (``None`` when blank).
Found = tuple[Pos, str | None]
#: What may follow 总得分： / 自评等级： in one cell to be its value: a number of points, a grade word.
_COLON_VALUES = {"总得分": re.compile(r"[\d.,\s]+分?"), "自评等级": re.compile(r"\S{1,3}")}


def straddling(
    g: FormGrid, row: int, columns: dict[str, tuple[int, int]], found: dict[str, Found], taken: set[Pos]
) -> None:
    """A blank field takes a cell starting left of its header that lies mostly under it (Word, PDF grids).

    A word processor's cell boundaries need not meet the header's: the 得分 value may span grid
    columns 9–11 under an 得分 header over 10–11, starting inside 分值's 8–9.  It is 得分's when
    no field took it (nor is it in ``taken``) and it covers more of 得分's columns than of any other
    field still blank (分值 has its own cell: it is no contender).
    """
    taken = taken | {origin for origin, text in found.values() if text is not None}
    for key, (c1, _) in columns.items():
        if found[key][1] is not None:
            continue
        origin, text = g.at(row, c1)
        if text is None or origin in taken or origin[1] >= c1:
            continue
        span = g.columns(origin)
        share = {k: min(span[1], b) - max(span[0], a) + 1 for k, (a, b) in columns.items() if found[k][1] is None}
        if share[key] > max((v for k, v in share.items() if k != key), default=0):
            found[key] = (origin, text)
            taken.add(origin)


def not_an_indicator(row: int, found: dict[str, Found], counts: list[str]) -> bool:
    """Whether a row with some indicator cells filled is still no indicator of its own.

    It is not when no cell past its level 1 / level 2 begins on it (the second sheet row of an
    indicator merged down over two), when every filled cell is a placeholder (a template line of
    — in each cell), or when it holds a level 2 of its own and only 分值 / 得分 (数量指标 … 30 30:
    that level's subtotal over its rows; a 小计 there is the table's subtotal, read as before).
    """
    own = (cell for key, cell in found.items() if key not in ("level1", "level2"))
    if not any(text and origin[0] == row for origin, text in own):
        return True
    if all(normalize(found[k][1] or "") in PLACEHOLDERS for k in counts):
        return True
    origin, level2 = found["level2"]
    return (
        set(counts) <= {"weight", "score"}
        and bool(level2)
        and origin[0] == row
        and label_key(level2 or "") not in SUM_LABELS
    )


#: Level 1 labels of budget execution printed as a line of the indicator table (folded, without qualifiers).
_EXECUTION = ("预算执行率", "预算资金执行率", "资金执行率", "预算执行情况", "预算执行", "预算资金执行情况")


def is_execution(found: dict[str, Found]) -> bool:
    """Whether an indicator line is budget execution: 预算执行率 as its level 1 (the central 2020 weights).

    An indicator named 预算执行率 under 产出指标 (Yunnan's 时效指标) is an indicator like any other.
    """
    level1 = found["level1"][1]
    return level1 is not None and core_key(label_key(level1)) in _EXECUTION


def shared_numbers(g: FormGrid, row: int, header: int, found: dict[str, Found]) -> list[Problem]:
    """A 分值 / 得分 merged down over several indicators is one number for all: refused, never counted twice."""
    problems = []
    for key in ("weight", "score"):
        origin, text = found.get(key, ((0, 0), None))
        if text and header < origin[0] < row:
            rows = g.bottom(origin) - origin[0] + 1
            why = f"one {INDICATOR_COLUMNS[key]} merged over {rows} indicator rows: print each indicator's own"
            problems.append(Problem(g.ref(origin), why))
    return problems


def unknown_budget_column(g: FormGrid, header_row: int, columns: dict[str, Pos]) -> list[Problem]:
    """R1.7 takes 年初预算数 as the base only on a form with no annual column: a header perfeval does not
    know between 年初预算数 and 全年执行数 (年度预算数, 预算调整数) may be that column, so it is refused."""
    if "全年预算数" in columns or "年初预算数" not in columns or "全年执行数" not in columns:
        return []
    after, before = g.columns(columns["年初预算数"])[1] + 1, g.columns(columns["全年执行数"])[0] - 1
    for c in g.text_columns(header_row, after, before):
        origin, text = g.at(header_row, c)
        if text is not None and origin[1] == c and not g.is_label(origin):
            why = f"a budget column perfeval does not know ({text!r}): is it 全年预算数? Respell its header"
            return [Problem(g.ref(origin), why)]
    return []


#: Words of a header perfeval does not know that may name an optional column it needs: field → words, label.
_MAYBE = {"weight": (("分", "权重"), "分值"), "operator": (("符", "性质", "方向", "属性"), "指标性质")}


def unknown_header(g: FormGrid, key: str, top: int, bottom: int) -> list[Problem]:
    """A form may print no 分值 (R8.5: weights null) or no 指标性质 column (the operator in the target), but a
    header perfeval does not know on the indicator header rows that speaks of points (满分, 分数) or of the
    operator (指标方向, 比较符) may be that column: refused, never dropped."""
    words, label = _MAYBE[key]
    for pos in g.filled((top, bottom)):
        text = g.keys[pos]
        maybe = any(w in text for w in words) and not any(known in text for known in ("分值", "得分"))
        if maybe and not g.is_label(pos) and len(text) <= 8:
            why = f"a column perfeval does not know ({g.cells[pos]!r}): is it {label}? Respell its header"
            return [Problem(g.ref(pos), why)]
    return []


def headers_apart(g: FormGrid, columns: dict[str, tuple[int, int]], bottom: int, last: int) -> list[Problem]:
    """An optional column (分值, 偏差原因…) not on the indicator header but its header further down the table:
    the form's columns were printed apart (a page to the right of another, stacked below it), never read
    as a form without that column."""
    for key in ("weight", "explanation"):
        label = INDICATOR_COLUMNS[key]
        stray = next((pos for pos, found in g.labels((bottom + 1, last)) if found == label), None)
        if key not in columns and stray is not None:
            why = f"a {label} header below the indicator rows, none on their header: are its columns printed apart?"
            return [Problem(g.ref(stray), why)]
    return []


def sum_total(
    g: FormGrid, rows: tuple[int, int], weights: tuple[int, int] | None, scores: tuple[int, int], doc: dict[str, Any]
) -> Found | None:
    """The total on a 合计 / 总计 line below the indicators, when its 分值 shows it sums them and the execution.

    Its 得分 is the total only when its 分值 is the indicators' weights plus the execution's (or 100 with no
    execution weight printed), never their sum alone (that line is a subtotal): anything else is no total.
    """
    try:
        summed = sum((read_decimal(i["weight"], units=("分",)) or Decimal(0) for i in doc["indicators"]), Decimal(0))
        execution = read_decimal(doc["execution"]["weight"])
    except CellError:
        return None
    for pos in g.filled(rows):
        if label_key(g.cells[pos]) not in SUM_LABELS or weights is None:
            continue
        weight, score = g.value_in(pos[0], *weights, exclude=pos), g.value_in(pos[0], *scores, exclude=pos)
        try:
            printed = read_decimal(weight[1], units=("分",)) if weight[0][0] == pos[0] else None
        except CellError:
            return None
        whole = summed + execution if execution is not None else Decimal(100)
        if printed is not None and printed == whole != summed and score[1] and score[0][0] == pos[0]:
            return score
        return None
    return None


def grade_beside(g: FormGrid, total: Pos) -> Found | None:
    """A grade printed right of the total on its line, with no 自评等级 label (总分 | 100 | 100 | 优): the first text
    right of the total's cell, when it reads as a grade (a note or a number there is no grade)."""
    _, right = g.columns(total)
    for c in g.text_columns(total[0], right + 1, g.max_col):
        origin, text = g.at(total[0], c)
        return (origin, text) if text is not None and Grade.parse(text) is not None else None
    return None


def colon_value(g: FormGrid, label: str, rows: tuple[int, int]) -> Found | None:
    """The value after ``label`` and a colon in one cell (总得分：95.50, 自评等级：优), if a cell in ``rows`` holds one.

    Only a number of points or a short word counts: ``自评等级：90（含）-100分为优…`` is a note, not a grade.
    """
    for pos in g.filled(rows):
        match = INLINE_PATTERNS[label].match(g.cells[pos])
        rest = match.group("rest") if match is not None and match.group("colon") else None
        if rest and _COLON_VALUES[label].fullmatch(normalize(rest)):
            return pos, rest
    return None


def is_group(row: int, found: dict[str, Found]) -> bool:
    """A level-1 line over its indicators (产出指标 … 80 75): its own level-1 cell and no indicator cells."""
    origin, level1 = found["level1"]
    if not level1 or origin[0] != row or label_key(level1) in SUM_LABELS:
        return False
    return not any(found[k][1] for k in ("level2", "name", "operator", "target", "unit", "actual") if k in found)


def carry(found: dict[str, Found], carried: dict[str, Found]) -> None:
    """Fill blank level-1 / level-2 cells from the rows above (written once, not merged); a new level-1 resets."""
    level1 = found["level1"][1]
    if level1 is not None and level1 != carried.get("level1", ((0, 0), None))[1]:
        carried.clear()
    for key in ("level1", "level2"):
        if found[key][1] is None and key in carried:
            found[key] = carried[key]
        elif found[key][1] is not None:
            carried[key] = found[key]


def level1_agrees(row: int, found: dict[str, Found], column: int) -> None:
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
