"""Hypothesis profiles for the property laws.

``default`` keeps the whole folder to a few seconds; set
``HYPOTHESIS_PROFILE=thorough`` for a long run (e.g. nightly).
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "perfeval-default",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.register_profile("thorough", max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "perfeval-default"))
