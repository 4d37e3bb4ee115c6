"""Recon-SFT: TRL's SFTTrainer on the CoT traces, loss on the assistant tokens only, LoRA via peft.

Any chat template trains: recon_data.training.chat_format decides, before the model loads,
whether TRL masks the conversation itself or the rows arrive tokenized with their labels.
"""

from __future__ import annotations

from typing import Any

from recon_data.training import chat_format, data, modelio, runs
from recon_data.training.recipes import Recipe


def train_sft(
    recipe: Recipe, *, resume: bool = False, force: bool = False, console: Any = None
) -> runs.TrainResult:
    """Run supervised fine-tuning as the recipe says and return where the result is."""
    prepared = runs.preflight(recipe, resume=resume, force=force)
    for note in recipe.notes:
        runs.say(console, f"[yellow]note:[/] {note}")
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

    from trl import SFTTrainer

    tokenizer = modelio.load_tokenizer(prepared.model_ref, padding_side="right")
    rows, form = chat_format.prepare_sft_rows(
        tokenizer, sft.rows, recipe.args, model_ref=prepared.model_ref
    )
    runs.say(console, form.note)
    return runs.run_trainer(
        SFTTrainer,
        recipe,
        prepared,
        model=runs.load_policy(recipe, prepared),
        tokenizer=tokenizer,
        rows=rows,
        console=console,
        extra={
            "traces": len(rows),
            "eval_overlap": sft.eval_overlap,
            "dropped": sft.dropped,
            "sft_format": form.mode,
        },
    )
