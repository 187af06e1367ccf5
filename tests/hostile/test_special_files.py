"""Special files: a folder's pipes, devices and links out of it are reported, never opened; nothing waits for ever."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import perfeval
from perfeval.read import files
from perfeval.read.records import read_path

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes and /dev/zero")

SCRIPT = Path(sys.executable).with_name("perfeval")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "perfeval.cli"]


@pytest.fixture(autouse=True)
def _unblock(tmp_path: Path) -> Iterator[None]:
    """After 20 s, open every named pipe of the test for writing once: code that waits on one fails, not hangs."""
    done = threading.Event()

    def unblock() -> None:
        if done.wait(20):
            return
        for fifo in tmp_path.rglob("*"):
            try:
                if fifo.is_fifo():
                    os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass

    thread = threading.Thread(target=unblock, daemon=True)
    thread.start()
    yield
    done.set()
    thread.join()


def _folder(tmp_path: Path) -> Path:
    """A folder with one good table, a named pipe x.json, a link y.json -> /dev/zero and links in and out."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(perfeval.example_paths()[0], folder / "a.json")
    os.mkfifo(folder / "x.json")
    (folder / "y.json").symlink_to("/dev/zero")
    outside = tmp_path / "secret.json"
    outside.write_text('{"password": "hunter2"}', encoding="utf-8")
    (folder / "z.json").symlink_to(outside)
    (folder / "inside.json").symlink_to(folder / "a.json")
    (folder / "nowhere.jsonl").symlink_to(folder / "missing.jsonl")
    return folder


def test_a_folder_reads_regular_files_and_reports_the_others(tmp_path: Path) -> None:
    """Each skipped file is an error record saying why, in its place; links inside the folder are followed."""
    folder = _folder(tmp_path)
    got = {Path(r.source).name: (r.table.project if r.table else r.error.message) for r in read_path(folder)}
    project = perfeval.load(perfeval.example_paths()[0])[0].project
    assert got == {
        "a.json": project,
        "inside.json": project,
        "nowhere.jsonl": "skipped: a link that leads nowhere (No such file or directory)",
        "x.json": "skipped: a named pipe, not a regular file",
        "y.json": "skipped: a link to a file outside the folder",
        "z.json": "skipped: a link to a file outside the folder",
    }


def test_the_cli_on_such_a_folder_ends_at_once_with_status_2(tmp_path: Path) -> None:
    """`perfeval audit folder` neither blocks on the pipe nor reads /dev/zero; the skipped files set status 2."""
    folder = _folder(tmp_path)
    started = time.monotonic()
    done = subprocess.run([*COMMAND, "audit", "--format", "jsonl", str(folder)], capture_output=True, timeout=60)
    assert time.monotonic() - started < 30
    assert done.returncode == 2, done.stderr
    assert len(done.stdout.splitlines()) == 6
    assert b"hunter2" not in done.stdout + done.stderr


def test_a_device_named_on_the_command_line_is_read_up_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """/dev/zero as a .json: refused once it passes the size limit, not read for ever."""
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    [record] = read_path(link)
    assert record.error is not None
    assert record.error.code == "too-large"
    assert record.error.message.startswith("the file is larger than 8,388,608 bytes: ")


def test_a_named_pipe_nobody_writes_to_is_given_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A named pipe given as a .json waits PIPE_WAIT_SECONDS for a writer, then is an error, not a hang."""
    monkeypatch.setattr(files, "PIPE_WAIT_SECONDS", 0.2)
    fifo = tmp_path / "x.json"
    os.mkfifo(fifo)
    [record] = read_path(fifo)
    assert record.error is not None
    assert record.error.message == "nothing came from the pipe or device in 0.2 seconds"


def test_a_named_pipe_with_a_writer_is_read_as_a_json_document(tmp_path: Path) -> None:
    """<(zcat t.json.gz) and named pipes still work: the document is read as it comes."""
    fifo = tmp_path / "x.json"
    os.mkfifo(fifo)
    text = perfeval.example_paths()[0].read_bytes()
    writer = subprocess.Popen([sys.executable, "-c", f"open({str(fifo)!r}, 'wb').write({text!r})"])
    try:
        [record] = read_path(fifo)
    finally:
        writer.wait(timeout=30)
    assert record.table is not None


def test_a_workbook_that_is_a_pipe_is_refused_without_opening_it(tmp_path: Path) -> None:
    """A workbook is read by seeking: a named pipe called t.xlsx is an error at once."""
    fifo = tmp_path / "t.xlsx"
    os.mkfifo(fifo)
    [record] = read_path(fifo)
    assert record.error is not None
    assert record.error.message == "cannot read a named pipe as a .xlsx document"
