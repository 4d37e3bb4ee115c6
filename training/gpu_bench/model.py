"""The benchmark's model: Qwen2.5-7B's architecture with random weights, and a tokenizer that fits it.

Nothing is downloaded. The configuration is written out below from Qwen2.5-7B's public
config.json; the tokenizer is the R1-Distill-style one of `recon_data.training.tiny`, padded
with decodable filler tokens up to the model's 152,064 ids, so the embedding, the LM head and
the logits keep their real size (what LoRA SFT, GRPO and vLLM pay for) while every id a
random model samples still decodes to text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from recon_data.errors import ReconDataError

# Qwen2.5-7B (its config.json on the Hub): 7,615,616,512 parameters (the model card's 7.61B), 6.53B
# without the embedding and the LM head. DeepSeek-R1-Distill-Qwen-7B, the paper's base, has
# the same shape and differs only in rope_theta (1e4) and max_position_embeddings (131,072),
# neither of which changes a parameter or the cost of a step at 6,144 tokens.
QWEN25_7B: dict[str, Any] = {
    "vocab_size": 152064,
    "hidden_size": 3584,
    "intermediate_size": 18944,
    "num_hidden_layers": 28,
    "num_attention_heads": 28,
    "num_key_value_heads": 4,
    "hidden_act": "silu",
    "max_position_embeddings": 32768,
    "rope_theta": 1000000.0,
    "rms_norm_eps": 1e-6,
    "initializer_range": 0.02,
    "tie_word_embeddings": False,
    "use_sliding_window": False,
    "max_window_layers": 28,
    "attention_dropout": 0.0,
}

# Filler tokens decode to " tok123": plain text that no chat-format tag or answer parser reads.
_FILLER = "Ġtok{}"


def shape(tiny: bool) -> dict[str, Any]:
    """Return the model dimensions: Qwen2.5-7B, or a 2-layer shape for tests and smoke runs."""
    # Heads of 32 dimensions: vLLM's attention kernels have none for tiny.TINY's 16.
    from recon_data.training.tiny import TINY_HD32

    return dict(TINY_HD32 if tiny else QWEN25_7B)


def pad_tokenizer(tokenizer: Any, vocab_size: int) -> Any:
    """Return a copy of a byte-level BPE tokenizer whose vocabulary has exactly `vocab_size` ids.

    The new ids are plain vocabulary entries (reachable by decoding, never produced by
    encoding), so text encodes to the same ids as before and len(tokenizer) matches the model.
    """
    from tokenizers import Tokenizer
    from transformers import PreTrainedTokenizerFast

    size = len(tokenizer)
    if vocab_size < size:
        raise ReconDataError(
            f"the model's vocabulary ({vocab_size}) is smaller than the tokenizer's ({size})",
            field="vocab_size",
        )
    state = json.loads(tokenizer.backend_tokenizer.to_str())
    vocab: dict[str, int] = state["model"]["vocab"]
    # Added tokens (the think tags) live outside the BPE vocabulary; entered at their own ids,
    # they keep those ids instead of being renumbered after the filler.
    for added in state["added_tokens"]:
        vocab.setdefault(added["content"], added["id"])
    if sorted(vocab.values()) != list(range(size)):
        raise ReconDataError("the tokenizer's ids are not contiguous; cannot pad it")
    for index in range(size, vocab_size):
        name = _FILLER.format(index)
        if name in vocab:  # a learned merge spelled like a filler token: never silently reuse it
            raise ReconDataError(f"filler token {name!r} already in the vocabulary")
        vocab[name] = index
    padded = PreTrainedTokenizerFast(
        tokenizer_object=Tokenizer.from_str(json.dumps(state)),
        bos_token=tokenizer.bos_token,
        eos_token=tokenizer.eos_token,
        pad_token=tokenizer.pad_token,
    )
    padded.chat_template = tokenizer.chat_template
    padded.padding_side = tokenizer.padding_side
    return padded


def bench_tokenizer(vocab_size: int | None) -> Any:
    """Build the R1-Distill-style tokenizer, padded to `vocab_size` ids when that is larger."""
    from recon_data.training.tiny import build_tokenizer

    tokenizer = build_tokenizer()
    if vocab_size is None or vocab_size == len(tokenizer):
        return tokenizer
    return pad_tokenizer(tokenizer, vocab_size)


def model_config(dims: dict[str, Any], tokenizer: Any) -> Any:
    """Return the Qwen2 config for these dimensions, wired to the tokenizer's special ids."""
    from transformers import Qwen2Config

    values = dict(dims)
    values.setdefault("vocab_size", len(tokenizer))
    if values["vocab_size"] != len(tokenizer):
        raise ReconDataError(
            f"model vocabulary {values['vocab_size']} != tokenizer {len(tokenizer)}",
            field="vocab_size",
        )
    return Qwen2Config(
        **values,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )


def parameter_count(config: Any) -> dict[str, int]:
    """Count a Qwen2 model's parameters from its config alone (no model is built).

    Per layer: q, k, v projections with biases, o without; gate, up, down; two RMSNorm
    weights. Then the embedding, the final norm and an untied LM head.
    """
    hidden, inter = config.hidden_size, config.intermediate_size
    head_dim = getattr(config, "head_dim", None) or hidden // config.num_attention_heads
    q_out = config.num_attention_heads * head_dim
    kv_out = config.num_key_value_heads * head_dim
    attention = (hidden * q_out + q_out) + 2 * (hidden * kv_out + kv_out) + q_out * hidden
    layer = attention + 3 * hidden * inter + 2 * hidden
    embedding = config.vocab_size * hidden
    head = 0 if config.tie_word_embeddings else config.vocab_size * hidden
    body = config.num_hidden_layers * layer + hidden
    return {"total": body + embedding + head, "non_embedding": body, "embedding": embedding + head}


def build_model(config: Any, *, device: str, dtype: Any, seed: int = 0) -> Any:
    """Build the model with random weights straight on `device` in `dtype` (no float32 copy)."""
    import torch
    from transformers import AutoModelForCausalLM

    torch.manual_seed(seed)
    # The device context creates every tensor there, and `dtype` sets the default dtype while
    # the modules are built, so a 7B model never exists in float32 or on the host.
    with torch.device(device):
        model = AutoModelForCausalLM.from_config(config, dtype=dtype)
    model.generation_config.bos_token_id = config.bos_token_id
    model.generation_config.eos_token_id = config.eos_token_id
    model.generation_config.pad_token_id = config.pad_token_id
    return model


def save_model_dir(config: Any, tokenizer: Any, folder: Path) -> Path:
    """Write what vLLM reads with `load_format="dummy"`: the config and the tokenizer, no weights."""
    folder.mkdir(parents=True, exist_ok=True)
    config.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder
