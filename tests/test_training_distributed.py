"""Distributed launches are right or refused: a documented CPU DDP command, ZeRO-3, GPU configs on CPU.

The launches run real subprocesses (torchrun, accelerate launch) on the tiny model, all
started together by one fixture so their start-ups overlap; the ZeRO-3 one runs when
deepspeed is installed (`pip install deepspeed`, about 30 s, no build).
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from _support import require_module

require_module("torch")
require_module("trl")
require_module("accelerate")

from recon_data.errors import ReconDataError  # noqa: E402
from recon_data.schema import Problem, Trace  # noqa: E402
from recon_data.storage import write_jsonl  # noqa: E402

# Slow: launches torchrun and DeepSpeed on CPU. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow

CONFIGS = Path(__file__).resolve().parents[1] / "training" / "accelerate"


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A tiny model and a corpus of four traces."""
    from recon_data.training.tiny import save_tiny_model

    root = tmp_path_factory.mktemp("dist")
    problems, traces = [], []
    for i in range(4):
        q = f"Event {i}: rates rise. Does borrowing fall?"
        p = Problem(
            id=f"train-nli-{i}",
            split="train",
            category="econnli",
            source="econnli",
            answer_kind="yes_no",
            question=q,
            answer="Yes",
            prompt=({"role": "user", "content": q},),
            provenance={"file": "made-up.csv", "row": i},
        )
        problems.append(p.model_dump(mode="json"))
        traces.append(
            Trace(
                id=f"cot-{i}",
                problem_id=p.id,
                category=p.category,
                prompt=q,
                response="<think>\nRates up.\n</think>\n\\boxed{Yes}",
                answer="Yes",
                provenance={"file": "made-up-cot.csv", "row": i},
            ).model_dump(mode="json")
        )
    corpus = root / "corpus"
    write_jsonl(corpus / "problems" / "train.jsonl", problems)
    write_jsonl(corpus / "problems" / "eval.jsonl", [])
    write_jsonl(corpus / "cot" / "train.jsonl", traces)
    (corpus / "manifest.json").write_text("{}", encoding="utf-8")
    return {"root": root, "corpus": corpus, "model": save_tiny_model(root / "model")}


class Done:
    """A finished launch: exit status and its output."""

    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def _start(launcher: list[str], setup: dict[str, Path], out: Path, *extra: str):
    """Start one launch in the background, its output going to files beside `out`."""
    args = [
        *launcher,
        "-m",
        "recon_data.cli",
        "train",
        "sft",
        "--recipe",
        "sft-smoke",
        "--model",
        str(setup["model"]),
        "--corpus",
        str(setup["corpus"]),
        "--output-dir",
        str(out),
        "--max-steps",
        "2",
        *extra,
    ]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "CUDA_VISIBLE_DEVICES": ""}
    logs = out.parent / f"{out.name}.stdout", out.parent / f"{out.name}.stderr"
    with logs[0].open("w") as stdout, logs[1].open("w") as stderr:
        proc = subprocess.Popen(args, stdout=stdout, stderr=stderr, text=True, env=env)
    return proc, logs


def _wait(started) -> Done:
    proc, (stdout, stderr) = started
    code = proc.wait(timeout=600)
    return Done(code, stdout.read_text(), stderr.read_text())


def _torchrun() -> list[str]:
    # --standalone: a free rendezvous port per launch. Two launches on the default port 29500
    # (this module starts two at once) share one store, and the one that exits first tears
    # it down under the other's ranks.
    return [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2"]


def _zero3() -> list[str]:
    # The shipped config as is (bf16, zero3_init_flag) but one process: the real ZeRO-3 path.
    config = str(CONFIGS / "zero3.yaml")
    launch = [sys.executable, "-m", "accelerate.commands.launch", "--config_file", config]
    return [*launch, "--num_processes", "1"]


@pytest.fixture(scope="module")
def launches(setup: dict[str, Path]) -> dict[str, Any]:
    """Every launch of this module started at once (they wait on start-up, not on each other)."""
    root = setup["root"]
    started = {
        "ddp": (_start(_torchrun(), setup, root / "ddp", "--set", "use_cpu=true"), root / "ddp"),
        "refused": (_start(_torchrun(), setup, root / "refused"), root / "refused"),
    }
    if importlib.util.find_spec("deepspeed") is not None:
        started["zero3"] = (_start(_zero3(), setup, root / "zero3"), root / "zero3")
    yield started
    for proc_logs, _ in started.values():
        if proc_logs[0].poll() is None:
            proc_logs[0].kill()
            proc_logs[0].wait()


def test_documented_cpu_command_trains_one_model_on_two_processes(launches) -> None:
    started, out = launches["ddp"]
    done = _wait(started)
    assert done.returncode == 0, done.stderr[-3000:]
    record = json.loads((out / "recon_run.json").read_text(encoding="utf-8"))
    # Four traces, two per device, two processes: one step is one epoch (DDP split the data).
    epochs = [h["epoch"] for h in record["log_history"] if "loss" in h]
    assert epochs == [1.0, 2.0]
    # Rank 0 alone prints status lines.
    assert (done.stdout + done.stderr).count("SFT on 4 traces") == 1
    assert done.stdout.count("saved sft output") == 1


def test_gpu_config_without_a_gpu_is_refused(launches) -> None:
    started, out = launches["refused"]
    done = _wait(started)
    assert done.returncode != 0
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert errors and all("no CUDA GPU is visible" in line for line in errors)
    assert "use_cpu=true" in errors[0]
    assert not out.exists()


def test_check_launch_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    from recon_data.training import checks

    monkeypatch.setattr(checks, "cuda_available", lambda: False)
    monkeypatch.setenv("WORLD_SIZE", "2")
    for flag in ("ACCELERATE_USE_CPU", "ACCELERATE_USE_DEEPSPEED"):
        monkeypatch.delenv(flag, raising=False)
    with pytest.raises(ReconDataError, match="no CUDA GPU"):
        checks.check_launch(False)
    checks.check_launch(True)  # an explicit CPU run
    monkeypatch.setenv("ACCELERATE_USE_DEEPSPEED", "true")
    with pytest.raises(ReconDataError, match="use_cpu=true"):
        checks.check_launch(False)  # several DeepSpeed processes on CPU need use_cpu
    checks.check_launch(True)
    monkeypatch.setattr(checks, "cuda_available", lambda: True)
    monkeypatch.delenv("ACCELERATE_USE_DEEPSPEED")
    checks.check_launch(False)
    monkeypatch.setenv("WORLD_SIZE", "1")
    monkeypatch.setattr(checks, "cuda_available", lambda: False)
    checks.check_launch(False)


def test_full_precision_recipe_overrides_the_launchers_bf16(monkeypatch) -> None:
    from recon_data.training.recipes import load_recipe

    monkeypatch.setenv("ACCELERATE_MIXED_PRECISION", "bf16")
    recipe = load_recipe("sft-smoke", trainer="sft", overrides={"model_name_or_path": "m"})
    assert os.environ["ACCELERATE_MIXED_PRECISION"] == "no"
    assert recipe.args.mixed_precision == "no" and not recipe.args.bf16
    assert recipe.notes and "full precision" in recipe.notes[0]
    # Every shipped config asks for bf16, which is what makes the smoke recipes need this.
    for path in CONFIGS.glob("*.yaml"):
        assert "mixed_precision: bf16" in path.read_text(encoding="utf-8"), path


@pytest.mark.skipif(importlib.util.find_spec("deepspeed") is None, reason="deepspeed not installed")
def test_shipped_zero3_config_trains_on_cpu(launches) -> None:
    # The real ZeRO-3 path, including the LoRA pre-flight that used to build its empty model
    # inside zero.Init.
    started, out = launches["zero3"]
    done = _wait(started)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Cannot copy out of meta tensor" not in done.stderr
    assert "trains in full precision" in " ".join((done.stdout + done.stderr).split())
    record = json.loads((out / "recon_run.json").read_text(encoding="utf-8"))
    assert record["global_step"] == 2
    assert (out / "adapter_config.json").is_file()
