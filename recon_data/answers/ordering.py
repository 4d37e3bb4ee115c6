"""The `ordering` kind: golds `B, A, D, C`; answers with any separator, arrows or brackets."""

from __future__ import annotations

import re
from collections.abc import Sequence
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

_ORDERING = re.compile(r"[A-Za-z](?:\s*,\s*[A-Za-z])+")
_ARROW_COMMANDS = re.compile(
    r"\\(?:to|rightarrow|longrightarrow|Rightarrow|Longrightarrow|implies|mapsto|longmapsto"
    r"|rightsquigarrow|leadsto|Rrightarrow|rightarrowtail|twoheadrightarrow|gg)(?![A-Za-z])"
)
# Rightward arrows (never a leftward one: `C <- A` would reverse the order) and the other
# signs people put between events; dashes separate too (`B - A - D - C`). Multi-character
# arrows are listed first so each is one separator.
_ARROWS = "\u2192\u21d2\u21e8\u21fe\u21a6\u21a0\u21dd\u21e2\u21db\u27f6\u27f9\u27fc\u27fe\u27f4\u2794\u2799\u279b\u279c\u279d\u279e\u279f\u27a0\u27a1\u2b62\u2b95\u226b"
_SEPARATORS = re.compile(r"-{1,3}>|={1,3}>|>>|[" + _ARROWS + r">,;\-\u2013\u2014]")
# One letter in brackets (`(C), (A), (D), (B)`, `[C]`): the brackets go.
_BRACKETED_LETTER = re.compile(r"[(\[]\s?([A-Za-z])\s?[)\]]")
_LETTER = re.compile(r"[A-Za-z]")
_FILLERS = frozenset(("and", "then"))
_RUN = re.compile(r"[A-Z]{2,26}")


def parse_ordering(answer: str) -> list[str] | None:
    """Return the letters of a comma-separated ordering (upper-cased), or None."""
    if _ORDERING.fullmatch(answer.strip()) is None:
        return None
    return [part.strip().upper() for part in answer.split(",")]


def is_letter_permutation(letters: list[str]) -> bool:
    """True when the letters are distinct and exactly A, B, ... up to their count."""
    expected = {chr(ord("A") + i) for i in range(len(letters))}
    return len(letters) >= 2 and len(set(letters)) == len(letters) and set(letters) == expected


def format_ordering(letters: Sequence[str]) -> str:
    """Return the canonical `B, A, D, C` form."""
    return ", ".join(letters)


def read_ordering(content: str) -> tuple[str, ...] | None:
    """Return the upper-cased letters of `B, A, D, C`, `B -> A`, `C ⟹ A`, `(C), (A)`, `BADC`."""
    inner = _BRACKETED_LETTER.sub(r" \1 ", strip_wrappers(content, "\"'`{*(["))
    spaced = _SEPARATORS.sub(" ", _ARROW_COMMANDS.sub(" ", inner))
    tokens = [t for t in spaced.split() if t.casefold() not in _FILLERS]
    if len(tokens) == 1 and _RUN.fullmatch(tokens[0]) and len(set(tokens[0])) == len(tokens[0]):
        # Capitals run together (`BADC`): one letter per event; a word is not an ordering.
        return tuple(tokens[0])
    # One letter is no ordering of events (`N/A` is not two orderings `N` and `A`).
    if len(tokens) < 2 or not all(len(t) == 1 and _LETTER.match(t) for t in tokens):
        return None
    return tuple(t.upper() for t in tokens)


def _check(answer: str, options: Sequence[str]) -> tuple[str, str] | None:
    letters = parse_ordering(answer)
    if letters is None or not is_letter_permutation(letters):
        return (
            "answer",
            f"ordering gold must be a permutation of distinct letters, got {answer[:60]!r}",
        )
    return None


def _canonicalize(raw: str, options: Sequence[str]) -> str:
    letters = parse_ordering(tidy(raw))
    if letters is None or not is_letter_permutation(letters):
        raise ValueError(f"gold is not a letter permutation: {raw.strip()[:60]!r}")
    return format_ordering(letters)


def _read_gold(text: str) -> tuple[str, Any] | None:
    text = tidy(text)
    letters = parse_ordering(text) or read_ordering(text)
    if not letters or len(letters) < 2:
        return None
    return format_ordering(letters), tuple(letters)


def _grader(gold: Any, options: tuple[str, ...] | None) -> Grader:
    return simple_grader(
        gold,
        read_ordering,
        format_ordering,
        "not a letter ordering",
        hedged=lambda content: several(content, read_ordering),
    )


KIND = AnswerKind(
    name="ordering",
    check=_check,
    canonicalize=_canonicalize,
    read_gold=_read_gold,
    grader=_grader,
    combine=combine_equal,
    render=format_ordering,
    json_rule={"answer": {"pattern": r"^[A-Za-z](\s*,\s*[A-Za-z])+\s*$"}},
)
