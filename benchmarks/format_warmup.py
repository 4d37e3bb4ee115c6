"""The format-only warm-up the learning benchmarks share (bench_selfplay, bench_maro_learning).

A tiny random-weight model first learns the reply format: a uniform random legal move in
`<s>...</s>` after `</think>`, so the later GRPO runs compare credit, not format learning.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def format_warm_up(
    model_dir: Path,
    out: Path,
    choices: Sequence[tuple[Any, Sequence[str]]],
    steps: int,
    seed: int,
) -> float:
    """Train on 4 random (prompt messages, legal moves) a step, save to `out`, return the
    answer-token loss averaged over the last 10 steps."""
    import torch

    from recon_data.training.modelio import load_model, load_tokenizer

    tok = load_tokenizer(str(model_dir), padding_side="left")
    model = load_model(str(model_dir), dtype="float32")
    rng = random.Random(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
    model.train()
    losses = []
    for _ in range(steps):
        ids, labels = [], []
        for messages, legal in rng.sample(list(choices), 4):
            prompt = tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
            answer = f"\n</think>\n\n<s>{rng.choice(list(legal))}</s>"
            p = tok(prompt, add_special_tokens=False)["input_ids"]
            a = tok(answer, add_special_tokens=False)["input_ids"] + [tok.eos_token_id]
            ids.append(p + a)
            labels.append([-100] * len(p) + a)
        width = max(len(x) for x in ids)
        pad = [width - len(x) for x in ids]
        input_ids = torch.tensor(
            [[tok.pad_token_id] * n + x for n, x in zip(pad, ids, strict=True)]
        )
        mask = torch.tensor([[0] * n + [1] * len(x) for n, x in zip(pad, ids, strict=True)])
        target = torch.tensor([[-100] * n + y for n, y in zip(pad, labels, strict=True)])
        loss = model(input_ids=input_ids, attention_mask=mask, labels=target).loss
        loss.backward()
        losses.append(loss.item())
        opt.step()
        opt.zero_grad()
    model.save_pretrained(out)
    tok.save_pretrained(out)
    return sum(losses[-10:]) / len(losses[-10:])
