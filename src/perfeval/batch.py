"""Running a batch: every record audited (or scored), in input order, nothing lost.

One bad table never stops the others: a record that cannot be read, or that
trips a bug, becomes an :class:`Outcome` carrying its error, in its place.
With ``jobs > 1`` the work is spread over worker processes and the outcomes
still come back in input order.
"""

from __future__ import annotations

import collections
import functools
import gc
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast, runtime_checkable

import attrs

from perfeval.errors import PerfevalError, WorkerLostError
from perfeval.outcome import Mode, Outcome, Plain, plain_table, process, process_plain
from perfeval.read.blocks import Block
from perfeval.read.codec import fast_codec
from perfeval.read.records import Unparsed, read_line_view, within_cap
from perfeval.record import Deferred, Record
from perfeval.report.elements import rendered_line
from perfeval.report.printing import render_json_bytes
from perfeval.rules import CENTRAL_2020, RuleSet
from perfeval.values import Table, read_from

if TYPE_CHECKING:
    from concurrent.futures import Future

T = TypeVar("T")
A = TypeVar("A")
B = TypeVar("B")


def run(
    records: Iterable[Record | Unparsed], rules: RuleSet = CENTRAL_2020, mode: Mode = "audit", jobs: int = 1
) -> Iterator[Outcome]:
    """Outcomes of ``records`` in input order, one per record.

    ``jobs > 1`` uses that many worker processes (the values pickle).

    >>> import perfeval
    >>> outcomes = run(perfeval.iter_records(perfeval.example_paths()[20:22]), mode="score")
    >>> [(o.index, o.result.total, o.error) for o in outcomes]
    [(0, Decimal('79.77'), None), (0, Decimal('52.15'), None)]
    """
    if jobs <= 1:
        yield from map(functools.partial(process, rules=rules, mode=mode), records)
        return
    for outcome in _in_workers(records, _Work(rules, mode, None), jobs):
        assert isinstance(outcome, Outcome)
        yield outcome


def run_mapped(
    records: Iterable[Record | Unparsed],
    fn: Callable[[Outcome], T],
    rules: RuleSet = CENTRAL_2020,
    mode: Mode = "audit",
    jobs: int = 1,
) -> Iterator[T]:
    """``fn(outcome)`` of every record, in input order, computed where the record is audited.

    With ``jobs > 1`` the workers parse (give them :class:`~perfeval.read.records.Unparsed`
    lines, from :func:`~perfeval.read.records.unparsed_path`), audit *and* apply
    ``fn``, so only its result comes back: a rendered line and a few counts
    cross between processes quickly, while a whole :class:`Outcome` takes
    longer to unpickle than its table takes to audit. ``fn`` must pickle (a
    module-level function).

    >>> import perfeval
    >>> totals = run_mapped(perfeval.iter_records(perfeval.example_paths()[20:22]), lambda o: str(o.result.total),
    ...                     mode="score")
    >>> list(totals)
    ['79.77', '52.15']
    """
    if jobs <= 1:
        yield from (fn(process(record, rules, mode)) for record in records)
        return
    yield from cast("Iterator[T]", _in_workers(records, _Work(rules, mode, fn), jobs))


def run_plain(
    records: Iterable[Record | Unparsed],
    fn: Callable[[Plain], T],
    rules: RuleSet = CENTRAL_2020,
    mode: Mode = "audit",
    jobs: int = 1,
) -> Iterator[T]:
    """:func:`run_mapped` on the batch path: ``fn`` gets the core's plain results, no typed value is built.

    >>> import perfeval
    >>> list(run_plain(perfeval.iter_records(perfeval.example_paths()[20:22]), lambda p: str(p.card.total)))
    ['79.77', '52.15']
    """
    if jobs <= 1:
        yield from (fn(process_plain(record, rules, mode)) for record in records)
        return
    yield from cast("Iterator[T]", _in_workers(records, _Work(rules, mode, fn, plain=True), jobs))


def run_blocks(
    items: Iterable[Record | Deferred | Lines],
    fn: Callable[[Any], T],
    fold: Callable[[list[T]], B],
    rules: RuleSet = CENTRAL_2020,
    mode: Mode = "audit",
    jobs: int = 2,
    *,
    plain: bool = False,
    chunk: int | None = None,
) -> Iterator[B]:
    """``fold`` of ``fn(outcome)`` of every record, a block of records at a time, in input order, in ``jobs`` workers.

    A :class:`~perfeval.read.blocks.Block` of JSON lines is one block; records and unparsed lines that come
    on their own (a workbook's tables, a line read line by line) are grouped :data:`CHUNK` at a time. Each
    record is still one call of :func:`~perfeval.outcome.process` then ``fn``, and only ``fold``'s result
    crosses back: one object per block, not one per table. ``fn`` and ``fold`` must pickle. With ``plain``
    the record goes through :func:`~perfeval.outcome.process_plain` instead, and ``fn`` takes its
    :class:`~perfeval.outcome.Plain` result (the batch path: no typed value built). ``chunk`` groups the
    records that come on their own other than by :data:`CHUNK` (1: each is its own block, written as soon as
    it is done, as one process does with inputs that are slow to read).

    >>> import perfeval
    >>> list(run_blocks(perfeval.iter_records(perfeval.example_paths()[20:22]), lambda o: str(o.result.total),
    ...                 " ".join, mode="score", jobs=1))
    ['79.77 52.15']
    """
    work = _Work(rules, mode, fn, fold, plain)
    blocks = _blocks(items, chunk or CHUNK)
    if jobs <= 1:
        yield from map(work.block, blocks)
        return
    yield from cast("Iterator[B]", _pooled(blocks, work.block, jobs))


@runtime_checkable
class Lines(Protocol):
    """Records not read yet, in a block (:class:`~perfeval.read.blocks.Block`): its lines, unparsed."""

    def items(self) -> Iterator[Deferred]:
        """The block's records, unparsed."""
        ...


def _blocks(items: Iterable[Record | Deferred | Lines], size: int) -> Iterator[Lines | list[Record | Deferred]]:
    """Blocks as they come; other records grouped ``size`` at a time, in input order."""
    chunk: list[Record | Deferred] = []
    for item in items:
        if isinstance(item, Lines):
            if chunk:
                yield chunk
                chunk = []
            yield item
            continue
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@attrs.frozen
class _Work:
    """What a worker does with one record (a picklable callable)."""

    rules: RuleSet
    mode: Mode
    fn: Callable[[Any], Any] | None
    fold: Callable[[list[Any]], Any] | None = None
    #: Whether records go through the batch path (``process_plain``, ``fn`` takes a :class:`Plain`).
    plain: bool = False

    def chunk(self, records: list[Record | Unparsed]) -> Sequence[object]:
        if self.plain:
            assert self.fn is not None
            return [self.fn(process_plain(record, self.rules, self.mode)) for record in records]
        outcomes = [process(record, self.rules, self.mode) for record in records]
        return outcomes if self.fn is None else [self.fn(outcome) for outcome in outcomes]

    def block(self, block: Lines | list[Record | Deferred]) -> object:
        """One block's records, each processed then rendered (``fn``), folded into one result."""
        assert self.fn is not None
        assert self.fold is not None
        fn, rules, mode = self.fn, self.rules, self.mode
        if self.plain and isinstance(block, Block):  # the batch path: each line read, no record made
            return self.fold(self.plain_lines(block))
        records = block.items() if isinstance(block, Lines) else block
        step = process_plain if self.plain else process
        return self.fold([fn(step(record, rules, mode)) for record in records])

    def plain_lines(self, block: Block) -> list[Any]:
        """A block's lines on the batch path, each rendered (``fn``): JSON bytes in compiled code when it can."""
        fn, rules, mode, source = self.fn, self.rules, self.mode, block.source
        assert fn is not None
        codec = fast_codec() if fn is render_json_bytes else None
        if codec is None:
            return [fn(_plain_line(source, *line, rules, mode)) for line in block.lines()]
        decode, encode = codec
        done = []
        for index, number, text, ended in block.lines():
            # A trailing "\r" is JSON white space to the decoder; line 1 (a byte-order mark) and a line over the
            # cap go the usual way, as does any line rendered_line declines.
            got = (
                None
                if number == 1 or not within_cap(text, ended)
                else rendered_line(text, source, index, rules, mode, decode, encode)
            )
            done.append(got if got is not None else fn(_plain_line(source, index, number, text, ended, rules, mode)))
        return done


def _plain_line(source: str, index: int, number: int, text: bytes, ended: bool, rules: RuleSet, mode: Mode) -> Plain:
    """:func:`~perfeval.outcome.process_plain` of a block's line: what its :class:`Unparsed` would give."""
    table = read_line_view(text, source, index, number, ended=ended)
    if isinstance(table, PerfevalError):
        return Plain(source, index, None, None, table)
    if isinstance(table, Table):
        read_from(table, source, index)  # as its record would (an Audit of it can name its file)
    return plain_table(table, source, index, rules, mode)


def _in_workers(records: Iterable[Record | Unparsed], work: _Work, jobs: int) -> Iterator[object]:
    """Results of ``work`` on every chunk of records, in input order, from ``jobs`` worker processes."""
    for results in _pooled(_chunks(records, CHUNK), work.chunk, jobs):
        yield from results


def _pooled(items: Iterable[A], fn: Callable[[A], B], jobs: int) -> Iterator[B]:
    """``fn`` of every item, in input order, from ``jobs`` worker processes.

    A window of items in flight keeps memory flat (mapping the whole input would read it ahead of the
    workers). A worker that dies (killed, out of memory) raises :class:`WorkerLostError` instead of a wait
    for ever; on Ctrl-C, or when the caller stops early, the workers end within an item, none left behind.
    """
    import multiprocessing  # here: a one-process run never needs them (a quicker start)
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(), initializer=_worker_start)
    finished = False
    try:
        pending: collections.deque[Future[B]] = collections.deque()
        for item in items:
            pending.append(pool.submit(fn, item))
            if len(pending) >= WINDOW * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
        finished = True
    except BrokenProcessPool:
        raise WorkerLostError(
            "a worker process ended before finishing its tables (killed, or out of memory?): "
            "the output stops at the last table before them and is incomplete"
        ) from None
    finally:
        # On Ctrl-C, or when the caller stops early, the queued chunks are dropped and the workers end
        # once the chunk each is on is done (a fraction of a second). Killing them mid-chunk instead can cut
        # a result short in the pipe, and then the executor waits for its rest for ever.
        pool.shutdown(wait=True, cancel_futures=not finished)


def _worker_start() -> None:
    """In each worker: Ctrl-C is the parent's to handle (it ends the workers), and collect garbage less often."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    collect_less()


def collect_less() -> None:
    """Raise the garbage collector's generation-0 threshold for a batch process (the CLI and its workers).

    A batch allocates many short-lived, acyclic values, so cycle collections are mostly wasted (≈3 % of the time).
    A process-wide setting: for programs that run batches, not for a library call to make behind its caller's back.
    """
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


#: Generation-0 threshold of the garbage collector in batch processes (the default is 700).
GC_THRESHOLD = 50_000

#: Records sent to a worker at a time, and chunks in flight per worker (``jobs > 1``).
CHUNK = 64
WINDOW = 4


def _chunks(records: Iterable[Record | Unparsed], size: int) -> Iterator[list[Record | Unparsed]]:
    chunk: list[Record | Unparsed] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
