"""The audit's fast paths say what the plain rules say: messages, merged families, R11 matching, records."""

from __future__ import annotations

import itertools
import string
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfeval.checks import _matches
from perfeval.decimals import places, round_to
from perfeval.finding_records import _compiled, family_record, merged, record
from perfeval.findings import CATALOGUE, EXECUTION_SCORE_FAMILY, INDICATOR_SCORE_FAMILY

#: Text that a careless compiled f-string would misprint: quotes, braces, backslashes, line breaks.
AWKWARD = 'a"b\'c{d}}\\n\\\n\r\t"""é—%s'


@pytest.mark.parametrize("code", list(CATALOGUE))
def test_every_compiled_message_is_its_template_filled(code: str) -> None:
    """Each catalogue entry's messages, compiled once, print what ``str.format_map`` prints from its templates."""
    zh, en = CATALOGUE[code].zh, CATALOGUE[code].en
    names = {name for template in (zh, en) for _, name, _, _ in string.Formatter().parse(template) if name}
    values = {name: f"{AWKWARD}{name}" for name in names}
    messages = _compiled(zh, en)(values.get("reported", "—"), values.get("computed", "—"), values)
    assert messages == (zh.format_map(values), en.format_map(values))


@pytest.mark.parametrize(
    "template",
    ['x"""{reported}"', "\\{computed!r}\\", "{{literal}}{other}\r\n", "{other:>6}|{reported}", '"', "•\\N{other!a}"],
)
def test_a_compiled_template_prints_as_format_map(template: str) -> None:
    """Quotes, escapes, doubled braces, conversions; a format spec keeps format_map (and prints the same)."""
    values = {"reported": "1é", "computed": "2", "other": 'x"y'}
    assert _compiled(template, "{computed}")("1é", "2", values) == (template.format_map(values), "2")


def _family_cases() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    cases = []
    for order in (INDICATOR_SCORE_FAMILY, EXECUTION_SCORE_FAMILY):
        for size in range(1, len(order) + 1):
            cases += [(order, codes) for codes in itertools.combinations(order, size)]
    return cases


#: The values each family code's messages need beyond reported and computed.
EXTRA = {
    "score-exceeds-weight": {"weight": "15.00"},
    "qualitative-out-of-band": {"tier": "达成", "tier_en": "achieved", "band": "[12, 15]"},
    "score-above-computed": {"rule": "R5.3"},
    "score-below-computed": {"rule": "R6.2"},
    "execution-basis": {
        "basis": "精确执行率",
        "basis_en": "exact rate",
        "rules": "central-2020",
        "rule_basis": "填报（两位小数）执行率",
        "rule_basis_en": "printed (two-place) rate",
    },
}


@pytest.mark.parametrize(("order", "codes"), _family_cases())
def test_a_family_record_is_the_merged_records(order: tuple[str, ...], codes: tuple[str, ...]) -> None:
    """R11 v2: formatting only the printed finding gives the record ``merged`` makes of every one, row included."""
    path = "$.indicators[3].score"
    records = [record(code, path, "15.00", "2.50", row=3, **EXTRA.get(code, {})) for code in codes]
    expected = merged(records, order)
    for found in (codes, codes[::-1]):  # in whatever order the checks found them
        family = {code: EXTRA.get(code, {}) for code in found}
        assert family_record(family, order, path, "15.00", "2.50", row=3) == expected
    assert family_record(family, order, path, "15.00", "2.50", row=3).row == 3


KEYS = ["code", "severity", "path", "reported", "computed", "rule", "message_zh", "message_en", "also"]


def test_record_and_finding_print_the_same_dict() -> None:
    """The batch's ``FindingRecord.to_dict`` and the typed ``Finding.to_dict`` are the same output."""
    one = record("weight-sum", "$.indicators[*].weight", "99.00", "100.00")
    family = {"score-above-computed": {"rule": "R4"}, "unmet-target-full-score": {}}
    two = family_record(family, INDICATOR_SCORE_FAMILY, "$.indicators[0].score", "15.00", "2.50", row=0)
    for r in (one, two):
        assert r.to_dict() == r.finding().to_dict()
        assert list(r.to_dict()) == KEYS
    assert two.to_dict()["also"] == ["score-above-computed"]


PRINTED = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=p, min_value=-1000, max_value=1000) for p in range(5)
)


@given(reported=PRINTED, computed=st.decimals(allow_nan=False, allow_infinity=False, min_value=-1000, max_value=1000))
def test_matching_rounds_to_the_printed_places(reported: Decimal, computed: Decimal) -> None:
    """R11: a match is equality after rounding to the reported number's places, however it was found."""
    assert _matches(reported, computed) == (round_to(computed, places(reported)) == reported)


@pytest.mark.parametrize(
    ("reported", "computed", "expected"),
    [
        ("1E+1", "12", False),
        ("1E+1", "9.6", True),
        ("1E-7", "1.4E-7", True),
        ("9", "8.62", True),
        ("9.90", "9.9", True),
    ],
)
def test_matching_numbers_printed_with_an_exponent(reported: str, computed: str, expected: bool) -> None:
    """A reported 1E+1 is 10 printed without places: 12 is not it (quantizing to tens would say it is)."""
    assert _matches(Decimal(reported), Decimal(computed)) is expected
