"""``perfeval-table/1``: tables to and from JSON-shaped dicts, every problem with its path.

:func:`from_dict` never stops at the first problem: it checks every field of
the table and raises one :class:`~perfeval.errors.InvalidTableError` listing
them all (``$.indicators[2].weight: …``).  :func:`to_dict` writes the cells
back exactly as they were printed, so ``to_dict(from_dict(d))`` reproduces
``d`` and ``from_dict(to_dict(t)) == t``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from perfeval.errors import InvalidTableError, NotJSONError, PerfevalError, Problem
from perfeval.read.json_fast import BLANK_LINE, INDICATOR_CELLS, TABLE_KEYS, TABLE_TEXT, fast_table
from perfeval.values import (
    FORMAT,
    Deduction,
    Execution,
    Funds,
    FundsLine,
    Goals,
    Indicator,
    Table,
    cell_text,
)

_FUNDS_LINES = ("total", "fiscal", "carryover", "other")
_LINE_CELLS = ("initial", "annual", "executed")
_EXECUTION_CELLS = ("weight", "rate", "score")
_INDICATOR_TEXT = ("level1", "level2", "name", "operator", "unit", "explanation")
_INDICATOR_CELLS = ("target", "actual", "weight", "score")
_TABLE_CELLS = ("subtotal", "total")


class _Reader:
    """Walks one JSON object, collecting problems instead of stopping."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def mapping(self, value: object, path: str) -> Mapping[str, Any] | None:
        if value is None:
            return None
        if type(value) is dict or isinstance(value, Mapping):  # the ABC check is slow: dicts first
            return value
        self.problem(path, f"expected an object, not {_json_type(value)}")
        return None

    def element(self, item: object, path: str) -> Mapping[str, Any] | None:
        """An array element that must be an object: a null or any other value is a problem at its path."""
        if item is None:
            self.problem(path, "expected an object, not null")
            return None
        return self.mapping(item, path)

    def objects(self, value: object, path: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
        """The elements of an array of objects with their paths; null, a non-array or a non-object is a problem."""
        if value is None:
            return
        if not isinstance(value, list):
            self.problem(path, f"expected an array, not {_json_type(value)}")
            return
        for i, item in enumerate(value):
            here = f"{path}[{i}]"
            obj = self.element(item, here)
            if obj is not None:
                yield here, obj

    def text(self, obj: Mapping[str, Any], key: str, path: str) -> str | None:
        value = obj.get(key)
        if value is None or isinstance(value, str):
            return value
        self.problem(f"{path}.{key}", f"expected text, not {_json_type(value)}")
        return None

    def cell(self, obj: Mapping[str, Any], key: str, path: str) -> str | Decimal | None:
        value = obj.get(key)
        if value is None or type(value) is str or isinstance(value, str):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            value = Decimal(value)
        if isinstance(value, Decimal):  # a JSON number: checked here, so the problem names its cell
            try:
                cell_text(value)
            except PerfevalError as error:
                self.problem(f"{path}.{key}", error.message)
                return None
            return value
        self.problem(f"{path}.{key}", f"expected a printed cell (a string), not {_json_type(value)}")
        return None

    def build(self, cls: type[Any], path: str, **kwargs: Any) -> Any:
        """Construct a value, turning its validation errors into located problems."""
        try:
            return cls(**kwargs)
        except InvalidTableError as error:
            for p in error.problems:
                self.problem(f"{path}.{p.path}", p.message)
        except PerfevalError as error:
            self.problem(error.path or path, error.message)
        return None


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, float) and math.isfinite(value):  # JSON text gives Decimals (NaN aside): a caller's float
        return f"a float {value!r} (floats lose digits: pass the printed text or a Decimal)"
    if isinstance(value, int | float | Decimal):
        try:
            shown = str(value)
        except ValueError:  # an int of more than 4,300 digits
            shown = "too long to show"
        return f"a JSON number {shown if len(shown) <= 40 else shown[:40] + '…'}"
    return type(value).__name__


def from_dict(obj: object, *, source: str | None = None, index: int | None = None) -> Table:
    """Build a :class:`Table` from a ``perfeval-table/1`` object.

    >>> t = from_dict({"project": "x", "funds": {"total": {"annual": "4.10", "executed": "0.33"}}})
    >>> t.funds.total.annual_amount
    Decimal('4.10')

    Every problem of the table is collected, each with its path:

    >>> try:
    ...     from_dict({"total": "abc", "indicators": [{"score": "1e9"}]})
    ... except InvalidTableError as error:
    ...     for problem in error.problems:
    ...         print(problem)
    $.indicators[0].score: not a printed number (exponents, NaN and infinities are refused): '1e9'
    $.total: not a number: 'abc'
    """
    fast = fast_table(obj)  # a table printed as tables are: read in one pass
    if fast is not None:
        return fast
    reader = _Reader()
    table = _table(reader, obj)
    if reader.problems or table is None:
        raise InvalidTableError(reader.problems or [Problem("$", "invalid table")], source=source, index=index)
    return table


def _table(r: _Reader, obj: object) -> Table | None:
    if not isinstance(obj, Mapping):
        r.problem("$", f"a table must be a JSON object, not {_json_type(obj)}")
        return None
    if not any(key in obj for key in TABLE_KEYS):
        r.problem("$", _not_a_table(obj))
        return None
    fmt = obj.get("format")
    if fmt is not None and fmt != FORMAT:
        r.problem("$.format", f"unsupported format {fmt!r}; expected {FORMAT!r}")
    funds = _funds(r, obj.get("funds"))
    execution = _execution(r, obj.get("execution"))
    goals_obj = r.mapping(obj.get("goals"), "$.goals") or {}
    goals = r.build(
        Goals,
        "$.goals",
        expected=r.text(goals_obj, "expected", "$.goals"),
        achieved=r.text(goals_obj, "achieved", "$.goals"),
    )
    indicators = _indicators(r, obj.get("indicators"))
    notes = obj.get("transcription_notes")
    if notes is None:
        notes = []
    elif not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        r.problem("$.transcription_notes", "expected an array of text")
        notes = []
    kwargs: dict[str, Any] = {key: r.text(obj, key, "$") for key in TABLE_TEXT}
    kwargs.update({key: r.cell(obj, key, "$") for key in (*_TABLE_CELLS, "grade")})
    year = obj.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int | str | Decimal)):
        r.problem("$.year", f"expected a year, not {_json_type(year)}")
        year = None
    if r.problems:
        # Still construct the table's own cells to report their problems too.
        r.build(Table, "$", year=year, **kwargs)
        return None
    return r.build(  # type: ignore[no-any-return]
        Table,
        "$",
        year=year,
        funds=funds,
        execution=execution,
        goals=goals,
        indicators=indicators,
        transcription_notes=notes,
        **kwargs,
    )


def _not_a_table(obj: Mapping[str, Any]) -> str:
    """Why an object with none of the table's keys is refused (a package.json in an input folder)."""
    keys = ", ".join(repr(key) if isinstance(key, str) else "?" for key in list(obj)[:5])
    found = f"its keys: {keys}{' …' if len(obj) > 5 else ''}" if obj else "an empty object"
    return f"not a table: none of the keys of {FORMAT} (format, project, funds, indicators …) is present ({found})"


def _funds(r: _Reader, value: object) -> Funds:
    obj = r.mapping(value, "$.funds") or {}
    lines = {}
    for name in _FUNDS_LINES:
        path = f"$.funds.{name}"
        line = r.mapping(obj.get(name), path) or {}
        if not any(line.get(key) is not None for key in _LINE_CELLS):
            lines[name] = BLANK_LINE  # most tables leave carry-over and other funds blank
            continue
        cells = {key: r.cell(line, key, path) for key in _LINE_CELLS}
        lines[name] = r.build(FundsLine, path, **cells) or FundsLine()
    return Funds(**lines)


def _deductions(r: _Reader, value: object, path: str) -> list[Deduction]:
    out = []
    for here, obj in r.objects(value, path):
        built = r.build(Deduction, here, points=r.cell(obj, "points", here), reason=r.text(obj, "reason", here))
        if built is not None:
            out.append(built)
    return out


def _execution(r: _Reader, value: object) -> Execution:
    obj = r.mapping(value, "$.execution") or {}
    cells = {key: r.cell(obj, key, "$.execution") for key in _EXECUTION_CELLS}
    deductions = _deductions(r, obj.get("deductions"), "$.execution.deductions")
    return r.build(Execution, "$.execution", deductions=deductions, **cells) or Execution()


def _indicators(r: _Reader, value: object) -> list[Indicator]:
    out = []
    for path, obj in r.objects(value, "$.indicators"):
        kwargs: dict[str, Any] = {key: r.text(obj, key, path) for key in _INDICATOR_TEXT}
        kwargs.update({key: r.cell(obj, key, path) for key in _INDICATOR_CELLS})
        tier = obj.get("tier")
        if tier is not None and not isinstance(tier, str):
            r.problem(f"{path}.tier", f"expected text, not {_json_type(tier)}")
            tier = None
        deductions = _deductions(r, obj.get("deductions"), f"{path}.deductions")
        built = r.build(Indicator, path, tier=tier, deductions=deductions, **kwargs)
        if built is not None:
            out.append(built)
    return out


def to_dict(table: Table) -> dict[str, Any]:
    """The table as a ``perfeval-table/1`` object, every cell as printed.

    >>> to_dict(Table(project="x"))["funds"]["total"]
    {'initial': None, 'annual': None, 'executed': None}

    The round trip is exact, cells keep their printed form:

    >>> t = from_dict({"project": "x", "funds": {"total": {"annual": "1,052.96"}}})
    >>> to_dict(t)["funds"]["total"]["annual"], from_dict(to_dict(t)) == t
    ('1,052.96', True)
    """
    execution: dict[str, Any] = {key: getattr(table.execution, key) for key in _EXECUTION_CELLS}
    if table.execution.deductions:
        execution["deductions"] = [_deduction(d) for d in table.execution.deductions]
    return {
        "format": FORMAT,
        "source": table.source,
        "table_no": table.table_no,
        "year": table.year,
        "project": table.project,
        "department": table.department,
        "implementer": table.implementer,
        "funds": {
            name: {key: getattr(getattr(table.funds, name), key) for key in _LINE_CELLS} for name in _FUNDS_LINES
        },
        "execution": execution,
        "goals": {"expected": table.goals.expected, "achieved": table.goals.achieved},
        "indicators": [_indicator(i) for i in table.indicators],
        "subtotal": table.subtotal,
        "total": table.total,
        "grade": table.grade,
        "notes": table.notes,
        "transcription_notes": list(table.transcription_notes),
    }


def _deduction(d: Deduction) -> dict[str, Any]:
    return {"points": d.points, "reason": d.reason}


def _indicator(ind: Indicator) -> dict[str, Any]:
    out: dict[str, Any] = {key: getattr(ind, key) for key in INDICATOR_CELLS}
    if ind.tier is not None:
        out["tier"] = ind.tier.value
    if ind.deductions:
        out["deductions"] = [_deduction(d) for d in ind.deductions]
    return out


def parse_json(text: str | bytes, *, what: str = "document") -> Any:
    """Parse JSON keeping every number exact (``Decimal``), in bounded time.

    Deep nesting, huge integers and invalid text all raise :class:`NotJSONError`.

    >>> parse_json('{"annual": 4.10, "n": 3}')
    {'annual': Decimal('4.10'), 'n': Decimal('3')}
    """
    try:
        doc = _loads(text)
    except RecursionError:
        raise NotJSONError(f"the JSON {what} is nested too deeply") from None
    except UnicodeDecodeError as error:
        raise NotJSONError(f"the {what} is not UTF-8 text: {error.reason} at byte {error.start}") from None
    except json.JSONDecodeError as error:
        raise NotJSONError(f"not JSON: {error.msg} at line {error.lineno} column {error.colno}") from None
    except ValueError as error:
        raise NotJSONError(f"not JSON: {error}") from None
    if _may_hold_surrogates(text):
        _refuse_lone_surrogates(doc)
    return doc


#: One decoder for every document: json.loads(…, parse_float=…) builds a new one per call.
_DECODER = json.JSONDecoder(parse_float=Decimal, parse_int=Decimal)


def _loads(text: str | bytes) -> Any:
    """``json.loads(text, parse_float=Decimal, parse_int=Decimal)``, with the decoder made once."""
    if isinstance(text, str):
        if text.startswith("\ufeff"):
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    else:
        text = text.decode(json.detect_encoding(text), "surrogatepass")
    return _DECODER.decode(text)


# A \\uD800–\\uDFFF escape (or a surrogate encoded as bytes, which json.loads
# lets through): the only ways JSON text can carry a lone surrogate, which no
# UTF-8 output can hold (writing it would stop the batch).
_SURROGATE_BYTES = re.compile(rb"\\u[dD][89a-fA-F]|\xed[\xa0-\xbf]")
_SURROGATE_TEXT = re.compile(r"\\u[dD][89a-fA-F]|[\ud800-\udfff]")


def _may_hold_surrogates(text: str | bytes) -> bool:
    # A regex scan of every line costs more than its JSON parse: single-byte
    # find() pre-checks (memchr) let the scan run only on lines that could match.
    if isinstance(text, bytes):
        return (text.find(b"\\") >= 0 or text.find(b"\xed") >= 0) and _SURROGATE_BYTES.search(text) is not None
    if text.find("\\") >= 0 and _SURROGATE_TEXT.search(text) is not None:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _refuse_lone_surrogates(doc: object) -> None:
    """Raise :class:`NotJSONError` at the first string holding a lone surrogate."""
    stack: list[tuple[object, str]] = [(doc, "$")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as error:
                bad = f"\\u{ord(value[error.start]):04x}"
                raise NotJSONError(f"text holding a lone surrogate {bad}, which is not Unicode", path=path) from None
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                stack.append((key, path))
                stack.append((item, f"{path}.{key}"))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{i}]") for i, item in reversed(list(enumerate(value))))


def dumps(tables: Table | list[Table], *, indent: int | None = 2) -> str:
    """Tables as ``perfeval-table/1`` JSON text (one object, or an array).

    >>> print(dumps(Table(project="示例", total="9.50"), indent=None)[:64])
    {"format": "perfeval-table/1", "source": null, "table_no": null,
    """
    doc = to_dict(tables) if isinstance(tables, Table) else [to_dict(t) for t in tables]
    return json.dumps(doc, ensure_ascii=False, indent=indent)
