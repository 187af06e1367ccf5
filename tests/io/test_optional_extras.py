"""The extras are optional: without them, a clear error naming the extra; ``import perfeval`` stays light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import perfeval
from perfeval.errors import MissingExtraError
from perfeval.outcome import Outcome
from perfeval.read.records import read_path
from perfeval.report.writers import write_tabular


@pytest.fixture
def no_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)


@pytest.fixture
def no_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)


@pytest.mark.usefixtures("no_openpyxl")
def test_reading_a_workbook_without_openpyxl_names_the_extra(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    book.write_bytes(b"PK")
    [record] = read_path(book)
    assert isinstance(record.error, MissingExtraError)
    assert record.error.code == "missing-extra"
    assert "perfeval[excel]" in str(record.error)
    with pytest.raises(MissingExtraError, match=r"perfeval\[excel\]"):
        perfeval.load(book)


@pytest.mark.usefixtures("no_openpyxl")
def test_the_working_paper_without_openpyxl_names_the_extra(tmp_path: Path) -> None:
    seen: list[Outcome] = []
    with pytest.raises(MissingExtraError, match=r"perfeval\[excel\]"):
        write_tabular(iter([]), "xlsx", tmp_path / "wp.xlsx", seen.append)
    assert not (tmp_path / "wp.xlsx").exists()


@pytest.mark.usefixtures("no_pandas")
def test_dataframes_without_pandas_name_the_extra() -> None:
    with pytest.raises(MissingExtraError, match=r"perfeval\[pandas\]"):
        perfeval.to_dataframe([])
    with pytest.raises(MissingExtraError, match=r"perfeval\[pandas\]"):
        perfeval.findings_dataframe([])


def test_import_perfeval_imports_neither_pandas_nor_openpyxl() -> None:
    code = (
        "import sys, perfeval\n"
        "assert callable(perfeval.to_dataframe) and callable(perfeval.findings_dataframe)\n"
        "print(sorted(m for m in ('pandas', 'openpyxl', 'numpy') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_unknown_top_level_names_still_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        perfeval.no_such_thing  # noqa: B018
