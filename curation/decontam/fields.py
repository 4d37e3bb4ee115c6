"""The default text columns of a benchmark: its short text fields, not labels or source texts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from recon_data.curation.decontam.normalize import tokenize

# A column whose values mostly have fewer words is a label, title or category.
_MIN_WORDS = 3
_NUMBER = re.compile(r"[-+]?[0-9][0-9,]*(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?")


def pick_fields(
    columns: Sequence[str], sample: Sequence[dict[str, Any]]
) -> tuple[list[str], dict[str, str]]:
    """Return the short text columns of a table, and why each other text column was skipped.

    Skipped: columns of numbers (labels, scores), columns whose values are mostly under
    three words (titles, categories: no evidence on their own), and a long column that holds
    most of the words of the shorter ones (EconNLI's `sentence`, the source its
    premise/hypothesis pair was cut from: matched whole it hides the pair). If that leaves
    nothing, every text column is used.
    """
    words: dict[str, list[set[bytes]]] = {}
    skipped: dict[str, str] = {}
    for name in columns:
        texts = [v for v in (r.get(name) for r in sample) if isinstance(v, str) and v.strip()]
        if texts and all(_NUMBER.fullmatch(t.strip()) for t in texts):
            skipped[name] = "numbers"
            continue
        sets = [set(tokenize(t)) for t in texts]
        lengths = sorted(len(tokenize(t)) for t in texts)
        if not lengths or lengths[len(lengths) // 2] < _MIN_WORDS:
            skipped[name] = f"mostly under {_MIN_WORDS} words"
            continue
        words[name] = sets
    median = {
        name: sorted(len(tokenize(str(r.get(name) or ""))) for r in sample)[len(sample) // 2]
        for name in words
    }
    for name in sorted(words, key=lambda c: -median[c]):
        others = [c for c in words if c != name and c not in skipped]
        if not others or median[name] < 2 * min(median[c] for c in others):
            continue
        if _holds_others(name, others, sample):
            skipped[name] = "long text holding the other fields' words"
    chosen = [c for c in columns if c in words and c not in skipped]
    if not chosen:
        return [c for c in columns if skipped.get(c) != "numbers"] or list(columns), {}
    return chosen, skipped


def _holds_others(name: str, others: list[str], sample: Sequence[dict[str, Any]]) -> bool:
    """True when, in most rows, `name` holds at least half the words of the other columns."""
    held = 0
    for record in sample:
        own = set(tokenize(str(record.get(name) or "")))
        theirs = [w for c in others for w in tokenize(str(record.get(c) or ""))]
        held += bool(theirs) and 2 * sum(w in own for w in theirs) >= len(theirs)
    return 2 * held > len(sample)
