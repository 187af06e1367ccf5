"""Standard output whose reader went away (``perfeval … | head``): end quietly, with a shell's status.

Shared by the CLI and ``python -m perfeval.build_info``: without it, Python reports the broken pipe
with a traceback, or with "Exception ignored" at the final flush.
"""

from __future__ import annotations

import os
import sys

#: The status once the reader has gone: a shell's 128 + SIGPIPE, as for other tools.
BROKEN_PIPE = 141


def quiet_stdout() -> None:
    """After a broken pipe: point standard output at /dev/null, so that the final flush says nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (a test's capture): nothing to silence
        pass
