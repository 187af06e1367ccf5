"""Running a batch: every record audited (or scored), in input order, nothing lost.

One bad table never stops the others: a record that cannot be read, or that
trips a bug, becomes an :class:`Outcome` carrying its error, in its place.
With ``jobs > 1`` the work is spread over worker processes and the outcomes
still come back in input order.
"""

from __future__ import annotations

import collections
import functools
import multiprocessing
from collections.abc import Iterable, Iterator
from multiprocessing.pool import AsyncResult
from typing import Literal

import attrs

from perfeval.audit import Audit, audit
from perfeval.errors import InternalError, PerfevalError
from perfeval.io.records import Record
from perfeval.rules import CENTRAL_2020, RuleSet
from perfeval.scoring import Scorecard, score

Mode = Literal["audit", "score"]


@attrs.frozen(slots=True)
class Outcome:
    """What became of one input record: its audit (or scorecard), or its error."""

    source: str
    index: int
    result: Audit | Scorecard | None = None
    error: PerfevalError | None = None
    line: int | None = None


def process(record: Record, rules: RuleSet = CENTRAL_2020, mode: Mode = "audit") -> Outcome:
    """Audit or score one record; any failure becomes the outcome's error."""
    if record.error is not None or record.table is None:
        error = record.error or InternalError("a record with neither table nor error")
        return Outcome(record.source, record.index, error=error, line=record.line)
    try:
        result: Audit | Scorecard = audit(record.table, rules) if mode == "audit" else score(record.table, rules)
    except PerfevalError as error:
        return Outcome(record.source, record.index, error=error.located(record.source, record.index), line=record.line)
    except Exception as error:  # a bug: report it with its table, and go on
        internal = InternalError(f"internal error while {mode}ing this table: {type(error).__name__}: {error}")
        return Outcome(
            record.source, record.index, error=internal.located(record.source, record.index), line=record.line
        )
    return Outcome(record.source, record.index, result=result, line=record.line)


def run(
    records: Iterable[Record], rules: RuleSet = CENTRAL_2020, mode: Mode = "audit", jobs: int = 1
) -> Iterator[Outcome]:
    """Outcomes of ``records`` in input order, one per record.

    ``jobs > 1`` uses that many worker processes (the values pickle).

    >>> import perfeval
    >>> outcomes = run(perfeval.iter_records(perfeval.example_paths()[20:22]), mode="score")
    >>> [(o.index, o.result.total, o.error) for o in outcomes]
    [(0, Decimal('79.77'), None), (0, Decimal('52.15'), None)]
    """
    if jobs <= 1:
        yield from map(functools.partial(process, rules=rules, mode=mode), records)
        return
    # Pool.imap would read the whole input ahead of the workers; a window of
    # chunks in flight keeps memory flat and the outcomes in input order.
    with multiprocessing.get_context().Pool(jobs) as pool:
        pending: collections.deque[AsyncResult[list[Outcome]]] = collections.deque()
        for chunk in _chunks(records, CHUNK):
            pending.append(pool.apply_async(_process_chunk, (chunk, rules, mode)))
            if len(pending) >= WINDOW * jobs:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


#: Records sent to a worker at a time, and chunks in flight per worker (``jobs > 1``).
CHUNK = 32
WINDOW = 4


def _chunks(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    chunk: list[Record] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _process_chunk(chunk: list[Record], rules: RuleSet, mode: Mode) -> list[Outcome]:
    return [process(record, rules, mode) for record in chunk]
