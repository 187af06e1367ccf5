"""Testing helpers for perfeval users: hypothesis strategies of cells, indicators and tables.

This subpackage is the only part of perfeval that imports ``hypothesis``;
install it with ``pip install 'perfeval[testing]'``.  Without it, importing
``perfeval.testing`` raises :class:`~perfeval.errors.MissingExtraError`
(an ``ImportError``) that says so.

>>> from hypothesis import given, settings
>>> from perfeval.testing import strategies as pst
>>> import perfeval
>>> @settings(max_examples=20)
... @given(pst.tables(consistent=True))
... def test_consistent_tables_pass_the_audit(table):
...     assert not perfeval.audit(table).errors
>>> test_consistent_tables_pass_the_audit()
"""

from __future__ import annotations

# strategies raises the MissingExtraError itself when hypothesis is absent.
from perfeval.testing import strategies

__all__ = ["strategies"]
