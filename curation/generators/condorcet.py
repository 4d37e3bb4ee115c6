"""condorcet_criterion: the Condorcet winner (or none) of ranked ballots (STEER wording)."""

from __future__ import annotations

import random
from typing import Any, ClassVar, Self

from pydantic import model_validator

from recon_data.curation.generators.base import Draft, Generator, GeneratorConfig, need
from recon_data.curation.generators.prompts import LETTERS, STEER_HEAD

# (event, what candidates are called, what is decided)
SETTINGS = (
    ("an employee of the year contest at a marketing firm", "nominee",
     "which nominee should be awarded the title"),
    ("a local cooking contest", "competitor", "which competitor should win the contest"),
    ("a neighbourhood vote on a new park design", "design", "which design should be built"),
    ("a club's vote on its next annual trip", "destination", "which destination should be chosen"),
    ("a city council election", "candidate", "which candidate should be elected"),
    ("a student union vote on a charity partner", "charity", "which charity should be chosen"),
)  # fmt: skip
_NONE = ("No clear winner (tie)", "There is no Condorcet winner", "No candidate wins (no winner)")


class CondorcetConfig(GeneratorConfig):
    """Number of candidates and ballot groups, and the largest group."""

    candidates: int = 3
    min_groups: int = 3
    max_groups: int = 5
    max_voters: int = 50

    PRESETS: ClassVar[dict[str, dict[str, Any]]] = {
        "easy": {"candidates": 3, "min_groups": 2, "max_groups": 3, "max_voters": 30},
        "medium": {"candidates": 3, "min_groups": 3, "max_groups": 5, "max_voters": 50},
        "hard": {"candidates": 5, "min_groups": 5, "max_groups": 8, "max_voters": 60},
    }

    @model_validator(mode="after")
    def _check_ballots(self) -> Self:
        """Check candidate and ballot counts."""
        need(3 <= self.candidates <= 8, "candidates", "candidates must be 3..8")
        need(1 <= self.min_groups <= 20, "min_groups", "min_groups must be 1..20")
        need(
            self.min_groups <= self.max_groups <= 20,
            "max_groups",
            "max_groups must be min_groups..20",
        )
        need(2 <= self.max_voters <= 10**5, "max_voters", "max_voters must be 2..100000")
        return self


class Condorcet(Generator[CondorcetConfig]):
    """Complete ranked ballots in groups; options name each candidate and 'no winner'."""

    name = "condorcet_criterion"
    version = 1
    category = "condorcet_criterion"
    answer_kind = "mcq"
    config_class = CondorcetConfig
    description = "Condorcet winner of grouped ranked ballots, or none"

    def draft(self, rng: random.Random) -> Draft:
        """Draw ballot groups, find the Condorcet winner with the solver."""
        from recon_data.gametheory import condorcet

        c = self.config
        names = tuple(rng.sample(LETTERS, c.candidates))
        groups = []
        for _ in range(rng.randint(c.min_groups, c.max_groups)):
            ranking = list(names)
            rng.shuffle(ranking)
            groups.append((rng.randint(1, c.max_voters), tuple(ranking)))
        result = condorcet(groups, names)
        event, noun, decide = rng.choice(SETTINGS)
        lines = "\n".join(f"- {n} voters voted for {' > '.join(r)}" for n, r in groups)
        listed = ", ".join(names[:-1]) + f", and {names[-1]}"
        question = (
            f"In {event}, there are {len(names)} {noun}s: {listed}. The ballots rank them as "
            f"follows: \n{lines}\n Applying the Condorcet criterion, {decide}?"
        )
        options = (*(f"{noun.capitalize()} {x}" for x in names), rng.choice(_NONE))
        gold = len(names) if result.winner is None else names.index(result.winner)
        return Draft(
            question=question,
            content=STEER_HEAD + question,
            options=options,
            correct=frozenset({gold}),
            certificate=result.certificate,
        )
