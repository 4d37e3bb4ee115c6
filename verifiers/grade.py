"""Grading one completion against one gold: the format gate, extraction, hedging, and kinds."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from recon_data.answers.base import AnswerKind, Grader, Reading
from recon_data.answers.mcq import options_from_prompt
from recon_data.answers.registry import REGISTRY
from recon_data.verifiers import extract
from recon_data.verifiers.gold import Gold, parse_gold

# Every box after `</think>` is read to see a second answer. A completion with more different
# boxes than this gives no single answer (a hedge); after this many unbalanced ones the
# scan stops. Both keep a megabyte of degenerate boxes to a few hundred milliseconds.
MAX_DISTINCT_BOXES = 256
MAX_UNBALANCED = 64

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
    if not REGISTRY[gold.kind].has_options:
        return None
    if options is not None and not isinstance(options, str) and len(options) > 0:
        return tuple(str(o) for o in options)
    if prompt is not None:
        return options_from_prompt(extract.user_prompt_text(prompt))
    return None


def grade_gold(text: str, gold: Gold, options: tuple[str, ...] | None) -> Verdict:
    """Grade completion text against an already parsed gold (the fast path for rewards)."""
    section, why = extract.answer_section(text)
    if section is None:
        return _verdict("format_error", gold, reason=why)
    kind = REGISTRY[gold.kind]
    read = kind.grader(gold.value, options)
    boxes = _balanced_boxes(section)
    first_raw = next(boxes, None)
    if first_raw is None:
        return _grade_unboxed(section, gold, kind, read)

    first = _read_box(first_raw, read, lenient=False)
    paper = first.status == "correct" or first.names_gold_number
    shown = {"extracted": first_raw, "prediction": first.prediction, "boxed": True}
    if first.hedge:
        return _verdict(
            "wrong", gold, **shown, hedged=True, paper_correct=False, reason=first.reason
        )
    # Every later box is read leniently, only to see whether it gives another answer.
    common = first.identity
    seen = {first_raw}
    for raw in boxes:
        if raw in seen:
            continue  # identical boxes read identically; skip the work
        seen.add(raw)
        if len(seen) > MAX_DISTINCT_BOXES:
            return _verdict(
                "wrong",
                gold,
                **shown,
                hedged=True,
                paper_correct=paper,
                reason=f"hedging: more than {MAX_DISTINCT_BOXES} different boxes",
            )
        later = _read_box(raw, read, lenient=True)
        if later.identity is None and not later.hedge:
            continue  # a box that does not parse names no answer
        if common is not None and later.identity is not None:
            common = kind.combine(common, later.identity)
            contradicts = common is None
        else:
            common = later.identity
            contradicts = False
        if later.hedge or contradicts:
            return _verdict(
                "wrong",
                gold,
                **shown,
                hedged=True,
                paper_correct=paper,
                reason="hedging: the boxes give different answers",
            )
    return _verdict(first.status, gold, **shown, paper_correct=paper, reason=first.reason)


def _balanced_boxes(section: str) -> Iterator[str]:
    # A box whose braces never balance is no box (the release reads it the same way); past
    # a few of them the text is degenerate, and trying each would cost a window per box.
    unbalanced = 0
    for raw in extract.iter_boxes(section):
        if raw is not None:
            yield raw
            continue
        unbalanced += 1
        if unbalanced >= MAX_UNBALANCED:
            return


def _grade_unboxed(section: str, gold: Gold, kind: AnswerKind, read: Grader) -> Verdict:
    found = kind.fallback(section) if kind.fallback is not None else None
    if found is None:
        return _verdict("unparsed", gold, reason="no \\boxed{} after </think>")
    content, matched = found
    # The fallback is graded as a number alone: its text, if any, was never delimited.
    reading = read(content, False)
    return _verdict(
        reading.status,
        gold,
        extracted=matched,
        prediction=reading.prediction,
        paper_correct=reading.status == "correct" or reading.names_gold_number,
        reason="no box; graded the first `Option N` as a number only",
    )


def _read_box(raw: str, read: Grader, lenient: bool) -> Reading:
    content = extract.clean_box(raw)
    if not content:
        return Reading("unparsed", None, None, reason="empty box")
    return read(content, lenient)


def _verdict(status: Status, gold: Gold, **fields: Any) -> Verdict:
    return Verdict(status=status, reward=REWARDS[status], kind=gold.kind, **fields)
