"""A batch's outcomes printed as they come: each rendered (text or JSON) and tallied for the exit status.

What ``perfeval score`` and ``perfeval audit`` print in text, json and jsonl;
:class:`Rendered` is small, so that worker processes send it back quickly.
"""

from __future__ import annotations

import codecs
import io
import os
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import chain
from typing import IO, Any

import attrs

from perfeval.auditing import Audit
from perfeval.findings import CATALOGUE
from perfeval.outcome import Mode, Outcome, Plain
from perfeval.read.codec import dump_bytes, dump_line
from perfeval.report.elements import Rendered, error_element, plain_element, rendered_plain, score_element, tally
from perfeval.report.render import audit_element, audit_text, error_text, score_text, summary_text
from perfeval.scoring import Scorecard


@attrs.frozen(slots=True)
class Printed:
    """A block of outcomes as printed (joined as the format needs) and tallied: one object per block of tables.

    What a worker (``--jobs``) sends back, so the parent unpickles one string and a few counts per block.
    """

    #: Text, or UTF-8 bytes when the outcomes were rendered as bytes (written as they are).
    text: str | bytes
    tables: int
    unreadable: int
    with_errors: int
    worst: int
    codes: Counter[str]

    def __reduce__(self) -> tuple[type[Printed], tuple[str | bytes, int, int, int, int, Counter[str]]]:
        return Printed, (self.text, self.tables, self.unreadable, self.with_errors, self.worst, self.codes)


#: How a format joins the printed outcomes of a block: (between two, after each).
_JOINS = {"json": (",\n", ""), "jsonl": ("", "\n"), "text": ("", "\n\n")}


@attrs.frozen
class Joiner:
    """Folds a block's rendered outcomes into one :class:`Printed` (picklable, for the workers).

    >>> Joiner("jsonl")([Rendered("{}", False, False, -1, ()), Rendered("[]", True, False, -1, ())])
    Printed(text='{}\\n[]\\n', tables=2, unreadable=1, with_errors=0, worst=-1, codes=Counter())

    Outcomes rendered as bytes are joined as bytes.
    """

    fmt: str

    def __call__(self, items: list[Rendered]) -> Printed:
        between, after = _JOINS[self.fmt]
        texts = [item.text for item in items]
        text: str | bytes
        # Each text followed by ``after`` (jsonl, text) or ``between`` two (json): one join, no copy of each text.
        if texts and isinstance(texts[0], bytes):
            join, end = (after or between).encode(), after.encode()
            text = join.join(texts) + end  # type: ignore[arg-type]  # every item of a block is rendered alike
        else:
            text = (after.join(texts) + after if texts else "") if after else between.join(texts)  # type: ignore[arg-type]
        return Printed(
            text,
            len(items),
            # Lists, not generators: a generator resumes once an item, and a block holds a hundred-odd tables.
            sum([item.unreadable for item in items]),
            sum([item.has_error for item in items]),
            max([item.worst for item in items], default=-1),
            Counter(chain.from_iterable([item.codes for item in items])),
        )


def rendered(outcome: Outcome, text: str) -> Rendered:
    """``text`` with what the tally needs of ``outcome``."""
    result = outcome.result
    if isinstance(result, Audit):
        has_error, worst, codes = tally(result.findings)
        return Rendered(text, False, has_error, worst, codes)
    return Rendered(text, outcome.error is not None, False, -1, ())


def render_json(outcome: Outcome) -> Rendered:
    """An outcome as its JSON element (one line)."""
    return rendered(outcome, dump(element_of(outcome)))


def render_json_plain(plain: Plain) -> Rendered:
    """A batch outcome as its JSON element (one line), as :func:`render_json` prints its typed outcome."""
    return rendered_plain(plain, dump(plain_element(plain)))


def render_json_bytes(plain: Plain) -> Rendered:
    """:func:`render_json_plain` as UTF-8 bytes: what the CLI writes (the bytes the encoder gave, never decoded)."""
    return rendered_plain(plain, dump_bytes(plain_element(plain)))


def render_text(outcome: Outcome) -> Rendered:
    """An outcome as its text block."""
    return rendered(outcome, text_of(outcome))


class Tally:
    """What the exit status and the text summary need to know."""

    def __init__(self) -> None:
        self.tables = 0
        self.unreadable = 0
        self.with_errors = 0
        self.worst = -1
        self.codes: Counter[str] = Counter()

    def add(self, outcome: Outcome) -> None:
        """Count one outcome."""
        self.tables += 1
        if outcome.error is not None:
            self.unreadable += 1
        elif isinstance(outcome.result, Audit):
            self.codes.update(f.code for f in outcome.result.findings)
            if outcome.result.errors:
                self.with_errors += 1
            self.worst = max([self.worst, *(f.severity.rank for f in outcome.result.findings)])

    def add_printed(self, block: Printed) -> None:
        """Count a block of printed outcomes (from a worker)."""
        self.tables += block.tables
        self.unreadable += block.unreadable
        self.with_errors += block.with_errors
        self.worst = max(self.worst, block.worst)
        self.codes.update(block.codes)

    def add_rendered(self, item: Rendered) -> None:
        """Count one rendered outcome (from a worker)."""
        self.tables += 1
        self.unreadable += item.unreadable
        self.with_errors += item.has_error
        self.worst = max(self.worst, item.worst)
        self.codes.update(item.codes)


def element_of(outcome: Outcome) -> dict[str, Any]:
    """An outcome's JSON element: its audit, scorecard or error."""
    if outcome.error is not None:
        return error_element(outcome.source, outcome.index, outcome.error)
    if isinstance(outcome.result, Audit):
        return audit_element(outcome.source, outcome.index, outcome.result)
    assert isinstance(outcome.result, Scorecard)
    return score_element(outcome.source, outcome.index, outcome.result)


def text_of(outcome: Outcome) -> str:
    """An outcome's text block: its audit, scorecard or error."""
    if outcome.error is not None:
        return error_text(outcome.source, outcome.index, outcome.error)
    if isinstance(outcome.result, Audit):
        return audit_text(outcome.source, outcome.index, outcome.result)
    assert isinstance(outcome.result, Scorecard)
    return score_text(outcome.source, outcome.index, outcome.result)


def dump(element: dict[str, Any]) -> str:
    """One JSON line, compact, Chinese kept as it is (:mod:`perfeval.read.codec`)."""
    return dump_line(element)


def write_rendered(items: Iterator[Rendered], fmt: str, out: IO[str], tally: Tally, mode: Mode) -> None:
    """Write outcomes as they come: memory stays flat for json and jsonl too."""
    if fmt == "json":
        out.write("[")
        for n, item in enumerate(items):
            tally.add_rendered(item)
            out.write(("\n" if n == 0 else ",\n") + _text(item.text))
        out.write("\n]\n" if tally.tables else "]\n")
    elif fmt == "jsonl":
        for item in items:
            tally.add_rendered(item)
            out.write(_text(item.text) + "\n")
            out.flush()
    else:
        for item in items:
            tally.add_rendered(item)
            out.write(_text(item.text) + "\n\n")
        if mode == "audit":
            _summary(tally, out)


def _text(text: str | bytes) -> str:
    """Printed bytes as text for a text stream: a non-UTF-8 file name's bytes back to the lone surrogates they
    were written from (:func:`~perfeval.read.codec.dump_bytes`), for the stream's own errors handler to write."""
    return text if isinstance(text, str) else text.decode("utf-8", "surrogateescape")


def _summary(tally: Tally, out: IO[str]) -> None:
    severities = {code: CATALOGUE[code].severity.value for code in tally.codes}
    out.write(summary_text(tally.tables, tally.unreadable, tally.with_errors, dict(tally.codes), severities) + "\n")


def write_printed(
    blocks: Iterator[Printed], fmt: str, out: IO[str], tally: Tally, mode: Mode, *, binary: bool = False
) -> None:
    """Write blocks of printed outcomes as they come: the same text :func:`write_rendered` writes.

    With ``binary`` (``out`` translates no line end: standard output, or a file :func:`~perfeval.report.output.
    writing` opened), blocks printed as bytes go straight to ``out``'s binary stream when it is UTF-8; else
    they are decoded and written as text.
    """
    write = _writer(out, binary)
    if fmt == "json":
        write("[")
        for block in blocks:
            if block.tables:
                write("\n" if tally.tables == 0 else ",\n")
                write(block.text)
            tally.add_printed(block)
        write("\n]\n" if tally.tables else "]\n")
        return
    for block in blocks:
        tally.add_printed(block)
        write(block.text)
        if fmt == "jsonl":
            write(None)  # flushed: a reader of a pipe gets each block's lines as soon as they are done
    if fmt == "text" and mode == "audit":
        _summary(tally, out)


def _writer(out: IO[str], binary: bool) -> Callable[[str | bytes | None], None]:
    """A function writing text or UTF-8 bytes to ``out``, in order (``None``: flush)."""
    raw = _byte_stream(out) if binary else None
    if raw is None:

        def write_text(text: str | bytes | None) -> None:
            if text is None:
                out.flush()
            else:
                out.write(_text(text))

        return write_text
    out.flush()  # what was written as text comes first
    stream = raw

    def write_bytes(text: str | bytes | None) -> None:
        if text is None:
            stream.flush()
        else:
            stream.write(text if isinstance(text, bytes) else text.encode("utf-8", "surrogateescape"))

    return write_bytes


def _byte_stream(out: IO[str]) -> io.BufferedIOBase | None:
    """The binary stream under ``out`` if UTF-8 bytes written there are what its text would be (POSIX line ends)."""
    buffer = getattr(out, "buffer", None)
    encoding = getattr(out, "encoding", None)
    # A raw stream (python -u) may write part of a block: the text layer is left to write it. So is a stream
    # whose errors handler would not write a non-UTF-8 file name's bytes back as they were (surrogateescape).
    if not isinstance(buffer, io.BufferedIOBase) or not isinstance(encoding, str) or os.linesep != "\n":
        return None
    if getattr(out, "errors", None) not in ("strict", "surrogateescape"):
        return None
    try:
        return buffer if codecs.lookup(encoding).name == "utf-8" else None
    except LookupError:
        return None
