"""`recon-data train selfplay` end to end on CPU with the tiny model: the smoke recipe logs
per-role metrics to trainer_state.json and TensorBoard; rollout credit with a frozen
opponent runs; two processes train one model (torchrun, as `train grpo` does)."""

from __future__ import annotations

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

# Slow: trains the tiny model in three launches. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow


def _launch(
    prefix: list[str], out: Path, model: Path, *extra: str
) -> tuple[subprocess.Popen, Path]:
    args = [
        *prefix, "-m", "recon_data.cli", "train", "selfplay", "--recipe", "selfplay-smoke",
        "--model", str(model), "--output-dir", str(out), *extra,
    ]  # fmt: skip
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "CUDA_VISIBLE_DEVICES": "", "RECON_DATA_QUIET": "1"}
    log = out.parent / f"{out.name}.log"
    with log.open("w") as handle:
        proc = subprocess.Popen(args, stdout=handle, stderr=subprocess.STDOUT, text=True, env=env)
    return proc, log


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The tiny model and three launches started together (they wait on start-up, not on each other)."""
    from recon_data.training.tiny import save_tiny_model

    root = tmp_path_factory.mktemp("selfplay")
    model = save_tiny_model(root / "tiny")
    python = [sys.executable]
    torchrun = [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--standalone",
        "--nproc_per_node",
        "2",
    ]
    smoke = ["--max-steps", "2", "--report-to", "tensorboard"]
    rollout = ["--max-steps", "1", "--credit", "rollout", "--opponent", "frozen"]
    rollout += ["--opponent", "self", "--set", "selfplay_rollouts=1"]
    rollout += ["--set", "selfplay_role_balance=resample"]
    ddp = ["--max-steps", "2", "--credit", "outcome", "--set", "use_cpu=true"]
    started = {
        "smoke": _launch(python, root / "smoke", model, *smoke),
        "rollout": _launch(python, root / "rollout", model, *rollout),
        "ddp": _launch(torchrun, root / "ddp", model, *ddp),
    }
    yield {"root": root, "started": started}
    for proc, _ in started.values():
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _finish(runs: dict[str, Any], name: str) -> tuple[Path, str]:
    proc, log = runs["started"][name]
    code = proc.wait(timeout=900)
    text = log.read_text(encoding="utf-8")
    assert code == 0, text[-4000:]
    return runs["root"] / name, text


def test_smoke_recipe_logs_per_role_metrics(runs: dict[str, Any]) -> None:
    out, text = _finish(runs, "smoke")
    assert text.count("self-play GRPO on 8 games") == 1 and "exact credit" in text
    state = json.loads((out / "trainer_state.json").read_text(encoding="utf-8"))
    steps = [h for h in state["log_history"] if "loss" in h]
    assert len(steps) == 2
    for h in steps:
        for role in ("Alice", "Bob"):
            for metric in ("turns", "reward", "format_failure_rate", "advantage", "weight"):
                assert f"selfplay/all/{role}/{metric}" in h, (role, metric)
        assert h["selfplay/all/Alice/turns"] + h["selfplay/all/Bob/turns"] == 8  # the batch
    record = json.loads((out / "recon_run.json").read_text(encoding="utf-8"))
    assert record["trainer"] == "selfplay" and record["credit"] == "exact"
    assert record["global_step"] == 2 and (out / "adapter_model.safetensors").is_file()
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    (events,) = list(out.rglob("events.out.tfevents.*"))
    tags = EventAccumulator(str(events)).Reload().Tags()["scalars"]
    assert (
        "train/selfplay/all/Alice/turns" in tags
        and "train/selfplay/all/Bob/format_failure_rate" in tags
    )


def test_rollout_credit_with_a_frozen_opponent(runs: dict[str, Any]) -> None:
    out, text = _finish(runs, "rollout")
    assert "rollout credit, opponents frozen:1, self:1, role balance resample" in " ".join(
        text.split()
    )
    state = json.loads((out / "trainer_state.json").read_text(encoding="utf-8"))
    (step,) = [h for h in state["log_history"] if "loss" in h]
    assert step["selfplay/pool"] >= 8 and step["selfplay/episodes"] >= 4


def test_two_processes_train_one_model(runs: dict[str, Any]) -> None:
    out, text = _finish(runs, "ddp")
    assert text.count("self-play GRPO on") == 1  # rank 0 alone speaks
    record = json.loads((out / "recon_run.json").read_text(encoding="utf-8"))
    assert record["global_step"] == 2 and record["credit"] == "outcome"
    steps = [h for h in record["log_history"] if "loss" in h]
    # Each process fills its own 8 turns; the logged counts average the processes.
    assert all(h["selfplay/all/Alice/turns"] + h["selfplay/all/Bob/turns"] == 8 for h in steps)
