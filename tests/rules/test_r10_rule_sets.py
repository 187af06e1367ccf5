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
