"""The thresholds of every decontamination method, with the reasons for their defaults."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from recon_data.errors import ReconDataError


@dataclass(frozen=True)
class Config:
    """Settings for `decontaminate`; docs/decontamination.md explains each one."""

    # Word n-gram length. 8 is what open-r1 and most recent decontamination use; a text
    # (or benchmark field) shorter than n words is matched as a single n-gram of its length.
    n: int = 8
    # An n-gram in more than max_df distinct texts (on the reference side or the scanned
    # side) is boilerplate and never counts. GPT-3 ignored 13-grams found in more than 10
    # training documents; 10 is also below the smallest Recon template family (45 items).
    max_df: int = 10
    # A reference row needs content n-grams spanning at least this many words in all to be
    # matched at all: a lone word (`doing`, `trade`) is no evidence of contamination.
    min_tokens: int = 3
    # A pair counts as n-gram overlap when at least this share of the reference text's
    # content n-grams (averaged over its fields) occurs in the other text.
    overlap: float = 0.8
    # ...and at least this share of its instance numbers occurs there too: two items built
    # from one template but with different payoffs or options are different instances.
    numbers: float = 0.8
    # Near duplicates: MinHash LSH over word `shingle`-grams of the boilerplate-free text,
    # verified by the exact Jaccard similarity.
    shingle: int = 3
    jaccard: float = 0.7
    num_perm: int = 128
    # Texts tokenised per numpy batch while streaming (bounds memory, not results).
    batch_docs: int = 20_000
    batch_chars: int = 8_000_000

    def check(self) -> Config:
        """Return self, or raise ReconDataError naming the first setting out of range."""
        if not 1 <= self.n <= 32:
            raise ReconDataError(f"n-gram length must be 1..32, got {self.n}", field="n")
        if self.min_tokens < 1:
            raise ReconDataError(
                f"min_tokens must be at least 1, got {self.min_tokens}", field="min_tokens"
            )
        if self.max_df < 1:
            raise ReconDataError(f"max_df must be at least 1, got {self.max_df}", field="max_df")
        for name in ("overlap", "numbers", "jaccard"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise ReconDataError(f"{name} must be in (0, 1], got {value}", field=name)
        if not 1 <= self.shingle <= 16:
            raise ReconDataError(f"shingle must be 1..16, got {self.shingle}", field="shingle")
        if not 16 <= self.num_perm <= 1024:
            raise ReconDataError(
                f"num_perm must be 16..1024, got {self.num_perm}", field="num_perm"
            )
        if self.batch_docs < 1 or self.batch_chars < 1:
            raise ReconDataError("batch sizes must be positive", field="batch_docs")
        return self

    def to_dict(self) -> dict[str, Any]:
        """Return the settings that shape results (batch sizes excluded: they do not)."""
        data = asdict(self)
        data.pop("batch_docs")
        data.pop("batch_chars")
        return data
