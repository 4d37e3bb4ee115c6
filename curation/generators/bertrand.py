"""bertrand (closed form): two firms set prices for differentiated products, linear demands.

Firm i sells q_i = a - b p_i + d p_j (0 < d < b); both first-order conditions are solved
jointly (`recon_data.gametheory.closed_forms.oligopoly.bertrand`).
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

from recon_data.curation.generators.formula_base import (
    FormulaGenerator,
    Param,
    Posed,
    ask_sentence,
    assume_sentence,
    uniform,
)
from recon_data.curation.generators.prompts import GOODS

ASK_TEXT = {
    "price": ("each firm's equilibrium price", "p^*"),
    "quantity": ("each firm's equilibrium quantity", "q^*"),
    "profit": ("each firm's equilibrium profit", "\\pi^*"),
}
OWN_ASK_TEXT = {
    "price": ("firm 1's equilibrium price", "p_1^*"),
    "quantity": ("firm 1's equilibrium quantity", "q_1^*"),
    "profit": ("firm 1's equilibrium profit", "\\pi_1^*"),
}


def _cross(rng: random.Random, drawn: dict[str, Fraction]) -> Fraction:
    return Fraction(rng.randint(1, int(drawn["b"]) - 1))


def _intercept(rng: random.Random, drawn: dict[str, Fraction]) -> Fraction:
    costs = [v for k, v in drawn.items() if k.startswith("c")]
    return drawn["b"] * max(costs) + rng.randint(10, 80)


COMMON = (
    Param("b", uniform(2, 6)),
    Param("d", _cross),
    Param("c", uniform(1, 20)),
    Param("a", _intercept),
)
COMMON_CHAINS = (("0", "<", "d", "<", "b"), ("0", "<", "c"), ("0", "<", "a"))
OWN = (
    Param("b", uniform(2, 6)),
    Param("d", _cross),
    Param("c_1", uniform(1, 20)),
    Param("c_2", uniform(1, 20)),
    Param("a", _intercept),
)
OWN_CHAINS = (("0", "<", "d", "<", "b"), ("0", "<", "c_1"), ("0", "<", "c_2"), ("0", "<", "a"))


class Bertrand(FormulaGenerator):
    """Differentiated Bertrand prices, quantities and profits as formulas (or numbers)."""

    name = "bertrand"
    version = 1
    description = "differentiated-products Bertrand price, quantity or profit as a formula"

    def pose(self, rng: random.Random) -> Posed:
        """A common cost; on hard settings also a cost for each firm."""
        own = self.config.hard_variants and rng.random() < 0.5
        ask = rng.choice(list(ASK_TEXT))
        if own:
            return Posed("own_costs", ask, OWN, OWN_CHAINS, OWN_ASK_TEXT[ask][1])
        return Posed("common_cost", ask, COMMON, COMMON_CHAINS, ASK_TEXT[ask][1])

    @classmethod
    def derive(cls, posed: Posed, values: dict[str, Any]) -> Any:
        """Both price first-order conditions on the posed primitives."""
        from recon_data.gametheory.closed_forms.oligopoly import bertrand

        c1 = values["c_1"] if posed.variant == "own_costs" else values["c"]
        c2 = values["c_2"] if posed.variant == "own_costs" else values["c"]
        return bertrand(values["a"], values["b"], values["d"], c1, c2, posed.ask)

    def text(self, posed: Posed, shown: dict[str, str], domain: str, rng: random.Random) -> str:
        """The question: demands, costs, assumptions, what is asked."""
        good = rng.choice(GOODS)
        a, b, d = shown["a"], shown["b"], shown["d"]
        own = "" if b == "1" else b
        cross = "" if d == "1" else d
        if posed.variant == "own_costs":
            costs = (
                f"Firm 1 has a constant marginal cost of {shown['c_1']} and firm 2 a constant "
                f"marginal cost of {shown['c_2']}; neither has a fixed cost."
            )
            phrase, label = OWN_ASK_TEXT[posed.ask]
        else:
            costs = f"Each firm has a constant marginal cost of {shown['c']} and no fixed cost."
            phrase, label = ASK_TEXT[posed.ask]
        setting = (
            f"Two firms sell differentiated varieties of {good} and set prices simultaneously "
            f"(Bertrand competition with differentiated products). The demand for firm i's "
            f"variety is q_i = {a} - {own}p_i + {cross}p_j, where p_i is its own price and p_j "
            f"the rival's price. {costs}"
        )
        assume = assume_sentence(domain) + " Both firms sell a positive quantity in equilibrium."
        return " ".join(
            p for p in (setting, assume.strip(), ask_sentence(phrase, label, shown)) if p
        )
