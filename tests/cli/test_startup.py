"""The CLI's start: ``--help``, ``--version`` and ``import perfeval`` import none of the engine."""

from __future__ import annotations

import subprocess
import sys

import perfeval
from perfeval import cli
from perfeval.rules import RULE_SETS

ENGINE = ("perfeval.auditing", "perfeval.scoring", "perfeval.values", "perfeval.read.records", "attrs", "dateutil")


def _imported_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    return set(done.stdout.split())


def test_importing_the_cli_imports_no_engine() -> None:
    imported = _imported_after("import perfeval.cli")
    assert "perfeval.cli" in imported
    assert imported.isdisjoint(ENGINE), sorted(imported & set(ENGINE))
    assert imported.isdisjoint({"multiprocessing", "concurrent.futures", "msgspec", "tqdm"})


def test_help_imports_no_engine_and_lists_the_rule_sets() -> None:
    code = (
        "import contextlib, io\nfrom perfeval.cli import main\nout = io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):\n    main(['audit', '--help'])\n"
        "assert 'central-2020' in out.getvalue()"
    )
    imported = _imported_after(code)
    assert "perfeval.cli" in imported
    assert imported.isdisjoint(ENGINE), sorted(imported & set(ENGINE))


def test_the_rule_set_names_of_help_are_the_rule_sets() -> None:
    assert tuple(sorted(RULE_SETS)) == cli.RULE_SET_NAMES


def test_the_lazy_exports_are_the_modules_own_values() -> None:
    from perfeval.auditing import audit
    from perfeval.values import Table

    assert perfeval.audit is audit
    assert perfeval.Table is Table
    assert set(perfeval.__all__) <= set(dir(perfeval))
    for name in perfeval.__all__:
        if name not in ("to_dataframe", "findings_dataframe", "write_working_paper", "write_csv"):
            assert getattr(perfeval, name) is not None
