"""An audit script as a user writes it, checked by ``mypy --strict`` (tests/typing/test_user_script.py).

It is never imported by the tests: only type-checked.  Each line is a use
the typed API promises to accept.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import perfeval
from perfeval import Audit, Grade, Indicator, Operator, Severity, Table


def build() -> Table:
    """A table built from Python values: Decimals and enums where the form prints text."""
    row = Indicator(
        level1="产出指标",
        name="培训人次",
        operator=Operator.GE,
        target=Decimal("6"),
        actual=7,
        weight=Decimal("10"),
        score="10.00",
    )
    return Table(project="示例", indicators=[row], total=Decimal("90.00"), grade=Grade.EXCELLENT, year=2023)


def serious(result: Audit) -> list[str]:
    """Severity is ordered and equals its text."""
    worst: Severity = max((f.severity for f in result.findings), default=Severity.INFO)
    flag: bool = worst >= Severity.WARNING and Severity.ERROR == "error"
    return [f.code for f in result.findings if flag and f.severity >= Severity.WARNING]


def one_file(path: str | Path) -> int:
    """iter_records takes one path as well as many."""
    return sum(1 for record in perfeval.iter_records(path) if record.table is not None)


def notebook(results: list[Audit], out: Path) -> None:
    """The top-level writers take audits."""
    warnings: tuple[perfeval.Finding, ...] = results[0].warnings
    infos: tuple[perfeval.Finding, ...] = results[0].infos
    assert len(warnings) + len(infos) >= 0
    perfeval.write_working_paper(results, out / "paper.xlsx")
    perfeval.write_csv(results, out / "findings.csv")
    html: str = results[0]._repr_html_()
    assert html


def total(table: Table) -> Decimal | None:
    card = perfeval.score(table)
    grade: Grade = perfeval.grade_for(card.total)
    return card.total if grade is not Grade.POOR else None
