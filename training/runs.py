"""What SFT and GRPO runs share: the pre-flight checks, the result, and what is written at the end."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.training import checks, modelio
from recon_data.training.recipes import Recipe

RUN_FILE = "recon_run.json"


@dataclass
class TrainResult:
    """What a finished run left behind and how it went."""

    output_dir: Path
    global_step: int
    metrics: dict[str, float]
    log_history: list[dict[str, Any]] = field(default_factory=list)
    merged_dir: Path | None = None
    main_process: bool = True


@dataclass
class Prepared:
    """A run that passed its checks: the model reference, corpus and checkpoint to resume from."""

    model_ref: str
    corpus: Path
    resume_from: str | None


def preflight(recipe: Recipe, *, resume: bool = False, force: bool = False) -> Prepared:
    """Run every cheap check (model path, corpus, CUDA, options) before loading anything heavy."""
    from recon_data.training.data import resolve_corpus

    checks.require_train_stack()
    checks.check_launch(bool(recipe.args.use_cpu))
    model_ref = modelio.check_model_ref(recipe.model.model_name_or_path)
    corpus = resolve_corpus(recipe.recon.corpus)
    if recipe.recon.requires_cuda:
        checks.require_cuda(recipe.name, recipe.trainer)
    if recipe.recon.train_limit is not None and recipe.recon.train_limit < 1:
        raise ReconDataError("train_limit must be at least 1", field="train_limit")
    if recipe.args.max_steps == 0 or (
        recipe.args.max_steps < 0 and recipe.args.num_train_epochs <= 0
    ):
        raise ReconDataError(
            "nothing to train: set max_steps (or num_train_epochs) above 0", field="max_steps"
        )
    if not recipe.model.use_peft and recipe.recon.save_merged:
        raise ReconDataError(
            "save_merged needs use_peft: a full fine-tune is already a standalone model"
        )
    checks.check_report_to(recipe.args.report_to)
    checks.check_training_args(recipe.args)
    explicit = recipe.args.resume_from_checkpoint is not None
    checks.check_run_dir(recipe.args.output_dir, resume=resume or explicit, force=force)
    check_lora_targets(recipe, model_ref)
    resume_from = recipe.args.resume_from_checkpoint
    if resume and resume_from is None:
        resume_from = checks.last_checkpoint(recipe.args.output_dir)
    elif resume_from is not None and not Path(resume_from).is_dir():
        raise ReconDataError(
            "checkpoint folder not found", file=str(resume_from), field="resume_from_checkpoint"
        )
    return Prepared(model_ref=model_ref, corpus=corpus, resume_from=resume_from)


def check_lora_targets(recipe: Recipe, model_ref: str) -> None:
    """Refuse LoRA target modules the model lacks or LoRA cannot wrap, from the architecture alone."""
    if not recipe.model.use_peft or recipe.model.lora_target_modules is None:
        return
    model = modelio.empty_model(
        model_ref, trust_remote_code=bool(getattr(recipe.args, "trust_remote_code", False))
    )
    if model is None:
        return
    import torch
    from transformers.pytorch_utils import Conv1D

    try:
        config = peft_config(recipe)
    except ValueError as exc:
        raise ReconDataError(f"LoRA options: {_first_line(exc)}") from None
    targets = config.target_modules
    modules = dict(model.named_modules())
    # The leaf names LoRA can wrap, offered when a target is wrong (q_proj, ..., lm_head).
    wrappable = (
        torch.nn.Linear,
        torch.nn.Embedding,
        torch.nn.Conv1d,
        torch.nn.Conv2d,
        torch.nn.Conv3d,
        Conv1D,
    )
    offer = ", ".join(
        dict.fromkeys(n.rsplit(".", 1)[-1] for n, m in modules.items() if isinstance(m, wrappable))
    )
    if not isinstance(targets, str):
        for target in sorted(targets):
            # peft's rule for a list: the module's full name, or its name after a dot.
            found = [m for n, m in modules.items() if n == target or n.endswith(f".{target}")]
            if not found:
                raise ReconDataError(
                    f"no module named {target!r} in {model_ref}; LoRA can wrap: {offer}",
                    field="lora_target_modules",
                )
            bad = sorted({type(m).__name__ for m in found if not isinstance(m, wrappable)})
            if bad:
                raise ReconDataError(
                    f"{target!r} names {', '.join(bad)} modules, which LoRA cannot wrap; name their layers "
                    f"instead ({offer})",
                    field="lora_target_modules",
                )
    # Then peft itself on the empty model, for what only it knows (a regex, all-linear, other LoRA options).
    try:
        from accelerate import init_empty_weights
        from peft import get_peft_model

        with init_empty_weights():
            get_peft_model(model, config)
    except ValueError as exc:
        raise ReconDataError(
            f"LoRA cannot be applied to {model_ref}: {_first_line(exc)}",
            field="lora_target_modules",
        ) from None
    except Exception:
        # Anything else comes from running on the meta device, not from the options: the real load decides.
        return


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def peft_config(recipe: Recipe) -> Any:
    """Return the LoRA config the recipe asks for (TRL's own mapping of ModelConfig), or None."""
    from trl import get_peft_config

    return get_peft_config(recipe.model)


def stacked_on(recipe: Recipe, prepared: Prepared) -> str | None:
    """Return the adapter a new LoRA is trained on top of (merged in memory), or None."""
    if recipe.model.use_peft and modelio.is_adapter_dir(prepared.model_ref):
        return prepared.model_ref
    return None


def track_adapter_base(trainer: Any, recipe: Recipe, prepared: Prepared) -> None:
    """When training on top of an adapter, make every checkpoint record that adapter as its base."""
    from recon_data.training.callbacks import AdapterBaseCallback

    base = stacked_on(recipe, prepared)
    if base is not None:
        trainer.add_callback(AdapterBaseCallback(base))


def load_policy(recipe: Recipe, prepared: Prepared) -> Any:
    """Load the model to train, as the recipe's model settings say."""
    return modelio.load_model(
        prepared.model_ref,
        dtype=recipe.model.dtype,
        attn_implementation=recipe.model.attn_implementation,
        trust_remote_code=recipe.args.trust_remote_code,
    )


def run_trainer(
    trainer_cls: Any,
    recipe: Recipe,
    prepared: Prepared,
    *,
    model: Any,
    tokenizer: Any,
    rows: list[dict[str, Any]],
    console: Any = None,
    extra: dict[str, Any] | None = None,
    callbacks: list[Any] | None = None,
    **trainer_kwargs: Any,
) -> TrainResult:
    """Build a TRL trainer with our logging and LoRA settings, train (or resume), and finish."""
    from datasets import Dataset

    from recon_data.training.callbacks import RichLogCallback, quiet_default_callbacks

    trainer = trainer_cls(
        model=model,
        args=recipe.args,
        train_dataset=Dataset.from_list(rows),
        processing_class=tokenizer,
        peft_config=peft_config(recipe),
        callbacks=[RichLogCallback(console), *(callbacks or [])],
        **trainer_kwargs,
    )
    quiet_default_callbacks(trainer)
    track_adapter_base(trainer, recipe, prepared)
    trainer.train(resume_from_checkpoint=prepared.resume_from)
    return finish(trainer, recipe, prepared, extra=extra)


def finish(
    trainer: Any, recipe: Recipe, prepared: Prepared, *, extra: dict[str, Any] | None = None
) -> TrainResult:
    """Save the final model and tokenizer, a merged copy if asked, and a record of the run."""
    out = Path(recipe.args.output_dir)
    trainer.save_model(str(out))
    merged_dir = None
    if trainer.is_world_process_zero():
        base = stacked_on(recipe, prepared)
        if base is not None:
            # PEFT recorded the in-memory merged model's origin; the real base is the starting adapter.
            modelio.set_adapter_base(out, base)
        if recipe.recon.save_merged:
            merged_dir = modelio.save_merged(out, out / "merged", dtype=recipe.model.dtype)
        record = {
            "recipe": recipe.name,
            "trainer": recipe.trainer,
            "model": prepared.model_ref,
            "corpus": str(prepared.corpus),
            "global_step": trainer.state.global_step,
            "values": {k: v for k, v in recipe.values.items() if _jsonable(v)},
            **(extra or {}),
            "log_history": [h for h in trainer.state.log_history if _jsonable(h)],
        }
        (out / RUN_FILE).write_text(
            json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
    history = list(trainer.state.log_history)
    metrics: dict[str, Any] = next((h for h in reversed(history) if "train_runtime" in h), {})
    main = trainer.is_world_process_zero()
    release_process_group()
    return TrainResult(
        output_dir=out,
        global_step=trainer.state.global_step,
        metrics={k: float(v) for k, v in metrics.items() if isinstance(v, (int, float))},
        log_history=history,
        merged_dir=merged_dir,
        main_process=main,
    )


def release_process_group() -> None:
    """End a distributed launch's process group once every rank has saved.

    Left to interpreter exit, gloo's threads can still be running when a rank's C++ runtime
    shuts down, and that rank aborts (SIGABRT, "terminate called without an active
    exception") after a finished run, failing the whole launch.
    """
    import torch.distributed as dist

    if dist.is_available() and dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()


def _jsonable(value: Any) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


def is_main_process() -> bool:
    """True on the process that speaks: rank 0 of a launch (torchrun, accelerate), or a lone process."""
    return os.environ.get("RANK", "0") == "0" and os.environ.get("LOCAL_RANK", "0") in ("0", "-1")


def say(console: Any, text: str) -> None:
    """Print one status line through rich (to the given console, or to stderr), on the main process only."""
    if not is_main_process():
        return
    from rich.console import Console

    (console or Console(stderr=True)).print(text, highlight=False)
