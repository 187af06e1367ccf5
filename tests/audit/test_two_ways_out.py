"""The rules core has two ways out — the typed values (score, audit) and the batch's plain results —
and they must print the same thing: the batch is not a second engine, only a cheaper way out."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfeval
from perfeval import points
from perfeval.checks import check
from perfeval.outcome import Plain, process, process_plain
from perfeval.points import card_points
from perfeval.record import Record
from perfeval.report.elements import plain_element, score_element
from perfeval.report.printing import render_json, render_json_plain
from perfeval.report.render import audit_element
from perfeval.rules import RULE_SETS
from perfeval.testing.table_strategies import tables

RULES = sorted(RULE_SETS)


def both(table: perfeval.Table, rules: str, mode: str) -> tuple[object, object]:
    record = Record("t", 0, table)
    typed = render_json(process(record, RULE_SETS[rules], mode))  # type: ignore[arg-type]
    plain = render_json_plain(process_plain(record, RULE_SETS[rules], mode))  # type: ignore[arg-type]
    return typed, plain


@settings(max_examples=200)
@given(tables(messy=True), st.sampled_from(RULES), st.sampled_from(["audit", "score"]))
def test_the_batch_prints_what_the_typed_values_print(table: perfeval.Table, rules: str, mode: str) -> None:
    typed, plain = both(table, rules, mode)
    assert plain == typed  # the line, the worst severity, the codes the tally counts


def test_every_sample_under_every_rule_set_prints_the_same_both_ways() -> None:
    for path in perfeval.example_paths():
        [table] = perfeval.load(path)
        for rules in RULES:
            result = perfeval.audit(table, rules)
            card = card_points(table, RULE_SETS[rules])
            plain = Plain("t", 0, card, check(card), None)
            assert plain_element(plain) == audit_element("t", 0, result)
            assert score_element("t", 0, card) == score_element("t", 0, result.scorecard)
            assert [r.finding() for r in check(card)] == list(result.findings)


def test_an_error_prints_the_same_both_ways() -> None:
    record = Record("t", 3, error=perfeval.PerfevalError("bad", source="t", index=3))
    assert render_json_plain(process_plain(record)) == render_json(process(record))


@settings(max_examples=100)
@given(tables(messy=True), st.sampled_from(RULES))
def test_the_batch_builds_no_step(table: perfeval.Table, rules: str) -> None:
    """Issue 11: with no trace, the core builds no explanation step (nor a note of how a cell was read)."""

    def refuse(*args: object) -> None:
        raise AssertionError(f"a Step built on the batch path: {args}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(points, "Step", refuse)
        card = card_points(table, RULE_SETS[rules])
        check(card)
    assert all(not getattr(row.reading, "how", ()) or row.kind.value != "quantitative" for row in card.indicators)
