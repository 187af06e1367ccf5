"""The JSON reader's fast path: a table printed as tables are (every cell text or null) read in one pass.

:func:`fast_table` checks each cell while it reads it and builds the values
without attrs' converters — the same values, with the same numbers read by
the same cell readers, as their constructors would build.  Anything unusual
(a number where text belongs, a tier, a deduction, a bad cell) makes it
return ``None``, and :func:`~perfeval.read.json_format.from_dict` then reads
the table the long way, which locates every problem.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from perfeval.errors import PerfevalError
from perfeval.values import (
    FORMAT,
    MONEY,
    PERCENT,
    POINTS,
    Execution,
    Funds,
    FundsLine,
    Goals,
    Indicator,
    Table,
    amount_of,
    grade_text,
    read_year,
    weight_of,
)

_new = object.__new__
_set = object.__setattr__

#: A funds line with no cell printed; values are frozen, so one serves every table.
BLANK_LINE = FundsLine()
_BLANK_EXECUTION = Execution()
_BLANK_GOALS = Goals()


class _Unusual(Exception):
    """The table needs the long way round (raised and caught inside this module only)."""


def _texts(obj: dict[str, Any], keys: tuple[str, ...]) -> list[Any]:
    """The cells ``keys`` of ``obj``, each text or null (else unusual)."""
    values = [obj.get(key) for key in keys]
    for value in values:
        if value.__class__ is not str and value is not None:
            raise _Unusual
    return values


def _object(value: object) -> dict[str, Any]:
    """A JSON object, or an empty one for null; any other value is unusual."""
    if value is None:
        return {}
    if value.__class__ is not dict:
        raise _Unusual
    return value


def _no_deductions(obj: dict[str, Any]) -> None:
    """Deductions (rare) are read the long way; null or an empty array is none."""
    deductions = obj.get("deductions")
    if deductions is not None and (deductions.__class__ is not list or deductions):
        raise _Unusual


def _line(obj: object) -> FundsLine:
    initial, annual, executed = _texts(_object(obj), ("initial", "annual", "executed"))
    if initial is None and annual is None and executed is None:
        return BLANK_LINE
    line = _new(FundsLine)
    _set(line, "initial", initial)
    _set(line, "annual", annual)
    _set(line, "executed", executed)
    _set(line, "_numbers", (amount_of(initial, MONEY), amount_of(annual, MONEY), amount_of(executed, MONEY)))
    return line


def _funds(value: object) -> Funds:
    obj = _object(value)
    funds = _new(Funds)
    for name in ("total", "fiscal", "carryover", "other"):
        _set(funds, name, _line(obj.get(name)))
    return funds


def _execution(value: object) -> Execution:
    obj = _object(value)
    _no_deductions(obj)
    weight, rate, score = _texts(obj, ("weight", "rate", "score"))
    if weight is None and rate is None and score is None:
        return _BLANK_EXECUTION
    execution = _new(Execution)
    _set(execution, "weight", weight)
    _set(execution, "rate", rate)
    _set(execution, "score", score)
    _set(execution, "deductions", ())
    _set(execution, "_numbers", (amount_of(weight, POINTS), amount_of(rate, PERCENT), amount_of(score, POINTS)))
    return execution


def _goals(value: object) -> Goals:
    expected, achieved = _texts(_object(value), ("expected", "achieved"))
    if expected is None and achieved is None:
        return _BLANK_GOALS
    goals = _new(Goals)
    _set(goals, "expected", expected)
    _set(goals, "achieved", achieved)
    return goals


#: An indicator's printed cells, in the order ``perfeval-table/1`` writes them.
INDICATOR_CELLS = ("level1", "level2", "name", "operator", "target", "unit", "actual", "weight", "score", "explanation")


def _indicator(item: object) -> Indicator:
    if item.__class__ is not dict:
        raise _Unusual  # null, or not an object: the long way says where
    obj: dict[str, Any] = item
    if obj.get("tier") is not None:
        raise _Unusual
    _no_deductions(obj)
    row = _new(Indicator)
    get = obj.get
    for name in INDICATOR_CELLS:  # each cell checked as it is set: text or null
        value = get(name)
        if value is not None and value.__class__ is not str:
            raise _Unusual
        _set(row, name, value)
    _set(row, "tier", None)
    _set(row, "deductions", ())
    weight, readable = weight_of(get("weight"))
    _set(row, "_numbers", (amount_of(get("score"), POINTS), weight, readable))
    return row


#: The table's own text cells.
TABLE_TEXT = ("source", "table_no", "project", "department", "implementer", "notes")
#: The top-level keys of ``perfeval-table/1``: an object holding none of them is not a table (package.json).
TABLE_KEYS = (
    "format", "source", "table_no", "year", "project", "department", "implementer", "funds", "execution",
    "goals", "indicators", "subtotal", "total", "grade", "notes", "transcription_notes",
)  # fmt: skip
_KEYS = frozenset(TABLE_KEYS)

T = TypeVar("T")


def _items(value: object, read: Callable[[object], T]) -> tuple[T, ...]:
    if value is None:
        return ()
    if value.__class__ is not list:
        raise _Unusual
    return tuple(read(item) for item in value)


def _note(item: object) -> str:
    if item.__class__ is not str:
        raise _Unusual
    return item


def fast_table(obj: object) -> Table | None:
    """The table of a ``perfeval-table/1`` object printed as tables are, or ``None`` when it needs the long way."""
    if obj.__class__ is not dict:
        return None
    doc: dict[str, Any] = obj
    try:
        if _KEYS.isdisjoint(doc):
            return None
        fmt = doc.get("format")
        if fmt is not None and fmt != FORMAT:
            return None
        texts = _texts(doc, TABLE_TEXT)
        subtotal, total, grade = _texts(doc, ("subtotal", "total", "grade"))
        table = _new(Table)
        for name, value in zip(TABLE_TEXT, texts, strict=True):
            _set(table, name, value)
        _set(table, "year", read_year(doc.get("year")))
        _set(table, "funds", _funds(doc.get("funds")))
        _set(table, "execution", _execution(doc.get("execution")))
        _set(table, "goals", _goals(doc.get("goals")))
        _set(table, "indicators", _items(doc.get("indicators"), _indicator))
        _set(table, "subtotal", subtotal)
        _set(table, "total", total)
        _set(table, "grade", grade_text(grade))
        _set(table, "transcription_notes", _items(doc.get("transcription_notes"), _note))
        _set(table, "_numbers", (amount_of(subtotal, POINTS), amount_of(total, POINTS)))
        _set(table, "_origin", None)
    except (_Unusual, PerfevalError):
        return None
    return table
