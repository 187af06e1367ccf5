"""The law "nothing lost": for any batch, exactly one output per input record, in input order.

The CSV and the working paper keep it too, with hostile text in the tables:
every record is there, and no text is a formula.
"""

from __future__ import annotations

import csv
import io
import json
import operator
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfeval
from perfeval.batch import run
from perfeval.read.records import iter_records, records_from_lines
from perfeval.report.paper import write_working_paper
from perfeval.report.rows import csv_rows
from perfeval.report.spreadsheet_safety import cell_text, is_formula_like, neutralize
from perfeval.report.writers import write_csv

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


# --- the same law for the CSV and the working paper, with hostile text in the tables ----------------------

FORMULA_PREFIXES = st.sampled_from(["=", "+", "-", "@", "\t", "\r", "#", ""])
hostile_texts = st.one_of(
    st.sampled_from(['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "-5", "+3.2", "#N/A", "\x01", "\x0b\x00"]),
    st.builds(operator.add, FORMULA_PREFIXES, st.text(st.characters(exclude_categories=("Cs",)), max_size=12)),
)


@st.composite
def hostile_lines(draw: st.DrawFn) -> str:
    """A bundled table whose project, first indicator name and second actual are hostile texts."""
    table = json.loads(draw(good_lines))
    table["project"] = draw(hostile_texts)
    table["indicators"][0]["name"] = draw(hostile_texts)
    table["indicators"][1]["actual"] = draw(hostile_texts)
    return json.dumps(table, ensure_ascii=False)


tabular_batches = st.lists(st.one_of(hostile_lines(), good_lines, bad_lines), min_size=1, max_size=5)
TABULAR = settings(FUZZ, max_examples=min(EXAMPLES, 25))


def _written(value: object) -> object:
    return neutralize("" if value is None else str(value))


@TABULAR
@given(tabular_batches)
def test_the_csv_has_every_row_of_every_record_neutralised(batch: list[str]) -> None:
    outcomes = list(run(records_from_lines(batch, "=batch.jsonl")))
    out = io.StringIO()
    write_csv(iter(outcomes), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    expected = [{k: _written(v) for k, v in row.items()} for o in outcomes for row in csv_rows(o)]
    assert rows == expected
    assert not any(is_formula_like(v) for row in rows for v in row.values())
    # every record that could not be read is one row
    assert sum(r["index"] == str(o.index) for o in outcomes if o.error is not None for r in rows) == sum(
        o.error is not None for o in outcomes
    )


@TABULAR
@given(tabular_batches)
def test_the_working_paper_has_every_record_and_no_formula(batch: list[str]) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    outcomes = list(run(records_from_lines(batch, "=batch.jsonl")))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "paper.xlsx"
        write_working_paper(iter(outcomes), path)
        book = openpyxl.load_workbook(path)
    summary = [(r[0].value, r[1].value) for r in book["Summary"].iter_rows(min_row=2) if r[1].value is not None]
    assert sorted(summary) == [("=batch.jsonl", o.index) for o in outcomes]  # one row each, worst first
    findings = [(r[0].value, r[1].value) for r in book["Findings"].iter_rows(min_row=2)]
    assert findings == [("=batch.jsonl", o.index) for o in outcomes for _ in csv_rows(o)]
    readable = [o for o in outcomes if o.error is None]
    assert len(book.sheetnames) == 2 + len(readable) + 1  # Summary, Findings, one a table, the legend
    for o, ws in zip(readable, book.worksheets[2:-1], strict=True):
        assert isinstance(o.result, perfeval.Audit)
        assert ws["B3"].value == cell_text(o.result.table.project or "")[0] or o.result.table.project is None
    assert all(c.data_type in ("s", "n") for ws in book for row in ws.iter_rows() for c in row)
