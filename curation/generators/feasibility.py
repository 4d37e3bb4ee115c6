"""feasibility: which average payoff the folk theorem supports (feasible and individually rational)."""

from __future__ import annotations

import random
from fractions import Fraction

from recon_data.curation.generators.base import Draft, Generator, Reject
from recon_data.curation.generators.prompts import STEER_HEAD
from recon_data.curation.generators.stage import (
    StageConfig,
    amount,
    describe,
    draw_amount,
    draw_stage,
    intro,
)


class Feasibility(Generator[StageConfig]):
    """Four symmetric average payoffs; exactly one is (or, when asked, is not) supportable."""

    name = "feasibility"
    version = 1
    category = "feasibility"
    answer_kind = "mcq"
    config_class = StageConfig
    description = "folk theorem: which symmetric average payoff a repeated game can support"

    def draft(self, rng: random.Random) -> Draft:
        """Draw a dilemma; draw values inside and outside [minmax, best symmetric payoff]."""
        from recon_data.gametheory import individually_rational, is_feasible, minmax_values

        c = self.config
        st = draw_stage(rng, c)
        game = st.game()
        low = minmax_values(game)[0]
        high = max(st.cooperate, (st.temptation + st.sucker) / 2)
        if high - low < 4:
            raise Reject("no room between the minmax and the best symmetric payoff")
        inside = lambda: draw_amount(rng, c, low, high)  # noqa: E731
        outside = [
            lambda: draw_amount(rng, c, high, high * 3),
            lambda: draw_amount(rng, c, high * 5, high * 12),  # a discounted total, not a rate
            lambda: draw_amount(rng, c, Fraction(0), low),
        ]
        negative = rng.random() < 0.5
        if negative:
            values = [rng.choice(outside)(), inside(), inside(), inside()]
        else:
            values = [inside(), *(f() for f in rng.sample(outside, 3))]

        def supported(v: Fraction) -> bool:
            # The minmax test is cheap and rejects the low values before the hull search.
            return individually_rational((v, v), game) and is_feasible((v, v), game)

        verdicts = [supported(v) for v in values]
        correct = frozenset(i for i, ok in enumerate(verdicts) if ok != negative)
        if len(correct) != 1:
            raise Reject("not exactly one right option")
        ask = (
            f"Which of the following average payoffs per {st.period} for each {st.single} "
            + ("cannot" if negative else "can")
            + " be supported as a subgame perfect equilibrium of the infinitely repeated game?"
        )
        question = (
            f"{intro(st)} {describe(st, c, rng)} Both {st.plural} are sufficiently patient "
            f"(their discount factor is close to one). {ask}"
        )
        certificate = {
            "kind": "folk_theorem",
            "minmax": str(low),
            "best_symmetric": str(high),
            "asks": "not supportable" if negative else "supportable",
            "supported": [[str(v), ok] for v, ok in zip(values, verdicts, strict=True)],
        }
        return Draft(
            question=question,
            content=STEER_HEAD + question,
            options=tuple(amount(v, c) for v in values),
            correct=correct,
            certificate=certificate,
        )
