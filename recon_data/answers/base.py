"""What every answer kind provides (`AnswerKind`), and the text tidying all kinds share."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from recon_data.answers import cues
from recon_data.answers.unicode import QUOTES, fold_punctuation, normalize_unicode

Match = Literal["correct", "partial", "wrong", "unparsed"]

_PAIRS = {'"': '"', "'": "'", "`": "'", "(": ")", "[": "]", "{": "}", "*": "*"}


def trim_end(text: str, chars: str = ".") -> str:
    """Drop trailing whitespace and `chars`, scanning from the end (never quadratic)."""
    end = len(text)
    while end and (text[end - 1] in chars or text[end - 1].isspace()):
        end -= 1
    return text[:end]


def strip_wrappers(text: str, brackets: str = "\"'`{*", trailing: str = ".!") -> str:
    """Remove matched outer quotes/braces (and `brackets` in general) around the whole text.

    Only a pair that encloses everything is removed (`(a) or (b)` keeps its brackets), and
    trailing `trailing` characters go too (`"Yes"!`, `Yes!`).
    """
    plain_end = text and text[-1] not in trailing and not text[-1].isspace()
    if plain_end and text[0] not in brackets and (text.isascii() or text[0] not in QUOTES):
        return text.strip()  # the common case: nothing to remove
    text = fold_punctuation(text)
    for _ in range(4):  # `"{Yes}"`: a few layers at most, never a loop on hostile input
        text = trim_end(text.strip(), trailing)
        if len(text) < 2 or text[0] not in brackets or _PAIRS.get(text[0]) != text[-1]:
            return text
        if not _encloses(text):
            return text
        text = text[1:-1]
    return text.strip()


def _encloses(text: str) -> bool:
    """True when the opening character's pair closes only at the very end."""
    open_, close = text[0], text[-1]
    if open_ == close:
        return text.count(open_) == 2
    depth = 0
    for i, ch in enumerate(text):
        if ch == open_:
            depth += 1
        elif ch == close:
            depth -= 1
            if depth == 0 and i != len(text) - 1:
                return False
    return depth == 0


def tidy(text: str) -> str:
    """Normalise Unicode and trim whitespace and trailing periods (golds and predictions)."""
    return trim_end(normalize_unicode(text)).strip()


# `(?<!\s)`: a match starts only at the first space of a run, so a long run of spaces is
# scanned once, not once per position (which is quadratic).
_ALTERNATIVES = re.compile(r"(?<!\s)(?:\s+or\s+|\s*/\s*|\s+and/or\s+)", re.IGNORECASE)
# `X, possibly Y` and `X (or Y)` list a second answer too.
_SOFT = re.compile(
    r"[,;(]\s?(?:or\s)?(?:possibly|perhaps|maybe|probably)(?![\w])|\(\s?or(?![\w])",
    re.IGNORECASE,
)


def alternatives(content: str, pattern: re.Pattern[str] = _ALTERNATIVES) -> list[str]:
    """Split a content at `or` and `/` (and `, possibly`, `(or`): the ways of listing answers.

    Each part comes back trimmed of spaces, of a bracket it does not close (`Yes (or No)`
    gives `Yes` and `No`) and of a softening word in front (`maybe`).
    """
    parts = pattern.split(_SOFT.sub(" or ", content))
    return [part for part in map(_trim_part, parts) if part]


def _trim_part(part: str) -> str:
    part = part.strip(" ,;")
    words = part.split(None, 1)
    while len(words) == 2 and words[0].casefold() in cues.HEDGE_ADVERBS:
        part = words[1]
        words = part.split(None, 1)
    for open_, close in (("(", ")"), ("[", "]")):
        if part.startswith(open_) and part.count(open_) > part.count(close):
            part = part[1:]
        if part.endswith(close) and part.count(close) > part.count(open_):
            part = part[:-1]
    return part.strip()


@dataclass(frozen=True, slots=True)
class Reading:
    """One answer read against a gold: how it compares, what it said, what it names.

    `identity` is what the answer names (compared across boxes to detect hedging), None
    when it did not parse; `hedge` is True when the answer itself names several answers,
    `negated` when it denies or retracts the answer it names (`not Option 1`).
    """

    status: Match
    prediction: str | None
    identity: Any
    names_gold_number: bool = False
    reason: str = ""
    hedge: bool = False
    negated: bool = False


UNPARSED = Reading("unparsed", None, None)
Grader = Callable[[str, bool], Reading]
# What a kind reads from unboxed text: (answer, the text matched, a problem or None), where
# the problem is `hedged` or `negated`.
Fallback = tuple[str, str, str | None]


@dataclass(frozen=True)
class AnswerKind:
    """One answer kind: its grammars, canonical form, comparison and rendering.

    - `check(answer, options)`: None, or (field, message) when a stored gold is not in the
      kind's canonical form (the schema's rule).
    - `canonicalize(raw, options)`: the canonical gold for a raw gold (the build), or
      ValueError.
    - `read_gold(text)`: (canonical text, comparable value) for a gold in the lenient
      grammar the verifiers accept, or None.
    - `grader(value, options)`: a function that reads one cleaned answer (strictly, or
      leniently for boxes after the first) and compares it with the gold value.
    - `combine(a, b)`: the common identity of two readings, None when they contradict.
    - `render(value)`: the text a model should put in its box for this gold.
    - `fallback(section)`: (answer, matched text, problem) read from unboxed text, if the
      kind has one (see `Fallback`).
    - `json_rule`: JSON Schema properties the canonical gold satisfies (or None).
    """

    name: str
    check: Callable[[str, Sequence[str]], tuple[str, str] | None]
    canonicalize: Callable[[str, Sequence[str]], str]
    read_gold: Callable[[str], tuple[str, Any] | None]
    grader: Callable[[Any, tuple[str, ...] | None], Grader]
    combine: Callable[[Any, Any], Any]
    render: Callable[[Any], str]
    fallback: Callable[[str], Fallback | None] | None = None
    json_rule: dict[str, Any] | None = None
    has_options: bool = False


def combine_equal(a: Any, b: Any) -> Any:
    """`combine` for kinds whose identities are plain values: equal, or a contradiction."""
    return a if a == b else None


def simple_grader(
    gold: Any,
    read: Callable[[str], Any],
    show: Callable[[Any], str],
    why: str,
    lenient: Callable[[str], Any] | None = None,
    hedged: Callable[[str], bool] | None = None,
    answer_words: frozenset[str] = frozenset(),
) -> Grader:
    """A grader for kinds whose answers are a single value equal or not to the gold's.

    A content the kind's grammar reads is graded; one that lists several answers is a hedge;
    one that reads only once its negating words go (`not Yes`, `B, A, D, C (wrong)`) is
    negated. `answer_words` are words the kind's answers use that would otherwise look like
    negations (`no`).
    """

    def grade(content: str, relaxed: bool) -> Reading:
        content = strip_lead_in(content)
        if hedged is not None and hedged(content):
            return Reading("wrong", content, None, reason="names several answers", hedge=True)
        value = read(content)
        if value is None and negated(content, read, answer_words):
            cue = cues.negation(content, answer_words)
            return Reading("wrong", content, None, reason=f"negated ({cue!r})", negated=True)
        if value is None and relaxed and lenient is not None:
            value = lenient(content)
        if value is None:
            return Reading("unparsed", None, None, reason=why)
        return Reading("correct" if value == gold else "wrong", show(value), value)

    return grade


# `The answer is ...`, `Final answer: ...` written inside the box itself.
_LEAD_IN = re.compile(
    r"(?:(?:so|thus|therefore|hence),?\s)?(?:(?:the|my|our)\s)?(?:final\s|correct\s)?"
    r"answer\s?(?:is|:|=|would\sbe)\s?",
    re.IGNORECASE,
)


def strip_lead_in(content: str) -> str:
    """`content` without a leading `The answer is` / `Final answer:` (the box says it already)."""
    m = _LEAD_IN.match(content)
    return content[m.end() :].lstrip() if m and m.end() < len(content) else content


def several(content: str, read: Callable[[str], Any]) -> bool:
    """True when `content` lists two or more different answers that each parse."""
    parts = alternatives(content)
    if len(parts) < 2:
        return False
    values = {read(part) for part in parts}
    values.discard(None)
    return len(values) >= 2


def negated(content: str, read: Callable[[str], Any], allow: frozenset[str] = frozenset()) -> bool:
    """True when `content` has a negating word and reads as an answer once those words go."""
    if cues.negation(content, allow) is None:
        return False
    rest = cues.without_negations(content, allow)
    return any(read(part) is not None for part in (_trim_part(rest), *alternatives(rest)))
