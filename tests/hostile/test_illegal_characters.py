"""Characters a workbook cannot hold: replaced visibly, said in the cell's comment, and the batch goes on.

A control character (``\\x01``, ``\\x0b`` …) in any input text used to stop the
whole working paper with "internal error: IllegalCharacterError"; in a
comment or a sheet title it made a workbook Excel cannot open.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile_outputs import run, sample

from perfeval.report.spreadsheet_safety import MAX_CELL_CHARS, REPLACEMENT

openpyxl = pytest.importorskip("openpyxl")


def _write(tmp_path: Path, name: str, table: dict[str, object]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def batch(tmp_path: Path) -> list[Path]:
    """A table with control characters in its project, an actual and a unit, between two clean ones."""
    bad = sample()
    bad["project"] = "项目\x01名称"
    bad["indicators"][0]["actual"] = "\x0b"
    bad["indicators"][1]["unit"] = "%\x1f\x00"
    return [
        _write(tmp_path, "a.json", sample()),
        _write(tmp_path, "b\x02.json", bad),
        _write(tmp_path, "c.json", sample()),
    ]


def test_the_working_paper_is_written_with_every_table(batch: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "paper.xlsx"
    proc = run("audit", "--format", "xlsx", "-o", out, *batch)
    assert proc.returncode == 0, proc.stderr  # warnings only, and every table read
    book = openpyxl.load_workbook(out)  # a workbook that opens again
    summary = book["Summary"]
    rows = {summary.cell(r, 1).value: summary.cell(r, 3).value for r in range(2, 5)}  # sorted worst first
    assert sorted(rows.values()) == sorted(["省级医药储备补助资金", "项目�名称", "省级医药储备补助资金"])
    [hostile] = [source for source in rows if source.endswith("b�.json")]
    assert rows[hostile] == "项目�名称"
    assert len(book.sheetnames) == 6  # Summary, Findings, three tables, the legend


def test_a_replaced_character_is_visible_and_named_in_the_comment(batch: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "paper.xlsx"
    run("audit", "--format", "xlsx", "-o", out, *batch)
    sheet = openpyxl.load_workbook(out).worksheets[3]
    project = sheet["B3"]
    assert (project.value, project.data_type) == ("项目" + REPLACEMENT + "名称", "s")
    assert "U+0001 at 3" in project.comment.text
    cells = {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert "%" + REPLACEMENT * 2 in cells
    assert "U+001F at 2, U+0000 at 3" in cells["%" + REPLACEMENT * 2].comment.text
    # The actual "\x0b" has a finding too: its comment keeps both what was replaced and the finding.
    actual = cells[REPLACEMENT]
    assert "U+000B at 1" in actual.comment.text
    assert "value-unreadable" in actual.comment.text


def test_a_sheet_title_never_holds_such_a_character(tmp_path: Path) -> None:
    table = sample()
    table["project"] = "\x07警报\x1b[31m" + "长" * 40
    out = tmp_path / "paper.xlsx"
    run("audit", "--format", "xlsx", "-o", out, _write(tmp_path, "t.json", table))
    title = openpyxl.load_workbook(out).sheetnames[2]
    assert title == "001 " + REPLACEMENT + "警报" + REPLACEMENT + "_31m" + "长" * 19


def test_a_sheet_title_counts_utf16_units_as_excel_does(tmp_path: Path) -> None:
    table = sample()
    table["project"] = "𠀀" * 20  # outside the BMP: two UTF-16 units each
    out = tmp_path / "paper.xlsx"
    run("audit", "--format", "xlsx", "-o", out, _write(tmp_path, "t.json", table))
    title = openpyxl.load_workbook(out).sheetnames[2]
    assert title == "001 " + "𠀀" * 13
    assert len(title.encode("utf-16-le")) // 2 <= 31


def test_text_longer_than_a_cell_is_cut_and_says_so(tmp_path: Path) -> None:
    table = sample()
    table["goals"]["achieved"] = "长" * (MAX_CELL_CHARS + 10)
    out = tmp_path / "paper.xlsx"
    run("audit", "--format", "xlsx", "-o", out, _write(tmp_path, "t.json", table))
    sheet = openpyxl.load_workbook(out).worksheets[2]
    cell = sheet["G12"]
    assert len(cell.value) == MAX_CELL_CHARS
    assert cell.value.endswith("…")
    assert f"{MAX_CELL_CHARS + 10} characters" in cell.comment.text
