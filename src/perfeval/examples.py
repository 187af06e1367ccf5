"""The bundled example: 26 tables of the 2023 Yunnan disclosure (see ``data/README.md``)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

EXAMPLE_NAME = "yunnan-2023"
EXAMPLE_SOURCE = (
    "云南省工业和信息化厅 FY2023 部门决算公开, 项目支出绩效自评表 (26 tables), transcribed into perfeval-table/1"
)


def example_paths() -> list[Path]:
    """The bundled sample tables, one JSON file a table, in table order.

    >>> len(example_paths())
    26
    """
    folder = resources.files("perfeval") / "data" / EXAMPLE_NAME
    return sorted(Path(str(folder)).glob("*.json"))
