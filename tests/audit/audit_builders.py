"""Small table builders for the audit tests: one consistent table, and variations of it.

``consistent()`` is a ``perfeval-table/1`` dict whose every reported value is
the computed one, so its audit is empty; ``variant(**changes)`` applies a few
changes by path ("indicators.0.score": "20.00") to a fresh copy.
"""

from __future__ import annotations

import copy
from typing import Any

import perfeval
from perfeval import Audit, Finding


def consistent() -> dict[str, Any]:
    """A table that is right in every cell: quantitative, deadline, qualitative and percent rows."""
    line = {"initial": "100.00", "annual": "100.00", "executed": "100.00"}
    blank = {"initial": None, "annual": None, "executed": None}
    return {
        "format": "perfeval-table/1",
        "year": 2023,
        "project": "测试项目",
        "funds": {"total": dict(line), "fiscal": dict(line), "carryover": dict(blank), "other": dict(blank)},
        "execution": {"weight": "10.00", "rate": "100.00", "score": "10.00"},
        "indicators": [
            {
                "level1": "产出指标",
                "level2": "数量指标",
                "name": "培训人数",
                "operator": "≥",
                "target": "10",
                "unit": "人",
                "actual": "10",
                "weight": "30.00",
                "score": "30.00",
            },
            {
                "level1": "产出指标",
                "level2": "时效指标",
                "name": "完成时间",
                "operator": "=",
                "target": "2023年底前",
                "unit": None,
                "actual": "按时完成",
                "weight": "20.00",
                "score": "20.00",
            },
            {
                "level1": "效益指标",
                "level2": "社会效益指标",
                "name": "管理水平",
                "operator": "=",
                "target": "有效提升",
                "unit": None,
                "actual": "有效提升",
                "weight": "30.00",
                "score": "30.00",
            },
            {
                "level1": "满意度指标",
                "level2": "服务对象满意度指标",
                "name": "满意度",
                "operator": "≥",
                "target": "90",
                "unit": "%",
                "actual": "95",
                "weight": "10.00",
                "score": "10.00",
            },
        ],
        "subtotal": "90.00",
        "total": "100.00",
        "grade": "优",
    }


def variant(**changes: Any) -> dict[str, Any]:
    """The consistent table with cells changed: ``variant(**{"indicators.0.score": "20.00"})``."""
    table = copy.deepcopy(consistent())
    for path, value in changes.items():
        *parents, last = path.split(".")
        node: Any = table
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return table


def audit_of(obj: dict[str, Any], rules: perfeval.RuleSet = perfeval.CENTRAL_2020) -> Audit:
    """The audit of a table dict."""
    return perfeval.audit(perfeval.from_dict(obj), rules)


def found(result: Audit, code: str) -> list[Finding]:
    """The findings of one code."""
    return [f for f in result.findings if f.code == code]


def codes(result: Audit) -> list[str]:
    """The codes of every finding, in order."""
    return [f.code for f in result.findings]
