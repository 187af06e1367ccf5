"""JSON Lines read in blocks of whole lines, for worker processes (``--jobs``): the parent splits no line.

A :class:`Block` is a few hundred kilobytes of a file's bytes, cut at a line
end, with the index and line number of its first line; a worker splits it
into the very :class:`~perfeval.read.records.Unparsed` lines that
:func:`~perfeval.read.records.unparsed_stream` gives. What a block cannot
carry is handed on unchanged: a line longer than the cap becomes its error
record here, and a stream that is not UTF-8 (UTF-16/32, GB18030) is read on
line by line, as :func:`~perfeval.read.records.unparsed_stream` reads it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import attrs

from perfeval.errors import InputError, NotJSONError
from perfeval.read.encodings import MAX_LINE_BYTES, narrow_lines, utf8_text, wide_codec
from perfeval.read.records import (
    JSONL_SUFFIXES,
    Counted,
    Unparsed,
    _bounded_lines,
    _located,
    record_from_line,
    table_files,
    unparsed_lines,
    unparsed_stream,
)
from perfeval.record import Record

__all__ = ["AUTO_JOBS_BYTES", "BLOCK_BYTES", "Block", "block_stream", "jsonl_bytes"]

#: Bytes read at a time, and so the largest block (a line longer than this makes a block of its own).
BLOCK_BYTES = 256 * 1024
#: JSON Lines input from which the CLI runs one worker a CPU when ``--jobs`` is not given (≈1,900 tables of
#: 2.2 KiB: measured on 2 cores with the compiled core, ``--jobs 2`` is no faster at 1,000 tables, 1.13× as
#: fast at 2,000, 1.2× at 5,000 and 1.4× at 20,000).
AUTO_JOBS_BYTES = 4 * 1024 * 1024
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_BLANK_LINE = re.compile(rb"\n[ \t\r]*\n")  # a blank line after the first
_BOM = b"\xef\xbb\xbf"


@attrs.frozen(slots=True)
class Block:
    """Whole lines of a JSON Lines file, as read: what a worker is sent instead of one record a line."""

    source: str
    #: The index of the first table in the block, and the number of its first line.
    index: int
    line: int
    data: bytes

    def __reduce__(self) -> tuple[type[Block], tuple[str, int, int, bytes]]:
        return Block, (self.source, self.index, self.line, self.data)

    def items(self) -> Iterator[Unparsed]:
        """The block's lines, unparsed, as :func:`~perfeval.read.records.unparsed_stream` gives them.

        >>> [(u.index, u.line, u.text) for u in Block("t.jsonl", 4, 9, b'{}\\n \\n[1]').items()]
        [(4, 9, b'{}\\n'), (5, 11, b'[1]')]
        """
        source = self.source
        for index, number, raw, ended in self.lines():
            yield Unparsed(source, index, number, raw + b"\n" if ended else raw)

    def lines(self) -> Iterator[tuple[int, int, bytes, bool]]:
        """What :meth:`items` gives, without an object each (the batch path): (index, line number, the line
        without its line end, whether it had one).

        >>> list(Block("t.jsonl", 4, 9, b'{}\\n \\n[1]').lines())
        [(4, 9, b'{}', True), (5, 11, b'[1]', False)]
        """
        index = self.index
        lines = self.data.split(b"\n")
        last = len(lines) - 1
        for number, raw in enumerate(lines, start=self.line):
            ended = number - self.line < last
            if not ended and not raw:  # the block ended with its line end
                return
            # lstrip: a line with no white space in front is itself, not a copy (blank all the same)
            if not raw.lstrip(b" \t\r\n"):
                continue  # only JSON's own white space makes a line blank
            yield index, number, raw, ended
            index += 1

    def tables(self, line_ends: int | None = None) -> int:
        """How many tables (non-blank lines) the block holds: what :meth:`items` gives, counted.

        ``line_ends``: ``data.count(b"\\n")`` when the caller has counted them already (a quarter of a
        millisecond a block).

        >>> Block("t.jsonl", 0, 1, b'{}\\n{}\\n').tables(), Block("t.jsonl", 0, 1, b' \\n{}\\n\\r\\n[1]').tables()
        (2, 2)
        """
        data = self.data
        tail = data[data.rfind(b"\n") + 1 :]
        # No blank line (the usual block): its lines counted without splitting it.
        if data[:1] not in b" \t\r\n" and _BLANK_LINE.search(data) is None and (not tail or tail.lstrip(b" \t\r")):
            return (data.count(b"\n") if line_ends is None else line_ends) + bool(tail)
        return sum(1 for line in data.split(b"\n") if line.lstrip(b" \t\r"))


def block_stream(handle: IO[bytes], source: str, *, what: str = "the file") -> Iterator[Block | Record | Unparsed]:
    """An open JSON Lines stream in blocks of lines; what :func:`unparsed_stream` gives, grouped.

    >>> [(b.index, b.line, b.data) for b in block_stream(io.BytesIO(b'{}\\n\\n{}\\n'), "<stdin>")]
    [(0, 1, b'{}\\n\\n{}\\n')]
    """
    reader = _Blocks(handle, source)
    try:
        yield from reader.blocks()
    except OSError as error:  # the disk failed mid-file: say so in place, and go on with the next file
        yield _located(InputError(f"cannot read the file: {error.strerror or error}"), source, reader.index)
        return
    if reader.handed_on is not None:
        head, start = reader.handed_on
        rest = _Prefixed(head, handle)
        if start == 1:  # from the start: UTF-16/32, or GB18030 from the first line
            yield from unparsed_stream(rest, source, what=what)  # type: ignore[arg-type]
            return
        counted = Counted(reader.index)
        lines = _bounded_lines(rest)  # type: ignore[arg-type]
        yield from unparsed_lines(narrow_lines(next(lines, b""), lines, start), source, counted, start)
        if counted.failed:  # reported in place, as unparsed_stream reports it: not "empty" too
            return
        reader.index = counted.index
    if reader.index == 0:  # an empty file is reported, as an empty .json file is, not silently skipped
        yield _located(NotJSONError(f"{what} is empty: no JSON lines"), source, 0)


class _Blocks:
    """The state of one stream read in blocks."""

    def __init__(self, handle: IO[bytes], source: str) -> None:
        self.handle = handle
        self.source = source
        self.index = 0
        self.number = 1
        self.utf8 = False  # a non-ASCII line has shown the stream to be UTF-8
        #: The bytes from which the stream is read line by line instead, and that line's number.
        self.handed_on: tuple[bytes, int] | None = None

    def read(self) -> bytes:
        read1 = getattr(self.handle, "read1", None)
        return read1(BLOCK_BYTES) if read1 is not None else self.handle.read(BLOCK_BYTES)

    def blocks(self) -> Iterator[Block | Record]:
        pending = self.read()
        while b"\n" not in pending and len(pending) < 4:  # a pipe may give a byte at a time: the mark needs 4
            more = self.read()
            if not more:
                break
            pending += more
        if not pending:
            return
        if wide_codec(pending[: pending.find(b"\n") + 1 or MAX_LINE_BYTES + 1]) is not None:
            self.handed_on = (pending, 1)  # UTF-16/32: read as unparsed_stream reads it
            return
        while True:
            if b"\n" not in pending:
                data = self.read()
                if not data:  # the end: a last line without its line end
                    yield from self.tail(pending)
                    return
                pending += data
                if b"\n" not in pending:
                    if len(pending) > MAX_LINE_BYTES:
                        yield self.too_long()
                        pending = self.skip_line()
                    continue
            end = pending.find(b"\n")
            if end > MAX_LINE_BYTES:
                yield self.too_long()
                pending = pending[end + 1 :]
                continue
            cut = pending.rfind(b"\n") + 1
            body, pending = pending[:cut], pending[cut:]
            block = self.block(body)
            if block is not None:
                yield block
            if self.handed_on is not None:
                head, start = self.handed_on
                self.handed_on = (head + pending, start)
                return

    def tail(self, data: bytes) -> Iterator[Block | Record]:
        if not data:
            return
        if len(data) > MAX_LINE_BYTES:
            yield self.too_long()
            return
        block = self.block(data)
        if block is not None:
            yield block

    def block(self, body: bytes) -> Block | None:
        """``body`` (whole lines) as a block; ``None`` and :attr:`handed_on` set where a line is not UTF-8."""
        if not self.utf8 and not body.isascii():
            found = _NON_ASCII.search(body)
            assert found is not None
            start = body.rfind(b"\n", 0, found.start()) + 1
            end = body.find(b"\n", found.start()) + 1 or len(body)
            number = self.number + body.count(b"\n", 0, start)
            line = body[start:end]
            if utf8_text(line.removeprefix(_BOM) if number == 1 else line):
                self.utf8 = True
            else:  # GB18030, or no text at all: the lines from this one are read line by line
                self.handed_on = (body[start:], number)
                return self.made(body[:start]) if start else None
        return self.made(body)

    def made(self, body: bytes) -> Block:
        block = Block(self.source, self.index, self.number, body)
        line_ends = body.count(b"\n")
        self.index += block.tables(line_ends)
        self.number += line_ends + (not body.endswith(b"\n"))
        return block

    def too_long(self) -> Record:
        """The error record of a line longer than the cap, in its place."""
        record = record_from_line(None, self.source, self.index, self.number)
        self.index += 1
        self.number += 1
        return record

    def skip_line(self) -> bytes:
        """Read past the rest of an over-long line; what follows its line end."""
        while True:
            data = self.read()
            if not data:
                return b""
            end = data.find(b"\n")
            if end >= 0:
                return data[end + 1 :]


class _Prefixed:
    """``head`` then the rest of a stream, read by lines (what :func:`unparsed_stream` reads)."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = io.BytesIO(head)
        self._rest = rest

    def readline(self, limit: int = -1) -> bytes:
        line = self._head.readline(limit)
        if line.endswith(b"\n") or (limit >= 0 and len(line) >= limit):
            return line
        return line + self._rest.readline(limit - len(line) if limit >= 0 else -1)

    def read(self, size: int = -1) -> bytes:
        data = self._head.read(size)
        if size >= 0 and len(data) >= size:
            return data
        return data + self._rest.read(size - len(data) if size >= 0 else -1)


def jsonl_bytes(paths: Iterable[Path], enough: int) -> int:
    """The size of the JSON Lines files among ``paths`` (folders searched), counted up to ``enough``.

    Anything that cannot be read counts nothing: the batch reports it.
    """
    total = 0
    for path in paths:
        try:
            files = table_files(path) if path.is_dir() else [path]
            for file in files:
                if file.suffix.lower() in JSONL_SUFFIXES and file.is_file():
                    total += file.stat().st_size
                if total >= enough:
                    return total
        except OSError:
            continue
    return total
