"""Rewrite the output blocks of docs/tutorial.md from a fresh run of its cells.

    python scripts/refresh_tutorial.py

Runs every ```python block as tests/docs/test_tutorial.py does (one namespace,
from a scratch folder) and replaces each ```text block that follows one with
what the cell now shows.  Review the diff before committing it: the page is
documentation, and the test pins it.
"""

from __future__ import annotations

import importlib.util
import os
import re
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "docs" / "tutorial.md"


def _runner() -> object:
    spec = importlib.util.spec_from_file_location("tutorial_test", ROOT / "tests" / "docs" / "test_tutorial.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    run = _runner()._run  # type: ignore[attr-defined]
    text = TUTORIAL.read_text(encoding="utf-8")
    fence = re.compile(r"^```(\w+)\n(.*?)^```\n", re.DOTALL | re.MULTILINE)
    blocks = list(fence.finditer(text))
    namespace: dict[str, object] = {"__name__": "__tutorial__"}
    replacements: list[tuple[int, int, str]] = []
    here = Path.cwd()
    with tempfile.TemporaryDirectory() as scratch:
        os.chdir(scratch)
        try:
            for i, block in enumerate(blocks):
                if block.group(1) != "python":
                    continue
                shown = run(block.group(2), namespace)
                after = blocks[i + 1] if i + 1 < len(blocks) else None
                if after is not None and after.group(1) == "text":
                    body = "\n".join(line.rstrip() for line in shown.rstrip().splitlines())
                    replacements.append((after.start(2), after.end(2), body + "\n"))
        finally:
            os.chdir(here)
    for start, end, body in reversed(replacements):
        text = text[:start] + body + text[end:]
    TUTORIAL.write_text(text, encoding="utf-8")
    print(f"rewrote {len(replacements)} output blocks of {TUTORIAL.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
