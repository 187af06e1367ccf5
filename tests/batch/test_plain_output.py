"""JSON output in one process: the blocks the workers use, written as the encoder's bytes, byte for byte as before.

One process reads JSON Lines in blocks and renders each block as one text, as ``--jobs`` workers do; these
tests pin that it prints what the record-by-record path prints, writes a record that comes on its own as soon
as it is done, and writes bytes only where they are what the text would be.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfeval
from perfeval.batch import run_blocks, run_plain
from perfeval.cli import main
from perfeval.read import blocks
from perfeval.read.blocks import Block
from perfeval.read.records import record_from_line, unparsed_path
from perfeval.record import Record
from perfeval.report.printing import (
    Joiner,
    Printed,
    Rendered,
    Tally,
    render_json_bytes,
    render_json_plain,
    write_printed,
    write_rendered,
)

TABLES = [json.dumps(json.loads(p.read_text(encoding="utf-8")), ensure_ascii=False) for p in perfeval.example_paths()]


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """Tables, blank and bad lines, a negative score: what one bad table must not stop."""
    lines = [*TABLES[:10], "", "{not json", "[1]", TABLES[10].replace('"score": "', '"score": "-'), *TABLES[11:]]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines * 4) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["audit", "score"])
@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_one_process_prints_what_the_record_by_record_path_prints(
    mixed: Path, tmp_path: Path, fmt: str, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(blocks, "BLOCK_BYTES", 30_000)  # a few tables a block: bad lines inside blocks
    out = tmp_path / f"out.{fmt}"
    status = main([command, str(mixed), "--format", fmt, "-q", "-o", str(out), "--jobs", "1"])
    text = io.StringIO()
    tally = Tally()
    write_rendered(run_plain(unparsed_path(mixed), render_json_plain, mode=command), fmt, text, tally, command)  # type: ignore[arg-type]
    assert out.read_bytes() == text.getvalue().encode()
    assert status == 2  # the bad lines are reported, the rest still run
    assert tally.tables == 4 * (len(TABLES) + 2)


def test_a_record_that_comes_on_its_own_is_printed_before_the_next_is_read() -> None:
    """A workbook's table (slow to read) is written as soon as it is done, not held for a block of 64."""

    def records() -> Iterator[Record]:
        yield record_from_line(TABLES[0], "a.xlsx", 0)
        raise AssertionError("the next record was read before the first was printed")

    printed = run_blocks(records(), render_json_bytes, Joiner("jsonl"), jobs=1, plain=True, chunk=1)
    first = next(printed)
    assert first.tables == 1
    assert isinstance(first.text, bytes)
    assert json.loads(first.text)["project"] == json.loads(TABLES[0])["project"]


def _rendered(fmt: str) -> tuple[Printed, str]:
    """A block rendered as bytes, and the text the same outcomes print."""
    texts = ['{"项目":"甲"}', '{"b":null}', '{"c":"𝒳"}']
    items = [Rendered(t.encode(), False, n == 1, n, ("code",) * n) for n, t in enumerate(texts)]
    between, after = {"json": (",\n", ""), "jsonl": ("", "\n")}[fmt]
    return Joiner(fmt)(items), between.join(t + after for t in texts)


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_a_block_rendered_as_bytes_joins_as_its_text_would(fmt: str) -> None:
    block, text = _rendered(fmt)
    assert block.text == text.encode()
    assert (block.tables, block.with_errors, block.worst, block.codes) == (3, 1, 2, Counter({"code": 3}))


def _written(out: io.TextIOWrapper | io.StringIO, fmt: str, binary: bool) -> None:
    block, _ = _rendered(fmt)
    write_printed(iter([block, block]), fmt, out, Tally(), "audit", binary=binary)
    out.flush()


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
@pytest.mark.parametrize("encoding", ["utf-8", "UTF8", "gb18030", "utf-16"])
@pytest.mark.parametrize("binary", [True, False])
def test_bytes_are_written_as_their_text_whatever_the_stream(fmt: str, encoding: str, binary: bool) -> None:
    """Written straight to the binary stream only when that is UTF-8; else decoded and written as text."""
    expected = io.StringIO()
    _written(expected, fmt, binary=False)
    assert expected.getvalue().count("项目") == 2
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding=encoding, newline="\n")
    out.write("before ")  # what was written as text comes first
    _written(out, fmt, binary)
    assert raw.getvalue() == ("before " + expected.getvalue()).encode(encoding)


@pytest.mark.parametrize("crlf", [False, True])
def test_a_line_at_the_length_cap_is_read_as_line_by_line(
    tmp_path: Path, crlf: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cap counts a line's end, whether the line is read on its own or cut from a block."""
    from perfeval.read import records

    table = TABLES[0].encode()
    cap = len(table) + 1 + crlf  # the table and its line end fit exactly; one byte more does not
    monkeypatch.setattr(blocks, "MAX_LINE_BYTES", cap)
    monkeypatch.setattr(records, "MAX_LINE_BYTES", cap)
    end = b"\r\n" if crlf else b"\n"
    path = tmp_path / "cap.jsonl"
    path.write_bytes(table + end + b" " + table + end + table)  # fits, one byte over, fits (no line end)
    out = tmp_path / "out.jsonl"
    main(["score", str(path), "--format", "jsonl", "-q", "-o", str(out), "--jobs", "1"])
    text = io.StringIO()
    write_rendered(run_plain(unparsed_path(path), render_json_plain, mode="score"), "jsonl", text, Tally(), "score")
    assert out.read_bytes() == text.getvalue().encode()
    elements = [json.loads(line) for line in out.read_bytes().splitlines()]
    assert ["error" in element for element in elements] == [False, True, False]
    assert elements[1]["error"]["message"] == f"line 2 is longer than {cap} bytes"


@given(st.lists(st.sampled_from([b"{}", b"[1]", b"", b" ", b"\t", b"\r", b" \r", b"{} ", b" {}"]), max_size=8))
def test_a_block_counts_its_tables_as_its_lines_give_them(parts: list[bytes]) -> None:
    """The count without a split (no blank line) and with one agree with the lines the block gives."""
    for data in (b"\n".join(parts), b"\n".join(parts) + b"\n"):
        block = Block("t.jsonl", 0, 1, data)
        assert block.tables() == len(list(block.lines())) == len(list(block.items()))
