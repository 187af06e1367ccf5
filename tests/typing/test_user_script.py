"""``mypy --strict`` accepts a user's audit script written against the public API (issue 14).

One mypy run (about 10 s, its cache in a temporary directory): the script
builds an Indicator from Decimals and an Operator, orders Severities, passes
one path to iter_records and calls the top-level writers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

api = pytest.importorskip("mypy.api")

SCRIPT = Path(__file__).with_name("user_script.py")


def test_mypy_strict_accepts_the_user_script(tmp_path: Path) -> None:
    out, err, status = api.run(
        ["--strict", "--no-incremental", "--cache-dir", str(tmp_path), "--python-version", "3.11", str(SCRIPT)]
    )
    assert status == 0, out + err
    assert "Success" in out
