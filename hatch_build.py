"""Hatchling build hook: a wheel holds perfeval's core compiled by mypyc when it can, pure Python otherwise.

* ``pip install .`` (a standard wheel): the modules listed in ``perfeval.build_info.COMPILED_MODULES`` are
  compiled with mypyc next to their ``.py`` files; if that fails (no C compiler, no Python headers, a mypyc
  error) the wheel is the pure-Python one and the build prints one warning line — a failed compile never fails
  the install. Compiling needs mypy and setuptools from the package index (build requirements asked for in
  ``dependencies``): offline, ``PERFEVAL_COMPILE=0`` asks for none.
* ``pip install -e .`` (editable): always pure Python, so an edited ``.py`` is never shadowed by a stale ``.so``.
* ``PERFEVAL_COMPILE=0`` never compiles; ``PERFEVAL_COMPILE=1`` must compile (a failure fails the build:
  for CI and packagers, who want to know).

The compilation runs in a temporary directory (the source tree gets no ``.so`` or ``build/``), with the
project's mypy configuration.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from types import FrameType
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

ENV = "PERFEVAL_COMPILE"
#: mypyc and what it needs to type-check the core (the runtime dependencies and their stubs).
BUILD_DEPENDENCIES = ["mypy>=2.4,<3", "setuptools>=70", "types-python-dateutil", "types-tqdm"]

_SETUP = """
import sys
from setuptools import setup
from mypyc.build import mypycify

out, temp, config, *paths = sys.argv[1:]
setup(
    name="perfeval-core",
    ext_modules=mypycify(["--config-file", config, *paths], opt_level="3", group_name="perfeval", target_dir="c"),
    script_args=["build_ext", "--build-lib", out, "--build-temp", temp],
)
"""


def _mode() -> str:
    """``"off"``, ``"on"`` (must compile) or ``"auto"`` (try, fall back), from :data:`ENV`."""
    value = os.environ.get(ENV, "").strip().lower()
    if value in {"0", "false", "no", "off"}:
        return "off"
    if value in {"1", "true", "yes", "on"}:
        return "on"
    # mypyc builds CPython extensions only: elsewhere (PyPy …) the pure wheel, without trying.
    return "auto" if sys.implementation.name == "cpython" else "off"


def _building_editable() -> bool:
    """Whether hatchling is asked for an editable wheel's build requirements (the hook is not told)."""
    frame: FrameType | None = sys._getframe()
    while frame is not None:
        if frame.f_code.co_name in {"get_requires_for_build_editable", "build_editable"}:
            return True
        frame = frame.f_back
    return False


class CompileCoreHook(BuildHookInterface):  # type: ignore[type-arg]
    """Compiles the core into the standard wheel, or leaves the wheel pure Python (see the module docstring)."""

    PLUGIN_NAME = "custom"

    def dependencies(self) -> list[str]:
        if _mode() == "off" or _building_editable():
            return []
        return [*BUILD_DEPENDENCIES, *self.metadata.core.dependencies]

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        mode = _mode()
        if self.target_name != "wheel" or mode == "off":
            return
        if version == "editable":
            if mode == "on":
                raise RuntimeError(f"{ENV}=1: an editable install is never compiled; build a wheel (pip install .)")
            return
        self._temp = tempfile.mkdtemp(prefix="perfeval-mypyc-")
        try:
            built = self._compile(Path(self._temp))
        except Exception as error:
            if mode == "on":
                raise
            reason = (str(error).strip().splitlines() or [type(error).__name__])[-1][:200]
            print(f"WARNING: perfeval: the core is not compiled, the wheel is pure Python ({reason})", file=sys.stderr)
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        build_data["force_include"].update(built)

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        temp = getattr(self, "_temp", None)
        if temp:
            shutil.rmtree(temp, ignore_errors=True)

    def _compile(self, temp: Path) -> dict[str, str]:
        """Compile the core under ``temp``; the built extension files, mapped to their paths in the wheel."""
        src = Path(self.root) / "src"
        paths = [str(src / (module.replace(".", "/") + ".py")) for module in _core_modules(src)]
        out = temp / "lib"
        setup = temp / "setup.py"
        setup.write_text(_SETUP, encoding="utf-8")
        config = str(Path(self.root) / "pyproject.toml")
        command = [sys.executable, str(setup), str(out), str(temp / "tmp"), config, *paths]
        run = subprocess.run(command, cwd=temp, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
        if run.returncode:  # the whole output, its last line (the error) the warning's reason
            raise RuntimeError("mypyc failed:\n" + run.stdout.decode("utf-8", "replace").strip())
        suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
        built = {str(path): path.relative_to(out).as_posix() for path in out.rglob(f"*{suffix}")}
        if len(built) != len(paths) + 1:  # one extension a module, and mypyc's shared library
            raise RuntimeError(f"mypyc built {len(built)} extension files for {len(paths)} modules")
        return built


def _core_modules(src: Path) -> list[str]:
    """``COMPILED_MODULES`` as ``src/perfeval/build_info.py`` lists it (read, not imported: no build dependency)."""
    tree = ast.parse((src / "perfeval" / "build_info.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "COMPILED_MODULES" for target in node.targets
        ):
            return list(ast.literal_eval(node.value))
    raise RuntimeError("COMPILED_MODULES not found in perfeval/build_info.py")
