"""Reading the final answer of a completion: the one rule every grader and reward goes through.

`read_answer` returns what a completion answers, read in the grammar of the gold's kind, or
the reason it gives no single answer. `grade` (and with it `recon-data score`, the GRPO
rewards and `recon-data eval`) turns the reading into a status and a reward; nothing else
reads completions. The game-move counterpart is `recon_data.games.parsing.read_move`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from recon_data.answers.base import Fallback, Grader, Reading
from recon_data.answers.markup import clean_box, iter_boxes, think_gate
from recon_data.answers.registry import REGISTRY
from recon_data.verifiers.gold import Gold

# Why a completion gives no single answer, or `answered` when it gives one.
READINGS: tuple[str, ...] = (
    "answered",  # one answer, in the kind's grammar (right or wrong)
    "format",  # two `</think>`, or a box before `</think>`
    "truncated",  # no `</think>`: the reasoning never closed
    "missing",  # nothing to read: no box (and no `Option N` for mcq), or an empty box
    "hedged",  # several answers: in one box, across boxes, or unboxed `Option N`s
    "negated",  # the answer is denied or retracted (`not Option 1`, `Yes (wrong)`)
    "illegal",  # a box outside the kind's grammar (an mcq text that is no option's)
)
# Every box after `</think>` is read to see a second answer. A completion with more different
# boxes than this, or more text in different boxes than this, gives no single answer (a
# hedge): no single answer needs either, and each bounds the work on hostile text.
MAX_DISTINCT_BOXES = 256
MAX_BOX_TEXT = 32_768


@dataclass(frozen=True, slots=True)
class AnswerReading:
    """What a completion answers (`status` `answered`), or why it gives no single answer.

    `reading` is the kind's reading of the graded box (the first), or of the unboxed
    `Option N`; `extracted` is that box's raw content, or the `Option N` as matched.
    """

    status: str
    reading: Reading | None = None
    extracted: str | None = None
    boxed: bool = False
    reason: str = ""


def read_answer(text: str, gold: Gold, options: tuple[str, ...] | None) -> AnswerReading:
    """Read the final answer of completion text against a parsed gold (and its options)."""
    gate = think_gate(text, "required")
    if gate.section is None:
        return AnswerReading(gate.status, reason=gate.reason)
    kind = REGISTRY[gold.kind]
    read = kind.grader(gold.value, options)
    boxes = (raw for raw in iter_boxes(gate.section) if raw is not None)
    first_raw = next(boxes, None)
    if first_raw is None:
        return _unboxed(gate.section, read, kind.fallback)
    first = _read_box(first_raw, read, lenient=False)
    if first is None:
        return AnswerReading("missing", None, first_raw, True, "empty box")
    shown: dict[str, Any] = {"reading": first, "extracted": first_raw, "boxed": True}
    if first.negated:
        return AnswerReading("negated", **shown, reason=first.reason)
    if first.hedge:
        return AnswerReading("hedged", **shown, reason=first.reason)
    why = _later_boxes(first, first_raw, boxes, read, kind.combine)
    if why:
        return AnswerReading("hedged", **shown, reason=why)
    if first.status == "unparsed":
        return AnswerReading("illegal", **shown, reason=first.reason)
    return AnswerReading("answered", **shown, reason=first.reason)


def _later_boxes(
    first: Reading,
    first_raw: str,
    boxes: Iterator[str],
    read: Grader,
    combine: Callable[[Any, Any], Any],
) -> str:
    """Why the boxes after the first make the completion a hedge; "" when they do not."""
    common = first.identity
    seen = {first_raw}
    text = len(first_raw)
    for raw in boxes:
        if raw in seen:
            continue  # identical boxes read identically; skip the work
        seen.add(raw)
        text += len(raw)
        if len(seen) > MAX_DISTINCT_BOXES:
            return f"hedging: more than {MAX_DISTINCT_BOXES} different boxes"
        if text > MAX_BOX_TEXT:
            return f"hedging: more than {MAX_BOX_TEXT:,} characters of different boxes"
        # Read leniently: only to see whether a later box gives (or denies) another answer.
        later = _read_box(raw, read, lenient=True)
        if later is None:
            continue  # an empty box names nothing
        if later.negated:
            return "hedging: a later box denies an answer"
        if later.hedge:
            return "hedging: a later box names several answers"
        if later.identity is None:
            continue  # a box that does not parse names no answer
        if common is not None:
            common = combine(common, later.identity)
            if common is None:
                return "hedging: the boxes give different answers"
        else:
            common = later.identity
    return ""


def _unboxed(
    section: str, read: Grader, fallback: Callable[[str], Fallback | None] | None
) -> AnswerReading:
    found = fallback(section) if fallback is not None else None
    if found is None:
        return AnswerReading("missing", reason="no \\boxed{} after </think>")
    content, matched, problem = found
    if problem is not None:
        why = {"hedged": "unboxed `Option N`s name different options"}.get(
            problem, "an unboxed `Option N` is denied next to it"
        )
        return AnswerReading(problem, extracted=matched, reason=why)
    # The fallback is graded as a number alone: its text, if any, was never delimited.
    reading = read(content, False)
    why = "no box; graded the first `Option N` as a number only"
    return AnswerReading("answered", reading, matched, False, why)


def _read_box(raw: str, read: Grader, lenient: bool) -> Reading | None:
    """The kind's reading of one box's cleaned content; None for an empty box."""
    content = clean_box(raw)
    return read(content, lenient) if content else None
