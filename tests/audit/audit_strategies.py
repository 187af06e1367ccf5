"""Hypothesis strategies for the audit laws: tables consistent by construction.

A table is drawn with its reported values left blank, scored, and then every
reported value (execution rate and score, each indicator's score, subtotal,
total, grade) is set to the computed one.  A second construction beside
``perfeval.testing.strategies.tables(consistent=True)``: any weights adding up
to 100, operators unreadable or missing too.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

import perfeval
from perfeval.decimals import fmt

_OPERATORS = ("≥", ">=", "＞", ">", "≤", "<=", "<", "=", "不低于", "-", None)
_LEVEL1 = ("产出指标", "效益指标", "满意度指标")


def _amount(low: int, high: int) -> st.SearchStrategy[Decimal]:
    """A money amount with two places, in [low, high] 万元."""
    return st.integers(low * 100, high * 100).map(lambda cents: Decimal(cents).scaleb(-2))


@st.composite
def weights(draw: st.DrawFn, n: int, total_cents: int = 9000) -> list[Decimal]:
    """``n`` positive weights with two places adding up to ``total_cents``/100 (90.00)."""
    cuts = draw(st.lists(st.integers(1, total_cents - 1), min_size=n - 1, max_size=n - 1, unique=True))
    edges = [0, *sorted(cuts), total_cents]
    return [Decimal(b - a).scaleb(-2) for a, b in itertools.pairwise(edges)]


def _number(draw: st.DrawFn) -> str:
    """A printed number: an integer, or one or two places."""
    value = draw(st.integers(0, 2000))
    digits = draw(st.sampled_from((0, 0, 1, 2)))
    return fmt(Decimal(value).scaleb(-digits)) or "0"


@st.composite
def quantitative_row(draw: st.DrawFn) -> dict[str, Any]:
    """A numeric row: any operator spelling, a unit, a target and an actual."""
    return {
        "operator": draw(st.sampled_from(_OPERATORS)),
        "target": _number(draw),
        "unit": draw(st.sampled_from(("人", "个", "%", "万元", "小时"))),
        "actual": _number(draw),
        "explanation": draw(st.sampled_from((None, None, "已说明偏差原因"))),
    }


@st.composite
def deadline_row(draw: st.DrawFn) -> dict[str, Any]:
    """A deadline row, on time or late."""
    return {
        "operator": "=",
        "target": draw(st.sampled_from(("2023年底前", "2023年6月底前", "12月31日前"))),
        "unit": None,
        "actual": draw(st.sampled_from(("按时完成", "2023年5月20日", "延期完成", "2023年12月31日"))),
        "explanation": draw(st.sampled_from((None, "已说明"))),
    }


@st.composite
def qualitative_row(draw: st.DrawFn) -> dict[str, Any]:
    """A text row with its tier given by the evaluator."""
    return {
        "operator": "=",
        "target": "有效提升",
        "unit": None,
        "actual": draw(st.sampled_from(("有效提升", "部分提升", "未提升"))),
        "tier": draw(st.sampled_from(("达成", "部分达成", "未达成"))),
        "explanation": draw(st.sampled_from((None, "已说明"))),
    }


@st.composite
def blank_tables(draw: st.DrawFn, min_rows: int = 1, max_rows: int = 7) -> dict[str, Any]:
    """A table dict with every reported (computed) value blank."""
    n = draw(st.integers(min_rows, max_rows))
    kinds = st.one_of(quantitative_row(), quantitative_row(), deadline_row(), qualitative_row())
    rows = [draw(kinds) for _ in range(n)]
    for row, weight in zip(rows, draw(weights(n)), strict=True):
        row.update(
            level1=draw(st.sampled_from(_LEVEL1)),
            level2="数量指标",
            name=f"指标{len(rows)}",
            weight=fmt(weight),
            score=None,
        )
    annual = draw(_amount(1, 5000))
    executed = draw(_amount(0, 6000).filter(lambda e: e <= annual * Decimal("1.3")))
    line = {"initial": fmt(annual), "annual": fmt(annual), "executed": fmt(executed)}
    blank = {"initial": None, "annual": None, "executed": None}
    return {
        "year": 2023,
        "project": "生成的表",
        "funds": {"total": dict(line), "fiscal": dict(line), "carryover": dict(blank), "other": dict(blank)},
        "execution": {"weight": "10.00", "rate": None, "score": None},
        "indicators": rows,
        "subtotal": None,
        "total": None,
        "grade": None,
    }


def make_consistent(obj: dict[str, Any]) -> dict[str, Any]:
    """Set every reported value of ``obj`` to the computed one (in place) and return it."""
    card = perfeval.score(perfeval.from_dict(obj))
    obj["execution"]["rate"] = fmt(card.execution.printed_rate)
    obj["execution"]["score"] = fmt(card.execution.points)
    for row, scored in zip(obj["indicators"], card.indicators, strict=True):
        row["score"] = fmt(scored.points)
    obj["subtotal"] = fmt(sum((r.points for r in card.indicators), Decimal("0.00")))
    obj["total"] = fmt(card.total)
    obj["grade"] = card.grade.label
    return obj


def consistent_tables(min_rows: int = 1, max_rows: int = 7) -> st.SearchStrategy[dict[str, Any]]:
    """Tables whose every reported value is the computed one."""
    return blank_tables(min_rows, max_rows).map(make_consistent)
