"""The command line explains itself, shows progress on a terminal only, and stops cleanly (issue 14).

Progress is checked under a pseudo-terminal (``script``), and its absence in a
pipe; Ctrl-C (SIGINT) and a reader that goes away (``| head``) in a subprocess.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import perfeval
from perfeval.cli import _parser, main

SCRIPT = Path(sys.executable).with_name("perfeval")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "perfeval.cli"]


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = _parser()
    [commands] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(commands.choices)


@pytest.mark.parametrize("command", ["score", "audit", "explain"])
def test_every_option_has_help_and_the_help_states_the_exit_statuses(command: str) -> None:
    sub = _subparsers()[command]
    for action in sub._actions:
        assert action.help, f"{command} {action.option_strings or action.dest} has no help text"
    text = sub.format_help()
    for status in ("0 ", "1 ", "2 ", "130 "):
        assert f"\n  {status}" in text
    assert "Chinese and English" in text


def test_the_top_level_help_states_the_exit_statuses() -> None:
    text = _parser().format_help()
    assert "exit status:" in text
    assert "130  interrupted" in text


def test_errors_are_in_chinese_and_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit"]) == 2
    err = capsys.readouterr().err
    assert err == "perfeval: 无法完成 cannot proceed: no input: name one or more files, or use --example\n"
    assert main(["audit", "no-such-file.json", "--rules", "central-2020", "--format", "xlsx"]) == 2
    assert "无法完成 cannot proceed: --format xlsx writes a workbook" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["audit", "--rules", "beijing", "--example"])
    assert exited.value.code == 2
    usage = capsys.readouterr().err
    assert "perfeval audit: 用法错误 usage error: argument --rules: invalid choice: 'beijing'" in usage


def _jsonl(tmp_path: Path, copies: int) -> Path:
    lines = [
        json.dumps(json.loads(p.read_text(encoding="utf-8")), ensure_ascii=False) for p in perfeval.example_paths()
    ]
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(lines * copies) + "\n", encoding="utf-8")
    return path


needs_script = pytest.mark.skipif(shutil.which("script") is None, reason="needs script(1) for a pseudo-terminal")


def _in_terminal(*args: str) -> str:
    command = shlex.join([*COMMAND, *args])
    proc = subprocess.run(["script", "-qec", command, "/dev/null"], capture_output=True, text=True, timeout=120)
    return proc.stdout


@needs_script
def test_progress_is_shown_on_a_terminal(tmp_path: Path) -> None:
    out = _in_terminal("audit", "--example", "--fail-on", "never", "-o", str(tmp_path / "a.txt"))
    assert "0/26" in out  # done / total: the 26 tables are counted before they are audited
    assert "tables/s" in out


@needs_script
def test_quiet_shows_no_progress_on_a_terminal(tmp_path: Path) -> None:
    out = _in_terminal("audit", "--example", "--fail-on", "never", "--quiet", "-o", str(tmp_path / "a.txt"))
    assert "tables" not in out
    assert "%|" not in out


def test_no_progress_in_a_pipe() -> None:
    proc = subprocess.run([*COMMAND, "audit", "--example", "--fail-on", "never"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert proc.stderr == ""


def test_ctrl_c_leaves_a_note_of_where_it_stopped(tmp_path: Path) -> None:
    source = _jsonl(tmp_path, 400)  # 10,400 tables: several seconds
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        [*COMMAND, "audit", str(source), "--format", "jsonl", "-o", str(out)], stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 60

    def written() -> int:  # the output is written beside the target and renamed only at the end
        return sum(p.stat().st_size for p in tmp_path.glob(".out.jsonl*"))

    while written() < 10_000 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "Traceback" not in err
    assert "interrupted after" in err
    assert "已中断" in err
    assert f"reading {source}" in err
    tables = int(err.split("interrupted after ")[1].split()[0])
    assert 0 < tables < 10_400
    assert not out.exists()  # no half-written output in its place


def test_a_reader_that_goes_away_ends_the_run_quietly(tmp_path: Path) -> None:
    source = _jsonl(tmp_path, 100)
    proc = subprocess.Popen(
        [*COMMAND, "audit", str(source), "--format", "jsonl"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().startswith(b"{")
    proc.stdout.close()  # as `| head -1` does
    _, err = proc.communicate(timeout=60)
    assert err == b""
    assert proc.returncode == 141
