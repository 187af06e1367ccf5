"""The tutorial runs as written and prints what it shows (docs/tutorial.md).

Each ```python block runs in one shared namespace, in order, from a scratch
folder; when the next block is ```text, it is what a notebook shows for the
block's last expression (its repr) or what the block prints. Without this,
a change to a rule or a finding would leave the page quietly out of date.
"""

from __future__ import annotations

import ast
import contextlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pandas")
pytest.importorskip("openpyxl")

TUTORIAL = Path(__file__).parents[2] / "docs" / "tutorial.md"
_FENCE = re.compile(r"^```(\w+)\n(.*?)^```\n", re.DOTALL | re.MULTILINE)


def _cells() -> list[tuple[str, str | None]]:
    """(code, the output shown after it, or None) for every python block of the page."""
    blocks = [(m.group(1), m.group(2)) for m in _FENCE.finditer(TUTORIAL.read_text(encoding="utf-8"))]
    cells = []
    for i, (kind, text) in enumerate(blocks):
        if kind == "python":
            shown = blocks[i + 1][1] if i + 1 < len(blocks) and blocks[i + 1][0] == "text" else None
            cells.append((text, shown))
    return cells


def _run(code: str, namespace: dict[str, object]) -> str:
    """Run a cell as a notebook does: statements, then the repr of a last expression; return what it shows."""
    if code.startswith("!"):  # a notebook's shell command: the console script of this environment
        bin_dir = str(Path(sys.executable).parent)
        env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
        proc = subprocess.run(code[1:], shell=True, capture_output=True, text=True, env=env, check=False)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout
    tree = ast.parse(code)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(tree, "<tutorial>", "exec"), namespace)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), "<tutorial>", "eval"), namespace)
            if value is not None:
                print(repr(value))
    return out.getvalue()


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.rstrip().splitlines()]


def test_every_cell_of_the_tutorial_runs_and_shows_what_the_page_says(tmp_path: Path) -> None:
    cells = _cells()
    assert len(cells) >= 10
    namespace: dict[str, object] = {"__name__": "__tutorial__"}
    here = Path.cwd()
    os.chdir(tmp_path)  # the working paper is written here, not into the repository
    try:
        for number, (code, shown) in enumerate(cells, start=1):
            printed = _run(code, namespace)
            if shown is not None:  # pandas pads some lines with spaces; the page does not
                assert _lines(printed) == _lines(shown), f"cell {number}:\n{code}"
    finally:
        os.chdir(here)
