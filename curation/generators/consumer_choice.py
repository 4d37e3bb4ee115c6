"""consumer_choice (closed form): Marshallian demand from Cobb-Douglas and quasilinear utility.

The Lagrangian's conditions are solved by sympy (`closed_forms.consumer`).
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

from recon_data.answers import format_number
from recon_data.curation.generators.formula_base import (
    FormulaGenerator,
    Param,
    Posed,
    ask_sentence,
    assume_sentence,
    hundredths,
    is_number,
    uniform,
)

GOOD_PAIRS = (("books", "coffee"), ("bread", "cheese"), ("films", "concerts"), ("tea", "cake"),
              ("fuel", "food"), ("music", "games"), ("apples", "oranges"))  # fmt: skip


def _income(rng: random.Random, drawn: dict[str, Fraction]) -> Fraction:
    floor = drawn.get("theta", Fraction(0)) * drawn["p_x"]  # quasilinear: interior choice
    return Fraction(int(floor) + rng.randrange(20, 400, 10))


PRICES = (Param("p_x", uniform(1, 12)), Param("p_y", uniform(1, 12)))
COBB = (Param("alpha", hundredths(10, 90)), *PRICES, Param("m", _income))
COBB_CHAINS = (("0", "<", "alpha", "<", "1"), ("0", "<", "p_x"), ("0", "<", "p_y"), ("0", "<", "m"))
GENERAL = (Param("alpha", uniform(1, 4)), Param("beta", uniform(1, 4)), *PRICES,
           Param("m", _income))  # fmt: skip
GENERAL_CHAINS = (("0", "<", "alpha"), ("0", "<", "beta"), ("0", "<", "p_x"), ("0", "<", "p_y"),
                  ("0", "<", "m"))  # fmt: skip
QUASI = (Param("theta", uniform(1, 10)), *PRICES, Param("m", _income))
QUASI_CHAINS = (("0", "<", "theta"), ("0", "<", "p_x"), ("0", "<", "p_y"), ("0", "<", "m"))


class ConsumerChoice(FormulaGenerator):
    """Utility maximisation under a budget: the demanded quantity of a good as a formula."""

    name = "consumer_choice"
    version = 1
    description = "Cobb-Douglas and quasilinear Marshallian demand as a formula"

    def pose(self, rng: random.Random) -> Posed:
        """Cobb-Douglas with exponents alpha, 1 - alpha, or quasilinear; x^a y^b when hard."""
        variants = ["cobb_douglas", "cobb_douglas", "quasilinear"]
        if self.config.hard_variants:
            variants.append("general")
        variant = rng.choice(variants)
        ask = rng.choice(["x", "y"])
        label = f"{ask}^*"
        if variant == "general":
            return Posed(variant, ask, GENERAL, GENERAL_CHAINS, label)
        if variant == "quasilinear":
            return Posed(variant, ask, QUASI, QUASI_CHAINS, label)
        return Posed(variant, ask, COBB, COBB_CHAINS, label)

    @classmethod
    def derive(cls, posed: Posed, values: dict[str, Any]) -> Any:
        """The Lagrangian solution for the posed utility."""
        import sympy

        from recon_data.gametheory.closed_forms.base import symbol
        from recon_data.gametheory.closed_forms.consumer import demand

        x, y = symbol("x"), symbol("y")
        if posed.variant == "quasilinear":
            utility = x + values["theta"] * sympy.log(y)
        elif posed.variant == "general":
            utility = x ** values["alpha"] * y ** values["beta"]
        else:
            utility = x ** values["alpha"] * y ** (1 - values["alpha"])
        return demand(utility, values["p_x"], values["p_y"], values["m"], posed.ask)

    def text(self, posed: Posed, shown: dict[str, str], domain: str, rng: random.Random) -> str:
        """The question: utility, prices, income, assumptions, what is asked."""
        first, second = rng.choice(GOOD_PAIRS)
        if posed.variant == "quasilinear":
            utility = f"x + {shown['theta']} ln(y)"
        elif posed.variant == "general":
            utility = f"x^{_exponent(shown['alpha'])} y^{_exponent(shown['beta'])}"
        else:
            alpha = shown["alpha"]
            rest = (f"(1 - {alpha})" if not is_number(alpha)
                    else _exponent(format_number(1 - Fraction(alpha))))  # fmt: skip
            utility = f"x^{_exponent(alpha)} y^{rest}"
        setting = (
            f"A consumer buys two goods, {first} (quantity x) and {second} (quantity y), and has "
            f"the utility function u(x, y) = {utility}, where x and y are the quantities "
            f"consumed. The price of {first} is {_given('p_x', shown)}, the price of {second} "
            f"is {_given('p_y', shown)}, and the consumer's income is {_given('m', shown)}."
        )
        assume = assume_sentence(domain)
        if posed.variant == "quasilinear":
            assume += " The consumer buys a positive amount of both goods."
        phrase = f"the quantity of {first if posed.ask == 'x' else second} the consumer demands"
        return " ".join(
            p for p in (setting, assume.strip(), ask_sentence(phrase, posed.label, shown)) if p
        )


def _given(name: str, shown: dict[str, str]) -> str:
    return f"{name} = {shown[name]}" if is_number(shown[name]) else name


def _exponent(text: str) -> str:
    return text if len(text) == 1 or text.startswith("(") else f"({text})"
