"""Fuzzing is reproducible: every Hypothesis test runs derandomized, without an example database, unless asked."""

from __future__ import annotations

import importlib

import pytest
from hypothesis import settings


def test_the_default_profile_is_derandomized() -> None:
    """tests/conftest.py loads the "ci" profile: a CI failure fails again on every machine."""
    assert settings.default.derandomize is True
    assert settings.default.database is None
    assert settings.default.deadline is None


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("tests.fuzz.test_hostile_input", "FUZZ"),
        ("tests.fuzz.test_nothing_lost", "FUZZ"),
    ],
)
def test_the_fuzz_settings_inherit_the_profile(module: str, name: str) -> None:
    """A module's own settings change only the number of examples, never the seed."""
    fuzz = getattr(importlib.import_module(module), name)
    assert fuzz.derandomize is True
    assert fuzz.database is None
