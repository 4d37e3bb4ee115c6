"""Answer shortcuts a model can learn without reading the question: gold position and content.

Position bias is the audit's own `position_bias` (how often the gold is option 1, 2, ...).
Content bias follows issue 27's definition: per category, the share of the most common gold
content, where the content of a multiple-choice gold is its text after the option label and any
other gold is its canonical text (`Yes`/`No`, an ordering, a profile list). Texts are compared
after folding case, spaces and a final period, so `Yes.` and `yes` are one content.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from recon_data import answers


@dataclass(frozen=True)
class ContentShare:
    """The most common gold content of one category and how many golds have it."""

    content: str
    count: int
    total: int

    @property
    def share(self) -> float:
        """Share of the category's golds that have the most common content."""
        return self.count / self.total if self.total else 0.0


def gold_content(answer: str, kind: str) -> str:
    """The content of a gold: an mcq gold's text after `Option N:`, else the gold itself, folded."""
    text = answer
    if kind == "mcq":
        parsed = answers.parse_mcq_gold(answer)
        if parsed is not None:
            text = parsed[1]
    return " ".join(text.split()).rstrip(".").casefold()


def content_bias(problems: Iterable[Any]) -> dict[str, ContentShare]:
    """Per category, the most common gold content (ties: the first in sorted order) and its count."""
    contents: dict[str, Counter[str]] = defaultdict(Counter)
    for p in problems:
        contents[p.category][gold_content(p.answer, p.answer_kind)] += 1
    out = {}
    for category, counter in contents.items():
        content, count = min(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        out[category] = ContentShare(content, count, sum(counter.values()))
    return out


def position_shares(counts: dict[str, int]) -> dict[int, float]:
    """Shares of golds at each option number, from the audit's `{"1": n, "2": m, ...}` counts."""
    total = sum(counts.values())
    return {int(k): n / total for k, n in counts.items() if total}
