"""Library misuse gets a typed error naming the field (issue 9), and the typed API works at run time (issue 14)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import perfeval
from perfeval import (
    CellError,
    Deduction,
    Execution,
    FieldTypeError,
    Funds,
    FundsLine,
    Goals,
    Indicator,
    InvalidTableError,
    Operator,
    PerfevalError,
    Severity,
    Table,
)


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Table(indicators=None), "indicators"),
        (lambda: Table(indicators=[{"name": "x"}]), "indicators"),
        (lambda: Table(transcription_notes="abc"), "transcription_notes"),
        (lambda: Table(transcription_notes=[1]), "transcription_notes"),
        (lambda: Table(funds=None), "funds"),
        (lambda: Table(execution={}), "execution"),
        (lambda: Table(goals="text"), "goals"),
        (lambda: Table(project=5), "project"),
        (lambda: Table(total=90.5), "total"),
        (lambda: Table(grade=1.0), "grade"),
        (lambda: Funds(total=None), "total"),
        (lambda: FundsLine(annual=1.0), "annual"),
        (lambda: Execution(deductions=None), "deductions"),
        (lambda: Execution(deductions=["1"]), "deductions"),
        (lambda: Goals(expected=3), "expected"),
        (lambda: Indicator(operator=1), "operator"),
        (lambda: Indicator(weight=15.0), "weight"),
        (lambda: Indicator(deductions=Deduction("1")), "deductions"),
        (lambda: Deduction(points=1.5), "points"),
    ],
)
def test_a_wrong_type_is_a_field_type_error_naming_the_field(build: Any, field: str) -> None:
    with pytest.raises(FieldTypeError) as caught:
        build()
    assert str(caught.value).startswith(field)


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_a_number_that_is_not_finite_is_refused(value: Decimal) -> None:
    with pytest.raises(CellError, match="annual"):
        FundsLine(annual=value)
    with pytest.raises(CellError, match="total must be a finite number"):
        perfeval.grade_for(value)


def test_transcription_notes_keep_their_texts() -> None:
    assert Table(transcription_notes=["a", "b"]).transcription_notes == ("a", "b")
    assert Table(transcription_notes=iter(["abc"])).transcription_notes == ("abc",)


def test_a_missing_deduction_points_stays_a_located_table_error() -> None:
    with pytest.raises(InvalidTableError, match="points"):
        Deduction(points=None)  # type: ignore[arg-type]


def test_every_error_is_a_perfeval_error() -> None:
    for build in (lambda: Table(funds=None), lambda: Table(indicators=5), lambda: perfeval.grade_for(Decimal("NaN"))):
        with pytest.raises(PerfevalError):
            build()


def test_an_operator_is_stored_as_its_symbol_and_scored() -> None:
    row = Indicator(operator=Operator.GE, target="6", actual="7", weight=Decimal("10"), score=Decimal("10"))
    assert (row.operator, row.weight, row.weight_value) == ("≥", "10", Decimal("10"))
    card = perfeval.score(Table(indicators=[row]))
    assert card.indicators[0].points == Decimal("10")


def test_severity_is_ordered_and_equals_its_text() -> None:
    assert Severity.ERROR >= Severity.WARNING > Severity.INFO
    assert Severity.INFO < "warning"
    assert sorted([Severity.ERROR, Severity.INFO, Severity.WARNING]) == [
        Severity.INFO,
        Severity.WARNING,
        Severity.ERROR,
    ]
    assert Severity.ERROR == "error"
    assert "error" in {Severity.ERROR}
    assert Severity.WARNING in {"warning"}
    assert f"{Severity.WARNING}" == "warning"


def test_iter_records_reads_one_path_given_as_text() -> None:
    path = perfeval.example_paths()[0]
    records = list(perfeval.iter_records(str(path)))
    assert [(r.source, r.table is not None) for r in records] == [(str(path), True)]
    assert len(list(perfeval.iter_records(path))) == 1


@pytest.mark.parametrize("wrong", [[], {"project": "x"}, "table.json", None])
def test_audit_and_score_refuse_what_is_not_a_table(wrong: object) -> None:
    """A list (what perfeval.load returns), a dict or a path is a FieldTypeError naming the argument, not an
    AttributeError from deep inside."""
    for function in (perfeval.audit, perfeval.score):
        with pytest.raises(perfeval.FieldTypeError, match=r"^table: expected a Table"):
            function(wrong)  # type: ignore[arg-type]


@pytest.mark.parametrize(("suffix", "hint"), [(".doc", "save it as .docx"), (".csv", "CSV"), (".wps", ".docx")])
def test_a_named_file_of_an_unsupported_type_says_so(tmp_path: Path, suffix: str, hint: str) -> None:
    """A .doc or .csv named on the command line is an unsupported file type, not "not JSON"."""
    path = tmp_path / f"form{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    [record] = list(perfeval.iter_records([path]))
    assert record.error is not None
    assert record.error.message.startswith(f"unsupported file type {suffix}")
    assert hint in record.error.message
