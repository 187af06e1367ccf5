"""The JSON codec seam (perfeval.read.codec): msgspec when installed, the stdlib otherwise, same results.

Every number stays exact, every refused text gets the stdlib's message, and the output lines are the same
compact JSON whichever codec wrote them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import perfeval
from perfeval.errors import PerfevalError
from perfeval.outcome import process
from perfeval.read import codec
from perfeval.read.codec import dump_line, parse_table
from perfeval.read.json_format import parse_json
from perfeval.read.records import record_from_line
from perfeval.report.printing import element_of


@pytest.fixture(autouse=True)
def no_warm_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """msgspec from the first document (a run starts with the stdlib for a few)."""
    monkeypatch.setattr(codec, "WARM_UP", 0)


def _without_msgspec(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codec, "_fast", False)  # as when importing msgspec failed


HOSTILE = [
    b'{"total": 1,}',
    b"\xef\xbb\xbf{}",
    b'{"project": "\xff"}',
    b'{"project": "\\ud800"}',
    b'{"project": "\xed\xa0\x80"}',
    b'{"total": NaN}',
    b'{"total": -Infinity}',
    b'{"total": 1, "total": 2}',
    b"[" * 100_000 + b"]" * 100_000,
    b'{"total": ' + b"9" * 5000 + b"}",
    b'{"total": 1e999999999}',
    b"",
    b"   ",
    b'{"a": 1} x',
    '{"project": "甲"}'.encode("utf-16"),
    b'{"project": "\\u0000\\u2028"}',
]


def _result(fn: Any, text: bytes) -> tuple[str, Any]:
    try:
        return "ok", fn(text, what="line 3")
    except PerfevalError as error:
        return "error", f"{error.message} at {error.path}"


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_refused_text_gets_the_message_of_the_stdlib(text: bytes) -> None:
    fast, slow = _result(parse_table, text), _result(parse_json, text)
    assert fast[0] == slow[0]
    assert fast[1] == slow[1] or repr(fast[1]) == repr(slow[1])  # NaN is not equal to itself


@pytest.mark.parametrize(
    "line",
    [
        b'{"year": 1800, "project": "x"}',
        b'{"format": 1, "project": "x"}',
        b'{"project": 5}',
        b'{"project": "x", "total": -0}',
        b'{"project": "x", "funds": {"total": {"annual": 12345678901234567890123, "executed": 1e400}}}',
        b'{"project": "x", "indicators": [{"name": "n", "weight": 10, "score": 10.50}]}',
        b'[{"project": "x"}]',
        b'{"project": "x", "year": "2023-01", "total": -0.0}',
    ],
)
def test_a_line_reads_to_the_same_table_or_error_as_with_the_stdlib(
    line: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = record_from_line(line, "t.jsonl", 0, 1)
    _without_msgspec(monkeypatch)
    slow = record_from_line(line, "t.jsonl", 0, 1)
    assert fast.table == slow.table
    assert (fast.error and fast.error.message) == (slow.error and slow.error.message)


def test_numbers_are_exact_decimals() -> None:
    doc = parse_table(b'{"a": 0.1, "b": 1e-7, "c": 12345678901234567890.123456789, "d": -0, "e": -0.0, "f": 1E5}')
    assert codec.fast()
    assert doc["a"] == Decimal("0.1")
    assert type(doc["a"]) is Decimal
    assert repr(doc["b"]) == repr(Decimal("1e-7"))
    assert repr(doc["c"]) == "Decimal('12345678901234567890.123456789')"
    assert repr(doc["d"]) == "Decimal('-0')"  # a whole -0 keeps its sign: read by the stdlib
    assert repr(doc["e"]) == "Decimal('-0.0')"
    assert repr(doc["f"]) == "Decimal('1E+5')"
    assert parse_table(b'{"year": 2023}')["year"] == Decimal(2023)


def test_without_msgspec_the_stdlib_reads_and_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    _without_msgspec(monkeypatch)
    doc = parse_table(b'{"a": 1, "b": [2.50]}')
    assert repr(doc) == "{'a': Decimal('1'), 'b': [Decimal('2.50')]}"
    assert (
        dump_line({"项目": "甲", "n": [1, None, True, '\x00\u2028"\\']})
        == '{"项目":"甲","n":[1,null,true,"\\u0000\u2028\\"\\\\"]}'
    )


def test_output_lines_are_the_same_from_either_codec(monkeypatch: pytest.MonkeyPatch) -> None:
    elements = [element_of(process(r)) for r in perfeval.iter_records(perfeval.example_paths())]
    elements.append({"text": "".join(map(chr, range(0x3000))).replace("\ud800", "")})
    fast = [dump_line(e) for e in elements]
    _without_msgspec(monkeypatch)
    assert [dump_line(e) for e in elements] == fast
    assert fast == [json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in elements]


def test_the_cli_prints_the_same_when_msgspec_cannot_be_imported(tmp_path: Path) -> None:
    tables = [p.read_text(encoding="utf-8").replace("\n", " ") for p in perfeval.example_paths()]
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(tables * 3) + "\n{not json\n", encoding="utf-8")  # past the warm-up
    run = f"import sys; from perfeval.cli import main; sys.exit(main(['audit', '--format', 'jsonl', {str(path)!r}]))"
    hidden = "import sys; sys.modules['msgspec'] = None; " + run
    with_msgspec = subprocess.run([sys.executable, "-c", run], capture_output=True, check=False)
    without = subprocess.run([sys.executable, "-c", hidden], capture_output=True, check=False)
    assert without.returncode == with_msgspec.returncode == 2
    assert without.stdout == with_msgspec.stdout
    assert without.stdout.count(b"\n") == 26 * 3 + 1
    check = "import sys; sys.modules['msgspec'] = None; from perfeval.read import codec; print(codec.fast())"
    assert subprocess.run([sys.executable, "-c", check], capture_output=True, text=True).stdout == "False\n"
