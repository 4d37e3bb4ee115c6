"""Grading one completion against one gold: the format gate, extraction, hedging, and kinds."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Literal

from recon_data import answers
from recon_data.verifiers import extract, normalize, numeric
from recon_data.verifiers.gold import Gold, parse_gold

Status = Literal["correct", "partial", "wrong", "unparsed", "format_error"]
STATUSES: tuple[str, ...] = ("correct", "partial", "wrong", "unparsed", "format_error")
REWARDS: Mapping[str, float] = MappingProxyType(
    {"correct": 5.0, "partial": 2.0, "wrong": -3.0, "unparsed": -5.0, "format_error": -4.0}
)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The grade of one completion: status, reward, what was extracted and how it read."""

    status: Status
    reward: float
    kind: str
    extracted: str | None = None
    prediction: str | None = None
    boxed: bool = False
    hedged: bool = False
    paper_correct: bool = False
    reason: str = ""

    @property
    def correct(self) -> bool:
        """True only for a fully correct answer (the accuracy reward's 1.0)."""
        return self.status == "correct"


@dataclass(frozen=True, slots=True)
class _Reading:
    """One answer read in the gold's grammar; `identity` is None when it did not parse."""

    status: Status
    prediction: str | None
    identity: Any
    names_gold_number: bool = False
    reason: str = ""


@dataclass(frozen=True, slots=True)
class _McqContext:
    gold_number: int
    gold_key: str | None
    known: Mapping[str, tuple[int, ...]]
    option_count: int | None


def grade(
    completion: Any,
    answer: str,
    kind: str | None = None,
    options: Sequence[str] | None = None,
    *,
    prompt: Any = None,
) -> Verdict:
    """Grade a completion (string or chat messages) against a gold answer.

    `kind` is inferred from the gold when None. For mcq, `options` (the option texts in
    order) are read from `prompt` (string or chat messages) when not given. Raises
    `GoldError` only when the gold itself is not a valid answer of its kind.
    """
    gold = parse_gold(answer, kind or None)
    return grade_gold(
        extract.message_text(completion), gold, resolve_options(gold, options, prompt)
    )


def resolve_options(
    gold: Gold, options: Sequence[str] | None, prompt: Any
) -> tuple[str, ...] | None:
    """Return the option texts to grade an mcq against: given ones, else the prompt's."""
    if gold.kind != "mcq":
        return None
    if options is not None and not isinstance(options, str) and len(options) > 0:
        return tuple(str(o) for o in options)
    if prompt is not None:
        return normalize.options_from_prompt(extract.user_prompt_text(prompt))
    return None


def grade_gold(text: str, gold: Gold, options: tuple[str, ...] | None) -> Verdict:
    """Grade completion text against an already parsed gold (the fast path for rewards)."""
    section, why = extract.answer_section(text)
    if section is None:
        return _verdict("format_error", gold, reason=why)
    read = _reader(gold, options)
    boxes = extract.find_boxes(section)
    if not boxes:
        return _grade_unboxed(section, gold, read)

    readings = [_read_box(boxes[0], read)]
    first_raw = boxes[0]
    for raw in boxes[1:]:
        if raw != first_raw:  # identical boxes read identically; skip the work
            readings.append(_read_box(raw, read))
    first = readings[0]
    paper = first.status == "correct" or first.names_gold_number
    if len(readings) > 1 and not _consistent(gold.kind, [r.identity for r in readings]):
        return _verdict(
            "wrong",
            gold,
            extracted=first_raw,
            prediction=first.prediction,
            boxed=True,
            hedged=True,
            paper_correct=paper,
            reason="hedging: the boxes give different answers",
        )
    return _verdict(
        first.status,
        gold,
        extracted=first_raw,
        prediction=first.prediction,
        boxed=True,
        paper_correct=paper,
        reason=first.reason,
    )


def _grade_unboxed(section: str, gold: Gold, read: Callable[[str], _Reading]) -> Verdict:
    mention = extract.first_option_mention(section) if gold.kind == "mcq" else None
    if mention is None:
        return _verdict("unparsed", gold, reason="no \\boxed{} after </think>")
    number, matched = mention
    # The fallback is graded as a number alone: its text, if any, was never delimited.
    reading = read(f"Option {number}")
    return _verdict(
        reading.status,
        gold,
        extracted=matched,
        prediction=reading.prediction,
        paper_correct=reading.status == "correct" or reading.names_gold_number,
        reason="no box; graded the first `Option N` as a number only",
    )


def _read_box(raw: str | None, read: Callable[[str], _Reading]) -> _Reading:
    if raw is None:
        return _Reading("unparsed", None, None, reason="the box's braces do not balance")
    content = extract.clean_box(raw)
    if not content:
        return _Reading("unparsed", None, None, reason="empty box")
    return read(content)


def _consistent(kind: str, identities: list[Any]) -> bool:
    parsed = [i for i in identities if i is not None]
    if len(parsed) < 2:
        return True
    if kind == "mcq":
        # Each identity is the set of options the box can name; they must share one.
        common = frozenset.intersection(*parsed)
        return bool(common)
    if kind == "numeric":
        first = parsed[0]
        return all(
            numeric.numbers_equal(v, first) or numeric.numbers_equal(first, v) for v in parsed
        )
    return all(i == parsed[0] for i in parsed)


def _verdict(status: Status, gold: Gold, **fields: Any) -> Verdict:
    return Verdict(status=status, reward=REWARDS[status], kind=gold.kind, **fields)


def _reader(gold: Gold, options: tuple[str, ...] | None) -> Callable[[str], _Reading]:
    kind = gold.kind
    if kind == "mcq":
        number, text = gold.value  # type: ignore[misc]
        context = _mcq_context(options, number, text)
        return lambda content: _read_mcq(content, context)
    if kind == "yes_no":
        return lambda content: _read_simple(
            normalize.read_yes_no(content), gold, lambda v: v, "not yes or no"
        )
    if kind == "ordering":
        return lambda content: _read_simple(
            normalize.read_ordering(content), gold, lambda v: ", ".join(v), "not a letter ordering"
        )
    if kind == "profile_set":
        return lambda content: _read_simple(
            normalize.read_profile_set(content), gold, _format_pairs, "not a list of integer pairs"
        )
    return lambda content: _read_number(content, gold)


def _format_pairs(pairs: frozenset[tuple[int, int]]) -> str:
    return answers.format_profile_set(list(pairs))


def _read_simple(value: Any, gold: Gold, show: Callable[[Any], str], why: str) -> _Reading:
    if value is None:
        return _Reading("unparsed", None, None, reason=why)
    status: Status = "correct" if value == gold.value else "wrong"
    return _Reading(status, show(value), value)


def _read_number(content: str, gold: Gold) -> _Reading:
    value = numeric.read_numeric(content)
    if value is None:
        return _Reading("unparsed", None, None, reason="not a number")
    target: Fraction = gold.value  # type: ignore[assignment]
    status: Status = "correct" if numeric.numbers_equal(value, target) else "wrong"
    return _Reading(status, numeric.format_number(value), value)


@lru_cache(maxsize=4096)
def _mcq_context(options: tuple[str, ...] | None, number: int, text: str | None) -> _McqContext:
    known = dict(normalize.option_index(options)) if options else {}
    if text is None and options and 1 <= number <= len(options):
        text = options[number - 1]
    gold_key = normalize.text_key(text) if text is not None else None
    # The gold's own text counts as known even when it differs from the prompt's option
    # (the release has golds and option texts that differ by a trailing period).
    if gold_key is not None:
        known[gold_key] = tuple(sorted({*known.get(gold_key, ()), number}))
    return _McqContext(number, gold_key, MappingProxyType(known), len(options) if options else None)


def _read_mcq(content: str, ctx: _McqContext) -> _Reading:
    split = normalize.split_mcq(content, ctx.known)
    if split is None:
        return _Reading("unparsed", None, None, reason="empty answer")
    number, text = split
    if number is None:
        return _read_mcq_text(text or "", ctx)
    shown = f"Option {number}" if text is None else f"Option {number}: {' '.join(text.split())}"
    reading = _Reading("wrong", shown, frozenset((number,)), number == ctx.gold_number)
    if number != ctx.gold_number:
        out_of_range = ctx.option_count is not None and not 1 <= number <= ctx.option_count
        why = (
            f"option {number} does not exist"
            if out_of_range
            else f"option {number} is not the gold"
        )
        return _with(reading, "wrong", why)
    if ctx.gold_key is None:
        return _with(reading, "correct", "")
    if text is None:
        return _with(reading, "partial", "the gold number without its text")
    key = normalize.text_key(text)
    if key == ctx.gold_key:
        return _with(reading, "correct", "")
    if key in ctx.known:
        return _with(reading, "wrong", "the gold number with another option's text")
    return _with(reading, "partial", "the gold number with text that is no option's")


def _read_mcq_text(text: str, ctx: _McqContext) -> _Reading:
    key = normalize.text_key(text)
    shown = " ".join(text.split())
    numbers = ctx.known.get(key)
    if numbers is None:
        if ctx.option_count is not None:
            return _Reading("unparsed", None, None, reason="text that is no option's text")
        # Without the option list the text cannot be told apart from another option's.
        return _Reading("wrong", shown, frozenset((key,)), reason="text that is not the gold's")
    if ctx.gold_number in numbers:
        return _Reading(
            "partial", shown, frozenset(numbers), reason="the gold text without its number"
        )
    return _Reading("wrong", shown, frozenset(numbers), reason="another option's text")


def _with(reading: _Reading, status: Status, reason: str) -> _Reading:
    return _Reading(status, reading.prediction, reading.identity, reading.names_gold_number, reason)
