"""Rule sets (R10): every option of the scoring rules in one immutable value.

Build your own with :func:`attrs.evolve`::

    >>> import attrs
    >>> mine = attrs.evolve(CENTRAL_2020, name="my-city", deviation_threshold=Decimal("1.5"))
    >>> mine.deviation_threshold
    Decimal('1.5')
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Literal

import attrs

from perfeval.errors import FieldTypeError, UnknownRuleSetError
from perfeval.labels import Grade


def _grade_bands(value: object) -> tuple[tuple[Decimal, Grade], ...]:
    bands = tuple((_decimal(lower), Grade(grade)) for lower, grade in value)  # type: ignore[attr-defined]
    lowers = [lower for lower, _ in bands]
    if lowers != sorted(lowers, reverse=True):
        raise ValueError("grade bands must be listed from the highest lower bound down")
    return bands


def _decimal(value: object) -> Decimal:
    if isinstance(value, float | bool):
        raise FieldTypeError(f"a rule-set number must be a Decimal or a string, not {type(value).__name__}")
    return Decimal(str(value))


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(v) for v in value)


def _level1_weights(value: object) -> tuple[tuple[str, Decimal], ...]:
    items = value.items() if isinstance(value, dict) else value
    return tuple((str(name), _decimal(weight)) for name, weight in items)  # type: ignore[attr-defined]


@attrs.frozen(slots=True, repr=False)
class RuleSet:
    """Every option of the rules (R1–R11, docs/rules.md), with its provenance.

    The defaults are ``central-2020``: 财预〔2020〕10号 as the spec reads it.
    A rule set is frozen; derive your own with :func:`attrs.evolve`, giving it
    its own name and sources:

    >>> import attrs
    >>> city = attrs.evolve(CENTRAL_2020, name="my-city", sources=["某市财政局通知"], reverse="linear")
    >>> city.name, city.reverse, city.strict, city.deviation_threshold
    ('my-city', 'linear', True, Decimal('1.2'))
    >>> PLATFORM.execution_basis, PLATFORM.reverse, PLATFORM.strict, GUANGXI.deviation_threshold
    ('exact-rate', 'linear', False, Decimal('1.3'))
    >>> attrs.evolve(CENTRAL_2020, reverse="square")
    Traceback (most recent call last):
    ValueError: RuleSet.reverse must be one of ('ratio', 'linear'), not 'square'
    """

    def __repr__(self) -> str:
        # Short, so that help(perfeval.audit) and a notebook show the name, not every option.
        return f"RuleSet({self.name!r})"

    name: str
    jurisdiction: str
    years: str
    sources: tuple[str, ...] = attrs.field(converter=_strings)
    #: R1.2 weight of budget execution when the table prints none.
    execution_weight: Decimal = attrs.field(default=Decimal(10), converter=_decimal)
    #: R1.2 points from the printed (rounded) rate, or from the exact rate.
    execution_basis: Literal["printed-rate", "exact-rate"] = "printed-rate"
    #: R1.2 whether a rate above 100 % is capped at the weight.
    cap: bool = True
    #: R4.3 unmet reverse indicators: P/B ratio, or the platform's linear rule.
    reverse: Literal["ratio", "linear"] = "ratio"
    #: R4.4 EQ read as "at least" or as exact equality.
    equal: Literal["at-least", "exact"] = "at-least"
    #: R4.5 strict operators scored against the target moved one step.
    strict: bool = True
    #: R4.6 actual/target ratio from which over-achievement is reported.
    deviation_threshold: Decimal = attrs.field(default=Decimal("1.2"), converter=_decimal)
    #: R3.3 read "0.9" % against "100" as 90 %.
    repair_percent_fraction: bool = True
    #: R5.3 default score of an achieved qualitative row with no reported score.
    qualitative_default: Literal["upper", "lower"] = "upper"
    #: R9.2 lower bounds (inclusive), highest first; below the last is 差.
    grade_bands: tuple[tuple[Decimal, Grade], ...] = attrs.field(
        default=((Decimal(90), Grade.EXCELLENT), (Decimal(80), Grade.GOOD), (Decimal(60), Grade.FAIR)),
        converter=_grade_bands,
    )
    #: R8.1 expected Σw of each level-1 group.
    level1_weights: tuple[tuple[str, Decimal], ...] = attrs.field(
        default=(("产出指标", Decimal(50)), ("效益指标", Decimal(30)), ("满意度指标", Decimal(10))),
        converter=_level1_weights,
    )
    #: R8.1 expected grand total of weights.
    total_weight: Decimal = attrs.field(default=Decimal(100), converter=_decimal)
    #: R11 output-execution divergence threshold (the platform warns at 0.05).
    divergence_threshold: Decimal = attrs.field(default=Decimal("0.2"), converter=_decimal)

    def __attrs_post_init__(self) -> None:
        choices = {
            "execution_basis": ("printed-rate", "exact-rate"),
            "reverse": ("ratio", "linear"),
            "equal": ("at-least", "exact"),
            "qualitative_default": ("upper", "lower"),
        }
        for field, allowed in choices.items():
            if getattr(self, field) not in allowed:
                raise ValueError(f"RuleSet.{field} must be one of {allowed}, not {getattr(self, field)!r}")


CENTRAL_2020 = RuleSet(
    name="central-2020",
    jurisdiction="中华人民共和国 (central government and by default every level)",
    years="2020–",
    sources=(
        "财政部《项目支出绩效评价管理办法》财预〔2020〕10号, 单位自评 articles and the 项目支出绩效自评表 footer notes",
        "perfeval rules R1–R11 (docs/rules.md)",
    ),
)

PLATFORM = attrs.evolve(
    CENTRAL_2020,
    name="platform",
    jurisdiction="预算管理一体化 platform performance module (as it visibly computes)",
    sources=(
        "预算管理一体化系统 绩效自评 module, observed behaviour",
        "perfeval rules R1.2, R4.3, R4.5 (docs/rules.md)",
    ),
    execution_basis="exact-rate",
    reverse="linear",
    strict=False,
)

GUANGXI = attrs.evolve(
    CENTRAL_2020,
    name="guangxi",
    jurisdiction="广西壮族自治区",
    sources=("广西壮族自治区 项目支出绩效自评 rules: 偏离度 threshold 30%", "perfeval rules R4.6 (docs/rules.md)"),
    deviation_threshold=Decimal("1.3"),
)

#: The shipped rule sets by name.
RULE_SETS: dict[str, RuleSet] = {r.name: r for r in (CENTRAL_2020, PLATFORM, GUANGXI)}


def rules_named(name: str) -> RuleSet:
    """The shipped rule set called ``name`` (``central-2020``, ``platform``, ``guangxi``).

    >>> rules_named("guangxi").deviation_threshold
    Decimal('1.3')
    >>> rules_named("shanghai")
    Traceback (most recent call last):
    perfeval.errors.UnknownRuleSetError: no rule set named 'shanghai'; known: central-2020, platform, guangxi
    """
    try:
        return RULE_SETS[name]
    except KeyError:
        known = ", ".join(RULE_SETS)
        raise UnknownRuleSetError(f"no rule set named {name!r}; known: {known}") from None
