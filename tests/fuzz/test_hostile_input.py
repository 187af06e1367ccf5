"""Hostile input, by fuzzing: every input is a table or a ``PerfevalError`` with a path, never anything else.

Arbitrary JSON values, and the bundled real tables mutated cell by cell with
hostile values (exponents, NaN, 5,000-digit numbers, negative budgets, wrong
JSON types, control characters, full-width and mathematical digits …). A
table that is read must then audit, render and serialise without an error.

The default run keeps to a few seconds; for a long run set
``PERFEVAL_FUZZ_EXAMPLES`` (e.g. 20000).
"""

from __future__ import annotations

import copy
import json
import os
from decimal import Decimal
from typing import Any

from hypothesis import event, given, settings
from hypothesis import strategies as st

import perfeval
from perfeval.errors import NotJSONError, PerfevalError
from perfeval.read.json_format import from_dict, parse_json, to_dict
from perfeval.read.records import record_from_line
from perfeval.report.render import audit_element, audit_text, explain_text
from perfeval.values import Table

EXAMPLES = int(os.environ.get("PERFEVAL_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES)  # the rest (derandomized in CI): tests/conftest.py

SAMPLES = [json.loads(p.read_text(encoding="utf-8")) for p in perfeval.example_paths()]

HOSTILE = [
    "1e999999999", "-1e-999999999", "1E+5", "NaN", "nan", "sNaN", "Infinity", "-Infinity", "inf", "∞",
    "9" * 5000, "0." + "0" * 5000 + "1", "1" + ",000" * 2000, "-5", "-0.01", "-0", "+5", "--5", "5-",
    "1,0,0", "1..2", ".5", "5.", "0x10", "1_000", " 12 ", "\x00", "1\x00", "\x07\x1b[2J", "12\u202e3",
    "１２．５", "－５", "１,０００", "𝟏𝟐𝟑", "𝟗𝟎%", "١٢٣", "٣٫٥", "۱۲", "१२", "²³", "½", "Ⅻ", "〇",
    "≥", "≥≥90%", ">=-5", "≤1e9", "大于1e999999999元", "1e999999999万元", "NaN%", "-50%", "100%", "95%以上",
    "2023年13月32日前", "9999年底前", "0000年底前", "2023-02-29", "99999999年12月31日前", "12月31日前",
    "-", "/", "无", "", " ", "\u3000", "有效提升", "部分完成", "未完成", "按时完成", "延期",
    "1亿元", "0.0001亿元", "9" * 40 + "亿元", "达成", "部分达成", "未达成", "优", "差", "A+",
]  # fmt: skip

numberish = st.text(
    alphabet="0123456789.,-+eE%万元亿 ０１２３４５６７８９．，𝟏𝟐١٢≥<>=以上内年月日底前",
    max_size=14,
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**60), max_value=10**60)
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(HOSTILE)
    | numberish
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(
            st.sampled_from(["annual", "target", "weight", "score", "x"]) | st.text(max_size=8), children, max_size=5
        )
    ),
    max_leaves=25,
)

TABLE_KEYS = [
    "format", "source", "table_no", "year", "project", "department", "implementer", "funds", "execution",
    "goals", "indicators", "subtotal", "total", "grade", "notes", "transcription_notes",
]  # fmt: skip
INDICATOR_KEYS = [
    "level1", "level2", "name", "operator", "target", "unit", "actual", "weight", "score", "explanation",
    "tier", "deductions",
]  # fmt: skip


def _cell_value() -> st.SearchStrategy[Any]:
    return st.sampled_from(HOSTILE) | numberish | scalars


table_shaped = st.fixed_dictionaries(
    {},
    optional={
        "year": st.integers(1800, 2300) | _cell_value(),
        "project": _cell_value(),
        "funds": st.dictionaries(
            st.sampled_from(["total", "fiscal", "carryover", "other"]),
            st.dictionaries(st.sampled_from(["initial", "annual", "executed"]), _cell_value(), max_size=3)
            | json_values,
            max_size=4,
        ),
        "execution": st.dictionaries(
            st.sampled_from(["weight", "rate", "score", "deductions"]),
            _cell_value() | st.lists(st.dictionaries(st.sampled_from(["points", "reason"]), _cell_value())),
            max_size=4,
        ),
        "indicators": st.lists(
            st.dictionaries(st.sampled_from(INDICATOR_KEYS), _cell_value(), max_size=12) | json_values, max_size=6
        ),
        "subtotal": _cell_value(),
        "total": _cell_value(),
        "grade": _cell_value(),
        "transcription_notes": json_values,
    },
)


def _slots(doc: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON document that a mutation may change."""
    out = [path]
    if isinstance(doc, dict):
        for key, value in doc.items():
            out.extend(_slots(value, (*path, key)))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            out.extend(_slots(value, (*path, i)))
    return out


@st.composite
def mutated_tables(draw: st.DrawFn) -> Any:
    """A bundled real table with one to four hostile mutations."""
    doc = copy.deepcopy(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(_slots(doc)))
        value = draw(st.sampled_from(HOSTILE) | numberish | json_values | st.just(None))
        if not path:
            if draw(st.booleans()):
                doc = value
            continue
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        key = path[-1]
        action = draw(st.sampled_from(["set", "set", "set", "delete", "wrap", "number"]))
        if action == "delete":
            del parent[key]
        elif action == "wrap":
            parent[key] = [parent[key]]
        elif action == "number":
            parent[key] = draw(st.decimals() | st.integers() | st.floats())
        else:
            parent[key] = value
    return doc


def check(doc: Any) -> Table | PerfevalError:
    """The law: a table (which audits, renders and round-trips) or a located PerfevalError."""
    error: PerfevalError | None = None
    try:
        table = from_dict(doc, source="fuzz", index=0)
    except PerfevalError as caught:  # any other exception fails the test
        error = caught
    if error is not None:
        assert error.path is not None
        assert error.path.startswith("$"), error.path
        assert error.message
        assert str(error).startswith("fuzz[0]: ")
        return error
    assert isinstance(table, Table)
    result = perfeval.audit(table)
    card = perfeval.score(table, perfeval.PLATFORM)
    assert card.grade is not None
    element = audit_element("fuzz", 0, result)
    json.dumps(element, ensure_ascii=False).encode("utf-8")
    audit_text("fuzz", 0, result).encode("utf-8")
    explain_text("fuzz", 0, result.scorecard).encode("utf-8")
    assert from_dict(to_dict(table)) == table
    return table


def check_text(text: str | bytes) -> None:
    """The same law one level up: a JSON line is a record with its table or its error."""
    record = record_from_line(text, "fuzz.jsonl", 0, 1)
    assert (record.table is None) != (record.error is None)
    if record.error is not None:
        assert isinstance(record.error, PerfevalError)
        assert record.error.message.startswith("line 1")
        assert isinstance(record.error, NotJSONError) or record.error.path is not None
    else:
        assert record.table is not None
        check(to_dict(record.table))


def _kind(outcome: Table | PerfevalError) -> str:
    return "table" if isinstance(outcome, Table) else f"error {outcome.code}"


@FUZZ
@given(json_values)
def test_any_json_value(doc: Any) -> None:
    event(_kind(check(doc)))


@FUZZ
@given(table_shaped)
def test_any_table_shaped_object(doc: Any) -> None:
    event(_kind(check(doc)))


@FUZZ
@given(mutated_tables())
def test_mutated_real_tables(doc: Any) -> None:
    event(_kind(check(doc)))


@FUZZ
@given(mutated_tables())
def test_mutated_real_tables_as_json_lines(doc: Any) -> None:
    text = json.dumps(doc, ensure_ascii=False, default=str)
    check_text(text)
    check_text(text.encode("utf-8"))


@FUZZ
@given(mutated_tables(), st.data())
def test_corrupted_json_text(doc: Any, data: st.DataObject) -> None:
    raw = bytearray(json.dumps(doc, ensure_ascii=False, default=str).encode("utf-8"))
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(raw)))
        action = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        byte = data.draw(st.sampled_from([b"\x00", b"\xff", b"\xed\xa0\x80", b"\\ud800", b"[", b"}", b'"', b"\\"]))
        if action == "insert":
            raw[at:at] = byte
        elif action == "delete":
            del raw[at : at + len(byte)]
        else:
            raw[at : at + len(byte)] = byte
    check_text(bytes(raw).replace(b"\n", b" "))


def test_the_samples_themselves_are_tables() -> None:
    for doc in SAMPLES:
        assert isinstance(check(doc), Table)


def test_json_numbers_are_exact_or_refused() -> None:
    doc = parse_json('{"total": 95.50, "year": 2023, "funds": {"total": {"annual": 1e999999999}}}')
    assert doc["total"] == Decimal("95.50")
    error = check(doc)
    assert isinstance(error, PerfevalError)
    assert error.path == "$.funds.total.annual"
