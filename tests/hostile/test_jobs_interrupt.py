"""`--jobs`: a worker killed from outside, or Ctrl-C, ends the run at once with a clear status, nothing left behind."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import perfeval

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the workers in /proc")

SCRIPT = Path(sys.executable).with_name("perfeval")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "perfeval.cli"]


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled tables as JSON Lines, 400 times over: long enough that the run is stopped half-way."""
    lines = [json.dumps(json.loads(p.read_text("utf-8")), ensure_ascii=False) for p in perfeval.example_paths()]
    path = tmp_path_factory.mktemp("jobs") / "many.jsonl"
    path.write_text("\n".join(lines * 400) + "\n", encoding="utf-8")
    return path


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            found += [int(n) for n in (task / "children").read_text().split()]
    return found


def _start(many: Path, tmp_path: Path) -> tuple[subprocess.Popen[bytes], list[int]]:
    """`perfeval audit --jobs 2` in its own process group, once its two workers run."""
    out = (tmp_path / "out.jsonl").open("wb")
    process = subprocess.Popen(
        [*COMMAND, "audit", "--format", "jsonl", "--jobs", "2", str(many)],
        stdout=out,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while len(workers := _children(process.pid)) < 2:
        assert time.monotonic() < deadline, "the workers never started"
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        time.sleep(0.01)
    return process, workers


def _alive(pids: list[int]) -> list[int]:
    alive = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.append(pid)
    return alive


def test_a_worker_killed_from_outside_ends_the_run_with_status_2(many: Path, tmp_path: Path) -> None:
    """SIGKILL to a worker (as the kernel does on low memory): a clear message, exit 2, not a wait for ever."""
    process, workers = _start(many, tmp_path)
    os.kill(workers[0], signal.SIGKILL)
    try:
        _, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 2, stderr
    assert stderr.decode().startswith("perfeval: 工作进程中断 worker lost: a worker process ended before finishing"), (
        stderr
    )
    assert "Traceback" not in stderr.decode()
    written = (tmp_path / "out.jsonl").read_bytes().count(b"\n")
    assert written < 26 * 400
    assert _alive(workers) == []


def test_ctrl_c_ends_the_run_at_once_with_status_130_and_no_worker_left(many: Path, tmp_path: Path) -> None:
    """SIGINT to the whole process group (Ctrl-C): exit 130 within seconds, no traceback, every worker gone."""
    process, workers = _start(many, tmp_path)
    time.sleep(0.2)
    os.killpg(process.pid, signal.SIGINT)
    started = time.monotonic()
    try:
        _, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    assert time.monotonic() - started < 5
    assert process.returncode == 130, stderr
    text = stderr.decode()  # no traceback from the parent or a worker: only the note of where it stopped
    assert "Traceback" not in text
    assert text.strip().splitlines()[-1].startswith("perfeval: interrupted after"), text
    assert _alive(workers) == []
