"""The batch path's decoder (json_structs + checked_view): the rules read from it what they read from the Table.

A line decoded straight into the objects the rules read must score and audit exactly as the
:class:`~perfeval.values.Table` the same line makes, and every line it cannot read that way must be
left to the long way (``None``), which reads it or says what is wrong.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from json_docs import BASE, FULL, with_

import perfeval
from perfeval.checks import check
from perfeval.points import card_points
from perfeval.read import codec
from perfeval.read.json_format import from_dict, to_dict
from perfeval.read.records import read_line, read_line_view
from perfeval.rules import CENTRAL_2016, CENTRAL_2020, GUANGXI, PLATFORM, RuleSet
from perfeval.testing.table_strategies import tables
from perfeval.values import Table
from perfeval.views import ExecutionView, FundsLineView, IndicatorView, TableView

RULE_SETS = (CENTRAL_2016, CENTRAL_2020, GUANGXI, PLATFORM)


@pytest.fixture(autouse=True)
def warm(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast codec from the first line (a run uses it after :data:`~perfeval.read.codec.WARM_UP` lines)."""
    monkeypatch.setattr(codec, "WARM_UP", 0)


def outcome(table: TableView, rules: RuleSet) -> tuple[object, ...]:
    """Everything the rules compute for a table, the table's own objects left out."""
    card = card_points(table, rules)
    rows = [row[2:] for row in card.indicators]  # the reading and the points onward (not the row object)
    return card.execution, rows, card.total, card.grade, check(card)


def view_of(doc: object) -> TableView | None:
    return codec.parse_view(json.dumps(doc, ensure_ascii=False).encode())


def same_as_the_table(doc: dict[str, Any], view: TableView) -> None:
    table = from_dict(doc)
    for rules in RULE_SETS:
        assert outcome(view, rules) == outcome(table, rules)
    assert view.project == table.project


@pytest.mark.parametrize("path", perfeval.example_paths(), ids=lambda p: p.name[:2])
def test_every_sample_decoded_as_views_scores_and_audits_as_its_table(path: Any) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    view = view_of(doc)
    assert view is not None
    assert not isinstance(view, Table)
    same_as_the_table(doc, view)


@settings(max_examples=120)
@given(tables(messy=True))
def test_a_generated_table_decoded_as_views_scores_and_audits_as_itself(table: Table) -> None:
    doc = to_dict(table)
    view = view_of(doc)
    if view is None:  # declined only for what the long way reads (tiers, deductions)
        assert any(i.tier is not None or i.deductions for i in table.indicators) or table.execution.deductions
        return
    same_as_the_table(doc, view)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("total",), "-3"),
        (("total",), "abc"),
        (("grade",), "甲"),
        (("year",), "1800"),
        (("year",), True),
        (("year",), 2023.0),
        (("project",), 3),
        (("funds", "total", "annual"), 10),  # a JSON number cell: the long way reads it
        (("funds", "total"), []),
        (("funds",), "none"),
        (("execution", "deductions"), 0),  # a falsy non-array is not "no deductions"
        (("execution", "deductions"), [{"points": "1"}]),
        (("indicators", 0, "tier"), "达成"),
        (("indicators", 0, "deductions"), {}),
        (("indicators", 0), None),
        (("indicators", 0, "score"), "-1"),
        (("indicators",), {}),
        (("transcription_notes",), "one"),
        (("transcription_notes",), [1]),
        (("goals",), {"expected": 5}),
        (("format",), "perfeval-table/9"),
    ],
)
def test_what_only_the_long_way_reads_is_left_to_it(path: tuple[Any, ...], value: object) -> None:
    doc = with_(path, value)
    assert view_of(doc) is None
    line = json.dumps(doc, ensure_ascii=False).encode()
    got, expected = read_line_view(line, "f.jsonl", 0, 2), read_line(line, "f.jsonl", 0, 2)
    if isinstance(expected, perfeval.PerfevalError):
        assert isinstance(got, perfeval.PerfevalError)
        assert got.to_dict() == expected.to_dict()
    else:
        assert got == expected  # the table the long way reads


@pytest.mark.parametrize("doc", [{}, {"other": 1}, {"indicators": None}, [BASE], "text", 5])
def test_what_may_be_no_table_is_left_to_the_long_way(doc: object) -> None:
    assert view_of(doc) is None


def test_keys_named_as_the_numbers_change_nothing() -> None:
    """The fields the decoder fills itself (weight_value …) are overwritten, whatever the line says."""
    doc = copy.deepcopy(BASE)
    doc.update(total_value="1", grade_value=[1], subtotal_value={"a": None})
    doc["indicators"][0].update(weight_value="5", weight_readable=False, score_value=None)
    doc["funds"]["total"]["annual_amount"] = "1e9"
    doc["execution"]["score_value"] = 0
    view = view_of(doc)
    assert view is not None
    assert (view.total_value, view.grade_value, view.subtotal_value) == (
        Decimal("99.00"),
        perfeval.Grade.EXCELLENT,
        None,
    )
    row = view.indicators[0]
    assert (row.weight_value, row.weight_readable, row.score_value) == (Decimal(90), True, Decimal(90))
    assert view.funds.total.annual_amount == Decimal(10)
    assert view.execution.score_value == Decimal("9.00")
    same_as_the_table(doc, view)


def test_a_key_given_twice_is_read_as_its_last_value_as_the_long_way_reads_it() -> None:
    line = b'{"total": "1", "indicators": [{"weight": "1", "weight": "90", "score": "90"}], "total": "99.00"}'
    view = codec.parse_view(line)
    assert view is not None
    table = from_dict(json.loads(line))
    assert (view.total_value, view.indicators[0].weight_value) == (table.total_value, table.indicators[0].weight_value)


@pytest.mark.parametrize(
    "line",
    [
        b'{"project": "\\udcff"}',  # a lone surrogate: msgspec refuses it, the stdlib reads it
        b'{"year": ' + b"[" * 3000 + b"]" * 3000 + b"}",
        b'{"total": "1",}',
        b'{"year": -0, "total": "1"}',
        b"",
    ],
)
def test_a_line_the_decoder_refuses_is_read_the_long_way(line: bytes) -> None:
    assert codec.parse_view(line) is None
    got, expected = read_line_view(line, "f.jsonl", 0, 2), read_line(line, "f.jsonl", 0, 2)
    assert type(got) is type(expected)
    if isinstance(expected, perfeval.PerfevalError):
        assert isinstance(got, perfeval.PerfevalError)
        assert got.message == expected.message


def test_not_warm_yet_every_line_is_read_the_long_way(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codec, "WARM_UP", 10**9)
    line = json.dumps(BASE).encode()
    assert codec.parse_view(line) is None
    assert isinstance(read_line_view(line, "f.jsonl", 0, 2), Table)


@pytest.mark.parametrize("protocol", [TableView, IndicatorView, FundsLineView, ExecutionView])
def test_the_views_give_every_field_the_rules_read(protocol: type) -> None:
    """A field added to a protocol must be filled by the decoder's objects too (an attribute error otherwise)."""
    doc = FULL
    view = view_of(doc)
    assert view is not None
    objects = {
        TableView: view,
        IndicatorView: view.indicators[0],
        FundsLineView: view.funds.total,
        ExecutionView: view.execution,
    }
    names = [name for name in vars(protocol) if not name.startswith("_")]
    assert len(names) >= 6
    for name in names:
        getattr(objects[protocol], name)


@given(st.sampled_from(["", " ", "—", "-", "/", "无", "1,000.50", "９０", "90分", "90%", "九十", "1e3"]))
@example("15.004")
def test_cells_are_read_by_the_same_readers(cell: str) -> None:
    for path in (("indicators", 0, "score"), ("indicators", 0, "weight"), ("execution", "rate"), ("total",)):
        doc = with_(path, cell)
        view = view_of(doc)
        try:
            from_dict(doc)
        except perfeval.PerfevalError:
            assert view is None  # the long way refuses it; the views decline it
            continue
        assert view is not None
        same_as_the_table(doc, view)


@pytest.mark.parametrize("deductions", [None, [], "left out"])
def test_no_deductions_left_out_null_or_empty_is_none(deductions: object) -> None:
    doc = copy.deepcopy(BASE)
    for line in (doc["indicators"][0], doc["execution"]):
        if deductions != "left out":
            line["deductions"] = deductions
    view = view_of(doc)
    assert view is not None
    assert view.indicators[0].deductions == () == view.execution.deductions
    same_as_the_table(doc, view)


@pytest.mark.parametrize(
    "line",
    [
        b'{"project": "x", "comment": "\xff"}',  # invalid UTF-8 under a key the format does not have
        b'{"project": "x", "\xff": 1}',
        b'{"project": "x", "c": "\xed\xa0\x80"}',  # a surrogate written as UTF-8 bytes
        b'{"project": "x", "c": ["\xc0\x80"]}',  # an overlong encoding, deeper down
        b'{"project": "x", "indicators": [{"name": "a", "remark": "\xff"}]}',
    ],
)
def test_bytes_that_are_no_text_anywhere_in_a_line_are_refused_as_the_long_way_refuses_them(line: bytes) -> None:
    """msgspec skips an unknown key without decoding it: the views take no line with one, so nothing is unseen."""
    assert codec.parse_view(line) is None
    got, expected = read_line_view(line, "f.jsonl", 0, 2), read_line(line, "f.jsonl", 0, 2)
    assert isinstance(expected, perfeval.PerfevalError)
    assert isinstance(got, perfeval.PerfevalError)
    assert got.to_dict() == expected.to_dict()


def test_a_key_the_format_does_not_have_sends_the_line_the_long_way() -> None:
    doc = {**BASE, "remarks": "备注"}
    assert view_of(doc) is None
    line = json.dumps(doc, ensure_ascii=False).encode()
    assert read_line_view(line, "f.jsonl", 0, 2) == from_dict(doc)
