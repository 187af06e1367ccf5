"""docs/findings.md lists every finding code of the catalogue, with its severity and rule."""

from __future__ import annotations

import re
from pathlib import Path

from perfeval import CATALOGUE

DOC = Path(__file__).resolve().parents[2] / "docs" / "findings.md"


def test_every_code_has_a_section_with_its_severity_and_rule() -> None:
    heads = re.findall(r"^### `([a-z0-9-]+)` — (\w+) — (.+)$", DOC.read_text(encoding="utf-8"), flags=re.M)
    assert [code for code, _, _ in heads] != []
    assert sorted(code for code, _, _ in heads) == sorted(CATALOGUE)
    for code, severity, rule in heads:
        assert severity == CATALOGUE[code].severity.value, code
        assert CATALOGUE[code].rule in rule, code
