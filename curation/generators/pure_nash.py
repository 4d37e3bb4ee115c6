"""pure_nash: every pure Nash equilibrium of a random bimatrix game (the ETH 3x3 prompt)."""

from __future__ import annotations

import random
from typing import Any, ClassVar, Self, cast

from pydantic import model_validator

from recon_data.curation.generators.base import Draft, Generator, Reject, need
from recon_data.curation.generators.bimatrix import SIZES, MatrixConfig, draw_game
from recon_data.curation.generators.prompts import GAME_HEAD, NASH_TASK, matrices_block


class PureNashConfig(MatrixConfig):
    """Game size and payoffs; `min_equilibria`/`max_equilibria` bound the answer's size."""

    min_equilibria: int = 0
    max_equilibria: int = 9

    PRESETS: ClassVar[dict[str, dict[str, Any]]] = SIZES

    @model_validator(mode="after")
    def _check_equilibria(self) -> Self:
        """Check the equilibrium-count window (MatrixConfig checks the matrix fields first)."""
        need(self.min_equilibria >= 0, "min_equilibria", "min_equilibria must be >= 0")
        need(
            self.max_equilibria >= self.min_equilibria,
            "max_equilibria",
            "max_equilibria must be >= min_equilibria",
        )
        return self


class PureNash(Generator[PureNashConfig]):
    """All pure-strategy Nash equilibria, answered as a list of [i, j] profiles."""

    name = "pure_nash"
    version = 1
    category = "pure_nash"
    answer_kind = "profile_set"
    config_class = PureNashConfig
    description = "all pure Nash equilibria of a bimatrix game (profile list)"

    def draft(self, rng: random.Random) -> Draft:
        """Draw a game, solve it with `pure_nash`, keep it if the count fits the config."""
        from recon_data.answers import format_profile_set
        from recon_data.gametheory import pure_nash

        c = self.config
        a, b, game = draw_game(rng, c)
        result = pure_nash(game)
        if not c.min_equilibria <= len(result.profiles) <= c.max_equilibria:
            raise Reject("equilibrium count outside the window")
        body = matrices_block(a, b)
        return Draft(
            question=body,
            content=GAME_HEAD + NASH_TASK + body,
            answer=format_profile_set(cast("tuple[tuple[int, int], ...]", result.profiles)),
            certificate=result.certificate,
        )
