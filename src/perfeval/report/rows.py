"""The rows of the tabular reports: one per finding, or one for an input that could not be read.

One home for the columns shared by the CSV, the working paper's Findings sheet
and :func:`perfeval.report.frames.findings_dataframe`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from perfeval.auditing import Audit
from perfeval.errors import PerfevalError
from perfeval.findings import Severity
from perfeval.outcome import Outcome
from perfeval.scoring import Scorecard

#: The columns of ``audit --format csv`` and of the working paper's Findings sheet.
CSV_COLUMNS = (
    "source",
    "index",
    "project",
    "code",
    "severity",
    "path",
    "reported",
    "computed",
    "rule",
    "message_zh",
    "message_en",
    "also",
)

#: Fill colours (RGB) of cells with findings, by severity.
FILLS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C", Severity.INFO: "DDEBF7"}

OnOutcome = Callable[[Outcome], None]


def ignore(outcome: Outcome) -> None:
    return None


def audit_of(outcome: Outcome) -> Audit | None:
    if isinstance(outcome.result, Audit):
        return outcome.result
    if isinstance(outcome.result, Scorecard):
        return Audit(outcome.result, ())
    return None


def finding_rows(
    source: str | None, index: int, result: Audit | None, error: PerfevalError | None = None
) -> Iterator[dict[str, str | int | None]]:
    """Rows of :data:`CSV_COLUMNS`: one per finding, or one for an input that could not be read.

    Shared by ``audit --format csv``, the working paper and
    :func:`perfeval.report.frames.findings_dataframe`.
    """
    if error is not None:
        yield {
            "source": source,
            "index": index,
            "project": None,
            "code": error.code,
            "severity": Severity.ERROR.value,
            "path": error.path,
            "reported": None,
            "computed": None,
            "rule": None,
            "message_zh": error.message,
            "message_en": error.message,
            "also": None,
        }
        return
    if result is None:
        return
    for finding in result.findings:
        row = {"source": source, "index": index, "project": result.table.project, **finding.to_dict()}
        row["also"] = ";".join(finding.also)  # R11 v2: the merged codes, one column
        yield row


def csv_rows(outcome: Outcome) -> Iterator[dict[str, str | int | None]]:
    """The CSV rows of one outcome: one per finding, or one for its error."""
    yield from finding_rows(outcome.source, outcome.index, audit_of(outcome), outcome.error)
