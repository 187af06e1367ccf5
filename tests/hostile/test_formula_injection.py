"""Formula injection: every text from input reaches the CSV and the working paper as text, never a formula.

Each hostile text (:data:`conftest.FORMULAS`) is put into the fields of a real
table, and into the input's file name; the outputs are read back.  In the
working paper each such cell must be typed as text (``data_type == "s"``) and
hold the text unchanged; in the CSV a field a spreadsheet would evaluate must
start with ``'`` — while a plain number such as ``-5`` stays as it is.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from hostile_outputs import FORMULAS, csv_rows, hostile_table, run, sample, workbook_cells

from perfeval.batch import run as run_batch
from perfeval.read.records import iter_records
from perfeval.report.rows import CSV_COLUMNS
from perfeval.report.spreadsheet_safety import is_formula_like, neutralize, restore
from perfeval.report.writers import write_tabular

pytest.importorskip("openpyxl")


def test_no_cell_of_the_working_paper_is_a_formula(hostile_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "paper.xlsx"
    proc = run("audit", "--format", "xlsx", "-o", out, hostile_file)
    assert proc.returncode in (0, 1), proc.stderr
    cells = workbook_cells(out)
    assert [c.coordinate for c in cells if c.data_type not in ("s", "n")] == []
    texts = {c.value for c in cells if c.data_type == "s"}
    # Every hostile text is there, as text, unchanged (a workbook's line break is a line feed).
    assert {t.replace("\r", "\n") for t in FORMULAS} <= texts
    assert "=1+1.json" in {Path(v).name for v in texts}  # the file name too
    # Excel's quote prefix keeps a formula-like text a text even when the auditor edits the cell.
    assert all(c.quotePrefix for c in cells if c.data_type == "s" and is_formula_like(c.value))


@pytest.mark.parametrize("text", [t for t in FORMULAS if t.startswith(("=", "#"))])  # openpyxl's formulas, errors
def test_each_hostile_project_is_text_in_summary_findings_and_its_sheet(text: str, tmp_path: Path) -> None:
    table = sample()
    table["project"] = text
    table["indicators"][0]["actual"] = "不详"  # one finding at least, so the Findings sheet quotes the project
    path = tmp_path / "t.json"
    path.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "paper.xlsx"
    write_tabular(run_batch(iter_records([path])), "xlsx", out)
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(out)
    summary, findings, sheet = book["Summary"], book["Findings"], book.worksheets[2]
    for cell in (summary["C2"], findings["C2"], sheet["B3"]):
        assert (cell.value, cell.data_type) == (text.replace("\r", "\n"), "s"), cell.coordinate


def test_a_text_cell_of_an_input_workbook_stays_text(tmp_path: Path) -> None:
    """A quote-prefixed (text) cell ``=…`` of an input .xlsx is a text in the working paper too."""
    openpyxl = pytest.importorskip("openpyxl")
    spec = importlib.util.spec_from_file_location("io_conftest", Path(__file__).parents[1] / "io" / "conftest.py")
    assert spec is not None
    assert spec.loader is not None
    forms = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(forms)
    [table] = __import__("perfeval").load(__import__("perfeval").example_paths()[0])
    book = openpyxl.Workbook()
    forms.write_form(book.active, table, numbers="text")
    cell = next(c for row in book.active.iter_rows() for c in row if c.value == table.project)
    cell.value = '=HYPERLINK("http://x","y")'
    cell.data_type = "s"
    cell.quotePrefix = True
    source = tmp_path / "in.xlsx"
    book.save(source)
    out = tmp_path / "paper.xlsx"
    assert run("audit", "--format", "xlsx", "-o", out, source).returncode in (0, 1)
    hits = [c for c in workbook_cells(out) if c.value == '=HYPERLINK("http://x","y")']
    assert len(hits) >= 2  # Summary and the table's sheet
    assert {c.data_type for c in hits} == {"s"}


def test_csv_neutralises_every_field_a_spreadsheet_would_evaluate(hostile_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "findings.csv"
    proc = run("audit", "--format", "csv", "-o", out, hostile_file)
    assert proc.returncode in (0, 1), proc.stderr
    rows = csv_rows(out.read_bytes())
    assert rows
    for row in rows:
        for key in CSV_COLUMNS:
            assert not is_formula_like(row[key]), (key, row[key])
    project = hostile_table()["project"]
    assert {r["project"] for r in rows} == {"'" + project}
    assert {r["source"] for r in rows} == {"'" + str(hostile_file)} or all(
        r["source"].endswith("=1+1.json") for r in rows
    )
    # The finding on the actual "+1+1" quotes it: neutralised, and read back by restore().
    [unreadable] = [r for r in rows if r["code"] == "value-unreadable"]
    assert unreadable["reported"] == "'+1+1"
    assert restore(unreadable["reported"]) == "+1+1"
    assert unreadable["computed"] == "10.00"


def test_csv_to_standard_output_is_neutralised_too(hostile_file: Path) -> None:
    proc = run("audit", "--format", "csv", hostile_file)
    rows = csv_rows(proc.stdout.encode("utf-8"))
    assert rows
    assert all(r["project"].startswith("'=HYPERLINK(") for r in rows)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("-5", "-5"),
        ("+3.2", "+3.2"),
        ("-1,000.50", "-1,000.50"),
        ("-0.00", "-0.00"),
        ("100.00", "100.00"),
        ("=1+1", "'=1+1"),
        ("-2+3", "'-2+3"),
        ("+", "'+"),
        ("-", "'-"),
        ("@x", "'@x"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-1,00", "'-1,00"),
        ("-5e3", "'-5e3"),
        ("文本", "文本"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_the_neutralising_rule(value: str, expected: str) -> None:
    assert neutralize(value) == expected
    assert restore(str(neutralize(value))) == value


@pytest.mark.parametrize("project", ["-5", "+3.2", "-1,000.50"])
def test_a_project_that_is_a_plain_number_is_left_as_it_is(project: str, tmp_path: Path) -> None:
    table = hostile_table()
    table["project"] = project
    path = tmp_path / "t.json"
    path.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "findings.csv"
    run("audit", "--format", "csv", "-o", out, path)
    rows = csv_rows(out.read_bytes())
    assert rows
    assert {r["project"] for r in rows} == {project}
    assert any(r["reported"] == "'+1+1" for r in rows)  # while the formula-like actual is neutralised
