"""The output never destroys an input, is never read as one, and never is half a file.

``perfeval audit --format json -o t.json t.json`` used to empty ``t.json``
before reading it; ``-o tables/report.json tables/`` read its own report back;
``-o /dev/full`` was an "internal error"; an interrupted run left half a file.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_outputs import COMMAND, cli, run, sample

import perfeval
from perfeval.batch import run as run_batch
from perfeval.errors import PerfevalError
from perfeval.outcome import Outcome
from perfeval.read.records import iter_records
from perfeval.report.output import writing
from perfeval.report.writers import write_tabular

FORMATS = ["json", "jsonl", "text", "csv", "xlsx"]

#: How the command line opens a user error (both languages, docs/decisions.md).
PROCEED = "perfeval: 无法完成 cannot proceed: "


@pytest.fixture
def tables(tmp_path: Path) -> Path:
    """A folder of two tables."""
    folder = tmp_path / "tables"
    folder.mkdir()
    for name in ("a.json", "b.json"):
        (folder / name).write_text(json.dumps(sample(), ensure_ascii=False), encoding="utf-8")
    return folder


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_output_that_is_an_input_is_refused_before_reading(tables: Path) -> None:
    before = _snapshot(tables)
    target = tables / "a.json"
    proc = run("audit", "--format", "json", "-o", target, target)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == PROCEED + f"the output {target} is the input {target}: writing it would destroy it\n"
    assert _snapshot(tables) == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_refuses_it(fmt: str, tables: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _snapshot(tables)
    target = tables / "a.json"
    status, out, err = cli(capsys, "audit", "--format", fmt, "-o", target, target)
    assert (status, out) == (2, "")
    assert "is the input" in err
    assert _snapshot(tables) == before


def test_score_refuses_it_too(tables: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _snapshot(tables)
    status, _, _ = cli(
        capsys, "score", "--format", "json", "-o", tables / "b.json", tables / "a.json", tables / "b.json"
    )
    assert (status, _snapshot(tables)) == (2, before)


@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_a_link_to_an_input_is_that_input(
    link: str, tables: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _snapshot(tables)
    alias = tmp_path / "alias.json"
    if link == "symlink":
        alias.symlink_to(tables / "a.json")
    else:
        os.link(tables / "a.json", alias)
    status, _, _ = cli(capsys, "audit", "--format", "json", "-o", alias, tables / "a.json")
    assert status == 2
    assert _snapshot(tables) == before


@pytest.mark.parametrize("name", ["report.json", "sub/report.jsonl", "paper.xlsx"])
def test_an_output_an_input_folder_would_read_is_refused(
    name: str, tables: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tables / "sub").mkdir()
    before = _snapshot(tables)
    fmt = "xlsx" if name.endswith(".xlsx") else "json"
    status, _, err = cli(capsys, "audit", "--format", fmt, "-o", tables / name, tables)
    assert status == 2
    assert "inside the input folder" in err
    assert _snapshot(tables) == before
    # What the folder would not read — a CSV, a hidden name — may be written there, and no temporary file stays.
    assert cli(capsys, "audit", "--format", "csv", "-o", tables / "findings.csv", tables)[0] == 0
    assert cli(capsys, "audit", "--format", "json", "-o", tables / ".report.json", tables)[0] == 0
    after = _snapshot(tables)
    assert set(after) == {*before, "findings.csv", ".report.json"}
    assert len(json.loads(after[".report.json"])) == 2


def test_a_folder_holding_a_link_to_the_output_is_refused(
    tables: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.json"
    report.write_text("old report", encoding="utf-8")
    (tables / "c.json").symlink_to(report)
    assert cli(capsys, "audit", "--format", "json", "-o", report, tables)[0] == 2
    assert report.read_text(encoding="utf-8") == "old report"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["json", "xlsx"])  # xlsx: openpyxl's half-closed zip file printed a traceback at exit
def test_a_full_disk_is_a_user_error(fmt: str, tables: Path) -> None:
    proc = run("audit", "--format", fmt, "-o", "/dev/full", tables)
    assert proc.returncode == 2
    assert proc.stderr == PROCEED + "cannot write /dev/full: No space left on device\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["jsonl", "text", "csv"])
def test_a_full_disk_is_a_user_error_in_the_other_formats(
    fmt: str, tables: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = cli(capsys, "audit", "--format", fmt, "-o", "/dev/full", tables)
    assert (status, err) == (2, PROCEED + "cannot write /dev/full: No space left on device\n")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_directory_as_output_is_a_user_error(
    fmt: str, tables: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    status, _, err = cli(capsys, "audit", "--format", fmt, "-o", folder, tables)
    assert (status, err) == (2, PROCEED + f"cannot write {folder}: it is a directory\n")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
@pytest.mark.parametrize("fmt", FORMATS)
def test_no_permission_is_a_user_error(
    fmt: str, tables: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        status, _, err = cli(capsys, "audit", "--format", fmt, "-o", locked / "out", tables)
    finally:
        locked.chmod(0o700)
    assert status == 2
    assert "ermission denied" in err


def _interrupted(outcomes: Iterator[Outcome]) -> Iterator[Outcome]:
    yield next(outcomes)
    raise KeyboardInterrupt


@pytest.mark.parametrize("fmt", ["csv"])  # the working paper is written at the end anyway
def test_an_interrupted_run_leaves_the_old_file_and_no_temporary(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"old.{fmt}"
    out.write_bytes(b"the previous run's output")
    outcomes = run_batch(iter_records(perfeval.example_paths()[:3]))
    with pytest.raises(KeyboardInterrupt):
        write_tabular(_interrupted(outcomes), fmt, out)
    assert out.read_bytes() == b"the previous run's output"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_writing_replaces_the_target_only_at_the_end(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    with writing(out) as handle:
        handle.write("new")
        handle.flush()
        assert out.read_text(encoding="utf-8") == "old"  # still the old file while writing
    assert out.read_text(encoding="utf-8") == "new"
    assert out.stat().st_mode & 0o777 == 0o640  # the file keeps its permissions
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_a_failure_while_writing_is_a_perfeval_error_and_leaves_no_temporary(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    with pytest.raises(PerfevalError, match=r"cannot write .*out\.json: No space left on device"), writing(out):
        raise OSError(28, "No space left on device")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_full_disk_behind_standard_output_is_a_user_error(fmt: str, tables: Path) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [*COMMAND, "audit", "--format", fmt, str(tables)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert (proc.returncode, proc.stderr) == (
        2,
        PROCEED + "cannot write standard output: No space left on device\n",
    )


@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT")
def test_ctrl_c_leaves_the_old_output_and_no_temporary(tmp_path: Path) -> None:
    """Tables streamed from a pipe, Ctrl-C half-way: exit 130, the previous output as it was."""
    out = tmp_path / "out.jsonl"
    out.write_text("the previous run's output\n", encoding="utf-8")
    line = json.dumps(sample(), ensure_ascii=False) + "\n"
    proc = subprocess.Popen(
        [*COMMAND, "audit", "--format", "jsonl", "-o", str(out), "-"],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    assert proc.stdin is not None
    proc.stdin.write(line * 3)
    proc.stdin.flush()
    deadline = time.monotonic() + 30
    while not any(p.name.endswith(".tmp") for p in tmp_path.iterdir()):  # writing has begun
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(0.5)  # the three tables are audited and written to the temporary file
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "the previous run's output\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


@pytest.mark.parametrize("suffix", [".pdf", ".ods", ".xls", ".docx"])
def test_an_output_with_a_newer_table_suffix_inside_an_input_folder_is_refused(tmp_path: Path, suffix: str) -> None:
    """Every suffix a folder is searched for counts: a report.pdf in the folder would be read back next time."""
    tables = tmp_path / "tables"
    tables.mkdir()
    (tables / "a.json").write_bytes(perfeval.example_paths()[0].read_bytes())
    proc = subprocess.run(
        [*COMMAND, "audit", str(tables), "-o", str(tables / f"report{suffix}")], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert "inside the input folder" in proc.stderr
    assert not (tables / f"report{suffix}").exists()
