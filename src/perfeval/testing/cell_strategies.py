"""Strategies of cells: amounts, weights, numbers as printed, operators, deductions, rule sets (R2, R3).

Re-exported by :mod:`perfeval.testing.strategies`, the module to import.
"""

from __future__ import annotations

import itertools
import math
from decimal import Decimal
from typing import Literal

import attrs

from perfeval.decimals import CONTEXT, fmt
from perfeval.errors import MissingExtraError

try:
    from hypothesis import strategies as st
    from hypothesis.strategies import SearchStrategy
except ImportError as error:  # pragma: no cover - exercised only without the extra
    raise MissingExtraError(
        "perfeval.testing.strategies needs hypothesis, which is not installed: pip install 'perfeval[testing]'"
    ) from error

from perfeval.reading.operators import Direction, Operator
from perfeval.rules import RULE_SETS, RuleSet
from perfeval.values import Deduction

KindName = Literal["quantitative", "qualitative", "deadline"]

#: The three kinds of indicator (R3.4), by the names ``Kind`` values carry.
KINDS: tuple[KindName, ...] = ("quantitative", "qualitative", "deadline")

#: Level 1 → its level 2 names (the table template).
LEVELS: dict[str, tuple[str, ...]] = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}

#: Every spelling of R2.2 that stands alone in an operator cell, by operator.
OPERATOR_SPELLINGS: dict[Operator, tuple[str, ...]] = {
    Operator.GE: ("≥", ">=", "≧", "＞＝", "大于等于", "不低于", "不少于", "达到", "达"),
    Operator.GT: (">", "＞", "大于", "高于", "超过"),
    Operator.LE: ("≤", "<=", "≦", "＜＝", "小于等于", "不高于", "不超过", "不大于"),
    Operator.LT: ("<", "＜", "小于", "低于", "少于"),
    Operator.EQ: ("=", "＝", "═", "等于"),
}

#: The spellings that close a phrase ("95%以上", "600以下", "3天以内"), R2.2.
SUFFIX_SPELLINGS: dict[Operator, tuple[str, ...]] = {Operator.GE: ("以上",), Operator.LE: ("以下", "以内")}

#: Operator cells that do not read (R2.3): the operator then comes from the target, else EQ.
UNREADABLE_OPERATORS: tuple[str | None, ...] = (None, "", " ", "-", "□=", "/")

_FULL_WIDTH = {code: code + 0xFEE0 for code in range(0x21, 0x7F)}


# --- numbers and cells --------------------------------------------------------


def amounts(
    min_value: Decimal | int | str = 0, max_value: Decimal | int | str = 100_000, *, places: int = 2
) -> SearchStrategy[Decimal]:
    """Decimals in ``[min_value, max_value]`` printed with exactly ``places`` decimals.

    >>> from hypothesis import find
    >>> find(amounts(0, 1, places=1), lambda d: d > Decimal("0.5"))
    Decimal('0.6')
    """
    unit = Decimal(1).scaleb(-places, context=CONTEXT)
    low = int(CONTEXT.to_integral_value(CONTEXT.divide(Decimal(min_value), unit)))
    high = int(CONTEXT.to_integral_value(CONTEXT.divide(Decimal(max_value), unit)))
    return st.integers(low, high).map(lambda n: Decimal(n).scaleb(-places, context=CONTEXT))


def weights(max_value: Decimal | int | str = 50, *, min_value: Decimal | int | str = 0) -> SearchStrategy[Decimal]:
    """Weights (分值) with two decimals, mostly whole points as tables print them ("15.00")."""
    low, high = math.ceil(Decimal(min_value)), math.floor(Decimal(max_value))
    whole = st.integers(low, high).map(lambda n: Decimal(f"{n}.00"))
    return st.one_of(whole, whole, amounts(min_value, max_value))


def _to_full_width(text: str) -> str:
    return text.translate(_FULL_WIDTH)


def numbers(value: Decimal, *, messy: bool = False) -> SearchStrategy[str]:
    """Cells that print ``value``: "1052.96", and when messy "1,052.96", "１０５２．９６", " 1052.96 ".

    Every cell this strategy gives reads back as ``value`` (R3.1).
    """
    plain = fmt(value) or "0"
    if not messy:
        return st.just(plain)
    spellings = [plain, f" {plain} ", _to_full_width(plain)]
    if abs(value) >= 1000:
        spellings += [f"{value:,f}", _to_full_width(f"{value:,f}")]
    return st.sampled_from(spellings)


def operators(direction: Direction | None = None, *, strict: bool | None = None) -> SearchStrategy[Operator]:
    """The five operators of R2.1, optionally only one direction or only (non-)strict ones.

    >>> sorted(op.symbol for op in Operator if op.direction is Direction.REVERSE)
    ['<', '≤']
    """
    chosen = [
        op
        for op in Operator
        if (direction is None or op.direction is direction) and (strict is None or op.strict is strict)
    ]
    return st.sampled_from(chosen)


def operator_cells(op: Operator | None = None, *, messy: bool = True) -> SearchStrategy[tuple[str, Operator]]:
    """``(cell, operator)``: an operator cell as printed and the operator it means (R2.2).

    With ``messy`` the spelling may carry spaces around it, full-width forms,
    or a label and number before a suffix ("满意率95%以上").

    >>> from hypothesis import find
    >>> cell, op = find(operator_cells(Operator.LE), lambda pair: "以" in pair[0])
    >>> op, Operator.parse(cell) is op
    (<Operator.LE: '≤'>, True)
    """
    ops = [op] if op is not None else list(Operator)

    @st.composite
    def build(draw: st.DrawFn) -> tuple[str, Operator]:
        chosen = draw(st.sampled_from(ops))
        spellings = list(OPERATOR_SPELLINGS[chosen])
        if not messy:
            return draw(st.sampled_from(spellings)), chosen
        suffixes = [
            f"{label}{n}{unit}{s}"
            for s in SUFFIX_SPELLINGS.get(chosen, ())
            for label, n, unit in (("", "95", "%"), ("满意率", "90", "%"), ("", "3", "天"))
        ]
        cell = draw(st.sampled_from(spellings + suffixes))
        decorate = draw(st.sampled_from(("plain", "spaces", "ideographic-space", "full-width")))
        if decorate == "spaces":
            cell = f" {cell} "
        elif decorate == "ideographic-space":
            cell = f"\u3000{cell}"
        elif decorate == "full-width" and cell.isascii():
            cell = _to_full_width(cell)
        return cell, chosen

    return build()


def partitions(total: int, parts: int) -> SearchStrategy[list[Decimal]]:
    """``parts`` whole-point weights ("12.00") adding up to ``total``, each at least 1.

    >>> from hypothesis import find
    >>> split = find(partitions(50, 3), lambda ws: True)
    >>> len(split), sum(split), min(split) >= 1
    (3, Decimal('50.00'), True)
    """
    if parts < 1 or parts > total:
        raise ValueError(f"cannot split {total} into {parts} parts of at least 1")
    cuts = st.lists(st.integers(1, total - 1), min_size=parts - 1, max_size=parts - 1, unique=True)

    def split(points: list[int]) -> list[Decimal]:
        edges = [0, *sorted(points), total]
        return [Decimal(f"{b - a}.00") for a, b in itertools.pairwise(edges)]

    return cuts.map(split)


def deductions(max_points: Decimal | int | str = 5) -> SearchStrategy[tuple[Deduction, ...]]:
    """Zero to two deductions (R7.1), each with non-negative points and a reason."""
    one = st.builds(
        Deduction,
        points=amounts(0, max_points).map(fmt),
        reason=st.sampled_from(("目标值设定偏低，按偏离度调减", "资料不完整", None)),
    )
    return st.lists(one, max_size=2).map(tuple)


def rule_sets(*, shipped_only: bool = False) -> SearchStrategy[RuleSet]:
    """The shipped rule sets (R10.1) and, unless ``shipped_only``, variants built with ``attrs.evolve``."""
    shipped = st.sampled_from(tuple(RULE_SETS.values()))
    if shipped_only:
        return shipped

    @st.composite
    def variant(draw: st.DrawFn) -> RuleSet:
        base = draw(shipped)
        return attrs.evolve(
            base,
            name=f"{base.name}-variant",
            execution_basis=draw(st.sampled_from(("printed-rate", "exact-rate"))),
            cap=draw(st.booleans()),
            reverse=draw(st.sampled_from(("ratio", "linear"))),
            equal=draw(st.sampled_from(("at-least", "exact"))),
            strict=draw(st.booleans()),
            repair_percent_fraction=draw(st.booleans()),
            qualitative_default=draw(st.sampled_from(("upper", "lower"))),
            deviation_threshold=draw(st.sampled_from((Decimal("1.2"), Decimal("1.3"), Decimal("1.5")))),
        )

    return st.one_of(shipped, variant())
