"""rubinstein (closed form): alternating-offer bargaining over a surplus, infinite horizon (one
or two discount factors) or a finite number of rounds (`closed_forms.bargaining`).
"""

from __future__ import annotations

import random
from typing import Any

from recon_data.curation.generators.formula_base import (
    FormulaGenerator,
    Param,
    Posed,
    ask_sentence,
    assume_sentence,
    hundredths,
    uniform,
)
from recon_data.curation.generators.prompts import FIRST_NAMES

SURPLUS = Param("S", uniform(10, 200, 10))
COMMON = (Param("delta", hundredths(50, 95)), SURPLUS)
COMMON_CHAINS = (("0", "<", "delta", "<", "1"), ("0", "<", "S"))
TWO = (Param("delta_1", hundredths(50, 95)), Param("delta_2", hundredths(50, 95)), SURPLUS)
TWO_CHAINS = (("0", "<", "delta_1", "<", "1"), ("0", "<", "delta_2", "<", "1"), ("0", "<", "S"))
_ROUNDS = {2: "two", 3: "three", 4: "four", 5: "five"}


class Rubinstein(FormulaGenerator):
    """Subgame-perfect shares of the first proposer or the responder as formulas."""

    name = "rubinstein"
    version = 1
    description = "Rubinstein alternating-offer bargaining shares as a formula"

    def pose(self, rng: random.Random) -> Posed:
        """One discount factor; two, or a finite horizon, on medium and hard settings."""
        variants = ["common"]
        if self.config.difficulty != "easy":
            variants.append("two")
        if self.config.hard_variants:
            variants.append("finite")
        variant = rng.choice(variants)
        ask = rng.choice(["proposer", "responder"])
        label = "x_1^*" if ask == "proposer" else "x_2^*"
        if variant == "two":
            return Posed(variant, ask, TWO, TWO_CHAINS, label)
        extra = {"rounds": rng.randint(2, 5)} if variant == "finite" else {}
        return Posed(variant, ask, COMMON, COMMON_CHAINS, label, extra=extra)

    @classmethod
    def derive(cls, posed: Posed, values: dict[str, Any]) -> Any:
        """Stationary offers (infinite horizon) or backward induction (finite)."""
        from recon_data.gametheory.closed_forms import bargaining

        if posed.variant == "two":
            return bargaining.rubinstein(values["delta_1"], values["delta_2"], values["S"],
                                         posed.ask)  # fmt: skip
        delta = values["delta"]
        if posed.variant == "finite":
            rounds = int(posed.extra["rounds"])
            return bargaining.finite(delta, delta, values["S"], rounds, posed.ask)
        return bargaining.rubinstein(delta, delta, values["S"], posed.ask)

    def text(self, posed: Posed, shown: dict[str, str], domain: str, rng: random.Random) -> str:
        """The question: players, protocol, discounting, what is asked."""
        first, second = rng.sample(FIRST_NAMES, 2)
        horizon = (
            "and so on without end"
            if posed.variant != "finite"
            else f"and so on for at most {_ROUNDS[int(posed.extra['rounds'])]} periods; if the "
            f"last offer is rejected, both get nothing"
        )
        if posed.variant == "two":
            discount = (
                f"Player 1's discount factor is {shown['delta_1']} and player 2's discount "
                f"factor is {shown['delta_2']}."
            )
        else:
            discount = f"Both players have the discount factor {shown['delta']}."
        setting = (
            f"{first} (player 1) and {second} (player 2) bargain over how to split a surplus "
            f"of size {shown['S']}. In period 1 player 1 proposes a split and player 2 accepts "
            f"or rejects it; after a rejection player 2 proposes in period 2 and player 1 "
            f"accepts or rejects, {horizon}. {discount} Payoffs received in period t are "
            f"discounted by the discount factor to the power t - 1."
        )
        who = first if posed.ask == "proposer" else second
        phrase = f"the amount {who} receives in the subgame perfect equilibrium"
        return " ".join(
            p
            for p in (setting, assume_sentence(domain), ask_sentence(phrase, posed.label, shown))
            if p
        )
