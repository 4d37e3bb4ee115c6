"""Type checkers see the package's real types: lazy facades name them, and a wheel carries them."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROBE = ROOT / "tests" / "typing" / "probe.py"


def _facades() -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(ROOT / "recon_data", followlinks=True):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        if "__init__.py" in files:
            path = Path(folder, "__init__.py")
            if "_LAZY" in path.read_text("utf-8"):
                found.append(path)
    return sorted(found)


def _lazy_table(tree: ast.Module) -> dict[str, str]:
    consts: dict[str, str] = {}

    def text(node: ast.expr) -> str:
        # Table values are strings or `_M + "name"` with a string constant `_M`.
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name):
            return consts[node.id]
        assert isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add), ast.dump(node)
        return text(node.left) + text(node.right)

    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        value = getattr(node, "value", None)
        if not isinstance(target, ast.Name) or value is None:
            continue
        if target.id == "_LAZY":
            assert isinstance(value, ast.Dict)
            return {text(k): text(v) for k, v in zip(value.keys, value.values, strict=True) if k}
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            consts[target.id] = value.value
    raise AssertionError("no _LAZY table")


def _type_checking_imports(tree: ast.Module) -> dict[str, str]:
    names: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for inner in node.body:
                if isinstance(inner, ast.ImportFrom):
                    for alias in inner.names:
                        # `import x as x`: an explicit re-export for mypy and ruff.
                        assert alias.asname == alias.name, (inner.module, alias.name)
                        names[alias.name] = inner.module or ""
    return names


def test_every_lazy_facade_names_its_types_for_type_checkers() -> None:
    facades = _facades()
    assert len(facades) >= 10
    for path in facades:
        tree = ast.parse(path.read_text("utf-8"))
        assert _type_checking_imports(tree) == _lazy_table(tree), path


def _mypy(cwd: Path, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--no-error-summary", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout


@pytest.mark.slow
def test_an_installed_wheel_gives_a_user_probe_the_real_types(tmp_path: Path) -> None:
    # The probe runs from outside the checkout against a wheel built from it: `assert_type`
    # fails where a name reaches the type checker as `Any`.
    # A fresh virtual environment, as a user's: the wheel goes into its site-packages.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("recon_data-*.whl")
    subprocess.run(
        [*pip, "install", "--no-deps", "--upgrade", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    assert (site / "recon_data" / "verifiers" / "grade.py").is_file()
    assert (site / "recon_data" / "py.typed").is_file()
    work = tmp_path / "user"
    work.mkdir()
    shutil.copy(PROBE, work / "probe.py")
    _mypy(work, "--ignore-missing-imports", "--python-executable", str(python), "probe.py")
