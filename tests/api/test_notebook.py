"""What an analyst does in a notebook (issue 14): completion, short reprs, severities, one-call exports."""

from __future__ import annotations

import csv
import io
import pydoc
from decimal import Decimal
from pathlib import Path

import pytest

import perfeval
from perfeval import Severity
from perfeval.batch import run


@pytest.fixture(scope="module")
def audits() -> list[perfeval.Audit]:
    return [perfeval.audit(t) for p in perfeval.example_paths()[20:22] for t in perfeval.load(p)]


def test_dir_lists_the_lazy_exports() -> None:
    names = dir(perfeval)
    for name in ("to_dataframe", "findings_dataframe", "write_working_paper", "write_csv", "audit"):
        assert name in names


def test_help_of_audit_shows_the_rule_set_by_name() -> None:
    text = pydoc.render_doc(perfeval.audit, renderer=pydoc.plaintext)
    assert "rules: 'RuleSet' = RuleSet('central-2020')" in text or "RuleSet('central-2020')" in text
    assert "jurisdiction" not in text
    assert repr(perfeval.GUANGXI) == "RuleSet('guangxi', deviation_threshold=Decimal('1.3'))"  # what it changes


def test_an_audit_has_its_warnings_and_infos(audits: list[perfeval.Audit]) -> None:
    result = audits[1]
    assert len(result.errors) + len(result.warnings) + len(result.infos) == len(result.findings)
    assert {f.severity for f in result.warnings} == {Severity.WARNING}
    assert len(result.warnings) == result.count(Severity.WARNING) == 6
    assert len(audits[0].infos) == audits[0].count(Severity.INFO)


def test_findings_severity_is_an_ordered_categorical(audits: list[perfeval.Audit]) -> None:
    pytest.importorskip("pandas")
    frame = perfeval.findings_dataframe(audits)
    assert list(frame["severity"].cat.categories) == ["info", "warning", "error"]
    assert frame["severity"].cat.ordered
    errors = frame[frame.severity == Severity.ERROR]
    assert len(errors) == sum(len(a.errors) for a in audits) > 0
    assert len(frame[frame.severity >= Severity.WARNING]) == sum(len(a.errors) + len(a.warnings) for a in audits)
    assert frame.sort_values("severity", ascending=False)["severity"].iloc[0] == "error"


def test_audits_keep_the_file_their_table_was_read_from(audits: list[perfeval.Audit]) -> None:
    pytest.importorskip("pandas")
    frame = perfeval.to_dataframe([*audits, perfeval.audit(perfeval.Table(indicators=[perfeval.Indicator(name="x")]))])
    paths = [str(p) for p in perfeval.example_paths()[20:22]]
    files = list(dict.fromkeys(frame["file"]))
    assert files[:2] == paths
    assert len(files) == 3
    assert files[2] is None or files[2] != files[2]  # a table built in Python has no file (None or NaN)
    assert frame["source"].iloc[0] == audits[0].table.source


def test_outcomes_keep_the_file_name_in_the_frames() -> None:
    pytest.importorskip("pandas")
    paths = perfeval.example_paths()[20:22]
    outcomes = list(run(perfeval.iter_records(paths)))
    assert set(perfeval.to_dataframe(outcomes)["source"]) == {str(p) for p in paths}


def test_records_are_audited_and_keep_their_file_names(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    paths = perfeval.example_paths()[20:22]
    frame = perfeval.to_dataframe(perfeval.iter_records(paths))
    assert list(dict.fromkeys(frame["source"])) == [str(p) for p in paths]
    findings = perfeval.findings_dataframe(perfeval.iter_records(paths))
    assert set(findings["source"]) == {str(p) for p in paths}
    perfeval.write_csv(perfeval.iter_records(paths[1]), tmp_path / "f.csv")
    assert str(paths[1]) in (tmp_path / "f.csv").read_text(encoding="utf-8-sig")


def test_write_csv_takes_audits_outcomes_or_a_mix(audits: list[perfeval.Audit], tmp_path: Path) -> None:
    outcomes = list(run(perfeval.iter_records(perfeval.example_paths()[1:2])))
    target = tmp_path / "findings.csv"
    perfeval.write_csv([*audits, *outcomes], target)
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    expected = sum(len(a.findings) for a in audits) + sum(len(o.result.findings) for o in outcomes)  # type: ignore[union-attr]
    assert len(rows) == expected
    assert rows[-1]["source"] == str(perfeval.example_paths()[1])
    assert rows[0]["source"] == str(perfeval.example_paths()[20])  # an audit is named by the file it was read from
    stream = io.StringIO()
    perfeval.write_csv(audits[1], stream)  # one audit, to an open text file
    assert len(stream.getvalue().splitlines()) == 1 + len(audits[1].findings)


def test_write_working_paper_takes_audits_and_scorecards(audits: list[perfeval.Audit], tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "paper.xlsx"
    perfeval.write_working_paper([*audits, audits[0].scorecard], target)
    book = openpyxl.load_workbook(target)
    tables = [name for name in book.sheetnames if name[:3].isdigit()]
    assert len(tables) == 3
    summary = book["Summary"]
    totals = [Decimal(str(summary.cell(r, 5).value)) for r in range(2, 5)]
    assert totals == [audits[0].scorecard.total, audits[1].scorecard.total, audits[0].scorecard.total]


def test_exports_refuse_what_is_not_an_audit(tmp_path: Path) -> None:
    with pytest.raises(perfeval.FieldTypeError, match="item 0"):
        perfeval.write_csv(["not an audit"], tmp_path / "x.csv")  # type: ignore[list-item]
