"""``audit --format xlsx``: the working paper opens, has its sheets, and marks exactly the cells with findings."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

import perfeval
from perfeval.batch import run
from perfeval.cli import main
from perfeval.errors import PerfevalError
from perfeval.findings import Severity
from perfeval.outcome import Outcome
from perfeval.read.records import iter_records
from perfeval.report.paper_print import LEGEND
from perfeval.report.rows import CSV_COLUMNS, FILLS
from perfeval.report.writers import write_tabular

openpyxl = pytest.importorskip("openpyxl")

SEVERITY_OF_FILL = {colour: severity for severity, colour in FILLS.items()}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[Outcome]:
    broken = tmp_path_factory.mktemp("in") / "broken.json"
    broken.write_text('{"funds": {"total": {"annual": "-1"}}}', encoding="utf-8")
    paths = perfeval.example_paths()
    return list(run(iter_records([*paths[:5], broken, *paths[5:]])))


@pytest.fixture(scope="module")
def paper_path(outcomes: list[Outcome], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("out") / "wp.xlsx"
    seen: list[Outcome] = []
    write_tabular(iter(outcomes), "xlsx", path, seen.append)
    assert seen == outcomes
    return path


@pytest.fixture(scope="module")
def paper(paper_path: Path) -> Any:
    return openpyxl.load_workbook(paper_path)


def audits(outcomes: list[Outcome]) -> list[Outcome]:
    return [o for o in outcomes if isinstance(o.result, perfeval.Audit)]


def fill_of(cell: Any) -> Severity | None:
    if cell.fill is None or cell.fill.fill_type != "solid":
        return None
    return SEVERITY_OF_FILL.get(cell.fill.fgColor.rgb[-6:])


def test_the_paper_has_a_summary_a_findings_sheet_and_one_sheet_per_table(paper: Any, outcomes: list[Outcome]) -> None:
    tables = audits(outcomes)
    assert paper.sheetnames[:2] == ["Summary", "Findings"]
    assert len(paper.sheetnames) == 2 + len(tables) + 1 == 29
    assert paper.sheetnames[2] == "001 省级医药储备补助资金"
    assert paper.sheetnames[-1] == LEGEND  # last: the table sheets keep their places
    for ws in paper.worksheets[:-1]:
        assert ws.freeze_panes in ("A2", "A3")
    assert paper["Summary"].column_dimensions["C"].width == 30  # fitted to the projects' names, at most 30


def test_the_summary_has_one_row_per_input(paper: Any, outcomes: list[Outcome]) -> None:
    rows = list(paper["Summary"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(outcomes)
    by_input = {(row[0], row[1]): row for row in rows}  # sorted by severity: see test_working_paper_print
    for outcome in outcomes:
        row = by_input[(outcome.source, outcome.index)]
        if outcome.error is not None:
            assert row[11].startswith("invalid-table: ")
            assert "must not be negative" in row[11]
            continue
        result = outcome.result
        assert isinstance(result, perfeval.Audit)
        card = result.scorecard
        assert row[2] == result.table.project
        assert Decimal(repr(row[3])) == result.table.total_value  # numbers as numbers
        assert Decimal(repr(row[4])) == card.total
        assert (row[5], row[6]) == (result.table.grade, card.grade.label)
        assert row[7:10] == (
            result.count(Severity.ERROR),
            result.count(Severity.WARNING),
            result.count(Severity.INFO),
        )
        assert row[10] in paper.sheetnames


def test_the_findings_sheet_has_one_row_per_finding(paper: Any, outcomes: list[Outcome]) -> None:
    ws = paper["Findings"]
    assert tuple(c.value.split(" ")[-1] for c in ws[1][: len(CSV_COLUMNS)]) == CSV_COLUMNS
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    expected = [(o.source, o.index, f) for o in audits(outcomes) for f in o.result.findings]
    finding_rows = [r for r in rows if r[3] != "invalid-table"]
    assert len(finding_rows) == len(expected)
    for row, (source, index, finding) in zip(finding_rows, expected, strict=True):
        assert (row[0], row[1], row[3], row[4], row[5]) == (
            source,
            index,
            finding.code,
            finding.severity.value,
            finding.path,
        )
        assert (row[9], row[10]) == (finding.message_zh, finding.message_en)
        if finding.reported is not None and isinstance(row[6], float):
            assert Decimal(repr(row[6])) == Decimal(finding.reported.replace(",", ""))
    assert sum(1 for r in rows if r[3] == "invalid-table") == 1


#: The Findings sheet's link to the cell: the column after the CSV's.
CELL = len(CSV_COLUMNS)


def test_highlighted_cells_match_the_findings(paper: Any, outcomes: list[Outcome]) -> None:
    links = defaultdict(list)
    for row in paper["Findings"].iter_rows(min_row=2):
        if row[CELL].hyperlink is not None:
            sheet, cell = row[CELL].hyperlink.location.rsplit("!", 1)
            links[(sheet.strip("'"), cell)].append((row[3].value, Severity(row[4].value), row[9].value))
    assert sum(len(v) for v in links.values()) == sum(len(o.result.findings) for o in audits(outcomes))
    marked = {}
    for ws in paper.worksheets[2:-1]:  # the table sheets (the legend's fills explain the colours)
        for row in ws.iter_rows():
            for cell in row:
                if cell.comment is not None or fill_of(cell) is not None:
                    marked[(ws.title, cell.coordinate)] = cell
    assert set(marked) == set(links)
    for key, found in links.items():
        cell = marked[key]
        assert fill_of(cell) is max((s for _, s, _ in found), key=lambda s: s.rank)
        for code, _, message in found:
            assert code in cell.comment.text
            assert message in cell.comment.text


def test_a_reported_score_with_a_finding_sits_beside_its_computed_score(paper: Any, outcomes: list[Outcome]) -> None:
    travel = next(o for o in outcomes if o.source.endswith("22-official-overseas-travel.json"))
    result = travel.result
    assert isinstance(result, perfeval.Audit)
    finding = next(f for f in result.findings if f.code == "unmet-target-full-score")
    row = next(
        r for r in paper["Findings"].iter_rows(min_row=2) if r[0].value == travel.source and r[5].value == finding.path
    )
    ws = paper[row[CELL].hyperlink.location.split("!")[0].strip("'")]
    cell = ws[row[CELL].value]
    assert ws.cell(14, cell.column).value == "得分"  # the indicator header row
    assert Decimal(repr(cell.value)) == Decimal(finding.reported)
    assert cell.number_format == "0.00"
    computed = ws.cell(cell.row, cell.column + 1)
    assert Decimal(repr(computed.value)) == Decimal(finding.computed)
    assert ws.cell(14, computed.column).value == "计算得分"


def test_the_cli_writes_the_paper_and_needs_an_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "wp.xlsx"
    travel = str(perfeval.example_paths()[21])
    assert main(["audit", travel, "--format", "xlsx", "-o", str(out)]) == 1
    assert openpyxl.load_workbook(out).sheetnames == ["Summary", "Findings", "001 因公出国（境）专项经费", LEGEND]
    assert capsys.readouterr().out == ""
    assert main(["audit", travel, "--format", "xlsx"]) == 2
    assert "--output" in capsys.readouterr().err
    with pytest.raises(PerfevalError, match="--output"):
        write_tabular(iter([]), "xlsx", None, lambda o: None)


def test_the_table_sheets_read_back_as_the_audited_tables(outcomes: list[Outcome], paper_path: Path) -> None:
    """An evaluator may correct cells in the paper and audit it again."""
    path = paper_path
    tables = [o.result.table for o in audits(outcomes)]
    records = list(perfeval.iter_records([path]))
    assert [r.error for r in records] == [None] * len(tables)
    got = [attrs.evolve(r.table, source=None, transcription_notes=()) for r in records if r.table is not None]
    assert got == [attrs.evolve(t, source=None, transcription_notes=()) for t in tables]


def test_group_findings_mark_the_group_label(paper: Any, outcomes: list[Outcome]) -> None:
    rows = [r for r in paper["Findings"].iter_rows(min_row=2) if r[3].value == "level1-weights"]
    assert rows
    for row in rows:
        sheet, coordinate = row[CELL].hyperlink.location.rsplit("!", 1)
        ws = paper[sheet.strip("'")]
        cell = ws[coordinate]
        if cell.column == 1:  # the level-1 label of the group's first row
            assert ws.cell(14, 1).value == "一级指标"
            assert cell.value in row[9].value
        else:  # a group the table does not have: the weights' subtotal
            assert ws.cell(15, cell.column).value is not None
            assert ws.cell(14, cell.column).value == "分值"


def test_a_group_spelled_across_a_line_break_marks_its_label(tmp_path: Path) -> None:
    """ "产出\\n指标" (a wrapped cell) is the group 产出指标 in the audit and in the paper alike (vocab.level1_name)."""
    [table] = perfeval.load(perfeval.example_paths()[14])
    wrapped = [attrs.evolve(i, level1="产出\n指标") if i.level1 == "产出指标" else i for i in table.indicators]
    result = perfeval.audit(attrs.evolve(table, indicators=tuple(wrapped)))
    [finding] = [f for f in result.findings if f.code == "level1-weights"]
    assert finding.path == "$.indicators[?(@.level1=='产出指标')].weight"
    path = tmp_path / "wp.xlsx"
    perfeval.write_working_paper([result], path)
    ws = openpyxl.load_workbook(path).worksheets[2]
    marked = [c for row in ws.iter_rows() for c in row if c.comment is not None and "level1-weights" in c.comment.text]
    assert [(c.column, c.value) for c in marked] == [(1, "产出\n指标")]
