"""The batch and the CLI in-process: a bug on one table is reported with that table and the batch goes on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import perfeval
from perfeval import batch, cli, outcome
from perfeval.record import Record


def test_internal_error_is_reported_with_its_table(monkeypatch: pytest.MonkeyPatch) -> None:
    tables = [perfeval.load(p)[0] for p in perfeval.example_paths()[:3]]

    def audit(table: perfeval.Table, rules: perfeval.RuleSet) -> perfeval.Audit:
        if table is tables[1]:
            raise ZeroDivisionError("boom")
        return perfeval.audit(table, rules)

    monkeypatch.setattr(outcome, "audit", audit)
    records = [Record("t.json", i, table=t) for i, t in enumerate(tables)]
    outcomes = list(batch.run(records))
    assert [o.index for o in outcomes] == [0, 1, 2]
    assert outcomes[0].error is None
    assert outcomes[2].error is None
    error = outcomes[1].error
    assert error is not None
    assert error.code == "internal-error"
    assert "ZeroDivisionError: boom" in error.message
    assert (error.source, error.index) == ("t.json", 1)


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_cli_reports_internal_error_in_place(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    # A bug in the rules core: JSON output runs it on the batch path, text output through perfeval.audit.
    real = outcome.card_points

    def card_points(table: perfeval.Table, *args: Any) -> Any:
        if table.project == "炸":
            raise KeyError("bug")
        return real(table, *args)

    monkeypatch.setattr(outcome, "card_points", card_points)
    monkeypatch.setattr(perfeval.scoring, "card_points", card_points)
    path = tmp_path / "two.json"
    good: dict[str, Any] = {"project": "好", "indicators": []}
    path.write_text(json.dumps([{"project": "炸"}, good], ensure_ascii=False), encoding="utf-8")
    status = cli.main(["audit", "--format", fmt, str(path)])
    out, err = capsys.readouterr()
    assert status == 2
    assert "Traceback" not in err
    if fmt == "json":
        first, second = json.loads(out)
        assert first["error"]["code"] == "internal-error"
        assert second["project"] == "好"
    else:
        assert "two.json[0] · cannot be read (intern" in out
        assert "KeyError" in out
        assert "· 好" in out


def test_cli_unexpected_crash_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("unexpected")

    monkeypatch.setattr(batch, "run_mapped", explode)  # the CLI imports it when a batch runs
    status = cli.main(["audit", "--example"])
    _, err = capsys.readouterr()
    assert status == 2
    assert err.strip() == "perfeval: 内部错误 internal error: RuntimeError: unexpected"
