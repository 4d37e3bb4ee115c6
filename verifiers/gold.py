"""Gold answers: inferring the answer kind and parsing the gold into a comparable value."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from recon_data import answers
from recon_data.verifiers import normalize, numeric

KINDS: tuple[str, ...] = ("mcq", "yes_no", "ordering", "profile_set", "numeric")

_MCQ_NUMBER_ONLY = re.compile(r"Option\s+(\d{1,6})\s*", re.IGNORECASE)


class GoldError(ValueError):
    """The gold answer is not in the grammar of its kind (a data error, not a model error)."""


@dataclass(frozen=True)
class Gold:
    """A parsed gold answer: its kind, canonical text and kind-specific value."""

    kind: str
    canonical: str
    # mcq: (number, text or None); yes_no: "Yes"/"No"; ordering: tuple of letters;
    # profile_set: frozenset of pairs; numeric: Fraction.
    value: object


def infer_kind(answer: str) -> str | None:
    """Guess the answer kind from a gold answer's shape, or None when no kind fits."""
    try:
        return parse_gold(answer).kind
    except GoldError:
        return None


@lru_cache(maxsize=8192)
def parse_gold(answer: str, kind: str | None = None) -> Gold:
    """Parse a gold answer (kind inferred when None); raise GoldError when it does not parse."""
    if kind is not None and kind not in KINDS:
        raise GoldError(f"unknown answer kind {kind!r}; expected one of {', '.join(KINDS)}")
    kinds = (kind,) if kind is not None else KINDS
    for candidate in kinds:
        gold = _parse(answer, candidate)
        if gold is not None:
            return gold
    what = f"a {kind} answer" if kind else "any known answer kind"
    raise GoldError(f"gold {answer[:80]!r} is not {what}")


def _parse(answer: str, kind: str) -> Gold | None:
    text = answer.strip()
    if kind == "mcq":
        return _parse_mcq(text)
    if kind == "yes_no":
        value = normalize.read_yes_no(text)
        return Gold(kind, value, value) if value else None
    if kind == "ordering":
        letters = answers.parse_ordering(text) or normalize.read_ordering(text)
        if not letters or len(letters) < 2:
            return None
        return Gold(kind, answers.format_ordering(list(letters)), tuple(letters))
    if kind == "profile_set":
        pairs = answers.parse_profile_set(text)
        found = frozenset(pairs) if pairs is not None else normalize.read_profile_set(text)
        if found is None:
            return None
        return Gold(kind, answers.format_profile_set(list(found)), found)
    if kind == "numeric":
        exact = answers.parse_numeric(text)
        value = exact if exact is not None else numeric.read_numeric(text)
        if value is None:
            return None
        return Gold(kind, numeric.format_number(Fraction(value)), Fraction(value))
    return None


def _parse_mcq(text: str) -> Gold | None:
    parsed = answers.parse_mcq_gold(text)
    if parsed is not None:
        number, option_text = parsed
        return Gold("mcq", answers.format_mcq(number, option_text), (number, option_text))
    m = _MCQ_NUMBER_ONLY.fullmatch(text)
    if m is None:
        return None
    number = int(m.group(1))
    return Gold("mcq", f"Option {number}", (number, None))
