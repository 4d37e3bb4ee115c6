"""Gold-answer grammars per answer kind: parsing and canonical forms shared by all layers."""

from __future__ import annotations

import json
import re
from fractions import Fraction

MCQ_GOLD = re.compile(r"Option\s+(\d+)\s*:\s*(.+)", re.DOTALL)
_ORDERING = re.compile(r"[A-Za-z](?:\s*,\s*[A-Za-z])+")
_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?(?:/[-+]?\d+)?")


def parse_mcq_gold(answer: str) -> tuple[int, str] | None:
    """Split `Option N: text` into (N, text), or None when it is not in that form."""
    # Strip first: a trailing-whitespace group in the pattern would backtrack quadratically.
    m = MCQ_GOLD.fullmatch(answer.strip())
    if m is None:
        return None
    return int(m.group(1)), m.group(2)


def format_mcq(number: int, text: str) -> str:
    """Return the canonical `Option N: text` form."""
    return f"Option {number}: {text}"


def parse_ordering(answer: str) -> list[str] | None:
    """Return the letters of a comma-separated ordering (upper-cased), or None."""
    if _ORDERING.fullmatch(answer.strip()) is None:
        return None
    return [part.strip().upper() for part in answer.split(",")]


def is_letter_permutation(letters: list[str]) -> bool:
    """True when the letters are distinct and exactly A, B, ... up to their count."""
    expected = {chr(ord("A") + i) for i in range(len(letters))}
    return len(letters) >= 2 and len(set(letters)) == len(letters) and set(letters) == expected


def format_ordering(letters: list[str]) -> str:
    """Return the canonical `B, A, D, C` form."""
    return ", ".join(letters)


_PAIR = re.compile(r"\[\s*(-?\d+)\s*,\s*(-?\d+)\s*\]")
_PAIR_LIST = re.compile(
    r"\[\s*(?:\[\s*-?\d+\s*,\s*-?\d+\s*\]\s*(?:,\s*\[\s*-?\d+\s*,\s*-?\d+\s*\]\s*)*)?\]"
)


def parse_profile_set(answer: str) -> list[tuple[int, int]] | None:
    """Parse a JSON-style list of integer pairs such as `[[0, 1], [2, 2]]` or `[]`."""
    if _PAIR_LIST.fullmatch(answer.strip()):
        # Fast path for the common shape; validation streams millions of these.
        return [(int(a), int(b)) for a, b in _PAIR.findall(answer)]
    try:
        value = json.loads(answer)
    except ValueError:
        return None
    if not isinstance(value, list):
        return None
    pairs = []
    for item in value:
        if (
            not isinstance(item, list)
            or len(item) != 2
            or not all(isinstance(x, int) and not isinstance(x, bool) for x in item)
        ):
            return None
        pairs.append((item[0], item[1]))
    return pairs


def format_profile_set(pairs: list[tuple[int, int]]) -> str:
    """Return the canonical form: sorted, without repeats, `[[i, j], [k, l]]`."""
    unique = sorted(set(pairs))
    return "[" + ", ".join(f"[{i}, {j}]" for i, j in unique) + "]"


def parse_numeric(answer: str) -> Fraction | None:
    """Parse a plain number gold (`12`, `-0.5`, `3/4`, `1e-3`) into an exact Fraction."""
    text = answer.strip().replace(",", "")
    if _NUMBER.fullmatch(text) is None:
        return None
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        return None
