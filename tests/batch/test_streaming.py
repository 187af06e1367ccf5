"""JSON Lines stream: each record is written as soon as it is audited, and memory does not grow with the input."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

import pytest

import perfeval

SCRIPT = Path(sys.executable).with_name("perfeval")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "perfeval.cli"]
GUARD = 120  # seconds: a guard against a hang, not a measurement

SAMPLE = json.dumps(json.loads(perfeval.example_paths()[0].read_text(encoding="utf-8")), ensure_ascii=False)


def _read_line(stream: IO[str]) -> dict[str, Any]:
    ready, _, _ = select.select([stream], [], [], GUARD)
    assert ready, "no output line while the input was still open"
    line = stream.readline()
    assert line.endswith("\n")
    element: dict[str, Any] = json.loads(line)
    return element


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a named pipe")
def test_each_record_is_written_before_the_input_ends(tmp_path: Path) -> None:
    fifo = tmp_path / "incoming.jsonl"
    os.mkfifo(fifo)
    proc = subprocess.Popen(
        [*COMMAND, "audit", "--format", "jsonl", str(fifo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    assert proc.stdout is not None
    try:
        with fifo.open("w", encoding="utf-8") as writer:
            writer.write(SAMPLE + "\n")
            writer.flush()
            first = _read_line(proc.stdout)  # the writer is still open: the input has not ended
            assert (first["index"], first["project"]) == (0, "省级医药储备补助资金")

            writer.write("\n{not json\n")
            writer.flush()
            second = _read_line(proc.stdout)
            assert second["index"] == 1
            assert second["error"]["code"] == "not-json"
            assert second["error"]["message"].startswith("line 3: not JSON")

            writer.write(SAMPLE.replace("省级医药储备补助资金", "第三表") + "\n")
        third = _read_line(proc.stdout)
        assert (third["index"], third["project"]) == (2, "第三表")
        assert proc.stdout.read() == ""
        assert proc.wait(timeout=GUARD) == 2  # one record could not be read
        assert proc.stderr is not None
        assert proc.stderr.read() == ""
    finally:
        proc.kill()
        proc.wait()


#: Runs the command line in a fresh interpreter and reports its own peak (VmHWM):
#: ru_maxrss of a child would include the pages it shared with this (large) process before exec.
_PEAK = """
import sys
from perfeval.cli import main
status = main(sys.argv[1:])
with open("/proc/self/status") as f:
    peak = next(line.split()[1] for line in f if line.startswith("VmHWM:"))
print(peak, file=sys.stderr)
sys.exit(status)
"""


def _peak_mib(path: Path) -> float:
    proc = subprocess.run(
        [sys.executable, "-c", _PEAK, "audit", "--format", "jsonl", "--output", os.devnull, str(path)],
        capture_output=True,
        text=True,
        timeout=GUARD,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return int(proc.stderr.split()[-1]) / 1024  # kB


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc for the peak memory")
def test_memory_does_not_grow_with_the_input(tmp_path: Path) -> None:
    lines = [
        json.dumps(json.loads(p.read_text(encoding="utf-8")), ensure_ascii=False) for p in perfeval.example_paths()
    ]
    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    small.write_text("\n".join(lines * 10) + "\n", encoding="utf-8")  # 260 tables
    large.write_text("\n".join(lines * 160) + "\n", encoding="utf-8")  # 4,160 tables, 16 times the input
    assert large.stat().st_size > 16 * small.stat().st_size - 100
    grown = _peak_mib(large) - _peak_mib(small)
    assert grown < 8, f"peak memory grew by {grown:.1f} MiB for 16 times the input"
