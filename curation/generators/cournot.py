"""cournot (closed form): n identical firms, or two firms with their own costs, linear demand.

The gold is a formula in the parameters left as symbols, derived by sympy from the firms'
first-order conditions (`recon_data.gametheory.closed_forms.oligopoly`).
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

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
    "quantity": ("each firm's equilibrium quantity", "q^*"),
    "total": ("the total equilibrium output", "Q^*"),
    "price": ("the equilibrium market price", "P^*"),
    "profit": ("each firm's equilibrium profit", "\\pi^*"),
}
DUOPOLY_ASK_TEXT = {
    "quantity": ("firm 1's equilibrium quantity", "q_1^*"),
    "total": ("the total equilibrium output", "Q^*"),
    "price": ("the equilibrium market price", "P^*"),
    "profit": ("firm 1's equilibrium profit", "\\pi_1^*"),
}


def _high_intercept(rng: random.Random, drawn: dict[str, Fraction]) -> Fraction:
    # Both firms produce: a must exceed 2*c_i - c_j for each firm.
    return 2 * max(drawn["c_1"], drawn["c_2"]) + rng.randint(20, 120)


SYMMETRIC = (
    Param("c", uniform(2, 40, 2)),
    Param("a", above("c", 20, 160)),
    Param("b", uniform(1, 5)),
    Param("n", uniform(2, 6), integer=True),
)
SYMMETRIC_CHAINS = (("0", "<", "c", "<", "a"), ("0", "<", "b"), ("2", "<=", "n"))
DUOPOLY = (
    Param("c_1", uniform(4, 30, 2)),
    Param("c_2", uniform(4, 30, 2)),
    Param("a", _high_intercept),
    Param("b", uniform(1, 5)),
)
DUOPOLY_CHAINS = (("0", "<", "c_1", "<", "a"), ("0", "<", "c_2", "<", "a"), ("0", "<", "b"))


def linear(intercept: str, slope: str, var: str) -> str:
    """`a - bQ`, `120 - 2Q`, `a - Q` (a unit slope is not written)."""
    return f"{intercept} - {'' if slope == '1' else slope}{var}"


class Cournot(FormulaGenerator):
    """Cournot quantities, price and profit as formulas (or numbers) from the FOCs."""

    name = "cournot"
    version = 1
    description = "Cournot equilibrium quantity, output, price or profit as a formula"

    def pose(self, rng: random.Random) -> Posed:
        """n identical firms; on hard settings also two firms with different costs."""
        duopoly = self.config.hard_variants and rng.random() < 0.5
        ask = rng.choice(list(ASK_TEXT))
        if duopoly:
            return Posed("duopoly", ask, DUOPOLY, DUOPOLY_CHAINS, DUOPOLY_ASK_TEXT[ask][1])
        return Posed("symmetric", ask, SYMMETRIC, SYMMETRIC_CHAINS, ASK_TEXT[ask][1])

    @classmethod
    def derive(cls, posed: Posed, values: dict[str, Any]) -> Any:
        """The oligopoly solver on the posed primitives."""
        from recon_data.gametheory.closed_forms.base import symbol
        from recon_data.gametheory.closed_forms.oligopoly import cournot, cournot_duopoly

        demand = values["a"] - values["b"] * symbol("Q")
        if posed.variant == "duopoly":
            return cournot_duopoly(demand, values["c_1"], values["c_2"], posed.ask)
        return cournot(demand, values["c"], values["n"], posed.ask)

    def text(self, posed: Posed, shown: dict[str, str], domain: str, rng: random.Random) -> str:
        """The question: setting, demand, costs, assumptions, what is asked."""
        good = rng.choice(GOODS)
        demand = linear(shown["a"], shown["b"], "Q")
        if posed.variant == "duopoly":
            setting = (
                f"Two firms produce {good} and compete by choosing quantities simultaneously "
                f"(Cournot competition). The market inverse demand is P = {demand}, where Q is "
                f"the total quantity produced. Firm 1 has a constant marginal cost of "
                f"{shown['c_1']} and firm 2 a constant marginal cost of {shown['c_2']}; neither "
                f"has a fixed cost."
            )
            phrase, label = DUOPOLY_ASK_TEXT[posed.ask]
        else:
            setting = (
                f"There are {shown['n']} identical firms producing {good}. They compete by "
                f"choosing quantities simultaneously (Cournot competition). The market inverse "
                f"demand is P = {demand}, where Q is the total quantity produced. Each firm "
                f"has a constant marginal cost of {shown['c']} and no fixed cost."
            )
            phrase, label = ASK_TEXT[posed.ask]
        assume = assume_sentence(domain)
        if posed.variant == "duopoly":
            assume += " Both firms produce a positive quantity in equilibrium."
        return " ".join(
            p for p in (setting, assume.strip(), ask_sentence(phrase, label, shown)) if p
        )
