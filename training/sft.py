"""Recon-SFT: TRL's SFTTrainer on the CoT traces, loss on the assistant tokens only, LoRA via peft."""

from __future__ import annotations

from typing import Any

from recon_data.training import data, modelio, runs
from recon_data.training.recipes import Recipe


def train_sft(recipe: Recipe, *, resume: bool = False, console: Any = None) -> runs.TrainResult:
    """Run supervised fine-tuning as the recipe says and return where the result is."""
    prepared = runs.preflight(recipe, resume=resume)
    if not recipe.args.assistant_only_loss:
        runs.say(
            console,
            "[yellow]note:[/] assistant_only_loss is off, so the loss also covers the prompts",
        )
    sft = data.sft_rows(
        prepared.corpus,
        drop_eval_overlap=recipe.recon.drop_eval_overlap,
        limit=recipe.recon.train_limit,
    )
    if sft.dropped:
        runs.say(console, f"left out {sft.dropped} CoT traces that answer eval problems")
    elif sft.eval_overlap:
        runs.say(
            console,
            f"[yellow]warning:[/] {sft.eval_overlap} CoT traces answer eval problems (as in the paper); "
            "`--set drop_eval_overlap=true` leaves them out",
        )
    runs.say(console, f"SFT on {len(sft.rows)} traces from {prepared.corpus}")

    from datasets import Dataset
    from trl import SFTTrainer

    from recon_data.training.callbacks import RichLogCallback, quiet_default_callbacks

    tokenizer = modelio.load_tokenizer(prepared.model_ref, padding_side="right")
    model = modelio.load_model(
        prepared.model_ref,
        dtype=recipe.model.dtype,
        attn_implementation=recipe.model.attn_implementation,
        trust_remote_code=recipe.args.trust_remote_code,
    )
    trainer = SFTTrainer(
        model=model,
        args=recipe.args,
        train_dataset=Dataset.from_list(sft.rows),
        processing_class=tokenizer,
        peft_config=runs.peft_config(recipe),
        callbacks=[RichLogCallback(console)],
    )
    quiet_default_callbacks(trainer)
    runs.track_adapter_base(trainer, recipe, prepared)
    trainer.train(resume_from_checkpoint=prepared.resume_from)
    return runs.finish(
        trainer,
        recipe,
        prepared,
        extra={"traces": len(sft.rows), "eval_overlap": sft.eval_overlap, "dropped": sft.dropped},
    )
