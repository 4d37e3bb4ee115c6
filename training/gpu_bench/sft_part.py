"""Part `sft`: LoRA SFT through TRL's SFTTrainer with the `sft` recipe, samples at its max length."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from recon_data.training.gpu_bench import common
from recon_data.training.gpu_bench.options import BenchOptions


def sft_rows(tokenizer: Any, count: int, tokens: int) -> list[dict[str, Any]]:
    """Conversations whose reasoning alone is longer than `tokens`, so every sample is cut to max length."""
    # A short question: the loss must still see assistant tokens after the cut (TRL drops
    # samples that are all prompt).
    question = max(4, min(64, tokens // 8))
    rows = []
    for i in range(count):
        trace = (
            "<think>\n" + common.text_of_tokens(tokenizer, tokens, i) + "\n</think>\n\n\\boxed{Yes}"
        )
        rows.append(
            {
                "messages": [
                    {"role": "user", "content": common.text_of_tokens(tokenizer, question, i)},
                    {"role": "assistant", "content": trace},
                ]
            }
        )
    return rows


def recipe_for(options: BenchOptions, output_dir: Path, steps: int) -> Any:
    """The shipped `sft` recipe with only what a benchmark must change (steps, saving, length)."""
    from recon_data.training.recipes import load_recipe

    overrides: dict[str, Any] = {
        "output_dir": str(output_dir),
        "max_steps": steps,
        "max_length": options.max_length,
        "save_strategy": "no",
        "report_to": "none",
        "logging_steps": 1,
        "requires_cuda": options.device == "cuda",
    }
    if options.device == "cpu":
        overrides.update(bf16=False, dtype="float32", use_cpu=True, dataloader_pin_memory=False)
    return load_recipe("sft", trainer="sft", overrides=overrides)


def run(options: BenchOptions, results: common.Results, deadline: float) -> None:
    """Time LoRA SFT optimizer steps (after warm-up) and report tokens/s and peak memory."""
    from datasets import Dataset
    from trl import SFTTrainer

    from recon_data.training import chat_format
    from recon_data.training.callbacks import quiet_default_callbacks
    from recon_data.training.gpu_bench.clock import StepClock, step_summary
    from recon_data.training.runs import peft_config

    device = options.device
    common.reset_memory(device)
    tokenizer, config = common.model_parts(options, results)
    tokenizer.padding_side = "right"
    total_steps = options.warmup + options.sft_steps
    with tempfile.TemporaryDirectory(prefix="gpu_bench_sft_") as tmp:
        recipe = recipe_for(options, Path(tmp), total_steps)
        args = recipe.args
        batch = args.per_device_train_batch_size * args.gradient_accumulation_steps
        rows, form = chat_format.prepare_sft_rows(
            tokenizer,
            sft_rows(tokenizer, batch * total_steps, options.max_length),
            args,
            model_ref="gpu_bench",
        )
        model = common.build(options, config, results)
        clock = StepClock(
            device,
            warmup=options.warmup,
            deadline=deadline,
            on_step=lambda times: results.update(step_seconds=times, **common.memory(device)),
        )
        trainer = SFTTrainer(
            model=model,
            args=args,
            train_dataset=Dataset.from_list(rows),
            processing_class=tokenizer,
            peft_config=peft_config(recipe),
            callbacks=[clock],
        )
        quiet_default_callbacks(trainer)
        # What TRL made of the rows: tokenized, masked, cut to max_length.
        processed: Any = trainer.train_dataset
        lengths = [len(ids) for ids in processed["input_ids"]]
        if len(lengths) < len(rows):
            raise RuntimeError(
                f"TRL kept {len(lengths)} of {len(rows)} samples (prompt longer than max_length?)"
            )
        policy: Any = trainer.model  # the LoRA-wrapped model
        trainable = sum(p.numel() for p in policy.parameters() if p.requires_grad)
        results.update(
            settings={
                "recipe": recipe.name,
                "max_length": args.max_length,
                "per_device_train_batch_size": args.per_device_train_batch_size,
                "gradient_accumulation_steps": args.gradient_accumulation_steps,
                "samples_per_step": batch,
                "lora": {
                    "r": recipe.model.lora_r,
                    "alpha": recipe.model.lora_alpha,
                    "targets": list(recipe.model.lora_target_modules or []),
                },
                "activation_checkpointing": bool(getattr(args, "activation_checkpointing", False)),
                "bf16": bool(args.bf16),
                "sft_format": form.mode,
            },
            trainable_parameters=trainable,
            tokens_per_sample={"min": min(lengths), "max": max(lengths)},
        )
        common.say(f"sft: {len(rows)} samples of {max(lengths)} tokens, {total_steps} steps")
        trainer.train()
    # Every sample is cut to the same length, so a step holds samples_per_step of them.
    summary = step_summary(clock, float(batch * max(lengths)))
    results.update(
        status="ok", device=common.device_name(device), **summary, **common.memory(device)
    )
