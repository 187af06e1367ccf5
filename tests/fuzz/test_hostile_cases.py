"""Each hostile input answered with a clear error in its place, the rest of the batch audited, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import perfeval
from perfeval.batch import run
from perfeval.read.encodings import MAX_LINE_BYTES
from perfeval.read.records import iter_records

SCRIPT = Path(sys.executable).with_name("perfeval")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "perfeval.cli"]

GOOD = json.loads(perfeval.example_paths()[0].read_text(encoding="utf-8"))
BIG = "9" * 5000


def _with(change: dict[str, Any]) -> dict[str, Any]:
    """The first sample table with some fields replaced (``funds.total.annual`` style keys)."""
    doc: Any = json.loads(json.dumps(GOOD))
    for dotted, value in change.items():
        *parents, last = dotted.split(".")
        where = doc
        for key in parents:
            where = where[int(key)] if key.isdigit() else where[key]
        where[int(last) if last.isdigit() else last] = value
    assert isinstance(doc, dict)
    return doc


def _line(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False)


BAD, NOT = "invalid-table", "not-json"

#: (name, JSON line, expected error code or None for a table, the error's path, words of its message)
CASES: list[tuple[str, str, str | None, str | None, str]] = [
    ("good first", _line(GOOD), None, None, ""),
    ("exponent", _line(_with({"funds.total.annual": "1e999999999"})), BAD, "$.funds.total.annual", "exponents"),
    ("NaN", _line(_with({"execution.rate": "NaN"})), BAD, "$.execution.rate", "NaN"),
    ("Infinity", _line(_with({"indicators.0.score": "Infinity"})), BAD, "$.indicators[0].score", "infinities"),
    ("JSON NaN literal", _line(GOOD)[:-1] + ', "total": NaN}', BAD, "$.total", "JSON number nan"),
    ("JSON 1e999999999", _line(GOOD)[:-1] + ', "total": 1e999999999}', BAD, "$.total", "not a printed number"),
    ("5,000 digits", _line(_with({"funds.total.executed": BIG})), BAD, "$.funds.total.executed", "more than 30 digits"),
    ("5,000-digit JSON number", _line(GOOD)[:-1] + f', "subtotal": {BIG}}}', BAD, "$.subtotal", "not a printed number"),
    ("5,000-digit year", _line(GOOD)[:-1] + f', "year": {BIG}}}', BAD, "$.year", "not a year"),
    ("negative budget", _line(_with({"funds.total.annual": "-5"})), BAD, "$.funds.total.annual", "not be negative"),
    ("indicators not an array", _line(_with({"indicators": {"0": {}}})), BAD, "$.indicators", "expected an array"),
    ("project a number", _line(_with({"project": 5})), BAD, "$.project", "expected text"),
    ("funds a string", _line(_with({"funds": "221"})), BAD, "$.funds", "expected an object"),
    ("table an array", "[1, 2, 3]", BAD, "$", "must be a JSON object"),
    ("control character", _line(_with({"total": "100.00\x00"})), BAD, "$.total", "not a number"),
    ("control characters in text", _line(_with({"project": "医药\x07\x1b[2J储备"})), None, None, ""),
    ("full-width digits", _line(_with({"total": "１００．００"})), None, None, ""),
    ("mathematical digits", _line(_with({"total": "𝟏𝟎𝟎"})), BAD, "$.total", "not a number"),
    ("not JSON", "this is not JSON {", NOT, None, "not JSON"),
    ("nested 10,000 deep", "[" * 10000 + "]" * 10000, NOT, None, "nested too deeply"),
    ("lone surrogate", _line(GOOD)[:-1] + ', "notes": "\\ud800"}', NOT, "$.notes", "lone surrogate"),
    ("over the line limit", '{"project": "' + "x" * (MAX_LINE_BYTES + 10) + '"}', NOT, None, "longer than"),
    ("good last", _line(_with({"project": "最后一表"})), None, None, ""),
]  # fmt: skip


@pytest.fixture(scope="module")
def hostile_inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("hostile")
    jsonl = folder / "mixed.jsonl"
    jsonl.write_text("\n".join(line for _, line, *_ in CASES) + "\n", encoding="utf-8")
    files = {
        "not-json.json": b"\x89PNG\r\n\x1a\n\x00\x00 binary",
        "deep.json": b"[" * 10000 + b"]" * 10000,
        "blank.json": b"  \n\t\n",
        "zero.json": b"",
        "zero.jsonl": b"",
        "good.json": json.dumps(GOOD, ensure_ascii=False).encode("utf-8"),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return [jsonl, *(folder / name for name in files)]


def _expected_files() -> list[tuple[str, str | None, str]]:
    return [
        ("not-json.json", "not-json", "not UTF-8"),
        ("deep.json", "not-json", "nested too deeply"),
        ("blank.json", "not-json", "empty"),
        ("zero.json", "not-json", "empty"),
        ("zero.jsonl", "not-json", "empty"),
        ("good.json", None, ""),
    ]


def _check_elements(elements: list[dict[str, Any]]) -> None:
    expected = [(name, code, path, words) for name, _, code, path, words in CASES]
    expected += [(name, code, None, words) for name, code, words in _expected_files()]
    assert len(elements) == len(expected)
    for element, (name, code, path, words) in zip(elements, expected, strict=True):
        if code is None:
            assert "error" not in element, (name, element.get("error"))
            assert "findings" in element
            continue
        assert element["error"]["code"] == code, (name, element["error"])
        assert words in element["error"]["message"], (name, element["error"])
        if path is not None:
            assert element["error"]["path"] == path, (name, element["error"])
    jsonl = [e for e in elements if e["source"].endswith("mixed.jsonl")]
    assert [e["index"] for e in jsonl] == list(range(len(CASES)))
    assert jsonl[-1]["project"] == "最后一表"
    assert jsonl[CASES.index(next(c for c in CASES if c[0] == "full-width digits"))]["findings"] == jsonl[0]["findings"]
    errors = [e["error"]["message"] for e in jsonl if "error" in e]
    assert all(message.startswith("line ") for message in errors)


def test_the_cli_answers_each_in_place_without_a_traceback(hostile_inputs: list[Path]) -> None:
    proc = subprocess.run(
        [*COMMAND, "audit", "--format", "jsonl", *map(str, hostile_inputs)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,  # a guard against a hang, not a measurement
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr == ""
    assert proc.returncode == 2
    _check_elements([json.loads(line) for line in proc.stdout.splitlines()])


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_the_other_formats_never_print_a_traceback(hostile_inputs: list[Path], fmt: str) -> None:
    proc = subprocess.run(
        [*COMMAND, "audit", "--format", fmt, *map(str, hostile_inputs)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.returncode == 2
    if fmt == "json":
        _check_elements(json.loads(proc.stdout))
    else:
        assert "最后一表" in proc.stdout
        # Control characters from a table never reach the terminal raw.
        assert "\x1b" not in proc.stdout
        assert "\x07" not in proc.stdout
        assert "医药\\x07\\x1b[2J储备" in proc.stdout


def test_in_process_the_same(hostile_inputs: list[Path]) -> None:
    from perfeval.report.elements import error_element
    from perfeval.report.render import audit_element

    elements = [
        error_element(o.source, o.index, o.error) if o.error is not None else audit_element(o.source, o.index, o.result)  # type: ignore[arg-type]
        for o in run(iter_records(hostile_inputs))
    ]
    _check_elements(elements)
