"""What became of one input record: its audit (or scorecard), or its error — and :func:`process`, which makes it.

Below the reporting wing and the runner, so that a report takes outcomes
without importing :mod:`perfeval.batch`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, NamedTuple, TypeVar

import attrs

from perfeval.auditing import Audit, audit
from perfeval.checks import check
from perfeval.errors import InternalError, PerfevalError
from perfeval.finding_records import FindingRecord
from perfeval.points import CardPoints, card_points
from perfeval.record import Deferred, Record
from perfeval.rules import CENTRAL_2020, RuleSet
from perfeval.scoring import Scorecard, score
from perfeval.values import Table
from perfeval.views import TableView

Mode = Literal["audit", "score"]


@attrs.frozen(slots=True)
class Outcome:
    """What became of one input record: its audit (or scorecard), or its error."""

    source: str
    index: int
    result: Audit | Scorecard | None = None
    error: PerfevalError | None = None
    line: int | None = None


class Plain(NamedTuple):
    """What became of one record on the batch path: the core's points and finding records, or the error.

    No typed value is built for it (no :class:`Scorecard`, :class:`Audit` or step): the JSON
    output is written straight from it.
    """

    source: str
    index: int  # type: ignore[assignment]  # the record's place, shadowing tuple.index on purpose
    card: CardPoints | None
    #: The audit's findings; ``None`` when scoring only.
    findings: list[FindingRecord] | None
    error: PerfevalError | None


#: A named tuple's own ``__new__`` is a Python function; the batch makes a :class:`Plain` a table with tuple's.
_new_tuple = tuple.__new__


def process(record: Record | Deferred, rules: RuleSet = CENTRAL_2020, mode: Mode = "audit") -> Outcome:
    """Audit or score one record (an unparsed JSON line is parsed first); any failure becomes the outcome's error."""
    done = _attempt(record, _typed, rules, mode)
    if isinstance(done, Record):
        return Outcome(done.source, done.index, error=done.error, line=done.line)
    got, result, error = done
    return Outcome(got.source, got.index, result=result, error=error, line=got.line)


def process_plain(record: Record | Deferred, rules: RuleSet = CENTRAL_2020, mode: Mode = "audit") -> Plain:
    """:func:`process` for the batch path: the same rules, no typed values built (see :class:`Plain`)."""
    if not isinstance(record, Record):
        record = record.record()
    if record.error is not None or record.table is None:
        error = record.error or InternalError("a record with neither table nor error")
        return Plain(record.source, record.index, None, None, error)
    return plain_table(record.table, record.source, record.index, rules, mode)


def plain_table(
    table: TableView, source: str, index: int, rules: RuleSet = CENTRAL_2020, mode: Mode = "audit"
) -> Plain:
    """:func:`process_plain` of a table already read (record ``index`` of ``source``): no record needed."""
    try:
        card = card_points(table, rules)
        return _new_tuple(Plain, (source, index, card, check(card) if mode == "audit" else None, None))
    except PerfevalError as error:
        return Plain(source, index, None, None, error.located(source, index))
    except Exception as error:  # a bug: report it with its table, and go on
        return Plain(source, index, None, None, _internal(error, mode).located(source, index))


def _typed(table: Table, rules: RuleSet, mode: Mode) -> Audit | Scorecard:
    return audit(table, rules) if mode == "audit" else score(table, rules)


T = TypeVar("T")


def _attempt(
    record: Record | Deferred, fn: Callable[[Table, RuleSet, Mode], T], rules: RuleSet, mode: Mode
) -> Record | tuple[Record, T | None, PerfevalError | None]:
    """``fn`` of the record's table, or the error that kept it from being read (the record) or computed."""
    if not isinstance(record, Record):
        record = record.record()
    if record.error is not None or record.table is None:
        return attrs.evolve(record, error=record.error or InternalError("a record with neither table nor error"))
    try:
        return record, fn(record.table, rules, mode), None
    except PerfevalError as error:
        return record, None, error.located(record.source, record.index)
    except Exception as error:  # a bug: report it with its table, and go on
        return record, None, _internal(error, mode).located(record.source, record.index)


def _internal(error: Exception, mode: Mode) -> InternalError:
    return InternalError(f"internal error while {mode}ing this table: {type(error).__name__}: {error}")
