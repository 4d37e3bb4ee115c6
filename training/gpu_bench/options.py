"""The benchmark's options: parsed in one place, refused in one line, resolved to the paper's values.

Defaults come from their single sources: the shipped `sft` and `grpo` recipes (max length,
batch, group size, completion length) and `GenerationConfig` (the Table 3 decoding
settings). `--tiny` swaps in sizes a 2-layer model runs in seconds on a CPU.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, NoReturn

from recon_data.errors import ReconDataError

PARTS = ("sft", "eval", "grpo")  # the order they run in: GRPO, the longest, gets what is left
NEEDS_VLLM = ("eval", "grpo")  # parts that generate, with vLLM unless --generation transformers
# Share of the time budget each part may take (of what remains when it starts).
WEIGHTS = {"sft": 0.2, "eval": 0.35, "grpo": 0.45}
# Synthetic prompts: Recon-Eval prompts average 1,035 characters, about 256 tokens of a
# Qwen-sized vocabulary at 4 characters a token.
PROMPT_TOKENS = 256
EVAL_PROMPTS = 64
BUDGET = 450.0  # seconds for the parts: with start-up and clean-up the run ends within 8 minutes
# --tiny: the sizes a 2-layer model on one CPU core trains and generates in a second or two.
TINY_SIZES = {
    "max_length": 64,
    "completion_length": 16,
    "max_new_tokens": 16,
    "prompt_tokens": 24,
    "eval_prompts": 4,
}


@dataclass(frozen=True)
class BenchOptions:
    """Everything one benchmark run needs, with every size resolved to a number."""

    parts: tuple[str, ...]
    device: str
    tiny: bool
    sft_steps: int
    grpo_steps: int
    warmup: int
    budget: float
    generation: str
    corpus: str | None
    max_length: int
    completion_length: int
    max_new_tokens: int
    prompt_tokens: int
    eval_prompts: int
    out: str

    def to_json(self) -> dict[str, Any]:
        """Return the options as plain JSON values."""
        data = asdict(self)
        data["parts"] = list(self.parts)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BenchOptions:
        """Rebuild options written by `to_json` (how a part's process receives them)."""
        return cls(**{**data, "parts": tuple(data["parts"])})


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse prints the usage and exits 2; the project's rule is one line and exit 1.
        raise ReconDataError(f"{message} (see --help)")


def _number(kind: type) -> Any:
    def parse(text: str) -> Any:
        try:
            return kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None

    parse.__name__ = kind.__name__
    return parse


def parser() -> argparse.ArgumentParser:
    """Return the argument parser of `python -m recon_data.training.gpu_bench`."""
    p = _Parser(
        prog="gpu_bench",
        description="LoRA SFT, GRPO (vLLM) and eval generation on a random-weight Qwen2.5-7B, "
        "at the paper's settings; writes one JSON.",
    )
    add = p.add_argument
    add("--parts", default=",".join(PARTS), help="comma-separated: sft,eval,grpo (default all)")
    add(
        "--steps",
        type=_number(int),
        default=None,
        help="measured optimizer steps of each training part (default: SFT 2, GRPO 1)",
    )
    add("--warmup", type=_number(int), default=1, help="SFT steps run before measuring (default 1)")
    add(
        "--budget",
        type=_number(float),
        default=BUDGET,
        help=f"seconds for all parts together; each stops at its share (default {BUDGET:.0f})",
    )
    add(
        "--device",
        choices=("cuda", "cpu"),
        default="cuda",
        help="cuda (default); cpu only with --tiny, to check the code path",
    )
    add("--tiny", action="store_true", help="a 2-layer model and small sizes (tests, smoke checks)")
    add(
        "--generation",
        choices=("vllm", "transformers"),
        default="vllm",
        help="how GRPO and eval generate (default vllm, as the recipes run on a GPU)",
    )
    add(
        "--corpus",
        default=None,
        help="prompts from this corpus (train split for GRPO, eval for eval), not synthetic ones",
    )
    add(
        "--max-length",
        type=_number(int),
        default=None,
        help="SFT tokens per sample (default: the sft recipe's max_length)",
    )
    add(
        "--completion-length",
        type=_number(int),
        default=None,
        help="GRPO completion tokens (default: the grpo recipe's max_completion_length)",
    )
    add(
        "--max-new-tokens",
        type=_number(int),
        default=None,
        help="eval tokens per prompt (default: Table 3's 6,144)",
    )
    add(
        "--prompt-tokens",
        type=_number(int),
        default=None,
        help=f"tokens of a synthetic prompt (default {PROMPT_TOKENS}, the release's typical length)",
    )
    add(
        "--eval-prompts",
        type=_number(int),
        default=None,
        help=f"prompts generated at once in eval (default {EVAL_PROMPTS})",
    )
    add(
        "--out",
        default="gpu_bench.json",
        help="the JSON to write (default ./gpu_bench.json; also $OUT/gpu_bench.json)",
    )
    return p


def parse_options(argv: Sequence[str]) -> BenchOptions:
    """Parse the command line into resolved options; a bad option is one ReconDataError."""
    ns = parser().parse_args(list(argv))
    return bench_options(**vars(ns))


def bench_options(
    *,
    parts: str | Sequence[str] = PARTS,
    steps: int | None = None,
    warmup: int = 1,
    budget: float = BUDGET,
    device: str = "cuda",
    tiny: bool = False,
    generation: str = "vllm",
    corpus: str | None = None,
    max_length: int | None = None,
    completion_length: int | None = None,
    max_new_tokens: int | None = None,
    prompt_tokens: int | None = None,
    eval_prompts: int | None = None,
    out: str = "gpu_bench.json",
) -> BenchOptions:
    """Check the benchmark's settings and fill in the defaults (the recipes', Table 3's, --tiny's).

    Every setting is named as its command-line option in the one-line errors.
    """
    names = [p.strip() for p in parts.split(",")] if isinstance(parts, str) else list(parts)
    names = [p for p in names if p]
    unknown = [p for p in names if p not in PARTS]
    if unknown or not names:
        raise ReconDataError(
            f"--parts: unknown part {', '.join(unknown) or repr(parts)}; choose from {', '.join(PARTS)}"
        )
    if device not in ("cuda", "cpu"):
        raise ReconDataError(f"--device must be cuda or cpu, got {device!r}")
    if generation not in ("vllm", "transformers"):
        raise ReconDataError(f"--generation must be vllm or transformers, got {generation!r}")
    if device == "cpu" and not tiny:
        raise ReconDataError("--device cpu needs --tiny: a 7B model does not train on a CPU")
    if warmup < 0:
        raise ReconDataError(f"--warmup must be 0 or more, got {warmup}")
    if not 0 < budget < math.inf:
        raise ReconDataError(f"--budget must be a number of seconds above 0, got {budget}")
    given = {
        "steps": steps,
        "max_length": max_length,
        "completion_length": completion_length,
        "max_new_tokens": max_new_tokens,
        "prompt_tokens": prompt_tokens,
        "eval_prompts": eval_prompts,
    }
    for key, value in given.items():
        if value is not None and value < 1:
            raise ReconDataError(f"--{key.replace('_', '-')} must be at least 1, got {value}")
    sizes = _default_sizes(tiny)
    sizes.update({k: v for k, v in given.items() if v is not None and k != "steps"})
    return BenchOptions(
        parts=tuple(p for p in PARTS if p in names),
        device=device,
        tiny=tiny,
        sft_steps=steps or 2,
        grpo_steps=steps or 1,
        warmup=warmup,
        budget=float(budget),
        generation=generation,
        corpus=corpus,
        out=str(out),
        **sizes,
    )


def _default_sizes(tiny: bool) -> dict[str, int]:
    if tiny:
        return dict(TINY_SIZES)
    from recon_data.training.generation import GenerationConfig
    from recon_data.training.recipes import read_recipe_values

    sft = read_recipe_values("sft")[1]
    grpo = read_recipe_values("grpo")[1]
    return {
        "max_length": int(sft["max_length"]),
        "completion_length": int(grpo["max_completion_length"]),
        "max_new_tokens": GenerationConfig().max_new_tokens,
        "prompt_tokens": PROMPT_TOKENS,
        "eval_prompts": EVAL_PROMPTS,
    }
