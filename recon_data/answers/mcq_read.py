"""Reading one mcq answer: the options it names, and what the words around them do.

A content is searched for *references*: `Option N` (and the numbers listed after it, `Option
2/3`, `Options 2 and 3`), a leading number (`2`, `(2)`, `2: text`, `2. <an option's text>`),
an option's exact text anywhere (longest first, whole words), and a bare number listed after
`,` `/` `or` `and` (`Option 1, or possibly 3`). The first reference, with an adjacent one of
the other sort (`Option 2: <text>`, `<text> (Option 2)`), is the answer's *core*; what
follows a justification (`because`, `since`, ` - `, `. `) explains it and is not read.

The words before the core and after it (never an option's own text) decide the rest:
a negation (`not`, `wrong`, `\\neq` ...) makes the answer negated; a reference to another
option, or an alternative (`or`, `/`, `either`) some part of which names no option, makes
it a hedge. Otherwise the core is graded by the table in docs/verifiers.md.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass

from recon_data.answers import cues
from recon_data.answers.base import fold_punctuation, normalize_unicode

_NUM = r"(\d{1,6})(?![\d])"
# Searched in the normalised content (casefolded, single spaces): `\s?` never meets a run.
_OPTION = re.compile(r"(?<![^\W\d_])options?\s?\(?\s?" + _NUM + r"\s?\)?")
_MORE = re.compile(
    r"\s?(?:/|,|&|\bor\b|\band\b)\s?(?:options?\s?)?\(?\s?(\d{1,6})(?![\d]|[/.,]\d)\s?\)?"
)
_LEADING = re.compile(r"\(?\s?(\d{1,6})(?![\d]|[.,]\d)\s?\)?")
_ADVERBS = "|".join(sorted(cues.HEDGE_ADVERBS))
# A bare number standing as an item of a list: after `,` `/` `or` ..., before its end.
_LISTED = re.compile(
    r"(?:[,;/&]|(?<![\w])(?:or|and|nor|vs|versus)(?![\w]))\s?(?:(?:" + _ADVERBS + r")\s)*"
    r"\(?(\d{1,6})\)?(?=\s?(?:$|[,;/)\]&.!?\x00]|or(?![\w])|and(?![\w])))"
)
_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_NUMBER_WORD = re.compile(r"(?:option\s)?(" + "|".join(_WORDS) + r")(?![\w])")
# What may stand between an option's number and its text in one answer (`Option 2 - text`).
_GAP = frozenset(" :.-),;([]\"'`")
_MAX_GAP = 4
_MASK = "\x00"
_EDGES = " .,;:!-()[]\"'`"


@dataclass(frozen=True, slots=True)
class Ref:
    """Where a content names options, and which: a number or a known text key."""

    start: int
    end: int
    number: int | None
    key: str | None
    options: frozenset[int]


@dataclass(frozen=True, slots=True)
class Answer:
    """What one mcq content says: its number and text key (either may be None), or why not."""

    number: int | None = None
    key: str | None = None
    words: str = ""  # the answer's own words after its core (a text that is no option's)
    negated: str | None = None  # the negating word, when the answer is negated
    hedged: bool = False


def norm(content: str) -> str:
    """The content as references are searched in: folded, casefolded, no `$`, single spaces."""
    folded = fold_punctuation(normalize_unicode(content)).replace("$", "").casefold()
    return " ".join(folded.split())


def references(
    text: str, known: Mapping[str, tuple[int, ...]], lenient: bool
) -> tuple[list[Ref], str]:
    """Every reference in a normalised content, and the content with their spans masked."""
    refs: list[Ref] = []
    masked = list(text)

    def add(start: int, end: int, number: int | None, key: str | None) -> None:
        options = frozenset((number,)) if number is not None else frozenset(known[key or ""])
        refs.append(Ref(start, end, number, key, options))
        masked[start:end] = _MASK * (end - start)

    def mention(m: re.Match[str]) -> int:
        # A number, then the numbers listed after it (`Option 2/3`, `2 or 3`); where it ends.
        add(m.start(), m.end(), int(m.group(1)), None)
        end = m.end()
        while (more := _MORE.match(text, end)) is not None:
            add(more.start(1), more.end(), int(more.group(1)), None)
            end = more.end()
        return end

    listed_to = 0
    for m in _OPTION.finditer(text):
        if m.start() >= listed_to:  # a mention a list already took is not read again
            listed_to = mention(m)
    lead = _LEADING.match(text)
    if lead is not None and _names_leading_number(text[lead.end() :], known):
        mention(lead)
    if lenient and not refs and (word := _NUMBER_WORD.match(text)) is not None:
        add(word.start(), word.end(), _WORDS.index(word.group(1)) + 1, None)
    for key in sorted(known, key=len, reverse=True):
        joined = "".join(masked)  # occurrences of one key never overlap each other
        for start in _occurrences(joined, text, key):
            add(start, start + len(key), None, key)
    refs.sort(key=lambda r: r.start)
    return refs, "".join(masked)


def _names_leading_number(rest: str, known: Mapping[str, tuple[int, ...]]) -> bool:
    # `2`, `2: anything`, `2. <known text>`; but `0.90`, `175 dollars` or `2nd` are no number.
    if not rest or rest.lstrip().startswith(":") or _MORE.match(rest):
        return True
    if rest[0] not in " .-),;([":
        return False
    text = rest.lstrip(" .-),;")
    candidates = {text, text.rstrip(" .")}
    if len(text) > 1 and (text[0], text[-1]) in (("(", ")"), ("[", "]")):
        candidates.add(text[1:-1].strip())  # `2 (text)`
    return any(c in known for c in candidates)


def _occurrences(masked: str, text: str, key: str) -> list[int]:
    """Start of every whole-word occurrence of `key` in `text` that `masked` leaves open."""
    found: list[int] = []
    start = masked.find(key) if key else -1
    while start >= 0:
        end = start + len(key)
        whole = _boundary(text, start - 1, -1, key[0]) and _boundary(text, end, 1, key[-1])
        if whole:
            found.append(start)
            start = masked.find(key, end)
        else:
            start = masked.find(key, start + 1)
    return found


def _boundary(text: str, at: int, step: int, edge: str) -> bool:
    """True when `text[at]` ends a word next to a key whose edge character is `edge`."""
    if not 0 <= at < len(text) or not edge.isalnum():
        return True
    ch = text[at]
    if ch.isalnum():
        return False
    # `9` is not a word of `3.9`, nor `1,000` of `21,000`: a point or comma between digits.
    beyond = at + step
    return not (
        edge.isdigit() and ch in ".," and 0 <= beyond < len(text) and text[beyond].isdigit()
    )


def _core(refs: list[Ref], text: str) -> tuple[Ref, Ref | None]:
    """The first reference and, when adjacent and of the other sort, its partner."""
    first = refs[0]
    if len(refs) > 1:
        second = refs[1]
        gap = text[first.end : second.start]
        other_sort = (first.number is None) != (second.number is None)
        if other_sort and len(gap) <= _MAX_GAP and set(gap) <= _GAP:
            return first, second
    return first, None


def read_answer(text: str, known: Mapping[str, tuple[int, ...]], lenient: bool) -> Answer | None:
    """Read a normalised mcq content (see `norm`); None when it names no option at all."""
    refs, masked = references(text, known, lenient)
    if not refs:
        return None
    first, partner = _core(refs, text)
    # An option whose text is a denying word (`No`, `None`) is named by that word only as
    # the whole answer or next to its number (`Option 2: No`); elsewhere (`no to Option 2`)
    # the word denies, as it reads.
    denying = [r for r in refs if r.key is not None and cues.negation(r.key) == r.key]
    if len(refs) > 1 and any(r is not first or partner is None for r in denying):
        keep = {id(r) for r in (first, partner) if r is not None and partner is not None}
        dropped = [r for r in denying if id(r) not in keep]
        gone = {id(r) for r in dropped}
        refs = [r for r in refs if id(r) not in gone]
        chars = list(masked)
        for r in dropped:
            chars[r.start : r.end] = text[r.start : r.end]
        masked = "".join(chars)
        if not refs:
            return None
        first, partner = _core(refs, text)
    end = (partner or first).end
    cut = cues.justification_start(masked, end)
    around = (masked[: first.start] + " " + masked[end:cut]).replace(_MASK, " ")
    denied = cues.negation(around) or ("retracted" if cues.retracted(masked, cut) else None)
    if denied is not None:
        return Answer(negated=denied)
    pair = [r for r in (first, partner) if r is not None]
    numbered = [r for r in pair if r.number is not None]
    own = (numbered or pair)[0].options
    listed = [
        Ref(m.start(1), m.end(1), int(m.group(1)), None, frozenset((int(m.group(1)),)))
        for m in _LISTED.finditer(masked, 0, cut)
    ]
    # After a reason word (`because Option 1 is dominated`) other options are explained, not
    # offered; after mere punctuation (`<text>. and Option 2`) they are offered.
    named = refs if not cues.by_word(masked, cut) else [r for r in refs if r.start < cut]
    others = [r for r in named if r is not first and r is not partner] + listed
    reopened = cues.reopened(masked, cut)
    if reopened or any(not (r.options & own) for r in others):
        return Answer(hedged=True)
    if _open_alternative(masked, cut, others + pair):
        return Answer(hedged=True)
    number = numbered[0].number if numbered else None
    key = next((r.key for r in pair if r.key is not None), None)
    words = masked[end:cut].replace(_MASK, " ").strip(_EDGES)
    return Answer(number, key, " ".join(words.split()))


def _open_alternative(masked: str, cut: int, refs: list[Ref]) -> bool:
    """An alternative (`or`, `/`, `either`) with a side that names no option (`Option 2 or else`)."""
    region = masked[:cut]
    spans = cues.alternative_spans(region)
    if not spans:
        return False
    starts = sorted(r.start for r in refs)
    bounds = [0, *(x for span in spans for x in span), len(region)]
    for i, (a, b) in enumerate(zip(bounds[::2], bounds[1::2], strict=True)):
        at = bisect_left(starts, a)
        if at < len(starts) and starts[at] < b:
            continue  # a reference starts in this part
        if i == 0 and not region[a:b].strip(_EDGES):
            continue  # `either Option 2 ...`: nothing before the first alternative word
        return True
    return False
