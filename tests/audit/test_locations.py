"""A finding says where it is in structured form (row, group), so that no report parses its path back."""

from __future__ import annotations

import perfeval


def test_row_findings_carry_their_row_and_group_findings_their_group() -> None:
    """Each indicator finding names its row's index; a level-1 weights finding names its group (R8.1, R11)."""
    [table] = perfeval.load(perfeval.example_paths()[14])
    result = perfeval.audit(table)
    for finding in result.findings:
        if finding.path.startswith("$.indicators[") and finding.path[len("$.indicators[")].isdigit():
            assert finding.row == int(finding.path.removeprefix("$.indicators[").split("]")[0]), finding.code
        else:
            assert finding.row is None, finding.code
    [group] = [f for f in result.findings if f.code == "level1-weights"]
    assert group.group == "产出指标"
    assert {f.group for f in result.findings if f.code != "level1-weights"} == {None}


def test_the_structured_location_is_not_part_of_the_value() -> None:
    """JSON keeps the path only, and a finding read back from JSON equals the original."""
    [table] = perfeval.load(perfeval.example_paths()[21])
    for finding in perfeval.audit(table).findings:
        assert "row" not in finding.to_dict()
        assert "group" not in finding.to_dict()
        assert perfeval.Finding.from_dict(finding.to_dict()) == finding
