"""JSON output written as the encoder's bytes, in a subprocess with a buffered standard output.

The CLI writes JSON straight to the binary stream under standard output when its bytes are what the
text would be; with ``PYTHONUNBUFFERED`` set, standard output is unbuffered and the text layer writes the
same bytes instead. Both ways are run here (the environment's own setting is not inherited).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import perfeval

SCRIPT = Path(sys.executable).with_name("perfeval")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "perfeval.cli"]
TABLE = json.dumps(json.loads(perfeval.example_paths()[0].read_text(encoding="utf-8")), ensure_ascii=False)


def _run(args: list[str | bytes], locale: str, unbuffered: bool = False) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONUNBUFFERED", "PYTHONIOENCODING")}
    env["LC_ALL"] = locale
    if unbuffered:  # standard output unbuffered: the printed bytes go through the text stream instead
        env["PYTHONUNBUFFERED"] = "1"
    proc = subprocess.run([*COMMAND, *args], capture_output=True, env=env, timeout=120)
    assert b"Traceback" not in proc.stderr, proc.stderr.decode("utf-8", "replace")
    return proc


@pytest.fixture
def odd_name(tmp_path: Path) -> bytes:
    """A folder holding a JSON Lines file whose name is not UTF-8 (byte 0xFF) and one whose name is."""
    folder = os.fsencode(tmp_path / "dd")
    os.mkdir(folder)
    try:
        with open(os.path.join(folder, b"a\xff.jsonl"), "w", encoding="utf-8") as handle:
            handle.write(TABLE + "\n" + TABLE + "\n")
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    with open(os.path.join(folder, b"b.jsonl"), "w", encoding="utf-8") as handle:
        handle.write(TABLE + "\n")
    return folder


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names are bytes")
@pytest.mark.parametrize("unbuffered", [False, True])
@pytest.mark.parametrize("locale", ["C.UTF-8", "C"])
@pytest.mark.parametrize(("fmt", "jobs"), [("jsonl", "1"), ("json", "1"), ("jsonl", "2"), ("text", "2")])
def test_a_file_name_that_is_not_utf8_is_written_back_as_its_bytes(
    odd_name: bytes, fmt: str, jobs: str, locale: str, unbuffered: bool
) -> None:
    proc = _run(["audit", "--format", fmt, "--jobs", jobs, "-q", "--fail-on", "never", odd_name], locale, unbuffered)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    out = proc.stdout
    assert out.count(b"a\xff.jsonl") >= 2  # both tables of the odd file, named by the name's own bytes
    assert b"b.jsonl" in out
    if fmt == "jsonl":
        lines = out.splitlines()
        assert len(lines) == 3
        elements = [json.loads(line.decode("utf-8", "surrogateescape")) for line in lines]
        assert [e["index"] for e in elements] == [0, 1, 0]
        assert all("findings" in e for e in elements)
