"""The benchmark's options: parsed in one place, refused in one line, resolved to the paper's values.

Defaults come from their single sources: the shipped `sft` and `grpo` recipes (max length,
batch, group size, completion length) and `GenerationConfig` (the Table 3 decoding
settings). `--tiny` swaps in sizes a 2-layer model runs in seconds on a CPU.
"""

from __future__ import annotations

import argparse
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


def _positive(kind: type) -> Any:
    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
        if not value > 0:
            raise argparse.ArgumentTypeError(f"must be above 0, got {text!r}")
        return value

    parse.__name__ = kind.__name__
    return parse


def _parts(text: str) -> tuple[str, ...]:
    names = [p.strip() for p in text.split(",") if p.strip()]
    unknown = [p for p in names if p not in PARTS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown part {', '.join(unknown) or repr(text)}; choose from {', '.join(PARTS)}"
        )
    return tuple(p for p in PARTS if p in names)


def parser() -> argparse.ArgumentParser:
    """Return the argument parser of `python -m recon_data.training.gpu_bench`."""
    p = _Parser(
        prog="gpu_bench",
        description="LoRA SFT, GRPO (vLLM) and eval generation on a random-weight Qwen2.5-7B, "
        "at the paper's settings; writes one JSON.",
    )
    p.add_argument(
        "--parts", type=_parts, default=PARTS, help="comma-separated: sft,eval,grpo (default all)"
    )
    p.add_argument(
        "--steps",
        type=_positive(int),
        default=None,
        help="measured optimizer steps of each training part (default: SFT 2, GRPO 1)",
    )
    p.add_argument(
        "--warmup", type=int, default=1, help="SFT steps run before measuring (default 1)"
    )
    p.add_argument(
        "--budget",
        type=_positive(float),
        default=450.0,
        help="seconds for all parts together; each part is stopped at its share (default 450)",
    )
    p.add_argument(
        "--device",
        choices=("cuda", "cpu"),
        default="cuda",
        help="cuda (default); cpu only with --tiny, to check the code path",
    )
    p.add_argument(
        "--tiny", action="store_true", help="a 2-layer model and small sizes (tests, smoke checks)"
    )
    p.add_argument(
        "--generation",
        choices=("vllm", "transformers"),
        default="vllm",
        help="how GRPO and eval generate (default vllm, as the recipes run on a GPU)",
    )
    p.add_argument(
        "--corpus",
        default=None,
        help="take prompts from this corpus (train split for GRPO, eval for eval) instead of synthetic ones",
    )
    p.add_argument(
        "--max-length",
        type=_positive(int),
        default=None,
        help="SFT tokens per sample (default: the sft recipe's max_length)",
    )
    p.add_argument(
        "--completion-length",
        type=_positive(int),
        default=None,
        help="GRPO completion tokens (default: the grpo recipe's max_completion_length)",
    )
    p.add_argument(
        "--max-new-tokens",
        type=_positive(int),
        default=None,
        help="eval tokens per prompt (default: Table 3's 6,144)",
    )
    p.add_argument(
        "--prompt-tokens",
        type=_positive(int),
        default=None,
        help=f"tokens of a synthetic prompt (default {PROMPT_TOKENS}, the release's typical length)",
    )
    p.add_argument(
        "--eval-prompts",
        type=_positive(int),
        default=None,
        help=f"prompts generated at once in eval (default {EVAL_PROMPTS})",
    )
    p.add_argument(
        "--out",
        default="gpu_bench.json",
        help="the JSON to write (default ./gpu_bench.json; also $OUT/gpu_bench.json)",
    )
    return p


def parse_options(argv: list[str]) -> BenchOptions:
    """Parse the command line into resolved options; a bad option is one ReconDataError."""
    ns = parser().parse_args(argv)
    if ns.device == "cpu" and not ns.tiny:
        raise ReconDataError("--device cpu needs --tiny: a 7B model does not train on a CPU")
    if ns.warmup < 0:
        raise ReconDataError(f"--warmup must be 0 or more, got {ns.warmup}")
    sizes = _default_sizes(ns.tiny)
    given = {
        "max_length": ns.max_length,
        "completion_length": ns.completion_length,
        "max_new_tokens": ns.max_new_tokens,
        "prompt_tokens": ns.prompt_tokens,
        "eval_prompts": ns.eval_prompts,
    }
    sizes.update({k: v for k, v in given.items() if v is not None})
    return BenchOptions(
        parts=ns.parts,
        device=ns.device,
        tiny=ns.tiny,
        sft_steps=ns.steps or 2,
        grpo_steps=ns.steps or 1,
        warmup=ns.warmup,
        budget=ns.budget,
        generation=ns.generation,
        corpus=ns.corpus,
        out=ns.out,
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
