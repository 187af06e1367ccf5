"""The batch's compiled inner loop (report.elements.rendered_line) prints what the usual way prints, or declines."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings

import perfeval
from perfeval import build_info
from perfeval.batch import _plain_line
from perfeval.read import codec
from perfeval.read.json_format import to_dict
from perfeval.report.elements import Rendered, rendered_line
from perfeval.report.printing import render_json_bytes
from perfeval.rules import CENTRAL_2020, PLATFORM, RuleSet
from perfeval.testing.table_strategies import tables
from perfeval.values import Table

SAMPLES = [json.dumps(json.loads(p.read_text(encoding="utf-8")), ensure_ascii=False) for p in perfeval.example_paths()]


@pytest.fixture(autouse=True)
def warm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codec, "WARM_UP", 0)


def both(line: bytes, rules: RuleSet = CENTRAL_2020, mode: str = "audit") -> tuple[Rendered | None, Rendered]:
    """What the compiled loop prints for a line (or ``None``), and what the usual way prints."""
    fast = codec.fast_codec()
    assert fast is not None
    got = rendered_line(line, "t.jsonl", 7, rules, mode, *fast)
    usual = render_json_bytes(_plain_line("t.jsonl", 7, 9, line, True, rules, mode))  # type: ignore[arg-type]
    return got, usual


@pytest.mark.parametrize("mode", ["audit", "score"])
@pytest.mark.parametrize("rules", [CENTRAL_2020, PLATFORM], ids=["central-2020", "platform"])
@pytest.mark.parametrize("text", SAMPLES, ids=[p.name[:2] for p in perfeval.example_paths()])
def test_every_sample_prints_as_the_usual_way_prints_it(text: str, rules: RuleSet, mode: str) -> None:
    got, usual = both(text.encode(), rules, mode)
    assert got == usual
    assert got is not None
    assert json.loads(got.text)["index"] == 7


@settings(max_examples=60)
@given(tables(messy=True))
def test_a_generated_table_prints_as_the_usual_way_prints_it(table: Table) -> None:
    got, usual = both(json.dumps(to_dict(table), ensure_ascii=False).encode())
    if got is None:  # declined: only what the views leave to the long way
        assert any(i.tier is not None or i.deductions for i in table.indicators) or table.execution.deductions
        return
    assert got == usual


def test_a_line_ending_in_a_carriage_return_is_read_as_without_it() -> None:
    got, usual = both(SAMPLES[3].encode() + b"\r")
    assert got is not None
    assert got == usual == both(SAMPLES[3].encode())[1]


@pytest.mark.parametrize(
    "line",
    [
        b"{not json",
        b"[1]",
        b'{"project": 5}',
        b'{"total": "-3", "indicators": []}',  # a bad cell: the usual way names it
        b'{"project": "\\udcff"}',  # a lone surrogate: msgspec refuses it
        b'{"indicators": [{"tier": "\\u8fbe\\u6210", "weight": "100", "score": "100"}]}',  # a tier: the long way
        b"\xef\xbb\xbf{}",  # a byte-order mark
    ],
)
def test_what_the_loop_cannot_take_is_declined_for_the_usual_way(line: bytes) -> None:
    got, usual = both(line)
    assert got is None
    assert isinstance(usual, Rendered)


def test_a_table_that_fails_to_score_is_declined(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any error on the way (a bug in a rule, here) is met again by the usual way, which reports it in place."""
    from perfeval.report import elements

    def broken(*args: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(elements, "card_points", broken)
    fast = codec.fast_codec()
    assert fast is not None
    try:
        got = rendered_line(SAMPLES[0].encode(), "t.jsonl", 0, CENTRAL_2020, "audit", *fast)
    except RuntimeError:  # the compiled build calls card_points directly: the patch cannot reach it
        pytest.fail("rendered_line let an error through")
    assert got is None or build_info.is_compiled("perfeval.report.elements")


def test_bytes_that_are_no_text_under_an_unknown_key_are_declined() -> None:
    got, usual = both(b'{"project": "x", "comment": "\xff"}')
    assert got is None
    assert usual.unreadable


def test_a_batch_reports_a_line_that_is_no_text_after_its_fast_lines(tmp_path: Any) -> None:
    """Past the warm-up, in UTF-8 blocks: a line with invalid bytes under an unknown key is an error in place."""
    from perfeval.cli import main

    path = tmp_path / "t.jsonl"
    good = b"\n".join(SAMPLES[0].encode() for _ in range(40))
    path.write_bytes(good + b'\n{"project": "x", "comment": "\xff"}\n' + SAMPLES[1].encode() + b"\n")
    out = tmp_path / "out.jsonl"
    assert main(["score", str(path), "--format", "jsonl", "--jobs", "1", "-q", "-o", str(out)]) == 2
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 42
    assert lines[40]["error"]["code"] == "not-json"
    assert "total" in lines[39]
    assert "total" in lines[41]
