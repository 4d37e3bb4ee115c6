"""Traces that agree with their prompts after cleaning (the rule is in docs/audit.md).

A trace names options three ways: `Option N` (rewritten exactly to the new number), a
numbered list or ordinal that walks the options ("1. First-price ... 3. Lottery", "the
second option"), and the options' own words. The rule:

- an item whose option list changed (an option removed or replaced) loses its traces: they
  reason about an option the prompt no longer shows;
- an item whose trace walks the options by position keeps its original order (it is not
  permuted), so the walk still matches the prompt;
- every other trace has its `Option N` references renumbered to the permuted order;
- `agrees_with_prompt` checks the result: every `Option N: text` names the prompt's option N,
  and every numbered walk step names the option with that number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_WORD = re.compile(r"[a-z0-9][a-z0-9.'-]*")
_STEP = re.compile(r"(?m)^\s*(?:[-*]\s*)?(?:\*\*)?\(?(\d{1,2})[.)]\)?\s+(.*)$")
_ORDINAL = re.compile(
    r"\b(?:first|second|third|fourth|fifth|last) (?:option|choice|alternative)\b"
    r"|\b(?:option|choice) (?:one|two|three|four|five)\b",
    re.I,
)
_PAREN = re.compile(r"(?<![\w$])\((\d)\)")
_NAMED = re.compile(r"\bOption\s+(\d+)\s*[:\-–]\s*([^\n]*)")


def _tokens(text: str) -> set[str]:
    return {w.strip(".") for w in _WORD.findall(text.lower()) if len(w) > 2 or w[0].isdigit()}


def _distinct(options: Sequence[str]) -> list[set[str]]:
    """Each option's words that no other option has."""
    toks = [_tokens(o) for o in options]
    return [t - set().union(*(o for j, o in enumerate(toks) if j != i)) for i, t in enumerate(toks)]


def _names(line: str, own: set[str]) -> bool:
    return bool(own) and len(own & _tokens(line)) >= max(1, len(own) / 2)


def walk_steps(response: str, options: Sequence[str]) -> list[tuple[int, int]]:
    """(step number, option it names) for every numbered step that names an option."""
    own = _distinct(options)
    out = []
    for m in _STEP.finditer(response):
        head = m.group(2)[:80]
        named = [i for i, words in enumerate(own, 1) if _names(head, words)]
        if len(named) == 1:
            out.append((int(m.group(1)), named[0]))
    return out


def walks_by_position(response: str, options: Sequence[str]) -> bool:
    """True when a trace refers to options by position other than `Option N`: numbered steps
    that name two or more options, ordinals ("the second option"), or "(2)"."""
    if _ORDINAL.search(response):
        return True
    if any(1 <= int(m.group(1)) <= len(options) for m in _PAREN.finditer(response)):
        return True
    steps = walk_steps(response, options)
    return len({named for _, named in steps}) >= 2 and any(s == n for s, n in steps)


def agrees_with_prompt(response: str, options: Sequence[str]) -> bool:
    """True when no `Option N: text` names another option, and numbered steps that walk two or
    more options carry those options' numbers."""
    own = _distinct(options)
    for m in _NAMED.finditer(response):
        n = int(m.group(1))
        if not 1 <= n <= len(options):
            return False
        text = m.group(2)[:120]
        others = [i for i, words in enumerate(own, 1) if i != n and _names(text, words)]
        if others and not _names(text, own[n - 1]):
            return False
    steps = walk_steps(response, options)
    if len({named for _, named in steps}) < 2:
        return True  # one step naming an option is a reasoning step, not a walk
    return all(step == named for step, named in steps)
