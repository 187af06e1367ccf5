"""Audits as pandas DataFrames (extra ``pandas``): one row per indicator, or per finding.

Both functions take audits in any of four shapes: :class:`~perfeval.auditing.Audit`
values (identified by their table's ``source`` and their position in the
input), :class:`~perfeval.outcome.Outcome` values from :func:`perfeval.batch.run`
(identified by the outcome's source and index), the records of
:func:`perfeval.iter_records` (audited under ``central-2020``, identified by
their file name and position: ``to_dataframe(perfeval.iter_records(paths))``),
or ``(source, index, audit)`` triples.  Numbers stay exact: weights, scores and points are ``Decimal``
objects (``object`` dtype) — use ``.astype(float)`` where a float is good
enough; ``met`` is a nullable boolean column.

>>> import perfeval
>>> audits = [perfeval.audit(t) for p in perfeval.example_paths()[:3] for t in perfeval.load(p)]
>>> frame = perfeval.to_dataframe(audits)  # doctest: +SKIP
>>> len(frame) == sum(len(a.table.indicators) for a in audits)  # doctest: +SKIP
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from perfeval.auditing import Audit
from perfeval.errors import FieldTypeError, MissingExtraError
from perfeval.findings import Severity
from perfeval.outcome import Outcome, process
from perfeval.record import Record
from perfeval.report.rows import CSV_COLUMNS, finding_rows
from perfeval.scoring import Scorecard

__all__ = ["FINDING_COLUMNS", "INDICATOR_COLUMNS", "SEVERITY_ORDER", "findings_dataframe", "to_dataframe"]

#: Columns of :func:`to_dataframe`, in order.
INDICATOR_COLUMNS = (
    "source",
    "index",
    "project",
    "indicator",
    "level1",
    "level2",
    "name",
    "operator",
    "target",
    "actual",
    "unit",
    "weight",
    "reported_score",
    "computed_score",
    "met",
    "kind",
    "file",
)

#: Columns of :func:`findings_dataframe`, in order (those of ``audit --format csv``).
FINDING_COLUMNS = CSV_COLUMNS

#: The categories of the ``severity`` column of :func:`findings_dataframe`, lowest first.
SEVERITY_ORDER = tuple(s.value for s in sorted(Severity))

AuditLike = Audit | Scorecard | Outcome | Record | tuple[str | None, int, Audit]


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise MissingExtraError("DataFrames need pandas: pip install 'perfeval[pandas]'") from None
    return pandas


def _items(audits: Iterable[AuditLike]) -> Iterator[tuple[str | None, int, Audit | None, Outcome | None]]:
    """(source, index, audit, outcome) for each input, in order."""
    for position, item in enumerate(audits):
        if isinstance(item, Record):  # read, not yet audited: audited here, named by its file
            item = process(item)
        if isinstance(item, Outcome):
            result = item.result
            if isinstance(result, Scorecard):
                result = Audit(result, ())
            yield item.source, item.index, result, item
        elif isinstance(item, Audit):
            yield item.table.source, position, item, None
        elif isinstance(item, Scorecard):
            yield item.table.source, position, Audit(item, ()), None
        elif isinstance(item, tuple) and len(item) == 3 and isinstance(item[2], Audit):
            yield item[0], item[1], item[2], None
        else:
            raise FieldTypeError(
                f"item {position}: expected Audit, Scorecard, Outcome or Record values, not {type(item).__name__}"
            )


def to_dataframe(audits: Iterable[AuditLike]) -> Any:
    """One row per indicator: identification, the printed cells, the reported and computed score.

    Columns: :data:`INDICATOR_COLUMNS`.  ``file`` is the file each table was
    read from (``None`` for a table built in Python); ``source`` is as for the
    findings (the outcome's source, or the table's own ``source`` field).  Outcomes that could not be read have
    no indicators and so no rows (see :func:`findings_dataframe` for them).
    """
    pd = _pandas()
    rows = []
    for source, index, result, outcome in _items(audits):
        if result is None:
            continue
        table = result.table
        file = outcome.source if outcome is not None else (table.origin[0] if table.origin is not None else None)
        for row in result.scorecard.indicators:
            ind = row.indicator
            rows.append(
                (
                    source,
                    index,
                    table.project,
                    row.index,
                    ind.level1,
                    ind.level2,
                    ind.name,
                    ind.operator,
                    ind.target,
                    ind.actual,
                    ind.unit,
                    row.weight,
                    ind.score_value,
                    row.points,
                    row.met,
                    row.kind.value,
                    file,
                )
            )
    frame = pd.DataFrame.from_records(rows, columns=list(INDICATOR_COLUMNS))
    frame["index"] = frame["index"].astype("int64")
    frame["indicator"] = frame["indicator"].astype("int64")
    frame["met"] = frame["met"].astype("boolean")
    for column in ("weight", "reported_score", "computed_score"):
        frame[column] = frame[column].astype(object)
    return frame


def findings_dataframe(audits: Iterable[AuditLike]) -> Any:
    """One row per finding (the columns of ``audit --format csv``: :data:`FINDING_COLUMNS`).

    An outcome that could not be read is one row whose ``code`` is its error's
    code and whose severity is ``error``, as in the CSV.  ``severity`` is an
    ordered categorical (``info < warning < error``): ``frame[frame.severity >= "warning"]``
    and ``frame[frame.severity == Severity.ERROR]`` select what they say.
    """
    pd = _pandas()
    rows: list[dict[str, Any]] = []
    for source, index, result, outcome in _items(audits):
        rows.extend(finding_rows(source, index, result, outcome.error if outcome is not None else None))
    frame = pd.DataFrame.from_records(rows, columns=list(FINDING_COLUMNS))
    frame["index"] = frame["index"].astype("int64")
    # Ordered, so that sorting, max() and ``>= "warning"`` follow severity, not the alphabet.
    frame["severity"] = frame["severity"].astype(pd.CategoricalDtype(SEVERITY_ORDER, ordered=True))
    return frame
