"""auction_bids (closed form): symmetric equilibrium bids and revenue, first-price and all-pay
auctions, n risk-neutral bidders with values uniform on [0, V] (`closed_forms.auctions`).
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

FORMAT_TEXT = {
    "first_price": (
        "a first-price sealed-bid auction: the highest bid wins and the winner pays their bid"
    ),
    "all_pay": "an all-pay auction: the highest bid wins and every bidder pays their bid",
}


def _value(rng: random.Random, drawn: dict[str, Fraction]) -> Fraction:
    return Fraction(rng.randint(1, int(drawn["V"]) - 1))


PARAMS = (Param("n", uniform(2, 6), integer=True), Param("V", uniform(10, 100, 10)),
          Param("v", _value))  # fmt: skip
CHAINS = (("0", "<", "v", "<", "V"), ("2", "<=", "n"))


class AuctionBids(FormulaGenerator):
    """Equilibrium bid functions and expected revenue as formulas (or numbers)."""

    name = "auction_bids"
    version = 1
    description = "first-price and all-pay equilibrium bids and revenue with uniform values"

    def pose(self, rng: random.Random) -> Posed:
        """First-price always; all-pay on medium and hard settings too."""
        formats = ["first_price"]
        if self.config.difficulty != "easy" or self.config.hard_variants:
            formats.append("all_pay")
        fmt = rng.choice(formats)
        ask = rng.choice(["bid", "bid", "revenue"])
        params = PARAMS if ask == "bid" else PARAMS[:2]
        chains = CHAINS if ask == "bid" else (("0", "<", "V"), ("2", "<=", "n"))
        return Posed(fmt, ask, params, chains, "b(v)" if ask == "bid" else "R")

    @classmethod
    def derive(cls, posed: Posed, values: dict[str, Any]) -> Any:
        """The equilibrium characterisation of the format, integrated by sympy."""
        from recon_data.gametheory.closed_forms.auctions import bid

        derivation = bid(posed.variant, values["n"], values["V"], posed.ask)
        if posed.ask != "bid":
            return derivation
        from dataclasses import replace

        from recon_data.gametheory.closed_forms.base import symbol

        return replace(derivation, value=derivation.value.subs(symbol("v"), values["v"]))

    def text(self, posed: Posed, shown: dict[str, str], domain: str, rng: random.Random) -> str:
        """The question: format, bidders, value distribution, what is asked."""
        lot = rng.choice(GOODS)
        setting = (
            f"A seller auctions one lot of {lot} to {shown['n']} risk-neutral bidders by "
            f"{FORMAT_TEXT[posed.variant]}. Each bidder's value for the lot is private and "
            f"drawn independently from the uniform distribution on [0, {shown['V']}]. Bidders "
            f"play the symmetric Bayesian Nash equilibrium with increasing bids."
        )
        if posed.ask == "bid":
            phrase = f"the equilibrium bid of a bidder whose value is {shown['v']}"
            label = "b(v)" if shown["v"] == "v" else "b"
        else:
            phrase, label = "the seller's expected revenue", "R"
        return " ".join(
            p for p in (setting, assume_sentence(domain), ask_sentence(phrase, label, shown)) if p
        )
