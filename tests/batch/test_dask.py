"""The Dask recipe of ``docs/dask.md``, run as written on Dask's local schedulers (skipped without the extra)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import perfeval
from perfeval.batch import run
from perfeval.read.records import iter_records

dask = pytest.importorskip("dask")
pytest.importorskip("dask.bag")

RECIPE = Path(__file__).resolve().parents[2] / "docs" / "dask.md"


def _blocks() -> list[str]:
    """The Python code blocks of the recipe, in order."""
    return re.findall(r"```python\n(.*?)```", RECIPE.read_text(encoding="utf-8"), re.DOTALL)


@pytest.fixture
def tables_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``tables/a.jsonl`` (13 sample tables, a bad line, a blank line) and ``tables/b.jsonl`` (the other 13)."""
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in perfeval.example_paths()]
    lines = [json.dumps(d, ensure_ascii=False) for d in docs]
    folder = tmp_path / "tables"
    folder.mkdir()
    bad = ['{"project": "坏表", "funds": {"total": {"annual": "NaN"}}}', "not json at all"]
    (folder / "a.jsonl").write_text("\n".join([*lines[:6], bad[0], "", *lines[6:13], bad[1]]) + "\n", encoding="utf-8")
    (folder / "b.jsonl").write_text("\n".join(lines[13:]) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


@pytest.mark.parametrize("scheduler", ["sync", "threads"])
def test_the_short_recipe_audits_every_good_table(tables_dir: Path, scheduler: str) -> None:
    namespace: dict[str, Any] = {}
    with dask.config.set(scheduler=scheduler):
        exec(_blocks()[0], namespace)
        audits = namespace["audits"].compute()
    assert sorted(a.table.project or "" for a in audits) == sorted(
        t.project or "" for p in perfeval.example_paths() for t in perfeval.load(p)
    )
    expected: dict[str, int] = {}
    for path in perfeval.example_paths():
        for table in perfeval.load(path):
            for f in perfeval.audit(table).findings:
                if f.severity is perfeval.Severity.ERROR:
                    expected[f.code] = expected.get(f.code, 0) + 1
    assert dict(namespace["errors_per_code"]) == expected
    assert expected  # the samples do have error findings


@pytest.mark.parametrize("scheduler", ["sync", "threads"])
def test_the_full_recipe_gives_one_element_per_line_in_order(tables_dir: Path, scheduler: str) -> None:
    namespace: dict[str, Any] = {}
    with dask.config.set(scheduler=scheduler):
        exec(_blocks()[1], namespace)
    written = sorted((tables_dir.parent / "audited").glob("*.jsonl"))
    assert [p.name for p in written] == ["0.jsonl", "1.jsonl"]
    got = [json.loads(line) for p in written for line in p.read_text(encoding="utf-8").splitlines()]

    # The same elements as the one-process batch, source, index and line included.
    element = namespace["element"]
    paths = sorted(str(p) for p in tables_dir.glob("*.jsonl"))
    expected = [element(o) for o in run(iter_records(paths))]
    for e in got:
        e["source"] = str(Path(e["source"]).resolve())
    for e in expected:
        e["source"] = str(Path(e["source"]).resolve())
    assert got == expected
    assert len(got) == 26 + 2
    errors = [e for e in got if "error" in e]
    assert [(Path(e["source"]).name, e["index"], e["line"], e["error"]["code"]) for e in errors] == [
        ("a.jsonl", 6, 7, "invalid-table"),
        ("a.jsonl", 14, 16, "not-json"),
    ]
    assert errors[0]["error"]["path"] == "$.funds.total.annual"
    assert errors[1]["error"]["message"].startswith("line 16: not JSON")
