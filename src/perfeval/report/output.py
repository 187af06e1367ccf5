"""Writing an output file without harming the inputs, or leaving half a file behind.

- :func:`check_output` refuses, before anything is read, an output that is one
  of the inputs, or that a folder given as input would pick up as a table.
- :func:`writing` writes to a hidden temporary file beside the target and
  renames it into place at the end: an interrupted or failed run leaves the
  old file (or none), never half a file, and removes its temporary file.  A
  target that is not a regular file (``/dev/null``, a pipe) is written
  directly.  Every failure to write (no such folder, a folder, no permission,
  a full disk) is a :class:`~perfeval.errors.PerfevalError` naming the path.
- :func:`standard_output` does the same for standard output (``> /dev/full``).
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from perfeval.errors import PerfevalError
from perfeval.read.records import TABLE_SUFFIXES, table_files

__all__ = ["check_output", "standard_output", "writing"]


def check_output(output: str | Path, inputs: Iterable[str | Path]) -> None:
    """Refuse ``output`` if it is one of ``inputs`` or would be read from an input folder.

    ``-`` (standard input) among the inputs is skipped.  Links and hard links
    count as the file they reach.
    """
    target = Path(os.path.realpath(output))
    exists = target.exists()
    for given in inputs:
        if str(given) == "-":
            continue
        path = Path(given)
        if path.is_dir():
            _check_folder(output, target, exists, path)
        elif _same(path, target, exists):
            raise PerfevalError(f"the output {output} is the input {given}: writing it would destroy it")


def _same(path: Path, target: Path, exists: bool) -> bool:
    try:
        return os.path.samefile(path, target) if exists and path.exists() else Path(os.path.realpath(path)) == target
    except OSError:
        return False


def _check_folder(output: str | Path, target: Path, exists: bool, folder: Path) -> None:
    root = Path(os.path.realpath(folder))
    if target.is_relative_to(root) and _picked_up(target.relative_to(root)):
        raise PerfevalError(
            f"the output {output} is inside the input folder {folder}, which would read it as a table: "
            "write it outside the folder"
        )
    if not exists:
        return
    try:
        files = table_files(folder)
    except OSError:
        return  # reading the folder reports this in place
    for file in files:
        if _same(file, target, exists):
            raise PerfevalError(f"the output {output} is the input {file}: writing it would destroy it")


def _picked_up(relative: Path) -> bool:
    """Whether a folder walk would read this path as a table (hidden names and lock files are skipped)."""
    names = relative.parts
    return (
        relative.suffix.lower() in TABLE_SUFFIXES
        and not any(n.startswith(".") for n in names)
        and not names[-1].startswith("~$")
    )


@contextmanager
def writing(
    output: str | Path, *, binary: bool = False, encoding: str = "utf-8", newline: str | None = None
) -> Iterator[IO[Any]]:
    """An open handle whose content replaces ``output`` when the block ends without error.

    Text mode (``encoding``, ``newline``) unless ``binary``.  Any ``OSError``
    leaving the block is turned into a :class:`PerfevalError` naming ``output``.
    """
    real = Path(os.path.realpath(output))
    try:
        mode = real.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise _cannot(output, error) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise PerfevalError(f"cannot write {output}: it is a directory")
    kind = {"mode": "wb"} if binary else {"mode": "w", "encoding": encoding, "newline": newline}
    if mode is not None and not stat.S_ISREG(mode):  # a device or a pipe: nothing to replace
        try:
            handle = open(real, **kind)  # noqa: SIM115 - closed below
        except OSError as error:
            raise _cannot(output, error) from None
        try:
            with handle:
                yield handle
        except OSError as error:
            raise _cannot(output, error) from None
        return
    if mode is not None and not os.access(real, os.W_OK):
        raise PerfevalError(f"cannot write {output}: permission denied")
    if not real.parent.is_dir():
        raise PerfevalError(f"cannot write {output}: no directory {Path(output).parent}")
    import secrets  # here: it imports hashlib and hmac, a few ms of every start

    temporary = real.with_name(f".{real.name}.{secrets.token_hex(4)}.tmp")  # hidden: never read as a table
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 if mode is None else mode & 0o7777)
    except OSError as error:
        raise _cannot(output, error) from None
    try:
        with open(fd, **kind) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, real)
    except BaseException as error:
        with suppress(OSError):  # the error that brought us here is the one to report
            temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _cannot(output, error) from None
        raise


def _cannot(output: str | Path, error: OSError) -> PerfevalError:
    return PerfevalError(f"cannot write {output}: {error.strerror or error}")


@contextmanager
def standard_output() -> Iterator[IO[str]]:
    """Standard output, where a failure to write (a full disk) is a :class:`PerfevalError`.

    A closed pipe (``| head``) stays a ``BrokenPipeError``: the reader has all it wanted.
    """
    try:
        yield sys.stdout
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        with suppress(OSError, ValueError, AttributeError):  # what is still buffered cannot be written either
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise PerfevalError(f"cannot write standard output: {error.strerror or error}") from None
