"""The release's own reward and evaluation rule, re-implemented for comparison only.

These reproduce the behaviour of the Recon release's GRPO reward (paper appendix A.2)
and of its evaluation check (Table 3) on raw strings: a lazy single-line `\\boxed{...}`
regex and exact string equality. The benchmark times our reward against
`release_reward`, and the tests count the correct answers it under-credits. Use
`recon_data.verifiers.grade` for anything else; docs/verifiers.md lists every difference.
"""

from __future__ import annotations

import re

_LAZY_BOX = re.compile(r"\\boxed\{(.*?)\}")
_OPTION_NUMBER = re.compile(r"Option\s+([0-9]+)", re.IGNORECASE)
_THINK_CLOSE = "</think>"


def release_reward(completion: str, answer: str) -> float:
    """The release's hierarchical reward on raw strings: -4 format, -5 nothing parsed, +5/+2/-3."""
    think_end = completion.find(_THINK_CLOSE)
    if completion.count(_THINK_CLOSE) != 1:
        return -4.0
    first_box = _LAZY_BOX.search(completion)
    if first_box is not None and first_box.start() < think_end:
        return -4.0
    parsed = _parse(completion[think_end + len(_THINK_CLOSE) :])
    if not parsed:
        return -5.0
    gold = answer.strip()
    if parsed == gold:
        return 5.0
    if _same_option(gold, parsed):
        return 2.0
    return -3.0


def release_is_correct(completion: str, answer: str) -> bool:
    """The release's eval rule: first box anywhere (else `Option N`) is the gold or its number."""
    parsed = _parse(completion)
    gold = answer.strip()
    return parsed == gold or _same_option(gold, parsed)


def _parse(text: str) -> str:
    # An empty box counts as no box, so the `Option N` fallback applies to it too.
    box = _LAZY_BOX.search(text)
    boxed = box.group(1).strip() if box else ""
    if boxed:
        return boxed
    mention = _OPTION_NUMBER.search(text)
    return f"Option {mention.group(1)}" if mention else ""


def _same_option(gold: str, parsed: str) -> bool:
    g = _OPTION_NUMBER.search(gold)
    p = _OPTION_NUMBER.search(parsed)
    return bool(g and p and g.group(1) == p.group(1))
