"""Bounds on what a workbook may hold, checked in its zip before openpyxl loads any of it.

openpyxl holds a whole workbook in memory, about 700 bytes a cell: a 50 KiB
``.xlsx`` whose sheet expands to 1.5 million cells takes half a minute and a
gigabyte. A 项目支出绩效自评表 has a few hundred filled cells, so a sheet far
larger than any form is refused, by a streamed count of its XML, in well under
a second. Every limit is a module constant; change it to read larger sheets.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.parsers import expat

from perfeval.errors import TooLargeError

#: The most bytes any one part of the workbook (a sheet's XML, the shared strings, the styles) may expand to.
MAX_PART_BYTES = 32 * 1024 * 1024
#: The most bytes all the parts of the workbook together may expand to.
MAX_WORKBOOK_BYTES = 128 * 1024 * 1024
#: The most rows one sheet may store (rows it holds, not how far down its last cell is).
MAX_SHEET_ROWS = 2_000
#: The most cells one row of a sheet may store.
MAX_SHEET_COLUMNS = 200
#: The most cells one sheet may store (empty but formatted cells count: openpyxl makes each an object).
MAX_SHEET_CELLS = 100_000
#: The most cells all the sheets of the workbook may store together.
MAX_WORKBOOK_CELLS = 300_000
#: The most texts the workbook's shared-string table may hold (openpyxl reads them all, ~20 µs each).
MAX_SHARED_STRINGS = 300_000

_READ = 1 << 16


class _Over(Exception):
    """Raised inside the XML scan when a limit is passed, to stop it at once."""


def too_large(path: Path) -> TooLargeError | None:
    """Why the workbook at ``path`` is too large to load (naming the sheet), or ``None``.

    A file that is not a readable zip is left for openpyxl to report.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            return _check(archive)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError, expat.ExpatError):
        return None


def _check(archive: zipfile.ZipFile) -> TooLargeError | None:
    total = 0
    for info in archive.infolist():
        if info.file_size > MAX_PART_BYTES:
            return TooLargeError(
                f"the workbook's part {info.filename} expands to {info.file_size:,} bytes, "
                f"more than the {MAX_PART_BYTES:,} perfeval reads"
            )
        total += info.file_size
    if total > MAX_WORKBOOK_BYTES:
        return TooLargeError(
            f"the workbook expands to {total:,} bytes, more than the {MAX_WORKBOOK_BYTES:,} perfeval reads"
        )
    names = _sheet_names(archive)
    cells = 0
    for info in archive.infolist():
        if info.filename.lower().endswith("sharedstrings.xml"):
            strings = _count(archive, info, "si", MAX_SHARED_STRINGS)
            if strings > MAX_SHARED_STRINGS:
                return TooLargeError(
                    f"the workbook's shared strings hold more than {MAX_SHARED_STRINGS:,} texts: "
                    "perfeval does not read such a workbook"
                )
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        name = names.get(info.filename, info.filename)
        counts = _Counts(name, MAX_WORKBOOK_CELLS - cells)
        try:
            counts.scan(archive, info)
        except _Over as over:
            return TooLargeError(str(over), path=_sheet_ref(name))
        cells += counts.cells
    return None


class _Counts:
    """A streamed count of a sheet's stored rows and cells, stopped at the first limit passed."""

    def __init__(self, sheet: str, workbook_room: int) -> None:
        self.sheet = sheet
        self.room = workbook_room
        self.rows = 0
        self.cells = 0
        self.in_row = 0

    def scan(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        parser = expat.ParserCreate()
        parser.StartElementHandler = self._start
        with archive.open(info) as stream:
            while chunk := stream.read(_READ):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)

    def _start(self, tag: str, _attributes: object) -> None:
        local = tag.rpartition(":")[2]
        if local == "row":
            self.rows += 1
            self.in_row = 0
            if self.rows > MAX_SHEET_ROWS:
                self._over(f"more than {MAX_SHEET_ROWS:,} rows")
        elif local == "c":
            self.cells += 1
            self.in_row += 1
            if self.in_row > MAX_SHEET_COLUMNS:
                self._over(f"more than {MAX_SHEET_COLUMNS:,} cells in row {self.rows:,}")
            if self.cells > MAX_SHEET_CELLS:
                self._over(f"more than {MAX_SHEET_CELLS:,} cells")
            if self.cells > self.room:
                raise _Over(
                    f"the workbook's sheets hold more than {MAX_WORKBOOK_CELLS:,} cells together "
                    f"(the last, sheet {self.sheet!r}): perfeval does not read such a workbook"
                )

    def _over(self, what: str) -> None:
        raise _Over(f"sheet {self.sheet!r} holds {what}: perfeval does not read such a sheet")


def _count(archive: zipfile.ZipFile, info: zipfile.ZipInfo, element: str, limit: int) -> int:
    """How many ``element`` tags a part holds, counted as it streams; stopped just past ``limit``."""
    seen = 0

    def start(tag: str, _attributes: object) -> None:
        nonlocal seen
        if tag.rpartition(":")[2] == element:
            seen += 1
            if seen > limit:
                raise _Over

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_READ):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Over:
        pass
    return seen


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """The sheet name of each worksheet part (``xl/worksheets/sheet1.xml`` → ``'Sheet1'``), as far as can be told."""
    try:
        targets = dict(_attributes(archive, "xl/_rels/workbook.xml.rels", "Relationship", ("Id", "Target")))
        sheets = list(_attributes(archive, "xl/workbook.xml", "sheet", ("id", "name")))
    except (KeyError, expat.ExpatError):
        return {}
    names = {}
    for rel_id, name in sheets:
        target = targets.get(rel_id)
        if target is not None:
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            names[part] = name
    return names


def _attributes(archive: zipfile.ZipFile, part: str, element: str, keys: tuple[str, str]) -> Iterator[tuple[str, str]]:
    """The two attributes ``keys`` (matched by local name) of every ``element`` in one small part."""
    found: list[tuple[str, str]] = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        if tag.rpartition(":")[2] == element:
            local = {name.rpartition(":")[2]: value for name, value in attributes.items()}
            if keys[0] in local and keys[1] in local:
                found.append((local[keys[0]], local[keys[1]]))

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.Parse(archive.read(part), True)
    return iter(found)


def _sheet_ref(name: str) -> str:
    """A sheet's name as a formula writes it (``Sheet1``, ``'预算 表'``)."""
    return name if re.fullmatch(r"\w+", name) else "'" + name.replace("'", "''") + "'"
