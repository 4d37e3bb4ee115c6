"""Deterministic option permutations, re-rendered prompts, and option-number remapping."""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Mapping, Sequence
from typing import Any

_OPTIONS_HEAD = re.compile(r"\n\s*Options:\s*\n")
_OPTION_REF = re.compile(r"\bOption\s+(\d+)\b")


def permutation(record_id: str, n: int) -> list[int]:
    """Return a permutation of range(n) seeded by the record id (same id, same order).

    `perm[new] = old`: the option shown at position `new` is the old option `old`.
    """
    seed = int.from_bytes(
        hashlib.sha256(f"recon-clean\x1f{record_id}".encode()).digest()[:8], "big"
    )
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return order


def render_options(content: str, options: Sequence[str]) -> str:
    """Replace the `Options:` block of a prompt with `options` numbered 1..n (raises ValueError)."""
    m = _OPTIONS_HEAD.search(content)
    if m is None:
        raise ValueError("the prompt has no 'Options:' block")
    lines = "\n".join(f"Option {i}: {text}" for i, text in enumerate(options, 1))
    tail = content[len(content.rstrip()) :]
    return content[: m.end()] + lines + tail


def remap_refs(text: str, mapping: Mapping[int, int]) -> str:
    """Rewrite every `Option N` in `text` to `Option mapping[N]` (numbers not mapped stay)."""
    return _OPTION_REF.sub(
        lambda m: f"Option {mapping.get(int(m.group(1)), int(m.group(1)))}", text
    )


def reorder(record: dict[str, Any], keep: Sequence[int]) -> dict[int, int]:
    """Show the old options `keep` (0-based, in that order) in `record`; return old->new numbers.

    The gold is renumbered and the last message's `Options:` block re-rendered in place.
    """
    old = list(record["options"])
    new = [old[i] for i in keep]
    mapping = {o + 1: n + 1 for n, o in enumerate(keep)}
    record["options"] = new
    number = int(record["answer"].split(":", 1)[0].split()[1])
    record["answer"] = f"Option {mapping[number]}: {new[mapping[number] - 1]}"
    last = dict(record["prompt"][-1])
    last["content"] = render_options(last["content"], new)
    record["prompt"] = [*record["prompt"][:-1], last]
    return mapping
