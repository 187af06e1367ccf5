"""Tabular audit output: CSV rows and the Excel working paper (``audit --format csv|xlsx``).

:func:`write_tabular` is what the CLI calls.  ``csv`` writes one row per
finding — ``source, index, project, code, severity, path, reported, computed,
rule, message_zh, message_en`` — as UTF-8 with a byte-order mark so that Excel
opens the Chinese correctly; an input that could not be read is a row whose
``code`` is the error's code.  Rows are written as the outcomes come.

``xlsx`` (extra ``excel``) writes the audit as a working paper:

- ``Summary``: one row per table — source, index, project, reported and
  computed total and grade, the number of errors, warnings and info findings,
  a link to the table's sheet; an input that could not be read has its error
  code and message instead;
- ``Findings``: one row per finding (the CSV columns), each linked to its cell;
- one sheet per table laid out like the form, the reported values with the
  computed ones beside them (执行率 / 得分 / 总得分 / 自评等级), every cell a
  finding points at filled by its worst severity (error red, warning amber,
  info blue) and carrying the findings' messages as a cell comment.

Text from input always reaches the spreadsheet as text (see
:mod:`perfeval.report.spreadsheet_safety`): a CSV field a spreadsheet would
evaluate is prefixed with ``'``; a working-paper cell holding text is typed as
text (never a formula, even when it starts with ``=``), and characters a
workbook cannot hold are replaced visibly, said in the cell's comment.  Files
are written beside their target and renamed into place at the end
(:mod:`perfeval.report.output`).

Header rows are frozen, columns sized, and numbers written as numbers: a
printed ``"1,052.96"`` becomes the number 1052.96 shown as ``#,##0.00``, a
computed ``Decimal("9.99")`` the number 9.99 shown as ``0.00`` — Excel shows
exactly the decimal that was printed or computed.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from perfeval.errors import PerfevalError
from perfeval.outcome import Outcome
from perfeval.report.output import standard_output, writing
from perfeval.report.paper import write_working_paper
from perfeval.report.rows import CSV_COLUMNS, OnOutcome, csv_rows, ignore
from perfeval.report.spreadsheet_safety import neutralize

__all__ = [
    "write_csv",
    "write_tabular",
]


def write_csv(outcomes: Iterable[Outcome], out: IO[str], on_outcome: OnOutcome = ignore) -> None:
    """Write the CSV rows of ``outcomes`` to a text stream as they come (no BOM: see :func:`write_tabular`).

    A field a spreadsheet would evaluate is written with a leading ``'``
    (:func:`~perfeval.report.spreadsheet_safety.neutralize`).
    """
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for outcome in outcomes:
        on_outcome(outcome)
        writer.writerows({key: neutralize(value) for key, value in row.items()} for row in csv_rows(outcome))
        out.flush()


def write_tabular(
    outcomes: Iterable[Outcome], fmt: str, output: str | Path | None, on_outcome: OnOutcome = ignore
) -> None:
    """Write ``outcomes`` as ``csv`` (to ``output`` or standard output) or as an ``xlsx`` working paper.

    ``on_outcome`` is called with every outcome, in order, as it is written.
    """
    if fmt == "csv":
        if output is None or str(output) == "-":
            with standard_output():
                _csv_to_stdout(outcomes, on_outcome)
        else:
            with writing(output, encoding="utf-8-sig", newline="") as handle:
                write_csv(outcomes, handle, on_outcome)
    elif fmt == "xlsx":
        if output is None or str(output) == "-":
            raise PerfevalError("--format xlsx writes a workbook: name it with --output FILE.xlsx")
        write_working_paper(outcomes, output, on_outcome)
    else:
        raise PerfevalError(f"unknown tabular format {fmt!r}: use csv or xlsx")


def _csv_to_stdout(outcomes: Iterable[Outcome], on_outcome: OnOutcome) -> None:
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (e.g. io.StringIO): write the BOM as a character
        sys.stdout.write("\ufeff")
        write_csv(outcomes, sys.stdout, on_outcome)
        return
    sys.stdout.flush()
    stream = io.TextIOWrapper(buffer, encoding="utf-8-sig", newline="", write_through=True)
    try:
        write_csv(outcomes, stream, on_outcome)
    finally:
        stream.flush()
        stream.detach()  # leave standard output open
