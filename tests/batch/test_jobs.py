"""Parallel runs (``--jobs N``): the same outcomes as one process, in input order, and values that pickle."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import perfeval
from perfeval import batch, errors
from perfeval.batch import run
from perfeval.errors import LayoutError  # imported here so that every error class is always checked
from perfeval.outcome import Outcome
from perfeval.read.records import Unparsed, iter_records, read_path, unparsed_path
from perfeval.record import Record
from perfeval.report.elements import error_element, score_element
from perfeval.report.render import audit_element

SCRIPT = Path(sys.executable).with_name("perfeval")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "perfeval.cli"]


def _element(outcome: Outcome) -> dict[str, Any]:
    if outcome.error is not None:
        return {**error_element(outcome.source, outcome.index, outcome.error), "line": outcome.line}
    if isinstance(outcome.result, perfeval.Audit):
        return audit_element(outcome.source, outcome.index, outcome.result)
    assert isinstance(outcome.result, perfeval.Scorecard)
    return score_element(outcome.source, outcome.index, outcome.result)


@pytest.fixture(scope="module")
def mixed_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 26 bundled tables as JSON Lines, three times over, with broken lines between them."""
    tables = [json.loads(p.read_text(encoding="utf-8")) for p in perfeval.example_paths()]
    lines = []
    for round_ in range(3):
        for n, table in enumerate(tables):
            lines.append(json.dumps({**table, "project": f"{table['project']} #{round_}"}, ensure_ascii=False))
            if n % 9 == 4:
                lines.append(["{not json", "[1, 2]", '{"funds": {"total": {"annual": "-5"}}}'][round_])
    path = tmp_path_factory.mktemp("jobs") / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of 5 and a window of 2: many chunks in flight even for a small input."""
    monkeypatch.setattr(batch, "CHUNK", 5)
    monkeypatch.setattr(batch, "WINDOW", 2)


@pytest.mark.parametrize("mode", ["audit", "score"])
def test_two_jobs_give_the_outcomes_of_one(mixed_jsonl: Path, mode: batch.Mode) -> None:
    one = [_element(o) for o in run(iter_records([mixed_jsonl]), mode=mode, jobs=1)]
    two = [_element(o) for o in run(iter_records([mixed_jsonl]), mode=mode, jobs=2)]
    assert two == one
    assert len(one) == 26 * 3 + 9
    assert sum("error" in e for e in one) == 9


def test_input_order_is_kept(mixed_jsonl: Path) -> None:
    outcomes = list(run(iter_records([mixed_jsonl]), jobs=3))
    assert [o.index for o in outcomes] == list(range(26 * 3 + 9))
    projects = [o.result.table.project for o in outcomes if isinstance(o.result, perfeval.Audit)]
    expected = [
        f"{json.loads(p.read_text(encoding='utf-8'))['project']} #{r}"
        for r in range(3)
        for p in perfeval.example_paths()
    ]
    assert projects == expected
    lines = [o.line or 0 for o in outcomes]
    assert lines == sorted(lines)
    assert lines[0] == 1
    assert lines[-1] == 26 * 3 + 9


def test_records_made_in_memory_run_in_workers() -> None:
    tables = [t for p in perfeval.example_paths() for t in perfeval.load(p)]
    records = [Record("memory", i, table=t) for i, t in enumerate(tables)]
    records.insert(3, Record("memory", 99, error=perfeval.NotJSONError("broken").located("memory", 99)))
    outcomes = list(run(records, jobs=2))
    assert [o.index for o in outcomes] == [0, 1, 2, 99, *range(3, 26)]
    assert [o.result.scorecard.total for o in outcomes if isinstance(o.result, perfeval.Audit)] == [
        perfeval.audit(t).scorecard.total for t in tables
    ]
    assert outcomes[3].error is not None
    assert (type(outcomes[3].error), str(outcomes[3].error)) == (perfeval.NotJSONError, "memory[99]: broken")


def test_the_cli_prints_the_same_with_two_jobs(mixed_jsonl: Path) -> None:
    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [*COMMAND, "audit", "--format", "jsonl", *args, str(mixed_jsonl)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
        )
        assert "Traceback" not in proc.stderr, proc.stderr
        return proc

    one, two, auto = cli(), cli("--jobs", "2"), cli("--jobs", "auto")
    assert (one.returncode, two.returncode, auto.returncode) == (2, 2, 2)
    assert two.stdout == one.stdout == auto.stdout
    assert len(one.stdout.splitlines()) == 26 * 3 + 9


@pytest.mark.parametrize(("value", "message"), [("0", "must be 1 or more, or 'auto'"), ("many", "nor 'auto'")])
def test_a_bad_number_of_jobs_is_refused_in_one_line(value: str, message: str) -> None:
    """--jobs takes a positive number or auto; anything else is a usage error (exit 2), not a traceback."""
    proc = subprocess.run(
        [*COMMAND, "audit", "--jobs", value, "--example"], capture_output=True, text=True, encoding="utf-8"
    )
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


# --- the values pickle --------------------------------------------------------


def _sample_tables() -> list[perfeval.Table]:
    return [t for p in perfeval.example_paths() for t in perfeval.load(p)]


def test_audits_scorecards_and_outcomes_round_trip_through_pickle() -> None:
    for table in _sample_tables():
        result = perfeval.audit(table)
        for value in (table, result, result.scorecard, *result.findings, Outcome("s", 0, result=result, line=3)):
            copy = pickle.loads(pickle.dumps(value))
            assert copy == value
            assert type(copy) is type(value)
        assert pickle.loads(pickle.dumps(result)).findings == result.findings


def _error_classes() -> list[type[errors.PerfevalError]]:
    found = []
    todo: list[type[errors.PerfevalError]] = [errors.PerfevalError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def test_every_error_class_is_checked() -> None:
    names = {cls.__name__ for cls in _error_classes()}
    assert {"PerfevalError", "InvalidTableError", "CellError", "NotJSONError", "InternalError", "LayoutError"} <= names


@pytest.mark.parametrize("cls", _error_classes(), ids=lambda cls: cls.__name__)
def test_errors_round_trip_through_pickle(cls: type[errors.PerfevalError]) -> None:
    problems = [errors.Problem("$.funds.total.annual", "must not be negative: '-5'"), errors.Problem("$", "x")]
    if issubclass(cls, errors.InvalidTableError):
        error: errors.PerfevalError = cls(problems, source="a.jsonl", index=4)
    elif issubclass(cls, LayoutError):  # made of the problems it found, like InvalidTableError
        error = cls(problems).located("a.jsonl", 4)
    else:
        error = cls("something is wrong", path="$.indicators[2].weight").located("a.jsonl", 4)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is cls
    assert isinstance(copy, errors.PerfevalError)
    assert (copy.message, copy.path, copy.source, copy.index, copy.code) == (
        error.message,
        error.path,
        error.source,
        error.index,
        error.code,
    )
    assert str(copy) == str(error)
    assert copy.to_dict() == error.to_dict()
    if isinstance(error, errors.InvalidTableError):
        assert isinstance(copy, errors.InvalidTableError)
        assert copy.problems == error.problems
        assert copy.message == "2 problems: $.funds.total.annual: must not be negative: '-5'; $: x"
    outcome = Outcome("a.jsonl", 4, error=error, line=5)
    back = pickle.loads(pickle.dumps(outcome))
    assert (back.source, back.index, back.line, type(back.error), str(back.error)) == (
        "a.jsonl",
        4,
        5,
        cls,
        str(error),
    )


# --- workers that parse and render: run_mapped over unparsed lines ------------


def _rendered(outcome: Outcome) -> str:
    """What a worker sends back: the element as one JSON line (a module-level function pickles)."""
    return json.dumps(_element(outcome), ensure_ascii=False)


def test_unparsed_lines_become_the_records_read_path_gives(mixed_jsonl: Path) -> None:
    items = list(unparsed_path(mixed_jsonl))
    assert all(isinstance(item, Unparsed) for item in items)
    parsed = [item.record() for item in items if isinstance(item, Unparsed)]
    read = list(read_path(mixed_jsonl))
    assert [(r.source, r.index, r.line, r.table) for r in parsed] == [
        (r.source, r.index, r.line, r.table) for r in read
    ]
    assert [str(r.error) for r in parsed] == [str(r.error) for r in read]


def test_unparsed_path_reports_empty_files_and_reads_json_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"\n \n")
    [record] = unparsed_path(empty)
    assert isinstance(record, Record)
    assert record.error is not None
    assert record.error.message == "the file is empty: no JSON lines"
    [sample] = unparsed_path(perfeval.example_paths()[0])
    assert isinstance(sample, Record)
    assert sample.table == perfeval.load(perfeval.example_paths()[0])[0]


@pytest.mark.parametrize("jobs", [1, 2])
def test_run_mapped_renders_in_the_workers_what_one_process_renders(mixed_jsonl: Path, jobs: int) -> None:
    expected = [_rendered(o) for o in run(read_path(mixed_jsonl))]
    got = list(batch.run_mapped(unparsed_path(mixed_jsonl), _rendered, jobs=jobs))
    assert got == expected
    assert len(got) == 26 * 3 + 9
