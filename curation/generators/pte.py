"""pte: the Perfectly Transparent Equilibrium of a random bimatrix game (the ETH 3x3 prompt)."""

from __future__ import annotations

import random
from typing import Any, ClassVar, cast

from recon_data.curation.generators.base import Draft, Generator, Reject
from recon_data.curation.generators.bimatrix import SIZES, MatrixConfig, draw_game
from recon_data.curation.generators.prompts import GAME_HEAD, PTE_TASK, matrices_block


class PTEConfig(MatrixConfig):
    """Game size and payoffs; `unambiguous` keeps games where both elimination rules agree."""

    unambiguous: bool = True

    PRESETS: ClassVar[dict[str, dict[str, Any]]] = SIZES


class PTE(Generator[PTEConfig]):
    """The PTE under the golds' rule (individual rationality), `[]` when none is unique.

    The release's prompt literally says "Pareto-dominate the guarantees", which can differ
    from the rule its golds use; by default only games where both readings give the same
    answer are kept, so the item is right under either reading.
    """

    name = "pte"
    version = 1
    category = "pte"
    answer_kind = "profile_set"
    config_class = PTEConfig
    description = "perfectly transparent equilibrium by iterated maximin elimination"

    def draft(self, rng: random.Random) -> Draft:
        """Draw a game and solve it under both rules; reject it if they disagree (by default)."""
        from recon_data.answers import format_profile_set
        from recon_data.gametheory import perfectly_transparent

        a, b, game = draw_game(rng, self.config)
        ir = perfectly_transparent(game, "individual_rationality")
        literal = perfectly_transparent(game, "pareto") if self.config.unambiguous else None
        if literal is not None and literal.pte != ir.pte:
            raise Reject("the two PTE rules disagree")
        # Certificates only for kept games (about a third of the draws are rejected above).
        certificate = {"individual_rationality": ir.certificate}
        if literal is not None:
            certificate["pareto_literal"] = literal.certificate
        body = matrices_block(a, b)
        return Draft(
            question=body,
            content=GAME_HEAD + PTE_TASK + body,
            answer=format_profile_set(cast("tuple[tuple[int, int], ...]", ir.pte)),
            certificate=certificate,
        )
