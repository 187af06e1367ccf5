"""The one place Hypothesis is configured: a reproducible profile for CI, and an opt-in long random one.

``ci`` (the default) is derandomized and keeps no example database, so a run
is the same on every machine and a failure seen in CI fails again locally.
For a long random search set ``PERFEVAL_HYPOTHESIS=random`` (and raise the
example counts with ``PERFEVAL_FUZZ_EXAMPLES`` / ``PERFEVAL_LAW_EXAMPLES``);
each failure it finds is then pinned as an ``@example`` or a plain test.
"""

import os

from hypothesis import HealthCheck, settings

_SLOW = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]

settings.register_profile(
    "ci", max_examples=60, deadline=None, derandomize=True, database=None, suppress_health_check=_SLOW
)
settings.register_profile(
    "random",
    max_examples=2000,
    deadline=None,
    derandomize=False,
    print_blob=True,  # a failure prints the @reproduce_failure line that replays it
    suppress_health_check=list(HealthCheck),
)
settings.load_profile(os.environ.get("PERFEVAL_HYPOTHESIS", "ci"))
