"""table-format "What is not a table" (v2): a JSON object with none of the table's keys is an unreadable input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import perfeval
from perfeval.cli import main
from perfeval.read.records import read_path

NOT_TABLES = [{"name": "app", "version": "1.0.0", "dependencies": {}}, {"hello": [1, 2]}, {}]


@pytest.mark.parametrize("obj", NOT_TABLES)
def test_an_object_without_a_table_key_is_not_a_table(obj: dict[str, object]) -> None:
    """package.json, {"hello": [1, 2]}, {}: an InvalidTableError at "$", never a blank table."""
    with pytest.raises(perfeval.InvalidTableError) as caught:
        perfeval.from_dict(obj)
    assert [p.path for p in caught.value.problems] == ["$"]
    assert caught.value.problems[0].message.startswith("not a table: none of the keys of perfeval-table/1")


@pytest.mark.parametrize("key", ["project", "indicators", "transcription_notes", "grade", "format"])
def test_one_table_key_is_enough(key: str) -> None:
    """An object holding any one top-level key is a table (its blanks are the audit's business)."""
    value: object = {"indicators": [], "transcription_notes": [], "format": "perfeval-table/1"}.get(key, "优")
    assert isinstance(perfeval.from_dict({key: value}), perfeval.Table)


def test_a_package_json_in_a_folder_is_an_error_record_naming_the_file(tmp_path: Path) -> None:
    """The folder's table is read; package.json is one error record with its file name, not a table with findings."""
    (tmp_path / "package.json").write_text(json.dumps(NOT_TABLES[0]), encoding="utf-8")
    (tmp_path / "t.json").write_bytes(perfeval.example_paths()[0].read_bytes())
    records = list(read_path(tmp_path, "in"))
    assert [(Path(r.source).name, r.table is not None) for r in records] == [("package.json", False), ("t.json", True)]
    error = records[0].error
    assert error is not None
    assert (error.code, error.path) == ("invalid-table", "$")
    assert "package.json" in str(error)


def test_the_cli_exits_2_for_a_file_that_is_not_a_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """perfeval audit package.json: unreadable input, exit 2 (v1 audited a blank table: weight-sum, exit 1)."""
    path = tmp_path / "package.json"
    path.write_text('{"hello": [1, 2]}', encoding="utf-8")
    assert main(["audit", str(path)]) == 2
    out = capsys.readouterr().out
    assert "not a table" in out
    assert "weight-sum" not in out
