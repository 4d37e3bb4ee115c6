"""Shared fixtures: the release in ../shared and a corpus built from it once per session."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

# Tests never touch the network: set before anything imports huggingface_hub or datasets.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RELEASE = SHARED / "recon-release"
ECONNLI = SHARED / "benchmarks" / "econnli"


def require(path: Path) -> Path:
    """Return `path`, or fail under CI / skip locally when the shared data is missing."""
    if path.exists():
        return path
    message = f"shared data missing: {path} (clone next to ../shared)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def release_dir() -> Path:
    """The raw Recon release folder (three CSVs)."""
    return require(RELEASE)


@pytest.fixture(scope="session")
def econnli_dir() -> Path:
    """The EconNLI benchmark folder."""
    return require(ECONNLI)


@pytest.fixture(scope="session")
def corpus_dir(release_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus built from the release once per test session (treat as read-only)."""
    from recon_data.curation.build import build_corpus

    out = tmp_path_factory.mktemp("corpus") / "recon"
    build_corpus(out, release_dir)
    return out


@pytest.fixture(scope="session")
def release_audit(corpus_dir: Path):
    """The audit of the session corpus, once per session (treat as read-only)."""
    from recon_data.curation.audit import audit_corpus

    return audit_corpus(corpus_dir)


@pytest.fixture(scope="session")
def cleaned(corpus_dir: Path, release_audit, tmp_path_factory: pytest.TempPathFactory):
    """`clean_corpus(..., balance=True)` of the session corpus, once per session."""
    from recon_data.curation.clean import clean_corpus

    out = tmp_path_factory.mktemp("clean") / "c"
    return clean_corpus(corpus_dir, out, audit=release_audit, balance=True)


@pytest.fixture(scope="session")
def release_by_id(corpus_dir: Path) -> dict[str, Any]:
    """The session corpus's problems by id (treat as read-only)."""
    from recon_data.storage import read_problems

    return {p.id: p for p in read_problems(corpus_dir)}


@pytest.fixture(scope="session")
def cleaned_by_id(cleaned) -> dict[str, dict[str, Any]]:
    """The cleaned corpus's problem records by id, as JSON (treat as read-only)."""
    from recon_data.storage import PROBLEM_FILES, iter_jsonl

    return {
        obj["id"]: obj for rel in PROBLEM_FILES.values() for _, obj in iter_jsonl(cleaned.out / rel)
    }


@pytest.fixture(scope="session")
def cleaned_changes(cleaned) -> dict[str, list[dict[str, Any]]]:
    """The cleaner's changes grouped by record id, in order (treat as read-only)."""
    from recon_data.curation.clean import read_changes

    out: dict[str, list[dict[str, Any]]] = {}
    for c in read_changes(cleaned.out):
        out.setdefault(c["id"], []).append(c)
    return out


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep cached builds out of the user's home and never reach the Hub by default."""
    monkeypatch.setenv("RECON_DATA_HOME", str(tmp_path_factory.getbasetemp() / "recon-home"))
    if RELEASE.exists():
        monkeypatch.setenv("RECON_DATA_SOURCE", str(RELEASE))


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run `recon-data ARGS...` in-process through main(); return (exit code, stdout, stderr)."""
    from recon_data.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        monkeypatch.setattr("sys.argv", ["recon-data", *map(str, args)])
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return code, out, err

    return run


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Under `-m "not slow"` (scripts/test.sh --fast), skip importing whole-slow modules.

    Deselection happens after collection, and collecting a module imports what it imports at
    the top (torch, TRL): seconds of CPU for tests that will not run.
    """
    if config.getoption("markexpr", "") != "not slow" or collection_path.suffix != ".py":
        return None
    if not collection_path.name.startswith("test_"):
        return None
    text = collection_path.read_text(encoding="utf-8")
    return True if _WHOLE_MODULE_SLOW.search(text) else None


_WHOLE_MODULE_SLOW = re.compile(r"^pytestmark = pytest\.mark\.slow\b", re.MULTILINE)


# The audit of the whole release (and the cleaning built on it) costs about 6 s CPU; every
# test that needs it is slow, so the edit-test loop (`test.sh --fast`) stays under a minute.
_WHOLE_RELEASE_FIXTURES = frozenset(
    {"release_audit", "cleaned", "cleaned_by_id", "cleaned_changes"}
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that uses the whole-release audit or cleaning as slow."""
    for item in items:
        if _WHOLE_RELEASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
