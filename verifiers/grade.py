"""Grading one completion against one gold: the reading (verifiers/reading.py) as a reward."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from recon_data.answers.mcq import options_from_prompt
from recon_data.answers.registry import REGISTRY
from recon_data.verifiers import extract
from recon_data.verifiers.gold import Gold, parse_gold
from recon_data.verifiers.reading import AnswerReading, read_answer

Status = Literal["correct", "partial", "wrong", "unparsed", "format_error"]
VERDICT_STATUSES: tuple[str, ...] = ("correct", "partial", "wrong", "unparsed", "format_error")
REWARDS: Mapping[str, float] = MappingProxyType(
    {"correct": 5.0, "partial": 2.0, "wrong": -3.0, "unparsed": -5.0, "format_error": -4.0}
)
# The status a completion gets when its reading gives no single answer.
_NO_ANSWER: Mapping[str, Status] = MappingProxyType(
    {
        "format": "format_error",
        "truncated": "format_error",
        "missing": "unparsed",
        "illegal": "unparsed",
        "hedged": "wrong",
        "negated": "wrong",
    }
)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The grade of one completion: status, reward, what was extracted and how it read.

    `reading` is `read_answer`'s status: `answered`, or why there is no single answer
    (`format`, `truncated`, `missing`, `hedged`, `negated`, `illegal`).
    """

    status: Status
    reward: float
    kind: str
    extracted: str | None = None
    prediction: str | None = None
    boxed: bool = False
    hedged: bool = False
    paper_correct: bool = False
    reason: str = ""
    reading: str = "answered"
    gold: str = ""  # the gold as parsed (its canonical text)

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
    return verdict(read_answer(text, gold, options), gold)


def verdict(answer: AnswerReading, gold: Gold) -> Verdict:
    """The status and reward of a reading (the hierarchical reward of appendix A.2)."""
    reading = answer.reading
    if answer.status == "answered" and reading is not None:
        status: Status = reading.status
        # Table 3's rule: the answer equals the gold, or names the gold's option number.
        paper = reading.status == "correct" or reading.names_gold_number
    else:
        status, paper = _NO_ANSWER[answer.status], False
    return Verdict(
        status=status,
        reward=REWARDS[status],
        kind=gold.kind,
        extracted=answer.extracted,
        prediction=reading.prediction if reading is not None else None,
        boxed=answer.boxed,
        hedged=answer.status == "hedged",
        paper_correct=paper,
        reason=answer.reason,
        reading=answer.status,
        gold=gold.canonical,
    )
