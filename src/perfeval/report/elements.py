"""The JSON element of a table's score or audit, the batch's tally of it, and the batch's inner loop:
compiled with the rules core.

The element is the CLI contract (``score`` and ``audit --format json``). The batch prints it straight
from the core's results (:func:`plain_element` of a :class:`~perfeval.outcome.Plain`); the typed path
prints the same element from a :class:`~perfeval.scoring.Scorecard` (:func:`score_element` takes either).
:func:`rendered_line` takes one JSON line from its bytes to its printed element and tally. Every table of
a batch goes through here, so it is compiled (``perfeval.build_info``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Final, NamedTuple

from perfeval.checks import check
from perfeval.decimals import places, plain, round2
from perfeval.errors import InternalError, PerfevalError
from perfeval.finding_records import FindingRecord, record_dict
from perfeval.findings import RANKS, Finding
from perfeval.outcome import Plain
from perfeval.points import CardPoints, card_points
from perfeval.read.json_fast import checked_view
from perfeval.rules import RuleSet
from perfeval.scoring import Scorecard


def points(value: Decimal) -> str:
    """Points and totals as printed: two places at least ("8" → "8.00")."""
    # Padding the plain string gives what round2 would (it never rounds a value
    # of two places or fewer) without a quantize and a second format per number.
    text = plain(value)
    dot = text.find(".")
    if dot < 0:
        if not value.is_finite():  # "NaN", "Infinity": no point to pad
            return f"{round2(value):f}" if places(value) <= 2 else text
        return text + ".00"
    return text + "0" if len(text) - dot == 2 else text


def score_element(source: str, index: int, card: Scorecard | CardPoints) -> dict[str, Any]:
    """The ``score --format json`` element of one table (from its typed scorecard, or the core's points)."""
    rate = card.execution.printed_rate
    # A row's name, kind and grade read as their properties give them (``name``, ``kind.value``, ``label``),
    # without a property call each: every row of every table is printed.
    return {
        "source": source,
        "index": index,
        "project": card.table.project,
        "execution": {"rate": None if rate is None else plain(rate), "points": points(card.execution.points)},
        "indicators": [
            {
                "name": row.indicator.name or "",
                "kind": row.reading.kind._value_,
                "met": row.met,
                "points": points(row.points),
            }
            for row in card.indicators
        ],
        "total": points(card.total),
        "grade": card.grade._value_,
    }


def plain_element(plain: Plain) -> dict[str, Any]:
    """The JSON element of a batch outcome (:class:`~perfeval.outcome.Plain`), as the typed ones print it."""
    source, index, card, findings, error = plain
    if error is not None or card is None:
        return error_element(source, index, error or InternalError("an outcome with neither result nor error"))
    element = score_element(source, index, card)
    if findings is not None:
        element["findings"] = [record_dict(f) for f in findings]
    return element


def error_element(source: str, index: int, error: PerfevalError) -> dict[str, Any]:
    """An input that could not be read, in its place in the output."""
    return {"source": source, "index": index, "error": error.to_dict()}


class Rendered(NamedTuple):
    """One outcome as printed, with what the tally needs: small, so it crosses processes fast.

    A named tuple: one is made for every table of a batch (with ``tuple.__new__`` on the batch path).
    """

    #: The outcome as printed; for JSON on the batch path, its UTF-8 bytes.
    text: str | bytes
    unreadable: bool
    has_error: bool
    worst: int
    codes: tuple[str, ...]


def rendered_plain(plain: Plain, text: str | bytes) -> Rendered:
    """A batch outcome printed as ``text``, with its tally."""
    findings = plain.findings
    if findings is None:
        return _new_tuple(Rendered, (text, plain.error is not None, False, -1, ()))
    has_error, worst, codes = tally(findings)
    return _new_tuple(Rendered, (text, False, has_error, worst, codes))


def rendered_line(
    line: bytes,
    source: str,
    index: int,
    rules: RuleSet,
    mode: str,
    decode: Callable[[bytes], Any],
    encode: Callable[[Any], bytes],
) -> Rendered | None:
    """One JSON line of a block scored, audited (``mode``) and printed in compiled code: the batch's inner loop.

    ``decode`` and ``encode`` are the codec's (:func:`perfeval.read.codec.fast_codec`). What the batch would
    print for the line, by the same functions, with no interpreted call between them; ``None`` for a line it
    cannot take this way (not decoded into views, a table that does not score, a line the encoder refuses): the
    caller then reads it the usual way, which reports whatever is wrong with it.
    """
    try:
        view = checked_view(decode(line))
        if view is None:
            return None
        card = card_points(view, rules)
        findings = check(card) if mode == "audit" else None
        plain = _new_tuple(Plain, (source, index, card, findings, None))
        return rendered_plain(plain, encode(plain_element(plain)))
    except Exception:  # whatever it is, the usual way meets it again and says so in its place
        return None


#: A named tuple's own ``__new__`` is a Python function; these are made with tuple's.
_new_tuple: Final = tuple.__new__


def tally(findings: Sequence[FindingRecord | Finding]) -> tuple[bool, int, tuple[str, ...]]:
    """What the exit status needs of a table's findings: whether one is an error, the worst rank, the codes."""
    worst = -1
    codes = []
    for finding in findings:
        codes.append(finding.code)
        rank = RANKS[finding.severity]
        if rank > worst:
            worst = rank
    return worst == RANKS["error"], worst, tuple(codes)
