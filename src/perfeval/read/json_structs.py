"""The batch path's decoder: a ``perfeval-table/1`` line decoded by msgspec straight into light objects.

msgspec checks each cell's type while it decodes (text or null) and builds these objects in C;
:func:`perfeval.read.json_fast.checked_view` then reads and checks their numbers and fills the
``*_value``/``*_amount`` fields, and the rules read them as :mod:`perfeval.views` (they are never
turned into attrs values). Decoding a generated table this way takes about a quarter of the time
of decoding it into dicts and building the :class:`~perfeval.values.Table` from them.

Anything unusual — a JSON number where text belongs, a tier, a deduction, a key of the wrong type, a
key the format does not have — makes msgspec refuse the line or :func:`checked_view` decline it, and
the line is read the long way (:func:`~perfeval.read.records.read_line`), which locates every
problem. The fields the decoder does not find in the JSON (``weight_value`` …) are typed ``Any`` and
always overwritten, so a key of that name in the input changes nothing. This module imports msgspec: it is loaded by
:mod:`perfeval.read.codec` only when msgspec is installed and a run is long enough to use it.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import msgspec

Text = str | None


# gc=False: these objects hold text, numbers and each other, never a cycle; the collector need not track them.
# forbid_unknown_fields: msgspec skips an unknown key without decoding it, so invalid UTF-8 there would pass
# unseen; a key the format does not have sends the line the long way, which reads (or refuses) all of it.
class Row(msgspec.Struct, gc=False, forbid_unknown_fields=True):
    """An indicator row as decoded; ``tier`` and ``deductions`` must be empty (else the long way)."""

    name: Text = None
    level1: Text = None
    level2: Text = None
    operator: Text = None
    target: Text = None
    unit: Text = None
    actual: Text = None
    weight: Text = None
    score: Text = None
    explanation: Text = None
    tier: Any = None
    deductions: Any = ()  # left out: none (what the rules read); given, checked_view reads it
    weight_value: Any = None
    weight_readable: Any = None
    score_value: Any = None


class Line(msgspec.Struct, gc=False, forbid_unknown_fields=True):
    """A funds line as decoded."""

    initial: Text = None
    annual: Text = None
    executed: Text = None
    initial_amount: Any = None
    annual_amount: Any = None
    executed_amount: Any = None


class Funds(msgspec.Struct, gc=False, forbid_unknown_fields=True):
    """The four funds lines; a line left out or null is a blank line."""

    total: Line | None = None
    fiscal: Line | None = None
    carryover: Line | None = None
    other: Line | None = None


class Execution(msgspec.Struct, gc=False, forbid_unknown_fields=True):
    """The budget-execution line as decoded; ``deductions`` must be empty (else the long way)."""

    weight: Text = None
    rate: Text = None
    score: Text = None
    deductions: Any = ()  # left out: none (what the rules read); given, checked_view reads it
    weight_value: Any = None
    rate_value: Any = None
    score_value: Any = None


class Goals(msgspec.Struct, gc=False, forbid_unknown_fields=True):
    """预期目标 and 实际完成情况 (text; only their type is checked)."""

    expected: Text = None
    achieved: Text = None


class Table(msgspec.Struct, gc=False, forbid_unknown_fields=True):
    """A table as decoded: the keys of ``perfeval-table/1``."""

    format: Text = None
    source: Text = None
    table_no: Text = None
    year: Any = None
    project: Text = None
    department: Text = None
    implementer: Text = None
    funds: Funds | None = None
    execution: Execution | None = None
    goals: Goals | None = None
    indicators: list[Row] | None = None
    subtotal: Text = None
    total: Text = None
    grade: Text = None
    notes: Text = None
    transcription_notes: list[str] | None = None
    subtotal_value: Any = None
    total_value: Any = None
    grade_value: Any = None


def decoder() -> Callable[[str | bytes], Table]:
    """The decoder of one line into a :class:`Table` (JSON numbers in ``Any`` fields as ``Decimal``)."""
    return msgspec.json.Decoder(Table, float_hook=Decimal).decode


#: What the decoder raises for a line it will not decode into these objects: the long way reads it then.
REFUSED: tuple[type[BaseException], ...] = (msgspec.DecodeError, RecursionError, ValueError, TypeError)
