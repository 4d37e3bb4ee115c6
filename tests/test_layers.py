"""The layers of docs/design.md, checked on every import statement (lazy ones included).

Low to high: core (1), verifiers (2), curation (3), training (4), cli (5). A module may import
only its own layer or lower ones, and the module graph has no cycles. The package `__init__`
of `recon_data` is the public facade: it names functions of any layer, but only as strings
resolved on attribute access, so importing it loads nothing above the core (tested below).
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The package's subpackages; verifiers, curation and training are links to the root folders.
FOLDERS = ("recon_data", "recon_data.verifiers", "recon_data.curation", "recon_data.training")
LAYERS = (
    ("recon_data.cli", 5),
    ("recon_data.__main__", 5),  # `python -m recon_data`: an entry point, like the CLI
    ("recon_data.training", 4),
    ("recon_data.curation", 3),
    ("recon_data.verifiers", 2),
    ("recon_data", 1),
)
FACADE = "recon_data"


def layer_of(module: str) -> int | None:
    """Return the layer rank of a `recon_data` module name, None for third-party modules."""
    for prefix, rank in LAYERS:
        if module == prefix or module.startswith(prefix + "."):
            return rank
    return None


def discover() -> dict[str, Path]:
    """Map every module name of the package to its file."""
    modules: dict[str, Path] = {}
    package = ROOT / "recon_data"
    for folder, dirs, files in os.walk(package, followlinks=True):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(f for f in files if f.endswith(".py")):
            path = Path(folder, name)
            parts = [p for p in path.relative_to(ROOT).with_suffix("").parts if p != "__init__"]
            modules[".".join(parts)] = path
    return modules


MODULES = discover()


def _absolute(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _type_only_lines(tree: ast.AST) -> set[int]:
    # Lines inside `if TYPE_CHECKING:` blocks: imports for annotations, never executed.
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for inner in node.body:
                lines.update(range(inner.lineno, (inner.end_lineno or inner.lineno) + 1))
    return lines


def imports_of(module: str, path: Path, *, runtime_only: bool = False) -> list[tuple[str, int]]:
    """Every `recon_data` module a file imports, at any depth, with its line.

    Names reached only as strings (lazy-export tables, importlib calls) count too, so a lazy
    import cannot hide a layer violation. `runtime_only` leaves out `if TYPE_CHECKING:`
    imports (they cannot form an import cycle; they still count for layers).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    skip = _type_only_lines(tree) if runtime_only else set()
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, node, is_package)
            for alias in node.names:
                # `from recon_data.cli import score` imports the submodule when there is one.
                sub = f"{base}.{alias.name}"
                found.append((sub if sub in MODULES else base, node.lineno))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            if text.startswith("recon_data.") and text in MODULES:
                found.append((text, node.lineno))
    return [(name, line) for name, line in found if layer_of(name) is not None]


GRAPH = {name: imports_of(name, path) for name, path in MODULES.items()}
RUNTIME_GRAPH = {name: imports_of(name, path, runtime_only=True) for name, path in MODULES.items()}


def test_the_checker_sees_every_package() -> None:
    for package in FOLDERS:
        assert package in MODULES
    assert any(name.startswith("recon_data.cli.") for name in MODULES)


def test_no_module_imports_a_higher_layer() -> None:
    violations = []
    for module, targets in GRAPH.items():
        if module == FACADE:
            continue
        own = layer_of(module)
        assert own is not None
        for target, line in targets:
            if (layer_of(target) or 0) > own:
                violations.append(
                    f"{MODULES[module].relative_to(ROOT)}:{line}: {module} -> {target}"
                )
    assert violations == []


def test_the_module_graph_has_no_cycles() -> None:
    # Edges between modules (a package's __init__ is its own node); self-imports do not count.
    edges = {
        m: sorted({t for t, _ in targets if t in MODULES and t != m and t != FACADE})
        for m, targets in RUNTIME_GRAPH.items()
    }
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in edges.get(node, []):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(edges):
        if node not in state:
            visit(node)
    assert cycles == []


def test_the_checker_catches_a_lazy_violation(tmp_path: Path) -> None:
    # The checker must see an import hidden inside a function and one named only as a string.
    src = tmp_path / "mod.py"
    src.write_text(
        "def f():\n    from recon_data.training import runs\n"
        "LAZY = {'x': 'recon_data.curation.build'}\n",
        encoding="utf-8",
    )
    found = {name for name, _ in imports_of("recon_data.storage", src)}
    assert "recon_data.training.runs" in found
    assert "recon_data.curation.build" in found
    # A type-only import counts for layers but is never executed, so not for cycles.
    typed = tmp_path / "typed.py"
    typed.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from recon_data import schema\n",
        encoding="utf-8",
    )
    assert {n for n, _ in imports_of("recon_data.storage", typed)} == {"recon_data.schema"}
    assert imports_of("recon_data.storage", typed, runtime_only=True) == []


@pytest.mark.parametrize("package", ["recon_data", "recon_data.verifiers"])
def test_importing_a_layer_loads_nothing_above_it(package: str) -> None:
    code = (
        f"import sys, {package}\n"
        "above = sorted(m for m in sys.modules if m.startswith(('recon_data.curation', "
        "'recon_data.training', 'recon_data.cli')))\n"
        "print(','.join(above))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == ""


def test_every_package_folder_ships_in_the_wheel() -> None:
    # setuptools finds the packages through the links with pyproject's own include pattern, so
    # a new subpackage (or a broken link) would import in the checkout and be missing installed.
    import tomllib
    from setuptools import find_packages

    pattern = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    found = set(find_packages(str(ROOT), **pattern["packages"]["find"]))
    packages = {name for name, path in MODULES.items() if path.name == "__init__.py"}
    assert packages == found


def test_importing_the_verifiers_loads_no_third_party_package() -> None:
    # Reward functions are imported into every GRPO worker: the package docstring promises
    # the standard library and core modules only.
    code = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "import recon_data.verifiers\n"
        "new = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "print(','.join(sorted(n for n in new if n not in sys.stdlib_module_names and n != 'recon_data')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
