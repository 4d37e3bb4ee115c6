"""Determinism across processes: build, clean and export give the same bytes whatever the hash seed.

Within one process a set or dict order can look stable and still depend on PYTHONHASHSEED
(string hashing is randomised per process), so the pipeline runs in two fresh interpreters
with different seeds and every output file is compared by its sha256.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Slow: builds, cleans and exports in subprocesses under two hash seeds. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow

SEEDS = ("1", "12345")
# Output paths are relative to each run's own folder, so no absolute path can differ.
STEPS = (
    ("build", "--out", "corpus", "--source", "{release}"),
    ("clean", "corpus", "--out", "cleaned"),
    ("export", "cleaned", "--out", "hub"),
)


def _digests(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def runs(release_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    roots = {seed: tmp_path_factory.mktemp(f"hashseed-{seed}") for seed in SEEDS}
    for step in STEPS:
        args = [a.format(release=release_dir) for a in step]
        # Both seeds run each step at the same time: two processes, half the wall time.
        procs = {
            seed: subprocess.Popen(
                [sys.executable, "-m", "recon_data", *args],
                cwd=root,
                env={**os.environ, "PYTHONHASHSEED": seed},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for seed, root in roots.items()
        }
        for seed, proc in procs.items():
            _, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, f"PYTHONHASHSEED={seed} recon-data {step[0]}: {err}"
    return roots


def test_outputs_are_byte_identical_under_different_hash_seeds(runs: dict[str, Path]) -> None:
    first, second = (_digests(runs[seed]) for seed in SEEDS)
    # Every stage wrote its data, so an empty or partial tree cannot pass by accident.
    for folder, name in (
        ("corpus", "manifest.json"),
        ("cleaned", "changes.jsonl"),
        ("hub", "README.md"),
    ):
        assert f"{folder}/{name}" in first
    assert {path.split("/")[0] for path in first} == {"corpus", "cleaned", "hub"}
    assert any(path.endswith(".parquet") for path in first)
    assert first.keys() == second.keys()
    differing = sorted(path for path in first if first[path] != second[path])
    assert differing == []
