"""Which build the tests run against: the core compiled by mypyc, or pure Python (perfeval.build_info).

Every other test passes on either build. CI sets ``PERFEVAL_EXPECT_BUILD`` (``compiled`` or ``pure``) so
that a run meant for the compiled wheel cannot silently test the ``.py`` files, nor the editable run a
stale ``.so``.
"""

from __future__ import annotations

import os

import pytest

from perfeval import build_info


def test_the_core_is_compiled_whole_or_not_at_all() -> None:
    """A partly compiled core is a broken or stale install (a ``.so`` left next to edited ``.py`` files)."""
    compiled = build_info.compiled_modules()
    assert compiled in ([], list(build_info.COMPILED_MODULES)), build_info.describe()


@pytest.mark.skipif("PERFEVAL_EXPECT_BUILD" not in os.environ, reason="PERFEVAL_EXPECT_BUILD not set (CI sets it)")
def test_the_build_is_the_one_expected() -> None:
    expected = os.environ["PERFEVAL_EXPECT_BUILD"]
    assert expected in {"compiled", "pure"}
    assert build_info.describe().startswith("compiled core" if expected == "compiled" else "pure Python")


def test_the_build_is_named_with_each_module_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert build_info.main([]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"perfeval: {build_info.describe()}"
    assert len(out) == 1 + len(build_info.COMPILED_MODULES)
    assert all(line.startswith("  perfeval.") and line.endswith((".py", ".so", ".pyd")) for line in out[1:])
    code = build_info.main(["--require-compiled"])
    assert code == (0 if build_info.compiled_modules() else 1)


@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_the_build_printed_into_a_closed_pipe_ends_quietly(unbuffered: str) -> None:
    """``python -m perfeval.build_info | head -0``: status 141 and nothing on standard error (it printed a
    traceback, or "Exception ignored" at the final flush)."""
    import subprocess
    import sys

    read, write = os.pipe()
    os.close(read)  # the reader has gone before a line is written
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"} | (
        {"PYTHONUNBUFFERED": unbuffered} if unbuffered else {}
    )
    try:
        done = subprocess.run(
            [sys.executable, "-m", "perfeval.build_info"], stdout=write, stderr=subprocess.PIPE, env=env, timeout=60
        )
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (141, b"")
