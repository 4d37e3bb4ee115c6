"""The root folders verifiers/, training/, curation/ never shadow top-level packages of those names.

Each check runs a fresh interpreter, the way a user would: `python -c` from the checkout's
root ('' first on sys.path), and a path like `python -m pytest` builds (the root as an
absolute path first), with and without an installed package of the same name.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NAMES = ("verifiers", "training", "curation")


def _python(code: str, *, cwd: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site folder holding stand-ins for installed `verifiers`, `training`, `curation`."""
    site = tmp_path_factory.mktemp("site")
    for name in NAMES:
        (site / name).mkdir()
        (site / name / "__init__.py").write_text(f"WHO = 'installed {name}'\n")
        (site / name / "sub.py").write_text("VALUE = 7\n")
    return site


# Without an installed package: ModuleNotFoundError, as if the folder were not there; our
# packages still import afterwards, under recon_data.
ABSENT = """
import sys
{path_setup}
for name in {names!r}:
    try:
        __import__(name)
    except ModuleNotFoundError as exc:
        assert exc.name == name and str(exc) == f"No module named {{name!r}}", exc
        assert name not in sys.modules
    else:
        raise SystemExit(f"{{name}} imported from {{sys.modules[name].__file__}}")
import recon_data.verifiers as v, recon_data.training as t, recon_data.curation as c
from recon_data.verifiers import hierarchical_reward
assert v.grade.__module__ == "recon_data.verifiers.grade"
assert t.load_recipe.__module__ == "recon_data.training.recipes"
assert c.__name__ == "recon_data.curation" and callable(hierarchical_reward)
print("ok")
"""

# With one installed: the installed one, submodules included.
PRESENT = """
import sys
{path_setup}
import verifiers, training, curation
from verifiers.sub import VALUE
assert (verifiers.WHO, training.WHO, curation.WHO, VALUE) == (
    "installed verifiers", "installed training", "installed curation", 7
), (verifiers.__file__, training.__file__)
import recon_data.verifiers as ours
assert ours.grade.__module__ == "recon_data.verifiers.grade" and verifiers is not ours
print("ok")
"""

PYTEST_PATH = f"sys.path.insert(0, {str(ROOT)!r})"  # what `python -m pytest` puts first


def _installed_elsewhere(tmp_path: Path) -> dict[str, str | None]:
    """Where each name resolves away from the checkout (None: nowhere)."""
    code = f"""
    import importlib.util as u
    for n in {NAMES!r}:
        spec = u.find_spec(n)
        print(n, spec.origin if spec else None)
    """
    lines = _python(code, cwd=tmp_path).stdout.split("\n")
    pairs = [line.split(" ", 1) for line in lines if line.strip()]
    return {n: None if origin == "None" else origin for n, origin in pairs}


@pytest.mark.parametrize("path_setup", ["", PYTEST_PATH], ids=["python-c", "pytest-path"])
def test_bare_names_are_not_our_folders(path_setup: str, tmp_path: Path) -> None:
    elsewhere = _installed_elsewhere(tmp_path)
    absent = tuple(n for n in NAMES if elsewhere[n] is None)
    cwd = ROOT if not path_setup else tmp_path
    result = _python(ABSENT.format(path_setup=path_setup, names=absent), cwd=cwd)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr
    # A real installed package of the name (PyPI's `verifiers` where installed) is what loads.
    for name in (n for n in NAMES if elsewhere[n] is not None):
        code = f"{path_setup}\nimport {name}; print({name}.__file__)"
        result = _python("import sys\n" + code, cwd=cwd)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == elsewhere[name] != str(ROOT / name / "__init__.py")


@pytest.mark.parametrize("path_setup", ["", PYTEST_PATH], ids=["python-c", "pytest-path"])
def test_installed_packages_of_those_names_win(
    path_setup: str, installed: Path, tmp_path: Path
) -> None:
    cwd = ROOT if not path_setup else tmp_path
    result = _python(PRESENT.format(path_setup=path_setup), cwd=cwd, pythonpath=installed)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_trl_style_dotted_reward_path_from_the_root() -> None:
    # TRL puts the working directory first on sys.path, then imports the module of the path.
    code = """
    import importlib, os, sys
    sys.path.insert(0, os.getcwd())
    module = importlib.import_module("recon_data.verifiers")
    print(module.hierarchical_reward.__module__)
    """
    result = _python(code, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "recon_data.verifiers.rewards"
