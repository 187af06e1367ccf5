"""Memory that grows with the input: long cells are not kept, and a whole .json document has a size limit."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

import perfeval
from perfeval.batch import run
from perfeval.errors import InputError, TooLargeError
from perfeval.read import records
from perfeval.read.records import read_path

CELL = 300_000  # characters in each record's long cells (the issue had 0.9 MB; smaller keeps the test fast)


def _long_cells(path: Path, count: int) -> None:
    """JSON Lines of a bundled table whose actuals and targets are long, different texts in every record."""
    table = json.loads(perfeval.example_paths()[0].read_text(encoding="utf-8"))
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            row = table["indicators"][n % len(table["indicators"])]
            row["actual"] = f"达标{n}" + "x" * (CELL // 2)
            row["target"] = f"达标{n}" + "y" * (CELL // 2 - 20)
            out.write(json.dumps(table, ensure_ascii=False) + "\n")
            row["actual"] = row["target"] = "100"


def _peak(path: Path) -> tuple[int, int]:
    """Peak traced memory while auditing the file, and the number of outcomes."""
    tracemalloc.start()
    try:
        seen = sum(1 for _ in run(read_path(path)))
        return tracemalloc.get_traced_memory()[1], seen
    finally:
        tracemalloc.stop()


def test_jsonl_memory_stays_flat_with_long_cells(tmp_path: Path) -> None:
    """The peak of 16 records of long cells is that of 2 such records, not eight times it (the caches kept them)."""
    few, many = tmp_path / "few.jsonl", tmp_path / "many.jsonl"
    _long_cells(few, 2)
    _long_cells(many, 16)
    few_peak, few_seen = _peak(few)
    many_peak, many_seen = _peak(many)
    assert (few_seen, many_seen) == (2, 16)
    assert many_peak < few_peak * 1.5 + 2 * CELL, (few_peak, many_peak)
    assert many_peak < 25 * CELL, many_peak  # a few copies of one record's cells, whatever the count


def test_a_json_document_beyond_the_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A .json file larger than MAX_JSON_BYTES is one located error, read no further, and the batch goes on."""
    monkeypatch.setattr(records, "MAX_JSON_BYTES", 20_000)
    big, small = tmp_path / "big.json", tmp_path / "small.json"
    big.write_text(json.dumps([[0] * 10] * 2000), encoding="utf-8")
    small.write_text(perfeval.example_paths()[0].read_text(encoding="utf-8"), encoding="utf-8")
    tracemalloc.start()
    try:
        got = list(perfeval.iter_records([big, small]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(r.source, r.index, r.table is not None) for r in got] == [(str(big), 0, False), (str(small), 0, True)]
    error = got[0].error
    assert isinstance(error, TooLargeError)
    assert isinstance(error, InputError)
    assert error.code == "too-large"
    assert error.message == (
        f"the file is larger than 20,000 bytes ({big.stat().st_size:,} bytes): perfeval does not read it whole"
        " (many tables belong in JSON Lines, .jsonl, read a line at a time)"
    )
    assert str(error).startswith(f"{big}[0]: ")
    assert peak < 2_000_000, peak


def test_the_default_json_limit_is_8_mib_and_refuses_a_20_mb_document(tmp_path: Path) -> None:
    """The documented default (docs/_input_limits.md): a 20 MB document that is no table is refused, not parsed."""
    assert records.MAX_JSON_BYTES == 8 * 1024 * 1024
    big = tmp_path / "big.json"
    big.write_bytes(b"[" + b"0," * 10_000_000 + b"0]")
    [record] = perfeval.iter_records([big])
    assert isinstance(record.error, TooLargeError), record.error
