"""The JSON reader's fast path: a table printed as tables are (every cell text or null) read in one pass.

:func:`fast_table` checks each cell while it reads it and builds the values
without attrs' converters — the same values, with the same numbers read by
the same cell readers, as their constructors would build.  Anything unusual
(a number where text belongs, a tier, a deduction, a bad cell) makes it
return ``None``, and :func:`~perfeval.read.json_format.from_dict` then reads
the table the long way, which locates every problem.

The numbers a cell reader gave for a short text are kept here, in a dict a
hit looks up without a call: tables repeat "10.00", "5.00"
and "100" on every row.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from operator import itemgetter
from typing import Any, Final

from perfeval.caching import MAX_CACHED_TEXT, keep
from perfeval.errors import PerfevalError
from perfeval.reading.numbers import MONEY, PERCENT, POINTS, amount_of, weight_of
from perfeval.reading.text import is_plain_number
from perfeval.values import FORMAT, Execution, Funds, FundsLine, Goals, Indicator, Table, grade_text, read_year
from perfeval.views import TableView
from perfeval.vocab import Grade

_new: Final = object.__new__
_bind: Final = object.__setattr__.__get__  # a frozen value's setter, bound once per value: ``_bind(row)("name", …)``

#: A funds line with no cell printed; values are frozen, so one serves every table.
BLANK_LINE: Final = FundsLine()
_BLANK_EXECUTION: Final = Execution()
_BLANK_GOALS: Final = Goals()
_MISS: Final[Any] = object()


class _Unusual(Exception):
    """The table needs the long way round (raised and caught inside this module only)."""


#: What :func:`amount_of` read from each short cell text, by units (:func:`_amount` looks it up).
_MONEY: Final[dict[str | None, Decimal | None]] = {}
_POINTS: Final[dict[str | None, Decimal | None]] = {}
_PERCENT: Final[dict[str | None, Decimal | None]] = {}
#: An indicator's (score, weight) → its numbers, as its constructor reads them: the pairs a batch prints are few.
_ROWS: Final[dict[tuple[str | None, str | None], tuple[Decimal | bool | None, ...]]] = {}
#: A year as printed (its ``str``: an int, a Decimal and a text of the same digits read alike) → the year.
_YEARS: Final[dict[str, int | None]] = {}
#: A grade as printed → the grade.
_GRADES: Final[dict[str, Grade | None]] = {}
#: Entries a cache holds before it is emptied.
CACHE_SIZE = 4096


def _amount(cache: dict[str | None, Decimal | None], text: str | None, units: tuple[str, ...]) -> Decimal | None:
    """A cell's number as :func:`amount_of` reads it, kept in ``cache`` (an error is raised, never kept).

    A plainly printed number is read without the cache: amounts repeat too little (on generated tables, a third
    of the funds cells were in it) for a look-up and a keep to cost less than ``Decimal(text)``.
    """
    if text is not None and is_plain_number(text):
        return Decimal(text)
    value = cache.get(text, _MISS)
    if value is not _MISS:
        return value  # type: ignore[no-any-return]
    value = amount_of(text, units)
    return value if text is not None and len(text) > MAX_CACHED_TEXT else keep(cache, text, value, CACHE_SIZE)


def _row_numbers(score: str | None, weight: str | None) -> tuple[Decimal | bool | None, ...]:
    """An indicator's (score, weight, weight readable), as its constructor reads them; kept by the two cells."""
    numbers = _ROWS.get((score, weight), _MISS)
    if numbers is not _MISS:
        return numbers  # type: ignore[no-any-return]
    numbers = (amount_of(score, POINTS), *weight_of(weight))
    if (score is not None and len(score) > MAX_CACHED_TEXT) or (weight is not None and len(weight) > MAX_CACHED_TEXT):
        return numbers
    return keep(_ROWS, (score, weight), numbers, CACHE_SIZE)


def _object(value: object) -> dict[str, Any]:
    """A JSON object, or an empty one for null; any other value is unusual."""
    if value is None:
        return {}
    if value.__class__ is not dict:
        raise _Unusual
    return value


def _cells(obj: dict[str, Any], cells: Callable[[dict[str, Any]], tuple[Any, ...]], keys: tuple[str, ...]) -> Any:
    """The cells ``keys`` of ``obj`` (``cells`` is their item getter), each text or null, else unusual."""
    try:
        values = cells(obj)
    except KeyError:  # a cell left out: null
        values = tuple(map(obj.get, keys))
    for value in values:  # a loop: quicker than a set of types for a few cells
        if value is not None and value.__class__ is not str:
            raise _Unusual
    return values


def _no_deductions(obj: dict[str, Any]) -> None:
    """Deductions (rare) are read the long way; null or an empty array is none."""
    deductions = obj.get("deductions")
    if deductions is not None and (deductions.__class__ is not list or deductions):
        raise _Unusual


_LINE_KEYS: Final = ("initial", "annual", "executed")
_line_cells: Final = itemgetter(*_LINE_KEYS)


def _line(value: object) -> FundsLine:
    initial, annual, executed = _cells(_object(value), _line_cells, _LINE_KEYS)
    if initial is None and annual is None and executed is None:
        return BLANK_LINE
    a = _amount(_MONEY, initial, MONEY)
    b = _amount(_MONEY, annual, MONEY)
    c = _amount(_MONEY, executed, MONEY)
    line = _new(FundsLine)
    setter = _bind(line)
    setter("initial", initial)
    setter("annual", annual)
    setter("executed", executed)
    setter("_numbers", (a, b, c))
    return line


_FUNDS_KEYS: Final = ("total", "fiscal", "carryover", "other")
_funds_lines: Final = itemgetter(*_FUNDS_KEYS)


def _funds(value: object) -> Funds:
    obj = _object(value)
    try:
        total, fiscal, carryover, other = _funds_lines(obj)
    except KeyError:
        total, fiscal, carryover, other = map(obj.get, _FUNDS_KEYS)
    funds = _new(Funds)
    setter = _bind(funds)
    setter("total", _line(total))
    setter("fiscal", _line(fiscal))
    setter("carryover", _line(carryover))
    setter("other", _line(other))
    return funds


_EXECUTION_KEYS: Final = ("weight", "rate", "score")
_execution_cells: Final = itemgetter(*_EXECUTION_KEYS)


def _execution(value: object) -> Execution:
    obj = _object(value)
    _no_deductions(obj)
    weight, rate, score = _cells(obj, _execution_cells, _EXECUTION_KEYS)
    if weight is None and rate is None and score is None:
        return _BLANK_EXECUTION
    w = _amount(_POINTS, weight, POINTS)
    r = _amount(_PERCENT, rate, PERCENT)
    s = _amount(_POINTS, score, POINTS)
    execution = _new(Execution)
    setter = _bind(execution)
    setter("weight", weight)
    setter("rate", rate)
    setter("score", score)
    setter("deductions", ())
    setter("_numbers", (w, r, s))
    return execution


_GOALS_KEYS: Final = ("expected", "achieved")
_goals_cells: Final = itemgetter(*_GOALS_KEYS)


def _goals(value: object) -> Goals:
    expected, achieved = _cells(_object(value), _goals_cells, _GOALS_KEYS)
    if expected is None and achieved is None:
        return _BLANK_GOALS
    goals = _new(Goals)
    setter = _bind(goals)
    setter("expected", expected)
    setter("achieved", achieved)
    return goals


#: An indicator's printed cells, in the order ``perfeval-table/1`` writes them.
INDICATOR_CELLS: Final = (
    "level1",
    "level2",
    "name",
    "operator",
    "target",
    "unit",
    "actual",
    "weight",
    "score",
    "explanation",
)
_indicator_cells: Final = itemgetter(*INDICATOR_CELLS)
_PRINTED_ROW: Final = len(INDICATOR_CELLS)  # a row holding its cells and no other key has no tier and no deduction


def _indicator(item: object) -> Indicator:
    if item.__class__ is not dict:
        raise _Unusual  # null, or not an object: the long way says where
    obj: dict[str, Any] = item
    try:
        cells = _indicator_cells(obj)
        printed = len(obj) == _PRINTED_ROW
    except KeyError:  # a cell left out: null
        cells = tuple(map(obj.get, INDICATOR_CELLS))
        printed = False
    if not printed:
        if obj.get("tier") is not None:
            raise _Unusual
        _no_deductions(obj)
    for value in cells:
        if value is not None and value.__class__ is not str:
            raise _Unusual
    level1, level2, name, operator, target, unit, actual, weight, score, explanation = cells
    numbers = _row_numbers(score, weight)
    row = _new(Indicator)
    setter = _bind(row)
    setter("name", name)
    setter("level1", level1)
    setter("level2", level2)
    setter("operator", operator)
    setter("target", target)
    setter("unit", unit)
    setter("actual", actual)
    setter("weight", weight)
    setter("score", score)
    setter("explanation", explanation)
    setter("tier", None)
    setter("deductions", ())
    setter("_numbers", numbers)
    return row


#: The table's own text cells.
TABLE_TEXT: Final = ("source", "table_no", "project", "department", "implementer", "notes")
#: The top-level keys of ``perfeval-table/1``: an object holding none of them is not a table (package.json).
TABLE_KEYS: Final = (
    "format", "source", "table_no", "year", "project", "department", "implementer", "funds", "execution",
    "goals", "indicators", "subtotal", "total", "grade", "notes", "transcription_notes",
)  # fmt: skip
_KEYS: Final = frozenset(TABLE_KEYS)
_table_keys: Final = itemgetter(*TABLE_KEYS)


def _year(value: Any) -> int | None:
    """The table's year, read as :func:`read_year` reads it (which depends on its ``str`` only, for these types)."""
    if value is None:
        return None
    cls = value.__class__
    if cls is int:
        return value if 1900 <= value <= 2200 else read_year(value)
    if cls is str or cls is Decimal:
        text: str = value if cls is str else str(value)
        year = _YEARS.get(text, _MISS)
        if year is _MISS:
            year = read_year(text)
            if len(text) <= MAX_CACHED_TEXT:
                keep(_YEARS, text, year, 256)
        return year  # type: ignore[no-any-return]
    return read_year(value)


def _grade(text: str) -> Grade | None:
    """自评等级 as ``Table.grade_value`` reads it; refused unless blank or a grade (read once a spelling)."""
    grade = _GRADES.get(text, _MISS)
    if grade is _MISS:
        grade_text(text)  # raises unless a grade
        grade = Grade.parse(text) if text else None
        if len(text) <= MAX_CACHED_TEXT:
            keep(_GRADES, text, grade, 256)
    return grade  # type: ignore[no-any-return]


def _rows(value: Any) -> tuple[Indicator, ...]:
    if value is None:
        return ()
    if value.__class__ is not list:
        raise _Unusual
    return tuple(map(_indicator, value))


def _notes(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if value.__class__ is not list:
        raise _Unusual
    for note in value:
        if note.__class__ is not str:
            raise _Unusual
    return tuple(value)


def fast_table(obj: object) -> Table | None:
    """The table of a ``perfeval-table/1`` object printed as tables are, or ``None`` when it needs the long way."""
    if obj.__class__ is not dict:
        return None
    doc: dict[str, Any] = obj
    try:
        try:
            cells = _table_keys(doc)
        except KeyError:  # a key left out: null (but an object holding none of them is not a table)
            if _KEYS.isdisjoint(doc):
                return None
            cells = tuple(map(doc.get, TABLE_KEYS))
        (fmt, source, table_no, year, project, department, implementer, funds, execution,
         goals, indicators, subtotal, total, grade, notes, transcription_notes) = cells  # fmt: skip
        if fmt is not None and fmt != FORMAT:
            return None
        for value in (source, table_no, project, department, implementer, notes, subtotal, total, grade):
            if value is not None and value.__class__ is not str:
                return None
        if grade is not None:
            _grade(grade)  # raises unless a grade
        sub = _amount(_POINTS, subtotal, POINTS)
        tot = _amount(_POINTS, total, POINTS)
        table = _new(Table)
        setter = _bind(table)
        setter("source", source)
        setter("table_no", table_no)
        setter("project", project)
        setter("department", department)
        setter("implementer", implementer)
        setter("notes", notes)
        setter("year", _year(year))
        setter("funds", _funds(funds))
        setter("execution", _execution(execution))
        setter("goals", _goals(goals))
        setter("indicators", _rows(indicators))
        setter("subtotal", subtotal)
        setter("total", total)
        setter("grade", grade)
        setter("transcription_notes", _notes(transcription_notes))
        setter("_numbers", (sub, tot))
        setter("_origin", None)
    except (_Unusual, PerfevalError):
        return None
    return table


# --- the batch path: the decoder's objects (perfeval.read.json_structs) checked in place ----------------------

#: A table that prints no funds: four blank lines (what the rules read of ``Funds()``).
_BLANK_FUNDS: Final = Funds(BLANK_LINE, BLANK_LINE, BLANK_LINE, BLANK_LINE)


def checked_view(doc: Any) -> TableView | None:
    """A table decoded by :mod:`perfeval.read.json_structs`, its numbers read and checked: what the rules read.

    The numbers are read by the readers (and kept in the caches) :func:`fast_table` uses, so the rules see what
    they see of the :class:`Table` the same line makes; ``None`` for what only the long way reads (a tier, a
    deduction, a bad cell, an object that is no table), as :func:`fast_table` declines it.
    """
    try:
        fmt = doc.format
        if fmt is not None and fmt != FORMAT:
            return None
        rows = doc.indicators
        if rows is None:
            if _no_table_key(doc):
                return None  # perhaps not a table at all: the long way says
            doc.indicators = rows = []
        grade = doc.grade
        doc.grade_value = None if grade is None else _grade(grade)
        doc.subtotal_value = _amount(_POINTS, doc.subtotal, POINTS)
        doc.total_value = _amount(_POINTS, doc.total, POINTS)
        doc.year = _year(doc.year)
        funds = doc.funds
        if funds is None:
            doc.funds = _BLANK_FUNDS
        else:
            funds.total = _view_line(funds.total)
            funds.fiscal = _view_line(funds.fiscal)
            funds.carryover = _view_line(funds.carryover)
            funds.other = _view_line(funds.other)
        execution = doc.execution
        if execution is None:
            doc.execution = _BLANK_EXECUTION
        else:
            if not _no_view_deductions(execution):
                return None
            execution.weight_value = _amount(_POINTS, execution.weight, POINTS)
            execution.rate_value = _amount(_PERCENT, execution.rate, PERCENT)
            execution.score_value = _amount(_POINTS, execution.score, POINTS)
        for row in rows:
            if row.tier is not None or not _no_view_deductions(row):
                return None
            row.score_value, row.weight_value, row.weight_readable = _row_numbers(row.score, row.weight)
    except PerfevalError:
        return None
    view: TableView = doc
    return view


def _view_line(line: Any) -> Any:
    """A decoded funds line with its amounts read; a line left out, null or with no cell printed is blank."""
    if line is None:
        return BLANK_LINE
    initial, annual, executed = line.initial, line.annual, line.executed
    if initial is None and annual is None and executed is None:
        return BLANK_LINE
    line.initial_amount = _amount(_MONEY, initial, MONEY)
    line.annual_amount = _amount(_MONEY, annual, MONEY)
    line.executed_amount = _amount(_MONEY, executed, MONEY)
    return line


def _no_view_deductions(line: Any) -> bool:
    """Whether a decoded row or execution line has no deductions (they are read the long way), which it then holds
    as ``()``: left out (the decoder's default, already ``()``), null or an empty array."""
    deductions = line.deductions
    if deductions.__class__ is tuple:  # left out: a JSON value is never decoded into a tuple
        return True
    if deductions is None or (deductions.__class__ is list and not deductions):
        line.deductions = ()
        return True
    return False


def _no_table_key(doc: Any) -> bool:
    """Whether a decoded object holds none of the table's keys (each decoded null or left out)."""
    return all(getattr(doc, key) is None for key in TABLE_KEYS)
