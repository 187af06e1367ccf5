"""Audits as DataFrames: one row per indicator, one row per finding, numbers exact."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import perfeval
from perfeval.batch import run
from perfeval.outcome import Outcome
from perfeval.read.records import iter_records
from perfeval.report.frames import FINDING_COLUMNS, INDICATOR_COLUMNS

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def audits() -> list[perfeval.Audit]:
    return [perfeval.audit(t) for p in perfeval.example_paths() for t in perfeval.load(p)]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[Outcome]:
    broken = tmp_path_factory.mktemp("in") / "broken.json"
    broken.write_text("[1]", encoding="utf-8")
    return list(run(iter_records([*perfeval.example_paths(), broken])))


def test_one_row_per_indicator(audits: list[perfeval.Audit]) -> None:
    frame = perfeval.to_dataframe(audits)
    assert tuple(frame.columns) == INDICATOR_COLUMNS
    assert len(frame) == sum(len(a.table.indicators) for a in audits) == 131
    assert frame.groupby("index").size().tolist() == [len(a.table.indicators) for a in audits]
    assert str(frame["met"].dtype) == "boolean"


def test_rows_carry_the_printed_cells_and_exact_numbers(audits: list[perfeval.Audit]) -> None:
    frame = perfeval.to_dataframe(audits)
    travel = frame[frame["project"] == "因公出国（境）专项经费"].reset_index(drop=True)
    first = travel.iloc[0]
    assert (first["index"], first["indicator"], first["level1"], first["name"]) == (
        21,
        0,
        "产出指标",
        "单个团组出访总人数",
    )
    assert (first["operator"], first["target"], first["actual"], first["unit"]) == ("≥", "6", "1", "人")
    assert first["weight"] == Decimal("15.00")
    assert first["reported_score"] == Decimal("15.00")
    assert isinstance(first["computed_score"], Decimal)
    assert first["computed_score"] == audits[21].scorecard.indicators[0].points
    assert not first["met"]
    assert first["kind"] == "quantitative"
    assert first["source"] == audits[21].table.source


def test_outcomes_are_accepted_and_identified_by_their_source(outcomes: list[Outcome]) -> None:
    frame = perfeval.to_dataframe(outcomes)
    readable = [o for o in outcomes if isinstance(o.result, perfeval.Audit)]
    assert len(readable) == 26
    assert len(frame) == sum(len(o.result.table.indicators) for o in readable)
    assert set(frame["source"]) == {o.source for o in readable}


def test_one_row_per_finding(audits: list[perfeval.Audit], outcomes: list[Outcome]) -> None:
    frame = perfeval.findings_dataframe(audits)
    assert tuple(frame.columns) == FINDING_COLUMNS
    expected = [{**f.to_dict(), "also": ";".join(f.also)} for a in audits for f in a.findings]
    assert len(frame) == len(expected)
    cells = frame[list(expected[0])].astype(object)
    assert cells.where(cells.notna(), None).to_dict("records") == expected  # missing cells are NA in pandas
    with_errors = perfeval.findings_dataframe(outcomes)
    assert len(with_errors) == len(expected) + 1
    last = with_errors.iloc[-1]
    assert (Path(last["source"]).name, last["code"], last["severity"]) == ("broken.json", "invalid-table", "error")


def test_severities_filter_like_a_notebook_would(audits: list[perfeval.Audit]) -> None:
    frame = perfeval.findings_dataframe(audits)
    errors = frame[frame["severity"] == "error"]
    assert len(errors) == sum(len(a.errors) for a in audits)
    counts = frame.groupby("code").size().to_dict()
    assert counts["weight-sum"] == sum(1 for a in audits for f in a.findings if f.code == "weight-sum")


def test_empty_input_gives_empty_frames_with_their_columns() -> None:
    assert tuple(perfeval.to_dataframe([]).columns) == INDICATOR_COLUMNS
    assert len(perfeval.findings_dataframe([])) == 0
    with pytest.raises(TypeError, match="Audit"):
        perfeval.to_dataframe([object()])
