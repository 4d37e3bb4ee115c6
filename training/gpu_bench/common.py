"""What the parts share inside their own process: the result file, clocks, memory, prompts, the model."""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

from recon_data.training.gpu_bench import model as bench_model
from recon_data.training.gpu_bench.options import BenchOptions

GIB = 2**30
# Words of the synthetic prompts and traces: generic wording of the release's problems.
_WORDS = (
    "payoff",
    "player",
    "strategy",
    "equilibrium",
    "cooperate",
    "defect",
    "discount",
    "auction",
    "bid",
    "utility",
    "option",
    "signal",
    "belief",
    "round",
    "budget",
    "voter",
    "market",
    "price",
    "risk",
)


class Results:
    """A part's result, rewritten (atomically) after every phase so a killed part still reports."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: dict[str, Any] = {"status": "running"}

    def update(self, **values: Any) -> None:
        """Merge `values` into the result and write it out."""
        self.data.update(values)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(self.data, indent=2, default=str) + "\n", encoding="utf-8")
        os.replace(tmp, self.path)


def sync(device: str) -> None:
    """Wait for queued GPU work, so wall clocks measure it."""
    if device == "cuda":
        import torch

        torch.cuda.synchronize()


def reset_memory(device: str) -> None:
    """Start this part's peak-memory counters from zero."""
    if device == "cuda":
        import torch

        torch.cuda.reset_peak_memory_stats()


def memory(device: str, *, torch_counters: bool = True) -> dict[str, float | None]:
    """Peak memory so far: torch's allocator on a GPU, and the process's resident set.

    `torch_counters=False` leaves CUDA untouched (a part whose GPU work runs in another process).
    """
    # ru_maxrss is in KiB on Linux.
    rss = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / GIB, 3)
    if device != "cuda" or not torch_counters:
        return {"peak_allocated_gib": None, "peak_reserved_gib": None, "peak_rss_gib": rss}
    import torch

    return {
        "peak_allocated_gib": round(torch.cuda.max_memory_allocated() / GIB, 3),
        "peak_reserved_gib": round(torch.cuda.max_memory_reserved() / GIB, 3),
        "peak_rss_gib": rss,
    }


def device_name(device: str) -> str:
    """Name the device this process computes on."""
    if device == "cuda":
        import torch

        return str(torch.cuda.get_device_name(0))
    import platform

    return f"cpu ({platform.processor() or platform.machine()})"


def text_of_tokens(tokenizer: Any, n_tokens: int, index: int = 0) -> str:
    """Return text that encodes to at least `n_tokens` tokens, different for every `index`.

    Distinct texts keep vLLM's prefix cache from skipping the prefill of repeated prompts.
    """
    words = [_WORDS[(index + i) % len(_WORDS)] for i in range(len(_WORDS))]
    text = f"Problem {index}:"
    chunk = " " + " ".join(words)
    per_chunk = max(1, len(tokenizer(chunk, add_special_tokens=False)["input_ids"]))
    text += chunk * (n_tokens // per_chunk + 1)
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    return str(tokenizer.decode(ids[:n_tokens])) if len(ids) > n_tokens else text


def dtype_of(options: BenchOptions) -> Any:
    """bfloat16 on a GPU (the recipes' dtype); float32 on a CPU, where the tiny model trains."""
    import torch

    return torch.bfloat16 if options.device == "cuda" else torch.float32


def model_parts(options: BenchOptions, results: Results) -> tuple[Any, Any]:
    """Build the tokenizer and the model config, and record what the model is (CUDA untouched)."""
    dims = bench_model.shape(options.tiny)
    tokenizer = bench_model.bench_tokenizer(dims.get("vocab_size"))
    config = bench_model.model_config(dims, tokenizer)
    base = _base_tokenizer_size()
    results.update(
        model={
            "architecture": "Qwen2ForCausalLM",
            "shape": "tiny (2 layers)" if options.tiny else "Qwen2.5-7B",
            "weights": "random (no download)",
            "parameters": bench_model.parameter_count(config),
            "vocab": {
                "model": config.vocab_size,
                "tokenizer": len(tokenizer),
                "tokenizer_trained": base,
                "how": "the model keeps its vocabulary; the tokenizer is padded with "
                f"{len(tokenizer) - base} decodable filler tokens to match"
                if len(tokenizer) > base
                else "the model's vocabulary is the tokenizer's",
            },
        },
    )
    return tokenizer, config


def _base_tokenizer_size() -> int:
    from recon_data.training.tiny import build_tokenizer

    return len(build_tokenizer())


def build(options: BenchOptions, config: Any, results: Results) -> Any:
    """Build the random-weight model on the part's device and time it."""
    start = time.perf_counter()
    model = bench_model.build_model(config, device=options.device, dtype=dtype_of(options))
    sync(options.device)
    built = sum(p.numel() for p in model.parameters())
    results.update(build_seconds=round(time.perf_counter() - start, 3), parameters_built=built)
    return model


def say(text: str) -> None:
    """A progress line in the part's log."""
    print(f"[gpu_bench] {text}", file=sys.stderr, flush=True)
