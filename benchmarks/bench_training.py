"""Step time and tokens/s of Recon SFT and GRPO at a given model shape, with random weights.

    python benchmarks/bench_training.py                       # 7B Qwen2 shape on CUDA (paper recipes)
    python benchmarks/bench_training.py --shape tiny --steps 3  # anywhere, in seconds (smoke recipes)

The model is DeepSeek-R1-Distill-Qwen-7B's Qwen2 configuration with random weights (nothing is
downloaded); the trainers, LoRA and optimizer settings are the shipped recipes'. Sequence
lengths are synthetic and fixed so runs compare: SFT samples of `--sft-tokens` tokens, GRPO
prompts of about `--prompt-tokens` tokens and completions of `--completion-tokens` (a random
model almost never emits EOS, so completions run to the limit). Times exclude `--warmup` steps.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from transformers import TrainerCallback


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shape", default=None, help="qwen2-7b (default on CUDA) or tiny (default on CPU)")
    parser.add_argument("--trainer", choices=["sft", "grpo", "both"], default="both")
    parser.add_argument("--steps", type=int, default=None, help="measured optimizer steps (default 5, tiny 3)")
    parser.add_argument("--warmup", type=int, default=1, help="steps run first and not measured")
    parser.add_argument("--sft-tokens", type=int, default=None, help="tokens per SFT sample (default 4096 / 256)")
    parser.add_argument("--prompt-tokens", type=int, default=None, help="GRPO prompt tokens (default 512 / 64)")
    parser.add_argument(
        "--completion-tokens", type=int, default=None, help="GRPO completion tokens (default 5120 / 32)"
    )
    parser.add_argument("--vllm", action="store_true", help="GRPO generation with colocated vLLM (saves weights)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    return parser.parse_args()


class StepTimer(TrainerCallback):
    """A trainer callback that records the wall time of every optimizer step."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self._start = 0.0

    def on_step_begin(self, *args: Any, **kwargs: Any) -> None:
        """Start the clock (after synchronising the GPU)."""
        _sync()
        self._start = time.perf_counter()

    def on_step_end(self, *args: Any, **kwargs: Any) -> None:
        """Stop the clock."""
        _sync()
        self.times.append(time.perf_counter() - self._start)


def _sync() -> None:
    import torch

    if torch.cuda.is_available():
        torch.cuda.synchronize()


def _filler(tokenizer: Any, n_tokens: int) -> str:
    """Text that the tokenizer turns into about `n_tokens` tokens."""
    piece = " payoff"
    per = len(tokenizer(piece, add_special_tokens=False)["input_ids"])
    return piece * max(1, n_tokens // per)


def _model(shape: str, tokenizer: Any, cuda: bool) -> Any:
    import torch

    from recon_data.training.tiny import build_model

    if not cuda:
        return build_model(tokenizer, shape)
    # Build straight on the GPU in bf16: a 7B model in fp32 on the host would need 30 GB.
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.bfloat16)
    try:
        with torch.device("cuda"):
            return build_model(tokenizer, shape)
    finally:
        torch.set_default_dtype(previous)


def _recipe(kind: str, cuda: bool, out: Path, steps: int, extra: dict[str, Any]) -> Any:
    from recon_data.training.recipes import load_recipe

    name = kind if cuda else f"{kind}-smoke"
    overrides = {"output_dir": str(out), "max_steps": steps, "save_strategy": "no", "report_to": "none",
                 "logging_steps": 1, "requires_cuda": cuda, **extra}
    return load_recipe(name, trainer=kind, overrides=overrides)


def bench_sft(shape: str, cuda: bool, steps: int, warmup: int, tokens: int) -> dict[str, Any]:
    """Time SFT steps (LoRA, assistant-only loss) on fixed-length synthetic traces."""
    from datasets import Dataset
    from trl import SFTTrainer

    from recon_data.training.callbacks import quiet_default_callbacks
    from recon_data.training.runs import peft_config
    from recon_data.training.tiny import build_tokenizer

    tokenizer = build_tokenizer()
    tokenizer.padding_side = "right"
    model = _model(shape, tokenizer, cuda)
    with tempfile.TemporaryDirectory() as tmp:
        recipe = _recipe("sft", cuda, Path(tmp), steps + warmup, {"max_length": tokens + 64})
        batch = recipe.args.per_device_train_batch_size * recipe.args.gradient_accumulation_steps
        rows = [
            {"messages": [
                {"role": "user", "content": "Which option is right?"},
                {"role": "assistant", "content": "<think>\n" + _filler(tokenizer, tokens) + "\n</think>\\boxed{Yes}"},
            ]}
            for _ in range(batch * (steps + warmup))
        ]
        timer = StepTimer()
        trainer = SFTTrainer(model=model, args=recipe.args, train_dataset=Dataset.from_list(rows),
                             processing_class=tokenizer, peft_config=peft_config(recipe), callbacks=[timer])
        quiet_default_callbacks(trainer)
        trainer.train()
    measured = timer.times[warmup:]
    per_step_tokens = batch * tokens
    return _summary("sft", shape, measured, per_step_tokens, {"batch": batch, "tokens_per_sample": tokens})


def bench_grpo(
    shape: str, cuda: bool, steps: int, warmup: int, prompt_tokens: int, completion_tokens: int, vllm: bool
) -> dict[str, Any]:
    """Time GRPO steps (generation + loss) with the real reward on synthetic prompts."""
    from datasets import Dataset
    from trl import GRPOTrainer

    from recon_data.training.callbacks import quiet_default_callbacks
    from recon_data.training.grpo import reward_functions
    from recon_data.training.runs import peft_config
    from recon_data.training.tiny import build_tokenizer

    tokenizer = build_tokenizer()
    model = _model(shape, tokenizer, cuda)
    with tempfile.TemporaryDirectory() as tmp:
        extra: dict[str, Any] = {"max_completion_length": completion_tokens, "use_vllm": vllm}
        if vllm:
            # vLLM loads the architecture from disk, then receives the trained weights every step.
            model.save_pretrained(Path(tmp) / "model")
            tokenizer.save_pretrained(Path(tmp) / "model")
            model.config.name_or_path = str(Path(tmp) / "model")
            model.name_or_path = model.config.name_or_path
        recipe = _recipe("grpo", cuda, Path(tmp) / "out", steps + warmup, extra)
        args = recipe.args
        prompts_per_step = args.generation_batch_size // args.num_generations
        rows = [
            {"prompt": [{"role": "user", "content": _filler(tokenizer, prompt_tokens) + " Answer in \\boxed{}."}],
             "answer": "Yes", "answer_kind": "yes_no", "options": []}
            for _ in range(prompts_per_step * (steps + warmup))
        ]
        timer = StepTimer()
        trainer = GRPOTrainer(model=model, reward_funcs=reward_functions(recipe.recon.reward_funcs), args=args,
                              train_dataset=Dataset.from_list(rows), processing_class=tokenizer,
                              peft_config=peft_config(recipe), callbacks=[timer])
        quiet_default_callbacks(trainer)
        trainer.train()
        history = trainer.state.log_history
    measured = timer.times[warmup:]
    lengths = [h["completions/mean_length"] for h in history if "completions/mean_length" in h][warmup:]
    completions = args.generation_batch_size
    per_step_tokens = completions * (statistics.mean(lengths) if lengths else completion_tokens)
    return _summary("grpo", shape, measured, per_step_tokens, {
        "completions_per_step": completions, "prompts_per_step": prompts_per_step,
        "mean_completion_tokens": statistics.mean(lengths) if lengths else None,
        "generation": "vllm" if vllm else "transformers",
    })


def _summary(kind: str, shape: str, times: list[float], tokens_per_step: float, extra: dict) -> dict[str, Any]:
    import torch

    step = statistics.mean(times) if times else float("nan")
    device = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "cpu"
    peak = torch.cuda.max_memory_allocated() / 2**30 if torch.cuda.is_available() else None
    return {
        "trainer": kind, "shape": shape, "device": device, "steps": len(times),
        "step_seconds": step, "step_seconds_all": times, "tokens_per_step": tokens_per_step,
        "tokens_per_second": tokens_per_step / step if times else None, "peak_gib": peak, **extra,
    }


def main() -> None:
    """Run the benchmarks the flags ask for and print a table (or JSON)."""
    import torch

    args = _args()
    cuda = torch.cuda.is_available()
    shape = args.shape or ("qwen2-7b" if cuda else "tiny")
    small = shape == "tiny"
    steps = args.steps or (3 if small else 5)
    results = []
    if args.trainer in ("sft", "both"):
        results.append(bench_sft(shape, cuda, steps, args.warmup, args.sft_tokens or (256 if small else 4096)))
    if args.trainer in ("grpo", "both"):
        results.append(bench_grpo(
            shape, cuda, steps, args.warmup, args.prompt_tokens or (64 if small else 512),
            args.completion_tokens or (32 if small else 5120), args.vllm,
        ))
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for r in results:
        tps = f"{r['tokens_per_second']:.0f}" if r["tokens_per_second"] else "n/a"
        peak = f", peak {r['peak_gib']:.1f} GiB" if r["peak_gib"] is not None else ""
        print(f"{r['trainer']:<5} {r['shape']} on {r['device']}: {r['step_seconds']:.2f} s/step, "
              f"{r['tokens_per_step']:.0f} tokens/step, {tps} tokens/s{peak}")


if __name__ == "__main__":
    main()
