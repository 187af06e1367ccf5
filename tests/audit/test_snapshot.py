"""The golden snapshot of the bundled Yunnan tables, and the real mistakes it must show.

``scripts/snapshot.py`` regenerates ``tests/samples/snapshot/yunnan-2023.json``;
these tests fail when the audit of the 26 tables drifts from it, and pin the
findings a reviewer checked by eye against the raw disclosure, so that a
regenerated snapshot cannot quietly lose them.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = ROOT / "tests" / "samples" / "snapshot" / "yunnan-2023.json"


def _script() -> Any:
    spec = importlib.util.spec_from_file_location("perfeval_snapshot_script", ROOT / "scripts" / "snapshot.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def current() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = _script().snapshot()
    return data


def _by_number(data: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {table["file"][:2]: table for table in data}


def test_snapshot_is_current(current: list[dict[str, Any]]) -> None:
    pinned = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert len(pinned) == 26
    for was, now in zip(pinned, current, strict=True):
        assert now == was, f"{now['file']} drifted from the snapshot: run python scripts/snapshot.py and review"


def test_snapshot_file_is_rendered_by_the_script(current: list[dict[str, Any]]) -> None:
    assert SNAPSHOT.read_text(encoding="utf-8") == _script().render(current)


def _codes(table: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f["code"], f["path"]) for f in table["findings"]]


ERRORS = {
    "execution-rate-mismatch",
    "execution-score-mismatch",
    "unmet-target-full-score",
    "score-above-computed",
    "qualitative-out-of-band",
    "score-exceeds-weight",
    "weight-sum",
    "subtotal-mismatch",
    "total-mismatch",
    "grade-mismatch",
}


def test_misses_scored_in_full_show(current: list[dict[str, Any]]) -> None:
    tables = _by_number(current)
    travel = tables["22"]
    for i in (0, 1, 2):
        assert ("unmet-target-full-score", f"$.indicators[{i}].score") in _codes(travel)
    assert (travel["computed"], travel["reported"]) == (
        {"total": "52.15", "grade": "差"},
        {"total": "90.56", "grade": "优"},
    )
    assert ("grade-recomputed", "$.grade") in _codes(travel)
    graduates = tables["21"]
    for i in (0, 1):
        assert ("unmet-target-full-score", f"$.indicators[{i}].score") in _codes(graduates)
    assert graduates["computed"] == {"total": "79.77", "grade": "中"}


def test_percent_targets_written_as_fractions_show(current: list[dict[str, Any]]) -> None:
    tables = _by_number(current)
    expected = {
        "07": ["$.indicators[3].target"],
        "14": ["$.indicators[5].target"],
        "23": ["$.indicators[2].target", "$.indicators[4].target"],
        "25": ["$.indicators[4].target"],
        "26": ["$.indicators[1].target", "$.indicators[3].target"],
    }
    for number, paths in expected.items():
        found = [f["path"] for f in tables[number]["findings"] if f["code"] == "unit-mismatch"]
        assert found == paths, number


def test_totals_that_do_not_add_up_show(current: list[dict[str, Any]]) -> None:
    tables = _by_number(current)
    assert ("total-mismatch", "$.total") in _codes(tables["21"])  # 9.42 printed for 9.62
    assert ("subtotal-mismatch", "$.subtotal") in _codes(tables["20"])  # 90.00 printed, rows add up to 88.00
    assert ("weight-sum", "$.indicators[*].weight") in _codes(tables["15"])  # indicator weights 100 + execution 10


def test_low_execution_graded_excellent_shows(current: list[dict[str, Any]]) -> None:
    tables = _by_number(current)
    for number in ("07", "13", "14", "15", "16", "22", "23", "25"):
        table = tables[number]
        assert table["reported"]["grade"] == "优"
        assert ("output-execution-divergence", "$.execution.rate") in _codes(table), number


def test_misread_funds_cells_show(current: list[dict[str, Any]]) -> None:
    radio = _by_number(current)["02"]
    assert _codes(radio)[:4] == [
        ("execution-rate-mismatch", "$.execution.rate"),
        ("execution-score-mismatch", "$.execution.score"),
        ("funds-sum-mismatch", "$.funds.total.executed"),
        ("weight-sum", "$.indicators[*].weight"),
    ]


def test_consistent_tables_show_no_error(current: list[dict[str, Any]]) -> None:
    tables = _by_number(current)
    for number in ("01", "04", "12"):
        assert tables[number]["findings"] == [], number
    for number in ("03", "05", "09", "10", "11", "13", "14", "16", "18", "19", "23", "24", "25", "26"):
        assert not [f for f in tables[number]["findings"] if f["code"] in ERRORS], number
