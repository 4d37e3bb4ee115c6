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
from types import MappingProxyType
from typing import Any

from recon_data.answers.base import (
    UNPARSED,
    AnswerKind,
    Grader,
    Reading,
    alternatives,
    fold_punctuation,
    normalize_unicode,
    strip_wrappers,
)

MCQ_GOLD = re.compile(r"Option\s+(\d+)\s*:\s*(.+)", re.DOTALL)
_NUMBER_ONLY_GOLD = re.compile(r"Option\s+(\d{1,6})\s*", re.IGNORECASE)

# `Option N` or `Option (N)` at the start of an answer, and the same number without `Option`.
_OPTION_LEAD = re.compile(r"option\s*(?:\(\s*(\d{1,6})\s*\)|(\d{1,6}))", re.IGNORECASE)
_NUMBER_LEAD = re.compile(r"\(\s*(\d{1,6})\s*\)|(\d{1,6})")
# A number alone: `2`, `(2)` or `2)` (a trailing period is already trimmed).
_BARE_NUMBER = re.compile(r"\(\s*(\d{1,6})\s*\)|(\d{1,6})\s*\)?")
# What models put between an option's number and its text.
_SEPARATORS = frozenset(":-–—).,;")
# `text (Option 2)`: the option named after its text.
_TRAILING_OPTION = re.compile(r"[(\[]\s*option\s*(\d{1,6})\s*[)\]]", re.IGNORECASE)
# `Option N` as a whole word anywhere (`adoption 2` is not option 2), with the numbers
# listed after it (`Option 2/3`, `Options 2 and 3`, `Option 1, Option 2`).
_MENTION = re.compile(r"(?<![^\W\d_])options?\s*\(?\s*(\d{1,6})(?!\d)", re.IGNORECASE)
_MORE = re.compile(
    r"\)?\s*(?:/|,|&|\bor\b|\band\b)\s*(?:options?\s*)?\(?\s*(\d{1,6})(?!\d|[/.,]\d)",
    re.IGNORECASE,
)
# The unboxed fallback: `Option N` (one or more spaces) as a whole word, any case.
_FALLBACK = re.compile(r"(?<![^\W\d_])option\s+(\d{1,6})(?!\d)", re.IGNORECASE)
_UNUSUAL = ("\uff4f", "\uff2f", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")
_LOWER_OPTION = re.compile(r"option\s+(\d{1,6})(?!\d)")
_WORDS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]
_NUMBER_WORD = re.compile(r"(?:option\s+)?(" + "|".join(_WORDS) + r")\b", re.IGNORECASE)
# What may follow an option's text when the rest is a justification (`text, because ...`).
_JUSTIFICATION = (" because", " since", " as ", " which", " given", " due to", " so ", " -", " (")

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


@lru_cache(maxsize=4096)
def mcq_context(options: tuple[str, ...] | None, number: int, text: str | None) -> McqContext:
    """Build (and cache) the grading context of a gold against its options, if known."""
    known = dict(option_index(options)) if options else {}
    if text is None and options and 1 <= number <= len(options):
        text = options[number - 1]
    gold_key = text_key(text) if text is not None else None
    # The gold's own text counts as known even when it differs from the prompt's option
    # (the release has golds and option texts that differ by a trailing period).
    if gold_key is not None:
        known[gold_key] = tuple(sorted({*known.get(gold_key, ()), number}))
    return McqContext(number, gold_key, MappingProxyType(known), len(options) if options else None)


def known_key(text: str, known: Mapping[str, tuple[int, ...]], prefix: bool = False) -> str | None:
    """Return the known text key that `text` is (or, with `prefix`, starts with and justifies)."""
    key = text_key(text)
    if key in known:
        return key
    if not prefix:
        return None
    best = None
    for candidate in known:
        if len(candidate) < len(key) and key.startswith(candidate):
            rest = key[len(candidate) :]
            if (rest[0] in ",;:!(" or rest.startswith(_JUSTIFICATION) or rest[:2] == ". ") and (
                best is None or len(candidate) > len(best)
            ):
                best = candidate
    return best


def split_mcq(
    content: str, known_texts: Mapping[str, tuple[int, ...]]
) -> tuple[int | None, str | None] | None:
    """Split an mcq answer into (number, text); either may be None; None when neither is there.

    `Option N` (or `Option (N)`) always gives the number N, whatever follows. Without
    `Option`, a bare number is a number; a content that is exactly a known text is text
    alone; `N: text` splits on any text; and `N. text`, `N) text`, `(N) text`, `N - text`
    split only when the text is known, so an option text such as `0.90` or `175 dollars`
    is never cut into a number.
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


def named_numbers(content: str) -> set[int]:
    """The option numbers a content names as `Option N` (whole words), with lists after them."""
    numbers: set[int] = set()
    for m in _MENTION.finditer(content[:2000]):
        numbers.add(int(m.group(1)))
        end = m.end()
        while (more := _MORE.match(content, end)) is not None:
            numbers.add(int(more.group(1)))
            end = more.end()
    return numbers


def _hedges(content: str, ctx: McqContext) -> bool:
    if len(named_numbers(content)) >= 2:
        return True
    parts = alternatives(content)
    if len(parts) < 2:
        return False
    named: list[frozenset[int]] = []
    for part in parts:
        split = split_mcq(part.strip(), ctx.known)
        if split is None:
            continue
        if split[0] is not None:
            named.append(frozenset((split[0],)))
        elif (key := known_key(split[1] or "", ctx.known)) is not None:
            named.append(frozenset(ctx.known[key]))
    # `2 or 3`, `<text of 1> / <text of 2>`: two parts that share no option.
    return len(named) >= 2 and not frozenset.intersection(*named)


def read_mcq(content: str, ctx: McqContext, lenient: bool = False) -> Reading:
    """Read one cleaned answer against an mcq gold (`lenient` for boxes after the first)."""
    if text_key(content) not in ctx.known:
        # `(Option 2)`, `"Option 2: text"`, `{2}`; an option text may itself be bracketed.
        # Option texts may end in `!`: only the wrappers go, never a character of a text.
        content = strip_wrappers(content, "\"'`{*([", trailing="")
    split = split_mcq(content, ctx.known)
    if split is None:
        return Reading("unparsed", None, None, reason="empty answer")
    number, text = split
    exact = text is not None and known_key(text, ctx.known) is not None
    if not exact and _hedges(content, ctx):
        return Reading("wrong", content, None, reason="names several options", hedge=True)
    if number is None and not exact:
        split = _named_elsewhere(content, ctx, lenient)
        if split is not None:
            number, text = split
    if number is None:
        return _read_text(text or "", ctx)
    return _read_number_and_text(number, text, ctx)


def _named_elsewhere(content: str, ctx: McqContext, lenient: bool) -> tuple[int, str | None] | None:
    """`text (Option N)`, `The answer is Option N: text`, or (lenient) `Option three`."""
    # Anchored at the last bracket: a `(.*?)\s*(` search is quadratic on runs of spaces.
    last = max(content.rfind("("), content.rfind("["))
    m = _TRAILING_OPTION.fullmatch(content, last) if last > 0 else None
    if m is not None and content[:last].strip():
        return int(m.group(1)), content[:last].strip()
    m = _MENTION.search(content)
    if m is not None:
        rest = content[m.end() :].lstrip(")")
        return int(m.group(1)), _option_text(rest, ctx.known) or _strip_separator(rest) or None
    if lenient and (m := _NUMBER_WORD.match(content)) is not None:
        return _WORDS.index(m.group(1).lower()) + 1, _strip_separator(content[m.end() :]) or None
    return None


def _read_number_and_text(number: int, text: str | None, ctx: McqContext) -> Reading:
    shown = f"Option {number}" if text is None else f"Option {number}: {' '.join(text.split())}"
    gold_named = number == ctx.gold_number
    key = known_key(text, ctx.known, prefix=True) if text is not None else None
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


def _read_text(text: str, ctx: McqContext) -> Reading:
    key = known_key(text, ctx.known, prefix=True)
    shown = " ".join(text.split())
    if key is None:
        if ctx.option_count is not None:
            return Reading("unparsed", None, None, reason="text that is no option's text")
        # Without the option list the text cannot be told apart from another option's.
        own = text_key(text)
        return Reading("wrong", shown, frozenset((own,)), reason="text that is not the gold's")
    numbers = ctx.known[key]
    if ctx.gold_number in numbers:
        return Reading(
            "partial", shown, frozenset(numbers), reason="the gold text without its number"
        )
    return Reading("wrong", shown, frozenset(numbers), reason="another option's text")


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


def fallback(section: str) -> tuple[str, str] | None:
    """The first whole-word `Option N` (any case) of unboxed text, as `Option N` and as matched."""
    # NFKC over a megabyte of prose is slow; it can only matter when a full-width `o` or
    # an invisible character is there, which plain substring tests find quickly.
    if not section.isascii() and any(c in section for c in _UNUSUAL):
        section = normalize_unicode(section)
    lowered = section.lower()
    if len(lowered) != len(section):  # a few non-ASCII letters lower to two characters
        m = _FALLBACK.search(section)
        return (f"Option {int(m.group(1))}", m.group()) if m else None
    # A case-sensitive search of the lowered text (its literal prefix is found fast), the
    # whole-word test in Python: an IGNORECASE search with a look-behind is ~10x slower.
    for m in _LOWER_OPTION.finditer(lowered):
        start = m.start()
        if start == 0 or not lowered[start - 1].isalpha():
            return f"Option {int(m.group(1))}", section[start : m.end()]
    return None


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
