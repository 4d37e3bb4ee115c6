"""Gold answers: inferring the answer kind and parsing the gold into a comparable value."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from recon_data.answers.registry import KIND_NAMES, REGISTRY

# No gold of any kind is this long; a longer one is refused before any parsing (and never
# cached), so a hostile file costs nothing.
MAX_GOLD_CHARS = 20_000


class GoldError(ValueError):
    """The gold answer is not in the grammar of its kind (a data error, not a model error)."""


@dataclass(frozen=True)
class Gold:
    """A parsed gold answer: its kind, canonical text and kind-specific value."""

    kind: str
    canonical: str
    # mcq: (number, text or None); yes_no: "Yes"/"No"; ordering: tuple of letters;
    # profile_set: frozenset of pairs; numeric: recon_data.answers.Number.
    value: object


def infer_kind(answer: str) -> str | None:
    """Guess the answer kind from a gold answer's shape, or None when no kind fits."""
    try:
        return parse_gold(answer).kind
    except GoldError:
        return None


def parse_gold(answer: str, kind: str | None = None) -> Gold:
    """Parse a gold answer (kind inferred when None); raise GoldError when it does not parse."""
    if kind is not None and kind not in REGISTRY:
        raise GoldError(f"unknown answer kind {kind!r}; expected one of {', '.join(KIND_NAMES)}")
    if len(answer) > MAX_GOLD_CHARS:
        raise GoldError(f"gold of {len(answer):,} characters is too long to be an answer")
    return _parse_gold(answer, kind)


@lru_cache(maxsize=8192)
def _parse_gold(answer: str, kind: str | None) -> Gold:
    kinds = (kind,) if kind is not None else KIND_NAMES
    for candidate in kinds:
        # Golds are read in the same grammar as answers (Unicode, a trailing period).
        try:
            read = REGISTRY[candidate].read_gold(answer)
        except (ValueError, ArithmeticError, RecursionError):
            read = None  # a guard: the kinds' readers bound their work and do not raise
        if read is not None:
            return Gold(candidate, read[0], read[1])
    what = f"a {kind} answer" if kind else "any known answer kind"
    raise GoldError(f"gold {answer[:80]!r} is not {what}")
