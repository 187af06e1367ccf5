"""The notebook session of docs/desk.md runs as written, and the images it shows are there."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

pytest.importorskip("pandas")
pytest.importorskip("openpyxl")

PAGE = Path(__file__).parents[2] / "docs" / "desk.md"


def test_the_desk_page_runs(tmp_path: Path) -> None:
    text = PAGE.read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```\n", text, re.DOTALL | re.MULTILINE)
    assert len(blocks) >= 5
    namespace: dict[str, object] = {}
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        for block in blocks:
            exec(compile(block, str(PAGE), "exec"), namespace)
    finally:
        os.chdir(cwd)
    assert (tmp_path / "working-paper.xlsx").stat().st_size > 0
    assert (tmp_path / "findings.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_the_images_the_page_shows_exist() -> None:
    text = PAGE.read_text(encoding="utf-8")
    images = re.findall(r"\]\((images/[^)]+\.png)\)", text)
    assert len(images) == 3
    for image in images:
        data = (PAGE.parent / image).read_bytes()
        assert data.startswith(b"\x89PNG")
