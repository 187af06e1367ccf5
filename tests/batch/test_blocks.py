"""``--jobs`` by blocks: workers take blocks of whole JSON lines and send back one printed text a block.

The blocks must give the very records a line-by-line read gives (order, index, line number, errors in
place), whatever the block size, the encoding or the hostile line; and the CLI must print the same bytes
with ``--jobs 2`` as with ``--jobs 1``.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

import perfeval
from perfeval import batch
from perfeval.batch import run_blocks
from perfeval.cli import main
from perfeval.read import blocks, records
from perfeval.read.blocks import Block, block_stream
from perfeval.read.records import Unparsed, unparsed_stream
from perfeval.record import Record
from perfeval.report.printing import Joiner, Printed, render_json

TABLES = [json.loads(p.read_text(encoding="utf-8")) for p in perfeval.example_paths()]


def _line(n: int) -> bytes:
    table = {**TABLES[n % len(TABLES)], "project": f"{TABLES[n % len(TABLES)]['project']} #{n}"}
    return json.dumps(table, ensure_ascii=False).encode()


def _seen(items: list[Record | Unparsed | Block]) -> list[tuple[object, ...]]:
    """The records a reader gave, blocks opened into their lines: (index, line, project or error message)."""
    out: list[tuple[object, ...]] = []
    for item in items:
        for one in item.items() if isinstance(item, Block) else [item]:
            record = one.record() if isinstance(one, Unparsed) else one
            assert isinstance(record, Record)
            seen = record.table.project if record.table is not None else record.error.message  # type: ignore[union-attr]
            out.append((record.index, record.line, seen))
    return out


GB = "省级医药储备".encode("gb18030")
STREAMS = {
    "tables, blanks and bad lines": b"\n".join(
        [_line(0), b"", b"  \t", _line(1), b"{not json", b"[1, 2]", _line(2), b"\r", _line(3)]
    )
    + b"\n",
    "no line end at the end": _line(0) + b"\n" + _line(1),
    "crlf": _line(0) + b"\r\n" + _line(1) + b"\r\n",
    "byte-order mark": b"\xef\xbb\xbf" + _line(0) + b"\n" + _line(1) + b"\n",
    "too long lines": _line(0) + b"\n" + b"x" * 25_000 + b"\n" + _line(1) + b"\n" + b"y" * 30_000,
    "gb18030 after ascii lines": b'{"project": "a"}\n{"project": "b"}\n{"project": "' + GB + b'"}\n{}\n',
    "gb18030 from the first line": b'{"project": "' + GB + b'"}\n{"project": "a"}\n',
    "not utf-8 after utf-8": _line(0) + b'\n{"project": "\xff"}\n' + _line(1) + b"\n",
    "utf-16": ('{"project": "甲"}\n{"project": "乙"}\n').encode("utf-16"),
    "utf-32": ('{"project": "甲"}\n{"project": "乙"}\n').encode("utf-32"),
    "utf-16 without a mark": ('{"project": "甲"}\n{"project": "乙"}\n').encode("utf-16-le"),
    "empty": b"",
    "only blank lines": b"\n \n\t\n",
    "one ascii line": b'{"project": "a"}',
}


@pytest.mark.parametrize("size", [64, 1000, 256 * 1024])
@pytest.mark.parametrize("name", sorted(STREAMS))
def test_blocks_hold_the_lines_a_line_by_line_read_gives(name: str, size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(blocks, "BLOCK_BYTES", size)
    monkeypatch.setattr(blocks, "MAX_LINE_BYTES", 20_000)  # the cap, small: lines longer than it are errors
    monkeypatch.setattr(records, "MAX_LINE_BYTES", 20_000)
    data = STREAMS[name]
    expected = _seen(list(unparsed_stream(io.BytesIO(data), "t.jsonl")))
    got = list(block_stream(io.BytesIO(data), "t.jsonl"))
    assert _seen(got) == expected
    if name == "tables, blanks and bad lines" and size == 256 * 1024:
        assert [type(item) for item in got] == [Block]  # one block for the whole stream


class _Trickle(io.BytesIO):
    """A pipe that gives a few bytes at a time."""

    def read1(self, size: int = -1) -> bytes:
        return super().read1(min(size, 3))


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_a_stream_given_a_few_bytes_at_a_time_reads_the_same(name: str) -> None:
    data = STREAMS[name]
    expected = _seen(list(unparsed_stream(io.BytesIO(data), "t.jsonl")))
    assert _seen(list(block_stream(_Trickle(data), "t.jsonl"))) == expected


def test_the_parent_gets_one_result_a_block_in_input_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(blocks, "BLOCK_BYTES", 8000)
    data = b"\n".join(_line(n) for n in range(40)) + b"\n"
    items = list(block_stream(io.BytesIO(data), "t.jsonl"))
    assert len(items) > 5
    results = list(run_blocks(items, render_json, Joiner("jsonl"), jobs=2))
    assert all(isinstance(r, Printed) for r in results)
    assert len(results) == len(items)  # one object back per block, not one per table
    assert [r.tables for r in results] == [item.tables() for item in items if isinstance(item, Block)]
    projects = [json.loads(line)["project"] for r in results for line in r.text.splitlines()]
    assert projects == [f"{TABLES[n % len(TABLES)]['project']} #{n}" for n in range(40)]


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """Tables with bad lines among them, long enough for many small blocks."""
    lines = []
    for n in range(300):
        lines.append(_line(n))
        if n % 37 == 5:
            lines += [b"{not json", b"", b'{"funds": {"total": {"annual": "-5"}}}', b"[1]"]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


@pytest.mark.parametrize("command", ["audit", "score"])
@pytest.mark.parametrize("fmt", ["jsonl", "json", "text"])
def test_two_jobs_print_the_bytes_of_one_across_block_boundaries(
    mixed: Path, tmp_path: Path, fmt: str, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(blocks, "BLOCK_BYTES", 20_000)  # a block every few tables: bad lines fall inside blocks
    monkeypatch.setattr(batch, "WINDOW", 2)
    outputs = []
    statuses = []
    for jobs in ("1", "2"):
        out = tmp_path / f"{command}-{jobs}.{fmt}"
        args = [command, str(mixed), "--format", fmt, "-q", "-o", str(out), "--jobs", jobs]
        statuses.append(main(args))
        outputs.append(out.read_bytes())
    assert statuses == [2, 2]  # the bad lines are reported, and the rest still run
    assert outputs[0] == outputs[1]
    if fmt == "jsonl":
        lines = [json.loads(line) for line in outputs[1].splitlines()]
        assert len(lines) == 300 + 8 * 3
        assert lines[6]["index"] == 6
        assert lines[6]["error"]["message"].startswith("line 7: not JSON")
        assert lines[9]["project"].endswith("#6")  # the tables after the bad lines still run, in order


@pytest.mark.parametrize("reader", [unparsed_stream, block_stream])
def test_a_first_line_too_long_is_reported_and_the_rest_still_read(
    reader: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(blocks, "MAX_LINE_BYTES", 4000)
    monkeypatch.setattr(records, "MAX_LINE_BYTES", 4000)
    data = b"x" * 5000 + b"\n" + _line(1) + b"\n"
    seen = _seen(list(reader(io.BytesIO(data), "t.jsonl")))  # type: ignore[operator]
    assert seen == [(0, 1, "line 1 is longer than 4000 bytes"), (1, 2, f"{TABLES[1]['project']} #1")]


def test_without_jobs_a_large_json_lines_input_runs_one_worker_a_cpu(
    mixed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from perfeval import cli

    size = mixed.stat().st_size
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "t.jsonl").write_bytes(mixed.read_bytes())
    monkeypatch.setattr(blocks, "AUTO_JOBS_BYTES", size)
    parse = cli._parser().parse_args
    assert cli._default_jobs(parse(["audit", str(mixed)])) == cli._jobs("auto")
    assert cli._default_jobs(parse(["score", str(tmp_path / "folder"), "--format", "json"])) == cli._jobs("auto")
    assert cli._default_jobs(parse(["audit", "--example"])) == 1  # .json files: not JSON Lines
    monkeypatch.setattr(blocks, "AUTO_JOBS_BYTES", size + 1)
    assert cli._default_jobs(parse(["audit", str(mixed)])) == 1
    assert parse(["audit", str(mixed)]).jobs is None
    assert parse(["audit", str(mixed), "--jobs", "1"]).jobs == 1


def test_other_inputs_and_standard_input_print_the_same_with_two_jobs(
    mixed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(blocks, "BLOCK_BYTES", 20_000)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_bytes(mixed.read_bytes())
    (folder / "b.json").write_text(json.dumps(TABLES[:3], ensure_ascii=False), encoding="utf-8")
    (folder / "c.ods").write_bytes((Path(__file__).parent.parent / "fixtures" / "formats" / "forms.ods").read_bytes())
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}.jsonl"
        stdin = io.TextIOWrapper(io.BytesIO(b"\n".join(_line(n) for n in range(50)) + b"\n"), encoding="utf-8")
        monkeypatch.setattr("sys.stdin", stdin)
        main(["audit", str(folder), "-", "--format", "jsonl", "-q", "-o", str(out), "--jobs", jobs])
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    sources = [json.loads(line)["source"] for line in outputs[1].splitlines()]
    assert sources.count("<stdin>") == 50
    assert any(source.endswith("c.ods") for source in sources)
    assert sources.index(str(folder / "b.json")) < sources.index("<stdin>")


def test_the_progress_counts_the_tables_of_each_block() -> None:
    from perfeval.report.progress import STATE, shown

    printed = [Printed("", n, 0, 0, -1, Counter()) for n in (120, 3, 0, 77)]
    seen = []
    for _ in shown(iter(printed), 200, quiet=True, tables=lambda p: p.tables):
        seen.append(STATE.done)
    assert STATE.done == 200
    assert seen == [0, 120, 123, 123]


def test_the_blocks_in_flight_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "WINDOW", 2)
    pulled = 0

    def blocks_read() -> Iterator[Block]:
        nonlocal pulled
        for n in range(40):
            pulled += 1
            yield Block("t.jsonl", n, n + 1, _line(n) + b"\n")

    results = run_blocks(blocks_read(), render_json, Joiner("jsonl"), jobs=2)
    first = next(results)
    assert first.tables == 1
    assert pulled <= 2 * 2 + 1  # a window of WINDOW blocks a worker, not the whole input read ahead
    assert sum(1 for _ in results) == 39
