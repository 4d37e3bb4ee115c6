"""monopoly (closed form): monopoly pricing with linear demand (and a per-unit tax), constant
elasticity, and third-degree price discrimination between two markets.

The firm's first-order conditions are solved by sympy (`closed_forms.pricing`).
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
    "quantity": ("the profit-maximising quantity", "Q^*"),
    "price": ("the profit-maximising price", "P^*"),
    "profit": ("the monopolist's maximum profit", "\\pi^*"),
    "deadweight_loss": (
        "the deadweight loss of the monopoly, relative to pricing at marginal cost",
        "DWL",
    ),
    "price_1": ("the price charged in market 1", "P_1^*"),
    "quantity_1": ("the quantity sold in market 1", "q_1^*"),
}


def _tax_intercept(rng: random.Random, drawn: dict[str, Fraction]) -> Fraction:
    return drawn["c"] + drawn["t"] + rng.randint(20, 150)


LINEAR = (Param("c", uniform(2, 40, 2)), Param("a", above("c", 20, 160)), Param("b", uniform(1, 5)))
LINEAR_CHAINS = (("0", "<", "c", "<", "a"), ("0", "<", "b"))
TAX = (
    Param("c", uniform(2, 40, 2)),
    Param("t", uniform(1, 10)),
    Param("a", _tax_intercept),
    Param("b", uniform(1, 5)),
)
TAX_CHAINS = (("0", "<", "c", "<", "a"), ("0", "<", "t", "<", "a"), ("0", "<", "b"))
ELASTIC = (Param("c", uniform(2, 40, 2)), Param("epsilon", uniform(2, 6)))
ELASTIC_CHAINS = (("0", "<", "c"), ("1", "<", "epsilon"))
MARKETS = (
    Param("c", uniform(2, 30, 2)),
    Param("a_1", above("c", 20, 160)),
    Param("b_1", uniform(1, 5)),
    Param("a_2", above("c", 20, 160)),
    Param("b_2", uniform(1, 5)),
)
MARKETS_CHAINS = (("0", "<", "c", "<", "a_1"), ("c", "<", "a_2"), ("0", "<", "b_1"),
                  ("0", "<", "b_2"))  # fmt: skip


class Monopoly(FormulaGenerator):
    """Monopoly quantity, price, profit, deadweight loss, Lerner pricing, discrimination."""

    name = "monopoly"
    version = 1
    description = "monopoly and third-degree price discrimination formulas"

    def pose(self, rng: random.Random) -> Posed:
        """Linear demand (or with a tax, or constant elasticity); discrimination when hard."""
        variants = ["linear", "linear", "tax", "elastic"]
        if self.config.hard_variants:
            variants += ["markets", "markets"]
        variant = rng.choice(variants)
        if variant == "linear":
            ask = rng.choice(["quantity", "price", "profit", "deadweight_loss"])
            return Posed(variant, ask, LINEAR, LINEAR_CHAINS, ASK_TEXT[ask][1])
        if variant == "tax":
            ask = rng.choice(["quantity", "price"])
            return Posed(variant, ask, TAX, TAX_CHAINS, ASK_TEXT[ask][1])
        if variant == "elastic":
            return Posed(variant, "price", ELASTIC, ELASTIC_CHAINS, ASK_TEXT["price"][1])
        ask = rng.choice(["price_1", "quantity_1", "profit"])
        return Posed(variant, ask, MARKETS, MARKETS_CHAINS, ASK_TEXT[ask][1])

    @classmethod
    def derive(cls, posed: Posed, values: dict[str, Any]) -> Any:
        """The monopolist's first-order conditions on the posed primitives."""
        from recon_data.gametheory.closed_forms import pricing
        from recon_data.gametheory.closed_forms.base import symbol

        if posed.variant == "elastic":
            return pricing.elastic_monopoly(100, values["epsilon"], values["c"])
        if posed.variant == "markets":
            q1, q2 = symbol("q_1"), symbol("q_2")
            return pricing.discrimination(
                values["a_1"] - values["b_1"] * q1, values["a_2"] - values["b_2"] * q2,
                values["c"], posed.ask,
            )  # fmt: skip
        demand = values["a"] - values["b"] * symbol("Q")
        return pricing.monopoly(demand, values["c"], values.get("t", 0), posed.ask)

    def text(self, posed: Posed, shown: dict[str, str], domain: str, rng: random.Random) -> str:
        """The question: demand, costs, assumptions, what is asked."""
        good = rng.choice(GOODS)
        if posed.variant == "elastic":
            scale = rng.choice((50, 100, 200, 500, 1000))
            setting = (
                f"A monopolist sells {good}. Demand has constant price elasticity: at price p "
                f"it sells q = {scale} p^(-{shown['epsilon']}). The monopolist has a constant "
                f"marginal cost of {shown['c']} and no fixed cost."
            )
        elif posed.variant == "markets":
            setting = (
                f"A monopolist sells {good} in two separate markets and can charge a different "
                f"price in each (third-degree price discrimination). Inverse demand is "
                f"P_1 = {linear(shown['a_1'], shown['b_1'], 'q_1')} in market 1 and "
                f"P_2 = {linear(shown['a_2'], shown['b_2'], 'q_2')} in market 2. The "
                f"monopolist has a constant marginal cost of {shown['c']} and no fixed cost."
            )
        else:
            setting = (
                f"A monopolist sells {good}. The market inverse demand is "
                f"P = {linear(shown['a'], shown['b'], 'Q')}, where Q is the quantity sold. The "
                f"monopolist has a constant marginal cost of {shown['c']} and no fixed cost."
            )
            if posed.variant == "tax":
                setting += (
                    f" The government levies a tax of {shown['t']} per unit sold, paid by "
                    f"the monopolist."
                )
        assume = assume_sentence(domain)
        if posed.variant == "tax":
            assume += " The monopolist sells a positive quantity."
        phrase, label = ASK_TEXT[posed.ask]
        if posed.variant == "markets" and posed.ask == "profit":
            phrase = "the monopolist's maximum total profit"
        return " ".join(
            p for p in (setting, assume.strip(), ask_sentence(phrase, label, shown)) if p
        )
