"""What every transform shares: the edit it returns, seeded draws, answer maps, the record.

A transform turns a source `Problem` into an `Edit`: the new question text (and options),
the transform's parameters, and how the source's answers map onto the variant's (`answers`).
The driver turns the edit into a record, solves its gold on the transformed instance and
checks it (docs/variants.md). Nothing here knows a category.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from recon_data import answers
from recon_data.curation.generators.base import stable_seed
from recon_data.verifiers.consistency import VARIANT_GENERATOR as VARIANT_GENERATOR
from recon_data.verifiers.consistency import map_profiles

if TYPE_CHECKING:
    from recon_data.schema import Problem

TRANSFORM_NAMES = ("relabel", "permute", "rescale", "restory", "anonymize")
VARIANT_VERSION = 1  # bumped whenever a transform's output for a given seed changes
DRAWS = 12  # draws per wanted variant before a source is declared out of distinct variants


class Skip(Exception):
    """This transform does not apply to this item (the reason says why); not an error."""


class Mismatch(Skip):
    """The transformed text does not read back as the transformed instance: a rejected variant."""


@dataclass(frozen=True)
class Edit:
    """A transformed item before its gold is solved.

    `answers` maps the source's answers onto the variant's: for mcq `{"options": [n1, ...]}`
    (the variant's number for each source option, None where none corresponds); for profile
    lists `{"rows": [...], "cols": [...], "swap": bool}` (source profile [i, j] becomes
    [rows[i], cols[j]], then reversed when `swap`). `check`, when given, reads the audit
    certificate of the variant and returns why it is not the transformed instance ("" if it is).
    """

    question: str
    options: tuple[str, ...]
    params: dict[str, Any]
    answers: dict[str, Any]
    check: Callable[[Any], str] | None = field(default=None, compare=False)


# (problem, rng) -> Edit, or raise Skip.
Handler = Callable[["Problem", random.Random], Edit]


def rng_for(seed: int, source_id: str, transform: str, draw: int) -> random.Random:
    """The random stream of one draw of one transform of one source (stable across processes)."""
    return random.Random(stable_seed("variant", VARIANT_VERSION, seed, source_id, transform, draw))


def identity_options(n: int) -> dict[str, Any]:
    """The answer map of an edit that keeps every option in its place."""
    return {"options": list(range(1, n + 1))}


def order_map(order: Sequence[int]) -> dict[str, Any]:
    """The answer map of options shown in `order` (0-based old positions, new order)."""
    new = [0] * len(order)
    for position, old in enumerate(order):
        new[old] = position + 1
    return {"options": new}


def shuffled(rng: random.Random, n: int) -> list[int]:
    """A uniformly drawn order of range(n) other than the identity (n >= 2)."""
    order = list(range(n))
    while order == sorted(order):
        rng.shuffle(order)
    return order


def map_answer(answer: str, kind: str, mapping: dict[str, Any], options: Sequence[str]) -> str:
    """The source's gold carried through an answer map: what the transform predicts."""
    if kind == "mcq":
        parsed = answers.parse_mcq_gold(answer)
        if parsed is None:
            raise Skip("the source's gold is not 'Option N: text'")
        new = mapping["options"][parsed[0] - 1]
        if new is None:
            raise Skip("the source's gold has no counterpart among the variant's options")
        return answers.format_mcq(new, options[new - 1])
    if kind == "profile_set":
        pairs = answers.parse_profile_set(answer)
        if pairs is None:
            raise Skip("the source's gold is not a profile list")
        return answers.format_profile_set(map_profiles(pairs, mapping))
    if mapping:
        raise Skip(f"no answer map for {kind} answers")
    return answer


def replace_question(problem: Problem, question: str, options: Sequence[str]) -> str:
    """The source's last prompt message with its question (and options block) replaced."""
    from recon_data.curation.clean.permute import render_options

    content = problem.prompt[-1].content
    if content.count(problem.question) != 1:
        raise Skip("the question does not appear exactly once in the prompt")
    content = content.replace(problem.question, question, 1)
    if problem.answer_kind == "mcq":
        try:
            content = render_options(content, options)
        except ValueError:
            raise Skip("the prompt has no 'Options:' block") from None
    return content


def option_order_edit(problem: Problem, rng: random.Random, question: str) -> Edit:
    """Show the options of an mcq item in a drawn new order (the question as given)."""
    n = len(problem.options)
    if problem.answer_kind != "mcq" or n < 2:
        raise Skip("no options to reorder")
    order = shuffled(rng, n)
    options = tuple(problem.options[i] for i in order)
    return Edit(question, options, {"order": [i + 1 for i in order]}, order_map(order))
