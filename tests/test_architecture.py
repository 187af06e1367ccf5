"""The layering of docs/architecture.md, checked from every module's imports (parsed, not run).

A module may import its own floor and the floors below it, never one above;
and no set of modules imports itself round in a circle. Imports under
``if TYPE_CHECKING:`` cost nothing at run time and are not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"

#: The floors, lowest first: a module name, or a package name ending in "." for all its modules.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("perfeval.errors", "perfeval.decimals", "perfeval.caching", "perfeval.findings", "perfeval.finding_records",
     "perfeval.examples",
     "perfeval.pipes"),
    ("perfeval.reading", "perfeval.reading.text", "perfeval.reading.operators", "perfeval.reading.numbers",
     "perfeval.reading.dates", "perfeval.reading.words", "perfeval.vocab", "perfeval.steps"),
    ("perfeval.values", "perfeval.views", "perfeval.record"),
    ("perfeval.read", "perfeval.read."),
    ("perfeval.rules",),
    ("perfeval.reading.indicators", "perfeval.points", "perfeval.scoring"),
    ("perfeval.checks", "perfeval.auditing", "perfeval.outcome"),
    ("perfeval.report", "perfeval.report."),
    ("perfeval.batch",),
    ("perfeval", "perfeval.testing", "perfeval.testing.", "perfeval.build_info"),
    ("perfeval.cli", "perfeval.cli_errors"),
)  # fmt: skip

#: Imports that run upward on purpose, each inside the one function that needs it.
UPWARD = {
    # A value's notebook display (_repr_html_) loads the HTML report on first display only.
    ("perfeval.scoring", "perfeval.report.html_view"),
    ("perfeval.auditing", "perfeval.report.html_view"),
}


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")


MODULES = {_module_name(path): path for path in sorted((SRC / "perfeval").rglob("*.py"))}


def _floor(module: str) -> int:
    for floor, names in enumerate(LAYERS):
        if module in names or any(name.endswith(".") and module.startswith(name) for name in names):
            return floor
    raise AssertionError(f"{module} is on no floor: add it to LAYERS and to docs/architecture.md")


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(module: str) -> set[str]:
    """The perfeval modules ``module`` imports (a name imported from a package counts as its module)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("perfeval"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("perfeval"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in MODULES else node.module)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(MODULES[module].read_text(encoding="utf-8")))
    found.discard(module)
    return found


GRAPH = {module: _imports(module) for module in MODULES}


def test_every_module_is_on_a_floor() -> None:
    """Every module of src/perfeval is placed on a floor, so that a new one is placed on purpose."""
    for module in MODULES:
        _floor(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_import_runs_up(module: str) -> None:
    """A module imports only its own floor and the floors below (docs/architecture.md)."""
    upward = {
        imported for imported in GRAPH[module] if _floor(imported) > _floor(module) and (module, imported) not in UPWARD
    }
    assert not upward, f"{module} (floor {_floor(module)}) imports a floor above: {sorted(upward)}"


def test_no_import_circle() -> None:
    """No module reaches itself through the imports of others (the upward display hooks aside)."""
    edges = {m: {i for i in imported if (m, i) not in UPWARD and i in MODULES} for m, imported in GRAPH.items()}
    done: set[str] = set()

    def walk(module: str, trail: list[str]) -> None:
        if module in trail:
            raise AssertionError("import circle: " + " → ".join([*trail[trail.index(module) :], module]))
        if module in done:
            return
        for imported in sorted(edges[module]):
            walk(imported, [*trail, module])
        done.add(module)

    for module in sorted(edges):
        walk(module, [])


def test_no_wing_imports_the_runner() -> None:
    """The reading and reporting wings take records and outcomes from below, never from perfeval.batch."""
    for module, imported in GRAPH.items():
        if module.startswith(("perfeval.read", "perfeval.report")):
            assert "perfeval.batch" not in imported, module


def test_the_layer_test_sees_imports() -> None:
    """The parser finds what a module imports, the function-level ones too, so an empty answer means none."""
    assert "perfeval.outcome" in GRAPH["perfeval.batch"]
    assert "perfeval.report.html_view" in GRAPH["perfeval.scoring"]  # inside _repr_html_
    assert "perfeval.report.export" not in GRAPH["perfeval"]  # under TYPE_CHECKING only


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_over_500_lines(module: str) -> None:
    """Small modules: a file over 500 lines is split along its own sections (docs/architecture.md)."""
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= 500, f"{module} has {lines} lines"


def test_modules_named_in_strings_exist() -> None:
    """A module imported by name (the lazy exports, the format readers) exists: a move cannot leave one dangling."""
    named = {
        node.value
        for path in MODULES.values()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.startswith("perfeval.")
        and node.value.replace(".", "").replace("_", "").isalnum()
    }
    assert "perfeval.read.xlsx_reader" in named
    assert "perfeval.report.frames" in named
    assert named <= set(MODULES), sorted(named - set(MODULES))
