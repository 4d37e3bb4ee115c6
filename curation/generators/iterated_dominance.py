"""iterated_dominance (new family): profiles surviving iterated strict dominance."""

from __future__ import annotations

import itertools
import random
from typing import Any, ClassVar, Self

from pydantic import model_validator

from recon_data.curation.generators.base import Draft, Generator, Reject, need
from recon_data.curation.generators.bimatrix import SIZES, MatrixConfig, draw_game
from recon_data.curation.generators.prompts import DOMINANCE_TASK, GAME_HEAD, matrices_block


class DominanceConfig(MatrixConfig):
    """Game size and payoffs; at least `min_removed` strategies must be eliminated."""

    min_removed: int = 1

    PRESETS: ClassVar[dict[str, dict[str, Any]]] = {
        "easy": {**SIZES["easy"], "min_removed": 1},
        "medium": {**SIZES["medium"], "min_removed": 2},
        "hard": {**SIZES["hard"], "min_removed": 3},
    }

    @model_validator(mode="after")
    def _check_removed(self) -> Self:
        """Check that `min_removed` leaves a strategy to each player (after the matrix checks)."""
        need(
            0 <= self.min_removed <= self.rows + self.cols - 2,
            "min_removed",
            f"min_removed must be 0..rows+cols-2, got {self.min_removed}",
        )
        return self


class IteratedDominance(Generator[DominanceConfig]):
    """Surviving profiles after iterated elimination of strictly dominated strategies.

    Filed under its own generated-only category `iterated_dominance` (schema 1.1): the audit's
    PTE checker must not judge it by the PTE rule.
    """

    name = "iterated_dominance"
    version = 1
    category = "iterated_dominance"
    answer_kind = "profile_set"
    config_class = DominanceConfig
    description = "profiles surviving iterated elimination of strictly dominated strategies"

    def draft(self, rng: random.Random) -> Draft:
        """Draw games until enough strategies are eliminated; the survivors are the gold."""
        from recon_data.answers import format_profile_set
        from recon_data.gametheory import iterated_elimination

        c = self.config
        a, b, game = draw_game(rng, c)
        result = iterated_elimination(game, strict=True)
        removed = c.rows + c.cols - sum(len(s) for s in result.surviving)
        if removed < c.min_removed:
            raise Reject("too few strategies eliminated")
        rows, cols = result.surviving
        body = matrices_block(a, b)
        return Draft(
            question=body,
            content=GAME_HEAD + DOMINANCE_TASK + body,
            answer=format_profile_set(itertools.product(rows, cols)),
            certificate=result.certificate,
        )
