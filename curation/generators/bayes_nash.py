"""bayes_nash: the pure Bayes-Nash equilibrium of a state-uncertain 2x2 game (STEER table form)."""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any, ClassVar, Self, cast

from pydantic import model_validator

from recon_data.curation.generators.base import Draft, Generator, GeneratorConfig, Reject, need
from recon_data.curation.generators.prompts import LETTERS, STEER_HEAD, decimal_text

_INTRO = (
    "Consider the following game with {n} states: {names}.",
    "Suppose a game has {n} states: {names}.",
    "A two-player game is played in one of {n} states: {names}.",
)


class BayesConfig(GeneratorConfig):
    """Number of states and the payoff scale (in hundredths)."""

    min_states: int = 2
    max_states: int = 4
    max_payoff: int = 1000  # in hundredths: 1000 means payoffs up to 10.00

    PRESETS: ClassVar[dict[str, dict[str, Any]]] = {
        "easy": {"min_states": 2, "max_states": 2, "max_payoff": 900},
        "medium": {"min_states": 2, "max_states": 4, "max_payoff": 1000},
        "hard": {"min_states": 4, "max_states": 6, "max_payoff": 2000},
    }

    @model_validator(mode="after")
    def _check_states(self) -> Self:
        """Check the state window and the payoff scale."""
        need(2 <= self.min_states <= 9, "min_states", "min_states must be 2..9")
        need(
            self.min_states <= self.max_states <= 9,
            "max_states",
            "max_states must be min_states..9",
        )
        need(10 <= self.max_payoff <= 10**6, "max_payoff", "max_payoff must be 10..1000000")
        return self


def _table(rows: list[str], cols: list[str], cells: list[list[tuple[Fraction, Fraction]]]) -> str:
    shown = [[f"({decimal_text(a)}, {decimal_text(b)})" for a, b in r] for r in cells]
    w0 = max(len(r) for r in rows)
    widths = [max(len(cols[j]), *(len(r[j]) for r in shown)) for j in range(len(cols))]
    head = " " * w0 + "  " + "  ".join(c.rjust(w) for c, w in zip(cols, widths, strict=True))
    lines = [head]
    for label, r in zip(rows, shown, strict=True):
        body = "  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True))
        lines.append(f"{label.ljust(w0)}  {body}")
    return "\n".join(lines)


class BayesNash(Generator[BayesConfig]):
    """A prior over states, one 2x2 table per state, no private information; four profiles."""

    name = "bayes_nash"
    version = 1
    category = "bayes_nash"
    answer_kind = "mcq"
    config_class = BayesConfig
    description = "pure Bayes-Nash equilibrium when no player observes the state"

    def draft(self, rng: random.Random) -> Draft:
        """Draw states, a prior and tables; keep draws whose expected game has one pure equilibrium."""
        from recon_data.gametheory import NormalFormGame, pure_nash
        from recon_data.gametheory.bayesian import expected_game

        c = self.config
        n = rng.randint(c.min_states, c.max_states)
        cuts = sorted(rng.sample(range(1, 100), n - 1))
        percents = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
        prior = [Fraction(p, 100) for p in percents]
        tables = []
        for _ in range(n):
            a = [[Fraction(rng.randint(1, c.max_payoff), 100) for _ in range(2)] for _ in range(2)]
            b = [[Fraction(rng.randint(1, c.max_payoff), 100) for _ in range(2)] for _ in range(2)]
            tables.append((a, b))
        games = [NormalFormGame.from_bimatrix(a, b) for a, b in tables]
        result = pure_nash(expected_game(games, prior))
        if len(result.profiles) != 1:
            raise Reject("not exactly one pure Bayes-Nash equilibrium")
        letters = rng.sample(LETTERS, 4)
        rows = [f"Action {x}" for x in sorted(letters[:2])]
        cols = [f"Action {x}" for x in sorted(letters[2:])]
        names = ", ".join(f"State {k}" for k in range(1, n + 1))
        probs = " and ".join(
            f"the probability of state {k} is {decimal_text(p)}" for k, p in enumerate(prior, 1)
        )
        blocks = "\n".join(
            f"State {k}:\n{_table(rows, cols, [list(zip(a[i], b[i], strict=True)) for i in range(2)])}"
            for k, (a, b) in enumerate(tables, 1)
        )
        question = (
            f"{rng.choice(_INTRO).format(n=n, names=names)} {probs[0].upper()}{probs[1:]}. "
            "Suppose no player has any information about the state of the game but common "
            f"knowledge of the states. What is the Bayes-Nash Equilibrium of the game?\n{blocks}"
        )
        profiles = [(i, j) for i in range(2) for j in range(2)]
        options = tuple(f"('{rows[i]}', '{cols[j]}')" for i, j in profiles)
        return Draft(
            question=question,
            content=STEER_HEAD + question,
            options=options,
            correct=frozenset({profiles.index(cast(tuple[int, int], result.profiles[0]))}),
            certificate={"prior": [str(p) for p in prior], **result.certificate},
        )
