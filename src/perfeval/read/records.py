"""Reading input files into records: one table, or one located error, each.

A batch never stops at a bad table: every input record becomes exactly one
:class:`Record` (a table, or the error that kept it from being one), in
input order.  JSON Lines files are streamed line by line, so memory does not
grow with the file.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TypeVar

import attrs

from perfeval.errors import InputError, InternalError, NotJSONError, PerfevalError
from perfeval.read.codec import parse_table, parse_view
from perfeval.read.encodings import MAX_LINE_BYTES, Line, decode_document, json_lines
from perfeval.read.files import kind, read_whole, skipped_in_folder
from perfeval.read.json_format import from_dict
from perfeval.record import Record
from perfeval.values import Table
from perfeval.views import TableView

T = TypeVar("T")

_CHUNK = 1024 * 1024
#: A whole ``.json`` document larger than this is refused (:class:`~perfeval.errors.TooLargeError`) before it
#: is read: parsed, a document is held whole, and its numbers (exact decimals) take up to 56 times their bytes
#: (8 MiB of ``[0,0,…]`` would take 450 MiB). A table is a few kilobytes, so this is a thousand tables; more
#: belong in JSON Lines, which is read a line at a time.
MAX_JSON_BYTES = 8 * 1024 * 1024
JSONL_SUFFIXES = (".jsonl", ".ndjson")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
#: The other layout formats: each suffix's reader (module, function), imported on demand (optional extras).
FORM_READERS = {
    ".xls": ("perfeval.read.xls_reader", "read_xls"),
    ".ods": ("perfeval.read.ods_reader", "read_ods"),
    ".docx": ("perfeval.read.docx_reader", "read_docx"),
    ".pdf": ("perfeval.read.pdf_reader", "read_pdf"),
}
_SUFFIXES = ".json, .jsonl, .xlsx, .xls, .ods, .docx, .pdf"
#: Every suffix a folder is searched for: what a directory input reads (and an output there must not be).
TABLE_SUFFIXES = frozenset({".json", *JSONL_SUFFIXES, *XLSX_SUFFIXES, *FORM_READERS})
#: Files people send that perfeval does not read, each with what to do instead.
UNSUPPORTED = {
    ".doc": "an old Word document: save it as .docx",
    ".wps": "a WPS document: save it as .docx",
    ".et": "a WPS spreadsheet: save it as .xlsx",
    ".xlsb": "a binary Excel workbook: save it as .xlsx",
    ".csv": "a CSV file holds no 自评表 form: give the workbook (.xlsx) or JSON it came from",
    ".txt": "plain text holds no 自评表 form: give the workbook, the document or JSON",
}


@attrs.frozen(slots=True)
class Unparsed:
    """A JSON line not parsed yet: parsing can then happen where the table is audited.

    Worker processes (``--jobs``) are sent these few bytes instead of a parsed
    table; :meth:`record` gives what :func:`read_path` would have given.
    """

    source: str
    index: int
    line: int
    #: The line as read; ``None`` for a line too long to have been read.
    text: bytes | str | None

    def record(self) -> Record:
        """The line's record: its table, or its error."""
        return record_from_line(self.text, self.source, self.index, self.line)

    def __reduce__(self) -> tuple[type[Unparsed], tuple[str, int, int, bytes | str | None]]:
        # Sent to a worker per line: a constructor call pickles 3× faster than attrs' __getstate__.
        return Unparsed, (self.source, self.index, self.line, self.text)


def unparsed_path(
    path: str | Path, source: str | None = None, *, stream: Callable[[IO[bytes], str], Iterator[T]] | None = None
) -> Iterator[Record | Unparsed | T]:
    """Like :func:`read_path`, but a JSON Lines file yields its lines unparsed.

    Other files are read as :func:`read_path` reads them, and a directory is
    its table files in turn. Empty files and read failures are reported in
    place, as :func:`read_path` reports them. ``stream`` reads an open JSON
    Lines file instead of :func:`unparsed_stream` (the CLI's ``--jobs`` reads
    it in blocks of lines, :func:`~perfeval.read.blocks.block_stream`).

    >>> import json, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "t.jsonl"
    ...     _ = path.write_text('{"project": "a"}\\n\\n[1]\\n', encoding="utf-8")
    ...     items = list(unparsed_path(path, "t.jsonl"))
    >>> [(u.index, u.line, u.text) for u in items]
    [(0, 1, b'{"project": "a"}\\n'), (1, 3, b'[1]\\n')]
    >>> [r.record().table.project if r.record().table else r.record().error.message for r in items]
    ['a', 'line 3: $: a table must be a JSON object, not an array']
    """
    p = Path(path)
    source = str(path) if source is None else source
    if p.is_dir():
        for file, name in _directory(p, source):
            yield from unparsed_path(file, name, stream=stream) if isinstance(file, Path) else [file]
        return
    suffix = p.suffix.lower()
    if suffix in XLSX_SUFFIXES or suffix in FORM_READERS:
        yield from _workbook(p, source)
        return
    if suffix in UNSUPPORTED:  # named on the command line: say what it is, not "not JSON"
        yield _located(InputError(f"unsupported file type {suffix}: {UNSUPPORTED[suffix]}"), source, 0)
        return
    if suffix not in JSONL_SUFFIXES:
        yield from read_json(p, source)
        return
    try:
        handle = p.open("rb")
    except OSError as error:
        yield _located(InputError(f"cannot read the file: {error.strerror or error}"), source, 0)
        return
    with handle:
        yield from unparsed_stream(handle, source) if stream is None else stream(handle, source)


def _workbook(path: Path, source: str) -> Iterator[Record]:
    """A laid-out document's records (.xlsx, .xls, .ods, .docx, .pdf), each format's reader imported on demand.

    A pipe or a device is refused (these readers seek); a reader that fails
    half-way ends in an error record, and the batch goes on.
    """
    module, name = FORM_READERS.get(path.suffix.lower(), ("perfeval.read.xlsx_reader", "read_xlsx"))

    try:
        special = kind(path.stat().st_mode)
    except OSError:
        special = None  # a missing file: the reader says so
    if special is not None:  # a document is read by seeking in it: a pipe or a device cannot be one
        yield _located(InputError(f"cannot read {special} as a {path.suffix.lower()} document"), source, 0)
        return
    index = 0
    try:
        for record in getattr(importlib.import_module(module), name)(path, source):
            yield record
            index = record.index + 1
    except PerfevalError as error:  # a missing extra, a located layout problem …
        yield _located(error, source, index)
    except Exception as error:  # a bug: this document's error, and the next input is still read
        yield _located(_internal(error), source, index)


def unparsed_stream(handle: IO[bytes], source: str, *, what: str = "the file") -> Iterator[Record | Unparsed]:
    """The lines of an open JSON Lines stream (a file, a pipe, standard input), unparsed.

    Read failures and an empty stream are reported in place, as records.

    >>> import io
    >>> [(u.index, u.line) for u in unparsed_stream(io.BytesIO(b'{}\\n\\n{}\\n'), "<stdin>")]
    [(0, 1), (1, 3)]
    """
    counted = Counted()
    yield from unparsed_lines(json_lines(handle, _bounded_lines), source, counted)
    if counted.index == 0 and not counted.failed:  # an empty file is reported, as an empty .json file is
        yield _located(NotJSONError(f"{what} is empty: no JSON lines"), source, 0)


class Counted:
    """How far :func:`unparsed_lines` got: the next table's index, and whether reading failed."""

    def __init__(self, index: int = 0) -> None:
        self.index = index
        self.failed = False


def unparsed_lines(lines: Iterable[Line], source: str, counted: Counted, start: int = 1) -> Iterator[Record | Unparsed]:
    """Decoded lines (from :func:`~perfeval.read.encodings.json_lines`) unparsed, numbered from ``start``.

    Blank lines are skipped but counted; a read failure is reported in place, and ends the stream.
    """
    try:
        for number, raw in enumerate(lines, start=start):
            if isinstance(raw, PerfevalError):  # not text in the file's encoding
                yield _located(_on_line(raw, number), source, counted.index, number)
                counted.index += 1
                continue
            if raw is not None and not (raw.strip(b" \t\r\n") if isinstance(raw, bytes) else raw.strip(" \t\r\n")):
                continue  # only JSON's own white space makes a line blank
            yield Unparsed(source, counted.index, number, raw)
            counted.index += 1
    except OSError as error:  # the disk failed mid-file: say so in place, and go on with the next file
        counted.failed = True
        yield _located(InputError(f"cannot read the file: {error.strerror or error}"), source, counted.index)


def read_stream(handle: IO[bytes], source: str, *, what: str = "the file") -> Iterator[Record]:
    """Records of an open JSON Lines stream, one table a line (``perfeval audit -`` reads standard input so).

    >>> import io
    >>> [r.table.project for r in read_stream(io.BytesIO('{"project": "甲"}\\n'.encode()), "<stdin>")]
    ['甲']
    """
    return _parsed(unparsed_stream(handle, source, what=what))


def _parsed(items: Iterable[Record | Unparsed]) -> Iterator[Record]:
    """Records, with the unparsed lines parsed here."""
    for item in items:
        yield item.record() if isinstance(item, Unparsed) else item


def table_files(directory: str | Path) -> list[Path]:
    """The table files below a directory (.json, .jsonl, .ndjson, .xlsx, .xlsm, .xls, .ods, .docx, .pdf), by path.

    Hidden files and folders (``.git``) and Excel's lock files (``~$…``) are skipped.
    """
    root = Path(directory)
    suffixes = TABLE_SUFFIXES
    found = []

    def failed(error: OSError) -> None:
        raise error

    # os.walk does not follow links to folders, so a link cycle cannot loop.
    for folder, subfolders, files in os.walk(root, onerror=failed):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        found += [
            Path(folder, name)
            for name in files
            if Path(name).suffix.lower() in suffixes and not name.startswith((".", "~$"))
        ]
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def _directory(path: Path, source: str) -> Iterator[tuple[Path | Record, str]]:
    """A directory's table files with the names their records carry, or one record saying it holds none."""
    try:
        files = table_files(path)
    except OSError as error:
        yield _located(InputError(f"cannot read the directory: {error.strerror or error}"), source, 0), source
        return
    if not files:
        yield _located(InputError(f"no table files ({_SUFFIXES}) in the directory"), source, 0), source
    for file in files:
        name = str(Path(source) / file.relative_to(path))
        skipped = skipped_in_folder(path, file)
        yield (file, name) if skipped is None else (_located(InputError(skipped), name, 0), name)


def _located(error: PerfevalError, source: str, index: int, line: int | None = None) -> Record:
    return Record(source, index, error=error.located(source, index), line=line)


def records_from_document(doc: object, source: str) -> Iterator[Record]:
    """Records of one parsed JSON document: an object, or an array of them."""
    items = doc if isinstance(doc, list) else [doc]
    for index, item in enumerate(items):
        try:
            yield Record(source, index, table=from_dict(item, source=source, index=index))
        except PerfevalError as error:
            yield _located(error, source, index)
        except Exception as error:  # a bug: this table's error, and the batch goes on
            yield _located(_internal(error), source, index)


def read_json(path: Path, source: str) -> Iterator[Record]:
    """Records of a ``.json`` file holding one table or an array of tables (at most :data:`MAX_JSON_BYTES`)."""
    try:
        data = read_whole(path, MAX_JSON_BYTES)
    except InputError as error:
        yield _located(error, source, 0)
        return
    except OSError as error:
        yield _located(InputError(f"cannot read the file: {error.strerror or error}"), source, 0)
        return
    if not data.strip():
        yield _located(NotJSONError("the file is empty"), source, 0)
        return
    try:
        doc = parse_table(decode_document(data))
    except PerfevalError as error:
        yield _located(error, source, 0)
        return
    yield from records_from_document(doc, source)


def records_from_lines(lines: Iterable[str | bytes | None], source: str) -> Iterator[Record]:
    """Records of JSON Lines already split into lines (a file's, or a Dask partition's).

    Blank lines are skipped but counted, so every record knows its line; a
    line that cannot be a table becomes an error record and the rest go on.
    ``None`` stands for a line too long to have been read.

    >>> [(r.index, r.line, r.table.project if r.table else r.error.message)
    ...  for r in records_from_lines(['{"project": "a"}', "", "[1]"], "x.jsonl")]
    [(0, 1, 'a'), (1, 3, 'line 3: $: a table must be a JSON object, not an array')]
    """
    index = 0
    for number, raw in enumerate(lines, start=1):
        if raw is not None and not (raw.strip(b" \t\r\n") if isinstance(raw, bytes) else raw.strip(" \t\r\n")):
            continue  # only JSON's own white space makes a line blank, in bytes and in text alike
        yield record_from_line(raw, source, index, number)
        index += 1


def record_from_line(line: str | bytes | None, source: str = "<line>", index: int = 0, number: int = 1) -> Record:
    """The record of one JSON line: its table, or its error (which names the line).

    >>> record_from_line('{"project": 5}', "x.jsonl", 0, 7).error.message
    'line 7: $.project: expected text, not a JSON number 5'
    """
    got = read_line(line, source, index, number)
    if isinstance(got, PerfevalError):
        return Record(source, index, error=got, line=number)
    return Record(source, index, table=got, line=number)


def read_line(
    line: str | bytes | None, source: str, index: int, number: int, *, ended: bool = False
) -> Table | PerfevalError:
    """:func:`record_from_line` without the record: the line's table, or its error, located (the batch path).

    ``ended``: the line's end was cut off already (it still counts towards :data:`MAX_LINE_BYTES`).
    """
    if line is None or not within_cap(line, ended):
        error: PerfevalError = NotJSONError(f"line {number} is longer than {MAX_LINE_BYTES} bytes")
        return error.located(source, index)
    try:
        return from_dict(parse_table(_line_text(line, number), what=f"line {number}"), source=source, index=index)
    except PerfevalError as error:
        return _on_line(error, number).located(source, index)
    except Exception as error:  # a bug: this line's error, and the batch goes on
        return _on_line(_internal(error), number).located(source, index)


def read_line_view(
    line: str | bytes | None, source: str, index: int, number: int, *, ended: bool = False
) -> TableView | PerfevalError:
    """:func:`read_line` for the batch path: the line decoded straight into what the rules read, when it can be
    (:func:`~perfeval.read.codec.parse_view`); otherwise the table, or the error, :func:`read_line` gives."""
    if line is not None and within_cap(line, ended):
        try:
            view = parse_view(_line_text(line, number))
        except Exception:  # a bug on this path: the long way, which reads every line, reads it (or says why not)
            view = None
        if view is not None:
            return view
    return read_line(line, source, index, number, ended=ended)


def within_cap(line: str | bytes, ended: bool) -> bool:
    """Whether a line (``ended``: its line end cut off already, which counts) is within :data:`MAX_LINE_BYTES`."""
    return len(line) + ended <= MAX_LINE_BYTES


def _line_text(line: str | bytes, number: int) -> str | bytes:
    """A JSON line without its line end (and, on line 1, without a byte-order mark)."""
    if number == 1:
        line = line.removeprefix(b"\xef\xbb\xbf") if isinstance(line, bytes) else line.removeprefix("\ufeff")
    return line.rstrip(b"\r\n") if isinstance(line, bytes) else line.rstrip("\r\n")


def _internal(error: Exception) -> PerfevalError:
    return InternalError(f"internal error while reading this table: {type(error).__name__}: {error}"[:500])


def _on_line(error: PerfevalError, number: int) -> PerfevalError:
    """Say which line of the file the error is on (a JSON line is its own line 1)."""
    message = error.message.replace(" at line 1 column ", " at column ")
    if not message.startswith(f"line {number}"):
        message = f"line {number}: {message}"
    error.message = message
    error.args = (message,)
    return error


def _bounded_lines(handle: IO[bytes]) -> Iterator[bytes | None]:
    """Lines of a binary file; ``None`` for a line too long to hold."""
    while True:
        line = handle.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while True:  # skip the rest of the over-long line
                rest = handle.readline(_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
        else:
            yield line


def read_path(path: str | Path, source: str | None = None) -> Iterator[Record]:
    """Records of one input file, by its suffix (``.json``, ``.jsonl``, ``.xlsx``, ``.pdf`` …), or of a folder's tables.

    ``source`` is the name records carry (the path itself by default; a file
    found in a directory carries ``source/its/relative/path``).

    >>> from perfeval.examples import example_paths
    >>> [(r.source, r.index, r.table.project) for r in read_path(example_paths()[0], source="t01")]
    [('t01', 0, '省级医药储备补助资金')]
    """
    return _parsed(unparsed_path(path, source))  # one dispatch by suffix and folder, the lines parsed here


def iter_records(paths: Iterable[str | Path] | str | Path) -> Iterator[Record]:
    """Records of every path (or of one path), in input order; a bad record never stops the others.

    >>> from perfeval.examples import example_paths
    >>> records = list(iter_records([*example_paths()[:2], "no-such-file.json"]))
    >>> [(r.index, r.table is not None) for r in records]
    [(0, True), (0, True), (0, False)]
    >>> records[2].error.code, records[2].error.source
    ('unreadable-file', 'no-such-file.json')
    """
    if isinstance(paths, str | Path):  # one path, not the characters of its name
        paths = [paths]
    for path in paths:
        yield from read_path(path)


def load(path: str | Path) -> list[Table]:
    """Every table of one file; raises the first :class:`PerfevalError` (with its location).

    For batches that must go on past a bad table, use :func:`iter_records`.

    >>> from perfeval.examples import example_paths
    >>> [table] = load(example_paths()[0])
    >>> table.project, table.funds.total.annual, table.total
    ('省级医药储备补助资金', '199.50', '100.00')
    """
    tables = []
    for record in read_path(path):
        if record.error is not None:
            raise record.error
        assert record.table is not None
        tables.append(record.table)
    return tables
