"""A small ``perfeval-table/1`` document and a copy of it with one value changed: for the JSON readers' tests."""

from __future__ import annotations

import copy
from typing import Any

#: A valid table, printed as tables are (every cell text), with a fiscal line under the total.
BASE: dict[str, Any] = {
    "project": "p",
    "year": 2023,
    "funds": {"total": {"annual": "10", "executed": "9"}, "fiscal": {"annual": "10"}},
    "execution": {"weight": "10", "rate": "90.00", "score": "9.00"},
    "indicators": [{"name": "a", "target": "≥5", "actual": "6", "weight": "90", "score": "90"}],
    "total": "99.00",
    "grade": "优",
}


def with_(path: tuple[Any, ...], value: object) -> dict[str, Any]:
    """A copy of :data:`BASE` with the value at ``path`` (keys and list positions) replaced."""
    doc = copy.deepcopy(BASE)
    here: Any = doc
    for key in path[:-1]:
        here = here[key]
    here[path[-1]] = value
    return doc


#: :data:`BASE` with the parts it leaves out printed too (goals, transcription notes).
FULL: dict[str, Any] = {**BASE, "goals": {"expected": "e", "achieved": "a"}, "transcription_notes": ["n"]}
