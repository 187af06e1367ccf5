"""One input record: where it came from, and its table or the error that kept it from being one.

Below the readers and the runner alike, so that the reading wing, the
reporting wing and the batch share it without importing each other.
"""

from __future__ import annotations

from typing import Protocol

import attrs

from perfeval.errors import PerfevalError
from perfeval.values import Table, read_from


@attrs.frozen(slots=True)
class Record:
    """One input record: where it came from, and its table or its error."""

    source: str
    index: int
    table: Table | None = None
    error: PerfevalError | None = None
    #: The line number, for JSON Lines input.
    line: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.table is not None:
            read_from(self.table, self.source, self.index)  # an Audit of it can name its file


class Deferred(Protocol):
    """A record not read yet (:class:`~perfeval.read.records.Unparsed`): reading it gives the record."""

    def record(self) -> Record:
        """The record: its table, or its error."""
        ...
