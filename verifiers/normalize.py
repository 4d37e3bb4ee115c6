"""Normalising predictions per answer kind: option texts, yes/no, orderings, profile sets.

Each `read_*` function takes a cleaned box content (see `extract.clean_box`) and returns
the kind's canonical value, or None when the text is not in the kind's grammar.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

# `Option N` or `Option (N)` at the start of an answer, and the same number without `Option`.
_OPTION_LEAD = re.compile(r"option\s*(?:\(\s*(\d{1,6})\s*\)|(\d{1,6}))", re.IGNORECASE)
_NUMBER_LEAD = re.compile(r"\(\s*(\d{1,6})\s*\)|(\d{1,6})")
# A number alone: `2`, `(2)` or `2)` (a trailing period is already trimmed by clean_box).
_BARE_NUMBER = re.compile(r"\(\s*(\d{1,6})\s*\)|(\d{1,6})\s*\)?")
# What models put between an option's number and its text.
_SEPARATORS = frozenset(":-–—).,;")

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
    content: str, known_texts: Mapping[str, tuple[int, ...]]
) -> tuple[int | None, str | None] | None:
    """Split an mcq answer into (number, text); either may be None; None when neither is there.

    `known_texts` maps text keys to option numbers. `Option N` (or `Option (N)`) always
    gives the number N, whatever follows. Without `Option`, a bare number is a number; a
    content that is exactly a known text is text alone; `N: text` splits on any text; and
    `N. text`, `N) text`, `(N) text`, `N - text` and the like split only when the text is
    known, so an option text such as `0.90` or `175 dollars` is never cut into a number.
    """
    m = _OPTION_LEAD.match(content)
    if m is not None:
        number = int(m.group(1) or m.group(2))
        rest = content[m.end() :]
        return number, _option_text(rest, known_texts) or _strip_separator(rest) or None
    m = _BARE_NUMBER.fullmatch(content)
    if m is not None:
        return int(m.group(1) or m.group(2)), None
    if text_key(content) in known_texts:
        return None, content
    m = _NUMBER_LEAD.match(content)
    if m is not None:
        rest = content[m.end() :]
        # After a number, only a separator, a space or a bracket starts a text: `2nd` or
        # `12x` are not option 2 or 12.
        if not rest or rest[0] in _SEPARATORS or rest[0].isspace() or rest[0] == "(":
            number = int(m.group(1) or m.group(2))
            text = _option_text(rest, known_texts)
            if text is not None:
                return number, text
            if rest.lstrip().startswith(":"):
                # `N: text` is the documented short form and splits whatever the text is.
                return number, _strip_separator(rest) or None
    return (None, content) if content else None


def _option_text(rest: str, known_texts: Mapping[str, tuple[int, ...]]) -> str | None:
    """Return the option text that `rest` (what follows a number) names, if it is known."""
    stripped = _strip_separator(rest)
    for candidate in (rest.strip(), stripped, _unwrap_parens(stripped)):
        if candidate and text_key(candidate) in known_texts:
            return candidate
    return None


def _strip_separator(rest: str) -> str:
    """Drop one leading separator (`:`, `-`, `)`, `.`, `,` ...) and the spaces around it."""
    text = rest.lstrip()
    if text and text[0] in _SEPARATORS:
        # `.5` or `,000` after a number is a decimal or thousands part, not a separator.
        if text[0] in ".," and text[1:2].isdigit():
            return text.rstrip()
        text = text[1:]
    return text.strip()


def _unwrap_parens(text: str) -> str:
    """Return the inside of `(text)` or `[text]`, else the text unchanged."""
    if len(text) >= 2 and (text[0], text[-1]) in (("(", ")"), ("[", "]")):
        return text[1:-1].strip()
    return text


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
