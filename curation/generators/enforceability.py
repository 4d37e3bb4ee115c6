"""enforceability: which outcome path grim trigger (Nash reversion) sustains at a stated delta."""

from __future__ import annotations

import random
from fractions import Fraction

from recon_data.curation.generators.base import Draft, Generator, Reject
from recon_data.curation.generators.prompts import STEER_HEAD, fixed
from recon_data.curation.generators.stage import (
    StageConfig,
    describe,
    draw_amount,
    draw_stage,
    intro,
)

_PATHS = {"cc": [(0, 0)], "cd": [(0, 1)], "alt": [(0, 1), (1, 0)]}
_ASK = (
    "Which of the following outcomes is enforceable as a subgame perfect equilibrium with "
    "grim trigger (Nash reversion) punishments?",
    "Using grim trigger strategies that revert to the one-shot Nash equilibrium after any "
    "deviation, which of these outcome paths can be enforced?",
    "Which of the following outcome paths can be sustained in equilibrium if any deviation "
    "is punished by playing the one-shot Nash equilibrium forever?",
)


class Enforceability(Generator[StageConfig]):
    """Three outcome paths (mutual cooperation, one-sided, alternating); exactly one sustainable.

    Mutual defection is always enforceable in a prisoner's dilemma, so it is never offered:
    the question is which cooperative arrangement survives the stated discount factor.
    """

    name = "enforceability"
    version = 1
    category = "enforceability"
    answer_kind = "mcq"
    config_class = StageConfig
    description = "which repeated-game outcome path grim trigger enforces at a given delta"

    def draft(self, rng: random.Random) -> Draft:
        """Draw a dilemma and a delta; keep draws where exactly one offered path is sustainable."""
        from recon_data.gametheory import sustainable

        c = self.config
        st = draw_stage(rng, c)
        if rng.random() < 0.5:
            # Alternating pays more than steady cooperation when T + S > 2C: draw such games
            # half the time, else the alternating path would almost never be the answer.
            top = Fraction(c.max_payoff)
            t = draw_amount(rng, c, 2 * st.cooperate - st.sucker, 3 * top)
            st = draw_stage(rng, c, (st.cooperate, t, st.sucker, st.punishment))
        delta = Fraction(rng.randint(5, 95), 100)
        game = st.game()
        checks = {k: sustainable(path, delta, game) for k, path in _PATHS.items()}
        ok = [k for k, v in checks.items() if v]
        if len(ok) != 1:
            raise Reject("not exactly one sustainable path")
        a, b = st.names
        texts = {
            "cc": f"Both {a} and {b} {st.coop} every {st.period}",
            "cd": f"One {st.single} chooses to {st.defect} while the other chooses to "
            f"{st.coop} every {st.period}",
            "alt": f"The {st.plural} take turns: one chooses to {st.defect} while the other "
            f"chooses to {st.coop}, swapping roles every {st.period}",
        }
        keys = list(texts)
        question = (
            f"{intro(st)} {describe(st, c, rng)} Assume both {st.plural} discount future "
            f"payoffs with a discount factor of {fixed(delta, 2)}. {rng.choice(_ASK)}"
        )
        certificate = {
            "kind": "enforceability",
            "stage": {k: str(v) for k, v in zip("CTSP", (st.cooperate, st.temptation,
                                                       st.sucker, st.punishment), strict=True)},
            "delta": str(delta),
            "checks": {k: v.certificate for k, v in checks.items()},
        }  # fmt: skip
        return Draft(
            question=question,
            content=STEER_HEAD + question,
            options=tuple(texts[k] for k in keys),
            correct=frozenset({keys.index(ok[0])}),
            certificate=certificate,
        )
