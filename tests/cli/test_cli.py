"""The command line through the console script, in a subprocess: formats, exit statuses, broken inputs.

Every run also checks that nothing like a traceback reached standard error.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import perfeval

SCRIPT = Path(sys.executable).with_name("perfeval")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "perfeval.cli"]

SCORE_KEYS = ["source", "index", "project", "execution", "indicators", "total", "grade"]
FINDING_KEYS = ["code", "severity", "path", "reported", "computed", "rule", "message_zh", "message_en", "also"]
ERROR_KEYS = ["source", "index", "error"]


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``perfeval ARGS``; fail on anything that looks like a traceback."""
    proc = subprocess.run(
        [*COMMAND, *map(str, args)], capture_output=True, text=True, encoding="utf-8", timeout=60, cwd=cwd
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout
    return proc


def _good_table(**changes: Any) -> dict[str, Any]:
    line = {"initial": "100.00", "annual": "100.00", "executed": "100.00"}
    table: dict[str, Any] = {
        "format": "perfeval-table/1",
        "year": 2023,
        "project": "好表",
        "funds": {"total": dict(line), "fiscal": dict(line)},
        "execution": {"weight": "10.00", "rate": "100.00", "score": "10.00"},
        "indicators": [
            {"level1": "产出指标", "name": "人数", "operator": "≥", "target": "10", "unit": "人", "actual": "10",
             "weight": "50.00", "score": "50.00"},
            {"level1": "效益指标", "name": "效果", "operator": "=", "target": "有效提升", "actual": "有效提升",
             "weight": "30.00", "score": "30.00"},
            {"level1": "满意度指标", "name": "满意度", "operator": "≥", "target": "90", "unit": "%",
             "actual": "95", "weight": "10.00", "score": "10.00"},
        ],
        "subtotal": "90.00",
        "total": "100.00",
        "grade": "优",
    }  # fmt: skip
    table = copy.deepcopy(table)
    for key, value in changes.items():
        table[key] = value
    return table


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Good, warning-only, erroneous and broken inputs."""
    folder = tmp_path_factory.mktemp("cli")
    warning = _good_table()
    warning["indicators"][0] = {**warning["indicators"][0], "operator": "-"}
    error = _good_table(total="99.00")
    made = {
        "good.json": json.dumps(_good_table(), ensure_ascii=False),
        "good2.json": json.dumps([_good_table(project="好表二"), _good_table(project="好表三")], ensure_ascii=False),
        "warning.json": json.dumps(warning, ensure_ascii=False),
        "error.json": json.dumps(error, ensure_ascii=False),
        "broken.json": '{"project": "坏表", ',
        "empty.json": "",
        "numbers.json": "[1, 2]",
        "invalid.json": json.dumps(_good_table(indicators=3)),
        "mixed.jsonl": "\n".join(
            [json.dumps(_good_table(project="行一"), ensure_ascii=False), "{oops", json.dumps(_good_table())]
        ),
    }
    paths = {}
    for name, text in made.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths[name] = path
    paths["dir"] = folder
    paths["binary"] = folder / "binary.json"
    paths["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff")
    return paths


@pytest.fixture(scope="module")
def example_json() -> list[dict[str, Any]]:
    proc = run("audit", "--example", "--format", "json")
    assert proc.returncode == 1  # the samples hold real errors
    assert proc.stderr == ""
    elements: list[dict[str, Any]] = json.loads(proc.stdout)
    return elements


def test_example_json_shape(example_json: list[dict[str, Any]]) -> None:
    assert len(example_json) == 26
    assert [e["index"] for e in example_json] == [0] * 26
    assert [e["source"] for e in example_json] == [f"yunnan-2023/{p.name}" for p in perfeval.example_paths()]
    for element in example_json:
        assert list(element) == [*SCORE_KEYS, "findings"]
        assert list(element["execution"]) == ["rate", "points"]
        for row in element["indicators"]:
            assert list(row) == ["name", "kind", "met", "points"]
        for finding in element["findings"]:
            assert list(finding) == FINDING_KEYS
            assert finding["severity"] in ("error", "warning", "info")


def test_example_json_values(example_json: list[dict[str, Any]]) -> None:
    travel = example_json[21]
    assert (travel["total"], travel["grade"]) == ("52.15", "差")
    assert travel["execution"] == {"rate": "5.63", "points": "0.56"}
    first = travel["findings"][0]
    assert first == {
        "code": "unmet-target-full-score",
        "severity": "error",
        "path": "$.indicators[0].score",
        "reported": "15.00",
        "computed": "2.50",
        "rule": "R4.1",
        "message_zh": "未完成指标值却得满分15.00，按规则应为2.50",
        "message_en": "target not met yet full marks 15.00; the rule gives 2.50",
        "also": ["score-above-computed"],
    }
    assert example_json[0]["findings"] == []
    assert (example_json[0]["total"], example_json[0]["grade"]) == ("100.00", "优")


def test_jsonl_is_json_one_element_a_line(example_json: list[dict[str, Any]]) -> None:
    proc = run("audit", "--example", "--format", "jsonl")
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert [json.loads(line) for line in lines] == example_json


def test_text_report_of_the_example() -> None:
    proc = run("audit", "--example")
    assert proc.returncode == 1
    out = proc.stdout
    assert "因公出国（境）专项经费" in out
    assert "unmet-target-full-score" in out
    assert "tables read 26" in out
    assert "with errors" in out
    for line in out.splitlines():
        assert perfeval_width(line) <= 100, line
    block = out[out.index("22-official-overseas-travel.json[0]") :].split("\n\n")[0].splitlines()
    assert block[1].split() == ["reported", "90.56", "优", "computed", "52.15", "差", "3", "errors", "·", "6",
                                "warnings", "·", "0", "info"]  # fmt: skip
    assert block[2] == "  errors (3)"  # R11 v2: one finding per wrong cell
    head = block[3].split()
    assert head == ["✗", "unmet-target-full-score", "indicators[0].score", "15.00", "→", "2.50", "R4.1"]
    assert block[4].strip() == "单个团组出访总人数：未完成指标值却得满分15.00，按规则应为2.50"
    assert block[5].strip() == "target not met yet full marks 15.00; the rule gives 2.50"
    assert block[6].strip() == "also 另见: score-above-computed"
    assert "  warnings (6)" in block
    summary = out[out.index("tables read") :].splitlines()
    assert summary[0] == "tables read 26 · unreadable 0 · with errors 7"
    assert summary[2].split()[:3] == ["error", "5", "unmet-target-full-score"]
    score = run("score", "--example")
    assert score.returncode == 0
    assert max(perfeval_width(line) for line in score.stdout.splitlines()) <= 100


def perfeval_width(text: str) -> int:
    from perfeval.report.render import display_width

    return display_width(text)


def test_broken_file_between_two_good_ones(files: dict[str, Path]) -> None:
    proc = run("audit", "--format", "json", files["good.json"], files["broken.json"], files["good2.json"])
    assert proc.returncode == 2
    elements = json.loads(proc.stdout)
    assert [(e["source"], e["index"]) for e in elements] == [
        (str(files["good.json"]), 0),
        (str(files["broken.json"]), 0),
        (str(files["good2.json"]), 0),
        (str(files["good2.json"]), 1),
    ]
    broken = elements[1]
    assert list(broken) == ERROR_KEYS
    assert list(broken["error"]) == ["code", "message", "path"]
    assert broken["error"]["code"] == "not-json"
    assert [e["project"] for e in elements if "project" in e] == ["好表", "好表二", "好表三"]
    assert all(e["findings"] == [] for e in elements if "findings" in e)

    text = run("audit", files["good.json"], files["broken.json"], files["good2.json"])
    assert text.returncode == 2
    positions = [text.stdout.index(name) for name in ("good.json[0]", "broken.json[0]", "good2.json[1]")]
    assert positions == sorted(positions)
    assert "unreadable 1" in text.stdout

    lines = run("audit", "--format", "jsonl", files["good.json"], files["broken.json"], files["good2.json"])
    assert lines.returncode == 2
    assert [json.loads(line) for line in lines.stdout.splitlines()] == elements


def test_jsonl_input_with_a_bad_line(files: dict[str, Path]) -> None:
    proc = run("audit", "--format", "json", files["mixed.jsonl"])
    assert proc.returncode == 2
    elements = json.loads(proc.stdout)
    assert [e.get("project") for e in elements] == ["行一", None, "好表"]
    assert elements[1]["error"]["code"] == "not-json"
    assert [e["index"] for e in elements] == [0, 1, 2]


@pytest.mark.parametrize(
    ("name", "fail_on", "status"),
    [
        ("good.json", "error", 0),
        ("good.json", "warning", 0),
        ("warning.json", "error", 0),
        ("warning.json", "warning", 1),
        ("warning.json", "never", 0),
        ("error.json", "error", 1),
        ("error.json", "warning", 1),
        ("error.json", "never", 0),
    ],
)
def test_fail_on(files: dict[str, Path], name: str, fail_on: str, status: int) -> None:
    proc = run("audit", "--fail-on", fail_on, "--format", "jsonl", files[name])
    assert proc.returncode == status
    [element] = [json.loads(line) for line in proc.stdout.splitlines()]
    severities = {f["severity"] for f in element["findings"]}
    assert severities == {"good.json": set(), "warning.json": {"warning"}, "error.json": {"error", "warning"}}[name]


def test_unreadable_input_wins_over_fail_on_never(files: dict[str, Path]) -> None:
    proc = run("audit", "--fail-on", "never", files["error.json"], files["broken.json"])
    assert proc.returncode == 2


def test_default_fail_on_is_error(files: dict[str, Path]) -> None:
    assert run("audit", files["warning.json"]).returncode == 0
    assert run("audit", files["error.json"]).returncode == 1


def test_rules_option(files: dict[str, Path], tmp_path: Path) -> None:
    table = _good_table()
    table["indicators"][0] = {**table["indicators"][0], "actual": "12.5", "explanation": "超额完成"}
    path = tmp_path / "over.json"
    path.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    central = json.loads(run("audit", "--format", "json", path).stdout)[0]
    guangxi = json.loads(run("audit", "--rules", "guangxi", "--format", "json", path).stdout)[0]
    assert [f["code"] for f in central["findings"]] == ["over-achievement"]
    assert guangxi["findings"] == []
    unknown = run("audit", "--rules", "no-such-rules", path)
    assert unknown.returncode == 2
    assert "no-such-rules" in unknown.stderr


def test_score_json(files: dict[str, Path]) -> None:
    proc = run("score", "--format", "json", files["good.json"], files["broken.json"])
    assert proc.returncode == 2
    good, broken = json.loads(proc.stdout)
    assert list(good) == SCORE_KEYS
    assert good["execution"] == {"rate": "100.00", "points": "10.00"}
    assert good["indicators"][0] == {"name": "人数", "kind": "quantitative", "met": True, "points": "50.00"}
    assert good["indicators"][1]["kind"] == "qualitative"
    assert (good["total"], good["grade"]) == ("100.00", "优")
    assert list(broken) == ERROR_KEYS
    example = run("score", "--example", "--format", "json")
    assert example.returncode == 0
    assert len(json.loads(example.stdout)) == 26


@pytest.mark.parametrize(
    "name", ["broken.json", "empty.json", "numbers.json", "invalid.json", "binary", "missing.json"]
)
def test_never_a_traceback_on_bad_input(files: dict[str, Path], name: str) -> None:
    path = files.get(name, files["dir"] / "missing.json")
    proc = run("audit", "--format", "json", path)
    assert proc.returncode == 2
    elements = json.loads(proc.stdout)
    assert elements
    for element in elements:
        assert list(element) == ERROR_KEYS
        assert element["error"]["code"] in {"not-json", "invalid-table", "unreadable-file"}
        assert element["error"]["message"]


def test_bad_invocations_exit_2_without_traceback(files: dict[str, Path]) -> None:
    assert run("audit").returncode == 2
    assert run("audit", "--format", "yaml", files["good.json"]).returncode == 2
    assert run("audit", "--fail-on", "sometimes", files["good.json"]).returncode == 2
    assert run("explain", files["broken.json"]).returncode == 2
    assert run("explain", files["good.json"], "--indicator", "99").returncode == 2
    assert run("frobnicate").returncode == 2


def test_explain_table_22_indicator_0() -> None:
    path = perfeval.example_paths()[21]
    proc = run("explain", path, "--table", "0", "--indicator", "0")
    assert proc.returncode == 0
    rows = [line.strip() for line in proc.stdout.splitlines()]
    assert "R4.2 1 / 6 × 15.00 = 2.50 (unmet: 1 < 6)" in rows
    whole = run("explain", path).stdout
    assert "R1.2 10.00 × 5.63% / 100 = 0.56 (printed rate, ROUND_HALF_UP)" in whole
    assert "R9.2 grade of 52.15 = 差" in whole


def test_explain_of_one_row_goes_on_past_tables_without_it() -> None:
    """--indicator 7 over the 26 samples: the tables with 8 rows are explained, the others noted on stderr."""
    proc = run("explain", "--example", "--indicator", "7")
    assert proc.returncode == 0
    assert "yunnan-2023/01-medicine-reserve.json[0]: no indicator 7 (6 rows)" in proc.stderr
    explained = [line for line in proc.stdout.splitlines() if line.startswith("yunnan-2023/")]
    assert len(explained) == sum(len(t.indicators) >= 8 for p in perfeval.example_paths() for t in perfeval.load(p))
    assert len(explained) >= 3
    none = run("explain", "--example", "--indicator", "40")
    assert none.returncode == 2
    assert "no input table has an indicator 40" in none.stderr


@pytest.mark.parametrize("fmt", ["json", "jsonl", "text", "csv"])
def test_an_output_path_that_cannot_be_written_is_a_user_error(fmt: str, tmp_path: Path) -> None:
    """A missing folder in --output is said plainly (exit 2), not reported as an internal error."""
    proc = run("audit", "--example", "--format", fmt, "--output", tmp_path / "no-such-folder" / "out")
    assert proc.returncode == 2
    assert "cannot write" in proc.stderr
    assert "internal error" not in proc.stderr


def test_fail_on_info_fails_on_any_finding() -> None:
    """Table 05 has only info findings (qualitative-unassessed): exit 0 up to warning, 1 at info."""
    table_05 = perfeval.example_paths()[4]
    assert [run("audit", "--fail-on", level, table_05).returncode for level in ("error", "warning", "info")] == [
        0,
        0,
        1,
    ]


def test_consistent_input_exits_0_with_no_findings(files: dict[str, Path]) -> None:
    proc = run("audit", files["good.json"], files["good2.json"])
    assert proc.returncode == 0
    assert "tables read 3" in proc.stdout
    assert "with errors 0" in proc.stdout


def test_output_file(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    proc = run("audit", "--format", "json", "--output", out, files["good.json"])
    assert proc.returncode == 0
    assert proc.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))[0]["project"] == "好表"


def test_explain_as_data(files: dict[str, Path]) -> None:
    path = perfeval.example_paths()[21]
    proc = run("explain", path, "--format", "json", "--indicator", "0")
    assert proc.returncode == 0
    [element] = json.loads(proc.stdout)
    [row] = element["indicators"]
    assert row["points"] == "2.50"
    assert {"rule": "R4.2", "text": "1 / 6 × 15.00 = 2.50 (unmet: 1 < 6)"} in row["steps"]
    whole = json.loads(run("explain", path, "--format", "json").stdout)[0]
    assert whole["execution"]["steps"][0]["rule"] == "R1.1"
    assert whole["total"] == {
        "points": "52.15",
        "grade": "差",
        "steps": [
            {"rule": "R9.1", "text": "total = 0.56 + (2.50 + 0.00 + 9.09 + 15.00 + 15.00 + 10.00) = 52.15"},
            {"rule": "R9.2", "text": "grade of 52.15 = 差"},
        ],
    }
    assert all(row["steps"] for row in whole["indicators"])
    missing = run("explain", "--example", "--table", "3")
    assert missing.returncode == 2
    assert "position 3" in missing.stderr


# --- standard input and directories ---------------------------------------------


def _feed(stdin: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    proc = subprocess.run([*COMMAND, *args], input=stdin, capture_output=True, timeout=60)
    assert b"Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_dash_reads_json_lines_from_standard_input(jobs: str) -> None:
    """``zcat t.jsonl.gz | perfeval audit -``: every line a record, in order, named <stdin>, bad lines located."""
    lines = [json.dumps(_good_table(project=f"表{i}"), ensure_ascii=False) for i in range(3)]
    stdin = "\n".join([lines[0], "[1]", lines[1], "", lines[2]]).encode()
    proc = _feed(stdin, "audit", "--format", "jsonl", "--jobs", jobs, "-")
    records = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [(r["source"], r["index"], r.get("project")) for r in records] == [
        ("<stdin>", 0, "表0"),
        ("<stdin>", 1, None),
        ("<stdin>", 2, "表1"),
        ("<stdin>", 3, "表2"),
    ]
    assert records[1]["error"]["message"] == "line 2: $: a table must be a JSON object, not an array"
    assert proc.returncode == 2  # an unreadable record


def test_empty_standard_input_is_reported_not_skipped() -> None:
    proc = _feed(b"", "score", "--format", "jsonl", "-")
    [record] = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert record["error"]["message"] == "standard input is empty: no JSON lines"
    assert proc.returncode == 2


def test_a_directory_is_every_table_file_below_it_in_path_order(tmp_path: Path) -> None:
    """Sub-folders are read, other files and hidden folders skipped; a folder with no table is reported."""
    samples = perfeval.example_paths()
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "empty").mkdir()
    (tmp_path / "b" / "2.json").write_bytes(samples[1].read_bytes())
    (tmp_path / "1.json").write_bytes(samples[0].read_bytes())
    (tmp_path / ".git" / "3.json").write_bytes(samples[2].read_bytes())
    (tmp_path / "notes.txt").write_text("not a table", encoding="utf-8")
    proc = run("score", "--format", "jsonl", tmp_path, tmp_path / "empty")
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["source"] for r in records] == [
        str(tmp_path / "1.json"),
        str(tmp_path / "b" / "2.json"),
        str(tmp_path / "empty"),
    ]
    assert [r.get("project") for r in records[:2]] == [
        perfeval.load(samples[0])[0].project,
        perfeval.load(samples[1])[0].project,
    ]
    suffixes = ".json, .jsonl, .xlsx, .xls, .ods, .docx, .pdf"
    assert records[2]["error"]["message"] == f"no table files ({suffixes}) in the directory"
    assert proc.returncode == 2
