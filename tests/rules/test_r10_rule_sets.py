"""R10 rule sets: one immutable value holding every option, with provenance."""

from decimal import Decimal

import attrs
import pytest

import perfeval
from perfeval import CENTRAL_2020, GUANGXI, PLATFORM, RULE_SETS, Indicator, RuleSet, Table, UnknownRuleSetError


def test_r10_1_central_2020_is_the_default_with_the_spec_defaults() -> None:
    """R10.1 central-2020 holds the defaults of R1–R9 and is what score() uses without a rule set."""
    r = CENTRAL_2020
    assert (r.name, r.execution_weight, r.execution_basis, r.cap) == ("central-2020", Decimal(10), "printed-rate", True)
    assert (r.reverse, r.equal, r.strict, r.repair_percent_fraction) == ("ratio", "at-least", True, True)
    assert (r.deviation_threshold, r.qualitative_default) == (Decimal("1.2"), "upper")
    assert [lower for lower, _ in r.grade_bands] == [Decimal(90), Decimal(80), Decimal(60)]
    table = Table(indicators=[Indicator(operator="≤", target="10", actual="12", weight="10.00")])
    assert perfeval.score(table).rules is CENTRAL_2020


def test_r10_1_every_rule_set_names_jurisdiction_years_and_sources() -> None:
    """R10.1 each rule set has a name, the jurisdiction and years it applies to, and its sources."""
    assert set(RULE_SETS) >= {"central-2020", "platform", "guangxi"}
    for name, rules in RULE_SETS.items():
        assert rules.name == name
        assert rules.jurisdiction
        assert rules.years
        assert rules.sources


def test_r10_1_platform_and_guangxi() -> None:
    """R10.1 platform = exact-rate basis, linear reverse, strict=False; guangxi = deviation threshold 1.3."""
    assert (PLATFORM.execution_basis, PLATFORM.reverse, PLATFORM.strict) == ("exact-rate", "linear", False)
    assert GUANGXI.deviation_threshold == Decimal("1.3")
    assert (
        attrs.evolve(
            GUANGXI,
            name="central-2020",
            jurisdiction=CENTRAL_2020.jurisdiction,
            sources=CENTRAL_2020.sources,
            provenance=CENTRAL_2020.provenance,
            deviation_threshold=Decimal("1.2"),
        )
        == CENTRAL_2020
    )


def test_r10_1_the_rule_set_changes_the_score() -> None:
    """R10.1 the same row under two rule sets: reverse 12 against ≤ 10 is 8.33 (central-2020), 8.00 (platform)."""
    table = Table(indicators=[Indicator(operator="≤", target="10", actual="12", weight="10.00")])
    assert perfeval.score(table, CENTRAL_2020).total == Decimal("8.33")
    assert perfeval.score(table, PLATFORM).total == Decimal("8.00")
    assert perfeval.score(table, perfeval.rules_named("platform")).total == Decimal("8.00")


def test_r10_1_rule_sets_are_immutable() -> None:
    """R10.1 a rule set cannot be changed in place."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        CENTRAL_2020.cap = False  # type: ignore[misc]


def test_r10_1_users_evolve_their_own() -> None:
    """R10.1 attrs.evolve builds a new rule set; the original is untouched."""
    mine = attrs.evolve(CENTRAL_2020, name="my-city", deviation_threshold="1.5")
    assert isinstance(mine, RuleSet)
    assert (mine.name, mine.deviation_threshold) == ("my-city", Decimal("1.5"))
    assert CENTRAL_2020.deviation_threshold == Decimal("1.2")


def test_r10_1_invalid_options_are_refused() -> None:
    """R10.1 an option outside its choices is refused at construction."""
    with pytest.raises(ValueError, match="reverse"):
        attrs.evolve(CENTRAL_2020, reverse="quadratic")  # type: ignore[arg-type]  # refused on purpose


def test_r10_1_unknown_names_are_refused() -> None:
    """R10.1 rules_named() knows only the shipped names."""
    with pytest.raises(UnknownRuleSetError):
        perfeval.rules_named("atlantis")


# --- v2: R10.2 sources per option, central-2016, rule sets by name, the platform's relative divergence ----------


def test_r10_2_every_option_of_every_built_in_set_names_its_source_or_convention() -> None:
    """R10.2 each option says which of the set's sources it follows, or that it is this project's convention."""
    for rules in RULE_SETS.values():
        ids = {source_id for source_id, _ in rules.sources}
        for option in perfeval.rules.OPTIONS:
            source = rules.source_of(option)
            assert source == perfeval.rules.CONVENTION or source in ids, (rules.name, option, source)
        assert rules.source_of("rounding") == rules.source_of("cell-reading") == "convention"
        assert rules.source_of("strict") in ("convention", "一体化平台")


def test_r10_2_central_2016_is_shipped_with_its_bands() -> None:
    """R10.2 central-2016: the 2016 notice's bands 80/50, otherwise central-2020."""
    old = perfeval.rules_named("central-2016")
    assert old.bands == (Decimal("0.8"), Decimal("0.5"))
    assert old.source_of("bands").startswith("2016")
    assert (old.execution_basis, old.reverse, old.strict) == (
        CENTRAL_2020.execution_basis,
        CENTRAL_2020.reverse,
        CENTRAL_2020.strict,
    )


@pytest.mark.parametrize("name", sorted(RULE_SETS))
def test_r10_2_library_functions_accept_a_rule_set_by_name(name: str) -> None:
    """R10.2 audit, score, score_indicator and grade_for take a rule set or its name alike."""
    table = Table(indicators=[Indicator(operator="≤", target="10", actual="12", weight="10.00")])
    assert perfeval.audit(table, name) == perfeval.audit(table, RULE_SETS[name])
    assert perfeval.score(table, name).rules is RULE_SETS[name]
    assert perfeval.grade_for(Decimal("85"), name) is perfeval.grade_for(Decimal("85"), RULE_SETS[name])


def test_r10_2_an_unknown_name_or_a_wrong_type_is_a_perfeval_error() -> None:
    """R10.2 a name perfeval does not ship, or something that is no rule set, is refused with a typed error."""
    table = Table()
    with pytest.raises(UnknownRuleSetError):
        perfeval.audit(table, "atlantis")
    with pytest.raises(perfeval.PerfevalError):
        perfeval.audit(table, 42)  # type: ignore[arg-type]


def _diverging(executed: str, scores: tuple[str, ...], weights: tuple[str, ...]) -> Table:
    rows = [
        Indicator(operator="≥", target="1", unit="个", actual="1", weight=w, score=s)
        for s, w in zip(scores, weights, strict=True)
    ]
    return Table(funds=perfeval.Funds(total=perfeval.FundsLine(annual="100.00", executed=executed)), indicators=rows)


@pytest.mark.parametrize(
    ("executed", "scores", "absolute", "relative"),
    [
        ("95.00", ("90.00",), False, False),  # c = 1, r = 0.95: (1 − 0.95)/1 = 0.05, not more
        ("94.99", ("90.00",), False, True),  # just past 5 %
        ("79.99", ("90.00",), True, True),
        ("50.00", ("50.00",), False, True),  # c = 5/9 = 0.556, r = 0.5: 0.056 absolute, 10 % relative
        ("100.00", ("0.00",), False, False),  # Σs = 0: no warning
        ("150.00", ("90.00",), False, False),  # the rate is capped at 100
    ],
)
def test_r10_2_the_divergence_tests(executed: str, scores: tuple[str, ...], absolute: bool, relative: bool) -> None:
    """R10.2 absolute c − r > 0.2 by default; the platform's relative test (c − r)/c > 0.05."""
    table = _diverging(executed, scores, ("90.00",))

    def warned(rules: perfeval.RuleSet) -> bool:
        return "output-execution-divergence" in {f.code for f in perfeval.audit(table, rules).findings}

    assert warned(CENTRAL_2020) is absolute
    assert warned(PLATFORM) is relative
    assert (PLATFORM.divergence_test, PLATFORM.divergence_threshold) == ("relative", Decimal("0.05"))


def test_r10_2_the_relative_test_uses_the_unrounded_rate_on_the_initial_base() -> None:
    """R10.2 rate is R1.1's unrounded rate on the R1.7 base: 94.996 % is not 95.00 %."""
    rows = [Indicator(operator="≥", target="1", unit="个", actual="1", weight="90.00", score="90.00")]
    funds = perfeval.Funds(total=perfeval.FundsLine(initial="100000", executed="94996"))
    found = {f.code for f in perfeval.audit(Table(funds=funds, indicators=rows), PLATFORM).findings}
    assert {"execution-base-initial", "output-execution-divergence"} <= found


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("execution_weight", "-10"),
        ("deviation_threshold", "abc"),
        ("deviation_threshold", "0"),
        ("divergence_threshold", "NaN"),
        ("total_weight", "0"),
        ("bands", ("0.5", "0.8")),
        ("bands", ("0.8",)),
        ("cap", "yes"),
        ("strict", 1),
        ("divergence_test", "ratio"),
        ("grade_bands", ((80, "良"), (90, "优"))),
        ("level1_weights", {"产出指标": "-1"}),
    ],
)
def test_r10_1_a_rule_set_cannot_be_built_in_an_impossible_state(option: str, value: object) -> None:
    """R10.1 every option is checked: a RuleSetError (a PerfevalError and a ValueError) naming the option."""
    with pytest.raises(perfeval.errors.RuleSetError, match=option):
        attrs.evolve(CENTRAL_2020, **{option: value})


def test_r10_1_a_float_option_is_refused() -> None:
    """R10.1 options are exact decimals, never floats."""
    with pytest.raises(perfeval.FieldTypeError, match="deviation_threshold"):
        attrs.evolve(CENTRAL_2020, deviation_threshold=1.3)


def test_r10_1_a_rule_set_prints_its_name_and_what_it_changes() -> None:
    """R10.1 a short repr (help(perfeval.audit) shows it as the default): the name and the options that differ."""
    assert repr(CENTRAL_2020) == "RuleSet('central-2020')"
    assert repr(GUANGXI) == "RuleSet('guangxi', deviation_threshold=Decimal('1.3'))"
