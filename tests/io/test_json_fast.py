"""The JSON reader's fast path builds exactly the values the long way builds, and declines what it cannot read."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from json_docs import FULL, with_

import perfeval
from perfeval.caching import MAX_CACHED_TEXT
from perfeval.errors import CellError
from perfeval.read import json_fast, json_format
from perfeval.read.json_fast import fast_table
from perfeval.read.json_format import to_dict
from perfeval.reading.numbers import amount_of, parse_decimal, weight_of
from perfeval.testing.table_strategies import tables
from perfeval.values import (
    MONEY,
    PERCENT,
    POINTS,
    Execution,
    Funds,
    FundsLine,
    Goals,
    Indicator,
    Table,
)


def long_way(doc: object) -> Table:
    """What from_dict built before the fast path: every value through its constructor."""
    reader = json_format._Reader()
    table = json_format._table(reader, doc)
    assert not reader.problems
    assert table is not None
    return table


def same(a: Table, b: Table) -> None:
    """Equal as values, and every number read equal too (the numbers are not compared by ==)."""
    assert a == b
    assert a.total_value == b.total_value
    assert a.subtotal_value == b.subtotal_value
    assert a.year == b.year
    for x, y in zip(a.indicators, b.indicators, strict=True):
        assert (x.weight_value, x.weight_readable, x.score_value) == (y.weight_value, y.weight_readable, y.score_value)
    for name in ("total", "fiscal", "carryover", "other"):
        assert getattr(a.funds, name).amounts() == getattr(b.funds, name).amounts()
    ex_a, ex_b = a.execution, b.execution
    assert (ex_a.weight_value, ex_a.rate_value, ex_a.score_value) == (
        ex_b.weight_value,
        ex_b.rate_value,
        ex_b.score_value,
    )


@pytest.mark.parametrize("path", perfeval.example_paths(), ids=lambda p: p.name[:2])
def test_fast_path_reads_every_sample_as_the_long_way(path: Any) -> None:
    doc = json_format.parse_json(path.read_bytes())
    fast = fast_table(doc)
    assert fast is not None
    same(fast, long_way(doc))


@settings(max_examples=150)
@given(tables(messy=True))
def test_fast_path_equals_the_long_way(table: Table) -> None:
    doc = to_dict(table)
    fast = fast_table(doc)
    if fast is not None:  # declined only for what it leaves to the long way (tiers, deductions)
        same(fast, long_way(doc))
        same(fast, table)
    else:
        assert any(i.tier is not None or i.deductions for i in table.indicators) or table.execution.deductions


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("total",), "-3"),  # negative: the long way names the cell
        (("total",), "abc"),
        (("grade",), "甲"),
        (("year",), "1800"),
        (("year",), True),
        (("project",), 3),
        (("funds", "total", "annual"), 10),  # a JSON number cell: checked the long way
        (("funds", "total"), []),
        (("execution", "deductions"), 0),  # a falsy non-array is not "no deductions"
        (("execution", "deductions"), [{"points": "1"}]),
        (("indicators", 0, "tier"), "达成"),
        (("indicators", 0, "deductions"), {}),
        (("indicators", 0), None),
        (("indicators", 0, "score"), "-1"),
        (("indicators", 0, "weight"), "-1"),
        (("indicators",), {}),
        (("transcription_notes",), "one"),
        (("format",), "perfeval-table/9"),
    ],
)
def test_fast_path_leaves_the_unusual_to_the_long_way(path: tuple[Any, ...], value: object) -> None:
    doc = with_(path, value)
    assert fast_table(doc) is None
    try:
        expected: Table | str = json_format.from_dict(doc)
    except perfeval.PerfevalError as error:
        expected = error.message
    if isinstance(expected, Table):  # valid, but read the long way: the same table
        assert json_format.from_dict(doc) == expected


def test_fast_path_reads_an_unreadable_weight_as_the_long_way() -> None:
    doc = with_(("indicators", 0, "weight"), "九十")
    fast = fast_table(doc)
    assert fast is not None
    assert fast.indicators[0].weight_readable is False
    same(fast, long_way(doc))


@given(st.sampled_from(["", " ", "—", "-", "/", "无", "1,000.50", "９０", "90分", "90%"]))
def test_fast_path_reads_cells_with_the_same_readers(cell: str) -> None:
    doc = with_(("indicators", 0, "score"), cell)
    fast = fast_table(doc)
    try:
        slow = long_way(doc)
    except AssertionError:
        assert fast is None  # the long way refuses it; so does the fast path
        return
    assert fast is not None
    same(fast, slow)


@pytest.mark.parametrize("cls", [Table, Indicator, FundsLine, Execution, Goals, Funds])
def test_fast_path_sets_every_field_of_the_values_it_builds(cls: type) -> None:
    """A field added to a value later must be set by the one-pass reader too (it bypasses the constructors)."""
    doc = FULL
    table = fast_table(doc)
    assert table is not None
    built = {
        Table: table,
        Indicator: table.indicators[0],
        FundsLine: table.funds.total,
        Execution: table.execution,
        Goals: table.goals,
        Funds: table.funds,
    }[cls]
    for field in attrs.fields(cls):
        getattr(built, field.name)  # an unset slot raises AttributeError


@given(
    st.from_regex(r"[0-9]{1,22}(\.[0-9]{0,10})?", fullmatch=True)
    | st.sampled_from(["0", "00.50", "1.", ".5", "9" * 30, "9" * 20 + ".123456789"]),
    st.sampled_from([MONEY, POINTS, PERCENT]),
)
def test_a_plainly_printed_number_is_read_as_the_cell_reader_reads_it(text: str, units: tuple[str, ...]) -> None:
    """amount_of and weight_of read "16.55" without parse_decimal's steps: the same number, digit for digit."""
    try:
        expected: object = parse_decimal(text, units)
    except CellError as error:
        expected = error.message
    try:
        got: object = amount_of(text, units)
    except CellError as error:
        got = error.message
    assert repr(got) == repr(expected)
    if units is POINTS:
        assert repr(weight_of(text)) == repr((expected, True) if not isinstance(expected, str) else (None, False))


def test_the_fast_paths_caches_keep_short_cells_only_and_are_emptied_when_full(monkeypatch: Any) -> None:
    """The numbers read are kept per cell text, but a long cell is not kept, and a full cache starts again;
    a plainly printed number is read without the cache."""
    monkeypatch.setattr(json_fast, "CACHE_SIZE", 3)
    json_fast._MONEY.clear()
    long_cell = " " * MAX_CACHED_TEXT + "7,000.00"  # a number, longer than a cached text
    for annual in ("1,000.00", "2,000.00", "3,000.00", long_cell, "5.00"):
        table = fast_table(with_(("funds", "total", "annual"), annual))
        assert table is not None
        assert table.funds.total.annual_amount == Decimal(annual.strip().replace(",", ""))
    assert long_cell not in json_fast._MONEY
    assert "5.00" not in json_fast._MONEY
    assert len(json_fast._MONEY) <= 3
    assert "3,000.00" in json_fast._MONEY  # emptied when full, then kept again
