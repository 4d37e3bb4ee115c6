"""stackelberg (closed form): a leader and a follower choose quantities in turn, linear demand.

The follower's best response comes from its first-order condition; the leader's quantity from
its own, on the residual demand (`recon_data.gametheory.closed_forms.oligopoly.stackelberg`).
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

from recon_data.curation.generators.cournot import linear
from recon_data.curation.generators.formula_base import (
    FormulaGenerator,
    Param,
    Posed,
    above,
    ask_sentence,
    assume_sentence,
    uniform,
)
from recon_data.curation.generators.prompts import GOODS

ASK_TEXT = {
    "leader_quantity": ("the leader's equilibrium quantity", "q_L^*"),
    "follower_quantity": ("the follower's equilibrium quantity", "q_F^*"),
    "price": ("the equilibrium market price", "P^*"),
    "leader_profit": ("the leader's equilibrium profit", "\\pi_L^*"),
    "follower_profit": ("the follower's equilibrium profit", "\\pi_F^*"),
}


def _intercept(rng: random.Random, drawn: dict[str, Fraction]) -> Fraction:
    # The follower produces: a + 2 c_L - 3 c_F > 0; the leader: a - 2 c_L + c_F > 0.
    return 3 * max(drawn["c_L"], drawn["c_F"]) + rng.randint(20, 120)


COMMON = (Param("c", uniform(2, 40, 2)), Param("a", above("c", 20, 160)), Param("b", uniform(1, 5)))
COMMON_CHAINS = (("0", "<", "c", "<", "a"), ("0", "<", "b"))
OWN = (
    Param("c_L", uniform(4, 30, 2)),
    Param("c_F", uniform(4, 30, 2)),
    Param("a", _intercept),
    Param("b", uniform(1, 5)),
)
OWN_CHAINS = (("0", "<", "c_L", "<", "a"), ("0", "<", "c_F", "<", "a"), ("0", "<", "b"))


class Stackelberg(FormulaGenerator):
    """Stackelberg quantities, price and profits as formulas (or numbers)."""

    name = "stackelberg"
    version = 1
    description = "Stackelberg leader/follower quantity, price or profit as a formula"

    def pose(self, rng: random.Random) -> Posed:
        """Common costs; on hard settings also a cost for each firm."""
        own = self.config.hard_variants and rng.random() < 0.5
        ask = rng.choice(list(ASK_TEXT))
        if own:
            return Posed("own_costs", ask, OWN, OWN_CHAINS, ASK_TEXT[ask][1])
        return Posed("common_cost", ask, COMMON, COMMON_CHAINS, ASK_TEXT[ask][1])

    @classmethod
    def derive(cls, posed: Posed, values: dict[str, Any]) -> Any:
        """The leader-after-follower solver on the posed primitives."""
        from recon_data.gametheory.closed_forms.base import symbol
        from recon_data.gametheory.closed_forms.oligopoly import stackelberg

        demand = values["a"] - values["b"] * symbol("Q")
        if posed.variant == "own_costs":
            return stackelberg(demand, values["c_L"], values["c_F"], posed.ask)
        return stackelberg(demand, values["c"], values["c"], posed.ask)

    def text(self, posed: Posed, shown: dict[str, str], domain: str, rng: random.Random) -> str:
        """The question: timing, demand, costs, assumptions, what is asked."""
        good = rng.choice(GOODS)
        demand = linear(shown["a"], shown["b"], "Q")
        if posed.variant == "own_costs":
            costs = (
                f"The leader has a constant marginal cost of {shown['c_L']} and the follower a "
                f"constant marginal cost of {shown['c_F']}; neither has a fixed cost."
            )
        else:
            costs = f"Both firms have a constant marginal cost of {shown['c']} and no fixed cost."
        setting = (
            f"Two firms produce {good}. The leader chooses its quantity first; the follower "
            f"observes it and then chooses its own quantity (Stackelberg competition). The "
            f"market inverse demand is P = {demand}, where Q is the total quantity produced. "
            f"{costs}"
        )
        assume = assume_sentence(domain)
        if posed.variant == "own_costs":
            assume += " Both firms produce a positive quantity in equilibrium."
        phrase, label = ASK_TEXT[posed.ask]
        return " ".join(
            p for p in (setting, assume.strip(), ask_sentence(phrase, label, shown)) if p
        )
