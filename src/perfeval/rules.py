"""Rule sets (R10): every option of the scoring rules in one immutable value, with its sources.

Build your own with :func:`attrs.evolve`; every option is checked, so a rule
set cannot be built in an impossible state::

    >>> import attrs
    >>> mine = attrs.evolve(CENTRAL_2020, name="my-city", deviation_threshold=Decimal("1.5"))
    >>> mine.deviation_threshold, mine
    (Decimal('1.5'), RuleSet('my-city', deviation_threshold=Decimal('1.5')))
    >>> attrs.evolve(CENTRAL_2020, execution_weight="-10")
    Traceback (most recent call last):
    perfeval.errors.RuleSetError: RuleSet.execution_weight must not be negative: Decimal('-10')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

import attrs

from perfeval.errors import FieldTypeError, RuleSetError, UnknownRuleSetError
from perfeval.vocab import Grade

#: What an option's provenance says when no source fixes it (R10.2): rounding, cell reading …
CONVENTION = "convention"


def _decimal(field: str, check: Callable[[Decimal], str | None] | None = None) -> Callable[[object], Decimal]:
    """A converter to an exact Decimal that names ``field`` when it refuses a value."""

    def convert(value: object) -> Decimal:
        if isinstance(value, float | bool):
            raise FieldTypeError(f"RuleSet.{field}: a rule-set number must be a Decimal or a string, not {value!r}")
        try:
            number = value if isinstance(value, Decimal) else Decimal(str(value))
        except (InvalidOperation, ValueError):
            raise RuleSetError(f"RuleSet.{field} must be a number, not {value!r:.40}") from None
        if not number.is_finite():
            raise RuleSetError(f"RuleSet.{field} must be a finite number, not {number!r}")
        problem = check(number) if check is not None else None
        if problem:
            raise RuleSetError(f"RuleSet.{field} {problem}: {number!r}")
        return number

    return convert


def _not_negative(value: Decimal) -> str | None:
    return "must not be negative" if value < 0 else None


def _positive(value: Decimal) -> str | None:
    return "must be greater than 0" if value <= 0 else None


def _fraction(value: Decimal) -> str | None:
    return "must lie between 0 and 1" if not 0 < value < 1 else None


def _grade_bands(value: object) -> tuple[tuple[Decimal, Grade], ...]:
    try:
        bands = tuple((_decimal("grade_bands")(lower), Grade(grade)) for lower, grade in value)  # type: ignore[attr-defined]
    except (TypeError, ValueError) as error:
        if isinstance(error, RuleSetError | FieldTypeError):
            raise
        raise RuleSetError(f"RuleSet.grade_bands must be (lower bound, grade) pairs: {error}") from None
    lowers = [lower for lower, _ in bands]
    if lowers != sorted(lowers, reverse=True) or len(set(lowers)) != len(lowers):
        raise RuleSetError("RuleSet.grade_bands must be listed from the highest lower bound down")
    return bands


def _bands(value: object) -> tuple[Decimal, Decimal]:
    """R5.1 the achieved and partial lower bounds as fractions of w: ("0.8", "0.6") or ("0.8", "0.5")."""
    items = tuple(value) if isinstance(value, Iterable) and not isinstance(value, str) else ()
    if len(items) != 2:
        raise RuleSetError(f"RuleSet.bands must be two fractions (achieved, partial), not {value!r:.40}")
    high, low = (_decimal("bands", _fraction)(v) for v in items)
    if not low < high:
        raise RuleSetError(f"RuleSet.bands: the partial bound {low} must lie below the achieved bound {high}")
    return high, low


def _pairs(field: str) -> Callable[[object], tuple[tuple[str, str], ...]]:
    """A converter of (key, text) pairs from a mapping, pairs, or plain strings (key = text)."""

    def convert(value: object) -> tuple[tuple[str, str], ...]:
        items: Iterable[Any] = value.items() if isinstance(value, Mapping) else value  # type: ignore[assignment]
        if isinstance(items, str) or not isinstance(items, Iterable):
            raise RuleSetError(f"RuleSet.{field} must be a list or a mapping, not {value!r:.40}")
        pairs = []
        for item in items:
            if isinstance(item, str):
                pairs.append((item, item))
            elif isinstance(item, tuple | list) and len(item) == 2 and all(isinstance(i, str) for i in item):
                pairs.append((item[0], item[1]))
            else:
                raise RuleSetError(f"RuleSet.{field}: not a text or a (key, text) pair: {item!r:.40}")
        return tuple(pairs)

    return convert


def _level1_weights(value: object) -> tuple[tuple[str, Decimal], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    try:
        return tuple((str(name), _decimal("level1_weights", _not_negative)(w)) for name, w in items)  # type: ignore[attr-defined]
    except TypeError:
        raise RuleSetError(f"RuleSet.level1_weights must be (name, weight) pairs, not {value!r:.40}") from None


def _choice(*allowed: object) -> Callable[[Any, attrs.Attribute[Any], object], None]:
    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in allowed or type(value) is not type(allowed[0]):
            raise RuleSetError(f"RuleSet.{attribute.name} must be one of {allowed}, not {value!r}")

    return check


def _sources(value: object) -> tuple[tuple[str, str], ...]:
    return _pairs("sources")(value)


def _provenance(value: object) -> tuple[tuple[str, str], ...]:
    return _pairs("provenance")(value)


def _execution_weight(value: object) -> Decimal:
    return _decimal("execution_weight", _not_negative)(value)


def _deviation_threshold(value: object) -> Decimal:
    return _decimal("deviation_threshold", _positive)(value)


def _total_weight(value: object) -> Decimal:
    return _decimal("total_weight", _positive)(value)


def _divergence_threshold(value: object) -> Decimal:
    return _decimal("divergence_threshold", _not_negative)(value)


_FLAG = _choice(True, False)
_TEXT = attrs.validators.instance_of(str)


@attrs.frozen(slots=True, repr=False)
class RuleSet:
    """Every option of the rules (R1–R11, docs/rules.md), with its provenance (R10).

    The defaults are ``central-2020``: 财预〔2020〕10号 as the spec reads it.
    ``sources`` lists (id, citation) pairs; ``provenance`` says, for every
    option, the id of the source it follows or ``"convention"`` (R10.2).

    >>> import attrs
    >>> city = attrs.evolve(CENTRAL_2020, name="my-city", sources=["某市财政局通知"], reverse="linear")
    >>> city.name, city.reverse, city.strict, city.deviation_threshold
    ('my-city', 'linear', True, Decimal('1.2'))
    >>> PLATFORM.execution_basis, PLATFORM.reverse, PLATFORM.strict, GUANGXI.deviation_threshold
    ('exact-rate', 'linear', False, Decimal('1.3'))
    >>> CENTRAL_2020.source_of("bands"), CENTRAL_2020.source_of("strict")
    ('自评表', 'convention')
    >>> attrs.evolve(CENTRAL_2020, reverse="square")
    Traceback (most recent call last):
    perfeval.errors.RuleSetError: RuleSet.reverse must be one of ('ratio', 'linear'), not 'square'
    """

    name: str = attrs.field(validator=_TEXT)
    jurisdiction: str = attrs.field(validator=_TEXT)
    years: str = attrs.field(validator=_TEXT)
    sources: tuple[tuple[str, str], ...] = attrs.field(converter=_sources)
    #: R10.2 option → the id of the source it follows, or "convention".
    provenance: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_provenance)
    #: R1.2 weight of budget execution when the table prints none.
    execution_weight: Decimal = attrs.field(default=Decimal(10), converter=_execution_weight)
    #: R1.2 points from the printed (rounded) rate, or from the exact rate.
    execution_basis: Literal["printed-rate", "exact-rate"] = attrs.field(
        default="printed-rate", validator=_choice("printed-rate", "exact-rate")
    )
    #: R1.2 whether a rate above 100 % is capped at the weight.
    cap: bool = attrs.field(default=True, validator=_FLAG)
    #: R4.1 the v1 rule: an unmet row scores at most w − 0.01.
    unmet_cap: bool = attrs.field(default=False, validator=_FLAG)
    #: R4.3 unmet reverse indicators: P/B ratio, or the platform's linear rule.
    reverse: Literal["ratio", "linear"] = attrs.field(default="ratio", validator=_choice("ratio", "linear"))
    #: R4.4 EQ read as "at least" or as exact equality.
    equal: Literal["at-least", "exact"] = attrs.field(default="at-least", validator=_choice("at-least", "exact"))
    #: R4.5 strict operators scored against the target moved one step.
    strict: bool = attrs.field(default=True, validator=_FLAG)
    #: R4.6 actual/target ratio from which over-achievement is reported.
    deviation_threshold: Decimal = attrs.field(default=Decimal("1.2"), converter=_deviation_threshold)
    #: R3.3 read "0.9" % against "100" as 90 %.
    repair_percent_fraction: bool = attrs.field(default=True, validator=_FLAG)
    #: R5.1 lower bounds of the achieved and partial tiers, as fractions of w.
    bands: tuple[Decimal, Decimal] = attrs.field(default=(Decimal("0.8"), Decimal("0.6")), converter=_bands)
    #: R5.3 default score of an achieved qualitative row with no reported score.
    qualitative_default: Literal["upper", "lower"] = attrs.field(default="upper", validator=_choice("upper", "lower"))
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
    total_weight: Decimal = attrs.field(default=Decimal(100), converter=_total_weight)
    #: R10.2 output-execution divergence: the absolute test (c − r) or the platform's relative one ((c − r)/c).
    divergence_test: Literal["absolute", "relative"] = attrs.field(
        default="absolute", validator=_choice("absolute", "relative")
    )
    #: R10.2 the divergence threshold: 0.2 absolute; the platform's relative test uses 0.05.
    divergence_threshold: Decimal = attrs.field(default=Decimal("0.2"), converter=_divergence_threshold)

    def source_of(self, option: str) -> str:
        """The source id an option follows, or ``"convention"`` (R10.2); ``""`` when not recorded."""
        return dict(self.provenance).get(option, "")

    def __repr__(self) -> str:
        changed = [
            f"{f.name}={getattr(self, f.name)!r}"
            for f in attrs.fields(RuleSet)
            if f.name in OPTIONS and getattr(self, f.name) != getattr(_DEFAULTS, f.name)
        ]
        return f"RuleSet({', '.join([repr(self.name), *changed])})"


#: The options of a rule set, in the order of the rules (everything but name, place, years and sources).
OPTIONS: tuple[str, ...] = tuple(
    f.name for f in attrs.fields(RuleSet) if f.name not in {"name", "jurisdiction", "years", "sources", "provenance"}
)

_DEFAULTS = RuleSet(name="defaults", jurisdiction="", years="", sources=())

_S2020 = "财预〔2020〕10号"
_S2016 = "2016年中央部门项目支出绩效自评通知"
_FORM = "自评表"
_PLATFORM = "一体化平台"

_SOURCES = {
    _S2020: "财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）：单位自评，"
    "一级指标权重 产出50、效益30、满意度10、预算执行率10",
    _S2016: "财政部关于开展2016年度中央部门项目支出绩效自评工作的通知：权重同上，"
    "定性指标三档 100-80%（含80%）、80-50%（含50%）、50-0%",
    _FORM: "项目支出绩效自评表 及其表下注释（如云南省2023年部门决算公开）："
    "定性三档（含）、等级 100-90（含）优 … 60分以下差、按填报执行率计分",
    _PLATFORM: "预算管理一体化系统 绩效自评模块的计算（精确执行率、反向线性、不区分严格不等号、相对背离度）",
}

_C = CONVENTION
_CENTRAL_PROVENANCE = {
    "execution_weight": _S2020,
    "execution_basis": _FORM,
    "cap": _C,
    "unmet_cap": _PLATFORM,
    "reverse": _FORM,
    "equal": _PLATFORM,
    "strict": _C,
    "deviation_threshold": _C,
    "repair_percent_fraction": _C,
    "bands": _FORM,
    "qualitative_default": _C,
    "grade_bands": _FORM,
    "level1_weights": _S2020,
    "total_weight": _S2020,
    "divergence_test": _C,
    "divergence_threshold": _C,
    "rounding": _C,
    "cell-reading": _C,
}

CENTRAL_2020 = RuleSet(
    name="central-2020",
    jurisdiction="中华人民共和国 (central government and by default every level)",
    years="2020–",
    sources=[(k, _SOURCES[k]) for k in (_S2020, _FORM, _PLATFORM)],
    provenance=_CENTRAL_PROVENANCE,
)

CENTRAL_2016 = attrs.evolve(
    CENTRAL_2020,
    name="central-2016",
    years="2016–2019",
    sources=[(k, _SOURCES[k]) for k in (_S2016, _FORM, _PLATFORM)],
    provenance={**_CENTRAL_PROVENANCE, "bands": _S2016, "level1_weights": _S2016, "total_weight": _S2016,
                "execution_weight": _S2016},
    bands=(Decimal("0.8"), Decimal("0.5")),
)  # fmt: skip

PLATFORM = attrs.evolve(
    CENTRAL_2020,
    name="platform",
    jurisdiction="预算管理一体化 platform performance module (as it computes)",
    sources=[(k, _SOURCES[k]) for k in (_PLATFORM, _S2020, _FORM)],
    provenance={**_CENTRAL_PROVENANCE, "execution_basis": _PLATFORM, "reverse": _PLATFORM, "strict": _PLATFORM,
                "divergence_test": _PLATFORM, "divergence_threshold": _PLATFORM},
    execution_basis="exact-rate",
    reverse="linear",
    strict=False,
    divergence_test="relative",
    divergence_threshold=Decimal("0.05"),
)  # fmt: skip

_GUANGXI = "广西偏离度"
GUANGXI = attrs.evolve(
    CENTRAL_2020,
    name="guangxi",
    jurisdiction="广西壮族自治区",
    sources=[(_GUANGXI, "广西壮族自治区 项目支出绩效自评 rules: 偏离度 threshold 30%"),
             *((k, _SOURCES[k]) for k in (_S2020, _FORM, _PLATFORM))],
    provenance={**_CENTRAL_PROVENANCE, "deviation_threshold": _GUANGXI},
    deviation_threshold=Decimal("1.3"),
)  # fmt: skip

#: The shipped rule sets by name.
RULE_SETS: dict[str, RuleSet] = {r.name: r for r in (CENTRAL_2020, CENTRAL_2016, PLATFORM, GUANGXI)}


def rules_named(name: str) -> RuleSet:
    """The shipped rule set called ``name`` (``central-2020``, ``central-2016``, ``platform``, ``guangxi``).

    >>> rules_named("guangxi").deviation_threshold
    Decimal('1.3')
    >>> rules_named("shanghai")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    perfeval.errors.UnknownRuleSetError: no rule set named 'shanghai'; known: central-2020, central-2016, ...
    """
    try:
        return RULE_SETS[name]
    except (KeyError, TypeError):
        known = ", ".join(RULE_SETS)
        raise UnknownRuleSetError(f"no rule set named {name!r:.60}; known: {known}") from None


def resolve(rules: RuleSet | str) -> RuleSet:
    """A rule set given as itself or by its name (R10.2): every library function accepts both.

    >>> resolve("platform") is PLATFORM, resolve(GUANGXI) is GUANGXI
    (True, True)
    """
    if isinstance(rules, RuleSet):
        return rules
    if isinstance(rules, str):
        return rules_named(rules)
    raise FieldTypeError(f"rules must be a RuleSet or the name of one, not {type(rules).__name__}")
