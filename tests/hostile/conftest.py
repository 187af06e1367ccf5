"""Fixtures of the output-safety tests; their helpers are in ``hostile_outputs``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from hostile_outputs import hostile_table


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    """A hostile table in a file whose name is a formula too."""
    path = tmp_path / "=1+1.json"
    path.write_text(json.dumps(hostile_table(), ensure_ascii=False), encoding="utf-8")
    return path
