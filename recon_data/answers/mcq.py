"""The `mcq` kind: golds `Option N: text`; answers by number, by text, or both.

Grading reads an answer into a number and/or an option text and compares each with the
gold's; see docs/verifiers.md for the table of outcomes. `McqContext` holds what one
problem's options make known, so the per-answer work is a few dictionary lookups.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from types import MappingProxyType
from typing import Any

from recon_data.answers import cues, mcq_read
from recon_data.answers.base import (
    UNPARSED,
    AnswerKind,
    Fallback,
    Grader,
    Reading,
    fold_punctuation,
    normalize_unicode,
    strip_wrappers,
    trim_end,
)

# Option numbers have at most 6 digits everywhere: `int()` of a longer run could raise.
MCQ_GOLD = re.compile(r"Option\s+(\d{1,6})\s*:\s*(.+)", re.DOTALL)
_NUMBER_ONLY_GOLD = re.compile(r"Option\s+(\d{1,6})\s*", re.IGNORECASE)

# The canonical form, read without the general search when its text is an option's.
_CANONICAL = re.compile(r"[Oo]ption (\d{1,6}): (\S.*)", re.DOTALL)
# A number alone: `2`, `(2)` or `2)` (a trailing period is already trimmed).
_BARE_NUMBER = re.compile(r"\(\s*(\d{1,6})\s*\)|(\d{1,6})\s*\)?")
# The unboxed fallback: `Option N` (one or more spaces) as a whole word, any case.
_FALLBACK = re.compile(r"(?<![^\W\d_])option\s+(\d{1,6})(?!\d)", re.IGNORECASE)
_UNUSUAL = ("\uff4f", "\uff2f", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")
# The literal first, then the word test as a look-behind: the search skips to each `option`.
_LOWER_OPTION = re.compile(r"option(?<![^\W\d_]option)\s+(\d{1,6})(?!\d)")
# Only so many unboxed mentions are looked at closely (the words next to each).
_MAX_CHECKED = 16

_OPTIONS_HEADER = re.compile(r"^[ \t]*Options[ \t]*:[ \t]*$", re.MULTILINE)
_OPTION_LINE = re.compile(r"^[ \t]*Option[ \t]+(\d{1,3})[ \t]*:(.*)$", re.MULTILINE)


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


def text_key(text: str) -> str:
    """Comparison key for option texts: Unicode/quotes/dashes folded, casefolded, no `$`.

    Whitespace is collapsed and surrounding quotes and final periods dropped. `$` goes
    because a model may write `$86230.04`, `\\$86230.04` or `86230.04` for the same option;
    no two options in the release differ only by a dollar sign.
    """
    folded = fold_punctuation(normalize_unicode(text))
    folded = " ".join(folded.replace("$", "").casefold().split())
    if folded[:1] in ("'", '"', "`"):
        folded = strip_wrappers(folded, "\"'`", trailing="")
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


@dataclass(frozen=True, slots=True)
class McqContext:
    """What grading one mcq gold needs: its number and text key, and the known texts."""

    gold_number: int
    gold_key: str | None
    known: Mapping[str, tuple[int, ...]]
    option_count: int | None
    display: Mapping[str, str]  # text key -> the option's text as written


@lru_cache(maxsize=4096)
def mcq_context(options: tuple[str, ...] | None, number: int, text: str | None) -> McqContext:
    """Build (and cache) the grading context of a gold against its options, if known."""
    known = dict(option_index(options)) if options else {}
    display = {text_key(o): _shown(o) for o in reversed(options or ())}
    if text is None and options and 1 <= number <= len(options):
        text = options[number - 1]
    gold_key = text_key(text) if text is not None else None
    # The gold's own text counts as known even when it differs from the prompt's option
    # (the release has golds and option texts that differ by a trailing period).
    if gold_key is not None and text is not None:
        known[gold_key] = tuple(sorted({*known.get(gold_key, ()), number}))
        display.setdefault(gold_key, _shown(text))
    count = len(options) if options else None
    return McqContext(number, gold_key, MappingProxyType(known), count, MappingProxyType(display))


def _shown(text: str) -> str:
    """An option's text as a prediction shows it: single spaces, no trailing period."""
    return trim_end(" ".join(text.split()))


def read_mcq(content: str, ctx: McqContext, lenient: bool = False) -> Reading:
    """Read one cleaned answer against an mcq gold (`lenient` for boxes after the first)."""
    if text_key(content) not in ctx.known:
        # `(Option 2)`, `"Option 2: text"`, `{2}`; an option text may itself be bracketed.
        # Option texts may end in `!`: only the wrappers go, never a character of a text.
        content = strip_wrappers(content, "\"'`{*([", trailing="")
    key = text_key(content)
    if key in ctx.known:
        # Exactly an option's text, whatever words it holds (`Firm B does not exit`).
        return _text_reading(key, ctx)
    m = _BARE_NUMBER.fullmatch(content)
    if m is not None:
        return _number_reading(int(m.group(1) or m.group(2)), None, "", ctx)
    m = _CANONICAL.fullmatch(content)
    if m is not None and (key := text_key(m.group(2))) in ctx.known:
        # `Option N: <an option's text>`, the usual answer: what the general reading gives.
        return _number_reading(int(m.group(1)), key, "", ctx)
    answer = mcq_read.read_answer(mcq_read.norm(content), ctx.known, lenient)
    shown = " ".join(content.split())
    if answer is None:
        return _unknown_text(shown, ctx)
    if answer.negated is not None:
        why = f"negated ({answer.negated!r} next to the answer)"
        return Reading("wrong", shown, None, reason=why, negated=True)
    if answer.hedged:
        return Reading("wrong", shown, None, reason="names several options", hedge=True)
    if answer.number is None:
        assert answer.key is not None  # a reference is a number or a known text
        return _text_reading(answer.key, ctx)
    # Words after `Option N: <text>` make that text no option's (`... and then they cooperate`).
    text_key_ = answer.key if not answer.words else None
    return _number_reading(answer.number, text_key_, answer.words, ctx)


def _number_reading(number: int, key: str | None, words: str, ctx: McqContext) -> Reading:
    """Grade an option number with the text key it came with (or its own unknown words)."""
    text = ctx.display.get(key, key) if key is not None else (words or None)
    shown = f"Option {number}" if text is None else f"Option {number}: {text}"
    gold_named = number == ctx.gold_number
    # A number with a known text names the options carrying both; none when they disagree,
    # so a later box `Option 2: <another option's text>` contradicts `Option 2: <gold>`.
    identity = frozenset((number,))
    if key is not None:
        identity = identity & frozenset(ctx.known[key])
    if not gold_named:
        out_of_range = ctx.option_count is not None and not 1 <= number <= ctx.option_count
        why = (
            f"option {number} does not exist"
            if out_of_range
            else f"option {number} is not the gold"
        )
        return Reading("wrong", shown, identity, False, why)
    if ctx.gold_key is None:
        return Reading("correct", shown, identity, True)
    if text is None:
        return Reading("partial", shown, identity, True, "the gold number without its text")
    if key == ctx.gold_key:
        return Reading("correct", shown, identity, True)
    if key is not None:
        return Reading("wrong", shown, identity, True, "the gold number with another option's text")
    return Reading(
        "partial", shown, identity, True, "the gold number with text that is no option's"
    )


def _text_reading(key: str, ctx: McqContext) -> Reading:
    numbers = ctx.known[key]
    shown = ctx.display.get(key, key)
    if ctx.gold_number in numbers:
        return Reading(
            "partial", shown, frozenset(numbers), reason="the gold text without its number"
        )
    return Reading("wrong", shown, frozenset(numbers), reason="another option's text")


def _unknown_text(shown: str, ctx: McqContext) -> Reading:
    if ctx.option_count is not None:
        return Reading("unparsed", None, None, reason="text that is no option's text")
    # Without the option list the text cannot be told apart from another option's.
    return Reading(
        "wrong", shown, frozenset((text_key(shown),)), reason="text that is not the gold's"
    )


def _read_gold(text: str) -> tuple[str, Any] | None:
    text = normalize_unicode(text).strip()
    parsed = parse_mcq_gold(text)
    if parsed is not None:
        number, option_text = parsed
        return format_mcq(number, option_text), (number, option_text)
    m = _NUMBER_ONLY_GOLD.fullmatch(text)
    if m is None:
        return None
    number = int(m.group(1))
    return f"Option {number}", (number, None)


def _grader(gold: Any, options: tuple[str, ...] | None) -> Grader:
    number, text = gold
    ctx = mcq_context(options, number, text)
    return lambda content, lenient: read_mcq(content, ctx, lenient) if content else UNPARSED


def _combine(a: Any, b: Any) -> Any:
    # Each identity is the set of options an answer can mean; they must share one.
    common = a & b
    return common or None


def fallback(section: str) -> Fallback | None:
    """The unboxed `Option N` mentions (whole words, any case) of an answer section.

    Returns (`Option N` of the first mention, the text matched, a problem): `hedged` when
    the mentions name different numbers, `negated` when one of the first few is denied
    (`not Option 1`, `Option 1 is wrong`); None when there is no mention.
    """
    # NFKC over a megabyte of prose costs time; it can only matter when a full-width `o`
    # or an invisible character is there, which plain substring tests find quickly.
    if not section.isascii() and any(c in section for c in _UNUSUAL):
        section = normalize_unicode(section)
    lowered = section.lower()
    # A case-sensitive search of the lowered text (its literal prefix is found fast); an
    # IGNORECASE search only where lowering changes the length (a few non-ASCII letters).
    pattern = _LOWER_OPTION
    if len(lowered) != len(section):
        lowered, pattern = section, _FALLBACK
    numbers = set(pattern.findall(lowered))  # every mention, at C speed
    if not numbers:
        return None
    found = [
        (m.start(), m.end(), int(m.group(1)))
        for m in islice(pattern.finditer(lowered), _MAX_CHECKED)
    ]
    start, end, number = found[0]
    problem = None
    if len({int(n) for n in numbers}) > 1:
        problem = "hedged"
    elif any(cues.denied_near(lowered, a, b) for a, b, _ in found):
        problem = "negated"
    return f"Option {number}", section[start:end], problem


def _render(gold: Any) -> str:
    number, text = gold
    return f"Option {number}" if text is None else format_mcq(number, text)


def _check(answer: str, options: Sequence[str]) -> tuple[str, str] | None:
    if len(options) < 2:
        return "options", "an mcq problem needs at least 2 options"
    if any(not o.strip() for o in options):
        return "options", "option texts must not be empty"
    parsed = parse_mcq_gold(answer)
    if parsed is None:
        return "answer", f"mcq gold must read 'Option N: text', got {answer[:60]!r}"
    number, text = parsed
    if not 1 <= number <= len(options):
        return "answer", f"option {number} does not exist ({len(options)} options)"
    if options[number - 1] != text:
        return "answer", f"gold text is not the text of option {number}"
    return None


def _canonicalize(raw: str, options: Sequence[str]) -> str:
    text = raw.strip()
    parsed = parse_mcq_gold(text)
    if parsed is None:
        raise ValueError(f"gold is not 'Option N: text': {text[:60]!r}")
    number, gold_text = parsed
    if not 1 <= number <= len(options):
        raise ValueError(f"gold names option {number} of {len(options)}")
    if _loose(options[number - 1]) != _loose(gold_text):
        raise ValueError(f"gold text differs from the text of option {number}")
    return format_mcq(number, options[number - 1])


def _loose(text: str) -> str:
    # Release golds and option texts may differ by a trailing period or spacing only.
    return " ".join(text.split()).rstrip(".").casefold()


KIND = AnswerKind(
    name="mcq",
    check=_check,
    canonicalize=_canonicalize,
    read_gold=_read_gold,
    grader=_grader,
    combine=_combine,
    render=_render,
    fallback=fallback,
    json_rule={"options": {"minItems": 2}, "answer": {"pattern": r"^Option \d+: \S"}},
    has_options=True,
)
