"""Laws of representation: round trips, operator spellings, no floats, no ambient decimal context."""

import decimal
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfeval
from perfeval import (
    Deduction,
    Execution,
    FieldTypeError,
    FundsLine,
    Indicator,
    Operator,
    RuleSet,
    Table,
)
from perfeval.read.json_format import parse_json
from perfeval.reading import dates, numbers, operators, text, words
from perfeval.report.elements import score_element
from perfeval.report.render import audit_element
from perfeval.testing import strategies as pst

SAMPLES = sorted(perfeval.example_paths())


def _walk(value: object) -> Iterator[object]:
    """Every value reachable from ``value`` through attrs fields, mappings and sequences."""
    yield value
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):  # type: ignore[arg-type]  # attrs.has() checked it
            yield from _walk(getattr(value, field.name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _walk(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _walk(item)


@given(pst.tables(messy=True, with_deductions=True))
def test_from_dict_of_to_dict_gives_the_table_back(table: Table) -> None:
    """from_dict(to_dict(t)) == t, also through JSON text (perfeval-table/1)."""
    assert perfeval.from_dict(perfeval.to_dict(table)) == table
    assert perfeval.from_dict(parse_json(perfeval.dumps(table))) == table


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_to_dict_of_from_dict_gives_the_sample_dict_back(path: Path) -> None:
    """to_dict(from_dict(d)) == d for every bundled sample table, cell for cell."""
    document = json.loads(path.read_text(encoding="utf-8"))
    assert perfeval.to_dict(perfeval.from_dict(document)) == document


@given(pst.operators())
def test_an_operator_parses_its_own_symbol(op: Operator) -> None:
    """Operator.parse(op.symbol) is op (R2.1)."""
    assert Operator.parse(op.symbol) is op
    assert Operator.parse(str(op)) is op


@given(pst.operator_cells(messy=True))
def test_every_spelling_of_r2_2_parses_to_its_operator(cell_and_op: tuple[str, Operator]) -> None:
    """Every spelling of R2.2 reads as its operator.

    Symbols, words, …以上/以下/以内, with spaces and full-width forms.
    """
    cell, op = cell_and_op
    assert Operator.parse(cell) is op


@given(pst.tables(messy=True, with_deductions=True, allow_undefined=True), pst.rule_sets())
def test_no_float_appears_in_a_result(table: Table, rules: RuleSet) -> None:
    """No float anywhere in a scorecard, an audit, or their JSON elements: decimals or decimal strings only."""
    card = perfeval.score(table, rules)
    result = perfeval.audit(table, rules)
    everything = [
        *_walk(card),
        *_walk(result.findings),
        *_walk(score_element("t.json", 0, card)),
        *_walk(audit_element("t.json", 0, result)),
    ]
    assert not [v for v in everything if isinstance(v, float)]
    element = json.loads(json.dumps(score_element("t.json", 0, card)))
    assert isinstance(element["total"], str)
    assert Decimal(element["total"]) == card.total


FLOAT_FIELDS = [
    (FundsLine, "initial"),
    (FundsLine, "annual"),
    (FundsLine, "executed"),
    (Execution, "weight"),
    (Execution, "rate"),
    (Execution, "score"),
    (Indicator, "target"),
    (Indicator, "actual"),
    (Indicator, "weight"),
    (Indicator, "score"),
    (Deduction, "points"),
    (Table, "subtotal"),
    (Table, "total"),
    (Table, "year"),
]


@given(st.sampled_from(FLOAT_FIELDS), st.floats(allow_nan=True, allow_infinity=True))
def test_a_float_passed_to_a_value_object_is_refused(field: tuple[type, str], value: float) -> None:
    """A float where a decimal belongs raises FieldTypeError (a TypeError) — floats lose digits."""
    cls, name = field
    with pytest.raises(FieldTypeError):
        cls(**{name: value})


@given(
    st.sampled_from(["execution_weight", "deviation_threshold", "total_weight", "divergence_threshold"]),
    st.floats(allow_nan=False, min_value=0, max_value=100),
)
def test_a_float_passed_to_a_rule_set_is_refused(name: str, value: float) -> None:
    """A float in a rule set is refused too (FieldTypeError), as rule sets are value objects (R10.1)."""
    with pytest.raises(FieldTypeError):
        attrs.evolve(perfeval.CENTRAL_2020, **{name: value})  # type: ignore[arg-type]  # a float on purpose


def _clear_reader_caches() -> None:
    """The cell readers are cached; clear them so a reduced context would really be used."""
    for module in (numbers, dates, words, text, operators):
        for value in vars(module).values():
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


def _everything(table: Table, rules: RuleSet) -> Any:
    card = perfeval.score(table, rules)
    result = perfeval.audit(table, rules)
    return (
        json.dumps(score_element("t", 0, card), ensure_ascii=False),
        json.dumps(audit_element("t", 0, result), ensure_ascii=False),
        [str(step) for row in card.indicators for step in row.steps],
        [str(step) for step in card.execution.steps],
    )


@given(pst.tables(messy=True, with_deductions=True, allow_undefined=True), pst.rule_sets())
def test_the_ambient_decimal_context_changes_nothing(table: Table, rules: RuleSet) -> None:
    """Scores, audits and explanations are identical under ``getcontext().prec = 3`` (and rounding down, with
    Inexact trapped) as under the default context: every operation names its own context and rounding."""
    _clear_reader_caches()
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_DOWN
        ctx.traps[decimal.Inexact] = True
        reduced = _everything(table, rules)
    _clear_reader_caches()
    assert reduced == _everything(table, rules)
