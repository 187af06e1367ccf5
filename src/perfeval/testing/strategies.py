"""Hypothesis strategies for 项目支出绩效自评表: amounts, operators, indicators, tables.

Use them to test code that consumes perfeval's values, or to test perfeval's
laws (``tests/property`` does both)::

    from hypothesis import given
    import perfeval.scoring
    from perfeval.testing import strategies as pst

    @given(pst.indicators(messy=True))
    def test_points_within_weight(indicator):
        row = perfeval.scoring.score_indicator(indicator, 2023)
        assert row.weight is None or 0 <= row.points <= row.weight

Every number is a :class:`~decimal.Decimal` (never a float) and every cell is
text as a table prints it.  ``messy=True`` spells cells the way real tables
do: full-width digits, thousands separators, operators written as words
("不低于", "≧"), comparisons inside the target ("95%以上", "≥266米"), blank or
unreadable operator cells ("", "-", "□="), percent targets written as
fractions ("0.9" with the unit %).  ``tables(consistent=True)`` fills every
reported cell with the value perfeval computes, so the audit of such a table
finds no error.

>>> from hypothesis import given, settings
>>> import perfeval
>>> @settings(max_examples=10)
... @given(tables(consistent=True, messy=True))
... def check(table):
...     assert perfeval.score(table).total == table.total_value
...     assert not perfeval.audit(table).errors
>>> check()
"""

from __future__ import annotations

# The two modules raise MissingExtraError themselves when hypothesis is not installed.
from perfeval.testing.cell_strategies import (
    KINDS,
    LEVELS,
    OPERATOR_SPELLINGS,
    SUFFIX_SPELLINGS,
    UNREADABLE_OPERATORS,
    amounts,
    deductions,
    numbers,
    operator_cells,
    operators,
    partitions,
    rule_sets,
    weights,
)
from perfeval.testing.table_strategies import (
    deadline_indicators,
    funds,
    indicators,
    qualitative_indicators,
    quantitative_indicators,
    tables,
)

__all__ = [
    "KINDS",
    "LEVELS",
    "OPERATOR_SPELLINGS",
    "SUFFIX_SPELLINGS",
    "UNREADABLE_OPERATORS",
    "amounts",
    "deadline_indicators",
    "deductions",
    "funds",
    "indicators",
    "numbers",
    "operator_cells",
    "operators",
    "partitions",
    "qualitative_indicators",
    "quantitative_indicators",
    "rule_sets",
    "tables",
    "weights",
]
