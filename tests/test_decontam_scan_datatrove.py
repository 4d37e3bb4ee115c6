"""The datatrove engine of the streaming scan: the same findings as the in-process engine.

Runs datatrove's local executor on small generated shards (one and two workers), builds the
Slurm and Ray executors without a cluster, and runs the pickled Slurm executor's ranks here
the way `launch_pickled_pipeline` runs them on a node.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import subprocess
import sys
from copy import deepcopy
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from _support import require_module

from recon_data.curation.decontam import Doc, scan_documents, scan_items
from recon_data.errors import ReconDataError

datatrove = require_module("datatrove")
from recon_data.curation.decontam.scan_datatrove import (  # noqa: E402 - needs datatrove
    MergeScan,
    merge_scan,
    prepare_scan,
)

# Slow: runs datatrove pipelines with worker processes. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _loguru_on_this_tests_stderr() -> None:
    """datatrove re-adds a loguru sink on the sys.stderr of the moment (a test's capture)."""
    from loguru import logger

    logger.remove()
    logger.add(sys.stderr)


def _compare(report: Any) -> dict[str, Any]:
    data = report.to_dict()
    return {k: v for k, v in data.items() if k not in ("engine", "workers")}


@pytest.fixture(scope="module")
def items(corpus_dir: Path) -> list[Doc]:
    return scan_items(corpus_dir)


@pytest.fixture(scope="module")
def shards(items: list[Doc], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five shards in three formats: pages with items pasted in, filler, rows without text.

    `documents.txt` in the folder holds the number of rows with text (not a shard format).
    """
    rng = random.Random(5)
    words = [f"v{i}" for i in range(3000)]
    root = tmp_path_factory.mktemp("dt-shards")
    documents = 0
    for k in range(5):
        texts: list[str | None] = []
        for i in range(120):
            filler = " ".join(rng.choices(words, k=150))
            if i % 9 == k:
                texts.append(f"{filler}\n{items[rng.randrange(len(items))].text}\n{filler}")
            else:
                texts.append(None if i % 31 == 0 else filler)
        rows = [{"text": t, "n": i} for i, t in enumerate(texts)]
        documents += sum(t is not None for t in texts)
        if k < 2:
            (root / f"s{k}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
        elif k < 4:
            with gzip.open(root / f"s{k}.jsonl.gz", "wt", encoding="utf-8") as fh:
                fh.write("".join(json.dumps(r) + "\n" for r in rows))
        else:
            pq.write_table(pa.Table.from_pylist(rows), root / f"s{k}.parquet")
    (root / "documents.txt").write_text(str(documents), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def local(items: list[Doc], shards: Path) -> Any:
    return scan_documents(items, [shards])


@pytest.mark.parametrize("workers", [1, 2])
def test_datatrove_finds_exactly_what_the_local_engine_finds(
    items: list[Doc], shards: Path, local: Any, workers: int
) -> None:
    report = scan_documents(items, [shards], engine="datatrove", workers=workers)
    assert report.engine == "datatrove" and report.workers == workers
    assert _compare(report) == _compare(local)
    documents = int((shards / "documents.txt").read_text(encoding="utf-8"))
    assert len(local.hits) >= 60 and local.counts()["documents"] == documents
    assert local.files_ignored == 1  # documents.txt


def test_a_bad_shard_is_one_line_and_no_traceback(
    items: list[Doc], tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ok.jsonl").write_text('{"text": "fine"}\n', encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text('{"text": "fine"}\n{"text": oops}\n', encoding="utf-8")
    with pytest.raises(ReconDataError) as err:
        scan_documents(items, [tmp_path], engine="datatrove")
    assert str(err.value).startswith(f"{tmp_path / 'bad.jsonl'}: record line 2: invalid JSON")
    assert "Traceback" not in capfd.readouterr().err


def test_prepare_refuses_a_used_folder_and_merge_needs_every_shard(
    items: list[Doc], shards: Path, tmp_path: Path
) -> None:
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "old.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ReconDataError, match="must be new or empty"):
        prepare_scan(items, [shards], tmp_path / "used")
    prepare_scan(items, [shards], tmp_path / "fresh")
    with pytest.raises(ReconDataError, match="no result for 5 shard"):
        merge_scan(tmp_path / "fresh")


def test_slurm_and_ray_executors_take_the_pipeline(
    items: list[Doc], shards: Path, local: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dill
    from datatrove.executor import RayPipelineExecutor, SlurmPipelineExecutor

    out = tmp_path / "scan"
    steps = prepare_scan(items, [shards], out)
    slurm = SlurmPipelineExecutor(
        steps,
        tasks=3,
        time="2:00:00",
        partition="cpu",
        logging_dir=str(out / "logs"),
        slurm_logs_folder=str(tmp_path / "slurm-logs"),
        skip_completed=False,
    )
    merge = SlurmPipelineExecutor(
        [MergeScan(out)], tasks=1, time="0:20:00", partition="cpu", depends=slurm,
        logging_dir=str(out / "logs-merge"), slurm_logs_folder=str(tmp_path / "slurm-logs"),
    )  # fmt: skip
    script = slurm.get_launch_file_contents(slurm.get_sbatch_args(3), "launch_pickled_pipeline X")
    assert "#SBATCH --partition=cpu" in script and "#SBATCH --array=0-2" in script
    ray = RayPipelineExecutor(steps, tasks=3, workers=2, logging_dir=str(out / "ray-logs"))
    assert ray.world_size == 3 and merge.depends is slurm
    dill.loads(dill.dumps(ray))
    # What a Slurm node does: load the pickled executor and run its ranks, then the merge
    # (only scontrol, which names the job's hosts, is stood in for).
    monkeypatch.setenv("SLURM_NODELIST", "node1")
    monkeypatch.setattr("datatrove.executor.slurm.expand_slurm_nodelist", lambda nodes: [nodes])
    node = dill.loads(dill.dumps(deepcopy(slurm)))
    for rank in range(node.world_size):
        node._run_for_rank(rank)
    dill.loads(dill.dumps(deepcopy(merge)))._run_for_rank(0)
    merged = json.loads((out / "scan.json").read_text(encoding="utf-8"))
    assert merged["findings"] == local.to_dict()["findings"]


def test_a_script_without_a_main_guard_runs(shards: Path, corpus_dir: Path, tmp_path: Path) -> None:
    # Workers re-importing the main module (forkserver, spawn) would rerun this script in the
    # pool and respawn workers forever.
    script = tmp_path / "scan.py"
    script.write_text(
        "from recon_data.curation.decontam import scan_documents, scan_items\n"
        f"items = scan_items({str(corpus_dir)!r})\n"
        f"report = scan_documents(items, [{str(shards)!r}], engine='datatrove', workers=2)\n"
        "print(len(report.hits))\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, timeout=300
    )
    assert out.returncode == 0 and int(out.stdout.split()[-1]) >= 60, out.stderr[-2000:]


def test_the_engine_needs_the_scale_extra(
    items: list[Doc], shards: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "orjson" else real(name, *a)
    )
    with pytest.raises(ReconDataError, match=r"needs orjson: pip install 'recon-data\[scale\]'"):
        scan_documents(items, [shards], engine="datatrove")


def test_only_the_datatrove_engine_imports_datatrove() -> None:
    code = (
        "import sys\n"
        "from recon_data.curation.decontam import scanrun, api, drop\n"
        "print(any(m.split('.')[0] == 'datatrove' for m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False", out.stderr
    importers = sorted(
        p.name
        for p in (ROOT / "curation").rglob("*.py")
        if re.search(r"^\s*(from|import) datatrove\b", p.read_text(encoding="utf-8"), re.M)
    )
    assert importers == ["scan_datatrove.py"]
