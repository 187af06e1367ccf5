"""The shipped strategies give what they promise (perfeval.testing)."""

import subprocess
import sys
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from perfeval import Indicator, Kind, Operator
from perfeval.reading.numbers import read_decimal, read_quantity
from perfeval.scoring import score_indicator
from perfeval.testing import strategies as pst


@given(st.sampled_from(pst.KINDS), st.booleans(), st.data())
def test_indicators_are_of_the_kind_asked_for(kind: str, messy: bool, data: st.DataObject) -> None:
    """indicators([kind]) gives rows that R3.4 reads as that kind, plain or messy."""
    indicator: Indicator = data.draw(pst.indicators([kind], messy=messy))  # type: ignore[list-item]
    assert score_indicator(indicator, 2023).kind is Kind(kind)


@given(pst.amounts(-100_000, 10_000_000), st.data())
def test_numbers_read_back_as_their_value(value: Decimal, data: st.DataObject) -> None:
    """Every messy spelling numbers() gives (full-width, thousands separators, spaces) reads back as the value."""
    cell = data.draw(pst.numbers(value, messy=True))
    assert read_decimal(cell) == value
    quantity = read_quantity(cell, "万元")
    assert quantity is not None
    assert quantity.value == value


@given(pst.operators(strict=True))
def test_operators_filter(op: Operator) -> None:
    """operators(strict=True) gives only GT and LT."""
    assert op in (Operator.GT, Operator.LT)


def test_missing_hypothesis_is_a_clear_missing_extra_error() -> None:
    """Without hypothesis, perfeval imports and perfeval.testing raises MissingExtraError naming the extra."""
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "import perfeval\n"
        "try:\n"
        "    import perfeval.testing\n"
        "except perfeval.MissingExtraError as e:\n"
        "    print('MissingExtraError:', e)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "MissingExtraError:" in result.stdout
    assert "perfeval[testing]" in result.stdout
