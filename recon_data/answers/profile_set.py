"""The `profile_set` kind: golds `[[0, 1], [2, 2]]`, a set of strategy-profile pairs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from recon_data.answers.base import (
    AnswerKind,
    Grader,
    combine_equal,
    several,
    simple_grader,
    strip_wrappers,
    tidy,
)

# Digit runs are bounded (as everywhere) so `int()` never meets Python's 4,300-digit limit.
_PAIR = re.compile(r"\[\s*(-?\d{1,18})\s*,\s*(-?\d{1,18})\s*\]")
_PAIR_LIST = re.compile(
    r"\[\s*(?:\[\s*-?\d{1,18}\s*,\s*-?\d{1,18}\s*\]\s*"
    r"(?:,\s*\[\s*-?\d{1,18}\s*,\s*-?\d{1,18}\s*\]\s*)*)?\]"
)

_EMPTY_SET = re.compile(r"\\emptyset|\\varnothing|∅")
_AND = re.compile(r"(?<=[\])}])\s*(?:and|&|\\cup|∪)\s*(?=[\[({])", re.IGNORECASE)
_INT = r"[-+]?\d{1,9}"
_PAIR_C = rf"\[{_INT},{_INT}\]"
_PAIR_RUN = rf"{_PAIR_C}(?:[,;]?{_PAIR_C})*"
_PROFILE = re.compile(rf"\[(?:{_PAIR_RUN})?\]|{_PAIR_RUN}")
_PAIR_VALUES = re.compile(rf"\[({_INT}),({_INT})\]")
_PROFILE_BRACKETS = str.maketrans({"(": "[", ")": "]", "{": "[", "}": "]"})
_WHITESPACE = re.compile(r"\s+")


def parse_profile_set(answer: str) -> list[tuple[int, int]] | None:
    """Parse a JSON-style list of integer pairs such as `[[0, 1], [2, 2]]` or `[]`."""
    if _PAIR_LIST.fullmatch(answer.strip()):
        # Fast path for the common shape; validation streams millions of these.
        return [(int(a), int(b)) for a, b in _PAIR.findall(answer)]
    try:
        value = json.loads(answer)
    except (ValueError, RecursionError):  # bad JSON, a 4,300-digit integer, deep nesting
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


def format_profile_set(pairs: Iterable[tuple[int, int]]) -> str:
    """Return the canonical form: sorted, without repeats, `[[i, j], [k, l]]`."""
    unique = sorted(set(pairs))
    return "[" + ", ".join(f"[{i}, {j}]" for i, j in unique) + "]"


def read_profile_set(content: str) -> frozenset[tuple[int, int]] | None:
    """Return the pairs of `[[0, 1], [2, 2]]`, `(0, 1), (2, 2)`, `(0, 1) and (2, 2)`, `[]`."""
    content = _AND.sub(",", strip_wrappers(content))
    compact = _WHITESPACE.sub("", content)
    compact = compact.replace("\\{", "[").replace("\\}", "]")
    compact = _EMPTY_SET.sub("[]", compact).translate(_PROFILE_BRACKETS)
    if _PROFILE.fullmatch(compact) is None:
        return None
    return frozenset((int(a), int(b)) for a, b in _PAIR_VALUES.findall(compact))


def _check(answer: str, options: Sequence[str]) -> tuple[str, str] | None:
    if parse_profile_set(answer) is None:
        return "answer", f"profile_set gold must be a list of integer pairs, got {answer[:60]!r}"
    return None


def _canonicalize(raw: str, options: Sequence[str]) -> str:
    pairs = parse_profile_set(raw.strip())
    if pairs is None:
        raise ValueError(f"gold is not a list of integer pairs: {raw.strip()[:60]!r}")
    return format_profile_set(pairs)


def _read_gold(text: str) -> tuple[str, Any] | None:
    text = tidy(text)
    pairs = parse_profile_set(text)
    found = frozenset(pairs) if pairs is not None else read_profile_set(text)
    if found is None:
        return None
    return format_profile_set(found), found


def _grader(gold: Any, options: tuple[str, ...] | None) -> Grader:
    return simple_grader(
        gold,
        read_profile_set,
        format_profile_set,
        "not a list of integer pairs",
        hedged=lambda content: several(content, read_profile_set),
    )


KIND = AnswerKind(
    name="profile_set",
    check=_check,
    canonicalize=_canonicalize,
    read_gold=_read_gold,
    grader=_grader,
    combine=combine_equal,
    render=format_profile_set,
    json_rule={
        "answer": {
            "pattern": r"^\[\s*(\[\s*-?\d+\s*,\s*-?\d+\s*\]\s*(,\s*\[\s*-?\d+\s*,\s*-?\d+\s*\]\s*)*)?\]$"
        }
    },
)
