"""The thresholds of every decontamination method, with the reasons for their defaults."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from recon_data.config import FrozenConfig

# Fields that change no result, only memory use; left out of the report's settings.
_BATCH_FIELDS = frozenset({"batch_docs", "batch_chars"})


class DecontamConfig(FrozenConfig):
    """Settings for `decontaminate`; docs/decontamination.md explains each one."""

    # A FrozenConfig: a report keeps the settings it was made with, NaN fails the float
    # ranges, and a bad setting is one line naming it (pydantic's range message).

    # Word n-gram length. 8 is what open-r1 and most recent decontamination use; a text
    # (or benchmark field) shorter than n words is matched as a single n-gram of its length.
    n: int = Field(8, ge=1, le=32)
    # An n-gram in more than max_df distinct texts (on the reference side or the scanned
    # side) is boilerplate and never counts. GPT-3 ignored 13-grams found in more than 10
    # training documents; 10 is also below the smallest Recon template family (45 items).
    max_df: int = Field(10, ge=1)
    # A reference row needs content n-grams spanning at least this many words in all to be
    # matched at all: a lone word (`doing`, `trade`) is no evidence of contamination.
    min_tokens: int = Field(3, ge=1)
    # A pair counts as n-gram overlap when at least this share of the reference text's
    # content n-grams (averaged over its fields) occurs in the other text.
    overlap: float = Field(0.8, gt=0.0, le=1.0)
    # ...and at least this share of its instance numbers occurs there too: two items built
    # from one template but with different payoffs or options are different instances.
    numbers: float = Field(0.8, gt=0.0, le=1.0)
    # Near duplicates: MinHash LSH over word `shingle`-grams of the boilerplate-free text,
    # verified by the exact Jaccard similarity.
    shingle: int = Field(3, ge=1, le=16)
    jaccard: float = Field(0.7, gt=0.0, le=1.0)
    num_perm: int = Field(128, ge=16, le=1024)
    # Texts tokenised per numpy batch while streaming (bounds memory, not results).
    batch_docs: int = Field(20_000, ge=1)
    batch_chars: int = Field(8_000_000, ge=1)

    def to_dict(self) -> dict[str, Any]:
        """Return the settings that shape results (batch sizes excluded: they do not)."""
        return self.model_dump(exclude=set(_BATCH_FIELDS))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DecontamConfig:
        """Return the settings `to_dict` wrote (batch sizes, absent there, take their defaults)."""
        return cls(**data)
