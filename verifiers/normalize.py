"""Normalising predictions per answer kind: option texts, yes/no, orderings, profile sets.

Each `read_*` function takes a cleaned box content (see `extract.clean_box`) and returns
the kind's canonical value, or None when the text is not in the kind's grammar.
"""

from __future__ import annotations

import re
from functools import lru_cache

_OPTION_FULL = re.compile(r"option\s*(\d{1,6})\s*(?::\s*(.*))?", re.IGNORECASE | re.DOTALL)
_NUMBER_TEXT = re.compile(r"(\d{1,6})\s*:\s*(.*\S)", re.DOTALL)
_BARE_NUMBER = re.compile(r"\d{1,6}")

_OPTIONS_HEADER = re.compile(r"^[ \t]*Options[ \t]*:[ \t]*$", re.MULTILINE)
_OPTION_LINE = re.compile(r"^[ \t]*Option[ \t]+(\d{1,3})[ \t]*:(.*)$", re.MULTILINE)

_ARROW_COMMANDS = re.compile(
    r"\\(?:to|rightarrow|longrightarrow|Rightarrow|Longrightarrow|implies)(?![A-Za-z])"
)
_ORDER_SEPARATORS = re.compile(r"->|=>|[→⟶⇒>,;]")
_LETTER = re.compile(r"[A-Za-z]")

_EMPTY_SET = re.compile(r"\\emptyset|\\varnothing|∅")
_INT = r"[-+]?\d{1,9}"
_PAIR = rf"\[{_INT},{_INT}\]"
_PAIR_RUN = rf"{_PAIR}(?:[,;]?{_PAIR})*"
_PROFILE = re.compile(rf"\[(?:{_PAIR_RUN})?\]|{_PAIR_RUN}")
_PAIR_VALUES = re.compile(rf"\[({_INT}),({_INT})\]")
_PROFILE_BRACKETS = str.maketrans({"(": "[", ")": "]", "{": "[", "}": "]"})
_WHITESPACE = re.compile(r"\s+")


def text_key(text: str) -> str:
    """Comparison key for option texts: casefolded, no `$`, spaces collapsed, no final period."""
    # `$` is dropped because a model may write `$86230.04`, `\$86230.04` or `86230.04`
    # for the same option; no two options in the release differ only by a dollar sign.
    folded = " ".join(text.replace("$", "").casefold().split())
    return folded.rstrip(". ")


@lru_cache(maxsize=4096)
def options_from_prompt(prompt: str) -> tuple[str, ...] | None:
    """Read `Option N: text` lines (after the last `Options:` header) as the option texts."""
    start = 0
    for header in _OPTIONS_HEADER.finditer(prompt):
        start = header.end()
    body = prompt[start:]
    found = [(int(m.group(1)), m.group(2).strip()) for m in _OPTION_LINE.finditer(body)]
    # Only a clean 1..k list is trusted; anything else is ambiguous, so no options.
    if len(found) < 2 or [n for n, _ in found] != list(range(1, len(found) + 1)):
        return None
    return tuple(text for _, text in found)


@lru_cache(maxsize=1024)
def option_index(options: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    """Map each option's text key to the option numbers that carry it (texts may repeat)."""
    index: dict[str, list[int]] = {}
    for number, text in enumerate(options, 1):
        index.setdefault(text_key(text), []).append(number)
    return {key: tuple(numbers) for key, numbers in index.items()}


def split_mcq(
    content: str, known_texts: dict[str, tuple[int, ...]]
) -> tuple[int | None, str | None] | None:
    """Split an mcq answer into (number, text); either may be None; None when neither is there.

    `known_texts` maps text keys to option numbers: a content that is exactly a known
    text is read as text alone even when it looks like `N: text` or a bare number.
    """
    m = _OPTION_FULL.fullmatch(content)
    if m is not None:
        text = m.group(2)
        return int(m.group(1)), (text.strip() or None) if text is not None else None
    if _BARE_NUMBER.fullmatch(content):
        return int(content), None
    if text_key(content) in known_texts:
        return None, content
    m = _NUMBER_TEXT.fullmatch(content)
    if m is not None:
        return int(m.group(1)), m.group(2).strip()
    return (None, content) if content else None


def read_yes_no(content: str) -> str | None:
    """Return `Yes` or `No` for a casefolded yes/no, else None."""
    folded = content.casefold()
    if folded == "yes":
        return "Yes"
    if folded == "no":
        return "No"
    return None


def read_ordering(content: str) -> tuple[str, ...] | None:
    """Return the upper-cased letters of an ordering like `B, A, D, C` or `B -> A -> D -> C`."""
    spaced = _ORDER_SEPARATORS.sub(" ", _ARROW_COMMANDS.sub(" ", content))
    tokens = spaced.split()
    if not tokens or not all(len(t) == 1 and _LETTER.match(t) for t in tokens):
        return None
    return tuple(t.upper() for t in tokens)


def read_profile_set(content: str) -> frozenset[tuple[int, int]] | None:
    """Return the set of integer pairs in `[[0, 1], [2, 2]]`, `(0, 1), (2, 2)`, `[0, 1]` or `[]`."""
    compact = _WHITESPACE.sub("", content)
    compact = compact.replace("\\{", "[").replace("\\}", "]")
    compact = _EMPTY_SET.sub("[]", compact).translate(_PROFILE_BRACKETS)
    if _PROFILE.fullmatch(compact) is None:
        return None
    return frozenset((int(a), int(b)) for a, b in _PAIR_VALUES.findall(compact))
