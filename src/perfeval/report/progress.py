"""Progress of a CLI batch on standard error, and where an interrupted batch stopped.

A bar (tqdm) is shown only when standard error is a terminal and ``--quiet``
is not given: tables done, the total when it is known cheaply (JSON Lines
lines counted, a ``.json`` file holding one object), the rate and the time
left.  Piped or redirected, nothing is written.  :data:`STATE` remembers how
many tables were written and which input was being read, for the note that
Ctrl-C leaves.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TypeVar

__all__ = ["STATE", "Progress", "count_tables", "shown", "wanted"]

T = TypeVar("T")

#: Count the lines of a JSON Lines file for the total only up to this size (a larger one: no total).
COUNT_LIMIT = 1 << 30


class Progress:
    """What a running batch has done: tables written, the input being read."""

    def __init__(self) -> None:
        self.done = 0
        self.reading: str | None = None

    def note(self) -> str:
        """Where the batch stopped, in both languages."""
        where = f"; reading {self.reading}" if self.reading else ""
        where_zh = f"，正在读取 {self.reading}" if self.reading else ""
        return (
            f"已中断：已输出 {self.done} 个表{where_zh}。\n"
            f"perfeval: interrupted after {self.done} table(s) were written{where}; the output is incomplete."
        )


#: The batch of this process (the CLI runs one at a time).
STATE = Progress()


def reading(paths: Iterable[T], name: str) -> Iterator[T]:
    """Yield ``paths``, remembering which one is being read (``name`` of it) for :meth:`Progress.note`."""
    for path in paths:
        STATE.reading = name if name else str(path)
        yield path


def count_tables(paths: Sequence[Path | str]) -> int | None:
    """How many tables ``paths`` hold, when that is cheap to know; ``None`` otherwise.

    A ``.jsonl`` file holds one table a non-blank line; a ``.json`` file whose
    first character is ``{`` holds one.  An array, a workbook, standard input
    or anything unreadable makes the total unknown.

    >>> from perfeval.examples import example_paths
    >>> count_tables(example_paths()), count_tables(["-"])
    (26, None)
    """
    from perfeval.read.records import table_files  # here: the CLI's start imports no reader

    total = 0
    for item in paths:
        if str(item) == "-":
            return None
        path = Path(item)
        try:
            files = table_files(path) if path.is_dir() else [path]
            for file in files:
                count = _count_file(file)
                if count is None:
                    return None
                total += count
        except OSError:
            return None
    return total


def _count_file(path: Path) -> int | None:
    if not path.is_file():  # a FIFO or a device: never opened here
        return None
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        if path.stat().st_size > COUNT_LIMIT:
            return None
        with path.open("rb") as handle:
            return sum(1 for line in handle if line.strip())
    if suffix == ".json":
        with path.open("rb") as handle:
            start = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
        return 1 if start.startswith(b"{") else None
    return None


def wanted(quiet: bool, stream: IO[str] | None = None) -> bool:
    """Whether a bar is shown: standard error (or ``stream``) is a terminal and ``--quiet`` was not given."""
    return not quiet and _is_terminal(sys.stderr if stream is None else stream)


def shown(
    items: Iterable[T],
    total: int | None,
    quiet: bool,
    stream: IO[str] | None = None,
    tables: Callable[[T], int] | None = None,
) -> Iterator[T]:
    """``items`` unchanged, counted in :data:`STATE`, with a bar on ``stream`` (standard error) if it is a terminal.

    Each item is one table, or ``tables(item)`` of them (a block printed by a worker).
    """
    stream = sys.stderr if stream is None else stream
    STATE.done = 0
    if not wanted(quiet, stream):
        for item in items:
            yield item
            STATE.done += 1 if tables is None else tables(item)
        return
    from tqdm import tqdm

    # A terminal that reports no width (a pseudo-terminal never sized) gets 80 columns, not an empty bar.
    sized = _columns(stream) > 0
    with tqdm(
        total=total,
        unit=" tables",
        file=stream,
        dynamic_ncols=sized,
        ncols=None if sized else 80,
        nrows=None if sized else 24,
        mininterval=0.2,
        leave=False,
    ) as bar:
        for item in items:
            yield item
            done = 1 if tables is None else tables(item)
            STATE.done += done
            bar.update(done)


def _columns(stream: IO[str]) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return 0


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False
