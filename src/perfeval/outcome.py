"""What became of one input record: its audit (or scorecard), or its error — and :func:`process`, which makes it.

Below the reporting wing and the runner, so that a report takes outcomes
without importing :mod:`perfeval.batch`.
"""

from __future__ import annotations

from typing import Literal

import attrs

from perfeval.auditing import Audit, audit
from perfeval.errors import InternalError, PerfevalError
from perfeval.record import Deferred, Record
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


def process(record: Record | Deferred, rules: RuleSet = CENTRAL_2020, mode: Mode = "audit") -> Outcome:
    """Audit or score one record (an unparsed JSON line is parsed first); any failure becomes the outcome's error."""
    if not isinstance(record, Record):
        record = record.record()
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
