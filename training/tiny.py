"""Random-weight models with the R1-Distill chat format, built locally (no downloads).

The smoke recipes, the tests and the benchmark need a model and a tokenizer that behave
like DeepSeek-R1-Distill-Qwen (same special tokens, same chat template, `<think>` and
`</think>` as plain added tokens) without fetching anything: a byte-level BPE tokenizer
trained in memory on a fixed text, and a Qwen2 model of any shape with random weights.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

BOS = "<｜begin▁of▁sentence｜>"
EOS = "<｜end▁of▁sentence｜>"
PAD = "<｜▁pad▁｜>"
USER = "<｜User｜>"
ASSISTANT = "<｜Assistant｜>"
THINK_TOKENS = ("<think>", "</think>")

# The real shape of DeepSeek-R1-Distill-Qwen-7B (its Qwen2 config), for benchmarks with random weights.
QWEN2_7B: dict[str, Any] = {
    "vocab_size": 152064,
    "hidden_size": 3584,
    "intermediate_size": 18944,
    "num_hidden_layers": 28,
    "num_attention_heads": 28,
    "num_key_value_heads": 4,
    "max_position_embeddings": 131072,
    "rope_theta": 10000.0,
    "rms_norm_eps": 1e-6,
    "tie_word_embeddings": False,
    "use_sliding_window": False,
}

# Small enough to train a step in well under a second on one CPU core.
TINY: dict[str, Any] = {
    "hidden_size": 64,
    "intermediate_size": 128,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "max_position_embeddings": 8192,
    "rope_theta": 10000.0,
    "rms_norm_eps": 1e-6,
    "tie_word_embeddings": False,
}

# The same size with heads of 32 dimensions: vLLM's CPU attention has no kernel for 16.
TINY_HD32: dict[str, Any] = {**TINY, "num_attention_heads": 2, "num_key_value_heads": 1}

SHAPES = {"tiny": TINY, "tiny-hd32": TINY_HD32, "qwen2-7b": QWEN2_7B}

# Fixed text the tokenizer's merges are learned from: generic wording of the answer formats.
_TRAINING_TEXT = (
    "Please reason step by step, and put your final answer within \\boxed{}. "
    "Which option is correct? Option 1: Yes. Option 2: No. Option 3: It depends on the payoff. "
    "Order the events A, B, C, D. List every pure strategy Nash equilibrium as [[0, 1], [2, 2]]. "
    "The player chooses to cooperate or defect; the discount factor is 0.9 and the payoff is 3. "
    "<think>\nFirst compare the payoffs, then check each deviation.\n</think>\n\\boxed{Option 2: No}"
)


def build_tokenizer(
    vocab_size: int = 384,
    *,
    chat_template: str | None = None,
    bos: str = BOS,
    eos: str = EOS,
    pad: str = PAD,
    specials: tuple[str, ...] = (USER, ASSISTANT),
    added: tuple[str, ...] = THINK_TOKENS,
) -> Any:
    """Build a byte-level BPE tokenizer; by default with the R1-Distill special tokens and chat template.

    The keyword arguments make tokenizers shaped like other families (Llama-3.1, Mistral, a
    custom format) for tests of chat templates, still without downloading anything.
    """
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast
    from trl.chat_template_utils import deepseek_r1_distill_chat_template

    core = Tokenizer(models.BPE())
    core.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    core.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=list(dict.fromkeys([bos, eos, *specials, pad])),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    core.train_from_iterator([_TRAINING_TEXT] * 4, trainer)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=core, bos_token=bos, eos_token=eos, pad_token=pad
    )
    # As in the real tokenizer, the think tags are added tokens that decoding keeps.
    if added:
        tokenizer.add_tokens(list(added))
    tokenizer.chat_template = (
        deepseek_r1_distill_chat_template if chat_template is None else chat_template
    )
    tokenizer.padding_side = "left"
    return tokenizer


def build_model(
    tokenizer: Any, shape: str | dict[str, Any] = "tiny", *, seed: int = 0, dtype: Any = None
) -> Any:
    """Build a Qwen2 causal LM with random weights in the given shape, wired to the tokenizer's ids."""
    import torch
    from transformers import Qwen2Config, Qwen2ForCausalLM

    dims = dict(SHAPES[shape] if isinstance(shape, str) else shape)
    dims.setdefault("vocab_size", len(tokenizer))
    config = Qwen2Config(
        **dims,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    torch.manual_seed(seed)
    model = Qwen2ForCausalLM(config)
    if dtype is not None:
        model = model.to(dtype)
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    model.generation_config.bos_token_id = tokenizer.bos_token_id
    return model


def save_tiny_model(
    out_dir: str | Path, *, shape: str = "tiny", seed: int = 0, force: bool = False
) -> Path:
    """Write a random-weight model and its tokenizer to a new folder that `--model` accepts."""
    from recon_data.errors import ReconDataError
    from recon_data.storage import MANIFEST, atomic_dir, check_output_dir

    out = Path(out_dir)
    # Model files written into a corpus (or an export) would sit among its checksummed files.
    for folder in (out, *out.resolve().parents):
        if (folder / MANIFEST).is_file():
            raise ReconDataError(
                f"the model folder would lie inside the corpus folder {folder}; choose another",
                file=str(out),
            )
    check_output_dir(out, force=force)
    tokenizer = build_tokenizer()
    model = build_model(tokenizer, shape, seed=seed)
    # atomic_dir refuses an existing folder (or file) without force, and leaves nothing half-written.
    with atomic_dir(out, force=force) as tmp:
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
    return out
