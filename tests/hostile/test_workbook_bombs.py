"""Workbook bombs: a sheet far larger than any form is refused, naming its sheet, in seconds and little memory."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import perfeval
from perfeval.errors import TooLargeError
from perfeval.read import xlsx_limits
from perfeval.read.records import read_path
from perfeval.record import Record

openpyxl = pytest.importorskip("openpyxl")

SCRIPT = Path(sys.executable).with_name("perfeval")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "perfeval.cli"]

_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="预算 表" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def _sheet(path: Path, rows: int, cols: int) -> Path:
    """A workbook of one sheet ('预算 表') storing rows × cols cells, written as XML (a few KiB zipped)."""
    row = "<c><v>1</v></c>" * cols
    body = f"<row>{row}</row>" * rows
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr(
            "xl/worksheets/sheet1.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{body}</sheetData></worksheet>",
        )
    return path


def test_a_million_and_a_half_cells_are_refused_in_seconds_and_little_memory(tmp_path: Path) -> None:
    """The issue's bomb (1.5 M cells, ~50 KiB zipped): one located error, < 10 s, < 300 MiB (was 36 s, 1 GiB)."""
    bomb = _sheet(tmp_path / "bomb.xlsx", 7_500, 200)
    assert bomb.stat().st_size < 140 * 1024
    measure = (
        "import resource, subprocess, sys, time; t = time.monotonic();"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
        "print(done.returncode, time.monotonic() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);"
        "print(done.stdout)"
    )
    done = subprocess.run(
        [sys.executable, "-c", measure, *COMMAND, "audit", "--format", "jsonl", str(bomb)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    status, seconds, peak_kib = done.stdout.splitlines()[0].split()
    assert status == "2"
    assert float(seconds) < 10
    assert int(peak_kib) < 300 * 1024
    assert '"code":"too-large"' in done.stdout
    assert "sheet '预算 表' holds more than 100,000 cells" in done.stdout


@pytest.mark.parametrize(
    ("rows", "cols", "what"),
    [
        (2_001, 1, "more than 2,000 rows"),
        (1, 201, "more than 200 cells in row 1"),
        (600, 180, "more than 100,000 cells"),
    ],
)
def test_each_sheet_limit_is_a_located_error(tmp_path: Path, rows: int, cols: int, what: str) -> None:
    """Rows, cells in a row and cells in a sheet: each limit names the file and the sheet."""
    [record] = read_path(_sheet(tmp_path / "big.xlsx", rows, cols), "big.xlsx")
    assert isinstance(record.error, TooLargeError)
    assert record.error.message == f"sheet '预算 表' holds {what}: perfeval does not read such a sheet"
    assert record.error.path == "'预算 表'"
    assert str(record.error) == f"big.xlsx[0]: {record.error.message}"


def test_a_sheet_at_the_limits_is_read(tmp_path: Path) -> None:
    """2,000 rows, and 200 cells in a row, are still loaded (and found to hold no form)."""
    for rows, cols in ((2_000, 1), (1, 200)):
        [record] = read_path(_sheet(tmp_path / "ok.xlsx", rows, cols), "ok.xlsx")
        assert record.error is not None
        assert record.error.code == "workbook-layout"


def test_the_limits_are_module_constants(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Changing a constant changes the limit: a part's expanded size, and the cells of the whole workbook."""
    path = _sheet(tmp_path / "t.xlsx", 10, 10)
    monkeypatch.setattr(xlsx_limits, "MAX_PART_BYTES", 1000)
    [record] = read_path(path, "t.xlsx")
    assert isinstance(record.error, TooLargeError)
    assert record.error.message.startswith("the workbook's part xl/worksheets/sheet1.xml expands to ")
    monkeypatch.setattr(xlsx_limits, "MAX_PART_BYTES", 1 << 20)
    monkeypatch.setattr(xlsx_limits, "MAX_WORKBOOK_CELLS", 99)
    [record] = read_path(path, "t.xlsx")
    assert isinstance(record.error, TooLargeError)
    assert record.error.message.startswith("the workbook's sheets hold more than 99 cells together")


def test_a_workbook_of_chart_sheets_only_does_not_stop_the_batch(tmp_path: Path) -> None:
    """`a.json charts.xlsx b.json`: the workbook is a layout error in its place and b.json is still read."""
    workbook = openpyxl.Workbook()
    chart = workbook.create_chartsheet()
    chart.add_chart(openpyxl.chart.BarChart())
    workbook.remove(workbook.active)
    workbook.save(tmp_path / "charts.xlsx")
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    shutil.copy(perfeval.example_paths()[0], a)
    shutil.copy(perfeval.example_paths()[1], b)
    got = list(perfeval.iter_records([a, tmp_path / "charts.xlsx", b]))
    assert [(Path(r.source).name, r.table is not None) for r in got] == [
        ("a.json", True),
        ("charts.xlsx", False),
        ("b.json", True),
    ]
    assert got[1].error is not None
    assert got[1].error.code == "workbook-layout"
    assert got[1].error.message == "no 项目支出绩效自评表 found in any sheet"
    assert got[1].error.path == "A1"
    started = time.monotonic()
    done = subprocess.run(
        [*COMMAND, "audit", "--format", "jsonl", str(a), str(tmp_path / "charts.xlsx"), str(b)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert time.monotonic() - started < 60
    assert [line.count('"source"') for line in done.stdout.splitlines()] == [1, 1, 1]
    assert "internal" not in done.stdout


def test_a_reader_that_fails_half_way_ends_in_an_error_record_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any bug in the workbook reader becomes that file's error; the next input is read."""
    from perfeval.read import xlsx_reader

    def broken(path: Path, source: str) -> Iterator[Record]:
        raise IndexError("list index out of range")
        yield from ()

    monkeypatch.setattr(xlsx_reader, "read_xlsx", broken)
    (tmp_path / "t.xlsx").write_bytes(b"")
    b = tmp_path / "b.json"
    shutil.copy(perfeval.example_paths()[1], b)
    got = list(perfeval.iter_records([tmp_path / "t.xlsx", b]))
    assert [r.table is not None for r in got] == [False, True]
    assert got[0].error is not None
    assert got[0].error.code == "internal-error"


def test_a_shared_string_bomb_is_refused_in_seconds(tmp_path: Path) -> None:
    """400,000 one-letter shared strings (~70 KiB zipped) took openpyxl 35 s to load: refused at once now."""
    types = _TYPES.replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    rels = _WORKBOOK_RELS.replace(
        "</Relationships>",
        '<Relationship Id="rId2" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>',
    )
    path = tmp_path / "strings.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr(
            "xl/worksheets/sheet1.xml",
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData><row><c t="s"><v>0</v></c></row></sheetData></worksheet>',
        )
        z.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + "<si><t>a</t></si>" * 400_000
            + "</sst>",
        )
    started = time.monotonic()
    [record] = read_path(path, "strings.xlsx")
    assert time.monotonic() - started < 10
    assert isinstance(record.error, TooLargeError)
    assert record.error.message == (
        "the workbook's shared strings hold more than 300,000 texts: perfeval does not read such a workbook"
    )
