"""Which build of perfeval is running: the compiled core (mypyc) or pure Python.

A wheel built where a C compiler is available holds the modules of
:data:`COMPILED_MODULES` compiled by mypyc (the build hook, ``hatch_build.py``,
reads this list); elsewhere, and in an editable install, every module is the
plain ``.py`` file. Both builds give the same results; the compiled one is faster.

``python -m perfeval.build_info`` prints the build; ``--require-compiled`` exits 1
unless every listed module was loaded compiled (CI checks its wheel with it).
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys

from perfeval.pipes import BROKEN_PIPE, quiet_stdout

#: The plain-function core compiled in the default wheel: functions over builtins and Decimals, no attrs classes
#: (an attrs class with converters cannot be compiled, so values.py, findings.py … stay interpreted).
COMPILED_MODULES = (
    "perfeval.decimals",
    "perfeval.caching",
    "perfeval.finding_records",
    "perfeval.reading.operators",
    "perfeval.reading.numbers",
    "perfeval.reading.indicators",
    "perfeval.reading.text",
    "perfeval.reading.words",
    "perfeval.reading.dates",
    "perfeval.points",
    "perfeval.checks",
    "perfeval.vocab",
    "perfeval.read.json_fast",
    "perfeval.report.elements",
)


def is_compiled(module: str) -> bool:
    """Whether ``module`` was loaded from an extension module (a ``.so``/``.pyd``) rather than a ``.py`` file."""
    path = getattr(importlib.import_module(module), "__file__", None) or ""
    return path.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


def compiled_modules() -> list[str]:
    """The modules of :data:`COMPILED_MODULES` that this installation runs compiled (empty for pure Python)."""
    return [module for module in COMPILED_MODULES if is_compiled(module)]


def describe() -> str:
    """One line naming the build: ``compiled core (12 of 12 modules)``, or ``pure Python``."""
    done = compiled_modules()
    if not done:
        return "pure Python"
    return f"compiled core ({len(done)} of {len(COMPILED_MODULES)} modules, mypyc)"


def main(argv: list[str] | None = None) -> int:
    """Print the build and each core module's file; with ``--require-compiled``, 1 unless all are compiled."""
    args = sys.argv[1:] if argv is None else argv
    try:
        print(f"perfeval: {describe()}")
        for module in COMPILED_MODULES:
            print(f"  {module}: {importlib.import_module(module).__file__}")
        sys.stdout.flush()
    except BrokenPipeError:  # python -m perfeval.build_info | head -1
        quiet_stdout()
        return BROKEN_PIPE
    if "--require-compiled" in args and len(compiled_modules()) != len(COMPILED_MODULES):
        print("perfeval: not every core module is compiled", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
