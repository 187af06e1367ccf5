"""The bundled example: 26 tables of the 2023 Yunnan disclosure (see ``data/README.md``)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

EXAMPLE_NAME = "yunnan-2023"


def example_paths() -> list[Path]:
    """The bundled sample tables, one JSON file a table, in table order.

    >>> len(example_paths())
    26
    """
    folder = resources.files("perfeval") / "data" / EXAMPLE_NAME
    return sorted(Path(str(folder)).glob("*.json"))
