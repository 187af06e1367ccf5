"""What the form reader checks on the document it read: a blank template, and problems located at their cells."""

from __future__ import annotations

from typing import Any

from perfeval.errors import InvalidTableError, Problem


def located_paths(error: InvalidTableError, where: dict[str, str], anchor: str) -> InvalidTableError:
    """A table's problems named by the cells they were read from (a whole object: the first cell under it)."""
    problems = []
    for p in error.problems:
        cell = where.get(p.path)
        if cell is None:  # a whole object, e.g. "$.funds.total": the first cell under it
            cell = next((v for k, v in where.items() if k.startswith(p.path + ".")), anchor)
        problems.append(Problem(cell, f"{p.path}: {p.message}"))
    return InvalidTableError(problems)


def blank_form(doc: dict[str, Any]) -> bool:
    """Whether a form read is a blank template: no project and nothing filled in (pre-printed weights aside)."""
    funds = [v for line in doc["funds"].values() for v in line.values()]
    filled = (*funds, doc["execution"]["rate"], doc["execution"]["score"], *doc["goals"].values())
    keys = ("level2", "name", "operator", "target", "unit", "actual", "score", "explanation")
    filled += tuple(i[k] for i in doc.get("indicators", []) for k in keys)
    filled += (doc["project"], doc.get("subtotal"), doc["total"], doc["grade"], doc["notes"])
    return all(v is None for v in filled)
