"""One-call exports for a notebook: the working paper and the CSV from audits, outcomes or both.

``perfeval.write_working_paper(audits, "paper.xlsx")`` and
``perfeval.write_csv(audits, "findings.csv")`` take what a notebook holds:
:class:`~perfeval.auditing.Audit` values, scorecards, the outcomes of
:func:`perfeval.batch.run` or the records of :func:`perfeval.iter_records`
(both name each table's file), or a mix of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from perfeval.auditing import Audit
from perfeval.errors import FieldTypeError
from perfeval.outcome import Outcome, process
from perfeval.record import Record
from perfeval.report import paper, writers
from perfeval.scoring import Scorecard

__all__ = ["Exportable", "as_outcomes", "write_csv", "write_working_paper"]

#: What the exports take, one item per table (a record is audited under central-2020).
Exportable = Audit | Scorecard | Outcome | Record


def as_outcomes(items: Iterable[Exportable] | Exportable) -> Iterator[Outcome]:
    """Each item as an :class:`Outcome`: an audit or a scorecard by the file and position its table was read from.

    A table built in Python is named by its ``source`` field and its position in ``items``.

    >>> import perfeval
    >>> [t] = perfeval.load(perfeval.example_paths()[21])
    >>> [o] = as_outcomes([perfeval.audit(t)])
    >>> o.source.endswith("22-official-overseas-travel.json"), o.index, o.result.scorecard.total
    (True, 0, Decimal('52.15'))
    """
    for position, item in enumerate(_many(items)):
        if isinstance(item, Record):
            yield process(item)
        elif isinstance(item, Outcome):
            yield item
        elif isinstance(item, Audit | Scorecard):
            origin = item.table.origin  # the file it was read from, and its position there
            if origin is not None:
                yield Outcome(origin[0], origin[1], result=item)
            else:
                yield Outcome(item.table.source or "", position, result=item)
        else:
            raise FieldTypeError(
                f"item {position}: expected an Audit, a Scorecard, an Outcome or a Record, not {type(item).__name__}"
            )


def write_working_paper(items: Iterable[Exportable] | Exportable, path: str | Path) -> None:
    """Write the Excel working paper of ``items`` at ``path`` (extra ``excel``)."""
    paper.write_working_paper(as_outcomes(items), path)


def write_csv(items: Iterable[Exportable] | Exportable, target: str | Path | IO[str]) -> None:
    """Write one CSV row per finding to a path (UTF-8 with a byte-order mark, for Excel) or to a text stream."""
    if isinstance(target, str | Path):
        writers.write_tabular(as_outcomes(items), "csv", target)
    else:
        writers.write_csv(as_outcomes(items), target)


def _many(items: Iterable[Exportable] | Exportable) -> Iterable[Exportable]:
    return [items] if isinstance(items, Audit | Scorecard | Outcome | Record) else items
