"""What kind of file an input is, and reading a whole document without letting it grow without bound.

Inputs are untrusted: a folder may hold a named pipe called ``x.json`` (reading it
would wait for ever), a link ``y.json -> /dev/zero`` (reading it would never end)
or a link out of the folder (``z.json -> /etc/passwd``). From a folder only
regular files inside it are read; the others are reported, never opened.
"""

from __future__ import annotations

import os
import select
import stat
from pathlib import Path

from perfeval.errors import InputError, TooLargeError

#: How long a named pipe or a device given as a ``.json`` file may stay silent before perfeval gives up on it.
PIPE_WAIT_SECONDS = 10.0
_READ = 1 << 20


def kind(mode: int) -> str | None:
    """What a file that is not a regular file is (``"a named pipe"``), or ``None`` for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def skipped_in_folder(root: Path, path: Path) -> str | None:
    """Why a table file found in the folder ``root`` is not read, or ``None`` to read it.

    Only regular files are read. A link is followed only when its target is a regular file inside ``root``:
    a link out of the folder (or a dangling one) is skipped, so a folder of submissions cannot make perfeval
    read (and quote in its error messages) a file elsewhere.
    """
    try:
        if path.is_symlink():
            target = path.resolve(strict=True)
            if not target.is_relative_to(root.resolve(strict=True)):
                return "skipped: a link to a file outside the folder"
            mode = target.stat().st_mode
        else:
            mode = path.lstat().st_mode
    except (OSError, RuntimeError) as error:  # RuntimeError: a link loop, on Python < 3.13
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        return f"skipped: a link that leads nowhere ({reason})"
    what = kind(mode)
    return None if what is None else f"skipped: {what}, not a regular file"


def read_whole(path: Path, limit: int) -> bytes:
    """The bytes of a whole document, refused (:class:`TooLargeError`) beyond ``limit`` bytes before being held.

    A regular file's size is checked before it is read. A named pipe or a character device (``<(zcat t.json.gz)``,
    ``/dev/stdin``) is read as it comes, up to the limit, and given up after :data:`PIPE_WAIT_SECONDS` of silence
    (a named pipe nobody writes to); other special files are refused.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a named pipe with no writer: no wait to open it
    try:
        mode = os.fstat(fd).st_mode
        what = kind(mode)
        if what is None:
            size = os.fstat(fd).st_size
            if size > limit:
                raise _too_large(limit, size)
            os.set_blocking(fd, True)
            data = _read_up_to(fd, limit + 1)
        elif stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
            data = _stream(fd, limit + 1)
        else:
            raise InputError(f"cannot read {what} as a table file")
    finally:
        os.close(fd)
    if len(data) > limit:
        raise _too_large(limit, None)
    return data


def _too_large(limit: int, size: int | None) -> TooLargeError:
    how = f" ({size:,} bytes)" if size is not None else ""
    return TooLargeError(
        f"the file is larger than {limit:,} bytes{how}: perfeval does not read it whole"
        " (many tables belong in JSON Lines, .jsonl, read a line at a time)"
    )


def _read_up_to(fd: int, count: int) -> bytes:
    chunks = []
    while count > 0 and (chunk := os.read(fd, min(count, _READ))):
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


def _stream(fd: int, count: int) -> bytes:
    """Up to ``count`` bytes of a pipe or device, each wait for more bounded by :data:`PIPE_WAIT_SECONDS`."""
    chunks = []
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    while count > 0:
        if not poller.poll(PIPE_WAIT_SECONDS * 1000):
            raise InputError(f"nothing came from the pipe or device in {PIPE_WAIT_SECONDS:g} seconds")
        try:
            chunk = os.read(fd, min(count, _READ))
        except BlockingIOError:
            continue
        if not chunk:
            break
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)
