"""mixed_nash (new family): a probability or value of the unique mixed equilibrium, exactly."""

from __future__ import annotations

import random
from typing import Any, ClassVar

from recon_data.curation.generators.base import Draft, Generator, Reject
from recon_data.curation.generators.bimatrix import MatrixConfig, draw_game
from recon_data.curation.generators.prompts import NUMERIC_HEAD, matrices_block

_INTRO = (
    "Two players play a one-shot normal-form game. Player 0 chooses a row (strategy i) and "
    "Player 1 chooses a column (strategy j), simultaneously; entry [i][j] of each matrix is "
    "that player's payoff. Strategies are numbered from 0.\n\n"
)


class MixedConfig(MatrixConfig):
    """Game size and payoffs; games without a pure equilibrium and with one equilibrium only."""

    rows: int = 2
    cols: int = 2
    low: int = 0
    high: int = 9

    PRESETS: ClassVar[dict[str, dict[str, Any]]] = {
        "easy": {"rows": 2, "cols": 2, "low": 0, "high": 5},
        "medium": {"rows": 2, "cols": 2, "low": -9, "high": 9},
        "hard": {"rows": 3, "cols": 3, "low": 0, "high": 20},
    }


class MixedNash(Generator[MixedConfig]):
    """Exact mixed-equilibrium quantities (support enumeration), answered as a number.

    Filed under its own generated-only category `mixed_nash` (schema 1.1), not a release one.
    """

    name = "mixed_nash"
    version = 1
    category = "mixed_nash"
    answer_kind = "numeric"
    config_class = MixedConfig
    description = "probability or expected payoff in the unique (fully) mixed Nash equilibrium"

    def draft(self, rng: random.Random) -> Draft:
        """Draw a game with no pure and exactly one mixed equilibrium; ask about it."""
        from recon_data.answers import format_number
        from recon_data.gametheory import pure_nash, support_enumeration

        a, b, game = draw_game(rng, self.config)
        if pure_nash(game).profiles:
            raise Reject("has a pure equilibrium")
        result = support_enumeration(game)
        if result.degenerate or len(result.equilibria) != 1:
            raise Reject("degenerate or several equilibria")
        (x, y), values = result.equilibria[0], result.payoffs[0]
        ask = rng.randrange(3)
        if ask == 0:
            i = rng.randrange(len(x))
            text = f"the probability with which Player 0 plays row strategy {i}"
            gold = x[i]
        elif ask == 1:
            j = rng.randrange(len(y))
            text = f"the probability with which Player 1 plays column strategy {j}"
            gold = y[j]
        else:
            p = rng.randrange(2)
            text = f"Player {p}'s expected payoff"
            gold = values[p]
        body = (
            f"{_INTRO}{matrices_block(a, b)}\n\nThis game has no pure-strategy Nash equilibrium "
            f"and exactly one mixed-strategy Nash equilibrium. In that equilibrium, what is "
            f"{text}? Give the exact value."
        )
        return Draft(
            question=body,
            content=NUMERIC_HEAD + body,
            answer=format_number(gold),
            certificate=result.certificate,
        )
