"""The law "nothing lost": for any batch, exactly one output per input record, in input order."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import perfeval
from perfeval.batch import run
from perfeval.io.records import iter_records, records_from_lines

EXAMPLES = int(os.environ.get("PERFEVAL_FUZZ_EXAMPLES", "100"))
FUZZ = settings(max_examples=EXAMPLES)  # the rest (derandomized in CI): tests/conftest.py

SAMPLES = [json.dumps(json.loads(p.read_text(encoding="utf-8")), ensure_ascii=False) for p in perfeval.example_paths()]
JSON_SPACE = " \t\r"

good_lines = st.sampled_from(SAMPLES)
bad_lines = st.sampled_from(
    [
        "{",
        "[]",
        "null",
        "42",
        '"text"',
        '{"funds": {"total": {"annual": "-1"}}}',
        '{"total": "NaN"}',
        '{"year": 1e999999999}',
        "[" * 3000 + "]" * 3000,
        '{"project": "\\udfff"}',
        "\x00\x01",
        "\x0c",
        "\u3000",
    ]
) | st.text(max_size=30).map(lambda t: t.replace("\n", " "))
blank_lines = st.text(alphabet=JSON_SPACE, max_size=3)
lines = st.lists(st.one_of(good_lines, bad_lines, blank_lines), max_size=25)


def _is_blank(line: str) -> bool:
    return not line.strip(" \t\r\n")


@FUZZ
@given(lines)
def test_one_outcome_per_line_in_order(batch: list[str]) -> None:
    expected = [number for number, line in enumerate(batch, start=1) if not _is_blank(line)]
    outcomes = list(run(records_from_lines(batch, "batch.jsonl")))
    assert [o.line for o in outcomes] == expected
    assert [o.index for o in outcomes] == list(range(len(expected)))
    assert all((o.result is None) != (o.error is None) for o in outcomes)
    good = [n for n, line in enumerate(batch, start=1) if line in SAMPLES]
    assert [o.line for o in outcomes if o.result is not None] == good


@FUZZ
@given(st.lists(lines, min_size=1, max_size=4))
def test_one_outcome_per_record_across_files(files: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for n, batch in enumerate(files):
            path = Path(tmp) / f"{n}.jsonl"
            path.write_bytes(("\n".join(batch) + ("\n" if batch else "")).encode("utf-8", "surrogatepass"))
            paths.append(path)
        outcomes = list(run(iter_records(paths)))
    expected: list[tuple[str, int, int | None]] = []
    for path, batch in zip(paths, files, strict=True):
        numbers = [number for number, line in enumerate(batch, start=1) if not _is_blank(line)]
        # A file without a single record is one error record: nothing is silently skipped.
        expected += [(str(path), i, n) for i, n in enumerate(numbers)] or [(str(path), 0, None)]
    assert [(o.source, o.index, o.line) for o in outcomes] == expected
    assert all((o.result is None) != (o.error is None) for o in outcomes)
