"""Where tables come from: directories of table files, and JSON Lines streams (standard input, pipes)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import perfeval
from perfeval.read.records import read_path, read_stream, table_files, unparsed_path


def test_table_files_are_the_table_suffixes_below_a_folder_sorted_by_path(tmp_path: Path) -> None:
    """.json, .jsonl, .ndjson, .xlsx, .xlsm in any case; hidden folders and Excel's ~$ lock files are not tables."""
    for name in ["b/z.JSON", "a.jsonl", "b/a.xlsx", "c.ndjson", "d.xlsm", "~$d.xlsx", ".hidden/e.json", "f.csv"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}", encoding="utf-8")
    names = [p.relative_to(tmp_path).as_posix() for p in table_files(tmp_path)]
    assert names == ["a.jsonl", "b/a.xlsx", "b/z.JSON", "c.ndjson", "d.xlsm"]


def test_reading_a_directory_reads_its_tables_named_by_their_path_below_the_source(tmp_path: Path) -> None:
    sample = perfeval.example_paths()[0]
    (tmp_path / "dept").mkdir()
    (tmp_path / "dept" / "t.json").write_bytes(sample.read_bytes())
    (tmp_path / "t.jsonl").write_bytes(sample.read_bytes().replace(b"\n", b" ") + b"\n\n[1]\n")
    records = list(read_path(tmp_path, "in"))
    assert [(r.source, r.index, r.table is not None) for r in records] == [
        (str(Path("in") / "dept" / "t.json"), 0, True),
        (str(Path("in") / "t.jsonl"), 0, True),
        (str(Path("in") / "t.jsonl"), 1, False),
    ]
    assert records[2].line == 3
    unparsed = list(unparsed_path(tmp_path, "in"))
    assert [(u.source, u.index) for u in unparsed] == [(r.source, r.index) for r in records]


def test_a_directory_without_tables_is_one_located_error(tmp_path: Path) -> None:
    [record] = perfeval.iter_records([tmp_path])
    assert record.error is not None
    assert (record.error.code, record.error.message) == (
        "unreadable-file",
        "no table files (.json, .jsonl, .xlsx, .xls, .ods, .docx, .pdf) in the directory",
    )


def test_a_stream_is_read_line_by_line_and_its_emptiness_named() -> None:
    stream = io.BytesIO('{"project": "甲"}\n\n{"project": 5}\n'.encode())
    records = list(read_stream(stream, "<stdin>", what="standard input"))
    assert [(r.index, r.line, r.table.project if r.table else r.error.message) for r in records] == [
        (0, 1, "甲"),
        (1, 3, "line 3: $.project: expected text, not a JSON number 5"),
    ]
    [empty] = read_stream(io.BytesIO(b""), "<stdin>", what="standard input")
    assert empty.error is not None
    assert empty.error.message == "standard input is empty: no JSON lines"


@pytest.mark.parametrize("year", [2023, "2023", "2023年", "2023年度", "２０２３", " 2023 "])
def test_a_year_written_as_printed_reads_as_the_year(year: object) -> None:
    """The table's year (R6.1 needs it for "12月31日前") may be transcribed as the form prints it."""
    assert perfeval.from_dict({"year": year}).year == 2023


@pytest.mark.parametrize("year", ["23", "2023年6月", "二〇二三", "02023", "1899", True, 2023.0])
def test_anything_else_is_not_a_year(year: object) -> None:
    with pytest.raises(perfeval.InvalidTableError) as caught:
        perfeval.from_dict({"year": year})
    assert caught.value.problems[0].path == "$.year"


def test_a_link_back_to_a_parent_folder_is_not_followed(tmp_path: Path) -> None:
    """A symlink cycle (folder/self → folder) would make the listing endless; links to folders are not walked."""
    (tmp_path / "t.json").write_text("{}", encoding="utf-8")
    (tmp_path / "self").symlink_to(tmp_path, target_is_directory=True)
    assert table_files(tmp_path) == [tmp_path / "t.json"]


def test_a_float_from_python_is_named_a_float_not_a_json_number() -> None:
    with pytest.raises(perfeval.InvalidTableError) as caught:
        perfeval.from_dict({"total": 95.5})
    assert str(caught.value.problems[0]) == (
        "$.total: expected a printed cell (a string), not a float 95.5 "
        "(floats lose digits: pass the printed text or a Decimal)"
    )
