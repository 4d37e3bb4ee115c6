"""Part `grpo`: GRPO steps through TRL's GRPOTrainer with the `grpo` recipe, vLLM colocated.

vLLM starts with `load_format="dummy"` (random weights, nothing read from disk): the trainer
pushes the policy's weights into it before every generation anyway, so only the start-up
is spared the 15 GB write and read of a checkpoint.
"""

from __future__ import annotations

import contextlib
import functools
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from recon_data.training.gpu_bench import common
from recon_data.training.gpu_bench.options import BenchOptions


def grpo_rows(
    options: BenchOptions, tokenizer: Any, count: int, max_prompt: int | None
) -> tuple[list[dict[str, Any]], str]:
    """GRPO rows (prompt plus the gold columns the reward reads): the corpus's train split, or synthetic."""
    if options.corpus is not None:
        from recon_data.training import data
        from recon_data.training.grpo import drop_long_prompts

        rows = data.grpo_rows(data.resolve_corpus(options.corpus), split="train")
        rows, _ = drop_long_prompts(rows, tokenizer, max_prompt)
        if len(rows) < count:
            raise RuntimeError(f"only {len(rows)} train prompts fit max_prompt_length={max_prompt}")
        return rows[:count], f"corpus {options.corpus} (train split)"
    rows = [
        {
            "prompt": [
                {
                    "role": "user",
                    "content": common.text_of_tokens(tokenizer, options.prompt_tokens, i)
                    + " Is this an equilibrium? Answer Yes or No in \\boxed{}.",
                }
            ],
            "answer": "Yes",
            "answer_kind": "yes_no",
            "options": [],
        }
        for i in range(count)
    ]
    return rows, f"synthetic, about {options.prompt_tokens} tokens each"


def recipe_for(options: BenchOptions, output_dir: Path) -> Any:
    """The shipped `grpo` recipe with only what a benchmark must change (steps, saving, length, engine)."""
    from recon_data.training.recipes import load_recipe

    overrides: dict[str, Any] = {
        "output_dir": str(output_dir),
        "max_steps": options.grpo_steps,
        "max_completion_length": options.completion_length,
        "use_vllm": options.generation == "vllm",
        "save_strategy": "no",
        "report_to": "none",
        "logging_steps": 1,
        "requires_cuda": options.device == "cuda",
    }
    if options.device == "cpu":
        overrides.update(bf16=False, dtype="float32", use_cpu=True, dataloader_pin_memory=False)
    if options.tiny:
        # One prompt of 4 completions a step: the same trainer path in a few CPU seconds.
        overrides.update(
            num_generations=4, per_device_train_batch_size=4, gradient_accumulation_steps=1
        )
    return load_recipe("grpo", trainer="grpo", overrides=overrides)


@contextlib.contextmanager
def dummy_vllm_load() -> Iterator[bool]:
    """Make TRL's colocated `vllm.LLM(...)` start from random weights; yields whether it could."""
    try:
        from trl.generation import vllm_generation
    except ImportError:
        yield False
        return
    original = getattr(vllm_generation, "LLM", None)
    if original is None:  # TRL builds the engine elsewhere now: it will read the folder's weights
        yield False
        return
    vllm_generation.LLM = functools.partial(original, load_format="dummy")
    try:
        yield True
    finally:
        vllm_generation.LLM = original


def time_calls(obj: Any, name: str, sink: list[float], device: str) -> bool:
    """Wrap `obj.name` so every call's wall time lands in `sink`; False when there is no such method."""
    method = getattr(obj, name, None)
    if method is None:
        return False

    @functools.wraps(method)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            common.sync(device)
            sink.append(time.perf_counter() - start)

    setattr(obj, name, timed)
    return True


def run(options: BenchOptions, results: common.Results, deadline: float) -> None:
    """Time GRPO optimizer steps (generation, reward, loss) and report their parts and peak memory."""
    from datasets import Dataset
    from trl import GRPOTrainer

    from recon_data.training.callbacks import quiet_default_callbacks
    from recon_data.training.gpu_bench.clock import StepClock, step_summary
    from recon_data.training.gpu_bench.model import save_model_dir
    from recon_data.training.grpo import reward_functions
    from recon_data.training.runs import peft_config

    device = options.device
    common.reset_memory(device)
    tokenizer, config = common.model_parts(options, results)
    with tempfile.TemporaryDirectory(prefix="gpu_bench_grpo_") as tmp:
        recipe = recipe_for(options, Path(tmp) / "out")
        args = recipe.args
        prompts_per_step = args.generation_batch_size // args.num_generations
        rows, source = grpo_rows(
            options,
            tokenizer,
            prompts_per_step * options.grpo_steps,
            recipe.recon.max_prompt_length,
        )
        model = common.build(options, config, results)
        # vLLM reads the architecture and the tokenizer from the model's folder.
        folder = save_model_dir(config, tokenizer, Path(tmp) / "model")
        model.config.name_or_path = str(folder)
        model.name_or_path = str(folder)
        clock = StepClock(
            device,
            warmup=0,
            deadline=deadline,
            on_step=lambda times: results.update(step_seconds=times, **common.memory(device)),
        )
        results.update(
            settings={
                "recipe": recipe.name,
                "generation": "vllm (colocate)" if args.use_vllm else "transformers generate",
                "num_generations": args.num_generations,
                "prompts_per_step": prompts_per_step,
                "completions_per_step": args.generation_batch_size,
                "per_device_train_batch_size": args.per_device_train_batch_size,
                "gradient_accumulation_steps": args.gradient_accumulation_steps,
                "max_completion_length": args.max_completion_length,
                "vllm_gpu_memory_utilization": args.vllm_gpu_memory_utilization
                if args.use_vllm
                else None,
                "vllm_max_model_length": args.vllm_max_model_length if args.use_vllm else None,
                "loss_type": args.loss_type,
                "beta": args.beta,
                "activation_checkpointing": bool(getattr(args, "activation_checkpointing", False)),
                "prompts": source,
            }
        )
        rewards: list[Any] = list(reward_functions(recipe.recon.reward_funcs))
        start = time.perf_counter()
        with dummy_vllm_load() as dummy:
            trainer = GRPOTrainer(
                model=model,
                reward_funcs=rewards,
                args=args,
                train_dataset=Dataset.from_list(rows),
                processing_class=tokenizer,
                peft_config=peft_config(recipe),
                callbacks=[clock],
            )
        common.sync(device)
        results.update(
            init_seconds=round(time.perf_counter() - start, 3),
            vllm_load_format=("dummy" if dummy else "from the model folder")
            if args.use_vllm
            else None,
            **common.memory(device),
        )
        quiet_default_callbacks(trainer)
        generate_times: list[float] = []
        timed = time_calls(trainer, "_generate", generate_times, device)
        common.say(
            f"grpo: {options.grpo_steps} step(s) of {args.generation_batch_size} completions"
        )
        trainer.train()
        lengths = [
            h["completions/mean_length"]
            for h in trainer.state.log_history
            if "completions/mean_length" in h
        ]
    # Tokens generated a step, from TRL's own count (none when its log lacks the metric).
    mean_length = statistics.mean(lengths) if lengths else None
    generated = args.generation_batch_size * mean_length if mean_length is not None else None
    summary = step_summary(clock, generated)
    generate = statistics.mean(generate_times) if generate_times else None
    results.update(
        status="ok",
        device=common.device_name(device),
        **summary,
        mean_completion_tokens=round(mean_length, 1) if mean_length is not None else None,
        # TRL's GRPOTrainer._generate: weight sync to vLLM, generation, decoding (no reward, no loss).
        generate_seconds=[round(t, 4) for t in generate_times] if timed else None,
        generated_tokens_per_second=round(generated / generate, 2)
        if generate and generated is not None
        else None,
        **common.memory(device),
    )
